//! One card's report for `recall card`: its scheduling state (with retrievability now), whether
//! the deck changed its answer since it was last reviewed, and its review history.

use anyhow::Result;
use serde::Serialize;

use super::Scope;
use crate::scheduler::{Scheduler, State};
use crate::store::{DeckRecord, HistoryEntry, Reviews, StoredCard};
use crate::time::Timestamp;

/// What `recall card` shows (and prints as JSON).
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
    pub history: Vec<HistoryEntry>,
}

/// The report on `card` of `deck` for the scope's profile, at the scope's time.
pub fn report<S: Reviews>(
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
        retrievability: Scheduler::new().retrievability(&state, scope.now),
        due: state.due,
        reps: state.reps,
        lapses: state.lapses,
        history,
    })
}
