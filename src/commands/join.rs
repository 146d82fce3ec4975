//! `recall join URL --name NAME`: a student plays a live game from the terminal.

use std::cell::RefCell;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use anyhow::Result;

use super::host::stdin_lines;
use super::run::interactive;
use super::{App, Exit};
use crate::app::UsageError;
use crate::authoring::write::write_atomic;
use crate::cli::JoinArgs;
use crate::input::{self, Limit};
use crate::live::client::{Player, Target, TokenChange};
use crate::live::seats::{self, SeatKey, Seats};
use crate::time::Timestamp;
use crate::ui::live::{PlayEnd, play, play_plain};
use crate::ui::{self, Symbols};

/// The seat file is small (at most a few hundred seats); anything larger is not ours.
const SEATS_LIMIT: Limit = Limit {
    bytes: 1024 * 1024,
    what: "seat files",
};

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
    let seats = SeatFile::for_game(app, &target, &pin, &name);
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

/// The seat file (`live::seats`) in the data directory, for one game and name.
struct SeatFile {
    path: PathBuf,
    key: SeatKey,
    /// The command's clock (`--now` or the time it started), and when that was read: a seat
    /// is dated when it is given, which in a long game is well after the start.
    now: Timestamp,
    started: Instant,
}

impl SeatFile {
    /// `None` when there is no data directory: the game is played without a kept seat.
    fn for_game(app: &App, target: &Target, pin: &str, name: &str) -> Option<SeatFile> {
        let dir = app.data_dir().ok()?;
        Some(SeatFile {
            path: dir.join(seats::FILE),
            key: SeatKey::new(&target.authority, pin, name),
            now: app.now,
            started: Instant::now(),
        })
    }

    /// What the file holds; a missing, unreadable or damaged file holds no seats.
    fn read(&self) -> Seats {
        input::read(&self.path, SEATS_LIMIT)
            .map(|bytes| Seats::parse(&bytes))
            .unwrap_or_default()
    }

    fn token(&self) -> Option<String> {
        self.read().token(&self.key, self.now).map(str::to_owned)
    }

    /// Keeps or forgets the token. The file is read again just before writing, so two games
    /// played at once from one account keep both seats.
    fn record(&mut self, change: TokenChange<'_>) -> Result<(), String> {
        let now = self.now.plus(self.started.elapsed());
        let mut seats = self.read();
        match change {
            TokenChange::Given(token) => seats.keep(&self.key, token, now),
            TokenChange::Spent => {
                if !seats.forget(&self.key) {
                    return Ok(());
                }
            }
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        write_atomic(&self.path, seats.to_json().as_bytes()).map_err(|e| e.to_string())?;
        private(&self.path);
        Ok(())
    }
}

/// The tokens let anyone rejoin as the student: readable by the owner only.
fn private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn ask(prompt: &str, default: &str) -> Result<String> {
    let theme = dialoguer::theme::ColorfulTheme::default();
    let mut input = dialoguer::Input::<String>::with_theme(&theme).with_prompt(prompt);
    if !default.is_empty() {
        input = input.default(default.to_owned());
    }
    Ok(input.interact_text()?.trim().to_owned())
}
