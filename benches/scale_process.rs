//! What every command pays, as whole processes on a 100,000-card collection: `answer`, `rate`,
//! `card`, `due`, `stats --json` and `study` until its first question, beside the process-start
//! floor (`recall --version`), with each row's peak RSS and the fsyncs of one answer (`strace`).
//! Part of `cargo bench --bench scale` (included from `scale.rs`).
//!
//! Settings: `RECALL_BENCH_PROCESS_DIR=DIR` keeps the collection in DIR (built there when
//! missing, reused after), `RECALL_BENCH_PROCESS_ONLY=1` runs these rows alone,
//! `RECALL_BENCH_PROCESS_CARDS` (default 100000) and `RECALL_BENCH_RUNS` (default 9).
//!
//! The collection is the one issue 14 describes: 10 deck files of year cards (`Which year did
//! <person> join <organisation> #<i>?`), synced by the binary's first `recall due`, then a year
//! of study recorded through the store's own recording path (`Store::record_batch`: the same
//! statements and compare-and-swap as every answer, in the order the answers were given, one
//! transaction per study day). Nine cards in ten have twelve reviews 33 days apart, the last
//! 1–31 days ago and due 31 days after it, so about 1/31 are due on the benchmark's day; one card
//! in nine was forgotten once on the way and relearnt ten minutes later; one in ten is new. No
//! `ANALYZE` or other statement recall does not run itself is run on the database.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use recall::deck::{CardId, DeckId};
use recall::scheduler::{CardState, Memory, Purpose, Rating, State};
use recall::store::{Commit, Mark, ReviewRecord, Store};
use recall::time::Timestamp;

/// The clock every command reads.
const NOW: &str = "2026-11-30T09:00:00Z";
const DECKS: usize = 10;
const REVIEWS: i64 = 12;
const GAP_DAYS: i64 = 33;
const DAY_MS: i64 = 86_400_000;

/// Runs the rows; `true` when they were asked for alone.
pub fn run() -> bool {
    let only = std::env::var_os("RECALL_BENCH_PROCESS_ONLY").is_some_and(|v| v != "0");
    let cards = number("RECALL_BENCH_PROCESS_CARDS").unwrap_or(100_000);
    let runs = number("RECALL_BENCH_RUNS").unwrap_or(9).max(1);
    let (root, _temp) = if let Some(dir) = std::env::var_os("RECALL_BENCH_PROCESS_DIR") {
        (PathBuf::from(dir), None)
    } else {
        let temp = tempfile::TempDir::new().expect("temp dir");
        (temp.path().to_owned(), Some(temp))
    };
    let bench = Process {
        binary: PathBuf::from(env!("CARGO_BIN_EXE_recall")),
        root,
        runs,
        per_deck: cards / DECKS,
    };
    bench.prepare();
    bench.rows();
    only
}

