//! The review log and the card state it determines: recording an answer (one transaction),
//! undoing it, reading a card's history, and rebuilding card state from the log alone.

use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::api::{Commit, Divergence, HistoryEntry, ReviewId, ReviewRecord, Reviews, SessionId};
use super::{Result, Store};
use crate::deck::{CardId, DeckId};
use crate::scheduler::{CardState, Memory, Purpose};
use crate::time::Timestamp;

/// Memory values are `f32` in the scheduler; they are stored as `SQLite` REALs (`f64`).
#[allow(clippy::cast_possible_truncation)]
fn narrow(value: f64) -> f32 {
    value as f32
}

fn memory_of(stability: Option<f64>, difficulty: Option<f64>) -> Option<Memory> {
    match (stability, difficulty) {
        (Some(s), Some(d)) => Some(Memory {
            stability: narrow(s),
            difficulty: narrow(d),
        }),
        _ => None,
    }
}

/// Reads a [`CardState`] from nine consecutive columns starting at `first`: state, step,
/// stability, difficulty, due, last review, scheduled days, reps and lapses.
pub(super) fn state_at(row: &Row<'_>, first: usize) -> rusqlite::Result<CardState> {
    Ok(CardState {
        state: row.get(first)?,
        step: row.get(first + 1)?,
        memory: memory_of(row.get(first + 2)?, row.get(first + 3)?),
        due: row.get(first + 4)?,
        last_review: row.get(first + 5)?,
        scheduled_days: row.get(first + 6)?,
        reps: row.get(first + 7)?,
        lapses: row.get(first + 8)?,
    })
}

impl Reviews for Store {
    fn start_session(
        &mut self,
        profile: &str,
        purpose: Purpose,
        now: Timestamp,
    ) -> Result<SessionId> {
        self.ensure_profile(profile, now)?;
        self.conn
            .execute(
                "INSERT INTO session (profile, mode, started_at) VALUES (?1, ?2, ?3)",
                params![profile, purpose, now],
            )
            .map_err(|e| self.err(e))?;
        Ok(SessionId(self.conn.last_insert_rowid()))
    }

    fn record(&mut self, review: &ReviewRecord) -> Result<Commit> {
        self.write(|tx| insert_review(tx, review))
    }

    fn undo(&mut self, profile: &str, review: ReviewId, now: Timestamp) -> Result<bool> {
        self.write(|tx| {
            let target: Option<(DeckId, CardId)> = tx
                .query_row(
                    "SELECT deck_id, card_id FROM review
                     WHERE id = ?1 AND profile = ?2 AND undone_at IS NULL",
                    params![review.0, profile],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let Some((deck, card)) = target else {
                return Ok(false);
            };
            tx.execute(
                "UPDATE review SET undone_at = ?2 WHERE id = ?1",
                params![review.0, now],
            )?;
            let state = state_from_log(tx, profile, &deck, &card)?;
            write_state(tx, profile, &deck, &card, &state)?;
            Ok(true)
        })
    }

    fn card_state(&self, profile: &str, deck: &DeckId, card: &CardId) -> Result<Option<CardState>> {
        self.conn
            .prepare_cached(STATE_QUERY)
            .and_then(|mut stmt| {
                stmt.query_row(params![profile, deck, card], |row| state_at(row, 0))
                    .optional()
            })
            .map_err(|e| self.err(e))
    }

    fn history(&self, profile: &str, deck: &DeckId, card: &CardId) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, reviewed_at, rating, answer, expected, verdict, correct, duration_ms,
                        mode, scheduled, state_before, state_after, stability, difficulty, due,
                        undone_at IS NOT NULL
                 FROM review WHERE profile = ?1 AND deck_id = ?2 AND card_id = ?3
                 ORDER BY reviewed_at, id",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map(params![profile, deck, card], |row| {
            Ok(HistoryEntry {
                id: ReviewId(row.get(0)?),
                at: row.get(1)?,
                rating: row.get(2)?,
                answer: row.get(3)?,
                expected: row.get(4)?,
                verdict: row.get(5)?,
                correct: row.get(6)?,
                duration_ms: row.get(7)?,
                mode: row.get(8)?,
                scheduled: row.get(9)?,
                state_before: row.get(10)?,
                state_after: row.get(11)?,
                stability: row.get::<_, Option<f64>>(12)?.map(narrow),
                difficulty: row.get::<_, Option<f64>>(13)?.map(narrow),
                due: row.get(14)?,
                undone: row.get(15)?,
            })
        })
        .and_then(Iterator::collect)
        .map_err(|e| self.err(e))
    }
}

