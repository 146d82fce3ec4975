//! Typed text replies: the order in which the rules are tried, from the exact answer to a typo,
//! and the close verdict for a reply that has the answer's head but not the word that tells it
//! apart ("nuclear power plant" for "a commercial nuclear power plant").
//!
//! Every rule compares the reply with the card's own accepted forms; none may make right a
//! reply that is another card's answer (or another option of a choice card), or one that spells
//! another card's answer differently.

use super::acronyms::{self, Word};
use super::aliases::Aliases;
use super::context::DeckContext;
use super::people::{self, Decision, Person, Rivals};
use super::{MAX_TYPO_LEN, OtherAnswers, Outcome, Rule, comparable, number_words, spelling};
use super::{typo_budget, wording};
use crate::deck::Card;

/// A text in the forms the rules compare, each stage folding more.
#[derive(Debug, Clone)]
pub(super) struct Canon {
    /// Normalized (`comparable`).
    pub norm: String,
    /// Numbers in words as digits.
    pub digits: String,
    /// Plain wording: function words dropped, singular, common synonyms folded.
    pub plain: String,
    /// Spelling key of the plain wording.
    pub key: String,
}

impl Canon {
    pub fn new(norm: &str) -> Canon {
        let digits = number_words::digits(norm);
        let plain = wording::plain(&digits);
        let key = spelling::key(&plain);
        Canon {
            norm: norm.to_owned(),
            digits,
            plain,
            key,
        }
    }
}

/// One accepted form of a card.
#[derive(Debug, Clone)]
pub(super) struct Form {
    /// As the deck writes it (for an aliased form: the deck form it comes from).
    pub text: String,
    /// How it is accepted: the answer, an accepted answer, or through an alias.
    pub rule: Rule,
    pub canon: Canon,
    /// Whether `text` is this form as written (not a form reached through an alias, known only
    /// normalized): then its capitals tell its acronyms.
    pub written: bool,
}

impl Form {
    /// Its words for the acronym rule.
    fn words(&self) -> Vec<Word> {
        if self.written {
            acronyms::deck_words(&self.text)
        } else {
            acronyms::plain_words(&self.canon.norm)
        }
    }
}

/// The accepted forms of a card: its answer, its `accept` entries, `more` forms accepted for the
/// same answer elsewhere in the deck and, through the deck's aliases, what each of them stands
/// for.
pub(super) fn forms(card: &Card, more: &[String], aliases: Option<&Aliases>) -> Vec<Form> {
    let own = std::iter::once((&card.answer, Rule::Answer))
        .chain(card.accept.iter().map(|form| (form, Rule::Accepted)))
        .chain(more.iter().map(|form| (form, Rule::Accepted)));
    let mut forms: Vec<Form> = Vec::new();
    for (text, rule) in own {
        let norm = comparable(text);
        if forms.iter().any(|f| f.canon.norm == norm) {
            continue;
        }
        forms.push(Form {
            text: text.clone(),
            rule,
            written: true,
            canon: Canon::new(&norm),
        });
    }
    if let Some(aliases) = aliases.filter(|a| !a.is_empty()) {
        let mut aliased = Vec::new();
        for form in &forms {
            for norm in aliases.expand(&form.canon.norm) {
                if forms
                    .iter()
                    .chain(&aliased)
                    .all(|f: &Form| f.canon.norm != norm)
                {
                    aliased.push(Form {
                        text: form.text.clone(),
                        rule: Rule::Alias,
                        written: false,
                        canon: Canon::new(&norm),
                    });
                }
            }
        }
        forms.extend(aliased);
    }
    forms
}

/// Everything a text reply is judged against besides its card's forms.
pub(super) struct Setting<'a> {
    pub card: &'a Card,
    pub others: &'a dyn OtherAnswers,
    pub deck: Option<&'a DeckContext>,
    /// Comparable texts of a choice card's other options.
    pub rivals: Vec<String>,
    /// A choice card's other options as written.
    pub rival_texts: Vec<&'a str>,
    /// Whether typos are forgiven (not for a number card compared as text).
    pub typos: bool,
    /// The person the answer names, if it is a name.
    pub person: Option<Person>,
}

