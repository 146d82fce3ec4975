//! The validated domain types a deck file becomes: `Deck`, its `Note`s (one per `[[card]]`)
//! and the `Card`s studied (one per note, or one per gap of a cloze note).

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::cloze::Cloze;
pub use super::kind::Kind;
use crate::text::{normalize, stable_hash};

/// The longest id accepted for a deck or a card.
pub const MAX_ID_LEN: usize = 64;

/// A deck's stable key: lowercase ASCII letters, digits and `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DeckId(String);

/// A card's stable key within its deck: lowercase ASCII letters, digits, `-` and `_`; the cards
/// of a cloze note add `.N` for the gap's number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CardId(String);

/// Why an id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("is empty")]
    Empty,
    #[error("is longer than {MAX_ID_LEN} characters")]
    TooLong,
    #[error("must start with a lowercase letter or a digit")]
    BadStart,
    #[error("contains `{0}`; use lowercase letters, digits and {1}")]
    BadChar(char, &'static str),
}

fn check_id(text: &str, extra: &[char], allowed: &'static str) -> Result<(), IdError> {
    let first = text.chars().next().ok_or(IdError::Empty)?;
    if text.len() > MAX_ID_LEN {
        return Err(IdError::TooLong);
    }
    if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
        return Err(IdError::BadStart);
    }
    match text
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || extra.contains(c)))
    {
        Some(bad) => Err(IdError::BadChar(bad, allowed)),
        None => Ok(()),
    }
}

impl DeckId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for DeckId {
    type Err = IdError;
    fn from_str(text: &str) -> Result<Self, IdError> {
        check_id(text, &['-'], "`-`")?;
        Ok(Self(text.to_owned()))
    }
}

impl CardId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id of gap `n` (1-based) of a cloze note.
    pub fn gap(&self, n: usize) -> CardId {
        CardId(format!("{}.{n}", self.0))
    }

    /// The id of a card without an explicit id: a hash of the deck id and the normalized
    /// question, so it survives changes of case, spacing and punctuation but not rewording.
    pub fn derived(deck: &DeckId, question: &str) -> CardId {
        let hash = stable_hash(&[deck.as_str().as_bytes(), normalize(question).as_bytes()]);
        CardId(format!("q-{:012x}", hash >> 16))
    }

    /// The note id part of a card id (`x` for `x.2`).
    pub fn note_part(&self) -> &str {
        self.0.split_once('.').map_or(&self.0, |(note, _)| note)
    }
}

impl CardId {
    /// Whether `text` is a card id as [`CardId::from_str`] reads it, without copying it.
    pub(super) fn check(text: &str) -> Result<(), IdError> {
        let (note, gap) = match text.split_once('.') {
            Some((note, gap)) => (note, Some(gap)),
            None => (text, None),
        };
        check_id(note, &['-', '_'], "`-` or `_`")?;
        if let Some(gap) = gap
            && (gap.is_empty() || !gap.bytes().all(|b| b.is_ascii_digit()) || gap.starts_with('0'))
        {
            return Err(IdError::BadChar('.', "`-` or `_`"));
        }
        Ok(())
    }

    /// The id of a text that [`CardId::check`] accepted, taken rather than copied.
    pub(super) fn from_checked(text: String) -> CardId {
        debug_assert!(CardId::check(&text).is_ok());
        CardId(text)
    }
}

impl FromStr for CardId {
    type Err = IdError;
    /// Parses a card id as written in a deck (`x`) or as used on the command line, where a
    /// cloze card is `x.N`.
    fn from_str(text: &str) -> Result<Self, IdError> {
        CardId::check(text)?;
        Ok(Self(text.to_owned()))
    }
}

