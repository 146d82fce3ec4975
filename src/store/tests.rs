//! Store tests: migrations from an empty file, round trips, rebuild-from-log equals the cache,
//! deck edits between sessions, and friendly errors for files that are not recall databases.

use tempfile::TempDir;

use super::*;
use crate::deck::{Deck, Origin, load_str};
use crate::scheduler::{CardState, Memory, Rating, State};
use crate::time::{StudyDay, Timestamp};

const DECK: &str = r#"
[deck]
id = "d"
title = "D"

[[card]]
id = "a"
question = "A?"
answer = "alpha"
accept = ["alfa"]

[[card]]
id = "b"
question = "B?"
answer = "beta"

[[card]]
id = "c"
kind = "cloze"
text = "{{gamma}} and {{delta}}"
"#;

fn deck(text: &str) -> Deck {
    let loaded = load_str(text, Origin::File("d.toml".into()));
    loaded.deck.expect("test deck is valid")
}

fn at(text: &str) -> Timestamp {
    text.parse().expect("valid time")
}

fn fingerprint(hash: &str) -> Fingerprint {
    Fingerprint {
        origin: "d.toml".into(),
        key: "/decks/d.toml".into(),
        size: Some(1),
        mtime_ns: Some(1),
        hash: hash.into(),
    }
}

fn card(text: &str) -> CardId {
    text.parse().expect("a valid card id")
}

/// The id of an answer that was saved.
fn done(commit: Commit) -> ReviewId {
    match commit {
        Commit::Done(id) => id,
        Commit::Stale(state) => panic!("the card had changed: {state:?}"),
    }
}

/// A card's answer and accepted forms, normalized: what the caller gives the catalog.
fn answer_forms(card: &crate::deck::Card) -> Vec<String> {
    std::iter::once(&card.answer)
        .chain(&card.accept)
        .map(|form| crate::text::normalize(form))
        .filter(|form| !form.is_empty())
        .collect()
}

/// Syncs `deck` as read from `d.toml` with content hash `hash`, with `renames`.
fn sync_renaming(
    store: &mut Store,
    deck: &Deck,
    hash: &str,
    now: Timestamp,
    renames: &[Rename],
) -> Result<SyncReport> {
    store.sync_deck(
        DeckSync {
            deck,
            fingerprint: &fingerprint(hash),
            answer_forms: &answer_forms,
            renames: &|| renames.to_vec(),
            links: &[],
        },
        now,
    )
}

/// Syncs `deck` as read from `d.toml` with content hash `hash`, with related pairs `links`.
fn sync_linking(
    store: &mut Store,
    deck: &Deck,
    hash: &str,
    now: Timestamp,
    links: &[(&str, &str)],
) -> Result<SyncReport> {
    let links: Vec<(CardId, CardId)> = links.iter().map(|(a, b)| (card(a), card(b))).collect();
    store.sync_deck(
        DeckSync {
            deck,
            fingerprint: &fingerprint(hash),
            answer_forms: &answer_forms,
            renames: &Vec::new,
            links: &links,
        },
        now,
    )
}

fn sync(store: &mut Store, deck: &Deck, hash: &str, now: Timestamp) -> Result<SyncReport> {
    sync_renaming(store, deck, hash, now, &[])
}

fn open() -> (TempDir, Store) {
    let dir = TempDir::new().expect("temp dir");
    let store = Store::open(dir.path()).expect("open store");
    (dir, store)
}

fn synced() -> (TempDir, Store, DeckId) {
    let (dir, mut store) = open();
    let d = deck(DECK);
    sync(&mut store, &d, "h1", at("2026-11-30T09:00:00Z")).expect("sync");
    store
        .attach("me", &d.id, at("2026-11-30T09:00:00Z"))
        .expect("attach");
    (dir, store, d.id)
}

fn review(
    deck: &DeckId,
    card: &str,
    at: Timestamp,
    rating: Rating,
    before: CardState,
) -> ReviewRecord {
    let after = CardState {
        state: State::Review,
        step: 0,
        memory: Some(Memory {
            stability: 2.5,
            difficulty: 5.0,
        }),
        due: Some(at.plus_days(2)),
        last_review: Some(at),
        scheduled_days: 2,
        reps: before.reps + 1,
        lapses: before.lapses + u32::from(before.state == State::Review && rating == Rating::Again),
    };
    ReviewRecord {
        profile: "me".into(),
        deck: deck.clone(),
        card: card.parse().expect("valid id"),
        at,
        rating,
        answer: Some("typed".into()),
        expected: "alpha".into(),
        verdict: Some(Mark::Right),
        correct: rating != Rating::Again,
        duration_ms: Some(1200),
        purpose: Purpose::Study,
        before,
        after: Some(after),
        elapsed_days: None,
        session: None,
    }
}

/// The schema version this recall writes.
fn current_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).expect("a few migrations")
}

/// A database file at schema `version`, built by hand as an older recall left it.
fn database_at_version(path: &std::path::Path, version: usize) -> rusqlite::Connection {
    let mut conn = rusqlite::Connection::open(path).expect("create");
    for migration in &MIGRATIONS[..version] {
        let tx = conn.transaction().expect("transaction");
        match *migration {
            Migration::Sql(sql) => tx.execute_batch(sql).expect("script"),
            Migration::SqlThen(sql, code) => {
                tx.execute_batch(sql).expect("script");
                code(&tx).expect("code");
            }
        }
        tx.commit().expect("commit");
    }
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .expect("id");
    conn.pragma_update(None, "user_version", i64::try_from(version).expect("small"))
        .expect("version");
    conn
}

#[test]
fn migrates_an_empty_file_to_the_current_schema() {
    let (_dir, store) = open();
    assert_eq!(store.schema_version().expect("version"), current_version());
    store.integrity_check().expect("sound");
    // Opening again is a no-op.
    let again = Store::open_file(store.path()).expect("reopen");
    assert_eq!(again.schema_version().expect("version"), current_version());
}

/// Every row of `table` in `order`, as values, to compare before and after a migration.
fn rows(conn: &rusqlite::Connection, table: &str, order: &str) -> Vec<Vec<rusqlite::types::Value>> {
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))
        .expect("select");
    let columns = stmt.column_count();
    stmt.query_map([], |row| (0..columns).map(|i| row.get(i)).collect())
        .and_then(Iterator::collect)
        .expect("rows")
}

/// The schema objects of `table` other than the table itself: name and SQL.
fn companions(conn: &rusqlite::Connection, table: &str) -> Vec<(String, Option<String>)> {
    let mut stmt = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE tbl_name = ?1 AND type != 'table'
             ORDER BY name",
        )
        .expect("select");
    stmt.query_map([table], |row| Ok((row.get(0)?, row.get(1)?)))
        .and_then(Iterator::collect)
        .expect("rows")
}

