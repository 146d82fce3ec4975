//! CSV and TSV: one card per row. With a header row, columns are found by name (see
//! [`column_for`]); without one they are question, answer, then optionally accept, explain and
//! tags. Lists inside a cell: accepted answers and choices separated by `|`, tags by spaces, a
//! backslash escaping either.

use super::{Incoming, Parsed, Place, ReadError, Row};
use crate::authoring::{Entry, Field, FieldValue};
use crate::csv::{self, Dialect, Record};
use crate::deck::Kind;
use crate::text::{normalize, parse_number};

/// The columns recall writes, in order.
pub const COLUMNS: [Field; 12] = [
    Field::Id,
    Field::Question,
    Field::Answer,
    Field::Accept,
    Field::Explain,
    Field::Tags,
    Field::Kind,
    Field::Choices,
    Field::Tolerance,
    Field::Text,
    Field::Hint,
    Field::Source,
];

/// The columns of a file without a header row, in order.
pub const POSITIONAL: [Field; 5] = [
    Field::Question,
    Field::Answer,
    Field::Accept,
    Field::Explain,
    Field::Tags,
];

/// Separates accepted answers and choices inside a cell (and in what the `add` wizard is typed).
pub const LIST_SEPARATOR: char = '|';
/// Separates tags inside a cell (and in what the `add` wizard is typed).
pub const TAG_SEPARATOR: char = ' ';

/// The field a header cell names: recall's own names and the usual spreadsheet ones
/// (front/back, term/definition, …), in any case.
pub fn column_for(name: &str) -> Option<Field> {
    let name = normalize(name).replace(' ', "");
    let field = match name.as_str() {
        "id" | "guid" | "cardid" => Field::Id,
        "question" | "front" | "term" | "prompt" => Field::Question,
        "answer" | "back" | "definition" => Field::Answer,
        "accept" | "accepted" | "alternatives" | "alsoaccept" | "otheranswers" => Field::Accept,
        "explain" | "explanation" | "notes" | "note" | "extra" | "backextra" => Field::Explain,
        "tags" | "tag" => Field::Tags,
        "kind" | "type" => Field::Kind,
        "choices" | "options" => Field::Choices,
        "tolerance" => Field::Tolerance,
        "text" | "cloze" => Field::Text,
        "hint" => Field::Hint,
        "source" => Field::Source,
        _ => return None,
    };
    Some(field)
}

/// Whether a record is a header row: it names a question and an answer (or a cloze text) and
/// no column twice.
fn is_header(record: &Record) -> bool {
    let fields: Vec<Option<Field>> = record.fields.iter().map(|f| column_for(f)).collect();
    let has = |field| fields.contains(&Some(field));
    let mut known: Vec<Field> = fields.iter().flatten().copied().collect();
    let count = known.len();
    known.sort();
    known.dedup();
    ((has(Field::Question) && has(Field::Answer)) || has(Field::Text)) && known.len() == count
}

/// Whether the text starts with a header row (for format detection).
pub fn has_header_row(text: &str, separator: char) -> bool {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    csv::parse(first, Dialect::new(separator), 1)
        .ok()
        .and_then(|records| records.into_iter().next())
        .is_some_and(|record| is_header(&record))
}

/// Reads CSV or TSV text.
pub fn read(text: &str, separator: char) -> Result<Parsed, ReadError> {
    read_rows(rows(text, separator)?)
}

/// Reads the rest of `rows`.
pub fn read_rows(rows: Rows<'_>) -> Result<Parsed, ReadError> {
    let mut parsed = Parsed {
        notes: rows.notes().to_vec(),
        ..Parsed::default()
    };
    for row in rows {
        match row? {
            Row::Card(incoming) => parsed.cards.push(incoming),
            Row::Skipped(place, reason) => parsed.skipped.push((place, reason)),
        }
    }
    Ok(parsed)
}

/// The rows of CSV or TSV text one at a time, as [`read`] reads them, for an import that
/// streams a large file: only the header row is read up front.
pub fn rows(text: &str, separator: char) -> Result<Rows<'_>, ReadError> {
    let mut records = csv::records(text, Dialect::new(separator), 1);
    let first = records.next().transpose()?.map(restored);
    let mut notes = Vec::new();
    let (columns, has_header, pending): (Vec<Option<Field>>, bool, Option<Record>) = match first {
        Some(first) if is_header(&first) => {
            let columns: Vec<Option<Field>> =
                first.fields.iter().map(|name| column_for(name)).collect();
            for (name, column) in first.fields.iter().zip(&columns) {
                if column.is_none() && !name.trim().is_empty() {
                    notes.push(format!(
                        "ignored the column `{}`: recall does not know it",
                        name.trim()
                    ));
                }
            }
            (columns, true, None)
        }
        first => (POSITIONAL.iter().copied().map(Some).collect(), false, first),
    };
    let separator_name = match separator {
        '\t' => "a tab".to_owned(),
        other => format!("`{other}`"),
    };
    Ok(Rows {
        records,
        pending,
        columns,
        has_header,
        separator_name,
        notes,
    })
}

