//! What the use cases ask of storage, engine-neutral: one trait per role ([`Catalog`],
//! [`Reviews`], [`Queues`], [`Stats`], [`Drills`], [`Upkeep`], [`Fitting`], [`Leeches`],
//! [`Charts`]) and the row structs they
//! exchange. `SQLite` ([`super::Store`]) is the one engine; a second implements these traits.
//!
//! Storage keeps what it is given and computes no policy: daily limits, the young/mature
//! threshold, which cards keep whose history on a rename, and the answer forms grading compares
//! against all come from the caller. Its vocabulary is its own ([`Mark`], [`AttemptEnd`]) or the
//! domain types of `deck`, `scheduler` and `time`; it knows nothing of grading, sessions or
//! drills.

use std::collections::{HashMap, HashSet};
use std::fmt;

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::Result;
use crate::deck::{Alias, Card, CardId, Deck, DeckId, Kind, Schedule};
use crate::scheduler::queue::Limits;
use crate::scheduler::{CardState, Purpose, Rating, State};
use crate::time::{StudyDay, Timestamp};

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

row_id!(
    /// An answer in the review log.
    ReviewId
);
row_id!(
    /// A study, practice or drill run.
    SessionId
);
row_id!(
    /// A drill attempt.
    AttemptId
);

/// How a typed answer was marked, as the review log and drill answers keep it (`right`, `typo`,
/// `wrong`, and in the review log `close`). The use cases map their verdicts onto it; a new
/// verdict is a decision about what to keep, and a migration of the schema's CHECK constraints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Right,
    Typo,
    Wrong,
    /// Not specific enough, and recorded so (the review log only: a drill answer keeps it as
    /// wrong).
    Close,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Right => "right",
            Mark::Typo => "typo",
            Mark::Wrong => "wrong",
            Mark::Close => "close",
        }
    }
}

/// How a drill attempt ended, as kept (`finished`, `timeout`, `quit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttemptEnd {
    Finished,
    Timeout,
    Quit,
}

impl AttemptEnd {
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptEnd::Finished => "finished",
            AttemptEnd::Timeout => "timeout",
            AttemptEnd::Quit => "quit",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Catalog rows
// ---------------------------------------------------------------------------------------------

/// What identifies a deck file's contents without parsing it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint {
    /// The file's path as given (for messages), or `<bundled>/name`.
    pub origin: String,
    /// The file however its path is spelt: its canonical path, or `<bundled>/name`.
    pub key: String,
    pub size: Option<i64>,
    /// Modification time in nanoseconds (files only).
    pub mtime_ns: Option<i64>,
    /// A hash of the contents; empty until the file has been read.
    pub hash: String,
}

/// A deck as the catalog knows it, enough to recognise an unchanged file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDeck {
    pub id: DeckId,
    pub size: Option<i64>,
    pub mtime_ns: Option<i64>,
    pub hash: String,
    /// Whether the catalog knows the file by its key ([`Fingerprint::key`]); a deck saved
    /// before files had keys is found by its origin until its key is noted.
    pub keyed: bool,
}

/// What a study session needs to know about a deck, without its cards.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckRecord {
    pub id: DeckId,
    pub title: String,
    pub origin: String,
    pub schedule: Schedule,
    pub flip: bool,
}

/// A card as stored, with what the catalog knows about its history in the deck.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCard {
    pub card: Card,
    /// False when the card has been removed from its deck.
    pub present: bool,
    /// When the deck last changed this card's answer under the same id.
    pub answer_changed_at: Option<Timestamp>,
}

/// A card whose history moves to a new id when a deck is synced: a card that was known by an id
/// derived from its question and now has an id of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub from: CardId,
    pub to: CardId,
}

/// A freshly parsed deck to bring the catalog up to date with. Only the cards that differ from
/// the catalog's (by a hash of what is stored of them) are written, so `answer_forms` is asked
/// only for those, and `renames` only when the sync both adds and removes cards.
#[derive(Clone, Copy)]
pub struct DeckSync<'a> {
    /// The deck, with its cards in deck order.
    pub deck: &'a Deck,
    pub fingerprint: &'a Fingerprint,
    /// The normalized forms a reply to another card is compared with (see
    /// [`Catalog::is_other_answer`]).
    pub answer_forms: &'a dyn Fn(&Card) -> Vec<String>,
    /// History to move, tried in order; a rename is applied when its `from` card was present
    /// in the catalog and is gone from the deck, and its `to` card is new (the first rename
    /// of a card wins).
    pub renames: &'a dyn Fn() -> Vec<Rename>,
    /// Pairs of related cards (each pair once, either way round): kept apart by the study
    /// queue. The catalog brings the deck's pairs in line with these.
    pub links: &'a [(CardId, CardId)],
}

