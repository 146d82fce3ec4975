//! The session state machine itself. See the module docs in `mod.rs` for the contract.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Duration;

use super::{
    Action, CardNote, Config, DrillResult, Effect, Feedback, Item, Notice, PaperStatus, Progress,
    Prompt, Recorded, Revealed, SecondTry, SessionDeck, Step, Summary, View, counts_as_right,
    rating_for,
};
use crate::deck::{CardId, DeckId};
use crate::drill::{PaperEnd, choice_order};
use crate::grading::{self, DeckContext, Graded, OtherAnswers, Verdict};
use crate::scheduler::{self, Outcome, Purpose, Rating, Scheduler, SchedulerError, State};
use crate::time::Timestamp;

/// What grading knows of each deck, supplied by the caller: the engine itself never touches
/// the database.
pub trait AnswerBook {
    /// The whole-deck grading context of `deck`, when the caller has it: every grading rule
    /// applies (aliases, short names no one else could be, other people of the deck).
    fn context(&self, _deck: &DeckId) -> Option<&DeckContext> {
        None
    }

    /// Without a context: whether `normalized` is an answer of a card of `deck` other than
    /// `card` (such a reply is never a typo).
    fn is_other_answer(&self, deck: &DeckId, card: &CardId, normalized: &str) -> bool;
}

/// Contexts by deck (tests, and hosts that hold their decks in memory).
impl<H: std::hash::BuildHasher> AnswerBook for HashMap<DeckId, DeckContext, H> {
    fn context(&self, deck: &DeckId) -> Option<&DeckContext> {
        self.get(deck)
    }

    fn is_other_answer(&self, deck: &DeckId, _card: &CardId, normalized: &str) -> bool {
        self.get(deck)
            .is_some_and(|context| context.contains(normalized))
    }
}

impl<F: Fn(&DeckId, &CardId, &str) -> bool> AnswerBook for F {
    fn is_other_answer(&self, deck: &DeckId, card: &CardId, normalized: &str) -> bool {
        self(deck, card, normalized)
    }
}

/// No lookups: every close reply may be a typo.
impl AnswerBook for () {
    fn is_other_answer(&self, _: &DeckId, _: &CardId, _: &str) -> bool {
        false
    }
}

/// Items in hand below which the session asks for more ([`Session::wanted`]).
const SUPPLY_LOW: usize = 8;
/// How many items the session asks for at a time.
const SUPPLY_BATCH: usize = 32;

/// A card in a queue, with what the session knows of it.
#[derive(Debug, Clone)]
struct Slot {
    item: Item,
    /// Identifies this copy of the card: a card that comes back gets a new copy, and undo must
    /// remove exactly the copy the undone answer made.
    serial: u64,
    /// Place in the session's original order.
    position: usize,
    /// Came back after being missed.
    repeat: bool,
    /// How many more times a missed practice card may come back.
    repeats_left: u32,
}

/// The card being asked.
#[derive(Debug, Clone)]
struct Asking {
    slot: Slot,
    shown_at: Timestamp,
    choices: Vec<String>,
    hint_level: u32,
    /// The first reply, when it was close and the learner answers once more.
    first: Option<SecondTry>,
}

/// Where a card answered went, with the serial of the copy put back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Requeued {
    No,
    /// Into the learning queue, until its step is due.
    Pending(u64),
    /// Back into the main queue, a few cards later.
    Main(u64),
}

impl Requeued {
    fn serial(self) -> Option<u64> {
        match self {
            Requeued::No => None,
            Requeued::Pending(serial) | Requeued::Main(serial) => Some(serial),
        }
    }
}

/// An answer given in this session (undone answers are removed).
#[derive(Debug, Clone)]
struct Answered {
    asking: Asking,
    reply: Option<String>,
    graded: Option<Graded>,
    rating: Rating,
    duration: Duration,
    outcome: Option<Outcome>,
    requeued: Requeued,
    overridden: bool,
    /// Points earned, in a drill.
    points: Option<u32>,
}

impl Answered {
    fn is_right(&self) -> bool {
        counts_as_right(self.graded.as_ref().map(|g| g.verdict), self.rating)
    }
}

