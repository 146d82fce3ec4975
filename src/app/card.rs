//! One card for `recall card`, `rate` and `answer`: finding the card a `DECK/CARD` reference
//! names by way of the catalog (only its deck's file is looked at), and the card's report: its
//! scheduling state (with retrievability now), whether the deck changed its answer since it was
//! last reviewed, and its review history.

use std::path::{Component, Path};

use anyhow::Result;
use serde::Serialize;

use super::Scope;
use super::memory::ParametersInfo;
use super::sync::{self, FoundCard, FoundCards, SyncNotice};
use crate::deck::{CardId, DeckId};
use crate::scheduler::{Scheduler, State};
use crate::store::{Catalog, DeckRecord, Fitting, HistoryEntry, Leeches, Reviews, StoredCard};
use crate::time::Timestamp;

/// Finds the card `reference` (`DECK_ID/CARD_ID`) names, with its deck synced and followed, as
/// [`sync::open_card`] does, but without opening every deck of the collection to serve one
/// card: with no `deck_paths`, the catalog says which file the deck was last read from and,
/// when that file is one the default search (`./decks`) finds, only that file is read (when it
/// changed) and synced; the others are only listed and stat'ed, to be sure none is new or
/// changed. Anything else (no such deck or card in the catalog, a bundled deck, a file elsewhere
/// or gone, a new or changed file beside it, a file that no longer holds the deck) takes the
/// full search, which also words the errors and says which copy of a deck id is left out.
pub fn open<S: Catalog>(
    store: &mut S,
    scope: &Scope,
    cwd: &Path,
    reference: &str,
    deck_paths: &[String],
    missing_hint: &str,
    notify: &mut dyn FnMut(SyncNotice) -> Result<()>,
) -> Result<FoundCard> {
    if deck_paths.is_empty()
        && let Some((deck, card)) = from_catalog(store, scope, cwd, reference, notify)?
    {
        return Ok(FoundCard { deck, card });
    }
    sync::open_card(
        store,
        scope,
        cwd,
        reference,
        deck_paths,
        missing_hint,
        notify,
    )
}

/// Like [`open`], for [`sync::open_cards`]: a card found through the catalog is the one card
/// named; a cloze note's id (all its gaps) takes the full search.
pub fn open_cards<S: Catalog>(
    store: &mut S,
    scope: &Scope,
    cwd: &Path,
    reference: &str,
    deck_paths: &[String],
    missing_hint: &str,
    notify: &mut dyn FnMut(SyncNotice) -> Result<()>,
) -> Result<FoundCards> {
    if deck_paths.is_empty()
        && let Some((deck, card)) = from_catalog(store, scope, cwd, reference, notify)?
    {
        return Ok(FoundCards {
            deck,
            cards: vec![card],
        });
    }
    sync::open_cards(
        store,
        scope,
        cwd,
        reference,
        deck_paths,
        missing_hint,
        notify,
    )
}

/// The card through its deck's catalog entry; `None` to take the full search.
fn from_catalog<S: Catalog>(
    store: &mut S,
    scope: &Scope,
    cwd: &Path,
    reference: &str,
    notify: &mut dyn FnMut(SyncNotice) -> Result<()>,
) -> Result<Option<(DeckRecord, StoredCard)>> {
    let Some((deck, card)) = reference.split_once('/') else {
        return Ok(None);
    };
    let (Ok(deck), Ok(card)) = (deck.parse::<DeckId>(), card.parse::<CardId>()) else {
        return Ok(None);
    };
    let Some(record) = store.deck_record(&deck)? else {
        return Ok(None);
    };
    if !found_by_default(cwd, Path::new(&record.origin)) || !others_unchanged(store, cwd)? {
        return Ok(None);
    }
    // Notices wait until the file is known to still hold the deck and the card: otherwise the
    // full search meets the same file again and says them itself.
    let mut notices = Vec::new();
    let synced = sync::open(store, scope, cwd, &[record.origin], &mut |notice| {
        notices.push(notice);
        Ok(())
    });
    let Ok(mut decks) = synced else {
        return Ok(None);
    };
    let Some(at) = decks.iter().position(|d| d.id == deck) else {
        return Ok(None);
    };
    let deck = decks.swap_remove(at);
    let Some(card) = store.card(&deck.id, &card)? else {
        return Ok(None);
    };
    for notice in notices {
        notify(notice)?;
    }
    Ok(Some((deck, card)))
}

