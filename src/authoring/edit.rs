//! Editing deck files without disturbing them: cards are appended as text after what the author
//! wrote, updates go through `toml_edit` (which keeps every comment and layout choice it is not
//! asked to change), and [`format()`] normalizes the layout while keeping comments with the keys
//! and tables they precede.
//!
//! Knows TOML and the deck file's shape, not the deck rules: callers re-load what they get back
//! with `deck::load_str` before writing it.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::ops::Range;

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::{Entry, Field, Header};
use crate::deck::{Asked, Deck, DeckId, Kind, Need, Note, Origin, load_str};

/// Why a deck file could not be edited.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("the file is not valid TOML: {0}")]
    Syntax(String),
    #[error("`card` is neither a list of [[card]] tables nor an array of cards")]
    CardsNotAList,
    #[error("there is no card number {0} to update")]
    NoSuchCard(usize),
}

/// The canonical order of the `[deck]` keys.
const DECK_ORDER: [&str; 7] = [
    "id",
    "title",
    "description",
    "source",
    "tags",
    "flip",
    "schedule",
];
/// The canonical order of the `[deck.schedule]` keys.
const SCHEDULE_ORDER: [&str; 7] = [
    "retention",
    "learning_steps",
    "relearning_steps",
    "new_per_day",
    "reviews_per_day",
    "max_interval",
    "fuzz",
];

/// A file's line ends: edits work on `\n` and give the file back in its own style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineEnd {
    Lf,
    CrLf,
}

impl LineEnd {
    fn of(text: &str) -> LineEnd {
        if text.contains("\r\n") {
            LineEnd::CrLf
        } else {
            LineEnd::Lf
        }
    }

    fn apply(self, text: &str) -> String {
        match self {
            LineEnd::Lf => text.to_owned(),
            LineEnd::CrLf => text.replace('\n', "\r\n"),
        }
    }
}

/// The TOML value a field of an entry is written as, if it is written at all.
pub fn field_value(entry: &Entry, field: Field) -> Option<Value> {
    let text = |value: &str| Some(Value::from(value));
    let list = |items: &[String]| {
        (!items.is_empty()).then(|| Value::Array(items.iter().map(String::as_str).collect()))
    };
    match field {
        Field::Id => entry.id.as_deref().and_then(text),
        Field::Kind => (entry.kind != Kind::default()).then(|| Value::from(entry.kind.as_str())),
        Field::Question => (!entry.question.is_empty()).then(|| Value::from(&entry.question)),
        Field::Answer => {
            let spec = entry.kind.spec();
            let boolean = matches!(entry.answer.as_str(), "true" | "false");
            if spec.answer == Need::Absent {
                None
            } else if spec.asked == Asked::TrueFalse && boolean {
                Some(Value::from(entry.answer == "true"))
            } else {
                text(&entry.answer)
            }
        }
        Field::Accept => list(&entry.accept),
        Field::Choices => list(&entry.choices),
        Field::Tolerance => entry.tolerance.map(number),
        Field::Text => (!entry.text.is_empty()).then(|| Value::from(&entry.text)),
        Field::Hint => entry.hint.as_deref().and_then(text),
        Field::Explain => entry.explain.as_deref().and_then(text),
        Field::Source => entry.source.as_deref().and_then(text),
        Field::Tags => list(&entry.tags),
    }
}

/// A whole number as an integer (`1`, not `1.0`), anything else as a float.
fn number(value: f64) -> Value {
    #[allow(clippy::cast_possible_truncation)]
    let whole = value as i64;
    // Exact comparisons on purpose: only a value that is exactly whole is written as one.
    #[allow(clippy::cast_precision_loss, clippy::float_cmp)]
    if value.fract() == 0.0 && value.abs() < 1e15 && whole as f64 == value {
        Value::from(whole)
    } else {
        Value::from(value)
    }
}

/// `value` as written after `key = `, without decoration.
pub fn value_text(value: &Value) -> String {
    let mut value = value.clone();
    value.decor_mut().clear();
    value.to_string()
}

