//! Text primitives shared by the deck loader, grading and the UI: the normalization that makes
//! two spellings of an answer compare equal, the sanitizer that makes untrusted deck text safe to
//! print, a stable hash for derived ids, and small wording helpers (option keys, plurals).
//!
//! Pure functions only; nothing here knows about cards, terminals or files.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalizes text for comparison: Unicode NFKC, case folding, diacritics removed, "&" read as
/// "and", hyphens, dashes and slashes read as spaces, other punctuation dropped, whitespace
/// collapsed and leading articles ("the", "a", "an") removed.
///
/// Normalizing twice gives the same result as normalizing once.
pub fn normalize(input: &str) -> String {
    if input.is_ascii() {
        return normalize_ascii(input);
    }
    let folded = fold_chars(input, false);
    // Folded text holds letters, digits and spaces only, so its words are what lies between
    // spaces. They are copied once, without a list of them in between.
    let mut words = folded.split(' ').filter(|word| !word.is_empty());
    let mut normalized = String::with_capacity(folded.len());
    if let Some(first) = words.next() {
        normalized.push_str(first);
    }
    for word in words {
        normalized.push(' ');
        normalized.push_str(word);
    }
    drop_leading_articles(normalized)
}

/// [`normalize`] without a copy when `input` is already normalized ASCII text (lowercase
/// letters and digits in words apart by single spaces, not starting with an article), as short
/// answers such as years and numbers are: the loader normalizes every answer of every deck.
pub fn normalize_cow(input: &str) -> std::borrow::Cow<'_, str> {
    if is_normalized_ascii(input) {
        std::borrow::Cow::Borrowed(input)
    } else {
        std::borrow::Cow::Owned(normalize(input))
    }
}

/// Whether [`normalize_ascii`] would give `input` back unchanged.
fn is_normalized_ascii(input: &str) -> bool {
    let bytes = input.as_bytes();
    let word = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let article =
        bytes.starts_with(b"the ") || bytes.starts_with(b"a ") || bytes.starts_with(b"an ");
    !article
        && bytes.first().is_none_or(word)
        && bytes.last().is_none_or(word)
        && bytes.iter().all(|b| word(b) || *b == b' ')
        && !input.contains("  ")
}

/// [`normalize`] for ASCII text (most text) in one pass: each character folded as
/// [`fold_char`] folds it, runs of separators written as one space, none at either end. This
/// runs for every question and answer of every deck loaded, so it allocates once.
fn normalize_ascii(input: &str) -> String {
    let mut normalized = String::with_capacity(input.len());
    normalize_ascii_into(input, Apostrophes::Dropped, &mut normalized);
    normalized
}

/// How [`normalize_ascii_into`] reads the two ASCII apostrophes (`'` and `` ` ``).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Apostrophes {
    /// Dropped, as [`normalize`] drops them: "Pakistan's" is "pakistans".
    Dropped,
    /// Parting words, so that a possessive splits off: "pakistan s".
    Apart,
}

/// Appends [`normalize`] of ASCII text `input` to `out` (from `out`'s current end: what is
/// before it stays as it is), reading apostrophes as `apostrophes` says. Only for ASCII input.
pub fn normalize_ascii_into(input: &str, apostrophes: Apostrophes, out: &mut String) {
    debug_assert!(input.is_ascii());
    let start = out.len();
    out.reserve(input.len());
    // A separator was met since the last letter or digit written.
    let mut apart = false;
    let fold = match apostrophes {
        Apostrophes::Dropped => &*ASCII_FOLD,
        Apostrophes::Apart => &*ASCII_FOLD_APART,
    };
    for &byte in input.as_bytes() {
        match fold[usize::from(byte)] {
            Folded::Drop => {}
            Folded::Apart => apart = true,
            Folded::And => {
                if out.len() > start {
                    out.push(' ');
                }
                out.push_str("and");
                apart = true;
            }
            Folded::Keep(byte) => {
                if apart && out.len() > start {
                    out.push(' ');
                }
                apart = false;
                out.push(char::from(byte));
            }
        }
    }
    drop_leading_articles_from(out, start);
}

