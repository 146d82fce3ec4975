//! Fitting FSRS to a learner's history, and judging the fit before it is kept.
//!
//! The judgement is a time-series split, as fsrs-rs's `evaluate_with_time_series_splits`
//! does it: the items (in time order) are cut into six segments, and five folds each fit on
//! the segments before one and predict that one (train on the past, test on the future). The
//! default parameters, the parameters in use and the fitted ones are all scored by the crate's
//! `evaluate` on the same held-out items, so their log loss and RMSE(bins) compare like with
//! like. Parameters fitted earlier (the ones in use) have seen the older answers, so they are
//! compared with the folds on the answers given since they were fitted when there are enough of
//! those; with fewer, on the same held-out answers as the defaults, which they have seen: that
//! favours them, so a fit that still beats them is better (and a deck's first fit is not held
//! back by the profile's parameters fitted the day before). The parameters kept are then fitted
//! on the whole history, and only when the folds' held-out log loss beats the defaults' and the
//! current parameters'; the [`Verdict`] says which comparison decided.
//!
//! The folds and the final fit run on their own threads; the caller hears of progress through
//! a callback (it draws the progress bar), every tenth of a second.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use fsrs::{
    CombinedProgressState, ComputeParametersInput, FSRS, FSRSError, FSRSItem, TrainingConfig,
    compute_parameters,
};
use serde::Serialize;

use super::items::TrainingSet;
use crate::scheduler::Parameters;
use crate::time::Timestamp;

/// Fewer items than this and no fit is tried. The crate trains only on 64 items or more
/// (below it returns the defaults, or only the initial stabilities); the first fold of the
/// time-series split trains on a sixth of the items, so 6 × 64 ≈ 400 make every fold a real fit
/// (Anki asks for 400 too).
pub const MIN_ITEMS: usize = 400;

/// How many folds the time-series split makes.
const FOLDS: usize = 5;

/// How well a set of parameters predicts held-out answers (lower is better for both).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    /// Mean binary cross-entropy of the predicted recall.
    pub log_loss: f64,
    /// Root mean square error between predicted and actual recall, over bins of similar
    /// reviews (interval, review count, lapses).
    pub rmse_bins: f64,
}

/// What a fit found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitReport {
    /// Study answers read.
    pub answers: u64,
    /// Items: answers predicted (after a gap of at least a day).
    pub items: usize,
    pub cards: usize,
    /// Held-out answers scored by the folds.
    pub held_out: usize,
    /// The default parameters on the held-out answers.
    pub defaults: Metrics,
    /// The parameters in use, when they were fitted earlier: compared with the folds on the
    /// answers given since.
    pub current: Option<SinceFitted>,
    /// Parameters fitted on the past of each fold, on its future.
    pub fitted: Metrics,
    /// The parameters fitted on the whole history.
    pub parameters: Vec<f32>,
    /// Whether the fit beats the defaults and the parameters in use on held-out answers.
    pub better: bool,
    /// What decided.
    pub verdict: Verdict,
}

/// Why a fit is kept or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// It beats the defaults and the parameters in use.
    Better,
    /// It does not predict held-out answers better than the defaults.
    NotBetterThanDefaults,
    /// It beats the defaults, not the parameters in use (see [`SinceFitted::judged_on`]).
    NotBetterThanCurrent,
    /// The fitted numbers are outside what the scheduler accepts.
    Invalid,
}

/// Which answers the parameters in use were judged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JudgedOn {
    /// The held-out answers given since they were fitted (answers they have not seen).
    Since,
    /// Too few answers since ([`MIN_NEW_ITEMS`]): all the held-out answers, which they were
    /// fitted on; that favours them.
    HeldOut,
}

/// How the parameters in use and the folds predict the same answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SinceFitted {
    /// When the parameters in use were fitted.
    pub since: Timestamp,
    /// Held-out answers given since then.
    pub items: usize,
    pub judged_on: JudgedOn,
    /// The parameters in use on the answers judged on.
    pub current: Metrics,
    /// The folds on the same answers.
    pub fitted: Metrics,
}

/// Fewer new answers than this since the parameters in use were fitted, and they are kept: too
/// few to tell a better fit from noise.
pub const MIN_NEW_ITEMS: usize = 200;

/// Why no fit could be made.
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    #[error(
        "too little history to fit: {items} answers after a day or more (from {answers} study \
         answers); the fit needs {needed}. Keep studying, then run `recall optimize` again"
    )]
    TooLittle {
        items: usize,
        answers: u64,
        needed: usize,
    },
    #[error("the memory model could not be fitted: {0}")]
    Model(#[from] FSRSError),
    #[error("fitting stopped unexpectedly")]
    Interrupted,
}

/// Where a fit is: items processed out of the items to process, over all folds and the final fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// How to fit. The defaults are the crate's (5 epochs, batches of 512, a fixed seed).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FitOptions {
    pub training: Option<TrainingConfig>,
}

