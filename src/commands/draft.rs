//! `recall draft`: candidate cards drafted from a plain text, written as a deck for an author
//! to review.

use std::io::Write;

use anyhow::{Result, bail};

use super::App;
use super::Exit;
use super::deck_file::{
    check_id_arg, create_parent, located, print_diagnostics, refuse_to_overwrite, title_from_stem,
};
use crate::app::UsageError;
use crate::authoring::draft::{DRAFT_TAG, draft, render, title_of};
use crate::authoring::write::write_atomic;
use crate::authoring::{Header, encoding, validate_before_write};
use crate::cli::DraftArgs;
use crate::deck::Origin;

pub fn run(_app: &App, args: &DraftArgs, out: &mut dyn Write) -> Result<Exit> {
    let name = args.file.display().to_string();
    let bytes = crate::input::read(&args.file, crate::input::Limit::SOURCE)?;
    let (text, _) = encoding::decode(&bytes)
        .map_err(|error| located(&name, error.position(), &error, &error.hint()))?;
    let drafted = draft(&text);
    if drafted.entries.is_empty() {
        bail!(
            "found nothing to draft in {name}: no sentence names a year, a person, a place or \
             an organisation"
        );
    }
    let file_name = args
        .file
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    let stem = title_from_stem(&args.file).unwrap_or_else(|| "draft".to_owned());
    let title = args
        .title
        .clone()
        .or_else(|| title_of(&text))
        .unwrap_or(stem);
    let mut header = Header::titled(&title);
    header.source = Some(file_name.clone());
    if let Some(id) = &args.id {
        check_id_arg(id)?;
        header.id.clone_from(id);
    }
    let deck_text = render(&drafted, &header, &file_name);
    let origin = Origin::File(args.out.clone().unwrap_or_else(|| "<draft>".into()));
    if let Err(invalid) = validate_before_write(&deck_text, &origin) {
        print_diagnostics(&invalid.0)?;
        bail!("the drafted deck does not pass `recall check`; nothing was written");
    }
    let summary = format!(
        "drafted {} candidate cards from {} sentences of {name}; each is tagged `{DRAFT_TAG}` and \
         needs a human read",
        drafted.entries.len(),
        drafted.sentences
    );
    if let Some(path) = &args.out {
        if crate::input::same_file(path, &args.file) {
            return Err(UsageError(format!(
                "--out {} is the file being drafted from; write the deck to another path",
                path.display()
            ))
            .into());
        }
        refuse_to_overwrite(path, args.force)?;
        create_parent(path)?;
        write_atomic(path, deck_text.as_bytes())?;
        writeln!(out, "{summary}\nwrote {}", path.display())?;
    } else {
        out.write_all(deck_text.as_bytes())?;
        eprintln!("recall: {summary}");
    }
    Ok(Exit::Success)
}
