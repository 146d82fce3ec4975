//! Command-line interface: clap derive types, the examples and help topics shown with them, and
//! the shell-completion hooks. Parsed once in `lib.rs` through [`command`] and handed to
//! `commands`; the completion scripts and manual pages are made from the same [`command`].
//! Values are read by the domain's own parsers (`Timestamp`, `Kind`, durations, profile
//! names), so the rules for them live with the types, not here.

use std::ffi::OsStr;
use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser as _};
use clap::{Args, CommandFactory as _, FromArgMatches as _, Parser, Subcommand, ValueEnum};
use clap_complete::engine::{
    ArgValueCandidates, ArgValueCompleter, CompletionCandidate, PathCompleter, ValueCompleter as _,
};

use crate::deck::Kind;
use crate::time::Timestamp;

/// recall: study TOML flashcard decks in the terminal, with typed answers checked forgivingly,
/// FSRS spaced repetition, and classroom drills.
#[derive(Debug, Parser)]
#[command(name = "recall", version, about, long_about = None, propagate_version = true)]
#[command(after_help = ROOT_NOTES, disable_help_subcommand = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command understands.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Where progress is stored [default: ~/.local/share/recall]
    #[arg(
        long,
        global = true,
        env = "RECALL_DATA_DIR",
        hide_env_values = true,
        value_name = "DIR"
    )]
    pub data_dir: Option<PathBuf>,

    /// Whose progress to use: several learners can share one machine
    #[arg(long, global = true, env = "RECALL_PROFILE", hide_env_values = true, default_value = "default", value_parser = crate::app::parse_profile)]
    pub profile: String,

    /// Pretend the clock reads this time (RFC 3339), for testing and time travel
    #[arg(
        long,
        global = true,
        env = "RECALL_NOW",
        hide_env_values = true,
        value_name = "RFC3339"
    )]
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
    /// Take a timed classroom drill: the same seed gives everyone the same paper
    Drill(DrillArgs),
    /// Drill attempts saved on this machine; export them for the teacher
    Results(ResultsArgs),
    /// Run a live quiz for the room: students join from a browser or `recall join`
    Host(HostArgs),
    /// Join a live quiz from the terminal
    Join(JoinArgs),
    /// A class report from students' exported results
    Report(ReportArgs),
    /// Progress per deck: card counts, reviews, retention, streak, and charts
    Stats(StatsArgs),
    /// Fit the memory model (FSRS) to your own review history
    Optimize(OptimizeArgs),
    /// Simulate the workload ahead: reviews, new cards, minutes a day, cards memorized
    Simulate(SimulateArgs),
    /// Cards you keep forgetting (leeches), with your most common wrong answers
    Leeches(LeechesArgs),
    /// Bring a suspended card back into study
    Unsuspend(UnsuspendArgs),
    /// Check the database and rebuild card state from the review log
    Doctor(DoctorArgs),
    /// Validate decks and report every problem with file, line and column
    Check(CheckArgs),
    /// List the decks found, with card counts by kind
    List(ListArgs),
    /// Create a deck file with its deck table and a commented example card
    New(NewArgs),
    /// Append a card to a deck, asking for each field or taking them as flags
    Add(AddArgs),
    /// Give every card an id and tidy the layout of deck files, keeping comments
    Fmt(FmtArgs),
    /// Create or extend a deck from CSV/TSV, Anki, Quizlet or recall JSON
    Import(ImportArgs),
    /// Write a deck as CSV, TSV, Anki plain text or JSON
    Export(ExportArgs),
    /// Draft candidate cards from a plain text, for an author to review
    Draft(DraftArgs),
    /// Print the shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(CompletionsArgs),
    /// Print recall's manual page, or write every page to a directory
    Man(ManArgs),
    /// Help on a command, or on a topic: deck-format, grading, authoring, ...
    Help(HelpArgs),
}

/// Decks to use: paths to files or directories, or deck ids.
#[derive(Debug, Args)]
pub struct DeckArgs {
    /// Deck files, directories or deck ids [default: ./decks, else the bundled decks]
    #[arg(value_name = "DECK", add = ArgValueCompleter::new(complete_deck))]
    pub decks: Vec<String>,
}

