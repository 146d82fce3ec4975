//! RFC 4180 delimited text, read and written: quoted fields with doubled quotes, separators and
//! line breaks inside quotes, CRLF or LF line ends, any one-character separator. Records keep
//! the line they start on so problems can be reported where they are.

use std::borrow::Cow;

/// One record (row) and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: u32,
    pub fields: Vec<String>,
}

/// Why delimited text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("a quoted field that starts at line {line}, column {column} is never closed")]
    UnclosedQuote { line: u32, column: u32 },
    #[error("unexpected text after a closing quote at line {line}, column {column}")]
    TextAfterQuote { line: u32, column: u32 },
}

impl CsvError {
    pub fn position(&self) -> (u32, u32) {
        match self {
            CsvError::UnclosedQuote { line, column }
            | CsvError::TextAfterQuote { line, column } => (*line, *column),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            CsvError::UnclosedQuote { .. } => {
                "a field that starts with a double quote must end with one; write a quote \
                 inside a quoted field as two quotes (\"\")"
            }
            CsvError::TextAfterQuote { .. } => {
                "write a quote inside a quoted field as two quotes (\"\"), or put the whole \
                 field in quotes"
            }
        }
    }
}

/// How to read: the separator, and whether lines starting with `#` are comments (Anki).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub separator: char,
    pub comments: bool,
}

impl Dialect {
    pub fn new(separator: char) -> Dialect {
        Dialect {
            separator,
            comments: false,
        }
    }
}

/// Reads every record. Empty lines are skipped; `first_line` is the line number of the text's
/// first line in its file (for text that follows a header).
pub fn parse(text: &str, dialect: Dialect, first_line: u32) -> Result<Vec<Record>, CsvError> {
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = first_line;
    let mut column: u32 = 1;
    loop {
        // Start of a record.
        match chars.peek() {
            None => break,
            Some('\n') => {
                chars.next();
                line += 1;
                column = 1;
                continue;
            }
            Some('\r') => {
                chars.next();
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                line += 1;
                column = 1;
                continue;
            }
            Some('#') if dialect.comments => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
                line += 1;
                column = 1;
                continue;
            }
            Some(_) => {}
        }
        let start_line = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut at_field_start = true;
        loop {
            let Some(c) = chars.next() else {
                fields.push(std::mem::take(&mut field));
                break;
            };
            column += 1;
            if at_field_start && c == '"' {
                at_field_start = false;
                let (open_line, open_column) = (line, column - 1);
                loop {
                    match chars.next() {
                        None => {
                            return Err(CsvError::UnclosedQuote {
                                line: open_line,
                                column: open_column,
                            });
                        }
                        Some('"') => {
                            column += 1;
                            if chars.peek() == Some(&'"') {
                                chars.next();
                                column += 1;
                                field.push('"');
                            } else {
                                break;
                            }
                        }
                        Some('\n') => {
                            field.push('\n');
                            line += 1;
                            column = 1;
                        }
                        Some('\r') => {
                            // CRLF inside quotes is one line break, kept as "\n".
                            if chars.peek() == Some(&'\n') {
                                chars.next();
                            }
                            field.push('\n');
                            line += 1;
                            column = 1;
                        }
                        Some(other) => {
                            column += 1;
                            field.push(other);
                        }
                    }
                }
                match chars.peek() {
                    None | Some('\n' | '\r') => {}
                    Some(&next) if next == dialect.separator => {}
                    Some(_) => {
                        return Err(CsvError::TextAfterQuote { line, column });
                    }
                }
                continue;
            }
            at_field_start = false;
            if c == dialect.separator {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
                continue;
            }
            if c == '\n' || c == '\r' {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                fields.push(std::mem::take(&mut field));
                line += 1;
                column = 1;
                break;
            }
            // A quote inside an unquoted field is kept as it is (`5" floppy`).
            field.push(c);
        }
        records.push(Record {
            line: start_line,
            fields,
        });
    }
    Ok(records)
}

/// The separators tried when none is given, in order of preference on a tie.
pub const SEPARATORS: [char; 4] = ['\t', ',', ';', '|'];

