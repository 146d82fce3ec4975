//! Wording that does not change an answer: small function words ("Commonwealth of Nations" =
//! "Commonwealth Nations"), singular and plural ("mujahideens", "pact" for "pacts"), a company's
//! "Limited", month abbreviations ("Dec"), and a short table of common words and phrases that
//! name the same thing ("airplane" = "aircraft", "power plant" = "power station", "air base" =
//! "air station"). The table holds general vocabulary,
//! never a deck's answers; deck-specific equivalences belong in `[deck.aliases]`.

use std::sync::LazyLock;

/// Words that only glue a phrase together; dropped unless nothing else is left.
pub(super) const FUNCTION_WORDS: [&str; 8] = ["the", "a", "an", "of", "for", "in", "on", "at"];

/// Words that name the same thing, the first being the one the others are folded to: common
/// synonyms, and the usual abbreviations of months.
const SAME_WORDS: [&[&str]; 15] = [
    &["aircraft", "airplane", "aeroplane", "plane", "airliner"],
    &["crash", "accident"],
    &["assistance", "aid"],
    &["trade", "commerce"],
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sep", "sept"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];

/// Words that end a company's name without naming it ("Pakistan Oilfields Limited").
const COMPANY_ENDINGS: [&str; 6] = ["limited", "ltd", "inc", "plc", "pvt", "llc"];

/// Phrases that name the same thing (after `SAME_WORDS`), folded to the first.
const SAME_PHRASES: [&[&str]; 4] = [
    &[
        "air station",
        "air base",
        "airbase",
        "airfield",
        "air field",
        "air force base",
        "air force station",
    ],
    &[
        "power station",
        "power plant",
        "powerplant",
        "power house",
        "powerhouse",
        "generating station",
    ],
    &[
        "steel mill",
        "steelworks",
        "steel works",
        "steel plant",
        "steelmill",
    ],
    &["aircraft crash", "air crash", "air disaster"],
];

/// `normalized` (already through `number_words::digits`) in its plain wording: function words
/// dropped, every word singular, and the common synonyms folded to one.
pub(super) fn plain(normalized: &str) -> String {
    let words = words(normalized);
    let words = same_words(&words);
    same_phrases(&words).join(" ")
}

/// The words of `text` without function words (unless that leaves none), each made singular.
fn words(text: &str) -> Vec<String> {
    let all: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let content: Vec<&str> = all
        .iter()
        .copied()
        .filter(|w| !FUNCTION_WORDS.contains(w))
        .collect();
    let mut kept = if content.is_empty() { all } else { content };
    if kept.len() > 1 && kept.last().is_some_and(|w| COMPANY_ENDINGS.contains(w)) {
        kept.pop();
    }
    kept.into_iter().map(singular).map(adjective).collect()
}

/// The adjective of a noun in -ality of nine letters or more ("neutrality" → "neutral",
/// "formality" → "formal"): the quality named by the adjective is the same answer.
fn adjective(word: String) -> String {
    if word.len() >= 9 && word.ends_with("ality") {
        word[..word.len() - 3].to_owned()
    } else {
        word
    }
}

/// Peoples named for their country, folded to the country when a reply is only the people
/// ("the British" for Britain, "the Americans" for America).
const DEMONYMS: [(&str, &str); 14] = [
    ("british", "britain"),
    ("english", "england"),
    ("american", "america"),
    ("russian", "russia"),
    ("soviet", "soviet union"),
    ("indian", "india"),
    ("pakistani", "pakistan"),
    ("afghan", "afghanistan"),
    ("chinese", "china"),
    ("french", "france"),
    ("german", "germany"),
    ("japanese", "japan"),
    ("iranian", "iran"),
    ("turkish", "turkey"),
];

/// The country a reply names by its people alone ("the British", "Americans"), normalized.
pub(super) fn country_of_people(typed: &str) -> Option<&'static str> {
    let people = typed.strip_prefix("the ").unwrap_or(typed);
    DEMONYMS.iter().find_map(|(demonym, country)| {
        (people == *demonym || people.strip_suffix('s') == Some(demonym)).then_some(*country)
    })
}

/// Whether `people` (normalized) is a country's people or its adjective, or the country
/// itself, for a place named after the answer ("Peshawar, Pakistan" to "which Pakistani
/// city?").
pub(super) fn same_country(word: &str, asked: &str) -> bool {
    word == asked
        || DEMONYMS.iter().any(|(demonym, country)| {
            (word == *country && asked == *demonym) || (word == *demonym && asked == *country)
        })
}

