//! The deck keys that tune grading: `[deck.aliases]`, and a card's `person` and `known_as`.
//! Their deck-wide rules (an alias must not be another card's answer) need every note, so they
//! are checked once the cards are read.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::super::kind::Asked;
use super::super::model::{Alias, Kind, Note};
use super::super::raw::{AliasForms, RawAliases};
use crate::deck::context::Context;
use crate::text::{QUOTED_CHARS, contains_words, excerpt, normalize};

/// An alias group with where it was written, for the deck-wide checks.
pub(in crate::deck) struct LocatedAlias {
    pub alias: Alias,
    pub phrase_span: Range<usize>,
    /// One span per form of `alias.forms`.
    pub form_spans: Vec<Range<usize>>,
}

/// Reads `[deck.aliases]`: every phrase and alias must say something, and no phrase or alias may
/// appear twice (it would stand for two things at once).
pub(in crate::deck) fn aliases(cx: &mut Context<'_>, raw: Option<RawAliases>) -> Vec<LocatedAlias> {
    let mut groups: Vec<LocatedAlias> = Vec::new();
    // Every phrase and alias seen, normalized, with the phrase of its group.
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut entries = raw.map(|raw| raw.0).unwrap_or_default();
    // The TOML reader gives a table's keys sorted; the author's order is the order written.
    entries.sort_by_key(|(phrase, _)| phrase.span().start);
    for (phrase, forms) in entries {
        let phrase_span = phrase.span();
        let phrase = phrase.into_inner().trim().to_owned();
        let key = normalize(&phrase);
        if key.is_empty() {
            cx.error(
                &phrase_span,
                "empty",
                "an aliased phrase is empty".into(),
                Some("write the phrase as it appears in answers, e.g. \"United States\"".into()),
            );
            continue;
        }
        if let Some(first) = seen.get(&key) {
            cx.error(
                &phrase_span,
                "duplicate-alias",
                format!("`{phrase}` is already listed in [deck.aliases] (under `{first}`)"),
                Some("list each phrase once, with all its aliases in one array".into()),
            );
            continue;
        }
        seen.insert(key.clone(), phrase.clone());
        let forms_span = forms.span();
        let forms: Vec<Spanned<String>> = match forms.into_inner() {
            AliasForms::One(form) => vec![Spanned::new(forms_span.clone(), form)],
            AliasForms::Many(forms) => forms,
        };
        if forms.is_empty() {
            cx.warning(
                &forms_span,
                "empty",
                format!("`{phrase}` has no aliases"),
                // Double quotes are not cut as quoted values are: cut here.
                Some(format!(
                    "write \"{}\" = [\"…\"] or remove the line",
                    excerpt(&phrase, QUOTED_CHARS)
                )),
            );
        }
        let mut group = LocatedAlias {
            alias: Alias {
                phrase: phrase.clone(),
                forms: Vec::new(),
            },
            phrase_span: phrase_span.clone(),
            form_spans: Vec::new(),
        };
        for form in forms {
            let span = form.span();
            let form = form.into_inner().trim().to_owned();
            let form_key = normalize(&form);
            if form_key.is_empty() {
                cx.error(
                    &span,
                    "empty",
                    format!("an alias of `{phrase}` is empty"),
                    Some("write some text between the quotes, or remove it".into()),
                );
                continue;
            }
            if form_key == key {
                cx.warning(
                    &span,
                    "redundant-alias",
                    format!("`{form}` is `{phrase}` itself"),
                    Some("case, accents and punctuation are ignored anyway; remove it".into()),
                );
                continue;
            }
            if let Some(other) = seen.get(&form_key) {
                cx.error(
                    &span,
                    "duplicate-alias",
                    format!("`{form}` is already an alias or phrase of `{other}`"),
                    Some("an alias can stand for one phrase only; keep it in one group".into()),
                );
                continue;
            }
            seen.insert(form_key, phrase.clone());
            group.alias.forms.push(form);
            group.form_spans.push(span);
        }
        groups.push(group);
    }
    groups
}

/// "only text, choice and cloze cards can have a person's name as their answer", from the kinds'
/// specs.
fn person_hint() -> String {
    let names: Vec<&str> = Kind::ALL
        .into_iter()
        .filter(|kind| kind.spec().person)
        .map(Kind::as_str)
        .collect();
    let listed = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_owned(),
        None => String::new(),
    };
    format!("only {listed} cards can have a person's name as their answer")
}