/// The version-3 migration rebuilds the review log to let it keep `close`: same rows and ids,
/// same indexes, foreign keys on again afterwards; and every deck is read again once, to learn
/// its aliases.
#[test]
fn a_version_2_database_learns_the_close_verdict_keeping_its_review_log() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE);
    let (before, indexes, drill_rows) = {
        let conn = database_at_version(&path, 2);
        conn.execute_batch(
            "INSERT INTO profile (name, created_at) VALUES ('me', 0);
             INSERT INTO deck (deck_id, title, origin, content_hash, file_size, file_mtime,
                               schedule, flip, synced_at)
                 VALUES ('d', 'D', 'd.toml', 'abc', 10, 20, '{}', 0, 0);
             INSERT INTO card (deck_id, card_id, note_id, position, kind, content, answer)
                 VALUES ('d', 'a', 'a', 0, 'text', '{}', 'alpha');
             INSERT INTO session (id, profile, mode, started_at) VALUES (7, 'me', 'study', 0);
             INSERT INTO review (id, profile, deck_id, card_id, reviewed_at, rating, answer,
                                 expected, verdict, correct, duration_ms, mode, scheduled,
                                 state_before, state_after, step_after, stability, difficulty,
                                 due, scheduled_days, elapsed_days, session_id, undone_at)
             VALUES
                 (3, 'me', 'd', 'a', 1000, 'good', 'alpha', 'alpha', 'right', 1, 4000,
                  'study', 1, 'new', 'learning', 1, 2.5, 5.0, 61000, 0, NULL, 7, NULL),
                 (9, 'me', 'd', 'a', 2000, 'hard', 'alpah', 'alpha', 'typo', 1, 3000,
                  'study', 1, 'learning', 'review', 0, 3.5, 5.5, 86400000, 1, 0, 7, 5000),
                 (12, 'me', 'd', 'a', 3000, 'again', NULL, 'alpha', NULL, 0, NULL,
                  'practice', 0, 'review', 'review', 0, NULL, NULL, NULL, 0, NULL, NULL, NULL);
             INSERT INTO drill_attempt (id, uid, profile, name, decks, seed, settings, paper,
                                        started_at, max_score)
                 VALUES (1, 'u1', 'me', 'Ann', '[\"d\"]', 5, '{}', '[]', 0, 1);
             INSERT INTO drill_answer (attempt_id, position, deck_id, card_id, answer, verdict,
                                       points)
                 VALUES (1, 0, 'd', 'a', 'beta', 'wrong', 0);",
        )
        .expect("data");
        (
            rows(&conn, "review", "id"),
            companions(&conn, "review"),
            rows(&conn, "drill_answer", "position"),
        )
    };
    let store = Store::open(dir.path()).expect("migrate");
    assert_eq!(store.schema_version().expect("version"), current_version());
    store.integrity_check().expect("sound");
    assert_eq!(rows(&store.conn, "review", "id"), before);
    // Every index of the log survives the rebuild (later migrations may add more, or widen
    // one under the same name, as version 8 does `review_timing`).
    let after = companions(&store.conn, "review");
    let names = |list: &[(String, Option<String>)]| -> Vec<String> {
        list.iter().map(|(name, _)| name.clone()).collect()
    };
    assert!(
        names(&indexes)
            .iter()
            .all(|index| names(&after).contains(index)),
        "{indexes:?} not all in {after:?}"
    );
    assert_eq!(indexes.len(), 4, "{indexes:?}");
    assert_eq!(rows(&store.conn, "drill_answer", "position"), drill_rows);
    // `close` is kept now; anything else is still refused, and foreign keys are enforced.
    let insert = |id: i64, verdict: &str, card: &str| {
        store.conn.execute(
            "INSERT INTO review (id, profile, deck_id, card_id, reviewed_at, rating, expected,
                                 verdict, correct, mode, scheduled, state_before, state_after,
                                 step_after, scheduled_days)
             VALUES (?1, 'me', 'd', ?3, 4000, 'hard', 'alpha', ?2, 1, 'study', 1, 'review',
                     'review', 0, 2)",
            rusqlite::params![id, verdict, card],
        )
    };
    insert(20, "close", "a").expect("close is a verdict");
    assert!(
        insert(21, "maybe", "a").is_err(),
        "the CHECK is still there"
    );
    assert!(insert(22, "close", "nope").is_err(), "foreign keys are on");
    let next: i64 = store
        .conn
        .query_row(
            "INSERT INTO review (profile, deck_id, card_id, reviewed_at, rating, expected,
                                 correct, mode, scheduled, state_before, state_after,
                                 step_after, scheduled_days)
             VALUES ('me', 'd', 'a', 5000, 'good', 'alpha', 1, 'study', 1, 'review', 'review',
                     0, 3)
             RETURNING id",
            [],
            |row| row.get(0),
        )
        .expect("a new answer");
    assert_eq!(next, 21, "ids go on from the highest");
    // The deck is read again at the next start, to learn its aliases.
    let stored = store
        .deck_by_file("/decks/d.toml", "d.toml")
        .expect("q")
        .expect("deck");
    assert_eq!(
        (stored.hash.as_str(), stored.size, stored.mtime_ns),
        ("", None, None)
    );
    let aliases: Option<String> = store
        .conn
        .query_row("SELECT aliases FROM deck", [], |row| row.get(0))
        .expect("q");
    assert_eq!(aliases, None);
}

#[test]
fn sync_then_attach_gives_new_state_rows_for_every_card() {
    let (_dir, store, deck) = synced();
    for id in ["a", "b", "c.1", "c.2"] {
        let state = store
            .card_state("me", &deck, &card(id))
            .expect("query")
            .expect("row");
        assert_eq!(state, CardState::default(), "{id}");
    }
    let record = store.deck_record(&deck).expect("query").expect("record");
    assert_eq!(record.title, "D");
    let stored = store
        .deck_by_file("/decks/d.toml", "d.toml")
        .expect("query")
        .expect("deck");
    assert_eq!(stored.hash, "h1");
}

#[test]
fn recording_updates_state_and_history_in_one_step() {
    let (_dir, mut store, deck) = synced();
    let now = at("2026-11-30T10:00:00Z");
    let record = review(&deck, "a", now, Rating::Good, CardState::default());
    let id = done(store.record(&record).expect("record"));
    let state = store
        .card_state("me", &deck, &card("a"))
        .expect("query")
        .expect("row");
    assert_eq!(Some(state.clone()), record.after);
    let history = store.history("me", &deck, &card("a")).expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].id, id);
    assert_eq!(history[0].rating, Rating::Good);
    assert_eq!(history[0].answer.as_deref(), Some("typed"));
    assert_eq!(history[0].state_before, State::New);
    assert_eq!(history[0].state_after, State::Review);
    assert!(!history[0].undone);
}

#[test]
fn practice_answers_are_logged_without_changing_state() {
    let (_dir, mut store, deck) = synced();
    let mut record = review(
        &deck,
        "b",
        at("2026-11-30T10:00:00Z"),
        Rating::Again,
        CardState::default(),
    );
    record.purpose = Purpose::Practice;
    record.after = None;
    done(store.record(&record).expect("record"));
    assert_eq!(
        store.card_state("me", &deck, &card("b")).expect("query"),
        Some(CardState::default())
    );
    let history = store.history("me", &deck, &card("b")).expect("history");
    assert_eq!(history.len(), 1);
    assert!(!history[0].scheduled);
}

