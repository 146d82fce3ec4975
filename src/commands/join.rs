//! `recall join URL --name NAME`: a student plays a live game from the terminal.

use std::io::{self, Write};

use anyhow::Result;

use super::host::stdin_lines;
use super::run::interactive;
use super::{App, Exit};
use crate::app::UsageError;
use crate::cli::JoinArgs;
use crate::live::client::{Player, Target};
use crate::ui::live::{PlayEnd, play, play_plain};
use crate::ui::{self, Symbols};

pub fn run(app: &App, args: &JoinArgs) -> Result<Exit> {
    let target = Target::parse(&args.url).map_err(|e| UsageError(e.to_string()))?;
    let pin = match (&args.pin, &target.pin) {
        (Some(pin), _) | (None, Some(pin)) => pin.trim().to_owned(),
        (None, None) if interactive() => ask("Game PIN", "")?,
        (None, None) => {
            return Err(UsageError(
                "give the game PIN with --pin (it is on the teacher's screen)".into(),
            )
            .into());
        }
    };
    let name = match &args.name {
        Some(name) => name.trim().to_owned(),
        None if interactive() => ask("Your name", &app.profile)?,
        None => app.profile.clone(),
    };
    let mut player = Player::join(target, &pin, &name)?;
    let symbols = Symbols::new(ui::unicode_supported());
    let end = if interactive() {
        play(&mut player, symbols)?
    } else {
        let lines = stdin_lines();
        let mut out = io::stdout().lock();
        let end = play_plain(&mut player, &lines, &mut out, symbols)?;
        out.flush()?;
        end
    };
    match end {
        PlayEnd::Over(_) | PlayEnd::Left => Ok(Exit::Success),
        // The screen has shown the server's words.
        PlayEnd::Refused(_) => Ok(Exit::Failure),
        PlayEnd::Lost => anyhow::bail!("lost the connection to the game and could not rejoin"),
    }
}

fn ask(prompt: &str, default: &str) -> Result<String> {
    let theme = dialoguer::theme::ColorfulTheme::default();
    let mut input = dialoguer::Input::<String>::with_theme(&theme).with_prompt(prompt);
    if !default.is_empty() {
        input = input.default(default.to_owned());
    }
    Ok(input.interact_text()?.trim().to_owned())
}
