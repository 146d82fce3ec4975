//! `recall check`: validate decks, print every diagnostic and a one-line summary. Besides the
//! loader's errors and warnings: notes on cards that give others away (`deck::reveals`) and,
//! with `--history`, warnings on answers changed since they were reviewed (`app::check`). Deck
//! files are checked one at a time (the next loaded while the last is printed) and their
//! findings printed as they come, in a few large writes, so memory follows one file, not the
//! collection.

use std::io::{BufWriter, Write};

use anyhow::Result;

use super::App;
use super::Exit;
use crate::app::check::{Checked, add_changed_answers, check_each, nothing_found};
use crate::cli::{CheckArgs, CheckFormat};
use crate::text::plural;
use crate::ui::diagnostics::Printer;

/// How much output is gathered before it is written: a file's findings go out in a few large
/// writes, not one per line (stdout is line-buffered), and at the latest when the file is done.
const OUTPUT_BUFFER: usize = 64 * 1024;

pub fn run(app: &App, args: &CheckArgs, out: &mut dyn Write) -> Result<Exit> {
    let mut out = BufWriter::with_capacity(OUTPUT_BUFFER, out);
    let checked = check(app, args, &mut out);
    // What was found reaches stdout before any error does (and a closed pipe stays an error
    // of the write, which `main` counts as success).
    let flushed = out.flush();
    let exit = checked?;
    flushed?;
    Ok(exit)
}

fn check(app: &App, args: &CheckArgs, out: &mut dyn Write) -> Result<Exit> {
    // The review database is read only when asked (and never created).
    let store = if args.history {
        // A database that cannot be opened is not check's business: decks are still checked.
        app.existing_store().ok().flatten()
    } else {
        None
    };
    let mut printer = Printer::new(out, args.format == CheckFormat::Json);
    let mut cards = 0usize;
    let files = check_each(
        &args.paths,
        &app.cwd,
        store.is_some(),
        |Checked {
             cards: more,
             deck,
             mut diagnostics,
         }| {
            cards += more;
            if let (Some(store), Some(deck)) = (&store, &deck) {
                add_changed_answers(store, deck, &mut diagnostics);
            }
            // The deck is dropped before its findings are printed.
            drop(deck);
            diagnostics.iter().try_for_each(|d| printer.print(d))?;
            printer.flush()
        },
    )?;
    if files == 0 && printer.is_empty() {
        printer.print(&nothing_found(&args.paths))?;
    }
    let [errors, warnings, notes] = printer.counts;
    let out = printer.finish()?;
    if args.format == CheckFormat::Text {
        let mut summary = format!(
            "{} {}, {} {}: {} {}, {} {}",
            files,
            plural(files, "deck", "decks"),
            cards,
            plural(cards, "card", "cards"),
            errors,
            plural(errors, "error", "errors"),
            warnings,
            plural(warnings, "warning", "warnings"),
        );
        if notes > 0 {
            summary += &format!(", {notes} {}", plural(notes, "note", "notes"));
        }
        writeln!(out, "{summary}")?;
    }
    let failed = errors > 0 || (args.strict && warnings > 0);
    Ok(if failed { Exit::Failure } else { Exit::Success })
}
