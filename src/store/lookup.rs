//! Read-only look-ups for shell completion: the decks and card ids the catalog knows, from a
//! database opened read-only (nothing is created, migrated or written, not even the WAL switch),
//! so that pressing Tab never changes anything and never waits for a writer.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{DATABASE_FILE, Result, Store, check_header, classify, read_header};
use crate::deck::DeckId;

/// A deck as the catalog last saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDeck {
    pub id: String,
    pub title: String,
    /// The file it was read from, or `<bundled>/name`.
    pub origin: String,
}

/// A card id of a deck, with the note (`[[card]]`) it comes from: a cloze gap's note differs
/// from its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownCard {
    pub card: String,
    pub note: String,
}

impl Store {
    /// The database in `data_dir` opened read-only, or `None` when there is none (or it is not
    /// one this recall can read). Waits for a writer at most `wait`.
    pub fn open_read_only(data_dir: &Path, wait: Duration) -> Option<Store> {
        let path = data_dir.join(DATABASE_FILE);
        if !path.is_file() {
            return None;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).ok()?;
        conn.busy_timeout(wait).ok()?;
        let header = read_header(&conn).ok()?;
        let version = header.version;
        check_header(&path, header).ok()?;
        // An older schema may lack what the look-ups read: only the current one is used.
        if usize::try_from(version).ok()? != super::MIGRATIONS.len() {
            return None;
        }
        // A database known to be damaged is not read for completions either.
        if path
            .with_extension(format!(
                "{}{}",
                path.extension()
                    .map_or_else(String::new, |e| e.to_string_lossy().into_owned()),
                super::DAMAGE_MARK_SUFFIX
            ))
            .exists()
        {
            return None;
        }
        Some(Store {
            conn,
            path,
            damage: std::cell::RefCell::new(None),
            memo: std::cell::RefCell::new(None),
        })
    }

    /// Every deck in the catalog, by id.
    pub fn known_decks(&self) -> Result<Vec<KnownDeck>> {
        let mut stmt = self
            .conn
            .prepare("SELECT deck_id, title, origin FROM deck ORDER BY deck_id")
            .map_err(|e| classify(e, &self.path))?;
        stmt.query_map([], |row| {
            Ok(KnownDeck {
                id: row.get(0)?,
                title: row.get(1)?,
                origin: row.get(2)?,
            })
        })
        .and_then(Iterator::collect)
        .map_err(|e| classify(e, &self.path))
    }

    /// The present cards of `deck` whose id starts with `prefix`, in deck order, at most
    /// `limit`.
    pub fn known_cards(&self, deck: &DeckId, prefix: &str, limit: u32) -> Result<Vec<KnownCard>> {
        // A range on the primary key instead of LIKE, which would read `_` and `%` as patterns.
        let mut end = prefix.to_owned();
        end.push(char::MAX);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT card_id, note_id FROM card
                 WHERE deck_id = ?1 AND present = 1 AND card_id >= ?2 AND card_id < ?3
                 ORDER BY position, card_id LIMIT ?4",
            )
            .map_err(|e| classify(e, &self.path))?;
        stmt.query_map(rusqlite::params![deck, prefix, end, limit], |row| {
            Ok(KnownCard {
                card: row.get(0)?,
                note: row.get(1)?,
            })
        })
        .and_then(Iterator::collect)
        .map_err(|e| classify(e, &self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::sync::save_parsed;
    use crate::deck::{Origin, load_str};
    use crate::time::Timestamp;

    #[test]
    fn reads_decks_and_cards_without_writing() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        assert!(Store::open_read_only(dir.path(), Duration::ZERO).is_none());
        assert!(
            !dir.path().join(DATABASE_FILE).exists(),
            "looking creates nothing"
        );
        let deck = load_str(
            "[deck]\nid = \"d\"\ntitle = \"Dee\"\n[[card]]\nid = \"b_1\"\nquestion = \"B?\"\nanswer = \"b\"\n[[card]]\nid = \"cz\"\nkind = \"cloze\"\ntext = \"{{x}} and {{y}}\"\n[[card]]\nid = \"bx1\"\nquestion = \"P?\"\nanswer = \"p\"\n",
            Origin::File("d.toml".into()),
        )
        .deck
        .expect("a deck");
        {
            let mut store = Store::open(dir.path()).expect("open");
            let now: Timestamp = "2026-11-30T09:00:00Z".parse().expect("time");
            save_parsed(&mut store, &deck, "d.toml", now).expect("sync");
        }
        let modified = std::fs::metadata(dir.path().join(DATABASE_FILE))
            .and_then(|m| m.modified())
            .expect("mtime");
        let store = Store::open_read_only(dir.path(), Duration::ZERO).expect("readable");
        let decks = store.known_decks().expect("decks");
        assert_eq!(
            decks,
            [KnownDeck {
                id: "d".into(),
                title: "Dee".into(),
                origin: "d.toml".into()
            }]
        );
        let ids = |prefix: &str| -> Vec<(String, String)> {
            store
                .known_cards(&deck.id, prefix, 10)
                .expect("cards")
                .into_iter()
                .map(|c| (c.card, c.note))
                .collect()
        };
        let pair = |card: &str, note: &str| (card.to_owned(), note.to_owned());
        assert_eq!(
            ids(""),
            [
                pair("b_1", "b_1"),
                pair("cz.1", "cz"),
                pair("cz.2", "cz"),
                pair("bx1", "bx1")
            ]
        );
        assert_eq!(ids("b_"), [pair("b_1", "b_1")], "no pattern characters");
        assert_eq!(ids("cz"), [pair("cz.1", "cz"), pair("cz.2", "cz")]);
        assert!(ids("z").is_empty());
        drop(store);
        let after = std::fs::metadata(dir.path().join(DATABASE_FILE))
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(modified, after, "the database was not written");
    }
}
