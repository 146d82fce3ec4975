//! The live game's wire protocol: JSON text messages over one WebSocket per player, versioned
//! and size-limited. Documented for people in `docs/live.md`; this module is the reference.
//!
//! Types only, plus parsing with its limits: no sockets, no game rules. The server, the
//! terminal client (`recall join`), the browser page and the tests all speak exactly this.

use serde::{Deserialize, Serialize};

use crate::deck::Kind;
use crate::drill::Scoring;
use crate::drill::results::Outcome;

/// The protocol version this recall speaks; a `join` with another version is refused.
pub const VERSION: u32 = 1;

/// The largest message a player may send, in bytes (a join with a long name, or a typed
/// answer). Larger frames close the connection.
pub const MAX_CLIENT_MESSAGE: usize = 4096;

/// The longest typed answer accepted, in characters.
pub const MAX_ANSWER_CHARS: usize = 1000;

/// The path of the WebSocket endpoint.
pub const SOCKET_PATH: &str = "/ws";

/// What a player sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMsg {
    /// The first message on a connection: join the game, or rejoin it with the `token` a
    /// previous `welcome` gave (the score is kept).
    Join {
        v: u32,
        pin: String,
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<String>,
    },
    /// An answer to question `question` (from 0): an option's index in the order shown
    /// (choice cards), or typed text (anything else; choice cards accept an option's text,
    /// number or letter too, as in a drill).
    Answer {
        question: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        choice: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
}

/// Why a message from a player was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    #[error("message of {0} bytes is over the limit of {MAX_CLIENT_MESSAGE}")]
    TooLarge(usize),
    #[error("not a recall message: {0}")]
    Malformed(String),
}

impl ClientMsg {
    /// Reads one message, refusing anything over [`MAX_CLIENT_MESSAGE`] unread.
    pub fn parse(text: &str) -> Result<ClientMsg, ProtocolError> {
        if text.len() > MAX_CLIENT_MESSAGE {
            return Err(ProtocolError::TooLarge(text.len()));
        }
        serde_json::from_str(text).map_err(|e| ProtocolError::Malformed(e.to_string()))
    }

    pub fn to_json(&self) -> String {
        json(self)
    }
}

/// What the game is, as a player needs to know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GameInfo {
    pub title: String,
    pub questions: usize,
    pub scoring: Scoring,
    /// The time allowed for each question, in milliseconds.
    pub per_question_ms: u64,
}

/// Why a join was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The PIN is wrong.
    Pin,
    /// Too many wrong PINs from this address: wait a minute.
    TooManyTries,
    /// The game has its maximum number of players.
    Full,
    /// The name is empty, not allowed or (with a roster) not on it or already taken.
    Name,
    /// The page or client speaks another protocol version.
    Version,
    /// The token belongs to a player the teacher removed.
    Kicked,
    /// The game is over.
    Over,
    /// This connection has already joined.
    AlreadyJoined,
}

/// Why an answer was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rejection {
    /// The question has not been asked yet.
    NotOpen,
    /// The question is closed: its time ran out, or it was revealed.
    Closed,
    /// The game is paused.
    Paused,
    /// This player joined after the question was asked; they play from the next one.
    Late,
    /// Only the first answer counts.
    Already,
    /// No such option, or an empty or overlong answer.
    Invalid,
}

/// A question as players see it: never its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionMsg {
    /// The question's index (from 0), to send back with the answer.
    pub question: usize,
    /// 1-based, for people.
    pub number: usize,
    pub of: usize,
    /// `text`, `number`, `year`, `choice`, `truefalse` or `cloze`.
    pub kind: String,
    pub text: String,
    /// A choice card's options, in the order shown (the same order as `recall drill`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    pub time_ms: u64,
    /// Time left when the message was sent (less for a player who reconnects mid-question).
    pub remaining_ms: u64,
    /// This player has already answered it (after a reconnect).
    #[serde(default)]
    pub answered: bool,
    #[serde(default)]
    pub paused: bool,
}

impl QuestionMsg {
    /// The question's kind, read from its name on the wire; `None` for a kind this recall does
    /// not know (a newer host), which a player answers by typing.
    pub fn kind(&self) -> Option<Kind> {
        self.kind.parse().ok()
    }
}

/// One line of a leaderboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// Equal scores share a rank.
    pub rank: usize,
    pub name: String,
    pub score: u32,
}

/// The end of a question, for one player.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealMsg {
    pub question: usize,
    pub number: usize,
    pub of: usize,
    /// The answer as the card states it (`true`/`false` for true/false cards).
    pub answer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
    /// What this player answered (`None`: nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    /// How it was judged; `None` when the question was not this player's (joined after it
    /// was asked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// For a typo: the spelling it was taken for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    pub points: u32,
    pub score: u32,
    pub rank: usize,
    pub players: usize,
}

/// The end of the game, for one player.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverMsg {
    /// Every question was played (`false`: the teacher ended the game early).
    pub finished: bool,
    pub score: u32,
    pub rank: usize,
    pub players: usize,
    /// The top five.
    pub top: Vec<Standing>,
}

