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
use crate::charts::{Canvas, packed, stats_text};
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
    let is_terminal = std::io::stdout().is_terminal();
    let width = terminal_width(is_terminal).max(40);
    let separator = format!(" {} ", symbols.dot);
    for report in &reports {
        let s = &report.stats;
        let id = report.id.as_str();
        let title = console::truncate_str(
            &symbols.fit(&clean(&report.title)),
            width.saturating_sub(console::measure_text_width(id) + 2),
            "…",
        )
        .into_owned();
        writeln!(out, "{}  {title}", style(id).bold())?;
        let mut cards = vec![
            format!("{} new", s.new),
            format!("{} learning", s.learning),
            format!("{} young", s.young),
            format!("{} mature", s.mature),
        ];
        if s.suspended > 0 {
            cards.push(format!("{} suspended", s.suspended));
        }
        let reviews = [
            format!("{} today", s.reviews_today),
            format!("{} in 7 days", s.reviews_7d),
            format!("{} in 30 days", s.reviews_30d),
        ];
        let retention = match s.true_retention_30d {
            Some(r) => vec![format!("{:.0}% of reviews passed (30 days)", r * 100.0)],
            None => vec!["no reviews of graduated cards yet".to_owned()],
        };
        let streak = [format!(
            "{} {}",
            s.streak_days,
            plural(s.streak_days, "day", "days")
        )];
        let mut rows: Vec<(&str, &[String])> = vec![
            ("  cards:     ", &cards),
            ("  reviews:   ", &reviews),
            ("  retention: ", &retention),
            ("  streak:    ", &streak),
        ];
        let best = s
            .best_practice
            .map(|(right, total)| [format!("{right}/{total}")]);
        if let Some(best) = &best {
            rows.push(("  best practice: ", best));
        }
        for (label, parts) in rows {
            // Continuation lines start under the first value.
            let indent = console::measure_text_width(label);
            for line in packed(label, parts, &separator, width, indent) {
                writeln!(out, "{line}")?;
            }
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
