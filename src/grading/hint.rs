//! Hints that grow with each `:hint`: the card's own `hint` first, then the first letters (or
//! digits) of the answer, or for choice cards wrong options ruled out. A hint never gives the
//! whole answer away.

use unicode_normalization::char::is_combining_mark;

use super::{comparable, numeric_answer};
use crate::deck::{Asked, Card};
use crate::text::stable_hash;

/// Shown for a true/false card without a `hint`: any more would give the answer away.
const TRUEFALSE_NUDGE: &str =
    "Check every detail of the statement: one wrong detail makes it false.";

/// Shown when a two-option choice card has nothing left to rule out.
const NOTHING_TO_RULE_OUT: &str = "No option can be ruled out without giving the answer away.";

/// The hint for the `level`th request (1 = the first) on `card`. Level 0 is no hint (empty).
///
/// With a `hint` field, level 1 returns it and the revealing starts at level 2. Text answers
/// reveal `n` leading letters of every word at step `n`, keeping spaces and punctuation ("L______
/// A__ K___"), but always hide a word's last letter unless the word is one letter long; numbers
/// reveal leading digits, always hiding the last; choice cards rule out one more wrong option per
/// step, always leaving one; true/false cards only ever get the `hint` or a neutral nudge.
pub fn hint(card: &Card, level: u32) -> String {
    if level == 0 {
        return String::new();
    }
    let field = hint_field(card);
    if card.kind.spec().asked == Asked::TrueFalse {
        return field.unwrap_or(TRUEFALSE_NUDGE).to_owned();
    }
    let step = match field {
        Some(text) if level == 1 => return text.to_owned(),
        Some(_) => level - 1,
        None => level,
    };
    let step = usize::try_from(step).unwrap_or(usize::MAX);
    if card.kind.spec().asked == Asked::Choice {
        rule_out(card, step)
    } else if numeric_answer(card).is_some() {
        reveal_digits(&card.answer, step)
    } else {
        reveal_letters(&card.answer, step)
    }
}

/// The card's `hint`, unless it is blank or, for a cloze gap, already shown in the gap as
/// `[hint]` (repeating it would waste the learner's first hint).
fn hint_field(card: &Card) -> Option<&str> {
    let text = card.hint.as_deref()?.trim();
    let shown_in_gap = card.kind.spec().cloze_text && card.question.contains(&format!("[{text}]"));
    (!text.is_empty() && !shown_in_gap).then_some(text)
}

/// "Liaquat Ali Khan" at step 1 is "L______ A__ K___", at step 2 "Li_____ Al_ Kh__".
fn reveal_letters(answer: &str, step: usize) -> String {
    // Split into words (letters and digits, with any separate accent marks) and what lies
    // between them (spaces, punctuation), which stays visible.
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut rest = answer.trim();
    while let Some(c) = rest.chars().next() {
        let is_word = c.is_alphanumeric();
        let len = rest
            .find(|c: char| (c.is_alphanumeric() || (is_word && is_combining_mark(c))) != is_word)
            .unwrap_or(rest.len());
        pieces.push((is_word, &rest[..len]));
        rest = &rest[len..];
    }
    let letters_in = |word: &str| word.chars().filter(|c| !is_combining_mark(*c)).count();
    let shown_in = |word: &str| step.min(letters_in(word).saturating_sub(1).max(1));
    let words = pieces.iter().filter(|(is_word, _)| *is_word);
    let total: usize = words.clone().map(|(_, word)| letters_in(word)).sum();
    let revealed: usize = words.map(|(_, word)| shown_in(word)).sum();
    // Only an answer made of one-letter words ("J K R") would be revealed whole; beyond two
    // letters, keep its last letter back.
    let mut left = if revealed >= total && total > 2 {
        total - 1
    } else {
        usize::MAX
    };
    let mut out = String::with_capacity(answer.len());
    for (is_word, piece) in pieces {
        if !is_word {
            out.push_str(piece);
            continue;
        }
        let shown = shown_in(piece).min(left);
        left = left.saturating_sub(shown);
        let mut seen = 0;
        for c in piece.chars() {
            // Accents written as separate marks follow their letter: shown or dropped with it.
            if is_combining_mark(c) {
                if seen <= shown {
                    out.push(c);
                }
                continue;
            }
            seen += 1;
            out.push(if seen <= shown { c } else { '_' });
        }
    }
    out
}

/// "1955" at step 1 is "1___", at step 2 "19__"; signs and separators stay visible.
fn reveal_digits(answer: &str, step: usize) -> String {
    let answer = answer.trim();
    let digits = answer.chars().filter(char::is_ascii_digit).count();
    let shown = step.min(digits.saturating_sub(1));
    let mut seen = 0;
    answer
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen > shown {
                    return '_';
                }
            }
            c
        })
        .collect()
}

/// Names `step` wrong options to rule out (at most all but one), e.g. `Not “India” or “Iran”.`
fn rule_out(card: &Card, step: usize) -> String {
    let answer = comparable(&card.answer);
    let mut wrong: Vec<&str> = card
        .choices
        .iter()
        .filter(|option| comparable(option) != answer)
        .map(String::as_str)
        .collect();
    // A fixed order per card that is not the authored one: authors often list the most tempting
    // distractor right after the answer, and it should not always be the first to go.
    wrong.sort_by_key(|option| stable_hash(&[card.id.as_str().as_bytes(), option.as_bytes()]));
    let count = step.min(wrong.len().saturating_sub(1));
    let quoted: Vec<String> = wrong[..count]
        .iter()
        .map(|option| format!("“{option}”"))
        .collect();
    match quoted.as_slice() {
        [] => NOTHING_TO_RULE_OUT.to_owned(),
        [only] => format!("Not {only}."),
        [init @ .., last] => format!("Not {} or {last}.", init.join(", ")),
    }
}
