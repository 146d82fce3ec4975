//! Acronyms and their expansions, both ways, from the initials of the significant words: "CIA"
//! for "Central Intelligence Agency", "ISI" for "Inter-Services Intelligence", "UN Security
//! Council" for "United Nations Security Council". A reply's acronym must spell the initials
//! exactly; a deck's acronym (written in capitals, like "CENTO") may take up to three letters
//! from a word of the reply ("Central Treaty Organization"), as acronyms do. Small words (of,
//! and, the, for, …) may be left out on either side.

use super::Rule;
use super::spelling::fold_word;
use super::wording::singular;
use crate::text::normalize;

/// Words an acronym skips.
const SMALL_WORDS: [&str; 11] = [
    "of", "and", "the", "for", "in", "on", "at", "a", "an", "to", "de",
];

/// Longest acronym considered, in letters.
const MAX_ACRONYM: usize = 8;

/// Longest phrase (in words) compared, to keep the search small.
const MAX_WORDS: usize = 24;

/// One word of a form or reply, as the acronym search sees it.
#[derive(Debug, Clone)]
pub(super) struct Word {
    /// Normalized.
    text: String,
    /// Spelling key of its singular, for comparing words.
    key: String,
    small: bool,
    /// For a deck word written in capitals (2–8 letters): its letters, lowercase.
    acronym: Option<String>,
}

impl Word {
    fn new(text: &str, acronym: Option<String>) -> Word {
        Word {
            key: fold_word(&singular(text)),
            small: SMALL_WORDS.contains(&text),
            text: text.to_owned(),
            acronym,
        }
    }

    /// The letters of this word read as an acronym in a reply (any case).
    fn as_acronym(&self) -> Option<&str> {
        let len = self.text.len();
        ((2..=MAX_ACRONYM).contains(&len) && self.text.bytes().all(|b| b.is_ascii_lowercase()))
            .then_some(self.text.as_str())
    }

    fn initial(&self) -> Option<char> {
        self.text.chars().next()
    }
}

/// The words of a deck form, marking those written as acronyms ("CIA", "U.S.").
pub(super) fn deck_words(raw: &str) -> Vec<Word> {
    let mut words = Vec::new();
    for piece in raw.split(|c: char| c.is_whitespace() || is_separator(c)) {
        let normalized = normalize(piece);
        let letters: String = piece.chars().filter(|c| *c != '.').collect();
        let acronym = ((2..=MAX_ACRONYM).contains(&letters.len())
            && letters.chars().all(|c| c.is_ascii_uppercase()))
        .then(|| letters.to_ascii_lowercase());
        let parts: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
        match parts.as_slice() {
            [one] => words.push(Word::new(one, acronym)),
            parts => words.extend(parts.iter().map(|part| Word::new(part, None))),
        }
    }
    words
}

/// The words of normalized text (a reply, or a form known only normalized).
pub(super) fn plain_words(normalized: &str) -> Vec<Word> {
    let mut words = Vec::new();
    for word in normalized.split(' ').filter(|w| !w.is_empty()) {
        match compass(word) {
            Some((first, second)) => {
                words.push(Word::new(first, None));
                words.push(Word::new(second, None));
            }
            None => words.push(Word::new(word, None)),
        }
    }
    words
}

/// A compass compound split in two: "southeast" → ("south", "east").
fn compass(word: &str) -> Option<(&str, &str)> {
    ["north", "south"].iter().find_map(|half| {
        let rest = word.strip_prefix(half)?;
        ["east", "west"]
            .contains(&rest)
            .then(|| word.split_at(half.len()))
    })
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '_' | '/' | '\\' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '+' | '|'
    )
}

/// Whether `reply` says `form` with acronyms in the place of their words (`Rule::Acronym`) or
/// the words in the place of the form's acronyms (`Rule::Expansion`). Plain word-for-word
/// equality is not a match here: other rules see to that.
pub(super) fn matches(reply: &[Word], form: &[Word]) -> Option<Rule> {
    if reply.is_empty() || form.is_empty() || reply.len() > MAX_WORDS || form.len() > MAX_WORDS {
        return None;
    }
    let mut memo = vec![Rest::Unknown; (reply.len() + 1) * (form.len() + 1)];
    match rest(reply, form, 0, 0, &mut memo) {
        Rest::Using(rule) => Some(rule),
        Rest::Unknown | Rest::Impossible | Rest::WordForWord => None,
    }
}

/// How the rest of a match can go from a position, memoized by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rest {
    /// Not worked out yet.
    Unknown,
    Impossible,
    /// Possible, but only word for word.
    WordForWord,
    /// Possible with an acronym of this kind.
    Using(Rule),
}

fn rest(reply: &[Word], form: &[Word], i: usize, j: usize, memo: &mut [Rest]) -> Rest {
    let index = i * (form.len() + 1) + j;
    if memo[index] == Rest::Unknown {
        memo[index] = work_out(reply, form, i, j, memo);
    }
    memo[index]
}

