//! How recall scales: a collection of N cards in 10 deck files with a year of history, driven
//! through the real binary, at 10,000 and 100,000 cards, with the 10k → 100k ratio.
//!
//! Run with `cargo bench --bench scale` (release build). For each row it prints the median,
//! lowest and highest wall-clock time of `RECALL_BENCH_RUNS` runs (default 7), and the peak RSS
//! and CPU time (user + system) of one more run (`/usr/bin/time -f "%M %U %S"`). With `RECALL_BENCH_CALLGRIND=1` each row is also run
//! once under `valgrind --tool=callgrind` and its instruction count printed: unlike wall-clock
//! time, it does not move with the load of a shared machine, so it is the number to compare
//! builds with. Other settings: `RECALL_BENCH_SIZES` (cards, comma-separated; default
//! `10000,100000`), `RECALL_BENCH_ONLY=TEXT` (rows whose name contains TEXT),
//! `RECALL_BENCH_BIN=path` (time another build of recall, e.g. an older one),
//! `RECALL_BENCH_KEEP=1` (keep the collections; their paths are printed).
//!
//! The collection is what a real user's would be: 10 deck files of year cards (`Which year did
//! <person> join <organisation> #<i>?`), synced by the binary's first `recall due`, then a year of
//! study recorded through the store's own recording path (`Store::record_batch`: the same
//! statements and compare-and-swap as every answer, in the order the answers were given, one
//! transaction per study day), so the tables, their row order and whatever statistics recall
//! keeps are those real use leaves. Nothing is run on the database that recall itself does not
//! run (no `ANALYZE`). Nine cards in ten have twelve reviews, one every 33 days, the last 1–31
//! days ago and due 31 days after it, so about 1/31 of them are due on the benchmark's day; one
//! card in nine was forgotten once on the way (Again, then relearnt); one card in ten is new.
//!
//! Every row is a whole process except "one answer inside a session", which times answers
//! typed into a running `recall study` (from the answer's line to the next question's prompt).
//! `study` rows time from the start to the first question on stdout. "edited" writes new text
//! into three cards of every deck file before each run, as a person editing the decks would;
//! "touched" only sets every file's modification time; "first read" runs `recall due` on a new
//! data directory; "import" reads a CSV of N rows into a new deck file, and "import again" reads
//! it once more into that file, every row unchanged.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]
// Card numbers, days and milliseconds here are far from any integer type's limits.
#![allow(
    clippy::cast_possible_wrap,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use recall::deck::{CardId, DeckId};
use recall::scheduler::{CardState, Memory, Purpose, Rating, State};
use recall::store::{Commit, ReviewRecord, Store};
use recall::time::Timestamp;

#[path = "scale_process.rs"]
mod process;

const DECKS: usize = 10;
const REVIEWS_PER_CARD: i64 = 12;
const REVIEW_GAP_DAYS: i64 = 33;
/// The clock every command of the bench reads.
const NOW: &str = "2026-11-30T09:00:00Z";
const DAY_MS: i64 = 86_400_000;
/// Answers timed inside one session.
const SESSION_ANSWERS: usize = 25;

fn main() {
    if process::run() {
        return;
    }
    let binary = std::env::var_os("RECALL_BENCH_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_recall")),
        PathBuf::from,
    );
    let runs: usize = env_number("RECALL_BENCH_RUNS").unwrap_or(7).max(1);
    let sizes: Vec<usize> = std::env::var("RECALL_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    let bench = Bench {
        binary,
        runs,
        only: std::env::var("RECALL_BENCH_ONLY").unwrap_or_default(),
        callgrind: std::env::var_os("RECALL_BENCH_CALLGRIND").is_some_and(|v| v != "0"),
        keep: std::env::var_os("RECALL_BENCH_KEEP").is_some(),
    };
    println!(
        "timing {} ({runs} runs a row, wall-clock medians{})\n",
        bench.binary.display(),
        if bench.callgrind {
            "; instructions from one callgrind run"
        } else {
            ""
        }
    );
    let mut all = Vec::new();
    for size in sizes {
        let rows = bench.size(size);
        print_table(size, &rows);
        all.push((size, rows));
    }
    if all.len() >= 2 {
        print_scaling(&all[0], &all[all.len() - 1]);
    }
}

