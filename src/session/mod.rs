//! The study engine: a pure state machine that turns the learner's actions (an answer, reveal,
//! a rating, skip, hint, undo, quit) into what to show next and what to record. A close reply
//! is asked once more before anything is recorded ([`Prompt::second_try`]), except in a drill.
//!
//! No terminal, no database, no clock: time comes with each action, randomness from the seed in
//! [`Config`], and recording is handed back to the caller as [`Effect`]s to carry out before the
//! next question is shown. The whole review loop is therefore tested in plain `#[test]`s.
//! [`drive()`] is the one loop that runs a session with a [`Host`] (saving, the clock) and a
//! [`FrontEnd`] (showing steps, reading actions).

mod drive;
mod engine;
#[cfg(test)]
mod tests;

use std::time::Duration;

use serde::Serialize;

pub use drive::{FrontEnd, Host, Rescheduled, drive};
pub use engine::{AnswerBook, Session};

use crate::deck::{Card, CardId, DeckId, Kind};
use crate::drill::{DrillRules, PaperEnd};
use crate::grading::{Graded, Verdict};
use crate::scheduler::{CardState, Policy, Purpose, Rating, State};
use crate::time::Timestamp;

/// Whether an answer counts as right: a typed answer right or with a typo, or close and rated
/// Hard (it stood after its second chance; in a drill, where it is rated Again, it counts as
/// wrong); a self-graded flashcard unless rated Again.
pub fn counts_as_right(verdict: Option<Verdict>, rating: Rating) -> bool {
    match verdict {
        None | Some(Verdict::Close) => rating != Rating::Again,
        Some(Verdict::Right | Verdict::Typo) => true,
        Some(Verdict::Wrong) => false,
    }
}

/// The FSRS rating a typed answer earns, the one rule for study, `recall answer` and drills:
/// wrong → Again; a typo, a right answer after a hint, or a close reply that stands (after its
/// second chance, or given as final) → Hard; right → Good, or Easy when `fast` (well under the
/// learner's usual time for the card, typed by a person at a terminal on the first try). A
/// drill, which gives no second chance, rates a close reply as wrong before asking this.
pub fn rating_for(verdict: Verdict, hinted: bool, fast: bool) -> Rating {
    match verdict {
        Verdict::Wrong => Rating::Again,
        Verdict::Typo | Verdict::Close => Rating::Hard,
        Verdict::Right if hinted => Rating::Hard,
        Verdict::Right if fast => Rating::Easy,
        Verdict::Right => Rating::Good,
    }
}

/// How a session behaves.
#[derive(Debug, Clone)]
pub struct Config {
    pub purpose: Purpose,
    /// Whether answers change the schedule (study always; drills with `--record`).
    pub schedule: bool,
    /// Self-graded flashcards for every deck, whatever the decks say.
    pub flip: bool,
    /// Seeds the order of multiple-choice options.
    pub seed: u64,
    /// A learning card due within this window is shown early when nothing else is left.
    pub learn_ahead: Duration,
    /// A wrong practice card comes back this many cards later.
    pub practice_gap: usize,
    /// How often a practice card answered wrong may come back.
    pub practice_repeats: u32,
    /// Timing and scoring, for drills.
    pub drill: Option<DrillRules>,
    /// A right answer in well under the learner's usual time is rated Easy. Only for a person
    /// typing at a terminal: a piped or scripted answer takes no time and proves nothing.
    pub fast_is_easy: bool,
}

impl Config {
    pub fn new(purpose: Purpose, seed: u64) -> Config {
        Config {
            purpose,
            schedule: purpose.schedules(),
            flip: false,
            seed,
            learn_ahead: crate::scheduler::queue::LEARN_AHEAD,
            practice_gap: 3,
            practice_repeats: 3,
            drill: None,
            fast_is_easy: false,
        }
    }
}

/// A deck taking part in a session.
#[derive(Debug, Clone)]
pub struct SessionDeck {
    pub id: DeckId,
    pub title: String,
    pub policy: Policy,
    /// Study this deck as self-graded flashcards.
    pub flip: bool,
}

