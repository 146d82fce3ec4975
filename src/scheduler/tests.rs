//! Scheduler tests: replay of the py-fsrs 6.3.2 reference vectors, the learning-step and lapse
//! rules case by case, fuzz through the public API, robustness against corrupt input, and
//! property tests for the invariants every schedule must keep.

use std::time::Duration;

use proptest::prelude::*;
use serde::Deserialize;

use super::*;

/// An arbitrary fixed instant (2023-11-14T22:13:20Z); the vectors only use offsets from it.
const BASE: Timestamp = Timestamp::from_millis(1_700_000_000_000);
const DAY: Duration = Duration::from_hours(24);

fn at_secs(offset: i64) -> Timestamp {
    Timestamp::from_millis(BASE.millis() + offset * 1000)
}

fn approx_eq(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 1e-4 * expected.abs().max(1e-9)
}

fn policy(learning: &[Duration], relearning: &[Duration]) -> Policy {
    Policy {
        retention: 0.9,
        learning_steps: learning.to_vec(),
        relearning_steps: relearning.to_vec(),
        max_interval_days: 36_500,
        fuzz: false,
        parameters: Parameters::default(),
    }
}

fn mins(minutes: u64) -> Duration {
    Duration::from_mins(minutes)
}

/// A card in `state` on `step` that was last reviewed three days before `BASE`.
fn card(state: State, step: u32) -> CardState {
    let last = BASE.plus_days(-3);
    CardState {
        state,
        step,
        memory: Some(Memory {
            stability: 5.0,
            difficulty: 5.0,
        }),
        due: Some(BASE),
        last_review: Some(last),
        scheduled_days: if state == State::Review { 3 } else { 0 },
        reps: 4,
        lapses: 0,
    }
}

// ---------------------------------------------------------------------------------------------
// py-fsrs reference vectors

#[derive(Debug, Deserialize)]
struct Vectors {
    py_fsrs_version: String,
    cases: Vec<VectorCase>,
}

#[derive(Debug, Deserialize)]
struct VectorCase {
    name: String,
    fsrs_rs_divergence: Option<String>,
    scheduler: VectorSettings,
    reviews: Vec<VectorReview>,
}

#[derive(Debug, Deserialize)]
struct VectorSettings {
    desired_retention: f32,
    learning_steps_secs: Vec<u64>,
    relearning_steps_secs: Vec<u64>,
    maximum_interval_days: u32,
    enable_fuzzing: bool,
}

#[derive(Debug, Deserialize)]
struct VectorReview {
    offset_secs: i64,
    rating: u8,
    expected: Expected,
}

#[derive(Debug, Deserialize)]
struct Expected {
    state: String,
    step: Option<u32>,
    stability: f64,
    difficulty: f64,
    due_offset_secs: i64,
    interval_days: Option<u32>,
    elapsed_days: Option<u32>,
}

impl VectorSettings {
    fn policy(&self) -> Policy {
        let steps = |secs: &[u64]| secs.iter().copied().map(Duration::from_secs).collect();
        Policy {
            retention: self.desired_retention,
            learning_steps: steps(&self.learning_steps_secs),
            relearning_steps: steps(&self.relearning_steps_secs),
            max_interval_days: self.maximum_interval_days,
            fuzz: self.enable_fuzzing,
            parameters: Parameters::default(),
        }
    }
}

/// fsrs-rs's stability ceiling (`S_MAX`); py-fsrs has none.
const FSRS_RS_MAX_STABILITY: f64 = 36_500.0;

