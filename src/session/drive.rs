//! The one loop that runs a session: carry out the engine's effects through the [`Host`], let
//! the [`FrontEnd`] show the step and turn what the learner does into an [`Action`], apply it,
//! and again, until the session is over. The plain line mode and the interactive screen are
//! front ends; a network front end would be another.

use anyhow::Result;

use super::{Action, AnswerBook, Effect, Item, Notice, Session, Step, Summary, View};
use crate::deck::{CardId, DeckId};
use crate::scheduler::Outcome;
use crate::time::Timestamp;

/// What a session needs from the program running it: lookups for grading, a place to carry
/// out effects (save answers) and a clock.
pub trait Host {
    fn book(&self) -> &dyn AnswerBook;
    /// Carries out `effects`, in order; each recorded answer is committed before this returns.
    /// Returns the cards whose saved schedule differs from the engine's because another
    /// process answered them meanwhile (the answer was then scheduled from the saved state).
    fn perform(&mut self, effects: &[Effect]) -> Result<Vec<Rescheduled>>;
    fn now(&self) -> Timestamp;
    /// What the host has to say about the effects it just carried out (a card became a
    /// leech), for the front end to show with the step.
    fn take_notice(&mut self) -> Option<Notice> {
        None
    }
    /// The next `count` items of a session started with items still to come
    /// ([`Session::starting`]), in queue order, with how many are still to come after them.
    /// A host that started its session with every item has none.
    fn supply(&mut self, _count: usize) -> Result<(Vec<Item>, usize)> {
        Ok((Vec::new(), 0))
    }
}

/// An answer the host had to schedule again from the card's saved state, found changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Rescheduled {
    pub deck: DeckId,
    pub card: CardId,
    /// What the answer did to the saved state.
    pub outcome: Outcome,
}

/// A way of showing a session to the learner.
pub trait FrontEnd {
    /// Shows `step` (its notice, its view) and returns what the learner did, or `None` to show
    /// the same step again (after help, say). `now` is the host's clock, for countdowns. For
    /// the finished view the front end shows what the step says and returns `None`: the
    /// summary goes back to the caller, who shows it with what it knows (what is due next).
    fn show(&mut self, step: &Step, now: Timestamp) -> Result<Option<Action>>;
}

/// Runs `session` from its `first` step to the end and returns the summary.
pub fn drive(
    session: &mut Session,
    first: Step,
    host: &mut dyn Host,
    front: &mut dyn FrontEnd,
) -> Result<Summary> {
    let mut step = first;
    loop {
        // Effects are carried out once: showing the same step again (after help, say) must not
        // save an answer again or undo one more.
        let rescheduled = host.perform(&std::mem::take(&mut step.effects))?;
        if !rescheduled.is_empty() {
            for changed in &rescheduled {
                session.rescheduled(changed);
            }
            step.view = session.view();
        }
        if let Some(notice) = host.take_notice() {
            if let Notice::Leech {
                deck,
                card,
                suspended: true,
                ..
            } = &notice
            {
                session.set_aside(deck, card);
                step.view = session.view();
            }
            step.notice = Some(notice);
        }
        let action = front.show(&step, host.now())?;
        if let View::Finished(summary) = &step.view {
            return Ok(summary.clone());
        }
        let Some(action) = action else {
            continue;
        };
        // Items still to come are read a few at a time as the session nears them, so the first
        // question need not wait for all of them.
        let wanted = session.wanted();
        if wanted > 0 {
            let (items, still_to_come) = host.supply(wanted)?;
            session.supply(items, still_to_come);
        }
        step = session.apply(action, host.now(), host.book());
    }
}
