//! Cards that give each other away. A card *reveals* another when the text it shows states the
//! other card's answer in that card's context, so a learner who met it first can answer the
//! other from memory of the wording rather than of the fact. Detected from the deck alone, or
//! declared by the author with `related`; `recall check` reports it as a note, and [`Related`]
//! is what a queue builder needs to keep such cards apart. Pure: no I/O, no clock.
//!
//! The rule (documented for authors in `docs/deck-format.md`): card A reveals card B when A's
//! text contains one of B's answer forms, and also a key word of B's question.
//!
//! - **A's text** is what it shows: its question (for a cloze card, the sentence with its other
//!   gaps filled in), its choices, its hint, its explanation and its source (shown after
//!   answering). A source is a verbatim excerpt that cannot be reworded, so what it reveals is
//!   kept apart by the scheduler like cloze siblings but not reported by `check`; keep
//!   excerpts to what proves the answer.
//! - **B's answer forms** are `answer`, each `accept` entry (for a cloze gap, its answer and
//!   alternatives) and each `known_as` name; for a person (`person = true` or `known_as`), the
//!   surname alone when no other person of the deck bears it (`Kosygin` for Alexei Kosygin,
//!   `Zia ul Haq` for Muhammad Zia-ul-Haq, never a shared `Khan`); and each of these with a
//!   `[deck.aliases]` alias in place of a phrase it contains (`USSR` for "the Soviet Union").
//!   So "Kosygin's visit" shows the answer Alexei Kosygin. A form that more cards share than
//!   one in ten (and three) is the answer of none in particular and is not looked for. Forms that
//!   tell nothing are ignored: true/false answers, numbers below 100 (days of a month, small
//!   counts; years such as `1955` do count), single characters, and forms made only of common
//!   English words ([`COMMON_WORDS`]: `may`, `us`, `one`, `first`, …).
//! - **Containment** is of normalized text (grading's normalization: case, accents, punctuation,
//!   hyphens and dashes; apostrophes also split words, so "Khrushchev's" contains `Khrushchev`)
//!   and of whole words: `Khan` is not found in `Khanate`.
//! - **B's key words** are the words of its question that say what it is about: not common
//!   words, not question words ([`QUESTION_WORDS`]: "year", "which *country*", "which Soviet
//!   *premier*"), not words of its own answer, and not the deck's vocabulary, the words found
//!   in the text of more than one card in ten (and more than three cards): in a deck on
//!   Pakistan and the Soviet Union, "Pakistan" says nothing about which fact a card asks. A
//!   key word counts in A's question, hint or explanation, not in its choices (options are not
//!   statements). Words compare by a light stem (a plural, `-ed` and `-ing` forms match:
//!   "invite", "invited", "invitation"). The key word makes the difference between stating B's
//!   answer and merely mentioning a name that recurs across a deck: "Stalin invited Liaquat Ali
//!   Khan to Moscow" reveals "Which prime minister was invited to Moscow?", but "Liaquat Ali
//!   Khan was assassinated" does not.
//! - **How much context**: one key word; two when B's answer is itself deck vocabulary (found
//!   in the text of more than one card in ten: "India" in a deck on Indian and Pakistani
//!   history says little on its own). When all of B's question's words are vocabulary, A must
//!   contain every one of them; a question with no content words at all needs no context.
//! - **Dates and numbers** are specific wherever they appear: a form with a digit (`1965`,
//!   `April 1965`, `17 April 1968`) stated in A's question, hint or explanation gives B away
//!   with *any* content word of B's question, however common across the deck ("before the war
//!   of 1965" reveals "In which year was the Second India–Pakistan War?", and so does "against
//!   Pakistan in 1965"). Among A's choices, where it states nothing, and in its source, where
//!   it is the text's own, the rule above holds; so it does for a date that is the answer of
//!   more than three cards, which points at none of them in particular (and would otherwise
//!   relate every card stating it to every card asking it).
//! - **Siblings**, the gaps of one cloze card, never count: each shows the others by design and
//!   they are kept apart already.
//! - **Declared relations**: a card with `related = ["other-id", …]` is related to the cards
//!   listed (an id of a whole card, or `x.2` for one gap of a cloze card), besides what is
//!   detected: declaring some pairs switches nothing off, so a give-away the author did not
//!   list is still found in the card's own wording. `related = []` (an empty list) says the
//!   card's wording (question, choices, hint, explanation) reveals nothing; its source is still
//!   searched, and other cards are still searched for its answer. `check` does not report a
//!   pair declared on either card.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use hashbrown::{HashMap, HashSet};

use serde::Serialize;

use super::diagnostic::{Diagnostic, Severity};
use super::kind;
use super::kind::Kind;
use super::model::{Card, CardId, Deck, Note};
use crate::text::{self, Apostrophes, normalize, parse_number};

/// Single words that give nothing away when a text contains them, and that say nothing about
/// what a question asks: function words, auxiliary, modal and light verbs (`may` is also a
/// month; "brought", "made"), pronouns (`us` is also a country), small number words and
/// ordinals. Compared after normalization (lowercase); kept in alphabetical order.
pub const COMMON_WORDS: &[&str] = &[
    "a", "about", "across", "after", "again", "against", "all", "also", "although", "am", "among",
    "an", "and", "another", "any", "are", "around", "as", "at", "be", "because", "been", "before",
    "being", "besides", "between", "beyond", "both", "bring", "brings", "brought", "but", "by",
    "came", "can", "come", "comes", "could", "did", "do", "does", "down", "during", "each",
    "eight", "eighth", "either", "every", "false", "few", "fifth", "first", "five", "for", "four",
    "fourth", "from", "gave", "get", "gets", "give", "gives", "go", "goes", "gone", "got", "had",
    "has", "have", "he", "her", "here", "him", "his", "how", "however", "i", "if", "in", "into",
    "is", "it", "its", "last", "least", "less", "made", "make", "makes", "many", "may", "me",
    "might", "more", "most", "much", "must", "my", "neither", "new", "next", "nine", "ninth", "no",
    "none", "nor", "not", "now", "of", "off", "old", "on", "once", "one", "only", "onto", "or",
    "other", "our", "out", "over", "own", "per", "put", "puts", "same", "second", "seven",
    "seventh", "shall", "she", "should", "since", "six", "sixth", "so", "some", "such", "take",
    "taken", "takes", "ten", "tenth", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "third", "this", "those", "though", "three", "through", "to", "too", "took",
    "toward", "towards", "true", "two", "under", "until", "up", "upon", "us", "very", "via", "was",
    "we", "went", "were", "what", "when", "where", "whether", "which", "while", "who", "whom",
    "why", "will", "with", "within", "without", "would", "yes", "you", "your",
];

/// Words of a question that ask rather than say what the card is about: what kind of answer is
/// wanted ("which *country*", "which Soviet *premier*") and how the question is put. Kept in alphabetical order.
pub const QUESTION_WORDS: &[&str] = &[
    "according",
    "agency",
    "body",
    "called",
    "cities",
    "city",
    "complete",
    "countries",
    "country",
    "date",
    "day",
    "describe",
    "described",
    "general",
    "group",
    "institute",
    "kind",
    "leader",
    "leaders",
    "minister",
    "month",
    "name",
    "named",
    "official",
    "organisation",
    "organization",
    "person",
    "place",
    "poet",
    "premier",
    "president",
    "prime",
    "say",
    "says",
    "text",
    "type",
    "whose",
    "year",
    "years",
];

/// Whether a (folded) word is one of the [`COMMON_WORDS`] (kept in alphabetical order).
fn is_common(word: &str) -> bool {
    // Asked for every word of every card's question: a hash lookup, not a binary search.
    static COMMON: OnceLock<HashSet<&'static str>> = OnceLock::new();
    COMMON
        .get_or_init(|| COMMON_WORDS.iter().copied().collect())
        .contains(word)
}

/// Whether a (folded) word is one of the [`QUESTION_WORDS`].
fn is_question_word(word: &str) -> bool {
    static QUESTION: OnceLock<HashSet<&'static str>> = OnceLock::new();
    QUESTION
        .get_or_init(|| QUESTION_WORDS.iter().copied().collect())
        .contains(word)
}

/// Where in a card its revealing text was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    Question,
    Choices,
    Hint,
    Explanation,
    /// The verbatim excerpt shown after answering: always searched, never reported by `check`.
    Source,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Question => "question",
            Place::Choices => "choices",
            Place::Hint => "hint",
            Place::Explanation => "explanation",
            Place::Source => "source",
        }
    }
}

/// Why one card is related to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// The card shows `form` (the other card's answer or accepted form, as written) in `place`.
    Shown { form: String, place: Place },
    /// The card lists the other in `related`.
    Declared,
}

/// `card` gives away the answer of `revealed` (or declares it related).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reveal {
    pub card: CardId,
    pub revealed: CardId,
    pub evidence: Evidence,
}

/// One card of a deck as [`reveals`] reads it: its note (or, for a cloze gap, the card the
/// note expands to), borrowed, with its note numbered so that siblings compare by an integer
/// rather than by their ids. Two words a card: a large deck's cards are read many times over.
#[derive(Clone, Copy)]
struct View<'a> {
    of: Of<'a>,
    /// The first note of the deck with this card's note id (ids are unique in a valid deck;
    /// equal ids count as one note, as they would compared as text).
    note: u32,
}

