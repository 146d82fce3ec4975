//! Synthetic learners, for validating the optimizer and for benchmarks: a seeded learner whose
//! memory follows FSRS with known ("true") parameters, studying on recall's own schedule
//! (learning steps, the scheduler with the default parameters, as a learner who never
//! optimized), and leaving a review log like a real one.
//!
//! Each day the learner answers the cards due that day, in due order, and learns the day's new
//! cards, going through their learning steps. Whether an answer is remembered is drawn from the
//! true model's recall probability at the time elapsed (in fractional days, so learning steps
//! are remembered almost always); a remembered answer is Hard, Good or Easy with Anki users'
//! usual frequencies, a forgotten one Again, and the first answer to a new card follows the
//! usual first-rating frequencies. The true memory state is updated by the true model, the
//! schedule by recall's scheduler.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Duration;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, SeedableRng};

use crate::scheduler::{CardState, Parameters, Policy, Rating, Scheduler, State};
use crate::time::Timestamp;

/// How a synthetic learner studies.
#[derive(Debug, Clone, PartialEq)]
pub struct Learner {
    /// The parameters their memory really follows.
    pub truth: Parameters,
    pub cards: usize,
    pub new_per_day: usize,
    pub days: u32,
    pub seed: u64,
    /// Their first day's morning.
    pub start: Timestamp,
}

/// One answer of a synthetic learner.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticAnswer {
    /// The card's number, from 0.
    pub card: usize,
    pub at: Timestamp,
    pub rating: Rating,
    pub state_before: State,
    pub duration_ms: i64,
    /// The scheduler's state after the answer (default parameters).
    pub after: CardState,
}

/// The frequencies of the first rating (Again, Hard, Good, Easy) and of Hard, Good, Easy when
/// remembered: the `fsrs` simulator's defaults, measured on Anki users.
const FIRST_RATING: [f64; 4] = [0.24, 0.094, 0.495, 0.171];
const REMEMBERED_RATING: [f64; 3] = [0.224, 0.631, 0.145];

struct Card {
    schedule: CardState,
    truth: Option<(f32, f32, Timestamp)>,
}

fn uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
    // 53 random bits, exactly representable.
    #[allow(clippy::cast_precision_loss)]
    let value = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    value
}

fn pick(rng: &mut Xoshiro256PlusPlus, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut draw = uniform(rng) * total;
    for (index, weight) in weights.iter().enumerate() {
        if draw < *weight {
            return index;
        }
        draw -= weight;
    }
    weights.len() - 1
}

/// The learner's review log, oldest first.
pub fn generate(learner: &Learner) -> Vec<SyntheticAnswer> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(learner.seed);
    let policy = Policy::default();
    let scheduler = Scheduler::new();
    let truth = learner.truth.model();
    let mut cards: Vec<Card> = Vec::new();
    // Every card once, by due time.
    let mut queue: BinaryHeap<Reverse<(Timestamp, usize)>> = BinaryHeap::new();
    let mut log = Vec::new();
    for day in 0..learner.days {
        let morning = learner.start.plus_days(i64::from(day));
        let evening = morning.plus(Duration::from_hours(16));
        let mut clock = morning;
        // New cards for today.
        let introduced = learner.new_per_day.min(learner.cards - cards.len());
        for _ in 0..introduced {
            queue.push(Reverse((morning, cards.len())));
            cards.push(Card {
                schedule: CardState {
                    due: Some(morning),
                    ..CardState::default()
                },
                truth: None,
            });
        }
        // Answer whatever is due by the clock, earliest first, until nothing is due today.
        while let Some(&Reverse((when, index))) = queue.peek() {
            if when >= evening {
                break;
            }
            queue.pop();
            clock = clock.max(when);
            let card = &mut cards[index];
            let state_before = card.schedule.state;
            let rating = match card.truth {
                None => Rating::ALL[pick(&mut rng, &FIRST_RATING)],
                Some((stability, difficulty, last)) => {
                    #[allow(clippy::cast_possible_truncation)]
                    let days = clock.days_since(last).max(0.0) as f32;
                    let recall = learner
                        .truth
                        .recall_probability(stability, difficulty, days);
                    if uniform(&mut rng) < f64::from(recall) {
                        [Rating::Hard, Rating::Good, Rating::Easy]
                            [pick(&mut rng, &REMEMBERED_RATING)]
                    } else {
                        Rating::Again
                    }
                }
            };
            // The true memory follows the true model, on whole days elapsed as FSRS counts them.
            let memory = card
                .truth
                .map(|(stability, difficulty, _)| fsrs::MemoryState {
                    stability,
                    difficulty,
                });
            let elapsed = card
                .truth
                .map_or(0, |(_, _, last)| clock.whole_days_since(last));
            if let Ok(next) = truth.next_states(memory, 0.9, elapsed) {
                let state = match rating {
                    Rating::Again => next.again,
                    Rating::Hard => next.hard,
                    Rating::Good => next.good,
                    Rating::Easy => next.easy,
                };
                card.truth = Some((state.memory.stability, state.memory.difficulty, clock));
            }
            let Ok(outcome) = scheduler.review(&card.schedule, rating, clock, &policy, 0) else {
                continue;
            };
            card.schedule = outcome.after.clone();
            if let Some(due) = outcome.after.due {
                queue.push(Reverse((due, index)));
            }
            let duration_ms = 3_000 + i64::try_from(rng.next_u64() % 12_000).unwrap_or(0);
            log.push(SyntheticAnswer {
                card: index,
                at: clock,
                rating,
                state_before,
                duration_ms,
                after: outcome.after,
            });
            clock = clock.plus(Duration::from_millis(
                u64::try_from(duration_ms).unwrap_or(0),
            ));
        }
    }
    log
}

/// Default parameters with every memory effect moved clearly away from the average learner's:
/// a learner who forgets new cards faster, gains stability faster on success, and whose
/// forgetting curve is steeper. For tests and benchmarks.
pub fn unusual_parameters() -> Parameters {
    let mut weights = Parameters::default().weights().to_vec();
    // Initial stabilities after Again, Hard, Good, Easy.
    weights[0] = 0.05;
    weights[1] = 0.4;
    weights[2] = 1.0;
    weights[3] = 25.0;
    // Stability gain on success, and the forgetting curve's decay.
    weights[8] = 2.3;
    weights[20] = 0.45;
    Parameters::new(weights).unwrap_or_default()
}
