//! Reading the keyboard: single keys and an editable answer line, with Ctrl-C and Ctrl-D turned
//! into events instead of signals, and an optional deadline so a countdown can tick while the
//! learner types.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use console::{Key, Term, measure_text_width};

/// What the learner did at a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Line(String),
    Key(Key),
    /// Ctrl-C.
    Interrupt,
    /// Ctrl-D, or the terminal went away.
    Eof,
    /// The deadline passed.
    Timeout,
    /// Time to redraw (nothing was pressed).
    Tick,
}

/// Reads keys on a helper thread, one at a time and only when asked, so that nothing is read
/// while an editor or another program owns the terminal.
#[derive(Debug)]
pub struct Keys {
    term: Term,
    ask: Sender<()>,
    received: Receiver<io::Result<Key>>,
    /// A key has been asked for and not yet received.
    outstanding: bool,
}

impl Keys {
    pub fn new(term: &Term) -> Keys {
        let (ask, asked) = mpsc::channel::<()>();
        let (send, received) = mpsc::channel();
        let reader = term.clone();
        std::thread::spawn(move || {
            while asked.recv().is_ok() {
                if send.send(reader.read_key_raw()).is_err() {
                    break;
                }
            }
        });
        Keys {
            term: term.clone(),
            ask,
            received,
            outstanding: false,
        }
    }

    /// The next key, or `None` when `deadline` passes first.
    fn next_key(&mut self, deadline: Instant) -> Option<io::Result<Key>> {
        if !self.outstanding {
            if self.ask.send(()).is_err() {
                return Some(Err(io::Error::from(io::ErrorKind::UnexpectedEof)));
            }
            self.outstanding = true;
        }
        let received = self
            .received
            .recv_timeout(deadline.saturating_duration_since(Instant::now()));
        match received {
            Ok(key) => {
                self.outstanding = false;
                Some(key)
            }
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                Some(Err(io::Error::from(io::ErrorKind::UnexpectedEof)))
            }
        }
    }

    /// Waits for one key, at most until `every` has passed ([`Event::Tick`], time to redraw a
    /// countdown) or `deadline` ([`Event::Timeout`]).
    pub fn key(&mut self, deadline: Option<Instant>, every: Duration) -> Event {
        let wake = next_wake(deadline, every);
        match self.next_key(wake) {
            None if deadline.is_some_and(|d| Instant::now() >= d) => Event::Timeout,
            None => Event::Tick,
            Some(Ok(Key::CtrlC)) => Event::Interrupt,
            Some(Ok(Key::Char('\u{4}')) | Err(_)) => Event::Eof,
            Some(Ok(key)) => Event::Key(key),
        }
    }

    /// Reads an answer line with editing (arrows, Home/End, Backspace, Delete, Ctrl-U). The
    /// prompt is redrawn on every key and tick, so it can carry a countdown.
    pub fn line(
        &mut self,
        prompt: &dyn Fn() -> String,
        deadline: Option<Instant>,
        every: Duration,
    ) -> io::Result<Event> {
        self.line_until(prompt, deadline, every, &mut || false)
    }

    /// [`Keys::line`] that also gives up when `stop` says so (asked at every tick): then it
    /// returns [`Event::Tick`]. The live game uses it to end typing when the question closes.
    pub fn line_until(
        &mut self,
        prompt: &dyn Fn() -> String,
        deadline: Option<Instant>,
        every: Duration,
        stop: &mut dyn FnMut() -> bool,
    ) -> io::Result<Event> {
        let mut chars: Vec<char> = Vec::new();
        let mut cursor = 0;
        self.draw(&prompt(), &chars, cursor)?;
        loop {
            match self.key(deadline, every) {
                Event::Tick if stop() => {
                    self.term.write_line("")?;
                    return Ok(Event::Tick);
                }
                Event::Key(Key::Enter) => {
                    self.term.write_line("")?;
                    return Ok(Event::Line(chars.iter().collect()));
                }
                Event::Key(Key::Char(c)) if !c.is_control() => {
                    chars.insert(cursor, c);
                    cursor += 1;
                }
                Event::Key(Key::Backspace) if cursor > 0 => {
                    cursor -= 1;
                    chars.remove(cursor);
                }
                Event::Key(Key::Del) if cursor < chars.len() => {
                    chars.remove(cursor);
                }
                Event::Key(Key::ArrowLeft) => cursor = cursor.saturating_sub(1),
                Event::Key(Key::ArrowRight) => cursor = (cursor + 1).min(chars.len()),
                Event::Key(Key::Home) => cursor = 0,
                Event::Key(Key::End) => cursor = chars.len(),
                Event::Key(Key::Char('\u{15}')) => {
                    chars.clear();
                    cursor = 0;
                }
                Event::Eof if !chars.is_empty() => {}
                Event::Key(_) | Event::Tick => {}
                other => {
                    self.term.write_line("")?;
                    return Ok(other);
                }
            }
            self.draw(&prompt(), &chars, cursor)?;
        }
    }

    fn draw(&self, prompt: &str, chars: &[char], cursor: usize) -> io::Result<()> {
        let text: String = chars.iter().collect();
        self.term.clear_line()?;
        self.term.write_str(&format!("{prompt}{text}"))?;
        let after: String = chars[cursor..].iter().collect();
        let back = measure_text_width(&after);
        if back > 0 {
            self.term.move_cursor_left(back)?;
        }
        self.term.flush()
    }
}

fn next_wake(deadline: Option<Instant>, every: Duration) -> Instant {
    let tick = Instant::now() + every;
    deadline.map_or(tick, |d| d.min(tick))
}
