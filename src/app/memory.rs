//! The learner's memory as use cases: which FSRS parameters schedule a deck (a set fitted for
//! the deck, else for the profile, else the defaults), fitting them to the study log
//! (`recall optimize`: judged on held-out answers, saved only when better, with the retention
//! that costs least), going back to the defaults, and simulating the workload ahead
//! (`recall simulate`) with the learner's parameters and answer times.

use anyhow::{Context as _, Result};
use serde::Serialize;

use super::Scope;
use crate::deck::{DeckId, Schedule};
use crate::memory::workload::{self, Forecast, Plan, Studied};
use crate::memory::{self, Answer, Collector, FitOptions, FitReport, Progress, TrainingSet};
use crate::scheduler::{Parameters, Policy, State};
use crate::store::{Charts, DeckRecord, Fitting, NewParameters, Queues, SavedParameters, Stats};
use crate::time::{StudyDay, Timestamp};

/// Which parameters schedule a card, for people and `card --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParametersInfo {
    /// `default` (FSRS-6's) or `fitted` (by `recall optimize`).
    pub source: &'static str,
    /// The saved set's number, when fitted.
    pub id: Option<i64>,
    /// `profile` (all the profile's decks) or `deck`, when fitted.
    pub scope: Option<&'static str>,
    pub saved_at: Option<Timestamp>,
}

impl ParametersInfo {
    const DEFAULT: ParametersInfo = ParametersInfo {
        source: "default",
        id: None,
        scope: None,
        saved_at: None,
    };

    fn of(set: Option<&SavedParameters>) -> ParametersInfo {
        set.map_or(Self::DEFAULT, |set| ParametersInfo {
            source: "fitted",
            id: Some(set.id),
            scope: Some(if set.deck.is_some() {
                "deck"
            } else {
                "profile"
            }),
            saved_at: Some(set.saved_at),
        })
    }
}

/// The set in use at `at` for `deck`: the deck's own, else the profile's.
fn set_at<'a>(
    sets: &'a [SavedParameters],
    deck: &DeckId,
    at: Timestamp,
) -> Option<&'a SavedParameters> {
    let in_use = |set: &&SavedParameters| {
        set.saved_at <= at && set.retired_at.is_none_or(|retired| at < retired)
    };
    let latest = |scope: Option<&DeckId>| {
        sets.iter()
            .filter(|s| s.deck.as_ref() == scope)
            .filter(in_use)
            .max_by_key(|s| (s.saved_at, s.id))
    };
    latest(Some(deck)).or_else(|| latest(None))
}

fn parameters_of(set: Option<&SavedParameters>) -> Parameters {
    set.and_then(|s| Parameters::new(s.weights.clone()).ok())
        .unwrap_or_default()
}

/// The parameters that schedule `deck` now, and which they are.
pub fn parameters_for<S: Fitting>(
    store: &S,
    scope: &Scope,
    deck: &DeckId,
) -> Result<(Parameters, ParametersInfo)> {
    let sets = store.parameter_sets(&scope.profile)?;
    let set = set_at(&sets, deck, scope.now);
    Ok((parameters_of(set), ParametersInfo::of(set)))
}

/// Which parameters were in use for `deck` at `at` (the time of a past answer).
pub fn parameters_at<S: Fitting>(
    store: &S,
    profile: &str,
    deck: &DeckId,
    at: Timestamp,
) -> Result<ParametersInfo> {
    let sets = store.parameter_sets(profile)?;
    Ok(ParametersInfo::of(set_at(&sets, deck, at)))
}

/// Each deck's scheduling policy: its schedule with the parameters in use for it at `now`.
pub fn policies<S: Fitting>(
    store: &S,
    profile: &str,
    decks: &[DeckRecord],
    now: Timestamp,
) -> Result<Vec<Policy>> {
    let sets = store.parameter_sets(profile)?;
    Ok(decks
        .iter()
        .map(|deck| {
            Policy::from(&deck.schedule)
                .with_parameters(parameters_of(set_at(&sets, &deck.id, now)))
        })
        .collect())
}

