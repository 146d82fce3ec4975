//! `recall completions SHELL`: the script that makes a shell complete recall's commands,
//! options, deck ids and card ids. The script calls recall back on every Tab
//! (`RECALL_COMPLETE=SHELL recall -- WORDS…`), so it always matches the recall installed and
//! completes ids from the decks and the catalog of the moment.

use std::io::Write;

use anyhow::{Context as _, Result};
use clap_complete::env::Shells;

use super::{App, Exit};
use crate::cli::{COMPLETE_VAR, CompletionsArgs};

pub fn run(_app: &App, args: &CompletionsArgs, out: &mut dyn Write) -> Result<Exit> {
    let shells = Shells::builtins();
    let shell = shells
        .completer(args.shell.name())
        .with_context(|| format!("no completion support for {}", args.shell.name()))?;
    let completer = completer(std::env::args_os().next());
    shell.write_registration(COMPLETE_VAR, "recall", "recall", &completer, out)?;
    Ok(Exit::Success)
}

/// The program the script runs to complete: `recall` from the `PATH` when recall was run by
/// name, else the absolute path it was run by (`./target/release/recall completions bash`).
fn completer(arg0: Option<std::ffi::OsString>) -> String {
    let Some(arg0) = arg0 else {
        return "recall".to_owned();
    };
    let path = std::path::PathBuf::from(&arg0);
    if path.components().count() < 2 {
        return "recall".to_owned();
    }
    std::fs::canonicalize(&path)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_calls_recall_by_name_or_by_the_path_it_was_run_by() {
        assert_eq!(completer(None), "recall");
        assert_eq!(completer(Some("recall".into())), "recall");
        let dir = tempfile::TempDir::new().expect("dir");
        let exe = dir.path().join("recall");
        std::fs::write(&exe, "").expect("write");
        let canonical = std::fs::canonicalize(&exe).expect("canonical");
        assert_eq!(
            completer(Some(exe.into_os_string())),
            canonical.to_string_lossy()
        );
    }
}
