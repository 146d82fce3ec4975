//! The live game's terminal screens: the teacher's projector view for `recall host` (players
//! joining, each question with its countdown and answer count, the reveal with the spread of
//! replies and the top five; keys Enter/Space next, p pause, k remove a player, q end) and the
//! student's screen for `recall join`, in the style of `drill`. Both have a plain, line-based
//! form for when stdin is not a terminal (scripts and tests).
//!
//! Everything shown from a deck or a player (questions, options, names) is untrusted and goes
//! through [`clean`].

use std::collections::VecDeque;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use anyhow::Result;
use console::{Key, Term, style};

use super::clean;
use super::keys::{Event, Keys};
use super::render::{Symbols, clock, wrap};
use crate::deck::{Asked as Answering, Kind};
use crate::drill::results::Outcome;
use crate::live::client::{Player, Update};
use crate::live::game::{Bar, HostAction, HostView, PlayerId, Stage};
use crate::live::protocol::{OverMsg, QuestionMsg, RevealMsg, ServerMsg, Standing};
use crate::live::server::{Server, Snapshot};
use crate::text::{choice_keys, plural};

/// How often the screens wake to redraw and look for news.
const TICK: Duration = Duration::from_millis(100);

/// How players find the game.
#[derive(Debug, Clone)]
pub struct Invitation {
    /// The page's address, e.g. `http://192.168.1.20:7878/`.
    pub url: String,
    pub pin: String,
    /// The address with the PIN, for the QR code (`…/#pin=482913`).
    pub link: String,
    /// Only this machine can join (listening on loopback).
    pub local_only: bool,
    /// The paper's seed, for the results commands.
    pub seed: u64,
}

impl Invitation {
    /// The invitation to the game the server `bound` to; whether this machine's address on the
    /// network is known (when it is not, the address is loopback and players need telling).
    pub fn to(bound: SocketAddr, pin: String, seed: u64) -> (Invitation, bool) {
        let (host, found) = crate::live::server::join_host(bound);
        let url = format!("http://{}/", SocketAddr::new(host, bound.port()));
        let invitation = Invitation {
            link: format!("{url}#pin={pin}"),
            url,
            pin,
            local_only: bound.ip().is_loopback(),
            seed,
        };
        (invitation, found)
    }
}

/// The lines that invite players: the address and PIN in words, the QR code, and how to open
/// the game to the room when it is only open to this machine.
pub fn invitation_lines(
    invitation: &Invitation,
    symbols: Symbols,
    colors: bool,
    width: usize,
    qr: bool,
) -> Vec<String> {
    let mut lines = vec![
        format!(
            "Join at {}  {}  PIN {}",
            style(&invitation.url).bold().cyan(),
            symbols.dot,
            style(&invitation.pin).bold().yellow()
        ),
        String::new(),
    ];
    if qr {
        lines.extend(qr_lines(&invitation.link, symbols.unicode(), colors));
    } else {
        lines.push(
            style("(a taller terminal shows the QR code)")
                .dim()
                .to_string(),
        );
    }
    if invitation.local_only {
        lines.push(String::new());
        let hint = "Only this machine can join. To open the game to the room, start it with \
                    --bind 0.0.0.0 (everyone on this network can then reach it).";
        lines.extend(
            wrap(hint, width.saturating_sub(2))
                .into_iter()
                .map(|line| style(line).yellow().to_string()),
        );
    }
    lines
}

