//! Output types of `assess`, `assess compare` and the answers file written by `assess merge`.

use super::FrameworkRef;
use crate::domain::Answer;
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
    /// The highest level of the framework's maturity model: the number of its levels. Read as 0
    /// from a result written before the field existed (the loader fills it in).
    #[serde(default)]
    pub max_level: u8,
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
    /// The answers scored, in framework order: the result plans like its answers file.
    #[serde(default)]
    pub answers: Vec<AnswerOut>,
}

/// One answer as the result carries it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AnswerOut {
    /// Question id.
    pub question: String,
    /// The level (a number), `"n/a"` or `"dont_know"`.
    pub answer: serde_json::Value,
    /// Why this answer, when the respondent said.
    #[serde(default)]
    pub note: Option<String>,
    /// Where to check it, when the respondent said.
    #[serde(default)]
    pub evidence: Option<String>,
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
