//! Persistence: one `SQLite` database per data directory (rusqlite, bundled `SQLite`), schema in
//! `schema.sql`, versioned migrations by `PRAGMA user_version`, WAL mode (the log kept between
//! processes, checkpointed by size) and a busy timeout so two recall processes on one database
//! wait for each other instead of failing.
//!
//! Every answer is committed in its own transaction before the caller moves on. The store knows
//! deck and card ids, scheduler types and time; it never parses deck files, grades or prints,
//! and computes no policy. What it offers is grouped by role in the traits of [`api`], which a
//! second engine would implement too.

pub mod api;
mod catalog;
mod content;
mod drills;
mod limits;
mod log;
mod lookup;
mod memory;
mod queries;
mod totals;
mod upkeep;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use api::{
    AttemptEnd, AttemptFilter, AttemptId, AttemptRow, Catalog, Charts, Commit, DayActivity,
    DeckContents, DeckCounts, DeckRecord, DeckStats, DeckSync, Divergence, DoneToday,
    DrillAnswerRow, Drills, ExtraLimits, Fingerprint, Fitting, Flag, FlaggedCard, HistoryEntry,
    ImportedCard, ImportedCounts, KindCount, Leeches, Mark, NewCardFacts, NewParameters,
    QueueCandidates, QueueEntry, QueueRequest, Queues, Rename, ReviewId, ReviewRecord, Reviews,
    SavedParameters, SessionCard, SessionId, Snapshot, Stats, Storage, StoredCard, StoredDeck,
    StudyAnswer, SyncReport, Unanswered, Upkeep,
};

pub use lookup::{KnownCard, KnownDeck};

use crate::deck::{CardId, DeckId, Kind};
use crate::scheduler::{Purpose, Rating, State};
use crate::time::Timestamp;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "recall.sqlite3";

/// Marks the file as recall's (`PRAGMA application_id`), "RCLL".
const APPLICATION_ID: i32 = 0x5243_4c4c;