fn work_out(reply: &[Word], form: &[Word], i: usize, j: usize, memo: &mut [Rest]) -> Rest {
    if i == reply.len() && j == form.len() {
        return Rest::WordForWord;
    }
    // The best continuation: one with an acronym beats word for word.
    let mut best = Rest::Impossible;
    let mut consider = |candidate: Rest, rule: Option<Rule>| {
        let candidate = match (candidate, rule) {
            (Rest::Unknown | Rest::Impossible, _) => return,
            (_, Some(rule)) => Rest::Using(rule),
            (candidate, None) => candidate,
        };
        if best == Rest::Impossible || (best == Rest::WordForWord && candidate != best) {
            best = candidate;
        }
    };
    if j < form.len() && form[j].small {
        consider(rest(reply, form, i, j + 1, memo), None);
    }
    if i < reply.len() && reply[i].small {
        consider(rest(reply, form, i + 1, j, memo), None);
    }
    if i < reply.len() && j < form.len() && reply[i].key == form[j].key {
        consider(rest(reply, form, i + 1, j + 1, memo), None);
    }
    // The reply's word is an acronym of two or more of the form's words.
    if let Some(letters) = reply.get(i).and_then(Word::as_acronym) {
        for end in j + 2..=form.len() {
            if initials(&form[j..end]).as_deref() == Some(letters) {
                consider(rest(reply, form, i + 1, end, memo), Some(Rule::Acronym));
            }
        }
    }
    // The form's acronym is spelt out by two or more of the reply's words.
    if let Some(letters) = form.get(j).and_then(|w| w.acronym.as_deref()) {
        for end in i + 2..=reply.len() {
            if spells(letters, &reply[i..end]) {
                consider(rest(reply, form, end, j + 1, memo), Some(Rule::Expansion));
            }
        }
    }
    best
}

/// The initials of the significant words of `words`, which must begin and end with one.
fn initials(words: &[Word]) -> Option<String> {
    let first = words.first()?;
    let last = words.last()?;
    if first.small || last.small {
        return None;
    }
    Some(
        words
            .iter()
            .filter(|w| !w.small)
            .filter_map(Word::initial)
            .collect(),
    )
}

/// Whether `letters` is spelt by `words` in order: each significant word gives one to three of
/// its first letters ("Central" gives "CEN"), each small word none or its first. A compass
/// compound counts as two words ("Southeast" gives "SE"). The phrase begins and ends with a
/// significant word.
fn spells(letters: &str, words: &[Word]) -> bool {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    if first.small || last.small {
        return false;
    }
    let letters: Vec<char> = letters.chars().collect();
    // reachable[k]: the first k letters can be spelt by the words so far.
    let mut reachable = vec![false; letters.len() + 1];
    reachable[0] = true;
    for word in words {
        let chars: Vec<char> = word.text.chars().collect();
        let mut next = vec![false; letters.len() + 1];
        for (k, _) in reachable.iter().enumerate().filter(|(_, ok)| **ok) {
            if word.small {
                next[k] = true;
            }
            for take in taken(&chars, &letters[k..]) {
                next[k + take] = true;
            }
        }
        reachable = next;
    }
    reachable[letters.len()]
}

/// How many of the leading `letters` one word can give: one to three of its first letters (a
/// small word's first letter alone).
fn taken(word: &[char], letters: &[char]) -> Vec<usize> {
    (1..=3)
        .take_while(|&take| {
            take <= word.len() && take <= letters.len() && word[..take] == letters[..take]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(reply: &str, form: &str) -> Option<Rule> {
        matches(&plain_words(&normalize(reply)), &deck_words(form))
    }

    #[test]
    fn acronyms_both_ways() {
        let cases = [
            ("CIA", "Central Intelligence Agency", Some(Rule::Acronym)),
            ("isi", "Inter-Services Intelligence", Some(Rule::Acronym)),
            (
                "UNSC",
                "United Nations Security Council",
                Some(Rule::Acronym),
            ),
            (
                "PIIA",
                "Pakistan Institute of International Affairs",
                Some(Rule::Acronym),
            ),
            ("US Army", "United States Army", Some(Rule::Acronym)),
            (
                "UN Security Council",
                "United Nations Security Council",
                Some(Rule::Acronym),
            ),
            ("Central Intelligence Agency", "CIA", Some(Rule::Expansion)),
            (
                "Southeast Asia Treaty Organization",
                "SEATO",
                Some(Rule::Expansion),
            ),
            (
                "South East Asia Treaty Organisation",
                "SEATO",
                Some(Rule::Expansion),
            ),
            (
                "Central Treaty Organization",
                "CENTO",
                Some(Rule::Expansion),
            ),
            (
                "Union of Soviet Socialist Republics",
                "USSR",
                Some(Rule::Expansion),
            ),
            ("United States", "US", Some(Rule::Expansion)),
            ("Inter-Services Intelligence", "ISI", Some(Rule::Expansion)),
            // Wrong organisations.
            ("KGB", "Central Intelligence Agency", None),
            ("Central Intelligence Agency", "ISI", None),
            ("Inter-Services Intelligence", "CIA", None),
            ("IB", "Inter-Services Intelligence", None),
            ("RAW", "Inter-Services Intelligence", None),
            ("ICJ", "United Nations Security Council", None),
            ("North Atlantic Treaty Organization", "SEATO", None),
            ("Soviet Union", "USSR", None),
            // Small words never spell an acronym of the reply.
            ("con", "Commonwealth of Nations", None),
            // Word for word is not an acronym match.
            (
                "Central Intelligence Agency",
                "Central Intelligence Agency",
                None,
            ),
            ("CIA", "CIA", None),
            // A lowercase deck word is no acronym.
            ("Central Intelligence Agency", "cia", None),
        ];
        for (reply, form, expected) in cases {
            assert_eq!(check(reply, form), expected, "{reply} / {form}");
        }
    }

    #[test]
    fn long_phrases_are_not_searched() {
        let long = "word ".repeat(100);
        assert_eq!(check(&long, &long), None);
    }
}
