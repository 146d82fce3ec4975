//! Importing cards into a deck: each incoming card is matched to a card of the deck (by id or
//! Anki GUID, else by its question), merged field by field, validated on its own, and becomes an
//! [`Action`]: add, update, leave unchanged, or skip with a reason. The [`Plan`] is what
//! `--dry-run` shows and what [`apply`] writes; re-importing the same file changes nothing.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use super::edit::{self, EditError};
use super::formats::{self, Format, Incoming, Parsed, Place, ReadError, Row, Source};
use super::ids::{IdAllocator, is_valid_card_id};
use super::keys::TextMap;
use super::write::{self, WriteError};
use super::{Entry, Field, Header, InvalidResult, check_entry, validate_new_deck};
use crate::deck::{Deck, DeckId, Note, Origin, suggest_id};
use crate::text::normalize;

/// What happens to one incoming card.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A new card, appended to the deck.
    Add { place: Place, entry: Box<Entry> },
    /// Card `index` of the deck (0-based, in file order) gets new values.
    Update {
        place: Place,
        index: usize,
        before: Box<Entry>,
        after: Box<Entry>,
        /// The id the card is known by (explicit or hashed).
        id: String,
    },
    /// The deck already says everything the row says.
    Unchanged { place: Place, id: String },
    /// The row cannot be imported.
    Skip { place: Place, reason: String },
}

impl Action {
    pub fn place(&self) -> Place {
        match self {
            Action::Add { place, .. }
            | Action::Update { place, .. }
            | Action::Unchanged { place, .. }
            | Action::Skip { place, .. } => *place,
        }
    }
}

/// Everything an import would do.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub actions: Vec<Action>,
    /// Remarks about the source (ignored columns …).
    pub notes: Vec<String>,
}

/// How many cards each kind of action concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub skipped: usize,
}

impl Plan {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for action in &self.actions {
            match action {
                Action::Add { .. } => counts.added += 1,
                Action::Update { .. } => counts.changed += 1,
                Action::Unchanged { .. } => counts.unchanged += 1,
                Action::Skip { .. } => counts.skipped += 1,
            }
        }
        counts
    }

    /// Whether applying the plan would change the deck.
    pub fn changes_anything(&self) -> bool {
        self.actions
            .iter()
            .any(|a| matches!(a, Action::Add { .. } | Action::Update { .. }))
    }
}

/// Works out what importing `parsed` (read as `format`) into `deck` would do; `deck` is `None`
/// for a new deck. `extra_tags` are added to every imported card.
pub fn plan(deck: Option<&Deck>, format: Format, parsed: Parsed, extra_tags: &[String]) -> Plan {
    plan_with_progress(deck, format, parsed, extra_tags, &mut |_, _| {})
}

/// [`plan`], telling `progress` (rows planned, rows in all) as it goes through the rows.
pub fn plan_with_progress(
    deck: Option<&Deck>,
    format: Format,
    parsed: Parsed,
    extra_tags: &[String],
    progress: &mut dyn FnMut(usize, usize),
) -> Plan {
    let rows = parsed.cards.len();
    let ids = parsed.cards.iter().filter_map(|card| card.id.as_deref());
    let mut planner = Planner::new(deck, format, extra_tags, ids);
    let mut actions: Vec<Action> = parsed
        .skipped
        .into_iter()
        .map(|(place, reason)| Action::Skip { place, reason })
        .collect();
    for (done, incoming) in parsed.cards.into_iter().enumerate() {
        progress(done, rows);
        actions.push(planner.action(&incoming));
    }
    actions.sort_by_key(Action::place);
    Plan {
        actions,
        notes: parsed.notes,
    }
}

/// Plans the rows of a source one at a time, in the order they are read: each row's
/// [`Action`] depends only on the rows before it (and on every id the source gives).
///
/// What it keeps of the rows planned is what the rows after them are checked against: each
/// card id targeted and each question met (normalized), with the first row's place, and the ids
/// handed out; their text is kept once, in arenas ([`TextMap`]), not as a string per row.
pub struct Planner<'a> {
    notes: &'a [Note],
    format: Format,
    extra_tags: &'a [String],
    by_id: HashMap<&'a str, usize>,
    by_basis: HashMap<String, usize>,
    ids: IdAllocator,
    /// Cards already targeted through an id (their own, or that of the deck's card they match),
    /// with the place of the row that did.
    targeted: TextMap<Place>,
    /// Each normalized question (or cloze text) met, with the rows it was first met on.
    questions: TextMap<Question>,
}

