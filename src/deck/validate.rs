//! Validation: the serde mirror becomes a [`Deck`], and every semantic problem a diagnostic.
//! This is the one place where deck rules live; `check`, the loader and the authoring commands
//! all go through it.

mod grading;

use std::ops::Range;
use std::time::Duration;

use hashbrown::HashMap;
use toml::Spanned;

use super::cloze::{Cloze, ClozeError};
use super::context::{Context, Pieces};
use super::diagnostic::did_you_mean;
use super::duration::{days, parse_duration, years};
use super::kind::{Asked, Kind, Need};
use super::model::{CardId, Deck, DeckId, LeechAction, Note, Origin, Schedule, id_basis};
use super::raw::{RawCard, RawDeck, RawSchedule, Scalar};
use crate::text::{
    QUOTED_CHARS, contains_words, excerpt, normalize, normalize_cow, parse_number, parse_year,
};

/// The most choices a card may have (one per letter key).
pub const MAX_CHOICES: usize = 26;

pub(super) fn validate(cx: &mut Context<'_>, raw: Pieces, origin: Origin) -> Option<Deck> {
    let mut deck = Validator::new(cx, raw.deck, raw.cards.len());
    for card in raw.cards {
        deck.card(cx, card);
    }
    deck.finish(cx, origin)
}

/// [`validate`] a card at a time, for a loader that reads a file card by card: the `[deck]`
/// table first, then each card as it is read (and dropped), then the deck-wide rules.
pub(super) struct Validator {
    header: Option<Header>,
    notes: Vec<Note>,
    spans: Vec<Range<usize>>,
    checker: DeckWide,
}

impl Validator {
    /// Validates the `[deck]` table, ready for about `cards` cards.
    pub(super) fn new(
        cx: &mut Context<'_>,
        deck: Option<Spanned<RawDeck>>,
        cards: usize,
    ) -> Validator {
        let header = deck.and_then(|deck| {
            let span = deck.span();
            validate_header(cx, deck.into_inner(), &span)
        });
        Validator {
            header,
            notes: Vec::with_capacity(cards),
            spans: Vec::with_capacity(cards),
            // Sized for the deck up front: a large deck's maps are not grown and rehashed card
            // by card.
            checker: DeckWide {
                ids: TextSet::with_capacity(cards),
                questions: TextSet::with_capacity(cards),
                related: Vec::new(),
            },
        }
    }

    /// Validates the next card of the file.
    pub(super) fn card(&mut self, cx: &mut Context<'_>, card: Spanned<RawCard>) {
        let span = card.span();
        // Found once: the duplicate-id check and the note both need it.
        let line = cx.index.line(span.start);
        // Ids written in the file are checked for duplicates even when the card has other errors.
        if let Some(id) = &card.get_ref().id {
            self.checker
                .add_id(cx, id.get_ref().trim(), true, &span, line);
        }
        let related = card.get_ref().related.clone();
        if let Some((note, question)) =
            validate_card(cx, card.into_inner(), &span, line, self.header.as_ref())
        {
            if !note.explicit_id {
                self.checker
                    .add_id(cx, note.id.as_str(), false, &span, note.line);
            }
            self.checker.add_question(cx, &note, question, &span);
            if let Some(related) = related {
                self.checker.related.push((note.id.clone(), related));
            }
            self.notes.push(note);
            self.spans.push(span);
        }
    }

    /// The deck-wide rules, and the deck when its `[deck]` table was valid.
    pub(super) fn finish(self, cx: &mut Context<'_>, origin: Origin) -> Option<Deck> {
        let Validator {
            header,
            notes,
            spans,
            checker,
        } = self;
        // Without a `related` entry there is nothing to check, and no list of every card id
        // to build.
        if !checker.related.is_empty() {
            checker.check_related(cx, &notes);
        }
        // The maps of every id and question are of no more use: freed before the deck-wide
        // rules, not held beside the finished deck.
        drop(checker);
        let aliases = header.as_ref().map_or(&[][..], |h| &h.aliases);
        // The notes and their spans side by side: pairing them would copy every note twice
        // (megabytes for a large deck) while the deck is being finished.
        grading::check_deck(cx, aliases, &notes, &spans);
        drop(spans);
        let header = header?;
        Some(Deck {
            id: header.id,
            title: header.title,
            description: header.description,
            source: header.source,
            tags: header.tags,
            flip: header.flip,
            schedule: header.schedule,
            aliases: header.aliases.into_iter().map(|a| a.alias).collect(),
            notes,
            origin,
        })
    }
}

