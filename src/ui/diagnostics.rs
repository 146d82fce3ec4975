//! Diagnostics as `recall check` prints them: `file:line:column: error[code]: message` with its
//! hint, coloured when colours are on, or as the elements of one JSON array.

use std::io::Write;

use anyhow::Result;
use console::style;

use crate::deck::{Diagnostic, Severity};

/// Prints one diagnostic as text.
pub fn print_diagnostic(out: &mut dyn Write, d: &Diagnostic) -> Result<()> {
    let severity = match d.severity {
        Severity::Error => style(format!("error[{}]", d.code)).red().bold(),
        Severity::Warning => style(format!("warning[{}]", d.code)).yellow().bold(),
        Severity::Note => style(format!("note[{}]", d.code)).cyan().bold(),
    };
    // Messages quote deck text (key names, ids): sanitized, on one line and cut to a readable
    // length before they reach the terminal.
    let shown = d.shown();
    let location = style(format!("{}:{}:{}", shown.file, d.line, d.column)).bold();
    writeln!(out, "{location}: {severity}: {}", shown.message)?;
    if let Some(hint) = &shown.hint {
        writeln!(out, "  {} {hint}", style("hint:").cyan())?;
    }
    Ok(())
}

/// Prints diagnostics as they are found (text, or the elements of one JSON array), counting
/// them by severity, so that no list of them is held.
pub struct Printer<'a> {
    out: &'a mut dyn Write,
    json: bool,
    /// Errors, warnings and notes printed.
    pub counts: [usize; 3],
}

impl std::fmt::Debug for Printer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Printer")
            .field("json", &self.json)
            .field("counts", &self.counts)
            .finish_non_exhaustive()
    }
}

impl<'a> Printer<'a> {
    /// A printer of text, or of a JSON array when `json`.
    pub fn new(out: &'a mut dyn Write, json: bool) -> Printer<'a> {
        Printer {
            out,
            json,
            counts: [0; 3],
        }
    }

    /// Whether nothing was printed yet.
    pub fn is_empty(&self) -> bool {
        self.counts.iter().sum::<usize>() == 0
    }

    pub fn print(&mut self, diagnostic: &Diagnostic) -> Result<()> {
        let first = self.is_empty();
        self.counts[match diagnostic.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Note => 2,
        }] += 1;
        if !self.json {
            return print_diagnostic(self.out, diagnostic);
        }
        // Laid out as `crate::json` lays out the whole array.
        let element = crate::json::to_string(diagnostic)?;
        writeln!(self.out, "{}", if first { "[" } else { "," })?;
        for (n, line) in element.lines().enumerate() {
            if n > 0 {
                writeln!(self.out)?;
            }
            write!(self.out, "  {line}")?;
        }
        Ok(())
    }

    /// Writes out what was printed so far (at the end of a file's findings).
    pub fn flush(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }

    /// Closes the JSON array; gives the output back for the summary.
    pub fn finish(self) -> Result<&'a mut dyn Write> {
        if self.json {
            if self.is_empty() {
                writeln!(self.out, "[]")?;
            } else {
                writeln!(self.out, "\n]")?;
            }
        }
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(severity: Severity, code: &'static str) -> Diagnostic {
        Diagnostic {
            file: "d.toml".into(),
            line: 3,
            column: 7,
            severity,
            code,
            message: "a message".into(),
            hint: (severity == Severity::Error).then(|| "a hint".into()),
        }
    }

    #[test]
    fn printers_count_by_severity_in_text_and_json() {
        let e = found(Severity::Error, "e");
        let w = found(Severity::Warning, "w");
        let n = found(Severity::Note, "n");
        // (json, diagnostics, output, counts)
        let cases: [(bool, Vec<&Diagnostic>, &str, [usize; 3]); 4] = [
            (false, vec![], "", [0, 0, 0]),
            (
                false,
                vec![&e, &n],
                "d.toml:3:7: error[e]: a message\n  hint: a hint\nd.toml:3:7: note[n]: a message\n",
                [1, 0, 1],
            ),
            (true, vec![], "[]\n", [0, 0, 0]),
            (
                true,
                vec![&w, &w],
                "[\n  {\n    \"file\": \"d.toml\",\n    \"line\": 3,\n    \"column\": 7,\n    \
                 \"severity\": \"warning\",\n    \"code\": \"w\",\n    \"message\": \"a message\"\n  },\n  \
                 {\n    \"file\": \"d.toml\",\n    \"line\": 3,\n    \"column\": 7,\n    \
                 \"severity\": \"warning\",\n    \"code\": \"w\",\n    \"message\": \"a message\"\n  }\n]\n",
                [0, 2, 0],
            ),
        ];
        for (json, diagnostics, expected, counts) in cases {
            let mut out = Vec::new();
            let mut printer = Printer::new(&mut out, json);
            for d in diagnostics {
                printer.print(d).expect("printed");
            }
            assert_eq!(printer.counts, counts);
            printer.finish().expect("closed");
            assert_eq!(String::from_utf8(out).expect("UTF-8"), expected);
        }
    }
}
