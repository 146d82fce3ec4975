//! `recall practice`: cram any cards, due or not — recently missed ones first, then the ones
//! most likely forgotten, then new ones. Answers are logged with mode `practice` and never
//! change the schedule.

use std::io::Write;

use anyhow::Result;

use super::App;
use super::Exit;
use super::decks::{self, Opened};
use super::run::{due_next_lines, print_summary, run_session};
use super::study::{default_seed, load_items};
use crate::cli::PracticeArgs;
use crate::scheduler::Purpose;
use crate::session::Config;

pub fn run(app: &App, args: &PracticeArgs) -> Result<Exit> {
    let Opened { mut store, decks } = decks::open(app, &args.decks.decks)?;
    let mut per_deck = Vec::new();
    for (index, deck) in decks.iter().enumerate() {
        let candidates =
            store.practice_candidates(&app.profile, &deck.id, &args.tags, app.now, args.count)?;
        per_deck.push(candidates.into_iter().map(move |e| (index, e)));
    }
    // Each deck lists its cards most useful first; taking them in turns keeps one deck's new
    // cards from crowding out another deck's missed ones.
    let count = usize::try_from(args.count).unwrap_or(usize::MAX);
    let mut entries = Vec::new();
    while entries.len() < count {
        let before = entries.len();
        for deck in &mut per_deck {
            if entries.len() < count
                && let Some(entry) = deck.next()
            {
                entries.push(entry);
            }
        }
        if entries.len() == before {
            break;
        }
    }
    let items = load_items(&store, app, &decks, entries.into_iter())?;
    if items.is_empty() {
        let mut out = std::io::stdout().lock();
        if args.tags.is_empty() {
            writeln!(out, "No cards to practise.")?;
        } else {
            writeln!(out, "No cards tagged {}.", args.tags.join(" or "))?;
        }
        return Ok(Exit::Success);
    }
    let seed = args.seed.unwrap_or_else(|| default_seed(app));
    let mut config = Config::new(Purpose::Practice, seed);
    config.flip = args.flip;
    let (summary, clock) = run_session(&mut store, app, &decks, items, config, None)?;
    let deck_ids: Vec<_> = decks.iter().map(|d| d.id.clone()).collect();
    let mut extra = vec!["Practice does not change when cards are due.".to_owned()];
    extra.extend(due_next_lines(&store, app, &deck_ids, clock.now())?);
    print_summary(&summary, &extra)?;
    Ok(Exit::Success)
}
