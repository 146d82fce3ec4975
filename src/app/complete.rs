//! What shell completion offers for a DECK or `DECK/CARD` argument: the ids of the decks found
//! by default (`./decks`, else the bundled decks) and the card ids the catalog knows for a
//! deck. Pressing Tab must be instant and harmless: the database is opened read-only (never
//! created, migrated or written), deck files are not loaded (an id the catalog does not know is
//! read from the file's `[deck]` table alone), and any problem just means fewer candidates.

use std::path::Path;
use std::time::Duration;

use crate::deck::{self, DeckId};
use crate::store::Store;

/// How long a completion waits for a recall that is writing to the database.
const WAIT: Duration = Duration::from_millis(200);

/// At most this many card ids are offered at once.
const MAX_CARDS: u32 = 500;

/// A deck a DECK argument may name by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckCandidate {
    pub id: String,
    /// The title the catalog keeps, when it has seen the deck (cleaned for the terminal).
    pub title: Option<String>,
}

/// The decks found by default from `cwd` whose id starts with `prefix`, in discovery order.
/// `data_dir` is where the catalog is, if known.
pub fn decks(data_dir: Option<&Path>, cwd: &Path, prefix: &str) -> Vec<DeckCandidate> {
    let store = data_dir.and_then(|dir| Store::open_read_only(dir, WAIT));
    let known = store
        .as_ref()
        .and_then(|store| store.known_decks().ok())
        .unwrap_or_default();
    let mut found: Vec<DeckCandidate> = Vec::new();
    for source in deck::discover(&[], cwd).sources {
        let origin = source.origin().to_string();
        // The catalog names the file's deck as it was last read; a file changed since (or
        // never read) is peeked at.
        let stored = known.iter().find(|deck| deck.origin == origin);
        let id = match stored {
            Some(deck) => Some(deck.id.clone()),
            None => source.peek_id().map(|id| id.to_string()),
        };
        let Some(id) = id else { continue };
        if !id.starts_with(prefix) || found.iter().any(|c| c.id == id) {
            continue;
        }
        let title = known
            .iter()
            .find(|deck| deck.id == id)
            .map(|deck| crate::text::sanitize(&deck.title));
        found.push(DeckCandidate { id, title });
    }
    found
}

/// Card references `DECK/CARD` starting with `current`: before the `/`, the decks found by
/// default (as `DECK/`); after it, the deck's card ids as the catalog last saw them (a cloze
/// card's gaps as `NOTE.1`, `NOTE.2`, …). A deck recall has not read yet has no card ids to
/// offer.
pub fn cards(data_dir: Option<&Path>, cwd: &Path, current: &str) -> Vec<String> {
    let Some((deck, prefix)) = current.split_once('/') else {
        return decks(data_dir, cwd, current)
            .into_iter()
            .map(|candidate| format!("{}/", candidate.id))
            .collect();
    };
    let Ok(deck) = deck.parse::<DeckId>() else {
        return Vec::new();
    };
    let Some(store) = data_dir.and_then(|dir| Store::open_read_only(dir, WAIT)) else {
        return Vec::new();
    };
    store
        .known_cards(&deck, prefix, MAX_CARDS)
        .unwrap_or_default()
        .into_iter()
        .map(|card| format!("{deck}/{}", card.card))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::sync::save_parsed;
    use crate::deck::load_str;

    #[test]
    fn offers_deck_ids_from_the_catalog_or_the_file_and_card_ids_from_the_catalog() {
        let data = tempfile::TempDir::new().expect("data dir");
        let cwd = tempfile::TempDir::new().expect("cwd");
        let decks_dir = cwd.path().join("decks");
        std::fs::create_dir(&decks_dir).expect("decks dir");
        let alpha = "[deck]\nid = \"alpha\"\ntitle = \"Alpha\"\n[[card]]\nid = \"one\"\nquestion = \"1?\"\nanswer = \"1\"\n[[card]]\nid = \"gaps\"\nkind = \"cloze\"\ntext = \"{{a}} {{b}}\"\n";
        std::fs::write(decks_dir.join("a.toml"), alpha).expect("write");
        std::fs::write(
            decks_dir.join("b.toml"),
            "[deck]\nid = \"beta\"\ntitle = \"Beta\"\n",
        )
        .expect("write");
        // No database yet: ids from the files, nothing created.
        let ids = |prefix: &str| -> Vec<String> {
            decks(Some(data.path()), cwd.path(), prefix)
                .into_iter()
                .map(|c| c.id)
                .collect()
        };
        assert_eq!(ids(""), ["alpha", "beta"]);
        assert_eq!(ids("b"), ["beta"]);
        assert!(
            std::fs::read_dir(data.path())
                .expect("dir")
                .next()
                .is_none()
        );
        assert!(cards(Some(data.path()), cwd.path(), "alpha/").is_empty());
        assert_eq!(
            cards(Some(data.path()), cwd.path(), "al"),
            ["alpha/".to_owned()]
        );

        // Once read into the catalog: titles and card ids.
        let origin = deck::discover(&[], cwd.path()).sources[0].origin();
        let deck = load_str(alpha, origin.clone()).deck.expect("deck");
        let mut store = Store::open(data.path()).expect("store");
        save_parsed(
            &mut store,
            &deck,
            &origin.to_string(),
            "2026-11-30T09:00:00Z".parse().expect("time"),
        )
        .expect("sync");
        drop(store);
        let found = decks(Some(data.path()), cwd.path(), "a");
        assert_eq!(found[0].title.as_deref(), Some("Alpha"));
        assert_eq!(
            cards(Some(data.path()), cwd.path(), "alpha/"),
            ["alpha/one", "alpha/gaps.1", "alpha/gaps.2"]
        );
        assert_eq!(
            cards(Some(data.path()), cwd.path(), "alpha/g"),
            ["alpha/gaps.1", "alpha/gaps.2"]
        );
        assert!(cards(Some(data.path()), cwd.path(), "Not A Deck/x").is_empty());
    }

    #[test]
    fn the_bundled_decks_are_offered_without_a_decks_directory() {
        let cwd = tempfile::TempDir::new().expect("cwd");
        let found = decks(None, cwd.path(), "");
        assert!(!found.is_empty());
        assert!(found.iter().all(|c| c.title.is_none()));
    }
}
