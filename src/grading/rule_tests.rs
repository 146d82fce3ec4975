//! One table per grading rule, graded against a small deck built for the purpose (so that the
//! deck-wide rules, such as a surname two people share, are in play), with right, close and
//! wrong cases and the traps each rule must not fall into. Then the invariants as properties.

use proptest::prelude::*;

use super::*;
use crate::deck::{Deck, Origin, load_str};

const DECK: &str = r#"
[deck]
id = "rules"
title = "Grading rules"

[deck.aliases]
"United States" = ["America", "U.S."]
"United Kingdom" = ["Britain", "Great Britain"]

[[card]]
id = "zab"
question = "Which leader founded the Pakistan Peoples Party?"
answer = "Zulfikar Ali Bhutto"

[[card]]
id = "benazir"
question = "Which prime minister was the first woman to lead Pakistan?"
answer = "Benazir Bhutto"

[[card]]
id = "zia"
question = "Who led the coup of 1977?"
answer = "Muhammad Zia-ul-Haq"

[[card]]
id = "ayub"
question = "Which president ruled Pakistan from 1958?"
answer = "Ayub Khan"

[[card]]
id = "yahya"
question = "Who succeeded him as president?"
answer = "Yahya Khan"

[[card]]
id = "liaquat"
question = "Who was the first prime minister?"
answer = "Liaquat Ali Khan"

[[card]]
id = "firoz"
question = "Who was the leading bureaucrat?"
answer = "Sir Firoz Ali Khan"

[[card]]
id = "nawaz"
question = "Which prime minister came after her?"
answer = "Nawaz Sharif"

[[card]]
id = "kosygin"
question = "Which Soviet premier visited Pakistan?"
answer = "Alexei Kosygin"

[[card]]
id = "suhrawardy"
question = "Which prime minister leased the base?"
answer = "Huseyn Suhrawardy"

[[card]]
id = "zafarullah"
question = "Which foreign minister met Gromyko?"
answer = "Sir Zafarullah Khan"

[[card]]
id = "jinnah"
question = "Who founded Pakistan?"
answer = "Muhammad Ali Jinnah"
known_as = ["Quaid-e-Azam"]

[[card]]
id = "stalin"
kind = "choice"
question = "Which Soviet leader invited the prime minister?"
answer = "Joseph Stalin"
choices = ["Joseph Stalin", "Nikita Khrushchev", "Nikolai Bulganin"]

[[card]]
id = "cia"
question = "Which agency leased the base?"
answer = "CIA"

[[card]]
id = "isi"
question = "Which organisation funded the fighters?"
answer = "Inter-Services Intelligence"

[[card]]
id = "seato"
kind = "choice"
question = "Which alliance did Pakistan join in 1954?"
answer = "SEATO"
choices = ["SEATO", "CENTO", "NATO"]

[[card]]
id = "ally"
question = "Which country was Pakistan's ally?"
answer = "United States"

[[card]]
id = "army"
question = "Which force trained the pilots?"
answer = "United States Army"

[[card]]
id = "from"
question = "From which country did Pakistan become independent?"
answer = "United Kingdom"

[[card]]
id = "offer"
question = "What did the Soviets offer to build?"
answer = "a commercial nuclear power plant"

[[card]]
id = "crash"
question = "How did he die?"
answer = "aircraft crash"

[[card]]
id = "base"
question = "Which installation was leased?"
answer = "Peshawar Air Station"

[[card]]
id = "theory"
question = "Which theory did the movement believe in?"
answer = "two-nation theory"

[[card]]
id = "neighbour"
question = "What did he call the Soviet Union?"
answer = "neighbour"

[[card]]
id = "fighters"
question = "Which fighters did Pakistan back?"
answer = "Afghan mujahideen"

[[card]]
id = "city"
question = "Which city was threatened?"
answer = "Peshawar"

[[card]]
id = "events"
kind = "number"
question = "How many events changed the policy?"
answer = 2

[[card]]
id = "cento"
kind = "year"
question = "In which year did Pakistan join CENTO?"
answer = 1955

[[card]]
id = "day"
kind = "number"
question = "On which day of August?"
answer = 14

[[card]]
id = "linked"
question = "Through whom did Ayub Khan reach Moscow?"
answer = "Zulfikar Ali Bhutto"

[[card]]
id = "aid"
question = "Besides aid for a nuclear power plant, what kind of aid did he agree to?"
answer = "economic aid"

[[card]]
id = "strained"
kind = "choice"
question = "Why did relations stay strained?"
answer = "Pakistan joined SEATO and CENTO"
choices = ["Pakistan joined SEATO and CENTO", "Pakistan recognised Bangladesh", "Pakistan tested a nuclear bomb"]

[[card]]
id = "month"
question = "In which month were relations established?"
answer = "May"

[[card]]
id = "guddu"
question = "Which power station was built with Soviet help?"
answer = "Guddu Thermal Power Station"
accept = ["Guddu"]

