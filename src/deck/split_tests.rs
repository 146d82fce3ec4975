//! Property: parsing a deck file card by card gives the same deck and the same diagnostics (file,
//! line, column, wording) as parsing it whole, on generated files with hostile layouts:
//! `[[card]]` in strings, comments and arrays, CRLF, a byte-order mark, tabs, non-ASCII text, no
//! `[deck]`, `[deck]` after the cards, dotted keys, subtables and syntax errors.

use proptest::prelude::*;

use super::load::{load_text, read_by_card};
use super::split::card_starts;
use super::*;

fn assert_same(text: &str) -> Result<(), TestCaseError> {
    let origin = || Origin::File("decks/t.toml".into());
    let by_card = load_text(text, origin(), true);
    let whole = load_text(text, origin(), false);
    prop_assert_eq!(&by_card.diagnostics, &whole.diagnostics, "{:?}", text);
    prop_assert_eq!(&by_card.deck, &whole.deck, "{:?}", text);
    Ok(())
}

fn takes_the_card_path(text: &str) -> bool {
    card_starts(text)
        .is_some_and(|starts| read_by_card(text, &Origin::File("t".into()), &starts).is_some())
}

const DECKS: [&str; 7] = [
    "[deck]\nid = \"d\"\ntitle = \"D\"\n",
    "[deck]\nid = \"d\"\ntitle = \"D\"\ntags = [\"x\"]\n\n[deck.schedule]\nnew_per_day = 20\n",
    "[deck]\nid = \"d\"\ntitel = \"D\"\n",
    "[deck]\nid = 5\ntitle = \"D\"\nretention = 0.9\n",
    "deck.id = \"d\"\ndeck.title = \"D\"\n",
    "# a comment\n[deck]\r\nid = \"d\"\r\ntitle = \"Ĉu 日本\"\r\nextra = 1\n",
    "[deck]\nid = \"d\"\ntitle = \"D\"\n[deck.aliases]\n\"United Kingdom\" = \"UK\"\n",
];

const HEADERS: [&str; 6] = [
    "[[card]]\n",
    "[[card]]\n",
    "  [[card]]\n",
    "\t[[card]] # next\n",
    "[[ card ]]\n",
    "[card]\n",
];

const LINES: [&str; 42] = [
    "id = \"c1\"\n",
    "id = \"c2\"\n",
    "id = \"c3\"\n",
    "question = \"Which year did Ada join #1?\"\n",
    "question = \"Which year did Ada join #2?\"\n",
    "question = \"Ĉu ŝi? 日本 🎉\"\n",
    "answer = \"1955\"\n",
    "answer = 1955\n",
    "answer = true\n",
    "answer = [1, 2]\n",
    "kind = \"year\"\n",
    "kind = \"bogus\"\n",
    "question = \"\"\"\n[[card]]\nline two\n\"\"\"\n",
    "explain = '''\n[[card]]\n[deck]\n'''\n",
    "hint = \"has [[card]] inside\"\n",
    "# [[card]] in a comment\n",
    "accept = [\n  \"a\",\n  \"[[card]]\",\n]\n",
    "accept = [\n[[card]]\n]\n",
    "choices = [\"a\", \"b\"]\n",
    "x = { a = 1, b = \"[[card]]\" }\n",
    "card.x = 1\n",
    "tags.x = 1\n",
    "\tquestion\t=\t\"tab\"\t\n",
    "qeustion = \"typo\"\n",
    "question = \"unterminated\n",
    "question = \n",
    "[card.sub]\nk = 1\n",
    "[[card.sub]]\nk = 1\n",
    "[[card.sub.more]]\nk = 2\n",
    "\n",
    "   \n",
    "tolerance = 0.5\n",
    "related = [\"c1\"]\n",
    "tags = [\"a\", \"b\"]\n",
    "text = \"The {{c1::Rhine}} flows north.\"\n",
    "kind = \"cloze\"\n",
    "person = true\n",
    "source = \"Register, entry 3\"\n",
    "known_as = [\"Ada\", 5]\n",
    "known_as = [\"Ada\"]\n",
    "tolerance = \"x\"\n",
    "\u{1b}[31m = 1\n",
];

