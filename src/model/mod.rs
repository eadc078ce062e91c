//! The serde types of the JSON contract (`schema_version` 1), documented in `docs/json.md`.
//! Renderers read these; nothing internal leaks into output.

use crate::engine::arice::{self, Ranked, TieDecision};
use crate::domain::{Gap, Levels};
use crate::engine::readiness;
use crate::domain::{FactorKind, Prefer};
use crate::framework::{Framework, Maturity, Scoring};
use crate::text::num;
use crate::domain::{Gate, Initiative, Portfolio};
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

/// `itsm-ai score` output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScoreReport {
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
    /// Ranked initiatives (limited by `--top`).
    pub initiatives: Vec<ScoredInitiative>,
    /// Non-fatal problems, e.g. rows skipped by `--skip-invalid`.
    pub warnings: Vec<String>,
}

/// Readiness of an initiative given an assessment.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Readiness {
    /// `ready`, `blocked` or `unknown` (no assessment given).
    pub status: String,
    /// Unmet prerequisites, e.g. `data 2 < 3`.
    pub gaps: Vec<String>,
}

impl Readiness {
    /// `unknown`: no assessment was given.
    pub fn unknown() -> Self {
        Readiness {
            status: "unknown".into(),
            gaps: Vec::new(),
        }
    }

    /// `ready`, or `blocked` with every unmet prerequisite of the initiative.
    pub fn of(initiative: &Initiative, maturity: &Maturity, levels: &Levels) -> Self {
        let gaps: Vec<String> =
            readiness::gaps(&initiative.requirements, &levels.dimensions, levels.overall)
                .iter()
                .map(|g| describe_gap(maturity, g))
                .collect();
        Readiness {
            status: if gaps.is_empty() { "ready" } else { "blocked" }.into(),
            gaps,
        }
    }
}

/// A gap as people read it: `data 2 < 3`, `level 2 < 3`, `data not assessed (needs 3)`.
pub fn describe_gap(maturity: &Maturity, gap: &Gap) -> String {
    let name = match gap.gate {
        Gate::Dimension(d) => maturity.dimensions[d].id.as_str(),
        Gate::Overall => crate::input::conditions::OVERALL,
    };
    match gap.have {
        Some(have) => format!("{name} {have} < {}", gap.need),
        None => format!("{name} not assessed (needs {})", gap.need),
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
    pub factors: IndexMap<String, serde_json::Number>,
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

/// A factor value as a JSON number: integral values of benefit/cost factors print without `.0`.
fn factor_number(kind: FactorKind, v: f64) -> serde_json::Number {
    if kind != FactorKind::Modifier && v.fract() == 0.0 && v.abs() < 1e15 {
        serde_json::Number::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).unwrap_or_else(|| serde_json::Number::from(0))
    }
}

/// The sentence explaining a tie decision.
pub fn tie_reason(scoring: &Scoring, tie: &TieDecision) -> (String, String) {
    match tie {
        TieDecision::Factor {
            factor,
            above,
            below,
        } => {
            let f = &scoring.factors[*factor];
            let (word, sign) = match scoring
                .tie_breaks
                .iter()
                .find(|t| t.factor == *factor)
                .map(|t| t.prefer)
            {
                Some(Prefer::Lower) => ("lower", "<"),
                _ => ("higher", ">"),
            };
            (
                f.id.clone(),
                format!(
                    "{word} {} ({} {sign} {})",
                    f.name.to_lowercase(),
                    num(*above),
                    num(*below)
                ),
            )
        }
        TieDecision::Id => ("id".into(), "same tie-break values; id order".into()),
    }
}

impl ScoreReport {
    /// Builds the report from a ranking; `top` limits the rows kept; `levels` (with the
    /// framework's maturity model) gives each initiative its readiness.
    pub fn new(
        framework: &Framework,
        scoring: &Scoring,
        portfolio: &Portfolio,
        ranked: &[Ranked],
        top: Option<usize>,
        title: Option<String>,
        levels: Option<&Levels>,
    ) -> ScoreReport {
        let limit = top.unwrap_or(usize::MAX);
        let initiatives = ranked
            .iter()
            .take(limit)
            .map(|r| {
                let i = &portfolio.initiatives[r.index];
                let tie_break = r.tie.as_ref().map(|t| {
                    let (decided_by, reason) = tie_reason(scoring, t);
                    TieBreakInfo {
                        above: portfolio.initiatives[ranked[r.rank - 2].index].id.clone(),
                        decided_by,
                        reason,
                    }
                });
                RowContext {
                    framework,
                    scoring,
                    extra_columns: &portfolio.extra_columns,
                    levels,
                }
                .scored(i, r.rank, r.score, tie_break)
            })
            .collect();
        ScoreReport {
            schema_version: SCHEMA_VERSION,
            framework: FrameworkRef {
                id: framework.id.clone(),
                version: framework.version,
            },
            title,
            model: ModelInfo::of(scoring),
            total: ranked.len(),
            simulation: None,
            initiatives,
            warnings: portfolio_warnings(portfolio),
        }
    }
}

impl ModelInfo {
    /// The scoring model as output describes it.
    pub fn of(scoring: &Scoring) -> ModelInfo {
        ModelInfo {
            name: scoring.name.clone(),
            formula: scoring.formula_text.clone(),
            maximum: scoring.maximum,
            factors: scoring
                .factors
                .iter()
                .map(|f| FactorInfo {
                    id: f.id.clone(),
                    name: f.name.clone(),
                    short: f.short.clone(),
                    kind: f.kind,
                })
                .collect(),
            tiers: scoring.tiers.iter().map(|t| t.name.clone()).collect(),
        }
    }
}

/// What turning an initiative into an output row needs besides the initiative.
#[derive(Debug, Clone, Copy)]
pub struct RowContext<'a> {
    /// The framework (for readiness).
    pub framework: &'a Framework,
    /// Its scoring model.
    pub scoring: &'a Scoring,
    /// Headers of the input's extra columns.
    pub extra_columns: &'a [String],
    /// Assessed levels, when readiness is checked.
    pub levels: Option<&'a Levels>,
}

