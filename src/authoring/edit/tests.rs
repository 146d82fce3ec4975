use std::collections::HashSet;
use std::path::Path;

use super::*;
use crate::deck::load_str;

fn origin() -> Origin {
    Origin::File("deck.toml".into())
}

fn entry(id: &str, question: &str, answer: &str) -> Entry {
    Entry {
        id: Some(id.into()),
        question: question.into(),
        answer: answer.into(),
        ..Entry::default()
    }
}

fn fmt(text: &str) -> Formatted {
    format(text, &origin(), |_| HashSet::new()).expect("formats")
}

/// Lines of `after` that are not in `before`, when `after` is `before` with lines inserted.
fn inserted_lines(before: &str, after: &str) -> Vec<String> {
    let old: Vec<&str> = before.lines().collect();
    let mut inserted = Vec::new();
    let mut i = 0;
    for line in after.lines() {
        if old.get(i) == Some(&line) {
            i += 1;
        } else {
            inserted.push(line.to_owned());
        }
    }
    assert_eq!(i, old.len(), "every original line is kept, in order");
    inserted
}

const HAND_WRITTEN: &str = "\
# My deck: written by hand.

[deck]
id = \"hand\"
title = \"Hand-written\"   # the title

# --- alliances ---

[[card]]
kind = \"year\"
question = \"Which year did Pakistan join CENTO?\"
answer = \"1955\"   # not 1954
explain = \"A year after SEATO.\"
source = \"CENTO in 1955\"

[[card]]
id = \"kosygin\"
question = \"First name of Kosygin?\"
answer = \"Alexei\"
accept = [\"Alexi\"]
explain = \"Spelt both ways.\"
source = \"Alexei Kosygin\"
";

#[test]
fn rendered_cards_know_the_lines_of_their_fields() {
    let mut card = entry("x", "Q?", "A");
    card.explain = Some("one\ntwo".into());
    card.tags = vec!["t".into()];
    let rendered = render_card(&card, None);
    assert_eq!(
        rendered.text,
        "[[card]]\nid = \"x\"\nquestion = \"Q?\"\nanswer = \"A\"\nexplain = \"\"\"\none\ntwo\"\"\"\ntags = [\"t\"]\n"
    );
    assert_eq!(rendered.field_at(1), None);
    assert_eq!(rendered.field_at(4), Some(Field::Answer));
    assert_eq!(rendered.field_at(7), Some(Field::Explain));
    assert_eq!(rendered.field_at(8), Some(Field::Tags));
}

#[test]
fn rendered_values_follow_their_kind() {
    let tf = Entry {
        kind: Kind::TrueFalse,
        question: "Q".into(),
        answer: "true".into(),
        ..Entry::default()
    };
    assert!(render_card(&tf, None).text.contains("answer = true\n"));
    let number = Entry {
        kind: Kind::Number,
        question: "Q".into(),
        answer: "3".into(),
        tolerance: Some(1.0),
        ..Entry::default()
    };
    assert!(render_card(&number, None).text.contains("tolerance = 1\n"));
    let cloze = Entry {
        kind: Kind::Cloze,
        text: "A {{b}}".into(),
        answer: "ignored".into(),
        ..Entry::default()
    };
    let text = render_card(&cloze, None).text;
    assert!(
        text.contains("kind = \"cloze\"") && !text.contains("answer"),
        "{text}"
    );
}

#[test]
fn appending_keeps_the_file_byte_for_byte() {
    let out = append_cards(HAND_WRITTEN, &[entry("new", "New?", "yes")]).expect("appends");
    assert!(out.starts_with(HAND_WRITTEN));
    assert_eq!(
        &out[HAND_WRITTEN.len()..],
        "\n[[card]]\nid = \"new\"\nquestion = \"New?\"\nanswer = \"yes\"\n"
    );
    assert!(load_str(&out, origin()).deck.is_some());
}

#[test]
fn appending_to_a_file_without_final_newline_or_with_crlf() {
    let text = "[deck]\nid = \"d\"\ntitle = \"D\" # no newline";
    let out = append_cards(text, &[entry("a", "Q?", "A")]).expect("appends");
    assert!(out.starts_with(text));
    assert!(out[text.len()..].starts_with("\n\n[[card]]\n"));
    let crlf = "[deck]\r\nid = \"d\"\r\ntitle = \"D\"\r\n";
    let out = append_cards(crlf, &[entry("a", "Q?", "A")]).expect("appends");
    assert!(out.starts_with(crlf));
    assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
}

#[test]
fn appending_to_inline_cards_extends_the_array() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/inline-cards.toml"),
    )
    .expect("fixture");
    let out = append_cards(&text, &[entry("c", "Third?", "3")]).expect("appends");
    let deck = load_str(&out, origin()).deck.expect("still valid");
    assert_eq!(deck.notes.len(), 3);
    assert_eq!(deck.notes[2].id.as_str(), "c");
    assert!(out.contains("\n  { id = \"c\""), "{out}");
}