/// Cells recall defused on export (`'=…`) read back as they were.
fn restored(mut record: Record) -> Record {
    csv::restore_records(std::slice::from_mut(&mut record));
    record
}

/// The iterator of [`rows`]: each row read is a card or a skipped row; a syntax error ends it.
#[derive(Debug, Clone)]
pub struct Rows<'a> {
    records: csv::Records<'a>,
    /// The first record, read to look for a header row and found not to be one.
    pending: Option<Record>,
    columns: Vec<Option<Field>>,
    has_header: bool,
    separator_name: String,
    notes: Vec<String>,
}

impl Rows<'_> {
    /// Remarks about the header row (ignored columns).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Whether the rows can give cards an id (a header row names an id column).
    pub fn has_ids(&self) -> bool {
        self.columns.contains(&Some(Field::Id))
    }

    /// What one record becomes; `None` for a blank one.
    fn row(&self, record: &Record) -> Option<Row> {
        let place = Place::Line(record.line);
        if record.fields.iter().all(|f| f.trim().is_empty()) {
            return None;
        }
        let separator_name = &self.separator_name;
        if record.fields.len() > self.columns.len() {
            let expected = if self.has_header {
                format!("the header has {}", self.columns.len())
            } else {
                format!(
                    "a file without a header row has at most {} (question, answer, accept, \
                     explain, tags)",
                    self.columns.len()
                )
            };
            return Some(Row::Skipped(
                place,
                format!(
                    "the row has {} fields but {expected}; is a field containing {separator_name} \
                     missing its quotes?",
                    record.fields.len()
                ),
            ));
        }
        if !self.has_header && record.fields.len() < 2 {
            return Some(Row::Skipped(
                place,
                format!(
                    "the row has only one field; write the question and the answer separated \
                     by {separator_name}"
                ),
            ));
        }
        Some(match row(record, &self.columns, place) {
            Ok(incoming) => Row::Card(incoming),
            Err(reason) => Row::Skipped(place, reason),
        })
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let record = match self.pending.take() {
                Some(record) => record,
                None => match self.records.next()? {
                    Ok(record) => restored(record),
                    Err(error) => return Some(Err(error.into())),
                },
            };
            if let Some(row) = self.row(&record) {
                return Some(Ok(row));
            }
        }
    }
}

fn row(record: &Record, columns: &[Option<Field>], place: Place) -> Result<Incoming, String> {
    let mut incoming = Incoming::new(place);
    for (cell, column) in record.fields.iter().zip(columns) {
        let Some(field) = column else { continue };
        let cell = cell.trim();
        match field {
            Field::Id => incoming.id = (!cell.is_empty()).then(|| cell.to_owned()),
            Field::Kind => {
                let kind = if cell.is_empty() {
                    Kind::Text
                } else {
                    cell.to_lowercase()
                        .parse::<Kind>()
                        .map_err(|()| format!("unknown kind `{cell}`; use text, number, year, choice, truefalse or cloze"))?
                };
                incoming.set(Field::Kind, FieldValue::Kind(kind));
            }
            Field::Tolerance => {
                let value = if cell.is_empty() {
                    None
                } else {
                    Some(
                        parse_number(cell)
                            .ok_or_else(|| format!("the tolerance `{cell}` is not a number"))?,
                    )
                };
                incoming.set(Field::Tolerance, FieldValue::Number(value));
            }
            Field::Accept | Field::Choices => incoming.set(
                *field,
                FieldValue::List(csv::split_list(cell, LIST_SEPARATOR)),
            ),
            Field::Tags => incoming.set(
                Field::Tags,
                FieldValue::List(csv::split_list(cell, TAG_SEPARATOR)),
            ),
            _ => incoming.text(*field, cell),
        }
    }
    Ok(incoming)
}

