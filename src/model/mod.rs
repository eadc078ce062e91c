//! The serde types of the JSON contract (`schema_version` 1), documented in `docs/json.md`.
//! Renderers read these; nothing internal leaks into output.

use crate::domain::FactorKind;
use indexmap::IndexMap;
use serde::Serialize;

/// Version of the JSON contract.
pub const SCHEMA_VERSION: u32 = 1;

/// Which framework produced a result.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct FrameworkRef {
    /// Framework id.
    pub id: String,
    /// Framework version.
    pub version: u32,
}

/// A factor as described in output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FactorInfo {
    /// Id (the key in each initiative's `factors`).
    pub id: String,
    /// Human name.
    pub name: String,
    /// Short heading.
    pub short: String,
    /// `benefit`, `cost` or `modifier`.
    pub kind: FactorKind,
}

/// The scoring model used.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ModelInfo {
    /// Model name, e.g. `A-RICE`.
    pub name: String,
    /// The formula as written.
    pub formula: String,
    /// Highest possible score, if declared.
    pub maximum: Option<f64>,
    /// The factors in order.
    pub factors: Vec<FactorInfo>,
    /// Tier names from the highest threshold down.
    pub tiers: Vec<String>,
}

/// `itsm-ai score` output; its rows are made as they are written ([`Rows`]).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScoreReport<'a> {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The framework used.
    pub framework: FrameworkRef,
    /// `"Example data"` when the embedded example was scored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The scoring model.
    pub model: ModelInfo,
    /// Number of initiatives scored (before `--top`).
    pub total: usize,
    /// The simulation's settings, with `--simulate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulation: Option<SimulationInfo>,
    /// Ranked initiatives (limited by `--top`), each made when it is written.
    pub initiatives: Rows<'a, ScoredInitiative>,
    /// Non-fatal problems, e.g. rows skipped by `--skip-invalid`.
    pub warnings: Vec<String>,
    /// The value-vs-effort matrix, for the HTML page only (not part of the JSON contract);
    /// set by the command that writes HTML.
    #[serde(skip)]
    pub matrix: Option<board::Matrix>,
}

/// Readiness of an initiative given an assessment.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Readiness {
    /// `ready`, `blocked` or `unknown` (no assessment given).
    pub status: ReadinessStatus,
    /// Unmet prerequisites, e.g. `data 2 < 3`.
    pub gaps: Vec<String>,
}

/// Whether an initiative's prerequisites are met: `ready`, `blocked` or `unknown`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReadinessStatus {
    /// Every prerequisite is met.
    Ready,
    /// At least one prerequisite is not met.
    Blocked,
    /// No assessment was given, so nothing was checked.
    Unknown,
}

impl ReadinessStatus {
    /// The name the contract gives it: `ready`, `blocked`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReadinessStatus::Ready => "ready",
            ReadinessStatus::Blocked => "blocked",
            ReadinessStatus::Unknown => "unknown",
        }
    }
}

/// The simulation's settings, echoed.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct SimulationInfo {
    /// Number of samples.
    pub samples: u64,
    /// Seed.
    pub seed: u64,
    /// K of `p_top`.
    pub top_k: u64,
}

/// One initiative's rank under uncertainty.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct SimulatedRank {
    /// 10th percentile rank.
    pub rank_p10: f64,
    /// Median rank.
    pub rank_p50: f64,
    /// 90th percentile rank.
    pub rank_p90: f64,
    /// Probability of landing in the top K.
    pub p_top: f64,
    /// `rank_p90 − rank_p10 ≥ max(3, rows / 10)`.
    pub fragile: bool,
}

/// How a tie on score with the row above was decided.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TieBreakInfo {
    /// Id of the initiative ranked just above, with the same score.
    pub above: String,
    /// The factor that decided, or `id`.
    pub decided_by: String,
    /// A sentence, e.g. `lower effort (2 < 3)`.
    pub reason: String,
}

/// A row's factor values by factor id, in the framework's order, written as a JSON object.
/// The ids are shared by every row (a million rows hold one list of ids, not a million maps).
#[derive(Debug, Clone, PartialEq)]
pub struct FactorValues {
    ids: std::sync::Arc<[String]>,
    values: Vec<serde_json::Number>,
}

impl FactorValues {
    /// The values for `ids`, in the same order (the shorter of the two decides the length).
    pub fn new(ids: std::sync::Arc<[String]>, values: Vec<serde_json::Number>) -> Self {
        FactorValues { ids, values }
    }