/// A card rendered as a `[[card]]` table, with the lines each field occupies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedCard {
    pub text: String,
    /// For each written field, its 1-based lines within `text` (the header is line 1).
    pub lines: Vec<(Field, Range<u32>)>,
}

impl RenderedCard {
    /// The field written on `line` (1-based, within the card).
    pub fn field_at(&self, line: u32) -> Option<Field> {
        self.lines
            .iter()
            .find(|(_, range)| range.contains(&line))
            .map(|(field, _)| *field)
    }
}

/// A text field of `entry` that is written (see [`field_value`]) as a basic string without
/// escapes, `"text"`, as `toml_edit` writes printable ASCII without quotes or backslashes: the
/// common case, written without building a `toml_edit` value.
fn plain_text(entry: &Entry, field: Field) -> Option<&str> {
    let text = match field {
        Field::Id => entry.id.as_deref(),
        Field::Question => Some(entry.question.as_str()).filter(|t| !t.is_empty()),
        Field::Text => Some(entry.text.as_str()).filter(|t| !t.is_empty()),
        Field::Answer => {
            let spec = entry.kind.spec();
            let boolean = matches!(entry.answer.as_str(), "true" | "false");
            (spec.answer != Need::Absent && !(spec.asked == Asked::TrueFalse && boolean))
                .then_some(entry.answer.as_str())
        }
        Field::Hint => entry.hint.as_deref(),
        Field::Explain => entry.explain.as_deref(),
        Field::Source => entry.source.as_deref(),
        Field::Kind | Field::Accept | Field::Choices | Field::Tolerance | Field::Tags => None,
    }?;
    is_plain(text).then_some(text)
}

/// Whether `toml_edit` writes `text` as `"text"`.
fn is_plain(text: &str) -> bool {
    text.bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
}

/// Renders a card in canonical layout: `[[card]]`, then one `key = value` per field, in
/// canonical order. With `only`, just those fields are written.
pub fn render_card(entry: &Entry, only: Option<&[Field]>) -> RenderedCard {
    let mut text = String::from("[[card]]\n");
    let mut lines = Vec::new();
    let mut line: u32 = 2;
    for field in Field::ALL {
        if only.is_some_and(|only| !only.contains(&field)) {
            continue;
        }
        let start = text.len();
        if !render_field(entry, field, &mut text) {
            continue;
        }
        let height = u32::try_from(text[start..].matches('\n').count()).unwrap_or(1);
        lines.push((field, line..line + height));
        line += height;
    }
    RenderedCard { text, lines }
}

/// [`render_card`]'s text for every field, appended to `out` (a buffer a caller writing many
/// cards reuses).
pub fn render_card_into(entry: &Entry, out: &mut String) {
    out.push_str("[[card]]\n");
    for field in Field::ALL {
        render_field(entry, field, out);
    }
}

/// Appends `key = value` and a line break for `field` when it is written; whether it is.
fn render_field(entry: &Entry, field: Field, out: &mut String) -> bool {
    if let Some(text) = plain_text(entry, field) {
        out.push_str(field.key());
        out.push_str(" = \"");
        out.push_str(text);
        out.push_str("\"\n");
    } else if let Some(value) = field_value(entry, field) {
        out.push_str(field.key());
        out.push_str(" = ");
        out.push_str(&value_text(&value));
        out.push('\n');
    } else {
        return false;
    }
    true
}

fn render_table(name: &str, pairs: &[(&str, Value)]) -> String {
    let mut text = format!("[{name}]\n");
    for (key, value) in pairs {
        text.push_str(&format!("{key} = {}\n", value_text(value)));
    }
    text
}

