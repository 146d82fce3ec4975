//! Authoring through the real binary: `new`, `add` (flags and the wizard on a pseudo-terminal),
//! `fmt`, `import` from real-format fixtures, `export`, round trips, `draft` on the seed text,
//! hostile input, and writes interrupted before the rename.

use std::path::{Path, PathBuf};

use crate::support::{
    Env, bundled_deck, bundled_deck_path, collapse_whitespace, expect, fixture, pty, seed_path,
    seed_text,
};
use recall::authoring::Entry;
use recall::authoring::formats::export_entries;
use recall::deck::{Deck, load_file};

/// A deck as a person writes it: comments everywhere, aligned values, a card without an id.
const HAND_WRITTEN: &str = "\
# Cold War alliances — my own deck.
# Sources: my notes.

[deck]
id = \"alliances\"
title = \"Alliances\"          # shown in lists

# ---- 1950s ----

[[card]]
kind = \"year\"
question = \"Which year did Pakistan join SEATO?\"
answer = \"1954\"              # not 1955!
explain = \"SEATO came first, CENTO a year later.\"
source = \"SEATO in 1954 and CENTO in 1955\"
tags = [\"1950s\"]

[[card]]
id = \"cento\"
question = \"Which alliance did Pakistan join in 1955?\"
answer = \"CENTO\"
accept = [\"Baghdad Pact\", \"METO\"]
explain = \"\"\"
Also called the Baghdad Pact.\"\"\"
source = \"CENTO in 1955\"
";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn deck(path: &Path) -> Deck {
    let loaded = load_file(path);
    loaded
        .deck
        .unwrap_or_else(|| panic!("{} loads: {:?}", path.display(), loaded.diagnostics))
}

/// The cards of a deck as exported: every field, every id.
fn cards(path: &Path) -> Vec<Entry> {
    export_entries(&deck(path))
}

/// Files left in a directory whose names mark them as recall's temporary files.
fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".recall-"))
        .collect()
}

/// Lines of `after` that are not in `before`, asserting `after` is `before` with lines added.
fn inserted_lines(before: &str, after: &str) -> Vec<String> {
    let old: Vec<&str> = before.lines().collect();
    let mut i = 0;
    let mut inserted = Vec::new();
    for line in after.lines() {
        if old.get(i) == Some(&line) {
            i += 1;
        } else {
            inserted.push(line.to_owned());
        }
    }
    assert_eq!(
        i,
        old.len(),
        "every original line is kept, in order:\n{after}"
    );
    inserted
}

// ------------------------------------------------------------------------------------------
// new
// ------------------------------------------------------------------------------------------

#[test]
fn new_creates_a_valid_deck_with_an_example_and_refuses_to_overwrite() {
    let env = Env::new();
    env.recall(["new", "decks/mine.toml", "--title", "Partition and after"])
        .run()
        .success()
        .stdout_has("created decks/mine.toml (deck `partition-and-after`)");
    let path = env.cwd.path().join("decks/mine.toml");
    let text = read(&path);
    assert!(
        text.contains("[deck]\nid = \"partition-and-after\"\ntitle = \"Partition and after\"\n")
    );
    assert!(
        text.contains("# [[card]]"),
        "a commented example card:\n{text}"
    );
    env.recall(["check", "--strict", "decks/mine.toml"])
        .run()
        .success();
    env.recall(["new", "decks/mine.toml", "--title", "Other"])
        .run()
        .code(1)
        .stderr_has("already exists; pass --force");
    assert_eq!(read(&path), text);
    env.recall([
        "new",
        "decks/mine.toml",
        "--title",
        "Other",
        "--id",
        "Bad Id",
    ])
    .run()
    .code(2)
    .stderr_has("deck id `Bad Id`");
}

// ------------------------------------------------------------------------------------------
// add
// ------------------------------------------------------------------------------------------