#[test]
fn rebuilding_from_the_log_equals_the_cached_state() {
    let (_dir, mut store, deck) = synced();
    let mut state = CardState::default();
    let mut now = at("2026-11-30T10:00:00Z");
    for rating in [Rating::Good, Rating::Again, Rating::Good, Rating::Easy] {
        let mut record = review(&deck, "a", now, rating, state.clone());
        if let Some(after) = &mut record.after {
            after.state = if rating == Rating::Again {
                State::Relearning
            } else {
                State::Review
            };
        }
        done(store.record(&record).expect("record"));
        state = record.after.expect("scheduled");
        now = now.plus_days(3);
    }
    store
        .record(&review(&deck, "b", now, Rating::Hard, CardState::default()))
        .map(done)
        .expect("record");
    let cached: Vec<Option<CardState>> = ["a", "b", "c.1"]
        .iter()
        .map(|c| store.card_state("me", &deck, &card(c)).expect("query"))
        .collect();
    store.rebuild(None).expect("rebuild");
    let rebuilt: Vec<Option<CardState>> = ["a", "b", "c.1"]
        .iter()
        .map(|c| store.card_state("me", &deck, &card(c)).expect("query"))
        .collect();
    assert_eq!(rebuilt, cached);
    assert_eq!(
        rebuilt[0].as_ref().map(|s| (s.reps, s.lapses)),
        Some((4, 1))
    );
}

#[test]
fn undo_marks_the_review_and_restores_the_previous_state() {
    let (_dir, mut store, deck) = synced();
    let first = review(
        &deck,
        "a",
        at("2026-11-30T10:00:00Z"),
        Rating::Good,
        CardState::default(),
    );
    let first_id = done(store.record(&first).expect("record"));
    let after_first = store
        .card_state("me", &deck, &card("a"))
        .expect("q")
        .expect("row");
    let second = review(
        &deck,
        "a",
        at("2026-12-02T10:00:00Z"),
        Rating::Easy,
        after_first.clone(),
    );
    let id = done(store.record(&second).expect("record"));
    assert!(
        store
            .undo("me", id, at("2026-12-02T10:00:05Z"))
            .expect("undo")
    );
    assert_eq!(
        store.card_state("me", &deck, &card("a")).expect("q"),
        Some(after_first)
    );
    assert!(
        !store
            .undo("me", id, at("2026-12-02T10:00:06Z"))
            .expect("undo twice")
    );
    let history = store.history("me", &deck, &card("a")).expect("history");
    assert!(history[1].undone);
    // Undoing the first answer too makes the card new again.
    assert!(
        store
            .undo("me", first_id, at("2026-12-02T10:00:07Z"))
            .expect("undo")
    );
    assert_eq!(
        store.card_state("me", &deck, &card("a")).expect("q"),
        Some(CardState::default())
    );
}

#[test]
fn profiles_do_not_mix() {
    let (_dir, mut store, deck) = synced();
    store
        .attach("you", &deck, at("2026-11-30T09:00:00Z"))
        .expect("attach");
    store
        .record(&review(
            &deck,
            "a",
            at("2026-11-30T10:00:00Z"),
            Rating::Good,
            CardState::default(),
        ))
        .map(done)
        .expect("record");
    assert_eq!(
        store.card_state("you", &deck, &card("a")).expect("q"),
        Some(CardState::default())
    );
    assert!(
        store
            .history("you", &deck, &card("a"))
            .expect("history")
            .is_empty()
    );
}

#[test]
fn edits_between_sessions_keep_history_and_note_changed_answers() {
    let (_dir, mut store, deck) = synced();
    store
        .record(&review(
            &deck,
            "b",
            at("2026-11-30T10:00:00Z"),
            Rating::Good,
            CardState::default(),
        ))
        .map(done)
        .expect("record");
    // Card b removed, card a's answer changed, card e added.
    let edited = DECK
        .replace(
            "[[card]]\nid = \"b\"\nquestion = \"B?\"\nanswer = \"beta\"\n",
            "",
        )
        .replace("answer = \"alpha\"", "answer = \"alpha prime\"")
        + "\n[[card]]\nid = \"e\"\nquestion = \"E?\"\nanswer = \"epsilon\"\n";
    let report = sync(
        &mut store,
        &deck_from(&edited),
        "h2",
        at("2026-12-01T09:00:00Z"),
    )
    .expect("sync");
    assert_eq!(report.added, 1);
    assert_eq!(report.removed, 1);
    assert_eq!(report.changed_answers, vec![card("a")]);

    let a = store.card(&deck, &card("a")).expect("q").expect("card a");
    assert_eq!(a.answer_changed_at, Some(at("2026-12-01T09:00:00Z")));
    let b = store
        .card(&deck, &card("b"))
        .expect("q")
        .expect("card b kept");
    assert!(!b.present);
    assert_eq!(
        store
            .history("me", &deck, &card("b"))
            .expect("history")
            .len(),
        1
    );
    // The attached profile got a state row for the new card, and none of the removed card is due.
    assert!(
        store
            .card_state("me", &deck, &card("e"))
            .expect("q")
            .is_some()
    );
    let day = StudyDay::containing(at("2026-12-10T10:00:00Z"), &jiff::tz::TimeZone::UTC);
    let due = store
        .reviews_due("me", &deck, day.end, at("2026-12-10T10:00:00Z"), 100)
        .expect("due");
    assert!(due.iter().all(|e| e.card.as_str() != "b"));
}

fn deck_from(text: &str) -> Deck {
    deck(text)
}

#[test]
fn other_answers_are_known_by_normalized_form() {
    let (_dir, store, deck) = synced();
    assert!(store.is_other_answer(&deck, "beta", &card("a")).expect("q"));
    assert!(store.is_other_answer(&deck, "alfa", &card("b")).expect("q"));
    assert!(!store.is_other_answer(&deck, "alfa", &card("a")).expect("q"));
    assert!(
        !store
            .is_other_answer(&deck, "omega", &card("a"))
            .expect("q")
    );
}

#[test]
fn new_cards_come_in_deck_order_or_seeded_shuffle() {
    let (_dir, store, deck) = synced();
    let ordered: Vec<String> = store
        .new_cards("me", &deck, 10, None)
        .expect("q")
        .into_iter()
        .map(|e| e.card.to_string())
        .collect();
    assert_eq!(ordered, ["a", "b", "c.1", "c.2"]);
    let shuffled = |seed| -> Vec<String> {
        store
            .new_cards("me", &deck, 10, Some(seed))
            .expect("q")
            .into_iter()
            .map(|e| e.card.to_string())
            .collect()
    };
    assert_eq!(shuffled(7), shuffled(7));
    let mut sorted = shuffled(7);
    sorted.sort();
    assert_eq!(sorted, ordered);
}

