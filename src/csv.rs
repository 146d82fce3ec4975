//! RFC 4180 delimited text, read and written: quoted fields with doubled quotes, separators and
//! line breaks inside quotes, CRLF or LF line ends, any one-character separator. Records keep
//! the line they start on so problems can be reported where they are.
//!
//! The one writer of every CSV and TSV recall produces (`export --format csv|tsv|anki`, the
//! class report, `results --format csv`): each cell is [`defuse`]d so that no spreadsheet, in
//! any locale, reads it as a formula, and the readers of recall's own formats [`restore`] it.

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
    records(text, dialect, first_line).collect()
}

/// The records of `text` one at a time, as [`parse`] reads them: a reader that streams a large
/// file need not hold all its records. After an error the iterator ends.
pub fn records(text: &str, dialect: Dialect, first_line: u32) -> Records<'_> {
    let mut separator = [0; 4];
    let separator_len = dialect.separator.encode_utf8(&mut separator).len();
    Records {
        text,
        at: 0,
        line_start: 0,
        separator,
        separator_len,
        dialect,
        line: first_line,
        fields: 0,
        failed: false,
    }
}

/// The iterator of [`records`]. The text is read byte by byte: every byte that ends or quotes
/// a field is ASCII, or the separator's own (a character's bytes never start inside another's),
/// so a field is copied out as one slice.
#[derive(Debug, Clone)]
pub struct Records<'a> {
    text: &'a str,
    /// Where the next record starts (at a character boundary).
    at: usize,
    /// Where the current line starts, for the column of an error.
    line_start: usize,
    /// The separator's bytes (the first `separator_len`).
    separator: [u8; 4],
    separator_len: usize,
    dialect: Dialect,
    line: u32,
    /// How many fields the last record had: room made for the next.
    fields: usize,
    failed: bool,
}

impl Iterator for Records<'_> {
    type Item = Result<Record, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let result = self.record()?;
        self.failed = result.is_err();
        Some(result)
    }
}

