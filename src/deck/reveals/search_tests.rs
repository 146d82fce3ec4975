//! [`Search::ByKey`] against [`Search::Every`]: the cards of a form filed by their key words
//! find exactly the pairs that testing every card of the form finds, on random decks, and the
//! work they take grows with the deck where the plain search grows with its square.

use proptest::prelude::*;

use super::{Search, Work, detect};
use crate::deck::{Deck, Origin, load_str};

const WORDS: [&str; 12] = [
    "war", "treaty", "festival", "visit", "invited", "summit", "bomb", "railway", "election",
    "museum", "river", "army",
];
const YEARS: [&str; 6] = ["1947", "1948", "1955", "1965", "1971", "1999"];
const PEOPLE: [&str; 6] = [
    "Liaquat Ali Khan",
    "Joseph Stalin",
    "Ayub Khan",
    "Nikita Khrushchev",
    "Muhammad Zia-ul-Haq",
    "Indira Gandhi",
];
const PLACES: [&str; 5] = [
    "Peshawar",
    "Karachi",
    "Moscow",
    "Lahore",
    "the Soviet Union",
];
/// What a text may mention besides its words: years, names, surnames, places, an alias.
const MENTIONS: [&str; 12] = [
    "1947",
    "1955",
    "1965",
    "1999",
    "Stalin",
    "Khrushchev",
    "Zia ul Haq",
    "Liaquat Ali Khan",
    "Karachi",
    "Peshawar",
    "USSR",
    "Indira Gandhi",
];

fn pick<'a>(list: &[&'a str], byte: u8) -> &'a str {
    list[byte as usize % list.len()]
}

/// A few words and, most of the time, a mention, from three bytes.
fn phrase(a: u8, b: u8, c: u8) -> String {
    let mut words = vec![pick(&WORDS, a)];
    if b.is_multiple_of(2) {
        words.push(pick(&WORDS, b / 2));
    }
    if !c.is_multiple_of(4) {
        words.push(pick(&MENTIONS, c / 4));
    }
    words.join(" ")
}

/// A valid deck of one card per entry of `cards`, each card drawn from its twelve bytes: year,
/// place, person, choice and cloze cards, with or without hint, explanation, source, accepted
/// forms, `known_as` and `related` (empty or naming another card), their texts made of a few
/// common words and mentions of the others' answers, so that forms are shared by several cards
/// and stated by many.
fn random_deck(cards: &[[u8; 12]]) -> String {
    let mut text = String::from(
        "[deck]\nid = \"r\"\ntitle = \"R\"\n\n[deck.aliases]\n\"Soviet Union\" = [\"USSR\"]\n",
    );
    for (i, r) in cards.iter().enumerate() {
        text.push_str(&format!("\n[[card]]\nid = \"c{i}\"\n"));
        let question = if r[1] % 7 == 0 {
            "Which year?".to_owned()
        } else {
            format!("Which {}?", phrase(r[1], r[2], r[3]))
        };
        match r[0] % 6 {
            0 | 1 => text.push_str(&format!(
                "kind = \"year\"\nquestion = \"{question}\"\nanswer = \"{}\"\n",
                pick(&YEARS, r[4])
            )),
            2 => {
                text.push_str(&format!(
                    "question = \"{question}\"\nanswer = \"{}\"\n",
                    pick(&PLACES, r[4])
                ));
                if r[9] % 4 == 0 {
                    text.push_str(&format!("accept = [\"{}\"]\n", pick(&PLACES, r[9] / 4)));
                }
            }
            3 => {
                text.push_str(&format!(
                    "question = \"{question}\"\nanswer = \"{}\"\nperson = true\n",
                    pick(&PEOPLE, r[4])
                ));
                if r[9] % 3 == 0 {
                    text.push_str("known_as = [\"Quaid\"]\n");
                }
            }
            4 => {
                let at = r[4] as usize % PLACES.len();
                let answer = PLACES[at];
                let other = PLACES[(at + 1) % PLACES.len()];
                text.push_str(&format!(
                    "kind = \"choice\"\nquestion = \"{question}\"\nanswer = \"{answer}\"\n\
                     choices = [\"{answer}\", \"{other}\"]\n"
                ));
            }
            _ => text.push_str(&format!(
                "kind = \"cloze\"\ntext = \"In {} the {} of {{{{{}}}}} met {{{{{}}}}}.\"\n",
                pick(&YEARS, r[4]),
                pick(&WORDS, r[5]),
                pick(&PLACES, r[9]),
                pick(&PEOPLE, r[11]),
            )),
        }
        if r[6] % 3 == 0 {
            text.push_str(&format!("hint = \"{}\"\n", phrase(r[6], r[7], r[5])));
        }
        if r[7] % 2 == 0 {
            text.push_str(&format!(
                "explain = \"The {}.\"\n",
                phrase(r[7], r[8], r[2])
            ));
        }
        if r[8] % 3 == 0 {
            text.push_str(&format!("source = \"{}\"\n", phrase(r[8], r[3], r[10])));
        }
        match r[10] % 10 {
            0 => text.push_str("related = []\n"),
            1 => text.push_str(&format!(
                "related = [\"c{}\"]\n",
                r[11] as usize % cards.len()
            )),
            _ => {}
        }
    }
    text
}

