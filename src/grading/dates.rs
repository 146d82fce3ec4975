//! Calendar dates in replies: "17 April 1968", "April 3, 1965", "Aug 14th 1947", "December
//! 1991", "May". A date is read as its parts (day, month, year) so that a reply giving a fuller
//! date than the card asks for is judged on the part asked: the year of a year card, the day of
//! a day-of-month card, the month (and year) of an answer that is a month. The month must be
//! written as a word, so that a date is never a hedge between two numbers ("14 15").

use unicode_normalization::UnicodeNormalization;

/// Month names and their usual abbreviations, January first.
const MONTHS: [&[&str]; 12] = [
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sep", "sept"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];

/// Words a date may be written with around its parts ("on the 3rd of April", "in May").
const GLUE: [&str; 5] = ["in", "on", "the", "of", "th"];

/// The parts a date gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Date {
    pub day: Option<u32>,
    /// 1 to 12.
    pub month: Option<u32>,
    pub year: Option<u32>,
}

impl Date {
    /// Whether this date gives every part `asked` gives, the same.
    pub fn covers(&self, asked: &Date) -> bool {
        let part = |mine: Option<u32>, theirs: Option<u32>| theirs.is_none() || mine == theirs;
        part(self.day, asked.day) && part(self.month, asked.month) && part(self.year, asked.year)
    }
}

/// Whether `date` agrees with the months and years `question` names ("On which day of June
/// 1965…?"): the parts of a reply's date beyond the one asked must not contradict the question
/// ("5 June 1966" is not the day of June 1965 asked for).
pub(super) fn agrees_with(date: &Date, question: &str) -> bool {
    let folded: String = question.nfkc().flat_map(char::to_lowercase).collect();
    let tokens: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let months: Vec<u32> = tokens
        .iter()
        .filter_map(|t| MONTHS.iter().position(|names| names[0] == *t))
        .filter_map(|m| u32::try_from(m + 1).ok())
        .collect();
    let years: Vec<u32> = tokens
        .iter()
        .filter(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|t| t.parse().ok())
        .collect();
    let fits = |part: Option<u32>, named: &[u32]| {
        part.is_none_or(|p| named.is_empty() || named.contains(&p))
    };
    fits(date.month, &months) && fits(date.year, &years)
}

/// Reads `text` as a date when that is all it is: one month written as a word, at most one day
/// (1–31, an ordinal suffix allowed) and at most one year (three or four digits), in any order,
/// with commas and the words "in", "on", "the", "of" around them. `None` for anything else.
pub(super) fn parse(text: &str) -> Option<Date> {
    if text.len() > 64 {
        return None;
    }
    let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
    let mut date = Date::default();
    for token in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        if GLUE.contains(&token) {
            continue;
        }
        if let Some(month) = MONTHS.iter().position(|names| names.contains(&token)) {
            if date.month.is_some() {
                return None;
            }
            date.month = u32::try_from(month + 1).ok();
            continue;
        }
        let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &token[digits.len()..];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value: u32 = digits.parse().ok()?;
        match (digits.len(), suffix) {
            (1 | 2, "" | "st" | "nd" | "rd" | "th") if (1..=31).contains(&value) => {
                if date.day.replace(value).is_some() {
                    return None;
                }
            }
            (3 | 4, "") => {
                if date.year.replace(value).is_some() {
                    return None;
                }
            }
            _ => return None,
        }
    }
    date.month.is_some().then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(day: Option<u32>, month: Option<u32>, year: Option<u32>) -> Option<Date> {
        let date = Date { day, month, year };
        date.month.map(|_| date)
    }

    #[test]
    fn reads_dates() {
        let cases = [
            ("17 April 1968", date(Some(17), Some(4), Some(1968))),
            ("April 3, 1965", date(Some(3), Some(4), Some(1965))),
            ("Aug 14th 1947", date(Some(14), Some(8), Some(1947))),
            (
                "on the 5th of June 1965",
                date(Some(5), Some(6), Some(1965)),
            ),
            ("December 1991", date(None, Some(12), Some(1991))),
            ("in May", date(None, Some(5), None)),
            ("Sept 1954", date(None, Some(9), Some(1954))),
            ("1968", None),
            ("17 1968", None),
            ("14 or 15 August", None),
            ("14 15 August", None),
            ("April May 1965", None),
            ("1954 1955 May", None),
            ("32 May", None),
            ("May 19555", None),
            ("the U-2 incident in May 1960", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text), expected, "{text}");
        }
    }

    #[test]
    fn dates_agree_with_the_question() {
        let q = "On which day of June 1965 was the agreement signed?";
        assert!(agrees_with(&parse("5 June 1965").expect("a date"), q));
        assert!(agrees_with(&parse("June 5").expect("a date"), q));
        assert!(!agrees_with(&parse("5 June 1966").expect("a date"), q));
        assert!(!agrees_with(&parse("5 May").expect("a date"), q));
        assert!(agrees_with(
            &parse("17 April 1968").expect("a date"),
            "In which year?"
        ));
    }

    #[test]
    fn a_fuller_date_covers_the_part_asked() {
        let full = parse("3 April 1965").expect("a date");
        assert!(full.covers(&parse("April 1965").expect("a date")));
        assert!(full.covers(&parse("April").expect("a date")));
        assert!(!full.covers(&parse("April 1966").expect("a date")));
        assert!(!parse("April").expect("a date").covers(&full));
    }
}
