//! Regression tests for the rough edges a new user hit (issue 15), one per edge.

use crate::support::{Env, expect, press, pty, spawn_pty};

#[test]
fn a_bare_name_that_is_an_existing_directory_is_a_path() {
    let env = Env::with_study_deck();
    for arg in ["decks", "decks/", "./decks"] {
        env.recall(["due", arg]).run().success().stdout_has("study");
    }
    // A file too, named without `./` or `.toml`.
    env.write(
        "plain",
        "[deck]\nid = \"plain\"\ntitle = \"Plain\"\n[[card]]\nid = \"a\"\nquestion = \"A?\"\nanswer = \"a\"\n",
    );
    env.recall(["due", "plain"])
        .run()
        .success()
        .stdout_has("Plain");
    // A name that is no file stays a deck id.
    env.recall(["due", "study"]).run().success();
    env.recall(["due", "nosuch"])
        .run()
        .code(2)
        .stderr_has("no deck or file `nosuch`");
}

#[test]
fn a_cloze_note_id_shows_its_gaps_and_the_gap_ids_are_listed() {
    let env = Env::with_study_deck();
    let card = env.recall(["card", "study/alliances"]).run();
    card.success()
        .stdout_has("study/alliances.1")
        .stdout_has("study/alliances.2");
    let json = env
        .recall(["card", "study/alliances", "--json"])
        .run()
        .json();
    assert_eq!(json.as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(json[1]["card"], "alliances.2");
    // A gap by its own id is one card, as before.
    let one = env
        .recall(["card", "study/alliances.2", "--json"])
        .run()
        .json();
    assert_eq!(one["card"], "alliances.2");
    // Rating needs one card: the error names the gaps.
    env.recall(["rate", "study/alliances", "good"])
        .run()
        .code(2)
        .stderr_has("study/alliances.1, study/alliances.2");
    // A wrong id points to where the ids are listed.
    env.recall(["card", "study/nope"])
        .run()
        .code(2)
        .stderr_has("recall list --cards study");
    env.recall(["list", "study", "--cards"])
        .run()
        .success()
        .stdout_has("    alliances.1  Pakistan joined")
        .stdout_has("    alliances.2  ");
}

#[test]
fn help_in_flip_mode_describes_reveal_and_rating() {
    let env = Env::with_study_deck();
    let mut p = pty(&env, &["study", "--flip"]);
    expect(&mut p, "Enter or Space: show the answer");
    press(&mut p, "?");
    let help = expect(&mut p, "press any key to go on");
    assert!(help.contains("press Space or Enter to show it"), "{help}");
    assert!(help.contains("1 Again"), "{help}");
    assert!(!help.contains("Type your answer"), "{help}");
    press(&mut p, "x");
    press(&mut p, " ");
    expect(&mut p, "3 Good");
    press(&mut p, "?");
    let help = expect(&mut p, "press any key to go on");
    assert!(help.contains("rate how well you knew it"), "{help}");
    press(&mut p, "x");
    press(&mut p, "3");
    p.send_line(":quit").expect("quit");
    expect(&mut p, "Session ended");
    p.exp_eof().expect("exit");
    // A typed session keeps the typing help.
    let mut p = pty(&env, &["study"]);
    expect(&mut p, "? for help");
    p.send_line("?").expect("help");
    let help = expect(&mut p, "press any key to go on");
    assert!(help.contains("Type your answer"), "{help}");
    press(&mut p, "x");
    p.send_line(":quit").expect("quit");
    p.exp_eof().expect("exit");
}

#[test]
fn import_refuses_a_deck_id_already_in_use_and_clashes_are_reported_everywhere() {
    let env = Env::with_study_deck();
    env.recall(["rate", "study/cento", "good"]).run().success();
    env.write("study.csv", "question,answer\nQ1?,a1\n");
    // Named after the file, the new deck would take the id `study`.
    env.recall(["import", "study.csv", "--into", "decks/other.toml"])
        .run()
        .code(2)
        .stderr_has(
            "the deck id `study` (named after study.csv) is already used by decks/study.toml",
        )
        .stderr_has("--id");
    assert!(!env.cwd.path().join("decks/other.toml").exists());
    env.recall(["new", "decks/n.toml", "--title", "Study"])
        .run()
        .code(2)
        .stderr_has("already used by decks/study.toml");
    env.recall([
        "import",
        "study.csv",
        "--into",
        "decks/other.toml",
        "--id",
        "mine",
    ])
    .run()
    .success()
    .stdout_has("created the deck `mine`");

    // A clash made by hand: the deck with the history keeps its id, whichever file sorts
    // first, and every command says which copy was left out.
    env.write(
        "decks/a-copy.toml",
        "[deck]\nid = \"study\"\ntitle = \"Copy\"\n[[card]]\nid = \"x\"\nquestion = \"X?\"\nanswer = \"x\"\n",
    );
    for args in [
        &["due"][..],
        &["list"],
        &["stats"],
        &["card", "study/cento"],
    ] {
        let out = env.recall(args).run();
        out.stderr_has("decks/a-copy.toml")
            .stderr_has("deck id `study` is also used by decks/study.toml");
    }
    // Export reads no history: it will not guess which of the two is meant.
    env.recall(["export", "study", "--format", "csv"])
        .run()
        .code(2)
        .stderr_has("two decks use the id `study`");
    let card = env.card_json("study/cento");
    assert_eq!(card["reps"], 1, "the studied deck kept its id and history");
}

#[test]
fn an_ascii_locale_gets_ascii_from_every_command_for_people() {
    let env = Env::new();
    env.write(
        "decks/a.toml",
        // The title has a dash, a dot and quotes, as real titles do: each command prints it.
        "[deck]\nid = \"a\"\ntitle = \"Plain – “quoted” · déjà vu\"\n\
         [deck.schedule]\nnew_per_day = 1\n\
         [[card]]\nid = \"y\"\nkind = \"year\"\nquestion = \"Which year?\"\nanswer = \"1955\"\n\
         [[card]]\nid = \"t\"\nquestion = \"Capital?\"\nanswer = \"Karachi\"\n\
         [[card]]\nid = \"g\"\nkind = \"cloze\"\ntext = \"{{One}} and {{two}}\"\n",
    );
    let runs: Vec<(Vec<&str>, &str)> = vec![
        (vec!["study"], "1954\n"),
        (vec!["study", "--extra-new", "1"], "Karachi\n"),
        (vec!["due"], ""),
        (vec!["stats", "--no-chart"], ""),
        (vec!["stats", "--chart"], ""),
        (vec!["list", "--cards"], ""),
        (vec!["card", "a/y"], ""),
        (vec!["card", "a/g"], ""),
        (vec!["rate", "a/t", "good"], ""),
        (vec!["answer", "a/y", "1955", "--dry-run"], ""),
        (vec!["leeches"], ""),
        (vec!["practice", "--count", "1"], "x\n"),
        (vec!["--help"], ""),
        (vec!["study", "--help"], ""),
    ];
    for (args, input) in runs {
        let out = env.recall(&args).env("LANG", "C").stdin(input).run();
        out.success();
        for line in out.stdout.lines().chain(out.stderr.lines()) {
            assert!(line.is_ascii(), "recall {}: {line:?}", args.join(" "));
        }
    }
}

#[test]
fn the_hand_in_command_is_never_broken_and_text_wraps_between_words() {
    let env = Env::with_study_deck();
    for columns in ["60", "80", "120"] {
        let out = env
            .recall([
                "drill",
                "--name",
                "Ayesha Khan-Siddiqui",
                "--count",
                "2",
                "--seed",
                "7",
            ])
            .env("COLUMNS", columns)
            .run();
        out.success();
        let width: usize = columns.parse().expect("a width");
        let lines: Vec<&str> = out.stdout.lines().collect();
        let at = lines
            .iter()
            .position(|line| line.starts_with("Saved. Hand it in with:"))
            .expect("the hand-in line");
        assert_eq!(
            lines[at + 1],
            "  recall results --name 'Ayesha Khan-Siddiqui' --seed 7 --export ayesha-khan-siddiqui.json",
            "at {columns} columns"
        );
        for line in &lines[at + 2..] {
            assert!(line.chars().count() <= width, "{columns}: {line:?}");
        }
        // Wrapped text breaks between words: no line ends inside one.
        let record = out.stdout.replace('\n', " ");
        assert!(
            record
                .contains("This drill did not change when cards are due (use --record for that)."),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn draft_takes_a_markdown_heading_without_its_hashes() {
    let env = Env::new();
    env.write(
        "article.md",
        "# Pakistan and Russia\n\nIn May 1948, both countries established relations. \
         Pakistan joined SEATO in 1954 and CENTO in 1955.\n",
    );
    env.recall(["draft", "article.md", "--out", "decks/article.toml"])
        .run()
        .success();
    let deck = std::fs::read_to_string(env.cwd.path().join("decks/article.toml")).expect("deck");
    assert!(deck.contains("title = \"Pakistan and Russia\""), "{deck}");
    assert!(deck.contains("id = \"pakistan-and-russia\""), "{deck}");
}

/// A screen as a person sees it: `recall ARGS` in a tmux window of `columns` columns, the keys
/// typed one batch at a time (each batch after `wait` shows), the window captured at the end.
/// `None` when tmux is not installed.
/// Each window has a tmux server of its own (`-L`): tests run in parallel, and on a shared server
/// one test's `kill-session` can end the server while another test's `new-session` connects to it
/// ("server exited unexpectedly").
struct Tmux {
    session: String,
}

impl Tmux {
    fn start(env: &Env, columns: u16, args: &[&str]) -> Option<Tmux> {
        if !std::process::Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|out| out.status.success())
        {
            // `.ci/run` installs tmux: under CI a missing tmux is a failure, not a skip.
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is not installed (the screen tests need it under CI)"
            );
            eprintln!("skipped: tmux is not installed");
            return None;
        }
        let command = env.command(args);
        let mut script = String::from("#!/bin/sh\n");
        for (key, value) in command.get_envs() {
            if let Some(value) = value {
                script.push_str(&format!(
                    "export {}='{}'\n",
                    key.to_string_lossy(),
                    value.to_string_lossy()
                ));
            }
        }
        script.push_str(&format!("cd '{}' || exit 1\n", env.cwd.path().display()));
        script.push_str("export TERM=xterm-256color\nexec");
        script.push_str(&format!(" '{}'", command.get_program().to_string_lossy()));
        for arg in command.get_args() {
            script.push_str(&format!(" '{}'", arg.to_string_lossy()));
        }
        script.push('\n');
        let path = env.write("run-in-tmux.sh", script);
        let session = format!(
            "recall-test-{}-{columns}-{}",
            std::process::id(),
            env.cwd
                .path()
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        )
        // tmux turns `.` and `:` in a session name into `_`.
        .replace(['.', ':'], "_");
        let started = std::process::Command::new("tmux")
            .args(["-L", &session])
            .args([
                "new-session",
                "-d",
                "-s",
                &session,
                "-x",
                &columns.to_string(),
                "-y",
                "40",
            ])
            .arg(format!("sh '{}' 2>&1; sleep 30", path.display()))
            .status()
            .expect("tmux");
        assert!(started.success());
        Some(Tmux { session })
    }

    /// `tmux` talking to this window's own server.
    fn tmux(&self) -> std::process::Command {
        let mut command = std::process::Command::new("tmux");
        command.args(["-L", &self.session]);
        command
    }

    fn screen(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`; returns the screen.
    #[track_caller]
    fn wait(&self, text: &str) -> String {
        for _ in 0..200 {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("waiting for {text:?}; the screen:\n{}", self.screen());
    }

    fn keys(&self, keys: &[&str]) {
        let status = self
            .tmux()
            .args(["send-keys", "-t", &self.session])
            .args(keys)
            .status()
            .expect("send-keys");
        assert!(status.success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

#[test]
fn the_add_wizard_keeps_one_tidy_line_per_answer_at_any_width() {
    for columns in [60, 80, 120] {
        let env = Env::new();
        env.recall(["new", "decks/w.toml", "--title", "Wizard"])
            .run()
            .success();
        let Some(tmux) = Tmux::start(&env, columns, &["add", "decks/w.toml"]) else {
            return;
        };
        tmux.wait("Kind of card");
        tmux.keys(&["Enter"]);
        tmux.wait("Question");
        let question = "In which year did the long question about the relations between \
                        the two countries finally get asked by someone?";
        tmux.keys(&[question, "Enter"]);
        tmux.wait("? Answer");
        tmux.keys(&["an answer", "Enter"]);
        let screen = tmux.wait("Other accepted answers");
        let asked: Vec<&str> = screen.lines().filter(|l| l.contains("Question")).collect();
        assert_eq!(asked.len(), 1, "{columns} columns:\n{screen}");
        assert!(
            asked[0].starts_with("✔ Question · In which year"),
            "{screen}"
        );
        let flat = screen.lines().map(str::trim).collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(question),
            "{columns} columns, broken inside a word:\n{screen}"
        );
        for line in screen.lines() {
            assert!(line.chars().count() <= usize::from(columns), "{line:?}");
        }
    }
}

#[test]
fn the_drill_header_stays_one_line_and_hints_wrap_between_words() {
    for columns in [60, 80, 120] {
        let env = Env::with_study_deck();
        let args = [
            "drill", "--name", "Ayesha", "--count", "6", "--seed", "5", "--time", "5m",
        ];
        let Some(tmux) = Tmux::start(&env, columns, &args) else {
            return;
        };
        let screen = tmux.wait("question 1 of 6");
        let first = screen.lines().next().unwrap_or_default();
        assert!(
            first.ends_with("question 1 of 6 · score 0/6"),
            "{columns}:\n{screen}"
        );
        for line in screen.lines() {
            assert!(line.chars().count() <= usize::from(columns), "{line:?}");
            // A hint line never ends inside a word such as `:quit`.
            assert!(!line.ends_with(":qui"), "{columns}:\n{screen}");
        }
    }
}

/// A deck large enough that reading it the first time takes a moment.
fn large_deck(env: &Env, cards: usize) {
    let mut text = String::from("[deck]\nid = \"large\"\ntitle = \"Large\"\n");
    for n in 0..cards {
        text.push_str(&format!(
            "[[card]]\nid = \"c{n}\"\nquestion = \"Question {n}?\"\nanswer = \"answer {n}\"\n"
        ));
    }
    env.write("decks/large.toml", text);
}

/// `args` on a terminal with the progress display shown at once (`RECALL_PROGRESS_AFTER_MS=0`):
/// the work may well be done before the usual delay.
fn pty_showing_progress_at_once(env: &Env, args: &[&str]) -> rexpect::session::PtySession {
    let mut command = env.command(args);
    command.env("RECALL_PROGRESS_AFTER_MS", "0");
    spawn_pty(command, true)
}

#[test]
fn long_work_shows_progress_on_a_terminal_only() {
    let env = Env::new();
    large_deck(&env, 20_000);
    // On a terminal: a spinner naming the file while it is read, gone when done.
    let mut p = pty_showing_progress_at_once(&env, &["due"]);
    expect(&mut p, "reading decks/large.toml");
    expect(&mut p, "20000 new cards not yet seen");
    p.exp_eof().expect("exit");
    // On a pipe, and with --json on a terminal: nothing of it.
    let env = Env::new();
    large_deck(&env, 20_000);
    let piped = env.recall(["due"]).run();
    piped.success();
    assert!(!piped.stderr.contains("reading"), "{}", piped.stderr);
    let env = Env::new();
    large_deck(&env, 20_000);
    let mut p = pty_showing_progress_at_once(&env, &["due", "--json"]);
    let json = p.exp_eof().expect("exit");
    assert!(!json.contains("reading"), "{json}");
    assert!(json.contains("\"new_total\": 20000"), "{json}");
}

#[test]
fn import_and_fmt_show_progress_on_a_terminal_only() {
    let rows = |env: &Env| {
        let mut csv = String::from("Question,Answer\n");
        for n in 0..20_000 {
            csv.push_str(&format!("Question {n}?,answer {n}\n"));
        }
        env.write("rows.csv", csv);
    };
    // On a terminal: a bar while the rows are planned, then the summary.
    let env = Env::new();
    rows(&env);
    let mut p =
        pty_showing_progress_at_once(&env, &["import", "rows.csv", "--into", "decks/rows.toml"]);
    expect(&mut p, "planning the rows");
    expect(&mut p, "20000 added");
    p.exp_eof().expect("exit");
    // `fmt` of a large deck: a bar while the files are formatted.
    large_deck(&env, 20_000);
    let mut p = pty_showing_progress_at_once(&env, &["fmt", "decks/large.toml"]);
    expect(&mut p, "formatting");
    p.exp_eof().expect("exit");
    // On a pipe: nothing of either.
    let env = Env::new();
    rows(&env);
    let piped = env
        .recall(["import", "rows.csv", "--into", "decks/rows.toml"])
        .run();
    piped.success();
    assert!(!piped.stderr.contains("planning"), "{}", piped.stderr);
    large_deck(&env, 20_000);
    let piped = env.recall(["fmt", "decks/large.toml"]).run();
    piped.success();
    assert!(!piped.stderr.contains("formatting"), "{}", piped.stderr);
}
