//! Decks: the TOML file format (a serde mirror in `raw`), its validation into domain types
//! (`Deck`, `Note`, `Card`), diagnostics located by file, line and column, deck discovery, and
//! which cards give each other away (`reveals`).
//!
//! Knows nothing of the terminal, the database or the clock. Every rule about what a valid deck
//! is lives in `validate`; see `docs/deck-format.md` for the format itself.

mod cloze;
mod context;
mod diagnostic;
mod discover;
pub mod duration;
mod kind;
mod load;
mod lone;
mod model;
mod raw;
pub mod reveals;
#[cfg(test)]
mod roundtrip_tests;
#[cfg(test)]
mod scaling_tests;
mod split;
#[cfg(test)]
mod split_tests;
mod validate;

pub use cloze::{CONTEXT_BYTES, CONTEXT_GAPS, Cloze, ClozeError, Gap, MAX_GAPS};
pub use diagnostic::{Diagnostic, LineIndex, Severity, did_you_mean, invalid_utf8_position};
pub use discover::{DeckSource, Discovery, Found, bundled, discover};
pub use kind::{Asked, Kind, Need, Spec};
pub use load::{Loaded, MAX_FILE_SIZE, load_bytes, load_file, load_str, read_file};
pub use lone::{check_card, place};
pub use model::{
    Alias, Card, CardId, Deck, DeckId, IdError, LeechAction, MAX_ID_LEN, Note, Origin, Schedule,
};
pub use raw::{RawCard, RawFile, Scalar};
pub use validate::{MAX_CHOICES, question_key, suggest_id};

/// Serializes a validated deck as TOML; loading the result gives the same deck.
pub fn to_toml(deck: &Deck) -> Result<String, toml::ser::Error> {
    toml::to_string(&RawFile::from_deck(deck))
}
