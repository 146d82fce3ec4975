//! Assembling a session's queue from due candidates: learning cards due now first, then review
//! cards (already sorted by retrievability), then new cards, within the daily limits. Cards that
//! would give each other away are kept to different days: the gaps of one cloze sentence
//! (siblings) and related cards (one reveals the other's answer, or the author said so). New
//! cards come in the deck's order with runs broken up (see [`assemble`]).

use std::collections::HashSet;
use std::time::Duration;

use crate::deck::{CardId, Kind};

/// How far ahead a learning card may be queued and shown early, when nothing else is left.
pub const LEARN_AHEAD: Duration = Duration::from_mins(20);

/// How many not yet introduced new cards the next one is chosen among.
pub const NEW_CARD_WINDOW: usize = 8;

/// How many times the first new card in the deck's order may be passed over before it is taken
/// all the same.
pub const MAX_PASSED_OVER: u32 = 2;

/// How many review and new cards may still be shown today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub reviews: u32,
    pub new: u32,
}

/// A card waiting for a place in a queue, as the queue's rules see it.
pub trait Candidate {
    /// The card's id within its deck.
    fn card(&self) -> &CardId;
    /// The note it shares with its siblings (the gaps of a cloze sentence), when it has any.
    fn sibling_note(&self) -> Option<&CardId>;
    /// The cards related to it: each reveals the other's answer, or the author said so.
    fn related(&self) -> &[CardId];
    /// What kind of question it is, for the order new cards are introduced in.
    fn sort(&self) -> Sort<'_>;
}

/// What was shown in the study day already: cards answered in it or still in learning and due
/// again within it, and the cloze notes of those. Their siblings and related cards wait.
#[derive(Debug, Clone, Copy)]
pub struct SeenToday<'a> {
    pub notes: &'a HashSet<CardId>,
    pub cards: &'a HashSet<CardId>,
}

/// What a new card asks for and what it is about, for the order new cards are introduced in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort<'a> {
    pub kind: Kind,
    /// The card's answer (for a cloze card, its gap's).
    pub answer: &'a str,
    pub tags: &'a [String],
}

/// The sort of question a card asks, as the order of new cards tells them apart: dates and
/// numbers (year and number cards, and any answer that is a month, a day or a year), true or
/// false, choice, cloze and typed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Asks {
    DateOrNumber,
    TrueFalse,
    Choice,
    Cloze,
    Text,
}

impl Sort<'_> {
    pub fn asks(&self) -> Asks {
        match self.kind {
            Kind::Year | Kind::Number => Asks::DateOrNumber,
            Kind::TrueFalse => Asks::TrueFalse,
            _ if is_date_or_number(self.answer) => Asks::DateOrNumber,
            Kind::Choice => Asks::Choice,
            Kind::Cloze => Asks::Cloze,
            Kind::Text => Asks::Text,
        }
    }
}

/// Whether an answer is a date or a number: made of months' names and whole numbers (`3`,
/// `1965`, `3rd`, `1950s`), with at most `of`, `the`, `in` or `on` between them.
fn is_date_or_number(answer: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let mut dated = false;
    for word in answer
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        let lower = word.to_lowercase();
        let digits = lower.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
        if MONTHS.contains(&lower.as_str())
            || (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        {
            dated = true;
        } else if !matches!(lower.as_str(), "of" | "the" | "in" | "on") {
            return false;
        }
    }
    dated
}

