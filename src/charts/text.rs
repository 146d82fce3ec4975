//! Terminal charts: a [`Canvas`] (width, Unicode, colour) and the chart kinds drawn on it.

use std::fmt::Write as _;

use console::style;

use crate::app::charts::{DeckReport, StatsCharts};
use crate::memory::workload::Forecast;

/// Where a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Canvas {
    /// Columns available (at least 40 are used).
    pub width: usize,
    /// Unicode blocks; ASCII otherwise.
    pub unicode: bool,
}

impl Canvas {
    fn width(self) -> usize {
        self.width.max(40)
    }

    /// The heatmap's marks for no answers and the four levels.
    fn levels(self) -> [&'static str; 5] {
        if self.unicode {
            ["·", "░", "▒", "▓", "█"]
        } else {
            [".", "-", "+", "*", "#"]
        }
    }

    /// A column's partial cells, in eighths (index 0: empty).
    fn eighths(self) -> [&'static str; 9] {
        if self.unicode {
            [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        } else {
            [" ", " ", " ", " ", "#", "#", "#", "#", "#"]
        }
    }

    /// A bar's partial end, in eighths (index 0: nothing).
    fn bar_ends(self) -> [&'static str; 9] {
        if self.unicode {
            ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
        } else {
            ["", "", "", "", "#", "#", "#", "#", "#"]
        }
    }

    fn dot(self) -> &'static str {
        if self.unicode { "·" } else { "-" }
    }
}

/// `value / max` of `cells` cells, in eighths of a cell.
fn eighths_of(value: f64, max: f64, cells: usize) -> usize {
    if max <= 0.0 || value <= 0.0 {
        return 0;
    }
    #[allow(clippy::cast_precision_loss)]
    let total = (cells * 8) as f64;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = ((value / max).min(1.0) * total).round() as usize;
    // Anything above zero shows.
    n.max(1)
}

/// Month names, for axis labels.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn date(text: &str) -> Option<jiff::civil::Date> {
    text.parse().ok()
}

