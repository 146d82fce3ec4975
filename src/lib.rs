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
//! `authoring` (pure, used by `commands`, depending only on `deck` and `text`) creates, edits,
//! formats, imports, exports and drafts deck files; every file it produces is re-checked by the
//! deck loader and written atomically.

use std::process::ExitCode;

use clap::Parser;

pub mod app;
pub mod authoring;
pub mod cli;
pub mod commands;
pub mod deck;
pub mod drill;
pub mod grading;
pub mod scheduler;
pub mod session;
pub mod shuffle;
pub mod store;
pub mod text;
pub mod time;
pub mod ui;

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
        Ok(commands::Exit::Success) => ExitCode::SUCCESS,
        Ok(commands::Exit::Failure) => ExitCode::from(1),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("recall: {error:#}");
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
