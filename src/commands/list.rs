//! `recall list`: the decks found, with id, title and card counts by kind. Unchanged decks are
//! counted from the database without reading their files.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use console::style;
use serde::Serialize;

use super::{App, Exit, decks};
use crate::cli::ListArgs;
use crate::store::Catalog;
use crate::text::{plural, sanitize};

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
}

pub fn run(app: &App, args: &ListArgs, out: &mut dyn Write) -> Result<Exit> {
    let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let (store, decks) = decks::open(app, &paths)?;
    let mut summaries = Vec::with_capacity(decks.len());
    for deck in &decks {
        let counts = store.kind_counts(&deck.id)?;
        summaries.push(DeckSummary {
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
    }
    Ok(Exit::Success)
}
