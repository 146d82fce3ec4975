//! What `recall add` asks, in which order, and how each answer is checked: the card so far is
//! appended to the deck's text and run through the deck loader, and the problems located on the
//! field just entered are reported, so the wizard applies exactly the rules `check` applies.
//! No terminal here: the command asks, this module judges.

use super::edit::{append_cards, render_card};
use super::formats::delimited::{LIST_SEPARATOR, TAG_SEPARATOR};
use super::ids::IdAllocator;
use super::{Entry, Field};
use crate::csv::split_list;
use crate::deck::{Asked, Deck, Diagnostic, Kind, Need, Origin, load_str};

/// The fields the wizard asks for a card of `kind`, in order (the kind itself is asked first).
pub fn steps(kind: Kind) -> Vec<Field> {
    let mut steps = match kind {
        Kind::Cloze => vec![Field::Text, Field::Question],
        Kind::Choice => vec![
            Field::Question,
            Field::Answer,
            Field::Choices,
            Field::Accept,
        ],
        Kind::TrueFalse => vec![Field::Question, Field::Answer],
        Kind::Number => vec![
            Field::Question,
            Field::Answer,
            Field::Tolerance,
            Field::Accept,
        ],
        Kind::Text | Kind::Year => vec![Field::Question, Field::Answer, Field::Accept],
    };
    steps.extend([Field::Explain, Field::Source, Field::Tags]);
    steps
}

/// Whether a field must have a value for a card of `kind`.
pub fn required(kind: Kind, field: Field) -> bool {
    let spec = kind.spec();
    match field {
        Field::Question => spec.question == Need::Required,
        Field::Answer => spec.answer == Need::Required,
        Field::Text => spec.cloze_text,
        Field::Choices => spec.choices,
        Field::Id
        | Field::Kind
        | Field::Accept
        | Field::Tolerance
        | Field::Hint
        | Field::Explain
        | Field::Source
        | Field::Tags => false,
    }
}

/// The required fields of the card that are not among the `given` ones: what is left to ask.
pub fn missing(entry: &Entry, given: &[Field]) -> Vec<Field> {
    [Field::Question, Field::Answer, Field::Text, Field::Choices]
        .into_iter()
        .filter(|&f| required(entry.kind, f) && !given.contains(&f))
        .collect()
}

/// Gives the card an id derived from its question (or cloze text) when it has none, one that
/// no card of `deck` has.
pub fn assign_id(deck: &Deck, entry: &mut Entry) {
    if entry.id.is_none() {
        let mut ids = IdAllocator::new(deck.notes.iter().map(|n| n.id.to_string()));
        entry.id = Some(ids.allocate(entry.basis()));
    }
}

/// What to show when asking for a field.
pub fn prompt(kind: Kind, field: Field) -> &'static str {
    match field {
        Field::Question => match kind {
            Kind::Cloze => "Instruction shown above the sentence (optional)",
            Kind::TrueFalse => "Statement",
            Kind::Text | Kind::Number | Kind::Year | Kind::Choice => "Question",
        },
        Field::Answer => match kind {
            Kind::Year => "Answer (a year, e.g. 1955)",
            Kind::Number => "Answer (a number)",
            Kind::TrueFalse => "Answer (true or false)",
            Kind::Choice => "Answer (it goes among the choices)",
            Kind::Text | Kind::Cloze => "Answer",
        },
        Field::Accept => "Other accepted answers, separated by | (optional)",
        Field::Choices => "Choices, separated by | (the answer is added if you leave it out)",
        Field::Tolerance => "Tolerance: replies within answer ± this are right (optional)",
        Field::Text => "Sentence with gaps, e.g. Pakistan joined {{SEATO}} in {{1954}}",
        Field::Explain => "Explanation shown after answering (optional)",
        Field::Source => "Source: a short verbatim excerpt that proves the answer (optional)",
        Field::Tags => "Tags, separated by spaces (optional)",
        Field::Id => "Id",
        Field::Kind => "Kind",
        Field::Hint => "Hint (optional)",
    }
}

