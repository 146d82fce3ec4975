//! Command-line interface: clap derive types only, no behaviour. Parsed once in `lib.rs` and
//! handed to `commands`. Values are read by the domain's own parsers (`Timestamp`, `Kind`,
//! durations, profile names), so the rules for them live with the types, not here.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser as _};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::deck::Kind;
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

/// One card: `DECK_ID/CARD_ID`, and where to find its deck.
#[derive(Debug, Args)]
pub struct CardRefArgs {
    /// The card, as `DECK_ID/CARD_ID`
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
    /// Deck files or directories
    pub paths: Vec<PathBuf>,
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

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
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
