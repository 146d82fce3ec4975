//! Reading a deck file: size and encoding checks, TOML parsing with every syntax error, a schema
//! walk that finds every unknown key and mistyped value, then the serde mirror and validation.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::context::{Context, Pieces};
use super::diagnostic::{Diagnostic, LineIndex, Severity, did_you_mean, invalid_utf8_position};
use super::model::{Deck, Origin};
use super::raw::{RawCard, RawDeck, Scalar};
use super::validate::{Validator, validate};
use crate::input::ReadError;

/// The largest deck file recall reads.
pub const MAX_FILE_SIZE: u64 = crate::input::Limit::DECK.bytes;

/// The result of loading one deck file: the deck when it has no errors, and every diagnostic.
#[derive(Debug)]
pub struct Loaded {
    pub deck: Option<Deck>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    fn failed(diagnostic: Diagnostic) -> Loaded {
        Loaded {
            deck: None,
            diagnostics: vec![diagnostic],
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// A diagnostic about a whole file (no better position than its start).
pub fn file_diagnostic(
    file: &str,
    code: &'static str,
    message: String,
    hint: Option<String>,
) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        line: 1,
        column: 1,
        severity: Severity::Error,
        code,
        message,
        hint,
    }
}

/// Reads and validates a deck file. Never panics; every problem becomes a diagnostic.
pub fn load_file(path: &Path) -> Loaded {
    let name = path.display().to_string();
    match read_file(path, &name) {
        Ok(bytes) => load_bytes(&bytes, Origin::File(path.to_owned())),
        Err(diagnostic) => Loaded::failed(diagnostic),
    }
}

/// Reads a deck file's bytes (a regular file of at most [`MAX_FILE_SIZE`]); the problem as a
/// diagnostic naming the file when it cannot be read.
pub fn read_file(path: &Path, name: &str) -> Result<Vec<u8>, Diagnostic> {
    crate::input::read(path, crate::input::Limit::DECK).map_err(|error| {
        let (code, hint) = match &error {
            ReadError::NotFound { .. } => (
                "not-found",
                "check the path; `recall list` shows the decks recall can find",
            ),
            ReadError::TooLarge { .. } => ("too-large", "split the deck into several files"),
            ReadError::Directory { .. } => (
                "unreadable",
                "pass the directory itself to `recall check` to check every deck in it",
            ),
            _ => ("unreadable", error.hint()),
        };
        let message = match &error {
            ReadError::Directory { .. } => "is a directory, not a deck file".to_owned(),
            _ => error.problem(),
        };
        file_diagnostic(name, code, message, Some(hint.to_owned()))
    })
}

/// Validates deck file contents; `origin` names the file in diagnostics.
pub fn load_bytes(bytes: &[u8], origin: Origin) -> Loaded {
    let name = origin.to_string();
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(text, origin),
        Err(error) => {
            let (line, column) = invalid_utf8_position(bytes, &error);
            let hint = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
                "the file looks like UTF-16; save it as UTF-8"
            } else {
                "save the file as UTF-8"
            };
            Loaded::failed(Diagnostic {
                line,
                column,
                ..file_diagnostic(
                    &name,
                    "invalid-utf8",
                    format!(
                        "the file is not valid UTF-8 (byte 0x{:02x} at offset {})",
                        bytes[error.valid_up_to()],
                        error.valid_up_to()
                    ),
                    Some(hint.into()),
                )
            })
        }
    }
}

/// Validates deck text; `origin` names the file in diagnostics.
///
/// A file of plain layout (the `[deck]` table and other top-level content, then one `[[card]]`
/// table after another) is parsed one card at a time, so memory follows the largest card, not
/// the file; any other file, and any file with a syntax error, is parsed whole. Both ways give
/// the same deck and the same diagnostics (see `split_tests`).
pub fn load_str(text: &str, origin: Origin) -> Loaded {
    load_text(text, origin, true)
}

/// [`load_str`], parsing by card where the file allows it when `by_card` is set.
pub(super) fn load_text(text: &str, origin: Origin, by_card: bool) -> Loaded {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if by_card
        && let Some(starts) = super::split::card_starts(text)
        && let Some(loaded) = read_by_card(text, &origin, &starts)
    {
        return loaded;
    }
    read_whole(text, origin)
}