#[derive(Debug, Args)]
pub struct StudyArgs {
    #[command(flatten)]
    pub decks: DeckArgs,
    /// Only cards with this tag (repeatable); the daily limits still apply
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Raise today's new-card limit of each deck studied by N (kept until the day ends)
    #[arg(long, value_name = "N")]
    pub extra_new: Option<u32>,
    /// Raise today's review limit of each deck studied by N (kept until the day ends)
    #[arg(long, value_name = "N")]
    pub extra_reviews: Option<u32>,
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

/// One card: `DECK_ID/CARD_ID`, and where to find its deck.
#[derive(Debug, Args)]
pub struct CardRefArgs {
    /// The card, as `DECK_ID/CARD_ID`
    #[arg(add = ArgValueCompleter::new(complete_card))]
    pub card: String,
    /// Deck files or directories to find the deck in [default: ./decks, else bundled]
    #[arg(long = "deck", value_name = "PATH")]
    pub deck_paths: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RateArgs {
    #[command(flatten)]
    pub card: CardRefArgs,
    /// again, hard, good, easy, or 1-4
    pub rating: String,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    #[command(flatten)]
    pub card: CardRefArgs,
    /// The typed answer
    pub text: String,
    /// Print JSON: verdict, expected, matched, prompt, rating
    #[arg(long)]
    pub json: bool,
    /// Grade without recording
    #[arg(long)]
    pub dry_run: bool,
    /// This is the last try: record a close reply too (as Hard), instead of asking again
    #[arg(long = "final")]
    pub last: bool,
}

#[derive(Debug, Args)]
pub struct CardArgs {
    #[command(flatten)]
    pub card: CardRefArgs,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// How drill answers are scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoringArg {
    /// One point per right answer (a typo counts as right)
    Plain,
    /// Right answers earn more the faster they come (500 to 1000 points)
    Speed,
}

#[derive(Debug, Args)]
pub struct DrillArgs {
    #[command(flatten)]
    pub decks: DeckArgs,
    /// Number of questions
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub count: usize,
    /// The paper: the same seed gives the same questions, order and options on any machine
    /// [default: a new random paper, shown on screen]
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Only cards with this tag (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only these kinds, e.g. choice,truefalse,year
    #[arg(long, value_delimiter = ',', value_parser = Kind::parse_arg, value_name = "KINDS")]
    pub kinds: Vec<Kind>,
    /// Time for the whole paper, e.g. 10m
    #[arg(long, value_parser = crate::deck::duration::parse_arg, value_name = "DURATION")]
    pub time: Option<std::time::Duration>,
    /// Time for each question, e.g. 30s
    #[arg(long, value_parser = crate::deck::duration::parse_arg, value_name = "DURATION")]
    pub per_question: Option<std::time::Duration>,
    /// The student's name [default: asked, or the profile name]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// How answers are scored
    #[arg(long, value_enum, default_value_t = ScoringArg::Plain)]
    pub scoring: ScoringArg,
    /// Let the answers update the spaced-repetition schedule
    #[arg(long)]
    pub record: bool,
    /// Write the paper as Markdown instead of taking it
    #[arg(long)]
    pub print: bool,
    /// With --print: add the answer key
    #[arg(long, requires = "print")]
    pub key: bool,
    /// With --print: write to this file instead of stdout
    #[arg(long, requires = "print", value_name = "PATH")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HostArgs {
    #[command(flatten)]
    pub decks: DeckArgs,
    /// Number of questions
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub count: usize,
    /// The paper, as for `drill`: the same seed gives the same questions and option order
    /// [default: a new random paper, shown on screen]
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Only cards with this tag (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only these kinds, e.g. choice,truefalse,year
    #[arg(long, value_delimiter = ',', value_parser = Kind::parse_arg, value_name = "KINDS")]
    pub kinds: Vec<Kind>,
    /// Time for each question
    #[arg(long, value_parser = crate::deck::duration::parse_arg, default_value = "20s", value_name = "DURATION")]
    pub per_question: std::time::Duration,
    /// How answers are scored (speed: 500 to 1000 points, more for faster right answers)
    #[arg(long, value_enum, default_value_t = ScoringArg::Speed)]
    pub scoring: ScoringArg,
    /// The port to listen on (0: any free port)
    #[arg(long, default_value_t = 7878, value_name = "PORT")]
    pub port: u16,
    /// The address to listen on: 127.0.0.1 is this machine only; 0.0.0.0 opens the game to the
    /// room's network
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// The most players who may join
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub max_players: usize,
    /// Only names on this class list may join (one name per line)
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Refuse names containing any of these words (one per line)
    #[arg(long, value_name = "FILE", conflicts_with = "roster")]
    pub block_names: Option<PathBuf>,
    /// Also write the players' results to this file, as `recall results --export` does
    #[arg(long, value_name = "FILE.json")]
    pub export: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct JoinArgs {
    /// The game's link, as the teacher's screen shows it (e.g. `http://192.168.1.20:7878`)
    #[arg(value_name = "URL")]
    pub url: String,
    /// Your name [default: asked, or the profile name]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The game PIN [default: from the link, else asked]
    #[arg(long, value_name = "PIN")]
    pub pin: Option<String>,
}

/// How results are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultsFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ResultsArgs {
    /// Only this student's attempts
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Only attempts at this paper
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    #[arg(long, value_enum, default_value_t = ResultsFormat::Table)]
    pub format: ResultsFormat,
    /// Rank the attempts at one paper (--seed, or the latest paper)
    #[arg(long)]
    pub leaderboard: bool,
    /// Write the attempts to a results file to hand to the teacher
    #[arg(long, value_name = "FILE.json")]
    pub export: Option<PathBuf>,
}

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
    Html,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Results files exported by students (`recall results --export`)
    #[arg(value_name = "FILE.json")]
    pub files: Vec<PathBuf>,
    /// Also include the attempts saved on this machine (the default when no file is given)
    #[arg(long)]
    pub local: bool,
    /// Only this paper
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
    /// Write to this file instead of stdout
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Flag students below this percentage of the maximum score
    #[arg(long, default_value_t = 50.0, value_name = "PERCENT")]
    pub threshold: f64,
}

#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub decks: DeckArgs,
    /// Print JSON (the numbers and, per deck, the charts' data)
    #[arg(long)]
    pub json: bool,
    /// Draw charts [default: on a terminal]
    #[arg(long, overrides_with = "no_chart")]
    pub chart: bool,
    /// Numbers only, no charts
    #[arg(long)]
    pub no_chart: bool,
    /// Days of history the charts cover (e.g. 30 or 365)
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u16).range(7..=3660), value_name = "N")]
    pub days: u16,
    /// Write a self-contained HTML page with the charts (to --out, else stdout)
    #[arg(long)]
    pub html: bool,
    /// With --html: the file to write
    #[arg(long, requires = "html", value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// Fit these decks' history and keep the parameters for them only [default: the whole
    /// profile's history, for all its decks]
    #[command(flatten)]
    pub decks: DeckArgs,
    /// Fit and report, but save nothing
    #[arg(long, conflicts_with = "reset")]
    pub dry_run: bool,
    /// Go back to the default parameters (for the decks named, else the profile)
    #[arg(long)]
    pub reset: bool,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub decks: DeckArgs,
    /// Desired retention to simulate, 0.7-0.99 [default: the first deck's]
    #[arg(long, value_name = "R")]
    pub retention: Option<f32>,
    /// New cards a day [default: the decks' `new_per_day`]
    #[arg(long, value_name = "N")]
    pub new_per_day: Option<usize>,
    /// Days to simulate
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u16).range(1..=3650), value_name = "D")]
    pub days: u16,
    /// Seed of the simulation
    #[arg(long, default_value_t = 42, value_name = "N")]
    pub seed: u64,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LeechesArgs {
    #[command(flatten)]
    pub decks: DeckArgs,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct UnsuspendArgs {
    #[command(flatten)]
    pub card: CardRefArgs,
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
    /// Also warn about answers changed since they were last reviewed (reads the review
    /// database, if there is one)
    #[arg(long)]
    pub history: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Deck files, directories or deck ids
    #[arg(value_name = "DECK", add = ArgValueCompleter::new(complete_deck))]
    pub paths: Vec<PathBuf>,
    /// Also list every card id (a cloze card's gaps as NOTE.1, NOTE.2, ...) with its question
    #[arg(long)]
    pub cards: bool,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The deck file to create
    pub path: PathBuf,
    /// The deck's title
    #[arg(long)]
    pub title: String,
    /// The deck's id [default: derived from the title]
    #[arg(long)]
    pub id: Option<String>,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The deck file to append the card to
    pub path: PathBuf,
    /// The card's kind [default: text, or asked]
    #[arg(
        long,
        value_parser = PossibleValuesParser::new(Kind::names()).try_map(|name| Kind::parse_arg(&name))
    )]
    pub kind: Option<Kind>,
    /// The question (for a cloze card, an optional instruction)
    #[arg(long, short)]
    pub question: Option<String>,
    /// The expected answer
    #[arg(long, short)]
    pub answer: Option<String>,
    /// Another accepted answer (repeatable)
    #[arg(long = "accept", value_name = "TEXT")]
    pub accept: Vec<String>,
    /// An option of a choice card, the answer among them (repeatable)
    #[arg(long = "choice", value_name = "TEXT")]
    pub choices: Vec<String>,
    /// For a number card: replies within answer ± this are right
    #[arg(long, value_name = "N")]
    pub tolerance: Option<f64>,
    /// For a cloze card: the sentence with {{gaps}}
    #[arg(long)]
    pub text: Option<String>,
    /// A hint shown on request
    #[arg(long)]
    pub hint: Option<String>,
    /// An explanation shown after answering
    #[arg(long)]
    pub explain: Option<String>,
    /// A short verbatim excerpt of the material that proves the answer
    #[arg(long)]
    pub source: Option<String>,
    /// A tag (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// The card's id [default: derived from the question]
    #[arg(long)]
    pub id: Option<String>,
    /// Never ask: fail when a required field is missing
    #[arg(long)]
    pub no_input: bool,
    /// Append without asking for confirmation
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Deck files or directories [default: ./decks]
    pub paths: Vec<PathBuf>,
    /// Change nothing; list the files that would change and exit 1 if any would
    #[arg(long)]
    pub check: bool,
}

