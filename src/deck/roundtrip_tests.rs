//! Property: any valid deck survives load → serialize → load unchanged.

use std::time::Duration;

use proptest::prelude::*;

use super::*;

/// Text as a deck author writes it: printable, trimmed, never empty.
fn text() -> impl Strategy<Value = String> {
    "[\\PC&&[^{}|]]{1,24}".prop_filter_map("trimmed, non-empty", |s| {
        let trimmed = s.trim().to_owned();
        (!trimmed.is_empty() && trimmed == s).then_some(trimmed)
    })
}

fn tags() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::btree_set("[a-z][a-z0-9-]{0,8}", 0..3)
        .prop_map(|s| s.into_iter().collect())
}

fn optional_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

#[derive(Debug, Clone)]
enum Body {
    Text(String, Vec<String>),
    Number(String, Option<f64>),
    Year(String),
    Choice(Vec<String>, usize),
    TrueFalse(bool),
    Cloze(Vec<String>, Vec<(String, Option<String>)>),
}

fn body() -> impl Strategy<Value = Body> {
    prop_oneof![
        (text(), proptest::collection::vec(text(), 0..3)).prop_map(|(a, acc)| Body::Text(a, acc)),
        (
            "-?[1-9][0-9]{0,5}(\\.[0-9]{1,3})?",
            proptest::option::of(0.0f64..100.0)
        )
            .prop_map(|(n, t)| Body::Number(n, t)),
        "-?[1-9][0-9]{0,3}".prop_map(Body::Year),
        (
            proptest::collection::btree_set("[A-Za-z][a-z]{2,10}", 2..6),
            any::<prop::sample::Index>()
        )
            .prop_filter_map("distinct after normalizing", |(choices, index)| {
                let choices: Vec<String> = choices.into_iter().collect();
                let mut normalized: Vec<String> =
                    choices.iter().map(|c| crate::text::normalize(c)).collect();
                normalized.sort();
                normalized.dedup();
                (normalized.len() == choices.len()).then(|| {
                    let i = index.index(choices.len());
                    Body::Choice(choices, i)
                })
            }),
        any::<bool>().prop_map(Body::TrueFalse),
        (
            proptest::collection::vec("[a-z ,.]{0,12}", 1..4),
            proptest::collection::vec(
                (
                    "[A-Za-z0-9][A-Za-z0-9 ]{0,8}[A-Za-z0-9]",
                    proptest::option::of("[a-z]{1,6}")
                ),
                1..4
            )
        )
            .prop_map(|(parts, gaps)| Body::Cloze(parts, gaps)),
    ]
}

/// A card's `person` and `known_as`: known names only where a person is not denied.
fn person() -> impl Strategy<Value = (Option<bool>, Vec<String>)> {
    (
        proptest::option::of(any::<bool>()),
        proptest::collection::btree_set(text(), 0..3),
    )
        .prop_map(|(person, names)| {
            let names = if person == Some(false) {
                Vec::new()
            } else {
                names
                    .into_iter()
                    .filter(|name| !crate::text::normalize(name).is_empty())
                    .collect()
            };
            (person, names)
        })
}

/// `[deck.aliases]`: phrases and aliases that are all different once normalized.
fn aliases() -> impl Strategy<Value = Vec<Alias>> {
    proptest::collection::vec((text(), proptest::collection::vec(text(), 1..3)), 0..3).prop_map(
        |groups| {
            let mut seen = std::collections::HashSet::new();
            let mut aliases = Vec::new();
            for (phrase, forms) in groups {
                let key = crate::text::normalize(&phrase);
                if key.is_empty() || !seen.insert(key) {
                    continue;
                }
                let forms: Vec<String> = forms
                    .into_iter()
                    .filter(|form| {
                        let key = crate::text::normalize(form);
                        !key.is_empty() && seen.insert(key)
                    })
                    .collect();
                if !forms.is_empty() {
                    aliases.push(Alias { phrase, forms });
                }
            }
            aliases
        },
    )
}

fn note(
    index: usize,
    body: Body,
    question: String,
    extras: (Option<String>, Option<String>, Option<String>, Vec<String>),
    person: (Option<bool>, Vec<String>),
) -> Note {
    let (hint, explain, source, tags) = extras;
    let mut note = Note {
        id: format!("card-{index}").parse().expect("valid id"),
        explicit_id: true,
        kind: Kind::Text,
        question,
        answer: String::new(),
        accept: Vec::new(),
        choices: Vec::new(),
        tolerance: None,
        cloze: None,
        hint,
        explain,
        source,
        tags,
        related: None,
        person: None,
        known_as: Vec::new(),
        line: 0,
    };
    let names = |note: &mut Note| (note.person, note.known_as) = person;
    match body {
        Body::Text(answer, accept) => {
            note.answer = answer;
            note.accept = accept;
            names(&mut note);
        }
        Body::Number(answer, tolerance) => {
            note.kind = Kind::Number;
            note.answer = answer;
            note.tolerance = tolerance;
        }
        Body::Year(answer) => {
            note.kind = Kind::Year;
            note.answer = answer;
        }
        Body::Choice(choices, index) => {
            note.kind = Kind::Choice;
            note.answer = choices[index].clone();
            note.choices = choices;
            names(&mut note);
        }
        Body::TrueFalse(answer) => {
            note.kind = Kind::TrueFalse;
            note.answer = answer.to_string();
        }
        Body::Cloze(parts, gaps) => {
            note.kind = Kind::Cloze;
            let mut text = String::new();
            for (i, (answer, hint)) in gaps.iter().enumerate() {
                text.push_str(&parts[i % parts.len()]);
                text.push_str("{{");
                text.push_str(answer);
                if let Some(hint) = hint {
                    text.push_str("::");
                    text.push_str(hint);
                }
                text.push_str("}}");
            }
            text.push('.');
            note.cloze = Some(Cloze::parse(text.trim()).expect("generated cloze is valid"));
        }
    }
    note
}

