//! A mutation fuzzer over recall's parsers of untrusted input, on stable Rust and without any
//! extra tool: the deck loader, the importers (CSV, TSV, Anki, Quizlet, JSON), cloze parsing and
//! the drill results reader.
//!
//! ```text
//! scripts/fuzz.sh TARGET MINUTES          (builds in release, caps memory, runs)
//! cargo run --release --example fuzz -- TARGET SECONDS [SEED]
//! cargo run --release --example fuzz -- TARGET --replay FILE…   (time saved inputs again)
//! ```
//!
//! Each input is a seed from `fuzz/corpus/TARGET/` (or an earlier mutant) with a few random
//! mutations: bytes flipped, inserted or deleted, runs repeated (to find super-linear paths),
//! tokens of the format inserted, other seeds spliced in. Every input must be handled without a
//! panic, within `SLOW` (reported) and `HANG` (fatal), and must keep the target's invariants:
//!
//! - `deck`: a deck that loads serializes to TOML that loads again, and its cards expand; each
//!   diagnostic is one line (and a hint line), inert and of a bounded length;
//! - `csv` … `json`: a source that reads imports into a deck text the loader accepts (nothing
//!   is written that `recall check` would refuse), and that deck exported as CSV or TSV has no
//!   cell a spreadsheet would read as a formula;
//! - `cloze`: each gap's card shows a bounded window of the text (linear space);
//! - `results`: a file that reads gives a class report in every format with no control
//!   character in it, and a CSV report with no formula cell.
//!
//! Findings are saved under `fuzz/findings/TARGET/`, with the slowest input of the run as
//! `slowest`. The input being run is always in `fuzz/findings/TARGET/current`, so that an abort
//! (out of memory) leaves it behind.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use std::io::{Seek, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use recall::authoring::formats::{self, Format, ReadOptions};
use recall::authoring::{Header, import, validate_before_write};
use recall::deck::{Cloze, Origin, load_bytes, load_str, to_toml};
use recall::drill::{report, results};

/// An input slower than this is reported (and saved) as slow.
const SLOW: Duration = Duration::from_secs(1);
/// An input slower than this stops the run: a hang.
const HANG: Duration = Duration::from_secs(20);
/// The largest mutant tried.
const MAX_INPUT: usize = 512 * 1024;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    Deck,
    Import(Format),
    Cloze,
    Results,
}

impl Target {
    const NAMES: [&'static str; 8] = [
        "deck", "csv", "tsv", "anki", "quizlet", "json", "cloze", "results",
    ];

    fn parse(name: &str) -> Option<Target> {
        Some(match name {
            "deck" => Target::Deck,
            "csv" => Target::Import(Format::Csv),
            "tsv" => Target::Import(Format::Tsv),
            "anki" => Target::Import(Format::Anki),
            "quizlet" => Target::Import(Format::Quizlet),
            "json" => Target::Import(Format::Json),
            "cloze" => Target::Cloze,
            "results" => Target::Results,
            _ => return None,
        })
    }

