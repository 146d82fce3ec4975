//! How recall scales: a 100,000-card collection (10 deck files of 10,000 cards) with a
//! million reviews, driven through the real binary.
//!
//! Run with `cargo bench --bench scale` (release build). It prints, for each command, the
//! median and spread of several runs, for `study` the time until the first question is on
//! screen, and for `answer` and `practice` the time until the first verdict, with the deck's
//! grading context built from the catalog (cache cleared before each run) and read from the
//! cache. Set `RECALL_BENCH_RUNS` to change the number of runs (default 9), and
//! `RECALL_BENCH_KEEP=1` to keep the collection for a closer look (its path is printed).
//!
//! The collection is built once in a temporary directory: the deck files are written, the
//! first `recall due` reads and saves them (that first sync is timed too), then the reviews
//! are added with SQL in one transaction, as if a year of study had happened.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "scale_process.rs"]
mod process;

const DECKS: usize = 10;
const CARDS_PER_DECK: usize = 10_000;
const REVIEWS_PER_CARD: usize = 12;
/// The clock every command of the bench reads.
const NOW: &str = "2026-11-30T09:00:00Z";

fn main() {
    if process::run() {
        return;
    }
    let runs: usize = std::env::var("RECALL_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(9);
    let dir = tempfile::TempDir::new().expect("temp dir");
    if std::env::var_os("RECALL_BENCH_KEEP").is_some() {
        println!("keeping the collection in {}", dir.path().display());
    }
    let decks = dir.path().join("decks");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&decks).expect("decks dir");
    for deck in 0..DECKS {
        std::fs::write(decks.join(format!("deck-{deck:02}.toml")), deck_text(deck)).expect("deck");
    }
    println!(
        "collection: {DECKS} decks x {CARDS_PER_DECK} cards = {} cards",
        DECKS * CARDS_PER_DECK
    );

    let first = Instant::now();
    run(dir.path(), &data, &["due"]);
    println!(
        "first sync (read, validate and save 100k cards): {:.2?}",
        first.elapsed()
    );

    let added = Instant::now();
    let reviews = add_history(&data.join("recall.sqlite3"));
    println!(
        "history: {reviews} reviews added by SQL ({:.2?}, setup only)\n",
        added.elapsed()
    );

    let cases: [(&str, &[&str]); 5] = [
        ("recall --version (process start-up)", &["--version"]),
        ("recall list (100k cards, unchanged decks)", &["list"]),
        ("recall due (10 decks)", &["due"]),
        ("recall stats (10 decks)", &["stats"]),
        ("recall card deck-03/c-04567", &["card", "deck-03/c-04567"]),
    ];
    let mut baseline = Duration::ZERO;
    for (name, args) in cases {
        let times: Vec<Duration> = (0..runs).map(|_| timed(dir.path(), &data, args)).collect();
        let summary = stats(times);
        if baseline.is_zero() {
            baseline = summary.0;
        }
        report(name, summary, baseline);
    }
    // `recall answer` grades with the card's whole deck: built from the catalog and cached at
    // the first answer to a deck, read from the cache after that.
    let card = 4571;
    let reference = format!("deck-03/c-{card:05}");
    let reply = person(card);
    let answer: [&str; 4] = ["answer", &reference, &reply, "--dry-run"];
    let db = data.join("recall.sqlite3");
    let cold: Vec<Duration> = (0..runs)
        .map(|_| {
            clear_cache(&db);
            timed(dir.path(), &data, &answer)
        })
        .collect();
    report(
        "recall answer (deck context built: 10k cards)",
        stats(cold),
        baseline,
    );
    run(dir.path(), &data, &answer);
    let warm: Vec<Duration> = (0..runs)
        .map(|_| timed(dir.path(), &data, &answer))
        .collect();
    report(
        "recall answer (deck context from the cache)",
        stats(warm),
        baseline,
    );
    for (name, args) in [
        (
            "recall study deck-05: first question",
            &["study", "deck-05"][..],
        ),
        (
            "recall study (all 10 decks): first question",
            &["study"][..],
        ),
        (
            "recall practice deck-05 --tag typed: 1st question",
            &["practice", "deck-05", "--tag", "typed"][..],
        ),
    ] {
        let times: Vec<Duration> = (0..runs)
            .map(|_| first_question(dir.path(), &data, args))
            .collect();
        report(name, stats(times), baseline);
    }
    for cached in [false, true] {
        if cached {
            // One answer to deck-05 builds and caches its context.
            let _ = first_verdict(dir.path(), &data, PRACTICE);
        }
        let times: Vec<Duration> = (0..runs)
            .map(|_| {
                if !cached {
                    clear_cache(&db);
                }
                first_verdict(dir.path(), &data, PRACTICE)
            })
            .collect();
        let name = if cached {
            "recall practice (same): first verdict, cached"
        } else {
            "recall practice (same): first verdict, built"
        };
        report(name, stats(times), baseline);
    }
    if std::env::var_os("RECALL_BENCH_KEEP").is_some() {
        let _ = dir.keep();
    }
}

