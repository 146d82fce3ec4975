//! `recall practice`: cram any cards, due or not (`app::queue::practice`) — recently missed
//! ones first, then the ones most likely forgotten, then new ones. Answers are logged with mode
//! `practice` and never change the schedule.

use std::io::Write;

use anyhow::Result;

use super::decks;
use super::run::{due_next_lines, print_summary, run_session};
use super::{App, Exit};
use crate::app::queue;
use crate::cli::PracticeArgs;
use crate::scheduler::Purpose;
use crate::session::Config;

pub fn run(app: &App, args: &PracticeArgs) -> Result<Exit> {
    let (mut store, decks) = decks::open(app, &args.decks.decks)?;
    let items = queue::practice(&store, &app.scope(), &decks, &args.tags, args.count)?;
    if items.is_empty() {
        let mut out = std::io::stdout().lock();
        if args.tags.is_empty() {
            writeln!(out, "No cards to practise.")?;
        } else {
            writeln!(out, "No cards tagged {}.", args.tags.join(" or "))?;
        }
        return Ok(Exit::Success);
    }
    let seed = args
        .seed
        .unwrap_or_else(|| queue::default_seed(&app.scope()));
    let mut config = Config::new(Purpose::Practice, seed);
    config.flip = args.flip;
    let (summary, ended) = run_session(&mut store, app, &decks, items, config, None)?;
    let deck_ids: Vec<_> = decks.iter().map(|d| d.id.clone()).collect();
    let mut extra = vec!["Practice does not change when cards are due.".to_owned()];
    extra.extend(due_next_lines(&store, app, &deck_ids, ended)?);
    print_summary(&summary, &extra)?;
    Ok(Exit::Success)
}