/// What [`normalize_ascii`] makes of one byte.
#[derive(Debug, Clone, Copy)]
enum Folded {
    /// Punctuation and the like: nothing.
    Drop,
    /// Whitespace and word separators: the words on either side are apart.
    Apart,
    /// `&`: the word "and".
    And,
    /// A letter (lowercased) or a digit.
    Keep(u8),
}

/// Each byte as [`fold_char`] folds it, looked up rather than worked out for every byte of
/// every question and answer loaded (bytes past ASCII are never looked up).
static ASCII_FOLD: std::sync::LazyLock<[Folded; 256]> =
    std::sync::LazyLock::new(|| ascii_fold(Apostrophes::Dropped));

/// [`ASCII_FOLD`] with the two ASCII apostrophes parting words ([`Apostrophes::Apart`]).
static ASCII_FOLD_APART: std::sync::LazyLock<[Folded; 256]> =
    std::sync::LazyLock::new(|| ascii_fold(Apostrophes::Apart));

/// The table of what [`normalize_ascii_into`] makes of each byte.
fn ascii_fold(apostrophes: Apostrophes) -> [Folded; 256] {
    let mut table = [Folded::Drop; 256];
    for (byte, folded) in (0..=u8::MAX).zip(table.iter_mut()) {
        let lower = byte.to_ascii_lowercase();
        // `char::is_whitespace`, not `u8::is_ascii_whitespace`: a vertical tab separates.
        let c = char::from(lower);
        *folded = if !byte.is_ascii() {
            Folded::Drop
        } else if lower.is_ascii_alphanumeric() {
            Folded::Keep(lower)
        } else if lower == b'&' {
            Folded::And
        } else if c.is_whitespace()
            || is_word_separator(c)
            || (apostrophes == Apostrophes::Apart && matches!(byte, b'\'' | b'`'))
        {
            Folded::Apart
        } else {
            Folded::Drop
        };
    }
    table
}

/// Drops every leading article ("the", "a", "an") of words joined by single spaces, but never
/// the last word, so that normalizing is idempotent.
fn drop_leading_articles(mut words: String) -> String {
    drop_leading_articles_from(&mut words, 0);
    words
}

/// [`drop_leading_articles`] for the words of `text` from byte `start` on.
fn drop_leading_articles_from(text: &mut String, start: usize) {
    // Most text begins with another word: one look at its first bytes.
    let first = &text.as_bytes()[start..];
    if !(first.starts_with(b"the ") || first.starts_with(b"a ") || first.starts_with(b"an ")) {
        return;
    }
    let mut end = start;
    while let Some((word, _)) = text[end..].split_once(' ') {
        if !matches!(word, "the" | "a" | "an") {
            break;
        }
        end += word.len() + 1;
    }
    text.drain(start..end);
}

/// Folds each character of `input` (see [`fold_char`]). Unicode normalization leaves ASCII as
/// it is, so ASCII text (most text) may take the `ascii` path, where only case is folded first.
fn fold_chars(input: &str, ascii: bool) -> String {
    let mut folded = String::with_capacity(input.len());
    if ascii {
        for c in input.chars() {
            fold_char(c.to_ascii_lowercase(), &mut folded);
        }
    } else {
        // NFKC first so compatibility forms (full-width letters, ligatures) become plain
        // letters, then NFD so accents become separate combining marks that can be dropped.
        for c in input.nfkc().flat_map(char::to_lowercase).nfd() {
            if !is_combining_mark(c) {
                fold_char(c, &mut folded);
            }
        }
    }
    folded
}

/// Appends a lowercase, decomposed character to normalized text: letters and digits as they
/// are (a few letters spelled out), separators as spaces, other punctuation dropped.
fn fold_char(c: char, folded: &mut String) {
    {
        match c {
            'ß' => folded.push_str("ss"),
            'æ' => folded.push_str("ae"),
            'œ' => folded.push_str("oe"),
            'ø' => folded.push('o'),
            'ł' => folded.push('l'),
            'đ' | 'ð' => folded.push('d'),
            'þ' => folded.push_str("th"),
            'ı' => folded.push('i'),
            '&' => folded.push_str(" and "),
            c if c.is_alphanumeric() => folded.push(c),
            c if c.is_whitespace() || is_word_separator(c) => folded.push(' '),
            // Apostrophes, periods, commas, quotes and the like vanish: "S.K." = "SK".
            _ => {}
        }
    }
}

