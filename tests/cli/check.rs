//! `recall check` and `recall list` through the real binary: exit codes, messages, JSON output
//! and deck discovery.

use crate::support::{Env, fixture, repo};

#[test]
fn check_strict_passes_on_the_repository_decks_with_no_warnings() {
    let env = Env::new();
    let out = env
        .recall(["check", "--strict"])
        .arg_path(repo().join("decks"))
        .run();
    // No notes either: every give-away of the bundled deck is reworded or declared.
    out.success()
        .stdout_has("1 deck, 170 cards: 0 errors, 0 warnings\n");
    assert!(!out.stdout.contains("note["), "{}", out.stdout);
}

#[test]
fn check_fails_with_located_hinted_errors_on_a_broken_deck() {
    let env = Env::new();
    let out = env
        .recall(["check"])
        .arg_path(fixture("broken/unknown-key.toml"))
        .run();
    out.code(1)
        .no_panic()
        .stdout_has(
            "unknown-key.toml:7:1: error[unknown-key]: unknown key `questoin` in a [[card]]",
        )
        .stdout_has("  hint: did you mean `question`?")
        .stdout_has("1 deck, 0 cards: 1 error, 0 warnings");
}

/// Two cards that give each other away, and one that opts out of the detection.
const GIVE_AWAY: &str = "[deck]\nid = \"g\"\ntitle = \"G\"\n
[[card]]
id = \"stalin\"
question = \"Which Soviet leader invited Liaquat Ali Khan to Moscow?\"
answer = \"Joseph Stalin\"
explain = \"e\"
source = \"s\"

[[card]]
id = \"liaquat\"
question = \"Which prime minister did the Soviets invite to Moscow?\"
answer = \"Liaquat Ali Khan\"
explain = \"e\"
source = \"s\"

[[card]]
id = \"year\"
kind = \"year\"
question = \"When was Liaquat Ali Khan invited to Moscow?\"
answer = \"1949\"
explain = \"e\"
source = \"s\"
related = []
";

#[test]
fn cards_that_reveal_others_are_notes_that_never_fail_a_check() {
    let env = Env::new();
    env.write("give-away.toml", GIVE_AWAY);
    let out = env.recall(["check", "--strict", "give-away.toml"]).run();
    out.success()
        .stdout_has(
            "give-away.toml:5:1: note[reveals]: `stalin` shows the answer of `liaquat` \
             (`Liaquat Ali Khan`, in its question)",
        )
        .stdout_has("confirm with related = [\"liaquat\"]")
        .stdout_has("1 deck, 3 cards: 0 errors, 0 warnings, 1 note");
    // `year` shows the answer too, but opted out with `related = []`.
    assert!(!out.stdout.contains("`year` shows"));

    let json = env
        .recall(["check", "--format", "json", "give-away.toml"])
        .run();
    json.success();
    let notes = json.json();
    assert_eq!(notes.as_array().map(Vec::len), Some(1));
    assert_eq!(notes[0]["severity"], "note");
    assert_eq!(notes[0]["code"], "reveals");
    assert_eq!(notes[0]["line"], 5);
}

#[test]
fn related_ids_that_name_no_card_are_warnings() {
    let env = Env::new();
    env.write(
        "give-away.toml",
        GIVE_AWAY.replace("related = []", "related = [\"stalinn\"]"),
    );
    env.recall(["check", "give-away.toml"])
        .run()
        .success()
        .stdout_has(
            "give-away.toml:26:12: warning[unknown-related]: no card of this deck has the id \
             `stalinn` (in `related`, ignored)",
        )
        .stdout_has("hint: did you mean `stalin`?");
    env.recall(["check", "--strict", "give-away.toml"])
        .run()
        .code(1);
}

#[test]
fn an_alias_that_is_another_cards_answer_is_located_and_explained() {
    let env = Env::new();
    env.recall(["check"])
        .arg_path(fixture("broken/alias-conflict.toml"))
        .run()
        .code(1)
        .no_panic()
        .stdout_has(
            "alias-conflict.toml:7:27: error[alias-conflict]: the alias `Russia` of \
             `Soviet Union` is an answer of card `successor` (line 16)",
        )
        .stdout_has("remove the alias, or accept `Soviet Union` on that card")
        .stdout_has("1 deck, 0 cards: 1 error, 0 warnings");
}

#[test]
fn check_on_every_broken_fixture_exits_1_without_panicking() {
    let env = Env::new();
    for entry in std::fs::read_dir(fixture("broken")).expect("fixtures") {
        let path = entry.expect("entry").path();
        env.recall(["check"])
            .arg_path(&path)
            .run()
            .code(1)
            .no_panic();
    }
}

