//! Turning DECK arguments into decks in storage: discovery, the unchanged-file shortcut (a deck
//! whose size and modification time are unchanged is not read, let alone parsed), and syncing
//! changed decks into the catalog with their answer forms and renamed ids. Also the storage-free
//! pipeline `check` and `export` use ([`load`]), and finding one card (`DECK/CARD`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use super::{Scope, UsageError};
use crate::deck::reveals::Related;
use crate::deck::{self, CardId, Deck, DeckId, DeckSource, Diagnostic, Severity};
use crate::grading::answer_forms;
use crate::store::{
    Catalog, DeckRecord, DeckSync, Fingerprint, Rename, StoredCard, SyncCard, SyncReport,
};
use crate::text::stable_hash;
use crate::time::Timestamp;

/// Something worth telling the learner while decks are synced, said as it happens.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncNotice {
    /// Every problem met before anything was saved: decks with errors and a second file with
    /// a deck id already in use are left out.
    Problems(Vec<Diagnostic>),
    /// Cards whose answer changed under the same id; their review history is kept.
    ChangedAnswers { origin: String, cards: Vec<CardId> },
    /// Cards that got an id of their own and kept their progress.
    KeptHistory { origin: String, cards: usize },
    /// Work under way, for a progress display: deck file `done` (from 0) of `total` is being
    /// read (checked, and parsed if it changed) or saved.
    Working {
        saving: bool,
        origin: String,
        done: usize,
        total: usize,
    },
}