/// Characters that separate words rather than decorate them: hyphens, dashes, slashes and
/// underscores, so that "Zia-ul-Haq" and "zia ul haq" compare equal.
fn is_word_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '_'
            | '/'
            | '\\'
            | '‐'
            | '‑'
            | '‒'
            | '–'
            | '—'
            | '―'
            | '⁄'
            | '·'
            | '•'
            | '+'
            | '|'
    )
}

/// Removes terminal control and escape sequences from untrusted text before it is printed:
/// ANSI/VT escape sequences (CSI, OSC, DCS and two-byte escapes), C0 and C1 control characters
/// other than newline and tab, and the invisible controls of [`is_hidden_control`]
/// (bidirectional overrides and the like) that can reorder what the reader sees. Tabs become
/// spaces; the Unicode line and paragraph separators become line breaks.
pub fn sanitize(input: &str) -> String {
    if is_printable(input) {
        return input.to_owned();
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape_sequence(&mut chars),
            // C1 CSI, OSC, DCS, SOS, PM, APC introduce sequences just like their ESC forms.
            '\u{9b}' => skip_until_csi_final(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                skip_until_string_end(&mut chars);
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() || is_hidden_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether [`sanitize`] and [`single_line`] would return `input` unchanged: no control
/// character (C0, DEL, C1: escapes, tabs and line breaks among them), no hidden control and no
/// Unicode line or paragraph separator. Checked first, so that the common text (`check`
/// prints hundreds of thousands of diagnostics) is copied rather than rebuilt a character at
/// a time.
fn is_printable(input: &str) -> bool {
    if input.is_ascii() {
        return input.bytes().all(|b| (b' '..=b'~').contains(&b));
    }
    input
        .chars()
        .all(|c| !c.is_control() && !is_hidden_control(c) && !matches!(c, '\u{2028}' | '\u{2029}'))
}

/// Invisible characters that change how the text around them is shown rather than being
/// shown themselves: the bidirectional controls (embeddings, overrides, isolates and the
/// left-to-right, right-to-left and Arabic letter marks), which can make a line read
/// differently from what it holds ("Trojan Source"), the deprecated format controls
/// U+206A–U+206F (symmetric swapping, Arabic shaping, digit shapes) and the interlinear
/// annotation controls U+FFF9–U+FFFB. The joiners U+200C and U+200D are not among them: Urdu,
/// Persian and emoji need them.
pub fn is_hidden_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{206f}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_until_csi_final(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_until_string_end(chars),
        // Two-byte escapes such as ESC c (reset) or ESC 7; intermediate bytes first.
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            while let Some(&next) = chars.peek() {
                chars.next();
                if !('\u{20}'..='\u{2f}').contains(&next) {
                    break;
                }
            }
        }
        _ => {}
    }
}

fn skip_until_csi_final(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// Skips an OSC/DCS-style string, which ends at BEL, ST (ESC \) or C1 ST.
fn skip_until_string_end(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// How a line break inside a value is shown where a value must stay on one line.
pub const LINE_BREAK_MARK: char = '⏎';

/// [`sanitize`]d text on one line: every line break (`\n`, `\r\n`, `\r`, the Unicode line and
/// paragraph separators) shown as [`LINE_BREAK_MARK`], so that a value quoted in a one-line
/// message (a diagnostic, a skipped row) cannot start a line of its own and pass for output of
/// recall's.
pub fn single_line(input: &str) -> String {
    if is_printable(input) {
        return input.to_owned();
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(LINE_BREAK_MARK);
            }
            _ => out.push(c),
        }
    }
    sanitize(&out)
}

/// The most characters of one value quoted (between backticks) in a message.
pub const QUOTED_CHARS: usize = 200;
/// The most characters of a line of a message between two quoted values.
pub const UNQUOTED_CHARS: usize = 1000;

/// A message (a diagnostic, a skipped row's reason) of a readable length, however large the
/// values it quotes: each value quoted between backticks is cut to its first
/// [`QUOTED_CHARS`] characters and `…`, and any other line to [`UNQUOTED_CHARS`]. Costs time
/// linear in the message.
pub fn bounded(message: &str) -> std::borrow::Cow<'_, str> {
    if message.len() <= QUOTED_CHARS {
        return std::borrow::Cow::Borrowed(message);
    }
    let mut out = String::new();
    for (i, span) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(&excerpt(span, QUOTED_CHARS));
        } else {
            // Words of recall's own may run over several lines (a list of skipped rows): each
            // line is bounded, not the whole.
            for (j, line) in span.split('\n').enumerate() {
                if j > 0 {
                    out.push('\n');
                }
                out.push_str(&excerpt(line, UNQUOTED_CHARS));
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `text` when it has at most `limit` characters; otherwise its first `limit - 1` and `…`.
pub fn excerpt(text: &str, limit: usize) -> std::borrow::Cow<'_, str> {
    if text.char_indices().nth(limit).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let end = text
        .char_indices()
        .nth(limit.saturating_sub(1))
        .map_or(text.len(), |(at, _)| at);
    std::borrow::Cow::Owned(format!("{}…", &text[..end]))
}

/// A 64-bit FNV-1a hash: stable across platforms, Rust versions and runs, unlike
/// `std::hash::DefaultHasher`. Used for derived ids and seeds, never for security.
pub fn stable_hash(parts: &[&[u8]]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // A separator that cannot occur in UTF-8 keeps ("ab", "c") apart from ("a", "bc").
            hash ^= 0xff;
            hash = hash.wrapping_mul(PRIME);
        }
        for &byte in *part {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// A 64-bit hash of a file's or a card's contents, to notice a change: stable across platforms
/// and runs like [`stable_hash`], but eight bytes at a time in four lanes, so that hashing a
/// collection's deck files costs a few milliseconds. Not for ids, and never for security.
/// [`ContentHasher`] gives the same hash of bytes handed over in pieces.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = ContentHasher::new();
    hasher.update(bytes);
    hasher.finish()
}

/// [`content_hash`] of bytes that come in pieces (a file read a block at a time, so that it
/// is never held whole): the pieces' hash is that of their concatenation, however it is cut.
#[derive(Debug, Clone)]
pub struct ContentHasher {
    lanes: [u64; 4],
    /// Bytes of an unfinished 32-byte block.
    pending: [u8; 32],
    pending_len: usize,
    /// Every byte handed over so far.
    len: u64,
}

impl Default for ContentHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl ContentHasher {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;

    pub fn new() -> ContentHasher {
        ContentHasher {
            lanes: [
                0x243f_6a88_85a3_08d3,
                0x1319_8a2e_0370_7344,
                0xa409_3822_299f_31d0,
                0x082e_fa98_ec4e_6c89,
            ],
            pending: [0; 32],
            pending_len: 0,
            len: 0,
        }
    }

    /// Mixes one whole 32-byte block into the lanes.
    fn block(lanes: &mut [u64; 4], block: &[u8]) {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            *lane = (*lane ^ u64::from_le_bytes(eight))
                .wrapping_mul(Self::K)
                .rotate_left(31);
        }
    }

    /// Hands over the next bytes.
    pub fn update(&mut self, mut bytes: &[u8]) {
        self.len = self.len.wrapping_add(bytes.len() as u64);
        if self.pending_len > 0 {
            let take = (32 - self.pending_len).min(bytes.len());
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&bytes[..take]);
            self.pending_len += take;
            bytes = &bytes[take..];
            if self.pending_len < 32 {
                return;
            }
            let pending = self.pending;
            Self::block(&mut self.lanes, &pending);
            self.pending_len = 0;
        }
        let mut blocks = bytes.chunks_exact(32);
        for block in &mut blocks {
            Self::block(&mut self.lanes, block);
        }
        let rest = blocks.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.pending_len = rest.len();
    }

    /// The hash of every byte handed over.
    pub fn finish(&self) -> u64 {
        let mut tail = [0u8; 32];
        tail[..self.pending_len].copy_from_slice(&self.pending[..self.pending_len]);
        let mut hash = self.len.wrapping_mul(Self::K);
        for (lane, word) in self.lanes.iter().zip(tail.chunks_exact(8)) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            let word = (*lane ^ u64::from_le_bytes(eight))
                .wrapping_mul(Self::K)
                .rotate_left(31);
            hash = (hash ^ word).wrapping_mul(Self::K).rotate_left(27);
        }
        // Final avalanche (MurmurHash3's fmix64), so that every input bit reaches every output
        // bit.
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        hash ^ (hash >> 33)
    }
}

