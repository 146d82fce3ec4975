//! Finding decks: explicit paths first, else `./decks`, else the decks bundled into the binary.
//! Shared by every command that reads decks.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::diagnostic::Diagnostic;
use super::load::{Loaded, file_diagnostic, load_file, load_str};
use super::model::{DeckId, Origin};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_decks.rs"));
}

/// How deep `discover` descends into directories (a guard against symlink loops).
const MAX_DEPTH: usize = 16;

/// A deck file to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeckSource {
    File(PathBuf),
    Bundled {
        name: &'static str,
        text: &'static str,
    },
}

impl DeckSource {
    pub fn load(&self) -> Loaded {
        match self {
            DeckSource::File(path) => load_file(path),
            DeckSource::Bundled { name, text } => load_str(text, Origin::Bundled(name)),
        }
    }

    pub fn origin(&self) -> Origin {
        match self {
            DeckSource::File(path) => Origin::File(path.clone()),
            DeckSource::Bundled { name, .. } => Origin::Bundled(name),
        }
    }

    /// The deck id the file declares, read from what comes before its first `[[card]]` (at
    /// most `PEEK_BYTES`) without loading a card: cheap enough for shell completion on any
    /// deck. `None` when the file is not a regular file, cannot be read, or declares no id
    /// there (a `[deck]` table written after the cards is not looked for).
    pub fn peek_id(&self) -> Option<DeckId> {
        let head = match self {
            DeckSource::File(path) => {
                // Opening a FIFO would wait for a writer: only regular files are opened.
                if !std::fs::metadata(path).ok()?.is_file() {
                    return None;
                }
                let mut bytes = Vec::new();
                std::fs::File::open(path)
                    .ok()?
                    .take(PEEK_BYTES)
                    .read_to_end(&mut bytes)
                    .ok()?;
                String::from_utf8_lossy(&bytes).into_owned()
            }
            DeckSource::Bundled { text, .. } => {
                let end = text
                    .len()
                    .min(usize::try_from(PEEK_BYTES).unwrap_or(usize::MAX));
                String::from_utf8_lossy(&text.as_bytes()[..end]).into_owned()
            }
        };
        peek_id(&head)
    }
}

/// How much of a deck file [`DeckSource::peek_id`] reads.
pub const PEEK_BYTES: u64 = 64 * 1024;

/// The `[deck]` table's id in the text before the first array-of-tables header.
fn peek_id(head: &str) -> Option<DeckId> {
    let mut end = head.len();
    let mut offset = 0;
    for line in head.split_inclusive('\n') {
        if line.trim_start().starts_with("[[") {
            end = offset;
            break;
        }
        offset += line.len();
    }
    let table: toml::Table = toml::from_str(head.get(..end)?).ok()?;
    table.get("deck")?.get("id")?.as_str()?.parse().ok()
}

/// Where the decks came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discovery {
    Explicit,
    DecksDir,
    Bundled,
}

/// The decks found, and problems with the paths themselves (missing, unreadable).
#[derive(Debug)]
pub struct Found {
    pub sources: Vec<DeckSource>,
    pub problems: Vec<Diagnostic>,
    pub discovery: Discovery,
}

/// The decks bundled into the binary.
pub fn bundled() -> Vec<DeckSource> {
    bundled::BUNDLED
        .iter()
        .map(|&(name, text)| DeckSource::Bundled { name, text })
        .collect()
}

/// Finds deck files: each explicit path (a file, or a directory searched recursively for
/// `*.toml`); with no paths, `decks/` under `cwd` if it exists; else the bundled decks.
pub fn discover(paths: &[PathBuf], cwd: &Path) -> Found {
    if !paths.is_empty() {
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => walk(path, 0, &mut sources, &mut problems),
                Ok(_) => sources.push(DeckSource::File(path.clone())),
                Err(error) => problems.push(path_problem(path, &error)),
            }
        }
        return Found {
            sources,
            problems,
            discovery: Discovery::Explicit,
        };
    }
    let local = cwd.join("decks");
    if local.is_dir() {
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        // The directory under `cwd` is walked (which need not be the process's directory).
        walk(&local, 0, &mut sources, &mut problems);
        // Paths stay relative ("decks/x.toml") for readable messages when `cwd` is where the
        // process runs.
        for source in &mut sources {
            if let DeckSource::File(path) = source {
                *path = relative_to(cwd, path);
            }
        }
        return Found {
            sources,
            problems,
            discovery: Discovery::DecksDir,
        };
    }
    Found {
        sources: bundled(),
        problems: Vec::new(),
        discovery: Discovery::Bundled,
    }
}

