//! `recall card DECK/CARD`: one card's scheduling state (state, stability, difficulty,
//! retrievability now, due, reps, lapses) and its review history.

use std::io::Write;

use anyhow::Result;
use console::style;
use serde::Serialize;

use super::App;
use super::Exit;
use super::decks::{self, OpenedCard};
use crate::cli::CardArgs;
use crate::scheduler::{Scheduler, State};
use crate::store::HistoryEntry;
use crate::time::Timestamp;
use crate::ui::clean;

#[derive(Serialize)]
struct CardReport {
    deck: String,
    card: String,
    question: String,
    answer: String,
    /// False when the card has been removed from its deck (its history is kept).
    present: bool,
    /// The deck changed the answer after the card was last reviewed.
    answer_changed: bool,
    state: State,
    stability: Option<f32>,
    difficulty: Option<f32>,
    retrievability: Option<f32>,
    due: Option<Timestamp>,
    reps: u32,
    lapses: u32,
    history: Vec<HistoryEntry>,
}

pub fn run(app: &App, args: &CardArgs, out: &mut dyn Write) -> Result<Exit> {
    let OpenedCard {
        store,
        deck,
        card: stored,
    } = decks::open_card(app, &args.card, "")?;
    let card_id = stored.card.id.to_string();
    let state = store
        .card_state(&app.profile, &deck.id, &card_id)?
        .unwrap_or_default();
    let history = store.history(&app.profile, &deck.id, &card_id)?;
    let answer_changed = match (stored.answer_changed_at, state.last_review) {
        (Some(changed), Some(reviewed)) => changed > reviewed,
        _ => false,
    };
    let report = CardReport {
        deck: deck.id.to_string(),
        card: card_id.clone(),
        question: stored.card.question.clone(),
        answer: stored.card.answer.clone(),
        present: stored.present,
        answer_changed,
        state: state.state,
        stability: state.memory.map(|m| m.stability),
        difficulty: state.memory.map(|m| m.difficulty),
        retrievability: Scheduler::new().retrievability(&state, app.now),
        due: state.due,
        reps: state.reps,
        lapses: state.lapses,
        history,
    };
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(Exit::Success);
    }
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
    if !report.history.is_empty() {
        writeln!(out, "  history:")?;
        for entry in &report.history {
            writeln!(
                out,
                "    {}  {:<5} {:<8} {}{}{}",
                entry.at.local_display(&app.tz),
                entry.rating.label(),
                entry.mode,
                entry.verdict.as_deref().unwrap_or("self-graded"),
                entry
                    .answer
                    .as_deref()
                    .map_or_else(String::new, |a| format!(" \u{201c}{}\u{201d}", clean(a))),
                if entry.undone { " (undone)" } else { "" }
            )?;
        }
    }
    Ok(Exit::Success)
}
