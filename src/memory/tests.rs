//! The optimizer validated on synthetic learners with known parameters.

use jiff::tz::TimeZone;

use super::fit::{FitOptions, JudgedOn, Verdict, fit, score};
use super::is_leech_lapse;
use super::items::{Answer, Collector, TrainingSet};
use super::synthetic::{Learner, generate, unusual_parameters};
use crate::scheduler::Parameters;

fn learner(truth: Parameters, seed: u64) -> Learner {
    Learner {
        truth,
        cards: 500,
        new_per_day: 10,
        days: 150,
        seed,
        start: "2026-01-01T09:00:00Z".parse().expect("a time"),
    }
}

fn training_set(learner: &Learner) -> TrainingSet {
    let mut collector = Collector::new(TimeZone::UTC);
    let mut log = generate(learner);
    log.sort_by_key(|a| (a.card, a.at));
    for answer in &log {
        collector.push(
            "d",
            &format!("c{}", answer.card),
            Answer {
                at: answer.at,
                rating: answer.rating,
                state_before: answer.state_before,
                duration_ms: Some(answer.duration_ms),
            },
        );
    }
    collector.finish()
}

/// The sum of |ln(a / b)| over the parameters where the truth differs from the defaults: how
/// far a set is from the truth on what the synthetic learner changed.
fn distance(from: &Parameters, truth: &Parameters) -> f64 {
    let defaults = Parameters::default();
    from.weights()
        .iter()
        .zip(truth.weights())
        .zip(defaults.weights())
        .filter(|((_, t), d)| (*t - *d).abs() > 1e-6)
        .map(|((f, t), _)| (f64::from(*f) / f64::from(*t)).ln().abs())
        .sum()
}

#[test]
fn a_learner_with_unusual_parameters_gets_a_fit_closer_to_them() {
    let truth = unusual_parameters();
    let set = training_set(&learner(truth.clone(), 1));
    let report = fit(&set, None, FitOptions::default(), &mut |_| {}).expect("fit");
    assert!(report.better, "{report:#?}");
    assert!(
        report.fitted.log_loss < report.defaults.log_loss,
        "held-out log loss: {report:#?}"
    );
    let fitted = Parameters::new(report.parameters.clone()).expect("valid parameters");
    let (before, after) = (
        distance(&Parameters::default(), &truth),
        distance(&fitted, &truth),
    );
    assert!(
        after < before / 2.0,
        "distance to the truth {before} -> {after}"
    );
    // On a fresh history of the same learner, the fit predicts better than the defaults.
    let fresh = training_set(&learner(truth, 2));
    let with_defaults = score(&Parameters::default(), &fresh.items).expect("score");
    let with_fit = score(&fitted, &fresh.items).expect("score");
    assert!(
        with_fit.log_loss < with_defaults.log_loss,
        "{with_fit:?} vs {with_defaults:?}"
    );
}

#[test]
fn a_learner_with_the_default_parameters_is_not_made_worse() {
    for seed in [3, 4] {
        let set = training_set(&learner(Parameters::default(), seed));
        let report = fit(&set, None, FitOptions::default(), &mut |_| {}).expect("fit");
        let kept = if report.better {
            Parameters::new(report.parameters.clone()).expect("valid parameters")
        } else {
            Parameters::default()
        };
        let fresh = training_set(&learner(Parameters::default(), seed + 100));
        let with_defaults = score(&Parameters::default(), &fresh.items).expect("score");
        let with_kept = score(&kept, &fresh.items).expect("score");
        assert!(
            with_kept.log_loss <= with_defaults.log_loss + 0.002,
            "seed {seed}: kept {with_kept:?} vs defaults {with_defaults:?} ({report:#?})"
        );
    }
}

#[test]
fn too_little_history_is_refused_with_what_it_needs() {
    let mut small = learner(unusual_parameters(), 5);
    small.cards = 20;
    small.days = 20;
    let set = training_set(&small);
    let error = fit(&set, None, FitOptions::default(), &mut |_| {}).expect_err("too little");
    assert!(error.to_string().contains("too little history"), "{error}");
}

#[test]
fn leeches_at_the_threshold_and_every_half_threshold_after() {
    let at = |threshold| {
        (0..=20)
            .filter(|&lapses| is_leech_lapse(lapses, threshold))
            .collect::<Vec<_>>()
    };
    assert_eq!(at(8), [8, 12, 16, 20]);
    assert_eq!(
        at(3),
        [
            3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
        ]
    );
    assert_eq!(at(5), [5, 7, 9, 11, 13, 15, 17, 19]);
    assert_eq!(at(0), at(1));
}

#[test]
fn parameters_fitted_earlier_are_judged_on_the_answers_since() {
    let truth = unusual_parameters();
    let set = training_set(&learner(truth, 1));
    let first = fit(&set, None, FitOptions::default(), &mut |_| {}).expect("fit");
    let saved = Parameters::new(first.parameters.clone()).expect("valid");
    // Fitted at the end of this history: no answers since, nothing to judge a new fit by.
    let end = *set.times.last().expect("items");
    let again = fit(
        &set,
        Some((&saved, end)),
        FitOptions::default(),
        &mut |_| {},
    )
    .expect("fit");
    let since = again.current.expect("compared");
    assert_eq!((since.items, since.judged_on), (0, JudgedOn::HeldOut));
    assert!(
        since.current.log_loss < since.fitted.log_loss,
        "judged on answers they were fitted on, they win: {since:?}"
    );
    assert_eq!(again.verdict, Verdict::NotBetterThanCurrent);
    assert!(!again.better);
    // Parameters in use that do not fit this learner (another scope's, say) with no answers
    // since: the fit beats them on the held-out answers, and is kept.
    let other = fit(
        &set,
        Some((&Parameters::default(), end)),
        FitOptions::default(),
        &mut |_| {},
    )
    .expect("fit");
    let since = other.current.clone().expect("compared");
    assert_eq!(since.judged_on, JudgedOn::HeldOut);
    assert!(since.fitted.log_loss < since.current.log_loss, "{since:?}");
    assert_eq!(other.verdict, Verdict::Better, "{other:#?}");
    assert!(other.better);
    // Fitted halfway: judged on the second half only, both on the same answers.
    let middle = set.times[set.times.len() / 2];
    let later = fit(
        &set,
        Some((&saved, middle)),
        FitOptions::default(),
        &mut |_| {},
    )
    .expect("fit");
    let since = later.current.expect("compared");
    assert!(since.items >= set.items.len() / 2 - 1, "{since:?}");
    assert_eq!(since.judged_on, JudgedOn::Since);
}
