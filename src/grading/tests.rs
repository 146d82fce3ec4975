//! The grading rules as tables of cases, checks against the bundled deck, and property tests.

use std::collections::{BTreeSet, HashSet};

use proptest::prelude::*;

use super::numbers::numbers_in;
use super::*;
use crate::deck::{Origin, load_str};

impl<S: std::hash::BuildHasher> OtherAnswers for HashSet<String, S> {
    fn contains(&self, normalized: &str) -> bool {
        HashSet::contains(self, normalized)
    }
}

impl OtherAnswers for BTreeSet<String> {
    fn contains(&self, normalized: &str) -> bool {
        BTreeSet::contains(self, normalized)
    }
}

/// The answer forms of `cards` as one set, for [`grade`]'s `others`.
fn answer_set<'a>(cards: impl IntoIterator<Item = &'a Card>) -> HashSet<String> {
    cards.into_iter().flat_map(answer_forms).collect()
}

// ---------------------------------------------------------------------------------------------
// Card builders
// ---------------------------------------------------------------------------------------------

fn card(kind: Kind, answer: &str, accept: &[&str]) -> Card {
    let id: crate::deck::CardId = "t".parse().expect("a valid card id");
    Card {
        id: id.clone(),
        note: id,
        kind,
        question: "Question?".to_owned(),
        answer: answer.to_owned(),
        accept: accept.iter().map(|form| (*form).to_owned()).collect(),
        choices: Vec::new(),
        tolerance: None,
        hint: None,
        explain: None,
        source: None,
        tags: Vec::new(),
        person: None,
        known_as: Vec::new(),
        line: 0,
    }
}

fn text(answer: &str) -> Card {
    card(Kind::Text, answer, &[])
}

fn text_accepting(answer: &str, accept: &[&str]) -> Card {
    card(Kind::Text, answer, accept)
}

fn year(answer: &str) -> Card {
    card(Kind::Year, answer, &[])
}

fn number(answer: &str) -> Card {
    card(Kind::Number, answer, &[])
}

fn number_within(answer: &str, tolerance: f64) -> Card {
    Card {
        tolerance: Some(tolerance),
        ..number(answer)
    }
}

fn choice(answer: &str, choices: &[&str]) -> Card {
    Card {
        choices: strings(choices),
        ..card(Kind::Choice, answer, &[])
    }
}

fn truefalse(answer: &str) -> Card {
    card(Kind::TrueFalse, answer, &[])
}

fn cloze(answer: &str, accept: &[&str]) -> Card {
    card(Kind::Cloze, answer, accept)
}

