//! Drill attempts: saved when the paper starts, one answer per transaction (with its review
//! log entry), closed when the paper ends; read back for `results`, exports and reports.

use rusqlite::{OptionalExtension, params};

use super::api::{
    AttemptEnd, AttemptFilter, AttemptId, AttemptRow, Commit, DrillAnswerRow, Drills, Mark,
    ReviewRecord, Unanswered,
};
use super::log::insert_review;
use super::{Result, Store, u64_from_sql, u64_to_sql};
use crate::time::Timestamp;

/// A `drill_attempt` row before its decks are read.
struct Row {
    id: i64,
    uid: String,
    profile: String,
    name: String,
    decks: String,
    seed: i64,
    settings: String,
    paper: String,
    started_at: Timestamp,
    ended_at: Option<Timestamp>,
    end: Option<AttemptEnd>,
    score: u32,
    max_score: u32,
}

impl Drills for Store {
    fn start_attempt(&mut self, attempt: &AttemptRow) -> Result<AttemptId> {
        self.ensure_profile(&attempt.profile, attempt.started_at)?;
        self.conn
            .execute(
                "INSERT INTO drill_attempt (uid, profile, name, decks, seed, settings, paper,
                                            started_at, max_score)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    attempt.uid,
                    attempt.profile,
                    attempt.name,
                    self.json(&attempt.decks)?,
                    u64_to_sql(attempt.seed),
                    attempt.settings,
                    attempt.paper,
                    attempt.started_at,
                    attempt.max_score,
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(AttemptId(self.conn.last_insert_rowid()))
    }

    fn record_drill_answer(
        &mut self,
        attempt: AttemptId,
        answer: &DrillAnswerRow,
        review: &ReviewRecord,
    ) -> Result<Commit> {
        self.write(|tx| {
            let commit = insert_review(tx, review)?;
            if matches!(commit, Commit::Stale(_)) {
                return Ok(commit);
            }
            tx.execute(
                "INSERT INTO drill_answer (attempt_id, position, deck_id, card_id, answer, verdict,
                                           points, duration_ms, answered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    attempt.0,
                    i64::try_from(answer.position).unwrap_or(i64::MAX),
                    review.deck,
                    review.card,
                    answer.answer,
                    verdict_column(answer),
                    answer.points,
                    answer
                        .duration_ms
                        .map(|ms| i64::try_from(ms).unwrap_or(i64::MAX)),
                    review.at,
                ],
            )?;
            tx.execute(
                "UPDATE drill_attempt SET score = score + ?2 WHERE id = ?1",
                params![attempt.0, answer.points],
            )?;
            Ok(commit)
        })
    }

    fn finish_attempt(
        &mut self,
        attempt: AttemptId,
        ended_at: Timestamp,
        end: AttemptEnd,
        unanswered: &[Unanswered],
    ) -> Result<()> {
        self.write(|tx| {
            for question in unanswered {
                tx.execute(
                    "INSERT OR IGNORE INTO drill_answer (attempt_id, position, deck_id, card_id,
                                                         verdict, points)
                     VALUES (?1, ?2, ?3, ?4, 'unanswered', 0)",
                    params![
                        attempt.0,
                        i64::try_from(question.position).unwrap_or(i64::MAX),
                        question.deck,
                        question.card
                    ],
                )?;
            }
            tx.execute(
                "UPDATE drill_attempt SET ended_at = ?2, end_reason = ?3 WHERE id = ?1",
                params![attempt.0, ended_at, end],
            )?;
            Ok(())
        })
    }

    fn attempts(&self, filter: &AttemptFilter) -> Result<Vec<AttemptRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, uid, profile, name, decks, seed, settings, paper, started_at,
                        ended_at, end_reason, score, max_score
                 FROM drill_attempt
                 WHERE (?1 IS NULL OR name = ?1) AND (?2 IS NULL OR seed = ?2)
                   AND (?3 IS NULL OR profile = ?3)
                 ORDER BY started_at, id",
            )
            .map_err(|e| self.err(e))?;
        let rows: Vec<Row> = stmt
            .query_map(
                params![filter.name, filter.seed.map(u64_to_sql), filter.profile],
                |row| {
                    Ok(Row {
                        id: row.get(0)?,
                        uid: row.get(1)?,
                        profile: row.get(2)?,
                        name: row.get(3)?,
                        decks: row.get(4)?,
                        seed: row.get(5)?,
                        settings: row.get(6)?,
                        paper: row.get(7)?,
                        started_at: row.get(8)?,
                        ended_at: row.get(9)?,
                        end: row.get(10)?,
                        score: row.get(11)?,
                        max_score: row.get(12)?,
                    })
                },
            )
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        let mut attempts = Vec::with_capacity(rows.len());
        for row in rows {
            attempts.push(AttemptRow {
                uid: row.uid,
                name: row.name,
                profile: row.profile,
                decks: self.parse_json(&row.decks, "a drill attempt's decks")?,
                seed: u64_from_sql(row.seed),
                settings: row.settings,
                paper: row.paper,
                started_at: row.started_at,
                ended_at: row.ended_at,
                end: row.end,
                score: row.score,
                max_score: row.max_score,
                answers: self.drill_answers(row.id)?,
            });
        }
        Ok(attempts)
    }

    fn latest_seed(&self) -> Result<Option<u64>> {
        self.conn
            .query_row(
                "SELECT seed FROM drill_attempt ORDER BY started_at DESC, id DESC LIMIT 1",
                [],
                |row| row.get::<_, i64>(0),
            )
            .optional()
            .map(|seed| seed.map(u64_from_sql))
            .map_err(|e| self.err(e))
    }
}

impl Store {
    fn drill_answers(&self, attempt: i64) -> Result<Vec<DrillAnswerRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT position, answer, verdict, points, duration_ms FROM drill_answer
                 WHERE attempt_id = ?1 ORDER BY position",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([attempt], |row| {
            let verdict: String = row.get(2)?;
            Ok(DrillAnswerRow {
                position: usize::try_from(row.get::<_, i64>(0)?).unwrap_or(0),
                answer: row.get(1)?,
                verdict: match verdict.as_str() {
                    "unanswered" => None,
                    _ => Some(row.get(2)?),
                },
                points: row.get(3)?,
                duration_ms: row
                    .get::<_, Option<i64>>(4)?
                    .and_then(|d| u64::try_from(d).ok()),
            })
        })
        .and_then(Iterator::collect)
        .map_err(|e| self.err(e))
    }
}

/// The `verdict` column of a drill answer: its mark, or `unanswered`.
fn verdict_column(answer: &DrillAnswerRow) -> &'static str {
    answer.verdict.map_or("unanswered", Mark::as_str)
}