fn env_number(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

struct Bench {
    binary: PathBuf,
    runs: usize,
    only: String,
    callgrind: bool,
    keep: bool,
}

/// What one row measured.
#[derive(Clone)]
struct Measured {
    name: String,
    median: Duration,
    min: Duration,
    max: Duration,
    rss_kb: Option<u64>,
    /// User and system CPU time of the run that measured the peak RSS: less moved by the
    /// load of a shared machine than the wall clock.
    cpu: Option<Duration>,
    instructions: Option<u64>,
}

/// How a row's process is run and timed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// From start to exit.
    Whole,
    /// From start to the first question's prompt on stdout (then killed).
    FirstQuestion,
}

/// One run of a row: the arguments and the data directory.
struct Invocation {
    args: Vec<String>,
    data: PathBuf,
}

/// A collection of `cards` cards in [`DECKS`] files, with its history.
struct Collection {
    dir: tempfile::TempDir,
    per_deck: usize,
    /// The deck files' current text, as last written.
    texts: Vec<String>,
}

impl Collection {
    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn data(&self) -> PathBuf {
        self.root().join("data")
    }

    fn deck_path(&self, deck: usize) -> PathBuf {
        self.root()
            .join("decks")
            .join(format!("deck-{deck:02}.toml"))
    }
}

impl Bench {
    /// Builds a collection of `cards` cards and measures every row on it.
    fn size(&self, cards: usize) -> Vec<Measured> {
        let per_deck = cards / DECKS;
        println!(
            "== {} cards ({DECKS} deck files of {per_deck}) ==",
            DECKS * per_deck
        );
        let mut collection = build(per_deck);
        if self.keep {
            println!("keeping the collection in {}", collection.root().display());
        }
        let started = Instant::now();
        self.command(collection.root(), &collection.data(), &["due"])
            .output()
            .map(|out| assert!(out.status.success(), "{}", lossy(&out.stderr)))
            .expect("run recall");
        let first = started.elapsed();
        let started = Instant::now();
        let (reviews, due) = add_history(&collection.data(), per_deck);
        println!(
            "setup: first sync {:.2?}; {reviews} reviews recorded through the store in {:.2?}; \
             {due} cards due today; database {:.1} MB",
            first,
            started.elapsed(),
            mb(dir_size(&collection.data()))
        );
        let csv = collection.root().join("rows.csv");
        std::fs::write(&csv, csv_rows(DECKS * per_deck)).expect("csv");

        let mut rows = Vec::new();
        let start_up = self.row(
            &mut collection,
            "process start-up (`--version`)",
            Mode::Whole,
            |c, _| Invocation {
                args: args(&["--version"]),
                data: c.data(),
            },
        );
        rows.extend(start_up);
        rows.extend(self.row(
            &mut collection,
            "`study`, all decks: first question",
            Mode::FirstQuestion,
            |c, _| Invocation {
                args: args(&["study"]),
                data: c.data(),
            },
        ));
        if self.wanted("edited") {
            let mut edits = 0;
            rows.extend(self.row(
                &mut collection,
                "`study` after every deck file was edited",
                Mode::FirstQuestion,
                |c, _| {
                    edit_every_file(c, edits);
                    edits += 1;
                    Invocation {
                        args: args(&["study"]),
                        data: c.data(),
                    }
                },
            ));
        }
        let mut touches = 0;
        rows.extend(self.row(
            &mut collection,
            "`study` after every deck file was touched",
            Mode::FirstQuestion,
            |c, _| {
                touches += 1;
                touch_every_file(c, touches);
                Invocation {
                    args: args(&["study"]),
                    data: c.data(),
                }
            },
        ));
        rows.extend(self.row(
            &mut collection,
            "first read (`due` on a new data dir)",
            Mode::Whole,
            |c, run| {
                let data = c.root().join(format!("fresh-{run}"));
                let _ = std::fs::remove_dir_all(&data);
                Invocation {
                    args: args(&["due"]),
                    data,
                }
            },
        ));
        rows.extend(self.row(
            &mut collection,
            &format!("`import` of a {}-row CSV", DECKS * per_deck),
            Mode::Whole,
            |c, _| {
                // The same new file each run (removed first): a second file would be a second
                // deck claiming the id `rows`, which import refuses.
                let into = c.root().join("imported/deck.toml");
                let _ = std::fs::remove_file(&into);
                Invocation {
                    args: vec![
                        "import".into(),
                        "rows.csv".into(),
                        "--into".into(),
                        into.display().to_string(),
                    ],
                    data: c.data(),
                }
            },
        ));
        // The same CSV again into the deck the last run made: a re-import, every row unchanged
        // (what a teacher does with an updated spreadsheet), which reads the deck file as well.
        rows.extend(self.row(
            &mut collection,
            &format!("`import` again into that deck ({} rows)", DECKS * per_deck),
            Mode::Whole,
            |c, _| Invocation {
                args: vec![
                    "import".into(),
                    "rows.csv".into(),
                    "--into".into(),
                    c.root().join("imported/deck.toml").display().to_string(),
                ],
                data: c.data(),
            },
        ));
        for (name, argv) in [
            ("`check`", &["check"][..]),
            ("`stats --json`", &["stats", "--json"][..]),
            ("`due`", &["due"][..]),
            ("`list`", &["list"][..]),
        ] {
            rows.extend(
                self.row(&mut collection, name, Mode::Whole, |c, _| Invocation {
                    args: args(argv),
                    data: c.data(),
                }),
            );
        }
        let card =
            |deck: usize, run: usize| format!("bench-{deck:02}/c{:06}", (run * 97 + 13) % per_deck);
        rows.extend(self.row(&mut collection, "`card`", Mode::Whole, |c, run| {
            Invocation {
                args: vec!["card".into(), card(3, run)],
                data: c.data(),
            }
        }));
        rows.extend(
            self.row(&mut collection, "`answer`", Mode::Whole, |c, run| {
                Invocation {
                    args: vec!["answer".into(), card(4, run), "1901".into()],
                    data: c.data(),
                }
            }),
        );
        rows.extend(self.row(&mut collection, "`rate`", Mode::Whole, |c, run| {
            Invocation {
                args: vec!["rate".into(), card(5, run), "good".into()],
                data: c.data(),
            }
        }));
        if self.wanted("inside a session") {
            rows.push(self.session_answers(&collection));
        }
        for fresh in 0..=self.runs {
            let _ = std::fs::remove_dir_all(collection.root().join(format!("fresh-{fresh}")));
        }
        if self.keep {
            let _ = collection.dir.keep();
        }
        rows
    }