/// Grades a typed text reply against `forms` (the answer first).
pub(super) fn grade(forms: &[Form], reply: &str, setting: &Setting<'_>) -> Outcome {
    let typed = comparable(reply);
    if typed.is_empty() {
        return Outcome::Wrong;
    }
    if let Some(form) = forms.iter().find(|f| f.canon.norm == typed) {
        return Outcome::right(form, Vec::new());
    }
    if is_someone_elses(&typed, setting) {
        return Outcome::Wrong;
    }
    if !setting.typos {
        return Outcome::Wrong;
    }
    if let Some(outcome) = derived(forms, reply, &typed, setting) {
        return outcome;
    }
    // Words the question itself uses may be repeated around the answer ("Peshawar city" for
    // "Which city…?", "Premier Kosygin" for "Which Soviet premier…?").
    if let Some(rest) = without_question_words(&typed, forms, &setting.card.question)
        && let Some(outcome) = derived(forms, &rest, &rest, setting)
    {
        return outcome.with(Rule::QuestionWords);
    }
    Outcome::Wrong
}

/// Whether `typed` is another card's answer (or another option): never right, never a typo.
fn is_someone_elses(typed: &str, setting: &Setting<'_>) -> bool {
    if setting.rivals.iter().any(|r| r == typed) {
        return true;
    }
    match setting.deck {
        Some(deck) => deck.is_foreign_form(typed, setting.card),
        None => setting.others.contains(typed),
    }
}

/// The rules beyond the exact answer, in order; `None` when none applies.
fn derived(forms: &[Form], reply: &str, typed: &str, setting: &Setting<'_>) -> Option<Outcome> {
    let canon = Canon::new(typed);
    if let Some(form) = forms.iter().find(|f| f.canon.norm == canon.norm) {
        return Some(Outcome::right(form, Vec::new()));
    }
    // The same once numbers, wording and spelling are folded.
    for form in forms {
        if let Some(rule) = same_canon(&canon, &form.canon) {
            return Some(Outcome::right(form, vec![rule]));
        }
    }
    // The reply spells another card's answer or option differently: it means that one.
    if let Some(deck) = setting.deck
        && deck.is_foreign_key(&canon.key, setting.card)
    {
        return Some(Outcome::Wrong);
    }
    if setting
        .rivals
        .iter()
        .any(|r| !canon.key.is_empty() && Canon::new(r).key == canon.key)
    {
        return Some(Outcome::Wrong);
    }
    // People's names. A close reading waits for the typo rule: a misspelt accepted form (a
    // surname the author accepts alone) is a typo of it, not a question.
    let mut close = None;
    if let Some(person) = &setting.person {
        match decide_name(reply, person, setting) {
            Decision::Right(rules) => return Some(Outcome::right(&forms[0], rules)),
            Decision::Typo(rules) => return Some(Outcome::typo(&forms[0], rules)),
            Decision::Close(rules, prompt) => {
                close = Some(Outcome::close(&forms[0], rules, prompt));
            }
            Decision::Wrong => return Some(Outcome::Wrong),
            Decision::Unknown => {}
        }
    }
    // Acronyms and expansions.
    let words = acronyms::plain_words(&canon.digits);
    for form in forms {
        if let Some(rule) = acronyms::matches(&words, &form.words()) {
            let rival = setting
                .rival_texts
                .iter()
                .any(|text| acronyms::matches(&words, &acronyms::deck_words(text)).is_some());
            if rival {
                return Some(Outcome::Wrong);
            }
            return Some(Outcome::right(form, vec![rule]));
        }
    }
    if let Some(outcome) = typo(forms, &canon, setting) {
        return Some(outcome);
    }
    if close.is_some() {
        return close;
    }
    if setting.person.is_none() {
        return partial(forms, &canon);
    }
    None
}

/// The first stage at which two texts agree, as the rule that made them agree.
fn same_canon(reply: &Canon, form: &Canon) -> Option<Rule> {
    let agree = |a: &str, b: &str| !a.is_empty() && a == b;
    if agree(&reply.digits, &form.digits) {
        Some(Rule::NumberWords)
    } else if agree(&reply.plain, &form.plain) {
        Some(Rule::Wording)
    } else if agree(&reply.key, &form.key) {
        Some(Rule::Spelling)
    } else {
        None
    }
}