    /// Fragments of the format, inserted by the mutator.
    fn tokens(self) -> &'static [&'static str] {
        const COMMON: &[&str] = &[
            "\n",
            "\r\n",
            "\"",
            "'",
            "\\",
            "\u{0}",
            "\u{1b}]52;c;x\u{7}",
            "\u{feff}",
            "é",
            "漢",
            "\u{202e}",
            "{{",
            "}}",
            "::",
            "|",
            " ",
            "\t",
            ",",
            ";",
        ];
        match self {
            Target::Deck => &[
                "[deck]\nid = \"d\"\ntitle = \"D\"\n",
                "\n[[card]]\n",
                "id = \"x\"\n",
                "kind = \"cloze\"\n",
                "kind = \"choice\"\n",
                "kind = \"year\"\n",
                "kind = \"number\"\n",
                "question = \"Q?\"\n",
                "answer = \"A\"\n",
                "answer = 1955\n",
                "text = \"a {{b|c::h}} d\"\n",
                "choices = [\"a\", \"b\"]\n",
                "tolerance = 0.5\n",
                "tags = [\"t\"]\n",
                "[deck.schedule]\nretention = 0.9\nlearning_steps = [\"1m\"]\n",
                "\"\"\"",
                "'''",
                "\\u0000",
                "=",
                "[",
                "]",
                "#",
                "{ question = \"q\", answer = \"a\" }",
            ],
            Target::Import(_) => &[
                "question,answer\n",
                "id,kind,question,answer,accept,choices,text,hint,explain,source,tags\n",
                "cloze",
                "choice",
                "year",
                "truefalse",
                "{{c1::x}}",
                "{{c2::y::h}}",
                "#separator:tab\n",
                "#html:true\n",
                "<br>",
                "&amp;",
                "\"kind\":",
                "\"cards\":[",
                "{\"question\":\"q\",\"answer\":\"a\"}",
                "null",
                "[]",
                "{}",
                "1e999",
                "-",
                "\t",
            ],
            Target::Cloze => COMMON,
            Target::Results => &[
                "\"attempts\":[",
                "\"position\":",
                "\"points\":",
                "\"outcome\":\"wrong\"",
                "\"end\":\"finished\"",
                "18446744073709551615",
                "4294967295",
                "-1",
                "1e999",
                "null",
                "\"\\u001b]0;t\\u0007\"",
                "\"2026-11-30T10:00:00Z\"",
                "{",
                "}",
                "[",
                "]",
            ],
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.get(1).map(String::as_str) == Some("--replay") {
        replay(&args);
        return;
    }
    let (Some(target), Some(seconds)) = (
        args.first().and_then(|t| Target::parse(t)),
        args.get(1).and_then(|s| s.parse::<u64>().ok()),
    ) else {
        eprintln!(
            "usage: fuzz TARGET SECONDS [SEED]\n  TARGET: {}",
            Target::NAMES.join(", ")
        );
        std::process::exit(2);
    };
    let name = args[0].clone();
    let seed = args
        .get(2)
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs())
        });
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let corpus = read_corpus(&root.join("corpus").join(&name));
    assert!(!corpus.is_empty(), "no seeds in fuzz/corpus/{name}");
    let findings = root.join("findings").join(&name);
    std::fs::create_dir_all(&findings).unwrap();
    // Quiet: a caught panic is counted and saved, not printed at every occurrence.
    std::panic::set_hook(Box::new(|_| {}));

    println!(
        "fuzzing {name} for {seconds} s (seed {seed}, {} seeds in the corpus)",
        corpus.len()
    );
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    // The watchdog: the worker publishes when its current input started.
    let input_started = Arc::new(AtomicU64::new(0));
    let worker = {
        let input_started = Arc::clone(&input_started);
        let findings = findings.clone();
        std::thread::spawn(move || {
            fuzz(
                target,
                &corpus,
                seed,
                deadline,
                &findings,
                &input_started,
                started,
            )
        })
    };
    loop {
        std::thread::sleep(Duration::from_millis(200));
        if worker.is_finished() {
            break;
        }
        let since = input_started.load(Ordering::Relaxed);
        let now = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        if since > 0 && now.saturating_sub(since) > u64::try_from(HANG.as_millis()).unwrap() {
            let hang = findings.join(format!("hang-{seed}"));
            let _ = std::fs::copy(findings.join("current"), &hang);
            println!(
                "HANG: one input ran for more than {} s; saved as {}",
                HANG.as_secs(),
                hang.display()
            );
            std::process::exit(3);
        }
    }
    let Ok(stats) = worker.join() else {
        println!("the fuzzer itself panicked (not the code under test)");
        std::process::exit(4);
    };
    let _ = std::fs::remove_file(findings.join("current"));
    let elapsed = started.elapsed().as_secs_f64();
    #[allow(clippy::cast_precision_loss)]
    let rate = stats.runs as f64 / elapsed;
    println!(
        "{name}: {} inputs in {elapsed:.0} s ({rate:.0}/s, {} accepted by the parser), {} \
         failures, {} slow (> {} s), 0 hangs; slowest input {:.1} ms ({} bytes); largest input \
         {} bytes; peak memory {}",
        stats.runs,
        stats.accepted,
        stats.failures,
        stats.slow,
        SLOW.as_secs(),
        stats.slowest.as_secs_f64() * 1000.0,
        stats.slowest_len,
        stats.largest,
        peak_memory()
    );
    if stats.failures > 0 || stats.slow > 0 {
        println!("findings saved in {}", findings.display());
        std::process::exit(1);
    }
}

#[derive(Debug, Default)]
struct Stats {
    runs: u64,
    /// Inputs the parser accepted (the rest were refused with an error, as they should be).
    accepted: u64,
    failures: u64,
    slow: u64,
    slowest: Duration,
    slowest_len: usize,
    largest: usize,
}

