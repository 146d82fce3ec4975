//! [`fold_into`] and [`split_words`], the one-pass forms [`reveals`](super::reveals) reads a
//! deck's texts with, against the plain ones they stand for: [`fold`] (grading's
//! normalization with apostrophes as breaks) and `split(' ')`.

use proptest::prelude::*;

use super::{fold, fold_into, split_words};

/// `fold_into` appended to `before`: what is there stays, and `fold`'s text follows.
fn folded_after(before: &str, text: &str) -> String {
    let mut out = before.to_owned();
    fold_into(text, &mut out);
    out
}

#[test]
fn fold_into_appends_what_fold_returns() {
    let cases = [
        ("", ""),
        ("plain words", "plain words"),
        ("The Soviet Union", "soviet union"),
        ("the the", "the"),
        ("an", "an"),
        ("A an THE end", "end"),
        ("Khrushchev's visit", "khrushchev s visit"),
        ("`quoted`", "quoted"),
        ("S.K. & co.", "sk and co"),
        ("&start", "and start"),
        ("Zia-ul-Haq/x_y\\z+w|v", "zia ul haq x y z w v"),
        ("\ttabs\x0band\x0cfeeds\r\n", "tabs and feeds"),
        ("--- ...", ""),
        ("Khrushchev’s Æsop", "khrushchev s aesop"),
        ("Ünïcödé – dash", "unicode dash"),
    ];
    for (text, expected) in cases {
        assert_eq!(fold(text), expected, "fold {text:?}");
        assert_eq!(folded_after("", text), expected, "fold_into {text:?}");
        assert_eq!(
            folded_after("kept ", text),
            format!("kept {expected}"),
            "after other text: {text:?}"
        );
    }
}

/// Every ASCII character, alone, between words and doubled, as normalization's ASCII table
/// classes it.
#[test]
fn fold_into_folds_each_ascii_character_as_fold_does() {
    for byte in 0..128_u8 {
        let c = char::from(byte);
        for text in [
            format!("{c}"),
            format!("Ab{c}cD"),
            format!("x {c}{c} y"),
            format!("the{c}end"),
        ] {
            assert_eq!(folded_after("", &text), fold(&text), "{text:?}");
        }
    }
}

#[test]
fn split_words_splits_as_split_does() {
    for text in [
        "",
        " ",
        "one",
        "two words",
        " lead",
        "trail ",
        "a  b",
        "ünï côdé",
    ] {
        let plain: Vec<&str> = text.split(' ').collect();
        assert_eq!(split_words(text).collect::<Vec<_>>(), plain, "{text:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any ASCII (control characters, punctuation, articles and apostrophes included).
    #[test]
    fn fold_into_is_fold_on_ascii(text in "[\\x00-\\x7f]{0,40}", before in "[a-z ]{0,6}") {
        prop_assert_eq!(folded_after(&before, &text), format!("{before}{}", fold(&text)));
    }

    /// Words, articles and separators, so that leading articles are often met.
    #[test]
    fn fold_into_is_fold_on_words(
        words in prop::collection::vec(
            "(the|The|a|A|an|AN|x|Zia|ul|1965|&|'s|’s|é|-|/| |\\.|,)", 0..8),
    ) {
        let text = words.concat();
        prop_assert_eq!(folded_after("", &text), fold(&text));
        let joined = words.join(" ");
        prop_assert_eq!(folded_after("", &joined), fold(&joined));
    }

    #[test]
    fn split_words_is_split(text in "[a-z é]{0,20}") {
        let plain: Vec<&str> = text.split(' ').collect();
        prop_assert_eq!(split_words(&text).collect::<Vec<_>>(), plain);
    }
}
