//! `itsm-ai roadmap`: rank, then schedule into phases by capacity, dependencies and readiness.

use super::{Inputs, load_framework, load_inputs, scoring_of, style_for};
use crate::assemble::roadmap::RoadmapInput;
use crate::cli::{GlobalArgs, PhaseLengthArg, RoadmapArgs};
use crate::domain::period::{self, Period, PhaseLength};
use crate::engine::{arice, roadmap};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::framework::{Framework, Scoring};
use crate::model::roadmap::RoadmapReport;
use crate::output::Output;
use crate::render::{self, Format};
use crate::ui::Reporter;

/// Person-months per phase the embedded example plans with, so the demo shows real sequencing.
pub const EXAMPLE_CAPACITY_PM: f64 = 12.0;

const FORMATS: &[Format] = &[
    Format::Table,
    Format::Csv,
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
    if global.top.is_some() {
        return Err(Error::Usage(
            "--top does not apply to `roadmap`: a plan is shown whole".into(),
        ));
    }
    let output = Output::resolve(
        global.format,
        global.output.as_deref(),
        global.check,
        "roadmap",
        FORMATS,
    )?;
    let phases = phase_names(args)?;
    let framework = load_framework(global)?;
    let scoring = scoring_of(&framework, "roadmap")?;
    let inputs = load_inputs(&framework, &args.inputs, "roadmap", &reporter)?;
    let (_, report) = plan(&framework, scoring, &inputs, args, &phases, &reporter)?;
    for warning in &report.warnings {
        reporter.warn(warning);
    }
    let renderer = render::for_format(output.format, style_for(global, &output))
        .expect("roadmap formats all have renderers");
    output.emit(|w| renderer.roadmap(&report, w))
}

/// Ranks and schedules the inputs by the roadmap flags; the ranking is returned too.
pub fn plan(
    framework: &Framework,
    scoring: &Scoring,
    inputs: &Inputs,
    args: &RoadmapArgs,
    phases: &[period::PhaseName],
    reporter: &Reporter,
) -> Result<(Vec<arice::Ranked>, RoadmapReport)> {
    let capacity = match (args.capacity, &inputs.title) {
        (None, Some(_)) => Some(EXAMPLE_CAPACITY_PM),
        (c, _) => c,
    };
    let portfolio = &inputs.portfolio;
    if args.it_budget.is_some() && portfolio.initiatives.iter().all(|i| i.cost.is_none()) {
        return Err(Error::Usage(format!(
            "--it-budget needs costs: {} has no cost column, or every cost cell is empty",
            portfolio.source
        )));
    }
    let efforts: Vec<Option<f64>> = portfolio
        .initiatives
        .iter()
        .map(|i| arice::person_months(scoring, i))
        .collect();
    if capacity.is_some() {
        let mut problems = Diagnostics::new();
        for (i, effort) in portfolio.initiatives.iter().zip(&efforts) {
            if effort.is_none() {
                problems.push(Diagnostic::new(
                    "missing-value",
                    portfolio.place(i.line),
                    format!("column \"effort_pm\": \"{}\" has no person-months, and framework \"{}\" has no person_months map to derive them", i.id, framework.id),
                ).with_hint("--capacity needs the effort of every initiative: fill in effort_pm, or leave out --capacity"));
            }
        }
        problems.into_result(())?;
    }
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

    let ranked = arice::rank(scoring, &portfolio.initiatives);
    let index = portfolio.index_by_id();
    let items: Vec<roadmap::Item> = portfolio
        .initiatives
        .iter()
        .zip(&ranked_scores(&ranked, portfolio.initiatives.len()))
        .zip(&efforts)
        .map(|((i, score), effort)| roadmap::Item {
            depends_on: i.depends_on.iter().map(|d| index[d.as_str()]).collect(),
            requirements: i.requirements.clone(),
            lifts: i.lifts.clone(),
            effort_pm: effort.unwrap_or(0.0),
            eligible: args.include_all || scoring.tier(*score).schedule,
        })
        .collect();
    let order: Vec<usize> = ranked.iter().map(|r| r.index).collect();
    let plan = roadmap::Plan {
        phases: phases.len(),
        capacity,
        baseline: inputs
            .baseline
            .as_ref()
            .map(|b| (b.levels.dimensions.clone(), b.levels.overall)),
        dimensions: framework
            .maturity
            .as_ref()
            .map_or(0, |m| m.dimensions.len()),
    };
    let schedule = roadmap::schedule(&items, &order, &plan);
    let report = RoadmapReport::new(RoadmapInput {
        framework,
        scoring,
        portfolio,
        ranked: &ranked,
        efforts: &efforts,
        schedule: &schedule,
        phases,
        capacity,
        baseline: inputs.baseline.as_ref(),
        include_all: args.include_all,
        it_budget: args.it_budget,
        title: inputs.title.clone(),
    });
    Ok((ranked, report))
}

/// Each initiative's score, by input position.
fn ranked_scores(ranked: &[arice::Ranked], count: usize) -> Vec<f64> {
    let mut scores = vec![0.0; count];
    for r in ranked {
        scores[r.index] = r.score;
    }
    scores
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
