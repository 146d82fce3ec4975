//! What storage keeps and reads of a learner's memory: the study log streamed for the
//! optimizer, the fitted parameter sets (each in use from its save to its retirement), leeches
//! and suspended cards, and the per-day aggregates of the charts, computed by `SQLite` from the
//! `review_stats` and `card_state_due` indexes.

use rusqlite::{OptionalExtension, params};

use super::api::{
    Charts, Commit, DayActivity, Fitting, Flag, FlaggedCard, ImportedCard, ImportedCounts, Leeches,
    NewParameters, SavedParameters, StudyAnswer,
};
use super::queries::to_u32;
use super::{Result, Store, StoreError};
use crate::deck::{CardId, DeckId};
use crate::scheduler::{CardState, State};
use crate::time::{StudyDay, Timestamp};

/// Deck ids as the JSON array the queries read with `json_each`.
fn deck_list(decks: &[DeckId]) -> String {
    serde_json::Value::from(decks.iter().map(DeckId::as_str).collect::<Vec<_>>()).to_string()
}

/// A scope as kept: '' for the whole profile.
fn scope_key(scope: Option<&DeckId>) -> &str {
    scope.map_or("", DeckId::as_str)
}

/// A saved parameter set's row: id, deck, weights, saved, retired, reviews, report.
type ParameterRow = (
    i64,
    String,
    String,
    Timestamp,
    Option<Timestamp>,
    i64,
    String,
);

impl Fitting for Store {
    fn study_answers(
        &self,
        profile: &str,
        decks: &[DeckId],
        each: &mut dyn FnMut(&StudyAnswer<'_>),
    ) -> Result<u64> {
        // Card by card in the order given (`review_card`); the decks filter is a join so that a
        // long list stays one index range per deck.
        let sql = if decks.is_empty() {
            "SELECT deck_id, card_id, reviewed_at, rating, state_before, duration_ms FROM review
             WHERE profile = ?1 AND mode = 'study' AND undone_at IS NULL AND ?2 IS NOT NULL
             ORDER BY deck_id, card_id, reviewed_at, id"
        } else {
            "SELECT r.deck_id, r.card_id, r.reviewed_at, r.rating, r.state_before, r.duration_ms
             FROM json_each(?2) AS k
             JOIN review r ON r.profile = ?1 AND r.deck_id = k.value
             WHERE r.mode = 'study' AND r.undone_at IS NULL
             ORDER BY r.deck_id, r.card_id, r.reviewed_at, r.id"
        };
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(params![profile, deck_list(decks)])
            .map_err(|e| self.err(e))?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let mut read = || -> rusqlite::Result<()> {
                let deck = row.get_ref(0)?.as_str()?;
                let card = row.get_ref(1)?.as_str()?;
                each(&StudyAnswer {
                    deck,
                    card,
                    at: row.get(2)?,
                    rating: row.get(3)?,
                    state_before: row.get(4)?,
                    duration_ms: row.get(5)?,
                });
                Ok(())
            };
            read().map_err(|e| self.err(e))?;
            count += 1;
        }
        Ok(count)
    }

