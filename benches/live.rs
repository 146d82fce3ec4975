//! Load test of the live game: 200 simulated players over loopback, each on its own real
//! WebSocket, join a `recall host` (the real binary, saving to a real store) and answer every
//! question at a random moment within its first seconds. Bounded and self-stopping: it fails
//! rather than waits if anything stalls.
//!
//! Run with `cargo bench --bench live` (release build). It prints the time from a player's
//! answer leaving until its acknowledgement arrives (median, 90th, 99th percentile, maximum),
//! checks that no answer was lost and no player dropped, and that the store holds every
//! answer. `RECALL_BENCH_PLAYERS` (default 200) and `RECALL_BENCH_QUESTIONS` (default 5) change
//! the size, `RECALL_BENCH_SPREAD_MS` (default 4000) how long the answers to a question are
//! spread over (200 is everyone at once).

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::Message;

/// Everything must be over by then.
const LIMIT: Duration = Duration::from_mins(5);
/// Players answer within this much of each question, by default (the countdown is 20 s).
const ANSWER_WITHIN_MS: usize = 4000;

/// What one simulated player saw.
#[derive(Debug, Default)]
struct Report {
    latencies: Vec<Duration>,
    acks: usize,
    reveals: usize,
    over: bool,
    problem: Option<String>,
}