/// What a [`View`] reads a card from.
#[derive(Clone, Copy)]
enum Of<'a> {
    /// A note without gaps, its one card (as [`Note::cards`] would make it).
    Note(&'a Note),
    /// One gap of a cloze note.
    Gap(&'a Card),
}

/// A field the note and the card of a [`View`] both have, as `$get` reads it from either.
macro_rules! either {
    ($view:expr, $field:ident => $get:expr) => {
        match $view.of {
            Of::Note($field) => $get,
            Of::Gap($field) => $get,
        }
    };
}

impl<'a> View<'a> {
    fn of_card(card: &'a Card, note: u32) -> View<'a> {
        View {
            of: Of::Gap(card),
            note,
        }
    }

    fn of_note(note: &'a Note, key: u32) -> View<'a> {
        View {
            of: Of::Note(note),
            note: key,
        }
    }

    fn id(&self) -> &'a CardId {
        either!(self, x => &x.id)
    }

    fn note_id(&self) -> &'a CardId {
        match self.of {
            Of::Note(note) => &note.id,
            Of::Gap(card) => &card.note,
        }
    }

    fn kind(&self) -> Kind {
        either!(self, x => x.kind)
    }

    fn question(&self) -> &'a str {
        either!(self, x => &x.question)
    }

    fn answer(&self) -> &'a str {
        either!(self, x => &x.answer)
    }

    fn accept(&self) -> &'a [String] {
        either!(self, x => &x.accept)
    }

    fn choices(&self) -> &'a [String] {
        either!(self, x => &x.choices)
    }

    fn hint(&self) -> Option<&'a str> {
        either!(self, x => x.hint.as_deref())
    }

    fn explain(&self) -> Option<&'a str> {
        either!(self, x => x.explain.as_deref())
    }

    fn source(&self) -> Option<&'a str> {
        either!(self, x => x.source.as_deref())
    }

    fn person(&self) -> Option<bool> {
        either!(self, x => x.person)
    }

    fn known_as(&self) -> &'a [String] {
        either!(self, x => &x.known_as)
    }
}

/// The cards of a cloze note, the only ones [`reveals`] cannot borrow from their note.
fn gap_cards(deck: &Deck) -> Vec<Card> {
    deck.notes
        .iter()
        .filter(|note| note.cloze.is_some())
        .flat_map(Note::cards)
        .collect()
}

/// Every card of `deck` in deck order (borrowing gap cards from `gaps`, see [`gap_cards`]),
/// and for each note key the declared `related` list of the last note with that id.
fn views<'a>(deck: &'a Deck, gaps: &'a [Card]) -> (Vec<View<'a>>, Vec<Option<&'a [CardId]>>) {
    let mut keys: HashMap<&str, u32> = HashMap::with_capacity(deck.notes.len());
    let mut related: Vec<Option<&[CardId]>> = Vec::with_capacity(deck.notes.len());
    let mut cards = Vec::with_capacity(deck.notes.len());
    let mut gaps = gaps.iter();
    for note in &deck.notes {
        let next = u32::try_from(keys.len()).unwrap_or(u32::MAX);
        let key = *keys.entry(note.id.as_str()).or_insert(next);
        if key == next {
            related.push(None);
        }
        if let Some(list) = &note.related {
            related[key as usize] = Some(list.as_slice());
        }
        if note.cloze.is_some() {
            cards.extend(
                gaps.by_ref()
                    .take(note.card_count())
                    .map(|card| View::of_card(card, key)),
            );
        } else {
            cards.push(View::of_note(note, key));
        }
    }
    (cards, related)
}

/// Every pair of cards of `deck` where the first reveals the second: declared ones, and detected
/// ones (not in the wording of a card with `related = []`). At most one entry per ordered pair (the
/// declaration, else the first evidence found, in the order question, choices, hint, explanation), ordered by the
/// revealing card, then the revealed one, both in deck order. Siblings never appear.
///
/// Its cost follows the deck's cards (and the pairs that share a form of an answer): every text
/// is folded once into one buffer, each distinct word and stem is numbered once, and what a card
/// says is a few numbers, not strings, so a large deck's working set stays small.
pub fn reveals(deck: &Deck) -> Vec<Reveal> {
    detect(deck, Search::ByKey).0
}

/// How [`detect`] finds the cards a text gives away among those sharing a form it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Search {
    /// Every card that has the form is tested: the rule as written, kept to test [`Search::ByKey`]
    /// against.
    #[cfg_attr(not(test), allow(dead_code))]
    Every,
    /// A form of more than [`DATED_SHARERS`] cards visits only the cards whose context the
    /// revealing card can state (see [`KeyedSharers`]); the same pairs are found.
    ByKey,
}

/// The work [`detect`] did beyond reading the deck's texts once: how many times it tested
/// whether a card's answer shown in a text was given away ([`Contexts::given_away`]), and how
/// many (form, card) entries it read to count where each answer is shown. Both grow with the
/// square of a year-heavy deck under [`Search::Every`] and with the pairs found under
/// [`Search::ByKey`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Work {
    tests: usize,
    counted: usize,
}

/// [`reveals`], searching as `search` says, with the work it took.
fn detect(deck: &Deck, search: Search) -> (Vec<Reveal>, Work) {
    let mut work = Work::default();
    let gaps = gap_cards(deck);
    let (cards, related) = views(deck, &gaps);
    // A declared id names a card (`x.2`) or every card of a note (`x`): looked up only when
    // some note declares a non-empty list.
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    if related.iter().flatten().any(|list| !list.is_empty()) {
        for (index, card) in cards.iter().enumerate() {
            let note = card.note_id().as_str();
            by_id.entry(note).or_default().push(index);
            if card.id() != card.note_id() {
                by_id.entry(card.id().as_str()).or_default().push(index);
            }
        }
    }
    let texts = Texts::fold(&cards);
    let mut words = Words::new(&texts);
    let index = FormIndex::new(&cards, deck, &words);
    // The words that can give context: what a card states, not the options it offers.
    let stems = CardStems::new(&texts, &words);
    let vocabulary = vocabulary_size(deck);
    let contexts = Contexts::new(&cards, &texts, &words, &stems, vocabulary);
    // What remains to do reads the texts' words by number only.
    words.forget_spellings();
    let occurrences = Occurrences::find(&texts, &words, &index);
    // Whether each card's answer is found in the texts of more notes than the deck's
    // vocabulary, whether or not those cards are searched: how much context the answer needs.
    let widely_shown = match search {
        Search::Every => {
            widely_shown_by_card(&cards, &texts, &occurrences, &index, vocabulary, &mut work)
        }
        Search::ByKey => {
            widely_shown_by_form(&cards, &texts, &occurrences, &index, vocabulary, &mut work)
        }
    };
    let keyed = KeyedSharers::new(&index, &contexts);

    let mut found = Vec::new();
    let mut seen = HashSet::new();
    for (a, card) in cards.iter().enumerate() {
        seen.clear();
        let declared = related[card.note as usize];
        for id in declared.into_iter().flatten() {
            for &b in by_id.get(id.as_str()).into_iter().flatten() {
                if cards[b].note != card.note && seen.insert(b) {
                    found.push((a, b, Evidence::Declared));
                }
            }
        }
        let stated = stems.of(a);
        // The answers found in the card's texts, in order.
        for at in texts.range(a) {
            let place = texts.shown[at].place;
            // `related = []` says the author's wording gives nothing away; a list of ids adds
            // to what is detected and switches nothing off. The source is always searched.
            if declared.is_some_and(<[CardId]>::is_empty) && place != Place::Source {
                continue;
            }
            for &form in occurrences.of(at) {
                let sharers = index.sharers(form);
                let mut test = |b: usize, written: &str| {
                    // An answer the deck mentions everywhere needs more context to be given away.
                    let needed = if widely_shown[b] { 2 } else { 1 };
                    if cards[b].note != card.note && !seen.contains(&b) {
                        work.tests += 1;
                        if contexts.given_away(b, stated, (written, sharers.len()), place, needed) {
                            seen.insert(b);
                            found.push((
                                a,
                                b,
                                Evidence::Shown {
                                    form: written.to_owned(),
                                    place,
                                },
                            ));
                        }
                    }
                };
                match search {
                    Search::ByKey if sharers.len() > DATED_SHARERS => {
                        keyed.each_candidate(form, stated, |at| {
                            let (b, written) = &sharers[at];
                            test(*b, written);
                        });
                    }
                    Search::ByKey | Search::Every => {
                        for (b, written) in sharers {
                            test(*b, written);
                        }
                    }
                }
            }
        }
    }
    drop(words);
    drop(texts);
    // One entry per pair, found in the order of the card's texts and of the forms in them:
    // a stable sort keeps it whatever order the cards sharing one form were visited in.
    found.sort_by_key(|(a, b, _)| (*a, *b));
    let found = found
        .into_iter()
        .map(|(a, b, evidence)| Reveal {
            card: cards[a].id().clone(),
            revealed: cards[b].id().clone(),
            evidence,
        })
        .collect();
    (found, work)
}