/// The `[deck]` table (and `[deck.schedule]` when given) in canonical layout.
pub fn render_header(header: &Header) -> String {
    let mut pairs: Vec<(&str, Value)> = vec![
        ("id", Value::from(&header.id)),
        ("title", Value::from(&header.title)),
    ];
    if let Some(description) = &header.description {
        pairs.push(("description", Value::from(description)));
    }
    if let Some(source) = &header.source {
        pairs.push(("source", Value::from(source)));
    }
    if !header.tags.is_empty() {
        pairs.push((
            "tags",
            Value::Array(header.tags.iter().map(String::as_str).collect()),
        ));
    }
    if header.flip {
        pairs.push(("flip", Value::from(true)));
    }
    let mut text = render_table("deck", &pairs);
    if !header.schedule.is_empty() {
        text.push_str("\n[deck.schedule]\n");
        for (key, value) in &header.schedule {
            text.push_str(&format!("{key} = {value}\n"));
        }
    }
    text
}

/// A new deck file: an optional leading comment (each line gets `# `), the header, the cards.
pub fn new_deck(comment: &str, header: &Header, entries: &[Entry]) -> String {
    let mut text = new_deck_head(comment, header);
    for entry in entries {
        text.push('\n');
        text.push_str(&render_card(entry, None).text);
    }
    text
}

/// What a new deck file starts with, before its cards (each of which follows a blank line):
/// the leading comment and the header.
pub fn new_deck_head(comment: &str, header: &Header) -> String {
    let mut text = String::new();
    for line in comment.lines() {
        if line.is_empty() {
            text.push_str("#\n");
        } else {
            text.push_str(&format!("# {line}\n"));
        }
    }
    if !comment.is_empty() {
        text.push('\n');
    }
    text.push_str(&render_header(header));
    text
}

/// The commented example card of a new deck.
const EXAMPLE_CARD: &str = "
# Add cards with `recall add FILE`, or by hand like the example below (remove the leading `# `).
# Give every card an id: its progress is kept under it. `recall check FILE` validates the deck,
# and docs/deck-format.md describes every key.
#
# [[card]]
# id = \"example-year\"
# kind = \"year\"                # text (default), number, year, choice, truefalse or cloze
# question = \"In which year did …?\"
# answer = \"1955\"
# accept = []                  # other answers that count as right
# explain = \"One or two sentences of context, shown after answering.\"
# source = \"A short verbatim excerpt of the material that proves the answer.\"
# tags = [\"example\"]
";

/// A new deck without cards: the header and a commented example card.
pub fn template(header: &Header) -> String {
    let mut text = String::from("# A recall deck.\n\n");
    text.push_str(&render_header(header));
    text.push_str(EXAMPLE_CARD);
    text
}

fn parse(text: &str) -> Result<DocumentMut, EditError> {
    text.parse::<DocumentMut>()
        .map_err(|error| EditError::Syntax(error.message().to_owned()))
}

/// Appends cards to a deck file. Everything already in the file stays byte for byte as it was;
/// the cards follow it, each after a blank line. A file whose cards are an inline array
/// (`card = [{…}]`) gets the new cards added to that array instead.
pub fn append_cards(text: &str, entries: &[Entry]) -> Result<String, EditError> {
    if entries.is_empty() {
        return Ok(text.to_owned());
    }
    let ends = LineEnd::of(text);
    let lf = text.replace("\r\n", "\n");
    let mut doc = parse(&lf)?;
    match doc.get_mut("card") {
        None | Some(Item::ArrayOfTables(_)) => Ok(append_tables(text, entries)),
        Some(Item::Value(Value::Array(array))) => {
            push_inline_cards(array, entries);
            Ok(ends.apply(&doc.to_string()))
        }
        Some(_) => Err(EditError::CardsNotAList),
    }
}

/// `text` with the cards appended as `[[card]]` tables, in the text's own line ends.
fn append_tables(text: &str, entries: &[Entry]) -> String {
    let mut out = text.to_owned();
    let mut added = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        added.push('\n');
    }
    for entry in entries {
        added.push('\n');
        added.push_str(&render_card(entry, None).text);
    }
    out.push_str(&LineEnd::of(text).apply(&added));
    out
}

/// Adds the cards to an inline array of cards, each as an inline table.
fn push_inline_cards(array: &mut Array, entries: &[Entry]) {
    for entry in entries {
        let mut inline = InlineTable::new();
        for field in Field::ALL {
            if let Some(value) = field_value(entry, field) {
                inline.insert(field.key(), value);
            }
        }
        push_inline(array, inline);
    }
}

