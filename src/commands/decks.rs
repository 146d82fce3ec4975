//! DECK and `DECK/CARD` arguments for the commands that study: open the database, sync the
//! decks (`app::sync`) and say on stderr what the sync found.

use std::io::Write;

use anyhow::Result;

use super::App;
use crate::app::sync::{self, FoundCard, FoundCards, SyncNotice};
use crate::cli::CardRefArgs;
use crate::store::{DeckRecord, Store};
use crate::text::plural;
use crate::ui::clean;
use crate::ui::progress::Activity;

/// The database and the decks `args` name, synced.
pub fn open(app: &App, args: &[String]) -> Result<(Store, Vec<DeckRecord>)> {
    let mut store = app.store()?;
    let mut activity = app.activity();
    let decks = sync::open(&mut store, &app.scope(), &app.cwd, args, &mut |notice| {
        show(&mut activity, notice)
    })?;
    Ok((store, decks))
}

/// A sync notice on the terminal: work under way on the progress display, the rest printed
/// (with the display out of the way).
fn show(activity: &mut Activity, notice: SyncNotice) -> Result<()> {
    if let SyncNotice::Working {
        saving,
        origin,
        done,
        total,
    } = &notice
    {
        let verb = if *saving { "saving" } else { "reading" };
        let total = Some(*total as u64).filter(|&total| total > 1);
        activity.stage(&format!("{verb} {}", clean(origin)), total);
        activity.advance(*done as u64);
        return Ok(());
    }
    activity.suspend(|| print_notice(notice))
}

/// The database and the card `args` names, its deck synced; `missing_hint` ends the error for a
/// deck without that card.
pub fn open_card(app: &App, args: &CardRefArgs, missing_hint: &str) -> Result<(Store, FoundCard)> {
    let mut store = app.store()?;
    let mut activity = app.activity();
    let found = crate::app::card::open(
        &mut store,
        &app.scope(),
        &app.cwd,
        &args.card,
        &args.deck_paths,
        missing_hint,
        &mut |notice| show(&mut activity, notice),
    )?;
    Ok((store, found))
}

/// The database and the cards `args` names (a cloze note's id names all its gaps), the deck
/// synced.
pub fn open_cards(
    app: &App,
    args: &CardRefArgs,
    missing_hint: &str,
) -> Result<(Store, FoundCards)> {
    let mut store = app.store()?;
    let mut activity = app.activity();
    let found = crate::app::card::open_cards(
        &mut store,
        &app.scope(),
        &app.cwd,
        &args.card,
        &args.deck_paths,
        missing_hint,
        &mut |notice| show(&mut activity, notice),
    )?;
    Ok((store, found))
}

/// Says what a sync found on stderr: decks with errors (warnings wait for `recall check`),
/// changed answers, kept history.
fn print_notice(notice: SyncNotice) -> Result<()> {
    let mut stderr = std::io::stderr();
    match notice {
        SyncNotice::Problems(problems) => {
            let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
            if errors.is_empty() {
                return Ok(());
            }
            for diagnostic in &errors {
                writeln!(stderr, "{diagnostic}")?;
            }
            writeln!(
                stderr,
                "recall: {} with errors left out",
                plural(errors.len(), "a deck", "decks")
            )?;
        }
        SyncNotice::ChangedAnswers { origin, cards } => {
            let ids: Vec<String> = cards.iter().map(ToString::to_string).collect();
            writeln!(
                stderr,
                "recall: {origin}: {} {} a new answer ({}); its review history is kept",
                cards.len(),
                plural(cards.len(), "card has", "cards have"),
                ids.join(", ")
            )?;
        }
        SyncNotice::Working { .. } => {}
        SyncNotice::KeptHistory { origin, cards } => {
            writeln!(
                stderr,
                "recall: {origin}: {cards} {} an id of its own now and kept {} progress",
                plural(cards, "card has", "cards have"),
                plural(cards, "its", "their"),
            )?;
        }
    }
    Ok(())
}