/// Each card's note counted by position: consecutive cards of one note count once (a note's
/// cards are consecutive; a note id written twice counts twice, as in document frequency).
fn note_positions(cards: &[View<'_>]) -> Vec<usize> {
    let mut note = 0;
    (0..cards.len())
        .map(|a| {
            if a > 0 && cards[a].note != cards[a - 1].note {
                note += 1;
            }
            note
        })
        .collect()
}

/// Whether each card's answer is found in the texts of more than `vocabulary` notes, counted
/// the plain way: each form found visits every card that has it (pairs that grow with the
/// square of a deck where many cards state a year that many cards answer).
fn widely_shown_by_card(
    cards: &[View<'_>],
    texts: &Texts,
    occurrences: &Occurrences,
    index: &FormIndex<'_>,
    vocabulary: usize,
    work: &mut Work,
) -> Vec<bool> {
    let notes = note_positions(cards);
    let mut shown_by = vec![(usize::MAX, 0_usize); cards.len()];
    for (a, &note) in notes.iter().enumerate() {
        for at in texts.range(a) {
            for &form in occurrences.of(at) {
                for (b, _) in index.sharers(form) {
                    work.counted += 1;
                    if shown_by[*b].0 != note {
                        shown_by[*b] = (note, shown_by[*b].1 + 1);
                    }
                }
            }
        }
    }
    shown_by
        .into_iter()
        .map(|(_, count)| count > vocabulary)
        .collect()
}

/// [`widely_shown_by_card`], counted by form: the notes whose texts show each form, once each,
/// then for each card the notes showing any of its forms. A card with one form (most cards)
/// reads one count; one with several, the lists of notes of its forms, unless their sum
/// already decides.
fn widely_shown_by_form(
    cards: &[View<'_>],
    texts: &Texts,
    occurrences: &Occurrences,
    index: &FormIndex<'_>,
    vocabulary: usize,
    work: &mut Work,
) -> Vec<bool> {
    let notes = note_positions(cards);
    // The notes showing each form, in order, each once.
    let mut showing: Vec<Vec<usize>> = vec![Vec::new(); index.len()];
    for (a, &note) in notes.iter().enumerate() {
        for at in texts.range(a) {
            for &form in occurrences.of(at) {
                let list = &mut showing[form as usize];
                if list.last() != Some(&note) {
                    list.push(note);
                }
            }
        }
    }
    // Each card's forms in order, card after card, where each card's begin in `forms_of`
    // (one list, not a list a card: most cards have one form).
    let mut starts = vec![0_usize; cards.len() + 1];
    for form in 0..index.len() {
        for (b, _) in index.sharers(position(form)) {
            starts[*b + 1] += 1;
        }
    }
    for b in 0..cards.len() {
        starts[b + 1] += starts[b];
    }
    let mut forms_of = vec![0_u32; starts[cards.len()]];
    let mut next = starts.clone();
    for form in 0..index.len() {
        let form = position(form);
        for (b, _) in index.sharers(form) {
            forms_of[next[*b]] = form;
            next[*b] += 1;
        }
    }
    drop(next);
    let mut marked = vec![usize::MAX; notes.last().map_or(0, |last| last + 1)];
    (0..cards.len())
        .map(|b| {
            let forms = &forms_of[starts[b]..starts[b + 1]];
            work.counted += forms.len();
            let lengths = forms.iter().map(|&form| showing[form as usize].len());
            if lengths.clone().max().unwrap_or(0) > vocabulary {
                return true;
            }
            if lengths.sum::<usize>() <= vocabulary {
                return false;
            }
            // Several forms, shown in more notes together than the vocabulary's size: how many
            // distinct notes, stopping once past it.
            let mut count = 0;
            for &form in forms {
                for &note in &showing[form as usize] {
                    work.counted += 1;
                    if marked[note] != b {
                        marked[note] = b;
                        count += 1;
                        if count > vocabulary {
                            return true;
                        }
                    }
                }
            }
            false
        })
        .collect()
}

/// The forms found in each text (see [`FormIndex::each_occurrence`]), by number, in order: found
/// once, read twice (to count where each answer is shown, then to find the pairs).
struct Occurrences {
    forms: Vec<u32>,
    /// For each text, where its forms begin in `forms`; one more entry at the end.
    starts: Vec<usize>,
}

impl Occurrences {
    fn find(texts: &Texts, words: &Words<'_>, index: &FormIndex<'_>) -> Occurrences {
        let mut all = Occurrences {
            forms: Vec::new(),
            starts: Vec::with_capacity(texts.shown.len() + 1),
        };
        for at in 0..texts.shown.len() {
            all.starts.push(all.forms.len());
            index.each_occurrence(texts.text(at), words.of_text(at), &words.length, |form| {
                all.forms.push(form);
            });
        }
        all.starts.push(all.forms.len());
        all
    }

    /// The forms found in text `at`, in order.
    fn of(&self, at: usize) -> &[u32] {
        &self.forms[self.starts[at]..self.starts[at + 1]]
    }
}

/// For each answer form of more than [`DATED_SHARERS`] cards, the cards that have it, filed by
/// what a text must contain to give each away ([`Context`]): a text showing the form visits
/// only the cards whose key words (or first content word) it contains, and those that need no
/// context. [`Contexts::given_away`] still decides; this only leaves out cards it would refuse
/// (a dated form of so many cards needs the ordinary context, which always includes a key word
/// of the card's question), so a year stated across a large deck costs the pairs it could
/// make, not every card answering it.
struct KeyedSharers {
    /// For each form, where its entries begin in `free` and in `keyed`; one more at the end.
    starts: Vec<(u32, u32)>,
    /// Positions in the form's list of sharers of the cards that need no context.
    free: Vec<u32>,
    /// (stem, position in the form's list of sharers) for each stem that can give a card away:
    /// each key word of its question, or the first of its content words when all of them are
    /// needed. Sorted by stem within a form.
    keyed: Vec<(u32, u32)>,
}

impl KeyedSharers {
    fn new(index: &FormIndex<'_>, contexts: &Contexts) -> KeyedSharers {
        let mut all = KeyedSharers {
            starts: Vec::with_capacity(index.len() + 1),
            free: Vec::new(),
            keyed: Vec::new(),
        };
        for form in 0..index.len() {
            all.starts
                .push((position(all.free.len()), position(all.keyed.len())));
            let sharers = index.sharers(position(form));
            if sharers.len() <= DATED_SHARERS {
                continue;
            }
            let start = all.keyed.len();
            for (at, (b, _)) in sharers.iter().enumerate() {
                let at = position(at);
                let asked = &contexts.asked[*b];
                match &asked.context {
                    Context::Free => all.free.push(at),
                    Context::AnyOf(keys) => all
                        .keyed
                        .extend(contexts.stems[keys.clone()].iter().map(|&key| (key, at))),
                    Context::AllOf => all.keyed.extend(
                        contexts
                            .stems
                            .get(asked.content.start)
                            .map(|&word| (word, at)),
                    ),
                }
            }
            all.keyed[start..].sort_unstable();
        }
        all.starts
            .push((position(all.free.len()), position(all.keyed.len())));
        all
    }

    /// Hands `visit` the position (among the sharers of `form`) of each card a text whose
    /// stems are `stated` (sorted) may give away: those that need no context, and each of those
    /// with a key word among `stated` (once per such word).
    fn each_candidate(&self, form: u32, stated: &[u32], mut visit: impl FnMut(usize)) {
        let form = form as usize;
        let (free_start, keyed_start) = self.starts[form];
        let (free_end, keyed_end) = self.starts[form + 1];
        for &at in &self.free[free_start as usize..free_end as usize] {
            visit(at as usize);
        }
        let keyed = &self.keyed[keyed_start as usize..keyed_end as usize];
        if keyed.len() < stated.len() {
            for &(stem, at) in keyed {
                if has(stated, stem) {
                    visit(at as usize);
                }
            }
            return;
        }
        for &stem in stated {
            let from = keyed.partition_point(|&(key, _)| key < stem);
            for &(_, at) in keyed[from..].iter().take_while(|&&(key, _)| key == stem) {
                visit(at as usize);
            }
        }
    }
}

/// A position in one of [`reveals`]' lists, as a `u32` (a deck holds far fewer cards).
fn position(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// Above how many notes a word (or an answer) is the deck's vocabulary: one note in ten, and
/// at least three.
fn vocabulary_size(deck: &Deck) -> usize {
    (deck.notes.len() / 10).max(3)
}

/// Every card's folded texts ([`shown_texts`], [`fold`]) in one buffer, card after card.
struct Texts {
    buf: String,
    shown: Vec<Text>,
    /// For each card, the index of its first text; one more entry at the end.
    first: Vec<usize>,
}

/// One folded text of a card: where it is shown and where it lies in [`Texts::buf`].
#[derive(Debug, Clone, Copy)]
struct Text {
    place: Place,
    start: usize,
    end: usize,
}

impl Texts {
    /// The texts of `cards`, folded. On the calling thread: a second thread would fold into
    /// buffers of its own (in a heap of its own) to be copied into one, for a few per cent of
    /// a deck's loading time.
    fn fold(cards: &[View<'_>]) -> Texts {
        let mut all = Texts {
            buf: String::new(),
            shown: Vec::with_capacity(cards.len() * 3),
            first: Vec::with_capacity(cards.len() + 1),
        };
        for card in cards {
            all.first.push(all.shown.len());
            for (place, text) in shown_texts(card) {
                let start = all.buf.len();
                fold_into(text, &mut all.buf);
                all.shown.push(Text {
                    place,
                    start,
                    end: all.buf.len(),
                });
            }
        }
        all.first.push(all.shown.len());
        all
    }

    /// The indices of `card`'s texts.
    fn range(&self, card: usize) -> std::ops::Range<usize> {
        self.first[card]..self.first[card + 1]
    }

    fn text(&self, at: usize) -> &str {
        let text = self.shown[at];
        &self.buf[text.start..text.end]
    }
}

/// The words of a deck's [`Texts`], each distinct word numbered once with what [`reveals`]
/// asks of it (its stem, numbered too; whether it is a common or a question word), and each
/// text's words as those numbers.
struct Words<'t> {
    numbers: HashMap<&'t str, u32>,
    /// Each word's stem's number; [`NO_STEM`] for an empty word.
    stem: Vec<u32>,
    /// Whether each word is a common or a question word (it says nothing of what is asked).
    asks: Vec<bool>,
    /// Each word's length in bytes: where a text's words lie, without searching it again.
    length: Vec<u32>,
    stems: HashMap<&'t str, u32>,
    /// Each text's words, text after text: the words between single spaces, as `split(' ')`
    /// gives them.
    ids: Vec<u32>,
    /// For each text, where its words begin in `ids`; one more entry at the end.
    starts: Vec<usize>,
}

/// The stem number of an empty word, which has none.
const NO_STEM: u32 = u32::MAX;

impl<'t> Words<'t> {
    fn new(texts: &'t Texts) -> Words<'t> {
        let mut words = Words {
            numbers: HashMap::new(),
            stem: Vec::new(),
            asks: Vec::new(),
            length: Vec::new(),
            stems: HashMap::new(),
            ids: Vec::with_capacity(texts.buf.len() / 6),
            starts: Vec::with_capacity(texts.shown.len() + 1),
        };
        for at in 0..texts.shown.len() {
            words.starts.push(words.ids.len());
            let text = texts.text(at);
            if text.is_empty() {
                continue;
            }
            for word in split_words(text) {
                let id = words.number(word);
                words.ids.push(id);
            }
        }
        words.starts.push(words.ids.len());
        words
    }

    /// The number of `word`, given one (with its stem's) when it is new.
    fn number(&mut self, word: &'t str) -> u32 {
        if let Some(&id) = self.numbers.get(word) {
            return id;
        }
        let id = u32::try_from(self.stem.len()).unwrap_or(u32::MAX);
        self.numbers.insert(word, id);
        let stem = if word.is_empty() {
            NO_STEM
        } else {
            let stem = stem(word);
            let next = u32::try_from(self.stems.len()).unwrap_or(u32::MAX);
            *self.stems.entry(stem).or_insert(next)
        };
        self.stem.push(stem);
        self.length.push(position(word.len()));
        self.asks.push(is_common(word) || is_question_word(word));
        id
    }

    /// The words of text `at` (an index into [`Texts::shown`]).
    fn of_text(&self, at: usize) -> &[u32] {
        &self.ids[self.starts[at]..self.starts[at + 1]]
    }

    /// How many distinct stems the texts have.
    fn stem_count(&self) -> usize {
        self.stems.len()
    }

    /// Drops the look-ups by spelling (of words and of stems) once they are no longer needed:
    /// the numbers stay.
    fn forget_spellings(&mut self) {
        self.numbers = HashMap::new();
        self.stems = HashMap::new();
    }
}

/// The words of folded text between single spaces, as `text.split(' ')` gives them, found a
/// byte at a time: a deck's words are short, and a search for the next space costs more per
/// word than it saves.
fn split_words(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    text.as_bytes()
        .split(|&byte| byte == b' ')
        .map(move |word| {
            // A space is one byte: the word lies between ASCII bytes, on character boundaries.
            let word = &text[start..start + word.len()];
            start += word.len() + 1;
            word
        })
}

/// The distinct stems of each card's text, its choices left out (options state nothing),
/// sorted, card after card.
struct CardStems {
    stems: Vec<u32>,
    /// For each card, where its stems begin in `stems`; one more entry at the end.
    starts: Vec<usize>,
}

impl CardStems {
    fn new(texts: &Texts, words: &Words<'_>) -> CardStems {
        let cards = texts.first.len().saturating_sub(1);
        let mut all = CardStems {
            stems: Vec::with_capacity(words.ids.len()),
            starts: Vec::with_capacity(cards + 1),
        };
        for card in 0..cards {
            let start = all.stems.len();
            all.starts.push(start);
            for at in texts.range(card) {
                if texts.shown[at].place == Place::Choices {
                    continue;
                }
                all.stems.extend(
                    words
                        .of_text(at)
                        .iter()
                        .map(|&word| words.stem[word as usize])
                        .filter(|&stem| stem != NO_STEM),
                );
            }
            all.stems[start..].sort_unstable();
            let kept = dedup_len(&mut all.stems[start..]);
            all.stems.truncate(start + kept);
        }
        all.starts.push(all.stems.len());
        all.stems.shrink_to_fit();
        all
    }

    /// The stems of card `card`, sorted.
    fn of(&self, card: usize) -> &[u32] {
        &self.stems[self.starts[card]..self.starts[card + 1]]
    }
}

/// Moves the distinct values of a sorted slice to its front; returns how many there are.
fn dedup_len(sorted: &mut [u32]) -> usize {
    let mut kept = 0;
    for at in 0..sorted.len() {
        if kept == 0 || sorted[at] != sorted[kept - 1] {
            sorted[kept] = sorted[at];
            kept += 1;
        }
    }
    kept
}

/// Whether a sorted list of stems holds `stem`.
fn has(stems: &[u32], stem: u32) -> bool {
    stems.binary_search(&stem).is_ok()
}

/// What each card's question asks about: what a text must also contain, besides a form of its
/// answer, to state that answer in its context (see the module documentation).
struct Contexts {
    asked: Vec<Asked>,
    /// The stems [`Asked`] ranges point into.
    stems: Vec<u32>,
}

/// What one card asks about, as ranges of [`Contexts::stems`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct Asked {
    /// For a word answer.
    context: Context,
    /// Every content word of the question (stems), the deck's vocabulary included: for a dated
    /// answer, any one of them is context enough.
    content: std::ops::Range<usize>,
}

/// What a text must also contain to state a card's word answer in that card's context.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Context {
    /// The question has no content words: the answer alone is enough.
    Free,
    /// The question's key words (stems).
    AnyOf(std::ops::Range<usize>),
    /// The question's content words are all deck vocabulary: every one of them (they are
    /// [`Asked::content`]).
    AllOf,
}

impl Contexts {
    /// What each card asks about, given the deck's texts, words and each card's stems.
    fn new(
        cards: &[View<'_>],
        texts: &Texts,
        words: &Words<'_>,
        stems: &CardStems,
        vocabulary: usize,
    ) -> Contexts {
        // Document frequency counts notes, not cards, so a cloze card's gaps count once.
        let mut frequency = vec![0_usize; words.stem_count()];
        let mut last_note = vec![usize::MAX; words.stem_count()];
        let mut note = 0;
        for i in 0..cards.len() {
            if i > 0 && cards[i].note != cards[i - 1].note {
                note += 1;
            }
            for &stem in stems.of(i) {
                if last_note[stem as usize] != note {
                    last_note[stem as usize] = note;
                    frequency[stem as usize] += 1;
                }
            }
        }
        drop(last_note);
        let mut all = Contexts {
            asked: Vec::with_capacity(cards.len()),
            stems: Vec::new(),
        };
        let mut own: Vec<u32> = Vec::new();
        let mut folded = String::new();
        for (i, card) in cards.iter().enumerate() {
            // The stems of the card's own answer forms, as far as any text has them (a stem
            // no text has is in no question either).
            own.clear();
            for form in
                std::iter::once(card.answer()).chain(card.accept().iter().map(String::as_str))
            {
                folded.clear();
                fold_into(form, &mut folded);
                own.extend(stems_of(&folded).filter_map(|stem| words.stems.get(stem).copied()));
            }
            // The question is a card's first text.
            let question = texts
                .range(i)
                .find(|&at| texts.shown[at].place == Place::Question);
            let start = all.stems.len();
            for &word in question.map_or(&[][..], |at| words.of_text(at)) {
                let stem = words.stem[word as usize];
                if !words.asks[word as usize] && stem != NO_STEM && !own.contains(&stem) {
                    all.stems.push(stem);
                }
            }
            all.stems[start..].sort_unstable();
            let kept = dedup_len(&mut all.stems[start..]);
            all.stems.truncate(start + kept);
            let content = start..all.stems.len();
            for at in content.clone() {
                let stem = all.stems[at];
                if frequency[stem as usize] <= vocabulary {
                    all.stems.push(stem);
                }
            }
            let keys = content.end..all.stems.len();
            let context = if content.is_empty() {
                Context::Free
            } else if keys.is_empty() {
                Context::AllOf
            } else {
                Context::AnyOf(keys)
            };
            all.asked.push(Asked { context, content });
        }
        all.stems.shrink_to_fit();
        all
    }

    /// Whether a text with these stems, showing `form` of card `b`'s answer in `place` (with
    /// the number of cards whose answer it is), gives it away: a dated form (a year, a date,
    /// a number of 100 or more) of at most [`DATED_SHARERS`] cards, stated in the author's
    /// words (question, hint, explanation), with any content word of the question however
    /// common across the deck ("the war of 1965" for "In which year was the Second
    /// India–Pakistan War?"); otherwise, and among options or in a verbatim source, with the
    /// [`Context`], `needed` key words of it (or all of them when there are fewer).
    fn given_away(
        &self,
        b: usize,
        stems: &[u32],
        (form, sharers): (&str, usize),
        place: Place,
        needed: usize,
    ) -> bool {
        let asked = &self.asked[b];
        let content = &self.stems[asked.content.clone()];
        if matches!(place, Place::Question | Place::Hint | Place::Explanation)
            && sharers <= DATED_SHARERS
            && is_dated(form)
        {
            return content.is_empty() || content.iter().any(|&word| has(stems, word));
        }
        match &asked.context {
            Context::Free => true,
            Context::AnyOf(keys) => {
                let keys = &self.stems[keys.clone()];
                keys.iter().filter(|&&key| has(stems, key)).count() >= needed.min(keys.len())
            }
            Context::AllOf => content.iter().all(|&word| has(stems, word)),
        }
    }
}

/// Up to how many cards a date may be the answer of and still point at each of them with any
/// word of its question: a year that answers many questions points at none in particular, and
/// the pairs found stay in proportion to the deck, not to its square.
const DATED_SHARERS: usize = 3;

/// Whether an answer form is a year, a date or a number (it has a digit): such a form is
/// specific wherever it appears, and the words around it need not be rare to tie it to a
/// question.
fn is_dated(form: &str) -> bool {
    form.chars().any(|c| c.is_ascii_digit())
}

/// The stems of the words of a folded text.
fn stems_of(folded: &str) -> impl Iterator<Item = &str> + '_ {
    folded.split(' ').filter(|word| !word.is_empty()).map(stem)
}

/// A light stem: a word without its plural, `-ed`, `-ing` or `-ation` ending (at least three
/// letters are kept), so "invite", "invited" and "invitation" compare equal.
fn stem(word: &str) -> &str {
    const ENDINGS: [&str; 8] = ["ations", "ation", "ings", "ing", "ed", "es", "s", "e"];
    ENDINGS
        .iter()
        .find_map(|ending| {
            word.strip_suffix(ending)
                .filter(|rest| rest.chars().count() >= 3)
        })
        .unwrap_or(word)
}

/// Which cards are related to which, both ways: the undirected form of [`reveals`], for a
/// queue builder that keeps related cards apart (not shown on the same day when new, spaced
/// when reviewed). Cloze siblings are not included; they share [`Card::note`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Related {
    links: BTreeMap<CardId, BTreeSet<CardId>>,
}

impl Related {
    /// The relations of `deck`'s cards.
    pub fn of(deck: &Deck) -> Related {
        Related::from_reveals(&reveals(deck))
    }

    /// The undirected relation of some reveal pairs.
    pub fn from_reveals(reveals: &[Reveal]) -> Related {
        let mut links: BTreeMap<CardId, BTreeSet<CardId>> = BTreeMap::new();
        for reveal in reveals {
            if reveal.card == reveal.revealed {
                continue;
            }
            links
                .entry(reveal.card.clone())
                .or_default()
                .insert(reveal.revealed.clone());
            links
                .entry(reveal.revealed.clone())
                .or_default()
                .insert(reveal.card.clone());
        }
        Related { links }
    }

    /// The cards related to `card`, in id order.
    pub fn of_card<'a>(&'a self, card: &CardId) -> impl Iterator<Item = &'a CardId> + 'a {
        self.links.get(card).into_iter().flatten()
    }

    pub fn are_related(&self, a: &CardId, b: &CardId) -> bool {
        self.links.get(a).is_some_and(|linked| linked.contains(b))
    }

    /// Each unordered pair of related cards once, the lesser id first, in id order.
    pub fn each_pair(&self) -> impl Iterator<Item = (&CardId, &CardId)> + '_ {
        self.links
            .iter()
            .flat_map(|(a, linked)| linked.iter().filter(move |b| a < *b).map(move |b| (a, b)))
    }

    /// How many unordered pairs are related.
    pub fn pairs(&self) -> usize {
        self.links.values().map(BTreeSet::len).sum::<usize>() / 2
    }

    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }
}

