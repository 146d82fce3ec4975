//! Answer checking: decides whether a typed reply to a card is right, a forgivable typo, close
//! ("be more specific") or wrong, says which accepted form and rule matched, and builds the
//! `:hint` text. Pure and total: no I/O, no clock, no randomness, no printing, and no panics on
//! any input. The shared spelling rules (normalization, number syntax) live in `crate::text` and
//! are only applied here; this module reads decks but must not touch the scheduler, the store or
//! the terminal. Text it returns comes from the deck unsanitized: the UI sanitizes it.
//!
//! One rule per submodule: `names` and `people` (people's names), `spelling` (transliteration
//! and spelling variants), `acronyms`, `aliases` (`[deck.aliases]`), `number_words`, `wording`
//! (function words, plurals, common synonyms), `numbers` (number and year cards), `dates`
//! (calendar dates read for the part asked), and `text`, which tries them in order. `docs/grading.md` documents every rule with examples.

mod acronyms;
mod aliases;
mod context;
#[cfg(test)]
mod corpus_tests;
mod dates;
mod hint;
mod names;
mod number_words;
mod numbers;
mod people;
#[cfg(test)]
mod rule_tests;
mod spelling;
#[cfg(test)]
mod tests;
mod text;
mod wording;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

pub use self::context::DeckContext;
pub use self::hint::hint;
use crate::deck::{Asked, Card, Kind};
use crate::text::{normalize, parse_number};

/// How a reply was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The reply is the answer, one of its accepted forms, or the same by a rule.
    Right,
    /// The reply is a small misspelling of an accepted form: counted as right, shown corrected.
    Typo,
    /// The reply is not wrong but not specific enough: a surname two people of the deck share, or
    /// the answer's head without the word that tells it apart. [`Graded::prompt`] says what is
    /// missing.
    Close,
    Wrong,
}

/// Why a reply matched: the rules [`Graded::matched`] lists, as stable identifiers for JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The answer itself (after normalization).
    Answer,
    /// One of the card's `accept` entries.
    Accepted,
    /// A choice card's option picked by its number or letter.
    ChoiceKey,
    /// A form the deck's `[deck.aliases]` make equal to the answer.
    Alias,
    /// A spelling or transliteration variant ("Aleksei" for "Alexei").
    Spelling,
    /// Small words, singular or plural, or a common synonym ("airplane" for "aircraft").
    Wording,
    /// A number written in words ("two", "nineteen fifty-five").
    NumberWords,
    /// A number within the card's tolerance.
    Tolerance,
    /// A date read for the part the card asks: the year of "17 April 1968" for a year card, the
    /// day for a day of the month, the month for a month; or a year written "'47".
    Date,
    /// The acronym of the answer ("CIA" for "Central Intelligence Agency").
    Acronym,
    /// The answer's acronym spelt out ("Central Intelligence Agency" for "CIA").
    Expansion,
    /// A person's surname alone.
    Surname,
    /// A person's given name alone, where the deck's people go by it.
    GivenName,
    /// The name a person is best known by (declared in `known_as`, or the head of a compound
    /// surname such as "Zia" of "Zia-ul-Haq").
    KnownAs,
    /// Initials for given names ("Z. A. Bhutto").
    Initials,
    /// A short or familiar form of a given name: its first letters ("Zulfi" for Zulfikar,
    /// "Jawahar" for Jawaharlal) or a pet name ("Joe" for Joseph, "Misha" for Mikhail).
    ShortName,
    /// A middle name more or less than the deck's.
    MiddleNames,
    /// A title or honorific, ignored ("General", "Sir").
    Title,
    /// Words of the question repeated around the answer ("Peshawar city").
    QuestionWords,
    /// A small typo.
    Typo,
    /// Close: a name that does not say who: one more than one person of the deck could have, or
    /// a short one the grader cannot be sure of ("Nawaz who?").
    AmbiguousName,
    /// Close: the answer's head without a word that tells it apart.
    Partial,
}