#[test]
fn a_file_that_is_not_a_database_gets_a_clear_error() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE);
    std::fs::write(
        &path,
        "this is not sqlite, just text that is long enough to look like a header",
    )
    .expect("write");
    let error = Store::open(dir.path()).expect_err("not a database");
    assert!(matches!(error, StoreError::NotRecall { .. }), "{error:?}");
    assert!(error.to_string().contains("is not a recall database"));
}

#[test]
fn a_foreign_sqlite_database_is_refused() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE);
    let conn = rusqlite::Connection::open(&path).expect("create");
    conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 3;")
        .expect("foreign schema");
    drop(conn);
    let error = Store::open(dir.path()).expect_err("foreign");
    assert!(matches!(error, StoreError::Foreign { .. }), "{error:?}");
}

#[test]
fn another_programs_database_without_a_version_is_left_untouched() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE);
    let conn = rusqlite::Connection::open(&path).expect("create");
    conn.execute_batch("CREATE TABLE notes (x);")
        .expect("foreign schema");
    drop(conn);
    let error = Store::open(dir.path()).expect_err("foreign");
    assert!(matches!(error, StoreError::Foreign { .. }), "{error:?}");
    let conn = rusqlite::Connection::open(&path).expect("reopen");
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(tables, 1, "recall added no table");
    // An empty file marked as another program's is not taken either.
    let marked = dir.path().join("marked");
    std::fs::create_dir(&marked).expect("dir");
    let conn = rusqlite::Connection::open(marked.join(DATABASE_FILE)).expect("create");
    conn.pragma_update(None, "application_id", 0x1234)
        .expect("mark");
    drop(conn);
    let error = Store::open(&marked).expect_err("marked as foreign");
    assert!(matches!(error, StoreError::Foreign { .. }), "{error:?}");
}

/// Regression: recall refused another program's database only after switching it to WAL (a
/// change to the file's header) and leaving `-wal` and `-shm` files beside it.
#[test]
fn a_foreign_database_is_refused_byte_for_byte_untouched() {
    let setups: [(&str, &str); 4] = [
        (
            "tables, no mark",
            "CREATE TABLE notes (x); INSERT INTO notes VALUES (1);",
        ),
        ("a view only", "CREATE VIEW v AS SELECT 1;"),
        (
            "an index and a version",
            "CREATE TABLE t (x); CREATE INDEX i ON t (x); PRAGMA user_version = 7;",
        ),
        ("another program's mark", "PRAGMA application_id = 1234;"),
    ];
    for (name, sql) in setups {
        let dir = TempDir::new().expect("temp dir");
        let path = dir.path().join(DATABASE_FILE);
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.execute_batch(sql).expect("foreign schema");
        drop(conn);
        let before = std::fs::read(&path).expect("read");
        let error = Store::open(dir.path()).expect_err(name);
        assert!(
            matches!(error, StoreError::Foreign { .. }),
            "{name}: {error:?}"
        );
        assert!(
            error.to_string().contains("another program's"),
            "{name}: {error}"
        );
        assert_eq!(
            std::fs::read(&path).expect("read"),
            before,
            "{name}: file changed"
        );
        let mut files: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(files, [DATABASE_FILE], "{name}: nothing beside it");
    }
}

#[test]
fn stores_opened_at_once_on_a_new_file_all_open() {
    for _ in 0..5 {
        let dir = TempDir::new().expect("temp dir");
        let handles: Vec<_> = (0..6)
            .map(|_| {
                let path = dir.path().to_owned();
                std::thread::spawn(move || Store::open(&path).map(|s| s.schema_version()))
            })
            .collect();
        for handle in handles {
            let version = handle
                .join()
                .expect("no panic")
                .expect("opens")
                .expect("version");
            assert_eq!(version, i64::try_from(MIGRATIONS.len()).expect("small"));
        }
    }
}

#[test]
fn a_database_from_a_newer_recall_is_refused() {
    let (dir, store) = open();
    store
        .conn
        .pragma_update(None, "user_version", 99)
        .expect("bump");
    drop(store);
    let error = Store::open(dir.path()).expect_err("too new");
    assert!(
        matches!(error, StoreError::TooNew { found: 99, .. }),
        "{error:?}"
    );
}

#[test]
fn a_version_1_database_is_migrated_keeping_its_data() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE);
    {
        // Build a version-1 file by hand, as an older recall left it.
        let conn = database_at_version(&path, 1);
        conn.execute(
            "INSERT INTO profile (name, created_at) VALUES ('old', 0)",
            [],
        )
        .expect("data");
    }
    let store = Store::open(dir.path()).expect("migrate");
    assert_eq!(store.schema_version().expect("version"), current_version());
    let kept: i64 = store
        .conn
        .query_row("SELECT count(*) FROM profile WHERE name = 'old'", [], |r| {
            r.get(0)
        })
        .expect("query");
    assert_eq!(kept, 1);
    store.integrity_check().expect("sound");
}

