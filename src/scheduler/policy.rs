//! The review state machine: what a card becomes when it is answered, following py-fsrs 6.3.2's
//! `Scheduler.review_card` (learning and relearning steps, graduation, lapses, whole-day review
//! intervals), with Anki's fuzz from `fuzz.rs`.
//!
//! The memory model (stability, difficulty, the FSRS interval) is the `fsrs` crate's and is never
//! recomputed here. Pure: `now` and the fuzz seed are passed in.

use std::time::Duration;

use fsrs::{FSRSError, ItemState, MemoryState};

use super::fuzz;
use super::{CardState, Memory, Parameters, Policy, Rating, State};
use crate::time::Timestamp;

/// Schedules answers with a deck's [`Policy`], whose memory-model parameters are FSRS-6's
/// defaults or the learner's own.
#[derive(Debug, Clone, Default)]
pub struct Scheduler;

/// A card after one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub rating: Rating,
    pub after: CardState,
    /// Whole 24-hour periods since the previous review; `None` on a card's first review.
    pub elapsed_days: Option<u32>,
    /// From the answer to the new due time (`after.due - now`), for "Good · 3d" previews.
    pub interval: Duration,
}

/// Why a card could not be scheduled.
#[derive(Debug, thiserror::Error)]
pub enum SchedulerError {
    #[error(
        "the card's stored memory state is corrupt (stability `{stability}`, difficulty \
         `{difficulty}`); reset the card's progress to study it again"
    )]
    CorruptMemory { stability: f32, difficulty: f32 },
    #[error("desired retention `{0}` is not between 0 and 1; use a value such as 0.9")]
    InvalidRetention(f32),
    #[error(
        "the memory model could not update the card (stability `{stability}`, difficulty \
         `{difficulty}`)"
    )]
    Model {
        stability: f32,
        difficulty: f32,
        #[source]
        source: FSRSError,
    },
}

/// Where an answer sends a card: on to a (re)learning step, or to review in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Step {
        state: State,
        step: u32,
        delay: Duration,
    },
    Review,
}

impl Scheduler {
    /// A scheduler: the parameters come with each call's [`Policy`] (FSRS-6's defaults, the
    /// same as py-fsrs 6.3.2's, unless the learner's were fitted).
    pub fn new() -> Scheduler {
        Scheduler
    }

    /// The card after answering with `rating` at `now`.
    ///
    /// `fuzz_seed` should be fixed per card (e.g. derived from its id): together with the
    /// card's review count it makes the fuzz repeatable, so a preview, the answer and a redo
    /// after undo all agree.
    pub fn review(
        &self,
        before: &CardState,
        rating: Rating,
        now: Timestamp,
        policy: &Policy,
        fuzz_seed: u64,
    ) -> Result<Outcome, SchedulerError> {
        let [again, hard, good, easy] = self.preview(before, now, policy, fuzz_seed)?;
        Ok(match rating {
            Rating::Again => again,
            Rating::Hard => hard,
            Rating::Good => good,
            Rating::Easy => easy,
        })
    }

    /// The outcome of each rating, in [`Rating::ALL`] order, from one memory-model update.
    pub fn preview(
        &self,
        before: &CardState,
        now: Timestamp,
        policy: &Policy,
        fuzz_seed: u64,
    ) -> Result<[Outcome; 4], SchedulerError> {
        // Written as a negated range test so that NaN is rejected too.
        if !(policy.retention > 0.0 && policy.retention < 1.0) {
            return Err(SchedulerError::InvalidRetention(policy.retention));
        }
        let memory = before.memory.map(checked_memory).transpose()?;
        let elapsed_days = before.last_review.map(|last| now.whole_days_since(last));
        // A memory without a last review only comes from a damaged record; treating it as
        // reviewed just now uses the short-term update, which changes stability least.
        let next = policy
            .parameters
            .model()
            .next_states(memory, policy.retention, elapsed_days.unwrap_or(0))
            .map_err(|source| SchedulerError::Model {
                stability: memory.map_or(0.0, |m| m.stability),
                difficulty: memory.map_or(0.0, |m| m.difficulty),
                source,
            })?;
        // One factor for all four ratings, so fuzz cannot reorder their intervals.
        let fuzz_factor = policy
            .fuzz
            .then(|| fuzz::fuzz_factor(fuzz_seed.wrapping_add(u64::from(before.reps))));
        let items = [next.again, next.hard, next.good, next.easy];
        Ok(Rating::ALL.map(|rating| {
            let item = &items[rating.index()];
            outcome(before, rating, item, now, policy, fuzz_factor, elapsed_days)
        }))
    }

