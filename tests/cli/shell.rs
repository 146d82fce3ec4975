//! recall in the shell: completion scripts that the shells accept and that complete deck and
//! card ids through the real binary, manual pages that `man` renders, help topics, and `--help`
//! with examples and global options apart, at 80 columns.

use std::process::Command;

use crate::support::Env;

/// Whether `program` can be run here.
fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// A tool a test needs: present, or the test is skipped, visibly, outside CI (CI installs it,
/// and there its absence fails the test).
fn need(program: &str) -> bool {
    if have(program) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{program} is missing under CI: .ci/run installs it"
    );
    eprintln!("skipped: {program} is not installed");
    false
}

/// `bash -c SCRIPT` in the environment of `env`, with `recall` being the binary under test.
fn bash(env: &Env, script: &str) -> std::process::Output {
    // The environment recall gets in every test: data and working directory, clock, locale.
    let recall = env.command(["--version"]);
    let mut bash = Command::new("bash");
    bash.args(["--norc", "--noprofile", "-c", script])
        .current_dir(env.cwd.path())
        .env_clear()
        .envs(
            recall
                .get_envs()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
        )
        .env("RECALL", env!("CARGO_BIN_EXE_recall"));
    bash.output().expect("run bash")
}

#[test]
fn bash_accepts_the_completion_script() {
    if !need("bash") {
        return;
    }
    let env = Env::new();
    let out = bash(
        &env,
        r#"source <("$RECALL" completions bash) && complete -p recall"#,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("-F _clap_complete_recall recall"),
        "{stdout}"
    );
}

/// What bash offers for the words typed so far (the last one being completed), through the
/// completion function the script registers, as a person pressing Tab would get.
fn bash_completes(env: &Env, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        r#"source <("$RECALL" completions bash) || exit 1
COMP_WORDS=({words})
COMP_CWORD={index}
COMP_TYPE=9
_clap_complete_recall recall "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        words = quoted.join(" "),
        index = words.len() - 1
    );
    let out = bash(env, &script);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|line| !line.is_empty())
        .map(ToOwned::to_owned)
        .collect()
}

#[test]
fn bash_completes_commands_options_deck_ids_and_card_ids() {
    if !need("bash") {
        return;
    }
    let env = Env::with_study_deck();
    env.write(
        "decks/more.toml",
        "[deck]\nid = \"streets\"\ntitle = \"Streets\"\n[[card]]\nid = \"mall\"\nquestion = \"Q?\"\nanswer = \"a\"\n",
    );
    let commands = bash_completes(&env, &["recall", "st"]);
    assert_eq!(commands, ["study", "stats"]);
    let options = bash_completes(&env, &["recall", "study", "--extra"]);
    assert_eq!(options, ["--extra-new", "--extra-reviews"]);
    // Deck ids before any database exists: read from the files' [deck] tables.
    let decks = bash_completes(&env, &["recall", "study", "st"]);
    assert_eq!(
        decks,
        ["streets", "study"],
        "in discovery order (by file name)"
    );
    assert!(
        !env.data_dir().join("recall.sqlite3").exists(),
        "completing creates no database"
    );
    // Card ids once the catalog has read the deck; `DECK/` first.
    env.recall(["due"]).run().success();
    let database = env.data_dir().join("recall.sqlite3");
    let before = std::fs::read(&database).expect("database");
    assert_eq!(bash_completes(&env, &["recall", "card", "stu"]), ["study/"]);
    let cards = bash_completes(&env, &["recall", "rate", "study/c"]);
    assert!(cards.contains(&"study/capital".to_owned()), "{cards:?}");
    assert!(cards.contains(&"study/cento".to_owned()), "{cards:?}");
    assert!(cards.iter().all(|c| c.starts_with("study/c")), "{cards:?}");
    let gaps = bash_completes(&env, &["recall", "card", "study/alli"]);
    assert_eq!(gaps, ["study/alliances.1", "study/alliances.2"]);
    assert_eq!(
        std::fs::read(&database).expect("database"),
        before,
        "completing wrote nothing"
    );
    // Help topics next to commands.
    let help = bash_completes(&env, &["recall", "help", "de"]);
    assert_eq!(help, ["deck-format"]);
}

#[test]
fn every_shell_gets_a_script_and_the_installed_shells_accept_theirs() {
    let env = Env::new();
    for (shell, check) in [
        ("bash", Some(["bash", "-n"])),
        ("zsh", Some(["zsh", "-n"])),
        ("fish", Some(["fish", "-n"])),
        ("powershell", None),
        ("elvish", None),
    ] {
        let out = env.recall(["completions", shell]).run();
        out.success();
        assert!(
            out.stdout.contains("RECALL_COMPLETE"),
            "{shell}: {}",
            out.stdout
        );
        let Some([program, flag]) = check else {
            continue;
        };
        if !have(program) {
            eprintln!("skipped: {program} is not installed, its script was not parsed");
            continue;
        }
        let file = env.write(&format!("recall.{shell}"), &out.stdout);
        let parsed = Command::new(program)
            .arg(flag)
            .arg(&file)
            .output()
            .expect("run the shell");
        assert!(
            parsed.status.success(),
            "{program} rejects the script: {}",
            String::from_utf8_lossy(&parsed.stderr)
        );
    }
    env.recall(["completions", "tcsh"]).run().code(2);
}