#[test]
fn enums_are_stored_by_their_serde_names_and_read_back() {
    fn round_trip<T>(store: &Store, value: &T)
    where
        T: rusqlite::ToSql
            + rusqlite::types::FromSql
            + serde::Serialize
            + PartialEq
            + std::fmt::Debug,
    {
        let (text, back): (String, T) = store
            .conn
            .query_row("SELECT ?1, ?1", [value], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .expect("round trip");
        assert_eq!(&back, value);
        assert_eq!(
            serde_json::to_value(value).expect("serialize"),
            text.as_str()
        );
    }
    let (_dir, store) = open();
    for mode in [Purpose::Study, Purpose::Practice, Purpose::Drill] {
        round_trip(&store, &mode);
    }
    for end in [AttemptEnd::Finished, AttemptEnd::Timeout, AttemptEnd::Quit] {
        round_trip(&store, &end);
    }
    for mark in [Mark::Right, Mark::Typo, Mark::Wrong, Mark::Close] {
        round_trip(&store, &mark);
    }
    for kind in crate::deck::Kind::ALL {
        round_trip(&store, &kind);
    }
}

#[test]
fn undo_recounts_reps_and_lapses_from_the_log() {
    let (_dir, mut store, deck) = synced();
    let mut states = vec![CardState::default()];
    let mut now = at("2026-11-30T10:00:00Z");
    let mut last_id = ReviewId(0);
    for rating in [Rating::Good, Rating::Again, Rating::Good] {
        let before = states.last().cloned().unwrap_or_default();
        let record = review(&deck, "a", now, rating, before);
        last_id = done(store.record(&record).expect("record"));
        states.push(record.after.expect("scheduled"));
        now = now.plus_days(3);
    }
    assert!(store.undo("me", last_id, now).expect("undo"));
    let restored = store
        .card_state("me", &deck, &card("a"))
        .expect("q")
        .expect("row");
    assert_eq!(restored, states[2]);
    assert_eq!((restored.reps, restored.lapses), (2, 1));
}

#[test]
fn every_profile_following_a_deck_follows_its_order_and_removals() {
    let (_dir, mut store, deck) = synced();
    store
        .attach("you", &deck, at("2026-11-30T09:00:00Z"))
        .expect("attach");
    // b removed, c's gaps before a.
    let edited = r#"
[deck]
id = "d"
title = "D"

[[card]]
id = "c"
kind = "cloze"
text = "{{gamma}} and {{delta}}"

[[card]]
id = "a"
question = "A?"
answer = "alpha"
"#;
    sync(
        &mut store,
        &deck_from(edited),
        "h2",
        at("2026-12-01T09:00:00Z"),
    )
    .expect("sync");
    let rows = |profile: &str| -> Vec<(String, i64, bool)> {
        let mut stmt = store
            .conn
            .prepare(
                "SELECT card_id, position, present FROM card_state
                 WHERE profile = ?1 AND deck_id = ?2 ORDER BY card_id",
            )
            .expect("prepare");
        stmt.query_map(rusqlite::params![profile, deck], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .and_then(Iterator::collect)
        .expect("rows")
    };
    let expected = vec![
        ("a".to_owned(), 2, true),
        ("b".to_owned(), 1, false),
        ("c.1".to_owned(), 0, true),
        ("c.2".to_owned(), 1, true),
    ];
    assert_eq!(rows("me"), expected);
    assert_eq!(rows("you"), expected);
}

#[test]
fn a_card_given_an_id_takes_every_profiles_history_and_drill_answers_along() {
    let (_dir, mut store) = open();
    let before =
        deck("[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nquestion = \"Q?\"\nanswer = \"A\"\n");
    let now = at("2026-11-30T09:00:00Z");
    sync(&mut store, &before, "h1", now).expect("sync");
    let derived = before.notes[0].id.to_string();
    for profile in ["me", "you"] {
        store.attach(profile, &before.id, now).expect("attach");
        let mut record = review(
            &before.id,
            &derived,
            now,
            Rating::Good,
            CardState::default(),
        );
        record.profile = profile.into();
        done(store.record(&record).expect("record"));
    }
    store
        .conn
        .execute_batch(&format!(
            "INSERT INTO drill_attempt (id, uid, profile, name, decks, seed, settings, paper,
                                        started_at, max_score)
             VALUES (1, 'u', 'me', 'n', '[]', 0, '{{}}', '[]', 0, 1);
             INSERT INTO drill_answer (attempt_id, position, deck_id, card_id, verdict, points)
             VALUES (1, 0, 'd', '{derived}', 'right', 1);"
        ))
        .expect("drill answer");
    let after = deck(
        "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nid = \"q\"\nquestion = \"Q?\"\nanswer = \"A\"\n",
    );
    let renames = [Rename {
        from: card(&derived),
        to: card("q"),
    }];
    let report = sync_renaming(
        &mut store,
        &after,
        "h2",
        at("2026-12-01T09:00:00Z"),
        &renames,
    )
    .expect("sync");
    assert_eq!(report.kept_history, 1);
    let count = |table: &str, card: &str| -> i64 {
        store
            .conn
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE deck_id = 'd' AND card_id = ?1"),
                [card],
                |row| row.get(0),
            )
            .expect("count")
    };
    for (table, rows) in [("review", 2), ("drill_answer", 1)] {
        assert_eq!(count(table, "q"), rows, "{table}");
        assert_eq!(count(table, &derived), 0, "{table}");
    }
    for profile in ["me", "you"] {
        let state = store.card_state(profile, &after.id, &card("q")).expect("q");
        assert_eq!(state.map(|s| s.reps), Some(1), "{profile}");
    }
    store.integrity_check().expect("sound");
}

#[test]
fn deck_counts_count_each_state_by_due_time_within_the_limits() {
    let (_dir, mut store, deck) = synced();
    let now = at("2026-12-02T12:00:00Z");
    let yesterday = at("2026-12-01T12:00:00Z");
    let cards = [
        ("a", State::Review, now.plus_days(-1)),
        (
            "b",
            State::Learning,
            now.plus(std::time::Duration::from_mins(5)),
        ),
        ("c.1", State::Relearning, yesterday),
    ];
    for (card, state, due) in cards {
        let mut record = review(&deck, card, yesterday, Rating::Good, CardState::default());
        if let Some(after) = &mut record.after {
            after.state = state;
            after.due = Some(due);
        }
        done(store.record(&record).expect("record"));
    }
    let day = StudyDay::containing(now, &jiff::tz::TimeZone::UTC);
    let record = store.deck_record(&deck).expect("q").expect("deck");
    // Nothing was answered today: the deck's daily limits apply in full.
    let limits = crate::scheduler::queue::Limits {
        reviews: record.schedule.reviews_per_day,
        new: record.schedule.new_per_day,
    };
    let counts = store
        .deck_counts("me", &deck, now, day, limits)
        .expect("counts");
    assert_eq!(
        counts,
        DeckCounts {
            new_total: 1,
            new_today: 1,
            learning_now: 1,
            learning_today: 2,
            review_now: 1,
            review_today: 1,
            review_allowed: 1,
            next_due: Some(now.plus(std::time::Duration::from_mins(5))),
        }
    );
}

/// Every stored related pair of deck `d`, as `card>other`.
fn links(store: &Store) -> Vec<String> {
    let mut stmt = store
        .conn
        .prepare("SELECT card_id || '>' || other_id FROM card_link WHERE deck_id = 'd' ORDER BY 1")
        .expect("prepare");
    stmt.query_map([], |row| row.get(0))
        .and_then(Iterator::collect)
        .expect("links")
}

#[test]
fn related_pairs_are_stored_both_ways_and_replaced_by_each_sync() {
    let (_dir, mut store) = open();
    let d = deck(DECK);
    let now = at("2026-11-30T09:00:00Z");
    sync_linking(&mut store, &d, "h1", now, &[("a", "b"), ("c.1", "a")]).expect("sync");
    assert_eq!(links(&store), ["a>b", "a>c.1", "b>a", "c.1>a"]);
    sync_linking(&mut store, &d, "h2", now, &[("b", "c.2")]).expect("sync");
    assert_eq!(links(&store), ["b>c.2", "c.2>b"]);
}

