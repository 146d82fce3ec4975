//! Knowing your memory through the binary: `optimize` on a synthetic learner's history (and on
//! too little), the scheduler and `card` using the saved parameters, `simulate` against `due`,
//! leeches in sessions and headless answers, `leeches` and `unsuspend`, and the stats charts
//! (snapshots at 80 and 120 columns and in ASCII, the HTML page's SVGs).

use std::path::Path;

use recall::memory::synthetic::{Learner, SyntheticAnswer, generate, unusual_parameters};
use recall::scheduler::Parameters;
use recall::time::Timestamp;
use serde_json::json;

use crate::support::{Env, NOW};

/// A deck of `cards` text cards `c0`…, in `./decks/memory.toml`.
fn memory_deck(env: &Env, cards: usize, schedule: &str) {
    let mut text =
        format!("[deck]\nid = \"memory\"\ntitle = \"Memory\"\n\n[deck.schedule]\n{schedule}\n");
    for card in 0..cards {
        text.push_str(&format!(
            "\n[[card]]\nid = \"c{card}\"\nquestion = \"Question {card}?\"\nanswer = \"answer {card}\"\n"
        ));
    }
    env.write("decks/memory.toml", text);
}

/// Writes a synthetic learner's answers and the cards' final states into the database, as
/// study sessions would have.
fn write_history(data: &Path, log: &[SyntheticAnswer]) {
    let mut conn =
        rusqlite::Connection::open(data.join("recall.sqlite3")).expect("the database exists");
    let tx = conn.transaction().expect("transaction");
    let mut last = std::collections::BTreeMap::new();
    for answer in log {
        let after = &answer.after;
        let memory = after.memory.expect("answered cards have a memory");
        tx.execute(
            "INSERT INTO review (profile, deck_id, card_id, reviewed_at, rating, answer,
                 expected, verdict, correct, duration_ms, mode, scheduled, state_before,
                 state_after, step_after, stability, difficulty, due, scheduled_days)
             VALUES ('default', 'memory', ?1, ?2, ?3, NULL, 'x', NULL, ?4, ?5, 'study', 1,
                     ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            rusqlite::params![
                format!("c{}", answer.card),
                answer.at.millis(),
                answer.rating.as_str(),
                answer.rating != recall::scheduler::Rating::Again,
                answer.duration_ms,
                answer.state_before.as_str(),
                after.state.as_str(),
                after.step,
                f64::from(memory.stability),
                f64::from(memory.difficulty),
                after.due.map(Timestamp::millis),
                after.scheduled_days,
            ],
        )
        .expect("insert a review");
        last.insert(answer.card, (answer.at, after.clone()));
    }
    for (card, (at, after)) in last {
        let memory = after.memory.expect("a memory");
        tx.execute(
            "UPDATE card_state SET state = ?2, step = ?3, stability = ?4, difficulty = ?5,
                 due = ?6, last_review = ?7, scheduled_days = ?8, reps = ?9, lapses = ?10
             WHERE profile = 'default' AND deck_id = 'memory' AND card_id = ?1",
            rusqlite::params![
                format!("c{card}"),
                after.state.as_str(),
                after.step,
                f64::from(memory.stability),
                f64::from(memory.difficulty),
                after.due.map(Timestamp::millis),
                at.millis(),
                after.scheduled_days,
                after.reps,
                after.lapses,
            ],
        )
        .expect("update a card");
    }
    tx.commit().expect("commit");
}

/// An environment whose deck was studied for 150 days (ending the day before [`NOW`]) by a
/// learner whose memory follows `truth`.
fn studied_by(truth: Parameters, seed: u64) -> Env {
    let env = Env::new();
    memory_deck(&env, 400, "new_per_day = 10");
    env.recall(["due"]).run().success();
    let now: Timestamp = NOW.parse().expect("a time");
    let log = generate(&Learner {
        truth,
        cards: 400,
        new_per_day: 10,
        days: 150,
        seed,
        start: now.plus_days(-150),
    });
    write_history(env.data_dir(), &log);
    env
}

