//! The catalog: decks and cards as last read from their files, so that an unchanged deck is
//! studied straight from the database without re-reading or re-parsing it, and so that a card
//! removed from its deck keeps its history.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction, params};

use super::api::{
    Catalog, DeckContents, DeckRecord, DeckSync, Fingerprint, KindCount, StoredCard, StoredDeck,
    SyncReport,
};
use super::content::{self, CardRow};
use super::queries::to_u32;
use super::{Result, Store};
use crate::deck::{Card, CardId, DeckId};
use crate::text::ContentHasher;
use crate::time::Timestamp;

impl Catalog for Store {
    fn deck_by_file(&self, key: &str, origin: &str) -> Result<Option<StoredDeck>> {
        self.conn
            .prepare_cached(
                "SELECT deck_id, file_size, file_mtime, content_hash, file_key IS NOT NULL
                 FROM deck WHERE file_key = ?1 OR (file_key IS NULL AND origin = ?2)
                 ORDER BY file_key IS NULL, synced_at DESC LIMIT 1",
            )
            .and_then(|mut stmt| {
                stmt.query_row([key, origin], |row| {
                    Ok(StoredDeck {
                        id: row.get(0)?,
                        size: row.get(1)?,
                        mtime_ns: row.get(2)?,
                        hash: row.get(3)?,
                        keyed: row.get(4)?,
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(e))
    }

    fn deck_syncs(&self) -> Result<Vec<(DeckId, u32)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT deck_id, syncs FROM deck ORDER BY deck_id")
            .map_err(|e| self.err(e))?;
        stmt.query_map([], |row| Ok((row.get(0)?, to_u32(row.get(1)?))))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))
    }

    fn deck_record(&self, id: &DeckId) -> Result<Option<DeckRecord>> {
        let row = self
            .conn
            .prepare_cached("SELECT title, origin, schedule, flip FROM deck WHERE deck_id = ?1")
            .and_then(|mut stmt| {
                stmt.query_row([id], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, bool>(3)?,
                    ))
                })
                .optional()
            })
            .map_err(|e| self.err(e))?;
        let Some((title, origin, schedule, flip)) = row else {
            return Ok(None);
        };
        let schedule = self.parse_json(&schedule, format_args!("the schedule of deck `{id}`"))?;
        Ok(Some(DeckRecord {
            id: id.clone(),
            title,
            origin,
            schedule,
            flip,
        }))
    }

    fn touch_decks(&mut self, touched: &[(DeckId, Fingerprint)]) -> Result<()> {
        if touched.is_empty() {
            return Ok(());
        }
        self.derived_write(Parents::Checked, |tx| {
            let mut touch = tx.prepare(
                "UPDATE deck SET origin = ?2, file_size = ?3, file_mtime = ?4, file_key = ?5
                 WHERE deck_id = ?1",
            )?;
            for (id, fingerprint) in touched {
                touch.execute(params![
                    id,
                    fingerprint.origin,
                    fingerprint.size,
                    fingerprint.mtime_ns,
                    fingerprint.key
                ])?;
            }
            Ok(())
        })
    }

    fn sync_deck(&mut self, sync: DeckSync<'_>, now: Timestamp) -> Result<SyncReport> {
        let schedule = self.json(&sync.deck.schedule)?;
        let aliases = self.json(&sync.deck.aliases)?;
        let path = self.path.clone();
        // A deck read for the first time gets rows that refer to the deck row and card rows
        // written just before them, in the same transaction (its related pairs are pairs of
        // its cards, and it has no card to rename): nothing to look up. A later sync moves
        // history between cards, and is checked.
        let parents = if self.deck_is_empty(&sync.deck.id)? {
            Parents::Known
        } else {
            Parents::Checked
        };
        self.derived_write(parents, |tx| {
            write_deck(tx, sync, [&schedule, &aliases], now)
        })
        .map_err(|error| match error {
            // A card that cannot be serialized is reported as stored data would be.
            super::StoreError::Sqlite {
                source: rusqlite::Error::ToSqlConversionFailure(detail),
                ..
            } => super::StoreError::Invalid {
                path,
                detail: detail.to_string(),
            },
            other => other,
        })
    }

    /// Cheap when the profile already follows the deck's current contents.
    fn attach(&mut self, profile: &str, deck: &DeckId, now: Timestamp) -> Result<()> {
        let current: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT d.content_hash, p.content_hash FROM deck d
                 LEFT JOIN profile_deck p ON p.deck_id = d.deck_id AND p.profile = ?1
                 WHERE d.deck_id = ?2",
                params![profile, deck],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((deck_hash, followed)) = current else {
            return Ok(());
        };
        if followed.as_deref() == Some(deck_hash.as_str()) {
            return Ok(());
        }
        self.ensure_profile(profile, now)?;
        // The `profile_deck` row is made from the profile's and the deck's rows, every state
        // row from a card row joined with it, and existing rows only change columns that are
        // no keys: nothing to look up.
        self.derived_write(Parents::Known, |tx| {
            tx.execute(
                "INSERT INTO profile_deck (profile, deck_id, content_hash)
                 SELECT p.name, d.deck_id, ?3 FROM profile p, deck d
                 WHERE p.name = ?1 AND d.deck_id = ?2
                 ON CONFLICT (profile, deck_id) DO UPDATE SET content_hash = excluded.content_hash",
                params![profile, deck, deck_hash],
            )?;
            follow_deck(tx, deck, Some(profile))
        })
    }

    fn card(&self, deck: &DeckId, card: &CardId) -> Result<Option<StoredCard>> {
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT present, answer_changed_at, {} FROM card
                 WHERE deck_id = ?1 AND card_id = ?2",
                content::columns("")
            ))
            .and_then(|mut stmt| {
                stmt.query_row(params![deck, card], |row| {
                    Ok((
                        CardRow::get(row, 2)?,
                        row.get::<_, bool>(0)?,
                        row.get::<_, Option<Timestamp>>(1)?,
                    ))
                })
                .optional()
            })
            .map_err(|e| self.err(e))?;
        row.map(|(content, present, answer_changed_at)| {
            Ok(StoredCard {
                card: self.parse_card(content)?,
                present,
                answer_changed_at,
            })
        })
        .transpose()
    }

    fn deck_cards(&self, deck: &DeckId) -> Result<Vec<Card>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {} FROM card WHERE deck_id = ?1 AND present = 1 ORDER BY position",
                content::columns("")
            ))
            .map_err(|e| self.err(e))?;
        let rows: Vec<CardRow> = stmt
            .query_map([deck], |row| CardRow::get(row, 0))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        rows.into_iter().map(|row| self.parse_card(row)).collect()
    }

    fn is_other_answer(&self, deck: &DeckId, normalized: &str, except: &CardId) -> Result<bool> {
        self.conn
            .prepare_cached(
                "SELECT 1 FROM answer_form f JOIN card c USING (deck_id, card_id)
                 WHERE f.deck_id = ?1 AND f.form = ?2 AND f.card_id != ?3 AND c.present = 1
                 LIMIT 1",
            )
            .and_then(|mut stmt| stmt.exists(params![deck, normalized, except]))
            .map_err(|e| self.err(e))
    }

    fn deck_contents(&self, deck: &DeckId) -> Result<Option<DeckContents>> {
        // One read transaction, so that the hash, the cards and the aliases are of one sync.
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let row: Option<(String, Option<String>)> = tx
            .query_row(
                "SELECT content_hash, aliases FROM deck WHERE deck_id = ?1",
                [deck],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((content_hash, aliases)) = row else {
            return Ok(None);
        };
        let aliases = match aliases {
            Some(json) => self.parse_json(&json, format_args!("the aliases of deck `{deck}`"))?,
            None => Vec::new(),
        };
        let cards = self.deck_cards(deck)?;
        tx.finish().map_err(|e| self.err(e))?;
        Ok(Some(DeckContents {
            content_hash,
            cards,
            aliases,
        }))
    }

    fn deck_cache(&self, deck: &DeckId, format: &str) -> Result<Option<Vec<u8>>> {
        self.conn
            .prepare_cached(
                "SELECT c.data FROM deck_cache c JOIN deck d
                     ON d.deck_id = c.deck_id AND d.content_hash = c.content_hash
                 WHERE c.deck_id = ?1 AND c.format = ?2",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![deck, format], |row| row.get(0))
                    .optional()
            })
            .map_err(|e| self.err(e))
    }

    fn save_deck_cache(
        &mut self,
        deck: &DeckId,
        format: &str,
        content_hash: &str,
        data: &[u8],
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO deck_cache (deck_id, format, content_hash, data)
                 SELECT deck_id, ?2, ?3, ?4 FROM deck WHERE deck_id = ?1
                 ON CONFLICT (deck_id) DO UPDATE SET format = excluded.format,
                     content_hash = excluded.content_hash, data = excluded.data",
                params![deck, format, content_hash, data],
            )
        })?;
        Ok(())
    }

    fn kind_counts(&self, deck: &DeckId) -> Result<Vec<KindCount>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT kind, count(DISTINCT note_id), count(*) FROM card
                 WHERE deck_id = ?1 AND present = 1 GROUP BY kind ORDER BY kind",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([deck], |row| {
            Ok(KindCount {
                kind: row.get(0)?,
                notes: to_u32(row.get(1)?),
                cards: to_u32(row.get(2)?),
            })
        })
        .and_then(Iterator::collect)
        .map_err(|e| self.err(e))
    }

    fn answers_when_last_reviewed(&self, deck: &DeckId) -> Result<HashMap<CardId, String>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                // SQLite takes the bare column `expected` from the row holding max(id); the
                // covering `review_expected` index holds the deck's answers by card, in order.
                "SELECT card_id, expected, max(id) FROM review INDEXED BY review_expected
                 WHERE deck_id = ?1 AND undone_at IS NULL GROUP BY card_id",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([deck], |row| Ok((row.get(0)?, row.get(1)?)))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))
    }
}