impl Rule {
    /// The rule in a few words for the screen, or `None` when it needs no saying.
    fn phrase(self) -> Option<&'static str> {
        Some(match self {
            Rule::Answer | Rule::ChoiceKey | Rule::Typo | Rule::Spelling => return None,
            Rule::Accepted => "an accepted answer",
            Rule::Alias => "an alias in this deck",
            Rule::Wording => "same meaning",
            Rule::NumberWords => "number in words",
            Rule::Tolerance => "within the tolerance",
            Rule::Date => "read from the date",
            Rule::Acronym => "acronym",
            Rule::Expansion => "acronym spelt out",
            Rule::Surname => "surname",
            Rule::GivenName => "first name",
            Rule::KnownAs => "the name he or she is known by",
            Rule::Initials => "initials",
            Rule::ShortName => "short form of a first name",
            Rule::MiddleNames => "middle names differ",
            Rule::Title => "title ignored",
            Rule::QuestionWords => "words of the question ignored",
            Rule::AmbiguousName => "which person?",
            Rule::Partial => "not specific enough",
        })
    }
}

/// Which accepted form a reply matched and by which rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matched {
    /// The deck's form the reply matched: the answer, an `accept` entry or a choice option.
    pub form: String,
    /// The rules that made it match, most telling first; `["answer"]` for the answer as is.
    pub rules: Vec<Rule>,
}

