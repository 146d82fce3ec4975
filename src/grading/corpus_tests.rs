//! The evaluation: natural replies to the bundled deck, written as a teacher would mark them,
//! graded with the whole deck known. Four corpora: `natural-replies.toml`, written with the rules,
//! against the bundled deck; `holdout-replies.toml`, written independently by a reviewer who
//! had not read the rules, against the bundled deck's second edition; `review-replies.toml`, the
//! replies of the review of the first two (hedges around numbers, words of the question, given
//! names, women's titles) and more of their kinds, used to tune the rules; and
//! `holdout3-replies.toml`, replies of the same kinds to other cards, written before those rules
//! and never tuned on. Each prints its figures and fails when fewer than 95% of the
//! right replies are right (80% for the review's set, whose misses are listed in
//! docs/grading.md), when more than a handful are close, or when any wrong or vague reply
//! is right.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{DeckContext, Verdict, grade};
use crate::deck::{Card, Origin, load_str};

#[derive(Debug, Default, Deserialize)]
struct Replies {
    #[serde(default)]
    right: Vec<String>,
    #[serde(default)]
    wrong: Vec<String>,
    #[serde(default)]
    vague: Vec<String>,
}

/// The verdicts given to one category of replies.
#[derive(Debug, Default)]
struct Tally {
    right: usize,
    typo: usize,
    close: usize,
    wrong: usize,
    /// Replies graded otherwise than the category wants, for the report.
    misses: Vec<String>,
    /// Right replies graded as typos, for the report.
    typos: Vec<String>,
}

impl Tally {
    fn add(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Right => self.right += 1,
            Verdict::Typo => self.typo += 1,
            Verdict::Close => self.close += 1,
            Verdict::Wrong => self.wrong += 1,
        }
    }

    fn total(&self) -> usize {
        self.right + self.typo + self.close + self.wrong
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name:>6}: {:4} replies: {:4} right, {:3} typo, {:3} close, {:4} wrong",
            self.total(),
            self.right,
            self.typo,
            self.close,
            self.wrong
        )
    }
}

#[allow(clippy::cast_precision_loss)]
fn percent(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

#[test]
fn natural_replies_to_the_bundled_deck() {
    evaluate(
        "natural replies to the bundled deck",
        include_str!("../../decks/pakistan-soviet-relations.toml"),
        include_str!("../../tests/fixtures/grading/natural-replies.toml"),
        95.0,
    );
}

#[test]
fn holdout_replies_to_the_second_edition_deck() {
    evaluate(
        "holdout replies to the bundled deck",
        include_str!("../../decks/pakistan-soviet-relations.toml"),
        include_str!("../../tests/fixtures/grading/holdout-replies.toml"),
        95.0,
    );
}

#[test]
fn review_replies_to_the_bundled_deck() {
    evaluate(
        "review replies to the bundled deck",
        include_str!("../../decks/pakistan-soviet-relations.toml"),
        include_str!("../../tests/fixtures/grading/review-replies.toml"),
        // The review's hardest cases: several right replies need deck content (an alias, an
        // accepted form) or a paraphrase no rule reads; the bar on wrong replies is the same.
        80.0,
    );
}

#[test]
fn third_holdout_replies_to_the_bundled_deck() {
    evaluate(
        "third holdout replies to the bundled deck",
        include_str!("../../decks/pakistan-soviet-relations.toml"),
        include_str!("../../tests/fixtures/grading/holdout3-replies.toml"),
        95.0,
    );
}

/// Grades every reply of `corpus` against `deck`, prints the figures and the misses, and
/// asserts the bar.
#[allow(clippy::print_stdout, clippy::too_many_lines)]
fn evaluate(title: &str, deck: &str, corpus: &str, bar: f64) {
    let loaded = load_str(deck, Origin::Bundled("pakistan-soviet-relations.toml"));
    let deck = loaded.deck.expect("the deck is valid");
    let started = std::time::Instant::now();
    let context = DeckContext::new(&deck);
    let built = started.elapsed();
    let cards: BTreeMap<String, Card> = deck
        .cards()
        .map(|card| (card.id.to_string(), card))
        .collect();
    let corpus: BTreeMap<String, Replies> =
        toml::from_str(corpus).expect("the corpus is valid TOML");

    let (mut right, mut wrong, mut vague) = (Tally::default(), Tally::default(), Tally::default());
    let mut skipped = (0, 0);
    let started = std::time::Instant::now();
    for (id, replies) in &corpus {
        let Some(card) = cards.get(id) else {
            // The deck changes; a card that left it is skipped, not failed.
            skipped.0 += 1;
            skipped.1 += replies.right.len() + replies.wrong.len() + replies.vague.len();
            continue;
        };
        let run = |tally: &mut Tally, list: &[String], ok: &dyn Fn(Verdict) -> bool| {
            for reply in list {
                let graded = grade(card, &card.choices, reply, &context);
                tally.add(graded.verdict);
                if graded.verdict == Verdict::Typo {
                    tally.typos.push(format!("{id}: {reply:?}"));
                }
                if !ok(graded.verdict) {
                    tally.misses.push(format!(
                        "{id}: {reply:?} → {:?}{} (expected {:?})",
                        graded.verdict,
                        graded.prompt.map(|p| format!(" “{p}”")).unwrap_or_default(),
                        card.answer
                    ));
                }
            }
        };
        run(&mut right, &replies.right, &|v| {
            matches!(v, Verdict::Right | Verdict::Typo)
        });
        run(&mut wrong, &replies.wrong, &|v| v == Verdict::Wrong);
        run(&mut vague, &replies.vague, &|v| {
            matches!(v, Verdict::Close | Verdict::Wrong)
        });
    }

    let elapsed = started.elapsed();
    let graded_right = right.right + right.typo;
    println!("{title} ({} cards)", cards.len());
    println!("{}", right.line("right"));
    println!("{}", wrong.line("wrong"));
    println!("{}", vague.line("vague"));
    println!(
        "right replies graded right: {:.1}% ({:.1}% without typos); close: {}",
        percent(graded_right, right.total()),
        percent(right.right, right.total()),
        right.close
    );
    println!(
        "wrong replies graded right: {}; vague replies graded right: {}",
        wrong.right + wrong.typo,
        vague.right + vague.typo
    );
    println!(
        "skipped: {} cards no longer in the deck ({} replies)",
        skipped.0, skipped.1
    );
    println!(
        "deck context built in {:.1} ms; {} replies graded in {:.1} ms (unoptimized test build)",
        built.as_secs_f64() * 1000.0,
        right.total() + wrong.total() + vague.total(),
        elapsed.as_secs_f64() * 1000.0
    );
    for typo in &right.typos {
        println!("  right reply with a typo: {typo}");
    }
    for (name, tally) in [("right", &right), ("wrong", &wrong), ("vague", &vague)] {
        for miss in &tally.misses {
            println!("  {name} reply missed: {miss}");
        }
    }

    assert!(
        percent(graded_right, right.total()) >= bar,
        "fewer than {bar}% of the right replies are graded right"
    );
    assert!(
        percent(right.close, right.total()) <= 2.0,
        "more than a handful of right replies are close"
    );
    assert_eq!(wrong.right + wrong.typo, 0, "a wrong reply is graded right");
    assert_eq!(vague.right + vague.typo, 0, "a vague reply is graded right");
}
