//! `recall import`: create or extend a deck from CSV/TSV, Anki, Quizlet or recall JSON, with a
//! preview (`--dry-run`) of what is added, changed and skipped.

use std::io::Write;

use anyhow::{Result, bail};

use super::deck_file::{DeckFile, check_id_arg, create_parent, located, open, refuse_taken_id};
use super::deck_file::{print_diagnostics, save, title_from_stem};
use super::{App, Exit};
use crate::app::history;
use crate::authoring::Header;
use crate::authoring::formats::{self, Format, ReadOptions, anki_package};
use crate::authoring::import::{self as import, Decision, decide, plan_with_progress};
use crate::cli::{ImportArgs, ImportFormat};
use crate::text::sanitize;
use crate::ui::clean;
use crate::ui::progress::Activity;

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
        if answers == 0 {
            writeln!(out, "{} holds no review history", package.collection)?;
        } else if args.dry_run {
            writeln!(
                out,
                "would bring the review history of {cards} cards ({answers} answers) into profile `{}`",
                app.profile
            )?;
        } else if exit == Exit::Success {
            let (mut store, decks) = super::decks::open(app, &[args.into.display().to_string()])?;
            if let Some(deck) = decks.first() {
                let mut activity = app.activity();
                let report = history::import(
                    &mut store,
                    &app.scope(),
                    deck,
                    &package.histories,
                    &mut activity,
                )?;
                drop(activity);
                let clause = |n: usize, text: &str| {
                    if n > 0 {
                        format!("; {n} {text}")
                    } else {
                        String::new()
                    }
                };
                writeln!(
                    out,
                    "review history: {} answers of {} cards brought in for profile `{}`{}{}{}",
                    report.answers,
                    report.cards,
                    app.profile,
                    clause(
                        report.from_sm2,
                        "started from their SM-2 interval and ease (their log does not reach back to their learning)"
                    ),
                    clause(report.kept, "already had a history in recall and kept it"),
                    clause(report.without_answers, "had no answers and start as new"),
                )?;
                writeln!(out, "`recall optimize` fits the scheduler to it")?;
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
    let target: Option<DeckFile> = if args.into.exists() {
        Some(open(&args.into)?)
    } else {
        None
    };
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
    let summary = format!(
        "{} added, {} changed, {} unchanged, {} skipped",
        counts.added, counts.changed, counts.unchanged, counts.skipped
    );
    match decide(&plan, target.is_none(), args.dry_run, args.strict) {
        Decision::DryRun => {
            writeln!(
                out,
                "dry run ({format}) into {into}: would be {summary}; nothing written"
            )?;
            return Ok(Exit::Success);
        }
        Decision::SkipsRefused => {
            writeln!(out, "{summary}")?;
            bail!(
                "{} rows would be skipped and --strict is set; nothing was written",
                counts.skipped
            );
        }
        Decision::NothingImported => {
            bail!("no card in {name} could be imported, so {into} was not created")
        }
        Decision::NothingToChange => {
            writeln!(
                out,
                "imported {name} ({format}) into {into}: {summary}; nothing to change"
            )?;
            return Ok(Exit::Success);
        }
        Decision::Write => {}
    }
    let file = args
        .file
        .file_name()
        .map_or_else(|| name.to_owned(), |n| n.to_string_lossy().into_owned());
    // Import prints for people only, so the display is always allowed here.
    let mut activity = Activity::new(true, crate::ui::unicode_supported());
    activity.stage(&format!("writing {into}"), None);
    let comment = import::comment(&file);
    match &target {
        Some(target) => {
            let text = import::apply(&plan, Some(&target.text), &header, &comment)?;
            save(&target.path, &text)?;
        }
        None => {
            create_parent(&args.into)?;
            match import::create(&args.into, &plan, &header, &comment) {
                Ok(()) => {}
                Err(import::CreateError::Invalid(invalid)) => {
                    print_diagnostics(&invalid.0)?;
                    bail!(
                        "the result would not be a valid deck, so {} was left as it was",
                        args.into.display()
                    );
                }
                Err(import::CreateError::Write(error)) => return Err(error.into()),
            }
        }
    }
    activity.finish();
    writeln!(out, "imported {name} ({format}) into {into}: {summary}")?;
    if target.is_none() {
        let title = sanitize(&header.title);
        writeln!(out, "created the deck `{}` (\"{title}\")", header.id)?;
    }
    Ok(Exit::Success)
}