impl Matched {
    /// One short phrase for the screen, e.g. "surname, spelled Kosygin in the deck"; `None` for
    /// the answer as written.
    pub fn phrase(&self) -> Option<String> {
        let mut parts: Vec<String> = self
            .rules
            .iter()
            .filter_map(|rule| rule.phrase())
            .map(str::to_owned)
            .collect();
        if self.rules.contains(&Rule::Spelling) {
            parts.push(format!("spelled {} in the deck", self.form));
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// The result of grading one reply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Graded {
    pub verdict: Verdict,
    /// The answer as the card states it (for choice cards the option text), shown after answering.
    pub expected: String,
    /// For a typo: the accepted form the reply was closest to (the correct spelling to show).
    pub corrected: Option<String>,
    /// For a right, typo or close reply: which accepted form and rules matched.
    pub matched: Option<Matched>,
    /// For a close reply: what is missing, as a short question ("Which Bhutto?", "More
    /// specific?").
    pub prompt: Option<String>,
}

/// What a grader knows of the card's deck. At least: the answers of its other cards, normalized
/// with `text::normalize`, since a reply equal to one of them is never right and never a typo.
///
/// Including the graded card's own answers does no harm (an exact match is right before any
/// other rule is tried), so one list per deck serves every card: the store keeps it, built from
/// [`answer_forms`]. A [`DeckContext`] knows more (aliases, people's names, spellings of other
/// answers) and unlocks the rules that need the whole deck.
pub trait OtherAnswers {
    fn contains(&self, normalized: &str) -> bool;

    /// The whole deck, when the caller has it; without it, short forms of names are close at
    /// best and aliases do not apply.
    fn deck(&self) -> Option<&DeckContext> {
        None
    }
}

/// No other answers: every close reply may be a typo.
impl OtherAnswers for () {
    fn contains(&self, _normalized: &str) -> bool {
        false
    }
}

impl<F: Fn(&str) -> bool> OtherAnswers for F {
    fn contains(&self, normalized: &str) -> bool {
        self(normalized)
    }
}

/// The normalized answer and accepted forms of `card`, as [`OtherAnswers`] holds them (empty
/// forms dropped). True/false cards have none: "true" and "false" are no one's misspelled name.
pub fn answer_forms(card: &Card) -> impl Iterator<Item = String> + '_ {
    (card.kind.spec().asked != Asked::TrueFalse)
        .then(|| std::iter::once(&card.answer).chain(&card.accept))
        .into_iter()
        .flatten()
        .map(|form| normalize(form))
        .filter(|form| !form.is_empty())
}

/// Grades `reply` to `card`. `shown_choices` is the option order displayed to the learner (choice
/// cards only; when empty, the card's own order is used). `others` is what is known of the deck:
/// pass a [`DeckContext`] for every rule.
pub fn grade(
    card: &Card,
    shown_choices: &[String],
    reply: &str,
    others: &dyn OtherAnswers,
) -> Graded {
    let whole = grade_whole(card, shown_choices, reply, others);
    if matches!(whole.verdict, Verdict::Right | Verdict::Typo) {
        return whole;
    }
    bracketed(card, shown_choices, reply, others).unwrap_or(whole)
}

/// A reply that ends in a bracket: right when it restates the answer in it, both halves right on
/// their own ("Inter-Services Intelligence (ISI)", "Muhammad Ali Jinnah (Quaid-e-Azam)"), or when
/// the bracket read first completes it ("Stalin (Joseph)"). A bracket that hedges or names
/// something else ("Jinnah (or Liaquat)", "ISI (CIA)") leaves the reply as graded whole.
fn bracketed(
    card: &Card,
    shown_choices: &[String],
    reply: &str,
    others: &dyn OtherAnswers,
) -> Option<Graded> {
    let (outside, inside) = split_bracket(reply)?;
    let fine = |graded: &Graded| matches!(graded.verdict, Verdict::Right | Verdict::Typo);
    let outer = grade_whole(card, shown_choices, outside, others);
    if fine(&outer) {
        let inner = grade_whole(card, shown_choices, inside, others);
        if fine(&inner) {
            // A typo in either half makes the reply a typo.
            return Some(if inner.verdict == Verdict::Typo {
                inner
            } else {
                outer
            });
        }
    }
    let joined = grade_whole(card, shown_choices, &format!("{inside} {outside}"), others);
    fine(&joined).then_some(joined)
}

/// Splits "text (bracket)" (a final full stop, question or exclamation mark allowed after it)
/// into its two halves, when there is one bracket, at the end, and text before it.
fn split_bracket(reply: &str) -> Option<(&str, &str)> {
    let trimmed = reply.trim().trim_end_matches(['.', '!', '?']).trim_end();
    let body = trimmed.strip_suffix(')')?;
    let (outside, inside) = body.split_once('(')?;
    let (outside, inside) = (outside.trim(), inside.trim());
    let plain = |text: &str| !text.is_empty() && !text.contains(['(', ')']);
    (plain(outside) && plain(inside)).then_some((outside, inside))
}

/// Grades `reply` as one answer ([`grade`] without reading a bracket).
fn grade_whole(
    card: &Card,
    shown_choices: &[String],
    reply: &str,
    others: &dyn OtherAnswers,
) -> Graded {
    let outcome = if reply.trim().is_empty()
        || too_long(card, reply)
        || negates(card, reply)
        || hedges(card, reply)
    {
        Outcome::Wrong
    } else {
        match card.kind {
            Kind::TrueFalse => match (parse_truefalse(reply), parse_truefalse(&card.answer)) {
                (Some(given), Some(answer)) if given == answer => Outcome::Right {
                    form: expected(card),
                    rules: vec![Rule::Answer],
                },
                _ => Outcome::Wrong,
            },
            Kind::Choice => grade_choice(card, shown_choices, reply, others),
            Kind::Year | Kind::Number | Kind::Cloze => match numeric_answer(card) {
                Some(target) => numbers::grade(card, target, reply),
                // A number card whose answer is not a number (only possible for a card built
                // by hand) is compared as text, still without typos.
                None => grade_text(card, &[], reply, others, card.kind.spec().cloze_text),
            },
            Kind::Text => grade_text(card, &[], reply, others, true),
        }
    };
    let expected = expected(card);
    match outcome {
        Outcome::Right { form, rules } => Graded {
            verdict: Verdict::Right,
            expected,
            corrected: None,
            matched: Some(Matched { form, rules }),
            prompt: None,
        },
        Outcome::Typo { form, rules } => Graded {
            verdict: Verdict::Typo,
            expected,
            corrected: Some(form.clone()),
            matched: Some(Matched { form, rules }),
            prompt: None,
        },
        Outcome::Close {
            form,
            rules,
            prompt,
        } => Graded {
            verdict: Verdict::Close,
            expected,
            corrected: None,
            matched: Some(Matched { form, rules }),
            prompt: Some(prompt),
        },
        Outcome::Wrong => Graded {
            verdict: Verdict::Wrong,
            expected,
            corrected: None,
            matched: None,
            prompt: None,
        },
    }
}

/// Whether grading a reply to `card` reads what is known of its deck ([`OtherAnswers`]): text
/// and choice cards, and cloze gaps and number cards whose answer is not a number. True/false
/// cards and numbers are graded from the card alone, so a caller may skip building the deck's
/// context for them. Mirrors the dispatch of [`grade`].
pub fn uses_deck(card: &Card) -> bool {
    match card.kind {
        Kind::TrueFalse => false,
        Kind::Year | Kind::Number | Kind::Cloze => numeric_answer(card).is_none(),
        Kind::Text | Kind::Choice => true,
    }
}

/// The number of Damerau–Levenshtein edits forgiven in a reply to `expected_normalized`, by its
/// length in letters (digits and spaces do not count): none under 5, one for 5 to 9, two from 10.
pub fn typo_budget(expected_normalized: &str) -> usize {
    match expected_normalized
        .chars()
        .filter(|c| c.is_alphabetic())
        .count()
    {
        0..5 => 0,
        5..10 => 1,
        _ => 2,
    }
}

/// Reads a true/false reply: true/false, t/f, yes/no, y/n, yeah/yep/yup/nope/nah or
/// correct/incorrect in any case, with surrounding punctuation and spaces ignored ("Yes!",
/// "(f)"). Anything else is `None`.
pub fn parse_truefalse(reply: &str) -> Option<bool> {
    // Cheap rejection first, so a 10 MB reply is not normalized just to be refused.
    let core = reply.trim_matches(|c: char| !c.is_alphanumeric());
    if core.len() > 32 {
        return None;
    }
    match normalize(core).as_str() {
        "true" | "t" | "yes" | "y" | "yeah" | "yep" | "yup" | "correct" => Some(true),
        "false" | "f" | "no" | "n" | "nope" | "nah" | "incorrect" => Some(false),
        _ => None,
    }
}

/// Words that deny what follows them ("not 1948", "never Stalin", "wasn't India") or hedge
/// between answers ("Zafarullah or Firoz Khan", "either India or Pakistan").
const NEGATIONS: [&str; 16] = [
    "not", "never", "no", "nor", "neither", "none", "isnt", "wasnt", "werent", "arent", "didnt",
    "doesnt", "dont", "cannot", "or", "either",
];

/// Whether `reply` denies or hedges with a word of [`NEGATIONS`] that none of the card's forms
/// (or options) uses: a denial or a choice between two is not an answer, even around the right
/// one. True/false cards read their replies themselves.
fn negates(card: &Card, reply: &str) -> bool {
    if card.kind.spec().asked == Asked::TrueFalse {
        return false;
    }
    let has = |text: &str| {
        normalize(text)
            .split(' ')
            .any(|word| NEGATIONS.contains(&word))
    };
    has(reply)
        && !forms(card)
            .into_iter()
            .chain(card.choices.iter().map(String::as_str))
            .any(has)
}

/// Words that leave a reply uncommitted wherever they stand ("maybe 1948", "Stalin I guess",
/// "roughly 1954", "1954-ish"). "I think" and "I believe" still commit to one answer and are
/// not among them.
const HEDGES: [&str; 15] = [
    "maybe",
    "perhaps",
    "probably",
    "possibly",
    "presumably",
    "guess",
    "guessing",
    "suppose",
    "unsure",
    "dunno",
    "idk",
    "approximately",
    "approx",
    "roughly",
    "ish",
];

/// Words that, right before a number, a date or a month, make it a bound or an approximation
/// rather than the answer: "before 1948", "after the 17th", "by 1954", "around May", "c. 1948",
/// "more than 5".
const QUALIFIERS: [&str; 25] = [
    "before",
    "after",
    "since",
    "until",
    "till",
    "til",
    "by",
    "about",
    "around",
    "circa",
    "c",
    "ca",
    "nearly",
    "almost",
    "over",
    "under",
    "above",
    "below",
    "than",
    "least",
    "most",
    "prior",
    "pre",
    "post",
    "following",
];

/// Words of [`HEDGES`] and [`QUALIFIERS`] that only approximate: a number card with a tolerance
/// takes them ("about 104" for 100 ± 5).
const APPROXIMATORS: [&str; 10] = [
    "about",
    "around",
    "approximately",
    "approx",
    "roughly",
    "nearly",
    "almost",
    "circa",
    "c",
    "ca",
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether `reply` hedges or only bounds its answer: a word of [`HEDGES`] anywhere, or a word of
/// [`QUALIFIERS`] right before a number (in digits or words, "the" between allowed) or a month
/// ("before 1948", "after the 17th", "around May") when the card's answer is a number, a date
/// or a month (in a reason, "after the 1965 war" bounds nothing). A word the card's forms or options use
/// itself is no hedge, nor is a qualifier the question asks with ("Until which year…?" →
/// "until 1954"). The same for every kind of card; true/false cards read their replies
/// themselves.
fn hedges(card: &Card, reply: &str) -> bool {
    if card.kind.spec().asked == Asked::TrueFalse {
        return false;
    }
    let words_of = |text: &str| -> Vec<String> {
        number_words::digits(&normalize(text))
            .split(' ')
            .map(str::to_owned)
            .collect()
    };
    let words = words_of(reply);
    // Bounds only matter where the answer is a number, a date or a month: "after the 1965 war"
    // in a reason is no bound on anything.
    let numeric = match card.kind {
        Kind::Year | Kind::Number => true,
        Kind::Text | Kind::Choice | Kind::TrueFalse | Kind::Cloze => false,
    };
    let dated = numeric
        || forms(card)
            .into_iter()
            .chain(card.choices.iter().map(String::as_str))
            .flat_map(words_of)
            .any(|w| w.starts_with(|c: char| c.is_ascii_digit()) || MONTHS.contains(&w.as_str()));
    let found: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(at, word)| {
            HEDGES.contains(&word.as_str())
                || (dated && QUALIFIERS.contains(&word.as_str()) && {
                    let mut next = words[at + 1..].iter().map(String::as_str);
                    let next = match next.next() {
                        Some("the" | "to") => next.next(),
                        other => other,
                    };
                    next.is_some_and(|w| {
                        w.starts_with(|c: char| c.is_ascii_digit()) || MONTHS.contains(&w)
                    })
                })
        })
        .map(|(_, word)| word.as_str())
        .collect();
    let asked = normalize(&card.question);
    // A number card with a tolerance asks for an approximate number.
    let approximate = card.kind.spec().tolerance && card.tolerance.is_some_and(|t| t > 0.0);
    found.iter().any(|word| {
        let excused = forms_use(card, word)
            || (approximate && APPROXIMATORS.contains(word))
            || (!HEDGES.contains(word) && asked.split(' ').any(|w| w == *word));
        !excused
    })
}

/// Whether a form or option of `card` uses the (normalized) word `word`.
fn forms_use(card: &Card, word: &str) -> bool {
    forms(card)
        .into_iter()
        .chain(card.choices.iter().map(String::as_str))
        .any(|form| normalize(form).split(' ').any(|w| w == word))
}

/// Forms longer than this (in characters, normalized) are only accepted exactly: the typo search
/// costs the product of both lengths, and no one misspells a paragraph by two letters.
const MAX_TYPO_LEN: usize = 1000;

/// Bytes a reply may exceed four times its card's longest accepted form by before it is judged
/// wrong unread (see [`too_long`]).
const REPLY_SLACK: usize = 4096;

/// Whether `reply` is so much longer than anything the card accepts that it cannot be a spelling
/// of it: more than four times the longest form plus 4 KiB. Padding a right answer with pages of
/// spaces or punctuation is not answering, and this bound keeps grading as cheap as the card
/// rather than as expensive as the input (a pasted 10 MB reply is refused without being read).
fn too_long(card: &Card, reply: &str) -> bool {
    let longest = forms(card).iter().map(|form| form.len()).max().unwrap_or(0);
    reply.len() > longest.saturating_mul(4).saturating_add(REPLY_SLACK)
}

/// The internal verdict, with the deck form matched and the rules that matched it.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Right {
        form: String,
        rules: Vec<Rule>,
    },
    Typo {
        form: String,
        rules: Vec<Rule>,
    },
    Close {
        form: String,
        rules: Vec<Rule>,
        prompt: String,
    },
    Wrong,
}