/// A file format `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Csv,
    Tsv,
    Anki,
    Quizlet,
    Json,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import (CSV, TSV, Anki "Notes in Plain Text", Quizlet export, recall JSON)
    pub file: PathBuf,
    /// The deck file to extend, or to create if it does not exist
    #[arg(long, value_name = "PATH")]
    pub into: PathBuf,
    /// The file's format [default: detected]
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Quizlet: what separates a term from its definition (tab, comma or any text) [default: tab]
    #[arg(long, value_name = "SEP")]
    pub term_sep: Option<String>,
    /// Quizlet: what separates cards (newline, semicolon or any text) [default: newline]
    #[arg(long, value_name = "SEP")]
    pub card_sep: Option<String>,
    /// Show what would be added, changed or skipped, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Add this tag to every imported card (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// A new deck's title [default: from the file]
    #[arg(long)]
    pub title: Option<String>,
    /// A new deck's id [default: derived from the title]
    #[arg(long)]
    pub id: Option<String>,
    /// Write nothing if any row would be skipped
    #[arg(long)]
    pub strict: bool,
}

/// A file format `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Tsv,
    Anki,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The deck: a file, or the id of a deck in ./decks or bundled with recall
    #[arg(add = ArgValueCompleter::new(complete_deck))]
    pub deck: String,
    /// The format to write
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// A plain-text file (UTF-8 or UTF-16)
    pub file: PathBuf,
    /// Write the drafted deck to this file instead of standard output
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// The deck's title [default: the text's first line when it is a heading]
    #[arg(long)]
    pub title: Option<String>,
    /// The deck's id [default: derived from the title]
    #[arg(long)]
    pub id: Option<String>,
    /// Replace the --out file if it exists
    #[arg(long)]
    pub force: bool,
}

