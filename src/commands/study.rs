//! `recall study`: a session over the due queue — learning cards due now, then reviews due
//! today (lowest retrievability first), then new cards in deck order — within each deck's daily
//! limits, with cloze siblings kept to one a day.

use std::io::Write;

use anyhow::Result;

use super::App;
use super::Exit;
use super::decks::{self, Opened};
use super::run::{due_next_lines, print_summary, run_session};
use crate::cli::StudyArgs;
use crate::scheduler::Purpose;
use crate::scheduler::queue::{LEARN_AHEAD, assemble};
use crate::session::{Config, Item};
use crate::store::{DeckRecord, QueueEntry, Store};
use crate::text::stable_hash;
use crate::time::StudyDay;

pub fn run(app: &App, args: &StudyArgs) -> Result<Exit> {
    let Opened { mut store, decks } = decks::open(app, &args.decks.decks)?;
    let Some(decks) = choose_decks(&store, app, decks, args.decks.decks.is_empty())? else {
        return Ok(Exit::Success);
    };
    let seed = args.seed.unwrap_or_else(|| default_seed(app));
    let shuffle = args.shuffle.then_some(seed);
    let items = due_queue(&store, app, &decks, shuffle)?;
    let deck_ids: Vec<_> = decks.iter().map(|d| d.id.clone()).collect();
    if items.is_empty() {
        let lines = due_next_lines(&store, app, &deck_ids, app.now)?;
        let mut out = std::io::stdout().lock();
        writeln!(out, "Nothing is due right now.")?;
        for line in lines {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "Practise anyway with `recall practice`.")?;
        return Ok(Exit::Success);
    }
    let mut config = Config::new(Purpose::Study, seed);
    config.flip = args.flip;
    let (summary, clock) = run_session(&mut store, app, &decks, items, config, None)?;
    let extra = due_next_lines(&store, app, &deck_ids, clock.now())?;
    print_summary(&summary, &extra)?;
    Ok(Exit::Success)
}

/// With several decks found and none named, an interactive learner picks one (or all).
/// Returns `None` when the learner declines.
fn choose_decks(
    store: &Store,
    app: &App,
    decks: Vec<DeckRecord>,
    none_named: bool,
) -> Result<Option<Vec<DeckRecord>>> {
    if !none_named || decks.len() < 2 || !super::run::interactive() {
        return Ok(Some(decks));
    }
    let day = StudyDay::containing(app.now, &app.tz);
    let mut items = Vec::with_capacity(decks.len() + 1);
    let mut total = 0;
    for deck in &decks {
        let c = store.deck_counts(&app.profile, deck, app.now, day)?;
        total += c.to_study();
        items.push(format!(
            "{}  ({} new, {} to review)",
            crate::ui::clean(&deck.title),
            c.new_today,
            c.learning_now + c.review_allowed
        ));
    }
    items.push(format!("All decks  ({total} cards)"));
    match crate::ui::terminal::pick("Study which deck?", &items, 0)? {
        None => Ok(None),
        Some(index) if index == decks.len() => Ok(Some(decks)),
        Some(index) => Ok(Some(vec![decks[index].clone()])),
    }
}

/// The seed when none is given: the same all day for one profile, different the next day.
pub fn default_seed(app: &App) -> u64 {
    let day = StudyDay::containing(app.now, &app.tz);
    stable_hash(&[app.profile.as_bytes(), &day.start.millis().to_le_bytes()])
}

/// Builds the session queue across decks: learning due now, then reviews, then new cards, then
/// learning cards due within the next 20 minutes (shown early when nothing else is left).
pub fn due_queue(
    store: &Store,
    app: &App,
    decks: &[DeckRecord],
    shuffle: Option<u64>,
) -> Result<Vec<Item>> {
    let now = app.now;
    let day = StudyDay::containing(now, &app.tz);
    let learn_ahead = now.plus(LEARN_AHEAD);
    let mut learning = Vec::new();
    let mut reviews = Vec::new();
    let mut fresh = Vec::new();
    let mut soon = Vec::new();
    for (index, deck) in decks.iter().enumerate() {
        let limits = store.limits(&app.profile, deck, day)?;
        let due_learning = store.learning_due(&app.profile, &deck.id, learn_ahead)?;
        let (now_learning, later_learning): (Vec<QueueEntry>, Vec<QueueEntry>) = due_learning
            .into_iter()
            .partition(|e| e.due.is_none_or(|due| due <= now));
        // Buried siblings must not eat the limits, so ask for a few more than allowed.
        let review_candidates = store.reviews_due(
            &app.profile,
            &deck.id,
            day.end,
            now,
            limits.reviews.saturating_mul(2).saturating_add(8),
        )?;
        let new_candidates = store.new_cards(
            &app.profile,
            &deck.id,
            limits.new.saturating_mul(2).saturating_add(8),
            shuffle,
        )?;
        let seen = store.notes_seen(&app.profile, &deck.id, day)?;
        let queue = assemble(
            now_learning,
            review_candidates,
            new_candidates,
            |e: &QueueEntry| (e.note != e.card).then_some(e.note.as_str()),
            &seen,
            limits,
        );
        for entry in queue {
            let bucket = match entry.state {
                crate::scheduler::State::Learning | crate::scheduler::State::Relearning => {
                    &mut learning
                }
                crate::scheduler::State::Review => &mut reviews,
                crate::scheduler::State::New => &mut fresh,
            };
            bucket.push((index, entry));
        }
        soon.extend(later_learning.into_iter().map(|e| (index, e)));
    }
    let entries = learning.into_iter().chain(reviews).chain(fresh).chain(soon);
    load_items(store, app, decks, entries)
}

/// Turns queue entries into session items: the card's content, state and usual answer time,
/// read in one batch per deck.
pub fn load_items(
    store: &Store,
    app: &App,
    decks: &[DeckRecord],
    entries: impl Iterator<Item = (usize, QueueEntry)>,
) -> Result<Vec<Item>> {
    let entries: Vec<(usize, QueueEntry)> = entries.collect();
    let mut loaded: Vec<std::collections::HashMap<String, Item>> =
        vec![std::collections::HashMap::new(); decks.len()];
    for (index, deck) in decks.iter().enumerate() {
        let ids: Vec<String> = entries
            .iter()
            .filter(|(d, _)| *d == index)
            .map(|(_, e)| e.card.clone())
            .collect();
        if ids.is_empty() {
            continue;
        }
        for (card, state, typical_ms) in store.session_cards(&app.profile, &deck.id, &ids)? {
            loaded[index].insert(
                card.id.to_string(),
                Item {
                    deck: index,
                    card,
                    state,
                    typical_ms,
                },
            );
        }
    }
    Ok(entries
        .into_iter()
        .filter_map(|(deck, entry)| loaded[deck].remove(&entry.card))
        .collect())
}
