//! `itsm-ai assess`: the questionnaire, scoring an answers file, merging respondents,
//! comparing two points in time.

pub mod interactive;
pub mod questionnaire;

use super::{display_name, load_framework, read_text, style_for};
use crate::assemble::assess::{describe_level, respondents};
use crate::cli::{AssessAction, AssessArgs, GlobalArgs};
use crate::domain::Answers;
use crate::engine::maturity;
use crate::error::{Error, Result};
use crate::framework::{Framework, Maturity};
use crate::input::answers;
use crate::model::{AnswersFile, AssessmentReport, ComparisonReport, OverallOut};
use crate::output::Output;
use crate::render::{self, Format};
use crate::ui::Reporter;
use indexmap::IndexMap;
use std::path::Path;

/// The embedded example answers (a level-2 organisation).
pub const EXAMPLE_ANSWERS: &str = include_str!("../../../examples/answers.yaml");

const FORMATS: &[Format] = &[
    Format::Table,
    Format::Json,
    Format::Markdown,
    Format::Yaml,
    Format::Html,
    Format::Xlsx,
];

/// Runs `assess`.
pub fn run(global: &GlobalArgs, args: &AssessArgs) -> Result<()> {
    let framework = load_framework(global)?;
    let Some(maturity) = framework.maturity.as_ref() else {
        return Err(Error::Usage(format!(
            "framework \"{}\" has no maturity model; `assess` needs one",
            framework.id
        )));
    };
    match &args.action {
        Some(AssessAction::Merge { files }) => merge(global, &framework, maturity, files),
        Some(AssessAction::Compare { before, after }) => {
            compare(global, &framework, maturity, before, after)
        }
        None => {
            let Some(path) = &args.answers else {
                return interactive::run(global, args, &framework, maturity);
            };
            let answers = read_answers(path, &framework)?;
            let result = maturity::assess(maturity, &answers);
            let report = AssessmentReport::new(&framework, maturity, &answers, &result, None);
            emit(global, "assess", |r, w| r.assessment(&report, w))?;
            fail_below(maturity, &report.overall, args.fail_below)
        }
    }
}

/// Reads and validates an answers file.
pub fn read_answers(path: &Path, framework: &Framework) -> Result<Answers> {
    let text = read_text(path)?;
    answers::read(&display_name(path), &text, framework)
}

/// Where and in what format an assessment result goes.
fn output(global: &GlobalArgs, command: &str) -> Result<Output> {
    Output::resolve(
        global.format,
        global.output.as_deref(),
        global.check,
        command,
        FORMATS,
    )
}

/// Renders a result to its output.
fn emit_with(
    global: &GlobalArgs,
    output: &Output,
    write: impl FnOnce(&dyn render::Renderer, &mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    let renderer = render::for_format(output.format, style_for(global, output))
        .expect("assess formats all have renderers");
    output.emit(|w| write(renderer.as_ref(), w))
}

fn emit(
    global: &GlobalArgs,
    command: &str,
    write: impl FnOnce(&dyn render::Renderer, &mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    emit_with(global, &output(global, command)?, write)
}

/// `--fail-below`: exit 1 when the level is lower, or withheld.
pub fn fail_below(maturity: &Maturity, result: &OverallOut, threshold: Option<u8>) -> Result<()> {
    let Some(threshold) = threshold else {
        return Ok(());
    };
    match result.level {
        _ if result.withheld => Err(Error::CheckFailed(format!(
            "the overall level is withheld because the assessment is incomplete ({:.0}% complete, {:.0}% needed); --fail-below {threshold} fails",
            result.completeness * 100.0,
            maturity.completeness_min * 100.0
        ))),
        None => Err(Error::CheckFailed(format!(
            "no question was answered, so there is no overall level; --fail-below {threshold} fails"
        ))),
        Some(level) if level < threshold => Err(Error::CheckFailed(format!(
            "the overall level {} is below the required {}",
            describe_level(maturity, level),
            describe_level(maturity, threshold)
        ))),
        Some(_) => Ok(()),
    }
}

fn merge(
    global: &GlobalArgs,
    framework: &Framework,
    maturity: &Maturity,
    files: &[std::path::PathBuf],
) -> Result<()> {
    let reporter = Reporter {
        quiet: global.quiet,
    };
    let mut all = Vec::with_capacity(files.len());
    for path in files {
        all.push(read_answers(path, framework)?);
    }
    let (merged, disagreements) = maturity::merge(maturity, &all);
    let mut names: Vec<String> = Vec::new();
    for (answers, path) in all.iter().zip(files) {
        let mut who = respondents(answers);
        if who.is_empty() {
            who.push(display_name(path));
        }
        names.extend(who);
    }
    let organisation = all[0]
        .organisation
        .clone()
        .filter(|o| all.iter().all(|a| a.organisation.as_ref() == Some(o)));
    let mut notes = IndexMap::new();
    for d in &disagreements {
        let levels: Vec<String> = d
            .levels
            .iter()
            .map(|l| crate::text::short_number(*l, 2))
            .collect();
        let note = format!("respondents disagree: {}", levels.join(", "));
        reporter.warn(&format!(
            "{}: {note} (two or more levels apart; worth a conversation)",
            d.question
        ));
        notes.insert(d.question.clone(), note);
    }
    let file = AnswersFile {
        framework: framework.id.clone(),
        organisation,
        respondent: None,
        respondents: names,
        answers: merged,
        notes,
    };
    let output = Output::resolve(
        global.format,
        global.output.as_deref(),
        global.check,
        "assess merge",
        &[Format::Yaml],
    )?;
    output.emit(|w| w.write_all(crate::render::yaml::answers_file(&file).as_bytes()))
}

fn compare(
    global: &GlobalArgs,
    framework: &Framework,
    maturity: &Maturity,
    before: &Path,
    after: &Path,
) -> Result<()> {
    let a = read_answers(before, framework)?;
    let b = read_answers(after, framework)?;
    let (ra, rb) = (
        maturity::assess(maturity, &a),
        maturity::assess(maturity, &b),
    );
    let report = ComparisonReport::new(
        framework,
        maturity,
        (&display_name(before), &display_name(after)),
        &ra,
        &rb,
    );
    emit(global, "assess compare", |r, w| r.comparison(&report, w))
}
