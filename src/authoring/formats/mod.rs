//! The file formats cards travel in: CSV and TSV (`delimited`), Anki's "Notes in Plain Text"
//! (`anki`), Quizlet's export (`quizlet`) and recall's own JSON (`json`). Each reads bytes into
//! [`Incoming`] cards (what a row says about a card, field by field) and, where recall exports
//! it, writes entries back.
//!
//! Hostile input is expected: every reader returns an error or skips a row with its line
//! number; none panics (property-tested on arbitrary bytes).

pub mod anki;
pub mod anki_package;
pub mod delimited;
pub mod html;
pub mod json;
pub mod quizlet;

use std::fmt;

use super::encoding::{self, EncodingError};
use super::{Entry, Field, FieldValue, Header};
use crate::csv;
use crate::deck::Deck;

/// A file format of `import` and `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Tsv,
    Anki,
    Quizlet,
    Json,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Anki => "anki",
            Format::Quizlet => "quizlet",
            Format::Json => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where in the source file an incoming card is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A 1-based line (text formats).
    Line(u32),
    /// A 1-based position in the list of cards (JSON).
    Item(usize),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(line) => write!(f, "line {line}"),
            Place::Item(n) => write!(f, "card {n}"),
        }
    }
}

/// What one row of a source says about a card: the fields it sets. A field the source does not
/// have is absent and left as the deck has it; an empty value clears it.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub place: Place,
    /// The card's id (or Anki GUID already turned into an id), when the source has one.
    pub id: Option<String>,
    pub values: Vec<(Field, FieldValue)>,
}

impl Incoming {
    pub fn new(place: Place) -> Incoming {
        Incoming {
            place,
            id: None,
            values: Vec::new(),
        }
    }

    pub fn set(&mut self, field: Field, value: FieldValue) {
        match self.values.iter_mut().find(|(f, _)| *f == field) {
            Some(slot) => slot.1 = value,
            None => self.values.push((field, value)),
        }
    }

    pub fn text(&mut self, field: Field, value: &str) {
        self.set(field, FieldValue::Text(value.trim().to_owned()));
    }

    pub fn get(&self, field: Field) -> Option<&FieldValue> {
        self.values
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, value)| value)
    }

    /// The text that identifies the card when it has no id: its cloze text or its question.
    pub fn basis(&self) -> Option<&str> {
        let text = |field| match self.get(field) {
            Some(FieldValue::Text(text)) if !text.is_empty() => Some(text.as_str()),
            _ => None,
        };
        if let Some(FieldValue::Kind(kind)) = self.get(Field::Kind)
            && kind.spec().cloze_text
        {
            text(Field::Text).or_else(|| text(Field::Question))
        } else {
            text(Field::Question).or_else(|| text(Field::Text))
        }
    }
}

/// One row of a source read one at a time: a card, or a row that cannot be read, with why.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Card(Incoming),
    Skipped(Place, String),
}

/// What a source file holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub cards: Vec<Incoming>,
    /// Rows that could not be read, with why.
    pub skipped: Vec<(Place, String)>,
    /// Things worth telling the user that are not problems with a row (ignored columns …).
    pub notes: Vec<String>,
    /// A deck title the source suggests (an Anki deck name, a JSON deck's title).
    pub title: Option<String>,
    /// A whole deck header (JSON exports carry one).
    pub header: Option<Header>,
}

/// How to read a source file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The format; detected when absent.
    pub format: Option<Format>,
    /// The file name's extension, lowercase, for detection.
    pub extension: Option<String>,
    /// Quizlet: what separates a term from its definition (default a tab).
    pub term_separator: Option<String>,
    /// Quizlet: what separates cards (default a line break).
    pub card_separator: Option<String>,
}

/// Why a source file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Encoding(#[from] EncodingError),
    #[error("{0}")]
    Csv(#[from] csv::CsvError),
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        line: u32,
        column: u32,
        message: String,
    },
    #[error("{message}")]
    Unsupported { message: String, hint: String },
}

impl ReadError {
    /// Line and column of the problem, when it is at one place.
    pub fn position(&self) -> Option<(u32, u32)> {
        match self {
            ReadError::Encoding(error) => error.position(),
            ReadError::Csv(error) => Some(error.position()),
            ReadError::Json { line, column, .. } => Some((*line, *column)),
            ReadError::Unsupported { .. } => None,
        }
    }

