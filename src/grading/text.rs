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
use super::{MAX_TYPO_LEN, OtherAnswers, Outcome, Rule, comparable, dates, number_words, spelling};
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
    let typed = comparable_reply(reply);
    if typed.is_empty() {
        return Outcome::Wrong;
    }
    if let Some(form) = forms
        .iter()
        .find(|f| f.canon.norm == typed || (f.written && comparable_reply(&f.text) == typed))
    {
        return Outcome::right(form, Vec::new());
    }
    if is_someone_elses(&typed, setting) {
        return Outcome::Wrong;
    }
    if !setting.typos {
        return Outcome::Wrong;
    }
    let first = derived(forms, reply, &typed, setting);
    if let Some(outcome) = &first
        && *outcome != Outcome::Wrong
    {
        return outcome.clone();
    }
    // Words the question itself uses may be repeated around the answer ("Peshawar city" for
    // "Which city…?", "Premier Kosygin" for "Which Soviet premier…?"). Only to make a reply
    // right: "nuclear aid" to "Besides aid for … a nuclear power plant, what kind of aid…?" is
    // not "aid" and a close second chance.
    let person = setting.person.is_some();
    // A country named by its people: "the British" for Britain.
    if !person
        && let Some(country) = wording::country_of_people(&typed)
        && let Some(outcome) = derived(forms, country, country, setting)
        && matches!(outcome, Outcome::Right { .. })
    {
        return outcome.with(Rule::Wording);
    }
    // A place with the country the question names after a comma: "Peshawar, Pakistan" to
    // "which Pakistani city…?".
    if let Some((place, country)) = reply.rsplit_once(',') {
        let country = comparable(country);
        let asked = comparable(&setting.card.question);
        let place = comparable(place);
        if !place.is_empty()
            && !country.is_empty()
            && country.split(' ').count() <= 2
            && asked
                .split(' ')
                .any(|word| wording::same_country(&country, word))
            && let Some(outcome) = derived(forms, &place, &place, setting)
            && matches!(outcome, Outcome::Right { .. } | Outcome::Typo { .. })
        {
            return outcome.with(Rule::Wording);
        }
    }
    // A sentence around the answer: "it was Stalin", "he visited America".
    let framed =
        wording::without_frame(&typed, &setting.card.question).map(|rest| comparable(&rest));
    if let Some(rest) = &framed
        && let Some(outcome) = derived(forms, rest, rest, setting)
        && matches!(outcome, Outcome::Right { .. } | Outcome::Typo { .. })
    {
        return outcome.with(Rule::Wording);
    }
    let typed = framed.unwrap_or(typed);
    // The answer with where it is: "Pakistan Steel Mills in Karachi".
    if let Some(answer) = without_place(&typed)
        && let Some(outcome) = derived(forms, &answer, &answer, setting)
        && matches!(outcome, Outcome::Right { .. } | Outcome::Typo { .. })
    {
        return outcome.with(Rule::Wording);
    }
    // A reply found wrong as typed may still be a name after words of the question ("Soviet
    // Premier Alexei Kosygin").
    let cloze = setting.card.kind.spec().cloze_text;
    if let Some(rest) = without_question_words(&typed, forms, &setting.card.question, person, cloze)
        && let Some(outcome) = derived(forms, &rest, &rest, setting)
        && matches!(outcome, Outcome::Right { .. } | Outcome::Typo { .. })
    {
        return outcome.with(Rule::QuestionWords);
    }
    first.unwrap_or(Outcome::Wrong)
}

/// The reply as compared: `comparable`, except that a leading "A." is an initial, not the
/// article normalization drops ("A. Arif" is not "Arif").
fn comparable_reply(reply: &str) -> String {
    let trimmed = reply.trim_start();
    match trimmed
        .strip_prefix(['A', 'a'])
        .and_then(|rest| rest.strip_prefix('.'))
    {
        Some(rest) if rest.trim_start().starts_with(char::is_alphabetic) => {
            format!("a {}", comparable(rest))
        }
        _ => comparable(reply),
    }
}

/// Whether `typed` is another card's answer (or another option): never right, never a typo.
fn is_someone_elses(typed: &str, setting: &Setting<'_>) -> bool {
    if setting.rivals.iter().any(|r| r == typed) {
        return true;
    }
    // On a choice card, part of the right option is that option typed short, even when another
    // card's answer is that part ("neutral" for "neutral and non-committal"): the options
    // decide.
    if part_of_option(typed, setting) {
        return false;
    }
    match setting.deck {
        Some(deck) => deck.is_foreign_form(typed, setting.card),
        None => setting.others.contains(typed),
    }
}

