//! What the loader and the validator share while reading one file: the diagnostics collected
//! so far (located by line and column) and the file's pieces read through the serde mirror.
//! Kept apart from both so that `load` calls `validate` and neither depends on the other.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;

use super::diagnostic::{Diagnostic, LineIndex, Severity};
use super::raw::{RawCard, RawDeck};

/// Diagnostics being collected for one file.
pub struct Context<'a> {
    pub file: String,
    pub index: LineIndex<'a>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many of `diagnostics` are errors, kept as they are pushed so that asking costs
    /// nothing however many warnings a large deck draws.
    pub errors: usize,
    /// Pieces (the deck table, cards by index) with a mistyped value: they are not deserialized,
    /// so each mistake is reported once.
    pub mistyped_deck: bool,
    pub mistyped_cards: HashSet<usize>,
    /// Unknown keys that look like a misspelt known key, by the span of their table: the
    /// "missing key" error is then left out, since the unknown-key error already says it.
    /// Sets, so that a deck with a mistake on every card still loads in linear time.
    pub misspelt: HashSet<(usize, usize, &'static str)>,
}

impl Context<'_> {
    pub fn push(
        &mut self,
        severity: Severity,
        span: &Range<usize>,
        code: &'static str,
        message: String,
        hint: Option<String>,
    ) {
        let (line, column) = self.index.start_of(span);
        if severity == Severity::Error {
            self.errors += 1;
        }
        self.diagnostics.push(Diagnostic {
            file: self.file.clone(),
            line,
            column,
            severity,
            code,
            message,
            hint,
        });
    }

    pub fn error(
        &mut self,
        span: &Range<usize>,
        code: &'static str,
        message: String,
        hint: Option<String>,
    ) {
        self.push(Severity::Error, span, code, message, hint);
    }

    pub fn warning(
        &mut self,
        span: &Range<usize>,
        code: &'static str,
        message: String,
        hint: Option<String>,
    ) {
        self.push(Severity::Warning, span, code, message, hint);
    }

    /// Whether the table at `span` has an unknown key that looks like a misspelt `key`.
    pub fn misspelt(&self, span: &Range<usize>, key: &str) -> bool {
        // Asked several times of every card; most files misspell nothing.
        if self.misspelt.is_empty() {
            return false;
        }
        // Sets are covariant: the `'static` names compare with a borrowed one.
        let misspelt: &HashSet<(usize, usize, &str)> = &self.misspelt;
        misspelt.contains(&(span.start, span.end, key))
    }

    pub fn line_of(&self, span: &Range<usize>) -> u32 {
        self.index.start_of(span).0
    }

    /// How many errors have been reported so far.
    pub fn error_count(&self) -> usize {
        self.errors
    }
}

/// The serde mirror of a file, read piece by piece so one bad card does not hide the others.
pub struct Pieces {
    /// `None` when the file has no `[deck]` or it could not be read (already reported).
    pub deck: Option<Spanned<RawDeck>>,
    pub cards: Vec<Spanned<RawCard>>,
}
