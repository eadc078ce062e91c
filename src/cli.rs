//! The command line (clap derive): the subcommands, each with the shared flags it uses, and
//! the two flags of the whole program (`--color`, `--message-format`).

mod help;
mod leading;

use crate::render::Format;
pub use crate::ui::ColorChoice;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use help::*;
pub use help::{ENVIRONMENT, EXIT_STATUS};
pub use leading::move_leading_flags;
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
#[command(after_help = main_after_help())]
pub struct Cli {
    /// When to colour tables, help, errors and prompts
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// How to print problems: for people, one JSON object per line, or GitHub Actions annotations
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human, value_name = "FORMAT")]
    pub message_format: MessageFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The shared flags of the command that runs, as plain settings; a flag the command does not
/// take keeps its default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalArgs {
    /// `--format`.
    pub format: Option<Format>,
    /// `-o/--output`.
    pub output: Option<PathBuf>,
    /// `--framework` (or `ITSM_AI_FRAMEWORK`).
    pub framework: Option<String>,
    /// `--color`.
    pub color: ColorChoice,
    /// `--message-format`.
    pub message_format: MessageFormat,
    /// `-q/--quiet`.
    pub quiet: bool,
    /// `--top`.
    pub top: Option<u64>,
    /// `--check`.
    pub check: bool,
    /// `--no-header`.
    pub no_header: bool,
}

impl Default for GlobalArgs {
    fn default() -> Self {
        GlobalArgs {
            format: None,
            output: None,
            framework: None,
            color: ColorChoice::Auto,
            message_format: MessageFormat::Human,
            quiet: false,
            top: None,
            check: false,
            no_header: false,
        }
    }
}

impl Cli {
    /// The shared settings of the command that runs (the innermost subcommand's flags).
    pub fn settings(&self) -> GlobalArgs {
        let mut g = GlobalArgs {
            color: self.color,
            message_format: self.message_format,
            ..GlobalArgs::default()
        };
        match &self.command {
            Command::Score { flags, .. } => flags.apply(&mut g),
            Command::Assess { args, flags } => match &args.action {
                Some(AssessAction::Merge { flags, .. }) => flags.apply(&mut g),
                Some(AssessAction::Compare { flags, .. }) => flags.apply(&mut g),
                None => flags.apply(&mut g),
            },
            Command::Roadmap { flags, .. } => flags.apply(&mut g),
            Command::Report { flags, .. } => flags.apply(&mut g),
            Command::Framework(args) => match &args.action {
                FrameworkAction::List { flags } => flags.apply(&mut g),
                FrameworkAction::Show { flags, .. } => flags.apply(&mut g),
                FrameworkAction::Validate { flags, .. } => flags.apply(&mut g),
                FrameworkAction::Schema { flags } => flags.apply(&mut g),
                FrameworkAction::New { flags, .. } => flags.apply(&mut g),
            },
            Command::Init { flags, .. } => flags.apply(&mut g),
            Command::Completions { flags, .. } => flags.apply(&mut g),
            Command::Man { flags, .. } => flags.apply(&mut g),
        }
        g
    }
}

