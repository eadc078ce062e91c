//! `itsm-ai score`: rank initiatives with the framework's formula.

mod lean;

use super::{
    InputKind, csv_options, display_name, input_kind, load_baseline, load_framework, load_inputs,
    scoring_of, style_for,
};
use crate::cli::{GlobalArgs, ScoreArgs};
use crate::engine::{rank, simulate};
use crate::error::{Error, Result};
use crate::framework::{Framework, Scoring};
use crate::model::board::Matrix;
use crate::model::{ScoreReport, SimulationInfo};
use crate::output::Output;
use crate::render::score_csv::ScoreCsv;
use crate::render::{self, Format};
use crate::ui::stopwatch::Stopwatch;
use crate::ui::{Reporter, progress};

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
    output.refuse_inputs(&super::input_paths(global, &args.inputs))?;
    if !args.columns.is_empty()
        && !matches!(output.format, Format::Csv | Format::Tsv | Format::Xlsx)
    {
        return Err(Error::Usage(format!(
            "--columns applies to CSV, TSV and Excel output; this run writes {}",
            output.format.name()
        )));
    }
    let framework = load_framework(global)?;
    let scoring = scoring_of(&framework, "score")?;
    if output.format == Format::Csv
        && !global.no_header
        && args.simulate.is_none()
        && try_lean(global, args, &framework, scoring, &output, &reporter)?
    {
        return Ok(());
    }
    let mut watch = Stopwatch::start();
    let inputs = load_inputs(&framework, &args.inputs, "score", &reporter)?;
    watch.lap("read and check");
    let ranked = rank::rank(scoring, &inputs.portfolio.initiatives);
    let top = global.top.map(|n| n as usize);
    let mut report = ScoreReport::new(
        &framework,
        scoring,
        &inputs.portfolio,
        &ranked,
        top,
        inputs.title,
        inputs.baseline.as_ref().map(|b| &b.levels),
    );
    if output.format == Format::Html {
        report.matrix = Some(Matrix::new(&report));
    }
    // The simulated ranks outlive the match: the report's rows read them as they are written.
    let stats;
    let report = match args.simulate {
        None => report,
        Some(samples) => {
            let settings = simulate::Settings {
                samples: samples as usize,
                seed: args.seed,
                top_k: args.top_k as usize,
            };
            let rows = inputs.portfolio.initiatives.len();
            crate::limits::ensure_simulation_memory(samples, rows as u64)?;
            let bar = progress::bar(samples, samples.saturating_mul(rows as u64), global.quiet);
            let mut watch = Stopwatch::start();
            stats = simulate::simulate(
                scoring,
                &inputs.portfolio.initiatives,
                settings,
                &|n| bar.inc(n as u64),
                &mut |stage| watch.lap(stage),
            );
            bar.finish_and_clear();
            let info = SimulationInfo {
                samples,
                seed: args.seed,
                top_k: args.top_k,
            };
            report.with_simulation(info, &inputs.portfolio, &stats)
        }
    };
    super::warn_all(&reporter, &inputs.portfolio, &report.warnings);
    if let Some(names) = args.column_names() {
        let columns = ScoreCsv::of_report(&report)
            .select(&names)
            .map_err(Error::Usage)?;
        return match output.format {
            Format::Xlsx => {
                let columns = columns.unguarded();
                output.emit(|w| render::xlsx::write_score(&report, &columns, w))
            }
            format => {
                let csv = render::csv::Csv {
                    tab: format == Format::Tsv,
                    header: !global.no_header,
                };
                output.emit(|w| csv.score_columns(&report, &columns, w))
            }
        };
    }
    let renderer = render::for_format(output.format, style_for(global, &output))
        .expect("score formats all have renderers");
    watch.lap("rank and report");
    output.emit(|w| renderer.score(&report, w))?;
    watch.lap("write");
    Ok(())
}

/// The lean path for a user's CSV written as CSV; false when the general path must run (the
/// example, a YAML/JSON list, or any problem in the file, which the general path reports).
fn try_lean(
    global: &GlobalArgs,
    args: &ScoreArgs,
    framework: &Framework,
    scoring: &Scoring,
    output: &Output,
    reporter: &Reporter,
) -> Result<bool> {
    // Stdin can be read once only, and the general path must be able to read the input again.
    let Some(path) = args.inputs.input.as_ref().filter(|p| p.as_os_str() != "-") else {
        return Ok(false);
    };
    // A switch for diagnosis and for the tests that compare both paths: `off` forces the
    // general path, `on` makes it an error when the lean path gives up.
    if std::env::var_os("ITSM_AI_LEAN").is_some_and(|v| v == "off") {
        return Ok(false);
    }
    // Lists and workbooks by their extension; the lean readers recognise a workbook's first
    // bytes themselves. `--sheet` on a CSV is an error the general path reports.
    if input_kind(path, &[]) != InputKind::Csv || args.inputs.sheet.is_some() {
        return Ok(false);
    }
    let baseline = load_baseline(&args.inputs, framework)?;
    let source = display_name(path);
    if let Some(size) = std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
    {
        crate::limits::ensure_memory(&source, size, crate::limits::LEAN_MEMORY_PER_INPUT_BYTE)?;
    }
    let column_names = args.column_names();
    let request = lean::Request {
        source: &source,
        framework,
        scoring,
        options: csv_options(&args.inputs),
        levels: baseline.as_ref().map(|b| &b.levels),
        top: global.top.map(|n| n as usize),
        columns: column_names.as_deref(),
    };
    // Why the lean path gave up shows with ITSM_AI_TIMING; ITSM_AI_LEAN=on makes it an error.
    let gave_up = |why: lean::Fallback| {
        Stopwatch::start().note(&format!("general path: {}", why.0));
        if std::env::var_os("ITSM_AI_LEAN").is_some_and(|v| v == "on") {
            Err(Error::Usage(format!(
                "ITSM_AI_LEAN=on: the lean path could not take this input ({})",
                why.0
            )))
        } else {
            Ok(false)
        }
    };
    // With --top only the best rows are kept whole: the file is read as a stream.
    if request.top.is_some() {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let top = match lean::top(&request, file) {
            Ok(top) => top,
            Err(why) => return gave_up(why),
        };
        for warning in &top.warnings {
            reporter.warn(warning);
        }
        output.emit(|w| top.write(w))?;
        return Ok(true);
    }
    let ranked = match lean::rank(&request, path) {
        Ok(ranked) => ranked,
        Err(why) => return gave_up(why),
    };
    for warning in &ranked.warnings {
        reporter.warn(warning);
    }
    let mut watch = Stopwatch::start();
    output.emit(|w| ranked.write(w))?;
    watch.lap("write");
    Ok(true)
}