/// Validates one card on its own, as the only card of a deck with a valid `[deck]` table and
/// nothing else: the card rules of [`validate_card`] without the deck-wide ones. For checking a
/// card before it is written (`authoring`), without rendering and parsing a one-card deck.
pub(super) fn validate_lone_card(
    cx: &mut Context<'_>,
    raw: RawCard,
    span: &Range<usize>,
) -> Option<Note> {
    let line = cx.line_of(span);
    validate_card(cx, raw, span, line, None).map(|(note, _)| note)
}

struct Header {
    id: DeckId,
    title: String,
    description: Option<String>,
    source: Option<String>,
    tags: Vec<String>,
    flip: bool,
    schedule: Schedule,
    aliases: Vec<grading::LocatedAlias>,
}

fn validate_header(cx: &mut Context<'_>, raw: RawDeck, span: &Range<usize>) -> Option<Header> {
    let id = match raw.id {
        None if cx.misspelt(span, "id") => None,
        None => {
            cx.error(
                &(0..0),
                "missing-key",
                "[deck] has no `id`".into(),
                Some(
                    "add id = \"my-deck\" (lowercase letters, digits and '-') under [deck]".into(),
                ),
            );
            None
        }
        Some(id) => match id.get_ref().parse::<DeckId>() {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                cx.error(
                    &id.span(),
                    "bad-id",
                    format!("deck id `{}` {error}", id.get_ref()),
                    Some(format!("for example id = \"{}\"", suggest_id(id.get_ref()))),
                );
                None
            }
        },
    };
    let title = match raw.title {
        None if cx.misspelt(span, "title") => None,
        None => {
            cx.error(
                &(0..0),
                "missing-key",
                "[deck] has no `title`".into(),
                Some("add title = \"…\" under [deck]".into()),
            );
            None
        }
        Some(title) => non_empty(cx, title, "the deck title"),
    };
    let tags = tags(cx, raw.tags);
    let schedule = validate_schedule(cx, raw.schedule.unwrap_or_default());
    let aliases = grading::aliases(cx, raw.aliases);
    Some(Header {
        id: id?,
        title: title?,
        description: optional_text(raw.description),
        source: optional_text(raw.source),
        tags,
        flip: raw.flip.unwrap_or(false),
        schedule: schedule?,
        aliases,
    })
}

/// What two cards have in common when they ask the same question (the `duplicate-question`
/// warning): the normalized question, or for a cloze card its text with the gaps filled in.
pub fn question_key(cloze: Option<&Cloze>, question: &str) -> String {
    match cloze {
        Some(cloze) => normalize(&cloze.render_filled()),
        None => normalize(question),
    }
}

/// A valid id in the spirit of an invalid one, for hints.
pub fn suggest_id(text: &str) -> String {
    let mut id = String::new();
    for c in crate::text::normalize(text).chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
        if id.len() >= 48 {
            break;
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "my-deck".to_owned()
    } else {
        id.to_owned()
    }
}

