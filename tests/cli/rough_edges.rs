//! Regression tests for the rough edges a new user hit (issue 15), one per edge.

use crate::support::{Env, expect, press, pty};

#[test]
fn a_bare_name_that_is_an_existing_directory_is_a_path() {
    let env = Env::with_study_deck();
    for arg in ["decks", "decks/", "./decks"] {
        env.recall(["due", arg])
            .run()
            .success()
            .stdout_has("study");
    }
    // A file too, named without `./` or `.toml`.
    env.write(
        "plain",
        "[deck]\nid = \"plain\"\ntitle = \"Plain\"\n[[card]]\nid = \"a\"\nquestion = \"A?\"\nanswer = \"a\"\n",
    );
    env.recall(["due", "plain"]).run().success().stdout_has("Plain");
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
    let json = env.recall(["card", "study/alliances", "--json"]).run().json();
    assert_eq!(json.as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(json[1]["card"], "alliances.2");
    // A gap by its own id is one card, as before.
    let one = env.recall(["card", "study/alliances.2", "--json"]).run().json();
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
        .stderr_has("the deck id `study` (named after study.csv) is already used by decks/study.toml")
        .stderr_has("--id");
    assert!(!env.cwd.path().join("decks/other.toml").exists());
    env.recall(["new", "decks/n.toml", "--title", "Study"])
        .run()
        .code(2)
        .stderr_has("already used by decks/study.toml");
    env.recall(["import", "study.csv", "--into", "decks/other.toml", "--id", "mine"])
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
        "[deck]\nid = \"a\"\ntitle = \"Plain\"\n[deck.schedule]\nnew_per_day = 1\n\
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
            record.contains("This drill did not change when cards are due (use --record for that)."),
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