/// A deck file: the `[deck]` part (which, and where: before, between or after the cards, or
/// missing) and cards, each a header and body lines.
fn deck_file() -> impl Strategy<Value = String> {
    let card = (
        prop::sample::select(HEADERS.to_vec()),
        prop::collection::vec(prop::sample::select(LINES.to_vec()), 0..6),
    );
    (
        prop::option::weighted(0.9, prop::sample::select(DECKS.to_vec())),
        any::<prop::sample::Index>(),
        prop::collection::vec(card, 0..6),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(deck, place, cards, crlf, bom)| {
            let mut parts: Vec<String> = cards
                .into_iter()
                .map(|(header, lines)| format!("{header}{}", lines.concat()))
                .collect();
            if let Some(deck) = deck {
                // Mostly first, as authors write it.
                let at = if place.index(3) == 0 {
                    place.index(parts.len() + 1)
                } else {
                    0
                };
                parts.insert(at, deck.to_owned());
            }
            let mut text = parts.concat();
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            text
        })
}

/// The key a body line sets, if any.
fn key_of(line: &str) -> Option<&str> {
    let first = line.lines().next()?;
    first.split_once('=').map(|(key, _)| key.trim())
}

/// A file of plain layout, as the bulk of real decks are: every card read by the card path.
fn plain_file() -> impl Strategy<Value = String> {
    let valid = |line: &&str| {
        !line.contains("unterminated")
            && !line.contains("= \n")
            && !line.contains("[\n[[")
            && !line.starts_with(['[', '\u{1b}'])
            && !key_of(line).is_some_and(|key| key.contains('.'))
    };
    let line = prop::sample::select(LINES.iter().copied().filter(valid).collect::<Vec<_>>());
    (
        prop::sample::select(DECKS.to_vec()),
        prop::collection::vec(prop::collection::vec(line, 0..6), 1..8),
    )
        .prop_map(|(deck, cards)| {
            let mut text = deck.to_owned();
            for lines in cards {
                text.push_str("[[card]]\n");
                // A key written twice is a syntax error, which the whole-file parse reports.
                let mut keys = Vec::new();
                for line in lines {
                    let key = key_of(line);
                    if key.is_none() || !keys.contains(&key) {
                        keys.push(key);
                        text.push_str(line);
                    }
                }
            }
            text
        })
}

proptest! {
    #[test]
    fn card_by_card_parse_matches_whole_file_parse(text in deck_file()) {
        assert_same(&text)?;
    }

    #[test]
    fn plain_files_take_the_card_path_and_match(text in plain_file()) {
        prop_assert!(takes_the_card_path(&text), "{:?}", text);
        assert_same(&text)?;
    }
}

#[test]
fn a_large_deck_with_mistakes_takes_the_card_path_with_the_same_diagnostics() {
    let mut text = String::from("[deck]\nid = \"big\"\ntitle = \"Big\"\n");
    for card in 0..300 {
        let id = if card % 50 == 7 { 3 } else { card };
        text.push_str(&format!(
            "\n[[card]]\nid = \"c{id}\"\nkind = \"year\"\nquestion = \"Which year #{card}?\"\n\
             answer = \"{}\"\n",
            1800 + card % 220
        ));
        if card % 40 == 3 {
            text.push_str("qestion = \"typo\"\ntolerance = \"x\"\n");
        }
    }
    assert!(takes_the_card_path(&text));
    let loaded = load_str(&text, Origin::File("decks/t.toml".into()));
    assert!(loaded.diagnostics.iter().any(|d| d.code == "unknown-key"));
    assert!(loaded.diagnostics.iter().any(|d| d.code == "wrong-type"));
    assert_same(&text).expect("same diagnostics");
}

#[test]
fn a_syntax_error_in_one_card_is_reported_as_the_whole_file_parse_reports_it() {
    let text = "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nquestion = \"q\"\nanswer = \"a\"\n\
                [[card]]\nquestion = \"unterminated\nanswer = \"a\"\n";
    let loaded = load_str(text, Origin::File("decks/t.toml".into()));
    let d = &loaded.diagnostics[0];
    assert_eq!(
        (d.code, d.line, d.file.as_str()),
        ("syntax", 8, "decks/t.toml")
    );
    assert_same(text).expect("same diagnostics");
}