    pub fn hint(&self) -> String {
        match self {
            ReadError::Encoding(error) => error.hint().to_owned(),
            ReadError::Csv(error) => error.hint().to_owned(),
            ReadError::Json { .. } => {
                "recall reads the JSON that `recall export --format json` writes; see \
                 docs/export-format.md"
                    .to_owned()
            }
            ReadError::Unsupported { hint, .. } => hint.clone(),
        }
    }
}

/// The format a text is in: `options.format` when given; Quizlet when a Quizlet separator is
/// given; JSON for `.json` files or text starting with `{`; Anki when the text starts with
/// Anki's `#key:value` headers; CSV or TSV by extension; otherwise a file whose first line is a
/// header row of known column names is delimited, and a headerless tab-separated file is a
/// Quizlet export (which never quotes fields).
pub fn detect(text: &str, options: &ReadOptions) -> Format {
    detect_with_separator(text, options).0
}

/// [`detect`], with the CSV separator when detection had to find it.
fn detect_with_separator(text: &str, options: &ReadOptions) -> (Format, Option<char>) {
    if let Some(format) = options.format {
        return (format, None);
    }
    if options.term_separator.is_some() || options.card_separator.is_some() {
        return (Format::Quizlet, None);
    }
    let extension = options.extension.as_deref().unwrap_or("");
    if extension == "json" || text.trim_start().starts_with('{') {
        return (Format::Json, None);
    }
    if anki::has_headers(text) {
        return (Format::Anki, None);
    }
    match extension {
        "csv" => (Format::Csv, None),
        "tsv" | "tab" => (Format::Tsv, None),
        _ => {
            let separator = csv::detect_separator(text);
            let format = if separator == '\t' && !delimited::has_header_row(text, separator) {
                Format::Quizlet
            } else if separator == '\t' {
                Format::Tsv
            } else {
                Format::Csv
            };
            (format, Some(separator))
        }
    }
}

/// Reads a source file.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<(Format, Parsed), ReadError> {
    let (text, _) = encoding::decode_borrowed(bytes)?;
    let (format, source) = open(&text, options)?;
    Ok((format, source.into_parsed()?))
}

/// Decodes a source file's bytes (see [`encoding::decode_borrowed`]) for [`open`].
pub fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, ReadError> {
    Ok(encoding::decode_borrowed(bytes)?.0)
}

/// Opens a decoded source file: CSV and TSV are read row by row as the [`Source`] is iterated
/// (a syntax error comes as the rows reach it), the other formats at once.
pub fn open<'a>(text: &'a str, options: &ReadOptions) -> Result<(Format, Source<'a>), ReadError> {
    let (format, separator) = detect_with_separator(text, options);
    let read = Source::from;
    let source = match format {
        Format::Csv => {
            let separator = separator.unwrap_or_else(|| csv::detect_separator(text));
            Source::Delimited(delimited::rows(text, separator)?)
        }
        Format::Tsv => Source::Delimited(delimited::rows(text, '\t')?),
        Format::Anki => read(anki::read(text)?),
        Format::Quizlet => read(quizlet::read(
            text,
            &quizlet::separator(options.term_separator.as_deref().unwrap_or("tab")),
            &quizlet::separator(options.card_separator.as_deref().unwrap_or("newline")),
        )?),
        Format::Json => read(json::read(text)?),
    };
    Ok((format, source))
}

/// A source file being read: its rows one at a time, and what it says besides its rows.
#[derive(Debug, Clone)]
pub enum Source<'a> {
    /// CSV or TSV, read as the rows are taken.
    Delimited(delimited::Rows<'a>),
    /// A format read at once: its skipped rows come first, then its cards.
    Read {
        skipped: std::vec::IntoIter<(Place, String)>,
        cards: std::vec::IntoIter<Incoming>,
        notes: Vec<String>,
        title: Option<String>,
        header: Option<Header>,
    },
}