/// One deck's policy at `now` (see [`policies`]).
pub fn policy<S: Fitting>(
    store: &S,
    profile: &str,
    deck: &DeckRecord,
    now: Timestamp,
) -> Result<Policy> {
    Ok(policies(store, profile, std::slice::from_ref(deck), now)?
        .pop()
        .unwrap_or_else(|| Policy::from(&deck.schedule)))
}

/// The profile's study log over `decks` (all decks when empty) as training items.
pub fn training_set<S: Fitting>(store: &S, scope: &Scope, decks: &[DeckId]) -> Result<TrainingSet> {
    let mut collector = Collector::new((*scope.tz).clone());
    store.study_answers(&scope.profile, decks, &mut |row| {
        collector.push(
            row.deck,
            row.card,
            Answer {
                at: row.at,
                rating: row.rating,
                state_before: row.state_before,
                duration_ms: row.duration_ms,
            },
        );
    })?;
    Ok(collector.finish())
}

/// What `recall optimize` asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OptimizeRequest {
    /// The decks whose history is fitted, and which get the parameters; empty: all the
    /// profile's history, for the whole profile.
    pub decks: Vec<DeckId>,
    /// Fit and report, save nothing.
    pub dry_run: bool,
}

/// What `recall optimize` found and did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptimizeReport {
    pub profile: String,
    /// `profile`, or the decks fitted.
    pub scope: Vec<String>,
    pub fit: FitReport,
    /// Whether the fitted parameters were saved (better, and not a dry run).
    pub saved: bool,
    /// The retention that costs least time per card memorized with the fitted parameters (the
    /// parameters used from now on); `None` when the simulator found no minimum.
    pub optimal_retention: Option<f32>,
    /// Each deck's retention now, to compare.
    pub retention: Vec<(String, f32)>,
}

/// Too little history to fit, as `recall optimize --json` says it.
#[allow(clippy::struct_field_names)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TooLittle {
    pub profile: String,
    /// Always false: nothing is saved.
    pub saved: bool,
    pub too_little_history: TooLittleHistory,
}

/// How much history there is, how much the fit needs, and the fit's words for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TooLittleHistory {
    pub answers: u64,
    pub items: usize,
    pub needed: usize,
    pub message: String,
}

impl TooLittleHistory {
    /// The fit's refusal for too little history, out of an error of [`optimize`]; any other
    /// error is given back.
    pub fn from_error(error: anyhow::Error) -> Result<TooLittleHistory> {
        match error.downcast::<memory::FitError>() {
            Ok(memory::FitError::TooLittle {
                items,
                answers,
                needed,
            }) => Ok(TooLittleHistory {
                answers,
                items,
                needed,
                message: memory::FitError::TooLittle {
                    items,
                    answers,
                    needed,
                }
                .to_string(),
            }),
            Ok(other) => Err(other.into()),
            Err(error) => Err(error),
        }
    }
}

/// Where `recall optimize` is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptimizeStep {
    /// Fitting the folds and the final parameters.
    Fitting(Progress),
    /// Searching the retention that costs least (no measure of progress).
    Retention,
}