#[test]
fn optimize_fits_an_unusual_learner_saves_the_fit_and_the_scheduler_uses_it() {
    let env = studied_by(unusual_parameters(), 7);
    let same = studied_by(unusual_parameters(), 7);
    assert_eq!(
        env.card_json("memory/c3")["parameters"]["next"]["source"],
        "default"
    );

    let dry = env.recall(["optimize", "--dry-run", "--json"]).run();
    dry.success();
    let dry = dry.json();
    assert_eq!(dry["saved"], false);
    assert_eq!(dry["fit"]["better"], true);
    assert_eq!(
        env.card_json("memory/c3")["parameters"]["next"]["source"],
        "default"
    );

    let text = env.recall(["optimize"]).run();
    text.success()
        .stdout_has("log loss")
        .stdout_has("RMSE(bins)")
        .stdout_has("defaults")
        .stdout_has("fitted")
        .stdout_has("saved: the fitted parameters schedule profile `default`")
        .stdout_has("set `retention = ");
    let card = env.card_json("memory/c3");
    assert_eq!(card["parameters"]["next"]["source"], "fitted");
    assert_eq!(card["parameters"]["next"]["scope"], "profile");
    // The last answer came before the fit: the defaults scheduled it.
    assert_eq!(card["parameters"]["last_review"]["source"], "default");

    // The same card answered the same way, with and without the fitted parameters.
    let fitted = env
        .recall(["rate", "memory/c3", "good", "--json"])
        .run()
        .json();
    let default = same
        .recall(["rate", "memory/c3", "good", "--json"])
        .run()
        .json();
    assert_ne!(
        fitted["interval_days"], default["interval_days"],
        "{fitted} {default}"
    );
    let card = env.card_json("memory/c3");
    assert_eq!(card["parameters"]["last_review"]["source"], "fitted");

    // Back to the defaults.
    env.recall(["optimize", "--reset"])
        .run()
        .success()
        .stdout_has("uses the default parameters again");
    assert_eq!(
        env.card_json("memory/c3")["parameters"]["next"]["source"],
        "default"
    );
}

#[test]
fn optimize_with_too_little_history_says_so_and_keeps_the_defaults() {
    let env = Env::with_study_deck();
    env.recall(["rate", "study/capital", "good"])
        .run()
        .success();
    env.recall(["optimize"])
        .run()
        .success()
        .stdout_has("too little history to fit")
        .stdout_has("keeps its parameters");
    let json = env.recall(["optimize", "--json"]).run().json();
    assert_eq!(json["saved"], false);
    assert_eq!(json["too_little_history"]["needed"], 400);
    assert_eq!(
        env.card_json("study/capital")["parameters"]["next"]["source"],
        "default"
    );
}

#[test]
fn practice_and_undone_answers_never_feed_the_fit() {
    let env = Env::with_study_deck();
    // Practice answers only: nothing to fit.
    env.recall(["practice", "--count", "3", "--seed", "1"])
        .stdin("x\nx\nx\nx\nx\nx\nx\nx\nx\n")
        .run()
        .success();
    let json = env.recall(["optimize", "--json"]).run().json();
    assert_eq!(json["too_little_history"]["answers"], 0);
}

#[test]
fn simulate_runs_without_history_on_the_defaults() {
    let env = Env::with_study_deck();
    let json = env
        .recall(["simulate", "--days", "30", "--new-per-day", "5", "--json"])
        .run()
        .json();
    assert_eq!(json["parameters"]["source"], "default");
    assert_eq!(json["forecast"]["days"].as_array().map(Vec::len), Some(30));
    let due = env.recall(["due", "--json"]).run().json();
    assert_eq!(json["forecast"]["total_new"], due[0]["new_total"]);
    env.recall(["simulate", "--days", "30"])
        .run()
        .success()
        .stdout_has("reviews")
        .stdout_has("memorized");
    env.recall(["simulate", "--retention", "0.5"])
        .run()
        .code(2)
        .stderr_has("outside 0.7-0.99");
}

