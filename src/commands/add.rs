//! `recall add`: append a card to a deck. With the required fields as flags it runs without a
//! question; otherwise, on a terminal, a wizard asks for each field, checks it with the deck
//! rules as it goes, shows the card and asks before appending. The deck's existing text stays
//! byte for byte as it was.

use std::io::{IsTerminal, Write};

use anyhow::{Result, bail};

use super::App;
use super::Exit;
use super::deck_file::{DeckFile, open, save};
use crate::app::UsageError;
use crate::authoring::edit::append_cards;
use crate::authoring::ids::IdAllocator;
use crate::authoring::wizard::{self, Findings};
use crate::authoring::{Entry, Field};
use crate::cli::AddArgs;
use crate::text::plural;

/// The flag that sets a field.
fn flag(field: Field) -> &'static str {
    match field {
        Field::Id => "--id",
        Field::Kind => "--kind",
        Field::Question => "--question",
        Field::Answer => "--answer",
        Field::Accept => "--accept",
        Field::Choices => "--choice",
        Field::Tolerance => "--tolerance",
        Field::Text => "--text",
        Field::Hint => "--hint",
        Field::Explain => "--explain",
        Field::Source => "--source",
        Field::Tags => "--tag",
    }
}

/// The card the flags describe, and the fields they gave.
fn from_flags(args: &AddArgs) -> (Entry, Vec<Field>) {
    let mut entry = Entry {
        kind: args.kind.unwrap_or_default(),
        ..Entry::default()
    };
    let mut given = Vec::new();
    let mut text = |field: Field, value: &Option<String>, entry: &mut Entry| {
        if let Some(value) = value {
            let _ = wizard::set_from_input(entry, field, value);
            given.push(field);
        }
    };
    text(Field::Question, &args.question, &mut entry);
    text(Field::Answer, &args.answer, &mut entry);
    text(Field::Text, &args.text, &mut entry);
    text(Field::Hint, &args.hint, &mut entry);
    text(Field::Explain, &args.explain, &mut entry);
    text(Field::Source, &args.source, &mut entry);
    if !args.accept.is_empty() {
        entry.accept = args.accept.iter().map(|a| a.trim().to_owned()).collect();
        given.push(Field::Accept);
    }
    if !args.choices.is_empty() {
        entry.choices = args.choices.iter().map(|c| c.trim().to_owned()).collect();
        given.push(Field::Choices);
    }
    if !args.tags.is_empty() {
        entry.tags = args.tags.iter().map(|t| t.trim().to_owned()).collect();
        given.push(Field::Tags);
    }
    if args.tolerance.is_some() {
        entry.tolerance = args.tolerance;
        given.push(Field::Tolerance);
    }
    entry.id.clone_from(&args.id);
    (entry, given)
}

fn missing(entry: &Entry, given: &[Field]) -> Vec<Field> {
    [Field::Question, Field::Answer, Field::Text, Field::Choices]
        .into_iter()
        .filter(|&f| wizard::required(entry.kind, f) && !given.contains(&f))
        .collect()
}

/// Prints findings as `check` would, but located by the flag (or field) they are about rather
/// than by a line of a file that does not exist yet.
fn report(findings: &Findings, name: fn(Field) -> String) -> Result<()> {
    let mut stderr = std::io::stderr().lock();
    for finding in findings.errors.iter().chain(&findings.warnings) {
        let d = &finding.diagnostic;
        let shown = d.shown();
        let place = finding.field.map_or_else(|| "the card".to_owned(), name);
        writeln!(
            stderr,
            "{place}: {}[{}]: {}",
            d.severity, d.code, shown.message
        )?;
        if let Some(hint) = &shown.hint {
            writeln!(stderr, "  hint: {hint}")?;
        }
    }
    Ok(())
}

fn flag_name(field: Field) -> String {
    flag(field).to_owned()
}

fn field_name(field: Field) -> String {
    field.key().to_owned()
}

pub fn run(_app: &App, args: &AddArgs, out: &mut dyn Write) -> Result<Exit> {
    let deck = open(&args.path)?;
    let (mut entry, mut given) = from_flags(args);
    let missing = missing(&entry, &given);
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let interactive = !missing.is_empty();
    if interactive && (args.no_input || !terminal) {
        let names: Vec<&str> = missing.iter().map(|&f| flag(f)).collect();
        return Err(UsageError(format!(
            "missing {}; {} so `recall add` cannot ask for {}",
            names.join(" and "),
            if args.no_input {
                "--no-input is set,"
            } else {
                "standard input is not a terminal,"
            },
            plural(names.len(), "it", "them"),
        ))
        .into());
    }
    if interactive {
        let confirmed = ask(&deck, &mut entry, &mut given, args)?;
        if !confirmed {
            writeln!(out, "nothing was added")?;
            return Ok(Exit::Success);
        }
    } else {
        assign_id(&deck, &mut entry);
        let findings = wizard::check(&deck.text, &deck.origin(), &entry, &given, None);
        report(&findings, flag_name)?;
        if !findings.is_ok() {
            bail!("the card is not valid; nothing was added");
        }
    }
    let text = append_cards(&deck.text, std::slice::from_ref(&entry))?;
    save(&deck.path, &text)?;
    writeln!(
        out,
        "added the card `{}` to {}",
        entry.id.as_deref().unwrap_or(""),
        deck.path.display()
    )?;
    Ok(Exit::Success)
}

/// Gives the card an id derived from its question when it has none.
fn assign_id(deck: &DeckFile, entry: &mut Entry) {
    if entry.id.is_none() {
        let mut ids = IdAllocator::new(deck.deck.notes.iter().map(|n| n.id.to_string()));
        entry.id = Some(ids.allocate(entry.basis()));
    }
}

/// The wizard: the terminal asks for every field the flags did not give, checking each as it
/// is entered; then the whole card is checked, shown, and confirmed. Returns whether the author
/// confirmed the card.
fn ask(deck: &DeckFile, entry: &mut Entry, given: &mut Vec<Field>, args: &AddArgs) -> Result<bool> {
    crate::ui::wizard::ask_fields(
        &deck.text,
        &deck.origin(),
        entry,
        given,
        args.kind.is_none(),
    )?;
    assign_id(deck, entry);
    let findings = wizard::check(&deck.text, &deck.origin(), entry, given, None);
    crate::ui::wizard::show(entry);
    report(&findings, field_name)?;
    if !findings.is_ok() {
        bail!("the card is not valid; nothing was added");
    }
    if args.yes {
        return Ok(true);
    }
    crate::ui::wizard::confirm(&format!("Append this card to {}?", deck.path.display()))
}