/// Where a normalized question was met.
#[derive(Debug, Clone, Copy, Default)]
struct Question {
    /// The last row planned (not skipped as a duplicate) that had it: a row without an id
    /// having it again is skipped.
    seen: Packed,
    /// The first row without an id that made it a new card (an empty question included).
    targeted: Packed,
}

/// An optional [`Place`] in 8 bytes (a 100,000-row import keeps two per question).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Packed(u64);

impl Packed {
    /// Set on an item's number; 0 is no place, a line is its number plus one.
    const ITEM: u64 = 1 << 63;

    fn new(place: Place) -> Packed {
        match place {
            Place::Line(line) => Packed(u64::from(line) + 1),
            // No source has 2^63 items.
            Place::Item(item) => {
                Packed(Packed::ITEM | (u64::try_from(item).unwrap_or(0) & !Packed::ITEM))
            }
        }
    }

    fn place(self) -> Option<Place> {
        match self.0 {
            0 => None,
            n if n & Packed::ITEM != 0 => usize::try_from(n & !Packed::ITEM).ok().map(Place::Item),
            n => u32::try_from(n - 1).ok().map(Place::Line),
        }
    }
}

impl std::fmt::Debug for Planner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Planner")
            .field("format", &self.format)
            .field("ids", &self.targeted.len())
            .field("questions", &self.questions.len())
            .finish_non_exhaustive()
    }
}

