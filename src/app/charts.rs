//! The numbers behind `recall stats --chart` and `--html`: answers per day over a range (the
//! calendar heatmap), the due forecast for the days ahead, true retention and answer time week
//! by week, and the interval distribution. Every count is computed by storage from its indexes
//! (one range per deck and day); this module only arranges them.

use anyhow::Result;
use serde::Serialize;

use super::Scope;
use crate::deck::DeckId;
use crate::store::{Charts, DayActivity, DeckRecord, DeckStats, Snapshot, Stats};
use crate::time::StudyDay;

/// Days the forecast looks ahead (today included).
pub const FORECAST_DAYS: usize = 30;

/// One day of the range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayRow {
    /// The study day's local date (it starts at 04:00).
    pub date: String,
    #[serde(flatten)]
    pub activity: DayActivity,
}

/// One day ahead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueRow {
    pub date: String,
    /// Learning and review cards due that day (today: with the overdue ones).
    pub due: u32,
}

/// A week (or the part of one in the range).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekRow {
    pub from: String,
    pub to: String,
    /// Scheduled answers to cards in review, remembered and forgotten.
    pub passed: u32,
    pub failed: u32,
    /// `passed / (passed + failed)`.
    pub retention: Option<f64>,
    pub answers: u32,
    /// Mean time of the answers with a time, in seconds.
    pub average_seconds: Option<f64>,
}

/// Review cards whose interval falls in a range of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntervalRow {
    pub label: &'static str,
    /// From this many days…
    pub from_days: u32,
    /// …to this many (inclusive); `None`: and longer.
    pub to_days: Option<u32>,
    pub cards: u32,
}

/// The charts of one deck, or of several summed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsCharts {
    pub days: Vec<DayRow>,
    pub forecast: Vec<DueRow>,
    pub weeks: Vec<WeekRow>,
    pub intervals: Vec<IntervalRow>,
    /// Days of the range with at least one answer.
    pub days_studied: u32,
    pub answers: u32,
    /// Scheduled answers to review cards remembered over the range.
    pub retention: Option<f64>,
    /// Time spent answering over the range, in minutes.
    pub minutes: f64,
}

/// The interval buckets: (label, from, to).
const BUCKETS: [(&str, u32, Option<u32>); 10] = [
    ("1d", 0, Some(1)),
    ("2d", 2, Some(2)),
    ("3-6d", 3, Some(6)),
    ("1-2w", 7, Some(13)),
    ("2-3w", 14, Some(20)),
    ("3w-1m", 21, Some(30)),
    ("1-3m", 31, Some(90)),
    ("3-6m", 91, Some(182)),
    ("6m-1y", 183, Some(365)),
    ("1y+", 366, None),
];

/// The study days of the `range` days ending today, oldest first, and the forecast's days.
fn calendar(scope: &Scope, range: usize) -> (Vec<StudyDay>, Vec<StudyDay>) {
    let today = scope.today();
    let range = i64::try_from(range.max(1)).unwrap_or(i64::MAX);
    let past = (1 - range..=0)
        .map(|offset| today.offset(offset, &scope.tz))
        .collect();
    let ahead = (0..i64::try_from(FORECAST_DAYS).unwrap_or(30))
        .map(|offset| today.offset(offset, &scope.tz))
        .collect();
    (past, ahead)
}

/// Each deck's charts over the `range` days ending today, read from one snapshot of the store.
pub fn per_deck<S: Charts + Snapshot>(
    store: &S,
    scope: &Scope,
    decks: &[DeckId],
    range: usize,
) -> Result<Vec<StatsCharts>> {
    let (past, ahead) = calendar(scope, range);
    let date = |day: &StudyDay| day.start.local_date(&scope.tz);
    store.snapshot(|store| {
        decks
            .iter()
            .map(|deck| {
                let activity = store.activity(&scope.profile, deck, &past)?;
                let due = store.due_per_day(&scope.profile, deck, &ahead)?;
                let intervals = store.intervals(&scope.profile, deck)?;
                Ok(build(
                    past.iter().map(date).zip(activity).collect(),
                    ahead.iter().map(date).zip(due).collect(),
                    &intervals,
                ))
            })
            .collect()
    })
}

/// One deck's part of `recall stats`: its counts and its charts' numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeckReport {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub stats: DeckStats,
    /// The charts' numbers for this deck.
    pub charts: StatsCharts,
}