#[test]
fn simulate_says_truthfully_where_the_answer_times_come_from() {
    let env = Env::new();
    memory_deck(&env, 30, "new_per_day = 10");
    env.recall(["due"]).run().success();
    // Answers from `rate` have no time: the times are the crate's defaults.
    for card in ["memory/c0", "memory/c1"] {
        env.recall(["rate", card, "good"]).run().success();
    }
    let out = env
        .recall(["simulate", "--days", "7"])
        .env("COLUMNS", "200")
        .run();
    out.success().stdout_has("default answer times");
    assert!(!out.stdout.contains("from 2"), "{}", out.stdout);
    let json = env
        .recall(["simulate", "--days", "7", "--json"])
        .run()
        .json();
    assert_eq!(
        (json["answers"].clone(), json["timed_answers"].clone()),
        (json!(2), json!(0))
    );
    // Some timed answers beside them: measured from those, and said so.
    let now: Timestamp = NOW.parse().expect("a time");
    let log = generate(&Learner {
        truth: Parameters::default(),
        cards: 30,
        new_per_day: 5,
        days: 8,
        seed: 3,
        start: now.plus_days(-9),
    });
    write_history(env.data_dir(), &log);
    let conn = rusqlite::Connection::open(env.data_dir().join("recall.sqlite3")).expect("db");
    let (all, timed): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(*) FILTER (WHERE duration_ms > 0) FROM review",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("counts");
    drop(conn);
    assert!(timed > 0 && timed < all, "{timed} of {all}");
    env.recall(["simulate", "--days", "7"])
        .env("COLUMNS", "200")
        .run()
        .success()
        .stdout_has(&format!("answer times measured from {timed} timed answers"));
    let json = env
        .recall(["simulate", "--days", "7", "--json"])
        .run()
        .json();
    assert_eq!(
        (json["answers"].clone(), json["timed_answers"].clone()),
        (json!(all), json!(timed))
    );
}

#[test]
fn simulate_forecasts_the_next_week_as_due_does() {
    // A known collection: cards learnt long ago with long memories (no one forgets them in a
    // week), falling due over the next days.
    let env = Env::new();
    memory_deck(&env, 40, "new_per_day = 0");
    env.recall(["due"]).run().success();
    let now: Timestamp = NOW.parse().expect("a time");
    let conn = rusqlite::Connection::open(env.data_dir().join("recall.sqlite3")).expect("db");
    for card in 0..40i64 {
        let due = now.plus_days(card % 9 - 1).millis();
        conn.execute(
            "UPDATE card_state SET state = 'review', stability = 3000.0, difficulty = 4.0,
                 due = ?2, last_review = ?3, scheduled_days = 400, reps = 6
             WHERE profile = 'default' AND deck_id = 'memory' AND card_id = ?1",
            rusqlite::params![format!("c{card}"), due, now.plus_days(-300).millis()],
        )
        .expect("a review card");
    }
    drop(conn);
    let simulated = env
        .recall(["simulate", "--days", "7", "--json"])
        .run()
        .json();
    let stats = env.recall(["stats", "--days", "30", "--json"]).run().json();
    let due = env.recall(["due", "--json"]).run().json();
    let forecast = &stats[0]["charts"]["forecast"];
    for day in 0..7 {
        assert_eq!(
            simulated["forecast"]["days"][day]["reviews"], forecast[day]["due"],
            "day {day}: {simulated} {forecast}"
        );
    }
    assert_eq!(
        simulated["forecast"]["days"][0]["reviews"],
        due[0]["review_today"]
    );
}

