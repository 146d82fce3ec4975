//! The database as recall finds it (issue 12, defect 9): another program's `SQLite` file is left
//! byte for byte as it was, and a database found damaged gets no further write until it is
//! repaired.

use std::path::{Path, PathBuf};

use crate::support::Env;

fn database(env: &Env) -> PathBuf {
    env.data_dir().join("recall.sqlite3")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("readable")
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let env = Env::with_study_deck();
    std::fs::create_dir_all(env.data_dir()).expect("data dir");
    let conn = rusqlite::Connection::open(database(&env)).expect("create");
    conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine');")
        .expect("another program's schema");
    drop(conn);
    let before = read(&database(&env));
    for args in [&["due"][..], &["stats"], &["rate", "study/capital", "good"]] {
        env.recall(args)
            .run()
            .code(1)
            .stderr_has("is another program's SQLite database")
            .stderr_has("leaves it untouched");
        assert_eq!(read(&database(&env)), before, "{args:?} changed the file");
    }
    let names: Vec<String> = std::fs::read_dir(env.data_dir())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["recall.sqlite3"], "no -wal or -shm beside it");
}

/// The first page of `index`'s b-tree overwritten with garbage, as a bad disk sector would.
fn damage(env: &Env, index: &str) {
    let path = database(env);
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
    let page: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
            [index],
            |r| r.get(0),
        )
        .expect("the index");
    let size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page size");
    drop(conn);
    let mut bytes = read(&path);
    let start = usize::try_from((page - 1) * size).expect("small");
    let end = start + usize::try_from(size).expect("small");
    bytes[start..end].fill(0x55);
    std::fs::write(&path, bytes).expect("damage");
}

/// Regression: after a write failed on a damaged database, the next `rate` or `card` still
/// wrote into it wherever the damage did not reach.
#[test]
fn a_damaged_database_gets_no_further_write_until_it_is_repaired() {
    let env = Env::with_study_deck();
    for card in ["capital", "cento", "premier"] {
        env.recall(["rate", &format!("study/{card}"), "good"])
            .run()
            .success();
    }
    let sound = read(&database(&env));
    damage(&env, "review_card");
    // The write that meets the damage fails, says so and says what to do.
    env.recall(["rate", "study/capital", "good"])
        .run()
        .code(1)
        .stderr_has("is damaged")
        .stderr_has("writes nothing more to it")
        .stderr_has(".recover");
    let damaged = read(&database(&env));
    // Later writes, even ones the damage would not reach, are refused and change nothing.
    for args in [
        &["rate", "study/u2", "good"][..],
        &["study"],
        &["drill", "--seed", "1", "--name", "N"],
    ] {
        let out = env.recall(args).stdin("Karachi\n").run();
        out.code(1).stderr_has("is damaged");
        assert_eq!(read(&database(&env)), damaged, "{args:?} wrote into it");
    }
    // `doctor` reports the damage too.
    env.recall(["doctor"])
        .run()
        .code(1)
        .stderr_has("is damaged");
    // Repaired (here: the sound copy put back), recall writes again and drops the mark.
    std::fs::write(database(&env), &sound).expect("repair");
    for leftover in ["recall.sqlite3-wal", "recall.sqlite3-shm"] {
        let _ = std::fs::remove_file(env.data_dir().join(leftover));
    }
    env.recall(["rate", "study/u2", "good"]).run().success();
    assert!(!env.data_dir().join("recall.sqlite3.damaged").exists());
}

/// `doctor` finding damage that no write has met yet stops later writes as well.
#[test]
fn damage_found_by_doctor_stops_later_writes() {
    let env = Env::with_study_deck();
    env.recall(["rate", "study/capital", "good"])
        .run()
        .success();
    damage(&env, "drill_attempt_seed");
    // A write the damage does not reach still succeeds while nobody knows of it...
    env.recall(["rate", "study/cento", "good"]).run().success();
    // ...until `doctor` finds it.
    env.recall(["doctor"])
        .run()
        .code(1)
        .stderr_has("is damaged");
    let damaged = read(&database(&env));
    env.recall(["rate", "study/premier", "good"])
        .run()
        .code(1)
        .stderr_has("is damaged");
    assert_eq!(read(&database(&env)), damaged);
}