/// Guesses the separator: the candidate that splits the first records into the same number
/// (at least two) of fields most often. Falls back to a comma.
pub fn detect_separator(text: &str) -> char {
    let sample: String = text.lines().take(50).collect::<Vec<_>>().join("\n");
    // (separator, rows with the most common field count, that field count)
    let mut best = (',', 0usize, 0usize);
    for separator in SEPARATORS {
        let Ok(records) = parse(&sample, Dialect::new(separator), 1) else {
            continue;
        };
        let mut counts: Vec<usize> = records.iter().map(|r| r.fields.len()).collect();
        counts.sort_unstable();
        // The most common field count (ties: the larger one).
        let mut mode = (0, 0);
        let mut i = 0;
        while i < counts.len() {
            let run = counts[i..].iter().take_while(|&&c| c == counts[i]).count();
            if run >= mode.1 {
                mode = (counts[i], run);
            }
            i += run;
        }
        let score = if mode.0 >= 2 {
            (mode.1, mode.0)
        } else {
            (0, 0)
        };
        if score > (best.1, best.2) {
            best = (separator, score.0, score.1);
        }
    }
    best.0
}

/// A field as written: quoted when it holds the separator, a quote, a line break, leading or
/// trailing spaces, or starts with `#` (which Anki would read as a comment).
pub fn quote(field: &str, separator: char) -> Cow<'_, str> {
    let needs_quotes = field.contains([separator, '"', '\n', '\r'])
        || field.starts_with('#')
        || field.starts_with(' ')
        || field.ends_with(' ');
    if needs_quotes {
        Cow::Owned(format!("\"{}\"", field.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(field)
    }
}

/// Appends one record and a line end (`\n`).
pub fn write_record<S: AsRef<str>>(out: &mut String, fields: &[S], separator: char) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        out.push_str(&quote(field.as_ref(), separator));
    }
    out.push('\n');
}

