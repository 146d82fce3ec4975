//! `recall optimize [DECK…]`: fit the memory model to the profile's study answers with a
//! progress bar (on a terminal), show how the defaults, the parameters in use and the fit
//! predict held-out answers, keep the fit only when better, and offer the retention that costs
//! least. `--dry-run` keeps nothing; `--reset` goes back to the defaults.

use std::io::Write;

use anyhow::Result;
use console::style;
use serde::Serialize;

use super::{App, Exit, decks};
use crate::app::memory::{self, OptimizeReport, OptimizeRequest, OptimizeStep};
use crate::cli::OptimizeArgs;
use crate::deck::DeckId;
use crate::memory::fit::{JudgedOn, Verdict};
use crate::memory::{FitError, Metrics};
use crate::text::plural;
use crate::ui::Symbols;

/// Too little history, as `--json` says it.
#[allow(clippy::struct_field_names)]
#[derive(Serialize)]
struct TooLittle {
    profile: String,
    saved: bool,
    too_little_history: TooLittleDetail,
}

#[derive(Serialize)]
struct TooLittleDetail {
    answers: u64,
    items: usize,
    needed: usize,
    message: String,
}

pub fn run(app: &App, args: &OptimizeArgs, out: &mut dyn Write) -> Result<Exit> {
    let (mut store, decks) = decks::open(app, &args.decks.decks)?;
    let scope = app.scope();
    let named: Vec<DeckId> = if args.decks.decks.is_empty() {
        Vec::new()
    } else {
        decks.iter().map(|d| d.id.clone()).collect()
    };
    let whose = if named.is_empty() {
        format!("profile `{}`", app.profile)
    } else {
        let ids: Vec<String> = named.iter().map(ToString::to_string).collect();
        format!("{} {}", plural(ids.len(), "deck", "decks"), ids.join(", "))
    };
    if args.reset {
        let retired = memory::reset(&mut store, &scope, &named)?;
        if args.json {
            crate::json::to_writer(
                &mut *out,
                &serde_json::json!({
                    "profile": app.profile, "reset": true, "retired": retired,
                }),
            )?;
            writeln!(out)?;
        } else if retired == 0 {
            writeln!(out, "{whose} already uses the default parameters")?;
        } else {
            writeln!(out, "{whose} uses the default parameters again")?;
        }
        return Ok(Exit::Success);
    }
    let symbols = Symbols::new(crate::ui::unicode_supported());
    let bar = crate::ui::progress::bar("fitting", symbols.unicode());
    let request = OptimizeRequest {
        decks: named,
        dry_run: args.dry_run,
    };
    let result = memory::optimize(&mut store, &scope, &decks, &request, &mut |step| {
        if let Some(bar) = &bar {
            match step {
                OptimizeStep::Fitting(progress) => {
                    bar.set_length(progress.total as u64);
                    bar.set_position(progress.done as u64);
                }
                OptimizeStep::Retention => crate::ui::progress::searching(
                    bar,
                    "searching the retention that costs least",
                    symbols.unicode(),
                ),
            }
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = match result {
        Ok(report) => report,
        Err(error) => match error.downcast::<FitError>() {
            Ok(FitError::TooLittle {
                items,
                answers,
                needed,
            }) => {
                let message = FitError::TooLittle {
                    items,
                    answers,
                    needed,
                }
                .to_string();
                if args.json {
                    crate::json::to_writer(
                        &mut *out,
                        &TooLittle {
                            profile: app.profile.clone(),
                            saved: false,
                            too_little_history: TooLittleDetail {
                                answers,
                                items,
                                needed,
                                message,
                            },
                        },
                    )?;
                    writeln!(out)?;
                } else {
                    writeln!(out, "{message}")?;
                    writeln!(out, "{whose} keeps its parameters")?;
                }
                return Ok(Exit::Success);
            }
            Ok(other) => return Err(other.into()),
            Err(error) => return Err(error),
        },
    };
    if args.json {
        crate::json::to_writer(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(Exit::Success);
    }
    print_report(out, &report, &whose, &symbols, args.dry_run)?;
    Ok(Exit::Success)
}

fn metrics_line(name: &str, m: &Metrics) -> String {
    format!(
        "  {name:<10} {:>9.4} {:>11.2}%",
        m.log_loss,
        m.rmse_bins * 100.0
    )
}

fn print_report(
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
                crate::memory::fit::MIN_NEW_ITEMS
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
