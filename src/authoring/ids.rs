//! Card ids for cards that have none: a readable slug of the question, unique in its deck
//! (`-2`, `-3` … on collisions). Deterministic, so formatting twice gives the same ids.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

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
    slug_words(normalized, &mut slug);
    if slug.is_empty() {
        let hash = stable_hash(&[text.trim().as_bytes()]);
        return format!("card-{:08x}", hash >> 32);
    }
    slug
}

/// Appends the words of `normalized` to `slug` (empty) as [`slug_normalized`] joins them; nothing
/// when it has no ASCII letter or digit.
fn slug_words(normalized: &str, slug: &mut String) {
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
}

/// `wanted-n` as an id: `wanted` cut (at a character) to leave room for the suffix, without a
/// trailing `-`, written into `out`.
fn suffixed(wanted: &str, n: u64, out: &mut String) {
    use std::fmt::Write as _;
    out.clear();
    let _ = write!(out, "-{n}");
    // The first characters of `wanted` that leave room for the suffix, sliced in place.
    let keep = MAX_ID_LEN.saturating_sub(out.len());
    let cut = if wanted.len() <= keep {
        // No more characters than bytes.
        wanted.len()
    } else {
        wanted
            .char_indices()
            .nth(keep)
            .map_or(wanted.len(), |(at, _)| at)
    };
    out.insert_str(0, wanted[..cut].trim_end_matches('-'));
}

/// An id handed out as the slug of a normalized question kept in an arena the allocator does
/// not own (an import's table of questions), with a suffix number (0: none): 12 bytes, where
/// the id's text would take some 50. Its text is made again when it is compared.
#[derive(Debug, Clone, Copy)]
struct Derived {
    start: u32,
    len: u32,
    suffix: u32,
}

impl Derived {
    fn text(self, arena: &str, out: &mut String) {
        let start = self.start as usize;
        let normalized = &arena[start..start + self.len as usize];
        let mut slug = String::with_capacity(MAX_SLUG_LEN);
        slug_words(normalized, &mut slug);
        if self.suffix == 0 {
            out.clear();
            out.push_str(&slug);
        } else {
            suffixed(&slug, u64::from(self.suffix), out);
        }
    }

    fn is(self, arena: &str, id: &str) -> bool {
        let mut text = String::with_capacity(MAX_ID_LEN);
        self.text(arena, &mut text);
        text == id
    }
}

