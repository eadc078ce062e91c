//! A `report --template` (any text) rendered over the example board report, as Markdown and
//! as HTML.
#![no_main]

use clap::Parser;
use itsm_ai::assemble::board::ReportContext;
use itsm_ai::cli::{Cli, Command};
use itsm_ai::cmd::{load_framework, load_inputs, roadmap, scoring_of};
use itsm_ai::model::ScoreReport;
use itsm_ai::model::board::BoardReport;
use itsm_ai::render::{Format, template};
use itsm_ai::ui::Reporter;
use libfuzzer_sys::fuzz_target;

/// The example board report, and what it borrows (the framework, the inputs, the settings and
/// the ranking), kept for the whole run: leaked once per thread, and pointed to from the
/// thread's own storage so that the leak checker sees them reachable.
struct Example {
    report: &'static BoardReport<'static>,
    _borrowed: [*const u8; 4],
}

fn example() -> Example {
    let cli = Cli::parse_from(["itsm-ai", "report", "--quiet"]);
    let global = cli.settings();
    let Command::Report { args, .. } = &cli.command else {
        unreachable!("parsed as report")
    };
    let reporter = Reporter { quiet: true };
    let framework = Box::leak(Box::new(
        load_framework(&global).expect("the default framework"),
    ));
    let scoring = scoring_of(framework, "report").expect("a scoring model");
    let inputs = Box::leak(Box::new(
        load_inputs(framework, &args.roadmap.inputs, "report", &reporter).expect("the example"),
    ));
    let settings = Box::leak(Box::new(
        roadmap::settings(&args.roadmap, inputs).expect("settings"),
    ));
    let (ranked, plan) =
        roadmap::plan(framework, scoring, inputs, settings, &reporter).expect("a plan");
    let ranked = Box::leak(Box::new(ranked));
    let assessment = inputs.baseline.as_ref().and_then(|b| b.report.clone());
    let ranking = ScoreReport::new(
        framework,
        scoring,
        &inputs.portfolio,
        ranked,
        None,
        inputs.title.clone(),
        inputs.baseline.as_ref().map(|b| &b.levels),
    );
    let context = ReportContext {
        date: None,
        inputs: Vec::new(),
        trend: None,
    };
    let report = Box::leak(Box::new(BoardReport::new(
        framework, assessment, ranking, plan, context,
    )));
    Example {
        report,
        _borrowed: [
            std::ptr::from_ref(framework).cast(),
            std::ptr::from_ref(inputs).cast(),
            std::ptr::from_ref(settings).cast(),
            std::ptr::from_ref(ranked).cast(),
        ],
    }
}

thread_local! {
    static EXAMPLE: Example = example();
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let format = if text.len() % 2 == 0 {
        Format::Markdown
    } else {
        Format::Html
    };
    EXAMPLE.with(|example| {
        let _ = template::board("fuzz.md.j2", text, example.report, format);
    });
});