impl Outcome {
    /// Right by `rules` on top of how `form` itself is accepted.
    fn right(form: &text::Form, rules: Vec<Rule>) -> Outcome {
        Outcome::Right {
            form: form.text.clone(),
            rules: with_form_rule(form.rule, rules),
        }
    }

    fn typo(form: &text::Form, rules: Vec<Rule>) -> Outcome {
        Outcome::Typo {
            form: form.text.clone(),
            rules: with_form_rule(form.rule, rules),
        }
    }

    fn close(form: &text::Form, rules: Vec<Rule>, prompt: String) -> Outcome {
        Outcome::Close {
            form: form.text.clone(),
            rules: with_form_rule(form.rule, rules),
            prompt,
        }
    }

    /// The same outcome, with one more rule (which replaces a lone `Answer`).
    fn with(self, rule: Rule) -> Outcome {
        let add = |mut rules: Vec<Rule>| {
            rules.retain(|r| *r != Rule::Answer);
            if !rules.contains(&rule) {
                rules.push(rule);
            }
            rules
        };
        match self {
            Outcome::Right { form, rules } => Outcome::Right {
                form,
                rules: add(rules),
            },
            Outcome::Typo { form, rules } => Outcome::Typo {
                form,
                rules: add(rules),
            },
            Outcome::Close {
                form,
                rules,
                prompt,
            } => Outcome::Close {
                form,
                rules: add(rules),
                prompt,
            },
            Outcome::Wrong => Outcome::Wrong,
        }
    }
}

