use super::*;
use crate::authoring::formats::tests::EVERY_KIND;
use crate::authoring::formats::{ReadOptions, read, write};
use crate::deck::{Kind, Origin, load_str};

fn deck(text: &str) -> Deck {
    let loaded = load_str(text, Origin::File("deck.toml".into()));
    loaded
        .deck
        .unwrap_or_else(|| panic!("valid deck: {:?}", loaded.diagnostics))
}

fn parse(text: &str, format: Format) -> Parsed {
    let options = ReadOptions {
        format: Some(format),
        ..ReadOptions::default()
    };
    read(text.as_bytes(), &options).expect("readable").1
}

/// Imports into an existing deck text and returns the new text.
fn import_into(existing: &str, text: &str, format: Format) -> (Plan, String) {
    let target = deck(existing);
    let plan = plan(Some(&target), format, parse(text, format), &[]);
    let out = apply(&plan, Some(existing), &Header::default(), "").expect("applies");
    (plan, out)
}

const SMALL: &str = "[deck]\nid = \"small\"\ntitle = \"Small\"\n\n# The capital.\n[[card]]\nid = \"capital\"\nquestion = \"Capital of Pakistan?\"\nanswer = \"Islamabad\"   # since 1967\n\n[[card]]\nquestion = \"Largest city?\"\nanswer = \"Karachi\"\n";

#[test]
fn rows_are_added_updated_left_or_skipped() {
    let csv = "id,question,answer\n\
               capital,Capital of Pakistan?,Islamabad\n\
               ,Largest city?,Karachi city\n\
               ,Founder of Pakistan?,Jinnah\n\
               ,Empty answer?,\n";
    let (plan, out) = import_into(SMALL, csv, Format::Csv);
    assert_eq!(
        plan.counts(),
        Counts {
            added: 1,
            changed: 1,
            unchanged: 1,
            skipped: 1
        }
    );
    let Action::Skip { place, reason } = &plan.actions[3] else {
        panic!("{:?}", plan.actions[3]);
    };
    assert_eq!(*place, Place::Line(5));
    assert!(reason.contains("empty"), "{reason}");
    // The untouched card keeps its comment; the updated one is changed in place.
    assert!(out.starts_with(
        "[deck]\nid = \"small\"\ntitle = \"Small\"\n\n# The capital.\n[[card]]\nid = \"capital\"\nquestion = \"Capital of Pakistan?\"\nanswer = \"Islamabad\"   # since 1967\n\n[[card]]\nquestion = \"Largest city?\"\nanswer = \"Karachi city\"\n"
    ));
    assert!(out.ends_with(
        "\n[[card]]\nid = \"founder-of-pakistan\"\nquestion = \"Founder of Pakistan?\"\nanswer = \"Jinnah\"\n"
    ));
}

#[test]
fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let csv = "question,answer\nFounder of Pakistan?,Jinnah\nLargest city?,Karachi\n";
    let (first, once) = import_into(SMALL, csv, Format::Csv);
    assert_eq!(first.counts().added, 1);
    let (second, twice) = import_into(&once, csv, Format::Csv);
    assert!(!second.changes_anything(), "{:?}", second.actions);
    assert_eq!(second.counts().unchanged, 2);
    assert_eq!(twice, once);
}

#[test]
fn reimporting_an_export_changes_nothing_in_any_format() {
    let original = deck(EVERY_KIND);
    for format in [Format::Csv, Format::Tsv, Format::Json, Format::Anki] {
        let exported = write(&original, format);
        let (plan, out) = import_into(EVERY_KIND, &exported, format);
        assert!(!plan.changes_anything(), "{format}: {:?}", plan.actions);
        assert_eq!(out, EVERY_KIND, "{format}");
    }
}

#[test]
fn an_edit_made_in_anki_updates_the_card_in_place() {
    let original = deck(EVERY_KIND);
    let exported = write(&original, Format::Anki).replace(
        "Which year did Pakistan join SEATO?",
        "In which year did Pakistan join SEATO?",
    );
    let (plan, out) = import_into(EVERY_KIND, &exported, Format::Anki);
    assert_eq!(plan.counts().changed, 1, "{:?}", plan.actions);
    assert_eq!(
        out,
        EVERY_KIND.replace(
            "question = \"Which year did Pakistan join SEATO?\"",
            "question = \"In which year did Pakistan join SEATO?\""
        )
    );
    // The cloze card keeps its alternatives, which Anki cannot carry.
    assert!(out.contains("{{SEATO|S.E.A.T.O.}}"));
}