impl Source<'_> {
    /// Things worth telling the user that are not problems with a row (ignored columns …).
    pub fn notes(&self) -> &[String] {
        match self {
            Source::Delimited(rows) => rows.notes(),
            Source::Read { notes, .. } => notes,
        }
    }

    /// A deck title the source suggests (an Anki deck name, a JSON deck's title).
    pub fn title(&self) -> Option<&str> {
        match self {
            Source::Delimited(_) => None,
            Source::Read { title, .. } => title.as_deref(),
        }
    }

    /// A whole deck header (JSON exports carry one).
    pub fn header(&self) -> Option<&Header> {
        match self {
            Source::Delimited(_) => None,
            Source::Read { header, .. } => header.as_ref(),
        }
    }

    /// Every card id the source gives, in order (a CSV or TSV with an id column is read once
    /// more for them, without keeping its rows).
    pub fn ids(&self) -> Vec<String> {
        match self {
            Source::Delimited(rows) if rows.has_ids() => rows
                .clone()
                .filter_map(|row| match row {
                    Ok(Row::Card(incoming)) => incoming.id,
                    _ => None,
                })
                .collect(),
            Source::Delimited(_) => Vec::new(),
            Source::Read { cards, .. } => cards
                .as_slice()
                .iter()
                .filter_map(|c| c.id.clone())
                .collect(),
        }
    }

    /// How many rows there are at most, for progress: the lines of a CSV or TSV file, the
    /// rows of the others.
    pub fn rows_hint(&self, text: &str) -> usize {
        match self {
            Source::Delimited(_) => text.lines().count(),
            Source::Read { skipped, cards, .. } => skipped.len() + cards.len(),
        }
    }

    /// Everything the source holds, read to the end.
    pub fn into_parsed(self) -> Result<Parsed, ReadError> {
        match self {
            Source::Delimited(rows) => delimited::read_rows(rows),
            Source::Read {
                skipped,
                cards,
                notes,
                title,
                header,
            } => Ok(Parsed {
                cards: cards.collect(),
                skipped: skipped.collect(),
                notes,
                title,
                header,
            }),
        }
    }
}

impl From<Parsed> for Source<'_> {
    fn from(parsed: Parsed) -> Self {
        Source::Read {
            skipped: parsed.skipped.into_iter(),
            cards: parsed.cards.into_iter(),
            notes: parsed.notes,
            title: parsed.title,
            header: parsed.header,
        }
    }
}

impl Iterator for Source<'_> {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Source::Delimited(rows) => rows.next(),
            Source::Read { skipped, cards, .. } => skipped
                .next()
                .map(|(place, reason)| Ok(Row::Skipped(place, reason)))
                .or_else(|| cards.next().map(|card| Ok(Row::Card(card)))),
        }
    }
}

/// The entries of a deck as exported: every card with its id, explicit or not.
pub fn export_entries(deck: &Deck) -> Vec<Entry> {
    deck.notes
        .iter()
        .map(|note| {
            let mut entry = Entry::from_note(note);
            entry.id = Some(note.id.to_string());
            entry
        })
        .collect()
}

/// Writes a deck in an export format (Quizlet is import-only and gives CSV).
pub fn write(deck: &Deck, format: Format) -> String {
    let header = Header::from_deck(deck);
    let entries = export_entries(deck);
    write_entries(&header, &entries, format)
}

fn write_entries(header: &Header, entries: &[Entry], format: Format) -> String {
    match format {
        Format::Csv | Format::Quizlet => delimited::write(entries, ','),
        Format::Tsv => delimited::write(entries, '\t'),
        Format::Anki => anki::write(&header.title, entries),
        Format::Json => json::write(header, entries),
    }
}

/// The fields a card would come back with after a trip through `format` (export, then import):
/// lossless formats give every field unchanged, others their degraded form. An import leaves a
/// field alone when the incoming value equals this view, so re-importing a file that recall
/// exported never undoes what the format cannot carry.
pub fn view(format: Format, entry: &Entry) -> Vec<(Field, FieldValue)> {
    if format == Format::Quizlet {
        return vec![
            (Field::Question, FieldValue::Text(entry.question.clone())),
            (Field::Answer, FieldValue::Text(entry.answer.clone())),
        ];
    }
    let header = Header {
        id: "view".into(),
        title: "view".into(),
        ..Header::default()
    };
    let mut entry = entry.clone();
    entry.id.get_or_insert_with(|| "view".into());
    let text = write_entries(&header, std::slice::from_ref(&entry), format);
    let options = ReadOptions {
        format: Some(format),
        ..ReadOptions::default()
    };
    match read(text.as_bytes(), &options) {
        Ok((_, mut parsed)) if parsed.cards.len() == 1 => parsed.cards.remove(0).values,
        _ => Vec::new(),
    }
}

#[cfg(test)]
pub(crate) mod tests;
