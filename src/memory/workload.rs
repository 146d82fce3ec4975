//! The workload simulator and the optimal retention, from the `fsrs` crate's simulator: the
//! learner's cards as they stand, their parameters, and their own answer times and button
//! habits (measured from the log by the crate's `extract_simulator_config`, blended with the
//! crate's defaults while there is little history).
//!
//! Day 0 is today's study day: cards overdue or due later today are reviewed on it.

use std::sync::Arc;

use fsrs::{FSRSError, RevlogEntry, SimulatorConfig};
use serde::Serialize;

use crate::scheduler::Parameters;

/// What to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Days to simulate, from today.
    pub days: usize,
    /// New cards a day.
    pub new_per_day: usize,
    /// Reviews a day at most.
    pub reviews_per_day: usize,
    /// New cards not yet seen (learnt over the days, `new_per_day` at a time).
    pub new_cards: usize,
    pub learning_steps: usize,
    pub relearning_steps: usize,
    pub max_interval_days: u32,
}

/// A card already studied, in the simulator's days (today is day 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Studied {
    pub stability: f32,
    pub difficulty: f32,
    /// The day of its last review (0 or before).
    pub last_day: f32,
    /// The day it is due (before 0 when overdue).
    pub due_day: f32,
    /// Its interval in days.
    pub interval: f32,
    pub lapses: u32,
}

/// One simulated day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Day {
    /// Reviews of cards already learnt.
    pub reviews: usize,
    /// New cards learnt.
    pub new: usize,
    /// Time spent, in minutes.
    pub minutes: f64,
    /// Cards the learner would remember if asked everything that day.
    pub memorized: f64,
}

/// A simulation's days and totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub retention: f32,
    pub days: Vec<Day>,
    pub total_reviews: usize,
    pub total_new: usize,
    pub total_minutes: f64,
    /// Memorized cards on the last day.
    pub memorized: f64,
}

/// The simulator's configuration for `plan`, with answer costs and button habits measured from
/// `revlog` (the crate's defaults without history). `day_cutoff` is the start of a study day in
/// seconds since the epoch, so the crate groups answers by study day.
pub fn config(
    plan: &Plan,
    studied: usize,
    revlog: &[RevlogEntry],
    day_cutoff: i64,
) -> SimulatorConfig {
    let timed: Vec<RevlogEntry> = revlog.iter().filter(|e| is_timed(e)).copied().collect();
    let measured = if timed.is_empty() {
        SimulatorConfig::default()
    } else {
        fsrs::extract_simulator_config(timed, day_cutoff, true)
    };
    SimulatorConfig {
        deck_size: (studied + plan.new_cards).max(1),
        learn_span: plan.days.max(1),
        // A forecast, not a budget: no day is cut short.
        max_cost_perday: f32::MAX,
        #[allow(clippy::cast_precision_loss)]
        max_ivl: plan.max_interval_days.max(1) as f32,
        learn_limit: plan.new_per_day,
        review_limit: plan.reviews_per_day,
        new_cards_ignore_review_limit: true,
        learning_step_count: plan.learning_steps,
        relearning_step_count: plan.relearning_steps,
        ..measured
    }
}

/// Whether an answer says how long it took. Answers without a time (headless ratings with
/// `recall rate`, imported history) say nothing of costs or habits, so [`config`] leaves them
/// out.
pub fn is_timed(entry: &RevlogEntry) -> bool {
    entry.taken_millis > 0
}

/// How many answers of `revlog` [`config`] measures answer times and button habits from.
pub fn timed_answers(revlog: &[RevlogEntry]) -> u64 {
    revlog
        .iter()
        .filter(|e| is_timed(e))
        .count()
        .try_into()
        .unwrap_or(u64::MAX)
}

/// The studied cards as the crate's simulator cards, with `parameters`.
pub fn cards(studied: &[Studied], parameters: &Parameters) -> Result<Vec<fsrs::Card>, FSRSError> {
    let weights = Arc::new(fsrs::check_and_fill_parameters(parameters.weights())?);
    Ok(studied
        .iter()
        .enumerate()
        .map(|(index, card)| fsrs::Card {
            id: i64::try_from(index).unwrap_or(i64::MAX),
            difficulty: card.difficulty,
            stability: card.stability,
            last_date: card.last_day,
            due: card.due_day.max(0.0),
            interval: card.interval,
            lapses: card.lapses,
            desired_retention: 0.9,
            parameters: Arc::clone(&weights),
        })
        .collect())
}

/// Simulates `config` at `retention` from the `studied` cards.
pub fn simulate(
    config: &SimulatorConfig,
    parameters: &Parameters,
    retention: f32,
    studied: &[Studied],
    seed: u64,
) -> Result<Forecast, FSRSError> {
    let existing = cards(studied, parameters)?;
    let result = fsrs::simulate(
        config,
        parameters.weights(),
        retention,
        Some(seed),
        Some(existing),
    )?;
    let days: Vec<Day> = (0..config.learn_span)
        .map(|i| Day {
            reviews: result.review_cnt_per_day.get(i).copied().unwrap_or(0),
            new: result.learn_cnt_per_day.get(i).copied().unwrap_or(0),
            minutes: f64::from(result.cost_per_day.get(i).copied().unwrap_or(0.0)) / 60.0,
            memorized: f64::from(result.memorized_cnt_per_day.get(i).copied().unwrap_or(0.0)),
        })
        .collect();
    Ok(Forecast {
        retention,
        total_reviews: days.iter().map(|d| d.reviews).sum(),
        total_new: days.iter().map(|d| d.new).sum(),
        total_minutes: days.iter().map(|d| d.minutes).sum(),
        memorized: days.last().map_or(0.0, |d| d.memorized),
        days,
    })
}

/// The desired retention that costs least time per card memorized (the crate's CMRR: its
/// simulator, averaged over several seeds, minimised by Brent's method between 0.70 and 0.95).
pub fn optimal_retention(
    config: &SimulatorConfig,
    parameters: &Parameters,
    studied: &[Studied],
) -> Result<f32, FSRSError> {
    let existing = cards(studied, parameters)?;
    fsrs::optimal_retention(config, parameters.weights(), |_| true, Some(existing), None)
}
