//! Hostile inputs (issue 12): files that are not regular files, files without end, escape
//! sequences in a student's results file, many recall processes starting at once, and imports
//! that the loader would refuse. Each gets a clear error naming the culprit, never a hang.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::{Env, Output};

/// `recall ARGS…` in `env` with a short timeout: a hang fails the test instead of stalling it.
fn quick(env: &Env, args: &[&str]) -> Output {
    within(env, args, Duration::from_secs(20))
}

/// `recall ARGS…` in `env`, killed after `timeout`.
fn within(env: &Env, args: &[&str], timeout: Duration) -> Output {
    let mut cmd = assert_cmd::Command::from_std(env.command(args));
    cmd.timeout(timeout);
    let output = cmd.output().expect("run recall");
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A named pipe at `path` (nobody ever writes to it).
fn fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A symbolic link at `path` to `/dev/zero`, a file without end.
fn endless(path: &Path) {
    std::os::unix::fs::symlink("/dev/zero", path).expect("symlink to /dev/zero");
}

fn valid_deck(env: &Env) -> PathBuf {
    env.write(
        "decks/ok.toml",
        "[deck]\nid = \"ok\"\ntitle = \"OK\"\n\n[[card]]\nid = \"q\"\nquestion = \"Q?\"\nanswer = \"A\"\n",
    )
}

#[test]
fn a_fifo_or_an_endless_file_among_the_decks_is_named_and_skipped() {
    for make in [fifo as fn(&Path), endless] {
        let env = Env::new();
        valid_deck(&env);
        make(&env.cwd.path().join("decks/bad.toml"));
        for command in [&["list"][..], &["check"], &["due"]] {
            let out = quick(&env, command);
            out.no_panic();
            assert_ne!(out.code, -1, "{command:?} hung");
            let all = format!("{}{}", out.stdout, out.stderr);
            assert!(
                all.contains("bad.toml"),
                "{command:?} names the file:\n{all}"
            );
            assert!(all.contains("not a regular file"), "{command:?}:\n{all}");
        }
        quick(&env, &["list"]).stdout_has("ok");
    }
}

#[test]
fn every_command_that_reads_a_file_refuses_a_fifo_a_device_or_a_directory() {
    let env = Env::new();
    let pipe = env.cwd.path().join("pipe.toml");
    fifo(&pipe);
    let zero = env.cwd.path().join("zero.toml");
    endless(&zero);
    let dir = env.cwd.path().join("folder.toml");
    std::fs::create_dir(&dir).expect("dir");
    for path in [&pipe, &zero, &dir] {
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        let p = path.to_str().expect("utf-8 path");
        let mut commands: Vec<Vec<&str>> = vec![
            vec!["import", p, "--into", "decks/new.toml"],
            vec!["draft", p],
            vec!["report", p],
            vec!["add", p, "--question", "Q?", "--answer", "A"],
        ];
        // `fmt` and `check` search a directory for decks.
        if path != &dir {
            commands.extend([vec!["fmt", p], vec!["check", p]]);
        }
        for command in commands {
            let out = quick(&env, &command);
            out.no_panic();
            assert_ne!(out.code, -1, "{command:?} hung");
            assert_ne!(out.code, 0, "{command:?} succeeded on {name}");
            let all = format!("{}{}", out.stdout, out.stderr);
            assert!(all.contains(name), "{command:?} names {name}:\n{all}");
        }
    }
    assert!(!env.cwd.path().join("decks/new.toml").exists());
}

#[test]
fn an_endless_answer_line_ends_the_session_with_an_error() {
    let env = Env::with_study_deck();
    let mut child = env
        .command(["study"])
        .stdin(std::fs::File::open("/dev/zero").expect("/dev/zero"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn recall");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("recall study < /dev/zero did not end");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
        .expect("read stderr");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("longer than 64 KiB"), "{stderr}");
}

/// Escape sequences a hostile student could hide in a results file: an OSC 52 clipboard write,
/// a window title, a screen clear (ESC and C1 forms), a bell and a right-to-left override.
const HOSTILE: &str =
    "\u{1b}]52;c;cm0gLXJmIH4K\u{7}\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}2J\u{1b}c\u{202e}x";

/// Fails when `text` holds a control character (other than a line break) or a bidi override.
#[track_caller]
fn assert_inert(what: &str, text: &str) {
    let bad: Vec<String> = text
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    assert!(bad.is_empty(), "{what} prints {bad:?}:\n{text}");
}

/// The fixture `ayesha.json` with `edit` applied to its JSON.
fn results_file(env: &Env, name: &str, edit: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    let text =
        std::fs::read_to_string(crate::support::fixture("results/ayesha.json")).expect("fixture");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    edit(&mut value);
    env.write(name, serde_json::to_string(&value).expect("JSON"))
}

/// A change to a results file's JSON.
type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;

#[test]
fn escape_sequences_in_a_results_file_never_reach_the_terminal() {
    let env = Env::new();
    let hostile = serde_json::Value::from(HOSTILE);
    let attempt = |v: &mut serde_json::Value| v["attempts"][0].take();
    // Accepted files: every text field is hostile.
    let accepted = results_file(&env, "accepted.json", |v| {
        let mut a = attempt(v);
        a["decks"] = serde_json::json!([HOSTILE, "study"]);
        a["name"] = hostile.clone();
        a["profile"] = hostile.clone();
        a["paper"][0]["question"] = hostile.clone();
        a["paper"][0]["expected"] = hostile.clone();
        a["paper"][0]["deck"] = hostile.clone();
        a["answers"][0]["answer"] = hostile.clone();
        a["answers"][0]["outcome"] = "wrong".into();
        a["answers"][0]["points"] = 0.into();
        a["score"] = (a["score"].as_u64().unwrap_or(1) - 1).into();
        v["attempts"][0] = a;
    });
    for format in ["md", "csv", "html"] {
        let out = quick(
            &env,
            &[
                "report",
                "--format",
                format,
                accepted.to_str().expect("path"),
            ],
        );
        out.success();
        assert_inert(&format!("report --format {format}"), &out.stdout);
        assert_inert(&format!("report --format {format} (stderr)"), &out.stderr);
        if format == "md" {
            assert!(out.stdout.contains("study"), "{}", out.stdout);
        }
    }
    // Refused files: the error message quotes the hostile value.
    let refused: Vec<(&str, Edit)> = vec![
        ("format", Box::new(|v| v["format"] = HOSTILE.into())),
        (
            "uid",
            Box::new(|v| {
                v["attempts"][0]["uid"] = HOSTILE.into();
                v["attempts"][0]["score"] = 999.into();
            }),
        ),
        (
            "outcome",
            Box::new(|v| v["attempts"][0]["answers"][0]["outcome"] = HOSTILE.into()),
        ),
        (
            "started_at",
            Box::new(|v| v["attempts"][0]["started_at"] = HOSTILE.into()),
        ),
        (
            "end",
            Box::new(|v| v["attempts"][0]["end"] = HOSTILE.into()),
        ),
        (
            "scoring",
            Box::new(|v| v["attempts"][0]["settings"]["scoring"] = HOSTILE.into()),
        ),
    ];
    for (field, edit) in refused {
        let path = results_file(&env, &format!("{field}.json"), edit);
        let out = quick(&env, &["report", path.to_str().expect("path")]);
        assert_eq!(out.code, 1, "a hostile {field} is refused: {}", out.stdout);
        assert!(
            out.stderr.contains(&format!("{field}.json")),
            "{}",
            out.stderr
        );
        assert_inert(&format!("the error about a hostile {field}"), &out.stderr);
    }
}

/// Regression: recall started several times at once on an empty data directory failed with
/// "table deck already exists", a false "busy", or a false "not a recall database".
#[test]
fn many_processes_starting_on_an_empty_data_dir_all_succeed() {
    const PROCESSES: usize = 6;
    const ROUNDS: usize = 6;
    for round in 0..ROUNDS {
        let env = Env::new();
        let children: Vec<std::process::Child> = (0..PROCESSES)
            .map(|i| {
                let args: &[&str] = if i % 2 == 0 { &["due"] } else { &["stats"] };
                env.command(args)
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn recall")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().expect("wait");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success(),
                "round {round}: one of {PROCESSES} recalls starting at once failed: {stderr}"
            );
        }
    }
}

/// Regression: `import` wrote a deck that `check` then refused as too large.
#[test]
fn import_writes_nothing_the_loader_would_refuse() {
    let env = Env::new();
    let huge = "x".repeat(20 * 1024 * 1024);
    // One row too large for any deck: skipped with a reason, the others imported.
    let source = env.write(
        "big-field.csv",
        format!("question,answer\nSmall?,yes\nHuge?,{huge}\n"),
    );
    // Large inputs in a debug build on a busy machine: a generous timeout.
    let slow = Duration::from_mins(2);
    let out = within(
        &env,
        &[
            "import",
            source.to_str().expect("path"),
            "--into",
            "decks/one.toml",
        ],
        slow,
    );
    out.success();
    assert!(
        out.stdout.contains("1 added") && out.stdout.contains("1 skipped"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("limited to 16 MiB"), "{}", out.stdout);
    within(&env, &["check", "decks/one.toml"], slow).success();
    // Rows that fit one by one but not together: nothing is written.
    let row = format!("{},{}\n", "q".repeat(100), "a".repeat(40_000));
    let mut many = String::from("question,answer\n");
    for i in 0..430 {
        many.push_str(&format!("{i} {row}"));
    }
    let source = env.write("many.csv", many);
    let out = within(
        &env,
        &[
            "import",
            source.to_str().expect("path"),
            "--into",
            "decks/many.toml",
        ],
        slow,
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("limited to 16 MiB"), "{}", out.stderr);
    assert!(!env.cwd.path().join("decks/many.toml").exists());
}
