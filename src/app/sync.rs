//! Turning DECK arguments into decks in storage: discovery, the unchanged-file shortcut, and
//! syncing changed decks into the catalog with their answer forms, related cards and renamed
//! ids. Also the storage-free pipeline `check` and `export` use ([`load`]), and finding one card
//! (`DECK/CARD`).
//!
//! A deck file is known by its canonical path, however its path is spelt (`decks`, `./decks/`,
//! the absolute path). A file whose size and modification time are as last seen costs a `stat`;
//! one whose size or time changed is hashed a block at a time (on every core), and read whole
//! and parsed only if its bytes changed. Changed files are parsed on worker threads (one per
//! core) while the main thread saves, in order, what they found, and the catalog then writes
//! only the cards that changed. At most a few parsed decks are held at once, whatever the size
//! of the collection.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, Result, bail};

use super::{Scope, UsageError, parallel};
use crate::deck::reveals::Related;
use crate::deck::{self, CardId, Deck, DeckId, DeckSource, Diagnostic, Origin, Severity};
use crate::grading::answer_forms;
use crate::store::{
    Catalog, DeckRecord, DeckSync, Fingerprint, Rename, StoredCard, StoredDeck, SyncReport,
};
use crate::text::{ContentHasher, content_hash};
use crate::time::Timestamp;

