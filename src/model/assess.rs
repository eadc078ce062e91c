//! Output types of `assess`, `assess compare` and the answers file written by `assess merge`.

use super::{FrameworkRef, SCHEMA_VERSION};
use crate::engine::maturity::Assessment;
use crate::framework::{Framework, Maturity};
use crate::domain::{Answer, Answers};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The overall result.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OverallOut {
    /// Weighted mean of the dimension scores.
    pub score: Option<f64>,
    /// The gated level; null when withheld.
    pub level: Option<u8>,
    /// The level's name; null when withheld.
    pub level_name: Option<String>,
    /// (answered + not applicable) ÷ questions.
    pub completeness: f64,
    /// True when completeness is below the framework's minimum and the level is withheld.
    pub withheld: bool,
    /// The dimension that holds the level down, when the weakest-link gate lowered it.
    pub gated_by: Option<String>,
}

/// One dimension.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DimensionOut {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Score; null when no question was answered.
    pub score: Option<f64>,
    /// Level; null when no question was answered.
    pub level: Option<u8>,
    /// The level's name.
    pub level_name: Option<String>,
    /// Questions answered with a level.
    pub answered: usize,
    /// Questions marked not applicable.
    pub not_applicable: usize,
    /// Questions answered "don't know".
    pub dont_know: usize,
    /// Questions in the dimension.
    pub total: usize,
}

/// A focus area.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FocusOut {
    /// Dimension id.
    pub dimension: String,
    /// Dimension name.
    pub name: String,
    /// The level to reach next.
    pub next_level: u8,
    /// What to do to reach it.
    pub recommendation: Option<String>,
}

/// `itsm-ai assess` output.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AssessmentReport {
    /// Always 1.
    pub schema_version: u32,
    /// The framework used.
    pub framework: FrameworkRef,
    /// `"Example data"` for the embedded example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Organisation assessed.
    pub organisation: Option<String>,
    /// Respondents (one, or several for merged answers).
    pub respondents: Vec<String>,
    /// Overall result.
    pub overall: OverallOut,
    /// Per dimension, in framework order.
    pub dimensions: Vec<DimensionOut>,
    /// Up to three focus areas, lowest score first.
    pub focus: Vec<FocusOut>,
}

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
        }
    }
}

/// Before and after of one dimension.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ComparedDimension {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Score before.
    pub before_score: Option<f64>,
    /// Score after.
    pub after_score: Option<f64>,
    /// after − before (null when either is missing).
    pub change: Option<f64>,
    /// Level before.
    pub before_level: Option<u8>,
    /// Level after.
    pub after_level: Option<u8>,
}

/// Before and after overall.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ComparedOverall {
    /// Score before.
    pub before_score: Option<f64>,
    /// Score after.
    pub after_score: Option<f64>,
    /// after − before.
    pub change: Option<f64>,
    /// Level before (null when withheld).
    pub before_level: Option<u8>,
    /// Level after (null when withheld).
    pub after_level: Option<u8>,
}

/// `itsm-ai assess compare` output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ComparisonReport {
    /// Always 1.
    pub schema_version: u32,
    /// The framework used.
    pub framework: FrameworkRef,
    /// The two files, as named.
    pub before: String,
    /// See `before`.
    pub after: String,
    /// Overall change.
    pub overall: ComparedOverall,
    /// Per dimension, in framework order.
    pub dimensions: Vec<ComparedDimension>,
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

/// An answers file as written by `assess merge` (and later by the interactive flow).
#[derive(Debug, Clone, PartialEq)]
pub struct AnswersFile {
    /// Framework id.
    pub framework: String,
    /// Organisation.
    pub organisation: Option<String>,
    /// Single respondent.
    pub respondent: Option<String>,
    /// Several respondents (merged files).
    pub respondents: Vec<String>,
    /// Answers in framework order.
    pub answers: IndexMap<String, Answer>,
    /// Comments to write after an answer, by question id.
    pub notes: IndexMap<String, String>,
}

/// Quotes a string for YAML (JSON-style double quotes are valid YAML).
pub fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

impl AnswersFile {
    /// The YAML text: stable key order, one answer per line, notes as comments.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!("framework: {}\n", yaml_string(&self.framework)));
        if let Some(o) = &self.organisation {
            out.push_str(&format!("organisation: {}\n", yaml_string(o)));
        }
        if let Some(r) = &self.respondent {
            out.push_str(&format!("respondent: {}\n", yaml_string(r)));
        }
        if !self.respondents.is_empty() {
            out.push_str("respondents:\n");
            for r in &self.respondents {
                out.push_str(&format!("  - {}\n", yaml_string(r)));
            }
        }
        out.push_str("answers:\n");
        if self.answers.is_empty() {
            out.truncate(out.len() - 1);
            out.push_str(" {}\n");
        }
        for (id, answer) in &self.answers {
            let value = match answer {
                Answer::Level(v) => crate::text::short_number(*v, 6),
                Answer::NotApplicable => "n/a".into(),
                Answer::DontKnow => "dont_know".into(),
            };
            out.push_str(&format!("  {id}: {value}"));
            if let Some(note) = self.notes.get(id) {
                out.push_str(&format!("  # {note}"));
            }
            out.push('\n');
        }
        out
    }
}

/// A level with its name, e.g. `2 (Tool-based)`.
pub fn describe_level(maturity: &Maturity, level: u8) -> String {
    match level_name(maturity, Some(level)) {
        Some(name) => format!("{level} ({name})"),
        None => level.to_string(),
    }
}