/// One card of a file, whichever way the file writes its cards.
enum CardMut<'a> {
    Table(&'a mut Table),
    Inline(&'a mut InlineTable),
}

impl CardMut<'_> {
    fn like(&mut self) -> &mut dyn TableLike {
        match self {
            CardMut::Table(table) => &mut **table,
            CardMut::Inline(inline) => &mut **inline,
        }
    }

    /// Sorts the keys by `rank` (a stable sort: keys of equal rank keep their order).
    fn sort_by(&mut self, rank: fn(&str) -> usize) {
        match self {
            CardMut::Table(table) => {
                table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
            }
            CardMut::Inline(inline) => {
                inline.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
            }
        }
    }
}

fn card_mut(doc: &mut DocumentMut, index: usize) -> Result<CardMut<'_>, EditError> {
    match doc.get_mut("card") {
        Some(Item::ArrayOfTables(tables)) => tables
            .get_mut(index)
            .map(CardMut::Table)
            .ok_or(EditError::NoSuchCard(index)),
        Some(Item::Value(Value::Array(array))) => array
            .get_mut(index)
            .and_then(Value::as_inline_table_mut)
            .map(CardMut::Inline)
            .ok_or(EditError::NoSuchCard(index)),
        _ => Err(EditError::NoSuchCard(index)),
    }
}

/// A change to one card of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct CardUpdate {
    /// The card's position among the file's cards (0-based).
    pub index: usize,
    /// The card as the file has it.
    pub before: Entry,
    /// The card as it should be.
    pub after: Entry,
}

/// Applies updates, then appends `new` cards. Only the fields that differ between `before` and
/// `after` are touched: a changed value is replaced in place, keeping its trailing comment; a
/// new key is added (in canonical position when the card's keys are in canonical order); a key
/// `after` no longer has is removed (a comment above it moves to the next key). Everything else
/// stays as written.
pub fn update_cards(
    text: &str,
    updates: &[CardUpdate],
    new: &[Entry],
) -> Result<String, EditError> {
    let ends = LineEnd::of(text);
    let lf = text.replace("\r\n", "\n");
    let mut doc = parse(&lf)?;
    for update in updates {
        let mut card = card_mut(&mut doc, update.index)?;
        let canonical = is_canonical(card.like());
        for field in update.before.differences(&update.after) {
            set_field(card.like(), field.key(), field_value(&update.after, field));
        }
        if canonical {
            card.sort_by(card_rank);
        }
    }
    if !new.is_empty() {
        match doc.get_mut("card") {
            Some(Item::Value(Value::Array(array))) => push_inline_cards(array, new),
            None | Some(Item::ArrayOfTables(_)) => {
                return Ok(ends.apply(&append_tables(&doc.to_string(), new)));
            }
            Some(_) => return Err(EditError::CardsNotAList),
        }
    }
    Ok(ends.apply(&doc.to_string()))
}

/// Adds an inline card on its own line when the array is written one card per line.
fn push_inline(array: &mut Array, inline: InlineTable) {
    // The indentation after the line break before the first card, when there is one.
    let indent = array
        .iter()
        .next()
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .filter(|p| p.contains('\n'))
        .map(|p| p.rsplit('\n').next().unwrap_or("").to_owned());
    let mut value = Value::InlineTable(inline);
    if let Some(indent) = indent {
        value.decor_mut().set_prefix(format!("\n{indent}"));
        value.decor_mut().set_suffix("");
        array.push_formatted(value);
        if !array.trailing().as_str().is_some_and(|t| t.contains('\n')) {
            array.set_trailing("\n");
            array.set_trailing_comma(true);
        }
    } else {
        array.push(value);
    }
}