#[test]
fn a_leech_is_said_suspended_listed_with_its_wrong_replies_and_unsuspended() {
    let env = Env::new();
    env.write(
        "decks/d.toml",
        "[deck]\nid = \"d\"\ntitle = \"D\"\n[deck.schedule]\nleech_lapses = 2\n\n\
         [[card]]\nid = \"capital\"\nquestion = \"Capital of Pakistan in 1950?\"\nanswer = \"Karachi\"\n\n\
         [[card]]\nid = \"other\"\nquestion = \"Another?\"\nanswer = \"yes\"\n",
    );
    let at = |day: i64, args: &[&str]| {
        let now: Timestamp = NOW.parse().expect("a time");
        env.recall(args)
            .env("RECALL_NOW", now.plus_days(day).to_rfc3339())
            .run()
    };
    at(0, &["rate", "d/capital", "easy"]).success();
    at(20, &["answer", "d/capital", "Lahore"]).success(); // lapse 1
    at(20, &["rate", "d/capital", "easy"]).success();
    let out = at(60, &["answer", "d/capital", "Lahore"]); // lapse 2: a leech
    out.success()
        .stdout_has("this card is a leech: forgotten 2 times")
        .stdout_has("recall unsuspend d/capital");
    let card = env.card_json("d/capital");
    assert_eq!(card["suspended"], true);
    // Out of the queues and counts.
    let due = at(200, &["due", "--json"]).json();
    assert_eq!(due[0]["review_today"], 0, "{due}");
    assert_eq!(due[0]["new_total"], 1);
    let stats = at(200, &["stats", "--json"]).json();
    assert_eq!(stats[0]["suspended"], 1);
    let leeches = env.recall(["leeches", "--json"]).run().json();
    assert_eq!(leeches[0]["card"], "capital");
    assert_eq!(leeches[0]["lapses"], 2);
    assert_eq!(leeches[0]["wrong_replies"][0][0], "Lahore");
    assert_eq!(leeches[0]["wrong_replies"][0][1], 2);
    env.recall(["leeches"])
        .run()
        .success()
        .stdout_has("d/capital")
        .stdout_has("forgotten 2 times")
        .stdout_has("\"Lahore\"");
    env.recall(["unsuspend", "d/capital"])
        .run()
        .success()
        .stdout_has("back in study");
    env.recall(["unsuspend", "d/capital"])
        .run()
        .code(2)
        .stderr_has("is not suspended");
    // Back in study, in its relearning step.
    let due = at(200, &["due", "--json"]).json();
    assert_eq!(due[0]["learning_now"], 1, "{due}");
    // Relearnt, then forgotten once more: suspended again.
    at(200, &["rate", "d/capital", "good"]).success();
    at(260, &["rate", "d/capital", "again"])
        .success()
        .stdout_has("this card is a leech");
    assert_eq!(env.card_json("d/capital")["suspended"], true);
    // Rated while suspended: recorded, and said so.
    at(261, &["rate", "d/capital", "again"])
        .success()
        .stdout_has("d/capital is suspended")
        .stdout_has("stays out of sessions and queues until `recall unsuspend d/capital`");
    let rated = at(262, &["rate", "d/capital", "good", "--json"]).json();
    assert_eq!(rated["suspended"], true, "{rated}");
    assert_eq!(env.card_json("d/capital")["suspended"], true);
    let other = at(262, &["rate", "d/other", "good", "--json"]).json();
    assert_eq!(other["suspended"], false, "{other}");
}

#[test]
fn a_session_says_when_a_card_becomes_a_leech_and_drops_it() {
    let env = Env::new();
    env.write(
        "decks/d.toml",
        "[deck]\nid = \"d\"\ntitle = \"D\"\n[deck.schedule]\nleech_lapses = 1\nrelearning_steps = [\"1m\"]\n\n\
         [[card]]\nid = \"capital\"\nquestion = \"Capital of Pakistan in 1950?\"\nanswer = \"Karachi\"\n",
    );
    env.recall(["rate", "d/capital", "easy"])
        .env("RECALL_NOW", "2026-11-01T09:00:00Z")
        .run()
        .success();
    // Wrong in a session: a lapse, a leech, suspended: the relearning step never comes.
    let out = env.recall(["study"]).stdin("Lahore\n\n").run();
    out.success()
        .stdout_has("this card is a leech: forgotten 1 time.");
    assert_eq!(env.card_json("d/capital")["suspended"], true);

    // Tagged only: said, and studied on.
    let env = Env::new();
    env.write(
        "decks/d.toml",
        "[deck]\nid = \"d\"\ntitle = \"D\"\n[deck.schedule]\nleech_lapses = 1\nleech_action = \"tag\"\n\n\
         [[card]]\nid = \"capital\"\nquestion = \"Capital of Pakistan in 1950?\"\nanswer = \"Karachi\"\n",
    );
    env.recall(["rate", "d/capital", "easy"])
        .env("RECALL_NOW", "2026-11-01T09:00:00Z")
        .run()
        .success();
    env.recall(["study"])
        .stdin("Lahore\n\n")
        .run()
        .success()
        .stdout_has("consider rewriting it");
    let card = env.card_json("d/capital");
    assert_eq!(
        (card["leech"].clone(), card["suspended"].clone()),
        (true.into(), false.into())
    );
}