/// Something worth telling the learner while decks are synced, said as it happens.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncNotice {
    /// Every problem met: decks with errors and a second file with a deck id already in use
    /// are left out.
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
/// and left out; it is an error when no deck is left.
pub fn open<S: Catalog>(
    store: &mut S,
    scope: &Scope,
    cwd: &Path,
    args: &[String],
    notify: &mut dyn FnMut(SyncNotice) -> Result<()>,
) -> Result<Vec<DeckRecord>> {
    let mut paths = Vec::new();
    let mut ids = Vec::new();
    for arg in args {
        let known_id = arg
            .parse::<DeckId>()
            .is_ok_and(|id| store.deck_record(&id).ok().flatten().is_some());
        if !known_id && looks_like_path(arg, cwd) {
            paths.push(arg);
        } else {
            ids.push(arg);
        }
    }
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let mut problems = Vec::new();
    let mut sources: Vec<Source> = Vec::new();
    if !paths.is_empty() {
        let found = deck::discover(&paths, cwd);
        problems.extend(found.problems);
        sources.extend(found.sources.into_iter().map(|s| Source::new(s, cwd, true)));
    }
    if paths.is_empty() || !ids.is_empty() {
        let found = deck::discover(&[], cwd);
        problems.extend(found.problems);
        // With ids, default decks are candidates for the ids only.
        let wanted = ids.is_empty();
        sources.extend(
            found
                .sources
                .into_iter()
                .map(|s| Source::new(s, cwd, wanted)),
        );
    }
    dedup_sources(&mut sources);

    // Without ids no deck can be asked for in vain, so the profile follows each deck as it is
    // saved, on this thread while the next file is parsed, rather than all of them after.
    let follow = ids.is_empty().then_some(scope.profile.as_str());
    let synced = sync_sources(
        store,
        &sources,
        &ids,
        follow,
        scope.now,
        &mut problems,
        notify,
    );
    // The problems are told even when saving failed.
    if !problems.is_empty() {
        notify(SyncNotice::Problems(problems.clone()))?;
    }
    let decks = synced?;
    for id in &ids {
        if !decks.iter().any(|d| d.id.as_str() == id.as_str()) {
            let known: Vec<String> = sources
                .iter()
                .filter_map(|s| store.deck_by_file(&s.key, &s.origin).ok().flatten())
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
    if follow.is_none() {
        for deck in &decks {
            store.attach(&scope.profile, &deck.id, scope.now)?;
        }
    }
    Ok(decks)
}

/// A deck file (or bundled deck) to bring up to date.
#[derive(Debug, Clone)]
struct Source {
    file: DeckSource,
    /// The path as found, for messages (`decks/x.toml`), or `<bundled>/name`.
    origin: String,
    /// The file however its path is spelt ([`Fingerprint::key`]).
    key: String,
    /// Saved whatever its id (else only when its id was asked for).
    wanted: bool,
}

impl Source {
    fn new(source: DeckSource, cwd: &Path, wanted: bool) -> Source {
        Source {
            origin: source.origin().to_string(),
            key: file_key(&source, cwd),
            file: source,
            wanted,
        }
    }
}

/// What identifies a deck file however its path is spelt: its canonical path (symbolic links
/// resolved; for a file that cannot be resolved, its path made absolute), or `<bundled>/name`.
fn file_key(source: &DeckSource, cwd: &Path) -> String {
    match source {
        DeckSource::File(path) => std::fs::canonicalize(cwd.join(path))
            .unwrap_or_else(|_| cwd.join(path))
            .to_string_lossy()
            .into_owned(),
        DeckSource::Bundled { name, .. } => Origin::Bundled(name).to_string(),
    }
}

/// Drops sources that name the same file twice (`d.toml ./d.toml`), keeping the first.
fn dedup_sources(sources: &mut Vec<Source>) {
    let mut kept: Vec<Source> = Vec::new();
    for source in sources.drain(..) {
        if let Some(first) = kept.iter_mut().find(|k| k.key == source.key) {
            // The same file found twice: it is wanted if either finding wants it.
            first.wanted |= source.wanted;
        } else {
            kept.push(source);
        }
    }
    *sources = kept;
}

/// Whether a DECK argument names a file or directory rather than a deck id: it has a path's
/// shape, or is a file or directory here (`recall due decks`). The caller
/// asks this only of an argument that is not the id of a deck the catalog knows.
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
    /// Unchanged since it was last saved (size and modification time as last seen).
    Unchanged(DeckRecord, StoredDeck),
    /// Same contents, new size or modification time (or a new spelling of its path): only
    /// the fingerprint is saved (`None`: nothing new to note).
    Touched(DeckId, Option<Fingerprint>),
    /// Changed: the parsed deck is saved, with what was worked out from it on the way.
    Changed(Box<Parsed>),
    Broken(Vec<Diagnostic>),
}

/// A changed deck, parsed, with what its sync needs worked out beside it (on the parsing
/// thread, so that the thread saving the previous deck does not wait for it).
struct Parsed {
    deck: Deck,
    fingerprint: Fingerprint,
    links: Vec<(CardId, CardId)>,
}

/// A file that has to be read: what its stat said, and what the catalog knew of it.
struct Job {
    source: DeckSource,
    origin: String,
    key: String,
    stored: Option<StoredDeck>,
    size: Option<i64>,
    mtime_ns: Option<i64>,
}

/// Syncs `sources` in order: each file is looked at (a stat), the ones that changed are read
/// and parsed on worker threads while this one saves, in order, what they found. A file whose
/// deck id an earlier one has is left out; files not `wanted` are saved only when their deck
/// id is in `ids`. Returns the decks, in order.
fn sync_sources<S: Catalog>(
    store: &mut S,
    sources: &[Source],
    ids: &[&String],
    follow: Option<&str>,
    now: Timestamp,
    problems: &mut Vec<Diagnostic>,
    notify: &mut dyn FnMut(SyncNotice) -> Result<()>,
) -> Result<Vec<DeckRecord>> {
    // First the stats, in order: unchanged files are done, the others become jobs.
    let mut looked: Vec<Option<Inspected>> = Vec::with_capacity(sources.len());
    let mut jobs: Vec<(usize, Job)> = Vec::new();
    // The deck id each file had when last saved: that file keeps the id against a newcomer.
    let mut known: HashMap<DeckId, usize> = HashMap::new();
    for (at, source) in sources.iter().enumerate() {
        notify(SyncNotice::Working {
            saving: false,
            origin: source.origin.clone(),
            done: at,
            total: sources.len(),
        })?;
        // `look` has read what the catalog knows of the file: no second query for it.
        match look(store, source)? {
            Ok(unchanged) => {
                if let Inspected::Unchanged(_, stored) = &unchanged {
                    known.entry(stored.id.clone()).or_insert(at);
                }
                looked.push(Some(unchanged));
            }
            Err(job) => {
                if let Some(stored) = &job.stored {
                    known.entry(stored.id.clone()).or_insert(at);
                }
                looked.push(None);
                jobs.push((at, job));
            }
        }
    }
    let mut saver = Saver {
        store,
        ids,
        follow,
        now,
        problems,
        notify,
        decks: Vec::new(),
        accepted: Vec::new(),
        touched: Vec::new(),
        known,
        origins: sources.iter().map(|s| s.origin.clone()).collect(),
    };
    // A file the catalog knows whose size or time changed was most often only touched (a
    // checkout, a copy): such files are hashed first, a block at a time on every core, and only
    // those whose bytes changed are read whole and parsed.
    let mut hashed: Vec<Option<Inspected>> = Vec::with_capacity(jobs.len());
    parallel::in_order(
        &jobs,
        parallel::workers(),
        |(_, job)| same_bytes(job),
        |_, same| {
            hashed.push(same);
            Ok(())
        },
    )?;
    let mut changed = Vec::with_capacity(jobs.len());
    for ((at, job), same) in jobs.into_iter().zip(hashed) {
        match same {
            Some(touched) => looked[at] = Some(touched),
            None => changed.push((at, job)),
        }
    }
    let jobs = changed;
    // The sources before `next` are done.
    let mut next = 0;
    let largest = jobs
        .iter()
        .filter_map(|(_, job)| job.size.and_then(|size| u64::try_from(size).ok()))
        .max()
        .unwrap_or(0);
    let window = parse_window(
        jobs.iter().all(|(_, job)| job.stored.is_some()),
        largest,
        parallel::workers(),
    );
    parallel::in_order(
        &jobs,
        window,
        |(_, job)| read_and_parse(job),
        |index, inspected| {
            let at = jobs[index].0;
            for unchanged in next..at {
                if let Some(inspected) = looked[unchanged].take() {
                    saver.save(unchanged, &sources[unchanged], inspected)?;
                }
            }
            next = at + 1;
            saver.save(at, &sources[at], inspected)
        },
    )?;
    for unchanged in next..sources.len() {
        if let Some(inspected) = looked[unchanged].take() {
            saver.save(unchanged, &sources[unchanged], inspected)?;
        }
    }
    saver.store.touch_decks(&saver.touched)?;
    Ok(saver.decks)
}

/// The memory the parsed decks in flight may take: with the rest of a sync (the code, the
/// database's cache, the catalog's view of the deck being saved) a sync of 100,000 cards stays
/// within 30 MB.
const PARSED_BUDGET: u64 = 16 << 20;

/// What a parsed deck takes in memory for each byte of its file: its notes, their text, and
/// the pairs of related cards (about 3 MB for each MB of a file of year cards).
const PARSED_PER_FILE_BYTE: u64 = 3;

/// How many files are parsed ahead of the one being saved ([`parallel::in_order`]'s window),
/// for files of at most `largest` bytes. Each core parses a file while this thread saves the
/// one before: that pays when the files are all known to the catalog (`known`: an edit, where
/// saving writes only the changed cards and parsing is the work). A file new to the catalog has
/// every card written, slower than its parse, so files parsed ahead would only wait in memory:
/// then one file is parsed while the last is saved. Large files are parsed one at a time too,
/// so that the decks in memory (those parsed and the one being saved) stay within
/// [`PARSED_BUDGET`]. That is a trade of time for memory: after an edit of every file of
/// 100,000 cards (2 MB files), two files parsed ahead took 0.70 s and 45 MB at the peak, one
/// 0.91 s and 31 MB (medians of 7 alternated runs on the 2-core development machine).
fn parse_window(known: bool, largest: u64, workers: usize) -> usize {
    if !known {
        return 1;
    }
    let per_deck = largest.saturating_mul(PARSED_PER_FILE_BYTE).max(1);
    let in_memory = usize::try_from(PARSED_BUDGET / per_deck).unwrap_or(usize::MAX);
    // One of the decks in memory is the one being saved.
    in_memory.saturating_sub(1).clamp(1, workers.max(1))
}

/// Saves what was found of each source, in order, leaving out a second file with a deck id
/// already in use.
struct Saver<'a, S> {
    store: &'a mut S,
    ids: &'a [&'a String],
    /// The profile that follows each deck as soon as it is saved, if any.
    follow: Option<&'a str>,
    now: Timestamp,
    problems: &'a mut Vec<Diagnostic>,
    notify: &'a mut dyn FnMut(SyncNotice) -> Result<()>,
    decks: Vec<DeckRecord>,
    /// Deck ids in use, and the file each came from.
    accepted: Vec<(DeckId, String)>,
    /// Files found unchanged whose new fingerprint is to be noted.
    touched: Vec<(DeckId, Fingerprint)>,
    /// For each deck id the catalog knows, the source it was last saved from.
    known: HashMap<DeckId, usize>,
    /// Where each source comes from, in order.
    origins: Vec<String>,
}

