//! From a review log to the `fsrs` crate's training items, the way Anki (`reviews_for_fsrs`)
//! and fsrs-rs convert a revlog:
//!
//! - only a card's last run of learning answers and what follows count (answers before a
//!   reset, or a history that starts in review, as an imported card's may, teach nothing about
//!   how that card was learnt: such a card is left out of training);
//! - `delta_t` is the number of study days (rolling over at 04:00 local time) between an
//!   answer and the previous one, 0 for answers on the same day and for the first;
//! - each answer after the first gives one item, the card's answers up to it, kept only when it
//!   came on a later day than the previous one (same-day answers are in the histories, never
//!   predicted);
//! - items are ordered by the time of the answer they predict, for time-series splits.
//!
//! The same rows give the simulator's answer costs and button habits (`TrainingSet::revlog`).

use fsrs::{FSRSItem, FSRSReview, RevlogEntry, RevlogReviewKind};
use jiff::tz::TimeZone;

use crate::scheduler::{Rating, State};
use crate::time::{DAY_ROLLOVER_HOUR, Timestamp};

/// One study answer of a card.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answer {
    pub at: Timestamp,
    pub rating: Rating,
    /// The card's state when it was answered (new and learning answers are learning steps).
    pub state_before: State,
    pub duration_ms: Option<i64>,
}

/// The items of a history, in time order, with what they came from.
#[derive(Debug, Clone, Default)]
pub struct TrainingSet {
    pub items: Vec<FSRSItem>,
    /// For each item, the card it comes from (a number per card, in reading order).
    pub card_ids: Vec<i64>,
    /// For each item, when the answer it predicts was given.
    pub times: Vec<Timestamp>,
    /// Answers read.
    pub answers: u64,
    /// Cards with at least one item.
    pub cards: usize,
    /// Cards left out: their history does not start with learning.
    pub incomplete_cards: usize,
    /// Every answer read, as the simulator's revlog entries (costs and button habits).
    pub revlog: Vec<RevlogEntry>,
}

/// The study day an instant falls in, as a day number (days since 1970-01-01): the day rolls
/// over at 04:00 local time.
pub fn day_number(at: Timestamp, tz: &TimeZone) -> i64 {
    let shifted = at.minus(std::time::Duration::from_hours(
        u64::try_from(DAY_ROLLOVER_HOUR).unwrap_or(4),
    ));
    let Ok(instant) = jiff::Timestamp::from_millisecond(shifted.millis()) else {
        return shifted.millis().div_euclid(86_400_000);
    };
    let date = instant.to_zoned_datetime(tz.clone()).date();
    let epoch = jiff::civil::date(1970, 1, 1);
    date.since(epoch).map_or_else(
        |_| shifted.millis().div_euclid(86_400_000),
        |span| i64::from(span.get_days()),
    )
}

/// Collects answers card by card (all of one card's answers together, oldest first) into a
/// [`TrainingSet`].
#[derive(Debug)]
pub struct Collector {
    tz: TimeZone,
    current: Option<(String, String)>,
    answers: Vec<Answer>,
    next_card: i64,
    items: Vec<(Timestamp, i64, FSRSItem)>,
    read: u64,
    cards: usize,
    incomplete: usize,
    revlog: Vec<RevlogEntry>,
}

impl Collector {
    pub fn new(tz: TimeZone) -> Collector {
        Collector {
            tz,
            current: None,
            answers: Vec::new(),
            next_card: 0,
            items: Vec::new(),
            read: 0,
            cards: 0,
            incomplete: 0,
            revlog: Vec::new(),
        }
    }

    /// Takes the next answer; answers of a card must come together, oldest first.
    pub fn push(&mut self, deck: &str, card: &str, answer: Answer) {
        let same = self
            .current
            .as_ref()
            .is_some_and(|(d, c)| d == deck && c == card);
        if !same {
            self.flush();
            self.current = Some((deck.to_owned(), card.to_owned()));
        }
        self.read += 1;
        self.revlog.push(RevlogEntry {
            id: answer.at.millis(),
            cid: self.next_card,
            button_chosen: answer.rating.number(),
            taken_millis: answer
                .duration_ms
                .and_then(|ms| u32::try_from(ms).ok())
                .unwrap_or(0),
            review_kind: match answer.state_before {
                State::New | State::Learning => RevlogReviewKind::Learning,
                State::Review => RevlogReviewKind::Review,
                State::Relearning => RevlogReviewKind::Relearning,
            },
            ..RevlogEntry::default()
        });
        self.answers.push(answer);
    }

    fn flush(&mut self) {
        if self.answers.is_empty() {
            return;
        }
        let card = self.next_card;
        self.next_card += 1;
        let days: Vec<i64> = self
            .answers
            .iter()
            .map(|a| day_number(a.at, &self.tz))
            .collect();
        match card_items(&self.answers, &days) {
            None => self.incomplete += 1,
            Some(items) => {
                if !items.is_empty() {
                    self.cards += 1;
                }
                self.items
                    .extend(items.into_iter().map(|(at, item)| (at, card, item)));
            }
        }
        self.answers.clear();
    }

    /// The training set, items in time order.
    pub fn finish(mut self) -> TrainingSet {
        self.flush();
        self.items.sort_by_key(|(at, card, _)| (*at, *card));
        let mut set = TrainingSet {
            items: Vec::with_capacity(self.items.len()),
            card_ids: Vec::with_capacity(self.items.len()),
            times: Vec::with_capacity(self.items.len()),
            answers: self.read,
            cards: self.cards,
            incomplete_cards: self.incomplete,
            revlog: self.revlog,
        };
        for (at, card, item) in self.items {
            set.times.push(at);
            set.card_ids.push(card);
            set.items.push(item);
        }
        set
    }
}

