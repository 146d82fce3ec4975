//! Recording an answer: the one verdict → rating rule ([`rating_for`], shared with the session
//! engine), how a verdict is kept ([`mark`]), and saving an answer that changes the schedule so
//! that no concurrent answer is lost: the card's state is compared with the one the answer was
//! scheduled from inside the write transaction, and when another process answered the card
//! meanwhile the answer is scheduled again from the saved state and saved then.
//!
//! Used by `study`, `practice` and drills (through [`super::session::StoreHost`]) and by the
//! headless `rate` and `answer` ([`review`]).

use std::time::Duration;

use anyhow::{Result, bail};
use serde::Serialize;

pub use crate::session::{counts_as_right, rating_for};

use super::Scope;
use super::sync::FoundCard;
use crate::deck::DeckId;
use crate::grading::{self, Graded, Verdict};
use crate::scheduler::{self, CardState, Outcome, Policy, Purpose, Rating, Scheduler, State};
use crate::store::{
    AttemptId, Catalog, Commit, DeckRecord, DrillAnswerRow, Drills, Mark, ReviewId, ReviewRecord,
    Reviews, StoredCard,
};
use crate::time::Timestamp;

/// How a verdict is kept in the review log (a drill answer keeps a close reply as wrong).
pub fn mark(verdict: Verdict) -> Mark {
    match verdict {
        Verdict::Right => Mark::Right,
        Verdict::Typo => Mark::Typo,
        Verdict::Wrong => Mark::Wrong,
        Verdict::Close => Mark::Close,
    }
}

/// How often an answer is scheduled again from a changed card before giving up: each retry
/// means another process saved an answer to the same card in between.
const MAX_ATTEMPTS: usize = 64;

/// An answer saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub id: Option<ReviewId>,
    /// The outcome the answer was saved with, when it had to be scheduled again from the card's
    /// saved state (another process had answered the card meanwhile).
    pub rescheduled: Option<Outcome>,
    /// The state the saved answer was scheduled from.
    pub before: CardState,
    /// The state it left the card in, when it changed the schedule.
    pub after: Option<CardState>,
}

/// Saves `review` with `write`; an answer that changes the schedule and finds its card changed
/// is scheduled again (same rating, same time) from the saved state with `policy`, and retried.
fn save_with(
    review: &mut ReviewRecord,
    policy: &Policy,
    mut write: impl FnMut(&ReviewRecord) -> crate::store::Result<Commit>,
) -> Result<Saved> {
    let mut rescheduled = None;
    for _ in 0..MAX_ATTEMPTS {
        match write(review)? {
            Commit::Done(id) => {
                return Ok(Saved {
                    id: Some(id),
                    rescheduled,
                    before: review.before.clone(),
                    after: review.after.clone(),
                });
            }
            Commit::Stale(current) => {
                let outcome = Scheduler::new().review(
                    &current,
                    review.rating,
                    review.at,
                    policy,
                    scheduler::fuzz_seed(&review.deck, &review.card),
                )?;
                review.before = current;
                review.after = Some(outcome.after.clone());
                review.elapsed_days = outcome.elapsed_days;
                rescheduled = Some(outcome);
            }
        }
    }
    bail!(
        "card `{}/{}` kept changing while this answer was saved ({MAX_ATTEMPTS} tries); try again",
        review.deck,
        review.card
    )
}

/// Saves an answer to the review log (see the module docs for concurrent answers).
pub fn save<S: Reviews>(store: &mut S, mut review: ReviewRecord, policy: &Policy) -> Result<Saved> {
    save_with(&mut review, policy, |r| store.record(r))
}

/// Saves an answer to a drill question: the drill answer, its review log entry and the running
/// score together.
pub fn save_drill_answer<S: Drills>(
    store: &mut S,
    attempt: AttemptId,
    answer: &DrillAnswerRow,
    mut review: ReviewRecord,
    policy: &Policy,
) -> Result<Saved> {
    save_with(&mut review, policy, |r| {
        store.record_drill_answer(attempt, answer, r)
    })
    .map(|saved| Saved { id: None, ..saved })
}

/// Grades a typed reply to one card, headless, with its deck's whole context (read from the
/// cache or built, see [`super::context::load`]; not even read for a card whose grading does
/// not use it): choices in the order the deck writes them.
pub fn grade<S: Catalog>(
    store: &mut S,
    deck: &DeckId,
    card: &StoredCard,
    reply: &str,
) -> Result<Graded> {
    let card = &card.card;
    if !grading::uses_deck(card) {
        return Ok(grading::grade(card, &card.choices, reply, &()));
    }
    let context = super::context::load(store, deck)?;
    Ok(grading::grade(card, &card.choices, reply, &context))
}

