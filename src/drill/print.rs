//! A drill paper as Markdown for printing, with an optional answer key: the same questions,
//! order and option order as the seeded drill asks on screen.

use std::fmt::Write as _;

use super::results::{Question, Settings};
use crate::deck::duration::humanize;
use crate::deck::{Asked, Kind};
use crate::text::{choice_keys, sanitize};

fn text(value: &str) -> String {
    sanitize(value).trim().replace('\n', "  \n   ")
}

/// The paper (and, with `key`, the answer key) as Markdown.
pub fn markdown(
    title: &str,
    seed: u64,
    settings: &Settings,
    questions: &[Question],
    key: bool,
) -> String {
    let mut out = format!("# Drill: {}\n\n", text(title));
    let mut facts = vec![
        format!("Paper {seed}"),
        format!("{} questions", questions.len()),
    ];
    if let Some(secs) = settings.time_limit_secs {
        facts.push(format!(
            "{} for the paper",
            humanize(std::time::Duration::from_secs(secs))
        ));
    }
    if let Some(secs) = settings.per_question_secs {
        facts.push(format!(
            "{} per question",
            humanize(std::time::Duration::from_secs(secs))
        ));
    }
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    out.push_str("Name: ______________________________ Date: ______________\n\n");
    for (index, q) in questions.iter().enumerate() {
        let number = index + 1;
        // A paper read back from a results file may name a kind this recall does not know.
        let spec = q.kind().map(Kind::spec);
        let hint = spec
            .and_then(|s| s.expects)
            .map_or_else(String::new, |expects| format!(" *({expects})*"));
        let _ = writeln!(out, "{number}. {}{hint}\n", text(&q.question));
        if q.choices.is_empty() {
            let line = match spec.map(|s| s.asked) {
                Some(Asked::TrueFalse) => "true / false",
                Some(Asked::Typed | Asked::Choice) | None => "______________________________",
            };
            let _ = writeln!(out, "   Answer: {line}\n");
        } else {
            for (label, choice) in choice_keys(&q.choices).iter().zip(&q.choices) {
                let _ = writeln!(out, "   {label}) {}", text(choice));
            }
            out.push_str("\n   Answer: ______\n\n");
        }
    }
    if key {
        out.push_str("## Answer key\n\n");
        for (index, q) in questions.iter().enumerate() {
            let answer = match q.choices.iter().position(|c| c == &q.expected) {
                Some(at) => format!("{}) {}", choice_keys(&q.choices)[at], text(&q.expected)),
                None => text(&q.expected),
            };
            let _ = writeln!(out, "{}. {answer}", index + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drill::Scoring;

    #[test]
    fn prints_questions_options_and_key() {
        let settings = Settings {
            count: 2,
            tags: Vec::new(),
            kinds: Vec::new(),
            time_limit_secs: Some(600),
            per_question_secs: None,
            scoring: Scoring::Plain,
            record: false,
        };
        let questions = vec![
            Question {
                deck: "d".into(),
                card: "a".into(),
                kind: "year".into(),
                question: "Which year?\u{1b}[2J".into(),
                expected: "1955".into(),
                choices: Vec::new(),
            },
            Question {
                deck: "d".into(),
                card: "b".into(),
                kind: "choice".into(),
                question: "Who?".into(),
                expected: "Kosygin".into(),
                choices: vec!["Bulganin".into(), "Kosygin".into()],
            },
        ];
        let paper = markdown("Test", 7, &settings, &questions, true);
        assert!(paper.starts_with("# Drill: Test\n\nPaper 7 · 2 questions · 10m for the paper"));
        assert!(paper.contains("1. Which year? *(a year)*"));
        assert!(!paper.contains('\u{1b}'));
        assert!(paper.contains("   1) Bulganin\n   2) Kosygin"));
        assert!(paper.contains("## Answer key\n\n1. 1955\n2. 2) Kosygin\n"));
        let without = markdown("Test", 7, &settings, &questions, false);
        assert!(!without.contains("Answer key"));
    }
}
