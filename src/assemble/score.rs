//! The ranking as the contract shows it: rows, readiness, tie sentences, simulated ranks.

use crate::domain::{FactorKind, Gap, Gate, Initiative, Levels, Portfolio, Prefer};
use crate::engine::rank::{self, Ranked, TieDecision};
use crate::engine::readiness;
use crate::engine::simulate::RankStats;
use crate::framework::{Framework, Maturity, Scoring};
use crate::model::{
    FactorInfo, FactorValues, FrameworkRef, ModelInfo, Readiness, ReadinessStatus, Rows,
    SCHEMA_VERSION, ScoreReport, ScoredInitiative, SimulatedRank, SimulationInfo, TieBreakInfo,
};
use crate::text::num;

impl Readiness {
    /// `unknown`: no assessment was given.
    pub fn unknown() -> Self {
        Readiness {
            status: ReadinessStatus::Unknown,
            gaps: Vec::new(),
        }
    }

    /// `ready`, or `blocked` with every unmet prerequisite of the initiative.
    pub fn of(initiative: &Initiative, maturity: &Maturity, levels: &Levels) -> Self {
        let gaps: Vec<String> = readiness::gaps(initiative.requirements(), levels)
            .iter()
            .map(|g| describe_gap(maturity, g))
            .collect();
        Readiness {
            status: if gaps.is_empty() {
                ReadinessStatus::Ready
            } else {
                ReadinessStatus::Blocked
            },
            gaps,
        }
    }
}

/// A gap as people read it: `data 2 < 3`, `level 2 < 3`, `data not assessed (needs 3)`,
/// `level withheld (needs 3)`.
pub fn describe_gap(maturity: &Maturity, gap: &Gap) -> String {
    let name = match gap.gate {
        Gate::Dimension(d) => maturity.dimensions[d].id.as_str(),
        Gate::Question(d, q) => maturity.dimensions[d].questions[q].id.as_str(),
        Gate::Overall => crate::domain::portfolio::OVERALL,
    };
    match (gap.have, gap.gate) {
        (Some(have), _) => format!("{name} {have} < {}", gap.need),
        (None, Gate::Question(..)) => format!("{name} not answered (needs {})", gap.need),
        (None, Gate::Overall) => format!("{name} withheld (needs {})", gap.need),
        (None, _) => format!("{name} not assessed (needs {})", gap.need),
    }
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

impl<'a> ScoreReport<'a> {
    /// Builds the report from a ranking; `top` limits the rows kept; `levels` (with the
    /// framework's maturity model) gives each initiative its readiness. The rows borrow the
    /// portfolio and the ranking and are made one at a time as they are written.
    pub fn new(
        framework: &'a Framework,
        scoring: &'a Scoring,
        portfolio: &'a Portfolio,
        ranked: &'a [Ranked],
        top: Option<usize>,
        title: Option<String>,
        levels: Option<&'a Levels>,
    ) -> ScoreReport<'a> {
        let shown = ranked.len().min(top.unwrap_or(usize::MAX));
        let ids = factor_ids(scoring);
        let initiatives = Rows::new(shown, move |n| {
            let context = RowContext {
                factor_ids: &ids,
                framework,
                scoring,
                extra_columns: &portfolio.extra_columns,
                levels,
            };
            let r = &ranked[n];
            let i = &portfolio.initiatives[r.index];
            let tie_break = r.tie.as_ref().map(|t| {
                let (decided_by, reason) = tie_reason(scoring, t);
                TieBreakInfo {
                    above: portfolio.initiatives[ranked[r.rank - 2].index].id.clone(),
                    decided_by,
                    reason,
                }
            });
            context.scored(i, r.rank, r.score, tie_break)
        });
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
            matrix: None,
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

/// The scoring model's factor ids, made once and shared by every output row.
pub fn factor_ids(scoring: &Scoring) -> std::sync::Arc<[String]> {
    scoring.factors.iter().map(|f| f.id.clone()).collect()
}

/// What turning an initiative into an output row needs besides the initiative.
#[derive(Debug, Clone, Copy)]
pub struct RowContext<'a> {
    /// The factor ids ([`factor_ids`]).
    pub factor_ids: &'a std::sync::Arc<[String]>,
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
            factors: FactorValues::new(
                self.factor_ids.clone(),
                scoring
                    .factors
                    .iter()
                    .zip(&i.values)
                    .map(|(f, v)| factor_number(f.kind, *v))
                    .collect(),
            ),
            ranges: i
                .ranges
                .iter()
                .map(|fr| (scoring.factors[fr.factor].id.clone(), [fr.low, fr.high]))
                .collect(),
            score,
            index: rank::index(scoring, score),
            tier: scoring.tier(score).name.clone(),
            readiness: match (self.framework.maturity.as_ref(), self.levels) {
                (Some(m), Some(l)) => Readiness::of(i, m, l),
                _ => Readiness::unknown(),
            },
            tie_break,
            simulation: None,
            effort_pm: rank::person_months(scoring, i),
            depends_on: i.depends_on().to_vec(),
            requires: i.requires().map(str::to_string),
            raises: i.raises().map(str::to_string),
            cost: i.cost,
            owner: i.owner.clone(),
            metric: i.metric().map(str::to_string),
            description: i.description().map(str::to_string),
            columns: self
                .extra_columns
                .iter()
                .cloned()
                .zip(i.extra.iter().cloned())
                .collect(),
        }
    }
}

impl<'a> ScoreReport<'a> {
    /// Adds simulated ranks (`stats` by input position) to the rows kept.
    pub fn with_simulation(
        mut self,
        info: SimulationInfo,
        portfolio: &'a Portfolio,
        stats: &'a [RankStats],
    ) -> Self {
        let index = portfolio.index_by_id();
        self.initiatives = self.initiatives.map(move |_, mut row| {
            let s = stats[index[row.id.as_str()]];
            row.simulation = Some(SimulatedRank {
                rank_p10: s.rank_p10,
                rank_p50: s.rank_p50,
                rank_p90: s.rank_p90,
                p_top: s.p_top,
                fragile: s.fragile,
            });
            row
        });
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
