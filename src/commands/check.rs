//! `recall check`: validate decks, print every diagnostic and a one-line summary. Besides the
//! loader's errors and warnings: notes on cards that give others away (`deck::reveals`) and,
//! with `--history`, warnings on answers changed since they were reviewed. Deck files are
//! checked a few at a time and their findings printed as they come, so memory follows one
//! file, not the collection.

use std::io::Write;

use anyhow::Result;
use console::style;

use super::App;
use super::Exit;
use crate::app::sync::load_each;
use crate::cli::{CheckArgs, CheckFormat};
use crate::deck::{Diagnostic, Severity, reveals};
use crate::store::{Catalog, Store};
use crate::text::plural;

pub fn run(app: &App, args: &CheckArgs, out: &mut dyn Write) -> Result<Exit> {
    // The review database is read only when asked (and never created).
    let store = if args.history {
        // A database that cannot be opened is not check's business: decks are still checked.
        app.existing_store().ok().flatten()
    } else {
        None
    };
    let mut printer = Printer::new(out, args.format);
    let mut cards = 0usize;
    let files = load_each(
        &args.paths,
        &app.cwd,
        reveals::diagnostics,
        |deck, mut diagnostics| {
            if let Some(deck) = &deck {
                cards += deck.notes.len();
                if let Some(store) = &store {
                    // Before the notes on revealed answers, as warnings come before notes.
                    let at = diagnostics
                        .iter()
                        .position(|d| d.severity == Severity::Note)
                        .unwrap_or(diagnostics.len());
                    diagnostics.splice(at..at, changed_answers(store, deck));
                }
            }
            diagnostics.iter().try_for_each(|d| printer.print(d))
        },
    )?;
    if files == 0 && printer.is_empty() {
        let place = args
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        printer.print(&Diagnostic {
            file: place,
            line: 1,
            column: 1,
            severity: Severity::Error,
            code: "not-found",
            message: "no deck files (*.toml) found".into(),
            hint: Some("pass a deck file or a directory containing decks".into()),
        })?;
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

/// Prints diagnostics as they are found (text, or the elements of one JSON array), counting
/// them by severity, so that no list of them is held.
struct Printer<'a> {
    out: &'a mut dyn Write,
    format: CheckFormat,
    /// Errors, warnings and notes printed.
    counts: [usize; 3],
}

impl<'a> Printer<'a> {
    fn new(out: &'a mut dyn Write, format: CheckFormat) -> Printer<'a> {
        Printer {
            out,
            format,
            counts: [0; 3],
        }
    }

    fn is_empty(&self) -> bool {
        self.counts.iter().sum::<usize>() == 0
    }

    fn print(&mut self, diagnostic: &Diagnostic) -> Result<()> {
        let first = self.is_empty();
        self.counts[match diagnostic.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Note => 2,
        }] += 1;
        match self.format {
            CheckFormat::Text => print_diagnostic(self.out, diagnostic),
            CheckFormat::Json => {
                // Laid out as `crate::json` lays out the whole array.
                let element = crate::json::to_string(diagnostic)?;
                writeln!(self.out, "{}", if first { "[" } else { "," })?;
                for (n, line) in element.lines().enumerate() {
                    if n > 0 {
                        writeln!(self.out)?;
                    }
                    write!(self.out, "  {line}")?;
                }
                Ok(())
            }
        }
    }

    /// Closes the JSON array; gives the output back for the summary.
    fn finish(self) -> Result<&'a mut dyn Write> {
        if self.format == CheckFormat::Json {
            if self.is_empty() {
                writeln!(self.out, "[]")?;
            } else {
                writeln!(self.out, "\n]")?;
            }
        }
        Ok(self.out)
    }
}

/// Warnings for the cards of `deck` whose answer differs from the one they had when last
/// reviewed.
fn changed_answers(store: &Store, deck: &crate::deck::Deck) -> Vec<Diagnostic> {
    let Ok(reviewed) = store.answers_when_last_reviewed(&deck.id) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for card in deck.cards() {
        if let Some(old) = reviewed.get(&card.id)
            && old != &card.answer
        {
            found.push(Diagnostic {
                file: deck.origin.to_string(),
                line: card.line.max(1),
                column: 1,
                severity: Severity::Warning,
                code: "answer-changed",
                message: format!(
                    "the answer of `{}` changed since it was last reviewed (it was `{old}`)",
                    card.id
                ),
                hint: Some(
                    "its review history is kept; give it a new id instead if it is now a \
                         different question"
                        .into(),
                ),
            });
        }
    }
    found
}

pub(super) fn print_diagnostic(out: &mut dyn Write, d: &Diagnostic) -> Result<()> {
    let severity = match d.severity {
        Severity::Error => style(format!("error[{}]", d.code)).red().bold(),
        Severity::Warning => style(format!("warning[{}]", d.code)).yellow().bold(),
        Severity::Note => style(format!("note[{}]", d.code)).cyan().bold(),
    };
    // Messages quote deck text (key names, ids): sanitized, on one line and cut to a readable
    // length before they reach the terminal.
    let shown = d.shown();
    let location = style(format!("{}:{}:{}", shown.file, d.line, d.column)).bold();
    writeln!(out, "{location}: {severity}: {}", shown.message)?;
    if let Some(hint) = &shown.hint {
        writeln!(out, "  {} {hint}", style("hint:").cyan())?;
    }
    Ok(())
}