/// A revealed card, the form of its answer shown and where.
type Shown = (CardId, String, Place);

/// `check`'s notes for `deck`: one per card (a cloze card counts once, not per gap) whose text
/// reveals others, at the card's line, listing what it reveals. Pairs the author declared
/// related, on either card, are left out: they are known.
pub fn diagnostics(deck: &Deck) -> Vec<Diagnostic> {
    let lines: HashMap<&str, u32> = deck
        .notes
        .iter()
        .map(|note| (note.id.as_str(), note.line))
        .collect();
    let reveals = reveals(deck);
    // A pair the author declared related, from either side, is known: no note for it.
    let declared: BTreeSet<(&CardId, &CardId)> = reveals
        .iter()
        .filter(|r| r.evidence == Evidence::Declared)
        .flat_map(|r| [(&r.card, &r.revealed), (&r.revealed, &r.card)])
        .collect();
    // Each revealing note with what it shows, in deck order.
    let mut by_note: Vec<(String, Vec<Shown>)> = Vec::new();
    for reveal in &reveals {
        let Evidence::Shown { form, place } = &reveal.evidence else {
            continue;
        };
        // A verbatim source cannot be reworded, and a pair the author declared is known.
        if *place == Place::Source || declared.contains(&(&reveal.card, &reveal.revealed)) {
            continue;
        }
        let note = reveal.card.note_part().to_owned();
        if by_note.last().is_none_or(|(last, _)| *last != note) {
            by_note.push((note, Vec::new()));
        }
        if let Some((_, list)) = by_note.last_mut()
            && !list.iter().any(|(id, _, _)| *id == reveal.revealed)
        {
            list.push((reveal.revealed.clone(), form.clone(), *place));
        }
    }
    by_note
        .into_iter()
        .map(|(note, list)| {
            let shown: Vec<String> = list
                .iter()
                .map(|(id, form, place)| format!("`{id}` (`{form}`, in its {})", place.as_str()))
                .collect();
            let ids: Vec<String> = list.iter().map(|(id, _, _)| format!("\"{id}\"")).collect();
            Diagnostic {
                file: deck.origin.to_string(),
                line: lines.get(note.as_str()).copied().unwrap_or(1).max(1),
                column: 1,
                severity: Severity::Note,
                code: "reveals",
                message: format!("`{note}` shows the answer of {}", shown.join(", ")),
                hint: Some(format!(
                    "a learner who meets this card first can answer those from its wording; \
                     reword it, or confirm with related = [{}] (related = [] if nothing is given \
                     away)",
                    ids.join(", ")
                )),
            }
        })
        .collect()
}

