//! The bundled deck studied through the use cases, in memory: every pair of cards that give
//! each other away is kept apart by the study queue, and a new learner's first two weeks never
//! show, on one study day, a card that reveals the answer of a card shown later that day.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::time::Duration;

use anyhow::Result;

use super::testing::{at, store_with};
use super::{Scope, queue, session};
use crate::deck::reveals::{Related, reveals};
use crate::deck::{CardId, Deck, Kind, Origin, load_str};
use crate::scheduler::{CardState, Purpose, Rating, State};
use crate::session::{Action, Config, FrontEnd, Step, View, drive};
use crate::store::{Commit, ReviewRecord, Reviews};
use crate::time::{Clock, StudyDay, Timestamp};

fn bundled_deck() -> Deck {
    load_str(
        include_str!("../../decks/pakistan-soviet-relations.toml"),
        Origin::Bundled("pakistan-soviet-relations.toml"),
    )
    .deck
    .expect("the bundled deck is valid")
}

fn scope(now: Timestamp) -> Scope {
    Scope {
        profile: "me".into(),
        now,
        tz: jiff::tz::TimeZone::UTC.into(),
    }
}

/// Records a right answer to a new card at `when`, as a study session would.
fn answer_new(store: &mut crate::store::Store, deck: &Deck, card: &CardId, when: Timestamp) {
    let commit = store
        .record(&ReviewRecord {
            profile: "me".into(),
            deck: deck.id.clone(),
            card: card.clone(),
            at: when,
            rating: Rating::Good,
            answer: None,
            expected: "x".into(),
            verdict: None,
            correct: true,
            duration_ms: None,
            purpose: Purpose::Study,
            before: CardState::default(),
            after: Some(CardState {
                state: State::Review,
                due: Some(when.plus_days(3)),
                last_review: Some(when),
                scheduled_days: 3,
                reps: 1,
                ..CardState::default()
            }),
            elapsed_days: None,
            session: None,
        })
        .expect("record");
    assert!(matches!(commit, Commit::Done(_)));
}

#[test]
fn every_pair_the_reveals_report_lists_is_kept_apart_by_the_queue() {
    let mut deck = bundled_deck();
    // Every new card may come today: only being related holds one back.
    deck.schedule.new_per_day = 10_000;
    let pairs = reveals(&deck);
    assert!(pairs.len() > 40, "{} pairs", pairs.len());
    let morning = at("2026-12-02T09:00:00Z");
    let later = scope(at("2026-12-02T11:00:00Z"));
    let mut kept_apart = 0;
    for pair in &pairs {
        for (first, second) in [(&pair.card, &pair.revealed), (&pair.revealed, &pair.card)] {
            let (mut store, decks) = store_with(&[&deck], &later);
            answer_new(&mut store, &deck, first, morning);
            let queued: Vec<CardId> = queue::study(&store, &later, &decks, None, &[])
                .expect("queue")
                .into_iter()
                .map(|item| item.card.id)
                .collect();
            assert!(
                !queued.contains(second),
                "`{first}` was answered this morning, yet `{second}` is queued (`{}` reveals `{}`)",
                pair.card,
                pair.revealed
            );
            // The queue still offers the cards that are not related.
            assert!(queued.len() > 100, "{} cards queued", queued.len());
            kept_apart += 1;
        }
    }
    assert_eq!(kept_apart, 2 * pairs.len());
}

/// A clock that moves on a little every time it is read: a learner who takes their time.
struct Ticking(Cell<Timestamp>);

impl Clock for Ticking {
    fn now(&self) -> Timestamp {
        let now = self.0.get();
        self.0.set(now.plus(Duration::from_secs(15)));
        now
    }
}

/// A learner who answers right or wrong as a seeded coin says, and notes every card shown.
struct Learner {
    /// Out of 100, how often the learner is right.
    right_percent: u64,
    state: u64,
    shown: Vec<(CardId, Timestamp)>,
}

impl Learner {
    fn new(right_percent: u64, seed: u64) -> Learner {
        Learner {
            right_percent,
            state: seed,
            shown: Vec::new(),
        }
    }

    fn coin(&mut self) -> u64 {
        // A 64-bit linear congruential generator (Knuth's MMIX constants).
        self.state = self
            .state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.state >> 33) % 100
    }
}

