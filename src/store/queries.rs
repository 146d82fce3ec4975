//! Read-side queries computed by `SQLite` with indexes, so they stay fast on large collections:
//! due-queue candidates, daily counts, `due` and `stats` numbers.

use std::collections::HashSet;

use rusqlite::params;
use serde::Serialize;

use super::{DeckRecord, Result, Store};
use crate::deck::DeckId;
use crate::scheduler::State;
use crate::scheduler::queue::Limits;
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

impl DeckCounts {
    /// Cards a study session would show now: learning cards due, and the reviews and new cards
    /// today's limits allow.
    pub fn to_study(&self) -> u32 {
        self.learning_now + self.review_allowed + self.new_today
    }
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
    /// Scheduled answers (study, recorded drills) today and in the last 7 and 30 days; practice
    /// is not counted.
    pub reviews_today: u32,
    pub reviews_7d: u32,
    pub reviews_30d: u32,
    /// Share of scheduled review-state answers in the last 30 days that were not Again.
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

    /// How many more review and new cards the deck's daily limits allow `profile` in `day`.
    pub fn limits(&self, profile: &str, record: &DeckRecord, day: StudyDay) -> Result<Limits> {
        let (new_done, reviews_done) = self.done_today(profile, &record.id, day)?;
        Ok(Limits {
            reviews: record.schedule.reviews_per_day.saturating_sub(reviews_done),
            new: record.schedule.new_per_day.saturating_sub(new_done),
        })
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
                params![profile, deck, limit, super::u64_to_sql(seed)],
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

    /// What a session needs of the cards `ids` of a deck, in the order given: the card, its
    /// state (new when the profile has none) and the learner's usual answer time (the median
    /// of the card's last five right answers, when there are at least two). Ids not in the
    /// catalog are left out. One query per deck, however many cards.
    pub fn session_cards(
        &self,
        profile: &str,
        deck: &DeckId,
        ids: &[String],
    ) -> Result<Vec<(crate::deck::Card, crate::scheduler::CardState, Option<u64>)>> {
        let ids_json = serde_json::Value::from(ids.to_vec()).to_string();
        // Each card with its state and its last five right answer times (from the covering
        // `review_timing` index).
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.card_id, c.content, s.state, s.step, s.stability, s.difficulty, s.due,
                        s.last_review, s.scheduled_days, s.reps, s.lapses,
                        (SELECT group_concat(duration_ms) FROM (
                             SELECT duration_ms FROM review r
                             WHERE r.profile = ?1 AND r.deck_id = ?2 AND r.card_id = j.value
                               AND r.correct = 1 AND r.undone_at IS NULL
                               AND r.duration_ms IS NOT NULL
                             ORDER BY r.reviewed_at DESC LIMIT 5))
                 FROM json_each(?3) AS j
                 JOIN card c ON c.deck_id = ?2 AND c.card_id = j.value
                 LEFT JOIN card_state s ON s.profile = ?1 AND s.deck_id = c.deck_id
                                       AND s.card_id = c.card_id
                 ORDER BY j.key",
            )
            .map_err(|e| self.err(e))?;
        let rows: Vec<(String, Option<crate::scheduler::CardState>, Option<String>)> = stmt
            .query_map(params![profile, deck, ids_json], |row| {
                let state = match row.get::<_, Option<State>>(2)? {
                    None => None,
                    Some(_) => Some(super::log::state_at(row, 2)?),
                };
                Ok((row.get(1)?, state, row.get(11)?))
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(content, state, times)| {
                let mut ms: Vec<u64> = times
                    .as_deref()
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|t| t.parse().ok())
                    .collect();
                ms.sort_unstable();
                let typical = (ms.len() >= 2).then(|| ms[ms.len() / 2]);
                Ok((
                    self.parse_card(&content)?,
                    state.unwrap_or_default(),
                    typical,
                ))
            })
            .collect()
    }

