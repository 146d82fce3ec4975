//! `recall study`: a session over the due queue (`app::queue::study_lineup`) — learning cards
//! due now, then reviews due today (lowest retrievability first), then new cards in deck order
//! — within each deck's daily limits (raised for the day by `--extra-new N` and
//! `--extra-reviews N`), with cloze siblings kept to one a day; `--tag T` keeps cards with a
//! tag. It says what the limits held back and how to study more.

use std::io::Write;

use anyhow::Result;

use super::decks;
use super::run::{
    due_next_lines, held_back_lines, interactive, output_width, print_summary, run_session,
    wrap_for_people,
};
use super::{App, Exit};
use crate::app::queue;
use crate::cli::StudyArgs;
use crate::scheduler::Purpose;
use crate::session::Config;
use crate::store::{DeckRecord, ExtraLimits, Store};
use crate::ui::study as words;

pub fn run(app: &App, args: &StudyArgs) -> Result<Exit> {
    let (mut store, decks) = decks::open(app, &args.decks.decks)?;
    let Some(decks) = choose_decks(&store, app, decks, args.decks.decks.is_empty())? else {
        return Ok(Exit::Success);
    };
    if args.extra_new.is_some() || args.extra_reviews.is_some() {
        let more = ExtraLimits {
            new: args.extra_new.unwrap_or(0),
            reviews: args.extra_reviews.unwrap_or(0),
        };
        let raised = queue::raise_limits(&mut store, &app.scope(), &decks, more)?;
        let mut out = std::io::stdout().lock();
        for (deck, limits) in decks.iter().zip(&raised) {
            writeln!(out, "{}", words::raised_line(&deck.id.to_string(), limits))?;
        }
    }
    let seed = args
        .seed
        .unwrap_or_else(|| queue::default_seed(&app.scope()));
    let shuffle = args.shuffle.then_some(seed);
    let items = queue::study_lineup(&store, &app.scope(), &decks, shuffle, &args.tags)?;
    let deck_ids: Vec<_> = decks.iter().map(|d| d.id.clone()).collect();
    if items.is_empty() {
        let mut lines = held_back_lines(&store, app, &decks, &args.decks.decks)?;
        lines.extend(due_next_lines(&store, app, &deck_ids, app.now)?);
        lines.push("Practise anyway with `recall practice`.".to_owned());
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", words::nothing_due(&args.tags))?;
        let width = output_width();
        for part in lines.iter().flat_map(|line| wrap_for_people(line, width)) {
            writeln!(out, "{part}")?;
        }
        return Ok(Exit::Success);
    }
    let mut config = Config::new(Purpose::Study, seed);
    config.flip = args.flip;
    let (summary, ended) = run_session(&mut store, app, &decks, items, config, None)?;
    let mut extra = held_back_lines(&store, app, &decks, &args.decks.decks)?;
    extra.extend(due_next_lines(&store, app, &deck_ids, ended)?);
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
        let to_review = c.learning_now + c.review_allowed;
        items.push(words::deck_choice(&deck.title, c.new_today, to_review));
    }
    items.push(words::all_decks_choice(total));
    match crate::ui::terminal::pick("Study which deck?", &items, 0)? {
        None => Ok(None),
        Some(index) if index == decks.len() => Ok(Some(decks)),
        Some(index) => Ok(Some(vec![decks[index].clone()])),
    }
}