/// Sets a field from what the author typed. Lists are split (`|` for answers and choices,
/// spaces for tags); a tolerance that is not a number is reported.
pub fn set_from_input(entry: &mut Entry, field: Field, input: &str) -> Result<(), String> {
    let input = input.trim();
    let optional = (!input.is_empty()).then(|| input.to_owned());
    match field {
        Field::Question => input.clone_into(&mut entry.question),
        Field::Answer => {
            entry.answer = if entry.kind.spec().asked == Asked::TrueFalse {
                input.to_lowercase()
            } else {
                input.to_owned()
            };
        }
        Field::Accept => entry.accept = split_list(input, LIST_SEPARATOR),
        Field::Choices => entry.choices = split_list(input, LIST_SEPARATOR),
        Field::Tags => entry.tags = split_list(input, TAG_SEPARATOR),
        Field::Text => input.clone_into(&mut entry.text),
        Field::Tolerance => {
            entry.tolerance = match optional {
                None => None,
                Some(text) => Some(
                    crate::text::parse_number(&text)
                        .ok_or_else(|| format!("`{text}` is not a number"))?,
                ),
            };
        }
        Field::Hint => entry.hint = optional,
        Field::Explain => entry.explain = optional,
        Field::Source => entry.source = optional,
        Field::Id => entry.id = optional,
        Field::Kind => {
            entry.kind = input
                .parse()
                .map_err(|()| format!("unknown kind `{input}`"))?;
        }
    }
    Ok(())
}

/// What the wizard does with a field once it is set: the answer of a choice card goes first
/// among its choices when the author leaves it out (as the choices prompt says).
pub fn complete(entry: &mut Entry, field: Field) {
    if field == Field::Choices
        && entry.kind.spec().choices
        && !entry.answer.is_empty()
        && !entry.choices.contains(&entry.answer)
    {
        entry.choices.insert(0, entry.answer.clone());
    }
}

/// One problem of a card, and the field it is about (`None`: the card as a whole).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub field: Option<Field>,
    pub diagnostic: Diagnostic,
}

/// The problems of a card about to be appended to a deck.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Findings {
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

