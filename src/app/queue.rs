//! Building a session's queue across decks, and the counts around it: today's limits (the deck's
//! daily limits less what was done today), the study queue (learning cards due now, then
//! reviews due today, lowest retrievability first, then new cards in deck order, then learning
//! cards due within the learn-ahead window), the practice queue (each deck's most useful cards,
//! taken in turns), and what is due next.

use std::collections::{HashMap, VecDeque};

use anyhow::Result;
use serde::Serialize;

use super::Scope;
use crate::deck::{CardId, DeckId};
use crate::scheduler::queue::{Candidate, LEARN_AHEAD, Limits, SeenToday, Sort, assemble};
use crate::scheduler::{MATURE_DAYS, State};
use crate::session::Item;
use crate::store::{
    DeckCounts, DeckRecord, DeckStats, DoneToday, ExtraLimits, NewCardFacts, QueueEntry,
    QueueRequest, Queues, SessionCard, Snapshot, Stats,
};
use crate::time::{StudyDay, Timestamp};

/// A deck's daily limits on one day: what the deck allows, how much they were raised for the
/// day (`recall study --extra-new N`), and what was done already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayLimits {
    /// The deck's `new_per_day` and `reviews_per_day`.
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    pub extra: ExtraLimits,
    pub done: DoneToday,
}

impl DayLimits {
    /// Today's new-card limit, raise included.
    pub fn new_limit(&self) -> u32 {
        self.new_per_day.saturating_add(self.extra.new)
    }

    /// Today's review limit, raise included.
    pub fn review_limit(&self) -> u32 {
        self.reviews_per_day.saturating_add(self.extra.reviews)
    }

    /// How many more review and new cards may be shown.
    pub fn remaining(&self) -> Limits {
        Limits {
            reviews: self.review_limit().saturating_sub(self.done.reviews),
            new: self.new_limit().saturating_sub(self.done.new),
        }
    }
}

/// A deck's daily limits in `day`.
pub fn day_limits<S: Queues>(
    store: &S,
    profile: &str,
    deck: &DeckRecord,
    day: StudyDay,
) -> Result<DayLimits> {
    Ok(DayLimits {
        new_per_day: deck.schedule.new_per_day,
        reviews_per_day: deck.schedule.reviews_per_day,
        extra: store.extra_limits(profile, &deck.id, day)?,
        done: store.done_today(profile, &deck.id, day)?,
    })
}

/// How many more review and new cards the deck's daily limits allow in `day`.
pub fn limits<S: Queues>(
    store: &S,
    profile: &str,
    deck: &DeckRecord,
    day: StudyDay,
) -> Result<Limits> {
    Ok(day_limits(store, profile, deck, day)?.remaining())
}

/// Raises today's limits of each of `decks` by `more` (Anki's "increase today's limit"); the
/// raise adds to one made earlier today and lapses when the study day ends. Returns each deck's
/// limits after the raise.
pub fn raise_limits<S: Queues>(
    store: &mut S,
    scope: &Scope,
    decks: &[DeckRecord],
    more: ExtraLimits,
) -> Result<Vec<DayLimits>> {
    let day = scope.today();
    let mut raised = Vec::with_capacity(decks.len());
    for deck in decks {
        store.raise_limits(&scope.profile, &deck.id, day, more)?;
        raised.push(day_limits(store, &scope.profile, deck, day)?);
    }
    Ok(raised)
}

/// Cards that are due (or new) today but that the daily limits keep out of today's study.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct HeldBack {
    /// New cards beyond today's new-card limit.
    pub new: u32,
    /// Reviews due today beyond today's review limit.
    pub reviews: u32,
}

impl HeldBack {
    /// What the limits held back, from a deck's counts and its limits' remainder. New cards
    /// count as held back only while the limit is what stops them (not a buried sibling).
    pub fn of(counts: &DeckCounts, remaining: Limits) -> HeldBack {
        let new = if counts.new_today >= remaining.new {
            counts.new_total.saturating_sub(counts.new_today)
        } else {
            0
        };
        HeldBack {
            new,
            reviews: counts.review_today.saturating_sub(counts.review_allowed),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.new == 0 && self.reviews == 0
    }

    pub fn add(&mut self, other: HeldBack) {
        self.new = self.new.saturating_add(other.new);
        self.reviews = self.reviews.saturating_add(other.reviews);
    }
}

/// A queue entry with what the queue's rules need to know of it.
struct Waiting<'a> {
    entry: QueueEntry,
    related: &'a [CardId],
    facts: Option<&'a NewCardFacts>,
}

