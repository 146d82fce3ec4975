//! Numeric replies: finding the numbers written in a reply and comparing them with the answer of
//! a year, number or numeric cloze card. Numbers are exact facts, so nothing here forgives typos.

use unicode_normalization::UnicodeNormalization;

use super::{Outcome, comparable};
use crate::deck::Card;
use crate::text::parse_number;

/// Grades a reply to a card whose answer is the number `target`.
pub(super) fn grade<'a>(card: &'a Card, target: f64, reply: &str) -> Outcome<'a> {
    // Accepted forms that are not numbers ("three", "nineteen fifty-five") compare as text,
    // exactly: a typo in a number word may well be a different number.
    let mut words = card
        .accept
        .iter()
        .filter(|form| parse_number(form).is_none())
        .peekable();
    if words.peek().is_some() && {
        let typed = comparable(reply);
        words.any(|form| comparable(form) == typed)
    } {
        return Outcome::Right;
    }
    let Some(value) = single_number(reply) else {
        return Outcome::Wrong;
    };
    // Only number cards have a tolerance; a year or a cloze gap is exact.
    let tolerance = if card.kind.spec().tolerance {
        card.tolerance
            .filter(|t| t.is_finite() && *t >= 0.0)
            .unwrap_or(0.0)
    } else {
        0.0
    };
    let mut accepted =
        std::iter::once(target).chain(card.accept.iter().filter_map(|form| parse_number(form)));
    if accepted.any(|answer| within(value, answer, tolerance)) {
        Outcome::Right
    } else {
        Outcome::Wrong
    }
}

/// Whether `value` is within `tolerance` of `answer`, allowing for binary rounding so that 2.6 is
/// within 0.1 of 2.5 even though 2.6 − 2.5 is a hair above 0.1 in floating point.
fn within(value: f64, answer: f64, tolerance: f64) -> bool {
    let slack = 4.0 * f64::EPSILON * value.abs().max(answer.abs()).max(1.0);
    (value - answer).abs() <= tolerance + slack
}

/// The one number a reply gives (written any number of times), or `None` when it gives none,
/// several different ones ("1954 or 1955": no hedging), or one too large to represent.
fn single_number(reply: &str) -> Option<f64> {
    let mut found: Option<f64> = None;
    for number in numbers_in(reply) {
        let number = number?;
        // Exact comparison on purpose: "2.5, I mean 2.50" is one number, "2.5 or 2.6" two.
        if found.is_some_and(|earlier| (earlier - number).abs() > 0.0) {
            return None;
        }
        found = Some(number);
    }
    found
}

/// Every number written in `reply` as a whole token, in order; `None` for one too large to be
/// represented. A token is an optional sign (`-`, `+`, `−`, only where it cannot be a dash
/// between two words or numbers), digits with `,` or `_` thousands separators (as in
/// `text::parse_number`, so "1,00,000" too) and an optional decimal part (".5" is 0.5). Several
/// points ("17.4.1968") separate several numbers. Digits glued to letters are no number ("U2",
/// "1950s", "5km"), except English ordinal suffixes ("3rd", "17th"). Full-width digits count
/// (NFKC); other scripts' digits do not.
pub(super) fn numbers_in(reply: &str) -> Vec<Option<f64>> {
    let text: String = reply.nfkc().collect();
    let bytes = text.as_bytes();
    let mut numbers = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes[i].is_ascii_digit()
            || (bytes[i] == b'.'
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                && !text[..i].ends_with(|c: char| c.is_ascii_digit()));
        if !starts_number {
            i += 1;
            continue;
        }
        // Every byte looked at below is ASCII, so every index sliced at is a char boundary.
        let start = i;
        let mut end = if bytes[i] == b'.' { i + 1 } else { i };
        loop {
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            let separator = bytes
                .get(end)
                .is_some_and(|b| matches!(b, b',' | b'.' | b'_'));
            if separator && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end += 1;
            } else {
                break;
            }
        }
        i = end;
        let run = &text[start..end];
        let before = &text[..start];
        let mut preceding = before.chars().rev();
        let (negative, boundary) = match (preceding.next(), preceding.next()) {
            (Some(sign @ ('-' | '+' | '−')), previous)
                if previous.is_none_or(|c| !c.is_alphanumeric()) =>
            {
                (sign != '+', previous)
            }
            (previous, _) => (false, previous),
        };
        let glued_before = boundary.is_some_and(char::is_alphanumeric);
        let after = &text[end..];
        let suffix = ordinal_suffix(after).filter(|_| !run.contains('.'));
        let glued_after = suffix.is_none() && after.starts_with(char::is_alphanumeric);
        if glued_before || glued_after {
            continue;
        }
        i += suffix.unwrap_or(0);
        push_numbers(run, negative, &mut numbers);
    }
    numbers
}

/// The length of an English ordinal suffix ("st", "nd", "rd", "th") that `after` starts with,
/// when the suffix ends a word.
fn ordinal_suffix(after: &str) -> Option<usize> {
    let suffix = after.get(..2)?;
    let ends_word = !after[2..].starts_with(char::is_alphanumeric);
    (ends_word && ["st", "nd", "rd", "th"].contains(&suffix.to_ascii_lowercase().as_str()))
        .then_some(2)
}

/// Reads one digit run found by `numbers_in` into one number, or several for "17.4.1968".
fn push_numbers(run: &str, negative: bool, numbers: &mut Vec<Option<f64>>) {
    let sign = |value: f64| if negative { -value } else { value };
    if run.matches('.').count() <= 1 {
        let value = match run.strip_prefix('.') {
            Some(fraction) => parse_number(&format!("0.{fraction}")),
            None => parse_number(run),
        };
        numbers.push(value.map(sign));
    } else {
        let pieces = run.split('.').filter(|piece| !piece.is_empty());
        for (index, piece) in pieces.enumerate() {
            let value = parse_number(piece);
            numbers.push(if index == 0 { value.map(sign) } else { value });
        }
    }
}