impl Store {
    /// Records many answers in one transaction, each exactly as [`Reviews::record`] records
    /// it (the same statements, the same compare-and-swap on the card's state), in the order
    /// given. For tools that bring in a history at once (and the scale benchmark, which builds
    /// a year of answers this way so that the database looks as real use leaves it).
    pub fn record_batch(&mut self, reviews: &[ReviewRecord]) -> Result<Vec<Commit>> {
        self.write(|tx| {
            reviews
                .iter()
                .map(|review| insert_review(tx, review))
                .collect()
        })
    }
}

/// A card's cached state.
const STATE_QUERY: &str =
    "SELECT state, step, stability, difficulty, due, last_review, scheduled_days, reps, lapses
     FROM card_state WHERE profile = ?1 AND deck_id = ?2 AND card_id = ?3";

/// The state the review log gives each card: its last scheduling answer (in the order the
/// answers were given, which is the order of their ids, whatever the clock said), with reps and
/// lapses counted over all of them. Cards without one are new. The columns are those of
/// [`state_at`], after the profile, deck and card.
const REPLAY: &str = "
    WITH scheduling AS (
        SELECT *, row_number() OVER (
            PARTITION BY profile, deck_id, card_id ORDER BY id DESC
        ) AS recency
        FROM review
        WHERE scheduled = 1 AND undone_at IS NULL AND (?1 IS NULL OR profile = ?1)
    ),
    counts AS (
        SELECT profile, deck_id, card_id, count(*) AS reps,
               sum(state_before = 'review' AND rating = 'again') AS lapses
        FROM scheduling GROUP BY profile, deck_id, card_id
    ),
    replay AS (
        SELECT s.profile, s.deck_id, s.card_id, s.state_after AS state, s.step_after AS step,
               s.stability, s.difficulty, s.due, s.reviewed_at AS last_review,
               s.scheduled_days, n.reps, n.lapses
        FROM scheduling s JOIN counts n USING (profile, deck_id, card_id)
        WHERE s.recency = 1
    )";

impl Store {
    /// See [`super::api::Upkeep::divergences`].
    pub(super) fn state_divergences(&self, profile: Option<&str>) -> Result<Vec<Divergence>> {
        let sql = format!(
            "{REPLAY}
             SELECT c.profile, c.deck_id, c.card_id,
                    c.state, c.step, c.stability, c.difficulty, c.due, c.last_review,
                    c.scheduled_days, c.reps, c.lapses,
                    coalesce(r.state, 'new'), coalesce(r.step, 0), r.stability, r.difficulty,
                    r.due, r.last_review, coalesce(r.scheduled_days, 0), coalesce(r.reps, 0),
                    coalesce(r.lapses, 0)
             FROM card_state c
             LEFT JOIN replay r USING (profile, deck_id, card_id)
             WHERE (?1 IS NULL OR c.profile = ?1)
               AND (c.state, c.step, c.stability, c.difficulty, c.due, c.last_review,
                    c.scheduled_days, c.reps, c.lapses)
                   IS NOT (coalesce(r.state, 'new'), coalesce(r.step, 0), r.stability,
                           r.difficulty, r.due, r.last_review, coalesce(r.scheduled_days, 0),
                           coalesce(r.reps, 0), coalesce(r.lapses, 0))
             ORDER BY c.profile, c.deck_id, c.card_id"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        stmt.query_map([profile], |row| {
            Ok(Divergence {
                profile: row.get(0)?,
                deck: row.get(1)?,
                card: row.get(2)?,
                stored: state_at(row, 3)?,
                replayed: state_at(row, 12)?,
            })
        })
        .and_then(Iterator::collect)
        .map_err(|e| self.err(e))
    }

    /// See [`super::api::Upkeep::rebuild`].
    pub(super) fn rebuild_states(&mut self, profile: Option<&str>) -> Result<usize> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM card_state WHERE ?1 IS NULL OR profile = ?1",
                [profile],
            )?;
            let written = tx.execute(
                "INSERT INTO card_state (profile, deck_id, card_id, note_id, position, present,
                                         state)
                 SELECT p.profile, c.deck_id, c.card_id, c.note_id, c.position, c.present, 'new'
                 FROM card c JOIN profile_deck p ON p.deck_id = c.deck_id
                 WHERE ?1 IS NULL OR p.profile = ?1",
                [profile],
            )?;
            tx.execute(
                &format!(
                    "{REPLAY}
                     UPDATE card_state SET
                         state = r.state, step = r.step, stability = r.stability,
                         difficulty = r.difficulty, due = r.due, last_review = r.last_review,
                         scheduled_days = r.scheduled_days, reps = r.reps, lapses = r.lapses
                     FROM replay r
                     WHERE card_state.profile = r.profile AND card_state.deck_id = r.deck_id
                       AND card_state.card_id = r.card_id"
                ),
                [profile],
            )?;
            Ok(written)
        })
    }
}