fn validate_schedule(cx: &mut Context<'_>, raw: RawSchedule) -> Option<Schedule> {
    let defaults = Schedule::default();
    let retention = match raw.retention {
        None => Some(defaults.retention),
        Some(value) => {
            let r = *value.get_ref();
            let range = f64::from(Schedule::MIN_RETENTION)..=f64::from(Schedule::MAX_RETENTION);
            if range.contains(&r) {
                #[allow(clippy::cast_possible_truncation)]
                Some(r as f32)
            } else {
                cx.error(
                    &value.span(),
                    "bad-retention",
                    format!("retention {r} is outside 0.7–0.99"),
                    Some(
                        "0.9 means a 90% chance of remembering a card when it is due; \
                         higher means more reviews"
                            .into(),
                    ),
                );
                None
            }
        }
    };
    let mut steps = |raw: Option<Spanned<Vec<Spanned<String>>>>, default: &[Duration]| match raw {
        None => Some(default.to_vec()),
        Some(list) => {
            let mut parsed = Vec::new();
            let mut all_ok = true;
            for step in list.into_inner() {
                match duration(cx, &step, Duration::from_secs(1), years(1)) {
                    Some(d) => parsed.push(d),
                    None => all_ok = false,
                }
            }
            all_ok.then_some(parsed)
        }
    };
    let learning_steps = steps(raw.learning_steps, &defaults.learning_steps);
    let relearning_steps = steps(raw.relearning_steps, &defaults.relearning_steps);
    let max_interval = match &raw.max_interval {
        None => Some(defaults.max_interval),
        Some(value) => duration(cx, value, days(1), years(1000)),
    };
    let new_per_day = limit(
        cx,
        raw.new_per_day,
        defaults.new_per_day,
        Schedule::MAX_NEW_PER_DAY,
    );
    let reviews_per_day = limit(
        cx,
        raw.reviews_per_day,
        defaults.reviews_per_day,
        Schedule::MAX_REVIEWS_PER_DAY,
    );
    let leech_lapses = match raw.leech_lapses {
        None => Some(defaults.leech_lapses),
        Some(value) => match u32::try_from(*value.get_ref()) {
            Ok(n) if (1..=Schedule::MAX_LEECH_LAPSES).contains(&n) => Some(n),
            _ => {
                cx.error(
                    &value.span(),
                    "bad-limit",
                    format!(
                        "leech_lapses {} is outside 1–{}",
                        value.get_ref(),
                        Schedule::MAX_LEECH_LAPSES
                    ),
                    Some("a card becomes a leech after this many lapses (default 8)".into()),
                );
                None
            }
        },
    };
    let leech_action = match raw.leech_action {
        None => Some(defaults.leech_action),
        Some(value) => match value.get_ref().as_str() {
            "suspend" => Some(LeechAction::Suspend),
            "tag" => Some(LeechAction::Tag),
            other => {
                cx.error(
                    &value.span(),
                    "bad-leech-action",
                    format!("leech_action `{other}` is neither `suspend` nor `tag`"),
                    Some(
                        "\"suspend\" takes a leech out of study until `recall unsuspend`; \
                         \"tag\" only marks it"
                            .into(),
                    ),
                );
                None
            }
        },
    };
    Some(Schedule {
        retention: retention?,
        learning_steps: learning_steps?,
        relearning_steps: relearning_steps?,
        new_per_day: new_per_day?,
        reviews_per_day: reviews_per_day?,
        max_interval: max_interval?,
        fuzz: raw.fuzz.unwrap_or(defaults.fuzz),
        leech_lapses: leech_lapses?,
        leech_action: leech_action?,
    })
}

fn duration(
    cx: &mut Context<'_>,
    value: &Spanned<String>,
    min: Duration,
    max: Duration,
) -> Option<Duration> {
    let text = value.get_ref();
    match parse_duration(text) {
        Ok(d) if d >= min && d <= max => Some(d),
        Ok(_) => {
            cx.error(
                &value.span(),
                "bad-duration",
                format!(
                    "duration `{text}` is outside {}–{}",
                    super::duration::format_duration(min),
                    super::duration::format_duration(max)
                ),
                Some("write a duration such as \"10m\", \"1h30m\" or \"3d\"".into()),
            );
            None
        }
        Err(error) => {
            cx.error(
                &value.span(),
                "bad-duration",
                format!("duration `{text}` {error}"),
                Some(
                    "write a whole number and a unit: s, m (minutes), h, d, w or y, \
                     e.g. \"10m\" or \"1h30m\""
                        .into(),
                ),
            );
            None
        }
    }
}

fn limit(cx: &mut Context<'_>, raw: Option<Spanned<i64>>, default: u32, max: u32) -> Option<u32> {
    let Some(value) = raw else {
        return Some(default);
    };
    match u32::try_from(*value.get_ref()) {
        Ok(n) if n <= max => Some(n),
        _ => {
            cx.error(
                &value.span(),
                "bad-limit",
                format!("{} is outside 0–{max}", value.get_ref()),
                Some("a daily limit is a whole number of cards; 0 means none".into()),
            );
            None
        }
    }
}

fn optional_text(value: Option<Spanned<String>>) -> Option<String> {
    value
        .map(|v| trimmed(v.into_inner()))
        .filter(|v| !v.is_empty())
}

/// `text` without leading and trailing whitespace, in its own buffer: most text has none, and
/// every card's question, answer and notes pass here, so they are kept rather than copied.
pub(super) fn trimmed(mut text: String) -> String {
    let end = text.trim_end().len();
    text.truncate(end);
    let start = text.len() - text.trim_start().len();
    if start > 0 {
        text.drain(..start);
    }
    text
}

