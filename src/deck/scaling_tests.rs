//! The loader's cost grows linearly with its input: cards, warnings and cloze gaps.

use super::{Origin, load_str};
use crate::scaling::assert_linear;

/// A deck of `n` cards that each draw three warnings (no id, no explain, no source).
fn warned_deck(n: usize) -> String {
    let mut text = String::from("[deck]\nid = \"w\"\ntitle = \"W\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "\n[[card]]\nquestion = \"Question {i}?\"\nanswer = \"a{i}\"\n"
        ));
    }
    text
}

#[test]
fn warnings_cost_linear_time() {
    let loaded = load_str(&warned_deck(10), Origin::File("w.toml".into()));
    assert_eq!(loaded.diagnostics.len(), 30, "three warnings a card");
    assert_linear("loading a deck with 3 warnings a card", 2_000, |n| {
        let text = warned_deck(n);
        let loaded = load_str(&text, Origin::File("w.toml".into()));
        assert_eq!(loaded.diagnostics.len(), 3 * n);
    });
}

/// A deck of `n` cards that each misspell `question` and have a mistyped `tags`.
fn misspelt_deck(n: usize) -> String {
    let mut text = String::from("[deck]\nid = \"m\"\ntitle = \"M\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "\n[[card]]\nquestoin = \"Q{i}?\"\nanswer = \"a\"\ntags = 1\n"
        ));
    }
    text
}

#[test]
fn errors_on_every_card_cost_linear_time() {
    assert_linear("loading a deck with 2 errors a card", 2_000, |n| {
        let loaded = load_str(&misspelt_deck(n), Origin::File("m.toml".into()));
        assert_eq!(
            loaded.diagnostics.len(),
            2 * n,
            "{:?}",
            &loaded.diagnostics[..2]
        );
    });
}

/// A deck of cloze cards with `n` gaps in all, at most `per_card` to a card.
fn cloze_deck(n: usize, per_card: usize) -> String {
    let mut text = String::from("[deck]\nid = \"c\"\ntitle = \"C\"\n");
    let mut left = n;
    let mut card = 0;
    while left > 0 {
        let here = left.min(per_card);
        let mut gaps = String::new();
        for i in 0..here {
            gaps.push_str(&format!(
                "some words of context {{{{g{card}x{i}}}}} and so on, "
            ));
        }
        text.push_str(&format!(
            "\n[[card]]\nid = \"c{card}\"\nkind = \"cloze\"\ntext = \"{gaps}\"\n"
        ));
        left -= here;
        card += 1;
    }
    text
}

/// What the catalog stores for a deck: each card as JSON.
fn stored_bytes(text: &str) -> usize {
    let loaded = load_str(text, Origin::File("c.toml".into()));
    let deck = loaded.deck.expect("valid deck");
    deck.cards()
        .map(|card| serde_json::to_string(&card).map_or(0, |json| json.len()))
        .sum()
}

#[test]
fn cloze_gaps_cost_linear_space() {
    // What the catalog stores for a card at the cap is bounded per gap (each sibling shows a
    // window of the text, not all of it) ...
    let one = stored_bytes(&cloze_deck(100, 100));
    assert!(one <= 100 * 1_000, "100 gaps of one card: {one} bytes");
    // ... so ten times the gaps cost ten times the space.
    let ten = stored_bytes(&cloze_deck(1_000, 100));
    assert!(
        ten <= 12 * one,
        "100 gaps: {one} bytes, 1,000 gaps: {ten} bytes"
    );
}

#[test]
fn cloze_gaps_cost_linear_time() {
    assert_linear("loading and expanding cloze cards", 1_000, |n| {
        let text = cloze_deck(n, super::cloze::MAX_GAPS);
        let deck = load_str(&text, Origin::File("c.toml".into()))
            .deck
            .expect("valid");
        assert_eq!(deck.cards().count(), n);
    });
}

#[test]
fn a_card_with_too_many_gaps_is_refused_in_linear_time() {
    let loaded = load_str(&cloze_deck(1_600, 1_600), Origin::File("c.toml".into()));
    let error = loaded
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert_eq!(error.code, "too-many-gaps");
    assert!(
        error.message.contains("1600 gaps") && error.message.contains("at most 100"),
        "{}",
        error.message
    );
    assert_linear("refusing a card with too many gaps", 4_000, |n| {
        let loaded = load_str(&cloze_deck(n, n), Origin::File("c.toml".into()));
        assert!(loaded.has_errors());
    });
}

/// `n` inline cards on one line, each drawing three warnings: every diagnostic's column is on
/// the same long line.
fn one_line_deck(n: usize) -> String {
    let mut cards = Vec::with_capacity(n);
    for i in 0..n {
        cards.push(format!("{{ question = \"Q{i}?\", answer = \"a{i}\" }}"));
    }
    format!(
        "card = [{}]\n[deck]\nid = \"l\"\ntitle = \"L\"\n",
        cards.join(", ")
    )
}

#[test]
fn warnings_on_one_long_line_cost_linear_time() {
    let loaded = load_str(&one_line_deck(3), Origin::File("l.toml".into()));
    assert_eq!(loaded.diagnostics.len(), 9, "{:?}", loaded.diagnostics);
    assert_linear("locating warnings on one long line", 1_500, |n| {
        let loaded = load_str(&one_line_deck(n), Origin::File("l.toml".into()));
        assert_eq!(loaded.diagnostics.len(), 3 * n);
    });
}

