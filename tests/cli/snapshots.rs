//! Whole outputs, pinned with `insta`: `stats`, `due`, `card` and `list` after a fixed history
//! of answers, the printed drill paper, and the class report in Markdown, CSV and HTML. Every
//! command runs on the test clock (or a fixed `--now`), with fixed seeds, in UTC and without
//! colours, so the outputs are the same on every machine. Review a change with `cargo insta
//! review` (or set `INSTA_UPDATE=always` and read the diff) before committing it.

use crate::support::{Env, fixture};

/// The study deck with a few days of answers: right, typo, wrong, self-graded, a practice
/// session, then the clock three days on.
fn studied() -> Env {
    let env = Env::with_study_deck();
    let at = |time: &str, args: &[&str]| {
        env.recall(args).env("RECALL_NOW", time).run().success();
    };
    at("2026-11-30T09:00:00Z", &["rate", "study/cento", "good"]);
    at(
        "2026-11-30T09:00:00Z",
        &["answer", "study/capital", "Karachi"],
    );
    at(
        "2026-11-30T09:01:00Z",
        &["answer", "study/premier", "Bulganin"],
    );
    at("2026-11-30T09:02:00Z", &["rate", "study/u2", "again"]);
    at("2026-11-30T09:15:00Z", &["rate", "study/cento", "good"]);
    at(
        "2026-11-30T09:15:00Z",
        &["answer", "study/capital", "Karahci"],
    );
    at(
        "2026-12-01T10:00:00Z",
        &["answer", "study/premier", "Kosygin"],
    );
    at("2026-12-01T10:00:00Z", &["rate", "study/u2", "easy"]);
    env.recall(["practice", "--count", "3", "--seed", "4"])
        .env("RECALL_NOW", "2026-12-02T18:00:00Z")
        .stdin("y\nKosygin\nwrong\n")
        .run()
        .success();
    env
}

const LATER: &str = "2026-12-03T08:30:00Z";

#[test]
fn stats_after_a_few_days() {
    let env = studied();
    let text = env.recall(["stats"]).env("RECALL_NOW", LATER).run();
    text.success();
    insta::assert_snapshot!("stats", text.stdout);
    // A week of charts keeps the snapshot readable (the default is a year).
    let json = env
        .recall(["stats", "--json", "--days", "7"])
        .env("RECALL_NOW", LATER)
        .run();
    json.success();
    // Practice answers are timed by the real clock: their times vary from run to run.
    let mut value = json.json();
    redact_times(&mut value);
    insta::assert_snapshot!(
        "stats_json",
        serde_json::to_string_pretty(&value).expect("JSON")
    );
}

/// Replaces every measured time in a JSON value by `[time]`.
fn redact_times(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if ["time_ms", "average_seconds", "minutes"].contains(&key.as_str()) {
                    *value = "[time]".into();
                } else {
                    redact_times(value);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_times),
        _ => {}
    }
}

#[test]
fn due_after_a_few_days() {
    let env = studied();
    let text = env.recall(["due"]).env("RECALL_NOW", LATER).run();
    text.success();
    insta::assert_snapshot!("due", text.stdout);
    let json = env.recall(["due", "--json"]).env("RECALL_NOW", LATER).run();
    json.success();
    insta::assert_snapshot!("due_json", json.stdout);
}

#[test]
fn card_with_its_history() {
    let env = studied();
    for card in ["study/capital", "study/premier", "study/u2"] {
        let out = env.recall(["card", card]).env("RECALL_NOW", LATER).run();
        out.success();
        insta::assert_snapshot!(format!("card_{}", &card[6..]), out.stdout);
    }
    // A card without practice answers, whose times come from the running clock.
    let json = env
        .recall(["card", "study/cento", "--json"])
        .env("RECALL_NOW", LATER)
        .run();
    json.success();
    insta::assert_snapshot!("card_cento_json", json.stdout);
}

#[test]
fn list_of_decks() {
    let env = Env::with_study_deck();
    env.write(
        "decks/more/minimal.toml",
        std::fs::read_to_string(fixture("valid/minimal.toml")).expect("fixture"),
    );
    let text = env.recall(["list"]).run();
    text.success();
    insta::assert_snapshot!("list", text.stdout);
    let json = env.recall(["list", "--json"]).run();
    json.success();
    insta::assert_snapshot!("list_json", json.stdout);
}

// The fixtures, not the bundled decks, whose content changes as they are edited.
#[test]
fn printed_paper_with_its_key() {
    let env = Env::with_study_deck();
    let paper = env
        .recall(["drill", "--seed", "5", "--count", "6", "--print", "--key"])
        .run();
    paper.success();
    insta::assert_snapshot!("paper_with_key", paper.stdout);
    let timed = env
        .recall([
            "drill",
            "--seed",
            "2026",
            "--count",
            "3",
            "--kinds",
            "choice,truefalse,year",
            "--time",
            "10m",
            "--per-question",
            "30s",
            "--print",
        ])
        .run();
    timed.success();
    insta::assert_snapshot!("paper_timed", timed.stdout);
}

#[test]
fn class_reports_in_every_format() {
    let env = Env::new();
    let files = ["ayesha-and-chen.json", "bilal.json", "other-paper.json"];
    for format in ["md", "csv", "html"] {
        let mut run = env.recall(["report", "--format", format]);
        for file in files {
            run = run.arg_path(fixture(&format!("results/{file}")));
        }
        let out = run.run();
        out.success();
        insta::assert_snapshot!(format!("report_{format}"), out.stdout);
    }
}