/// Hands out ids unique within one deck.
#[derive(Debug, Default, Clone)]
pub struct IdAllocator {
    /// Every id taken, its bytes in one arena, but those in `derived`.
    taken: TextSet,
    /// The ids handed out by [`IdAllocator::allocate_from`]: where the question each is the
    /// slug of is kept (an import's 100,000 ids are not held as text), keyed by the id's hash.
    derived: HashTable<Derived>,
    hasher: DefaultHashBuilder,
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
            derived: HashTable::new(),
            hasher: DefaultHashBuilder::default(),
            next_suffix: TextMap::new(),
        }
    }

    /// Makes room for `additional` more ids to be handed out by
    /// [`allocate_from`](Self::allocate_from) with `arena`.
    pub fn reserve_room(&mut self, additional: usize, arena: &str) {
        let hasher = &self.hasher;
        self.derived.reserve(additional, |derived| {
            let mut text = String::new();
            derived.text(arena, &mut text);
            hasher.hash_one(text.as_str())
        });
    }

    /// Marks an id as used; returns false when it already was. Only before any id is handed
    /// out by [`allocate_from`](Self::allocate_from).
    pub fn reserve(&mut self, id: &str) -> bool {
        debug_assert!(self.derived.is_empty(), "reserved after ids were derived");
        self.taken.insert(id)
    }

    /// A fresh id derived from `basis` (a question or cloze text), reserved before it is
    /// returned.
    pub fn allocate(&mut self, basis: &str) -> String {
        self.allocate_core(slug(basis), "", None)
    }

    /// [`allocate`](Self::allocate) given `normalized`, the [`normalize`]d `basis`.
    pub fn allocate_normalized(&mut self, basis: &str, normalized: &str) -> String {
        self.allocate_core(slug_normalized(basis, normalized), "", None)
    }

    /// [`allocate`](Self::allocate) when ids were handed out by
    /// [`allocate_from`](Self::allocate_from) with `arena`.
    pub fn allocate_in(&mut self, basis: &str, arena: &str) -> String {
        self.allocate_core(slug(basis), arena, None)
    }

    /// [`allocate_normalized`](Self::allocate_normalized) given where the normalized `basis`
    /// is kept: the `len` bytes at `start` in `arena`, which is only ever appended to and is
    /// passed to every later call. The id is kept as that place, not as text.
    pub fn allocate_from(&mut self, basis: &str, arena: &str, (start, len): (u32, u32)) -> String {
        let normalized = &arena[start as usize..start as usize + len as usize];
        let wanted = slug_normalized(basis, normalized);
        // The slug of a question without an ASCII letter or digit is a hash of the question
        // as written, not of its normalized form: kept as text.
        let from = normalized
            .bytes()
            .any(|b| b.is_ascii_alphanumeric())
            .then_some((start, len));
        self.allocate_core(wanted, arena, from)
    }

    /// `wanted` itself when free, else `wanted-2`, `wanted-3` …, reserved before it is
    /// returned.
    pub fn allocate_exact(&mut self, wanted: &str) -> String {
        self.allocate_core(wanted.to_owned(), "", None)
    }

    /// `wanted` (given back) when free, else `wanted-n` for the first free `n`, reserved; kept
    /// as the question at `from` in `arena` when given. A wanted id with a suffix number known
    /// is taken for good: it is not looked up again.
    fn allocate_core(&mut self, wanted: String, arena: &str, from: Option<(u32, u32)>) -> String {
        let known = self.next_suffix.get(&wanted).copied();
        let mut n = match known {
            Some(next) => next,
            None if self.take(&wanted, arena, from, 0) => return wanted,
            None => 2,
        };
        let mut candidate = String::with_capacity(MAX_ID_LEN);
        loop {
            suffixed(&wanted, n, &mut candidate);
            if self.take(&candidate, arena, from, n) {
                *self.next_suffix.get_or_insert_with(&wanted, || 0) = n + 1;
                return candidate;
            }
            n += 1;
        }
    }

    /// Takes `id` when no id taken is it: as the slug of the question at `from` with the
    /// suffix `n` when given, else as text. Returns whether it was free.
    fn take(&mut self, id: &str, arena: &str, from: Option<(u32, u32)>, n: u64) -> bool {
        let hash = self.hasher.hash_one(id);
        let derived_taken = !self.derived.is_empty()
            && self
                .derived
                .find(hash, |derived| derived.is(arena, id))
                .is_some();
        if derived_taken || self.taken.contains(id) {
            return false;
        }
        match (from, u32::try_from(n)) {
            (Some((start, len)), Ok(suffix)) => {
                let (derived, hasher) = (&mut self.derived, &self.hasher);
                let slot = Derived { start, len, suffix };
                derived.insert_unique(hash, slot, |derived| {
                    let mut text = String::new();
                    derived.text(arena, &mut text);
                    hasher.hash_one(text.as_str())
                });
            }
            _ => {
                self.taken.insert(id);
            }
        }
        true
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
        fn ids_kept_as_questions_are_the_ids_kept_as_text(
            reserved in proptest::collection::vec("[ab]{1,3}(-[23])?", 0..4),
            texts in proptest::collection::vec(
                (prop_oneof!["[ab ]{0,6}", "(word ){0,12}[ab]", "[é ]{0,3}", "\\PC{0,70}"], any::<bool>()),
                1..40,
            ),
        ) {
            let mut as_text = IdAllocator::new(reserved.iter().cloned());
            let mut as_questions = IdAllocator::new(reserved.iter().cloned());
            let mut questions = TextMap::new();
            as_questions.reserve_room(4, questions.arena());
            for (text, from_question) in &texts {
                let normalized = normalize(text);
                questions.insert(&normalized, ());
                let expected = as_text.allocate_normalized(text, &normalized);
                let got = match questions.span(&normalized) {
                    Some(span) if *from_question => {
                        as_questions.allocate_from(text, questions.arena(), span)
                    }
                    _ => as_questions.allocate_in(text, questions.arena()),
                };
                prop_assert_eq!(got, expected);
            }
        }

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