#[test]
fn warnings_pass_unless_strict() {
    let env = Env::new();
    env.write(
        "warn.toml",
        "[deck]\nid = \"warn\"\ntitle = \"Warn\"\n[[card]]\nquestion = \"Q?\"\nanswer = \"A\"\n",
    );
    let out = env.recall(["check", "warn.toml"]).run();
    out.success()
        .stdout_has("warning[missing-id]")
        .stdout_has("warning[missing-explain]")
        .stdout_has("warning[missing-source]")
        .stdout_has("1 deck, 1 card: 0 errors, 3 warnings");
    env.recall(["check", "--strict", "warn.toml"]).run().code(1);
}

#[test]
fn answer_in_question_and_duplicate_questions_are_warnings() {
    let env = Env::new();
    env.write(
        "dup.toml",
        r#"[deck]
id = "dup"
title = "Dup"
[[card]]
id = "a"
question = "Did Pakistan join CENTO in 1955?"
answer = "1955"
kind = "year"
explain = "e"
source = "s"
[[card]]
id = "b"
question = "did pakistan join cento in 1955"
answer = "yes"
explain = "e"
source = "s"
"#,
    );
    env.recall(["check", "dup.toml"])
        .run()
        .success()
        .stdout_has("dup.toml:4:1: warning[answer-in-question]")
        .stdout_has("dup.toml:11:1: warning[duplicate-question]: this card asks the same question as the card on line 4");
}

#[test]
fn json_format_lists_every_diagnostic_with_its_fields() {
    let env = Env::new();
    let out = env
        .recall(["check", "--format", "json"])
        .arg_path(fixture("broken/many-problems.toml"))
        .run();
    out.code(1);
    let json = out.json();
    let list = json.as_array().expect("a JSON array");
    assert_eq!(list.len(), 8);
    let first = &list[0];
    assert_eq!(first["line"], 3);
    assert_eq!(first["column"], 6);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "bad-id");
    assert!(
        first["file"]
            .as_str()
            .expect("file")
            .ends_with("many-problems.toml")
    );
    assert!(
        first["message"]
            .as_str()
            .expect("message")
            .contains("Many Problems")
    );
    assert!(first["hint"].is_string());
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    env.recall(["check", "--format", "yaml"]).run().code(2);
    env.recall(["no-such-command"]).run().code(2);
    env.recall(["check", "--now", "yesterday"])
        .run()
        .code(2)
        .stderr_has("RFC 3339");
}

#[test]
fn a_missing_path_is_an_error_not_a_panic() {
    let env = Env::new();
    env.recall(["check", "nope.toml", "nope-dir/"])
        .run()
        .code(1)
        .no_panic()
        .stdout_has("nope.toml:1:1: error[not-found]")
        .stdout_has("nope-dir/:1:1: error[not-found]");
}

#[test]
fn duplicate_deck_ids_across_files_are_errors() {
    let env = Env::new();
    let deck = "[deck]\nid = \"same\"\ntitle = \"T\"\n";
    env.write("decks/a.toml", deck);
    env.write("decks/b.toml", deck);
    env.recall(["check"])
        .run()
        .code(1)
        .stdout_has("error[duplicate-id]: deck id `same` is also used by decks/a.toml");
}

#[test]
fn discovery_prefers_explicit_paths_then_decks_dir_then_bundled() {
    let env = Env::new();
    // No ./decks: the bundled decks.
    env.recall(["list"])
        .run()
        .success()
        .stdout_has("pakistan-soviet-relations")
        .stdout_has("<bundled>/pakistan-soviet-relations.toml");
    // A ./decks directory wins over the bundled decks.
    env.write(
        "decks/sub/local.toml",
        "[deck]\nid = \"local\"\ntitle = \"Local\"\n",
    );
    let out = env.recall(["list"]).run();
    out.success()
        .stdout_has("local")
        .stdout_has("decks/sub/local.toml");
    assert!(!out.stdout.contains("pakistan-soviet-relations"));
    // Explicit paths win over ./decks.
    let explicit = env
        .recall(["list"])
        .arg_path(fixture("valid/minimal.toml"))
        .run();
    explicit.success().stdout_has("minimal");
    assert!(!explicit.stdout.contains("local"));
}

#[test]
fn bundled_decks_work_from_any_directory() {
    let env = Env::new();
    env.recall(["check", "--strict"])
        .run()
        .success()
        .stdout_has("1 deck, ");
}