impl<'a> Planner<'a> {
    /// A planner for rows going into `deck` (`None` for a new deck), read as `format`, with
    /// `extra_tags` added to every card; `source_ids` are the ids all the source's rows give,
    /// which are kept from the ids handed to cards without one.
    pub fn new<S: AsRef<str>>(
        deck: Option<&'a Deck>,
        format: Format,
        extra_tags: &'a [String],
        source_ids: impl IntoIterator<Item = S>,
    ) -> Planner<'a> {
        let notes = deck.map_or(&[][..], |d| d.notes.as_slice());
        let by_id: HashMap<&str, usize> = notes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let by_basis: HashMap<String, usize> = notes
            .iter()
            .enumerate()
            .map(|(i, n)| (normalize(n.basis()), i))
            .filter(|(basis, _)| !basis.is_empty())
            .collect();
        let mut ids = IdAllocator::new(notes.iter().map(|n| n.id.to_string()));
        for id in source_ids {
            let id = id.as_ref();
            if !by_id.contains_key(id) {
                ids.reserve(id);
            }
        }
        Planner {
            notes,
            format,
            extra_tags,
            by_id,
            by_basis,
            ids,
            targeted: TextMap::new(),
            questions: TextMap::new(),
        }
    }

    /// Makes room for about `rows` more rows (at most [`Planner::MAX_RESERVED`]): the tables
    /// of questions and ids are then not grown, an old and a new table held at once, as the
    /// rows are planned.
    pub fn reserve(&mut self, rows: usize) {
        let rows = rows.min(Planner::MAX_RESERVED);
        self.questions.reserve(rows);
        self.ids.reserve_room(rows, self.questions.arena());
    }

    /// The most rows [`Planner::reserve`] makes room for: a hint past it (a file of blank
    /// lines, say) reserves no more.
    pub const MAX_RESERVED: usize = 1 << 18;

    /// What becomes of the next row.
    pub fn action(&mut self, incoming: &Incoming) -> Action {
        let (format, extra_tags, notes) = (self.format, self.extra_tags, self.notes);
        let place = incoming.place;
        // Normalized once: the key of duplicates, of the deck's cards and of the new id.
        let basis = incoming.basis().map(normalize).unwrap_or_default();
        if let Some(id) = &incoming.id
            && !is_valid_card_id(id)
        {
            let reason = format!(
                "the id `{id}` is not a valid card id; use lowercase letters, digits, `-` and `_`"
            );
            return Action::Skip { place, reason };
        }
        let existing = match &incoming.id {
            Some(id) => self.by_id.get(id.as_str()).copied(),
            None => self.by_basis.get(&basis).copied(),
        };
        // The card the row is about: by an id (a valid id never holds the NUL that used to set
        // a question apart from ids in one table), or, new and without one, by its question.
        let id_key: Option<&str> = match (existing, &incoming.id) {
            (Some(index), _) => Some(notes[index].id.as_str()),
            (None, Some(id)) => Some(id.as_str()),
            (None, None) => None,
        };
        let same_card = |first: Place| Action::Skip {
            place,
            reason: format!("the same card as {first}; only the first is imported"),
        };
        let same_question = |first: Place| Action::Skip {
            place,
            reason: format!("the same question as {first}; only the first is imported"),
        };
        if let Some(id) = id_key {
            if let Some(&first) = self.targeted.get(id) {
                return same_card(first);
            }
            if incoming.id.is_none()
                && !basis.is_empty()
                && let Some(first) = self.questions.get(&basis).and_then(|q| q.seen.place())
            {
                return same_question(first);
            }
            self.targeted.insert(id, place);
            if !basis.is_empty() {
                self.questions
                    .get_or_insert_with(&basis, Question::default)
                    .seen = Packed::new(place);
            }
        } else {
            // A new card without an id (the rows of most sources): its question is looked
            // up once. A question met before was in the table already, so nothing is
            // added for a row skipped here.
            let question = self.questions.get_or_insert_with(&basis, Question::default);
            if let Some(first) = question.targeted.place() {
                return same_card(first);
            }
            if !basis.is_empty()
                && let Some(first) = question.seen.place()
            {
                return same_question(first);
            }
            question.targeted = Packed::new(place);
            if !basis.is_empty() {
                question.seen = Packed::new(place);
            }
        }

        if let Some(index) = existing {
            let note = &notes[index];
            let before = Entry::from_note(note);
            let after = merge(&before, incoming, format, extra_tags);
            let id = note.id.to_string();
            if let Err(reason) = check_entry(&after) {
                Action::Skip { place, reason }
            } else if after == before {
                Action::Unchanged { place, id }
            } else {
                Action::Update {
                    place,
                    index,
                    before: Box::new(before),
                    after: Box::new(after),
                    id,
                }
            }
        } else {
            let mut entry = merge(&Entry::default(), incoming, format, extra_tags);
            if let Err(reason) = check_entry(&entry) {
                Action::Skip { place, reason }
            } else {
                // Ids are kept as the place of the question they are the slug of, in the
                // table of questions (see `IdAllocator::allocate_from`).
                let arena = self.questions.arena();
                entry.id = Some(match &incoming.id {
                    Some(id) => id.clone(),
                    // The entry's basis is most often the row's, already normalized (and then
                    // in the table: a row without an id puts its question there).
                    None if incoming.basis() == Some(entry.basis()) => {
                        match self.questions.span(&basis) {
                            Some(span) => self.ids.allocate_from(entry.basis(), arena, span),
                            None => self.ids.allocate_in(entry.basis(), arena),
                        }
                    }
                    None => self.ids.allocate_in(entry.basis(), arena),
                });
                Action::Add {
                    place,
                    entry: Box::new(entry),
                }
            }
        }
    }
}

/// `before` with what `incoming` says. A field the incoming card has in the form the format
/// would give `before` back (e.g. a cloze without its alternatives after a trip through Anki)
/// is left as it is.
fn merge(before: &Entry, incoming: &Incoming, format: Format, extra_tags: &[String]) -> Entry {
    let view = if *before == Entry::default() {
        Vec::new()
    } else {
        formats::view(format, before)
    };
    let mut after = before.clone();
    for (field, value) in &incoming.values {
        let degraded = view.iter().any(|(f, v)| f == field && v == value);
        if !degraded {
            after.set(*field, value.clone());
        }
    }
    for tag in extra_tags {
        if !after.tags.contains(tag) {
            after.tags.push(tag.clone());
        }
    }
    after
}

