//! `recall doctor`: check the database, and with `--rebuild` recreate every card's state from
//! the review log (the log is the truth; card state is a cache of it).

use std::io::Write;

use anyhow::Result;

use super::App;
use super::Exit;
use crate::cli::DoctorArgs;
use crate::store::Store;

pub fn run(app: &App, args: &DoctorArgs, out: &mut dyn Write) -> Result<Exit> {
    let data_dir = app.data_dir()?;
    let mut store = Store::open(&data_dir)?;
    writeln!(out, "database: {}", store.path().display())?;
    writeln!(out, "schema version: {}", store.schema_version()?)?;
    store.integrity_check()?;
    writeln!(out, "integrity: ok")?;
    if args.rebuild {
        let written = store.rebuild(None)?;
        writeln!(
            out,
            "rebuilt the state of {written} cards from the review log"
        )?;
    }
    Ok(Exit::Success)
}
