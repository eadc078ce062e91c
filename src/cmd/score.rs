//! `itsm-ai score`: rank initiatives with the framework's formula.

use super::{load_framework, load_inputs, scoring_of, style_for};
use crate::cli::{GlobalArgs, ScoreArgs};
use crate::engine::{arice, simulate};
use crate::error::Result;
use crate::model::{ScoreReport, SimulationInfo};
use crate::output::Output;
use crate::render::{self, Format};
use crate::ui::{Reporter, progress};

const FORMATS: &[Format] = &[
    Format::Table,
    Format::Csv,
    Format::Json,
    Format::Markdown,
    Format::Html,
];

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
    let framework = load_framework(global)?;
    let scoring = scoring_of(&framework, "score")?;
    let inputs = load_inputs(&framework, &args.inputs, "score", &reporter)?;
    let ranked = arice::rank(scoring, &inputs.portfolio.initiatives);
    let top = global.top.map(|n| n as usize);
    let report = ScoreReport::new(
        &framework,
        scoring,
        &inputs.portfolio,
        &ranked,
        top,
        inputs.title,
        inputs.baseline.as_ref().map(|b| &b.levels),
    );
    let report = match args.simulate {
        None => report,
        Some(samples) => {
            let settings = simulate::Settings {
                samples: samples as usize,
                seed: args.seed,
                top_k: args.top_k as usize,
            };
            let rows = inputs.portfolio.initiatives.len();
            let bar = progress::bar(samples, samples.saturating_mul(rows as u64), global.quiet);
            let stats =
                simulate::simulate(scoring, &inputs.portfolio.initiatives, settings, &|n| {
                    bar.inc(n as u64)
                });
            bar.finish_and_clear();
            let info = SimulationInfo {
                samples,
                seed: args.seed,
                top_k: args.top_k,
            };
            report.with_simulation(info, &inputs.portfolio, &stats)
        }
    };
    for warning in &report.warnings {
        reporter.warn(warning);
    }
    let renderer = render::for_format(output.format, style_for(global, &output))
        .expect("score formats all have renderers");
    output.emit(|w| renderer.score(&report, w))
}