/// Fits parameters to the profile's study log (see [`OptimizeRequest`]), saves them when they
/// predict held-out answers better than the defaults and the parameters in use (unless a dry
/// run), and finds the retention that costs least with them.
pub fn optimize<S: Fitting + Queues + Stats + Charts>(
    store: &mut S,
    scope: &Scope,
    decks: &[DeckRecord],
    request: &OptimizeRequest,
    progress: &mut dyn FnMut(OptimizeStep),
) -> Result<OptimizeReport> {
    let set = training_set(store, scope, &request.decks)?;
    let sets = store.parameter_sets(&scope.profile)?;
    // The parameters the fit competes with: those in use for the scope, fitted earlier.
    let in_use = match request.decks.first() {
        Some(deck) => set_at(&sets, deck, scope.now),
        None => sets
            .iter()
            .filter(|s| s.deck.is_none() && s.retired_at.is_none())
            .max_by_key(|s| (s.saved_at, s.id)),
    };
    let current = parameters_of(in_use);
    let fit = memory::fit(
        &set,
        in_use.map(|s| (&current, s.saved_at)),
        FitOptions::default(),
        &mut |p| progress(OptimizeStep::Fitting(p)),
    )?;
    progress(OptimizeStep::Retention);
    let saved = fit.better && !request.dry_run;
    if saved {
        let scopes: Vec<Option<DeckId>> = if request.decks.is_empty() {
            vec![None]
        } else {
            request.decks.iter().cloned().map(Some).collect()
        };
        store.save_parameters(&NewParameters {
            profile: &scope.profile,
            scopes: &scopes,
            weights: &fit.parameters,
            reviews: fit.answers,
            report: &serde_json::to_string(&fit).context("the fit's report")?,
            at: scope.now,
        })?;
    }
    let in_scope: Vec<&DeckRecord> = decks
        .iter()
        .filter(|d| request.decks.is_empty() || request.decks.contains(&d.id))
        .collect();
    let chosen = if fit.better {
        Parameters::new(fit.parameters.clone()).unwrap_or_default()
    } else {
        current
    };
    let plan_decks: Vec<DeckRecord> = in_scope.iter().map(|d| (*d).clone()).collect();
    let optimal_retention = {
        let (plan, studied) =
            workload_inputs(store, scope, &plan_decks, &SimulateRequest::default())?;
        let (plan, studied) = thinned(plan, studied, RETENTION_CARDS);
        let config = workload::config(&plan, studied.len(), &set.revlog, cutoff(scope));
        workload::optimal_retention(&config, &chosen, &studied).ok()
    };
    Ok(OptimizeReport {
        profile: scope.profile.clone(),
        scope: if request.decks.is_empty() {
            vec!["profile".to_owned()]
        } else {
            request.decks.iter().map(ToString::to_string).collect()
        },
        fit,
        saved,
        optimal_retention,
        retention: in_scope
            .iter()
            .map(|d| (d.id.to_string(), d.schedule.retention))
            .collect(),
    })
}

/// At most this many cards go into the search for the optimal retention: a larger collection is
/// thinned evenly (every n-th studied card, n times fewer new cards and daily limits), which
/// keeps the cost per card memorized the search minimises while its dozens of year-long
/// simulations stay quick.
const RETENTION_CARDS: usize = 5_000;

/// `plan` and `studied` thinned evenly to about `max` cards (see [`RETENTION_CARDS`]).
fn thinned(plan: Plan, studied: Vec<Studied>, max: usize) -> (Plan, Vec<Studied>) {
    let total = studied.len() + plan.new_cards;
    if total <= max {
        return (plan, studied);
    }
    let every = total.div_ceil(max.max(1));
    let studied = studied.into_iter().step_by(every).collect();
    let plan = Plan {
        new_cards: plan.new_cards / every,
        new_per_day: (plan.new_per_day / every).max(usize::from(plan.new_per_day > 0)),
        reviews_per_day: if plan.reviews_per_day == usize::MAX {
            usize::MAX
        } else {
            (plan.reviews_per_day / every).max(1)
        },
        ..plan
    };
    (plan, studied)
}

/// Goes back to the default parameters for the profile, or for `decks`; returns how many saved
/// sets were retired.
pub fn reset<S: Fitting>(store: &mut S, scope: &Scope, decks: &[DeckId]) -> Result<usize> {
    let scopes: Vec<Option<DeckId>> = if decks.is_empty() {
        vec![None]
    } else {
        decks.iter().cloned().map(Some).collect()
    };
    Ok(store.retire_parameters(&scope.profile, &scopes, scope.now)?)
}

