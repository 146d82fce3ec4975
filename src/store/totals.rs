//! Answers summed over a span of time, for statistics: the hours the span covers whole are
//! read from `review_hour`, the quarter hours left at its ends from `review_slot` (both kept by
//! triggers as answers are recorded, undone or moved; see `migrations/0008_review_totals.sql`
//! and `migrations/0010_review_hours.sql`), the pieces left at its ends from the review log's
//! covering `review_stats` index. Exact whatever the span, and reads at most a row an hour
//! however many answers were given.

use rusqlite::params;

use super::api::DayActivity;
use super::queries::to_u32;
use super::{Result, Store};
use crate::deck::DeckId;
use crate::time::Timestamp;

/// The width of a slot of `review_slot`: a quarter hour, in milliseconds.
const SLOT_MS: i64 = 900_000;

/// The width of a row of `review_hour`, in milliseconds.
const HOUR_MS: i64 = 3_600_000;

/// A table of answers summed per unit of time: the unit's width in milliseconds, and the sum
/// of its rows for a profile, a deck and a range of unit numbers (`?3` to `?4`, exclusive).
struct Tier {
    width: i64,
    sum: &'static str,
}

/// The tables of sums, coarsest first: a span's whole hours are read from `review_hour`, the
/// whole quarter hours at its ends from `review_slot`.
const TIERS: [Tier; 2] = [
    Tier {
        width: HOUR_MS,
        sum: "SELECT coalesce(sum(answers), 0), coalesce(sum(scheduled), 0),
                     coalesce(sum(passed), 0), coalesce(sum(failed), 0),
                     coalesce(sum(timed), 0), coalesce(sum(time_ms), 0)
              FROM review_hour
              WHERE profile = ?1 AND deck_id = ?2 AND hour >= ?3 AND hour < ?4",
    },
    Tier {
        width: SLOT_MS,
        sum: "SELECT coalesce(sum(answers), 0), coalesce(sum(scheduled), 0),
                     coalesce(sum(passed), 0), coalesce(sum(failed), 0),
                     coalesce(sum(timed), 0), coalesce(sum(time_ms), 0)
              FROM review_slot
              WHERE profile = ?1 AND deck_id = ?2 AND slot >= ?3 AND slot < ?4",
    },
];

/// The units of `width` milliseconds (counted from the Unix epoch) wholly inside
/// `[start, end)`: `(first, end)`, as unit numbers, or `None` when there are none.
fn whole_units(start: i64, end: i64, width: i64) -> Option<(i64, i64)> {
    let first = start.div_euclid(width) + i64::from(start.rem_euclid(width) != 0);
    let last = end.div_euclid(width);
    (first < last).then_some((first, last))
}

