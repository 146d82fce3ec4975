//! Study, practice and the single-review commands through the real binary, in plain mode
//! (stdin is not a terminal): recording, progress kept between runs, limits, practice leaving
//! the schedule alone, removed cards, crash safety and two processes on one database.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::Env;

fn reviews(env: &Env) -> i64 {
    let conn = rusqlite::Connection::open(env.data_dir().join("recall.sqlite3")).expect("open db");
    conn.query_row(
        "SELECT count(*) FROM review WHERE undone_at IS NULL",
        [],
        |r| r.get(0),
    )
    .expect("count")
}

#[test]
fn a_plain_session_records_every_answer_and_keeps_progress() {
    let env = Env::with_study_deck();
    // New cards in deck order: capital, cento, premier (choice), u2, alliances.1 (new limit 5).
    let out = env
        .recall(["study", "--seed", "1"])
        .stdin("Karahci\n1954\nKosygin\ny\n:quit\n")
        .run();
    out.success()
        .stdout_has("right, with a typo: Karachi")
        .stdout_has("wrong: 1955")
        .stdout_has("right: Kosygin")
        .stdout_has("right: true")
        .stdout_has("Session ended")
        .stdout_has("4 answered");
    assert_eq!(reviews(&env), 4);
    let capital = env.card_json("study/capital");
    assert_eq!(capital["state"], "learning");
    assert_eq!(capital["reps"], 1);
    assert_eq!(capital["history"][0]["verdict"], "typo");
    assert_eq!(capital["history"][0]["rating"], "hard");
    // Next run: the new limit (5) has one card left today; the missed card is relearning.
    let again = env.recall(["study"]).stdin(":quit\n").run();
    again.success();
    let due = env.recall(["due", "--json"]).run();
    let due = due.json();
    assert_eq!(due[0]["new_today"], 1);
    assert_eq!(due[0]["learning_today"], 4);
}

#[test]
fn end_of_input_ends_the_session_with_a_summary() {
    let env = Env::with_study_deck();
    env.recall(["study"])
        .stdin("Karachi\n")
        .run()
        .success()
        .stdout_has("Session ended")
        .stdout_has("1 answered");
    assert_eq!(reviews(&env), 1);
}

#[test]
fn cloze_siblings_are_not_shown_on_the_same_day() {
    let env = Env::with_study_deck();
    let out = env.recall(["study"]).stdin("").run();
    out.success();
    let asked = env.recall(["due", "--json"]).run().json();
    // 7 cards (6 notes, the cloze has 2 gaps), limit 5, one gap buried: 5 offered.
    assert_eq!(asked[0]["new_total"], 7);
    let session = env
        .recall(["study"])
        .stdin("Karachi\n1955\n1\ny\nSEATO\n")
        .run();
    session.success();
    assert!(
        !session
            .stdout
            .contains("Pakistan joined SEATO in 1954 and ["),
        "the second gap must wait for another day:\n{}",
        session.stdout
    );
}

#[test]
fn daily_new_limit_is_respected_per_profile() {
    let env = Env::with_study_deck();
    let answers = "x\n".repeat(10);
    let first = env.recall(["study"]).stdin(answers.clone()).run();
    first.success();
    // Five new cards introduced (the limit); wrong answers come back within the session.
    let new_seen: i64 = {
        let conn = rusqlite::Connection::open(env.data_dir().join("recall.sqlite3")).expect("db");
        conn.query_row(
            "SELECT count(DISTINCT card_id) FROM review WHERE state_before = 'new'",
            [],
            |r| r.get(0),
        )
        .expect("count")
    };
    assert_eq!(new_seen, 5);
    // Another profile has its own limit.
    env.recall(["study", "--profile", "sam"])
        .stdin("Karachi\n")
        .run()
        .success()
        .stdout_has("1 answered");
    let sam = env
        .recall(["card", "study/capital", "--json", "--profile", "sam"])
        .run()
        .json();
    assert_eq!(sam["reps"], 1);
    let me = env.card_json("study/capital");
    assert!(me["reps"].as_u64().unwrap_or(0) >= 1);
}

