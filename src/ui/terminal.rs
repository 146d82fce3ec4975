//! The interactive study screen: one card per screen with an indicatif progress bar, typed
//! answers on an editable line, single keys for choices, true/false and flashcards, coloured
//! feedback with the explanation and source, and in-session commands. Ctrl-C and Ctrl-D end the
//! session gracefully (everything answered is already saved).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;
use console::{Key, Term, style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::clean;
use super::commands::{self, Command};
use super::keys::{Event, Keys};
use super::render::{Symbols, close_note, describe_interval, verdict_line, wrap};
use crate::deck::{Asked, DeckId};
use crate::grading::Verdict;
use crate::scheduler::Rating;
use crate::session::{Action, Feedback, FrontEnd, Prompt, Revealed, Step, View};
use crate::text::choice_keys;
use crate::time::Timestamp;

const HELP: &[&str] = &[
    "Type your answer and press Enter. Small typos are forgiven; facts are not.",
    "Not specific enough (\"Which Bhutto?\"): answer once more, without penalty.",
    "Choice cards: type the option's number, letter or text, then Enter. True/false: y or n.",
    "Commands (type them as the answer):",
    "  :hint   show the first letters (a right answer then counts as Hard)",
    "  :skip   skip this card for now",
    "  :undo   take back the last answer",
    "  :edit   open the deck in $EDITOR at this card",
    "  :quit   end the session (Ctrl-C and Ctrl-D too); progress is saved",
    "After an answer: Enter for the next card, r = I was right, w = I was wrong, u = undo.",
];

/// Help in flip mode (`--flip`, or a deck with `flip = true`): nothing is typed.
const FLIP_HELP: &[&str] = &[
    "Recall the answer in your head, then press Space or Enter to show it.",
    "Then rate how well you knew it: 1 Again (forgot), 2 Hard, 3 Good, 4 Easy.",
    "The interval each rating gives is shown next to it.",
    "Commands (press : first):",
    "  :skip   skip this card for now",
    "  :undo   take back the last rating",
    "  :edit   open the deck in $EDITOR at this card",
    "  :quit   end the session (Ctrl-C and Ctrl-D too); progress is saved",
];

/// Where decks live on disk, to open them for `:edit` (bundled decks have no file).
pub type DeckPaths = HashMap<DeckId, PathBuf>;

/// The interactive screen, a front end of [`crate::session::drive`].
#[derive(Debug)]
pub struct Screen<'a> {
    term: Term,
    keys: Keys,
    symbols: Symbols,
    deck_paths: &'a DeckPaths,
    /// The deck and line of the card on screen, for `:edit`.
    current: Option<(DeckId, u32)>,
    /// When the question on screen must be answered by (drills).
    deadline: Option<Instant>,
    /// The last line on screen is a countdown to redraw as time passes.
    countdown_line: bool,
    /// The card on screen is a flip card (revealed and rated, not typed): help says so.
    flip: bool,
}

impl<'a> Screen<'a> {
    /// The screen on standard output; `deck_paths` are the files `:edit` opens.
    pub fn new(symbols: Symbols, deck_paths: &'a DeckPaths) -> Self {
        let term = Term::stdout();
        Screen {
            keys: Keys::new(&term),
            term,
            symbols,
            deck_paths,
            current: None,
            deadline: None,
            countdown_line: false,
            flip: false,
        }
    }
}

impl FrontEnd for Screen<'_> {
    fn show(&mut self, step: &Step, now: Timestamp) -> Result<Option<Action>> {
        match &step.view {
            View::Finished(_) => {
                self.term.show_cursor()?;
                Ok(None)
            }
            View::Ask(prompt) => {
                self.current = Some((prompt.deck.clone(), prompt.card.line));
                self.deadline = prompt
                    .paper
                    .and_then(|paper| paper.deadline)
                    .map(|deadline| Instant::now() + deadline.since(now));
                self.ask(prompt, step)
            }
            View::Reveal(revealed) => self.revealed(revealed, step),
            View::Feedback(feedback) => {
                self.deadline = None;
                self.feedback(feedback, step)
            }
        }
    }
}

/// How long to wait for a key between checks when nothing ticks.
const IDLE: Duration = Duration::from_hours(1);

/// How often to wake while waiting for a key: four times a second to redraw a countdown when
/// there is a deadline, else hardly ever.
fn tick_every(deadline: Option<Instant>) -> Duration {
    if deadline.is_some() {
        Duration::from_millis(250)
    } else {
        IDLE
    }
}

