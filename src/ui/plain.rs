//! The line-based session, used whenever stdin is not a terminal: print each question, read one
//! line as the answer, print the verdict, carry on. End of input ends the session like `:quit`.

use std::io::{BufRead, Write};

use anyhow::Result;
use console::style;

use super::clean;
use super::commands;
use super::render::{Symbols, close_note, describe_interval, verdict_line};
use crate::deck::Asked;
use crate::scheduler::Rating;
use crate::session::{Action, Feedback, FrontEnd, Prompt, Revealed, Step, View};
use crate::text::choice_keys;
use crate::time::Timestamp;

/// A writer that shows text in ASCII look-alikes when the terminal has no Unicode: it holds
/// bytes back until a line (or a flush) is complete, so characters are never split.
struct Fit<'a> {
    inner: &'a mut dyn Write,
    symbols: Symbols,
    pending: Vec<u8>,
}

impl Fit<'_> {
    fn emit(&mut self, upto: usize) -> std::io::Result<()> {
        let chunk: Vec<u8> = self.pending.drain(..upto).collect();
        let text = String::from_utf8_lossy(&chunk);
        self.inner.write_all(self.symbols.fit(&text).as_bytes())
    }
}

impl Write for Fit<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(last) = self.pending.iter().rposition(|&b| b == b'\n') {
            self.emit(last + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let all = self.pending.len();
        self.emit(all)?;
        self.inner.flush()
    }
}

const HELP: &str = "type the answer and press Enter (an empty line means you don't know); \
                    commands: :hint :skip :undo :quit ? (help); :edit needs a terminal";

/// The line-based front end: prints each question, reads one line as the answer.
pub struct Plain<'a> {
    input: &'a mut dyn BufRead,
    out: Fit<'a>,
    symbols: Symbols,
}

impl std::fmt::Debug for Plain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plain").finish_non_exhaustive()
    }
}

impl<'a> Plain<'a> {
    pub fn new(input: &'a mut dyn BufRead, out: &'a mut dyn Write, symbols: Symbols) -> Self {
        Plain {
            input,
            out: Fit {
                inner: out,
                symbols,
                pending: Vec::new(),
            },
            symbols,
        }
    }
}

impl FrontEnd for Plain<'_> {
    fn show(&mut self, step: &Step, now: Timestamp) -> Result<Option<Action>> {
        let symbols = self.symbols;
        let out: &mut dyn Write = &mut self.out;
        if let Some(notice) = &step.notice {
            writeln!(out, "{}", style(super::notice(notice)).dim())?;
        }
        if let Some((rating, interval)) = step.rated {
            writeln!(out, "{}", rated_line(rating, interval, symbols))?;
        }
        let action = match &step.view {
            View::Finished(_) => {
                out.flush()?;
                return Ok(None);
            }
            View::Feedback(feedback) => {
                write_feedback(out, feedback, symbols)?;
                Action::Continue
            }
            View::Ask(prompt) => {
                match &prompt.second_try {
                    // The question is still on screen: only say what is missing.
                    Some(second) => {
                        writeln!(
                            out,
                            "{}: {} (answer once more, no penalty)",
                            symbols.verdict(second.graded.verdict),
                            clean(second.question())
                        )?;
                        if let Some(hint) = &prompt.hint {
                            writeln!(out, "  hint: {}", clean(hint))?;
                        }
                    }
                    None => write_prompt(out, prompt, symbols, now)?,
                }
                match read_command(self.input, out)? {
                    Line::Eof => Action::Quit,
                    Line::Help => {
                        writeln!(out, "{HELP}")?;
                        return Ok(None);
                    }
                    Line::Action(action) => action,
                    Line::Text(text) => Action::Answer(text),
                }
            }
            View::Reveal(revealed) => {
                write_revealed(out, revealed, symbols)?;
                match read_command(self.input, out)? {
                    Line::Eof => Action::Quit,
                    Line::Help => {
                        writeln!(out, "rate with 1 (again), 2 (hard), 3 (good) or 4 (easy)")?;
                        return Ok(None);
                    }
                    Line::Action(action) => action,
                    Line::Text(text) => match text.parse::<Rating>() {
                        Ok(rating) => Action::Rate(rating),
                        Err(error) => {
                            writeln!(out, "{error}")?;
                            return Ok(None);
                        }
                    },
                }
            }
        };
        Ok(Some(action))
    }
}

enum Line {
    Eof,
    Help,
    Action(Action),
    Text(String),
}

fn read_command(input: &mut dyn BufRead, out: &mut dyn Write) -> Result<Line> {
    write!(out, "answer> ")?;
    out.flush()?;
    // Bounded: input without line breaks (`< /dev/zero`) ends the session with an error.
    let Some(buffer) = crate::input::read_line(input)? else {
        writeln!(out)?;
        return Ok(Line::Eof);
    };
    let line = String::from_utf8_lossy(&buffer);
    let line = line.trim();
    Ok(match commands::parse(line) {
        // `:edit` needs a terminal: help says so.
        Some(command) => command.action().map_or(Line::Help, Line::Action),
        None => Line::Text(line.to_owned()),
    })
}