impl std::fmt::Debug for DeckSync<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeckSync")
            .field("deck", &self.deck.id)
            .field("fingerprint", self.fingerprint)
            .field("links", &self.links.len())
            .finish_non_exhaustive()
    }
}

/// What a sync changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub added: usize,
    pub removed: usize,
    /// Cards written: added or changed (the others were left as they were).
    pub written: usize,
    /// Unchanged cards that only took another place in the deck.
    pub moved: usize,
    /// Cards whose answer changed under the same id.
    pub changed_answers: Vec<CardId>,
    /// Cards that got an id of their own and kept the history of their derived id.
    pub kept_history: usize,
}

/// A deck's present cards of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindCount {
    pub kind: Kind,
    /// `[[card]]` entries: a cloze note counts once.
    pub notes: u32,
    /// Cards studied: one per gap of a cloze note.
    pub cards: u32,
}

/// What a deck's derived data (grading's whole-deck context) is built from, as one consistent
/// reading of the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckContents {
    /// The hash of the deck file the catalog holds (see [`Fingerprint::hash`]).
    pub content_hash: String,
    /// The present cards, in deck order.
    pub cards: Vec<Card>,
    pub aliases: Vec<Alias>,
}

/// Decks and cards as last read from their files, so that an unchanged deck is studied
/// straight from storage and a card removed from its deck keeps its history.
pub trait Catalog {
    /// The deck last read from the file `key` ([`Fingerprint::key`]), whatever its path was
    /// called then; for a deck saved before files had keys, the one read from `origin`.
    fn deck_by_file(&self, key: &str, origin: &str) -> Result<Option<StoredDeck>>;
    /// How many times each deck's cards were written from its file, by deck id.
    fn deck_syncs(&self) -> Result<Vec<(DeckId, u32)>>;
    /// A deck's record, if it has ever been synced.
    fn deck_record(&self, id: &DeckId) -> Result<Option<DeckRecord>>;
    /// Notes, in one transaction, that each deck's file was seen unchanged with a new size,
    /// modification time or spelling of its path, so the next start need not read it.
    fn touch_decks(&mut self, touched: &[(DeckId, Fingerprint)]) -> Result<()>;
    /// Brings the catalog up to date with a parsed deck in one transaction: new cards added,
    /// changed cards updated (noting changed answers), removed cards kept but marked absent,
    /// history renamed, and every profile following the deck given rows for its new cards.
    fn sync_deck(&mut self, sync: DeckSync<'_>, now: Timestamp) -> Result<SyncReport>;
    /// Makes sure `profile` follows the deck: a state row (new) for each of its cards.
    fn attach(&mut self, profile: &str, deck: &DeckId, now: Timestamp) -> Result<()>;
    /// One card, present or removed.
    fn card(&self, deck: &DeckId, card: &CardId) -> Result<Option<StoredCard>>;
    /// Every present card of a deck, in deck order.
    fn deck_cards(&self, deck: &DeckId) -> Result<Vec<Card>>;
    /// Whether `normalized` is an answer form of a present card of `deck` other than `except`.
    fn is_other_answer(&self, deck: &DeckId, normalized: &str, except: &CardId) -> Result<bool>;
    /// The deck's content hash, present cards and aliases, read together (`None` for a deck
    /// never synced).
    fn deck_contents(&self, deck: &DeckId) -> Result<Option<DeckContents>>;
    /// Data the caller derived from a deck's contents and saved in `format` (see
    /// [`Catalog::save_deck_cache`]), if the deck has not changed since: `None` otherwise.
    fn deck_cache(&self, deck: &DeckId, format: &str) -> Result<Option<Vec<u8>>>;
    /// Keeps `data`, derived in `format` from the deck's contents with hash `content_hash`,
    /// replacing what was kept for the deck. It is given back by [`Catalog::deck_cache`] only
    /// while the deck's contents keep that hash.
    fn save_deck_cache(
        &mut self,
        deck: &DeckId,
        format: &str,
        content_hash: &str,
        data: &[u8],
    ) -> Result<()>;
    /// A deck's present cards by kind, in the kinds' alphabetical order.
    fn kind_counts(&self, deck: &DeckId) -> Result<Vec<KindCount>>;
    /// For each card of a deck answered by anyone, the answer it had at its latest answer.
    fn answers_when_last_reviewed(&self, deck: &DeckId) -> Result<HashMap<CardId, String>>;
}

// ---------------------------------------------------------------------------------------------
// Review rows
// ---------------------------------------------------------------------------------------------

/// One answer to record.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRecord {
    pub profile: String,
    pub deck: DeckId,
    pub card: CardId,
    pub at: Timestamp,
    pub rating: Rating,
    /// What was typed; `None` when self-graded.
    pub answer: Option<String>,
    /// The card's answer at the time.
    pub expected: String,
    /// `None` when self-graded.
    pub verdict: Option<Mark>,
    pub correct: bool,
    pub duration_ms: Option<u64>,
    pub purpose: Purpose,
    /// The card's state the answer was scheduled from.
    pub before: CardState,
    /// The new state when the answer changes the schedule; `None` for practice.
    pub after: Option<CardState>,
    pub elapsed_days: Option<u32>,
    /// The session the answer belongs to (see [`Reviews::start_session`]).
    pub session: Option<SessionId>,
}

