//! Cloze text: a sentence with gaps `{{answer|alternative::hint}}`, each gap its own card.
//!
//! Every gap's card shows the text around its gap, not the whole text: at most
//! [`CONTEXT_BYTES`] and [`CONTEXT_GAPS`] other gaps either side (a short text is shown
//! whole). So what a cloze card costs, in time, memory and database space, grows linearly with
//! its gaps, and a card may have at most [`MAX_GAPS`] of them.

use std::ops::Range;

/// The most gaps one cloze card may have (each becomes a card of its own).
pub const MAX_GAPS: usize = 100;
/// How much of the text either side of its gap a card shows, in bytes (characters, for most
/// Latin text).
pub const CONTEXT_BYTES: usize = 300;
/// How many other gaps either side of its gap a card shows, filled in.
pub const CONTEXT_GAPS: usize = 10;

/// A parsed cloze text.
#[derive(Debug, Clone, PartialEq)]
pub struct Cloze {
    text: String,
    gaps: Vec<Gap>,
}

/// One gap of a cloze text.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// The answer shown after answering (the first alternative).
    pub answer: String,
    /// Further accepted answers.
    pub accept: Vec<String>,
    /// Shown in the gap instead of `…`.
    pub hint: Option<String>,
    /// Byte range of the whole `{{…}}` in the text.
    range: Range<usize>,
}

/// Why a cloze text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClozeError {
    #[error("has no gaps; mark each gap as {{{{answer}}}}")]
    NoGaps,
    #[error("has an empty gap at `{0}`")]
    EmptyGap(String),
    #[error("has an empty alternative in the gap `{0}`")]
    EmptyAlternative(String),
    #[error("has a `{{{{` that is never closed by `}}}}`")]
    Unclosed,
    #[error("has a gap inside a gap")]
    Nested,
    #[error("has a `}}}}` without an opening `{{{{`")]
    StrayClose,
    #[error("has {count} gaps; a cloze card may have at most {MAX_GAPS}", MAX_GAPS = MAX_GAPS)]
    TooManyGaps { count: usize },
}

