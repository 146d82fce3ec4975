//! Text shared by the plain and interactive screens: symbols, intervals, the summary.

use std::time::Duration;

use console::style;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::clean;
use crate::deck::duration::humanize;
use crate::grading::{Graded, Matched, Verdict};
use crate::session::{Feedback, Notice, Summary};
use crate::text::plural;

/// The marks used on screen, Unicode or ASCII.
#[derive(Debug, Clone, Copy)]
pub struct Symbols {
    pub right: &'static str,
    pub typo: &'static str,
    pub close: &'static str,
    pub wrong: &'static str,
    pub dot: &'static str,
    pub prompt: &'static str,
}

impl Symbols {
    pub fn new(unicode: bool) -> Symbols {
        if unicode {
            Symbols {
                right: "✓",
                typo: "≈",
                close: "?",
                wrong: "✗",
                dot: "·",
                prompt: "›",
            }
        } else {
            Symbols {
                right: "+",
                typo: "~",
                close: "?",
                wrong: "x",
                dot: "-",
                prompt: ">",
            }
        }
    }

    /// The verdict's mark and word, coloured when colours are on.
    pub fn verdict(&self, verdict: Verdict) -> String {
        match verdict {
            Verdict::Right => style(format!("{} right", self.right))
                .green()
                .bold()
                .to_string(),
            Verdict::Typo => style(format!("{} right, with a typo", self.typo))
                .yellow()
                .bold()
                .to_string(),
            Verdict::Close => style(format!("{} close", self.close))
                .yellow()
                .bold()
                .to_string(),
            Verdict::Wrong => style(format!("{} wrong", self.wrong))
                .red()
                .bold()
                .to_string(),
        }
    }
}

/// A verdict with what made it so and the card's answer: "✓ right (surname): Alexei Kosygin",
/// "≈ right, with a typo: Karachi (spelt Karachi)". `screen`: for the interactive screen (two
/// spaces and the answer in bold instead of a colon). Deck text is cleaned.
pub fn verdict_line(symbols: &Symbols, graded: &Graded, screen: bool) -> String {
    let mut line = symbols.verdict(graded.verdict);
    if matches!(graded.verdict, Verdict::Right | Verdict::Typo)
        && let Some(phrase) = graded.matched.as_ref().and_then(Matched::phrase)
    {
        line.push_str(&format!(" ({})", clean(&phrase)));
    }
    let expected = clean(&graded.expected);
    if screen {
        line.push_str(&format!("  {}", style(expected).bold()));
    } else {
        line.push_str(&format!(": {expected}"));
    }
    if let Some(corrected) = &graded.corrected
        && corrected != &graded.expected
    {
        line.push_str(&format!(" (spelt {})", clean(corrected)));
    }
    line
}

impl Symbols {
    /// Whether these are the Unicode symbols.
    pub fn unicode(&self) -> bool {
        self.right != "+"
    }

    /// `text` as this terminal can show it: unchanged with Unicode; otherwise punctuation
    /// becomes its ASCII look-alike, accented letters lose their accents, and anything else
    /// becomes `?`.
    pub fn fit<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.unicode() || text.is_ascii() {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        for c in text.nfd() {
            match c {
                c if c.is_ascii() => out.push(c),
                c if is_combining_mark(c) => {}
                '·' | '•' | '–' | '‐' | '‑' | '−' | '░' => out.push('-'),
                '“' | '”' | '„' | '«' | '»' => out.push('"'),
                '‘' | '’' => out.push('\''),
                '…' => out.push_str("..."),
                '›' => out.push('>'),
                '‹' => out.push('<'),
                '—' => out.push_str("--"),
                '✓' => out.push('+'),
                '≈' => out.push('~'),
                '✗' | '×' => out.push('x'),
                '⚑' => out.push('!'),
                '█' | '▓' => out.push('#'),
                '\u{a0}' => out.push(' '),
                _ => out.push('?'),
            }
        }
        std::borrow::Cow::Owned(out)
    }
}

/// A writer for text meant for people that passes what it is given through [`Symbols::fit`]:
/// under an ASCII-only locale (`LANG=C`) dots, dashes and quotes become their ASCII
/// stand-ins. Only for human-readable output, never for JSON or files.
pub struct FitWriter<'a> {
    inner: &'a mut dyn std::io::Write,
    symbols: Symbols,
}

impl<'a> FitWriter<'a> {
    pub fn new(inner: &'a mut dyn std::io::Write, symbols: Symbols) -> FitWriter<'a> {
        FitWriter { inner, symbols }
    }
}

impl std::fmt::Debug for FitWriter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FitWriter")
            .field("symbols", &self.symbols)
            .finish_non_exhaustive()
    }
}

