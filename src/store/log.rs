//! The review log and the card state it determines: recording an answer (one transaction),
//! undoing it, reading a card's history, and rebuilding card state from the log alone.

use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::Serialize;

use super::{Result, Store};
use crate::deck::{CardId, DeckId};
use crate::scheduler::{CardState, Memory, Purpose, Rating, State};
use crate::time::Timestamp;

/// One answer to record.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRecord {
    pub profile: String,
    pub deck: DeckId,
    pub card: CardId,
    pub at: Timestamp,
    pub rating: Rating,
    /// What was typed; `None` when self-graded.
    pub answer: Option<String>,
    /// The card's answer at the time.
    pub expected: String,
    /// `right`, `typo` or `wrong`; `None` when self-graded.
    pub verdict: Option<&'static str>,
    pub correct: bool,
    pub duration_ms: Option<u64>,
    pub mode: Purpose,
    pub before: CardState,
    /// The new state when the answer changes the schedule; `None` for practice.
    pub after: Option<CardState>,
    pub elapsed_days: Option<u32>,
    /// The session the answer belongs to (see [`Store::start_session`]).
    pub session: Option<i64>,
}

/// One past answer, as `recall card` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: Timestamp,
    pub rating: Rating,
    pub answer: Option<String>,
    pub expected: String,
    pub verdict: Option<String>,
    pub correct: bool,
    pub duration_ms: Option<i64>,
    pub mode: Purpose,
    pub scheduled: bool,
    pub state_before: State,
    pub state_after: State,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    pub due: Option<Timestamp>,
    pub undone: bool,
}

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

impl Store {
    /// Records one answer and, when it changes the schedule, the card's new state, in a single
    /// transaction committed before this returns. Returns the review's id (for undo).
    pub fn record(&mut self, review: &ReviewRecord) -> Result<i64> {
        self.write(|tx| insert_review(tx, review))
    }

    /// Marks a review undone and restores the card's state from the rest of the log, in one
    /// transaction. Returns false when there was no such (not yet undone) review.
    pub fn undo(&mut self, profile: &str, review_id: i64, now: Timestamp) -> Result<bool> {
        self.write(|tx| {
            let target: Option<(DeckId, String)> = tx
                .query_row(
                    "SELECT deck_id, card_id FROM review
                     WHERE id = ?1 AND profile = ?2 AND undone_at IS NULL",
                    params![review_id, profile],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let Some((deck, card)) = target else {
                return Ok(false);
            };
            tx.execute(
                "UPDATE review SET undone_at = ?2 WHERE id = ?1",
                params![review_id, now],
            )?;
            let state = state_from_log(tx, profile, &deck, &card)?;
            write_state(tx, profile, &deck, &card, &state)?;
            Ok(true)
        })
    }

    /// A card's cached state for a profile (`None` when the profile has not studied its deck).
    pub fn card_state(
        &self,
        profile: &str,
        deck: &DeckId,
        card: &str,
    ) -> Result<Option<CardState>> {
        self.conn
            .prepare_cached(
                "SELECT state, step, stability, difficulty, due, last_review, scheduled_days, reps,
                        lapses
                 FROM card_state WHERE profile = ?1 AND deck_id = ?2 AND card_id = ?3",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![profile, deck, card], |row| state_at(row, 0))
                    .optional()
            })
            .map_err(|e| self.err(e))
    }

    /// A card's answers, oldest first, including undone ones (marked).
    pub fn history(&self, profile: &str, deck: &DeckId, card: &str) -> Result<Vec<HistoryEntry>> {
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
                id: row.get(0)?,
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

    /// Rebuilds every card state of `profile` (or of all profiles) from the catalog and the
    /// review log, in one transaction. Returns the number of card states written.
    pub fn rebuild(&mut self, profile: Option<&str>) -> Result<usize> {
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
            // The last scheduling answer of each card (in the order the answers were given,
            // which is the order of their ids, whatever the clock said) determines its state;
            // reps and lapses are counted over all of them.
            tx.execute(
                "WITH scheduling AS (
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
                 )
                 UPDATE card_state SET
                     state = s.state_after, step = s.step_after, stability = s.stability,
                     difficulty = s.difficulty, due = s.due, last_review = s.reviewed_at,
                     scheduled_days = s.scheduled_days, reps = n.reps, lapses = n.lapses
                 FROM scheduling s JOIN counts n USING (profile, deck_id, card_id)
                 WHERE s.recency = 1 AND card_state.profile = s.profile
                   AND card_state.deck_id = s.deck_id AND card_state.card_id = s.card_id",
                [profile],
            )?;
            Ok(written)
        })
    }

    /// Starts a session (a study, practice or drill run) and returns its id.
    pub fn start_session(&self, profile: &str, mode: Purpose, now: Timestamp) -> Result<i64> {
        self.ensure_profile(profile, now)?;
        self.conn
            .execute(
                "INSERT INTO session (profile, mode, started_at) VALUES (?1, ?2, ?3)",
                params![profile, mode, now],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }
}

/// Inserts a review (and the card's new state, when it changes the schedule) inside `tx`.
pub(super) fn insert_review(tx: &Transaction<'_>, review: &ReviewRecord) -> rusqlite::Result<i64> {
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
            review.mode,
            review.after.is_some(),
            review.before.state,
            shown.state,
            shown.step,
            shown.memory.map(|m| f64::from(m.stability)),
            shown.memory.map(|m| f64::from(m.difficulty)),
            shown.due,
            shown.scheduled_days,
            review.elapsed_days,
            review.session,
        ],
    )?;
    let id = tx.last_insert_rowid();
    if let Some(after) = &review.after {
        write_state(
            tx,
            &review.profile,
            &review.deck,
            review.card.as_str(),
            after,
        )?;
    }
    Ok(id)
}

/// The state the log gives one card: its last scheduling answer, reps and lapses counted.
fn state_from_log(
    tx: &Transaction<'_>,
    profile: &str,
    deck: &DeckId,
    card: &str,
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
fn write_state(
    tx: &Transaction<'_>,
    profile: &str,
    deck: &DeckId,
    card: &str,
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