#[test]
fn queue_candidates_say_what_was_seen_today_and_what_each_candidate_is() {
    let (_dir, mut store) = open();
    let d = deck(DECK);
    let now = at("2026-12-02T12:00:00Z");
    sync_linking(&mut store, &d, "h1", now, &[("a", "b")]).expect("sync");
    store.attach("me", &d.id, now).expect("attach");
    // `c.1` answered this morning, `a` yesterday and left in learning until tonight.
    let morning = at("2026-12-02T08:00:00Z");
    done(
        store
            .record(&review(
                &d.id,
                "c.1",
                morning,
                Rating::Good,
                CardState::default(),
            ))
            .expect("record"),
    );
    let mut learning = review(
        &d.id,
        "a",
        at("2026-12-01T20:00:00Z"),
        Rating::Again,
        CardState::default(),
    );
    if let Some(after) = learning.after.as_mut() {
        after.state = State::Learning;
        after.due = Some(at("2026-12-02T20:00:00Z"));
    }
    done(store.record(&learning).expect("record"));
    let day = StudyDay::containing(now, &jiff::tz::TimeZone::UTC);
    let candidates = store
        .queue_candidates(
            "me",
            &d.id,
            &QueueRequest {
                now,
                learning_until: now.plus(std::time::Duration::from_mins(20)),
                day,
                reviews: 10,
                new: 10,
                shuffle: None,
            },
        )
        .expect("candidates");
    let mut seen: Vec<&str> = candidates.cards_seen.iter().map(CardId::as_str).collect();
    seen.sort_unstable();
    assert_eq!(seen, ["a", "c.1"]);
    assert_eq!(
        candidates
            .notes_seen
            .iter()
            .map(CardId::as_str)
            .collect::<Vec<_>>(),
        ["c"]
    );
    let new: Vec<&str> = candidates.new.iter().map(|e| e.card.as_str()).collect();
    assert_eq!(new, ["b", "c.2"]);
    let b = &candidates.new_facts[&card("b")];
    assert_eq!((b.kind, b.answer.as_str()), (Kind::Text, "beta"));
    assert_eq!(candidates.new_facts[&card("c.2")].answer, "delta");
    assert_eq!(candidates.new_facts.len(), 2, "new cards only");
    // `b` is related to `a` (in learning, not a candidate before tonight); `c.2` to nothing.
    assert_eq!(candidates.related[&card("b")], [card("a")]);
    assert_eq!(candidates.related.len(), 1);
}

#[test]
fn a_version_4_database_reads_its_decks_again_to_relate_their_cards() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE);
    {
        let conn = database_at_version(&path, 4);
        conn.execute(
            "INSERT INTO deck (deck_id, title, origin, content_hash, file_size, file_mtime,
                               schedule, synced_at)
             VALUES ('d', 'D', 'd.toml', 'abc', 10, 20, '{}', 0)",
            [],
        )
        .expect("data");
    }
    let store = Store::open(dir.path()).expect("migrate");
    let stored = store
        .deck_by_file("/decks/d.toml", "d.toml")
        .expect("q")
        .expect("the deck is kept");
    assert_eq!(
        (stored.hash.as_str(), stored.size, stored.mtime_ns),
        ("", None, None)
    );
}

#[test]
fn the_log_outlives_a_close_until_it_is_large_then_a_close_folds_it_in() {
    let dir = TempDir::new().expect("temp dir");
    let log = dir.path().join(format!("{DATABASE_FILE}-wal"));
    let size = || std::fs::metadata(&log).map_or(0, |m| m.len());
    {
        let store = Store::open(dir.path()).expect("open");
        store.execute_batch(
            "CREATE TABLE filler (x BLOB); INSERT INTO filler VALUES (zeroblob(1000));",
        );
    }
    let small = size();
    assert!(small > 0, "a small log is kept for the next process");
    {
        let store = Store::open(dir.path()).expect("open");
        store.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO filler SELECT zeroblob(1000) FROM n;",
        );
        assert!(size() > 1024 * 1024, "{}", size());
    }
    assert_eq!(
        size(),
        0,
        "a large log is folded into the database and emptied at close"
    );
    let store = Store::open(dir.path()).expect("open");
    let rows: i64 = store
        .conn
        .query_row("SELECT count(*) FROM filler", [], |row| row.get(0))
        .expect("count");
    assert_eq!(rows, 2001);
}

/// A sync writes the cards whose content changed and no other; a card that only moved gets its
/// new place, in the catalog and in every profile's state rows; answer forms follow the
/// changed cards.
#[test]
fn a_sync_writes_only_the_cards_that_changed() {
    let (_dir, mut store, id) = synced();
    let later = at("2026-12-01T09:00:00Z");
    // The same deck again: nothing to write.
    let report = sync(&mut store, &deck(DECK), "h2", later).expect("sync");
    assert_eq!((report.written, report.moved, report.added), (0, 0, 0));
    // `b` reworded and moved to the top, before `a`.
    let edited = DECK
        .replace("question = \"B?\"", "question = \"B, reworded?\"")
        .replace("answer = \"beta\"", "answer = \"bravo\"");
    let (head, rest) = edited.split_once("[[card]]\nid = \"a\"").expect("card a");
    let (a, rest) = rest.split_once("[[card]]\nid = \"b\"").expect("card b");
    let (b, c) = rest.split_once("[[card]]\nid = \"c\"").expect("card c");
    let reordered =
        format!("{head}[[card]]\nid = \"b\"{b}[[card]]\nid = \"a\"{a}[[card]]\nid = \"c\"{c}");
    let report = sync(&mut store, &deck(&reordered), "h3", later).expect("sync");
    assert_eq!(report.written, 1, "{report:?}");
    assert_eq!(report.changed_answers, [card("b")]);
    // `a` moved; `c` starts on the same line as before (`a` is one line longer than `b`).
    assert_eq!(report.moved, 1, "{report:?}");
    let positions: Vec<(String, i64, i64)> = {
        let mut stmt = store
            .conn
            .prepare(
                "SELECT c.card_id, c.position, s.position FROM card c
                 JOIN card_state s USING (deck_id, card_id) ORDER BY c.position",
            )
            .expect("prepare");
        stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .and_then(Iterator::collect)
            .expect("rows")
    };
    assert_eq!(
        positions,
        [
            ("b".to_owned(), 0, 0),
            ("a".to_owned(), 1, 1),
            ("c.1".to_owned(), 2, 2),
            ("c.2".to_owned(), 3, 3)
        ]
    );
    // The moved card's content has its new line (for `:edit`).
    let line = |id_: &str| {
        deck(&reordered)
            .cards()
            .find(|c| c.id == card(id_))
            .map(|c| c.line)
    };
    let stored = store.card(&id, &card("a")).expect("q").expect("card");
    assert_eq!(Some(stored.card.line), line("a"));
    assert!(store.is_other_answer(&id, "bravo", &card("a")).expect("q"));
    assert!(!store.is_other_answer(&id, "beta", &card("a")).expect("q"));
    assert!(store.is_other_answer(&id, "alfa", &card("b")).expect("q"));
    // A card removed, then back: its forms go and come back, its state row is kept.
    let without_a = format!("{head}[[card]]\nid = \"b\"{b}[[card]]\nid = \"c\"{c}");
    let report = sync(&mut store, &deck(&without_a), "h4", later).expect("sync");
    assert_eq!((report.removed, report.written), (1, 0), "{report:?}");
    assert!(!store.is_other_answer(&id, "alfa", &card("b")).expect("q"));
    let report = sync(&mut store, &deck(&reordered), "h5", later).expect("sync");
    assert_eq!(report.written, 1, "{report:?}");
    assert!(store.is_other_answer(&id, "alfa", &card("b")).expect("q"));
    let state = store
        .card_state("me", &id, &card("a"))
        .expect("q")
        .expect("row");
    assert_eq!(state.state, State::New);
}

