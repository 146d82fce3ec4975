//! What recall writes for machines and spreadsheets (issue 12, defects 8 and 9): `--json`
//! output escapes every invisible or control character, CSV and TSV cells cannot become
//! formulas in any spreadsheet locale, and `check`'s one-line diagnostics stay one line each
//! and of a readable length, whatever the deck holds.

use std::path::PathBuf;

use crate::support::{Env, Output};

/// Characters a JSON document may carry escaped but never raw: C0 and C1 controls, DEL, the
/// Unicode line separators and the bidirectional and format controls.
fn is_unsafe_raw(c: char) -> bool {
    c.is_control() && c != '\n'
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{206f}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

#[track_caller]
fn assert_no_raw_controls(what: &str, text: &str) {
    let bad: Vec<String> = text
        .chars()
        .filter(|&c| is_unsafe_raw(c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    assert!(bad.is_empty(), "{what} prints {bad:?} raw:\n{text}");
}

/// Text with a C1 CSI, a C1 NEL, a DEL, a right-to-left override, an isolate, an Arabic letter
/// mark and a line separator: each would reach a terminal that `cat`s or `jq`s the output.
const INVISIBLE: &str = "a\u{9b}2J\u{85}\u{7f}\u{202e}b\u{2066}\u{61c}\u{2028}c";

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_graphic() || c == ' ' {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        } else {
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        }
    }
    out.push('"');
    out
}

fn invisible_deck(env: &Env) -> PathBuf {
    let text = toml_string(INVISIBLE);
    env.write(
        "decks/h.toml",
        format!(
            "[deck]\nid = \"h\"\ntitle = {text}\n\n[[card]]\nid = \"c\"\nquestion = {text}\n\
             answer = \"A\"\nexplain = {text}\nsource = {text}\n"
        ),
    )
}

#[test]
fn json_output_escapes_c1_controls_and_bidi_overrides() {
    let env = Env::new();
    let deck = invisible_deck(&env);
    let deck = deck.to_str().expect("path");
    env.recall(["drill", "--seed", "1", "--name", INVISIBLE])
        .run()
        .success();
    let commands: [&[&str]; 9] = [
        &["list", "--json"],
        &["due", "--json"],
        &["card", "h/c", "--json"],
        &["answer", "h/c", INVISIBLE, "--json"],
        &["rate", "h/c", "good", "--json"],
        &["stats", "--json"],
        &["results", "--format", "json"],
        &["export", deck, "--format", "json"],
        &["check", "--format", "json"],
    ];
    for args in commands {
        let out = env.recall(args).run();
        out.success();
        assert_no_raw_controls(&args.join(" "), &out.stdout);
        // Escaped, not removed: the JSON still says exactly what the deck says.
        if ["list", "card", "export"].contains(&args[0]) {
            assert!(
                out.json().to_string().contains(INVISIBLE),
                "{}: {}",
                args.join(" "),
                out.stdout
            );
        }
    }
    let exported = env.cwd.path().join("attempts.json");
    env.recall(["results", "--export"])
        .arg_path(&exported)
        .run()
        .success();
    assert_no_raw_controls(
        "results --export",
        &std::fs::read_to_string(&exported).expect("exported"),
    );
    // A diagnostic quoting deck text, in JSON.
    env.write(
        "decks/bad.toml",
        format!(
            "[deck]\nid = \"bad\"\ntitle = \"B\"\n\n[[card]]\nid = \"c\"\nquestion = \"Q\"\n\
             answer = \"A\"\n{} = 1\n",
            toml_string(INVISIBLE)
        ),
    );
    let out = env.recall(["check", "--format", "json"]).run();
    out.code(1);
    assert_no_raw_controls("check --format json", &out.stdout);
    assert!(out.stdout.contains("\\u009b"), "{}", out.stdout);
}

fn run_in(env: &Env, args: &[&str]) -> Output {
    env.recall(args).run()
}

/// Regression: a key, an id or a value with line breaks printed a diagnostic over several
/// lines, the later ones free to say anything (`decks/x.toml:1:1: error[…]: forged`).
#[test]
fn deck_text_cannot_forge_check_output_lines() {
    let env = Env::new();
    let forged = "x\nforged.toml:1:1: error[forged]: forged line\r\nand\u{2028}more";
    env.write(
        "decks/f.toml",
        format!(
            "[deck]\nid = \"f\"\ntitle = \"F\"\n\n[[card]]\nid = {id}\nquestion = \"Q\"\n\
             answer = \"A\"\n{key} = 1\n\n[[card]]\nid = \"k\"\nkind = {id}\nquestion = \"Q\"\n\
             answer = \"A\"\n",
            id = toml_string(forged),
            key = toml_string(forged),
        ),
    );
    let out = run_in(&env, &["check"]);
    out.code(1);
    for line in out.stdout.lines() {
        assert!(
            line.starts_with("decks/f.toml:")
                || line.starts_with("  hint: ")
                || line.contains(" deck"),
            "a line that is not a diagnostic, a hint or the summary: {line:?}\n{}",
            out.stdout
        );
    }
    assert!(!out.stdout.contains("\nforged.toml"), "{}", out.stdout);
    assert!(
        out.stdout.contains("forged line"),
        "the value is still shown: {}",
        out.stdout
    );
}

/// Regression: a multi-megabyte key, id or kind was echoed whole, once per diagnostic.
#[test]
fn diagnostics_cut_huge_values_with_an_ellipsis() {
    let env = Env::new();
    let huge = "x".repeat(3 * 1024 * 1024);
    env.write(
        "decks/big.toml",
        format!(
            "[deck]\nid = \"big\"\ntitle = \"B\"\n\n[[card]]\nid = \"a\"\nkind = \"{huge}\"\n\
             question = \"Q\"\nanswer = \"A\"\n\n[[card]]\nid = \"{huge}\"\nquestion = \"Q2\"\n\
             answer = \"A\"\n{} = 1\n",
            &huge[..200_000]
        ),
    );
    for format in ["text", "json"] {
        let out = run_in(&env, &["check", "--format", format, "decks/big.toml"]);
        out.code(1);
        assert!(
            out.stdout.len() < 10_000,
            "check --format {format} printed {} bytes",
            out.stdout.len()
        );
        assert!(out.stdout.contains("xxx…"), "{}", out.stdout);
        assert!(out.stdout.contains("unknown-key"), "{}", out.stdout);
        assert!(out.stdout.contains("bad-kind"), "{}", out.stdout);
    }
}

/// Regression: `import` printed the reasons for skipped rows and the names of ignored columns
/// raw: escape sequences, line breaks and megabytes from the source reached the terminal.
#[test]
fn import_notes_and_skipped_rows_are_inert_one_line_and_bounded() {
    let env = Env::new();
    let hostile = "\u{1b}]52;c;cm0gLXJmIH4K\u{7}\u{1b}[2J\u{9b}2J\u{202e}";
    let huge = "k".repeat(2 * 1024 * 1024);
    let source = env.write(
        "cards.csv",
        format!(
            "question,answer,kind,\"col{hostile}\"\nQ1,A1,\"{hostile}\nforged line\",x\n\
             Q2,A2,{huge},x\nQ3,A3,text,x\n"
        ),
    );
    let out = env
        .recall(["import", "--dry-run", "--into", "decks/new.toml"])
        .arg_path(&source)
        .run();
    out.success();
    assert_no_raw_controls("import --dry-run", &out.stdout);
    assert!(out.stdout.len() < 10_000, "{} bytes", out.stdout.len());
    assert!(
        !out.stdout.lines().any(|l| l.starts_with("forged")),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("kkk…"), "{}", out.stdout);
    assert!(out.stdout.contains("2 skipped"), "{}", out.stdout);
}

/// Values that become live formulas in a spreadsheet when a cell starts with them: directly,
/// after a `;` (a spreadsheet in a locale that splits on semicolons), after a comma or a tab.
const FORMULAS: [&str; 6] = [
    "=1+1",
    "x;=1+1;=cmd|' /C calc'!A0;",
    "a,@SUM(A1)",
    "+92 51 123",
    "-2+3+cmd|' /C calc'!A0",
    "t\t=HYPERLINK(\"http://x\")",
];

/// Whether a spreadsheet could read a formula in `text`, however it splits lines into cells:
/// every stretch after a line start, a comma, a semicolon or a tab (quotes ignored, as a
/// spreadsheet splitting on another separator would) must not start with `= + - @`, unless
/// it is a plain number.
#[track_caller]
fn assert_no_formula(what: &str, text: &str) {
    let number = |s: &str| {
        s.strip_prefix(['-', '+'])
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    for line in text.lines() {
        for cell in line.split([',', ';', '\t']) {
            let cell = cell.trim_start_matches('"').trim_end_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@']) || number(cell),
                "{what}: a spreadsheet reads `{cell}` as a formula in the line\n{line}"
            );
        }
    }
}

fn formula_deck(env: &Env) -> PathBuf {
    let mut deck = String::from("[deck]\nid = \"f\"\ntitle = \"Formulas\"\n");
    for (i, formula) in FORMULAS.iter().enumerate() {
        let text = toml_string(formula);
        deck.push_str(&format!(
            "\n[[card]]\nid = \"c{i}\"\nquestion = {text}\nanswer = {text}\nexplain = {text}\n\
             source = \"s\"\ntags = [\"t\"]\n"
        ));
    }
    deck.push_str(
        "\n[[card]]\nid = \"minus\"\nkind = \"number\"\nquestion = \"2 - 7?\"\nanswer = \"-5\"\n\
         explain = \"e\"\nsource = \"s\"\n",
    );
    env.write("decks/f.toml", deck)
}

/// Regression: `export --format csv|tsv|anki` did no defusing at all, and the class report's
/// CSV missed `;`: cells became live formulas.
#[test]
fn exports_defuse_formulas_and_import_back_unchanged() {
    let env = Env::new();
    let deck = formula_deck(&env);
    let deck = deck.to_str().expect("path");
    let original = env.recall(["export", deck, "--format", "json"]).run();
    original.success();
    let original_cards = original.json()["cards"].clone();
    for (format, extension) in [("csv", "csv"), ("tsv", "tsv"), ("anki", "txt")] {
        let out = env.recall(["export", deck, "--format", format]).run();
        out.success();
        assert_no_formula(&format!("export --format {format}"), &out.stdout);
        // A number column stays a number.
        assert!(out.stdout.contains("-5"), "{}", out.stdout);
        assert!(!out.stdout.contains("'-5"), "{}", out.stdout);
        // Imported back, every card says what it said.
        let file = env.write(&format!("back.{extension}"), &out.stdout);
        let target = format!("decks/back-{format}.toml");
        let id = format!("back-{format}");
        env.recall(["import", "--into", &target, "--id", &id])
            .arg_path(&file)
            .run()
            .success();
        let back = env.recall(["export", &target, "--format", "json"]).run();
        back.success();
        let back_cards = back.json()["cards"].clone();
        let fields: &[&str] = if format == "anki" {
            &["question", "answer"]
        } else {
            &["question", "answer", "explain", "tags", "kind"]
        };
        for (before, after) in original_cards
            .as_array()
            .expect("cards")
            .iter()
            .zip(back_cards.as_array().expect("cards"))
        {
            for field in fields {
                assert_eq!(before[field], after[field], "{format}: {field}");
            }
        }
    }
}

#[test]
fn the_class_report_and_results_csv_defuse_formulas() {
    let env = Env::new();
    env.write(
        "decks/study.toml",
        std::fs::read_to_string(crate::support::fixture("valid/study.toml")).expect("fixture"),
    );
    for name in FORMULAS {
        env.recall(["drill", "--seed", "1", &format!("--name={name}")])
            .run()
            .success();
    }
    let out = env.recall(["results", "--format", "csv"]).run();
    out.success();
    assert_no_formula("results --format csv", &out.stdout);
    assert!(out.stdout.contains("x;'=1+1"), "{}", out.stdout);
    let out = env.recall(["report", "--local", "--format", "csv"]).run();
    out.success();
    assert_no_formula("report --format csv", &out.stdout);
    assert!(out.stdout.contains("x;'=1+1"), "{}", out.stdout);
}
