//! Read-side queries computed by `SQLite` with indexes, so they stay fast on large collections:
//! due-queue candidates, daily counts, `due` and `stats` numbers.

use std::collections::HashSet;

use rusqlite::params;
use serde::Serialize;

use super::{Result, Store};
use crate::deck::DeckId;
use crate::scheduler::State;
use crate::time::{StudyDay, Timestamp};

/// A card waiting in a queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueEntry {
    pub deck: DeckId,
    pub card: String,
    pub note: String,
    pub state: State,
    pub due: Option<Timestamp>,
}

/// How many more cards of each kind a deck may show today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueLimits {
    pub new: u32,
    pub reviews: u32,
}

/// Counts for `recall due`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct DeckCounts {
    /// New cards not yet seen.
    pub new_total: u32,
    /// New cards that today's limit still allows.
    pub new_today: u32,
    /// Learning and relearning cards due now.
    pub learning_now: u32,
    /// Learning and relearning cards due by the end of the study day.
    pub learning_today: u32,
    /// Review cards due now.
    pub review_now: u32,
    /// Review cards due by the end of the study day (before the daily limit).
    pub review_today: u32,
    /// Review cards today's limit still allows.
    pub review_allowed: u32,
    /// When the next learning or review card falls due after now.
    pub next_due: Option<Timestamp>,
}

/// Numbers for `recall stats`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct DeckStats {
    pub new: u32,
    pub learning: u32,
    /// In review with an interval under 21 days.
    pub young: u32,
    /// In review with an interval of 21 days or more.
    pub mature: u32,
    pub reviews_today: u32,
    pub reviews_7d: u32,
    pub reviews_30d: u32,
    /// Share of review-state answers in the last 30 days that were not Again.
    pub true_retention_30d: Option<f64>,
    /// Consecutive study days up to today (or yesterday, if today has no answers yet).
    pub streak_days: u32,
    /// The best practice session: right answers and answers.
    pub best_practice: Option<(u32, u32)>,
}

fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

