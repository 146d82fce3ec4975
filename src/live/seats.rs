//! The terminal client's memory of the games it joined: the token each game gave, keyed by the
//! game (the server's address and the PIN) and the name the student asked for, so that
//! starting `recall join` again with the same link and name rejoins as the same player (score
//! kept, no second "Ali 2") instead of joining afresh, as the browser page does with its
//! `localStorage`.
//!
//! Pure: the record and its rules (which seat, forgetting, dropping old ones), with the time
//! passed in. `app::live::SeatFile` reads and writes the file (`live-seats.json` in the data
//! directory) for `recall join`.

use serde::{Deserialize, Serialize};

use crate::text::normalize;
use crate::time::Timestamp;

/// The file the seats are kept in, in the data directory.
pub const FILE: &str = "live-seats.json";

/// How long a seat is kept: a game lasts an hour, a lesson a morning; a week covers a student
/// who rejoins a game the teacher left open, and keeps the file small.
const KEEP_FOR_MS: i64 = 7 * 24 * 3_600_000;

/// The most seats kept (the newest): the file never grows without bound.
const MAX_SEATS: usize = 200;

/// Which game, and who in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatKey {
    /// The server's `host:port`, as the link names it.
    pub server: String,
    pub pin: String,
    /// The name the student asked for, normalized (the server may show it as "Ali 2").
    pub name: String,
}

