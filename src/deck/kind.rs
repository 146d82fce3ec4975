//! Card kinds, in one place: for each kind, which keys a card of it takes, how the learner
//! answers it and what the reply must be. The validator, the study screens, the printed paper
//! and the authoring wizard all read [`Kind::spec`] instead of testing for particular kinds, so
//! adding a kind is: add the variant, then follow the compiler (`docs/adding-a-card-kind.md`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Declares the kinds once: the enum, its names in deck files, and [`Kind::ALL`].
macro_rules! kinds {
    ($($(#[$attr:meta])* $variant:ident = $name:literal,)+) => {
        /// How a card is asked and graded.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum Kind {
            $($(#[$attr])* $variant,)+
        }

        impl Kind {
            /// Every kind, in the order they are listed to authors.
            pub const ALL: [Kind; [$($name),+].len()] = [$(Kind::$variant),+];

            /// The kind's name in a deck file.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)+
                }
            }
        }
    };
}

kinds! {
    #[default]
    Text = "text",
    Number = "number",
    Year = "year",
    Choice = "choice",
    TrueFalse = "truefalse",
    Cloze = "cloze",
}

/// Whether a card of a kind must, may or must not have a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    Optional,
    Absent,
}

/// How the learner gives an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// A typed reply.
    Typed,
    /// One of the card's `choices`, picked by its key.
    Choice,
    /// True or false (y or n).
    TrueFalse,
}

/// What differs between kinds, besides grading (`grading::grade` matches on the kind itself).
// Each flag says whether one deck key applies: independent facts, not a state machine.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// `question`: the prompt; for cloze an optional instruction shown above the sentence.
    pub question: Need,
    /// `answer`: absent for cloze, whose answers are its gaps.
    pub answer: Need,
    /// `accept`: other accepted answers. Not for true/false (y/n, yes/no and t/f are accepted
    /// already) nor cloze (alternatives go inside the gap).
    pub accept: bool,
    /// `choices`: the options of a choice card, required there and nowhere else.
    pub choices: bool,
    /// `tolerance`: replies within answer ± tolerance are right (number cards).
    pub tolerance: bool,
    /// `text`: the sentence with `{{gaps}}`, required for cloze and nowhere else.
    pub cloze_text: bool,
    /// `person` and `known_as`: the answer may be a person's name (on a cloze card, each gap).
    pub person: bool,
    pub asked: Asked,
    /// What the reply must be, said beside the question ("a year"); `None` for free text.
    pub expects: Option<&'static str>,
}

impl Kind {
    /// The names of every kind, as written in a deck file.
    pub fn names() -> [&'static str; Kind::ALL.len()] {
        Kind::ALL.map(Kind::as_str)
    }

    /// The kind's description.
    pub const fn spec(self) -> Spec {
        const TYPED: Spec = Spec {
            question: Need::Required,
            answer: Need::Required,
            accept: true,
            choices: false,
            tolerance: false,
            cloze_text: false,
            person: true,
            asked: Asked::Typed,
            expects: None,
        };
        match self {
            Kind::Text => TYPED,
            Kind::Number => Spec {
                tolerance: true,
                person: false,
                expects: Some("a number"),
                ..TYPED
            },
            Kind::Year => Spec {
                person: false,
                expects: Some("a year"),
                ..TYPED
            },
            Kind::Choice => Spec {
                choices: true,
                asked: Asked::Choice,
                ..TYPED
            },
            Kind::TrueFalse => Spec {
                accept: false,
                person: false,
                asked: Asked::TrueFalse,
                expects: Some("true or false"),
                ..TYPED
            },
            Kind::Cloze => Spec {
                question: Need::Optional,
                answer: Need::Absent,
                accept: false,
                cloze_text: true,
                ..TYPED
            },
        }
    }

    /// Reads a kind given on the command line (surrounding spaces ignored), with an error that
    /// lists the kinds.
    pub fn parse_arg(text: &str) -> Result<Kind, String> {
        text.trim().parse().map_err(|()| {
            let names = Kind::names();
            let (last, rest) = names.split_last().unwrap_or((&"", &[]));
            format!(
                "`{text}` is not a card kind; use {} or {last}",
                rest.join(", ")
            )
        })
    }
}

impl FromStr for Kind {
    type Err = ();
    fn from_str(text: &str) -> Result<Self, ()> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or(())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for kind in Kind::ALL {
            // Deck files, the database and results files use the serde name.
            let serde = serde_json::to_value(kind).expect("serializable");
            assert_eq!(serde, kind.as_str(), "{kind:?}");
        }
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
            assert_eq!(Kind::parse_arg(&format!(" {kind} ")), Ok(kind));
        }
        assert_eq!(
            Kind::parse_arg("essay"),
            Err(
                "`essay` is not a card kind; use text, number, year, choice, truefalse or cloze"
                    .to_owned()
            )
        );
    }

    #[test]
    fn each_kind_says_which_keys_it_takes() {
        use Need::{Absent, Optional, Required};
        // question, answer, accept, choices, tolerance, text
        let cases = [
            (Kind::Text, (Required, Required, true, false, false, false)),
            (Kind::Number, (Required, Required, true, false, true, false)),
            (Kind::Year, (Required, Required, true, false, false, false)),
            (Kind::Choice, (Required, Required, true, true, false, false)),
            (
                Kind::TrueFalse,
                (Required, Required, false, false, false, false),
            ),
            (Kind::Cloze, (Optional, Absent, false, false, false, true)),
        ];
        for (kind, keys) in cases {
            let s = kind.spec();
            let found = (
                s.question,
                s.answer,
                s.accept,
                s.choices,
                s.tolerance,
                s.cloze_text,
            );
            assert_eq!(found, keys, "{kind}");
        }
    }

    #[test]
    fn each_kind_says_whether_its_answer_may_be_a_person() {
        let cases = [
            (Kind::Text, true),
            (Kind::Number, false),
            (Kind::Year, false),
            (Kind::Choice, true),
            (Kind::TrueFalse, false),
            (Kind::Cloze, true),
        ];
        for (kind, person) in cases {
            assert_eq!(kind.spec().person, person, "{kind}");
        }
    }

    #[test]
    fn each_kind_says_how_it_is_answered() {
        let cases = [
            (Kind::Text, Asked::Typed, None),
            (Kind::Number, Asked::Typed, Some("a number")),
            (Kind::Year, Asked::Typed, Some("a year")),
            (Kind::Choice, Asked::Choice, None),
            (Kind::TrueFalse, Asked::TrueFalse, Some("true or false")),
            (Kind::Cloze, Asked::Typed, None),
        ];
        for (kind, asked, expects) in cases {
            assert_eq!(
                (kind.spec().asked, kind.spec().expects),
                (asked, expects),
                "{kind}"
            );
        }
    }
}
