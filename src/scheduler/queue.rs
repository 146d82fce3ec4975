//! Assembling a session's queue from due candidates: learning cards due now first, then review
//! cards (already sorted by retrievability), then new cards, within the daily limits, with
//! cloze siblings kept to one a day.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::time::Duration;

/// How far ahead a learning card may be queued and shown early, when nothing else is left.
pub const LEARN_AHEAD: Duration = Duration::from_mins(20);

/// How many review and new cards may still be shown today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub reviews: u32,
    pub new: u32,
}

/// Orders candidates into a queue. `sibling_note` gives a card's note when the card has
/// siblings (a cloze gap); `seen_notes` are notes with a card answered today. Learning cards are
/// never held back (they are already under way); a review or new card is held back when a
/// sibling was answered today or is already queued.
pub fn assemble<T, S: BuildHasher>(
    learning: Vec<T>,
    reviews: Vec<T>,
    new: Vec<T>,
    sibling_note: impl Fn(&T) -> Option<&str>,
    seen_notes: &HashSet<String, S>,
    limits: Limits,
) -> Vec<T> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut queue = Vec::with_capacity(learning.len() + reviews.len() + new.len());
    for card in learning {
        if let Some(note) = sibling_note(&card) {
            taken.insert(note.to_owned());
        }
        queue.push(card);
    }
    let mut admit = |cards: Vec<T>, limit: u32, queue: &mut Vec<T>| {
        let mut count = 0;
        for card in cards {
            if count >= limit {
                break;
            }
            if let Some(note) = sibling_note(&card)
                && (seen_notes.contains(note) || !taken.insert(note.to_owned()))
            {
                continue;
            }
            queue.push(card);
            count += 1;
        }
    };
    admit(reviews, limits.reviews, &mut queue);
    admit(new, limits.new, &mut queue);
    queue
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assembles_in_order_within_limits_and_buries_siblings() {
        struct Case {
            name: &'static str,
            learning: Vec<&'static str>,
            reviews: Vec<&'static str>,
            new: Vec<&'static str>,
            seen: Vec<&'static str>,
            limits: Limits,
            expected: Vec<&'static str>,
        }
        let cases = [
            Case {
                name: "learning, then reviews, then new",
                learning: vec!["l"],
                reviews: vec!["r1", "r2"],
                new: vec!["n1", "n2"],
                seen: vec![],
                limits: Limits {
                    reviews: 10,
                    new: 10,
                },
                expected: vec!["l", "r1", "r2", "n1", "n2"],
            },
            Case {
                name: "limits cut reviews and new, never learning",
                learning: vec!["l1", "l2"],
                reviews: vec!["r1", "r2", "r3"],
                new: vec!["n1", "n2"],
                seen: vec![],
                limits: Limits { reviews: 1, new: 0 },
                expected: vec!["l1", "l2", "r1"],
            },
            Case {
                name: "one sibling per note, the rest wait",
                learning: vec![],
                reviews: vec!["c.1"],
                new: vec!["c.2", "c.3", "d.1", "d.2"],
                seen: vec![],
                limits: Limits {
                    reviews: 10,
                    new: 10,
                },
                expected: vec!["c.1", "d.1"],
            },
            Case {
                name: "a note answered today waits for tomorrow",
                learning: vec![],
                reviews: vec!["c.2"],
                new: vec!["c.3", "e"],
                seen: vec!["c"],
                limits: Limits {
                    reviews: 10,
                    new: 10,
                },
                expected: vec!["e"],
            },
            Case {
                name: "buried cards do not use up the limit",
                learning: vec![],
                reviews: vec![],
                new: vec!["c.1", "c.2", "x", "y"],
                seen: vec![],
                limits: Limits {
                    reviews: 10,
                    new: 2,
                },
                expected: vec!["c.1", "x"],
            },
            Case {
                name: "a learning sibling holds the others back",
                learning: vec!["c.1"],
                reviews: vec!["c.2"],
                new: vec![],
                seen: vec!["c"],
                limits: Limits {
                    reviews: 10,
                    new: 10,
                },
                expected: vec!["c.1"],
            },
        ];
        for case in cases {
            let seen: HashSet<String> = case.seen.iter().map(|s| (*s).to_owned()).collect();
            let queue = assemble(
                case.learning,
                case.reviews,
                case.new,
                |card: &&str| card.split_once('.').map(|(note, _)| note),
                &seen,
                case.limits,
            );
            assert_eq!(queue, case.expected, "{}", case.name);
        }
    }
}
