//! The live game as a pure state machine: players joining (late, again after a dropped
//! connection, kicked), each question's phases (open with a deadline, paused, closed and
//! revealed), server-measured timing, grading and scoring exactly as a drill does, the
//! leaderboard, and what must be saved.
//!
//! No sockets, no database, no clock: time comes with every input, tokens come from the caller,
//! and what to send and to save is handed back as a [`Step`]. The rule that no player learns an
//! answer before its reveal lives here: only `Game::reveal_for` puts an answer in a message.

#[cfg(test)]
mod tests;
mod view;

use std::collections::HashMap;
use std::time::Duration;

pub use view::{Bar, HostView, PlayerRow, Stage};

use super::names::{self, NameFilter};
use super::protocol::{
    GameInfo, MAX_ANSWER_CHARS, OverMsg, QuestionMsg, Refusal, Rejection, RevealMsg, ServerMsg,
    Standing, VERSION,
};
use crate::deck::{Asked, Card, DeckId};
use crate::drill::results::Outcome;
use crate::drill::{PaperEnd, Scoring};
use crate::grading::{self, DeckContext, Graded, Verdict};
use crate::time::Timestamp;

/// A connection, numbered by the server.
pub type ConnId = u64;

/// A player, numbered in the order they joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlayerId(pub usize);

/// One question of the paper, as `drill` asks it.
#[derive(Debug, Clone, PartialEq)]
pub struct GameQuestion {
    pub deck: DeckId,
    pub card: Card,
    /// A choice card's options in the order shown (`session::choice_order` for the seed).
    pub choices: Vec<String>,
}

/// Everything a game is set up with.
#[derive(Debug, Clone)]
pub struct Setup {
    pub title: String,
    pub pin: String,
    pub questions: Vec<GameQuestion>,
    /// Per deck, the whole-deck view grading needs (aliases, people's names, other cards'
    /// answers), so that a game grades exactly as a drill does.
    pub contexts: HashMap<DeckId, DeckContext>,
    pub per_question: Duration,
    pub scoring: Scoring,
    pub max_players: usize,
    pub names: NameFilter,
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A connection's `join` message; `new_token` is a fresh random token, used if this is a
    /// new player.
    Join {
        conn: ConnId,
        v: u32,
        pin: String,
        name: String,
        token: Option<String>,
        new_token: String,
    },
    Answer {
        conn: ConnId,
        question: usize,
        choice: Option<usize>,
        text: Option<String>,
    },
    /// The connection closed or was dropped.
    Left { conn: ConnId },
    /// The teacher's keys.
    Host(HostAction),
    /// Time passed: the server's timer at a deadline.
    Tick,
}

/// What the teacher can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostAction {
    /// Start, close the question now, go on to the next question, or finish after the last.
    Next,
    /// Pause or resume the question's countdown.
    Pause,
    Kick(PlayerId),
    /// End the game now; everything answered is kept.
    End,
}

/// Who a message is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Conn(ConnId),
    /// Every connected player ([`Game::player_conns`]).
    Players,
}

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub to: Audience,
    pub msg: ServerMsg,
}

/// Something to save, in order: each player's answers are a drill attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A new player: start their attempt.
    Joined {
        player: PlayerId,
        name: String,
        at: Timestamp,
    },
    Answered {
        player: PlayerId,
        /// The question's place in the paper.
        position: usize,
        reply: String,
        verdict: Verdict,
        outcome: Outcome,
        points: u32,
        taken: Duration,
        at: Timestamp,
    },
    /// The player's attempt ended (the game ended, or they were removed).
    Finished {
        player: PlayerId,
        at: Timestamp,
        end: PaperEnd,
        /// Positions without an answer.
        unanswered: Vec<usize>,
    },
}

/// The result of one input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Step {
    pub outgoing: Vec<Outgoing>,
    pub records: Vec<Record>,
    /// A word for the teacher ("nobody has joined yet").
    pub notice: Option<String>,
}

impl Step {
    fn send(&mut self, to: Audience, msg: ServerMsg) {
        self.outgoing.push(Outgoing { to, msg });
    }

    fn tell(&mut self, conn: ConnId, msg: ServerMsg) {
        self.send(Audience::Conn(conn), msg);
    }
}

/// An answer a player gave.
#[derive(Debug, Clone, PartialEq)]
struct Given {
    reply: String,
    graded: Graded,
    outcome: Outcome,
    points: u32,
    taken: Duration,
}

