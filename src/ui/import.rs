//! What `recall import` shows of its plan: the source's notes, the rows skipped and why, and
//! with `--dry-run` every card it would add or change.

use std::io::{self, Write};

use crate::app::history::HistoryImport;
use crate::authoring::formats::Format;
use crate::authoring::import::{Action, Counts, Decision, Plan, describe_changes};
use crate::authoring::{Field, Header};
use crate::text::{bounded, sanitize, single_line};

/// A note or a reason, which quotes the source (a column's name, a cell): sanitized, on one
/// line and with huge values cut.
fn one_line(text: &str) -> String {
    single_line(&bounded(text))
}

/// One line of text for a preview, shortened.
fn short(text: &str) -> String {
    let line = sanitize(text).replace('\n', " ⏎ ");
    if line.chars().count() > 60 {
        line.chars().take(59).collect::<String>() + "…"
    } else {
        line
    }
}

/// Prints the plan's notes and skipped rows, and with `dry_run` its additions and changes.
pub fn print_plan(out: &mut dyn Write, plan: &Plan, dry_run: bool) -> io::Result<()> {
    for note in &plan.notes {
        writeln!(out, "note: {}", one_line(note))?;
    }
    for action in &plan.actions {
        match action {
            Action::Add { entry, .. } if dry_run => writeln!(
                out,
                "  add     {:<28} {}",
                entry.id.as_deref().unwrap_or(""),
                short(entry.headline())
            )?,
            Action::Update {
                id, before, after, ..
            } if dry_run => {
                let changes: Vec<String> = describe_changes(before, after)
                    .into_iter()
                    .map(|(field, old, new)| match field {
                        Field::Explain | Field::Source | Field::Text | Field::Question => {
                            field.key().to_owned()
                        }
                        _ => format!("{}: `{}` → `{}`", field.key(), short(&old), short(&new)),
                    })
                    .collect();
                writeln!(out, "  change  {id:<28} {}", changes.join("; "))?;
            }
            Action::Skip { place, reason } => {
                writeln!(out, "  skip    {place}: {}", one_line(reason))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// What the deck's plan comes to, as a summary: `1 added, 0 changed, 0 unchanged, 2 skipped`.
fn summary(counts: &Counts) -> String {
    format!(
        "{} added, {} changed, {} unchanged, {} skipped",
        counts.added, counts.changed, counts.unchanged, counts.skipped
    )
}

/// Prints what a `decision` other than writing means, from `name` (read as `format`) into
/// `into`; returns the message of the error it becomes when it is one (`--strict` refusing
/// skips, a new deck with nothing to import), for the caller to return.
pub fn print_decision(
    out: &mut dyn Write,
    decision: Decision,
    name: &str,
    into: &str,
    format: Format,
    counts: &Counts,
) -> io::Result<String> {
    let summary = summary(counts);
    Ok(match decision {
        Decision::DryRun => {
            writeln!(
                out,
                "dry run ({format}) into {into}: would be {summary}; nothing written"
            )?;
            String::new()
        }
        Decision::SkipsRefused => {
            writeln!(out, "{summary}")?;
            format!(
                "{} rows would be skipped and --strict is set; nothing was written",
                counts.skipped
            )
        }
        Decision::NothingImported => {
            format!("no card in {name} could be imported, so {into} was not created")
        }
        Decision::NothingToChange => {
            writeln!(
                out,
                "imported {name} ({format}) into {into}: {summary}; nothing to change"
            )?;
            String::new()
        }
        Decision::Write => String::new(),
    })
}

/// Prints what was imported, and the deck `created` when there is one.
pub fn print_imported(
    out: &mut dyn Write,
    name: &str,
    into: &str,
    format: Format,
    counts: &Counts,
    created: Option<&Header>,
) -> io::Result<()> {
    writeln!(
        out,
        "imported {name} ({format}) into {into}: {}",
        summary(counts)
    )?;
    if let Some(header) = created {
        let title = sanitize(&header.title);
        writeln!(out, "created the deck `{}` (\"{title}\")", header.id)?;
    }
    Ok(())
}

/// What an Anki package's review history would become (`--dry-run`), or that it has none.
pub fn print_history_preview(
    out: &mut dyn Write,
    collection: &str,
    cards: usize,
    answers: usize,
    profile: &str,
) -> io::Result<()> {
    if answers == 0 {
        writeln!(out, "{collection} holds no review history")
    } else {
        writeln!(
            out,
            "would bring the review history of {cards} cards ({answers} answers) into profile `{profile}`"
        )
    }
}

/// What became of an Anki package's review history.
pub fn print_history_report(
    out: &mut dyn Write,
    report: &HistoryImport,
    profile: &str,
) -> io::Result<()> {
    let clause = |n: usize, text: &str| {
        if n > 0 {
            format!("; {n} {text}")
        } else {
            String::new()
        }
    };
    writeln!(
        out,
        "review history: {} answers of {} cards brought in for profile `{profile}`{}{}{}",
        report.answers,
        report.cards,
        clause(
            report.from_sm2,
            "started from their SM-2 interval and ease (their log does not reach back to their learning)"
        ),
        clause(report.kept, "already had a history in recall and kept it"),
        clause(report.without_answers, "had no answers and start as new"),
    )?;
    writeln!(out, "`recall optimize` fits the scheduler to it")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::Entry;
    use crate::authoring::formats::Place;

    #[test]
    fn plans_show_skips_always_and_the_rest_on_a_dry_run() {
        let entry = |question: &str, answer: &str| Entry {
            id: Some("capital".into()),
            question: question.into(),
            answer: answer.into(),
            ..Entry::default()
        };
        let plan = Plan {
            actions: vec![
                Action::Add {
                    place: Place::Line(2),
                    entry: Box::new(entry(&format!("Capital?\n{}", "x".repeat(70)), "a")),
                },
                Action::Update {
                    place: Place::Line(3),
                    index: 0,
                    before: Box::new(entry("Old?", "Karachi")),
                    after: Box::new(entry("New?", "Islamabad")),
                    id: "capital".into(),
                },
                Action::Unchanged {
                    place: Place::Line(4),
                    id: "same".into(),
                },
                Action::Skip {
                    place: Place::Line(5),
                    reason: "no answer\nat all".into(),
                },
            ],
            notes: vec!["ignored column `extra`".into()],
        };
        let cases = [
            (
                false,
                "note: ignored column `extra`\n  skip    line 5: no answer⏎at all\n".to_owned(),
            ),
            (
                true,
                format!(
                    "note: ignored column `extra`\n  add     capital                      Capital? ⏎ {}…\n  \
                     change  capital                      question; answer: `Karachi` → `Islamabad`\n  \
                     skip    line 5: no answer⏎at all\n",
                    "x".repeat(48)
                ),
            ),
        ];
        for (dry_run, expected) in cases {
            let mut out = Vec::new();
            print_plan(&mut out, &plan, dry_run).expect("printed");
            assert_eq!(
                String::from_utf8(out).expect("UTF-8"),
                expected,
                "{dry_run}"
            );
        }
    }
}
