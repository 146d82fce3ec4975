use super::*;
use crate::deck::{Origin, load_str};

fn questions(text: &str) -> Vec<(Kind, String, String)> {
    draft(text)
        .entries
        .into_iter()
        .map(|e| {
            let shown = if e.kind == Kind::Cloze {
                e.text
            } else {
                e.question
            };
            (e.kind, shown, e.answer)
        })
        .collect()
}

fn year_questions(text: &str) -> Vec<String> {
    questions(text)
        .into_iter()
        .filter(|(k, _, _)| *k == Kind::Year)
        .map(|(_, q, _)| q)
        .collect()
}

#[test]
fn year_question_table() {
    let cases = [
        (
            "date clause before the subject",
            "Less than a year after independence, in May 1948, both countries established relations.",
            "In which year did both countries establish relations?",
        ),
        (
            "year at the end of the clause",
            "Pakistan joined SEATO in 1954 and CENTO in 1955.",
            "In which year did Pakistan join SEATO?",
        ),
        (
            "passive clause",
            "In December 1991, the Soviet Union was dissolved and succeeded by the Russian Federation.",
            "In which year was the Soviet Union dissolved and succeeded by the Russian Federation?",
        ),
        (
            "an adverb before the verb",
            "Later, in 1965, Khan instead visited Moscow with his ministers.",
            "In which year did Khan instead visit Moscow with his ministers?",
        ),
        (
            "a day and a month",
            "The delegation signed the agreement on 5 June 1965 in Moscow.",
            "In which year did the delegation sign the agreement in Moscow?",
        ),
    ];
    for (name, text, expected) in cases {
        let found = year_questions(text);
        assert_eq!(
            found.first().map(String::as_str),
            Some(expected),
            "{name}: {found:?}"
        );
    }
}

#[test]
fn tangled_sentences_fall_back_to_a_blanked_sentence() {
    let text = "Following Khan's assassination in 1951, relations remained strained as Pakistan joined the alliances.";
    let found = year_questions(text);
    assert_eq!(
        found,
        [
            "In which year did this happen: “Following Khan's assassination in ____, relations remained strained as Pakistan joined the alliances”?"
        ]
    );
}

#[test]
fn the_second_year_of_a_coordination_is_not_garbled() {
    let found = year_questions("Pakistan joined SEATO in 1954 and CENTO in 1955.");
    assert_eq!(found.len(), 2);
    assert!(
        found[1].starts_with("In which year did this happen:"),
        "{found:?}"
    );
    assert!(found[1].contains("1954") && !found[1].contains("1955"));
}

#[test]
fn no_question_contains_its_answer() {
    for (kind, question, answer) in questions(
        "In 1955 the pact of 1955 was signed. Trade grew in 1970, and again in 1971, said Ayub Khan in Karachi.",
    ) {
        if kind == Kind::Year {
            assert!(!question.contains(&answer), "{question}");
        }
    }
}

#[test]
fn cloze_cards_gap_years_and_names() {
    let found = questions(
        "During the Cold War, Prime Minister Liaquat Ali Khan visited the United States in May 1950 with his wife.",
    );
    let cloze: Vec<&String> = found
        .iter()
        .filter(|(k, _, _)| *k == Kind::Cloze)
        .map(|(_, t, _)| t)
        .collect();
    assert_eq!(cloze.len(), 1, "{found:?}");
    let text = cloze[0];
    assert!(text.contains("{{1950}}"), "{text}");
    assert!(text.contains("{{Liaquat Ali Khan}}"), "{text}");
    assert!(!text.contains("{{Prime"), "{text}");
    assert!(text.matches("{{").count() <= MAX_GAPS, "{text}");
}

#[test]
fn acronyms_are_names_and_sentence_starts_are_not() {
    let found = questions("Pakistan left SEATO and the alliance ended after many quiet years.");
    let cloze: Vec<&String> = found
        .iter()
        .filter(|(k, _, _)| *k == Kind::Cloze)
        .map(|(_, t, _)| t)
        .collect();
    assert_eq!(cloze.len(), 1);
    assert!(cloze[0].contains("{{SEATO}}"), "{}", cloze[0]);
    assert!(!cloze[0].contains("{{Pakistan"), "{}", cloze[0]);
}

