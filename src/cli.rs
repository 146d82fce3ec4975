//! Command-line interface: clap derive types only, no behaviour. Parsed once in `lib.rs` and
//! handed to `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::time::Timestamp;

/// recall: study TOML flashcard decks in the terminal, with typed answers checked forgivingly,
/// FSRS spaced repetition, and classroom drills.
#[derive(Debug, Parser)]
#[command(name = "recall", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Decks: explicit paths, else ./decks, else the decks built into recall.\n\
                        Data: --data-dir, $RECALL_DATA_DIR, else the platform data directory."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command understands.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Where progress is stored [default: ~/.local/share/recall]
    #[arg(long, global = true, env = "RECALL_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Whose progress to use: several learners can share one machine
    #[arg(long, global = true, env = "RECALL_PROFILE", default_value = "default", value_parser = parse_profile)]
    pub profile: String,

    /// Pretend the clock reads this time (RFC 3339), for testing and time travel
    #[arg(long, global = true, env = "RECALL_NOW", value_name = "RFC3339")]
    pub now: Option<Timestamp>,

    /// When to use colours (`NO_COLOR` is honoured with `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Profile names: what a person would type as a name, nothing that needs quoting in SQL or
/// breaks a terminal.
fn parse_profile(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("a profile name cannot be empty".into());
    }
    if name.chars().count() > 64 {
        return Err("a profile name is at most 64 characters".into());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '\'')))
    {
        return Err(format!(
            "`{bad}` is not allowed in a profile name; use letters, digits, spaces, '-', '_' and '.'"
        ));
    }
    Ok(name.to_owned())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate decks and report every problem with file, line and column
    Check(CheckArgs),
    /// List the decks found, with card counts by kind
    List(ListArgs),
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Deck files or directories (searched recursively for *.toml)
    pub paths: Vec<PathBuf>,
    /// Fail on warnings too
    #[arg(long)]
    pub strict: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Deck files or directories
    pub paths: Vec<PathBuf>,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}
