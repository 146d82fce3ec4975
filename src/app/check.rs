//! What `recall check` finds beside the loader's rules: each deck file checked in turn (loaded,
//! validated, its reveals worked out, handed over, dropped) so memory follows one file, not the
//! collection; and with the review history, the cards whose answer changed since they were
//! last reviewed.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::sync;
use crate::deck::{Deck, Diagnostic, Severity, reveals};
use crate::store::Catalog;

/// One deck file as `check` hands it over.
#[derive(Debug)]
pub struct Checked {
    /// How many cards the deck has; 0 when it did not load or its id is taken.
    pub cards: usize,
    /// The deck itself, kept only when asked (`keep_decks`) and it loaded with an id of its own.
    pub deck: Option<Deck>,
    /// Its diagnostics in the order they are printed: the loader's, a duplicate id, the reveals.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the deck files found at `paths` (or by default from `cwd`) one at a time and hands
/// each to `each` in the files' order, the problems of discovery first (as a file of their
/// own). One file is worked on at a time, the next while `each` takes the last (never two
/// files' decks and reveals at once: memory follows one file). A deck whose id an earlier file
/// already uses gets a `duplicate-id` error and is not checked further. Decks are dropped
/// before they are handed over unless `keep_decks` (for `--history`). Returns how many deck
/// files were found.
pub fn check_each(
    paths: &[PathBuf],
    cwd: &Path,
    keep_decks: bool,
    mut each: impl FnMut(Checked) -> Result<()>,
) -> Result<usize> {
    // A window of one: the next file is worked on while the last is printed, and never two
    // files' parses at once.
    sync::load_each(paths, cwd, 1, reveals::diagnostics, |deck, diagnostics| {
        let cards = deck.as_ref().map_or(0, |deck| deck.notes.len());
        each(Checked {
            cards,
            deck: deck.filter(|_| keep_decks),
            diagnostics,
        })
    })
}

/// Adds to a deck's `diagnostics` a warning for each card whose answer differs from the one it
/// had when last reviewed, before the notes (warnings come before notes). A history that cannot
/// be read adds nothing: decks are still checked.
pub fn add_changed_answers<S: Catalog>(store: &S, deck: &Deck, diagnostics: &mut Vec<Diagnostic>) {
    let at = diagnostics
        .iter()
        .position(|d| d.severity == Severity::Note)
        .unwrap_or(diagnostics.len());
    diagnostics.splice(at..at, changed_answers(store, deck));
}

/// Warnings for the cards of `deck` whose answer differs from the one they had when last
/// reviewed.
pub fn changed_answers<S: Catalog>(store: &S, deck: &Deck) -> Vec<Diagnostic> {
    let Ok(reviewed) = store.answers_when_last_reviewed(&deck.id) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for card in deck.cards() {
        if let Some(old) = reviewed.get(&card.id)
            && old != &card.answer
        {
            found.push(Diagnostic {
                file: deck.origin.to_string(),
                line: card.line.max(1),
                column: 1,
                severity: Severity::Warning,
                code: "answer-changed",
                message: format!(
                    "the answer of `{}` changed since it was last reviewed (it was `{old}`)",
                    card.id
                ),
                hint: Some(
                    "its review history is kept; give it a new id instead if it is now a \
                         different question"
                        .into(),
                ),
            });
        }
    }
    found
}

/// The error when `paths` hold no deck file at all.
pub fn nothing_found(paths: &[PathBuf]) -> Diagnostic {
    let place = paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    Diagnostic {
        file: place,
        line: 1,
        column: 1,
        severity: Severity::Error,
        code: "not-found",
        message: "no deck files (*.toml) found".into(),
        hint: Some("pass a deck file or a directory containing decks".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{deck, scope, store_with};
    use crate::scheduler::{CardState, Purpose, Rating};
    use crate::store::ReviewRecord;

    const BEFORE: &str = "[deck]\nid = \"d\"\ntitle = \"D\"\n\
        [[card]]\nid = \"kept\"\nquestion = \"Q1?\"\nanswer = \"one\"\n\
        [[card]]\nid = \"changed\"\nquestion = \"Q2?\"\nanswer = \"two\"\n\
        [[card]]\nid = \"new\"\nquestion = \"Q3?\"\nanswer = \"three\"\n";

    fn found(severity: Severity, code: &'static str) -> Diagnostic {
        Diagnostic {
            file: "d.toml".into(),
            line: 1,
            column: 1,
            severity,
            code,
            message: String::new(),
            hint: None,
        }
    }

    #[test]
    fn changed_answers_are_warned_about_before_the_notes() {
        let scope = scope("2026-03-01T12:00:00Z");
        let before = deck(BEFORE);
        let (mut store, _) = store_with(&[&before], &scope);
        // `kept` and `changed` were reviewed; `new` never was.
        let reviews: Vec<ReviewRecord> = before
            .cards()
            .filter(|card| card.id.as_str() != "new")
            .map(|card| ReviewRecord {
                profile: scope.profile.clone(),
                deck: before.id.clone(),
                card: card.id.clone(),
                at: scope.now.plus_days(-1),
                rating: Rating::Good,
                answer: None,
                expected: card.answer.clone(),
                verdict: None,
                correct: true,
                duration_ms: None,
                purpose: Purpose::Study,
                before: CardState::default(),
                after: None,
                elapsed_days: None,
                session: None,
            })
            .collect();
        store.record_batch(&reviews).expect("history");
        let after = deck(
            &BEFORE
                .replace("answer = \"two\"", "answer = \"deux\"")
                .replace("answer = \"three\"", "answer = \"trois\""),
        );
        // (diagnostics before, codes after)
        let cases: [(Vec<Diagnostic>, &[&str]); 3] = [
            (vec![], &["answer-changed"]),
            (
                vec![found(Severity::Note, "n1"), found(Severity::Note, "n2")],
                &["answer-changed", "n1", "n2"],
            ),
            (
                vec![found(Severity::Warning, "w"), found(Severity::Note, "n")],
                &["w", "answer-changed", "n"],
            ),
        ];
        for (mut diagnostics, expected) in cases {
            add_changed_answers(&store, &after, &mut diagnostics);
            let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
            assert_eq!(codes, expected);
        }
        let found = changed_answers(&store, &after);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "the answer of `changed` changed since it was last reviewed (it was `two`)"
        );
        assert_eq!((found[0].line, found[0].severity), (8, Severity::Warning));
        assert!(changed_answers(&store, &before).is_empty());
    }

    #[test]
    fn files_are_handed_over_in_order_with_duplicate_ids_and_broken_files() {
        let dir = tempfile::TempDir::new().expect("a folder");
        let card = |id: &str| {
            format!("[[card]]\nid = \"{id}\"\nquestion = \"Q {id}?\"\nanswer = \"A {id}\"\n")
        };
        let files = [
            (
                "a.toml",
                format!(
                    "[deck]\nid = \"x\"\ntitle = \"X\"\n{}{}",
                    card("p"),
                    card("q")
                ),
            ),
            (
                "b.toml",
                "[deck]\nid = \"x\"\ntitle = \"Again\"\n".to_owned() + &card("r"),
            ),
            ("c.toml", "[deck\nid = ".to_owned()),
            (
                "d.toml",
                "[deck]\nid = \"y\"\ntitle = \"Y\"\n".to_owned() + &card("s"),
            ),
        ];
        for (name, text) in &files {
            std::fs::write(dir.path().join(name), text).expect("a deck file");
        }
        for keep in [false, true] {
            let mut handed = Vec::new();
            let found = check_each(&[dir.path().to_path_buf()], dir.path(), keep, |checked| {
                let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code).collect();
                let file = checked
                    .diagnostics
                    .first()
                    .map(|d| d.file.rsplit('/').next().unwrap_or_default().to_owned());
                handed.push((
                    checked.cards,
                    checked.deck.map(|d| d.id.to_string()),
                    codes,
                    file,
                ));
                Ok(())
            })
            .expect("checked");
            assert_eq!(found, 4);
            let kept = |id: &str| keep.then(|| id.to_owned());
            assert_eq!(handed.len(), 4, "{handed:?}");
            assert_eq!((handed[0].0, handed[0].1.clone()), (2, kept("x")));
            assert_eq!(
                (
                    handed[1].0,
                    handed[1].1.clone(),
                    handed[1].2.last().copied()
                ),
                (0, None, Some("duplicate-id"))
            );
            assert_eq!(handed[1].3.as_deref(), Some("b.toml"));
            assert_eq!((handed[2].0, handed[2].1.clone()), (0, None));
            assert_eq!(handed[2].3.as_deref(), Some("c.toml"));
            assert!(!handed[2].2.is_empty());
            assert_eq!((handed[3].0, handed[3].1.clone()), (1, kept("y")));
        }
    }

    #[test]
    fn nothing_found_names_every_path() {
        let found = nothing_found(&["a".into(), "b/c".into()]);
        assert_eq!(
            (found.file.as_str(), found.code, found.severity),
            ("a, b/c", "not-found", Severity::Error)
        );
    }
}