#[test]
fn headings_and_short_sentences_give_nothing() {
    assert!(
        draft("History\nDemocratic governments (1947–1958)\nIt rained in 1950.")
            .entries
            .is_empty()
    );
}

#[test]
fn every_candidate_is_tagged_sourced_and_explained() {
    let text =
        "The first Soviet-Pakistan arms deal was made in 1968, which caused protests from India.";
    let drafted = draft(text);
    assert!(!drafted.entries.is_empty());
    for entry in &drafted.entries {
        assert_eq!(entry.tags, [DRAFT_TAG]);
        assert_eq!(entry.explain.as_deref(), Some(text));
        let source = entry.source.as_deref().expect("a source");
        assert!(text.contains(source), "{source}");
        assert!(source.split_whitespace().count() <= MAX_SOURCE_WORDS);
    }
}

#[test]
fn long_sentences_get_short_verbatim_sources() {
    let words: Vec<String> = (0..60).map(|i| format!("word{i}")).collect();
    let text = format!(
        "Long {} ended in 1977 after {}.",
        words[..30].join(" "),
        words[30..].join(" ")
    );
    let drafted = draft(&text);
    for entry in &drafted.entries {
        let source = entry.source.as_deref().expect("a source");
        assert!(text.contains(source));
        assert!(
            source.split_whitespace().count() <= MAX_SOURCE_WORDS,
            "{source}"
        );
    }
    let year = drafted
        .entries
        .iter()
        .find(|e| e.kind == Kind::Year)
        .expect("a year card");
    assert!(year.source.as_deref().is_some_and(|s| s.contains("1977")));
}

#[test]
fn braces_in_the_text_never_make_a_bad_cloze() {
    let drafted = draft("The code {{x}} was written by Ada Lovelace in London in 1843.");
    assert!(drafted.entries.is_empty());
    let drafted = draft("The set {a} was named by Georg Cantor in Halle in 1874, they say.");
    for entry in &drafted.entries {
        if entry.kind == Kind::Cloze {
            assert!(Cloze::parse(&entry.text).is_ok(), "{}", entry.text);
        }
    }
}

#[test]
fn the_drafted_deck_passes_check() {
    let text = "Pakistan and Russia\n\
        Less than a year after Pakistan gained independence, in May 1948, both countries established relations. \
        Following Khan's assassination in 1951, relations remained strained as Pakistan joined SEATO in 1954 and CENTO in 1955. \
        In December 1991, the Soviet Union was dissolved and succeeded by the Russian Federation.\n";
    let drafted = draft(text);
    assert!(drafted.entries.len() >= 6, "{:?}", drafted.entries);
    let header = Header::titled(&title_of(text).expect("a heading"));
    let rendered = render(&drafted, &header, "text.txt");
    assert!(rendered.contains("need a human read"));
    let loaded = load_str(&rendered, Origin::File("draft.toml".into()));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let ids: HashSet<&str> = drafted
        .entries
        .iter()
        .filter_map(|e| e.id.as_deref())
        .collect();
    assert_eq!(ids.len(), drafted.entries.len());
    // Drafting is deterministic: the same text gives the same ids.
    assert_eq!(draft(text), drafted);
}

#[test]
fn a_markdown_heading_gives_its_text_as_the_title() {
    let cases: [(&str, Option<&str>); 9] = [
        ("# Pakistan and Russia\nText.", Some("Pakistan and Russia")),
        ("## Pakistan and Russia ##\n", Some("Pakistan and Russia")),
        ("###   Spaced   \n", Some("Spaced")),
        ("# **Bold title**\n", Some("Bold title")),
        ("Plain heading\n", Some("Plain heading")),
        ("#hashtag-like\n", Some("#hashtag-like")),
        ("# C#\n", Some("C#")),
        ("#\n", None),
        ("A full sentence that ends here.\n", None),
    ];
    for (text, expected) in cases {
        assert_eq!(title_of(text).as_deref(), expected, "{text:?}");
    }
}
