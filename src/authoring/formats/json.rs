//! recall's JSON export, format `recall-deck` version 1 (documented in
//! `docs/export-format.md`): the deck's header and schedule, and every card with every field.
//! Lossless: every kind, cloze and choice cards included, survives the round trip.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value as Json};

use super::{Incoming, Parsed, Place, ReadError};
use crate::authoring::edit::value_text;
use crate::authoring::{Entry, Field, FieldValue, Header};
use crate::deck::duration::format_duration;
use crate::deck::{Kind, Schedule};

/// The `format` member of the document.
pub const FORMAT: &str = "recall-deck";
/// The version this recall writes and the newest it reads.
pub const VERSION: u64 = 1;

/// A float from an `f32` setting, as written in the deck (`0.9`, not `0.8999999761581421`).
fn widen(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

/// The `[deck.schedule]` keys of a schedule, every one spelt out, as TOML values.
pub fn schedule_values(schedule: &Schedule) -> Vec<(String, String)> {
    let steps = |steps: &[std::time::Duration]| {
        toml_edit::Value::Array(steps.iter().map(|s| format_duration(*s)).collect())
    };
    let values: Vec<(&str, toml_edit::Value)> = vec![
        (
            "retention",
            toml_edit::Value::from(widen(schedule.retention)),
        ),
        ("learning_steps", steps(&schedule.learning_steps)),
        ("relearning_steps", steps(&schedule.relearning_steps)),
        (
            "new_per_day",
            toml_edit::Value::from(i64::from(schedule.new_per_day)),
        ),
        (
            "reviews_per_day",
            toml_edit::Value::from(i64::from(schedule.reviews_per_day)),
        ),
        (
            "max_interval",
            toml_edit::Value::from(format_duration(schedule.max_interval)),
        ),
        ("fuzz", toml_edit::Value::from(schedule.fuzz)),
    ];
    values
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value_text(&value)))
        .collect()
}

/// A TOML value written as text, as JSON.
fn toml_text_to_json(text: &str) -> Json {
    text.parse::<toml_edit::Value>()
        .map_or(Json::Null, |value| toml_to_json(&value))
}

fn toml_to_json(value: &toml_edit::Value) -> Json {
    match value {
        toml_edit::Value::String(s) => Json::from(s.value().as_str()),
        toml_edit::Value::Integer(i) => Json::from(*i.value()),
        toml_edit::Value::Float(f) => Json::from(*f.value()),
        toml_edit::Value::Boolean(b) => Json::from(*b.value()),
        toml_edit::Value::Array(items) => Json::Array(items.iter().map(toml_to_json).collect()),
        toml_edit::Value::Datetime(d) => Json::from(d.value().to_string()),
        toml_edit::Value::InlineTable(table) => Json::Object(
            table
                .iter()
                .map(|(k, v)| (k.to_owned(), toml_to_json(v)))
                .collect(),
        ),
    }
}

fn json_to_toml(value: &Json) -> Option<toml_edit::Value> {
    Some(match value {
        Json::String(s) => toml_edit::Value::from(s.as_str()),
        Json::Bool(b) => toml_edit::Value::from(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => toml_edit::Value::from(i),
            None => toml_edit::Value::from(n.as_f64()?),
        },
        Json::Array(items) => {
            toml_edit::Value::Array(items.iter().filter_map(json_to_toml).collect())
        }
        Json::Null | Json::Object(_) => return None,
    })
}

/// An object whose members keep their order.
struct Ordered(Vec<(String, Json)>);

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    deck: DeckJson<'a>,
    cards: Vec<CardJson<'a>>,
}

#[derive(Serialize)]
struct DeckJson<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    source: Option<&'a str>,
    tags: &'a [String],
    flip: bool,
    schedule: Ordered,
}

#[derive(Serialize)]
struct CardJson<'a> {
    id: Option<&'a str>,
    kind: &'static str,
    question: &'a str,
    answer: &'a str,
    accept: &'a [String],
    choices: &'a [String],
    tolerance: Option<f64>,
    text: Option<&'a str>,
    hint: Option<&'a str>,
    explain: Option<&'a str>,
    source: Option<&'a str>,
    tags: &'a [String],
}

