//! Authoring decks: creating them, appending and updating cards while keeping the author's
//! formatting and comments (`edit`), formatting (`edit::format`), importing from and exporting to
//! spreadsheets, Anki, Quizlet and JSON (`import`, `export`, `formats`), drafting cards from a
//! plain text (`draft`) and the field-by-field checks of the `add` wizard (`wizard`).
//!
//! Pure domain code: it reads and returns text, never prints and never prompts. Every rule about
//! what a valid card is stays in `deck`; anything written is re-loaded with `deck::load_str`
//! first, and every file goes to disk through [`write::write_atomic`].

pub mod draft;
pub mod edit;
pub mod encoding;
pub mod formats;
pub mod ids;
pub mod import;
pub mod wizard;
pub mod write;

use crate::deck::{Deck, Kind, Note};

/// The keys of a `[[card]]` table, in the canonical order `recall fmt` writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    Kind,
    Question,
    Answer,
    Accept,
    Choices,
    Tolerance,
    Text,
    Hint,
    Explain,
    Source,
    Tags,
}

impl Field {
    /// Every field, in canonical order.
    pub const ALL: [Field; 12] = [
        Field::Id,
        Field::Kind,
        Field::Question,
        Field::Answer,
        Field::Accept,
        Field::Choices,
        Field::Tolerance,
        Field::Text,
        Field::Hint,
        Field::Explain,
        Field::Source,
        Field::Tags,
    ];

    /// The key as written in a deck file.
    pub fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Kind => "kind",
            Field::Question => "question",
            Field::Answer => "answer",
            Field::Accept => "accept",
            Field::Choices => "choices",
            Field::Tolerance => "tolerance",
            Field::Text => "text",
            Field::Hint => "hint",
            Field::Explain => "explain",
            Field::Source => "source",
            Field::Tags => "tags",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.key() == key)
    }

    /// Position in the canonical order.
    pub fn rank(self) -> usize {
        self as usize
    }
}

/// One card as the authoring tools read and write it: the keys of a `[[card]]` table as plain
/// values. Unlike [`Note`] it need not be valid; `deck::load_str` decides that.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entry {
    /// The explicit id; `None` when the card has none (its progress is keyed by a hash).
    pub id: Option<String>,
    pub kind: Kind,
    /// The prompt; for a cloze card an optional instruction (empty when absent).
    pub question: String,
    /// The expected answer; empty for cloze cards.
    pub answer: String,
    pub accept: Vec<String>,
    pub choices: Vec<String>,
    pub tolerance: Option<f64>,
    /// The cloze text with its `{{gaps}}`; empty for other kinds.
    pub text: String,
    pub hint: Option<String>,
    pub explain: Option<String>,
    pub source: Option<String>,
    pub tags: Vec<String>,
}

impl Entry {
    /// The entry a validated note was read from (its explicit id only).
    pub fn from_note(note: &Note) -> Entry {
        Entry {
            id: note.explicit_id.then(|| note.id.to_string()),
            kind: note.kind,
            question: note.question.clone(),
            answer: note.answer.clone(),
            accept: note.accept.clone(),
            choices: note.choices.clone(),
            tolerance: note.tolerance,
            text: note
                .cloze
                .as_ref()
                .map(|cloze| cloze.text().to_owned())
                .unwrap_or_default(),
            hint: note.hint.clone(),
            explain: note.explain.clone(),
            source: note.source.clone(),
            tags: note.tags.clone(),
        }
    }

    /// The text that identifies the card when it has no id: its question, or its cloze text.
    pub fn basis(&self) -> &str {
        if self.kind.spec().cloze_text && !self.text.is_empty() {
            &self.text
        } else {
            &self.question
        }
    }

    /// The fields whose values differ between two entries.
    pub fn differences(&self, other: &Entry) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|&field| !self.same(other, field))
            .collect()
    }

    fn same(&self, other: &Entry, field: Field) -> bool {
        match field {
            Field::Id => self.id == other.id,
            Field::Kind => self.kind == other.kind,
            Field::Question => self.question == other.question,
            Field::Answer => self.answer == other.answer,
            Field::Accept => self.accept == other.accept,
            Field::Choices => self.choices == other.choices,
            Field::Tolerance => self.tolerance == other.tolerance,
            Field::Text => self.text == other.text,
            Field::Hint => self.hint == other.hint,
            Field::Explain => self.explain == other.explain,
            Field::Source => self.source == other.source,
            Field::Tags => self.tags == other.tags,
        }
    }

    /// A field's value as one line of text, for previews.
    pub fn show(&self, field: Field) -> String {
        let opt = |value: &Option<String>| value.clone().unwrap_or_default();
        match field {
            Field::Id => opt(&self.id),
            Field::Kind => self.kind.to_string(),
            Field::Question => self.question.clone(),
            Field::Answer => self.answer.clone(),
            Field::Accept => self.accept.join(" | "),
            Field::Choices => self.choices.join(" | "),
            Field::Tolerance => self.tolerance.map(|t| t.to_string()).unwrap_or_default(),
            Field::Text => self.text.clone(),
            Field::Hint => opt(&self.hint),
            Field::Explain => opt(&self.explain),
            Field::Source => opt(&self.source),
            Field::Tags => self.tags.join(" "),
        }
    }

    /// What a person reads as the card: the question, or the cloze text.
    pub fn headline(&self) -> &str {
        if self.kind.spec().cloze_text {
            &self.text
        } else {
            &self.question
        }
    }
}

