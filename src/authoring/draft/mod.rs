//! Drafting candidate cards from a plain text, so an author starts from something rather than
//! nothing. Sentences with a year become `year` questions ("In which year did Pakistan join
//! SEATO?", or, when the sentence is too tangled to rephrase, the sentence with the year blanked)
//! and cloze cards; names of people, places and organisations (runs of capitalised words, known
//! acronyms) become further cloze gaps. Every candidate keeps a verbatim excerpt of its sentence
//! as `source`, the whole sentence as `explain`, and the tag `draft`: a person must read it.
//!
//! Pure heuristics over text; every candidate is validated with the deck rules before it is
//! kept, so the drafted deck always passes `recall check`.

mod english;
mod sentences;

use std::collections::HashSet;

use self::english::{
    DETERMINERS, LOWER_AT_START, MONTHS, NOT_SUBJECT_START, base, is_adjective,
    is_common_capitalised, is_title,
};
use self::sentences::{Sentence, is_heading, split};
use super::ids::IdAllocator;
use super::{Entry, Header, check_entry};
use crate::deck::{Cloze, Kind, question_key};
use crate::text::{contains_words, normalize, word_matches};

/// The tag every drafted card carries until its author has reviewed it.
pub const DRAFT_TAG: &str = "draft";
/// The longest `source` excerpt, in words.
pub const MAX_SOURCE_WORDS: usize = 25;
/// The longest cloze text, in words.
const MAX_CLOZE_WORDS: usize = 45;
/// At most this many year questions per sentence.
const MAX_YEAR_QUESTIONS: usize = 2;
/// At most this many gaps per cloze card.
const MAX_GAPS: usize = 3;

/// The cards drafted from a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub entries: Vec<Entry>,
    /// Sentences read (headings excluded).
    pub sentences: usize,
}

/// Drafts candidate cards from `text`.
pub fn draft(text: &str) -> Draft {
    let mut ids = IdAllocator::default();
    let mut questions: HashSet<String> = HashSet::new();
    let mut entries = Vec::new();
    let mut count = 0;
    for line in text.lines() {
        if line.trim().is_empty() || is_heading(line) {
            continue;
        }
        for sentence in split(line) {
            count += 1;
            for entry in candidates(&sentence) {
                // A cloze candidate whose gaps do not parse asks nothing.
                let Ok(cloze) = (entry.kind.spec().cloze_text)
                    .then(|| Cloze::parse(&entry.text))
                    .transpose()
                else {
                    continue;
                };
                let key = question_key(cloze.as_ref(), &entry.question);
                if key.is_empty() || !questions.insert(key) {
                    continue;
                }
                if check_entry(&entry).is_err() {
                    continue;
                }
                let mut entry = entry;
                let basis = entry.id.take().unwrap_or_default();
                entry.id = Some(ids.allocate(&basis));
                entries.push(entry);
            }
        }
    }
    Draft {
        entries,
        sentences: count,
    }
}

/// The title a text suggests: its first line, when that is a heading.
pub fn title_of(text: &str) -> Option<String> {
    let first = text.lines().find(|l| !l.trim().is_empty())?.trim();
    if !is_heading(first) {
        return None;
    }
    let title = strip_markdown_heading(first);
    (!title.is_empty()).then(|| title.to_owned())
}

/// A Markdown heading's text without its markers: `# Title #` and `## **Title**` give `Title`.
fn strip_markdown_heading(line: &str) -> &str {
    let mut text = line.trim();
    let hashes = text.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes)
        && (text.len() == hashes || text[hashes..].starts_with([' ', '\t']))
    {
        text = text[hashes..].trim();
        // A closing run of `#` after a space is decoration too.
        let body = text.trim_end_matches('#');
        if body.len() < text.len() && (body.is_empty() || body.ends_with([' ', '\t'])) {
            text = body.trim_end();
        }
    }
    for marker in ["**", "__", "*", "_"] {
        if let Some(inner) = text
            .strip_prefix(marker)
            .and_then(|rest| rest.strip_suffix(marker))
            && !inner.trim().is_empty()
        {
            text = inner.trim();
            break;
        }
    }
    text
}

/// The deck file for a draft, with a comment asking for a human read.
pub fn render(draft: &Draft, header: &Header, source_name: &str) -> String {
    let comment = format!(
        "Drafted by `recall draft` from {source_name}: {} candidate cards from {} sentences.\n\
         Every card is a draft (tag \"draft\"): check it against its `source`, fix or delete it,\n\
         then remove the tag. Drafts are machine-made and need a human read.",
        draft.entries.len(),
        draft.sentences
    );
    super::edit::new_deck(&comment, header, &draft.entries)
}