/// Writes a deck as a `recall-deck` JSON document: members in a fixed order, every card with
/// every field (empty lists and `null` for what it lacks).
pub fn write(header: &Header, entries: &[Entry]) -> String {
    let schedule = if header.schedule.is_empty() {
        schedule_values(&Schedule::default())
    } else {
        header.schedule.clone()
    };
    let document = Document {
        format: FORMAT,
        version: VERSION,
        deck: DeckJson {
            id: &header.id,
            title: &header.title,
            description: header.description.as_deref(),
            source: header.source.as_deref(),
            tags: &header.tags,
            flip: header.flip,
            schedule: Ordered(
                schedule
                    .iter()
                    .map(|(k, v)| (k.clone(), toml_text_to_json(v)))
                    .collect(),
            ),
        },
        cards: entries
            .iter()
            .map(|e| CardJson {
                id: e.id.as_deref(),
                kind: e.kind.as_str(),
                question: &e.question,
                answer: &e.answer,
                accept: &e.accept,
                choices: &e.choices,
                tolerance: e.tolerance,
                text: (!e.text.is_empty()).then_some(e.text.as_str()),
                hint: e.hint.as_deref(),
                explain: e.explain.as_deref(),
                source: e.source.as_deref(),
                tags: &e.tags,
            })
            .collect(),
    };
    let mut text = crate::json::to_string(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn unsupported(message: impl Into<String>, hint: &str) -> ReadError {
    ReadError::Unsupported {
        message: message.into(),
        hint: hint.to_owned(),
    }
}

const SCHEMA_HINT: &str = "see docs/export-format.md for the recall-deck JSON format";

/// Reads a `recall-deck` JSON document.
pub fn read(text: &str) -> Result<Parsed, ReadError> {
    let document: Json = serde_json::from_str(text).map_err(|error| ReadError::Json {
        line: u32::try_from(error.line()).unwrap_or(u32::MAX),
        column: u32::try_from(error.column()).unwrap_or(u32::MAX),
        message: error
            .to_string()
            .split(" at line")
            .next()
            .unwrap_or("")
            .to_owned(),
    })?;
    let Json::Object(document) = document else {
        return Err(unsupported("the JSON is not an object", SCHEMA_HINT));
    };
    if document.get("format").and_then(Json::as_str) != Some(FORMAT) {
        return Err(unsupported(
            format!("the JSON is not a recall deck (its \"format\" is not \"{FORMAT}\")"),
            SCHEMA_HINT,
        ));
    }
    match document.get("version").and_then(Json::as_u64) {
        Some(version) if version <= VERSION && version >= 1 => {}
        Some(version) => {
            return Err(unsupported(
                format!(
                    "the JSON is version {version} of the recall-deck format; this recall reads version {VERSION}"
                ),
                "export it again with this version of recall, or upgrade recall",
            ));
        }
        None => return Err(unsupported("the JSON has no \"version\"", SCHEMA_HINT)),
    }
    let mut parsed = Parsed::default();
    if let Some(Json::Object(deck)) = document.get("deck") {
        let text = |key: &str| deck.get(key).and_then(Json::as_str).map(str::to_owned);
        let schedule = match deck.get("schedule") {
            Some(Json::Object(schedule)) => schedule
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), value_text(&json_to_toml(v)?))))
                .collect(),
            _ => Vec::new(),
        };
        let schedule = if schedule == schedule_values(&Schedule::default()) {
            Vec::new()
        } else {
            schedule
        };
        parsed.title = text("title");
        parsed.header = Some(Header {
            id: text("id").unwrap_or_default(),
            title: text("title").unwrap_or_default(),
            description: text("description"),
            source: text("source"),
            tags: string_list(deck.get("tags")).unwrap_or_default(),
            flip: deck.get("flip").and_then(Json::as_bool).unwrap_or(false),
            schedule,
        });
    }
    let Some(Json::Array(cards)) = document.get("cards") else {
        return Err(unsupported("the JSON has no \"cards\" list", SCHEMA_HINT));
    };
    let mut ignored: Vec<String> = Vec::new();
    for (index, card) in cards.iter().enumerate() {
        let place = Place::Item(index + 1);
        let Json::Object(card) = card else {
            parsed
                .skipped
                .push((place, "the card is not a JSON object".into()));
            continue;
        };
        match read_card(card, place, &mut ignored) {
            Ok(incoming) => parsed.cards.push(incoming),
            Err(reason) => parsed.skipped.push((place, reason)),
        }
    }
    for key in ignored {
        parsed.notes.push(format!(
            "ignored the card key `{key}`: recall does not know it"
        ));
    }
    Ok(parsed)
}

fn string_list(value: Option<&Json>) -> Option<Vec<String>> {
    match value? {
        Json::Array(items) => items.iter().map(scalar).collect(),
        Json::Null => Some(Vec::new()),
        _ => None,
    }
}