#[derive(Debug, Clone)]
enum Phase {
    Asking(Asking),
    Revealed(Asking),
    /// Showing the result of the last answer in `history`.
    Feedback,
    Finished {
        quit: bool,
    },
}

/// A study, practice or drill session over a queue of cards.
#[derive(Debug)]
pub struct Session {
    decks: Vec<SessionDeck>,
    config: Config,
    scheduler: Scheduler,
    queue: VecDeque<Slot>,
    /// Items the caller has yet to hand over ([`Session::supply`]): they come after `queue`.
    to_come: usize,
    /// Cards put at the very end (skipped once) while items are still to come: after them.
    later: VecDeque<Slot>,
    /// How many items were handed over so far (the next one's place in the session's order).
    handed: usize,
    /// Learning cards waiting for their step to come due.
    pending: Vec<Slot>,
    phase: Phase,
    history: Vec<Answered>,
    skipped_once: HashSet<(usize, CardId)>,
    skipped: usize,
    started: Timestamp,
    last: Timestamp,
    /// How many cards the session started with (a drill's number of questions).
    questions: usize,
    /// The serial the next copy of a card gets.
    next_serial: u64,
    /// A drill's time ran out.
    timed_out: bool,
}

impl Session {
    /// Starts a session over `items` (already in queue order) and returns the first view.
    pub fn new(
        decks: Vec<SessionDeck>,
        items: Vec<Item>,
        config: Config,
        now: Timestamp,
    ) -> (Session, Step) {
        Session::starting(decks, (items, 0), config, now)
    }

    /// Starts a session over `first`, the first items of a queue (in queue order), with
    /// `to_come` more that the caller hands over as the session asks for them
    /// ([`Session::wanted`], [`Session::supply`]), so that the first question need not wait for
    /// every card to be read. Counts, order and summary are those of a session started with
    /// all of them.
    pub fn starting(
        decks: Vec<SessionDeck>,
        (first, to_come): (Vec<Item>, usize),
        config: Config,
        now: Timestamp,
    ) -> (Session, Step) {
        let total = first.len().saturating_add(to_come);
        let mut session = Session {
            decks,
            config,
            scheduler: Scheduler::new(),
            questions: total,
            next_serial: u64::try_from(total).unwrap_or(u64::MAX),
            timed_out: false,
            queue: VecDeque::new(),
            to_come: 0,
            later: VecDeque::new(),
            handed: 0,
            pending: Vec::new(),
            phase: Phase::Finished { quit: false },
            history: Vec::new(),
            skipped_once: HashSet::new(),
            skipped: 0,
            started: now,
            last: now,
        };
        session.supply(first, to_come);
        session.advance(now);
        let view = session.view();
        (session, Step::plain(view))
    }

    /// How many more items the session asks for before the next action, when items are still
    /// to come and few are left in hand: enough that whatever an action does to the queue (a
    /// missed practice card put back a few cards later) lands where it would with every item
    /// in hand. Zero when nothing is wanted.
    pub fn wanted(&self) -> usize {
        let low = SUPPLY_LOW.max(self.config.practice_gap.saturating_add(2));
        if self.to_come > 0 && self.queue.len() < low {
            self.to_come.min(SUPPLY_BATCH.max(low))
        } else {
            0
        }
    }

