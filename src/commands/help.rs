//! `recall help [COMMAND|TOPIC]`: a command's full help (as `recall COMMAND --help`), or a page
//! of the documentation built into recall (`recall help deck-format`), or the overview.

use std::io::Write;

use anyhow::Result;

use super::{App, Exit};
use crate::app::UsageError;
use crate::cli::{HelpArgs, TOPICS};

pub fn run(app: &App, args: &HelpArgs, out: &mut dyn Write) -> Result<Exit> {
    let mut command = crate::cli::command();
    command.build();
    let Some(name) = &args.topic else {
        write_help(out, &command.render_long_help(), app.color)?;
        writeln!(out, "\nHelp topics (recall help TOPIC):")?;
        for topic in TOPICS {
            writeln!(out, "  {:<14} {}", topic.name, topic.summary)?;
        }
        return Ok(Exit::Success);
    };
    if let Some(topic) = TOPICS.iter().find(|topic| topic.name == name.as_str()) {
        out.write_all(topic.text.as_bytes())?;
        return Ok(Exit::Success);
    }
    if let Some(sub) = command.find_subcommand_mut(name) {
        write_help(out, &sub.render_long_help(), app.color)?;
        return Ok(Exit::Success);
    }
    let commands: Vec<&str> = command
        .get_subcommands()
        .map(clap::Command::get_name)
        .collect();
    let topics: Vec<&str> = TOPICS.iter().map(|topic| topic.name).collect();
    let mut known = commands.clone();
    known.extend(&topics);
    let hint = crate::deck::did_you_mean(name, &known)
        .map_or_else(String::new, |close| format!("; did you mean `{close}`?"));
    Err(UsageError(format!(
        "no command or help topic `{name}`{hint} (topics: {})",
        topics.join(", ")
    ))
    .into())
}

/// Help text, styled only when colours are on.
fn write_help(out: &mut dyn Write, help: &clap::builder::StyledStr, color: bool) -> Result<()> {
    if color {
        write!(out, "{}", help.ansi())?;
    } else {
        write!(out, "{help}")?;
    }
    Ok(())
}