#[derive(Debug, Clone)]
struct Player {
    name: String,
    token: String,
    conn: Option<ConnId>,
    /// The first question this player plays (later ones for late joiners).
    from: usize,
    answers: HashMap<usize, Given>,
    kicked: bool,
}

impl Player {
    fn is_active(&self) -> bool {
        !self.kicked
    }
}

/// The question being asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Open {
    index: usize,
    /// Time the countdown ran before the last pause.
    used: Duration,
    /// When the countdown last started; `None` while paused.
    running_since: Option<Timestamp>,
}

impl Open {
    /// Time on the countdown so far (pauses excluded).
    fn taken(&self, now: Timestamp) -> Duration {
        self.used
            + self
                .running_since
                .map_or(Duration::ZERO, |since| now.since(since))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Lobby,
    Open(Open),
    Reveal { index: usize },
    Over { finished: bool },
}

/// A live game.
#[derive(Debug)]
pub struct Game {
    setup: Setup,
    players: Vec<Player>,
    conns: HashMap<ConnId, PlayerId>,
    phase: Phase,
    /// Questions whose points count on the leaderboard: the revealed ones (and, once the game
    /// is over, the one that was open).
    counted: usize,
}

impl Game {
    pub fn new(setup: Setup) -> Game {
        Game {
            setup,
            players: Vec::new(),
            conns: HashMap::new(),
            phase: Phase::Lobby,
            counted: 0,
        }
    }

    pub fn info(&self) -> GameInfo {
        GameInfo {
            title: self.setup.title.clone(),
            questions: self.setup.questions.len(),
            scoring: self.setup.scoring,
            per_question_ms: millis(self.setup.per_question),
        }
    }

    pub fn max_players(&self) -> usize {
        self.setup.max_players
    }

    pub fn pin(&self) -> &str {
        &self.setup.pin
    }

    pub fn is_over(&self) -> bool {
        matches!(self.phase, Phase::Over { .. })
    }

    /// When the open question's time runs out, unless paused: the server wakes the game with
    /// [`Input::Tick`] then.
    pub fn deadline(&self) -> Option<Timestamp> {
        match self.phase {
            Phase::Open(open) => open
                .running_since
                .map(|since| since.plus(self.setup.per_question.saturating_sub(open.used))),
            _ => None,
        }
    }

    /// The connections of every joined player, for [`Audience::Players`].
    pub fn player_conns(&self) -> impl Iterator<Item = ConnId> + '_ {
        self.players
            .iter()
            .filter(|p| p.is_active())
            .filter_map(|p| p.conn)
    }

    /// Applies one input at `now`. A deadline that has passed is handled first, so an answer
    /// arriving after it is refused even if the timer has not fired yet.
    pub fn apply(&mut self, input: Input, now: Timestamp) -> Step {
        let mut step = Step::default();
        self.expire(now, &mut step);
        match input {
            Input::Join {
                conn,
                v,
                pin,
                name,
                token,
                new_token,
            } => self.join(conn, v, &pin, &name, token, new_token, now, &mut step),
            Input::Answer {
                conn,
                question,
                choice,
                text,
            } => self.answer(conn, question, choice, text, now, &mut step),
            Input::Left { conn } => {
                if let Some(id) = self.conns.remove(&conn)
                    && self.players[id.0].conn == Some(conn)
                {
                    self.players[id.0].conn = None;
                }
                self.close_if_all_answered(now, &mut step);
            }
            Input::Host(action) => self.host(action, now, &mut step),
            Input::Tick => {}
        }
        step
    }