/// Writes entries as CSV (`,`) or TSV (`\t`) with a header row of [`COLUMNS`].
pub fn write(entries: &[Entry], separator: char) -> String {
    let mut out = String::new();
    let header: Vec<&str> = COLUMNS.iter().map(|f| f.key()).collect();
    csv::write_record(&mut out, &header, separator);
    for entry in entries {
        let cells: Vec<String> = COLUMNS
            .iter()
            .map(|&field| match field {
                Field::Accept => csv::join_list(&entry.accept, LIST_SEPARATOR),
                Field::Choices => csv::join_list(&entry.choices, LIST_SEPARATOR),
                Field::Tags => csv::join_list(&entry.tags, TAG_SEPARATOR),
                other => entry.show(other),
            })
            .collect();
        csv::write_record(&mut out, &cells, separator);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(text: &str, separator: char) -> Parsed {
        read(text, separator).expect("readable")
    }

    fn value(incoming: &Incoming, field: Field) -> Option<&FieldValue> {
        incoming.get(field)
    }

    #[test]
    fn headerless_rows_are_question_answer_accept_explain_tags() {
        let parsed = cards(
            "Capital of Pakistan?,Islamabad,Isb|Islamabad city,Since 1967,geo asia\n",
            ',',
        );
        let card = &parsed.cards[0];
        assert_eq!(
            value(card, Field::Question),
            Some(&FieldValue::Text("Capital of Pakistan?".into()))
        );
        assert_eq!(
            value(card, Field::Accept),
            Some(&FieldValue::List(vec![
                "Isb".into(),
                "Islamabad city".into()
            ]))
        );
        assert_eq!(
            value(card, Field::Tags),
            Some(&FieldValue::List(vec!["geo".into(), "asia".into()]))
        );
        assert_eq!(value(card, Field::Kind), None);
    }

    #[test]
    fn a_header_row_maps_columns_by_name_in_any_order() {
        let parsed = cards(
            "Definition\tTerm\tNotes\tColour\nIslamabad\tCapital?\tx\tred\n",
            '\t',
        );
        let card = &parsed.cards[0];
        assert_eq!(
            value(card, Field::Question),
            Some(&FieldValue::Text("Capital?".into()))
        );
        assert_eq!(
            value(card, Field::Answer),
            Some(&FieldValue::Text("Islamabad".into()))
        );
        assert_eq!(
            value(card, Field::Explain),
            Some(&FieldValue::Text("x".into()))
        );
        assert_eq!(
            parsed.notes,
            ["ignored the column `Colour`: recall does not know it"]
        );
    }

    #[test]
    fn ragged_rows_are_skipped_with_their_line() {
        let text = "question,answer\nQ1,A1\nQ2,A2,extra\n\"multi\nline\",A3\nQ4,A4,x,y\n";
        let parsed = cards(text, ',');
        assert_eq!(parsed.cards.len(), 2);
        let lines: Vec<Place> = parsed.skipped.iter().map(|(p, _)| *p).collect();
        assert_eq!(lines, [Place::Line(3), Place::Line(6)]);
        assert!(
            parsed.skipped[0].1.contains("the header has 2"),
            "{:?}",
            parsed.skipped
        );
    }

    #[test]
    fn a_single_field_row_without_header_is_skipped() {
        let parsed = cards("just a question\nQ,A\n", ',');
        assert_eq!(parsed.cards.len(), 1);
        assert_eq!(parsed.skipped[0].0, Place::Line(1));
    }

    #[test]
    fn bad_kind_and_tolerance_skip_the_row() {
        let text = "question,answer,kind,tolerance\nQ,1,numbr,\nR,2,number,abc\nS,3,NUMBER,0.5\n";
        let parsed = cards(text, ',');
        assert_eq!(parsed.skipped.len(), 2);
        assert!(parsed.skipped[0].1.contains("unknown kind `numbr`"));
        assert!(parsed.skipped[1].1.contains("tolerance `abc`"));
        assert_eq!(
            value(&parsed.cards[0], Field::Tolerance),
            Some(&FieldValue::Number(Some(0.5)))
        );
    }

    #[test]
    fn written_entries_read_back() {
        let entry = Entry {
            id: Some("x".into()),
            kind: Kind::Choice,
            question: "Which, \"exactly\"?".into(),
            answer: "A|B".into(),
            choices: vec!["A|B".into(), "C".into()],
            explain: Some("line 1\nline 2".into()),
            tags: vec!["two words".into(), "t".into()],
            ..Entry::default()
        };
        for separator in [',', '\t'] {
            let text = write(std::slice::from_ref(&entry), separator);
            let parsed = cards(&text, separator);
            let mut back = Entry::default();
            for (field, value) in &parsed.cards[0].values {
                back.set(*field, value.clone());
            }
            back.id.clone_from(&parsed.cards[0].id);
            assert_eq!(back, entry);
        }
    }
}