/// Orders candidates into a queue. Learning cards come first and are never held back (they are
/// under way). A review or new card is held back (it waits for another day) when a sibling or a
/// related card was seen today (see [`SeenToday`]) or is already in the queue. Reviews keep
/// their order. New cards (given in the deck's order) are introduced with runs broken up: the
/// next card is chosen among the first [`NEW_CARD_WINDOW`] cards not yet introduced and not held
/// back, the first of them that does not *repeat* the card introduced just before (the same
/// sort of question, [`Asks`], or the same tags as each of the two cards before); if they all
/// do, the first of them, which is also taken once it has been passed over [`MAX_PASSED_OVER`]
/// times.
pub fn assemble<T: Candidate>(
    learning: Vec<T>,
    reviews: Vec<T>,
    new: Vec<T>,
    seen: SeenToday<'_>,
    limits: Limits,
) -> Vec<T> {
    let mut apart = Apart {
        seen,
        notes: HashSet::new(),
        cards: HashSet::new(),
    };
    let mut queue = Vec::with_capacity(learning.len() + reviews.len() + new.len());
    for card in learning {
        apart.take(&card);
        queue.push(card);
    }
    let mut count = 0;
    for card in reviews {
        if count >= limits.reviews {
            break;
        }
        if apart.holds_back(&card) {
            continue;
        }
        apart.take(&card);
        queue.push(card);
        count += 1;
    }
    introduce(new, limits.new, &mut apart, &mut queue);
    queue
}

/// The siblings and related cards of what is seen today or queued.
struct Apart<'a> {
    seen: SeenToday<'a>,
    /// Notes and cards queued.
    notes: HashSet<CardId>,
    cards: HashSet<CardId>,
}

impl Apart<'_> {
    fn holds_back(&self, card: &impl Candidate) -> bool {
        let note_seen = card
            .sibling_note()
            .is_some_and(|note| self.seen.notes.contains(note) || self.notes.contains(note));
        note_seen
            || card
                .related()
                .iter()
                .any(|other| self.seen.cards.contains(other) || self.cards.contains(other))
    }

    fn take(&mut self, card: &impl Candidate) {
        if let Some(note) = card.sibling_note() {
            self.notes.insert(note.clone());
        }
        self.cards.insert(card.card().clone());
    }
}

/// Introduces up to `limit` of the `new` cards (given in the deck's order) into `queue`, with
/// runs broken up. The next card is chosen among the first [`NEW_CARD_WINDOW`] cards not yet
/// introduced and not held back: the first of them that does not *repeat* the card introduced
/// just before; if they all do, the first of them. A card repeats the one before when it asks
/// the same sort of question ([`Asks`]: a date after a date, a true/false after a true/false),
/// or when it has the same tags, not none, as each of the two cards before (a third card in a
/// row on one topic). The first card is taken all the same once it has been passed over
/// [`MAX_PASSED_OVER`] times, so no card moves more than a few places from where the deck has
/// it, and an edit to a deck changes the order only around the edit. Each queue starts afresh
/// with the first card not yet introduced.
fn introduce<T: Candidate>(new: Vec<T>, limit: u32, apart: &mut Apart<'_>, queue: &mut Vec<T>) {
    let mut pending: Vec<Option<T>> = new.into_iter().map(Some).collect();
    let mut passed_over = vec![0_u32; pending.len()];
    let mut first = 0;
    // The asks and tags of the last two cards introduced, latest first.
    let mut recent: Vec<(Asks, Vec<String>)> = Vec::new();
    let mut count = 0;
    while count < limit {
        // The window: the first cards still pending and not held back (a card held back now
        // stays held back, since the queue only grows).
        let mut window: Vec<usize> = Vec::with_capacity(NEW_CARD_WINDOW);
        let mut index = first;
        while window.len() < NEW_CARD_WINDOW && index < pending.len() {
            if let Some(card) = &pending[index] {
                if apart.holds_back(card) {
                    pending[index] = None;
                } else {
                    window.push(index);
                }
            }
            index += 1;
        }
        while first < pending.len() && pending[first].is_none() {
            first += 1;
        }
        let Some(&head) = window.first() else {
            break;
        };
        let repeats = |index: usize| {
            pending[index]
                .as_ref()
                .is_some_and(|card| repeats(&card.sort(), &recent))
        };
        let chosen = if passed_over[head] >= MAX_PASSED_OVER {
            head
        } else {
            window
                .iter()
                .copied()
                .find(|&index| !repeats(index))
                .unwrap_or(head)
        };
        if chosen != head {
            passed_over[head] += 1;
        }
        let Some(card) = pending[chosen].take() else {
            break;
        };
        let sort = card.sort();
        recent.insert(0, (sort.asks(), sort.tags.to_vec()));
        recent.truncate(2);
        apart.take(&card);
        queue.push(card);
        count += 1;
    }
}

