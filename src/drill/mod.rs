//! Classroom drills: choosing the paper (the same seed gives the same questions, order and
//! option order on any machine), the results format students hand in, the class report, and
//! the printable paper.
//!
//! Pure: no terminal, no database. The session engine runs the paper under its [`DrillRules`];
//! `app::drill` chooses, saves and closes attempts through the store.

pub mod print;
pub mod report;
pub mod results;
mod rules;

use serde::{Deserialize, Serialize};

pub use rules::{DrillRules, PaperEnd, Scoring, choice_order};

use crate::deck::{Card, DeckId, Kind};
use crate::shuffle::shuffle;
use crate::text::stable_hash;

/// What the teacher asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    pub count: usize,
    /// Keep cards with at least one of these tags (none: all).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Keep cards of these kinds (none: all).
    #[serde(default)]
    pub kinds: Vec<Kind>,
}

/// Picks a paper: the cards matching the selection, in an order fixed by `seed`, one card per
/// note (cloze gaps of one sentence give each other away), at most `count`.
///
/// The candidates are put in a canonical order (deck id, card id) first, so the paper depends
/// only on the decks' contents and the seed, not on file order or the machine.
pub fn choose_paper(
    cards: Vec<(DeckId, Card)>,
    selection: &Selection,
    seed: u64,
) -> Vec<(DeckId, Card)> {
    let mut candidates: Vec<(DeckId, Card)> = cards
        .into_iter()
        .filter(|(_, card)| {
            selection.tags.is_empty() || card.tags.iter().any(|t| selection.tags.contains(t))
        })
        .filter(|(_, card)| selection.kinds.is_empty() || selection.kinds.contains(&card.kind))
        .collect();
    candidates.sort_by(|a, b| (&a.0, &a.1.id).cmp(&(&b.0, &b.1.id)));
    shuffle(&mut candidates, paper_seed(seed));
    let mut seen_notes = std::collections::HashSet::new();
    candidates
        .into_iter()
        .filter(|(deck, card)| seen_notes.insert((deck.clone(), card.note.clone())))
        .take(selection.count)
        .collect()
}

/// The seed for ordering the paper, kept apart from the one for ordering choices.
fn paper_seed(seed: u64) -> u64 {
    stable_hash(&[b"paper", &seed.to_le_bytes()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Origin, load_str};

    fn cards() -> Vec<(DeckId, Card)> {
        let mut text = String::from("[deck]\nid = \"d\"\ntitle = \"D\"\n");
        for i in 0..30 {
            let (kind, tag) = if i % 3 == 0 {
                ("year", "dates")
            } else {
                ("text", "names")
            };
            let answer = if kind == "year" {
                format!("{}", 1900 + i)
            } else {
                format!("a{i}")
            };
            text.push_str(&format!(
                "[[card]]\nid = \"c{i:02}\"\nkind = \"{kind}\"\nquestion = \"Q{i}?\"\nanswer = \"{answer}\"\ntags = [\"{tag}\"]\n"
            ));
        }
        text.push_str("[[card]]\nid = \"gaps\"\nkind = \"cloze\"\ntext = \"{{a}} {{b}} {{c}}\"\n");
        let deck = load_str(&text, Origin::File("d.toml".into()))
            .deck
            .expect("valid");
        deck.cards().map(|card| (deck.id.clone(), card)).collect()
    }

    fn ids(paper: &[(DeckId, Card)]) -> Vec<String> {
        paper.iter().map(|(_, c)| c.id.to_string()).collect()
    }

    fn all(count: usize) -> Selection {
        Selection {
            count,
            tags: Vec::new(),
            kinds: Vec::new(),
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_paper_whatever_the_input_order() {
        let mut reversed = cards();
        reversed.reverse();
        let a = choose_paper(cards(), &all(10), 42);
        let b = choose_paper(reversed, &all(10), 42);
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(a.len(), 10);
        assert_ne!(ids(&a), ids(&choose_paper(cards(), &all(10), 43)));
    }

    #[test]
    fn filters_by_tag_and_kind_and_keeps_one_gap_per_note() {
        let years = choose_paper(
            cards(),
            &Selection {
                count: 100,
                tags: vec!["dates".into()],
                kinds: Vec::new(),
            },
            1,
        );
        assert_eq!(years.len(), 10);
        assert!(years.iter().all(|(_, c)| c.kind == Kind::Year));
        let clozes = choose_paper(
            cards(),
            &Selection {
                count: 100,
                tags: Vec::new(),
                kinds: vec![Kind::Cloze],
            },
            1,
        );
        assert_eq!(clozes.len(), 1, "three gaps of one note count once");
    }

    #[test]
    fn a_paper_is_pinned_for_a_given_seed() {
        // Changing the shuffle or the canonical order would change every teacher's papers.
        let paper = ids(&choose_paper(cards(), &all(5), 2026));
        assert_eq!(paper, PINNED);
    }

    const PINNED: [&str; 5] = ["c02", "gaps.1", "c05", "c27", "c15"];
}
