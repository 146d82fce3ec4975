//! `recall doctor`: check the database and compare every card's state with a replay of the
//! review log (`app::doctor`); with `--rebuild`, recreate every card's state from the log (the
//! log is the truth; card state is a cache of it).

use std::io::Write;

use anyhow::Result;

use super::{App, Exit};
use crate::app::doctor;
use crate::cli::DoctorArgs;
use crate::store::Divergence;
use crate::text::plural;

/// How many differing cards are named.
const SHOWN: usize = 5;

pub fn run(app: &App, args: &DoctorArgs, out: &mut dyn Write) -> Result<Exit> {
    let mut store = app.store()?;
    let health = doctor::check(&store)?;
    writeln!(out, "database: {}", health.location)?;
    writeln!(out, "schema version: {}", health.schema_version)?;
    writeln!(out, "integrity: ok")?;
    for (deck, syncs) in &health.decks {
        writeln!(
            out,
            "deck {deck}: cards saved from its file {syncs} {}",
            plural(*syncs, "time", "times")
        )?;
    }
    let diverged = !health.divergences.is_empty();
    print_card_state(out, &health.divergences, args.rebuild)?;
    if args.rebuild {
        let mut activity = app.activity();
        activity.stage("rebuilding every card's state from the review log", None);
        let written = doctor::rebuild(&mut store)?;
        activity.finish();
        writeln!(
            out,
            "rebuilt the state of {written} cards from the review log"
        )?;
        let after = doctor::check(&store)?;
        print_card_state(out, &after.divergences, false)?;
        return Ok(if after.divergences.is_empty() {
            Exit::Success
        } else {
            Exit::Failure
        });
    }
    Ok(if diverged {
        Exit::Failure
    } else {
        Exit::Success
    })
}

/// One line on the card states, and the first few that differ from the log.
fn print_card_state(out: &mut dyn Write, found: &[Divergence], rebuilding: bool) -> Result<()> {
    if found.is_empty() {
        writeln!(out, "card state: matches the review log")?;
        return Ok(());
    }
    writeln!(
        out,
        "card state: {} {} from the review log{}",
        found.len(),
        plural(found.len(), "card differs", "cards differ"),
        if rebuilding {
            String::new()
        } else {
            format!(
                "; `recall doctor --rebuild` rebuilds {} from the log",
                plural(found.len(), "it", "them")
            )
        }
    )?;
    for d in found.iter().take(SHOWN) {
        let reps = |n: u32| format!("{n} {}", plural(n, "rep", "reps"));
        writeln!(
            out,
            "  {}/{} ({}): {}, {}; the log says {}, {}",
            d.deck,
            d.card,
            crate::text::sanitize(&d.profile),
            d.stored.state,
            reps(d.stored.reps),
            d.replayed.state,
            reps(d.replayed.reps)
        )?;
    }
    if found.len() > SHOWN {
        writeln!(out, "  and {} more", found.len() - SHOWN)?;
    }
    Ok(())
}