    fn wanted(&self, name: &str) -> bool {
        name.contains(&self.only)
    }

    fn row(
        &self,
        collection: &mut Collection,
        name: &str,
        mode: Mode,
        mut prepare: impl FnMut(&mut Collection, usize) -> Invocation,
    ) -> Option<Measured> {
        if !self.wanted(name) {
            return None;
        }
        Some(self.measure(collection, name, mode, &mut prepare))
    }

    /// Runs a row `runs` times for the wall clock, once more for its peak RSS and, with
    /// callgrind, once more for its instruction count; `prepare` sets up each run.
    fn measure(
        &self,
        collection: &mut Collection,
        name: &str,
        mode: Mode,
        prepare: &mut dyn FnMut(&mut Collection, usize) -> Invocation,
    ) -> Measured {
        let mut times = Vec::new();
        for run in 0..self.runs {
            let invocation = prepare(collection, run);
            times.push(self.timed(collection.root(), &invocation, mode));
        }
        let invocation = prepare(collection, self.runs);
        let (rss_kb, cpu) = self
            .peak_rss(collection.root(), &invocation)
            .map_or((None, None), |(kb, cpu)| (Some(kb), Some(cpu)));
        let instructions = if self.callgrind {
            let invocation = prepare(collection, self.runs + 1);
            self.instructions(collection.root(), &invocation, mode)
        } else {
            None
        };
        times.sort();
        let measured = Measured {
            name: name.to_owned(),
            median: times[times.len() / 2],
            min: times[0],
            max: times[times.len() - 1],
            rss_kb,
            cpu,
            instructions,
        };
        println!("{}", line(&measured));
        measured
    }

    fn command(&self, cwd: &Path, data: &Path, argv: &[&str]) -> Command {
        let mut command = Command::new(&self.binary);
        configure(&mut command, cwd, data, argv);
        command
    }