impl<S: Catalog> Saver<'_, S> {
    fn save(&mut self, at: usize, source: &Source, inspected: Inspected) -> Result<()> {
        let id = match &inspected {
            Inspected::Broken(diagnostics) => {
                self.problems.extend(diagnostics.iter().cloned());
                return Ok(());
            }
            Inspected::Unchanged(record, _) => record.id.clone(),
            Inspected::Touched(id, _) => id.clone(),
            Inspected::Changed(parsed) => parsed.deck.id.clone(),
        };
        let named = self.ids.iter().any(|wanted| wanted.as_str() == id.as_str());
        if !(source.wanted || named) {
            return Ok(());
        }
        // The file the catalog knows under this id keeps it (its history is the deck's); a
        // newcomer with the same id is the one left out, whichever comes first.
        let keeper = match self.known.get(&id) {
            Some(&owner) if owner != at => Some(owner),
            _ => None,
        };
        let kept = match (keeper, self.accepted.iter().find(|(used, _)| *used == id)) {
            (_, Some((_, first))) => Some(first.clone()),
            (Some(owner), None) => self.origins.get(owner).cloned(),
            (None, None) => None,
        };
        if let Some(kept) = kept {
            self.problems.push(Diagnostic {
                file: source.origin.clone(),
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
            return Ok(());
        }
        if matches!(inspected, Inspected::Changed(..)) {
            (self.notify)(SyncNotice::Working {
                saving: true,
                origin: source.origin.clone(),
                done: at,
                total: self.origins.len(),
            })?;
        }
        self.accepted.push((id, source.origin.clone()));
        let record = save(
            self.store,
            source,
            inspected,
            self.now,
            self.notify,
            &mut self.touched,
        )?;
        if let Some(profile) = self.follow {
            self.store.attach(profile, &record.id, self.now)?;
        }
        self.decks.push(record);
        Ok(())
    }
}

/// Looks at a deck file without reading it: `Ok` with the catalog's record when its size and
/// modification time are as last seen, else `Err` with the job of reading it.
fn look<S: Catalog>(store: &S, source: &Source) -> Result<Result<Inspected, Job>> {
    let stored = store.deck_by_file(&source.key, &source.origin)?;
    let (size, mtime_ns) = match &source.file {
        DeckSource::File(path) => match std::fs::metadata(path) {
            Ok(meta) => (i64::try_from(meta.len()).ok(), settled_mtime(&meta)),
            Err(_) => (None, None),
        },
        DeckSource::Bundled { text, .. } => (i64::try_from(text.len()).ok(), None),
    };
    if let Some(stored) = &stored
        && matches!(source.file, DeckSource::File(_))
        && size.is_some()
        && mtime_ns.is_some()
        && stored.size == size
        && stored.mtime_ns == mtime_ns
        && let Some(record) = store.deck_record(&stored.id)?
    {
        return Ok(Ok(Inspected::Unchanged(record, stored.clone())));
    }
    Ok(Err(Job {
        source: source.file.clone(),
        origin: source.origin.clone(),
        key: source.key.clone(),
        stored,
        size,
        mtime_ns,
    }))
}

/// A file's modification time in nanoseconds, unless it changed so recently that another
/// change within the file system's clock tick could leave it the same: then `None`, and the
/// file is read and hashed again next time rather than trusted.
fn settled_mtime(meta: &std::fs::Metadata) -> Option<i64> {
    let modified = meta.modified().ok()?;
    let age = SystemTime::now()
        .duration_since(modified)
        .unwrap_or(Duration::ZERO);
    if age < Duration::from_secs(2) {
        return None;
    }
    modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
}

/// The fingerprint of a job's file whose bytes hash to `hash`.
fn fingerprint(job: &Job, hash: u64) -> Fingerprint {
    Fingerprint {
        origin: job.origin.clone(),
        key: job.key.clone(),
        size: job.size,
        mtime_ns: job.mtime_ns,
        hash: format!("{hash:016x}"),
    }
}

/// `Touched` when a job's file, whose bytes hash to `hash`, has the bytes the catalog has.
fn touched(job: &Job, hash: u64) -> Option<Inspected> {
    let stored = job.stored.as_ref()?;
    let fingerprint = fingerprint(job, hash);
    if stored.hash != fingerprint.hash {
        return None;
    }
    // A file modified moments ago keeps no time (see `settled_mtime`), so it is read again, and
    // found unchanged, until its time has settled: nothing to note till then.
    if stored.keyed && stored.size == fingerprint.size && stored.mtime_ns == fingerprint.mtime_ns {
        return Some(Inspected::Touched(stored.id.clone(), None));
    }
    Some(Inspected::Touched(stored.id.clone(), Some(fingerprint)))
}

/// `Touched` when a job's file, known to the catalog, still has the bytes the catalog has:
/// hashed a block at a time (without a store: this runs on a worker thread), never held
/// whole. `None` when its bytes changed, or it is new or cannot be read: it is then read and
/// parsed ([`read_and_parse`], which also words a read error).
fn same_bytes(job: &Job) -> Option<Inspected> {
    job.stored.as_ref()?;
    let hash = match &job.source {
        DeckSource::File(path) => {
            let mut hasher = ContentHasher::new();
            crate::input::read_blocks(path, crate::input::Limit::DECK, |block| {
                hasher.update(block);
            })
            .ok()?;
            hasher.finish()
        }
        DeckSource::Bundled { text, .. } => content_hash(text.as_bytes()),
    };
    touched(job, hash)
}

/// Reads a file (without a store: this runs on a worker thread), and parses it when its bytes
/// are not the ones the catalog has.
fn read_and_parse(job: &Job) -> Inspected {
    let bytes: std::borrow::Cow<'_, [u8]> = match &job.source {
        // Too large, missing, unreadable, a directory, a FIFO or a device: the loader words
        // the error without reading more than the limit.
        DeckSource::File(path) => match deck::read_file(path, &job.origin) {
            Ok(bytes) => bytes.into(),
            Err(problem) => return Inspected::Broken(vec![problem]),
        },
        DeckSource::Bundled { text, .. } => text.as_bytes().into(),
    };
    let hash = content_hash(&bytes);
    if let Some(touched) = touched(job, hash) {
        return touched;
    }
    let fingerprint = fingerprint(job, hash);
    let loaded = deck::load_bytes(&bytes, job.source.origin());
    drop(bytes);
    match loaded.deck {
        Some(deck) => {
            let links = related_pairs(&deck);
            Inspected::Changed(Box::new(Parsed {
                deck,
                fingerprint,
                links,
            }))
        }
        None => Inspected::Broken(loaded.diagnostics),
    }
}