/// Reads a card's `person` and `known_as`: they apply to answers that can be names
/// (`Spec::person`: text, choice and cloze cards, where they apply to every gap), and `known_as` says the answer is a
/// person, so it cannot go with `person = false`.
pub(in crate::deck) fn person(
    cx: &mut Context<'_>,
    kind: Option<Kind>,
    person: Option<Spanned<bool>>,
    known_as: Option<Vec<Spanned<String>>>,
) -> (Option<bool>, Vec<String>) {
    // An unknown kind is reported once, by the kind check.
    let applies = kind.is_none_or(|kind| kind.spec().person);
    let kind = kind.unwrap_or_default();
    let person = match person {
        Some(flag) if !applies => {
            cx.error(
                &flag.span(),
                "not-applicable",
                format!("`person` does not apply to a {kind} card"),
                Some(person_hint()),
            );
            None
        }
        Some(flag) => Some(flag),
        None => None,
    };
    let mut names = Vec::new();
    let known_as = known_as.unwrap_or_default();
    if let Some(first) = known_as.first() {
        if !applies {
            cx.error(
                &first.span(),
                "not-applicable",
                format!("`known_as` does not apply to a {kind} card"),
                Some(person_hint()),
            );
        } else if let Some(flag) = person.as_ref().filter(|flag| !*flag.get_ref()) {
            cx.error(
                &flag.span(),
                "bad-known-as",
                "this card has `known_as` but says person = false".into(),
                Some("`known_as` lists the names a person is known by; remove one of them".into()),
            );
        } else {
            for name in known_as {
                let span = name.span();
                let text = name.into_inner().trim().to_owned();
                if normalize(&text).is_empty() {
                    cx.error(
                        &span,
                        "empty",
                        "a `known_as` name is empty".into(),
                        Some("write the short name, e.g. known_as = [\"Zia\"]".into()),
                    );
                } else if !names.contains(&text) {
                    names.push(text);
                }
            }
        }
    }
    (person.map(Spanned::into_inner), names)
}

/// The deck-wide rules: an alias must not be an answer of a card that does not also answer to
/// its phrase (a reply meant for that card would count for another), aliases should be used, and
/// a `known_as` name should not be another card's answer.
pub(in crate::deck) fn check_deck(
    cx: &mut Context<'_>,
    aliases: &[LocatedAlias],
    notes: &[Note],
    spans: &[Range<usize>],
) {
    // Both rules compare aliases and `known_as` names with the deck's answers: a deck with
    // neither (most decks, and every large one seen so far) has nothing to compare.
    if aliases.is_empty() && notes.iter().all(|note| note.known_as.is_empty()) {
        return;
    }
    // Every answer and accepted answer of every card, normalized, with the card and its note.
    let mut answers: Vec<(String, usize, String)> = Vec::new();
    for (index, note) in notes.iter().enumerate() {
        if note.kind.spec().asked == Asked::TrueFalse {
            continue;
        }
        let mut add = |answer: &str, accept: &[String]| {
            let own = normalize(answer);
            for form in std::iter::once(answer).chain(accept.iter().map(String::as_str)) {
                let form = normalize(form);
                if !form.is_empty() {
                    answers.push((form, index, own.clone()));
                }
            }
        };
        match &note.cloze {
            // A note without gaps is one card with the note's answers: read from the note,
            // without copying it into a card.
            None => add(&note.answer, &note.accept),
            Some(cloze) => {
                for gap in cloze.gaps() {
                    add(&gap.answer, &gap.accept);
                }
            }
        }
    }
    for group in aliases {
        let phrase = normalize(&group.alias.phrase);
        let members: Vec<String> = std::iter::once(phrase.clone())
            .chain(group.alias.forms.iter().map(|form| normalize(form)))
            .collect();
        let used = answers
            .iter()
            .any(|(form, _, _)| members.iter().any(|member| contains_words(form, member)));
        if !used {
            cx.warning(
                &group.phrase_span,
                "unused-alias",
                format!(
                    "no answer in this deck contains `{}` or one of its aliases",
                    group.alias.phrase
                ),
                Some("aliases apply to answers; check the spelling or remove the line".into()),
            );
        }
        for (form, span) in group.alias.forms.iter().zip(&group.form_spans) {
            let key = normalize(form);
            let conflict = answers.iter().find(|(answer, index, own)| {
                *answer == key && {
                    // A card that itself answers to the phrase agrees with the alias.
                    let card_forms = answers.iter().filter(|(_, other, _)| other == index);
                    !contains_words(own, &phrase)
                        && !card_forms.clone().any(|(other, _, _)| *other == phrase)
                }
            });
            if let Some((_, index, _)) = conflict {
                let note = &notes[*index];
                cx.error(
                    span,
                    "alias-conflict",
                    format!(
                        "the alias `{form}` of `{}` is an answer of card `{}` (line {})",
                        group.alias.phrase, note.id, note.line
                    ),
                    Some(format!(
                        "a reply `{form}` would then count for `{}` too; remove the alias, or \
                         accept `{}` on that card if both mean the same",
                        group.alias.phrase, group.alias.phrase
                    )),
                );
            }
        }
    }
    check_known_as(cx, notes, spans, &answers);
}