/// `fuzz TARGET --replay FILE…`: runs each saved input once more, alone, and prints its time
/// and verdict (to tell a slow input from a busy machine). Exit 1 if any fails.
fn replay(args: &[String]) {
    let Some(target) = Target::parse(&args[0]) else {
        eprintln!("usage: fuzz TARGET --replay FILE…");
        std::process::exit(2);
    };
    let mut failed = false;
    for file in &args[2..] {
        let Ok(input) = std::fs::read(file) else {
            eprintln!("{file}: cannot be read");
            failed = true;
            continue;
        };
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| check(target, &input)));
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let verdict = match outcome {
            Ok(Ok(_)) => "ok".to_owned(),
            Ok(Err(why)) => {
                failed = true;
                format!("FAILED: {why}")
            }
            Err(_) => {
                failed = true;
                "PANICKED".to_owned()
            }
        };
        println!("{ms:9.1} ms  {:>7} bytes  {file}  {verdict}", input.len());
    }
    std::process::exit(i32::from(failed));
}

fn fuzz(
    target: Target,
    corpus: &[Vec<u8>],
    seed: u64,
    deadline: Instant,
    findings: &Path,
    input_started: &AtomicU64,
    started: Instant,
) -> Stats {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut current = std::fs::File::create(findings.join("current")).unwrap();
    // Recent mutants, mutated further: a random walk away from the seeds.
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let mut stats = Stats::default();
    let mut slowest = Vec::new();
    let mut last_report = Instant::now();
    while Instant::now() < deadline {
        let base = if !pool.is_empty() && rng.random_bool(0.5) {
            &pool[rng.random_range(0..pool.len())]
        } else {
            &corpus[rng.random_range(0..corpus.len())]
        };
        // Half the time, a structured mutation: valid JSON or TOML with odd values reaches
        // past the parser into validation, grading of the paper and the report.
        let structured = |from: &[u8], rng: &mut Xoshiro256PlusPlus| match target {
            Target::Import(Format::Json) => mutate_json(from, false, rng),
            Target::Results => mutate_json(from, true, rng),
            Target::Deck => mutate_toml(from, rng),
            _ => None,
        };
        // Mutants of mutants are mostly no longer JSON or TOML: then start from a seed.
        let structured = structured(base, &mut rng).or_else(|| {
            let seed = &corpus[rng.random_range(0..corpus.len())];
            structured(seed, &mut rng)
        });
        let input = match structured {
            Some(input) if input.len() <= MAX_INPUT && rng.random_bool(0.5) => input,
            _ => mutate(base, corpus, target.tokens(), &mut rng),
        };
        current.set_len(0).unwrap();
        current.rewind().unwrap();
        current.write_all(&input).unwrap();
        input_started.store(
            u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        let at = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| check(target, &input)));
        let took = at.elapsed();
        input_started.store(0, Ordering::Relaxed);
        stats.runs += 1;
        stats.largest = stats.largest.max(input.len());
        if took > stats.slowest {
            stats.slowest = took;
            stats.slowest_len = input.len();
            slowest.clone_from(&input);
        }
        let failure = match outcome {
            Ok(Ok(accepted)) => {
                stats.accepted += u64::from(accepted);
                None
            }
            Ok(Err(broken)) => Some(broken),
            Err(panic) => Some(format!(
                "panic: {}",
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            )),
        };
        if let Some(why) = failure {
            stats.failures += 1;
            let path = findings.join(format!("failure-{seed}-{}", stats.runs));
            std::fs::write(&path, &input).unwrap();
            println!("FAILURE ({why}); input saved as {}", path.display());
        } else if took > SLOW {
            stats.slow += 1;
            let path = findings.join(format!("slow-{seed}-{}", stats.runs));
            std::fs::write(&path, &input).unwrap();
            println!(
                "SLOW: {:.2} s for {} bytes; input saved as {}",
                took.as_secs_f64(),
                input.len(),
                path.display()
            );
        }
        if pool.len() < 256 {
            pool.push(input);
        } else {
            let at = rng.random_range(0..pool.len());
            pool[at] = input;
        }
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            println!(
                "  {} inputs, {} failures, {} slow, slowest {:.1} ms",
                stats.runs,
                stats.failures,
                stats.slow,
                stats.slowest.as_secs_f64() * 1000.0
            );
        }
    }
    // Kept for a closer look (e.g. `recall check fuzz/findings/deck/slowest`).
    std::fs::write(findings.join("slowest"), &slowest).unwrap();
    stats
}