/// Deck syncs are written with `synchronous = NORMAL` (they can be redone from the files); the
/// level answers are written with is restored after each, whether it succeeded or not.
/// A deck's first sync and its profile's first attach look up no parents of the rows they add
/// (every one refers to rows written with it): the rows they leave still all have their
/// parents, and every later write has its foreign keys checked again, a failed one too.
#[test]
fn first_syncs_leave_every_row_with_its_parents_and_the_checks_on() {
    let (_dir, mut store) = open();
    let checked = |store: &Store| -> bool {
        store
            .conn
            .pragma_query_value(None, "foreign_keys", |row| row.get(0))
            .expect("setting")
    };
    let orphans = |store: &Store| -> usize {
        store
            .conn
            .prepare("PRAGMA foreign_key_check")
            .and_then(|mut stmt| Ok(stmt.query_map([], |_| Ok(()))?.count()))
            .expect("check")
    };
    let d = deck(DECK);
    sync_linking(
        &mut store,
        &d,
        "h1",
        at("2026-11-30T09:00:00Z"),
        &[("a", "b")],
    )
    .expect("sync");
    assert!(checked(&store));
    store
        .attach("me", &d.id, at("2026-11-30T09:00:00Z"))
        .expect("attach");
    assert!(checked(&store));
    assert_eq!(orphans(&store), 0);
    // A later sync is checked: a related pair naming a card the deck lacks is refused.
    assert!(
        sync_linking(
            &mut store,
            &d,
            "h2",
            at("2026-11-30T10:00:00Z"),
            &[("a", "nowhere")]
        )
        .is_err()
    );
    assert!(checked(&store));
    assert_eq!(orphans(&store), 0);
}

#[test]
fn a_deck_sync_leaves_the_durability_of_answers_as_it_was() {
    let (_dir, mut store) = open();
    let level = |store: &Store| -> i64 {
        store
            .conn
            .pragma_query_value(None, "synchronous", |row| row.get(0))
            .expect("level")
    };
    let before = level(&store);
    assert!(
        before >= 2,
        "answers are written with FULL or more: {before}"
    );
    let d = deck(DECK);
    sync(&mut store, &d, "h1", at("2026-11-30T09:00:00Z")).expect("sync");
    store
        .attach("me", &d.id, at("2026-11-30T09:00:00Z"))
        .expect("attach");
    store
        .touch_decks(&[(d.id.clone(), fingerprint("h1"))])
        .expect("touch");
    assert_eq!(level(&store), before);
    // A sync that fails (a read-only database here) restores it too.
    store
        .conn
        .execute_batch("PRAGMA query_only = ON")
        .expect("read-only");
    assert!(sync(&mut store, &deck(DECK), "h2", at("2026-11-30T10:00:00Z")).is_err());
    assert_eq!(level(&store), before);
}

#[test]
fn a_snapshot_sees_one_state_however_another_process_writes_meanwhile() {
    let (_dir, store, deck) = synced();
    let mut other = Store::open_file(store.path()).expect("a second connection");
    let history = |s: &Store| s.history("me", &deck, &card("a")).map(|h| h.len());
    let now = at("2026-11-30T10:00:00Z");
    let seen: Result<(usize, usize, usize)> = store.snapshot(|s| {
        let before = history(s)?;
        other
            .record(&review(&deck, "a", now, Rating::Good, CardState::default()))
            .expect("another writer is not held up by a reader");
        // A snapshot opened inside another joins it.
        let nested = s.snapshot(history)?;
        Ok((before, history(s)?, nested))
    });
    assert_eq!(seen.expect("read"), (0, 0, 0));
    assert_eq!(
        history(&store).expect("read"),
        1,
        "seen once the snapshot ended"
    );

    // A failed read ends its snapshot too: the next one sees the latest data.
    let failed: Result<()> = store.snapshot(|_| {
        Err(StoreError::Corrupt {
            path: store.path().to_owned(),
            detail: "made up".into(),
        })
    });
    assert!(failed.is_err());
    let later = at("2026-12-03T10:00:00Z");
    let before = store
        .card_state("me", &deck, &card("a"))
        .expect("state")
        .expect("row");
    other
        .record(&review(&deck, "a", later, Rating::Good, before))
        .expect("second answer");
    assert_eq!(store.snapshot(history).expect("read"), 2);
}

/// `deck_stats` and `intervals` share one reading of the cards by state and interval inside a
/// snapshot, and a span of answers summed is read once there: what they give there is what
/// they give outside one, and nothing read is kept once the snapshot ends (an answer recorded
/// after it counts in the next).
#[test]
fn cards_by_state_and_interval_read_once_per_snapshot_stay_current() {
    let (_dir, mut store, deck) = synced();
    let tz = jiff::tz::TimeZone::UTC;
    let now = at("2026-11-30T10:00:00Z");
    let day = StudyDay::containing(now, &tz);
    let both = |store: &Store| -> Result<(DeckStats, Vec<(u32, u32)>)> {
        Ok((
            store.deck_stats("me", &deck, now, day, &tz, 21)?,
            store.intervals("me", &deck)?,
        ))
    };
    let before = both(&store).expect("outside a snapshot");
    assert_eq!((before.0.new, before.0.young), (4, 0));
    assert_eq!(before.1, Vec::new());
    let inside = store
        .snapshot(|s| {
            let first = both(s)?;
            // Read again from the memo: the same.
            assert_eq!(both(s)?, first);
            Ok::<_, StoreError>(first)
        })
        .expect("snapshot");
    assert_eq!(inside, before);
    store
        .record(&review(&deck, "a", now, Rating::Good, CardState::default()))
        .expect("record");
    let after = store.snapshot(both).expect("snapshot");
    assert_eq!(after, both(&store).expect("outside a snapshot"));
    assert_eq!((after.0.new, after.0.young), (3, 1));
    assert_eq!((after.0.reviews_today, after.0.streak_days), (1, 1));
    assert_eq!(after.1, vec![(2, 1)]);
    let days = [day.offset(-1, &tz), day];
    let charted = store
        .snapshot(|s| {
            let activity = s.activity("me", &deck, &days)?;
            Ok::<_, StoreError>((activity, s.deck_stats("me", &deck, now, day, &tz, 21)?))
        })
        .expect("snapshot");
    assert_eq!(charted.0[1].answers, 1);
    assert_eq!(charted.1, after.0);
}

/// A read that fails or unwinds inside a snapshot leaves no memo behind: the reads after it
/// go to the database again.
#[test]
fn a_snapshot_that_fails_or_unwinds_keeps_no_memo() {
    let (_dir, store, _deck) = synced();
    let failed: anyhow::Result<()> = store.snapshot(|store| {
        assert!(store.memo.borrow().is_some(), "a memo inside the snapshot");
        Err(anyhow::anyhow!("stop"))
    });
    assert!(failed.is_err());
    assert!(store.memo.borrow().is_none());
    let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _: anyhow::Result<()> = store.snapshot(|_| panic!("a read that panics"));
    }));
    assert!(unwound.is_err());
    assert!(store.memo.borrow().is_none());
}

