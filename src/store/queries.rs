//! Read-side queries computed by `SQLite` with indexes, so they stay fast on large collections:
//! due-queue candidates, daily counts, `due` and `stats` numbers.

use std::collections::{HashMap, HashSet};

use jiff::tz::TimeZone;
use rusqlite::{OptionalExtension, params};

use super::api::{
    DeckCounts, DeckStats, DoneToday, ExtraLimits, NewCardFacts, QueueCandidates, QueueEntry,
    QueueRequest, Queues, SessionCard, Stats,
};
use super::{Result, Store};
use crate::deck::{CardId, DeckId, Kind};
use crate::scheduler::queue::Limits;
use crate::scheduler::{CardState, State};
use crate::time::{StudyDay, Timestamp};

pub(super) fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// Cards present in a deck counted by state and interval: `(state, scheduled_days, cards)` in
/// the order of the covering `card_state_interval` index (by state, then interval).
pub(super) type StateGroups = std::sync::Arc<Vec<(State, i64, u32)>>;

/// What was already read in the current snapshot: the groups by profile and deck, and the
/// answers summed over a span (`Store::answers_between`) by profile, deck and span, so that
/// the streak's days cost nothing once the calendar has read them.
#[derive(Debug, Default)]
pub(super) struct SnapshotMemo {
    groups: HashMap<(String, DeckId), StateGroups>,
    pub(super) answers: HashMap<(String, DeckId, i64, i64), super::api::DayActivity>,
}

impl Store {
    /// `read()`, or inside a snapshot (where nothing changes) what it gave the first time for
    /// `key` in the snapshot's `table`; outside a snapshot nothing is kept.
    pub(super) fn memoized<K, V>(
        &self,
        table: fn(&mut SnapshotMemo) -> &mut HashMap<K, V>,
        key: K,
        read: impl FnOnce() -> Result<V>,
    ) -> Result<V>
    where
        K: Eq + std::hash::Hash,
        V: Clone,
    {
        // The borrow ends before `read`, which may read other memoized values.
        let kept = self
            .memo
            .borrow_mut()
            .as_mut()
            .and_then(|memo| table(memo).get(&key).cloned());
        if let Some(value) = kept {
            return Ok(value);
        }
        let value = read()?;
        if let Some(memo) = self.memo.borrow_mut().as_mut() {
            table(memo).insert(key, value.clone());
        }
        Ok(value)
    }

    /// The deck's cards by state and interval, suspended ones included, from the covering
    /// `card_state_interval` index alone. `stats` needs them twice per deck (the counts and
    /// the interval chart) and each read walks every card of the deck, so inside a snapshot
    /// (where nothing changes) they are read once and kept until the snapshot ends.
    pub(super) fn state_groups(&self, profile: &str, deck: &DeckId) -> Result<StateGroups> {
        let key = (profile.to_owned(), deck.clone());
        self.memoized(
            |memo| &mut memo.groups,
            key,
            || self.read_state_groups(profile, deck),
        )
    }

    /// `state_groups` read from storage: one range of the index per state, in the index's
    /// order of states, each grouped by interval alone (grouping by the state too compared
    /// its text at every card). New cards are not in that index: they are counted from
    /// `card_state_new`, as one group (no reader asks a new card's interval).
    fn read_state_groups(&self, profile: &str, deck: &DeckId) -> Result<StateGroups> {
        let mut groups = Vec::new();
        let new: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM card_state INDEXED BY card_state_new
                 WHERE profile = ?1 AND deck_id = ?2 AND state = 'new' AND present = 1",
            )
            .and_then(|mut stmt| stmt.query_row(params![profile, deck], |row| row.get(0)))
            .map_err(|e| self.err(e))?;
        if new > 0 {
            groups.push((State::New, 0, to_u32(new)));
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT scheduled_days, count(*)
                 FROM card_state INDEXED BY card_state_interval
                 WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                   AND state != 'new' AND state = ?3
                 GROUP BY scheduled_days",
            )
            .map_err(|e| self.err(e))?;
        // The states as the index orders them: by their stored text.
        for state in [State::Learning, State::Relearning, State::Review] {
            let rows = stmt
                .query_map(params![profile, deck, state], |row| {
                    Ok((state, row.get::<_, i64>(0)?, to_u32(row.get(1)?)))
                })
                .and_then(Iterator::collect::<rusqlite::Result<Vec<_>>>)
                .map_err(|e| self.err(e))?;
            groups.extend(rows);
        }
        Ok(std::sync::Arc::new(groups))
    }
}

