//! Output types of `itsm-ai roadmap`: phases with their initiatives, effort, cost, the maturity
//! reached and the metrics to track; what stays unscheduled and why; the budget view.

use super::{FrameworkRef, Readiness, Rows};
use indexmap::IndexMap;
use serde::Serialize;

/// `itsm-ai roadmap` output; its per-initiative lists are made as they are written ([`Rows`]).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoadmapReport<'a> {
    /// Always 1.
    pub schema_version: u32,
    /// The framework used.
    pub framework: FrameworkRef,
    /// `"Example data"` for the embedded example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Organisation named in the assessment.
    pub organisation: Option<String>,
    /// True when prerequisites were checked against an assessment.
    pub readiness_checked: bool,
    /// The assessed maturity the plan starts from; null without an assessment.
    pub maturity_before: Option<MaturityOut>,
    /// Person-months available per phase; null is unlimited.
    pub capacity_pm: Option<f64>,
    /// True when low-score tiers were scheduled too (`--include-all`).
    pub include_all: bool,
    /// The phases in order.
    pub phases: Vec<PhaseOut<'a>>,
    /// Initiatives left off the roadmap, in rank order.
    pub unscheduled: Rows<'a, UnscheduledOut>,
    /// Every initiative in plan order: by phase, then rank; the unscheduled last. Found by id
    /// with [`Rows::find`].
    pub initiatives: Rows<'a, PlannedInitiative>,
    /// Cost against the IT budget (with `--it-budget`).
    pub budget: Option<BudgetOut>,
    /// The ISO 4217 code every amount is in (`--currency`); absent when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Plain names for the ids of the maturity model, for documents people read: dimension id
    /// → name, question id → `Dimension: question`, `level` → `Overall maturity`. Not in JSON,
    /// which keeps the ids.
    #[serde(skip)]
    pub labels: IndexMap<String, String>,
    /// Non-fatal problems.
    pub warnings: Vec<String>,
}

/// Dimension levels and the overall level.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MaturityOut {
    /// The assessed overall level (null when withheld).
    pub overall_level: Option<u8>,
    /// Level per dimension id (null when not assessed).
    pub levels: IndexMap<String, Option<u8>>,
}

/// One phase.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PhaseOut<'a> {
    /// `Now`, `Next`, `Later`, `Phase 4`, or a period such as `2027-Q1`.
    pub name: String,
    /// First day of a calendar phase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts: Option<String>,
    /// First day after a calendar phase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends: Option<String>,
    /// Person-months available; null is unlimited.
    pub capacity_pm: Option<f64>,
    /// Person-months used.
    pub effort_pm: f64,
    /// Total cost of its initiatives (those with a cost).
    pub cost: Option<f64>,
    /// Ids of its initiatives in rank order.
    pub initiatives: Rows<'a, String>,
    /// Dimension levels after its raises and those of earlier phases (null where unknown).
    pub maturity_after: IndexMap<String, Option<u8>>,
    /// The overall level after it, re-scored (null when withheld or not assessed).
    pub overall_after: Option<u8>,
    /// Dimensions whose level this phase raises, e.g. `data 2 → 3`.
    pub raises: Vec<String>,
    /// Answers this phase's raises lift, e.g. `governance.registry 1 → 3`: progress that may
    /// not yet move a dimension's level.
    pub answers_raised: Vec<String>,
    /// Success metrics to track for its initiatives.
    pub metrics: Rows<'a, MetricOut>,
}

/// A success metric of an initiative.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MetricOut {
    /// Initiative id.
    pub id: String,
    /// The metric as written.
    pub metric: String,
}

/// An initiative left off the roadmap.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnscheduledOut {
    /// Id.
    pub id: String,
    /// `low_score`, `dependency`, `readiness` or `capacity`.
    pub reason: UnscheduledReason,
    /// A sentence for people.
    pub detail: String,
    /// What would place it, judged locally (null for a low score: `--include-all` would).
    pub would_place: Option<WouldPlaceOut>,
}

/// What would place an unscheduled initiative.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WouldPlaceOut {
    /// `capacity`, `dependency`, `enabler` or `answers`.
    pub kind: String,
    /// The phase where more capacity would place it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// Person-months missing in that phase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pm: Option<f64>,
    /// The initiatives to place first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
    /// The same in words.
    pub detail: String,
}

/// Why an initiative stays off the roadmap.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum UnscheduledReason {
    /// Its tier is left off the roadmap (without `--include-all`).
    LowScore,
    /// Something it depends on is unplaced, or placed in the last phase.
    Dependency,
    /// Its prerequisites are not met in any phase.
    Readiness,
    /// No phase where it could go has room.
    Capacity,
}

impl UnscheduledReason {
    /// The name the contract gives it: `low_score`, `dependency`, `readiness`, `capacity`.
    pub fn as_str(self) -> &'static str {
        match self {
            UnscheduledReason::LowScore => "low_score",
            UnscheduledReason::Dependency => "dependency",
            UnscheduledReason::Readiness => "readiness",
            UnscheduledReason::Capacity => "capacity",
        }
    }
}

/// An initiative in the plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlannedInitiative {
    /// Rank by score.
    pub rank: usize,
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Score.
    pub score: f64,
    /// Tier.
    pub tier: String,
    /// Phase name; null when unscheduled.
    pub phase: Option<String>,
    /// The rank it carried when placed (its own, or that of the initiative it was pulled
    /// forward for); null when unplaced.
    pub priority: Option<usize>,
    /// The id of the initiative it was pulled forward for; null when placed on its own rank.
    pub pulled_forward_for: Option<String>,
    /// Why it was pulled forward, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pulled_forward: Option<String>,
    /// Person-months.
    pub effort_pm: Option<f64>,
    /// Total cost.
    pub cost: Option<f64>,
    /// Readiness against the assessment the plan starts from.
    pub readiness: Readiness,
    /// Ids it depends on.
    pub depends_on: Vec<String>,
    /// Prerequisites as written.
    pub requires: Option<String>,
    /// Raises as written.
    pub raises: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Success metric.
    pub metric: Option<String>,
    /// Why it is unscheduled; null when scheduled.
    pub reason: Option<UnscheduledReason>,
}

/// The AI share of the IT budget.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BudgetOut {
    /// The IT budget over the plan's horizon (`--it-budget`).
    pub it_budget: f64,
    /// Total cost of the scheduled initiatives that have one.
    pub ai_cost: f64,
    /// `ai_cost ÷ it_budget`.
    pub ai_share: f64,
    /// Scheduled initiatives without a cost (not counted).
    pub cost_unknown: Vec<String>,
    /// Set when the share is below 10%.
    pub warning: Option<String>,
}
