//! Table-driven loader tests: each broken fixture gives exactly the diagnostic expected, at its
//! line and column, with a hint; valid fixtures load without a word.

use recall::deck::{Origin, Severity, load_bytes, load_file};

use crate::support::fixture;

struct Case {
    file: &'static str,
    line: u32,
    column: u32,
    code: &'static str,
    message: &'static str,
}

const BROKEN: &[Case] = &[
    Case {
        file: "syntax.toml",
        line: 3,
        column: 22,
        code: "syntax",
        message: "invalid TOML: invalid basic string, expected `\"`",
    },
    Case {
        file: "unknown-key.toml",
        line: 7,
        column: 1,
        code: "unknown-key",
        message: "unknown key `questoin` in a [[card]]",
    },
    Case {
        file: "wrong-type.toml",
        line: 4,
        column: 8,
        code: "wrong-type",
        message: "`tags` must be an array of strings, found a string",
    },
    Case {
        file: "duplicate-id.toml",
        line: 10,
        column: 1,
        code: "duplicate-id",
        message: "duplicate card id `same`",
    },
    Case {
        file: "empty-question.toml",
        line: 7,
        column: 12,
        code: "empty",
        message: "the question is empty",
    },
    Case {
        file: "empty-answer.toml",
        line: 8,
        column: 10,
        code: "empty",
        message: "the answer is empty",
    },
    Case {
        file: "choice-missing-answer.toml",
        line: 10,
        column: 11,
        code: "bad-choices",
        message: "the answer `Karachi` is not among the choices",
    },
    Case {
        file: "choice-answer-twice.toml",
        line: 10,
        column: 11,
        code: "bad-choices",
        message: "the choices `Karachi` and `Karachi` are the same",
    },
    Case {
        file: "bad-year.toml",
        line: 9,
        column: 10,
        code: "bad-year",
        message: "`mid-fifties` is not a year",
    },
    Case {
        file: "bad-truefalse.toml",
        line: 9,
        column: 10,
        code: "bad-truefalse",
        message: "a true/false card's answer must be true or false, not `yes`",
    },
    Case {
        file: "bad-retention.toml",
        line: 6,
        column: 13,
        code: "bad-retention",
        message: "retention 1.5 is outside 0.7–0.99",
    },
    Case {
        file: "bad-step.toml",
        line: 6,
        column: 25,
        code: "bad-duration",
        message: "duration `10 minutes` is not a duration",
    },
    Case {
        file: "invalid-utf8.toml",
        line: 3,
        column: 13,
        code: "invalid-utf8",
        message: "the file is not valid UTF-8 (byte 0xe9 at offset 35)",
    },
    Case {
        file: "missing-deck.toml",
        line: 1,
        column: 1,
        code: "missing-key",
        message: "the file has no [deck] table",
    },
    Case {
        file: "bad-cloze.toml",
        line: 8,
        column: 8,
        code: "bad-cloze",
        message: "the cloze text has a `{{` that is never closed by `}}`",
    },
    Case {
        file: "not-applicable.toml",
        line: 10,
        column: 11,
        code: "not-applicable",
        message: "`choices` does not apply to a year card",
    },
    Case {
        file: "bad-kind.toml",
        line: 7,
        column: 8,
        code: "bad-kind",
        message: "unknown card kind `multiple-choice`",
    },
];

#[test]
fn each_broken_fixture_reports_its_located_error_with_a_hint() {
    for case in BROKEN {
        let loaded = load_file(&fixture(&format!("broken/{}", case.file)));
        assert!(
            loaded.deck.is_none(),
            "{}: loaded despite errors",
            case.file
        );
        let first_error = loaded
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap_or_else(|| panic!("{}: no error reported", case.file));
        assert_eq!(
            (
                first_error.line,
                first_error.column,
                first_error.code,
                first_error.message.as_str()
            ),
            (case.line, case.column, case.code, case.message),
            "{}",
            case.file
        );
        assert!(first_error.hint.is_some(), "{}: no hint", case.file);
        assert!(
            first_error.file.ends_with(case.file),
            "{}: diagnostic names {}",
            case.file,
            first_error.file
        );
    }
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    let loaded = load_file(&fixture("broken/many-problems.toml"));
    let found: Vec<(u32, &str)> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.line, d.code))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "bad-id"),
            (5, "unknown-key"),
            (8, "bad-retention"),
            (9, "bad-duration"),
            (14, "bad-year"),
            (17, "duplicate-id"),
            (19, "unknown-key"),
            (24, "bad-truefalse"),
        ]
    );
}