/// What the server sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg {
    /// The join worked. Keep `token` to rejoin after a dropped connection.
    Welcome {
        v: u32,
        /// The name as shown to everyone (sanitised, made unique: a second "Ali" is "Ali 2").
        name: String,
        token: String,
        game: GameInfo,
        /// The player rejoined with their token: their score was kept.
        rejoined: bool,
        /// The player's score so far (0 for a new player).
        #[serde(default)]
        score: u32,
    },
    /// The join was refused; the connection is closed after this.
    Refused {
        reason: Refusal,
        message: String,
    },
    /// Waiting for the teacher to start; `players` have joined so far.
    Lobby {
        players: usize,
    },
    /// Joined during a question: play starts with the next one.
    Waiting {
        from: usize,
    },
    Question(QuestionMsg),
    /// The answer to `question` was received at `taken_ms` after it was asked (server time).
    /// Whether it is right is only said at the reveal.
    Ack {
        question: usize,
        taken_ms: u64,
    },
    Rejected {
        question: usize,
        reason: Rejection,
        message: String,
    },
    Paused {
        question: usize,
        remaining_ms: u64,
    },
    Resumed {
        question: usize,
        remaining_ms: u64,
    },
    Reveal(RevealMsg),
    Over(OverMsg),
    /// The teacher removed this player; the connection is closed after this.
    Kicked {
        message: String,
    },
    /// This player joined again elsewhere (another tab, a reconnect); this connection is
    /// closed after this.
    Replaced,
    /// A message could not be understood; the connection is closed after this.
    Error {
        message: String,
    },
}

impl ServerMsg {
    pub fn to_json(&self) -> String {
        json(self)
    }

    /// Reads a server message (the clients' side).
    pub fn parse(text: &str) -> Result<ServerMsg, ProtocolError> {
        serde_json::from_str(text).map_err(|e| ProtocolError::Malformed(e.to_string()))
    }

    /// Whether the server closes the connection after sending this.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            ServerMsg::Refused { .. }
                | ServerMsg::Kicked { .. }
                | ServerMsg::Replaced
                | ServerMsg::Error { .. }
        )
    }
}

fn json<T: Serialize>(value: &T) -> String {
    // Our message types have string keys and no maps or non-finite floats: serializing them
    // cannot fail.
    serde_json::to_string(value).unwrap_or_else(|_| String::from("{}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_messages_read_as_documented() {
        let cases = [
            (
                r#"{"type":"join","v":1,"pin":"123456","name":"Ali"}"#,
                ClientMsg::Join {
                    v: 1,
                    pin: "123456".into(),
                    name: "Ali".into(),
                    token: None,
                },
            ),
            (
                r#"{"type":"join","v":1,"pin":"1","name":"A","token":"t"}"#,
                ClientMsg::Join {
                    v: 1,
                    pin: "1".into(),
                    name: "A".into(),
                    token: Some("t".into()),
                },
            ),
            (
                r#"{"type":"answer","question":2,"choice":1}"#,
                ClientMsg::Answer {
                    question: 2,
                    choice: Some(1),
                    text: None,
                },
            ),
            (
                r#"{"type":"answer","question":0,"text":"1955","extra":true}"#,
                ClientMsg::Answer {
                    question: 0,
                    choice: None,
                    text: Some("1955".into()),
                },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(ClientMsg::parse(text), Ok(expected.clone()), "{text}");
            assert_eq!(ClientMsg::parse(&expected.to_json()), Ok(expected));
        }
    }

    #[test]
    fn bad_client_messages_are_refused_without_panicking() {
        let huge = format!(
            r#"{{"type":"answer","question":0,"text":"{}"}}"#,
            "x".repeat(MAX_CLIENT_MESSAGE)
        );
        assert!(matches!(
            ClientMsg::parse(&huge),
            Err(ProtocolError::TooLarge(_))
        ));
        for text in [
            "",
            "null",
            "[]",
            r#"{"type":"reveal"}"#,
            r#"{"type":"answer"}"#,
            r#"{"type":"answer","question":-1,"text":"x"}"#,
            r#"{"type":"join","v":1}"#,
            "{\"type\":\"join\",\"v\":1,\"pin\":\"1\",\"name\":\"\u{0}\"",
        ] {
            assert!(
                matches!(ClientMsg::parse(text), Err(ProtocolError::Malformed(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn server_messages_round_trip() {
        let messages = [
            ServerMsg::Lobby { players: 3 },
            ServerMsg::Question(QuestionMsg {
                question: 0,
                number: 1,
                of: 2,
                kind: "choice".into(),
                text: "Q?".into(),
                choices: vec!["a".into(), "b".into()],
                time_ms: 20_000,
                remaining_ms: 19_000,
                answered: false,
                paused: false,
            }),
            ServerMsg::Ack {
                question: 0,
                taken_ms: 1200,
            },
            ServerMsg::Rejected {
                question: 1,
                reason: Rejection::NotOpen,
                message: "not yet".into(),
            },
            ServerMsg::Refused {
                reason: Refusal::Pin,
                message: "wrong PIN".into(),
            },
            ServerMsg::Replaced,
        ];
        for message in messages {
            let json = message.to_json();
            assert_eq!(ServerMsg::parse(&json), Ok(message), "{json}");
        }
        assert_eq!(
            ServerMsg::Ack {
                question: 3,
                taken_ms: 5
            }
            .to_json(),
            r#"{"type":"ack","question":3,"taken_ms":5}"#
        );
    }
}