fn context(text: &str, file: String) -> Context<'_> {
    Context {
        file,
        index: LineIndex::new(text),
        diagnostics: Vec::new(),
        errors: 0,
        mistyped_deck: false,
        mistyped_cards: HashSet::new(),
        misspelt: HashSet::new(),
    }
}

/// Parses the whole file as one document; a file with syntax errors ends here, with them.
fn read_whole(text: &str, origin: Origin) -> Loaded {
    let mut cx = context(text, origin.to_string());
    let (root, syntax_errors) = DeTable::parse_recoverable(text);
    if !syntax_errors.is_empty() {
        for error in syntax_errors {
            let span = error.span().unwrap_or(0..0);
            cx.error(
                &span,
                "syntax",
                format!("invalid TOML: {}", first_line(error.message())),
                Some(syntax_hint(error.message())),
            );
        }
        return cx.finish(None);
    }
    let root = root.into_inner();
    check_keys(&mut cx, &root, &(0..text.len()), &Schema::ROOT, 0);
    let pieces = read_mirror(&mut cx, root);
    let deck = validate(&mut cx, pieces, origin);
    cx.finish(deck)
}

/// Parses the text before the first card (`starts[0]`), then each card's lines on their own,
/// validating each card as it is read and dropping its parse: memory follows one card, not the
/// file. `None` when any piece has a syntax error or is not what the split promised (the
/// whole-file parse then reports exactly what it always has).
pub(super) fn read_by_card(text: &str, origin: &Origin, starts: &[usize]) -> Option<Loaded> {
    let mut cx = context(text, origin.to_string());
    let (root, syntax_errors) = DeTable::parse_recoverable(text.get(..*starts.first()?)?);
    let mut root = root.into_inner();
    if !syntax_errors.is_empty() || root.contains_key("card") {
        return None;
    }
    check_keys(&mut cx, &root, &(0..text.len()), &Schema::ROOT, 0);
    let deck = read_deck(&mut cx, &mut root);
    drop(root);
    let mut validator = Validator::new(&mut cx, deck, starts.len());
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    for (&start, end) in starts.iter().zip(ends) {
        let chunk = text.get(start..end)?;
        if let Some((span, card)) = plain_text_card(chunk, start) {
            validator.card(&mut cx, Spanned::new(span, card));
            continue;
        }
        let item = parse_card(chunk)?;
        // Positions as in the whole file, so every diagnostic names the same line and column.
        let span = item.span().start + start..item.span().end + start;
        let DeValue::Table(table) = item.get_ref() else {
            return None;
        };
        if !check_keys(&mut cx, table, &span, &Schema::CARD, start) {
            continue;
        }
        if let Some(card) = text_card(table, start) {
            validator.card(&mut cx, Spanned::new(span, card));
        } else if let Some(card) = deserialize::<RawCard>(&mut cx, item, start) {
            validator.card(&mut cx, Spanned::new(span, card.shifted(start)));
        }
    }
    let deck = validator.finish(&mut cx, origin.clone());
    Some(cx.finish(deck))
}

/// A card table whose values are all strings, of keys that take a string, read as the serde
/// mirror reads it, without serde, its spans moved `by` bytes (see [`RawCard::shifted`]).
/// `None` for any other table. Only for a table whose keys and types were checked.
fn text_card(table: &DeTable<'_>, by: usize) -> Option<RawCard> {
    let mut card = RawCard::default();
    for (key, value) in table {
        let DeValue::String(text) = value.get_ref() else {
            return None;
        };
        let span = value.span();
        let span = span.start + by..span.end + by;
        match text_field(&mut card, key.get_ref())? {
            TextField::Text(field) => *field = Some(Spanned::new(span, text.to_string())),
            TextField::Answer(answer) => {
                *answer = Some(Spanned::new(span, Scalar(text.to_string())));
            }
        }
    }
    Some(card)
}

/// Where a card's key that takes text goes in the serde mirror.
enum TextField<'c> {
    Text(&'c mut Option<Spanned<String>>),
    Answer(&'c mut Option<Spanned<Scalar>>),
}

/// The field of `card` that `key` names, when it takes text; `None` for any other key.
fn text_field<'c>(card: &'c mut RawCard, key: &str) -> Option<TextField<'c>> {
    Some(TextField::Text(match key {
        "id" => &mut card.id,
        "kind" => &mut card.kind,
        "question" => &mut card.question,
        "text" => &mut card.text,
        "hint" => &mut card.hint,
        "explain" => &mut card.explain,
        "source" => &mut card.source,
        "answer" => return Some(TextField::Answer(&mut card.answer)),
        _ => return None,
    }))
}