#[test]
fn the_format_tour_example_is_valid_but_neither_bundled_nor_found_in_decks() {
    let env = Env::new();
    env.recall(["check", "--strict"])
        .arg_path(repo().join("docs/examples/format-tour.toml"))
        .run()
        .success()
        .stdout_has("1 deck, 6 cards: 0 errors, 0 warnings");
    // Neither in the binary nor in the repository's ./decks, where `study` and `drill` look.
    let bundled = env.recall(["list"]).run();
    bundled.success().stdout_has("pakistan-soviet-relations");
    assert!(!bundled.stdout.contains("format-tour"));
    let in_repo = env.recall(["list"]).arg_path(repo().join("decks")).run();
    in_repo.success();
    assert!(!in_repo.stdout.contains("format-tour"));
}

#[test]
fn list_prints_counts_by_kind_and_json() {
    let env = Env::new();
    let out = env
        .recall(["list", "--json"])
        .arg_path(fixture("valid/inline-cards.toml"))
        .run();
    out.success();
    let json = out.json();
    assert_eq!(json[0]["id"], "inline-cards");
    assert_eq!(json[0]["cards"], 2);
    assert_eq!(json[0]["kinds"]["number"], 1);
    assert_eq!(json[0]["kinds"]["truefalse"], 1);
}

/// Runs `command` with its stdout closed before it writes, and asserts that it succeeds
/// without a word on stderr (`what` names the case in a failure).
fn succeeds_silently_into_a_closed_stdout(mut command: std::process::Command, what: &str) {
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn recall");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait for recall");
    assert!(output.status.success(), "{what}: {output:?}");
    assert!(
        output.stderr.is_empty(),
        "{what}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    // `recall list | head -0`: writing to a closed pipe must neither print an error nor panic.
    let env = Env::new();
    let mut command = env.command(["list", "--data-dir"]);
    command.arg(env.data_dir());
    succeeds_silently_into_a_closed_stdout(command, "list");
}

#[test]
fn check_into_a_closed_stdout_is_not_an_error() {
    // `recall check | head -0` with more findings than one buffer holds (two warnings a card,
    // in several files): the buffered output meets the closed pipe, silently, in text and JSON.
    let env = Env::new();
    for file in 0..3 {
        let mut deck = format!("[deck]\nid = \"w{file}\"\ntitle = \"W\"\n");
        for card in 0..1500 {
            deck.push_str(&format!(
                "[[card]]\nquestion = \"Question {card}?\"\nanswer = \"a{card}\"\n\
                 explain = \"E.\"\n"
            ));
        }
        env.write(&format!("decks/w{file}.toml"), deck);
    }
    for format in ["text", "json"] {
        succeeds_silently_into_a_closed_stdout(env.command(["check", "--format", format]), format);
    }
}

#[test]
#[cfg_attr(
    recall_root,
    ignore = "built as root, which reads any directory: run the tests as a normal user to check this"
)]
fn an_unreadable_directory_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let dir = env.cwd.path().join("locked");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("deck.toml"), "[deck]\nid = \"x\"\ntitle = \"X\"\n").expect("deck");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let readable = std::fs::read_dir(&dir).is_ok();
    if readable {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    }
    assert!(
        !readable,
        "this user reads a directory with mode 000, so nothing can be checked here; \
         run the tests as a normal user (a root build marks this test ignored)"
    );
    let out = env.recall(["check", "locked"]).run();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    out.code(1)
        .no_panic()
        .stdout_has("locked:1:1: error[unreadable]: permission denied");
}

#[test]
fn options_that_look_like_keys_are_a_warning() {
    let env = Env::new();
    env.write(
        "n.toml",
        "[deck]\nid = \"n\"\ntitle = \"N\"\n[[card]]\nid = \"visits\"\nkind = \"choice\"\n\
         question = \"How many visits?\"\nanswer = \"4\"\nchoices = [\"4\", \"3\", \"2\", \"1\"]\n\
         explain = \"e\"\nsource = \"s\"\n",
    );
    env.recall(["check", "n.toml"]).run().success().stdout_has(
        "warning[ambiguous-choices]: the option `4` looks like an option number or letter",
    );
}

/// Regression: diagnostics quote deck text, which must not carry escape sequences out.
#[test]
fn diagnostics_never_print_escape_sequences_from_a_deck() {
    let env = Env::new();
    env.write(
        "esc.toml",
        "[deck]\nid = \"Bad\\u001b[2Jid\"\ntitle = \"T\"\n\"bad\\u001b[31mkey\" = 1\n",
    );
    let out = env.recall(["check", "esc.toml"]).run();
    out.code(1).stdout_has("unknown key `badkey`");
    assert!(!out.stdout.contains('\u{1b}'), "{:?}", out.stdout);
    let study = env.recall(["study", "esc.toml"]).run();
    assert!(!study.stderr.contains('\u{1b}'), "{:?}", study.stderr);
}