#[test]
fn replays_every_py_fsrs_reference_vector() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/scheduler/py-fsrs-vectors.json"
    ))
    .expect("the vectors file is in the repository");
    let vectors: Vectors = serde_json::from_str(&text).expect("the vectors file parses");
    assert_eq!(vectors.py_fsrs_version, "6.3.2");
    assert_eq!(vectors.cases.len(), 45, "every case is replayed");

    let scheduler = Scheduler::new();
    let mut reviews = 0;
    for case in &vectors.cases {
        let policy = case.scheduler.policy();
        assert!(!policy.fuzz, "{}: the vectors are unfuzzed", case.name);
        let mut card = CardState::default();
        for (number, review) in case.reviews.iter().enumerate() {
            let context = format!("{} review #{number}", case.name);
            let now = at_secs(review.offset_secs);
            let rating: Rating = review.rating.to_string().parse().expect("rating 1-4");
            let outcome = scheduler
                .review(&card, rating, now, &policy, 0)
                .expect("the vectors are valid reviews");
            let expected = &review.expected;
            let after = &outcome.after;

            assert_eq!(after.state.as_str(), expected.state, "{context}: state");
            assert_eq!(after.step, expected.step.unwrap_or(0), "{context}: step");
            assert_eq!(
                after.due,
                Some(at_secs(expected.due_offset_secs)),
                "{context}: due"
            );
            assert_eq!(outcome.elapsed_days, expected.elapsed_days, "{context}");
            assert_eq!(
                after.scheduled_days,
                expected.interval_days.unwrap_or(0),
                "{context}: scheduled days"
            );
            if let Some(days) = expected.interval_days {
                assert_eq!(outcome.interval, DAY * days, "{context}: interval");
            }

            let memory = after.memory.expect("every review leaves a memory");
            let expected_stability = if case.fsrs_rs_divergence.is_some() {
                expected.stability.min(FSRS_RS_MAX_STABILITY)
            } else {
                expected.stability
            };
            assert!(
                approx_eq(f64::from(memory.stability), expected_stability),
                "{context}: stability {} != {expected_stability}",
                memory.stability
            );
            assert!(
                approx_eq(f64::from(memory.difficulty), expected.difficulty),
                "{context}: difficulty {} != {}",
                memory.difficulty,
                expected.difficulty
            );
            assert_eq!(after.reps, card.reps + 1, "{context}: reps");
            assert_eq!(after.last_review, Some(now), "{context}: last review");
            card = outcome.after;
            reviews += 1;
        }
    }
    assert_eq!(reviews, 294, "every review is replayed");
}

// ---------------------------------------------------------------------------------------------
// Steps and lapses

/// Where a case expects the card: on a step with a delay, or in review.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lands {
    Step(State, u32, Duration),
    Review,
}

struct StepCase {
    name: &'static str,
    before: CardState,
    learning: Vec<Duration>,
    relearning: Vec<Duration>,
    rating: Rating,
    expected: Lands,
}