/// One `[[card]]` table's lines parsed alone: its table, positioned within `chunk`.
fn parse_card(chunk: &str) -> Option<Spanned<DeValue<'_>>> {
    plain_card(chunk).or_else(|| toml_card(chunk))
}

/// [`parse_card`] by the TOML parser.
fn toml_card(chunk: &str) -> Option<Spanned<DeValue<'_>>> {
    let (root, syntax_errors) = DeTable::parse_recoverable(chunk);
    let mut root = root.into_inner();
    let card = root.remove("card")?;
    if !syntax_errors.is_empty() || !root.is_empty() {
        return None;
    }
    let DeValue::Array(items) = card.into_inner() else {
        return None;
    };
    let mut items = items.into_iter();
    match (items.next(), items.next()) {
        (Some(item), None) => Some(item),
        _ => None,
    }
}

/// A `[[card]]` table of the plainest layout read without the TOML parser, as the parser
/// would read it (the same keys, values and spans): its `[[card]]` line, then lines that are
/// blank or `key = "text"` (a bare key, a one-line string without escapes), each key once.
/// `None` for anything else (a comment, another kind of value, an escape, a lone carriage
/// return), which the parser then reads. Most cards are written this way, and reading them so
/// is many times faster than the general parse.
pub(super) fn plain_card(chunk: &str) -> Option<Spanned<DeValue<'_>>> {
    let mut table = DeTable::new();
    let mut keys: Vec<&str> = Vec::new();
    let header = plain_fields(chunk, |key, key_span, text, text_span| {
        if keys.contains(&key) {
            return None;
        }
        keys.push(key);
        table.insert(
            Spanned::new(key_span, key.into()),
            Spanned::new(text_span, DeValue::String(text.into())),
        );
        Some(())
    })?;
    Some(Spanned::new(header, DeValue::Table(table)))
}

/// A card of the plain layout (see [`plain_card`]) whose keys all take text, read straight into
/// the serde mirror without building a table: what [`text_card`] reads from the table that
/// [`plain_card`] builds, spans moved `by` bytes, with the span of its `[[card]]` header. Such a
/// card has no unknown key and no mistyped value, so the schema walk would report nothing.
/// `None` for any other chunk.
fn plain_text_card(chunk: &str, by: usize) -> Option<(Range<usize>, RawCard)> {
    let mut card = RawCard::default();
    let header = plain_fields(chunk, |key, _, text, span| {
        let span = span.start + by..span.end + by;
        // A key written twice is the parser's to report.
        match text_field(&mut card, key)? {
            TextField::Text(field) if field.is_none() => {
                *field = Some(Spanned::new(span, text.to_owned()));
            }
            TextField::Answer(answer) if answer.is_none() => {
                *answer = Some(Spanned::new(span, Scalar(text.to_owned())));
            }
            _ => return None,
        }
        Some(())
    })?;
    Some((header.start + by..header.end + by, card))
}