    fn timed(&self, cwd: &Path, invocation: &Invocation, mode: Mode) -> Duration {
        let argv: Vec<&str> = invocation.args.iter().map(String::as_str).collect();
        let mut command = self.command(cwd, &invocation.data, &argv);
        match mode {
            Mode::Whole => {
                let start = Instant::now();
                let out = command.output().expect("run recall");
                let elapsed = start.elapsed();
                assert!(out.status.success(), "{argv:?}: {}", lossy(&out.stderr));
                elapsed
            }
            Mode::FirstQuestion => {
                let start = Instant::now();
                let mut child = command.stdin(Stdio::piped()).spawn().expect("spawn");
                wait_for_prompt(&mut child, &argv);
                let elapsed = start.elapsed();
                let _ = child.kill();
                let _ = child.wait();
                elapsed
            }
        }
    }

    /// Peak RSS in KiB and CPU time (user + system), from GNU time; a session ends at the
    /// first question (stdin is empty).
    fn peak_rss(&self, cwd: &Path, invocation: &Invocation) -> Option<(u64, Duration)> {
        let report = cwd.join("time.out");
        let mut command = Command::new("/usr/bin/time");
        command
            .arg("-f")
            .arg("%M %U %S")
            .arg("-o")
            .arg(&report)
            .arg(&self.binary);
        let argv: Vec<&str> = invocation.args.iter().map(String::as_str).collect();
        configure(&mut command, cwd, &invocation.data, &argv);
        let out = command.output().ok()?;
        assert!(out.status.success(), "{argv:?}: {}", lossy(&out.stderr));
        let report = std::fs::read_to_string(&report).ok()?;
        let mut fields = report.split_whitespace();
        let kb = fields.next()?.parse().ok()?;
        let seconds: f64 = fields.filter_map(|f| f.parse::<f64>().ok()).sum();
        Some((kb, Duration::from_secs_f64(seconds)))
    }

    /// Instructions executed, from one run under callgrind; a session is stopped (SIGTERM) at
    /// its first question.
    fn instructions(&self, cwd: &Path, invocation: &Invocation, mode: Mode) -> Option<u64> {
        let argv: Vec<&str> = invocation.args.iter().map(String::as_str).collect();
        let mut command = Command::new("valgrind");
        command
            .arg("--tool=callgrind")
            .arg("--callgrind-out-file=/dev/null")
            .arg(&self.binary);
        configure(&mut command, cwd, &invocation.data, &argv);
        let stderr = match mode {
            Mode::Whole => command.output().ok()?.stderr,
            Mode::FirstQuestion => {
                let mut child = command.stdin(Stdio::piped()).spawn().ok()?;
                wait_for_prompt(&mut child, &argv);
                terminate(&child);
                child.wait_with_output().ok()?.stderr
            }
        };
        collected(&lossy(&stderr))
    }

