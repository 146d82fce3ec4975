//! `recall optimize [DECK…]`: fit the memory model to the profile's study answers with a
//! progress bar (on a terminal), show how the defaults, the parameters in use and the fit
//! predict held-out answers, keep the fit only when better, and offer the retention that costs
//! least. `--dry-run` keeps nothing; `--reset` goes back to the defaults.

use std::io::Write;

use anyhow::Result;

use super::{App, Exit, decks};
use crate::app::memory::{self, OptimizeRequest, TooLittle, TooLittleHistory};
use crate::cli::OptimizeArgs;
use crate::deck::DeckId;
use crate::ui::Symbols;
use crate::ui::optimize::{FitBar, print_report, whose};

pub fn run(app: &App, args: &OptimizeArgs, out: &mut dyn Write) -> Result<Exit> {
    let (mut store, decks) = decks::open(app, &args.decks.decks)?;
    let scope = app.scope();
    let named: Vec<DeckId> = if args.decks.decks.is_empty() {
        Vec::new()
    } else {
        decks.iter().map(|d| d.id.clone()).collect()
    };
    let whose = whose(&app.profile, &named);
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
    let bar = FitBar::new(&symbols);
    let request = OptimizeRequest {
        decks: named,
        dry_run: args.dry_run,
    };
    let result = memory::optimize(&mut store, &scope, &decks, &request, &mut |step| {
        bar.step(step);
    });
    bar.finish();
    let report = match result {
        Ok(report) => report,
        Err(error) => {
            let too_little = TooLittleHistory::from_error(error)?;
            if args.json {
                let said = TooLittle {
                    profile: app.profile.clone(),
                    saved: false,
                    too_little_history: too_little,
                };
                crate::json::to_writer(&mut *out, &said)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{}", too_little.message)?;
                writeln!(out, "{whose} keeps its parameters")?;
            }
            return Ok(Exit::Success);
        }
    };
    if args.json {
        crate::json::to_writer(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(Exit::Success);
    }
    print_report(out, &report, &whose, &symbols, args.dry_run)?;
    Ok(Exit::Success)
}