/// The deck text after the plan: updates made in place and new cards appended to `existing`,
/// or, for a new deck, a file with `header`, the new cards and a leading `comment`.
pub fn apply(
    plan: &Plan,
    existing: Option<&str>,
    header: &Header,
    comment: &str,
) -> Result<String, EditError> {
    let mut updates = Vec::new();
    let mut added = Vec::new();
    for action in &plan.actions {
        match action {
            Action::Add { entry, .. } => added.push((**entry).clone()),
            Action::Update {
                index,
                before,
                after,
                ..
            } => updates.push(edit::CardUpdate {
                index: *index,
                before: (**before).clone(),
                after: (**after).clone(),
            }),
            Action::Unchanged { .. } | Action::Skip { .. } => {}
        }
    }
    match existing {
        Some(text) => edit::update_cards(text, &updates, &added),
        None => Ok(edit::new_deck(comment, header, &added)),
    }
}

/// Why a new deck was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error(transparent)]
    Invalid(#[from] InvalidResult),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// What importing a source into a new deck came to.
#[derive(Debug)]
pub struct Created {
    pub counts: Counts,
    /// The plan without its additions: the rows skipped (in file order) and the source's
    /// notes, for [`crate::ui::import::print_plan`].
    pub skipped: Plan,
    /// Whether the file was written (`keep` said so), or why it could not be.
    pub written: Result<bool, CreateError>,
}

/// Imports `source` (about `rows` rows, read as `format`, with `extra_tags` added to every card) into the new
/// deck file `path` in one pass: each row is planned as it is read ([`Planner`]) and each card
/// added is rendered straight into an atomic write, so that neither the rows nor the cards are
/// held, only the rows skipped. The file is `comment`, `header` and the added cards: what
/// [`apply`] gives for a new deck.
///
/// Once every row is planned, `keep` is asked, from the counts, whether to write the file (a
/// `--strict` import with skipped rows, or one that adds nothing, is not written); then the
/// deck's size and header are checked ([`validate_new_deck`]: the cards were each checked when
/// planned, by [`check_entry`], and their ids are distinct). When `keep` says no, a check fails
/// or the source has a syntax error (the error, then, without a plan), nothing is written.
/// `progress` is told each row's line (or item) as it is read.
#[allow(clippy::too_many_arguments)]
pub fn create(
    path: &Path,
    source: Source<'_>,
    rows: usize,
    format: Format,
    extra_tags: &[String],
    header: &Header,
    comment: &str,
    progress: &mut dyn FnMut(&Place),
    keep: impl FnOnce(&Counts) -> bool,
) -> Result<Created, ReadError> {
    let head = edit::new_deck_head(comment, header);
    let origin = Origin::File(path.to_owned());
    let limit = crate::input::Limit::DECK.bytes;
    let mut planner = Planner::new(None, format, extra_tags, source.ids());
    planner.reserve(rows);
    let mut skipped = Plan {
        actions: Vec::new(),
        notes: source.notes().to_vec(),
    };
    let mut counts = Counts::default();
    let mut unreadable: Option<ReadError> = None;
    let mut invalid: Option<InvalidResult> = None;
    let mut kept = false;
    let written = write::write_atomic_streamed(path, |out| {
        let mut card = String::new();
        out.write_all(head.as_bytes())?;
        let mut size = head.len() as u64;
        for row in source {
            let action = match row {
                Ok(Row::Card(incoming)) => planner.action(&incoming),
                Ok(Row::Skipped(place, reason)) => Action::Skip { place, reason },
                Err(error) => {
                    unreadable = Some(error);
                    return Err(io::Error::other("the source could not be read"));
                }
            };
            progress(&action.place());
            match action {
                Action::Add { entry, .. } => {
                    counts.added += 1;
                    card.clear();
                    edit::render_card_into(&entry, &mut card);
                    size += 1 + card.len() as u64;
                    // Past the limit the rest is only counted, for the message.
                    if size <= limit {
                        out.write_all(b"\n")?;
                        out.write_all(card.as_bytes())?;
                    }
                }
                Action::Skip { .. } => {
                    counts.skipped += 1;
                    skipped.actions.push(action);
                }
                // A new deck has no card to change.
                Action::Update { .. } => counts.changed += 1,
                Action::Unchanged { .. } => counts.unchanged += 1,
            }
        }
        skipped.actions.sort_by_key(Action::place);
        if !keep(&counts) {
            return Err(io::Error::other("the deck is not to be written"));
        }
        kept = true;
        validate_new_deck(&head, size, &origin).map_err(|error| {
            invalid = Some(error);
            io::Error::other("the deck would not be valid")
        })
    });
    if let Some(error) = unreadable {
        return Err(error);
    }
    let written = match (written, invalid) {
        (_, Some(invalid)) => Err(invalid.into()),
        (Err(_), None) if !kept => Ok(false),
        (Err(error), None) => Err(error.into()),
        (Ok(()), None) => Ok(true),
    };
    Ok(Created {
        counts,
        skipped,
        written,
    })
}

/// A short description of what changed between two versions of a card, for previews.
pub fn describe_changes(before: &Entry, after: &Entry) -> Vec<(Field, String, String)> {
    before
        .differences(after)
        .into_iter()
        .map(|field| (field, before.show(field), after.show(field)))
        .collect()
}

/// The header of a deck the import creates: the source's own `[deck]` table, if any, with the
/// `title` given (else the source's title, else `stem`, from the file's name) when one was given
/// or the table has none, and the `id` given (already checked), else the table's when valid,
/// else one suggested from the title.
pub fn new_header(parsed: &Parsed, title: Option<&str>, id: Option<&str>, stem: &str) -> Header {
    header_from(
        parsed.header.as_ref(),
        parsed.title.as_deref(),
        title,
        id,
        stem,
    )
}

/// [`new_header`] from what the source says: its `[deck]` table and its title.
pub fn header_from(
    source_header: Option<&Header>,
    source_title: Option<&str>,
    title: Option<&str>,
    id: Option<&str>,
    stem: &str,
) -> Header {
    let mut header = source_header.cloned().unwrap_or_default();
    let chosen = title
        .or(source_title)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(stem)
        .to_owned();
    if title.is_some() || header.title.is_empty() {
        chosen.trim().clone_into(&mut header.title);
    }
    if let Some(id) = id {
        id.clone_into(&mut header.id);
    } else if header.id.parse::<DeckId>().is_err() {
        header.id = suggest_id(&header.title);
    }
    header
}

/// Where a new deck's id came from, for the message refusing one already taken: nothing to
/// say when it was given (`--id`); else the source `name`'s `[deck]` table, or its name.
pub fn id_source(id_given: bool, parsed: &Parsed, name: &str) -> Option<String> {
    id_source_from(id_given, parsed.header.as_ref(), name)
}

/// [`id_source`] from the source's `[deck]` table, if it has one.
pub fn id_source_from(
    id_given: bool,
    source_header: Option<&Header>,
    name: &str,
) -> Option<String> {
    let from_file = source_header.is_some_and(|header| header.id.parse::<DeckId>().is_ok());
    match (id_given, from_file) {
        (true, _) => None,
        (false, true) => Some(format!("from {name}")),
        (false, false) => Some(format!("named after {name}")),
    }
}

/// The comment at the head of a deck created from the source at `path`.
pub fn comment_for(path: &Path) -> String {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    comment(&file)
}

/// The comment at the head of a deck created from `file`.
pub fn comment(file: &str) -> String {
    format!(
        "Imported from {file} by `recall import`. `recall check` lists what each card still lacks."
    )
}

/// What becomes of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// `--dry-run`: shown, not written.
    DryRun,
    /// `--strict` and some rows would be skipped: nothing is written.
    SkipsRefused,
    /// A new deck would hold no card: it is not created.
    NothingImported,
    /// The deck already says everything: nothing to write.
    NothingToChange,
    Write,
}

/// What to do with `plan`, into a new deck when `creating`.
pub fn decide(plan: &Plan, creating: bool, dry_run: bool, strict: bool) -> Decision {
    decide_counts(&plan.counts(), creating, dry_run, strict)
}

/// [`decide`] from the counts of a plan.
pub fn decide_counts(counts: &Counts, creating: bool, dry_run: bool, strict: bool) -> Decision {
    if dry_run {
        Decision::DryRun
    } else if strict && counts.skipped > 0 {
        Decision::SkipsRefused
    } else if creating && counts.added == 0 {
        Decision::NothingImported
    } else if counts.added + counts.changed == 0 {
        Decision::NothingToChange
    } else {
        Decision::Write
    }
}

#[cfg(test)]
mod tests;