#[test]
fn practice_never_changes_the_schedule() {
    let env = Env::with_study_deck();
    env.recall(["rate", "study/cento", "good"]).run().success();
    env.recall(["rate", "study/cento", "good"])
        .env("RECALL_NOW", "2026-11-30T09:15:00Z")
        .run()
        .success();
    let before = env.card_json("study/cento");
    assert_eq!(before["state"], "review");
    let out = env
        .recall(["practice", "--count", "3"])
        .stdin("1954\n1954\n1954\n1954\n")
        .run();
    out.success()
        .stdout_has("schedule unchanged")
        .stdout_has("does not change when cards are due");
    let after = env.card_json("study/cento");
    assert_eq!(after["due"], before["due"]);
    assert_eq!(after["state"], before["state"]);
    assert_eq!(after["reps"], before["reps"]);
    let modes: Vec<&str> = after["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["mode"].as_str())
        .collect();
    assert!(modes.contains(&"practice"), "{modes:?}");
}

#[test]
fn practice_filters_by_tag() {
    let env = Env::new();
    env.write(
        "decks/tags.toml",
        r#"[deck]
id = "tags"
title = "Tags"
[[card]]
id = "a"
question = "A?"
answer = "alpha"
tags = ["greek"]
explain = "e"
source = "s"
[[card]]
id = "b"
question = "B?"
answer = "bravo"
tags = ["nato"]
explain = "e"
source = "s"
"#,
    );
    let out = env
        .recall(["practice", "--tag", "nato"])
        .stdin("bravo\n")
        .run();
    out.success().stdout_has("B?").stdout_has("1 answered");
    assert!(!out.stdout.contains("A?"));
    env.recall(["practice", "--tag", "latin"])
        .run()
        .success()
        .stdout_has("No cards tagged latin.");
}

#[test]
fn rate_answer_and_card_are_scriptable() {
    let env = Env::with_study_deck();
    let out = env
        .recall(["answer", "study/poet", "jullundhir", "--json"])
        .run();
    out.success();
    let json = out.json();
    assert_eq!(json["verdict"], "typo");
    assert_eq!(json["expected"], "Hafeez Jullundhri");
    assert_eq!(json["rating"], "hard");
    let dry = env
        .recall(["answer", "study/cento", "1954", "--json", "--dry-run"])
        .run();
    dry.success();
    assert_eq!(dry.json()["verdict"], "wrong");
    assert_eq!(dry.json()["rating"], "again");
    assert_eq!(env.card_json("study/cento")["reps"], 0);

    env.recall(["rate", "study/capital", "3"])
        .run()
        .success()
        .stdout_has("study/capital: Good");
    let card = env.card_json("study/capital");
    for key in [
        "state",
        "stability",
        "difficulty",
        "retrievability",
        "due",
        "reps",
        "lapses",
        "history",
    ] {
        assert!(card.get(key).is_some(), "missing key {key}: {card}");
    }
    assert_eq!(card["state"], "learning");
    assert_eq!(card["due"], "2026-11-30T09:10:00Z");
    assert_eq!(card["reps"], 1);
    env.recall(["rate", "study/capital", "meh"])
        .run()
        .code(2)
        .stderr_has("not a rating");
    env.recall(["rate", "study/nope", "good"])
        .run()
        .code(2)
        .stderr_has("has no card `nope`");
    env.recall(["rate", "nodeck/capital", "good"])
        .run()
        .code(2)
        .stderr_has("no deck or file `nodeck`");
    env.recall(["rate", "capital", "good"])
        .run()
        .code(2)
        .stderr_has("DECK_ID/CARD_ID");
}

#[test]
fn a_long_history_replays_through_rate() {
    let env = Env::with_study_deck();
    // Good every time the card comes due: intervals grow.
    let mut now: jiff::Timestamp = "2026-11-30T09:00:00Z".parse().expect("time");
    let mut intervals = Vec::new();
    for _ in 0..8 {
        let out = env
            .recall(["rate", "study/cento", "good", "--json"])
            .env("RECALL_NOW", now.to_string())
            .run();
        out.success();
        let json = out.json();
        intervals.push(json["interval_days"].as_f64().expect("interval"));
        now = json["due"].as_str().expect("due").parse().expect("time");
    }
    assert!(
        intervals.windows(2).skip(2).all(|w| w[1] > w[0]),
        "{intervals:?}"
    );
    let card = env.card_json("study/cento");
    assert_eq!(card["reps"], 8);
    assert_eq!(card["lapses"], 0);
}

#[test]
fn a_removed_card_keeps_history_and_breaks_nothing() {
    let env = Env::with_study_deck();
    let path = env.study_deck_path();
    env.recall(["rate", "study/poet", "good"]).run().success();
    let text = std::fs::read_to_string(&path).expect("deck");
    let cut = text.find("[[card]]\nid = \"poet\"").expect("poet card");
    std::fs::write(&path, &text[..cut]).expect("rewrite deck");
    env.recall(["study"]).stdin(":quit\n").run().success();
    env.recall(["due"]).run().success();
    env.recall(["stats", "--json"]).run().success();
    let card = env.card_json("study/poet");
    assert_eq!(card["present"], false);
    assert_eq!(card["history"].as_array().map(Vec::len), Some(1));
    env.recall(["rate", "study/poet", "good"])
        .run()
        .code(1)
        .stderr_has("removed from its deck");
}

#[test]
fn a_changed_answer_is_reported_and_history_kept() {
    let env = Env::with_study_deck();
    let path = env.study_deck_path();
    env.recall(["rate", "study/capital", "good"])
        .run()
        .success();
    let text = std::fs::read_to_string(&path).expect("deck");
    std::fs::write(
        &path,
        text.replace("answer = \"Karachi\"", "answer = \"Karachi, Sindh\""),
    )
    .expect("edit");
    let out = env
        .recall(["card", "study/capital", "--json"])
        .env("RECALL_NOW", "2026-11-30T10:00:00Z")
        .run();
    out.success()
        .stderr_has("1 card has a new answer (capital)");
    let json = out.json();
    assert_eq!(json["answer_changed"], true);
    assert_eq!(json["history"].as_array().map(Vec::len), Some(1));
    // The review database is read only when asked.
    let plain = env.recall(["check"]).run();
    plain.success();
    assert!(!plain.stdout.contains("answer-changed"), "{}", plain.stdout);
    env.recall(["check", "--history"])
        .run()
        .success()
        .stdout_has("decks/study.toml:10:1: warning[answer-changed]: the answer of `capital` changed since it was last reviewed (it was `Karachi`)");
}

#[test]
fn stats_count_states_reviews_and_streak() {
    let env = Env::with_study_deck();
    env.recall(["rate", "study/capital", "easy"])
        .env("RECALL_NOW", "2026-11-29T09:00:00Z")
        .run()
        .success();
    env.recall(["rate", "study/cento", "again"]).run().success();
    let stats = env.recall(["stats", "--json"]).run().json();
    let s = &stats[0];
    assert_eq!(s["young"], 1);
    assert_eq!(s["learning"], 1);
    assert_eq!(s["new"], 5);
    assert_eq!(s["reviews_today"], 1);
    assert_eq!(s["reviews_7d"], 2);
    assert_eq!(s["streak_days"], 2);
}

/// A `recall study` in plain mode, and a way to wait for its next `answer> ` prompt.
fn study_session(
    env: &Env,
) -> (
    std::process::Child,
    std::process::ChildStdin,
    std::sync::mpsc::Receiver<()>,
) {
    let mut child = env
        .command(["study"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn recall");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut buffer = Vec::new();
        // Prompts end without a newline: read byte chunks and count them.
        loop {
            buffer.clear();
            match reader.read_until(b' ', &mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    if buffer.ends_with(b"answer> ") && tx.send(()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    (child, stdin, rx)
}

#[test]
fn killing_a_session_loses_no_answer_and_leaves_the_database_sound() {
    let env = Env::with_study_deck();
    let (mut child, mut stdin, rx) = study_session(&env);
    let wait_prompt = || rx.recv_timeout(Duration::from_secs(30)).expect("a prompt");
    let answers = ["Karachi", "1955", "2"];
    wait_prompt();
    for answer in answers {
        writeln!(stdin, "{answer}").expect("write answer");
        stdin.flush().expect("flush");
        // The next prompt means the answer was graded, recorded and the next card shown.
        wait_prompt();
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    assert_eq!(reviews(&env), i64::try_from(answers.len()).expect("small"));
    let conn = rusqlite::Connection::open(env.data_dir().join("recall.sqlite3")).expect("db");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    // The cache agrees with the log.
    env.recall(["doctor", "--rebuild"])
        .run()
        .success()
        .stdout_has("integrity: ok");
}

/// The write-ahead log is kept between processes (no checkpoint at close): an answer
/// acknowledged on screen is in the log alone until a checkpoint, and is found there after a
/// SIGKILL that came right after it.
#[test]
fn an_answer_acknowledged_right_before_sigkill_is_found_in_the_kept_log() {
    let env = Env::with_study_deck();
    env.recall(["due"]).run().success();
    let database = env.data_dir().join("recall.sqlite3");
    let log = env.data_dir().join("recall.sqlite3-wal");
    assert!(
        log.metadata().is_ok_and(|m| m.len() > 0),
        "the log outlives the process that wrote it"
    );
    let (mut child, mut stdin, rx) = study_session(&env);
    let wait_prompt = || rx.recv_timeout(Duration::from_secs(30)).expect("a prompt");
    wait_prompt();
    writeln!(stdin, "Karachi").expect("write answer");
    stdin.flush().expect("flush");
    // The next question: the answer was acknowledged.
    wait_prompt();
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    // The answer is not in the database file alone (a copy without its log lacks it)...
    let bare = tempfile::TempDir::new().expect("temp dir");
    std::fs::copy(&database, bare.path().join("copy.sqlite3")).expect("copy");
    let copy = rusqlite::Connection::open(bare.path().join("copy.sqlite3")).expect("copy");
    let in_file: i64 = copy
        .query_row("SELECT count(*) FROM review", [], |r| r.get(0))
        .unwrap_or(0);
    assert_eq!(
        in_file, 0,
        "the answer was checkpointed: this test needs it in the log"
    );
    // ... and recall, reopening the database with its log, finds it.
    let card = env.card_json("study/capital");
    assert_eq!(card["reps"], 1);
    assert_eq!(card["history"].as_array().map(Vec::len), Some(1));
    assert_eq!(card["history"][0]["answer"], "Karachi");
    env.recall(["doctor"])
        .run()
        .success()
        .stdout_has("integrity: ok");
}

#[test]
fn two_processes_answering_at_once_both_succeed() {
    let env = Env::with_study_deck();
    // Sync the deck once so both processes find it in the database.
    env.recall(["due"]).run().success();
    // Each answer on the wall clock, as two people answering at once would.
    let rate_ten_times = |cards: &[&str]| {
        for _ in 0..10 {
            for card in cards {
                let status = env
                    .command(["rate", &format!("study/{card}"), "good"])
                    .env_remove("RECALL_NOW")
                    .stdout(Stdio::null())
                    .stderr(Stdio::inherit())
                    .status()
                    .expect("run recall");
                assert!(status.success());
            }
        }
    };
    let started = Instant::now();
    std::thread::scope(|scope| {
        let a = scope.spawn(|| rate_ten_times(&["capital", "cento"]));
        let b = scope.spawn(|| rate_ten_times(&["premier", "u2"]));
        a.join().expect("first process group");
        b.join().expect("second process group");
    });
    assert_eq!(reviews(&env), 40, "after {:?}", started.elapsed());
    for card in ["capital", "cento", "premier", "u2"] {
        assert_eq!(
            env.card_json(&format!("study/{card}"))["reps"],
            10,
            "{card}"
        );
    }
}

#[test]
fn a_corrupt_or_foreign_database_is_refused_clearly() {
    let env = Env::with_study_deck();
    std::fs::create_dir_all(env.data_dir()).expect("data dir");
    std::fs::write(
        env.data_dir().join("recall.sqlite3"),
        "not a database ".repeat(100),
    )
    .expect("garbage");
    for args in [
        &["due"][..],
        &["study"][..],
        &["stats"][..],
        &["card", "study/capital"][..],
    ] {
        env.recall(args)
            .stdin("Karachi\n")
            .run()
            .code(1)
            .no_panic()
            .stderr_has("is not a recall database (or is corrupt); move it aside");
    }
}

#[test]
fn a_closed_stdin_ends_a_session_cleanly() {
    let env = Env::with_study_deck();
    let out = env.recall(["study"]).run();
    out.success().stdout_has("No answers this time.");
    let drill = env.recall(["drill", "--seed", "1", "--name", "N"]).run();
    drill.success().stdout_has("Score: 0/");
}

/// Regression: help (or any input that draws the screen again) must not save the previous
/// answer again, nor undo one more answer.
#[test]
fn help_after_an_answer_or_an_undo_changes_nothing() {
    let env = Env::with_study_deck();
    env.recall(["study", "--flip"])
        .stdin("\n3\n?\n?\n:quit\n")
        .run()
        .success();
    assert_eq!(reviews(&env), 1, "a flashcard rating is saved once");
    let env = Env::with_study_deck();
    env.recall(["study"])
        .stdin("Karachi\n1955\n:undo\n?\n?\n:quit\n")
        .run()
        .success()
        .stdout_has("1 answered");
    assert_eq!(reviews(&env), 1, ":undo takes back exactly one answer");
}

/// Regression: a second file with a deck id already in use is left out before it touches the
/// database, so the first file's cards stay the deck's cards.
#[test]
fn a_duplicate_deck_file_never_replaces_the_first() {
    let env = Env::new();
    let deck = |title: &str, question: &str| {
        format!(
            "[deck]\nid = \"geo\"\ntitle = \"{title}\"\n[[card]]\nid = \"q\"\nquestion = \"{question}\"\nanswer = \"x\"\nexplain = \"e\"\nsource = \"s\"\n"
        )
    };
    env.write("decks/a.toml", deck("Geo A", "From file A?"));
    env.write("decks/old/b.toml", deck("Geo B", "From file B?"));
    for _ in 0..2 {
        let out = env.recall(["study"]).stdin("x\n").run();
        out.success()
            .stderr_has("deck id `geo` is also used by decks/a.toml")
            .stdout_has("From file A?");
        assert!(!out.stdout.contains("From file B?"), "{}", out.stdout);
    }
    let card = env.card_json("geo/q");
    assert_eq!(card["question"], "From file A?");
    assert_eq!(card["present"], true);
}

/// Regression: naming a deck twice, or a file and an id together.
#[test]
fn decks_named_twice_or_by_path_and_id_are_used_once() {
    let env = Env::with_study_deck();
    env.write(
        "decks/other.toml",
        "[deck]\nid = \"other\"\ntitle = \"Other\"\n[[card]]\nid = \"o\"\nquestion = \"O?\"\nanswer = \"o\"\nexplain = \"e\"\nsource = \"s\"\n",
    );
    let twice = env.recall(["study", "study", "study"]).stdin("").run();
    // The deck allows 5 new cards a day; named twice it is still asked once.
    twice.success().stdout_has("[0 done · 5 left · 0 right]");
    let same_file = env
        .recall(["due", "decks/study.toml", "./decks/study.toml", "--json"])
        .run();
    same_file.success();
    assert!(
        !same_file.stderr.contains("duplicate-id"),
        "{}",
        same_file.stderr
    );
    assert_eq!(same_file.json().as_array().map(Vec::len), Some(1));
    let mixed = env
        .recall(["due", "decks/study.toml", "other", "--json"])
        .run();
    mixed.success();
    let json = mixed.json();
    let ids: Vec<&str> = json
        .as_array()
        .expect("decks")
        .iter()
        .filter_map(|d| d["id"].as_str())
        .collect();
    assert_eq!(ids, ["study", "other"]);
}

/// Regression: practice answers do not count as reviews or change the retention figure.
#[test]
fn practice_leaves_stats_alone() {
    let env = Env::with_study_deck();
    env.recall(["rate", "study/cento", "good"])
        .env("RECALL_NOW", "2026-11-20T09:00:00Z")
        .run()
        .success();
    env.recall(["rate", "study/cento", "good"])
        .env("RECALL_NOW", "2026-11-20T09:11:00Z")
        .run()
        .success();
    env.recall(["rate", "study/cento", "good"]).run().success();
    let before = env.recall(["stats", "--json"]).run().json();
    env.recall(["practice", "--count", "3"])
        .stdin("x\nx\nx\nx\nx\nx\n")
        .run()
        .success();
    let after = env.recall(["stats", "--json"]).run().json();
    for key in [
        "reviews_today",
        "reviews_7d",
        "reviews_30d",
        "true_retention_30d",
        "young",
        "learning",
        "new",
    ] {
        assert_eq!(after[0][key], before[0][key], "{key}");
    }
    assert_eq!(before[0]["true_retention_30d"], 1.0);
}

/// Regression: the "fast answer → Easy" rule is for a person typing at a terminal. A piped
/// answer takes no time at all, and used to be rated Easy (and scheduled weeks ahead) once the
/// card had a usual time.
#[test]
fn a_piped_answer_is_never_easy_by_speed() {
    let env = Env::new();
    env.write(
        "decks/f.toml",
        "[deck]\nid = \"f\"\ntitle = \"F\"\n[deck.schedule]\nfuzz = false\n\
         [[card]]\nid = \"paris\"\nquestion = \"Capital of France?\"\nanswer = \"Paris\"\n",
    );
    for now in ["2026-11-30T09:00:00Z", "2026-11-30T09:10:00Z"] {
        env.recall(["study"])
            .env("RECALL_NOW", now)
            .stdin("Paris\n")
            .run()
            .success()
            .stdout_has("right: Paris");
    }
    // Two right answers that took the learner 20 s each: the card's usual time.
    let conn = rusqlite::Connection::open(env.data_dir().join("recall.sqlite3")).expect("open db");
    conn.execute("UPDATE review SET duration_ms = 20000", [])
        .expect("durations");
    drop(conn);
    env.recall(["study"])
        .env("RECALL_NOW", "2026-12-30T09:00:00Z")
        .stdin("Paris\n")
        .run()
        .success()
        .stdout_has("right: Paris")
        .stdout_has("Good");
    let card = env.card_json("f/paris");
    assert_eq!(card["history"][2]["rating"], "good", "{card}");
}

/// Issue 14: a deck file whose time alone changed (a checkout, a copy) costs a hash, and its
/// cards are not saved again; one whose bytes changed is saved once more.
#[test]
fn a_touched_deck_file_is_not_saved_again_and_an_edited_one_is() {
    let env = Env::with_study_deck();
    env.recall(["due"]).run().success();
    let file = env.study_deck_path();
    let set_time = |ago: u64| {
        std::fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|f| {
                f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(ago))
            })
            .expect("set the file's time");
    };
    for ago in [3600, 7200] {
        set_time(ago);
        env.recall(["due"]).run().success();
    }
    env.recall(["doctor"])
        .run()
        .success()
        .stdout_has("deck study: cards saved from its file 1 time\n");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        text.replacen("question = \"", "question = \"Now: ", 1),
    )
    .expect("edit");
    set_time(3600);
    env.recall(["due"]).run().success();
    env.recall(["doctor"])
        .run()
        .success()
        .stdout_has("deck study: cards saved from its file 2 times\n");
}

/// Regression (issue 17): a deck file is one deck however its path is spelt. `due` with
/// `decks`, `./decks`, `decks/`, the absolute path and the file itself, in turn and again,
/// saves the cards once in all, and the progress made in between stays.
#[test]
fn a_deck_is_synced_once_however_its_path_is_spelt() {
    let env = Env::with_study_deck();
    env.recall(["due"]).run().success();
    env.recall(["answer", "study/capital", "Karachi"])
        .run()
        .success();
    let absolute = env.cwd.path().join("decks");
    let file = env.study_deck_path();
    let spellings: [&std::ffi::OsStr; 7] = [
        "decks".as_ref(),
        "./decks".as_ref(),
        "decks/".as_ref(),
        absolute.as_os_str(),
        "decks/study.toml".as_ref(),
        "./decks/../decks/study.toml".as_ref(),
        file.as_os_str(),
    ];
    for round in 0..2 {
        for spelling in spellings {
            let out = env.recall(["due"]).arg(spelling).run();
            out.success();
            assert!(
                !out.stderr.contains("answer changed"),
                "round {round}, {spelling:?}: {}",
                out.stderr
            );
        }
        env.recall(["due"]).run().success();
    }
    env.recall(["doctor"])
        .run()
        .success()
        .stdout_has("deck study: cards saved from its file 1 time\n");
    let capital = env.card_json("study/capital");
    assert_eq!(capital["reps"], 1, "{capital}");
    assert_eq!(reviews(&env), 1);
}
