//! Assessment results and comparisons as the contract shows them.

use crate::domain::{Answer, Answers};
use crate::engine::maturity::Assessment;
use crate::framework::{Framework, Maturity};
use crate::model::{
    AnswerOut, AssessmentReport, ComparedDimension, ComparedOverall, ComparisonReport,
    DimensionOut, FocusOut, FrameworkRef, OverallOut, SCHEMA_VERSION,
};

fn level_name(maturity: &Maturity, level: Option<u8>) -> Option<String> {
    level
        .and_then(|l| maturity.levels.get(usize::from(l).checked_sub(1)?))
        .map(|l| l.name.clone())
}

/// Respondents named in an answers file.
pub fn respondents(answers: &Answers) -> Vec<String> {
    if answers.respondents.is_empty() {
        answers.respondent.iter().cloned().collect()
    } else {
        answers.respondents.clone()
    }
}

impl AssessmentReport {
    /// Builds the report.
    pub fn new(
        framework: &Framework,
        maturity: &Maturity,
        answers: &Answers,
        result: &Assessment,
        title: Option<String>,
    ) -> Self {
        let dim = |i: usize| &maturity.dimensions[i];
        AssessmentReport {
            schema_version: SCHEMA_VERSION,
            framework: FrameworkRef {
                id: framework.id.clone(),
                version: framework.version,
            },
            title,
            organisation: answers.organisation.clone(),
            respondents: respondents(answers),
            overall: OverallOut {
                score: result.score,
                level: result.level,
                level_name: level_name(maturity, result.level),
                max_level: maturity.max_level(),
                completeness: result.completeness,
                withheld: result.withheld,
                gated_by: result.gated_by.map(|i| dim(i).id.clone()),
            },
            dimensions: result
                .dimensions
                .iter()
                .map(|d| DimensionOut {
                    id: dim(d.index).id.clone(),
                    name: dim(d.index).name.clone(),
                    score: d.score,
                    level: d.level,
                    level_name: level_name(maturity, d.level),
                    answered: d.answered,
                    not_applicable: d.not_applicable,
                    dont_know: d.dont_know,
                    total: d.total,
                })
                .collect(),
            focus: result
                .focus
                .iter()
                .map(|f| FocusOut {
                    dimension: dim(f.index).id.clone(),
                    name: dim(f.index).name.clone(),
                    next_level: f.next_level,
                    recommendation: f.recommendation.clone(),
                })
                .collect(),
            answers: answers_out(maturity, answers),
        }
    }
}

/// The answers in framework order, as the result carries them.
fn answers_out(maturity: &Maturity, answers: &Answers) -> Vec<AnswerOut> {
    maturity
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .filter_map(|q| {
            let answer = match answers.answers.get(&q.id)? {
                Answer::Level(v) if v.fract() == 0.0 => serde_json::Value::from(*v as i64),
                Answer::Level(v) => serde_json::Value::from(*v),
                Answer::NotApplicable => "n/a".into(),
                Answer::DontKnow => "dont_know".into(),
            };
            Some(AnswerOut {
                question: q.id.clone(),
                answer,
                note: None,
                evidence: None,
            })
        })
        .collect()
}

fn change(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(b? - a?)
}

impl ComparisonReport {
    /// Compares two assessment results.
    pub fn new(
        framework: &Framework,
        maturity: &Maturity,
        names: (&str, &str),
        before: &Assessment,
        after: &Assessment,
    ) -> Self {
        ComparisonReport {
            schema_version: SCHEMA_VERSION,
            framework: FrameworkRef {
                id: framework.id.clone(),
                version: framework.version,
            },
            before: names.0.to_string(),
            after: names.1.to_string(),
            overall: ComparedOverall {
                before_score: before.score,
                after_score: after.score,
                change: change(before.score, after.score),
                before_level: before.level,
                after_level: after.level,
            },
            dimensions: before
                .dimensions
                .iter()
                .zip(&after.dimensions)
                .map(|(b, a)| ComparedDimension {
                    id: maturity.dimensions[b.index].id.clone(),
                    name: maturity.dimensions[b.index].name.clone(),
                    before_score: b.score,
                    after_score: a.score,
                    change: change(b.score, a.score),
                    before_level: b.level,
                    after_level: a.level,
                })
                .collect(),
        }
    }
}

/// A level with its name, e.g. `2 (Tool-based)`.
pub fn describe_level(maturity: &Maturity, level: u8) -> String {
    match level_name(maturity, Some(level)) {
        Some(name) => format!("{level} ({name})"),
        None => level.to_string(),
    }
}