/// A field's value, whatever its type, so fields can be compared and copied generically.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    List(Vec<String>),
    Kind(Kind),
    Number(Option<f64>),
}

impl Entry {
    /// A field's value (an absent optional text is empty).
    pub fn get(&self, field: Field) -> FieldValue {
        let opt = |value: &Option<String>| FieldValue::Text(value.clone().unwrap_or_default());
        match field {
            Field::Id => opt(&self.id),
            Field::Kind => FieldValue::Kind(self.kind),
            Field::Question => FieldValue::Text(self.question.clone()),
            Field::Answer => FieldValue::Text(self.answer.clone()),
            Field::Accept => FieldValue::List(self.accept.clone()),
            Field::Choices => FieldValue::List(self.choices.clone()),
            Field::Tolerance => FieldValue::Number(self.tolerance),
            Field::Text => FieldValue::Text(self.text.clone()),
            Field::Hint => opt(&self.hint),
            Field::Explain => opt(&self.explain),
            Field::Source => opt(&self.source),
            Field::Tags => FieldValue::List(self.tags.clone()),
        }
    }

    /// Sets a field; an empty optional text removes it. A value of the wrong type is ignored.
    pub fn set(&mut self, field: Field, value: FieldValue) {
        let opt = |text: String| {
            let text = text.trim().to_owned();
            (!text.is_empty()).then_some(text)
        };
        match (field, value) {
            (Field::Id, FieldValue::Text(text)) => self.id = opt(text),
            (Field::Kind, FieldValue::Kind(kind)) => self.kind = kind,
            (Field::Question, FieldValue::Text(text)) => text.trim().clone_into(&mut self.question),
            (Field::Answer, FieldValue::Text(text)) => text.trim().clone_into(&mut self.answer),
            (Field::Accept, FieldValue::List(list)) => self.accept = list,
            (Field::Choices, FieldValue::List(list)) => self.choices = list,
            (Field::Tolerance, FieldValue::Number(number)) => self.tolerance = number,
            (Field::Text, FieldValue::Text(text)) => text.trim().clone_into(&mut self.text),
            (Field::Hint, FieldValue::Text(text)) => self.hint = opt(text),
            (Field::Explain, FieldValue::Text(text)) => self.explain = opt(text),
            (Field::Source, FieldValue::Text(text)) => self.source = opt(text),
            (Field::Tags, FieldValue::List(list)) => self.tags = list,
            _ => {}
        }
    }
}

/// The `[deck]` table of a deck being created, as plain values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Header {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    pub flip: bool,
    /// `[deck.schedule]` keys and their values written as TOML (`0.9`, `["1m", "10m"]`), in
    /// order; empty for the defaults.
    pub schedule: Vec<(String, String)>,
}

impl Header {
    /// A header with an id derived from the title.
    pub fn titled(title: &str) -> Header {
        Header {
            id: crate::deck::suggest_id(title),
            title: title.trim().to_owned(),
            ..Header::default()
        }
    }

    /// The header of a validated deck, its schedule spelt out only when not the default.
    pub fn from_deck(deck: &Deck) -> Header {
        let schedule = if deck.schedule == crate::deck::Schedule::default() {
            Vec::new()
        } else {
            formats::json::schedule_values(&deck.schedule)
        };
        Header {
            id: deck.id.to_string(),
            title: deck.title.clone(),
            description: deck.description.clone(),
            source: deck.source.clone(),
            tags: deck.tags.clone(),
            flip: deck.flip,
            schedule,
        }
    }
}

/// Diagnostics of a deck that cannot be written, for messages.
#[derive(Debug, thiserror::Error)]
#[error("the result would not be a valid deck ({} problems)", .0.len())]
pub struct InvalidResult(pub Vec<crate::deck::Diagnostic>);

