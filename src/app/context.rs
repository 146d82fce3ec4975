//! The whole-deck view grading needs ([`DeckContext`]: aliases, people's names, every card's
//! accepted forms) for the decks a command actually grades against. Building it costs tens of
//! microseconds a card, so it is built once per deck contents, from the catalog's cards and
//! aliases, and kept in the store's deck cache under the deck's content hash and this build's
//! grading code ([`FORMAT`]); later commands read it back, many times faster than building it.
//! A session asks for a deck's context at its first answer ([`Contexts`]), `recall answer` for
//! its card's deck only ([`load`]).

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

use anyhow::{Context as _, Result};

use crate::deck::DeckId;
use crate::grading::DeckContext;
use crate::store::Catalog;

/// What the cache holds and which grading code wrote it: a context is only read back by a build
/// whose grading code (`src/grading/`, `src/deck/`, `src/text.rs`) is the same, byte for byte.
pub const FORMAT: &str = concat!("grading-context/json/", env!("RECALL_GRADING_SOURCE"));

/// A context built from the catalog and not yet saved in the cache.
#[derive(Debug)]
struct Unsaved {
    deck: DeckId,
    content_hash: String,
    data: Vec<u8>,
}

/// `deck`'s context: from the cache when its contents have not changed, else built (and handed
/// back to be saved). `None` for a deck the catalog does not know.
fn read<S: Catalog>(store: &S, deck: &DeckId) -> Result<Option<(DeckContext, Option<Unsaved>)>> {
    if let Some(data) = store.deck_cache(deck, FORMAT)?
        && let Ok(context) = serde_json::from_slice::<DeckContext>(&data)
    {
        return Ok(Some((context, None)));
    }
    // A cache that does not read (cut short, written by hand) is built again like a missing one.
    let Some(contents) = store.deck_contents(deck)? else {
        return Ok(None);
    };
    let context = DeckContext::from_cards(&contents.cards, &contents.aliases);
    let data = serde_json::to_vec(&context).context("serializing a grading context")?;
    Ok(Some((
        context,
        Some(Unsaved {
            deck: deck.clone(),
            content_hash: contents.content_hash,
            data,
        }),
    )))
}

/// Saves a built context in the cache. The cache only saves time: a failure to write it (a
/// read-only database, a full disk) is left for the answer's own write to report.
fn save<S: Catalog>(store: &mut S, unsaved: &Unsaved) {
    let _ = store.save_deck_cache(&unsaved.deck, FORMAT, &unsaved.content_hash, &unsaved.data);
}

/// The context of `deck` (an empty one for a deck the catalog does not know), from the cache
/// or built and cached.
pub fn load<S: Catalog>(store: &mut S, deck: &DeckId) -> Result<DeckContext> {
    let Some((context, unsaved)) = read(store, deck)? else {
        return Ok(DeckContext::default());
    };
    if let Some(unsaved) = unsaved {
        save(store, &unsaved);
    }
    Ok(context)
}

/// The contexts of a session's decks, each read or built when first asked for (a session over
/// ten decks that answers cards of one builds one), then kept for the session.
#[derive(Debug, Default)]
pub struct Contexts {
    decks: HashMap<DeckId, OnceCell<Option<DeckContext>>>,
    /// Built and not yet in the cache: saved by [`Contexts::save`], when the store can be
    /// written to.
    unsaved: RefCell<Vec<Unsaved>>,
}