impl Queues for Store {
    fn extra_limits(&self, profile: &str, deck: &DeckId, day: StudyDay) -> Result<ExtraLimits> {
        self.read_extra_limits(profile, deck, day)
    }

    fn raise_limits(
        &mut self,
        profile: &str,
        deck: &DeckId,
        day: StudyDay,
        more: ExtraLimits,
    ) -> Result<ExtraLimits> {
        self.write_extra_limits(profile, deck, day, more)
    }

    fn tagged_cards(&self, deck: &DeckId, tags: &[String]) -> Result<HashSet<CardId>> {
        self.read_tagged_cards(deck, tags)
    }

    fn done_today(&self, profile: &str, deck: &DeckId, day: StudyDay) -> Result<DoneToday> {
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
                    Ok(DoneToday {
                        new: to_u32(row.get(0)?),
                        reviews: to_u32(row.get(1)?),
                    })
                })
            })
            .map_err(|e| self.err(e))
    }

    fn queue_candidates(
        &self,
        profile: &str,
        deck: &DeckId,
        request: &QueueRequest,
    ) -> Result<QueueCandidates> {
        let learning = self.learning_due(profile, deck, request.learning_until)?;
        let reviews =
            self.reviews_due(profile, deck, request.day.end, request.now, request.reviews)?;
        let new = self.new_cards(profile, deck, request.new, request.shuffle)?;
        let (cards_seen, notes_seen) = self.seen_in_day(profile, deck, request)?;
        // Only reviews and new cards can be held back by a related card.
        let ids: Vec<&CardId> = reviews
            .iter()
            .chain(&new)
            .map(|entry| &entry.card)
            .collect();
        let related = self.related_cards(deck, &ids)?;
        let new_ids: Vec<&CardId> = new.iter().map(|entry| &entry.card).collect();
        let new_facts = self.new_card_facts(deck, &new_ids)?;
        Ok(QueueCandidates {
            learning,
            reviews,
            new,
            notes_seen,
            cards_seen,
            related,
            new_facts,
        })
    }

    fn practice_candidates(
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
               AND cs.card_id NOT IN (SELECT card_id FROM card_flag WHERE profile = ?1
                                      AND deck_id = ?2 AND suspended_at IS NOT NULL)
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

    /// One indexed lookup per card (no JSON array for the planner to misjudge).
    fn session_cards(
        &self,
        profile: &str,
        deck: &DeckId,
        ids: &[CardId],
    ) -> Result<Vec<SessionCard>> {
        // Each card with its state and its last five right answer times (from the covering
        // `review_timing` index, which covers the query).
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {}, s.state, s.step, s.stability, s.difficulty, s.due,
                        s.last_review, s.scheduled_days, s.reps, s.lapses,
                        (SELECT group_concat(duration_ms) FROM (
                             SELECT duration_ms FROM review r
                             WHERE r.profile = ?1 AND r.deck_id = ?2 AND r.card_id = ?3
                               AND r.correct = 1 AND r.undone_at IS NULL
                               AND r.duration_ms IS NOT NULL
                             ORDER BY r.reviewed_at DESC LIMIT 5))
                 FROM card c
                 LEFT JOIN card_state s ON s.profile = ?1 AND s.deck_id = c.deck_id
                                       AND s.card_id = c.card_id
                 WHERE c.deck_id = ?2 AND c.card_id = ?3",
                super::content::columns("c.")
            ))
            .map_err(|e| self.err(e))?;
        let mut rows: Vec<(super::content::CardRow, Option<CardState>, Option<String>)> =
            Vec::with_capacity(ids.len());
        for id in ids {
            let row = stmt
                .query_row(params![profile, deck, id], |row| {
                    let state = match row.get::<_, Option<State>>(6)? {
                        None => None,
                        Some(_) => Some(super::log::state_at(row, 6)?),
                    };
                    Ok((super::content::CardRow::get(row, 0)?, state, row.get(15)?))
                })
                .optional()
                .map_err(|e| self.err(e))?;
            rows.extend(row);
        }
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
                Ok(SessionCard {
                    card: self.parse_card(content)?,
                    state: state.unwrap_or_default(),
                    typical_ms: typical,
                })
            })
            .collect()
    }
}