impl Store {
    /// A card from its row ([`content::columns`]).
    pub(super) fn parse_card(&self, row: CardRow) -> Result<Card> {
        row.card().map_err(|e| super::StoreError::Invalid {
            path: self.path.clone(),
            detail: format!("a stored card: {e}"),
        })
    }

    /// Runs a write of what is derived from deck files alone (cards, fingerprints, new state
    /// rows) with `synchronous = NORMAL`, then restores the connection's level. It is as atomic
    /// as any write, and a crash of the process loses nothing committed; only a power loss
    /// right after it may lose it, and the next start then reads the deck files again (their
    /// fingerprints are part of what is lost). The first write with the usual level after it
    /// (an answer) makes it durable too. This spares a sync of the log per deck file: a
    /// collection's first reading or an edit of every deck file costs one or two instead of
    /// one per file.
    ///
    /// With [`Parents::Known`] the write's foreign keys are not looked up either: only for
    /// writes whose every row refers to rows the same write (or an earlier one) made, by
    /// construction. Looking up each new row's parents is a search of the parent's key per
    /// row, a seventh of a collection's first reading.
    fn derived_write<T>(
        &mut self,
        parents: Parents,
        work: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let level: i64 = self
            .conn
            .pragma_query_value(None, "synchronous", |row| row.get(0))
            .map_err(|e| self.err(e))?;
        self.conn
            .pragma_update(None, "synchronous", 1)
            .map_err(|e| self.err(e))?;
        // Set outside the transaction: SQLite ignores the setting inside one.
        let unchecked = parents == Parents::Known;
        let switched = if unchecked {
            self.conn.pragma_update(None, "foreign_keys", false)
        } else {
            Ok(())
        };
        let written = match switched {
            Ok(()) => self.write(work),
            Err(error) => Err(self.err(error)),
        };
        // Restored before anything else is written, whatever the outcome.
        let restored = if unchecked {
            self.conn.pragma_update(None, "foreign_keys", true)
        } else {
            Ok(())
        };
        self.conn
            .pragma_update(None, "synchronous", level)
            .map_err(|e| self.err(e))?;
        restored.map_err(|e| self.err(e))?;
        written
    }

