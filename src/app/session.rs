//! Hosting a session on storage: [`StoreHost`] is the `session::Host` that saves each answer as
//! the engine asks (one transaction per answer, a drill answer with its attempt), undoes answers,
//! gives grading each deck's whole-deck context (read or built at the deck's first answer, see
//! [`super::context`]) and reads the clock. Any front end (the terminal, the plain line mode, a
//! network client) drives a session with it.

use std::collections::HashMap;

use anyhow::Result;

use super::context::Contexts;
use super::leech::{self, NewLeech};
use super::queue::Lineup;
use super::record::{self, mark};
use crate::deck::{CardId, DeckId, Schedule};
use crate::grading::DeckContext;
use crate::scheduler::{Policy, Purpose};
use crate::session::{
    AnswerBook, Config, Effect, Host, Item, Notice, Rescheduled, Session, SessionDeck, Step,
};
use crate::store::{
    AttemptId, DeckRecord, DrillAnswerRow, Mark, ReviewId, ReviewRecord, SessionId, Storage,
};
use crate::time::{Clock, Timestamp};

/// The decks as a session sees them, each with its policy (see [`super::memory::policies`]).
pub fn session_decks(decks: &[DeckRecord], policies: &[Policy]) -> Vec<SessionDeck> {
    decks
        .iter()
        .zip(policies)
        .map(|(deck, policy)| SessionDeck {
            id: deck.id.clone(),
            title: deck.title.clone(),
            policy: policy.clone(),
            flip: deck.flip,
        })
        .collect()
}

/// Saves what a session asks to save, one transaction per answer.
pub struct StoreHost<'a, S: Storage> {
    store: &'a mut S,
    profile: String,
    purpose: Purpose,
    /// The session's row, written with its first answer (a session left without an answer
    /// writes nothing, and the first question waits for no write).
    session: Option<SessionId>,
    started: Timestamp,
    /// Answers saved in this session, for undo.
    recorded: Vec<ReviewId>,
    clock: &'a dyn Clock,
    /// The drill attempt answers belong to, in a drill.
    drill: Option<AttemptId>,
    /// Each deck's scheduling policy, to schedule an answer again from a changed card.
    policies: HashMap<DeckId, Policy>,
    /// Each deck's grading context, read or built at its first answer.
    contexts: Contexts,
    /// Each deck's schedule, for its leech rule.
    schedules: HashMap<DeckId, Schedule>,
    /// Cards made leeches by answers of this session, with the answer, for undo.
    leeches: Vec<(ReviewId, NewLeech)>,
    /// What to tell the learner after the last effects.
    notice: Option<Notice>,
    /// The session's decks and the queue entries not read yet, read as the session asks.
    decks: Vec<DeckRecord>,
    rest: Lineup,
}

impl<S: Storage> std::fmt::Debug for StoreHost<'_, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreHost")
            .field("profile", &self.profile)
            .field("purpose", &self.purpose)
            .field("session", &self.session)
            .field("drill", &self.drill)
            .finish_non_exhaustive()
    }
}

impl<'a, S: Storage> StoreHost<'a, S> {
    /// Hosts a session of `purpose` over `decks` for `profile`, started at `started` and
    /// scheduled with their `policies`. The session's row is written with its first answer.
    pub fn new(
        store: &'a mut S,
        profile: &str,
        purpose: Purpose,
        (decks, policies): (&[DeckRecord], &[Policy]),
        clock: &'a dyn Clock,
        started: Timestamp,
    ) -> Result<Self> {
        Ok(StoreHost {
            store,
            profile: profile.to_owned(),
            purpose,
            session: None,
            started,
            recorded: Vec::new(),
            clock,
            drill: None,
            policies: decks
                .iter()
                .zip(policies)
                .map(|(d, policy)| (d.id.clone(), policy.clone()))
                .collect(),
            contexts: Contexts::new(decks.iter().map(|d| &d.id)),
            schedules: decks
                .iter()
                .map(|d| (d.id.clone(), d.schedule.clone()))
                .collect(),
            leeches: Vec::new(),
            notice: None,
            decks: decks.to_vec(),
            rest: Lineup::default(),
        })
    }

