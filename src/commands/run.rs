//! Running a session for `study`, `practice` and `drill` on this terminal: the app's host saves
//! the answers, `session::drive` runs the loop, and the front end is the interactive screen when
//! stdin and stdout are terminals, the plain line mode otherwise. Then the closing summary with
//! what is due next.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Result;

use super::App;
use crate::app::queue::{DueNext, HeldBack, Lineup};
use crate::deck::DeckId;
use crate::session::{Config, FrontEnd, Summary, drive};
use crate::store::{AttemptId, DeckRecord, Store};
use crate::text::plural;
use crate::time::{Clock, RunningClock, Timestamp};
use crate::ui::{self, Symbols};

/// Runs a session over `items` to its end, saving each answer (as an answer to the drill
/// attempt `attempt`, in a drill). Returns the summary and the time the session ended.
pub fn run_session(
    store: &mut Store,
    app: &App,
    decks: &[DeckRecord],
    items: impl Into<Lineup>,
    mut config: Config,
    attempt: Option<AttemptId>,
) -> Result<(Summary, Timestamp)> {
    let interactive = interactive();
    // Speed means something only when a person types at a terminal: a piped answer takes no
    // time, and is never rated Easy for it.
    config.fast_is_easy = interactive;
    let clock = RunningClock::starting_at(app.now);
    let (mut session, first, host) =
        crate::app::session::start(store, &app.profile, decks, items, config, &clock)?;
    let mut host = match attempt {
        Some(attempt) => host.for_drill(attempt),
        None => host,
    };
    let symbols = Symbols::new(ui::unicode_supported());
    let summary = if interactive {
        let paths: ui::terminal::DeckPaths = decks
            .iter()
            .filter(|d| !d.origin.starts_with("<bundled>"))
            .map(|d| (d.id.clone(), PathBuf::from(&d.origin)))
            .collect();
        let mut screen = ui::terminal::Screen::new(symbols, &paths);
        drive(&mut session, first, &mut host, &mut screen)?
    } else {
        let stdin = io::stdin();
        let stdout = io::stdout();
        let mut input = stdin.lock();
        let mut out = stdout.lock();
        let mut plain = ui::plain::Plain::new(&mut input, &mut out, symbols);
        let front: &mut dyn FrontEnd = &mut plain;
        let summary = drive(&mut session, first, &mut host, front)?;
        drop(plain);
        out.flush()?;
        summary
    };
    Ok((summary, clock.now()))
}

/// Whether the interactive screen can be used: stdin and stdout are terminals.
pub fn interactive() -> bool {
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// What is due next across `decks` (seen from `now`): lines for the end-of-session summary.
pub fn due_next_lines(
    store: &Store,
    app: &App,
    decks: &[DeckId],
    now: Timestamp,
) -> Result<Vec<String>> {
    let DueNext {
        later_today,
        tomorrow,
        this_week,
        streak,
    } = crate::app::queue::due_next(store, &app.scope(), decks, now)?;
    let mut lines = vec![format!(
        "Due next: {later_today} later today, {tomorrow} tomorrow, {this_week} in the next 7 days"
    )];
    if streak > 0 {
        lines.push(format!(
            "Study streak: {streak} {}",
            plural(streak, "day", "days")
        ));
    }
    Ok(lines)
}

/// What the daily limits of `decks` hold back today, and how to get more: lines for `study`
/// (`deck_args` are the DECK arguments it was given, repeated in the command suggested).
/// Empty when they hold nothing back.
pub fn held_back_lines(
    store: &Store,
    app: &App,
    decks: &[DeckRecord],
    deck_args: &[String],
) -> Result<Vec<String>> {
    let scope = app.scope();
    let mut held = HeldBack::default();
    let mut new_per_day = 0u32;
    for deck in decks {
        let (counts, limits) = crate::app::queue::counts_and_limits(store, &scope, deck)?;
        let deck_held = HeldBack::of(&counts, limits.remaining());
        if deck_held.new > 0 {
            new_per_day = new_per_day.saturating_add(limits.new_per_day.max(1));
        }
        held.add(deck_held);
    }
    if held.is_empty() {
        return Ok(Vec::new());
    }
    let mut parts = Vec::new();
    let mut flags = Vec::new();
    if held.new > 0 {
        parts.push(format!(
            "{} new {}",
            held.new,
            plural(held.new, "card", "cards")
        ));
        flags.push(format!("--extra-new {}", held.new.min(new_per_day)));
    }
    if held.reviews > 0 {
        parts.push(format!(
            "{} {}",
            held.reviews,
            plural(held.reviews, "review", "reviews")
        ));
        flags.push(format!("--extra-reviews {}", held.reviews));
    }
    let mut command = vec!["recall study".to_owned()];
    command.extend(deck_args.iter().map(|arg| shell_word(&ui::clean(arg))));
    command.push(flags.join(" "));
    Ok(vec![
        format!(
            "Today's limits held back {}. To study more today (the raise lasts until the day \
             ends):",
            parts.join(" and ")
        ),
        command_line(&command.join(" ")),
    ])
}

/// A word as typed in a shell: quoted when it holds anything but plain characters.
pub fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./:=@+,".contains(c))
    {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Prints the summary (to stdout) with the lines about what is due next.
/// Lines are wrapped between words to the terminal's width (else `$COLUMNS`); a line that is a
/// command to copy ([`COMMAND_INDENT`] then `recall`) is never broken.
pub fn print_summary(summary: &Summary, extra: &[String]) -> Result<()> {
    let symbols = Symbols::new(ui::unicode_supported());
    let width = output_width();
    let mut out = io::stdout().lock();
    writeln!(out)?;
    for line in ui::summary_lines(summary, symbols, extra) {
        for part in wrap_for_people(&symbols.fit(&line), width) {
            writeln!(out, "{part}")?;
        }
    }
    Ok(())
}

/// How a command the learner should copy is set on a line of its own.
pub const COMMAND_INDENT: &str = "  ";

/// A command to copy, on a line of its own.
pub fn command_line(command: &str) -> String {
    format!("{COMMAND_INDENT}{command}")
}

/// The width to wrap text to: the terminal's when stdout is one, else `$COLUMNS`, else none.
pub fn output_width() -> Option<usize> {
    if io::stdout().is_terminal()
        && let Some((_, width)) = console::Term::stdout().size_checked()
    {
        return Some(usize::from(width));
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse().ok())
        .filter(|&columns: &usize| columns >= 20)
}

/// `line` broken between words to fit `width`, except a command line, which stays whole (a
/// terminal narrower than it wraps it, but no line break lands inside it).
pub fn wrap_for_people(line: &str, width: Option<usize>) -> Vec<String> {
    let Some(width) = width else {
        return vec![line.to_owned()];
    };
    let is_command = line
        .strip_prefix(COMMAND_INDENT)
        .is_some_and(|rest| rest.starts_with("recall "));
    if is_command || console::measure_text_width(line) <= width {
        return vec![line.to_owned()];
    }
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    ui::wrap(line.trim_start(), width.saturating_sub(indent.len()))
        .into_iter()
        .map(|part| format!("{indent}{part}"))
        .collect()
}