/// A string, number or boolean as text.
fn scalar(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn read_card(
    card: &Map<String, Json>,
    place: Place,
    ignored: &mut Vec<String>,
) -> Result<Incoming, String> {
    let mut incoming = Incoming::new(place);
    for (key, value) in card {
        let Some(field) = Field::from_key(key) else {
            if !ignored.contains(key) {
                ignored.push(key.clone());
            }
            continue;
        };
        let wrong = |what: &str| format!("`{key}` must be {what}");
        match field {
            Field::Id => {
                incoming.id = match value {
                    Json::Null => None,
                    Json::String(s) if s.trim().is_empty() => None,
                    Json::String(s) => Some(s.trim().to_owned()),
                    _ => return Err(wrong("a string")),
                };
            }
            Field::Kind => {
                let kind = match value {
                    Json::Null => Kind::Text,
                    Json::String(s) => s
                        .parse::<Kind>()
                        .map_err(|()| format!("unknown kind `{s}`"))?,
                    _ => return Err(wrong("a string")),
                };
                incoming.set(Field::Kind, FieldValue::Kind(kind));
            }
            Field::Accept | Field::Choices | Field::Tags => {
                let list = string_list(Some(value)).ok_or_else(|| wrong("a list of strings"))?;
                incoming.set(field, FieldValue::List(list));
            }
            Field::Tolerance => {
                let number = match value {
                    Json::Null => None,
                    Json::Number(n) => n.as_f64(),
                    _ => return Err(wrong("a number or null")),
                };
                incoming.set(Field::Tolerance, FieldValue::Number(number));
            }
            _ => {
                let text = match value {
                    Json::Null => String::new(),
                    other => scalar(other).ok_or_else(|| wrong("a string"))?,
                };
                incoming.set(field, FieldValue::Text(text));
            }
        }
    }
    Ok(incoming)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_other_documents_clearly() {
        let cases = [
            ("[1]", "not an object"),
            ("{\"format\": \"other\"}", "not a recall deck"),
            (
                "{\"format\": \"recall-deck\", \"version\": 2, \"cards\": []}",
                "version 2",
            ),
            (
                "{\"format\": \"recall-deck\", \"version\": 1}",
                "no \"cards\"",
            ),
        ];
        for (text, expected) in cases {
            let error = read(text).expect_err(text).to_string();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn syntax_errors_are_located() {
        let error = read("{\n  \"format\": \"recall-deck\",\n  oops\n}").expect_err("bad json");
        assert_eq!(error.position(), Some((3, 3)));
    }

    #[test]
    fn mistyped_cards_are_skipped_and_unknown_keys_noted() {
        let text = r#"{"format": "recall-deck", "version": 1, "cards": [
            {"question": "Q", "answer": 1955, "colour": "red"},
            {"question": "R", "tags": "not-a-list"},
            7
        ]}"#;
        let parsed = read(text).expect("readable");
        assert_eq!(parsed.cards.len(), 1);
        assert_eq!(
            parsed.cards[0].get(Field::Answer),
            Some(&FieldValue::Text("1955".into()))
        );
        assert_eq!(parsed.skipped.len(), 2);
        assert_eq!(parsed.skipped[0].0, Place::Item(2));
        assert_eq!(
            parsed.notes,
            ["ignored the card key `colour`: recall does not know it"]
        );
    }

    #[test]
    fn members_come_in_the_documented_order() {
        let header = Header {
            id: "d".into(),
            title: "D".into(),
            ..Header::default()
        };
        let entry = Entry {
            id: Some("x".into()),
            question: "Q".into(),
            answer: "A".into(),
            ..Entry::default()
        };
        let text = write(&header, &[entry]);
        let mut at = 0;
        for key in [
            "\"format\"",
            "\"version\"",
            "\"deck\"",
            "\"retention\"",
            "\"fuzz\"",
            "\"cards\"",
            "\"id\": \"x\"",
            "\"kind\"",
            "\"question\"",
            "\"answer\"",
            "\"tolerance\"",
            "\"source\"",
            "\"tags\": []",
        ] {
            let found = text[at..]
                .find(key)
                .unwrap_or_else(|| panic!("{key} after {at} in {text}"));
            at += found + key.len();
        }
    }

    #[test]
    fn retention_is_written_as_the_deck_says_it() {
        let values = schedule_values(&Schedule::default());
        assert_eq!(values[0].1, "0.9");
    }
}
