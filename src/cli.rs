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
    /// Study what is due: learning cards, reviews, then new cards
    Study(StudyArgs),
    /// Cram any cards, due or not, without changing the schedule
    Practice(PracticeArgs),
    /// Show what is due now and today, per deck
    Due(DueArgs),
    /// Review one card headlessly with a rating (again, hard, good, easy or 1-4)
    Rate(RateArgs),
    /// Grade a typed answer to one card headlessly, and record it
    Answer(AnswerArgs),
    /// Show one card's scheduling state and review history
    Card(CardArgs),
    /// Progress per deck: card counts, reviews, retention, streak
    Stats(StatsArgs),
    /// Check the database and rebuild card state from the review log
    Doctor(DoctorArgs),
    /// Validate decks and report every problem with file, line and column
    Check(CheckArgs),
    /// List the decks found, with card counts by kind
    List(ListArgs),
}

/// Decks to use: paths to files or directories, or deck ids.
#[derive(Debug, Args)]
pub struct DeckArgs {
    /// Deck files, directories or deck ids [default: ./decks, else the bundled decks]
    #[arg(value_name = "DECK")]
    pub decks: Vec<String>,
}

#[derive(Debug, Args)]
pub struct StudyArgs {
    #[command(flatten)]
    pub decks: DeckArgs,
    /// Self-graded flashcards: reveal the answer, then rate yourself
    #[arg(long)]
    pub flip: bool,
    /// Shuffle new cards instead of taking them in deck order
    #[arg(long)]
    pub shuffle: bool,
    /// Seed for shuffling new cards and choice options [default: today's date]
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

#[derive(Debug, Args)]
pub struct PracticeArgs {
    #[command(flatten)]
    pub decks: DeckArgs,
    /// Only cards with this tag (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// How many cards
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub count: u32,
    /// Self-graded flashcards
    #[arg(long)]
    pub flip: bool,
    /// Seed for choice options [default: today's date]
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    #[command(flatten)]
    pub decks: DeckArgs,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RateArgs {
    /// The card, as `DECK_ID/CARD_ID`
    pub card: String,
    /// again, hard, good, easy, or 1-4
    pub rating: String,
    /// Deck files or directories to find the deck in [default: ./decks, else bundled]
    #[arg(long = "deck", value_name = "PATH")]
    pub deck_paths: Vec<String>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// The card, as `DECK_ID/CARD_ID`
    pub card: String,
    /// The typed answer
    pub text: String,
    /// Deck files or directories to find the deck in [default: ./decks, else bundled]
    #[arg(long = "deck", value_name = "PATH")]
    pub deck_paths: Vec<String>,
    /// Print JSON: verdict, expected, rating
    #[arg(long)]
    pub json: bool,
    /// Grade without recording
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct CardArgs {
    /// The card, as `DECK_ID/CARD_ID`
    pub card: String,
    /// Deck files or directories to find the deck in [default: ./decks, else bundled]
    #[arg(long = "deck", value_name = "PATH")]
    pub deck_paths: Vec<String>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub decks: DeckArgs,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Rebuild every card's state from the review log
    #[arg(long)]
    pub rebuild: bool,
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