/// Loads text that is about to be written and refuses it when it has errors. The origin names
/// the destination file in the diagnostics.
pub fn validate_before_write(
    text: &str,
    origin: &crate::deck::Origin,
) -> Result<crate::deck::Loaded, InvalidResult> {
    // The loader reads no deck file over its size limit: nothing larger is written.
    if let Some(problem) = too_large(text) {
        return Err(InvalidResult(vec![crate::deck::Diagnostic {
            file: origin.to_string(),
            line: 1,
            column: 1,
            severity: crate::deck::Severity::Error,
            code: "too-large",
            message: problem,
            hint: Some("import fewer rows, or split the source into several decks".into()),
        }]));
    }
    load_valid(text, origin.clone()).map_err(InvalidResult)
}

/// Why deck text is too large for the loader, if it is.
fn too_large(text: &str) -> Option<String> {
    let limit = crate::input::Limit::DECK;
    (text.len() as u64 > limit.bytes).then(|| {
        #[allow(clippy::cast_precision_loss)]
        let mib = text.len() as f64 / (1024.0 * 1024.0);
        format!(
            "the deck would be {mib:.1} MiB; {} are limited to {} MiB",
            limit.what,
            limit.bytes / (1024 * 1024)
        )
    })
}

/// Loads deck text; its errors alone (warnings dropped) when it has any.
fn load_valid(
    text: &str,
    origin: crate::deck::Origin,
) -> Result<crate::deck::Loaded, Vec<crate::deck::Diagnostic>> {
    let loaded = crate::deck::load_str(text, origin);
    if loaded.has_errors() {
        return Err(loaded
            .diagnostics
            .into_iter()
            .filter(crate::deck::Diagnostic::is_error)
            .collect());
    }
    Ok(loaded)
}

/// A deck file holding just `card` (a rendered `[[card]]` table) under a stand-in `[deck]`
/// table whose id and title are `name`, for checking a card on its own; and the line the card
/// starts on.
fn lone_card_deck(name: &str, card: &str) -> (String, u32) {
    let header = format!("[deck]\nid = \"{name}\"\ntitle = \"{name}\"\n\n");
    let card_line = u32::try_from(header.matches('\n').count() + 1).unwrap_or(u32::MAX);
    (header + card, card_line)
}

/// Validates one card on its own with the deck rules; the errors, joined, when it is invalid.
pub fn check_entry(entry: &Entry) -> Result<(), String> {
    let mut entry = entry.clone();
    // The id is checked (and allocated) separately.
    entry.id = Some("import-check".into());
    let (text, _) = lone_card_deck("import", &edit::render_card(&entry, None).text);
    if let Some(problem) = too_large(&text) {
        return Err(problem.replace("the deck would be", "the card alone is"));
    }
    match load_valid(&text, crate::deck::Origin::Bundled("check")) {
        Ok(_) => Ok(()),
        Err(errors) => Err(errors
            .iter()
            .map(|d| d.message.as_str())
            .collect::<Vec<_>>()
            .join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_listed_in_canonical_order() {
        let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
        assert_eq!(
            keys,
            [
                "id",
                "kind",
                "question",
                "answer",
                "accept",
                "choices",
                "tolerance",
                "text",
                "hint",
                "explain",
                "source",
                "tags"
            ]
        );
        for field in Field::ALL {
            assert_eq!(Field::from_key(field.key()), Some(field));
            assert_eq!(Field::ALL[field.rank()], field);
        }
    }

    #[test]
    fn a_lone_card_starts_on_the_line_given() {
        let (text, line) = lone_card_deck("x", "[[card]]\nquestion = \"Q?\"\n");
        let at = usize::try_from(line).expect("small") - 1;
        assert_eq!(text.lines().nth(at), Some("[[card]]"), "{text}");
    }

    #[test]
    fn check_entry_joins_the_errors_of_a_card() {
        let valid = Entry {
            question: "Q?".into(),
            answer: "A".into(),
            ..Entry::default()
        };
        assert_eq!(check_entry(&valid), Ok(()));
        let year = Entry {
            kind: Kind::Year,
            answer: "soon".into(),
            ..valid
        };
        let errors = check_entry(&year).expect_err("not a year");
        assert!(errors.contains("year"), "{errors}");
    }

    #[test]
    fn differences_name_the_changed_fields() {
        let a = Entry {
            question: "Q?".into(),
            answer: "A".into(),
            ..Entry::default()
        };
        let mut b = a.clone();
        b.answer = "B".into();
        b.tags = vec!["t".into()];
        assert_eq!(a.differences(&b), vec![Field::Answer, Field::Tags]);
        assert!(a.differences(&a).is_empty());
    }
}
