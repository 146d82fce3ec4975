//! `recall list`: the decks found, with id, title and card counts by kind. Unchanged decks are
//! counted from the database without reading their files. `--cards` adds every card id.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use console::style;
use serde::Serialize;

use super::{App, Exit, decks};
use crate::cli::ListArgs;
use crate::store::Catalog;
use crate::text::{plural, sanitize};
use crate::ui::Symbols;

#[derive(Serialize)]
struct DeckSummary {
    id: String,
    title: String,
    path: String,
    /// `[[card]]` entries in the file.
    notes: u32,
    /// Cards studied: one per entry, one per gap of a cloze entry.
    cards: u32,
    /// `[[card]]` entries by kind.
    kinds: BTreeMap<String, u32>,
    /// With `--cards`: every card, in deck order.
    #[serde(skip_serializing_if = "Option::is_none")]
    card_ids: Option<Vec<CardLine>>,
}

#[derive(Serialize)]
struct CardLine {
    id: String,
    /// The `[[card]]` entry it comes from (a cloze note's id for its gaps).
    note: String,
    question: String,
}

pub fn run(app: &App, args: &ListArgs, out: &mut dyn Write) -> Result<Exit> {
    let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let (store, decks) = decks::open(app, &paths)?;
    let mut summaries = Vec::with_capacity(decks.len());
    for deck in &decks {
        let counts = store.kind_counts(&deck.id)?;
        let card_ids = if args.cards {
            Some(
                store
                    .deck_cards(&deck.id)?
                    .into_iter()
                    .map(|card| CardLine {
                        id: card.id.to_string(),
                        note: card.note.to_string(),
                        question: card.question,
                    })
                    .collect(),
            )
        } else {
            None
        };
        summaries.push(DeckSummary {
            card_ids,
            id: deck.id.to_string(),
            title: deck.title.clone(),
            path: deck.origin.clone(),
            notes: counts.iter().map(|c| c.notes).sum(),
            cards: counts.iter().map(|c| c.cards).sum(),
            kinds: counts
                .into_iter()
                .map(|c| (c.kind.to_string(), c.notes))
                .collect(),
        });
    }
    if args.json {
        crate::json::to_writer(&mut *out, &summaries)?;
        writeln!(out)?;
        return Ok(Exit::Success);
    }
    let mut out = crate::ui::FitWriter::new(out, Symbols::new(crate::ui::unicode_supported()));
    for s in &summaries {
        let kinds: Vec<String> = s.kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        writeln!(
            out,
            "{}  {}\n  {} {} ({}) · {}",
            style(&s.id).bold(),
            sanitize(&s.title),
            s.notes,
            plural(s.notes, "card", "cards"),
            kinds.join(", "),
            style(&s.path).dim(),
        )?;
        for card in s.card_ids.iter().flatten() {
            let question = sanitize(&card.question);
            let question = question.split_whitespace().collect::<Vec<_>>().join(" ");
            writeln!(
                out,
                "    {}  {}",
                style(&card.id).bold(),
                short(&question, 60)
            )?;
        }
    }
    Ok(Exit::Success)
}

/// `text` cut to `max` characters, with "..." when cut.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(3)).collect();
    cut.push_str("...");
    cut
}
