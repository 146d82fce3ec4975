//! Round trips through every format, detection, and hostile input.

use proptest::prelude::*;

use super::*;
use crate::authoring::import::{apply, plan};
use crate::deck::{Deck, Kind, Origin, load_str};

/// A deck with every kind, awkward text (separators, quotes, line breaks, `|`, non-ASCII) and a
/// card without an explicit id.
pub(crate) const EVERY_KIND: &str = r#"
[deck]
id = "every-kind"
title = "Every kind, “quoted”"
description = "For round trips."
tags = ["test"]

[deck.schedule]
retention = 0.85
learning_steps = ["1m"]

[[card]]
id = "text-card"
question = "Capital of Pakistan, \"officially\"?"
answer = "Islamabad"
accept = ["Isb", "Islamabad|ICT", "back\\slash"]
explain = """
Since 1967;
before that, Karachi."""
source = "Islamabad, tab	inside"
tags = ["geo", "two words"]

[[card]]
kind = "number"
question = "How many years after 1947 did Pakistan join CENTO?"
answer = "8"
tolerance = 0.5
hint = "Count them"

[[card]]
id = "year-card"
kind = "year"
question = "Which year did Pakistan join SEATO?"
answer = "1954"
tags = ["alliances"]

[[card]]
id = "choice-card"
kind = "choice"
question = "Where were the steel mills built?"
answer = "Karachi"
choices = ["Karachi", "Peshawar", "Lahore"]
accept = ["Port Qasim"]

[[card]]
id = "tf-card"
kind = "truefalse"
question = "The U-2 incident was in 1960."
answer = true

[[card]]
id = "cloze-card"
kind = "cloze"
question = "Fill in the alliances"
text = "Pakistan joined {{SEATO|S.E.A.T.O.}} in {{1954::year}} & CENTO in 1955."
explain = "Both anti-communist alliances."
"#;

fn deck(text: &str) -> Deck {
    let loaded = load_str(text, Origin::File("deck.toml".into()));
    loaded
        .deck
        .unwrap_or_else(|| panic!("valid deck: {:?}", loaded.diagnostics))
}

/// The deck's cards as exported (every id explicit).
fn cards(deck: &Deck) -> Vec<Entry> {
    export_entries(deck)
}

/// Imports `text` in `format` into a new deck and loads it.
fn import_new(text: &str, format: Format) -> Deck {
    let options = ReadOptions {
        format: Some(format),
        ..ReadOptions::default()
    };
    let (_, parsed) = read(text.as_bytes(), &options).expect("readable");
    let header = parsed
        .header
        .clone()
        .unwrap_or_else(|| Header::titled("Imported"));
    let plan = plan(None, format, parsed, &[]);
    assert_eq!(plan.counts().skipped, 0, "{:?}", plan.actions);
    let written = apply(&plan, None, &header, "").expect("applies");
    deck(&written)
}

#[test]
fn csv_tsv_and_json_round_trip_every_card_exactly() {
    let original = deck(EVERY_KIND);
    for format in [Format::Csv, Format::Tsv, Format::Json] {
        let exported = write(&original, format);
        let imported = import_new(&exported, format);
        assert_eq!(cards(&imported), cards(&original), "{format}");
    }
}

#[test]
fn json_round_trips_the_deck_header_and_schedule() {
    let original = deck(EVERY_KIND);
    let imported = import_new(&write(&original, Format::Json), Format::Json);
    assert_eq!(imported.id, original.id);
    assert_eq!(imported.title, original.title);
    assert_eq!(imported.description, original.description);
    assert_eq!(imported.tags, original.tags);
    assert_eq!(imported.schedule, original.schedule);
}

#[test]
fn anki_round_trips_questions_answers_ids_and_tags() {
    let original = deck(EVERY_KIND);
    let imported = import_new(&write(&original, Format::Anki), Format::Anki);
    assert_eq!(imported.notes.len(), original.notes.len());
    for (before, after) in original.notes.iter().zip(&imported.notes) {
        assert_eq!(before.id, after.id);
        match before.kind {
            Kind::Cloze => assert_eq!(
                after.cloze.as_ref().map(|c| c.text().to_owned()),
                Some("Pakistan joined {{SEATO}} in {{1954::year}} & CENTO in 1955.".into())
            ),
            Kind::Choice => assert!(after.question.starts_with(&before.question)),
            Kind::Text | Kind::Number | Kind::Year | Kind::TrueFalse => {
                assert_eq!(after.question, before.question);
                assert_eq!(after.answer, before.answer);
            }
        }
        let tags: Vec<String> = before.tags.iter().map(|t| t.replace(' ', "_")).collect();
        assert_eq!(after.tags, tags);
    }
}

