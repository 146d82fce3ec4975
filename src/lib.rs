//! recall: a terminal quiz and flashcard tool.
//!
//! A deck is a TOML file (`deck`) validated into domain types; what differs between card kinds
//! is said once, in `deck::Kind::spec`. Answers are checked by `grading` (pure), scheduled by
//! `scheduler` (our policy around the `fsrs` crate, pure, time passed in) and kept by `store`
//! (`SQLite` behind the role traits of `store::api`, one transaction per answer). A study
//! session is a pure state machine in `session`, run by `session::drive` with a front end;
//! `drill` adds the paper's rules, results files and class reports. `app` holds the use cases
//! every front end shares: syncing decks, building queues, recording answers (the one verdict
//! → rating rule), choosing and recording drill papers. `ui` is the only module that talks to
//! the terminal; `commands` parse, call `app` and print, one file per verb; `cli` holds the
//! clap types; `main.rs` only calls [`main`]. `authoring` creates, edits, formats, imports,
//! exports and drafts deck files, re-checking everything it writes with the deck loader
//! (and reads Anki packages with their review history). `memory` fits FSRS to the learner's log,
//! simulates their workload and holds the leech rule and synthetic learners (pure); `charts`
//! draws the statistics as terminal text and SVG.
//!
//! The core never prints: `print_stdout`/`print_stderr` are denied outside `ui` and `commands`.
//!
//! Layering: each module may use only the modules on its line (`crate::` paths outside tests).
//! A test (`layering.rs`) reads every `crate::` path in `src/` and fails on an arrow not in this
//! table, on a module missing from it, on a path to an item of the crate root, and on a cycle.
//!
//! ```text
//! cli       -> app deck time
//! commands  -> app authoring charts cli csv deck drill grading input json live memory scheduler session store text time ui
//! charts    -> app drill memory text
//! ui        -> app authoring deck drill grading input json live memory scheduler session text time
//! app       -> authoring deck drill grading input json live memory scheduler session store text time
//! live      -> deck drill grading text time
//! memory    -> scheduler time
//! session   -> deck drill grading scheduler time
//! drill     -> csv deck shuffle text time
//! store     -> deck scheduler text time
//! authoring -> csv deck input json text
//! grading   -> deck text
//! scheduler -> deck text time
//! deck      -> input text
//! input     -> text
//! json      -> text
//! csv       ->
//! scaling   ->
//! shuffle   ->
//! text      ->
//! time      ->
//! ```
//!
//! `store` never sees `session`, `drill` or `grading`: the use cases hand it rows in its own
//! vocabulary. `session` never sees `store`, the terminal or the clock. `drill` never sees
//! `session`: the engine runs a paper under `drill`'s rules.
//!
//! `input` reads every file recall is handed (decks, import and draft sources, results files)
//! and every line piped to it: regular files only, opened without blocking, read with a cap
//! (`docs/security.md`).
//!
//! `live` is the classroom game behind `recall host` and `recall join`: a pure game state
//! machine (`live::game`, time passed in) with its protocol, name and rate rules, plus the only
//! network code (an axum/tokio server and a tungstenite client). It never sees `store`, `app`
//! or the terminal: `app::live` chooses the paper, starts the game, saves each player's answers
//! as a drill attempt through `app::drill` and keeps a player's seat for a rejoin; `ui::live`
//! draws its screens.

use std::process::ExitCode;

pub mod app;
pub mod authoring;
pub mod charts;
pub mod cli;
pub mod commands;
pub mod csv;
pub mod deck;
pub mod drill;
pub mod grading;
pub mod input;
pub mod json;
pub mod live;
pub mod memory;
#[cfg(test)]
mod scaling;
pub mod scheduler;
pub mod session;
pub mod shuffle;
pub mod store;
pub mod text;
pub mod time;
pub mod ui;

#[cfg(test)]
mod layering;

/// Runs recall with the process's arguments and returns its exit code. Errors are printed once,
/// as `recall: message`, and a closed stdout (`recall list | head -1`) counts as success.
pub fn main() -> ExitCode {
    // A shell asking for completions (`RECALL_COMPLETE=bash recall -- recall stu`) gets them
    // before anything else runs.
    let cwd = std::env::current_dir().ok();
    match clap_complete::CompleteEnv::with_factory(cli::command)
        .var(cli::COMPLETE_VAR)
        .try_complete(std::env::args_os(), cwd.as_deref())
    {
        Ok(false) => {}
        Ok(true) => return ExitCode::SUCCESS,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    }
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout with exit code 0, usage errors with 2.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    match commands::run(cli) {
        Ok(commands::Exit::Success) => ExitCode::SUCCESS,
        Ok(commands::Exit::Failure) => ExitCode::from(1),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            #[allow(clippy::print_stderr)]
            {
                // Errors quote untrusted input (deck text, results files, file names): no
                // control sequence of theirs reaches the terminal, and no megabytes either.
                eprintln!(
                    "recall: {}",
                    text::sanitize(&text::bounded(&format!("{error:#}")))
                );
            }
            if error.downcast_ref::<app::UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    let pipe = Some(std::io::ErrorKind::BrokenPipe);
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().map(std::io::Error::kind) == pipe
            // serde_json wraps the I/O error without exposing it as a source.
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == pipe
    })
}