/// One step of the schema: applying it takes `user_version` up by one.
#[derive(Clone, Copy)]
enum Migration {
    /// A script.
    Sql(&'static str),
    /// A script, then code for what SQL alone cannot do (rebuilding a table to change a CHECK
    /// constraint: the code reads the table's current definition).
    SqlThen(
        &'static str,
        fn(&rusqlite::Transaction<'_>) -> Result<(), MigrationError>,
    ),
}

/// Why a migration's code stopped.
#[derive(Debug)]
enum MigrationError {
    Sql(rusqlite::Error),
    /// The database is not as the migration expects it; what is wrong, for people.
    Unexpected(String),
}

impl From<rusqlite::Error> for MigrationError {
    fn from(error: rusqlite::Error) -> Self {
        MigrationError::Sql(error)
    }
}

/// The schema, one entry per version: applying entry `n` takes `user_version` from `n` to `n + 1`.
const MIGRATIONS: &[Migration] = &[
    Migration::Sql(include_str!("schema.sql")),
    Migration::Sql(include_str!("migrations/0002_drills.sql")),
    Migration::SqlThen(
        include_str!("migrations/0003_grading.sql"),
        migrate_close_verdict,
    ),
    Migration::Sql(include_str!("migrations/0004_memory.sql")),
    Migration::Sql(include_str!("migrations/0005_related.sql")),
    Migration::Sql(include_str!("migrations/0006_sync.sql")),
    Migration::Sql(include_str!("migrations/0007_extra_limits.sql")),
    Migration::Sql(include_str!("migrations/0008_review_totals.sql")),
    Migration::Sql(include_str!("migrations/0009_queue_indexes.sql")),
    Migration::Sql(include_str!("migrations/0010_review_hours.sql")),
    Migration::Sql(include_str!("migrations/0011_review_expected.sql")),
    Migration::Sql(include_str!("migrations/0012_new_cards_apart.sql")),
    Migration::Sql(include_str!("migrations/0013_lean_cards.sql")),
];

/// The review log's `verdict` CHECK as schema version 1 wrote it, and as it reads with `close`.
const VERDICT_CHECK: (&str, &str) = (
    "CHECK (verdict IN ('right', 'typo', 'wrong'))",
    "CHECK (verdict IN ('right', 'typo', 'wrong', 'close'))",
);

/// Lets the review log keep the `close` verdict. `SQLite` cannot alter a CHECK constraint, so the
/// table is rebuilt as its documentation describes: a new table from the current definition
/// (whatever columns earlier migrations added) with the constraint changed, every row copied
/// with its id, the old table dropped, the new one renamed, and the old indexes and triggers
/// created again from their own SQL. Foreign keys are off while migrations run and checked
/// before they commit.
fn migrate_close_verdict(tx: &rusqlite::Transaction<'_>) -> Result<(), MigrationError> {
    let definition: String = tx.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'review'",
        [],
        |row| row.get(0),
    )?;
    let (old, new) = VERDICT_CHECK;
    if !definition.contains(old) {
        return Err(MigrationError::Unexpected(format!(
            "the review table's verdict constraint is not the expected `{old}`"
        )));
    }
    // The columns and constraints, after `CREATE TABLE review` (or `"review"`, once renamed).
    let Some(open) = definition.find('(') else {
        return Err(MigrationError::Unexpected(
            "the review table's definition has no columns".into(),
        ));
    };
    let rest = &definition[open..];
    let companions: Vec<String> = {
        let mut stmt = tx.prepare(
            "SELECT sql FROM sqlite_schema
             WHERE tbl_name = 'review' AND type IN ('index', 'trigger') AND sql IS NOT NULL
             ORDER BY rowid",
        )?;
        stmt.query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    tx.execute_batch(&format!(
        "CREATE TABLE review_rebuilt {};
         INSERT INTO review_rebuilt SELECT * FROM review;
         DROP TABLE review;
         ALTER TABLE review_rebuilt RENAME TO review;",
        rest.replace(old, new)
    ))?;
    for sql in companions {
        tx.execute_batch(&sql)?;
    }
    let orphans = tx
        .prepare("PRAGMA foreign_key_check(review)")
        .and_then(|mut stmt| stmt.exists([]))?;
    if orphans {
        return Err(MigrationError::Unexpected(
            "the review log has answers whose card, profile or session is missing".into(),
        ));
    }
    Ok(())
}

/// Inside one process, the write-ahead log is checkpointed into the database by the commit that
/// takes it past this many pages (4 KiB each, 16 MB): a bound for long sessions and large syncs.
const WAL_CHECKPOINT_PAGES: u32 = 4096;

/// A recall closing the database folds the log into it and empties it (a `TRUNCATE` checkpoint)
/// once it holds more than this many bytes: every few dozen answers. Below it the log is left
/// as it is for the next process, which reads it to index it when it opens the database (so it
/// must stay small), and which could not tell which of its frames a checkpoint already copied.
const WAL_CLOSE_CHECKPOINT_BYTES: u64 = 1024 * 1024;

/// After a checkpoint has emptied it, a log grown larger than this (by a large sync) is cut
/// back to it, in bytes.
const WAL_SIZE_LIMIT: u64 = 8 * 1024 * 1024;

/// How long a write waits for another recall process holding the database.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Problems with the database, worded for the person who has to fix them.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data directory {}: {source}", path.display())]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} is not a recall database (or is corrupt); move it aside and recall will start a new one, \
         or pass --data-dir to use another directory",
        path.display()
    )]
    NotRecall { path: PathBuf },
    #[error(
        "{} is another program's SQLite database ({reason}); recall leaves it untouched and adds \
         nothing to it: pass --data-dir (or set RECALL_DATA_DIR) to keep recall's data elsewhere, \
         or move the file away",
        path.display()
    )]
    Foreign { path: PathBuf, reason: String },
    #[error(
        "the database {} is corrupt ({detail}); move it aside (recall starts a new one) or repair it with `sqlite3 .recover`",
        path.display()
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "the database {} is damaged ({detail}); recall writes nothing more to it, so that nothing \
         more is lost, until it is repaired: `sqlite3 {} .recover | sqlite3 repaired.sqlite3`, \
         then put repaired.sqlite3 in its place (or move the damaged file aside and recall \
         starts a new one)",
        path.display(),
        path.display()
    )]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "cannot write to the database {}: it is read-only; check its permissions or pass --data-dir",
        path.display()
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "the database {} was written by a newer recall (schema version {found}, this recall knows {known}); upgrade recall",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error(
        "the database {} is busy: another recall process has held it for {}s",
        path.display(),
        BUSY_TIMEOUT.as_secs()
    )]
    Busy { path: PathBuf },
    #[error("the disk holding {} is full", path.display())]
    DiskFull { path: PathBuf },
    #[error("database error in {}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("stored data in {} is invalid: {detail}", path.display())]
    Invalid { path: PathBuf, detail: String },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// What `quick_check` found once the database showed damage; from then on the connection
    /// is `query_only` and every write is refused with [`StoreError::Damaged`].
    damage: std::cell::RefCell<Option<String>>,
    /// Inside a snapshot this `Store` opened (and only there, where nothing is written): what
    /// was read once and is asked again, each deck's cards counted by state and interval (for
    /// both `deck_stats` and `intervals`, see `Store::state_groups`) and answers summed over a
    /// span (see `Store::answers_between`). `None` outside a snapshot.
    memo: std::cell::RefCell<Option<queries::SnapshotMemo>>,
}

