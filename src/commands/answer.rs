//! `recall answer CARD TEXT`: grade a typed answer to one card headlessly (`app::record`, with
//! the card's whole deck as context), as a session would, and record it (or, with `--dry-run`,
//! only say what would happen). A close reply is a question back ("Which Bhutto?"): nothing is
//! recorded unless `--final` says there is no second try, and then it is rated Hard, as a
//! session rates a second close reply.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::rate::{said_after, target};
use super::{App, Exit};
use crate::app::UsageError;
use crate::app::leech;
use crate::app::record::{self, Review, Reviewed, rating_for};
use crate::cli::AnswerArgs;
use crate::grading::{self, Matched, Verdict};
use crate::ui::{Symbols, clean};

/// The JSON of an answer: the grading, and what recording did (or would do).
#[derive(Serialize)]
struct Answered {
    verdict: Verdict,
    /// The card's answer as the deck writes it.
    expected: String,
    /// For a typo: the spelling the reply was closest to.
    corrected: Option<String>,
    /// For a right, typo or close reply: the deck's form it matched and the rules that did.
    matched: Option<MatchedJson>,
    /// For a close reply: what to ask the learner ("Which Bhutto?").
    prompt: Option<String>,
    #[serde(flatten)]
    review: Reviewed,
}

#[derive(Serialize)]
struct MatchedJson {
    #[serde(flatten)]
    matched: Matched,
    /// The rules in one short phrase, as the screen says them.
    phrase: Option<String>,
}

/// A close reply that is not final: graded, not recorded.
#[derive(Serialize)]
struct Asked {
    card: String,
    verdict: Verdict,
    expected: String,
    matched: Option<MatchedJson>,
    prompt: Option<String>,
    recorded: bool,
}

pub fn run(app: &App, args: &AnswerArgs, out: &mut dyn Write) -> Result<Exit> {
    let (mut store, found) = target(app, &args.card)?;
    let card = &found.card.card;
    if let Some(options) = grading::not_an_option(card, &card.choices, &args.text) {
        return Err(UsageError(format!(
            "`{}` is not an option of {}/{}: {} (in the order the deck writes them)",
            clean(args.text.trim()),
            found.deck.id,
            card.id,
            crate::ui::not_an_option(options)
        ))
        .into());
    }
    let graded = record::grade(&mut store, &found.deck.id, &found.card, &args.text)?;
    let matched = graded.matched.clone().map(|matched| MatchedJson {
        phrase: matched.phrase(),
        matched,
    });
    let symbols = Symbols::new(crate::ui::unicode_supported());
    if graded.verdict == Verdict::Close && !args.last {
        if args.json {
            let asked = Asked {
                card: format!("{}/{}", found.deck.id, found.card.card.id),
                verdict: graded.verdict,
                expected: graded.expected,
                matched,
                prompt: graded.prompt,
                recorded: false,
            };
            crate::json::to_writer(&mut *out, &asked)?;
            writeln!(out)?;
        } else {
            let line = format!(
                "{}: {}",
                symbols.verdict(graded.verdict),
                clean(graded.prompt.as_deref().unwrap_or("More specific?"))
            );
            writeln!(out, "{}", symbols.fit(&line))?;
            writeln!(
                out,
                "{}/{}: not recorded; answer again (add --final to record this reply as Hard)",
                found.deck.id, found.card.card.id
            )?;
        }
        return Ok(Exit::Success);
    }
    let key = (&found.deck.id, &found.card.card.id);
    let suspended = leech::is_suspended(&store, &app.profile, key)?;
    // Scripted: never Easy by speed, and no hints.
    let rating = rating_for(graded.verdict, false, false);
    let outcome = record::review(
        &mut store,
        &app.scope(),
        &found.deck,
        &found.card,
        &Review {
            rating,
            typed: Some((&args.text, graded.verdict)),
            record: !args.dry_run,
        },
    )?;
    let reviewed = Reviewed::new(&found, rating, &outcome, !args.dry_run, suspended);
    if args.json {
        let answered = Answered {
            verdict: graded.verdict,
            expected: graded.expected,
            corrected: graded.corrected,
            matched,
            prompt: graded.prompt,
            review: reviewed,
        };
        crate::json::to_writer(&mut *out, &answered)?;
        writeln!(out)?;
    } else {
        let line = crate::ui::verdict_line(&symbols, &graded, false);
        writeln!(out, "{}", symbols.fit(&line))?;
        let line = crate::ui::review::reviewed_line(&reviewed, app.now, &app.tz);
        writeln!(out, "{}", symbols.fit(&line))?;
        said_after(app, &store, &found, &reviewed, out)?;
    }
    Ok(Exit::Success)
}
