//! Turning DECK arguments into decks in the database: discovery, the unchanged-file shortcut
//! (a deck whose size and modification time are unchanged is not read, let alone parsed), and
//! syncing changed decks into the catalog. Shared by study, practice, due, stats and the
//! single-card commands.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use super::App;
use crate::UsageError;
use crate::deck::{self, DeckId, DeckSource, Diagnostic, Origin};
use crate::store::{DeckRecord, Fingerprint, Store};
use crate::text::stable_hash;

/// The decks a command works on, synced into an open store.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    pub decks: Vec<DeckRecord>,
}

/// Opens the store and brings the requested decks up to date in it. `args` are paths (files or
/// directories) or deck ids; with none, every deck found by discovery. Decks with errors are
/// reported on stderr and left out; it is an error when none is left.
pub fn open(app: &App, args: &[String]) -> Result<Opened> {
    let data_dir = app.data_dir()?;
    let mut store = Store::open(&data_dir)?;
    let (paths, ids): (Vec<&String>, Vec<&String>) =
        args.iter().partition(|arg| looks_like_path(arg, &app.cwd));
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let found = deck::discover(&paths, &app.cwd);
    let mut problems = found.problems;
    let mut decks: Vec<DeckRecord> = Vec::new();
    for source in &found.sources {
        match sync_source(&mut store, source, app)? {
            Synced::Deck(record) => {
                if let Some(first) = decks.iter().find(|d| d.id == record.id) {
                    problems.push(Diagnostic {
                        file: record.origin.clone(),
                        line: 1,
                        column: 1,
                        severity: deck::Severity::Error,
                        code: "duplicate-id",
                        message: format!(
                            "deck id `{}` is also used by {}",
                            record.id, first.origin
                        ),
                        hint: Some("each deck needs its own id; this copy is left out".into()),
                    });
                    continue;
                }
                decks.push(record);
            }
            Synced::Broken(diagnostics) => problems.extend(diagnostics),
        }
    }
    report_problems(&problems)?;
    if !ids.is_empty() {
        let mut chosen = Vec::new();
        for id in ids {
            if let Some(deck) = decks.iter().find(|d| d.id.as_str() == id.as_str()) {
                chosen.push(deck.clone());
            } else {
                let known: Vec<&str> = decks.iter().map(|d| d.id.as_str()).collect();
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
        decks = chosen;
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

/// Whether a DECK argument names a file or directory (rather than a deck id).
fn looks_like_path(arg: &str, cwd: &Path) -> bool {
    arg.contains('/')
        || arg.contains('\\')
        || Path::new(arg)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        || cwd.join(arg).exists()
}

enum Synced {
    Deck(DeckRecord),
    Broken(Vec<Diagnostic>),
}

/// Brings one deck file up to date in the catalog, reading and parsing it only if it changed.
fn sync_source(store: &mut Store, source: &DeckSource, app: &App) -> Result<Synced> {
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
                // Unchanged since last time: nothing to read.
                return Ok(Synced::Deck(record));
            }
            // On failure, let the loader word the error (missing, unreadable, a directory).
            let Ok(loaded_bytes) = std::fs::read(path) else {
                return Ok(Synced::Broken(deck::load_file(path).diagnostics));
            };
            (
                loaded_bytes,
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
        store.touch_deck(&stored.id, &fingerprint)?;
        return Ok(Synced::Deck(record));
    }
    let origin_value = match source {
        DeckSource::File(path) => Origin::File(path.clone()),
        DeckSource::Bundled { name, .. } => Origin::Bundled(name),
    };
    if bytes.len() as u64 > deck::MAX_FILE_SIZE
        && let DeckSource::File(path) = source
    {
        return Ok(Synced::Broken(deck::load_file(path).diagnostics));
    }
    let loaded = deck::load_bytes(&bytes, origin_value);
    let Some(parsed) = loaded.deck else {
        return Ok(Synced::Broken(loaded.diagnostics));
    };
    let report = store
        .sync_deck(&parsed, &fingerprint, app.now)
        .with_context(|| format!("saving deck `{}`", parsed.id))?;
    if !report.changed_answers.is_empty() {
        let mut stderr = std::io::stderr();
        writeln!(
            stderr,
            "recall: {}: {} {} a new answer ({}); its review history is kept",
            origin,
            report.changed_answers.len(),
            super::check::plural(report.changed_answers.len(), "card has", "cards have"),
            report.changed_answers.join(", ")
        )?;
    }
    store
        .deck_record(&parsed.id)?
        .map(Synced::Deck)
        .context("the deck just saved is missing from the database")
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
        super::check::plural(errors.len(), "a deck", "decks")
    )?;
    Ok(())
}

/// Parses `DECK_ID/CARD_ID`.
pub fn parse_card_ref(text: &str) -> Result<(DeckId, String), UsageError> {
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