/// What recording an answer did.
#[derive(Debug, Clone, PartialEq)]
pub enum Commit {
    /// Saved, with the answer's id (for undo).
    Done(ReviewId),
    /// Nothing saved: the answer changes the schedule, and the card's saved state is no longer
    /// its `before` (another process answered it meanwhile). Here is the state now, to schedule
    /// the answer from and record again.
    Stale(CardState),
}

/// One past answer, as `recall card` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub id: ReviewId,
    pub at: Timestamp,
    pub rating: Rating,
    pub answer: Option<String>,
    pub expected: String,
    pub verdict: Option<Mark>,
    pub correct: bool,
    pub duration_ms: Option<i64>,
    pub mode: Purpose,
    pub scheduled: bool,
    pub state_before: State,
    pub state_after: State,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    pub due: Option<Timestamp>,
    pub undone: bool,
}

/// The review log, appended to and never rewritten (undo marks an answer), and each card's
/// state, a cache of the log.
pub trait Reviews {
    /// Starts a session (a study, practice or drill run).
    fn start_session(
        &mut self,
        profile: &str,
        purpose: Purpose,
        now: Timestamp,
    ) -> Result<SessionId>;
    /// Records an answer and, when it changes the schedule, the card's new state, in one
    /// transaction committed before this returns. An answer that changes the schedule is
    /// saved only if the card's state is still its `before`, compared inside that transaction.
    fn record(&mut self, review: &ReviewRecord) -> Result<Commit>;
    /// Marks an answer undone and restores its card's state from the rest of the log, in one
    /// transaction. False when there was no such answer not yet undone.
    fn undo(&mut self, profile: &str, review: ReviewId, now: Timestamp) -> Result<bool>;
    /// A card's state (`None` when the profile has not studied its deck).
    fn card_state(&self, profile: &str, deck: &DeckId, card: &CardId) -> Result<Option<CardState>>;
    /// A card's answers, oldest first, undone ones included (marked).
    fn history(&self, profile: &str, deck: &DeckId, card: &CardId) -> Result<Vec<HistoryEntry>>;
}

// ---------------------------------------------------------------------------------------------
// Queue rows
// ---------------------------------------------------------------------------------------------

/// A card waiting in a queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueEntry {
    pub deck: DeckId,
    pub card: CardId,
    pub note: CardId,
    pub state: State,
    pub due: Option<Timestamp>,
}

/// Answers given in a study day that count against the daily limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DoneToday {
    /// Answers that introduced new cards.
    pub new: u32,
    /// Answers to cards in review.
    pub reviews: u32,
}

/// How much today's limits of a deck were raised (`recall study --extra-new N`), on top of the
/// deck's `new_per_day` and `reviews_per_day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExtraLimits {
    pub new: u32,
    pub reviews: u32,
}

