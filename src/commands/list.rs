//! `recall list`: the decks found, with id, title and card counts by kind.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use console::style;
use serde::Serialize;

use super::{App, load_decks};
use crate::Exit;
use crate::cli::ListArgs;
use crate::deck::{Deck, Kind};
use crate::text::sanitize;

#[derive(Serialize)]
struct DeckSummary<'a> {
    id: &'a str,
    title: &'a str,
    path: String,
    /// `[[card]]` entries in the file.
    notes: usize,
    /// Cards studied: one per entry, one per gap of a cloze entry.
    cards: usize,
    kinds: BTreeMap<&'static str, usize>,
}

fn summarize(deck: &Deck) -> DeckSummary<'_> {
    let kinds = Kind::ALL
        .iter()
        .map(|kind| {
            let n = deck.notes.iter().filter(|n| n.kind == *kind).count();
            (kind.as_str(), n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    DeckSummary {
        id: deck.id.as_str(),
        title: &deck.title,
        path: deck.origin.to_string(),
        notes: deck.notes.len(),
        cards: deck.card_count(),
        kinds,
    }
}

pub fn run(app: &App, args: &ListArgs, out: &mut dyn Write) -> Result<Exit> {
    let loaded = load_decks(&args.paths, &app.cwd);
    let summaries: Vec<DeckSummary<'_>> = loaded.decks.iter().map(summarize).collect();
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &summaries)?;
        writeln!(out)?;
    } else {
        for s in &summaries {
            let kinds: Vec<String> = s.kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
            writeln!(
                out,
                "{}  {}\n  {} {} ({}) · {}",
                style(s.id).bold(),
                sanitize(s.title),
                s.notes,
                super::check::plural(s.notes, "card", "cards"),
                kinds.join(", "),
                style(&s.path).dim(),
            )?;
        }
        if summaries.is_empty() {
            writeln!(out, "no decks found")?;
        }
    }
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        let mut stderr = std::io::stderr();
        writeln!(
            stderr,
            "recall: {errors} deck {} could not be loaded; run `recall check` for details",
            super::check::plural(errors, "problem", "problems")
        )?;
        return Ok(Exit::Failure);
    }
    Ok(Exit::Success)
}
