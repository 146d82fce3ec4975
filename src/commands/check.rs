//! `recall check`: validate decks, print every diagnostic and a one-line summary.

use std::io::Write;

use anyhow::Result;
use console::style;

use super::{App, load_decks};
use crate::Exit;
use crate::cli::{CheckArgs, CheckFormat};
use crate::deck::{Diagnostic, Severity};

pub fn run(app: &App, args: &CheckArgs, out: &mut dyn Write) -> Result<Exit> {
    let loaded = load_decks(&args.paths, &app.cwd);
    let mut diagnostics = loaded.diagnostics;
    if loaded.files == 0 && diagnostics.is_empty() {
        let place = args
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        diagnostics.push(Diagnostic {
            file: place,
            line: 1,
            column: 1,
            severity: Severity::Error,
            code: "not-found",
            message: "no deck files (*.toml) found".into(),
            hint: Some("pass a deck file or a directory containing decks".into()),
        });
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let cards: usize = loaded.decks.iter().map(|d| d.notes.len()).sum();

    match args.format {
        CheckFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &diagnostics)?;
            writeln!(out)?;
        }
        CheckFormat::Text => {
            for diagnostic in &diagnostics {
                print_diagnostic(out, diagnostic)?;
            }
            let summary = format!(
                "{} {}, {} {}: {} {}, {} {}",
                loaded.files,
                plural(loaded.files, "deck", "decks"),
                cards,
                plural(cards, "card", "cards"),
                errors,
                plural(errors, "error", "errors"),
                warnings,
                plural(warnings, "warning", "warnings"),
            );
            writeln!(out, "{summary}")?;
        }
    }
    let failed = errors > 0 || (args.strict && warnings > 0);
    Ok(if failed { Exit::Failure } else { Exit::Success })
}

fn print_diagnostic(out: &mut dyn Write, d: &Diagnostic) -> Result<()> {
    let severity = match d.severity {
        Severity::Error => style(format!("error[{}]", d.code)).red().bold(),
        Severity::Warning => style(format!("warning[{}]", d.code)).yellow().bold(),
    };
    let location = style(format!("{}:{}:{}", d.file, d.line, d.column)).bold();
    writeln!(out, "{location}: {severity}: {}", d.message)?;
    if let Some(hint) = &d.hint {
        writeln!(out, "  {} {hint}", style("hint:").cyan())?;
    }
    Ok(())
}

pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