    /// Whether the catalog holds no card of `deck` (a deck read for the first time).
    fn deck_is_empty(&self, deck: &DeckId) -> Result<bool> {
        self.conn
            .prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM card WHERE deck_id = ?1)")
            .and_then(|mut stmt| stmt.query_row([deck], |row| row.get(0)))
            .map_err(|e| self.err(e))
    }
}

/// Whether a derived write has the foreign keys of its rows looked up
/// ([`Store::derived_write`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parents {
    /// Looked up, as for any write.
    Checked,
    /// Not looked up: every row the write adds refers to rows known to exist.
    Known,
}

/// A hash of what the catalog holds of a card besides its id and place in the deck (its
/// position and line): every other field, each one's length first, so that text moving from
/// one field to the next changes it. A sync rewrites a card whose hash changed, and only moves
/// one whose place alone changed. Worked out from the fields, not from the card's JSON, so that
/// an unchanged card costs no serializing. (A card saved with the hash of its JSON, before,
/// is rewritten once.)
fn card_hash(card: &Card) -> i64 {
    fn text(hasher: &mut ContentHasher, text: &str) {
        hasher.update(&(text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    fn list(hasher: &mut ContentHasher, items: &[String]) {
        hasher.update(&(items.len() as u64).to_le_bytes());
        for item in items {
            text(hasher, item);
        }
    }
    fn optional(hasher: &mut ContentHasher, value: Option<&str>) {
        match value {
            None => hasher.update(&[0]),
            Some(value) => {
                hasher.update(&[1]);
                text(hasher, value);
            }
        }
    }
    // Every field named: a new one cannot be left out of the hash unnoticed.
    let Card {
        id: _,
        note,
        kind,
        question,
        answer,
        accept,
        choices,
        tolerance,
        hint,
        explain,
        source,
        tags,
        person,
        known_as,
        line: _,
    } = card;
    let mut hasher = ContentHasher::new();
    hasher.update(b"recall card 2\0");
    text(&mut hasher, note.as_str());
    text(&mut hasher, kind.as_str());
    text(&mut hasher, question);
    text(&mut hasher, answer);
    list(&mut hasher, accept);
    list(&mut hasher, choices);
    match tolerance {
        None => hasher.update(&[0]),
        Some(tolerance) => {
            hasher.update(&[1]);
            hasher.update(&tolerance.to_bits().to_le_bytes());
        }
    }
    optional(&mut hasher, hint.as_deref());
    optional(&mut hasher, explain.as_deref());
    optional(&mut hasher, source.as_deref());
    list(&mut hasher, tags);
    hasher.update(&[match person {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    }]);
    list(&mut hasher, known_as);
    super::u64_to_sql(hasher.finish())
}

/// How many rows [`insert_many`] writes with one statement.
pub(super) const BATCH: usize = 128;

/// Inserts `rows`, [`BATCH`] to a statement: `head` is the statement up to `VALUES`, `row` one
/// row's placeholders (`(?, ?, 1, ?)`), and `bind` binds one row's values from the given
/// parameter on. One statement keeps its B-tree cursors from row to row: rows in the order
/// of a table's key are then each written next to the last, where a statement per row searches
/// every table and index from its root for each one (most of a first reading's time in
/// `SQLite`). A full batch's statement is kept for the next deck; the shorter last one is not.
fn insert_many<T>(
    tx: &Transaction<'_>,
    head: &str,
    row: &str,
    rows: &[T],
    bind: impl Fn(&mut rusqlite::Statement<'_>, usize, &T) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let per_row = row.matches('?').count();
    let sql = |rows: usize| {
        let mut sql = String::with_capacity(head.len() + rows * (row.len() + 1));
        sql.push_str(head);
        for at in 0..rows {
            if at > 0 {
                sql.push(',');
            }
            sql.push_str(row);
        }
        sql
    };
    let run = |stmt: &mut rusqlite::Statement<'_>, chunk: &[T]| {
        for (at, item) in chunk.iter().enumerate() {
            bind(stmt, at * per_row + 1, item)?;
        }
        stmt.raw_execute().map(drop)
    };
    for chunk in rows.chunks(BATCH) {
        if chunk.len() == BATCH {
            run(&mut *tx.prepare_cached(&sql(BATCH))?, chunk)?;
        } else {
            // Not cached: a one-off length would push a full batch's statement out.
            run(&mut tx.prepare(&sql(chunk.len()))?, chunk)?;
        }
    }
    Ok(())
}

/// A card new to the catalog, waiting for its batch ([`insert_cards`]).
struct NewCard {
    card: Card,
    position: i64,
    hash: i64,
    /// Its content ([`content::write`]).
    content: String,
}

/// Inserts new cards of `deck` ([`insert_many`]), then, with `follow` (the deck's statement
/// that brings profiles following the deck along), their state rows.
fn insert_cards(
    tx: &Transaction<'_>,
    deck: &DeckId,
    cards: &[NewCard],
    follow: Option<&mut rusqlite::Statement<'_>>,
) -> rusqlite::Result<()> {
    insert_many(
        tx,
        "INSERT INTO card (deck_id, card_id, note_id, position, kind, content, answer, present,
                           content_hash, line) VALUES ",
        "(?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        cards,
        |stmt, at, new| {
            stmt.raw_bind_parameter(at, deck)?;
            stmt.raw_bind_parameter(at + 1, &new.card.id)?;
            stmt.raw_bind_parameter(at + 2, &new.card.note)?;
            stmt.raw_bind_parameter(at + 3, new.position)?;
            stmt.raw_bind_parameter(at + 4, new.card.kind.as_str())?;
            stmt.raw_bind_parameter(at + 5, &new.content)?;
            stmt.raw_bind_parameter(at + 6, &new.card.answer)?;
            stmt.raw_bind_parameter(at + 7, new.hash)?;
            stmt.raw_bind_parameter(at + 8, i64::from(new.card.line))
        },
    )?;
    if let Some(follow) = follow {
        for new in cards {
            follow.execute(params![deck, new.card.id, new.card.note, new.position])?;
        }
    }
    Ok(())
}

/// A card whose content could not be written, as rusqlite words a value it cannot bind.
fn unserializable(error: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(error))
}

/// A card as the catalog had it before a sync.
struct Existing {
    answer: String,
    present: bool,
    position: i64,
    /// `None` for a card saved before lines had a column.
    line: Option<i64>,
    /// `None` for a card saved before cards had hashes: it is rewritten once.
    hash: Option<i64>,
}

/// The rows of one deck sync (see [`Catalog::sync_deck`]): only the cards whose hash differs
/// from the catalog's are written, with their answer forms and their rows in `card_state`; a
/// card that only moved in the deck gets its new place. `json` holds the deck's schedule and
/// aliases as JSON.
fn write_deck(
    tx: &Transaction<'_>,
    sync: DeckSync<'_>,
    json: [&str; 2],
    now: Timestamp,
) -> rusqlite::Result<SyncReport> {
    let [schedule, aliases] = json;
    let DeckSync {
        deck,
        fingerprint,
        answer_forms,
        renames: candidates,
        links,
    } = sync;
    tx.execute(
        "INSERT INTO deck (deck_id, title, origin, content_hash, file_size, file_mtime,
                           schedule, flip, synced_at, aliases, file_key, syncs)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1)
         ON CONFLICT (deck_id) DO UPDATE SET
             title = excluded.title, origin = excluded.origin,
             content_hash = excluded.content_hash, file_size = excluded.file_size,
             file_mtime = excluded.file_mtime, schedule = excluded.schedule,
             flip = excluded.flip, synced_at = excluded.synced_at, aliases = excluded.aliases,
             file_key = excluded.file_key, syncs = syncs + 1",
        params![
            deck.id,
            deck.title,
            fingerprint.origin,
            fingerprint.hash,
            fingerprint.size,
            fingerprint.mtime_ns,
            schedule,
            deck.flip,
            now,
            aliases,
            fingerprint.key
        ],
    )?;
    // What was derived from the old contents is of no more use.
    tx.execute(
        "DELETE FROM deck_cache WHERE deck_id = ?1 AND content_hash != ?2",
        params![deck.id, fingerprint.hash],
    )?;

    let mut existing: HashMap<String, Existing> = HashMap::new();
    {
        let mut stmt = tx.prepare(
            "SELECT card_id, answer, present, position, line, content_hash FROM card
             WHERE deck_id = ?1",
        )?;
        let rows = stmt.query_map([&deck.id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                Existing {
                    answer: row.get(1)?,
                    present: row.get(2)?,
                    position: row.get(3)?,
                    line: row.get(4)?,
                    hash: row.get(5)?,
                },
            ))
        })?;
        for row in rows {
            let (id, value) = row?;
            existing.insert(id, value);
        }
    }

    // Without a profile following the deck (its first reading: the profile follows it after
    // the sync) the statements that bring state rows along would find no profile, card by card.
    let followed: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM profile_deck WHERE deck_id = ?1)")?
        .query_row([&deck.id], |row| row.get(0))?;

    let mut report = SyncReport::default();
    // Cards of the deck new to the catalog, for the rename rule below.
    let mut added: HashSet<CardId> = HashSet::new();
    {
        // New cards are inserted many to a statement ([`insert_many`]), the batch written when
        // it is full and at the end; their state rows (for profiles already following the deck)
        // after them, as a state row refers to its card's.
        let mut fresh: Vec<NewCard> = Vec::with_capacity(BATCH);
        let mut update = tx.prepare(
            "UPDATE card SET note_id = ?3, position = ?4, kind = ?5, content = ?6,
                     answer = ?7, present = 1, content_hash = ?8, line = ?10,
                     answer_changed_at = CASE WHEN answer != ?7 THEN ?9
                                              ELSE answer_changed_at END
             WHERE deck_id = ?1 AND card_id = ?2",
        )?;
        // The line is read from its column (see `content`), so the content stays as it is.
        let mut place = tx.prepare(
            "UPDATE card SET position = ?3, line = ?4 WHERE deck_id = ?1 AND card_id = ?2",
        )?;
        // The forms of the cards rewritten or removed are cleared all at once, after the loop
        // (one pass over the deck's forms: by card, each would be a pass of its own, as the
        // forms are kept by deck and form), and the new ones written after that.
        let mut cleared: Vec<String> = Vec::new();
        let mut new_forms: Vec<(String, CardId)> = Vec::new();
        // Profiles following the deck follow the card: a new state row, or the current
        // place, presence and note on the existing one.
        let mut follow = tx.prepare(
            "INSERT INTO card_state (profile, deck_id, card_id, note_id, position, present,
                                     state)
             SELECT profile, ?1, ?2, ?3, ?4, 1, 'new' FROM profile_deck WHERE deck_id = ?1
             ON CONFLICT (profile, deck_id, card_id) DO UPDATE SET
                 note_id = excluded.note_id, position = excluded.position, present = 1",
        )?;
        let mut follow_place = tx.prepare(
            "UPDATE card_state SET position = ?3
             WHERE profile IN (SELECT profile FROM profile_deck WHERE deck_id = ?1)
               AND deck_id = ?1 AND card_id = ?2",
        )?;
        // Only a deck that had cards can have a card renamed (see `renames` below).
        let renaming = !existing.is_empty();
        for (position, card) in deck.cards().enumerate() {
            let position = i64::try_from(position).unwrap_or(i64::MAX);
            let hash = card_hash(&card);
            let line = i64::from(card.line);
            let before = existing.remove(card.id.as_str());
            match &before {
                Some(before) if before.present && before.hash == Some(hash) => {
                    if (before.position, before.line) != (position, Some(line)) {
                        place.execute(params![deck.id, card.id, position, line])?;
                        report.moved += 1;
                    }
                    if followed && before.position != position {
                        follow_place.execute(params![deck.id, card.id, position])?;
                    }
                    continue;
                }
                None => {
                    report.added += 1;
                    report.written += 1;
                    if renaming {
                        added.insert(card.id.clone());
                    }
                    new_forms.extend(
                        answer_forms(&card)
                            .into_iter()
                            .map(|f| (f, card.id.clone())),
                    );
                    let content = content::write(&card).map_err(unserializable)?;
                    fresh.push(NewCard {
                        card,
                        position,
                        hash,
                        content,
                    });
                    if fresh.len() == BATCH {
                        insert_cards(tx, &deck.id, &fresh, followed.then_some(&mut follow))?;
                        fresh.clear();
                    }
                    continue;
                }
                Some(before) => {
                    update.execute(params![
                        deck.id,
                        card.id,
                        card.note,
                        position,
                        card.kind.as_str(),
                        content::write(&card).map_err(unserializable)?,
                        card.answer,
                        hash,
                        now,
                        line
                    ])?;
                    if before.answer != card.answer {
                        report.changed_answers.push(card.id.clone());
                    }
                    cleared.push(card.id.to_string());
                    new_forms.extend(
                        answer_forms(&card)
                            .into_iter()
                            .map(|f| (f, card.id.clone())),
                    );
                }
            }
            report.written += 1;
            if followed {
                follow.execute(params![deck.id, card.id, card.note, position])?;
            }
        }
        insert_cards(tx, &deck.id, &fresh, followed.then_some(&mut follow))?;
        drop(fresh);
        // What is left of `existing` is gone from the deck.
        let mut remove =
            tx.prepare("UPDATE card SET present = 0 WHERE deck_id = ?1 AND card_id = ?2")?;
        let mut unfollow = tx.prepare(
            "UPDATE card_state SET present = 0
             WHERE profile IN (SELECT profile FROM profile_deck WHERE deck_id = ?1)
               AND deck_id = ?1 AND card_id = ?2",
        )?;
        for (card_id, before) in &existing {
            if before.present {
                remove.execute(params![deck.id, card_id])?;
                cleared.push(card_id.clone());
                if followed {
                    unfollow.execute(params![deck.id, card_id])?;
                }
                report.removed += 1;
            }
        }
        if !cleared.is_empty() {
            let cleared = serde_json::to_string(&cleared)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            // The list is read once, into a temporary index, not once per row.
            tx.execute(
                "DELETE FROM answer_form
                 WHERE deck_id = ?1 AND card_id IN (SELECT value FROM json_each(?2))",
                params![deck.id, cleared],
            )?;
        }
        // In the index's order: each statement then appends to the deck's forms (the B-tree
        // cursor stays at its end) rather than searching for each form's place from the root.
        new_forms.sort_unstable();
        new_forms.dedup();
        insert_many(
            tx,
            "INSERT OR IGNORE INTO answer_form (deck_id, form, card_id) VALUES ",
            "(?, ?, ?)",
            &new_forms,
            |stmt, at, (normalized, card)| {
                stmt.raw_bind_parameter(at, &deck.id)?;
                stmt.raw_bind_parameter(at + 1, normalized)?;
                stmt.raw_bind_parameter(at + 2, card)
            },
        )?;
    }
    // History moves from a card gone from the deck to a new one (the caller says which): only
    // possible when the sync both added and removed cards.
    let renames: Vec<(String, String)> = if added.is_empty() || report.removed == 0 {
        Vec::new()
    } else {
        candidates()
            .into_iter()
            .filter(|rename| {
                existing
                    .get(rename.from.as_str())
                    .is_some_and(|before| before.present)
                    && added.contains(&rename.to)
            })
            .map(|rename| (rename.from.to_string(), rename.to.to_string()))
            .collect()
    };
    // All the renames in one statement per table, as a JSON object from old id to new (the
    // first rename of an old id wins, as when they ran one by one). Every review and
    // card_state row's profile is in `profile` (a foreign key): naming the profiles lets their
    // (profile, deck_id, card_id, ...) indexes find the rows. drill_answer has no such index
    // and is read once.
    let mut moves = serde_json::Map::new();
    for (old, new) in &renames {
        moves
            .entry(old.as_str())
            .or_insert_with(|| new.as_str().into());
    }
    if !moves.is_empty() {
        let moves = serde_json::Value::Object(moves).to_string();
        // The new card's fresh state row gives way to the history's.
        tx.execute(
            "DELETE FROM card_state
             WHERE profile IN (SELECT name FROM profile) AND deck_id = ?1
               AND card_id IN (SELECT value FROM json_each(?2))",
            params![deck.id, moves],
        )?;
        for (table, scope) in [
            ("review", "profile IN (SELECT name FROM profile) AND "),
            ("card_state", "profile IN (SELECT name FROM profile) AND "),
            ("drill_answer", ""),
        ] {
            tx.execute(
                &format!(
                    "UPDATE {table}
                     SET card_id = (SELECT value FROM json_each(?2) WHERE key = {table}.card_id)
                     WHERE {scope}deck_id = ?1 AND card_id IN (SELECT key FROM json_each(?2))"
                ),
                params![deck.id, moves],
            )?;
        }
        // The moved state rows take the new card's place in the deck.
        follow_deck(tx, &deck.id, None)?;
    }
    report.kept_history = renames.len();
    write_links(tx, &deck.id, links)?;
    tx.execute(
        "UPDATE profile_deck SET content_hash = ?2 WHERE deck_id = ?1",
        params![deck.id, fingerprint.hash],
    )?;
    Ok(report)
}

