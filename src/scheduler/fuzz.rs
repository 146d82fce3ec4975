//! Review-interval rounding and fuzz: turning FSRS's fractional interval into whole days, and
//! spreading it over Anki's fuzz range so cards learned together do not stay due together.
//!
//! Owns only the arithmetic (Anki's `fuzz.rs` ranges and bounds, a deterministic fuzz factor);
//! which transitions are fuzzed is decided by the policy in `policy.rs`.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, SeedableRng};

/// Intervals below this many days are never fuzzed (Anki and py-fsrs agree).
pub(crate) const MIN_FUZZED_INTERVAL: f32 = 2.5;

/// Anki's fuzz ranges: `(start, end, factor)`; the part of the interval inside each range
/// widens the fuzz by `factor` per day.
const FUZZ_RANGES: [(f32, f32, f32); 3] =
    [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f32::MAX, 0.05)];

/// A number in `[0, 1)` fixed by `seed`.
///
/// The float is built from the generator's raw 64 bits rather than through rand's float
/// sampling, so a stored seed gives the same interval whatever rand version we build with.
pub(crate) fn fuzz_factor(seed: u64) -> f64 {
    let bits = Xoshiro256PlusPlus::seed_from_u64(seed).next_u64() >> 11;
    // Both values have at most 53 significant bits, so the conversions are exact.
    #[allow(clippy::cast_precision_loss)]
    let factor = bits as f64 / (1u64 << 53) as f64;
    factor
}

/// How far either side of `interval` the fuzz may reach, in days.
fn fuzz_delta(interval: f32) -> f32 {
    if interval < MIN_FUZZED_INTERVAL {
        return 0.0;
    }
    FUZZ_RANGES
        .iter()
        .fold(1.0, |delta, &(start, end, factor)| {
            delta + factor * (interval.min(end) - start).max(0.0)
        })
}

/// The whole-day range `[lower, upper]` a fuzzed `interval` may land in, kept inside
/// `[minimum, maximum]` (Anki's `constrained_fuzz_bounds`).
pub(crate) fn fuzz_bounds(interval: f32, minimum: u32, maximum: u32) -> (u32, u32) {
    let minimum = minimum.min(maximum);
    let interval = interval.clamp(days_as_float(minimum), days_as_float(maximum));
    let delta = fuzz_delta(interval);
    // Anki rounds the bounds half away from zero (`f32::round`); we keep that so the
    // published bounds table holds exactly.
    let lower = float_as_days((interval - delta).round()).clamp(minimum, maximum);
    let mut upper = float_as_days((interval + delta).round()).clamp(minimum, maximum);
    // A range of one day would make fuzz a no-op; Anki widens it unless that would pass the
    // maximum.
    if upper == lower && upper > 2 && upper < maximum {
        upper = lower + 1;
    }
    (lower, upper)
}

/// The review interval in whole days for FSRS's fractional `interval`, between 1 and
/// `maximum` days.
///
/// Without a fuzz factor, or below [`MIN_FUZZED_INTERVAL`], the interval is rounded half to
/// even, as py-fsrs's Python `round()` does. With one, it is a uniform pick from
/// [`fuzz_bounds`] (Anki's `with_review_fuzz`): the factor selects one of the
/// `upper - lower + 1` days, so a given factor maps a longer interval to a day no earlier than
/// a shorter one's.
pub(crate) fn review_days(interval: f32, maximum: u32, fuzz_factor: Option<f64>) -> u32 {
    let maximum = maximum.max(1);
    match fuzz_factor {
        Some(factor) if interval >= MIN_FUZZED_INTERVAL => {
            let (lower, upper) = fuzz_bounds(interval, 1, maximum);
            let span = f64::from(upper - lower + 1);
            let offset = float_as_days((factor.clamp(0.0, 1.0) * span).floor());
            lower.saturating_add(offset).min(upper)
        }
        _ => float_as_days(interval.round_ties_even()).clamp(1, maximum),
    }
}

/// A day count as a float; exact for every interval below 2^24 days.
#[allow(clippy::cast_precision_loss)]
fn days_as_float(days: u32) -> f32 {
    days as f32
}