/// `rules`, after the rule by which the matched form is accepted unless it is the answer itself;
/// `[Answer]` when nothing else applied.
fn with_form_rule(form_rule: Rule, rules: Vec<Rule>) -> Vec<Rule> {
    let mut all = Vec::with_capacity(rules.len() + 1);
    all.extend(rules);
    if form_rule != Rule::Answer {
        all.push(form_rule);
    }
    if all.is_empty() {
        all.push(Rule::Answer);
    }
    all
}

/// What the card says the answer is, as shown after answering.
fn expected(card: &Card) -> String {
    match card.kind.spec().asked {
        Asked::TrueFalse => parse_truefalse(&card.answer)
            .map_or_else(|| card.answer.clone(), |answer| answer.to_string()),
        Asked::Typed | Asked::Choice => card.answer.clone(),
    }
}

/// The answer and every accepted form, in the card's order (the answer first).
fn forms(card: &Card) -> Vec<&str> {
    std::iter::once(card.answer.as_str())
        .chain(card.accept.iter().map(String::as_str))
        .collect()
}

/// The value a card's replies are compared with numerically: year and number cards, and cloze
/// gaps whose answer is a number. `None` for everything graded as text.
fn numeric_answer(card: &Card) -> Option<f64> {
    match card.kind {
        Kind::Year | Kind::Number | Kind::Cloze => parse_number(&card.answer),
        Kind::Text | Kind::Choice | Kind::TrueFalse => None,
    }
}