/// A few random mutations of `base`.
fn mutate(
    base: &[u8],
    corpus: &[Vec<u8>],
    tokens: &[&str],
    rng: &mut Xoshiro256PlusPlus,
) -> Vec<u8> {
    let mut data = base.to_vec();
    for _ in 0..rng.random_range(1..=6) {
        let len = data.len();
        let at = if len == 0 {
            0
        } else {
            rng.random_range(0..=len)
        };
        match rng.random_range(0..9) {
            0 if len > 0 => {
                let i = rng.random_range(0..len);
                data[i] ^= 1 << rng.random_range(0..8);
            }
            1 => data.insert(at, rng.random()),
            2 if len > 0 => {
                let end = (at + rng.random_range(1..=16)).min(len);
                data.drain(at.min(len)..end);
            }
            3 | 4 => {
                let token = tokens[rng.random_range(0..tokens.len())].as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            5 if len > 0 => {
                // Repeat a run many times: long inputs find super-linear paths.
                let start = rng.random_range(0..len);
                let end = (start + rng.random_range(1..=64)).min(len);
                let run = data[start..end].to_vec();
                let times = if rng.random_bool(0.1) {
                    rng.random_range(100..5_000)
                } else {
                    rng.random_range(2..20)
                };
                for _ in 0..times {
                    data.splice(end..end, run.iter().copied());
                }
            }
            6 => {
                let other = &corpus[rng.random_range(0..corpus.len())];
                if !other.is_empty() {
                    let start = rng.random_range(0..other.len());
                    let end = (start + rng.random_range(1..=256)).min(other.len());
                    data.splice(at..at, other[start..end].iter().copied());
                }
            }
            7 if len > 0 => data.truncate(rng.random_range(0..len)),
            _ => {
                // Replace a byte with one of the interesting ones.
                if len > 0 {
                    let i = rng.random_range(0..len);
                    data[i] = [0, b'\n', b'"', b'{', b'}', 0x1b, 0xff, 0xc3, b'\\', b',']
                        [rng.random_range(0..10)];
                }
            }
        }
        data.truncate(MAX_INPUT);
    }
    data
}

/// A string a structured mutation puts in place of a value.
fn odd_text(rng: &mut Xoshiro256PlusPlus) -> String {
    match rng.random_range(0..8) {
        0 => String::new(),
        1 => "\u{1b}]52;c;cm0K\u{7}\u{9b}2J\u{202e}x".to_owned(),
        2 => "x".repeat(rng.random_range(0..100_000)),
        3 => "{{a}} ".repeat(rng.random_range(0..300)),
        4 => "{{a|b::c}} {{ }} }} {{".to_owned(),
        5 => "é漢\u{0}\r\n\"'\\".to_owned(),
        6 => "1955".to_owned(),
        _ => "true".to_owned(),
    }
}

/// `base` parsed as TOML with a few of its strings replaced; `None` when it is not TOML.
fn mutate_toml(base: &[u8], rng: &mut Xoshiro256PlusPlus) -> Option<Vec<u8>> {
    let mut value: toml::Value = toml::from_str(std::str::from_utf8(base).ok()?).ok()?;
    for _ in 0..rng.random_range(1..=3) {
        let mut strings = Vec::new();
        collect_toml_strings(&mut value, &mut strings);
        if strings.is_empty() {
            break;
        }
        let at = rng.random_range(0..strings.len());
        *strings.swap_remove(at) = odd_text(rng);
    }
    toml::to_string(&value).ok().map(String::into_bytes)
}

fn collect_toml_strings<'a>(value: &'a mut toml::Value, out: &mut Vec<&'a mut String>) {
    match value {
        toml::Value::String(text) => out.push(text),
        toml::Value::Array(items) => {
            for item in items {
                collect_toml_strings(item, out);
            }
        }
        toml::Value::Table(table) => {
            for (_, item) in table.iter_mut() {
                collect_toml_strings(item, out);
            }
        }
        _ => {}
    }
}