fn write_prompt(
    out: &mut dyn Write,
    prompt: &Prompt,
    symbols: Symbols,
    now: crate::time::Timestamp,
) -> Result<()> {
    let progress = prompt.progress;
    writeln!(out)?;
    let status = match prompt.paper {
        Some(paper) => {
            let left = paper.deadline.map_or_else(String::new, |deadline| {
                format!(
                    " {} {} left",
                    symbols.dot,
                    super::render::clock(deadline.since(now))
                )
            });
            format!(
                "[question {} of {}{left} {} score {}/{}] {}",
                paper.question,
                paper.questions,
                symbols.dot,
                paper.score,
                paper.max_score,
                clean(&prompt.deck_title)
            )
        }
        None => format!(
            "[{} done {} {} left {} {} right] {}",
            progress.answered,
            symbols.dot,
            progress.remaining,
            symbols.dot,
            progress.right,
            clean(&prompt.deck_title)
        ),
    };
    writeln!(out, "{}", style(status).dim())?;
    if prompt.repeat {
        writeln!(out, "{}", style("(again: you missed this one)").yellow())?;
    }
    writeln!(out, "{}", style(clean(&prompt.card.question)).bold())?;
    let spec = prompt.kind().spec();
    match spec.asked {
        Asked::Choice => {
            for (key, choice) in choice_keys(&prompt.choices).iter().zip(&prompt.choices) {
                writeln!(out, "  {key}) {}", clean(choice))?;
            }
        }
        Asked::TrueFalse => writeln!(out, "  (true or false: y/n)")?,
        Asked::Typed => {
            if let Some(expects) = spec.expects {
                writeln!(out, "  ({expects})")?;
            }
        }
    }
    if let Some(hint) = &prompt.hint {
        writeln!(out, "  hint: {}", clean(hint))?;
    }
    if prompt.flip {
        writeln!(out, "  (press Enter to reveal the answer)")?;
    }
    Ok(())
}

fn write_feedback(out: &mut dyn Write, feedback: &Feedback, symbols: Symbols) -> Result<()> {
    let mut line = verdict_line(&symbols, &feedback.graded, false);
    if feedback.overridden {
        line.push_str(" (corrected by you)");
    }
    writeln!(out, "{line}")?;
    if let Some(note) = close_note(feedback) {
        writeln!(out, "  {note}")?;
    }
    write_context(out, &feedback.prompt)?;
    if let Some(points) = feedback.points {
        writeln!(out, "  +{points} points")?;
        return Ok(());
    }
    match feedback.interval {
        Some(interval) => writeln!(
            out,
            "  {} {} next in {}",
            feedback.rating.label(),
            symbols.dot,
            describe_interval(interval)
        )?,
        None => writeln!(out, "  {} (schedule unchanged)", feedback.rating.label())?,
    }
    Ok(())
}

fn write_context(out: &mut dyn Write, prompt: &Prompt) -> Result<()> {
    if let Some(explain) = &prompt.card.explain {
        writeln!(out, "  {}", clean(explain))?;
    }
    if let Some(source) = &prompt.card.source {
        writeln!(
            out,
            "  {}",
            style(format!("source: \u{201c}{}\u{201d}", clean(source))).dim()
        )?;
    }
    Ok(())
}

fn write_revealed(out: &mut dyn Write, revealed: &Revealed, symbols: Symbols) -> Result<()> {
    writeln!(
        out,
        "answer: {}",
        style(clean(&revealed.prompt.card.answer)).bold()
    )?;
    write_context(out, &revealed.prompt)?;
    let options: Vec<String> = Rating::ALL
        .iter()
        .map(|rating| match &revealed.intervals {
            Some(intervals) => format!(
                "{} {} {} {}",
                rating.number(),
                rating.label(),
                symbols.dot,
                describe_interval(intervals[rating.index()])
            ),
            None => format!("{} {}", rating.number(), rating.label()),
        })
        .collect();
    writeln!(out, "  {}", options.join("   "))?;
    Ok(())
}

fn rated_line(rating: Rating, interval: Option<std::time::Duration>, symbols: Symbols) -> String {
    match interval {
        Some(interval) => format!(
            "rated {} {} next in {}",
            rating.label(),
            symbols.dot,
            describe_interval(interval)
        ),
        None => format!("rated {}", rating.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> Line {
        let mut out = Vec::new();
        read_command(&mut input.as_bytes(), &mut out).expect("reading from memory")
    }

    #[test]
    fn answers_lose_surrounding_whitespace_and_line_endings() {
        for input in ["1955\n", "  1955 \r\n", "1955\r\r\n", "\t1955"] {
            match read(input) {
                Line::Text(text) => assert_eq!(text, "1955", "{input:?}"),
                _ => panic!("{input:?} is an answer"),
            }
        }
        assert!(matches!(read(" :q \r\n"), Line::Action(Action::Quit)));
        assert!(matches!(read(""), Line::Eof));
    }
}
