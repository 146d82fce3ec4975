//! Player names: what a typed name becomes on the leaderboard (sanitised, length-limited, made
//! unique: a second "Ali" is "Ali 2"), and the teacher's optional filter (a class roster, or
//! words no name may contain). Pure.

use crate::text::{contains_words, normalize, sanitize};

/// The longest name shown, in characters.
pub const MAX_NAME_CHARS: usize = 24;

/// Which names the teacher lets in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum NameFilter {
    /// Any name.
    #[default]
    Open,
    /// Only names on the class list, shown as the list spells them; one player per name.
    Roster(Vec<String>),
    /// Any name without these words (compared normalized, as whole words).
    Blocked(Vec<String>),
}

/// Why a name was refused, in words for the player.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("type a name (letters or digits)")]
    Empty,
    #[error("that name is not on the class list; type it as your teacher wrote it")]
    NotOnRoster,
    #[error("`{0}` has already joined; rejoin from the same browser, or ask your teacher")]
    Taken(String),
    #[error("choose another name")]
    Blocked,
}

impl NameFilter {
    /// Reads a filter file: one name (roster) or word (blocklist) per line; blank lines and
    /// lines starting with `#` are skipped.
    pub fn entries(text: &str) -> Vec<String> {
        text.lines()
            .map(clean)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    }
}

/// A typed name as it may be shown: control and escape sequences removed, anything but letters,
/// digits, spaces and a little punctuation dropped, whitespace collapsed, at most
/// [`MAX_NAME_CHARS`] characters.
pub fn clean(typed: &str) -> String {
    let kept: String = sanitize(typed)
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '\'' | '#'))
        .collect();
    let words: Vec<&str> = kept.split_whitespace().collect();
    let joined = words.join(" ");
    joined
        .chars()
        .take(MAX_NAME_CHARS)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The name a new player gets: `typed` cleaned, checked against `filter`, and made unique
/// among `taken` (compared normalized, so "ali" and "Ali" are the same name).
pub fn assign(typed: &str, filter: &NameFilter, taken: &[&str]) -> Result<String, NameError> {
    let name = clean(typed);
    let key = normalize(&name);
    if key.is_empty() {
        return Err(NameError::Empty);
    }
    let is_taken = |candidate: &str| {
        let wanted = normalize(candidate);
        taken.iter().any(|other| normalize(other) == wanted)
    };
    match filter {
        NameFilter::Roster(roster) => {
            let listed = roster
                .iter()
                .find(|entry| normalize(entry) == key)
                .ok_or(NameError::NotOnRoster)?;
            if is_taken(listed) {
                return Err(NameError::Taken(listed.clone()));
            }
            Ok(listed.clone())
        }
        NameFilter::Blocked(words) => {
            if words.iter().any(|word| {
                let word = normalize(word);
                contains_words(&key, &word) || contains_words(&key.replace(' ', ""), &word)
            }) {
                return Err(NameError::Blocked);
            }
            Ok(unique(&name, is_taken))
        }
        NameFilter::Open => Ok(unique(&name, is_taken)),
    }
}

/// `name`, or "name 2", "name 3"… (shortened to fit) when it is taken.
fn unique(name: &str, is_taken: impl Fn(&str) -> bool) -> String {
    if !is_taken(name) {
        return name.to_owned();
    }
    // More players than the game allows are never reached.
    (2_usize..100_000)
        .map(|n| {
            let suffix = format!(" {n}");
            let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
            let base: String = name.chars().take(room).collect();
            format!("{}{suffix}", base.trim_end())
        })
        .find(|candidate| !is_taken(candidate))
        .unwrap_or_else(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_for_every_screen() {
        let cases = [
            ("  Ali  ", "Ali"),
            ("Ayesha\tKhan", "Ayesha Khan"),
            ("\u{1b}[31mRed\u{1b}[0m", "Red"),
            ("<script>alert(1)</script>", "scriptalert1script"),
            ("Zoë O'Brien-Smith", "Zoë O'Brien-Smith"),
            ("a\u{202e}b", "ab"),
            ("\u{0}\u{7}", ""),
            ("ＡＢＣ", "ＡＢＣ"),
            (
                "a very long name that goes on and on",
                "a very long name that go",
            ),
        ];
        for (typed, expected) in cases {
            assert_eq!(clean(typed), expected, "{typed:?}");
        }
    }

    #[test]
    fn a_second_ali_is_ali_2() {
        let taken = ["Ali", "Ali 2", "Bilal"];
        let cases = [
            ("Ali", Ok("Ali 3")),
            ("ali", Ok("ali 3")),
            ("  ALI ", Ok("ALI 3")),
            ("Chen", Ok("Chen")),
            ("bilal", Ok("bilal 2")),
            ("!!!", Err(NameError::Empty)),
            ("", Err(NameError::Empty)),
        ];
        for (typed, expected) in cases {
            let got = assign(typed, &NameFilter::Open, &taken);
            assert_eq!(got, expected.map(str::to_owned), "{typed}");
        }
    }

    #[test]
    fn a_numbered_name_still_fits() {
        let long = "x".repeat(MAX_NAME_CHARS);
        let taken = [long.as_str()];
        let got = assign(&long, &NameFilter::Open, &taken).expect("a name");
        assert_eq!(got.chars().count(), MAX_NAME_CHARS);
        assert!(got.ends_with(" 2"), "{got}");
    }

    #[test]
    fn a_roster_admits_its_names_once_as_listed() {
        let roster = NameFilter::Roster(NameFilter::entries(
            "# class 7B\nAyesha Khan\n\nBilal Ahmed\n",
        ));
        let none: [&str; 0] = [];
        assert_eq!(
            assign("ayesha  khan", &roster, &none),
            Ok("Ayesha Khan".into())
        );
        assert_eq!(assign("Chen", &roster, &none), Err(NameError::NotOnRoster));
        let taken = ["Ayesha Khan"];
        assert_eq!(
            assign("AYESHA KHAN", &roster, &taken),
            Err(NameError::Taken("Ayesha Khan".into()))
        );
    }

    #[test]
    fn blocked_words_are_found_whole_and_run_together() {
        let filter = NameFilter::Blocked(vec!["badword".into()]);
        let none: [&str; 0] = [];
        for typed in ["badword", "Mr Badword", "BAD-WORD", "bad word"] {
            assert_eq!(
                assign(typed, &filter, &none),
                Err(NameError::Blocked),
                "{typed}"
            );
        }
        assert_eq!(
            assign("Goodwordsmith", &filter, &none),
            Ok("Goodwordsmith".into())
        );
    }
}