/// `path` as given when `cwd` is the process's directory, else joined onto `cwd`.
fn relative_to(cwd: &Path, path: &Path) -> PathBuf {
    match (std::env::current_dir(), path.strip_prefix(cwd)) {
        (Ok(current), Ok(relative)) if current == cwd => relative.to_owned(),
        _ => path.to_owned(),
    }
}

fn walk(dir: &Path, depth: usize, sources: &mut Vec<DeckSource>, problems: &mut Vec<Diagnostic>) {
    if depth > MAX_DEPTH {
        problems.push(file_diagnostic(
            &dir.display().to_string(),
            "unreadable",
            format!("directories nested more than {MAX_DEPTH} deep"),
            Some("is there a symbolic link loop?".into()),
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(path_problem(dir, &error));
            return;
        }
    };
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                problems.push(path_problem(dir, &error));
                continue;
            }
        };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => dirs.push(path),
            Ok(_) if path.extension().is_some_and(|e| e == "toml") => files.push(path),
            Ok(_) => {}
            Err(error) => problems.push(path_problem(&path, &error)),
        }
    }
    files.sort();
    dirs.sort();
    sources.extend(files.into_iter().map(DeckSource::File));
    for sub in dirs {
        walk(&sub, depth + 1, sources, problems);
    }
}

fn path_problem(path: &Path, error: &std::io::Error) -> Diagnostic {
    let name = path.display().to_string();
    match error.kind() {
        std::io::ErrorKind::NotFound => file_diagnostic(
            &name,
            "not-found",
            "no such file or directory".into(),
            Some("check the path; with no path recall uses ./decks or its bundled decks".into()),
        ),
        std::io::ErrorKind::PermissionDenied => file_diagnostic(
            &name,
            "unreadable",
            "permission denied".into(),
            Some("make it readable (chmod u+rx for a directory)".into()),
        ),
        _ => file_diagnostic(&name, "unreadable", format!("cannot read: {error}"), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peeks_at_the_deck_id_before_the_cards() {
        let cases: [(&str, Option<&str>); 6] = [
            (
                "[deck]\nid = \"a\"\ntitle = \"A\"\n[[card]]\nquestion = \"Q?\"\nanswer = \"x\"\n",
                Some("a"),
            ),
            (
                "# comment\n[deck]\ntitle = \"A\"\nid = 'b-2'\n",
                Some("b-2"),
            ),
            ("deck = { id = \"c\", title = \"C\" }\n", Some("c")),
            // Cards first: the table is not looked for beyond them.
            ("[[card]]\nquestion = \"Q?\"\n[deck]\nid = \"d\"\n", None),
            ("[deck]\nid = \"Not An Id\"\n", None),
            ("[deck\nid = \"e\"\n", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                peek_id(text).map(|id| id.to_string()).as_deref(),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn peeks_only_at_regular_files() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let file = dir.path().join("x.toml");
        std::fs::write(&file, "[deck]\nid = \"x\"\ntitle = \"X\"\n").expect("write");
        assert_eq!(
            DeckSource::File(file).peek_id().map(|id| id.to_string()),
            Some("x".to_owned())
        );
        assert_eq!(DeckSource::File(dir.path().to_owned()).peek_id(), None);
        assert_eq!(DeckSource::File(dir.path().join("missing")).peek_id(), None);
        for source in bundled() {
            assert!(source.peek_id().is_some(), "{:?}", source.origin());
        }
    }
}
