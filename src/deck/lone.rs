//! Checking one card without a file: the card rules of `validate` applied to a [`RawCard`]
//! built in memory, for the authoring tools that check each card before they write it.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use super::context::Context;
use super::diagnostic::{Diagnostic, LineIndex};
use super::raw::RawCard;
use super::validate::validate_lone_card;

/// How many lines and columns a card's places may use.
const LINES: usize = 16;
const COLUMNS: usize = 16;

/// The text spans point into: lines of spaces, so that a place (line, column) is a byte offset.
const PLACES: &str = {
    const BYTES: [u8; LINES * COLUMNS] = {
        let mut bytes = [b' '; LINES * COLUMNS];
        let mut line = 0;
        while line < LINES {
            bytes[line * COLUMNS + COLUMNS - 1] = b'\n';
            line += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => "",
    }
};

/// The index of [`PLACES`], built once.
static PLACES_INDEX: LazyLock<LineIndex<'static>> = LazyLock::new(|| LineIndex::new(PLACES));

/// The span of 1-based `line` and `column` in a card given to [`check_card`] (both are capped
/// at what the card may use).
pub fn place(line: usize, column: usize) -> Range<usize> {
    let line = line.clamp(1, LINES) - 1;
    let column = column.clamp(1, COLUMNS - 1) - 1;
    let start = line * COLUMNS + column;
    start..start + 1
}

/// Validates `card` as the only card of a valid deck (no deck-wide rules apply). Its spans
/// are places made with [`place`]: the diagnostics come back located there and in the
/// loader's order (line, column, severity), so a caller that places the keys and values as it
/// writes them gets what `load_str` would give for the written card. `card_span` is the card's
/// own place (where a missing key is reported).
pub fn check_card(card: RawCard, card_span: Range<usize>) -> Vec<Diagnostic> {
    let mut cx = Context {
        file: String::new(),
        // Indexed once: a 100,000-row import checks as many cards.
        index: PLACES_INDEX.clone(),
        diagnostics: Vec::new(),
        errors: 0,
        mistyped_deck: false,
        mistyped_cards: HashSet::new(),
        misspelt: HashSet::new(),
    };
    validate_lone_card(&mut cx, card, &card_span);
    cx.diagnostics
        .sort_by_key(|d| (d.line, d.column, d.severity));
    cx.diagnostics
}