    fn import_histories(
        &mut self,
        profile: &str,
        deck: &DeckId,
        cards: &[ImportedCard],
        now: Timestamp,
    ) -> Result<ImportedCounts> {
        self.ensure_profile(profile, now)?;
        self.write(|tx| {
            let mut counts = ImportedCounts::default();
            for imported in cards {
                let has_history: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM review WHERE profile = ?1 AND deck_id = ?2
                        AND card_id = ?3 AND mode = 'study' AND undone_at IS NULL)",
                    params![profile, deck, imported.card],
                    |row| row.get(0),
                )?;
                if has_history {
                    continue;
                }
                super::log::write_state(tx, profile, deck, &imported.card, &imported.start)?;
                for review in &imported.reviews {
                    if let Commit::Stale(_) = super::log::insert_review(tx, review)? {
                        // Each answer is scheduled from the one before: never stale.
                        return Err(rusqlite::Error::InvalidQuery);
                    }
                    counts.answers += 1;
                }
                counts.cards += 1;
            }
            Ok(counts)
        })
    }

    fn parameter_sets(&self, profile: &str) -> Result<Vec<SavedParameters>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, deck_id, weights, saved_at, retired_at, reviews, report
                 FROM fsrs_parameters WHERE profile = ?1 ORDER BY saved_at, id",
            )
            .map_err(|e| self.err(e))?;
        let rows: Vec<ParameterRow> = stmt
            .query_map([profile], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                ))
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(
                |(id, deck, weights, saved_at, retired_at, reviews, report)| {
                    let deck = if deck.is_empty() {
                        None
                    } else {
                        Some(deck.parse().map_err(|e| StoreError::Invalid {
                            path: self.path.clone(),
                            detail: format!("parameter set {id}: deck `{deck}` {e}"),
                        })?)
                    };
                    Ok(SavedParameters {
                        id,
                        deck,
                        weights: self.parse_json(&weights, format_args!("parameter set {id}"))?,
                        saved_at,
                        retired_at,
                        reviews: u64::try_from(reviews).unwrap_or(0),
                        report,
                    })
                },
            )
            .collect()
    }

    fn save_parameters(&mut self, new: &NewParameters<'_>) -> Result<()> {
        self.ensure_profile(new.profile, new.at)?;
        let weights = self.json(&new.weights)?;
        let reviews = i64::try_from(new.reviews).unwrap_or(i64::MAX);
        self.write(|tx| {
            for scope in new.scopes {
                let key = scope_key(scope.as_ref());
                tx.execute(
                    "UPDATE fsrs_parameters SET retired_at = ?3
                     WHERE profile = ?1 AND deck_id = ?2 AND retired_at IS NULL",
                    params![new.profile, key, new.at],
                )?;
                tx.execute(
                    "INSERT INTO fsrs_parameters (profile, deck_id, weights, saved_at, reviews,
                                                  report)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![new.profile, key, weights, new.at, reviews, new.report],
                )?;
            }
            Ok(())
        })
    }

    fn retire_parameters(
        &mut self,
        profile: &str,
        scopes: &[Option<DeckId>],
        at: Timestamp,
    ) -> Result<usize> {
        self.write(|tx| {
            let mut retired = 0;
            for scope in scopes {
                retired += tx.execute(
                    "UPDATE fsrs_parameters SET retired_at = ?3
                     WHERE profile = ?1 AND deck_id = ?2 AND retired_at IS NULL",
                    params![profile, scope_key(scope.as_ref()), at],
                )?;
            }
            Ok(retired)
        })
    }
}