/// A word of a sentence: where it is and what it says.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    start: usize,
    /// The word as written, punctuation included.
    raw: &'a str,
    /// Without surrounding punctuation or a possessive `'s`.
    core: &'a str,
    /// Byte offset of `core` in the sentence.
    core_start: usize,
}

impl Word<'_> {
    fn core_end(&self) -> usize {
        self.core_start + self.core.len()
    }

    /// Whether punctuation after the word ends a phrase (a comma, a stop, a possessive …).
    fn ends_phrase(&self) -> bool {
        self.core_end() < self.start + self.raw.len()
    }

    fn lower(&self) -> String {
        self.core.to_lowercase()
    }
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split(' ') {
        let start = offset;
        offset += raw.len() + 1;
        if raw.is_empty() {
            continue;
        }
        let lead = raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let mut core = raw[lead..].trim_end_matches(|c: char| !c.is_alphanumeric());
        for possessive in ["'s", "’s"] {
            if let Some(stripped) = core.strip_suffix(possessive) {
                core = stripped;
            }
        }
        out.push(Word {
            start,
            raw,
            core,
            core_start: start + lead,
        });
    }
    out
}

/// A year written as four digits from 1000 to 2099.
fn year_of(word: &Word<'_>) -> Option<u32> {
    let core = word.core;
    if core.len() != 4 || !core.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: u32 = core.parse().ok()?;
    // A range ("1954–58") or a decade ("1950s") is not one year.
    let after = &word.raw[word.core_end() - word.start..];
    let ranged = after.starts_with(['–', '-', '—', 's']);
    ((1000..=2099).contains(&year) && !ranged).then_some(year)
}

fn candidates(sentence: &Sentence) -> Vec<Entry> {
    let text = sentence.text.as_str();
    let words = words(text);
    if words.len() < 6 || text.contains("{{") || text.contains("}}") {
        return Vec::new();
    }
    let years: Vec<(usize, u32)> = words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| year_of(w).map(|y| (i, y)))
        .collect();
    let once = |year: u32| years.iter().filter(|(_, y)| *y == year).count() == 1;
    let mut out = Vec::new();
    let mut asked: Vec<u32> = Vec::new();
    for &(index, year) in &years {
        if asked.len() >= MAX_YEAR_QUESTIONS || asked.contains(&year) {
            continue;
        }
        asked.push(year);
        if let Some(entry) = year_question(text, &words, index, year) {
            out.push(entry);
        }
    }
    let year_gaps: Vec<usize> = years
        .iter()
        .filter(|(_, y)| once(*y))
        .map(|(i, _)| *i)
        .take(2)
        .collect();
    if let Some(entry) = cloze_card(text, &words, &year_gaps) {
        out.push(entry);
    }
    out
}

fn source_excerpt(words: &[Word<'_>], text: &str, around: usize) -> String {
    let half = MAX_SOURCE_WORDS / 2;
    let first = around.saturating_sub(half);
    let last = (first + MAX_SOURCE_WORDS).min(words.len()) - 1;
    let first = (last + 1).saturating_sub(MAX_SOURCE_WORDS).min(first);
    let excerpt = &text[words[first].start..words[last].start + words[last].raw.len()];
    excerpt
        .trim_end_matches([',', ';', ':'])
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '"' && c != '“')
        .to_owned()
}

fn draft_entry(kind: Kind, text: &str, id_basis: String, source: String) -> Entry {
    Entry {
        id: Some(id_basis),
        kind,
        explain: Some(text.to_owned()),
        source: Some(source),
        tags: vec![DRAFT_TAG.to_owned()],
        ..Entry::default()
    }
}