/// Whether a card of this sort repeats the cards introduced just before it (latest first).
fn repeats(sort: &Sort<'_>, recent: &[(Asks, Vec<String>)]) -> bool {
    let Some((last_asks, _)) = recent.first() else {
        return false;
    };
    let same_topic = !sort.tags.is_empty()
        && recent.len() == 2
        && recent.iter().all(|(_, tags)| tags.as_slice() == sort.tags);
    sort.asks() == *last_asks || same_topic
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test candidate: `c.1`-style ids are cloze gaps of note `c`; the kind is given by the
    /// id's first letter (`d` a year card, `t` true/false, else text).
    #[derive(Debug, Clone, PartialEq)]
    struct Card {
        id: CardId,
        note: Option<CardId>,
        related: Vec<CardId>,
        kind: Kind,
        tags: Vec<String>,
    }

    fn card(id: &str) -> Card {
        let kind = match id.as_bytes().first() {
            Some(b'd') => Kind::Year,
            Some(b't') => Kind::TrueFalse,
            _ => Kind::Text,
        };
        Card {
            id: id.parse().expect("an id"),
            note: id
                .split_once('.')
                .map(|(note, _)| note.parse().expect("an id")),
            related: Vec::new(),
            kind,
            tags: Vec::new(),
        }
    }

    fn related(id: &str, others: &[&str]) -> Card {
        Card {
            related: others.iter().map(|o| o.parse().expect("an id")).collect(),
            ..card(id)
        }
    }

    fn tagged(id: &str, tags: &[&str]) -> Card {
        Card {
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..card(id)
        }
    }

    impl Candidate for Card {
        fn card(&self) -> &CardId {
            &self.id
        }
        fn sibling_note(&self) -> Option<&CardId> {
            self.note.as_ref()
        }
        fn related(&self) -> &[CardId] {
            &self.related
        }
        fn sort(&self) -> Sort<'_> {
            Sort {
                kind: self.kind,
                answer: "x",
                tags: &self.tags,
            }
        }
    }

    fn ids(cards: &[Card]) -> Vec<&str> {
        cards.iter().map(|c| c.id.as_str()).collect()
    }

    fn set(ids: &[&str]) -> HashSet<CardId> {
        ids.iter().map(|s| s.parse().expect("an id")).collect()
    }

    const ALL: Limits = Limits {
        reviews: 100,
        new: 100,
    };

    #[test]
    fn assembles_in_order_within_limits_and_keeps_siblings_and_related_cards_apart() {
        struct Case {
            name: &'static str,
            learning: Vec<Card>,
            reviews: Vec<Card>,
            new: Vec<Card>,
            seen_notes: Vec<&'static str>,
            seen_cards: Vec<&'static str>,
            limits: Limits,
            expected: Vec<&'static str>,
        }
        let case = |name, learning, reviews, new, expected| Case {
            name,
            learning,
            reviews,
            new,
            seen_notes: vec![],
            seen_cards: vec![],
            limits: ALL,
            expected,
        };
        let cases = [
            case(
                "learning, then reviews, then new",
                vec![card("l")],
                vec![card("r1"), card("r2")],
                vec![card("n1"), card("n2")],
                vec!["l", "r1", "r2", "n1", "n2"],
            ),
            Case {
                limits: Limits { reviews: 1, new: 0 },
                ..case(
                    "limits cut reviews and new, never learning",
                    vec![card("l1"), card("l2")],
                    vec![card("r1"), card("r2"), card("r3")],
                    vec![card("n1"), card("n2")],
                    vec!["l1", "l2", "r1"],
                )
            },
            case(
                "one sibling per note, the rest wait",
                vec![],
                vec![card("c.1")],
                vec![card("c.2"), card("c.3"), card("e.1"), card("e.2")],
                vec!["c.1", "e.1"],
            ),
            Case {
                seen_notes: vec!["c"],
                ..case(
                    "a note seen today waits for tomorrow",
                    vec![],
                    vec![card("c.2")],
                    vec![card("c.3"), card("e")],
                    vec!["e"],
                )
            },
            Case {
                limits: Limits {
                    reviews: 10,
                    new: 2,
                },
                ..case(
                    "cards held back do not use up the limit",
                    vec![],
                    vec![],
                    vec![card("c.1"), card("c.2"), card("x"), card("y")],
                    vec!["c.1", "x"],
                )
            },
            Case {
                seen_notes: vec!["c"],
                ..case(
                    "a learning sibling holds the others back",
                    vec![card("c.1")],
                    vec![card("c.2")],
                    vec![],
                    vec!["c.1"],
                )
            },
            case(
                "a related card queued holds the other back, either way round",
                vec![],
                vec![related("r1", &["n2"]), card("r2")],
                vec![card("n1"), related("n2", &["r1"]), related("n3", &["n1"])],
                vec!["r1", "r2", "n1"],
            ),
            case(
                "a learning card holds its related cards back",
                vec![related("l", &["r"])],
                vec![related("r", &["l"])],
                vec![related("n", &["l"]), card("m")],
                vec!["l", "m"],
            ),
            Case {
                seen_cards: vec!["a"],
                ..case(
                    "a card related to one seen today waits for tomorrow",
                    vec![],
                    vec![related("r", &["a"]), card("s")],
                    vec![related("n", &["a"]), card("m")],
                    vec!["s", "m"],
                )
            },
        ];
        for case in cases {
            let notes = set(&case.seen_notes);
            let cards = set(&case.seen_cards);
            let queue = assemble(
                case.learning,
                case.reviews,
                case.new,
                SeenToday {
                    notes: &notes,
                    cards: &cards,
                },
                case.limits,
            );
            assert_eq!(ids(&queue), case.expected, "{}", case.name);
        }
    }

    fn introduced(new: Vec<Card>, limit: u32) -> Vec<String> {
        let empty = HashSet::new();
        let queue = assemble(
            vec![],
            vec![],
            new,
            SeenToday {
                notes: &empty,
                cards: &empty,
            },
            Limits {
                reviews: 0,
                new: limit,
            },
        );
        queue.iter().map(|c| c.id.to_string()).collect()
    }

    #[test]
    fn new_cards_come_in_deck_order_with_runs_broken_up() {
        let cards = |ids: &[&str]| ids.iter().map(|id| card(id)).collect::<Vec<_>>();
        let cases: [(&str, Vec<Card>, Vec<&str>); 6] = [
            (
                "no runs: the deck's order",
                cards(&["a", "d1", "b", "t1", "c", "d2"]),
                vec!["a", "d1", "b", "t1", "c", "d2"],
            ),
            (
                "a date never follows a date when another card is near",
                cards(&["d1", "d2", "d3", "a", "b", "c"]),
                vec!["d1", "a", "d2", "b", "d3", "c"],
            ),
            (
                "true/false cards are spread out too",
                cards(&["t1", "t2", "a", "t3", "b"]),
                vec!["t1", "a", "t2", "b", "t3"],
            ),
            (
                "nothing else within the window: the run goes on until another card is in sight",
                cards(&[
                    "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "a",
                ]),
                vec![
                    "d1", "d2", "d3", "a", "d4", "d5", "d6", "d7", "d8", "d9", "d10",
                ],
            ),
            (
                "a card passed over comes right after the one taken in its place",
                cards(&["a", "b", "c", "t1", "t2", "e"]),
                // After `a`, `b` repeats it (text after text) and is passed over for `t1`;
                // then it is taken. So is `c` for `t2`. `e` repeats `c`, but nothing else is
                // left.
                vec!["a", "t1", "b", "t2", "c", "e"],
            ),
            (
                "a limit takes the first cards of that order",
                cards(&["d1", "d2", "a", "b"]),
                vec!["d1", "a"],
            ),
        ];
        for (name, new, expected) in cases {
            let limit = if name.starts_with("a limit") { 2 } else { 100 };
            assert_eq!(introduced(new, limit), expected, "{name}");
        }
    }

    #[test]
    fn a_third_card_in_a_row_on_one_topic_waits_for_another_topic() {
        let new = vec![
            tagged("a", &["1947", "war"]),
            tagged("t1", &["1947", "war"]),
            tagged("b", &["1947", "war"]),
            tagged("d1", &["1947", "war"]),
            tagged("c", &["1958", "aid"]),
        ];
        // `a`, `t1` on one topic; `b` would be the third, `d1` too: `c` comes first. Then `b`
        // is text after text, and `d1` (a date after text, after two topics) comes before it.
        assert_eq!(introduced(new, 100), ["a", "t1", "c", "d1", "b"]);
    }

    #[test]
    fn a_card_passed_over_twice_is_taken_next() {
        let new = vec![
            tagged("w", &["W"]),
            tagged("dx", &["X"]),
            tagged("dh", &["X"]),
            tagged("j", &["X"]),
            tagged("dk", &["K"]),
            tagged("m", &["M"]),
        ];
        // `dh` is passed over for `j` (a date after a date), then for `dk` (a third card on
        // topic X); after `dk` it would repeat again (a date after a date), but it has waited
        // long enough: `m` comes after it.
        assert_eq!(introduced(new, 100), ["w", "dx", "j", "dk", "dh", "m"]);
    }

    #[test]
    fn no_card_moves_far_from_its_place() {
        // Whatever the kinds and tags, a card is introduced within a window's length of its
        // place in the deck.
        let kinds = ["a", "d", "t"];
        for pattern in 0..3_u32.pow(9) {
            let mut new = Vec::new();
            let mut rest = pattern;
            for i in 0..9 {
                let kind = kinds[(rest % 3) as usize];
                rest /= 3;
                new.push(tagged(&format!("{kind}{i}"), &["same"]));
            }
            let order = introduced(new.clone(), 100);
            assert_eq!(order.len(), 9);
            for (place, id) in order.iter().enumerate() {
                let written = new
                    .iter()
                    .position(|c| c.id.as_str() == id)
                    .expect("a card");
                assert!(
                    written.abs_diff(place) < NEW_CARD_WINDOW,
                    "{pattern}: {order:?}"
                );
            }
        }
    }

    #[test]
    fn dates_and_numbers_are_told_by_kind_and_answer() {
        let sort = |kind, answer| Sort {
            kind,
            answer,
            tags: &[],
        };
        let cases = [
            (sort(Kind::Year, "1955"), Asks::DateOrNumber),
            (sort(Kind::Number, "3"), Asks::DateOrNumber),
            (sort(Kind::Text, "December"), Asks::DateOrNumber),
            (sort(Kind::Choice, "April 1965"), Asks::DateOrNumber),
            (sort(Kind::Cloze, "17th"), Asks::DateOrNumber),
            (sort(Kind::Text, "Karachi"), Asks::Text),
            (sort(Kind::Text, "U-2 incident"), Asks::Text),
            (sort(Kind::Text, "the 1950s"), Asks::DateOrNumber),
            (sort(Kind::Text, "May the 4th"), Asks::DateOrNumber),
            (sort(Kind::Choice, "India"), Asks::Choice),
            (sort(Kind::Cloze, "trade"), Asks::Cloze),
            (sort(Kind::TrueFalse, "true"), Asks::TrueFalse),
        ];
        for (sort, asks) in cases {
            assert_eq!(sort.asks(), asks, "{sort:?}");
        }
    }
}