impl Stats for Store {
    fn due_between(
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
                   AND state != 'new' AND state IN ('learning', 'relearning', 'review')
                   AND due >= ?3 AND due < ?4
                   AND card_id NOT IN (SELECT card_id FROM card_flag WHERE profile = ?1
                                       AND deck_id = ?2 AND suspended_at IS NOT NULL)",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![profile, deck, from, to], |row| row.get::<_, i64>(0))
            })
            .map(to_u32)
            .map_err(|e| self.err(e))
    }

    fn deck_counts(
        &self,
        profile: &str,
        deck: &DeckId,
        now: Timestamp,
        day: StudyDay,
        limits: Limits,
    ) -> Result<DeckCounts> {
        // Each count is a range of the (profile, deck, present, state, due) index, so none
        // reads the table, however large the deck.
        let (new_total, learning_now, learning_today, review_now, review_today, next_due) = self
            .conn
            .prepare_cached(
                "WITH suspended AS (SELECT card_id FROM card_flag
                                     WHERE profile = ?1 AND deck_id = ?2
                                       AND suspended_at IS NOT NULL)
                 SELECT
                   (SELECT count(*) FROM card_state
                    WHERE profile = ?1 AND deck_id = ?2 AND present = 1 AND state = 'new'
                      AND card_id NOT IN suspended),
                   (SELECT count(*) FROM card_state
                    WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                      AND state != 'new' AND state IN ('learning', 'relearning') AND due <= ?3
                      AND card_id NOT IN suspended),
                   (SELECT count(*) FROM card_state
                    WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                      AND state != 'new' AND state IN ('learning', 'relearning') AND due < ?4
                      AND card_id NOT IN suspended),
                   (SELECT count(*) FROM card_state
                    WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                      AND state = 'review' AND due <= ?3 AND card_id NOT IN suspended),
                   (SELECT count(*) FROM card_state
                    WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                      AND state = 'review' AND due < ?4 AND card_id NOT IN suspended),
                   (SELECT min(due) FROM card_state
                    WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                      AND state != 'new' AND state IN ('learning', 'relearning', 'review')
                      AND due > ?3
                      AND card_id NOT IN suspended)",
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

    /// Each day back from today is probed in the answers summed per quarter hour (see
    /// `Store::answers_between`), stopping at the first day without answers.
    fn streak(&self, profile: &str, deck: &DeckId, today: StudyDay, tz: &TimeZone) -> Result<u32> {
        streak(|days_ago| {
            // Local study days, so a daylight-saving change does not shift the boundaries.
            let day = today.offset(-days_ago, tz);
            Ok(self
                .answers_between(profile, deck, day.start, day.end)?
                .answers
                > 0)
        })
    }

    fn deck_stats(
        &self,
        profile: &str,
        deck: &DeckId,
        now: Timestamp,
        today: StudyDay,
        tz: &TimeZone,
        mature_days: u32,
    ) -> Result<DeckStats> {
        let err = |e| self.err(e);
        // Cards by state and interval from the covering `card_state_interval` index, the
        // suspended ones (few) counted apart and taken out of their state's count.
        let counts = |sql: &str| -> Result<(u32, u32, u32, u32)> {
            self.conn
                .prepare_cached(sql)
                .and_then(|mut stmt| {
                    stmt.query_row(params![profile, deck, mature_days], |row| {
                        Ok((
                            to_u32(row.get(0)?),
                            to_u32(row.get(1)?),
                            to_u32(row.get(2)?),
                            to_u32(row.get(3)?),
                        ))
                    })
                })
                .map_err(err)
        };
        let mut all = (0, 0, 0, 0);
        for &(state, days, cards) in self.state_groups(profile, deck)?.iter() {
            match state {
                State::New => all.0 += cards,
                State::Learning | State::Relearning => all.1 += cards,
                State::Review if days < i64::from(mature_days) => all.2 += cards,
                State::Review => all.3 += cards,
            }
        }
        // From the flags to each card by its key (see `memory::INTERVALS_HELD`).
        let held = counts(
            "SELECT coalesce(sum(s.state = 'new'), 0),
                    coalesce(sum(s.state IN ('learning', 'relearning')), 0),
                    coalesce(sum(s.state = 'review' AND s.scheduled_days < ?3), 0),
                    coalesce(sum(s.state = 'review' AND s.scheduled_days >= ?3), 0)
             FROM card_flag f
             CROSS JOIN card_state s ON s.profile = f.profile AND s.deck_id = f.deck_id
                                    AND s.card_id = f.card_id
             WHERE f.profile = ?1 AND f.deck_id = ?2 AND f.suspended_at IS NOT NULL
               AND +s.present = 1",
        )?;
        let (new, learning, young, mature) = (
            all.0.saturating_sub(held.0),
            all.1.saturating_sub(held.1),
            all.2.saturating_sub(held.2),
            all.3.saturating_sub(held.3),
        );
        let suspended = held.0 + held.1 + held.2 + held.3;
        // Answers up to and including `now`, as the log has them.
        let until = now.plus(std::time::Duration::from_millis(1));
        let today_answers = self.answers_between(profile, deck, today.start, until)?;
        // The last 7 and 30 days: today so far and the whole study days before it (which
        // follow each other without a gap), each day read once per snapshot, where the
        // calendar of `stats` has read them already.
        let (mut week, mut month) = (today_answers, today_answers);
        for days_ago in 1..30 {
            let day = today.offset(-days_ago, tz);
            let answers = self.answers_between(profile, deck, day.start, day.end)?;
            if days_ago < 7 {
                super::totals::add(&mut week, answers);
            }
            super::totals::add(&mut month, answers);
        }
        let (reviews_today, reviews_7d, reviews_30d, passed, failed) = (
            today_answers.scheduled,
            week.scheduled,
            month.scheduled,
            month.passed,
            month.failed,
        );
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
            suspended,
        })
    }
}

