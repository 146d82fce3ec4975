//! The player page in a real browser: headless Chromium, driven over the Chrome `DevTools`
//! Protocol (on the WebSocket client the crate already has), joins a hosted game, answers a
//! choice question with a tap and a typed question with the keyboard, and sees the results.
//!
//! Chromium comes from Debian's `chromium` package (`.ci/run` installs it). Without it the test
//! says so on stderr and is not run, except under CI, where that is a failure. Set
//! `RECALL_SCREENSHOTS=DIR` to keep the page's screenshots (the ones in `docs/` come from here).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

use crate::live::Host;
use crate::support::Env;

const DECK: &str = r#"
[deck]
id = "browser"
title = "Browser test"

[[card]]
id = "premier"
kind = "choice"
question = "Which Soviet premier visited Pakistan in April 1968?"
answer = "Kosygin"
choices = ["Kosygin", "Bulganin", "Gromyko", "Khrushchev"]
explain = "Premier Kosygin paid a visit to Pakistan on 17 April 1968."

[[card]]
id = "capital"
question = "In which city was the festival of Soviet films held?"
answer = "Karachi"
explain = "A festival of Soviet films was held in Karachi in 1954."
"#;

/// The Chromium binary, if there is one.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("RECALL_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            ["chromium", "chromium-browser", "google-chrome"]
                .into_iter()
                .map(move |name| dir.join(name))
        })
        .find(|candidate| candidate.is_file())
}