macro_rules! id_conversions {
    ($ty:ident) => {
        impl TryFrom<String> for $ty {
            type Error = IdError;
            fn try_from(text: String) -> Result<Self, IdError> {
                text.parse()
            }
        }
        impl From<$ty> for String {
            fn from(id: $ty) -> String {
                id.0
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
id_conversions!(DeckId);
id_conversions!(CardId);

/// A deck's scheduling options, `[deck.schedule]` in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// Desired retention, 0.7 to 0.99.
    pub retention: f32,
    pub learning_steps: Vec<Duration>,
    pub relearning_steps: Vec<Duration>,
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    pub max_interval: Duration,
    pub fuzz: bool,
    /// Lapses that make a card a leech (then every half of it again).
    #[serde(default = "default_leech_lapses")]
    pub leech_lapses: u32,
    /// What happens to a leech.
    #[serde(default)]
    pub leech_action: LeechAction,
}

/// What happens to a card that becomes a leech: taken out of study, or only marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LeechAction {
    #[default]
    Suspend,
    Tag,
}

impl LeechAction {
    pub fn as_str(self) -> &'static str {
        match self {
            LeechAction::Suspend => "suspend",
            LeechAction::Tag => "tag",
        }
    }
}

fn default_leech_lapses() -> u32 {
    Schedule::DEFAULT_LEECH_LAPSES
}

impl Schedule {
    /// Lapses that make a card a leech unless the deck says otherwise (Anki's default).
    pub const DEFAULT_LEECH_LAPSES: u32 = 8;
    pub const MAX_LEECH_LAPSES: u32 = 1000;
    pub const MIN_RETENTION: f32 = 0.7;
    pub const MAX_RETENTION: f32 = 0.99;
    pub const MAX_NEW_PER_DAY: u32 = 10_000;
    pub const MAX_REVIEWS_PER_DAY: u32 = 100_000;

    /// The longest interval in whole days (at least 1).
    pub fn max_interval_days(&self) -> u32 {
        u32::try_from((self.max_interval.as_secs() / 86_400).max(1)).unwrap_or(u32::MAX)
    }
}

impl Default for Schedule {
    fn default() -> Self {
        Self {
            retention: 0.9,
            learning_steps: vec![Duration::from_mins(1), Duration::from_mins(10)],
            relearning_steps: vec![Duration::from_mins(10)],
            new_per_day: 20,
            reviews_per_day: 200,
            max_interval: super::duration::years(100),
            fuzz: true,
            leech_lapses: Self::DEFAULT_LEECH_LAPSES,
            leech_action: LeechAction::Suspend,
        }
    }
}

/// Where a deck was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    File(PathBuf),
    /// Compiled into the binary; the name is the path below the repository's `decks/`.
    Bundled(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Bundled(name) => write!(f, "<bundled>/{name}"),
        }
    }
}

/// A validated deck.
#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    pub id: DeckId,
    pub title: String,
    pub description: Option<String>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    /// Study as self-graded flashcards by default.
    pub flip: bool,
    pub schedule: Schedule,
    /// `[deck.aliases]`: phrases that mean the same in every answer of the deck.
    pub aliases: Vec<Alias>,
    pub notes: Vec<Note>,
    pub origin: Origin,
}

/// One entry of `[deck.aliases]`: `phrase` and each of `forms` may stand for one another wherever
/// they make up an answer or a part of it (`"United States" = ["America", "USA"]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    pub phrase: String,
    pub forms: Vec<String>,
}

impl Deck {
    /// The cards studied, in the order written: one per note, one per gap of a cloze note.
    pub fn cards(&self) -> impl Iterator<Item = Card> + '_ {
        self.notes.iter().flat_map(Note::cards)
    }

    /// How many cards the deck's notes expand to.
    pub fn card_count(&self) -> usize {
        self.notes.iter().map(Note::card_count).sum()
    }
}

/// One `[[card]]` table as written, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: CardId,
    /// Whether `id` was written in the file (rather than derived from the question).
    pub explicit_id: bool,
    pub kind: Kind,
    /// The prompt; for cloze notes an optional instruction (empty when absent).
    pub question: String,
    /// The expected answer; empty for cloze notes.
    pub answer: String,
    pub accept: Vec<String>,
    pub choices: Vec<String>,
    pub tolerance: Option<f64>,
    /// Cloze notes only: the sentence with its gaps.
    pub cloze: Option<Cloze>,
    pub hint: Option<String>,
    pub explain: Option<String>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    /// The cards this note's cards are declared related to (`related = [...]`): ids of notes
    /// (all their cards) or of single cloze cards. `None` when the key is absent: what the
    /// note reveals is then detected from its text (see [`super::reveals`]); `Some(vec![])`
    /// opts out of detection.
    pub related: Option<Vec<CardId>>,
    /// Whether the answer is a person's name: `Some` when the author said so (`person = …`),
    /// `None` to let grading decide.
    pub person: Option<bool>,
    /// The names the person is best known by (`known_as = ["Zia"]`), right on their own.
    pub known_as: Vec<String>,
    /// 1-based line of the note's `[[card]]` header (0 when not read from a file).
    pub line: u32,
}