/// Whether `typed` is part of the right option of a choice card, its words in order.
fn part_of_option(typed: &str, setting: &Setting<'_>) -> bool {
    if !setting.card.kind.spec().choices {
        return false;
    }
    let option = comparable(&setting.card.answer);
    let option: Vec<&str> = option.split(' ').collect();
    let words: Vec<&str> = typed.split(' ').collect();
    subsequence(&words, &option)
}

/// The rules beyond the exact answer, in order; `None` when none applies.
fn derived(forms: &[Form], reply: &str, typed: &str, setting: &Setting<'_>) -> Option<Outcome> {
    let canon = Canon::new(typed);
    if let Some(form) = forms.iter().find(|f| f.canon.norm == canon.norm) {
        return Some(Outcome::right(form, Vec::new()));
    }
    // A name that is someone else's is wrong before any folding could make it the answer ("A.
    // Arif" is not "Arif" with an article).
    let name = setting
        .person
        .as_ref()
        .map(|person| decide_name(reply, person, setting));
    if name == Some(Decision::Wrong) {
        return Some(Outcome::Wrong);
    }
    // The same once numbers, wording and spelling are folded, or with the sides of an "and"
    // swapped.
    for form in forms {
        if let Some(rule) = same_canon(&canon, &form.canon) {
            return Some(Outcome::right(form, vec![rule]));
        }
    }
    if let Some(form) = forms
        .iter()
        .find(|form| wording::swapped(&canon.plain, &form.canon.plain))
    {
        return Some(Outcome::right(form, vec![Rule::Wording]));
    }
    // "X of Y" for "Y X": "Security Council of the UN", "Bangladesh War of Liberation".
    if setting.person.is_none() {
        for swapped in wording::of_swaps(&canon.digits) {
            let swapped = Canon::new(&swapped);
            if let Some(form) = forms
                .iter()
                .find(|form| swapped.plain == form.canon.plain || swapped.key == form.canon.key)
            {
                return Some(Outcome::right(form, vec![Rule::Wording]));
            }
        }
    }
    // A date that gives the date asked and more ("3 April 1965" for "April 1965", "December
    // 1991" for "December"), and no other option's.
    if let Some(date) = dates::parse(reply) {
        let covers = |text: &str| dates::parse(text).is_some_and(|asked| date.covers(&asked));
        if !setting.rival_texts.iter().any(|text| covers(text))
            && let Some(form) = forms.iter().find(|form| form.written && covers(&form.text))
        {
            return Some(Outcome::right(form, vec![Rule::Date]));
        }
    }
    // The reply spells another card's answer or option differently: it means that one.
    if let Some(deck) = setting.deck
        && deck.is_foreign_key(&canon.key, setting.card)
        && !part_of_option(&canon.norm, setting)
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
    if let Some(name) = name {
        match name {
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
    if setting.person.is_none()
        && let Some(outcome) = fuller_short_form(forms, &canon, setting)
    {
        return Some(outcome);
    }
    if setting.card.kind.spec().choices
        && let Some(outcome) = option_part(forms, &canon, setting)
    {
        return Some(outcome);
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
    let choice = setting.card.kind.spec().choices;
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
    // The closest form, by the edits counted and then as written.
    let mut best: Option<((usize, usize), &Form)> = None;
    for form in forms {
        let target = &form.canon;
        // An answer too short for a typo still takes an English ending ("spying" for "spy").
        let budget = match typo_budget(&target.norm) {
            0 if inflected(&reply.norm, &target.norm) => 1,
            budget => budget,
        };
        let form_len = target.norm.chars().count();
        // An ending ("-ing", "-ial") may add up to four letters as one edit.
        if budget == 0 || form_len > MAX_TYPO_LEN || reply_len.abs_diff(form_len) > budget + 4 {
            continue;
        }
        // "U-2" is not a typo of "U-3": a wrong digit is a wrong fact, not a slip of the finger.
        if digit_runs(&target.digits) != reply_digits {
            continue;
        }
        // Words the deck writes in capitals are acronyms: their last letter is an initial, not
        // an ending ("SEATA" is a slip for "SEATO").
        let acronyms: Vec<String> = if form.written {
            form.text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 2 && !w.chars().any(char::is_lowercase))
                .map(str::to_lowercase)
                .collect()
        } else {
            Vec::new()
        };
        let Some(distance) = misspelling(&reply.norm, &target.norm, budget, &acronyms) else {
            continue;
        };
        let written = strsim::damerau_levenshtein(&reply.norm, &target.norm);
        if best.is_none_or(|(closest, _)| (distance, written) < closest) {
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

/// The number of edits that make `reply` the form `target` (both normalized) when they are a
/// slip of the fingers rather than another word, within `budget`: compared as written (a
/// spelling variant is its own rule, and a typo on top of a variant is too far: "Brittany" is
/// not "Britain"), word by word when both have as many words, so that every word has its own
/// budget ("NATO" is not a slip for "CENTO" in a longer answer). See [`word_slip`].
pub(super) fn misspelling(
    reply: &str,
    target: &str,
    budget: usize,
    acronyms: &[String],
) -> Option<usize> {
    let (ours, theirs): (Vec<&str>, Vec<&str>) =
        (reply.split(' ').collect(), target.split(' ').collect());
    if ours.len() == theirs.len() {
        let mut total = 0;
        for (r, t) in ours.iter().zip(&theirs) {
            if r != t && spelling::fold_word(r) != spelling::fold_word(t) {
                total += word_slip(r, t, acronyms.iter().any(|a| a == t))?;
            }
        }
        return (total <= budget).then_some(total);
    }
    // Words run together or split ("sports men"): the whole, with the same first letter.
    let distance = strsim::damerau_levenshtein(reply, target);
    (distance <= budget && reply.chars().next() == target.chars().next()).then_some(distance)
}

/// The edits that make the word `reply` the word `target` when they look like a slip rather than
/// another word:
/// - the first letter kept ("received" is not "deceived", "Prussia" not "Russia");
/// - a word of under five letters only with a letter added or two letters swapped, never one
///   left out or replaced ("Kahn" for "Khan", "wars" for "war"; not "East" for "West", "NATO"
///   for "CENTO"), and a five-letter word typed in four only without a vowel ("crsh" for
///   "crash", not "food" for "flood");
/// - a longer word within its typo budget, but not with its final vowel replaced (endings make
///   words: "Hindi" is not "Hindu"; an acronym has no ending: "SEATA" is a slip for "SEATO"), nor two letters replaced in a word of the same length
///   ("corporation" is not "cooperation");
/// - a noun for its adjective in -al, or the other way round, as one edit ("culture" for
///   "cultural", "territory" for "territorial").
pub(super) fn word_slip(reply: &str, target: &str, acronym: bool) -> Option<usize> {
    let (r, t): (Vec<char>, Vec<char>) = (reply.chars().collect(), target.chars().collect());
    if r.first() != t.first() {
        return None;
    }
    if word_family(reply, target) || word_family(target, reply) || inflected(reply, target) {
        return Some(1);
    }
    if t.len() < 5 {
        let added = r.len() == t.len() + 1
            && (1..r.len()).any(|i| r[..i] == t[..i] && r[i + 1..] == t[i..]);
        let swapped = r.len() == t.len()
            && (1..r.len().saturating_sub(1)).any(|i| {
                r[i] == t[i + 1] && r[i + 1] == t[i] && r[..i] == t[..i] && r[i + 2..] == t[i + 2..]
            });
        return (t.len() >= 3 && (added || swapped)).then_some(1);
    }
    // A letter left out of a five-letter word leaves four: a vowel left out inside it ("crsh",
    // "Inda") leaves a slip, a consonant ("food" for "flood", "Deli" for "Delhi") or a final
    // vowel ("Hind" for "Hindu") another word.
    if r.len() < 5 {
        let vowel_left_out = r.len() + 1 == t.len()
            && (1..t.len() - 1)
                .any(|i| "aeiou".contains(t[i]) && t[..i] == r[..i] && t[i + 1..] == r[i..]);
        return vowel_left_out.then_some(1);
    }
    // In a word of under eight letters, a letter added or left out at its end, or a vowel
    // added or left out before its final vowel, makes another word, often a demonym or a
    // language: "Sindhi" and "Sindhu" are not slips for "Sindh", nor "Karach" and "Karachai"
    // for "Karachi" ("Easten" for "Eastern" still is).
    if t.len() < 8 && r.len() != t.len() {
        let is_vowel = |c: char| "aeiou".contains(c);
        let (long, short) = if r.len() > t.len() {
            (&r, &t)
        } else {
            (&t, &r)
        };
        let diphthong = long.len() == short.len() + 1
            && long.len() >= 2
            && is_vowel(long[long.len() - 2])
            && short.last().is_some_and(|c| is_vowel(*c))
            && long[..long.len() - 2] == short[..short.len() - 1]
            && long.last() == short.last();
        if r.last() != t.last() || diphthong {
            return None;
        }
    }
    let vowel = |c: Option<&char>| c.is_some_and(|c| "aeiou".contains(*c));
    let final_vowel_replaced = !acronym
        && r.len() == t.len()
        && r[..r.len() - 1] == t[..t.len() - 1]
        && vowel(r.last())
        && vowel(t.last());
    if final_vowel_replaced {
        return None;
    }
    let budget = typo_budget(target);
    let distance = strsim::damerau_levenshtein(reply, target);
    let replaced = distance >= 2 && r.len() == t.len();
    (distance <= budget && !replaced).then_some(distance)
}

/// Whether `reply` is `target` with an English ending -s, -es, -ed or -ing ("spying" for
/// "spy", "flooding" for "flood", "wars" for "war"), a final e dropped or a final consonant
/// doubled before it.
pub(super) fn inflected(reply: &str, target: &str) -> bool {
    if target.chars().count() < 3 {
        return false;
    }
    let Some(stem) = ["ing", "ed", "es", "s"]
        .iter()
        .find_map(|ending| reply.strip_suffix(ending))
    else {
        return false;
    };
    let doubled = stem.len() > 1 && {
        let bytes = stem.as_bytes();
        bytes[bytes.len() - 1] == bytes[bytes.len() - 2] && &stem[..stem.len() - 1] == target
    };
    stem == target || target.strip_suffix('e') == Some(stem) || doubled
}

/// Whether `adjective` is `noun` with the ending -al or -ial ("cultural" of "culture",
/// "territorial" of "territory", "constitutional" of "constitution"), on a stem of four letters
/// or more.
fn word_family(adjective: &str, noun: &str) -> bool {
    let Some(stem) = adjective
        .strip_suffix("ial")
        .or_else(|| adjective.strip_suffix("al"))
    else {
        return false;
    };
    let noun_stem = noun
        .strip_suffix(['e', 'y'])
        .filter(|s| s.len() + 1 == noun.len())
        .unwrap_or(noun);
    stem.chars().count() >= 4 && (noun_stem == stem || noun == stem)
}

/// The runs of digits in `text`, in order.
fn digit_runs(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .collect()
}

/// The reply without a place after it: the one to three words after its last "in", when
/// something is left before them ("Pakistan Steel Mills in Karachi"). Not after a comma:
/// "Karachi, Lahore" is a list, not a place.
fn without_place(typed: &str) -> Option<String> {
    let (before, after) = typed.rsplit_once(" in ")?;
    (!before.is_empty() && (1..=3).contains(&after.split(' ').count())).then(|| before.to_owned())
}

/// Whether `part` is a subsequence of `whole` (its words in the same order, maybe not side by
/// side).
fn subsequence<T: PartialEq>(part: &[T], whole: &[T]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|p| rest.any(|w| w == p))
}

/// An accepted short form with more of the answer's words: the words of one form, in order,
/// including all the words of a shorter accepted form ("Guddu Thermal" when "Guddu" is accepted
/// for "Guddu Thermal Power Plant"). Saying more of the answer cannot make it less right, as long
/// as what is said is no other option's.
fn fuller_short_form(forms: &[Form], reply: &Canon, setting: &Setting<'_>) -> Option<Outcome> {
    let words: Vec<&str> = reply.norm.split(' ').collect();
    let split =
        |form: &Form| -> Vec<String> { form.canon.norm.split(' ').map(str::to_owned).collect() };
    let owned: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    let contains_short = forms.iter().any(|short| {
        let short = split(short);
        short.len() < owned.len() && subsequence(&short, &owned)
    });
    if !contains_short {
        return None;
    }
    let rival = setting.rivals.iter().any(|rival| {
        let rival: Vec<String> = rival.split(' ').map(str::to_owned).collect();
        subsequence(&owned, &rival)
    });
    if rival {
        return None;
    }
    forms
        .iter()
        .find(|form| {
            let whole = split(form);
            whole.len() > owned.len() && subsequence(&owned, &whole)
        })
        .map(|form| Outcome::right(form, vec![Rule::Wording]))
}

/// Words a choice's option may be typed without: they tell no option apart.
const OPTION_GLUE: [&str; 25] = [
    "to",
    "had",
    "has",
    "have",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "that",
    "it",
    "its",
    "they",
    "as",
    "by",
    "with",
    "from",
    "and",
    "did",
    "indeed",
    "saw",
    "thought",
    "considered",
    "because",
];

/// Part of a choice card's option, typed without words that tell no option apart: every word
/// of the option that no other option has is there, in order, and only small words or words
/// other options share are left out ("joined SEATO and CENTO" for "Pakistan joined SEATO and
/// CENTO" when other options start with "Pakistan"; but "nuclear power plant" leaves out the
/// "commercial" that tells "a commercial nuclear power plant" apart: close, below). Small words
/// the reply adds are ignored, verbs are compared without their endings ("joining" for
/// "joined"), the two sides of an "and" may be swapped, and an option that joins two things with
/// "and" may be typed with one of them ("neutral" or "non-committal" for "neutral and
/// non-committal", when the option starts with the first) or with both and without what leads
/// up to them ("SEATO and CENTO" for "Pakistan joined SEATO and CENTO").
fn option_part(forms: &[Form], reply: &Canon, setting: &Setting<'_>) -> Option<Outcome> {
    // Compared as written, small words aside, each word in the singular, without a verb's
    // ending and spelling-folded (a synonym of the option is not part of it).
    let folded = |norm: &str| -> Vec<String> {
        norm.split(' ')
            .filter(|word| !wording::FUNCTION_WORDS.contains(word))
            .map(|word| spelling::fold_word(&wording::verb_stem(&wording::singular(word))))
            .collect()
    };
    let option = folded(&forms[0].canon.norm);
    let glue: Vec<String> = folded(&OPTION_GLUE.join(" "));
    let is_glue = |word: &String| glue.contains(word);
    let words: Vec<String> = folded(&reply.norm)
        .into_iter()
        .filter(|word| !is_glue(word) || option.contains(word))
        .collect();
    let rivals: Vec<Vec<String>> = setting.rivals.iter().map(|rival| folded(rival)).collect();
    if words.is_empty() || words.len() >= option.len() {
        return None;
    }
    if rivals.iter().any(|rival| subsequence(&words, rival)) {
        return None;
    }
    // Whether the option as written is two words joined by "and" ("non-committal" is one).
    let written: Vec<&str> = forms[0].text.split_whitespace().collect();
    let written_pair = written.len() == 3 && written[1].eq_ignore_ascii_case("and");
    // The option as written, and with the written words on both sides of an "and" swapped
    // ("non-committal and neutral": a hyphenated word stays whole).
    let mut variants = vec![option.clone()];
    if let Some(at) = written
        .iter()
        .position(|word| word.eq_ignore_ascii_case("and"))
        .filter(|at| *at > 0 && at + 1 < written.len())
    {
        let mut swapped = written.clone();
        swapped.swap(at - 1, at + 1);
        variants.push(folded(&comparable(&swapped.join(" "))));
    }
    let right = variants.iter().any(|variant| {
        if !subsequence(&words, variant) {
            return false;
        }
        // Which of the option's words the reply gives, matched from the left.
        let mut given = vec![false; variant.len()];
        let mut at = 0;
        for word in &words {
            while at < variant.len() && variant[at] != *word {
                at += 1;
            }
            if at < variant.len() {
                given[at] = true;
                at += 1;
            }
        }
        let left_out: Vec<usize> = (0..variant.len())
            .filter(|&i| {
                !given[i]
                    && !is_glue(&variant[i])
                    && !rivals.iter().any(|rival| rival.contains(&variant[i]))
            })
            .collect();
        // A negation left out before a word given turns it into its opposite ("committal"
        // for "non-committal").
        let negation_dropped = (0..variant.len().saturating_sub(1)).any(|i| {
            ["non", "not", "no", "anti"].contains(&variant[i].as_str()) && !given[i] && given[i + 1]
        });
        if negation_dropped {
            return false;
        }
        let ands: Vec<usize> = (1..variant.len().saturating_sub(1))
            .filter(|at| variant[*at] == "and")
            .collect();
        left_out.is_empty()
            || ands.iter().any(|&and| {
                let last = ands.last() == Some(&and);
                let within =
                    |from: usize, to: usize| left_out.iter().all(|i| (from..=to).contains(i));
                // One side of the "and" left out with it, when the option is two words joined
                // ("neutral and non-committal", "complex and tense"; but "joined SEATO" leaves
                // out half of what "Pakistan joined SEATO and CENTO" says, and "technical
                // assistance" the "economic" of "economic and technical assistance").
                let joined = and == 1 && last && written_pair;
                (joined && (within(0, 1) || within(and, variant.len() - 1)))
                    // Both sides given, without what leads up to them.
                    || (given[and - 1] && given[and + 1] && left_out.iter().all(|i| *i < and - 1))
            })
    });
    right.then(|| Outcome::right(&forms[0], vec![Rule::Wording]))
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
        // Left out, a word that negates the rest turns it into its opposite: "Aligned
        // Movement" is not a vaguer "Non-Aligned Movement".
        let negating = ["non", "not", "no", "anti", "un"];
        if target
            .iter()
            .any(|t| negating.contains(&t.as_str()) && !words.contains(t))
        {
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

/// Words that end the phrase a question asks for: articles, prepositions, auxiliaries.
const PHRASE_ENDS: [&str; 26] = [
    "the", "a", "an", "in", "on", "at", "to", "by", "for", "with", "from", "and", "that", "did",
    "does", "do", "was", "were", "is", "are", "has", "had", "have", "will", "would", "can",
];

/// Whether `word` ends the phrase a question asks for: a word of [`PHRASE_ENDS`] or a verb in
/// -ed.
fn ends_phrase(word: &str) -> bool {
    PHRASE_ENDS.contains(&word) || (word.len() > 4 && word.ends_with("ed"))
}

/// The words of the phrase `question` asks for: up to five words after its first `which`,
/// `what`, `whose`, `whom` or `who` (and a following `was the`), until an article, a
/// preposition other than `of`, an auxiliary or a verb in -ed ("Which Soviet premier visited…"
/// → "soviet premier"; "What kind of policy did…" → "kind of policy"; "Which state succeeded
/// the Soviet Union…" → "state"), with the noun before an `of which` ("Members of which
/// party…" → "members", "party"), and the question's adverbs in -ly ("overtly"). These name
/// what kind of thing the answer is, so a reply may repeat them ("Soviet premier Kosygin",
/// "Peshawar city"); the question's other words may qualify the answer into something else
/// ("Soviet Russia", "Guddu Steel Mills") and are not set aside.
pub(super) fn asked_phrase(question: &str) -> Vec<String> {
    let asked = comparable(question);
    let words: Vec<&str> = asked.split(' ').collect();
    let mut phrase: Vec<String> = words
        .iter()
        .filter(|w| w.len() >= 5 && w.ends_with("ly"))
        .map(|w| (*w).to_owned())
        .collect();
    let Some(mut at) = words
        .iter()
        .position(|w| ["which", "what", "whose", "whom", "who"].contains(w))
    else {
        return phrase;
    };
    if at >= 2 && words[at - 1] == "of" {
        phrase.push(words[at - 2].to_owned());
    }
    at += 1;
    while words
        .get(at)
        .is_some_and(|w| ["was", "were", "is", "are", "the", "a", "an"].contains(w))
    {
        at += 1;
    }
    phrase.extend(
        words[at..]
            .iter()
            .take_while(|w| !ends_phrase(w))
            .take(5)
            .map(|w| (*w).to_owned()),
    );
    phrase
}

/// `typed` without the words of the phrase `question` asks for ([`asked_phrase`]) that are not
/// in any form (for a person's name only
/// those it starts with, since its last word is the surname: "Zulfikar Ali Khan" to "…did Ayub
/// Khan…" is not "Zulfikar Ali"), when that leaves something else.
fn without_question_words(
    typed: &str,
    forms: &[Form],
    question: &str,
    person: bool,
    cloze: bool,
) -> Option<String> {
    // A cloze's sentence is all around its gap: any of its words may be repeated ("Western
    // Bloc", "Sindh Province").
    let asked: Vec<String> = if cloze {
        comparable(question).split(' ').map(str::to_owned).collect()
    } else {
        asked_phrase(question)
    };
    let in_forms = |word: &str| {
        forms
            .iter()
            .any(|f| f.canon.norm.split(' ').any(|w| w == word))
    };
    // A single letter may be an initial ("A. Arif"), not the article of the question.
    let strip =
        |word: &&&str| word.len() > 1 && asked.iter().any(|a| a == *word) && !in_forms(word);
    let words: Vec<&str> = typed.split(' ').collect();
    let rest = if person {
        let start = words.iter().take_while(strip).count();
        words[start..].join(" ")
    } else {
        let kept: Vec<&str> = words.iter().filter(|w| !strip(w)).copied().collect();
        kept.join(" ")
    };
    (!rest.is_empty() && rest != typed).then_some(rest)
}
