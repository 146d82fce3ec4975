//! Problems found in deck files, located by line and column, written for people and for CI.

use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use crate::text::{bounded, single_line};

/// Whether a problem stops the deck from being used (error), should be fixed (warning, fails
/// `check --strict`), or is only worth knowing (note, never fails a check).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// One problem in one file.
///
/// The message and the hint quote deck text (keys, ids, answers), which may be huge or hold
/// line breaks and control characters. Shown to people ([`Diagnostic::shown`]), they are
/// sanitized, on one line and of a bounded length ([`crate::text::bounded`]); in JSON they are
/// bounded too (JSON escapes the rest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file as the user named it (or `<bundled>/name` for decks inside the binary).
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    pub severity: Severity,
    /// A stable kebab-case code, e.g. `unknown-key`, documented in `docs/deck-format.md`.
    pub code: &'static str,
    #[serde(serialize_with = "serialize_bounded")]
    pub message: String,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_bounded_hint"
    )]
    pub hint: Option<String>,
}

fn serialize_bounded<S: serde::Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&bounded(text))
}

#[allow(clippy::ref_option)] // serde hands the field as it is.
fn serialize_bounded_hint<S: serde::Serializer>(
    hint: &Option<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match hint {
        Some(hint) => serializer.serialize_some(&*bounded(hint)),
        None => serializer.serialize_none(),
    }
}

/// A diagnostic's parts as they are shown to people: each on one line, sanitized and bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub file: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The file, message and hint as a terminal may show them: sanitized, each on one line (a
    /// line break in a value is shown as `⏎`, so deck text cannot forge a line of output) and
    /// with huge values cut with `…`.
    pub fn shown(&self) -> Shown {
        Shown {
            file: single_line(&self.file),
            message: single_line(&bounded(&self.message)),
            hint: self.hint.as_deref().map(|hint| single_line(&bounded(hint))),
        }
    }
}

/// Messages quote deck text (key names, ids, answers): shown as [`Diagnostic::shown`] says.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.shown();
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            shown.file, self.line, self.column, self.severity, self.code, shown.message
        )?;
        if let Some(hint) = &shown.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Turns byte offsets of one file into 1-based line and column numbers.
///
/// The table of line starts is built on the first [`LineIndex::position`]: a deck loaded
/// without a diagnostic only asks [`LineIndex::line`] of each card in turn, which counts the
/// newlines since the line asked before, so most files never build it.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    lines: OnceLock<Lines>,
    /// The offset and line last found by [`LineIndex::line`] (32 bits each), where the next
    /// count of newlines starts.
    last: AtomicU64,
}

/// Where each line of a text starts, and checkpoints on very long lines.
#[derive(Debug, Clone)]
struct Lines {
    starts: Vec<usize>,
    /// Every [`CHECKPOINT`] bytes of a line longer than that (at a character boundary): the
    /// byte offset and how many characters precede it on its line, so that a column on a very
    /// long line (a whole deck of inline cards) is counted from a nearby checkpoint, not from
    /// the line's start.
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes between two checkpoints of a [`LineIndex`].
const CHECKPOINT: usize = 1024;

impl Clone for LineIndex<'_> {
    fn clone(&self) -> Self {
        Self {
            text: self.text,
            lines: self.lines.clone(),
            last: AtomicU64::new(self.last.load(Ordering::Relaxed)),
        }
    }
}

impl Lines {
    fn new(text: &str) -> Self {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        // Checkpoints only where a line is longer than the gap between two: a column on a
        // shorter line is counted from the line's start, so most files need none, and their
        // characters are not walked here.
        let mut checkpoints = Vec::new();
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        for (&start, end) in starts.iter().zip(ends) {
            if end - start <= CHECKPOINT {
                continue;
            }
            let (mut next, mut column) = (start + CHECKPOINT, 0);
            for (offset, _) in text.get(start..end).unwrap_or_default().char_indices() {
                let offset = start + offset;
                if offset >= next {
                    checkpoints.push((offset, column));
                    next = offset + CHECKPOINT;
                }
                column += 1;
            }
        }
        Self {
            starts,
            checkpoints,
        }
    }
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            lines: OnceLock::new(),
            last: AtomicU64::new(0),
        }
    }

    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| Lines::new(self.text))
    }

    /// Line and column (both 1-based, column in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let Lines {
            starts,
            checkpoints,
        } = self.lines();
        let offset = offset.min(self.text.len());
        let line = starts.partition_point(|&start| start <= offset) - 1;
        let line_start = starts[line];
        // The last checkpoint at or before the offset, if it is on the same line.
        let (start, before) = match checkpoints.partition_point(|&(at, _)| at <= offset) {
            0 => (line_start, 0),
            n => match checkpoints[n - 1] {
                (at, column) if at >= line_start => (at, column),
                _ => (line_start, 0),
            },
        };
        let column = before
            + self
                .text
                .get(start..offset)
                .map_or(offset - start, |s| s.chars().count());
        (to_u32(line + 1), to_u32(column + 1))
    }

    /// The 1-based line of a byte offset: [`LineIndex::position`]'s line. Asked of offsets in
    /// increasing order (each card of a file in turn), it counts the newlines since the last
    /// offset asked; otherwise it looks the line up in the table of line starts.
    pub fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        if let Some(lines) = self.lines.get() {
            return to_u32(lines.starts.partition_point(|&start| start <= offset));
        }
        // Lines counted from 0 here, so that a new index starts at (offset 0, line 0).
        let last = self.last.load(Ordering::Relaxed);
        let from = usize::try_from(last & 0xffff_ffff).unwrap_or(usize::MAX);
        let Some(between) = self.text.as_bytes().get(from..offset) else {
            return to_u32(
                self.lines()
                    .starts
                    .partition_point(|&start| start <= offset),
            );
        };
        // A count the compiler turns into wide compares; no crate for it.
        #[allow(clippy::naive_bytecount)]
        let newlines = between.iter().filter(|&&b| b == b'\n').count();
        let line = usize::try_from(last >> 32).unwrap_or(usize::MAX) + newlines;
        if let (Ok(at), Ok(line)) = (u32::try_from(offset), u32::try_from(line)) {
            self.last
                .store(u64::from(line) << 32 | u64::from(at), Ordering::Relaxed);
        }
        to_u32(line + 1)
    }

    /// The position of the start of a span.
    pub fn start_of(&self, span: &Range<usize>) -> (u32, u32) {
        self.position(span.start)
    }
}

