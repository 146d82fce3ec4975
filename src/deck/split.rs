//! Where a deck file's `[[card]]` tables start, so the loader can parse a large file one card at
//! a time instead of holding the whole document's parse (tokens, events and tables: twenty times
//! the file's size) at once. Reads the file with the TOML parser's own lexer, so a `[[card]]`
//! inside a string, a comment or a multi-line array is never taken for a header.
//!
//! Answers only when it is sure: any other table header after the first card (`[deck]` written
//! last, `[card.sub]`, `[[ card ]]`) or unbalanced brackets, and the loader parses the whole file.

use toml_parser::Source;
use toml_parser::lexer::TokenKind;

/// The byte offsets of the lines holding each top-level `[[card]]` header, in order; `None` when
/// the file has no card or its layout is not the plain "preamble, then one header per card" one.
pub fn card_starts(text: &str) -> Option<Vec<usize>> {
    let mut starts = Vec::new();
    // Where the current line starts, whether only whitespace has been seen on it (outside any
    // value), whether it is a table header, and how deep the current value's brackets are.
    let (mut line_start, mut at_line_start, mut in_header, mut depth) = (0, true, false, 0usize);
    for token in Source::new(text).lex() {
        let span = token.span();
        match token.kind() {
            TokenKind::Eof => break,
            TokenKind::Newline => {
                if depth == 0 {
                    (line_start, at_line_start, in_header) = (span.end(), true, false);
                }
            }
            _ if in_header => {}
            TokenKind::Whitespace if at_line_start => {}
            TokenKind::LeftSquareBracket if at_line_start && depth == 0 => {
                (at_line_start, in_header) = (false, true);
                let header = text.get(span.start()..).unwrap_or_default();
                if header.starts_with("[[card]]") {
                    starts.push(line_start);
                } else if !starts.is_empty() {
                    return None;
                }
            }
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => {
                at_line_start = false;
                depth += 1;
            }
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                at_line_start = false;
                depth = depth.checked_sub(1)?;
            }
            _ => at_line_start = false,
        }
    }
    (depth == 0 && !starts.is_empty()).then_some(starts)
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
    fn reads_crlf_line_ends() {
        assert_eq!(
            card_starts("[deck]\r\n[[card]]\r\nq = 1\r\n[[card]]\r\n"),
            Some(vec![8, 25])
        );
    }
}
