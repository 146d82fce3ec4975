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
mod drills;
mod log;
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
    DrillAnswerRow, Drills, Fingerprint, Fitting, Flag, FlaggedCard, HistoryEntry, ImportedCard,
    ImportedCounts, KindCount, Leeches, Mark, NewCardFacts, NewParameters, QueueCandidates,
    QueueEntry, QueueRequest, Queues, Rename, ReviewId, ReviewRecord, Reviews, SavedParameters,
    SessionCard, SessionId, Stats, Storage, StoredCard, StoredDeck, StudyAnswer, SyncCard,
    SyncReport, Unanswered, Upkeep,
};

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
    Migration::Sql(include_str!("migrations/0008_review_totals.sql")),
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

/// The write-ahead log is checkpointed into the database by the commit that takes it past this
/// many pages (4 KiB each): about 4 MB, `SQLite`'s default.
const WAL_CHECKPOINT_PAGES: u32 = 1000;

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
        "the database {} is corrupt ({detail}); move it aside (recall starts a new one) or repair it with `sqlite3 .recover`",
        path.display()
    )]
    Corrupt { path: PathBuf, detail: String },
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
}

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
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, error: rusqlite::Error) -> StoreError {
        classify(error, &self.path)
    }

    fn configure(&mut self) -> Result<()> {
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.err(e))?;
        // The first real read: a file that is not SQLite fails here. The version and the
        // application id are read in one transaction, so that a recall creating the database
        // at the same moment is seen before or after, never half-way.
        let (application_id, version) = self.header(TransactionBehavior::Deferred)?;
        check_header(&self.path, application_id, version)?;
        // WAL lets readers and one writer work at once; FULL makes every committed answer
        // survive a crash of the process or the machine. In a read-only place SQLite keeps the
        // old journal mode, and the first write reports the read-only database clearly.
        self.use_wal()?;
        self.conn
            .execute_batch(&format!(
                "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;
                 PRAGMA cache_size = -32000; PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES};
                 PRAGMA journal_size_limit = {WAL_SIZE_LIMIT};"
            ))
            .map_err(|e| self.err(e))?;
        // The write-ahead log outlives the process: closing neither checkpoints nor deletes
        // it, so the next command does not create it again (a file, its header and the
        // directory entry, each synced) only to remove it once more at exit. Checkpoints run
        // on a schedule instead: when a commit leaves the log over `WAL_CHECKPOINT_PAGES`.
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

    /// The database's application id and schema version, read in one transaction of the given
    /// kind (committed at once when only reading).
    fn header(&mut self, behavior: TransactionBehavior) -> Result<(i32, i64)> {
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
        let (_, version) = self.header(TransactionBehavior::Deferred)?;
        if usize::try_from(version).is_ok_and(|current| current == known) {
            return Ok(());
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
        let (application_id, version) = read_header(&tx).map_err(|e| classify(e, &path))?;
        check_header(&path, application_id, version)?;
        let current = usize::try_from(version).unwrap_or(known);
        if current == 0 && has_tables(&tx).map_err(|e| classify(e, &path))? {
            // Another program's SQLite file: recall adds nothing to it.
            return Err(StoreError::NotRecall { path });
        }
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
            Err(StoreError::Corrupt {
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
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(e, &path))?;
        let value = work(&tx).map_err(|e| classify(e, &path))?;
        tx.commit().map_err(|e| classify(e, &path))?;
        Ok(value)
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

/// The planner's statistics are kept up to date as the database is closed, as `SQLite` advises
/// for short-lived connections: `PRAGMA optimize` analyzes a table whose indexes have no
/// statistics yet (a new database, a new index), or one this connection queried by its
/// statistics that has since grown or shrunk tenfold, and does nothing otherwise. Without
/// statistics the planner can pick a scan of a million answers over an index. It gives way at
/// once to another recall writing: the next close does it.
impl Drop for Store {
    fn drop(&mut self) {
        let _ = self.conn.busy_timeout(Duration::ZERO);
        let _ = self
            .conn
            .execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize;");
    }
}

/// The application id and schema version (`PRAGMA application_id`, `user_version`).
fn read_header(conn: &Connection) -> rusqlite::Result<(i32, i64)> {
    let application_id = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    let version = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    Ok((application_id, version))
}

/// Refuses a database recall cannot use: another program's, or a newer recall's.
fn check_header(path: &Path, application_id: i32, version: i64) -> Result<()> {
    let known = MIGRATIONS.len();
    let Ok(current) = usize::try_from(version) else {
        return Err(StoreError::NotRecall {
            path: path.to_owned(),
        });
    };
    // Marked as another program's, or recall's schema without recall's mark.
    let foreign = application_id != 0 && application_id != APPLICATION_ID;
    if foreign || (current > 0 && application_id != APPLICATION_ID) {
        return Err(StoreError::NotRecall {
            path: path.to_owned(),
        });
    }
    if current > known {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            known,
        });
    }
    Ok(())
}

/// Whether the database has any table (a file recall has not created is someone else's).
fn has_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')",
        [],
        |row| row.get(0),
    )
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
