//! Deciding a reply that names a person: right when it can only be the card's person, close when
//! it could also be someone else the deck (or the card's options) knows ("Bhutto" when the deck
//! has two), wrong when it names someone else. A short form is only right when the grader knows
//! everyone it could mean: a choice card's options, or the whole deck.

use serde::{Deserialize, Serialize};

use super::Rule;
use super::names::{self, Name, Reach, Reading};
use crate::deck::Card;

/// A person the deck knows: their name, the other ways the deck writes it, and the names they
/// are declared to be known by.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Person {
    pub name: Name,
    /// Accepted forms that are names of two parts or more ("Huseyn Shaheed Suhrawardy").
    pub variants: Vec<Name>,
    /// Spelling keys of `known_as` names, titles removed.
    pub known_as: Vec<String>,
    /// Whether the card presents the person as a woman: its answer, an accepted form or a
    /// `known_as` name carries a woman's title ("Begum", "Mrs", "Mohtarma", "Lady", …). Only
    /// then is a woman's title in a reply set aside. (The question is no guide: its "her" may be
    /// someone else, or a country.)
    #[serde(default)]
    pub female: bool,
}

impl Person {
    /// The person a card's answer names: the answer itself when it has a given name and a
    /// surname, else the accepted form with the most name parts (the answer on a tie); the other
    /// accepted forms that are full names as variants; the card's `known_as`.
    pub fn of_card(card: &Card) -> Option<Person> {
        let mut best = Name::parse(&card.answer);
        let mut variants = Vec::new();
        for form in &card.accept {
            if !names::looks_like_name(form) {
                continue;
            }
            let Some(name) = Name::parse(form) else {
                continue;
            };
            if best
                .as_ref()
                .is_none_or(|b| b.len() < 2 && name.len() > b.len())
            {
                variants.extend(best.replace(name));
            } else if name.len() >= 2 {
                variants.push(name);
            }
        }
        let known_as = card
            .known_as
            .iter()
            .filter_map(|raw| names::short_key(raw))
            .collect();
        let female = std::iter::once(&card.answer)
            .chain(&card.accept)
            .chain(&card.known_as)
            .filter_map(|form| Name::parse(form))
            .any(|name| name.female);
        Some(Person {
            name: best?,
            variants: variants.into_iter().filter(|v| v.len() >= 2).collect(),
            known_as,
            female,
        })
    }

    /// The best reading of `typed` as this person, by any of the ways the deck writes the name.
    fn read(&self, typed: &Name) -> Option<Reading> {
        self.names()
            .filter_map(|name| names::read(typed, name, &names::may_be_extra))
            .min_by_key(|reading| (reading.typos, reading.reach, reading.middle))
    }

    /// The ways the deck writes the name. A form with initials only ("H. S. Suhrawardy") is left
    /// out when the deck also writes the given names in full: "S." would otherwise fit any name
    /// starting with S ("Shahab-ud-Din Suhrawardy"), while the initials of a reply are still read
    /// against the full names.
    fn names(&self) -> impl Iterator<Item = &Name> {
        let full = std::iter::once(&self.name)
            .chain(&self.variants)
            .any(|name| !names::has_initials(name));
        std::iter::once(&self.name)
            .chain(&self.variants)
            .filter(move |name| !full || !names::has_initials(name))
    }

    /// Whether `typed` names this person with given names and surname, as a title before the
    /// whole name addresses someone by their own name.
    fn by_own_name(&self, typed: &Name) -> bool {
        typed.len() >= 2
            && self
                .read(typed)
                .is_some_and(|reading| reading.reach == Reach::Full && !reading.loose)
    }

    /// Whether `typed` has this person's surname with given names that are none of theirs.
    fn other_bearer(&self, typed: &Name) -> bool {
        self.names().any(|name| names::other_bearer(typed, name))
            && self
                .names()
                .all(|name| names::read(typed, name, &names::may_be_extra).is_none())
    }

    /// A person named by a text alone (a choice card's option).
    pub fn of_text(raw: &str) -> Option<Person> {
        let name = Name::parse(raw)?;
        Some(Person {
            female: name.female,
            name,
            variants: Vec::new(),
            known_as: Vec::new(),
        })
    }

    pub fn same_as(&self, other: &Person) -> bool {
        names::same_person(&self.name, &other.name)
    }
}

/// Who else a reply could name.
#[derive(Debug)]
pub(super) struct Rivals<'a> {
    pub people: Vec<&'a Person>,
    /// Whether `people` is everyone the reply could mean (the whole deck is known), so that a
    /// short form naming none of them is safe.
    pub complete: bool,
    /// Whether the card is a choice card: then a given name alone that fits no one else is
    /// right even when the surname is the person's own.
    pub options: bool,
}

/// What the names rule decided.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Decision {
    Right(Vec<Rule>),
    Typo(Vec<Rule>),
    Close(Vec<Rule>, String),
    /// The reply names someone else.
    Wrong,
    /// The reply is not read as a name of anyone known: other rules decide.
    Unknown,
}

