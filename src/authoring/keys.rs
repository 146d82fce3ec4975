//! Compact maps keyed by text, for an import's duplicate detection and id allocation over
//! 100,000s of rows: every key's bytes in one arena, the table holding only where each key is
//! and its value. Lookups compare the keys themselves, so two different keys are never taken
//! for one, whatever their hashes (a hash only picks where to look).

use std::collections::HashMap;
use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashTable};

/// A map from text to `V`, holding each key's bytes once in an arena (no allocation per key).
#[derive(Clone, Default)]
pub struct TextMap<V> {
    arena: String,
    table: HashTable<Slot<V>>,
    hasher: DefaultHashBuilder,
    /// Keys past the arena's 32-bit offsets (never for a source within recall's input limits).
    overflow: HashMap<String, V>,
}

/// Where a key is in the arena (32-bit offsets keep a slot small), and its value.
#[derive(Clone)]
struct Slot<V> {
    start: u32,
    len: u32,
    value: V,
}

impl<V> Slot<V> {
    fn key<'a>(&self, arena: &'a str) -> &'a str {
        let start = self.start as usize;
        &arena[start..start + self.len as usize]
    }
}

impl<V> std::fmt::Debug for TextMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextMap")
            .field("keys", &self.table.len())
            .field("bytes", &self.arena.len())
            .finish_non_exhaustive()
    }
}

impl<V> TextMap<V> {
    pub fn new() -> TextMap<V> {
        TextMap {
            arena: String::new(),
            table: HashTable::new(),
            hasher: DefaultHashBuilder::default(),
            overflow: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.table.len() + self.overflow.len()
    }

    /// Makes room in the table for `additional` more keys (not for their text), so that it
    /// is not grown, old and new tables held at once, while they are inserted.
    pub fn reserve(&mut self, additional: usize) {
        let (arena, hasher) = (&self.arena, &self.hasher);
        self.table
            .reserve(additional, |slot| hasher.hash_one(slot.key(arena)));
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn hash(&self, key: &str) -> u64 {
        self.hasher.hash_one(key)
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        let arena = &self.arena;
        self.table
            .find(self.hash(key), |slot| slot.key(arena) == key)
            .map(|slot| &slot.value)
            .or_else(|| self.overflow.get(key))
    }

    /// Where `key` is kept: the offset and length of its bytes in [`TextMap::arena`] (`None`
    /// for a key not in the map, or kept past the arena's 32-bit offsets).
    pub fn span(&self, key: &str) -> Option<(u32, u32)> {
        let arena = &self.arena;
        self.table
            .find(self.hash(key), |slot| slot.key(arena) == key)
            .map(|slot| (slot.start, slot.len))
    }

    /// The bytes of every key in the table, one after another: only ever appended to.
    pub fn arena(&self) -> &str {
        &self.arena
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Whether `key` is (or is to be) kept in the overflow.
    fn overflows(&self, key: &str) -> bool {
        let fits = u32::try_from(self.arena.len() + key.len()).is_ok();
        self.overflow.contains_key(key) || (!fits && self.get(key).is_none())
    }

    /// Where `key` is in the table, and the arena to write a new key into (not for a key that
    /// [`overflows`](Self::overflows)).
    fn entry(&mut self, key: &str) -> (&mut String, Entry<'_, Slot<V>>) {
        let hash = self.hash(key);
        let hasher = &self.hasher;
        let arena: &String = &self.arena;
        let entry = self.table.entry(
            hash,
            |slot| slot.key(arena) == key,
            |slot| hasher.hash_one(slot.key(arena)),
        );
        (&mut self.arena, entry)
    }

    /// A new slot for `key`, written at the end of `arena` (which has room for it: see
    /// [`TextMap::entry`]).
    fn slot(arena: &mut String, key: &str, value: V) -> Slot<V> {
        let start = u32::try_from(arena.len()).unwrap_or(u32::MAX);
        arena.push_str(key);
        Slot {
            start,
            len: u32::try_from(key.len()).unwrap_or(u32::MAX),
            value,
        }
    }

    /// The value of `key`, inserted as `make()` first when there is none.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        if self.overflows(key) {
            return self.overflow.entry(key.to_owned()).or_insert_with(make);
        }
        match self.entry(key) {
            (_, Entry::Occupied(occupied)) => &mut occupied.into_mut().value,
            (arena, Entry::Vacant(vacant)) => {
                let slot = Self::slot(arena, key, make());
                &mut vacant.insert(slot).into_mut().value
            }
        }
    }

    /// Sets the value of `key`; returns the value it had.
    pub fn insert(&mut self, key: &str, value: V) -> Option<V> {
        if self.overflows(key) {
            return self.overflow.insert(key.to_owned(), value);
        }
        match self.entry(key) {
            (_, Entry::Occupied(occupied)) => {
                Some(std::mem::replace(&mut occupied.into_mut().value, value))
            }
            (arena, Entry::Vacant(vacant)) => {
                vacant.insert(Self::slot(arena, key, value));
                None
            }
        }
    }
}

/// A set of texts: a [`TextMap`] without values.
#[derive(Clone, Default, Debug)]
pub struct TextSet(TextMap<()>);

impl TextSet {
    pub fn new() -> TextSet {
        TextSet(TextMap::new())
    }

    pub fn contains(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Adds `key`; returns false when it was already there.
    pub fn insert(&mut self, key: &str) -> bool {
        self.0.insert(key, ()).is_none()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// See [`TextMap::reserve`].
    pub fn reserve(&mut self, additional: usize) {
        self.0.reserve(additional);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn keys_are_compared_not_just_hashed() {
        let mut map = TextMap::new();
        assert_eq!(map.insert("a", 1), None);
        assert_eq!(map.insert("", 2), None);
        assert_eq!(map.insert("a", 3), Some(1));
        assert_eq!(map.get("a"), Some(&3));
        assert_eq!(map.get(""), Some(&2));
        assert_eq!(map.get("b"), None);
        *map.get_or_insert_with("b", || 0) += 5;
        *map.get_or_insert_with("b", || 0) += 5;
        assert_eq!(map.get("b"), Some(&10));
        assert_eq!(map.len(), 3);
    }

    #[test]
    fn reserving_room_keeps_the_keys() {
        let mut map = TextMap::new();
        map.insert("a", 1);
        map.reserve(1000);
        map.insert("b", 2);
        map.reserve(0);
        assert_eq!(
            (map.get("a"), map.get("b"), map.len()),
            (Some(&1), Some(&2), 2)
        );
        let mut set = TextSet::new();
        set.reserve(10);
        assert!(set.insert("a") && !set.insert("a"));
    }

    proptest! {
        #[test]
        fn behaves_like_a_hash_map(ops in proptest::collection::vec(("[ab]{0,3}", 0u8..4), 0..60)) {
            let mut map = TextMap::new();
            let mut model = std::collections::HashMap::new();
            let mut set = TextSet::new();
            for (key, value) in ops {
                prop_assert_eq!(map.insert(&key, value), model.insert(key.clone(), value));
                let fresh = !set.contains(&key);
                prop_assert_eq!(set.insert(&key), fresh);
                prop_assert!(set.contains(&key));
            }
            for (key, value) in &model {
                prop_assert_eq!(map.get(key), Some(value));
            }
            prop_assert_eq!(map.len(), model.len());
            prop_assert_eq!(set.len(), model.len());
        }
    }
}