/// The clauses of a sentence as word ranges: split after commas and semicolons, and before
/// "though", "although", "but", "while", "whereas" and "because".
fn clauses(words: &[Word<'_>]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, word) in words.iter().enumerate() {
        let splits_before = i > start
            && matches!(
                word.raw,
                "though" | "although" | "but" | "while" | "whereas" | "because"
            );
        if splits_before {
            out.push(start..i);
            start = i;
        }
        if word.raw.ends_with([',', ';', ':']) {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < words.len() {
        out.push(start..words.len());
    }
    out
}

fn year_question(text: &str, words: &[Word<'_>], index: usize, year: u32) -> Option<Entry> {
    let source = source_excerpt(words, text, index);
    let (question, basis) = if let Some((question, body)) = rephrase(words, index) {
        (question, format!("{year} {body}"))
    } else {
        let context = blanked_context(text, words, index, year);
        (
            format!("In which year did this happen: “{context}”?"),
            format!("{year} {source}"),
        )
    };
    if contains_words(&normalize(&question), &year.to_string()) {
        return None;
    }
    let mut entry = draft_entry(Kind::Year, text, basis, source);
    entry.question = question;
    entry.answer = year.to_string();
    Some(entry)
}

/// The sentence (or, when long, the clauses around the year) with every mention of the year
/// blanked as `____`, without its final stop.
fn blanked_context(text: &str, words: &[Word<'_>], index: usize, year: u32) -> String {
    let clauses = clauses(words);
    let mut range = 0..words.len();
    if words.len() > 32
        && let Some(home) = clauses.iter().position(|c| c.contains(&index))
    {
        let (mut first, mut last) = (home, home);
        loop {
            let size = clauses[last].end - clauses[first].start;
            let grow_left = first > 0 && size + clauses[first - 1].len() <= 32;
            let grow_right = last + 1 < clauses.len() && size + clauses[last + 1].len() <= 32;
            if grow_right {
                last += 1;
            } else if grow_left {
                first -= 1;
            } else {
                break;
            }
        }
        range = clauses[first].start..clauses[last].end;
    }
    let last = &words[range.end - 1];
    let mut context = text[words[range.start].start..last.start + last.raw.len()].to_owned();
    context = context.trim_end_matches(['.', ',', ';', ':']).to_owned();
    let year = year.to_string();
    let mut blanked = String::new();
    let mut rest = context.as_str();
    while let Some(at) = rest.find(&year) {
        let before_ok = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_digit());
        let after_ok = rest[at + 4..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_digit());
        blanked.push_str(&rest[..at]);
        blanked.push_str(if before_ok && after_ok { "____" } else { &year });
        rest = &rest[at + 4..];
    }
    blanked.push_str(rest);
    let prefix = if range.start > 0 { "… " } else { "" };
    let suffix = if range.end < words.len() { " …" } else { "" };
    format!("{prefix}{blanked}{suffix}")
}

/// "In which year did SUBJECT VERB …?" from the clause the year dates, when the sentence is
/// simple enough to rephrase safely. Returns the question and its body.
fn rephrase(words: &[Word<'_>], index: usize) -> Option<(String, String)> {
    let clauses = clauses(words);
    let home = clauses.iter().position(|c| c.contains(&index))?;
    let clause = clauses[home].clone();
    // The date phrase: a preposition, then an optional day and month, then the year.
    let mut first = index;
    let is_month = |w: &Word<'_>| MONTHS.contains(&w.core);
    let is_day = |w: &Word<'_>| {
        w.core.len() <= 2 && w.core.bytes().all(|b| b.is_ascii_digit()) && !w.core.is_empty()
    };
    if first > clause.start && is_day(&words[first - 1]) {
        first -= 1;
    }
    if first > clause.start && is_month(&words[first - 1]) {
        first -= 1;
    }
    if first > clause.start && is_day(&words[first - 1]) {
        first -= 1;
    }
    if first == clause.start || !matches!(words[first - 1].lower().as_str(), "in" | "on" | "during")
    {
        return None;
    }
    first -= 1;
    let body: Vec<Word<'_>> = if first == clause.start && index + 1 == clause.end {
        // "In May 1948, both countries established relations": the next clause.
        let next = clauses.get(home + 1)?;
        cut_at_new_subject(&words[next.clone()]).to_vec()
    } else if first == clause.start {
        cut_at_new_subject(&words[index + 1..clause.end]).to_vec()
    } else {
        // "Pakistan joined SEATO in 1954 and CENTO in 1955": before the date, and what follows
        // it unless that starts a coordinated part.
        let mut body = words[clause.start..first].to_vec();
        let after = &words[index + 1..clause.end];
        if after.first().is_some_and(|w| w.raw != "and") {
            body.extend_from_slice(after);
        }
        if body.iter().any(|w| w.raw == "and") {
            return None;
        }
        body
    };
    build_question(&body)
}

/// A clause cut before "and" + a capitalised word, which starts a new subject.
fn cut_at_new_subject<'a, 'b>(words: &'b [Word<'a>]) -> &'b [Word<'a>] {
    let cut = words
        .windows(2)
        .position(|pair| {
            pair[0].raw == "and" && pair[1].core.chars().next().is_some_and(char::is_uppercase)
        })
        .unwrap_or(words.len());
    &words[..cut]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb<'a> {
    /// "was"/"were": the question starts "In which year was …".
    Copula(&'a str),
    /// A past tense: "In which year did … BASE …".
    Past,
}

fn build_question(body: &[Word<'_>]) -> Option<(String, String)> {
    if body.len() < 3 || body.len() > 28 {
        return None;
    }
    let span = |ws: &[Word<'_>]| ws.iter().map(|w| w.raw).collect::<Vec<_>>().join(" ");
    let joined = span(body);
    let has_year = body.iter().any(|w| year_of(w).is_some());
    let has_quote = joined.contains(['"', '“', '”', '(', ')']);
    let has_subordinate = body.iter().any(|w| {
        matches!(
            w.lower().as_str(),
            "as" | "which"
                | "who"
                | "whom"
                | "whose"
                | "when"
                | "while"
                | "that"
                | "because"
                | "after"
                | "before"
                | "where"
                | "since"
                | "until"
        )
    });
    if has_year || has_quote || has_subordinate {
        return None;
    }
    // The verb: the first past tense after a subject of one to eight words.
    let (verb_at, verb) = body.iter().enumerate().skip(1).take(8).find_map(|(i, w)| {
        let lower = w.raw.trim_end_matches([',', '.', ';', ':']);
        let after_determiner = DETERMINERS.contains(&body[i - 1].lower().as_str());
        if w.raw.contains('-') || after_determiner || lower != w.core {
            return None;
        }
        match lower {
            "was" | "were" => Some((i, Verb::Copula(lower))),
            _ => base(lower).map(|_| (i, Verb::Past)),
        }
    })?;
    let subject = &body[..verb_at];
    if NOT_SUBJECT_START.contains(&subject[0].lower().as_str()) {
        return None;
    }
    let rest = &body[verb_at + 1..];
    if rest.is_empty() {
        return None;
    }
    // A second finite verb means a second clause the question would garble.
    let another_verb = rest.iter().enumerate().any(|(i, w)| {
        let previous = if i == 0 {
            body[verb_at].core
        } else {
            rest[i - 1].core
        };
        let participle = matches!(verb, Verb::Copula(_)) || previous == "and";
        base(w.core).is_some() && !w.raw.contains('-') && !participle && previous != "to"
    });
    if another_verb {
        return None;
    }
    let mut subject_text = span(subject);
    if LOWER_AT_START.contains(&subject[0].core)
        && let Some(first) = subject_text.chars().next()
    {
        subject_text = first.to_lowercase().collect::<String>() + &subject_text[first.len_utf8()..];
    }
    let rest_text = span(rest)
        .trim_end_matches(['.', ',', ';', ':', '!', '?'])
        .to_owned();
    let question = match verb {
        Verb::Copula(copula) => format!("In which year {copula} {subject_text} {rest_text}?"),
        Verb::Past => {
            let base = base(body[verb_at].core)?;
            format!("In which year did {subject_text} {base} {rest_text}?")
        }
    };
    let body_text = format!("{subject_text} {rest_text}");
    Some((question, body_text))
}

/// A name: a run of capitalised words (with "of" inside), or an acronym.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entity {
    first: usize,
    last: usize,
}

fn is_capitalised(word: &Word<'_>) -> bool {
    word.core.chars().next().is_some_and(char::is_uppercase)
}

fn is_acronym(core: &str) -> bool {
    (2..=6).contains(&core.len())
        && core.bytes().all(|b| b.is_ascii_uppercase())
        && core != "AD"
        && core != "BC"
}

fn entities(words: &[Word<'_>]) -> Vec<Entity> {
    let mut runs: Vec<Entity> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_capitalised(&words[i]) || year_of(&words[i]).is_some() {
            i += 1;
            continue;
        }
        let mut last = i;
        let mut j = i;
        while !words[j].ends_phrase() && j + 1 < words.len() {
            let next = &words[j + 1];
            if is_capitalised(next) {
                j += 1;
                last = j;
            } else if next.raw == "of"
                && j + 2 < words.len()
                && (is_capitalised(&words[j + 2])
                    || (words[j + 2].raw == "the"
                        && words.get(j + 3).is_some_and(|w| is_capitalised(w))))
            {
                j += if words[j + 2].raw == "the" { 2 } else { 1 };
            } else {
                break;
            }
        }
        runs.push(Entity { first: i, last });
        i = last + 1;
    }
    let mut out = Vec::new();
    for mut run in runs {
        // Drop leading sentence words, titles, and adjectives before titles.
        while run.first <= run.last {
            let word = words[run.first].core;
            let next_is_title = words
                .get(run.first + 1)
                .is_some_and(|w| run.first < run.last && is_title(w.core));
            // "Soviet-led", "US-backed": an adjective made from a name.
            let compound_adjective = word
                .split(['-', '–'])
                .nth(1)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_lowercase);
            if is_common_capitalised(word)
                || (is_title(word) && run.first < run.last)
                || (is_adjective(word) && next_is_title)
                || (compound_adjective && run.first < run.last)
            {
                run.first += 1;
            } else {
                break;
            }
        }
        if run.first > run.last {
            continue;
        }
        let core = words[run.first].core;
        let single = run.first == run.last;
        if single
            && (run.first == 0
                || is_common_capitalised(core)
                || is_adjective(core)
                || is_title(core)
                || core.contains(['-', '–', '—'])
                || core.chars().count() < 3)
            && !is_acronym(core)
        {
            continue;
        }
        out.push(run);
    }
    out
}

fn cloze_card(text: &str, words: &[Word<'_>], year_gaps: &[usize]) -> Option<Entry> {
    let sentence = normalize(text);
    let occurs_once = |name: &str| word_matches(&sentence, &normalize(name)).count() == 1;
    let mut gaps: Vec<(usize, usize)> = year_gaps
        .iter()
        .map(|&i| (words[i].core_start, words[i].core_end()))
        .collect();
    let mut found = entities(words);
    found.sort_by_key(|e| (std::cmp::Reverse(e.last - e.first), e.first));
    let mut names = 0;
    for entity in found {
        if gaps.len() >= MAX_GAPS || names >= 2 {
            break;
        }
        let span = (
            words[entity.first].core_start,
            words[entity.last].core_end(),
        );
        let name = &text[span.0..span.1];
        let overlaps = gaps.iter().any(|&(a, b)| span.0 < b && a < span.1);
        if overlaps || name.contains('|') || name.contains("::") || !occurs_once(name) {
            continue;
        }
        gaps.push(span);
        names += 1;
    }
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    // Long sentences are cut to the words around the gaps.
    let (mut from, mut to) = (0, words.len());
    if words.len() > MAX_CLOZE_WORDS {
        let first_gap = words.iter().position(|w| w.core_start == gaps[0].0)?;
        from = first_gap.saturating_sub(10);
        to = (from + MAX_CLOZE_WORDS).min(words.len());
        let (start, end) = (
            words[from].start,
            words[to - 1].start + words[to - 1].raw.len(),
        );
        gaps.retain(|&(a, b)| a >= start && b <= end);
    }
    let start = words[from].start;
    let end = words[to - 1].start + words[to - 1].raw.len();
    let build = |gaps: &[(usize, usize)]| {
        let mut out = String::new();
        let mut at = start;
        for &(a, b) in gaps {
            out.push_str(&text[at..a]);
            out.push_str("{{");
            out.push_str(&text[a..b]);
            out.push_str("}}");
            at = b;
        }
        out.push_str(&text[at..end]);
        let prefix = if from > 0 { "… " } else { "" };
        let suffix = if to < words.len() { " …" } else { "" };
        format!("{prefix}{out}{suffix}")
    };
    // Drop gaps whose answer shows elsewhere in the card.
    let mut kept: Vec<(usize, usize)> = gaps.clone();
    loop {
        if kept.is_empty() {
            return None;
        }
        let cloze = Cloze::parse(&build(&kept)).ok()?;
        let giveaway = cloze.gaps().iter().enumerate().position(|(i, gap)| {
            contains_words(
                &normalize(&cloze.render_with_gap(i)),
                &normalize(&gap.answer),
            )
        });
        match giveaway {
            Some(i) => {
                kept.remove(i);
            }
            None => break,
        }
    }
    let cloze_text = build(&kept);
    let first_word = words
        .iter()
        .position(|w| w.core_start == kept[0].0)
        .unwrap_or(0);
    let source = source_excerpt(words, text, first_word);
    let basis = words
        .iter()
        .take(8)
        .map(|w| w.core)
        .collect::<Vec<_>>()
        .join(" ");
    let mut entry = draft_entry(Kind::Cloze, text, format!("cloze {basis}"), source);
    entry.text = cloze_text;
    Some(entry)
}

#[cfg(test)]
mod tests;