    /// A deck's present cards by kind: `(kind, notes, cards)`, where a cloze note counts once
    /// as a note and once per gap as cards.
    pub fn kind_counts(&self, deck: &DeckId) -> Result<Vec<(String, u32, u32)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT kind, count(DISTINCT note_id), count(*) FROM card
                 WHERE deck_id = ?1 AND present = 1 GROUP BY kind ORDER BY kind",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([deck], |row| {
            Ok((row.get(0)?, to_u32(row.get(1)?), to_u32(row.get(2)?)))
        })
        .and_then(Iterator::collect)
        .map_err(|e| self.err(e))
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
                 WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                   AND state IN ('learning', 'relearning', 'review') AND due >= ?3 AND due < ?4",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![profile, deck, from, to], |row| row.get::<_, i64>(0))
            })
            .map(to_u32)
            .map_err(|e| self.err(e))
    }

    /// Counts for `recall due` and the deck picker, within the deck's daily limits.
    pub fn deck_counts(
        &self,
        profile: &str,
        record: &DeckRecord,
        now: Timestamp,
        day: StudyDay,
    ) -> Result<DeckCounts> {
        let deck = &record.id;
        // Each count is a range of the (profile, deck, present, state, due) index, so none
        // reads the table, however large the deck.
        let (new_total, learning_now, learning_today, review_now, review_today, next_due) = self
            .conn
            .prepare_cached(
                "SELECT
                   (SELECT count(*) FROM card_state
                    WHERE profile = ?1 AND deck_id = ?2 AND present = 1 AND state = 'new'),
                   (SELECT count(*) FROM card_state
                    WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                      AND state IN ('learning', 'relearning') AND due <= ?3),
                   (SELECT count(*) FROM card_state
                    WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                      AND state IN ('learning', 'relearning') AND due < ?4),
                   (SELECT count(*) FROM card_state
                    WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                      AND state = 'review' AND due <= ?3),
                   (SELECT count(*) FROM card_state
                    WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                      AND state = 'review' AND due < ?4),
                   (SELECT min(due) FROM card_state
                    WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                      AND state IN ('learning', 'relearning', 'review') AND due > ?3)",
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
        let limits = self.limits(profile, record, day)?;
        Ok(DeckCounts {
            new_total,
            new_today: new_total.min(limits.new),
            learning_now,
            learning_today,
            review_now,
            review_today,
            review_allowed: review_today.min(limits.reviews),
            next_due,
        })
    }

    /// The current streak of study days for a deck: each day back from today is probed with
    /// the (profile, deck, time) index, stopping at the first day without answers.
    pub fn streak(
        &self,
        profile: &str,
        deck: &DeckId,
        today: StudyDay,
        tz: &jiff::tz::TimeZone,
    ) -> Result<u32> {
        let err = |e| self.err(e);
        let mut probe = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM review
                    WHERE profile = ?1 AND deck_id = ?2 AND reviewed_at >= ?3
                      AND reviewed_at < ?4 AND undone_at IS NULL)",
            )
            .map_err(err)?;
        streak(|days_ago| {
            // Local study days, so a daylight-saving change does not shift the boundaries.
            let day = today.offset(-days_ago, tz);
            let (start, end) = (day.start, day.end);
            probe
                .query_row(params![profile, deck, start, end], |row| row.get(0))
                .map_err(err)
        })
    }

    /// Numbers for `recall stats`.
    pub fn deck_stats(
        &self,
        profile: &str,
        deck: &DeckId,
        now: Timestamp,
        today: StudyDay,
        tz: &jiff::tz::TimeZone,
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
        let week_start = today.offset(-6, tz).start;
        let month_start = today.offset(-29, tz).start;
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
                   AND undone_at IS NULL AND scheduled = 1",
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

        let streak_days = self.streak(profile, deck, today, tz)?;

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

/// The current streak of study days, given whether the learner studied `n` days ago (0 is
/// today). A streak may end yesterday: today is not over yet. At most ten years are counted.
fn streak(mut studied: impl FnMut(i64) -> Result<bool>) -> Result<u32> {
    let mut day = i64::from(!studied(0)?);
    let mut count = 0;
    while day < 3650 && studied(day)? {
        count += 1;
        day += 1;
    }
    Ok(count)
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
            let studied = streak(|n| Ok(days.contains(&n))).expect("no errors");
            assert_eq!(studied, expected, "{days:?}");
        }
    }
}
