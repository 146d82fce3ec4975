//! The live classroom: `recall host` runs a quiz game on the room's own network and students
//! join from a browser or `recall join`.
//!
//! `game` is the game itself, a pure state machine (players, question phases, timing, scoring,
//! the leaderboard, what to save); `protocol` the JSON messages on the wire; `names` and
//! `limits` the pure rules for player names and rates. `server` (axum + tokio) and `client`
//! (tungstenite) are the only parts that touch the network; the player page is embedded from
//! `page/`. Nothing here prints, reads the terminal or opens the database: `app::live` glues
//! this to the store and the data directory, `commands::host` and `commands::join` to
//! `ui::live`.

pub mod client;
pub mod game;
pub mod limits;
pub mod names;
pub mod protocol;
pub mod seats;
pub mod server;

pub use game::{Game, GameQuestion, Setup};