fn non_empty(cx: &mut Context<'_>, value: Spanned<String>, what: &str) -> Option<String> {
    let span = value.span();
    let text = trimmed(value.into_inner());
    if text.is_empty() {
        cx.error(
            &span,
            "empty",
            format!("{what} is empty"),
            Some("write some text between the quotes".into()),
        );
        None
    } else {
        Some(text)
    }
}

fn tags(cx: &mut Context<'_>, raw: Option<Vec<Spanned<String>>>) -> Vec<String> {
    let mut tags = Vec::new();
    for tag in raw.unwrap_or_default() {
        if let Some(tag) = non_empty(cx, tag, "a tag")
            && !tags.contains(&tag)
        {
            tags.push(tag);
        }
    }
    tags
}

fn scalar_list(cx: &mut Context<'_>, raw: Vec<Spanned<Scalar>>, what: &str) -> Vec<String> {
    raw.into_iter()
        .filter_map(|item| {
            let span = item.span();
            non_empty(cx, Spanned::new(span, item.into_inner().0), what)
        })
        .collect()
}

fn parse_kind(cx: &mut Context<'_>, raw: Option<Spanned<String>>) -> Option<Kind> {
    let Some(raw) = raw else {
        return Some(Kind::Text);
    };
    if let Ok(kind) = raw.get_ref().trim().parse::<Kind>() {
        return Some(kind);
    }
    let text = raw.get_ref().trim().to_lowercase();
    let alias = match text.as_str() {
        "bool" | "boolean" | "true_false" | "true-false" | "true/false" | "tf" | "yesno" => {
            Some("truefalse")
        }
        "mcq" | "multiple" | "multiple-choice" | "multiple_choice" | "multichoice" | "options" => {
            Some("choice")
        }
        "date" => Some("year"),
        "int" | "integer" | "float" | "numeric" => Some("number"),
        "string" | "free" | "typed" => Some("text"),
        "fill" | "gap" | "blank" => Some("cloze"),
        _ => None,
    };
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    let hint = match alias.or_else(|| did_you_mean(&text, &names)) {
        Some(kind) => format!("did you mean kind = \"{kind}\"?"),
        None => format!("use one of: {}", names.join(", ")),
    };
    cx.error(
        &raw.span(),
        "bad-kind",
        format!("unknown card kind `{}`", raw.get_ref()),
        Some(hint),
    );
    None
}

fn not_applicable(cx: &mut Context<'_>, span: &Range<usize>, key: &str, kind: Kind, hint: &str) {
    cx.error(
        span,
        "not-applicable",
        format!("`{key}` does not apply to a {kind} card"),
        Some(hint.to_owned()),
    );
}

