//! Hostile inputs (issue 12): files that are not regular files, files without end, escape
//! sequences in a student's results file, many recall processes starting at once, and imports
//! that the loader would refuse. Each gets a clear error naming the culprit, never a hang.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::{Env, Output};

/// `recall ARGS…` in `env` with a short timeout: a hang fails the test instead of stalling it.
fn quick(env: &Env, args: &[&str]) -> Output {
    let mut cmd = assert_cmd::Command::from_std(env.command(args));
    cmd.timeout(Duration::from_secs(20));
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
