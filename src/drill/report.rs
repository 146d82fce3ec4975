//! The class report: many students' attempts, grouped by paper (attempts at different papers
//! are never mixed), students ranked, questions from hardest to easiest with their share of
//! right answers, the common wrong answers and the average time. Rendered as Markdown, CSV (a
//! gradebook) or one self-contained HTML page (inline CSS and SVG, no scripts).

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::results::{Attempt, Outcome, Question};
use crate::deck::Asked;
use crate::text::{normalize, plural, stable_hash};

/// A report over one or more papers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub papers: Vec<PaperReport>,
    /// Attempts handed in more than once, counted once.
    pub duplicates: usize,
    /// Students below this share of the maximum score are flagged.
    pub threshold: f64,
}

/// The results of one paper.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaperReport {
    /// Identifies the paper: its seed and questions.
    pub key: String,
    pub seed: u64,
    pub decks: Vec<String>,
    pub questions: Vec<Question>,
    pub students: Vec<StudentRow>,
    /// Hardest first.
    pub by_difficulty: Vec<QuestionRow>,
    pub average_percent: f64,
}

/// One student's (best) attempt at a paper.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentRow {
    pub rank: usize,
    pub name: String,
    pub score: u32,
    pub max_score: u32,
    pub percent: f64,
    pub elapsed_ms: Option<u64>,
    pub attempts: usize,
    pub flagged: bool,
    /// Per question (paper order): the outcome.
    pub outcomes: Vec<Outcome>,
}

/// How the class did on one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionRow {
    /// Place in the paper, from 0.
    pub position: usize,
    pub question: String,
    pub expected: String,
    pub right: usize,
    pub answered: usize,
    pub students: usize,
    pub share_right: f64,
    /// The most common wrong answers, with how many gave each.
    pub common_wrong: Vec<(String, usize)>,
    pub average_ms: Option<u64>,
}

/// Builds the report from attempts (several files may repeat an attempt: counted once).
pub fn build(attempts: Vec<Attempt>, threshold: f64) -> Report {
    let mut seen = HashSet::new();
    let mut duplicates = 0;
    let mut by_paper: BTreeMap<String, Vec<Attempt>> = BTreeMap::new();
    for attempt in attempts {
        if !seen.insert(attempt.uid.clone()) {
            duplicates += 1;
            continue;
        }
        by_paper
            .entry(paper_key(&attempt))
            .or_default()
            .push(attempt);
    }
    let papers = by_paper
        .into_iter()
        .map(|(key, attempts)| paper_report(key, attempts, threshold))
        .collect();
    Report {
        papers,
        duplicates,
        threshold,
    }
}

/// The same seed and the same questions make the same paper.
fn paper_key(attempt: &Attempt) -> String {
    let questions: Vec<String> = attempt
        .paper
        .iter()
        .map(|q| format!("{}/{}", q.deck, q.card))
        .collect();
    let hash = stable_hash(&[&attempt.seed.to_le_bytes(), questions.join("\n").as_bytes()]);
    format!("{}-{:08x}", attempt.seed, hash >> 32)
}