#[test]
fn anki_notes_without_recall_ids_keep_their_guid_mapping() {
    let anki = "#separator:tab\n#html:true\n#guid column:1\n\
                Bx0`{9w/3K\tCapital of Pakistan?\tIslamabad\n";
    let empty = "[deck]\nid = \"d\"\ntitle = \"D\"\n";
    let (plan, once) = import_into(empty, anki, Format::Anki);
    let Action::Add { entry, .. } = &plan.actions[0] else {
        panic!("{:?}", plan.actions);
    };
    let id = entry.id.clone().expect("an id");
    assert!(id.starts_with("anki-"), "{id}");
    // The question was edited in Anki; the GUID still finds the card.
    let edited = anki.replace("Capital of Pakistan?", "What is the capital of Pakistan?");
    let (plan, twice) = import_into(&once, &edited, Format::Anki);
    assert_eq!(plan.counts().changed, 1, "{:?}", plan.actions);
    assert_eq!(deck(&twice).notes.len(), 1);
}

#[test]
fn duplicate_rows_in_one_file_are_imported_once() {
    let csv = "id,question,answer\nx,Q1?,A\nx,Q2?,B\n,Same?,C\n,same,D\n";
    let empty = "[deck]\nid = \"d\"\ntitle = \"D\"\n";
    let (plan, out) = import_into(empty, csv, Format::Csv);
    assert_eq!(plan.counts().added, 2, "{:?}", plan.actions);
    assert_eq!(plan.counts().skipped, 2);
    assert_eq!(deck(&out).notes.len(), 2);
}

#[test]
fn invalid_ids_and_kinds_are_skipped_with_reasons() {
    let csv = "id,question,answer,kind\nBad Id,Q?,A,text\nok,Year?,soon,year\n";
    let empty = "[deck]\nid = \"d\"\ntitle = \"D\"\n";
    let (plan, _) = import_into(empty, csv, Format::Csv);
    let reasons: Vec<String> = plan
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Skip { reason, .. } => Some(reason.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(reasons.len(), 2, "{:?}", plan.actions);
    assert!(reasons[0].contains("not a valid card id"));
    assert!(reasons[1].contains("not a year"), "{}", reasons[1]);
}

#[test]
fn extra_tags_are_added_to_every_imported_card() {
    let empty = "[deck]\nid = \"d\"\ntitle = \"D\"\n";
    let target = deck(empty);
    let parsed = parse("Q?,A\n", Format::Csv);
    let plan = plan(Some(&target), Format::Csv, parsed, &["imported".into()]);
    let Action::Add { entry, .. } = &plan.actions[0] else {
        panic!("{:?}", plan.actions);
    };
    assert_eq!(entry.tags, ["imported"]);
}

#[test]
fn quizlet_rows_update_by_question() {
    let (plan, out) = import_into(SMALL, "Largest city?\tKarachi, Sindh\n", Format::Quizlet);
    assert_eq!(plan.counts().changed, 1);
    assert!(out.contains("answer = \"Karachi, Sindh\""));
    let changes = match &plan.actions[0] {
        Action::Update { before, after, .. } => describe_changes(before, after),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        changes,
        [(
            Field::Answer,
            "Karachi".to_owned(),
            "Karachi, Sindh".to_owned()
        )]
    );
}

#[test]
fn a_cloze_row_becomes_a_cloze_card() {
    let json = r#"{"format": "recall-deck", "version": 1, "cards": [
        {"id": "c", "kind": "cloze", "text": "A {{b}} c"}
    ]}"#;
    let empty = "[deck]\nid = \"d\"\ntitle = \"D\"\n";
    let (_, out) = import_into(empty, json, Format::Json);
    let imported = deck(&out);
    assert_eq!(imported.notes[0].kind, Kind::Cloze);
}

/// Reads `csv`, plans the import into a new deck, writes the deck text and checks it as it
/// would be saved: the whole of `recall import` but the file system.
fn import_new(csv: &str) -> usize {
    let plan = plan(None, Format::Csv, parse(csv, Format::Csv), &[]);
    let header = Header::titled("Imported");
    let text = apply(&plan, None, &header, "imported").expect("applies");
    let loaded = crate::authoring::validate_before_write(&text, &Origin::File("x.toml".into()))
        .expect("a valid deck");
    loaded.deck.map_or(0, |d| d.notes.len())
}

#[test]
fn importing_rows_costs_linear_time() {
    let rows = |n: usize| {
        let mut csv = String::from("question,answer\n");
        for i in 0..n {
            csv.push_str(&format!("Question number {i}?,Answer {i}\n"));
        }
        csv
    };
    assert_eq!(import_new(&rows(3)), 3);
    crate::scaling::assert_linear("importing CSV rows", 500, |n| {
        assert_eq!(import_new(&rows(n)), n);
    });
}

#[test]
fn rows_whose_questions_share_a_long_prefix_cost_linear_time() {
    // Every question gives the same slug, so each new id needs a numbered suffix.
    let rows = |n: usize| {
        let mut csv = String::from("question,answer\n");
        let prefix = "which of these long and winding questions is it this time round";
        for i in 0..n {
            csv.push_str(&format!("{prefix} {i}?,Answer {i}\n"));
        }
        csv
    };
    assert_eq!(import_new(&rows(3)), 3);
    crate::scaling::assert_linear("importing rows with one slug", 500, |n| {
        assert_eq!(import_new(&rows(n)), n);
    });
}