/// A shell `recall completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

impl Shell {
    pub fn name(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Zsh => "zsh",
            Shell::Fish => "fish",
            Shell::Powershell => "powershell",
            Shell::Elvish => "elvish",
        }
    }
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Only this command's page (e.g. `study`) [default: the page on recall itself]
    #[arg(value_name = "COMMAND", add = ArgValueCandidates::new(command_candidates))]
    pub command: Option<String>,
    /// Write recall.1 and a page per command (recall-study.1, ...) into this directory
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HelpArgs {
    /// A command (`study`) or a topic (`deck-format`) [default: the overview]
    #[arg(value_name = "COMMAND|TOPIC", add = ArgValueCandidates::new(help_candidates))]
    pub topic: Option<String>,
}

/// A page of the documentation that `recall help NAME` prints.
#[derive(Debug, Clone, Copy)]
pub struct Topic {
    pub name: &'static str,
    pub summary: &'static str,
    /// The page, in Markdown.
    pub text: &'static str,
}

/// The documentation built into recall, for `recall help TOPIC`.
pub const TOPICS: &[Topic] = &[
    Topic {
        name: "deck-format",
        summary: "the deck file format: [deck], card kinds, schedules, aliases",
        text: include_str!("../docs/deck-format.md"),
    },
    Topic {
        name: "grading",
        summary: "how typed answers are checked, rule by rule",
        text: include_str!("../docs/grading.md"),
    },
    Topic {
        name: "authoring",
        summary: "new, add, fmt, import, export and draft",
        text: include_str!("../docs/authoring.md"),
    },
    Topic {
        name: "export-format",
        summary: "the CSV, TSV, Anki and JSON layouts of export and import",
        text: include_str!("../docs/export-format.md"),
    },
    Topic {
        name: "drill-results",
        summary: "the results file students hand in",
        text: include_str!("../docs/drill-results.md"),
    },
    Topic {
        name: "live",
        summary: "live classroom games: recall host and recall join",
        text: include_str!("../docs/live.md"),
    },
];

