//! `recall report`: the class report from students' results files (and/or this machine's
//! attempts), as Markdown, a CSV gradebook or a self-contained HTML page.

use std::io::Write;

use anyhow::Result;

use super::App;
use super::Exit;
use crate::app::UsageError;
use crate::cli::{ReportArgs, ReportFormat};
use crate::drill::report;
use crate::drill::results::{Attempt, check_duplicates, parse_export};
use crate::store::AttemptFilter;
use crate::text::plural;

pub fn run(app: &App, args: &ReportArgs, out: &mut dyn Write) -> Result<Exit> {
    if !(0.0..=100.0).contains(&args.threshold) {
        return Err(UsageError("--threshold is a percentage from 0 to 100".into()).into());
    }
    if let Some(out) = &args.out
        && let Some(input) = args.files.iter().find(|f| crate::input::same_file(out, f))
    {
        return Err(UsageError(format!(
            "--out {} is one of the files the report reads ({}); write the report to another path",
            out.display(),
            input.display()
        ))
        .into());
    }
    // Read every file first: a broken one stops the report before anything is written.
    let mut sources: Vec<(String, Vec<Attempt>)> = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let bytes = crate::input::read(path, crate::input::Limit::RESULTS)?;
        let attempts = parse_export(&name, &bytes)?;
        sources.push((name, attempts));
    }
    if args.files.is_empty() || args.local {
        let store = app.store()?;
        let local = crate::app::drill::attempts(&store, &AttemptFilter::default())?;
        sources.push(("the attempts saved on this machine".to_owned(), local));
    }
    // One attempt handed in twice must say the same both times.
    check_duplicates(
        sources
            .iter()
            .flat_map(|(name, attempts)| attempts.iter().map(move |a| (name.as_str(), a))),
    )?;
    let mut attempts: Vec<Attempt> = sources.into_iter().flat_map(|(_, a)| a).collect();
    if let Some(seed) = args.seed {
        attempts.retain(|a| a.seed == seed);
    }
    if attempts.is_empty() {
        return Err(UsageError(
            "no drill attempts to report on: pass results files (`recall results --export`) or take a drill first"
                .into(),
        )
        .into());
    }
    let report = report::build(attempts, args.threshold / 100.0);
    let text = match args.format {
        ReportFormat::Md => report::markdown(&report),
        ReportFormat::Csv => report::csv(&report),
        ReportFormat::Html => report::html(&report),
    };
    match &args.out {
        Some(path) => {
            crate::authoring::write::write_atomic(path, text.as_bytes())?;
            let students: usize = report.papers.iter().map(|p| p.students.len()).sum();
            writeln!(
                out,
                "wrote the report on {students} {} ({} {}) to {}",
                plural(students, "student", "students"),
                report.papers.len(),
                plural(report.papers.len(), "paper", "papers"),
                path.display()
            )?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(Exit::Success)
}
