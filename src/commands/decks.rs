//! Turning DECK arguments into decks in the database: discovery, the unchanged-file shortcut
//! (a deck whose size and modification time are unchanged is not read, let alone parsed), and
//! syncing changed decks into the catalog. Shared by study, practice, due, stats and the
//! single-card commands.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use super::App;
use crate::UsageError;
use crate::cli::CardRefArgs;
use crate::deck::{self, DeckId, DeckSource, Diagnostic};
use crate::store::{DeckRecord, Fingerprint, Store, StoredCard};
use crate::text::{plural, stable_hash};

/// The decks a command works on, synced into an open store.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    pub decks: Vec<DeckRecord>,
}

/// Opens the store and brings the requested decks up to date in it. `args` are paths (files or
/// directories) or deck ids (looked up among the decks found by default: `./decks`, else the
/// bundled ones); with none, every deck found by default. Decks with errors, and a second file
/// with a deck id already in use, are reported on stderr and left out before anything about
/// them is saved; it is an error when no deck is left.
pub fn open(app: &App, args: &[String]) -> Result<Opened> {
    let data_dir = app.data_dir()?;
    let mut store = Store::open(&data_dir)?;
    let (paths, ids): (Vec<&String>, Vec<&String>) =
        args.iter().partition(|arg| looks_like_path(arg, &app.cwd));
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let mut problems = Vec::new();
    let mut sources: Vec<(DeckSource, bool)> = Vec::new();
    if !paths.is_empty() {
        let found = deck::discover(&paths, &app.cwd);
        problems.extend(found.problems);
        sources.extend(found.sources.into_iter().map(|s| (s, true)));
    }
    if paths.is_empty() || !ids.is_empty() {
        let found = deck::discover(&[], &app.cwd);
        problems.extend(found.problems);
        // With ids, default decks are candidates for the ids only.
        let wanted = ids.is_empty();
        sources.extend(found.sources.into_iter().map(|s| (s, wanted)));
    }
    dedup_sources(&mut sources);

    // First look at every file without writing anything, then leave out duplicates, then save.
    let mut accepted: Vec<(Inspected, bool)> = Vec::new();
    for (source, wanted) in &sources {
        let inspected = inspect(&store, source)?;
        let id = match (&inspected, inspected.id()) {
            (Inspected::Broken(diagnostics), _) => {
                problems.extend(diagnostics.iter().cloned());
                continue;
            }
            (_, Some(id)) => id.clone(),
            (_, None) => continue,
        };
        if let Some((first, _)) = accepted.iter().find(|(d, _)| d.id() == Some(&id)) {
            problems.push(Diagnostic {
                file: source.origin().to_string(),
                line: 1,
                column: 1,
                severity: deck::Severity::Error,
                code: "duplicate-id",
                message: format!("deck id `{id}` is also used by {}", first.origin()),
                hint: Some("each deck needs its own id; this copy is left out".into()),
            });
            continue;
        }
        accepted.push((inspected, *wanted));
    }
    report_problems(&problems)?;

    let mut decks: Vec<DeckRecord> = Vec::new();
    for (inspected, wanted) in accepted {
        let named = inspected
            .id()
            .is_some_and(|deck| ids.iter().any(|id| id.as_str() == deck.as_str()));
        if wanted || named {
            decks.push(save(&mut store, inspected, app)?);
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
        store.attach(&app.profile, &deck.id, app.now)?;
    }
    Ok(Opened { store, decks })
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
fn looks_like_path(arg: &str, cwd: &Path) -> bool {
    arg.contains('/')
        || arg.contains('\\')
        || Path::new(arg)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        || (arg.parse::<DeckId>().is_err() && cwd.join(arg).exists())
}

/// What a deck file turned out to be, before anything is saved.
enum Inspected {
    /// Unchanged since it was last saved.
    Unchanged(DeckRecord),
    /// Same contents, new size or modification time: only the fingerprint is saved.
    Touched(DeckRecord, Fingerprint),
    /// Changed: the parsed deck is saved.
    Changed(Box<deck::Deck>, Fingerprint),
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
fn inspect(store: &Store, source: &DeckSource) -> Result<Inspected> {
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
fn save(store: &mut Store, inspected: Inspected, app: &App) -> Result<DeckRecord> {
    match inspected {
        Inspected::Unchanged(record) => Ok(record),
        Inspected::Touched(record, fingerprint) => {
            store.touch_deck(&record.id, &fingerprint)?;
            Ok(record)
        }
        Inspected::Changed(parsed, fingerprint) => {
            let report = store
                .sync_deck(&parsed, &fingerprint, app.now)
                .with_context(|| format!("saving deck `{}`", parsed.id))?;
            if !report.changed_answers.is_empty() {
                let mut stderr = std::io::stderr();
                writeln!(
                    stderr,
                    "recall: {}: {} {} a new answer ({}); its review history is kept",
                    fingerprint.origin,
                    report.changed_answers.len(),
                    plural(report.changed_answers.len(), "card has", "cards have"),
                    report.changed_answers.join(", ")
                )?;
            }
            if report.kept_history > 0 {
                let mut stderr = std::io::stderr();
                writeln!(
                    stderr,
                    "recall: {}: {} {} an id of its own now and kept {} progress",
                    fingerprint.origin,
                    report.kept_history,
                    plural(report.kept_history, "card has", "cards have"),
                    plural(report.kept_history, "its", "their"),
                )?;
            }
            store
                .deck_record(&parsed.id)?
                .context("the deck just saved is missing from the database")
        }
        Inspected::Broken(_) => anyhow::bail!("a deck with errors cannot be saved"),
    }
}

/// Prints deck problems on stderr (errors and warnings) without stopping.
fn report_problems(problems: &[Diagnostic]) -> Result<()> {
    let errors: Vec<&Diagnostic> = problems.iter().filter(|d| d.is_error()).collect();
    if errors.is_empty() {
        return Ok(());
    }
    let mut stderr = std::io::stderr();
    for diagnostic in &errors {
        writeln!(stderr, "{diagnostic}")?;
    }
    writeln!(
        stderr,
        "recall: {} with errors left out",
        plural(errors.len(), "a deck", "decks")
    )?;
    Ok(())
}

/// The deck and card a `DECK_ID/CARD_ID` argument names, with the deck synced and the profile
/// attached.
#[derive(Debug)]
pub struct OpenedCard {
    pub store: Store,
    pub deck: DeckRecord,
    pub card: StoredCard,
}

/// Opens the card `args` names, looking for its deck among the `--deck` paths and the decks
/// found by default. `missing_hint` ends the error for a deck without that card.
pub fn open_card(app: &App, args: &CardRefArgs, missing_hint: &str) -> Result<OpenedCard> {
    let (deck_id, card_id) = parse_card_ref(&args.card)?;
    let mut args = args.deck_paths.clone();
    args.push(deck_id.to_string());
    let Opened { store, mut decks } = open(app, &args)?;
    let Some(at) = decks.iter().position(|d| d.id == deck_id) else {
        return Err(UsageError(format!("no deck `{deck_id}` among the decks given")).into());
    };
    let deck = decks.swap_remove(at);
    let Some(card) = store.card(&deck.id, &card_id)? else {
        return Err(UsageError(format!(
            "deck `{}` has no card `{card_id}`{missing_hint}",
            deck.id
        ))
        .into());
    };
    Ok(OpenedCard { store, deck, card })
}

/// Parses `DECK_ID/CARD_ID`.
fn parse_card_ref(text: &str) -> Result<(DeckId, String), UsageError> {
    let usage = || {
        UsageError(format!(
            "`{text}` is not a card reference; write DECK_ID/CARD_ID, e.g. \
             pakistan-soviet-relations/cento-year"
        ))
    };
    let (deck, card) = text.split_once('/').ok_or_else(usage)?;
    let deck: DeckId = deck.parse().map_err(|_| usage())?;
    let card: crate::deck::CardId = card.parse().map_err(|_| usage())?;
    Ok((deck, card.to_string()))
}