/// Examples shown under each command's help: (what it does, the command line).
const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    (
        "study",
        &[
            ("Study what is due in every deck found", "recall study"),
            (
                "One deck, by id or by path",
                "recall study pakistan-soviet-relations",
            ),
            (
                "Ten more new cards than today's limit allows",
                "recall study --extra-new 10",
            ),
            (
                "Only the cards tagged alliances",
                "recall study --tag alliances",
            ),
            (
                "Flashcards: reveal, then rate yourself 1-4",
                "recall study --flip",
            ),
        ],
    ),
    (
        "practice",
        &[
            (
                "Cram 20 cards, due or not, schedule untouched",
                "recall practice",
            ),
            (
                "Ten cards tagged treaties",
                "recall practice --tag treaties --count 10",
            ),
        ],
    ),
    (
        "due",
        &[
            ("What is due now and today, per deck", "recall due"),
            ("The same for a script", "recall due --json"),
        ],
    ),
    (
        "rate",
        &[
            (
                "Review a card and rate it Good",
                "recall rate pakistan-soviet-relations/cento-year good",
            ),
            (
                "The same, rating by number",
                "recall rate pakistan-soviet-relations/cento-year 3 --json",
            ),
        ],
    ),
    (
        "answer",
        &[
            (
                "Grade and record a typed answer",
                "recall answer pakistan-soviet-relations/cento-year 1955",
            ),
            (
                "Grade only, record nothing",
                "recall answer pakistan-soviet-relations/cento-year \"in 1955\" --dry-run",
            ),
        ],
    ),
    (
        "card",
        &[
            (
                "One card's state and history",
                "recall card pakistan-soviet-relations/cento-year",
            ),
            (
                "Every gap of a cloze card, by its note id",
                "recall card my-deck/partition-cloze",
            ),
        ],
    ),
    (
        "drill",
        &[
            (
                "Take a ten-question paper in ten minutes",
                "recall drill --seed 2026 --time 10m --name \"Ayesha Khan\"",
            ),
            (
                "Print the paper and its key for the class",
                "recall drill --seed 2026 --print --key --out paper.md",
            ),
        ],
    ),
    (
        "results",
        &[
            ("Attempts saved on this machine", "recall results"),
            (
                "Hand in a student's attempts",
                "recall results --name \"Ayesha Khan\" --export ayesha.json",
            ),
            (
                "The leaderboard of one paper",
                "recall results --seed 2026 --leaderboard",
            ),
        ],
    ),
    (
        "host",
        &[
            (
                "Open a game to the room's network",
                "recall host --bind 0.0.0.0 --seed 2026 --count 10",
            ),
            (
                "Only names on the class list may join",
                "recall host --bind 0.0.0.0 --roster class.txt",
            ),
        ],
    ),
    (
        "join",
        &[(
            "Join the game the teacher's screen shows",
            "recall join http://192.168.1.20:7878 --pin 482913 --name \"Ayesha Khan\"",
        )],
    ),
    (
        "report",
        &[
            (
                "A class report from the files handed in",
                "recall report ayesha.json bilal.json --format html --out class.html",
            ),
            (
                "A gradebook of this machine's attempts",
                "recall report --local --format csv --out class.csv",
            ),
        ],
    ),
    (
        "stats",
        &[
            (
                "Cards, reviews, retention and streak per deck",
                "recall stats",
            ),
            ("The same for a script", "recall stats --json"),
        ],
    ),
    (
        "optimize",
        &[
            ("Fit FSRS to your answers and save it", "recall optimize"),
            (
                "Only see what the fit would change",
                "recall optimize --dry-run",
            ),
            ("Back to the default parameters", "recall optimize --reset"),
        ],
    ),
    (
        "simulate",
        &[
            ("The year ahead at the decks' settings", "recall simulate"),
            (
                "Twice the new cards, 90% retention",
                "recall simulate --new-per-day 40 --retention 0.9",
            ),
        ],
    ),
    (
        "leeches",
        &[
            ("Cards you keep forgetting", "recall leeches"),
            ("The same for a script", "recall leeches --json"),
        ],
    ),
    (
        "unsuspend",
        &[(
            "Study a suspended card again",
            "recall unsuspend pakistan-soviet-relations/cento-year",
        )],
    ),
    (
        "doctor",
        &[
            ("Compare card states with the review log", "recall doctor"),
            (
                "Rebuild every card's state from the log",
                "recall doctor --rebuild",
            ),
        ],
    ),
    (
        "check",
        &[
            ("Validate the decks in ./decks", "recall check"),
            (
                "One file, failing on warnings too",
                "recall check decks/my-deck.toml --strict",
            ),
        ],
    ),
    (
        "list",
        &[
            ("The decks found, with card counts by kind", "recall list"),
            (
                "Every card id of a deck, cloze gaps too",
                "recall list pakistan-soviet-relations --cards",
            ),
            ("The same for a script", "recall list --json"),
        ],
    ),
    (
        "new",
        &[(
            "Start a deck",
            "recall new decks/partition.toml --title \"The Partition of India\"",
        )],
    ),
    (
        "add",
        &[
            (
                "Add a card, asked field by field",
                "recall add decks/partition.toml",
            ),
            (
                "Add a card from flags alone",
                "recall add decks/partition.toml --kind year -q \"When?\" -a 1947 --no-input",
            ),
        ],
    ),
    (
        "fmt",
        &[
            ("Give every card an id and tidy ./decks", "recall fmt"),
            (
                "Only report what would change (for CI)",
                "recall fmt --check",
            ),
        ],
    ),
    (
        "import",
        &[
            (
                "Preview a spreadsheet's rows as cards",
                "recall import cards.csv --into decks/mine.toml --dry-run",
            ),
            (
                "Create a deck with an id of its own",
                "recall import cards.csv --into decks/mine.toml --id mine",
            ),
        ],
    ),
    (
        "export",
        &[
            (
                "A deck as Anki plain text",
                "recall export decks/mine.toml --format anki --out mine.txt",
            ),
            (
                "A deck by id, as CSV to stdout",
                "recall export pakistan-soviet-relations --format csv",
            ),
        ],
    ),
    (
        "draft",
        &[(
            "Draft cards from an article for review",
            "recall draft article.txt --out decks/article.toml",
        )],
    ),
    (
        "completions",
        &[
            (
                "Bash: add to ~/.bashrc",
                "source <(recall completions bash)",
            ),
            ("Zsh: add to ~/.zshrc", "source <(recall completions zsh)"),
            (
                "Fish",
                "recall completions fish > ~/.config/fish/completions/recall.fish",
            ),
        ],
    ),
    (
        "man",
        &[
            ("Read the manual", "recall man | man -l -"),
            (
                "Install every page",
                "recall man --out ~/.local/share/man/man1",
            ),
        ],
    ),
    (
        "help",
        &[
            ("The deck file format", "recall help deck-format"),
            ("One command's options", "recall help study"),
        ],
    ),
];