impl Leeches for Store {
    fn flag(&self, profile: &str, deck: &DeckId, card: &CardId) -> Result<Option<Flag>> {
        self.conn
            .prepare_cached(
                "SELECT leech_at, lapses, suspended_at FROM card_flag
                 WHERE profile = ?1 AND deck_id = ?2 AND card_id = ?3",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![profile, deck, card], |row| {
                    Ok(Flag {
                        leech_at: row.get(0)?,
                        lapses: row.get(1)?,
                        suspended_at: row.get(2)?,
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(e))
    }

    fn set_flag(
        &mut self,
        profile: &str,
        deck: &DeckId,
        card: &CardId,
        flag: Option<&Flag>,
        now: Timestamp,
    ) -> Result<()> {
        self.ensure_profile(profile, now)?;
        self.write(|tx| {
            match flag {
                None => tx.execute(
                    "DELETE FROM card_flag WHERE profile = ?1 AND deck_id = ?2 AND card_id = ?3",
                    params![profile, deck, card],
                )?,
                Some(flag) => tx.execute(
                    "INSERT INTO card_flag (profile, deck_id, card_id, leech_at, lapses,
                                            suspended_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (profile, deck_id, card_id) DO UPDATE SET
                         leech_at = excluded.leech_at, lapses = excluded.lapses,
                         suspended_at = excluded.suspended_at",
                    params![
                        profile,
                        deck,
                        card,
                        flag.leech_at,
                        flag.lapses,
                        flag.suspended_at
                    ],
                )?,
            };
            Ok(())
        })
    }

    fn flagged(&self, profile: &str, deck: &DeckId, min_lapses: u32) -> Result<Vec<FlaggedCard>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT cs.card_id, cs.lapses, f.leech_at, f.suspended_at
                 FROM card_state cs
                 LEFT JOIN card_flag f ON f.profile = cs.profile AND f.deck_id = cs.deck_id
                                      AND f.card_id = cs.card_id
                 WHERE cs.profile = ?1 AND cs.deck_id = ?2
                   AND (cs.lapses >= ?3 OR f.leech_at IS NOT NULL OR f.suspended_at IS NOT NULL)
                 ORDER BY cs.lapses DESC, cs.position",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map(params![profile, deck, min_lapses], |row| {
            Ok(FlaggedCard {
                deck: deck.clone(),
                card: row.get(0)?,
                lapses: row.get(1)?,
                leech_at: row.get(2)?,
                suspended_at: row.get(3)?,
            })
        })
        .and_then(Iterator::collect)
        .map_err(|e| self.err(e))
    }

    fn wrong_replies(
        &self,
        profile: &str,
        deck: &DeckId,
        card: &CardId,
        limit: u32,
    ) -> Result<Vec<(String, u32)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT answer, count(*) AS times, max(reviewed_at) AS latest FROM review
                 WHERE profile = ?1 AND deck_id = ?2 AND card_id = ?3 AND undone_at IS NULL
                   AND verdict = 'wrong' AND answer IS NOT NULL AND trim(answer) != ''
                 GROUP BY answer ORDER BY times DESC, latest DESC LIMIT ?4",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map(params![profile, deck, card, limit], |row| {
            Ok((row.get(0)?, to_u32(row.get(1)?)))
        })
        .and_then(Iterator::collect)
        .map_err(|e| self.err(e))
    }
}

/// Cards of a deck due in one span of time, suspended ones included: a range of the covering
/// `card_state_due` index per state.
const DUE_PER_DAY: &str = "SELECT count(*)
                 FROM card_state INDEXED BY card_state_due
                 WHERE profile = ?1 AND deck_id = ?2 AND present = 1
                   AND state != 'new' AND state IN ('learning', 'relearning', 'review')
                   AND due >= ?3 AND due < ?4";

/// The suspended review cards of a deck by interval (taken out of `Store::state_groups`' review
/// counts), read from the flags (few) to each card by its key. The
/// suspended cards' queries are written so: a `CROSS JOIN` keeps `card_flag` the outer loop
/// (`SQLite` does not reorder one) and the unary `+` keeps `card_state` on its key rather than
/// a range of an index by state. Without them the planner, which has no statistics for the
/// flags (an empty table is not analyzed), walked every card of the deck and looked each one
/// up among the flags.
const INTERVALS_HELD: &str = "SELECT s.scheduled_days, count(*) FROM card_flag f
                 CROSS JOIN card_state s ON s.profile = f.profile AND s.deck_id = f.deck_id
                                        AND s.card_id = f.card_id
                 WHERE f.profile = ?1 AND f.deck_id = ?2 AND f.suspended_at IS NOT NULL
                   AND +s.present = 1 AND +s.state = 'review'
                 GROUP BY s.scheduled_days";

impl Charts for Store {
    fn activity(
        &self,
        profile: &str,
        deck: &DeckId,
        days: &[StudyDay],
    ) -> Result<Vec<DayActivity>> {
        days.iter()
            .map(|day| self.answers_between(profile, deck, day.start, day.end))
            .collect()
    }

