//! Card ids for cards that have none: a readable slug of the question, unique in its deck
//! (`-2`, `-3` … on collisions). Deterministic, so formatting twice gives the same ids.

use super::keys::{TextMap, TextSet};
use crate::deck::{CardId, MAX_ID_LEN};
use crate::text::{normalize, stable_hash};

/// The longest slug taken from a question, leaving room for a `-N` suffix.
pub const MAX_SLUG_LEN: usize = 48;

/// A valid card id in the spirit of `text`: lowercase ASCII words joined by `-`, at most
/// [`MAX_SLUG_LEN`] characters, cut at a word boundary when possible. Text without any ASCII
/// letters or digits (e.g. in another script) gives `card-` and a hash of the text.
pub fn slug(text: &str) -> String {
    slug_normalized(text, &normalize(text))
}

/// [`slug`] of `text` given `normalized`, its [`normalize`]d form (so that a caller that has it
/// does not normalize the text again).
pub fn slug_normalized(text: &str, normalized: &str) -> String {
    let mut slug = String::with_capacity(MAX_SLUG_LEN);
    // The words are the runs of ASCII letters and digits: no byte of a multi-byte character is
    // one, so the runs are found byte by byte and each word is ASCII.
    let bytes = normalized.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_alphanumeric() {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
            at += 1;
        }
        let word = &normalized[start..at];
        let extra = usize::from(!slug.is_empty()) + word.len();
        if slug.len() + extra > MAX_SLUG_LEN {
            if slug.is_empty() {
                slug.push_str(&word[..MAX_SLUG_LEN]);
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() {
        let hash = stable_hash(&[text.trim().as_bytes()]);
        return format!("card-{:08x}", hash >> 32);
    }
    slug
}

/// Hands out ids unique within one deck.
#[derive(Debug, Default, Clone)]
pub struct IdAllocator {
    /// Every id taken, its bytes in one arena: a 100,000-card import holds as many.
    taken: TextSet,
    /// For each wanted id already seen taken, the suffix number to try next: the numbers below
    /// it are taken for good, so many cards with one slug cost linear, not quadratic, time.
    next_suffix: TextMap<u64>,
}

impl IdAllocator {
    /// An allocator that will not hand out any of `taken`.
    pub fn new<I, S>(taken: I) -> IdAllocator
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut set = TextSet::new();
        for id in taken {
            set.insert(&id.into());
        }
        IdAllocator {
            taken: set,
            next_suffix: TextMap::new(),
        }
    }

    /// Makes room for `additional` more ids to be handed out or reserved.
    pub fn reserve_room(&mut self, additional: usize) {
        self.taken.reserve(additional);
    }

    /// Marks an id as used; returns false when it already was.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.taken.insert(id)
    }

    /// A fresh id derived from `basis` (a question or cloze text), reserved before it is
    /// returned.
    pub fn allocate(&mut self, basis: &str) -> String {
        self.allocate_owned(slug(basis))
    }

    /// [`allocate`](Self::allocate) given `normalized`, the [`normalize`]d `basis`.
    pub fn allocate_normalized(&mut self, basis: &str, normalized: &str) -> String {
        self.allocate_owned(slug_normalized(basis, normalized))
    }

    /// `wanted` itself when free, else `wanted-2`, `wanted-3` …, reserved before it is
    /// returned.
    pub fn allocate_exact(&mut self, wanted: &str) -> String {
        match self.first_suffix(wanted) {
            None => wanted.to_owned(),
            Some(n) => self.allocate_suffixed(wanted, n),
        }
    }

    /// [`allocate_exact`](Self::allocate_exact) of an owned `wanted`, given back when free.
    fn allocate_owned(&mut self, wanted: String) -> String {
        match self.first_suffix(&wanted) {
            None => wanted,
            Some(n) => self.allocate_suffixed(&wanted, n),
        }
    }

    /// `None` when `wanted` was free (it is now taken), else the first suffix number to try.
    /// A wanted id with a suffix number known is taken for good: it is not looked up in the
    /// (large) table of ids taken again.
    fn first_suffix(&mut self, wanted: &str) -> Option<u64> {
        if let Some(&next) = self.next_suffix.get(wanted) {
            return Some(next);
        }
        if self.taken.insert(wanted) {
            None
        } else {
            Some(2)
        }
    }

    /// `wanted-n` for the first free `n` from `n` on, reserved before it is returned.
    fn allocate_suffixed(&mut self, wanted: &str, mut n: u64) -> String {
        use std::fmt::Write as _;
        let mut candidate = String::with_capacity(MAX_ID_LEN);
        loop {
            candidate.clear();
            let _ = write!(candidate, "-{n}");
            let suffix_len = candidate.len();
            // The first characters of `wanted` that leave room for the suffix, sliced in place.
            let keep = MAX_ID_LEN.saturating_sub(suffix_len);
            let cut = if wanted.len() <= keep {
                // No more characters than bytes.
                wanted.len()
            } else {
                wanted
                    .char_indices()
                    .nth(keep)
                    .map_or(wanted.len(), |(at, _)| at)
            };
            let base = wanted[..cut].trim_end_matches('-');
            candidate.insert_str(0, base);
            if self.taken.insert(&candidate) {
                *self.next_suffix.get_or_insert_with(wanted, || 0) = n + 1;
                return candidate;
            }
            n += 1;
        }
    }
}