/// Beside the database: the damage found in it, so that the next recall refuses to write too
/// (checked again, and removed, once the database is sound).
const DAMAGE_MARK_SUFFIX: &str = ".damaged";

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.to_owned(),
            source,
        })?;
        Self::open_file(&data_dir.join(DATABASE_FILE))
    }

    /// Opens a database file directly (tests and tools).
    pub fn open_file(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(e, path))?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            damage: std::cell::RefCell::new(None),
            memo: std::cell::RefCell::new(None),
        };
        store.configure()?;
        store.recall_damage();
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Turns an error of this database into one a person can act on. Damage (`SQLITE_CORRUPT`)
    /// is confirmed with `quick_check` and stops every later write ([`Store::found_damage`]).
    fn err(&self, error: rusqlite::Error) -> StoreError {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt) => self.found_damage(&error.to_string()),
            // A write refused by `query_only`, set when damage was found.
            Some(rusqlite::ErrorCode::ReadOnly) if self.damage.borrow().is_some() => {
                StoreError::Damaged {
                    path: self.path.clone(),
                    detail: self.damage.borrow().clone().unwrap_or_default(),
                }
            }
            _ => classify(error, &self.path),
        }
    }

    /// `SQLite` reported damage: `quick_check` says where. When it confirms it, the connection
    /// becomes `query_only` (no write of this process reaches the file any more) and a mark
    /// beside the database makes the next recall refuse to write too. A report `quick_check`
    /// does not confirm is passed on as it is.
    fn found_damage(&self, reported: &str) -> StoreError {
        let detail = match self.quick_check() {
            Ok(None) => {
                return StoreError::Corrupt {
                    path: self.path.clone(),
                    detail: reported.to_owned(),
                };
            }
            Ok(Some(found)) => found,
            // quick_check itself could not read the file: that is the damage.
            Err(error) => error.to_string(),
        };
        self.mark_damaged(&detail);
        StoreError::Damaged {
            path: self.path.clone(),
            detail,
        }
    }

    /// Refuses every later write of this connection, and leaves the mark for the next recall.
    fn mark_damaged(&self, detail: &str) {
        let _ = self.conn.pragma_update(None, "query_only", true);
        // Best effort: the directory may be read-only; this process refuses writes anyway. A
        // link in the mark's place is not written through.
        let mark = self.damage_mark();
        if !std::fs::symlink_metadata(&mark).is_ok_and(|m| m.file_type().is_symlink()) {
            let _ = std::fs::write(&mark, format!("{detail}\n"));
        }
        *self.damage.borrow_mut() = Some(detail.to_owned());
    }

    /// `PRAGMA quick_check`: `None` when the file is sound, else its first findings.
    fn quick_check(&self) -> rusqlite::Result<Option<String>> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check(5)")?;
        let found: Vec<String> = stmt
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        if found.len() == 1 && found[0] == "ok" {
            return Ok(None);
        }
        let found: Vec<String> = found
            .iter()
            .flat_map(|line| line.lines())
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("***"))
            .map(str::to_owned)
            .collect();
        Ok(Some(found.join("; ")))
    }

    fn damage_mark(&self) -> PathBuf {
        let mut name = self.path.clone().into_os_string();
        name.push(DAMAGE_MARK_SUFFIX);
        PathBuf::from(name)
    }

    /// A mark left by a recall that found this database damaged: checked again, and removed
    /// when the database is sound now (repaired, or replaced); otherwise this connection
    /// refuses writes too.
    fn recall_damage(&self) {
        let mark = self.damage_mark();
        if !mark.exists() {
            return;
        }
        match self.quick_check() {
            Ok(None) => {
                let _ = std::fs::remove_file(&mark);
            }
            Ok(Some(detail)) => self.mark_damaged(&detail),
            Err(error) => self.mark_damaged(&error.to_string()),
        }
    }

    fn configure(&mut self) -> Result<()> {
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.err(e))?;
        // The first real read: a file that is not SQLite fails here. The version and the
        // application id are read in one transaction, so that a recall creating the database
        // at the same moment is seen before or after, never half-way.
        let header = self.header(TransactionBehavior::Deferred)?;
        // Before anything is changed (the journal mode is written in the file's header): a file
        // recall will not use is left exactly as it was.
        check_header(&self.path, header)?;
        // WAL lets readers and one writer work at once; FULL makes every committed answer
        // survive a crash of the process or the machine. In a read-only place SQLite keeps the
        // old journal mode, and the first write reports the read-only database clearly.
        self.use_wal()?;
        self.conn
            .execute_batch(&format!(
                "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;
                 PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES};
                 PRAGMA journal_size_limit = {WAL_SIZE_LIMIT};"
            ))
            .map_err(|e| self.err(e))?;
        // The write-ahead log outlives the process: closing neither checkpoints nor deletes
        // it, so the next command does not create it again (a file, its header and the
        // directory entry, each synced) only to remove it once more at exit. Checkpoints run
        // on a schedule instead: at a close that finds the log over
        // `WAL_CLOSE_CHECKPOINT_BYTES` (see `Drop`), or a commit that takes it over
        // `WAL_CHECKPOINT_PAGES`.
        // An answer is durable once its commit has synced the log (`synchronous = FULL`),
        // checkpointed or not: a reader, or the next recall after a crash, reads it from there.
        self.conn
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                true,
            )
            .map_err(|e| self.err(e))?;
        self.conn
            .create_scalar_function(
                "recall_shuffle",
                2,
                rusqlite::functions::FunctionFlags::SQLITE_UTF8
                    | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
                |ctx| {
                    let seed: i64 = ctx.get(0)?;
                    let id: String = ctx.get(1)?;
                    let hash = crate::text::stable_hash(&[&seed.to_le_bytes(), id.as_bytes()]);
                    Ok(u64_to_sql(hash))
                },
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn user_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.err(e))
    }

    /// Switches to WAL. The switch needs the database to itself and `SQLite` reports "busy" at
    /// once, without waiting, when another connection holds it (several recalls starting
    /// together on a new database): so it is retried until the busy timeout.
    fn use_wal(&self) -> Result<()> {
        let started = std::time::Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            let switched: rusqlite::Result<String> =
                self.conn
                    .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0));
            match switched {
                Ok(_) => return Ok(()),
                Err(error)
                    if matches!(
                        error.sqlite_error_code(),
                        Some(
                            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                        )
                    ) && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(error) => return Err(self.err(error)),
            }
        }
    }

    /// The database's application id, schema version and whether it holds any schema object,
    /// read in one transaction of the given kind (committed at once when only reading).
    fn header(&mut self, behavior: TransactionBehavior) -> Result<Header> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(behavior)
            .map_err(|e| classify(e, &path))?;
        let read = read_header(&tx).map_err(|e| match classify(e, &path) {
            StoreError::Corrupt { .. } => StoreError::NotRecall { path: path.clone() },
            other => other,
        })?;
        tx.commit().map_err(|e| classify(e, &path))?;
        Ok(read)
    }

    /// Applies the migrations the file has not seen yet. Creating and migrating happen in one
    /// immediate transaction that reads the version again inside it: several recalls starting
    /// at once on an empty directory wait for each other here, and the ones that come second
    /// find the schema made and do nothing.
    fn migrate(&mut self) -> Result<()> {
        let known = MIGRATIONS.len();
        let Header { version, .. } = self.header(TransactionBehavior::Deferred)?;
        if usize::try_from(version).is_ok_and(|current| current == known) {
            return Ok(());
        }
        if let Some(detail) = self.damage.borrow().clone() {
            return Err(StoreError::Damaged {
                path: self.path.clone(),
                detail,
            });
        }
        // Foreign keys cannot be switched inside a transaction, and a migration that rebuilds a
        // table needs them off (it checks the rebuilt table's own before it commits).
        self.conn
            .execute_batch("PRAGMA foreign_keys = OFF")
            .map_err(|e| self.err(e))?;
        let migrated = self.apply_migrations();
        self.conn
            .execute_batch("PRAGMA foreign_keys = ON")
            .map_err(|e| self.err(e))?;
        migrated
    }

    /// Applies, in one immediate transaction, the migrations the version read inside it says
    /// are missing.
    fn apply_migrations(&mut self) -> Result<()> {
        let known = MIGRATIONS.len();
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(e, &path))?;
        // Read again inside the write transaction: another recall may have created the schema
        // meanwhile, and another program's file is refused here too.
        let header = read_header(&tx).map_err(|e| classify(e, &path))?;
        check_header(&path, header)?;
        let current = usize::try_from(header.version).unwrap_or(known);
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(current) {
            let done = match *migration {
                Migration::Sql(sql) => tx.execute_batch(sql).map_err(MigrationError::Sql),
                Migration::SqlThen(sql, code) => tx
                    .execute_batch(sql)
                    .map_err(MigrationError::Sql)
                    .and_then(|()| code(&tx)),
            };
            done.map_err(|error| match error {
                MigrationError::Sql(e) => classify(e, &path),
                MigrationError::Unexpected(detail) => StoreError::Invalid {
                    path: path.clone(),
                    detail: format!("cannot migrate to schema version {}: {detail}", index + 1),
                },
            })?;
            tx.pragma_update(
                None,
                "user_version",
                i64::try_from(index + 1).unwrap_or(i64::MAX),
            )
            .map_err(|e| classify(e, &path))?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(|e| classify(e, &path))?;
        tx.commit().map_err(|e| classify(e, &path))?;
        Ok(())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        self.user_version()
    }

    /// `PRAGMA integrity_check`: `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<()> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .map_err(|e| self.err(e))?;
        if result == "ok" {
            Ok(())
        } else {
            // Damage found by `doctor`: no write until it is repaired, as when a write finds it.
            self.mark_damaged(&result);
            Err(StoreError::Damaged {
                path: self.path.clone(),
                detail: result,
            })
        }
    }

    /// Runs `work` in one write transaction, committed when it succeeds and rolled back when it
    /// fails. Immediate, so a second recall writing at the same time waits (up to the busy
    /// timeout) instead of failing on a stale snapshot.
    fn write<T>(
        &mut self,
        work: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let value = work(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        // The transaction is rolled back by now: damage can be looked into.
        result.map_err(|e| self.err(e))
    }

    /// Serializes a value for a JSON column.
    fn json<T: serde::Serialize>(&self, value: &T) -> Result<String> {
        serde_json::to_string(value).map_err(|e| StoreError::Invalid {
            path: self.path.clone(),
            detail: e.to_string(),
        })
    }

    /// Reads a JSON column; `what` names the value in the error.
    fn parse_json<T: serde::de::DeserializeOwned>(
        &self,
        text: &str,
        what: impl std::fmt::Display,
    ) -> Result<T> {
        serde_json::from_str(text).map_err(|e| StoreError::Invalid {
            path: self.path.clone(),
            detail: format!("{what}: {e}"),
        })
    }

    /// Makes sure a profile exists.
    fn ensure_profile(&self, profile: &str, now: Timestamp) -> Result<()> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO profile (name, created_at) VALUES (?1, ?2)",
                rusqlite::params![profile, now],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

/// A snapshot's memo of sums read, set for as long as the scope lives.
struct MemoScope<'a>(&'a std::cell::RefCell<Option<queries::SnapshotMemo>>);