/// The reply with one "X of Y" read as "Y X" ("Security Council of the UN" for "UN Security
/// Council", "War of Liberation" for "Liberation War"): every way of taking one to three words
/// before an "of" and one to three after it (an article after "of" dropped).
pub(super) fn of_swaps(typed: &str) -> Vec<String> {
    let words: Vec<&str> = typed.split(' ').collect();
    let mut out = Vec::new();
    for (at, word) in words.iter().enumerate() {
        if *word != "of" || at == 0 {
            continue;
        }
        let mut after = at + 1;
        if words
            .get(after)
            .is_some_and(|w| ["the", "a", "an"].contains(w))
        {
            after += 1;
        }
        for head in 1..=at.min(3) {
            for tail in 1..=(words.len().saturating_sub(after)).min(3) {
                let mut swapped: Vec<&str> = words[..at - head].to_vec();
                swapped.extend(&words[after..after + tail]);
                swapped.extend(&words[at - head..at]);
                swapped.extend(&words[after + tail..]);
                out.push(swapped.join(" "));
            }
        }
    }
    out
}

/// The singular of an English plural of five letters or more: -ies → -y, -es after s, x, z, ch
/// or sh, else -s; words ending in -ss, -us or -is are not plurals.
pub(super) fn singular(word: &str) -> String {
    if word.len() < 5 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_owned();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["ses", "xes", "zes", "ches", "shes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_owned();
        }
    }
    if word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

/// Each word (or two words that are one when written together: "air plane") folded to the
/// first of its `SAME_WORDS` group.
fn same_words(words: &[String]) -> Vec<String> {
    let group_of = |word: &str| SAME_WORDS.iter().find(|group| group.contains(&word));
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if let Some(next) = words.get(i + 1)
            && let Some(group) = group_of(&format!("{}{next}", words[i]))
        {
            out.push(group[0].to_owned());
            i += 2;
            continue;
        }
        out.push(group_of(&words[i]).map_or_else(|| words[i].clone(), |g| g[0].to_owned()));
        i += 1;
    }
    out
}