/// What to read for a session's queue of one deck.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueRequest {
    pub now: Timestamp,
    /// Learning cards due up to here are candidates (the learn-ahead window).
    pub learning_until: Timestamp,
    pub day: StudyDay,
    /// At most this many review cards, lowest retrievability first.
    pub reviews: u32,
    /// At most this many new cards, in deck order or shuffled by `shuffle`.
    pub new: u32,
    pub shuffle: Option<u64>,
}

/// The candidates for one deck's queue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueueCandidates {
    /// Learning and relearning cards due by `learning_until`, soonest first.
    pub learning: Vec<QueueEntry>,
    /// Review cards due before the day's end, lowest retrievability first.
    pub reviews: Vec<QueueEntry>,
    pub new: Vec<QueueEntry>,
    /// Notes with a sibling card (a cloze gap) answered in the day, or in learning and due
    /// again within it.
    pub notes_seen: HashSet<CardId>,
    /// Cards answered in the day, and learning cards due again within it (or within
    /// `learning_until`): cards related to them wait for another day.
    pub cards_seen: HashSet<CardId>,
    /// The cards related to each candidate that has any (stored with the deck; see
    /// [`DeckSync::links`]).
    pub related: HashMap<CardId, Vec<CardId>>,
    /// What each new candidate asks, for the order new cards are introduced in.
    pub new_facts: HashMap<CardId, NewCardFacts>,
}

/// A new card's kind, answer and tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCardFacts {
    pub kind: Kind,
    /// The card's answer (a cloze card's: its gap's).
    pub answer: String,
    pub tags: Vec<String>,
}

/// A card as a session needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionCard {
    pub card: Card,
    /// New when the profile has none.
    pub state: CardState,
    /// The learner's usual time (the median of the card's last five right answers), when
    /// there are at least two.
    pub typical_ms: Option<u64>,
}

/// What building a session reads.
pub trait Queues {
    /// Answers in `day` that count against the daily limits.
    fn done_today(&self, profile: &str, deck: &DeckId, day: StudyDay) -> Result<DoneToday>;
    /// How much today's limits of a deck were raised for `day` (zero when they were not).
    fn extra_limits(&self, profile: &str, deck: &DeckId, day: StudyDay) -> Result<ExtraLimits>;
    /// Raises the limits of a deck for `day` by `more` (added to any raise made earlier that
    /// day) and returns the day's raise; raises of earlier days are forgotten.
    fn raise_limits(
        &mut self,
        profile: &str,
        deck: &DeckId,
        day: StudyDay,
        more: ExtraLimits,
    ) -> Result<ExtraLimits>;
    /// The present cards of a deck with one of `tags`.
    fn tagged_cards(&self, deck: &DeckId, tags: &[String]) -> Result<HashSet<CardId>>;
    /// The candidates for a deck's study queue.
    fn queue_candidates(
        &self,
        profile: &str,
        deck: &DeckId,
        request: &QueueRequest,
    ) -> Result<QueueCandidates>;
    /// Cards to practise, most useful first: missed in the last 30 days (latest first), then
    /// most likely forgotten, then new ones in deck order; with `tags`, only cards with one.
    fn practice_candidates(
        &self,
        profile: &str,
        deck: &DeckId,
        tags: &[String],
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<QueueEntry>>;
    /// The cards `ids` of a deck, in the order given; ids not in the catalog are left out.
    fn session_cards(
        &self,
        profile: &str,
        deck: &DeckId,
        ids: &[CardId],
    ) -> Result<Vec<SessionCard>>;
}

// ---------------------------------------------------------------------------------------------
// Stats rows
// ---------------------------------------------------------------------------------------------

/// Counts for `recall due`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct DeckCounts {
    /// New cards not yet seen.
    pub new_total: u32,
    /// New cards that today's limit still allows.
    pub new_today: u32,
    /// Learning and relearning cards due now.
    pub learning_now: u32,
    /// Learning and relearning cards due by the end of the study day.
    pub learning_today: u32,
    /// Review cards due now.
    pub review_now: u32,
    /// Review cards due by the end of the study day (before the daily limit).
    pub review_today: u32,
    /// Review cards today's limit still allows.
    pub review_allowed: u32,
    /// When the next learning or review card falls due after now.
    pub next_due: Option<Timestamp>,
}

