//! What `recall import` shows of its plan: the source's notes, the rows skipped and why, and
//! with `--dry-run` every card it would add or change.

use std::io::{self, Write};

use crate::authoring::Field;
use crate::authoring::import::{Action, Plan, describe_changes};
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
