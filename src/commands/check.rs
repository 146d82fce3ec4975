//! `recall check`: validate decks, print every diagnostic and a one-line summary. Besides the
//! loader's errors and warnings: notes on cards that give others away (`deck::reveals`) and,
//! with `--history`, warnings on answers changed since they were reviewed (`app::check`). Deck
//! files are checked a few at a time and their findings printed as they come, so memory follows
//! one file, not the collection.

use std::io::Write;

use anyhow::Result;

use super::App;
use super::Exit;
use crate::app::check::{add_changed_answers, nothing_found};
use crate::app::sync::load_each;
use crate::cli::{CheckArgs, CheckFormat};
use crate::deck::reveals;
use crate::text::plural;
use crate::ui::diagnostics::Printer;

pub fn run(app: &App, args: &CheckArgs, out: &mut dyn Write) -> Result<Exit> {
    // The review database is read only when asked (and never created).
    let store = if args.history {
        // A database that cannot be opened is not check's business: decks are still checked.
        app.existing_store().ok().flatten()
    } else {
        None
    };
    let mut printer = Printer::new(out, args.format == CheckFormat::Json);
    let mut cards = 0usize;
    let files = load_each(
        &args.paths,
        &app.cwd,
        reveals::diagnostics,
        |deck, mut diagnostics| {
            if let Some(deck) = &deck {
                cards += deck.notes.len();
                if let Some(store) = &store {
                    add_changed_answers(store, deck, &mut diagnostics);
                }
            }
            diagnostics.iter().try_for_each(|d| printer.print(d))
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