/// A whole number of days from an already-rounded float. `as` saturates (negative and NaN
/// give 0, huge values `u32::MAX`), which the callers' clamps then bring into range.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn float_as_days(days: impl Into<f64>) -> u32 {
    days.into() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_match_ankis_published_table() {
        // Anki's rslib/src/scheduler/states/fuzz.rs tests, plus the range edges.
        let cases = [
            // (interval, minimum, maximum, lower, upper)
            (2.5, 1, 36_500, 2, 4),
            (7.0, 1, 36_500, 5, 9),
            (17.0, 1, 36_500, 14, 20),
            (37.0, 1, 36_500, 33, 41),
            (100.0, 101, 36_500, 101, 108),
            // The maximum caps both ends, and a one-day range is not widened past it.
            (40.0, 1, 30, 27, 30),
            (100.0, 1, 2, 2, 2),
            // A minimum above the maximum gives way to the maximum.
            (5.0, 50, 10, 10, 10),
        ];
        for (interval, minimum, maximum, lower, upper) in cases {
            assert_eq!(
                fuzz_bounds(interval, minimum, maximum),
                (lower, upper),
                "interval {interval}, minimum {minimum}, maximum {maximum}"
            );
        }
    }

    #[test]
    fn one_day_ranges_stay_one_day_at_two_days_or_the_maximum() {
        // Anki widens a one-day range to two days, but never for 1 or 2 days and never past
        // the maximum. (With a delta of at least one day the range is always wider than one
        // day elsewhere, so the widening only guards against float edge cases.)
        assert_eq!(fuzz_bounds(1.0, 1, 100), (1, 1));
        assert_eq!(fuzz_bounds(2.0, 2, 100), (2, 2));
        assert_eq!(fuzz_bounds(5.0, 10, 10), (10, 10));
    }

    #[test]
    fn factor_is_in_unit_interval_and_replays() {
        for seed in [0, 1, 42, u64::MAX, 0x5EED_5EED] {
            let factor = fuzz_factor(seed);
            assert!((0.0..1.0).contains(&factor), "seed {seed}: {factor}");
            assert_eq!(factor.to_bits(), fuzz_factor(seed).to_bits());
        }
        assert_ne!(fuzz_factor(1).to_bits(), fuzz_factor(2).to_bits());
    }

    #[test]
    fn factor_is_pinned_for_stored_seeds() {
        // Changing the generator or the float conversion would move every fuzzed card. These
        // are xoshiro256++ seeded through SplitMix64, first output >> 11, / 2^53, computed
        // independently (in Python) from the reference algorithm.
        let cases = [
            (0, 0.324_575_268_031_406_7),
            (7, 0.055_360_436_478_333_11),
            (42, 0.814_305_145_122_909_9),
        ];
        for (seed, factor) in cases {
            assert_eq!(
                fuzz_factor(seed).to_bits(),
                f64::to_bits(factor),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn fuzzed_days_stay_within_bounds_and_cover_them() {
        for (interval, lower, upper) in [(2.5, 2, 4), (7.0, 5, 9), (17.0, 14, 20), (37.0, 33, 41)] {
            let mut seen = std::collections::BTreeSet::new();
            for seed in 0..2_000 {
                let days = review_days(interval, 36_500, Some(fuzz_factor(seed)));
                assert!(
                    (lower..=upper).contains(&days),
                    "interval {interval}, seed {seed}: {days} outside [{lower}, {upper}]"
                );
                seen.insert(days);
            }
            let all: std::collections::BTreeSet<u32> = (lower..=upper).collect();
            assert_eq!(seen, all, "interval {interval}: some days never picked");
        }
    }

    #[test]
    fn extreme_factors_pick_the_ends_of_the_range() {
        assert_eq!(review_days(37.0, 36_500, Some(0.0)), 33);
        assert_eq!(review_days(37.0, 36_500, Some(0.999_999_999)), 41);
        // Out-of-range factors cannot escape the bounds.
        assert_eq!(review_days(37.0, 36_500, Some(1.0)), 41);
        assert_eq!(review_days(37.0, 36_500, Some(-3.0)), 33);
    }

    #[test]
    fn short_intervals_are_not_fuzzed() {
        for (interval, days) in [(0.2, 1), (1.4, 1), (1.5, 2), (2.49, 2)] {
            for factor in [0.0, 0.5, 0.99] {
                assert_eq!(
                    review_days(interval, 36_500, Some(factor)),
                    days,
                    "{interval}"
                );
            }
        }
    }

    #[test]
    fn unfuzzed_days_round_half_to_even_within_limits() {
        let cases = [
            (0.0, 36_500, 1),
            (0.4, 36_500, 1),
            (2.5, 36_500, 2),
            (3.5, 36_500, 4),
            (4.5, 36_500, 4),
            (4.500_001, 36_500, 5),
            (1e9, 36_500, 36_500),
            (80.0, 30, 30),
            (f32::INFINITY, 30, 30),
            (f32::NAN, 30, 1),
            // A maximum of 0 days still allows one day.
            (10.0, 0, 1),
        ];
        for (interval, maximum, days) in cases {
            assert_eq!(review_days(interval, maximum, None), days, "{interval}");
        }
    }

    #[test]
    fn fuzz_never_passes_the_maximum_interval() {
        for seed in 0..500 {
            let factor = Some(fuzz_factor(seed));
            let days = review_days(36_499.0, 36_500, factor);
            assert!((34_000..=36_500).contains(&days), "{days}");
            // 90 days capped at 10 is fuzzed as 10 days: [8, 10].
            let days = review_days(90.0, 10, factor);
            assert!((8..=10).contains(&days), "{days}");
        }
    }
}