/// Inserts a review (and the card's new state, when it changes the schedule) inside `tx`; an
/// answer that changes the schedule is inserted only when the card's state is still its
/// `before` (read here, inside the write transaction, so no other writer comes between).
pub(super) fn insert_review(
    tx: &Transaction<'_>,
    review: &ReviewRecord,
) -> rusqlite::Result<Commit> {
    if review.after.is_some() {
        let current = tx
            .prepare_cached(STATE_QUERY)?
            .query_row(params![review.profile, review.deck, review.card], |row| {
                state_at(row, 0)
            })
            .optional()?
            .unwrap_or_default();
        if current != review.before {
            return Ok(Commit::Stale(current));
        }
    }
    let shown = review.after.as_ref().unwrap_or(&review.before);
    tx.execute(
        "INSERT OR IGNORE INTO profile (name, created_at) VALUES (?1, ?2)",
        params![review.profile, review.at],
    )?;
    tx.execute(
        "INSERT INTO review (profile, deck_id, card_id, reviewed_at, rating, answer, expected,
                             verdict, correct, duration_ms, mode, scheduled, state_before,
                             state_after, step_after, stability, difficulty, due,
                             scheduled_days, elapsed_days, session_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21)",
        params![
            review.profile,
            review.deck,
            review.card,
            review.at,
            review.rating,
            review.answer,
            review.expected,
            review.verdict,
            review.correct,
            review
                .duration_ms
                .map(|ms| i64::try_from(ms).unwrap_or(i64::MAX)),
            review.purpose,
            review.after.is_some(),
            review.before.state,
            shown.state,
            shown.step,
            shown.memory.map(|m| f64::from(m.stability)),
            shown.memory.map(|m| f64::from(m.difficulty)),
            shown.due,
            shown.scheduled_days,
            review.elapsed_days,
            review.session.map(|s| s.0),
        ],
    )?;
    let id = ReviewId(tx.last_insert_rowid());
    if let Some(after) = &review.after {
        write_state(tx, &review.profile, &review.deck, &review.card, after)?;
    }
    Ok(Commit::Done(id))
}

/// The state the log gives one card: its last scheduling answer, reps and lapses counted.
fn state_from_log(
    tx: &Transaction<'_>,
    profile: &str,
    deck: &DeckId,
    card: &CardId,
) -> rusqlite::Result<CardState> {
    // The window counts run over all the card's scheduling answers before LIMIT keeps the last.
    let state = tx
        .query_row(
            "SELECT state_after, step_after, stability, difficulty, due, reviewed_at,
                    scheduled_days, count(*) OVER (),
                    sum(state_before = 'review' AND rating = 'again') OVER ()
             FROM review
             WHERE profile = ?1 AND deck_id = ?2 AND card_id = ?3 AND scheduled = 1
               AND undone_at IS NULL
             ORDER BY id DESC LIMIT 1",
            params![profile, deck, card],
            |row| state_at(row, 0),
        )
        .optional()?;
    Ok(state.unwrap_or_default())
}

/// Writes a card's state, creating its row from the catalog if the profile had none.
pub(super) fn write_state(
    tx: &Transaction<'_>,
    profile: &str,
    deck: &DeckId,
    card: &CardId,
    state: &CardState,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO card_state (profile, deck_id, card_id, note_id, position, present, state,
                                 step, stability, difficulty, due, last_review, scheduled_days,
                                 reps, lapses)
         SELECT ?1, deck_id, card_id, note_id, position, present, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
                ?11, ?12
         FROM card WHERE deck_id = ?2 AND card_id = ?3
         ON CONFLICT (profile, deck_id, card_id) DO UPDATE SET
             state = excluded.state, step = excluded.step, stability = excluded.stability,
             difficulty = excluded.difficulty, due = excluded.due,
             last_review = excluded.last_review, scheduled_days = excluded.scheduled_days,
             reps = excluded.reps, lapses = excluded.lapses",
        params![
            profile,
            deck,
            card,
            state.state,
            state.step,
            state.memory.map(|m| f64::from(m.stability)),
            state.memory.map(|m| f64::from(m.difficulty)),
            state.due,
            state.last_review,
            state.scheduled_days,
            state.reps,
            state.lapses,
        ],
    )?;
    Ok(())
}