/// Reads a chunk of the plain layout (see [`plain_card`]) in one pass, handing each
/// `key = "text"` to `field` as (key, its span, text, the span of its quoted string); the span
/// of the `[[card]]` header, or `None` when the chunk is not of that layout or `field` refuses
/// a key (one written twice, for a start).
fn plain_fields<'a>(
    chunk: &'a str,
    mut field: impl FnMut(&'a str, Range<usize>, &'a str, Range<usize>) -> Option<()>,
) -> Option<Range<usize>> {
    const HEADER: &[u8] = b"[[card]]";
    let bytes = chunk.as_bytes();
    let blank = |mut at: usize| {
        while matches!(bytes.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        at
    };
    // Just past the end of the line at `at`: its newline (after a carriage return or not), or
    // the end of the chunk; `None` when anything else is there. A carriage return ends a line
    // only before its newline.
    let line_end = |at: usize| match bytes.get(at) {
        None => Some(at),
        Some(b'\n') => Some(at + 1),
        Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => Some(at + 2),
        Some(_) => None,
    };
    let mut header = None;
    let mut at = 0;
    while at < bytes.len() {
        let start = blank(at);
        // A blank line.
        if let Some(next) = line_end(start) {
            at = next;
            continue;
        }
        if header.is_none() {
            if !bytes[start..].starts_with(HEADER) {
                return None;
            }
            let close = start + HEADER.len();
            header = Some(start..close);
            at = line_end(blank(close))?;
            continue;
        }
        let key_end = bytes[start..]
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
            .map_or(bytes.len(), |n| start + n);
        let equals = blank(key_end);
        if key_end == start || bytes.get(equals) != Some(&b'=') {
            return None;
        }
        let open = blank(equals + 1);
        if bytes.get(open) != Some(&b'"') {
            return None;
        }
        // Text without quotes, backslashes or control characters (tab included, to keep it
        // simple); anything else is left to the parser.
        let close = bytes[open + 1..]
            .iter()
            .position(|&b| b < 0x20 || b == b'"' || b == b'\\' || b == 0x7f)
            .map(|n| open + 1 + n)?;
        if bytes[close] != b'"' {
            return None;
        }
        at = line_end(blank(close + 1))?;
        field(
            chunk.get(start..key_end)?,
            start..key_end,
            chunk.get(open + 1..close)?,
            open..close + 1,
        )?;
    }
    header
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

fn syntax_hint(message: &str) -> String {
    if message.contains("duplicate key") {
        "each key may appear once per table; start each card with its own [[card]] line".into()
    } else if message.contains("string") || message.contains("quote") {
        "strings need matching quotes; use \"\"\"…\"\"\" for text spanning several lines".into()
    } else {
        "see docs/deck-format.md for the deck format".into()
    }
}

/// Closing a file's diagnostics: sorted by position, and no deck when any is an error.
impl Context<'_> {
    fn has_errors(&self) -> bool {
        self.errors > 0
    }

    fn finish(mut self, deck: Option<Deck>) -> Loaded {
        self.diagnostics
            .sort_by_key(|d| (d.line, d.column, d.severity));
        let deck = deck.filter(|_| !self.has_errors());
        Loaded {
            deck,
            diagnostics: self.diagnostics,
        }
    }
}

/// The type a key's value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Str,
    /// A string, number or boolean (read as text).
    Scalar,
    StrArray,
    ScalarArray,
    Bool,
    Int,
    /// An integer or a float.
    Num,
    Table,
    TableArray,
}

impl Ty {
    fn describe(self) -> &'static str {
        match self {
            Ty::Str => "a string",
            Ty::Scalar => "a string, number or boolean",
            Ty::StrArray => "an array of strings",
            Ty::ScalarArray => "an array of strings or numbers",
            Ty::Bool => "`true` or `false`",
            Ty::Int => "a whole number",
            Ty::Num => "a number",
            Ty::Table => "a table",
            Ty::TableArray => "an array of tables",
        }
    }

    fn accepts(self, value: &DeValue<'_>) -> bool {
        let is_scalar = |v: &DeValue<'_>| {
            matches!(
                v,
                DeValue::String(_) | DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_)
            )
        };
        match (self, value) {
            (Ty::Str, DeValue::String(_))
            | (Ty::Bool, DeValue::Boolean(_))
            | (Ty::Int, DeValue::Integer(_))
            | (Ty::Num, DeValue::Integer(_) | DeValue::Float(_))
            | (Ty::Table, DeValue::Table(_)) => true,
            (Ty::Scalar, v) => is_scalar(v),
            (Ty::StrArray, DeValue::Array(items)) => items
                .iter()
                .all(|item| matches!(item.get_ref(), DeValue::String(_))),
            (Ty::ScalarArray, DeValue::Array(items)) => {
                items.iter().all(|item| is_scalar(item.get_ref()))
            }
            (Ty::TableArray, DeValue::Array(items)) => items
                .iter()
                .all(|item| matches!(item.get_ref(), DeValue::Table(_))),
            _ => false,
        }
    }

    fn example(self, key: &str) -> String {
        match self {
            Ty::Str | Ty::Scalar => format!("write {key} = \"…\""),
            Ty::StrArray | Ty::ScalarArray => format!("write {key} = [\"…\", \"…\"]"),
            Ty::Bool => format!("write {key} = true or {key} = false"),
            Ty::Int => format!("write {key} = 20"),
            Ty::Num => format!("write {key} = 0.9"),
            Ty::Table => format!("start the table with a [{key}] line"),
            Ty::TableArray => format!("start each entry with a [[{key}]] line"),
        }
    }
}

