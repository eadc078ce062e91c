//! `itsm-ai assess`: the questionnaire, scoring an answers file, merging respondents,
//! comparing two points in time.

pub mod interactive;
pub mod questionnaire;

use super::{display_name, load_framework, read_text, style_for};
use crate::assemble::assess::{describe_level, disagreement};
use crate::cli::{AssessAction, AssessArgs, GlobalArgs};
use crate::domain::{Answers, answers::check_date};
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

/// The formats the command writes; the first is the default.
pub const FORMATS: &[Format] = &[
    Format::Table,
    Format::Json,
    Format::Markdown,
    Format::Yaml,
    Format::Html,
    Format::Xlsx,
];

/// The format `assess merge` writes: an answers file.
pub const MERGE_FORMATS: &[Format] = &[Format::Yaml];

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
        Some(AssessAction::Merge { files, date, .. }) => merge(
            global,
            &framework,
            maturity,
            files,
            date_flag(date.as_deref())?,
        ),
        Some(AssessAction::Compare { before, after, .. }) => {
            compare(global, &framework, maturity, before, after)
        }
        None => {
            let Some(path) = &args.answers else {
                return interactive::run(global, args, &framework, maturity);
            };
            output(global, "assess")?.refuse_inputs(&[path.as_path()])?;
            let mut answers = read_answers(path, &framework)?;
            if let Some(date) = date_flag(args.date.as_deref())? {
                answers.date = Some(date);
            }
            let result = maturity::assess(maturity, &answers);
            let report = AssessmentReport::new(&framework, maturity, &answers, &result, None);
            emit(global, "assess", |r, w| r.assessment(&report, w))?;
            fail_below(maturity, &report.overall, args.fail_below)
        }
    }
}

/// The `--date` flag, checked: an ISO 8601 calendar date.
pub fn date_flag(date: Option<&str>) -> Result<Option<String>> {
    match date {
        None => Ok(None),
        Some(d) => check_date(d)
            .map(|()| Some(d.to_string()))
            .map_err(|why| Error::Usage(format!("--date: {why}"))),
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

/// `--fail-below`: exit 1 when the level is lower, or withheld (saying why).
pub fn fail_below(maturity: &Maturity, result: &OverallOut, threshold: Option<u8>) -> Result<()> {
    let Some(threshold) = threshold else {
        return Ok(());
    };
    match result.level {
        None => Err(Error::CheckFailed(format!(
            "the overall level is withheld ({}); --fail-below {threshold} fails",
            result
                .withheld_because
                .as_deref()
                .unwrap_or("no question was answered")
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
    date: Option<String>,
) -> Result<()> {
    let reporter = Reporter {
        quiet: global.quiet,
    };
    let mut all = Vec::with_capacity(files.len());
    for path in files {
        all.push(read_answers(path, framework)?);
    }
    // Every respondent's own answers: a merged file given again contributes its respondents.
    let merged_from: Vec<_> = all
        .iter()
        .zip(files)
        .flat_map(|(answers, path)| answers.as_respondents(&display_name(path)))
        .collect();
    let merged = maturity::merge(maturity, &merged_from);
    let organisation = all[0]
        .organisation
        .clone()
        .filter(|o| all.iter().all(|a| a.organisation.as_ref() == Some(o)));
    let mut comments = IndexMap::new();
    for gap in maturity::perception_gaps(maturity, &merged_from) {
        let comment = disagreement(&merged_from, &gap);
        reporter.warn(&format!(
            "{}: {comment} (two or more levels apart; worth a conversation)",
            gap.question
        ));
        comments.insert(gap.question, comment);
    }
    let file = AnswersFile {
        answers: Answers {
            framework: framework.id.clone(),
            organisation,
            date,
            respondents: merged_from
                .iter()
                .filter_map(|r| r.respondent.clone())
                .collect(),
            answers: merged,
            merged_from,
            ..Answers::default()
        },
        version: framework.version,
        comments,
    };
    let output = Output::resolve(
        global.format,
        global.output.as_deref(),
        global.check,
        "assess merge",
        MERGE_FORMATS,
    )?;
    output.refuse_inputs(&files.iter().map(|f| f.as_path()).collect::<Vec<_>>())?;
    output.emit(|w| w.write_all(crate::render::yaml::answers_file(&file).as_bytes()))
}

fn compare(
    global: &GlobalArgs,
    framework: &Framework,
    maturity: &Maturity,
    before: &Path,
    after: &Path,
) -> Result<()> {
    output(global, "assess compare")?.refuse_inputs(&[before, after])?;
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
        (&a, &ra),
        (&b, &rb),
    );
    emit(global, "assess compare", |r, w| r.comparison(&report, w))
}
