//! A `report --template` (any text) rendered over the example board report, as Markdown and
//! as HTML.
#![no_main]

use clap::Parser;
use itsm_ai::cli::{Cli, Command};
use itsm_ai::cmd::{load_framework, load_inputs, roadmap, scoring_of};
use itsm_ai::model::ScoreReport;
use itsm_ai::model::board::BoardReport;
use itsm_ai::render::{Format, template};
use itsm_ai::ui::Reporter;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn example() -> &'static BoardReport {
    static REPORT: OnceLock<BoardReport> = OnceLock::new();
    REPORT.get_or_init(|| {
        let cli = Cli::parse_from(["itsm-ai", "--quiet", "report"]);
        let Command::Report(args) = &cli.command else {
            unreachable!("parsed as report")
        };
        let reporter = Reporter { quiet: true };
        let framework = load_framework(&cli.global).expect("the default framework");
        let scoring = scoring_of(&framework, "report").expect("a scoring model");
        let inputs = load_inputs(&framework, &args.roadmap.inputs, "report", &reporter)
            .expect("the example");
        let settings = roadmap::settings(&args.roadmap, &inputs).expect("settings");
        let (ranked, plan) =
            roadmap::plan(&framework, scoring, &inputs, &settings, &reporter).expect("a plan");
        let assessment = inputs.baseline.as_ref().and_then(|b| b.report.clone());
        let ranking = ScoreReport::new(
            &framework,
            scoring,
            &inputs.portfolio,
            &ranked,
            None,
            inputs.title.clone(),
            inputs.baseline.as_ref().map(|b| &b.levels),
        );
        BoardReport::new(&framework, assessment, ranking, plan)
    })
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
    let _ = template::board("fuzz.md.j2", text, example(), format);
});
