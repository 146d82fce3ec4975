//! `recall study`: a session over the due queue (`app::queue::study`) — learning cards due now,
//! then reviews due today (lowest retrievability first), then new cards in deck order — within
//! each deck's daily limits, with cloze siblings kept to one a day.

use std::io::Write;

use anyhow::Result;

use super::decks;
use super::run::{due_next_lines, interactive, print_summary, run_session};
use super::{App, Exit};
use crate::app::queue;
use crate::cli::StudyArgs;
use crate::scheduler::Purpose;
use crate::session::Config;
use crate::store::{DeckRecord, Store};
use crate::text::stable_hash;
use crate::time::StudyDay;

pub fn run(app: &App, args: &StudyArgs) -> Result<Exit> {
    let (mut store, decks) = decks::open(app, &args.decks.decks)?;
    let Some(decks) = choose_decks(&store, app, decks, args.decks.decks.is_empty())? else {
        return Ok(Exit::Success);
    };
    let seed = args.seed.unwrap_or_else(|| default_seed(app));
    let shuffle = args.shuffle.then_some(seed);
    let items = queue::study(&store, &app.scope(), &decks, shuffle)?;
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
    let (summary, ended) = run_session(&mut store, app, &decks, items, config, None)?;
    let extra = due_next_lines(&store, app, &deck_ids, ended)?;
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
    if !none_named || decks.len() < 2 || !interactive() {
        return Ok(Some(decks));
    }
    let scope = app.scope();
    let mut items = Vec::with_capacity(decks.len() + 1);
    let mut total = 0;
    for deck in &decks {
        let c = queue::counts(store, &scope, deck)?;
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
