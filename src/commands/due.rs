//! `recall due`: per deck, new / learning / review counts due now and today, and when the next
//! card falls due.

use std::io::Write;

use anyhow::Result;
use console::style;
use serde::Serialize;

use super::{App, Exit, decks};
use crate::app::queue;
use crate::cli::DueArgs;
use crate::store::DeckCounts;
use crate::time::Timestamp;
use crate::ui::clean;

#[derive(Serialize)]
struct DeckDue {
    id: String,
    title: String,
    #[serde(flatten)]
    counts: DeckCounts,
    /// Cards a study session would show now (learning due now, reviews and new within limits).
    due_now: u32,
}

pub fn run(app: &App, args: &DueArgs, out: &mut dyn Write) -> Result<Exit> {
    let (store, decks) = decks::open(app, &args.decks.decks)?;
    let scope = app.scope();
    let mut rows = Vec::new();
    for deck in &decks {
        let counts = queue::counts(&store, &scope, deck)?;
        let due_now = counts.to_study();
        rows.push(DeckDue {
            id: deck.id.to_string(),
            title: deck.title.clone(),
            counts,
            due_now,
        });
    }
    if args.json {
        crate::json::to_writer(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(Exit::Success);
    }
    for row in &rows {
        let c = &row.counts;
        writeln!(out, "{}  {}", style(&row.id).bold(), clean(&row.title))?;
        writeln!(
            out,
            "  now:   {} new, {} learning, {} review",
            c.new_today,
            c.learning_now,
            c.review_allowed.min(c.review_now)
        )?;
        writeln!(
            out,
            "  today: {} new, {} learning, {} review ({} new cards not yet seen)",
            c.new_today, c.learning_today, c.review_allowed, c.new_total
        )?;
        match c.next_due {
            Some(next) => writeln!(out, "  next:  {}", when(next, app))?,
            None => writeln!(out, "  next:  nothing scheduled")?,
        }
    }
    Ok(Exit::Success)
}

/// A due time for people: "in 10m (2026-11-30 09:10)". `rate` and `answer` say it too.
pub(super) fn when(at: Timestamp, app: &App) -> String {
    format!(
        "in {} ({})",
        crate::ui::describe_interval(at.since(app.now)),
        at.local_display(&app.tz)
    )
}
