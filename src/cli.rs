//! The command line (clap derive): global flags and subcommands.

use crate::render::Format;
pub use crate::ui::ColorChoice;
use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Assess AI maturity in IT service management, prioritise AI initiatives with A-RICE, and plan
/// a readiness-gated roadmap.
#[derive(Debug, Parser)]
#[command(
    name = "itsm-ai",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(after_help = "Environment:
  ITSM_AI_FRAMEWORK    the framework when --framework is not given (a built-in id or a file)
  NO_COLOR             set and not empty: no colour on a terminal (--color always overrides)
  ITSM_AI_TIMING       set: stage timings and peak memory on stderr, and why `score` left its
                       fast path when it did
  ITSM_AI_LEAN         `off`: `score` skips its fast path; `on`: leaving it is an error
  ITSM_AI_MAX_INPUT_BYTES     largest input file [default: 2G] (docs/limits.md)
  ITSM_AI_MAX_WORKBOOK_BYTES  largest workbook, decompressed [default: 4G]
  ITSM_AI_MAX_WORKBOOK_RATIO  most a workbook part may grow by decompression [default: 100]
  ITSM_AI_MAX_WORKBOOK_CELLS  most cells a worksheet's rows may span [default: 64M]
  ITSM_AI_MAX_TEMPLATE_BYTES  largest `report --template` output [default: 256M]

Exit codes: 0 ok, 1 a check failed, 2 bad input, usage or I/O, 130 interrupted.")]
pub struct Cli {
    /// Flags every command accepts.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Output format [default: table, or from the -o extension]
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Write the result to FILE (atomically; `-` is stdout); the extension sets the format
    #[arg(short = 'o', long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Framework: a built-in id (itsm-ai) or a path to a YAML framework file
    #[arg(long, global = true, env = "ITSM_AI_FRAMEWORK", value_name = "ID|PATH")]
    pub framework: Option<String>,
    /// When to colour the terminal table (NO_COLOR is honoured)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print no notes on stderr (warnings and errors still appear)
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print only the first N rows
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub top: Option<u64>,
    /// Compare with the -o file instead of writing it; exit 1 if it would change or is missing
    #[arg(long, global = true)]
    pub check: bool,
}

impl ValueEnum for ColorChoice {
    fn value_variants<'a>() -> &'a [Self] {
        &[ColorChoice::Auto, ColorChoice::Always, ColorChoice::Never]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            ColorChoice::Auto => {
                PossibleValue::new("auto").help("On a terminal, unless NO_COLOR is set")
            }
            ColorChoice::Always => PossibleValue::new("always").help("Always"),
            ColorChoice::Never => PossibleValue::new("never").help("Never"),
        })
    }
}

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Format::Table => "A terminal table",
            Format::Csv => "CSV, one row per item",
            Format::Json => "JSON (the versioned contract in docs/json.md)",
            Format::Markdown => "Markdown",
            Format::Html => "A self-contained HTML report",
            Format::Xlsx => "An Excel workbook",
            Format::Yaml => "YAML",
        };
        Some(PossibleValue::new(self.name()).help(help))
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank AI initiatives from a CSV, Excel or YAML/JSON file with the framework's formula (A-RICE by default)
    Score(ScoreArgs),
    /// Answer the maturity questionnaire (interactive, autosaved) or score an answers file; merge or
    /// compare answers
    Assess(AssessArgs),
    /// Plan the initiatives into phases: by rank, within capacity, after their dependencies and
    /// once the organisation is ready for them
    Roadmap(RoadmapArgs),
    /// Write the board report: assessment, ranking, value-vs-effort matrix and roadmap in one
    /// self-contained HTML file (or Markdown, JSON)
    Report(ReportArgs),
    /// List, show, validate and create frameworks; print the JSON Schema of the format
    Framework(FrameworkArgs),
    /// Set up a working folder: example initiatives and answers, a framework to adapt, the
    /// roadmap they give, and CI scripts that keep it current
    Init(InitArgs),
    /// Print the shell completion script for SHELL
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a folder
    Man(ManArgs),
}