/// Whether `needle` occurs in `haystack` as whole words (both already normalized).
pub fn contains_words(haystack: &str, needle: &str) -> bool {
    word_matches(haystack, needle).next().is_some()
}

/// Where `needle` occurs in `haystack` as whole words (both already normalized): the byte
/// offsets of its non-overlapping occurrences. An empty needle occurs nowhere.
pub fn word_matches<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    (!needle.is_empty())
        .then(|| haystack.match_indices(needle))
        .into_iter()
        .flatten()
        .map(|(start, _)| start)
        .filter(move |&start| {
            let end = start + needle.len();
            let before_ok = haystack[..start]
                .chars()
                .next_back()
                .is_none_or(|c| c == ' ');
            let after_ok = haystack[end..].chars().next().is_none_or(|c| c == ' ');
            before_ok && after_ok
        })
}

/// Parses a number written on its own: optional sign, digits with optional `,` or `_` thousands
/// separators (`1,000`), an optional decimal part. Returns `None` for anything else.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let unsigned = text.strip_prefix(['-', '+', '−']).unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let whole_ok = !whole.is_empty()
        && whole
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'_')
        && whole.as_bytes()[0].is_ascii_digit()
        && !whole.ends_with([',', '_']);
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !(whole_ok && fraction_ok) {
        return None;
    }
    let digits: String = unsigned
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    let value: f64 = digits.parse().ok()?;
    let negative = text.starts_with(['-', '−']);
    value
        .is_finite()
        .then_some(if negative { -value } else { value })
}