/// Each deck's counts (`queue::stats`) and charts over the `range` days ending today.
pub fn reports<S: Charts + Stats + Snapshot>(
    store: &S,
    scope: &Scope,
    decks: &[DeckRecord],
    range: usize,
) -> Result<Vec<DeckReport>> {
    let ids: Vec<DeckId> = decks.iter().map(|d| d.id.clone()).collect();
    // One snapshot for the whole report, so that the counts and the charts agree.
    store.snapshot(|store| {
        let per_deck = per_deck(store, scope, &ids, range)?;
        decks
            .iter()
            .zip(per_deck)
            .map(|(deck, charts)| {
                Ok(DeckReport {
                    id: deck.id.to_string(),
                    title: deck.title.clone(),
                    stats: super::queue::stats(store, scope, &deck.id)?,
                    charts,
                })
            })
            .collect()
    })
}

/// Several decks' charts summed into one (all from the same range).
pub fn combine(charts: &[StatsCharts]) -> Option<StatsCharts> {
    let first = charts.first()?;
    let mut days: Vec<(String, DayActivity)> = first
        .days
        .iter()
        .map(|d| (d.date.clone(), DayActivity::default()))
        .collect();
    let mut due: Vec<(String, u32)> = first.forecast.iter().map(|d| (d.date.clone(), 0)).collect();
    let mut intervals: Vec<(u32, u32)> = Vec::new();
    for chart in charts {
        for (sum, day) in days.iter_mut().zip(&chart.days) {
            let (a, b) = (&mut sum.1, &day.activity);
            a.answers += b.answers;
            a.scheduled += b.scheduled;
            a.passed += b.passed;
            a.failed += b.failed;
            a.timed += b.timed;
            a.time_ms += b.time_ms;
        }
        for (sum, day) in due.iter_mut().zip(&chart.forecast) {
            sum.1 += day.due;
        }
        intervals.extend(chart.intervals.iter().map(|r| (r.from_days, r.cards)));
    }
    Some(build(days, due, &intervals))
}

fn build(
    days: Vec<(String, DayActivity)>,
    due: Vec<(String, u32)>,
    intervals: &[(u32, u32)],
) -> StatsCharts {
    let share = |part: u32, whole: u32| (whole > 0).then(|| f64::from(part) / f64::from(whole));
    #[allow(clippy::cast_precision_loss)]
    let seconds = |ms: u64, n: u32| (n > 0).then(|| ms as f64 / 1000.0 / f64::from(n));
    // Weeks end today: the first one may be partial.
    let mut weeks = Vec::new();
    let mut end = days.len();
    while end > 0 {
        let start = end.saturating_sub(7);
        let week = &days[start..end];
        let sum = |f: fn(&DayActivity) -> u32| week.iter().map(|(_, d)| f(d)).sum::<u32>();
        let (passed, failed) = (sum(|d| d.passed), sum(|d| d.failed));
        let timed = sum(|d| d.timed);
        let time_ms: u64 = week.iter().map(|(_, d)| d.time_ms).sum();
        weeks.push(WeekRow {
            from: week[0].0.clone(),
            to: week[week.len() - 1].0.clone(),
            passed,
            failed,
            retention: share(passed, passed + failed),
            answers: sum(|d| d.answers),
            average_seconds: seconds(time_ms, timed),
        });
        end = start;
    }
    weeks.reverse();
    let buckets = BUCKETS
        .iter()
        .map(|&(label, from, to)| IntervalRow {
            label,
            from_days: from,
            to_days: to,
            cards: intervals
                .iter()
                .filter(|(days, _)| *days >= from && to.is_none_or(|to| *days <= to))
                .map(|(_, cards)| cards)
                .sum(),
        })
        .collect();
    let passed: u32 = days.iter().map(|(_, d)| d.passed).sum();
    let failed: u32 = days.iter().map(|(_, d)| d.failed).sum();
    let time_ms: u64 = days.iter().map(|(_, d)| d.time_ms).sum();
    #[allow(clippy::cast_precision_loss)]
    let minutes = time_ms as f64 / 60_000.0;
    StatsCharts {
        days_studied: u32::try_from(days.iter().filter(|(_, d)| d.answers > 0).count())
            .unwrap_or(u32::MAX),
        answers: days.iter().map(|(_, d)| d.answers).sum(),
        retention: share(passed, passed + failed),
        minutes,
        days: days
            .into_iter()
            .map(|(date, activity)| DayRow { date, activity })
            .collect(),
        forecast: due
            .into_iter()
            .map(|(date, due)| DueRow { date, due })
            .collect(),
        weeks,
        intervals: buckets,
    }
}