#[test]
fn updates_keep_comments_and_untouched_text() {
    let mut changed = entry("kosygin", "First name of Kosygin?", "Aleksei");
    changed.accept = vec![];
    changed.explain = Some("Spelt both ways.".into());
    changed.source = Some("Alexei Kosygin".into());
    changed.tags = vec!["leaders".into()];
    let before = Entry::from_note(&load_str(HAND_WRITTEN, origin()).deck.expect("valid").notes[1]);
    let update = CardUpdate {
        index: 1,
        before,
        after: changed,
    };
    let out = update_cards(HAND_WRITTEN, &[update], &[]).expect("updates");
    let expected = HAND_WRITTEN
        .replace("answer = \"Alexei\"", "answer = \"Aleksei\"")
        .replace("accept = [\"Alexi\"]\n", "")
        .replace(
            "source = \"Alexei Kosygin\"\n",
            "source = \"Alexei Kosygin\"\ntags = [\"leaders\"]\n",
        );
    assert_eq!(out, expected);
}

#[test]
fn an_update_leaves_unchanged_values_as_written() {
    let text = "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[card]]\nkind = \"year\"\nquestion = \"\"\"\nWhen?\"\"\"\nanswer = 1955\nexplain = 'x'\n";
    let before = Entry::from_note(&load_str(text, origin()).deck.expect("valid").notes[0]);
    let mut after = before.clone();
    after.tags = vec!["t".into()];
    let update = CardUpdate {
        index: 0,
        before,
        after,
    };
    let out = update_cards(text, &[update], &[]).expect("updates");
    assert_eq!(out, format!("{text}tags = [\"t\"]\n"));
}

#[test]
fn updating_and_appending_together_keep_crlf_line_ends() {
    let text = "[deck]\r\nid = \"d\"\r\ntitle = \"D\"\r\n\r\n[[card]]\r\nid = \"a\"\r\nquestion = \"Q?\"\r\nanswer = \"x\"\r\n";
    let before = entry("a", "Q?", "x");
    let update = CardUpdate {
        index: 0,
        after: entry("a", "Q?", "y"),
        before,
    };
    let out = update_cards(text, &[update], &[entry("b", "R?", "z")]).expect("updates");
    assert_eq!(
        out,
        text.replace("answer = \"x\"", "answer = \"y\"")
            + "\r\n[[card]]\r\nid = \"b\"\r\nquestion = \"R?\"\r\nanswer = \"z\"\r\n"
    );
}

#[test]
fn an_update_keeps_a_trailing_comment_and_moves_a_comment_of_a_removed_key() {
    let text = "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[card]]\nquestion = \"Q\"\n# about the hint\nhint = \"h\"\nanswer = \"a\"   # keep me\n";
    let new = Entry {
        question: "Q".into(),
        answer: "b".into(),
        ..Entry::default()
    };
    let before = Entry::from_note(&load_str(text, origin()).deck.expect("valid").notes[0]);
    let update = CardUpdate {
        index: 0,
        before,
        after: new,
    };
    let out = update_cards(text, &[update], &[]).expect("updates");
    assert_eq!(
        out,
        "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[card]]\nquestion = \"Q\"\n# about the hint\nanswer = \"b\"   # keep me\n"
    );
}