impl Note {
    /// The text that identifies the note when it has no explicit id (its derived id is a hash
    /// of it): the question, or for a cloze note its text with the gaps.
    pub fn basis(&self) -> &str {
        id_basis(self.cloze.as_ref(), &self.question)
    }

    pub fn card_count(&self) -> usize {
        self.cloze.as_ref().map_or(1, |cloze| cloze.gaps().len())
    }

    /// The cards this note expands to.
    pub fn cards(&self) -> Vec<Card> {
        let base = |id: CardId, question: String, answer: String, accept: Vec<String>| Card {
            id,
            note: self.id.clone(),
            kind: self.kind,
            question,
            answer,
            accept,
            choices: self.choices.clone(),
            tolerance: self.tolerance,
            hint: self.hint.clone(),
            explain: self.explain.clone(),
            source: self.source.clone(),
            tags: self.tags.clone(),
            person: self.person,
            known_as: self.known_as.clone(),
            line: self.line,
        };
        match &self.cloze {
            None => vec![base(
                self.id.clone(),
                self.question.clone(),
                self.answer.clone(),
                self.accept.clone(),
            )],
            Some(cloze) => (0..cloze.gaps().len())
                .map(|index| {
                    let gap = &cloze.gaps()[index];
                    let sentence = cloze.render_with_gap(index);
                    let question = if self.question.is_empty() {
                        sentence
                    } else {
                        format!("{}\n{sentence}", self.question)
                    };
                    let mut card = base(
                        self.id.gap(index + 1),
                        question,
                        gap.answer.clone(),
                        gap.accept.clone(),
                    );
                    if gap.hint.is_some() {
                        card.hint.clone_from(&gap.hint);
                    }
                    card
                })
                .collect(),
        }
    }
}

/// [`Note::basis`] of a note still being validated, from its cloze and question.
pub(super) fn id_basis<'a>(cloze: Option<&'a Cloze>, question: &'a str) -> &'a str {
    cloze.map_or(question, Cloze::text)
}

/// One card as studied and scheduled: what is asked, what counts as right, what is shown after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: CardId,
    /// The note this card comes from; cloze siblings share it.
    pub note: CardId,
    pub kind: Kind,
    /// What is shown; for a cloze card the sentence with this card's gap as `[…]`.
    pub question: String,
    pub answer: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Whether the answer is a person's name, when the author said so (see [`Note::person`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<bool>,
    /// The names the person is best known by (see [`Note::known_as`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub known_as: Vec<String>,
    /// 1-based line of the note in its file, for `:edit`.
    #[serde(default)]
    pub line: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deck_ids() {
        let cases = [
            ("pakistan-soviet-relations", true),
            ("a", true),
            ("1955", true),
            ("", false),
            ("-x", false),
            ("Upper", false),
            ("under_score", false),
            ("space here", false),
            ("dot.ted", false),
        ];
        for (text, ok) in cases {
            assert_eq!(text.parse::<DeckId>().is_ok(), ok, "{text}");
        }
        assert!("x".repeat(MAX_ID_LEN).parse::<DeckId>().is_ok());
        assert_eq!(
            "x".repeat(MAX_ID_LEN + 1).parse::<DeckId>(),
            Err(IdError::TooLong)
        );
    }

    #[test]
    fn card_ids() {
        let cases = [
            ("cento-year", true),
            ("cento_year", true),
            ("cloze.1", true),
            ("cloze.12", true),
            ("cloze.", false),
            ("cloze.0", false),
            ("cloze.01", false),
            ("cloze.a", false),
            ("a.1.2", false),
            ("Cento", false),
            ("é", false),
        ];
        for (text, ok) in cases {
            assert_eq!(text.parse::<CardId>().is_ok(), ok, "{text}");
        }
    }

    #[test]
    fn derived_ids_ignore_case_and_punctuation_but_not_words() {
        let deck: DeckId = "d".parse().expect("valid id");
        let a = CardId::derived(&deck, "Which year did Pakistan join CENTO?");
        let b = CardId::derived(&deck, "which year did pakistan join cento");
        let c = CardId::derived(&deck, "Which year did Pakistan join SEATO?");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.as_str().starts_with("q-") && a.as_str().len() == 14);
        assert!(a.as_str().parse::<CardId>().is_ok());
    }

    #[test]
    fn note_part_of_gap_ids() {
        let id: CardId = "x.2".parse().expect("valid id");
        assert_eq!(id.note_part(), "x");
        let plain: CardId = "x".parse().expect("valid id");
        assert_eq!(plain.note_part(), "x");
    }
}