/// Fits parameters to `set` and judges them against the defaults and `current` (parameters
/// fitted earlier, and when).
pub fn fit(
    set: &TrainingSet,
    current: Option<(&Parameters, Timestamp)>,
    options: FitOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<FitReport, FitError> {
    let n = set.items.len();
    if n < MIN_ITEMS {
        return Err(FitError::TooLittle {
            items: n,
            answers: set.answers,
            needed: MIN_ITEMS,
        });
    }
    let segment = n / (FOLDS + 1);
    // (training prefix length, test range) per fold; the last fold tests to the end.
    let folds: Vec<(usize, std::ops::Range<usize>)> = (0..FOLDS)
        .map(|i| {
            let test_start = (i + 1) * segment;
            let test_end = if i == FOLDS - 1 { n } else { (i + 2) * segment };
            (test_start, test_start..test_end)
        })
        .collect();

    let states: Vec<Arc<Mutex<CombinedProgressState>>> = (0..=FOLDS)
        .map(|_| CombinedProgressState::new_shared())
        .collect();
    let fitted: Vec<Result<Vec<f32>, FSRSError>> = thread::scope(|scope| {
        let mut handles = Vec::new();
        for (index, state) in states.iter().enumerate() {
            let train = folds.get(index).map_or(n, |(train, _)| *train);
            let input = ComputeParametersInput {
                train_set: set.items[..train].to_vec(),
                card_ids: Some(set.card_ids[..train].to_vec()),
                progress: Some(Arc::clone(state)),
                enable_short_term: true,
                num_relearning_steps: None,
                training_config: options.training,
            };
            handles.push(scope.spawn(move || compute_parameters(input)));
        }
        while !handles.iter().all(thread::ScopedJoinHandle::is_finished) {
            thread::sleep(Duration::from_millis(100));
            progress(sum_progress(&states));
        }
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or(Err(FSRSError::Interrupted)))
            .collect()
    });
    let done = sum_progress(&states);
    progress(Progress {
        done: done.total,
        total: done.total,
    });
    let mut fitted = fitted.into_iter();
    let mut fold_parameters = Vec::with_capacity(FOLDS);
    for _ in 0..FOLDS {
        fold_parameters.push(fitted.next().ok_or(FitError::Interrupted)??);
    }
    let parameters = fitted.next().ok_or(FitError::Interrupted)??;

    let defaults_model = FSRS::default();
    let mut defaults = Scores::default();
    let mut by_fit = Scores::default();
    // Since the parameters in use were fitted: from this item on (items are in time order).
    let recent_start =
        current.map(|(_, since)| set.times.partition_point(|at| *at <= since).max(segment));
    let judged_on = recent_start.map(|start| {
        if n - start >= MIN_NEW_ITEMS {
            JudgedOn::Since
        } else {
            JudgedOn::HeldOut
        }
    });
    let mut in_use = Scores::default();
    let mut by_fit_judged = Scores::default();
    for ((_, test), weights) in folds.iter().zip(&fold_parameters) {
        let test_items = &set.items[test.clone()];
        let model = FSRS::new(weights)?;
        defaults.add(&defaults_model, test_items)?;
        by_fit.add(&model, test_items)?;
        if let (Some((parameters, _)), Some(start), Some(on)) = (current, recent_start, judged_on) {
            let judged = match on {
                JudgedOn::Since => &set.items[test.start.max(start)..test.end.max(start)],
                JudgedOn::HeldOut => test_items,
            };
            if !judged.is_empty() {
                in_use.add(&parameters.model(), judged)?;
                by_fit_judged.add(&model, judged)?;
            }
        }
    }
    let defaults = defaults.metrics();
    let fitted = by_fit.metrics();
    let current =
        current
            .zip(recent_start)
            .zip(judged_on)
            .map(|(((_, since), start), judged_on)| SinceFitted {
                since,
                items: n - start,
                judged_on,
                current: in_use.metrics(),
                fitted: by_fit_judged.metrics(),
            });
    let verdict = if fitted.log_loss >= defaults.log_loss {
        Verdict::NotBetterThanDefaults
    } else if current
        .as_ref()
        .is_some_and(|c| c.fitted.log_loss >= c.current.log_loss)
    {
        Verdict::NotBetterThanCurrent
    } else if Parameters::new(parameters.clone()).is_err() {
        Verdict::Invalid
    } else {
        Verdict::Better
    };
    let better = verdict == Verdict::Better;
    Ok(FitReport {
        answers: set.answers,
        items: n,
        cards: set.cards,
        held_out: n - segment,
        defaults,
        current,
        fitted,
        parameters,
        better,
        verdict,
    })
}

fn sum_progress(states: &[Arc<Mutex<CombinedProgressState>>]) -> Progress {
    states
        .iter()
        .fold(Progress { done: 0, total: 0 }, |sum, state| {
            match state.lock() {
                Ok(state) => Progress {
                    done: sum.done + state.current().min(state.total()),
                    total: sum.total + state.total(),
                },
                Err(_) => sum,
            }
        })
}

/// Metrics summed over folds, each fold weighted by its number of held-out items.
#[derive(Debug, Default)]
struct Scores {
    items: f64,
    log_loss: f64,
    rmse: f64,
}

impl Scores {
    fn add(&mut self, model: &FSRS, items: &[FSRSItem]) -> Result<(), FSRSError> {
        let evaluation = model.evaluate(items.to_vec(), |_| true)?;
        #[allow(clippy::cast_precision_loss)]
        let weight = items.len() as f64;
        self.items += weight;
        self.log_loss += f64::from(evaluation.log_loss) * weight;
        self.rmse += f64::from(evaluation.rmse_bins) * weight;
        Ok(())
    }

    fn metrics(&self) -> Metrics {
        let items = self.items.max(1.0);
        Metrics {
            log_loss: self.log_loss / items,
            rmse_bins: self.rmse / items,
        }
    }
}

/// How well `parameters` predict `items` (all of them, none held out): for checking a set on
/// new data.
pub fn score(parameters: &Parameters, items: &[FSRSItem]) -> Result<Metrics, FSRSError> {
    let mut scores = Scores::default();
    scores.add(&parameters.model(), items)?;
    Ok(scores.metrics())
}