impl Records<'_> {
    /// Past a line break: the next line starts at `self.at`.
    fn new_line(&mut self) {
        self.line += 1;
        self.line_start = self.at;
    }

    /// The 1-based column (in characters) of the byte `at` of the line starting at `line_start`.
    fn column(&self, line_start: usize, at: usize) -> u32 {
        let chars = self.text[line_start..at].chars().count();
        u32::try_from(chars).map_or(u32::MAX, |n| n.saturating_add(1))
    }

    /// Whether the separator starts at `at`.
    fn separator_at(&self, at: usize) -> bool {
        self.text.as_bytes()[at..].starts_with(&self.separator[..self.separator_len])
    }

    /// Passes over a line break (`\n`, `\r\n` or `\r`) at `self.at`.
    fn line_break(&mut self) {
        let bytes = self.text.as_bytes();
        if bytes[self.at] == b'\r' && bytes.get(self.at + 1) == Some(&b'\n') {
            self.at += 1;
        }
        self.at += 1;
        self.new_line();
    }

    /// The next record, or `None` at the end of the text.
    fn record(&mut self) -> Option<Result<Record, CsvError>> {
        let bytes = self.text.as_bytes();
        // Start of a record: blank lines (and comments, when asked) are passed over.
        loop {
            match bytes.get(self.at) {
                None => return None,
                Some(b'\n' | b'\r') => self.line_break(),
                Some(b'#') if self.dialect.comments => {
                    // To the end of the line, a `\n` (an `\r` alone does not end a comment).
                    self.at = bytes[self.at..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(bytes.len(), |i| self.at + i + 1);
                    self.new_line();
                }
                Some(_) => break,
            }
        }
        let start_line = self.line;
        let mut fields = Vec::with_capacity(self.fields.max(2));
        loop {
            // At the start of a field.
            let field = if bytes.get(self.at) == Some(&b'"') {
                match self.quoted() {
                    Ok(field) => field,
                    Err(error) => return Some(Err(error)),
                }
            } else {
                self.unquoted()
            };
            fields.push(field);
            // At a separator, a line break or the end of the text.
            match bytes.get(self.at) {
                None => break,
                Some(b'\n' | b'\r') => {
                    self.line_break();
                    break;
                }
                Some(_) => self.at += self.separator_len,
            }
        }
        self.fields = fields.len();
        Some(Ok(Record {
            line: start_line,
            fields,
        }))
    }

    /// An unquoted field, up to the next separator or line break. A quote inside it is kept as
    /// it is (`5" floppy`).
    fn unquoted(&mut self) -> String {
        let bytes = self.text.as_bytes();
        let first = self.separator[0];
        let mut end = self.at;
        while let Some(&b) = bytes.get(end) {
            if b == b'\n' || b == b'\r' || (b == first && self.separator_at(end)) {
                break;
            }
            end += 1;
        }
        let field = self.text[self.at..end].to_owned();
        self.at = end;
        field
    }

    /// A quoted field starting at `self.at` (its opening quote): a doubled quote inside is one
    /// quote, a line break (CRLF included) is kept as `\n`. After the closing quote comes a
    /// separator, a line break or the end of the text.
    fn quoted(&mut self) -> Result<String, CsvError> {
        let bytes = self.text.as_bytes();
        let (open_line, open_line_start, open_at) = (self.line, self.line_start, self.at);
        self.at += 1;
        let mut field = String::new();
        loop {
            let Some(length) = bytes[self.at..]
                .iter()
                .position(|&b| matches!(b, b'"' | b'\n' | b'\r'))
            else {
                return Err(CsvError::UnclosedQuote {
                    line: open_line,
                    column: self.column(open_line_start, open_at),
                });
            };
            field.push_str(&self.text[self.at..self.at + length]);
            self.at += length;
            if bytes[self.at] == b'"' {
                self.at += 1;
                if bytes.get(self.at) == Some(&b'"') {
                    self.at += 1;
                    field.push('"');
                } else {
                    break;
                }
            } else {
                field.push('\n');
                self.line_break();
            }
        }
        match bytes.get(self.at) {
            None | Some(b'\n' | b'\r') => Ok(field),
            Some(_) if self.separator_at(self.at) => Ok(field),
            Some(_) => Err(CsvError::TextAfterQuote {
                line: self.line,
                column: self.column(self.line_start, self.at),
            }),
        }
    }
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
/// trailing spaces, starts with `#` (which Anki would read as a comment), or holds any of the
/// [`SPREADSHEET_SEPARATORS`] (so that a spreadsheet splitting lines on another one than the
/// file's still keeps the cell whole).
pub fn quote(field: &str, separator: char) -> Cow<'_, str> {
    let needs_quotes = field.contains([separator, '"', '\n', '\r'])
        || field.contains(SPREADSHEET_SEPARATORS)
        || field.starts_with('#')
        || field.starts_with(' ')
        || field.ends_with(' ');
    if needs_quotes {
        Cow::Owned(format!("\"{}\"", field.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(field)
    }
}

/// Appends one record and a line end (`\n`): every field [`defuse`]d, then [`quote`]d.
pub fn write_record<S: AsRef<str>>(out: &mut String, fields: &[S], separator: char) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        out.push_str(&quote(&defuse(field.as_ref()), separator));
    }
    out.push('\n');
}

/// What a spreadsheet reads as the start of a formula (or trims away before one: a tab or a
/// line break) when a cell starts with it.
pub const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// What a spreadsheet may split a line on, whatever separator the file uses: the comma, the
/// semicolon (the list separator of most European locales) and the tab. A cell holding
/// `x;=1+1` written to a comma-separated file becomes the cells `x` and `=1+1` in a spreadsheet
/// that splits on semicolons.
pub const SPREADSHEET_SEPARATORS: [char; 3] = [',', ';', '\t'];

