//! `recall import`: create or extend a deck from CSV/TSV, Anki, Quizlet or recall JSON, with a
//! preview (`--dry-run`) of what is added, changed and skipped.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use super::App;
use super::Exit;
use super::deck_file::{
    DeckFile, check_id_arg, create_parent, located, open, refuse_taken_id, save, title_from_stem,
};
use crate::app::history;
use crate::authoring::formats::{self, Format, ReadOptions, anki_package};
use crate::authoring::import::{Action, Plan, apply, describe_changes, plan_with_progress};
use crate::authoring::{Field, Header};
use crate::cli::{ImportArgs, ImportFormat};
use crate::deck::{DeckId, suggest_id};
use crate::text::{bounded, sanitize, single_line};
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

/// A note or a reason, which quotes the source (a column's name, a cell): sanitized, on one
/// line and with huge values cut.
fn one_line(text: &str) -> String {
    single_line(&bounded(text))
}

/// One line of text for a preview, shortened.
fn short(text: &str) -> String {
    let line = sanitize(text).replace('\n', " ⏎ ");
    if line.chars().count() > 60 {
        line.chars().take(59).collect::<String>() + "…"
    } else {
        line
    }
}

fn print_plan(out: &mut dyn Write, plan: &Plan, dry_run: bool) -> Result<()> {
    for note in &plan.notes {
        writeln!(out, "note: {}", one_line(note))?;
    }
    for action in &plan.actions {
        match action {
            Action::Add { entry, .. } if dry_run => writeln!(
                out,
                "  add     {:<28} {}",
                entry.id.as_deref().unwrap_or(""),
                short(entry.headline())
            )?,
            Action::Update {
                id, before, after, ..
            } if dry_run => {
                let changes: Vec<String> = describe_changes(before, after)
                    .into_iter()
                    .map(|(field, old, new)| match field {
                        Field::Explain | Field::Source | Field::Text | Field::Question => {
                            field.key().to_owned()
                        }
                        _ => format!("{}: `{}` → `{}`", field.key(), short(&old), short(&new)),
                    })
                    .collect();
                writeln!(out, "  change  {id:<28} {}", changes.join("; "))?;
            }
            Action::Skip { place, reason } => {
                writeln!(out, "  skip    {place}: {}", one_line(reason))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The header of a deck created by the import.
fn new_header(
    args: &ImportArgs,
    parsed_header: Option<Header>,
    title: Option<String>,
) -> Result<Header> {
    let mut header = parsed_header.unwrap_or_default();
    let stem = title_from_stem(&args.file).unwrap_or_default();
    let title = args
        .title
        .clone()
        .or(title)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(stem);
    if args.title.is_some() || header.title.is_empty() {
        title.trim().clone_into(&mut header.title);
    }
    if let Some(id) = &args.id {
        check_id_arg(id)?;
        header.id.clone_from(id);
    } else if header.id.parse::<DeckId>().is_err() {
        header.id = suggest_id(&header.title);
    }
    Ok(header)
}

pub fn run(app: &App, args: &ImportArgs, out: &mut dyn Write) -> Result<Exit> {
    let name = args.file.display().to_string();
    // An Anki package (a zip archive) may hold a large collection and its media.
    // Only a regular file is peeked at (opening a FIFO would wait for a writer); anything else
    // is refused by the read below.
    let regular = std::fs::metadata(&args.file).is_ok_and(|m| m.is_file());
    let is_zip = regular
        && std::fs::File::open(&args.file)
            .and_then(|mut file| {
                let mut magic = [0u8; 4];
                std::io::Read::read_exact(&mut file, &mut magic)
                    .map(|()| anki_package::is_package(&magic))
            })
            .unwrap_or(false);
    let limit = if is_zip {
        crate::input::Limit {
            bytes: anki_package::MAX_PACKAGE,
            what: "Anki packages",
        }
    } else {
        crate::input::Limit::SOURCE
    };
    let mut activity = app.activity();
    activity.stage(&format!("reading {}", clean(&name)), None);
    let bytes = crate::input::read(&args.file, limit)?;
    if anki_package::is_package(&bytes) {
        activity.stage(&format!("unpacking {}", clean(&name)), None);
        let package = anki_package::read(&bytes)
            .map_err(|error| located(&name, error.position(), &error, &error.hint()))?;
        let (cards, answers) = history::countable(&package.histories);
        let exit = write_deck(
            &app.cwd,
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
                writeln!(
                    out,
                    "review history: {} answers of {} cards brought in for profile `{}`{}{}{}",
                    report.answers,
                    report.cards,
                    app.profile,
                    if report.from_sm2 > 0 {
                        format!(
                            "; {} started from their SM-2 interval and ease (their log does not reach back to their learning)",
                            report.from_sm2
                        )
                    } else {
                        String::new()
                    },
                    if report.kept > 0 {
                        format!(
                            "; {} already had a history in recall and kept it",
                            report.kept
                        )
                    } else {
                        String::new()
                    },
                    if report.without_answers > 0 {
                        format!(
                            "; {} had no answers and start as new",
                            report.without_answers
                        )
                    } else {
                        String::new()
                    },
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
    write_deck(&app.cwd, args, &name, format, parsed, out, activity)
}

/// Plans the import of `parsed` into the deck file, prints the plan, and writes it (unless a
/// dry run).
fn write_deck(
    cwd: &Path,
    args: &ImportArgs,
    name: &str,
    format: Format,
    parsed: formats::Parsed,
    out: &mut dyn Write,
    mut activity: Activity,
) -> Result<Exit> {
    let name = name.to_owned();
    activity.stage(
        &format!("planning the import into {}", args.into.display()),
        None,
    );
    let target: Option<DeckFile> = if args.into.exists() {
        Some(open(&args.into)?)
    } else {
        None
    };
    let header = match &target {
        Some(_) => Header::default(),
        None => new_header(args, parsed.header.clone(), parsed.title.clone())?,
    };
    if target.is_none() {
        let from_file = parsed
            .header
            .as_ref()
            .is_some_and(|header| header.id.parse::<DeckId>().is_ok());
        let named_after = match (&args.id, from_file) {
            (Some(_), _) => None,
            (None, true) => Some(format!("from {name}")),
            (None, false) => Some(format!("named after {name}")),
        };
        refuse_taken_id(cwd, &args.into, &header.id, named_after.as_deref())?;
    }
    let rows = parsed.cards.len() as u64;
    activity.stage("planning the rows", Some(rows));
    let plan = plan_with_progress(
        target.as_ref().map(|t| &t.deck),
        format,
        parsed,
        &args.tags,
        &mut |done, _| activity.advance(done as u64),
    );
    let counts = plan.counts();
    activity.finish();
    print_plan(out, &plan, args.dry_run)?;
    let into = args.into.display();
    let summary = format!(
        "{} added, {} changed, {} unchanged, {} skipped",
        counts.added, counts.changed, counts.unchanged, counts.skipped
    );
    if args.dry_run {
        writeln!(
            out,
            "dry run ({format}) into {into}: would be {summary}; nothing written"
        )?;
        return Ok(Exit::Success);
    }
    if args.strict && counts.skipped > 0 {
        writeln!(out, "{summary}")?;
        bail!(
            "{} rows would be skipped and --strict is set; nothing was written",
            counts.skipped
        );
    }
    if target.is_none() && counts.added == 0 {
        bail!("no card in {name} could be imported, so {into} was not created");
    }
    if !plan.changes_anything() {
        writeln!(
            out,
            "imported {name} ({format}) into {into}: {summary}; nothing to change"
        )?;
        return Ok(Exit::Success);
    }
    let comment = format!(
        "Imported from {} by `recall import`. `recall check` lists what each card still lacks.",
        args.file
            .file_name()
            .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned())
    );
    // Import prints for people only, so the display is always allowed here.
    let mut activity = Activity::new(true, crate::ui::unicode_supported());
    activity.stage(&format!("writing {}", args.into.display()), None);
    let text = apply(
        &plan,
        target.as_ref().map(|t| t.text.as_str()),
        &header,
        &comment,
    )?;
    if target.is_none() {
        create_parent(&args.into)?;
    }
    save(Path::new(&args.into), &text)?;
    activity.finish();
    writeln!(out, "imported {name} ({format}) into {into}: {summary}")?;
    if target.is_none() {
        writeln!(
            out,
            "created the deck `{}` (\"{}\")",
            header.id,
            sanitize(&header.title)
        )?;
    }
    Ok(Exit::Success)
}