#[allow(clippy::cast_precision_loss)]
fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn paper_report(key: String, attempts: Vec<Attempt>, threshold: f64) -> PaperReport {
    let first = &attempts[0];
    let questions = first.paper.clone();
    let (seed, decks) = (first.seed, first.decks.clone());
    // Each student's best attempt: highest score, then fastest.
    let mut best: HashMap<String, (Attempt, usize)> = HashMap::new();
    for attempt in attempts {
        let name = attempt.name.trim().to_owned();
        match best.get_mut(&name) {
            Some((kept, count)) => {
                *count += 1;
                if order_key(&attempt) < order_key(kept) {
                    *kept = attempt;
                }
            }
            None => {
                best.insert(name, (attempt, 1));
            }
        }
    }
    let mut rows: Vec<(Attempt, usize)> = best.into_values().collect();
    rows.sort_by(|(a, _), (b, _)| order_key(a).cmp(&order_key(b)).then(a.name.cmp(&b.name)));
    let mut students = Vec::with_capacity(rows.len());
    for (index, (attempt, count)) in rows.iter().enumerate() {
        // Equal scores share a rank.
        let rank = match students.last() {
            Some(StudentRow { score, rank, .. }) if *score == attempt.score => *rank,
            _ => index + 1,
        };
        let percent = share(attempt.score as usize, attempt.max_score as usize);
        students.push(StudentRow {
            rank,
            name: attempt.name.trim().to_owned(),
            score: attempt.score,
            max_score: attempt.max_score,
            percent,
            elapsed_ms: attempt.elapsed_ms(),
            attempts: *count,
            flagged: percent < threshold,
            outcomes: (0..questions.len())
                .map(|p| {
                    attempt
                        .outcome(p)
                        .map_or(Outcome::Unanswered, |a| a.outcome)
                })
                .collect(),
        });
    }
    let mut by_difficulty: Vec<QuestionRow> = questions
        .iter()
        .enumerate()
        .map(|(position, question)| question_row(position, question, &rows))
        .collect();
    by_difficulty.sort_by(|a, b| {
        a.share_right
            .total_cmp(&b.share_right)
            .then(a.position.cmp(&b.position))
    });
    #[allow(clippy::cast_precision_loss)]
    let average_percent = if students.is_empty() {
        0.0
    } else {
        students.iter().map(|s| s.percent).sum::<f64>() / students.len() as f64
    };
    PaperReport {
        key,
        seed,
        decks,
        questions,
        students,
        by_difficulty,
        average_percent,
    }
}

/// Better attempts sort first: the higher score, then the shorter time (an attempt without an
/// end time counts as the slowest).
fn order_key(attempt: &Attempt) -> (Reverse<u32>, u64) {
    (
        Reverse(attempt.score),
        attempt.elapsed_ms().unwrap_or(u64::MAX),
    )
}

fn question_row(position: usize, question: &Question, rows: &[(Attempt, usize)]) -> QuestionRow {
    let mut right = 0;
    let mut answered = 0;
    let mut times = Vec::new();
    // Wrong answers grouped by their normalized form, shown as first written.
    let mut wrong: HashMap<String, (String, usize)> = HashMap::new();
    for (attempt, _) in rows {
        let Some(answer) = attempt.outcome(position) else {
            continue;
        };
        if answer.outcome == Outcome::Unanswered {
            continue;
        }
        answered += 1;
        if let Some(ms) = answer.duration_ms {
            times.push(ms);
        }
        if answer.outcome.is_right() {
            right += 1;
        } else {
            let given = as_chosen(question, answer.answer.as_deref().unwrap_or_default());
            let entry = wrong
                .entry(normalize(&given))
                .or_insert_with(|| (given.trim().to_owned(), 0));
            entry.1 += 1;
        }
    }
    let mut common_wrong: Vec<(String, usize)> = wrong.into_values().collect();
    common_wrong.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    common_wrong.truncate(3);
    let average_ms = (!times.is_empty())
        .then(|| times.iter().sum::<u64>() / u64::try_from(times.len()).unwrap_or(1));
    QuestionRow {
        position,
        question: question.question.clone(),
        expected: question.expected.clone(),
        right,
        answered,
        students: rows.len(),
        share_right: share(right, rows.len()),
        common_wrong,
        average_ms,
    }
}

