//! Wording that does not change an answer: small function words ("Commonwealth of Nations" =
//! "Commonwealth Nations"), singular and plural ("mujahideens", "pact" for "pacts"), a company's
//! "Limited", month abbreviations ("Dec"), and a short table of common words and phrases that
//! name the same thing ("airplane" = "aircraft", "power plant" = "power station", "air base" =
//! "air station"). The table holds general vocabulary,
//! never a deck's answers; deck-specific equivalences belong in `[deck.aliases]`.

use std::sync::LazyLock;

/// Words that only glue a phrase together; dropped unless nothing else is left.
const FUNCTION_WORDS: [&str; 8] = ["the", "a", "an", "of", "for", "in", "on", "at"];

/// Words that name the same thing, the first being the one the others are folded to: common
/// synonyms, and the usual abbreviations of months.
const SAME_WORDS: [&[&str]; 13] = [
    &["aircraft", "airplane", "aeroplane", "plane", "airliner"],
    &["crash", "accident"],
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
    kept.into_iter().map(singular).collect()
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

fn same_words(words: &[String]) -> Vec<String> {
    words
        .iter()
        .map(|word| {
            SAME_WORDS
                .iter()
                .find(|group| group.contains(&word.as_str()))
                .map_or_else(|| word.clone(), |group| group[0].to_owned())
        })
        .collect()
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
    fn function_words_alone_are_kept() {
        assert_eq!(plain("the"), "the");
        assert_eq!(plain("of the"), "of the");
        assert_eq!(plain(""), "");
    }
}