/// Replaces, adds or removes one key, keeping the old value's decoration.
fn set_field(table: &mut dyn TableLike, key: &str, value: Option<Value>) {
    match (table.get_mut(key), value) {
        (Some(item), Some(mut value)) => {
            if let Some(old) = item.as_value() {
                if same_value(old, &value) {
                    return;
                }
                *value.decor_mut() = old.decor().clone();
            }
            *item = Item::Value(value);
        }
        (None, Some(value)) => {
            table.insert(key, Item::Value(value));
        }
        (Some(_), None) => {
            let comment = table
                .key(key)
                .and_then(|k| k.leaf_decor().prefix())
                .and_then(|p| p.as_str())
                .filter(|p| p.contains('#'))
                .map(str::to_owned);
            let next = table
                .iter()
                .map(|(k, _)| k.to_owned())
                .skip_while(|k| k != key)
                .nth(1);
            table.remove(key);
            if let (Some(comment), Some(next)) = (comment, next)
                && let Some(mut next_key) = table.key_mut(&next)
            {
                let old = next_key
                    .leaf_decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .unwrap_or("")
                    .to_owned();
                next_key.leaf_decor_mut().set_prefix(format!(
                    "{}{}",
                    comment.trim_end_matches(' '),
                    old
                ));
            }
        }
        (None, None) => {}
    }
}

/// Whether two values say the same, however they are written (`"""…"""` or `"…"`).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.value() == b.value(),
        (Value::Integer(a), Value::Integer(b)) => a.value() == b.value(),
        (Value::Boolean(a), Value::Boolean(b)) => a.value() == b.value(),
        (Value::Float(a), Value::Float(b)) => a.value().to_bits() == b.value().to_bits(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(a, b)| same_value(a, b))
        }
        _ => false,
    }
}

fn card_rank(key: &str) -> usize {
    Field::from_key(key).map_or(usize::MAX, Field::rank)
}

fn rank_in(order: &[&str], key: &str) -> usize {
    order.iter().position(|k| *k == key).unwrap_or(usize::MAX)
}

/// Whether a card's keys are in canonical order (then edits keep them so).
fn is_canonical(table: &dyn TableLike) -> bool {
    in_order(table.iter().map(|(k, _)| k), card_rank)
}

/// Whether `rank` never decreases along the keys.
fn in_order<'a>(keys: impl Iterator<Item = &'a str>, rank: impl Fn(&str) -> usize) -> bool {
    keys.map(rank).is_sorted()
}

/// What [`format()`] did to a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Formatted {
    pub text: String,
    /// Ids given to cards that had none: (card index, id).
    pub added_ids: Vec<(usize, String)>,
}

impl Formatted {
    pub fn changed(&self, original: &str) -> bool {
        self.text != original
    }
}

/// Why [`format()`] refused a file.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error("the deck has errors; fix them first (`recall check` lists them)")]
    Invalid(Vec<crate::deck::Diagnostic>),
    #[error(transparent)]
    Edit(#[from] EditError),
    /// A safety net: formatting must never change what the deck means.
    #[error("formatting would change the deck's cards; the file was left alone")]
    Changed,
}