/// One review without a session, as `recall rate` and `recall answer` give it.
#[derive(Debug, Clone, PartialEq)]
pub struct Review<'a> {
    pub rating: Rating,
    /// What was typed and its verdict; `None` for a bare rating.
    pub typed: Option<(&'a str, Verdict)>,
    /// Save it (`false`: a dry run that only says what would happen).
    pub record: bool,
}

/// Schedules and (unless a dry run) records one answer to `card` at the scope's time, as a
/// study session would; returns what it did to the card.
pub fn review<S: Reviews + crate::store::Fitting + crate::store::Leeches>(
    store: &mut S,
    scope: &Scope,
    deck: &DeckRecord,
    card: &StoredCard,
    review: &Review<'_>,
) -> Result<Outcome> {
    let id = &card.card.id;
    if !card.present {
        bail!(
            "card `{}/{}` has been removed from its deck; its history is kept but it is not studied",
            deck.id,
            id
        );
    }
    let policy = super::memory::policy(store, &scope.profile, deck, scope.now)?;
    let before = store
        .card_state(&scope.profile, &deck.id, id)?
        .unwrap_or_default();
    let outcome = Scheduler::new().review(
        &before,
        review.rating,
        scope.now,
        &policy,
        scheduler::fuzz_seed(&deck.id, id),
    )?;
    if !review.record {
        return Ok(outcome);
    }
    let verdict = review.typed.map(|(_, verdict)| verdict);
    let saved = save(
        store,
        ReviewRecord {
            profile: scope.profile.clone(),
            deck: deck.id.clone(),
            card: id.clone(),
            at: scope.now,
            rating: review.rating,
            answer: review.typed.map(|(text, _)| text.to_owned()),
            expected: card.card.answer.clone(),
            verdict: verdict.map(mark),
            correct: counts_as_right(verdict, review.rating),
            duration_ms: None,
            purpose: Purpose::Study,
            before,
            after: Some(outcome.after.clone()),
            elapsed_days: outcome.elapsed_days,
            session: None,
        },
        &policy,
    )?;
    if let Some(after) = &saved.after {
        super::leech::after_answer(
            store,
            &scope.profile,
            (&deck.id, id),
            &deck.schedule,
            (&saved.before, after),
            scope.now,
        )?;
    }
    Ok(saved.rescheduled.unwrap_or(outcome))
}

/// A headless answer (`rate`, `answer`) as it is reported: the rating, what it did to the card,
/// and whether it was recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reviewed {
    /// `deck/card`.
    pub card: String,
    pub rating: Rating,
    pub state: State,
    pub due: Option<Timestamp>,
    pub interval_days: f64,
    pub recorded: bool,
    /// The card was suspended when answered: the answer is recorded, and the card stays out of
    /// study until `recall unsuspend`.
    pub suspended: bool,
}

impl Reviewed {
    pub fn new(
        found: &FoundCard,
        rating: Rating,
        outcome: &Outcome,
        recorded: bool,
        suspended: bool,
    ) -> Reviewed {
        Reviewed {
            card: format!("{}/{}", found.deck.id, found.card.card.id),
            rating,
            state: outcome.after.state,
            due: outcome.after.due,
            interval_days: days(outcome.interval),
            recorded,
            suspended,
        }
    }
}