impl Candidate for Waiting<'_> {
    fn card(&self) -> &CardId {
        &self.entry.card
    }

    fn sibling_note(&self) -> Option<&CardId> {
        (self.entry.note != self.entry.card).then_some(&self.entry.note)
    }

    fn related(&self) -> &[CardId] {
        self.related
    }

    fn sort(&self) -> Sort<'_> {
        self.facts.map_or(
            Sort {
                kind: crate::deck::Kind::Text,
                answer: "",
                tags: &[],
            },
            |facts| Sort {
                kind: facts.kind,
                answer: &facts.answer,
                tags: &facts.tags,
            },
        )
    }
}

/// The seed of a session's order when none is given: the same all day for one profile,
/// different the next day.
pub fn default_seed(scope: &Scope) -> u64 {
    let day = scope.today();
    crate::text::stable_hash(&[scope.profile.as_bytes(), &day.start.millis().to_le_bytes()])
}

/// Candidates asked for beyond a limit: cards held back must not eat the limits.
fn with_slack(limit: u32) -> u32 {
    limit.saturating_mul(2).saturating_add(8)
}

/// The study queue across `decks`: learning due now, then reviews, then new cards (shuffled by
/// `shuffle` when given), then learning cards due within the next 20 minutes (shown early when
/// nothing else is left), within each deck's limits, with cloze siblings kept to one a day.
/// With `tags`, only cards with one of them (the limits still count every card studied).
///
/// Everything is read from one snapshot of the store.
pub fn study<S: Queues + Snapshot>(
    store: &S,
    scope: &Scope,
    decks: &[DeckRecord],
    shuffle: Option<u64>,
    tags: &[String],
) -> Result<Vec<Item>> {
    store.snapshot(|store| {
        let entries = study_entries(store, scope, decks, shuffle, tags)?;
        load_items(store, &scope.profile, decks, entries.into_iter())
    })
}

/// The study queue of [`study`] with only its first cards read, the rest to be read as the
/// session nears them ([`Lineup`]): the first question does not wait for every card.
pub fn study_lineup<S: Queues + Snapshot>(
    store: &S,
    scope: &Scope,
    decks: &[DeckRecord],
    shuffle: Option<u64>,
    tags: &[String],
) -> Result<Lineup> {
    store.snapshot(|store| {
        let entries = study_entries(store, scope, decks, shuffle, tags)?;
        let mut lineup = Lineup {
            first: Vec::new(),
            rest: entries.into(),
        };
        // Cards that cannot be read are left out, as `study` leaves them out.
        while lineup.first.is_empty() && !lineup.rest.is_empty() {
            lineup.first = lineup.read(store, &scope.profile, decks, FIRST_READ)?;
        }
        Ok(lineup)
    })
}

/// How many cards of a study queue are read before the first question.
const FIRST_READ: usize = 8;

/// A session's queue: the cards read so far, and the entries (deck index, entry) still to
/// read, in queue order.
#[derive(Debug, Default)]
pub struct Lineup {
    pub first: Vec<Item>,
    pub rest: VecDeque<(usize, QueueEntry)>,
}

impl Lineup {
    /// Nothing to study.
    pub fn is_empty(&self) -> bool {
        self.first.is_empty() && self.rest.is_empty()
    }

    /// Reads the next `count` entries still to read (those whose card is gone are left out).
    pub fn read<S: Queues>(
        &mut self,
        store: &S,
        profile: &str,
        decks: &[DeckRecord],
        count: usize,
    ) -> Result<Vec<Item>> {
        let count = count.min(self.rest.len());
        load_items(store, profile, decks, self.rest.drain(..count))
    }
}

impl From<Vec<Item>> for Lineup {
    fn from(items: Vec<Item>) -> Lineup {
        Lineup {
            first: items,
            rest: VecDeque::new(),
        }
    }
}