/// A headless browser and a `DevTools` session on one page.
struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(binary: &Path, url: &str) -> Browser {
        let profile = tempfile::TempDir::new().expect("profile dir");
        let child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
                "--window-size=412,860",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        // Chromium writes the port it chose and the browser's DevTools path to this file.
        let active = profile.path().join("DevToolsActivePort");
        let end = Instant::now() + Duration::from_secs(30);
        let text = loop {
            if let Ok(text) = std::fs::read_to_string(&active)
                && text.lines().count() >= 2
            {
                break text;
            }
            assert!(
                Instant::now() < end,
                "chromium did not open its DevTools port"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let mut lines = text.lines();
        let port = lines.next().expect("port").trim().to_owned();
        let path = lines.next().expect("path").trim().to_owned();
        let stream = TcpStream::connect(format!("127.0.0.1:{port}")).expect("devtools");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let (socket, _) =
            tungstenite::client::client(format!("ws://127.0.0.1:{port}{path}"), stream)
                .expect("devtools handshake");
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next_id: 0,
            _profile: profile,
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        attached["sessionId"]
            .as_str()
            .expect("session")
            .clone_into(&mut browser.session);
        // A phone-sized screen.
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 412, "height": 860, "deviceScaleFactor": 1, "mobile": true}),
        );
        browser.call("Page.navigate", json!({"url": url}));
        browser
    }

    /// Sends a `DevTools` command (to the page once attached) and returns its result.
    #[allow(clippy::needless_pass_by_value)] // Called with `json!` literals.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            message["sessionId"] = json!(self.session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send to devtools");
        loop {
            let Message::Text(text) = self.socket.read().expect("devtools reply") else {
                continue;
            };
            let reply: Value = serde_json::from_str(text.as_str()).expect("JSON");
            if reply["id"] == id {
                assert!(reply.get("error").is_none(), "{method}: {reply}");
                return reply["result"].clone();
            }
        }
    }

    /// Evaluates a JavaScript expression in the page and returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is true in the page.
    #[track_caller]
    fn wait_until(&mut self, expression: &str) {
        let end = Instant::now() + Duration::from_secs(20);
        while self.eval(expression) != json!(true) {
            assert!(Instant::now() < end, "the page never showed: {expression}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Which screen of the page is showing.
    fn screen(&mut self) -> String {
        self.eval("[...document.querySelectorAll('.screen')].find(s => !s.hidden)?.id")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn text(&mut self, selector: &str) -> String {
        self.eval(&format!(
            "document.querySelector({}).textContent",
            json!(selector)
        ))
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// A real tap (mouse press and release) in the middle of the element `selector` finds.
    fn tap(&mut self, selector_expression: &str) {
        let rect = self.eval(&format!(
            "(() => {{ const r = ({selector_expression}).getBoundingClientRect(); \
             return {{x: r.x + r.width / 2, y: r.y + r.height / 2}}; }})()"
        ));
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": rect["x"], "y": rect["y"], "button": "left", "clickCount": 1}),
            );
        }
    }

    /// Types text into the focused field, then presses Enter.
    fn type_line(&mut self, text: &str) {
        self.call("Input.insertText", json!({"text": text}));
        for kind in ["keyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"}),
            );
        }
    }

    /// A screenshot of the page as PNG bytes, kept in `RECALL_SCREENSHOTS` when set.
    fn screenshot(&mut self, name: &str) -> Vec<u8> {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("image data"))
            .expect("base64");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
        if let Some(dir) = std::env::var_os("RECALL_SCREENSHOTS") {
            std::fs::write(Path::new(&dir).join(name), &png).expect("keep the screenshot");
        }
        png
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_browser_joins_answers_a_choice_and_a_typed_question_and_sees_the_results() {
    let Some(binary) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing: .ci/run installs it (apt-get install chromium)"
        );
        eprintln!("NOTE: chromium is not installed; the browser test was NOT run");
        return;
    };
    let env = Env::new();
    env.write("decks/browser.toml", DECK);
    let mut host = Host::start(&env, &["--seed", "3", "--count", "2", "--scoring", "speed"]);
    let url = format!("http://{}/#pin={}", host.addr, host.pin);
    let mut page = Browser::launch(&binary, &url);

    // The link carries the PIN; the name field has the focus.
    page.wait_until("document.readyState === 'complete' && !!document.getElementById('pin')");
    assert_eq!(
        page.eval("document.getElementById('pin').value"),
        json!(host.pin)
    );
    page.wait_until("document.activeElement && document.activeElement.id === 'name'");
    page.screenshot("live-player-join.png");
    page.type_line("Browser Bea");
    host.wait_for(|l| l.starts_with("joined: Browser Bea"));
    page.wait_until("!document.getElementById('screen-lobby').hidden");
    assert_eq!(page.text("#lobby-count"), "1 player has joined.");

    let mut seen = Vec::new();
    for number in 1..=2 {
        host.next();
        page.wait_until("!document.getElementById('screen-question').hidden");
        let question = page.text("#question-text");
        let buttons = page.eval("document.querySelectorAll('#options button').length");
        if question.contains("premier") {
            assert_eq!(buttons, json!(4), "a choice is four big buttons");
            page.screenshot("live-player-choice.png");
            page.tap("[...document.querySelectorAll('#options button')].find(b => b.textContent.endsWith('Kosygin'))");
        } else {
            assert_eq!(buttons, json!(0));
            page.wait_until("document.activeElement && document.activeElement.id === 'typed'");
            page.screenshot("live-player-typed.png");
            page.type_line("karachi");
        }
        seen.push(question);
        // The only player has answered: the question closes and the result shows.
        page.wait_until("!document.getElementById('screen-reveal').hidden");
        assert_eq!(page.text("#verdict"), "Right!", "{}", page.screen());
        let answer = page.text("#reveal-answer");
        assert!(answer == "Kosygin" || answer == "Karachi", "{answer}");
        let score = page.text("#reveal-score");
        assert!(score.ends_with("rank 1 of 1"), "{score}");
        assert!(score.starts_with('+'), "{score}");
        if number == 2 {
            page.screenshot("live-player-reveal.png");
        }
        host.wait_for(|l| l.starts_with(&format!("revealed {number}:")));
        if number == 1 {
            // The phone drops the page: reloaded, it rejoins as the same player, score kept.
            page.eval("window.beforeReload = true");
            page.call("Page.reload", json!({}));
            page.wait_until(
                "!window.beforeReload && document.readyState === 'complete' && \
                 !document.getElementById('screen-reveal').hidden",
            );
            assert_eq!(
                page.text("#reveal-score"),
                score,
                "the result is shown again"
            );
            assert!(page.text("#who").starts_with("Browser Bea"));
        }
    }
    assert!(seen.iter().any(|q| q.contains("premier")) && seen.iter().any(|q| q.contains("city")));
    host.next();
    page.wait_until("!document.getElementById('screen-over').hidden");
    assert!(page.text("#over-score").contains("rank 1 of 1"));
    assert!(page.text("#over-top").contains("Browser Bea"));
    page.screenshot("live-player-over.png");
    let (code, printed) = host.finish();
    assert_eq!(code, 0, "{printed}");
    let results = env.recall(["results", "--format", "csv"]).run();
    results.success();
    assert!(
        results.stdout.contains(",Browser Bea,3,"),
        "{}",
        results.stdout
    );
}