impl Store {
    /// Answers today that introduced new cards, and answers to review cards (for the limits).
    pub fn done_today(&self, profile: &str, deck: &DeckId, day: StudyDay) -> Result<(u32, u32)> {
        self.conn
            .prepare_cached(
                "SELECT coalesce(sum(state_before = 'new'), 0),
                        coalesce(sum(state_before = 'review'), 0)
                 FROM review
                 WHERE profile = ?1 AND deck_id = ?2 AND reviewed_at >= ?3 AND reviewed_at < ?4
                   AND scheduled = 1 AND undone_at IS NULL",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![profile, deck, day.start, day.end], |row| {
                    Ok((to_u32(row.get(0)?), to_u32(row.get(1)?)))
                })
            })
            .map_err(|e| self.err(e))
    }

    fn entries(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<QueueEntry>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        stmt.query_map(args, |row| {
            Ok(QueueEntry {
                deck: row.get(0)?,
                card: row.get(1)?,
                note: row.get(2)?,
                state: row.get(3)?,
                due: row.get(4)?,
            })
        })
        .and_then(Iterator::collect)
        .map_err(|e| self.err(e))
    }

    /// Learning and relearning cards due by `until`, soonest first.
    pub fn learning_due(
        &self,
        profile: &str,
        deck: &DeckId,
        until: Timestamp,
    ) -> Result<Vec<QueueEntry>> {
        self.entries(
            "SELECT deck_id, card_id, note_id, state, due FROM card_state
             WHERE profile = ?1 AND deck_id = ?2 AND present = 1
               AND state IN ('learning', 'relearning') AND due <= ?3
             ORDER BY due, position",
            params![profile, deck, until],
        )
    }

    /// Review cards due before `day_end`, lowest retrievability first (retrievability falls as
    /// elapsed time over stability grows), at most `limit`.
    pub fn reviews_due(
        &self,
        profile: &str,
        deck: &DeckId,
        day_end: Timestamp,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<QueueEntry>> {
        self.entries(
            "SELECT deck_id, card_id, note_id, state, due FROM card_state
             WHERE profile = ?1 AND deck_id = ?2 AND present = 1 AND state = 'review'
               AND due < ?3
             ORDER BY CAST(?4 - last_review AS REAL) / max(stability, 0.001) DESC, due, position
             LIMIT ?5",
            params![profile, deck, day_end, now, limit],
        )
    }

    /// New cards in deck order (or shuffled by `shuffle_seed`), at most `limit`.
    pub fn new_cards(
        &self,
        profile: &str,
        deck: &DeckId,
        limit: u32,
        shuffle_seed: Option<u64>,
    ) -> Result<Vec<QueueEntry>> {
        match shuffle_seed {
            None => self.entries(
                "SELECT deck_id, card_id, note_id, state, due FROM card_state
                 WHERE profile = ?1 AND deck_id = ?2 AND state = 'new' AND present = 1
                 ORDER BY position LIMIT ?3",
                params![profile, deck, limit],
            ),
            Some(seed) => self.entries(
                "SELECT deck_id, card_id, note_id, state, due FROM card_state
                 WHERE profile = ?1 AND deck_id = ?2 AND state = 'new' AND present = 1
                 ORDER BY recall_shuffle(?4, card_id), position LIMIT ?3",
                params![profile, deck, limit, i64::from_le_bytes(seed.to_le_bytes())],
            ),
        }
    }

    /// Cloze notes with a card answered in `day`: their other cards wait for another day.
    pub fn notes_seen(
        &self,
        profile: &str,
        deck: &DeckId,
        day: StudyDay,
    ) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT c.note_id FROM review r
                 JOIN card c ON c.deck_id = r.deck_id AND c.card_id = r.card_id
                 WHERE r.profile = ?1 AND r.deck_id = ?2 AND r.reviewed_at >= ?3
                   AND r.reviewed_at < ?4 AND r.undone_at IS NULL AND c.note_id != c.card_id",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map(params![profile, deck, day.start, day.end], |row| row.get(0))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))
    }

    /// Cards to practise, most useful first: those missed in the last 30 days (latest first),
    /// then the ones most likely forgotten, then new ones in deck order. `tags` (if any) keeps
    /// cards with at least one of them.
    pub fn practice_candidates(
        &self,
        profile: &str,
        deck: &DeckId,
        tags: &[String],
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<QueueEntry>> {
        let tags = (!tags.is_empty()).then(|| serde_json::Value::from(tags.to_vec()).to_string());
        self.entries(
            "SELECT cs.deck_id, cs.card_id, cs.note_id, cs.state, cs.due
             FROM card_state cs
             JOIN card c ON c.deck_id = cs.deck_id AND c.card_id = cs.card_id
             LEFT JOIN (
                 SELECT card_id, max(reviewed_at) AS missed_at FROM review
                 WHERE profile = ?1 AND deck_id = ?2 AND correct = 0 AND undone_at IS NULL
                   AND reviewed_at >= ?4
                 GROUP BY card_id
             ) missed ON missed.card_id = cs.card_id
             WHERE cs.profile = ?1 AND cs.deck_id = ?2 AND cs.present = 1
               AND (?5 IS NULL OR EXISTS (
                   SELECT 1 FROM json_each(c.content, '$.tags') AS t
                   WHERE t.value IN (SELECT value FROM json_each(?5))))
             ORDER BY missed.missed_at IS NULL, missed.missed_at DESC, cs.state = 'new',
                      CASE WHEN cs.stability IS NULL OR cs.last_review IS NULL THEN 0
                           ELSE CAST(?3 - cs.last_review AS REAL) / max(cs.stability, 0.001)
                      END DESC,
                      cs.position
             LIMIT ?6",
            params![profile, deck, now, now.plus_days(-30), tags, limit],
        )
    }

    /// For each card of a deck that has been answered (by any profile), the answer it had at
    /// its latest answer.
    pub fn answers_when_last_reviewed(
        &self,
        deck: &DeckId,
    ) -> Result<std::collections::HashMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                // SQLite takes the bare column `expected` from the row holding max(id).
                "SELECT card_id, expected, max(id) FROM review
                 WHERE deck_id = ?1 AND undone_at IS NULL GROUP BY card_id",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([deck], |row| Ok((row.get(0)?, row.get(1)?)))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))
    }

    /// The learner's usual time for a card: the median of its last five right answers, when
    /// there are at least two.
    pub fn typical_ms(&self, profile: &str, deck: &DeckId, card: &str) -> Result<Option<u64>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT duration_ms FROM review
                 WHERE profile = ?1 AND deck_id = ?2 AND card_id = ?3 AND correct = 1
                   AND duration_ms IS NOT NULL AND undone_at IS NULL
                 ORDER BY reviewed_at DESC LIMIT 5",
            )
            .map_err(|e| self.err(e))?;
        let mut times: Vec<i64> = stmt
            .query_map(params![profile, deck, card], |row| row.get(0))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        if times.len() < 2 {
            return Ok(None);
        }
        times.sort_unstable();
        Ok(u64::try_from(times[times.len() / 2]).ok())
    }

    /// Learning and review cards falling due in `[from, to)`.
    pub fn due_between(
        &self,
        profile: &str,
        deck: &DeckId,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<u32> {
        self.conn
            .prepare_cached(
                "SELECT count(*) FROM card_state
                 WHERE profile = ?1 AND deck_id = ?2 AND present = 1 AND state != 'new'
                   AND due >= ?3 AND due < ?4",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![profile, deck, from, to], |row| row.get::<_, i64>(0))
            })
            .map(to_u32)
            .map_err(|e| self.err(e))
    }

    /// Counts for `recall due`, given the deck's daily limits.
    pub fn deck_counts(
        &self,
        profile: &str,
        deck: &DeckId,
        now: Timestamp,
        day: StudyDay,
        new_per_day: u32,
        reviews_per_day: u32,
    ) -> Result<DeckCounts> {
        let (new_total, learning_now, learning_today, review_now, review_today, next_due) = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(state = 'new'), 0),
                        coalesce(sum(state IN ('learning', 'relearning') AND due <= ?3), 0),
                        coalesce(sum(state IN ('learning', 'relearning') AND due < ?4), 0),
                        coalesce(sum(state = 'review' AND due <= ?3), 0),
                        coalesce(sum(state = 'review' AND due < ?4), 0),
                        min(CASE WHEN state != 'new' AND due > ?3 THEN due END)
                 FROM card_state WHERE profile = ?1 AND deck_id = ?2 AND present = 1",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![profile, deck, now, day.end], |row| {
                    Ok((
                        to_u32(row.get(0)?),
                        to_u32(row.get(1)?),
                        to_u32(row.get(2)?),
                        to_u32(row.get(3)?),
                        to_u32(row.get(4)?),
                        row.get::<_, Option<Timestamp>>(5)?,
                    ))
                })
            })
            .map_err(|e| self.err(e))?;
        let (new_done, reviews_done) = self.done_today(profile, deck, day)?;
        Ok(DeckCounts {
            new_total,
            new_today: new_total.min(new_per_day.saturating_sub(new_done)),
            learning_now,
            learning_today,
            review_now,
            review_today,
            review_allowed: review_today.min(reviews_per_day.saturating_sub(reviews_done)),
            next_due,
        })
    }

    /// Numbers for `recall stats`.
    pub fn deck_stats(
        &self,
        profile: &str,
        deck: &DeckId,
        now: Timestamp,
        today: StudyDay,
    ) -> Result<DeckStats> {
        let err = |e| self.err(e);
        let (new, learning, young, mature) = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(state = 'new'), 0),
                        coalesce(sum(state IN ('learning', 'relearning')), 0),
                        coalesce(sum(state = 'review' AND scheduled_days < 21), 0),
                        coalesce(sum(state = 'review' AND scheduled_days >= 21), 0)
                 FROM card_state WHERE profile = ?1 AND deck_id = ?2 AND present = 1",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![profile, deck], |row| {
                    Ok((
                        to_u32(row.get(0)?),
                        to_u32(row.get(1)?),
                        to_u32(row.get(2)?),
                        to_u32(row.get(3)?),
                    ))
                })
            })
            .map_err(err)?;
        let week_start = today.start.plus_days(-6);
        let month_start = today.start.plus_days(-29);
        let (reviews_today, reviews_7d, reviews_30d, passed, failed) = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(reviewed_at >= ?3), 0),
                        coalesce(sum(reviewed_at >= ?4), 0),
                        count(*),
                        coalesce(sum(state_before = 'review' AND rating != 'again'), 0),
                        coalesce(sum(state_before = 'review' AND rating = 'again'), 0)
                 FROM review
                 WHERE profile = ?1 AND deck_id = ?2 AND reviewed_at >= ?5 AND reviewed_at <= ?6
                   AND undone_at IS NULL",
            )
            .and_then(|mut stmt| {
                stmt.query_row(
                    params![profile, deck, today.start, week_start, month_start, now],
                    |row| {
                        Ok((
                            to_u32(row.get(0)?),
                            to_u32(row.get(1)?),
                            to_u32(row.get(2)?),
                            to_u32(row.get(3)?),
                            to_u32(row.get(4)?),
                        ))
                    },
                )
            })
            .map_err(err)?;
        let true_retention_30d =
            (passed + failed > 0).then(|| f64::from(passed) / f64::from(passed + failed));

        // Study days, as whole days since the rollover of today (0 = today, 1 = yesterday, …).
        let mut days: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT (?3 - reviewed_at + 86399999) / 86400000 FROM review
                 WHERE profile = ?1 AND deck_id = ?2 AND undone_at IS NULL AND reviewed_at < ?4
                   AND reviewed_at >= ?3 - 3650 * 86400000",
            )
            .and_then(|mut stmt| {
                stmt.query_map(params![profile, deck, today.start, today.end], |row| {
                    row.get(0)
                })
                .and_then(Iterator::collect)
            })
            .map_err(err)?;
        days.sort_unstable();
        let streak_days = streak(&days);

        let best_practice = self
            .conn
            .prepare_cached(
                "SELECT sum(correct), count(*) FROM review
                 WHERE profile = ?1 AND deck_id = ?2 AND mode = 'practice' AND undone_at IS NULL
                   AND session_id IS NOT NULL
                 GROUP BY session_id
                 ORDER BY CAST(sum(correct) AS REAL) / count(*) DESC, count(*) DESC
                 LIMIT 1",
            )
            .and_then(|mut stmt| {
                let mut rows = stmt.query_map(params![profile, deck], |row| {
                    Ok((to_u32(row.get(0)?), to_u32(row.get(1)?)))
                })?;
                rows.next().transpose()
            })
            .map_err(err)?;
        Ok(DeckStats {
            new,
            learning,
            young,
            mature,
            reviews_today,
            reviews_7d,
            reviews_30d,
            true_retention_30d,
            streak_days,
            best_practice,
        })
    }
}

/// The current streak from sorted day numbers, where 0 is today and 1 yesterday: a streak may
/// end yesterday (today is not over yet).
fn streak(days: &[i64]) -> u32 {
    // The query's integer division truncates toward zero, so every answer of today gives 0;
    // anything below is clamped for safety.
    let mut set: Vec<i64> = days.iter().map(|d| (*d).max(0)).collect();
    set.dedup();
    let mut expected = i64::from(set.first() != Some(&0));
    let mut count = 0;
    for day in set {
        if day == expected {
            count += 1;
            expected += 1;
        } else if day > expected {
            break;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::streak;

    #[test]
    fn streaks_count_consecutive_days_ending_today_or_yesterday() {
        let cases: [(&[i64], u32); 6] = [
            (&[], 0),
            (&[0], 1),
            (&[0, 1, 2], 3),
            (&[1, 2], 2),
            (&[0, 2, 3], 1),
            (&[2, 3], 0),
        ];
        for (days, expected) in cases {
            assert_eq!(streak(days), expected, "{days:?}");
        }
    }
}