/// An interval in days, to the thousandth.
fn days(interval: Duration) -> f64 {
    (interval.as_secs_f64() / 86_400.0 * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{deck, scope, store_with};
    use crate::deck::CardId;
    use crate::scheduler::{CardState, State};

    const DECK: &str = "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nid = \"a\"\nquestion = \"Capital of Pakistan in 1950?\"\nanswer = \"Karachi\"\n[[card]]\nid = \"b\"\nquestion = \"Its neighbour?\"\nanswer = \"Karakoram\"\n";

    #[test]
    fn verdicts_map_to_ratings_and_marks_by_one_rule() {
        let cases = [
            (
                Verdict::Right,
                false,
                false,
                Rating::Good,
                Mark::Right,
                true,
            ),
            (Verdict::Right, false, true, Rating::Easy, Mark::Right, true),
            (Verdict::Right, true, true, Rating::Hard, Mark::Right, true),
            (Verdict::Typo, false, true, Rating::Hard, Mark::Typo, true),
            (
                Verdict::Wrong,
                true,
                true,
                Rating::Again,
                Mark::Wrong,
                false,
            ),
            // A close reply that stands (after its second chance, or given as final).
            (Verdict::Close, false, true, Rating::Hard, Mark::Close, true),
        ];
        for (verdict, hinted, fast, rating, kept, right) in cases {
            assert_eq!(rating_for(verdict, hinted, fast), rating, "{verdict:?}");
            assert_eq!(mark(verdict), kept);
            assert_eq!(counts_as_right(Some(verdict), rating), right);
        }
    }

    #[test]
    fn a_headless_review_is_recorded_as_a_study_answer() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = deck(DECK);
        let (mut store, decks) = store_with(&[&d], &scope);
        let a: CardId = "a".parse().expect("an id");
        let card = store.card(&d.id, &a).expect("q").expect("card");
        let graded = grade(&mut store, &d.id, &card, "karachi").expect("graded");
        assert_eq!(graded.verdict, Verdict::Right);
        let outcome = review(
            &mut store,
            &scope,
            &decks[0],
            &card,
            &Review {
                rating: rating_for(graded.verdict, false, false),
                typed: Some(("karachi", graded.verdict)),
                record: true,
            },
        )
        .expect("review");
        let history = store.history("me", &d.id, &a).expect("history");
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].verdict, Some(Mark::Right));
        assert_eq!(history[0].mode, Purpose::Study);
        assert_eq!(
            store.card_state("me", &d.id, &a).expect("q"),
            Some(outcome.after)
        );
    }

    #[test]
    fn a_dry_run_records_nothing_and_another_cards_answer_is_no_typo() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = deck(DECK);
        let (mut store, decks) = store_with(&[&d], &scope);
        let a: CardId = "a".parse().expect("an id");
        let card = store.card(&d.id, &a).expect("q").expect("card");
        // "Karakoram" is one letter from nothing here, but it is card b's answer.
        assert_eq!(
            grade(&mut store, &d.id, &card, "Karakoram")
                .expect("graded")
                .verdict,
            Verdict::Wrong
        );
        assert_eq!(
            grade(&mut store, &d.id, &card, "Karahci")
                .expect("graded")
                .verdict,
            Verdict::Typo
        );
        review(
            &mut store,
            &scope,
            &decks[0],
            &card,
            &Review {
                rating: Rating::Good,
                typed: None,
                record: false,
            },
        )
        .expect("dry run");
        assert!(store.history("me", &d.id, &a).expect("history").is_empty());
    }

    #[test]
    fn an_answer_to_a_card_changed_meanwhile_is_scheduled_from_the_saved_state() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = deck(DECK);
        let (mut store, decks) = store_with(&[&d], &scope);
        let policy = Policy::from(&decks[0].schedule);
        let a: CardId = "a".parse().expect("an id");
        let answer = |before: &CardState, rating| {
            let outcome = Scheduler::new()
                .review(
                    before,
                    rating,
                    scope.now,
                    &policy,
                    scheduler::fuzz_seed(&d.id, &a),
                )
                .expect("schedulable");
            ReviewRecord {
                profile: "me".into(),
                deck: d.id.clone(),
                card: a.clone(),
                at: scope.now,
                rating,
                answer: None,
                expected: "Karachi".into(),
                verdict: None,
                correct: rating != Rating::Again,
                duration_ms: None,
                purpose: Purpose::Study,
                before: before.clone(),
                after: Some(outcome.after),
                elapsed_days: outcome.elapsed_days,
                session: None,
            }
        };
        // Two learners' processes read the new card, then both answer it.
        let first = answer(&CardState::default(), Rating::Easy);
        let second = answer(&CardState::default(), Rating::Good);
        let saved = save(&mut store, first.clone(), &policy).expect("first");
        assert_eq!(saved.rescheduled, None);
        let saved = save(&mut store, second, &policy).expect("second");
        let again = saved
            .rescheduled
            .expect("scheduled again from the saved state");
        let after_first = first.after.expect("scheduled");
        assert_eq!(after_first.state, State::Review);
        let expected = Scheduler::new()
            .review(
                &after_first,
                Rating::Good,
                scope.now,
                &policy,
                scheduler::fuzz_seed(&d.id, &a),
            )
            .expect("schedulable");
        assert_eq!(again, expected);
        let state = store.card_state("me", &d.id, &a).expect("q").expect("row");
        assert_eq!(state, expected.after);
        assert_eq!(state.reps, 2, "no answer lost");
        let history = store.history("me", &d.id, &a).expect("history");
        assert_eq!(history[1].state_before, State::Review);
        assert!(
            crate::store::Upkeep::divergences(&store, None)
                .expect("q")
                .is_empty()
        );
    }

    #[test]
    fn intervals_are_reported_in_days_to_the_thousandth() {
        let cases = [
            (0, 0.0),
            (600, 0.007),
            (86_400, 1.0),
            (86_400 * 3 / 2, 1.5),
            (86_400 * 10 + 43, 10.0),
        ];
        for (secs, expected) in cases {
            assert!(
                (days(Duration::from_secs(secs)) - expected).abs() < 1e-9,
                "{secs}s"
            );
        }
    }
}
