//! The serde mirror of a deck file: exactly what the TOML says, with spans, before validation.
//! Also the way back: a validated [`Deck`] serialized as TOML.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::Spanned;

use super::duration::format_duration;
use super::model::{Deck, Kind, Note, Schedule};

/// A whole deck file.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RawFile {
    pub deck: RawDeck,
    #[serde(rename = "card", default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<Spanned<RawCard>>,
}

/// The `[deck]` table.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RawDeck {
    pub id: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Spanned<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flip: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<RawSchedule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<RawAliases>,
}

/// The `[deck.aliases]` table in the order written: each phrase with its alias or aliases.
#[derive(Debug, Default)]
pub struct RawAliases(pub Vec<(Spanned<String>, Spanned<AliasForms>)>);

/// The value of one `[deck.aliases]` entry: one alias or an array of them.
#[derive(Debug, Clone)]
pub enum AliasForms {
    One(String),
    Many(Vec<Spanned<String>>),
}

/// The `[deck.schedule]` table.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RawSchedule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention: Option<Spanned<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learning_steps: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relearning_steps: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_per_day: Option<Spanned<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviews_per_day: Option<Spanned<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_interval: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fuzz: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leech_lapses: Option<Spanned<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leech_action: Option<Spanned<String>>,
}

/// One `[[card]]` table.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RawCard {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Spanned<Scalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept: Option<Vec<Spanned<Scalar>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Spanned<Vec<Spanned<Scalar>>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<Spanned<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Spanned<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Vec<Spanned<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<Spanned<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_as: Option<Vec<Spanned<String>>>,
}

