//! `recall man`: manual pages made from the same command definition as `--help` (`clap_mangen`),
//! so they never drift from it. `recall man` prints recall(1), `recall man study` prints
//! recall-study(1), `recall man --out DIR` writes them all.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::{App, Exit};
use crate::app::UsageError;
use crate::cli::ManArgs;
use crate::ui::man::Page;

pub fn run(_app: &App, args: &ManArgs, out: &mut dyn Write) -> Result<Exit> {
    let mut command = crate::cli::command();
    command.build();
    if let Some(dir) = &args.out {
        let written = write_all(&command, dir)?;
        writeln!(
            out,
            "wrote {written} manual pages to {} (read one with `man recall`, once that \
             directory is on MANPATH, or `man -l {}`)",
            dir.display(),
            dir.join("recall.1").display()
        )?;
        return Ok(Exit::Success);
    }
    let page = match &args.command {
        None => command,
        Some(name) => command.find_subcommand(name).cloned().ok_or_else(|| {
            UsageError(format!("no command `{name}`; `recall --help` lists them"))
        })?,
    };
    let mut text = Vec::new();
    Page::new(page).render(crate::cli::examples, crate::cli::ROOT_NOTES, &mut text)?;
    out.write_all(&text)?;
    Ok(Exit::Success)
}

/// Writes recall.1 and a page per command (hidden ones aside) into `dir`; returns how many.
fn write_all(command: &clap::Command, dir: &Path) -> Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut pages = vec![command.clone()];
    pages.extend(
        command
            .get_subcommands()
            .filter(|sub| !sub.is_hide_set())
            .cloned(),
    );
    for page in &pages {
        let page = Page::new(page.clone());
        let path = dir.join(page.filename());
        let mut text = Vec::new();
        page.render(crate::cli::examples, crate::cli::ROOT_NOTES, &mut text)?;
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(pages.len())
}