/// A cell that no spreadsheet reads as a formula. Every place where a spreadsheet may start a
/// cell — the start of the cell, and just after each of the [`SPREADSHEET_SEPARATORS`] inside
/// it — that starts with one of the [`FORMULA_STARTS`] gets an apostrophe (`'`) in front,
/// which spreadsheets read as "this is text": `=HYPERLINK(…)` is written `'=HYPERLINK(…)`,
/// `x;=1+1` is written `x;'=1+1`, `-5 + 3` is written `'-5 + 3`.
///
/// A plain number is left alone, so a number column stays numbers: `-5`, `+2.5`, `-1e3` are
/// numbers to every spreadsheet, never formulas (only when nothing else follows in the cell:
/// `-5;=x` is written `'-5;'=x`). Apostrophes already in front of a formula start
/// get one more (`'=x` is written `''=x`), which makes the change reversible: [`restore`] takes
/// exactly one away, so recall's own exports import back unchanged.
pub fn defuse(cell: &str) -> Cow<'_, str> {
    rewrite(cell, Rewrite::Defuse)
}

/// Undoes [`defuse`]: at each place a spreadsheet may start a cell, one apostrophe is taken
/// away from a run of apostrophes in front of a formula start. `restore(defuse(x)) == x` for
/// every `x`.
pub fn restore(cell: &str) -> Cow<'_, str> {
    rewrite(cell, Rewrite::Restore)
}

/// Whether a spreadsheet could read a formula in `cell`, whichever separators it splits lines
/// on: some place where a cell may start (the start, or just after a `,`, `;` or tab) starts
/// with one of the [`FORMULA_STARTS`] and is not a plain number. False for every [`defuse`]d
/// cell.
pub fn could_start_a_formula(cell: &str) -> bool {
    std::iter::once(0)
        .chain(
            cell.char_indices()
                .filter(|&(_, c)| SPREADSHEET_SEPARATORS.contains(&c))
                .map(|(i, c)| i + c.len_utf8()),
        )
        .any(|at| {
            // Whatever separators split the rest, the cell starting here is a prefix of it.
            let rest = &cell[at..];
            rest.starts_with(FORMULA_STARTS) && !is_plain_number(rest)
        })
}

