//! One module per subcommand, plus what they share: framework and input resolution.

pub mod assess;
pub mod report;
pub mod roadmap;
pub mod score;

use crate::cli::InputArgs;
use crate::error::{Diagnostic, Error, Place, Result};
use crate::framework::{Framework, Scoring, builtin, validate};
use crate::input::assessment::{self, Baseline};
use crate::input::initiatives_csv::{self, CsvOptions};
use crate::portfolio::Portfolio;
use crate::ui::Reporter;
use std::io::Read;
use std::path::Path;

/// Loads `--framework` (a built-in id or a path), or the default built-in.
pub fn load_framework(spec: Option<&str>) -> Result<Framework> {
    let spec = spec.unwrap_or(builtin::DEFAULT_ID);
    if let Some(framework) = builtin::load(spec) {
        return framework;
    }
    let path = Path::new(spec);
    if path.is_file() {
        let text = read_text(path)?;
        return validate::load(spec, &text);
    }
    let ids: Vec<&str> = builtin::BUILTINS.iter().map(|(id, _, _)| *id).collect();
    let hint = crate::error::did_you_mean(spec, ids.iter().copied())
        .map(|s| format!(" Did you mean \"{s}\"?"))
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "--framework \"{spec}\" is neither a built-in framework ({}) nor an existing file.{hint}",
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

/// Reads the initiatives and the assessment; with neither, the embedded example of both.
/// Example data is never mixed with a user's file.
pub fn load_inputs(
    framework: &Framework,
    args: &InputArgs,
    command: &str,
    reporter: &Reporter,
) -> Result<Inputs> {
    let scoring = scoring_of(framework, command)?;
    let options = CsvOptions {
        delimiter: args.delimiter.map(|d| d.byte()),
        skip_invalid: args.skip_invalid,
    };
    let maturity = framework.maturity.as_ref();
    let Some(path) = &args.input else {
        if args.assessment.is_some() {
            return Err(Error::Usage(
                "--assessment needs an INITIATIVES file too; the example portfolio is not mixed with your own files".into(),
            ));
        }
        reporter.note("no INITIATIVES file given: using the embedded example portfolio and example assessment (Example data); pass a CSV to use your own");
        let portfolio = initiatives_csv::read(
            "examples/initiatives.csv",
            EXAMPLE_CSV.as_bytes(),
            scoring,
            maturity,
            options,
        )?;
        let baseline = match maturity {
            Some(_) => Some(assessment::read(
                "examples/answers.yaml",
                assess::EXAMPLE_ANSWERS,
                framework,
            )?),
            None => None,
        };
        return Ok(Inputs {
            portfolio,
            baseline,
            title: Some(EXAMPLE_TITLE.to_string()),
        });
    };
    let bytes = read_bytes(path)?;
    let portfolio = initiatives_csv::read(&display_name(path), &bytes, scoring, maturity, options)?;
    let baseline = match &args.assessment {
        Some(file) => {
            let text = read_text(file)?;
            Some(assessment::read(&display_name(file), &text, framework)?)
        }
        None => None,
    };
    Ok(Inputs {
        portfolio,
        baseline,
        title: None,
    })
}

/// How text output looks: colour only for a table on stdout when allowed; the terminal's
/// width on a terminal, 80 columns otherwise.
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
            Some(80)
        },
    }
}

/// Reads a whole file (or stdin for `-`) as bytes.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Error::io("<stdin>", e))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Reads a whole text file, with a located error when it is not UTF-8.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        Error::single(Diagnostic::new(
            "invalid-utf8",
            Place::line(display_name(path), line),
            "the file is not valid UTF-8",
        ))
    })
}

/// How a path is named in messages: as given, `<stdin>` for `-`.
pub fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}