    fn due_per_day(&self, profile: &str, deck: &DeckId, days: &[StudyDay]) -> Result<Vec<u32>> {
        let err = |e| self.err(e);
        // Suspended cards (few) are counted apart and taken out, rather than looked up for
        // every card of the index ranges; from the flags, as `INTERVALS_HELD` says.
        let held: Vec<Timestamp> = self
            .conn
            .prepare_cached(
                "SELECT s.due FROM card_flag f
                 CROSS JOIN card_state s ON s.profile = f.profile AND s.deck_id = f.deck_id
                                        AND s.card_id = f.card_id
                 WHERE f.profile = ?1 AND f.deck_id = ?2 AND f.suspended_at IS NOT NULL
                   AND +s.present = 1 AND +s.state IN ('learning', 'relearning', 'review')
                   AND s.due IS NOT NULL",
            )
            .and_then(|mut stmt| {
                stmt.query_map(params![profile, deck], |row| row.get(0))?
                    .collect()
            })
            .map_err(err)?;
        let mut stmt = self.conn.prepare_cached(DUE_PER_DAY).map_err(err)?;
        days.iter()
            .enumerate()
            .map(|(i, day)| {
                // Today's count takes in the overdue cards.
                let start = if i == 0 {
                    Timestamp::from_millis(i64::MIN)
                } else {
                    day.start
                };
                let all = stmt
                    .query_row(params![profile, deck, start, day.end], |row| {
                        row.get::<_, i64>(0)
                    })
                    .map(to_u32)
                    .map_err(err)?;
                let out = held.iter().filter(|&&due| start <= due && due < day.end);
                Ok(all.saturating_sub(u32::try_from(out.count()).unwrap_or(u32::MAX)))
            })
            .collect()
    }

    fn intervals(&self, profile: &str, deck: &DeckId) -> Result<Vec<(u32, u32)>> {
        let err = |e| self.err(e);
        let rows = |sql: &str| -> Result<Vec<(u32, u32)>> {
            self.conn
                .prepare_cached(sql)
                .and_then(|mut stmt| {
                    stmt.query_map(params![profile, deck], |row| {
                        Ok((row.get::<_, u32>(0)?, to_u32(row.get(1)?)))
                    })?
                    .collect()
                })
                .map_err(err)
        };
        let held: std::collections::HashMap<u32, u32> = rows(INTERVALS_HELD)?.into_iter().collect();
        // The review cards by interval, suspended ones included, from the groups `deck_stats`
        // reads too (once per snapshot).
        let groups = self.state_groups(profile, deck)?;
        groups
            .iter()
            .filter(|(state, _, _)| *state == State::Review)
            .map(|&(_, days, cards)| {
                let days = u32::try_from(days)
                    .map_err(|_| err(rusqlite::Error::IntegralValueOutOfRange(1, days)))?;
                Ok((
                    days,
                    cards.saturating_sub(held.get(&days).copied().unwrap_or(0)),
                ))
            })
            .filter(|r| !matches!(r, Ok((_, 0))))
            .collect::<Result<Vec<_>>>()
    }

    fn studied_states(&self, profile: &str, deck: &DeckId) -> Result<Vec<CardState>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT state, step, stability, difficulty, due, last_review, scheduled_days,
                        reps, lapses
                 FROM card_state
                 WHERE profile = ?1 AND deck_id = ?2 AND present = 1 AND state != 'new'
                   AND card_id NOT IN (SELECT card_id FROM card_flag WHERE profile = ?1
                                       AND deck_id = ?2 AND suspended_at IS NOT NULL)",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map(params![profile, deck], |row| super::log::state_at(row, 0))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Stats as _;

