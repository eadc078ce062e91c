//! One module per subcommand, plus what they share: framework and input resolution.

pub mod assess;
pub mod completion;
pub mod framework;
pub mod init;
pub mod manual;
pub mod report;
pub mod roadmap;
pub mod score;

use crate::assemble::Baseline;
use crate::cli::InputArgs;
use crate::domain::{Gate, Portfolio};
use crate::error::{Code, Diagnostic, Diagnostics, Error, Result};
use crate::framework::{Framework, Scoring, builtin, discover, validate};
use crate::input::assessment::{self, AssessmentFile};
use crate::input::initiatives_csv::{self, CsvOptions};
use crate::input::{initiatives_xlsx, initiatives_yaml};
use crate::limits;
use crate::ui::Reporter;
use std::path::Path;

/// Loads `--framework`: a path, or an id looked up in the project-local
/// `.itsm-ai/frameworks/` (which wins over a built-in with the same id, with a note), then among
/// the built-ins; without it, the default built-in (or its local override).
pub fn load_framework(global: &crate::cli::GlobalArgs) -> Result<Framework> {
    let spec = global.framework.as_deref().unwrap_or(builtin::DEFAULT_ID);
    let reporter = Reporter {
        quiet: global.quiet,
    };
    if discover::is_path(spec) {
        let path = Path::new(spec);
        let text = read_text(path)?;
        return validate::load(spec, &text);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let locals = discover::local_frameworks(&cwd);
    if let Some(local) = locals.iter().find(|l| l.id == spec) {
        let name = local.path.display().to_string();
        if builtin::load(spec).is_some() {
            reporter.note(&format!(
                "using {name}, which overrides the built-in framework \"{spec}\""
            ));
        }
        let text = read_text(&local.path)?;
        return validate::load(&name, &text);
    }
    if let Some(framework) = builtin::load(spec) {
        return framework;
    }
    let path = Path::new(spec);
    if path.is_file() {
        let text = read_text(path)?;
        return validate::load(spec, &text);
    }
    let mut ids: Vec<&str> = builtin::BUILTINS.iter().map(|(id, _, _)| *id).collect();
    ids.extend(locals.iter().map(|l| l.id.as_str()));
    let hint = crate::error::did_you_mean(spec, ids.iter().copied())
        .map(|s| format!(" Did you mean \"{s}\"?"))
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "--framework \"{spec}\" is neither a known framework ({}) nor an existing file.{hint}",
        ids.join(", ")
    )))
}

/// The embedded example portfolio.
pub const EXAMPLE_CSV: &str = include_str!("../../examples/initiatives.csv");

/// Title given to results computed from the embedded example.
pub const EXAMPLE_TITLE: &str = "Example data";

/// What `score` and `roadmap` work on.
pub struct Inputs {
    /// The initiatives.
    pub portfolio: Portfolio,
    /// The assessed organisation, when an assessment was given (or the example's).
    pub baseline: Option<Baseline>,
    /// [`EXAMPLE_TITLE`] when the embedded example is used.
    pub title: Option<String>,
}

/// Returns the framework's scoring model, or a usage error naming the command that needs it.
pub fn scoring_of<'a>(framework: &'a Framework, command: &str) -> Result<&'a Scoring> {
    framework.scoring.as_ref().ok_or_else(|| {
        Error::Usage(format!(
            "framework \"{}\" has no scoring model; `{command}` needs one",
            framework.id
        ))
    })
}

/// The files a command reads: the initiatives, the assessment, and a framework named by path.
pub fn input_paths<'a>(global: &'a crate::cli::GlobalArgs, args: &'a InputArgs) -> Vec<&'a Path> {
    let framework = global
        .framework
        .as_deref()
        .filter(|f| discover::is_path(f))
        .map(Path::new);
    [args.input.as_deref(), args.assessment.as_deref(), framework]
        .into_iter()
        .flatten()
        .collect()
}

/// Prints the warnings of a result made from `portfolio`. They start with the input's own
/// (`assemble::score::portfolio_warnings`): of those, a row `--skip-invalid` dropped is printed
/// at its place (GitHub `file=`/`line=`/`col=`, JSON `file`/`line`/`column`), the others as
/// they are; the result's text of them (its `warnings`) is unchanged.
pub fn warn_all(reporter: &Reporter, portfolio: &Portfolio, warnings: &[String]) {
    let own = crate::assemble::score::portfolio_warnings(portfolio);
    let Some(rest) = warnings.strip_prefix(own.as_slice()) else {
        warnings.iter().for_each(|w| reporter.warn(w));
        return;
    };
    portfolio.warnings.iter().for_each(|w| reporter.warn(w));
    for d in &portfolio.skipped {
        reporter.warn_at(d, "skipped the row: ");
    }
    rest.iter().for_each(|w| reporter.warn(w));
}