#[test]
fn learning_and_relearning_steps_follow_py_fsrs() {
    use Rating::{Again, Easy, Good, Hard};
    use State::{Learning, Relearning, Review};
    let default_learning = vec![mins(1), mins(10)];
    let default_relearning = vec![mins(10)];
    let case = |name, before: CardState, rating, expected| StepCase {
        name,
        before,
        learning: default_learning.clone(),
        relearning: default_relearning.clone(),
        rating,
        expected,
    };
    let with_steps = |mut case: StepCase, learning: &[Duration], relearning: &[Duration]| {
        case.learning = learning.to_vec();
        case.relearning = relearning.to_vec();
        case
    };
    let new = CardState::default();
    let cases = [
        case(
            "new_again_waits_first_step",
            new.clone(),
            Again,
            Lands::Step(Learning, 0, mins(1)),
        ),
        case(
            "new_hard_waits_halfway_to_second_step",
            new.clone(),
            Hard,
            Lands::Step(Learning, 0, Duration::from_secs(330)),
        ),
        case(
            "new_good_moves_to_second_step",
            new.clone(),
            Good,
            Lands::Step(Learning, 1, mins(10)),
        ),
        case("new_easy_graduates", new.clone(), Easy, Lands::Review),
        with_steps(
            case(
                "hard_with_one_step_waits_half_as_long_again",
                new.clone(),
                Hard,
                Lands::Step(Learning, 0, mins(15)),
            ),
            &[mins(10)],
            &[],
        ),
        with_steps(
            case(
                "hard_with_one_day_step_is_not_rounded_or_capped",
                new.clone(),
                Hard,
                Lands::Step(Learning, 0, Duration::from_hours(36)),
            ),
            &[DAY],
            &[],
        ),
        with_steps(
            case(
                "hard_keeps_sub_second_precision_to_the_millisecond",
                new.clone(),
                Hard,
                Lands::Step(Learning, 0, Duration::from_millis(91_500)),
            ),
            &[Duration::from_secs(61)],
            &[],
        ),
        with_steps(
            case(
                "hard_on_later_step_repeats_it",
                card(Learning, 1),
                Hard,
                Lands::Step(Learning, 1, mins(10)),
            ),
            &[mins(1), mins(10), mins(60)],
            &[],
        ),
        case(
            "good_on_last_step_graduates",
            card(Learning, 1),
            Good,
            Lands::Review,
        ),
        case(
            "again_on_later_step_restarts",
            card(Learning, 1),
            Again,
            Lands::Step(Learning, 0, mins(1)),
        ),
        case(
            "easy_on_first_step_graduates",
            card(Learning, 0),
            Easy,
            Lands::Review,
        ),
        with_steps(
            case(
                "no_learning_steps_again_graduates",
                new.clone(),
                Again,
                Lands::Review,
            ),
            &[],
            &[],
        ),
        with_steps(
            case(
                "no_learning_steps_hard_graduates",
                new.clone(),
                Hard,
                Lands::Review,
            ),
            &[],
            &[],
        ),
        case(
            "step_beyond_shortened_list_again_restarts",
            card(Learning, 5),
            Again,
            Lands::Step(Learning, 0, mins(1)),
        ),
        case(
            "step_beyond_shortened_list_hard_graduates",
            card(Learning, 5),
            Hard,
            Lands::Review,
        ),
        case(
            "step_beyond_shortened_list_good_graduates",
            card(Learning, 2),
            Good,
            Lands::Review,
        ),
        case(
            "step_beyond_shortened_list_easy_graduates",
            card(Learning, 2),
            Easy,
            Lands::Review,
        ),
        case(
            "relearning_step_beyond_shortened_list_again_restarts",
            card(Relearning, 1),
            Again,
            Lands::Step(Relearning, 0, mins(10)),
        ),
        case(
            "relearning_step_beyond_shortened_list_good_graduates",
            card(Relearning, 1),
            Good,
            Lands::Review,
        ),
        case(
            "relearning_hard_with_one_step_waits_half_as_long_again",
            card(Relearning, 0),
            Hard,
            Lands::Step(Relearning, 0, mins(15)),
        ),
        with_steps(
            case(
                "relearning_good_moves_to_next_step",
                card(Relearning, 0),
                Good,
                Lands::Step(Relearning, 1, mins(60)),
            ),
            &[mins(1)],
            &[mins(10), mins(60)],
        ),
        case(
            "relearning_good_on_last_step_graduates",
            card(Relearning, 0),
            Good,
            Lands::Review,
        ),
        case(
            "review_again_starts_relearning",
            card(Review, 0),
            Again,
            Lands::Step(Relearning, 0, mins(10)),
        ),
        with_steps(
            case(
                "review_again_without_relearning_steps_stays_in_review",
                card(Review, 0),
                Again,
                Lands::Review,
            ),
            &[mins(1)],
            &[],
        ),
        case(
            "review_hard_stays_in_review",
            card(Review, 0),
            Hard,
            Lands::Review,
        ),
        case(
            "review_easy_stays_in_review",
            card(Review, 0),
            Easy,
            Lands::Review,
        ),
    ];

    let scheduler = Scheduler::new();
    for case in cases {
        let mut policy = policy(&case.learning, &case.relearning);
        policy.fuzz = false;
        let outcome = scheduler
            .review(&case.before, case.rating, BASE, &policy, 0)
            .expect("valid review");
        let after = &outcome.after;
        let lands = match after.state {
            State::Review => {
                assert_eq!(after.step, 0, "{}: step", case.name);
                assert!(after.scheduled_days >= 1, "{}: scheduled days", case.name);
                assert_eq!(
                    outcome.interval,
                    DAY * after.scheduled_days,
                    "{}: interval",
                    case.name
                );
                Lands::Review
            }
            state => {
                assert_eq!(after.scheduled_days, 0, "{}: scheduled days", case.name);
                Lands::Step(state, after.step, outcome.interval)
            }
        };
        assert_eq!(lands, case.expected, "{}", case.name);
        assert_eq!(
            after.due,
            Some(BASE.plus(outcome.interval)),
            "{}",
            case.name
        );
        let lapsed = case.before.state == State::Review && case.rating == Rating::Again;
        assert_eq!(
            after.lapses,
            case.before.lapses + u32::from(lapsed),
            "{}: lapses",
            case.name
        );
    }
}