#[test]
fn a_bad_leech_setting_is_a_deck_error() {
    let env = Env::new();
    let path = env.write(
        "decks/d.toml",
        "[deck]\nid = \"d\"\ntitle = \"D\"\n[deck.schedule]\nleech_action = \"delete\"\nleech_lapses = 0\n\n\
         [[card]]\nquestion = \"Q?\"\nanswer = \"a\"\n",
    );
    env.recall(["check"])
        .arg_path(&path)
        .run()
        .code(1)
        .stdout_has("error[bad-leech-action]")
        .stdout_has("leech_lapses 0 is outside 1");
}

/// An environment with a small known history over a few weeks, for chart snapshots.
fn charted() -> Env {
    studied_by(unusual_parameters(), 11)
}

#[test]
fn stats_charts_at_80_and_120_columns_and_in_ascii() {
    let env = charted();
    for (name, columns, lang) in [
        ("stats_chart_80", "80", "C.UTF-8"),
        ("stats_chart_120", "120", "C.UTF-8"),
        ("stats_chart_ascii", "80", "C"),
    ] {
        let out = env
            .recall(["stats", "--chart", "--days", "365"])
            .env("COLUMNS", columns)
            .env("LANG", lang)
            .run();
        out.success();
        let text = out.stdout.clone();
        let width = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(
            width <= columns.parse().expect("a number"),
            "{name}: {width} columns"
        );
        if lang == "C" {
            assert!(text.is_ascii(), "{name} is not ASCII:\n{text}");
        }
        insta::assert_snapshot!(name, text);
    }
    // Piped without --chart: numbers only.
    let plain = env.recall(["stats"]).run();
    plain.success();
    assert!(!plain.stdout.contains("Answers per day"));
}

#[test]
fn every_line_of_stats_and_simulate_fits_a_narrow_terminal() {
    let env = charted();
    for columns in [40, 52, 60, 72] {
        for (args, lang) in [
            (&["stats", "--chart", "--days", "365"][..], "C.UTF-8"),
            (&["stats", "--chart", "--days", "30"][..], "C"),
            (&["simulate", "--days", "30"][..], "C.UTF-8"),
        ] {
            let out = env
                .recall(args)
                .env("COLUMNS", columns.to_string())
                .env("LANG", lang)
                .run();
            out.success();
            for line in out.stdout.lines() {
                assert!(
                    line.chars().count() <= columns,
                    "{args:?} at {columns} columns: {} columns in\n{line}\n\n{}",
                    line.chars().count(),
                    out.stdout
                );
            }
        }
    }
}

