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