impl RowContext<'_> {
    /// The output row of a ranked initiative.
    pub fn scored(
        &self,
        i: &Initiative,
        rank: usize,
        score: f64,
        tie_break: Option<TieBreakInfo>,
    ) -> ScoredInitiative {
        let scoring = self.scoring;
        ScoredInitiative {
            rank,
            id: i.id.clone(),
            name: i.name.clone(),
            factors: scoring
                .factors
                .iter()
                .zip(&i.values)
                .map(|(f, v)| (f.id.clone(), factor_number(f.kind, *v)))
                .collect(),
            ranges: i
                .ranges
                .iter()
                .map(|fr| (scoring.factors[fr.factor].id.clone(), [fr.low, fr.high]))
                .collect(),
            score,
            index: arice::index(scoring, score),
            tier: scoring.tier(score).name.clone(),
            readiness: match (self.framework.maturity.as_ref(), self.levels) {
                (Some(m), Some(l)) => Readiness::of(i, m, l),
                _ => Readiness::unknown(),
            },
            tie_break,
            simulation: None,
            effort_pm: arice::person_months(scoring, i),
            depends_on: i.depends_on.clone(),
            requires: i.requires.clone(),
            raises: i.raises.clone(),
            cost: i.cost,
            owner: i.owner.clone(),
            metric: i.metric.clone(),
            description: i.description.clone(),
            columns: self
                .extra_columns
                .iter()
                .cloned()
                .zip(i.extra.iter().cloned())
                .collect(),
        }
    }
}

impl ScoreReport {
    /// Adds simulated ranks (by input position) to the rows kept.
    pub fn with_simulation(
        mut self,
        info: SimulationInfo,
        portfolio: &Portfolio,
        stats: &[crate::engine::simulate::RankStats],
    ) -> Self {
        let index = portfolio.index_by_id();
        for row in &mut self.initiatives {
            let s = stats[index[row.id.as_str()]];
            row.simulation = Some(SimulatedRank {
                rank_p10: s.rank_p10,
                rank_p50: s.rank_p50,
                rank_p90: s.rank_p90,
                p_top: s.p_top,
                fragile: s.fragile,
            });
        }
        self.simulation = Some(info);
        self
    }
}

/// The portfolio's non-fatal problems as output warnings: remarks first, then skipped rows.
pub fn portfolio_warnings(portfolio: &Portfolio) -> Vec<String> {
    portfolio
        .warnings
        .iter()
        .cloned()
        .chain(
            portfolio
                .skipped
                .iter()
                .map(|d| format!("{}: skipped the row: {}", d.place, d.message)),
        )
        .collect()
}

pub mod assess;
pub mod board;
pub mod frameworks;
pub mod roadmap;
pub use assess::{
    AnswersFile, AssessmentReport, ComparedDimension, ComparedOverall, ComparisonReport,
    DimensionOut, FocusOut, OverallOut,
};
