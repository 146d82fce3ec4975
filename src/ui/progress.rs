//! A progress bar for long computations (fitting the memory model), drawn on stderr only when
//! stderr is a terminal: pipes and scripts see nothing of it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar counting `done` of `total` steps with `message`, or `None` off a terminal.
pub fn bar(message: &str, unicode: bool) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr_with_hz(10));
    let chars = if unicode { "█▓░" } else { "#>-" };
    if let Ok(style) = ProgressStyle::with_template(
        "{msg} {bar:40.green/dim} {percent:>3}% {elapsed_precise} (about {eta} left)",
    ) {
        bar.set_style(style.progress_chars(chars));
    }
    bar.set_message(message.to_owned());
    Some(bar)
}

/// Turns `bar` into a spinner saying `message`, for work without a measure of progress.
pub fn searching(bar: &ProgressBar, message: &str, unicode: bool) {
    let ticks = if unicode {
        "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ "
    } else {
        "-\\|/ "
    };
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed_precise}") {
        bar.set_style(style.tick_chars(ticks));
    }
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
}

/// How long work may run before a bar or spinner appears: quick commands show nothing.
const SHOW_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

/// [`SHOW_AFTER`], or the milliseconds `RECALL_PROGRESS_AFTER_MS` sets (`0`: at once, as a
/// test of the display needs on a machine fast enough to finish before the usual delay).
fn show_after(setting: Option<&str>) -> std::time::Duration {
    setting
        .and_then(|ms| ms.trim().parse::<u64>().ok())
        .map_or(SHOW_AFTER, std::time::Duration::from_millis)
}

/// Progress on the terminal (the commands hand it to the use cases as their `Progress`): a bar when the stage's size is known, a
/// spinner otherwise, on stderr, appearing only once the work has run `SHOW_AFTER` and only
/// when enabled (stderr a terminal, no `--json`). Cleared when the work finishes.
#[derive(Debug)]
pub struct Activity {
    bar: Option<ProgressBar>,
    /// Set once the work is over, so that a late reveal draws nothing.
    over: std::sync::Arc<std::sync::Mutex<bool>>,
    unicode: bool,
}

impl Activity {
    /// `enabled`: whether this command may draw at all (no `--json`, stderr a terminal).
    pub fn new(enabled: bool, unicode: bool) -> Activity {
        let over = std::sync::Arc::new(std::sync::Mutex::new(false));
        if !enabled || !std::io::stderr().is_terminal() {
            return Activity {
                bar: None,
                over,
                unicode,
            };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let reveal = bar.downgrade();
        let done = std::sync::Arc::clone(&over);
        let after = show_after(std::env::var("RECALL_PROGRESS_AFTER_MS").ok().as_deref());
        std::thread::spawn(move || {
            std::thread::sleep(after);
            let Ok(done) = done.lock() else { return };
            if *done {
                return;
            }
            if let Some(bar) = reveal.upgrade() {
                bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
                bar.enable_steady_tick(std::time::Duration::from_millis(100));
            }
        });
        Activity {
            bar: Some(bar),
            over,
            unicode,
        }
    }

    /// Runs `print` with the display out of the way (for a message on stderr).
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// Nothing will be drawn.
    pub fn hidden() -> Activity {
        Activity::new(false, false)
    }
}

impl Activity {
    /// A stage begins: `what`, over `total` steps when known (a bar), else a spinner.
    pub fn stage(&mut self, what: &str, total: Option<u64>) {
        let Some(bar) = &self.bar else { return };
        let template = if total.is_some() {
            "{spinner} {msg} {wide_bar:.green/dim} {pos}/{len} {elapsed}"
        } else {
            "{spinner} {msg} {elapsed}"
        };
        let ticks = if self.unicode {
            "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ "
        } else {
            "-\\|/ "
        };
        let chars = if self.unicode { "█▓░" } else { "#>-" };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.tick_chars(ticks).progress_chars(chars));
        }
        bar.set_message(what.to_owned());
        bar.set_position(0);
        match total {
            Some(total) => bar.set_length(total),
            None => bar.unset_length(),
        }
    }

    /// `done` steps of the stage are finished.
    pub fn advance(&mut self, done: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        }
    }

    /// Clears whatever is shown; nothing is drawn after.
    pub fn finish(&mut self) {
        if let Ok(mut over) = self.over.lock() {
            *over = true;
        }
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Activity {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_before_a_bar_is_the_setting_when_it_is_a_number() {
        let ms = std::time::Duration::from_millis;
        for (setting, delay) in [
            (None, SHOW_AFTER),
            (Some(""), SHOW_AFTER),
            (Some("soon"), SHOW_AFTER),
            (Some("-5"), SHOW_AFTER),
            (Some("0"), ms(0)),
            (Some(" 1500 "), ms(1500)),
        ] {
            assert_eq!(show_after(setting), delay, "{setting:?}");
        }
    }
}