impl DeckCounts {
    /// Cards a study session would show now: learning cards due, and the reviews and new cards
    /// today's limits allow.
    pub fn to_study(&self) -> u32 {
        self.learning_now + self.review_allowed + self.new_today
    }
}

/// Numbers for `recall stats`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct DeckStats {
    pub new: u32,
    pub learning: u32,
    /// In review with an interval under the mature threshold.
    pub young: u32,
    /// In review with an interval of the mature threshold or more.
    pub mature: u32,
    /// Scheduled answers (study, recorded drills) today and in the last 7 and 30 days; practice
    /// is not counted.
    pub reviews_today: u32,
    pub reviews_7d: u32,
    pub reviews_30d: u32,
    /// Share of scheduled review-state answers in the last 30 days that were not Again.
    pub true_retention_30d: Option<f64>,
    /// Consecutive study days up to today (or yesterday, if today has no answers yet).
    pub streak_days: u32,
    /// The best practice session: right answers and answers.
    pub best_practice: Option<(u32, u32)>,
    /// Cards taken out of study (leeches suspended); counted in none of the above.
    pub suspended: u32,
}

/// Counts computed by storage from its indexes, so they stay fast on large collections.
pub trait Stats {
    /// Counts for `recall due` and the deck picker; `limits` are what today's daily limits
    /// still allow.
    fn deck_counts(
        &self,
        profile: &str,
        deck: &DeckId,
        now: Timestamp,
        day: StudyDay,
        limits: Limits,
    ) -> Result<DeckCounts>;
    /// Learning and review cards falling due in `[from, to)`.
    fn due_between(
        &self,
        profile: &str,
        deck: &DeckId,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<u32>;
    /// Consecutive study days of a deck ending today (or yesterday).
    fn streak(&self, profile: &str, deck: &DeckId, today: StudyDay, tz: &TimeZone) -> Result<u32>;
    /// Numbers for `recall stats`; review cards with an interval of `mature_days` or more are
    /// mature.
    fn deck_stats(
        &self,
        profile: &str,
        deck: &DeckId,
        now: Timestamp,
        today: StudyDay,
        tz: &TimeZone,
        mature_days: u32,
    ) -> Result<DeckStats>;
}

// ---------------------------------------------------------------------------------------------
// Drill rows
// ---------------------------------------------------------------------------------------------

/// A drill attempt as kept. `settings` and `paper` are JSON written by the caller and kept as
/// given.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRow {
    pub uid: String,
    pub profile: String,
    pub name: String,
    pub decks: Vec<String>,
    pub seed: u64,
    pub settings: String,
    pub paper: String,
    pub started_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    pub end: Option<AttemptEnd>,
    pub score: u32,
    pub max_score: u32,
    /// Read back only; ignored when an attempt is started.
    pub answers: Vec<DrillAnswerRow>,
}

/// One answer of an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillAnswerRow {
    /// The question's place in the paper, from 0.
    pub position: usize,
    pub answer: Option<String>,
    /// `None`: unanswered.
    pub verdict: Option<Mark>,
    pub points: u32,
    pub duration_ms: Option<u64>,
}

/// A question left unanswered when an attempt closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unanswered {
    pub position: usize,
    pub deck: DeckId,
    pub card: CardId,
}

/// Which attempts to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttemptFilter {
    pub name: Option<String>,
    pub seed: Option<u64>,
    pub profile: Option<String>,
}

/// Drill attempts: saved when the paper starts, one answer per transaction, closed at the end.
pub trait Drills {
    /// Saves a new attempt before its first question.
    fn start_attempt(&mut self, attempt: &AttemptRow) -> Result<AttemptId>;
    /// Saves one answer with its review log entry and the running score, in one transaction;
    /// the review is saved as [`Reviews::record`] saves it (and may be [`Commit::Stale`]).
    fn record_drill_answer(
        &mut self,
        attempt: AttemptId,
        answer: &DrillAnswerRow,
        review: &ReviewRecord,
    ) -> Result<Commit>;
    /// Closes an attempt: its end, and a row for each question left unanswered.
    fn finish_attempt(
        &mut self,
        attempt: AttemptId,
        ended_at: Timestamp,
        end: AttemptEnd,
        unanswered: &[Unanswered],
    ) -> Result<()>;
    /// Attempts matching `filter`, oldest first, with their answers.
    fn attempts(&self, filter: &AttemptFilter) -> Result<Vec<AttemptRow>>;
    /// The seed of the most recent attempt.
    fn latest_seed(&self) -> Result<Option<u64>>;
}

