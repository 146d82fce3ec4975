//! Authoring decks: creating them, appending and updating cards while keeping the author's
//! formatting and comments (`edit`), formatting (`edit::format`), importing from and exporting to
//! spreadsheets, Anki, Quizlet and JSON (`import`, `export`, `formats`), drafting cards from a
//! plain text (`draft`) and the field-by-field checks of the `add` wizard (`wizard`).
//!
//! Pure domain code: it reads and returns text, never prints and never prompts. Every rule about
//! what a valid card is stays in `deck`; anything written is re-loaded with `deck::load_str`
//! first, except the deck `import` creates, which is written card by card: each card checked on
//! its own by `deck::check_card` ([`check_entry`]), given a distinct id, and the header and size
//! checked before the file replaces anything ([`validate_new_deck`]). Every file goes to disk
//! through [`write::write_atomic`] (or [`write::write_atomic_streamed`]).

pub mod draft;
pub mod edit;
pub mod encoding;
pub mod formats;
pub mod ids;
pub mod import;
pub mod keys;
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
        return Err(too_large_result(origin, problem));
    }
    load_valid(text, origin.clone()).map_err(InvalidResult)
}

/// The checks of [`validate_before_write`] for a new deck written card by card, `size` bytes
/// in all: its size, then its `head` (leading comment and `[deck]` table, see
/// [`edit::new_deck_head`]) loaded on its own. Its cards must each have passed
/// [`check_entry`] and have distinct ids: no rule of a deck without aliases, `related` or
/// `known_as` joins two cards into an error.
pub fn validate_new_deck(
    head: &str,
    size: u64,
    origin: &crate::deck::Origin,
) -> Result<(), InvalidResult> {
    if let Some(problem) = too_large_bytes(size) {
        return Err(too_large_result(origin, problem));
    }
    load_valid(head, origin.clone())
        .map(drop)
        .map_err(InvalidResult)
}

fn too_large_result(origin: &crate::deck::Origin, problem: String) -> InvalidResult {
    InvalidResult(vec![crate::deck::Diagnostic {
        file: origin.to_string(),
        line: 1,
        column: 1,
        severity: crate::deck::Severity::Error,
        code: "too-large",
        message: problem,
        hint: Some("import fewer rows, or split the source into several decks".into()),
    }])
}

/// Why deck text is too large for the loader, if it is.
fn too_large(text: &str) -> Option<String> {
    too_large_bytes(text.len() as u64)
}