#[test]
fn add_with_flags_appends_and_keeps_the_file_byte_for_byte() {
    let env = Env::new();
    let path = env.write("alliances.toml", HAND_WRITTEN);
    env.recall([
        "add",
        "alliances.toml",
        "--kind",
        "choice",
        "--question",
        "Which country led SEATO's founding?",
        "--answer",
        "United States",
        "--choice",
        "United States",
        "--choice",
        "United Kingdom",
        "--explain",
        "The Manila Pact of 1954.",
        "--source",
        "SEATO",
        "--tag",
        "1950s",
    ])
    .run()
    .success()
    .stdout_has("added the card `which-country-led-seatos-founding` to alliances.toml");
    let text = read(&path);
    assert!(text.starts_with(HAND_WRITTEN), "{text}");
    assert_eq!(
        &text[HAND_WRITTEN.len()..],
        "\n[[card]]\nid = \"which-country-led-seatos-founding\"\nkind = \"choice\"\n\
         question = \"Which country led SEATO's founding?\"\nanswer = \"United States\"\n\
         choices = [\"United States\", \"United Kingdom\"]\nexplain = \"The Manila Pact of 1954.\"\n\
         source = \"SEATO\"\ntags = [\"1950s\"]\n"
    );
    env.recall(["check", "alliances.toml"]).run().success();
}

#[test]
fn add_without_a_terminal_names_the_missing_flags() {
    let env = Env::new();
    let path = env.write("alliances.toml", HAND_WRITTEN);
    env.recall(["add", "alliances.toml", "--question", "Q?"])
        .run()
        .code(2)
        .stderr_has("missing --answer; standard input is not a terminal");
    env.recall(["add", "alliances.toml", "--kind", "cloze"])
        .run()
        .code(2)
        .stderr_has("missing --text");
    assert_eq!(read(&path), HAND_WRITTEN);
}

#[test]
fn add_checks_the_card_with_the_deck_rules() {
    let env = Env::new();
    let path = env.write("alliances.toml", HAND_WRITTEN);
    env.recall([
        "add",
        "alliances.toml",
        "--kind",
        "year",
        "-q",
        "When?",
        "-a",
        "soon",
    ])
    .run()
    .code(1)
    .stderr_has("--answer: error[bad-year]: `soon` is not a year");
    env.recall([
        "add",
        "alliances.toml",
        "--id",
        "cento",
        "-q",
        "New?",
        "-a",
        "x",
    ])
    .run()
    .code(1)
    .stderr_has("duplicate card id `cento`");
    assert_eq!(read(&path), HAND_WRITTEN);
}

#[test]
fn add_refuses_a_deck_with_errors_and_shows_them() {
    let env = Env::new();
    let broken = HAND_WRITTEN.replace("answer = \"CENTO\"", "anwser = \"CENTO\"");
    let path = env.write("broken.toml", &broken);
    env.recall(["add", "broken.toml", "-q", "Q?", "-a", "A"])
        .run()
        .code(1)
        .stderr_has("broken.toml:21:1: error[unknown-key]")
        .stderr_has("has 1 error; fix it first");
    assert_eq!(read(&path), broken);
}

/// The wizard on a pseudo-terminal: a wrong year is asked again, the card is shown with its
/// warnings before it is appended.
#[test]
fn the_add_wizard_asks_checks_shows_and_appends() {
    let env = Env::new();
    let path = env.write("alliances.toml", HAND_WRITTEN);
    let mut p = pty(&env, &["add", "alliances.toml", "--kind", "year"]);
    expect(&mut p, "Question");
    p.send_line("In which year did Pakistan leave SEATO?")
        .expect("type");
    expect(&mut p, "Answer (a year");
    p.send_line("seventy-two").expect("type");
    expect(&mut p, "is not a year");
    p.send_line("1972").expect("type");
    expect(&mut p, "Other accepted answers");
    p.send_line("").expect("type");
    expect(&mut p, "Explanation");
    p.send_line("After the 1971 war.").expect("type");
    expect(&mut p, "Source");
    p.send_line("").expect("type");
    expect(&mut p, "Tags");
    p.send_line("1970s alliances").expect("type");
    expect(&mut p, "id = \"in-which-year-did-pakistan-leave-seato\"");
    expect(&mut p, "warning[missing-source]");
    expect(&mut p, "Append this card to alliances.toml?");
    p.send("y").expect("confirm");
    p.flush().expect("flush");
    expect(
        &mut p,
        "added the card `in-which-year-did-pakistan-leave-seato`",
    );
    p.exp_eof().expect("exits");
    let text = read(&path);
    assert!(text.starts_with(HAND_WRITTEN));
    assert_eq!(
        &text[HAND_WRITTEN.len()..],
        "\n[[card]]\nid = \"in-which-year-did-pakistan-leave-seato\"\nkind = \"year\"\n\
         question = \"In which year did Pakistan leave SEATO?\"\nanswer = \"1972\"\n\
         explain = \"After the 1971 war.\"\ntags = [\"1970s\", \"alliances\"]\n"
    );
}