/// The environment variable through which a shell asks recall for completions (the scripts of
/// `recall completions` set it).
pub const COMPLETE_VAR: &str = "RECALL_COMPLETE";

/// The command line: the derive types with their examples, and environment variables that are
/// set but empty treated as unset (`RECALL_DATA_DIR= recall due` uses the default directory
/// instead of failing on an empty `--data-dir`).
pub fn command() -> clap::Command {
    let mut command = Cli::command();
    for (name, examples) in EXAMPLES {
        command = command.mut_subcommand(name, |sub| sub.after_help(examples_text(examples)));
    }
    ignore_empty_env(command, &|name| {
        std::env::var_os(name).is_some_and(|value| value.is_empty())
    })
}

/// The examples shown under `recall NAME --help`: (what it does, the command line).
pub fn examples(name: &str) -> &'static [(&'static str, &'static str)] {
    EXAMPLES
        .iter()
        .find(|(command, _)| *command == name)
        .map_or(&[], |(_, examples)| examples)
}

/// What `recall --help` says after the commands: where decks and data are, and the topics.
pub const ROOT_NOTES: &str = "Decks: explicit paths, else ./decks, else the decks built into recall.\n\
    Data: --data-dir, $RECALL_DATA_DIR, else the platform data directory.\n\
    Topics: recall help deck-format | grading | authoring | export-format |\n        \
    drill-results | live";