    /// The value of factor `id`.
    pub fn get(&self, id: &str) -> Option<&serde_json::Number> {
        self.ids
            .iter()
            .position(|i| i == id)
            .and_then(|n| self.values.get(n))
    }

    /// Each factor id with its value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &serde_json::Number)> {
        self.ids.iter().map(String::as_str).zip(&self.values)
    }
}

impl Serialize for FactorValues {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.values.len().min(self.ids.len())))?;
        for (id, value) in self.iter() {
            map.serialize_entry(id, value)?;
        }
        map.end()
    }
}

/// One ranked initiative.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScoredInitiative {
    /// 1-based rank.
    pub rank: usize,
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Factor values used (a range's midpoint), by factor id.
    pub factors: FactorValues,
    /// Factors given as ranges: `[low, high]`.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub ranges: IndexMap<String, [f64; 2]>,
    /// The score as computed.
    pub score: f64,
    /// Score as a percentage of the framework's maximum; null without one.
    pub index: Option<f64>,
    /// Tier name.
    pub tier: String,
    /// Readiness for the assessed organisation.
    pub readiness: Readiness,
    /// Present when the score equals the row above's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tie_break: Option<TieBreakInfo>,
    /// How sure the rank is, with `--simulate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulation: Option<SimulatedRank>,
    /// Person-months (given, or from the framework's effort map).
    pub effort_pm: Option<f64>,
    /// Ids it depends on.
    pub depends_on: Vec<String>,
    /// Readiness prerequisites as written.
    pub requires: Option<String>,
    /// Maturity raised on completion, as written.
    pub raises: Option<String>,
    /// Total cost.
    pub cost: Option<f64>,
    /// Owner.
    pub owner: Option<String>,
    /// Success metric.
    pub metric: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Columns the tool does not know, carried through.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub columns: IndexMap<String, String>,
}

pub mod assess;
pub mod board;
pub mod frameworks;
pub mod roadmap;
pub mod rows;
pub use assess::{
    AnswerChangeOut, AnswerOut, AnswersFile, AssessmentReport, ComparedDimension, ComparedOverall,
    ComparisonReport, DimensionOut, FocusOut, FocusQuestionOut, OptionOut, OverallOut,
    PerceptionGapOut, QuestionOut, RespondentAnswerOut,
};
pub use rows::Rows;

#[cfg(test)]
mod tests {
    use super::ReadinessStatus;
    use super::board::Quadrant;
    use super::roadmap::UnscheduledReason;

    /// Each enum's text for people is the JSON it writes, so renderers print what JSON says.
    fn same_text<T: serde::Serialize>(all: &[T], text: impl Fn(&T) -> &'static str) -> Vec<String> {
        all.iter()
            .map(|v| {
                let json = serde_json::to_string(v).unwrap();
                assert_eq!(json, format!("\"{}\"", text(v)));
                text(v).to_string()
            })
            .collect()
    }

    #[test]
    fn factor_values_write_an_object_in_framework_order() {
        let ids: std::sync::Arc<[String]> = ["reach", "effort", "k"].map(String::from).into();
        let values = [
            5u64.into(),
            2u64.into(),
            serde_json::Number::from_f64(0.9).unwrap(),
        ];
        let row = super::FactorValues::new(ids.clone(), values.to_vec());
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"reach":5,"effort":2,"k":0.9}"#
        );
        assert_eq!(row.get("effort"), Some(&2u64.into()));
        assert_eq!(row.get("impact"), None);
        assert_eq!(
            std::sync::Arc::strong_count(&ids),
            2,
            "the ids are shared, not copied"
        );
    }

    #[test]
    fn contract_enums_write_the_strings_they_replaced() {
        use ReadinessStatus as R;
        assert_eq!(
            same_text(&[R::Ready, R::Blocked, R::Unknown], |r| r.as_str()),
            ["ready", "blocked", "unknown"]
        );
        assert_eq!(
            same_text(&Quadrant::ALL, |q| q.name()),
            ["Quick win", "Big bet", "Fill-in", "Money pit"]
        );
        use UnscheduledReason as U;
        assert_eq!(
            same_text(
                &[U::LowScore, U::Dependency, U::Readiness, U::Capacity],
                |u| u.as_str()
            ),
            ["low_score", "dependency", "readiness", "capacity"]
        );
    }
}
