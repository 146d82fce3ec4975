//! What grading knows of a whole deck: every card's accepted forms (to refuse a reply that is
//! another card's answer, however it is spelt), the deck's aliases, and the people its answers
//! and options name (to tell whether "Bhutto" could mean two of them). Built once per deck, then
//! passed to [`grade`](super::grade) as its [`OtherAnswers`].

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::aliases::Aliases;
use super::names::{self, Name};
use super::people::Person;
use super::text::forms;
use super::{OtherAnswers, comparable};
use crate::deck::{Alias, Asked, Card, Deck};

/// One distinct answer of the deck (as `comparable` writes it) and the person it names, if any.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Answer {
    text: String,
    person: Option<usize>,
}

/// Everything grading needs to know about the deck a card belongs to.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DeckContext {
    answers: Vec<Answer>,
    answer_index: HashMap<String, usize>,
    /// Each accepted form of every card (normalized, aliased forms included): whose it is.
    forms: HashMap<String, Vec<usize>>,
    /// The same by spelling key.
    keys: HashMap<String, Vec<usize>>,
    aliases: Aliases,
    people: Vec<Person>,
    /// People by the spelling key of each part of their name.
    by_word: HashMap<String, Vec<usize>>,
    /// Normalized answers that name a person.
    person_answers: HashSet<String>,
    /// Every form the deck accepts for one answer (or one person), by `group`.
    group_forms: HashMap<String, Vec<String>>,
}

impl DeckContext {
    /// The context of a validated deck.
    pub fn new(deck: &Deck) -> DeckContext {
        let cards: Vec<Card> = deck.cards().collect();
        DeckContext::from_cards(&cards, &deck.aliases)
    }

    /// The context of a deck given as its cards and aliases.
    pub fn from_cards(cards: &[Card], aliases: &[Alias]) -> DeckContext {
        let mut cx = DeckContext {
            aliases: Aliases::new(aliases),
            ..DeckContext::default()
        };
        let answers: Vec<String> = cards.iter().map(|card| comparable(&card.answer)).collect();
        let indices: Vec<usize> = answers.iter().map(|a| cx.answer(a)).collect();
        // People: cards that name one by themselves, then cards whose answer is one of those.
        let named: Vec<bool> = cards.iter().map(names::is_person).collect();
        for ((card, answer), named) in cards.iter().zip(&answers).zip(&named) {
            if *named && card.person != Some(false) {
                cx.person_answers.insert(answer.clone());
            }
        }
        for (i, card) in cards.iter().enumerate() {
            let is_person = named[i]
                || (card.person.is_none()
                    && card.kind.spec().person
                    && cx.person_answers.contains(&answers[i]));
            if !is_person {
                continue;
            }
            if let Some(person) = Person::of_card(card) {
                let index = cx.add_person(person);
                cx.answers[indices[i]].person.get_or_insert(index);
            }
            if card.kind.spec().choices {
                for option in &card.choices {
                    if names::looks_like_name(option)
                        && let Some(person) = Person::of_text(option)
                    {
                        cx.add_person(person);
                    }
                }
            }
        }
        // What the deck accepts for each answer, on any of its cards; then every form and its
        // spelling key, with whose answer it is.
        let mut seen: HashMap<String, HashSet<String>> = HashMap::new();
        for (i, card) in cards.iter().enumerate() {
            if card.kind.spec().asked == Asked::TrueFalse {
                continue;
            }
            let group = cx.group_of(indices[i]);
            let known = seen.entry(group.clone()).or_default();
            let list = cx.group_forms.entry(group).or_default();
            for form in std::iter::once(&card.answer).chain(&card.accept) {
                if known.insert(comparable(form)) {
                    list.push(form.clone());
                }
            }
            for form in forms(card, &[], Some(&cx.aliases)) {
                if form.canon.norm.is_empty() {
                    continue;
                }
                push_unique(cx.forms.entry(form.canon.norm).or_default(), indices[i]);
                if !form.canon.key.is_empty() {
                    push_unique(cx.keys.entry(form.canon.key).or_default(), indices[i]);
                }
            }
        }
        cx
    }

    /// The index of a distinct (normalized) answer, added if new.
    fn answer(&mut self, text: &str) -> usize {
        if let Some(&index) = self.answer_index.get(text) {
            return index;
        }
        self.answers.push(Answer {
            text: text.to_owned(),
            person: None,
        });
        self.answer_index
            .insert(text.to_owned(), self.answers.len() - 1);
        self.answers.len() - 1
    }

