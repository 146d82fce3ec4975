//! `recall new`: a new deck file with its `[deck]` table and a commented example card.

use std::io::Write;

use anyhow::Result;

use super::App;
use super::Exit;
use super::deck_file::{create_parent, refuse_taken_id, refuse_to_overwrite, save};
use crate::app::UsageError;
use crate::authoring::Header;
use crate::authoring::edit::template;
use crate::cli::NewArgs;
use crate::deck::DeckId;

pub fn run(app: &App, args: &NewArgs, out: &mut dyn Write) -> Result<Exit> {
    let title = args.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(UsageError("the title is empty; pass --title \"…\"".into()).into());
    }
    let mut header = Header::titled(&title);
    if let Some(id) = &args.id {
        if let Err(error) = id.parse::<DeckId>() {
            return Err(UsageError(format!(
                "the deck id `{id}` {error}; for example --id {}",
                crate::deck::suggest_id(id)
            ))
            .into());
        }
        header.id.clone_from(id);
    }
    refuse_to_overwrite(&args.path, args.force)?;
    let named_after = args.id.is_none().then_some("made from the title");
    refuse_taken_id(&app.cwd, &args.path, &header.id, named_after)?;
    create_parent(&args.path)?;
    save(&args.path, &template(&header))?;
    writeln!(
        out,
        "created {} (deck `{}`)\nadd cards with: recall add {}",
        args.path.display(),
        header.id,
        args.path.display()
    )?;
    Ok(Exit::Success)
}