fn describe_value(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(items)
            if items
                .iter()
                .any(|i| matches!(i.get_ref(), DeValue::Array(_))) =>
        {
            "an array containing arrays"
        }
        DeValue::Array(items)
            if items
                .iter()
                .any(|i| matches!(i.get_ref(), DeValue::Table(_))) =>
        {
            "an array containing tables"
        }
        DeValue::Array(items)
            if items
                .iter()
                .any(|i| !matches!(i.get_ref(), DeValue::String(_))) =>
        {
            "an array containing non-strings"
        }
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The keys a table may have, with their types and, for subtables, their own schema.
struct Schema {
    keys: &'static [(&'static str, Ty)],
    what: &'static str,
}

impl Schema {
    const ROOT: Schema = Schema {
        keys: &[("deck", Ty::Table), ("card", Ty::TableArray)],
        what: "at the top level",
    };
    const DECK: Schema = Schema {
        keys: &[
            ("id", Ty::Str),
            ("title", Ty::Str),
            ("description", Ty::Str),
            ("source", Ty::Str),
            ("tags", Ty::StrArray),
            ("flip", Ty::Bool),
            ("schedule", Ty::Table),
            ("aliases", Ty::Table),
        ],
        what: "in [deck]",
    };
    const SCHEDULE: Schema = Schema {
        keys: &[
            ("retention", Ty::Num),
            ("learning_steps", Ty::StrArray),
            ("relearning_steps", Ty::StrArray),
            ("new_per_day", Ty::Int),
            ("reviews_per_day", Ty::Int),
            ("max_interval", Ty::Str),
            ("fuzz", Ty::Bool),
            ("leech_lapses", Ty::Int),
            ("leech_action", Ty::Str),
        ],
        what: "in [deck.schedule]",
    };
    const CARD: Schema = Schema {
        keys: &[
            ("id", Ty::Str),
            ("kind", Ty::Str),
            ("question", Ty::Str),
            ("answer", Ty::Scalar),
            ("accept", Ty::ScalarArray),
            ("choices", Ty::ScalarArray),
            ("tolerance", Ty::Num),
            ("text", Ty::Str),
            ("hint", Ty::Str),
            ("explain", Ty::Str),
            ("source", Ty::Str),
            ("tags", Ty::StrArray),
            ("related", Ty::StrArray),
            ("person", Ty::Bool),
            ("known_as", Ty::StrArray),
        ],
        what: "in a [[card]]",
    };

    fn names(&self) -> Vec<&'static str> {
        self.keys.iter().map(|(name, _)| *name).collect()
    }
}

/// Reports every unknown key and mistyped value in `table`, recursing into known subtables.
/// Returns whether every value (recursively) has the right type. `table` was parsed from text
/// that starts `by` bytes into the file (a card parsed alone); `table_span` is in the file.
fn check_keys(
    cx: &mut Context<'_>,
    table: &DeTable<'_>,
    table_span: &Range<usize>,
    schema: &Schema,
    by: usize,
) -> bool {
    let at = |span: Range<usize>| span.start + by..span.end + by;
    let mut all_typed = true;
    for (key, value) in table {
        let name: &str = key.get_ref();
        let Some(&(_, ty)) = schema.keys.iter().find(|(known, _)| *known == name) else {
            if let Some(known) = did_you_mean(name, &schema.names()) {
                cx.misspelt
                    .insert((table_span.start, table_span.end, known));
            }
            let hint = unknown_key_hint(name, schema);
            cx.error(
                &at(key.span()),
                "unknown-key",
                format!("unknown key `{name}` {}", schema.what),
                Some(hint),
            );
            continue;
        };
        if !ty.accepts(value.get_ref()) {
            let found = describe_value(value.get_ref());
            let hint = if name == "card" && matches!(value.get_ref(), DeValue::Table(_)) {
                "write each card as [[card]] (double brackets), not [card]".to_owned()
            } else {
                ty.example(name)
            };
            cx.error(
                &at(value.span()),
                "wrong-type",
                format!("`{name}` must be {}, found {found}", ty.describe()),
                Some(hint),
            );
            all_typed = false;
            continue;
        }
        match (name, value.get_ref(), schema.what) {
            ("deck", DeValue::Table(sub), _) => {
                cx.mistyped_deck = !check_keys(cx, sub, &at(value.span()), &Schema::DECK, by);
            }
            ("schedule", DeValue::Table(sub), "in [deck]") => {
                all_typed &= check_keys(cx, sub, &at(value.span()), &Schema::SCHEDULE, by);
            }
            ("aliases", DeValue::Table(sub), "in [deck]") => {
                all_typed &= check_alias_values(cx, sub, by);
            }
            ("card", DeValue::Array(items), _) => {
                for (index, item) in items.iter().enumerate() {
                    if let DeValue::Table(card) = item.get_ref()
                        && !check_keys(cx, card, &at(item.span()), &Schema::CARD, by)
                    {
                        cx.mistyped_cards.insert(index);
                    }
                }
            }
            _ => {}
        }
    }
    all_typed
}

