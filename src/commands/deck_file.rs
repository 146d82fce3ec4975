//! What the commands that write deck files share: opening a deck to edit (it must load without
//! errors), printing diagnostics, and saving through validation and an atomic write.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::authoring::{validate_before_write, write};
use crate::deck::{Deck, DeckId, Diagnostic, Origin, load_bytes};
use crate::store::Store;
use crate::text::plural;

/// A deck file opened for editing.
#[derive(Debug)]
pub struct DeckFile {
    pub path: PathBuf,
    pub text: String,
    pub deck: Deck,
}

impl DeckFile {
    pub fn origin(&self) -> Origin {
        Origin::File(self.path.clone())
    }
}

/// Prints diagnostics as `check` does, to standard error.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) -> Result<()> {
    let mut stderr = std::io::stderr().lock();
    for diagnostic in diagnostics {
        super::check::print_diagnostic(&mut stderr, diagnostic)?;
    }
    stderr.flush()?;
    Ok(())
}

/// Opens a deck to edit. A deck with errors is refused, its errors printed: editing it could
/// only make things worse.
pub fn open(path: &Path) -> Result<DeckFile> {
    let bytes = std::fs::read(path).with_context(|| match std::fs::metadata(path) {
        Err(_) => format!(
            "{}: no such deck file; create it with `recall new {} --title \"…\"`",
            path.display(),
            path.display()
        ),
        Ok(_) => format!("cannot read {}", path.display()),
    })?;
    let loaded = load_bytes(&bytes, Origin::File(path.to_owned()));
    let errors: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    match (loaded.deck, String::from_utf8(bytes)) {
        (Some(deck), Ok(text)) if errors.is_empty() => Ok(DeckFile {
            path: path.to_owned(),
            text,
            deck,
        }),
        _ => {
            print_diagnostics(&errors)?;
            bail!(
                "{} has {} {}; fix {} first (nothing was written)",
                path.display(),
                errors.len(),
                plural(errors.len(), "error", "errors"),
                plural(errors.len(), "it", "them"),
            )
        }
    }
}

/// Validates deck text and writes it atomically; refuses (printing the errors) when the text
/// would not be a valid deck.
pub fn save(path: &Path, text: &str) -> Result<Deck> {
    let loaded = match validate_before_write(text, &Origin::File(path.to_owned())) {
        Ok(loaded) => loaded,
        Err(invalid) => {
            print_diagnostics(&invalid.0)?;
            bail!(
                "the result would not be a valid deck, so {} was left as it was",
                path.display()
            );
        }
    };
    write::write_atomic(path, text.as_bytes())?;
    loaded
        .deck
        .with_context(|| format!("{} did not load after writing", path.display()))
}

/// Refuses to replace an existing file unless asked to.
pub fn refuse_to_overwrite(path: &Path, force: bool) -> Result<()> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        bail!(
            "{} already exists; pass --force to replace it",
            path.display()
        );
    }
    Ok(())
}

/// The ids of the notes of a deck that have review history in `store` (none without one: see
/// `App::existing_store`, which never creates a database).
pub fn reviewed_notes(store: Option<&Store>, deck: &DeckId) -> HashSet<String> {
    let Some(store) = store else {
        return HashSet::new();
    };
    store
        .answers_when_last_reviewed(deck)
        .map(|answers| {
            answers
                .keys()
                .map(|card| {
                    card.split_once('.')
                        .map_or(card.as_str(), |(n, _)| n)
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Creates the directories a new file needs.
pub fn create_parent(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the directory {}", parent.display()))?;
    }
    Ok(())
}
