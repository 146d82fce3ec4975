//! `recall add`: append a card to a deck. With the required fields as flags it runs without a
//! question; otherwise, on a terminal, a wizard asks for each field, checks it with the deck
//! rules as it goes, shows the card and asks before appending. The deck's existing text stays
//! byte for byte as it was.

use std::io::{IsTerminal, Write};

use anyhow::{Result, bail};

use super::deck_file::{open, save};
use super::{App, Exit};
use crate::app::UsageError;
use crate::authoring::edit::append_cards;
use crate::authoring::wizard;
use crate::authoring::{Entry, Field, FieldValue};
use crate::cli::AddArgs;
use crate::text::plural;
use crate::ui::wizard as ui;

/// The flag that sets a field: `--` and its key, but one choice or tag at a time.
fn flag(field: Field) -> String {
    match field {
        Field::Choices => "--choice".to_owned(),
        Field::Tags => "--tag".to_owned(),
        other => format!("--{}", other.key()),
    }
}

/// The card the flags describe, and the fields they gave.
fn from_flags(args: &AddArgs) -> (Entry, Vec<Field>) {
    let mut entry = Entry {
        kind: args.kind.unwrap_or_default(),
        id: args.id.clone(),
        ..Entry::default()
    };
    let mut given = Vec::new();
    let texts = [
        (Field::Question, &args.question),
        (Field::Answer, &args.answer),
        (Field::Text, &args.text),
        (Field::Hint, &args.hint),
        (Field::Explain, &args.explain),
        (Field::Source, &args.source),
    ];
    for (field, value) in texts {
        if let Some(value) = value {
            let _ = wizard::set_from_input(&mut entry, field, value);
            given.push(field);
        }
    }
    let lists = [
        (Field::Accept, &args.accept),
        (Field::Choices, &args.choices),
        (Field::Tags, &args.tags),
    ];
    for (field, list) in lists {
        if !list.is_empty() {
            let trimmed = list.iter().map(|value| value.trim().to_owned()).collect();
            entry.set(field, FieldValue::List(trimmed));
            given.push(field);
        }
    }
    if args.tolerance.is_some() {
        entry.tolerance = args.tolerance;
        given.push(Field::Tolerance);
    }
    (entry, given)
}

pub fn run(_app: &App, args: &AddArgs, out: &mut dyn Write) -> Result<Exit> {
    let deck = open(&args.path)?;
    let (mut entry, mut given) = from_flags(args);
    let missing = wizard::missing(&entry, &given);
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let interactive = !missing.is_empty();
    if interactive && (args.no_input || !terminal) {
        let names: Vec<String> = missing.iter().map(|&f| flag(f)).collect();
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
    // The wizard: the terminal asks for every field the flags did not give, checking each as
    // it is entered; then the whole card is checked, shown, and confirmed.
    if interactive {
        let origin = deck.origin();
        ui::ask_fields(
            &deck.text,
            &origin,
            &mut entry,
            &mut given,
            args.kind.is_none(),
        )?;
    }
    wizard::assign_id(&deck.deck, &mut entry);
    let findings = wizard::check(&deck.text, &deck.origin(), &entry, &given, None);
    if interactive {
        ui::show(&entry);
        ui::report_findings(&findings, |field| field.key().to_owned())?;
    } else {
        ui::report_findings(&findings, flag)?;
    }
    if !findings.is_ok() {
        bail!("the card is not valid; nothing was added");
    }
    if interactive
        && !args.yes
        && !ui::confirm(&format!("Append this card to {}?", deck.path.display()))?
    {
        writeln!(out, "nothing was added")?;
        return Ok(Exit::Success);
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
