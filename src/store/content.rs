//! A card's `content` column: the JSON of what the catalog keeps of a card besides its own
//! columns. The card's id, note, kind, answer and line have columns (`card_id`, `note_id`,
//! `kind`, `answer`, `line`) and are not repeated in it since schema version 13: a third
//! fewer bytes per card row for a collection's first reading to write, and a card that only
//! moved in its deck gets its new line without its content being rewritten. Contents written
//! before then repeat those fields; they are read all the same, the columns winning (they were
//! always written together, except a line saved before lines had a column, which is then read
//! from the content).
//!
//! SQL reads the content's `$.tags` (tag filters), so it stays JSON.

use rusqlite::Row;
use serde::{Deserialize, Serialize};

use crate::deck::{Card, CardId, Kind};

/// The columns a card is read from, in the order [`CardRow::get`] takes them; `prefix` names
/// the table (`"c."`), or is empty.
pub(super) fn columns(prefix: &str) -> String {
    ["card_id", "note_id", "kind", "answer", "line", "content"]
        .map(|column| format!("{prefix}{column}"))
        .join(", ")
}

/// What is written of a card, borrowed from it: the fields of [`Card`] that have no column,
/// each left out when empty as [`Card`]'s own JSON leaves it out.
#[derive(Serialize)]
struct Written<'a> {
    question: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    accept: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    choices: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    tolerance: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<bool>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    known_as: &'a [String],
}

/// `card`'s content.
pub(super) fn write(card: &Card) -> serde_json::Result<String> {
    let Card {
        id: _,
        note: _,
        kind: _,
        question,
        answer: _,
        accept,
        choices,
        tolerance,
        hint,
        explain,
        source,
        tags,
        person,
        known_as,
        line: _,
    } = card;
    serde_json::to_string(&Written {
        question,
        accept,
        choices,
        tolerance: *tolerance,
        hint: hint.as_deref(),
        explain: explain.as_deref(),
        source: source.as_deref(),
        tags,
        person: *person,
        known_as,
    })
}

/// What is read of a content: [`Written`]'s fields, and the line that contents written before
/// version 13 hold (their other repeated fields are ignored).
#[derive(Deserialize)]
struct Read {
    question: String,
    #[serde(default)]
    accept: Vec<String>,
    #[serde(default)]
    choices: Vec<String>,
    #[serde(default)]
    tolerance: Option<f64>,
    #[serde(default)]
    hint: Option<String>,
    #[serde(default)]
    explain: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    person: Option<bool>,
    #[serde(default)]
    known_as: Vec<String>,
    #[serde(default)]
    line: Option<u32>,
}

/// A card's row as read with [`columns`], before its content is parsed.
pub(super) struct CardRow {
    id: CardId,
    note: CardId,
    kind: Kind,
    answer: String,
    line: Option<i64>,
    pub(super) content: String,
}

impl CardRow {
    /// Reads the [`columns`] starting at column `first`.
    pub(super) fn get(row: &Row<'_>, first: usize) -> rusqlite::Result<CardRow> {
        Ok(CardRow {
            id: row.get(first)?,
            note: row.get(first + 1)?,
            kind: row.get(first + 2)?,
            answer: row.get(first + 3)?,
            line: row.get(first + 4)?,
            content: row.get(first + 5)?,
        })
    }

    /// The card, its content parsed.
    pub(super) fn card(self) -> serde_json::Result<Card> {
        let read: Read = serde_json::from_str(&self.content)?;
        let line = self
            .line
            .and_then(|line| u32::try_from(line).ok())
            .or(read.line)
            .unwrap_or(0);
        Ok(Card {
            id: self.id,
            note: self.note,
            kind: self.kind,
            question: read.question,
            answer: self.answer,
            accept: read.accept,
            choices: read.choices,
            tolerance: read.tolerance,
            hint: read.hint,
            explain: read.explain,
            source: read.source,
            tags: read.tags,
            person: read.person,
            known_as: read.known_as,
            line,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A card with every optional field given, or none.
    fn card(full: bool) -> Card {
        let list = |items: &[&str]| items.iter().map(|&item| item.to_owned()).collect();
        Card {
            id: "n.2".parse().expect("an id"),
            note: "n".parse().expect("an id"),
            kind: Kind::ALL[usize::from(full)],
            question: "Which \"year\"?\nSay it".into(),
            answer: "1955".into(),
            accept: if full { list(&["55"]) } else { Vec::new() },
            choices: if full {
                list(&["1955", "1956"])
            } else {
                Vec::new()
            },
            tolerance: full.then_some(0.5),
            hint: full.then(|| "a year".into()),
            explain: full.then(|| "Because.".into()),
            source: full.then(|| "Book".into()),
            tags: if full { list(&["t", "u"]) } else { Vec::new() },
            person: full.then_some(false),
            known_as: if full { list(&["Zia"]) } else { Vec::new() },
            line: 12,
        }
    }

    /// A stored row of `card` with `content` and the given line column.
    fn row(card: &Card, content: String, line: Option<i64>) -> CardRow {
        CardRow {
            id: card.id.clone(),
            note: card.note.clone(),
            kind: card.kind,
            answer: card.answer.clone(),
            line,
            content,
        }
    }

    /// A card written and read back is the same card, its columns taken from the row; the
    /// content repeats none of them.
    #[test]
    fn a_card_comes_back_from_its_row() {
        for full in [false, true] {
            let card = card(full);
            let content = write(&card).expect("written");
            for field in ["\"id\"", "\"note\"", "\"kind\"", "\"answer\"", "\"line\""] {
                assert!(!content.contains(field), "{field} in {content}");
            }
            let read = row(&card, content, Some(12)).card().expect("read");
            assert_eq!(read, card, "full: {full}");
        }
    }

    /// A content written before version 13 (the card's whole JSON) reads as the same card; its
    /// line counts only while the line column is empty (a card saved before lines had one).
    #[test]
    fn a_content_written_before_version_13_is_read_as_before() {
        for full in [false, true] {
            let card = card(full);
            let legacy = serde_json::to_string(&card).expect("json");
            let cases = [(None, 12), (Some(12), 12), (Some(40), 40)];
            for (column, line) in cases {
                let read = row(&card, legacy.clone(), column).card().expect("read");
                assert_eq!(
                    read,
                    Card {
                        line,
                        ..card.clone()
                    },
                    "{column:?}, full: {full}"
                );
            }
        }
    }
}