/// Line and column of the first byte of `bytes` that is not UTF-8, for `error` from
/// [`std::str::from_utf8`] on them.
pub fn invalid_utf8_position(bytes: &[u8], error: &std::str::Utf8Error) -> (u32, u32) {
    let valid = &bytes[..error.valid_up_to()];
    // The valid prefix is UTF-8 by definition.
    let prefix = std::str::from_utf8(valid).unwrap_or_default();
    LineIndex::new(prefix).position(prefix.len())
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Names longer than this (in bytes) get no suggestion: nobody mistypes a paragraph, and the
/// edit distance costs the product of the two lengths.
const MAX_SUGGESTED_LEN: usize = 256;

/// The known name closest to a mistyped one, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    if unknown.len() > MAX_SUGGESTED_LEN {
        return None;
    }
    let lowered = unknown.to_lowercase();
    known
        .iter()
        .filter(|candidate| candidate.len() <= MAX_SUGGESTED_LEN)
        .map(|&candidate| {
            #[cfg(test)]
            compared::add(lowered.len() * candidate.len());
            (candidate, strsim::jaro_winkler(&lowered, candidate))
        })
        .filter(|&(candidate, score)| {
            score > 0.8 || strsim::damerau_levenshtein(&lowered, candidate) <= 2
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(candidate, _)| candidate)
}

/// For tests: how much comparing [`did_you_mean`] did on this thread, counted as the cells of
/// the distance tables it filled (the product of the two lengths, per candidate), so a test
/// can bound the work rather than time it.
#[cfg(test)]
pub(crate) mod compared {
    use std::cell::Cell;

    thread_local! {
        static CELLS: Cell<usize> = const { Cell::new(0) };
    }

    pub(super) fn add(cells: usize) {
        CELLS.with(|total| total.set(total.get().saturating_add(cells)));
    }

    /// The cells compared on this thread by `work`.
    pub(crate) fn during(work: impl FnOnce()) -> usize {
        let before = CELLS.with(Cell::get);
        work();
        CELLS.with(Cell::get) - before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let index = LineIndex::new("ab\nä–x\n\nz");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(1), (1, 2));
        assert_eq!(index.position(3), (2, 1));
        // "ä" is 2 bytes and "–" 3, but each is one column.
        assert_eq!(index.position(3 + 2 + 3), (2, 3));
        assert_eq!(index.position(10), (3, 1));
        assert_eq!(index.position(11), (4, 1));
        assert_eq!(index.position(999), (4, 2));
    }

    proptest::proptest! {
        #[test]
        fn positions_on_long_lines_match_counting_from_the_line_start(
            text in "([a-zé漢\n]{0,3}[a-z]{0,700}){0,12}",
            picks in proptest::collection::vec(0usize..20_000, 1..20),
        ) {
            let index = LineIndex::new(&text);
            for pick in picks {
                let mut offset = pick.min(text.len());
                while !text.is_char_boundary(offset) {
                    offset -= 1;
                }
                let before = &text[..offset];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                proptest::prop_assert_eq!(index.position(offset), (to_u32(line), to_u32(column)));
            }
        }
    }

    proptest::proptest! {
        /// Lines asked in any order, counted from the last one or looked up, are the lines of
        /// [`LineIndex::position`].
        #[test]
        fn lines_match_positions_in_any_order(
            text in "[a-z\n\r é]{0,200}",
            picks in proptest::collection::vec(0usize..250, 1..30),
            lookup_first in proptest::bool::ANY,
        ) {
            let index = LineIndex::new(&text);
            let reference = LineIndex::new(&text);
            if lookup_first {
                index.position(0);
            }
            for pick in picks {
                proptest::prop_assert_eq!(index.line(pick), reference.position(pick).0, "{}", pick);
            }
        }
    }

    #[test]
    fn suggests_close_names_only() {
        let known = ["question", "answer", "accept", "explain"];
        assert_eq!(did_you_mean("questoin", &known), Some("question"));
        assert_eq!(did_you_mean("anwser", &known), Some("answer"));
        assert_eq!(did_you_mean("Explain", &known), Some("explain"));
        assert_eq!(did_you_mean("colour", &known), None);
        let long = "x".repeat(MAX_SUGGESTED_LEN + 1);
        assert_eq!(
            did_you_mean(&long, &[&long[1..]]),
            None,
            "no suggestion for a paragraph"
        );
    }

    #[test]
    fn displays_location_code_and_hint() {
        let diagnostic = Diagnostic {
            file: "decks/x.toml".into(),
            line: 12,
            column: 5,
            severity: Severity::Error,
            code: "unknown-key",
            message: "unknown key `questoin` in a card".into(),
            hint: Some("did you mean `question`?".into()),
        };
        assert_eq!(
            diagnostic.to_string(),
            "decks/x.toml:12:5: error[unknown-key]: unknown key `questoin` in a card\n  hint: did you mean `question`?"
        );
    }
}
