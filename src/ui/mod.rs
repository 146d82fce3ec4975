//! The only module that talks to the terminal: it turns keys and lines into session actions and
//! session views into text. Both session screens are front ends of `session::drive`: `plain` is
//! the line-based mode used when stdin is not a terminal (scripts, tests, pipes); `terminal` is
//! the interactive screen (dialoguer, indicatif).
//!
//! Deck text is untrusted: everything taken from a card goes through [`clean`] before printing.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod commands;
pub mod diagnostics;
pub mod import;
mod keys;
pub mod live;
pub mod man;
pub mod optimize;
pub mod plain;
pub mod progress;
mod render;
pub mod results;
pub mod review;
pub mod study;
pub mod terminal;
pub mod wizard;

pub use render::{
    FitWriter, Symbols, clock, clock_ms, describe_interval, not_an_option, notice, summary_lines,
    verdict_line, wrap,
};

/// Deck text made safe for the terminal: control and escape sequences removed.
pub fn clean(text: &str) -> String {
    crate::text::sanitize(text)
}

/// Whether the terminal can show Unicode symbols (a UTF-8 locale, or Windows).
pub fn unicode_supported() -> bool {
    if cfg!(windows) {
        return true;
    }
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .is_some_and(|value| {
            let value = value.to_ascii_lowercase();
            value.contains("utf-8") || value.contains("utf8")
        })
}

/// The width charts are drawn to: the terminal's, else `$COLUMNS`, else 80.
pub fn terminal_width(is_terminal: bool) -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    if is_terminal && let Some((_, width)) = console::Term::stdout().size_checked() {
        return usize::from(width);
    }
    columns.unwrap_or(80)
}
