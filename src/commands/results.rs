//! `recall results`: the drill attempts saved on this machine, a leaderboard for one paper, and
//! `--export` to hand one student's attempts to the teacher as a results file.

use std::io::Write;

use anyhow::Result;
use console::style;

use super::App;
use super::Exit;
use crate::app::UsageError;
use crate::app::drill as use_case;
use crate::cli::{ResultsArgs, ResultsFormat};
use crate::drill::report;
use crate::drill::results::{Attempt, ExportFile};
use crate::store::AttemptFilter;
use crate::text::plural;
use crate::ui::clean;

pub fn run(app: &App, args: &ResultsArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = app.store()?;
    let seed = match (args.leaderboard, args.seed) {
        (true, None) => use_case::latest_seed(&store)?,
        (_, seed) => seed,
    };
    let attempts = use_case::attempts(
        &store,
        &AttemptFilter {
            name: args.name.clone(),
            seed,
            profile: None,
        },
    )?;
    if let Some(path) = &args.export {
        let count = attempts.len();
        if count == 0 {
            return Err(UsageError("no drill attempts match; nothing to export".into()).into());
        }
        let file = ExportFile::new(attempts, app.now);
        let json = crate::json::to_vec(&file)?;
        crate::authoring::write::write_atomic(path, &json)?;
        writeln!(
            out,
            "wrote {count} {} to {}",
            plural(count, "attempt", "attempts"),
            path.display()
        )?;
        return Ok(Exit::Success);
    }
    if args.leaderboard {
        let symbols = crate::ui::Symbols::new(crate::ui::unicode_supported());
        return leaderboard(attempts, &mut crate::ui::FitWriter::new(out, symbols));
    }
    match args.format {
        ResultsFormat::Json => {
            crate::json::to_writer(&mut *out, &attempts)?;
            writeln!(out)?;
        }
        ResultsFormat::Csv => {
            let mut text = String::new();
            crate::csv::write_record(
                &mut text,
                &[
                    "started",
                    "name",
                    "paper",
                    "score",
                    "max_score",
                    "end",
                    "unanswered",
                ],
                ',',
            );
            for a in &attempts {
                crate::csv::write_record(
                    &mut text,
                    &[
                        a.started_at.to_string(),
                        clean(&a.name),
                        a.seed.to_string(),
                        a.score.to_string(),
                        a.max_score.to_string(),
                        end(a).to_owned(),
                        a.unanswered().to_string(),
                    ],
                    ',',
                );
            }
            out.write_all(text.as_bytes())?;
        }
        ResultsFormat::Table => {
            if attempts.is_empty() {
                writeln!(out, "No drill attempts yet. Take one with `recall drill`.")?;
            }
            for a in &attempts {
                writeln!(
                    out,
                    "{}  {:<20} paper {:<8} {:>5}/{:<5} {}",
                    a.started_at.local_display(&app.tz),
                    clean(&a.name),
                    a.seed,
                    a.score,
                    a.max_score,
                    end(a)
                )?;
            }
        }
    }
    Ok(Exit::Success)
}

/// How an attempt ended, for people.
fn end(attempt: &Attempt) -> &'static str {
    attempt
        .end
        .map_or("unfinished", crate::drill::PaperEnd::as_str)
}

fn leaderboard(attempts: Vec<Attempt>, out: &mut dyn Write) -> Result<Exit> {
    if attempts.is_empty() {
        writeln!(out, "No attempts at this paper yet.")?;
        return Ok(Exit::Success);
    }
    let report = report::build(attempts, 0.0);
    for paper in &report.papers {
        writeln!(
            out,
            "{}",
            style(format!(
                "Paper {} · {} questions",
                paper.seed,
                paper.questions.len()
            ))
            .bold()
        )?;
        for s in &paper.students {
            writeln!(
                out,
                "{:>3}. {:<24} {:>5}/{:<5} {:>4.0}%{}",
                s.rank,
                clean(&s.name),
                s.score,
                s.max_score,
                s.percent * 100.0,
                s.elapsed_ms
                    .map_or_else(String::new, |ms| format!("  {}", crate::ui::clock_ms(ms)))
            )?;
        }
    }
    Ok(Exit::Success)
}