impl std::io::Write for FitWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // `write!` hands over whole `str` pieces; bytes that are not UTF-8 pass unchanged.
        match std::str::from_utf8(buf) {
            Ok(text) => self
                .inner
                .write_all(self.symbols.fit(text).as_bytes())
                .map(|()| buf.len()),
            Err(_) => self.inner.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// What a close verdict on the feedback screen means: in a drill it counts as wrong (a paper
/// has no second chance); in a session it was close twice, and the answer is shown.
pub fn close_note(feedback: &Feedback) -> Option<String> {
    if feedback.graded.verdict != Verdict::Close || feedback.overridden {
        return None;
    }
    let question = feedback
        .graded
        .prompt
        .as_deref()
        .map_or_else(String::new, |prompt| format!(" ({})", clean(prompt)));
    Some(if feedback.prompt.paper.is_some() {
        format!("close{question}: counts as wrong in a drill, a paper has no second chance")
    } else {
        format!("close again{question}: counted as Hard, with the answer shown")
    })
}

/// What the engine's notice says, in words.
pub fn notice(notice: &Notice) -> String {
    match notice {
        Notice::TimeUp => "time is up".into(),
        Notice::QuestionTimeUp => "time is up for that question".into(),
        Notice::SetAside(reason) => format!("this card was set aside: {reason}"),
        Notice::PressEnter => "press Enter for the next card".into(),
        Notice::NotAnOption { options } => not_an_option(*options),
        Notice::QuitWithColon => {
            "not taken as an answer: to leave, type :quit (your answers so far are saved)".into()
        }
        Notice::SessionOver => "the session is over".into(),
        Notice::NoRevealInDrill => "a drill answer cannot be revealed".into(),
        Notice::NothingToReveal => "nothing to reveal".into(),
        Notice::RevealFirst => "reveal the answer first".into(),
        Notice::NoSelfGradingInDrill => "a drill answer cannot be self-graded".into(),
        Notice::CorrectOnlyAfterAnswering => {
            "you can only correct the verdict right after answering".into()
        }
        Notice::NothingToCorrect => "nothing to correct".into(),
        Notice::AlreadyCounted { right: true } => "already counted as right".into(),
        Notice::AlreadyCounted { right: false } => "already counted as wrong".into(),
        Notice::NoHintsInDrill => "no hints in a drill".into(),
        Notice::HintsOnlyWhileAsking => "hints are for the question being asked".into(),
        Notice::NothingToSkip => "nothing to skip".into(),
        Notice::SkippedForLater => "skipped: it comes back at the end".into(),
        Notice::SkippedForNextTime => "skipped: it stays due for next time".into(),
        Notice::NoUndoInDrill => "no undo in a drill".into(),
        Notice::NothingToUndo => "nothing to undo".into(),
        Notice::Undone => "undone: answer again".into(),
        Notice::Leech {
            deck,
            card,
            lapses,
            suspended: true,
        } => format!(
            "this card is a leech: forgotten {lapses} {}. It is suspended; rewrite it or \
             break it up, then `recall unsuspend {deck}/{card}`",
            plural(*lapses, "time", "times")
        ),
        Notice::Leech {
            lapses,
            suspended: false,
            ..
        } => format!(
            "this card is a leech: forgotten {lapses} {}; consider rewriting it (`recall \
             leeches` lists them)",
            plural(*lapses, "time", "times")
        ),
    }
}

/// What to type at a choice card, after a number or letter beyond its `options`.
pub fn not_an_option(options: usize) -> String {
    let letters = u8::try_from(options)
        .ok()
        .filter(|n| (1..=26).contains(n))
        .map(|n| format!(", a-{}", char::from(b'a' + n - 1)))
        .unwrap_or_default();
    format!("there are {options} options: type 1-{options}{letters} or an option's text")
}

/// An interval for people: "1m", "10m", "3d", "2.1mo".
pub fn describe_interval(interval: Duration) -> String {
    humanize(interval)
}

/// The end-of-session summary as lines of text. `extra` lines (streak, what is due next) come
/// from the caller, who knows the database.
pub fn summary_lines(summary: &Summary, symbols: Symbols, extra: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    let heading = match &summary.drill {
        Some(result) if result.end == crate::drill::PaperEnd::Timeout => "Time is up",
        _ if summary.quit => "Session ended",
        _ => "Session complete",
    };
    lines.push(style(heading).bold().to_string());
    if summary.answered == 0 {
        lines.push("No answers this time.".into());
    } else {
        let mut counts = vec![format!("{} answered", summary.answered)];
        let graded = summary.right + summary.typo + summary.close + summary.wrong;
        if graded > 0 {
            let close = if summary.close > 0 {
                format!(", {} {} close", summary.close, symbols.close)
            } else {
                String::new()
            };
            counts.push(format!(
                "{} {} right, {} {} typo{close}, {} {} wrong",
                summary.right,
                symbols.right,
                summary.typo,
                symbols.typo,
                summary.wrong,
                symbols.wrong
            ));
        }
        let [again, hard, good, easy] = summary.self_graded;
        if again + hard + good + easy > 0 {
            counts.push(format!(
                "self-graded: {again} again, {hard} hard, {good} good, {easy} easy"
            ));
        }
        lines.push(counts.join(&format!(" {} ", symbols.dot)));
        if let Some(accuracy) = summary.accuracy {
            lines.push(format!(
                "Accuracy {:.0}% {} best run {} in a row {} time {}",
                accuracy * 100.0,
                symbols.dot,
                summary.best_run,
                symbols.dot,
                clock(summary.elapsed)
            ));
        } else {
            lines.push(format!("Time {}", clock(summary.elapsed)));
        }
    }
    if summary.skipped > 0 {
        lines.push(format!("Skipped: {}", summary.skipped));
    }
    if !summary.missed.is_empty() {
        lines.push("Missed:".into());
        for card in summary.missed.iter().take(10) {
            lines.push(format!(
                "  {} {} {} {}",
                symbols.wrong,
                one_line(&card.question, 60),
                symbols.prompt,
                clean(&card.answer)
            ));
        }
    }
    if summary.answered > 1 && !summary.slowest.is_empty() {
        lines.push("Slowest:".into());
        for card in &summary.slowest {
            lines.push(format!(
                "  {:>5}  {}",
                clock(card.duration),
                one_line(&card.question, 60)
            ));
        }
    }
    if summary.unanswered > 0 && summary.drill.is_none() {
        lines.push(format!(
            "{} {} left for later",
            summary.unanswered,
            plural(summary.unanswered, "card", "cards")
        ));
    }
    lines.extend(extra.iter().cloned());
    lines
}

/// Milliseconds as m:ss (or h:mm:ss).
pub fn clock_ms(ms: u64) -> String {
    clock(Duration::from_millis(ms))
}

/// A duration as m:ss (or h:mm:ss).
pub fn clock(duration: Duration) -> String {
    let secs = duration.as_secs();
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

/// Splits `text` into lines of at most `width` columns, breaking between words (a single word
/// longer than the width gets a line of its own). Existing line breaks are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split_whitespace() {
            let w = console::measure_text_width(word);
            if used > 0 && used + 1 + w > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += w;
        }
        lines.push(line);
    }
    lines
}