#[test]
fn stats_json_has_every_chart() {
    let env = charted();
    let json = env.recall(["stats", "--json", "--days", "30"]).run().json();
    let charts = &json[0]["charts"];
    assert_eq!(charts["days"].as_array().map(Vec::len), Some(30));
    assert_eq!(charts["forecast"].as_array().map(Vec::len), Some(30));
    assert!(charts["weeks"].as_array().is_some_and(|w| w.len() == 5));
    assert_eq!(charts["intervals"].as_array().map(Vec::len), Some(10));
    let answered: u64 = charts["days"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d["answers"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(charts["answers"].as_u64(), Some(answered));
    assert!(answered > 0);
    let default = env.recall(["stats", "--json"]).run().json();
    assert_eq!(
        default[0]["charts"]["days"].as_array().map(Vec::len),
        Some(365)
    );
}

/// A lean XML check: every tag closed in order, attribute values quoted, only the five
/// predefined entities and numeric references.
fn well_formed(xml: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find(['<', '&']) {
        let (before, from) = rest.split_at(open);
        if before.contains('>') {
            return Err(format!(
                "a stray `>` before {}",
                &from[..from.len().min(40)]
            ));
        }
        if from.starts_with('&') {
            let end = from.find(';').ok_or("an unterminated entity")?;
            let name = &from[1..end];
            let known = ["amp", "lt", "gt", "quot", "apos"].contains(&name)
                || name
                    .strip_prefix('#')
                    .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
            if !known {
                return Err(format!("unknown entity `&{name};`"));
            }
            rest = &from[end + 1..];
            continue;
        }
        let end = from.find('>').ok_or("an unterminated tag")?;
        let tag = &from[1..end];
        rest = &from[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name.trim() => {}
                other => return Err(format!("`</{name}>` closes {other:?}")),
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name: String = body.chars().take_while(|c| !c.is_whitespace()).collect();
        if name.is_empty() {
            return Err("an empty tag".into());
        }
        let mut attributes = body[name.len()..].trim();
        while !attributes.is_empty() {
            let (key, value) = attributes
                .split_once('=')
                .ok_or_else(|| format!("attribute without a value in <{name}>"))?;
            if key.trim().is_empty() || !value.starts_with('"') {
                return Err(format!("unquoted attribute in <{name}>"));
            }
            let close = value[1..].find('"').ok_or("an unterminated attribute")?;
            attributes = value[close + 2..].trim();
        }
        if !self_closing {
            stack.push(name);
        }
    }
    if rest.contains('>') {
        return Err("a stray `>` at the end".into());
    }
    match stack.as_slice() {
        [] => Ok(()),
        open => Err(format!("unclosed {open:?}")),
    }
}

#[test]
fn the_html_stats_page_is_self_contained_and_its_svgs_parse() {
    let env = charted();
    let path = env.cwd.path().join("stats.html");
    env.recall(["stats", "--html", "--out"])
        .arg_path(&path)
        .run()
        .success()
        .stdout_has("wrote");
    let html = std::fs::read_to_string(&path).expect("the page");
    assert!(html.starts_with("<!doctype html>"));
    for banned in ["<script", "http://", "https://", "<link", "@import", "src="] {
        assert!(!html.contains(banned), "the page refers to `{banned}`");
    }
    let mut svgs = 0;
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("a closed svg") + start + "</svg>".len();
        well_formed(&rest[start..end]).unwrap_or_else(|e| panic!("svg {svgs}: {e}"));
        svgs += 1;
        rest = &rest[end..];
    }
    assert_eq!(
        svgs, 5,
        "heatmap, forecast, retention, intervals, answer time"
    );
    assert!(html.contains("<rect class=\"cell"), "the heatmap has days");
    // The checker itself refuses what a browser's XML parser would.
    assert!(well_formed("<svg><rect></svg>").is_err());
    assert!(well_formed("<svg a=b></svg>").is_err());
    assert!(well_formed("<svg><text>a & b</text></svg>").is_err());
}

/// Collects bytes and DEFLATE-compresses them when finished, for a zip entry.
struct Deflater<W: std::io::Write> {
    inner: W,
    buffer: Vec<u8>,
}

impl<W: std::io::Write> std::io::Write for Deflater<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How a test package stores its collection.
#[derive(Clone, Copy)]
enum Packing {
    /// `collection.anki2`, deflated (old exports).
    Legacy,
    /// `collection.anki21b`, zstd-compressed, stored (Anki 2.1.50 and later), beside the dummy
    /// `collection.anki2` new exports carry.
    Modern,
}

/// An Anki collection with a Basic note studied from new, a Basic note whose log starts in
/// review, a Basic note never studied and a two-gap cloze note; `days_ago` places the answers.
fn anki_collection(path: &Path, now: Timestamp) {
    let conn = rusqlite::Connection::open(path).expect("a collection");
    conn.execute_batch(
        "CREATE TABLE col (id INTEGER PRIMARY KEY, crt INTEGER, models TEXT, decks TEXT);
         CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, mid INTEGER, tags TEXT, flds TEXT);
         CREATE TABLE cards (id INTEGER PRIMARY KEY, nid INTEGER, did INTEGER, ord INTEGER,
             type INTEGER, queue INTEGER, due INTEGER, ivl INTEGER, factor INTEGER, reps INTEGER,
             lapses INTEGER, odid INTEGER);
         CREATE TABLE revlog (id INTEGER PRIMARY KEY, cid INTEGER, ease INTEGER, ivl INTEGER,
             lastIvl INTEGER, factor INTEGER, time INTEGER, type INTEGER);",
    )
    .expect("schema");
    let created = now.plus_days(-400).millis() / 1000;
    conn.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?3)",
        rusqlite::params![
            created,
            r#"{"10": {"name": "Basic"}, "11": {"name": "Cloze"}}"#,
            r#"{"1": {"name": "Default"}, "5": {"name": "History::Cold War"}}"#
        ],
    )
    .expect("col");
    let note = |id: i64, guid: &str, mid: i64, flds: &str| {
        conn.execute(
            "INSERT INTO notes VALUES (?1, ?2, ?3, ' cold-war ', ?4)",
            rusqlite::params![id, guid, mid, flds],
        )
        .expect("note");
    };
    note(
        1,
        "Ab1+xyz",
        10,
        "Which year did Pakistan join <b>CENTO</b>?\u{1f}1955",
    );
    note(
        2,
        "Cd2/uvw",
        10,
        "Who signed the Tashkent Declaration?\u{1f}Ayub Khan",
    );
    note(3, "Ef3", 10, "Never studied?\u{1f}yes");
    note(
        4,
        "Gh4",
        11,
        "{{c1::SEATO}} in 1954 and {{c2::CENTO}} in 1955\u{1f}",
    );
    let card = |id: i64, nid: i64, ord: i64, kind: i64, due: i64, ivl: i64| {
        conn.execute(
            "INSERT INTO cards VALUES (?1, ?2, 5, ?3, ?4, ?4, ?5, ?6, 2500, 3, 0, 0)",
            rusqlite::params![id, nid, ord, kind, due, ivl],
        )
        .expect("card");
    };
    card(101, 1, 0, 2, 405, 10);
    card(102, 2, 0, 2, 402, 30);
    card(103, 3, 0, 0, 0, 0);
    card(104, 4, 0, 2, 403, 5);
    card(105, 4, 1, 2, 404, 5);
    let answer = |cid: i64, days_ago: i64, minutes: u64, ease: i64, kind: i64| {
        let at = now
            .plus_days(-days_ago)
            .plus(std::time::Duration::from_mins(minutes));
        conn.execute(
            "INSERT INTO revlog VALUES (?1, ?2, ?3, 1, 20, 2500, 6000, ?4)",
            rusqlite::params![at.millis(), cid, ease, kind],
        )
        .expect("revlog");
    };
    // From new: learning steps, then reviews, one lapse.
    answer(101, 30, 0, 3, 0);
    answer(101, 30, 10, 3, 0);
    answer(101, 27, 0, 3, 1);
    answer(101, 20, 0, 1, 1);
    answer(101, 20, 10, 3, 2);
    answer(101, 12, 0, 3, 1);
    answer(101, 12, 1, 0, 4); // a manual reschedule: not an answer
    // Starts in review: the log was trimmed.
    answer(102, 25, 0, 3, 1);
    answer(102, 5, 0, 4, 1);
    // Both cloze gaps from new.
    answer(104, 10, 0, 3, 0);
    answer(104, 7, 0, 3, 1);
    answer(105, 10, 1, 4, 0);
}