/// The form of `text` that replies are compared in: its normalization, or, for text made only of
/// punctuation or symbols (which normalizes to nothing), the trimmed text itself, case-folded and
/// with whitespace collapsed, so that an answer like "?" can still be given.
fn comparable(text: &str) -> String {
    let normalized = normalize(text);
    if !normalized.is_empty() {
        return normalized;
    }
    let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    // NFKC can turn a visible symbol into a space ("˜" is a space and a combining tilde); a
    // text that still vanishes is compared as written rather than as nothing.
    if collapsed.is_empty() {
        text.trim().to_owned()
    } else {
        collapsed
    }
}

/// Grades a typed text reply to `card`. `options` are a choice card's options (the shown ones),
/// the right one included; `typos` whether small misspellings are forgiven.
fn grade_text(
    card: &Card,
    options: &[String],
    reply: &str,
    others: &dyn OtherAnswers,
    typos: bool,
) -> Outcome {
    let deck = others.deck();
    let more = deck.map_or(&[][..], |deck| deck.forms_for(card));
    let forms = text::forms(card, more, deck.map(DeckContext::aliases));
    let answer = comparable(&card.answer);
    let rival_texts: Vec<&str> = options
        .iter()
        .filter(|option| comparable(option) != answer)
        .map(String::as_str)
        .collect();
    let person = match deck {
        Some(deck) => deck.is_person(card),
        None => names::is_person(card),
    }
    .then(|| people::Person::of_card(card))
    .flatten();
    let setting = text::Setting {
        card,
        others,
        deck,
        rivals: rival_texts
            .iter()
            .map(|option| comparable(option))
            .collect(),
        rival_texts,
        typos,
        person,
    };
    text::grade(&forms, reply, &setting)
}