// ------------------------------------------------------------------------------------------
// fmt
// ------------------------------------------------------------------------------------------

#[test]
fn fmt_adds_ids_and_keeps_everything_else_byte_for_byte() {
    let env = Env::new();
    let path = env.write("decks/alliances.toml", HAND_WRITTEN);
    env.recall(["fmt", "--check"])
        .run()
        .code(1)
        .stdout_has("would reformat decks/alliances.toml (adds 1 id)");
    assert_eq!(read(&path), HAND_WRITTEN, "--check writes nothing");
    env.recall(["fmt"])
        .run()
        .success()
        .stdout_has("formatted decks/alliances.toml (added 1 id)");
    let text = read(&path);
    assert_eq!(
        inserted_lines(HAND_WRITTEN, &text),
        ["id = \"which-year-did-pakistan-join-seato\""]
    );
    env.recall(["fmt", "--check"])
        .run()
        .success()
        .stdout_has("1 file checked, 0 would be reformatted");
    env.recall(["check", "--strict", "decks"]).run().success();
}

#[test]
fn fmt_normalizes_layout_and_keeps_comments() {
    let env = Env::new();
    let messy = "[deck]\ntitle = \"Messy\"\n  id = \"messy\"\n\n\n\n[[card]]\n  answer   =   \"a\"  # why\n# about the question\nquestion = \"Q?\"\nid = \"q\"\n[[card]]\nquestion = \"R?\"\nanswer = \"b\"\n";
    let path = env.write("messy.toml", messy);
    env.recall(["fmt", "messy.toml"]).run().success();
    assert_eq!(
        read(&path),
        "[deck]\nid = \"messy\"\ntitle = \"Messy\"\n\n[[card]]\nid = \"q\"\n# about the question\nquestion = \"Q?\"\nanswer = \"a\"  # why\n\n[[card]]\nid = \"r\"\nquestion = \"R?\"\nanswer = \"b\"\n"
    );
}

#[test]
fn fmt_leaves_decks_with_errors_alone_and_needs_something_to_format() {
    let env = Env::new();
    let broken = "[deck]\nid = \"b\"\ntitle = \"B\"\n\n[[card]]\nquestion = \"Q\"\n";
    let path = env.write("broken.toml", broken);
    env.recall(["fmt", "broken.toml"])
        .run()
        .code(1)
        .stderr_has("broken.toml:5:1: error[missing-key]");
    assert_eq!(read(&path), broken);
    env.recall(["fmt"])
        .run()
        .code(2)
        .stderr_has("no ./decks directory");
}

// ------------------------------------------------------------------------------------------
// import
// ------------------------------------------------------------------------------------------

fn import_fixture(env: &Env, name: &str, extra: &[&str]) -> PathBuf {
    let into = env.cwd.path().join("imported.toml");
    env.recall(["import"])
        .arg_path(fixture(&format!("import/{name}")))
        .arg("--into")
        .arg_path(&into)
        .args(extra)
        .run()
        .success();
    into
}

fn summary(entries: &[Entry]) -> Vec<(String, String, String)> {
    entries
        .iter()
        .map(|e| {
            let shown = if e.text.is_empty() {
                e.question.clone()
            } else {
                e.text.clone()
            };
            (e.id.clone().unwrap_or_default(), shown, e.answer.clone())
        })
        .collect()
}