#[test]
fn unknown_keys_suggest_the_closest_known_key() {
    let loaded = load_file(&fixture("broken/unknown-key.toml"));
    assert_eq!(
        loaded.diagnostics[0].hint.as_deref(),
        Some("did you mean `question`?")
    );
}

#[test]
fn valid_fixtures_load_without_diagnostics() {
    for file in ["minimal.toml", "layouts.toml", "inline-cards.toml"] {
        let loaded = load_file(&fixture(&format!("valid/{file}")));
        assert!(
            loaded.diagnostics.is_empty(),
            "{file}: {:?}",
            loaded.diagnostics
        );
        assert!(loaded.deck.is_some(), "{file}");
    }
}

#[test]
fn multi_line_strings_and_dotted_keys_load_as_written() {
    let deck = load_file(&fixture("valid/layouts.toml"))
        .deck
        .expect("valid deck");
    assert_eq!(deck.title, "Literal \"title\"");
    assert!(deck.schedule.learning_steps.is_empty());
    assert!((deck.schedule.retention - 0.85).abs() < 1e-6);
    assert_eq!(deck.notes[0].question, "Which answer spans\ntwo lines?");
    assert_eq!(deck.notes[0].answer, "Multi-line\nanswer");
    assert_eq!(deck.notes[1].answer, "2.5");
}

#[test]
fn a_file_over_16_mib_is_refused_without_reading_it_all() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path = dir.path().join("huge.toml");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(16 * 1024 * 1024 + 1)
        .expect("grow sparse file");
    let loaded = load_file(&path);
    assert_eq!(loaded.diagnostics.len(), 1);
    assert_eq!(loaded.diagnostics[0].code, "too-large");
    assert_eq!(
        loaded.diagnostics[0].message,
        "the file is 16.0 MiB; decks are limited to 16 MiB"
    );
}

#[test]
fn a_missing_file_is_reported_not_panicked() {
    let loaded = load_file(&fixture("broken/does-not-exist.toml"));
    assert_eq!(loaded.diagnostics[0].code, "not-found");
    assert_eq!(loaded.diagnostics[0].message, "file not found");
}

#[test]
fn utf16_files_get_a_specific_hint() {
    let mut bytes = vec![0xff, 0xfe];
    for unit in "[deck]".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let loaded = load_bytes(&bytes, Origin::File("utf16.toml".into()));
    assert_eq!(loaded.diagnostics[0].code, "invalid-utf8");
    assert_eq!(
        loaded.diagnostics[0].hint.as_deref(),
        Some("the file looks like UTF-16; save it as UTF-8")
    );
}

#[test]
fn arbitrary_bytes_never_panic_the_loader() {
    // A few hostile inputs beyond the fixtures; the property test in the library covers more.
    let inputs: &[&[u8]] = &[
        b"",
        b"\0\0\0",
        b"[[card]]\n[[card]]\n",
        b"[deck]\nid = 1\ntitle = []\n[deck.schedule]\nretention = \"high\"",
        b"card = 5",
        b"deck = 5",
        b"[deck]\n[deck.schedule]\nlearning_steps = [1, 2]",
        b"[deck]\nid=\"x\"\ntitle=\"x\"\n[[card]]\nkind=\"cloze\"\ntext=\"{{}}\"",
        b"[deck]\nid=\"x\"\ntitle=\"x\"\n[[card]]\nkind=\"choice\"\nquestion=\"q\"\nanswer=\"a\"\nchoices=[]",
        "[deck]\nid=\"x\"\ntitle=\"\u{1b}[2J\"\n".as_bytes(),
    ];
    for input in inputs {
        let loaded = load_bytes(input, Origin::File("hostile.toml".into()));
        assert!(
            loaded.deck.is_some() || !loaded.diagnostics.is_empty(),
            "{input:?}: neither a deck nor a diagnostic"
        );
    }
}