/// Reports every `[deck.aliases]` value that is neither a string nor an array of strings.
fn check_alias_values(cx: &mut Context<'_>, table: &DeTable<'_>, by: usize) -> bool {
    let mut all_typed = true;
    for (phrase, value) in table {
        let ok = Ty::Str.accepts(value.get_ref()) || Ty::StrArray.accepts(value.get_ref());
        if !ok {
            cx.error(
                &(value.span().start + by..value.span().end + by),
                "wrong-type",
                format!(
                    "the aliases of `{}` must be a string or an array of strings, found {}",
                    phrase.get_ref(),
                    describe_value(value.get_ref())
                ),
                Some(format!(
                    "write \"{}\" = [\"…\", \"…\"] under [deck.aliases]",
                    phrase.get_ref()
                )),
            );
            all_typed = false;
        }
    }
    all_typed
}

fn unknown_key_hint(name: &str, schema: &Schema) -> String {
    let known = schema.names();
    if let Some(suggestion) = did_you_mean(name, &known) {
        return format!("did you mean `{suggestion}`?");
    }
    // Keys that belong in a different table are a common slip.
    let elsewhere = [
        (&Schema::DECK, "[deck]"),
        (&Schema::SCHEDULE, "[deck.schedule]"),
        (&Schema::CARD, "a [[card]]"),
    ]
    .into_iter()
    .find(|(other, _)| other.what != schema.what && other.names().contains(&name));
    match elsewhere {
        Some((_, place)) => format!("`{name}` belongs {place}"),
        None => format!("known keys here: {}", known.join(", ")),
    }
}

fn read_mirror(cx: &mut Context<'_>, mut root: DeTable<'_>) -> Pieces {
    let deck = read_deck(cx, &mut root);
    let mut cards = Vec::new();
    if let Some(DeValue::Array(items)) = root.remove("card").map(Spanned::into_inner) {
        // Each card's parse is taken, not copied, and dropped once read.
        for (index, item) in items.into_iter().enumerate() {
            let span = item.span();
            if cx.mistyped_cards.contains(&index) {
                continue;
            }
            if let Some(card) = deserialize::<RawCard>(cx, item, 0) {
                cards.push(Spanned::new(span, card));
            }
        }
    }
    Pieces { deck, cards }
}

/// The `[deck]` table taken from `root` and read, or the error that the file has none.
fn read_deck(cx: &mut Context<'_>, root: &mut DeTable<'_>) -> Option<Spanned<RawDeck>> {
    match root.remove("deck") {
        Some(_) if cx.mistyped_deck => None,
        Some(deck) => {
            let span = deck.span();
            deserialize::<RawDeck>(cx, deck, 0).map(|raw| Spanned::new(span, raw))
        }
        None => {
            cx.error(
                &(0..0),
                "missing-key",
                "the file has no [deck] table".into(),
                Some("start the file with [deck], an `id` and a `title`".into()),
            );
            None
        }
    }
}