/// The texts `card` shows, with where each is.
fn shown_texts<'a>(card: &View<'a>) -> impl Iterator<Item = (Place, &'a str)> + use<'a> {
    std::iter::once((Place::Question, card.question()))
        .chain(card.choices().iter().map(|c| (Place::Choices, c.as_str())))
        .chain(card.hint().map(|h| (Place::Hint, h)))
        .chain(card.explain().map(|e| (Place::Explanation, e)))
        .chain(card.source().map(|s| (Place::Source, s)))
}

/// [`fold`] appended to `out`, which it leaves as it was up to its end. ASCII text (most
/// text) is folded there in one pass by normalization's own ASCII path
/// ([`text::normalize_ascii_into`], apostrophes parting words), without a string of its own:
/// every text of a deck is folded, four or more a card. What it writes is [`fold`]'s (a test
/// holds them equal).
fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        text::normalize_ascii_into(text, Apostrophes::Apart, out);
    } else {
        out.push_str(&fold(text));
    }
}

/// Grading's normalization, with apostrophes as word breaks so possessives split off.
fn fold(text: &str) -> String {
    const APOSTROPHES: [char; 4] = ['\'', '’', 'ʼ', '`'];
    // Two of them are ASCII, and ASCII text (most text) is searched a byte at a time.
    let has_apostrophe = if text.is_ascii() {
        text.bytes().any(|b| b == b'\'' || b == b'`')
    } else {
        text.contains(APOSTROPHES)
    };
    if has_apostrophe {
        normalize(&text.replace(APOSTROPHES, " "))
    } else {
        normalize(text)
    }
}

/// Whether a folded answer form can give anything away (see the module documentation).
fn is_telling(folded: &str) -> bool {
    if folded.is_empty() {
        return false;
    }
    // A year (most numbers a deck states) is told apart without parsing it.
    if !is_whole_number_from_100(folded) && parse_number(folded).is_some_and(|n| n.abs() < 100.0) {
        return false;
    }
    let mut words = folded.split(' ');
    if folded.chars().count() == 1 {
        return false;
    }
    !words.all(is_common)
}

/// Whether folded text is a whole number of 100 or more written in digits alone: three or more,
/// the first not zero.
fn is_whole_number_from_100(folded: &str) -> bool {
    let digits = folded.as_bytes();
    digits.len() >= 3 && digits[0] != b'0' && digits.iter().all(u8::is_ascii_digit)
}

/// Particles that join a compound surname to the word before it (`Zia-ul-Haq`, `bin Laden`,
/// `de Gaulle`): the surname alone is the compound.
const SURNAME_PARTICLES: &[&str] = &[
    "al", "bin", "bint", "da", "de", "del", "der", "di", "du", "ibn", "la", "le", "ud", "ul", "ur",
    "van", "von",
];

/// The surname of a person's name (folded): its last word, with a particle and the word before
/// it when it is a compound (`zia ul haq`). `None` for a single word (it is the whole name).
fn surname(folded: &str) -> Option<String> {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut start = words.len().checked_sub(1)?;
    if start >= 2 && SURNAME_PARTICLES.contains(&words[start - 1]) {
        start -= 2;
    }
    (start > 0).then(|| words[start..].join(" "))
}

/// Whether a card's answer is a person's name, as the author declared it (`person = true`, or
/// `known_as`).
fn is_person(card: &View<'_>) -> bool {
    card.person() == Some(true) || (card.person().is_none() && !card.known_as().is_empty())
}

/// The deck's alias groups (`[deck.aliases]`), folded: each group is a phrase and its aliases,
/// with each member's text as written.
struct AliasGroups {
    groups: Vec<Vec<(String, String)>>,
}

impl AliasGroups {
    fn new(deck: &Deck) -> AliasGroups {
        let groups = deck
            .aliases
            .iter()
            .map(|alias| {
                let mut group: Vec<(String, String)> = Vec::new();
                for written in std::iter::once(&alias.phrase).chain(&alias.forms) {
                    let folded = fold(written);
                    if !folded.is_empty() && !group.iter().any(|(f, _)| *f == folded) {
                        group.push((folded, written.clone()));
                    }
                }
                group
            })
            .filter(|group| group.len() > 1)
            .collect();
        AliasGroups { groups }
    }

    /// The forms a folded form stands for through the aliases: each whole-word occurrence of a
    /// group member replaced by each other member (one replacement at a time), with the text to
    /// show for it (the alias as written when it is the whole form).
    fn expand(&self, folded: &str) -> Vec<(String, String)> {
        let mut forms = Vec::new();
        for group in &self.groups {
            for (member, _) in group {
                for start in crate::text::word_matches(folded, member) {
                    for (other, written) in group.iter().filter(|(other, _)| other != member) {
                        let replaced = format!(
                            "{}{other}{}",
                            &folded[..start],
                            &folded[start + member.len()..]
                        );
                        let shown = if replaced == *other {
                            written.clone()
                        } else {
                            replaced.clone()
                        };
                        forms.push((replaced, shown));
                    }
                }
            }
        }
        forms
    }
}

/// Every telling answer form of a deck, by its folded text: see [`FormIndex::new`].
struct FormIndex<'a> {
    /// Each folded form's number.
    forms: HashMap<String, u32>,
    /// For each form by number, the cards it is a form of (in deck order) and the form as
    /// written.
    sharers: Vec<Vec<(usize, Cow<'a, str>)>>,
    /// For each word of the deck's texts (by its number in [`Words`]), the most words of a form
    /// it begins (0 for none): a run of words is looked up only from such a word, and never
    /// longer.
    longest: Vec<usize>,
}

