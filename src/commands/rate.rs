//! `recall rate CARD RATING`: one review without a session, recorded exactly as a session would
//! record it (`app::record`). With `recall answer` it makes recall scriptable and lets tests
//! replay long histories quickly.

use std::io::Write;

use anyhow::Result;

use super::decks;
use super::{App, Exit};
use crate::app::UsageError;
use crate::app::leech;
use crate::app::record::{self, Review, Reviewed};
use crate::app::sync::FoundCard;
use crate::cli::{CardRefArgs, RateArgs};
use crate::scheduler::Rating;
use crate::store::Store;
use crate::ui::review::{reviewed_line, suspended_line};

/// The deck and card a CARD argument names; a missing card gets a hint on finding the ids.
pub(super) fn target(app: &App, card: &CardRefArgs) -> Result<(Store, FoundCard)> {
    decks::open_card(
        app,
        card,
        "; `recall list` shows the decks, the deck file the ids",
    )
}

pub fn rate(app: &App, args: &RateArgs, out: &mut dyn Write) -> Result<Exit> {
    let rating: Rating = args
        .rating
        .parse()
        .map_err(|e: crate::scheduler::RatingError| UsageError(e.to_string()))?;
    let (mut store, found) = target(app, &args.card)?;
    let key = (&found.deck.id, &found.card.card.id);
    let suspended = leech::is_suspended(&store, &app.profile, key)?;
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
        let line = reviewed_line(&reviewed, app.now, &app.tz);
        writeln!(out, "{}", symbols.fit(&line))?;
        said_after(app, &store, &found, &reviewed, out)?;
    }
    Ok(Exit::Success)
}

/// After the review's line: that the card is suspended, or has just become a leech.
pub(super) fn said_after(
    app: &App,
    store: &Store,
    found: &FoundCard,
    reviewed: &Reviewed,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(line) = suspended_line(reviewed) {
        writeln!(out, "{line}")?;
    }
    let key = (&found.deck.id, &found.card.card.id);
    if let Some(notice) = leech::made_at(store, &app.profile, key, app.now)? {
        writeln!(out, "{}", crate::ui::notice(&notice))?;
    }
    Ok(())
}
