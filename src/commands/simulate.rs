//! `recall simulate`: the workload ahead from the `fsrs` crate's simulator, with the learner's
//! parameters and answer times: a chart of the days and the numbers.

use std::io::{IsTerminal, Write};

use anyhow::Result;

use super::{App, Exit, decks};
use crate::app::UsageError;
use crate::app::memory::{self, SimulateRequest};
use crate::charts::{Canvas, packed, workload_text};
use crate::cli::SimulateArgs;
use crate::deck::Schedule;
use crate::ui::terminal_width;

pub fn run(app: &App, args: &SimulateArgs, out: &mut dyn Write) -> Result<Exit> {
    if let Some(r) = args.retention
        && !(Schedule::MIN_RETENTION..=Schedule::MAX_RETENTION).contains(&r)
    {
        return Err(UsageError(format!(
            "retention {r} is outside 0.7-0.99; 0.9 means a 90% chance of remembering a card when it is due"
        ))
        .into());
    }
    let (store, decks) = decks::open(app, &args.decks.decks)?;
    let report = memory::simulate(
        &store,
        &app.scope(),
        &decks,
        &SimulateRequest {
            retention: args.retention,
            new_per_day: args.new_per_day,
            days: Some(usize::from(args.days)),
            seed: Some(args.seed),
        },
    )?;
    if args.json {
        crate::json::to_writer(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(Exit::Success);
    }
    let times = match report.timed_answers {
        0 if report.answers > 0 => {
            "default answer times (no answer in your log has a time: `recall rate` and imported \
             history record none)"
                .to_owned()
        }
        0 => "default answer times (no history yet)".to_owned(),
        1 => "answer times measured from 1 timed answer".to_owned(),
        n => format!("answer times measured from {n} timed answers"),
    };
    let parts = [
        format!(
            "{} cards studied, {} new to learn ({} a day), reviews up to {} a day",
            report.studied_cards,
            report.new_cards,
            report.new_per_day,
            if report.reviews_per_day == usize::MAX {
                "any number".to_owned()
            } else {
                report.reviews_per_day.to_string()
            },
        ),
        format!("{} parameters", report.parameters.source),
        times,
    ];
    let canvas = Canvas {
        width: terminal_width(std::io::stdout().is_terminal()),
        unicode: crate::ui::unicode_supported(),
    };
    for line in packed("", &parts, "; ", canvas.width.max(40), 0) {
        writeln!(out, "{line}")?;
    }
    write!(out, "{}", workload_text(canvas, &report.forecast))?;
    Ok(Exit::Success)
}