/// Each pair of related cards of `deck` once ([`Related`]).
fn related_pairs(deck: &Deck) -> Vec<(CardId, CardId)> {
    Related::of(deck)
        .each_pair()
        .map(|(a, b)| (a.clone(), b.clone()))
        .collect()
}

/// Saves what `look` or `read_and_parse` found of `source` and returns the deck's record; a
/// file found unchanged is added to `touched`, to be noted with the others at the end.
fn save<S: Catalog>(
    store: &mut S,
    source: &Source,
    inspected: Inspected,
    now: Timestamp,
    notify: &mut dyn FnMut(SyncNotice) -> Result<()>,
    touched: &mut Vec<(DeckId, Fingerprint)>,
) -> Result<DeckRecord> {
    match inspected {
        Inspected::Unchanged(record, stored) => {
            if !stored.keyed {
                // Saved before files had keys: the key is noted, so that any spelling of the
                // path finds the deck from now on.
                touched.push((
                    record.id.clone(),
                    Fingerprint {
                        origin: source.origin.clone(),
                        key: source.key.clone(),
                        size: stored.size,
                        mtime_ns: stored.mtime_ns,
                        hash: stored.hash,
                    },
                ));
            }
            Ok(record)
        }
        Inspected::Touched(id, fingerprint) => {
            let record = store
                .deck_record(&id)?
                .context("a deck known to the database is missing from it")?;
            touched.extend(fingerprint.map(|fingerprint| (id, fingerprint)));
            Ok(record)
        }
        Inspected::Changed(parsed) => {
            let Parsed {
                deck,
                fingerprint,
                links,
            } = *parsed;
            let report = sync_deck(store, &deck, &fingerprint, &links, now)
                .with_context(|| format!("saving deck `{}`", deck.id))?;
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
                .deck_record(&deck.id)?
                .context("the deck just saved is missing from the database")
        }
        Inspected::Broken(_) => anyhow::bail!("a deck with errors cannot be saved"),
    }
}

