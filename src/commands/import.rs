//! `recall import`: create or extend a deck from CSV/TSV, Anki, Quizlet or recall JSON, with a
//! preview (`--dry-run`) of what is added, changed and skipped.

use std::io::Write;

use anyhow::{Result, bail};

use super::deck_file::{DeckFile, check_id_arg, located, open, refuse_taken_id};
use super::deck_file::{create_parent_new, not_written, remove_created, save, title_from_stem};
use super::{App, Exit};
use crate::app::history;
use crate::authoring::Header;
use crate::authoring::formats::{self, Format, Place, ReadOptions, anki_package};
use crate::authoring::import::{
    self as import, Decision, decide, decide_counts, plan_with_progress,
};
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
    let unreadable =
        |error: formats::ReadError| located(&name, error.position(), &error, &error.hint());
    let text = formats::decode(&bytes).map_err(unreadable)?;
    let (format, source) = formats::open(&text, &options).map_err(unreadable)?;
    if creates(args) {
        let rows = source.rows_hint(&text);
        return create_deck(app, args, &name, format, source, rows, out, activity);
    }
    // The plan is shown, or applied to a deck's text, as a whole: the source is read at once.
    let parsed = source.into_parsed().map_err(unreadable)?;
    write_deck(app, args, &name, format, parsed, out, activity)
}

/// Whether the import writes a new deck file: then it is planned and written row by row
/// ([`create_deck`]); a dry run and an import into an existing deck plan the whole source first.
fn creates(args: &ImportArgs) -> bool {
    !args.into.exists() && !args.dry_run
}

/// Imports `source` (about `rows` rows) into the new deck file `args.into`, planning and
/// writing each row as it is read ([`import::create`]): neither the rows nor the cards are held.
/// Prints what [`write_deck`] prints for the same source.
#[allow(clippy::too_many_arguments)]
fn create_deck(
    app: &App,
    args: &ImportArgs,
    name: &str,
    format: Format,
    source: formats::Source<'_>,
    rows: usize,
    out: &mut dyn Write,
    mut activity: Activity,
) -> Result<Exit> {
    let into = args.into.display();
    activity.stage(&format!("planning the import into {into}"), None);
    if let Some(id) = &args.id {
        check_id_arg(id)?;
    }
    let stem = title_from_stem(&args.file).unwrap_or_default();
    let header = import::header_from(
        source.header(),
        source.title(),
        args.title.as_deref(),
        args.id.as_deref(),
        &stem,
    );
    let named_after = import::id_source_from(args.id.is_some(), source.header(), name);
    refuse_taken_id(&app.cwd, &args.into, &header.id, named_after.as_deref())?;
    let created_dirs = create_parent_new(&args.into)?;
    // Rows are planned and written at once; the stage keeps the name people know.
    activity.stage("planning the rows", Some(rows as u64));
    let comment = import::comment_for(&args.file);
    let strict = args.strict;
    let created = import::create(
        &args.into,
        source,
        rows,
        format,
        &args.tags,
        &header,
        &comment,
        &mut |place| {
            activity.advance(match *place {
                Place::Line(line) => u64::from(line),
                Place::Item(item) => item as u64,
            });
        },
        |counts| decide_counts(counts, true, false, strict) == Decision::Write,
    );
    activity.finish();
    let created = match created {
        Ok(created) => created,
        Err(error) => {
            remove_created(&created_dirs);
            return Err(located(name, error.position(), &error, &error.hint()));
        }
    };
    let counts = created.counts;
    ui::import::print_plan(out, &created.skipped, false)?;
    let decision = decide_counts(&counts, true, false, strict);
    let into_name = into.to_string();
    let said = ui::import::print_decision(out, decision, name, &into_name, format, &counts)?;
    // Creating, not a dry run: the plan is written, or refused (--strict, nothing to import).
    let written = match (decision, created.written) {
        (Decision::Write, written) => written,
        _ => Ok(false),
    };
    match written {
        Ok(true) => {}
        Ok(false) => {
            remove_created(&created_dirs);
            bail!(said);
        }
        Err(error) => {
            remove_created(&created_dirs);
            return Err(match error {
                import::CreateError::Invalid(invalid) => not_written(&args.into, &invalid),
                import::CreateError::Write(error) => error.into(),
            });
        }
    }
    ui::import::print_imported(out, name, &into_name, format, &counts, Some(&header))?;
    Ok(Exit::Success)
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
    if creates(args) {
        let rows = parsed.cards.len() + parsed.skipped.len();
        let source = formats::Source::from(parsed);
        return create_deck(app, args, name, format, source, rows, out, activity);
    }
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
    let Some(target) = &target else {
        // A new deck is written by `create_deck`; here only a dry run plans one.
        bail!("{into} was not written");
    };
    let text = import::apply(
        &plan,
        Some(&target.text),
        &header,
        &import::comment_for(&args.file),
    )?;
    save(&target.path, &text)?;
    activity.finish();
    ui::import::print_imported(out, name, &into_name, format, &counts, None)?;
    Ok(Exit::Success)
}
