//! `recall stats`: per deck, cards new / learning / young / mature, reviews today and in the
//! last 7 and 30 days, true retention over 30 days, the study streak and the best practice score.

use std::io::Write;

use anyhow::Result;
use console::style;
use serde::Serialize;

use super::{App, Exit, decks};
use crate::app::queue;
use crate::cli::StatsArgs;
use crate::store::DeckStats;
use crate::text::plural;
use crate::ui::clean;

#[derive(Serialize)]
struct DeckReport {
    id: String,
    title: String,
    #[serde(flatten)]
    stats: DeckStats,
}

pub fn run(app: &App, args: &StatsArgs, out: &mut dyn Write) -> Result<Exit> {
    let (store, decks) = decks::open(app, &args.decks.decks)?;
    let scope = app.scope();
    let mut reports = Vec::new();
    for deck in &decks {
        reports.push(DeckReport {
            id: deck.id.to_string(),
            title: deck.title.clone(),
            stats: queue::stats(&store, &scope, &deck.id)?,
        });
    }
    if args.json {
        crate::json::to_writer(&mut *out, &reports)?;
        writeln!(out)?;
        return Ok(Exit::Success);
    }
    for report in &reports {
        let s = &report.stats;
        writeln!(
            out,
            "{}  {}",
            style(&report.id).bold(),
            clean(&report.title)
        )?;
        writeln!(
            out,
            "  cards:     {} new · {} learning · {} young · {} mature",
            s.new, s.learning, s.young, s.mature
        )?;
        writeln!(
            out,
            "  reviews:   {} today · {} in 7 days · {} in 30 days",
            s.reviews_today, s.reviews_7d, s.reviews_30d
        )?;
        match s.true_retention_30d {
            Some(r) => writeln!(
                out,
                "  retention: {:.0}% of reviews passed (30 days)",
                r * 100.0
            )?,
            None => writeln!(out, "  retention: no reviews of graduated cards yet")?,
        }
        writeln!(
            out,
            "  streak:    {} {}",
            s.streak_days,
            plural(s.streak_days, "day", "days")
        )?;
        if let Some((right, total)) = s.best_practice {
            writeln!(out, "  best practice: {right}/{total}")?;
        }
    }
    Ok(Exit::Success)
}
