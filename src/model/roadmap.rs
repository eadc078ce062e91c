//! Output types of `itsm-ai roadmap`: phases with their initiatives, effort, cost, the maturity
//! reached and the metrics to track; what stays unscheduled and why; the budget view.

use super::{FrameworkRef, Readiness, SCHEMA_VERSION, describe_gap, portfolio_warnings};
use crate::engine::arice::Ranked;
use crate::domain::period::PhaseName;
use crate::engine::readiness;
use crate::engine::roadmap::{Reason, Schedule};
use crate::framework::{Framework, Maturity, Scoring};
use crate::text::num;
use crate::input::assessment::Baseline;
use crate::domain::Portfolio;
use indexmap::IndexMap;
use serde::Serialize;

/// Share of the IT budget below which the budget view warns.
pub const AI_SHARE_WARNING: f64 = 0.10;

/// `itsm-ai roadmap` output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoadmapReport {
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
    pub phases: Vec<PhaseOut>,
    /// Initiatives left off the roadmap, in rank order.
    pub unscheduled: Vec<UnscheduledOut>,
    /// Every initiative in plan order: by phase, then rank; the unscheduled last.
    pub initiatives: Vec<PlannedInitiative>,
    /// Cost against the IT budget (with `--it-budget`).
    pub budget: Option<BudgetOut>,
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
pub struct PhaseOut {
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
    pub initiatives: Vec<String>,
    /// Dimension levels after its raises and those of earlier phases (null where unknown).
    pub maturity_after: IndexMap<String, Option<u8>>,
    /// Dimensions whose level this phase raises, e.g. `data 2 → 3`.
    pub raises: Vec<String>,
    /// Success metrics to track for its initiatives.
    pub metrics: Vec<MetricOut>,
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
    pub reason: String,
    /// A sentence for people.
    pub detail: String,
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
    pub reason: Option<String>,
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

impl RoadmapReport {
    /// The initiatives by id, for renderers that list a phase's ids.
    pub fn by_id(&self) -> std::collections::HashMap<&str, &PlannedInitiative> {
        self.initiatives
            .iter()
            .map(|i| (i.id.as_str(), i))
            .collect()
    }
}

/// What the roadmap report is built from.
pub struct RoadmapInput<'a> {
    /// The framework.
    pub framework: &'a Framework,
    /// Its scoring model.
    pub scoring: &'a Scoring,
    /// The initiatives.
    pub portfolio: &'a Portfolio,
    /// Their ranking.
    pub ranked: &'a [Ranked],
    /// Person-months per initiative (input order), when known.
    pub efforts: &'a [Option<f64>],
    /// The scheduler's result.
    pub schedule: &'a Schedule,
    /// Phase names.
    pub phases: &'a [PhaseName],
    /// Person-months per phase.
    pub capacity: Option<f64>,
    /// The assessment the plan starts from.
    pub baseline: Option<&'a Baseline>,
    /// `--include-all`.
    pub include_all: bool,
    /// `--it-budget`.
    pub it_budget: Option<f64>,
    /// `"Example data"` for the example.
    pub title: Option<String>,
}

fn levels_map(maturity: Option<&Maturity>, levels: &[Option<u8>]) -> IndexMap<String, Option<u8>> {
    maturity
        .map(|m| {
            m.dimensions
                .iter()
                .zip(levels)
                .map(|(d, l)| (d.id.clone(), *l))
                .collect()
        })
        .unwrap_or_default()
}

fn pm(v: f64) -> String {
    format!("{} PM", num(v))
}

