//! `recall due`: per deck, new / learning / review counts due now and today, and when the next
//! card falls due; what today's limits hold back.

use std::io::Write;

use anyhow::Result;
use console::style;
use serde::Serialize;

use super::{App, Exit, decks};
use crate::app::queue::{self, HeldBack};
use crate::cli::DueArgs;
use crate::store::DeckCounts;
use crate::text::plural;
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
    /// Today's limits, raises included, and what they hold back.
    limits: Limits,
    held_back: HeldBack,
}

#[derive(Serialize)]
struct Limits {
    new: u32,
    reviews: u32,
    extra_new: u32,
    extra_reviews: u32,
}

pub fn run(app: &App, args: &DueArgs, out: &mut dyn Write) -> Result<Exit> {
    let (store, decks) = decks::open(app, &args.decks.decks)?;
    let scope = app.scope();
    let mut rows = Vec::new();
    for deck in &decks {
        let (counts, limits) = queue::counts_and_limits(&store, &scope, deck)?;
        let due_now = counts.to_study();
        rows.push(DeckDue {
            id: deck.id.to_string(),
            title: deck.title.clone(),
            held_back: HeldBack::of(&counts, limits.remaining()),
            counts,
            due_now,
            limits: Limits {
                new: limits.new_limit(),
                reviews: limits.review_limit(),
                extra_new: limits.extra.new,
                extra_reviews: limits.extra.reviews,
            },
        });
    }
    if args.json {
        crate::json::to_writer(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(Exit::Success);
    }
    // Deck titles are text for people: ASCII stand-ins under an ASCII-only locale.
    let mut out =
        crate::ui::FitWriter::new(out, crate::ui::Symbols::new(crate::ui::unicode_supported()));
    let out: &mut dyn Write = &mut out;
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
            "  today: {} new, {} learning, {} review ({} new {} not yet seen)",
            c.new_today,
            c.learning_today,
            c.review_allowed,
            c.new_total,
            plural(c.new_total, "card", "cards")
        )?;
        let held = row.held_back;
        if !held.is_empty() {
            let mut parts = Vec::new();
            if held.new > 0 {
                parts.push(format!("{} new (limit {})", held.new, row.limits.new));
            }
            if held.reviews > 0 {
                parts.push(format!(
                    "{} {} (limit {})",
                    held.reviews,
                    plural(held.reviews, "review", "reviews"),
                    row.limits.reviews
                ));
            }
            writeln!(out, "  held back by today's limits: {}", parts.join(", "))?;
        }
        match c.next_due {
            Some(next) => writeln!(out, "  next:  {}", when(next, app))?,
            None if held.reviews > 0 => writeln!(
                out,
                "  next:  the {} held back, due already",
                plural(held.reviews, "review", "reviews")
            )?,
            None => writeln!(out, "  next:  nothing scheduled")?,
        }
    }
    if rows.iter().any(|row| !row.held_back.is_empty()) {
        writeln!(
            out,
            "Raise today's limits: recall study --extra-new N --extra-reviews N"
        )?;
    }
    Ok(Exit::Success)
}

/// A due time for people: "in 10m (2026-11-30 09:10)". `rate` and `answer` say it too.
pub(super) fn when(at: Timestamp, app: &App) -> String {
    crate::ui::review::when(at, app.now, &app.tz)
}
