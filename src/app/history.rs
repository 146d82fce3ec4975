//! Bringing Anki's review history into recall (`recall import` of an `.apkg`/`.colpkg`): each
//! card's answers become study answers in the review log, scheduled again by recall's
//! scheduler (so the card's state is what its log says, as `recall doctor` checks), and the
//! optimizer has the learner's history from day one.
//!
//! A card whose log starts with its learning is replayed from new. A card whose log starts in
//! review (Anki trims logs; older answers may be gone) starts from the memory its SM-2 interval
//! and ease imply (the `fsrs` crate's `memory_state_from_sm2`); such a history is left out of
//! fitting, as Anki leaves it out. Cards that already have study answers in recall keep their
//! own history; importing the same package again adds nothing.

use anyhow::Result;
use serde::Serialize;

use super::Scope;
use super::progress::Progress;
use crate::authoring::formats::anki_package::{AnkiAnswer, CardHistory};
use crate::deck::CardId;
use crate::scheduler::{self, CardState, Memory, Purpose, Rating, Scheduler, State};
use crate::store::{DeckRecord, ImportedCard, ReviewRecord, Storage};
use crate::time::Timestamp;

/// What an import of history did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct HistoryImport {
    /// Cards given a history.
    pub cards: usize,
    /// Answers written to the review log.
    pub answers: usize,
    /// Cards whose history starts from their SM-2 state (the log does not reach back to their
    /// learning).
    pub from_sm2: usize,
    /// Cards that already had study answers in recall (kept as they were).
    pub kept: usize,
    /// Cards with no answers in the log (they start as new).
    pub without_answers: usize,
}

fn rating(ease: u8) -> Option<Rating> {
    match ease {
        1 => Some(Rating::Again),
        2 => Some(Rating::Hard),
        3 => Some(Rating::Good),
        4 => Some(Rating::Easy),
        _ => None,
    }
}

/// Whether an Anki answer is one recall keeps: a graded answer, not a manual change, not a
/// cram answer that left the schedule alone (as Anki's own conversion for FSRS decides).
fn counts(answer: &AnkiAnswer) -> bool {
    rating(answer.ease).is_some()
        && answer.kind != 4
        && answer.kind != 5
        && !(answer.kind == 3 && answer.factor == 0)
}

/// The state a card whose log starts in review had before its first logged answer: in review,
/// with the memory its SM-2 interval and ease then imply (from the log's entry, else the card's
/// state now).
fn sm2_start(
    history: &CardHistory,
    first: &AnkiAnswer,
    parameters: &scheduler::Parameters,
) -> CardState {
    let interval = u32::try_from(first.last_interval)
        .ok()
        .filter(|&days| days > 0)
        .unwrap_or(history.sm2.interval_days)
        .max(1);
    #[allow(clippy::cast_precision_loss)]
    let ease = if first.factor > 0 {
        first.factor as f32 / 1000.0
    } else {
        history.sm2.ease
    };
    #[allow(clippy::cast_precision_loss)]
    let memory = parameters
        .model()
        .memory_state_from_sm2(ease.max(1.3), interval as f32, 0.9)
        .ok()
        .map(|m| Memory {
            stability: m.stability,
            difficulty: m.difficulty,
        });
    let at = Timestamp::from_millis(first.at_ms);
    CardState {
        state: State::Review,
        step: 0,
        memory,
        due: Some(at),
        last_review: Some(at.plus_days(-i64::from(interval))),
        scheduled_days: interval,
        reps: 0,
        lapses: 0,
    }
}

/// The cards of `histories` with answers recall keeps, and those answers: what an import would
/// bring.
pub fn countable(histories: &[CardHistory]) -> (usize, usize) {
    histories
        .iter()
        .map(|h| h.answers.iter().filter(|a| counts(a)).count())
        .filter(|&n| n > 0)
        .fold((0, 0), |(cards, answers), n| (cards + 1, answers + n))
}

/// Writes the `histories` of `deck`'s cards (already in the catalog) for the scope's profile,
/// telling `progress` how many cards were replayed, then that they are being saved.
pub fn import<S: Storage>(
    store: &mut S,
    scope: &Scope,
    deck: &DeckRecord,
    histories: &[CardHistory],
    progress: &mut dyn Progress,
) -> Result<HistoryImport> {
    let policy = super::memory::policy(store, &scope.profile, deck, scope.now)?;
    let scheduler = Scheduler::new();
    let mut report = HistoryImport::default();
    let mut cards = Vec::new();
    progress.stage("replaying the review history", Some(histories.len() as u64));
    for (done, history) in histories.iter().enumerate() {
        progress.advance(done as u64);
        let Ok(card) = history.card.parse::<CardId>() else {
            continue;
        };
        let Some(stored) = store.card(&deck.id, &card)? else {
            continue;
        };
        let answers: Vec<&AnkiAnswer> = history
            .answers
            .iter()
            .filter(|a| counts(a) && a.at_ms <= scope.now.millis())
            .collect();
        let Some(first) = answers.first() else {
            report.without_answers += 1;
            continue;
        };
        let complete = first.kind == 0;
        let start = if complete {
            CardState::default()
        } else {
            report.from_sm2 += 1;
            sm2_start(history, first, &policy.parameters)
        };
        let mut state = start.clone();
        let mut reviews = Vec::with_capacity(answers.len());
        for answer in answers {
            let Some(rating) = rating(answer.ease) else {
                continue;
            };
            let at = Timestamp::from_millis(answer.at_ms);
            let Ok(outcome) = scheduler.review(
                &state,
                rating,
                at,
                &policy,
                scheduler::fuzz_seed(&deck.id, &card),
            ) else {
                break;
            };
            reviews.push(ReviewRecord {
                profile: scope.profile.clone(),
                deck: deck.id.clone(),
                card: card.clone(),
                at,
                rating,
                answer: None,
                expected: stored.card.answer.clone(),
                verdict: None,
                correct: rating != Rating::Again,
                duration_ms: u64::try_from(answer.duration_ms).ok().filter(|&ms| ms > 0),
                purpose: Purpose::Study,
                before: state.clone(),
                after: Some(outcome.after.clone()),
                elapsed_days: outcome.elapsed_days,
                session: None,
            });
            state = outcome.after;
        }
        cards.push(ImportedCard {
            card,
            start,
            reviews,
        });
    }
    progress.stage("saving the review history", None);
    let written = store.import_histories(&scope.profile, &deck.id, &cards, scope.now)?;
    progress.finish();
    report.kept = cards.len() - written.cards;
    report.cards = written.cards;
    report.answers = written.answers;
    Ok(report)
}
