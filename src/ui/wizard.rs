//! The `recall add` wizard's conversation: dialoguer prompts for each field of a card, checked
//! as they are entered with the same rules as `recall check` (`authoring::wizard`).

use std::io::Write;

use anyhow::Result;
use console::{Term, style};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, Select};

use super::clean;
use crate::authoring::wizard::{self, Findings};
use crate::authoring::{Entry, Field};
use crate::deck::{Kind, Origin};

/// Asks for every field not in `given` (and the kind when `ask_kind`), re-asking a field until
/// it passes the deck rules. `deck_text` and `origin` are the deck the card will join.
pub fn ask_fields(
    deck_text: &str,
    origin: &Origin,
    entry: &mut Entry,
    given: &mut Vec<Field>,
    ask_kind: bool,
) -> Result<()> {
    let theme = ColorfulTheme::default();
    let term = Term::stderr();
    if ask_kind {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        let chosen = Select::with_theme(&theme)
            .with_prompt("Kind of card")
            .items(&names)
            .default(0)
            .interact()?;
        entry.kind = Kind::ALL[chosen];
    }
    for field in wizard::steps(entry.kind) {
        if given.contains(&field) {
            continue;
        }
        given.push(field);
        loop {
            let prompt = wizard::prompt(entry.kind, field);
            let typed: String = Input::<String>::with_theme(&theme)
                .with_prompt(prompt)
                .allow_empty(!wizard::required(entry.kind, field))
                .report(false)
                .interact_text()?;
            report(&term, prompt, &typed)?;
            if let Err(problem) = wizard::set_from_input(entry, field, &typed) {
                eprintln!("  {problem}");
                continue;
            }
            wizard::complete(entry, field);
            let findings = wizard::check(deck_text, origin, entry, given, Some(field));
            if findings.is_ok() {
                for warning in &findings.warnings {
                    eprintln!("  note: {}", clean(&warning.diagnostic.message));
                }
                break;
            }
            for error in &findings.errors {
                eprintln!("  {}", clean(&error.diagnostic.message));
                if let Some(hint) = &error.diagnostic.hint {
                    eprintln!("  hint: {}", clean(hint));
                }
            }
        }
    }
    Ok(())
}

/// Replaces what dialoguer left of an answered prompt with one tidy line per answer. An
/// answer longer than the terminal wraps; dialoguer clears only the last of its rows, so the
/// rows above are cleared here, then the answer is written again broken between words.
fn report(term: &Term, prompt: &str, typed: &str) -> std::io::Result<()> {
    let columns = usize::from(term.size().1).max(20);
    let asked = console::measure_text_width(&format!("? {prompt} › {typed}"));
    let rows = asked.div_ceil(columns).max(1);
    term.clear_last_lines(rows.saturating_sub(1))?;
    let done = format!("{} {prompt} · {}", style("✔").green(), clean(typed));
    let mut first = true;
    for line in super::wrap(&done, columns.saturating_sub(3)) {
        let indent = if first { "" } else { "  " };
        first = false;
        term.write_line(&format!("{indent}{line}"))?;
    }
    Ok(())
}

/// Shows the card as it will be written.
pub fn show(entry: &Entry) {
    eprintln!("\n{}", clean(&wizard::preview(entry)));
}

/// Prints findings as `check` would, but located by what `name` calls the field (a flag, or the
/// field's key) they are about rather than by a line of a file that does not exist yet.
pub fn report_findings(findings: &Findings, name: fn(Field) -> String) -> Result<()> {
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

/// Asks a yes/no question (yes by default).
pub fn confirm(question: &str) -> Result<bool> {
    Ok(Confirm::with_theme(&ColorfulTheme::default())
        .with_prompt(question)
        .default(true)
        .interact()?)
}