/// Syncs a parsed deck into the catalog with what the catalog is given rather than works out:
/// each card's answer forms (grading's [`answer_forms`], asked only for the cards that
/// changed), the renames of [`renames`] and the pairs of related cards `links` ([`Related`]),
/// which the study queue keeps apart.
pub fn sync_deck<S: Catalog>(
    store: &mut S,
    deck: &Deck,
    fingerprint: &Fingerprint,
    links: &[(CardId, CardId)],
    now: Timestamp,
) -> crate::store::Result<SyncReport> {
    store.sync_deck(
        DeckSync {
            deck,
            fingerprint,
            answer_forms: &|card| answer_forms(card).collect(),
            renames: &|| renames(deck),
            links,
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
        key: origin.to_owned(),
        size: None,
        mtime_ns: None,
        hash: format!("{:016x}", content_hash(origin.as_bytes())),
    };
    sync_deck(store, deck, &fingerprint, &related_pairs(deck), now)
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
    let mut result = LoadedDecks::default();
    let outcome = load_each(
        paths,
        cwd,
        parallel::workers(),
        |_| Vec::new(),
        |deck, diagnostics| {
            result.diagnostics.extend(diagnostics);
            result.decks.extend(deck);
            Ok(())
        },
    );
    match outcome {
        Ok(files) => result.files = files,
        Err(error) => result.diagnostics.push(internal_problem(&error)),
    }
    result
}

/// Discovers decks (explicit paths, else ./decks, else bundled) and loads them one file at a
/// time, on worker threads (at most `window` files at once), handing each to `each` in order
/// with every problem found in it: the loader's, a second deck with an id already in use (an
/// error; that deck is not handed over) and those of `more` (run on the worker beside the
/// loading, for a deck that loaded). Discovery problems come first, with no deck. Only a few
/// decks are in memory at once, whatever the size of the collection. Returns how many deck
/// files were examined.
pub fn load_each(
    paths: &[PathBuf],
    cwd: &Path,
    window: usize,
    more: impl Fn(&Deck) -> Vec<Diagnostic> + Sync,
    mut each: impl FnMut(Option<Deck>, Vec<Diagnostic>) -> Result<()>,
) -> Result<usize> {
    let found = deck::discover(paths, cwd);
    if !found.problems.is_empty() {
        each(None, found.problems)?;
    }
    let mut seen: HashMap<DeckId, String> = HashMap::new();
    parallel::in_order(
        &found.sources,
        window,
        |source| {
            let loaded = source.load();
            let more = loaded.deck.as_ref().map(&more).unwrap_or_default();
            (loaded, more)
        },
        |_, (loaded, more)| {
            let mut diagnostics = loaded.diagnostics;
            let Some(deck) = loaded.deck else {
                return each(None, diagnostics);
            };
            let here = deck.origin.to_string();
            if let Some(first) = seen.get(&deck.id) {
                diagnostics.push(Diagnostic {
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
                return each(None, diagnostics);
            }
            seen.insert(deck.id.clone(), here);
            diagnostics.extend(more);
            each(Some(deck), diagnostics)
        },
    )?;
    Ok(found.sources.len())
}

/// An unexpected failure while loading, as a problem to report.
fn internal_problem(error: &anyhow::Error) -> Diagnostic {
    Diagnostic {
        file: String::new(),
        line: 1,
        column: 1,
        severity: Severity::Error,
        code: "internal",
        message: format!("{error:#}"),
        hint: Some("please report this, with the deck files".into()),
    }
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

    #[test]
    fn files_are_parsed_ahead_on_every_core_only_when_known_and_small_enough() {
        const MB: u64 = 1 << 20;
        // (known to the catalog, largest file, workers, window)
        let cases = [
            (false, 10_000, 4, 1),
            (false, 2 * MB, 4, 1),
            (true, 10_000, 1, 1),
            (true, 10_000, 2, 2),
            (true, 10_000, 8, 8),
            (true, 0, 8, 8),
            (true, MB, 2, 2),
            (true, MB, 8, 4),
            // The bench's 10,000-card files: one parsed while the last is saved.
            (true, 2 * MB, 2, 1),
            (true, 2 * MB, 8, 1),
            (true, 64 * MB, 8, 1),
            (true, u64::MAX, 8, 1),
            (true, 10_000, 0, 1),
        ];
        for (known, largest, workers, window) in cases {
            assert_eq!(
                parse_window(known, largest, workers),
                window,
                "known {known}, largest {largest}, {workers} workers"
            );
        }
    }
    use crate::scheduler::{CardState, Purpose, Rating, State};
    use crate::store::{Commit, ReviewRecord, Reviews};
    use proptest::strategy::Strategy as _;

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

    /// One edit of a generated deck file (see `an_incremental_sync_stores_what_a_full_one_does`).
    #[derive(Debug, Clone)]
    enum Edit {
        Question(usize),
        Answer(usize),
        Remove(usize),
        Add,
        Swap(usize, usize),
        Title,
        DropId(usize),
    }

    /// A card of the generated deck: (id written in the file, question, answer).
    type Written = (Option<String>, String, String);

    fn deck_text(title: &str, cards: &[Written]) -> String {
        let mut text = format!("[deck]\nid = \"d\"\ntitle = \"{title}\"\n");
        for (id, question, answer) in cards {
            text.push_str("\n[[card]]\n");
            if let Some(id) = id {
                text.push_str(&format!("id = \"{id}\"\n"));
            }
            text.push_str(&format!(
                "question = \"{question}\"\nanswer = \"{answer}\"\n"
            ));
        }
        text
    }

    /// What a study of the deck sees: its cards as stored (contents, order and line), each
    /// card's state, and the new cards in the order the queue offers them.
    fn seen(store: &crate::store::Store, scope: &Scope) -> String {
        use crate::store::{QueueRequest, Queues};
        let id: DeckId = "d".parse().expect("an id");
        let cards = store.deck_cards(&id).expect("cards");
        let states: Vec<_> = cards
            .iter()
            .map(|card| {
                store
                    .card_state(&scope.profile, &id, &card.id)
                    .expect("state")
            })
            .collect();
        let request = QueueRequest {
            now: scope.now,
            learning_until: scope.now,
            day: scope.today(),
            reviews: 100,
            new: 100,
            shuffle: None,
        };
        let queue = store
            .queue_candidates(&scope.profile, &id, &request)
            .expect("queue");
        let kinds = store.kind_counts(&id).expect("kinds");
        let sorted = |items: Vec<String>| -> Vec<String> {
            let mut items = items;
            items.sort();
            items
        };
        let related = sorted(
            queue
                .related
                .iter()
                .map(|pair| format!("{pair:?}"))
                .collect(),
        );
        let facts = sorted(
            queue
                .new_facts
                .iter()
                .map(|fact| format!("{fact:?}"))
                .collect(),
        );
        let seen = sorted(
            queue
                .notes_seen
                .iter()
                .chain(&queue.cards_seen)
                .map(ToString::to_string)
                .collect(),
        );
        format!(
            "{cards:#?}\n{states:?}\n{:?}\n{:?}\n{:?}\n{seen:?}\n{related:?}\n{facts:?}\n{kinds:?}",
            queue.learning, queue.reviews, queue.new
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Differential: a deck synced after every one of a series of edits is stored as the
        /// final file synced once into a new store is (cards, order, lines, states, queue).
        #[test]
        fn an_incremental_sync_stores_what_a_full_one_does(
            edits in proptest::collection::vec(
                proptest::prop_oneof![
                    (0..12usize).prop_map(Edit::Question),
                    (0..12usize).prop_map(Edit::Answer),
                    (0..12usize).prop_map(Edit::Remove),
                    proptest::strategy::Just(Edit::Add),
                    (0..12usize, 0..12usize).prop_map(|(a, b)| Edit::Swap(a, b)),
                    proptest::strategy::Just(Edit::Title),
                    (0..12usize).prop_map(Edit::DropId),
                ],
                1..10,
            ),
        ) {
            let scope = scope("2026-11-30T09:00:00Z");
            let mut cards: Vec<Written> = (0..6)
                .map(|n| (Some(format!("c{n}")), format!("Question {n}?"), format!("answer {n}")))
                .collect();
            let mut title = "D".to_owned();
            let (mut incremental, _) = store_with(&[&deck(&deck_text(&title, &cards))], &scope);
            let mut fresh_id = 100;
            for (step, edit) in edits.iter().enumerate() {
                let len = cards.len().max(1);
                match edit {
                    Edit::Question(i) if !cards.is_empty() => cards[i % len].1.push_str(" again"),
                    Edit::Answer(i) if !cards.is_empty() => cards[i % len].2.push_str(" too"),
                    Edit::Remove(i) if !cards.is_empty() => {
                        cards.remove(i % len);
                    }
                    Edit::Swap(a, b) if !cards.is_empty() => cards.swap(a % len, b % len),
                    Edit::DropId(i) if !cards.is_empty() => cards[i % len].0 = None,
                    Edit::Title => title.push('!'),
                    _ => {
                        fresh_id += 1;
                        cards.push((
                            Some(format!("c{fresh_id}")),
                            format!("New question {fresh_id}?"),
                            format!("new answer {fresh_id}"),
                        ));
                    }
                }
                let text = deck_text(&title, &cards);
                let loaded = deck::load_str(&text, Origin::File("d.toml".into()));
                // Two cards may now ask the same question or share an id: such a file is not
                // saved, as in use.
                let Some(parsed) = loaded.deck else { continue };
                let later = at(&format!("2026-12-{:02}T09:00:00Z", step + 1));
                save_parsed(&mut incremental, &parsed, "0.toml", later).expect("sync");
                incremental.attach(&scope.profile, &parsed.id, later).expect("attach");
                let (full, _) = store_with(&[&parsed], &scope);
                proptest::prop_assert_eq!(seen(&incremental, &scope), seen(&full, &scope), "{}", text);
            }
        }
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