/// Decides `reply` to a card whose answer is `this` person.
pub(super) fn decide(reply: &str, this: &Person, rivals: &Rivals<'_>) -> Decision {
    let Some(typed) = Name::parse(reply) else {
        return Decision::Unknown;
    };
    // A woman's title before a man's name is his wife, mother or daughter: someone else. A
    // title a woman bears with her own name (not one that may take a husband's) before the
    // person's given names and surname is her addressed by hers: "Mohtarma Benazir Bhutto" for a
    // card that writes no title, where "Mrs Nawaz Sharif" and "Mohtarma Bhutto" are others.
    if typed.female && !this.female && (typed.wife_title || !this.by_own_name(&typed)) {
        return Decision::Wrong;
    }
    let title = |mut rules: Vec<Rule>| {
        if typed.titled || this.name.titled {
            rules.push(Rule::Title);
        }
        rules
    };
    let typed_key = typed.key();
    if this.known_as.contains(&typed_key) {
        let shared = rivals
            .people
            .iter()
            .any(|p| p.known_as.contains(&typed_key));
        return if shared {
            Decision::Close(
                title(vec![Rule::KnownAs, Rule::AmbiguousName]),
                format!("Which {}?", reply.trim()),
            )
        } else {
            Decision::Right(title(vec![Rule::KnownAs]))
        };
    }
    let mine = this.read(&typed);
    // "Muhammad Khan" says no more than "Khan" of whom else it could be.
    let short = typed.without_muhammad();
    let theirs: Vec<Reading> = rivals
        .people
        .iter()
        .filter_map(|p| {
            if p.known_as.contains(&typed_key) {
                return Some(Reading::full());
            }
            p.read(&typed)
                .or_else(|| short.as_ref().and_then(|s| p.read(s)))
        })
        .collect();
    let Some(mine) = mine else {
        return if theirs
            .iter()
            .any(|r| r.reach == Reach::Full && r.typos == 0)
            || this.other_bearer(&typed)
        {
            Decision::Wrong
        } else {
            Decision::Unknown
        };
    };
    // The reply is someone else's name as the deck writes it, and this person's only with names
    // added or left out ("Benazir Bhutto" when this card's answer is just "Bhutto").
    if !mine.exact() && theirs.iter().any(Reading::exact) {
        return Decision::Wrong;
    }
    if mine.middle {
        let own: Vec<&Name> = this.names().collect();
        let others: Vec<&Name> = rivals.people.iter().map(|p| &p.name).collect();
        if names::borrows_given_name(&typed, &own, &others) {
            return Decision::Wrong;
        }
    }
    // A rival reading is as good as this one with no more typos and, when this one takes the
    // names as they are, without names added or left out either.
    let as_good: Vec<&Reading> = theirs
        .iter()
        .filter(|r| {
            r.typos <= mine.typos && (mine.reach != Reach::Full || !r.middle || mine.middle)
        })
        .collect();
    let rules = title(mine.rules());
    let prompt = prompt(&this.name, mine.reach, !as_good.is_empty());
    let close = |mut rules: Vec<Rule>, prompt: String| {
        rules.push(Rule::AmbiguousName);
        Decision::Close(rules, prompt)
    };
    if mine.loose {
        return close(rules, prompt);
    }
    if mine.reach == Reach::Full {
        if as_good.iter().any(|r| r.reach == Reach::Full) {
            return close(rules, prompt);
        }
    } else {
        if !as_good.is_empty() || !rivals.complete {
            return close(rules, prompt);
        }
        // A given name alone is how someone is known when the deck's people share the surname
        // (Ayub Khan and Yahya Khan go by "Ayub" and "Yahya"); otherwise ask for the rest.
        if mine.reach == Reach::Given && !rivals.options && !surname_shared(this, rivals) {
            return close(rules, prompt);
        }
    }
    if mine.typos > 0 {
        let mut rules = rules;
        rules.push(Rule::Typo);
        Decision::Typo(rules)
    } else {
        Decision::Right(rules)
    }
}

fn surname_shared(this: &Person, rivals: &Rivals<'_>) -> bool {
    let key = this.name.surname_key();
    rivals.people.iter().any(|p| p.name.surname_key() == key)
}

/// The question asked back for a close reply: "Which Bhutto?", "Which Zia?", "Nawaz who?".
fn prompt(name: &Name, reach: Reach, ambiguous: bool) -> String {
    match reach {
        Reach::Full | Reach::Surname => format!("Which {}?", name.surname_text()),
        Reach::Head => {
            let head = name
                .surname_text()
                .split(['-', ' '])
                .next()
                .unwrap_or_default();
            format!("Which {head}?")
        }
        Reach::Given if ambiguous => format!("Which {}?", name.first_text()),
        Reach::Given => format!("{} who?", name.first_text()),
    }
}