#[test]
fn format_adds_only_id_lines_to_a_tidy_hand_written_deck() {
    let formatted = fmt(HAND_WRITTEN);
    assert_eq!(
        inserted_lines(HAND_WRITTEN, &formatted.text),
        ["id = \"which-year-did-pakistan-join-cento\""]
    );
    assert_eq!(
        formatted.added_ids,
        [(0, "which-year-did-pakistan-join-cento".to_owned())]
    );
    // The id goes first in its card.
    assert!(
        formatted
            .text
            .contains("[[card]]\nid = \"which-year-did-pakistan-join-cento\"\nkind = \"year\"")
    );
}

#[test]
fn format_changes_nothing_in_the_repository_decks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in [
        "decks/pakistan-soviet-relations.toml",
        "docs/examples/format-tour.toml",
        "tests/fixtures/valid/study.toml",
        "tests/fixtures/valid/minimal.toml",
    ] {
        let text = std::fs::read_to_string(root.join(path)).expect("deck");
        let formatted = fmt(&text);
        assert!(formatted.added_ids.is_empty(), "{path}");
        assert_eq!(formatted.text, text, "{path}");
    }
}

const MESSY: &str = "\
# top comment
[deck]
title = \"Messy\"
  id   =   \"messy\"


[[card]]
  answer=\"a\"      # answer comment   
    # a comment about the question
  question = \"First?\"
id = \"first\"


explain = \"e\"
source = \"s\"
[[card]]   
question = 'Second?'
answer = \"\"\"
multi
line\"\"\"
# the end


";

#[test]
fn format_normalizes_layout_and_keeps_comments() {
    let formatted = fmt(MESSY);
    assert_eq!(
        formatted.text,
        "\
# top comment
[deck]
id = \"messy\"
title = \"Messy\"

[[card]]
id = \"first\"
# a comment about the question
question = \"First?\"
answer = \"a\"      # answer comment
explain = \"e\"
source = \"s\"

[[card]]
id = \"second\"
question = 'Second?'
answer = \"\"\"
multi
line\"\"\"

# the end
"
    );
}

#[test]
fn format_is_idempotent() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let layouts =
        std::fs::read_to_string(root.join("tests/fixtures/valid/layouts.toml")).expect("deck");
    let inline =
        std::fs::read_to_string(root.join("tests/fixtures/valid/inline-cards.toml")).expect("deck");
    for text in [MESSY, HAND_WRITTEN, layouts.as_str(), inline.as_str()] {
        let once = fmt(text).text;
        let twice = fmt(&once);
        assert_eq!(twice.text, once);
        assert!(twice.added_ids.is_empty());
    }
}

#[test]
fn format_keeps_crlf_line_ends_and_a_byte_order_mark() {
    let text = format!("\u{feff}{}", MESSY.replace('\n', "\r\n"));
    let formatted = fmt(&text);
    assert!(formatted.text.starts_with('\u{feff}'));
    assert_eq!(
        formatted.text.trim_start_matches('\u{feff}'),
        fmt(MESSY).text.replace('\n', "\r\n")
    );
}

#[test]
fn format_keeps_the_hashed_id_of_a_reviewed_card() {
    let deck = load_str(HAND_WRITTEN, origin()).deck.expect("valid");
    let hashed = deck.notes[0].id.to_string();
    assert!(hashed.starts_with("q-"));
    let reviewed: HashSet<String> = [hashed.clone()].into();
    let formatted = format(HAND_WRITTEN, &origin(), |id| {
        assert_eq!(*id, deck.id, "asked for the deck's own id");
        reviewed
    })
    .expect("formats");
    assert_eq!(formatted.added_ids, [(0, hashed)]);
}

#[test]
fn format_gives_unique_ids_to_cards_with_the_same_slug() {
    // Slugs stop at a word boundary within 48 characters, so long questions can share one.
    let long = "one two three four five six seven eight nine ten";
    let text = format!(
        "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[card]]\nid = \"one-two-three-four-five-six-seven-eight-nine-ten\"\nquestion = \"Other\"\nanswer = \"a\"\n\n[[card]]\nquestion = \"{long} eleven?\"\nanswer = \"b\"\n\n[[card]]\nquestion = \"{long} twelve?\"\nanswer = \"c\"\n"
    );
    let ids: Vec<String> = fmt(&text).added_ids.into_iter().map(|(_, id)| id).collect();
    assert_eq!(
        ids,
        [
            "one-two-three-four-five-six-seven-eight-nine-ten-2",
            "one-two-three-four-five-six-seven-eight-nine-ten-3"
        ]
    );
}

