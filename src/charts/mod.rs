//! Charts you can see: the statistics and forecasts drawn as text for a terminal (a calendar
//! heatmap, column and bar charts in Unicode blocks, or ASCII where the locale is not UTF-8,
//! fitted to the terminal's width, coloured only when colours are on) and as SVG in one
//! self-contained HTML page.
//!
//! Rendering only: the numbers come from `app` ([`crate::app::charts`], the simulator), the
//! caller says how wide, whether Unicode and whether colour. Nothing here prints.

pub mod html;
mod text;

/// A measured amount (seconds, minutes) for an axis or a tooltip, with the decimals its size
/// needs: 0.4 is "0.40", not "0" (an axis reading "0s" at the top and the bottom says nothing).
pub fn amount(value: f64) -> String {
    let size = value.abs();
    if size == 0.0 || size >= 10.0 {
        format!("{value:.0}")
    } else if size >= 1.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

pub use text::{Canvas, deck_summary, packed, stats_text, workload_text};