    /// Hands over the next `items` of the queue, in order, with how many are still to come
    /// after them (fewer than announced when some could not be read).
    pub fn supply(&mut self, items: Vec<Item>, still_to_come: usize) {
        let repeats = self.config.practice_repeats;
        for item in items {
            let position = self.handed;
            self.queue.push_back(Slot {
                item,
                serial: u64::try_from(position).unwrap_or(u64::MAX),
                position,
                repeat: false,
                repeats_left: repeats,
            });
            self.handed += 1;
        }
        self.to_come = still_to_come;
        if self.to_come == 0 {
            self.queue.append(&mut self.later);
        }
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Finished { .. })
    }

    /// When the paper's time runs out, in a drill with a time limit.
    fn paper_deadline(&self) -> Option<Timestamp> {
        let rules = self.config.drill?;
        rules.time_limit.map(|limit| self.started.plus(limit))
    }

    fn paper_time_up(&self, now: Timestamp) -> bool {
        self.paper_deadline()
            .is_some_and(|deadline| now >= deadline)
    }

    /// When the question on screen must be answered by (drills).
    pub fn deadline(&self) -> Option<Timestamp> {
        let question = match (&self.phase, self.config.drill.and_then(|r| r.per_question)) {
            (Phase::Asking(asking) | Phase::Revealed(asking), Some(limit)) => {
                Some(asking.shown_at.plus(limit))
            }
            _ => None,
        };
        match (question, self.paper_deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn score(&self) -> u32 {
        self.history.iter().filter_map(|a| a.points).sum()
    }

    fn max_score(&self) -> u32 {
        self.config.drill.map_or(0, |rules| {
            rules
                .scoring
                .max_points()
                .saturating_mul(u32::try_from(self.questions).unwrap_or(u32::MAX))
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn decks(&self) -> &[SessionDeck] {
        &self.decks
    }

    /// Applies one action at time `now`.
    pub fn apply(&mut self, action: Action, now: Timestamp, book: &dyn AnswerBook) -> Step {
        self.last = self.last.max(now);
        if self.paper_time_up(now) && !self.is_finished() && action != Action::Quit {
            self.timed_out = true;
            self.finish(false);
            return self.notice(Notice::TimeUp);
        }
        let result = match action {
            Action::Answer(reply) => self.answer(reply, now, book),
            Action::Reveal => Ok(self.reveal(now)),
            Action::Rate(rating) => self.rate(rating, now),
            Action::Override(right) => self.override_verdict(right, now),
            Action::Continue => Ok(self.next(now)),
            Action::Hint => Ok(self.hint()),
            Action::Skip => Ok(self.skip(now)),
            Action::Undo => Ok(self.undo(now)),
            Action::Quit => {
                self.finish(true);
                Ok(Step::plain(self.view()))
            }
            Action::Timeout => Ok(self.timeout(now)),
        };
        result.unwrap_or_else(|error| {
            // A card whose stored state cannot be scheduled is set aside, not fatal.
            let notice = Notice::SetAside(error.to_string());
            self.advance(now);
            Step {
                notice: Some(notice),
                ..Step::plain(self.view())
            }
        })
    }

    /// What to show now.
    pub fn view(&self) -> View {
        match &self.phase {
            Phase::Asking(asking) => View::Ask(self.prompt(asking)),
            Phase::Revealed(asking) => {
                let prompt = self.prompt(asking);
                let intervals = self.config.schedule.then(|| {
                    self.preview(&asking.slot, self.last)
                        .map(|outcomes| outcomes.map(|o| o.interval))
                        .ok()
                });
                View::Reveal(Revealed {
                    prompt,
                    intervals: intervals.flatten(),
                })
            }
            Phase::Feedback => match self.history.last() {
                Some(answered) => View::Feedback(Feedback {
                    prompt: self.prompt(&answered.asking),
                    reply: answered.reply.clone().unwrap_or_default(),
                    graded: answered.graded.clone().unwrap_or_else(|| Graded {
                        verdict: if answered.is_right() {
                            Verdict::Right
                        } else {
                            Verdict::Wrong
                        },
                        expected: answered.asking.slot.item.card.answer.clone(),
                        corrected: None,
                        matched: None,
                        prompt: None,
                    }),
                    rating: answered.rating,
                    overridden: answered.overridden,
                    hinted: answered.asking.hint_level > 0,
                    interval: answered.outcome.as_ref().map(|o| o.interval),
                    duration: answered.duration,
                    points: answered.points,
                }),
                None => View::Finished(self.summary()),
            },
            Phase::Finished { .. } => View::Finished(self.summary()),
        }
    }

    fn prompt(&self, asking: &Asking) -> Prompt {
        let item = &asking.slot.item;
        let deck = &self.decks[item.deck];
        Prompt {
            deck: deck.id.clone(),
            deck_title: deck.title.clone(),
            card: item.card.clone(),
            choices: asking.choices.clone(),
            hint: (asking.hint_level > 0).then(|| grading::hint(&item.card, asking.hint_level)),
            flip: self.is_flip(item),
            state: item.state.state,
            repeat: asking.slot.repeat,
            second_try: asking.first.clone(),
            progress: self.progress(),
            paper: self.config.drill.map(|_| PaperStatus {
                question: asking.slot.position + 1,
                questions: self.questions,
                score: self.score(),
                max_score: self.max_score(),
                deadline: self.deadline(),
            }),
        }
    }

    fn is_flip(&self, item: &Item) -> bool {
        self.config.purpose != Purpose::Drill && (self.config.flip || self.decks[item.deck].flip)
    }

    fn progress(&self) -> Progress {
        let current = usize::from(matches!(self.phase, Phase::Asking(_) | Phase::Revealed(_)));
        Progress {
            answered: self.history.len(),
            right: self.history.iter().filter(|a| a.is_right()).count(),
            remaining: current
                + self.queue.len()
                + self.to_come
                + self.later.len()
                + self.pending_in_window(self.last),
        }
    }

    fn pending_in_window(&self, now: Timestamp) -> usize {
        let horizon = now.plus(self.config.learn_ahead);
        self.pending
            .iter()
            .filter(|slot| slot.item.state.due.is_none_or(|due| due <= horizon))
            .count()
    }

    /// Moves to the next card: learning cards due now, then the queue, then learning cards
    /// due within the learn-ahead window; otherwise the session is over.
    fn advance(&mut self, now: Timestamp) {
        let due_now = self.earliest_pending(|due| due <= now);
        let slot = if let Some(index) = due_now {
            Some(self.pending.remove(index))
        } else if let Some(slot) = self.next_in_queue() {
            Some(slot)
        } else {
            let horizon = now.plus(self.config.learn_ahead);
            self.earliest_pending(|due| due <= horizon)
                .map(|index| self.pending.remove(index))
        };
        self.phase = match slot {
            Some(slot) => Phase::Asking(self.ask(slot, now)),
            None => Phase::Finished { quit: false },
        };
    }

    /// The front of the queue. Should the caller not have handed over the items it announced,
    /// they are taken as gone and the cards skipped to the end follow.
    fn next_in_queue(&mut self) -> Option<Slot> {
        if self.queue.is_empty() {
            self.to_come = 0;
            self.queue.append(&mut self.later);
        }
        self.queue.pop_front()
    }

    fn earliest_pending(&self, accept: impl Fn(Timestamp) -> bool) -> Option<usize> {
        self.pending
            .iter()
            .enumerate()
            .filter(|(_, slot)| slot.item.state.due.is_none_or(&accept))
            .min_by_key(|(_, slot)| slot.item.state.due)
            .map(|(index, _)| index)
    }

    fn ask(&self, slot: Slot, now: Timestamp) -> Asking {
        let choices = if slot.item.card.kind.spec().choices {
            choice_order(
                &slot.item.card.choices,
                self.config.seed,
                &self.decks[slot.item.deck].id,
                &slot.item.card.id,
            )
        } else {
            Vec::new()
        };
        Asking {
            slot,
            shown_at: now,
            choices,
            hint_level: 0,
            first: None,
        }
    }

    fn fuzz_seed(&self, item: &Item) -> u64 {
        scheduler::fuzz_seed(&self.decks[item.deck].id, &item.card.id)
    }

    fn preview(&self, slot: &Slot, now: Timestamp) -> Result<[Outcome; 4], SchedulerError> {
        let item = &slot.item;
        self.scheduler.preview(
            &item.state,
            now,
            &self.decks[item.deck].policy,
            self.fuzz_seed(item),
        )
    }

    fn answer(
        &mut self,
        reply: String,
        now: Timestamp,
        book: &dyn AnswerBook,
    ) -> Result<Step, SchedulerError> {
        let asking = match &self.phase {
            Phase::Asking(asking) | Phase::Revealed(asking) => asking.clone(),
            Phase::Feedback => return Ok(self.notice(Notice::PressEnter)),
            Phase::Finished { .. } => return Ok(self.notice(Notice::SessionOver)),
        };
        if self.is_flip(&asking.slot.item) && reply.trim().is_empty() {
            return Ok(self.reveal(now));
        }
        if self
            .config
            .drill
            .and_then(|rules| rules.per_question)
            .is_some_and(|limit| now >= asking.shown_at.plus(limit))
        {
            // Too late: the question counts as unanswered.
            return Ok(self.timeout(now));
        }
        let item = &asking.slot.item;
        if let Some(options) = grading::not_an_option(&item.card, &asking.choices, &reply) {
            return Ok(self.notice(Notice::NotAnOption { options }));
        }
        if grading::means_to_leave(&item.card, &asking.choices, &reply) {
            return Ok(self.notice(Notice::QuitWithColon));
        }
        let deck_id = &self.decks[item.deck].id;
        // The deck's context is only read (and so only built) for cards whose grading uses it.
        let context = grading::uses_deck(&item.card)
            .then(|| book.context(deck_id))
            .flatten();
        let graded = if let Some(context) = context {
            grading::grade(&item.card, &asking.choices, &reply, context)
        } else {
            let card_id = &item.card.id;
            let others = |normalized: &str| book.is_other_answer(deck_id, card_id, normalized);
            grading::grade(
                &item.card,
                &asking.choices,
                &reply,
                &others as &dyn OtherAnswers,
            )
        };
        // A close first reply gets a second chance, without penalty: nothing is recorded, and
        // the question is asked again with what is missing. A paper has no second chance.
        if graded.verdict == Verdict::Close
            && asking.first.is_none()
            && self.config.purpose != Purpose::Drill
        {
            let mut asking = asking;
            asking.first = Some(SecondTry { reply, graded });
            self.phase = Phase::Asking(asking);
            return Ok(Step::plain(self.view()));
        }
        let duration = now.since(asking.shown_at);
        let rating = self.rating(&graded, &asking, duration);
        self.commit(asking, Some(reply), Some(graded), rating, duration, now)
            .map(|effects| Step {
                effects,
                ..Step::plain(self.view())
            })
    }

    /// The rating a graded answer earns ([`rating_for`]). Fast means in well under half the
    /// learner's usual time for the card, and only counts for a person at a terminal
    /// ([`Config::fast_is_easy`]) answering at the first try. In a drill a close reply is wrong.
    fn rating(&self, graded: &Graded, asking: &Asking, duration: Duration) -> Rating {
        let verdict = match graded.verdict {
            Verdict::Close if self.config.purpose == Purpose::Drill => Verdict::Wrong,
            verdict => verdict,
        };
        let fast = self.config.fast_is_easy
            && asking.first.is_none()
            && asking
                .slot
                .item
                .typical_ms
                .is_some_and(|typical| duration.as_millis() * 2 < u128::from(typical));
        rating_for(verdict, asking.hint_level > 0, fast)
    }

    /// Schedules and records an answer, requeues the card if it must come back, and shows
    /// feedback (typed answers) or moves on (flashcards).
    fn commit(
        &mut self,
        asking: Asking,
        reply: Option<String>,
        graded: Option<Graded>,
        rating: Rating,
        duration: Duration,
        now: Timestamp,
    ) -> Result<Vec<Effect>, SchedulerError> {
        let outcome = if self.config.schedule {
            Some(self.scheduler.review(
                &asking.slot.item.state,
                rating,
                now,
                &self.decks[asking.slot.item.deck].policy,
                self.fuzz_seed(&asking.slot.item),
            )?)
        } else {
            None
        };
        let verdict = graded.as_ref().map(|g| g.verdict);
        let correct = counts_as_right(verdict, rating);
        let points = self.config.drill.map(|rules| {
            rules
                .scoring
                .points(correct, duration, rules.reference(self.questions))
        });
        let item = &asking.slot.item;
        let record = Recorded {
            at: now,
            deck: self.decks[item.deck].id.clone(),
            card: item.card.id.clone(),
            expected: item.card.answer.clone(),
            rating,
            answer: reply.clone(),
            verdict,
            correct,
            duration,
            before: item.state.clone(),
            after: outcome.as_ref().map(|o| o.after.clone()),
            elapsed_days: outcome.as_ref().and_then(|o| o.elapsed_days),
            position: asking.slot.position,
            points,
        };
        let requeued = self.requeue(&asking.slot, outcome.as_ref(), rating);
        let is_flip_rating = graded.is_none();
        self.history.push(Answered {
            points,
            asking,
            reply,
            graded,
            rating,
            duration,
            outcome,
            requeued,
            overridden: false,
        });
        if is_flip_rating {
            self.advance(now);
        } else {
            self.phase = Phase::Feedback;
        }
        Ok(vec![Effect::Record(Box::new(record))])
    }

    fn requeue(&mut self, slot: &Slot, outcome: Option<&Outcome>, rating: Rating) -> Requeued {
        let serial = self.next_serial;
        match (self.config.purpose, outcome) {
            (Purpose::Study, Some(outcome))
                if matches!(outcome.after.state, State::Learning | State::Relearning) =>
            {
                let mut again = slot.clone();
                again.item.state = outcome.after.clone();
                again.repeat = rating == Rating::Again;
                again.serial = serial;
                self.next_serial += 1;
                self.pending.push(again);
                Requeued::Pending(serial)
            }
            (Purpose::Practice, _) if rating == Rating::Again && slot.repeats_left > 0 => {
                let mut again = slot.clone();
                again.repeat = true;
                again.repeats_left -= 1;
                again.serial = serial;
                self.next_serial += 1;
                let at = self.config.practice_gap.min(self.queue.len());
                self.queue.insert(at, again);
                Requeued::Main(serial)
            }
            _ => Requeued::No,
        }
    }

    fn reveal(&mut self, now: Timestamp) -> Step {
        if self.config.purpose == Purpose::Drill {
            return self.notice(Notice::NoRevealInDrill);
        }
        match &self.phase {
            Phase::Asking(asking) => {
                self.phase = Phase::Revealed(asking.clone());
                self.last = self.last.max(now);
                Step::plain(self.view())
            }
            _ => self.notice(Notice::NothingToReveal),
        }
    }

    fn rate(&mut self, rating: Rating, now: Timestamp) -> Result<Step, SchedulerError> {
        let Phase::Revealed(asking) = &self.phase else {
            return Ok(self.notice(Notice::RevealFirst));
        };
        if self.config.purpose == Purpose::Drill {
            return Ok(self.notice(Notice::NoSelfGradingInDrill));
        }
        let asking = asking.clone();
        let duration = now.since(asking.shown_at);
        let effects = self.commit(asking, None, None, rating, duration, now)?;
        let rated = self
            .history
            .last()
            .map(|a| (a.rating, a.outcome.as_ref().map(|o| o.interval)));
        Ok(Step {
            effects,
            rated,
            ..Step::plain(self.view())
        })
    }

    fn override_verdict(&mut self, right: bool, now: Timestamp) -> Result<Step, SchedulerError> {
        if !matches!(self.phase, Phase::Feedback) || self.config.purpose == Purpose::Drill {
            return Ok(self.notice(Notice::CorrectOnlyAfterAnswering));
        }
        let Some(last) = self.history.last() else {
            return Ok(self.notice(Notice::NothingToCorrect));
        };
        let Some(graded) = last.graded.clone() else {
            return Ok(self.notice(Notice::NothingToCorrect));
        };
        // A close reply that stood can be corrected either way: to right (Good) or to wrong.
        let already = match graded.verdict {
            Verdict::Right | Verdict::Typo => Some(true),
            Verdict::Wrong => Some(false),
            Verdict::Close => None,
        };
        if already == Some(right) {
            return Ok(self.notice(Notice::AlreadyCounted { right }));
        }
        let Some(last) = self.take_back_last() else {
            return Ok(self.notice(Notice::NothingToCorrect));
        };
        let graded = Graded {
            verdict: if right {
                Verdict::Right
            } else {
                Verdict::Wrong
            },
            ..graded
        };
        // Corrected to right: never Easy, and Hard when a hint helped.
        let rating = rating_for(graded.verdict, last.asking.hint_level > 0, false);
        let mut effects = vec![Effect::Unrecord];
        effects.extend(self.commit(
            last.asking,
            last.reply,
            Some(graded),
            rating,
            last.duration,
            now,
        )?);
        if let Some(answered) = self.history.last_mut() {
            answered.overridden = true;
        }
        Ok(Step {
            effects,
            ..Step::plain(self.view())
        })
    }

    /// Takes in what an answer really did to a card that another process had answered
    /// meanwhile (see [`Host::perform`](super::Host::perform)): the answer's outcome, and the
    /// state of every copy of the card still to come, so it is scheduled from the saved state.
    pub fn rescheduled(&mut self, changed: &super::Rescheduled) {
        let decks = &self.decks;
        let is_card =
            |item: &Item| decks[item.deck].id == changed.deck && item.card.id == changed.card;
        if let Some(answered) = self
            .history
            .iter_mut()
            .rev()
            .find(|a| is_card(&a.asking.slot.item) && a.outcome.is_some())
        {
            answered.outcome = Some(changed.outcome.clone());
        }
        for slot in self
            .queue
            .iter_mut()
            .chain(self.later.iter_mut())
            .chain(self.pending.iter_mut())
        {
            if is_card(&slot.item) {
                slot.item.state = changed.outcome.after.clone();
            }
        }
    }

    /// Takes a card out of the rest of the session (it was suspended as a leech): the copies
    /// waiting in the queues are dropped; an answer to it can still be undone.
    pub fn set_aside(&mut self, deck: &crate::deck::DeckId, card: &CardId) {
        let decks = &self.decks;
        let other = |slot: &Slot| decks[slot.item.deck].id != *deck || slot.item.card.id != *card;
        self.queue.retain(other);
        self.later.retain(other);
        self.pending.retain(other);
    }

    /// Removes the last answer and the copy of its card it put back in a queue.
    fn take_back_last(&mut self) -> Option<Answered> {
        let last = self.history.pop()?;
        if let Some(serial) = last.requeued.serial() {
            self.pending.retain(|slot| slot.serial != serial);
            self.queue.retain(|slot| slot.serial != serial);
            self.later.retain(|slot| slot.serial != serial);
        }
        Some(last)
    }

    fn next(&mut self, now: Timestamp) -> Step {
        match self.phase {
            Phase::Feedback => {
                self.advance(now);
                Step::plain(self.view())
            }
            _ => Step::plain(self.view()),
        }
    }

    fn hint(&mut self) -> Step {
        if self.config.purpose == Purpose::Drill {
            return self.notice(Notice::NoHintsInDrill);
        }
        match &mut self.phase {
            Phase::Asking(asking) => {
                asking.hint_level += 1;
                Step::plain(self.view())
            }
            _ => self.notice(Notice::HintsOnlyWhileAsking),
        }
    }

    fn skip(&mut self, now: Timestamp) -> Step {
        let asking = match &self.phase {
            Phase::Asking(asking) | Phase::Revealed(asking) => asking.clone(),
            _ => return self.notice(Notice::NothingToSkip),
        };
        let key = (asking.slot.item.deck, asking.slot.item.card.id.clone());
        let notice = if self.config.purpose != Purpose::Drill && self.skipped_once.insert(key) {
            // The end of the whole queue: after the items still to come.
            if self.to_come > 0 {
                self.later.push_back(asking.slot);
            } else {
                self.queue.push_back(asking.slot);
            }
            Notice::SkippedForLater
        } else {
            self.skipped += 1;
            Notice::SkippedForNextTime
        };
        self.advance(now);
        Step {
            notice: Some(notice),
            ..Step::plain(self.view())
        }
    }

    fn timeout(&mut self, now: Timestamp) -> Step {
        match &self.phase {
            Phase::Asking(_) | Phase::Revealed(_) => {
                self.skipped += 1;
                self.advance(now);
                Step {
                    notice: Some(Notice::QuestionTimeUp),
                    ..Step::plain(self.view())
                }
            }
            _ => Step::plain(self.view()),
        }
    }

    fn undo(&mut self, now: Timestamp) -> Step {
        if self.config.purpose == Purpose::Drill {
            return self.notice(Notice::NoUndoInDrill);
        }
        if self.history.is_empty() {
            return self.notice(Notice::NothingToUndo);
        }
        // The card on screen goes back to the front of the queue, unless it is the very copy
        // the undone answer put back (a missed card that came straight back).
        let made_by_last = self.history.last().and_then(|a| a.requeued.serial());
        if let Phase::Asking(asking) | Phase::Revealed(asking) = &self.phase
            && Some(asking.slot.serial) != made_by_last
        {
            self.queue.push_front(asking.slot.clone());
        }
        let Some(last) = self.take_back_last() else {
            return self.notice(Notice::NothingToUndo);
        };
        let mut asking = self.ask(last.asking.slot, now);
        asking.choices = last.asking.choices;
        self.phase = Phase::Asking(asking);
        Step {
            effects: vec![Effect::Unrecord],
            notice: Some(Notice::Undone),
            ..Step::plain(self.view())
        }
    }

    /// Ends the session early. A card on screen and not yet answered goes back to the front
    /// of the queue, so the summary counts it among the cards left.
    fn finish(&mut self, quit: bool) {
        let phase = std::mem::replace(&mut self.phase, Phase::Finished { quit });
        if let Phase::Asking(asking) | Phase::Revealed(asking) = phase {
            self.queue.push_front(asking.slot);
        }
    }

    fn notice(&self, notice: Notice) -> Step {
        Step {
            notice: Some(notice),
            ..Step::plain(self.view())
        }
    }

    /// The session so far.
    pub fn summary(&self) -> Summary {
        let graded: Vec<&Answered> = self.history.iter().filter(|a| a.graded.is_some()).collect();
        let count = |verdict: Verdict| {
            graded
                .iter()
                .filter(|a| a.graded.as_ref().is_some_and(|g| g.verdict == verdict))
                .count()
        };
        let close = graded
            .iter()
            .filter(|a| {
                a.graded
                    .as_ref()
                    .is_some_and(|g| g.verdict == Verdict::Close)
                    && a.is_right()
            })
            .count();
        let (right, typo) = (count(Verdict::Right), count(Verdict::Typo));
        let wrong = graded.len() - right - typo - close;
        let mut self_graded = [0; 4];
        for answered in self.history.iter().filter(|a| a.graded.is_none()) {
            self_graded[answered.rating.index()] += 1;
        }
        let note = |a: &Answered| {
            let item = &a.asking.slot.item;
            CardNote {
                deck: self.decks[item.deck].id.clone(),
                card: item.card.id.clone(),
                question: item.card.question.clone(),
                answer: item.card.answer.clone(),
                duration: a.duration,
            }
        };
        let mut slowest: Vec<CardNote> = Vec::new();
        let mut by_time: Vec<&Answered> = self.history.iter().collect();
        by_time.sort_by_key(|a| std::cmp::Reverse(a.duration));
        for answered in by_time {
            let n = note(answered);
            if slowest.len() < 3 && !slowest.iter().any(|s| s.deck == n.deck && s.card == n.card) {
                slowest.push(n);
            }
        }
        let mut missed: Vec<CardNote> = Vec::new();
        for answered in self.history.iter().filter(|a| !a.is_right()) {
            let n = note(answered);
            if !missed.iter().any(|m| m.deck == n.deck && m.card == n.card) {
                missed.push(n);
            }
        }
        let mut best_run = 0;
        let mut run = 0;
        for answered in &self.history {
            if answered.is_right() {
                run += 1;
                best_run = best_run.max(run);
            } else {
                run = 0;
            }
        }
        let quit = matches!(self.phase, Phase::Finished { quit: true });
        #[allow(clippy::cast_precision_loss)]
        let accuracy =
            (!graded.is_empty()).then(|| (right + typo + close) as f64 / graded.len() as f64);
        Summary {
            answered: self.history.len(),
            right,
            typo,
            close,
            wrong,
            self_graded,
            skipped: self.skipped,
            accuracy,
            elapsed: self.last.since(self.started),
            slowest,
            missed,
            best_run,
            unanswered: self.progress().remaining,
            learning_pending: self.pending.len(),
            next_learning_due: self.pending.iter().filter_map(|s| s.item.state.due).min(),
            quit,
            drill: self.config.drill.map(|_| {
                let answered: HashSet<usize> = self
                    .history
                    .iter()
                    .map(|a| a.asking.slot.position)
                    .collect();
                DrillResult {
                    score: self.score(),
                    max_score: self.max_score(),
                    end: if quit {
                        PaperEnd::Quit
                    } else if self.timed_out {
                        PaperEnd::Timeout
                    } else {
                        PaperEnd::Finished
                    },
                    unanswered: (0..self.questions)
                        .filter(|p| !answered.contains(p))
                        .collect(),
                }
            }),
        }
    }
}

impl Step {
    fn plain(view: View) -> Step {
        Step {
            view,
            effects: Vec::new(),
            notice: None,
            rated: None,
        }
    }
}
