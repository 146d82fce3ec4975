//! `recall card DECK/CARD`: one card's scheduling state (state, stability, difficulty,
//! retrievability now, due, reps, lapses) and its review history; a cloze note's id shows each
//! of its gaps.

use std::io::Write;

use anyhow::Result;
use console::style;

use super::{App, Exit, decks};
use crate::app::card::CardReport;
use crate::cli::CardArgs;
use crate::ui::{Symbols, clean};

pub fn run(app: &App, args: &CardArgs, out: &mut dyn Write) -> Result<Exit> {
    let (store, found) = decks::open_cards(app, &args.card, "")?;
    let mut reports = Vec::with_capacity(found.cards.len());
    for card in &found.cards {
        reports.push(crate::app::card::report(
            &store,
            &app.scope(),
            &found.deck,
            card,
        )?);
    }
    if args.json {
        // One card as an object; a cloze note's gaps as an array of them.
        if let [report] = reports.as_slice() {
            crate::json::to_writer(&mut *out, report)?;
        } else {
            crate::json::to_writer(&mut *out, &reports)?;
        }
        writeln!(out)?;
        return Ok(Exit::Success);
    }
    let mut out = crate::ui::FitWriter::new(out, Symbols::new(crate::ui::unicode_supported()));
    for (index, report) in reports.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        print_report(app, report, &mut out)?;
    }
    Ok(Exit::Success)
}

fn print_report(app: &App, report: &CardReport, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "{}",
        style(format!("{}/{}", report.deck, report.card)).bold()
    )?;
    writeln!(out, "  question: {}", clean(&report.question))?;
    writeln!(out, "  answer:   {}", clean(&report.answer))?;
    if !report.present {
        writeln!(out, "  removed from its deck; its history is kept")?;
    }
    if report.answer_changed {
        writeln!(
            out,
            "  the answer changed since this card was last reviewed"
        )?;
    }
    writeln!(out, "  state:    {}", report.state)?;
    if let (Some(s), Some(d)) = (report.stability, report.difficulty) {
        writeln!(out, "  stability {s:.2} days · difficulty {d:.2}")?;
    }
    if let Some(r) = report.retrievability {
        writeln!(out, "  retrievability now {:.0}%", f64::from(r) * 100.0)?;
    }
    if let Some(due) = report.due {
        writeln!(out, "  due:      {}", due.local_display(&app.tz))?;
    }
    writeln!(out, "  reps {} · lapses {}", report.reps, report.lapses)?;
    if report.suspended {
        writeln!(
            out,
            "  a leech, suspended: `recall unsuspend {}/{}` brings it back",
            report.deck, report.card
        )?;
    } else if report.leech {
        writeln!(out, "  a leech: forgotten often")?;
    }
    let next = &report.parameters.next;
    if let Some(id) = next.id {
        writeln!(
            out,
            "  scheduled with your fitted parameters (set {id}, for the {})",
            next.scope.unwrap_or("profile")
        )?;
    }
    if !report.history.is_empty() {
        writeln!(out, "  history:")?;
        for entry in &report.history {
            writeln!(
                out,
                "    {}  {:<5} {:<8} {}{}{}",
                entry.at.local_display(&app.tz),
                entry.rating.label(),
                entry.mode,
                entry
                    .verdict
                    .map_or("self-graded", crate::store::Mark::as_str),
                entry
                    .answer
                    .as_deref()
                    .map_or_else(String::new, |a| format!(" \u{201c}{}\u{201d}", clean(a))),
                if entry.undone { " (undone)" } else { "" }
            )?;
        }
    }
    Ok(())
}