fn number(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

struct Process {
    binary: PathBuf,
    root: PathBuf,
    runs: usize,
    per_deck: usize,
}

impl Process {
    fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.binary);
        cmd.args(args);
        self.environment(&mut cmd);
        cmd
    }

    fn environment(&self, cmd: &mut Command) {
        cmd.current_dir(&self.root)
            .env("RECALL_DATA_DIR", self.data())
            .env("RECALL_NOW", NOW)
            .env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .env_remove("RECALL_PROFILE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.command(args).output().expect("run recall");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Builds the collection unless it is there already.
    fn prepare(&self) {
        let ready = self.root.join("ready");
        if ready.exists() {
            println!(
                "process rows: the collection in {} (built earlier)",
                self.root.display()
            );
            return;
        }
        let decks = self.root.join("decks");
        std::fs::create_dir_all(&decks).expect("decks dir");
        for deck in 0..DECKS {
            std::fs::write(
                decks.join(format!("deck-{deck:02}.toml")),
                deck_text(deck, self.per_deck),
            )
            .expect("deck file");
        }
        let started = Instant::now();
        self.run(&["due"]);
        let synced = started.elapsed();
        let started = Instant::now();
        let reviews = self.history();
        println!(
            "process rows: {} cards in {DECKS} files, first sync {:.2?}, {reviews} reviews \
             recorded through the store in {:.2?} ({})",
            self.per_deck * DECKS,
            synced,
            started.elapsed(),
            self.root.display()
        );
        std::fs::write(ready, b"").expect("mark");
    }

    /// A year of study, day by day, through `Store::record_batch`.
    fn history(&self) -> usize {
        let mut store = Store::open(&self.data()).expect("open the store");
        let now: Timestamp = NOW.parse().expect("a time");
        let total = self.per_deck * DECKS;
        let mut states = vec![CardState::default(); total];
        let mut recorded = 0;
        // Day `ago` (whole days before now): the cards whose last review was `ago % 33` days
        // ago and which had `ago / 33` more reviews since.
        for ago in (1..=(31 + (REVIEWS - 1) * GAP_DAYS)).rev() {
            let last = ago % GAP_DAYS;
            let later = ago / GAP_DAYS;
            if !(1..=31).contains(&last) || later >= REVIEWS {
                continue;
            }
            let k = REVIEWS - 1 - later;
            // The day's session starts at 18:00 UTC (ago days back), an answer every 4 s.
            let start = now.millis() - ago * DAY_MS + 9 * 3_600_000;
            let mut batch = Vec::new();
            // Relearning answers, ten minutes after the lapse, in the order given.
            let mut pending: Vec<(i64, usize)> = Vec::new();
            let mut at = start;
            for g in (usize::try_from(last - 1).expect("small")..total).step_by(31) {
                if g % 10 == 9 {
                    continue;
                }
                while let Some(&(when, card)) = pending.first().filter(|(when, _)| *when <= at) {
                    pending.remove(0);
                    batch.push(answer(
                        card,
                        Rating::Good,
                        when,
                        &mut states,
                        k,
                        self.per_deck,
                    ));
                }
                let rating = if g % 9 == 0 && k == 5 {
                    pending.push((at + 600_000, g));
                    Rating::Again
                } else {
                    Rating::Good
                };
                batch.push(answer(g, rating, at, &mut states, k, self.per_deck));
                at += 4_000;
            }
            for (when, card) in pending {
                batch.push(answer(
                    card,
                    Rating::Good,
                    when,
                    &mut states,
                    k,
                    self.per_deck,
                ));
            }
            for commit in store.record_batch(&batch).expect("recorded") {
                assert!(matches!(commit, Commit::Done(_)), "{commit:?}");
            }
            recorded += batch.len();
        }
        recorded
    }

    fn rows(&self) {
        let floor = self.timed_row("recall --version (process start: the floor)", |_| {
            vec!["--version".into()]
        });
        let due_cards = self.due_cards();
        let mut next = 0;
        let mut take = || {
            let card = due_cards[next % due_cards.len()];
            next += 1;
            card
        };
        let answer = self.timed_row("recall answer DECK/CARD YEAR (recorded)", |_| {
            let g = take();
            let (deck, card) = ids(g, self.per_deck);
            vec![
                "answer".into(),
                format!("{deck}/{card}"),
                year(g).to_string(),
            ]
        });
        let rate = self.timed_row("recall rate DECK/CARD good", |_| {
            let (deck, card) = ids(take(), self.per_deck);
            vec!["rate".into(), format!("{deck}/{card}"), "good".into()]
        });
        let card = self.timed_row("recall card DECK/CARD", |i| {
            let (deck, card) = ids(due_cards[i % due_cards.len()], self.per_deck);
            vec!["card".into(), format!("{deck}/{card}")]
        });
        let due = self.timed_row("recall due (10 decks)", |_| vec!["due".into()]);
        let stats = self.timed_row("recall stats --json (10 decks, charts)", |_| {
            vec!["stats".into(), "--json".into()]
        });
        let study = self.first_question_row("recall study (10 decks): first question", &["study"]);
        let one = self.first_question_row(
            "recall study deck-05: first question",
            &["study", "deck-05"],
        );
        println!();
        for (name, row) in [
            ("floor", &floor),
            ("answer", &answer),
            ("rate", &rate),
            ("card", &card),
            ("due", &due),
            ("stats", &stats),
            ("study", &study),
            ("study one deck", &one),
        ] {
            println!(
                "{name:<16} median {:>7.2} ms  ({:>6.2} ms over the floor)",
                ms(row.median),
                ms(row.median) - ms(floor.median)
            );
        }
        let (deck, card) = ids(take(), self.per_deck);
        match self.fsyncs(&["rate", &format!("{deck}/{card}"), "good"]) {
            Some(counts) => println!("\nfsyncs of one `recall rate` (strace -f): {counts}"),
            None => println!("\nfsyncs: strace is not available"),
        }
    }

    /// Cards due on the benchmark's day (their last review was 31 days ago), to answer.
    fn due_cards(&self) -> Vec<usize> {
        (30..self.per_deck * DECKS)
            .step_by(31)
            .filter(|g| g % 10 != 9)
            .collect()
    }

    /// Times `runs` runs of the arguments `args(i)` gives, and one more for the peak RSS.
    fn timed_row(&self, name: &str, mut args: impl FnMut(usize) -> Vec<String>) -> Row {
        let mut times = Vec::new();
        for i in 0..self.runs {
            let args = args(i);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let started = Instant::now();
            self.run(&args);
            times.push(started.elapsed());
        }
        let args = args(self.runs);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let rss = self.peak_rss(&args, false);
        Row::new(name, times, rss)
    }

    fn first_question_row(&self, name: &str, args: &[&str]) -> Row {
        let times = (0..self.runs).map(|_| self.first_question(args)).collect();
        let rss = self.peak_rss(args, true);
        Row::new(name, times, rss)
    }

    /// From start until the first question's prompt is on stdout, then killed.
    fn first_question(&self, args: &[&str]) -> Duration {
        let started = Instant::now();
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .spawn()
            .expect("spawn");
        let elapsed = wait_for_prompt(&mut child, started);
        let _ = child.kill();
        let _ = child.wait();
        elapsed
    }

    /// Peak RSS in kB by `/usr/bin/time -f %M`; a session is ended (stdin closed) at its first
    /// question.
    fn peak_rss(&self, args: &[&str], session: bool) -> Option<u64> {
        let report = self.root.join("rss.txt");
        let mut cmd = Command::new("/usr/bin/time");
        cmd.arg("-f").arg("%M").arg("-o").arg(&report);
        cmd.arg(&self.binary).args(args);
        self.environment(&mut cmd);
        if session {
            let mut child = cmd.stdin(Stdio::piped()).spawn().ok()?;
            wait_for_prompt(&mut child, Instant::now());
            drop(child.stdin.take());
            child.wait().ok()?;
        } else {
            cmd.output().ok()?;
        }
        std::fs::read_to_string(report).ok()?.trim().parse().ok()
    }

    /// The fsync-family calls of one run, by `strace -c -f`.
    fn fsyncs(&self, args: &[&str]) -> Option<String> {
        let report = self.root.join("strace.txt");
        let mut cmd = Command::new("strace");
        cmd.args([
            "-f",
            "-c",
            "-e",
            "trace=fsync,fdatasync,sync_file_range,msync",
            "-o",
        ])
        .arg(&report)
        .arg(&self.binary)
        .args(args);
        self.environment(&mut cmd);
        let out = cmd.output().ok()?;
        if !out.status.success() {
            return None;
        }
        let text = std::fs::read_to_string(report).ok()?;
        // `% time  seconds  usecs/call  calls  [errors]  syscall`
        let counts: Vec<String> = text
            .lines()
            .filter_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let name = *fields.last()?;
                let calls = fields.get(3)?;
                (["fsync", "fdatasync", "sync_file_range", "msync"].contains(&name))
                    .then(|| format!("{name} {calls}"))
            })
            .collect();
        Some(if counts.is_empty() {
            "none".into()
        } else {
            counts.join(", ")
        })
    }
}