/// Whether `reply` is `form` (both plain wording) with the two sides of its "and" swapped:
/// "tense and complex" for "complex and tense", "technical and economic assistance" for
/// "economic and technical assistance", "joined CENTO and SEATO" for "joined SEATO and CENTO".
pub(super) fn swapped(reply: &str, form: &str) -> bool {
    let (r, f): (Vec<&str>, Vec<&str>) = (reply.split(' ').collect(), form.split(' ').collect());
    if r.len() != f.len() || r == f {
        return false;
    }
    let prefix = r.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let suffix = r
        .iter()
        .rev()
        .zip(f.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (r, f) = (&r[prefix..r.len() - suffix], &f[prefix..f.len() - suffix]);
    let Some(at) = f.iter().position(|w| *w == "and") else {
        return false;
    };
    let (left, right) = (&f[..at], &f[at + 1..]);
    !left.is_empty()
        && !right.is_empty()
        && !right.contains(&"and")
        && r.len() == f.len()
        && r[..right.len()] == *right
        && r[right.len()] == "and"
        && r[right.len() + 1..] == *left
}

/// Words that open a sentence around an answer without changing it: "it was …", "they were
/// …", "I think it was …", "because …", a preposition ("from India", "in favour of India"), or a
/// pronoun with a verb of the question ("he visited America" to "Which country did he visit?").
/// Returns the rest, when there is a rest.
pub(super) fn without_frame(typed: &str, question: &str) -> Option<String> {
    const OPENERS: [&[&str]; 10] = [
        &["i", "think"],
        &["i", "believe"],
        &["because"],
        &["since"],
        &["as"],
        &["from"],
        &["to"],
        &["by"],
        &["in", "favour", "of"],
        &["in", "favor", "of"],
    ];
    const PRONOUNS: [&str; 7] = ["it", "he", "she", "they", "that", "this", "its"];
    // "was", and the verbs of a stance kept: "they remained neutral", "it stayed neutral".
    const BE: [&str; 11] = [
        "was", "is", "were", "are", "s", "stayed", "remained", "stay", "remain", "kept", "became",
    ];
    // "Stalin, I think": the same frame at the end.
    let whole = typed;
    let typed = [" i think", " i believe"]
        .iter()
        .find_map(|end| typed.strip_suffix(end))
        .unwrap_or(typed);
    let words: Vec<&str> = typed.split(' ').collect();
    let mut at = 0;
    for opener in OPENERS {
        if words.len() > at + opener.len() && words[at..at + opener.len()] == *opener {
            at += opener.len();
        }
    }
    let asked: Vec<String> = crate::text::normalize(question)
        .split(' ')
        .map(verb_stem)
        .collect();
    if let Some(pronoun) = words.get(at)
        && PRONOUNS.contains(pronoun)
        && words.len() > at + 1
    {
        if *pronoun == "its" {
            at += 1;
        } else if words.len() > at + 2
            && (BE.contains(&words[at + 1]) || asked.contains(&verb_stem(words[at + 1])))
        {
            at += 2;
        }
    } else if words.len() > at + 1 && ["stayed", "remained"].contains(&words[at]) {
        // "remained neutral": the verb of a stance without its subject.
        at += 1;
    }
    let rest = words[at..].join(" ");
    (!rest.is_empty() && rest != whole).then_some(rest)
}

/// A verb without its ending -ed, -d, -s or -ing ("visited", "visits", "visiting" → "visit").
pub(super) fn verb_stem(word: &str) -> String {
    for ending in ["ing", "ed", "s", "d"] {
        if let Some(stem) = word.strip_suffix(ending)
            && stem.len() >= 3
        {
            return stem.to_owned();
        }
    }
    word.to_owned()
}

/// `SAME_PHRASES` split into words, longest first, each with the phrase it folds to.
static PHRASES: LazyLock<Vec<(Vec<&'static str>, &'static str)>> = LazyLock::new(|| {
    let mut phrases: Vec<(Vec<&str>, &str)> = SAME_PHRASES
        .iter()
        .flat_map(|group| {
            group
                .iter()
                .map(|member| (member.split(' ').collect(), group[0]))
        })
        .collect();
    phrases.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
    phrases
});

fn same_phrases(words: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        // The longest phrase starting here wins.
        let found = PHRASES.iter().find(|(parts, _)| {
            words.len() - i >= parts.len() && parts.iter().zip(&words[i..]).all(|(p, w)| p == w)
        });
        if let Some((parts, canonical)) = found {
            out.extend(canonical.split(' ').map(str::to_owned));
            i += parts.len();
        } else {
            out.push(words[i].clone());
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_wording() {
        let same = [
            ("commonwealth of nations", "commonwealth nations"),
            ("airplane crash", "aircraft crash"),
            ("plane accident", "aircraft crash"),
            ("air crash", "aircraft crash"),
            ("peshawar air base", "peshawar air station"),
            ("peshawar airbase", "peshawar air station"),
            ("guddu power plant", "guddu power station"),
            ("steel mills", "steel mill"),
            ("mujahideens", "mujahideen"),
            ("communists", "communist"),
            ("industries", "industry"),
            ("pacts", "pact"),
            (
                "pakistan institute for international affairs",
                "pakistan institute of international affairs",
            ),
            ("pakistan oilfields limited", "pakistan oilfields"),
            ("dec", "december"),
            ("sept 1954", "september 1954"),
            ("air plane crash", "aircraft crash"),
        ];
        for (a, b) in same {
            assert_eq!(plain(a), plain(b), "{a} / {b}");
        }
        let different = [
            ("air base", "naval base"),
            ("nuclear power plant", "commercial nuclear power plant"),
            ("arms", "arm"),
            ("paris", "pari"),
            ("congress", "congres"),
            ("helicopter crash", "aircraft crash"),
            ("limited", "ltd"),
        ];
        for (a, b) in different {
            assert_ne!(plain(a), plain(b), "{a} / {b}");
        }
    }

    #[test]
    fn swapped_sides_of_and() {
        assert!(swapped("tense and complex", "complex and tense"));
        assert!(swapped(
            "technical and economic assistance",
            "economic and technical assistance"
        ));
        assert!(swapped("joined cento and seato", "joined seato and cento"));
        assert!(!swapped("complex and tense", "complex and tense"));
        assert!(!swapped("tense and simple", "complex and tense"));
        assert!(!swapped("complex tense", "tense complex"));
    }

    #[test]
    fn sentence_frames() {
        let q = "Which country did he visit instead?";
        assert_eq!(
            without_frame("it was united states", q).as_deref(),
            Some("united states")
        );
        assert_eq!(
            without_frame("he visited america", q).as_deref(),
            Some("america")
        );
        assert_eq!(
            without_frame("i think it was stalin", q).as_deref(),
            Some("stalin")
        );
        assert_eq!(
            without_frame("because ayub khan", q).as_deref(),
            Some("ayub khan")
        );
        assert_eq!(without_frame("he opposed india", q), None);
        assert_eq!(without_frame("it was", q), None);
        assert_eq!(without_frame("india", q), None);
    }

    #[test]
    fn function_words_alone_are_kept() {
        assert_eq!(plain("the"), "the");
        assert_eq!(plain("of the"), "of the");
        assert_eq!(plain(""), "");
    }
}
