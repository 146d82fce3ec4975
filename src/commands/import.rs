//! `recall import`: create or extend a deck from CSV/TSV, Anki, Quizlet or recall JSON, with a
//! preview (`--dry-run`) of what is added, changed and skipped.

use std::io::Write;

use anyhow::{Result, bail};

use super::deck_file::{DeckFile, check_id_arg, create_parent, located, open, refuse_taken_id};
use super::deck_file::{not_written, save, title_from_stem};
use super::{App, Exit};
use crate::app::history;
use crate::authoring::Header;
use crate::authoring::formats::{self, Format, ReadOptions, anki_package};
use crate::authoring::import::{self as import, Decision, decide, plan_with_progress};
use crate::cli::{ImportArgs, ImportFormat};
use crate::ui::progress::Activity;
use crate::ui::{self, clean};

fn format(format: ImportFormat) -> Format {
    match format {
        ImportFormat::Csv => Format::Csv,
        ImportFormat::Tsv => Format::Tsv,
        ImportFormat::Anki => Format::Anki,
        ImportFormat::Quizlet => Format::Quizlet,
        ImportFormat::Json => Format::Json,
    }
}

pub fn run(app: &App, args: &ImportArgs, out: &mut dyn Write) -> Result<Exit> {
    let name = args.file.display().to_string();
    let limit = anki_package::read_limit(&args.file);
    let mut activity = app.activity();
    activity.stage(&format!("reading {}", clean(&name)), None);
    let bytes = crate::input::read(&args.file, limit)?;
    if anki_package::is_package(&bytes) {
        activity.stage(&format!("unpacking {}", clean(&name)), None);
        let package = anki_package::read(&bytes)
            .map_err(|error| located(&name, error.position(), &error, &error.hint()))?;
        let (cards, answers) = history::countable(&package.histories);
        let exit = write_deck(
            app,
            args,
            &name,
            Format::Anki,
            package.parsed,
            out,
            activity,
        )?;
        let (profile, collection) = (&app.profile, &package.collection);
        if answers == 0 || args.dry_run {
            ui::import::print_history_preview(out, collection, cards, answers, profile)?;
        } else if exit == Exit::Success {
            let (mut store, decks) = super::decks::open(app, &[args.into.display().to_string()])?;
            if let Some(deck) = decks.first() {
                let mut activity = app.activity();
                let (scope, histories) = (app.scope(), &package.histories);
                let report = history::import(&mut store, &scope, deck, histories, &mut activity)?;
                drop(activity);
                ui::import::print_history_report(out, &report, profile)?;
            }
        }
        return Ok(exit);
    }
    let options = ReadOptions {
        format: args.format.map(format),
        extension: args
            .file
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase()),
        term_separator: args.term_sep.clone(),
        card_separator: args.card_sep.clone(),
    };
    activity.stage(&format!("parsing {}", clean(&name)), None);
    let (format, parsed) = formats::read(&bytes, &options)
        .map_err(|error| located(&name, error.position(), &error, &error.hint()))?;
    write_deck(app, args, &name, format, parsed, out, activity)
}

/// Plans the import of `parsed` into the deck file, prints the plan, and writes it (unless a
/// dry run).
fn write_deck(
    app: &App,
    args: &ImportArgs,
    name: &str,
    format: Format,
    parsed: formats::Parsed,
    out: &mut dyn Write,
    mut activity: Activity,
) -> Result<Exit> {
    let into = args.into.display();
    activity.stage(&format!("planning the import into {into}"), None);
    let target: Option<DeckFile> = args.into.exists().then(|| open(&args.into)).transpose()?;
    let header = if target.is_some() {
        Header::default()
    } else {
        if let Some(id) = &args.id {
            check_id_arg(id)?;
        }
        let stem = title_from_stem(&args.file).unwrap_or_default();
        let header = import::new_header(&parsed, args.title.as_deref(), args.id.as_deref(), &stem);
        let named_after = import::id_source(args.id.is_some(), &parsed, name);
        refuse_taken_id(&app.cwd, &args.into, &header.id, named_after.as_deref())?;
        header
    };
    activity.stage("planning the rows", Some(parsed.cards.len() as u64));
    let deck = target.as_ref().map(|t| &t.deck);
    let plan = plan_with_progress(deck, format, parsed, &args.tags, &mut |done, _| {
        activity.advance(done as u64);
    });
    let counts = plan.counts();
    activity.finish();
    crate::ui::import::print_plan(out, &plan, args.dry_run)?;
    let decision = decide(&plan, target.is_none(), args.dry_run, args.strict);
    let into_name = into.to_string();
    let said = ui::import::print_decision(out, decision, name, &into_name, format, &counts)?;
    match decision {
        Decision::DryRun | Decision::NothingToChange => return Ok(Exit::Success),
        Decision::SkipsRefused | Decision::NothingImported => bail!(said),
        Decision::Write => {}
    }
    // Import prints for people only, so the display is always allowed here.
    let mut activity = Activity::new(true, crate::ui::unicode_supported());
    activity.stage(&format!("writing {into}"), None);
    let comment = import::comment_for(&args.file);
    if let Some(target) = &target {
        let text = import::apply(&plan, Some(&target.text), &header, &comment)?;
        save(&target.path, &text)?;
    } else {
        create_parent(&args.into)?;
        import::create(&args.into, &plan, &header, &comment).map_err(|error| match error {
            import::CreateError::Invalid(invalid) => not_written(&args.into, &invalid),
            import::CreateError::Write(error) => error.into(),
        })?;
    }
    activity.finish();
    let created = target.is_none().then_some(&header);
    ui::import::print_imported(out, name, &into_name, format, &counts, created)?;
    Ok(Exit::Success)
}