/// Whether `text` is a year as decks write it: one to four digits, optionally negative (BCE).
pub fn parse_year(text: &str) -> Option<i32> {
    let text = text.trim();
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The keys that label `options`: 1–9 when they fit, else a–z; letters too when an option is
/// itself one of the digits (options "4", "3", "2", "1"), so that typing an option's text and
/// typing its key never mean two options. Grading reads a reply that is an option's text as
/// that option first, then a number or a letter as a place. Both session screens and the printed
/// drill paper use these labels, so a paper matches the screen.
pub fn choice_keys<S: AsRef<str>>(options: &[S]) -> Vec<char> {
    let n = options.len();
    let digits: Vec<char> = ('1'..='9').take(n).collect();
    let clash = options.iter().any(|option| {
        let mut chars = option.as_ref().trim().chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if digits.contains(&c))
    });
    if n <= 9 && !clash {
        digits
    } else {
        ('a'..='z').take(n).collect()
    }
}

/// `one` for a count of exactly 1, `many` otherwise (zero included): "1 card", "0 cards".
pub fn plural<'a, N: Copy + PartialEq + From<u8>>(n: N, one: &'a str, many: &'a str) -> &'a str {
    if n == N::from(1) { one } else { many }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn normalize_table() {
        let cases = [
            ("case is folded", "Islamabad", "islamabad"),
            ("diacritics are folded", "Suhrawardý", "suhrawardy"),
            ("hyphens are spaces", "Zia-ul-Haq", "zia ul haq"),
            ("en dash is a space", "India–Pakistan", "india pakistan"),
            ("ampersand is and", "Trade & Culture", "trade and culture"),
            ("punctuation vanishes", "S.K. Romonovsky!", "sk romonovsky"),
            ("apostrophes vanish", "Pakistan’s", "pakistans"),
            (
                "whitespace collapses",
                "  Liaquat \t Ali\nKhan ",
                "liaquat ali khan",
            ),
            (
                "leading article dropped",
                "The Soviet Union",
                "soviet union",
            ),
            ("lone article kept", "A", "a"),
            ("every leading article", "the a team", "team"),
            ("article must be a word", "Theodore", "theodore"),
            ("full-width letters", "ＣＥＮＴＯ", "cento"),
            ("ligature", "ﬁnal", "final"),
            ("sharp s", "Straße", "strasse"),
            ("digits kept", "1955.", "1955"),
            ("empty", "", ""),
            ("only punctuation", "?!", ""),
        ];
        for (name, input, expected) in cases {
            assert_eq!(normalize(input), expected, "{name}");
        }
    }

    #[test]
    fn sanitize_table() {
        let cases = [
            ("plain text untouched", "Which year?", "Which year?"),
            (
                "every printable ASCII character kept",
                " !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~",
                " !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~",
            ),
            ("delete removed", "a\u{7f}b", "ab"),
            ("nul removed", "a\u{0}b", "ab"),
            ("clear screen removed", "a\u{1b}[2Jb", "ab"),
            ("colour removed", "\u{1b}[31mred\u{1b}[0m", "red"),
            ("osc title removed", "\u{1b}]0;pwned\u{7}x", "x"),
            (
                "osc with st removed",
                "\u{1b}]8;;http://x\u{1b}\\link",
                "link",
            ),
            ("reset removed", "a\u{1b}cb", "ab"),
            ("c1 csi removed", "a\u{9b}2Jb", "ab"),
            ("bell removed", "a\u{7}b", "ab"),
            ("carriage return removed", "a\rb", "ab"),
            ("newline kept", "a\nb", "a\nb"),
            ("tab becomes space", "a\tb", "a b"),
            ("bidi override removed", "a\u{202e}b", "ab"),
            ("arabic letter mark removed", "a\u{61c}b", "ab"),
            (
                "bidi isolates removed",
                "\u{2066}a\u{2067}b\u{2068}c\u{2069}",
                "abc",
            ),
            (
                "left-to-right and right-to-left marks removed",
                "a\u{200e}b\u{200f}c",
                "abc",
            ),
            (
                "deprecated format controls removed",
                "a\u{206a}b\u{206f}c",
                "abc",
            ),
            (
                "interlinear annotation removed",
                "a\u{fff9}b\u{fffa}c\u{fffb}",
                "abc",
            ),
            (
                "line separator is a line break",
                "a\u{2028}b\u{2029}c",
                "a\nb\nc",
            ),
            (
                "joiners kept (Urdu, emoji)",
                "ک\u{200c}ی \u{1f469}\u{200d}\u{1f52c}",
                "ک\u{200c}ی \u{1f469}\u{200d}\u{1f52c}",
            ),
            ("unicode kept", "Pakistan–Soviet ✓", "Pakistan–Soviet ✓"),
            ("truncated escape", "a\u{1b}", "a"),
        ];
        for (name, input, expected) in cases {
            assert_eq!(sanitize(input), expected, "{name}");
        }
    }

    #[test]
    fn single_line_table() {
        let cases = [
            ("one line untouched", "unknown key `x`", "unknown key `x`"),
            ("line feed", "a\nb", "a⏎b"),
            ("crlf is one break", "a\r\nb", "a⏎b"),
            ("lone carriage return", "a\rb", "a⏎b"),
            (
                "unicode separators",
                "a\u{2028}b\u{2029}c\u{85}d",
                "a⏎b⏎c⏎d",
            ),
            ("still sanitized", "a\u{1b}[2J\u{202e}b", "ab"),
            ("tab on one line", "a\tb", "a b"),
            ("delete removed", "a\u{7f}b", "ab"),
            (
                "printable ASCII untouched",
                "x:1:2: ~{a}|`b`",
                "x:1:2: ~{a}|`b`",
            ),
            (
                "printable unicode untouched",
                "add id = \"…\" ✓",
                "add id = \"…\" ✓",
            ),
            ("c1 control removed", "…a\u{9b}2Jb", "…ab"),
        ];
        for (name, input, expected) in cases {
            assert_eq!(single_line(input), expected, "{name}");
        }
    }

    #[test]
    fn bounded_cuts_long_quoted_values_only() {
        let long = "x".repeat(5000);
        let short_message = "unknown key `answr`; did you mean `answer`?";
        assert_eq!(bounded(short_message), short_message);
        let message = format!("unknown card kind `{long}` in a [[card]]");
        let cut = bounded(&message);
        let expected = format!(
            "unknown card kind `{}…` in a [[card]]",
            "x".repeat(QUOTED_CHARS - 1)
        );
        assert_eq!(cut, expected);
        // Two values: each cut, the words between kept.
        let two = format!("the answer of `{long}` changed (it was `{long}`)");
        let cut = bounded(&two);
        assert!(cut.contains("…` changed (it was `x"), "{cut}");
        assert!(cut.ends_with("…`)"), "{cut}");
        // A value with a backtick of its own: still bounded.
        let tricky = format!("key `a`{long}`b` here");
        assert!(bounded(&tricky).chars().count() < UNQUOTED_CHARS + 2 * QUOTED_CHARS);
        // Many lines of recall's own words are kept whole.
        let lines = "line 12: skipped because of a reason\n".repeat(100);
        assert_eq!(bounded(&lines), lines);
        // Multi-byte characters are cut at a character boundary.
        let wide = format!("`{}`", "ک".repeat(1000));
        assert_eq!(bounded(&wide).chars().count(), QUOTED_CHARS + 2);
    }

    #[test]
    fn excerpt_table() {
        assert_eq!(excerpt("abc", 3), "abc");
        assert_eq!(excerpt("abcd", 3), "ab…");
        assert_eq!(excerpt("", 0), "");
        assert_eq!(excerpt("a", 0), "…");
    }

    #[test]
    fn stable_hash_is_stable() {
        // Pinned: changing this would reset the progress of every card without an id.
        assert_eq!(stable_hash(&[b""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(&[b"a"]), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(stable_hash(&[b"ab", b"c"]), stable_hash(&[b"a", b"bc"]));
    }

    #[test]
    fn parses_numbers() {
        let cases = [
            ("3", Some(3.0)),
            ("-40", Some(-40.0)),
            ("+2.5", Some(2.5)),
            ("1,000", Some(1000.0)),
            ("1_000_000", Some(1e6)),
            (" 7 ", Some(7.0)),
            ("1,", None),
            (",1", None),
            ("1.", None),
            (".5", None),
            ("1e5", None),
            ("five", None),
            ("", None),
            ("NaN", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_number(text), expected, "{text}");
        }
    }

    #[test]
    fn parses_years() {
        let cases = [
            ("1955", Some(1955)),
            ("33", Some(33)),
            ("-500", Some(-500)),
            ("19555", None),
            ("1955.0", None),
            ("mid-1950s", None),
            ("", None),
            ("-", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_year(text), expected, "{text}");
        }
    }

    #[test]
    fn contains_words_table() {
        assert!(contains_words("joined cento in 1955", "1955"));
        assert!(contains_words("joined cento in 1955", "cento"));
        assert!(!contains_words("joined cento in 19555", "1955"));
        assert!(!contains_words("kosygins visit", "kosygin"));
        assert!(!contains_words("anything", ""));
    }

    #[test]
    fn word_matches_skip_parts_of_longer_words() {
        let at: Vec<usize> = word_matches("cento and centos and cento", "cento").collect();
        assert_eq!(at, [0, 21]);
        assert_eq!(word_matches("anything", "").count(), 0);
    }

    #[test]
    fn choice_keys_are_digits_up_to_nine_then_letters() {
        let options = |n: usize| -> Vec<String> { (0..n).map(|i| format!("option {i}")).collect() };
        assert_eq!(choice_keys(&options(0)), Vec::<char>::new());
        assert_eq!(choice_keys(&options(4)), ['1', '2', '3', '4']);
        assert_eq!(choice_keys(&options(9)).last(), Some(&'9'));
        assert_eq!(choice_keys(&options(10)).first(), Some(&'a'));
        assert_eq!(choice_keys(&options(10)).last(), Some(&'j'));
        // Options that are themselves keys get letters.
        assert_eq!(choice_keys(&["4", "3", "2", "1"]), ['a', 'b', 'c', 'd']);
        assert_eq!(choice_keys(&["10", "20", "30"]), ['1', '2', '3']);
        assert_eq!(choice_keys(&["1954", " 2 "]), ['a', 'b']);
    }

    #[test]
    fn content_hashes_are_fixed_and_tell_small_changes_apart() {
        // Fixed values: a stored hash must mean the same thing in the next version.
        assert_eq!(content_hash(b""), 16_950_557_972_793_912_089);
        assert_eq!(
            content_hash(b"recall: the same bytes give the same hash"),
            5_243_757_115_364_161_134
        );
        let text = b"[deck]\nid = \"d\"\ntitle = \"A deck long enough to fill a few blocks\"\n";
        let base = content_hash(text);
        let mut seen = std::collections::HashSet::from([base]);
        // Every single-byte change and every truncation gives another hash.
        for at in 0..text.len() {
            let mut changed = text.to_vec();
            changed[at] ^= 0x20;
            assert!(seen.insert(content_hash(&changed)), "byte {at}");
            assert!(seen.insert(content_hash(&text[..at])), "first {at} bytes");
        }
        assert_eq!(content_hash(text), base);
    }

    #[test]
    fn plural_is_singular_only_for_one() {
        assert_eq!(plural(0_usize, "card", "cards"), "cards");
        assert_eq!(plural(1_usize, "card", "cards"), "card");
        assert_eq!(plural(2_u32, "day", "days"), "days");
    }

    proptest! {
        #[test]
        fn bytes_hashed_in_pieces_hash_as_a_whole(
            bytes in proptest::collection::vec(any::<u8>(), 0..200),
            cuts in proptest::collection::vec(0usize..200, 0..6),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort_unstable();
            let mut hasher = ContentHasher::new();
            let mut from = 0;
            for cut in cuts.into_iter().chain([bytes.len()]) {
                hasher.update(&bytes[from..cut]);
                from = cut;
            }
            prop_assert_eq!(hasher.finish(), content_hash(&bytes));
        }
    }

    proptest! {
        #[test]
        fn ascii_text_folds_alike_on_both_paths(s in "[ -~\t\n]{0,40}") {
            prop_assert_eq!(fold_chars(&s, true), fold_chars(&s, false));
        }

        /// The single-pass word copy gives what splitting, dropping articles and joining gave.
        #[test]
        fn normalize_matches_split_and_join(s in "\\PC{0,40}|((the|a|an|&|-| |x|The|A|É)[ -]?){0,8}|[\t\n\x0b\x0c\r\x1c -~]{0,40}") {
            let folded = fold_chars(&s, false);
            let mut words: Vec<&str> = folded.split_whitespace().collect();
            let articles = words
                .iter()
                .take(words.len().saturating_sub(1))
                .take_while(|w| matches!(**w, "the" | "a" | "an"))
                .count();
            words.drain(..articles);
            prop_assert_eq!(normalize(&s), words.join(" "));
        }

        /// Borrowed or not, the text is the normalized one.
        #[test]
        fn normalize_cow_is_normalize(s in "\\PC{0,20}|((the|a|an|x|9| |-|A|é)[ ]?){0,6}|[a-z0-9 ]{0,20}") {
            let (cow, normalized) = (normalize_cow(&s), normalize(&s));
            prop_assert_eq!(cow.as_ref(), normalized.as_str());
        }

        #[test]
        fn normalize_is_idempotent(s in "\\PC{0,40}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn sanitize_leaves_no_escape(s in "\\PC{0,40}|[a\u{61c}\u{200e}\u{202e}\u{2066}-\u{206f}\u{fff9}-\u{fffb}]{0,20}|[\u{1b}\u{9b}\\[\\]0-9;a-zA-Z\u{7}]{0,40}") {
            let clean = sanitize(&s);
            prop_assert!(!clean.chars().any(|c| (c.is_control() && c != '\n') || is_hidden_control(c)));
        }
    }
}