fn load(text: &str) -> Deck {
    let loaded = load_str(text, Origin::File("r.toml".into()));
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    loaded.deck.expect("valid deck")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn searching_by_key_finds_what_testing_every_card_finds(
        cards in prop::collection::vec(any::<[u8; 12]>(), 1..120)
    ) {
        let deck = load(&random_deck(&cards));
        let (every, plain) = detect(&deck, Search::Every);
        let (by_key, keyed) = detect(&deck, Search::ByKey);
        prop_assert_eq!(&by_key, &every);
        prop_assert!(keyed.tests <= plain.tests, "{:?} against {:?}", keyed, plain);
    }
}

#[test]
fn random_decks_share_forms_among_more_cards_than_the_dated_few() {
    // The property above means something only if its decks take the keyed path: forms of more
    // than DATED_SHARERS cards, stated where they are given away and where they are not.
    let cards: Vec<[u8; 12]> = (0..100_u8)
        .map(|i| {
            let mut r = [0_u8; 12];
            for (byte, at) in r.iter_mut().zip(0_u8..) {
                *byte = i.wrapping_mul(37).wrapping_add(at.wrapping_mul(101)) ^ (i >> 1);
            }
            r
        })
        .collect();
    let deck = load(&random_deck(&cards));
    let (every, plain) = detect(&deck, Search::Every);
    let (by_key, keyed) = detect(&deck, Search::ByKey);
    assert_eq!(by_key, every);
    assert!(!every.is_empty());
    assert!(
        keyed.tests < plain.tests,
        "{keyed:?} against {plain:?}: no form took the keyed path"
    );
}

/// A deck of `n` cards: every other card asks the year of an event of a war, and the rest each
/// state one of those years beside the word "war" (120 years, each the answer of many cards).
fn dated_deck(n: usize) -> Deck {
    let mut text = String::from("[deck]\nid = \"y\"\ntitle = \"Y\"\n");
    for i in 0..n {
        let year = 1900 + (i / 2) % 120;
        if i % 2 == 0 {
            text.push_str(&format!(
                "\n[[card]]\nid = \"y{i}\"\nkind = \"year\"\n\
                 question = \"In which year was event {i} of the war?\"\nanswer = \"{year}\"\n"
            ));
        } else {
            text.push_str(&format!(
                "\n[[card]]\nid = \"t{i}\"\n\
                 question = \"What happened in the war of {year}, step {i}?\"\nanswer = \"x{i}\"\n"
            ));
        }
    }
    load(&text)
}

/// The work of finding a deck's reveals at `n` and `10 n` cards, searching as `search` says.
fn work_at(n: usize, search: Search, deck: fn(usize) -> Deck) -> (Work, Work) {
    let small = detect(&deck(n), search);
    let large = detect(&deck(10 * n), search);
    assert_eq!(small.0, detect(&deck(n), Search::Every).0);
    (small.1, large.1)
}

/// Whether ten times the cards took at most `ratio` times the work, counted both ways.
fn grows_at_most(work: (Work, Work), ratio: usize) -> bool {
    let (small, large) = work;
    large.tests <= ratio * small.tests.max(1) && large.counted <= ratio * small.counted.max(1)
}

#[test]
fn a_year_stated_across_a_large_deck_costs_work_in_proportion_to_it() {
    // Each of 120 years is the answer of n/240 cards and stated by as many: visiting every card
    // of the year from every text stating it is n²/240 tests, a hundredfold for ten times the
    // cards; visiting the cards whose key words the text contains is in proportion to the deck.
    let every = work_at(2_000, Search::Every, dated_deck);
    assert!(!grows_at_most(every, 50), "the plain search: {every:?}");
    let by_key = work_at(2_000, Search::ByKey, dated_deck);
    assert!(grows_at_most(by_key, 12), "by key: {by_key:?}");
}

/// A deck as the scale benchmark writes it (see `scaling_tests::numbered_deck`): from 1,800
/// cards on, the numbers `#1800` … are other cards' answers.
fn numbered_deck(n: usize) -> Deck {
    load(&crate::deck::scaling_tests::numbered_deck(n))
}

#[test]
fn numbers_that_are_other_cards_answers_cost_work_in_proportion_to_the_deck() {
    let by_key = work_at(2_000, Search::ByKey, numbered_deck);
    assert!(grows_at_most(by_key, 12), "by key: {by_key:?}");
}