    /// The probability of recalling the card at `now` under the default parameters, from
    /// whole days since its last review as py-fsrs computes it; `None` for cards never
    /// reviewed or with a corrupt memory.
    pub fn retrievability(&self, state: &CardState, now: Timestamp) -> Option<f32> {
        self.retrievability_with(state, now, &Parameters::default())
    }

    /// [`Scheduler::retrievability`] with the forgetting curve of `parameters`.
    pub fn retrievability_with(
        &self,
        state: &CardState,
        now: Timestamp,
        parameters: &Parameters,
    ) -> Option<f32> {
        let memory = checked_memory(state.memory?).ok()?;
        let days = now.whole_days_since(state.last_review?);
        // Precision loss only past 2^24 days, where recall is 0 either way.
        #[allow(clippy::cast_precision_loss)]
        let days = days as f32;
        let recall = parameters.recall_probability(memory.stability, memory.difficulty, days);
        recall.is_finite().then(|| recall.clamp(0.0, 1.0))
    }
}

/// The stored memory as the fsrs crate's type, rejecting values no review could produce
/// (fsrs would clamp an infinite stability into range and hide the corruption).
fn checked_memory(memory: Memory) -> Result<MemoryState, SchedulerError> {
    let Memory {
        stability,
        difficulty,
    } = memory;
    if stability.is_finite() && difficulty.is_finite() {
        Ok(MemoryState {
            stability,
            difficulty,
        })
    } else {
        Err(SchedulerError::CorruptMemory {
            stability,
            difficulty,
        })
    }
}

fn outcome(
    before: &CardState,
    rating: Rating,
    item: &ItemState,
    now: Timestamp,
    policy: &Policy,
    fuzz_factor: Option<f64>,
    elapsed_days: Option<u32>,
) -> Outcome {
    let lapsed = before.state == State::Review && rating == Rating::Again;
    let (state, step, due, scheduled_days) = match next(before, rating, policy) {
        Next::Step { state, step, delay } => (state, step, now.plus(delay), 0),
        Next::Review => {
            let days = fuzz::review_days(item.interval, policy.max_interval_days, fuzz_factor);
            (State::Review, 0, now.plus_days(i64::from(days)), days)
        }
    };
    let after = CardState {
        state,
        step,
        memory: Some(Memory {
            stability: item.memory.stability,
            difficulty: item.memory.difficulty,
        }),
        due: Some(due),
        last_review: Some(now),
        scheduled_days,
        reps: before.reps.saturating_add(1),
        lapses: before.lapses.saturating_add(u32::from(lapsed)),
    };
    Outcome {
        rating,
        after,
        elapsed_days,
        interval: due.since(now),
    }
}

/// py-fsrs's state transitions (scheduler.py 309-500).
fn next(before: &CardState, rating: Rating, policy: &Policy) -> Next {
    match before.state {
        // py-fsrs has no New state: a new card is a learning card on step 0 without memory.
        State::New => through_steps(State::Learning, &policy.learning_steps, 0, rating),
        State::Learning => {
            through_steps(State::Learning, &policy.learning_steps, before.step, rating)
        }
        State::Relearning => through_steps(
            State::Relearning,
            &policy.relearning_steps,
            before.step,
            rating,
        ),
        State::Review => match (rating, policy.relearning_steps.first()) {
            (Rating::Again, Some(&delay)) => Next::Step {
                state: State::Relearning,
                step: 0,
                delay,
            },
            // Without relearning steps a lapse stays in review, on the lapsed stability's
            // interval.
            _ => Next::Review,
        },
    }
}

/// One answer on (re)learning step `step` of `steps`.
fn through_steps(state: State, steps: &[Duration], step: u32, rating: Rating) -> Next {
    let Some(&first) = steps.first() else {
        return Next::Review;
    };
    let index = usize::try_from(step).unwrap_or(usize::MAX);
    // The step list may have been shortened since the card was scheduled: py-fsrs graduates
    // the card unless it was forgotten.
    let Some(&current) = steps.get(index) else {
        return match rating {
            Rating::Again => Next::Step {
                state,
                step: 0,
                delay: first,
            },
            _ => Next::Review,
        };
    };
    match rating {
        Rating::Again => Next::Step {
            state,
            step: 0,
            delay: first,
        },
        Rating::Hard => {
            let delay = if index == 0 {
                // Halfway to the next step, or half as long again when there is no next step.
                match steps.get(1) {
                    Some(&second) => first.saturating_add(second) / 2,
                    None => first.saturating_mul(3) / 2,
                }
            } else {
                current
            };
            Next::Step { state, step, delay }
        }
        Rating::Good => match steps.get(index.saturating_add(1)) {
            Some(&delay) => Next::Step {
                state,
                step: step.saturating_add(1),
                delay,
            },
            None => Next::Review,
        },
        Rating::Easy => Next::Review,
    }
}