impl<'a> MemoScope<'a> {
    fn start(memo: &'a std::cell::RefCell<Option<queries::SnapshotMemo>>) -> Self {
        *memo.borrow_mut() = Some(queries::SnapshotMemo::default());
        MemoScope(memo)
    }
}

impl Drop for MemoScope<'_> {
    fn drop(&mut self) {
        *self.0.borrow_mut() = None;
    }
}

impl Snapshot for Store {
    fn snapshot<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce(&Self) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        if !self.conn.is_autocommit() {
            return read(self);
        }
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(|e| E::from(self.err(e)))?;
        let out = {
            // Sums read once inside the snapshot are reused in it, and dropped with it (also
            // when `read` unwinds): nothing read is kept past the transaction.
            let _memo = MemoScope::start(&self.memo);
            read(self)
        };
        // Nothing was written: ending the transaction only lets go of the snapshot.
        let end = self
            .conn
            .execute_batch(if out.is_ok() { "COMMIT" } else { "ROLLBACK" });
        match (out, end) {
            (Ok(_), Err(e)) => Err(E::from(self.err(e))),
            (out, _) => out,
        }
    }
}

/// The planner's statistics are kept up to date as the database is closed, as `SQLite` advises
/// for short-lived connections: `PRAGMA optimize` analyzes a table whose indexes have no
/// statistics yet (a new database, a new index), or one this connection queried by its
/// statistics that has since grown or shrunk tenfold, and does nothing otherwise. Without
/// statistics the planner can pick a scan of a million answers over an index. It gives way at
/// once to another recall writing: the next close does it.
///
/// The write-ahead log is checkpointed here too, on a schedule rather than at every close: when
/// it has grown past `WAL_CLOSE_CHECKPOINT_BYTES`.
impl Drop for Store {
    fn drop(&mut self) {
        let _ = self.conn.busy_timeout(Duration::ZERO);
        let _ = self
            .conn
            .execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize;");
        let mut log = self.path.clone().into_os_string();
        log.push("-wal");
        if std::fs::metadata(&log).is_ok_and(|meta| meta.len() > WAL_CLOSE_CHECKPOINT_BYTES) {
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    }
}

/// What recall reads of a database before it uses it.
#[derive(Debug, Clone, Copy)]
struct Header {
    /// `PRAGMA application_id`: recall's mark, another program's, or 0.
    application_id: i32,
    /// `PRAGMA user_version`: recall's schema version (0 before recall created its schema).
    version: i64,
    /// Whether the file holds any table, index, view or trigger.
    has_objects: bool,
}

fn read_header(conn: &Connection) -> rusqlite::Result<Header> {
    let application_id = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    let version = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let has_objects = conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_schema)", [], |row| {
        row.get(0)
    })?;
    Ok(Header {
        application_id,
        version,
        has_objects,
    })
}

