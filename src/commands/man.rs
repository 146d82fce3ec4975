//! `recall man`: manual pages made from the same command definition as `--help` (`clap_mangen`),
//! so they never drift from it. `recall man` prints recall(1), `recall man study` prints
//! recall-study(1), `recall man --out DIR` writes them all.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};
use clap_mangen::Man;

use super::{App, Exit};
use crate::app::UsageError;
use crate::cli::ManArgs;

pub fn run(_app: &App, args: &ManArgs, out: &mut dyn Write) -> Result<Exit> {
    let mut command = crate::cli::command();
    command.build();
    if let Some(dir) = &args.out {
        let written = write_all(&command, dir)?;
        writeln!(
            out,
            "wrote {written} manual pages to {} (read one with `man recall`, once that \
             directory is on MANPATH, or `man -l {}`)",
            dir.display(),
            dir.join("recall.1").display()
        )?;
        return Ok(Exit::Success);
    }
    let page = match &args.command {
        None => command,
        Some(name) => command.find_subcommand(name).cloned().ok_or_else(|| {
            UsageError(format!("no command `{name}`; `recall --help` lists them"))
        })?,
    };
    let mut text = Vec::new();
    page_of(page).render(&mut text)?;
    out.write_all(&text)?;
    Ok(Exit::Success)
}

/// A command's page: recall(1), or recall-study(1) for a subcommand (its name as clap built it,
/// `recall study`, with a dash).
struct Page {
    man: Man,
    /// `study`, or `None` for recall itself.
    command: Option<String>,
}

fn page_of(command: clap::Command) -> Page {
    let name = command
        .get_bin_name()
        .unwrap_or_else(|| command.get_name())
        .replace(' ', "-");
    let sub = name.strip_prefix("recall-").map(ToOwned::to_owned);
    // The text after the options is written as the page's own sections (EXAMPLES, FILES).
    let command = command
        .display_name(name.clone())
        .after_help(None::<&str>)
        .after_long_help(None::<&str>);
    let man = Man::new(command)
        .title(name.to_uppercase())
        .manual("recall manual")
        .source(format!("recall {}", env!("CARGO_PKG_VERSION")));
    Page { man, command: sub }
}

impl Page {
    fn filename(&self) -> String {
        self.man.get_filename()
    }

    /// The page: `clap_mangen`'s sections, then EXAMPLES (a subcommand) or FILES and SEE ALSO
    /// (recall itself).
    fn render(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let man = &self.man;
        man.render_title(out)?;
        man.render_name_section(out)?;
        man.render_synopsis_section(out)?;
        man.render_description_section(out)?;
        man.render_options_section(out)?;
        if let Some(name) = &self.command {
            let examples = crate::cli::examples(name);
            if !examples.is_empty() {
                writeln!(out, ".SH EXAMPLES")?;
                for (what, line) in examples {
                    writeln!(out, ".TP\n{}\n\\fB{}\\fR", roff(what), roff(line))?;
                }
            }
            writeln!(out, ".SH \"SEE ALSO\"\n\\fBrecall\\fR(1)")?;
        } else {
            man.render_subcommands_section(out)?;
            writeln!(out, ".SH FILES")?;
            for line in crate::cli::ROOT_NOTES.lines() {
                writeln!(out, "{}\n.br", roff(line.trim()))?;
            }
        }
        man.render_version_section(out)
    }
}

/// Text made safe for roff: backslashes and dashes escaped, no line starting with a control
/// character.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// Writes recall.1 and a page per command (hidden ones aside) into `dir`; returns how many.
fn write_all(command: &clap::Command, dir: &Path) -> Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut pages = vec![command.clone()];
    pages.extend(
        command
            .get_subcommands()
            .filter(|sub| !sub.is_hide_set())
            .cloned(),
    );
    for page in &pages {
        let page = page_of(page.clone());
        let path = dir.join(page.filename());
        let mut text = Vec::new();
        page.render(&mut text)?;
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(pages.len())
}

#[cfg(test)]
mod tests {
    use super::roff;

    #[test]
    fn text_is_escaped_for_roff() {
        assert_eq!(roff("recall study --flip"), "recall study \\-\\-flip");
        assert_eq!(roff(".hidden"), "\\&.hidden");
        assert_eq!(roff("a\\b"), "a\\eb");
    }
}