impl RoadmapReport {
    /// Builds the report.
    pub fn new(input: RoadmapInput<'_>) -> RoadmapReport {
        let RoadmapInput {
            framework,
            scoring,
            portfolio,
            ranked,
            efforts,
            schedule,
            phases,
            capacity,
            baseline,
            include_all,
            it_budget,
            title,
        } = input;
        let maturity = framework.maturity.as_ref();
        let rank_of: Vec<&Ranked> = {
            let mut v = vec![&ranked[0]; portfolio.initiatives.len()];
            for r in ranked {
                v[r.index] = r;
            }
            v
        };
        let index = portfolio.index_by_id();
        let phase_name = |i: usize| schedule.phase_of[i].map(|p| phases[p].name.clone());
        let mut phase_outs: Vec<PhaseOut> = phases
            .iter()
            .enumerate()
            .map(|(p, name)| {
                let before = &schedule.levels_before[p];
                let after = &schedule.levels_after[p];
                let raises = maturity
                    .map(|m| {
                        m.dimensions
                            .iter()
                            .zip(before.iter().zip(after))
                            .filter(|(_, (b, a))| b != a)
                            .map(|(d, (b, a))| {
                                let from = b.map_or("–".to_string(), |l| l.to_string());
                                let to = a.map_or("–".to_string(), |l| l.to_string());
                                format!("{} {from} → {to}", d.id)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                PhaseOut {
                    name: name.name.clone(),
                    starts: name.starts.clone(),
                    ends: name.ends.clone(),
                    capacity_pm: capacity,
                    effort_pm: schedule.used[p],
                    cost: None,
                    initiatives: Vec::new(),
                    maturity_after: levels_map(maturity, after),
                    raises,
                    metrics: Vec::new(),
                }
            })
            .collect();
        let mut scheduled: Vec<Vec<usize>> = vec![Vec::new(); phases.len()];
        for r in ranked {
            if let Some(p) = schedule.phase_of[r.index] {
                scheduled[p].push(r.index);
            }
        }
        let mut cost_unknown = Vec::new();
        let mut ai_cost = 0.0;
        for (p, members) in scheduled.iter().enumerate() {
            let out = &mut phase_outs[p];
            for &i in members {
                let initiative = &portfolio.initiatives[i];
                out.initiatives.push(initiative.id.clone());
                if let Some(metric) = &initiative.metric {
                    out.metrics.push(MetricOut {
                        id: initiative.id.clone(),
                        metric: metric.clone(),
                    });
                }
                match initiative.cost {
                    Some(c) => {
                        out.cost = Some(out.cost.unwrap_or(0.0) + c);
                        ai_cost += c;
                    }
                    None => cost_unknown.push(initiative.id.clone()),
                }
            }
        }

        let last = phases.len() - 1;
        let overall = baseline.and_then(|b| b.levels.overall);
        let unscheduled: Vec<UnscheduledOut> = schedule
            .unscheduled
            .iter()
            .map(|&(i, reason)| {
                let initiative = &portfolio.initiatives[i];
                let detail = match reason {
                    Reason::LowScore => format!(
                        "tier {} (score {:.2}); --include-all schedules it",
                        scoring.tier(rank_of[i].score).name,
                        rank_of[i].score
                    ),
                    Reason::Dependency => {
                        let waits: Vec<String> = initiative
                            .depends_on
                            .iter()
                            .filter_map(|d| {
                                let j = *index.get(d.as_str())?;
                                match schedule.phase_of[j] {
                                    None => Some(format!("{d} (unscheduled)")),
                                    Some(p) if p == last => {
                                        Some(format!("{d} (in {}, the last phase)", phases[p].name))
                                    }
                                    Some(_) => None,
                                }
                            })
                            .collect();
                        format!("waits for {}", waits.join(", "))
                    }
                    Reason::Readiness => {
                        let gaps: Vec<String> = readiness::gaps(
                            &initiative.requirements,
                            &schedule.levels_before[last],
                            overall,
                        )
                        .iter()
                        .filter_map(|g| maturity.map(|m| describe_gap(m, g)))
                        .collect();
                        format!("not ready in any phase: {}", gaps.join(", "))
                    }
                    Reason::Capacity => {
                        let need = efforts[i].unwrap_or(0.0);
                        match capacity {
                            Some(c) if need > c => {
                                format!(
                                    "needs {}, more than a phase's capacity of {}",
                                    pm(need),
                                    pm(c)
                                )
                            }
                            _ => format!(
                                "needs {}; no room left in a phase it could go in",
                                pm(need)
                            ),
                        }
                    }
                };
                UnscheduledOut {
                    id: initiative.id.clone(),
                    reason: reason.as_str().to_string(),
                    detail,
                }
            })
            .collect();

        let planned = |i: usize, reason: Option<Reason>| {
            let initiative = &portfolio.initiatives[i];
            PlannedInitiative {
                rank: rank_of[i].rank,
                id: initiative.id.clone(),
                name: initiative.name.clone(),
                score: rank_of[i].score,
                tier: scoring.tier(rank_of[i].score).name.clone(),
                phase: phase_name(i),
                effort_pm: efforts[i],
                cost: initiative.cost,
                readiness: match (maturity, baseline) {
                    (Some(m), Some(b)) => Readiness::of(initiative, m, &b.levels),
                    _ => Readiness::unknown(),
                },
                depends_on: initiative.depends_on.clone(),
                requires: initiative.requires.clone(),
                raises: initiative.raises.clone(),
                owner: initiative.owner.clone(),
                metric: initiative.metric.clone(),
                reason: reason.map(|r| r.as_str().to_string()),
            }
        };
        let initiatives = scheduled
            .iter()
            .flatten()
            .map(|&i| planned(i, None))
            .chain(
                schedule
                    .unscheduled
                    .iter()
                    .map(|&(i, reason)| planned(i, Some(reason))),
            )
            .collect();

        let mut warnings = portfolio_warnings(portfolio);
        let budget = it_budget.map(|it_budget| {
            let ai_share = ai_cost / it_budget;
            let warning = (ai_share < AI_SHARE_WARNING).then(|| {
                format!(
                    "the scheduled AI initiatives cost {:.1}% of the IT budget; organisations that see a positive return on AI tend to invest at least {:.0}%",
                    ai_share * 100.0,
                    AI_SHARE_WARNING * 100.0
                )
            });
            warnings.extend(warning.clone());
            BudgetOut {
                it_budget,
                ai_cost,
                ai_share,
                cost_unknown,
                warning,
            }
        });
        RoadmapReport {
            schema_version: SCHEMA_VERSION,
            framework: FrameworkRef {
                id: framework.id.clone(),
                version: framework.version,
            },
            title,
            organisation: baseline.and_then(|b| b.organisation.clone()),
            readiness_checked: baseline.is_some() && maturity.is_some(),
            maturity_before: baseline.map(|b| MaturityOut {
                overall_level: b.levels.overall,
                levels: levels_map(maturity, &b.levels.dimensions),
            }),
            capacity_pm: capacity,
            include_all,
            phases: phase_outs,
            unscheduled,
            initiatives,
            budget,
            warnings,
        }
    }
}