#[test]
fn updating_every_card_of_a_deck_costs_linear_time() {
    crate::scaling::assert_linear("re-importing changed rows", 300, |n| {
        let mut existing = String::from("[deck]\nid = \"big\"\ntitle = \"Big\"\n");
        let mut csv = String::from("id,question,answer\n");
        for i in 0..n {
            existing.push_str(&format!(
                "\n[[card]]\nid = \"c{i}\"\nquestion = \"Q{i}?\"\nanswer = \"old\"\n"
            ));
            csv.push_str(&format!("c{i},Q{i}?,new {i}\n"));
        }
        let (plan, out) = import_into(&existing, &csv, Format::Csv);
        assert_eq!(plan.counts().changed, n);
        assert!(out.contains(&format!("new {}", n - 1)));
    });
}

#[test]
fn a_new_deck_is_named_by_the_flags_then_the_source_then_the_file() {
    let from = |title: Option<&str>, header: Option<(&str, &str)>| Parsed {
        title: title.map(str::to_owned),
        header: header.map(|(id, title)| Header {
            id: id.into(),
            title: title.into(),
            ..Header::default()
        }),
        ..Parsed::default()
    };
    // (case, parsed, --title, --id, (id, title))
    let cases = [
        (
            "the file's name",
            from(None, None),
            None,
            None,
            ("my-cards", "my cards"),
        ),
        (
            "the source's title",
            from(Some("Anki Deck"), None),
            None,
            None,
            ("anki-deck", "Anki Deck"),
        ),
        (
            "--title first",
            from(Some("Anki Deck"), None),
            Some(" Mine "),
            None,
            ("mine", "Mine"),
        ),
        (
            "a blank --title is the file's name",
            from(Some("Anki Deck"), None),
            Some("  "),
            None,
            ("my-cards", "my cards"),
        ),
        (
            "--id first",
            from(None, None),
            None,
            Some("given"),
            ("given", "my cards"),
        ),
        (
            "the source's table",
            from(Some("Other"), Some(("kept", "Kept"))),
            None,
            None,
            ("kept", "Kept"),
        ),
        (
            "--title over the table's",
            from(None, Some(("kept", "Kept"))),
            Some("New"),
            None,
            ("kept", "New"),
        ),
        (
            "an invalid id in the table is replaced",
            from(None, Some(("Not An Id", "Kept"))),
            None,
            None,
            ("kept", "Kept"),
        ),
    ];
    for (case, parsed, title, id, (want_id, want_title)) in cases {
        let header = new_header(&parsed, title, id, "my cards");
        assert_eq!(
            (header.id.as_str(), header.title.as_str()),
            (want_id, want_title),
            "{case}"
        );
    }
}

#[test]
fn a_taken_id_is_said_to_come_from_the_source_or_its_name() {
    let with_table = Parsed {
        header: Some(Header {
            id: "kept".into(),
            ..Header::default()
        }),
        ..Parsed::default()
    };
    let plain = Parsed::default();
    let cases = [
        (true, &with_table, None),
        (false, &with_table, Some("from a.json")),
        (false, &plain, Some("named after a.json")),
    ];
    for (given, parsed, expected) in cases {
        assert_eq!(id_source(given, parsed, "a.json").as_deref(), expected);
    }
}

#[test]
fn plans_are_written_only_when_they_change_something_allowed() {
    let place = Place::Line(2);
    let add = Action::Add {
        place,
        entry: Box::default(),
    };
    let skip = Action::Skip {
        place,
        reason: "no answer".into(),
    };
    let same = Action::Unchanged {
        place,
        id: "x".into(),
    };
    let plan = |actions: &[&Action]| Plan {
        actions: actions.iter().map(|a| (*a).clone()).collect(),
        notes: vec![],
    };
    // (plan, creating, dry run, strict, decision)
    let cases = [
        (plan(&[&add]), true, true, true, Decision::DryRun),
        (
            plan(&[&add, &skip]),
            false,
            false,
            true,
            Decision::SkipsRefused,
        ),
        (plan(&[&add, &skip]), false, false, false, Decision::Write),
        (
            plan(&[&skip]),
            true,
            false,
            false,
            Decision::NothingImported,
        ),
        (
            plan(&[&same]),
            true,
            false,
            false,
            Decision::NothingImported,
        ),
        (
            plan(&[&same, &skip]),
            false,
            false,
            false,
            Decision::NothingToChange,
        ),
        (plan(&[]), false, false, false, Decision::NothingToChange),
        (plan(&[&add]), true, false, false, Decision::Write),
    ];
    for (plan, creating, dry_run, strict, expected) in cases {
        assert_eq!(
            decide(&plan, creating, dry_run, strict),
            expected,
            "{plan:?}"
        );
    }
}