    /// Cards in every state, some removed, some suspended (in and out of review), with dues
    /// and intervals spread over two months.
    fn cards() -> (Store, DeckId) {
        let store = Store::open_file(std::path::Path::new(":memory:")).expect("a database");
        store.execute_batch(
            "INSERT INTO profile (name, created_at) VALUES ('me', 0);
             INSERT INTO deck (deck_id, title, origin, content_hash, schedule, synced_at)
                 VALUES ('d', 'D', 'd.toml', 'h', '{}', 0);",
        );
        let day = 86_400_000_i64;
        for n in 0..400_i64 {
            let state = ["new", "learning", "review", "relearning", "review"]
                [usize::try_from(n % 5).expect("small")];
            let due = (state != "new").then_some(n * day / 7 - 3 * day);
            store
                .conn
                .execute(
                    "INSERT INTO card (deck_id, card_id, note_id, position, kind, content, answer)
                     VALUES ('d', ?1, ?1, ?2, 'text', '{}', 'x')",
                    params![format!("c{n}"), n],
                )
                .expect("card");
            store
                .conn
                .execute(
                    "INSERT INTO card_state (profile, deck_id, card_id, note_id, position, present,
                                             state, due, scheduled_days)
                     VALUES ('me', 'd', ?1, ?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        format!("c{n}"),
                        n,
                        i64::from(n % 11 != 0),
                        state,
                        due,
                        n % 60
                    ],
                )
                .expect("state");
            if n % 7 == 0 {
                store
                    .conn
                    .execute(
                        "INSERT INTO card_flag (profile, deck_id, card_id, leech_at, lapses,
                                                suspended_at)
                         VALUES ('me', 'd', ?1, 1, 8, ?2)",
                        params![format!("c{n}"), (n % 2 == 0).then_some(5_i64)],
                    )
                    .expect("flag");
            }
        }
        (store, "d".parse().expect("an id"))
    }

    #[test]
    fn counts_with_the_suspended_taken_out_equal_counts_that_skip_them() {
        let (store, deck) = cards();
        let skip = "card_id NOT IN (SELECT card_id FROM card_flag WHERE profile = 'me'
                    AND deck_id = 'd' AND suspended_at IS NOT NULL)";
        let expected: Vec<(u32, u32)> = store
            .conn
            .prepare(&format!(
                "SELECT scheduled_days, count(*) FROM card_state
                 WHERE profile = 'me' AND deck_id = 'd' AND present = 1 AND state = 'review'
                   AND {skip} GROUP BY scheduled_days ORDER BY scheduled_days"
            ))
            .and_then(|mut stmt| {
                stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect()
            })
            .expect("intervals");
        assert_eq!(store.intervals("me", &deck).expect("intervals"), expected);

        let day = |n: i64| StudyDay {
            start: Timestamp::from_millis(n * 86_400_000),
            end: Timestamp::from_millis((n + 1) * 86_400_000),
        };
        let days: Vec<StudyDay> = (0..30).map(day).collect();
        let due = store.due_per_day("me", &deck, &days).expect("due");
        for (i, (day, count)) in days.iter().zip(&due).enumerate() {
            let start = if i == 0 { i64::MIN } else { day.start.millis() };
            let expected: u32 = store
                .conn
                .query_row(
                    &format!(
                        "SELECT count(*) FROM card_state
                         WHERE profile = 'me' AND deck_id = 'd' AND present = 1
                           AND state IN ('learning', 'relearning', 'review')
                           AND due >= ?1 AND due < ?2 AND {skip}"
                    ),
                    params![start, day.end.millis()],
                    |row| row.get(0),
                )
                .expect("due");
            assert_eq!(*count, expected, "day {i}");
        }

        let now = Timestamp::from_millis(10 * 86_400_000);
        let stats = store
            .deck_stats("me", &deck, now, day(10), &jiff::tz::TimeZone::UTC, 21)
            .expect("stats");
        let expected: (u32, u32, u32, u32, u32) = store
            .conn
            .query_row(
                "WITH suspended AS (SELECT card_id FROM card_flag WHERE profile = 'me'
                                     AND deck_id = 'd' AND suspended_at IS NOT NULL)
                 SELECT sum(state = 'new' AND NOT held),
                        sum(state IN ('learning', 'relearning') AND NOT held),
                        sum(state = 'review' AND scheduled_days < 21 AND NOT held),
                        sum(state = 'review' AND scheduled_days >= 21 AND NOT held),
                        sum(held)
                 FROM (SELECT state, scheduled_days, card_id IN suspended AS held
                       FROM card_state WHERE profile = 'me' AND deck_id = 'd' AND present = 1)",
                [],
                |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                    ))
                },
            )
            .expect("counts");
        assert_eq!(
            (
                stats.new,
                stats.learning,
                stats.young,
                stats.mature,
                stats.suspended
            ),
            expected
        );
        assert!(
            expected.4 > 0 && expected.2 > 0 && expected.3 > 0,
            "{expected:?}"
        );
    }
}