    fn expire(&mut self, now: Timestamp, step: &mut Step) {
        if let Some(deadline) = self.deadline()
            && now >= deadline
            && let Phase::Open(open) = self.phase
        {
            self.close(open.index, step);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn join(
        &mut self,
        conn: ConnId,
        v: u32,
        pin: &str,
        name: &str,
        token: Option<String>,
        new_token: String,
        now: Timestamp,
        step: &mut Step,
    ) {
        let refuse = |step: &mut Step, reason: Refusal, message: &str| {
            step.tell(
                conn,
                ServerMsg::Refused {
                    reason,
                    message: message.to_owned(),
                },
            );
        };
        if self.conns.contains_key(&conn) {
            return refuse(
                step,
                Refusal::AlreadyJoined,
                "this connection has joined already",
            );
        }
        if v != VERSION {
            return refuse(
                step,
                Refusal::Version,
                "this page is from another version of recall; reload it",
            );
        }
        if pin.trim() != self.setup.pin {
            return refuse(
                step,
                Refusal::Pin,
                "wrong PIN: check the number on the teacher's screen",
            );
        }
        let known = token.and_then(|token| {
            self.players
                .iter()
                .position(|p| !token.is_empty() && p.token == token)
        });
        if let Some(index) = known {
            if self.players[index].kicked {
                return refuse(
                    step,
                    Refusal::Kicked,
                    "the teacher removed you from this game",
                );
            }
            return self.rejoin(PlayerId(index), conn, now, step);
        }
        let from = match self.phase {
            Phase::Lobby => 0,
            Phase::Open(Open { index, .. }) | Phase::Reveal { index } => index + 1,
            Phase::Over { .. } => usize::MAX,
        };
        if from >= self.setup.questions.len() {
            return refuse(
                step,
                Refusal::Over,
                "the last question has been asked: wait for the next game",
            );
        }
        if self.players.iter().filter(|p| p.is_active()).count() >= self.setup.max_players {
            return refuse(
                step,
                Refusal::Full,
                "the game is full: ask your teacher to raise --max-players",
            );
        }
        let taken: Vec<&str> = self
            .players
            .iter()
            .filter(|p| p.is_active())
            .map(|p| p.name.as_str())
            .collect();
        let name = match names::assign(name, &self.setup.names, &taken) {
            Ok(name) => name,
            Err(error) => return refuse(step, Refusal::Name, &error.to_string()),
        };
        let id = PlayerId(self.players.len());
        self.players.push(Player {
            name: name.clone(),
            token: new_token.clone(),
            conn: Some(conn),
            from,
            answers: HashMap::new(),
            kicked: false,
        });
        self.conns.insert(conn, id);
        step.records.push(Record::Joined {
            player: id,
            name: name.clone(),
            at: now,
        });
        step.tell(
            conn,
            ServerMsg::Welcome {
                v: VERSION,
                name,
                token: new_token,
                game: self.info(),
                rejoined: false,
                score: 0,
            },
        );
        if self.phase == Phase::Lobby {
            step.send(
                Audience::Players,
                ServerMsg::Lobby {
                    players: self.active_count(),
                },
            );
        } else {
            self.send_state(id, conn, now, step);
        }
    }

    fn rejoin(&mut self, id: PlayerId, conn: ConnId, now: Timestamp, step: &mut Step) {
        if let Some(old) = self.players[id.0].conn.replace(conn) {
            self.conns.remove(&old);
            step.tell(old, ServerMsg::Replaced);
        }
        self.conns.insert(conn, id);
        let player = &self.players[id.0];
        step.tell(
            conn,
            ServerMsg::Welcome {
                v: VERSION,
                name: player.name.clone(),
                token: player.token.clone(),
                game: self.info(),
                rejoined: true,
                score: self.score(player),
            },
        );
        self.send_state(id, conn, now, step);
    }

    /// Tells a player who (re)joined where the game stands.
    fn send_state(&self, id: PlayerId, conn: ConnId, now: Timestamp, step: &mut Step) {
        let player = &self.players[id.0];
        let msg = match self.phase {
            Phase::Lobby => ServerMsg::Lobby {
                players: self.active_count(),
            },
            Phase::Open(open) if player.from <= open.index => {
                let mut question = self.question_msg(open, now);
                question.answered = player.answers.contains_key(&open.index);
                ServerMsg::Question(question)
            }
            Phase::Reveal { index } if player.from <= index => {
                ServerMsg::Reveal(self.reveal_for(id, index))
            }
            Phase::Open(_) | Phase::Reveal { .. } => ServerMsg::Waiting { from: player.from },
            Phase::Over { finished } => ServerMsg::Over(self.over_for(id, finished)),
        };
        step.tell(conn, msg);
    }

    #[allow(clippy::too_many_arguments)]
    fn answer(
        &mut self,
        conn: ConnId,
        question: usize,
        choice: Option<usize>,
        text: Option<String>,
        now: Timestamp,
        step: &mut Step,
    ) {
        let Some(&id) = self.conns.get(&conn) else {
            step.tell(
                conn,
                ServerMsg::Error {
                    message: "join the game before answering".into(),
                },
            );
            return;
        };
        let reject = |step: &mut Step, reason: Rejection, message: &str| {
            step.tell(
                conn,
                ServerMsg::Rejected {
                    question,
                    reason,
                    message: message.to_owned(),
                },
            );
        };
        let open = match self.phase {
            Phase::Open(open) if open.index == question => open,
            Phase::Open(open) if question > open.index => {
                return reject(
                    step,
                    Rejection::NotOpen,
                    "that question has not been asked yet",
                );
            }
            Phase::Lobby => {
                return reject(step, Rejection::NotOpen, "the game has not started yet");
            }
            Phase::Reveal { index } if question > index => {
                return reject(
                    step,
                    Rejection::NotOpen,
                    "that question has not been asked yet",
                );
            }
            _ => return reject(step, Rejection::Closed, "too late: that question is closed"),
        };
        if open.running_since.is_none() {
            return reject(step, Rejection::Paused, "the game is paused");
        }
        let player = &self.players[id.0];
        if player.from > question {
            return reject(
                step,
                Rejection::Late,
                "you joined after this question was asked; you play from the next one",
            );
        }
        if player.answers.contains_key(&question) {
            return reject(step, Rejection::Already, "only your first answer counts");
        }
        let asked = &self.setup.questions[question];
        let Some(reply) = reply_text(asked, choice, text) else {
            return reject(
                step,
                Rejection::Invalid,
                "that is not an answer to this question",
            );
        };
        let graded = match self.setup.contexts.get(&asked.deck) {
            Some(context) => grading::grade(&asked.card, &asked.choices, &reply, context),
            None => grading::grade(&asked.card, &asked.choices, &reply, &()),
        };
        let outcome = outcome_of(graded.verdict);
        let taken = open.taken(now);
        let points = self
            .setup
            .scoring
            .points(outcome.is_right(), taken, self.setup.per_question);
        step.records.push(Record::Answered {
            player: id,
            position: question,
            reply: reply.clone(),
            verdict: graded.verdict,
            outcome,
            points,
            taken,
            at: now,
        });
        self.players[id.0].answers.insert(
            question,
            Given {
                reply,
                graded,
                outcome,
                points,
                taken,
            },
        );
        step.tell(
            conn,
            ServerMsg::Ack {
                question,
                taken_ms: millis(taken),
            },
        );
        self.close_if_all_answered(now, step);
    }

    /// Closes the open question early when every connected player who plays it has answered.
    fn close_if_all_answered(&mut self, _now: Timestamp, step: &mut Step) {
        let Phase::Open(open) = self.phase else {
            return;
        };
        let mut playing = self
            .players
            .iter()
            .filter(|p| p.is_active() && p.conn.is_some() && p.from <= open.index)
            .peekable();
        if playing.peek().is_some() && playing.all(|p| p.answers.contains_key(&open.index)) {
            self.close(open.index, step);
        }
    }

    fn host(&mut self, action: HostAction, now: Timestamp, step: &mut Step) {
        match action {
            HostAction::Next => match self.phase {
                Phase::Lobby if self.active_count() == 0 => {
                    step.notice = Some("nobody has joined yet".into());
                }
                Phase::Lobby => self.open(0, now, step),
                Phase::Open(open) => self.close(open.index, step),
                Phase::Reveal { index } if index + 1 < self.setup.questions.len() => {
                    self.open(index + 1, now, step);
                }
                Phase::Reveal { .. } => self.finish(true, now, step),
                Phase::Over { .. } => step.notice = Some("the game is over".into()),
            },
            HostAction::Pause => self.pause(now, step),
            HostAction::Kick(id) => self.kick(id, now, step),
            HostAction::End => {
                if !self.is_over() {
                    let finished = matches!(self.phase, Phase::Reveal { index } if index + 1 == self.setup.questions.len());
                    self.finish(finished, now, step);
                }
            }
        }
    }

    fn open(&mut self, index: usize, now: Timestamp, step: &mut Step) {
        let open = Open {
            index,
            used: Duration::ZERO,
            running_since: Some(now),
        };
        self.phase = Phase::Open(open);
        step.send(
            Audience::Players,
            ServerMsg::Question(self.question_msg(open, now)),
        );
    }

    /// The question as every player sees it: its text and options, never its answer.
    fn question_msg(&self, open: Open, now: Timestamp) -> QuestionMsg {
        let asked = &self.setup.questions[open.index];
        QuestionMsg {
            question: open.index,
            number: open.index + 1,
            of: self.setup.questions.len(),
            kind: asked.card.kind.to_string(),
            text: asked.card.question.clone(),
            choices: asked.choices.clone(),
            time_ms: millis(self.setup.per_question),
            remaining_ms: millis(self.setup.per_question.saturating_sub(open.taken(now))),
            answered: false,
            paused: open.running_since.is_none(),
        }
    }

    fn pause(&mut self, now: Timestamp, step: &mut Step) {
        let Phase::Open(mut open) = self.phase else {
            step.notice = Some("pause works while a question is asked".into());
            return;
        };
        open.used = open.taken(now);
        let remaining_ms = millis(self.setup.per_question.saturating_sub(open.used));
        let msg = if open.running_since.is_some() {
            open.running_since = None;
            ServerMsg::Paused {
                question: open.index,
                remaining_ms,
            }
        } else {
            open.running_since = Some(now);
            ServerMsg::Resumed {
                question: open.index,
                remaining_ms,
            }
        };
        self.phase = Phase::Open(open);
        step.send(Audience::Players, msg);
    }

    fn kick(&mut self, id: PlayerId, now: Timestamp, step: &mut Step) {
        let unanswered = self.unanswered(id);
        let Some(player) = self.players.get_mut(id.0).filter(|p| p.is_active()) else {
            step.notice = Some("no such player".into());
            return;
        };
        player.kicked = true;
        if let Some(conn) = player.conn.take() {
            self.conns.remove(&conn);
            step.tell(
                conn,
                ServerMsg::Kicked {
                    message: "the teacher removed you from this game".into(),
                },
            );
        }
        step.notice = Some(format!("removed {}", player.name));
        if !self.is_over() {
            step.records.push(Record::Finished {
                player: id,
                at: now,
                end: PaperEnd::Quit,
                unanswered,
            });
        }
        if self.phase == Phase::Lobby {
            step.send(
                Audience::Players,
                ServerMsg::Lobby {
                    players: self.active_count(),
                },
            );
        }
        self.close_if_all_answered(now, step);
    }

    /// Ends the question: the reveal, each player's own result and rank.
    fn close(&mut self, index: usize, step: &mut Step) {
        self.phase = Phase::Reveal { index };
        self.counted = index + 1;
        for (at, player) in self.players.iter().enumerate() {
            if let (Some(conn), true) = (player.conn, player.is_active()) {
                step.tell(
                    conn,
                    ServerMsg::Reveal(self.reveal_for(PlayerId(at), index)),
                );
            }
        }
    }

    /// Ends the game: every attempt is closed, every player told their final place.
    fn finish(&mut self, finished: bool, now: Timestamp, step: &mut Step) {
        self.counted = match self.phase {
            Phase::Open(Open { index, .. }) | Phase::Reveal { index } => index + 1,
            Phase::Lobby | Phase::Over { .. } => self.counted,
        };
        self.phase = Phase::Over { finished };
        let end = if finished {
            PaperEnd::Finished
        } else {
            PaperEnd::Quit
        };
        for at in 0..self.players.len() {
            let id = PlayerId(at);
            if !self.players[at].is_active() {
                continue;
            }
            step.records.push(Record::Finished {
                player: id,
                at: now,
                end,
                unanswered: self.unanswered(id),
            });
            if let Some(conn) = self.players[at].conn {
                step.tell(conn, ServerMsg::Over(self.over_for(id, finished)));
            }
        }
    }

    fn unanswered(&self, id: PlayerId) -> Vec<usize> {
        let answers = self.players.get(id.0).map(|p| &p.answers);
        (0..self.setup.questions.len())
            .filter(|position| answers.is_none_or(|a| !a.contains_key(position)))
            .collect()
    }

    fn active_count(&self) -> usize {
        self.players.iter().filter(|p| p.is_active()).count()
    }

    /// A player's score on the leaderboard: the points of the questions counted so far.
    fn score(&self, player: &Player) -> u32 {
        player
            .answers
            .iter()
            .filter(|(position, _)| **position < self.counted)
            .map(|(_, given)| given.points)
            .sum()
    }

    /// Total answer time of the counted answers: breaks ties on the leaderboard (faster first).
    fn time_taken(&self, player: &Player) -> Duration {
        player
            .answers
            .iter()
            .filter(|(position, _)| **position < self.counted)
            .map(|(_, given)| given.taken)
            .sum()
    }

    /// Active players best first, with their rank (equal scores share one). Among equal
    /// scores, who answered more comes first, then who was faster, then who joined first.
    fn standings(&self) -> Vec<(PlayerId, Standing)> {
        let mut rows: Vec<(PlayerId, u32, usize, Duration)> = self
            .players
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_active())
            .map(|(at, p)| {
                let answered = p.answers.keys().filter(|q| **q < self.counted).count();
                (PlayerId(at), self.score(p), answered, self.time_taken(p))
            })
            .collect();
        rows.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(b.2.cmp(&a.2))
                .then(a.3.cmp(&b.3))
                .then(a.0.cmp(&b.0))
        });
        let mut standings = Vec::with_capacity(rows.len());
        let mut rank = 0;
        let mut previous = None;
        for (place, (id, score, _, _)) in rows.into_iter().enumerate() {
            if previous != Some(score) {
                rank = place + 1;
                previous = Some(score);
            }
            standings.push((
                id,
                Standing {
                    rank,
                    name: self.players[id.0].name.clone(),
                    score,
                },
            ));
        }
        standings
    }

    fn rank_of(&self, id: PlayerId) -> (usize, usize) {
        let standings = self.standings();
        let rank = standings
            .iter()
            .find(|(at, _)| *at == id)
            .map_or(standings.len(), |(_, s)| s.rank);
        (rank, standings.len())
    }

    /// The reveal of question `index` for one player: the only message with an answer in it.
    fn reveal_for(&self, id: PlayerId, index: usize) -> RevealMsg {
        let asked = &self.setup.questions[index];
        let player = &self.players[id.0];
        let given = player.answers.get(&index);
        let plays = player.from <= index;
        let (rank, players) = self.rank_of(id);
        RevealMsg {
            question: index,
            number: index + 1,
            of: self.setup.questions.len(),
            answer: shown_answer(asked),
            explain: asked.card.explain.clone(),
            reply: given.map(|g| g.reply.clone()),
            outcome: plays.then(|| given.map_or(Outcome::Unanswered, |g| g.outcome)),
            corrected: given
                .and_then(|g| g.graded.corrected.clone())
                .filter(|c| Some(c) != given.map(|g| &g.graded.expected)),
            points: given.map_or(0, |g| g.points),
            score: self.score(player),
            rank,
            players,
        }
    }

    fn over_for(&self, id: PlayerId, finished: bool) -> OverMsg {
        let standings = self.standings();
        let (rank, score) = standings
            .iter()
            .find(|(at, _)| *at == id)
            .map_or((standings.len(), 0), |(_, s)| (s.rank, s.score));
        OverMsg {
            finished,
            score,
            rank,
            players: standings.len(),
            top: standings.iter().take(5).map(|(_, s)| s.clone()).collect(),
        }
    }
}