/// A card to ask, with its scheduling state.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Index into the session's decks.
    pub deck: usize,
    pub card: Card,
    pub state: CardState,
    /// The learner's usual time for this card (median of past right answers), if known: a right
    /// answer in well under half of it is rated Easy (see [`Config::fast_is_easy`]).
    pub typical_ms: Option<u64>,
}

/// What the learner did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A typed reply (for choice cards a number, letter or option text; for true/false y/n).
    /// An empty reply to a flashcard reveals it.
    Answer(String),
    /// Show a flashcard's answer.
    Reveal,
    /// Grade a revealed flashcard.
    Rate(Rating),
    /// After feedback: "I was right" (`true`) or "I was wrong" (`false`).
    Override(bool),
    /// After feedback: on to the next card.
    Continue,
    Hint,
    Skip,
    Undo,
    Quit,
    /// The time for the current question ran out (drills).
    Timeout,
}

/// Something the caller must carry out, in order, before showing the view.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Save an answer (and the card's new state) in one transaction.
    Record(Box<Recorded>),
    /// Take back the most recently recorded answer.
    Unrecord,
}

/// An answer as it must be saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// When the answer was given.
    pub at: Timestamp,
    pub deck: DeckId,
    pub card: CardId,
    pub expected: String,
    pub rating: Rating,
    /// What was typed; `None` for a self-graded flashcard.
    pub answer: Option<String>,
    pub verdict: Option<Verdict>,
    pub correct: bool,
    pub duration: Duration,
    pub before: CardState,
    /// The card's new state when the answer changes the schedule.
    pub after: Option<CardState>,
    pub elapsed_days: Option<u32>,
    /// The card's place in the session's original order (its question number in a drill).
    pub position: usize,
    /// Points earned, in a drill.
    pub points: Option<u32>,
}

/// Where the learner is in the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Answers given so far (a card answered twice counts twice).
    pub answered: usize,
    /// Answers that were right (typos included).
    pub right: usize,
    /// Cards still to come, the current one included.
    pub remaining: usize,
}

/// A question to ask.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub deck: DeckId,
    pub deck_title: String,
    pub card: Card,
    /// For choice cards, the options in the order shown (keys 1–9 or a–z).
    pub choices: Vec<String>,
    /// Hint text after `:hint`.
    pub hint: Option<String>,
    /// Self-graded: reveal, then rate.
    pub flip: bool,
    /// The card's state before this answer.
    pub state: State,
    /// The card comes back after being missed in this session.
    pub repeat: bool,
    /// The first reply was close: the learner answers once more, without penalty.
    pub second_try: Option<SecondTry>,
    pub progress: Progress,
    /// In a drill: where the paper stands.
    pub paper: Option<PaperStatus>,
}

/// A close first reply, shown while the learner answers once more.
#[derive(Debug, Clone, PartialEq)]
pub struct SecondTry {
    /// What was typed.
    pub reply: String,
    /// Its grading: [`Graded::prompt`] says what is missing ("Which Bhutto?").
    pub graded: Graded,
}

impl SecondTry {
    /// What to ask ("Which Bhutto?", "More specific?").
    pub fn question(&self) -> &str {
        self.graded.prompt.as_deref().unwrap_or("More specific?")
    }
}

/// A drill paper's state while a question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaperStatus {
    /// This question's number, from 1.
    pub question: usize,
    pub questions: usize,
    pub score: u32,
    pub max_score: u32,
    /// When this question's time runs out (the paper's or the question's, whichever is first).
    pub deadline: Option<Timestamp>,
}

impl Prompt {
    pub fn kind(&self) -> Kind {
        self.card.kind
    }
}

/// A revealed flashcard waiting for its rating, with what each rating would do.
#[derive(Debug, Clone, PartialEq)]
pub struct Revealed {
    pub prompt: Prompt,
    /// Time until the card would be due again for Again, Hard, Good and Easy (none when the
    /// answer does not change the schedule).
    pub intervals: Option<[Duration; 4]>,
}

