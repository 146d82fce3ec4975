//! Where a deck file's `[[card]]` tables start, so the loader can parse a large file one card at
//! a time instead of holding the whole document's parse (tokens, events and tables: twenty times
//! the file's size) at once. A `[[card]]` inside a string, a comment or a multi-line array or
//! inline table is not a header.
//!
//! Answers only when it is sure: any other table header after the first card (`[deck]` written
//! last, `[card.sub]`, `[[ card ]]`) or unbalanced brackets, and the loader parses the whole file.
//! A wrong answer cannot change what the loader reports, only how fast: a start that is not a
//! real header leaves the piece before it inside an open string or array, a syntax error in
//! that piece, and a header missed leaves two tables in one piece; either way the loader falls
//! back to the whole-file parse.

/// The byte offsets of the lines holding each top-level `[[card]]` header, in order; `None` when
/// the file has no card or its layout is not the plain "preamble, then one header per card" one.
pub fn card_starts(text: &str) -> Option<Vec<usize>> {
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    // How deep the current value's brackets are, where the current line starts, and whether
    // only whitespace has been seen on it outside any value.
    let (mut depth, mut line_start, mut at_line_start) = (0usize, 0, true);
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'\n' => {
                if depth == 0 {
                    (line_start, at_line_start) = (i + 1, true);
                }
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'[' if at_line_start && depth == 0 => {
                if bytes[i..].starts_with(b"[[card]]") {
                    starts.push(line_start);
                    (at_line_start, i) = (false, i + b"[[card]]".len());
                    continue;
                }
                if !starts.is_empty() {
                    return None;
                }
            }
            _ => {}
        }
        at_line_start = false;
        i = match byte {
            b'#' => end_of_line(bytes, i),
            b'"' | b'\'' => end_of_string(bytes, i),
            b'[' | b'{' => {
                depth += 1;
                i + 1
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i + 1
            }
            _ => i + 1,
        };
    }
    (depth == 0 && !starts.is_empty()).then_some(starts)
}

/// Where the line holding `from` ends (its newline, or the end of the text).
fn end_of_line(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |at| from + at)
}

/// Just past the string opening at `from` (`"`, `'`, `"""` or `'''`); an unterminated
/// one-line string ends at its line's end, a multi-line one at the end of the text.
fn end_of_string(bytes: &[u8], from: usize) -> usize {
    let quote = bytes[from];
    let escapes = quote == b'"';
    let multi_line = bytes[from..].starts_with(&[quote; 3]);
    let mut i = from + if multi_line { 3 } else { 1 };
    // Past the text that is neither a quote, a backslash nor a newline, eight bytes at a time:
    // most of a deck file is inside strings.
    let backslash = if escapes { b'\\' } else { quote };
    while let Some(&byte) = bytes.get(i) {
        if byte != quote && byte != backslash && byte != b'\n' {
            i = find_any_of(bytes, i, [quote, backslash, b'\n']);
            continue;
        }
        if escapes && byte == b'\\' {
            i += 2;
        } else if byte == quote {
            if !multi_line {
                return i + 1;
            }
            // A closing `"""` may follow one or two quotes of the text (`""""` ends in `"`).
            let run = bytes[i..].iter().take_while(|&&b| b == quote).count();
            if run >= 3 {
                return i + run.min(5);
            }
            i += run;
        } else if byte == b'\n' && !multi_line {
            return i;
        } else {
            i += 1;
        }
    }
    bytes.len()
}

/// The first index from `from` on whose byte is one of `wanted`, or the length of `bytes`.
fn find_any_of(bytes: &[u8], from: usize, wanted: [u8; 3]) -> usize {
    const LOW: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // Whether a word has a zero byte (the classic bit trick, exact for "any").
    let has_zero = |word: u64| word.wrapping_sub(LOW) & !word & HIGH != 0;
    let masks = wanted.map(|b| u64::from_le_bytes([b; 8]));
    let mut at = from;
    let rest = bytes.get(from..).unwrap_or_default();
    for chunk in rest.chunks_exact(8) {
        let word = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        if masks.iter().any(|&mask| has_zero(word ^ mask)) {
            break;
        }
        at += 8;
    }
    bytes
        .get(at..)
        .unwrap_or_default()
        .iter()
        .position(|&b| b == wanted[0] || b == wanted[1] || b == wanted[2])
        .map_or(bytes.len().max(at), |n| at + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_card_header_line() {
        let text = "[deck]\nid = \"d\"\n\n[[card]]\nq = 1\n  [[card]] # two\nq = 2\n";
        assert_eq!(card_starts(text), Some(vec![17, 32]));
    }

    #[test]
    fn ignores_headers_inside_values_and_comments() {
        let cases = [
            "[deck]\n[[card]]\nq = \"\"\"\n[[card]]\n\"\"\"\n",
            "[deck]\n[[card]]\nq = '''\n[[card]]\n'''\n",
            "[deck]\n[[card]]\nq = [\n[[card]]\n]\n",
            "[deck]\n[[card]]\nq = { a = [\n[[card]]\n] }\n",
            "[deck]\n[[card]]\n# [[card]]\nq = \"[[card]]\"\n",
        ];
        for text in cases {
            assert_eq!(card_starts(text), Some(vec![7]), "{text:?}");
        }
    }

    #[test]
    fn is_unsure_of_other_layouts() {
        let cases = [
            "[[card]]\nq = 1\n[deck]\nid = \"d\"\n",
            "[[card]]\n[card.sub]\n",
            "[[card]]\n[[card.sub]]\n",
            "[[card]]\n[[ card ]]\n",
            "[[card]]\nq = [1\n",
            "[[card]]\nq = 1]\n",
            "[deck]\nid = \"d\"\n",
        ];
        for text in cases {
            assert_eq!(card_starts(text), None, "{text:?}");
        }
    }

    #[test]
    fn reads_strings_to_their_real_end() {
        // (text, how many real card headers)
        let cases = [
            (
                r#"[[card]]
q = "a \" [[card]]"
"#,
                1,
            ),
            (
                r#"[[card]]
q = """a""""
[[card]]
"#,
                2,
            ),
            (
                r#"[[card]]
q = """\"""
[[card]]
"""
"#,
                1,
            ),
            (
                r#"[[card]]
q = 'a\'
r = """
[[card]]"""
"#,
                1,
            ),
            ("[[card]]\nq = \"unterminated\n[[card]]\n", 2),
        ];
        for (text, cards) in cases {
            assert_eq!(card_starts(text).map(|s| s.len()), Some(cards), "{text:?}");
        }
    }

    #[test]
    fn finds_the_first_of_three_bytes() {
        let text = b"abcdefghij\"klmnopqrstuvwxyz\\0123456789\n";
        let wanted = [b'"', b'\\', b'\n'];
        for from in 0..=text.len() + 2 {
            let expected = text
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, b)| wanted.contains(b))
                .map_or(text.len().max(from), |(at, _)| at);
            assert_eq!(find_any_of(text, from, wanted), expected, "from {from}");
        }
    }

    #[test]
    fn reads_crlf_line_ends() {
        assert_eq!(
            card_starts("[deck]\r\n[[card]]\r\nq = 1\r\n[[card]]\r\n"),
            Some(vec![8, 25])
        );
    }
}
