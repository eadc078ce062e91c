//! `itsm-ai report`: the assessment, the ranking, the value-vs-effort matrix and the roadmap in
//! one document for a board.

use super::roadmap::RoadmapReport;
use super::{AssessmentReport, FrameworkRef, ScoreReport};
use serde::Serialize;

/// The whole report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BoardReport<'a> {
    /// Always 1.
    pub schema_version: u32,
    /// The framework used.
    pub framework: FrameworkRef,
    /// `"Example data"` for the embedded example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Organisation assessed.
    pub organisation: Option<String>,
    /// The maturity assessment, when there is one.
    pub assessment: Option<AssessmentReport>,
    /// Per dimension: the level now, after the roadmap, and what to do next.
    pub dimensions: Vec<DimensionPlan>,
    /// The ranking (every initiative).
    pub ranking: ScoreReport<'a>,
    /// Value against effort.
    pub matrix: Matrix,
    /// The phased plan.
    pub roadmap: RoadmapReport<'a>,
    /// What the board is asked to decide, from the roadmap above.
    pub decision: Decision,
    /// The report's date (`--date`, YYYY-MM-DD); null when not given. Never the clock.
    pub date: Option<String>,
    /// The input files, as named on the command line (`embedded example` for the example).
    pub inputs: Vec<String>,
    /// The change since the previous assessment (`--previous`); null without one.
    pub trend: Option<crate::model::ComparisonReport>,
}

/// The decision page: what is approved now, what the whole plan costs and buys, and what could
/// stop it. Every figure is a sum over the roadmap's phases.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Decision {
    /// The first phase: what the board approves now.
    pub approve_now: Ask,
    /// Every scheduled phase together.
    pub whole_plan: Ask,
    /// The overall maturity level now (null when withheld or not assessed).
    pub overall_now: Option<u8>,
    /// The overall level after the last phase (null when withheld or not assessed).
    pub overall_after: Option<u8>,
    /// The success metrics of the scheduled initiatives, in plan order.
    pub metrics: Vec<super::roadmap::MetricOut>,
    /// Readiness gaps by dimension: the scheduled initiatives that wait for a raise, and those
    /// no phase is ready for.
    pub readiness_risks: Vec<ReadinessRisk>,
    /// Initiatives left out for lack of capacity, with their person-months.
    pub capacity_shortfall: Option<Shortfall>,
    /// What would place the initiatives left out (the roadmap's what-ifs), in rank order.
    pub what_ifs: Vec<WhatIf>,
    /// True when no capacity was given: every phase is treated as having room for everything.
    pub unlimited_capacity: bool,
}

/// An amount of work and money: initiatives, person-months and cost.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ask {
    /// The phase name (`Now`), or `all phases`.
    pub label: String,
    /// Ids of the initiatives, in plan order.
    pub initiatives: Vec<String>,
    /// Person-months.
    pub effort_pm: f64,
    /// Cost of those that have one; null when none has.
    pub cost: Option<f64>,
    /// Ids of those without a cost (not counted).
    pub cost_unknown: Vec<String>,
    /// Ids of those without person-months (not counted).
    pub effort_unknown: Vec<String>,
}

/// One dimension whose level holds initiatives back.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReadinessRisk {
    /// The dimension's name, or `Overall maturity`.
    pub dimension: String,
    /// Scheduled initiatives that are not ready today: they wait for earlier phases' raises.
    pub waiting: Vec<String>,
    /// Initiatives left out because no phase is ready for them.
    pub left_out: Vec<String>,
}

/// The initiatives capacity leaves out.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Shortfall {
    /// Their ids, in rank order.
    pub initiatives: Vec<String>,
    /// Their person-months together.
    pub effort_pm: f64,
    /// Their cost together (those with one).
    pub cost: Option<f64>,
}

/// What would place an initiative left out.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WhatIf {
    /// The initiative's id.
    pub id: String,
    /// What would place it, in words.
    pub detail: String,
}

/// One dimension in the report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DimensionPlan {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Assessed level.
    pub level: Option<u8>,
    /// Level after the roadmap's raises.
    pub after: Option<u8>,
    /// The next level to reach from the assessed one; null at the top, and for a dimension
    /// without a level (incomplete, or every question n/a).
    pub next_level: Option<u8>,
    /// The framework's recommendation for reaching it; for a dimension without a level, what it
    /// needs instead.
    pub recommendation: Option<String>,
}

/// The value-vs-effort matrix: each axis split at the portfolio's median.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Matrix {
    /// What the value axis multiplies, e.g. `reach × impact × confidence × k`.
    pub value_label: String,
    /// What the effort axis multiplies, e.g. `effort × ai_complexity`.
    pub effort_label: String,
    /// Median value.
    pub value_median: f64,
    /// Median effort.
    pub effort_median: f64,
    /// One point per initiative, in rank order.
    pub points: Vec<MatrixPoint>,
}

/// One initiative in the matrix.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MatrixPoint {
    /// Rank.
    pub rank: usize,
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Product of the benefit factors and modifiers.
    pub value: f64,
    /// Product of the cost factors.
    pub effort: f64,
    /// The first benefit factor (reach in A-RICE): the bubble's size.
    pub size: f64,
    /// `Quick win`, `Big bet`, `Fill-in` or `Money pit`.
    pub quadrant: Quadrant,
}

/// A quadrant of the value-vs-effort matrix.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum Quadrant {
    /// High value, low effort.
    #[serde(rename = "Quick win")]
    QuickWin,
    /// High value, high effort.
    #[serde(rename = "Big bet")]
    BigBet,
    /// Low value, low effort.
    #[serde(rename = "Fill-in")]
    FillIn,
    /// Low value, high effort.
    #[serde(rename = "Money pit")]
    MoneyPit,
}

impl Quadrant {
    /// Every quadrant, in the order reports list them.
    pub const ALL: [Quadrant; 4] = [
        Quadrant::QuickWin,
        Quadrant::BigBet,
        Quadrant::FillIn,
        Quadrant::MoneyPit,
    ];

    /// The name the contract gives it: `Quick win`, `Big bet`, `Fill-in`, `Money pit`.
    pub fn name(self) -> &'static str {
        match self {
            Quadrant::QuickWin => "Quick win",
            Quadrant::BigBet => "Big bet",
            Quadrant::FillIn => "Fill-in",
            Quadrant::MoneyPit => "Money pit",
        }
    }
}