/// What a student chose, in words: on a choice question a key (`b`, `2`) becomes the option it
/// labelled; on a true/false question `y`/`n` become `true`/`false`. Other replies stay as typed.
fn as_chosen(question: &Question, reply: &str) -> String {
    let typed = reply.trim();
    if !question.choices.is_empty() {
        if question
            .choices
            .iter()
            .any(|option| normalize(option) == normalize(typed))
        {
            return typed.to_owned();
        }
        let keys = crate::text::choice_keys(&question.choices);
        let mut chars = typed.chars();
        if let (Some(key), None) = (chars.next(), chars.next()) {
            let key = key.to_ascii_lowercase();
            // The key shown, else the option's place as a number or a letter.
            let place = keys.iter().position(|k| *k == key).or_else(|| {
                key.to_digit(10)
                    .and_then(|d| usize::try_from(d).ok())
                    .and_then(|d| d.checked_sub(1))
                    .or_else(|| ('a'..='z').position(|c| c == key))
            });
            if let Some(option) = place.and_then(|at| question.choices.get(at)) {
                return option.clone();
            }
        }
        return typed.to_owned();
    }
    match question.kind().map(|kind| kind.spec().asked) {
        Some(Asked::TrueFalse) => match typed.to_lowercase().as_str() {
            "y" | "yes" | "t" | "true" => "true".to_owned(),
            "n" | "no" | "f" | "false" => "false".to_owned(),
            _ => typed.to_owned(),
        },
        Some(Asked::Typed | Asked::Choice) | None => typed.to_owned(),
    }
}

fn percent(value: f64) -> String {
    format!("{:.0}%", value * 100.0)
}