impl FrontEnd for Learner {
    fn show(&mut self, step: &Step, now: Timestamp) -> Result<Option<Action>> {
        Ok(match &step.view {
            View::Ask(prompt) => {
                self.shown.push((prompt.card.id.clone(), now));
                let right = self.coin() < self.right_percent;
                let card = &prompt.card;
                let reply = match (card.kind, right) {
                    (_, true) => card.answer.clone(),
                    (Kind::TrueFalse, false) if card.answer == "true" => "false".to_owned(),
                    (Kind::TrueFalse, false) => "true".to_owned(),
                    (_, false) => "I do not know".to_owned(),
                };
                Some(Action::Answer(reply))
            }
            View::Feedback(_) | View::Reveal(_) => Some(Action::Continue),
            View::Finished(_) => None,
        })
    }
}

/// Walks a new learner through 14 study days of the bundled deck, four sessions a day (the last
/// after midnight, still in the same study day), and returns each day's cards in the order
/// shown, with how many were new.
fn two_weeks(right_percent: u64, seed: u64) -> Vec<(Vec<CardId>, usize)> {
    let deck = bundled_deck();
    let start = at("2026-12-01T08:00:00Z");
    let (mut store, decks) = store_with(&[&deck], &scope(start));
    let mut learner = Learner::new(right_percent, seed);
    let mut days = Vec::new();
    for day in 0..14 {
        let mut shown_today = Vec::new();
        let mut new_today = 0;
        // 08:00, 13:00, 21:00 and 02:30 the next morning (a study day ends at 04:00).
        for minutes in [0, 300, 780, 1110] {
            let now = start.plus_days(day).plus(Duration::from_mins(minutes));
            let scope = scope(now);
            let items = queue::study(&store, &scope, &decks, None, &[]).expect("queue");
            new_today += items.iter().filter(|i| i.state.state == State::New).count();
            if items.is_empty() {
                continue;
            }
            let clock = Ticking(Cell::new(now));
            let config = Config::new(Purpose::Study, seed);
            let (mut engine, first, mut host) =
                session::start(&mut store, "me", &decks, items, config, &clock).expect("start");
            learner.shown.clear();
            drive(&mut engine, first, &mut host, &mut learner).expect("session");
            for (card, when) in learner.shown.drain(..) {
                assert_eq!(
                    StudyDay::containing(when, &scope.tz),
                    scope.today(),
                    "a session stays within its study day"
                );
                shown_today.push(card);
            }
        }
        days.push((shown_today, new_today));
    }
    days
}

/// Asserts that no card shown on a day reveals the answer of a card shown later that day (nor
/// is a cloze sibling or otherwise related to it), and that the walk studied a good part of
/// the deck.
fn assert_nothing_given_away(days: &[(Vec<CardId>, usize)]) {
    let deck = bundled_deck();
    let revealing: BTreeSet<(CardId, CardId)> = reveals(&deck)
        .into_iter()
        .map(|r| (r.card, r.revealed))
        .collect();
    let related = Related::of(&deck);
    let note = |id: &CardId| id.note_part().to_owned();
    let mut introduced = HashSet::new();
    for (day, (shown, new)) in days.iter().enumerate() {
        let mut first_seen: BTreeMap<&CardId, usize> = BTreeMap::new();
        for (at, card) in shown.iter().enumerate() {
            first_seen.entry(card).or_insert(at);
            introduced.insert(card.clone());
        }
        for (earlier, card) in shown.iter().enumerate() {
            for later in &shown[earlier + 1..] {
                if later == card {
                    continue;
                }
                assert!(
                    !revealing.contains(&(card.clone(), later.clone())),
                    "day {day}: `{card}` reveals `{later}`, shown later that day"
                );
                assert!(
                    !related.are_related(card, later),
                    "day {day}: related `{card}` and `{later}` both shown"
                );
                assert!(
                    note(card) != note(later),
                    "day {day}: cloze siblings `{card}` and `{later}` both shown"
                );
            }
        }
        if day == 0 {
            assert!(*new >= 15, "only {new} new cards on the first day");
        }
    }
    // Two weeks at up to 20 new cards a day: most of the deck is under way.
    assert!(
        introduced.len() >= 150,
        "{} cards studied in two weeks",
        introduced.len()
    );
}

#[test]
fn a_new_learner_who_answers_everything_right_meets_no_give_away_in_two_weeks() {
    let days = two_weeks(100, 1);
    assert_nothing_given_away(&days);
}

#[test]
fn a_new_learner_with_mixed_answers_meets_no_give_away_in_two_weeks() {
    for seed in [7, 2026] {
        let days = two_weeks(70, seed);
        assert_nothing_given_away(&days);
        // Wrong answers bring cards back the same day.
        let repeats: usize = days
            .iter()
            .map(|(shown, _)| shown.len() - shown.iter().collect::<HashSet<_>>().len())
            .sum();
        assert!(repeats > 50, "{repeats} cards came back");
    }
}
