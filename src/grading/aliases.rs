//! Deck aliases (`[deck.aliases]`): a phrase and its aliases stand for one another wherever they
//! make up an answer or a part of it, so `"United States" = ["America"]` makes "America" right
//! for "United States" and "US Army" right for "United States Army". Applied by expanding each
//! accepted form into its aliased forms; `deck::validate` makes sure no alias is another card's
//! answer.

use serde::{Deserialize, Serialize};

use crate::deck::Alias;
use crate::text::{normalize, word_matches};

/// The most forms one accepted form expands to: a form naming many aliased phrases does not get
/// to multiply without bound.
const MAX_FORMS: usize = 32;

/// A deck's alias groups, normalized: each group is a phrase and its aliases.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct Aliases {
    groups: Vec<Vec<String>>,
}

impl Aliases {
    pub fn new(aliases: &[Alias]) -> Aliases {
        let groups = aliases
            .iter()
            .map(|alias| {
                let mut group: Vec<String> = std::iter::once(&alias.phrase)
                    .chain(&alias.forms)
                    .map(|text| normalize(text))
                    .filter(|text| !text.is_empty())
                    .collect();
                group.dedup();
                group
            })
            .filter(|group| group.len() > 1)
            .collect();
        Aliases { groups }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The forms `normalized` (a normalized accepted form) stands for through aliases, without
    /// itself: every occurrence of a group member replaced by each other member.
    pub fn expand(&self, normalized: &str) -> Vec<String> {
        let mut forms = vec![normalized.to_owned()];
        let mut next = 0;
        while next < forms.len() && forms.len() < MAX_FORMS {
            let form = forms[next].clone();
            next += 1;
            for group in &self.groups {
                for member in group {
                    for start in word_matches(&form, member).collect::<Vec<_>>() {
                        for other in group.iter().filter(|other| *other != member) {
                            let replaced = format!(
                                "{}{other}{}",
                                &form[..start],
                                &form[start + member.len()..]
                            );
                            if forms.len() < MAX_FORMS && !forms.contains(&replaced) {
                                forms.push(replaced);
                            }
                        }
                    }
                }
            }
        }
        forms.remove(0);
        forms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases(groups: &[(&str, &[&str])]) -> Aliases {
        Aliases::new(
            &groups
                .iter()
                .map(|(phrase, forms)| Alias {
                    phrase: (*phrase).to_owned(),
                    forms: forms.iter().map(|f| (*f).to_owned()).collect(),
                })
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn expands_whole_answers_and_parts() {
        let a = aliases(&[("United States", &["America", "U.S."])]);
        assert_eq!(a.expand("united states"), ["america", "us"]);
        assert_eq!(a.expand("united states army"), ["america army", "us army"]);
        assert_eq!(a.expand("america"), ["united states", "us"]);
        assert!(a.expand("united kingdom").is_empty());
        assert!(a.expand("trusted states").is_empty(), "whole words only");
    }

    #[test]
    fn several_phrases_combine_up_to_a_bound() {
        let a = aliases(&[("United States", &["USA"]), ("Soviet Union", &["USSR"])]);
        let forms = a.expand("united states and soviet union");
        assert!(forms.contains(&"usa and ussr".to_owned()), "{forms:?}");
        let many = aliases(&[("a b", &["c", "d", "e", "f", "g", "h", "i", "j"])]);
        let long = ["a b"; 10].join(" x ");
        assert!(many.expand(&long).len() < MAX_FORMS);
    }
}