    /// Adds a person, or merges them into the same person written another way.
    fn add_person(&mut self, person: Person) -> usize {
        let candidates = self
            .by_word
            .get(person.name.surname_key())
            .cloned()
            .unwrap_or_default();
        let index = candidates
            .iter()
            .copied()
            .find(|&i| self.people[i].same_as(&person));
        let index = if let Some(same) = index {
            let known = &mut self.people[same];
            for name in person.known_as {
                if !known.known_as.contains(&name) {
                    known.known_as.push(name);
                }
            }
            let mut keys: Vec<String> = known.variants.iter().map(names::Name::key).collect();
            keys.push(known.name.key());
            for name in std::iter::once(person.name).chain(person.variants) {
                if !keys.contains(&name.key()) {
                    keys.push(name.key());
                    known.variants.push(name);
                }
            }
            same
        } else {
            self.people.push(person);
            self.people.len() - 1
        };
        let person = &self.people[index];
        let keys: Vec<String> = std::iter::once(&person.name)
            .chain(&person.variants)
            .flat_map(names::Name::word_keys)
            .collect();
        for key in keys {
            push_unique(self.by_word.entry(key).or_default(), index);
        }
        index
    }

    /// Whether `card`'s answer is a person's name: the card says so, looks like one by itself,
    /// or its answer is a person elsewhere in the deck.
    pub(super) fn is_person(&self, card: &Card) -> bool {
        match card.person {
            Some(person) => person,
            None => {
                names::is_person(card)
                    || (card.kind.spec().person
                        && self.person_answers.contains(&comparable(&card.answer)))
            }
        }
    }

    pub(super) fn aliases(&self) -> &Aliases {
        &self.aliases
    }

    /// The key under which the forms of an answer are kept: its person when it names one (so
    /// that every card about Kosygin shares "Kosygin"), else the answer itself.
    fn group_of(&self, answer: usize) -> String {
        match self.answers[answer].person {
            Some(person) => format!("person {person}"),
            None => format!("answer {answer}"),
        }
    }

    /// Every form the deck accepts, on any card, for `card`'s answer: another card with the same
    /// answer (or about the same person) may list an accepted form this one does not.
    pub(super) fn forms_for(&self, card: &Card) -> &[String] {
        self.answer_index
            .get(&comparable(&card.answer))
            .and_then(|&answer| self.group_forms.get(&self.group_of(answer)))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether `owners` (answers a form belongs to) include one that is neither `card`'s answer
    /// nor the same person.
    fn foreign(&self, owners: Option<&Vec<usize>>, card: &Card) -> bool {
        let Some(owners) = owners else {
            return false;
        };
        let own = self.answer_index.get(&comparable(&card.answer)).copied();
        let own_person = own.and_then(|i| self.answers[i].person);
        owners.iter().any(|&owner| {
            Some(owner) != own
                && (own_person.is_none() || self.answers[owner].person != own_person)
                && !self.answers[owner].text.is_empty()
        })
    }

    /// Whether `normalized` is an accepted form of another card of the deck (not one with the
    /// same answer, not one naming the same person).
    pub(super) fn is_foreign_form(&self, normalized: &str, card: &Card) -> bool {
        self.foreign(self.forms.get(normalized), card)
    }

    /// Whether a spelling key is that of another card's accepted form.
    pub(super) fn is_foreign_key(&self, key: &str, card: &Card) -> bool {
        self.foreign(self.keys.get(key), card)
    }

    /// The people a reply to `this` person's card could also mean: those sharing a word with
    /// the reply or with `this`, who are not `this` written another way.
    pub(super) fn rivals(&self, this: &Person, reply: &str) -> Vec<&Person> {
        let mut keys = this.name.word_keys();
        if let Some(name) = Name::parse(reply) {
            keys.extend(name.word_keys());
        }
        let mut seen = HashSet::new();
        keys.iter()
            .filter_map(|key| self.by_word.get(key))
            .flatten()
            .filter(|&&index| seen.insert(index))
            .map(|&index| &self.people[index])
            .filter(|person| !person.same_as(this))
            .collect()
    }
}

fn push_unique(list: &mut Vec<usize>, value: usize) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// A deck's context answers the old question too: is this (normalized) text an accepted form of
/// any card of the deck?
impl OtherAnswers for DeckContext {
    fn contains(&self, normalized: &str) -> bool {
        self.forms.contains_key(normalized)
    }

    fn deck(&self) -> Option<&DeckContext> {
        Some(self)
    }
}
