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