#[allow(clippy::too_many_lines)]
fn validate_card(
    cx: &mut Context<'_>,
    raw: RawCard,
    span: &Range<usize>,
    line: u32,
    header: Option<&Header>,
) -> Option<(Note, Option<String>)> {
    let errors_before = cx.error_count();
    let kind = parse_kind(cx, raw.kind);
    let kind_or_text = kind.unwrap_or_default();
    let spec = kind.map(Kind::spec);
    let is_cloze = spec.is_some_and(|s| s.cloze_text);
    let question_optional = spec.is_some_and(|s| s.question == Need::Optional);
    let answer_absent = spec.is_some_and(|s| s.answer == Need::Absent);

    // The prompt.
    let question = match raw.question {
        Some(q) if question_optional => optional_text(Some(q)).unwrap_or_default(),
        Some(q) => non_empty(cx, q, "the question").unwrap_or_default(),
        None if question_optional || cx.misspelt(span, "question") => String::new(),
        None => {
            cx.error(
                span,
                "missing-key",
                "this card has no `question`".into(),
                Some("add question = \"…\"".into()),
            );
            String::new()
        }
    };

    // The cloze text.
    let cloze = match (raw.text, is_cloze) {
        (Some(text), true) => match Cloze::parse(text.get_ref().trim()) {
            Ok(cloze) => Some(cloze),
            Err(error @ ClozeError::TooManyGaps { .. }) => {
                cx.error(
                    &text.span(),
                    "too-many-gaps",
                    format!("the cloze text {error}"),
                    Some(
                        "split the text into several cloze cards, each with its own id and fewer \
                         gaps"
                            .into(),
                    ),
                );
                None
            }
            Err(error) => {
                cx.error(
                    &text.span(),
                    "bad-cloze",
                    format!("the cloze text {error}"),
                    Some(
                        "mark each gap as {{answer}}, {{answer|alternative}} or {{answer::hint}}"
                            .into(),
                    ),
                );
                None
            }
        },
        (None, true) if cx.misspelt(span, "text") => None,
        (None, true) => {
            cx.error(
                span,
                "missing-key",
                "this cloze card has no `text`".into(),
                Some("add text = \"… {{answer}} …\" with each gap in double braces".into()),
            );
            None
        }
        (Some(text), false) => {
            not_applicable(
                cx,
                &text.span(),
                "text",
                kind_or_text,
                "only cloze cards have a `text`; use `question` and `answer`, or kind = \"cloze\"",
            );
            None
        }
        (None, false) => None,
    };

    // The answer.
    let answer = match (raw.answer, answer_absent) {
        (Some(answer), true) => {
            not_applicable(
                cx,
                &answer.span(),
                "answer",
                kind_or_text,
                "a cloze card's answers are its {{gaps}}; remove `answer`",
            );
            String::new()
        }
        (None, true) => String::new(),
        (None, false) if cx.misspelt(span, "answer") => String::new(),
        (None, false) => {
            cx.error(
                span,
                "missing-key",
                "this card has no `answer`".into(),
                Some("add answer = \"…\"".into()),
            );
            String::new()
        }
        (Some(answer), false) => {
            let answer_span = answer.span();
            let text = trimmed(answer.into_inner().0);
            if text.is_empty() {
                cx.error(
                    &answer_span,
                    "empty",
                    "the answer is empty".into(),
                    Some("write the expected answer between the quotes".into()),
                );
            } else if let Some(kind) = kind {
                check_answer_for_kind(cx, kind, &text, &answer_span);
            }
            if spec.is_some_and(|s| s.asked == Asked::TrueFalse) {
                text.to_lowercase()
            } else {
                text
            }
        }
    };

    // Accepted alternatives.
    let accept = match raw.accept {
        Some(list) if !list.is_empty() && spec.is_some_and(|s| !s.accept) => {
            let hint = if is_cloze {
                "write alternatives inside the gap: {{answer|alternative}}"
            } else {
                "true/false cards accept y/n, yes/no and t/f already"
            };
            not_applicable(cx, &list[0].span(), "accept", kind_or_text, hint);
            Vec::new()
        }
        Some(list) => scalar_list(cx, list, "an accepted answer"),
        None => Vec::new(),
    };

    // Choices.
    let choices = match raw.choices {
        Some(list) if spec.is_some_and(|s| s.choices) => {
            let list_span = list.span();
            let choices = scalar_list(cx, list.into_inner(), "a choice");
            check_choices(cx, &choices, &answer, &list_span);
            choices
        }
        Some(list) if !list.get_ref().is_empty() => {
            not_applicable(
                cx,
                &list.span(),
                "choices",
                kind_or_text,
                "only choice cards have choices; add kind = \"choice\" or remove `choices`",
            );
            Vec::new()
        }
        None if spec.is_some_and(|s| s.choices) && !cx.misspelt(span, "choices") => {
            cx.error(
                span,
                "missing-key",
                "this choice card has no `choices`".into(),
                Some("add choices = [\"…\", \"…\"] including the answer".into()),
            );
            Vec::new()
        }
        Some(_) | None => Vec::new(),
    };

    // Tolerance.
    let tolerance = match raw.tolerance {
        Some(t) if !spec.is_some_and(|s| s.tolerance) => {
            not_applicable(
                cx,
                &t.span(),
                "tolerance",
                kind_or_text,
                "only number cards have a tolerance; use kind = \"number\"",
            );
            None
        }
        Some(t) => {
            let value = *t.get_ref();
            if value.is_finite() && value >= 0.0 {
                Some(value)
            } else {
                cx.error(
                    &t.span(),
                    "bad-tolerance",
                    format!("tolerance {value} must be zero or positive"),
                    Some("a reply within answer ± tolerance is right, e.g. tolerance = 0.5".into()),
                );
                None
            }
        }
        None => None,
    };

    let tags = tags(cx, raw.tags);
    // Ids that do not parse are reported, with their place, by `DeckWide::check_related`.
    let related = raw.related.map(|list| {
        list.iter()
            .filter_map(|id| id.get_ref().trim().parse::<CardId>().ok())
            .collect()
    });
    let (person, known_as) = grading::person(cx, kind, raw.person, raw.known_as);
    let hint = optional_text(raw.hint);
    let explain = optional_text(raw.explain);
    let source = optional_text(raw.source);

    // The id, explicit or derived from the question.
    let (id, explicit_id) = if let Some(id) = raw.id {
        let written = id.get_ref().trim();
        match CardId::check(written) {
            // The text is taken as the id, not copied.
            Ok(()) if !written.contains('.') => {
                (Some(CardId::from_checked(trimmed(id.into_inner()))), true)
            }
            Ok(()) | Err(_) => {
                let reason = id
                    .get_ref()
                    .trim()
                    .parse::<CardId>()
                    .err()
                    .map_or_else(|| "may not contain `.`".to_owned(), |e| e.to_string());
                cx.error(
                    &id.span(),
                    "bad-id",
                    format!("card id `{}` {reason}", id.get_ref()),
                    Some(format!(
                        "for example id = \"{}\"",
                        suggest_id(id.get_ref()).replace('.', "-")
                    )),
                );
                (None, true)
            }
        }
    } else {
        let basis = id_basis(cloze.as_ref(), &question);
        let derived = header
            .filter(|_| !basis.is_empty())
            .map(|h| CardId::derived(&h.id, basis));
        if let Some(derived) = &derived {
            cx.warning(
                span,
                "missing-id",
                format!("this card has no `id`; its progress is kept under `{derived}`"),
                Some(
                    "editing the question will then reset its progress; add id = \"…\" \
                     (`recall fmt` adds ids to every card)"
                        .into(),
                ),
            );
        }
        (derived, false)
    };

    let errors_after = cx.error_count();
    // A misspelt required key was reported as an unknown key; the card is still unusable.
    let misspelt_required = ["question", "answer", "text", "choices"]
        .iter()
        .any(|key| cx.misspelt(span, key));
    if errors_after > errors_before || misspelt_required {
        return None;
    }
    let note = Note {
        id: id?,
        explicit_id,
        kind: kind?,
        question,
        answer,
        accept,
        choices,
        tolerance,
        cloze,
        hint,
        explain,
        source,
        tags,
        related,
        person,
        known_as,
        line,
    };
    let question = warn_about_note(cx, &note, span);
    Some((note, question))
}

