//! How long knowing your memory takes on a large history: a synthetic learner (FSRS with
//! known, unusual parameters; see `recall::memory::synthetic`) studies 100,000 cards (ten decks
//! of 10,000) for a year, leaving about a million study answers; then the real binary fits the parameters
//! (`recall optimize`), simulates the year ahead and draws the stats.
//!
//! Run with `cargo bench --bench memory` (release build). `RECALL_BENCH_CARDS`,
//! `RECALL_BENCH_NEW_PER_DAY` and `RECALL_BENCH_DAYS` change the learner (defaults 100000, 300,
//! 365); `RECALL_BENCH_KEEP=1` keeps the collection (its path is printed) to look at, e.g. to
//! watch `recall optimize` draw its progress bar on a terminal:
//!
//! ```sh
//! cd KEPT_DIR && RECALL_DATA_DIR=data RECALL_NOW=… recall optimize
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use recall::memory::synthetic::{Learner, generate, unusual_parameters};
use recall::time::Timestamp;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let cards = env_number("RECALL_BENCH_CARDS", 100_000);
    let new_per_day = env_number("RECALL_BENCH_NEW_PER_DAY", 300);
    let days = u32::try_from(env_number("RECALL_BENCH_DAYS", 365)).unwrap();
    let start: Timestamp = "2025-12-01T09:00:00Z".parse().unwrap();
    let now = start.plus_days(i64::from(days));
    let dir = tempfile::TempDir::new().expect("temp dir");
    let keep = std::env::var_os("RECALL_BENCH_KEEP").is_some();
    if keep {
        println!(
            "keeping the collection in {} (RECALL_NOW={now})",
            dir.path().display()
        );
    }
    let decks = dir.path().join("decks");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&decks).unwrap();
    for deck in 0..DECKS {
        std::fs::write(
            decks.join(format!("memory-{deck}.toml")),
            deck_text(deck, cards),
        )
        .unwrap();
    }

    let generated = Instant::now();
    let learner = Learner {
        truth: unusual_parameters(),
        cards,
        new_per_day,
        days,
        seed: 2026,
        start,
    };
    let log = generate(&learner);
    println!(
        "synthetic learner: {cards} cards, {new_per_day} new a day, {days} days: {} answers ({:.1?})",
        log.len(),
        generated.elapsed()
    );
    run(dir.path(), &data, now, &["due"]);
    let inserted = Instant::now();
    insert(&data.join("recall.sqlite3"), &log);
    println!(
        "history written by SQL ({:.1?}, setup only)\n",
        inserted.elapsed()
    );
    if keep {
        std::mem::forget(dir);
        return;
    }

    // The fit alone, through the library, with the progress the bar is drawn from.
    let store = recall::store::Store::open(&data).unwrap();
    let scope = recall::app::Scope {
        profile: "default".into(),
        now,
        tz: jiff::tz::TimeZone::UTC.into(),
    };
    let read = Instant::now();
    let set = recall::app::memory::training_set(&store, &scope, &[]).unwrap();
    println!(
        "reading the log into training items: {} answers, {} items ({:.1?})",
        set.answers,
        set.items.len(),
        read.elapsed()
    );
    let fitting = Instant::now();
    let mut shown = 0;
    let report = recall::memory::fit(
        &set,
        None,
        recall::memory::FitOptions::default(),
        &mut |progress| {
            let percent = (progress.done * 100)
                .checked_div(progress.total)
                .unwrap_or(0);
            if percent >= shown + 10 {
                shown = percent / 10 * 10;
                println!("  fitting: {shown:>3}% ({:.0?})", fitting.elapsed());
            }
        },
    )
    .unwrap();
    println!(
        "fit (5 time-series folds + the final fit, on 2 cores): {:.1?} · log loss defaults {:.4} fitted {:.4}",
        fitting.elapsed(),
        report.defaults.log_loss,
        report.fitted.log_loss
    );
    drop(store);

    for (name, args) in [
        (
            "recall optimize (fit + held-out check + optimal retention)",
            &["optimize", "--json"][..],
        ),
        ("recall simulate (365 days)", &["simulate", "--json"][..]),
        (
            "recall stats --json (365 days of charts)",
            &["stats", "--json"][..],
        ),
    ] {
        let began = Instant::now();
        let output = run(dir.path(), &data, now, args);
        println!("{name:<60} {:>8.2} s", began.elapsed().as_secs_f64());
        if args[0] == "optimize" {
            let report: serde_json::Value = serde_json::from_slice(&output).unwrap();
            let fit = &report["fit"];
            println!(
                "  answers {} · items {} · held out {} · log loss defaults {:.4} fitted {:.4} · RMSE(bins) defaults {:.4} fitted {:.4} · saved {} · optimal retention {}",
                fit["answers"],
                fit["items"],
                fit["held_out"],
                fit["defaults"]["log_loss"].as_f64().unwrap_or(f64::NAN),
                fit["fitted"]["log_loss"].as_f64().unwrap_or(f64::NAN),
                fit["defaults"]["rmse_bins"].as_f64().unwrap_or(f64::NAN),
                fit["fitted"]["rmse_bins"].as_f64().unwrap_or(f64::NAN),
                report["saved"],
                report["optimal_retention"]
            );
            println!("  fitted parameters {}", fit["parameters"]);
            println!("  true parameters   {:?}", unusual_parameters().weights());
        }
    }
}