#[test]
fn man_renders_every_page_without_warnings() {
    let env = Env::new();
    let out = env.recall(["man", "--out", "man"]).run();
    let dir = env.cwd.path().join("man");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("pages")
        .map(|entry| entry.expect("entry").path())
        .collect();
    pages.sort();
    out.success()
        .stdout_has(&format!("wrote {} manual pages", pages.len()));
    let listed = env.recall(["--help"]).run().stdout;
    for name in ["study", "optimize", "completions", "man"] {
        assert!(listed.contains(&format!("\n  {name} ")), "{listed}");
        assert!(
            dir.join(format!("recall-{name}.1")).is_file(),
            "recall-{name}.1"
        );
    }
    assert!(pages.iter().any(|p| p.ends_with("recall-study.1")));
    if !need("man") {
        return;
    }
    for page in &pages {
        let rendered = Command::new("man")
            .args(["--warnings", "-l"])
            .arg(page)
            .env("MANWIDTH", "80")
            .env("LANG", "C")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .expect("run man");
        let text = String::from_utf8_lossy(&rendered.stdout);
        let warnings = String::from_utf8_lossy(&rendered.stderr);
        assert!(rendered.status.success(), "{}: {warnings}", page.display());
        assert!(warnings.trim().is_empty(), "{}: {warnings}", page.display());
        assert!(text.contains("NAME"), "{}: {text}", page.display());
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(widest <= 80, "{}: {widest} columns", page.display());
        if !page.ends_with("recall.1") {
            assert!(text.contains("EXAMPLES"), "{}: {text}", page.display());
        }
    }
    // One page to stdout, as `recall man study | man -l -` reads it.
    let study = env.recall(["man", "study"]).run();
    study.success().stdout_has(".TH RECALL-STUDY 1");
    assert_eq!(
        study.stdout,
        std::fs::read_to_string(dir.join("recall-study.1")).expect("page")
    );
    env.recall(["man", "studdy"]).run().code(2);
}

#[test]
fn help_prints_topics_and_commands() {
    let env = Env::new();
    let format = env.recall(["help", "deck-format"]).run();
    format.success().stdout_has("## `[deck]`");
    let grading = env.recall(["help", "grading"]).run();
    grading.success().stdout_has("# How recall checks answers");
    let study = env.recall(["help", "study"]).run();
    study.success().stdout_has("--extra-new");
    let overview = env.recall(["help"]).run();
    overview
        .success()
        .stdout_has("Help topics")
        .stdout_has("deck-format");
    let wrong = env.recall(["help", "gradin"]).run();
    wrong.code(2).stderr_has("did you mean `grading`?");
}

#[test]
fn every_command_help_has_examples_and_global_options_apart_at_80_columns() {
    let env = Env::new();
    let commands = env.recall(["--help"]).env("COLUMNS", "80").run();
    commands.success();
    let names: Vec<String> = commands
        .stdout
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        // A description wrapped at 80 columns continues on a deeper-indented line.
        .filter(|line| !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next().map(ToOwned::to_owned))
        .collect();
    assert!(names.len() >= 24, "{names:?}");
    for name in &names {
        let out = env
            .recall([name.as_str(), "--help"])
            .env("COLUMNS", "80")
            .env("LANG", "C")
            .run();
        out.success();
        let text = &out.stdout;
        assert!(text.contains("\nExamples:\n"), "{name}: {text}");
        assert!(text.contains("\nGlobal options:\n"), "{name}: {text}");
        let own = text.find("\nOptions:").unwrap_or(0);
        let global = text.find("\nGlobal options:").unwrap_or(0);
        assert!(own < global, "{name}: its own options come first");
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{name}: {line:?}");
        }
    }
    insta::assert_snapshot!(
        "study_help",
        env.recall(["study", "--help"])
            .env("COLUMNS", "80")
            .env("LANG", "C")
            .run()
            .stdout
    );
}

#[test]
fn empty_environment_variables_are_unset_not_errors() {
    let env = Env::with_study_deck();
    env.recall(["rate", "study/cento", "good"]).run().success();
    // An empty RECALL_NOW is the real clock, an empty RECALL_PROFILE the default profile and an
    // empty RECALL_DATA_DIR the platform's directory (here under HOME, the working directory).
    let out = env
        .recall(["due"])
        .env("RECALL_NOW", "")
        .env("RECALL_PROFILE", "")
        .env("RECALL_DATA_DIR", "")
        .run();
    out.success();
    assert!(!out.stderr.contains("--"), "{}", out.stderr);
    assert!(
        env.cwd
            .path()
            .join(".local/share/recall/recall.sqlite3")
            .is_file(),
        "the default data directory was used"
    );
    let profile = env
        .recall(["card", "study/cento", "--json"])
        .env("RECALL_PROFILE", "")
        .run();
    profile.success();
    assert_eq!(profile.json()["reps"], 1, "the default profile");
}