#[test]
fn imports_an_anki_notes_in_plain_text_export() {
    let env = Env::new();
    let into = import_fixture(&env, "anki-notes.txt", &[]);
    let imported = deck(&into);
    assert_eq!(imported.title, "Geography::Asia");
    let entries = export_entries(&imported);
    let summary = summary(&entries);
    let texts: Vec<(&str, &str)> = summary
        .iter()
        .map(|(_, q, a)| (q.as_str(), a.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            ("What is the capital of Pakistan?", "Islamabad"),
            ("Which river flows through Lahore?", "Ravi"),
            ("Largest city of Pakistan", "Karachi\n(by population)"),
            ("Pakistan joined {{SEATO}} in {{1954::year}}.", ""),
            (
                "Who said \"Unity, Faith, Discipline\"?",
                "Muhammad Ali Jinnah the founder"
            ),
        ]
    );
    // GUIDs that are not recall ids map to stable `anki-…` ids.
    assert!(summary.iter().all(|(id, _, _)| id.starts_with("anki-")));
    assert_eq!(entries[0].tags, ["geography::asia", "capitals"]);
    assert_eq!(
        entries[3].explain.as_deref(),
        Some("A & B: both alliances.")
    );
    env.recall(["check"]).arg_path(&into).run().success();

    // Importing the same export again finds every note by its GUID.
    let before = read(&into);
    env.recall(["import"])
        .arg_path(fixture("import/anki-notes.txt"))
        .arg("--into")
        .arg_path(&into)
        .run()
        .success()
        .stdout_has("0 added, 0 changed, 5 unchanged, 0 skipped; nothing to change");
    assert_eq!(read(&into), before);
}

#[test]
fn imports_quizlet_exports_with_default_and_custom_separators() {
    let env = Env::new();
    let into = import_fixture(&env, "quizlet.txt", &[]);
    let entries = cards(&into);
    let pairs: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.question.as_str(), e.answer.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("Islamabad", "Capital of Pakistan, since 1967"),
            ("Karachi", "Largest city; \"City of Lights\""),
            ("Ravi", "River through Lahore\nflows into the Chenab"),
            ("Indus", "Longest river of Pakistan"),
        ]
    );

    let env = Env::new();
    let into = import_fixture(
        &env,
        "quizlet-custom.txt",
        &[
            "--term-sep",
            " - ",
            "--card-sep",
            ";",
            "--title",
            "Alliances",
        ],
    );
    let imported = deck(&into);
    assert_eq!(imported.title, "Alliances");
    let answers: Vec<String> = export_entries(&imported)
        .into_iter()
        .map(|e| format!("{}={}", e.question, e.answer))
        .collect();
    assert_eq!(
        answers,
        [
            "SEATO=1954, with the US",
            "CENTO=1955 - the Baghdad Pact",
            "RCD=1964"
        ]
    );
}

#[test]
fn imports_a_spreadsheet_with_quotes_line_breaks_and_ragged_rows() {
    let env = Env::new();
    let into = env.cwd.path().join("sheet.toml");
    let output = env
        .recall(["import"])
        .arg_path(fixture("import/spreadsheet.csv"))
        .arg("--into")
        .arg_path(&into)
        .run();
    output
        .success()
        .stdout_has("skip    line 6: the row has 6 fields but the header has 5")
        .stdout_has("skip    line 7: the answer is empty")
        .stdout_has("3 added, 0 changed, 0 unchanged, 2 skipped");
    let entries = cards(&into);
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0].accept, ["Isb", "ICT"]);
    assert_eq!(
        entries[0].explain.as_deref(),
        Some("Chosen in 1959, built in the 1960s.")
    );
    assert_eq!(entries[0].tags, ["geography", "capitals"]);
    assert_eq!(
        entries[1].question,
        "Who said \"Unity, Faith, Discipline\"?"
    );
    assert_eq!(
        entries[2].explain.as_deref(),
        Some("Port city.\nFormer capital.")
    );
    assert_eq!(entries[0].id.as_deref(), Some("capital-of-pakistan"));
}