impl Contexts {
    /// Contexts for `decks`, none read yet.
    pub fn new<'a>(decks: impl IntoIterator<Item = &'a DeckId>) -> Contexts {
        Contexts {
            decks: decks
                .into_iter()
                .map(|deck| (deck.clone(), OnceCell::new()))
                .collect(),
            unsaved: RefCell::new(Vec::new()),
        }
    }

    /// `deck`'s context, read or built on first use. `None` for a deck not in the session, or
    /// when storage fails: grading then falls back to the other-answer lookup.
    pub fn get<S: Catalog>(&self, store: &S, deck: &DeckId) -> Option<&DeckContext> {
        self.decks
            .get(deck)?
            .get_or_init(|| match read(store, deck) {
                Ok(Some((context, unsaved))) => {
                    self.unsaved.borrow_mut().extend(unsaved);
                    Some(context)
                }
                Ok(None) | Err(_) => None,
            })
            .as_ref()
    }

    /// Saves the contexts built since the last call in the cache.
    pub fn save<S: Catalog>(&self, store: &mut S) {
        let unsaved = std::mem::take(&mut *self.unsaved.borrow_mut());
        for context in &unsaved {
            save(store, context);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{deck, scope, store_with};
    use crate::deck::CardId;
    use crate::grading::{self, Verdict};

    const DECK: &str = "[deck]\nid = \"d\"\ntitle = \"D\"\n[deck.aliases]\n\"United States\" = [\"America\"]\n\
        [[card]]\nid = \"zab\"\nquestion = \"Who was hanged in 1979?\"\nanswer = \"Zulfikar Ali Bhutto\"\n\
        [[card]]\nid = \"bb\"\nquestion = \"Who was the first woman to lead Pakistan?\"\nanswer = \"Benazir Bhutto\"\n\
        [[card]]\nid = \"ak\"\nquestion = \"Who was the Soviet premier at Tashkent?\"\nanswer = \"Alexei Kosygin\"\n\
        [[card]]\nid = \"us\"\nquestion = \"Which country gave the U-2 base?\"\nanswer = \"United States\"\n";

    fn id(text: &str) -> CardId {
        text.parse().expect("an id")
    }

    /// What the deck's context makes of `reply` to `card`.
    fn verdict(
        context: &DeckContext,
        store: &crate::store::Store,
        card: &str,
        reply: &str,
    ) -> Verdict {
        let d: DeckId = "d".parse().expect("an id");
        let card = store.card(&d, &id(card)).expect("q").expect("card").card;
        grading::grade(&card, &card.choices, reply, context).verdict
    }

    #[test]
    fn a_context_from_the_catalog_knows_aliases_and_the_deck_s_people() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = deck(DECK);
        let (mut store, _) = store_with(&[&d], &scope);
        let context = load(&mut store, &d.id).expect("built");
        assert_eq!(verdict(&context, &store, "us", "America"), Verdict::Right);
        assert_eq!(verdict(&context, &store, "ak", "Kosygin"), Verdict::Right);
        assert_eq!(verdict(&context, &store, "zab", "Bhutto"), Verdict::Close);
        assert_eq!(
            verdict(&context, &store, "zab", "Benazir Bhutto"),
            Verdict::Wrong
        );
    }

    #[test]
    fn a_context_is_cached_until_its_deck_changes() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = deck(DECK);
        let (mut store, _) = store_with(&[&d], &scope);
        assert_eq!(store.deck_cache(&d.id, FORMAT).expect("q"), None);
        load(&mut store, &d.id).expect("built");
        let cached = store.deck_cache(&d.id, FORMAT).expect("q").expect("cached");
        let read: DeckContext = serde_json::from_slice(&cached).expect("readable");
        assert_eq!(verdict(&read, &store, "us", "America"), Verdict::Right);
        // Another build's grading code does not read it.
        assert_eq!(store.deck_cache(&d.id, "another build").expect("q"), None);
        // The deck changes (Benazir goes): the cache is stale, and the next load builds anew.
        let changed = deck(&DECK.replace("Benazir Bhutto", "Fatima Jinnah"));
        crate::app::sync::save_parsed(&mut store, &changed, "1.toml", scope.now).expect("sync");
        assert_eq!(store.deck_cache(&d.id, FORMAT).expect("q"), None);
        let context = load(&mut store, &d.id).expect("built");
        assert_eq!(verdict(&context, &store, "zab", "Bhutto"), Verdict::Right);
    }

    #[test]
    fn an_unreadable_cache_is_built_again() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = deck(DECK);
        let (mut store, _) = store_with(&[&d], &scope);
        let hash = store
            .deck_contents(&d.id)
            .expect("q")
            .expect("deck")
            .content_hash;
        store
            .save_deck_cache(&d.id, FORMAT, &hash, b"{not json")
            .expect("saved");
        let context = load(&mut store, &d.id).expect("built");
        assert_eq!(verdict(&context, &store, "ak", "Kosygin"), Verdict::Right);
        let cached = store.deck_cache(&d.id, FORMAT).expect("q").expect("cached");
        assert!(serde_json::from_slice::<DeckContext>(&cached).is_ok());
    }

    #[test]
    fn a_session_builds_only_the_contexts_it_is_asked_for() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = deck(DECK);
        let other = deck(&DECK.replace("id = \"d\"", "id = \"e\""));
        let (mut store, _) = store_with(&[&d, &other], &scope);
        let contexts = Contexts::new([&d.id, &other.id]);
        assert!(contexts.get(&store, &d.id).is_some());
        let unknown: DeckId = "nowhere".parse().expect("an id");
        assert!(contexts.get(&store, &unknown).is_none());
        contexts.save(&mut store);
        assert!(store.deck_cache(&d.id, FORMAT).expect("q").is_some());
        assert!(store.deck_cache(&other.id, FORMAT).expect("q").is_none());
    }
}