fn check_answer_for_kind(cx: &mut Context<'_>, kind: Kind, answer: &str, span: &Range<usize>) {
    match kind {
        Kind::Year if parse_year(answer).is_some() => {}
        Kind::Year => cx.error(
            span,
            "bad-year",
            format!("`{answer}` is not a year"),
            Some(
                "a year card's answer is one to four digits, e.g. answer = \"1955\"; \
                 use kind = \"text\" for anything else"
                    .into(),
            ),
        ),
        Kind::Number if parse_number(answer).is_some() => {}
        Kind::Number => cx.error(
            span,
            "bad-number",
            format!("`{answer}` is not a number"),
            Some(
                "write a plain number such as \"42\", \"2.5\" or \"1,000\" and put units in \
                 the question"
                    .into(),
            ),
        ),
        Kind::TrueFalse if matches!(answer.to_lowercase().as_str(), "true" | "false") => {}
        Kind::TrueFalse => cx.error(
            span,
            "bad-truefalse",
            format!("a true/false card's answer must be true or false, not `{answer}`"),
            Some("write answer = true or answer = false".into()),
        ),
        // Any non-empty text will do.
        Kind::Text | Kind::Choice | Kind::Cloze => {}
    }
}

fn check_choices(cx: &mut Context<'_>, choices: &[String], answer: &str, span: &Range<usize>) {
    if choices.len() < 2 || choices.len() > MAX_CHOICES {
        cx.error(
            span,
            "bad-choices",
            format!(
                "a choice card needs 2 to {MAX_CHOICES} choices, this one has {}",
                choices.len()
            ),
            Some("list the answer and a few plausible wrong options".into()),
        );
    }
    let mut seen: HashMap<String, &str> = HashMap::new();
    for choice in choices {
        if let Some(first) = seen.insert(normalize(choice), choice) {
            cx.error(
                span,
                "bad-choices",
                format!("the choices `{first}` and `{choice}` are the same"),
                Some("make each choice distinct; typed replies could not tell them apart".into()),
            );
        }
    }
    if answer.is_empty() {
        return;
    }
    let count = choices.iter().filter(|c| c.as_str() == answer).count();
    if count == 0 {
        let names: Vec<&str> = choices.iter().map(String::as_str).collect();
        let hint = match did_you_mean(answer, &names) {
            Some(close) => format!(
                "the answer must be one of the choices, written the same; did you mean `{close}`?"
            ),
            // In double quotes (as it would be written in the file), so cut here: the bound of
            // quoted values applies to backquotes only.
            None => format!("add \"{}\" to the choices", excerpt(answer, QUOTED_CHARS)),
        };
        cx.error(
            span,
            "bad-choices",
            format!("the answer `{answer}` is not among the choices"),
            Some(hint),
        );
    }
}