/// Refuses a database recall cannot use: another program's (marked as such, or holding a schema
/// recall did not make), or a newer recall's. recall adds its tables only to an empty file or
/// to its own.
fn check_header(path: &Path, header: Header) -> Result<()> {
    let known = MIGRATIONS.len();
    let foreign = |reason: String| StoreError::Foreign {
        path: path.to_owned(),
        reason,
    };
    if header.application_id != 0 && header.application_id != APPLICATION_ID {
        return Err(foreign(format!(
            "its application id is {:#010x}, recall's is {APPLICATION_ID:#010x}",
            header.application_id
        )));
    }
    let Ok(current) = usize::try_from(header.version) else {
        return Err(foreign(format!("its schema version is {}", header.version)));
    };
    if header.application_id != APPLICATION_ID {
        if current > 0 {
            return Err(foreign(format!(
                "it has schema version {current} but not recall's application id"
            )));
        }
        if header.has_objects {
            return Err(foreign("it holds tables recall did not create".into()));
        }
    }
    if current > known {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: header.version,
            known,
        });
    }
    Ok(())
}

/// Turns `SQLite`'s errors into ones a person can act on.
fn classify(error: rusqlite::Error, path: &Path) -> StoreError {
    use rusqlite::ErrorCode;
    let path = path.to_owned();
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotRecall { path },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            detail: error.to_string(),
        },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
        _ => StoreError::Sqlite {
            path,
            source: error,
        },
    }
}

