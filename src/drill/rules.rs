//! The rules of a timed paper, shared by the session engine that runs it and the results files
//! that record it: how answers are scored, the time allowed, how a paper ended, and the order a
//! choice card's options are shown in.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::deck::{CardId, DeckId};
use crate::shuffle::shuffled;

/// How a drill is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scoring {
    /// One point per right answer (a typo counts as right).
    Plain,
    /// Like Kahoot: a right answer earns 1000 points when instant, down to 500 at the time
    /// allowed for a question.
    Speed,
}

impl Scoring {
    /// The most a question can earn.
    pub fn max_points(self) -> u32 {
        match self {
            Scoring::Plain => 1,
            Scoring::Speed => 1000,
        }
    }

    /// Points for an answer: nothing when wrong; when right, by speed against `reference`.
    pub fn points(self, right: bool, taken: Duration, reference: Duration) -> u32 {
        if !right {
            return 0;
        }
        match self {
            Scoring::Plain => 1,
            Scoring::Speed => {
                let share = if reference.is_zero() {
                    1.0
                } else {
                    (taken.as_secs_f64() / reference.as_secs_f64()).min(1.0)
                };
                // 1000 at once, 500 at the limit, as Kahoot scores.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let points = (1000.0 * (1.0 - share / 2.0)).round() as u32;
                points
            }
        }
    }
}

/// The rules of a timed drill.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DrillRules {
    /// Time for the whole paper.
    pub time_limit: Option<Duration>,
    /// Time for each question.
    pub per_question: Option<Duration>,
    pub scoring: Scoring,
}

impl DrillRules {
    /// The time a speed score is measured against: the per-question limit, else the paper's
    /// time shared out, else 30 seconds.
    pub fn reference(&self, questions: usize) -> Duration {
        self.per_question
            .or_else(|| {
                self.time_limit
                    .map(|total| total / u32::try_from(questions.max(1)).unwrap_or(u32::MAX))
            })
            .unwrap_or(Duration::from_secs(30))
    }
}

/// How a drill paper ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaperEnd {
    Finished,
    Timeout,
    Quit,
}

impl PaperEnd {
    pub fn as_str(self) -> &'static str {
        match self {
            PaperEnd::Finished => "finished",
            PaperEnd::Timeout => "timeout",
            PaperEnd::Quit => "quit",
        }
    }
}

/// The order a choice card's options are shown in, for a session seed: the same on every
/// machine, so a printed drill paper matches the one asked on screen.
pub fn choice_order(choices: &[String], seed: u64, deck: &DeckId, card: &CardId) -> Vec<String> {
    shuffled(
        choices,
        crate::text::stable_hash(&[
            &seed.to_le_bytes(),
            deck.as_str().as_bytes(),
            card.as_str().as_bytes(),
        ]),
    )
}
