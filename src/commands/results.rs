//! `recall results`: the drill attempts saved on this machine, a leaderboard for one paper, and
//! `--export` to hand one student's attempts to the teacher as a results file.

use std::io::Write;

use anyhow::Result;

use super::App;
use super::Exit;
use crate::app::UsageError;
use crate::app::drill as use_case;
use crate::cli::{ResultsArgs, ResultsFormat};
use crate::drill::results::ExportFile;
use crate::store::AttemptFilter;
use crate::text::plural;

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
        crate::ui::results::leaderboard(attempts, &mut crate::ui::FitWriter::new(out, symbols))?;
        return Ok(Exit::Success);
    }
    match args.format {
        ResultsFormat::Json => {
            crate::json::to_writer(&mut *out, &attempts)?;
            writeln!(out)?;
        }
        ResultsFormat::Csv => out.write_all(crate::drill::results::to_csv(&attempts).as_bytes())?,
        ResultsFormat::Table => crate::ui::results::table(&attempts, &app.tz, out)?,
    }
    Ok(Exit::Success)
}