/// Formats a deck file: gives every card without an id one (see [`missing_ids`]), puts keys in
/// canonical order, writes `key = value` with single spaces, removes indentation and blank
/// lines inside tables, and leaves exactly one blank line before each table. Comments stay
/// with the key or table they precede; strings, arrays and inline tables keep their own
/// layout. Formatting a formatted file changes nothing.
///
/// `reviewed` gives, for the deck's id, the note ids that have review history; a card without id
/// whose hashed id is among them keeps that id so its progress is not lost. It is asked only
/// when the deck is valid.
pub fn format<S: BuildHasher>(
    text: &str,
    origin: &Origin,
    reviewed: impl FnOnce(&DeckId) -> HashSet<String, S>,
) -> Result<Formatted, FormatError> {
    let loaded = super::load_valid(text, origin.clone()).map_err(FormatError::Invalid)?;
    // `load_str` gives a deck whenever it finds no errors.
    let Some(deck) = loaded.deck else {
        return Err(FormatError::Invalid(Vec::new()));
    };
    let added_ids = missing_ids(&deck, &reviewed(&deck.id));
    let ends = LineEnd::of(text);
    let lf = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let mut doc = parse(&lf)?;
    for (index, id) in &added_ids {
        let mut card = card_mut(&mut doc, *index)?;
        card.like()
            .insert("id", Item::Value(Value::from(id.as_str())));
        if let CardMut::Inline(_) = card {
            // Inline cards keep their layout; the id goes first.
            card.sort_by(|key| usize::from(key != "id"));
        }
    }
    normalize(&mut doc);
    let mut out = doc.to_string();
    if text.starts_with('\u{feff}') {
        out.insert(0, '\u{feff}');
    }
    let out = ends.apply(&out);
    // The formatted file must hold exactly the same cards, now all with ids.
    let after = load_str(&out, origin.clone());
    let same = after.deck.as_ref().is_some_and(|formatted| {
        same_cards(&deck, formatted) && formatted.notes.iter().all(|n| n.explicit_id)
    });
    if !same || after.has_errors() {
        return Err(FormatError::Changed);
    }
    Ok(Formatted {
        text: out,
        added_ids,
    })
}

/// Ids for the cards of `deck` that have none, by card index: a slug of the question, unique in
/// the deck; or the card's hashed id when it has review history under it.
pub fn missing_ids<S: BuildHasher>(
    deck: &Deck,
    reviewed: &HashSet<String, S>,
) -> Vec<(usize, String)> {
    let mut ids = super::ids::IdAllocator::new(
        deck.notes
            .iter()
            .filter(|n| n.explicit_id)
            .map(|n| n.id.to_string()),
    );
    let mut added = Vec::new();
    for (index, note) in deck.notes.iter().enumerate() {
        if note.explicit_id {
            continue;
        }
        let id = if reviewed.contains(note.id.as_str()) && ids.reserve(note.id.as_str()) {
            note.id.to_string()
        } else {
            ids.allocate(note.basis())
        };
        added.push((index, id));
    }
    added
}

/// Whether two decks hold the same cards and settings, ignoring ids made explicit and lines.
fn same_cards(before: &Deck, after: &Deck) -> bool {
    let strip = |note: &Note| {
        let mut entry = Entry::from_note(note);
        entry.id = None;
        entry
    };
    before.id == after.id
        && before.title == after.title
        && before.description == after.description
        && before.source == after.source
        && before.tags == after.tags
        && before.flip == after.flip
        && before.schedule == after.schedule
        && before.notes.len() == after.notes.len()
        && before
            .notes
            .iter()
            .zip(&after.notes)
            .all(|(a, b)| strip(a) == strip(b) && (!a.explicit_id || a.id == b.id))
}

/// Normalizes the layout of the deck's own tables (see [`format()`]).
fn normalize(doc: &mut DocumentMut) {
    // Keys before the first table header (`card = [...]`, dotted `deck.id = ...`) mean no table
    // starts the file.
    let root_has_values = doc
        .as_table()
        .iter()
        .any(|(_, item)| item.is_value() || item.as_table().is_some_and(Table::is_dotted));
    let mut positions: Vec<isize> = Vec::new();
    if let Some(Item::Table(deck)) = doc.get("deck") {
        positions.extend(header_position(deck));
        if let Some(Item::Table(schedule)) = deck.get("schedule") {
            positions.extend(header_position(schedule));
        }
    }
    if let Some(Item::ArrayOfTables(cards)) = doc.get("card") {
        positions.extend(cards.iter().filter_map(header_position));
    }
    let first = if root_has_values {
        None
    } else {
        positions.into_iter().min()
    };
    let is_first = |table: &Table| first.is_some() && header_position(table) == first;

    if let Some(Item::Table(deck)) = doc.get_mut("deck") {
        if header_position(deck).is_some() {
            let first = is_first(deck);
            normalize_table(deck, first, |k| rank_in(&DECK_ORDER, k));
        }
        if let Some(Item::Table(schedule)) = deck.get_mut("schedule")
            && header_position(schedule).is_some()
        {
            let first = is_first(schedule);
            normalize_table(schedule, first, |k| rank_in(&SCHEDULE_ORDER, k));
        }
    }
    if let Some(Item::ArrayOfTables(cards)) = doc.get_mut("card") {
        for card in cards.iter_mut() {
            let first = is_first(card);
            normalize_table(card, first, card_rank);
        }
    }
    let trailing = doc.trailing().as_str().unwrap_or("").to_owned();
    let normalized = if trailing.contains('#') {
        normalize_prefix(&trailing, false)
            .trim_end_matches('\n')
            .to_owned()
            + "\n"
    } else {
        String::new()
    };
    if normalized != trailing {
        doc.set_trailing(normalized);
    }
}