/// Grades a reply to a multiple-choice card: an option's exact text first, then its number or
/// letter in the shown order, then the text rules with the other options as rivals.
fn grade_choice(
    card: &Card,
    shown_choices: &[String],
    reply: &str,
    others: &dyn OtherAnswers,
) -> Outcome {
    let options = options_of(card, shown_choices);
    let answer = comparable(&card.answer);
    let typed = comparable(reply);
    if let Some(form) = forms(card)
        .into_iter()
        .find(|form| comparable(form) == typed)
    {
        let rule = if form == card.answer {
            Rule::Answer
        } else {
            Rule::Accepted
        };
        return Outcome::Right {
            form: form.to_owned(),
            rules: vec![rule],
        };
    }
    let comparable_options: Vec<String> = options.iter().map(|option| comparable(option)).collect();
    // An option's exact text wins over its position, so that the options "A", "B" and "AB" (or
    // "1954" and "1955") can be typed as themselves.
    if comparable_options.contains(&typed) {
        return Outcome::Wrong;
    }
    if let Some(position) = parse_position(reply) {
        return match comparable_options.get(position) {
            Some(option) if *option == answer => Outcome::Right {
                form: card.answer.clone(),
                rules: vec![Rule::ChoiceKey],
            },
            _ => Outcome::Wrong,
        };
    }
    grade_text(card, options, reply, others, true)
}

/// When `reply` to a choice card names an option by a number beyond its options ("5" with four,
/// "0"), the number of options: a slip of the key, not an answer, to be asked again rather than
/// graded. `None` for any other reply, or a card without options. A letter beyond the options
/// stays an answer, graded wrong: a lone "x" is how many learners say they do not know. An
/// option or an accepted form with the reply's text is that option.
pub fn not_an_option(card: &Card, shown_choices: &[String], reply: &str) -> Option<usize> {
    if card.kind != Kind::Choice {
        return None;
    }
    let options = options_of(card, shown_choices);
    let position = parse_position(reply)?;
    if position < options.len() || !reply.trim().contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    (!names_a_form(card, options, &comparable(reply)) && !options.is_empty())
        .then_some(options.len())
}

/// Whether `reply` is a bare "q", "quit" or "exit" that the card does not have as an answer, an
/// accepted form, an option or an option's key: a learner trying to leave (the session's command
/// is `:quit`), to be told so rather than graded.
pub fn means_to_leave(card: &Card, shown_choices: &[String], reply: &str) -> bool {
    let typed = comparable(reply);
    if !["q", "quit", "exit"].contains(&typed.as_str()) {
        return false;
    }
    let options = options_of(card, shown_choices);
    let a_key = card.kind == Kind::Choice
        && parse_position(reply).is_some_and(|position| position < options.len());
    !a_key && !names_a_form(card, options, &typed)
}

/// The options in the order shown, or the card's own order when none was shown.
fn options_of<'a>(card: &'a Card, shown_choices: &'a [String]) -> &'a [String] {
    if shown_choices.is_empty() {
        card.choices.as_slice()
    } else {
        shown_choices
    }
}

/// Whether `typed` (made [`comparable`]) is one of `options` or of the card's own forms.
fn names_a_form(card: &Card, options: &[String], typed: &str) -> bool {
    options
        .iter()
        .map(String::as_str)
        .chain(forms(card))
        .any(|form| comparable(form) == typed)
}

/// Reads an option's position (0-based) from a reply naming it by number or letter: "2", "2.",
/// "2)", "(2)", "b", "B", "b)", "(b)". Numbers and letters beyond the options are still positions
/// (and so wrong), not text; sessions and `recall answer` ask again first ([`not_an_option`]).
fn parse_position(reply: &str) -> Option<usize> {
    let trimmed = reply.trim();
    if trimmed.len() > 16 {
        return None;
    }
    let folded: String = trimmed.nfkc().collect();
    let inner = match folded.strip_prefix('(') {
        Some(rest) => rest.strip_suffix(')')?,
        None => folded.strip_suffix([')', '.']).unwrap_or(folded.as_str()),
    }
    .trim();
    let mut chars = inner.chars();
    match (chars.next(), chars.next()) {
        (Some(letter), None) if letter.is_ascii_alphabetic() => {
            usize::try_from(u32::from(letter.to_ascii_lowercase()) - u32::from('a')).ok()
        }
        // "0" names no option; it is still a position, just never a valid one.
        _ if !inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b.is_ascii_digit()) => {
            Some(
                inner
                    .parse::<usize>()
                    .ok()?
                    .checked_sub(1)
                    .unwrap_or(usize::MAX),
            )
        }
        _ => None,
    }
}
