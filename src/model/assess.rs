//! Output types of `assess`, `assess compare` and the answers file written by `assess merge`.

use super::FrameworkRef;
use crate::domain::Answers;
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
    /// True when the level is withheld: a dimension is incomplete or has no score, or the
    /// whole is below the framework's `completeness_min`.
    pub withheld: bool,
    /// Why the level is withheld, in words (`incomplete: governance has 2 of 5 questions
    /// answered`); null when it is not.
    #[serde(default)]
    pub withheld_because: Option<String>,
    /// The dimension that holds the level down, when the weakest-link gate lowered it.
    pub gated_by: Option<String>,
    /// What holds the level and what the next level needs, in words; null when withheld.
    #[serde(default)]
    pub explanation: Option<String>,
}

/// One dimension.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DimensionOut {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Score; provisional when the dimension is incomplete; null when no question is scored.
    pub score: Option<f64>,
    /// Level; null when the dimension is incomplete or no question is scored.
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
    /// True when enough questions are answered (don't know and n/a count) for a level.
    #[serde(default = "yes")]
    pub complete: bool,
}

fn yes() -> bool {
    true
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
    /// The questions answered below `next_level`, weakest first, each with its target.
    #[serde(default)]
    pub questions: Vec<FocusQuestionOut>,
}

/// An option of a question: its level and wording.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OptionOut {
    /// The option's level.
    pub level: u8,
    /// Its wording.
    pub text: String,
}

/// A question of a focus area: where the answer stands and the next option as the target.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FocusQuestionOut {
    /// Question id.
    pub question: String,
    /// The question.
    pub text: String,
    /// The answer: a level, or `"dont_know"` (scored as the lowest level).
    pub answer: serde_json::Value,
    /// The option the answer falls on.
    pub now: OptionOut,
    /// The next option up: the target state; null when there is none.
    pub next: Option<OptionOut>,
    /// Why this answer, when the respondent said.
    pub note: Option<String>,
    /// Where to check it, when the respondent said.
    pub evidence: Option<String>,
}

/// A question named in a list of the report (don't know, skipped).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QuestionOut {
    /// Question id.
    pub question: String,
    /// The question.
    pub text: String,
    /// The respondent's note, when there is one.
    pub note: Option<String>,
    /// Where to check, when the respondent said.
    pub evidence: Option<String>,
}

/// A question on which respondents of a merged assessment are two or more levels apart.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PerceptionGapOut {
    /// Question id.
    pub question: String,
    /// The question.
    pub text: String,
    /// The merged answer (the median).
    pub merged: serde_json::Value,
    /// Every respondent's answer to it, in the order they were merged.
    pub answers: Vec<RespondentAnswerOut>,
}

/// One respondent's answer to one question.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RespondentAnswerOut {
    /// Who answered.
    pub respondent: Option<String>,
    /// Their role.
    pub role: Option<String>,
    /// A level, `"n/a"` or `"dont_know"`.
    pub answer: serde_json::Value,
    /// Why, when they said.
    pub note: Option<String>,
    /// Where to check, when they said.
    pub evidence: Option<String>,
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
    /// The respondent's role (single-respondent answers).
    #[serde(default)]
    pub role: Option<String>,
    /// When the answers were given (ISO 8601), from the answers file or `--date`.
    #[serde(default)]
    pub date: Option<String>,
    /// Overall result.
    pub overall: OverallOut,
    /// Per dimension, in framework order.
    pub dimensions: Vec<DimensionOut>,
    /// Up to three focus areas, lowest score first.
    pub focus: Vec<FocusOut>,
    /// Ids of the questions answered "don't know", in framework order: findings to find out.
    #[serde(default)]
    pub dont_know: Vec<String>,
    /// The questions answered "don't know", with their wording and notes.
    #[serde(default)]
    pub find_out: Vec<QuestionOut>,
    /// The questions left out of the answers, in framework order.
    #[serde(default)]
    pub skipped: Vec<QuestionOut>,
    /// The questions answered n/a (left out of the scores), with the notes that justify them.
    #[serde(default)]
    pub not_applicable: Vec<QuestionOut>,
    /// Questions on which respondents are two or more levels apart (merged answers).
    #[serde(default)]
    pub perception_gaps: Vec<PerceptionGapOut>,
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
    /// Why the level before is withheld, in words; null when it is not.
    pub before_withheld_because: Option<String>,
    /// Why the level after is withheld, in words; null when it is not.
    pub after_withheld_because: Option<String>,
}

/// A question whose answer differs between the two files.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnswerChangeOut {
    /// Question id.
    pub question: String,
    /// The question.
    pub text: String,
    /// The answer before: a level, `"n/a"`, `"dont_know"`, or null when not answered.
    pub before: serde_json::Value,
    /// The answer after, likewise.
    pub after: serde_json::Value,
    /// The note given with the later answer.
    pub note: Option<String>,
    /// The evidence given with the later answer.
    pub evidence: Option<String>,
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
    /// The date of the earlier answers, when they have one.
    pub before_date: Option<String>,
    /// The date of the later answers, when they have one.
    pub after_date: Option<String>,
    /// Overall change.
    pub overall: ComparedOverall,
    /// Per dimension, in framework order.
    pub dimensions: Vec<ComparedDimension>,
    /// The questions whose answer changed, in framework order, with the later note.
    pub changes: Vec<AnswerChangeOut>,
}

/// An answers file as written by `assess merge` and the interactive questionnaire.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswersFile {
    /// The answers, notes and who gave them (answers in framework order).
    pub answers: Answers,
    /// The version of the framework the answers are written for (its current version).
    pub version: u32,
    /// Comments to write after an answer, by question id.
    pub comments: IndexMap<String, String>,
}