/// The queries behind [`Queues::queue_candidates`].
impl Store {
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

    /// Learning and relearning cards due by `until`, soonest first: two ranges of
    /// `card_state_due`, named so that statistics sampled with `analysis_limit` (which may
    /// rate a deck's whole key range as small as these) never make the planner walk every
    /// card of the deck instead.
    fn learning_due(
        &self,
        profile: &str,
        deck: &DeckId,
        until: Timestamp,
    ) -> Result<Vec<QueueEntry>> {
        self.entries(
            "SELECT deck_id, card_id, note_id, state, due FROM card_state INDEXED BY card_state_due
             WHERE profile = ?1 AND deck_id = ?2 AND present = 1
               AND state != 'new' AND state IN ('learning', 'relearning') AND due <= ?3
               AND card_id NOT IN (SELECT card_id FROM card_flag WHERE profile = ?1
                                   AND deck_id = ?2 AND suspended_at IS NOT NULL)
             ORDER BY due, position",
            params![profile, deck, until],
        )
    }

    /// Review cards due before `day_end`, lowest retrievability first (retrievability falls as
    /// elapsed time over stability grows), at most `limit`: one range of the covering
    /// `card_state_review` index (its `WHERE` gives the state).
    pub(super) fn reviews_due(
        &self,
        profile: &str,
        deck: &DeckId,
        day_end: Timestamp,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<QueueEntry>> {
        self.entries(
            "SELECT deck_id, card_id, note_id, state, due
             FROM card_state INDEXED BY card_state_review
             WHERE profile = ?1 AND deck_id = ?2 AND present = 1 AND state = 'review'
               AND due < ?3
               AND card_id NOT IN (SELECT card_id FROM card_flag WHERE profile = ?1
                                   AND deck_id = ?2 AND suspended_at IS NOT NULL)
             ORDER BY CAST(?4 - last_review AS REAL) / max(stability, 0.001) DESC, due, position
             LIMIT ?5",
            params![profile, deck, day_end, now, limit],
        )
    }

    /// New cards in deck order (or shuffled by `shuffle_seed`), at most `limit`.
    pub(super) fn new_cards(
        &self,
        profile: &str,
        deck: &DeckId,
        limit: u32,
        shuffle_seed: Option<u64>,
    ) -> Result<Vec<QueueEntry>> {
        match shuffle_seed {
            None => self.entries(
                "SELECT deck_id, card_id, note_id, state, due
                 FROM card_state INDEXED BY card_state_new
                 WHERE profile = ?1 AND deck_id = ?2 AND state = 'new' AND present = 1
                   AND card_id NOT IN (SELECT card_id FROM card_flag WHERE profile = ?1
                                       AND deck_id = ?2 AND suspended_at IS NOT NULL)
                 ORDER BY position LIMIT ?3",
                params![profile, deck, limit],
            ),
            Some(seed) => self.entries(
                "SELECT deck_id, card_id, note_id, state, due
                 FROM card_state INDEXED BY card_state_new
                 WHERE profile = ?1 AND deck_id = ?2 AND state = 'new' AND present = 1
                   AND card_id NOT IN (SELECT card_id FROM card_flag WHERE profile = ?1
                                       AND deck_id = ?2 AND suspended_at IS NOT NULL)
                 ORDER BY recall_shuffle(?4, card_id), position LIMIT ?3",
                params![profile, deck, limit, super::u64_to_sql(seed)],
            ),
        }
    }

    /// The cards of a study day: answered in it (undone answers aside), or in learning and
    /// due again before its end (or before `learning_until`, when later); and the notes of
    /// those that are cloze gaps. Their siblings and related cards wait for another day.
    /// The day's answers are one range of `review_day`, each joined to its card: the plan is
    /// fixed, so that no planner statistics can make it walk the deck's whole log instead.
    fn seen_in_day(
        &self,
        profile: &str,
        deck: &DeckId,
        request: &QueueRequest,
    ) -> Result<(HashSet<CardId>, HashSet<CardId>)> {
        let until = request.day.end.max(request.learning_until);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT card_id, note_id FROM card_state INDEXED BY card_state_due
                 WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                   AND state != 'new' AND state IN ('learning', 'relearning') AND due < ?5
                 UNION
                 SELECT c.card_id, c.note_id FROM review r INDEXED BY review_day
                 CROSS JOIN card c ON c.deck_id = r.deck_id AND c.card_id = r.card_id
                 WHERE r.profile = ?1 AND r.deck_id = ?2 AND r.reviewed_at >= ?3
                   AND r.reviewed_at < ?4 AND r.undone_at IS NULL",
            )
            .map_err(|e| self.err(e))?;
        let rows: Vec<(CardId, CardId)> = stmt
            .query_map(
                params![profile, deck, request.day.start, request.day.end, until],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        let notes = rows
            .iter()
            .filter(|(card, note)| card != note)
            .map(|(_, note)| note.clone())
            .collect();
        Ok((rows.into_iter().map(|(card, _)| card).collect(), notes))
    }

    /// The cards related to each of `ids` (cards of `deck`) that has any. A deck with fewer
    /// links than `ids` (most have none) is read whole, in one range of `card_link`'s key;
    /// otherwise one range per card.
    fn related_cards(
        &self,
        deck: &DeckId,
        ids: &[&CardId],
    ) -> Result<HashMap<CardId, Vec<CardId>>> {
        let mut related: HashMap<CardId, Vec<CardId>> = HashMap::new();
        if ids.is_empty() {
            return Ok(related);
        }
        let read_at_most = i64::try_from(ids.len().saturating_add(1)).unwrap_or(i64::MAX);
        let links: Vec<(CardId, CardId)> = self
            .conn
            .prepare_cached("SELECT card_id, other_id FROM card_link WHERE deck_id = ?1 LIMIT ?2")
            .and_then(|mut stmt| {
                stmt.query_map(params![deck, read_at_most], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .and_then(Iterator::collect)
            })
            .map_err(|e| self.err(e))?;
        if links.len() <= ids.len() {
            let wanted: HashSet<&CardId> = ids.iter().copied().collect();
            for (card, other) in links {
                if wanted.contains(&card) {
                    related.entry(card).or_default().push(other);
                }
            }
            return Ok(related);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT other_id FROM card_link WHERE deck_id = ?1 AND card_id = ?2")
            .map_err(|e| self.err(e))?;
        for &id in ids {
            let others: Vec<CardId> = stmt
                .query_map(params![deck, id], |row| row.get(0))
                .and_then(Iterator::collect)
                .map_err(|e| self.err(e))?;
            if !others.is_empty() {
                related.entry(id.clone()).or_default().extend(others);
            }
        }
        Ok(related)
    }

    /// The kind, answer and tags of `ids`, new cards of `deck`: one lookup of the card's key
    /// each.
    fn new_card_facts(
        &self,
        deck: &DeckId,
        ids: &[&CardId],
    ) -> Result<HashMap<CardId, NewCardFacts>> {
        let mut facts = HashMap::new();
        if ids.is_empty() {
            return Ok(facts);
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT kind, answer, coalesce(content ->> '$.tags', '[]') FROM card
                 WHERE deck_id = ?1 AND card_id = ?2",
            )
            .map_err(|e| self.err(e))?;
        for &id in ids {
            let row: Option<(Kind, String, String)> = stmt
                .query_row(params![deck, id], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })
                .optional()
                .map_err(|e| self.err(e))?;
            if let Some((kind, answer, tags)) = row {
                facts.insert(
                    id.clone(),
                    NewCardFacts {
                        kind,
                        answer,
                        tags: self.parse_json(&tags, "a card's tags")?,
                    },
                );
            }
        }
        Ok(facts)
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