/// Arguments of `itsm-ai assess`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
#[command(
    after_help = "An answers file maps question ids to a level, n/a or dont_know, alone or with a\n\
note and evidence:\n\
  framework: itsm-ai\n  date: 2026-12-01\n  answers:\n    strategy.goals: 3\n    knowledge.ai_grounding: dont_know\n\
    governance.registry: {answer: 1, note: \"nobody keeps a list\", evidence: \"IT security\"}\n\
See examples/answers.yaml and docs/inputs.md."
)]
pub struct AssessArgs {
    /// Score this answers file (YAML or JSON) instead of asking the questions
    #[arg(long, value_name = "FILE", conflicts_with_all = ["save", "resume"])]
    pub answers: Option<PathBuf>,
    /// Where the questionnaire saves every answer [default: itsm-ai-answers.yaml]
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Continue a questionnaire saved in FILE: ask only the questions it lacks
    #[arg(long, value_name = "FILE")]
    pub resume: Option<PathBuf>,
    /// Exit 1 when the overall level is below LEVEL or withheld (incomplete)
    #[arg(long, value_name = "LEVEL", value_parser = clap::value_parser!(u8).range(1..=9))]
    pub fail_below: Option<u8>,
    /// When the answers were given (YYYY-MM-DD): saved in the answers file and shown in the
    /// report; never taken from the clock
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Merge or compare answers files
    #[command(subcommand)]
    pub action: Option<AssessAction>,
}

/// `assess` subcommands.
#[derive(Debug, Subcommand)]
pub enum AssessAction {
    /// Combine several respondents' answers (median per question) into one answers file
    Merge {
        /// Answers files, one per respondent
        #[arg(value_name = "FILES", required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// The date of the merged answers (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Show the change per dimension and overall between two answers files
    Compare {
        /// The earlier answers
        #[arg(value_name = "BEFORE")]
        before: PathBuf,
        /// The later answers
        #[arg(value_name = "AFTER")]
        after: PathBuf,
    },
}

/// The inputs `score` and `roadmap` read.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Initiatives CSV, Excel workbook or YAML/JSON list (`-` reads stdin); without it, the
    /// embedded example
    #[arg(value_name = "INITIATIVES")]
    pub input: Option<PathBuf>,
    /// Answers file or `assess --format json` result: gates initiatives on readiness
    #[arg(long, value_name = "FILE")]
    pub assessment: Option<PathBuf>,
    /// CSV delimiter instead of detecting it
    #[arg(long, value_enum, value_name = "DELIMITER")]
    pub delimiter: Option<Delimiter>,
    /// Worksheet to read from an Excel workbook (default: the first)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Drop invalid rows with a warning each instead of failing
    #[arg(long)]
    pub skip_invalid: bool,
}

/// Arguments of `itsm-ai score`.
#[derive(Debug, Args)]
#[command(
    after_help = "Without INITIATIVES, scores the embedded example portfolio with the example assessment (\"Example data\").\n\
Columns: id, name, one per factor (reach, impact, confidence, effort, ai_complexity; risk optional),\n\
and optionally depends_on, requires, raises, effort_pm, cost, owner, metric, description."
)]
pub struct ScoreArgs {
    /// What to read.
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Draw every range N times and report how sure each rank is (rank_p10/p50/p90, p_top)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub simulate: Option<u64>,
    /// Seed of the simulation (same seed, same numbers)
    #[arg(long, value_name = "S", default_value_t = 0, requires = "simulate")]
    pub seed: u64,
    /// K of "probability of landing in the top K"
    #[arg(long, value_name = "K", default_value_t = 10, requires = "simulate", value_parser = clap::value_parser!(u64).range(1..))]
    pub top_k: u64,
    /// CSV output: only these columns, in this order (e.g. rank,id,score)
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub columns: Option<Vec<String>>,
}

/// Arguments of `itsm-ai roadmap`.
#[derive(Debug, Args)]
#[command(
    after_help = "Without INITIATIVES, plans the embedded example portfolio with the example assessment and\n\
a capacity of 12 person-months per phase (\"Example data\").\n\
Each pass takes the unplaced initiatives in rank order and puts each in the earliest phase where\n\
its dependencies are done in an earlier phase, its requires hold on the levels reached before\n\
that phase, and the phase has room. See docs/planning.md."
)]
pub struct RoadmapArgs {
    /// What to read.
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Person-months available per phase [default: unlimited]
    #[arg(long, value_name = "PM", value_parser = non_negative, allow_negative_numbers = true)]
    pub capacity: Option<f64>,
    /// Number of phases: Now, Next, Later, then Phase 4, Phase 5 …
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=120))]
    pub phases: u16,
    /// Name phases as calendar periods from this one: 2027-Q1, 2027-03 or 2027-H1
    #[arg(long, value_name = "PERIOD")]
    pub start: Option<String>,
    /// Length of a phase; must agree with --start
    #[arg(long, value_enum, value_name = "LENGTH")]
    pub phase_length: Option<PhaseLengthArg>,
    /// Schedule low-score tiers too (otherwise listed as unscheduled: low_score)
    #[arg(long)]
    pub include_all: bool,
    /// IT budget over the plan's horizon: shows the AI share (needs a cost column)
    #[arg(long, value_name = "AMOUNT", value_parser = positive, allow_negative_numbers = true)]
    pub it_budget: Option<f64>,
}

