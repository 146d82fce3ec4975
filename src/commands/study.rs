//! `recall study`: a session over the due queue (`app::queue::study`) — learning cards due now,
//! then reviews due today (lowest retrievability first), then new cards in deck order — within
//! each deck's daily limits (raised for the day by `--extra-new N` and `--extra-reviews N`), with
//! cloze siblings kept to one a day; `--tag T` keeps cards with a tag. It says what the limits
//! held back and how to study more.

use std::io::Write;

use anyhow::Result;

use super::decks;
use super::run::{
    due_next_lines, held_back_lines, interactive, output_width, print_summary, run_session,
    wrap_for_people,
};
use super::{App, Exit};
use crate::app::queue::{self, DayLimits};
use crate::cli::StudyArgs;
use crate::scheduler::Purpose;
use crate::session::Config;
use crate::store::{DeckRecord, ExtraLimits, Store};
use crate::text::stable_hash;
use crate::time::StudyDay;
use crate::ui::clean;

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
            writeln!(out, "{}", raised_line(&deck.id.to_string(), limits))?;
        }
    }
    let seed = args.seed.unwrap_or_else(|| default_seed(app));
    let shuffle = args.shuffle.then_some(seed);
    let items = queue::study(&store, &app.scope(), &decks, shuffle, &args.tags)?;
    let deck_ids: Vec<_> = decks.iter().map(|d| d.id.clone()).collect();
    if items.is_empty() {
        let mut lines = held_back_lines(&store, app, &decks, &args.decks.decks)?;
        lines.extend(due_next_lines(&store, app, &deck_ids, app.now)?);
        let mut out = std::io::stdout().lock();
        if args.tags.is_empty() {
            writeln!(out, "Nothing is due right now.")?;
        } else {
            let tags: Vec<String> = args.tags.iter().map(|tag| clean(tag)).collect();
            writeln!(
                out,
                "Nothing tagged {} is due right now.",
                tags.join(" or ")
            )?;
        }
        lines.push("Practise anyway with `recall practice`.".to_owned());
        let width = output_width();
        for line in lines {
            for part in wrap_for_people(&line, width) {
                writeln!(out, "{part}")?;
            }
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

/// "Today's limits for `deck`: 30 new (20 + 10 extra), 200 reviews."
fn raised_line(deck: &str, limits: &DayLimits) -> String {
    let part = |limit: u32, base: u32, extra: u32, what: &str| {
        if extra == 0 {
            format!("{limit} {what}")
        } else {
            format!("{limit} {what} ({base} + {extra} extra)")
        }
    };
    format!(
        "Today's limits for {deck}: {}, {}.",
        part(
            limits.new_limit(),
            limits.new_per_day,
            limits.extra.new,
            "new"
        ),
        part(
            limits.review_limit(),
            limits.reviews_per_day,
            limits.extra.reviews,
            "reviews"
        )
    )
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