/// Reads the initiatives and the assessment; with neither, the embedded example of both.
/// Example data is never mixed with a user's file.
pub fn load_inputs(
    framework: &Framework,
    args: &InputArgs,
    command: &str,
    reporter: &Reporter,
) -> Result<Inputs> {
    let scoring = scoring_of(framework, command)?;
    let options = csv_options(args);
    let maturity = framework.maturity.as_ref();
    let Some(path) = &args.input else {
        if args.assessment.is_some() {
            return Err(Error::Usage(
                "--assessment needs an INITIATIVES file too; the example portfolio is not mixed with your own files".into(),
            ));
        }
        reporter.note("no INITIATIVES file given: using the embedded example portfolio and example assessment (Example data); pass your own CSV or Excel file instead");
        let portfolio = initiatives_csv::read(
            "examples/initiatives.csv",
            EXAMPLE_CSV.as_bytes(),
            scoring,
            maturity,
            options,
        )?;
        let baseline = match maturity {
            Some(_) => Some(baseline_of(
                framework,
                assessment::read("examples/answers.yaml", assess::EXAMPLE_ANSWERS, framework)?,
            )),
            None => None,
        };
        return Ok(Inputs {
            portfolio,
            baseline,
            title: Some(EXAMPLE_TITLE.to_string()),
        });
    };
    let name = display_name(path);
    // The memory the run will need, before any is used: by the file's size when it has one,
    // else (standard input, a pipe) by what was read.
    let size = std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    let per_byte = match command {
        "score" => limits::MEMORY_PER_INPUT_BYTE,
        "report" => limits::REPORT_MEMORY_PER_INPUT_BYTE,
        _ => limits::PLAN_MEMORY_PER_INPUT_BYTE,
    };
    if let Some(size) = size {
        limits::ensure_memory(&name, size, per_byte)?;
    }
    let mut bytes = read_bytes(path)?;
    if size.is_none() {
        limits::ensure_memory(&name, bytes.len() as u64, per_byte)?;
    }
    if initiatives_xlsx::looks_like_workbook(&bytes) {
        // A workbook's cells take far more memory unpacked than the file on disk.
        limits::ensure_memory(
            &name,
            bytes.len() as u64,
            per_byte.max(limits::WORKBOOK_MEMORY_PER_INPUT_BYTE),
        )?;
    } else {
        bytes = crate::input::source::utf8(&name, bytes)?;
    }
    let kind = input_kind(path, &bytes);
    let misplaced = if args.delimiter.is_some() && kind != InputKind::Csv {
        Some("--delimiter applies to CSV files")
    } else if args.sheet.is_some() && kind != InputKind::Workbook {
        Some("--sheet applies to Excel workbooks")
    } else {
        None
    };
    if let Some(why) = misplaced {
        return Err(Error::Usage(format!(
            "{why}; {name} is read as {}",
            kind.describe()
        )));
    }
    let portfolio = match kind {
        InputKind::List => {
            let text = crate::input::source::text(&name, bytes)?;
            initiatives_yaml::read(&name, &text, scoring, maturity, options)?
        }
        InputKind::Workbook => initiatives_xlsx::read(
            &name,
            &bytes,
            args.sheet.as_deref(),
            scoring,
            maturity,
            options,
        )?,
        InputKind::Csv => initiatives_csv::read(&name, &bytes, scoring, maturity, options)?,
    };
    let baseline = load_baseline(args, framework)?;
    if let (Some(baseline), Some(model), Some(file)) = (&baseline, maturity, &args.assessment)
        && baseline.answers.is_none()
    {
        refuse_question_conditions(&portfolio, model, &display_name(file))?;
    }
    Ok(Inputs {
        portfolio,
        baseline,
        title: None,
    })
}

/// An assessment with levels but no answers cannot judge a question: every question-level
/// `requires` or `raises` is an input error naming its cell.
fn refuse_question_conditions(
    portfolio: &Portfolio,
    model: &crate::framework::Maturity,
    assessment: &str,
) -> Result<()> {
    let mut problems = Diagnostics::new();
    for i in &portfolio.initiatives {
        let required = i.requirements().iter().filter_map(|r| match r.gate {
            Gate::Question(d, q) => Some(("requires", d, q)),
            _ => None,
        });
        let raised = i
            .lifts()
            .iter()
            .filter_map(|r| Some(("raises", r.dimension, r.question?)));
        for (column, d, q) in required.chain(raised) {
            problems.push(
                Diagnostic::new(
                    Code::NeedsAnswers,
                    portfolio.place(i.line),
                    format!(
                        "column \"{column}\": \"{}\" names a question, but {assessment} has levels and no answers",
                        model.dimensions[d].questions[q].id
                    ),
                )
                .with_hint("pass the answers file, or the output of `itsm-ai assess --format json`, which carries the answers"),
            );
        }
    }
    problems.into_result(())
}

