//! The loader's cost grows linearly with its input: cards, warnings and cloze gaps.

use super::{Origin, load_str};
use crate::scaling::assert_linear;

/// A deck of `n` cards that each draw three warnings (no id, no explain, no source).
fn warned_deck(n: usize) -> String {
    let mut text = String::from("[deck]\nid = \"w\"\ntitle = \"W\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "\n[[card]]\nquestion = \"Question {i}?\"\nanswer = \"a{i}\"\n"
        ));
    }
    text
}

#[test]
fn warnings_cost_linear_time() {
    let loaded = load_str(&warned_deck(10), Origin::File("w.toml".into()));
    assert_eq!(loaded.diagnostics.len(), 30, "three warnings a card");
    assert_linear("loading a deck with 3 warnings a card", 2_000, |n| {
        let text = warned_deck(n);
        let loaded = load_str(&text, Origin::File("w.toml".into()));
        assert_eq!(loaded.diagnostics.len(), 3 * n);
    });
}

/// A deck of `n` cards that each misspell `question` and have a mistyped `tags`.
fn misspelt_deck(n: usize) -> String {
    let mut text = String::from("[deck]\nid = \"m\"\ntitle = \"M\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "\n[[card]]\nquestoin = \"Q{i}?\"\nanswer = \"a\"\ntags = 1\n"
        ));
    }
    text
}

#[test]
fn errors_on_every_card_cost_linear_time() {
    assert_linear("loading a deck with 2 errors a card", 2_000, |n| {
        let loaded = load_str(&misspelt_deck(n), Origin::File("m.toml".into()));
        assert_eq!(
            loaded.diagnostics.len(),
            2 * n,
            "{:?}",
            &loaded.diagnostics[..2]
        );
    });
}