/// The training items of one card's answers (oldest first; `days` their study day numbers):
/// `None` when the history has no learning answers to start from.
pub fn card_items(answers: &[Answer], days: &[i64]) -> Option<Vec<(Timestamp, FSRSItem)>> {
    let learning = |a: &Answer| matches!(a.state_before, State::New | State::Learning);
    // The last run of learning answers: everything before it was reset or is not this
    // learning's history.
    let last = answers.iter().rposition(learning)?;
    let mut start = last;
    while start > 0 && learning(&answers[start - 1]) {
        start -= 1;
    }
    let kept = &answers[start..];
    let days = &days[start..];
    let reviews: Vec<FSRSReview> = kept
        .iter()
        .enumerate()
        .map(|(i, answer)| FSRSReview {
            rating: u32::from(answer.rating.number()),
            delta_t: if i == 0 {
                0
            } else {
                u32::try_from(days[i] - days[i - 1]).unwrap_or(0)
            },
        })
        .collect();
    Some(
        (1..kept.len())
            .filter(|&i| reviews[i].delta_t > 0)
            .map(|i| {
                (
                    kept[i].at,
                    FSRSItem {
                        reviews: reviews[..=i].to_vec(),
                    },
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a time")
    }

    fn answer(time: &str, rating: Rating, state: State) -> Answer {
        Answer {
            at: at(time),
            rating,
            state_before: state,
            duration_ms: Some(4000),
        }
    }

    fn items(answers: &[Answer]) -> Option<Vec<Vec<(u32, u32)>>> {
        let days: Vec<i64> = answers
            .iter()
            .map(|a| day_number(a.at, &TimeZone::UTC))
            .collect();
        card_items(answers, &days).map(|items| {
            items
                .into_iter()
                .map(|(_, item)| item.reviews.iter().map(|r| (r.rating, r.delta_t)).collect())
                .collect()
        })
    }

    #[test]
    fn study_days_roll_over_at_four_in_the_morning() {
        let tz = TimeZone::UTC;
        let day = |t| day_number(at(t), &tz);
        assert_eq!(day("1970-01-01T04:00:00Z"), 0);
        assert_eq!(day("1970-01-02T03:59:59Z"), 0);
        assert_eq!(day("1970-01-02T04:00:00Z"), 1);
        assert_eq!(day("2026-12-07T09:00:00Z") - day("2026-12-06T23:00:00Z"), 1);
        assert_eq!(day("2026-12-07T03:00:00Z") - day("2026-12-06T23:00:00Z"), 0);
    }

    #[test]
    fn learning_steps_stay_in_the_history_and_only_later_days_are_predicted() {
        use Rating::{Again, Good, Hard};
        use State::{Learning, New, Relearning, Review};
        let history = [
            answer("2026-01-01T09:00:00Z", Again, New),
            answer("2026-01-01T09:01:00Z", Good, Learning),
            answer("2026-01-01T09:11:00Z", Good, Learning),
            answer("2026-01-03T10:00:00Z", Good, Review),
            answer("2026-01-09T10:00:00Z", Again, Review),
            answer("2026-01-09T10:10:00Z", Hard, Relearning),
            answer("2026-01-10T02:00:00Z", Good, Review),
            answer("2026-01-12T08:00:00Z", Good, Review),
        ];
        let got = items(&history).expect("complete history");
        assert_eq!(
            got,
            [
                vec![(1, 0), (3, 0), (3, 0), (3, 2)],
                vec![(1, 0), (3, 0), (3, 0), (3, 2), (1, 6)],
                // 02:00 on the 10th is still the study day of the 9th.
                vec![
                    (1, 0),
                    (3, 0),
                    (3, 0),
                    (3, 2),
                    (1, 6),
                    (2, 0),
                    (3, 0),
                    (3, 3)
                ],
            ]
        );
    }

    #[test]
    fn a_history_without_learning_is_left_out_and_a_relearnt_card_starts_again() {
        use Rating::{Easy, Good};
        use State::{Learning, New, Review};
        let imported = [
            answer("2026-01-01T09:00:00Z", Good, Review),
            answer("2026-01-05T09:00:00Z", Good, Review),
        ];
        assert_eq!(items(&imported), None);
        // A card reset to new and learnt again: only the second learning counts.
        let reset = [
            answer("2026-01-01T09:00:00Z", Good, New),
            answer("2026-01-03T09:00:00Z", Good, Review),
            answer("2026-02-01T09:00:00Z", Easy, New),
            answer("2026-02-01T09:05:00Z", Good, Learning),
            answer("2026-02-04T09:00:00Z", Good, Review),
        ];
        assert_eq!(
            items(&reset).expect("complete"),
            [vec![(4, 0), (3, 0), (3, 3)]]
        );
    }

    #[test]
    fn the_collector_orders_items_by_time_and_counts_cards() {
        use Rating::Good;
        use State::{New, Review};
        let mut collector = Collector::new(TimeZone::UTC);
        collector.push("d", "a", answer("2026-01-01T09:00:00Z", Good, New));
        collector.push("d", "a", answer("2026-01-05T09:00:00Z", Good, Review));
        collector.push("d", "b", answer("2026-01-01T10:00:00Z", Good, New));
        collector.push("d", "b", answer("2026-01-03T09:00:00Z", Good, Review));
        collector.push("d", "c", answer("2026-01-03T09:00:00Z", Good, Review));
        let set = collector.finish();
        assert_eq!(set.answers, 5);
        assert_eq!(set.cards, 2);
        assert_eq!(set.incomplete_cards, 1);
        assert_eq!(set.card_ids, [1, 0]);
        assert_eq!(set.items[0].reviews[1].delta_t, 2);
        assert_eq!(set.revlog.len(), 5);
    }
}