    /// Answers typed into a running `recall study`: the time from sending each answer's line to
    /// the next prompt. With callgrind, the instructions of one answer: a session answering
    /// [`SESSION_ANSWERS`] questions less one answering none, divided by the answers.
    fn session_answers(&self, collection: &Collection) -> Measured {
        let name = "one answer inside a session";
        let argv = ["study", "bench-05"];
        let mut times = Vec::new();
        for _ in 0..self.runs.div_ceil(3) {
            let mut child = self
                .command(collection.root(), &collection.data(), &argv)
                .stdin(Stdio::piped())
                .spawn()
                .expect("spawn");
            wait_for_prompt(&mut child, &argv);
            for _ in 0..SESSION_ANSWERS {
                let sent = Instant::now();
                answer(&mut child, &argv);
                times.push(sent.elapsed());
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        let instructions = if self.callgrind {
            let session = |answers: usize| -> Option<u64> {
                let mut command = Command::new("valgrind");
                command
                    .arg("--tool=callgrind")
                    .arg("--callgrind-out-file=/dev/null")
                    .arg(&self.binary);
                configure(&mut command, collection.root(), &collection.data(), &argv);
                let mut child = command.stdin(Stdio::piped()).spawn().ok()?;
                wait_for_prompt(&mut child, &argv);
                for _ in 0..answers {
                    answer(&mut child, &argv);
                }
                terminate(&child);
                collected(&lossy(&child.wait_with_output().ok()?.stderr))
            };
            match (session(0), session(SESSION_ANSWERS)) {
                (Some(none), Some(some)) => {
                    Some(some.saturating_sub(none) / SESSION_ANSWERS as u64)
                }
                _ => None,
            }
        } else {
            None
        };
        times.sort();
        let measured = Measured {
            name: name.into(),
            median: times[times.len() / 2],
            min: times[0],
            max: times[times.len() - 1],
            rss_kb: None,
            cpu: None,
            instructions,
        };
        println!("{}", line(&measured));
        measured
    }
}

fn configure(command: &mut Command, cwd: &Path, data: &Path, argv: &[&str]) {
    // The time zone is left as the machine has it (a real user has no TZ set).
    command
        .args(argv)
        .current_dir(cwd)
        .env("RECALL_DATA_DIR", data)
        .env("RECALL_NOW", NOW)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
}

fn args(argv: &[&str]) -> Vec<String> {
    argv.iter().map(|&a| a.to_owned()).collect()
}

/// Reads the child's stdout until the next `answer> ` prompt.
fn wait_for_prompt(child: &mut Child, argv: &[&str]) {
    let stdout = child.stdout.as_mut().expect("stdout");
    let mut seen = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let n = stdout.read(&mut buffer).expect("read");
        assert!(
            n > 0,
            "{argv:?} ended before asking: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buffer[..n]);
        if seen.ends_with(b"answer> ") {
            return;
        }
    }
}

/// Types a (wrong) year and waits for the next question.
fn answer(child: &mut Child, argv: &[&str]) {
    let stdin = child.stdin.as_mut().expect("stdin");
    stdin.write_all(b"1066\n").expect("answer");
    stdin.flush().expect("flush");
    wait_for_prompt(child, argv);
}

/// Stops a process with SIGTERM (callgrind then still reports what it counted).
fn terminate(child: &Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
}

/// The total from callgrind's "Collected : N" line.
fn collected(stderr: &str) -> Option<u64> {
    stderr
        .lines()
        .find_map(|line| line.split("Collected :").nth(1))
        .and_then(|n| n.trim().parse().ok())
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const PEOPLE: [&str; 12] = [
    "Amina Khan",
    "Jonas Weber",
    "Mei Lin",
    "Carlos Ortega",
    "Fatima Zahra",
    "Oluwaseun Adeyemi",
    "Ingrid Larsen",
    "Rahul Mehta",
    "Sofia Rossi",
    "Tomasz Nowak",
    "Yuki Tanaka",
    "Aiyana Redcloud",
];

const ORGANISATIONS: [&str; 9] = [
    "the Red Cross",
    "UNESCO",
    "the Royal Society",
    "the Academy of Sciences",
    "the Football Association",
    "the Hanseatic League",
    "the Bar Council",
    "the Geological Survey",
    "the Philharmonic",
];

fn question(deck: usize, card: usize) -> String {
    let n = deck * 1_000_003 + card;
    format!(
        "Which year did {} join {} #{card}?",
        PEOPLE[n % PEOPLE.len()],
        ORGANISATIONS[(n / PEOPLE.len()) % ORGANISATIONS.len()]
    )
}

fn year(deck: usize, card: usize) -> usize {
    1800 + (deck * 31 + card * 7) % 220
}

fn deck_text(deck: usize, per_deck: usize) -> String {
    let mut text = format!(
        "[deck]\nid = \"bench-{deck:02}\"\ntitle = \"Memberships {deck}\"\n\n\
         [deck.schedule]\nnew_per_day = 20\nreviews_per_day = 200\n"
    );
    for card in 0..per_deck {
        let _ = write!(
            text,
            "\n[[card]]\nid = \"c{card:06}\"\nkind = \"year\"\nquestion = \"{}\"\nanswer = \"{}\"\n\
             explain = \"From the membership rolls of deck {deck}.\"\nsource = \"Register, entry {card}\"\n",
            question(deck, card),
            year(deck, card)
        );
    }
    text
}

/// Writes the deck files.
fn build(per_deck: usize) -> Collection {
    let dir = tempfile::TempDir::new().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("decks")).expect("decks dir");
    let mut collection = Collection {
        dir,
        per_deck,
        texts: Vec::new(),
    };
    for deck in 0..DECKS {
        let text = deck_text(deck, per_deck);
        std::fs::write(collection.deck_path(deck), &text).expect("deck");
        collection.texts.push(text);
    }
    collection
}

/// Rewrites three cards' questions in every deck file, different cards each time, as a person
/// editing the decks would (the files are written anew, so their size and time change).
fn edit_every_file(collection: &mut Collection, edit: usize) {
    let per_deck = collection.per_deck;
    for deck in 0..DECKS {
        let mut text = std::mem::take(&mut collection.texts[deck]);
        for which in 0..3 {
            let card = (edit * 3 + which) * (per_deck / 31).max(1) % per_deck;
            let old = format!("#{card}?\"");
            let new = format!("#{card}, as revised (edit {edit})?\"");
            text = text.replacen(&old, &new, 1);
        }
        std::fs::write(collection.deck_path(deck), &text).expect("edit");
        collection.texts[deck] = text;
    }
}

/// Sets every deck file's modification time (to a new time in the past hour, as a
/// `git checkout` or a copy would), leaving its contents as they are.
fn touch_every_file(collection: &Collection, touch: usize) {
    let when = SystemTime::now() - Duration::from_hours(1) + Duration::from_secs(touch as u64);
    for deck in 0..DECKS {
        std::fs::File::options()
            .write(true)
            .open(collection.deck_path(deck))
            .and_then(|file| file.set_modified(when))
            .expect("touch");
    }
}

fn csv_rows(n: usize) -> String {
    let mut text = String::from("question,answer\n");
    for i in 0..n {
        let _ = writeln!(text, "{},{}", question(i % DECKS, i / DECKS), year(0, i));
    }
    text
}

/// Records a year of study through the store (see the module docs); returns the number of
/// reviews and of cards due on the benchmark's day.
fn add_history(data: &Path, per_deck: usize) -> (usize, usize) {
    let now: Timestamp = NOW.parse().expect("valid time");
    let today = now.millis() / DAY_MS;
    let mut store = Store::open(data).expect("open store");
    let cards: Vec<(DeckId, CardId, usize)> = (0..DECKS)
        .flat_map(|deck| (0..per_deck).map(move |card| (deck, card)))
        .map(|(deck, card)| {
            (
                format!("bench-{deck:02}").parse().expect("deck id"),
                format!("c{card:06}").parse().expect("card id"),
                deck * per_deck + card,
            )
        })
        .filter(|(_, _, n)| n % 10 != 9)
        .collect();
    let mut states: Vec<CardState> = vec![CardState::default(); cards.len()];
    // The day of each card's last review: 1..=31 days ago.
    let last_day = |n: usize| today - 1 - (n % 31) as i64;
    let first_day = today - 31 - (REVIEWS_PER_CARD - 1) * REVIEW_GAP_DAYS;
    let mut reviews = 0;
    let mut due = 0;
    for day in first_day..today {
        let mut batch: Vec<(i64, usize, i64)> = Vec::new();
        for (index, (_, _, n)) in cards.iter().enumerate() {
            let back = last_day(*n) - day;
            if back >= 0 && back % REVIEW_GAP_DAYS == 0 && back / REVIEW_GAP_DAYS < REVIEWS_PER_CARD
            {
                let k = REVIEWS_PER_CARD - 1 - back / REVIEW_GAP_DAYS;
                // Through the day from 08:00, cards interleaved as a session would take them.
                let at = day * DAY_MS + 8 * 3_600_000 + (*n as i64 * 7_919) % 43_200_000;
                batch.push((at, index, k));
            }
        }
        batch.sort_unstable();
        let records: Vec<ReviewRecord> = batch
            .iter()
            .map(|&(at, index, k)| {
                let (deck, card, n) = &cards[index];
                let before = states[index].clone();
                let forgot =
                    k > 0 && k < REVIEWS_PER_CARD - 1 && (n + k as usize).is_multiple_of(9);
                let rating = if forgot { Rating::Again } else { Rating::Good };
                let at = Timestamp::from_millis(at);
                let last = k == REVIEWS_PER_CARD - 1;
                let interval_days = if last { 31 } else { REVIEW_GAP_DAYS };
                let after = CardState {
                    state: if forgot {
                        State::Relearning
                    } else {
                        State::Review
                    },
                    step: 0,
                    memory: Some(Memory {
                        stability: if forgot {
                            2.0
                        } else {
                            10.0 + (n % 40) as f32 + k as f32
                        },
                        difficulty: 3.0 + (n % 7) as f32,
                    }),
                    due: Some(if forgot {
                        at.plus(Duration::from_mins(10))
                    } else {
                        at.plus_days(interval_days)
                    }),
                    last_review: Some(at),
                    scheduled_days: if forgot {
                        0
                    } else {
                        u32::try_from(interval_days).unwrap()
                    },
                    reps: before.reps + 1,
                    lapses: before.lapses + u32::from(forgot && before.state == State::Review),
                };
                ReviewRecord {
                    profile: "default".into(),
                    deck: deck.clone(),
                    card: card.clone(),
                    at,
                    rating,
                    answer: Some(if forgot {
                        "1066".into()
                    } else {
                        year(n / per_deck, n % per_deck).to_string()
                    }),
                    expected: year(n / per_deck, n % per_deck).to_string(),
                    verdict: Some(if forgot {
                        recall::store::Mark::Wrong
                    } else {
                        recall::store::Mark::Right
                    }),
                    correct: !forgot,
                    duration_ms: Some(3_000 + (*n as u64 * 31 + k as u64 * 977) % 9_000),
                    purpose: Purpose::Study,
                    before,
                    after: Some(after),
                    elapsed_days: None,
                    session: None,
                }
            })
            .collect();
        for commit in store.record_batch(&records).expect("record") {
            assert!(matches!(commit, Commit::Done(_)), "a stale answer");
        }
        for (record, (_, index, _)) in records.iter().zip(&batch) {
            states[*index] = record.after.clone().expect("scheduled");
        }
        reviews += records.len();
    }
    let day_end = Timestamp::from_millis((today + 1) * DAY_MS + 4 * 3_600_000);
    for state in &states {
        if state.due.is_some_and(|d| d < day_end) {
            due += 1;
        }
    }
    (reviews, due)
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum()
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[allow(clippy::cast_precision_loss)]
fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn line(m: &Measured) -> String {
    format!(
        "{:<46} median {:>9.1} ms (min {:>8.1}, max {:>8.1})  CPU {:>8}  peak RSS {:>6}  instructions {:>8}",
        m.name,
        ms(m.median),
        ms(m.min),
        ms(m.max),
        cpu(m.cpu),
        rss(m.rss_kb),
        instructions(m.instructions)
    )
}

fn rss(kb: Option<u64>) -> String {
    kb.map_or_else(|| "–".into(), |kb| format!("{:.1} MB", kb as f64 / 1024.0))
}

fn cpu(time: Option<Duration>) -> String {
    time.map_or_else(|| "–".into(), |t| format!("{:.0} ms", ms(t)))
}

fn instructions(n: Option<u64>) -> String {
    n.map_or_else(|| "–".into(), |n| format!("{:.1} M", n as f64 / 1e6))
}

fn print_table(size: usize, rows: &[Measured]) {
    println!("\n| what ({size} cards) | median | min–max | CPU | peak RSS | instructions |");
    println!("|---|---|---|---|---|---|");
    for m in rows {
        println!(
            "| {} | {:.1} ms | {:.1}–{:.1} ms | {} | {} | {} |",
            m.name,
            ms(m.median),
            ms(m.min),
            ms(m.max),
            cpu(m.cpu),
            rss(m.rss_kb),
            instructions(m.instructions)
        );
    }
    println!();
}

/// The largest size's figures beside the smallest's, with their ratio.
fn print_scaling((small, a): &(usize, Vec<Measured>), (large, b): &(usize, Vec<Measured>)) {
    println!(
        "| what | {small} cards | {large} cards | ratio | CPU {small} / {large} | peak RSS {small} / {large} | instructions {small} / {large} |"
    );
    println!("|---|---|---|---|---|---|---|");
    for m in b {
        let Some(s) = a
            .iter()
            .find(|s| s.name.split(" of a ").next() == m.name.split(" of a ").next())
        else {
            continue;
        };
        println!(
            "| {} | {:.1} ms | {:.1} ms | {:.1}× | {} / {} | {} / {} | {} / {} |",
            m.name,
            ms(s.median),
            ms(m.median),
            ms(m.median) / ms(s.median).max(0.001),
            cpu(s.cpu),
            cpu(m.cpu),
            rss(s.rss_kb),
            rss(m.rss_kb),
            instructions(s.instructions),
            instructions(m.instructions)
        );
    }
}
