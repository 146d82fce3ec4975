//! `recall answer CARD TEXT`: grade a typed answer to one card headlessly (`app::record`), as a
//! session would, and record it (or, with `--dry-run`, only say what would happen).

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::rate::{Reviewed, reviewed_line, target};
use super::{App, Exit};
use crate::app::record::{self, Review, rating_for};
use crate::cli::AnswerArgs;
use crate::grading::Verdict;

#[derive(Serialize)]
struct Answered {
    verdict: Verdict,
    expected: String,
    corrected: Option<String>,
    #[serde(flatten)]
    review: Reviewed,
}

pub fn run(app: &App, args: &AnswerArgs, out: &mut dyn Write) -> Result<Exit> {
    let (mut store, found) = target(app, &args.card)?;
    let graded = record::grade(&store, &found.deck.id, &found.card, &args.text);
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
    let reviewed = Reviewed::new(&found, rating, &outcome, !args.dry_run);
    if args.json {
        let answered = Answered {
            verdict: graded.verdict,
            expected: graded.expected,
            corrected: graded.corrected,
            review: reviewed,
        };
        crate::json::to_writer(&mut *out, &answered)?;
        writeln!(out)?;
    } else {
        let symbols = crate::ui::Symbols::new(crate::ui::unicode_supported());
        writeln!(
            out,
            "{}: {}",
            symbols.verdict(graded.verdict),
            crate::ui::clean(&graded.expected)
        )?;
        writeln!(out, "{}", reviewed_line(&reviewed, app))?;
    }
    Ok(Exit::Success)
}
