//! `recall optimize` in words: whose history, the fit's progress bar, and the report.

use std::io::Write;

use anyhow::Result;
use console::style;
use indicatif::ProgressBar;

use super::Symbols;
use crate::app::memory::{OptimizeReport, OptimizeStep};
use crate::deck::DeckId;
use crate::memory::Metrics;
use crate::memory::fit::{JudgedOn, MIN_NEW_ITEMS, Verdict};
use crate::text::plural;

/// Whose parameters: "profile `me`", or "decks a, b" when decks were named.
pub fn whose(profile: &str, named: &[DeckId]) -> String {
    if named.is_empty() {
        format!("profile `{profile}`")
    } else {
        let ids: Vec<String> = named.iter().map(ToString::to_string).collect();
        format!("{} {}", plural(ids.len(), "deck", "decks"), ids.join(", "))
    }
}

/// The fit's progress on stderr (a terminal only): a bar while fitting, then a spinner while
/// the retention is searched.
#[derive(Debug)]
pub struct FitBar {
    bar: Option<ProgressBar>,
    unicode: bool,
}

impl FitBar {
    pub fn new(symbols: &Symbols) -> FitBar {
        FitBar {
            bar: super::progress::bar("fitting", symbols.unicode()),
            unicode: symbols.unicode(),
        }
    }

    /// Shows where the fit is.
    pub fn step(&self, step: OptimizeStep) {
        let Some(bar) = &self.bar else { return };
        match step {
            OptimizeStep::Fitting(progress) => {
                bar.set_length(progress.total as u64);
                bar.set_position(progress.done as u64);
            }
            OptimizeStep::Retention => super::progress::searching(
                bar,
                "searching the retention that costs least",
                self.unicode,
            ),
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn metrics_line(name: &str, m: &Metrics) -> String {
    format!(
        "  {name:<10} {:>9.4} {:>11.2}%",
        m.log_loss,
        m.rmse_bins * 100.0
    )
}

/// The fit, how it predicts held-out answers against the defaults and the parameters in use,
/// what was kept, and the retention that costs least.
pub fn print_report(
    out: &mut dyn Write,
    report: &OptimizeReport,
    whose: &str,
    symbols: &Symbols,
    dry_run: bool,
) -> Result<()> {
    let fit = &report.fit;
    let dot = symbols.dot;
    writeln!(
        out,
        "Fitted to {} study answers of {whose} {dot} {} predicted after a day or more {dot} {} cards",
        fit.answers, fit.items, fit.cards
    )?;
    writeln!(
        out,
        "Held-out answers (trained on the past, tested on the future, {} answers):",
        fit.held_out
    )?;
    writeln!(out, "  {:<10} {:>9} {:>12}", "", "log loss", "RMSE(bins)")?;
    writeln!(out, "{}", metrics_line("defaults", &fit.defaults))?;
    writeln!(out, "{}", metrics_line("fitted", &fit.fitted))?;
    if let Some(since) = &fit.current {
        match since.judged_on {
            JudgedOn::Since => writeln!(
                out,
                "Answers since the parameters in use were fitted ({}):",
                since.items
            )?,
            JudgedOn::HeldOut => writeln!(
                out,
                "The parameters in use on the same held-out answers (only {} {} since they were \
                 fitted, {} needed to test them on answers they have not seen; they have seen \
                 these, which favours them):",
                since.items,
                plural(since.items, "answer", "answers"),
                MIN_NEW_ITEMS
            )?,
        }
        writeln!(out, "{}", metrics_line("in use", &since.current))?;
        writeln!(out, "{}", metrics_line("fitted", &since.fitted))?;
    }
    let verdict = match (fit.verdict, report.saved, dry_run) {
        (Verdict::Better, true, _) => style(format!(
            "{} saved: the fitted parameters schedule {whose} from now on",
            symbols.right
        ))
        .green()
        .to_string(),
        (Verdict::Better, false, _) => {
            "the fit is better; dry run: nothing saved (run without --dry-run to keep it)"
                .to_owned()
        }
        (Verdict::NotBetterThanDefaults, ..) => format!(
            "{} kept the parameters in use: the fit does not predict held-out answers better than \
             the defaults",
            symbols.wrong
        ),
        (Verdict::NotBetterThanCurrent, ..) => format!(
            "{} kept the parameters in use: they predict {} better than the fit",
            symbols.wrong,
            match fit.current.as_ref().map(|c| c.judged_on) {
                Some(JudgedOn::Since) => "the answers since they were fitted",
                _ => "the held-out answers",
            }
        ),
        (Verdict::Invalid, ..) => format!(
            "{} kept the parameters in use: the fitted values are outside what the scheduler \
             accepts",
            symbols.wrong
        ),
    };
    writeln!(out, "{verdict}")?;
    if let Some(optimal) = report.optimal_retention {
        let now: Vec<String> = report
            .retention
            .iter()
            .map(|(deck, r)| format!("{deck} {r:.2}"))
            .collect();
        writeln!(
            out,
            "Retention that costs least time per card memorized: {optimal:.2} (now: {})",
            if now.is_empty() {
                "no decks".to_owned()
            } else {
                now.join(", ")
            }
        )?;
        writeln!(
            out,
            "  to use it, set `retention = {optimal:.2}` under [deck.schedule] in the deck file; \
             `recall simulate --retention {optimal:.2}` shows the workload"
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whose_parameters_are_named() {
        let cases: [(&[&str], &str); 3] = [
            (&[], "profile `me`"),
            (&["history"], "deck history"),
            (&["history", "maths"], "decks history, maths"),
        ];
        for (decks, expected) in cases {
            let named: Vec<DeckId> = decks.iter().map(|d| d.parse().expect("an id")).collect();
            assert_eq!(whose("me", &named), expected);
        }
    }

    #[test]
    fn metrics_are_aligned_in_columns() {
        let m = Metrics {
            log_loss: 0.345_67,
            rmse_bins: 0.0512,
        };
        assert_eq!(
            metrics_line("fitted", &m),
            "  fitted        0.3457        5.12%"
        );
    }
}
