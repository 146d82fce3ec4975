//! The use cases, shared by every front end (the CLI verbs in `commands`, and later a server):
//! syncing decks into storage ([`sync`]), building a session's queue across decks ([`queue`]),
//! recording an answer with the one verdict → rating rule ([`record`]), hosting a session on
//! storage ([`session`]), choosing and recording a drill paper ([`drill`]), one card's report
//! ([`card`]), what `check` finds in the review history ([`check`]), the whole-deck grading
//! context of the decks graded against ([`context`]) and looking after the database
//! ([`doctor`]).
//!
//! Written against the storage traits of `store::api`, not `SQLite`. No terminal and no
//! printing: what a use case has to say comes back as data or through a callback. Time comes in
//! with the [`Scope`] (and a [`crate::time::Clock`] for sessions); randomness as seeds.

pub mod card;
pub mod charts;
pub mod check;
pub mod complete;
pub mod context;
pub mod doctor;
pub mod drill;
pub mod history;
pub mod leech;
pub mod live;
pub mod memory;
pub mod parallel;
#[cfg(test)]
mod plan_tests;
pub mod progress;
pub mod queue;
pub mod record;
pub mod session;
#[cfg(test)]
mod study_tests;
pub mod sync;

use crate::time::{StudyDay, Timestamp, Zone};

/// Whose progress a use case works on, and when: read once per command (or per request).
#[derive(Debug, Clone)]
pub struct Scope {
    pub profile: String,
    pub now: Timestamp,
    /// Resolved on first use: most commands never need it.
    pub tz: Zone,
}

impl Scope {
    /// The study day `now` falls in.
    pub fn today(&self) -> StudyDay {
        StudyDay::containing(self.now, &self.tz)
    }
}

/// The platform's place for recall's data: `$XDG_DATA_HOME/recall`, else
/// `~/.local/share/recall` (Linux and BSD), `~/Library/Application Support/recall` (macOS),
/// `%APPDATA%\recall` (Windows). Empty variables count as unset.
pub fn default_data_dir() -> Option<std::path::PathBuf> {
    use std::path::PathBuf;
    let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if cfg!(windows) {
        return non_empty("APPDATA").map(|dir| PathBuf::from(dir).join("recall"));
    }
    if let Some(xdg) = non_empty("XDG_DATA_HOME").map(PathBuf::from)
        && xdg.is_absolute()
    {
        return Some(xdg.join("recall"));
    }
    let home = PathBuf::from(non_empty("HOME")?);
    if cfg!(target_os = "macos") {
        Some(home.join("Library/Application Support/recall"))
    } else {
        Some(home.join(".local/share/recall"))
    }
}

/// A mistake in how recall was called: exit code 2, like clap's own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Profile names: what a person would type as a name, nothing that needs quoting in SQL or
/// breaks a terminal.
pub fn parse_profile(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("a profile name cannot be empty".into());
    }
    if name.chars().count() > 64 {
        return Err("a profile name is at most 64 characters".into());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '\'')))
    {
        return Err(format!(
            "`{bad}` is not allowed in a profile name; use letters, digits, spaces, '-', '_' and '.'"
        ));
    }
    Ok(name.to_owned())
}

/// In-memory storage and decks for the use cases' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::Scope;
    use crate::deck::{Deck, Origin, load_str};
    use crate::store::{Catalog, DeckRecord, Store};
    use crate::time::Timestamp;

    pub fn at(text: &str) -> Timestamp {
        text.parse().expect("a valid time")
    }

    pub fn scope(now: &str) -> Scope {
        Scope {
            profile: "me".into(),
            now: at(now),
            tz: jiff::tz::TimeZone::UTC.into(),
        }
    }

    pub fn deck(text: &str) -> Deck {
        load_str(text, Origin::File("d.toml".into()))
            .deck
            .expect("a valid test deck")
    }

    /// A store in memory with `decks` synced and followed by the scope's profile.
    pub fn store_with(decks: &[&Deck], scope: &Scope) -> (Store, Vec<DeckRecord>) {
        let mut store =
            Store::open_file(std::path::Path::new(":memory:")).expect("an in-memory database");
        let mut records = Vec::new();
        for (n, deck) in decks.iter().enumerate() {
            super::sync::save_parsed(&mut store, deck, &format!("{n}.toml"), scope.now)
                .expect("sync");
            store
                .attach(&scope.profile, &deck.id, scope.now)
                .expect("attach");
            records.push(store.deck_record(&deck.id).expect("q").expect("record"));
        }
        (store, records)
    }
}
