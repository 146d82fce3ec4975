//! Several recall processes answering the same cards at once (issue 12, defect 1): no answer may
//! be lost, and every card's cached state must equal a replay of its review log afterwards.

use std::process::Stdio;

use serde_json::Value;

use crate::support::Env;

/// The bundled deck's cards the writers share: a year card rated, a text card answered.
const RATED: &str = "pakistan-soviet-relations/cento-year";
const ANSWERED: &str = "pakistan-soviet-relations/liaquat-invited";

const WRITERS: usize = 4;
const ANSWERS_PER_WRITER: usize = 24;
const ROUNDS: usize = 2;

/// What a card's history says its state must be: the last scheduling answer's state, with reps
/// counted over every answer and lapses over the review-state answers rated Again.
fn assert_state_is_the_replay(card: &Value, id: &str) {
    let history = card["history"].as_array().expect("a history");
    let scheduled: Vec<&Value> = history
        .iter()
        .filter(|h| h["scheduled"] == true && h["undone"] == false)
        .collect();
    assert_eq!(
        card["reps"].as_u64(),
        Some(scheduled.len() as u64),
        "{id}: reps must equal the number of answers in the log"
    );
    let lapses = scheduled
        .iter()
        .filter(|h| h["state_before"] == "review" && h["rating"] == "again")
        .count();
    assert_eq!(card["lapses"].as_u64(), Some(lapses as u64), "{id}: lapses");
    let last = scheduled.last().expect("answers were recorded");
    for (field, logged) in [
        ("state", "state_after"),
        ("due", "due"),
        ("stability", "stability"),
        ("difficulty", "difficulty"),
    ] {
        assert_eq!(
            card[field], last[logged],
            "{id}: `{field}` differs from the last answer in the log"
        );
    }
}

#[test]
fn concurrent_writers_lose_no_answer_and_leave_state_equal_to_the_log() {
    for round in 0..ROUNDS {
        let env = Env::new();
        // One process creates the database, as a learner's first command would.
        env.recall(["due"]).run().success();
        std::thread::scope(|scope| {
            for writer in 0..WRITERS {
                let env = &env;
                scope.spawn(move || {
                    for n in 0..ANSWERS_PER_WRITER {
                        let args: Vec<&str> = if (writer + n) % 2 == 0 {
                            let rating = ["good", "again", "hard", "easy"][(writer + n) % 4];
                            vec!["rate", RATED, rating]
                        } else {
                            let reply = if n % 3 == 0 {
                                "Liaquat"
                            } else {
                                "Liaquat Ali Khan"
                            };
                            vec!["answer", ANSWERED, reply]
                        };
                        let status = env
                            .command(&args)
                            .stdout(Stdio::null())
                            .stderr(Stdio::null())
                            .status()
                            .expect("run recall");
                        assert!(status.success(), "round {round}: `recall {args:?}` failed");
                    }
                });
            }
        });
        let mut total = 0;
        for id in [RATED, ANSWERED] {
            let card = env.card_json(id);
            assert_state_is_the_replay(&card, id);
            total += card["reps"].as_u64().expect("reps");
        }
        assert_eq!(
            total,
            (WRITERS * ANSWERS_PER_WRITER) as u64,
            "round {round}: every acknowledged answer is counted"
        );
        env.recall(["doctor"])
            .run()
            .success()
            .stdout_has("card state: matches the review log");
    }
}

#[test]
fn doctor_reports_a_state_that_differs_from_the_log_and_rebuild_repairs_it() {
    let env = Env::new();
    env.recall(["rate", RATED, "good"]).run().success();
    env.recall(["doctor"])
        .run()
        .success()
        .stdout_has("card state: matches the review log");
    let conn = rusqlite::Connection::open(env.data_dir().join("recall.sqlite3")).expect("database");
    conn.execute(
        "UPDATE card_state SET reps = 7 WHERE card_id = 'cento-year'",
        [],
    )
    .expect("damage the cache");
    drop(conn);
    env.recall(["doctor"])
        .run()
        .code(1)
        .stdout_has("card state: 1 card differs from the review log")
        .stdout_has("pakistan-soviet-relations/cento-year (default): learning, 7 reps; the log says learning, 1 rep");
    env.recall(["doctor", "--rebuild"])
        .run()
        .success()
        .stdout_has("rebuilt the state of")
        .stdout_has("card state: matches the review log");
    assert_eq!(env.card_json(RATED)["reps"], 1);
}

#[test]
fn a_session_answer_to_a_card_answered_meanwhile_is_scheduled_from_the_saved_state() {
    use std::io::{Read, Write};
    let env = Env::with_study_deck();
    let mut session = env
        .command(["study"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start a session");
    let mut stdout = session.stdout.take().expect("stdout");
    let mut seen = Vec::new();
    let mut buffer = [0u8; 1024];
    while !String::from_utf8_lossy(&seen).contains("answer> ") {
        let n = stdout.read(&mut buffer).expect("read the first question");
        assert!(n > 0, "the session ended before asking");
        seen.extend_from_slice(&buffer[..n]);
    }
    assert!(String::from_utf8_lossy(&seen).contains("festival of Soviet films"));
    // While the question is on screen, another process answers the same card.
    env.recall(["rate", "study/capital", "easy"])
        .run()
        .success();
    let mut stdin = session.stdin.take().expect("stdin");
    stdin.write_all(b"Karachi\n:quit\n").expect("answer");
    drop(stdin);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).expect("the rest");
    assert!(session.wait().expect("wait").success(), "{rest}");
    let card = env.card_json("study/capital");
    assert_eq!(card["reps"], 2, "both answers count");
    assert_state_is_the_replay(&card, "study/capital");
    assert_eq!(
        card["history"][1]["state_before"], card["history"][0]["state_after"],
        "the session's answer was scheduled from the state the other answer left"
    );
    env.recall(["doctor"])
        .run()
        .success()
        .stdout_has("card state: matches the review log");
}
