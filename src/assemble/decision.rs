//! The board's decision page: the first phase to approve, the whole plan's effort and cost, the
//! metrics it buys and what could stop it — every figure summed from the roadmap's phases.

use crate::domain::portfolio::gap_dimension;
use crate::framework::Maturity;
use crate::model::ReadinessStatus;
use crate::model::board::{Ask, Decision, ReadinessRisk, Shortfall, WhatIf};
use crate::model::roadmap::{PlannedInitiative, RoadmapReport, UnscheduledReason};

/// The label of the whole plan's [`Ask`].
pub const ALL_PHASES: &str = "all phases";

/// The name readiness risks give the overall level.
pub const OVERALL_NAME: &str = "Overall maturity";

/// The plain name of a dimension id (or `overall`) from the framework; the id when unknown.
pub fn dimension_name(maturity: Option<&Maturity>, id: &str) -> String {
    if id == crate::domain::portfolio::OVERALL {
        return OVERALL_NAME.to_string();
    }
    maturity
        .and_then(|m| m.dimensions.iter().find(|d| d.id == id))
        .map_or_else(|| id.to_string(), |d| d.name.clone())
}

/// Sums initiatives into an ask.
fn ask(label: &str, items: impl Iterator<Item = PlannedInitiative>) -> Ask {
    let mut out = Ask {
        label: label.to_string(),
        initiatives: Vec::new(),
        effort_pm: 0.0,
        cost: None,
        cost_unknown: Vec::new(),
        effort_unknown: Vec::new(),
    };
    for i in items {
        match i.effort_pm {
            Some(pm) => out.effort_pm += pm,
            None => out.effort_unknown.push(i.id.clone()),
        }
        match i.cost {
            Some(c) => out.cost = Some(out.cost.unwrap_or(0.0) + c),
            None => out.cost_unknown.push(i.id.clone()),
        }
        out.initiatives.push(i.id);
    }
    out
}

impl Decision {
    /// What the roadmap asks of a board.
    pub fn new(roadmap: &RoadmapReport, maturity: Option<&Maturity>) -> Decision {
        let first = roadmap.phases.first().map(|p| p.name.as_str());
        let scheduled = || roadmap.initiatives.iter().filter(|i| i.phase.is_some());
        let approve_now = ask(
            first.unwrap_or(ALL_PHASES),
            scheduled().filter(|i| i.phase.as_deref() == first),
        );
        let whole_plan = ask(ALL_PHASES, scheduled());
        let metrics = roadmap
            .phases
            .iter()
            .flat_map(|p| p.metrics.iter())
            .collect();

        // Readiness gaps by dimension, in framework order (overall last).
        let mut order: Vec<String> = maturity
            .map(|m| m.dimensions.iter().map(|d| d.id.clone()).collect())
            .unwrap_or_default();
        order.push(crate::domain::portfolio::OVERALL.to_string());
        let mut risks: Vec<(String, ReadinessRisk)> = Vec::new();
        for i in roadmap.initiatives.iter() {
            let left_out = i.reason == Some(UnscheduledReason::Readiness);
            let waiting = i.phase.is_some() && i.readiness.status == ReadinessStatus::Blocked;
            if !(left_out || waiting) {
                continue;
            }
            let mut seen: Vec<&str> = Vec::new();
            for gap in &i.readiness.gaps {
                let dim = gap_dimension(gap);
                if seen.contains(&dim) {
                    continue;
                }
                seen.push(dim);
                let at = match risks.iter().position(|(id, _)| id == dim) {
                    Some(at) => at,
                    None => {
                        risks.push((
                            dim.to_string(),
                            ReadinessRisk {
                                dimension: dimension_name(maturity, dim),
                                waiting: Vec::new(),
                                left_out: Vec::new(),
                            },
                        ));
                        risks.len() - 1
                    }
                };
                let list = if left_out {
                    &mut risks[at].1.left_out
                } else {
                    &mut risks[at].1.waiting
                };
                list.push(i.id.clone());
            }
        }
        risks.sort_by_key(|(id, _)| order.iter().position(|o| o == id).unwrap_or(usize::MAX));

        let short: Vec<PlannedInitiative> = roadmap
            .unscheduled
            .iter()
            .filter(|u| u.reason == UnscheduledReason::Capacity)
            .filter_map(|u| roadmap.initiatives.find(&u.id))
            .collect();
        let capacity_shortfall = (!short.is_empty()).then(|| {
            let sum = ask("", short.into_iter());
            Shortfall {
                initiatives: sum.initiatives,
                effort_pm: sum.effort_pm,
                cost: sum.cost,
            }
        });
        let what_ifs = roadmap
            .unscheduled
            .iter()
            .filter_map(|u| {
                u.would_place.map(|w| WhatIf {
                    id: u.id,
                    detail: w.detail,
                })
            })
            .collect();
        Decision {
            approve_now,
            whole_plan,
            overall_now: roadmap
                .maturity_before
                .as_ref()
                .and_then(|m| m.overall_level),
            overall_after: roadmap.phases.last().and_then(|p| p.overall_after),
            metrics,
            readiness_risks: risks.into_iter().map(|(_, r)| r).collect(),
            capacity_shortfall,
            what_ifs,
            unlimited_capacity: roadmap.capacity_pm.is_none(),
        }
    }
}
