//! `recall join URL --name NAME`: a student plays a live game from the terminal; the seat is
//! kept in the data directory (`app::live::SeatFile`) to rejoin with.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use anyhow::Result;

use super::run::interactive;
use super::{App, Exit};
use crate::app::UsageError;
use crate::app::live::SeatFile;
use crate::cli::JoinArgs;
use crate::live::client::{Player, Target};
use crate::ui::live::{PlayEnd, play, play_plain, prompt, stdin_lines};
use crate::ui::{self, Symbols};

pub fn run(app: &App, args: &JoinArgs) -> Result<Exit> {
    let target = Target::parse(&args.url).map_err(|e| UsageError(e.to_string()))?;
    let pin = match (&args.pin, &target.pin) {
        (Some(pin), _) | (None, Some(pin)) => pin.trim().to_owned(),
        (None, None) if interactive() => prompt("Game PIN", "")?,
        (None, None) => {
            return Err(UsageError(
                "give the game PIN with --pin (it is on the teacher's screen)".into(),
            )
            .into());
        }
    };
    let name = match &args.name {
        Some(name) => name.trim().to_owned(),
        None if interactive() => prompt("Your name", &app.profile)?,
        None => app.profile.clone(),
    };
    // Without a data directory the game is played without a kept seat.
    let seats =
        (app.data_dir().ok()).map(|dir| SeatFile::for_game(&dir, &target, &pin, &name, app.now));
    let kept = seats.as_ref().and_then(SeatFile::token);
    let mut player = Player::join(target, &pin, &name, kept)?;
    let trouble = Rc::new(RefCell::new(None::<String>));
    if let Some(mut seats) = seats {
        let trouble = Rc::clone(&trouble);
        player.keep_token_with(move |change| {
            if let Err(error) = seats.record(change) {
                trouble.borrow_mut().get_or_insert(error);
            }
        });
    }
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
    if let Some(error) = trouble.borrow_mut().take() {
        // Said after the game, not over its screen.
        eprintln!(
            "recall: could not remember this game for a rejoin ({error}); if you start \
             `recall join` again it joins as a new player"
        );
    }
    match end {
        PlayEnd::Over(_) | PlayEnd::Left => Ok(Exit::Success),
        // The screen has shown the server's words.
        PlayEnd::Refused(_) => Ok(Exit::Failure),
        PlayEnd::Lost => anyhow::bail!("lost the connection to the game and could not rejoin"),
    }
}
