//! The roadmap scheduler, exactly as the product contract states it so results can be checked
//! by hand:
//!
//! ```text
//! repeat
//!   for each unplaced initiative, in rank order:
//!     place it in the earliest phase p where
//!       (a) every id in depends_on is already placed in a phase before p,
//!       (b) its requires hold on the levels before p (assessed levels raised by the
//!           raises of initiatives placed in phases before p), and
//!       (c) phase p's used person-months + its effort ≤ capacity
//! until a pass places nothing
//! ```

use super::readiness;
use crate::domain::{Raise, Requirement};

/// Slack for comparing sums of person-months with the capacity (`0.1 + 0.2` fits in `0.3`).
pub const CAPACITY_EPSILON: f64 = 1e-9;

/// One initiative as the scheduler sees it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Item {
    /// Indices of the items it depends on.
    pub depends_on: Vec<usize>,
    /// Readiness prerequisites.
    pub requirements: Vec<Requirement>,
    /// Maturity it raises when done.
    pub lifts: Vec<Raise>,
    /// Person-months it takes.
    pub effort_pm: f64,
    /// False for a low-score tier left off the roadmap.
    pub eligible: bool,
}

/// What the plan has to work with.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Number of phases (at least 1).
    pub phases: usize,
    /// Person-months per phase; `None` is unlimited.
    pub capacity: Option<f64>,
    /// Assessed dimension levels and overall level; `None` skips readiness checks.
    pub baseline: Option<(Vec<Option<u8>>, Option<u8>)>,
    /// Number of dimensions in the maturity model.
    pub dimensions: usize,
}

/// Why an initiative stays off the roadmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Its tier is left off the roadmap (without `--include-all`).
    LowScore,
    /// Something it depends on is unplaced, or placed in the last phase.
    Dependency,
    /// Its prerequisites are not met in any phase.
    Readiness,
    /// No phase where it could go has room.
    Capacity,
}

impl Reason {
    /// The contract's name: `low_score`, `dependency`, `readiness`, `capacity`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::LowScore => "low_score",
            Reason::Dependency => "dependency",
            Reason::Readiness => "readiness",
            Reason::Capacity => "capacity",
        }
    }
}

/// The result.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Phase of each item (0-based), `None` when unscheduled.
    pub phase_of: Vec<Option<usize>>,
    /// Unscheduled items in rank order, with the first reason that applies.
    pub unscheduled: Vec<(usize, Reason)>,
    /// Person-months used per phase.
    pub used: Vec<f64>,
    /// Dimension levels when each phase starts (after the raises of the phases before it).
    pub levels_before: Vec<Vec<Option<u8>>>,
    /// Dimension levels after each phase's raises (cumulative); `None` where not assessed and
    /// not raised.
    pub levels_after: Vec<Vec<Option<u8>>>,
    /// Passes made over the unplaced initiatives.
    pub passes: usize,
}

/// Raises `levels` by `lifts` (a raise never lowers).
fn lift(levels: &mut [Option<u8>], lifts: &[Raise]) {
    for r in lifts {
        let slot = &mut levels[r.dimension];
        *slot = Some(slot.map_or(r.level, |l| l.max(r.level)));
    }
}

/// Schedules `items` taken in `order` (rank order, as indices into `items`).
pub fn schedule(items: &[Item], order: &[usize], plan: &Plan) -> Schedule {
    let phases = plan.phases.max(1);
    let base: Vec<Option<u8>> = match &plan.baseline {
        Some((dims, _)) => dims.clone(),
        None => vec![None; plan.dimensions],
    };
    let overall = plan.baseline.as_ref().and_then(|(_, o)| *o);
    // levels_before[p]: the levels the organisation has when phase p starts.
    let mut levels_before = vec![base.clone(); phases];
    let mut used = vec![0.0; phases];
    let mut phase_of: Vec<Option<usize>> = vec![None; items.len()];
    let capacity = plan.capacity.unwrap_or(f64::INFINITY);
    let check_readiness = plan.baseline.is_some();

    let mut pending: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| items[i].eligible)
        .collect();
    let mut passes = 0;
    loop {
        passes += 1;
        let before = pending.len();
        pending.retain(|&i| {
            let item = &items[i];
            let mut earliest = 0;
            for &d in &item.depends_on {
                match phase_of[d] {
                    Some(p) => earliest = earliest.max(p + 1),
                    None => return true,
                }
            }
            let fits = (earliest..phases).find(|&p| {
                (!check_readiness
                    || readiness::holds(&item.requirements, &levels_before[p], overall))
                    && used[p] + item.effort_pm <= capacity + CAPACITY_EPSILON
            });
            let Some(p) = fits else { return true };
            phase_of[i] = Some(p);
            used[p] += item.effort_pm;
            for later in &mut levels_before[p + 1..] {
                lift(later, &item.lifts);
            }
            false
        });
        if pending.len() == before {
            break;
        }
    }

    let last = phases - 1;
    let mut final_levels = levels_before[last].clone();
    for (i, item) in items.iter().enumerate() {
        if phase_of[i] == Some(last) {
            lift(&mut final_levels, &item.lifts);
        }
    }
    let unscheduled = order
        .iter()
        .copied()
        .filter(|&i| phase_of[i].is_none())
        .map(|i| {
            let item = &items[i];
            let reason = if !item.eligible {
                Reason::LowScore
            } else if item
                .depends_on
                .iter()
                .any(|&d| phase_of[d].is_none_or(|p| p == last))
            {
                Reason::Dependency
            } else if check_readiness
                && !readiness::holds(&item.requirements, &levels_before[last], overall)
            {
                Reason::Readiness
            } else {
                Reason::Capacity
            };
            (i, reason)
        })
        .collect();
    let mut levels_after: Vec<Vec<Option<u8>>> = levels_before[1..].to_vec();
    levels_after.push(final_levels);
    Schedule {
        phase_of,
        unscheduled,
        used,
        levels_before,
        levels_after,
        passes,
    }
}

#[cfg(test)]
mod tests;