/// An `.apkg` of [`anki_collection`] packed as `packing` says.
fn anki_package(env: &Env, packing: Packing) -> std::path::PathBuf {
    let now: Timestamp = NOW.parse().expect("a time");
    let db = env.cwd.path().join("collection.db");
    anki_collection(&db, now);
    let database = std::fs::read(&db).expect("the collection");
    std::fs::remove_file(&db).expect("cleanup");
    let mut zip = Vec::new();
    {
        let mut archive = rawzip::ZipArchiveWriter::new(&mut zip);
        let mut add = |name: &str, bytes: &[u8], method: rawzip::CompressionMethod| {
            let (mut entry, config) = archive
                .new_file(name)
                .compression_method(method)
                .start()
                .expect("an entry");
            if method == rawzip::CompressionMethod::DEFLATE {
                let deflater = Deflater {
                    inner: &mut entry,
                    buffer: Vec::new(),
                };
                let mut writer = config.wrap(deflater);
                std::io::Write::write_all(&mut writer, bytes).expect("write");
                let (deflater, output) = writer.finish().expect("finish");
                let packed = miniz_oxide::deflate::compress_to_vec(&deflater.buffer, 6);
                std::io::Write::write_all(deflater.inner, &packed).expect("deflated");
                entry.finish(output).expect("entry");
            } else {
                let mut writer = config.wrap(&mut entry);
                std::io::Write::write_all(&mut writer, bytes).expect("write");
                let (_, output) = writer.finish().expect("finish");
                entry.finish(output).expect("entry");
            }
        };
        match packing {
            Packing::Legacy => add(
                "collection.anki2",
                &database,
                rawzip::CompressionMethod::DEFLATE,
            ),
            Packing::Modern => {
                add(
                    "collection.anki2",
                    b"not the real collection",
                    rawzip::CompressionMethod::STORE,
                );
                let packed = ruzstd::encoding::compress_to_vec(
                    database.as_slice(),
                    ruzstd::encoding::CompressionLevel::Fastest,
                );
                add(
                    "collection.anki21b",
                    &packed,
                    rawzip::CompressionMethod::STORE,
                );
            }
        }
        add("media", b"{}", rawzip::CompressionMethod::STORE);
        archive.finish().expect("the archive");
    }
    let path = env.cwd.path().join("deck.apkg");
    std::fs::write(&path, zip).expect("the package");
    path
}

