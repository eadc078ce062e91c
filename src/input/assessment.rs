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
    /// The version of the framework the result was computed with.
    #[serde(default)]
    version: Option<u32>,
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
    let written_for = raw.framework.value.version;
    let version_place = raw.framework.referenced;
    let mut levels = from_result(file, raw, &framework.id, model)?;
    if !given.is_empty() {
        // A result that carries its answers plans exactly like its answers file, read through
        // the framework's renames when it was computed with an earlier version.
        let place = |loc: &serde_saphyr::Location| Place::at(file, loc.line(), loc.column());
        if let Some(version) = written_for
            && version > framework.version
        {
            return Err(Error::single(answers::newer_version(
                framework,
                version,
                place(&version_place),
                "this assessment was computed",
            )));
        }
        let mut problems = Diagnostics::new();
        let pairs = given.into_iter().map(|a| {
            let at = a.answer.referenced;
            let entry = answers::RawEntry {
                answer: a.answer.value,
                at: Some(at),
                note: a.note,
                evidence: a.evidence,
            };
            (a.question, (entry, at))
        });
        let entries =
            answers::through_renames(framework, written_for, pairs, &place, &mut problems)
                .into_iter()
                .map(|(question, (entry, at))| (question, entry, at));
        let merged = respondents.len() > 1;
        // Written for an earlier version: named, or (no version named) a framework that has had one.
        let older = written_for.map_or(framework.version > 1, |v| v < framework.version);
        let (answers, notes) = answers::validated(
            framework,
            model,
            entries,
            merged,
            older,
            &place,
            &mut problems,
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Answer;
    use crate::framework::validate::load;

    /// Version 2 of a framework whose `ops.proactive` became `ops.detection`.
    fn framework() -> Framework {
        load(
            "t.yaml",
            "id: t\nversion: 2\nname: T\nrenamed: {ops.proactive: ops.detection}\nmaturity:\n  levels:\n    - {level: 1, name: One}\n    - {level: 2, name: Two}\n  dimensions:\n    - id: ops\n      name: Ops\n      questions:\n        - id: ops.detection\n          text: D?\n          options: [{level: 1, text: a}, {level: 2, text: b}]\n",
        )
        .unwrap()
    }

    fn result(version: u32) -> String {
        format!(
            r#"{{"schema_version": 1, "framework": {{"id": "t", "version": {version}}},
              "overall": {{"level": 2}}, "dimensions": [{{"id": "ops", "level": 2}}],
              "answers": [{{"question": "ops.proactive", "answer": 2}}]}}"#
        )
    }

    #[test]
    fn a_result_of_an_earlier_version_reads_its_answers_through_the_renames() {
        let AssessmentFile::Answers(answers) = read("r.json", &result(1), &framework()).unwrap()
        else {
            panic!("a result with answers reads as answers");
        };
        assert_eq!(answers.answers["ops.detection"], Answer::Level(2.0));
    }

    #[test]
    fn a_result_of_a_later_version_is_refused() {
        let Err(Error::Invalid(d)) = read("r.json", &result(3), &framework()) else {
            panic!("a later version is an error");
        };
        assert_eq!(
            d.items()[0].to_string(),
            "r.json:1:36: this assessment was computed for version 3 of framework \"t\", but the framework in use is version 2 [answers-framework]\n  hint: use that version of the framework, or a later one"
        );
    }
}