#[test]
fn lapse_without_relearning_steps_uses_the_lapsed_stability() {
    let scheduler = Scheduler::new();
    let mut before = card(State::Review, 0);
    before.memory = Some(Memory {
        stability: 100.0,
        difficulty: 5.0,
    });
    before.last_review = Some(BASE.plus_days(-100));
    let outcome = scheduler
        .review(&before, Rating::Again, BASE, &policy(&[], &[]), 0)
        .expect("valid review");
    let after = outcome.after;
    assert_eq!(after.state, State::Review);
    assert_eq!(after.lapses, 1);
    let stability = after.memory.expect("memory").stability;
    assert!(stability < 100.0, "a lapse lowers stability: {stability}");
    // At 90% retention FSRS's interval equals the stability in days.
    assert_eq!(
        after.scheduled_days,
        fuzz::review_days(stability, 36_500, None)
    );
}

#[test]
fn review_counts_and_timestamps_are_updated() {
    let scheduler = Scheduler::new();
    let before = card(State::Review, 0);
    for outcome in scheduler
        .preview(&before, BASE, &Policy::default(), 9)
        .expect("valid preview")
    {
        assert_eq!(outcome.after.reps, 5);
        assert_eq!(outcome.after.last_review, Some(BASE));
        assert_eq!(outcome.elapsed_days, Some(3));
    }
    let outcome = scheduler
        .review(
            &CardState::default(),
            Rating::Good,
            BASE,
            &Policy::default(),
            9,
        )
        .expect("valid review");
    assert_eq!(
        outcome.elapsed_days, None,
        "a new card has no previous review"
    );
    assert_eq!(outcome.after.reps, 1);
}