/// Why a deck of `size` bytes is too large for the loader, if it is.
fn too_large_bytes(size: u64) -> Option<String> {
    let limit = crate::input::Limit::DECK;
    (size > limit.bytes).then(|| {
        #[allow(clippy::cast_precision_loss)]
        let mib = size as f64 / (1024.0 * 1024.0);
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

/// The id a card is checked under: ids are checked (and allocated) separately.
const CHECK_ID: &str = "import-check";

/// Validates one card on its own with the deck rules; the errors, joined, when it is invalid.
///
/// The card is checked as `deck::load_str` would check a one-card deck (under a stand-in header)
/// holding it as [`edit::render_card`] writes it (the same rules, messages and order), but
/// without writing and parsing that text: [`raw_card`] gives the values the parser would read
/// back, which a property test holds to the rendered text.
pub fn check_entry(entry: &Entry) -> Result<(), String> {
    let raw = raw_card(entry, Some(CHECK_ID));
    if let Some(problem) = too_large_alone(entry) {
        return Err(problem);
    }
    let errors: Vec<String> = crate::deck::check_card(raw, crate::deck::place(1, 1))
        .into_iter()
        .filter(crate::deck::Diagnostic::is_error)
        .map(|d| d.message)
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// Why a card alone would make a deck too large for the loader, if it would. Only a card whose
/// values alone come near the limit is rendered to find out.
fn too_large_alone(entry: &Entry) -> Option<String> {
    let limit = crate::input::Limit::DECK.bytes;
    let values: usize = [&entry.question, &entry.answer, &entry.text]
        .into_iter()
        .chain(entry.hint.iter())
        .chain(entry.explain.iter())
        .chain(entry.source.iter())
        .chain(&entry.accept)
        .chain(&entry.choices)
        .chain(&entry.tags)
        .map(String::len)
        .sum();
    // An escape takes at most 10 bytes (`\UXXXXXXXX`) for a character of at least one; keys,
    // quotes and separators add a few hundred bytes.
    if (values as u64).saturating_mul(10).saturating_add(4096) < limit {
        return None;
    }
    let mut entry = entry.clone();
    entry.id = Some(CHECK_ID.into());
    let (text, _) = lone_card_deck("import", &edit::render_card(&entry, None).text);
    too_large(&text).map(|problem| problem.replace("the deck would be", "the card alone is"))
}

/// The `[[card]]` table `deck::load_str` reads back from `entry` as [`edit::render_card`]
/// writes it (with `id` in place of the entry's id when given): the keys written, the values
/// as parsed. Each key's span is its rank in the canonical order plus one, so that
/// `deck::check_card` orders the diagnostics as the lines of the written card would.
pub fn raw_card(entry: &Entry, id: Option<&str>) -> crate::deck::RawCard {
    use crate::deck::{Need, RawCard, Scalar};
    use toml::Spanned;
    // The card's `[[card]]` line, then each key on its own line in canonical order; a list's
    // items follow its opening bracket.
    let at = |field: Field| crate::deck::place(field.rank() + 2, 1);
    let item = |field: Field, index: usize| crate::deck::place(field.rank() + 2, index + 2);
    let text = |field: Field, value: &str| Some(Spanned::new(at(field), value.to_owned()));
    let list = |field: Field, items: &[String]| {
        (!items.is_empty()).then(|| {
            items
                .iter()
                .enumerate()
                .map(|(index, value)| Spanned::new(item(field, index), Scalar(value.clone())))
                .collect::<Vec<_>>()
        })
    };
    let spec = entry.kind.spec();
    // A true/false answer is written as a boolean and read back as the same text.
    let answer = (spec.answer != Need::Absent)
        .then(|| Spanned::new(at(Field::Answer), Scalar(entry.answer.clone())));
    RawCard {
        id: id
            .or(entry.id.as_deref())
            .and_then(|id| text(Field::Id, id)),
        kind: (entry.kind != Kind::default())
            .then(|| Spanned::new(at(Field::Kind), entry.kind.as_str().to_owned())),
        question: (!entry.question.is_empty())
            .then(|| text(Field::Question, &entry.question))
            .flatten(),
        answer,
        accept: list(Field::Accept, &entry.accept),
        choices: list(Field::Choices, &entry.choices)
            .map(|choices| Spanned::new(at(Field::Choices), choices)),
        tolerance: entry
            .tolerance
            .map(|value| Spanned::new(at(Field::Tolerance), written_number(value))),
        text: (!entry.text.is_empty())
            .then(|| text(Field::Text, &entry.text))
            .flatten(),
        hint: entry.hint.as_deref().and_then(|v| text(Field::Hint, v)),
        explain: entry
            .explain
            .as_deref()
            .and_then(|v| text(Field::Explain, v)),
        source: entry.source.as_deref().and_then(|v| text(Field::Source, v)),
        tags: list(Field::Tags, &entry.tags).map(|tags| {
            tags.into_iter()
                .map(|tag| Spanned::new(tag.span(), tag.into_inner().0))
                .collect()
        }),
        related: None,
        person: None,
        known_as: None,
    }
}

/// A tolerance as read back from what [`edit::render_card`] writes: a whole number is written
/// as an integer (so `-0.0` reads back as `0.0`).
fn written_number(value: f64) -> f64 {
    #[allow(clippy::cast_possible_truncation)]
    let whole = value as i64;
    #[allow(clippy::cast_precision_loss, clippy::float_cmp)]
    if value.fract() == 0.0 && value.abs() < 1e15 && whole as f64 == value {
        whole as f64
    } else {
        value
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

    /// How cards were checked before `check_entry` stopped rendering and parsing them: the
    /// rendered card loaded as the only card of a deck.
    fn check_by_loading(entry: &Entry) -> Result<(), String> {
        let mut entry = entry.clone();
        entry.id = Some(CHECK_ID.into());
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

    fn any_entry() -> impl proptest::strategy::Strategy<Value = Entry> {
        use proptest::prelude::*;
        let text = || {
            prop_oneof![
                Just(String::new()),
                Just("1955".to_owned()),
                Just("true".to_owned()),
                Just("Paris".to_owned()),
                Just(" Paris {{x}} ".to_owned()),
                "[ -~]{0,12}",
                "\\PC{0,12}",
                "[a{}|:\\n\\r\"' ]{0,12}",
            ]
        };
        let list = move || proptest::collection::vec(text(), 0..4);
        let kind = proptest::sample::select(Kind::ALL.to_vec());
        let tolerance = prop_oneof![
            Just(None),
            Just(Some(0.5)),
            Just(Some(-2.0)),
            Just(Some(-0.0)),
            Just(Some(f64::NAN)),
            Just(Some(f64::INFINITY)),
            any::<f64>().prop_map(Some),
        ];
        let optional = move || proptest::option::of(text());
        (
            (kind, text(), text(), list(), list(), tolerance),
            (text(), optional(), optional(), optional(), list()),
        )
            .prop_map(
                |(
                    (kind, question, answer, accept, choices, tolerance),
                    (text, hint, explain, source, tags),
                )| Entry {
                    id: None,
                    kind,
                    question,
                    answer,
                    accept,
                    choices,
                    tolerance,
                    text,
                    hint,
                    explain,
                    source,
                    tags,
                },
            )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn checking_a_card_in_memory_says_what_loading_it_says(entry in any_entry()) {
            proptest::prop_assert_eq!(check_entry(&entry), check_by_loading(&entry));
        }
    }

    #[test]
    fn checking_a_card_in_memory_says_what_loading_it_says_for_cards_of_every_kind() {
        for kind in Kind::ALL {
            for (question, answer, text) in [
                ("", "", ""),
                ("Q?", "", ""),
                ("Q?", "soon", "no gaps"),
                ("", "1955", "{{a}} and {{b"),
                ("Q?", "true", "{{a}}"),
            ] {
                let entry = Entry {
                    kind,
                    question: question.into(),
                    answer: answer.into(),
                    text: text.into(),
                    choices: vec!["a".into(), "A".into()],
                    tolerance: Some(-1.0),
                    accept: vec![String::new()],
                    ..Entry::default()
                };
                assert_eq!(check_entry(&entry), check_by_loading(&entry), "{entry:?}");
            }
        }
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
