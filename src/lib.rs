//! recall: a terminal quiz and flashcard tool.
//!
//! A deck is a TOML file (`deck`) validated into domain types. Answers are checked by `grading`
//! (pure), scheduled by `scheduler` (our policy around the `fsrs` crate, pure, time passed in)
//! and recorded by `store` (`SQLite`, one transaction per answer). A study session is a pure state
//! machine in `session`; `ui` is the only module that talks to the terminal, and `commands` glue
//! it all together, one file per verb. `cli` holds the clap types, `main.rs` only calls [`main`].
//!
//! ```text
//! cli -> commands -> ui -> session -> { scheduler, grading, deck } -> time
//!               \-> store -> { scheduler types, deck ids, time }
//! ```
//!
//! The core never prints: `print_stdout`/`print_stderr` are denied outside `ui` and `commands`.
//!
//! `input` reads every file recall is handed (decks, import and draft sources, results files)
//! and every line piped to it: regular files only, opened without blocking, read with a cap
//! (`docs/security.md`).
//!
//! `authoring` (pure, used by `commands`, depending only on `deck` and `text`) creates, edits,
//! formats, imports, exports and drafts deck files; every file it produces is re-checked by the
//! deck loader and written atomically.

use std::process::ExitCode;

use clap::Parser;

pub mod authoring;
pub mod cli;
pub mod commands;
pub mod deck;
pub mod drill;
pub mod grading;
pub mod input;
#[cfg(test)]
mod scaling;
pub mod scheduler;
pub mod session;
pub mod store;
pub mod text;
pub mod time;
pub mod ui;

/// How a command ended, beyond success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything went as asked.
    Success,
    /// The command ran but found problems (e.g. `check` found errors): exit code 1.
    Failure,
}

/// A mistake in how recall was called: exit code 2, like clap's own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Runs recall with the process's arguments and returns its exit code. Errors are printed once,
/// as `recall: message`, and a closed stdout (`recall list | head -1`) counts as success.
pub fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout with exit code 0, usage errors with 2.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    match commands::run(cli) {
        Ok(Exit::Success) => ExitCode::SUCCESS,
        Ok(Exit::Failure) => ExitCode::from(1),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            #[allow(clippy::print_stderr)]
            {
                // Errors quote untrusted input (deck text, results files, file names): no
                // control sequence of theirs reaches the terminal.
                eprintln!("recall: {}", text::sanitize(&format!("{error:#}")));
            }
            if error.downcast_ref::<UsageError>().is_some() {
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