/// The result of an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub prompt: Prompt,
    pub reply: String,
    pub graded: Graded,
    pub rating: Rating,
    /// The learner overrode the verdict.
    pub overridden: bool,
    /// A hint was used.
    pub hinted: bool,
    /// Time until the card is due again, when the answer changes the schedule.
    pub interval: Option<Duration>,
    pub duration: Duration,
    /// Points earned, in a drill.
    pub points: Option<u32>,
}

/// What to show.
#[derive(Debug, Clone, PartialEq)]
pub enum View {
    Ask(Prompt),
    Reveal(Revealed),
    Feedback(Feedback),
    Finished(Summary),
}

/// The result of one action.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub view: View,
    pub effects: Vec<Effect>,
    /// A short message about the action itself ("nothing to undo").
    pub notice: Option<Notice>,
    /// The answer just rated, for flashcards that move straight on: rating and next interval.
    pub rated: Option<(Rating, Option<Duration>)>,
}

/// What the engine has to say about an action, for the front end to put in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The paper's time ran out (drills).
    TimeUp,
    /// The question's time ran out (drills).
    QuestionTimeUp,
    /// The card's stored state could not be scheduled; the reason, for the learner.
    SetAside(String),
    /// An answer was typed while feedback is shown.
    PressEnter,
    /// A choice card's reply named an option by a number beyond its `options`: asked
    /// again, nothing recorded ([`crate::grading::not_an_option`]).
    NotAnOption {
        options: usize,
    },
    /// A bare "q", "quit" or "exit" typed as an answer the card does not have: not graded
    /// ([`crate::grading::means_to_leave`]); the command is `:quit`.
    QuitWithColon,
    SessionOver,
    NoRevealInDrill,
    NothingToReveal,
    /// A rating came before the answer was revealed.
    RevealFirst,
    NoSelfGradingInDrill,
    CorrectOnlyAfterAnswering,
    NothingToCorrect,
    /// The verdict the learner asked for is the one already given.
    AlreadyCounted {
        right: bool,
    },
    NoHintsInDrill,
    HintsOnlyWhileAsking,
    NothingToSkip,
    /// Skipped once: the card comes back at the end of the session.
    SkippedForLater,
    /// Skipped again (or in a drill): the card stays due for another session.
    SkippedForNextTime,
    NoUndoInDrill,
    NothingToUndo,
    /// The last answer was taken back; the card is asked again.
    Undone,
    /// The card just answered has lapsed so often that it is a leech; suspended, it leaves the
    /// session and the queues until `recall unsuspend`.
    Leech {
        deck: DeckId,
        card: CardId,
        lapses: u32,
        suspended: bool,
    },
}

/// A card in the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardNote {
    pub deck: DeckId,
    pub card: CardId,
    pub question: String,
    pub answer: String,
    pub duration: Duration,
}

/// The end of a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub answered: usize,
    pub right: usize,
    pub typo: usize,
    /// Close replies that stood after their second chance (rated Hard; in a drill a close
    /// reply counts as wrong).
    pub close: usize,
    pub wrong: usize,
    /// Flashcards rated by the learner, by rating.
    pub self_graded: [usize; 4],
    pub skipped: usize,
    /// Answers that were right (typos included) out of graded answers.
    pub accuracy: Option<f64>,
    pub elapsed: Duration,
    /// Up to three slowest answers, slowest first.
    pub slowest: Vec<CardNote>,
    /// Cards answered wrong at least once.
    pub missed: Vec<CardNote>,
    /// The longest run of right answers.
    pub best_run: usize,
    /// Cards left when the session ended (quit, time-out).
    pub unanswered: usize,
    /// Learning cards waiting for their next step.
    pub learning_pending: usize,
    pub next_learning_due: Option<Timestamp>,
    pub quit: bool,
    /// The drill's result.
    pub drill: Option<DrillResult>,
}

/// A drill's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrillResult {
    pub score: u32,
    pub max_score: u32,
    pub end: PaperEnd,
    /// Positions of the questions left unanswered (skipped, timed out, or not reached).
    pub unanswered: Vec<usize>,
}