#[test]
fn the_answer_when_last_reviewed_is_the_last_one_that_stands_of_any_profile() {
    let (_dir, mut store, deck) = synced();
    store
        .attach("you", &deck, at("2026-11-30T09:00:00Z"))
        .expect("attach");
    // (profile, card, when, the answer the card had then, undone afterwards)
    let answers = [
        ("me", "a", "2026-11-30T10:00:00Z", "alpha", false),
        ("you", "a", "2026-12-01T10:00:00Z", "alpha 2", false),
        ("me", "a", "2026-12-02T10:00:00Z", "alpha 3", true),
        ("me", "b", "2026-12-01T10:00:00Z", "beta", false),
        ("you", "b", "2026-11-29T10:00:00Z", "beta 0", false),
        ("you", "c.1", "2026-12-01T10:00:00Z", "gamma", true),
    ];
    let mut before: std::collections::HashMap<(&str, &str), CardState> =
        std::collections::HashMap::new();
    for (profile, id, when, expected, undone) in answers {
        let state = before.get(&(profile, id)).cloned().unwrap_or_default();
        let mut record = review(&deck, id, at(when), Rating::Good, state);
        record.profile = profile.into();
        record.expected = expected.into();
        let review_id = done(store.record(&record).expect("record"));
        if undone {
            assert!(store.undo(profile, review_id, at(when)).expect("undo"));
        } else {
            before.insert((profile, id), record.after.clone().expect("an after state"));
        }
    }
    let mut found: Vec<(String, String)> = store
        .answers_when_last_reviewed(&deck)
        .expect("read")
        .into_iter()
        .map(|(card, answer)| (card.to_string(), answer))
        .collect();
    found.sort();
    // Card b's last answer is the one recorded last (the log's order), not the latest clock.
    assert_eq!(
        found,
        [
            ("a".to_owned(), "alpha 2".to_owned()),
            ("b".to_owned(), "beta 0".to_owned())
        ]
    );
}

/// A deck of `n` cards, each with an accepted form and a tag, every tenth related to the next.
fn big_deck(n: usize) -> Deck {
    let mut text = String::from("[deck]\nid = \"big\"\ntitle = \"Big\"\n");
    for i in 0..n {
        // Ids out of order, so that the batches do not only append.
        let id = (i * 7919) % n;
        text.push_str(&format!(
            "[[card]]\nid = \"c{id}\"\nquestion = \"Q{i}?\"\nanswer = \"a{i}\"\naccept = [\"f{i}\"]\ntags = [\"t{}\"]\n",
            i % 3
        ));
        if i % 10 == 0 && i + 1 < n {
            text.push_str(&format!("related = [\"c{}\"]\n", ((i + 1) * 7919) % n));
        }
    }
    deck(&text)
}

/// New cards are written many to a statement: every card of a deck longer than a few batches
/// (and of a last, shorter one) is stored, in order, with its forms, links and state rows,
/// both when the deck is read for the first time and when cards are added to a followed deck.
#[test]
fn every_new_card_is_written_whatever_the_batches() {
    let (_dir, mut store) = open();
    let now = at("2026-11-30T09:00:00Z");
    for n in [catalog::BATCH * 2 + 5, catalog::BATCH * 3 + 1] {
        let d = big_deck(n);
        let links: Vec<(CardId, CardId)> = d
            .notes
            .iter()
            .filter_map(|note| Some((note.id.clone(), note.related.as_ref()?.first()?.clone())))
            .collect();
        store
            .sync_deck(
                DeckSync {
                    deck: &d,
                    fingerprint: &fingerprint(&format!("h{n}")),
                    answer_forms: &answer_forms,
                    renames: &Vec::new,
                    links: &links,
                },
                now,
            )
            .expect("sync");
        store.attach("me", &d.id, now).expect("attach");
        let cards: Vec<crate::deck::Card> = d.cards().collect();
        assert_eq!(store.deck_cards(&d.id).expect("cards"), cards, "{n} cards");
        let count = |sql: &str| -> i64 {
            store
                .conn
                .query_row(sql, [], |row| row.get(0))
                .expect("count")
        };
        let n = i64::try_from(n).expect("small");
        assert_eq!(
            count("SELECT count(*) FROM answer_form WHERE deck_id = 'big'"),
            2 * n
        );
        assert_eq!(
            count("SELECT count(*) FROM card_link WHERE deck_id = 'big'"),
            2 * i64::try_from(links.len()).expect("small")
        );
        assert_eq!(
            count(
                "SELECT count(*) FROM card_state s JOIN card c USING (deck_id, card_id)
                 WHERE s.deck_id = 'big' AND s.position = c.position AND s.state = 'new'
                   AND s.present = 1"
            ),
            n
        );
        assert!(store.is_other_answer(&d.id, "f3", &card("c0")).expect("q"));
    }
}

/// A version-12 database, its cards stored with the whole card as content, opens as version
/// 13: its cards read as before, and its cards are counted by state as before (new cards now
/// from `card_state_new`).
#[test]
fn a_version_12_database_reads_its_cards_and_counts_them_as_before() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE);
    let d = deck(DECK);
    let cards: Vec<crate::deck::Card> = d.cards().collect();
    {
        let conn = database_at_version(&path, 12);
        conn.execute_batch(
            "INSERT INTO deck (deck_id, title, origin, content_hash, schedule, synced_at)
             VALUES ('d', 'D', 'd.toml', 'h', '{}', 0);
             INSERT INTO profile (name, created_at) VALUES ('me', 0);
             INSERT INTO profile_deck (profile, deck_id, content_hash) VALUES ('me', 'd', 'h');",
        )
        .expect("deck");
        for (position, card) in cards.iter().enumerate() {
            // The first card as saved before lines had a column.
            let line = (position > 0).then_some(card.line);
            let position = i64::try_from(position).expect("small");
            conn.execute(
                "INSERT INTO card (deck_id, card_id, note_id, position, kind, content, answer,
                                   line)
                 VALUES ('d', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![
                    card.id,
                    card.note,
                    position,
                    card.kind.as_str(),
                    serde_json::to_string(card).expect("json"),
                    card.answer,
                    line
                ],
            )
            .expect("card");
            // Two new cards, one in review for 3 days, one learning.
            let (state, days) = match position {
                2 => ("review", 3),
                3 => ("learning", 0),
                _ => ("new", 0),
            };
            conn.execute(
                "INSERT INTO card_state (profile, deck_id, card_id, note_id, position, state,
                                         due, scheduled_days)
                 VALUES ('me', 'd', ?1, ?2, ?3, ?4, 0, ?5)",
                rusqlite::params![card.id, card.note, position, state, days],
            )
            .expect("state");
        }
    }
    let store = Store::open(dir.path()).expect("migrate");
    assert_eq!(store.schema_version().expect("version"), current_version());
    store.integrity_check().expect("sound");
    assert_eq!(store.deck_cards(&d.id).expect("cards"), cards);
    let first = store.card(&d.id, &cards[0].id).expect("q").expect("stored");
    assert_eq!(first.card, cards[0]);
    let groups = store.state_groups("me", &d.id).expect("groups");
    assert_eq!(
        groups.as_slice(),
        [
            (State::New, 0, 2),
            (State::Learning, 0, 1),
            (State::Review, 3, 1)
        ]
    );
}