/// [`restore`]s every field of `records`: what the readers of recall's own exports do.
pub fn restore_records(records: &mut [Record]) {
    for field in records.iter_mut().flat_map(|r| r.fields.iter_mut()) {
        if let Cow::Owned(restored) = restore(field) {
            *field = restored;
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Rewrite {
    Defuse,
    Restore,
}

/// Adds (defuse) or takes away (restore) one apostrophe in front of each formula start at a
/// place where a spreadsheet may start a cell, and copies everything else. Both directions see
/// the same places, since apostrophes are not separators. Borrows when nothing changes; time
/// linear in the cell.
fn rewrite(cell: &str, how: Rewrite) -> Cow<'_, str> {
    // Restoring takes an apostrophe away: a cell without one is left as it is.
    if how == Rewrite::Restore && !cell.contains('\'') {
        return Cow::Borrowed(cell);
    }
    let is_separator = |c: char| SPREADSHEET_SEPARATORS.contains(&c);
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut start = 0;
    loop {
        let quotes = cell[start..].bytes().take_while(|&b| b == b'\'').count();
        let at = start + quotes;
        let rest = &cell[at..];
        // Where the next cell would start: after the next separator (the first character
        // counts as this cell's even when it is a tab).
        let next = rest
            .char_indices()
            .skip(1)
            .find(|&(_, c)| is_separator(c))
            .map(|(i, _)| at + i);
        let first_separator = rest.chars().next().filter(|&c| is_separator(c));
        // A number is a number only when nothing follows it: in `-5;=x` a spreadsheet that
        // does not split on `;` sees one cell starting with `-`.
        let dangerous = rest.starts_with(FORMULA_STARTS) && !is_plain_number(rest);
        if dangerous && (how == Rewrite::Defuse || quotes > 0) {
            let buffer = out.get_or_insert_with(|| String::with_capacity(cell.len() + 8));
            buffer.push_str(&cell[copied..start]);
            match how {
                Rewrite::Defuse => {
                    buffer.push('\'');
                    buffer.push_str(&cell[start..at]);
                }
                Rewrite::Restore => buffer.push_str(&cell[start + 1..at]),
            }
            copied = at;
        }
        start = match (first_separator, next) {
            // A cell that starts with a separator (a tab) ends at once: the next starts after.
            (Some(separator), _) => at + separator.len_utf8(),
            // Separators are ASCII: one byte.
            (None, Some(separator)) => separator + 1,
            (None, None) => break,
        };
    }
    match out {
        None => Cow::Borrowed(cell),
        Some(mut buffer) => {
            buffer.push_str(&cell[copied..]);
            Cow::Owned(buffer)
        }
    }
}

/// A number as a spreadsheet reads one: an optional sign, digits with an optional decimal
/// point, an optional exponent. Nothing else (no spaces, no operators).
fn is_plain_number(text: &str) -> bool {
    // Stops at the first byte no number has (a separator is one), so that asking at every cell
    // start of a long line costs time linear in the line, not quadratic.
    if text
        .bytes()
        .any(|b| !matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E'))
    {
        return false;
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (digits(whole) || whole.is_empty())
                && (digits(fraction) || (fraction.is_empty() && digits(whole)))
        }
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
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

    /// The reader as it was before it read bytes (a character at a time): the oracle the
    /// byte reader is held to.
    struct Reference<'a> {
        chars: std::iter::Peekable<std::str::Chars<'a>>,
        dialect: Dialect,
        line: u32,
        column: u32,
    }

    impl Reference<'_> {
        fn record(&mut self) -> Option<Result<Record, CsvError>> {
            let dialect = self.dialect;
            let chars = &mut self.chars;
            let line = &mut self.line;
            let column = &mut self.column;
            loop {
                // Start of a record.
                match chars.peek() {
                    None => return None,
                    Some('\n') => {
                        chars.next();
                        *line += 1;
                        *column = 1;
                    }
                    Some('\r') => {
                        chars.next();
                        if chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                        *line += 1;
                        *column = 1;
                    }
                    Some('#') if dialect.comments => {
                        for c in chars.by_ref() {
                            if c == '\n' {
                                break;
                            }
                        }
                        *line += 1;
                        *column = 1;
                    }
                    Some(_) => break,
                }
            }
            let start_line = *line;
            let mut fields = Vec::new();
            let mut field = String::new();
            let mut at_field_start = true;
            loop {
                let Some(c) = chars.next() else {
                    fields.push(std::mem::take(&mut field));
                    break;
                };
                *column += 1;
                if at_field_start && c == '"' {
                    at_field_start = false;
                    let (open_line, open_column) = (*line, *column - 1);
                    loop {
                        match chars.next() {
                            None => {
                                return Some(Err(CsvError::UnclosedQuote {
                                    line: open_line,
                                    column: open_column,
                                }));
                            }
                            Some('"') => {
                                *column += 1;
                                if chars.peek() == Some(&'"') {
                                    chars.next();
                                    *column += 1;
                                    field.push('"');
                                } else {
                                    break;
                                }
                            }
                            Some('\n') => {
                                field.push('\n');
                                *line += 1;
                                *column = 1;
                            }
                            Some('\r') => {
                                // CRLF inside quotes is one line break, kept as "\n".
                                if chars.peek() == Some(&'\n') {
                                    chars.next();
                                }
                                field.push('\n');
                                *line += 1;
                                *column = 1;
                            }
                            Some(other) => {
                                *column += 1;
                                field.push(other);
                            }
                        }
                    }
                    match chars.peek() {
                        None | Some('\n' | '\r') => {}
                        Some(&next) if next == dialect.separator => {}
                        Some(_) => {
                            return Some(Err(CsvError::TextAfterQuote {
                                line: *line,
                                column: *column,
                            }));
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
                    *line += 1;
                    *column = 1;
                    break;
                }
                // A quote inside an unquoted field is kept as it is (`5" floppy`).
                field.push(c);
            }
            Some(Ok(Record {
                line: start_line,
                fields,
            }))
        }
    }

    fn reference(text: &str, dialect: Dialect) -> Vec<Result<Record, CsvError>> {
        let mut reader = Reference {
            chars: text.chars().peekable(),
            dialect,
            line: 1,
            column: 1,
        };
        let mut out = Vec::new();
        while let Some(result) = reader.record() {
            let failed = result.is_err();
            out.push(result);
            if failed {
                break;
            }
        }
        out
    }

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

    #[test]
    fn defuse_table() {
        let cases = [
            ("plain text", "Islamabad", "Islamabad"),
            ("formula", "=1+1", "'=1+1"),
            (
                "hyperlink",
                "=HYPERLINK(\"http://x\")",
                "'=HYPERLINK(\"http://x\")",
            ),
            ("plus", "+92 51 123", "'+92 51 123"),
            (
                "minus expression",
                "-2+3+cmd|' /C calc'!A0",
                "'-2+3+cmd|' /C calc'!A0",
            ),
            ("at", "@SUM(A1)", "'@SUM(A1)"),
            ("leading tab", "\t=1", "'\t'=1"),
            ("leading carriage return", "\r=1", "'\r=1"),
            ("leading line break", "\n=1", "'\n=1"),
            (
                "semicolon then formula",
                "x;=1+1;=cmd|' /C calc'!A0;",
                "x;'=1+1;'=cmd|' /C calc'!A0;",
            ),
            ("comma then formula", "a,=1", "a,'=1"),
            ("tab then formula", "a\t@x", "a\t'@x"),
            ("separators in a row", ",,=x", ",,'=x"),
            ("negative number", "-5", "-5"),
            ("signed decimal", "+2.5", "+2.5"),
            ("exponent", "-1e3", "-1e3"),
            ("number after a separator", "a;-5", "a;-5"),
            ("number followed by more", "-5;=x", "'-5;'=x"),
            ("number with a space", "-5 ", "'-5 "),
            ("lone minus", "-", "'-"),
            ("dash in the middle", "Zia-ul-Haq", "Zia-ul-Haq"),
            ("space then formula is text", "a, =1", "a, =1"),
            ("apostrophe already there", "'=x", "''=x"),
            ("apostrophe before text", "'quoted'", "'quoted'"),
            ("apostrophes after a separator", "a;''+x", "a;'''+x"),
            ("unicode", "ک;=x", "ک;'=x"),
        ];
        for (name, input, expected) in cases {
            assert_eq!(defuse(input), expected, "{name}");
            assert_eq!(restore(expected), input, "{name}: restore");
        }
    }

    /// Regression (found by the fuzzer): each place a cell may start checked whether the rest of
    /// the cell was a number, so `,-,-,-…` cost time quadratic in its length.
    #[test]
    fn defusing_costs_time_linear_in_the_cell() {
        for unit in [",-", ";-1", "\t+", ",'=", "a,"] {
            crate::scaling::assert_linear(&format!("defusing {unit:?} repeated"), 20_000, |n| {
                let cell = unit.repeat(n);
                let defused = defuse(&cell);
                assert!(!could_start_a_formula(&defused));
                assert_eq!(restore(&defused), cell);
            });
        }
    }

    #[test]
    fn a_record_is_defused_and_quoted() {
        let mut out = String::new();
        write_record(&mut out, &["=1+1", "x;=2", "-5", "plain"], ',');
        assert_eq!(out, "'=1+1,\"x;'=2\",-5,plain\n");
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
            let got: Vec<Vec<String>> = read
                .into_iter()
                .map(|r| r.fields.iter().map(|f| restore(f).into_owned()).collect())
                .collect();
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn defused_cells_start_no_formula_and_restore(
            cell in "['=+@\t\r\n,;a1. -]{0,16}|\\PC{0,16}"
        ) {
            let defused = defuse(&cell);
            prop_assert!(!could_start_a_formula(&defused), "{:?} -> {:?}", cell, defused);
            prop_assert_eq!(restore(&defused), cell.as_str());
        }

        #[test]
        fn reads_as_the_character_reader_did(
            text in "([aéß,;\"#\t\r\n ]|€){0,80}",
            separator in proptest::sample::select(vec![',', '\t', ';', '"', '#', 'é', ' ']),
            comments in any::<bool>(),
        ) {
            let dialect = Dialect { separator, comments };
            let read: Vec<_> = records(&text, dialect, 1).collect();
            prop_assert_eq!(read, reference(&text, dialect));
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