fn decide_name(reply: &str, person: &Person, setting: &Setting<'_>) -> Decision {
    // A choice card's other options, and everyone else the deck names: a short name is only
    // right when it fits no one else.
    let options: Vec<Person> = setting
        .rival_texts
        .iter()
        .filter_map(|text| Person::of_text(text))
        .collect();
    let mut people: Vec<&Person> = options.iter().collect();
    if let Some(deck) = setting.deck {
        people.extend(
            deck.rivals(person, reply)
                .into_iter()
                .filter(|p| !options.iter().any(|o| o.same_as(p))),
        );
    }
    let choice = setting.card.kind == crate::deck::Kind::Choice;
    let rivals = Rivals {
        people,
        complete: setting.deck.is_some(),
        options: choice,
    };
    people::decide(reply, person, &rivals)
}

/// A small misspelling of an accepted form, as the typo budget allows: the closest form wins,
/// digits must be the same, and for a choice card the reply must be strictly closer to the right
/// option than to any other.
fn typo(forms: &[Form], reply: &Canon, setting: &Setting<'_>) -> Option<Outcome> {
    let reply_len = reply.norm.chars().count();
    let reply_digits = digit_runs(&reply.digits);
    // The closest form, by the folded spelling and then as written.
    let mut best: Option<((usize, usize), &Form)> = None;
    for form in forms {
        let target = &form.canon;
        let budget = typo_budget(&target.norm);
        let form_len = target.norm.chars().count();
        if budget == 0 || form_len > MAX_TYPO_LEN || reply_len.abs_diff(form_len) > budget {
            continue;
        }
        // "U-2" is not a typo of "U-3": a wrong digit is a wrong fact, not a slip of the finger.
        if digit_runs(&target.digits) != reply_digits {
            continue;
        }
        let written = strsim::damerau_levenshtein(&reply.norm, &target.norm);
        let distance = written.min(strsim::damerau_levenshtein(&reply.key, &target.key));
        if distance <= budget && best.is_none_or(|(closest, _)| (distance, written) < closest) {
            best = Some(((distance, written), form));
        }
    }
    let ((distance, _), form) = best?;
    let as_close_to_a_rival = setting.rivals.iter().any(|rival| {
        reply_len.abs_diff(rival.chars().count()) <= distance
            && strsim::damerau_levenshtein(&reply.norm, rival) <= distance
    });
    if as_close_to_a_rival {
        return Some(Outcome::Wrong);
    }
    let mut rules = Vec::new();
    if form.rule != Rule::Answer {
        rules.push(form.rule);
    }
    rules.push(Rule::Typo);
    Some(Outcome::Typo {
        form: form.text.clone(),
        rules,
    })
}

/// The runs of digits in `text`, in order.
fn digit_runs(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .collect()
}

/// "Be more specific": the reply's words are some of a form's words in order, including its
/// head (the last word), at least half of them, but not all.
fn partial(forms: &[Form], reply: &Canon) -> Option<Outcome> {
    let words: Vec<String> = reply.plain.split(' ').map(spelling::fold_word).collect();
    if words
        .iter()
        .all(|w| w.is_empty() || w.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    for form in forms {
        let target: Vec<String> = form
            .canon
            .plain
            .split(' ')
            .map(spelling::fold_word)
            .collect();
        if words.len() >= target.len() || 2 * words.len() < target.len() {
            continue;
        }
        if words.last() != target.last() {
            continue;
        }
        let mut rest = target.iter();
        if words.iter().all(|w| rest.any(|t| t == w)) {
            return Some(Outcome::close(
                form,
                vec![Rule::Partial],
                "More specific?".to_owned(),
            ));
        }
    }
    None
}

/// `typed` without the words of `question` that are not in any form, when that leaves something
/// else.
fn without_question_words(typed: &str, forms: &[Form], question: &str) -> Option<String> {
    let asked = comparable(question);
    let asked: Vec<&str> = asked.split(' ').collect();
    let in_forms = |word: &str| {
        forms
            .iter()
            .any(|f| f.canon.norm.split(' ').any(|w| w == word))
    };
    let kept: Vec<&str> = typed
        .split(' ')
        .filter(|word| !asked.contains(word) || in_forms(word))
        .collect();
    let rest = kept.join(" ");
    (!rest.is_empty() && rest != typed).then_some(rest)
}
