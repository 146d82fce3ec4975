//! `recall rate CARD RATING`: one review without a session, recorded exactly as a session would
//! record it (`app::record`). With `recall answer` it makes recall scriptable and lets tests
//! replay long histories quickly.

use std::io::Write;
use std::time::Duration;

use anyhow::Result;
use serde::Serialize;

use super::decks;
use super::{App, Exit};
use crate::app::UsageError;
use crate::app::record::{self, Review};
use crate::app::sync::FoundCard;
use crate::cli::{CardRefArgs, RateArgs};
use crate::scheduler::{Outcome, Rating};
use crate::store::Store;

/// The deck and card a CARD argument names; a missing card gets a hint on finding the ids.
pub(super) fn target(app: &App, card: &CardRefArgs) -> Result<(Store, FoundCard)> {
    decks::open_card(
        app,
        card,
        "; `recall list` shows the decks, the deck file the ids",
    )
}

#[derive(Serialize)]
pub(super) struct Reviewed {
    card: String,
    rating: Rating,
    state: crate::scheduler::State,
    due: Option<crate::time::Timestamp>,
    interval_days: f64,
    recorded: bool,
    /// The card was suspended when answered: the answer is recorded, and the card stays out of
    /// study until `recall unsuspend`.
    suspended: bool,
}

impl Reviewed {
    pub(super) fn new(
        found: &FoundCard,
        rating: Rating,
        outcome: &Outcome,
        recorded: bool,
        suspended: bool,
    ) -> Reviewed {
        Reviewed {
            card: format!("{}/{}", found.deck.id, found.card.card.id),
            rating,
            state: outcome.after.state,
            due: outcome.after.due,
            interval_days: days(outcome.interval),
            recorded,
            suspended,
        }
    }
}

fn days(interval: Duration) -> f64 {
    (interval.as_secs_f64() / 86_400.0 * 1000.0).round() / 1000.0
}

pub fn rate(app: &App, args: &RateArgs, out: &mut dyn Write) -> Result<Exit> {
    let rating: Rating = args
        .rating
        .parse()
        .map_err(|e: crate::scheduler::RatingError| UsageError(e.to_string()))?;
    let (mut store, found) = target(app, &args.card)?;
    let suspended = is_suspended(&store, app, &found)?;
    let outcome = record::review(
        &mut store,
        &app.scope(),
        &found.deck,
        &found.card,
        &Review {
            rating,
            typed: None,
            record: true,
        },
    )?;
    let reviewed = Reviewed::new(&found, rating, &outcome, true, suspended);
    if args.json {
        crate::json::to_writer(&mut *out, &reviewed)?;
        writeln!(out)?;
    } else {
        let symbols = crate::ui::Symbols::new(crate::ui::unicode_supported());
        writeln!(out, "{}", symbols.fit(&reviewed_line(&reviewed, app)))?;
        suspended_line(&reviewed, out)?;
        leech_line(&store, app, &found, out)?;
    }
    Ok(Exit::Success)
}

/// Whether the card is suspended (a leech taken out of study), before it is answered.
pub(super) fn is_suspended(store: &Store, app: &App, found: &FoundCard) -> Result<bool> {
    use crate::store::Leeches as _;
    Ok(store
        .flag(&app.profile, &found.deck.id, &found.card.card.id)?
        .is_some_and(|flag| flag.suspended_at.is_some()))
}

/// Says so when the card answered was suspended: the answer counts, the card stays out.
pub(super) fn suspended_line(reviewed: &Reviewed, out: &mut dyn Write) -> Result<()> {
    if reviewed.suspended {
        writeln!(
            out,
            "{} is suspended: the answer {}, but the card stays out of sessions and queues \
             until `recall unsuspend {}`",
            reviewed.card,
            if reviewed.recorded {
                "is recorded"
            } else {
                "would be recorded"
            },
            reviewed.card
        )?;
    }
    Ok(())
}

/// Says so when the answer just made the card a leech.
pub(super) fn leech_line(
    store: &crate::store::Store,
    app: &App,
    found: &crate::app::sync::FoundCard,
    out: &mut dyn Write,
) -> Result<()> {
    use crate::store::Leeches as _;
    let flag = store.flag(&app.profile, &found.deck.id, &found.card.card.id)?;
    if let Some(flag) = flag.filter(|f| f.leech_at == Some(app.now)) {
        let notice = crate::session::Notice::Leech {
            deck: found.deck.id.clone(),
            card: found.card.card.id.clone(),
            lapses: flag.lapses,
            suspended: flag.suspended_at.is_some(),
        };
        writeln!(out, "{}", crate::ui::notice(&notice))?;
    }
    Ok(())
}

pub(super) fn reviewed_line(reviewed: &Reviewed, app: &App) -> String {
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
