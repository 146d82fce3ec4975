//! `recall stats`: per deck, cards new / learning / young / mature / suspended, reviews today
//! and in the last 7 and 30 days, true retention over 30 days, the study streak and the best
//! practice score; then, on a terminal or with `--chart`, the charts (a calendar heatmap of
//! answers per day, the due forecast, true retention and answer time by week, the interval
//! distribution); `--json` for all of it; `--html` for a self-contained page.

use std::io::{IsTerminal, Write};

use anyhow::{Context as _, Result};
use console::style;
use serde::Serialize;

use super::{App, Exit, decks};
use crate::app::charts::{self, StatsCharts};
use crate::app::queue;
use crate::charts::html::{DeckLine, stats_page};
use crate::charts::{Canvas, stats_text};
use crate::cli::StatsArgs;
use crate::deck::DeckId;
use crate::store::DeckStats;
use crate::text::plural;
use crate::ui::{Symbols, clean};

#[derive(Serialize)]
struct DeckReport {
    id: String,
    title: String,
    #[serde(flatten)]
    stats: DeckStats,
    /// The charts' numbers for this deck.
    charts: StatsCharts,
}

/// The width charts are drawn to: the terminal's, else `$COLUMNS`, else 80.
pub(super) fn terminal_width(is_terminal: bool) -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    if is_terminal && let Some((_, width)) = console::Term::stdout().size_checked() {
        return usize::from(width);
    }
    columns.unwrap_or(80)
}

pub fn run(app: &App, args: &StatsArgs, out: &mut dyn Write) -> Result<Exit> {
    let (store, decks) = decks::open(app, &args.decks.decks)?;
    let scope = app.scope();
    let ids: Vec<DeckId> = decks.iter().map(|d| d.id.clone()).collect();
    let per_deck = charts::per_deck(&store, &scope, &ids, usize::from(args.days))?;
    let mut reports = Vec::new();
    for (deck, charts) in decks.iter().zip(per_deck) {
        reports.push(DeckReport {
            id: deck.id.to_string(),
            title: deck.title.clone(),
            stats: queue::stats(&store, &scope, &deck.id)?,
            charts,
        });
    }
    if args.html {
        let combined =
            charts::combine(&reports.iter().map(|r| r.charts.clone()).collect::<Vec<_>>());
        let Some(combined) = combined else {
            anyhow::bail!("no decks to report on; `recall list` shows the decks found");
        };
        let lines: Vec<DeckLine> = reports
            .iter()
            .map(|r| DeckLine {
                id: r.id.clone(),
                title: r.title.clone(),
                new: r.stats.new,
                learning: r.stats.learning,
                young: r.stats.young,
                mature: r.stats.mature,
                suspended: r.stats.suspended,
                retention_30d: r.stats.true_retention_30d,
                streak_days: r.stats.streak_days,
            })
            .collect();
        let page = stats_page(
            &app.profile,
            &app.now.local_display(&app.tz),
            &lines,
            &combined,
        );
        match &args.out {
            Some(path) => {
                std::fs::write(path, page)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                writeln!(out, "wrote {}", path.display())?;
            }
            None => out.write_all(page.as_bytes())?,
        }
        return Ok(Exit::Success);
    }
    if args.json {
        crate::json::to_writer(&mut *out, &reports)?;
        writeln!(out)?;
        return Ok(Exit::Success);
    }
    let symbols = Symbols::new(crate::ui::unicode_supported());
    for report in &reports {
        let s = &report.stats;
        writeln!(
            out,
            "{}  {}",
            style(&report.id).bold(),
            symbols.fit(&clean(&report.title))
        )?;
        let suspended = if s.suspended > 0 {
            format!(" {} {} suspended", symbols.dot, s.suspended)
        } else {
            String::new()
        };
        writeln!(
            out,
            "  cards:     {} new {dot} {} learning {dot} {} young {dot} {} mature{suspended}",
            s.new,
            s.learning,
            s.young,
            s.mature,
            dot = symbols.dot
        )?;
        writeln!(
            out,
            "  reviews:   {} today {dot} {} in 7 days {dot} {} in 30 days",
            s.reviews_today,
            s.reviews_7d,
            s.reviews_30d,
            dot = symbols.dot
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
    let is_terminal = std::io::stdout().is_terminal();
    let chart = !args.no_chart && (args.chart || is_terminal);
    if chart {
        let all: Vec<StatsCharts> = reports.iter().map(|r| r.charts.clone()).collect();
        if let Some(combined) = charts::combine(&all) {
            let title = match reports.as_slice() {
                [one] => symbols.fit(&clean(&one.title)).into_owned(),
                many => format!("All {} decks", many.len()),
            };
            let canvas = Canvas {
                width: terminal_width(is_terminal),
                unicode: symbols.unicode(),
            };
            writeln!(out)?;
            write!(out, "{}", stats_text(canvas, &title, &combined))?;
        }
    }
    Ok(Exit::Success)
}
