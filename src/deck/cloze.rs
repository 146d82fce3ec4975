//! Cloze text: a sentence with gaps `{{answer|alternative::hint}}`, each gap its own card.

use std::ops::Range;

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

    /// The sentence with gap `index` hidden as `[…]` (or `[hint]`) and the others filled in.
    pub fn render_with_gap(&self, index: usize) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut pos = 0;
        for (i, gap) in self.gaps.iter().enumerate() {
            out.push_str(&self.text[pos..gap.range.start]);
            if i == index {
                out.push('[');
                out.push_str(gap.hint.as_deref().unwrap_or("…"));
                out.push(']');
            } else {
                out.push_str(&gap.answer);
            }
            pos = gap.range.end;
        }
        out.push_str(&self.text[pos..]);
        out
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
}