/// Warnings about a note taken on its own. Returns the note's question normalized when it was
/// (a note without gaps, not true/false): its [`question_key`], not worked out twice.
fn warn_about_note(cx: &mut Context<'_>, note: &Note, span: &Range<usize>) -> Option<String> {
    let mut normalized = None;
    if note.kind.spec().asked != Asked::TrueFalse {
        // The question already normalized (the note's is kept for the duplicate check).
        let gives_away = |question: &str, answer: &str| {
            let answer = normalize_cow(answer);
            !answer.is_empty() && contains_words(question, &answer)
        };
        // A note without gaps is one card with the note's question and answer: asked of the
        // note, without copying it into a card.
        let given_away = match &note.cloze {
            None => {
                let question = normalized.insert(normalize(&note.question));
                gives_away(question, &note.answer).then(|| note.answer.clone())
            }
            Some(_) => note
                .cards()
                .into_iter()
                .find(|card| gives_away(&normalize(&card.question), &card.answer))
                .map(|card| card.answer),
        };
        if let Some(answer) = given_away {
            cx.warning(
                span,
                "answer-in-question",
                format!("the answer `{answer}` appears in its own question"),
                Some("reword the question so it does not give the answer away".into()),
            );
        }
    }
    if note.kind.spec().choices {
        let count = note.choices.len();
        let looks_like_key = |text: &str| {
            let text = text.trim();
            let number = text
                .parse::<usize>()
                .is_ok_and(|n| (1..=count).contains(&n));
            let letter = text.len() == 1
                && text.chars().next().is_some_and(|c| {
                    c.is_ascii_alphabetic()
                        && (c.to_ascii_lowercase() as usize) < ('a' as usize) + count
                });
            number || letter
        };
        if let Some(option) = note.choices.iter().find(|c| looks_like_key(c)) {
            cx.warning(
                span,
                "ambiguous-choices",
                format!("the option `{option}` looks like an option number or letter"),
                Some(
                    "on the study screen keys pick options by place, but a typed reply such as \
                     `2` (in scripts, pipes or `recall answer`) is read as the option's text"
                        .into(),
                ),
            );
        }
    }
    if note.explain.is_none() {
        cx.warning(
            span,
            "missing-explain",
            "this card has no `explain`".into(),
            Some("add explain = \"…\": a sentence of context shown after answering".into()),
        );
    }
    if note.source.is_none() {
        cx.warning(
            span,
            "missing-source",
            "this card has no `source`".into(),
            Some(
                "add source = \"…\": a short excerpt of the material that proves the answer".into(),
            ),
        );
    }
    normalized
}

/// Checks across the notes of one deck: duplicate ids, duplicate questions and `related` lists
/// that name no card of the deck.
#[derive(Default)]
struct DeckWide {
    /// Each id with the line of its card.
    ids: TextSet,
    /// Each normalized question with the line of its card.
    questions: TextSet,
    /// Each note's `related` entries as written, with their places.
    related: Vec<(CardId, Vec<Spanned<String>>)>,
}