/// Parses the process's arguments with [`command`].
pub fn parse() -> Result<Cli, clap::Error> {
    let mut matches = command().try_get_matches()?;
    Cli::from_arg_matches_mut(&mut matches)
}

/// "Examples:" and each example as a line saying what it does, then the command indented: a
/// command is never wrapped.
fn examples_text(examples: &[(&str, &str)]) -> clap::builder::StyledStr {
    use std::fmt::Write as _;
    let heading = clap::builder::styling::Style::new().bold().underline();
    let mut text = clap::builder::StyledStr::new();
    let _ = writeln!(text, "{heading}Examples:{heading:#}");
    for (what, line) in examples {
        let _ = writeln!(text, "  {what}:\n    {line}");
    }
    text
}

/// Drops the environment variable of every argument whose variable `is_empty` says is set but
/// empty, in every subcommand.
fn ignore_empty_env(
    mut command: clap::Command,
    is_empty: &dyn Fn(&OsStr) -> bool,
) -> clap::Command {
    let empty: Vec<clap::Id> = command
        .get_arguments()
        .filter(|arg| arg.get_env().is_some_and(is_empty))
        .map(|arg| arg.get_id().clone())
        .collect();
    for id in empty {
        command = command.mut_arg(id, |arg| arg.env(None::<&str>));
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |sub| ignore_empty_env(sub, is_empty));
    }
    command
}