/// `value` read through the serde mirror; `by` as for [`check_keys`].
fn deserialize<T: for<'de> Deserialize<'de>>(
    cx: &mut Context<'_>,
    value: Spanned<DeValue<'_>>,
    by: usize,
) -> Option<T> {
    let span = value.span();
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            // The schema walk catches mistyped values first; this is a safety net.
            let span = error.span().unwrap_or(span);
            cx.error(
                &(span.start + by..span.end + by),
                "wrong-type",
                first_line(error.message()).to_owned(),
                Some("see docs/deck-format.md for the type of each key".into()),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Loaded {
        load_str(text, Origin::File("t.toml".into()))
    }

    /// A deck's text quoted in a hint is cut like any quoted value, however many lines it has:
    /// a choice card's answer of thousands of short lines, missing from its choices, once gave
    /// a hint of 40 KB (found by `scripts/fuzz.sh deck`).
    #[test]
    fn a_long_answer_missing_from_the_choices_is_cut_in_the_hint() {
        let answer = "é漢\\n".repeat(5000);
        let text = format!(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[card]]\nkind = \"choice\"\n\
             question = \"Q?\"\nanswer = \"{answer}\"\nchoices = [\"a\", \"b\"]\n"
        );
        let loaded = load(&text);
        let missing = loaded
            .diagnostics
            .iter()
            .find(|d| d.message.contains("not among the choices"))
            .expect("the answer is reported");
        let shown = missing.to_string();
        assert!(shown.len() < 2 * 1024, "{} bytes", shown.len());
        assert!(shown.contains("hint: add \""), "{shown}");
    }

    /// Whether two parsed values are the same, spans included (`Spanned`'s `==` ignores them).
    fn same(a: &Spanned<DeValue<'_>>, b: &Spanned<DeValue<'_>>) -> bool {
        if a.span() != b.span() {
            return false;
        }
        match (a.get_ref(), b.get_ref()) {
            (DeValue::Table(x), DeValue::Table(y)) => {
                x.len() == y.len()
                    && x.iter().zip(y).all(|((xk, xv), (yk, yv))| {
                        xk.span() == yk.span() && xk.get_ref() == yk.get_ref() && same(xv, yv)
                    })
            }
            (DeValue::Array(x), DeValue::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
            }
            (x, y) => format!("{x:?}") == format!("{y:?}"),
        }
    }

    const PIECES: [&str; 24] = [
        "id = \"c1\"\n",
        "question = \"Which year did Ada join #1?\"\n",
        "question = \"Ĉu ŝi? 日本 🎉\"\n",
        "answer = \"1955\"\r\n",
        "  kind\t=  \"year\" \t\n",
        "explain = \"\"\n",
        "source = \"a \\\" quote\"\n",
        "hint = \"tab\there\"\n",
        "answer = 1955\n",
        "tags = [\"a\", \"b\"]\n",
        "id = \"c1\" # comment\n",
        "# comment\n",
        "\n",
        "   \n",
        "\r\n",
        "id = \"c2\"\n",
        "question = \"\"\"many\nlines\"\"\"\n",
        "\"quoted key\" = \"x\"\n",
        "a.b = \"dotted\"\n",
        "x = \"lone \r cr\"\n",
        "x = \"unterminated\n",
        "person = true\n",
        "[[card]]\n",
        "x = 'literal'\n",
    ];

    const CARD_HEADERS: [&str; 5] = [
        "[[card]]\n",
        "  [[card]]\t\n",
        "[[card]]\r\n",
        "[[card]]",
        "[[card]] # c\n",
    ];

    proptest::proptest! {
        /// The plain reading of a card, when it reads one, is the parser's, spans included.
        #[test]
        fn a_plain_card_is_read_as_the_parser_reads_it(
            header in 0..CARD_HEADERS.len(),
            lines in proptest::collection::vec(0..PIECES.len(), 0..8),
            cr_at_end in proptest::bool::ANY,
        ) {
            let mut chunk = CARD_HEADERS[header].to_owned();
            for line in lines {
                chunk.push_str(PIECES[line]);
            }
            if cr_at_end {
                chunk.push('\r');
            }
            if let Some(plain) = plain_card(&chunk) {
                let parsed = toml_card(&chunk);
                proptest::prop_assert!(parsed.as_ref().is_some_and(|p| same(&plain, p)), "{chunk:?}");
            }
        }
    }

    proptest::proptest! {
        /// A card read straight into the mirror is what the table of its plain reading gives,
        /// and it is read so exactly when that table is all text.
        #[test]
        fn a_plain_text_card_is_read_as_its_table_is(
            header in 0..CARD_HEADERS.len(),
            lines in proptest::collection::vec(0..PIECES.len(), 0..8),
            by in 0usize..100,
        ) {
            let mut chunk = CARD_HEADERS[header].to_owned();
            for line in lines {
                chunk.push_str(PIECES[line]);
            }
            let direct = plain_text_card(&chunk, by);
            let from_table = plain_card(&chunk).and_then(|item| {
                let DeValue::Table(table) = item.get_ref() else {
                    return None;
                };
                let span = item.span();
                text_card(table, by).map(|card| (span.start + by..span.end + by, card))
            });
            proptest::prop_assert_eq!(direct.is_some(), from_table.is_some(), "{:?}", chunk);
            if let (Some((a_span, a)), Some((b_span, b))) = (direct, from_table) {
                proptest::prop_assert_eq!(a_span, b_span);
                proptest::prop_assert_eq!(fields(&a), fields(&b));
            }
        }
    }

    /// Every field of a card as (name, span, text), for comparing two readings spans included.
    fn fields(card: &RawCard) -> Vec<(&'static str, Range<usize>, String)> {
        let one = |name, value: &Option<Spanned<String>>| {
            value
                .as_ref()
                .map(|v| (name, v.span(), v.get_ref().clone()))
        };
        let mut all: Vec<_> = [
            one("id", &card.id),
            one("kind", &card.kind),
            one("question", &card.question),
            one("text", &card.text),
            one("hint", &card.hint),
            one("explain", &card.explain),
            one("source", &card.source),
        ]
        .into_iter()
        .flatten()
        .collect();
        all.extend(
            card.answer
                .as_ref()
                .map(|a| ("answer", a.span(), a.get_ref().0.clone())),
        );
        all
    }

    #[test]
    fn a_card_of_text_values_is_read_as_serde_reads_it() {
        let chunk = "[[card]]\nid = \"c1\"\nkind = \"year\"\nquestion = \"Q?\"\nanswer = \"1955\"\nexplain = \"E\"\nsource = \"S\"\nhint = \"H\"\ntext = \"T\"\n";
        let item = toml_card(chunk).expect("parsed");
        let DeValue::Table(table) = item.get_ref() else {
            panic!("a table");
        };
        let direct = text_card(table, 7).expect("read directly");
        let mut cx = context(chunk, "t.toml".into());
        let by_serde = deserialize::<RawCard>(&mut cx, item.clone(), 7)
            .expect("deserialized")
            .shifted(7);
        assert_eq!(fields(&direct), fields(&by_serde));
        assert_eq!(fields(&direct).len(), 8);
        assert!(format!("{direct:?}") == format!("{by_serde:?}"));
        let other = toml_card("[[card]]\nanswer = 1955\n").expect("parsed");
        let DeValue::Table(table) = other.get_ref() else {
            panic!("a table");
        };
        assert!(text_card(table, 0).is_none());
    }

    #[test]
    fn a_card_of_plain_strings_is_read_without_the_parser() {
        let chunk = "[[card]]\nid = \"c000001\"\nkind = \"year\"\nquestion = \"Which year did Mei Lin join UNESCO #1?\"\r\nanswer = \"1837\"\n\n";
        let plain = plain_card(chunk).expect("read plainly");
        let parsed = toml_card(chunk).expect("parsed");
        assert!(same(&plain, &parsed));
        for other in [
            "[[card]]\nid = \"a\"\nid = \"b\"\n",
            "[[card]]\nanswer = 1955\n",
            "[[card]]\r",
        ] {
            assert!(plain_card(other).is_none(), "{other:?}");
        }
    }

    #[test]
    fn loads_minimal_deck() {
        let loaded = load("[deck]\nid = \"d\"\ntitle = \"D\"\n");
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let deck = loaded.deck.expect("deck");
        assert_eq!(deck.id.as_str(), "d");
        assert!(deck.notes.is_empty());
    }

    #[test]
    fn strips_byte_order_mark() {
        let loaded = load("\u{feff}[deck]\nid = \"d\"\ntitle = \"D\"\n");
        assert!(loaded.deck.is_some(), "{:?}", loaded.diagnostics);
    }

    #[test]
    fn card_table_instead_of_array_is_explained() {
        let loaded = load("[deck]\nid = \"d\"\ntitle = \"D\"\n[card]\nquestion = \"q\"\n");
        let d = &loaded.diagnostics[0];
        assert_eq!((d.code, d.line, d.column), ("wrong-type", 4, 1));
        assert!(d.hint.as_deref().unwrap_or_default().contains("[[card]]"));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let loaded = load_bytes(b"[deck]\nid = \"\xff\"", Origin::File("t.toml".into()));
        let d = &loaded.diagnostics[0];
        assert_eq!((d.code, d.line, d.column), ("invalid-utf8", 2, 7));
    }

    #[test]
    fn misplaced_key_is_pointed_to_its_table() {
        let loaded = load("[deck]\nid = \"d\"\ntitle = \"D\"\nretention = 0.9\n");
        let d = &loaded.diagnostics[0];
        assert_eq!(d.code, "unknown-key");
        assert_eq!(
            d.hint.as_deref(),
            Some("`retention` belongs [deck.schedule]")
        );
    }
}
