//! The little English `draft` needs: past-tense verbs and their base forms, and the word lists
//! that tell names from ordinary capitalised words. Heuristics, tuned to err on the side of
//! falling back to a plainer question.

/// Irregular past tenses and their base forms.
const IRREGULAR: [(&str, &str); 68] = [
    ("became", "become"),
    ("began", "begin"),
    ("bore", "bear"),
    ("bought", "buy"),
    ("broke", "break"),
    ("brought", "bring"),
    ("built", "build"),
    ("came", "come"),
    ("caught", "catch"),
    ("chose", "choose"),
    ("cut", "cut"),
    ("drew", "draw"),
    ("drove", "drive"),
    ("fell", "fall"),
    ("felt", "feel"),
    ("fled", "flee"),
    ("flew", "fly"),
    ("fought", "fight"),
    ("forbade", "forbid"),
    ("forgave", "forgive"),
    ("found", "find"),
    ("gave", "give"),
    ("got", "get"),
    ("grew", "grow"),
    ("held", "hold"),
    ("hid", "hide"),
    ("hit", "hit"),
    ("kept", "keep"),
    ("knew", "know"),
    ("laid", "lay"),
    ("led", "lead"),
    ("left", "leave"),
    ("lent", "lend"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("met", "meet"),
    ("oversaw", "oversee"),
    ("overthrew", "overthrow"),
    ("paid", "pay"),
    ("put", "put"),
    ("ran", "run"),
    ("rose", "rise"),
    ("said", "say"),
    ("sang", "sing"),
    ("sat", "sit"),
    ("saw", "see"),
    ("sent", "send"),
    ("set", "set"),
    ("shot", "shoot"),
    ("sold", "sell"),
    ("sought", "seek"),
    ("spent", "spend"),
    ("spoke", "speak"),
    ("stood", "stand"),
    ("struck", "strike"),
    ("took", "take"),
    ("taught", "teach"),
    ("told", "tell"),
    ("thought", "think"),
    ("threw", "throw"),
    ("undertook", "undertake"),
    ("went", "go"),
    ("withdrew", "withdraw"),
    ("won", "win"),
    ("wrote", "write"),
    ("woke", "wake"),
    ("wore", "wear"),
];

/// Words ending in "-ed" that are not past tenses (or are nearly always adjectives).
const NOT_VERBS: [&str; 23] = [
    "united",
    "hundred",
    "sacred",
    "naked",
    "wicked",
    "kindred",
    "armed",
    "aged",
    "based",
    "limited",
    "detailed",
    "advanced",
    "alleged",
    "supposed",
    "concerned",
    "interested",
    "related",
    "skilled",
    "renowned",
    "talented",
    "need",
    "red",
    "bed",
];

/// Stems ("-ed" removed) that take back an "e" and are not caught by the rules in [`base`].
const TAKES_E: [&str; 18] = [
    "invit", "unit", "excit", "cit", "ignit", "recit", "restor", "ignor", "explor", "stor", "scor",
    "promot", "devot", "not", "quot", "vot", "complet", "compet",
];

/// The base form of a past-tense verb, if `word` (lowercase) is one.
pub fn base(word: &str) -> Option<String> {
    if let Some((_, base)) = IRREGULAR.iter().find(|(past, _)| *past == word) {
        return Some((*base).to_owned());
    }
    if NOT_VERBS.contains(&word)
        || word.len() < 4
        || !word.ends_with("ed")
        || !word.chars().all(|c| c.is_ascii_lowercase())
    {
        return None;
    }
    if let Some(stem) = word.strip_suffix("ied") {
        return Some(format!("{stem}y"));
    }
    if word.ends_with("eed") && word.len() <= 7 && !word.ends_with("eeded") {
        return Some(word[..word.len() - 1].to_owned());
    }
    let stem = &word[..word.len() - 2];
    let bytes = stem.as_bytes();
    let n = bytes.len();
    let vowel = |b: u8| b"aeiou".contains(&b);
    if n >= 3
        && bytes[n - 1] == bytes[n - 2]
        && !vowel(bytes[n - 1])
        && !b"lsfzd".contains(&bytes[n - 1])
    {
        return Some(stem[..n - 1].to_owned());
    }
    Some(if takes_e(stem) {
        format!("{stem}e")
    } else {
        stem.to_owned()
    })
}

fn takes_e(stem: &str) -> bool {
    let b = stem.as_bytes();
    let n = b.len();
    if n < 2 {
        return false;
    }
    let vowel = |c: u8| b"aeiou".contains(&c);
    let ends = |suffix: &str| stem.ends_with(suffix);
    let (last, before) = (b[n - 1], b[n - 2]);
    TAKES_E.contains(&stem)
        || matches!(last, b'u' | b'v' | b'z' | b'c')
        || (last == b'g' && !ends("ong") && !ends("gg"))
        || (last == b's' && before != b's')
        || (ends("at") && n >= 5 && !ends("eat") && !ends("oat"))
        || (ends("ir") && !ends("air"))
        || (ends("ur") && !ends("our"))
        || (ends("ar") && !ends("ear") && !ends("oar"))
        || (ends("ut") && !ends("out") && n >= 5)
        || (last == b'l' && !vowel(before) && before != b'l')
        || (ends("in") && n >= 3 && !vowel(b[n - 3]))
        || (ends("id") && !ends("aid") && !ends("oid"))
        || (ends("ud") && !ends("aud"))
        || (ends("ad") && n >= 3 && !vowel(b[n - 3]))
        || (ends("ok") && !ends("ook"))
        || (ends("ik"))
        || (ends("ap") && n >= 3 && !vowel(b[n - 3]))
        || (ends("il") && !ends("ail") && !ends("oil") && !ends("eil"))
        || ends("ul")
        || (last == b'm' && vowel(before) && n >= 3 && !vowel(b[n - 3]))
}

/// Months, for dates such as "May 1948" and "14 August 1947".
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Capitalised words that begin sentences or name roles rather than things.
const COMMON_CAPITALISED: [&str; 60] = [
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "With",
    "During",
    "After",
    "Before",
    "Following",
    "Since",
    "Until",
    "However",
    "Meanwhile",
    "Although",
    "Though",
    "While",
    "When",
    "As",
    "But",
    "And",
    "Or",
    "So",
    "Then",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "His",
    "Her",
    "Their",
    "Our",
    "Both",
    "Some",
    "Many",
    "Most",
    "Several",
    "Such",
    "According",
    "Instead",
    "Finally",
    "Soon",
    "Publicly",
    "Quite",
    "To",
    "Further",
    "Furthermore",
    "Accordingly",
    "Also",
];

/// Words for roles and titles, stripped from the front of a name ("President Ayub Khan").
const TITLES: [&str; 30] = [
    "President",
    "Premier",
    "Prime",
    "Minister",
    "General",
    "Major-General",
    "Lieutenant",
    "Colonel",
    "Sir",
    "Mr",
    "Mrs",
    "Dr",
    "King",
    "Queen",
    "Prince",
    "Chairman",
    "Secretary",
    "Ambassador",
    "Deputy",
    "Foreign",
    "Army",
    "Commander",
    "Governor-General",
    "Governor",
    "Chief",
    "Marshal",
    "Field",
    "Admiral",
    "Senator",
    "Leader",
];

/// Adjectives of nationality and the like: capitalised, but not names on their own.
const ADJECTIVES: [&str; 30] = [
    "Soviet",
    "Soviets",
    "Pakistani",
    "Pakistanis",
    "Indian",
    "Indians",
    "American",
    "Americans",
    "Afghan",
    "British",
    "Russian",
    "Russians",
    "Chinese",
    "Western",
    "Eastern",
    "Northern",
    "Southern",
    "Islamic",
    "Muslim",
    "Hindu",
    "Communist",
    "Bengali",
    "Kashmiri",
    "Marxist",
    "European",
    "Asian",
    "Arab",
    "Iranian",
    "Turkish",
    "French",
];

pub fn is_common_capitalised(word: &str) -> bool {
    COMMON_CAPITALISED.contains(&word) || MONTHS.contains(&word)
}

pub fn is_title(word: &str) -> bool {
    TITLES.contains(&word)
}

pub fn is_adjective(word: &str) -> bool {
    ADJECTIVES.contains(&word)
}

/// Words that start a clause that is not a main clause, or cannot start a subject.
pub const NOT_SUBJECT_START: [&str; 33] = [
    "after", "which", "who", "whom", "whose", "when", "while", "as", "though", "although", "but",
    "and", "or", "because", "since", "until", "before", "with", "for", "to", "of", "in", "on",
    "by", "from", "at", "during", "that", "where", "so", "then", "however", "also",
];

/// Words that cannot come right before a verb (they make the next word an adjective).
pub const DETERMINERS: [&str; 14] = [
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "this",
    "that",
    "these",
    "those",
    "of",
    "so-called",
];

/// Words that start a subject with a capital only because they start the sentence.
pub const LOWER_AT_START: [&str; 20] = [
    "The",
    "A",
    "An",
    "Both",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "Several",
    "Many",
    "Some",
    "All",
    "Each",
    "Relations",
    "Two",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_forms() {
        let cases = [
            ("joined", Some("join")),
            ("established", Some("establish")),
            ("invited", Some("invite")),
            ("visited", Some("visit")),
            ("improved", Some("improve")),
            ("normalized", Some("normalize")),
            ("carried", Some("carry")),
            ("agreed", Some("agree")),
            ("stopped", Some("stop")),
            ("committed", Some("commit")),
            ("called", Some("call")),
            ("added", Some("add")),
            ("succeeded", Some("succeed")),
            ("negotiated", Some("negotiate")),
            ("defeated", Some("defeat")),
            ("signed", Some("sign")),
            ("arranged", Some("arrange")),
            ("belonged", Some("belong")),
            ("declared", Some("declare")),
            ("appeared", Some("appear")),
            ("required", Some("require")),
            ("provided", Some("provide")),
            ("concluded", Some("conclude")),
            ("combined", Some("combine")),
            ("joined", Some("join")),
            ("contained", Some("contain")),
            ("settled", Some("settle")),
            ("caused", Some("cause")),
            ("welcomed", Some("welcome")),
            ("claimed", Some("claim")),
            ("executed", Some("execute")),
            ("became", Some("become")),
            ("went", Some("go")),
            ("united", None),
            ("used", Some("use")),
            ("Joined", None),
            ("red", None),
            ("anti-communist", None),
        ];
        for (past, expected) in cases {
            assert_eq!(base(past).as_deref(), expected, "{past}");
        }
    }
}