/// Practice over the typed cards of one deck: the ones graded with the deck's context.
const PRACTICE: &[&str] = &["practice", "deck-05", "--tag", "typed"];

/// Forgets every deck's cached grading context.
fn clear_cache(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("open db");
    conn.execute("DELETE FROM deck_cache", []).expect("clear");
}

const GIVEN: [&str; 20] = [
    "Ali", "Zulfikar", "Benazir", "Nawaz", "Ayub", "Yahya", "Liaquat", "Huseyn", "Iskander",
    "Alexei", "Nikita", "Nikolai", "Andrei", "Leonid", "Joseph", "Mikhail", "Yuri", "Fatima",
    "Ghulam", "Feroz",
];
const SURNAMES: [&str; 40] = [
    "Khan",
    "Bhutto",
    "Sharif",
    "Kosygin",
    "Gromyko",
    "Khrushchev",
    "Bulganin",
    "Brezhnev",
    "Stalin",
    "Molotov",
    "Suhrawardy",
    "Mirza",
    "Jinnah",
    "Nazimuddin",
    "Bogra",
    "Chundrigar",
    "Noon",
    "Qureshi",
    "Junejo",
    "Jatoi",
    "Leghari",
    "Zardari",
    "Gilani",
    "Ashraf",
    "Abbasi",
    "Malenkov",
    "Andropov",
    "Chernenko",
    "Gorbachev",
    "Yeltsin",
    "Mikoyan",
    "Suslov",
    "Zhukov",
    "Beria",
    "Kaganovich",
    "Voroshilov",
    "Kalinin",
    "Shepilov",
    "Podgorny",
    "Ustinov",
];
const WORDS: [&str; 30] = [
    "steel",
    "mill",
    "power",
    "station",
    "airbase",
    "river",
    "mountain",
    "conference",
    "council",
    "union",
    "pact",
    "accord",
    "plant",
    "commission",
    "institute",
    "bank",
    "fund",
    "railway",
    "highway",
    "dam",
    "barrage",
    "port",
    "harbour",
    "canal",
    "university",
    "treaty",
    "agreement",
    "company",
    "corporation",
    "mission",
];
const PLACES: [&str; 20] = [
    "Karachi",
    "Lahore",
    "Peshawar",
    "Quetta",
    "Moscow",
    "Tashkent",
    "Kabul",
    "Delhi",
    "Dhaka",
    "Multan",
    "Sukkur",
    "Hyderabad",
    "Rawalpindi",
    "Islamabad",
    "Gilgit",
    "Kiev",
    "Minsk",
    "Riga",
    "Baku",
    "Tbilisi",
];

/// Card `card`'s question and answer lines: years, choices, true/false, and typed answers that
/// are people's names (many sharing a surname, as in a history deck) or distinct phrases, so
/// that grading's whole-deck context is as large as a real deck's.
fn card_body(card: usize) -> String {
    match card % 4 {
        0 => format!(
            "question = \"Question {card}: which year?\"\nkind = \"year\"\nanswer = \"{}\"",
            1900 + card % 120
        ),
        1 => {
            let options: Vec<&str> = (0..3)
                .map(|i| PLACES[(card + i * 7) % PLACES.len()])
                .collect();
            format!(
                "question = \"Question {card}: where was it held?\"\nkind = \"choice\"\nanswer = \"{}\"\nchoices = [\"{}\"]",
                options[0],
                options.join("\", \"")
            )
        }
        2 => format!(
            "question = \"Question {card}: is it so?\"\nkind = \"truefalse\"\nanswer = true"
        ),
        _ if (card / 4).is_multiple_of(2) => format!(
            "question = \"Who led project {card}?\"\nanswer = \"{}\"",
            person(card)
        ),
        _ => format!(
            "question = \"What was built in case {card}?\"\nanswer = \"{}\"\naccept = [\"{}\"]",
            phrase(card),
            phrase(card).rsplit_once(' ').map_or("", |(head, _)| head)
        ),
    }
}

fn person(card: usize) -> String {
    let n = card / 8;
    format!(
        "{} {}",
        GIVEN[n % GIVEN.len()],
        SURNAMES[n / GIVEN.len() % SURNAMES.len()]
    )
}

fn phrase(card: usize) -> String {
    let n = card / 8;
    format!(
        "{} {} {}",
        PLACES[n % PLACES.len()],
        WORDS[n / PLACES.len() % WORDS.len()],
        WORDS[(n / PLACES.len() / WORDS.len() + 7) % WORDS.len()]
    )
}