/// `base` parsed as JSON with a few of its values changed, removed or repeated; `None` when
/// `base` is not JSON. With `rescore`, each attempt's score is made the sum of its points
/// again, so that more mutants pass the results file's consistency checks.
fn mutate_json(base: &[u8], rescore: bool, rng: &mut Xoshiro256PlusPlus) -> Option<Vec<u8>> {
    let mut value: serde_json::Value = serde_json::from_slice(base).ok()?;
    for _ in 0..rng.random_range(1..=4) {
        // Walk down to a random value, as a JSON pointer.
        let mut pointer = String::new();
        let mut node = &value;
        loop {
            let (step, next) = match node {
                serde_json::Value::Array(items) if !items.is_empty() && rng.random_bool(0.8) => {
                    let at = rng.random_range(0..items.len());
                    (at.to_string(), &items[at])
                }
                serde_json::Value::Object(map) if !map.is_empty() && rng.random_bool(0.8) => {
                    let at = rng.random_range(0..map.len());
                    let (key, next) = map.iter().nth(at)?;
                    (key.replace('~', "~0").replace('/', "~1"), next)
                }
                _ => break,
            };
            pointer.push('/');
            pointer.push_str(&step);
            node = next;
        }
        let node = value.pointer_mut(&pointer)?;
        // Mostly a value of the same type, which keeps the file readable deeper in.
        if rng.random_bool(0.7) {
            let same = match node {
                serde_json::Value::String(_) => Some(serde_json::json!(odd_text(rng))),
                serde_json::Value::Number(_) => Some(
                    [
                        serde_json::json!(0),
                        serde_json::json!(1),
                        serde_json::json!(u64::MAX),
                        serde_json::json!(u64::from(u32::MAX)),
                        serde_json::json!(rng.random_range(0..100_000u64)),
                    ][rng.random_range(0..5)]
                    .clone(),
                ),
                serde_json::Value::Bool(b) => Some(serde_json::json!(!*b)),
                _ => None,
            };
            if let Some(same) = same {
                *node = same;
                continue;
            }
        }
        *node = match rng.random_range(0..10) {
            0 => serde_json::Value::Null,
            1 => serde_json::json!(u64::MAX),
            2 => serde_json::json!(-1),
            3 => serde_json::json!(1.5e300),
            4 => serde_json::json!(""),
            5 | 6 => serde_json::json!(odd_text(rng)),
            7 => match node.take() {
                serde_json::Value::Array(mut items) if !items.is_empty() => {
                    let copy = items[rng.random_range(0..items.len())].clone();
                    for _ in 0..rng.random_range(1..200) {
                        items.push(copy.clone());
                    }
                    serde_json::Value::Array(items)
                }
                serde_json::Value::Object(mut map) if !map.is_empty() => {
                    let key = map.keys().next().cloned().unwrap_or_default();
                    map.remove(&key);
                    serde_json::Value::Object(map)
                }
                other => other,
            },
            8 => serde_json::json!(true),
            _ => serde_json::json!([{}]),
        };
    }
    if rescore && let Some(attempts) = value.get_mut("attempts").and_then(|a| a.as_array_mut()) {
        for attempt in attempts {
            let points: Option<u64> =
                attempt
                    .get("answers")
                    .and_then(|a| a.as_array())
                    .map(|answers| {
                        answers
                            .iter()
                            .filter_map(|a| a.get("points").and_then(serde_json::Value::as_u64))
                            .fold(0u64, u64::saturating_add)
                    });
            if let (Some(points), Some(object)) = (points, attempt.as_object_mut()) {
                object.insert("score".into(), points.into());
                let max = object.get("max_score").and_then(serde_json::Value::as_u64);
                if max.is_none_or(|max| max < points) {
                    object.insert("max_score".into(), points.into());
                }
            }
        }
    }
    serde_json::to_vec(&value).ok()
}

/// Runs one input through the target and checks its invariants.
fn check(target: Target, input: &[u8]) -> Result<bool, String> {
    match target {
        Target::Deck => check_deck(input),
        Target::Import(format) => check_import(format, input),
        Target::Cloze => check_cloze(input),
        Target::Results => check_results(input),
    }
}

