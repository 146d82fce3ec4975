//! Grading through the real binary: the whole deck as context in `recall answer` and in plain
//! sessions (aliases, short names no one else has, another person of the deck), the `close`
//! verdict with its second try, `--final`, what matched in the JSON and on screen, and drills
//! counting a close reply as wrong.

use crate::support::Env;

/// A deck with aliases, two Bhuttos and one Kosygin.
const PEOPLE: &str = r#"[deck]
id = "p"
title = "People"

[deck.aliases]
"United States" = ["America", "USA"]

[[card]]
id = "zab"
question = "Who was hanged in 1979?"
answer = "Zulfikar Ali Bhutto"

[[card]]
id = "bb"
question = "Who was the first woman to lead Pakistan?"
answer = "Benazir Bhutto"

[[card]]
id = "kosygin"
question = "Who was the Soviet premier at Tashkent?"
answer = "Alexei Kosygin"

[[card]]
id = "u2"
question = "Which country flew the U-2 from Peshawar?"
answer = "United States"
"#;

fn env() -> Env {
    let env = Env::new();
    env.write("decks/p.toml", PEOPLE);
    env
}

/// `recall answer CARD TEXT --json [extra…]`, which must succeed.
fn answer(env: &Env, card: &str, text: &str, extra: &[&str]) -> serde_json::Value {
    let out = env
        .recall(["answer", card, text, "--json"])
        .args(extra)
        .run();
    out.success();
    out.json()
}

#[test]
fn recall_answer_grades_with_the_whole_deck_and_says_what_matched() {
    let env = env();
    // A surname no one else in the deck has: right, by the surname rule.
    let json = answer(&env, "p/kosygin", "Kosygin", &[]);
    assert_eq!(json["verdict"], "right", "{json}");
    assert_eq!(json["expected"], "Alexei Kosygin");
    assert_eq!(json["matched"]["form"], "Alexei Kosygin");
    assert_eq!(json["matched"]["rules"][0], "surname");
    assert_eq!(json["matched"]["phrase"], "surname");
    assert_eq!(json["rating"], "good");
    assert_eq!(json["recorded"], true);
    // A deck alias.
    let json = answer(&env, "p/u2", "America", &["--dry-run"]);
    assert_eq!(json["verdict"], "right", "{json}");
    assert_eq!(json["matched"]["rules"][0], "alias");
    // A standard spelling is right, not a typo, and says how the deck spells it.
    let json = answer(&env, "p/kosygin", "Aleksei Kosygin", &["--dry-run"]);
    assert_eq!(json["verdict"], "right", "{json}");
    assert_eq!(
        json["matched"]["phrase"],
        "spelled Alexei Kosygin in the deck"
    );
    // The other Bhutto is wrong; nothing matched.
    let json = answer(&env, "p/zab", "Benazir Bhutto", &["--dry-run"]);
    assert_eq!(json["verdict"], "wrong", "{json}");
    assert_eq!(json["matched"], serde_json::Value::Null);
    // On screen: the rule in one short phrase.
    env.recall(["answer", "p/kosygin", "Premier Kosygin", "--dry-run"])
        .run()
        .success()
        .stdout_has("✓ right (surname, title ignored): Alexei Kosygin");
}

#[test]
fn a_close_reply_records_nothing_unless_final() {
    let env = env();
    let json = answer(&env, "p/zab", "Bhutto", &[]);
    assert_eq!(json["verdict"], "close", "{json}");
    assert_eq!(json["prompt"], "Which Bhutto?");
    assert_eq!(json["expected"], "Zulfikar Ali Bhutto");
    assert_eq!(json["recorded"], false);
    assert_eq!(json["rating"], serde_json::Value::Null);
    assert_eq!(env.card_json("p/zab")["reps"], 0);
    env.recall(["answer", "p/zab", "Bhutto"])
        .run()
        .success()
        .stdout_has("? close: Which Bhutto?")
        .stdout_has("not recorded");
    // The second try, final: graded normally.
    let json = answer(&env, "p/zab", "Zulfikar Bhutto", &["--final"]);
    assert_eq!(json["verdict"], "right", "{json}");
    assert_eq!(json["rating"], "good");
    // A final close reply is recorded as close, rated Hard.
    let json = answer(&env, "p/bb", "Bhutto", &["--final"]);
    assert_eq!(json["verdict"], "close", "{json}");
    assert_eq!(json["prompt"], "Which Bhutto?");
    assert_eq!(json["rating"], "hard");
    assert_eq!(json["recorded"], true);
    let card = env.card_json("p/bb");
    assert_eq!(card["history"][0]["verdict"], "close", "{card}");
    assert_eq!(card["history"][0]["correct"], true);
}

