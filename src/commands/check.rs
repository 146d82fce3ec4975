//! `recall check`: validate decks, print every diagnostic and a one-line summary. Besides the
//! loader's errors and warnings: notes on cards that give others away (`deck::reveals`) and
//! warnings on answers changed since they were reviewed.

use std::io::Write;

use anyhow::Result;
use console::style;

use super::App;
use super::Exit;
use crate::app::sync::load as load_decks;
use crate::cli::{CheckArgs, CheckFormat};
use crate::deck::{Diagnostic, Severity, reveals};
use crate::store::Catalog;
use crate::text::plural;

pub fn run(app: &App, args: &CheckArgs, out: &mut dyn Write) -> Result<Exit> {
    let loaded = load_decks(&args.paths, &app.cwd);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(changed_answers(app, &loaded.decks));
    diagnostics.extend(loaded.decks.iter().flat_map(reveals::diagnostics));
    if loaded.files == 0 && diagnostics.is_empty() {
        let place = args
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        diagnostics.push(Diagnostic {
            file: place,
            line: 1,
            column: 1,
            severity: Severity::Error,
            code: "not-found",
            message: "no deck files (*.toml) found".into(),
            hint: Some("pass a deck file or a directory containing decks".into()),
        });
    }
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    let cards: usize = loaded.decks.iter().map(|d| d.notes.len()).sum();

    match args.format {
        CheckFormat::Json => {
            crate::json::to_writer(&mut *out, &diagnostics)?;
            writeln!(out)?;
        }
        CheckFormat::Text => {
            for diagnostic in &diagnostics {
                print_diagnostic(out, diagnostic)?;
            }
            let mut summary = format!(
                "{} {}, {} {}: {} {}, {} {}",
                loaded.files,
                plural(loaded.files, "deck", "decks"),
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
    }
    let failed = errors > 0 || (args.strict && warnings > 0);
    Ok(if failed { Exit::Failure } else { Exit::Success })
}

/// Warnings for cards whose answer differs from the one they had when last reviewed, when a
/// database exists (check never creates one).
fn changed_answers(app: &App, decks: &[crate::deck::Deck]) -> Vec<Diagnostic> {
    // A database that cannot be opened is not check's business: decks are still checked.
    let Ok(Some(store)) = app.existing_store() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for deck in decks {
        let Ok(reviewed) = store.answers_when_last_reviewed(&deck.id) else {
            continue;
        };
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
