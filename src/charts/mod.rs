//! Charts you can see: the statistics and forecasts drawn as text for a terminal (a calendar
//! heatmap, column and bar charts in Unicode blocks, or ASCII where the locale is not UTF-8,
//! fitted to the terminal's width, coloured only when colours are on) and as SVG in one
//! self-contained HTML page.
//!
//! Rendering only: the numbers come from `app` ([`crate::app::charts`], the simulator), the
//! caller says how wide, whether Unicode and whether colour. Nothing here prints.

pub mod html;
mod text;

pub use text::{Canvas, stats_text, workload_text};
