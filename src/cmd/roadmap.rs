//! `itsm-ai roadmap`: rank, then schedule into phases by capacity, dependencies and readiness.

use super::{Inputs, load_framework, load_inputs, scoring_of, style_for};
use crate::assemble::{self, roadmap::PlanSettings};
use crate::cli::{GlobalArgs, PhaseLengthArg, RoadmapArgs};
use crate::domain::currency;
use crate::domain::period::{self, Period, PhaseLength};
use crate::engine::rank::Ranked;
use crate::error::{Error, Result};
use crate::framework::{Framework, Scoring};
use crate::model::roadmap::RoadmapReport;
use crate::output::Output;
use crate::render::{self, Format};
use crate::ui::Reporter;
use crate::ui::stopwatch::Stopwatch;

/// Person-months per phase the embedded example plans with, so the demo shows real sequencing.
pub const EXAMPLE_CAPACITY_PM: f64 = 12.0;

/// The formats the command writes; the first is the default.
pub const FORMATS: &[Format] = &[
    Format::Table,
    Format::Csv,
    Format::Tsv,
    Format::Json,
    Format::Markdown,
    Format::Html,
    Format::Xlsx,
];

/// Runs `roadmap`.
pub fn run(global: &GlobalArgs, args: &RoadmapArgs) -> Result<()> {
    let reporter = Reporter {
        quiet: global.quiet,
    };
    let output = Output::resolve(
        global.format,
        global.output.as_deref(),
        global.check,
        "roadmap",
        FORMATS,
    )?;
    output.refuse_inputs(&super::input_paths(global, &args.inputs))?;
    phase_names(args)?;
    let framework = load_framework(global)?;
    let scoring = scoring_of(&framework, "roadmap")?;
    let mut watch = Stopwatch::start();
    let inputs = load_inputs(&framework, &args.inputs, "roadmap", &reporter)?;
    watch.lap("read and check");
    let settings = settings(args, &inputs)?;
    let (_, mut report) = plan(&framework, scoring, &inputs, &settings, &reporter)?;
    watch.lap("rank and plan");
    report.currency = currency_flag(args.currency.as_deref())?;
    super::warn_all(&reporter, &inputs.portfolio, &report.warnings);
    let renderer = render::for_format(output.format, style_for(global, &output))
        .expect("roadmap formats all have renderers");
    output.emit(|w| renderer.roadmap(&report, w))?;
    watch.lap("write");
    Ok(())
}

/// The plan's settings from the roadmap flags; the embedded example carries its own capacity.
pub fn settings(args: &RoadmapArgs, inputs: &Inputs) -> Result<PlanSettings> {
    Ok(PlanSettings {
        phases: phase_names(args)?,
        capacity: match (args.capacity, &inputs.title) {
            (None, Some(_)) => Some(EXAMPLE_CAPACITY_PM),
            (c, _) => c,
        },
        include_all: args.include_all,
        it_budget: args.it_budget,
    })
}

/// The `--currency` flag, checked: three letters (ISO 4217), printed in capitals.
pub fn currency_flag(code: Option<&str>) -> Result<Option<String>> {
    let Some(code) = code else {
        return Ok(None);
    };
    if let Some(code) = currency::iso_4217(code) {
        return Ok(Some(code));
    }
    let near = currency::near(code);
    let hint = if near.is_empty() {
        "write its three letters, e.g. EUR, USD or GBP".to_string()
    } else {
        format!("did you mean {}?", near.join(" or "))
    };
    Err(Error::Usage(format!(
        "--currency: \"{code}\" is not an ISO 4217 currency code; {hint}"
    )))
}

/// Ranks and schedules the inputs, then says on stderr when prerequisites went unchecked.
pub fn plan<'a>(
    framework: &'a Framework,
    scoring: &'a Scoring,
    inputs: &'a Inputs,
    settings: &'a PlanSettings,
    reporter: &Reporter,
) -> Result<(Vec<Ranked>, RoadmapReport<'a>)> {
    let planned = assemble::roadmap::plan(
        framework,
        scoring,
        &inputs.portfolio,
        inputs.baseline.as_ref(),
        inputs.title.clone(),
        settings,
    )?;
    match (&inputs.baseline, framework.maturity.is_some()) {
        (None, true) => reporter.note(
            "no --assessment given: prerequisites (requires) are not checked; pass an answers file or assessment result to gate initiatives on readiness",
        ),
        (None, false) => reporter.note(&format!(
            "framework \"{}\" has no maturity model: prerequisites are not checked",
            framework.id
        )),
        _ => {}
    }
    Ok(planned)
}

/// Phase names from `--phases`, `--start` and `--phase-length`, which must agree.
pub fn phase_names(args: &RoadmapArgs) -> Result<Vec<period::PhaseName>> {
    let length = args.phase_length.map(|l| match l {
        PhaseLengthArg::Quarter => PhaseLength::Quarter,
        PhaseLengthArg::Month => PhaseLength::Month,
        PhaseLengthArg::Half => PhaseLength::Half,
    });
    let start = args
        .start
        .as_deref()
        .map(Period::parse)
        .transpose()
        .map_err(Error::Usage)?;
    if let (Some(start), Some(length)) = (start, length)
        && start.length != length
    {
        return Err(Error::Usage(format!(
            "--start {} is a {}, but --phase-length is {}; they must agree (or leave out --phase-length)",
            args.start.as_deref().unwrap_or_default(),
            start.length.as_str(),
            length.as_str()
        )));
    }
    Ok(period::phase_names(usize::from(args.phases), start, length))
}
