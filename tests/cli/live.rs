//! The live game through the real binary: `recall host` on 127.0.0.1 (port 0) driven by its
//! plain teacher's screen (stdin lines), and test players speaking the protocol over real
//! `WebSockets`. Then `recall results`, `report` and `--export` on what the game saved.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::client::IntoClientRequest;
use tungstenite::protocol::CloseFrame;
use tungstenite::{Message, WebSocket};

use crate::support::{Env, fixture};

/// How long a test waits for anything before it fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `recall host`, driven through its plain teacher's screen.
pub struct Host {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    /// Everything printed so far.
    pub printed: Vec<String>,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    pub pin: String,
}

impl Host {
    /// Starts `recall host --port 0 ARGS…` in `env` and waits for the join address and PIN.
    pub fn start(env: &Env, args: &[&str]) -> Host {
        let mut command = env.command(["host", "--port", "0"]);
        command
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = command.spawn().expect("start recall host");
        let stdout = child.stdout.take().expect("stdout");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut host = Host {
            child,
            stdin,
            lines,
            printed: Vec::new(),
            addr: String::new(),
            pin: String::new(),
        };
        let join = host.wait_for(|l| l.starts_with("join: "));
        join.trim_start_matches("join: http://")
            .trim_end_matches('/')
            .clone_into(&mut host.addr);
        host.wait_for(|l| l.starts_with("pin: "))
            .trim_start_matches("pin: ")
            .clone_into(&mut host.pin);
        host
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Types a line on the teacher's screen (empty: Enter, the next step).
    pub fn say(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        writeln!(stdin, "{line}").expect("write to host");
        stdin.flush().expect("flush");
    }

    pub fn next(&mut self) {
        self.say("");
    }

    /// Waits for a printed line matching `wanted` (lines already printed count).
    #[track_caller]
    pub fn wait_for(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        if let Some(line) = self.printed.iter().find(|l| wanted(l)) {
            return line.clone();
        }
        let end = Instant::now() + PATIENCE;
        loop {
            match self
                .lines
                .recv_timeout(end.saturating_duration_since(Instant::now()))
            {
                Ok(line) => {
                    self.printed.push(line.clone());
                    if wanted(&line) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => panic!(
                    "the host did not print the line waited for; it printed:\n{}",
                    self.printed.join("\n")
                ),
            }
        }
    }

    /// Closes the teacher's input (which ends the game) and waits for the host to exit;
    /// returns its exit code and everything it printed.
    pub fn finish(mut self) -> (i32, String) {
        drop(self.stdin.take());
        let end = Instant::now() + PATIENCE;
        while Instant::now() < end {
            if let Some(status) = self.child.try_wait().expect("wait") {
                while let Ok(line) = self.lines.recv_timeout(Duration::from_millis(500)) {
                    self.printed.push(line);
                }
                return (status.code().unwrap_or(-1), self.printed.join("\n"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the host did not exit:\n{}", self.printed.join("\n"));
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A test player: one WebSocket, every message it received kept in order.
pub struct Player {
    socket: WebSocket<TcpStream>,
    pub received: Vec<Value>,
}

impl Player {
    pub fn connect(addr: &str) -> Player {
        Self::connect_with(addr, None).expect("connect")
    }

    /// Connects, with an `Origin` header if given (as a browser sends).
    pub fn connect_with(addr: &str, origin: Option<&str>) -> Result<Player, tungstenite::Error> {
        let stream = TcpStream::connect(addr).expect("tcp connect");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        let mut request = format!("ws://{addr}/ws")
            .into_client_request()
            .expect("request");
        if let Some(origin) = origin {
            request
                .headers_mut()
                .insert("origin", origin.parse().expect("header"));
        }
        let (socket, _) = tungstenite::client::client(request, stream).map_err(|e| match e {
            tungstenite::HandshakeError::Failure(e) => e,
            tungstenite::HandshakeError::Interrupted(_) => {
                tungstenite::Error::Io(std::io::ErrorKind::WouldBlock.into())
            }
        })?;
        Ok(Player {
            socket,
            received: Vec::new(),
        })
    }

    pub fn send(&mut self, message: &Value) {
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send");
    }

    /// Sends `messages` in one write, as a burst arriving together: the server may close the
    /// connection on reading them, and a send after that would meet a reset connection.
    pub fn send_burst(&mut self, messages: &[Value]) {
        for message in messages {
            self.socket
                .write(Message::text(message.to_string()))
                .expect("queue");
        }
        self.socket.flush().expect("send");
    }

    pub fn send_raw(&mut self, text: String) {
        self.socket.send(Message::text(text)).expect("send");
    }

    /// Joins (or rejoins with `token`) and returns the server's first answer.
    pub fn join(addr: &str, pin: &str, name: &str, token: Option<&str>) -> (Player, Value) {
        let mut player = Player::connect(addr);
        let mut join = json!({"type": "join", "v": 1, "pin": pin, "name": name});
        if let Some(token) = token {
            join["token"] = json!(token);
        }
        player.send(&join);
        let first = player.recv();
        (player, first)
    }

    /// Joins and expects to be welcome; returns the player and their token.
    #[track_caller]
    pub fn welcome(addr: &str, pin: &str, name: &str) -> (Player, String) {
        let (player, first) = Player::join(addr, pin, name, None);
        assert_eq!(first["type"], "welcome", "{first}");
        let token = first["token"].as_str().expect("token").to_owned();
        (player, token)
    }

    /// The next message (pings are answered by the library).
    #[track_caller]
    pub fn recv(&mut self) -> Value {
        // Pings arrive every few seconds, so the socket's read timeout alone never fires.
        let end = Instant::now() + PATIENCE;
        loop {
            assert!(Instant::now() < end, "no message within {PATIENCE:?}");
            match self.socket.read() {
                Ok(Message::Text(text)) => {
                    let value: Value = serde_json::from_str(text.as_str()).expect("JSON");
                    self.received.push(value.clone());
                    return value;
                }
                Ok(Message::Close(frame)) => panic!("closed by the server: {frame:?}"),
                Ok(_) => {}
                // A signal to the test process (a child ending) interrupts the read: read on.
                Err(tungstenite::Error::Io(e)) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => panic!("no message: {error}"),
            }
        }
    }

    /// The next message of type `kind`, skipping others.
    #[track_caller]
    pub fn recv_type(&mut self, kind: &str) -> Value {
        loop {
            let message = self.recv();
            if message["type"] == kind {
                return message;
            }
        }
    }

    /// Reads until the server closes the connection; returns the close code, if one came.
    #[track_caller]
    pub fn closed(&mut self) -> Option<u16> {
        let end = Instant::now() + PATIENCE;
        loop {
            assert!(Instant::now() < end, "not closed within {PATIENCE:?}");
            match self.socket.read() {
                Ok(Message::Text(text)) => {
                    self.received
                        .push(serde_json::from_str(text.as_str()).expect("JSON"));
                }
                Ok(Message::Close(frame)) => {
                    return frame.map(|CloseFrame { code, .. }| u16::from(code));
                }
                Ok(_) => {}
                Err(
                    tungstenite::Error::ConnectionClosed
                    | tungstenite::Error::AlreadyClosed
                    | tungstenite::Error::Protocol(_),
                ) => return None,
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe
                    ) =>
                {
                    return None;
                }
                Err(tungstenite::Error::Io(e)) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => panic!("waiting for the close: {error}"),
            }
        }
    }

    /// Drops the connection without a goodbye, like a phone losing the network.
    pub fn drop_connection(self) {
        let _ = self.socket.get_ref().shutdown(std::net::Shutdown::Both);
    }

    /// Answers question `q` (from a `question` message) by option index or text.
    pub fn answer_choice(&mut self, question: &Value, choice: usize) {
        self.send(&json!({"type": "answer", "question": question["question"], "choice": choice}));
    }

    pub fn answer_text(&mut self, question: &Value, text: &str) {
        self.send(&json!({"type": "answer", "question": question["question"], "text": text}));
    }
}

/// The study deck's cards by question text: what a right (and a wrong) answer is.
pub struct Key {
    cards: HashMap<String, recall::deck::Card>,
}

impl Key {
    pub fn study() -> Key {
        let deck = recall::deck::load_file(&fixture("valid/study.toml"))
            .deck
            .expect("fixture deck");
        Key {
            cards: deck
                .cards()
                .map(|card| (card.question.clone(), card))
                .collect(),
        }
    }

    pub fn card(&self, question: &Value) -> &recall::deck::Card {
        let text = question["text"].as_str().expect("text");
        self.cards.get(text).expect("a card of the study deck")
    }

    /// Sends the right answer (or a wrong one) to `question`.
    pub fn answer(&self, player: &mut Player, question: &Value, right: bool) {
        let card = self.card(question);
        match question["kind"].as_str().expect("kind") {
            "choice" => {
                let choices: Vec<&str> = question["choices"]
                    .as_array()
                    .expect("choices")
                    .iter()
                    .filter_map(Value::as_str)
                    .collect();
                let at = choices
                    .iter()
                    .position(|c| *c == card.answer)
                    .expect("the answer is an option");
                player.answer_choice(question, if right { at } else { (at + 1) % choices.len() });
            }
            "truefalse" => {
                let truth = recall::grading::parse_truefalse(&card.answer).expect("true or false");
                player.answer_choice(question, usize::from(truth != right));
            }
            _ => {
                let text = if right {
                    card.answer.clone()
                } else {
                    "no idea".to_owned()
                };
                player.answer_text(question, &text);
            }
        }
    }
}

#[test]
fn players_join_with_the_pin_and_duplicate_names_are_numbered() {
    let env = Env::with_study_deck();
    let mut host = Host::start(&env, &["--seed", "1", "--count", "3"]);
    let (mut ali, first) = Player::join(&host.addr, &host.pin, "Ali", None);
    assert_eq!(first["type"], "welcome");
    assert_eq!(first["name"], "Ali");
    assert_eq!(first["rejoined"], false);
    assert_eq!(first["game"]["questions"], 3);
    assert_eq!(first["game"]["scoring"], "speed");
    assert_eq!(first["game"]["per_question_ms"], 20_000);
    assert_eq!(ali.recv(), json!({"type": "lobby", "players": 1}));
    host.wait_for(|l| l == "joined: Ali (1 player)");

    let second: Vec<String> = ["ali", " ALI ", "Ali\u{1b}[31m"]
        .iter()
        .map(|name| {
            let (_, first) = Player::join(&host.addr, &host.pin, name, None);
            first["name"].as_str().expect("name").to_owned()
        })
        .collect();
    assert_eq!(second, ["ali 2", "ALI 3", "Ali 4"]);

    // A wrong PIN, an empty name and another protocol version are refused, and the
    // connection closed.
    for (pin, name, v, reason) in [
        ("000000", "Mallory", 1, "pin"),
        (host.pin.as_str(), "  ", 1, "name"),
        (host.pin.as_str(), "Old page", 0, "version"),
    ] {
        let mut player = Player::connect(&host.addr);
        player.send(&json!({"type": "join", "v": v, "pin": pin, "name": name}));
        let refused = player.recv();
        assert_eq!(refused["type"], "refused", "{refused}");
        assert_eq!(refused["reason"], reason);
        assert_eq!(player.closed(), Some(1008));
    }
    // A page from another site may not open a socket; the game's own page may.
    assert!(Player::connect_with(&host.addr, Some("http://evil.example")).is_err());
    let own = format!("http://{}", host.addr);
    assert!(Player::connect_with(&host.addr, Some(&own)).is_ok());
    let (code, printed) = host.finish();
    assert_eq!(code, 0, "{printed}");
    assert!(!printed.contains("Mallory"), "{printed}");
}

#[test]
fn a_full_game_is_saved_as_drill_attempts_like_collected_files() {
    let env = Env::with_study_deck();
    let key = Key::study();
    let mut host = Host::start(
        &env,
        &[
            "--seed",
            "11",
            "--count",
            "4",
            "--scoring",
            "plain",
            "--export",
            "game.json",
        ],
    );
    let (mut ali, _) = Player::welcome(&host.addr, &host.pin, "Ali");
    let (mut bilal, _) = Player::welcome(&host.addr, &host.pin, "Bilal");
    host.wait_for(|l| l.starts_with("joined: Bilal"));
    let mut asked: Vec<Value> = Vec::new();
    for number in 1..=4 {
        host.next();
        let question = ali.recv_type("question");
        assert_eq!(
            bilal.recv_type("question"),
            question,
            "everyone sees the same question"
        );
        assert_eq!(question["number"], number);
        key.answer(&mut ali, &question, true);
        let ack = ali.recv_type("ack");
        assert_eq!(ack["question"], question["question"]);
        key.answer(&mut bilal, &question, false);
        let mine = ali.recv_type("reveal");
        let theirs = bilal.recv_type("reveal");
        assert_eq!(mine["outcome"], "right", "{question} {mine}");
        assert_eq!(theirs["outcome"], "wrong", "{question} {theirs}");
        assert_eq!(
            (mine["score"].clone(), mine["rank"].clone()),
            (json!(number), json!(1))
        );
        assert_eq!(theirs["rank"], 2);
        assert_eq!(mine["answer"], theirs["answer"]);
        host.wait_for(|l| l.starts_with(&format!("revealed {number}: answer")));
        asked.push(question);
    }
    host.next();
    let over = ali.recv_type("over");
    assert_eq!(over["finished"], true);
    assert_eq!(
        (over["score"].clone(), over["rank"].clone()),
        (json!(4), json!(1))
    );
    assert_eq!(over["top"][1]["name"], "Bilal");
    assert_eq!(bilal.recv_type("over")["rank"], 2);
    host.wait_for(|l| l == "game over");
    let (code, printed) = host.finish();
    assert_eq!(code, 0, "{printed}");
    assert!(
        printed.contains("Saved the answers of 2 players"),
        "{printed}"
    );

    // The same paper as `recall drill --seed 11 --count 4`: questions, order and options.
    let paper = env
        .recall(["drill", "--seed", "11", "--count", "4", "--print"])
        .run();
    paper.success();
    let mut at = 0;
    for (n, question) in asked.iter().enumerate() {
        let line = format!("{}. {}", n + 1, question["text"].as_str().expect("text"));
        let found = paper.stdout[at..]
            .find(&line)
            .unwrap_or_else(|| panic!("`{line}` not in order in:\n{}", paper.stdout));
        at += found;
        for (k, choice) in question["choices"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let option = format!("   {}) {}", k + 1, choice.as_str().expect("option"));
            assert!(paper.stdout[at..].contains(&option), "{option}");
        }
    }

    // `recall results` and `report` read the game as they read drills.
    let results = env
        .recall(["results", "--seed", "11", "--format", "json"])
        .run();
    results.success();
    let attempts: Vec<Value> = serde_json::from_str(&results.stdout).expect("JSON");
    assert_eq!(attempts.len(), 2);
    let by_name = |name: &str| {
        attempts
            .iter()
            .find(|a| a["name"] == name)
            .unwrap_or_else(|| panic!("no attempt of {name}"))
    };
    let ali_attempt = by_name("Ali");
    assert_eq!(
        (
            ali_attempt["score"].clone(),
            ali_attempt["max_score"].clone(),
            ali_attempt["end"].clone()
        ),
        (json!(4), json!(4), json!("finished"))
    );
    assert_eq!(ali_attempt["profile"], "live");
    assert_eq!(ali_attempt["settings"]["per_question_secs"], 20);
    let outcomes: Vec<&str> = by_name("Bilal")["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .filter_map(|a| a["outcome"].as_str())
        .collect();
    assert_eq!(outcomes, ["wrong"; 4]);
    let report = env.recall(["report", "--seed", "11"]).run();
    report.success();
    assert!(
        report.stdout.contains("Ali") && report.stdout.contains("Bilal"),
        "{}",
        report.stdout
    );

    // `--export` wrote what `recall results --export` writes.
    let exported = env
        .recall(["results", "--seed", "11", "--export", "again.json"])
        .run();
    exported.success();
    let read = |name: &str| -> Value {
        serde_json::from_slice(&std::fs::read(env.cwd.path().join(name)).expect("file"))
            .expect("JSON")
    };
    let (game, again) = (read("game.json"), read("again.json"));
    assert_eq!(game["format"], "recall-drill-results");
    assert_eq!(game["attempts"], again["attempts"]);
    let from_file = env.recall(["report", "game.json", "--format", "csv"]).run();
    from_file.success();
    assert!(from_file.stdout.contains("Bilal"), "{}", from_file.stdout);
}

#[test]
fn a_late_joiner_plays_from_the_next_question() {
    let env = Env::with_study_deck();
    let mut host = Host::start(&env, &["--seed", "3", "--count", "3"]);
    let (mut ali, _) = Player::welcome(&host.addr, &host.pin, "Ali");
    host.next();
    let first = ali.recv_type("question");
    let (mut late, welcome) = Player::join(&host.addr, &host.pin, "Late", None);
    assert_eq!(welcome["type"], "welcome");
    assert_eq!(late.recv(), json!({"type": "waiting", "from": 1}));
    late.answer_text(&first, "anything");
    assert_eq!(late.recv_type("rejected")["reason"], "late");
    ali.answer_text(&first, "x");
    // Ali was the only one playing question 1: it closes at once.
    let reveal = late.recv_type("reveal");
    assert_eq!(
        reveal.get("outcome"),
        None,
        "not the late joiner's question"
    );
    host.next();
    let second = late.recv_type("question");
    assert_eq!(second["number"], 2);
    late.answer_text(&second, "anything");
    assert_eq!(late.recv_type("ack")["question"], 1);
    host.say("q");
    assert_eq!(late.recv_type("over")["finished"], false);
    let (code, _) = host.finish();
    assert_eq!(code, 0);
    let results = env
        .recall(["results", "--name", "Late", "--format", "json"])
        .run();
    let attempts: Vec<Value> = serde_json::from_str(&results.stdout).expect("JSON");
    let outcomes: Vec<(u64, &str)> = attempts[0]["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .map(|a| {
            (
                a["position"].as_u64().expect("position"),
                a["outcome"].as_str().expect("outcome"),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [(0, "unanswered"), (1, "wrong"), (2, "unanswered")]
    );
    assert_eq!(attempts[0]["end"], "quit");
}

#[test]
fn a_player_who_reconnects_keeps_the_score() {
    let env = Env::with_study_deck();
    let key = Key::study();
    let mut host = Host::start(&env, &["--seed", "5", "--count", "3", "--scoring", "plain"]);
    let (mut ali, token) = Player::welcome(&host.addr, &host.pin, "Ali");
    let (mut chen, _) = Player::welcome(&host.addr, &host.pin, "Chen");
    host.next();
    let question = ali.recv_type("question");
    key.answer(&mut ali, &question, true);
    key.answer(&mut chen, &question, true);
    assert_eq!(ali.recv_type("reveal")["score"], 1);
    host.next();
    let second = ali.recv_type("question");
    key.answer(&mut ali, &second, true);
    ali.recv_type("ack");
    // The page is reloaded: a new connection with the token is the same player.
    drop(ali);
    host.wait_for(|l| l == "away: Ali");
    let (mut back, welcome) = Player::join(&host.addr, &host.pin, "someone else", Some(&token));
    assert_eq!(welcome["name"], "Ali");
    assert_eq!(welcome["rejoined"], true);
    assert_eq!(welcome["score"], 1, "the score so far");
    let question = back.recv();
    assert_eq!(question["type"], "question");
    assert_eq!(
        question["answered"], true,
        "the answer given before the drop counts"
    );
    host.wait_for(|l| l == "back: Ali");
    key.answer(&mut chen, &second, false);
    let reveal = back.recv_type("reveal");
    assert_eq!(
        (reveal["score"].clone(), reveal["rank"].clone()),
        (json!(2), json!(1))
    );
    // A second connection with the same token replaces the first.
    let (mut again, _) = Player::join(&host.addr, &host.pin, "Ali", Some(&token));
    assert_eq!(back.recv_type("replaced")["type"], "replaced");
    assert_eq!(back.closed(), Some(1000));
    assert_eq!(again.recv()["type"], "reveal");
    let (code, printed) = host.finish();
    assert_eq!(code, 0, "{printed}");
    let results = env.recall(["results", "--seed", "5"]).run();
    assert_eq!(
        results.stdout.matches("Ali").count(),
        1,
        "one attempt: {}",
        results.stdout
    );
}

#[test]
fn a_dropped_connection_is_not_waited_for() {
    let env = Env::with_study_deck();
    let mut host = Host::start(&env, &["--seed", "9", "--count", "2"]);
    let (mut ali, _) = Player::welcome(&host.addr, &host.pin, "Ali");
    let (mut gone, _) = Player::welcome(&host.addr, &host.pin, "Gone");
    host.next();
    let question = ali.recv_type("question");
    gone.recv_type("question");
    gone.drop_connection();
    host.wait_for(|l| l == "away: Gone");
    ali.answer_text(&question, "x");
    // Everyone still connected has answered: the question closes without its 20 seconds.
    let reveal = ali.recv_type("reveal");
    assert_eq!(reveal["players"], 2, "the dropped player keeps a place");
    host.wait_for(|l| l.starts_with("revealed 1:"));
    host.next();
    ali.recv_type("question");
    let (code, printed) = host.finish();
    assert_eq!(code, 0, "{printed}");
    assert!(printed.contains("game ended"), "{printed}");
}

#[test]
fn an_answer_after_the_deadline_does_not_count() {
    let env = Env::with_study_deck();
    let mut host = Host::start(
        &env,
        &["--seed", "2", "--count", "2", "--per-question", "1s"],
    );
    let (mut ali, _) = Player::welcome(&host.addr, &host.pin, "Ali");
    host.next();
    let question = ali.recv_type("question");
    assert_eq!(question["time_ms"], 1000);
    let asked = Instant::now();
    // Nobody answers: the server's own clock closes the question.
    let reveal = ali.recv_type("reveal");
    let waited = asked.elapsed();
    assert!(
        waited >= Duration::from_millis(900),
        "closed after {waited:?}"
    );
    assert_eq!(reveal["outcome"], "unanswered");
    ali.answer_text(&question, "too late");
    let rejected = ali.recv_type("rejected");
    assert_eq!(rejected["reason"], "closed");
    host.wait_for(|l| l == "  no answer: 1");
    let (code, _) = host.finish();
    assert_eq!(code, 0);
    let results = env.recall(["results", "--format", "json"]).run();
    let attempts: Vec<Value> = serde_json::from_str(&results.stdout).expect("JSON");
    assert_eq!(attempts[0]["answers"][0]["outcome"], "unanswered");
    assert_eq!(attempts[0]["score"], 0);
}

#[test]
fn an_oversized_or_garbled_message_closes_only_its_connection() {
    let env = Env::with_study_deck();
    let mut host = Host::start(&env, &["--seed", "4", "--count", "2"]);
    let (mut big, _) = Player::welcome(&host.addr, &host.pin, "Big");
    big.recv_type("lobby");
    big.send_raw(format!(
        r#"{{"type":"answer","question":0,"text":"{}"}}"#,
        "x".repeat(10_000)
    ));
    assert_eq!(big.closed(), Some(1009));
    host.wait_for(|l| l == "away: Big");
    let (mut garbled, _) = Player::welcome(&host.addr, &host.pin, "Garbled");
    garbled.send_raw("{not json".into());
    assert_eq!(garbled.recv_type("error")["type"], "error");
    assert_eq!(garbled.closed(), Some(1008));
    // The game goes on for everyone else.
    let (mut ali, _) = Player::welcome(&host.addr, &host.pin, "Ali");
    host.next();
    assert_eq!(ali.recv_type("question")["number"], 1);
    let (code, _) = host.finish();
    assert_eq!(code, 0);
}

#[test]
fn an_answer_sent_before_its_question_is_refused_and_does_not_count() {
    let env = Env::with_study_deck();
    let key = Key::study();
    let mut host = Host::start(&env, &["--seed", "6", "--count", "2", "--scoring", "plain"]);
    let (mut ali, _) = Player::welcome(&host.addr, &host.pin, "Ali");
    ali.recv_type("lobby");
    ali.send(&json!({"type": "answer", "question": 0, "text": "guess"}));
    assert_eq!(ali.recv_type("rejected")["reason"], "not_open");
    host.next();
    let first = ali.recv_type("question");
    ali.send(&json!({"type": "answer", "question": 1, "text": "guess"}));
    assert_eq!(ali.recv_type("rejected")["reason"], "not_open");
    key.answer(&mut ali, &first, true);
    assert_eq!(ali.recv_type("reveal")["outcome"], "right");
    let (code, _) = host.finish();
    assert_eq!(code, 0);
}

#[test]
fn no_message_to_a_player_before_a_reveal_contains_its_answer() {
    let env = Env::with_study_deck();
    let key = Key::study();
    let mut host = Host::start(&env, &["--seed", "8", "--count", "6"]);
    let (mut ali, _) = Player::welcome(&host.addr, &host.pin, "Ali");
    let (mut bilal, _) = Player::welcome(&host.addr, &host.pin, "Bilal");
    let mut cards = Vec::new();
    for _ in 0..6 {
        host.next();
        let question = ali.recv_type("question");
        bilal.recv_type("question");
        cards.push(key.card(&question).clone());
        key.answer(&mut ali, &question, true);
        ali.recv_type("ack");
        key.answer(&mut bilal, &question, false);
        ali.recv_type("reveal");
        bilal.recv_type("reveal");
    }
    host.next();
    ali.recv_type("over");
    bilal.recv_type("over");
    let (code, _) = host.finish();
    assert_eq!(code, 0);
    assert_eq!(cards.len(), 6);
    for player in [&ali, &bilal] {
        let mut question = 0;
        let mut checked = 0;
        for message in &player.received {
            if message["type"] == "reveal" {
                question += 1;
                continue;
            }
            let Some(card) = cards.get(question) else {
                break;
            };
            let mut message = message.clone();
            // A choice question's options necessarily include the answer; nothing else may.
            if let Some(object) = message.as_object_mut() {
                object.remove("choices");
            }
            let forms: Vec<String> = recall::grading::answer_forms(card)
                .chain(std::iter::once(recall::text::normalize(&card.answer)))
                .collect();
            for text in strings(&message) {
                let text = recall::text::normalize(&text);
                for form in &forms {
                    assert!(
                        !recall::text::contains_words(&text, form),
                        "`{form}` (question {}) in {message}",
                        question + 1
                    );
                }
            }
            checked += 1;
        }
        assert!(checked >= 12, "every message was looked at ({checked})");
    }
}

/// Every string in a JSON value, keys excluded.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(text) => vec![text.clone()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(map) => map.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn the_teacher_removes_a_player_and_a_closed_terminal_ends_the_game() {
    let env = Env::with_study_deck();
    let mut host = Host::start(&env, &["--seed", "12", "--count", "3"]);
    let (mut ali, _) = Player::welcome(&host.addr, &host.pin, "Ali");
    let (mut rude, token) = Player::welcome(&host.addr, &host.pin, "Rude");
    host.wait_for(|l| l.starts_with("joined: Rude"));
    host.say("k Rude");
    assert_eq!(rude.recv_type("kicked")["type"], "kicked");
    assert_eq!(rude.closed(), Some(1008));
    host.wait_for(|l| l == "removed: Rude");
    let (_, again) = Player::join(&host.addr, &host.pin, "Rude", Some(&token));
    assert_eq!(again["reason"], "kicked");
    host.next();
    let question = ali.recv_type("question");
    ali.answer_text(&question, "x");
    ali.recv_type("ack");
    // The teacher's terminal goes away mid-game: the game ends, everything is kept.
    let (code, printed) = host.finish();
    assert_eq!(code, 0, "{printed}");
    assert_eq!(ali.recv_type("over")["finished"], false);
    let results = env.recall(["results", "--format", "csv"]).run();
    results.success();
    assert!(results.stdout.contains(",Ali,12,"), "{}", results.stdout);
    assert!(results.stdout.contains(",Rude,12,"), "{}", results.stdout);
    assert!(!results.stdout.contains("unfinished"), "{}", results.stdout);
}

#[test]
fn the_terminal_client_plays_a_game() {
    let env = Env::with_study_deck();
    let key = Key::study();
    let mut host = Host::start(
        &env,
        &["--seed", "21", "--count", "2", "--scoring", "plain"],
    );
    // Learn the paper's answers from a test player who is told them by the reveal.
    let (mut scout, _) = Player::welcome(&host.addr, &host.pin, "Scout");
    let link = format!("http://{}/#pin={}", host.addr, host.pin);
    let mut join = env.command(["join", &link, "--name", "Dana"]);
    let mut client = join
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("recall join");
    host.wait_for(|l| l.starts_with("joined: Dana"));
    let mut answers = String::new();
    let mut questions = Vec::new();
    for _ in 0..2 {
        host.next();
        let question = scout.recv_type("question");
        let card = key.card(&question);
        let line = match question["kind"].as_str() {
            Some("choice") => {
                let at = question["choices"]
                    .as_array()
                    .expect("choices")
                    .iter()
                    .position(|c| c == card.answer.as_str())
                    .expect("option");
                (at + 1).to_string()
            }
            _ => card.answer.clone(),
        };
        answers.push_str(&line);
        answers.push('\n');
        let stdin = client.stdin.as_mut().expect("stdin");
        writeln!(stdin, "{line}").expect("answer");
        stdin.flush().expect("flush");
        scout.answer_text(&question, "x");
        questions.push(question);
        host.wait_for(|l| l.starts_with(&format!("revealed {}:", questions.len())));
    }
    host.next();
    let output = client.wait_with_output().expect("join ends");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("joined as Dana"), "{stdout}");
    assert!(stdout.contains("[question 1 of 2"), "{stdout}");
    assert_eq!(
        stdout.matches("+ right").count() + stdout.matches("✓ right").count(),
        2,
        "answers {answers}:\n{stdout}"
    );
    assert!(stdout.contains("Your score: 2 · rank 1 of 2"), "{stdout}");
    let (code, _) = host.finish();
    assert_eq!(code, 0);
}

/// The line a student types for the right answer to `question`.
fn right_line(key: &Key, question: &Value) -> String {
    let card = key.card(question);
    match question["kind"].as_str() {
        Some("choice") => {
            let at = question["choices"]
                .as_array()
                .expect("choices")
                .iter()
                .position(|c| c == card.answer.as_str())
                .expect("option");
            (at + 1).to_string()
        }
        _ => card.answer.clone(),
    }
}

#[test]
fn restarting_the_terminal_client_rejoins_as_the_same_player() {
    let env = Env::with_study_deck();
    let key = Key::study();
    let mut host = Host::start(
        &env,
        &["--seed", "21", "--count", "2", "--scoring", "plain"],
    );
    let (mut scout, _) = Player::welcome(&host.addr, &host.pin, "Scout");
    let link = format!("http://{}/#pin={}", host.addr, host.pin);
    let start = || {
        env.command(["join", &link, "--name", "Ali 2"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("recall join")
    };
    let mut first = start();
    host.wait_for(|l| l.starts_with("joined: Ali 2 (2 players)"));
    host.next();
    let question = scout.recv_type("question");
    let stdin = first.stdin.as_mut().expect("stdin");
    writeln!(stdin, "{}", right_line(&key, &question)).expect("answer");
    stdin.flush().expect("flush");
    scout.answer_text(&question, "x");
    host.wait_for(|l| l.starts_with("revealed 1:"));
    // The student closes the terminal (or presses Ctrl-C) and runs the same command again.
    first.kill().expect("kill recall join");
    first.wait().expect("recall join ends");
    host.wait_for(|l| l == "away: Ali 2");
    let mut second = start();
    host.wait_for(|l| l == "back: Ali 2");
    host.next();
    let question = scout.recv_type("question");
    let stdin = second.stdin.as_mut().expect("stdin");
    writeln!(stdin, "{}", right_line(&key, &question)).expect("answer");
    stdin.flush().expect("flush");
    scout.answer_text(&question, "x");
    host.wait_for(|l| l.starts_with("revealed 2:"));
    host.next();
    let output = second.wait_with_output().expect("join ends");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("rejoined as Ali 2"), "{stdout}");
    assert!(
        stdout.contains("2 questions · score 1"),
        "the score so far: {stdout}"
    );
    assert!(
        stdout.contains("Your score: 2 · rank 1 of 2"),
        "the first answer counts and there is no ghost player:\n{stdout}"
    );
    let (code, printed) = host.finish();
    assert_eq!(code, 0, "{printed}");
    assert!(!printed.contains("joined: Ali 2 2"), "{printed}");
    assert!(!printed.contains("3 players"), "{printed}");
    let results = env
        .recall(["results", "--seed", "21", "--format", "csv"])
        .run();
    results.success();
    assert_eq!(
        results.stdout.matches("Ali 2").count(),
        1,
        "one attempt: {}",
        results.stdout
    );
    // The game is over: its seat is forgotten.
    let seats = std::fs::read_to_string(env.data_dir().join("live-seats.json")).expect("seats");
    assert!(!seats.contains(&host_pin_of(&link)), "{seats}");
}

fn host_pin_of(link: &str) -> String {
    link.rsplit("pin=").next().unwrap_or_default().to_owned()
}

#[test]
fn a_kept_seat_is_per_name_and_a_stale_one_joins_afresh() {
    let env = Env::with_study_deck();
    let mut host = Host::start(&env, &["--count", "1"]);
    let server = host.addr.clone();
    // A seat from an earlier game with this PIN, whose token this game does not know.
    std::fs::write(
        env.data_dir().join("live-seats.json"),
        format!(
            r#"{{"version":1,"seats":[{{"server":"{server}","pin":"{}","name":"bea","token":"stale","saved_ms":{}}}]}}"#,
            host.pin,
            crate::support::NOW
                .parse::<recall::time::Timestamp>()
                .expect("test clock")
                .millis()
        ),
    )
    .expect("write seats");
    let link = format!("http://{}/#pin={}", host.addr, host.pin);
    let bea = env
        .command(["join", &link, "--name", "Bea"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("recall join");
    host.wait_for(|l| l.starts_with("joined: Bea (1 player)"));
    // Another student on the same account, another name: another player, not a takeover.
    let cy = env
        .command(["join", &link, "--name", "Cy"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("recall join");
    host.wait_for(|l| l.starts_with("joined: Cy (2 players)"));
    let seats = std::fs::read_to_string(env.data_dir().join("live-seats.json")).expect("seats");
    assert!(!seats.contains("stale"), "{seats}");
    assert_eq!(seats.matches(&host.pin).count(), 2, "{seats}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.data_dir().join("live-seats.json"))
            .expect("seats")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "only the owner reads the tokens: {mode:o}");
    }
    for mut client in [bea, cy] {
        client.kill().expect("kill recall join");
        client.wait().expect("recall join ends");
    }
    let (code, printed) = host.finish();
    assert_eq!(code, 0, "{printed}");
}

#[test]
fn host_options_are_checked_before_anything_starts() {
    let env = Env::with_study_deck();
    for (args, wanted) in [
        (vec!["--count", "0"], "--count must be at least 1"),
        (
            vec!["--per-question", "0s"],
            "--per-question must be between 1s and 1h",
        ),
        (
            vec!["--max-players", "0"],
            "--max-players must be at least 1",
        ),
        (vec!["--roster", "missing.txt"], "cannot read missing.txt"),
        (
            vec!["--kinds", "cloze", "--tag", "nothing"],
            "no cards match this",
        ),
    ] {
        let out = env
            .recall(["host", "--port", "0"])
            .args(&args)
            .stdin("")
            .run();
        assert_ne!(out.code, 0, "{args:?}");
        assert!(out.stderr.contains(wanted), "{args:?}: {}", out.stderr);
    }
    let out = env.recall(["join", "https://x:1/", "--pin", "1"]).run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("plain http"), "{}", out.stderr);
    let out = env.recall(["join", "http://127.0.0.1:9/"]).stdin("").run();
    assert!(out.stderr.contains("--pin"), "{}", out.stderr);
}

#[test]
fn a_roster_admits_only_the_class() {
    let env = Env::with_study_deck();
    env.write("class.txt", "# 7B\nAyesha Khan\nBilal Ahmed\n");
    let host = Host::start(
        &env,
        &["--seed", "1", "--count", "1", "--roster", "class.txt"],
    );
    let (_, first) = Player::join(&host.addr, &host.pin, "ayesha khan", None);
    assert_eq!(first["name"], "Ayesha Khan");
    let (_, first) = Player::join(&host.addr, &host.pin, "Mallory", None);
    assert_eq!(first["reason"], "name");
    let (code, _) = host.finish();
    assert_eq!(code, 0);
}

#[cfg(unix)]
#[test]
fn a_hang_up_ends_the_game_and_keeps_the_results() {
    let env = Env::with_study_deck();
    let mut host = Host::start(&env, &["--seed", "14", "--count", "3"]);
    let (mut ali, _) = Player::welcome(&host.addr, &host.pin, "Ali");
    host.next();
    let question = ali.recv_type("question");
    ali.answer_text(&question, "x");
    ali.recv_type("reveal");
    // The teacher's terminal closes: the kernel sends the host a hang-up.
    let killed = std::process::Command::new("kill")
        .args(["-HUP", &host.pid().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let over = ali.recv_type("over");
    assert_eq!(over["finished"], false);
    assert_eq!(ali.closed(), Some(1001));
    let (code, printed) = host.finish();
    assert_eq!(code, 0, "{printed}");
    let results = env.recall(["results", "--format", "csv"]).run();
    assert!(
        results.stdout.contains(",Ali,14,0,3000,quit,2"),
        "{}",
        results.stdout
    );
}

/// A deck of one choice card, for the pseudo-terminal tests.
const ONE_CHOICE: &str = r#"
[deck]
id = "one"
title = "One question"

[[card]]
id = "premier"
kind = "choice"
question = "Which Soviet premier visited Pakistan in April 1968?"
answer = "Kosygin"
choices = ["Kosygin", "Bulganin", "Gromyko"]
explain = "Premier Kosygin paid a visit on 17 April 1968."
"#;

#[test]
fn the_teachers_screen_on_a_terminal() {
    use crate::support::{exit_code, expect, press, spawn_pty};
    let env = Env::new();
    env.write("decks/one.toml", ONE_CHOICE);
    let mut screen = spawn_pty(
        env.command(["host", "--port", "0", "--per-question", "30s"]),
        true,
    );
    let (_, url) = screen
        .exp_regex(r"http://127\.0\.0\.1:\d+/")
        .expect("the join address");
    let (_, pin) = screen.exp_regex(r"PIN \d{6}").expect("the PIN");
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let pin = pin.trim_start_matches("PIN ").to_owned();
    expect(&mut screen, "Only this machine can join");
    press(&mut screen, "\r");
    expect(&mut screen, "nobody has joined yet");
    let (mut ali, _) = Player::welcome(&addr, &pin, "Ali");
    expect(&mut screen, "1 player has joined:");
    expect(&mut screen, "Ali");
    press(&mut screen, " ");
    let question = ali.recv_type("question");
    expect(&mut screen, "Question 1 of 1");
    expect(&mut screen, "Answers: 0 of 1");
    press(&mut screen, "p");
    expect(&mut screen, "PAUSED");
    assert_eq!(ali.recv_type("paused")["type"], "paused");
    press(&mut screen, "p");
    ali.recv_type("resumed");
    let at = question["choices"]
        .as_array()
        .expect("choices")
        .iter()
        .position(|c| c == "Kosygin")
        .expect("option");
    ali.answer_choice(&question, at);
    expect(&mut screen, "Answer:");
    expect(&mut screen, "Kosygin");
    expect(&mut screen, "Top five");
    press(&mut screen, "\r");
    expect(&mut screen, "Game over");
    assert_eq!(ali.recv_type("over")["rank"], 1);
    press(&mut screen, "q");
    expect(
        &mut screen,
        "Saved the answers of 1 player as drill attempts",
    );
    assert_eq!(exit_code(&mut screen), 0);
}

#[test]
fn the_students_screen_on_a_terminal() {
    use crate::support::{exit_code, expect, press, spawn_pty};
    let env = Env::new();
    env.write("decks/one.toml", ONE_CHOICE);
    let mut host = Host::start(&env, &["--scoring", "plain"]);
    let link = format!("http://{}/#pin={}", host.addr, host.pin);
    let mut student = spawn_pty(env.command(["join", &link, "--name", "Zoe"]), true);
    expect(&mut student, "waiting for the teacher to start");
    host.wait_for(|l| l.starts_with("joined: Zoe"));
    host.next();
    expect(&mut student, "question 1 of 1");
    let (_, option) = student.exp_regex(r"[1-3]\) Kosygin").expect("options");
    press(&mut student, &option[..1]);
    expect(&mut student, "right");
    expect(&mut student, "+1 point · score 1 · rank 1 of 1");
    host.next();
    expect(&mut student, "Game over");
    assert_eq!(exit_code(&mut student), 0);
    let (code, _) = host.finish();
    assert_eq!(code, 0);
}

#[test]
fn flooding_and_guessing_are_limited() {
    let env = Env::with_study_deck();
    let host = Host::start(&env, &["--seed", "15", "--count", "1"]);
    // Far more messages than a person sends: the connection is closed, the game goes on.
    let (mut flood, _) = Player::welcome(&host.addr, &host.pin, "Flood");
    let answer = json!({"type": "answer", "question": 0, "text": "x"});
    flood.send_burst(&vec![answer; 40]);
    assert_eq!(flood.closed(), Some(1008));
    // Ten wrong PINs a minute from one address; then even the right one must wait.
    for _ in 0..10 {
        let (_, refused) = Player::join(&host.addr, "000000", "Guess", None);
        assert_eq!(refused["reason"], "pin");
    }
    let (_, refused) = Player::join(&host.addr, "000001", "Guess", None);
    assert_eq!(refused["reason"], "too_many_tries");
    let (_, refused) = Player::join(&host.addr, &host.pin, "Guess", None);
    assert_eq!(refused["reason"], "too_many_tries");
    let (code, _) = host.finish();
    assert_eq!(code, 0);
}
