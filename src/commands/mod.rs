//! One file per verb: each turns parsed arguments into calls on the use cases (`app`, and
//! `authoring` for deck files) and prints the result. Parse, call, print: queues, recording and
//! papers live in `app`, the rules under it.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod answer;
mod card;
mod check;
mod completions;
mod decks;
mod doctor;
mod drill;
mod due;
mod help;
mod host;
mod join;
mod leeches;
mod list;
mod man;
mod optimize;
mod practice;
mod rate;
mod report;
mod results;
mod run;
mod simulate;
mod stats;
mod study;

// Authoring: writing deck files.
mod add;
mod deck_file;
mod draft;
mod export;
mod fmt;
mod import;
mod new;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context as _, Result};

use crate::cli::{Cli, ColorChoice, Command};
use crate::store::Store;
use crate::time::{Timestamp, Zone};

/// How a command ended, beyond success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything went as asked.
    Success,
    /// The command ran but found problems (e.g. `check` found errors): exit code 1.
    Failure,
}

/// What every command gets: the global options resolved once, the clock read once.
#[derive(Debug)]
pub struct App {
    data_dir: Option<PathBuf>,
    pub profile: String,
    pub now: Timestamp,
    /// The local time zone, looked up on first use.
    pub tz: Zone,
    pub color: bool,
    pub cwd: PathBuf,
    /// Whether long work may show a bar or spinner: not when the command prints JSON.
    progress: bool,
}

impl App {
    /// The data directory: `--data-dir`/`RECALL_DATA_DIR`, else the platform's data directory.
    pub fn data_dir(&self) -> Result<PathBuf> {
        if let Some(dir) = &self.data_dir {
            return Ok(dir.clone());
        }
        crate::app::default_data_dir().context(
            "cannot find a data directory: neither $XDG_DATA_HOME nor $HOME is set; \
             pass --data-dir DIR or set RECALL_DATA_DIR",
        )
    }

    /// The progress display for long work: drawn on stderr when it is a terminal and the
    /// command prints for people, after a moment (quick work shows nothing).
    pub fn activity(&self) -> crate::ui::progress::Activity {
        crate::ui::progress::Activity::new(self.progress, crate::ui::unicode_supported())
    }

    /// Whose progress, and when, for the use cases.
    pub fn scope(&self) -> crate::app::Scope {
        crate::app::Scope {
            profile: self.profile.clone(),
            now: self.now,
            tz: self.tz.clone(),
        }
    }

    /// The database, created when missing.
    pub fn store(&self) -> Result<Store> {
        Ok(Store::open(&self.data_dir()?)?)
    }

    /// The database, when one already exists: `None` rather than creating one, for commands
    /// that only read progress on the side (check, fmt).
    pub fn existing_store(&self) -> Result<Option<Store>> {
        let data_dir = self.data_dir()?;
        if !data_dir.join(crate::store::DATABASE_FILE).is_file() {
            return Ok(None);
        }
        Ok(Some(Store::open(&data_dir)?))
    }
}

/// Whether the command prints data for a program (JSON) rather than text for people.
fn machine_output(command: &Command) -> bool {
    match command {
        Command::Due(args) => args.json,
        Command::Rate(args) => args.json,
        Command::Answer(args) => args.json,
        Command::Card(args) => args.json,
        Command::Stats(args) => args.json,
        Command::Optimize(args) => args.json,
        Command::Simulate(args) => args.json,
        Command::Leeches(args) => args.json,
        Command::List(args) => args.json,
        Command::Check(args) => matches!(args.format, crate::cli::CheckFormat::Json),
        Command::Results(args) => matches!(args.format, crate::cli::ResultsFormat::Json),
        _ => false,
    }
}

/// The terminal's progress display is what the use cases report to.
impl crate::app::progress::Progress for crate::ui::progress::Activity {
    fn stage(&mut self, what: &str, total: Option<u64>) {
        crate::ui::progress::Activity::stage(self, what, total);
    }
    fn advance(&mut self, done: u64) {
        crate::ui::progress::Activity::advance(self, done);
    }
    fn finish(&mut self) {
        crate::ui::progress::Activity::finish(self);
    }
}

fn colors_wanted(choice: ColorChoice, is_tty: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_tty
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

/// Resolves the global options and runs the command.
pub fn run(cli: Cli) -> Result<Exit> {
    let global = cli.global;
    let color = colors_wanted(global.color, io::stdout().is_terminal());
    console::set_colors_enabled(color);
    console::set_colors_enabled_stderr(colors_wanted(global.color, io::stderr().is_terminal()));
    let app = App {
        data_dir: global.data_dir,
        profile: global.profile,
        now: global.now.unwrap_or_else(Timestamp::now),
        tz: Zone::local(),
        color,
        cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        progress: !machine_output(&cli.command),
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let exit = match cli.command {
        // Sessions write to the terminal themselves.
        Command::Study(args) => {
            drop(out);
            return study::run(&app, &args);
        }
        Command::Practice(args) => {
            drop(out);
            return practice::run(&app, &args);
        }
        Command::Drill(args) => {
            drop(out);
            return drill::run(&app, &args);
        }
        Command::Host(args) => {
            drop(out);
            return host::run(&app, &args);
        }
        Command::Join(args) => {
            drop(out);
            return join::run(&app, &args);
        }
        Command::Results(args) => results::run(&app, &args, &mut out)?,
        Command::Report(args) => report::run(&app, &args, &mut out)?,
        Command::Due(args) => due::run(&app, &args, &mut out)?,
        Command::Rate(args) => rate::rate(&app, &args, &mut out)?,
        Command::Answer(args) => answer::run(&app, &args, &mut out)?,
        Command::Card(args) => card::run(&app, &args, &mut out)?,
        Command::Stats(args) => stats::run(&app, &args, &mut out)?,
        Command::Optimize(args) => optimize::run(&app, &args, &mut out)?,
        Command::Simulate(args) => simulate::run(&app, &args, &mut out)?,
        Command::Leeches(args) => leeches::run(&app, &args, &mut out)?,
        Command::Unsuspend(args) => leeches::unsuspend(&app, &args, &mut out)?,
        Command::Doctor(args) => doctor::run(&app, &args, &mut out)?,
        Command::Check(args) => check::run(&app, &args, &mut out)?,
        Command::List(args) => list::run(&app, &args, &mut out)?,
        Command::New(args) => new::run(&app, &args, &mut out)?,
        Command::Add(args) => add::run(&app, &args, &mut out)?,
        Command::Fmt(args) => fmt::run(&app, &args, &mut out)?,
        Command::Import(args) => import::run(&app, &args, &mut out)?,
        Command::Export(args) => export::run(&app, &args, &mut out)?,
        Command::Draft(args) => draft::run(&app, &args, &mut out)?,
        Command::Completions(args) => completions::run(&app, &args, &mut out)?,
        Command::Man(args) => man::run(&app, &args, &mut out)?,
        Command::Help(args) => help::run(&app, &args, &mut out)?,
    };
    out.flush()?;
    Ok(exit)
}
