//! `recall stats --html`: one self-contained page (inline CSS in the class report's style,
//! inline SVG charts, no scripts, nothing fetched) with the numbers per deck and the charts.

use std::fmt::Write as _;

use serde::Serialize;

use crate::app::charts::{DeckReport, StatsCharts};
use crate::drill::report::{STYLE, html_escape};

/// One deck's numbers, as the page's table shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeckLine {
    pub id: String,
    pub title: String,
    pub new: u32,
    pub learning: u32,
    pub young: u32,
    pub mature: u32,
    pub suspended: u32,
    pub retention_30d: Option<f64>,
    pub streak_days: u32,
}

impl DeckLine {
    /// The table's line for a deck of `recall stats`.
    pub fn of(report: &DeckReport) -> DeckLine {
        let s = &report.stats;
        DeckLine {
            id: report.id.clone(),
            title: report.title.clone(),
            new: s.new,
            learning: s.learning,
            young: s.young,
            mature: s.mature,
            suspended: s.suspended,
            retention_30d: s.true_retention_30d,
            streak_days: s.streak_days,
        }
    }
}

const EXTRA_STYLE: &str = "
.cell0{fill:#ebedf0}.cell1{fill:#9be9a8}.cell2{fill:#40c463}.cell3{fill:#30a14e}.cell4{fill:#216e39}
.col{fill:#0969da}.axis{stroke:#57606a;stroke-width:1}svg .small{font-size:12px;fill:#57606a}
";

fn percent(value: f64) -> String {
    format!("{:.0}%", value * 100.0)
}

/// Roughly how wide a month label ("2025-06") is drawn at the small font, in SVG units, with
/// a little room before the next (at 48 two labels three weeks apart touched in Chromium).
const MONTH_LABEL_WIDTH: usize = 54;

/// A calendar heatmap of answers per day, as SVG, with a month label above the week each month
/// starts in (and above the first week when its month started earlier). A label that would run
/// into the next is left out (the first, partial month's first), and the picture is widened so
/// that a month starting in the last weeks keeps its label whole.
fn heatmap(days: &[(String, u32)]) -> String {
    let lead = days
        .first()
        .and_then(|(d, _)| d.parse::<jiff::civil::Date>().ok())
        .map_or(0, |d| {
            usize::try_from(d.weekday().to_monday_zero_offset()).unwrap_or(0)
        });
    let weeks = (lead + days.len()).div_ceil(7).max(1);
    let (cell, gap, left, top) = (13, 3, 34, 18);
    let x_of = |week: usize| left + week * (cell + gap);
    // Month labels, kept from the right: a month's start wins over the partial first month.
    let mut labels: Vec<(usize, &str)> = Vec::new();
    for (index, (date, _)) in days.iter().enumerate().rev() {
        if !(date.ends_with("-01") || index == 0) {
            continue;
        }
        let x = x_of((lead + index) / 7);
        if labels
            .last()
            .is_none_or(|(next, _)| x + MONTH_LABEL_WIDTH <= *next)
        {
            labels.push((x, date.get(..7).unwrap_or(date)));
        }
    }
    labels.reverse();
    let grid_width = x_of(weeks);
    let width = labels
        .iter()
        .map(|(x, _)| x + MONTH_LABEL_WIDTH)
        .fold(grid_width, usize::max);
    let height = top + 7 * (cell + gap);
    let max = days.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"Answers per day\" viewBox=\"0 0 {width} {height}\" width=\"100%\">\n"
    );
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri"), (6, "Sun")] {
        let _ = writeln!(
            svg,
            "<text class=\"small\" x=\"0\" y=\"{}\">{name}</text>",
            top + row * (cell + gap) + cell - 2
        );
    }
    for (x, label) in &labels {
        let _ = writeln!(
            svg,
            "<text class=\"small\" x=\"{x}\" y=\"12\">{}</text>",
            html_escape(label)
        );
    }
    for (index, (date, n)) in days.iter().enumerate() {
        let slot = lead + index;
        let (week, weekday) = (slot / 7, slot % 7);
        let level = if *n == 0 {
            0
        } else {
            (u64::from(*n) * 4).div_ceil(u64::from(max)).clamp(1, 4)
        };
        let _ = writeln!(
            svg,
            "<rect class=\"cell{level}\" x=\"{}\" y=\"{}\" width=\"{cell}\" height=\"{cell}\" rx=\"2\"><title>{}: {n}</title></rect>",
            x_of(week),
            top + weekday * (cell + gap),
            html_escape(date)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// A column chart as SVG: one column per value, scaled from `floor` to the largest value (or
/// `ceiling`), each with a tooltip.
fn columns(
    label: &str,
    values: &[(String, Option<f64>)],
    (floor, ceiling): (f64, Option<f64>),
    show: &dyn Fn(f64) -> String,
) -> String {
    let (left, top, plot_height, bottom) = (56usize, 10usize, 160usize, 24usize);
    let n = values.len().max(1);
    let column = (760 / n).clamp(4, 40);
    let width = left + n * column + 10;
    let height = top + plot_height + bottom;
    let top_value =
        ceiling.unwrap_or_else(|| values.iter().filter_map(|(_, v)| *v).fold(0.0, f64::max));
    let range = (top_value - floor).max(f64::EPSILON);
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {width} {height}\" width=\"100%\">\n",
        html_escape(label)
    );
    let _ = writeln!(
        svg,
        "<line class=\"axis\" x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{}\"/><line class=\"axis\" x1=\"{left}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\"/>",
        top + plot_height,
        width - 10
    );
    let _ = writeln!(
        svg,
        "<text class=\"small\" x=\"0\" y=\"{}\">{}</text><text class=\"small\" x=\"0\" y=\"{}\">{}</text>",
        top + 10,
        html_escape(&show(top_value)),
        top + plot_height,
        html_escape(&show(floor))
    );
    for (index, (name, value)) in values.iter().enumerate() {
        let x = left + index * column + 1;
        if let Some(value) = value {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let h =
                (((value - floor) / range).clamp(0.0, 1.0) * plot_height as f64).round() as usize;
            let _ = writeln!(
                svg,
                "<rect class=\"col\" x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{h}\"><title>{}: {}</title></rect>",
                top + plot_height - h,
                column.saturating_sub(2).max(1),
                html_escape(name),
                html_escape(&show(*value))
            );
        }
        if index == 0 || index + 1 == values.len() || index == values.len() / 2 {
            // The last label ends at its column, so it stays inside the chart.
            let (anchor, at) = if index + 1 == values.len() && index > 0 {
                ("end", x + column)
            } else {
                ("start", x)
            };
            let _ = writeln!(
                svg,
                "<text class=\"small\" text-anchor=\"{anchor}\" x=\"{at}\" y=\"{}\">{}</text>",
                top + plot_height + 16,
                html_escape(name.get(5..).unwrap_or(name))
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// Horizontal bars as SVG.
fn bars(label: &str, rows: &[(String, u32)]) -> String {
    let (left, bar_height, gap, room) = (70usize, 22usize, 6usize, 600usize);
    let height = rows.len() * (bar_height + gap) + gap;
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {height}\" width=\"100%\">\n",
        html_escape(label),
        left + room + 70
    );
    for (index, (name, n)) in rows.iter().enumerate() {
        let y = gap + index * (bar_height + gap);
        let length = usize::try_from(u64::from(*n) * room as u64 / u64::from(max)).unwrap_or(0);
        let _ = writeln!(
            svg,
            "<text x=\"0\" y=\"{}\">{}</text><rect class=\"col\" x=\"{left}\" y=\"{y}\" width=\"{}\" height=\"{bar_height}\" rx=\"3\"><title>{}: {n}</title></rect><text x=\"{}\" y=\"{}\">{n}</text>",
            y + bar_height - 6,
            html_escape(name),
            length.max(1),
            html_escape(name),
            left + length + 8,
            y + bar_height - 6
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// The whole page: `decks` in a table, then the charts of `charts` (all the decks shown).
pub fn stats_page(
    profile: &str,
    generated: &str,
    decks: &[DeckLine],
    charts: &StatsCharts,
) -> String {
    let mut out =
        String::from("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>recall: your memory</title>\n<style>");
    out.push_str(STYLE);
    out.push_str(EXTRA_STYLE);
    out.push_str("</style>\n</head>\n<body>\n<h1>Your memory</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"meta\">profile {} · {} · {} {} on {} of the last {} days{}</p>",
        html_escape(profile),
        html_escape(generated),
        charts.answers,
        crate::text::plural(charts.answers, "answer", "answers"),
        charts.days_studied,
        charts.days.len(),
        charts
            .retention
            .map_or_else(String::new, |r| format!(" · true retention {}", percent(r)))
    );
    out.push_str("<h2>Decks</h2>\n<table>\n<tr><th>Deck</th><th class=\"num\">New</th><th class=\"num\">Learning</th><th class=\"num\">Young</th><th class=\"num\">Mature</th><th class=\"num\">Suspended</th><th class=\"num\">Retention (30 days)</th><th class=\"num\">Streak</th></tr>\n");
    for deck in decks {
        let _ = writeln!(
            out,
            "<tr><td>{} <span class=\"meta\">{}</span></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            html_escape(&deck.title),
            html_escape(&deck.id),
            deck.new,
            deck.learning,
            deck.young,
            deck.mature,
            deck.suspended,
            deck.retention_30d.map_or_else(|| "–".to_owned(), percent),
            deck.streak_days
        );
    }
    out.push_str("</table>\n");
    out.push_str("<h2>Answers per day</h2>\n");
    let days: Vec<(String, u32)> = charts
        .days
        .iter()
        .map(|d| (d.date.clone(), d.activity.answers))
        .collect();
    out.push_str(&heatmap(&days));
    let _ = writeln!(
        out,
        "<h2>Due in the next {} days</h2>",
        charts.forecast.len()
    );
    let due: Vec<(String, Option<f64>)> = charts
        .forecast
        .iter()
        .map(|d| (d.date.clone(), Some(f64::from(d.due))))
        .collect();
    out.push_str(&columns("Cards due per day", &due, (0.0, None), &|v| {
        format!("{v:.0}")
    }));
    out.push_str("<h2>True retention by week</h2>\n");
    let retention: Vec<(String, Option<f64>)> = charts
        .weeks
        .iter()
        .map(|w| (w.from.clone(), w.retention))
        .collect();
    if retention.iter().any(|(_, r)| r.is_some()) {
        let lowest = retention.iter().filter_map(|(_, r)| *r).fold(1.0, f64::min);
        out.push_str(&columns(
            "True retention by week",
            &retention,
            (((lowest * 10.0).floor() / 10.0).clamp(0.0, 0.9), Some(1.0)),
            &percent,
        ));
    } else {
        out.push_str("<p class=\"meta\">No answers to cards in review in this range.</p>\n");
    }
    out.push_str("<h2>Intervals of cards in review</h2>\n");
    let intervals: Vec<(String, u32)> = charts
        .intervals
        .iter()
        .map(|r| (r.label.to_owned(), r.cards))
        .collect();
    out.push_str(&bars("Cards by interval", &intervals));
    out.push_str("<h2>Answer time by week</h2>\n");
    let time: Vec<(String, Option<f64>)> = charts
        .weeks
        .iter()
        .map(|w| (w.from.clone(), w.average_seconds))
        .collect();
    if time.iter().any(|(_, t)| t.is_some()) {
        out.push_str(&columns(
            "Mean answer time by week",
            &time,
            (0.0, None),
            &|v| format!("{}s", super::amount(v)),
        ));
    } else {
        // `recall rate` and imported history record no time.
        out.push_str("<p class=\"meta\">No timed answers in this range.</p>\n");
    }
    out.push_str("<p class=\"meta\">Made by recall.</p>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The (x, text) of each `<text … y="12">` (the heatmap's month labels) and the viewBox width.
    fn month_labels(svg: &str) -> (Vec<(usize, String)>, usize) {
        let width = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|w| w.parse().ok())
            .expect("a viewBox");
        let labels = svg
            .lines()
            .filter(|l| l.contains("y=\"12\""))
            .map(|l| {
                let x = l
                    .split("x=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .and_then(|x| x.parse().ok())
                    .expect("an x");
                let text = l
                    .split('>')
                    .nth(1)
                    .and_then(|rest| rest.split('<').next())
                    .unwrap_or_default()
                    .to_owned();
                (x, text)
            })
            .collect();
        (labels, width)
    }

    fn year_of_days(first: &str, days: usize) -> Vec<(String, u32)> {
        let start: jiff::civil::Date = first.parse().expect("a date");
        (0..days)
            .map(|n| {
                let day = start
                    .checked_add(jiff::Span::new().days(i64::try_from(n).expect("small")))
                    .expect("a date");
                (day.to_string(), u32::try_from(n % 5).expect("small"))
            })
            .collect()
    }

    #[test]
    fn heatmap_month_labels_neither_overlap_nor_leave_the_picture() {
        // Ranges that start just before a month begins and end just after one begins.
        for (first, days) in [
            ("2025-06-28", 365),
            ("2025-06-30", 369),
            ("2025-07-01", 30),
            ("2026-05-31", 2),
            ("2025-12-03", 365),
            ("2025-06-02", 365),
        ] {
            let svg = heatmap(&year_of_days(first, days));
            let (labels, width) = month_labels(&svg);
            assert!(!labels.is_empty(), "{first}");
            for pair in labels.windows(2) {
                assert!(
                    pair[0].0 + MONTH_LABEL_WIDTH <= pair[1].0,
                    "{first}: {pair:?} overlap"
                );
            }
            let (last_x, _) = labels.last().expect("a label");
            assert!(
                last_x + MONTH_LABEL_WIDTH <= width,
                "{first}: clipped at {width}"
            );
            let last_day = &year_of_days(first, days)[days - 1].0;
            if last_day.ends_with("-01") {
                assert_eq!(
                    labels.last().map(|l| &l.1[..]),
                    last_day.get(..7),
                    "{first}"
                );
            }
        }
        // A month that starts two days after the range does keeps its own label.
        let (labels, _) = month_labels(&heatmap(&year_of_days("2025-06-29", 40)));
        assert_eq!(labels[0].1, "2025-07", "{labels:?}");
    }

    #[test]
    fn an_axis_of_short_answer_times_does_not_read_zero_at_both_ends() {
        let values = [
            ("2026-11-02".to_owned(), Some(0.4)),
            ("2026-11-09".to_owned(), Some(0.25)),
        ];
        let svg = columns("t", &values, (0.0, None), &|v| {
            format!("{}s", super::super::amount(v))
        });
        assert!(svg.contains(">0.40s<"), "{svg}");
        assert!(svg.contains(">0s<"), "{svg}");
        for (value, shown) in [
            (0.0, "0"),
            (0.4, "0.40"),
            (3.31, "3.3"),
            (12.6, "13"),
            (250.0, "250"),
        ] {
            assert_eq!(super::super::amount(value), shown, "{value}");
        }
    }
}