// Domain types are stored as stable lowercase strings or integers.

/// A `u64` (a seed or a hash) as `SQLite`'s signed integer, keeping its bits.
fn u64_to_sql(value: u64) -> i64 {
    i64::from_le_bytes(value.to_le_bytes())
}

fn u64_from_sql(value: i64) -> u64 {
    u64::from_le_bytes(value.to_le_bytes())
}

impl ToSql for Timestamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.millis()))
    }
}

impl FromSql for Timestamp {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(Timestamp::from_millis)
    }
}

/// Stores a type as the text of its `as_str` and reads it back with `$parse` (by default its
/// `FromStr`).
macro_rules! text_sql {
    ($ty:ty) => {
        text_sql!($ty, |t: &str| t.parse::<$ty>());
    };
    ($ty:ty, $parse:expr) => {
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }
        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                $parse(text).map_err(|e| FromSqlError::Other(e.to_string().into()))
            }
        }
    };
}

/// Parses a unit enum from its serde name, for types without `FromStr`.
fn from_serde_name<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<T, serde::de::value::Error> {
    T::deserialize(serde::de::value::StrDeserializer::new(text))
}

text_sql!(DeckId);
text_sql!(CardId);
text_sql!(Rating);
text_sql!(State);
text_sql!(Kind, |t: &str| t
    .parse::<Kind>()
    .map_err(|()| format!("`{t}` is not a card kind")));