/// Brings the deck's related pairs (stored both ways round) in line with `links`, writing only
/// the pairs that came or went.
fn write_links(
    tx: &Transaction<'_>,
    deck: &DeckId,
    links: &[(CardId, CardId)],
) -> rusqlite::Result<()> {
    let wanted: HashSet<(&str, &str)> = links
        .iter()
        .filter(|(a, b)| a != b)
        .flat_map(|(a, b)| [(a.as_str(), b.as_str()), (b.as_str(), a.as_str())])
        .collect();
    let mut stored: HashSet<(String, String)> = HashSet::new();
    {
        let mut stmt = tx.prepare("SELECT card_id, other_id FROM card_link WHERE deck_id = ?1")?;
        let rows = stmt.query_map([deck], |row| Ok((row.get(0)?, row.get(1)?)))?;
        for row in rows {
            stored.insert(row?);
        }
    }
    let mut unlink =
        tx.prepare("DELETE FROM card_link WHERE deck_id = ?1 AND card_id = ?2 AND other_id = ?3")?;
    for (a, b) in &stored {
        if !wanted.contains(&(a.as_str(), b.as_str())) {
            unlink.execute(params![deck, a, b])?;
        }
    }
    // The new pairs in the table's order, many to a statement ([`insert_many`]).
    let mut new: Vec<(&str, &str)> = wanted
        .into_iter()
        .filter(|&(a, b)| stored.is_empty() || !stored.contains(&(a.to_owned(), b.to_owned())))
        .collect();
    new.sort_unstable();
    insert_many(
        tx,
        "INSERT OR IGNORE INTO card_link (deck_id, card_id, other_id) VALUES ",
        "(?, ?, ?)",
        &new,
        |stmt, at, (a, b)| {
            stmt.raw_bind_parameter(at, deck)?;
            stmt.raw_bind_parameter(at + 1, a)?;
            stmt.raw_bind_parameter(at + 2, b)
        },
    )
}