#[test]
fn strict_import_writes_nothing_when_a_row_is_skipped() {
    let env = Env::new();
    let into = env.cwd.path().join("sheet.toml");
    env.recall(["import", "--strict"])
        .arg_path(fixture("import/spreadsheet.csv"))
        .arg("--into")
        .arg_path(&into)
        .run()
        .code(1)
        .stderr_has("--strict is set; nothing was written");
    assert!(!into.exists());
}

#[test]
fn an_import_refused_or_broken_late_leaves_no_file_nor_directory() {
    // A new deck is written as its rows are read: what is refused once every row is read
    // (--strict, a syntax error near the end) must still leave nothing behind.
    let env = Env::new();
    let rows = (0..500).fold(String::new(), |mut rows, i| {
        rows.push_str(&format!("Question {i}?,Answer {i}\n"));
        rows
    });
    env.write(
        "late-skip.csv",
        format!("question,answer\n{rows}only one field\n"),
    );
    env.write(
        "late-quote.csv",
        format!("question,answer\n{rows}\"never closed,x\n"),
    );
    env.recall([
        "import",
        "--strict",
        "late-skip.csv",
        "--into",
        "new/dir/deck.toml",
    ])
    .run()
    .code(1)
    .stdout_has("500 added, 0 changed, 0 unchanged, 1 skipped")
    .stderr_has("--strict is set; nothing was written");
    env.recall(["import", "late-quote.csv", "--into", "new/dir/deck.toml"])
        .run()
        .code(1)
        .stderr_has("late-quote.csv:502:1: a quoted field that starts at line 502, column 1 is never closed");
    assert!(!env.cwd.path().join("new").exists());
    let leftovers: Vec<_> = std::fs::read_dir(env.cwd.path())
        .expect("read cwd")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".recall-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_dry_run_previews_and_writes_nothing() {
    let env = Env::new();
    let path = env.write("alliances.toml", HAND_WRITTEN);
    env.write(
        "more.csv",
        "id,question,answer\ncento,Which alliance did Pakistan join in 1955?,CENTO (Baghdad Pact)\n,Which year did Pakistan join SEATO?,1954\n,New question?,New answer\nBAD ID,x,y\n",
    );
    env.recall([
        "import",
        "more.csv",
        "--into",
        "alliances.toml",
        "--dry-run",
    ])
    .run()
    .success()
    .stdout_has("  change  cento                        answer: `CENTO` → `CENTO (Baghdad Pact)`")
    .stdout_has("  add     new-question                 New question?")
    .stdout_has("  skip    line 5: the id `BAD ID` is not a valid card id")
    .stdout_has("would be 1 added, 1 changed, 1 unchanged, 1 skipped; nothing written");
    assert_eq!(read(&path), HAND_WRITTEN);

    // The real import changes the card in place and keeps every comment.
    env.recall(["import", "more.csv", "--into", "alliances.toml"])
        .run()
        .success();
    let text = read(&path);
    let expected = HAND_WRITTEN.replace("answer = \"CENTO\"", "answer = \"CENTO (Baghdad Pact)\"");
    assert!(text.starts_with(&expected), "{text}");
    assert_eq!(deck(&path).notes.len(), 3);
}

#[test]
fn import_refuses_a_target_deck_with_errors() {
    let env = Env::new();
    let broken = HAND_WRITTEN.replace("kind = \"year\"", "kind = \"yaer\"");
    let path = env.write("broken.toml", &broken);
    env.write("more.csv", "Q?,A\n");
    env.recall(["import", "more.csv", "--into", "broken.toml"])
        .run()
        .code(1)
        .stderr_has("broken.toml:11:8: error[bad-kind]: unknown card kind `yaer`")
        .stderr_has("nothing was written");
    assert_eq!(read(&path), broken);
}