[[card]]
id = "thousands"
kind = "number"
question = "How many troops?"
answer = 2000

[[card]]
id = "arif"
question = "Which general wrote about the incident?"
answer = "Khalid Mahmud Arif"

[[card]]
id = "ayub-welcome"
question = "Which president welcomed the premier?"
answer = "Ayub Khan"
accept = ["Muhammad Ayub Khan"]

[[card]]
id = "state"
question = "Which state succeeded the Soviet Union when it was dissolved?"
answer = "Russian Federation"
accept = ["Russia"]

[[card]]
id = "province"
question = "In which province is Karachi?"
answer = "Sindh"

[[card]]
id = "stance"
question = "What stance did the Soviets take in 1965?"
answer = "neutral"

[[card]]
id = "stance-choice"
kind = "choice"
question = "What stance did the Soviet Union take in 1947?"
answer = "neutral and non-committal"
choices = ["neutral and non-committal", "it backed Pakistan", "it sent troops"]

[[card]]
id = "unsc"
question = "To which body was the dispute moved?"
answer = "United Nations Security Council"

[[card]]
id = "liberation"
question = "Which war did he preside over?"
answer = "Bangladesh Liberation War"

[[card]]
id = "pakistani-city"
question = "Which Pakistani city did he threaten?"
answer = "Peshawar"

[[card]]
id = "left-seato"
kind = "year"
question = "Until which year was Pakistan in SEATO?"
answer = 1977

[[card]]
id = "motives"
kind = "choice"
question = "What were the motives?"
answer = "economic and technical assistance"
choices = ["economic and technical assistance", "military alliances", "recognition of its borders"]

[[card]]
id = "indira"
question = "Which Indian prime minister signed the treaty?"
answer = "Indira Gandhi"
accept = ["Mrs Gandhi"]

[[card]]
id = "people"
question = "From which country did Pakistan win its independence?"
answer = "United Kingdom"
"#;

fn deck() -> Deck {
    let loaded = load_str(DECK, Origin::Bundled("rules.toml"));
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    loaded.deck.expect("the rules deck is valid")
}

/// A reply to a card of [`DECK`] and what it must get.
struct Case {
    card: &'static str,
    reply: &'static str,
    verdict: Verdict,
    /// The rules `matched` must list (in any order); empty: not checked.
    rules: &'static [Rule],
    /// The close prompt, when checked.
    prompt: Option<&'static str>,
}

fn right(card: &'static str, reply: &'static str, rules: &'static [Rule]) -> Case {
    Case {
        card,
        reply,
        verdict: Verdict::Right,
        rules,
        prompt: None,
    }
}

fn typo(card: &'static str, reply: &'static str) -> Case {
    Case {
        card,
        reply,
        verdict: Verdict::Typo,
        rules: &[],
        prompt: None,
    }
}

fn close(card: &'static str, reply: &'static str, prompt: &'static str) -> Case {
    Case {
        card,
        reply,
        verdict: Verdict::Close,
        rules: &[],
        prompt: Some(prompt),
    }
}

fn wrong(card: &'static str, reply: &'static str) -> Case {
    Case {
        card,
        reply,
        verdict: Verdict::Wrong,
        rules: &[],
        prompt: None,
    }
}