/// Decks the cards are spread over: card `n` is in deck `n % DECKS`.
const DECKS: usize = 10;

fn deck_text(deck: usize, cards: usize) -> String {
    let mut text = format!(
        "[deck]\nid = \"memory-{deck}\"\ntitle = \"Memory benchmark {deck}\"\n\n[deck.schedule]\nnew_per_day = 30\nreviews_per_day = 10000\n",
    );
    for card in (deck..cards).step_by(DECKS) {
        text.push_str(&format!(
            "\n[[card]]\nid = \"c{card}\"\nquestion = \"Question {card}?\"\nanswer = \"answer {card}\"\n"
        ));
    }
    text
}

/// The answers and the cards' final states, as a session would have saved them.
fn insert(db: &Path, log: &[recall::memory::synthetic::SyntheticAnswer]) {
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut review = tx
            .prepare(
                "INSERT INTO review (profile, deck_id, card_id, reviewed_at, rating, answer,
                     expected, verdict, correct, duration_ms, mode, scheduled, state_before,
                     state_after, step_after, stability, difficulty, due, scheduled_days)
                 VALUES ('default', ?13, ?1, ?2, ?3, NULL, 'x', NULL, ?4, ?5, 'study', 1,
                         ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .unwrap();
        let mut state = tx
            .prepare(
                "UPDATE card_state SET state = ?2, step = ?3, stability = ?4, difficulty = ?5,
                     due = ?6, last_review = ?7, scheduled_days = ?8, reps = ?9, lapses = ?10
                 WHERE profile = 'default' AND deck_id = ?11 AND card_id = ?1",
            )
            .unwrap();
        let mut last = std::collections::HashMap::new();
        for answer in log {
            let after = &answer.after;
            let memory = after.memory.unwrap();
            review
                .execute(rusqlite::params![
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
                    format!("memory-{}", answer.card % DECKS),
                ])
                .unwrap();
            last.insert(answer.card, (answer.at, after.clone()));
        }
        for (card, (at, after)) in last {
            let memory = after.memory.unwrap();
            state
                .execute(rusqlite::params![
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
                    format!("memory-{}", card % DECKS),
                ])
                .unwrap();
        }
    }
    tx.commit().unwrap();
    conn.execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
}

fn run(cwd: &Path, data: &Path, now: Timestamp, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_recall"))
        .args(args)
        .current_dir(cwd)
        .env("RECALL_DATA_DIR", data)
        .env("RECALL_NOW", now.to_rfc3339())
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run recall");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}
