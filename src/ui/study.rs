//! `recall study`'s own lines in words: today's raised limits, nothing due, and the entries of
//! the deck picker.

use super::clean;
use crate::app::queue::DayLimits;

/// "Today's limits for `deck`: 30 new (20 + 10 extra), 200 reviews."
pub fn raised_line(deck: &str, limits: &DayLimits) -> String {
    let part = |limit: u32, base: u32, extra: u32, what: &str| {
        if extra == 0 {
            format!("{limit} {what}")
        } else {
            format!("{limit} {what} ({base} + {extra} extra)")
        }
    };
    format!(
        "Today's limits for {deck}: {}, {}.",
        part(
            limits.new_limit(),
            limits.new_per_day,
            limits.extra.new,
            "new"
        ),
        part(
            limits.review_limit(),
            limits.reviews_per_day,
            limits.extra.reviews,
            "reviews"
        )
    )
}

/// "Nothing is due right now.", or nothing with one of `tags`.
pub fn nothing_due(tags: &[String]) -> String {
    if tags.is_empty() {
        "Nothing is due right now.".to_owned()
    } else {
        let tags: Vec<String> = tags.iter().map(|tag| clean(tag)).collect();
        format!("Nothing tagged {} is due right now.", tags.join(" or "))
    }
}

/// A deck in the picker: "Title  (3 new, 5 to review)".
pub fn deck_choice(title: &str, new: u32, to_review: u32) -> String {
    format!("{}  ({new} new, {to_review} to review)", clean(title))
}

/// The picker's last entry: "All decks  (8 cards)".
pub fn all_decks_choice(total: u32) -> String {
    format!("All decks  ({total} cards)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DoneToday, ExtraLimits};

    #[test]
    fn lines_in_words() {
        let limits = DayLimits {
            new_per_day: 20,
            reviews_per_day: 200,
            extra: ExtraLimits {
                new: 10,
                reviews: 0,
            },
            done: DoneToday { new: 0, reviews: 0 },
        };
        let cases = [
            (
                raised_line("d", &limits),
                "Today's limits for d: 30 new (20 + 10 extra), 200 reviews.",
            ),
            (nothing_due(&[]), "Nothing is due right now."),
            (
                nothing_due(&["a".into(), "b\u{1b}[2J".into()]),
                "Nothing tagged a or b is due right now.",
            ),
            (deck_choice("Deck", 3, 5), "Deck  (3 new, 5 to review)"),
            (all_decks_choice(8), "All decks  (8 cards)"),
        ];
        for (got, expected) in cases {
            assert_eq!(got, expected);
        }
    }
}