/// Grades every case with the whole deck known and reports every mismatch at once.
fn run(cases: &[Case]) {
    let deck = deck();
    let context = DeckContext::new(&deck);
    let cards: Vec<Card> = deck.cards().collect();
    let mut failures = Vec::new();
    for case in cases {
        let card = cards
            .iter()
            .find(|card| card.id.as_str() == case.card)
            .unwrap_or_else(|| panic!("no card {}", case.card));
        let graded = grade(card, &card.choices, case.reply, &context);
        let rules = graded.matched.as_ref().map_or(&[][..], |m| &m.rules);
        let rules_ok = case.rules.iter().all(|rule| rules.contains(rule))
            && (case.rules.is_empty() || rules.len() == case.rules.len());
        let prompt_ok = case.prompt.is_none() || graded.prompt.as_deref() == case.prompt;
        if graded.verdict != case.verdict || !rules_ok || !prompt_ok {
            failures.push(format!(
                "{}: {:?}: expected {:?} {:?} {:?}, got {:?} {:?} {:?}",
                case.card,
                case.reply,
                case.verdict,
                case.rules,
                case.prompt,
                graded.verdict,
                rules,
                graded.prompt
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn peoples_names() {
    use Rule::{GivenName, Initials, KnownAs, MiddleNames, ShortName, Spelling, Surname, Title};
    run(&[
        // Right: the surname alone, initials, titles, middle names, the name known by.
        right("kosygin", "Kosygin", &[Surname]),
        right("kosygin", "Premier Kosygin", &[Surname, Title]),
        right("zab", "Z. A. Bhutto", &[Initials]),
        right("zab", "ZA Bhutto", &[Initials]),
        right("zab", "Z.A. Bhutto", &[Initials]),
        right("liaquat", "L. A. Khan", &[Initials]),
        right("zab", "Zulfikar Bhutto", &[MiddleNames]),
        right("suhrawardy", "H.S. Suhrawardy", &[Initials, MiddleNames]),
        right("suhrawardy", "Huseyn Shaheed Suhrawardy", &[MiddleNames]),
        right("nawaz", "Muhammad Nawaz Sharif", &[MiddleNames]),
        right("nawaz", "Sharif", &[Surname]),
        right("zia", "Zia", &[KnownAs]),
        right("zia", "General Zia", &[KnownAs, Title]),
        right("zia", "Zia-ul-Haq", &[Surname]),
        right("zia", "Zia ul Haq", &[Surname]),
        right("zia", "Gen. Zia ul Haq", &[Surname, Title]),
        right("ayub", "Field Marshal Ayub Khan", &[Title]),
        right("ayub", "Ayub", &[GivenName]),
        right("yahya", "Yahya", &[GivenName]),
        right("benazir", "Benazir", &[GivenName]),
        right("jinnah", "Quaid-e-Azam", &[KnownAs]),
        right("jinnah", "Mr. Jinnah", &[Surname, Title]),
        right("zafarullah", "Zafarullah Khan", &[Title]),
        right("stalin", "Stalin", &[Surname]),
        right("stalin", "Josef Stalin", &[Spelling]),
        // A short or familiar form of a given name, with the surname.
        right("zab", "Zulfi Bhutto", &[ShortName, MiddleNames]),
        right("stalin", "Joe Stalin", &[ShortName]),
        right("kosygin", "Alex Kosygin", &[ShortName]),
        // A woman's title that goes with her own name, before the whole of it.
        right("benazir", "Mohtarma Benazir Bhutto", &[Title]),
        right("benazir", "Miss Benazir Bhutto", &[Title]),
        // Typos stay typos.
        typo("kosygin", "Kosgin"),
        typo("zab", "Zulfikar Ali Buhtto"),
        // Close: a short form two people of the deck share, or one that says too little.
        close("zab", "Bhutto", "Which Bhutto?"),
        close("benazir", "Bhutto", "Which Bhutto?"),
        close("ayub", "Khan", "Which Khan?"),
        close("liaquat", "Ali Khan", "Which Khan?"),
        close("nawaz", "Nawaz", "Nawaz who?"),
        close("kosygin", "Alexei", "Alexei who?"),
        // Wrong: a different person of the deck is never right.
        wrong("zab", "Benazir Bhutto"),
        wrong("benazir", "Zulfikar Ali Bhutto"),
        wrong("benazir", "Z. A. Bhutto"),
        wrong("ayub", "Yahya Khan"),
        wrong("yahya", "Ayub"),
        wrong("liaquat", "Firoz Ali Khan"),
        wrong("nawaz", "Shehbaz Sharif"),
        wrong("zab", "Benazir Ali Bhutto"),
        wrong("stalin", "Khrushchev"),
        // A short form is not a given name of its own, nor someone else's name.
        wrong("benazir", "Zulfi Bhutto"),
        wrong("zab", "Zul Bhutto"),
        wrong("kosygin", "Sasha Kosygin"),
        // A woman's title before the surname alone, or one that takes a husband's name, is
        // someone else: his daughter or wife.
        wrong("zab", "Mohtarma Bhutto"),
        wrong("nawaz", "Begum Nawaz Sharif"),
        wrong("nawaz", "Mrs Nawaz Sharif"),
        wrong("kosygin", "Kosygin or Khrushchev"),
        wrong("zab", "Bhutto or Zia"),
        wrong("kosygin", "Gromyko"),
        // Someone else who bears the name: a given name before the person's own (as children
        // bear a parent's), another initial, another given name with the same surname.
        right("nawaz", "Mian Muhammad Nawaz Sharif", &[]),
        right("zafarullah", "Zafar Ullah Khan", &[]),
        wrong("nawaz", "Maryam Nawaz Sharif"),
        wrong("nawaz", "Hussain Nawaz Sharif"),
        wrong("ayub", "Gohar Ayub Khan"),
        wrong("nawaz", "S. Sharif"),
        wrong("jinnah", "F. Jinnah"),
        wrong("zafarullah", "Zafar Ali Khan"),
        wrong("linked", "Zulfikar Ali Khan"),
    ]);
}

#[test]
fn spelling_variants() {
    use Rule::Spelling;
    run(&[
        right("kosygin", "Aleksei Kosygin", &[Spelling]),
        right("kosygin", "Alexey Kosygin", &[Spelling]),
        right("zab", "Zulfiqar Ali Bhutto", &[Spelling]),
        right("jinnah", "Mohammad Ali Jinnah", &[Spelling]),
        right("jinnah", "Mohammed Ali Jinnah", &[Spelling]),
        right("zafarullah", "Sir Zafrulla Khan", &[Spelling, Rule::Title]),
        right("neighbour", "neighbor", &[Spelling]),
        right("city", "Peshawer", &[Spelling]),
        right("fighters", "Afghan mujahidin", &[Spelling]),
        // Real typos stay typos, and a different word stays wrong.
        typo("city", "Peshawra"),
        typo("neighbour", "nieghbour"),
        wrong("city", "Karachi"),
        wrong("kosygin", "Alexei Brezhnev"),
    ]);
}

#[test]
fn a_reply_restated_in_brackets() {
    run(&[
        // Both halves right: a name and its acronym, a name and the name known by.
        right("isi", "Inter-Services Intelligence (ISI)", &[]),
        right("isi", "ISI (Inter-Services Intelligence)", &[]),
        right("jinnah", "Muhammad Ali Jinnah (Quaid-e-Azam)", &[]),
        right("cia", "CIA (Central Intelligence Agency).", &[]),
        // The bracket holds the given name of the surname outside it.
        right("stalin", "Stalin (Joseph)", &[]),
        right("zab", "Bhutto (Zulfikar Ali)", &[]),
        // A bracket that hedges, or names someone or something else, leaves the reply wrong.
        wrong("jinnah", "Jinnah (or Liaquat)"),
        wrong("zab", "Bhutto (Benazir)"),
        wrong("isi", "ISI (CIA)"),
        wrong("isi", "CIA (ISI)"),
        wrong("stalin", "Stalin (Khrushchev)"),
    ]);
}

#[test]
fn acronyms_and_expansions() {
    use Rule::{Acronym, Expansion};
    run(&[
        right("cia", "Central Intelligence Agency", &[Expansion]),
        right("cia", "the Central Intelligence Agency", &[Expansion]),
        right("isi", "ISI", &[Acronym]),
        right("isi", "I.S.I.", &[Acronym]),
        right("seato", "Southeast Asia Treaty Organization", &[Expansion]),
        right("ally", "US", &[Alias]),
        // The wrong organisation's acronym or name stays wrong.
        wrong("cia", "KGB"),
        wrong("cia", "ISI"),
        wrong("cia", "Inter-Services Intelligence"),
        wrong("isi", "CIA"),
        wrong("isi", "Central Intelligence Agency"),
        wrong("seato", "NATO"),
        wrong("seato", "North Atlantic Treaty Organization"),
        wrong("seato", "Central Treaty Organization"),
    ]);
}

use Rule::Alias;

#[test]
fn deck_aliases() {
    run(&[
        right("ally", "America", &[Alias]),
        right("ally", "U.S.", &[Alias]),
        right("army", "America Army", &[Alias]),
        right("army", "US Army", &[Alias]),
        right("from", "Great Britain", &[Alias]),
        right("from", "Britain", &[Alias]),
        typo("from", "Great Britian"),
        wrong("from", "America"),
        wrong("ally", "Britain"),
        wrong("ally", "United Kingdom"),
    ]);
}

#[test]
fn number_words() {
    use Rule::NumberWords;
    run(&[
        right("events", "two", &[NumberWords]),
        right("events", "Two events", &[NumberWords]),
        right("cento", "nineteen fifty-five", &[NumberWords]),
        right("cento", "in nineteen fifty five", &[NumberWords]),
        right("day", "fourteenth", &[NumberWords]),
        right("day", "the fourteenth of August", &[NumberWords]),
        right("thousands", "two thousand", &[NumberWords]),
        right("theory", "2 nation theory", &[NumberWords]),
        // A scale word always multiplies; a hedge stays a hedge.
        wrong("events", "two thousand"),
        wrong("thousands", "two"),
        wrong("cento", "1954 or 1955"),
        wrong("cento", "nineteen fifty-four or nineteen fifty-five"),
        wrong("cento", "fifty-five"),
        wrong("events", "two or three"),
        wrong("day", "fifteenth"),
    ]);
}

#[test]
fn wording() {
    use Rule::Wording;
    run(&[
        right("crash", "airplane crash", &[Wording]),
        right("crash", "plane crash", &[Wording]),
        right("crash", "air crash", &[Wording]),
        right("base", "Peshawar air base", &[Wording]),
        right("base", "Peshawar airbase", &[Wording]),
        right("fighters", "Afghan mujahideens", &[Wording]),
        wrong("crash", "helicopter crash"),
        wrong("crash", "car accident"),
        wrong("base", "Karachi air base"),
    ]);
}

#[test]
fn close_means_be_more_specific() {
    run(&[
        close("offer", "nuclear power plant", "More specific?"),
        close("offer", "a nuclear power plant", "More specific?"),
        close("crash", "crash", "More specific?"),
        close("base", "air station", "More specific?"),
        right("offer", "commercial nuclear power plant", &[Rule::Answer]),
        // Too little to be close, or the wrong head.
        wrong("offer", "plant"),
        wrong("offer", "commercial nuclear"),
        wrong("offer", "a steel mill"),
        // Another card's answer is never close, nor right.
        wrong("base", "Peshawar"),
    ]);
}

#[test]
fn dates_read_for_the_part_asked() {
    use Rule::Date;
    run(&[
        right("cento", "17 April 1955", &[Date]),
        right("cento", "'55", &[Date]),
        right("day", "14 August 1947", &[Date]),
        right("month", "May 1948", &[Date]),
        wrong("cento", "17 April 1956"),
        wrong("cento", "'56"),
        wrong("day", "15 August 1947"),
        wrong("month", "April 1948"),
    ]);
}

#[test]
fn sentences_and_orders_around_the_answer() {
    use Rule::Wording;
    run(&[
        right("ally", "it was the United States", &[Wording]),
        right("stalin", "I think it was Stalin", &[]),
        right("strained", "Pakistan joined CENTO and SEATO", &[Wording]),
        right("strained", "joined SEATO and CENTO", &[Wording]),
        right("guddu", "Guddu Thermal", &[Wording]),
        right("base", "Peshawar Air Station in Pakistan", &[Wording]),
        wrong("strained", "joined SEATO"),
        wrong("strained", "Pakistan joined SEATO and NATO"),
        wrong("ally", "it was the Soviet Union"),
    ]);
}

#[test]
fn denials_and_hedges_are_wrong() {
    run(&[
        wrong("city", "not Peshawar"),
        wrong("city", "Peshawar or Karachi"),
        wrong("cento", "not 1955"),
        wrong("ally", "it was not the United States"),
        wrong("kosygin", "either Kosygin or Bulganin"),
    ]);
}

#[test]
fn hedges_and_bounds_around_a_number_or_month_are_wrong() {
    run(&[
        right("cento", "I think 1955", &[]),
        right("cento", "1955 I think", &[]),
        right("day", "the 14th", &[]),
        right("month", "May, I think", &[Rule::Wording]),
        right("stalin", "Stalin, I think", &[]),
        // A qualifier the question asks with is part of the answer.
        right("left-seato", "until 1977", &[]),
        wrong("cento", "before 1955"),
        wrong("cento", "after 1955"),
        wrong("cento", "since 1955"),
        wrong("cento", "by 1955"),
        wrong("cento", "around 1955"),
        wrong("cento", "about nineteen fifty-five"),
        wrong("cento", "c. 1955"),
        wrong("cento", "circa 1955"),
        wrong("cento", "maybe 1955"),
        wrong("cento", "1955 perhaps"),
        wrong("cento", "1955 I guess"),
        wrong("cento", "1955-ish"),
        wrong("cento", "roughly 1955"),
        wrong("day", "after the 14th"),
        wrong("day", "around 14"),
        wrong("day", "maybe the fourteenth"),
        wrong("thousands", "more than 2000"),
        wrong("thousands", "at least 2000"),
        wrong("month", "before May"),
        wrong("month", "maybe May"),
        wrong("month", "around May"),
        wrong("stalin", "Stalin I guess"),
        wrong("kosygin", "probably Kosygin"),
        // Two-digit years are not years (only with an apostrophe: '55).
        wrong("cento", "55"),
        right("cento", "'55", &[Rule::Date]),
    ]);
}

#[test]
fn bounds_in_a_reason_bound_nothing() {
    let deck = deck();
    let cards: Vec<Card> = deck.cards().collect();
    let card = |id: &str| {
        cards
            .iter()
            .find(|card| card.id.as_str() == id)
            .expect("the card is in the deck")
    };
    // Where the answer is no number, date or month, "after the 1965 war" is part of a reason.
    assert!(!hedges(card("stance"), "neutral after the 1965 war"));
    assert!(!hedges(
        card("strained"),
        "joined SEATO and CENTO before 1958"
    ));
    // Hedges are hedges everywhere.
    assert!(hedges(card("stance"), "probably neutral"));
    assert!(hedges(card("cento"), "after 1955"));
    assert!(hedges(card("month"), "after May"));
}

#[test]
fn names_that_are_someone_elses() {
    run(&[
        // A form of Muhammad identifies no one: with the surname it is the surname alone.
        close("ayub-welcome", "Muhammad Khan", "Which Khan?"),
        close("ayub-welcome", "Mohammad Khan", "Which Khan?"),
        right("ayub-welcome", "Muhammad Ayub Khan", &[]),
        wrong("arif", "Muhammad Arif"),
        wrong("arif", "Mohammad Arif"),
        // The first given name left out, a later one given: not how anyone calls him.
        close("arif", "Mahmud Arif", "Which Arif?"),
        right("arif", "Khalid Arif", &[Rule::MiddleNames]),
        right("arif", "K. M. Arif", &[Rule::Initials]),
        right(
            "zafarullah",
            "M. Zafarullah Khan",
            &[Rule::MiddleNames, Rule::Title],
        ),
        // A woman's title before a man's name is his wife.
        wrong("liaquat", "Begum Liaquat"),
        wrong("liaquat", "Mrs Liaquat"),
        wrong("liaquat", "Begum Liaquat Ali Khan"),
        wrong("liaquat", "Lady Liaquat Ali Khan"),
        wrong("nawaz", "Begum Nawaz"),
        wrong("kosygin", "Mrs Kosygin"),
        // For a woman it is set aside.
        right("indira", "Mrs Indira Gandhi", &[Rule::Title]),
        right("indira", "Madame Gandhi", &[]),
        wrong("benazir", "Begum Bhutto"),
        // An honorific that is also a name, before the surname alone, is a given name.
        wrong("nawaz", "Mian Sharif"),
        right("nawaz", "Mian Nawaz Sharif", &[Rule::Title]),
        // Another person's given name added.
        wrong("benazir", "Benazir Zulfikar Bhutto"),
        wrong("zab", "Zulfikar Benazir Bhutto"),
    ]);
}

#[test]
fn endings_that_make_another_word_are_no_typos() {
    run(&[
        wrong("province", "Sindhi"),
        wrong("province", "Sindhu"),
        wrong("province", "Sindhis"),
        right("province", "Sind", &[Rule::Spelling]),
        typo("stance", "neutrl"),
        typo("city", "Peshawr"),
        typo("city", "Pehsawar"),
    ]);
}

#[test]
fn stances_reasons_and_orders() {
    use Rule::Wording;
    run(&[
        right("stance", "neutrality", &[Wording]),
        right("stance", "stayed neutral", &[Wording]),
        right("stance", "they remained neutral", &[Wording]),
        right("stance", "it stayed neutral", &[Wording]),
        wrong("stance", "they were not neutral"),
        right("stance-choice", "neutral", &[Wording]),
        right("stance-choice", "non-committal", &[Wording]),
        wrong("stance-choice", "committal"),
        wrong("stance-choice", "non-neutral"),
        wrong("stance-choice", "it backed India"),
        right("strained", "SEATO and CENTO", &[Wording]),
        right("strained", "because it joined SEATO and CENTO", &[Wording]),
        right("strained", "it joined CENTO and SEATO", &[Wording]),
        right("strained", "joining SEATO and CENTO", &[Wording]),
        wrong("strained", "it left SEATO and CENTO"),
        wrong("strained", "SEATO and NATO"),
        right("motives", "economic and technical aid", &[Wording]),
        right(
            "unsc",
            "the Security Council of the United Nations",
            &[Wording],
        ),
        wrong("unsc", "General Assembly of the UN"),
        right("liberation", "Bangladesh War of Liberation", &[Wording]),
        right("liberation", "Liberation War of Bangladesh", &[Wording]),
        wrong("liberation", "War of Independence"),
        right("people", "the British", &[]),
        wrong("people", "the French"),
        wrong("people", "British India"),
        right("pakistani-city", "Peshawar, Pakistan", &[Wording]),
        wrong("pakistani-city", "Karachi, Pakistan"),
        wrong("pakistani-city", "Peshawar, Lahore"),
    ]);
}

#[test]
fn question_words_around_the_answer() {
    run(&[
        right("city", "Peshawar city", &[Rule::QuestionWords]),
        right(
            "kosygin",
            "Soviet premier Kosygin",
            &[Rule::Surname, Rule::QuestionWords],
        ),
        wrong("city", "city"),
        wrong("kosygin", "Soviet premier"),
        // Words of the question only make a reply right, never close ("nuclear aid" is not
        // "aid"), and a person's surname is never one of them.
        wrong("aid", "nuclear aid"),
        wrong("linked", "Zulfikar Ali Khan"),
        // Only the words of the phrase the question asks for ("which state"), not the rest:
        // they may qualify the answer into something else.
        right("state", "the state of Russia", &[]),
        wrong("state", "Soviet Russia"),
        wrong("state", "Dissolved Russia"),
        wrong("state", "Union of Russia"),
        wrong("guddu", "Guddu Soviet"),
        wrong("fighters", "Pakistan mujahideen"),
    ]);
}

#[test]
fn matched_phrases_for_the_screen() {
    let deck = deck();
    let context = DeckContext::new(&deck);
    let cards: Vec<Card> = deck.cards().collect();
    let card = |id: &str| {
        cards
            .iter()
            .find(|card| card.id.as_str() == id)
            .expect("card")
    };
    let phrase = |id: &str, reply: &str| {
        grade(card(id), &card(id).choices, reply, &context)
            .matched
            .and_then(|m| m.phrase())
    };
    assert_eq!(phrase("kosygin", "Alexei Kosygin"), None);
    assert_eq!(
        phrase("kosygin", "Aleksei Kosygin").as_deref(),
        Some("spelled Alexei Kosygin in the deck")
    );
    assert_eq!(phrase("kosygin", "Kosygin").as_deref(), Some("surname"));
    assert_eq!(
        phrase("zia", "General Zia").as_deref(),
        Some("the name he or she is known by, title ignored")
    );
    assert_eq!(phrase("isi", "ISI").as_deref(), Some("acronym"));
    let json = serde_json::to_value(grade(card("zab"), &[], "Bhutto", &context)).expect("json");
    assert_eq!(json["verdict"], "close");
    assert_eq!(json["prompt"], "Which Bhutto?");
    assert_eq!(json["matched"]["rules"][0], "surname");
}

#[test]
fn without_the_deck_short_names_are_close_at_best() {
    let deck = deck();
    let cards: Vec<Card> = deck.cards().collect();
    let card = |id: &str| {
        cards
            .iter()
            .find(|card| card.id.as_str() == id)
            .expect("card")
    };
    let verdict = |id: &str, reply: &str| grade(card(id), &card(id).choices, reply, &()).verdict;
    assert_eq!(verdict("kosygin", "Kosygin"), Verdict::Close);
    assert_eq!(verdict("stalin", "Stalin"), Verdict::Close);
    assert_eq!(verdict("zab", "Z. A. Bhutto"), Verdict::Right);
    assert_eq!(
        verdict("jinnah", "Quaid-e-Azam"),
        Verdict::Right,
        "declared"
    );
    assert_eq!(
        verdict("ally", "America"),
        Verdict::Wrong,
        "aliases need the deck"
    );
}

#[test]
fn same_answer_forms_are_shared_across_cards() {
    let text = r#"
[deck]
id = "shared"
title = "Shared"

[[card]]
id = "a"
question = "Which Soviet premier visited Pakistan?"
answer = "Alexei Kosygin"
accept = ["Alexi Kosygin"]

[[card]]
id = "b"
kind = "choice"
question = "Which Soviet premier was thanked?"
answer = "Alexei Kosygin"
choices = ["Alexei Kosygin", "Nikolai Bulganin"]
"#;
    let deck = load_str(text, Origin::Bundled("shared.toml"))
        .deck
        .expect("valid");
    let context = DeckContext::new(&deck);
    let cards: Vec<Card> = deck.cards().collect();
    let graded = grade(&cards[1], &cards[1].choices, "Alexi Kosygin", &context);
    assert_eq!(graded.verdict, Verdict::Right);
    assert_eq!(graded.matched.map(|m| m.rules), Some(vec![Rule::Accepted]));
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Given names, each used by one person only, so that two generated people are never the same.
const GIVEN: [&str; 12] = [
    "Alexei", "Benazir", "Huseyn", "Joseph", "Liaquat", "Nawaz", "Nikita", "Yahya", "Zulfikar",
    "Andrei", "Firoz", "Ayub",
];
/// Surnames, few, so that people share them.
const SURNAMES: [&str; 4] = ["Bhutto", "Khan", "Kosygin", "Sharif"];
/// Words for answers that are not names.
const WORDS: [&str; 12] = [
    "commercial",
    "nuclear",
    "power",
    "plant",
    "air",
    "station",
    "united",
    "states",
    "treaty",
    "organization",
    "crash",
    "aircraft",
];

#[derive(Debug, Clone)]
enum Answer {
    Person {
        given: usize,
        middle: bool,
        surname: usize,
    },
    Phrase(Vec<usize>),
}

impl Answer {
    fn text(&self) -> String {
        match self {
            Answer::Person {
                given,
                middle,
                surname,
            } => {
                let middle = if *middle { " Ali" } else { "" };
                format!("{}{middle} {}", GIVEN[*given], SURNAMES[*surname])
            }
            Answer::Phrase(words) => words
                .iter()
                .map(|&w| WORDS[w])
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        (0..GIVEN.len(), any::<bool>(), 0..SURNAMES.len()).prop_map(|(given, middle, surname)| {
            Answer::Person {
                given,
                middle,
                surname,
            }
        }),
        prop::collection::vec(0..WORDS.len(), 1..4).prop_map(Answer::Phrase),
    ]
}

/// A deck of text cards (people asked for with "who"), with the given names kept distinct.
fn cards() -> impl Strategy<Value = Vec<Card>> {
    prop::collection::vec((answer(), prop::collection::vec(answer(), 0..2)), 2..8).prop_map(
        |entries| {
            let mut used = std::collections::HashSet::new();
            let mut cards = Vec::new();
            for (index, (answer, accept)) in entries.into_iter().enumerate() {
                if let Answer::Person { given, .. } = answer
                    && !used.insert(given)
                {
                    continue;
                }
                let id: crate::deck::CardId = format!("c{index}").parse().expect("valid id");
                cards.push(Card {
                    id: id.clone(),
                    note: id,
                    kind: Kind::Text,
                    question: "Who or what is it?".to_owned(),
                    answer: answer.text(),
                    accept: accept
                        .iter()
                        .filter(|a| !matches!(a, Answer::Person { .. }))
                        .map(Answer::text)
                        .collect(),
                    choices: Vec::new(),
                    tolerance: None,
                    hint: None,
                    explain: None,
                    source: None,
                    tags: Vec::new(),
                    person: None,
                    known_as: Vec::new(),
                    line: 0,
                });
            }
            cards
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_answer_and_every_accept_are_right_in_any_deck(cards in cards()) {
        let context = DeckContext::from_cards(&cards, &[]);
        for card in &cards {
            for form in std::iter::once(&card.answer).chain(&card.accept) {
                let graded = grade(card, &[], form, &context);
                prop_assert_eq!(graded.verdict, Verdict::Right, "{}: {}", card.id, form);
                let graded = grade(card, &[], &form.to_uppercase(), &context);
                prop_assert_eq!(graded.verdict, Verdict::Right, "{}: {}", card.id, form);
            }
        }
    }

    #[test]
    fn another_cards_answer_is_never_right_or_a_typo(cards in cards()) {
        let context = DeckContext::from_cards(&cards, &[]);
        for card in &cards {
            // A card's own forms, and those the deck accepts for the same answer on other cards.
            let own: Vec<String> = cards
                .iter()
                .filter(|c| normalize(&c.answer) == normalize(&card.answer))
                .flat_map(|c| std::iter::once(&c.answer).chain(&c.accept))
                .map(|form| normalize(form))
                .collect();
            for other in &cards {
                if own.contains(&normalize(&other.answer)) {
                    continue;
                }
                let graded = grade(card, &[], &other.answer, &context);
                prop_assert!(
                    matches!(graded.verdict, Verdict::Wrong | Verdict::Close),
                    "{} ({}) took {:?} from {}: {:?}",
                    card.id, card.answer, other.answer, other.id, graded
                );
            }
        }
    }

    #[test]
    fn numbers_in_words_read_as_their_value(n in 1u64..=9999) {
        let words = in_words(n);
        let normalized = normalize(&words);
        let list: Vec<&str> = normalized.split(' ').collect();
        let found: Vec<u64> = number_words::find(&list).into_iter().map(|f| f.value).collect();
        prop_assert_eq!(found, vec![n], "{}", words);
        let card = Card { accept: Vec::new(), ..card_with(Kind::Number, &n.to_string()) };
        prop_assert_eq!(grade(&card, &[], &words, &()).verdict, Verdict::Right, "{}", words);
        if n.is_multiple_of(1000) {
            let small = card_with(Kind::Number, &(n / 1000).to_string());
            prop_assert_eq!(grade(&small, &[], &words, &()).verdict, Verdict::Wrong);
        }
    }

    #[test]
    fn a_year_in_words_is_that_year(high in 10u64..=20, low in 10u64..=99) {
        let year = high * 100 + low;
        let words = format!("{} {}", in_words(high), in_words(low));
        let card = card_with(Kind::Year, &year.to_string());
        prop_assert_eq!(grade(&card, &[], &words, &()).verdict, Verdict::Right, "{}", words);
        let other = card_with(Kind::Year, &(year + 1).to_string());
        prop_assert_eq!(grade(&other, &[], &words, &()).verdict, Verdict::Wrong, "{}", words);
    }
}

fn card_with(kind: Kind, answer: &str) -> Card {
    let id: crate::deck::CardId = "n".parse().expect("valid id");
    Card {
        id: id.clone(),
        note: id,
        kind,
        question: "How many?".to_owned(),
        answer: answer.to_owned(),
        accept: Vec::new(),
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

/// `n` (1–9999) in English words, as a learner would write it: "two thousand and five",
/// "forty-two".
fn in_words(n: u64) -> String {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let below_100 = |n: u64| -> String {
        let index = |n: u64| usize::try_from(n).expect("small");
        if n < 20 {
            UNITS[index(n)].to_owned()
        } else if n.is_multiple_of(10) {
            TENS[index(n / 10)].to_owned()
        } else {
            format!("{}-{}", TENS[index(n / 10)], UNITS[index(n % 10)])
        }
    };
    let mut parts = Vec::new();
    if n >= 1000 {
        parts.push(format!("{} thousand", below_100(n / 1000)));
    }
    if n % 1000 >= 100 {
        parts.push(format!("{} hundred", below_100(n % 1000 / 100)));
    }
    if !n.is_multiple_of(100) {
        if !parts.is_empty() {
            parts.push("and".to_owned());
        }
        parts.push(below_100(n % 100));
    }
    parts.join(" ")
}
