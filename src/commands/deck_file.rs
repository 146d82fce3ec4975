//! What the commands that write deck files share: opening a deck to edit (it must load without
//! errors), printing diagnostics, saving through validation and an atomic write, and the words
//! `import` and `draft` share about their input file and `--id`.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::app::UsageError;
use crate::authoring::{InvalidResult, validate_before_write, write};
use crate::deck::{Deck, DeckId, Diagnostic, Origin, load_bytes};
use crate::store::{Catalog, Store};
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
        crate::ui::diagnostics::print_diagnostic(&mut stderr, diagnostic)?;
    }
    stderr.flush()?;
    Ok(())
}

/// Opens a deck to edit. A deck with errors is refused, its errors printed: editing it could
/// only make things worse.
pub fn open(path: &Path) -> Result<DeckFile> {
    let bytes = match crate::input::read(path, crate::input::Limit::DECK) {
        Ok(bytes) => bytes,
        Err(crate::input::ReadError::NotFound { .. }) => bail!(
            "{}: no such deck file; create it with `recall new {} --title \"…\"`",
            path.display(),
            path.display()
        ),
        Err(error) => return Err(error.into()),
    };
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
    let loaded = validate_before_write(text, &Origin::File(path.to_owned()))
        .map_err(|invalid| not_written(path, &invalid))?;
    write::write_atomic(path, text.as_bytes())?;
    loaded
        .deck
        .with_context(|| format!("{} did not load after writing", path.display()))
}

/// Prints why the deck `path` was not written (its errors, as `check` does) and gives the error
/// that says so.
pub fn not_written(path: &Path, invalid: &InvalidResult) -> anyhow::Error {
    if let Err(error) = print_diagnostics(&invalid.0) {
        return error;
    }
    anyhow::anyhow!(
        "the result would not be a valid deck, so {} was left as it was",
        path.display()
    )
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
                    card.as_str()
                        .split_once('.')
                        .map_or(card.as_str(), |(n, _)| n)
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// An error in an input file (`import`, `draft`), located when it can be:
/// `notes.csv:3:7: {error}`, with its hint on the next line.
pub fn located(
    name: &str,
    position: Option<(u32, u32)>,
    error: &dyn std::fmt::Display,
    hint: &dyn std::fmt::Display,
) -> anyhow::Error {
    let place = position
        .map(|(line, column)| format!(":{line}:{column}"))
        .unwrap_or_default();
    anyhow::anyhow!("{name}{place}: {error}\n  hint: {hint}")
}

/// A deck title from an input file's name: `pakistan_soviet-relations.csv` gives
/// "pakistan soviet relations".
pub fn title_from_stem(path: &Path) -> Option<String> {
    path.file_stem()
        .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
}

/// Checks a deck id given with `--id`; a usage error when it is not one.
pub fn check_id_arg(id: &str) -> Result<(), UsageError> {
    id.parse::<DeckId>()
        .map(drop)
        .map_err(|error| UsageError(format!("the deck id `{id}` {error}")))
}

/// Refuses a new deck file `path` whose deck `id` another deck already uses: one found by default
/// from `cwd` (`./decks`, else the bundled decks) or one beside `path`. Two decks with one id
/// cannot both be studied (the second is left out), so it is better never to create one.
/// `named_after` says where the id came from, for the message (`after cards.csv`).
pub fn refuse_taken_id(cwd: &Path, path: &Path, id: &str, named_after: Option<&str>) -> Result<()> {
    let mut places = vec![];
    if let Some(parent) = path.parent() {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if cwd.join(parent).is_dir() {
            places.push(parent.to_path_buf());
        }
    }
    let mut sources = crate::deck::discover(&places, cwd).sources;
    sources.extend(crate::deck::discover(&[], cwd).sources);
    let target = std::fs::canonicalize(cwd.join(path)).ok();
    for source in sources {
        if let crate::deck::DeckSource::File(file) = &source
            && target.is_some()
            && std::fs::canonicalize(cwd.join(file)).ok() == target
        {
            continue;
        }
        // The id is read from the head of the file; a deck that keeps its [deck] table after
        // its cards is loaded in full.
        let taken = source
            .peek_id()
            .or_else(|| source.load().deck.map(|deck| deck.id));
        if taken.is_some_and(|taken| taken.as_str() == id) {
            let from = named_after.map_or_else(String::new, |s| format!(" ({s})"));
            return Err(UsageError(format!(
                "the deck id `{id}`{from} is already used by {}; two decks with one id cannot \
                 both be studied. Pass --id with another id, e.g. --id {id}-2",
                source.origin()
            ))
            .into());
        }
    }
    Ok(())
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

/// [`create_parent`], returning the directories it created (outermost first), for
/// [`remove_created`] to take away again when the file is not written after all.
pub fn create_parent_new(path: &Path) -> Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut dir = path.parent();
    while let Some(parent) = dir
        && !parent.as_os_str().is_empty()
        && !parent.exists()
    {
        missing.push(parent.to_path_buf());
        dir = parent.parent();
    }
    missing.reverse();
    create_parent(path)?;
    Ok(missing)
}

/// Removes the directories [`create_parent_new`] created, innermost first, where they are still
/// empty (best effort: a directory someone filled meanwhile stays).
pub fn remove_created(dirs: &[PathBuf]) {
    for dir in dirs.iter().rev() {
        let _ = std::fs::remove_dir(dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_errors_name_the_place_when_known() {
        let at = located("notes.csv", Some((3, 7)), &"an unclosed quote", &"close it");
        assert_eq!(
            at.to_string(),
            "notes.csv:3:7: an unclosed quote\n  hint: close it"
        );
        let nowhere = located("notes.csv", None, &"not UTF-8", &"save as UTF-8");
        assert_eq!(
            nowhere.to_string(),
            "notes.csv: not UTF-8\n  hint: save as UTF-8"
        );
    }

    #[test]
    fn titles_from_file_names_read_dashes_and_underscores_as_spaces() {
        assert_eq!(
            title_from_stem(Path::new("dir/pakistan_soviet-relations.csv")).as_deref(),
            Some("pakistan soviet relations")
        );
        assert_eq!(title_from_stem(Path::new("")), None);
    }

    #[test]
    fn id_arguments_must_be_deck_ids() {
        assert!(check_id_arg("history-101").is_ok());
        let error = check_id_arg("Not An Id").expect_err("spaces are not allowed");
        assert!(
            error.0.starts_with("the deck id `Not An Id` "),
            "{}",
            error.0
        );
    }
}
