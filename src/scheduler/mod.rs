//! Spaced-repetition scheduling: our policy (learning steps, graduation, lapses, interval
//! rounding and fuzz) around the `fsrs` crate's memory model, which we never reimplement.
//!
//! Pure: no clock, no database, no terminal. Time comes in as a [`Timestamp`], randomness as a
//! seed. Behaviour follows py-fsrs 6.3 (checked against its reference vectors in
//! `tests/fixtures/scheduler/`), with Anki's fuzz ranges.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::deck::{CardId, DeckId, Schedule};
use crate::time::Timestamp;

mod fuzz;
mod params;
mod policy;
pub mod queue;
#[cfg(test)]
mod tests;

pub use params::{Parameters, ParametersError};
pub use policy::{Outcome, Scheduler, SchedulerError};

/// How well the learner remembered: the four FSRS grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Again,
    Hard,
    Good,
    Easy,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    /// 1 for Again to 4 for Easy, as FSRS numbers them.
    pub fn number(self) -> u8 {
        match self {
            Rating::Again => 1,
            Rating::Hard => 2,
            Rating::Good => 3,
            Rating::Easy => 4,
        }
    }

    /// Position in [`Rating::ALL`]: 0 for Again to 3 for Easy.
    pub fn index(self) -> usize {
        match self {
            Rating::Again => 0,
            Rating::Hard => 1,
            Rating::Good => 2,
            Rating::Easy => 3,
        }
    }

    /// The label shown on screen: "Again", "Hard", "Good", "Easy".
    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rating given as text that is none of again/hard/good/easy/1-4.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a rating; use again, hard, good, easy or 1-4")]
pub struct RatingError(pub String);

impl FromStr for Rating {
    type Err = RatingError;
    fn from_str(text: &str) -> Result<Self, RatingError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "again" | "1" => Ok(Rating::Again),
            "hard" | "2" => Ok(Rating::Hard),
            "good" | "3" => Ok(Rating::Good),
            "easy" | "4" => Ok(Rating::Easy),
            _ => Err(RatingError(text.to_owned())),
        }
    }
}

/// Why an answer is given, which decides whether it changes the schedule: study answers do,
/// practice answers never do, drill answers only when the drill is recorded. Saved with every
/// answer and every session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// Scheduled study: answers are scheduled; a failed card returns after its learning step.
    Study,
    /// Cramming: the schedule never changes; a wrong card comes back a few cards later.
    Practice,
    /// A timed paper: one pass, no hints, no undo, no repeats; scheduled only when recorded.
    Drill,
}

impl Purpose {
    pub const ALL: [Purpose; 3] = [Purpose::Study, Purpose::Practice, Purpose::Drill];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Study => "study",
            Purpose::Practice => "practice",
            Purpose::Drill => "drill",
        }
    }

    /// Whether answers given for this purpose change the schedule by default (a drill's do
    /// when it is recorded).
    pub fn schedules(self) -> bool {
        match self {
            Purpose::Study => true,
            Purpose::Practice | Purpose::Drill => false,
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Purpose {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        Purpose::ALL
            .into_iter()
            .find(|p| p.as_str() == text)
            .ok_or_else(|| format!("`{text}` is not a purpose (study, practice or drill)"))
    }
}

/// Where a card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Never reviewed.
    #[default]
    New,
    /// Going through the learning steps after its first reviews.
    Learning,
    /// Graduated: scheduled in days by FSRS.
    Review,
    /// Forgotten in review, going through the relearning steps.
    Relearning,
}

impl State {
    pub const ALL: [State; 4] = [
        State::New,
        State::Learning,
        State::Review,
        State::Relearning,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Learning => "learning",
            State::Review => "review",
            State::Relearning => "relearning",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for State {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        State::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| format!("`{text}` is not a card state"))
    }
}

/// FSRS memory state: stability in days, difficulty from 1 to 10.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    pub stability: f32,
    pub difficulty: f32,
}

/// Everything the scheduler knows about one card for one learner.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CardState {
    pub state: State,
    /// Index into the learning or relearning steps; 0 in the other states.
    pub step: u32,
    /// `None` until the first review.
    pub memory: Option<Memory>,
    /// When the card is next due; `None` for new cards.
    pub due: Option<Timestamp>,
    pub last_review: Option<Timestamp>,
    /// The interval in days the card was last scheduled for in review (0 otherwise).
    pub scheduled_days: u32,
    /// Reviews so far.
    pub reps: u32,
    /// Times forgotten in review.
    pub lapses: u32,
}

/// A review card whose interval is this many days or more is mature (younger ones are young),
/// as Anki counts them for its statistics.
pub const MATURE_DAYS: u32 = 21;

/// The `fuzz_seed` for [`Scheduler::review`]: fixed per card, so a study session and
/// `recall rate` fuzz a card's intervals alike.
pub fn fuzz_seed(deck: &DeckId, card: &CardId) -> u64 {
    crate::text::stable_hash(&[deck.as_str().as_bytes(), card.as_str().as_bytes()])
}

/// The parts of a deck's `[deck.schedule]` the scheduler needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Desired retention, 0.7–0.99.
    pub retention: f32,
    pub learning_steps: Vec<Duration>,
    pub relearning_steps: Vec<Duration>,
    /// Longest review interval in days (at least 1).
    pub max_interval_days: u32,
    pub fuzz: bool,
    /// The memory model's parameters: FSRS-6's defaults, or fitted to the learner by
    /// `recall optimize`.
    pub parameters: Parameters,
}

impl From<&Schedule> for Policy {
    /// The deck's policy with the default parameters (see [`Policy::with_parameters`]).
    fn from(schedule: &Schedule) -> Self {
        Policy {
            retention: schedule.retention,
            learning_steps: schedule.learning_steps.clone(),
            relearning_steps: schedule.relearning_steps.clone(),
            max_interval_days: schedule.max_interval_days(),
            fuzz: schedule.fuzz,
            parameters: Parameters::default(),
        }
    }
}

impl Policy {
    /// The same policy with the memory model's `parameters`.
    #[must_use]
    pub fn with_parameters(self, parameters: Parameters) -> Policy {
        Policy { parameters, ..self }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy::from(&Schedule::default())
    }
}