/// Brings the requested decks up to date in storage and has the scope's profile follow them.
/// `args` are paths (files or directories) or deck ids (looked up among the decks found by
/// default: `./decks`, else the bundled ones); with none, every deck found by default. Decks
/// with errors, and a second file with a deck id already in use, are reported through `notify`
/// and left out before anything about them is saved; it is an error when no deck is left.
pub fn open<S: Catalog>(
    store: &mut S,
    scope: &Scope,
    cwd: &Path,
    args: &[String],
    notify: &mut dyn FnMut(SyncNotice) -> Result<()>,
) -> Result<Vec<DeckRecord>> {
    let (paths, ids): (Vec<&String>, Vec<&String>) =
        args.iter().partition(|arg| looks_like_path(arg, cwd));
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let mut problems = Vec::new();
    let mut sources: Vec<(DeckSource, bool)> = Vec::new();
    if !paths.is_empty() {
        let found = deck::discover(&paths, cwd);
        problems.extend(found.problems);
        sources.extend(found.sources.into_iter().map(|s| (s, true)));
    }
    if paths.is_empty() || !ids.is_empty() {
        let found = deck::discover(&[], cwd);
        problems.extend(found.problems);
        // With ids, default decks are candidates for the ids only.
        let wanted = ids.is_empty();
        sources.extend(found.sources.into_iter().map(|s| (s, wanted)));
    }
    dedup_sources(&mut sources);

    // First look at every file without writing anything, then leave out duplicates, then save.
    let mut accepted: Vec<(Inspected, bool)> = Vec::new();
    for (done, (source, wanted)) in sources.iter().enumerate() {
        notify(SyncNotice::Working {
            saving: false,
            origin: source.origin().to_string(),
            done,
            total: sources.len(),
        })?;
        let inspected = inspect(store, source)?;
        let id = match (&inspected, inspected.id()) {
            (Inspected::Broken(diagnostics), _) => {
                problems.extend(diagnostics.iter().cloned());
                continue;
            }
            (_, Some(id)) => id.clone(),
            (_, None) => continue,
        };
        if let Some(at) = accepted.iter().position(|(d, _)| d.id() == Some(&id)) {
            // The file the catalog knows under this id keeps it (its history is the deck's);
            // a newcomer with the same id is the one left out.
            let here = source.origin().to_string();
            let keep_new = store
                .deck_record(&id)?
                .is_some_and(|known| known.origin == here && accepted[at].0.origin() != here);
            let left_out = if keep_new {
                let first = std::mem::replace(&mut accepted[at], (inspected, *wanted));
                first.0.origin()
            } else {
                here.clone()
            };
            let kept = accepted[at].0.origin();
            problems.push(Diagnostic {
                file: left_out,
                line: 1,
                column: 1,
                severity: Severity::Error,
                code: "duplicate-id",
                message: format!("deck id `{id}` is also used by {kept}"),
                hint: Some(format!(
                    "each deck needs its own id; this copy is left out until its `id` in \
                     [deck] is changed (`{kept}` keeps `{id}`)"
                )),
            });
            continue;
        }
        accepted.push((inspected, *wanted));
    }
    if !problems.is_empty() {
        notify(SyncNotice::Problems(problems.clone()))?;
    }

    let mut decks: Vec<DeckRecord> = Vec::new();
    let total = accepted.len();
    for (done, (inspected, wanted)) in accepted.into_iter().enumerate() {
        if matches!(inspected, Inspected::Changed(..)) {
            notify(SyncNotice::Working {
                saving: true,
                origin: inspected.origin(),
                done,
                total,
            })?;
        }
        let named = inspected
            .id()
            .is_some_and(|deck| ids.iter().any(|id| id.as_str() == deck.as_str()));
        if wanted || named {
            decks.push(save(store, inspected, scope.now, notify)?);
        }
    }
    for id in &ids {
        if !decks.iter().any(|d| d.id.as_str() == id.as_str()) {
            let known: Vec<String> = sources
                .iter()
                .filter_map(|(s, _)| store.deck_by_origin(&s.origin().to_string()).ok().flatten())
                .map(|d| d.id.to_string())
                .collect();
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            let hint = deck::did_you_mean(id, &known)
                .map_or_else(String::new, |close| format!("; did you mean `{close}`?"));
            return Err(UsageError(format!(
                "no deck or file `{id}`{hint} (known decks: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ))
            .into());
        }
    }
    if decks.is_empty() {
        if problems.iter().any(Diagnostic::is_error) {
            bail!("no usable deck: fix the errors above (`recall check` lists them)");
        }
        bail!("no decks found: pass a deck file or directory, or run recall where ./decks exists");
    }
    for deck in &decks {
        store.attach(&scope.profile, &deck.id, scope.now)?;
    }
    Ok(decks)
}

/// Drops sources that name the same file twice (`d.toml ./d.toml`), keeping the first.
fn dedup_sources(sources: &mut Vec<(DeckSource, bool)>) {
    let mut seen: Vec<String> = Vec::new();
    let mut kept: Vec<(DeckSource, bool)> = Vec::new();
    for (source, wanted) in sources.drain(..) {
        let key = match &source {
            DeckSource::File(path) => std::fs::canonicalize(path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string(),
            DeckSource::Bundled { name, .. } => format!("<bundled>/{name}"),
        };
        if let Some(at) = seen.iter().position(|k| *k == key) {
            // The same file found twice: it is wanted if either finding wants it.
            kept[at].1 |= wanted;
        } else {
            seen.push(key);
            kept.push((source, wanted));
        }
    }
    *sources = kept;
}

/// Whether a DECK argument names a file or directory (rather than a deck id).
/// A bare name that is an existing file or directory (`decks`) is a path, even when it could
/// also be a deck id.
fn looks_like_path(arg: &str, cwd: &Path) -> bool {
    arg.contains('/')
        || arg.contains('\\')
        || Path::new(arg)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        || cwd.join(arg).exists()
}

/// What a deck file turned out to be, before anything is saved.
enum Inspected {
    /// Unchanged since it was last saved.
    Unchanged(DeckRecord),
    /// Same contents, new size or modification time: only the fingerprint is saved.
    Touched(DeckRecord, Fingerprint),
    /// Changed: the parsed deck is saved.
    Changed(Box<Deck>, Fingerprint),
    Broken(Vec<Diagnostic>),
}

impl Inspected {
    fn id(&self) -> Option<&DeckId> {
        match self {
            Inspected::Unchanged(record) | Inspected::Touched(record, _) => Some(&record.id),
            Inspected::Changed(deck, _) => Some(&deck.id),
            Inspected::Broken(_) => None,
        }
    }

    fn origin(&self) -> String {
        match self {
            Inspected::Unchanged(record) | Inspected::Touched(record, _) => record.origin.clone(),
            Inspected::Changed(deck, _) => deck.origin.to_string(),
            Inspected::Broken(_) => String::new(),
        }
    }
}

/// Looks at one deck file without writing: the catalog answers for an unchanged file (same
/// size and modification time: not even read); otherwise it is read, and parsed if its
/// contents changed.
fn inspect<S: Catalog>(store: &S, source: &DeckSource) -> Result<Inspected> {
    let origin = source.origin().to_string();
    let stored = store.deck_by_origin(&origin)?;
    let (bytes, mut fingerprint): (Vec<u8>, Fingerprint) = match source {
        DeckSource::File(path) => {
            let meta = std::fs::metadata(path);
            let (size, mtime_ns) = match &meta {
                Ok(meta) => (
                    i64::try_from(meta.len()).ok(),
                    meta.modified().ok().and_then(|t| {
                        t.duration_since(std::time::UNIX_EPOCH)
                            .ok()
                            .and_then(|d| i64::try_from(d.as_nanos()).ok())
                    }),
                ),
                Err(_) => (None, None),
            };
            if let Some(stored) = &stored
                && size.is_some()
                && mtime_ns.is_some()
                && stored.size == size
                && stored.mtime_ns == mtime_ns
                && let Some(record) = store.deck_record(&stored.id)?
            {
                return Ok(Inspected::Unchanged(record));
            }
            // Too large, missing, unreadable, a directory, a FIFO or a device: the loader words
            // the error without reading more than the limit.
            let bytes = match deck::read_file(path, &path.display().to_string()) {
                Ok(bytes) => bytes,
                Err(problem) => return Ok(Inspected::Broken(vec![problem])),
            };
            (
                bytes,
                Fingerprint {
                    origin: origin.clone(),
                    size,
                    mtime_ns,
                    hash: String::new(),
                },
            )
        }
        DeckSource::Bundled { text, .. } => (
            text.as_bytes().to_vec(),
            Fingerprint {
                origin: origin.clone(),
                size: i64::try_from(text.len()).ok(),
                mtime_ns: None,
                hash: String::new(),
            },
        ),
    };
    fingerprint.hash = format!("{:016x}", stable_hash(&[&bytes]));
    if let Some(stored) = &stored
        && stored.hash == fingerprint.hash
        && let Some(record) = store.deck_record(&stored.id)?
    {
        return Ok(
            if stored.size == fingerprint.size && stored.mtime_ns == fingerprint.mtime_ns {
                Inspected::Unchanged(record)
            } else {
                Inspected::Touched(record, fingerprint)
            },
        );
    }
    let loaded = deck::load_bytes(&bytes, source.origin());
    Ok(match loaded.deck {
        Some(parsed) => Inspected::Changed(Box::new(parsed), fingerprint),
        None => Inspected::Broken(loaded.diagnostics),
    })
}

/// Saves what `inspect` found and returns the deck's record.
fn save<S: Catalog>(
    store: &mut S,
    inspected: Inspected,
    now: Timestamp,
    notify: &mut dyn FnMut(SyncNotice) -> Result<()>,
) -> Result<DeckRecord> {
    match inspected {
        Inspected::Unchanged(record) => Ok(record),
        Inspected::Touched(record, fingerprint) => {
            store.touch_deck(&record.id, &fingerprint)?;
            Ok(record)
        }
        Inspected::Changed(parsed, fingerprint) => {
            let report = sync_deck(store, &parsed, &fingerprint, now)
                .with_context(|| format!("saving deck `{}`", parsed.id))?;
            if !report.changed_answers.is_empty() {
                notify(SyncNotice::ChangedAnswers {
                    origin: fingerprint.origin.clone(),
                    cards: report.changed_answers,
                })?;
            }
            if report.kept_history > 0 {
                notify(SyncNotice::KeptHistory {
                    origin: fingerprint.origin.clone(),
                    cards: report.kept_history,
                })?;
            }
            store
                .deck_record(&parsed.id)?
                .context("the deck just saved is missing from the database")
        }
        Inspected::Broken(_) => anyhow::bail!("a deck with errors cannot be saved"),
    }
}

/// Syncs a parsed deck into the catalog with what the catalog is given rather than works out:
/// each card's answer forms (grading's [`answer_forms`]), the renames of [`renames`] and the
/// pairs of related cards ([`Related`]), which the study queue keeps apart.
pub fn sync_deck<S: Catalog>(
    store: &mut S,
    deck: &Deck,
    fingerprint: &Fingerprint,
    now: Timestamp,
) -> crate::store::Result<SyncReport> {
    let cards: Vec<SyncCard> = deck
        .cards()
        .map(|card| SyncCard {
            answer_forms: answer_forms(&card).collect(),
            card,
        })
        .collect();
    let renames = renames(deck);
    let related = Related::of(deck);
    let links: Vec<(CardId, CardId)> = related
        .each_pair()
        .map(|(a, b)| (a.clone(), b.clone()))
        .collect();
    store.sync_deck(
        DeckSync {
            deck,
            fingerprint,
            cards: &cards,
            renames: &renames,
            links: &links,
        },
        now,
    )
}

/// Syncs a parsed deck as if read from `origin` (tests and tools).
pub fn save_parsed<S: Catalog>(
    store: &mut S,
    deck: &Deck,
    origin: &str,
    now: Timestamp,
) -> crate::store::Result<SyncReport> {
    let fingerprint = Fingerprint {
        origin: origin.to_owned(),
        size: None,
        mtime_ns: None,
        hash: format!("{:016x}", stable_hash(&[origin.as_bytes()])),
    };
    sync_deck(store, deck, &fingerprint, now)
}

/// The id-rename rule: a card with an id of its own may have been studied under the id derived
/// from its question (or cloze text) before it got one (as `recall fmt` gives ids), and keeps
/// that history; a cloze note's gaps move one by one. The catalog applies a rename only when
/// the derived id was studied and is gone, and the new id is new to it.
pub fn renames(deck: &Deck) -> Vec<Rename> {
    let mut renames = Vec::new();
    for note in deck.notes.iter().filter(|note| note.explicit_id) {
        let basis = note
            .cloze
            .as_ref()
            .map_or(note.question.as_str(), |cloze| cloze.text());
        let derived = CardId::derived(&deck.id, basis);
        match &note.cloze {
            None => renames.push(Rename {
                from: derived,
                to: note.id.clone(),
            }),
            Some(cloze) => renames.extend((1..=cloze.gaps().len()).map(|n| Rename {
                from: derived.gap(n),
                to: note.id.gap(n),
            })),
        }
    }
    renames
}

/// Decks found and loaded without storage (for `check` and `export`), with every problem met.
#[derive(Debug, Default)]
pub struct LoadedDecks {
    pub decks: Vec<Deck>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many deck files were examined.
    pub files: usize,
}

/// Discovers and loads decks (explicit paths, else ./decks, else bundled), and checks that no
/// two decks share an id.
pub fn load(paths: &[PathBuf], cwd: &Path) -> LoadedDecks {
    let found = deck::discover(paths, cwd);
    let mut result = LoadedDecks {
        diagnostics: found.problems,
        ..LoadedDecks::default()
    };
    let mut seen: HashMap<DeckId, String> = HashMap::new();
    for source in found.sources {
        result.files += 1;
        let loaded = source.load();
        result.diagnostics.extend(loaded.diagnostics);
        if let Some(deck) = loaded.deck {
            let here = deck.origin.to_string();
            if let Some(first) = seen.get(&deck.id) {
                result.diagnostics.push(Diagnostic {
                    file: here,
                    line: 1,
                    column: 1,
                    severity: Severity::Error,
                    code: "duplicate-id",
                    message: format!("deck id `{}` is also used by {first}", deck.id),
                    hint: Some(
                        "each deck needs its own id, or their progress would be mixed".into(),
                    ),
                });
                continue;
            }
            seen.insert(deck.id.clone(), here);
            result.decks.push(deck);
        }
    }
    result
}

/// The card a `DECK_ID/CARD_ID` reference names, with its deck synced and followed.
#[derive(Debug)]
pub struct FoundCard {
    pub deck: DeckRecord,
    pub card: StoredCard,
}

/// Finds the card `reference` names, looking for its deck among `deck_paths` and the decks found
/// by default. `missing_hint` ends the error for a deck without that card. A cloze note's id
/// (`DECK/NOTE`) names several cards: the error lists them (`NOTE.1`, `NOTE.2`).
pub fn open_card<S: Catalog>(
    store: &mut S,
    scope: &Scope,
    cwd: &Path,
    reference: &str,
    deck_paths: &[String],
    missing_hint: &str,
    notify: &mut dyn FnMut(SyncNotice) -> Result<()>,
) -> Result<FoundCard> {
    let FoundCards { deck, mut cards } = open_cards(
        store,
        scope,
        cwd,
        reference,
        deck_paths,
        missing_hint,
        notify,
    )?;
    if cards.len() == 1 && cards[0].card.id.as_str() == reference_card(reference) {
        let card = cards.swap_remove(0);
        return Ok(FoundCard { deck, card });
    }
    let ids: Vec<String> = cards
        .iter()
        .map(|c| format!("{}/{}", deck.id, c.card.id))
        .collect();
    Err(UsageError(format!(
        "`{reference}` is a cloze note with {} gaps, each a card of its own: {}; name one",
        ids.len(),
        ids.join(", ")
    ))
    .into())
}

/// The cards a `DECK/CARD` reference names: the card, or every gap of a cloze note named by
/// its note id.
#[derive(Debug)]
pub struct FoundCards {
    pub deck: DeckRecord,
    pub cards: Vec<StoredCard>,
}

/// Like [`open_card`], but a cloze note's id gives all of its gaps, in order.
pub fn open_cards<S: Catalog>(
    store: &mut S,
    scope: &Scope,
    cwd: &Path,
    reference: &str,
    deck_paths: &[String],
    missing_hint: &str,
    notify: &mut dyn FnMut(SyncNotice) -> Result<()>,
) -> Result<FoundCards> {
    let (deck_id, card_id) = parse_card_ref(reference)?;
    let mut args = deck_paths.to_vec();
    args.push(deck_id.to_string());
    let mut decks = open(store, scope, cwd, &args, notify)?;
    let Some(at) = decks.iter().position(|d| d.id == deck_id) else {
        return Err(UsageError(format!("no deck `{deck_id}` among the decks given")).into());
    };
    let deck = decks.swap_remove(at);
    if let Some(card) = store.card(&deck.id, &card_id)? {
        return Ok(FoundCards {
            deck,
            cards: vec![card],
        });
    }
    let mut cards = Vec::new();
    for card in store.deck_cards(&deck.id)? {
        if card.note == card_id
            && let Some(stored) = store.card(&deck.id, &card.id)?
        {
            cards.push(stored);
        }
    }
    if cards.is_empty() {
        let ids: Vec<String> = store
            .deck_cards(&deck.id)?
            .iter()
            .map(|card| card.id.to_string())
            .collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let close = deck::did_you_mean(card_id.as_str(), &ids)
            .map_or_else(String::new, |close| format!("; did you mean `{close}`?"));
        return Err(UsageError(format!(
            "deck `{}` has no card `{card_id}`{close}{missing_hint} (`recall list --cards {}` \
             lists its card ids)",
            deck.id, deck.id
        ))
        .into());
    }
    Ok(FoundCards { deck, cards })
}

/// The card part of a `DECK/CARD` reference.
fn reference_card(reference: &str) -> &str {
    reference
        .split_once('/')
        .map_or(reference, |(_, card)| card)
}

/// Parses `DECK_ID/CARD_ID`.
fn parse_card_ref(text: &str) -> Result<(DeckId, CardId), UsageError> {
    let usage = || {
        UsageError(format!(
            "`{text}` is not a card reference; write DECK_ID/CARD_ID, e.g. \
             pakistan-soviet-relations/cento-year"
        ))
    };
    let (deck, card) = text.split_once('/').ok_or_else(usage)?;
    let deck: DeckId = deck.parse().map_err(|_| usage())?;
    let card: CardId = card.parse().map_err(|_| usage())?;
    Ok((deck, card))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{at, deck, scope, store_with};
    use crate::scheduler::{CardState, Purpose, Rating, State};
    use crate::store::{Commit, ReviewRecord, Reviews};

    fn studied(store: &mut crate::store::Store, deck: &DeckId, card: &str) {
        let card: CardId = card.parse().expect("an id");
        let after = CardState {
            state: State::Review,
            due: Some(at("2026-12-02T10:00:00Z")),
            last_review: Some(at("2026-11-30T10:00:00Z")),
            scheduled_days: 2,
            reps: 1,
            ..CardState::default()
        };
        let commit = store
            .record(&ReviewRecord {
                profile: "me".into(),
                deck: deck.clone(),
                card,
                at: at("2026-11-30T10:00:00Z"),
                rating: Rating::Good,
                answer: None,
                expected: "x".into(),
                verdict: None,
                correct: true,
                duration_ms: None,
                purpose: Purpose::Study,
                before: CardState::default(),
                after: Some(after),
                elapsed_days: None,
                session: None,
            })
            .expect("record");
        assert!(matches!(commit, Commit::Done(_)));
    }

    #[test]
    fn the_rename_rule_pairs_derived_ids_with_explicit_ones_gap_by_gap() {
        let d = deck(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nid = \"capital\"\nquestion = \"Capital of France?\"\nanswer = \"Paris\"\n[[card]]\nid = \"ab\"\nkind = \"cloze\"\ntext = \"{{a}} and {{b}}\"\n[[card]]\nquestion = \"No id?\"\nanswer = \"none\"\n",
        );
        let renames: Vec<(String, String)> = renames(&d)
            .into_iter()
            .map(|r| (r.from.to_string(), r.to.to_string()))
            .collect();
        let question = CardId::derived(&d.id, "Capital of France?");
        let cloze = CardId::derived(&d.id, "{{a}} and {{b}}");
        assert_eq!(
            renames,
            [
                (question.to_string(), "capital".to_owned()),
                (cloze.gap(1).to_string(), "ab.1".to_owned()),
                (cloze.gap(2).to_string(), "ab.2".to_owned()),
            ]
        );
    }

    /// Regression: giving an id to a card that had none (as `recall fmt` does) keeps its
    /// history.
    #[test]
    fn a_card_given_an_id_keeps_the_history_of_its_derived_id() {
        let scope = scope("2026-11-30T09:00:00Z");
        let before = deck(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nquestion = \"Capital of France?\"\nanswer = \"Paris\"\n[[card]]\nkind = \"cloze\"\ntext = \"{{a}} and {{b}}\"\n",
        );
        let (mut store, _) = store_with(&[&before], &scope);
        let derived = before.notes[0].id.to_string();
        let gap = before.notes[1].id.gap(2).to_string();
        for card in [&derived, &gap] {
            studied(&mut store, &before.id, card);
        }
        let after = deck(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nid = \"capital\"\nquestion = \"Capital of France?\"\nanswer = \"Paris\"\n[[card]]\nid = \"ab\"\nkind = \"cloze\"\ntext = \"{{a}} and {{b}}\"\n",
        );
        let report =
            save_parsed(&mut store, &after, "0.toml", at("2026-12-01T09:00:00Z")).expect("sync");
        assert_eq!(report.kept_history, 3);
        let id = |text: &str| -> CardId { text.parse().expect("an id") };
        let state = store
            .card_state("me", &after.id, &id("capital"))
            .expect("q")
            .expect("row");
        assert_eq!((state.state, state.reps), (State::Review, 1));
        assert_eq!(
            store
                .history("me", &after.id, &id("capital"))
                .expect("history")
                .len(),
            1
        );
        assert_eq!(
            store
                .card_state("me", &after.id, &id("ab.2"))
                .expect("q")
                .map(|s| s.reps),
            Some(1)
        );
        assert!(
            store
                .history("me", &after.id, &id(&derived))
                .expect("history")
                .is_empty()
        );
        crate::store::Upkeep::rebuild(&mut store, None).expect("rebuild");
        assert_eq!(
            store
                .card_state("me", &after.id, &id("capital"))
                .expect("q")
                .map(|s| s.reps),
            Some(1)
        );
    }

    #[test]
    fn answer_forms_go_to_the_catalog_for_the_typo_rule() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = deck(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nid = \"a\"\nquestion = \"A?\"\nanswer = \"Alpha\"\naccept = [\"Alfa\"]\n[[card]]\nid = \"t\"\nkind = \"truefalse\"\nquestion = \"T?\"\nanswer = true\n",
        );
        let (store, _) = store_with(&[&d], &scope);
        let t: CardId = "t".parse().expect("an id");
        assert!(store.is_other_answer(&d.id, "alfa", &t).expect("q"));
        assert!(store.is_other_answer(&d.id, "alpha", &t).expect("q"));
        let a: CardId = "a".parse().expect("an id");
        assert!(
            !store.is_other_answer(&d.id, "true", &a).expect("q"),
            "true/false cards have no answer forms"
        );
    }
}
