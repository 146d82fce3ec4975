//! The bundled deck, `decks/pakistan-soviet-relations.toml`, against its source text: every
//! `source` excerpt is verbatim, the kind counts and tags hold, and every paragraph is used.

use std::collections::{BTreeMap, BTreeSet};

use recall::deck::Kind;

use crate::support::{bundled_deck, collapse_whitespace, seed_text};

const PERIODS: [&str; 4] = ["1947-1958", "1958-1971", "1971-1991", "after-1991"];
const TOPICS: [&str; 7] = [
    "alliances",
    "leaders",
    "aid",
    "war",
    "diplomacy",
    "culture",
    "nuclear",
];

#[test]
fn every_source_excerpt_is_verbatim_and_short() {
    let text = seed_text();
    let text = collapse_whitespace(&text);
    let deck = bundled_deck();
    let mut missing = Vec::new();
    for note in &deck.notes {
        let source = note.source.as_deref().unwrap_or_default();
        let words = source.split_whitespace().count();
        assert!(words <= 25, "{}: source has {words} words", note.id);
        if !text.contains(&collapse_whitespace(source)) {
            missing.push(format!("{}: {source}", note.id));
        }
    }
    assert!(
        missing.is_empty(),
        "sources not found verbatim:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_paragraph_is_the_source_of_a_card() {
    let text = seed_text();
    let deck = bundled_deck();
    let sources: Vec<String> = deck
        .notes
        .iter()
        .filter_map(|n| n.source.as_deref().map(collapse_whitespace))
        .collect();
    let uncovered: Vec<String> = text
        .lines()
        .filter(|line| line.chars().count() > 80)
        .map(collapse_whitespace)
        .filter(|paragraph| !sources.iter().any(|s| paragraph.contains(s.as_str())))
        .map(|p| p.chars().take(70).collect())
        .collect();
    assert!(
        uncovered.is_empty(),
        "paragraphs without a card:\n{}",
        uncovered.join("\n")
    );
}

#[test]
fn kinds_and_tags_meet_the_minimums() {
    let deck = bundled_deck();
    assert!(deck.notes.len() >= 120, "{} cards", deck.notes.len());
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for note in &deck.notes {
        *kinds.entry(note.kind.as_str()).or_default() += 1;
    }
    let count = |kind: Kind| kinds.get(kind.as_str()).copied().unwrap_or(0);
    assert!(count(Kind::Year) + count(Kind::Number) >= 30, "{kinds:?}");
    assert!(count(Kind::Text) >= 30, "{kinds:?}");
    assert!(count(Kind::Choice) >= 20, "{kinds:?}");
    assert!(count(Kind::TrueFalse) >= 15, "{kinds:?}");
    assert!(count(Kind::Cloze) >= 10, "{kinds:?}");

    let mut used = BTreeSet::new();
    for note in &deck.notes {
        let periods = note
            .tags
            .iter()
            .filter(|t| PERIODS.contains(&t.as_str()))
            .count();
        let topics = note
            .tags
            .iter()
            .filter(|t| TOPICS.contains(&t.as_str()))
            .count();
        assert_eq!(periods, 1, "{}: needs exactly one period tag", note.id);
        assert!(topics >= 1, "{}: needs a topic tag", note.id);
        assert!(note.explicit_id, "{}: needs an id", note.id);
        assert!(note.explain.is_some(), "{}: needs explain", note.id);
        used.extend(note.tags.iter().map(String::as_str));
    }
    for tag in PERIODS.iter().chain(&TOPICS) {
        assert!(used.contains(tag), "no card is tagged {tag}");
    }
}

#[test]
fn truefalse_cards_are_balanced() {
    let deck = bundled_deck();
    let answers: Vec<&str> = deck
        .notes
        .iter()
        .filter(|n| n.kind == Kind::TrueFalse)
        .map(|n| n.answer.as_str())
        .collect();
    let trues = answers.iter().filter(|a| **a == "true").count();
    let falses = answers.len() - trues;
    assert!(trues >= 5 && falses >= 5, "{trues} true, {falses} false");
}