/// Regression (found by the fuzzer): a choice card whose long answer is not among its long
/// choices looked for the closest choice with an edit distance, quadratic in their length.
#[test]
fn a_long_answer_missing_from_long_choices_costs_linear_time() {
    let deck = |n: usize| {
        format!(
            "[deck]\nid = \"l\"\ntitle = \"L\"\n\n[[card]]\nid = \"c\"\nkind = \"choice\"\n\
             question = \"Q?\"\nanswer = \"{}\"\nchoices = [\"{}\", \"{}\"]\n",
            "a".repeat(n),
            "b".repeat(n),
            "a".repeat(n + 1)
        )
    };
    // The suggestion compares strings by edit distance, quadratic in their length: counted,
    // not timed, it must not grow with the answer (names that long are no typo of each other).
    let compared = |n: usize| {
        super::diagnostic::compared::during(|| {
            let loaded = load_str(&deck(n), Origin::File("l.toml".into()));
            assert!(loaded.has_errors());
        })
    };
    let short = compared(10);
    assert!(short > 0, "a short answer is compared with the choices");
    for n in [2_000, 20_000] {
        assert!(compared(n) <= short.max(256 * 256), "{n}: {}", compared(n));
    }
}

/// A deck of `n` cards: every other card asks the year of an event of a war, and the rest each
/// state one of those years beside the word "war" (120 years, each the answer of many cards).
fn dated_deck(n: usize) -> String {
    let mut text = String::from("[deck]\nid = \"y\"\ntitle = \"Y\"\n");
    for i in 0..n {
        let year = 1900 + (i / 2) % 120;
        if i % 2 == 0 {
            text.push_str(&format!(
                "\n[[card]]\nid = \"y{i}\"\nkind = \"year\"\nquestion = \"In which year was event {i} of the war?\"\nanswer = \"{year}\"\n"
            ));
        } else {
            text.push_str(&format!(
                "\n[[card]]\nid = \"t{i}\"\nquestion = \"What happened in the war of {year}, step {i}?\"\nanswer = \"x{i}\"\n"
            ));
        }
    }
    text
}

#[test]
fn years_stated_across_a_large_deck_cost_linear_time() {
    // A year that is the answer of many cards points at none of them: the pairs found grow with
    // the deck, not with its square.
    assert_linear("finding the give-aways of stated years", 2_000, |n| {
        let loaded = load_str(&dated_deck(n), Origin::File("y.toml".into()));
        let deck = loaded.deck.expect("valid deck");
        let found = super::reveals::reveals(&deck);
        assert!(found.len() <= 4 * n, "{} pairs for {n} cards", found.len());
    });
}

/// A deck of `n` cards as the scale benchmark writes them: each asks the year someone joined
/// something, numbered (`#1850`), with a source `Register, entry 1850`; the answers are the
/// 220 years 1800–2019. From 1,800 cards on, the numbers of some cards are other cards' answers.
pub(super) fn numbered_deck(n: usize) -> String {
    const PEOPLE: [&str; 12] = [
        "Amina Khan",
        "Jonas Weber",
        "Mei Lin",
        "Carlos Ortega",
        "Fatima Zahra",
        "Oluwaseun Adeyemi",
        "Ingrid Larsen",
        "Rahul Mehta",
        "Sofia Rossi",
        "Tomasz Nowak",
        "Yuki Tanaka",
        "Aiyana Redcloud",
    ];
    const PLACES: [&str; 9] = [
        "the Red Cross",
        "UNESCO",
        "the Royal Society",
        "the Academy of Sciences",
        "the Football Association",
        "the Hanseatic League",
        "the Bar Council",
        "the Geological Survey",
        "the Philharmonic",
    ];
    let mut text = String::from("[deck]\nid = \"n\"\ntitle = \"N\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "\n[[card]]\nid = \"c{i:06}\"\nkind = \"year\"\n\
             question = \"Which year did {} join {} #{i}?\"\nanswer = \"{}\"\n\
             explain = \"From the membership rolls.\"\nsource = \"Register, entry {i}\"\n",
            PEOPLE[i % PEOPLE.len()],
            PLACES[(i / PEOPLE.len()) % PLACES.len()],
            1800 + (i * 7) % 220
        ));
    }
    text
}

#[test]
fn numbers_that_are_other_cards_answers_cost_linear_time() {
    // At 2,000 cards the numbers #1800..#1999 are years other cards answer, and "entry 1800"
    // states them too: the reveals found grow with the cards that state them, and the time
    // with the deck.
    let deck = |n: usize| {
        load_str(&numbered_deck(n), Origin::File("n.toml".into()))
            .deck
            .expect("valid deck")
    };
    let found = super::reveals::diagnostics(&deck(2_000));
    assert!(!found.is_empty(), "#1800 and on state other cards' years");
    let decks: Vec<(usize, super::Deck)> = [2_000, 20_000].map(|n| (n, deck(n))).into();
    assert_linear("finding the give-aways of numbered cards", 2_000, |n| {
        let deck = &decks.iter().find(|(size, _)| *size == n).expect("built").1;
        let found = super::reveals::reveals(deck);
        assert!(found.len() <= 10 * n, "{} pairs for {n} cards", found.len());
    });
}