/// The answer as a player is shown it after the reveal: what grading reports as expected (the
/// card's answer; `true` or `false` for true/false cards).
fn shown_answer(asked: &GameQuestion) -> String {
    grading::grade(&asked.card, &asked.choices, "", &()).expected
}

/// The reply to grade: an option's text for a choice given by index (true/false: 0 is true,
/// 1 is false), else the typed text; `None` when it is neither or out of bounds.
fn reply_text(asked: &GameQuestion, choice: Option<usize>, text: Option<String>) -> Option<String> {
    let reply = match (choice, text) {
        (Some(index), _) => match asked.card.kind.spec().asked {
            Asked::Choice => asked.choices.get(index).cloned(),
            Asked::TrueFalse => match index {
                0 => Some("true".to_owned()),
                1 => Some("false".to_owned()),
                _ => None,
            },
            Asked::Typed => None,
        },
        (None, Some(text)) => Some(text),
        (None, None) => None,
    }?;
    (!reply.trim().is_empty() && reply.chars().count() <= MAX_ANSWER_CHARS).then_some(reply)
}

/// How a verdict is recorded: right and typos count as right; a `close` reply (right but not
/// specific enough) counts as wrong in a game, as in a drill.
fn outcome_of(verdict: Verdict) -> Outcome {
    match verdict {
        Verdict::Right => Outcome::Right,
        Verdict::Typo => Outcome::Typo,
        Verdict::Wrong | Verdict::Close => Outcome::Wrong,
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