/// Time left until `deadline`, as "0:25 left".
fn time_left(deadline: Option<Instant>) -> Option<String> {
    let left = deadline?.saturating_duration_since(Instant::now());
    // Round up, so the count shows 0:01 until the very end.
    let secs = left.as_millis().div_ceil(1000);
    let secs = u64::try_from(secs).unwrap_or(u64::MAX);
    Some(format!(
        "{} left",
        super::render::clock(Duration::from_secs(secs))
    ))
}

impl Screen<'_> {
    /// The next key; ticks redraw the countdown, and the deadline gives [`Event::Timeout`].
    fn next_key(&mut self) -> io::Result<Event> {
        loop {
            match self.keys.key(self.deadline, tick_every(self.deadline)) {
                Event::Tick => {
                    if self.countdown_line {
                        self.draw_countdown()?;
                    }
                }
                other => return Ok(other),
            }
        }
    }

    /// Writes the countdown as the last line (without a newline, to be redrawn in place).
    fn draw_countdown(&mut self) -> io::Result<()> {
        if let Some(left) = time_left(self.deadline) {
            self.term.clear_line()?;
            self.term
                .write_str(&style(left).yellow().bold().to_string())?;
            self.term.flush()?;
            self.countdown_line = true;
        }
        Ok(())
    }

    fn header(&self, prompt: &Prompt, step: &Step) -> io::Result<()> {
        self.term.clear_screen()?;
        let progress = prompt.progress;
        let (position, total, message) = match prompt.paper {
            Some(paper) => (
                paper.question.saturating_sub(1),
                paper.questions,
                format!(
                    "question {} of {} · score {}/{}",
                    paper.question, paper.questions, paper.score, paper.max_score
                ),
            ),
            None => (
                progress.answered,
                progress.answered + progress.remaining,
                format!("{} right · {} to go", progress.right, progress.remaining),
            ),
        };
        let bar = ProgressBar::with_draw_target(
            Some(total as u64),
            ProgressDrawTarget::term(self.term.clone(), 20),
        );
        let chars = if self.symbols.unicode() {
            "█▓░"
        } else {
            "#>-"
        };
        // The bar gives way to the message on a narrow terminal: the header stays one line.
        let columns = usize::from(self.term.size().1);
        let room = columns.saturating_sub(console::measure_text_width(&message) + 2);
        let template = format!("{{bar:{}.green/dim}} {{msg}}", room.clamp(4, 32));
        if let Ok(bar_style) = ProgressStyle::with_template(&template) {
            bar.set_style(bar_style.progress_chars(chars));
        }
        bar.set_position(position as u64);
        bar.set_message(self.symbols.fit(&message).into_owned());
        bar.abandon();
        if let Some((rating, interval)) = step.rated {
            let next = interval.map_or_else(String::new, |i| {
                format!(" {} next in {}", self.symbols.dot, describe_interval(i))
            });
            self.say(&format!(
                "{}",
                style(format!("last card: {}{next}", rating.label())).dim()
            ))?;
        }
        let mut line = format!(
            "{} {} {}",
            clean(&prompt.deck_title),
            self.symbols.dot,
            prompt.state
        );
        if prompt.repeat {
            line.push_str(&format!(" {} again: you missed this one", self.symbols.dot));
        }
        self.say(&style(line).dim().to_string())?;
        if let Some(notice) = &step.notice {
            self.say(&style(super::notice(notice)).yellow().to_string())?;
        }
        self.say("")?;
        for line in wrap(&clean(&prompt.card.question), self.width()) {
            self.say(&style(line).bold().to_string())?;
        }
        self.say("")
    }

    /// Writes a line, in ASCII look-alikes when the terminal has no Unicode.
    /// Writes a line; one wider than the terminal is broken between words (keeping its
    /// indentation), never inside one.
    fn say(&self, text: &str) -> io::Result<()> {
        let text = self.symbols.fit(text);
        let columns = usize::from(self.term.size().1).max(20);
        if console::measure_text_width(&text) < columns {
            return self.term.write_line(&text);
        }
        let indent: String = text.chars().take_while(|c| *c == ' ').collect();
        for line in wrap(text.trim_start(), columns - indent.len() - 1) {
            self.term.write_line(&format!("{indent}{line}"))?;
        }
        Ok(())
    }

    /// Columns available for text.
    fn width(&self) -> usize {
        usize::from(self.term.size().1).clamp(20, 100) - 2
    }

    /// Writes `text` wrapped to the screen, each line indented by two spaces.
    fn indented(&self, text: &str, styled: impl Fn(String) -> String) -> io::Result<()> {
        for line in wrap(text, self.width() - 2) {
            self.say(&format!("  {}", styled(line)))?;
        }
        Ok(())
    }

    fn ask(&mut self, prompt: &Prompt, step: &Step) -> Result<Option<Action>> {
        self.header(prompt, step)?;
        if let Some(second) = &prompt.second_try {
            self.say(&format!(
                "{} {}",
                style(self.symbols.prompt).cyan().bold(),
                clean(&second.reply)
            ))?;
            self.say(&format!(
                "{}: {}  {}",
                self.symbols.verdict(second.graded.verdict),
                style(clean(second.question())).bold(),
                style("answer once more, no penalty").dim()
            ))?;
        }
        if let Some(hint) = &prompt.hint {
            self.say(&style(format!("hint: {}", clean(hint))).cyan().to_string())?;
        }
        self.flip = prompt.flip;
        if prompt.flip {
            self.say(
                &style("Enter or Space: show the answer · : for commands")
                    .dim()
                    .to_string(),
            )?;
            return self.choose_key(|key| {
                matches!(key, Key::Enter | Key::Char(' ')).then_some(Action::Reveal)
            });
        }
        match prompt.kind().spec().asked {
            Asked::Choice => self.choose(prompt),
            Asked::TrueFalse => self.true_false(),
            Asked::Typed => self.typed(prompt),
        }
    }

    fn typed(&mut self, prompt: &Prompt) -> Result<Option<Action>> {
        let expect = prompt.kind().spec().expects.unwrap_or("your answer");
        self.answer_line(prompt, expect)
    }

    /// Reads a typed line (an answer or a command) under a line saying what to type.
    fn answer_line(&mut self, prompt: &Prompt, expect: &str) -> Result<Option<Action>> {
        let commands = if prompt.paper.is_some() {
            ":skip :quit"
        } else {
            ":hint :skip :undo :quit · ? for help"
        };
        self.say(&style(format!("{expect} · {commands}")).dim().to_string())?;
        let caret = format!("{} ", style(self.symbols.prompt).cyan().bold());
        let deadline = self.deadline;
        let prompt_text = move || match time_left(deadline) {
            Some(left) => format!("{} {caret}", style(format!("[{left}]")).yellow().bold()),
            None => caret.clone(),
        };
        let event = self
            .keys
            .line(&prompt_text, deadline, tick_every(deadline))?;
        Ok(match event {
            Event::Line(text) => self.line_action(&text)?,
            Event::Interrupt | Event::Eof => Some(Action::Quit),
            Event::Timeout => Some(Action::Timeout),
            _ => None,
        })
    }

    /// A typed line: a command, help, or an answer.
    fn line_action(&mut self, text: &str) -> Result<Option<Action>> {
        Ok(match commands::parse(text) {
            Some(Command::Edit) => {
                self.edit_current()?;
                None
            }
            Some(Command::Help) => {
                self.help()?;
                None
            }
            Some(command) => command.action(),
            None => Some(Action::Answer(text.to_owned())),
        })
    }

    fn command_line(&mut self) -> Result<Option<Action>> {
        let deadline = self.deadline;
        let event = self
            .keys
            .line(&|| ":".to_owned(), deadline, tick_every(deadline))?;
        match event {
            Event::Line(text) => self.line_action(&format!(":{}", text.trim())),
            Event::Interrupt | Event::Eof => Ok(Some(Action::Quit)),
            Event::Timeout => Ok(Some(Action::Timeout)),
            _ => Ok(None),
        }
    }

    /// A choice card: the options with their keys, then a typed line. The line goes to grading
    /// as typed, which reads an option's text as that option, else a number or a letter as its
    /// place on screen (the keys switch to letters when options are themselves digits, so the
    /// two never clash), else the text by the usual rules against the options.
    fn choose(&mut self, prompt: &Prompt) -> Result<Option<Action>> {
        let keys = choice_keys(&prompt.choices);
        for (key, choice) in keys.iter().zip(&prompt.choices) {
            let mut lines = wrap(&clean(choice), self.width() - 5).into_iter();
            let first = lines.next().unwrap_or_default();
            self.say(&format!(
                "  {} {first}",
                style(format!("{key})")).cyan().bold()
            ))?;
            for rest in lines {
                self.say(&format!("     {rest}"))?;
            }
        }
        self.say("")?;
        let expect = if keys.first() == Some(&'1') {
            "the option's number, letter or text, then Enter"
        } else {
            "the option's letter or text, then Enter"
        };
        self.answer_line(prompt, expect)
    }

    fn true_false(&mut self) -> Result<Option<Action>> {
        self.say(&format!(
            "  {} true   {} false",
            style("y)").cyan().bold(),
            style("n)").cyan().bold()
        ))?;
        self.say("")?;
        self.say(
            &style("y or n · : for commands · ? for help")
                .dim()
                .to_string(),
        )?;
        self.draw_countdown()?;
        self.choose_key(|key| match key {
            Key::Char(c @ ('y' | 'Y' | 't' | 'T' | 'n' | 'N' | 'f' | 'F')) => {
                Some(Action::Answer(c.to_string()))
            }
            _ => None,
        })
    }

    fn revealed(&mut self, revealed: &Revealed, step: &Step) -> Result<Option<Action>> {
        self.flip = true;
        self.header(&revealed.prompt, step)?;
        self.say(&format!(
            "{} {}",
            style("answer:").dim(),
            style(clean(&revealed.prompt.card.answer)).green().bold()
        ))?;
        self.context(&revealed.prompt)?;
        self.say("")?;
        let options: Vec<String> = Rating::ALL
            .iter()
            .map(|rating| {
                let interval = revealed.intervals.as_ref().map_or_else(String::new, |i| {
                    format!(
                        " {} {}",
                        self.symbols.dot,
                        describe_interval(i[rating.index()])
                    )
                });
                format!(
                    "{} {}{interval}",
                    style(rating.number()).cyan().bold(),
                    rating.label()
                )
            })
            .collect();
        self.say(&options.join("    "))?;
        self.choose_key(|key| match key {
            Key::Char(c @ '1'..='4') => c.to_string().parse().ok().map(Action::Rate),
            _ => None,
        })
    }

    /// Waits for a key that `pick` turns into an action. The keys every prompt shares are
    /// handled here: `:` opens the command line, `?` shows help (then the card is drawn again),
    /// Ctrl-C and Ctrl-D quit, and a deadline passing is a time-out.
    fn choose_key(&mut self, pick: impl Fn(&Key) -> Option<Action>) -> Result<Option<Action>> {
        let action = self.wait_for_key(pick);
        if self.countdown_line {
            // End the countdown's line so what follows starts on its own.
            self.countdown_line = false;
            self.term.write_line("")?;
        }
        action
    }

    fn wait_for_key(&mut self, pick: impl Fn(&Key) -> Option<Action>) -> Result<Option<Action>> {
        loop {
            match self.next_key()? {
                Event::Key(key) => {
                    if let Some(action) = pick(&key) {
                        return Ok(Some(action));
                    }
                    match key {
                        Key::Char(':') => return self.command_line(),
                        Key::Char('?') => {
                            self.help()?;
                            return Ok(None);
                        }
                        _ => {}
                    }
                }
                Event::Timeout => return Ok(Some(Action::Timeout)),
                Event::Interrupt | Event::Eof => return Ok(Some(Action::Quit)),
                Event::Line(_) | Event::Tick => {}
            }
        }
    }

    fn feedback(&mut self, feedback: &Feedback, step: &Step) -> Result<Option<Action>> {
        if feedback.overridden || step.notice.is_some() {
            // Redraw after a correction so the new verdict replaces the old one.
            self.header(&feedback.prompt, step)?;
            if !feedback.reply.is_empty() {
                self.say(&format!(
                    "{} {}",
                    style(self.symbols.prompt).cyan().bold(),
                    clean(&feedback.reply)
                ))?;
            }
        }
        let graded = &feedback.graded;
        let mut verdict = verdict_line(&self.symbols, graded, true);
        if feedback.overridden {
            verdict.push_str(&style(" · corrected by you").dim().to_string());
        }
        self.say(&verdict)?;
        if let Some(note) = close_note(feedback) {
            self.say(&style(note).yellow().to_string())?;
        }
        self.context(&feedback.prompt)?;
        self.countdown_line = false;
        if let Some(points) = feedback.points {
            self.term
                .write_line(&style(format!("+{points} points")).cyan().bold().to_string())?;
            self.say("")?;
            self.say(&style("Enter: next question · q: stop").dim().to_string())?;
            return loop {
                match self.next_key()? {
                    Event::Key(Key::Enter | Key::Char(' ')) => break Ok(Some(Action::Continue)),
                    Event::Key(Key::Char('q' | 'Q')) | Event::Interrupt | Event::Eof => {
                        break Ok(Some(Action::Quit));
                    }
                    _ => {}
                }
            };
        }
        let next = feedback.interval.map_or_else(
            || "schedule unchanged".to_owned(),
            |i| format!("next in {}", describe_interval(i)),
        );
        self.say(
            &style(format!(
                "{} {} {next}",
                feedback.rating.label(),
                self.symbols.dot
            ))
            .dim()
            .to_string(),
        )?;
        self.say("")?;
        let correction = match graded.verdict {
            Verdict::Wrong => "r: I was right",
            Verdict::Close => "r: I was right · w: I was wrong",
            Verdict::Right | Verdict::Typo => "w: I was wrong",
        };
        self.say(
            &style(format!("Enter: next · {correction} · u: undo · q: quit"))
                .dim()
                .to_string(),
        )?;
        loop {
            match self.next_key()? {
                Event::Key(Key::Enter | Key::Char(' ')) => return Ok(Some(Action::Continue)),
                Event::Key(Key::Char('r' | 'R')) => return Ok(Some(Action::Override(true))),
                Event::Key(Key::Char('w' | 'W')) => return Ok(Some(Action::Override(false))),
                Event::Key(Key::Char('u' | 'U')) => return Ok(Some(Action::Undo)),
                Event::Key(Key::Char('q' | 'Q')) | Event::Interrupt | Event::Eof => {
                    return Ok(Some(Action::Quit));
                }
                Event::Key(Key::Char('e' | 'E')) => self.edit_current()?,
                Event::Key(Key::Char(':')) => return self.command_line(),
                Event::Key(Key::Char('?')) => self.help()?,
                _ => {}
            }
        }
    }

    fn context(&self, prompt: &Prompt) -> io::Result<()> {
        if let Some(explain) = &prompt.card.explain {
            self.indented(&clean(explain), |line| line)?;
        }
        if let Some(source) = &prompt.card.source {
            let quoted = format!("source: \u{201c}{}\u{201d}", clean(source));
            self.indented(&quoted, |line| style(line).dim().italic().to_string())?;
        }
        Ok(())
    }

    fn help(&mut self) -> io::Result<()> {
        self.say("")?;
        let help = if self.flip { FLIP_HELP } else { HELP };
        for line in help {
            self.say(&style(line).cyan().to_string())?;
        }
        self.term
            .write_line(&style("press any key to go on").dim().to_string())?;
        self.countdown_line = false;
        let _ = self.next_key()?;
        Ok(())
    }

    /// Opens the current card's deck in `$VISUAL`/`$EDITOR` at the card's line. Changes are
    /// read at the next start, like any edit of a deck file.
    fn edit_current(&mut self) -> Result<()> {
        let Some((deck, line)) = self.current.clone() else {
            return Ok(());
        };
        let Some(path) = self.deck_paths.get(&deck) else {
            self.say(
                &style("this deck is built into recall; copy it into ./decks to edit it")
                    .yellow()
                    .to_string(),
            )?;
            return Ok(());
        };
        let message = match open_editor(path, line) {
            Ok(()) => "saved changes take effect at the next session".to_owned(),
            Err(error) => format!("could not open an editor: {error}"),
        };
        self.say(&style(message).yellow().to_string())?;
        Ok(())
    }
}

/// Runs the user's editor on `path` at `line`, waiting for it to finish.
fn open_editor(path: &Path, line: u32) -> io::Result<()> {
    let editor = std::env::var("VISUAL")
        .ok()
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(format!("+{}", line.max(1)))
        .arg(path)
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!("`{editor}` exited with {status}")))
    }
}

/// Asks the student's name before a drill (the profile name when left empty).
pub fn ask_name(default: &str) -> Result<String> {
    let theme = dialoguer::theme::ColorfulTheme::default();
    let name: String = dialoguer::Input::with_theme(&theme)
        .with_prompt("Your name")
        .default(default.to_owned())
        .interact_text()?;
    Ok(name.trim().to_owned())
}

/// Asks which of `items` to use (arrow keys and Enter); `None` when the learner declines.
pub fn pick(question: &str, items: &[String], default: usize) -> Result<Option<usize>> {
    let theme = dialoguer::theme::ColorfulTheme::default();
    Ok(dialoguer::Select::with_theme(&theme)
        .with_prompt(question)
        .items(items)
        .default(default)
        .interact_opt()?)
}