fn deck_text(deck: usize) -> String {
    let mut text = format!(
        "[deck]\nid = \"deck-{deck:02}\"\ntitle = \"Benchmark deck {deck}\"\n\n[deck.schedule]\nnew_per_day = 20\nreviews_per_day = 200\n\n[deck.aliases]\n\"Karachi\" = [\"Kurrachee\"]\n"
    );
    for card in 0..CARDS_PER_DECK {
        text.push_str(&format!(
            "\n[[card]]\nid = \"c-{card:05}\"\n{}\nexplain = \"Some context for card {card} of deck {deck}.\"\nsource = \"benchmark\"\ntags = [\"t{}\", \"{}\"]\n",
            card_body(card),
            card % 7,
            if card % 4 == 3 { "typed" } else { "other" }
        ));
    }
    text
}

/// Nine cards in ten get a review state with a due date spread over the coming 100 days and
/// twelve reviews, one every 30 days over the past year: the last one on the card's
/// `last_review` (0 to 29 days ago), the first 330 days before it. One in ten stays new.
fn add_history(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open db");
    let now = NOW
        .parse::<recall::time::Timestamp>()
        .expect("valid time")
        .millis();
    conn.execute_batch("BEGIN").expect("begin");
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1)
         INSERT INTO review (profile, deck_id, card_id, reviewed_at, rating, answer, expected,
                             verdict, correct, duration_ms, mode, scheduled, state_before,
                             state_after, step_after, stability, difficulty, due,
                             scheduled_days, elapsed_days)
         SELECT cs.profile, cs.deck_id, cs.card_id,
                ?2 - ((cs.position % 30) + (?1 - 1 - n.i) * 30) * 86400000 - cs.position * 1000,
                CASE WHEN (cs.position + n.i) % 9 = 0 THEN 'again' ELSE 'good' END,
                'x', 'x', 'right', 1, 4000 + (cs.position % 5000), 'study', 1,
                CASE WHEN n.i = 0 THEN 'new' ELSE 'review' END, 'review', 0,
                10.0 + n.i * 5, 5.0, ?2, 10, 30
         FROM card_state cs, n
         WHERE cs.position % 10 != 9",
        rusqlite::params![i64::try_from(REVIEWS_PER_CARD).unwrap(), now],
    )
    .expect("reviews");
    conn.execute(
        "UPDATE card_state SET state = 'review', stability = 10.0 + (position % 200),
             difficulty = 3.0 + (position % 7),
             last_review = ?1 - (position % 30) * 86400000 - position * 1000,
             due = ?1 + ((position % 100) - 1) * 86400000, scheduled_days = 1 + position % 100,
             reps = ?2, lapses = 1
         WHERE position % 10 != 9",
        rusqlite::params![now, i64::try_from(REVIEWS_PER_CARD).unwrap()],
    )
    .expect("states");
    conn.execute_batch("COMMIT; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("commit");
    conn.query_row("SELECT count(*) FROM review", [], |row| row.get(0))
        .expect("count")
}

fn command(cwd: &Path, data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_recall"));
    cmd.args(args)
        .current_dir(cwd)
        .env("RECALL_DATA_DIR", data)
        .env("RECALL_NOW", NOW)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn run(cwd: &Path, data: &Path, args: &[&str]) {
    let out = command(cwd, data, args).output().expect("run recall");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn timed(cwd: &Path, data: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    run(cwd, data, args);
    start.elapsed()
}

/// Time from start until the first question's prompt is on stdout (plain mode); then the
/// process is killed so that nothing is answered.
fn first_question(cwd: &Path, data: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let mut child = command(cwd, data, args)
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    let elapsed = loop {
        let n = stdout.read(&mut buffer).expect("read");
        assert!(
            n > 0,
            "recall ended before asking: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buffer[..n]);
        if seen.windows(8).any(|w| w == b"answer> ") {
            break start.elapsed();
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

/// Time from start until the first answer's verdict is on stdout (plain mode): the reply "x"
/// is typed at the first question (practice never changes the schedule, so the runs see the
/// same kind of queue).
fn first_verdict(cwd: &Path, data: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let mut child = command(cwd, data, args)
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    let mut answered = false;
    let elapsed = loop {
        let n = stdout.read(&mut buffer).expect("read");
        assert!(
            n > 0,
            "recall ended before grading: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buffer[..n]);
        if !answered && seen.windows(8).any(|w| w == b"answer> ") {
            stdin.write_all(b"x\n").expect("answer");
            stdin.flush().expect("flush");
            answered = true;
            seen.clear();
        }
        let text = String::from_utf8_lossy(&seen);
        if answered && ["wrong", "right", "close"].iter().any(|v| text.contains(v)) {
            break start.elapsed();
        }
    };
    drop(stdin);
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

/// Median, minimum and maximum.
fn stats(mut times: Vec<Duration>) -> (Duration, Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[0], times[times.len() - 1])
}

fn report(name: &str, (median, min, max): (Duration, Duration, Duration), baseline: Duration) {
    println!(
        "{name:<48} median {:>7.1} ms   (min {:>6.1}, max {:>6.1})   {:>5.1}x start-up",
        ms(median),
        ms(min),
        ms(max),
        ms(median) / ms(baseline).max(0.001)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
