//! `recall fmt`: give every card an id and tidy the layout of deck files, keeping comments;
//! `--check` only reports the files that would change.

use std::io::Write;

use anyhow::Result;

use super::App;
use super::Exit;
use super::deck_file::{print_diagnostics, reviewed_notes};
use crate::app::UsageError;
use crate::authoring::edit::{FormatError, format};
use crate::authoring::write::write_atomic;
use crate::cli::FmtArgs;
use crate::deck::{DeckSource, Origin, discover, load_bytes, read_file};
use crate::store::Store;
use crate::text::plural;

pub fn run(app: &App, args: &FmtArgs, out: &mut dyn Write) -> Result<Exit> {
    if args.paths.is_empty() && !app.cwd.join("decks").is_dir() {
        return Err(UsageError(
            "no deck files given and no ./decks directory; pass the files or directories to \
             format"
                .into(),
        )
        .into());
    }
    let found = discover(&args.paths, &app.cwd);
    let mut failed = !found.problems.is_empty();
    print_diagnostics(&found.problems)?;
    let (mut checked, mut changed) = (0, 0);
    // Opened once, at the first deck that loads, and only if a database exists already.
    let mut store: Option<Option<Store>> = None;
    let mut activity = app.activity();
    let total = found.sources.len() as u64;
    activity.stage("formatting", Some(total));
    for (done, source) in found.sources.into_iter().enumerate() {
        activity.advance(done as u64);
        let DeckSource::File(path) = source else {
            continue;
        };
        checked += 1;
        let origin = Origin::File(path.clone());
        let bytes = match read_file(&path, &path.display().to_string()) {
            Ok(bytes) => bytes,
            Err(problem) => {
                activity.suspend(|| print_diagnostics(&[problem]))?;
                failed = true;
                continue;
            }
        };
        let Ok(text) = String::from_utf8(bytes.clone()) else {
            activity.suspend(|| print_diagnostics(&load_bytes(&bytes, origin).diagnostics))?;
            failed = true;
            continue;
        };
        let formatted = match format(&text, &origin, |deck| {
            let store = store.get_or_insert_with(|| app.existing_store().ok().flatten());
            reviewed_notes(store.as_ref(), deck)
        }) {
            Ok(formatted) => formatted,
            Err(FormatError::Invalid(diagnostics)) => {
                activity.suspend(|| {
                    print_diagnostics(&diagnostics)?;
                    eprintln!(
                        "recall: {} has errors; fix them before formatting (it was left as it was)",
                        path.display()
                    );
                    anyhow::Ok(())
                })?;
                failed = true;
                continue;
            }
            Err(error) => {
                activity.suspend(|| eprintln!("recall: {}: {error}", path.display()));
                failed = true;
                continue;
            }
        };
        if formatted.text == text {
            continue;
        }
        changed += 1;
        let ids = match formatted.added_ids.len() {
            0 => String::new(),
            n => format!(" (adds {n} {})", plural(n, "id", "ids")),
        };
        if args.check {
            activity.suspend(|| writeln!(out, "would reformat {}{ids}", path.display()))?;
        } else {
            // A deck that cannot be written (a symbolic link, a read-only file) is reported and
            // the others are still formatted.
            if let Err(error) = write_atomic(&path, formatted.text.as_bytes()) {
                activity.suspend(|| {
                    eprintln!("recall: {}", crate::text::sanitize(&error.to_string()));
                });
                failed = true;
                changed -= 1;
                continue;
            }
            activity.suspend(|| {
                writeln!(
                    out,
                    "formatted {}{}",
                    path.display(),
                    ids.replace("adds", "added")
                )
            })?;
        }
    }
    activity.finish();
    let verb = if args.check {
        "would be reformatted"
    } else {
        "reformatted"
    };
    writeln!(
        out,
        "{checked} {} checked, {changed} {verb}",
        plural(checked, "file", "files")
    )?;
    let exit = failed || (args.check && changed > 0);
    Ok(if exit { Exit::Failure } else { Exit::Success })
}