/// Whether every deck file the default search finds is one the catalog knows, with the size
/// and modification time it had when it was last read (a stat each, no read): then no file has
/// appeared or changed since, and so none can have taken the deck's id meanwhile (a second file
/// with a deck id in use is never saved, so it stays unknown and sends every command to the
/// full search, which says which copy is left out).
fn others_unchanged<S: Catalog>(store: &S, cwd: &Path) -> Result<bool> {
    let found = crate::deck::discover(&[], cwd);
    if !found.problems.is_empty() {
        return Ok(false);
    }
    for source in &found.sources {
        let crate::deck::DeckSource::File(path) = source else {
            return Ok(false);
        };
        let Ok(meta) = std::fs::metadata(path) else {
            return Ok(false);
        };
        let size = i64::try_from(meta.len()).ok();
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .and_then(|d| i64::try_from(d.as_nanos()).ok());
        let key = std::fs::canonicalize(cwd.join(path))
            .unwrap_or_else(|_| cwd.join(path))
            .to_string_lossy()
            .into_owned();
        let known = store.deck_by_file(&key, &path.display().to_string())?;
        if !known
            .is_some_and(|deck| deck.size == size && deck.mtime_ns == mtime_ns && size.is_some())
        {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether the default search from `cwd` (`./decks`, walked for `*.toml`, hidden names
/// skipped) finds the deck file `origin` (relative to `cwd`, or absolute).
fn found_by_default(cwd: &Path, origin: &Path) -> bool {
    if origin.extension().is_none_or(|e| e != "toml") {
        return false;
    }
    let (Ok(decks), Ok(file)) = (
        std::fs::canonicalize(cwd.join("decks")),
        std::fs::canonicalize(cwd.join(origin)),
    ) else {
        return false;
    };
    let Ok(inside) = file.strip_prefix(&decks) else {
        return false;
    };
    inside.components().all(|part| match part {
        Component::Normal(name) => !name.to_string_lossy().starts_with('.'),
        _ => false,
    })
}

/// What `recall card` shows (and prints as JSON).
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardReport {
    pub deck: String,
    pub card: String,
    pub question: String,
    pub answer: String,
    /// False when the card has been removed from its deck (its history is kept).
    pub present: bool,
    /// The deck changed the answer after the card was last reviewed.
    pub answer_changed: bool,
    pub state: State,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    pub retrievability: Option<f32>,
    pub due: Option<Timestamp>,
    pub reps: u32,
    pub lapses: u32,
    /// The memory model's parameters: those that scheduled the card's last answer, and those
    /// that schedule its next.
    pub parameters: CardParameters,
    /// Marked a leech, and whether it is suspended (out of study).
    pub leech: bool,
    pub suspended: bool,
    pub history: Vec<HistoryEntry>,
}

/// Which FSRS parameters a card is scheduled with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardParameters {
    /// At its last answer; `None` for a card never answered.
    pub last_review: Option<ParametersInfo>,
    /// From now on.
    pub next: ParametersInfo,
}

/// The report on `card` of `deck` for the scope's profile, at the scope's time.
pub fn report<S: Reviews + Fitting + Leeches>(
    store: &S,
    scope: &Scope,
    deck: &DeckRecord,
    card: &StoredCard,
) -> Result<CardReport> {
    let id = &card.card.id;
    let state = store
        .card_state(&scope.profile, &deck.id, id)?
        .unwrap_or_default();
    let history = store.history(&scope.profile, &deck.id, id)?;
    let (parameters, next) = super::memory::parameters_for(store, scope, &deck.id)?;
    let last_review = state
        .last_review
        .map(|at| super::memory::parameters_at(store, &scope.profile, &deck.id, at))
        .transpose()?;
    let flag = store.flag(&scope.profile, &deck.id, id)?;
    let answer_changed = match (card.answer_changed_at, state.last_review) {
        (Some(changed), Some(reviewed)) => changed > reviewed,
        _ => false,
    };
    Ok(CardReport {
        deck: deck.id.to_string(),
        card: id.to_string(),
        question: card.card.question.clone(),
        answer: card.card.answer.clone(),
        present: card.present,
        answer_changed,
        state: state.state,
        stability: state.memory.map(|m| m.stability),
        difficulty: state.memory.map(|m| m.difficulty),
        retrievability: Scheduler::new().retrievability_with(&state, scope.now, &parameters),
        due: state.due,
        reps: state.reps,
        lapses: state.lapses,
        parameters: CardParameters { last_review, next },
        leech: flag.is_some_and(|f| f.leech_at.is_some()),
        suspended: flag.is_some_and(|f| f.suspended_at.is_some()),
        history,
    })
}