#[test]
fn format_refuses_a_deck_with_errors() {
    let error = format(
        "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nquestion = \"Q\"\n",
        &origin(),
        |_| -> HashSet<String> { panic!("review history asked for an invalid deck") },
    )
    .expect_err("no answer");
    let FormatError::Invalid(diagnostics) = error else {
        panic!("expected the diagnostics, got {error:?}");
    };
    assert_eq!(diagnostics[0].code, "missing-key");
}

#[test]
fn inline_cards_get_their_id_first() {
    let text =
        "card = [{ question = \"Q?\", answer = \"a\" }]\n\n[deck]\nid = \"d\"\ntitle = \"D\"\n";
    let formatted = fmt(text);
    assert!(
        formatted
            .text
            .starts_with("card = [{ id = \"q\", question = \"Q?\", answer = \"a\" }]\n"),
        "{}",
        formatted.text
    );
}

#[test]
fn new_decks_are_valid_and_commented() {
    let header = Header {
        schedule: vec![("retention".into(), "0.85".into())],
        ..Header::titled("My \"quoted\" deck")
    };
    let text = new_deck("line one\n\nline three", &header, &[entry("a", "Q?", "A")]);
    assert!(text.starts_with("# line one\n#\n# line three\n\n[deck]\nid = \"my-quoted-deck\"\n"));
    assert!(text.contains("[deck.schedule]\nretention = 0.85\n"));
    let deck = load_str(&text, origin()).deck.expect("valid");
    assert_eq!(deck.title, "My \"quoted\" deck");
}

#[test]
fn a_file_starting_with_dotted_keys_keeps_the_blank_line_before_its_first_table() {
    let text = "deck.id = \"d\"\ndeck.title = \"D\"\n\n[[card]]\nid = \"a\"\nquestion = \"Q\"\nanswer = \"A\"\n";
    assert_eq!(fmt(text).text, text);
}

proptest::proptest! {
    #[test]
    fn plain_text_is_written_as_toml_edit_writes_it(text in "[ -~]{0,30}|\\PC{0,10}") {
        if is_plain(&text) {
            proptest::prop_assert_eq!(
                value_text(&Value::from(text.as_str())),
                format!("\"{text}\"")
            );
        }
    }

    #[test]
    fn cards_render_as_toml_edit_writes_their_values(
        question in "[ -~]{0,20}|\\PC{0,10}",
        answer in "[ -~]{0,10}|true|false",
        explain in proptest::option::of("[ -~]{0,20}"),
        kind in proptest::sample::select(Kind::ALL.to_vec()),
    ) {
        let entry = Entry {
            id: Some("an-id".into()),
            kind,
            question,
            answer,
            explain,
            ..Entry::default()
        };
        let mut slow = String::from("[[card]]\n");
        for field in Field::ALL {
            if let Some(value) = field_value(&entry, field) {
                slow.push_str(&format!("{} = {}\n", field.key(), value_text(&value)));
            }
        }
        proptest::prop_assert_eq!(render_card(&entry, None).text, slow);
    }
}

#[test]
fn rendering_into_a_buffer_writes_what_render_card_writes() {
    let entries = [
        Entry {
            id: Some("capital".into()),
            question: "Capital of \"Pakistan\"?".into(),
            answer: "Islamabad".into(),
            accept: vec!["Isb".into()],
            tags: vec!["geo".into(), "two words".into()],
            explain: Some("line 1\nline 2".into()),
            ..Entry::default()
        },
        Entry {
            kind: Kind::TrueFalse,
            question: "Is it?".into(),
            answer: "true".into(),
            ..Entry::default()
        },
        Entry {
            kind: Kind::Number,
            question: "How many?".into(),
            answer: "3".into(),
            tolerance: Some(0.5),
            ..Entry::default()
        },
        Entry {
            kind: Kind::Cloze,
            text: "Paris is {{the capital}}.".into(),
            ..Entry::default()
        },
    ];
    let mut buffer = String::from("left over");
    for entry in &entries {
        buffer.clear();
        render_card_into(entry, &mut buffer);
        assert_eq!(buffer, render_card(entry, None).text, "{entry:?}");
    }
}
