//! A small harness over `assert_cmd` + tempfile: every test gets its own data directory and its
//! own empty working directory (so no `./decks` is found unless the test writes one), a fixed
//! clock, UTC and no colours.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempDir;

/// The repository root (where `decks/` and `tests/fixtures/` live).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    repo().join("tests/fixtures").join(relative)
}

/// The bundled deck's file.
pub fn bundled_deck_path() -> PathBuf {
    repo().join("decks/pakistan-soviet-relations.toml")
}

/// The bundled deck, which loads without a diagnostic.
#[track_caller]
pub fn bundled_deck() -> recall::deck::Deck {
    let loaded = recall::deck::load_file(&bundled_deck_path());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.deck.expect("the bundled deck loads")
}

/// The bundled deck's source text, vendored in `tests/fixtures/seed/` so that the tests that
/// check the deck against it run in any clean clone.
pub fn seed_path() -> PathBuf {
    fixture("seed/pakistan-soviet-relations.txt")
}

/// The seed text ([`seed_path`]); a missing fixture fails the test rather than skipping it.
#[track_caller]
pub fn seed_text() -> String {
    let path = seed_path();
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("the seed text {} is missing: {error}", path.display()))
}

/// Every run of whitespace as one space, to compare text across line breaks.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The default clock of every test: a Monday morning.
pub const NOW: &str = "2026-11-30T09:00:00Z";

/// The study deck's place in the working directory.
const STUDY_DECK: &str = "decks/study.toml";

/// One isolated recall installation: data directory and working directory.
pub struct Env {
    pub data: TempDir,
    pub cwd: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            data: TempDir::new().expect("temporary data dir"),
            cwd: TempDir::new().expect("temporary working dir"),
        }
    }

    /// Writes a file under the working directory and returns its path.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.cwd.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent dirs");
        }
        std::fs::write(&path, contents).expect("write test file");
        path
    }

    /// `recall ARGS…` as a process of this environment, and nothing of the caller's: the working
    /// and data directories, HOME in the working directory, the test clock ([`NOW`]), UTC, no
    /// colours and a UTF-8 locale. A test that needs the real clock removes `RECALL_NOW`.
    pub fn command<I, S>(&self, args: I) -> std::process::Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_recall"));
        command
            .args(args)
            .current_dir(self.cwd.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.cwd.path())
            .env("RECALL_DATA_DIR", self.data.path())
            .env("RECALL_NOW", NOW)
            .env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .env("LANG", "C.UTF-8");
        command
    }

    /// `recall ARGS…` in this environment ([`Env::command`]).
    pub fn recall<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = assert_cmd::Command::from_std(self.command(args));
        cmd.timeout(Duration::from_mins(1));
        Run { cmd }
    }

    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    /// A new environment whose `./decks` holds the study deck, `valid/study.toml`.
    pub fn with_study_deck() -> Env {
        let env = Env::new();
        let text = std::fs::read_to_string(fixture("valid/study.toml")).expect("fixture");
        env.write(STUDY_DECK, text);
        env
    }

    /// Where [`Env::with_study_deck`] put the study deck.
    pub fn study_deck_path(&self) -> PathBuf {
        self.cwd.path().join(STUDY_DECK)
    }

    /// `recall card ID --json`, which must succeed.
    #[track_caller]
    pub fn card_json(&self, id: &str) -> serde_json::Value {
        let out = self.recall(["card", id, "--json"]).run();
        out.success();
        out.json()
    }
}

/// A command being built.
pub struct Run {
    cmd: assert_cmd::Command,
}

impl Run {
    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Run {
        self.cmd.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn arg_path(self, path: impl AsRef<Path>) -> Run {
        self.arg(path.as_ref())
    }

    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Run {
        self.cmd.env(key, value);
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Run {
        self.cmd.write_stdin(input);
        self
    }

    pub fn run(mut self) -> Output {
        let output = self.cmd.output().expect("run recall");
        Output {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// What a finished command printed.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Asserts the exit code, showing everything printed when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Output {
        assert_eq!(
            self.code, expected,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn success(&self) -> &Output {
        self.code(0)
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Output {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Output {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Asserts that nothing panicked.
    #[track_caller]
    pub fn no_panic(&self) -> &Output {
        assert!(
            !self.stderr.contains("panicked") && self.code != 101,
            "recall panicked:\n{}",
            self.stderr
        );
        self
    }
}

/// `recall ARGS…` on a pseudo-terminal in `env` ([`Env::command`]), escape sequences stripped
/// from what is read.
pub fn pty(env: &Env, args: &[&str]) -> rexpect::session::PtySession {
    spawn_pty(env.command(args), true)
}

/// `command` on a pseudo-terminal that claims to be an xterm; `strip_ansi`: whether escape
/// sequences are stripped from what is read.
pub fn spawn_pty(
    mut command: std::process::Command,
    strip_ansi: bool,
) -> rexpect::session::PtySession {
    command.env("TERM", "xterm-256color");
    rexpect::session::spawn_with_options(
        command,
        rexpect::reader::Options::new()
            .timeout_ms(Some(20_000))
            .strip_ansi_escape_codes(strip_ansi),
    )
    .expect("spawn recall on a pty")
}

/// rexpect reads the terminal byte by byte, each byte as a char: non-ASCII text is matched in
/// that form.
pub fn raw(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

/// Waits for `text` on the pseudo-terminal's screen; returns what came before it.
#[track_caller]
pub fn expect(p: &mut rexpect::session::PtySession, text: &str) -> String {
    match p.exp_string(&raw(text)) {
        Ok(before) => before,
        Err(error) => panic!("waiting for {text:?}: {error}"),
    }
}

/// Presses keys (without Enter).
pub fn press(p: &mut rexpect::session::PtySession, keys: &str) {
    p.send(keys).expect("send keys");
    p.flush().expect("flush keys");
}

/// The exit code, read from the wait status's debug form (`Exited(Pid(n), code)`) so that the
/// tests need not depend on `nix` for its type.
pub fn exit_code(session: &mut rexpect::session::PtySession) -> i32 {
    let status = format!("{:?}", session.process().wait().expect("wait"));
    status
        .strip_prefix("Exited(")
        .and_then(|rest| rest.rsplit_once(", "))
        .and_then(|(_, code)| code.trim_end_matches(')').parse().ok())
        .unwrap_or_else(|| panic!("recall did not exit normally: {status}"))
}