impl<'de> Deserialize<'de> for RawAliases {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawAliases;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of phrases and their aliases")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawAliases, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(RawAliases(entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

impl Serialize for RawAliases {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (phrase, forms) in &self.0 {
            map.serialize_entry(phrase.get_ref(), forms.get_ref())?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for AliasForms {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = AliasForms;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E>(self, v: &str) -> Result<AliasForms, E> {
                Ok(AliasForms::One(v.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<AliasForms, A::Error> {
                let mut forms = Vec::new();
                while let Some(form) = seq.next_element()? {
                    forms.push(form);
                }
                Ok(AliasForms::Many(forms))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl Serialize for AliasForms {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AliasForms::One(form) => serializer.serialize_str(form),
            AliasForms::Many(forms) => serializer.collect_seq(forms.iter().map(Spanned::get_ref)),
        }
    }
}

/// A string, or a TOML number or boolean read as its text (`answer = 1955`, `answer = true`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl Serialize for Scalar {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

fn opt_text(value: Option<&String>) -> Option<Spanned<String>> {
    value.map(|v| spanned(v.clone()))
}

fn text_list(values: &[String]) -> Option<Vec<Spanned<String>>> {
    (!values.is_empty()).then(|| values.iter().map(|v| spanned(v.clone())).collect())
}

fn scalar_list(values: &[String]) -> Vec<Spanned<Scalar>> {
    values.iter().map(|v| spanned(Scalar(v.clone()))).collect()
}

impl RawFile {
    /// The file a validated deck would be written as; loading it gives the same deck.
    pub fn from_deck(deck: &Deck) -> RawFile {
        RawFile {
            deck: RawDeck {
                id: Some(spanned(deck.id.to_string())),
                title: Some(spanned(deck.title.clone())),
                description: opt_text(deck.description.as_ref()),
                source: opt_text(deck.source.as_ref()),
                tags: text_list(&deck.tags),
                flip: deck.flip.then_some(true),
                schedule: RawSchedule::from_schedule(&deck.schedule),
                aliases: (!deck.aliases.is_empty()).then(|| {
                    RawAliases(
                        deck.aliases
                            .iter()
                            .map(|alias| {
                                let forms = alias.forms.iter().map(|f| spanned(f.clone()));
                                (
                                    spanned(alias.phrase.clone()),
                                    spanned(AliasForms::Many(forms.collect())),
                                )
                            })
                            .collect(),
                    )
                }),
            },
            cards: deck
                .notes
                .iter()
                .map(|note| spanned(RawCard::from_note(note)))
                .collect(),
        }
    }
}

impl RawSchedule {
    fn from_schedule(schedule: &Schedule) -> Option<RawSchedule> {
        if *schedule == Schedule::default() {
            return None;
        }
        let steps = |steps: &[std::time::Duration]| {
            Some(spanned(
                steps.iter().map(|s| spanned(format_duration(*s))).collect(),
            ))
        };
        Some(RawSchedule {
            retention: Some(spanned(f64::from(schedule.retention))),
            learning_steps: steps(&schedule.learning_steps),
            relearning_steps: steps(&schedule.relearning_steps),
            new_per_day: Some(spanned(i64::from(schedule.new_per_day))),
            reviews_per_day: Some(spanned(i64::from(schedule.reviews_per_day))),
            max_interval: Some(spanned(format_duration(schedule.max_interval))),
            fuzz: Some(schedule.fuzz),
            leech_lapses: Some(spanned(i64::from(schedule.leech_lapses))),
            leech_action: Some(spanned(schedule.leech_action.as_str().to_owned())),
        })
    }
}

fn moved<T>(value: Spanned<T>, by: usize) -> Spanned<T> {
    let span = value.span();
    Spanned::new(span.start + by..span.end + by, value.into_inner())
}

fn moved_all<T>(values: Vec<Spanned<T>>, by: usize) -> Vec<Spanned<T>> {
    values.into_iter().map(|value| moved(value, by)).collect()
}

impl RawCard {
    /// The card with every position moved `by` bytes on: a card parsed on its own, placed where
    /// it stands in its file.
    pub fn shifted(self, by: usize) -> RawCard {
        // Taken apart field by field, so that a new field cannot be left unmoved.
        let RawCard {
            id,
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
            related,
            person,
            known_as,
        } = self;
        let one = |value: Option<Spanned<String>>| value.map(|v| moved(v, by));
        RawCard {
            id: one(id),
            kind: one(kind),
            question: one(question),
            answer: answer.map(|v| moved(v, by)),
            accept: accept.map(|v| moved_all(v, by)),
            choices: choices.map(|v| {
                let span = v.span();
                moved(Spanned::new(span, moved_all(v.into_inner(), by)), by)
            }),
            tolerance: tolerance.map(|v| moved(v, by)),
            text: one(text),
            hint: one(hint),
            explain: one(explain),
            source: one(source),
            tags: tags.map(|v| moved_all(v, by)),
            related: related.map(|v| moved_all(v, by)),
            person: person.map(|v| moved(v, by)),
            known_as: known_as.map(|v| moved_all(v, by)),
        }
    }

    fn from_note(note: &Note) -> RawCard {
        let is_cloze = note.kind.spec().cloze_text;
        RawCard {
            id: note.explicit_id.then(|| spanned(note.id.to_string())),
            kind: (note.kind != Kind::default()).then(|| spanned(note.kind.to_string())),
            question: (!note.question.is_empty()).then(|| spanned(note.question.clone())),
            answer: (!is_cloze).then(|| spanned(Scalar(note.answer.clone()))),
            accept: (!note.accept.is_empty()).then(|| scalar_list(&note.accept)),
            choices: (!note.choices.is_empty()).then(|| spanned(scalar_list(&note.choices))),
            tolerance: note.tolerance.map(spanned),
            text: note.cloze.as_ref().map(|c| spanned(c.text().to_owned())),
            hint: opt_text(note.hint.as_ref()),
            explain: opt_text(note.explain.as_ref()),
            source: opt_text(note.source.as_ref()),
            tags: text_list(&note.tags),
            // `related = []` means something (no detection), so an empty list is written too.
            related: note
                .related
                .as_ref()
                .map(|ids| ids.iter().map(|id| spanned(id.to_string())).collect()),
            person: note.person.map(spanned),
            known_as: text_list(&note.known_as),
        }
    }
}