text_sql!(Purpose);
text_sql!(Mark, from_serde_name::<Mark>);
text_sql!(AttemptEnd, from_serde_name::<AttemptEnd>);

/// What the query-plan test needs of the connection.
#[cfg(test)]
impl Store {
    /// From now on, keeps every statement run in the list returned: its text, and the same with
    /// its values bound.
    pub(crate) fn record_statements(
        &mut self,
    ) -> std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>> {
        let statements = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = std::sync::Arc::clone(&statements);
        self.conn
            .trace_v2(
                rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
                Some(move |event: rusqlite::trace::TraceEvent<'_>| {
                    if let rusqlite::trace::TraceEvent::Stmt(stmt, sql) = event
                        && !sql.trim_start().starts_with("--")
                        && let Ok(mut list) = kept.lock()
                    {
                        let bound = stmt.expanded_sql().unwrap_or_else(|| sql.to_owned());
                        list.push((sql.to_owned(), bound));
                    }
                }),
            )
            .expect("tracing");
        statements
    }

    /// `EXPLAIN QUERY PLAN` of `sql`, one line per step.
    pub(crate) fn query_plan(&self, sql: &str) -> Vec<String> {
        let mut stmt = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("a plan");
        stmt.query_map([], |row| row.get::<_, String>(3))
            .and_then(Iterator::collect)
            .expect("plan rows")
    }

    /// Runs SQL as it is (tests that set the stage).
    pub(crate) fn execute_batch(&self, sql: &str) {
        self.conn.execute_batch(sql).expect("sql");
    }
}

#[cfg(test)]
mod tests;
