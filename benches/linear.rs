//! Paths that must cost time linear in their input (issue 12), each timed through the real
//! binary at n and 10 n: cloze gaps (checked, and saved by the first sync, with the database's
//! size), a cloze card over the gap limit (refused), deck warnings (`check`), and `import` of
//! CSV rows. Linear work shows a ratio near 10×; a quadratic path shows ~100×.
//!
//! Run with `cargo bench --bench linear`. `RECALL_BENCH_BIN=path/to/recall` times another
//! binary (e.g. an older build, to compare); `RECALL_BENCH_RUNS` sets the runs per size
//! (default 3, the fastest is kept); `RECALL_BENCH_ONLY=TEXT` times only the cases whose name
//! contains TEXT.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-30T09:00:00Z";

fn main() {
    let binary = std::env::var_os("RECALL_BENCH_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_recall")),
        PathBuf::from,
    );
    let runs: usize = std::env::var("RECALL_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    println!("timing {} (fastest of {runs} runs)\n", binary.display());
    let only = std::env::var("RECALL_BENCH_ONLY").unwrap_or_default();
    let bench = Bench { binary, runs, only };

    bench.compare("check: cloze gaps (100 a card)", 2_000, |dir, n| {
        write(dir, "decks/c.toml", &cloze_deck(n, 100));
        ("check", vec!["check".into(), "decks/c.toml".into()])
    });
    bench.compare("first sync: cloze gaps (100 a card)", 2_000, |dir, n| {
        write(dir, "decks/c.toml", &cloze_deck(n, 100));
        ("sync", vec!["due".into()])
    });
    bench.compare(
        "check: one cloze card over the gap limit",
        16_000,
        |dir, n| {
            write(dir, "decks/c.toml", &cloze_deck(n, n));
            ("check", vec!["check".into(), "decks/c.toml".into()])
        },
    );
    bench.compare("check: 3 warnings a card", 10_000, |dir, n| {
        write(dir, "decks/w.toml", &warned_deck(n));
        ("check", vec!["check".into(), "decks/w.toml".into()])
    });
    bench.compare(
        "check: 3 warnings a card, cards on one line",
        2_000,
        |dir, n| {
            write(dir, "decks/l.toml", &one_line_deck(n));
            ("check", vec!["check".into(), "decks/l.toml".into()])
        },
    );
    bench.compare(
        "check: long answer not among long choices",
        10_000,
        |dir, n| {
            write(dir, "decks/a.toml", &long_choices_deck(n));
            ("check", vec!["check".into(), "decks/a.toml".into()])
        },
    );
    bench.compare("import: CSV rows into a new deck", 10_000, |dir, n| {
        write(dir, "rows.csv", &csv_rows(n));
        (
            "import",
            vec![
                "import".into(),
                "rows.csv".into(),
                "--into".into(),
                "decks/rows.toml".into(),
            ],
        )
    });
}

struct Bench {
    binary: PathBuf,
    runs: usize,
    only: String,
}

impl Bench {
    /// Times the command `setup` prepares at `n` and `10 n` and prints both and their ratio.
    fn compare(
        &self,
        name: &str,
        n: usize,
        setup: impl Fn(&Path, usize) -> (&'static str, Vec<String>),
    ) {
        if !name.contains(&self.only) {
            return;
        }
        let mut line = format!("{name:<44}");
        let mut times = Vec::new();
        for size in [n, n * 10] {
            let (time, db) = self.fastest(size, &setup);
            let _ = write!(line, " n={size:<7} {:>9.1} ms", ms(time));
            if let Some(db) = db {
                let _ = write!(line, " ({:.1} MB db)", mb(db));
            }
            times.push(time);
        }
        let ratio = ms(times[1]) / ms(times[0]).max(0.001);
        println!("{line}   10x input: {ratio:.1}x time");
    }

    /// The fastest of the runs, each in a fresh directory; with the database size after it.
    fn fastest(
        &self,
        n: usize,
        setup: &impl Fn(&Path, usize) -> (&'static str, Vec<String>),
    ) -> (Duration, Option<u64>) {
        let mut best = Duration::MAX;
        let mut db = None;
        for _ in 0..self.runs {
            let dir = tempfile::TempDir::new().expect("temp dir");
            std::fs::create_dir_all(dir.path().join("decks")).expect("decks dir");
            let (kind, args) = setup(dir.path(), n);
            let data = dir.path().join("data");
            let start = Instant::now();
            let out = Command::new(&self.binary)
                .args(&args)
                .current_dir(dir.path())
                .env("RECALL_DATA_DIR", &data)
                .env("RECALL_NOW", NOW)
                .env("NO_COLOR", "1")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .output()
                .expect("run recall");
            best = best.min(start.elapsed());
            if out.status.code().is_none() {
                eprintln!("{args:?} was killed");
            }
            if kind == "sync" {
                db = std::fs::metadata(data.join("recall.sqlite3"))
                    .ok()
                    .map(|m| m.len());
            }
        }
        (best, db)
    }
}

fn write(dir: &Path, relative: &str, text: &str) {
    std::fs::write(dir.join(relative), text).expect("write input");
}

/// `n` gaps in all, at most `per_card` to a cloze card, with words between them.
fn cloze_deck(n: usize, per_card: usize) -> String {
    let mut text = String::from("[deck]\nid = \"c\"\ntitle = \"C\"\n");
    let (mut left, mut card) = (n, 0);
    while left > 0 {
        let here = left.min(per_card);
        let mut gaps = String::new();
        for i in 0..here {
            let _ = write!(gaps, "word {{{{g{card}x{i}}}}} and ");
        }
        let _ = write!(
            text,
            "\n[[card]]\nid = \"c{card}\"\nkind = \"cloze\"\ntext = \"{gaps}\"\n\
             explain = \"e\"\nsource = \"s\"\n"
        );
        left -= here;
        card += 1;
    }
    text
}

/// `n` cards that each draw three warnings (no id, explain or source).
fn warned_deck(n: usize) -> String {
    let mut text = String::from("[deck]\nid = \"w\"\ntitle = \"W\"\n");
    for i in 0..n {
        let _ = write!(
            text,
            "\n[[card]]\nquestion = \"Question {i}?\"\nanswer = \"a{i}\"\n"
        );
    }
    text
}

/// `n` inline cards on one line, three warnings each.
fn one_line_deck(n: usize) -> String {
    let cards: Vec<String> = (0..n)
        .map(|i| format!("{{ question = \"Q{i}?\", answer = \"a{i}\" }}"))
        .collect();
    format!(
        "card = [{}]\n[deck]\nid = \"l\"\ntitle = \"L\"\n",
        cards.join(", ")
    )
}

/// A choice card whose answer of `n` characters is not among its choices of `n` characters.
fn long_choices_deck(n: usize) -> String {
    format!(
        "[deck]\nid = \"a\"\ntitle = \"A\"\n\n[[card]]\nid = \"c\"\nkind = \"choice\"\n\
         question = \"Q?\"\nanswer = \"{}\"\nchoices = [\"{}\", \"{}\"]\n",
        "a".repeat(n),
        "b".repeat(n),
        "a".repeat(n + 1)
    )
}

fn csv_rows(n: usize) -> String {
    let mut text = String::from("question,answer\n");
    for i in 0..n {
        let _ = writeln!(text, "Question number {i}?,Answer {i}");
    }
    text
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[allow(clippy::cast_precision_loss)]
fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}