impl DeckWide {
    /// Warns about `related` entries that are not the id of another card of the deck (a note,
    /// or one gap of a cloze note): the entry is ignored, so the relation the author meant is
    /// missing.
    fn check_related(&self, cx: &mut Context<'_>, notes: &[Note]) {
        let mut known: Vec<String> = Vec::new();
        for note in notes {
            known.push(note.id.to_string());
            if note.cloze.is_some() {
                known.extend(note.cards().into_iter().map(|card| card.id.to_string()));
            }
        }
        let names: Vec<&str> = known.iter().map(String::as_str).collect();
        let lookup: std::collections::HashSet<&str> = names.iter().copied().collect();
        for (owner, entries) in &self.related {
            for entry in entries {
                let written = entry.get_ref().trim();
                let suggest = || {
                    did_you_mean(written, &names).map_or_else(
                        || "name other cards of this deck, e.g. related = [\"cento-year\"]".into(),
                        |near| format!("did you mean `{near}`?"),
                    )
                };
                let problem = match written.parse::<CardId>() {
                    Err(error) => Some((
                        format!("`{written}` is not a card id: it {error}"),
                        suggest(),
                    )),
                    Ok(id) if id.note_part() == owner.as_str() => Some((
                        format!("`{written}` is this card itself"),
                        "remove it: the gaps of one cloze card are kept apart already".into(),
                    )),
                    Ok(_) if !lookup.contains(written) => Some((
                        format!("no card of this deck has the id `{written}`"),
                        suggest(),
                    )),
                    Ok(_) => None,
                };
                if let Some((problem, hint)) = problem {
                    cx.warning(
                        &entry.span(),
                        "unknown-related",
                        format!("{problem} (in `related`, ignored)"),
                        Some(hint),
                    );
                }
            }
        }
    }

    /// Records the id of the card at `span` (on `line`), or reports it taken.
    fn add_id(
        &mut self,
        cx: &mut Context<'_>,
        id: &str,
        explicit: bool,
        span: &Range<usize>,
        line: u32,
    ) {
        let Some(first) = self.ids.first_or_insert(id, line) else {
            return;
        };
        let hint = if explicit {
            format!("the id is first used on line {first}; give each card its own id")
        } else {
            format!(
                "this card and the one on line {first} ask the same question without ids; \
                 give each an id"
            )
        };
        cx.error(
            span,
            "duplicate-id",
            format!("duplicate card id `{id}`"),
            Some(hint),
        );
    }

    /// Records the question of `note` (its [`question_key`] when already worked out), or warns
    /// that an earlier card asks it.
    fn add_question(
        &mut self,
        cx: &mut Context<'_>,
        note: &Note,
        key: Option<String>,
        span: &Range<usize>,
    ) {
        let line = note.line;
        let question = key.unwrap_or_else(|| question_key(note.cloze.as_ref(), &note.question));
        if question.is_empty() {
            return;
        }
        let Some(first) = self.questions.first_or_insert(&question, line) else {
            return;
        };
        cx.warning(
            span,
            "duplicate-question",
            "this card asks the same question as the card on line ".to_owned() + &first.to_string(),
            Some("merge the two cards, or reword one so they differ".into()),
        );
    }
}

/// A set of texts, each with the line where it was first met: the texts one after another in
/// one buffer and a table of where each lies, rather than a map of strings. A deck of 10,000
/// cards records 20,000 ids and questions; copied one by one they were as many allocations, and
/// as many frees once the deck was checked.
#[derive(Default)]
struct TextSet {
    texts: String,
    /// (where the text starts in `texts`, its length, its line).
    table: hashbrown::HashTable<(usize, usize, u32)>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl TextSet {
    fn with_capacity(texts: usize) -> TextSet {
        TextSet {
            table: hashbrown::HashTable::with_capacity(texts),
            ..TextSet::default()
        }
    }

    /// The line recorded with `text` when it is already in the set; otherwise records it with
    /// `line`.
    fn first_or_insert(&mut self, text: &str, line: u32) -> Option<u32> {
        use std::hash::BuildHasher;
        let TextSet {
            texts,
            table,
            hasher,
        } = self;
        let at = |&(start, len, _): &(usize, usize, u32)| texts.get(start..start + len);
        let hash = hasher.hash_one(text);
        if let Some(&(_, _, first)) = table.find(hash, |entry| at(entry) == Some(text)) {
            return Some(first);
        }
        let start = texts.len();
        texts.push_str(text);
        let rehash = |&(start, len, _): &(usize, usize, u32)| {
            hasher.hash_one(texts.get(start..start + len).unwrap_or_default())
        };
        table.insert_unique(hash, (start, text.len(), line), rehash);
        None
    }
}
