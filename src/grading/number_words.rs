//! Numbers written in words: cardinals ("two", "twenty-one", "two thousand and five"), years read
//! in pairs ("nineteen fifty-five", "nineteen oh five") and ordinals ("second", "twenty-first"),
//! read wherever digits are. A scale word always multiplies ("two thousand" is 2000, never 2);
//! two numbers side by side that do not combine are two numbers ("one two"), so a hedge stays a
//! hedge.

/// One number found in a list of words: where it starts, where it ends (exclusive) and its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Found {
    pub start: usize,
    pub end: usize,
    pub value: u64,
}

/// The value and class of one number word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// 0–9.
    Unit(u64),
    /// 10–19.
    Teen(u64),
    /// 20, 30, … 90.
    Tens(u64),
    /// hundred, thousand, lakh, million, crore, billion.
    Scale(u64),
}

/// Reads one word: a cardinal, or an ordinal (which also ends its number).
fn word(text: &str) -> Option<(Word, bool)> {
    const UNITS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    const UNIT_ORDINALS: [&str; 10] = [
        "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
        "ninth",
    ];
    const TEENS: [&str; 10] = [
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
    const TEEN_ORDINALS: [&str; 10] = [
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    const TENS_ORDINALS: [&str; 8] = [
        "twentieth",
        "thirtieth",
        "fortieth",
        "fiftieth",
        "sixtieth",
        "seventieth",
        "eightieth",
        "ninetieth",
    ];
    const SCALES: [(&str, &str, u64); 6] = [
        ("hundred", "hundredth", 100),
        ("thousand", "thousandth", 1_000),
        ("lakh", "lakhth", 100_000),
        ("million", "millionth", 1_000_000),
        ("crore", "croreth", 10_000_000),
        ("billion", "billionth", 1_000_000_000),
    ];
    let position = |list: &[&str]| {
        list.iter()
            .position(|w| *w == text)
            .and_then(|i| u64::try_from(i).ok())
    };
    if let Some(n) = position(&UNITS) {
        return Some((Word::Unit(n), false));
    }
    if let Some(n) = position(&UNIT_ORDINALS) {
        return Some((Word::Unit(n), true));
    }
    if let Some(n) = position(&TEENS) {
        return Some((Word::Teen(10 + n), false));
    }
    if let Some(n) = position(&TEEN_ORDINALS) {
        return Some((Word::Teen(10 + n), true));
    }
    if let Some(n) = position(&TENS) {
        return Some((Word::Tens(20 + 10 * n), false));
    }
    if let Some(n) = position(&TENS_ORDINALS) {
        return Some((Word::Tens(20 + 10 * n), true));
    }
    // "forty" is also misspelt "fourty" often enough to read it.
    if text == "fourty" {
        return Some((Word::Tens(40), false));
    }
    SCALES.iter().find_map(|(cardinal, ordinal, value)| {
        if text == *cardinal {
            Some((Word::Scale(*value), false))
        } else if text == *ordinal {
            Some((Word::Scale(*value), true))
        } else {
            None
        }
    })
}

/// Every number written in words in `words` (lowercase, one word each), in order.
pub(super) fn find(words: &[&str]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match parse_at(words, i) {
            Some((value, end)) => {
                found.push(Found {
                    start: i,
                    end,
                    value,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// The number starting at `words[i]`, and the index after it.
fn parse_at(words: &[&str], i: usize) -> Option<(u64, usize)> {
    if let Some(year) = year_at(words, i) {
        return Some(year);
    }
    cardinal_at(words, i)
}

/// A small number (below 100) at `words[i]`: a unit, a teen, or tens with an optional unit
/// ("twenty one", "twenty-first"). Returns the value, the index after it and whether it was an
/// ordinal.
fn small_at(words: &[&str], i: usize) -> Option<(u64, usize, bool)> {
    match word(words.get(i)?)? {
        (Word::Unit(n) | Word::Teen(n), ordinal) => Some((n, i + 1, ordinal)),
        (Word::Tens(n), true) => Some((n, i + 1, true)),
        (Word::Tens(n), false) => match words.get(i + 1).and_then(|w| word(w)) {
            Some((Word::Unit(unit), ordinal)) if unit > 0 => Some((n + unit, i + 2, ordinal)),
            _ => Some((n, i + 1, false)),
        },
        (Word::Scale(_), _) => None,
    }
}

/// A year read in pairs: "nineteen fifty-five" (1955), "twenty twenty-one" (2021), "nineteen oh
/// five" (1905). The first pair is 10–99 and not a unit; the second 10–99, or "oh"/"zero" and a
/// unit. Anything else is left to the cardinal reading.
fn year_at(words: &[&str], i: usize) -> Option<(u64, usize)> {
    let (high, next, ordinal) = small_at(words, i)?;
    if ordinal || high < 10 {
        return None;
    }
    let low = match words.get(next).copied() {
        Some("oh" | "o" | "zero" | "nought") => match small_at(words, next + 1)? {
            (unit @ 1..=9, end, _) => Some((unit, end)),
            _ => None,
        },
        Some(_) => match small_at(words, next)? {
            (low @ 10..=99, end, _) => Some((low, end)),
            _ => None,
        },
        None => None,
    }?;
    // "twenty thousand" is a cardinal; a year is never followed by a scale.
    if words
        .get(low.1)
        .and_then(|w| word(w))
        .is_some_and(|(w, _)| matches!(w, Word::Scale(_)))
    {
        return None;
    }
    Some((high * 100 + low.0, low.1))
}

/// A cardinal (or ordinal) number: small numbers joined by scales, with "and" after a scale and
/// "a" before one ("a hundred and five"). Stops where the next word would start a new number.
fn cardinal_at(words: &[&str], i: usize) -> Option<(u64, usize)> {
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut j = i;
    let mut any = false;
    // Whether the last thing read was a small number (so another small number starts a new one).
    let mut after_small = false;
    while let Some(&text) = words.get(j) {
        if text == "a" && !any {
            match words.get(j + 1).and_then(|w| word(w)) {
                Some((Word::Scale(_), _)) => {
                    current = 1;
                    after_small = true;
                    j += 1;
                    continue;
                }
                _ => break,
            }
        }
        if text == "and" && any && !after_small {
            match small_at(words, j + 1) {
                Some(_) => {
                    j += 1;
                    continue;
                }
                None => break,
            }
        }
        let Some((kind, ordinal)) = word(text) else {
            break;
        };
        if let Word::Scale(scale) = kind {
            if !after_small {
                break;
            }
            if scale == 100 {
                current = current.checked_mul(100)?;
            } else {
                total = total.checked_add(current.checked_mul(scale)?)?;
                current = 0;
            }
            after_small = false;
            any = true;
            j += 1;
        } else {
            if after_small {
                break;
            }
            let (value, end, small_ordinal) = small_at(words, j)?;
            current = current.checked_add(value)?;
            after_small = true;
            any = true;
            j = end;
            if small_ordinal {
                break;
            }
        }
        if ordinal {
            break;
        }
    }
    any.then(|| total.checked_add(current).map(|value| (value, j)))
        .flatten()
}

/// `normalized` with every number written in words replaced by its digits ("two nation theory" →
/// "2 nation theory", "second war" → "2 war"), and ordinal digits read as numbers ("2nd" → "2").
pub(super) fn digits(normalized: &str) -> String {
    let words: Vec<&str> = normalized.split(' ').collect();
    let found = find(&words);
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    let mut next = found.iter().peekable();
    while i < words.len() {
        if let Some(number) = next.next_if(|n| n.start == i) {
            out.push(number.value.to_string());
            i = number.end;
            continue;
        }
        out.push(strip_ordinal_suffix(words[i]).to_owned());
        i += 1;
    }
    out.join(" ")
}

/// "2nd" → "2", "17th" → "17"; anything else unchanged.
fn strip_ordinal_suffix(word: &str) -> &str {
    let digits_end = word
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(word.len());
    if digits_end > 0 && ["st", "nd", "rd", "th"].contains(&&word[digits_end..]) {
        &word[..digits_end]
    } else {
        word
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<u64> {
        let words: Vec<&str> = text.split(' ').collect();
        find(&words).into_iter().map(|f| f.value).collect()
    }

    #[test]
    fn reads_numbers_in_words() {
        let cases: [(&str, &[u64]); 28] = [
            ("two", &[2]),
            ("twenty one", &[21]),
            ("twenty first", &[21]),
            ("second", &[2]),
            ("fourteenth", &[14]),
            ("the seventeenth of april", &[17]),
            ("nineteen fifty five", &[1955]),
            ("nineteen oh five", &[1905]),
            ("twenty twenty one", &[2021]),
            ("eighteen fifty seven", &[1857]),
            ("nineteen hundred and fifty five", &[1955]),
            ("one thousand nine hundred fifty five", &[1955]),
            ("two thousand", &[2000]),
            ("two thousand and five", &[2005]),
            ("a hundred", &[100]),
            ("a hundred and one", &[101]),
            ("three lakh", &[300_000]),
            ("one two", &[1, 2]),
            ("twenty thirty", &[2030]),
            ("nineteen five", &[19, 5]),
            ("fifty five", &[55]),
            ("one year", &[1]),
            ("a year", &[]),
            ("hundred", &[]),
            ("and", &[]),
            ("nineteen fifty four or fifty five", &[1954, 55]),
            ("twenty thousand", &[20_000]),
            ("fourty two", &[42]),
        ];
        for (text, expected) in cases {
            assert_eq!(values(text), expected, "{text}");
        }
    }

    #[test]
    fn replaces_words_by_digits() {
        let cases = [
            ("two nation theory", "2 nation theory"),
            ("second india pakistan war", "2 india pakistan war"),
            ("2nd india pakistan war", "2 india pakistan war"),
            ("u 2 incident", "u 2 incident"),
            ("karachi", "karachi"),
            ("one of us", "1 of us"),
        ];
        for (text, expected) in cases {
            assert_eq!(digits(text), expected, "{text}");
        }
    }

    #[test]
    fn huge_numbers_do_not_overflow() {
        let words: Vec<&str> = "nine billion billion billion billion".split(' ').collect();
        let _ = find(&words);
        let many = vec!["nine"; 10_000];
        assert_eq!(find(&many).len(), 10_000);
    }
}