/// Arguments of `itsm-ai report`.
#[derive(Debug, Args)]
#[command(
    after_help = "Without INITIATIVES, reports on the embedded example portfolio and example assessment.\n\
The HTML has no scripts and loads nothing from the network; it prints on A4.\n\
Example: itsm-ai report initiatives.csv --assessment answers.yaml --capacity 12 -o report.html"
)]
pub struct ReportArgs {
    /// Inputs and roadmap flags.
    #[command(flatten)]
    pub roadmap: RoadmapArgs,
    /// Exit 1 when the overall level is below LEVEL or withheld (incomplete)
    #[arg(long, value_name = "LEVEL", value_parser = clap::value_parser!(u8).range(1..=9))]
    pub fail_below: Option<u8>,
    /// Lay the report out with this template (minijinja) instead of the built-in layout; it
    /// writes HTML or Markdown, escaped for that format whatever the file is named
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
}

/// Arguments of `itsm-ai framework`.
#[derive(Debug, Args)]
pub struct FrameworkArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: FrameworkAction,
}

/// `framework` subcommands.
#[derive(Debug, Subcommand)]
pub enum FrameworkAction {
    /// List the frameworks: built-in, and in the project-local .itsm-ai/frameworks/
    List,
    /// Print a framework file: YAML as written (default), or JSON with --format json
    Show {
        /// A framework id or a path to a framework file
        #[arg(value_name = "ID|PATH")]
        framework: String,
    },
    /// Check a framework file and report every problem with file:line:col
    Validate {
        /// The framework file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Exit 1 when there are warnings (errors always exit 2)
        #[arg(long)]
        strict: bool,
    },
    /// Print the JSON Schema of the framework format (for editors)
    Schema,
    /// Write a commented copy of a framework to adapt, with the JSON Schema beside it
    New {
        /// The new framework's id; written to NAME.yaml (or to NAME if it ends in .yaml)
        #[arg(value_name = "NAME")]
        name: String,
        /// The framework to copy: a built-in id or a path
        #[arg(long, value_name = "ID|PATH", default_value = "itsm-ai")]
        from: String,
    },
}

/// `--phase-length`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PhaseLengthArg {
    /// Three months (`--start 2027-Q1`).
    Quarter,
    /// One month (`--start 2027-03`).
    Month,
    /// Six months (`--start 2027-H1`).
    Half,
}

fn number(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("\"{text}\" is not a number"))
}

fn non_negative(text: &str) -> Result<f64, String> {
    number(text).and_then(|v| {
        if v >= 0.0 {
            Ok(v)
        } else {
            Err("must be 0 or more".into())
        }
    })
}

fn positive(text: &str) -> Result<f64, String> {
    number(text).and_then(|v| {
        if v > 0.0 {
            Ok(v)
        } else {
            Err("must be more than 0".into())
        }
    })
}

/// A CSV delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Delimiter {
    /// `,`
    Comma,
    /// `;`
    Semicolon,
    /// Tab
    Tab,
}

impl Delimiter {
    /// The byte.
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn numbers_for_capacity_and_budget_are_checked() {
        assert_eq!(non_negative("0"), Ok(0.0));
        assert_eq!(non_negative(" 12.5 "), Ok(12.5));
        assert_eq!(non_negative("-1"), Err("must be 0 or more".into()));
        assert_eq!(positive("0"), Err("must be more than 0".into()));
        assert_eq!(number("inf"), Err("\"inf\" is not a number".into()));
        assert_eq!(number("12k"), Err("\"12k\" is not a number".into()));
    }
}

/// Arguments of `itsm-ai init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to set up (made if missing); no file in it is ever overwritten
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// Arguments of `itsm-ai completions`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  itsm-ai completions bash > ~/.local/share/bash-completion/completions/itsm-ai\n  itsm-ai completions zsh > \"${fpath[1]}/_itsm-ai\"\n  itsm-ai completions fish > ~/.config/fish/completions/itsm-ai.fish"
)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Arguments of `itsm-ai man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write itsm-ai.1 and a page per command (itsm-ai-score.1, …) into DIR instead of
    /// printing the main page
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}
