//! `itsm-ai score`: rank initiatives with the framework's formula.

use super::{display_name, load_framework, read_bytes, style_for};
use crate::cli::{GlobalArgs, ScoreArgs};
use crate::engine::arice;
use crate::error::{Error, Result};
use crate::input::initiatives_csv::{self, CsvOptions};
use crate::model::ScoreReport;
use crate::output::Output;
use crate::render::{self, Format};
use crate::ui::Reporter;

/// The embedded example portfolio.
pub const EXAMPLE_CSV: &str = include_str!("../../examples/initiatives.csv");

/// Title given to results computed from the embedded example.
pub const EXAMPLE_TITLE: &str = "Example data";

const FORMATS: &[Format] = &[Format::Table, Format::Csv, Format::Json, Format::Markdown];

/// Runs `score`.
pub fn run(global: &GlobalArgs, args: &ScoreArgs) -> Result<()> {
    let reporter = Reporter {
        quiet: global.quiet,
    };
    let output = Output::resolve(
        global.format,
        global.output.as_deref(),
        global.check,
        "score",
        FORMATS,
    )?;
    let framework = load_framework(global.framework.as_deref())?;
    let Some(scoring) = framework.scoring.as_ref() else {
        return Err(Error::Usage(format!(
            "framework \"{}\" has no scoring model; `score` needs one",
            framework.id
        )));
    };
    let options = CsvOptions {
        delimiter: args.delimiter.map(|d| d.byte()),
        skip_invalid: args.skip_invalid,
    };
    let (portfolio, title) = match &args.input {
        Some(path) => {
            let bytes = read_bytes(path)?;
            (
                initiatives_csv::read(
                    &display_name(path),
                    &bytes,
                    scoring,
                    framework.maturity.as_ref(),
                    options,
                )?,
                None,
            )
        }
        None => {
            reporter.note("no INITIATIVES file given: scoring the embedded example portfolio (Example data); pass a CSV to score your own");
            let portfolio = initiatives_csv::read(
                "examples/initiatives.csv",
                EXAMPLE_CSV.as_bytes(),
                scoring,
                framework.maturity.as_ref(),
                options,
            )?;
            (portfolio, Some(EXAMPLE_TITLE.to_string()))
        }
    };
    let ranked = arice::rank(scoring, &portfolio.initiatives);
    let top = global.top.map(|n| n as usize);
    let report = ScoreReport::new(&framework, scoring, &portfolio, &ranked, top, title);
    for warning in &report.warnings {
        reporter.warn(warning);
    }
    let renderer = render::for_format(output.format, style_for(global, &output))
        .expect("score formats all have renderers");
    output.emit(|w| renderer.score(&report, w))
}