impl<'a> FormIndex<'a> {
    /// A card's forms are its answer, its `accept` entries and its `known_as` names; for a
    /// person (`person = true` or `known_as`), the surname alone when no other person of the
    /// deck bears it; and each of these with a deck alias standing for a phrase it contains. A
    /// form of more cards than the deck's vocabulary size is left out.
    /// Only forms whose first word is among `words` are kept: no other can occur in a text.
    fn new(cards: &[View<'a>], deck: &Deck, words: &Words<'_>) -> FormIndex<'a> {
        let aliases = AliasGroups::new(deck);
        // Which people (by folded answer) bear each surname.
        let mut bearers: HashMap<String, HashSet<String>> = HashMap::new();
        for card in cards.iter().filter(|card| is_person(card)) {
            let answer = fold(card.answer());
            if let Some(surname) = surname(&answer) {
                bearers.entry(surname).or_default().insert(answer);
            }
        }
        let mut forms: HashMap<String, Vec<(usize, Cow<'a, str>)>> = HashMap::new();
        // One card's folded forms end to end, and where each lies with the form as written:
        // reused from card to card, so that a form allocates only when it is new to the deck.
        let mut folded = String::new();
        let mut own: Vec<(std::ops::Range<usize>, Cow<'a, str>)> = Vec::new();
        for (index, card) in cards.iter().enumerate() {
            if card.kind().spec().asked == kind::Asked::TrueFalse {
                continue;
            }
            folded.clear();
            own.clear();
            for form in std::iter::once(card.answer())
                .chain(card.accept().iter().map(String::as_str))
                .chain(card.known_as().iter().map(String::as_str))
            {
                let start = folded.len();
                fold_into(form, &mut folded);
                own.push((start..folded.len(), Cow::Borrowed(form)));
            }
            if is_person(card)
                && let Some(surname) = surname(&folded[own[0].0.clone()])
                && bearers
                    .get(&surname)
                    .is_some_and(|people| people.len() == 1)
            {
                // Shown as written: the answer's last words.
                let words = surname.split(' ').count();
                let written: Vec<&str> = card.answer().split_whitespace().collect();
                let shown = written[written.len().saturating_sub(words)..].join(" ");
                let start = folded.len();
                folded.push_str(&surname);
                own.push((start..folded.len(), Cow::Owned(shown)));
            }
            if !aliases.groups.is_empty() {
                let derived: Vec<(String, String)> = own
                    .iter()
                    .flat_map(|(range, _)| aliases.expand(&folded[range.clone()]))
                    .collect();
                for (form, shown) in derived {
                    let start = folded.len();
                    folded.push_str(&form);
                    own.push((start..folded.len(), Cow::Owned(shown)));
                }
            }
            for (range, written) in own.drain(..) {
                let form = &folded[range];
                let first = form.split(' ').next().unwrap_or_default();
                if !words.numbers.contains_key(first) || !is_telling(form) {
                    continue;
                }
                let entry = forms.entry_ref(form).or_default();
                // Cards come in order: a card's forms are consecutive in each list.
                if entry.last().is_none_or(|(i, _)| *i != index) {
                    entry.push((index, written));
                }
            }
        }
        // A form many cards share says nothing about any one of them.
        let shared_by = vocabulary_size(deck);
        forms.retain(|_, cards| cards.len() <= shared_by);
        let mut longest = vec![0; words.stem.len()];
        for form in forms.keys() {
            let mut rest = form.split(' ');
            if let Some(&first) = rest.next().and_then(|first| words.numbers.get(first)) {
                let most = &mut longest[first as usize];
                *most = (*most).max(1 + rest.count());
            }
        }
        let mut numbers = HashMap::with_capacity(forms.len());
        let mut sharers = Vec::with_capacity(forms.len());
        for (form, cards) in forms {
            numbers.insert(form, position(sharers.len()));
            sharers.push(cards);
        }
        FormIndex {
            forms: numbers,
            sharers,
            longest,
        }
    }

    /// How many forms there are (numbered from 0).
    fn len(&self) -> usize {
        self.sharers.len()
    }

    /// The cards `form` is a form of, in deck order, with the form as each wrote it.
    fn sharers(&self, form: u32) -> &[(usize, Cow<'a, str>)] {
        &self.sharers[form as usize]
    }

    /// The forms that occur in `text` (folded) as whole words, by number, in the order of their
    /// occurrence: each is handed to `found`, none kept. `ids` are the text's words as [`Words`]
    /// numbers them, and `length` each word's length by number (folded text is words between
    /// single spaces: where each lies follows, without searching the text).
    fn each_occurrence(&self, text: &str, ids: &[u32], length: &[u32], mut found: impl FnMut(u32)) {
        if text.is_empty() {
            return;
        }
        let length = |word: u32| length.get(word as usize).map_or(0, |&n| n as usize);
        let mut start = 0;
        // The text's words, one number each, in order.
        for (at, &word) in ids.iter().enumerate() {
            let first_end = (start + length(word)).min(text.len());
            // Only a word that begins a form begins an occurrence, and no longer than its
            // longest form.
            let longest = self.longest.get(word as usize).copied().unwrap_or(0);
            if longest > 0 {
                let mut end = first_end;
                let mut next = ids[at + 1..].iter();
                for _ in 0..longest {
                    if let Some(&form) = text.get(start..end).and_then(|run| self.forms.get(run)) {
                        found(form);
                    }
                    match next.next() {
                        Some(&word) if end < text.len() => {
                            end = (end + 1 + length(word)).min(text.len());
                        }
                        _ => break,
                    }
                }
            }
            start = (first_end + 1).min(text.len());
        }
    }
}

#[cfg(test)]
mod fold_tests;
#[cfg(test)]
mod search_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Origin, load_str};

    fn deck(cards: &str) -> Deck {
        let text = format!("[deck]\nid = \"d\"\ntitle = \"D\"\n{cards}");
        let loaded = load_str(&text, Origin::File("d.toml".into()));
        let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{errors:?}");
        loaded.deck.expect("valid deck")
    }

    /// The reveal pairs of `cards` as `a>b`, in order.
    fn pairs(cards: &str) -> Vec<String> {
        pairs_of(&deck(cards))
    }

    fn card(id: &str, question: &str, answer: &str) -> String {
        format!("[[card]]\nid = \"{id}\"\nquestion = \"{question}\"\nanswer = \"{answer}\"\n")
    }

    #[test]
    fn detection_table() {
        let stalin = card(
            "stalin",
            "Which Soviet leader invited Liaquat Ali Khan to Moscow?",
            "Joseph Stalin",
        );
        let liaquat = card(
            "liaquat",
            "Which prime minister did the Soviets invite to Moscow?",
            "Liaquat Ali Khan",
        );
        let peshawar = card(
            "city",
            "Which city did Khrushchev threaten with a nuclear bomb?",
            "Peshawar",
        );
        let cases: Vec<(&str, String, Vec<&str>)> = vec![
            (
                "the question states the other's answer in its context",
                stalin.clone() + &liaquat,
                vec!["stalin>liaquat"],
            ),
            (
                "a mere mention, without a key word of the other's question, is not a give-away",
                card("killed", "Where was Liaquat Ali Khan assassinated?", "Rawalpindi")
                    + &liaquat,
                vec![],
            ),
            (
                "key words match by stem: invite, invited, invitation",
                card("when", "When did the invitation to Liaquat Ali Khan come?", "x1")
                    + &liaquat,
                vec!["when>liaquat"],
            ),
            (
                "normalized: case, punctuation and hyphens are ignored",
                card("a", "Who was invited: LIAQUAT-ALI-KHAN?", "x1") + &liaquat,
                vec!["a>liaquat"],
            ),
            (
                "whole words only",
                card("a", "Who was invited by the Khanate?", "x1")
                    + &card("b", "Who was invited?", "Khan"),
                vec![],
            ),
            (
                "a possessive contains the name",
                card("a", "Which city did Khrushchev’s government threaten?", "x1")
                    + "[[card]]\nid = \"b\"\nquestion = \"Who threatened Peshawar?\"\nanswer = \"Nikita Khrushchev\"\naccept = [\"Khrushchev\"]\n",
                vec!["a>b"],
            ),
            (
                "choices count",
                "[[card]]\nid = \"a\"\nkind = \"choice\"\nquestion = \"Which city did Khrushchev threaten?\"\nanswer = \"Lahore\"\nchoices = [\"Lahore\", \"Peshawar\"]\n".to_owned()
                    + &peshawar,
                vec!["a>city"],
            ),
            (
                "the hint and the explanation count",
                "[[card]]\nid = \"a\"\nquestion = \"Q1?\"\nanswer = \"x1\"\nhint = \"the bomb was for Peshawar\"\n[[card]]\nid = \"c\"\nquestion = \"Q3?\"\nanswer = \"x3\"\nexplain = \"Khrushchev threatened Peshawar.\"\n".to_owned()
                    + &peshawar,
                vec!["a>city", "c>city"],
            ),
            (
                "the source counts: it is shown after answering",
                "[[card]]\nid = \"a\"\nquestion = \"Q1?\"\nanswer = \"x1\"\nsource = \"threatened to drop a nuclear bomb on Peshawar\"\n".to_owned()
                    + &peshawar,
                vec!["a>city"],
            ),
            (
                "years count",
                card("a", "Which alliance did Pakistan join in 1955?", "CENTO")
                    + "[[card]]\nid = \"b\"\nkind = \"year\"\nquestion = \"When did Pakistan join CENTO?\"\nanswer = \"1955\"\n",
                vec!["a>b", "b>a"],
            ),
            (
                "a question without key words needs none",
                card("a", "What happened in 1955?", "x1")
                    + "[[card]]\nid = \"b\"\nkind = \"year\"\nquestion = \"In which year?\"\nanswer = \"1955\"\n",
                vec!["a>b"],
            ),
            (
                "small numbers do not count",
                card("a", "Which visit began on 3 April?", "x1")
                    + "[[card]]\nid = \"b\"\nkind = \"number\"\nquestion = \"On which day of April did the visit begin?\"\nanswer = \"3\"\n",
                vec![],
            ),
            (
                "common words do not count",
                card("a", "Which month, May or June, may it be?", "x1")
                    + &card("b", "Which month?", "May")
                    + &card("c", "Which country?", "US")
                    + &card("d", "What is it?", "the first one"),
                vec![],
            ),
            (
                "a single character does not count",
                card("a", "What is x in x + 1?", "x1") + &card("b", "Which letter?", "x"),
                vec![],
            ),
            (
                "true/false answers do not count",
                card("a", "Is it true?", "x1")
                    + "[[card]]\nid = \"b\"\nkind = \"truefalse\"\nquestion = \"It is.\"\nanswer = true\n",
                vec![],
            ),
            (
                "cloze siblings never reveal each other",
                "[[card]]\nid = \"c\"\nkind = \"cloze\"\ntext = \"{{SEATO}} in {{1954}}\"\n".to_owned(),
                vec![],
            ),
            (
                "a cloze sentence reveals other cards, and its gaps are revealed",
                "[[card]]\nid = \"c\"\nkind = \"cloze\"\ntext = \"Pakistan joined {{SEATO}} in 1954.\"\n".to_owned()
                    + "[[card]]\nid = \"y\"\nkind = \"year\"\nquestion = \"When did Pakistan join SEATO?\"\nanswer = 1954\n",
                vec!["c.1>y", "y>c.1"],
            ),
        ];
        for (name, cards, expected) in cases {
            assert_eq!(pairs(&cards), expected, "{name}");
        }
    }

    #[test]
    fn known_names_surnames_and_aliases_are_forms_of_an_answer() {
        let kosygin = "[[card]]\nid = \"premier\"\nquestion = \"Which Soviet premier visited Karachi?\"\nanswer = \"Alexei Kosygin\"\nperson = true\n";
        let zia = "[[card]]\nid = \"ruler\"\nquestion = \"Who seized power in the coup?\"\nanswer = \"Muhammad Zia-ul-Haq\"\nknown_as = [\"Zia\"]\n";
        let cases: Vec<(&str, String, Vec<&str>)> = vec![
            (
                "the surname alone of a person",
                card("a", "What did Kosygin say in Karachi?", "x1") + kosygin,
                vec!["a>premier"],
            ),
            (
                "not without `person`: the answer may not be a name",
                card("a", "What did Kosygin say in Karachi?", "x1")
                    + &card(
                        "premier",
                        "Which Soviet premier visited Karachi?",
                        "Alexei Kosygin",
                    ),
                vec![],
            ),
            (
                "a compound surname, and a `known_as` name",
                card("a", "Why did Zia-ul-Haq lead the coup?", "x1")
                    + &card("b", "When did Zia seize power?", "x2")
                    + zia,
                vec!["a>ruler", "b>ruler"],
            ),
            (
                "a surname two people share is not a form",
                card("a", "Was the coup led by Khan?", "x1")
                    + "[[card]]\nid = \"p\"\nquestion = \"Who led the coup?\"\nanswer = \"Ayub Khan\"\nperson = true\n"
                    + "[[card]]\nid = \"q\"\nquestion = \"Who succeeded him?\"\nanswer = \"Yahya Khan\"\nperson = true\n",
                vec![],
            ),
        ];
        for (name, cards, expected) in cases {
            assert_eq!(pairs(&cards), expected, "{name}");
        }

        let aliased =
            "[deck]\nid = \"d\"\ntitle = \"D\"\n[deck.aliases]\n\"Soviet Union\" = [\"USSR\"]\n"
                .to_owned()
                + &card("a", "Did the USSR back the crash?", "x1")
                + &card(
                    "b",
                    "Who was alleged to have backed the crash?",
                    "the Soviet Union",
                );
        let loaded = load_str(&aliased, Origin::File("d.toml".into()));
        let deck = loaded.deck.expect("valid deck");
        let found = reveals(&deck);
        assert_eq!(pairs_of(&deck), ["a>b"]);
        assert_eq!(
            found[0].evidence,
            Evidence::Shown {
                form: "USSR".into(),
                place: Place::Question
            }
        );
    }

    #[test]
    fn the_decks_vocabulary_is_not_a_key_word() {
        // "Pakistan" is in the text of every card: it says nothing about which fact is asked.
        let mut cards: String = (0..9)
            .map(|i| {
                card(
                    &format!("filler-{i}"),
                    &format!("Pakistan fact {i}?"),
                    &format!("f{i}"),
                )
            })
            .collect();
        cards += &card(
            "city",
            "Which Pakistan city hosted the festival?",
            "Karachi",
        );
        cards += &card("a", "What did Pakistan build in Karachi?", "a port");
        assert_eq!(pairs(&cards), Vec::<String>::new());
        cards += &card(
            "b",
            "Which festival was held in Karachi?",
            "a film festival",
        );
        assert_eq!(pairs(&cards), ["b>city"]);
    }

    #[test]
    fn related_declares_and_an_empty_list_opts_out() {
        let base = card(
            "b",
            "Which Soviet leader did Joseph Stalin succeed?",
            "Lenin",
        ) + &card("c", "Which city?", "Karachi")
            + "[[card]]\nid = \"z\"\nkind = \"cloze\"\ntext = \"{{Peshawar}} and {{Quetta}}\"\n";
        let a = "[[card]]\nid = \"a\"\nquestion = \"Which Soviet leader succeeded Lenin?\"\nanswer = \"Joseph Stalin\"\n";
        // Detected both ways without `related`.
        assert_eq!(pairs(&(a.to_owned() + &base)), ["a>b", "b>a"]);

        let declared = a.to_owned() + "related = [\"c\", \"z.2\"]\n" + &base;
        let reveals = reveals(&deck(&declared));
        let listed: Vec<(&str, &str, &Evidence)> = reveals
            .iter()
            .map(|r| (r.card.as_str(), r.revealed.as_str(), &r.evidence))
            .collect();
        // What is declared adds to what `a`'s wording shows; `b` is still searched too.
        let shows = |form: &str| Evidence::Shown {
            form: form.into(),
            place: Place::Question,
        };
        assert_eq!(
            listed,
            [
                ("a", "b", &shows("Lenin")),
                ("a", "c", &Evidence::Declared),
                ("a", "z.2", &Evidence::Declared),
                ("b", "a", &shows("Joseph Stalin"))
            ]
        );

        let whole_note = a.to_owned() + "related = [\"z\"]\n" + &base;
        assert_eq!(pairs(&whole_note), ["a>b", "a>z.1", "a>z.2", "b>a"]);

        let opted_out = a.to_owned() + "related = []\n" + &base;
        assert_eq!(pairs(&opted_out), ["b>a"]);
    }

    #[test]
    fn declaring_some_relations_keeps_the_rest_of_the_wording_searched() {
        // Regression (issue 13 review): `related` on a card hid what its own question gave away.
        let cards = card("war", "In which year was the Second Kashmir War?", "1965")
            + &card("peace", "Who made peace with Kosygin?", "Ayub Khan")
            + &card(
                "arms",
                "Why did Moscow arm India after the Kashmir War of 1965?",
                "x1",
            )
            + "related = [\"peace\"]\n";
        let deck = deck(&cards);
        assert_eq!(pairs_of(&deck), ["arms>war", "arms>peace"]);
        let notes: Vec<String> = diagnostics(&deck)
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(
            notes,
            ["`arms` shows the answer of `war` (`1965`, in its question)"]
        );
    }

    #[test]
    fn a_dated_answer_is_given_away_with_any_word_of_its_question() {
        // "war", "India" and "Pakistan" are in most cards' text, and 1965 in many: a key word
        // of a word answer must be rarer, but a year beside any word of its question is enough.
        let mut cards: String = (0..12)
            .map(|i| {
                card(
                    &format!("filler-{i}"),
                    &format!("What did India and Pakistan do in the war of 1965, step {i}?"),
                    &format!("f{i}"),
                )
            })
            .collect();
        cards += &card(
            "war",
            "In which year was the Second India–Pakistan War?",
            "1965",
        );
        cards += &card(
            "peace",
            "Whom did Ayub Khan meet before the war of 1965?",
            "x1",
        );
        cards += &card(
            "nationalists",
            "Whom did the Soviets aid against Pakistan in 1965?",
            "x2",
        );
        cards += &card("poem", "Which poem was sung in 1965?", "x3");
        cards += &card("visit", "Which visit was paid on 3 April 1965?", "x4");
        cards += "[[card]]\nid = \"visit-date\"\nquestion = \"When did Ayub Khan visit Moscow?\"\nanswer = \"3 April 1965\"\n";
        cards += &card("welcome", "Who welcomed Ayub Khan on 3 April 1965?", "x5");
        // Among options a year states nothing: the ordinary rule holds there.
        cards += "[[card]]\nid = \"options\"\nkind = \"choice\"\nquestion = \"When did the war end?\"\nanswer = \"1966\"\nchoices = [\"1966\", \"1965\"]\n";
        let found = pairs(&cards);
        let revealing = |revealed: &str| -> Vec<String> {
            found
                .iter()
                .filter(|pair| pair.ends_with(&format!(">{revealed}")))
                .map(|pair| pair.split('>').next().unwrap_or_default().to_owned())
                .collect()
        };
        // Every filler states the year with the war too; the poem does not say which event.
        assert!(revealing("war").contains(&"peace".to_owned()), "{found:?}");
        assert!(
            revealing("war").contains(&"nationalists".to_owned()),
            "{found:?}"
        );
        assert!(
            revealing("war").contains(&"filler-0".to_owned()),
            "{found:?}"
        );
        assert!(!revealing("war").contains(&"poem".to_owned()), "{found:?}");
        assert!(
            !revealing("war").contains(&"options".to_owned()),
            "{found:?}"
        );
        // A whole date, with a word of its question ("visit"; "Ayub", however common).
        assert_eq!(revealing("visit-date"), ["visit", "welcome"], "{found:?}");
    }

    #[test]
    fn a_date_that_many_cards_answer_needs_the_ordinary_context() {
        let asked = |count: usize| -> String {
            (0..count)
                .map(|i| {
                    card(
                        &format!("y{i}"),
                        &format!("In which year was war event {i}?"),
                        "1965",
                    )
                })
                .collect()
        };
        let stating = card("a", "What happened in the war of 1965?", "x1");
        // Three cards answer 1965: "war" ties the year to each of them.
        assert_eq!(pairs(&(asked(3) + &stating)), ["a>y0", "a>y1", "a>y2"]);
        // Four: the year points at none of them in particular.
        assert_eq!(pairs(&(asked(4) + &stating)), Vec::<String>::new());
    }

    #[test]
    fn the_first_evidence_is_kept_per_pair() {
        let cards = "[[card]]\nid = \"a\"\nquestion = \"Was the festival in Karachi?\"\nanswer = \"x1\"\nexplain = \"Karachi, in Sindh.\"\n".to_owned()
            + &card("b", "Which city hosted the festival?", "Karachi");
        let found = reveals(&deck(&cards));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].evidence,
            Evidence::Shown {
                form: "Karachi".into(),
                place: Place::Question
            }
        );
    }

    #[test]
    fn related_is_symmetric_and_counts_pairs() {
        let cards = card("a", "Who invited Liaquat Ali Khan?", "Joseph Stalin")
            + &card(
                "b",
                "Whom did Joseph Stalin invite to Moscow?",
                "Liaquat Ali Khan",
            )
            + &card("c", "Which city?", "Karachi");
        let related = Related::of(&deck(&cards));
        let id = |s: &str| s.parse::<CardId>().expect("id");
        assert!(related.are_related(&id("a"), &id("b")));
        assert!(related.are_related(&id("b"), &id("a")));
        assert!(!related.are_related(&id("a"), &id("c")));
        assert_eq!(related.pairs(), 1);
        assert_eq!(
            related.each_pair().collect::<Vec<_>>(),
            [(&id("a"), &id("b"))]
        );
        assert_eq!(related.of_card(&id("a")).collect::<Vec<_>>(), [&id("b")]);
        assert_eq!(related.of_card(&id("c")).count(), 0);
        assert!(Related::of(&deck(&card("c", "Which city?", "Karachi"))).is_empty());
    }

    #[test]
    fn notes_name_each_revealing_card_once_with_what_it_shows() {
        let cards = "[[card]]\nid = \"c\"\nkind = \"cloze\"\ntext = \"Stalin invited {{Liaquat Ali Khan}} in {{1949}}.\"\n".to_owned()
            + &card("s", "Who invited the prime minister?", "Stalin")
            + "[[card]]\nid = \"declared\"\nquestion = \"Who did Stalin invite?\"\nanswer = \"x1\"\nrelated = [\"s\"]\n";
        let deck = deck(&cards);
        let notes = diagnostics(&deck);
        let shown: Vec<String> = notes.iter().map(ToString::to_string).collect();
        assert_eq!(notes.len(), 1, "{shown:?}");
        assert_eq!(notes[0].severity, Severity::Note);
        assert_eq!(notes[0].code, "reveals");
        assert_eq!(notes[0].line, 4);
        assert_eq!(
            notes[0].message,
            "`c` shows the answer of `s` (`Stalin`, in its question)"
        );
        assert_eq!(
            notes[0].to_string().lines().next(),
            Some(
                "d.toml:4:1: note[reveals]: `c` shows the answer of `s` (`Stalin`, in its question)"
            )
        );
        assert!(
            notes[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("related = [\"s\"]"))
        );
    }

    #[test]
    fn related_entries_that_name_no_other_card_are_warned_about_and_ignored() {
        const W: Severity = Severity::Warning;
        let text = "[deck]\nid = \"d\"\ntitle = \"D\"\n\
            [[card]]\nid = \"a\"\nquestion = \"Q?\"\nanswer = \"x1\"\n\
            related = [\"b\", \"z.2\", \"z.3\", \"bb-typo\", \"a\", \"Not An Id\"]\n\
            [[card]]\nid = \"bb-typ\"\nquestion = \"Q2?\"\nanswer = \"x2\"\n\
            [[card]]\nid = \"b\"\nquestion = \"Q3?\"\nanswer = \"x3\"\n\
            [[card]]\nid = \"z\"\nkind = \"cloze\"\ntext = \"{{p}} {{q}}\"\n";
        let loaded = load_str(text, Origin::File("d.toml".into()));
        let warnings: Vec<(Severity, u32, u32, &str)> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == "unknown-related")
            .map(|d| (d.severity, d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            warnings,
            [
                (
                    W,
                    8,
                    24,
                    "no card of this deck has the id `z.3` (in `related`, ignored)"
                ),
                (
                    W,
                    8,
                    31,
                    "no card of this deck has the id `bb-typo` (in `related`, ignored)"
                ),
                (W, 8, 42, "`a` is this card itself (in `related`, ignored)"),
                (
                    W,
                    8,
                    47,
                    "`Not An Id` is not a card id: it must start with a lowercase letter or a digit (in `related`, ignored)"
                ),
            ]
        );
        let typo = loaded
            .diagnostics
            .iter()
            .find(|d| d.message.contains("bb-typo"))
            .and_then(|d| d.hint.as_deref());
        assert_eq!(typo, Some("did you mean `bb-typ`?"));
        // The deck still loads; the valid entries relate the cards.
        let deck = loaded.deck.expect("warnings only");
        assert_eq!(pairs_of(&deck), ["a>b", "a>z.2"]);
    }

    fn pairs_of(deck: &Deck) -> Vec<String> {
        reveals(deck)
            .into_iter()
            .map(|r| format!("{}>{}", r.card, r.revealed))
            .collect()
    }

    #[test]
    fn what_a_source_shows_is_related_but_never_a_note() {
        let cards = "[[card]]\nid = \"a\"\nquestion = \"Q1?\"\nanswer = \"x1\"\nsource = \"threatened to drop a nuclear bomb on Peshawar\"\nrelated = []\n".to_owned()
            + "[[card]]\nid = \"city\"\nquestion = \"Which city did Khrushchev threaten with a nuclear bomb?\"\nanswer = \"Peshawar\"\n";
        let deck = deck(&cards);
        // `related = []` silences the wording, not the source.
        assert_eq!(pairs_of(&deck), ["a>city"]);
        assert_eq!(
            reveals(&deck)[0].evidence,
            Evidence::Shown {
                form: "Peshawar".into(),
                place: Place::Source
            }
        );
        assert!(diagnostics(&deck).is_empty());
        let id = |s: &str| s.parse::<CardId>().expect("id");
        assert!(Related::of(&deck).are_related(&id("city"), &id("a")));
    }

    #[test]
    fn a_pair_declared_on_either_card_is_not_a_note() {
        let a = card(
            "a",
            "Which city did Khrushchev threaten with a nuclear bomb?",
            "Peshawar",
        );
        let b = card(
            "b",
            "Who threatened Peshawar with a nuclear bomb?",
            "Khrushchev",
        );
        // Each shows the other's answer: two notes.
        assert_eq!(diagnostics(&deck(&(a.clone() + &b))).len(), 2);
        // Declared on `a`: `a`'s own wording is no longer searched, and `b`'s reveal is known.
        let declared = a + "related = [\"b\"]\n" + &b;
        let deck = deck(&declared);
        assert!(diagnostics(&deck).is_empty());
        assert_eq!(pairs_of(&deck), ["a>b", "b>a"]);
    }

    /// Reveals reads a card from its note without cloning it (a cloze gap from the card its
    /// note expands to): each view must say what the expanded card says, in deck order, and
    /// the related list of a note is the note's own.
    #[test]
    fn views_read_each_card_as_the_note_expands_it() {
        let deck = deck(concat!(
            "[[card]]\nid = \"a\"\nquestion = \"Who led the USSR in 1955?\"\nanswer = \"Nikolai Bulganin\"\n",
            "accept = [\"Bulganin\"]\nhint = \"a marshal\"\nexplain = \"Premier 1955-58.\"\nsource = \"s\"\n",
            "person = true\nknown_as = [\"Bulganin\"]\nrelated = [\"c\"]\n",
            "[[card]]\nid = \"b\"\nkind = \"cloze\"\ntext = \"{{Khrushchev}} visited {{India|Bharat::a country}} in 1955.\"\n",
            "related = []\n",
            "[[card]]\nid = \"c\"\nkind = \"choice\"\nquestion = \"Which city?\"\nanswer = \"Lahore\"\n",
            "choices = [\"Lahore\", \"Peshawar\"]\n",
        ));
        let gaps = gap_cards(&deck);
        let (views, related) = views(&deck, &gaps);
        let cards: Vec<Card> = deck.cards().collect();
        assert_eq!(views.len(), cards.len());
        assert_eq!(views.len(), 4);
        for (view, card) in views.iter().zip(&cards) {
            assert_eq!(view.id(), &card.id);
            assert_eq!(view.note_id(), &card.note);
            assert_eq!(view.kind(), card.kind);
            assert_eq!(view.question(), card.question);
            assert_eq!(view.answer(), card.answer);
            assert_eq!(view.accept(), card.accept.as_slice());
            assert_eq!(view.choices(), card.choices.as_slice());
            assert_eq!(view.hint(), card.hint.as_deref());
            assert_eq!(view.explain(), card.explain.as_deref());
            assert_eq!(view.source(), card.source.as_deref());
            assert_eq!(view.person(), card.person);
            assert_eq!(view.known_as(), card.known_as.as_slice());
            let note = deck.notes.iter().position(|n| n.id == card.note);
            assert_eq!(Some(view.note as usize), note);
            let declared = deck.notes[view.note as usize].related.as_deref();
            assert_eq!(related[view.note as usize], declared);
        }
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [COMMON_WORDS, QUESTION_WORDS] {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "{list:?}");
        }
    }

    #[test]
    fn telling_forms() {
        let cases = [
            ("", false),
            ("3", false),
            ("99", false),
            ("100", true),
            ("1955", true),
            ("007", false),
            ("099", false),
            ("0100", true),
            ("12 000", true),
            ("x", false),
            ("may", false),
            ("us", false),
            ("the first", false),
            ("uk", true),
            ("cia", true),
            ("karachi", true),
            ("next door neighbor", true),
        ];
        for (form, telling) in cases {
            assert_eq!(is_telling(form), telling, "{form:?}");
        }
    }
}
