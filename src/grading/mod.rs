//! Answer checking: decides whether a typed reply to a card is right, a forgivable typo or wrong,
//! and builds the `:hint` text. Pure and total: no I/O, no clock, no randomness, no printing, and
//! no panics on any input. The shared spelling rules (normalization, number syntax) live in
//! `crate::text` and are only applied here; this module must not touch decks, the scheduler, the
//! store or the terminal. Text it returns comes from the deck unsanitized: the UI sanitizes it.

mod hint;
mod numbers;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

pub use self::hint::hint;
use crate::deck::{Asked, Card, Kind};
use crate::text::{normalize, parse_number};

/// How a reply was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The reply is the answer or one of its accepted forms.
    Right,
    /// The reply is a small misspelling of an accepted form: counted as right, shown corrected.
    Typo,
    Wrong,
}

/// The result of grading one reply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Graded {
    pub verdict: Verdict,
    /// The answer as the card states it (for choice cards the option text), shown after answering.
    pub expected: String,
    /// For a typo: the accepted form the reply was closest to (the correct spelling to show).
    pub corrected: Option<String>,
}

/// Answers of the other cards of the same deck, normalized with `text::normalize`: a reply equal
/// to one of them is never a typo of this card's answer.
///
/// Including the graded card's own answers does no harm (an exact match is right before typos
/// are considered), so one list per deck serves every card: the store keeps it, built from
/// [`answer_forms`].
pub trait OtherAnswers {
    fn contains(&self, normalized: &str) -> bool;
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
/// cards only; when empty, the card's own order is used).
pub fn grade(
    card: &Card,
    shown_choices: &[String],
    reply: &str,
    others: &dyn OtherAnswers,
) -> Graded {
    let outcome = if reply.trim().is_empty() || too_long(card, reply) {
        Outcome::Wrong
    } else {
        match card.kind {
            Kind::TrueFalse => match (parse_truefalse(reply), parse_truefalse(&card.answer)) {
                (Some(given), Some(answer)) if given == answer => Outcome::Right,
                _ => Outcome::Wrong,
            },
            Kind::Choice => grade_choice(card, shown_choices, reply, others),
            Kind::Year | Kind::Number | Kind::Cloze => match numeric_answer(card) {
                Some(target) => numbers::grade(card, target, reply),
                // A number card whose answer is not a number (only possible for a card built
                // by hand) is compared as text, still without typos.
                None => grade_text(&forms(card), reply, others, &[], card.kind == Kind::Cloze),
            },
            Kind::Text => grade_text(&forms(card), reply, others, &[], true),
        }
    };
    let (verdict, corrected) = match outcome {
        Outcome::Right => (Verdict::Right, None),
        Outcome::Typo(form) => (Verdict::Typo, Some(form.to_owned())),
        Outcome::Wrong => (Verdict::Wrong, None),
    };
    Graded {
        verdict,
        expected: expected(card),
        corrected,
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

/// Reads a true/false reply: true/false, t/f, yes/no or y/n in any case, with surrounding
/// punctuation and spaces ignored ("Yes!", "(f)"). Anything else is `None`.
pub fn parse_truefalse(reply: &str) -> Option<bool> {
    // Cheap rejection first, so a 10 MB reply is not normalized just to be refused.
    let core = reply.trim_matches(|c: char| !c.is_alphanumeric());
    if core.len() > 32 {
        return None;
    }
    match normalize(core).as_str() {
        "true" | "t" | "yes" | "y" => Some(true),
        "false" | "f" | "no" | "n" => Some(false),
        _ => None,
    }
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

/// The internal verdict, borrowing the accepted form a typo was matched to.
#[derive(Debug, PartialEq)]
enum Outcome<'a> {
    Right,
    Typo(&'a str),
    Wrong,
}

/// What the card says the answer is, as shown after answering.
fn expected(card: &Card) -> String {
    match parse_truefalse(&card.answer) {
        Some(answer) if card.kind.spec().asked == Asked::TrueFalse => answer.to_string(),
        _ => card.answer.clone(),
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

/// Grades a typed text reply against `forms` (answer first). `rivals` are the comparable texts of
/// other choice options: a reply equal to one is wrong, and a typo must be strictly closer to the
/// right form than to any of them.
fn grade_text<'a>(
    forms: &[&'a str],
    reply: &str,
    others: &dyn OtherAnswers,
    rivals: &[String],
    typos: bool,
) -> Outcome<'a> {
    let reply = comparable(reply);
    if reply.is_empty() {
        return Outcome::Wrong;
    }
    let comparable_forms: Vec<String> = forms.iter().map(|form| comparable(form)).collect();
    if comparable_forms.contains(&reply) {
        return Outcome::Right;
    }
    if !typos || rivals.contains(&reply) || others.contains(&reply) {
        return Outcome::Wrong;
    }
    let reply_len = reply.chars().count();
    let reply_digits = digit_runs(&reply);
    let mut best: Option<(usize, &'a str)> = None;
    for (form, comparable_form) in forms.iter().zip(&comparable_forms) {
        let budget = typo_budget(comparable_form);
        let form_len = comparable_form.chars().count();
        // The length difference is a lower bound on the distance: skip hopeless pairs before
        // paying for the quadratic distance.
        if budget == 0 || form_len > MAX_TYPO_LEN || reply_len.abs_diff(form_len) > budget {
            continue;
        }
        // "U-2" is not a typo of "U-3": a wrong digit is a wrong fact, not a slip of the finger.
        if digit_runs(comparable_form) != reply_digits {
            continue;
        }
        let distance = strsim::damerau_levenshtein(&reply, comparable_form);
        if distance <= budget && best.is_none_or(|(closest, _)| distance < closest) {
            best = Some((distance, form));
        }
    }
    let Some((distance, form)) = best else {
        return Outcome::Wrong;
    };
    let as_close_to_a_rival = rivals.iter().any(|rival| {
        reply_len.abs_diff(rival.chars().count()) <= distance
            && strsim::damerau_levenshtein(&reply, rival) <= distance
    });
    if as_close_to_a_rival {
        Outcome::Wrong
    } else {
        Outcome::Typo(form)
    }
}

/// The runs of digits in `text`, in order.
fn digit_runs(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .collect()
}

/// Grades a reply to a multiple-choice card: an option's exact text first, then its number or
/// letter in the shown order, then a typo of the right option's text.
fn grade_choice<'a>(
    card: &'a Card,
    shown_choices: &[String],
    reply: &str,
    others: &dyn OtherAnswers,
) -> Outcome<'a> {
    let options = if shown_choices.is_empty() {
        card.choices.as_slice()
    } else {
        shown_choices
    };
    let answer = comparable(&card.answer);
    let typed = comparable(reply);
    let forms = forms(card);
    if forms.iter().any(|form| comparable(form) == typed) {
        return Outcome::Right;
    }
    let options: Vec<String> = options.iter().map(|option| comparable(option)).collect();
    // An option's exact text wins over its position, so that the options "A", "B" and "AB" (or
    // "1954" and "1955") can be typed as themselves.
    if options.contains(&typed) {
        return Outcome::Wrong;
    }
    if let Some(position) = parse_position(reply) {
        return match options.get(position) {
            Some(option) if *option == answer => Outcome::Right,
            _ => Outcome::Wrong,
        };
    }
    let rivals: Vec<String> = options
        .into_iter()
        .filter(|option| *option != answer)
        .collect();
    grade_text(&forms, reply, others, &rivals, true)
}

/// Reads an option's position (0-based) from a reply naming it by number or letter: "2", "2.",
/// "2)", "(2)", "b", "B", "b)", "(b)". Numbers and letters beyond the options are still positions
/// (and so wrong), not text.
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