fn wait_for_prompt(child: &mut std::process::Child, started: Instant) -> Duration {
    let mut stdout = child.stdout.take().expect("stdout");
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let n = stdout.read(&mut buffer).expect("read");
        assert!(
            n > 0,
            "recall ended before asking: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buffer[..n]);
        if seen.windows(8).any(|w| w == b"answer> ") {
            return started.elapsed();
        }
    }
}

struct Row {
    median: Duration,
}

impl Row {
    fn new(name: &str, mut times: Vec<Duration>, rss_kb: Option<u64>) -> Row {
        times.sort();
        let median = times[times.len() / 2];
        println!(
            "{name:<44} median {:>8.2} ms  (min {:>7.2}, max {:>7.2})  peak RSS {}",
            ms(median),
            ms(times[0]),
            ms(times[times.len() - 1]),
            rss_kb.map_or_else(
                || "?".into(),
                |kb| format!(
                    "{:.1} MB",
                    f64::from(u32::try_from(kb).unwrap_or(u32::MAX)) / 1024.0
                )
            )
        );
        Row { median }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Card `g`'s answer at `at` (its `k`th review day), recorded as a study session records it;
/// `states` keeps every card's state from one answer to the next.
fn answer(
    g: usize,
    rating: Rating,
    at: i64,
    states: &mut [CardState],
    k: i64,
    per_deck: usize,
) -> ReviewRecord {
    let (deck, card) = ids(g, per_deck);
    let at = Timestamp::from_millis(at);
    let before = states[g].clone();
    let after = next_state(&before, rating, at, k == REVIEWS - 1);
    states[g] = after.clone();
    ReviewRecord {
        profile: "default".into(),
        deck,
        card,
        at,
        rating,
        answer: Some(if rating == Rating::Again {
            (year(g) + 1).to_string()
        } else {
            year(g).to_string()
        }),
        expected: year(g).to_string(),
        verdict: Some(if rating == Rating::Again {
            Mark::Wrong
        } else {
            Mark::Right
        }),
        correct: rating != Rating::Again,
        duration_ms: Some(3_000 + (g as u64 * 7919) % 9_000),
        purpose: Purpose::Study,
        elapsed_days: before.last_review.map(|last| at.whole_days_since(last)),
        before,
        after: Some(after),
        session: None,
    }
}

/// The state after a scheduling answer: Good takes a card (back) to review until its next
/// review 33 days on (31 after the last one), with a stability that grows; Again sends it to
/// relearning for ten minutes.
fn next_state(before: &CardState, rating: Rating, at: Timestamp, last: bool) -> CardState {
    let memory = before.memory.unwrap_or(Memory {
        stability: 2.0,
        difficulty: 5.0,
    });
    if rating == Rating::Again {
        return CardState {
            state: State::Relearning,
            step: 0,
            memory: Some(Memory {
                stability: (memory.stability / 4.0).max(1.0),
                difficulty: (memory.difficulty + 1.0).min(10.0),
            }),
            due: Some(Timestamp::from_millis(at.millis() + 600_000)),
            last_review: Some(at),
            scheduled_days: 0,
            reps: before.reps + 1,
            lapses: before.lapses + u32::from(before.state == State::Review),
        };
    }
    let days: u32 = if last { 31 } else { 33 };
    CardState {
        state: State::Review,
        step: 0,
        memory: Some(Memory {
            stability: memory.stability * 1.6,
            difficulty: memory.difficulty,
        }),
        due: Some(Timestamp::from_millis(
            at.millis() + i64::from(days) * DAY_MS,
        )),
        last_review: Some(at),
        scheduled_days: days,
        reps: before.reps + 1,
        lapses: before.lapses,
    }
}

/// Card `g` of the collection: its deck and card ids.
fn ids(g: usize, per_deck: usize) -> (DeckId, CardId) {
    let deck = format!("deck-{:02}", g / per_deck).parse().expect("an id");
    let card = format!("c-{:06}", g % per_deck).parse().expect("an id");
    (deck, card)
}

fn year(g: usize) -> usize {
    1900 + (g * 37) % 120
}

const PEOPLE: [&str; 16] = [
    "Ayub Khan",
    "Zulfikar Ali Bhutto",
    "Benazir Bhutto",
    "Nawaz Sharif",
    "Alexei Kosygin",
    "Andrei Gromyko",
    "Nikita Khrushchev",
    "Leonid Brezhnev",
    "Fatima Jinnah",
    "Liaquat Ali Khan",
    "Iskander Mirza",
    "Huseyn Suhrawardy",
    "Yuri Andropov",
    "Mikhail Gorbachev",
    "Ghulam Muhammad",
    "Feroz Khan Noon",
];
const ORGS: [&str; 12] = [
    "the Muslim League",
    "the Awami League",
    "the Pakistan Peoples Party",
    "the Communist Party",
    "the Politburo",
    "the Planning Commission",
    "the State Bank",
    "the Foreign Office",
    "the Central Committee",
    "the Supreme Soviet",
    "the Senate",
    "the National Assembly",
];

fn deck_text(deck: usize, per_deck: usize) -> String {
    let mut text = format!(
        "[deck]\nid = \"deck-{deck:02}\"\ntitle = \"Benchmark deck {deck}\"\n\n\
         [deck.schedule]\nnew_per_day = 20\nreviews_per_day = 200\n"
    );
    for card in 0..per_deck {
        let g = deck * per_deck + card;
        text.push_str(&format!(
            "\n[[card]]\nid = \"c-{card:06}\"\nkind = \"year\"\n\
             question = \"Which year did {} join {} #{g}?\"\nanswer = \"{}\"\n",
            PEOPLE[g % PEOPLE.len()],
            ORGS[g / PEOPLE.len() % ORGS.len()],
            year(g)
        ));
    }
    text
}