#[test]
fn the_view_of_a_lossless_format_is_the_card_itself() {
    let original = deck(EVERY_KIND);
    for entry in cards(&original) {
        for format in [Format::Csv, Format::Json] {
            let mut back = Entry {
                id: entry.id.clone(),
                ..Entry::default()
            };
            for (field, value) in view(format, &entry) {
                back.set(field, value);
            }
            assert_eq!(back, entry, "{format}");
        }
    }
}

#[test]
fn the_anki_view_is_what_anki_gives_back() {
    let original = deck(EVERY_KIND);
    let cloze = cards(&original).pop().expect("cloze card");
    let seen = view(Format::Anki, &cloze);
    assert!(seen.contains(&(
        Field::Text,
        FieldValue::Text("Pakistan joined {{SEATO}} in {{1954::year}} & CENTO in 1955.".into())
    )));
    assert!(!seen.iter().any(|(f, _)| *f == Field::Question));
}

#[test]
fn detection_table() {
    let options = |extension: &str| ReadOptions {
        extension: Some(extension.into()),
        ..ReadOptions::default()
    };
    let cases = [
        (
            "anki headers",
            "#separator:tab\n#html:true\nQ\tA\n",
            "txt",
            Format::Anki,
        ),
        (
            "legacy anki tags line",
            "tags:x\nQ\tA\n",
            "txt",
            Format::Anki,
        ),
        (
            "json by content",
            "  {\"format\": \"recall-deck\"}",
            "txt",
            Format::Json,
        ),
        ("csv by extension", "Q\tA\n", "csv", Format::Csv),
        ("tsv by extension", "Q\tA\n", "tsv", Format::Tsv),
        (
            "headerless tabs are quizlet",
            "Term\tDefinition text\n",
            "txt",
            Format::Quizlet,
        ),
        (
            "tabs with a header row are tsv",
            "question\tanswer\nQ\tA\n",
            "txt",
            Format::Tsv,
        ),
        ("commas are csv", "Q,A\nR,B\n", "txt", Format::Csv),
    ];
    for (name, text, extension, expected) in cases {
        assert_eq!(detect(text, &options(extension)), expected, "{name}");
    }
    let quizlet = ReadOptions {
        card_separator: Some(";".into()),
        ..ReadOptions::default()
    };
    assert_eq!(detect("a,b;c,d", &quizlet), Format::Quizlet);
}

#[test]
fn utf16_and_bom_files_are_read() {
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(
        "question,answer\nQ?,Ä\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let (format, parsed) = read(&utf16, &ReadOptions::default()).expect("utf-16");
    assert_eq!(format, Format::Csv);
    assert_eq!(
        parsed.cards[0].get(Field::Answer),
        Some(&FieldValue::Text("Ä".into()))
    );
    let (_, parsed) = read(
        b"\xef\xbb\xbfquestion,answer\nQ?,A\n",
        &ReadOptions::default(),
    )
    .expect("bom");
    assert_eq!(parsed.cards.len(), 1);
}

#[test]
fn unreadable_files_say_where_and_why() {
    let error = read(b"q,a\ncaf\xe9,x\n", &ReadOptions::default()).expect_err("latin-1");
    assert_eq!(error.position(), Some((2, 4)));
    assert!(error.hint().contains("UTF-8"));
    let error = read(b"", &ReadOptions::default()).expect_err("empty");
    assert!(error.to_string().contains("empty"));
    let error = read(b"q,\"a\n", &ReadOptions::default()).expect_err("unclosed");
    assert_eq!(error.position(), Some((1, 3)));
}

proptest! {
    #[test]
    fn reading_arbitrary_bytes_never_panics(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        format in proptest::sample::select(vec![None, Some(Format::Csv), Some(Format::Anki), Some(Format::Quizlet), Some(Format::Json)]),
    ) {
        let options = ReadOptions { format, ..ReadOptions::default() };
        if let Ok((format, parsed)) = read(&bytes, &options) {
            let _ = plan(None, format, parsed, &[]);
        }
    }

    #[test]
    fn reading_arbitrary_text_never_panics(text in "[#a-z:,;\t\n\"{}|\\[\\]<>&0-9 ]{0,200}") {
        for format in [Format::Csv, Format::Tsv, Format::Anki, Format::Quizlet, Format::Json] {
            let options = ReadOptions { format: Some(format), ..ReadOptions::default() };
            if let Ok((format, parsed)) = read(text.as_bytes(), &options) {
                let _ = plan(None, format, parsed, &[]);
            }
        }
    }
}