    /// Saves answers as answers to the drill attempt `attempt` too.
    #[must_use]
    pub fn for_drill(mut self, attempt: AttemptId) -> Self {
        self.drill = Some(attempt);
        self
    }

    /// The storage, once the session is over.
    pub fn store(&mut self) -> &mut S {
        self.store
    }
}

impl<S: Storage> AnswerBook for StoreHost<'_, S> {
    fn context(&self, deck: &DeckId) -> Option<&DeckContext> {
        self.contexts.get(&*self.store, deck)
    }

    fn is_other_answer(&self, deck: &DeckId, card: &CardId, normalized: &str) -> bool {
        // A failed lookup only means a close reply may count as a typo.
        self.store
            .is_other_answer(deck, normalized, card)
            .unwrap_or(false)
    }
}

impl<S: Storage> Host for StoreHost<'_, S> {
    fn book(&self) -> &dyn AnswerBook {
        self
    }

    fn perform(&mut self, effects: &[Effect]) -> Result<Vec<Rescheduled>> {
        // Contexts built for the last answer go to the cache now that the store is ours.
        self.contexts.save(self.store);
        let mut rescheduled = Vec::new();
        for effect in effects {
            match effect {
                Effect::Record(answer) => {
                    let session = if let Some(session) = self.session {
                        session
                    } else {
                        let session =
                            self.store
                                .start_session(&self.profile, self.purpose, self.started)?;
                        *self.session.insert(session)
                    };
                    let review = ReviewRecord {
                        profile: self.profile.clone(),
                        deck: answer.deck.clone(),
                        card: answer.card.clone(),
                        at: answer.at,
                        rating: answer.rating,
                        answer: answer.answer.clone(),
                        expected: answer.expected.clone(),
                        verdict: answer.verdict.map(mark),
                        correct: answer.correct,
                        duration_ms: Some(
                            u64::try_from(answer.duration.as_millis()).unwrap_or(u64::MAX),
                        ),
                        purpose: self.purpose,
                        before: answer.before.clone(),
                        after: answer.after.clone(),
                        elapsed_days: answer.elapsed_days,
                        session: Some(session),
                    };
                    let policy = self.policies.get(&answer.deck).cloned().unwrap_or_default();
                    let saved = if let Some(attempt) = self.drill {
                        let drill_answer = DrillAnswerRow {
                            position: answer.position,
                            answer: answer.answer.clone(),
                            // Drill answers are typed; anything else counts as wrong, and a
                            // close reply (a paper has no second chance) is kept as wrong.
                            verdict: Some(match answer.verdict.map_or(Mark::Wrong, mark) {
                                Mark::Close => Mark::Wrong,
                                kept => kept,
                            }),
                            points: answer.points.unwrap_or(0),
                            duration_ms: review.duration_ms,
                        };
                        record::save_drill_answer(
                            self.store,
                            attempt,
                            &drill_answer,
                            review,
                            &policy,
                        )?
                    } else {
                        let saved = record::save(self.store, review, &policy)?;
                        self.recorded.extend(saved.id);
                        saved
                    };
                    let schedule = self.schedules.get(&answer.deck);
                    if let (Some(after), Some(schedule)) = (&saved.after, schedule)
                        && let Some(leech) = leech::after_answer(
                            self.store,
                            &self.profile,
                            (&answer.deck, &answer.card),
                            schedule,
                            (&saved.before, after),
                            answer.at,
                        )?
                    {
                        self.notice = Some(Notice::Leech {
                            deck: leech.deck.clone(),
                            card: leech.card.clone(),
                            lapses: leech.lapses,
                            suspended: leech.suspended,
                        });
                        if let Some(id) = saved.id {
                            self.leeches.push((id, leech));
                        }
                    }
                    if let Some(outcome) = saved.rescheduled {
                        rescheduled.push(Rescheduled {
                            deck: answer.deck.clone(),
                            card: answer.card.clone(),
                            outcome,
                        });
                    }
                }
                Effect::Unrecord => {
                    if let Some(id) = self.recorded.pop() {
                        self.store.undo(&self.profile, id, self.clock.now())?;
                        if self
                            .leeches
                            .last()
                            .is_some_and(|(made_by, _)| *made_by == id)
                            && let Some((_, leech)) = self.leeches.pop()
                        {
                            leech::undo(self.store, &self.profile, &leech, self.clock.now())?;
                        }
                    }
                }
            }
        }
        Ok(rescheduled)
    }

    fn now(&self) -> Timestamp {
        self.clock.now()
    }

    fn take_notice(&mut self) -> Option<Notice> {
        self.notice.take()
    }

    fn supply(&mut self, count: usize) -> Result<(Vec<Item>, usize)> {
        let items = self
            .rest
            .read(&*self.store, &self.profile, &self.decks, count)?;
        Ok((items, self.rest.rest.len()))
    }
}