/// Deck text on one line, cleaned and cut to `max` characters.
pub fn one_line(text: &str, max: usize) -> String {
    let flat = clean(text).split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_between_words_and_keeps_breaks() {
        let cases: [(&str, usize, &[&str]); 4] = [
            ("one two three", 7, &["one two", "three"]),
            ("a\nb", 10, &["a", "b"]),
            ("longwordhere x", 10, &["longwordhere", "x"]),
            ("Pakistan–Soviet ✓ ok", 16, &["Pakistan–Soviet", "✓ ok"]),
        ];
        for (text, width, expected) in cases {
            assert_eq!(wrap(text, width.max(10)), expected, "{text}");
        }
    }

    #[test]
    fn ascii_terminals_get_look_alikes() {
        let ascii = Symbols::new(false);
        assert_eq!(
            ascii.fit("Pakistan–Soviet · “source” … Suhrawardý ✓ 中"),
            "Pakistan-Soviet - \"source\" ... Suhrawardy + ?"
        );
        let unicode = Symbols::new(true);
        assert_eq!(unicode.fit("a · b"), "a · b");
    }

    #[test]
    fn notices_in_words() {
        let cases = [
            (Notice::NothingToUndo, "nothing to undo"),
            (Notice::NoHintsInDrill, "no hints in a drill"),
            (Notice::NoUndoInDrill, "no undo in a drill"),
            (Notice::QuestionTimeUp, "time is up for that question"),
            (Notice::TimeUp, "time is up"),
            (
                Notice::AlreadyCounted { right: true },
                "already counted as right",
            ),
            (
                Notice::AlreadyCounted { right: false },
                "already counted as wrong",
            ),
            (
                Notice::SetAside("its memory state is corrupt".into()),
                "this card was set aside: its memory state is corrupt",
            ),
            (Notice::SkippedForLater, "skipped: it comes back at the end"),
            (
                Notice::SkippedForNextTime,
                "skipped: it stays due for next time",
            ),
            (Notice::Undone, "undone: answer again"),
        ];
        for (given, words) in cases {
            assert_eq!(notice(&given), words, "{given:?}");
        }
    }

    #[test]
    fn clocks_and_one_liners() {
        assert_eq!(clock(Duration::from_secs(75)), "1:15");
        assert_eq!(clock(Duration::from_secs(3725)), "1:02:05");
        assert_eq!(one_line("a\n\u{1b}[2Jb  c", 10), "a b c");
        assert_eq!(one_line("abcdefghijkl", 5), "abcd…");
    }
}