/// What `recall simulate` asks for; unset values come from the decks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SimulateRequest {
    pub retention: Option<f32>,
    pub new_per_day: Option<usize>,
    pub days: Option<usize>,
    pub seed: Option<u64>,
}

/// What `recall simulate` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimulateReport {
    pub parameters: ParametersInfo,
    pub studied_cards: usize,
    pub new_cards: usize,
    pub new_per_day: usize,
    pub reviews_per_day: usize,
    /// Study answers in the log.
    pub answers: u64,
    /// Those with an answer time: the answer times and button habits were measured from these
    /// (the crate's defaults when there are none: `recall rate` and imported history record no
    /// time).
    pub timed_answers: u64,
    pub forecast: Forecast,
}

/// The start of today's study day in seconds, for the crate's grouping of answers by day.
fn cutoff(scope: &Scope) -> i64 {
    scope.today().start.millis().div_euclid(1000)
}

/// The simulator's plan and the studied cards of `decks` (suspended cards left out).
fn workload_inputs<S: Queues + Stats + Charts>(
    store: &S,
    scope: &Scope,
    decks: &[DeckRecord],
    request: &SimulateRequest,
) -> Result<(Plan, Vec<Studied>)> {
    let today = scope.today();
    let mut studied = Vec::new();
    let mut new_cards = 0;
    for deck in decks {
        let counts = store.deck_counts(
            &scope.profile,
            &deck.id,
            scope.now,
            today,
            crate::scheduler::queue::Limits { reviews: 0, new: 0 },
        )?;
        new_cards += usize::try_from(counts.new_total).unwrap_or(usize::MAX);
        for state in store.studied_states(&scope.profile, &deck.id)? {
            if let Some(card) = studied_card(&state, today, &scope.tz) {
                studied.push(card);
            }
        }
    }
    let first = decks
        .first()
        .map(|d| d.schedule.clone())
        .unwrap_or_default();
    let sum = |f: fn(&Schedule) -> u32| {
        decks
            .iter()
            .map(|d| usize::try_from(f(&d.schedule)).unwrap_or(usize::MAX))
            .fold(0usize, usize::saturating_add)
    };
    let plan = Plan {
        days: request.days.unwrap_or(365),
        new_per_day: request.new_per_day.unwrap_or_else(|| {
            if decks.is_empty() {
                20
            } else {
                sum(|s| s.new_per_day)
            }
        }),
        reviews_per_day: if decks.is_empty() {
            usize::MAX
        } else {
            sum(|s| s.reviews_per_day)
        },
        new_cards,
        learning_steps: first.learning_steps.len(),
        relearning_steps: first.relearning_steps.len(),
        max_interval_days: first.max_interval_days(),
    };
    Ok((plan, studied))
}

/// A card's state in the simulator's days: today's study day is day 0.
fn studied_card(
    state: &crate::scheduler::CardState,
    today: StudyDay,
    tz: &jiff::tz::TimeZone,
) -> Option<Studied> {
    if state.state == State::New {
        return None;
    }
    let memory = state.memory?;
    let day_of = |at: Timestamp| {
        memory::items::day_number(at, tz) - memory::items::day_number(today.start, tz)
    };
    #[allow(clippy::cast_precision_loss)]
    let as_days = |days: i64| days as f32;
    let last_day = as_days(state.last_review.map_or(0, day_of).min(0));
    let due_day = as_days(state.due.map_or(0, day_of));
    Some(Studied {
        stability: memory.stability,
        difficulty: memory.difficulty,
        last_day,
        due_day,
        #[allow(clippy::cast_precision_loss)]
        interval: (state.scheduled_days.max(1)) as f32,
        lapses: state.lapses,
    })
}