/// Warns about a `known_as` name that is also the answer of a card about someone else.
fn check_known_as(
    cx: &mut Context<'_>,
    notes: &[Note],
    spans: &[Range<usize>],
    answers: &[(String, usize, String)],
) {
    for (index, (note, span)) in notes.iter().zip(spans).enumerate() {
        if note.known_as.is_empty() {
            continue;
        }
        let own = normalize(&note.answer);
        for name in &note.known_as {
            let key = normalize(name);
            let clash = answers
                .iter()
                .find(|(form, other, answer)| *form == key && *other != index && *answer != own);
            if let Some((_, other, _)) = clash {
                let other = &notes[*other];
                cx.warning(
                    span,
                    "ambiguous-known-as",
                    format!(
                        "`{name}` (known_as) is also an answer of card `{}` (line {})",
                        other.id, other.line
                    ),
                    Some(
                        "a short name shared by two people cannot tell them apart; \
                         remove it from known_as"
                            .into(),
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::deck::{Alias, Origin, Severity, load_str};

    const HEADER: &str = "[deck]\nid = \"d\"\ntitle = \"D\"\n";

    #[test]
    fn the_person_hint_names_the_kinds_whose_answer_may_be_a_person() {
        assert_eq!(
            super::person_hint(),
            "only text, choice and cloze cards can have a person's name as their answer"
        );
    }

    /// A diagnostic's severity, code, line and column.
    type Found = (Severity, &'static str, u32, u32);

    /// Every diagnostic about grading keys.
    fn diagnostics(text: &str) -> Vec<Found> {
        let ignored = ["missing-explain", "missing-source", "missing-id"];
        load_str(text, Origin::File("t.toml".into()))
            .diagnostics
            .iter()
            .filter(|d| !ignored.contains(&d.code))
            .map(|d| (d.severity, d.code, d.line, d.column))
            .collect()
    }

    fn card(id: &str, answer: &str, extra: &str) -> String {
        format!("[[card]]\nid = \"{id}\"\nquestion = \"Q {id}?\"\nanswer = \"{answer}\"\n{extra}")
    }

    #[test]
    fn aliases_load_in_the_order_written() {
        let text = format!(
            "{HEADER}[deck.aliases]\n\"United States\" = [\"America\", \"U.S.\"]\n\
             \"United Kingdom\" = \"Britain\"\n{}{}",
            card("a", "United States", ""),
            card("b", "United Kingdom", "")
        );
        let loaded = load_str(&text, Origin::File("t.toml".into()));
        let deck = loaded.deck.expect("valid");
        assert_eq!(
            deck.aliases,
            [
                Alias {
                    phrase: "United States".into(),
                    forms: vec!["America".into(), "U.S.".into()],
                },
                Alias {
                    phrase: "United Kingdom".into(),
                    forms: vec!["Britain".into()],
                },
            ]
        );
        let serialized = crate::deck::to_toml(&deck).expect("serializes");
        let again = load_str(&serialized, Origin::File("t.toml".into()));
        assert_eq!(again.deck.expect("valid").aliases, deck.aliases);
    }

    #[test]
    fn person_and_known_as_load_onto_the_cards() {
        let text = format!(
            "{HEADER}{}{}",
            card(
                "zia",
                "Muhammad Zia-ul-Haq",
                "person = true\nknown_as = [\"Zia\", \"Zia\"]\n"
            ),
            card("city", "Karachi", "person = false\n")
        );
        let deck = load_str(&text, Origin::File("t.toml".into()))
            .deck
            .expect("valid");
        let cards: Vec<_> = deck.cards().collect();
        assert_eq!(cards[0].person, Some(true));
        assert_eq!(cards[0].known_as, ["Zia"], "repeats are dropped");
        assert_eq!(cards[1].person, Some(false));
        assert!(cards[1].known_as.is_empty());
    }

    #[test]
    fn grading_keys_are_validated_with_their_positions() {
        use Severity::{Error, Warning};
        let cases: Vec<(&str, String, Vec<Found>)> = vec![
            (
                "an alias that is another card's answer",
                format!(
                    "{HEADER}[deck.aliases]\n\"Soviet Union\" = [\"USSR\", \"Russia\"]\n{}{}",
                    card("a", "Soviet Union", ""),
                    card("b", "Russian Federation", "accept = [\"Russia\"]\n")
                ),
                vec![(Error, "alias-conflict", 5, 27)],
            ),
            (
                "a card that answers to the phrase agrees with its alias",
                format!(
                    "{HEADER}[deck.aliases]\n\"United States\" = [\"USA\"]\n{}{}",
                    card("a", "United States", ""),
                    card("b", "USA", "accept = [\"United States\"]\n")
                ),
                vec![],
            ),
            (
                "a phrase listed twice",
                format!(
                    "{HEADER}[deck.aliases]\n\"United States\" = \"USA\"\n\"united states\" = \"America\"\n{}",
                    card("a", "United States", "")
                ),
                vec![(Error, "duplicate-alias", 6, 1)],
            ),
            (
                "an alias in two groups",
                format!(
                    "{HEADER}[deck.aliases]\n\"United States\" = \"US\"\n\"Soviet Union\" = [\"us\"]\n{}{}",
                    card("a", "United States", ""),
                    card("b", "Soviet Union", "")
                ),
                vec![(Error, "duplicate-alias", 6, 19)],
            ),
            (
                "an empty alias and an alias equal to its phrase",
                format!(
                    "{HEADER}[deck.aliases]\n\"United States\" = [\" \", \"united-states\"]\n{}",
                    card("a", "United States", "")
                ),
                vec![(Error, "empty", 5, 20), (Warning, "redundant-alias", 5, 25)],
            ),
            (
                "an alias no answer uses",
                format!(
                    "{HEADER}[deck.aliases]\n\"United States\" = \"USA\"\n{}",
                    card("a", "Karachi", "")
                ),
                vec![(Warning, "unused-alias", 5, 1)],
            ),
            (
                "an alias value of the wrong type",
                format!(
                    "{HEADER}[deck.aliases]\n\"United States\" = 3\n{}",
                    card("a", "United States", "")
                ),
                vec![(Error, "wrong-type", 5, 19)],
            ),
            (
                "person on a year card",
                format!(
                    "{HEADER}[[card]]\nid = \"y\"\nkind = \"year\"\nquestion = \"Q?\"\nanswer = 1955\nperson = true\n"
                ),
                vec![(Error, "not-applicable", 9, 10)],
            ),
            (
                "known_as on a cloze card applies to its gaps",
                format!(
                    "{HEADER}[[card]]\nid = \"c\"\nkind = \"cloze\"\ntext = \"{{{{Zia}}}} died.\"\nknown_as = [\"Zia\"]\n"
                ),
                vec![],
            ),
            (
                "known_as on a true/false card",
                format!(
                    "{HEADER}[[card]]\nid = \"t\"\nkind = \"truefalse\"\nquestion = \"Q?\"\nanswer = true\nknown_as = [\"Zia\"]\n"
                ),
                vec![(Error, "not-applicable", 9, 13)],
            ),
            (
                "known_as with person = false",
                format!(
                    "{HEADER}{}",
                    card("z", "Zia-ul-Haq", "person = false\nknown_as = [\"Zia\"]\n")
                ),
                vec![(Error, "bad-known-as", 8, 10)],
            ),
            (
                "an empty known_as name",
                format!("{HEADER}{}", card("z", "Zia-ul-Haq", "known_as = [\"\"]\n")),
                vec![(Error, "empty", 8, 13)],
            ),
            (
                "known_as that is another person's answer",
                format!(
                    "{HEADER}{}{}",
                    card("z", "Zia-ul-Haq", "known_as = [\"Bhutto\"]\n"),
                    card("b", "Bhutto", "")
                ),
                vec![(Warning, "ambiguous-known-as", 4, 1)],
            ),
            (
                "person given as a string",
                format!("{HEADER}{}", card("z", "Zia", "person = \"yes\"\n")),
                vec![(Error, "wrong-type", 8, 10)],
            ),
        ];
        for (name, text, expected) in cases {
            assert_eq!(diagnostics(&text), expected, "{name}\n{text}");
        }
    }
}
