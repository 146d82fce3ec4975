//! Splitting a plain text into paragraphs and sentences, coping with abbreviations ("U.S.",
//! "Dr.", "e.g."), initials ("S.K. Romonovsky") and headings (short lines without a full stop).

/// Abbreviations that end with a full stop without ending a sentence (compared lowercase,
/// without their final stop).
const ABBREVIATIONS: [&str; 48] = [
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "lt", "col", "capt", "maj", "sgt",
    "gov", "sen", "rep", "rev", "sir", "hon", "pres", "no", "nos", "vol", "fig", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co",
    "corp", "vs", "etc", "e.g", "i.e", "approx", "ca", "cf",
];

/// A sentence: its text with whitespace collapsed to single spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub text: String,
}

/// Whether a line is a heading rather than prose: short and without a final stop.
pub fn is_heading(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    words <= 10 && !line.ends_with(['.', '!', '?', '"', '”', ':'])
}

/// The word (run of non-space characters) that ends at byte `end` of `text`.
fn word_before(text: &str, end: usize) -> &str {
    let start = text[..end].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    &text[start..end]
}

/// Whether the stop at the end of `word` (which includes it) is part of an abbreviation or an
/// initial rather than the end of a sentence.
fn is_abbreviation(word: &str) -> bool {
    let bare = word
        .trim_start_matches(['(', '"', '“', '‘', '\''])
        .trim_end_matches('.');
    if bare.is_empty() {
        return false;
    }
    let lower = bare.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // An initial ("S.") or dotted capitals ("U.S", "S.K", "U.S.S.R").
    bare.split('.')
        .all(|part| part.chars().count() == 1 && part.chars().all(char::is_uppercase))
}

/// Splits a paragraph into sentences.
pub fn split(paragraph: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            // Take closing quotes and brackets (and further stops) with the sentence.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(chars[j].1, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')')
            {
                j += 1;
            }
            let end = chars.get(j).map_or(paragraph.len(), |&(b, _)| b);
            let next_is_space = chars.get(j).is_some_and(|&(_, n)| n.is_whitespace());
            let next_word_starts = chars
                .iter()
                .skip(j)
                .find(|(_, n)| !n.is_whitespace())
                .is_none_or(|&(_, n)| {
                    n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘' | '(')
                });
            let abbreviation =
                c == '.' && j == i + 1 && is_abbreviation(word_before(paragraph, at + 1));
            if (next_is_space || j == chars.len()) && next_word_starts && !abbreviation {
                push(&mut sentences, &paragraph[start..end]);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push(&mut sentences, &paragraph[start..]);
    sentences
}

fn push(sentences: &mut Vec<Sentence>, text: &str) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !text.is_empty() {
        sentences.push(Sentence { text });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(paragraph: &str) -> Vec<String> {
        split(paragraph).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn split_table() {
        let cases: [(&str, &str, Vec<&str>); 7] = [
            (
                "two sentences",
                "One here. Two there.",
                vec!["One here.", "Two there."],
            ),
            (
                "dotted abbreviation",
                "Ties with the U.S. improved. Then more.",
                vec!["Ties with the U.S. improved.", "Then more."],
            ),
            (
                "initials",
                "S.K. Romonovsky, the minister, spoke. He left.",
                vec!["S.K. Romonovsky, the minister, spoke.", "He left."],
            ),
            (
                "title abbreviation",
                "They met Dr. Khan in Karachi. It rained.",
                vec!["They met Dr. Khan in Karachi.", "It rained."],
            ),
            (
                "quote closes the sentence",
                "He said \"yes.\" Then he left!",
                vec!["He said \"yes.\"", "Then he left!"],
            ),
            (
                "lowercase after stop",
                "It cost 3.5 m. in total.",
                vec!["It cost 3.5 m. in total."],
            ),
            (
                "whitespace collapses",
                "A  b\tc.  D e.",
                vec!["A b c.", "D e."],
            ),
        ];
        for (name, paragraph, expected) in cases {
            assert_eq!(texts(paragraph), expected, "{name}");
        }
    }

    #[test]
    fn headings_are_short_lines_without_stops() {
        assert!(is_heading("Democratic governments (1947–1958)"));
        assert!(is_heading("History"));
        assert!(!is_heading("Pakistan joined SEATO in 1954."));
    }
}
