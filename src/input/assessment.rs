//! `--assessment FILE`: an answers file, or the JSON/YAML result of `itsm-ai assess` reduced to
//! the levels readiness is checked against. Loading only: the answers are scored by the caller.

use super::answers;
use crate::domain::{Answers, Levels};
use crate::error::{Code, Diagnostic, Diagnostics, Error, Place, Result, did_you_mean};
use crate::framework::{Framework, Maturity, validate::yaml_diagnostic};
use crate::model::AssessmentReport;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// What an `--assessment` file holds.
#[derive(Debug, Clone, PartialEq)]
pub enum AssessmentFile {
    /// An answers file, to be scored (boxed, like the result: both are large).
    Answers(Box<Answers>),
    /// The result of `itsm-ai assess` (boxed: it may hold the whole report).
    Result(Box<AssessedLevels>),
}

/// The levels of an assessment result, with the whole result when it reads as one.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessedLevels {
    /// The levels.
    pub levels: Levels,
    /// Organisation named in the file.
    pub organisation: Option<String>,
    /// The whole assessment, for reports.
    pub report: Option<AssessmentReport>,
}

#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    schema_version: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct RawResult {
    framework: Spanned<RawFrameworkRef>,
    #[serde(default)]
    organisation: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    date: Option<String>,
    overall: Spanned<RawOverall>,
    dimensions: Vec<Spanned<RawDimension>>,
    #[serde(default)]
    respondents: Vec<String>,
    /// The answers scored (results written since the answers were added to the contract).
    #[serde(default)]
    answers: Vec<RawResultAnswer>,
}

#[derive(Deserialize)]
struct RawResultAnswer {
    question: Spanned<String>,
    answer: Spanned<answers::RawAnswer>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    evidence: Option<String>,
}

#[derive(Deserialize)]
struct RawFrameworkRef {
    id: String,
}

#[derive(Deserialize)]
struct RawOverall {
    level: Option<u8>,
}

#[derive(Deserialize)]
struct RawDimension {
    id: String,
    level: Option<u8>,
}

/// Reads an answers file or an assessment result (recognised by its `schema_version`).
pub fn read(file: &str, text: &str, framework: &Framework) -> Result<AssessmentFile> {
    let Some(model) = framework.maturity.as_ref() else {
        return Err(Error::Usage(format!(
            "framework \"{}\" has no maturity model, so --assessment cannot be used with it",
            framework.id
        )));
    };
    let probe: Probe =
        serde_saphyr::from_str(text).map_err(|e| Error::single(yaml_diagnostic(file, &e)))?;
    if probe.schema_version.is_none() {
        return answers::read(file, text, framework).map(|a| AssessmentFile::Answers(Box::new(a)));
    }
    let mut raw: RawResult =
        serde_saphyr::from_str(text).map_err(|e| Error::single(yaml_diagnostic(file, &e)))?;
    let given = std::mem::take(&mut raw.answers);
    let respondents = std::mem::take(&mut raw.respondents);
    let (role, date) = (raw.role.take(), raw.date.take());
    let mut levels = from_result(file, raw, &framework.id, model)?;
    if !given.is_empty() {
        // A result that carries its answers plans exactly like its answers file.
        let place = |loc: &serde_saphyr::Location| Place::at(file, loc.line(), loc.column());
        let mut problems = Diagnostics::new();
        let entries = given.into_iter().map(|a| {
            let at = a.answer.referenced;
            let entry = answers::RawEntry {
                answer: a.answer.value,
                at: Some(at),
                note: a.note,
                evidence: a.evidence,
            };
            (a.question, entry, at)
        });
        let merged = respondents.len() > 1;
        let (answers, notes) =
            answers::validated(framework, model, entries, merged, &place, &mut problems);
        let single = respondents.len() == 1;
        return problems.into_result(AssessmentFile::Answers(Box::new(Answers {
            framework: framework.id.clone(),
            organisation: levels.organisation,
            respondent: respondents.first().filter(|_| single).cloned(),
            role,
            date,
            respondents: if single { Vec::new() } else { respondents },
            answers,
            notes,
            merged_from: Vec::new(),
        })));
    }
    levels.report = serde_saphyr::from_str(text)
        .ok()
        .map(|mut report: AssessmentReport| {
            // The levels were checked against the framework in use, so its scale is the
            // report's (a result written before `max_level` existed carries none).
            report.overall.max_level = model.max_level();
            report
        });
    Ok(AssessmentFile::Result(Box::new(levels)))
}

fn from_result(
    file: &str,
    raw: RawResult,
    framework: &str,
    model: &Maturity,
) -> Result<AssessedLevels> {
    let place = |loc: &serde_saphyr::Location| Place::at(file, loc.line(), loc.column());
    if raw.framework.value.id != framework {
        return Err(Error::single(
            Diagnostic::new(
                Code::AnswersFramework,
                place(&raw.framework.referenced),
                format!(
                    "this assessment is for framework \"{}\", but the framework in use is \"{framework}\"",
                    raw.framework.value.id
                ),
            )
            .with_hint(format!("pass --framework {}", raw.framework.value.id)),
        ));
    }
    let mut problems = Diagnostics::new();
    let max = model.levels.len();
    let mut dimensions = vec![None; model.dimensions.len()];
    for Spanned {
        value: d,
        referenced: loc,
        ..
    } in raw.dimensions
    {
        let Some(i) = model.dimensions.iter().position(|m| m.id == d.id) else {
            let hint = did_you_mean(&d.id, model.dimensions.iter().map(|m| m.id.as_str()))
                .map(|s| format!(", did you mean \"{s}\"?"))
                .unwrap_or_default();
            problems.push(Diagnostic::new(
                Code::AssessmentInvalid,
                place(&loc),
                format!(
                    "framework \"{framework}\" has no dimension \"{}\"{hint}",
                    d.id
                ),
            ));
            continue;
        };
        if d.level.is_some_and(|l| l == 0 || usize::from(l) > max) {
            problems.push(Diagnostic::new(
                Code::AssessmentInvalid,
                place(&loc),
                format!(
                    "dimension \"{}\": level {} is outside 1 to {max}",
                    d.id,
                    d.level.unwrap_or(0)
                ),
            ));
        }
        dimensions[i] = d.level;
    }
    let overall = raw.overall.value.level;
    if overall.is_some_and(|l| l == 0 || usize::from(l) > max) {
        problems.push(Diagnostic::new(
            Code::AssessmentInvalid,
            place(&raw.overall.referenced),
            format!(
                "overall: level {} is outside 1 to {max}",
                overall.unwrap_or(0)
            ),
        ));
    }
    problems.into_result(AssessedLevels {
        levels: Levels {
            dimensions,
            overall,
            questions: Vec::new(),
        },
        organisation: raw.organisation,
        report: None,
    })
}