/// Simulates the days ahead for `decks` with the learner's parameters (the profile's, or the
/// first deck's own) and measured answer times.
pub fn simulate<S: Fitting + Queues + Stats + Charts>(
    store: &S,
    scope: &Scope,
    decks: &[DeckRecord],
    request: &SimulateRequest,
) -> Result<SimulateReport> {
    let ids: Vec<DeckId> = decks.iter().map(|d| d.id.clone()).collect();
    let set = training_set(store, scope, &ids)?;
    let (parameters, info) = match decks.first() {
        Some(deck) => parameters_for(store, scope, &deck.id)?,
        None => (Parameters::default(), ParametersInfo::DEFAULT),
    };
    let (plan, studied) = workload_inputs(store, scope, decks, request)?;
    let retention = request
        .retention
        .or_else(|| decks.first().map(|d| d.schedule.retention))
        .unwrap_or(0.9);
    let config = workload::config(&plan, studied.len(), &set.revlog, cutoff(scope));
    let forecast = workload::simulate(
        &config,
        &parameters,
        retention,
        &studied,
        request.seed.unwrap_or(42),
    )?;
    Ok(SimulateReport {
        parameters: info,
        studied_cards: studied.len(),
        new_cards: plan.new_cards,
        new_per_day: plan.new_per_day,
        reviews_per_day: plan.reviews_per_day,
        answers: set.answers,
        timed_answers: workload::timed_answers(&set.revlog),
        forecast,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use fsrs::{DEFAULT_PARAMETERS, SimulatorConfig};

    use super::*;
    use crate::app::record::{self, Review};
    use crate::app::testing::{deck, scope, store_with};
    use crate::deck::CardId;
    use crate::scheduler::Rating;
    use crate::store::{Catalog, Reviews};

    fn ten_cards() -> crate::deck::Deck {
        let mut text =
            String::from("[deck]\nid = \"d\"\ntitle = \"D\"\n[deck.schedule]\nnew_per_day = 3\n");
        for n in 0..10 {
            text.push_str(&format!(
                "[[card]]\nid = \"c{n}\"\nquestion = \"Q{n}?\"\nanswer = \"answer {n}\"\n"
            ));
        }
        deck(&text)
    }

    #[test]
    fn simulate_agrees_with_the_crates_simulator_for_the_same_configuration() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = ten_cards();
        let (mut store, decks) = store_with(&[&d], &scope);
        // Two cards studied a week ago (headless answers have no time: the costs stay the
        // crate's defaults).
        let earlier = Scope {
            now: scope.now.plus_days(-7),
            ..scope.clone()
        };
        for (card, rating) in [("c0", Rating::Easy), ("c1", Rating::Good)] {
            let id: CardId = card.parse().expect("an id");
            let stored = store.card(&d.id, &id).expect("q").expect("card");
            record::review(
                &mut store,
                &earlier,
                &decks[0],
                &stored,
                &Review {
                    rating,
                    typed: None,
                    record: true,
                },
            )
            .expect("review");
        }
        let request = SimulateRequest {
            retention: Some(0.85),
            new_per_day: Some(3),
            days: Some(60),
            seed: Some(7),
        };
        let report = simulate(&store, &scope, &decks, &request).expect("simulate");
        assert_eq!((report.studied_cards, report.new_cards), (2, 8));

        // The same configuration, built from the crate's defaults by hand.
        let config = SimulatorConfig {
            deck_size: 10,
            learn_span: 60,
            max_cost_perday: f32::MAX,
            max_ivl: 36_500.0,
            learn_limit: 3,
            review_limit: 200,
            learning_step_count: 2,
            relearning_step_count: 1,
            ..SimulatorConfig::default()
        };
        let weights = Arc::new(DEFAULT_PARAMETERS.to_vec());
        let existing: Vec<fsrs::Card> = ["c0", "c1"]
            .iter()
            .enumerate()
            .map(|(index, card)| {
                let id: CardId = card.parse().expect("an id");
                let state = store
                    .card_state("me", &d.id, &id)
                    .expect("q")
                    .expect("a state");
                let memory = state.memory.expect("a memory");
                let due_day = (state.due.expect("due").millis() - scope.today().start.millis())
                    .div_euclid(86_400_000);
                #[allow(clippy::cast_precision_loss)]
                fsrs::Card {
                    id: i64::try_from(index).expect("small"),
                    difficulty: memory.difficulty,
                    stability: memory.stability,
                    last_date: -7.0,
                    due: (due_day as f32).max(0.0),
                    interval: state.scheduled_days.max(1) as f32,
                    lapses: 0,
                    desired_retention: 0.9,
                    parameters: Arc::clone(&weights),
                }
            })
            .collect();
        let crate_result =
            fsrs::simulate(&config, &DEFAULT_PARAMETERS, 0.85, Some(7), Some(existing))
                .expect("the crate simulates");
        for (day, ours) in report.forecast.days.iter().enumerate() {
            assert_eq!(
                ours.reviews, crate_result.review_cnt_per_day[day],
                "day {day}"
            );
            assert_eq!(ours.new, crate_result.learn_cnt_per_day[day], "day {day}");
            let minutes = f64::from(crate_result.cost_per_day[day]) / 60.0;
            assert!((ours.minutes - minutes).abs() < 1e-9, "day {day}");
            let memorized = f64::from(crate_result.memorized_cnt_per_day[day]);
            assert!((ours.memorized - memorized).abs() < 1e-6, "day {day}");
        }
        assert_eq!(report.forecast.total_new, 8);
    }

    #[test]
    fn parameters_come_from_the_deck_then_the_profile_then_the_defaults() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = ten_cards();
        let (mut store, _) = store_with(&[&d], &scope);
        let (parameters, info) = parameters_for(&store, &scope, &d.id).expect("q");
        assert!(parameters.is_default());
        assert_eq!(info.source, "default");
        let mut weights = DEFAULT_PARAMETERS.to_vec();
        weights[0] = 0.5;
        let save = |store: &mut crate::store::Store, scopes: &[Option<DeckId>], at| {
            store
                .save_parameters(&NewParameters {
                    profile: "me",
                    scopes,
                    weights: &weights,
                    reviews: 1000,
                    report: "{}",
                    at,
                })
                .expect("save");
        };
        let day = |n| scope.now.plus_days(n);
        save(&mut store, &[None], day(-10));
        let (parameters, info) = parameters_for(&store, &scope, &d.id).expect("q");
        assert!(!parameters.is_default());
        assert_eq!(info.scope, Some("profile"));
        save(&mut store, &[Some(d.id.clone())], day(-5));
        assert_eq!(
            parameters_for(&store, &scope, &d.id).expect("q").1.scope,
            Some("deck")
        );
        // What scheduled an answer depends on when it was given.
        let at = |n| parameters_at(&store, "me", &d.id, day(n)).expect("q");
        assert_eq!(at(-20).source, "default");
        assert_eq!(at(-8).scope, Some("profile"));
        assert_eq!(at(-1).scope, Some("deck"));
        // A reset of the deck falls back to the profile's set.
        reset(&mut store, &scope, std::slice::from_ref(&d.id)).expect("reset");
        assert_eq!(
            parameters_for(&store, &scope, &d.id).expect("q").1.scope,
            Some("profile")
        );
    }

    #[test]
    fn too_little_history_is_told_apart_from_other_errors() {
        let too_little = memory::FitError::TooLittle {
            items: 3,
            answers: 40,
            needed: 400,
        };
        let message = too_little.to_string();
        let cases: [(anyhow::Error, Option<TooLittleHistory>); 3] = [
            (
                too_little.into(),
                Some(TooLittleHistory {
                    answers: 40,
                    items: 3,
                    needed: 400,
                    message,
                }),
            ),
            (memory::FitError::Interrupted.into(), None),
            (anyhow::anyhow!("the disk is full"), None),
        ];
        for (error, expected) in cases {
            let said = error.to_string();
            match (TooLittleHistory::from_error(error), expected) {
                (Ok(found), Some(expected)) => assert_eq!(found, expected),
                (Err(error), None) => assert_eq!(error.to_string(), said),
                (found, _) => panic!("{said}: {found:?}"),
            }
        }
    }
}