#[test]
fn import_reads_utf16_and_refuses_other_encodings_clearly() {
    let env = Env::new();
    // Excel's "Unicode Text": UTF-16 little endian with a byte-order mark, tab-separated.
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(
        "question\tanswer\r\nStraße?\tÄ\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    env.write("unicode.txt", &utf16);
    env.recall(["import", "unicode.txt", "--into", "u.toml"])
        .run()
        .success();
    assert_eq!(cards(&env.cwd.path().join("u.toml"))[0].answer, "Ä");

    env.write("latin1.csv", b"question,answer\nCaf\xe9?,yes\n");
    env.recall(["import", "latin1.csv", "--into", "l.toml"])
        .run()
        .code(1)
        .stderr_has("latin1.csv:2:4: the file is not valid UTF-8: byte 0xe9")
        .stderr_has("hint: save the file as UTF-8");
    env.write("empty.csv", "");
    env.recall(["import", "empty.csv", "--into", "e.toml"])
        .run()
        .code(1)
        .stderr_has("empty.csv: the file is empty");
    env.write("deck.apkg", b"PK\x03\x04zip");
    env.recall(["import", "deck.apkg", "--into", "a.toml"])
        .run()
        .code(1)
        .stderr_has("zip archive")
        .stderr_has("Notes in Plain Text");
    env.write("bad.csv", "question,answer\n\"unclosed,x\n");
    env.recall(["import", "bad.csv", "--into", "b.toml"])
        .run()
        .code(1)
        .stderr_has("bad.csv:2:1: a quoted field that starts at line 2, column 1 is never closed");
    for name in ["u.toml", "l.toml", "e.toml", "a.toml", "b.toml"] {
        assert_eq!(
            env.cwd.path().join(name).exists(),
            name == "u.toml",
            "{name}"
        );
    }
}

#[test]
fn arbitrary_bytes_never_crash_import() {
    let env = Env::new();
    let samples: [&[u8]; 6] = [
        b"\xff\xfe\x00",
        b"#separator:tab\n#guid column:9\n#notetype column:0\n\ta\tb",
        b"{\"format\": \"recall-deck\", \"version\": 1, \"cards\": [{\"id\": 3}]}",
        b"\"\"\"\n,,,\n\r\r\r",
        b"{{c1::x}}\t}}\n",
        b"a\tb\n\xc3\x28\n",
    ];
    for (i, bytes) in samples.iter().enumerate() {
        let name = format!("sample{i}.txt");
        env.write(&name, bytes);
        let output = env
            .recall(["import", name.as_str(), "--into", "x.toml", "--dry-run"])
            .run();
        output.no_panic();
        assert!(output.code == 0 || output.code == 1, "{output:?}");
    }
}

// ------------------------------------------------------------------------------------------
// export and round trips
// ------------------------------------------------------------------------------------------

#[test]
fn round_trips_through_csv_tsv_and_json_keep_every_card() {
    let env = Env::new();
    let original = bundled_deck_path();
    let expected = cards(&original);
    let notes = bundled_deck().notes.len();
    for format in ["csv", "tsv", "json"] {
        let exported = env.cwd.path().join(format!("export.{format}"));
        env.recall(["export", "--format", format, "--out"])
            .arg_path(&exported)
            .arg_path(&original)
            .run()
            .success();
        let into = env.cwd.path().join(format!("back-{format}.toml"));
        env.recall(["import", "--id", &format!("back-{format}")])
            .arg_path(&exported)
            .arg("--into")
            .arg_path(&into)
            .run()
            .success()
            .stdout_has(&format!("{notes} added, 0 changed, 0 unchanged, 0 skipped"));
        assert_eq!(cards(&into), expected, "{format}");
        env.recall(["check", "--strict"])
            .arg_path(&into)
            .run()
            .success();
    }
}

#[test]
fn round_trip_of_text_number_and_year_cards_through_every_format() {
    let env = Env::new();
    let text = "[deck]\nid = \"kinds\"\ntitle = \"Kinds\"\n\n[[card]]\nid = \"t\"\nquestion = \"Capital, \\\"officially\\\"?\"\nanswer = \"Islamabad\"\naccept = [\"Isb\", \"a|b\"]\ntags = [\"geo\", \"two words\"]\n\n[[card]]\nid = \"n\"\nkind = \"number\"\nquestion = \"How many?\"\nanswer = \"2.5\"\ntolerance = 0.5\ntags = [\"n\"]\n\n[[card]]\nid = \"y\"\nkind = \"year\"\nquestion = \"When?\"\nanswer = \"1955\"\n";
    let original = env.write("kinds.toml", text);
    let expected = cards(&original);
    for format in ["csv", "tsv", "json"] {
        let exported = env
            .recall(["export", "kinds.toml", "--format", format])
            .run();
        exported.success();
        env.write(&format!("kinds.{format}"), exported.stdout.as_bytes());
        let into = format!("back-{format}.toml");
        let file = format!("kinds.{format}");
        // A second deck beside the first needs an id of its own.
        let id = format!("back-{format}");
        env.recall([
            "import",
            file.as_str(),
            "--into",
            into.as_str(),
            "--id",
            &id,
        ])
        .run()
        .success();
        assert_eq!(cards(&env.cwd.path().join(&into)), expected, "{format}");
    }
}

#[test]
fn anki_export_is_importable_and_reimporting_changes_nothing() {
    let env = Env::new();
    let original = read(&bundled_deck_path());
    let notes = bundled_deck().notes.len();
    let path = env.write("decks/psr.toml", &original);
    let out = env
        .recall(["export", "pakistan-soviet-relations", "--format", "anki"])
        .run();
    out.success();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        &lines[..6],
        [
            "#separator:tab",
            "#html:true",
            "#guid column:1",
            "#notetype column:2",
            "#deck column:3",
            "#tags column:6"
        ]
    );
    assert!(lines[6].starts_with("cold-war-ally\tBasic\tPakistan–Soviet Union relations\t"));
    assert!(
        lines
            .iter()
            .skip(6)
            .all(|l| l.split('\t').count() == 6 || l.contains('"'))
    );
    env.write("anki.txt", out.stdout.as_bytes());
    env.recall(["import", "anki.txt", "--into", "decks/psr.toml"])
        .run()
        .success()
        .stdout_has(&format!(
            "0 added, 0 changed, {notes} unchanged, 0 skipped; nothing to change"
        ));
    assert_eq!(read(&path), original);

    // An answer edited in Anki comes back in place.
    let edited: String = out
        .stdout
        .lines()
        .map(|line| {
            if line.starts_with("liaquat-invited\t") {
                line.replace("\tLiaquat Ali Khan\t", "\tLiaquat Ali Khan (PM)\t")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    env.write("edited.txt", edited.as_bytes());
    env.recall(["import", "edited.txt", "--into", "decks/psr.toml"])
        .run()
        .success()
        .stdout_has(&format!("0 added, 1 changed, {} unchanged", notes - 1));
    let before = "invite to visit Moscow?\"\nanswer = \"Liaquat Ali Khan\"\n";
    assert!(original.contains(before));
    assert_eq!(
        read(&path),
        original.replace(
            before,
            "invite to visit Moscow?\"\nanswer = \"Liaquat Ali Khan (PM)\"\n"
        )
    );
}

#[test]
fn json_export_is_the_documented_schema() {
    let env = Env::new();
    let out = env
        .recall(["export", "pakistan-soviet-relations", "--format", "json"])
        .run();
    let json = out.success().json();
    assert_eq!(json["format"], "recall-deck");
    assert_eq!(json["version"], 1);
    assert_eq!(json["deck"]["id"], "pakistan-soviet-relations");
    assert_eq!(json["deck"]["schedule"]["learning_steps"][1], "10m");
    let card = &json["cards"][0];
    for key in [
        "id",
        "kind",
        "question",
        "answer",
        "accept",
        "choices",
        "tolerance",
        "text",
        "hint",
        "explain",
        "source",
        "tags",
    ] {
        assert!(card.get(key).is_some(), "cards[0].{key}");
    }
}

#[test]
fn export_refuses_a_deck_with_errors_and_unknown_names() {
    let env = Env::new();
    env.write("broken.toml", "[deck]\nid = \"b\"\n");
    env.recall(["export", "broken.toml", "--format", "csv"])
        .run()
        .code(1)
        .stderr_has("broken.toml:1:1: error[missing-key]");
    env.recall(["export", "no-such-deck", "--format", "csv"])
        .run()
        .code(1)
        .stderr_has("no deck file or deck id `no-such-deck`");
}

// ------------------------------------------------------------------------------------------
// draft
// ------------------------------------------------------------------------------------------

#[test]
fn draft_on_the_seed_text_gives_at_least_thirty_checked_candidates() {
    let text = seed_text();
    let env = Env::new();
    env.recall(["draft", "--out", "drafted.toml"])
        .arg_path(seed_path())
        .run()
        .success()
        .stdout_has("needs a human read");
    let path = env.cwd.path().join("drafted.toml");
    env.recall(["check", "drafted.toml"])
        .run()
        .success()
        .stdout_has(": 0 errors,");
    let drafted = deck(&path);
    assert!(
        drafted.notes.len() >= 30,
        "{} candidates",
        drafted.notes.len()
    );
    assert_eq!(drafted.title, "Pakistan–Soviet Union relations");
    let text = collapse_whitespace(&text);
    let mut years = 0;
    for note in &drafted.notes {
        assert_eq!(note.tags, ["draft"], "{}", note.id);
        let source = note.source.as_deref().expect("a source");
        assert!(
            source.split_whitespace().count() <= 25,
            "{}: {source}",
            note.id
        );
        assert!(text.contains(source), "{}: not verbatim: {source}", note.id);
        if note.kind == recall::deck::Kind::Year {
            years += 1;
            assert!(
                note.question.starts_with("In which year "),
                "{}",
                note.question
            );
            assert!(!note.question.contains(&note.answer), "{}", note.question);
        }
    }
    assert!(years >= 15, "{years} year questions");
    assert!(
        drafted
            .notes
            .iter()
            .any(|n| n.kind == recall::deck::Kind::Cloze)
    );
}

#[test]
fn draft_writes_to_standard_output_and_refuses_to_overwrite() {
    let env = Env::new();
    env.write(
        "notes.txt",
        "Alliances\nPakistan joined SEATO in 1954 and CENTO in 1955 under Prime Minister Mohammad Ali Bogra.\n",
    );
    let out = env.recall(["draft", "notes.txt"]).run();
    out.success()
        .stderr_has("tagged `draft` and needs a human read");
    assert!(
        out.stdout.contains(
            "[deck]\nid = \"alliances\"\ntitle = \"Alliances\"\nsource = \"notes.txt\"\n"
        )
    );
    env.write("out.toml", "keep me");
    env.recall(["draft", "notes.txt", "--out", "out.toml"])
        .run()
        .code(1)
        .stderr_has("already exists; pass --force");
    assert_eq!(read(&env.cwd.path().join("out.toml")), "keep me");
    env.write(
        "nothing.txt",
        "just some words without names or years here.",
    );
    env.recall(["draft", "nothing.txt"])
        .run()
        .code(1)
        .stderr_has("found nothing to draft");
}

// ------------------------------------------------------------------------------------------
// interrupted writes
// ------------------------------------------------------------------------------------------

#[test]
fn a_write_interrupted_before_the_rename_leaves_the_deck_intact() {
    let env = Env::new();
    let path = env.write("decks/alliances.toml", HAND_WRITTEN);
    env.write("more.csv", "New?,Answer\n");
    let attempts: [&[&str]; 4] = [
        &["add", "decks/alliances.toml", "-q", "New?", "-a", "x"],
        &["fmt", "decks/alliances.toml"],
        &["import", "more.csv", "--into", "decks/alliances.toml"],
        &["new", "decks/other.toml", "--title", "Other"],
    ];
    for args in attempts {
        env.recall(args)
            .env("RECALL_TEST_FAIL_BEFORE_RENAME", "1")
            .run()
            .code(1)
            .stderr_has("simulated failure before rename");
        assert_eq!(read(&path), HAND_WRITTEN, "{args:?}");
        assert!(
            temporary_files(&env.cwd.path().join("decks")).is_empty(),
            "{args:?}"
        );
    }
    assert!(!env.cwd.path().join("decks/other.toml").exists());
    // Without the failure the same commands go through.
    env.recall(["fmt", "decks/alliances.toml"]).run().success();
    assert_ne!(read(&path), HAND_WRITTEN);
}
