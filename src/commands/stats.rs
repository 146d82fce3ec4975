//! `recall stats`: per deck, cards new / learning / young / mature / suspended, reviews today
//! and in the last 7 and 30 days, true retention over 30 days, the study streak and the best
//! practice score; then, on a terminal or with `--chart`, the charts (a calendar heatmap of
//! answers per day, the due forecast, true retention and answer time by week, the interval
//! distribution); `--json` for all of it; `--html` for a self-contained page.

use std::io::{IsTerminal, Write};

use anyhow::{Context as _, Result};

use super::{App, Exit, decks};
use crate::app::charts::{self, StatsCharts};
use crate::charts::html::{DeckLine, stats_page};
use crate::charts::{Canvas, deck_summary, stats_text};
use crate::cli::StatsArgs;
use crate::ui::{Symbols, clean, terminal_width};

pub fn run(app: &App, args: &StatsArgs, out: &mut dyn Write) -> Result<Exit> {
    let (store, decks) = decks::open(app, &args.decks.decks)?;
    let reports = charts::reports(&store, &app.scope(), &decks, usize::from(args.days))?;
    let all = || -> Vec<StatsCharts> { reports.iter().map(|r| r.charts.clone()).collect() };
    if args.html {
        let Some(combined) = charts::combine(&all()) else {
            anyhow::bail!("no decks to report on; `recall list` shows the decks found");
        };
        let lines: Vec<DeckLine> = reports.iter().map(DeckLine::of).collect();
        let now = app.now.local_display(&app.tz);
        let page = stats_page(&app.profile, &now, &lines, &combined);
        match &args.out {
            Some(path) => {
                // Atomic, and never through a symbolic link, like every file recall writes.
                crate::authoring::write::write_atomic(path, page.as_bytes())
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
        let title = symbols.fit(&clean(&report.title)).into_owned();
        for line in deck_summary(report, &title, width, &separator) {
            writeln!(out, "{line}")?;
        }
    }
    let chart = !args.no_chart && (args.chart || is_terminal);
    if chart && let Some(combined) = charts::combine(&all()) {
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
    Ok(Exit::Success)
}
