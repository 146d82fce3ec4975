//! Knowing the learner's memory: fitting FSRS parameters to their review log ([`items`],
//! [`mod@fit`]), simulating their workload and finding the retention that costs least
//! ([`workload`]), the leech rule, and synthetic learners with known parameters to validate the
//! fit against ([`synthetic`]).
//!
//! Pure computation around the `fsrs` crate: no database, no terminal, no clock. The log comes
//! in as rows, time as timestamps, randomness as seeds; progress goes out through a callback.

pub mod fit;
pub mod items;
pub mod synthetic;
pub mod workload;

pub use fit::{FitError, FitOptions, FitReport, Metrics, Progress, fit};
pub use items::{Answer, Collector, TrainingSet};

/// Whether a card that has just lapsed for the `lapses`-th time is (again) a leech: at the
/// threshold, then every half threshold after it (8, 12, 16, … by default), as Anki counts.
pub fn is_leech_lapse(lapses: u32, threshold: u32) -> bool {
    let threshold = threshold.max(1);
    lapses >= threshold && (lapses - threshold).is_multiple_of((threshold / 2).max(1))
}

#[cfg(test)]
mod tests;