pub(super) fn add(sum: &mut DayActivity, more: DayActivity) {
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
        // Inside a snapshot (nothing changes), a span read once is not read again.
        let key = (profile.to_owned(), deck.clone(), start, end);
        self.memoized(
            |memo| &mut memo.answers,
            key,
            || self.summed_between(&TIERS, profile, deck, start, end),
        )
    }

    /// `answers_between` read from storage, `start < end` in milliseconds: the whole units of
    /// the first of `tiers` from its table, the pieces left at the ends from the finer tiers
    /// after it, and what no tier covers from `logged_between`.
    fn summed_between(
        &self,
        tiers: &[Tier],
        profile: &str,
        deck: &DeckId,
        start: i64,
        end: i64,
    ) -> Result<DayActivity> {
        let Some((tier, finer)) = tiers.split_first() else {
            return self.logged_between(profile, deck, start, end);
        };
        let Some((first, last)) = whole_units(start, end, tier.width) else {
            return self.summed_between(finer, profile, deck, start, end);
        };
        let mut sum = self
            .conn
            .prepare_cached(tier.sum)
            .and_then(|mut stmt| stmt.query_row(params![profile, deck, first, last], activity_at))
            .map_err(|e| self.err(e))?;
        let (from, until) = (first * tier.width, last * tier.width);
        if start < from {
            add(
                &mut sum,
                self.summed_between(finer, profile, deck, start, from)?,
            );
        }
        if until < end {
            add(
                &mut sum,
                self.summed_between(finer, profile, deck, until, end)?,
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
    use crate::time::StudyDay;

    /// A store with two decks and a long, irregular history written straight into the log:
    /// every mode, rating and state, answers with and without a time, some undone, some
    /// deleted, some moved to the other deck, at times that fall anywhere in a quarter hour.
    fn history() -> Store {
        let store = Store::open_file(std::path::Path::new(":memory:")).expect("a database");
        store.execute_batch(
            "INSERT INTO profile (name, created_at) VALUES ('me', 0), ('you', 0);
             INSERT INTO deck (deck_id, title, origin, content_hash, schedule, synced_at)
                 VALUES ('d', 'D', 'd.toml', 'h', '{}', 0), ('e', 'E', 'e.toml', 'h', '{}', 0);
             INSERT INTO card (deck_id, card_id, note_id, position, kind, content, answer)
                 VALUES ('d', 'a', 'a', 0, 'text', '{}', 'x'), ('e', 'a', 'a', 0, 'text', '{}', 'x');",
        );
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let start = 1_760_000_000_000_i64;
        for _ in 0..3000 {
            let at = start + i64::try_from(next(400 * 86_400_000)).expect("small");
            let mode = ["study", "practice", "drill"][usize::try_from(next(3)).expect("small")];
            let scheduled = i64::from(mode != "practice" && next(4) != 0);
            let rating =
                ["again", "hard", "good", "easy"][usize::try_from(next(4)).expect("small")];
            let before = ["new", "learning", "review", "relearning"]
                [usize::try_from(next(4)).expect("small")];
            let duration = (next(3) != 0).then(|| i64::try_from(next(20_000)).expect("small"));
            let profile = if next(10) == 0 { "you" } else { "me" };
            let deck = if next(3) == 0 { "e" } else { "d" };
            store
                .conn
                .execute(
                    "INSERT INTO review (profile, deck_id, card_id, reviewed_at, rating, expected,
                                         correct, duration_ms, mode, scheduled, state_before,
                                         state_after, step_after, scheduled_days)
                     VALUES (?1, ?2, 'a', ?3, ?4, 'x', 1, ?5, ?6, ?7, ?8, 'review', 0, 1)",
                    params![profile, deck, at, rating, duration, mode, scheduled, before],
                )
                .expect("an answer");
        }
        store.execute_batch(
            "UPDATE review SET undone_at = reviewed_at + 1 WHERE id % 17 = 0;
             UPDATE review SET undone_at = NULL WHERE id % 34 = 0;
             DELETE FROM review WHERE id % 23 = 0;
             UPDATE review SET deck_id = 'e' WHERE id % 29 = 0;
             UPDATE review SET reviewed_at = reviewed_at + 450000 WHERE id % 31 = 0;",
        );
        store
    }

    /// The rows of a query over slots, each as text.
    fn slot_rows(store: &Store, sql: &str) -> Vec<Vec<String>> {
        let mut stmt = store.conn.prepare(sql).expect("a query");
        stmt.query_map([], |row| {
            (0..9)
                .map(|i| {
                    row.get::<_, rusqlite::types::Value>(i)
                        .map(|value| format!("{value:?}"))
                })
                .collect()
        })
        .and_then(Iterator::collect)
        .expect("rows")
    }

    #[test]
    fn the_slots_always_equal_the_log_summed_again() {
        let store = history();
        let kept = slot_rows(
            &store,
            "SELECT profile, deck_id, slot, answers, scheduled, passed, failed, timed, time_ms
             FROM review_slot WHERE answers != 0 ORDER BY 1, 2, 3",
        );
        // What the migration sums from the log, for a database recorded before the slots.
        let migration = include_str!("migrations/0008_review_totals.sql");
        let summed = &migration[migration.rfind("SELECT profile, deck_id").expect("the sum")..];
        let summed = &summed[..summed.find("ON CONFLICT").expect("its end")];
        let again = slot_rows(
            &store,
            &format!("SELECT * FROM ({summed}) ORDER BY 1, 2, 3"),
        );
        assert!(kept.len() > 1000, "{}", kept.len());
        assert_eq!(kept, again);
    }

    #[test]
    fn the_hours_always_equal_the_slots_summed_by_hour() {
        let store = history();
        let kept = slot_rows(
            &store,
            "SELECT profile, deck_id, hour, answers, scheduled, passed, failed, timed, time_ms
             FROM review_hour ORDER BY 1, 2, 3",
        );
        let again = slot_rows(
            &store,
            "SELECT profile, deck_id, slot / 4, sum(answers), sum(scheduled), sum(passed),
                    sum(failed), sum(timed), sum(time_ms)
             FROM review_slot GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        );
        assert!(kept.len() > 1000, "{}", kept.len());
        assert_eq!(kept, again);
        // What the migration sums from the slots, for a database kept before the hours.
        let migration = include_str!("migrations/0010_review_hours.sql");
        let summed = &migration[migration.rfind("SELECT profile, deck_id").expect("the sum")..];
        let summed = &summed[..summed.find("ON CONFLICT").expect("its end")];
        let summed = slot_rows(
            &store,
            &format!("SELECT * FROM ({summed}) ORDER BY 1, 2, 3"),
        );
        assert_eq!(kept, summed);
    }

    #[test]
    fn sums_over_any_span_and_study_days_of_any_zone_equal_the_log_s() {
        let store = history();
        let deck: DeckId = "d".parse().expect("an id");
        let start = 1_760_000_000_000_i64;
        let zone = |name: &str| jiff::tz::TimeZone::get(name).expect("tzdb");
        // Days of whole hours, of 23 and 25 hours, of half and three quarter hours at their
        // ends (read from the quarter hours), of 23.5 and 24.5 hours, and days of an offset
        // no quarter hour divides (their ends read from the log).
        let zones = [
            jiff::tz::TimeZone::UTC,
            zone("America/New_York"),
            zone("Asia/Kolkata"),
            zone("Asia/Kathmandu"),
            zone("Australia/Lord_Howe"),
            jiff::tz::TimeZone::fixed(
                jiff::tz::Offset::from_seconds(7 * 60 + 13).expect("an offset"),
            ),
        ];
        for tz in &zones {
            let mut day = StudyDay::containing(Timestamp::from_millis(start), tz);
            for _ in 0..420 {
                let fast = store
                    .answers_between("me", &deck, day.start, day.end)
                    .expect("sum");
                let slow = store
                    .logged_between("me", &deck, day.start.millis(), day.end.millis())
                    .expect("sum");
                assert_eq!(fast, slow, "{tz:?} {day:?}");
                day = day.offset(1, tz);
            }
        }
        let mut spans = vec![(start, start + 30 * 86_400_000), (start + 1, start + 2)];
        for k in 0..200_i64 {
            let a = start + k * 7_654_321 * 13;
            spans.push((a, a + (k + 1) * 3_333_333));
        }
        for (a, b) in spans {
            let fast = store
                .answers_between(
                    "me",
                    &deck,
                    Timestamp::from_millis(a),
                    Timestamp::from_millis(b),
                )
                .expect("sum");
            let slow = store.logged_between("me", &deck, a, b).expect("sum");
            assert_eq!(fast, slow, "{a}..{b}");
        }
    }

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
            assert_eq!(whole_units(start, end, SLOT_MS), expected, "{start}..{end}");
        }
    }

    #[test]
    fn whole_hours_are_those_inside_the_span() {
        let (h, q) = (HOUR_MS, SLOT_MS);
        let cases = [
            // A study day of a whole-hour zone: 24 hours, nothing left at its ends.
            ((4 * h, 28 * h), Some((4, 28))),
            // Of Kathmandu (+5:45): from 22:15 UTC, three quarter hours before the first hour.
            ((22 * h + q, 46 * h + q), Some((23, 46))),
            // Of Lord Howe (+10:30): from 17:30 UTC.
            ((17 * h + 2 * q, 41 * h + 2 * q), Some((18, 41))),
            ((h + 1, 2 * h + 1), None),
            ((-h - 1, h), Some((-1, 1))),
            ((-2 * h, -h), Some((-2, -1))),
        ];
        for ((start, end), expected) in cases {
            assert_eq!(whole_units(start, end, h), expected, "{start}..{end}");
        }
    }
}