/// The CSV reading options the input flags ask for.
pub fn csv_options(args: &InputArgs) -> CsvOptions {
    CsvOptions {
        delimiter: args.delimiter.map(|d| d.byte()),
        skip_invalid: args.skip_invalid,
    }
}

/// The assessment named by `--assessment`, when one is given.
pub fn load_baseline(args: &InputArgs, framework: &Framework) -> Result<Option<Baseline>> {
    match &args.assessment {
        Some(file) => Ok(Some(baseline_of(
            framework,
            assessment::read(&display_name(file), &read_text(file)?, framework)?,
        ))),
        None => Ok(None),
    }
}

/// The baseline an assessment file gives: answers scored, a result's levels as they are.
fn baseline_of(framework: &Framework, file: AssessmentFile) -> Baseline {
    match (file, framework.maturity.as_ref()) {
        (AssessmentFile::Answers(answers), Some(model)) => {
            Baseline::scored(framework, model, &answers)
        }
        (AssessmentFile::Result(result), _) => Baseline {
            levels: result.levels,
            organisation: result.organisation,
            report: result.report,
            answers: None,
        },
        (AssessmentFile::Answers(answers), None) => Baseline {
            levels: Default::default(),
            organisation: answers.organisation,
            report: None,
            answers: None,
        },
    }
}

/// What an initiatives input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Delimited text.
    Csv,
    /// A YAML or JSON list of records.
    List,
    /// An Excel (or OpenDocument) workbook.
    Workbook,
}

impl InputKind {
    /// How the kind is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            InputKind::Csv => "CSV",
            InputKind::List => "a YAML/JSON list",
            InputKind::Workbook => "an Excel workbook",
        }
    }
}

/// What an initiatives input is: a workbook by its signature (no text file starts like one,
/// whatever it is named), otherwise by the extension; without a known one (stdin, say), by its
/// first line (`[`, `{`, `-` or `initiatives:` for a list).
pub fn input_kind(path: &Path, bytes: &[u8]) -> InputKind {
    if initiatives_xlsx::looks_like_workbook(bytes) {
        return InputKind::Workbook;
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("yaml" | "yml" | "json") => return InputKind::List,
        Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods") => return InputKind::Workbook,
        Some("csv" | "tsv" | "txt") => return InputKind::Csv,
        _ => {}
    }
    if path.as_os_str() != "-" {
        return InputKind::Csv;
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The first line that is not blank, a comment or a document start decides.
    let list = text
        .split(|&b| b == b'\n')
        .map(|line| line.trim_ascii())
        .find(|line| !line.is_empty() && !line.starts_with(b"#") && *line != b"---")
        .is_some_and(|line| {
            matches!(line[0], b'[' | b'{')
                || line == b"-"
                || line.starts_with(b"- ")
                || line.starts_with(b"initiatives:")
        });
    if list {
        InputKind::List
    } else {
        InputKind::Csv
    }
}

/// How text output looks: colour only for a table on stdout when allowed; on stdout, wrapped
/// to `COLUMNS` or the terminal (no wrapping in a pipe); in a file, never wrapped.
pub fn style_for(
    global: &crate::cli::GlobalArgs,
    output: &crate::output::Output,
) -> crate::render::Style {
    let stdout = output.destination == crate::output::Destination::Stdout;
    crate::render::Style {
        color: output.format == crate::render::Format::Table
            && stdout
            && crate::ui::use_color(global.color),
        width: if stdout {
            crate::ui::table_width()
        } else {
            None
        },
        header: !global.no_header,
    }
}

/// Reads a whole file (or stdin for `-`) as bytes, within the input size limit.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    crate::input::source::read(path, &display_name(path))
}

/// Reads a whole text file as UTF-8 (UTF-16 with a byte-order mark decoded), with a located
/// error when it is in another encoding.
pub fn read_text(path: &Path) -> Result<String> {
    crate::input::source::text(&display_name(path), read_bytes(path)?)
}

/// How a path is named in messages: as given, `<stdin>` for `-`.
pub fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}