/// The entries (deck index, entry) of the study queue, in order.
fn study_entries<S: Queues>(
    store: &S,
    scope: &Scope,
    decks: &[DeckRecord],
    shuffle: Option<u64>,
    tags: &[String],
) -> Result<Vec<(usize, QueueEntry)>> {
    let now = scope.now;
    let day = scope.today();
    let mut learning = Vec::new();
    let mut reviews = Vec::new();
    let mut fresh = Vec::new();
    let mut soon = Vec::new();
    for (index, deck) in decks.iter().enumerate() {
        let limits = limits(store, &scope.profile, deck, day)?;
        // With tags, every candidate is read and the untagged ones dropped before the limits
        // apply, so that tagged cards further down the deck are reached.
        let tagged = if tags.is_empty() {
            None
        } else {
            Some(store.tagged_cards(&deck.id, tags)?)
        };
        let slack = |limit: u32| {
            if tagged.is_some() {
                u32::MAX
            } else {
                with_slack(limit)
            }
        };
        let mut candidates = store.queue_candidates(
            &scope.profile,
            &deck.id,
            &QueueRequest {
                now,
                learning_until: now.plus(LEARN_AHEAD),
                day,
                reviews: slack(limits.reviews),
                new: slack(limits.new),
                shuffle,
            },
        )?;
        if let Some(tagged) = &tagged {
            for list in [
                &mut candidates.learning,
                &mut candidates.reviews,
                &mut candidates.new,
            ] {
                list.retain(|entry| tagged.contains(&entry.card));
            }
        }
        let (now_learning, later_learning): (Vec<QueueEntry>, Vec<QueueEntry>) = candidates
            .learning
            .into_iter()
            .partition(|e| e.due.is_none_or(|due| due <= now));
        let (related, facts) = (&candidates.related, &candidates.new_facts);
        let waiting = |entries: Vec<QueueEntry>| -> Vec<Waiting<'_>> {
            entries
                .into_iter()
                .map(|entry| Waiting {
                    related: related.get(&entry.card).map_or(&[], Vec::as_slice),
                    facts: facts.get(&entry.card),
                    entry,
                })
                .collect()
        };
        let queue = assemble(
            waiting(now_learning),
            waiting(candidates.reviews),
            waiting(candidates.new),
            SeenToday {
                notes: &candidates.notes_seen,
                cards: &candidates.cards_seen,
            },
            limits,
        );
        for Waiting { entry, .. } in queue {
            let bucket = match entry.state {
                State::Learning | State::Relearning => &mut learning,
                State::Review => &mut reviews,
                State::New => &mut fresh,
            };
            bucket.push((index, entry));
        }
        soon.extend(later_learning.into_iter().map(|e| (index, e)));
    }
    Ok(learning
        .into_iter()
        .chain(reviews)
        .chain(fresh)
        .chain(soon)
        .collect())
}

/// Up to `count` cards to practise across `decks`, due or not: each deck lists its cards most
/// useful first (recently missed, then likely forgotten, then new), and the decks take turns so
/// one deck's new cards do not crowd out another's missed ones. `tags` keeps cards with one.
pub fn practice<S: Queues + Snapshot>(
    store: &S,
    scope: &Scope,
    decks: &[DeckRecord],
    tags: &[String],
    count: u32,
) -> Result<Vec<Item>> {
    store.snapshot(|store| practice_queue(store, scope, decks, tags, count))
}

fn practice_queue<S: Queues>(
    store: &S,
    scope: &Scope,
    decks: &[DeckRecord],
    tags: &[String],
    count: u32,
) -> Result<Vec<Item>> {
    let mut per_deck = Vec::new();
    for (index, deck) in decks.iter().enumerate() {
        let candidates =
            store.practice_candidates(&scope.profile, &deck.id, tags, scope.now, count)?;
        per_deck.push(candidates.into_iter().map(move |e| (index, e)));
    }
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    let mut entries = Vec::new();
    while entries.len() < count {
        let before = entries.len();
        for deck in &mut per_deck {
            if entries.len() < count
                && let Some(entry) = deck.next()
            {
                entries.push(entry);
            }
        }
        if entries.len() == before {
            break;
        }
    }
    load_items(store, &scope.profile, decks, entries.into_iter())
}