/// `--message-format`: how problems are printed on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// `file:line:col: message [code]` and a hint, for people
    Human,
    /// One JSON object per problem and line: schema_version, severity, code, place, message, hint
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`): shown on the line
    Github,
}

impl From<MessageFormat> for crate::ui::MessageFormat {
    fn from(m: MessageFormat) -> Self {
        match m {
            MessageFormat::Human => crate::ui::MessageFormat::Human,
            MessageFormat::Json => crate::ui::MessageFormat::Json,
            MessageFormat::Github => crate::ui::MessageFormat::Github,
        }
    }
}

/// A `--format` that offers only `formats` (what one command writes).
fn formats(formats: &'static [Format]) -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(formats.iter().filter_map(ValueEnum::to_possible_value)).map(|name| {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .expect("a possible value is a format")
    })
}

// Each command takes exactly the shared flags it uses, so clap rejects the rest: its block
// below is made of the pieces here, and `--format` lists the formats that command writes.

/// `-o FILE` and `--check`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Shared options")]
pub struct OutputFlags {
    /// Write the result to FILE (atomically; `-` is stdout); the extension sets the format
    #[arg(short = 'o', long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,
    /// Compare with the -o file instead of writing it; exit 1 if it would change or is missing
    #[arg(long)]
    pub check: bool,
}

impl OutputFlags {
    /// Copies the flags into the settings.
    pub fn apply(&self, g: &mut GlobalArgs) {
        g.output = self.output.clone();
        g.check = self.check;
    }
}

/// `--framework`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Shared options")]
pub struct FrameworkFlag {
    /// Framework: a built-in id (itsm-ai, rice, ice, wsjf) or a path to a YAML framework file
    #[arg(long, env = "ITSM_AI_FRAMEWORK", value_name = "ID|PATH")]
    pub framework: Option<String>,
}

impl FrameworkFlag {
    /// Copies the flag into the settings.
    pub fn apply(&self, g: &mut GlobalArgs) {
        g.framework = self.framework.clone();
    }
}

/// `-q`; alone, the shared flags of `init`, `framework new` and `framework validate`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Shared options")]
pub struct QuietFlags {
    /// Print no notes on stderr (warnings and errors still appear)
    #[arg(short, long)]
    pub quiet: bool,
}

impl QuietFlags {
    /// Copies the flag into the settings.
    pub fn apply(&self, g: &mut GlobalArgs) {
        g.quiet = self.quiet;
    }
}

/// `--no-header`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Shared options")]
pub struct NoHeaderFlag {
    /// Leave out the header row of a table, CSV or TSV (for shell pipelines)
    #[arg(long)]
    pub no_header: bool,
}

impl NoHeaderFlag {
    /// Copies the flag into the settings.
    pub fn apply(&self, g: &mut GlobalArgs) {
        g.no_header = self.no_header;
    }
}

/// The shared flags of `score`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Shared options")]
pub struct ScoreFlags {
    /// Output format [default: the first listed, or from the -o extension]
    #[arg(long, value_name = "FORMAT", value_parser = formats(crate::cmd::score::FORMATS))]
    pub format: Option<Format>,
    #[command(flatten)]
    output: OutputFlags,
    #[command(flatten)]
    framework: FrameworkFlag,
    #[command(flatten)]
    quiet: QuietFlags,
    /// Print only the first N rows
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub top: Option<u64>,
    #[command(flatten)]
    no_header: NoHeaderFlag,
}

impl ScoreFlags {
    /// Copies the flags into the settings.
    pub fn apply(&self, g: &mut GlobalArgs) {
        g.format = self.format;
        self.output.apply(g);
        self.framework.apply(g);
        self.quiet.apply(g);
        g.top = self.top;
        self.no_header.apply(g);
    }
}

/// The shared flags of `assess`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Shared options")]
pub struct AssessFlags {
    /// Output format [default: the first listed, or from the -o extension]
    #[arg(long, value_name = "FORMAT", value_parser = formats(crate::cmd::assess::FORMATS))]
    pub format: Option<Format>,
    #[command(flatten)]
    output: OutputFlags,
    #[command(flatten)]
    framework: FrameworkFlag,
    #[command(flatten)]
    quiet: QuietFlags,
}

impl AssessFlags {
    /// Copies the flags into the settings.
    pub fn apply(&self, g: &mut GlobalArgs) {
        g.format = self.format;
        self.output.apply(g);
        self.framework.apply(g);
        self.quiet.apply(g);
    }
}

/// The shared flags of `assess merge`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Shared options")]
pub struct MergeFlags {
    /// Output format [default: the first listed, or from the -o extension]
    #[arg(long, value_name = "FORMAT", value_parser = formats(crate::cmd::assess::MERGE_FORMATS))]
    pub format: Option<Format>,
    #[command(flatten)]
    output: OutputFlags,
    #[command(flatten)]
    framework: FrameworkFlag,
    #[command(flatten)]
    quiet: QuietFlags,
}

impl MergeFlags {
    /// Copies the flags into the settings.
    pub fn apply(&self, g: &mut GlobalArgs) {
        g.format = self.format;
        self.output.apply(g);
        self.framework.apply(g);
        self.quiet.apply(g);
    }
}

/// The shared flags of `assess compare`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Shared options")]
pub struct CompareFlags {
    /// Output format [default: the first listed, or from the -o extension]
    #[arg(long, value_name = "FORMAT", value_parser = formats(crate::cmd::assess::FORMATS))]
    pub format: Option<Format>,
    #[command(flatten)]
    output: OutputFlags,
    #[command(flatten)]
    framework: FrameworkFlag,
}

impl CompareFlags {
    /// Copies the flags into the settings.
    pub fn apply(&self, g: &mut GlobalArgs) {
        g.format = self.format;
        self.output.apply(g);
        self.framework.apply(g);
    }
}

/// The shared flags of `roadmap`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Shared options")]
pub struct RoadmapFlags {
    /// Output format [default: the first listed, or from the -o extension]
    #[arg(long, value_name = "FORMAT", value_parser = formats(crate::cmd::roadmap::FORMATS))]
    pub format: Option<Format>,
    #[command(flatten)]
    output: OutputFlags,
    #[command(flatten)]
    framework: FrameworkFlag,
    #[command(flatten)]
    quiet: QuietFlags,
    #[command(flatten)]
    no_header: NoHeaderFlag,
}

impl RoadmapFlags {
    /// Copies the flags into the settings.
    pub fn apply(&self, g: &mut GlobalArgs) {
        g.format = self.format;
        self.output.apply(g);
        self.framework.apply(g);
        self.quiet.apply(g);
        self.no_header.apply(g);
    }
}

/// The shared flags of `report`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Shared options")]
pub struct ReportFlags {
    /// Output format [default: the first listed, or from the -o extension]
    #[arg(long, value_name = "FORMAT", value_parser = formats(crate::cmd::report::FORMATS))]
    pub format: Option<Format>,
    #[command(flatten)]
    output: OutputFlags,
    #[command(flatten)]
    framework: FrameworkFlag,
    #[command(flatten)]
    quiet: QuietFlags,
}

impl ReportFlags {
    /// Copies the flags into the settings.
    pub fn apply(&self, g: &mut GlobalArgs) {
        g.format = self.format;
        self.output.apply(g);
        self.framework.apply(g);
        self.quiet.apply(g);
    }
}

/// The shared flags of `framework list`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Shared options")]
pub struct ListFlags {
    /// Output format [default: the first listed, or from the -o extension]
    #[arg(long, value_name = "FORMAT", value_parser = formats(crate::cmd::framework::LIST_FORMATS))]
    pub format: Option<Format>,
    #[command(flatten)]
    output: OutputFlags,
    #[command(flatten)]
    quiet: QuietFlags,
    #[command(flatten)]
    no_header: NoHeaderFlag,
}

impl ListFlags {
    /// Copies the flags into the settings.
    pub fn apply(&self, g: &mut GlobalArgs) {
        g.format = self.format;
        self.output.apply(g);
        self.quiet.apply(g);
        self.no_header.apply(g);
    }
}

/// The shared flags of `framework show`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Shared options")]
pub struct ShowFlags {
    /// Output format [default: the first listed, or from the -o extension]
    #[arg(long, value_name = "FORMAT", value_parser = formats(crate::cmd::framework::SHOW_FORMATS))]
    pub format: Option<Format>,
    #[command(flatten)]
    output: OutputFlags,
}

impl ShowFlags {
    /// Copies the flags into the settings.
    pub fn apply(&self, g: &mut GlobalArgs) {
        g.format = self.format;
        self.output.apply(g);
    }
}

impl ValueEnum for ColorChoice {
    fn value_variants<'a>() -> &'a [Self] {
        &[ColorChoice::Auto, ColorChoice::Always, ColorChoice::Never]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            ColorChoice::Auto => PossibleValue::new("auto")
                .help("On a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb (CLICOLOR_FORCE forces it)"),
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
            Format::Tsv => "Tab-separated values, one row per item (for cut, sort, awk)",
            Format::Json => "JSON (the versioned contract)",
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
    #[command(after_help = SCORE_HELP)]
    Score {
        /// What `score` does.
        #[command(flatten)]
        args: ScoreArgs,
        /// Its shared flags.
        #[command(flatten)]
        flags: ScoreFlags,
    },
    /// Answer the maturity questionnaire (interactive, autosaved) or score an answers file; merge or
    /// compare answers
    #[command(args_conflicts_with_subcommands = true, after_help = ASSESS_HELP)]
    Assess {
        /// What `assess` does.
        #[command(flatten)]
        args: AssessArgs,
        /// Its shared flags.
        #[command(flatten)]
        flags: AssessFlags,
    },
    /// Plan the initiatives into phases: by rank, within capacity, after their dependencies and
    /// once the organisation is ready for them
    #[command(after_help = ROADMAP_HELP)]
    Roadmap {
        /// What `roadmap` does.
        #[command(flatten)]
        args: RoadmapArgs,
        /// Its shared flags.
        #[command(flatten)]
        flags: RoadmapFlags,
    },
    /// Write the board report: assessment, ranking, value-vs-effort matrix and roadmap in one
    /// self-contained HTML file (or Markdown, JSON)
    #[command(after_help = REPORT_HELP)]
    Report {
        /// What `report` does.
        #[command(flatten)]
        args: ReportArgs,
        /// Its shared flags.
        #[command(flatten)]
        flags: ReportFlags,
    },
    /// List, show, validate and create frameworks; print the JSON Schema of the format
    #[command(after_help = FRAMEWORK_HELP)]
    Framework(FrameworkArgs),
    /// Set up a working folder: example initiatives and answers, a framework to adapt, the
    /// roadmap they give, and CI scripts that keep it current
    #[command(after_help = INIT_HELP)]
    Init {
        /// What `init` does.
        #[command(flatten)]
        args: InitArgs,
        /// Its shared flags.
        #[command(flatten)]
        flags: QuietFlags,
    },
    /// Print the shell completion script for SHELL
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// What `completions` does.
        #[command(flatten)]
        args: CompletionsArgs,
        /// Its shared flags.
        #[command(flatten)]
        flags: OutputFlags,
    },
    /// Print the manual page (roff), or write one page per command into a folder
    #[command(after_help = MAN_HELP)]
    Man {
        /// What `man` does.
        #[command(flatten)]
        args: ManArgs,
        /// Its shared flags.
        #[command(flatten)]
        flags: OutputFlags,
    },
}

/// Arguments of `itsm-ai assess`.
#[derive(Debug, Args)]
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
    /// Ask in plain text for screen readers and simple terminals: numbered options printed
    /// once, the answer typed and confirmed with Enter, nothing redrawn (automatic when
    /// TERM=dumb)
    #[arg(long)]
    pub plain: bool,
    /// Merge or compare answers files
    #[command(subcommand)]
    pub action: Option<AssessAction>,
}

/// `assess` subcommands.
#[derive(Debug, Subcommand)]
pub enum AssessAction {
    /// Combine several respondents' answers (median per question) into one answers file
    #[command(after_help = MERGE_HELP)]
    Merge {
        /// Answers files, one per respondent
        #[arg(value_name = "FILES", required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// The date of the merged answers (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Its shared flags.
        #[command(flatten)]
        flags: MergeFlags,
    },
    /// Show the change per dimension and overall between two answers files
    #[command(after_help = COMPARE_HELP)]
    Compare {
        /// The earlier answers
        #[arg(value_name = "BEFORE")]
        before: PathBuf,
        /// The later answers
        #[arg(value_name = "AFTER")]
        after: PathBuf,
        /// Its shared flags.
        #[command(flatten)]
        flags: CompareFlags,
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
    ///
    /// The list is read as one CSV line, so a name holding a comma is quoted: 'id,"Cost, EUR"'.
    /// TSV and Excel output take it too.
    #[arg(long, value_name = "LIST", value_parser = column_list, action = clap::ArgAction::Append)]
    pub columns: Vec<ColumnList>,
}

impl ScoreArgs {
    /// The names given to `--columns`, every use in order (a repeated flag adds to the list);
    /// `None` without the flag.
    pub fn column_names(&self) -> Option<Vec<String>> {
        (!self.columns.is_empty()).then(|| {
            self.columns
                .iter()
                .flat_map(|list| list.iter().cloned())
                .collect()
        })
    }
}

/// Arguments of `itsm-ai roadmap`.
#[derive(Debug, Args)]
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
    /// The currency of the cost column and the budget: an ISO 4217 code such as EUR or USD,
    /// printed before every amount [default: none]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
}

/// Arguments of `itsm-ai report`.
#[derive(Debug, Args)]
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
    /// The report's date (YYYY-MM-DD), shown under the title and on every printed page; never
    /// taken from the clock
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// An earlier answers file: the report shows the change per dimension and overall since
    /// then (as `assess compare`)
    #[arg(long, value_name = "OLD-ANSWERS")]
    pub previous: Option<PathBuf>,
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
    #[command(after_help = LIST_HELP)]
    List {
        /// Its shared flags.
        #[command(flatten)]
        flags: ListFlags,
    },
    /// Print a framework file: YAML as written (default), or JSON with --format json
    #[command(after_help = SHOW_HELP)]
    Show {
        /// A framework id or a path to a framework file
        #[arg(value_name = "ID|PATH")]
        framework: String,
        /// Its shared flags.
        #[command(flatten)]
        flags: ShowFlags,
    },
    /// Check a framework file and report every problem with file:line:col
    #[command(after_help = VALIDATE_HELP)]
    Validate {
        /// The framework file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Exit 1 when there are warnings (errors always exit 2)
        #[arg(long)]
        strict: bool,
        /// Its shared flags.
        #[command(flatten)]
        flags: QuietFlags,
    },
    /// Print the JSON Schema of the framework format (for editors)
    #[command(after_help = SCHEMA_HELP)]
    Schema {
        /// Its shared flags.
        #[command(flatten)]
        flags: OutputFlags,
    },
    /// Write a commented copy of a framework to adapt, with the JSON Schema beside it
    #[command(after_help = NEW_HELP)]
    New {
        /// The new framework's id; written to NAME.yaml (or to NAME if it ends in .yaml)
        #[arg(value_name = "NAME")]
        name: String,
        /// The framework to copy: a built-in id or a path
        #[arg(long, value_name = "ID|PATH", default_value = "itsm-ai")]
        from: String,
        /// Its shared flags.
        #[command(flatten)]
        flags: QuietFlags,
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

/// Column names given to `--columns`, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnList(pub Vec<String>);

impl std::ops::Deref for ColumnList {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.0
    }
}

/// Reads `--columns` as one CSV record (comma-separated, `"` quotes a name holding a comma).
fn column_list(text: &str) -> Result<ColumnList, String> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let names: Vec<String> = match records.next() {
        Some(Ok(record)) => record.iter().map(str::to_string).collect(),
        Some(Err(e)) => return Err(format!("not a list of column names: {e}")),
        None => Vec::new(),
    };
    if records.next().is_some() {
        return Err("the list is one line: column names separated by commas".into());
    }
    if names.is_empty() {
        return Err("name at least one column (e.g. rank,id,score)".into());
    }
    Ok(ColumnList(names))
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
    fn the_framework_flag_names_every_built_in() {
        use clap::CommandFactory;
        let command = Cli::command();
        let score = command.find_subcommand("score").unwrap();
        let flag = score
            .get_arguments()
            .find(|a| a.get_id() == "framework")
            .unwrap();
        let help = flag.get_help().unwrap().to_string();
        let ids: Vec<&str> = crate::framework::builtin::BUILTINS
            .iter()
            .map(|(id, _, _)| *id)
            .collect();
        assert!(help.contains(&format!("({})", ids.join(", "))), "{help}");
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