#[test]
fn a_choice_key_beyond_the_options_is_refused_and_asked_again() {
    let env = Env::new();
    env.write(
        "decks/c.toml",
        "[deck]\nid = \"c\"\ntitle = \"Choices\"\n\n[[card]]\nid = \"premier\"\n\
         kind = \"choice\"\nquestion = \"Who was the Soviet premier at Tashkent?\"\n\
         answer = \"Kosygin\"\nchoices = [\"Kosygin\", \"Brezhnev\", \"Gromyko\"]\n",
    );
    // `recall answer`: a usage error, nothing recorded.
    env.recall(["answer", "c/premier", "4"])
        .run()
        .code(2)
        .stderr_has("there are 3 options: type 1-3, a-c or an option's text");
    assert_eq!(env.card_json("c/premier")["reps"], 0);
    // A session asks again, then grades the next reply.
    let out = env
        .recall(["study", "--seed", "1"])
        .stdin("7\nKosygin\n:quit\n")
        .run();
    out.success()
        .stdout_has("there are 3 options: type 1-3, a-c or an option's text")
        .stdout_has("✓ right");
    let card = env.card_json("c/premier");
    assert_eq!(card["history"].as_array().map(Vec::len), Some(1), "{card}");
    assert_eq!(card["history"][0]["answer"], "Kosygin");
}

#[test]
fn a_plain_session_asks_again_after_a_close_reply() {
    let env = env();
    let out = env
        .recall(["study", "p", "--seed", "1"])
        .stdin("Bhutto\nZ. A. Bhutto\nBhutto\nBhutto\n:quit\n")
        .run();
    out.success()
        .stdout_has("? close: Which Bhutto? (answer once more, no penalty)")
        .stdout_has("✓ right (initials): Zulfikar Ali Bhutto")
        .stdout_has("? close: Benazir Bhutto")
        .stdout_has("close again (Which Bhutto?): counted as Hard, with the answer shown")
        .stdout_has("Hard")
        .stdout_has("1 ✓ right, 0 ≈ typo, 1 ? close, 0 ✗ wrong");
    let zab = env.card_json("p/zab");
    assert_eq!(zab["history"].as_array().map(Vec::len), Some(1), "{zab}");
    assert_eq!(zab["history"][0]["answer"], "Z. A. Bhutto");
    assert_eq!(zab["history"][0]["rating"], "good");
}

#[test]
fn a_drill_counts_a_close_reply_as_wrong_and_says_so() {
    let env = env();
    // One question per card; answer every one with a lone "Bhutto".
    let out = env
        .recall(["drill", "p", "--seed", "2", "--count", "4", "--name", "Sam"])
        .stdin("Bhutto\nBhutto\nBhutto\nBhutto\n")
        .run();
    out.success().stdout_has(
        "close (Which Bhutto?): counts as wrong in a drill, a paper has no second chance",
    );
    assert!(
        !out.stdout.contains("answer once more"),
        "no second chance in a drill:\n{}",
        out.stdout
    );
    let results = env.recall(["results", "--format", "json"]).run();
    results.success();
    let text = results.stdout.clone();
    assert!(text.contains("\"wrong\""), "{text}");
    assert!(
        !text.contains("\"close\""),
        "a paper keeps close as wrong: {text}"
    );
}

/// A database from before the deck kept its aliases: the deck is read again once, and its
/// aliases apply.
#[test]
fn a_deck_synced_before_aliases_were_kept_learns_them_at_the_next_start() {
    let env = env();
    assert_eq!(
        answer(&env, "p/u2", "America", &["--dry-run"])["verdict"],
        "right"
    );
    let conn = rusqlite::Connection::open(env.data_dir().join("recall.sqlite3")).expect("open db");
    // What schema version 3 finds in a version-2 database after migrating it.
    conn.execute_batch(
        "UPDATE deck SET aliases = NULL, content_hash = '', file_size = NULL, file_mtime = NULL;
         DELETE FROM deck_cache;",
    )
    .expect("as migrated");
    drop(conn);
    assert_eq!(
        answer(&env, "p/u2", "America", &["--dry-run"])["verdict"],
        "right"
    );
}

/// Deck text in a close prompt and in what matched is cleaned of terminal control sequences.
#[test]
fn deck_text_in_a_close_prompt_does_not_reach_the_terminal() {
    let env = Env::new();
    env.write(
        "decks/h.toml",
        "[deck]\nid = \"h\"\ntitle = \"H\"\n\
         [[card]]\nid = \"a\"\nquestion = \"Who was hanged in 1979?\"\nanswer = \"Zulfikar Ali Bhu\\u0007tto\"\n\
         [[card]]\nid = \"b\"\nquestion = \"Who led Pakistan in 1988?\"\nanswer = \"Benazir Bhu\\u0007tto\"\n",
    );
    let out = env
        .recall(["study", "h", "--seed", "1"])
        .stdin("Bhutto\nZulfikar Bhutto\n:quit\n")
        .run();
    out.success().stdout_has("close: Which Bhu");
    assert!(!out.stdout.contains('\u{7}'), "{:?}", out.stdout);
    let text = env.recall(["answer", "h/b", "Bhutto"]).run();
    text.success().stdout_has("close: Which Bhu");
    assert!(!text.stdout.contains('\u{7}'), "{:?}", text.stdout);
}
