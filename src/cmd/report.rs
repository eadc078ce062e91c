//! `itsm-ai report`: the assessment, the ranking, the value-vs-effort matrix and the roadmap in
//! one self-contained HTML file (or Markdown, or JSON).

use super::assess::{date_flag, read_answers};
use super::roadmap::{currency_flag, phase_names, plan, settings};
use super::{display_name, load_framework, load_inputs, read_text, scoring_of, style_for};
use crate::assemble::board::ReportContext;
use crate::cli::InputArgs;
use crate::cli::{GlobalArgs, ReportArgs};
use crate::engine::maturity;
use crate::error::{Error, Result};
use crate::framework::Framework;
use crate::model::board::BoardReport;
use crate::model::{ComparisonReport, ScoreReport};
use crate::output::{Destination, Output};
use crate::render::{self, Format};
use crate::ui::Reporter;
use std::path::Path;

/// The formats the command writes; the first is the default.
pub const FORMATS: &[Format] = &[Format::Html, Format::Markdown, Format::Json, Format::Xlsx];

/// Runs `report`.
pub fn run(global: &GlobalArgs, args: &ReportArgs) -> Result<()> {
    let reporter = Reporter {
        quiet: global.quiet,
    };
    let output = Output::resolve(
        global.format,
        global.output.as_deref(),
        global.check,
        "report",
        FORMATS,
    )?;
    let mut inputs = super::input_paths(global, &args.roadmap.inputs);
    inputs.extend(args.template.as_deref());
    inputs.extend(args.previous.as_deref());
    output.refuse_inputs(&inputs)?;
    refuse_terminal(
        &output,
        std::io::IsTerminal::is_terminal(&std::io::stdout()),
    )?;
    let date = date_flag(args.date.as_deref())?;
    let currency = currency_flag(args.roadmap.currency.as_deref())?;
    // A template is read first: a mistake in it should not wait for the whole plan.
    let template = match &args.template {
        Some(_) if !matches!(output.format, Format::Html | Format::Markdown) => {
            return Err(Error::Usage(format!(
                "--template writes HTML or Markdown; this run writes {}",
                output.format.name()
            )));
        }
        Some(path) => Some((display_name(path), read_text(path)?)),
        None => None,
    };
    phase_names(&args.roadmap)?;
    let framework = load_framework(global)?;
    let scoring = scoring_of(&framework, "report")?;
    let inputs = load_inputs(&framework, &args.roadmap.inputs, "report", &reporter)?;
    let assessment = match &inputs.baseline {
        Some(b) if b.report.is_none() => {
            return Err(Error::Usage(
                "the report needs the whole assessment: pass the answers file, or the complete output of `itsm-ai assess --format json`".into(),
            ));
        }
        Some(b) => b.report.clone(),
        None => None,
    };
    let settings = settings(&args.roadmap, &inputs)?;
    let (ranked, mut roadmap) = plan(&framework, scoring, &inputs, &settings, &reporter)?;
    roadmap.currency = currency;
    let trend = match &args.previous {
        Some(path) => Some(trend(&framework, &args.roadmap.inputs, &inputs, path)?),
        None => None,
    };
    let ranking = ScoreReport::new(
        &framework,
        scoring,
        &inputs.portfolio,
        &ranked,
        None,
        inputs.title.clone(),
        inputs.baseline.as_ref().map(|b| &b.levels),
    );
    super::warn_all(&reporter, &inputs.portfolio, &roadmap.warnings);
    let context = ReportContext {
        date,
        inputs: input_names(&args.roadmap.inputs),
        trend,
    };
    let report = BoardReport::new(&framework, assessment, ranking, roadmap, context);
    match template {
        Some((name, source)) => {
            let text = render::template::board(&name, &source, &report, output.format)?;
            output.emit(|w| w.write_all(text.as_bytes()))?;
        }
        None => {
            let renderer = render::for_format(output.format, style_for(global, &output))
                .expect("report formats all have renderers");
            output.emit(|w| renderer.board(&report, w))?;
        }
    }
    match (&framework.maturity, &report.assessment) {
        (Some(m), Some(a)) => super::assess::fail_below(m, &a.overall, args.fail_below),
        _ if args.fail_below.is_some() => Err(Error::CheckFailed(
            "--fail-below needs an assessment, and there is none".into(),
        )),
        _ => Ok(()),
    }
}

/// HTML (the default) is a page for a browser, not for a terminal: like a workbook, it is
/// refused on a terminal's stdout with a hint to write a file.
fn refuse_terminal(output: &Output, stdout_is_terminal: bool) -> Result<()> {
    if output.format == Format::Html
        && output.destination == Destination::Stdout
        && stdout_is_terminal
    {
        return Err(Error::Usage(
            "the report is an HTML page for a browser: write it with -o report.html, or redirect stdout to a file (--format markdown prints text)".into(),
        ));
    }
    Ok(())
}

/// The input files as named on the command line, for the report's footer.
fn input_names(args: &InputArgs) -> Vec<String> {
    match &args.input {
        None => vec!["the embedded example portfolio and assessment".into()],
        Some(path) => std::iter::once(path)
            .chain(&args.assessment)
            .map(|p| display_name(p))
            .collect(),
    }
}

/// The change since `previous`, an earlier answers file, as `assess compare` gives it.
fn trend(
    framework: &Framework,
    args: &InputArgs,
    inputs: &super::Inputs,
    previous: &Path,
) -> Result<ComparisonReport> {
    let (Some(model), Some(answers)) = (
        framework.maturity.as_ref(),
        inputs.baseline.as_ref().and_then(|b| b.answers.as_ref()),
    ) else {
        return Err(Error::Usage(
            "--previous compares two answers files: pass the current one with --assessment (an answers file, not a result)".into(),
        ));
    };
    let before = read_answers(previous, framework)?;
    let now_name = args
        .assessment
        .as_deref()
        .map_or_else(|| "the example assessment".to_string(), display_name);
    Ok(ComparisonReport::new(
        framework,
        model,
        (&display_name(previous), &now_name),
        (&before, &maturity::assess(model, &before)),
        (answers, &maturity::assess(model, answers)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(format: Format, destination: Destination) -> Output {
        Output {
            format,
            destination,
            check: false,
        }
    }

    #[test]
    fn html_on_a_terminal_is_refused_and_everything_else_is_written() {
        let err = refuse_terminal(&output(Format::Html, Destination::Stdout), true).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the report is an HTML page for a browser: write it with -o report.html, or redirect stdout to a file (--format markdown prints text)"
        );
        assert_eq!(err.exit_code(), 2);
        assert!(refuse_terminal(&output(Format::Html, Destination::Stdout), false).is_ok());
        assert!(refuse_terminal(&output(Format::Markdown, Destination::Stdout), true).is_ok());
        assert!(
            refuse_terminal(
                &output(Format::Html, Destination::File("r.html".into())),
                true
            )
            .is_ok()
        );
    }
}