impl Findings {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Checks `entry` as if appended to `deck_text`, writing only the fields in `given` (and its
/// id and kind). With `field`, only the problems located on that field are reported (they
/// depend on the card alone); without, every problem of the card as it would be appended to
/// the deck, including those about the card as a whole (a duplicate id, the answer appearing in
/// the question, a missing explanation).
pub fn check(
    deck_text: &str,
    origin: &Origin,
    entry: &Entry,
    given: &[Field],
    field: Option<Field>,
) -> Findings {
    let mut only: Vec<Field> = given.to_vec();
    only.extend([Field::Id, Field::Kind]);
    let card = render_card(entry, Some(&only));
    let (text, card_lines) = match field {
        Some(_) => {
            // A field's own problems do not depend on the other cards.
            let (text, card_line) = super::lone_card_deck("check", &card.text);
            (text, card_line..u32::MAX)
        }
        None => match append_cards(deck_text, std::slice::from_ref(&restrict(entry, &only))) {
            Ok(text) => {
                let lf = text.replace("\r\n", "\n");
                let first = first_changed_line(&deck_text.replace("\r\n", "\n"), &lf);
                (lf, first..u32::MAX)
            }
            Err(_) => return Findings::default(),
        },
    };
    // Where the card's `[[card]]` header is, when it is written as a table.
    let header_line = text
        .lines()
        .enumerate()
        .skip(usize::try_from(card_lines.start.saturating_sub(1)).unwrap_or(0))
        .find(|(_, line)| *line == "[[card]]")
        .and_then(|(i, _)| u32::try_from(i + 1).ok());
    let loaded = load_str(&text, origin.clone());
    let mut findings = Findings::default();
    for diagnostic in loaded.diagnostics {
        if !card_lines.contains(&diagnostic.line) {
            continue;
        }
        let located = header_line
            .filter(|&h| diagnostic.line >= h)
            .and_then(|h| card.field_at(diagnostic.line - h + 1));
        let wanted = match field {
            Some(field) => located == Some(field),
            None => true,
        };
        if !wanted {
            continue;
        }
        let finding = Finding {
            field: located,
            diagnostic,
        };
        if finding.diagnostic.is_error() {
            findings.errors.push(finding);
        } else {
            findings.warnings.push(finding);
        }
    }
    findings
}

/// The entry with only the given fields.
fn restrict(entry: &Entry, only: &[Field]) -> Entry {
    let mut restricted = Entry {
        kind: entry.kind,
        ..Entry::default()
    };
    for &field in only {
        restricted.set(field, entry.get(field));
    }
    restricted
}

/// The first line (1-based) where `after` differs from `before`.
fn first_changed_line(before: &str, after: &str) -> u32 {
    let same = before
        .lines()
        .zip(after.lines())
        .take_while(|(a, b)| a == b)
        .count();
    u32::try_from(same + 1).unwrap_or(u32::MAX)
}

/// The card as it would be written, for showing before it is appended.
pub fn preview(entry: &Entry) -> String {
    render_card(entry, None).text
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECK: &str = "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[card]]\nid = \"taken\"\nquestion = \"Old?\"\nanswer = \"x\"\n";

    fn origin() -> Origin {
        Origin::File("d.toml".into())
    }

    fn entry(kind: Kind) -> Entry {
        Entry {
            id: Some("new".into()),
            kind,
            ..Entry::default()
        }
    }

    #[test]
    fn a_bad_year_is_reported_on_the_answer() {
        let mut card = entry(Kind::Year);
        card.question = "In which year?".into();
        card.answer = "fifty-five".into();
        let given = [Field::Question, Field::Answer];
        let on_answer = check(DECK, &origin(), &card, &given, Some(Field::Answer));
        assert_eq!(on_answer.errors.len(), 1, "{on_answer:?}");
        assert_eq!(on_answer.errors[0].diagnostic.code, "bad-year");
        assert_eq!(on_answer.errors[0].field, Some(Field::Answer));
        let on_question = check(DECK, &origin(), &card, &given, Some(Field::Question));
        assert!(on_question.is_ok(), "{on_question:?}");
    }

    #[test]
    fn fields_not_yet_asked_are_not_reported() {
        let mut card = entry(Kind::Choice);
        card.question = "Which city?".into();
        card.answer = "Karachi".into();
        let findings = check(
            DECK,
            &origin(),
            &card,
            &[Field::Question, Field::Answer],
            Some(Field::Answer),
        );
        assert!(findings.is_ok(), "{findings:?}");
    }

    #[test]
    fn the_wizard_puts_a_left_out_answer_among_the_choices() {
        let mut card = entry(Kind::Choice);
        card.answer = "Karachi".into();
        set_from_input(&mut card, Field::Choices, "Lahore | Peshawar").expect("list");
        complete(&mut card, Field::Choices);
        assert_eq!(card.choices, ["Karachi", "Lahore", "Peshawar"]);
        complete(&mut card, Field::Choices);
        assert_eq!(card.choices.len(), 3, "added once");
    }

    #[test]
    fn the_answer_must_be_among_the_choices() {
        let mut card = entry(Kind::Choice);
        card.question = "Which city?".into();
        card.answer = "Karachi".into();
        set_from_input(&mut card, Field::Choices, "Lahore | Peshawar").expect("list");
        let given = [Field::Question, Field::Answer, Field::Choices];
        let findings = check(DECK, &origin(), &card, &given, Some(Field::Choices));
        assert_eq!(findings.errors[0].diagnostic.code, "bad-choices");
    }

    #[test]
    fn the_whole_card_check_finds_duplicate_ids_and_warnings() {
        let mut card = entry(Kind::Text);
        card.id = Some("taken".into());
        card.question = "New?".into();
        card.answer = "y".into();
        let findings = check(
            DECK,
            &origin(),
            &card,
            &[Field::Question, Field::Answer],
            None,
        );
        assert_eq!(findings.errors[0].diagnostic.code, "duplicate-id");
        assert_eq!(findings.errors[0].field, None);
        let codes: Vec<&str> = findings
            .warnings
            .iter()
            .map(|f| f.diagnostic.code)
            .collect();
        assert!(codes.contains(&"missing-explain"), "{codes:?}");
    }

    #[test]
    fn a_deck_with_inline_cards_is_checked_as_it_will_be_written() {
        let deck = "card = [{ id = \"a\", question = \"Q?\", answer = \"x\" }]\n\n[deck]\nid = \"d\"\ntitle = \"D\"\n";
        let mut card = entry(Kind::Text);
        card.question = "Q?".into();
        card.answer = "y".into();
        let given = [Field::Question, Field::Answer];
        let on_answer = check(deck, &origin(), &card, &given, Some(Field::Answer));
        assert!(on_answer.is_ok(), "{on_answer:?}");
        let whole = check(deck, &origin(), &card, &given, None);
        assert!(whole.is_ok(), "{whole:?}");
        let codes: Vec<&str> = whole.warnings.iter().map(|f| f.diagnostic.code).collect();
        assert!(codes.contains(&"duplicate-question"), "{codes:?}");
    }

    #[test]
    fn prompts_follow_the_kind() {
        assert_eq!(prompt(Kind::Text, Field::Answer), "Answer");
        assert_eq!(
            prompt(Kind::Choice, Field::Answer),
            "Answer (it goes among the choices)"
        );
        assert_eq!(prompt(Kind::TrueFalse, Field::Question), "Statement");
    }

    #[test]
    fn steps_follow_the_kind() {
        assert_eq!(steps(Kind::Cloze)[0], Field::Text);
        assert!(steps(Kind::Choice).contains(&Field::Choices));
        assert!(!steps(Kind::TrueFalse).contains(&Field::Accept));
        assert!(required(Kind::Text, Field::Answer) && !required(Kind::Cloze, Field::Answer));
    }

    #[test]
    fn input_is_split_into_lists() {
        let mut card = entry(Kind::Text);
        set_from_input(&mut card, Field::Accept, "Alexi | Alexei N.").expect("list");
        set_from_input(&mut card, Field::Tags, "leaders  1958-1971").expect("tags");
        assert_eq!(card.accept, ["Alexi", "Alexei N."]);
        assert_eq!(card.tags, ["leaders", "1958-1971"]);
        assert!(set_from_input(&mut card, Field::Tolerance, "a bit").is_err());
    }

    #[test]
    fn what_is_left_to_ask_follows_the_kind() {
        // (kind, given, missing)
        let cases: [(Kind, &[Field], &[Field]); 5] = [
            (Kind::Text, &[], &[Field::Question, Field::Answer]),
            (Kind::Text, &[Field::Answer], &[Field::Question]),
            (
                Kind::Choice,
                &[Field::Question],
                &[Field::Answer, Field::Choices],
            ),
            (Kind::Cloze, &[], &[Field::Text]),
            (Kind::Cloze, &[Field::Text, Field::Question], &[]),
        ];
        for (kind, given, expected) in cases {
            assert_eq!(missing(&entry(kind), given), expected, "{kind:?} {given:?}");
        }
    }

    #[test]
    fn a_card_without_an_id_gets_a_free_one_from_its_question() {
        let deck = load_str(DECK, origin()).deck.expect("a deck");
        // (id given, question, id after)
        let cases = [
            (Some("mine"), "Taken?", "mine"),
            (None, "Taken?", "taken-2"),
            (None, "Where is Lahore?", "where-is-lahore"),
        ];
        for (id, question, expected) in cases {
            let mut card = Entry {
                id: id.map(str::to_owned),
                question: question.into(),
                ..Entry::default()
            };
            assign_id(&deck, &mut card);
            assert_eq!(card.id.as_deref(), Some(expected), "{question}");
        }
    }
}