/// Where shell completion finds the catalog: `$RECALL_DATA_DIR`, else the platform's place (a
/// `--data-dir` on the line being completed is not seen).
fn completion_data_dir() -> Option<PathBuf> {
    std::env::var_os("RECALL_DATA_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(crate::app::default_data_dir)
}

/// Completes a DECK argument: deck ids (with their titles), and deck files and directories.
fn complete_deck(current: &OsStr) -> Vec<CompletionCandidate> {
    let paths = PathCompleter::any()
        .filter(|path| path.is_dir() || path.extension().is_some_and(|e| e == "toml"))
        .complete(current);
    let Some(text) = current.to_str() else {
        return paths;
    };
    if text.contains(['/', '\\']) || text.starts_with(['.', '~']) {
        return paths;
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut candidates: Vec<CompletionCandidate> =
        crate::app::complete::decks(completion_data_dir().as_deref(), &cwd, text)
            .into_iter()
            .map(|deck| CompletionCandidate::new(deck.id).help(deck.title.map(Into::into)))
            .collect();
    candidates.extend(paths);
    candidates
}

/// Completes a `DECK/CARD` argument: `DECK/` first, then the deck's card ids.
fn complete_card(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(text) = current.to_str() else {
        return Vec::new();
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    crate::app::complete::cards(completion_data_dir().as_deref(), &cwd, text)
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

/// recall's commands, for `recall man COMMAND`.
fn command_candidates() -> Vec<CompletionCandidate> {
    Cli::command()
        .get_subcommands()
        .map(|sub| {
            CompletionCandidate::new(sub.get_name().to_owned()).help(sub.get_about().cloned())
        })
        .collect()
}

/// Commands and topics, for `recall help NAME`.
fn help_candidates() -> Vec<CompletionCandidate> {
    let mut candidates = command_candidates();
    candidates.extend(
        TOPICS
            .iter()
            .map(|topic| CompletionCandidate::new(topic.name).help(Some(topic.summary.into()))),
    );
    candidates
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
        command().debug_assert();
    }

    #[test]
    fn every_command_has_examples_and_every_example_parses() {
        let command = command();
        for sub in command.get_subcommands() {
            let name = sub.get_name();
            let Some((_, examples)) = EXAMPLES.iter().find(|(n, _)| *n == name) else {
                panic!("`recall {name}` has no examples");
            };
            assert!(!examples.is_empty(), "{name}");
            let help = sub
                .get_after_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(help.contains("Examples:"), "{name}: {help}");
            for (what, line) in *examples {
                assert!(line.len() + 4 <= 80, "`{line}` is wider than 80 columns");
                assert!(what.len() + 3 <= 80, "{what}");
                // Shell lines (completions) are not recall command lines.
                let Some(args) = line.strip_prefix("recall ") else {
                    continue;
                };
                if line.contains('|') || line.contains('>') || line.contains('~') {
                    continue;
                }
                let words = shell_words(args);
                let mut argv = vec!["recall".to_owned()];
                argv.extend(words);
                if let Err(error) = command.clone().try_get_matches_from(&argv) {
                    panic!("`{line}` does not parse: {error}");
                }
            }
        }
        for (name, _) in EXAMPLES {
            assert!(
                command.find_subcommand(name).is_some(),
                "examples for an unknown command `{name}`"
            );
        }
    }

    /// Splits a command line on spaces, keeping double-quoted words whole.
    fn shell_words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ' ' if !quoted => {
                    if !word.is_empty() {
                        words.push(std::mem::take(&mut word));
                    }
                }
                c => word.push(c),
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
        words
    }

    #[test]
    fn empty_environment_variables_count_as_unset() {
        let empty = |name: &OsStr| name == "RECALL_DATA_DIR" || name == "RECALL_NOW";
        let command = ignore_empty_env(Cli::command(), &empty);
        for sub in command.get_subcommands() {
            for arg in sub.get_arguments() {
                if let Some(name) = arg.get_env() {
                    assert!(!empty(name), "{} keeps {name:?}", sub.get_name());
                }
            }
        }
        let kept = command
            .get_arguments()
            .filter_map(|arg| arg.get_env())
            .collect::<Vec<_>>();
        assert_eq!(kept, ["RECALL_PROFILE"]);
    }

    #[test]
    fn every_topic_has_a_page() {
        for topic in TOPICS {
            assert!(topic.text.starts_with("# "), "{}", topic.name);
            assert!(
                Cli::command().find_subcommand(topic.name).is_none(),
                "topic `{}` hides a command",
                topic.name
            );
        }
    }

    #[test]
    fn a_card_reference_comes_before_the_rating_and_takes_deck_paths() {
        let cli = Cli::parse_from([
            "recall", "rate", "d/c", "good", "--deck", "a", "--deck", "b",
        ]);
        let Command::Rate(args) = cli.command else {
            panic!("not rate");
        };
        assert_eq!(args.card.card, "d/c");
        assert_eq!(args.rating, "good");
        assert_eq!(args.card.deck_paths, ["a", "b"]);
    }
}
