//! Manual pages (`recall man`): `clap_mangen`'s sections of a command, then its EXAMPLES, or
//! recall's FILES and SEE ALSO, in roff.

use std::io::Write;

use clap_mangen::Man;

/// A command's page: recall(1), or recall-study(1) for a subcommand (its name as clap built it,
/// `recall study`, with a dash).
pub struct Page {
    man: Man,
    /// `study`, or `None` for recall itself.
    command: Option<String>,
}

impl std::fmt::Debug for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Page")
            .field("command", &self.command)
            .finish_non_exhaustive()
    }
}

impl Page {
    /// The page of `command` (recall's own, or a subcommand's as clap built it).
    pub fn new(command: clap::Command) -> Page {
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

    /// `recall-study.1`.
    pub fn filename(&self) -> String {
        self.man.get_filename()
    }

    /// The page: `clap_mangen`'s sections, then EXAMPLES (a subcommand) or FILES and SEE ALSO
    /// (recall itself). `examples` gives a subcommand's examples (what, command line); `notes` are recall's
    /// FILES lines.
    pub fn render(
        &self,
        examples: fn(&str) -> &'static [(&'static str, &'static str)],
        notes: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let man = &self.man;
        man.render_title(out)?;
        man.render_name_section(out)?;
        man.render_synopsis_section(out)?;
        man.render_description_section(out)?;
        man.render_options_section(out)?;
        if let Some(name) = &self.command {
            let examples = examples(name);
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
            for line in notes.lines() {
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