fn schedule() -> impl Strategy<Value = Schedule> {
    (
        70u32..=99,
        proptest::collection::vec(1u64..=86_400, 0..3),
        proptest::collection::vec(1u64..=86_400, 0..2),
        0u32..=10_000,
        0u32..=100_000,
        1u64..=36_500,
        any::<bool>(),
        (1u32..=30, any::<bool>()),
    )
        .prop_map(
            |(r, learning, relearning, new, reviews, max_days, fuzz, (leech, tag))| Schedule {
                #[allow(clippy::cast_precision_loss)]
                retention: r as f32 / 100.0,
                learning_steps: learning.into_iter().map(Duration::from_secs).collect(),
                relearning_steps: relearning.into_iter().map(Duration::from_secs).collect(),
                new_per_day: new,
                reviews_per_day: reviews,
                max_interval: duration::days(max_days),
                fuzz,
                leech_lapses: leech,
                leech_action: if tag {
                    LeechAction::Tag
                } else {
                    LeechAction::Suspend
                },
            },
        )
}

fn deck() -> impl Strategy<Value = Deck> {
    (
        "[a-z][a-z0-9-]{0,20}",
        text(),
        optional_text(),
        optional_text(),
        tags(),
        any::<bool>(),
        schedule(),
        aliases(),
        proptest::collection::vec(
            (
                body(),
                text(),
                (optional_text(), optional_text(), optional_text(), tags()),
                person(),
            ),
            0..8,
        ),
        // Each note's `related`: absent, empty (opted out) or naming other notes.
        proptest::collection::vec(
            proptest::option::of(proptest::collection::vec(0usize..8, 0..3)),
            8,
        ),
    )
        .prop_map(
            |(id, title, description, source, tags, flip, schedule, aliases, notes, related)| {
                let count = notes.len();
                let mut notes: Vec<Note> = notes
                    .into_iter()
                    .enumerate()
                    .map(|(i, (body, question, extras, person))| {
                        note(i, body, question, extras, person)
                    })
                    .collect();
                for (i, note) in notes.iter_mut().enumerate() {
                    note.related = related[i].as_ref().map(|others| {
                        others
                            .iter()
                            .filter(|&&j| j < count && j != i)
                            .map(|j| format!("card-{j}").parse().expect("valid id"))
                            .collect()
                    });
                }
                // An alias that is some card's answer is an error (`alias-conflict`): a valid
                // deck has none.
                let answers: std::collections::HashSet<String> = notes
                    .iter()
                    .flat_map(Note::cards)
                    .flat_map(|card| {
                        std::iter::once(card.answer.clone()).chain(card.accept.clone())
                    })
                    .map(|form| crate::text::normalize(&form))
                    .collect();
                let aliases = aliases
                    .into_iter()
                    .filter_map(|mut alias| {
                        alias
                            .forms
                            .retain(|form| !answers.contains(&crate::text::normalize(form)));
                        (!alias.forms.is_empty()).then_some(alias)
                    })
                    .collect();
                Deck {
                    id: id.parse().expect("valid deck id"),
                    title,
                    description,
                    source,
                    tags,
                    flip,
                    schedule,
                    aliases,
                    notes,
                    origin: Origin::File("roundtrip.toml".into()),
                }
            },
        )
}

fn without_lines(mut deck: Deck) -> Deck {
    for note in &mut deck.notes {
        note.line = 0;
    }
    deck
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_valid_deck_survives_serialize_and_load(deck in deck()) {
        let text = to_toml(&deck).expect("a valid deck serializes");
        let loaded = load_str(&text, Origin::File("roundtrip.toml".into()));
        let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "{errors:?}\n{text}");
        let reloaded = loaded.deck.expect("no errors, so a deck");
        prop_assert_eq!(without_lines(reloaded), deck, "{}", text);
    }

    #[test]
    fn loading_arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = load_str(&text, Origin::File("fuzz.toml".into()));
    }

    #[test]
    fn loading_near_valid_decks_never_panics(deck in deck(), cut in 0usize..2000) {
        let text = to_toml(&deck).expect("a valid deck serializes");
        let cut = text.char_indices().map(|(i, _)| i).find(|&i| i >= cut).unwrap_or(text.len());
        let _ = load_str(&text[..cut], Origin::File("cut.toml".into()));
    }
}
