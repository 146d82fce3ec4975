//! `recall export`: a deck as CSV, TSV, Anki "Notes in Plain Text" or recall JSON, to standard
//! output or (atomically) to a file.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use super::App;
use super::Exit;
use super::deck_file::print_diagnostics;
use crate::app::UsageError;
use crate::authoring::formats::{self, Format};
use crate::authoring::write::write_atomic;
use crate::cli::{ExportArgs, ExportFormat};
use crate::deck::{Deck, load_file};
use crate::text::plural;

fn format(format: ExportFormat) -> Format {
    match format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Tsv => Format::Tsv,
        ExportFormat::Anki => Format::Anki,
        ExportFormat::Json => Format::Json,
    }
}

/// The deck named on the command line: a file, else a deck id among the decks recall finds.
fn find(app: &App, name: &str) -> Result<Deck> {
    let path = Path::new(name);
    if path.exists() {
        let loaded = load_file(path);
        let errors: Vec<_> = loaded
            .diagnostics
            .into_iter()
            .filter(crate::deck::Diagnostic::is_error)
            .collect();
        return match loaded.deck {
            Some(deck) if errors.is_empty() => Ok(deck),
            _ => {
                print_diagnostics(&errors)?;
                bail!("{name} has errors; fix them before exporting (`recall check {name}`)")
            }
        };
    }
    let loaded = crate::app::sync::load(&[], &app.cwd);
    // Two files with one id: say which was left out, as every command that reads decks does.
    let clashes: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == "duplicate-id")
        .cloned()
        .collect();
    print_diagnostics(&clashes)?;
    let clash = format!("deck id `{name}` ");
    if let Some(other) = clashes.iter().find(|d| d.message.starts_with(&clash)) {
        return Err(UsageError(format!(
            "two decks use the id `{name}` ({} and another); export one by its path, e.g. \
             recall export {}",
            other.file, other.file
        ))
        .into());
    }
    match loaded.decks.into_iter().find(|d| d.id.as_str() == name) {
        Some(deck) => Ok(deck),
        None => {
            bail!("no deck file or deck id `{name}`; pass a deck file, or an id from `recall list`")
        }
    }
}

pub fn run(app: &App, args: &ExportArgs, out: &mut dyn Write) -> Result<Exit> {
    let mut activity = app.activity();
    activity.stage(&format!("reading {}", crate::ui::clean(&args.deck)), None);
    let deck = find(app, &args.deck)?;
    let format = format(args.format);
    activity.stage(&format!("writing {} notes", deck.notes.len()), None);
    let text = formats::write(&deck, format);
    activity.finish();
    let without_id = deck.notes.iter().filter(|n| !n.explicit_id).count();
    if without_id > 0 {
        eprintln!(
            "recall: note: {without_id} {} no id and {} exported under {} hashed id; \
             `recall fmt` gives cards lasting ids",
            plural(without_id, "card has", "cards have"),
            plural(without_id, "is", "are"),
            plural(without_id, "its", "their"),
        );
    }
    match &args.out {
        Some(path) => {
            if let crate::deck::Origin::File(source) = &deck.origin
                && crate::input::same_file(path, source)
            {
                return Err(UsageError(format!(
                    "--out {} is the file being exported; write the export to another path",
                    path.display()
                ))
                .into());
            }
            write_atomic(path, text.as_bytes())?;
            writeln!(
                out,
                "exported {} {} of `{}` as {format} to {}",
                deck.notes.len(),
                plural(deck.notes.len(), "card", "cards"),
                deck.id,
                path.display()
            )?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(Exit::Success)
}