fn with_hint(card: Card, hint: &str) -> Card {
    Card {
        hint: Some(hint.to_owned()),
        ..card
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

// ---------------------------------------------------------------------------------------------
// Table runner
// ---------------------------------------------------------------------------------------------

struct Case {
    name: &'static str,
    card: Card,
    reply: &'static str,
    expected: Verdict,
    /// For a typo: the form shown as the correct spelling.
    corrected: Option<&'static str>,
}

fn right(name: &'static str, card: Card, reply: &'static str) -> Case {
    Case {
        name,
        card,
        reply,
        expected: Verdict::Right,
        corrected: None,
    }
}

fn wrong(name: &'static str, card: Card, reply: &'static str) -> Case {
    Case {
        name,
        card,
        reply,
        expected: Verdict::Wrong,
        corrected: None,
    }
}

fn typo(name: &'static str, card: Card, reply: &'static str, corrected: &'static str) -> Case {
    Case {
        name,
        card,
        reply,
        expected: Verdict::Typo,
        corrected: Some(corrected),
    }
}

fn run(cases: Vec<Case>, others: &dyn OtherAnswers) {
    let mut failures = Vec::new();
    for case in cases {
        let graded = grade(&case.card, &[], case.reply, others);
        let got = (graded.verdict, graded.corrected.as_deref());
        if got != (case.expected, case.corrected) {
            failures.push(format!(
                "{}: reply {:?} to {:?}: expected {:?}, got {:?}",
                case.name,
                case.reply,
                case.card.answer,
                (case.expected, case.corrected),
                got
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Text: normalization, accepted forms, typos
// ---------------------------------------------------------------------------------------------

#[test]
fn ignores_case_accents_punctuation_articles_and_hyphens() {
    run(
        vec![
            right("case is ignored", text("Karachi"), "KARACHI"),
            right(
                "diacritics in the reply are folded",
                text("Huseyn Suhrawardy"),
                "Huseyn Suhrawardý",
            ),
            right(
                "diacritics in the answer are folded",
                text("Suhrawardý"),
                "suhrawardy",
            ),
            right("hyphens read as spaces", text("Zia-ul-Haq"), "zia ul haq"),
            right("spaces read as hyphens", text("zia ul haq"), "Zia-ul-Haq"),
            right(
                "en dash reads as a space",
                text("India-Pakistan"),
                "India–Pakistan",
            ),
            right(
                "punctuation is ignored",
                text("S.K. Romonovsky"),
                "SK Romonovsky",
            ),
            right(
                "trailing full stop is ignored",
                text("Peshawar"),
                "Peshawar.",
            ),
            right(
                "repeated whitespace is ignored",
                text("Liaquat Ali Khan"),
                "  liaquat   ali\tkhan \n",
            ),
            right(
                "leading article in the reply is ignored",
                text("Soviet Union"),
                "The Soviet Union",
            ),
            right(
                "leading article in the answer is ignored",
                text("the coming of the dawn"),
                "coming of the dawn",
            ),
            right(
                "ampersand reads as and",
                text("Trade and Culture"),
                "trade & culture",
            ),
            right(
                "full-width letters are plain letters",
                text("CENTO"),
                "ＣＥＮＴＯ",
            ),
            right("a lone letter a is kept", text("A"), "a"),
            right("an answer of symbols can be typed", text("?"), " ? "),
            wrong(
                "extra words are not the answer",
                text("Ayub Khan"),
                "President Ayub Khan of Pakistan",
            ),
            wrong(
                "a part of the answer is not the answer",
                text("Liaquat Ali Khan"),
                "Khan",
            ),
            wrong("punctuation alone is not the answer", text("Karachi"), "?!"),
        ],
        &(),
    );
}

#[test]
fn accepts_the_answer_and_every_accept_entry() {
    let liaquat = || text_accepting("Liaquat Ali Khan", &["Liaqat Ali Khan", "Liaquat"]);
    run(
        vec![
            right("the answer", liaquat(), "Liaquat Ali Khan"),
            right("an accepted spelling", liaquat(), "Liaqat Ali Khan"),
            right("an accepted short form", liaquat(), "liaquat"),
            right(
                "accepted forms are normalized too",
                liaquat(),
                "LIAQAT-ALI-KHAN",
            ),
            right(
                "a right accept entry is not reported as corrected",
                text_accepting("United States", &["USA"]),
                "U.S.A.",
            ),
            wrong("a form not listed", liaquat(), "Ali"),
        ],
        &(),
    );
}

#[test]
fn forgives_small_typos_within_the_budget() {
    run(
        vec![
            typo(
                "one slip in 5-9 letters",
                text("Karachi"),
                "Karschi",
                "Karachi",
            ),
            wrong(
                "a final vowel replaced is another word",
                text("Hindu"),
                "Hindi",
            ),
            wrong(
                "a first letter is never a slip",
                text("deceived"),
                "received",
            ),
            wrong(
                "two letters replaced in a word of the same length is another word",
                text("cooperation"),
                "corporation",
            ),
            wrong(
                "a short word of the reply is no slip for a longer one",
                text("flood"),
                "food",
            ),
            wrong(
                "a short word of a longer answer is not mistyped either",
                text("SEATO and CENTO"),
                "SEATO and NATO",
            ),
            typo(
                "but two of its letters may be swapped",
                text("Ayub Khan"),
                "Ayub Kahn",
                "Ayub Khan",
            ),
            typo(
                "an English ending is one slip",
                cloze("spy", &[]),
                "spying",
                "spy",
            ),
            typo(
                "a noun for its adjective in -al is one slip",
                cloze("territorial", &[]),
                "territory",
                "territorial",
            ),
            typo(
                "a swap counts as one edit",
                text("Peshawar"),
                "Pehsawar",
                "Peshawar",
            ),
            typo("a missing letter", text("India"), "Inda", "India"),
            wrong(
                "a missing final vowel is another word",
                text("Hindu"),
                "Hind",
            ),
            typo(
                "an acronym's last letter is no ending",
                text("SEATO"),
                "SEATA",
                "SEATO",
            ),
            typo(
                "a missing vowel",
                text("aircraft crash"),
                "aircraft crsh",
                "aircraft crash",
            ),
            wrong("two slips in 5-9 letters", text("Karachi"), "Karuchu"),
            typo(
                "two slips in 10+ letters",
                text("Khrushchev"),
                "Krushchef",
                "Khrushchev",
            ),
            wrong(
                "three slips in 10+ letters",
                text("Khrushchev"),
                "Krashchiv",
            ),
            wrong("no slip under 5 letters", text("Iran"), "Irak"),
            wrong("no slip in a two-letter answer", text("US"), "UK"),
            right(
                "spaces inside a name are a spelling matter",
                text("Ayub Khan"),
                "AyubKhan",
            ),
            typo(
                "corrected names the closest accepted form",
                text_accepting("Liaquat Ali Khan", &["Liaqat Ali Khan"]),
                "Liaqat Ali Kahn",
                "Liaqat Ali Khan",
            ),
            typo(
                "a typo of an accept entry",
                text_accepting("Nikita Khrushchev", &["Khrushchev"]),
                "Kruschev",
                "Khrushchev",
            ),
            typo(
                "a typo with the same digits",
                text("U-2 incident"),
                "U-2 incidnet",
                "U-2 incident",
            ),
            wrong(
                "a different digit is never a typo",
                text("U-2 incident"),
                "U-3 incident",
            ),
            wrong(
                "a missing digit is never a typo",
                text("Boeing 747"),
                "Boeing 74",
            ),
            typo(
                "a text cloze gap forgives typos",
                cloze("Karachi", &[]),
                "Karahci",
                "Karachi",
            ),
        ],
        &(),
    );
}

#[test]
fn another_cards_answer_is_never_a_typo() {
    let others: HashSet<String> = ["ireland", "yahya khan", "sindh"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    run(
        vec![
            wrong(
                "one letter away but another card's answer",
                text("Iceland"),
                "Ireland",
            ),
            wrong(
                "another card's answer, normalized",
                text("Iceland"),
                "IRELAND!",
            ),
            wrong(
                "the Ayub card refuses Yahya Khan",
                text("Ayub Khan"),
                "Yahya Khan",
            ),
            typo(
                "a plain typo is still forgiven",
                text("Ayub Khan"),
                "Ayub Kahn",
                "Ayub Khan",
            ),
            right(
                "this card's own answer is right even if another card shares it",
                text("Sindh"),
                "Sindh",
            ),
        ],
        &others,
    );
    // The same reply without the other card is an ordinary typo: the rule, not the distance, decides.
    run(
        vec![typo(
            "without other cards",
            text("Iceland"),
            "Ireland",
            "Iceland",
        )],
        &(),
    );
}

#[test]
fn other_answers_can_be_a_set_a_closure_or_nothing() {
    let card = text("Iceland");
    let hash: HashSet<String> = HashSet::from(["ireland".to_owned()]);
    let btree: BTreeSet<String> = BTreeSet::from(["ireland".to_owned()]);
    let closure = |normalized: &str| normalized == "ireland";
    let sources: [(&str, &dyn OtherAnswers, Verdict); 4] = [
        ("hash set", &hash, Verdict::Wrong),
        ("btree set", &btree, Verdict::Wrong),
        ("closure", &closure, Verdict::Wrong),
        ("unit means none", &(), Verdict::Typo),
    ];
    for (name, others, expected) in sources {
        assert_eq!(
            grade(&card, &[], "Ireland", others).verdict,
            expected,
            "{name}"
        );
    }
}

#[test]
fn answer_set_collects_normalized_answers_and_accept_entries() {
    let cards = [
        text_accepting("Liaquat Ali Khan", &["Liaqat"]),
        choice("Yahya Khan", &["Yahya Khan", "Ayub Khan"]),
        truefalse("true"),
        year("1955"),
    ];
    let set = answer_set(&cards);
    let expected: HashSet<String> = ["liaquat ali khan", "liaqat", "yahya khan", "1955"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(set, expected);
}

#[test]
fn typo_budget_grows_with_letters() {
    let cases = [
        ("nothing", "", 0),
        ("four letters", "iran", 0),
        ("digits are not letters", "1955", 0),
        ("digits and three letters", "mig 29", 0),
        ("five letters", "india", 1),
        ("spaces are not letters", "ayub khan", 1),
        ("nine letters", "yahya khan", 1),
        ("ten letters", "khrushchev", 2),
        ("long names", "liaquat ali khan", 2),
        ("other scripts count letters too", "пешавар", 1),
    ];
    for (name, expected_normalized, budget) in cases {
        assert_eq!(typo_budget(expected_normalized), budget, "{name}");
    }
}

#[test]
fn empty_replies_are_wrong() {
    let cards = [
        text("Karachi"),
        year("1955"),
        number("3"),
        choice("India", &["India", "Iran"]),
        truefalse("true"),
        cloze("1954", &[]),
        text(""),
    ];
    for card in &cards {
        for reply in ["", " ", "\t\n", "\u{3000}"] {
            let graded = grade(card, &[], reply, &());
            assert_eq!(
                graded.verdict,
                Verdict::Wrong,
                "{:?} for {:?}",
                reply,
                card.kind
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers and years
// ---------------------------------------------------------------------------------------------

#[test]
fn year_cards_want_exactly_that_year() {
    let y = || year("1955");
    run(
        vec![
            right("the year", y(), "1955"),
            right("the year in a sentence", y(), "in 1955"),
            right("the year with a full stop", y(), "1955."),
            right("the year among words", y(), "It was 1955, I think!"),
            right("the same year twice", y(), "1955, yes 1955"),
            right("full-width digits", y(), "１９５５"),
            right("a year is compared as a number", y(), "1955.0"),
            wrong("the year before", y(), "1954"),
            wrong("the year after", y(), "1956"),
            wrong("hedging between two years", y(), "1954 or 1955"),
            wrong("hedging with the right year first", y(), "1955 or 1954"),
            wrong("a range is hedging", y(), "1955-56"),
            wrong("a longer number", y(), "19555"),
            wrong("a decade is not a year", y(), "1950s"),
            wrong("digits followed by letters", y(), "1955s"),
            wrong("a decade inside words", y(), "mid-1950s"),
            wrong("letters glued before", y(), "A1955"),
            wrong("two digits", y(), "55"),
            right("a year in words", y(), "nineteen fifty-five"),
            wrong("another year in words", y(), "nineteen fifty-four"),
            right("a full date, read for its year", y(), "17 April 1955"),
            wrong("a full date of another year", y(), "17 April 1956"),
            right("a year by its last two digits", y(), "'55"),
            wrong("another year by its last two digits", y(), "'56"),
            wrong("a denied year", y(), "not 1955"),
            wrong("no number", y(), "the fifties"),
            right("a year BCE with a minus", year("-500"), "-500"),
            right("a year BCE with a minus sign", year("-500"), "−500"),
            wrong("a year BCE without its sign", year("-500"), "500"),
            right("an accepted year", card(Kind::Year, "1955", &["55"]), "55"),
        ],
        &(),
    );
}

#[test]
fn number_cards_find_the_number_anywhere_in_the_reply() {
    run(
        vec![
            right("the number", number("3"), "3"),
            right("with an ordinal suffix", number("3"), "3rd"),
            right("in a sentence", number("3"), "on the 3rd of April"),
            right("after a month", number("3"), "April 3"),
            right("with a decimal point", number("3"), "3.0"),
            right("a date, read for its day", number("3"), "April 3, 1965"),
            wrong("a date with another day", number("3"), "April 4, 1965"),
            wrong("two days of a month", number("3"), "3 or 4 April"),
            wrong("another number", number("3"), "4"),
            wrong("a longer number", number("3"), "33"),
            right("the number in words", number("3"), "three"),
            right("the ordinal in words", number("3"), "the third"),
            wrong("another number in words", number("3"), "four"),
            wrong("glued units are not numbers", number("5"), "5km"),
            right("separated units", number("5"), "5 km"),
            right("thousands separators", number("1000"), "1,000"),
            right(
                "thousands separators in a sentence",
                number("1000"),
                "1,000 people",
            ),
            right("separators in the answer", number("1,000"), "1000"),
            right("lakh grouping", number("100000"), "1,00,000"),
            wrong("spaces do not group thousands", number("1000"), "1 000"),
            wrong(
                "a decimal comma is read as a separator",
                number("2.5"),
                "2,5",
            ),
            right("negative", number("-40"), "-40"),
            right("negative with a minus sign", number("-40"), "−40"),
            right("negative in brackets", number("-40"), "(-40)"),
            right("negative with a unit symbol", number("-40"), "-40°"),
            wrong("the sign matters", number("-40"), "40"),
            wrong("a word for the sign", number("-40"), "minus 40"),
            right("decimal", number("2.5"), "2.5"),
            right("trailing zeros", number("2.5"), "2.50"),
            right("a leading decimal point", number("0.5"), ".5"),
            right("an explicit plus", number("5"), "+5"),
            wrong("a dash between words is no sign", number("-5"), "x-5"),
            wrong("several points separate numbers", number("17"), "17.4.1968"),
            wrong("exponents are not read", number("100"), "1e2"),
        ],
        &(),
    );
}

#[test]
fn a_number_too_large_to_represent_is_wrong() {
    let huge = format!("3{}", "0".repeat(400));
    assert_eq!(numbers_in(&huge), vec![None]);
    assert_eq!(grade(&number("3"), &[], &huge, &()).verdict, Verdict::Wrong);
    assert_eq!(
        grade(&number("3"), &[], &format!("3 or {huge}"), &()).verdict,
        Verdict::Wrong
    );
}

#[test]
fn tolerance_widens_number_cards() {
    run(
        vec![
            right("just above, within", number_within("2.5", 0.1), "2.6"),
            right("just below, within", number_within("2.5", 0.1), "2.4"),
            wrong("beyond the tolerance", number_within("2.5", 0.1), "2.61"),
            right("at the edge", number_within("100", 5.0), "105"),
            right(
                "inside, in a sentence",
                number_within("100", 5.0),
                "about 104",
            ),
            wrong("past the edge", number_within("100", 5.0), "106"),
            wrong(
                "hedging inside the tolerance",
                number_within("100", 5.0),
                "99 or 101",
            ),
            right(
                "tolerance applies to accepted numbers too",
                Card {
                    accept: strings(&["20"]),
                    ..number_within("10", 1.0)
                },
                "21",
            ),
            wrong("zero tolerance is exact", number_within("3", 0.0), "3.1"),
        ],
        &(),
    );
}

#[test]
fn numbers_are_never_typos() {
    run(
        vec![
            wrong("a near year", year("1955"), "1956"),
            wrong("swapped digits", year("1955"), "1595"),
            wrong("a near number", number("1955"), "1956"),
            wrong(
                "a misspelt number word",
                card(Kind::Number, "3", &["three"]),
                "thre",
            ),
        ],
        &(),
    );
}

#[test]
fn non_numeric_accept_entries_of_number_cards_compare_as_text() {
    let three = || card(Kind::Number, "3", &["three", "3.0"]);
    run(
        vec![
            right("the word", three(), "three"),
            right("the word, normalized", three(), "Three."),
            right("the number", three(), "3"),
            wrong("the word among others", three(), "three or four"),
            right(
                "a year spelt out",
                card(Kind::Year, "1955", &["nineteen fifty-five"]),
                "Nineteen-fifty-five",
            ),
        ],
        &(),
    );
}

#[test]
fn finds_numbers_as_whole_tokens() {
    let cases: [(&str, &[f64]); 14] = [
        ("in 1955", &[1955.0]),
        ("1955.", &[1955.0]),
        ("1,955", &[1955.0]),
        ("-40 and +3", &[-40.0, 3.0]),
        ("1955-56", &[1955.0, 56.0]),
        ("1950s", &[]),
        ("U2", &[]),
        ("3rd and 17th", &[3.0, 17.0]),
        ("3rdly", &[]),
        ("2.5th", &[]),
        ("17.4.1968", &[17.0, 4.0, 1968.0]),
        (".5 and 0.25", &[0.5, 0.25]),
        ("(12)", &[12.0]),
        ("١٩٥٥", &[]),
    ];
    for (reply, expected) in cases {
        let found: Vec<f64> = numbers_in(reply).into_iter().flatten().collect();
        assert_eq!(found, expected, "{reply}");
    }
}

#[test]
fn cloze_gaps_with_numbers_compare_as_numbers() {
    run(
        vec![
            right("the year of the gap", cloze("1954", &[]), "1954"),
            right("in a sentence", cloze("1954", &[]), "in 1954"),
            wrong("a near year", cloze("1954", &[]), "1955"),
            wrong("hedging", cloze("1954", &[]), "1954 or 1955"),
            right("a decimal gap", cloze("2.5", &[]), "2.50"),
            right(
                "a gap alternative in words",
                cloze("1955", &["nineteen fifty-five"]),
                "nineteen fifty five",
            ),
        ],
        &(),
    );
}

#[test]
fn cloze_gaps_from_a_deck_are_graded_by_their_own_answer() {
    let deck = r#"
[deck]
id = "t"
title = "T"

[[card]]
id = "alliances"
kind = "cloze"
text = "Pakistan joined {{SEATO}} in {{1954::year}} and {{Karachi|Karachee::city}} grew."
"#;
    let loaded = load_str(deck, Origin::Bundled("t.toml"));
    let deck = loaded.deck.expect("the test deck is valid");
    let cards: Vec<Card> = deck.cards().collect();
    let cases = [
        (0, "seato", Verdict::Right),
        (0, "1954", Verdict::Wrong),
        (1, "1954", Verdict::Right),
        (1, "in 1954.", Verdict::Right),
        (1, "1955", Verdict::Wrong),
        (2, "karachee", Verdict::Right),
        (2, "Karahci", Verdict::Typo),
    ];
    for (index, reply, expected) in cases {
        let graded = grade(&cards[index], &[], reply, &());
        assert_eq!(graded.verdict, expected, "gap {index}, reply {reply:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// True/false
// ---------------------------------------------------------------------------------------------

#[test]
fn parses_truefalse_replies() {
    let cases = [
        ("true", Some(true)),
        ("True", Some(true)),
        ("T", Some(true)),
        ("yes", Some(true)),
        ("YES", Some(true)),
        ("y", Some(true)),
        ("Yes!", Some(true)),
        ("(y)", Some(true)),
        ("  true. ", Some(true)),
        ("false", Some(false)),
        ("F", Some(false)),
        ("no", Some(false)),
        ("N", Some(false)),
        ("no.", Some(false)),
        ("ｙｅｓ", Some(true)),
        ("maybe", None),
        ("yes no", None),
        ("truth", None),
        ("1", None),
        ("oui", None),
        ("", None),
        ("?", None),
    ];
    for (reply, expected) in cases {
        assert_eq!(parse_truefalse(reply), expected, "{reply:?}");
    }
}

#[test]
fn truefalse_cards_compare_the_parsed_reply() {
    run(
        vec![
            right("yes for true", truefalse("true"), "yes"),
            right("t for true", truefalse("true"), "t"),
            wrong("no for true", truefalse("true"), "no"),
            right("n for false", truefalse("false"), "n"),
            right("False for false", truefalse("false"), "False"),
            wrong("y for false", truefalse("false"), "y"),
            wrong("anything else", truefalse("false"), "not really"),
            wrong("a typo is not forgiven", truefalse("false"), "flase"),
            wrong(
                "a broken card rejects everything",
                truefalse("perhaps"),
                "yes",
            ),
        ],
        &(),
    );
    assert_eq!(grade(&truefalse("TRUE"), &[], "y", &()).expected, "true");
    assert_eq!(grade(&truefalse("false"), &[], "y", &()).expected, "false");
}

// ---------------------------------------------------------------------------------------------
// Multiple choice
// ---------------------------------------------------------------------------------------------

struct ChoiceCase {
    name: &'static str,
    reply: &'static str,
    expected: Verdict,
}

fn run_choice(card: &Card, shown: &[&str], cases: &[ChoiceCase]) {
    let shown = strings(shown);
    for case in cases {
        let graded = grade(card, &shown, case.reply, &());
        assert_eq!(
            graded.verdict, case.expected,
            "{}: {:?}",
            case.name, case.reply
        );
        assert_eq!(graded.expected, card.answer, "{}", case.name);
    }
}

const fn c(name: &'static str, reply: &'static str, expected: Verdict) -> ChoiceCase {
    ChoiceCase {
        name,
        reply,
        expected,
    }
}

#[test]
fn choice_by_number_letter_or_text_in_the_shown_order() {
    use Verdict::{Right, Typo, Wrong};
    let card = choice("United States", &["United States", "India", "Afghanistan"]);
    run_choice(
        &card,
        &["India", "Afghanistan", "United States"],
        &[
            c("number", "3", Right),
            c("number with a full stop", "3.", Right),
            c("number in brackets", "(3)", Right),
            c("number with a bracket", "3)", Right),
            c("letter", "c", Right),
            c("capital letter", "C", Right),
            c("letter with a bracket", "c)", Right),
            c("letter in brackets", "(c)", Right),
            c("letter with spaces", " c ", Right),
            c("the text", "united states", Right),
            c("the text with an article", "The United States", Right),
            c("a typo of the text", "Untied States", Typo),
            c("another option's number", "1", Wrong),
            c("the letter a is a letter, not an article", "a", Wrong),
            c("another option's letter", "B", Wrong),
            c("another option's text", "India", Wrong),
            c("a typo of another option", "Indai", Wrong),
            c("a number beyond the options", "4", Wrong),
            c("number zero", "0", Wrong),
            c("a letter beyond the options", "d", Wrong),
            c("a far letter", "z", Wrong),
            c("something else", "Pakistan", Wrong),
        ],
    );
    let graded = grade(&card, &[], "Untied States", &());
    assert_eq!(graded.corrected.as_deref(), Some("United States"));
}

#[test]
fn choice_without_a_shown_order_uses_the_cards_order() {
    let card = choice("India", &["United States", "India", "Afghanistan"]);
    run_choice(
        &card,
        &[],
        &[
            c("second", "2", Verdict::Right),
            c("b", "b", Verdict::Right),
        ],
    );
}

#[test]
fn choice_typos_must_be_closer_to_the_right_option() {
    use Verdict::{Typo, Wrong};
    let card = choice("Gambia", &["Gambia", "Zambia", "Namibia"]);
    run_choice(
        &card,
        &["Zambia", "Gambia", "Namibia"],
        &[
            c("as close to another option", "Xambia", Wrong),
            c("closer to the right option", "Gambai", Typo),
            c("another option exactly", "zambia", Wrong),
        ],
    );
}

#[test]
fn choice_option_texts_win_over_positions() {
    use Verdict::{Right, Wrong};
    let years = choice("1955", &["1954", "1955", "1956"]);
    run_choice(
        &years,
        &["1956", "1955", "1954"],
        &[
            c("typed year", "1955", Right),
            c("another typed year", "1954", Wrong),
            c("position of the right year", "2", Right),
            c("position of another year", "1", Wrong),
        ],
    );
    let blood = choice("B", &["A", "B", "AB", "O"]);
    run_choice(
        &blood,
        &["AB", "O", "A", "B"],
        &[
            c("b is the option B", "b", Right),
            c("a is the option A", "a", Wrong),
            c("d is the fourth option", "d", Right),
            c("c is the third option", "c", Wrong),
        ],
    );
}

#[test]
fn choice_accept_entries_and_other_cards() {
    let card = Card {
        accept: strings(&["USA"]),
        ..choice("United States", &["United States", "India"])
    };
    assert_eq!(grade(&card, &[], "U.S.A.", &()).verdict, Verdict::Right);
    let others = |normalized: &str| normalized == "united stares";
    assert_eq!(
        grade(&card, &[], "United Stares", &others).verdict,
        Verdict::Wrong
    );
    assert_eq!(
        grade(&card, &[], "United Stares", &()).verdict,
        Verdict::Typo
    );
}

// ---------------------------------------------------------------------------------------------
// The bundled deck
// ---------------------------------------------------------------------------------------------

fn bundled_cards() -> Vec<Card> {
    let loaded = load_str(
        include_str!("../../decks/pakistan-soviet-relations.toml"),
        Origin::Bundled("pakistan-soviet-relations.toml"),
    );
    loaded
        .deck
        .expect("the bundled deck is valid")
        .cards()
        .collect()
}

#[test]
fn grades_the_bundled_deck() {
    let cards = bundled_cards();
    // The deck leaves surnames, aliases and spellings to the rules that know the whole deck.
    let deck = load_str(
        include_str!("../../decks/pakistan-soviet-relations.toml"),
        Origin::Bundled("pakistan-soviet-relations.toml"),
    )
    .deck
    .expect("the bundled deck is valid");
    let others = DeckContext::new(&deck);
    let cases: [(&str, &str, Verdict, Option<&str>); 30] = [
        ("liaquat-invited", "Liaquat Ali Khan", Verdict::Right, None),
        ("liaquat-invited", "liaqat ali khan", Verdict::Right, None),
        (
            "liaquat-invited",
            "Liaquat Ali Kahn",
            Verdict::Typo,
            Some("Liaquat Ali Khan"),
        ),
        ("ayub-welcomed-kosygin", "Ayub", Verdict::Right, None),
        (
            "ayub-welcomed-kosygin",
            "Ayub Kahn",
            Verdict::Typo,
            Some("Ayub Khan"),
        ),
        ("ayub-welcomed-kosygin", "Yahya Khan", Verdict::Wrong, None),
        (
            "khrushchev-threat",
            "Kruschev",
            Verdict::Typo,
            Some("Nikita Khrushchev"),
        ),
        ("romonovsky", "S.K. Romonovsky", Verdict::Right, None),
        ("romonovsky", "S. K. Romonovsky", Verdict::Right, None),
        (
            "isi-funding",
            "Inter Services Intelligence",
            Verdict::Right,
            None,
        ),
        ("isi-funding", "ISI", Verdict::Right, None),
        ("poem-dawn", "the coming of dawn", Verdict::Right, None),
        ("cento-year", "1955", Verdict::Right, None),
        ("cento-year", "in 1955", Verdict::Right, None),
        ("cento-year", "1954", Verdict::Wrong, None),
        ("cento-year", "1955-56", Verdict::Wrong, None),
        ("seato-year", "1954.", Verdict::Right, None),
        ("ayub-moscow-day", "3rd", Verdict::Right, None),
        ("ayub-moscow-day", "April 3", Verdict::Right, None),
        ("kosygin-visit-day", "the 17th", Verdict::Right, None),
        ("kosygin-visit-day", "17 April 1968", Verdict::Right, None),
        ("kosygin-visit-day", "17 May 1968", Verdict::Wrong, None),
        ("yahya-pro-soviet", "no", Verdict::Right, None),
        ("yahya-pro-soviet", "yes", Verdict::Wrong, None),
        (
            "yahya-successor",
            "yahya kahn",
            Verdict::Typo,
            Some("Yahya Khan"),
        ),
        (
            "yahya-successor",
            "Muhammad Zia ul Haq",
            Verdict::Wrong,
            None,
        ),
        ("cold-war-ally", "united states", Verdict::Right, None),
        ("zia-death-cloze.1", "plane crash", Verdict::Right, None),
        (
            "zia-death-cloze.1",
            "aircraft crsh",
            Verdict::Typo,
            Some("aircraft crash"),
        ),
        ("cold-war-blocs.2", "eastern", Verdict::Right, None),
    ];
    for (id, reply, verdict, corrected) in cases {
        let card = cards
            .iter()
            .find(|card| card.id.as_str() == id)
            .unwrap_or_else(|| panic!("no card {id} in the bundled deck"));
        let graded = grade(card, &card.choices, reply, &others);
        assert_eq!(
            (graded.verdict, graded.corrected.as_deref()),
            (verdict, corrected),
            "{id}: {reply:?}"
        );
    }
}

#[test]
fn every_bundled_answer_and_accept_entry_is_right() {
    let cards = bundled_cards();
    let others = answer_set(&cards);
    for card in &cards {
        let forms = std::iter::once(&card.answer).chain(&card.accept);
        for form in forms {
            let graded = grade(card, &card.choices, form, &others);
            assert_eq!(graded.verdict, Verdict::Right, "{}: {form:?}", card.id);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hints
// ---------------------------------------------------------------------------------------------

#[test]
fn hints_reveal_leading_letters_of_each_word() {
    let cases = [
        ("first letters", "Liaquat Ali Khan", 1, "L______ A__ K___"),
        ("two letters", "Liaquat Ali Khan", 2, "Li_____ Al_ Kh__"),
        ("three letters", "Liaquat Ali Khan", 3, "Lia____ Al_ Kha_"),
        (
            "never a whole word",
            "Liaquat Ali Khan",
            100,
            "Liaqua_ Al_ Kha_",
        ),
        ("hyphens kept", "Zia-ul-Haq", 1, "Z__-u_-H__"),
        ("initials kept", "S.K. Romonovsky", 1, "S.K. R_________"),
        ("accented letters", "Suhrawardý", 2, "Su________"),
        (
            "separate accent marks follow their letter",
            "Suhrawardy\u{301}",
            9,
            "Suhraward_",
        ),
        ("two-letter answer", "US", 1, "U_"),
        ("two-letter answer stays hidden", "US", 5, "U_"),
        ("one-letter answer", "A", 1, "A"),
        ("one-letter words keep one back", "J K R", 3, "J K _"),
        ("level zero is no hint", "Karachi", 0, ""),
        ("empty answer", "", 3, ""),
    ];
    for (name, answer, level, expected) in cases {
        assert_eq!(hint(&text(answer), level), expected, "{name}");
    }
}

#[test]
fn hints_reveal_leading_digits_of_numbers() {
    let cases = [
        ("one digit", year("1955"), 1, "1___"),
        ("two digits", year("1955"), 2, "19__"),
        ("never the last digit", year("1955"), 9, "195_"),
        ("sign kept", number("-40"), 1, "-4_"),
        ("separators kept", number("1,000"), 2, "1,0__"),
        ("a single digit stays hidden", number("3"), 3, "_"),
        ("numeric cloze gap", cloze("1954", &[]), 1, "1___"),
    ];
    for (name, card, level, expected) in cases {
        assert_eq!(hint(&card, level), expected, "{name}");
    }
}

#[test]
fn hint_field_comes_first() {
    let card = with_hint(text("Alexei Kosygin"), "A Soviet premier");
    assert_eq!(hint(&card, 1), "A Soviet premier");
    assert_eq!(hint(&card, 2), "A_____ K______");
    assert_eq!(hint(&card, 3), "Al____ Ko_____");
    let blank = with_hint(text("Kosygin"), "  ");
    assert_eq!(hint(&blank, 1), "K______");
}

#[test]
fn cloze_hint_already_in_the_gap_is_not_repeated() {
    let shown = Card {
        question: "Steel mills were built in [city].".to_owned(),
        ..with_hint(cloze("Karachi", &[]), "city")
    };
    assert_eq!(hint(&shown, 1), "K______");
    let not_shown = Card {
        question: "Steel mills were built in […].".to_owned(),
        ..with_hint(cloze("Karachi", &[]), "a port")
    };
    assert_eq!(hint(&not_shown, 1), "a port");
}

#[test]
fn truefalse_hints_never_show_letters() {
    let plain = truefalse("false");
    assert_eq!(hint(&plain, 1), hint(&plain, 5));
    assert!(!hint(&plain, 1).is_empty());
    // Neutral: the nudge is the same whichever way the statement goes.
    assert_eq!(hint(&plain, 1), hint(&truefalse("true"), 1));
    let hinted = with_hint(truefalse("false"), "Think of his politics.");
    assert_eq!(hint(&hinted, 1), "Think of his politics.");
    assert_eq!(hint(&hinted, 3), "Think of his politics.");
    assert_eq!(hint(&plain, 0), "");
}

#[test]
fn choice_hints_rule_out_wrong_options_one_per_level() {
    let card = choice(
        "India",
        &["India", "Pakistan", "Afghanistan", "United States"],
    );
    let ruled_out = |level| {
        let text = hint(&card, level);
        ["Pakistan", "Afghanistan", "United States"]
            .into_iter()
            .filter(|option| text.contains(&format!("“{option}”")))
            .collect::<Vec<_>>()
    };
    assert_eq!(ruled_out(1).len(), 1);
    assert_eq!(ruled_out(2).len(), 2);
    assert_eq!(ruled_out(3).len(), 2, "one wrong option always stays");
    assert!(ruled_out(2).contains(&ruled_out(1)[0]), "hints accumulate");
    assert!(!hint(&card, 9).contains("“India”"), "never the answer");
    assert_eq!(hint(&card, 1), hint(&card, 1), "deterministic");
    assert!(hint(&card, 1).starts_with("Not “"));
    assert!(hint(&card, 2).contains(" or "));

    let two = choice("India", &["India", "Iran"]);
    assert!(
        !hint(&two, 1).contains("Iran"),
        "nothing to rule out with two options"
    );

    let hinted = with_hint(card.clone(), "A neighbour");
    assert_eq!(hint(&hinted, 1), "A neighbour");
    assert_eq!(hint(&hinted, 2), hint(&card, 1));
}

// ---------------------------------------------------------------------------------------------
// Totality and serialization
// ---------------------------------------------------------------------------------------------

#[test]
fn hostile_replies_do_not_panic() {
    let huge_letters = "a".repeat(10 * 1024 * 1024);
    let huge_digits = "9".repeat(10 * 1024 * 1024);
    let huge_numbers = "1 2 ".repeat(2 * 1024 * 1024);
    let replies = [
        "🇵🇰🇷🇺 👍🏽",
        "كراتشي",
        "\u{202e}ihcaraK",
        "\u{0}\u{1b}[2J\u{7}",
        "\u{301}\u{301}",
        "(",
        ")",
        "-",
        "−",
        ".",
        "1.",
        "1,",
        "١٩٥٥",
        "˜",
        &huge_letters,
        &huge_digits,
        &huge_numbers,
    ];
    let cards = [
        text("Karachi"),
        text(""),
        year("1955"),
        year("-500"),
        number_within("2.5", 0.1),
        number("not a number"),
        choice("India", &["India", "Iran"]),
        choice("", &[]),
        truefalse("true"),
        cloze("1954", &[]),
        cloze("", &[]),
    ];
    let shown = strings(&["India", "Iran"]);
    for card in &cards {
        for reply in replies {
            let graded = grade(card, &shown, reply, &());
            if reply.len() > 1000 {
                assert_eq!(graded.verdict, Verdict::Wrong);
            }
        }
        for level in [0, 1, 2, u32::MAX] {
            let _ = hint(card, level);
        }
    }
    // The number scanner itself copes with megabytes, whatever `grade` lets through.
    assert_eq!(numbers_in(&huge_digits), vec![None]);
    assert_eq!(numbers_in(&huge_numbers).len(), 4 * 1024 * 1024);
    assert!(numbers_in(&huge_letters).is_empty());
}

#[test]
fn replies_far_longer_than_the_card_are_wrong_unread() {
    let karachi = text("Karachi");
    let padded = format!("Karachi{}", " ".repeat(100));
    assert_eq!(grade(&karachi, &[], &padded, &()).verdict, Verdict::Right);
    let flooded = format!("Karachi{}", "!".repeat(5000));
    assert_eq!(grade(&karachi, &[], &flooded, &()).verdict, Verdict::Wrong);
    let long_year = format!("{}1955", " ".repeat(5000));
    assert_eq!(
        grade(&year("1955"), &[], &long_year, &()).verdict,
        Verdict::Wrong
    );
}

#[test]
fn long_answers_are_compared_exactly_without_typos() {
    let answer = "Pakistan and the Soviet Union ".repeat(2000);
    let card = text(&answer);
    assert_eq!(grade(&card, &[], &answer, &()).verdict, Verdict::Right);
    let slip = answer.replacen("Soviet", "Sovet", 1);
    assert_eq!(grade(&card, &[], &slip, &()).verdict, Verdict::Wrong);
    assert!(hint(&card, 2).starts_with("Pa______ an_ th_ So____ Un___"));
}

#[test]
fn verdicts_serialize_in_lowercase() {
    let graded = grade(&text("Karachi"), &[], "Karahci", &());
    let json = serde_json::to_string(&graded).expect("serializable");
    assert_eq!(
        json,
        r#"{"verdict":"typo","expected":"Karachi","corrected":"Karachi","matched":{"form":"Karachi","rules":["typo"]},"prompt":null}"#
    );
    let verdict: Verdict = serde_json::from_str("\"wrong\"").expect("deserializable");
    assert_eq!(verdict, Verdict::Wrong);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Answers as decks write them: any printable text that is not blank.
fn answer_text() -> impl Strategy<Value = String> {
    prop_oneof!["[A-Za-zÀ-ÿ0-9 '&.-]{1,24}", "\\PC{1,24}",]
        .prop_filter("answers are not blank", |s| !s.trim().is_empty())
}

/// Numbers as `text::parse_number` reads them.
fn answer_number() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{1,7}(\\.[0-9]{1,3})?",
        "[1-9][0-9]{0,2}(,[0-9]{3}){1,3}",
        "[+−]?[0-9]{1,4}",
    ]
}

proptest! {
    #[test]
    fn the_answer_and_accept_entries_of_text_cards_are_right(
        answer in answer_text(),
        accept in prop::collection::vec(answer_text(), 0..4),
    ) {
        let accept: Vec<&str> = accept.iter().map(String::as_str).collect();
        let card = text_accepting(&answer, &accept);
        let everyone = answer_set([&card]);
        let context = DeckContext::from_cards(std::slice::from_ref(&card), &[]);
        for form in std::iter::once(answer.as_str()).chain(accept.iter().copied()) {
            prop_assert_eq!(grade(&card, &[], form, &()).verdict, Verdict::Right);
            prop_assert_eq!(grade(&card, &[], form, &everyone).verdict, Verdict::Right);
            prop_assert_eq!(grade(&card, &[], form, &context).verdict, Verdict::Right);
            prop_assert_eq!(grade(&cloze(&answer, &accept), &[], form, &()).verdict, Verdict::Right);
        }
    }

    #[test]
    fn the_answer_and_accept_entries_of_number_cards_are_right(
        answer in answer_number(),
        numeric in prop::collection::vec(answer_number(), 0..3),
        words in prop::collection::vec("[a-z]{1,10}( [a-z]{1,10})?", 0..2),
        tolerance in prop::option::of(0.0..10.0f64),
    ) {
        let accept: Vec<&str> = numeric.iter().chain(&words).map(String::as_str).collect();
        let card = Card { tolerance, ..card(Kind::Number, &answer, &accept) };
        for form in std::iter::once(answer.as_str()).chain(accept.iter().copied()) {
            prop_assert_eq!(grade(&card, &[], form, &()).verdict, Verdict::Right, "{}", form);
        }
        let sentence = format!("I think it is {answer}.");
        prop_assert_eq!(grade(&card, &[], &sentence, &()).verdict, Verdict::Right);
    }

    #[test]
    fn the_right_option_is_right_in_any_order(
        options in prop::collection::btree_set("[A-Za-z]{1,12}( [A-Za-z]{1,12})?", 2..8),
        pick in any::<prop::sample::Index>(),
        seed in any::<u64>(),
    ) {
        // Options that normalize alike are refused by the deck checker; keep them distinct.
        let mut seen = HashSet::new();
        let options: Vec<String> = options.into_iter().filter(|o| seen.insert(normalize(o))).collect();
        prop_assume!(options.len() >= 2);
        let answer = pick.get(&options).clone();
        let mut shown = options.clone();
        shown.sort_by_key(|option| crate::text::stable_hash(&[option.as_bytes(), &seed.to_le_bytes()]));
        let card = Card { choices: options.clone(), ..card(Kind::Choice, &answer, &[]) };
        let position = shown.iter().position(|option| *option == answer).expect("answer shown");
        let number = (position + 1).to_string();
        let letter = char::from(b'a' + u8::try_from(position).expect("few options")).to_string();
        for reply in [answer.as_str(), number.as_str(), letter.as_str()] {
            // A one-letter option text may shadow a letter; the text rule wins then (see tests).
            if options.iter().any(|o| normalize(o) == normalize(reply)) && reply != answer {
                continue;
            }
            prop_assert_eq!(grade(&card, &shown, reply, &()).verdict, Verdict::Right, "{}", reply);
        }
    }

    #[test]
    fn normalizing_twice_changes_nothing(s in any::<String>()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once.clone());
        let comparable_once = comparable(&s);
        prop_assert_eq!(comparable(&comparable_once), comparable_once);
    }

    #[test]
    fn grading_never_panics(
        reply in any::<String>(),
        answer in any::<String>(),
        accept in prop::collection::vec(any::<String>(), 0..3),
        choices in prop::collection::vec(any::<String>(), 0..4),
        level in any::<u32>(),
        hint_text in prop::option::of(any::<String>()),
    ) {
        let accept: Vec<&str> = accept.iter().map(String::as_str).collect();
        for kind in Kind::ALL {
            let card = Card {
                choices: choices.clone(),
                tolerance: Some(1.0),
                hint: hint_text.clone(),
                ..card(kind, &answer, &accept)
            };
            let _ = grade(&card, &choices, &reply, &());
            let _ = grade(&card, &[], &reply, &|_: &str| true);
            let context = DeckContext::from_cards(std::slice::from_ref(&card), &[]);
            let _ = grade(&card, &choices, &reply, &context);
            let _ = hint(&card, level);
        }
        let _ = parse_truefalse(&reply);
    }

    #[test]
    fn a_year_card_never_accepts_another_year(
        answer in -9999i32..=9999,
        other in -9999i32..=9999,
        form in 0usize..6,
    ) {
        prop_assume!(answer != other);
        let card = year(&answer.to_string());
        let reply = match form {
            0 => format!("{other}"),
            1 => format!("in {other}"),
            2 => format!("{other}."),
            3 => format!("{answer} or {other}"),
            4 => format!("{other}, {answer}"),
            _ => format!("it was {other} AD"),
        };
        prop_assert_eq!(grade(&card, &[], &reply, &()).verdict, Verdict::Wrong, "{}", reply);
        prop_assert_eq!(grade(&card, &[], &format!("in {answer}"), &()).verdict, Verdict::Right);
    }

    #[test]
    fn another_cards_answer_is_never_accepted_as_a_typo(
        answer in "[a-z]{5,14}",
        position in any::<prop::sample::Index>(),
        letter in "[a-z]",
    ) {
        // A one-letter change: within every budget, so only the other-card rule can refuse it.
        // Not the first letter, and not a final vowel for another vowel: those are other words,
        // never typos.
        let at = 1 + position.index(answer.len() - 1);
        let mut reply = answer.clone();
        reply.replace_range(at..=at, &letter);
        prop_assume!(reply != answer);
        let vowel = |s: &str| s.ends_with(['a', 'e', 'i', 'o', 'u']);
        prop_assume!(!(at == answer.len() - 1 && vowel(&answer) && vowel(&reply)));
        let others = HashSet::from([reply.clone()]);
        prop_assert_eq!(grade(&text(&answer), &[], &reply, &others).verdict, Verdict::Wrong);
        // Without the other card it is a typo, or right when the change is a spelling variant
        // ("y" for "i", a doubled letter).
        let variant = text::Canon::new(&reply).key == text::Canon::new(&answer).key;
        let expected = if variant { Verdict::Right } else { Verdict::Typo };
        prop_assert_eq!(grade(&text(&answer), &[], &reply, &()).verdict, expected);
    }

    #[test]
    fn another_cards_answer_in_the_deck_is_never_right_or_a_typo(
        answers in prop::collection::vec(answer_text(), 2..6),
        accept in prop::collection::vec(answer_text(), 0..3),
    ) {
        let cards: Vec<Card> = answers
            .iter()
            .enumerate()
            .map(|(i, answer)| {
                let mut card = text_accepting(answer, &[]);
                card.id = format!("c{i}").parse().expect("valid id");
                // Accepted forms on the first card only, so that the others have one form each.
                if i == 0 {
                    card.accept.clone_from(&accept);
                }
                card
            })
            .collect();
        let context = DeckContext::from_cards(&cards, &[]);
        for card in &cards {
            // A card's own forms, and those the deck accepts for the same answer on other cards.
            let own: Vec<String> = cards
                .iter()
                .filter(|c| comparable(&c.answer) == comparable(&card.answer))
                .flat_map(|c| std::iter::once(&c.answer).chain(&c.accept))
                .map(|form| comparable(form))
                .collect();
            for other in &cards {
                if own.contains(&comparable(&other.answer)) {
                    continue;
                }
                let verdict = grade(card, &[], &other.answer, &context).verdict;
                prop_assert!(
                    matches!(verdict, Verdict::Wrong | Verdict::Close),
                    "{:?} took {:?}: {:?}", card.answer, other.answer, verdict
                );
            }
        }
    }

    #[test]
    fn hints_never_give_a_longer_answer_away(answer in "[A-Za-z]{3,12}( [A-Za-z]{1,12}){0,3}", level in any::<u32>()) {
        prop_assert_ne!(hint(&text(&answer), level), answer);
    }
}

/// `uses_deck` says which cards grading reads the deck for: a card it says no to grades the
/// same with the whole deck as without it.
#[test]
fn cards_that_do_not_use_the_deck_grade_the_same_without_it() {
    let deck = load_str(
        "[deck]\nid = \"u\"\ntitle = \"U\"\n[deck.aliases]\n\"United States\" = [\"America\"]\n\
         [[card]]\nid = \"year\"\nkind = \"year\"\nquestion = \"When?\"\nanswer = \"1955\"\n\
         [[card]]\nid = \"count\"\nkind = \"number\"\nquestion = \"How many?\"\nanswer = \"12\"\n\
         [[card]]\nid = \"tf\"\nkind = \"truefalse\"\nquestion = \"So?\"\nanswer = true\n\
         [[card]]\nid = \"gap\"\nkind = \"cloze\"\ntext = \"CENTO was founded in {{1955}} by {{Kosygin}}.\"\n\
         [[card]]\nid = \"who\"\nquestion = \"Who was the Soviet premier?\"\nanswer = \"Alexei Kosygin\"\n\
         [[card]]\nid = \"us\"\nquestion = \"Which country?\"\nanswer = \"United States\"\n\
         [[card]]\nid = \"pick\"\nkind = \"choice\"\nquestion = \"Which country?\"\nanswer = \"United States\"\nchoices = [\"United States\", \"India\"]\n",
        Origin::File("u.toml".into()),
    )
    .deck
    .expect("valid deck");
    let context = DeckContext::new(&deck);
    let replies = [
        "1955", "in 1955", "12", "twelve", "y", "no", "Kosygin", "America", "India", "x",
    ];
    let mut used = Vec::new();
    for card in deck.cards() {
        if uses_deck(&card) {
            used.push(card.id.to_string());
            continue;
        }
        for reply in replies {
            assert_eq!(
                grade(&card, &[], reply, &context),
                grade(&card, &[], reply, &()),
                "{} {reply:?}",
                card.id
            );
        }
    }
    assert_eq!(used, ["gap.2", "who", "us", "pick"]);
    // And the deck does make a difference to those.
    let us = deck.cards().find(|c| c.id.as_str() == "us").expect("card");
    assert_ne!(
        grade(&us, &[], "America", &context).verdict,
        grade(&us, &[], "America", &()).verdict
    );
}

#[test]
fn a_final_bracket_splits_from_the_reply() {
    let cases: [(&str, Option<(&str, &str)>); 8] = [
        (
            "Inter-Services Intelligence (ISI)",
            Some(("Inter-Services Intelligence", "ISI")),
        ),
        ("  Stalin ( Joseph ).", Some(("Stalin", "Joseph"))),
        (
            "CIA (Central Intelligence Agency)?",
            Some(("CIA", "Central Intelligence Agency")),
        ),
        ("(ISI)", None),
        ("ISI ()", None),
        ("ISI (CIA) (KGB)", None),
        ("ISI (CIA", None),
        ("ISI (CIA) agency", None),
    ];
    for (reply, expected) in cases {
        assert_eq!(super::split_bracket(reply), expected, "{reply}");
    }
}

#[test]
fn a_key_beyond_the_options_is_not_an_option() {
    let card = choice("United States", &["United States", "India", "Afghanistan"]);
    let shown = [
        "India".to_owned(),
        "Afghanistan".to_owned(),
        "United States".to_owned(),
    ];
    let cases: [(&str, Option<usize>); 10] = [
        ("4", Some(3)),
        ("0", Some(3)),
        ("d", None),
        ("(z)", None),
        ("99.", Some(3)),
        ("3", None),
        ("c", None),
        ("Pakistan", None),
        ("1960", None),
        ("", None),
    ];
    for (reply, expected) in cases {
        assert_eq!(not_an_option(&card, &shown, reply), expected, "{reply}");
    }
    // An option whose text is a letter or a number is that option, not a key beyond the rest.
    let letters = choice("B", &["A", "B", "AB", "O"]);
    assert_eq!(not_an_option(&letters, &[], "o"), None);
    assert_eq!(not_an_option(&letters, &[], "5"), Some(4));
    // Only choice cards have options.
    assert_eq!(not_an_option(&text("Karachi"), &[], "5"), None);
}

#[test]
fn a_word_of_leaving_is_no_answer_unless_the_card_has_it() {
    let many: Vec<String> = (1..=20).map(|n| format!("option {n}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let cases: [(&str, Card, &str, bool); 8] = [
        ("q", text("Karachi"), "a letter", true),
        ("quit", text("Karachi"), "the word", true),
        ("EXIT.", text("Karachi"), "any case, a full stop", true),
        ("quit smoking", text("Karachi"), "more words", false),
        ("Q", text("Q"), "the card's answer", false),
        ("exit", text("the Brexit"), "not the answer", true),
        (
            "q",
            choice("option 1", &many),
            "a choice card's 17th option",
            false,
        ),
        (
            "quit",
            choice("Quit", &["Quit", "Stay"]),
            "an option's text",
            false,
        ),
    ];
    for (reply, card, why, expected) in cases {
        assert_eq!(
            means_to_leave(&card, &card.choices, reply),
            expected,
            "{why}: {reply}"
        );
    }
}
