//! `recall rate CARD RATING` and `recall answer CARD TEXT`: one review without a session,
//! recorded exactly as a session would record it. They make recall scriptable and let tests
//! replay long histories quickly.

use std::io::Write;
use std::time::Duration;

use anyhow::{Result, bail};
use serde::Serialize;

use super::App;
use super::decks::{self, OpenedCard};
use super::run::verdict_str;
use crate::cli::{AnswerArgs, CardRefArgs, RateArgs};
use crate::grading::{self, Verdict};
use crate::scheduler::{Policy, Rating, Scheduler};
use crate::store::{Mode, ReviewRecord};
use crate::{Exit, UsageError};

/// The deck and card a CARD argument names; a missing card gets a hint on finding the ids.
fn target(app: &App, card: &CardRefArgs) -> Result<OpenedCard> {
    decks::open_card(
        app,
        card,
        "; `recall list` shows the decks, the deck file the ids",
    )
}

#[derive(Serialize)]
struct Reviewed {
    card: String,
    rating: Rating,
    state: crate::scheduler::State,
    due: Option<crate::time::Timestamp>,
    interval_days: f64,
    recorded: bool,
}

/// Schedules `rating` for the target card at `now` and records it; returns what was recorded.
fn review(
    target: &mut OpenedCard,
    app: &App,
    rating: Rating,
    typed: Option<(&str, Verdict)>,
    record: bool,
) -> Result<Reviewed> {
    let deck = &target.deck;
    let card = &target.card.card;
    if !target.card.present {
        bail!(
            "card `{}/{}` has been removed from its deck; its history is kept but it is not studied",
            deck.id,
            card.id
        );
    }
    let before = target
        .store
        .card_state(&app.profile, &deck.id, card.id.as_str())?
        .unwrap_or_default();
    let outcome = Scheduler::new().review(
        &before,
        rating,
        app.now,
        &Policy::from(&deck.schedule),
        crate::scheduler::fuzz_seed(&deck.id, &card.id),
    )?;
    if record {
        target.store.record(&ReviewRecord {
            profile: app.profile.clone(),
            deck: deck.id.clone(),
            card: card.id.clone(),
            at: app.now,
            rating,
            answer: typed.map(|(text, _)| text.to_owned()),
            expected: card.answer.clone(),
            verdict: typed.map(|(_, verdict)| verdict_str(verdict)),
            correct: crate::session::counts_as_right(typed.map(|(_, v)| v), rating),
            duration_ms: None,
            mode: Mode::Study,
            before,
            after: Some(outcome.after.clone()),
            elapsed_days: outcome.elapsed_days,
            session: None,
        })?;
    }
    Ok(Reviewed {
        card: format!("{}/{}", deck.id, card.id),
        rating,
        state: outcome.after.state,
        due: outcome.after.due,
        interval_days: days(outcome.interval),
        recorded: record,
    })
}

fn days(interval: Duration) -> f64 {
    (interval.as_secs_f64() / 86_400.0 * 1000.0).round() / 1000.0
}

pub fn rate(app: &App, args: &RateArgs, out: &mut dyn Write) -> Result<Exit> {
    let rating: Rating = args
        .rating
        .parse()
        .map_err(|e: crate::scheduler::RatingError| UsageError(e.to_string()))?;
    let mut target = target(app, &args.card)?;
    let reviewed = review(&mut target, app, rating, None, true)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &reviewed)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", reviewed_line(&reviewed, app))?;
    }
    Ok(Exit::Success)
}

fn reviewed_line(reviewed: &Reviewed, app: &App) -> String {
    let due = reviewed.due.map_or_else(
        || "not scheduled".to_owned(),
        |due| format!("due {}", super::due::when(due, app)),
    );
    format!(
        "{}: {} · {} · {}{}",
        reviewed.card,
        reviewed.rating.label(),
        reviewed.state,
        due,
        if reviewed.recorded {
            ""
        } else {
            " (dry run: not recorded)"
        }
    )
}

#[derive(Serialize)]
struct Answered {
    verdict: Verdict,
    expected: String,
    corrected: Option<String>,
    #[serde(flatten)]
    review: Reviewed,
}

pub fn answer(app: &App, args: &AnswerArgs, out: &mut dyn Write) -> Result<Exit> {
    let mut target = target(app, &args.card)?;
    let deck_id = target.deck.id.clone();
    let card_id = target.card.card.id.clone();
    let store = &target.store;
    let others = |normalized: &str| {
        store
            .is_other_answer(&deck_id, normalized, card_id.as_str())
            .unwrap_or(false)
    };
    // Headless, choices are numbered in the order the deck writes them.
    let card = &target.card.card;
    let graded = grading::grade(card, &card.choices, &args.text, &others);
    let rating = match graded.verdict {
        Verdict::Right => Rating::Good,
        Verdict::Typo => Rating::Hard,
        // Close has no second chance yet (`answer --final` will decide): Again, as wrong.
        Verdict::Wrong | Verdict::Close => Rating::Again,
    };
    let reviewed = review(
        &mut target,
        app,
        rating,
        Some((&args.text, graded.verdict)),
        !args.dry_run,
    )?;
    if args.json {
        let answered = Answered {
            verdict: graded.verdict,
            expected: graded.expected,
            corrected: graded.corrected,
            review: reviewed,
        };
        serde_json::to_writer_pretty(&mut *out, &answered)?;
        writeln!(out)?;
    } else {
        let symbols = crate::ui::Symbols::new(crate::ui::unicode_supported());
        writeln!(
            out,
            "{}: {}",
            symbols.verdict(graded.verdict),
            crate::ui::clean(&graded.expected)
        )?;
        writeln!(out, "{}", reviewed_line(&reviewed, app))?;
    }
    Ok(Exit::Success)
}