// ---------------------------------------------------------------------------------------------
// Memory: the study log for fitting, fitted parameters, leeches, and the aggregates of charts
// ---------------------------------------------------------------------------------------------

/// One study answer as the optimizer reads the log (borrowed from the row being read).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StudyAnswer<'a> {
    pub deck: &'a str,
    pub card: &'a str,
    pub at: Timestamp,
    pub rating: Rating,
    pub state_before: State,
    pub duration_ms: Option<i64>,
}

/// A set of FSRS parameters saved for a profile (all its decks, or one deck).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedParameters {
    pub id: i64,
    /// `None`: every deck of the profile without a set of its own.
    pub deck: Option<DeckId>,
    pub weights: Vec<f32>,
    pub saved_at: Timestamp,
    /// When a newer set or a reset replaced it; `None` while in use.
    pub retired_at: Option<Timestamp>,
    /// Study answers the fit read.
    pub reviews: u64,
    /// The figures that justified it, as JSON written by the caller.
    pub report: String,
}

/// Fitted parameters to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct NewParameters<'a> {
    pub profile: &'a str,
    /// One set per scope: `None` for the whole profile, else each deck.
    pub scopes: &'a [Option<DeckId>],
    pub weights: &'a [f32],
    pub reviews: u64,
    pub report: &'a str,
    pub at: Timestamp,
}

/// A card's history brought in from elsewhere (an Anki package): the state it starts from and
/// its answers, each scheduled from the one before.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedCard {
    pub card: CardId,
    pub start: CardState,
    pub reviews: Vec<ReviewRecord>,
}

/// What an import of histories wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportedCounts {
    pub cards: usize,
    pub answers: usize,
}

/// What the optimizer and the scheduler read and keep of a learner's memory.
pub trait Fitting {
    /// Writes imported histories of a deck's cards in one transaction; a card that already has
    /// study answers keeps its own history and is left out.
    fn import_histories(
        &mut self,
        profile: &str,
        deck: &DeckId,
        cards: &[ImportedCard],
        now: Timestamp,
    ) -> Result<ImportedCounts>;
    /// Calls `each` with the profile's study answers that stand (practice, drill and undone
    /// answers are left out), card by card, each card's answers in the order given; only the
    /// answers to `decks`, unless empty. Returns how many there were.
    fn study_answers(
        &self,
        profile: &str,
        decks: &[DeckId],
        each: &mut dyn FnMut(&StudyAnswer<'_>),
    ) -> Result<u64>;
    /// Every set of parameters saved for `profile`, in use or retired, oldest first.
    fn parameter_sets(&self, profile: &str) -> Result<Vec<SavedParameters>>;
    /// Saves a set for each scope, retiring the sets it replaces, in one transaction.
    fn save_parameters(&mut self, new: &NewParameters<'_>) -> Result<()>;
    /// Retires the sets in use for `scopes` (back to the defaults); returns how many.
    fn retire_parameters(
        &mut self,
        profile: &str,
        scopes: &[Option<DeckId>],
        at: Timestamp,
    ) -> Result<usize>;
}

/// A card that lapsed often (a leech) or was taken out of study.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlaggedCard {
    pub deck: DeckId,
    pub card: CardId,
    /// Lapses now.
    pub lapses: u32,
    /// When it became a leech.
    pub leech_at: Option<Timestamp>,
    /// When it left the queues; `None` while it is studied.
    pub suspended_at: Option<Timestamp>,
}

/// What is kept of a card beyond its schedule: marked a leech, taken out of study.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Flag {
    /// When it (last) became a leech.
    pub leech_at: Option<Timestamp>,
    /// Its lapses then.
    pub lapses: u32,
    /// When it left the queues; `None` while it is studied.
    pub suspended_at: Option<Timestamp>,
}

