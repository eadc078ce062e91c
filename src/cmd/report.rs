//! `itsm-ai report`: the assessment, the ranking, the value-vs-effort matrix and the roadmap in
//! one self-contained HTML file (or Markdown, or JSON).

use super::roadmap::{phase_names, plan, settings};
use super::{display_name, load_framework, load_inputs, read_text, scoring_of, style_for};
use crate::cli::{GlobalArgs, ReportArgs};
use crate::error::{Error, Result};
use crate::model::ScoreReport;
use crate::model::board::BoardReport;
use crate::output::Output;
use crate::render::{self, Format};
use crate::ui::Reporter;

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
    output.refuse_inputs(&inputs)?;
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
    let (ranked, roadmap) = plan(&framework, scoring, &inputs, &settings, &reporter)?;
    let ranking = ScoreReport::new(
        &framework,
        scoring,
        &inputs.portfolio,
        &ranked,
        None,
        inputs.title.clone(),
        inputs.baseline.as_ref().map(|b| &b.levels),
    );
    for warning in &roadmap.warnings {
        reporter.warn(warning);
    }
    let report = BoardReport::new(&framework, assessment, ranking, roadmap);
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