/// Milliseconds as seconds, for display.
#[allow(clippy::cast_precision_loss)]
fn secs(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

fn seconds(ms: Option<u64>) -> String {
    ms.map_or_else(|| "–".to_owned(), |ms| format!("{:.1}s", secs(ms)))
}

/// A question's most common wrong answers, each shown by `show`, with how often it was given.
fn common_wrong(question: &QuestionRow, show: impl Fn(&str) -> String) -> String {
    question
        .common_wrong
        .iter()
        .map(|(text, n)| {
            let text = if text.is_empty() { "(blank)" } else { text };
            format!("{} ×{n}", show(text))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Deck text on one Markdown table line: no pipes or line breaks, no control sequences.
fn cell(text: &str) -> String {
    crate::text::sanitize(text)
        .replace('|', "\\|")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The report as Markdown.
pub fn markdown(report: &Report) -> String {
    let mut out = String::from("# Class report\n\n");
    if report.duplicates > 0 {
        let _ = writeln!(
            out,
            "{} {} handed in more than once {} counted once.\n",
            report.duplicates,
            plural(report.duplicates, "attempt", "attempts"),
            plural(report.duplicates, "was", "were")
        );
    }
    for paper in &report.papers {
        let _ = writeln!(
            out,
            "## Paper {} ({} {}, decks: {})\n",
            cell(&paper.key),
            paper.questions.len(),
            plural(paper.questions.len(), "question", "questions"),
            cell(&paper.decks.join(", "))
        );
        let _ = writeln!(
            out,
            "{} {}, average {}. Flagged: below {}.\n",
            paper.students.len(),
            plural(paper.students.len(), "student", "students"),
            percent(paper.average_percent),
            percent(report.threshold)
        );
        out.push_str("| Rank | Student | Score | % | Time | |\n|---:|---|---:|---:|---:|---|\n");
        for s in &paper.students {
            let _ = writeln!(
                out,
                "| {} | {} | {}/{} | {} | {} | {} |",
                s.rank,
                cell(&s.name),
                s.score,
                s.max_score,
                percent(s.percent),
                seconds(s.elapsed_ms),
                if s.flagged { "⚑ needs help" } else { "" }
            );
        }
        out.push_str("\n### Questions, hardest first\n\n");
        out.push_str("| # | Question | Answer | Right | Common wrong answers | Avg time |\n|---:|---|---|---:|---|---:|\n");
        for q in &paper.by_difficulty {
            let wrong = common_wrong(q, cell);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} ({}/{}) | {} | {} |",
                q.position + 1,
                cell(&q.question),
                cell(&q.expected),
                percent(q.share_right),
                q.right,
                q.students,
                wrong,
                seconds(q.average_ms)
            );
        }
        out.push('\n');
    }
    // Every field above is sanitized where it is written; this pass makes sure nothing from a
    // results file reaches the terminal even if a field is added without it.
    crate::text::sanitize(&out)
}

/// A CSV cell from a results file: sanitized (the shared writer defuses and quotes it).
fn csv_text(text: &str) -> String {
    crate::text::sanitize(text)
}

/// The report as a CSV gradebook: one row per student and paper, a column per question
/// (`right`, `typo`, `wrong`, `unanswered`), then a row with each question's share right.
pub fn csv(report: &Report) -> String {
    let mut out = String::new();
    let most = report
        .papers
        .iter()
        .map(|p| p.questions.len())
        .max()
        .unwrap_or(0);
    let mut header = vec![
        "paper".to_owned(),
        "rank".into(),
        "student".into(),
        "score".into(),
        "max_score".into(),
        "percent".into(),
        "time_s".into(),
        "flagged".into(),
    ];
    header.extend((1..=most).map(|n| format!("q{n}")));
    crate::csv::write_record(&mut out, &header, ',');
    for paper in &report.papers {
        for s in &paper.students {
            let mut row = vec![
                csv_text(&paper.key),
                s.rank.to_string(),
                csv_text(&s.name),
                s.score.to_string(),
                s.max_score.to_string(),
                format!("{:.1}", s.percent * 100.0),
                s.elapsed_ms
                    .map_or_else(String::new, |ms| format!("{:.1}", secs(ms))),
                s.flagged.to_string(),
            ];
            row.extend(s.outcomes.iter().map(|o| o.as_str().to_owned()));
            crate::csv::write_record(&mut out, &row, ',');
        }
        let mut shares = vec![
            csv_text(&paper.key),
            String::new(),
            "share right".into(),
            String::new(),
            String::new(),
            format!("{:.1}", paper.average_percent * 100.0),
            String::new(),
            String::new(),
        ];
        let mut by_position: Vec<&QuestionRow> = paper.by_difficulty.iter().collect();
        by_position.sort_by_key(|q| q.position);
        shares.extend(
            by_position
                .iter()
                .map(|q| format!("{:.1}", q.share_right * 100.0)),
        );
        crate::csv::write_record(&mut out, &shares, ',');
    }
    out
}

/// Text made safe inside HTML (and SVG): control sequences removed, markup escaped.
pub fn html_escape(text: &str) -> String {
    crate::text::sanitize(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The reports' stylesheet, shared by every HTML page recall writes.
pub const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:72rem;
padding:0 1.5rem;color:#1b1f24;font-size:1.25rem;line-height:1.45}
h1{font-size:2.4rem;margin-bottom:.2rem}h2{font-size:1.8rem;margin-top:3rem;border-bottom:3px solid #d0d7de}
h3{font-size:1.4rem;margin-top:2rem}.meta{color:#57606a}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{padding:.45rem .7rem;text-align:left;
border-bottom:1px solid #d0d7de;vertical-align:top}th{background:#f6f8fa}td.num,th.num{text-align:right}
tr.flag td{background:#fff1e5}.flag-mark{color:#bc4c00;font-weight:700}
.bar{fill:#2da44e}.bar.low{fill:#cf222e}.bar.mid{fill:#bf8700}svg text{font-size:14px;fill:#1b1f24}
.wrong{color:#cf222e}
@media print{body{font-size:11pt}h2{page-break-before:always}}
";

/// The report as one self-contained HTML page.
pub fn html(report: &Report) -> String {
    let mut out =
        String::from("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>recall: class report</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<h1>Class report</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} {} · students below {} are flagged{}</p>",
        report.papers.len(),
        if report.papers.len() == 1 {
            "paper"
        } else {
            "papers"
        },
        percent(report.threshold),
        if report.duplicates > 0 {
            format!(
                " · {} duplicate {} counted once",
                report.duplicates,
                plural(report.duplicates, "hand-in", "hand-ins")
            )
        } else {
            String::new()
        }
    );
    for paper in &report.papers {
        let _ = writeln!(
            out,
            "<h2>Paper {}</h2>\n<p class=\"meta\">{} {} · decks: {} · {} {} · average {}</p>",
            html_escape(&paper.key),
            paper.questions.len(),
            plural(paper.questions.len(), "question", "questions"),
            html_escape(&paper.decks.join(", ")),
            paper.students.len(),
            plural(paper.students.len(), "student", "students"),
            percent(paper.average_percent)
        );
        out.push_str("<h3>Students</h3>\n<table>\n<tr><th class=\"num\">Rank</th><th>Student</th><th class=\"num\">Score</th><th class=\"num\">%</th><th class=\"num\">Time</th><th></th></tr>\n");
        for s in &paper.students {
            let _ = writeln!(
                out,
                "<tr{}><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}/{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                if s.flagged { " class=\"flag\"" } else { "" },
                s.rank,
                html_escape(&s.name),
                s.score,
                s.max_score,
                percent(s.percent),
                seconds(s.elapsed_ms),
                if s.flagged {
                    "<span class=\"flag-mark\">⚑ needs help</span>"
                } else {
                    ""
                }
            );
        }
        out.push_str("</table>\n<h3>Share right per question, hardest first</h3>\n");
        out.push_str(&chart(&paper.by_difficulty));
        out.push_str("<h3>Questions</h3>\n<table>\n<tr><th class=\"num\">#</th><th>Question</th><th>Answer</th><th class=\"num\">Right</th><th>Common wrong answers</th><th class=\"num\">Avg time</th></tr>\n");
        for q in &paper.by_difficulty {
            let wrong = common_wrong(q, |text| {
                format!("<span class=\"wrong\">{}</span>", html_escape(text))
            });
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{} <span class=\"meta\">({}/{})</span></td><td>{}</td><td class=\"num\">{}</td></tr>",
                q.position + 1,
                html_escape(&q.question),
                html_escape(&q.expected),
                percent(q.share_right),
                q.right,
                q.students,
                wrong,
                seconds(q.average_ms)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("<p class=\"meta\">Made by recall.</p>\n</body>\n</html>\n");
    out
}

/// A horizontal bar chart of share right per question, as inline SVG.
fn chart(rows: &[QuestionRow]) -> String {
    let bar_height = 26;
    let gap = 8;
    let label_width = 60;
    let width = 720;
    let height = rows.len() * (bar_height + gap) + gap;
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"Share of students right per question\" viewBox=\"0 0 {} {height}\" width=\"100%\">\n",
        label_width + width + 70
    );
    for (index, row) in rows.iter().enumerate() {
        let y = gap + index * (bar_height + gap);
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let length = (row.share_right * width as f64).round() as usize;
        let class = if row.share_right < 0.5 {
            "bar low"
        } else if row.share_right < 0.8 {
            "bar mid"
        } else {
            "bar"
        };
        let _ = writeln!(
            svg,
            "<text x=\"0\" y=\"{}\">Q{}</text><rect class=\"{class}\" x=\"{label_width}\" y=\"{y}\" width=\"{}\" height=\"{bar_height}\" rx=\"3\"><title>{}</title></rect><text x=\"{}\" y=\"{}\">{}</text>",
            y + bar_height - 7,
            row.position + 1,
            length.max(1),
            html_escape(&row.question),
            label_width + length + 8,
            y + bar_height - 7,
            percent(row.share_right)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drill::results::{Answer, Settings};
    use crate::drill::{PaperEnd, Scoring};

    fn question(card: &str) -> Question {
        Question {
            deck: "d".into(),
            card: card.into(),
            kind: "text".into(),
            question: format!("{card}?"),
            expected: card.to_uppercase(),
            choices: Vec::new(),
        }
    }

    fn attempt(
        uid: &str,
        name: &str,
        seed: u64,
        outcomes: &[(Outcome, &str)],
        secs: i64,
    ) -> Attempt {
        let answers: Vec<Answer> = outcomes
            .iter()
            .enumerate()
            .map(|(position, (outcome, text))| Answer {
                position,
                answer: Some((*text).to_owned()),
                outcome: *outcome,
                points: u32::from(outcome.is_right()),
                duration_ms: Some(1000),
            })
            .collect();
        Attempt {
            uid: uid.into(),
            name: name.into(),
            profile: "p".into(),
            decks: vec!["d".into()],
            seed,
            settings: Settings {
                count: 3,
                tags: Vec::new(),
                kinds: Vec::new(),
                time_limit_secs: None,
                per_question_secs: None,
                scoring: Scoring::Plain,
                record: false,
            },
            paper: vec![question("a"), question("b"), question("c")],
            started_at: crate::time::Timestamp::from_millis(0),
            ended_at: Some(crate::time::Timestamp::from_millis(secs * 1000)),
            end: Some(PaperEnd::Finished),
            score: answers.iter().map(|a| a.points).sum(),
            max_score: 3,
            answers,
        }
    }

    use Outcome::{Right, Typo, Unanswered, Wrong};

    #[test]
    fn wrong_answers_show_the_option_chosen_not_the_key_typed() {
        let choice = Question {
            kind: "choice".into(),
            choices: vec![
                "China".into(),
                "Soviet Union".into(),
                "United States".into(),
            ],
            ..question("ally")
        };
        let letters = Question {
            kind: "choice".into(),
            // An option that is itself a digit: the keys are letters.
            choices: vec!["4".into(), "3".into(), "2".into(), "1".into()],
            ..question("n")
        };
        let truth = Question {
            kind: "truefalse".into(),
            ..question("t")
        };
        let cases: [(&Question, &str, &str); 11] = [
            (&choice, "2", "Soviet Union"),
            (&choice, "b", "Soviet Union"),
            (&choice, "B", "Soviet Union"),
            (&choice, " soviet union ", "soviet union"),
            (&choice, "9", "9"),
            (&choice, "Russia", "Russia"),
            (&letters, "b", "3"),
            (&letters, "4", "4"),
            (&truth, "y", "true"),
            (&truth, "N", "false"),
            (&question("x"), "b", "b"),
        ];
        for (question, typed, shown) in cases {
            assert_eq!(as_chosen(question, typed), shown, "{typed:?}");
        }
        // A kind from a newer recall is taken as typed.
        let unknown = Question {
            kind: "essay".into(),
            ..question("e")
        };
        assert_eq!(unknown.kind(), None);
        assert_eq!(as_chosen(&unknown, " y "), "y");
        // In the report, the class's wrong picks are grouped by option.
        let mut one = attempt(
            "1",
            "Ana",
            1,
            &[(Wrong, "b"), (Right, "B"), (Right, "C")],
            9,
        );
        one.paper[0] = choice.clone();
        let mut two = attempt(
            "2",
            "Ben",
            1,
            &[(Wrong, "2"), (Right, "B"), (Right, "C")],
            9,
        );
        two.paper[0] = choice;
        let report = build(vec![one, two], 0.5);
        let text = markdown(&report);
        assert!(text.contains("Soviet Union ×2"), "{text}");
        assert!(!text.contains("b ×"), "{text}");
        let alone = build(vec![attempt("3", "Cy", 2, &[(Right, "A")], 5)], 0.5);
        let text = markdown(&alone);
        assert!(text.contains("1 student, average"), "{text}");
        assert!(!text.contains("1 students"), "{text}");
        let page = html(&alone);
        assert!(page.contains("1 student ·"), "{page}");
    }

    #[test]
    fn ranks_students_and_orders_questions_hardest_first() {
        let attempts = vec![
            attempt(
                "1",
                "Ana",
                1,
                &[(Right, "A"), (Wrong, "x"), (Right, "C")],
                60,
            ),
            attempt(
                "2",
                "Ben",
                1,
                &[(Right, "A"), (Wrong, "X"), (Wrong, "y")],
                50,
            ),
            attempt(
                "3",
                "Cy",
                1,
                &[(Typo, "AA"), (Right, "B"), (Wrong, "w")],
                90,
            ),
            attempt(
                "4",
                "Dee",
                1,
                &[(Right, "A"), (Wrong, "z"), (Unanswered, "")],
                40,
            ),
        ];
        let report = build(attempts, 0.5);
        assert_eq!(report.papers.len(), 1);
        let paper = &report.papers[0];
        let ranking: Vec<(usize, &str, u32)> = paper
            .students
            .iter()
            .map(|s| (s.rank, s.name.as_str(), s.score))
            .collect();
        // Equal scores share a rank; the faster student is listed first.
        assert_eq!(
            ranking,
            vec![(1, "Ana", 2), (1, "Cy", 2), (3, "Dee", 1), (3, "Ben", 1)]
        );
        let flagged: Vec<&str> = paper
            .students
            .iter()
            .filter(|s| s.flagged)
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(flagged, vec!["Dee", "Ben"]);
        let order: Vec<usize> = paper.by_difficulty.iter().map(|q| q.position).collect();
        assert_eq!(order, vec![1, 2, 0]);
        let hardest = &paper.by_difficulty[0];
        assert_eq!((hardest.right, hardest.students), (1, 4));
        assert!((hardest.share_right - 0.25).abs() < 1e-9);
        // "x" and "X" are the same wrong answer.
        assert_eq!(hardest.common_wrong[0], ("x".to_owned(), 2));
        let c = paper
            .by_difficulty
            .iter()
            .find(|q| q.position == 2)
            .expect("q3");
        assert_eq!((c.right, c.answered), (1, 3));
    }

    #[test]
    fn duplicates_count_once_and_papers_stay_apart() {
        let a = attempt(
            "1",
            "Ana",
            1,
            &[(Right, "A"), (Right, "B"), (Right, "C")],
            60,
        );
        let other_paper = attempt(
            "2",
            "Ana",
            2,
            &[(Wrong, "q"), (Right, "B"), (Right, "C")],
            60,
        );
        let report = build(vec![a.clone(), a, other_paper], 0.5);
        assert_eq!(report.duplicates, 1);
        assert_eq!(report.papers.len(), 2);
        assert!(report.papers.iter().all(|p| p.students.len() == 1));
    }

    #[test]
    fn a_student_counts_with_their_best_attempt() {
        let first = attempt(
            "1",
            "Ana",
            1,
            &[(Wrong, "q"), (Wrong, "r"), (Right, "C")],
            60,
        );
        let second = attempt(
            "2",
            "Ana",
            1,
            &[(Right, "A"), (Right, "B"), (Right, "C")],
            70,
        );
        let report = build(vec![first, second], 0.5);
        let student = &report.papers[0].students[0];
        assert_eq!((student.score, student.attempts), (3, 2));
    }

    #[test]
    fn renderings_escape_deck_text() {
        let mut hostile = attempt(
            "1",
            "<script>alert(1)</script>",
            1,
            &[(Right, "A"), (Right, "B"), (Wrong, "a|b")],
            60,
        );
        hostile.paper[0].question = "Which <b>year</b>?\u{1b}[2J".into();
        hostile.decks = vec!["\u{1b}]52;c;cm0K\u{7}study\u{9b}2J".into()];
        let report = build(vec![hostile], 0.5);
        let html = html(&report);
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains('\u{1b}'));
        assert!(html.contains("<svg"));
        assert!(!html.contains("<script"), "no scripts at all");
        let md = markdown(&report);
        assert!(md.contains("a\\|b ×1"));
        assert!(md.contains("decks: study)"), "{md}");
        assert!(!md.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{md}");
        let csv = csv(&report);
        assert!(
            csv.lines()
                .next()
                .is_some_and(|h| h.starts_with("paper,rank,student,score"))
        );
    }
}
