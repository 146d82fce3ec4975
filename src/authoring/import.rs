//! Importing cards into a deck: each incoming card is matched to a card of the deck (by id or
//! Anki GUID, else by its question), merged field by field, validated on its own, and becomes an
//! [`Action`]: add, update, leave unchanged, or skip with a reason. The [`Plan`] is what
//! `--dry-run` shows and what [`apply`] writes; re-importing the same file changes nothing.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use super::edit::{self, EditError};
use super::formats::{self, Format, Incoming, Parsed, Place};
use super::ids::{IdAllocator, is_valid_card_id};
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
    let mut planner = Planner::new(deck, format, extra_tags, &parsed.cards);
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
pub struct Planner<'a> {
    notes: &'a [Note],
    format: Format,
    extra_tags: &'a [String],
    by_id: HashMap<&'a str, usize>,
    by_basis: HashMap<String, usize>,
    ids: IdAllocator,
    /// Cards already targeted by an earlier row, by id, with that row's place.
    targeted: HashMap<String, Place>,
    seen_basis: HashMap<String, Place>,
}

impl std::fmt::Debug for Planner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Planner")
            .field("format", &self.format)
            .field("rows", &self.targeted.len())
            .finish_non_exhaustive()
    }
}

impl<'a> Planner<'a> {
    /// A planner for rows going into `deck` (`None` for a new deck), read as `format`, with
    /// `extra_tags` added to every card; `cards` are all the source's rows, whose ids are kept
    /// from the ids handed to cards without one.
    pub fn new(
        deck: Option<&'a Deck>,
        format: Format,
        extra_tags: &'a [String],
        cards: &[Incoming],
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
        for card in cards {
            if let Some(id) = &card.id
                && !by_id.contains_key(id.as_str())
            {
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
            targeted: HashMap::new(),
            seen_basis: HashMap::new(),
        }
    }

    /// What becomes of the next row.
    pub fn action(&mut self, incoming: &Incoming) -> Action {
        let (format, extra_tags, notes) = (self.format, self.extra_tags, self.notes);
        let place = incoming.place;
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
        let key = match (existing, &incoming.id) {
            (Some(index), _) => notes[index].id.to_string(),
            (None, Some(id)) => id.clone(),
            (None, None) => format!("\u{0}{basis}"),
        };
        if let Some(first) = self.targeted.get(&key) {
            let reason = format!("the same card as {first}; only the first is imported");
            return Action::Skip { place, reason };
        }
        if incoming.id.is_none()
            && !basis.is_empty()
            && let Some(first) = self.seen_basis.get(&basis)
        {
            let reason = format!("the same question as {first}; only the first is imported");
            return Action::Skip { place, reason };
        }
        self.targeted.insert(key, place);
        if !basis.is_empty() {
            self.seen_basis.insert(basis, place);
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
                entry.id = Some(match &incoming.id {
                    Some(id) => id.clone(),
                    None => self.ids.allocate(entry.basis()),
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

/// Creates the deck file `path` that [`apply`] would give for a new deck: `comment`, `header`
/// and the added cards, rendered and written one by one (never the whole text in memory)
/// through an atomic write. The cards were each checked when planned ([`check_entry`]) and
/// their ids are distinct, so what is left to check before the file replaces anything is the
/// deck's size and its header ([`validate_new_deck`]); when either fails, nothing is written.
pub fn create(path: &Path, plan: &Plan, header: &Header, comment: &str) -> Result<(), CreateError> {
    let head = edit::new_deck_head(comment, header);
    let origin = Origin::File(path.to_owned());
    let limit = crate::input::Limit::DECK.bytes;
    let mut invalid = None;
    let written = write::write_atomic_streamed(path, |out| {
        out.write_all(head.as_bytes())?;
        let mut size = head.len() as u64;
        for action in &plan.actions {
            if let Action::Add { entry, .. } = action {
                let card = edit::render_card(entry, None).text;
                size += 1 + card.len() as u64;
                // Past the limit the rest is only counted, for the message.
                if size <= limit {
                    out.write_all(b"\n")?;
                    out.write_all(card.as_bytes())?;
                }
            }
        }
        validate_new_deck(&head, size, &origin).map_err(|error| {
            invalid = Some(error);
            io::Error::other("the deck would not be valid")
        })
    });
    match (written, invalid) {
        (_, Some(invalid)) => Err(invalid.into()),
        (Err(error), None) => Err(error.into()),
        (Ok(()), None) => Ok(()),
    }
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
    let mut header = parsed.header.clone().unwrap_or_default();
    let chosen = title
        .map(str::to_owned)
        .or_else(|| parsed.title.clone())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| stem.to_owned());
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
    let from_file = parsed
        .header
        .as_ref()
        .is_some_and(|header| header.id.parse::<DeckId>().is_ok());
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
    let counts = plan.counts();
    if dry_run {
        Decision::DryRun
    } else if strict && counts.skipped > 0 {
        Decision::SkipsRefused
    } else if creating && counts.added == 0 {
        Decision::NothingImported
    } else if !plan.changes_anything() {
        Decision::NothingToChange
    } else {
        Decision::Write
    }
}

#[cfg(test)]
mod tests;