/// A calendar heatmap of answers per day: a column per week (Monday at the top), darker for
/// busier days, months along the top; as many recent weeks as fit.
fn heatmap(out: &mut String, canvas: Canvas, days: &[(String, u32)]) {
    let Some(first) = days.first().and_then(|(d, _)| date(d)) else {
        return;
    };
    let lead = usize::try_from(first.weekday().to_monday_zero_offset()).unwrap_or(0);
    let weeks = (lead + days.len()).div_ceil(7);
    let gutter = 4;
    let cell = if gutter + weeks * 2 <= canvas.width() {
        2
    } else {
        1
    };
    let shown = weeks.min((canvas.width() - gutter) / cell);
    let skip = weeks - shown;
    let max = days.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let levels = canvas.levels();
    // The grid: (week, weekday) -> day index.
    let at = |week: usize, weekday: usize| (week * 7 + weekday).checked_sub(lead);
    // Month labels where a month starts.
    let mut header = " ".repeat(gutter);
    let mut column = 0;
    for week in skip..weeks {
        let label = (0..7)
            .filter_map(|wd| at(week, wd))
            .filter_map(|i| days.get(i))
            .filter_map(|(d, _)| date(d))
            .find(|d| d.day() == 1 || (week == skip && d.day() <= 7))
            .map(|d| MONTHS[usize::try_from(d.month() - 1).unwrap_or(0)]);
        let position = (week - skip) * cell;
        if let Some(label) = label
            && position >= column
            && position + label.len() <= shown * cell
        {
            header.push_str(&" ".repeat(position - column));
            header.push_str(label);
            column = position + label.len();
        }
    }
    out.push_str(header.trim_end());
    out.push('\n');
    for weekday in 0..7 {
        let label = ["Mon ", "    ", "Wed ", "    ", "Fri ", "    ", "Sun "][weekday];
        let mut line = String::from(label);
        for week in skip..weeks {
            let mark = match at(week, weekday).and_then(|i| days.get(i)) {
                None => " ".to_owned(),
                Some((_, 0)) => style(levels[0]).dim().to_string(),
                Some((_, n)) => {
                    let level = (u64::from(*n) * 4)
                        .div_ceil(u64::from(max.max(1)))
                        .clamp(1, 4);
                    let mark = levels[usize::try_from(level).unwrap_or(4)];
                    if level >= 3 {
                        style(mark).green().bold().to_string()
                    } else {
                        style(mark).green().to_string()
                    }
                }
            };
            line.push_str(&mark);
            if cell == 2 {
                line.push(' ');
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let _ = writeln!(out, "{}less {} more", " ".repeat(gutter), levels.join(" "));
}

/// A column chart: one column per value, `height` rows, scaled from `floor` to the largest
/// value (or `ceiling`); the left axis shows the top and the floor, the bottom axis the first,
/// middle and last labels.
fn columns(
    out: &mut String,
    canvas: Canvas,
    values: &[Option<f64>],
    labels: &[String],
    (floor, ceiling): (f64, Option<f64>),
    show: &dyn Fn(f64) -> String,
) {
    if values.is_empty() {
        return;
    }
    let height = 6;
    let top = ceiling.unwrap_or_else(|| values.iter().flatten().copied().fold(0.0, f64::max));
    let top_label = show(top);
    let floor_label = show(floor);
    let gutter = top_label.len().max(floor_label.len()) + 2;
    let room = canvas.width() - gutter;
    let n = values.len();
    let width = (room / n).clamp(1, 3);
    let shown = n.min(room / width);
    let values = &values[n - shown..];
    let labels = &labels[labels.len().saturating_sub(shown)..];
    let eighths: Vec<Option<usize>> = values
        .iter()
        .map(|v| v.map(|v| eighths_of(v - floor, top - floor, height)))
        .collect();
    let parts = canvas.eighths();
    for row in (0..height).rev() {
        let axis = match row {
            r if r == height - 1 => format!("{top_label:>w$} ┤", w = gutter - 2),
            0 => format!("{floor_label:>w$} ┤", w = gutter - 2),
            _ => format!("{:>w$} │", "", w = gutter - 2),
        };
        let mut line = if canvas.unicode {
            axis
        } else {
            axis.replace('┤', "+").replace('│', "|")
        };
        for e in &eighths {
            let cell = match e {
                None => " ".to_owned(),
                Some(e) => {
                    let filled = e.saturating_sub(row * 8).min(8);
                    parts[filled].to_owned()
                }
            };
            let body = cell.repeat(width.saturating_sub(usize::from(width > 1)).max(1));
            line.push_str(&style(body).cyan().to_string());
            if width > 1 {
                line.push(' ');
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    // Bottom axis: first, middle and last labels where they fit.
    let mut axis = " ".repeat(gutter);
    let span = shown * width;
    let mut column = 0;
    for index in [0, shown / 2, shown.saturating_sub(1)] {
        let Some(label) = labels.get(index) else {
            continue;
        };
        let position = (index * width).min(span.saturating_sub(label.len()));
        if position >= column && (column == 0 || position > column) {
            axis.push_str(&" ".repeat(position - column));
            axis.push_str(label);
            column = position + label.len() + 1;
            axis.push(' ');
        }
    }
    out.push_str(axis.trim_end());
    out.push('\n');
}

/// Horizontal bars: a label, a bar scaled to the largest value, the value.
fn bars(out: &mut String, canvas: Canvas, rows: &[(String, f64, String)]) {
    let label_width = rows.iter().map(|(l, ..)| l.len()).max().unwrap_or(0);
    let value_width = rows.iter().map(|(.., v)| v.len()).max().unwrap_or(0);
    let room = canvas
        .width()
        .saturating_sub(label_width + value_width + 4)
        .max(10);
    let max = rows.iter().map(|(_, v, _)| *v).fold(0.0, f64::max);
    let ends = canvas.bar_ends();
    for (label, value, shown) in rows {
        let e = eighths_of(*value, max, room);
        let mut bar = ends[8].repeat(e / 8);
        bar.push_str(ends[e % 8]);
        let _ = writeln!(
            out,
            "{label:>label_width$} {} {shown}",
            style(format!("{bar:<room$}")).cyan(),
        );
    }
}

/// A heading of `parts` joined by a dot, wrapped to the canvas (see [`packed`]).
fn heading(out: &mut String, canvas: Canvas, parts: &[String]) {
    out.push('\n');
    for line in packed("", parts, &format!(" {} ", canvas.dot()), canvas.width(), 2) {
        let _ = writeln!(out, "{}", style(line).bold());
    }
}

/// `first` then `parts` joined by `separator`, on lines of at most `width` columns: a part
/// that does not fit on the line starts the next one, indented by `indent` spaces (the line
/// break stands for the separator); a part wider than a whole line is broken between words,
/// and a word wider than a line is cut with an ellipsis.
pub fn packed(
    first: &str,
    parts: &[String],
    separator: &str,
    width: usize,
    indent: usize,
) -> Vec<String> {
    let measure = console::measure_text_width;
    let mut lines = Vec::new();
    let mut line = first.to_owned();
    // Nothing on the line yet but its label or indent.
    let mut fresh = true;
    for part in parts {
        if !fresh {
            if measure(&line) + measure(separator) + measure(part) <= width {
                line.push_str(separator);
                line.push_str(part);
                continue;
            }
            lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
        }
        fresh = false;
        if measure(&line) + measure(part) <= width {
            line.push_str(part);
            continue;
        }
        let mut at_start = true;
        for word in part.split(' ') {
            if !at_start && measure(&line) + 1 + measure(word) > width {
                lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
                at_start = true;
            }
            if !at_start {
                line.push(' ');
            }
            let room = width.saturating_sub(measure(&line)).max(1);
            line.push_str(&console::truncate_str(word, room, "…"));
            at_start = false;
        }
    }
    lines.push(line);
    lines
}

fn short(date: &str) -> String {
    date.get(5..).unwrap_or(date).to_owned()
}

fn percent(value: f64) -> String {
    format!("{:.0}%", value * 100.0)
}

/// The `recall stats --chart` charts for `title` (a deck, or all the decks shown).
pub fn stats_text(canvas: Canvas, title: &str, charts: &StatsCharts) -> String {
    let mut out = String::new();
    let title = console::truncate_str(title, canvas.width(), "…");
    let _ = writeln!(out, "{}", style(title).bold().underlined());
    let best = charts
        .days
        .iter()
        .map(|d| d.activity.answers)
        .max()
        .unwrap_or(0);
    heading(
        &mut out,
        canvas,
        &[
            format!("Answers per day, last {} days", charts.days.len()),
            format!(
                "{} {} on {} {}",
                charts.answers,
                crate::text::plural(charts.answers, "answer", "answers"),
                charts.days_studied,
                crate::text::plural(charts.days_studied, "day", "days")
            ),
            format!("best day {best}"),
        ],
    );
    let days: Vec<(String, u32)> = charts
        .days
        .iter()
        .map(|d| (d.date.clone(), d.activity.answers))
        .collect();
    heatmap(&mut out, canvas, &days);

    let total_due: u32 = charts.forecast.iter().map(|d| d.due).sum();
    heading(
        &mut out,
        canvas,
        &[
            format!("Due in the next {} days", charts.forecast.len()),
            format!("{total_due} cards"),
            format!("today {}", charts.forecast.first().map_or(0, |d| d.due)),
        ],
    );
    let due: Vec<Option<f64>> = charts
        .forecast
        .iter()
        .map(|d| Some(f64::from(d.due)))
        .collect();
    let labels: Vec<String> = charts.forecast.iter().map(|d| short(&d.date)).collect();
    columns(&mut out, canvas, &due, &labels, (0.0, None), &|v| {
        format!("{v:.0}")
    });

    let retention: Vec<Option<f64>> = charts.weeks.iter().map(|w| w.retention).collect();
    heading(
        &mut out,
        canvas,
        &[
            "True retention by week".to_owned(),
            format!(
                "{} over the range",
                charts
                    .retention
                    .map_or_else(|| "no reviews yet".to_owned(), percent)
            ),
        ],
    );
    if retention.iter().any(Option::is_some) {
        let lowest = retention.iter().flatten().copied().fold(1.0, f64::min);
        let floor = ((lowest * 10.0).floor() / 10.0).clamp(0.0, 0.9);
        let labels: Vec<String> = charts.weeks.iter().map(|w| short(&w.from)).collect();
        columns(
            &mut out,
            canvas,
            &retention,
            &labels,
            (floor, Some(1.0)),
            &percent,
        );
    } else {
        out.push_str("  (no answers to cards in review in this range)\n");
    }

    let reviewed: u32 = charts.intervals.iter().map(|r| r.cards).sum();
    heading(
        &mut out,
        canvas,
        &[
            "Intervals of cards in review".to_owned(),
            format!("{reviewed} cards"),
        ],
    );
    let rows: Vec<(String, f64, String)> = charts
        .intervals
        .iter()
        .map(|r| (r.label.to_owned(), f64::from(r.cards), r.cards.to_string()))
        .collect();
    bars(&mut out, canvas, &rows);

    heading(
        &mut out,
        canvas,
        &[
            "Answer time by week".to_owned(),
            format!("{:.0} minutes over the range", charts.minutes),
        ],
    );
    let time: Vec<Option<f64>> = charts.weeks.iter().map(|w| w.average_seconds).collect();
    if time.iter().any(Option::is_some) {
        let labels: Vec<String> = charts.weeks.iter().map(|w| short(&w.from)).collect();
        columns(&mut out, canvas, &time, &labels, (0.0, None), &|v| {
            format!("{}s", super::amount(v))
        });
    } else {
        out.push_str("  (no timed answers in this range)\n");
    }
    out
}

/// The `recall simulate` chart: reviews and new cards per day, and the numbers.
pub fn workload_text(canvas: Canvas, forecast: &Forecast) -> String {
    let mut out = String::new();
    let dot = canvas.dot();
    let days = forecast.days.len().max(1);
    #[allow(clippy::cast_precision_loss)]
    let per_day = |total: f64| total / days as f64;
    #[allow(clippy::cast_precision_loss)]
    let (reviews, new) = (forecast.total_reviews as f64, forecast.total_new as f64);
    heading(
        &mut out,
        canvas,
        &[
            format!(
                "Reviews and new cards per day at retention {:.2}",
                forecast.retention
            ),
            format!("{days} days"),
        ],
    );
    let values: Vec<Option<f64>> = forecast
        .days
        .iter()
        .map(|d| {
            #[allow(clippy::cast_precision_loss)]
            let n = (d.reviews + d.new) as f64;
            Some(n)
        })
        .collect();
    let labels: Vec<String> = (0..forecast.days.len())
        .map(|d| format!("day {d}"))
        .collect();
    columns(&mut out, canvas, &values, &labels, (0.0, None), &|v| {
        format!("{v:.0}")
    });
    heading(
        &mut out,
        canvas,
        &[
            "Minutes per day".to_owned(),
            format!("average {:.1}", per_day(forecast.total_minutes)),
        ],
    );
    let minutes: Vec<Option<f64>> = forecast.days.iter().map(|d| Some(d.minutes)).collect();
    columns(
        &mut out,
        canvas,
        &minutes,
        &labels,
        (0.0, None),
        &super::amount,
    );
    out.push('\n');
    let totals = [
        format!("{reviews:.0} reviews ({:.1} a day)", per_day(reviews)),
        format!("{new:.0} new cards ({:.1} a day)", per_day(new)),
        format!(
            "{:.0} minutes ({:.1} a day)",
            forecast.total_minutes,
            per_day(forecast.total_minutes)
        ),
        format!("{:.0} cards memorized at the end", forecast.memorized),
    ];
    for line in packed("", &totals, &format!(" {dot} "), canvas.width(), 2) {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// A deck's lines of `recall stats`: its id and `title` (as the terminal can show it, cut to
/// fit), then its cards, reviews, retention, streak and best practice, each row packed into
/// `width` columns with `separator` between its parts.
pub fn deck_summary(
    report: &DeckReport,
    title: &str,
    width: usize,
    separator: &str,
) -> Vec<String> {
    let s = &report.stats;
    let id = report.id.as_str();
    let title = console::truncate_str(
        title,
        width.saturating_sub(console::measure_text_width(id) + 2),
        "…",
    );
    let mut lines = vec![format!("{}  {title}", style(id).bold())];
    let mut cards = vec![
        format!("{} new", s.new),
        format!("{} learning", s.learning),
        format!("{} young", s.young),
        format!("{} mature", s.mature),
    ];
    if s.suspended > 0 {
        cards.push(format!("{} suspended", s.suspended));
    }
    let reviews = [
        format!("{} today", s.reviews_today),
        format!("{} in 7 days", s.reviews_7d),
        format!("{} in 30 days", s.reviews_30d),
    ];
    let retention = match s.true_retention_30d {
        Some(r) => vec![format!("{:.0}% of reviews passed (30 days)", r * 100.0)],
        None => vec!["no reviews of graduated cards yet".to_owned()],
    };
    let streak = [format!(
        "{} {}",
        s.streak_days,
        crate::text::plural(s.streak_days, "day", "days")
    )];
    let mut rows: Vec<(&str, &[String])> = vec![
        ("  cards:     ", &cards),
        ("  reviews:   ", &reviews),
        ("  retention: ", &retention),
        ("  streak:    ", &streak),
    ];
    let best = s
        .best_practice
        .map(|(right, total)| [format!("{right}/{total}")]);
    if let Some(best) = &best {
        rows.push(("  best practice: ", best));
    }
    for (label, parts) in rows {
        // Continuation lines start under the first value.
        let indent = console::measure_text_width(label);
        lines.extend(packed(label, parts, separator, width, indent));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{deck_summary, packed};
    use crate::app::charts::{DeckReport, StatsCharts};
    use crate::store::DeckStats;

    /// (case, label, parts, width, lines expected)
    type Case<'a> = (&'a str, &'a str, &'a [&'a str], usize, &'a [&'a str]);

    #[test]
    fn packed_lines_never_pass_the_width() {
        let parts = |list: &[&str]| list.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>();
        let cases: [Case; 5] = [
            (
                "all on one line when it fits",
                "  cards: ",
                &["12 new", "3 learning"],
                80,
                &["  cards: 12 new · 3 learning"],
            ),
            (
                "a part that does not fit starts the next line, under the first value",
                "  cards: ",
                &["12 new", "3 learning", "40 young"],
                30,
                &["  cards: 12 new · 3 learning", "         40 young"],
            ),
            (
                "a part wider than a line is broken between words",
                "  retention: ",
                &["100% of reviews passed (30 days)"],
                30,
                &[
                    "  retention: 100% of reviews",
                    "             passed (30 days)",
                ],
            ),
            (
                "a word wider than a line is cut",
                "",
                &["abcdefghijklmnopqrstuvwxyz"],
                10,
                &["abcdefghi…"],
            ),
            ("nothing", "  x: ", &[], 10, &["  x: "]),
        ];
        for (case, first, list, width, expected) in cases {
            let indent = console::measure_text_width(first);
            let lines = packed(first, &parts(list), " · ", width, indent);
            assert_eq!(lines, expected, "{case}");
            for line in &lines {
                assert!(console::measure_text_width(line) <= width, "{case}: {line}");
            }
        }
    }

    #[test]
    fn deck_summaries_show_only_what_a_deck_has() {
        let report = |stats: DeckStats| DeckReport {
            id: "history".into(),
            title: "History".into(),
            stats,
            charts: StatsCharts {
                days: vec![],
                forecast: vec![],
                weeks: vec![],
                intervals: vec![],
                days_studied: 0,
                answers: 0,
                retention: None,
                minutes: 0.0,
            },
        };
        let empty = DeckStats::default();
        let studied = DeckStats {
            new: 3,
            young: 2,
            suspended: 1,
            reviews_today: 4,
            reviews_7d: 5,
            reviews_30d: 6,
            true_retention_30d: Some(0.875),
            streak_days: 1,
            best_practice: Some((7, 9)),
            ..DeckStats::default()
        };
        let cases: [(&str, DeckStats, &str, usize, &[&str]); 3] = [
            (
                "a deck never studied",
                empty.clone(),
                "History",
                80,
                &[
                    "history  History",
                    "  cards:     0 new · 0 learning · 0 young · 0 mature",
                    "  reviews:   0 today · 0 in 7 days · 0 in 30 days",
                    "  retention: no reviews of graduated cards yet",
                    "  streak:    0 days",
                ],
            ),
            (
                "suspended cards and the best practice only when there are some",
                studied,
                "History",
                80,
                &[
                    "history  History",
                    "  cards:     3 new · 0 learning · 2 young · 0 mature · 1 suspended",
                    "  reviews:   4 today · 5 in 7 days · 6 in 30 days",
                    "  retention: 88% of reviews passed (30 days)",
                    "  streak:    1 day",
                    "  best practice: 7/9",
                ],
            ),
            (
                "a long title is cut to the width, and rows wrap under their first value",
                empty,
                "A very long title about the history of everything",
                40,
                &[
                    "history  A very long title about the hi…",
                    "  cards:     0 new · 0 learning",
                    "             0 young · 0 mature",
                    "  reviews:   0 today · 0 in 7 days",
                    "             0 in 30 days",
                    "  retention: no reviews of graduated",
                    "             cards yet",
                    "  streak:    0 days",
                ],
            ),
        ];
        for (case, stats, title, width, expected) in cases {
            assert_eq!(
                deck_summary(&report(stats), title, width, " · "),
                expected,
                "{case}"
            );
        }
    }
}