#[test]
fn max_interval_caps_review_intervals() {
    let scheduler = Scheduler::new();
    let mut before = card(State::Review, 0);
    before.memory = Some(Memory {
        stability: 400.0,
        difficulty: 3.0,
    });
    before.last_review = Some(BASE.plus_days(-400));
    for (maximum, fuzz, expected) in [(30, false, 30..=30), (30, true, 27..=30), (0, false, 1..=1)]
    {
        let policy = Policy {
            max_interval_days: maximum,
            fuzz,
            ..Policy::default()
        };
        let outcome = scheduler
            .review(&before, Rating::Easy, BASE, &policy, 3)
            .expect("valid review");
        assert!(
            expected.contains(&outcome.after.scheduled_days),
            "maximum {maximum}, fuzz {fuzz}: {}",
            outcome.after.scheduled_days
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Fuzz through the scheduler

/// A review card whose Good interval is 37 days unfuzzed (fuzz range [33, 41]).
fn card_due_for_about_37_days(scheduler: &Scheduler) -> CardState {
    let mut before = card(State::Review, 0);
    before.last_review = Some(BASE.plus_days(-20));
    before.scheduled_days = 20;
    // Search a stability whose Good interval is 37 days, so the test does not depend on the
    // exact FSRS numbers.
    let policy = Policy {
        fuzz: false,
        ..Policy::default()
    };
    for tenth in 50..600 {
        before.memory = Some(Memory {
            stability: f32::from(u16::try_from(tenth).expect("small")) / 10.0,
            difficulty: 5.0,
        });
        let outcome = scheduler
            .review(&before, Rating::Good, BASE, &policy, 0)
            .expect("valid review");
        if outcome.after.scheduled_days == 37 {
            return before;
        }
    }
    panic!("no stability gives a 37-day Good interval");
}

#[test]
fn fuzz_replays_for_the_same_seed_and_spreads_over_seeds() {
    let scheduler = Scheduler::new();
    let before = card_due_for_about_37_days(&scheduler);
    let policy = Policy {
        fuzz: true,
        ..Policy::default()
    };
    let good_days = |seed| {
        scheduler
            .review(&before, Rating::Good, BASE, &policy, seed)
            .expect("valid review")
            .after
            .scheduled_days
    };
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..500 {
        let days = good_days(seed);
        assert_eq!(days, good_days(seed), "seed {seed} replays");
        assert!((33..=41).contains(&days), "seed {seed}: {days} days");
        seen.insert(days);
    }
    assert!(seen.len() >= 7, "fuzz spreads over the range: {seen:?}");
    // The seed is offset by the review count, so the next review of the same card with the
    // same seed is fuzzed differently (Anki's card id + reps).
    let mut later = before.clone();
    later.reps += 1;
    let shifted = scheduler
        .review(&later, Rating::Good, BASE, &policy, 10)
        .expect("valid review");
    assert_eq!(shifted.after.scheduled_days, good_days(11));
}

#[test]
fn fuzz_is_off_when_the_policy_says_so() {
    let scheduler = Scheduler::new();
    let before = card_due_for_about_37_days(&scheduler);
    let policy = Policy {
        fuzz: false,
        ..Policy::default()
    };
    for seed in 0..50 {
        let outcome = scheduler
            .review(&before, Rating::Good, BASE, &policy, seed)
            .expect("valid review");
        assert_eq!(outcome.after.scheduled_days, 37);
    }
}

#[test]
fn short_intervals_and_steps_are_never_fuzzed() {
    let scheduler = Scheduler::new();
    let fuzzed = Policy {
        fuzz: true,
        ..Policy::default()
    };
    let plain = Policy {
        fuzz: false,
        ..Policy::default()
    };
    // New cards: steps for Again/Hard/Good, and Easy's 8-day graduation is fuzzed; a card
    // graduating at 1-2 days is not.
    let mut low = card(State::Learning, 1);
    low.memory = Some(Memory {
        stability: 0.5,
        difficulty: 8.0,
    });
    low.last_review = Some(BASE);
    for seed in 0..100 {
        for before in [CardState::default(), low.clone()] {
            let with = scheduler
                .preview(&before, BASE, &fuzzed, seed)
                .expect("valid preview");
            let without = scheduler
                .preview(&before, BASE, &plain, seed)
                .expect("valid preview");
            for (with, without) in with.iter().zip(&without) {
                if with.after.state != State::Review || without.after.scheduled_days < 3 {
                    assert_eq!(with, without, "seed {seed} {}", with.rating);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Corrupt input and extreme times

#[test]
fn corrupt_memory_is_an_error_not_a_panic() {
    let scheduler = Scheduler::new();
    for (stability, difficulty) in [
        (f32::NAN, 5.0),
        (5.0, f32::NAN),
        (f32::INFINITY, 5.0),
        (5.0, f32::NEG_INFINITY),
    ] {
        let mut before = card(State::Review, 0);
        before.memory = Some(Memory {
            stability,
            difficulty,
        });
        let error = scheduler
            .review(&before, Rating::Good, BASE, &Policy::default(), 0)
            .expect_err("corrupt memory is rejected");
        assert!(
            matches!(error, SchedulerError::CorruptMemory { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("reset the card's progress"));
        assert_eq!(scheduler.retrievability(&before, BASE), None);
    }
}

#[test]
fn invalid_retention_is_an_error() {
    let scheduler = Scheduler::new();
    for retention in [f32::NAN, 0.0, 1.0, -0.5, 1.5, f32::INFINITY] {
        let policy = Policy {
            retention,
            ..Policy::default()
        };
        let error = scheduler
            .review(&CardState::default(), Rating::Good, BASE, &policy, 0)
            .expect_err("retention outside (0, 1) is rejected");
        assert!(
            matches!(error, SchedulerError::InvalidRetention(_)),
            "{error:?}"
        );
    }
}

#[test]
fn out_of_range_memory_and_extreme_times_do_not_panic() {
    let scheduler = Scheduler::new();
    let extremes = [i64::MIN, -1, 0, i64::MAX];
    for now in extremes.map(Timestamp::from_millis) {
        for last in extremes.map(Timestamp::from_millis) {
            for (stability, difficulty) in [(0.0, 0.0), (-5.0, 50.0), (1e30, -1e30)] {
                let mut before = card(State::Review, 0);
                before.last_review = Some(last);
                before.memory = Some(Memory {
                    stability,
                    difficulty,
                });
                let policy = Policy {
                    fuzz: true,
                    ..Policy::default()
                };
                for outcome in scheduler
                    .preview(&before, now, &policy, u64::MAX)
                    .expect("clamped into range by fsrs")
                {
                    let due = outcome.after.due.expect("due");
                    assert!(due >= now, "due {due:?} before now {now:?}");
                    let memory = outcome.after.memory.expect("memory");
                    assert!(memory.stability.is_finite() && memory.stability > 0.0);
                    assert!((1.0..=10.0).contains(&memory.difficulty));
                }
                let _ = scheduler.retrievability(&before, now);
            }
        }
    }
}

#[test]
fn memory_without_last_review_is_scheduled_as_same_day() {
    let scheduler = Scheduler::new();
    let mut before = card(State::Review, 0);
    before.last_review = None;
    let outcome = scheduler
        .review(&before, Rating::Good, BASE, &Policy::default(), 0)
        .expect("scheduled");
    assert_eq!(outcome.elapsed_days, None);
    assert_eq!(scheduler.retrievability(&before, BASE), None);
}

// ---------------------------------------------------------------------------------------------
// Retrievability

#[test]
fn retrievability_follows_the_forgetting_curve_in_whole_days() {
    let scheduler = Scheduler::new();
    assert_eq!(scheduler.retrievability(&CardState::default(), BASE), None);
    let mut reviewed = card(State::Review, 0);
    reviewed.memory = Some(Memory {
        stability: 10.0,
        difficulty: 5.0,
    });
    reviewed.last_review = Some(BASE);
    let recall = |at: Timestamp| scheduler.retrievability(&reviewed, at).expect("has memory");
    assert!((recall(BASE) - 1.0).abs() < 1e-6, "just reviewed");
    // Whole 24-hour periods, as py-fsrs counts them.
    assert!((recall(BASE.plus(Duration::from_hours(23))) - 1.0).abs() < 1e-6);
    // By definition, recall is 90% after `stability` days.
    assert!((recall(BASE.plus_days(10)) - 0.9).abs() < 1e-4);
    assert!(recall(BASE.plus_days(20)) < recall(BASE.plus_days(10)));
    // A clock that went backwards counts as no time at all.
    assert!((recall(BASE.plus_days(-5)) - 1.0).abs() < 1e-6);
}

// ---------------------------------------------------------------------------------------------
// Ratings and states as text

#[test]
fn ratings_round_trip_through_text() {
    for rating in Rating::ALL {
        assert_eq!(rating.as_str().parse::<Rating>(), Ok(rating));
        assert_eq!(rating.to_string(), rating.as_str());
        assert_eq!(rating.label().parse::<Rating>(), Ok(rating));
        assert_eq!(rating.number().to_string().parse::<Rating>(), Ok(rating));
        assert_eq!(Rating::ALL[rating.index()], rating);
    }
    let accepted = [
        ("  GOOD ", Rating::Good),
        ("Easy", Rating::Easy),
        ("1", Rating::Again),
    ];
    for (text, rating) in accepted {
        assert_eq!(text.parse::<Rating>(), Ok(rating), "{text:?}");
    }
    for text in ["", "0", "5", "great", "again!", "goo"] {
        let error = text.parse::<Rating>().expect_err("not a rating");
        assert!(error.to_string().contains(&format!("`{text}`")), "{error}");
    }
}

#[test]
fn states_round_trip_through_text() {
    for state in State::ALL {
        assert_eq!(state.as_str().parse::<State>(), Ok(state));
        assert_eq!(state.to_string(), state.as_str());
    }
    for text in ["", "Review", "learn", "suspended"] {
        assert!(text.parse::<State>().is_err(), "{text:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

fn rating_strategy() -> impl Strategy<Value = Rating> {
    prop::sample::select(Rating::ALL.to_vec())
}

/// Step lists as decks write them: ascending and each under 12 hours. (With steps out of order
/// or of a day or more, py-fsrs's schedule is not monotonic in the rating: with `[1d, 10d]`,
/// Hard on the second step repeats 10 days while Good graduates at a few days.)
fn steps_strategy() -> impl Strategy<Value = Vec<Duration>> {
    prop::collection::vec(0u64..12 * 3600, 0..4).prop_map(|mut secs| {
        secs.sort_unstable();
        secs.into_iter().map(Duration::from_secs).collect()
    })
}

fn policy_strategy() -> impl Strategy<Value = Policy> {
    (
        0.7f32..0.99,
        steps_strategy(),
        steps_strategy(),
        prop_oneof![1u32..10, 1u32..=36_500],
        any::<bool>(),
    )
        .prop_map(|(retention, learning, relearning, maximum, fuzz)| Policy {
            retention,
            learning_steps: learning,
            relearning_steps: relearning,
            max_interval_days: maximum,
            fuzz,
            parameters: Parameters::default(),
        })
}

/// Milliseconds between reviews: minutes, days or years, and now and then a clock that went
/// backwards.
fn gap_strategy() -> impl Strategy<Value = i64> {
    prop_oneof![
        0i64..3_600_000,
        0i64..3 * 86_400_000,
        0i64..800 * 86_400_000,
        -86_400_000i64..0,
    ]
}

fn assert_ordered(outcomes: &[Outcome; 4]) -> Result<(), TestCaseError> {
    for pair in outcomes.windows(2) {
        let (lower, higher) = (&pair[0], &pair[1]);
        prop_assert!(
            lower.after.due <= higher.after.due,
            "{} due {:?} after {} due {:?}",
            lower.rating,
            lower.after.due,
            higher.rating,
            higher.after.due
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn schedules_are_sane_for_any_history(
        policy in policy_strategy(),
        seed in any::<u64>(),
        history in prop::collection::vec((gap_strategy(), rating_strategy()), 1..25),
    ) {
        let scheduler = Scheduler::new();
        let mut card = CardState::default();
        let mut now = BASE;
        for (gap, rating) in history {
            now = Timestamp::from_millis(now.millis() + gap);
            let preview = scheduler.preview(&card, now, &policy, seed).expect("valid state");
            for fuzz in [false, true] {
                let variant = Policy { fuzz, ..policy.clone() };
                let outcomes = scheduler.preview(&card, now, &variant, seed).expect("valid state");
                assert_ordered(&outcomes)?;
            }
            for outcome in &preview {
                let after = &outcome.after;
                let due = after.due.expect("every review sets a due time");
                prop_assert!(due >= now, "{}: due {due:?} before now {now:?}", outcome.rating);
                prop_assert_eq!(outcome.interval, due.since(now));
                prop_assert_eq!(after.reps, card.reps + 1);
                prop_assert_eq!(after.last_review, Some(now));
                let memory = after.memory.expect("every review sets a memory");
                prop_assert!(memory.stability.is_finite() && memory.stability > 0.0);
                prop_assert!((1.0..=10.0).contains(&memory.difficulty), "{memory:?}");
                if after.state == State::Review {
                    prop_assert!((1..=policy.max_interval_days.max(1)).contains(&after.scheduled_days));
                } else {
                    prop_assert_eq!(after.scheduled_days, 0);
                }
            }
            let outcome = scheduler.review(&card, rating, now, &policy, seed).expect("valid state");
            prop_assert_eq!(&outcome, &preview[rating.index()]);
            card = outcome.after;
        }
    }
}