#[test]
fn an_anki_package_brings_its_cards_and_review_history() {
    for packing in [Packing::Legacy, Packing::Modern] {
        let env = Env::new();
        let package = anki_package(&env, packing);
        let into = env.cwd.path().join("decks/cold-war.toml");
        env.recall(["import"])
            .arg_path(&package)
            .arg("--into")
            .arg_path(&into)
            .arg("--dry-run")
            .run()
            .success()
            .stdout_has("would bring the review history of 4 cards (11 answers)");
        let out = env
            .recall(["import"])
            .arg_path(&package)
            .arg("--into")
            .arg_path(&into)
            .run();
        out.success()
            .stdout_has("4 added")
            .stdout_has("review history: 11 answers of 4 cards")
            .stdout_has("1 started from their SM-2 interval and ease");
        let deck = std::fs::read_to_string(&into).expect("the deck");
        assert!(deck.contains("title = \"Cold War\""), "{deck}");
        assert!(
            deck.contains("Which year did Pakistan join CENTO?"),
            "{deck}"
        );
        let id = |guid: &str| recall::authoring::formats::anki::id_for_guid(guid);
        let studied = env.card_json(&format!("cold-war/{}", id("Ab1+xyz")));
        assert_eq!(studied["reps"], 6, "{studied}");
        assert_eq!(studied["lapses"], 1);
        assert_eq!(studied["state"], "review");
        assert_eq!(studied["history"][0]["state_before"], "new");
        let trimmed = env.card_json(&format!("cold-war/{}", id("Cd2/uvw")));
        assert_eq!(trimmed["reps"], 2);
        assert!(
            trimmed["stability"].as_f64().is_some_and(|s| s > 20.0),
            "{trimmed}"
        );
        let gap = env.card_json(&format!("cold-war/{}.2", id("Gh4")));
        assert_eq!(gap["reps"], 1, "{gap}");
        let never = env.card_json(&format!("cold-war/{}", id("Ef3")));
        assert_eq!(never["state"], "new");
        // The log is the truth: the states are what a replay gives.
        env.recall(["doctor"]).run().success();
        // Again: nothing is duplicated.
        env.recall(["import"])
            .arg_path(&package)
            .arg("--into")
            .arg_path(&into)
            .run()
            .success()
            .stdout_has("review history: 0 answers of 0 cards")
            .stdout_has("4 already had a history in recall and kept it");
        assert_eq!(
            env.card_json(&format!("cold-war/{}", id("Ab1+xyz")))["reps"],
            6
        );
    }
}

#[test]
fn a_damaged_or_foreign_zip_is_refused_with_what_to_do() {
    let env = Env::new();
    let bad = env.write("deck.apkg", b"PK\x03\x04 truncated");
    env.recall(["import"])
        .arg_path(&bad)
        .arg("--into")
        .arg("decks/x.toml")
        .run()
        .code(1)
        .stderr_has("Anki Deck Package");
    assert!(!env.cwd.path().join("decks/x.toml").exists());
}

#[test]
fn the_html_stats_page_says_so_when_no_answer_was_timed() {
    // `recall rate` records no answer time: the page says so instead of drawing an empty chart
    // whose axis reads 0s at both ends.
    let env = Env::with_study_deck();
    env.recall(["rate", "study/cento", "good"]).run().success();
    let path = env.cwd.path().join("stats.html");
    env.recall(["stats", "--html", "--out"])
        .arg_path(&path)
        .run()
        .success();
    let html = std::fs::read_to_string(&path).expect("the page");
    assert!(html.contains("No timed answers in this range."), "{html}");
    assert!(
        html.contains(" 1 answer on 1 of the last 365 days"),
        "{html}"
    );
    assert!(!html.contains("aria-label=\"Mean answer time by week\""));
    // No card was in review yet, so no retention either.
    assert!(html.contains("No answers to cards in review in this range."));
}
