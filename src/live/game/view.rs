//! What the teacher's screen (the projector) shows: a snapshot of the game, built on demand.
//! Like the players' messages, it carries no answer before the reveal.

use std::collections::HashMap;
use std::time::Duration;

use super::{Game, Open, Phase, PlayerId};
use crate::deck::Kind;
use crate::grading::parse_truefalse;
use crate::live::protocol::Standing;
use crate::text::normalize;
use crate::time::Timestamp;

/// Typed replies shown one bar each on the reveal; the rest share an "other" bar.
const TYPED_BARS: usize = 5;

/// The game as the teacher sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct HostView {
    pub title: String,
    pub pin: String,
    pub questions: usize,
    /// Players in the order they joined (removed players left out).
    pub players: Vec<PlayerRow>,
    pub stage: Stage,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayerRow {
    pub id: PlayerId,
    pub name: String,
    pub connected: bool,
}

/// One bar of the distribution of replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub count: usize,
    /// The bar's replies were right.
    pub right: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    Lobby,
    Question {
        number: usize,
        text: String,
        kind: Kind,
        choices: Vec<String>,
        remaining: Duration,
        time: Duration,
        paused: bool,
        /// Answers received, of the players playing this question who are connected.
        answered: usize,
        playing: usize,
    },
    Reveal {
        number: usize,
        text: String,
        answer: String,
        explain: Option<String>,
        bars: Vec<Bar>,
        /// Players who played the question and did not answer.
        unanswered: usize,
        top: Vec<Standing>,
        /// This was the last question.
        last: bool,
    },
    Over {
        finished: bool,
        standings: Vec<Standing>,
    },
}

impl Game {
    /// The teacher's view at `now`.
    pub fn view(&self, now: Timestamp) -> HostView {
        let players = self
            .players
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_active())
            .map(|(at, p)| PlayerRow {
                id: PlayerId(at),
                name: p.name.clone(),
                connected: p.conn.is_some(),
            })
            .collect();
        HostView {
            title: self.setup.title.clone(),
            pin: self.setup.pin.clone(),
            questions: self.setup.questions.len(),
            players,
            stage: self.stage(now),
        }
    }

    fn stage(&self, now: Timestamp) -> Stage {
        match self.phase {
            Phase::Lobby => Stage::Lobby,
            Phase::Open(open) => self.question_stage(open, now),
            Phase::Reveal { index } => {
                let asked = &self.setup.questions[index];
                let playing = self
                    .players
                    .iter()
                    .filter(|p| p.is_active() && p.from <= index);
                let answered = playing
                    .clone()
                    .filter(|p| p.answers.contains_key(&index))
                    .count();
                Stage::Reveal {
                    number: index + 1,
                    text: asked.card.question.clone(),
                    answer: super::shown_answer(asked),
                    explain: asked.card.explain.clone(),
                    bars: self.bars(index),
                    unanswered: playing.count() - answered,
                    top: self
                        .standings()
                        .into_iter()
                        .take(5)
                        .map(|(_, s)| s)
                        .collect(),
                    last: index + 1 == self.setup.questions.len(),
                }
            }
            Phase::Over { finished } => Stage::Over {
                finished,
                standings: self.standings().into_iter().map(|(_, s)| s).collect(),
            },
        }
    }

    fn question_stage(&self, open: Open, now: Timestamp) -> Stage {
        let asked = &self.setup.questions[open.index];
        let playing: Vec<_> = self
            .players
            .iter()
            .filter(|p| p.is_active() && p.conn.is_some() && p.from <= open.index)
            .collect();
        Stage::Question {
            number: open.index + 1,
            text: asked.card.question.clone(),
            kind: asked.card.kind,
            choices: asked.choices.clone(),
            remaining: self.setup.per_question.saturating_sub(open.taken(now)),
            time: self.setup.per_question,
            paused: open.running_since.is_none(),
            answered: self
                .players
                .iter()
                .filter(|p| p.is_active() && p.answers.contains_key(&open.index))
                .count(),
            playing: playing.len(),
        }
    }

    /// How the replies to question `index` were spread: one bar per option for choice and
    /// true/false cards, else one per distinct reply (most common first, the rest as "other").
    fn bars(&self, index: usize) -> Vec<Bar> {
        let asked = &self.setup.questions[index];
        let given: Vec<&super::Given> = self
            .players
            .iter()
            .filter(|p| p.is_active())
            .filter_map(|p| p.answers.get(&index))
            .collect();
        match asked.card.kind {
            Kind::Choice => {
                let mut bars: Vec<Bar> = asked
                    .choices
                    .iter()
                    .map(|option| Bar {
                        label: option.clone(),
                        count: 0,
                        right: normalize(option) == normalize(&asked.card.answer),
                    })
                    .collect();
                let mut other = 0;
                for g in &given {
                    match asked.choices.iter().position(|option| *option == g.reply) {
                        Some(at) => bars[at].count += 1,
                        None if g.outcome.is_right() => {
                            if let Some(bar) = bars.iter_mut().find(|b| b.right) {
                                bar.count += 1;
                            }
                        }
                        None => other += 1,
                    }
                }
                if other > 0 {
                    bars.push(Bar {
                        label: "(other)".into(),
                        count: other,
                        right: false,
                    });
                }
                bars
            }
            Kind::TrueFalse => {
                let answer = parse_truefalse(&asked.card.answer);
                [true, false]
                    .into_iter()
                    .map(|value| Bar {
                        label: value.to_string(),
                        count: given
                            .iter()
                            .filter(|g| parse_truefalse(&g.reply) == Some(value))
                            .count(),
                        right: answer == Some(value),
                    })
                    .collect()
            }
            Kind::Text | Kind::Number | Kind::Year | Kind::Cloze => typed_bars(&given),
        }
    }
}

fn typed_bars(given: &[&super::Given]) -> Vec<Bar> {
    let mut groups: HashMap<String, Bar> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for g in given {
        let key = normalize(&g.reply);
        groups
            .entry(key.clone())
            .or_insert_with(|| {
                order.push(key);
                Bar {
                    label: g.reply.trim().to_owned(),
                    count: 0,
                    right: g.outcome.is_right(),
                }
            })
            .count += 1;
    }
    let mut bars: Vec<Bar> = order
        .into_iter()
        .filter_map(|key| groups.remove(&key))
        .collect();
    // Most common first; among equals, right replies first, then first given.
    bars.sort_by(|a, b| b.count.cmp(&a.count).then(b.right.cmp(&a.right)));
    if bars.len() > TYPED_BARS {
        let rest: usize = bars.drain(TYPED_BARS - 1..).map(|bar| bar.count).sum();
        bars.push(Bar {
            label: "(other)".into(),
            count: rest,
            right: false,
        });
    }
    bars
}