impl SeatKey {
    pub fn new(server: &str, pin: &str, name: &str) -> SeatKey {
        SeatKey {
            server: server.trim().to_ascii_lowercase(),
            pin: pin.trim().to_owned(),
            // Compared as the server compares names: "ali" is the same name as "Ali".
            name: normalize(name),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Seat {
    server: String,
    pin: String,
    name: String,
    token: String,
    /// When the token was last given, in milliseconds since the epoch.
    saved_ms: i64,
}

impl Seat {
    fn is(&self, key: &SeatKey) -> bool {
        self.server == key.server && self.pin == key.pin && self.name == key.name
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    seats: Vec<Seat>,
}

/// The seats kept, as read from the file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Seats {
    seats: Vec<Seat>,
}

impl Seats {
    /// Reads the file's text. A damaged or foreign file is read as no seats (it only costs a
    /// rejoin, and the next write replaces it).
    pub fn parse(text: &[u8]) -> Seats {
        match serde_json::from_slice::<File>(text) {
            Ok(file) if file.version == 1 => Seats { seats: file.seats },
            _ => Seats::default(),
        }
    }

    /// The text of the file.
    pub fn to_json(&self) -> String {
        let file = File {
            version: 1,
            seats: self.seats.clone(),
        };
        // Compact: the file is recall's own, written whole each time.
        let mut text = serde_json::to_string(&file).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The token kept for `key`, unless it is older than the seats are kept.
    pub fn token(&self, key: &SeatKey, now: Timestamp) -> Option<&str> {
        self.seats
            .iter()
            .find(|seat| seat.is(key) && fresh(seat, now))
            .map(|seat| seat.token.as_str())
    }

    /// Keeps `token` for `key` (replacing an earlier one) and drops seats too old to matter.
    pub fn keep(&mut self, key: &SeatKey, token: &str, now: Timestamp) {
        self.seats.retain(|seat| !seat.is(key) && fresh(seat, now));
        self.seats.push(Seat {
            server: key.server.clone(),
            pin: key.pin.clone(),
            name: key.name.clone(),
            token: token.to_owned(),
            saved_ms: now.millis(),
        });
        let extra = self.seats.len().saturating_sub(MAX_SEATS);
        // Oldest first: pushed last is newest.
        self.seats.sort_by_key(|seat| seat.saved_ms);
        self.seats.drain(..extra);
    }

    /// Forgets the seat for `key`; says whether there was one.
    pub fn forget(&mut self, key: &SeatKey) -> bool {
        let before = self.seats.len();
        self.seats.retain(|seat| !seat.is(key));
        self.seats.len() != before
    }

    pub fn len(&self) -> usize {
        self.seats.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seats.is_empty()
    }
}

fn fresh(seat: &Seat, now: Timestamp) -> bool {
    // A clock set back makes the age negative: such a seat is kept.
    now.millis().saturating_sub(seat.saved_ms) <= KEEP_FOR_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    fn at(hours: i64) -> Timestamp {
        Timestamp::from_millis(1_800_000_000_000 + hours * HOUR)
    }

    #[test]
    fn a_seat_is_found_by_its_game_and_the_name_asked_for() {
        let ali = SeatKey::new("127.0.0.1:7878", "482913", "Ali");
        let mut seats = Seats::default();
        seats.keep(&ali, "t-ali", at(0));
        let cases = [
            (
                "same game and name",
                SeatKey::new("127.0.0.1:7878", "482913", "Ali"),
                Some("t-ali"),
            ),
            (
                "spelt with spaces and capitals",
                SeatKey::new(" 127.0.0.1:7878 ", " 482913", " Ali "),
                Some("t-ali"),
            ),
            (
                "name in other capitals",
                SeatKey::new("127.0.0.1:7878", "482913", "ALI"),
                Some("t-ali"),
            ),
            (
                "another PIN: another game",
                SeatKey::new("127.0.0.1:7878", "111111", "Ali"),
                None,
            ),
            (
                "another server",
                SeatKey::new("127.0.0.1:7879", "482913", "Ali"),
                None,
            ),
            (
                "another name: another student",
                SeatKey::new("127.0.0.1:7878", "482913", "Bea"),
                None,
            ),
        ];
        for (case, key, expected) in cases {
            assert_eq!(seats.token(&key, at(1)), expected, "{case}");
        }
    }

    #[test]
    fn keeping_again_replaces_and_forgetting_removes() {
        let key = SeatKey::new("h:1", "1", "Ali");
        let mut seats = Seats::default();
        seats.keep(&key, "old", at(0));
        seats.keep(&key, "new", at(1));
        assert_eq!(seats.len(), 1);
        assert_eq!(seats.token(&key, at(1)), Some("new"));
        assert!(seats.forget(&key));
        assert!(!seats.forget(&key));
        assert_eq!(seats.token(&key, at(1)), None);
    }

    #[test]
    fn old_seats_are_dropped_and_the_file_stays_small() {
        let old = SeatKey::new("h:1", "1", "Ali");
        let mut seats = Seats::default();
        seats.keep(&old, "old", at(0));
        assert_eq!(seats.token(&old, at(24 * 7)), Some("old"));
        assert_eq!(seats.token(&old, at(24 * 7 + 1)), None, "a week old");
        seats.keep(&SeatKey::new("h:1", "2", "Ali"), "t", at(24 * 8));
        assert_eq!(seats.len(), 1, "the old seat goes at the next write");
        for n in 0..MAX_SEATS + 10 {
            seats.keep(&SeatKey::new("h:1", &n.to_string(), "Bea"), "t", at(24 * 8));
        }
        assert_eq!(seats.len(), MAX_SEATS);
        let newest = SeatKey::new("h:1", &(MAX_SEATS + 9).to_string(), "Bea");
        assert_eq!(seats.token(&newest, at(24 * 8)), Some("t"));
    }

    #[test]
    fn the_file_round_trips_and_a_damaged_one_reads_as_empty() {
        let key = SeatKey::new("h:1", "1", "Zoë");
        let mut seats = Seats::default();
        seats.keep(&key, "t", at(0));
        let again = Seats::parse(seats.to_json().as_bytes());
        assert_eq!(again, seats);
        for damaged in [
            &b""[..],
            b"{",
            b"\xff\xfe",
            b"[]",
            br#"{"version":2,"seats":[]}"#,
            b"null",
        ] {
            assert!(Seats::parse(damaged).is_empty(), "{damaged:?}");
        }
    }
}