fn main() {
    let players: usize = env_number("RECALL_BENCH_PLAYERS", 200);
    let questions: usize = env_number("RECALL_BENCH_QUESTIONS", 5);
    let spread = env_number("RECALL_BENCH_SPREAD_MS", ANSWER_WITHIN_MS).max(1) as u64;
    let dir = tempfile::TempDir::new().expect("temp dir");
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).expect("decks dir");
    let mut deck = String::from("[deck]\nid = \"load\"\ntitle = \"Load test\"\n");
    for i in 0..questions {
        deck.push_str(&format!(
            "[[card]]\nid = \"q{i}\"\nquestion = \"Question number {i}?\"\nanswer = \"answer{i}\"\n"
        ));
    }
    std::fs::write(decks.join("load.toml"), deck).expect("deck");

    let started = Instant::now();
    let mut host = Command::new(env!("CARGO_BIN_EXE_recall"))
        .args([
            "host",
            "--port",
            "0",
            "--seed",
            "1",
            "--per-question",
            "20s",
        ])
        .args(["--count", &questions.to_string()])
        .args(["--max-players", &players.to_string()])
        .current_dir(dir.path())
        .env("RECALL_DATA_DIR", dir.path().join("data"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start recall host");
    let mut stdin = host.stdin.take().expect("stdin");
    let (lines_out, lines) = mpsc::channel::<String>();
    let stdout = host.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_out.send(line).is_err() {
                break;
            }
        }
    });
    let mut printed: Vec<String> = Vec::new();
    let wait_for = |wanted: &dyn Fn(&str) -> bool, printed: &mut Vec<String>| -> String {
        loop {
            let left = LIMIT.saturating_sub(started.elapsed());
            let line = lines.recv_timeout(left).unwrap_or_else(|_| {
                panic!("the host stalled; it printed:\n{}", printed.join("\n"))
            });
            printed.push(line.clone());
            if wanted(&line) {
                return line;
            }
        }
    };
    let addr = wait_for(&|l| l.starts_with("join: "), &mut printed)
        .trim_start_matches("join: http://")
        .trim_end_matches('/')
        .to_owned();
    let pin = wait_for(&|l| l.starts_with("pin: "), &mut printed)
        .trim_start_matches("pin: ")
        .to_owned();

    // The players: each joins, then answers every question and times the acknowledgement.
    let joined = Arc::new(Barrier::new(players + 1));
    let (reports_out, reports) = mpsc::channel::<Report>();
    for bot in 0..players {
        let (addr, pin, joined, reports_out) = (
            addr.clone(),
            pin.clone(),
            Arc::clone(&joined),
            reports_out.clone(),
        );
        std::thread::spawn(move || {
            let report = play(bot, &addr, &pin, &joined, spread);
            let _ = reports_out.send(report);
        });
    }
    drop(reports_out);
    joined.wait();
    let all_in = format!("({players} players)");
    wait_for(
        &|l| l.starts_with("joined: ") && l.ends_with(&all_in),
        &mut printed,
    );
    println!("{players} players joined in {:.2?}", started.elapsed());

    let mut open_to_closed = Vec::new();
    for number in 1..=questions {
        writeln!(stdin).expect("next");
        let opened = Instant::now();
        wait_for(
            &|l| l.starts_with(&format!("question {number} of")),
            &mut printed,
        );
        // Closes by itself once everyone has answered.
        wait_for(
            &|l| l.starts_with(&format!("revealed {number}:")),
            &mut printed,
        );
        open_to_closed.push(opened.elapsed());
    }
    writeln!(stdin).expect("end");
    wait_for(&|l| l == "game over", &mut printed);
    drop(stdin);

    let mut latencies: Vec<Duration> = Vec::new();
    let mut problems = Vec::new();
    let mut reported = 0;
    for report in &reports {
        reported += 1;
        latencies.extend(&report.latencies);
        if report.acks != questions || report.reveals != questions || !report.over {
            problems.push(format!(
                "a player saw {} acks, {} reveals, over: {} ({:?})",
                report.acks, report.reveals, report.over, report.problem
            ));
        }
    }
    let status = host.wait().expect("host exits");
    printed.extend(lines.try_iter());
    // Players leave once the game is over; until the last reveal, nobody may drop.
    let last_reveal = format!("revealed {questions}:");
    let dropped = printed
        .iter()
        .take_while(|l| !l.starts_with(&last_reveal))
        .filter(|l| l.starts_with("away: "))
        .count();

    // Every answer is in the store.
    let results = Command::new(env!("CARGO_BIN_EXE_recall"))
        .args(["results", "--seed", "1", "--format", "json"])
        .current_dir(dir.path())
        .env("RECALL_DATA_DIR", dir.path().join("data"))
        .output()
        .expect("recall results");
    let attempts: Vec<Value> = serde_json::from_slice(&results.stdout).expect("results JSON");
    let saved: usize = attempts
        .iter()
        .flat_map(|a| a["answers"].as_array().cloned().unwrap_or_default())
        .filter(|a| a["outcome"] != "unanswered")
        .count();

    latencies.sort();
    let pick = |q: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let at = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len());
        latencies[at - 1]
    };
    println!(
        "answers acknowledged: {} of {}",
        latencies.len(),
        players * questions
    );
    println!(
        "answer -> ack: median {:.2?}, p90 {:.2?}, p99 {:.2?}, max {:.2?}",
        pick(0.5),
        pick(0.9),
        pick(0.99),
        pick(1.0)
    );
    let slowest = open_to_closed.iter().max().copied().unwrap_or_default();
    println!(
        "question open -> all {players} answered and revealed: slowest {slowest:.2?} (answers spread over {spread} ms)"
    );
    println!(
        "players reported: {reported}; dropped: {dropped}; answers saved: {saved}; host exit: {status}; total {:.2?}",
        started.elapsed()
    );
    let lost = players * questions - latencies.len();
    if !problems.is_empty()
        || dropped > 0
        || lost > 0
        || saved != players * questions
        || !status.success()
    {
        for problem in problems.iter().take(5) {
            eprintln!("{problem}");
        }
        panic!("load test failed: {lost} answers lost, {dropped} players dropped, {saved} saved");
    }
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One simulated player's game.
fn play(bot: usize, addr: &str, pin: &str, joined: &Barrier, spread: u64) -> Report {
    let mut report = Report::default();
    let stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(LIMIT)).expect("timeout");
    stream.set_nodelay(true).expect("nodelay");
    let (mut socket, _) =
        tungstenite::client::client(format!("ws://{addr}/ws"), stream).expect("handshake");
    socket
        .send(Message::text(
            json!({"type": "join", "v": 1, "pin": pin, "name": format!("Bot {bot:03}")})
                .to_string(),
        ))
        .expect("join");
    let mut random = (bot as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut welcomed = false;
    let mut sent: Option<(u64, Instant)> = None;
    loop {
        let text = match socket.read() {
            Ok(Message::Text(text)) => text,
            Ok(Message::Close(_)) | Err(_) => {
                report.problem = Some("connection closed".into());
                if !welcomed {
                    joined.wait();
                }
                return report;
            }
            Ok(_) => continue,
        };
        let message: Value = serde_json::from_str(text.as_str()).expect("JSON");
        match message["type"].as_str() {
            Some("welcome") => {
                welcomed = true;
                joined.wait();
            }
            Some("question") => {
                random ^= random << 13;
                random ^= random >> 7;
                random ^= random << 17;
                std::thread::sleep(Duration::from_millis(random % spread));
                let question = message["question"].as_u64().expect("index");
                let right = bot.is_multiple_of(2);
                let text = if right {
                    format!("answer{question}")
                } else {
                    "wrong".to_owned()
                };
                let answer = json!({"type": "answer", "question": question, "text": text});
                sent = Some((question, Instant::now()));
                socket
                    .send(Message::text(answer.to_string()))
                    .expect("answer");
            }
            Some("ack") => {
                if let Some((question, at)) = sent.take()
                    && message["question"] == question
                {
                    report.latencies.push(at.elapsed());
                }
                report.acks += 1;
            }
            Some("reveal") => report.reveals += 1,
            Some("over") => {
                report.over = true;
                return report;
            }
            Some("refused" | "rejected" | "error" | "kicked" | "replaced") => {
                report.problem = Some(message.to_string());
                if !welcomed {
                    joined.wait();
                    return report;
                }
            }
            _ => {}
        }
    }
}