impl Cloze {
    pub fn parse(text: &str) -> Result<Cloze, ClozeError> {
        let mut gaps = Vec::new();
        let mut pos = 0;
        loop {
            let open = text[pos..].find("{{").map(|i| pos + i);
            let close = text[pos..].find("}}").map(|i| pos + i);
            let Some(open) = open else {
                if close.is_some() {
                    return Err(ClozeError::StrayClose);
                }
                break;
            };
            if close.is_some_and(|close| close < open) {
                return Err(ClozeError::StrayClose);
            }
            let inner_start = open + 2;
            let inner_end = text[inner_start..]
                .find("}}")
                .map(|i| inner_start + i)
                .ok_or(ClozeError::Unclosed)?;
            let inner = &text[inner_start..inner_end];
            if inner.contains("{{") {
                return Err(ClozeError::Nested);
            }
            gaps.push(parse_gap(inner, open..inner_end + 2)?);
            pos = inner_end + 2;
        }
        if gaps.is_empty() {
            return Err(ClozeError::NoGaps);
        }
        if gaps.len() > MAX_GAPS {
            return Err(ClozeError::TooManyGaps { count: gaps.len() });
        }
        Ok(Cloze {
            text: text.to_owned(),
            gaps,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn gaps(&self) -> &[Gap] {
        &self.gaps
    }

    /// The text around gap `index`, the gap hidden as `[…]` (or `[hint]`) and the other gaps
    /// filled in: the whole text when it is short, else a window of it (see the module doc)
    /// cut at word boundaries and marked `…` where it is cut.
    pub fn render_with_gap(&self, index: usize) -> String {
        let Some(hidden) = self.gaps.get(index) else {
            return self.render_filled();
        };
        let window = self.window(index);
        let mut out = String::with_capacity(window.len() + 2 * "…".len());
        if window.start > 0 {
            out.push('…');
        }
        let first = self.gaps.partition_point(|g| g.range.end <= window.start);
        let mut pos = window.start;
        for gap in self.gaps[first..]
            .iter()
            .take_while(|g| g.range.start < window.end)
        {
            out.push_str(&self.text[pos..gap.range.start]);
            if std::ptr::eq(gap, hidden) {
                out.push('[');
                out.push_str(gap.hint.as_deref().unwrap_or("…"));
                out.push(']');
            } else {
                out.push_str(&gap.answer);
            }
            pos = gap.range.end;
        }
        out.push_str(&self.text[pos..window.end]);
        if window.end < self.text.len() {
            out.push('…');
        }
        out
    }

    /// The byte range of the text that gap `index`'s card shows: never a part of another gap,
    /// at most [`CONTEXT_BYTES`] and [`CONTEXT_GAPS`] gaps either side of it.
    fn window(&self, index: usize) -> Range<usize> {
        let text = self.text.as_str();
        let gap = &self.gaps[index];
        // Context unused on one side (near the start or the end) goes to the other side.
        let before = CONTEXT_BYTES + (gap.range.end + CONTEXT_BYTES).saturating_sub(text.len());
        let after = CONTEXT_BYTES + CONTEXT_BYTES.saturating_sub(gap.range.start);
        let mut start = gap.range.start.saturating_sub(before);
        let mut end = (gap.range.end + after).min(text.len());
        if let Some(far) = index.checked_sub(CONTEXT_GAPS + 1) {
            start = start.max(self.gaps[far].range.end);
        }
        if let Some(far) = self.gaps.get(index + CONTEXT_GAPS + 1) {
            end = end.min(far.range.start);
        }
        // Cut at a word boundary (when there is one) outside any gap.
        if start > 0 {
            while !text.is_char_boundary(start) {
                start += 1;
            }
            if let Some(space) = text[start..gap.range.start].find(char::is_whitespace) {
                start += space;
                start += text[start..].chars().next().map_or(0, char::len_utf8);
            }
            if let Some(cut) = self.gaps[..index]
                .iter()
                .rev()
                .find(|g| g.range.start < start)
                .filter(|g| g.range.end > start)
            {
                start = cut.range.end;
            }
        }
        if end < text.len() {
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            if let Some(space) = text[gap.range.end..end].rfind(char::is_whitespace) {
                end = gap.range.end + space;
            }
            if let Some(cut) = self.gaps[index + 1..]
                .iter()
                .find(|g| g.range.end > end)
                .filter(|g| g.range.start < end)
            {
                end = cut.range.start;
            }
        }
        start..end
    }

    /// The sentence with every gap filled in.
    pub fn render_filled(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut pos = 0;
        for gap in &self.gaps {
            out.push_str(&self.text[pos..gap.range.start]);
            out.push_str(&gap.answer);
            pos = gap.range.end;
        }
        out.push_str(&self.text[pos..]);
        out
    }
}

fn parse_gap(inner: &str, range: Range<usize>) -> Result<Gap, ClozeError> {
    let whole = || format!("{{{{{inner}}}}}");
    let (answers, hint) = match inner.split_once("::") {
        Some((answers, hint)) => (answers, Some(hint.trim())),
        None => (inner, None),
    };
    if answers.trim().is_empty() {
        return Err(ClozeError::EmptyGap(whole()));
    }
    let mut alternatives = answers.split('|').map(str::trim);
    let answer = alternatives.next().unwrap_or_default().to_owned();
    let accept: Vec<String> = alternatives.map(str::to_owned).collect();
    if answer.is_empty() || accept.iter().any(String::is_empty) {
        return Err(ClozeError::EmptyAlternative(whole()));
    }
    Ok(Gap {
        answer,
        accept,
        hint: hint.filter(|h| !h.is_empty()).map(str::to_owned),
        range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gaps_with_alternatives_and_hints() {
        let cloze = Cloze::parse(
            "{{Liaquat Ali Khan|Liaqat Ali Khan}} was invited in {{1949::year}} to {{Moscow}}.",
        )
        .expect("valid cloze");
        let gaps = cloze.gaps();
        assert_eq!(gaps.len(), 3);
        assert_eq!(gaps[0].answer, "Liaquat Ali Khan");
        assert_eq!(gaps[0].accept, vec!["Liaqat Ali Khan".to_owned()]);
        assert_eq!(gaps[1].answer, "1949");
        assert_eq!(gaps[1].hint.as_deref(), Some("year"));
        assert_eq!(
            cloze.render_with_gap(1),
            "Liaquat Ali Khan was invited in [year] to Moscow."
        );
        assert_eq!(
            cloze.render_with_gap(2),
            "Liaquat Ali Khan was invited in 1949 to […]."
        );
        assert_eq!(
            cloze.render_filled(),
            "Liaquat Ali Khan was invited in 1949 to Moscow."
        );
    }

    #[test]
    fn rejects_malformed_text() {
        let cases = [
            ("no gaps", "plain sentence", ClozeError::NoGaps),
            (
                "empty gap",
                "a {{ }} b",
                ClozeError::EmptyGap("{{ }}".into()),
            ),
            (
                "empty gap with hint",
                "a {{::h}} b",
                ClozeError::EmptyGap("{{::h}}".into()),
            ),
            (
                "empty alternative",
                "a {{x|}} b",
                ClozeError::EmptyAlternative("{{x|}}".into()),
            ),
            ("unclosed", "a {{x b", ClozeError::Unclosed),
            ("nested", "a {{x {{y}} }}", ClozeError::Nested),
            ("stray close", "a }} b {{c}}", ClozeError::StrayClose),
            (
                "stray close after gap",
                "{{c}} x }}",
                ClozeError::StrayClose,
            ),
        ];
        for (name, text, error) in cases {
            assert_eq!(Cloze::parse(text), Err(error), "{name}");
        }
    }

    /// `count` gaps `{{aN}}`, each after `filler`.
    fn gaps(count: usize, filler: &str) -> String {
        let mut text = String::new();
        for i in 0..count {
            text.push_str(&format!("{filler}{{{{a{i}}}}} "));
        }
        text
    }

    #[test]
    fn a_card_shows_a_bounded_window_of_a_long_text() {
        let filler = "some words of context between the gaps ";
        let cloze = Cloze::parse(&gaps(MAX_GAPS, filler)).expect("valid");
        let longest = (0..MAX_GAPS)
            .map(|i| cloze.render_with_gap(i).len())
            .max()
            .unwrap_or(0);
        // The context either side, the gap itself and the ellipses at the cuts.
        assert!(
            longest <= 2 * CONTEXT_BYTES + 2 * "…".len() + "[…]".len(),
            "{longest} bytes"
        );
        let middle = cloze.render_with_gap(50);
        assert!(middle.starts_with('…') && middle.ends_with('…'), "{middle}");
        assert!(
            middle.contains("a49 some words") && middle.contains("[…] some"),
            "{middle}"
        );
        assert!(!middle.contains("{{") && !middle.contains("}}"), "{middle}");
        // Cut at word boundaries.
        let words: Vec<&str> = filler.split_whitespace().collect();
        let (head, tail) = (middle.trim_start_matches('…'), middle.trim_end_matches('…'));
        assert!(words.iter().any(|w| head.starts_with(w)), "{middle}");
        assert!(words.iter().any(|w| tail.ends_with(w)), "{middle}");
    }

    #[test]
    fn dense_gaps_show_a_bounded_number_of_neighbours() {
        let cloze = Cloze::parse(&gaps(MAX_GAPS, "")).expect("valid");
        let total: usize = (0..MAX_GAPS).map(|i| cloze.render_with_gap(i).len()).sum();
        // Each byte of the text is shown by at most 2 × CONTEXT_GAPS + 1 cards.
        assert!(
            total <= (2 * CONTEXT_GAPS + 2) * cloze.text().len(),
            "{total} bytes for a text of {}",
            cloze.text().len()
        );
        let first = cloze.render_with_gap(0);
        assert!(
            first.starts_with("[…] a1 ") && first.ends_with('…'),
            "{first}"
        );
    }

    #[test]
    fn a_short_text_is_shown_whole() {
        let text = gaps(CONTEXT_GAPS + 1, "w");
        let cloze = Cloze::parse(&text).expect("valid");
        let rendered = cloze.render_with_gap(CONTEXT_GAPS);
        assert!(
            rendered.starts_with("wa0 wa1 ") && rendered.ends_with("w[…] "),
            "{rendered}"
        );
    }

    #[test]
    fn too_many_gaps_are_refused_with_their_count() {
        assert!(Cloze::parse(&gaps(MAX_GAPS, "w")).is_ok());
        assert_eq!(
            Cloze::parse(&gaps(MAX_GAPS * 3 + 7, "w")),
            Err(ClozeError::TooManyGaps {
                count: MAX_GAPS * 3 + 7
            })
        );
    }
}