/// Leeches and suspended cards: kept apart from the review log (a rebuild keeps them).
pub trait Leeches {
    /// A card's flag, if it has one.
    fn flag(&self, profile: &str, deck: &DeckId, card: &CardId) -> Result<Option<Flag>>;
    /// Sets a card's flag (`None` removes it).
    fn set_flag(
        &mut self,
        profile: &str,
        deck: &DeckId,
        card: &CardId,
        flag: Option<&Flag>,
        now: Timestamp,
    ) -> Result<()>;
    /// A deck's cards marked as leeches or suspended, or with `min_lapses` lapses or more, most
    /// lapses first.
    fn flagged(&self, profile: &str, deck: &DeckId, min_lapses: u32) -> Result<Vec<FlaggedCard>>;
    /// The replies marked wrong for a card, each with how often it was given, most often first
    /// (at most `limit`).
    fn wrong_replies(
        &self,
        profile: &str,
        deck: &DeckId,
        card: &CardId,
        limit: u32,
    ) -> Result<Vec<(String, u32)>>;
}

/// One day's answers, for charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DayActivity {
    /// Every answer that stands (study, practice, drills).
    pub answers: u32,
    /// Answers that changed the schedule.
    pub scheduled: u32,
    /// Scheduled answers to cards in review: remembered (not Again) and forgotten.
    pub passed: u32,
    pub failed: u32,
    /// Answers with a time, and their total time.
    pub timed: u32,
    pub time_ms: u64,
}

/// Aggregates for charts, computed by storage from its indexes.
pub trait Charts {
    /// A deck's activity on each of `days`.
    fn activity(&self, profile: &str, deck: &DeckId, days: &[StudyDay])
    -> Result<Vec<DayActivity>>;
    /// A deck's learning and review cards (not suspended) falling due in each of `days`; the
    /// first day also counts the cards overdue before it.
    fn due_per_day(&self, profile: &str, deck: &DeckId, days: &[StudyDay]) -> Result<Vec<u32>>;
    /// A deck's review cards (not suspended) by their interval in days: (days, cards), shortest
    /// first.
    fn intervals(&self, profile: &str, deck: &DeckId) -> Result<Vec<(u32, u32)>>;
    /// The states of a deck's cards under study: present, not new, not suspended.
    fn studied_states(&self, profile: &str, deck: &DeckId) -> Result<Vec<CardState>>;
}

// ---------------------------------------------------------------------------------------------
// Upkeep
// ---------------------------------------------------------------------------------------------

/// A card whose cached state differs from a replay of its review log.
#[derive(Debug, Clone, PartialEq)]
pub struct Divergence {
    pub profile: String,
    pub deck: DeckId,
    pub card: CardId,
    pub stored: CardState,
    pub replayed: CardState,
}

/// Checking and repairing storage.
pub trait Upkeep {
    /// Where the data lives, for people (a file path).
    fn location(&self) -> String;
    fn schema_version(&self) -> Result<i64>;
    /// `Ok(())` when the storage is sound.
    fn integrity_check(&self) -> Result<()>;
    /// Every card state of `profile` (or of all profiles) that differs from the state a replay
    /// of the review log gives.
    fn divergences(&self, profile: Option<&str>) -> Result<Vec<Divergence>>;
    /// Rebuilds every card state of `profile` (or of all profiles) from the catalog and the
    /// review log, in one transaction; returns the number of states written.
    fn rebuild(&mut self, profile: Option<&str>) -> Result<usize>;
}

/// Several reads seen as one.
pub trait Snapshot {
    /// Runs `read` on one snapshot of storage: every query in it sees the same data (an answer
    /// another process saves meanwhile lands before or after, never in between), and the
    /// database's read lock is taken once rather than once per query, which is most of what a
    /// short query costs. A snapshot opened inside another joins it. `read` must not write.
    fn snapshot<T, E: From<super::StoreError>>(
        &self,
        read: impl FnOnce(&Self) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        Self: Sized;
}

/// Every storage role: what the use cases are written against.
pub trait Storage:
    Catalog + Reviews + Queues + Stats + Drills + Upkeep + Fitting + Leeches + Charts + Snapshot
{
}

impl<T> Storage for T where
    T: Catalog + Reviews + Queues + Stats + Drills + Upkeep + Fitting + Leeches + Charts + Snapshot
{
}