/// Turns queue entries (deck index, entry) into session items: the card's content, state and
/// usual answer time, read in one batch per deck, in the entries' order.
pub fn load_items<S: Queues>(
    store: &S,
    profile: &str,
    decks: &[DeckRecord],
    entries: impl Iterator<Item = (usize, QueueEntry)>,
) -> Result<Vec<Item>> {
    let entries: Vec<(usize, QueueEntry)> = entries.collect();
    let mut loaded: Vec<HashMap<CardId, Item>> = vec![HashMap::new(); decks.len()];
    for (index, deck) in decks.iter().enumerate() {
        let ids: Vec<CardId> = entries
            .iter()
            .filter(|(d, _)| *d == index)
            .map(|(_, e)| e.card.clone())
            .collect();
        if ids.is_empty() {
            continue;
        }
        for SessionCard {
            card,
            state,
            typical_ms,
        } in store.session_cards(profile, &deck.id, &ids)?
        {
            loaded[index].insert(
                card.id.clone(),
                Item {
                    deck: index,
                    card,
                    state,
                    typical_ms,
                },
            );
        }
    }
    Ok(entries
        .into_iter()
        .filter_map(|(deck, entry)| loaded[deck].remove(&entry.card))
        .collect())
}

/// A deck's counts for `recall due` and the deck picker, within today's limits.
pub fn counts<S: Queues + Stats + Snapshot>(
    store: &S,
    scope: &Scope,
    deck: &DeckRecord,
) -> Result<DeckCounts> {
    Ok(counts_and_limits(store, scope, deck)?.0)
}

/// A deck's counts within today's limits, with those limits.
pub fn counts_and_limits<S: Queues + Stats + Snapshot>(
    store: &S,
    scope: &Scope,
    deck: &DeckRecord,
) -> Result<(DeckCounts, DayLimits)> {
    store.snapshot(|store| {
        let day = scope.today();
        let limits = day_limits(store, &scope.profile, deck, day)?;
        let counts =
            store.deck_counts(&scope.profile, &deck.id, scope.now, day, limits.remaining())?;
        Ok((counts, limits))
    })
}

/// A deck's numbers for `recall stats` (mature from [`MATURE_DAYS`]).
pub fn stats<S: Stats + Snapshot>(store: &S, scope: &Scope, deck: &DeckId) -> Result<DeckStats> {
    Ok(store.snapshot(|store| {
        store.deck_stats(
            &scope.profile,
            deck,
            scope.now,
            scope.today(),
            &scope.tz,
            MATURE_DAYS,
        )
    })?)
}

/// What falls due after a session, across its decks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DueNext {
    /// From `now` to the end of the study day.
    pub later_today: u32,
    pub tomorrow: u32,
    /// From the end of today to the end of the seventh day.
    pub this_week: u32,
    /// The longest current streak of study days among the decks.
    pub streak: u32,
}