/// Brings card states in line with the catalog's cards of `deck`, for `profile` or (`None`)
/// every profile: state rows for cards new to a profile following the deck (in
/// `profile_deck`), and the current position, presence and note on existing rows.
fn follow_deck(tx: &Transaction<'_>, deck: &DeckId, profile: Option<&str>) -> rusqlite::Result<()> {
    // With no state row of the deck for these profiles yet (a deck followed for the first
    // time), every row is inserted below with the card's place, presence and note: the update
    // after it, a pass over all the rows, would change none.
    let had_rows: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM card_state
                        WHERE profile IN (SELECT name FROM profile WHERE ?2 IS NULL OR name = ?2)
                          AND deck_id = ?1)",
        params![deck, profile],
        |row| row.get(0),
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO card_state (profile, deck_id, card_id, note_id, position,
                                           present, state)
         SELECT p.profile, c.deck_id, c.card_id, c.note_id, c.position, c.present, 'new'
         FROM card c JOIN profile_deck p ON p.deck_id = c.deck_id
         WHERE c.deck_id = ?1 AND (?2 IS NULL OR p.profile = ?2)",
        params![deck, profile],
    )?;
    if !had_rows {
        return Ok(());
    }
    // Every card_state row's profile is in `profile` (a foreign key), so naming the profiles
    // lets the primary key (profile, deck_id, card_id) find the deck's rows without reading
    // the others; rows already up to date are left alone.
    tx.execute(
        "UPDATE card_state SET position = c.position, present = c.present, note_id = c.note_id
         FROM card c
         WHERE card_state.profile IN (SELECT name FROM profile WHERE ?2 IS NULL OR name = ?2)
           AND card_state.deck_id = ?1
           AND c.deck_id = card_state.deck_id AND c.card_id = card_state.card_id
           AND (card_state.position, card_state.present, card_state.note_id)
               IS NOT (c.position, c.present, c.note_id)",
        params![deck, profile],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Kind;

    /// A named change to a card.
    type Change = (&'static str, fn(&mut Card));

    fn card() -> Card {
        Card {
            id: "a".parse().expect("an id"),
            note: "a".parse().expect("an id"),
            kind: Kind::ALL[0],
            question: "Which year?".into(),
            answer: "1955".into(),
            accept: vec!["55".into()],
            choices: Vec::new(),
            tolerance: None,
            hint: None,
            explain: Some("Because.".into()),
            source: None,
            tags: vec!["t".into()],
            person: None,
            known_as: Vec::new(),
            line: 3,
        }
    }

    /// The rule that decides which cards a sync rewrites: any change of what is stored of a
    /// card besides its id and place changes its hash, and its place alone does not.
    #[test]
    fn a_card_hash_changes_with_its_contents_and_not_with_its_place() {
        let base = card_hash(&card());
        let same: [Change; 2] = [
            ("line", |c| c.line = 40),
            ("id (the row's key)", |c| c.id = "b".parse().expect("an id")),
        ];
        for (name, change) in same {
            let mut changed = card();
            change(&mut changed);
            assert_eq!(card_hash(&changed), base, "{name}");
        }
        let different: [Change; 15] = [
            ("note", |c| c.note = "n".parse().expect("an id")),
            ("kind", |c| c.kind = Kind::ALL[1]),
            ("question", |c| c.question.push('!')),
            ("answer", |c| c.answer = "1956".into()),
            ("accept", |c| c.accept.push("fifty-five".into())),
            ("choices", |c| c.choices.push("1955".into())),
            ("tolerance", |c| c.tolerance = Some(0.5)),
            ("hint", |c| c.hint = Some(String::new())),
            ("explain", |c| c.explain = None),
            ("source", |c| c.source = Some("Book".into())),
            ("tags", |c| c.tags.clear()),
            ("person", |c| c.person = Some(false)),
            ("known_as", |c| c.known_as.push("Zia".into())),
            // Text moved from one field to the next.
            ("question into answer", |c| {
                c.question = "Which year".into();
                c.answer = "?1955".into();
            }),
            ("one accepted form split in two", |c| {
                c.accept = vec!["5".into(), "5".into()];
            }),
        ];
        let mut seen = std::collections::HashSet::from([base]);
        for (name, change) in different {
            let mut changed = card();
            change(&mut changed);
            assert!(seen.insert(card_hash(&changed)), "{name}");
        }
    }
}
