//! Answers summed over a span of time, for statistics: the quarter hours the span covers whole
//! are read from `review_slot` (kept by triggers as answers are recorded, undone or moved; see
//! `migrations/0008_review_totals.sql`), the pieces at its ends from the review log's covering
//! `review_stats` index. Exact whatever the span, and reads a few rows a day however many
//! answers were given.

use rusqlite::params;

use super::api::DayActivity;
use super::queries::to_u32;
use super::{Result, Store};
use crate::deck::DeckId;
use crate::time::Timestamp;

/// The width of a slot of `review_slot`: a quarter hour, in milliseconds.
const SLOT_MS: i64 = 900_000;

/// The slots wholly inside `[start, end)`: `(first, end)`, as slot numbers, or `None` when
/// there are none.
fn whole_slots(start: i64, end: i64) -> Option<(i64, i64)> {
    let first = start.div_euclid(SLOT_MS) + i64::from(start.rem_euclid(SLOT_MS) != 0);
    let last = end.div_euclid(SLOT_MS);
    (first < last).then_some((first, last))
}

fn add(sum: &mut DayActivity, more: DayActivity) {
    sum.answers += more.answers;
    sum.scheduled += more.scheduled;
    sum.passed += more.passed;
    sum.failed += more.failed;
    sum.timed += more.timed;
    sum.time_ms += more.time_ms;
}

fn activity_at(row: &rusqlite::Row<'_>) -> rusqlite::Result<DayActivity> {
    Ok(DayActivity {
        answers: to_u32(row.get(0)?),
        scheduled: to_u32(row.get(1)?),
        passed: to_u32(row.get(2)?),
        failed: to_u32(row.get(3)?),
        timed: to_u32(row.get(4)?),
        time_ms: u64::try_from(row.get::<_, i64>(5)?).unwrap_or(0),
    })
}

impl Store {
    /// The answers of `profile` to `deck` from `start` (inclusive) to `end` (exclusive) that
    /// stand (undone ones aside), summed.
    pub(super) fn answers_between(
        &self,
        profile: &str,
        deck: &DeckId,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<DayActivity> {
        let (start, end) = (start.millis(), end.millis());
        if start >= end {
            return Ok(DayActivity::default());
        }
        let Some((first, last)) = whole_slots(start, end) else {
            return self.logged_between(profile, deck, start, end);
        };
        let mut sum = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(answers), 0), coalesce(sum(scheduled), 0),
                        coalesce(sum(passed), 0), coalesce(sum(failed), 0),
                        coalesce(sum(timed), 0), coalesce(sum(time_ms), 0)
                 FROM review_slot
                 WHERE profile = ?1 AND deck_id = ?2 AND slot >= ?3 AND slot < ?4",
            )
            .and_then(|mut stmt| stmt.query_row(params![profile, deck, first, last], activity_at))
            .map_err(|e| self.err(e))?;
        if start < first * SLOT_MS {
            add(
                &mut sum,
                self.logged_between(profile, deck, start, first * SLOT_MS)?,
            );
        }
        if last * SLOT_MS < end {
            add(
                &mut sum,
                self.logged_between(profile, deck, last * SLOT_MS, end)?,
            );
        }
        Ok(sum)
    }

    /// The same from the review log itself (for the pieces shorter than a slot).
    fn logged_between(
        &self,
        profile: &str,
        deck: &DeckId,
        start: i64,
        end: i64,
    ) -> Result<DayActivity> {
        self.conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(scheduled), 0),
                        coalesce(sum(scheduled AND state_before = 'review'
                                     AND rating != 'again'), 0),
                        coalesce(sum(scheduled AND state_before = 'review'
                                     AND rating = 'again'), 0),
                        count(duration_ms), coalesce(sum(duration_ms), 0)
                 FROM review INDEXED BY review_stats
                 WHERE profile = ?1 AND deck_id = ?2 AND undone_at IS NULL
                   AND reviewed_at >= ?3 AND reviewed_at < ?4",
            )
            .and_then(|mut stmt| stmt.query_row(params![profile, deck, start, end], activity_at))
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_slots_are_those_inside_the_span() {
        let q = SLOT_MS;
        let cases = [
            ((0, q), Some((0, 1))),
            ((1, q), None),
            ((1, 2 * q + 5), Some((1, 2))),
            ((0, 4 * q), Some((0, 4))),
            ((-q, q), Some((-1, 1))),
            ((-q - 1, 0), Some((-1, 0))),
            ((-1, 1), None),
            ((5 * q, 5 * q), None),
        ];
        for ((start, end), expected) in cases {
            assert_eq!(whole_slots(start, end), expected, "{start}..{end}");
        }
    }
}
