//! One card's report for `recall card`: its scheduling state (with retrievability now), whether
//! the deck changed its answer since it was last reviewed, and its review history.

use anyhow::Result;
use serde::Serialize;

use super::Scope;
use super::memory::ParametersInfo;
use crate::scheduler::{Scheduler, State};
use crate::store::{DeckRecord, Fitting, HistoryEntry, Leeches, Reviews, StoredCard};
use crate::time::Timestamp;

/// What `recall card` shows (and prints as JSON).
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardReport {
    pub deck: String,
    pub card: String,
    pub question: String,
    pub answer: String,
    /// False when the card has been removed from its deck (its history is kept).
    pub present: bool,
    /// The deck changed the answer after the card was last reviewed.
    pub answer_changed: bool,
    pub state: State,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    pub retrievability: Option<f32>,
    pub due: Option<Timestamp>,
    pub reps: u32,
    pub lapses: u32,
    /// The memory model's parameters: those that scheduled the card's last answer, and those
    /// that schedule its next.
    pub parameters: CardParameters,
    /// Marked a leech, and whether it is suspended (out of study).
    pub leech: bool,
    pub suspended: bool,
    pub history: Vec<HistoryEntry>,
}

/// Which FSRS parameters a card is scheduled with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardParameters {
    /// At its last answer; `None` for a card never answered.
    pub last_review: Option<ParametersInfo>,
    /// From now on.
    pub next: ParametersInfo,
}

/// The report on `card` of `deck` for the scope's profile, at the scope's time.
pub fn report<S: Reviews + Fitting + Leeches>(
    store: &S,
    scope: &Scope,
    deck: &DeckRecord,
    card: &StoredCard,
) -> Result<CardReport> {
    let id = &card.card.id;
    let state = store
        .card_state(&scope.profile, &deck.id, id)?
        .unwrap_or_default();
    let history = store.history(&scope.profile, &deck.id, id)?;
    let (parameters, next) = super::memory::parameters_for(store, scope, &deck.id)?;
    let last_review = state
        .last_review
        .map(|at| super::memory::parameters_at(store, &scope.profile, &deck.id, at))
        .transpose()?;
    let flag = store.flag(&scope.profile, &deck.id, id)?;
    let answer_changed = match (card.answer_changed_at, state.last_review) {
        (Some(changed), Some(reviewed)) => changed > reviewed,
        _ => false,
    };
    Ok(CardReport {
        deck: deck.id.to_string(),
        card: id.to_string(),
        question: card.card.question.clone(),
        answer: card.card.answer.clone(),
        present: card.present,
        answer_changed,
        state: state.state,
        stability: state.memory.map(|m| m.stability),
        difficulty: state.memory.map(|m| m.difficulty),
        retrievability: Scheduler::new().retrievability_with(&state, scope.now, &parameters),
        due: state.due,
        reps: state.reps,
        lapses: state.lapses,
        parameters: CardParameters { last_review, next },
        leech: flag.is_some_and(|f| f.leech_at.is_some()),
        suspended: flag.is_some_and(|f| f.suspended_at.is_some()),
        history,
    })
}