/// Whether `text` can be written as a card's `id` (a valid id without a gap number).
pub fn is_valid_card_id(text: &str) -> bool {
    !text.contains('.') && text.parse::<CardId>().is_ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use std::collections::HashSet;

    use super::*;

    #[test]
    fn slug_table() {
        let cases = [
            (
                "question words",
                "Which year did Pakistan join CENTO?",
                "which-year-did-pakistan-join-cento",
            ),
            ("accents folded", "Où est Zürich ?", "ou-est-zurich"),
            (
                "punctuation vanishes",
                "S.K. Romonovsky's visit",
                "sk-romonovskys-visit",
            ),
            (
                "dashes are spaces",
                "India–Pakistan war",
                "india-pakistan-war",
            ),
            (
                "cloze braces vanish",
                "Pakistan joined {{SEATO}} in {{1954}}.",
                "pakistan-joined-seato-in-1954",
            ),
            (
                "cut at a word boundary",
                "one two three four five six seven eight nine ten eleven twelve",
                "one-two-three-four-five-six-seven-eight-nine-ten",
            ),
        ];
        for (name, text, expected) in cases {
            assert_eq!(slug(text), expected, "{name}");
        }
    }

    #[test]
    fn slug_of_text_without_ascii_is_a_stable_hash() {
        let a = slug("Кто был премьером?");
        assert!(a.starts_with("card-") && a.len() == 13, "{a}");
        assert_eq!(a, slug("Кто был премьером?"));
        assert_ne!(a, slug("Кто был президентом?"));
    }

    #[test]
    fn allocator_adds_numbered_suffixes() {
        let mut ids = IdAllocator::new(["x"]);
        assert_eq!(ids.allocate_exact("x"), "x-2");
        assert_eq!(ids.allocate_exact("x"), "x-3");
        assert_eq!(ids.allocate_exact("y"), "y");
        assert!(!ids.reserve("x-3"), "x-3 was handed out, so it is taken");
    }

    proptest! {
        #[test]
        fn allocated_ids_are_valid_and_unique(texts in proptest::collection::vec("\\PC{0,80}", 1..20)) {
            let mut ids = IdAllocator::default();
            let mut seen = HashSet::new();
            for text in &texts {
                let id = ids.allocate(text);
                prop_assert!(is_valid_card_id(&id), "{id}");
                prop_assert!(seen.insert(id));
            }
        }
    }
}
