//! Numeric replies: finding the numbers written in a reply and comparing them with the answer of
//! a year, number or numeric cloze card. Numbers are exact facts, so nothing here forgives typos.

use unicode_normalization::UnicodeNormalization;

use super::{Outcome, Rule, comparable, dates, number_words};
use crate::deck::{Card, Kind};
use crate::text::parse_number;

/// Grades a reply to a card whose answer is the number `target`.
pub(super) fn grade(card: &Card, target: f64, reply: &str) -> Outcome {
    // Accepted forms that are not numbers ("three", "nineteen fifty-five") compare as text,
    // exactly: a typo in a number word may well be a different number.
    let typed = comparable(reply);
    if let Some(form) = card
        .accept
        .iter()
        .filter(|form| parse_number(form).is_none())
        .find(|form| comparable(form) == typed)
    {
        return Outcome::Right {
            form: form.clone(),
            rules: vec![Rule::Accepted],
        };
    }
    // A date is read for the part asked: its day for a number card's day of the month, else its
    // year. "'47" is a short year only on a year card.
    let (day_of_month, short_years) = match card.kind {
        Kind::Number => (
            target.fract() == 0.0 && (1.0..=31.0).contains(&target),
            false,
        ),
        Kind::Year => (false, true),
        Kind::Cloze | Kind::Text | Kind::Choice | Kind::TrueFalse => (false, false),
    };
    if let Some(date) = dates::parse(reply) {
        let part = if day_of_month { date.day } else { date.year };
        return match part {
            Some(part)
                if within(f64::from(part), target, 0.0)
                    && dates::agrees_with(&date, &card.question) =>
            {
                Outcome::Right {
                    form: card.answer.clone(),
                    rules: vec![Rule::Date],
                }
            }
            _ => Outcome::Wrong,
        };
    }
    if short_years && let Some(short) = short_year(reply) {
        // "'47" for 1947: the last two digits of the year asked.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let right = target.fract() == 0.0 && target >= 0.0 && (target as u64) % 100 == short;
        return if right {
            Outcome::Right {
                form: card.answer.clone(),
                rules: vec![Rule::Date],
            }
        } else {
            Outcome::Wrong
        };
    }
    let Some((value, in_words)) = single_number(reply) else {
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
    let accepted = std::iter::once((target, &card.answer, Rule::Answer)).chain(
        card.accept
            .iter()
            .filter_map(|form| parse_number(form).map(|n| (n, form, Rule::Accepted))),
    );
    for (answer, form, rule) in accepted {
        if within(value, answer, tolerance) {
            let mut rules = Vec::new();
            if in_words {
                rules.push(Rule::NumberWords);
            }
            if !within(value, answer, 0.0) {
                rules.push(Rule::Tolerance);
            }
            if rule != Rule::Answer || rules.is_empty() {
                rules.push(rule);
            }
            return Outcome::Right {
                form: form.clone(),
                rules,
            };
        }
    }
    Outcome::Wrong
}

/// A year written by its last two digits after an apostrophe ("'47", "in ’55"), as those
/// digits.
fn short_year(reply: &str) -> Option<u64> {
    let trimmed = reply.trim().trim_end_matches(['.', '!']);
    let trimmed = ["in ", "In ", "IN "]
        .iter()
        .find_map(|p| trimmed.strip_prefix(p))
        .unwrap_or(trimmed)
        .trim_start();
    let digits = trimmed.strip_prefix(['\'', '’', '‘'])?;
    (digits.len() == 2 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Whether `value` is within `tolerance` of `answer`, allowing for binary rounding so that 2.6 is
/// within 0.1 of 2.5 even though 2.6 − 2.5 is a hair above 0.1 in floating point.
fn within(value: f64, answer: f64, tolerance: f64) -> bool {
    let slack = 4.0 * f64::EPSILON * value.abs().max(answer.abs()).max(1.0);
    (value - answer).abs() <= tolerance + slack
}

/// The one number a reply gives (written any number of times, in digits or in words), and
/// whether it was written in words; `None` when it gives none, several different ones ("1954 or
/// 1955": no hedging), or one too large to represent.
fn single_number(reply: &str) -> Option<(f64, bool)> {
    let mut found: Option<(f64, bool)> = None;
    for (number, in_words) in scan(reply) {
        let number = number?;
        // Exact comparison on purpose: "2.5, I mean 2.50" is one number, "2.5 or 2.6" two.
        match found {
            Some((earlier, _)) if (earlier - number).abs() > 0.0 => return None,
            Some((_, words)) => found = Some((number, words || in_words)),
            None => found = Some((number, in_words)),
        }
    }
    found
}

/// Every number written in `reply`, in digits (see [`digit_numbers`]) or in words ("two thousand",
/// "nineteen fifty-five", "third"), in order, each with whether it was in words.
fn scan(reply: &str) -> Vec<(Option<f64>, bool)> {
    let text: String = reply.nfkc().collect();
    let mut numbers: Vec<(usize, Option<f64>, bool)> = digit_numbers(&text)
        .into_iter()
        .map(|(at, value)| (at, value, false))
        .collect();
    // Words: runs of letters, lowercase, with where each starts.
    let mut words: Vec<(usize, String)> = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                words.push((from, text[from..at].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    let list: Vec<&str> = words.iter().map(|(_, w)| w.as_str()).collect();
    for found in number_words::find(&list) {
        #[allow(clippy::cast_precision_loss)]
        let value = found.value as f64;
        numbers.push((words[found.start].0, Some(value), true));
    }
    numbers.sort_by_key(|(at, _, _)| *at);
    numbers
        .into_iter()
        .map(|(_, value, words)| (value, words))
        .collect()
}

/// Every number written in digits in `reply` as a whole token, in order; `None` for one too
/// large to be represented. See [`digit_numbers`].
#[cfg(test)]
pub(super) fn numbers_in(reply: &str) -> Vec<Option<f64>> {
    let text: String = reply.nfkc().collect();
    digit_numbers(&text)
        .into_iter()
        .map(|(_, value)| value)
        .collect()
}

/// Every number written in digits in `text` (NFKC already) as a whole token, in order, with the
/// byte where it starts; `None` for one too large to be represented. A token is an optional sign
/// (`-`, `+`, `−`, only where it cannot be a dash between two words or numbers), digits with `,`
/// or `_` thousands separators (as in `text::parse_number`, so "1,00,000" too) and an optional
/// decimal part (".5" is 0.5). Several points ("17.4.1968") separate several numbers. Digits
/// glued to letters are no number ("U2", "1950s", "5km"), except English ordinal suffixes
/// ("3rd", "17th"). Full-width digits count (NFKC); other scripts' digits do not.
fn digit_numbers(text: &str) -> Vec<(usize, Option<f64>)> {
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
        let mut found = Vec::new();
        push_numbers(run, negative, &mut found);
        numbers.extend(found.into_iter().map(|value| (start, value)));
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