fn check_deck(input: &[u8]) -> Result<bool, String> {
    let loaded = load_bytes(input, Origin::File("fuzz.toml".into()));
    for diagnostic in &loaded.diagnostics {
        // One line, and a hint line, of a bounded length, inert.
        let shown = diagnostic.to_string();
        inert("a diagnostic", &shown)?;
        let lines: Vec<&str> = shown.lines().collect();
        if lines.len() > 2 || lines.get(1).is_some_and(|l| !l.starts_with("  hint: ")) {
            return Err(format!(
                "a diagnostic over {} lines: {shown:?}",
                lines.len()
            ));
        }
        if shown.len() > 16 * 1024 {
            return Err(format!("a diagnostic of {} bytes", shown.len()));
        }
    }
    let Some(deck) = loaded.deck else {
        return Ok(false);
    };
    let cards = deck.cards().count();
    if cards != deck.card_count() {
        return Err(format!(
            "{cards} cards expanded, {} counted",
            deck.card_count()
        ));
    }
    let text = to_toml(&deck).map_err(|e| format!("a loaded deck does not serialize: {e}"))?;
    let again = load_str(&text, Origin::File("again.toml".into()));
    if again.has_errors() {
        return Err(format!(
            "a loaded deck serializes to a deck with errors: {:?}",
            again.diagnostics.iter().find(|d| d.is_error())
        ));
    }
    Ok(true)
}

fn check_import(format: Format, input: &[u8]) -> Result<bool, String> {
    let options = ReadOptions {
        format: Some(format),
        ..ReadOptions::default()
    };
    let Ok((format, parsed)) = formats::read(input, &options) else {
        return Ok(false);
    };
    let plan = import::plan(None, format, parsed, &[]);
    if !plan.changes_anything() {
        return Ok(false);
    }
    let text = import::apply(&plan, None, &Header::titled("Fuzzed"), "fuzzed")
        .map_err(|e| format!("a plan does not apply: {e}"))?;
    validate_before_write(&text, &Origin::File("imported.toml".into())).map_err(|invalid| {
        format!(
            "import would write a deck the loader refuses: {:?}",
            invalid.0.first()
        )
    })?;
    // What was imported, exported again, starts no formula in a spreadsheet.
    if let Some(deck) = load_str(&text, Origin::File("imported.toml".into())).deck {
        for (format, separator) in [(Format::Csv, ','), (Format::Tsv, '\t')] {
            defused(
                &format!("{format} export"),
                &formats::write(&deck, format),
                separator,
            )?;
        }
    }
    Ok(true)
}

/// Every cell of delimited `text` is defused: no spreadsheet reads a formula in it.
fn defused(what: &str, text: &str, separator: char) -> Result<(), String> {
    let records = recall::csv::parse(text, recall::csv::Dialect::new(separator), 1)
        .map_err(|e| format!("{what} does not parse: {e}"))?;
    match records
        .iter()
        .flat_map(|r| &r.fields)
        .find(|f| recall::csv::could_start_a_formula(f))
    {
        Some(cell) => Err(format!("{what} has a live formula cell: {cell:?}")),
        None => Ok(()),
    }
}

fn check_cloze(input: &[u8]) -> Result<bool, String> {
    let text = String::from_utf8_lossy(input);
    let Ok(cloze) = Cloze::parse(&text) else {
        return Ok(false);
    };
    let gaps = cloze.gaps().len();
    let shown: usize = (0..gaps).map(|i| cloze.render_with_gap(i).len()).sum();
    let bound = (2 * recall::deck::CONTEXT_GAPS + 2) * cloze.text().len() + 8 * gaps;
    if shown > bound {
        return Err(format!(
            "{gaps} gaps of a {}-byte text show {shown} bytes (more than {bound})",
            cloze.text().len()
        ));
    }
    let _ = cloze.render_filled();
    Ok(true)
}

fn check_results(input: &[u8]) -> Result<bool, String> {
    let attempts = match results::parse_export("fuzz.json", input) {
        Ok(attempts) => attempts,
        Err(error) => return inert("an error message", &error.to_string()).map(|()| false),
    };
    let report = report::build(attempts, 0.5);
    inert("the Markdown report", &report::markdown(&report))?;
    inert("the CSV report", &report::csv(&report))?;
    defused("the CSV report", &report::csv(&report), ',')?;
    inert("the HTML report", &report::html(&report))?;
    Ok(true)
}

/// No control character (but line breaks) and no bidi control in what would be printed.
fn inert(what: &str, text: &str) -> Result<(), String> {
    match text
        .chars()
        .find(|&c| (c.is_control() && c != '\n') || recall::text::is_hidden_control(c))
    {
        Some(c) => Err(format!("{what} holds U+{:04X}", u32::from(c))),
        None => Ok(()),
    }
}

fn read_corpus(dir: &Path) -> Vec<Vec<u8>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    entries
        .iter()
        .filter(|p| p.is_file())
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}

/// The process's peak resident memory (Linux), for the summary.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}