/// The position of a table written with its own `[header]`.
fn header_position(table: &Table) -> Option<isize> {
    (!table.is_dotted() && !table.is_implicit())
        .then(|| table.position())
        .flatten()
}

fn normalize_table(table: &mut Table, first: bool, rank: impl Fn(&str) -> usize) {
    // Blank lines before the header: none at the top of the file, else exactly one.
    let prefix = decor_str(table.decor().prefix());
    let normalized = normalize_prefix(&prefix, first);
    if normalized != prefix {
        table.decor_mut().set_prefix(normalized);
    }
    let suffix = decor_str(table.decor().suffix());
    let tidy = tidy_suffix(&suffix);
    if tidy != suffix {
        table.decor_mut().set_suffix(tidy);
    }
    let keys: Vec<String> = table
        .iter()
        .filter(|(_, item)| item.is_value())
        .map(|(k, _)| k.to_owned())
        .collect();
    for key in keys {
        if let Some((mut key_mut, item)) = table.get_key_value_mut(&key) {
            let prefix = decor_str(key_mut.leaf_decor().prefix());
            let comments = comment_lines(&prefix);
            if comments != prefix {
                key_mut.leaf_decor_mut().set_prefix(comments);
            }
            if decor_str(key_mut.leaf_decor().suffix()) != " " {
                key_mut.leaf_decor_mut().set_suffix(" ");
            }
            if let Some(value) = item.as_value_mut() {
                if decor_str(value.decor().prefix()) != " " {
                    value.decor_mut().set_prefix(" ");
                }
                let suffix = decor_str(value.decor().suffix());
                let tidy = tidy_suffix(&suffix);
                if tidy != suffix {
                    value.decor_mut().set_suffix(tidy);
                }
            }
        }
    }
    let values = table.iter().filter(|(_, item)| item.is_value());
    if !in_order(values.map(|(k, _)| k), &rank) {
        table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
    }
}

/// What follows a value or header on its line: a comment keeps its place, trailing blanks go.
fn tidy_suffix(suffix: &str) -> String {
    if suffix.contains('#') {
        suffix.trim_end().to_owned()
    } else {
        String::new()
    }
}

fn decor_str(raw: Option<&toml_edit::RawString>) -> String {
    raw.and_then(|r| r.as_str()).unwrap_or("").to_owned()
}

/// The comment lines of a key's prefix, unindented; blank lines dropped.
fn comment_lines(prefix: &str) -> String {
    let mut out = String::new();
    for line in prefix.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            out.push_str(trimmed.trim_end_matches(['\n', ' ', '\t']));
            out.push('\n');
        }
    }
    out
}

/// A table's prefix with no blank lines before it at the top of the file and exactly one
/// elsewhere; blank-line runs between its comments collapse to one; comments are unindented.
fn normalize_prefix(prefix: &str, first: bool) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in prefix.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '\t']);
        if !trimmed.starts_with('#') && !line.ends_with('\n') {
            // Indentation before the header itself.
            continue;
        }
        if trimmed.trim().is_empty() {
            if lines.last().is_none_or(|last| !last.is_empty()) {
                lines.push("");
            }
        } else {
            lines.push(trimmed.trim_end_matches(['\n', ' ', '\t']));
        }
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    let mut out = String::new();
    if !first {
        out.push('\n');
    }
    for line in lines {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
