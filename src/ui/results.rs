//! `recall results` for people: the attempts as a table, and one paper's leaderboard.

use std::io::Write;

use anyhow::Result;
use console::style;

use super::clean;
use crate::drill::report;
use crate::drill::results::Attempt;
use crate::time::Zone;

/// One line per attempt: when (in `tz`), who, which paper, the score and how it ended.
pub fn table(attempts: &[Attempt], tz: &Zone, out: &mut dyn Write) -> Result<()> {
    if attempts.is_empty() {
        writeln!(out, "No drill attempts yet. Take one with `recall drill`.")?;
    }
    for a in attempts {
        writeln!(
            out,
            "{}  {:<20} paper {:<8} {:>5}/{:<5} {}",
            a.started_at.local_display(tz),
            clean(&a.name),
            a.seed,
            a.score,
            a.max_score,
            a.end_label()
        )?;
    }
    Ok(())
}

/// Each paper's students ranked by score, with their percentage and time.
pub fn leaderboard(attempts: Vec<Attempt>, out: &mut dyn Write) -> Result<()> {
    if attempts.is_empty() {
        writeln!(out, "No attempts at this paper yet.")?;
        return Ok(());
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
                    .map_or_else(String::new, |ms| format!("  {}", super::clock_ms(ms)))
            )?;
        }
    }
    Ok(())
}
