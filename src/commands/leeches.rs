//! `recall leeches [DECK…]`: the cards forgotten again and again, with the wrong answers typed
//! most often; `recall unsuspend DECK/CARD` brings a suspended one back into study.

use std::io::Write;

use anyhow::Result;
use console::style;

use super::{App, Exit, decks};
use crate::app::{UsageError, leech};
use crate::cli::{LeechesArgs, UnsuspendArgs};
use crate::text::plural;
use crate::ui::{Symbols, clean};

pub fn run(app: &App, args: &LeechesArgs, out: &mut dyn Write) -> Result<Exit> {
    let (store, decks) = decks::open(app, &args.decks.decks)?;
    let rows = leech::list(&store, &app.scope(), &decks)?;
    if args.json {
        crate::json::to_writer(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(Exit::Success);
    }
    if rows.is_empty() {
        writeln!(
            out,
            "no leeches: no card has been forgotten often enough to be one"
        )?;
        return Ok(Exit::Success);
    }
    let symbols = Symbols::new(crate::ui::unicode_supported());
    let dot = symbols.dot;
    for row in &rows {
        let status = if row.suspended {
            style("suspended").red().to_string()
        } else {
            "studied".to_owned()
        };
        writeln!(
            out,
            "{} {dot} forgotten {} {} {dot} {status}",
            style(format!("{}/{}", row.deck, row.card)).bold(),
            row.lapses,
            plural(row.lapses, "time", "times"),
        )?;
        writeln!(out, "  question: {}", symbols.fit(&clean(&row.question)))?;
        writeln!(out, "  answer:   {}", symbols.fit(&clean(&row.answer)))?;
        if !row.wrong_replies.is_empty() {
            let replies: Vec<String> = row
                .wrong_replies
                .iter()
                .map(|(reply, times)| format!("\"{}\" ×{times}", symbols.fit(&clean(reply))))
                .collect();
            let replies = replies.join(", ");
            writeln!(out, "  you wrote: {}", symbols.fit(&replies))?;
        }
    }
    let suspended = rows.iter().filter(|r| r.suspended).count();
    writeln!(
        out,
        "\n{} {}, {suspended} suspended. Rewrite or split a leech, then `recall unsuspend DECK/CARD`",
        rows.len(),
        plural(rows.len(), "leech", "leeches"),
    )?;
    Ok(Exit::Success)
}

pub fn unsuspend(app: &App, args: &UnsuspendArgs, out: &mut dyn Write) -> Result<Exit> {
    let (mut store, found) = decks::open_card(
        app,
        &args.card,
        "; `recall leeches` lists the suspended cards",
    )?;
    let (deck, card) = (&found.deck.id, &found.card.card.id);
    if !leech::unsuspend(&mut store, &app.scope(), deck, card)? {
        return Err(UsageError(format!(
            "card `{deck}/{card}` is not suspended; `recall leeches` lists the suspended cards"
        ))
        .into());
    }
    writeln!(out, "{deck}/{card} is back in study")?;
    Ok(Exit::Success)
}