/// A session over `items` (in queue order: those read, then those the host reads as the
/// session asks for them) of `decks`, ready to drive: the engine, its first step, and the host
/// that saves its answers.
pub fn start<'a, S: Storage>(
    store: &'a mut S,
    profile: &str,
    decks: &[DeckRecord],
    items: impl Into<Lineup>,
    config: Config,
    clock: &'a dyn Clock,
) -> Result<(Session, Step, StoreHost<'a, S>)> {
    let Lineup { first, rest } = items.into();
    let purpose = config.purpose;
    let now = clock.now();
    let policies = super::memory::policies(store, profile, decks, now)?;
    let (session, first) = Session::starting(
        session_decks(decks, &policies),
        (first, rest.len()),
        config,
        now,
    );
    let mut host = StoreHost::new(store, profile, purpose, (decks, &policies), clock, now)?;
    host.rest = Lineup {
        first: Vec::new(),
        rest,
    };
    Ok((session, first, host))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{deck, scope, store_with};
    use crate::session::{Action, FrontEnd, View, drive};
    use crate::store::Reviews;

    /// Answers every question with `reply` and moves on.
    struct Typist(&'static str);

    impl FrontEnd for Typist {
        fn show(&mut self, step: &Step, _now: Timestamp) -> Result<Option<Action>> {
            Ok(match &step.view {
                View::Ask(_) => Some(Action::Answer(self.0.into())),
                View::Feedback(_) | View::Reveal(_) => Some(Action::Continue),
                View::Finished(_) => None,
            })
        }
    }

    #[test]
    fn a_session_saves_each_answer_with_its_session_and_purpose() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = deck(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nid = \"a\"\nquestion = \"A?\"\nanswer = \"alpha\"\n[[card]]\nid = \"b\"\nquestion = \"B?\"\nanswer = \"beta\"\n",
        );
        let (mut store, decks) = store_with(&[&d], &scope);
        let items = crate::app::queue::study(&store, &scope, &decks, None, &[]).expect("queue");
        let clock = scope.now;
        let (mut session, first, mut host) = start(
            &mut store,
            "me",
            &decks,
            items,
            Config::new(Purpose::Practice, 1),
            &clock,
        )
        .expect("start");
        let summary = drive(&mut session, first, &mut host, &mut Typist("alpha")).expect("drive");
        // A card missed in practice comes back three times.
        assert_eq!((summary.right, summary.wrong), (1, 4));
        let b: CardId = "b".parse().expect("an id");
        let history = host.store().history("me", &d.id, &b).expect("history");
        assert_eq!(history.len(), 4);
        assert_eq!(history[0].mode, Purpose::Practice);
        assert_eq!(history[0].verdict, Some(Mark::Wrong));
        assert!(!history[0].scheduled);
    }
}