/// Joins list items with `separator`, escaping the separator and backslashes with a backslash,
/// so that [`split_list`] gives the items back.
pub fn join_list<S: AsRef<str>>(items: &[S], separator: char) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        for c in item.as_ref().chars() {
            if c == '\\' || c == separator || (separator == ' ' && c.is_whitespace()) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Splits a list written by [`join_list`]; items are trimmed and empty ones dropped. With a
/// space as the separator any run of whitespace separates.
pub fn split_list(text: &str, separator: char) -> Vec<String> {
    let is_separator = |c: char| {
        if separator == ' ' {
            c.is_whitespace()
        } else {
            c == separator
        }
    };
    let mut items = Vec::new();
    // Characters of the current item, each with whether it was escaped (escaped whitespace is
    // never trimmed).
    let mut item: Vec<(char, bool)> = Vec::new();
    let mut chars = text.chars();
    loop {
        let next = chars.next();
        match next {
            Some('\\') => match chars.next() {
                Some(escaped) => item.push((escaped, true)),
                None => item.push(('\\', false)),
            },
            Some(c) if !is_separator(c) => item.push((c, false)),
            _ => {
                let blank = |&(c, escaped): &(char, bool)| !escaped && c.is_whitespace();
                let start = item.iter().position(|c| !blank(c)).unwrap_or(item.len());
                let end = item
                    .iter()
                    .rposition(|c| !blank(c))
                    .map_or(start, |i| i + 1);
                let word: String = item[start..end].iter().map(|&(c, _)| c).collect();
                if !word.is_empty() {
                    items.push(word);
                }
                item.clear();
                if next.is_none() {
                    break;
                }
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn fields(text: &str, separator: char) -> Vec<Vec<String>> {
        parse(text, Dialect::new(separator), 1)
            .expect("valid csv")
            .into_iter()
            .map(|r| r.fields)
            .collect()
    }

    #[test]
    fn parse_table() {
        let cases: [(&str, &str, Vec<Vec<&str>>); 9] = [
            ("simple", "a,b\nc,d\n", vec![vec!["a", "b"], vec!["c", "d"]]),
            (
                "crlf",
                "a,b\r\nc,d\r\n",
                vec![vec!["a", "b"], vec!["c", "d"]],
            ),
            ("no final newline", "a,b", vec![vec!["a", "b"]]),
            (
                "quoted separator and doubled quote",
                "\"a, \"\"b\"\"\",c",
                vec![vec!["a, \"b\"", "c"]],
            ),
            (
                "newline inside quotes",
                "\"line 1\r\nline 2\",x\ny,z",
                vec![vec!["line 1\nline 2", "x"], vec!["y", "z"]],
            ),
            (
                "empty lines skipped",
                "a,b\n\n\nc,d",
                vec![vec!["a", "b"], vec!["c", "d"]],
            ),
            ("empty fields kept", ",,\n", vec![vec!["", "", ""]]),
            (
                "quote inside unquoted field",
                "5\" disk,x",
                vec![vec!["5\" disk", "x"]],
            ),
            (
                "ragged rows",
                "a\nb,c,d",
                vec![vec!["a"], vec!["b", "c", "d"]],
            ),
        ];
        for (name, text, expected) in cases {
            assert_eq!(fields(text, ','), expected, "{name}");
        }
    }

    #[test]
    fn records_know_their_first_line() {
        let records = parse("a,\"x\ny\"\n\nb,c\n", Dialect::new(','), 5).expect("valid");
        let lines: Vec<u32> = records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [5, 8]);
    }

    #[test]
    fn comments_are_skipped_only_when_asked() {
        let text = "#separator:tab\na\tb\n";
        let anki = Dialect {
            separator: '\t',
            comments: true,
        };
        assert_eq!(parse(text, anki, 1).expect("valid").len(), 1);
        assert_eq!(parse(text, Dialect::new('\t'), 1).expect("valid").len(), 2);
    }

    #[test]
    fn malformed_quotes_are_located() {
        assert_eq!(
            parse("a,b\nc,\"open\nstill open", Dialect::new(','), 1),
            Err(CsvError::UnclosedQuote { line: 2, column: 3 })
        );
        assert_eq!(
            parse("\"quoted\" tail,b", Dialect::new(','), 1),
            Err(CsvError::TextAfterQuote { line: 1, column: 9 })
        );
    }

    #[test]
    fn detects_the_separator() {
        let cases = [
            ("comma", "q,a\nr,b\n", ','),
            ("tab", "q\ta, with comma\nr\tb\n", '\t'),
            ("semicolon", "q;a;1,5\nr;b;2,5\n", ';'),
            ("pipe", "q|a\nr|b\n", '|'),
            (
                "quoted commas do not count",
                "\"a,b,c\";x\n\"d,e\";y\n",
                ';',
            ),
            (
                "single column falls back to comma",
                "just text\nmore\n",
                ',',
            ),
        ];
        for (name, text, expected) in cases {
            assert_eq!(detect_separator(text), expected, "{name}");
        }
    }

    #[test]
    fn lists_round_trip_with_escapes() {
        let items = [
            "a|b".to_owned(),
            "back\\slash".to_owned(),
            "plain".to_owned(),
        ];
        let joined = join_list(&items, '|');
        assert_eq!(joined, "a\\|b|back\\\\slash|plain");
        assert_eq!(split_list(&joined, '|'), items);
        let tags = ["two words".to_owned(), "x".to_owned()];
        assert_eq!(split_list(&join_list(&tags, ' '), ' '), tags);
        assert_eq!(split_list("  a   b ", ' '), ["a", "b"]);
        assert_eq!(split_list(" x | | y ", '|'), ["x", "y"]);
    }

    fn field() -> impl Strategy<Value = String> {
        "[a-z ,;\t\"\n\r#|\\\\é–]{0,12}"
    }

    proptest! {
        #[test]
        fn written_records_read_back(
            rows in proptest::collection::vec(proptest::collection::vec(field(), 2..5), 1..6),
            separator in proptest::sample::select(vec![',', '\t', ';', '|']),
        ) {
            let mut text = String::new();
            for row in &rows {
                write_record(&mut text, row, separator);
            }
            let read = parse(&text, Dialect::new(separator), 1).expect("own output parses");
            let expected: Vec<Vec<String>> = rows
                .iter()
                .map(|row| row.iter().map(|f| f.replace("\r\n", "\n").replace('\r', "\n")).collect())
                .collect();
            let got: Vec<Vec<String>> = read.into_iter().map(|r| r.fields).collect();
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,200}", separator in proptest::sample::select(vec![',', '\t', ';'])) {
            let _ = parse(&text, Dialect::new(separator), 1);
            let _ = detect_separator(&text);
        }

        #[test]
        fn lists_round_trip(items in proptest::collection::vec("[a-z|\\\\ ]{1,8}", 0..5)) {
            let items: Vec<String> = items
                .into_iter()
                .map(|i| i.trim().to_owned())
                .filter(|i| !i.is_empty())
                .collect();
            prop_assert_eq!(split_list(&join_list(&items, '|'), '|'), items);
        }
    }
}