/// A QR code of `text` for the terminal: two rows of modules per line in half blocks (Unicode)
/// or two characters per module (ASCII). With colours it is drawn black on white, which every
/// scanner reads; without, light modules are drawn as blocks, which reads right on the usual
/// dark terminal.
pub fn qr_lines(text: &str, unicode: bool, colors: bool) -> Vec<String> {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return Vec::new();
    };
    let width = code.width();
    let modules = code.to_colors();
    // The four modules of light margin the QR standard asks for: phones read it at once.
    let quiet = 4;
    let size = width + 2 * quiet;
    let dark = |x: usize, y: usize| -> bool {
        x >= quiet
            && y >= quiet
            && x < width + quiet
            && y < width + quiet
            && modules[(y - quiet) * width + (x - quiet)] == qrcode::Color::Dark
    };
    // What is drawn as ink: dark modules on a forced white background, else light modules.
    let ink = |x: usize, y: usize| if colors { dark(x, y) } else { !dark(x, y) };
    let paint = |line: String| {
        if colors {
            style(line).black().on_white().to_string()
        } else {
            line
        }
    };
    let mut lines = Vec::new();
    if unicode {
        for y in (0..size).step_by(2) {
            let line: String = (0..size)
                .map(|x| match (ink(x, y), y + 1 < size && ink(x, y + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                })
                .collect();
            lines.push(paint(line));
        }
    } else {
        for y in 0..size {
            let line: String = (0..size)
                .map(|x| if ink(x, y) { "##" } else { "  " })
                .collect();
            lines.push(paint(line));
        }
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// The teacher's screen.

/// Runs the teacher's projector view until the teacher closes it; returns the last snapshot.
/// A terminal that goes away ends the game (its results are kept).
pub fn host(
    server: &mut Server,
    invitation: &Invitation,
    symbols: Symbols,
    colors: bool,
) -> Result<Snapshot> {
    let term = Term::stdout();
    let mut keys = Keys::new(&term);
    let mut snapshot = server.snapshot();
    term.hide_cursor()?;
    term.clear_screen()?;
    let mut shown: Option<(Vec<String>, (usize, usize))> = None;
    let result = (|| -> Result<()> {
        loop {
            // Drawn again only when something changed (the countdown changes it 5 times a
            // second), so a slow terminal or an SSH link is not flooded.
            let size = size(&term);
            let frame = host_frame(&snapshot, invitation, symbols, colors, size);
            if shown.as_ref() != Some(&(frame.clone(), size)) {
                draw(&term, &frame, size.1)?;
                shown = Some((frame, size));
            }
            if snapshot.closed {
                return Ok(());
            }
            let over = matches!(snapshot.view.stage, Stage::Over { .. });
            match keys.key(None, TICK) {
                Event::Key(Key::Enter | Key::Char(' ' | 'q' | 'Q') | Key::Escape) if over => {
                    return Ok(());
                }
                Event::Key(Key::Enter | Key::Char(' ')) => server.act(HostAction::Next),
                Event::Key(Key::Char('p' | 'P')) => server.act(HostAction::Pause),
                Event::Key(Key::Char('k' | 'K')) if !over => {
                    if let Some(player) = pick_player(&term, &mut keys, &snapshot.view)? {
                        server.act(HostAction::Kick(player));
                    }
                    term.clear_screen()?;
                    shown = None;
                }
                Event::Key(Key::Char('q' | 'Q')) => server.act(HostAction::End),
                // The terminal went away or Ctrl-C: end the game, keep its results.
                Event::Interrupt | Event::Eof => {
                    server.act(HostAction::End);
                    return Ok(());
                }
                _ => {}
            }
            // Let the game apply the key before the next frame.
            std::thread::sleep(Duration::from_millis(20));
            if let Some(next) = server.snapshot_if_changed() {
                snapshot = next;
            }
        }
    })();
    if result.is_err() {
        term.show_cursor()?;
    }
    result?;
    // Wait briefly for the end to reach the game, so the final snapshot is the real one.
    for _ in 0..20 {
        if let Some(next) = server.snapshot_if_changed() {
            snapshot = next;
        }
        if matches!(snapshot.view.stage, Stage::Over { .. }) || snapshot.closed {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    // The last frame stays on screen above what `recall host` prints next: without its keys
    // (nothing reads them any more) and without the results line the summary below repeats.
    let size = size(&term);
    let mut last = host_frame(&snapshot, invitation, symbols, colors, size);
    closing_frame(&mut last);
    // Cosmetic: a terminal that went away (the game ended for it) must not lose the summary.
    let _ = draw(&term, &last, size.1);
    term.show_cursor()?;
    Ok(snapshot)
}

/// How the results line of the final frame begins.
const RESULTS_LINE: &str = "Results are saved: ";
/// The keys line of the final frame.
const CLOSE_KEYS: &str = "Enter or q: close the game";

/// The frame left on screen once the teacher has closed the game: the keys line and the results
/// line (which `recall host` prints again, a command per line) go, with the blank line before
/// each.
fn closing_frame(lines: &mut Vec<String>) {
    let gone = |line: &String| {
        let plain = console::strip_ansi_codes(line);
        plain.starts_with(RESULTS_LINE) || plain == CLOSE_KEYS
    };
    let mut kept: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines.drain(..) {
        if gone(&line) {
            if kept.last().is_some_and(String::is_empty) {
                kept.pop();
            }
        } else {
            kept.push(line);
        }
    }
    *lines = kept;
}

/// Columns and rows of the terminal.
fn size(term: &Term) -> (usize, usize) {
    let (rows, columns) = term.size();
    (
        usize::from(columns).clamp(40, 160),
        usize::from(rows).max(10),
    )
}

/// Draws a frame over the last one, line by line, without clearing the screen first (no
/// flicker while the countdown ticks). A frame taller than the screen loses lines from its
/// middle: the keys and notices at the bottom always show.
fn draw(term: &Term, lines: &[String], height: usize) -> io::Result<()> {
    const FOOT: usize = 3;
    let room = height.saturating_sub(1);
    let shown: Vec<&String> = if lines.len() > room && room > FOOT {
        let head = room - FOOT;
        lines[..head]
            .iter()
            .chain(&lines[lines.len() - FOOT..])
            .collect()
    } else {
        lines.iter().take(room).collect()
    };
    term.move_cursor_to(0, 0)?;
    for line in shown {
        term.clear_line()?;
        term.write_line(line)?;
    }
    term.clear_to_end_of_screen()?;
    term.flush()
}

/// Asks which player to remove (by number); `None` when the teacher changes their mind.
fn pick_player(term: &Term, keys: &mut Keys, view: &HostView) -> Result<Option<PlayerId>> {
    term.clear_screen()?;
    if view.players.is_empty() {
        return Ok(None);
    }
    term.write_line(&style("Remove which player?").bold().to_string())?;
    for (number, player) in view.players.iter().enumerate() {
        term.write_line(&format!("  {:>3}  {}", number + 1, clean(&player.name)))?;
    }
    term.write_line(
        &style("type the number and Enter (Enter alone: cancel)")
            .dim()
            .to_string(),
    )?;
    let event = keys.line(&|| "remove › ".to_owned(), None, Duration::from_hours(1))?;
    Ok(match event {
        Event::Line(text) => text
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|at| view.players.get(at))
            .map(|p| p.id),
        _ => None,
    })
}

/// The teacher's screen for one snapshot.
pub fn host_frame(
    snapshot: &Snapshot,
    invitation: &Invitation,
    symbols: Symbols,
    colors: bool,
    (width, height): (usize, usize),
) -> Vec<String> {
    let view = &snapshot.view;
    let mut lines = Vec::new();
    let connected = view.players.iter().filter(|p| p.connected).count();
    let count = format!(
        "{} {} · {} connected",
        view.players.len(),
        plural(view.players.len(), "player", "players"),
        connected
    );
    // One line whatever the title's length: the title gives way.
    let room = width.saturating_sub(console::measure_text_width(&count) + 19);
    lines.push(format!(
        "{} {} {} {} {}",
        style("recall live").bold(),
        symbols.dot,
        console::truncate_str(&clean(&view.title), room.max(8), "…"),
        symbols.dot,
        style(count).dim()
    ));
    let keys = match &view.stage {
        Stage::Lobby => {
            lines.push(String::new());
            let names = names_block(view, width);
            let with_qr = invitation_lines(invitation, symbols, colors, width, true);
            // The QR code gives way when the screen is too short for it and the rest.
            let fits = lines.len() + with_qr.len() + names.len() + 6 <= height;
            if fits {
                lines.extend(with_qr);
            } else {
                lines.extend(invitation_lines(invitation, symbols, colors, width, false));
            }
            lines.push(String::new());
            lines.extend(names);
            "Enter: start · k: remove a player · q: end"
        }
        Stage::Question {
            number,
            text,
            kind,
            choices,
            remaining,
            time,
            paused,
            answered,
            playing,
        } => {
            lines.push(
                style(format!(
                    "Join at {} · PIN {}",
                    invitation.url, invitation.pin
                ))
                .dim()
                .to_string(),
            );
            lines.push(String::new());
            let mut head = format!(
                "Question {number} of {}   {}",
                view.questions,
                countdown_bar(*remaining, *time, symbols)
            );
            if *paused {
                head.push_str(&format!("  {}", style("PAUSED").yellow().bold()));
            }
            lines.push(style(head).bold().to_string());
            lines.push(String::new());
            for line in wrap(&clean(text), width.saturating_sub(2)) {
                lines.push(style(line).bold().to_string());
            }
            lines.push(String::new());
            lines.extend(options_block(*kind, choices, width));
            lines.push(String::new());
            lines.push(format!(
                "Answers: {} of {}",
                style(answered).bold().cyan(),
                playing
            ));
            "Enter: close now · p: pause · k: remove a player · q: end"
        }
        Stage::Reveal {
            number,
            text,
            answer,
            explain,
            bars,
            unanswered,
            top,
            last,
        } => {
            lines.push(
                style(format!(
                    "Join at {} · PIN {}",
                    invitation.url, invitation.pin
                ))
                .dim()
                .to_string(),
            );
            lines.push(String::new());
            lines.push(
                style(format!("Question {number} of {}", view.questions))
                    .bold()
                    .to_string(),
            );
            for line in wrap(&clean(text), width.saturating_sub(2)) {
                lines.push(style(line).dim().to_string());
            }
            lines.push(String::new());
            lines.push(format!(
                "{} {}",
                style("Answer:").bold(),
                style(clean(answer)).green().bold()
            ));
            if let Some(explain) = explain {
                for line in wrap(&clean(explain), width.saturating_sub(4)) {
                    lines.push(format!("  {line}"));
                }
            }
            lines.push(String::new());
            lines.extend(bar_lines(bars, *unanswered, symbols, width));
            lines.push(String::new());
            lines.push(style("Top five").bold().to_string());
            lines.extend(standing_lines(top));
            if *last {
                "Enter: final results · q: end"
            } else {
                "Enter: next question · k: remove a player · q: end"
            }
        }
        Stage::Over {
            finished,
            standings,
        } => {
            lines.push(String::new());
            lines.push(
                style(if *finished {
                    "Game over"
                } else {
                    "Game ended early"
                })
                .bold()
                .to_string(),
            );
            lines.push(String::new());
            let shown = standings.len().min(15);
            lines.extend(standing_lines(&standings[..shown]));
            if standings.len() > shown {
                lines.push(
                    style(format!("… and {} more", standings.len() - shown))
                        .dim()
                        .to_string(),
                );
            }
            lines.push(String::new());
            lines.push(format!(
                "{RESULTS_LINE}recall results --seed {0} · recall report --seed {0}",
                invitation.seed
            ));
            CLOSE_KEYS
        }
    };
    lines.push(String::new());
    if let Some(notice) = &snapshot.notice {
        lines.push(style(clean(notice)).yellow().to_string());
    }
    if let Some(problem) = &snapshot.problem {
        lines.push(
            style(format!("could not save: {}", clean(problem)))
                .red()
                .bold()
                .to_string(),
        );
    }
    lines.push(style(keys).dim().to_string());
    lines
        .into_iter()
        .map(|line| symbols.fit(&line).into_owned())
        .collect()
}

fn names_block(view: &HostView, width: usize) -> Vec<String> {
    if view.players.is_empty() {
        return vec![style("Waiting for players…").dim().to_string()];
    }
    let names: Vec<String> = view
        .players
        .iter()
        .map(|p| {
            if p.connected {
                clean(&p.name)
            } else {
                format!("{} (away)", clean(&p.name))
            }
        })
        .collect();
    let mut lines = vec![
        style(format!(
            "{} {} joined:",
            view.players.len(),
            plural(view.players.len(), "player has", "players have")
        ))
        .bold()
        .to_string(),
    ];
    lines.extend(wrap(&names.join(" · "), width.saturating_sub(2)));
    lines
}

fn options_block(kind: Kind, choices: &[String], width: usize) -> Vec<String> {
    match kind {
        Kind::Choice => choice_keys(choices)
            .iter()
            .zip(choices)
            .flat_map(|(key, choice)| {
                let mut lines = wrap(&clean(choice), width.saturating_sub(6)).into_iter();
                let first = format!(
                    "  {} {}",
                    style(format!("{key})")).cyan().bold(),
                    lines.next().unwrap_or_default()
                );
                std::iter::once(first).chain(lines.map(|rest| format!("     {rest}")))
            })
            .collect(),
        Kind::TrueFalse => vec![format!(
            "  {} true    {} false",
            style("1)").cyan().bold(),
            style("2)").cyan().bold()
        )],
        Kind::Year => vec![style("  (type a year)").dim().to_string()],
        Kind::Number => vec![style("  (type a number)").dim().to_string()],
        Kind::Text | Kind::Cloze => vec![style("  (type the answer)").dim().to_string()],
    }
}

fn countdown_bar(remaining: Duration, time: Duration, symbols: Symbols) -> String {
    const CELLS: usize = 20;
    let share = if time.is_zero() {
        0.0
    } else {
        (remaining.as_secs_f64() / time.as_secs_f64()).clamp(0.0, 1.0)
    };
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let full = (share * CELLS as f64).round() as usize;
    let (on, off) = if symbols.unicode() {
        ("█", "░")
    } else {
        ("#", "-")
    };
    let secs = u64::try_from(remaining.as_millis().div_ceil(1000)).unwrap_or(u64::MAX);
    let bar = format!("{}{}", on.repeat(full), off.repeat(CELLS - full));
    let left = clock(Duration::from_secs(secs));
    if secs <= 5 {
        format!("{} {}", style(bar).red(), style(left).red().bold())
    } else {
        format!("{} {}", style(bar).yellow(), style(left).bold())
    }
}

fn bar_lines(bars: &[Bar], unanswered: usize, symbols: Symbols, width: usize) -> Vec<String> {
    let most = bars
        .iter()
        .map(|b| b.count)
        .max()
        .unwrap_or(0)
        .max(unanswered)
        .max(1);
    let label_width = bars
        .iter()
        .map(|b| console::measure_text_width(&clean(&b.label)))
        .max()
        .unwrap_or(0)
        .clamp(8, 30);
    let room = width.saturating_sub(label_width + 14).clamp(5, 40);
    let block = if symbols.unicode() { "█" } else { "#" };
    let mut lines: Vec<String> = bars
        .iter()
        .map(|bar| {
            let label = console::truncate_str(&clean(&bar.label), label_width, "…").into_owned();
            let pad = label_width.saturating_sub(console::measure_text_width(&label));
            let cells = (bar.count * room).div_ceil(most);
            let drawn = block.repeat(cells);
            let (mark, drawn) = if bar.right {
                (
                    style(symbols.right).green().bold().to_string(),
                    style(drawn).green().to_string(),
                )
            } else {
                (" ".to_owned(), style(drawn).red().to_string())
            };
            format!("{mark} {label}{} {drawn} {}", " ".repeat(pad), bar.count)
        })
        .collect();
    if unanswered > 0 {
        lines.push(
            style(format!("  no answer: {unanswered}"))
                .dim()
                .to_string(),
        );
    }
    lines
}

fn standing_lines(standings: &[Standing]) -> Vec<String> {
    if standings.is_empty() {
        return vec![style("  nobody played").dim().to_string()];
    }
    standings
        .iter()
        .map(|s| format!("  {:>3}. {:<24} {:>6}", s.rank, clean(&s.name), s.score))
        .collect()
}

/// The teacher's screen as lines of text, for when stdin is not a terminal: what changes is
/// printed as it happens, and commands are read as lines (empty or `next`, `p`, `k NAME`, `q`).
/// The end of input ends the game (its results are kept) and closes it.
pub fn host_plain(
    server: &mut Server,
    invitation: &Invitation,
    lines: &Receiver<Option<String>>,
    out: &mut dyn Write,
) -> Result<Snapshot> {
    let mut printer = PlainHost::default();
    let mut snapshot = server.snapshot();
    for line in printer.changes(&snapshot, invitation) {
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    loop {
        match lines.recv_timeout(TICK) {
            Ok(Some(line)) => {
                let command = line.trim();
                let over = matches!(snapshot.view.stage, Stage::Over { .. });
                match command {
                    "" | "n" | "next" | "q" | "quit" | "end" if over => break,
                    "" | "n" | "next" => server.act(HostAction::Next),
                    "p" | "pause" => server.act(HostAction::Pause),
                    "q" | "quit" | "end" => server.act(HostAction::End),
                    _ => match command
                        .strip_prefix("k ")
                        .or_else(|| command.strip_prefix("kick "))
                    {
                        Some(who) => match find_player(&snapshot.view, who.trim()) {
                            Some(id) => server.act(HostAction::Kick(id)),
                            None => writeln!(out, "no player `{}`", clean(who.trim()))?,
                        },
                        None => writeln!(
                            out,
                            "commands: Enter or `next`, `p` (pause), `k NAME` (remove), `q` (end)"
                        )?,
                    },
                }
            }
            Ok(None) | Err(RecvTimeoutError::Disconnected) => {
                server.act(HostAction::End);
                break;
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        std::thread::sleep(Duration::from_millis(20));
        if let Some(next) = server.snapshot_if_changed() {
            snapshot = next;
            for line in printer.changes(&snapshot, invitation) {
                writeln!(out, "{line}")?;
            }
            out.flush()?;
        }
        if snapshot.closed {
            break;
        }
    }
    // Let the end reach the game and print it.
    for _ in 0..40 {
        if let Some(next) = server.snapshot_if_changed() {
            snapshot = next;
            for line in printer.changes(&snapshot, invitation) {
                writeln!(out, "{line}")?;
            }
        }
        if matches!(snapshot.view.stage, Stage::Over { .. }) || snapshot.closed {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    out.flush()?;
    Ok(snapshot)
}

/// A player named `who` (as shown, any case), or numbered `who` in joining order.
fn find_player(view: &HostView, who: &str) -> Option<PlayerId> {
    view.players
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(who))
        .or_else(|| {
            who.parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|at| view.players.get(at))
        })
        .map(|p| p.id)
}

/// What the plain screen has printed, to print only what changed.
#[derive(Debug, Default)]
struct PlainHost {
    last: Option<Snapshot>,
}

impl PlainHost {
    fn changes(&mut self, now: &Snapshot, invitation: &Invitation) -> Vec<String> {
        let mut lines = Vec::new();
        let before = self.last.as_ref();
        if before.is_none() {
            lines.push(format!("join: {}", invitation.url));
            lines.push(format!("pin: {}", invitation.pin));
        }
        let old_players = before.map(|s| s.view.players.clone()).unwrap_or_default();
        for player in &now.view.players {
            match old_players.iter().find(|p| p.id == player.id) {
                None => {
                    lines.push(format!(
                        "joined: {} ({} {})",
                        clean(&player.name),
                        now.view.players.len(),
                        plural(now.view.players.len(), "player", "players")
                    ));
                    if !player.connected {
                        lines.push(format!("away: {}", clean(&player.name)));
                    }
                }
                Some(old) if old.connected && !player.connected => {
                    lines.push(format!("away: {}", clean(&player.name)));
                }
                Some(old) if !old.connected && player.connected => {
                    lines.push(format!("back: {}", clean(&player.name)));
                }
                Some(_) => {}
            }
        }
        for old in &old_players {
            if !now.view.players.iter().any(|p| p.id == old.id) {
                lines.push(format!("removed: {}", clean(&old.name)));
            }
        }
        let old_stage = before.map(|s| &s.view.stage);
        match (&now.view.stage, old_stage) {
            (
                Stage::Question {
                    number,
                    paused,
                    answered,
                    playing,
                    text,
                    kind,
                    choices,
                    ..
                },
                Some(Stage::Question {
                    number: was,
                    paused: was_paused,
                    answered: was_answered,
                    playing: was_playing,
                    ..
                }),
            ) if was == number => {
                if paused != was_paused {
                    lines.push(if *paused {
                        "paused".into()
                    } else {
                        "resumed".into()
                    });
                }
                if (answered, playing) != (was_answered, was_playing) {
                    lines.push(format!("answers: {answered} of {playing}"));
                }
                let _ = (text, kind, choices);
            }
            (
                Stage::Question {
                    number,
                    text,
                    kind,
                    choices,
                    time,
                    ..
                },
                _,
            ) => {
                lines.push(format!(
                    "question {number} of {} ({}s): {}",
                    now.view.questions,
                    time.as_secs(),
                    clean(text).replace('\n', " ")
                ));
                lines.extend(
                    options_block(*kind, choices, 200)
                        .into_iter()
                        .map(|l| console::strip_ansi_codes(&l).into_owned()),
                );
            }
            (
                Stage::Reveal {
                    number,
                    answer,
                    bars,
                    unanswered,
                    top,
                    ..
                },
                old,
            ) if !matches!(old, Some(Stage::Reveal { number: was, .. }) if was == number) => {
                lines.push(format!("revealed {number}: answer {}", clean(answer)));
                for bar in bars {
                    lines.push(format!(
                        "  {}{}: {}",
                        if bar.right { "(right) " } else { "" },
                        clean(&bar.label),
                        bar.count
                    ));
                }
                lines.push(format!("  no answer: {unanswered}"));
                lines.push(format!("top: {}", plain_standings(top)));
            }
            (
                Stage::Over {
                    finished,
                    standings,
                },
                old,
            ) if !matches!(old, Some(Stage::Over { .. })) => {
                lines.push(if *finished {
                    "game over".into()
                } else {
                    "game ended".into()
                });
                lines.push(format!("final: {}", plain_standings(standings)));
            }
            _ => {}
        }
        if now.notice != before.and_then(|s| s.notice.clone())
            && let Some(notice) = &now.notice
        {
            lines.push(format!("note: {}", clean(notice)));
        }
        if now.problem != before.and_then(|s| s.problem.clone())
            && let Some(problem) = &now.problem
        {
            lines.push(format!("could not save: {}", clean(problem)));
        }
        self.last = Some(now.clone());
        lines
    }
}

fn plain_standings(standings: &[Standing]) -> String {
    if standings.is_empty() {
        return "nobody".into();
    }
    standings
        .iter()
        .map(|s| format!("{}. {} {}", s.rank, clean(&s.name), s.score))
        .collect::<Vec<_>>()
        .join(" · ")
}

// ---------------------------------------------------------------------------------------------
// The student's screen.

/// How a player's game ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlayEnd {
    /// The game ended; the final result.
    Over(OverMsg),
    /// The server refused, removed or replaced this player, with its words.
    Refused(String),
    /// The connection was lost and could not be restored.
    Lost,
    /// The player left (Ctrl-C, or the end of input).
    Left,
}

/// What the student's screen knows.
#[derive(Debug, Default)]
struct PlayState {
    name: String,
    title: String,
    /// The question asked and not yet answered.
    open: Option<(QuestionMsg, Instant)>,
    score: u32,
}

impl PlayState {
    /// Takes in a message; returns the end of the game when it is one.
    fn take(&mut self, msg: &ServerMsg) -> Option<PlayEnd> {
        match msg {
            ServerMsg::Welcome {
                name, game, score, ..
            } => {
                self.name.clone_from(name);
                self.title.clone_from(&game.title);
                self.score = *score;
            }
            ServerMsg::Question(question) => {
                self.open = (!question.answered).then(|| {
                    let deadline = Instant::now() + Duration::from_millis(question.remaining_ms);
                    (question.clone(), deadline)
                });
            }
            ServerMsg::Ack { .. } | ServerMsg::Reveal(_) | ServerMsg::Waiting { .. } => {
                if let ServerMsg::Reveal(reveal) = msg {
                    self.score = reveal.score;
                }
                self.open = None;
            }
            ServerMsg::Paused { .. } => {
                if let Some((_, deadline)) = &mut self.open {
                    // Frozen: shown without a countdown until resumed.
                    *deadline = Instant::now() + Duration::from_hours(24);
                }
            }
            ServerMsg::Resumed { remaining_ms, .. } => {
                if let Some((_, deadline)) = &mut self.open {
                    *deadline = Instant::now() + Duration::from_millis(*remaining_ms);
                }
            }
            ServerMsg::Over(over) => return Some(PlayEnd::Over(over.clone())),
            ServerMsg::Refused { message, .. }
            | ServerMsg::Kicked { message }
            | ServerMsg::Error { message } => return Some(PlayEnd::Refused(message.clone())),
            ServerMsg::Replaced => {
                return Some(PlayEnd::Refused(
                    "you joined this game again somewhere else".into(),
                ));
            }
            ServerMsg::Lobby { .. } | ServerMsg::Rejected { .. } => {}
        }
        None
    }
}

/// The reply a typed line is for a question: an option's key picks it by position.
fn reply_for(question: &QuestionMsg, line: &str) -> (Option<usize>, Option<String>) {
    let trimmed = line.trim();
    match asked_by(question) {
        Answering::Choice => {
            let keys = choice_keys(&question.choices);
            let mut chars = trimmed.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && let Some(at) = keys.iter().position(|k| *k == c.to_ascii_lowercase())
            {
                return (Some(at), None);
            }
        }
        Answering::TrueFalse | Answering::Typed => {}
    }
    (None, Some(trimmed.to_owned()))
}

/// How a question is answered, from its kind; a kind this recall does not know (a newer host)
/// is answered by typing.
fn asked_by(question: &QuestionMsg) -> Answering {
    question
        .kind()
        .map_or(Answering::Typed, |kind| kind.spec().asked)
}

fn question_lines(question: &QuestionMsg, width: usize) -> Vec<String> {
    let mut lines = vec![
        style(format!("question {} of {}", question.number, question.of))
            .dim()
            .to_string(),
    ];
    lines.push(String::new());
    for line in wrap(&clean(&question.text), width.saturating_sub(2)) {
        lines.push(style(line).bold().to_string());
    }
    lines.push(String::new());
    if let Some(kind) = question.kind() {
        match kind.spec().asked {
            Answering::Choice | Answering::TrueFalse => {
                lines.extend(options_block(kind, &question.choices, width));
            }
            Answering::Typed => {}
        }
    }
    lines
}

fn outcome_line(reveal: &RevealMsg, symbols: Symbols) -> String {
    let answer = style(clean(&reveal.answer)).bold();
    match reveal.outcome {
        Some(Outcome::Right) => format!(
            "{}  {answer}",
            style(format!("{} right", symbols.right)).green().bold()
        ),
        Some(Outcome::Typo) => format!(
            "{}  {answer}",
            style(format!("{} right, with a typo", symbols.typo))
                .yellow()
                .bold()
        ),
        Some(Outcome::Wrong) => format!(
            "{}  {answer}",
            style(format!("{} wrong", symbols.wrong)).red().bold()
        ),
        Some(Outcome::Unanswered) => format!("{}  {answer}", style("no answer").dim().bold()),
        None => format!("{} {answer}", style("answer:").dim()),
    }
}

fn reveal_lines(reveal: &RevealMsg, symbols: Symbols, width: usize) -> Vec<String> {
    let mut lines = vec![outcome_line(reveal, symbols)];
    if let Some(reply) = &reveal.reply
        && reveal.outcome != Some(Outcome::Right)
    {
        lines.push(
            style(format!("you answered: {}", clean(reply)))
                .dim()
                .to_string(),
        );
    }
    if let Some(explain) = &reveal.explain {
        for line in wrap(&clean(explain), width.saturating_sub(4)) {
            lines.push(format!("  {line}"));
        }
    }
    lines.push(
        style(format!(
            "+{} {} · score {} · rank {} of {}",
            reveal.points,
            plural(reveal.points, "point", "points"),
            reveal.score,
            reveal.rank,
            reveal.players
        ))
        .cyan()
        .bold()
        .to_string(),
    );
    lines
}

fn over_lines(over: &OverMsg) -> Vec<String> {
    let mut lines = vec![
        style(if over.finished {
            "Game over"
        } else {
            "The teacher ended the game"
        })
        .bold()
        .to_string(),
        format!(
            "Your score: {} · rank {} of {}",
            style(over.score).bold(),
            over.rank,
            over.players
        ),
    ];
    lines.extend(standing_lines(&over.top));
    lines
}

/// Plays a game with lines of text, for when stdin is not a terminal: each question is
/// printed, and the next line of input answers it (an option's number or letter picks it).
pub fn play_plain(
    player: &mut Player,
    lines: &Receiver<Option<String>>,
    out: &mut dyn Write,
    symbols: Symbols,
) -> Result<PlayEnd> {
    let mut state = PlayState::default();
    let mut typed: VecDeque<String> = VecDeque::new();
    let mut input_open = true;
    loop {
        while input_open {
            match lines.try_recv() {
                Ok(Some(line)) => typed.push_back(line),
                Ok(None) | Err(TryRecvError::Disconnected) => input_open = false,
                Err(TryRecvError::Empty) => break,
            }
        }
        if let Some((question, _)) = &state.open
            && let Some(line) = typed.pop_front()
        {
            // An empty line passes on the question.
            if !line.trim().is_empty() {
                let (choice, text) = reply_for(question, &line);
                player.answer(question.question, choice, text);
            }
            state.open = None;
        }
        let Some(update) = player.next(Duration::from_millis(50)) else {
            continue;
        };
        let msg = match update {
            Update::Message(msg) => msg,
            Update::Reconnecting => {
                writeln!(out, "connection lost; rejoining…")?;
                out.flush()?;
                continue;
            }
            Update::Ended => return Ok(PlayEnd::Lost),
        };
        let end = state.take(&msg);
        for line in plain_lines(&msg, symbols) {
            writeln!(out, "{}", symbols.fit(&console::strip_ansi_codes(&line)))?;
        }
        out.flush()?;
        if let Some(end) = end {
            return Ok(end);
        }
    }
}

fn plain_lines(msg: &ServerMsg, symbols: Symbols) -> Vec<String> {
    match msg {
        ServerMsg::Welcome {
            name,
            game,
            rejoined,
            score,
            ..
        } => vec![format!(
            "{} as {} · {} · {} {}{}",
            if *rejoined { "rejoined" } else { "joined" },
            clean(name),
            clean(&game.title),
            game.questions,
            plural(game.questions, "question", "questions"),
            if *rejoined {
                format!(" · score {score}")
            } else {
                String::new()
            }
        )],
        ServerMsg::Lobby { players } => vec![format!(
            "waiting for the teacher to start ({players} joined)"
        )],
        ServerMsg::Waiting { from } => vec![format!("you play from question {}", from + 1)],
        ServerMsg::Question(question) => {
            let mut lines = vec![format!(
                "[question {} of {} · {}s]",
                question.number,
                question.of,
                question.remaining_ms.div_ceil(1000)
            )];
            lines.extend(
                question_lines(question, 200)
                    .into_iter()
                    .skip(2)
                    .filter(|l| !l.is_empty()),
            );
            lines
        }
        ServerMsg::Ack { taken_ms, .. } => vec![format!(
            "answer sent ({}.{}s) · waiting for the others",
            taken_ms / 1000,
            taken_ms % 1000 / 100
        )],
        ServerMsg::Rejected { message, .. } => vec![format!("not taken: {}", clean(message))],
        ServerMsg::Paused { .. } => vec!["paused".into()],
        ServerMsg::Resumed { remaining_ms, .. } => {
            vec![format!("resumed: {}s left", remaining_ms.div_ceil(1000))]
        }
        ServerMsg::Reveal(reveal) => reveal_lines(reveal, symbols, 200),
        ServerMsg::Over(over) => over_lines(over),
        ServerMsg::Refused { message, .. }
        | ServerMsg::Kicked { message }
        | ServerMsg::Error { message } => {
            vec![clean(message)]
        }
        ServerMsg::Replaced => vec!["you joined this game again somewhere else".into()],
    }
}

/// Plays a game on the interactive screen: one screen per question with a countdown, option
/// keys or a typed answer, then the result and rank.
pub fn play(player: &mut Player, symbols: Symbols) -> Result<PlayEnd> {
    let term = Term::stdout();
    let mut keys = Keys::new(&term);
    let mut state = PlayState::default();
    let mut screen: Vec<String> = vec![style("Joining…").dim().to_string()];
    let mut waiting: VecDeque<Update> = VecDeque::new();
    let width = usize::from(term.size().1).clamp(30, 100);
    let mut drawn: Option<Vec<String>> = None;
    loop {
        // Draw (when something changed, or to ask afresh), then either take an answer or
        // wait for news.
        let asking = state.open.is_some() && waiting.is_empty();
        if asking || drawn.as_ref() != Some(&screen) {
            term.clear_screen()?;
            for line in &screen {
                term.write_line(&symbols.fit(line))?;
            }
            drawn = Some(screen.clone());
        }
        let update = if let Some(update) = waiting.pop_front() {
            Some(update)
        } else if let Some((question, deadline)) = state.open.clone() {
            match ask(&term, &mut keys, player, &question, deadline, &mut waiting)? {
                Asked::Answer(choice, text) => {
                    player.answer(question.question, choice, text);
                    state.open = None;
                    screen.push(style("sending…").dim().to_string());
                    None
                }
                Asked::Quit => return Ok(PlayEnd::Left),
                Asked::Interrupted => None,
            }
        } else {
            match keys.key(None, TICK) {
                Event::Interrupt | Event::Eof => return Ok(PlayEnd::Left),
                _ => player.next(Duration::ZERO),
            }
        };
        let Some(update) = update else {
            continue;
        };
        let msg = match update {
            Update::Message(msg) => msg,
            Update::Reconnecting => {
                screen.push(style("Connection lost; rejoining…").yellow().to_string());
                continue;
            }
            Update::Ended => return Ok(PlayEnd::Lost),
        };
        let end = state.take(&msg);
        let tail = format!(" · {} · score {}", clean(&state.name), state.score);
        let room = width
            .saturating_sub(console::measure_text_width(&tail) + 14)
            .max(8);
        let header = style(format!(
            "recall live · {}{tail}",
            console::truncate_str(&clean(&state.title), room, "…")
        ))
        .dim()
        .to_string();
        match &msg {
            ServerMsg::Question(question) => {
                screen = vec![header];
                screen.extend(question_lines(question, width));
                if question.answered {
                    screen.push(
                        style("Your answer is in. Waiting for the others…")
                            .dim()
                            .to_string(),
                    );
                }
            }
            ServerMsg::Reveal(reveal) => {
                screen = vec![header, String::new()];
                screen.extend(reveal_lines(reveal, symbols, width));
                screen.push(String::new());
                screen.push(style("Wait for the next question…").dim().to_string());
            }
            ServerMsg::Over(over) => {
                screen = vec![header, String::new()];
                screen.extend(over_lines(over));
            }
            ServerMsg::Lobby { .. } | ServerMsg::Waiting { .. } | ServerMsg::Welcome { .. } => {
                screen = vec![header, String::new()];
                screen.extend(plain_lines(&msg, symbols));
            }
            other => {
                // Acks, refusals of an answer, pauses: a line under the question.
                screen.retain(|line| !line.contains("sending…"));
                screen.extend(
                    plain_lines(other, symbols)
                        .into_iter()
                        .map(|l| style(l).yellow().to_string()),
                );
            }
        }
        if let Some(end) = end {
            term.clear_screen()?;
            for line in &screen {
                term.write_line(&symbols.fit(line))?;
            }
            return Ok(end);
        }
    }
}

enum Asked {
    Answer(Option<usize>, Option<String>),
    Quit,
    /// News arrived first (in `waiting`).
    Interrupted,
}

/// Takes the answer to the question on screen: an option's key for choice and true/false
/// cards, a typed line otherwise. News from the game interrupts.
fn ask(
    term: &Term,
    keys: &mut Keys,
    player: &mut Player,
    question: &QuestionMsg,
    deadline: Instant,
    waiting: &mut VecDeque<Update>,
) -> Result<Asked> {
    let mut poll = || match player.next(Duration::ZERO) {
        Some(update) => {
            waiting.push_back(update);
            true
        }
        None => false,
    };
    let left = move || {
        let secs = deadline
            .saturating_duration_since(Instant::now())
            .as_millis()
            .div_ceil(1000);
        if secs > 3600 {
            "paused".to_owned()
        } else {
            format!(
                "{} left",
                clock(Duration::from_secs(u64::try_from(secs).unwrap_or(0)))
            )
        }
    };
    let (option_keys, yes_no) = match asked_by(question) {
        Answering::Choice => (choice_keys(&question.choices), false),
        Answering::TrueFalse => (choice_keys(&["true", "false"]), true),
        Answering::Typed => {
            // Free text, and a kind this recall does not know, ask for "your answer".
            let expect = question
                .kind()
                .and_then(|kind| kind.spec().expects)
                .unwrap_or("your answer");
            term.write_line(
                &style(format!("type {expect} and press Enter"))
                    .dim()
                    .to_string(),
            )?;
            let prompt = move || format!("{} › ", style(format!("[{}]", left())).yellow().bold());
            let event = keys.line_until(&prompt, None, TICK, &mut poll)?;
            return Ok(match event {
                Event::Line(text) if !text.trim().is_empty() => Asked::Answer(None, Some(text)),
                Event::Interrupt | Event::Eof => Asked::Quit,
                _ => Asked::Interrupted,
            });
        }
    };
    term.write_line(&style("press the option's key").dim().to_string())?;
    loop {
        term.clear_line()?;
        term.write_str(&style(left()).yellow().bold().to_string())?;
        term.flush()?;
        match keys.key(None, TICK) {
            Event::Key(Key::Char(c)) => {
                let c = c.to_ascii_lowercase();
                if let Some(at) = option_keys.iter().position(|k| *k == c) {
                    term.write_line("")?;
                    return Ok(Asked::Answer(Some(at), None));
                }
                if yes_no && matches!(c, 'y' | 't' | 'n' | 'f') {
                    term.write_line("")?;
                    return Ok(Asked::Answer(
                        Some(usize::from(matches!(c, 'n' | 'f'))),
                        None,
                    ));
                }
            }
            Event::Interrupt | Event::Eof => return Ok(Asked::Quit),
            _ => {}
        }
        if poll() {
            return Ok(Asked::Interrupted);
        }
    }
}

/// `recall host`'s first line: the game in one line.
pub fn game_line(
    title: &str,
    seed: u64,
    questions: usize,
    per_question: Duration,
    scoring: crate::drill::Scoring,
) -> String {
    format!(
        "recall live: {} · paper {seed} · {questions} {} · {} each · {} scoring",
        clean(title),
        plural(questions, "question", "questions"),
        super::describe_interval(per_question),
        match scoring {
            crate::drill::Scoring::Plain => "plain",
            crate::drill::Scoring::Speed => "speed",
        }
    )
}

/// When the machine's address on the network is not known: how players find it.
pub fn no_address_line(port: u16) -> String {
    format!(
        "recall: cannot tell this machine's address on the network; players use \
         http://<this machine's address>:{port}/ (`ip addr` shows it)"
    )
}

/// What `recall host` says once the game ends: whether it was over, whose answers were saved
/// as drill attempts at paper `seed`, and how to see them (a command per line, so a narrow
/// terminal never wraps one in the middle).
pub fn saved_lines(over: bool, players: usize, seed: u64) -> Vec<String> {
    let mut lines = vec![String::new()];
    if !over {
        lines.push("The game ended before it was over.".to_owned());
    }
    lines.push(format!(
        "Saved the answers of {players} {} as drill attempts at paper {seed}. See them with:",
        plural(players, "player", "players"),
    ));
    lines.push(format!("  recall results --seed {seed}"));
    lines.push(format!(
        "  recall report --seed {seed} --format html --out class.html"
    ));
    lines
}

/// Lines of stdin, read on a thread of their own (`None` at the end, or at a line too long to
/// be typed), so the screen can go on while nothing is typed.
pub fn stdin_lines() -> std::sync::mpsc::Receiver<Option<String>> {
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        while let Ok(Some(line)) = crate::input::read_line(&mut input) {
            if send
                .send(Some(String::from_utf8_lossy(&line).into_owned()))
                .is_err()
            {
                return;
            }
        }
        let _ = send.send(None);
    });
    lines
}

/// Asks for what `recall join` was not given (the PIN, the name), with `default` when not
/// empty; the reply trimmed.
pub fn prompt(prompt: &str, default: &str) -> Result<String> {
    let theme = dialoguer::theme::ColorfulTheme::default();
    let mut input = dialoguer::Input::<String>::with_theme(&theme).with_prompt(prompt);
    if !default.is_empty() {
        input = input.default(default.to_owned());
    }
    Ok(input.interact_text()?.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn players_are_invited_to_the_address_bound() {
        let bound: SocketAddr = "127.0.0.1:7878".parse().expect("an address");
        let (invitation, found) = Invitation::to(bound, "482913".into(), 42);
        assert!(found);
        assert_eq!(invitation.url, "http://127.0.0.1:7878/");
        assert_eq!(invitation.link, "http://127.0.0.1:7878/#pin=482913");
        assert!(invitation.local_only);
        assert_eq!((invitation.pin.as_str(), invitation.seed), ("482913", 42));
    }

    #[test]
    fn the_host_is_told_where_the_answers_went() {
        let cases = [
            (
                true,
                1,
                vec![
                    "",
                    "Saved the answers of 1 player as drill attempts at paper 42. See them with:",
                ],
            ),
            (
                false,
                3,
                vec![
                    "",
                    "The game ended before it was over.",
                    "Saved the answers of 3 players as drill attempts at paper 42. See them with:",
                ],
            ),
        ];
        for (over, players, start) in cases {
            let mut expected: Vec<String> = start.into_iter().map(str::to_owned).collect();
            expected.push("  recall results --seed 42".to_owned());
            expected.push("  recall report --seed 42 --format html --out class.html".to_owned());
            assert_eq!(saved_lines(over, players, 42), expected, "{over} {players}");
        }
    }

    #[test]
    fn a_qr_code_has_the_codes_size_and_quiet_zone() {
        let lines = qr_lines("http://192.168.1.20:7878/#pin=482913", true, false);
        let code = qrcode::QrCode::new(b"http://192.168.1.20:7878/#pin=482913").expect("fits");
        let size = code.width() + 8;
        assert_eq!(lines.len(), size.div_ceil(2));
        assert!(lines.iter().all(|l| l.chars().count() == size));
        let ascii = qr_lines("x", false, false);
        assert!(ascii.iter().all(|l| l.is_ascii()));
    }

    #[test]
    fn the_frame_left_after_closing_has_no_keys_and_no_repeated_results_line() {
        let styled = |text: &str| style(text).dim().force_styling(true).to_string();
        let mut frame = vec![
            "recall live · Deck · 1 player · 0 connected".to_owned(),
            String::new(),
            "Game over".to_owned(),
            String::new(),
            "    1. Ayesha      927".to_owned(),
            String::new(),
            format!("{RESULTS_LINE}recall results --seed 5 · recall report --seed 5"),
            String::new(),
            styled(CLOSE_KEYS),
        ];
        closing_frame(&mut frame);
        assert_eq!(
            frame,
            [
                "recall live · Deck · 1 player · 0 connected",
                "",
                "Game over",
                "",
                "    1. Ayesha      927",
            ]
        );
        // A frame without them is left as it is.
        let mut other = vec!["Question 1 of 3".to_owned(), String::new(), "x".to_owned()];
        closing_frame(&mut other);
        assert_eq!(other, ["Question 1 of 3", "", "x"]);
    }

    #[test]
    fn an_options_key_picks_it_and_anything_else_is_typed() {
        let question = QuestionMsg {
            question: 0,
            number: 1,
            of: 1,
            kind: "choice".into(),
            text: "?".into(),
            choices: vec!["4".into(), "3".into(), "2".into()],
            time_ms: 1,
            remaining_ms: 1,
            answered: false,
            paused: false,
        };
        // Options that are digits are labelled by letters, so a digit is an option's text.
        assert_eq!(reply_for(&question, " b "), (Some(1), None));
        assert_eq!(reply_for(&question, "2"), (None, Some("2".into())));
        assert_eq!(reply_for(&question, "4"), (None, Some("4".into())));
        assert_eq!(reply_for(&question, "three"), (None, Some("three".into())));
        let typed = QuestionMsg {
            kind: "year".into(),
            ..question
        };
        assert_eq!(reply_for(&typed, "1"), (None, Some("1".into())));
    }

    #[test]
    fn a_kind_this_recall_does_not_know_is_answered_by_typing() {
        let question = QuestionMsg {
            question: 0,
            number: 1,
            of: 1,
            kind: "essay".into(),
            text: "Why?".into(),
            choices: vec!["a".into(), "b".into()],
            time_ms: 1,
            remaining_ms: 1,
            answered: false,
            paused: false,
        };
        assert_eq!(question.kind(), None);
        assert_eq!(asked_by(&question), Answering::Typed);
        assert_eq!(reply_for(&question, " a "), (None, Some("a".into())));
        // No options are drawn for it.
        assert_eq!(question_lines(&question, 40).len(), 4);
    }
}