/// What is due next across `decks`, seen from `now` (the end of a session).
pub fn due_next<S: Stats>(
    store: &S,
    scope: &Scope,
    decks: &[DeckId],
    now: Timestamp,
) -> Result<DueNext> {
    let tz = &scope.tz;
    let today = StudyDay::containing(now, tz);
    let tomorrow = today.offset(1, tz);
    let week_end = today.offset(7, tz).start;
    let mut next = DueNext::default();
    for deck in decks {
        let profile = &scope.profile;
        next.later_today += store.due_between(profile, deck, now, today.end)?;
        next.tomorrow += store.due_between(profile, deck, tomorrow.start, tomorrow.end)?;
        next.this_week += store.due_between(profile, deck, today.end, week_end)?;
        next.streak = next.streak.max(store.streak(profile, deck, today, tz)?);
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{at, deck, scope, store_with};
    use crate::deck::Deck;
    use crate::scheduler::{CardState, Purpose, Rating};
    use crate::store::{Commit, ReviewRecord, Reviews, Store};

    /// Ten text cards `c0`..`c9`, a three-gap cloze note `g`, with small daily limits.
    fn limited(id: &str, new_per_day: u32, reviews_per_day: u32) -> Deck {
        let mut text = format!(
            "[deck]\nid = \"{id}\"\ntitle = \"{id}\"\n[deck.schedule]\nnew_per_day = {new_per_day}\nreviews_per_day = {reviews_per_day}\n"
        );
        for n in 0..10 {
            text.push_str(&format!(
                "[[card]]\nid = \"c{n}\"\nquestion = \"Q{n}?\"\nanswer = \"answer {n}\"\n"
            ));
        }
        text.push_str("[[card]]\nid = \"g\"\nkind = \"cloze\"\ntext = \"{{x}} {{y}} {{z}}\"\n");
        deck(&text)
    }

    /// Saves `state` as the card's state, as an answer at `at` would.
    fn put(store: &mut Store, deck: &DeckId, card: &str, at: Timestamp, after: CardState) {
        let card: CardId = card.parse().expect("an id");
        let before = store
            .card_state("me", deck, &card)
            .expect("q")
            .unwrap_or_default();
        let commit = store
            .record(&ReviewRecord {
                profile: "me".into(),
                deck: deck.clone(),
                card,
                at,
                rating: Rating::Good,
                answer: None,
                expected: "x".into(),
                verdict: None,
                correct: true,
                duration_ms: None,
                purpose: Purpose::Study,
                before,
                after: Some(after),
                elapsed_days: None,
                session: None,
            })
            .expect("record");
        assert!(matches!(commit, Commit::Done(_)));
    }

    fn state(state: State, due: Timestamp, stability: f32, last: Timestamp) -> CardState {
        CardState {
            state,
            memory: Some(crate::scheduler::Memory {
                stability,
                difficulty: 5.0,
            }),
            due: Some(due),
            last_review: Some(last),
            scheduled_days: 1,
            reps: 1,
            ..CardState::default()
        }
    }

    fn ids(items: &[Item]) -> Vec<String> {
        items.iter().map(|i| i.card.id.to_string()).collect()
    }

    #[test]
    fn the_study_queue_orders_learning_reviews_new_then_learning_ahead_within_limits() {
        let scope = scope("2026-12-02T12:00:00Z");
        let now = scope.now;
        let yesterday = at("2026-12-01T12:00:00Z");
        let d = limited("d", 2, 2);
        let (mut store, decks) = store_with(&[&d], &scope);
        // Reviews: c3 is the most overdue for its stability, c4 next, c5 beyond the limit.
        put(
            &mut store,
            &d.id,
            "c3",
            yesterday,
            state(
                State::Review,
                now.plus_days(-1),
                0.5,
                yesterday.plus_days(-5),
            ),
        );
        put(
            &mut store,
            &d.id,
            "c4",
            yesterday,
            state(State::Review, now.plus_days(-1), 3.0, yesterday),
        );
        put(
            &mut store,
            &d.id,
            "c5",
            yesterday,
            state(State::Review, now.plus_days(-1), 30.0, yesterday),
        );
        // Learning: c6 due now, c7 due in 10 minutes (learn-ahead), c8 due in an hour.
        let mins = |m| std::time::Duration::from_mins(m);
        put(
            &mut store,
            &d.id,
            "c6",
            yesterday,
            state(State::Learning, now.minus(mins(1)), 0.1, yesterday),
        );
        put(
            &mut store,
            &d.id,
            "c7",
            yesterday,
            state(State::Relearning, now.plus(mins(10)), 0.1, yesterday),
        );
        put(
            &mut store,
            &d.id,
            "c8",
            yesterday,
            state(State::Learning, now.plus(mins(60)), 0.1, yesterday),
        );
        let queue = study(&store, &scope, &decks, None, &[]).expect("queue");
        // New cards: the two first in the order of introduction: c0, then the first card of
        // another kind than c0's (a text card after a text card is passed over), the cloze gap
        // g.1; c1, c2 and the other gaps wait.
        assert_eq!(ids(&queue), ["c6", "c3", "c4", "c0", "g.1", "c7"]);
    }

    #[test]
    fn a_lineup_read_in_batches_is_the_study_queue() {
        let scope = scope("2026-12-02T12:00:00Z");
        let (a, b) = (limited("a", 9, 10), limited("b", 9, 10));
        let (store, decks) = store_with(&[&a, &b], &scope);
        let whole = study(&store, &scope, &decks, Some(3), &[]).expect("queue");
        let mut lineup = study_lineup(&store, &scope, &decks, Some(3), &[]).expect("lineup");
        assert_eq!(lineup.first.len(), FIRST_READ);
        let mut read = std::mem::take(&mut lineup.first);
        while !lineup.rest.is_empty() {
            read.extend(lineup.read(&store, "me", &decks, 3).expect("read"));
        }
        assert_eq!(read, whole);
        assert!(whole.len() > FIRST_READ, "{}", whole.len());
    }

    #[test]
    fn answers_today_use_up_the_limits() {
        let scope = scope("2026-12-02T12:00:00Z");
        let d = limited("d", 3, 10);
        let (mut store, decks) = store_with(&[&d], &scope);
        let earlier = at("2026-12-02T08:00:00Z");
        put(
            &mut store,
            &d.id,
            "c0",
            earlier,
            state(State::Review, scope.now.plus_days(3), 3.0, earlier),
        );
        put(
            &mut store,
            &d.id,
            "c1",
            earlier,
            state(State::Review, scope.now.plus_days(3), 3.0, earlier),
        );
        assert_eq!(
            limits(&store, "me", &decks[0], scope.today()).expect("limits"),
            Limits {
                reviews: 10,
                new: 1
            }
        );
        let queue = study(&store, &scope, &decks, None, &[]).expect("queue");
        assert_eq!(ids(&queue), ["c2"]);
    }

    #[test]
    fn a_raise_lifts_todays_limits_and_the_counts_say_what_was_held_back() {
        let scope = scope("2026-12-02T12:00:00Z");
        let d = limited("d", 2, 1);
        let (mut store, decks) = store_with(&[&d], &scope);
        let earlier = at("2026-12-01T08:00:00Z");
        for card in ["c0", "c1", "c2"] {
            put(
                &mut store,
                &d.id,
                card,
                earlier,
                state(State::Review, scope.now.plus_days(-1), 3.0, earlier),
            );
        }
        let (counts, day) = counts_and_limits(&store, &scope, &decks[0]).expect("counts");
        assert_eq!((day.new_limit(), day.review_limit()), (2, 1));
        let held = HeldBack::of(&counts, day.remaining());
        // 7 plain new cards and the cloze note's first gap; 3 reviews due, 1 allowed.
        assert_eq!(held, HeldBack { new: 8, reviews: 2 }, "{counts:?}");
        assert_eq!(
            study(&store, &scope, &decks, None, &[]).expect("q").len(),
            3
        );

        let more = ExtraLimits { new: 3, reviews: 5 };
        let raised = raise_limits(&mut store, &scope, &decks, more).expect("raise");
        assert_eq!((raised[0].new_limit(), raised[0].review_limit()), (5, 6));
        let (counts, day) = counts_and_limits(&store, &scope, &decks[0]).expect("counts");
        assert_eq!(
            HeldBack::of(&counts, day.remaining()),
            HeldBack { new: 5, reviews: 0 }
        );
        assert_eq!(
            study(&store, &scope, &decks, None, &[]).expect("q").len(),
            8
        );

        // The raise is for today only.
        let tomorrow = crate::app::testing::scope("2026-12-03T12:00:00Z");
        let day = day_limits(&store, "me", &decks[0], tomorrow.today()).expect("limits");
        assert_eq!((day.new_limit(), day.review_limit()), (2, 1));
    }

    #[test]
    fn study_with_tags_reaches_tagged_cards_beyond_the_limits_window() {
        let scope = scope("2026-12-02T12:00:00Z");
        let mut text =
            "[deck]\nid = \"t\"\ntitle = \"t\"\n[deck.schedule]\nnew_per_day = 2\n".to_owned();
        for n in 0..40 {
            let tags = if n >= 30 { "tags = [\"late\"]\n" } else { "" };
            text.push_str(&format!(
                "[[card]]\nid = \"c{n}\"\nquestion = \"Q{n}?\"\nanswer = \"a{n}\"\n{tags}"
            ));
        }
        let d = deck(&text);
        let (store, decks) = store_with(&[&d], &scope);
        let tags = ["late".to_owned()];
        assert_eq!(
            ids(&study(&store, &scope, &decks, None, &tags).expect("q")),
            ["c30", "c31"],
            "tagged cards in deck order, within the new-card limit"
        );
        assert!(
            study(&store, &scope, &decks, None, &["none".to_owned()])
                .expect("q")
                .is_empty()
        );
    }

    #[test]
    fn one_cloze_gap_a_day_and_none_after_a_sibling_was_answered() {
        let scope = scope("2026-12-02T12:00:00Z");
        let only_cloze = deck(
            "[deck]\nid = \"z\"\ntitle = \"Z\"\n[[card]]\nid = \"g\"\nkind = \"cloze\"\ntext = \"{{x}} {{y}} {{z}}\"\n[[card]]\nid = \"h\"\nkind = \"cloze\"\ntext = \"{{u}} {{v}}\"\n",
        );
        let (mut store, decks) = store_with(&[&only_cloze], &scope);
        assert_eq!(
            ids(&study(&store, &scope, &decks, None, &[]).expect("q")),
            ["g.1", "h.1"]
        );
        let earlier = at("2026-12-02T08:00:00Z");
        put(
            &mut store,
            &only_cloze.id,
            "g.1",
            earlier,
            state(State::Review, scope.now.plus_days(3), 3.0, earlier),
        );
        assert_eq!(
            ids(&study(&store, &scope, &decks, None, &[]).expect("q")),
            ["h.1"]
        );
    }

    /// Cards `a` (related to `b`), `b`, `c` and `d` (related to `c`), all text.
    fn related_deck() -> Deck {
        deck(
            "[deck]\nid = \"r\"\ntitle = \"R\"\n\
             [[card]]\nid = \"a\"\nquestion = \"A?\"\nanswer = \"x1\"\nrelated = [\"b\"]\n\
             [[card]]\nid = \"b\"\nquestion = \"B?\"\nanswer = \"x2\"\n\
             [[card]]\nid = \"c\"\nquestion = \"C?\"\nanswer = \"x3\"\n\
             [[card]]\nid = \"d\"\nquestion = \"D?\"\nanswer = \"x4\"\nrelated = [\"c\"]\n",
        )
    }

    #[test]
    fn related_new_cards_are_introduced_on_different_days() {
        let scope = scope("2026-12-02T12:00:00Z");
        let d = related_deck();
        let (mut store, decks) = store_with(&[&d], &scope);
        assert_eq!(
            ids(&study(&store, &scope, &decks, None, &[]).expect("q")),
            ["a", "c"]
        );
        // Once `a` is answered, a later session the same day still keeps `b` back.
        let earlier = at("2026-12-02T08:00:00Z");
        put(
            &mut store,
            &d.id,
            "a",
            earlier,
            state(State::Review, scope.now.plus_days(3), 3.0, earlier),
        );
        assert_eq!(
            ids(&study(&store, &scope, &decks, None, &[]).expect("q")),
            ["c"]
        );
        // The next day it comes.
        let tomorrow = super::super::testing::scope("2026-12-03T12:00:00Z");
        assert_eq!(
            ids(&study(&store, &tomorrow, &decks, None, &[]).expect("q")),
            ["b", "c"]
        );
    }

    #[test]
    fn a_learning_card_due_later_today_keeps_its_related_cards_and_siblings_back() {
        let scope = scope("2026-12-02T12:00:00Z");
        let d = deck(
            "[deck]\nid = \"r\"\ntitle = \"R\"\n\
             [[card]]\nid = \"a\"\nquestion = \"A?\"\nanswer = \"x1\"\nrelated = [\"b\"]\n\
             [[card]]\nid = \"b\"\nquestion = \"B?\"\nanswer = \"x2\"\n\
             [[card]]\nid = \"g\"\nkind = \"cloze\"\ntext = \"{{y}} {{z}}\"\n\
             [[card]]\nid = \"c\"\nquestion = \"C?\"\nanswer = \"x3\"\n",
        );
        let (mut store, decks) = store_with(&[&d], &scope);
        // Yesterday `a` and `g.1` were left in learning, due again at 18:00 today.
        let yesterday = at("2026-12-01T20:00:00Z");
        let later = at("2026-12-02T18:00:00Z");
        for card in ["a", "g.1"] {
            put(
                &mut store,
                &d.id,
                card,
                yesterday,
                state(State::Learning, later, 0.5, yesterday),
            );
        }
        // `b` would be shown before `a` comes back, `g.2` before `g.1`: both wait.
        assert_eq!(
            ids(&study(&store, &scope, &decks, None, &[]).expect("q")),
            ["c"]
        );
    }

    #[test]
    fn related_reviews_due_the_same_day_are_spread_over_two() {
        let scope = scope("2026-12-02T12:00:00Z");
        let d = related_deck();
        let (mut store, decks) = store_with(&[&d], &scope);
        let yesterday = at("2026-12-01T12:00:00Z");
        for card in ["a", "b", "c"] {
            put(
                &mut store,
                &d.id,
                card,
                yesterday,
                state(State::Review, scope.now.plus_days(-1), 1.0, yesterday),
            );
        }
        // `a` and `b` are both due: the one shown first holds the other back; `d` (new) waits
        // for `c`, which is due.
        let queue = ids(&study(&store, &scope, &decks, None, &[]).expect("q"));
        assert_eq!(queue, ["a", "c"]);
    }

    #[test]
    fn new_cards_can_be_shuffled_by_seed() {
        let scope = scope("2026-12-02T12:00:00Z");
        let d = limited("d", 20, 20);
        let (store, decks) = store_with(&[&d], &scope);
        let plain = ids(&study(&store, &scope, &decks, None, &[]).expect("q"));
        let shuffled = ids(&study(&store, &scope, &decks, Some(7), &[]).expect("q"));
        assert_eq!(
            shuffled,
            ids(&study(&store, &scope, &decks, Some(7), &[]).expect("q"))
        );
        assert_ne!(plain, shuffled);
        // The same cards, one gap of the cloze note each (which one depends on the order).
        let (mut a, mut b) = (plain, shuffled);
        for ids in [&mut a, &mut b] {
            assert_eq!(ids.iter().filter(|id| id.starts_with("g.")).count(), 1);
            ids.retain(|id| !id.starts_with("g."));
            ids.sort();
        }
        assert_eq!(a, b);
    }

    #[test]
    fn decks_come_in_order_within_each_bucket() {
        let scope = scope("2026-12-02T12:00:00Z");
        let a = limited("a", 1, 10);
        let b = limited("b", 1, 10);
        let (mut store, decks) = store_with(&[&a, &b], &scope);
        let yesterday = at("2026-12-01T12:00:00Z");
        put(
            &mut store,
            &b.id,
            "c9",
            yesterday,
            state(State::Review, scope.now.plus_days(-1), 1.0, yesterday),
        );
        let queue = study(&store, &scope, &decks, None, &[]).expect("q");
        let got: Vec<(usize, String)> = queue
            .iter()
            .map(|i| (i.deck, i.card.id.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                (1, "c9".to_owned()),
                (0, "c0".to_owned()),
                (1, "c0".to_owned())
            ]
        );
    }

    #[test]
    fn practice_takes_decks_in_turns_up_to_the_count() {
        let scope = scope("2026-12-02T12:00:00Z");
        let a = limited("a", 1, 1);
        let b = limited("b", 1, 1);
        let (store, decks) = store_with(&[&a, &b], &scope);
        let queue = practice(&store, &scope, &decks, &[], 5).expect("q");
        let got: Vec<(usize, String)> = queue
            .iter()
            .map(|i| (i.deck, i.card.id.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                (0, "c0".to_owned()),
                (1, "c0".to_owned()),
                (0, "c1".to_owned()),
                (1, "c1".to_owned()),
                (0, "c2".to_owned()),
            ]
        );
    }

    #[test]
    fn what_is_due_next_counts_today_tomorrow_and_the_week() {
        let scope = scope("2026-12-02T12:00:00Z");
        let d = limited("d", 10, 10);
        let (mut store, decks) = store_with(&[&d], &scope);
        let now = scope.now;
        let hours = |h| std::time::Duration::from_hours(h);
        // Today ends at 04:00 tomorrow: c0 at 20:00 is later today, c1 tomorrow noon, c2 in 3
        // days.
        put(
            &mut store,
            &d.id,
            "c0",
            now,
            state(State::Review, now.plus(hours(8)), 3.0, now),
        );
        put(
            &mut store,
            &d.id,
            "c1",
            now,
            state(State::Review, now.plus(hours(24)), 3.0, now),
        );
        put(
            &mut store,
            &d.id,
            "c2",
            now,
            state(State::Review, now.plus_days(3), 3.0, now),
        );
        let next = due_next(&store, &scope, &[decks[0].id.clone()], now).expect("next");
        assert_eq!(
            next,
            DueNext {
                later_today: 1,
                tomorrow: 1,
                this_week: 2,
                streak: 1,
            }
        );
    }
}
