//! The roadmap scheduler, as the product contract (§3) states it, so a plan can be checked by
//! hand. Phases are filled in order; at the start of each phase p, against the projection
//! before p (the baseline with the raises of the initiatives placed before p):
//!
//! 1. *Enablers.* For each unplaced initiative and each requirement the projection misses: the
//!    single unplaced initiative whose raises alone meet it (least person-months, then better
//!    rank); else initiatives whose raises touch it, added in that order until it is met, then
//!    pruned (last added first). A dependent of the initiative is never its enabler.
//! 2. *Priority.* Walking in rank order, each initiative that can still be placed gives its rank
//!    to itself and to everything it needs (dependencies and enablers, transitively) that has no
//!    priority yet; those are *pulled forward* for it.
//! 3. *Placing.* In order of priority, then rank, each initiative is placed in p when its
//!    dependencies are placed before p, its requirements hold on the projection before p, and
//!    its person-months fit what is left of p.
//!
//! A later phase never changes an earlier one. The result is data: placements, priorities,
//! pulls, reasons and what would place each initiative left out; the wording is the caller's.

use super::projection::Start;
use super::readiness;
use crate::domain::{Gate, Levels, Raise, Requirement};

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
    /// False for a low-score tier, which is scheduled only when a schedulable item needs it.
    pub eligible: bool,
}

/// What the plan has to work with.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    /// Number of phases (at least 1).
    pub phases: usize,
    /// Person-months per phase; `None` is unlimited.
    pub capacity: Option<f64>,
    /// The assessment the projection starts from; `None` skips readiness checks.
    pub baseline: Option<Start<'a>>,
    /// Number of dimensions in the maturity model.
    pub dimensions: usize,
}

/// Why an initiative stays off the roadmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Its tier is left off the roadmap (without `--include-all`) and nothing needs it.
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

/// Why an initiative was pulled forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The item that needs it depends on it.
    Dependency,
    /// Its raises help meet this requirement of the item that needs it.
    Enables(Requirement),
}

/// An initiative whose priority came from another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pull {
    /// The item whose rank it carries.
    pub origin: usize,
    /// The item that needs it directly (the origin, or one the origin needs).
    pub by: usize,
    /// Why that item needs it.
    pub need: Need,
}

/// What would place an initiative that stays off the roadmap, judged locally (not re-planned).
#[derive(Debug, Clone, PartialEq)]
pub enum WouldPlace {
    /// This many more person-months in this phase, the earliest where only capacity stopped it;
    /// `phase` is `None` when its effort exceeds any phase's capacity.
    Capacity {
        /// The phase (0-based).
        phase: Option<usize>,
        /// Person-months missing.
        pm: f64,
    },
    /// Placing these dependencies first (unplaced, or in the last phase).
    Dependency(Vec<usize>),
    /// Placing these initiatives first: together their raises meet the requirement.
    Enabler(Vec<usize>, Requirement),
    /// Answers (an assessment) that meet the requirement: the raises in the portfolio, all of
    /// them together, do not.
    Answers(Requirement),
    /// Scheduling its tier (`--include-all`).
    IncludeAll,
}

/// An initiative left off the roadmap.
#[derive(Debug, Clone, PartialEq)]
pub struct Unscheduled {
    /// The item.
    pub item: usize,
    /// The first reason that applies.
    pub reason: Reason,
    /// What would place it.
    pub would_place: WouldPlace,
}

/// The result.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Phase of each item (0-based), `None` when unscheduled.
    pub phase_of: Vec<Option<usize>>,
    /// The priority each item carried when it was placed: a 0-based position in rank order.
    pub priority: Vec<Option<usize>>,
    /// Items placed with a priority that came from another item.
    pub pulled: Vec<Option<Pull>>,
    /// Unscheduled items in rank order.
    pub unscheduled: Vec<Unscheduled>,
    /// Person-months used per phase.
    pub used: Vec<f64>,
    /// The projection when each phase starts (the raises of the phases before it applied).
    pub levels_before: Vec<Levels>,
    /// The projection after each phase (its own raises too); `None` where not assessed and
    /// not raised.
    pub levels_after: Vec<Levels>,
    /// Per phase, the turns taken: each item with its priority, in the order tried, and
    /// whether it was placed. For checking the guarantee.
    pub turns: Vec<Vec<Turn>>,
}

/// One item's turn in a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Turn {
    /// The item.
    pub item: usize,
    /// Its priority in that phase (0-based rank position).
    pub priority: usize,
    /// Whether it was placed.
    pub placed: bool,
}

/// Whether a requirement holds on the levels.
fn meets(requirement: &Requirement, levels: &Levels) -> bool {
    readiness::holds(std::slice::from_ref(requirement), levels)
}

/// The scheduler's working state.
struct Planner<'a> {
    items: &'a [Item],
    /// Position of each item in rank order.
    rank: Vec<usize>,
    order: &'a [usize],
    capacity: f64,
    check_readiness: bool,
    start: Start<'a>,
    /// The raises of the items placed in phases before the current one.
    raised: Vec<Raise>,
    /// Besides unplaced items, the phase whose items may still count as enablers (the last
    /// phase, when explaining what would place an item: placed there, its raise comes too late).
    open_from: Option<usize>,
    /// Items that depend on each item.
    dependents: Vec<Vec<usize>>,
    /// Per dimension, the items with a raise on it (the only possible enablers there).
    lifting: Vec<Vec<usize>>,
    phase_of: Vec<Option<usize>>,
}

impl Planner<'_> {
    /// Every item that depends on `j`, directly or not.
    fn dependents_of(&self, j: usize) -> Vec<bool> {
        let mut seen = vec![false; self.items.len()];
        let mut stack = vec![j];
        while let Some(i) = stack.pop() {
            for &d in &self.dependents[i] {
                if !seen[d] {
                    seen[d] = true;
                    stack.push(d);
                }
            }
        }
        seen
    }

    /// The enablers of `j` for `requirement` on `levels`: empty when none can meet it.
    fn enablers(&self, j: usize, requirement: &Requirement) -> Vec<usize> {
        let (Gate::Dimension(d) | Gate::Question(d, _)) = requirement.gate else {
            return Vec::new();
        };
        let mut candidates: Vec<usize> = self
            .lifting
            .get(d)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| {
                i != j
                    && self.phase_of[i].is_none_or(|q| Some(q) == self.open_from)
                    && self.items[i]
                        .lifts
                        .iter()
                        .any(|r| r.touches(requirement.gate))
            })
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        let dependents = self.dependents_of(j);
        candidates.retain(|&i| !dependents[i]);
        candidates.sort_by(|&a, &b| {
            self.items[a]
                .effort_pm
                .total_cmp(&self.items[b].effort_pm)
                .then(self.rank[a].cmp(&self.rank[b]))
        });
        let met_by = |set: &[usize]| {
            let extra = set.iter().flat_map(|&i| &self.items[i].lifts);
            meets(
                requirement,
                &self.start.project(self.raised.iter().chain(extra)),
            )
        };
        if let Some(&single) = candidates.iter().find(|&&i| met_by(&[i])) {
            return vec![single];
        }
        let mut chosen = Vec::new();
        for &i in &candidates {
            chosen.push(i);
            if met_by(&chosen) {
                break;
            }
        }
        if !met_by(&chosen) {
            return Vec::new();
        }
        for k in (0..chosen.len()).rev() {
            let mut without = chosen.clone();
            without.remove(k);
            if met_by(&without) {
                chosen = without;
            }
        }
        chosen
    }

    /// The requirements of `j` that `levels` miss, each with its enablers.
    fn missing(&self, j: usize, levels: &Levels) -> Vec<(Requirement, Vec<usize>)> {
        if !self.check_readiness {
            return Vec::new();
        }
        self.items[j]
            .requirements
            .iter()
            .filter(|r| !meets(r, levels))
            .map(|r| (*r, self.enablers(j, r)))
            .collect()
    }
}

/// Schedules `items` taken in `order` (rank order, as indices into `items`).
pub fn schedule(items: &[Item], order: &[usize], plan: &Plan) -> Schedule {
    let n = items.len();
    let phases = plan.phases.max(1);
    let mut rank = vec![usize::MAX; n];
    for (position, &i) in order.iter().enumerate() {
        rank[i] = position;
    }
    let mut dependents = vec![Vec::new(); n];
    for (i, item) in items.iter().enumerate() {
        for &d in &item.depends_on {
            dependents[d].push(i);
        }
    }
    let mut lifting: Vec<Vec<usize>> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        for r in &item.lifts {
            if lifting.len() <= r.dimension {
                lifting.resize(r.dimension + 1, Vec::new());
            }
            if lifting[r.dimension].last() != Some(&i) {
                lifting[r.dimension].push(i);
            }
        }
    }
    let mut planner = Planner {
        items,
        rank,
        order,
        capacity: plan.capacity.unwrap_or(f64::INFINITY),
        check_readiness: plan.baseline.is_some(),
        start: plan.baseline.clone().unwrap_or_else(|| {
            Start::Levels(Levels {
                dimensions: vec![None; plan.dimensions],
                ..Levels::default()
            })
        }),
        raised: Vec::new(),
        open_from: None,
        dependents,
        lifting,
        phase_of: vec![None; n],
    };
    let mut priority: Vec<Option<usize>> = vec![None; n];
    let mut pulled: Vec<Option<Pull>> = vec![None; n];
    // Whether an item had a priority in the latest phase (a low score only when needed).
    let mut needed = vec![false; n];
    let mut used = vec![0.0; phases];
    let mut levels_before = Vec::with_capacity(phases);
    let mut turns = Vec::with_capacity(phases);
    // The earliest phase where only capacity stopped an item, with the person-months missing.
    let mut short_of_room: Vec<Option<(usize, f64)>> = vec![None; n];
    let mut levels = planner.start.project([]);

    #[allow(clippy::needless_range_loop)] // p is the phase, used beyond indexing
    for p in 0..phases {
        levels_before.push(levels.clone());
        let (phase_priority, phase_pulls) = priorities(&planner, &levels, p, phases);
        for i in 0..n {
            needed[i] = phase_priority[i].is_some();
        }
        let mut queue: Vec<usize> = (0..n)
            .filter(|&i| planner.phase_of[i].is_none() && phase_priority[i].is_some())
            .collect();
        queue.sort_by_key(|&i| (phase_priority[i], planner.rank[i]));
        let mut phase_turns = Vec::with_capacity(queue.len());
        for i in queue {
            let item = &items[i];
            let dependencies_done = item
                .depends_on
                .iter()
                .all(|&d| planner.phase_of[d].is_some_and(|q| q < p));
            let ready = !planner.check_readiness || readiness::holds(&item.requirements, &levels);
            let fits = used[p] + item.effort_pm <= planner.capacity + CAPACITY_EPSILON;
            let placed = dependencies_done && ready && fits;
            if placed {
                planner.phase_of[i] = Some(p);
                used[p] += item.effort_pm;
                priority[i] = phase_priority[i];
                pulled[i] = phase_pulls[i];
            } else if dependencies_done && ready && short_of_room[i].is_none() {
                short_of_room[i] = Some((p, used[p] + item.effort_pm - planner.capacity));
            }
            phase_turns.push(Turn {
                item: i,
                priority: phase_priority[i].unwrap_or(usize::MAX),
                placed,
            });
        }
        turns.push(phase_turns);
        for (item, phase) in items.iter().zip(&planner.phase_of) {
            if *phase == Some(p) {
                planner.raised.extend_from_slice(&item.lifts);
            }
        }
        levels = planner.start.project(&planner.raised);
    }

    let mut levels_after: Vec<Levels> = levels_before[1..].to_vec();
    levels_after.push(levels.clone());
    let last = phases - 1;
    let before_last = &levels_before[last];
    // Explaining what would place an item: the projection before the last phase, and the last
    // phase's items count as enablers too (they raise too late where they are).
    planner.raised = (0..n)
        .filter(|&i| planner.phase_of[i].is_some_and(|q| q < last))
        .flat_map(|i| items[i].lifts.iter().copied())
        .collect();
    planner.open_from = Some(last);
    let unscheduled = order
        .iter()
        .copied()
        .filter(|&i| planner.phase_of[i].is_none())
        .map(|i| {
            let item = &items[i];
            let waiting: Vec<usize> = item
                .depends_on
                .iter()
                .copied()
                .filter(|&d| planner.phase_of[d].is_none_or(|q| q == last))
                .collect();
            let (reason, would_place) = if !item.eligible && !needed[i] {
                (Reason::LowScore, WouldPlace::IncludeAll)
            } else if !waiting.is_empty() {
                (Reason::Dependency, WouldPlace::Dependency(waiting))
            } else if let Some((requirement, enablers)) =
                planner.missing(i, before_last).into_iter().next()
            {
                let would = if enablers.is_empty() {
                    WouldPlace::Answers(requirement)
                } else {
                    WouldPlace::Enabler(enablers, requirement)
                };
                (Reason::Readiness, would)
            } else {
                let would = match short_of_room[i] {
                    _ if item.effort_pm > planner.capacity + CAPACITY_EPSILON => {
                        WouldPlace::Capacity {
                            phase: None,
                            pm: item.effort_pm - planner.capacity,
                        }
                    }
                    Some((phase, pm)) => WouldPlace::Capacity {
                        phase: Some(phase),
                        pm,
                    },
                    None => WouldPlace::Capacity {
                        phase: Some(last),
                        pm: used[last] + item.effort_pm - planner.capacity,
                    },
                };
                (Reason::Capacity, would)
            };
            Unscheduled {
                item: i,
                reason,
                would_place,
            }
        })
        .collect();
    Schedule {
        phase_of: planner.phase_of,
        priority,
        pulled,
        unscheduled,
        used,
        levels_before,
        levels_after,
        turns,
    }
}

/// Priorities at the start of phase `phase`, on the projection `levels`: each unplaced item's
/// priority (a rank position) and, when it came from another item, the pull.
fn priorities(
    planner: &Planner<'_>,
    levels: &Levels,
    phase: usize,
    phases: usize,
) -> (Vec<Option<usize>>, Vec<Option<Pull>>) {
    let n = planner.items.len();
    // What each unplaced item needs, and whether its effort fits and its requirements can be met.
    let mut needs: Vec<Vec<(usize, Need)>> = vec![Vec::new(); n];
    let mut possible = vec![false; n];
    for i in 0..n {
        if planner.phase_of[i].is_some() {
            continue;
        }
        let item = &planner.items[i];
        needs[i] = item
            .depends_on
            .iter()
            .filter(|&&d| planner.phase_of[d].is_none())
            .map(|&d| (d, Need::Dependency))
            .collect();
        possible[i] = item.effort_pm <= planner.capacity + CAPACITY_EPSILON;
        for (requirement, enablers) in planner.missing(i, levels) {
            possible[i] &= !enablers.is_empty();
            needs[i].extend(
                enablers
                    .into_iter()
                    .map(|e| (e, Need::Enables(requirement))),
            );
        }
    }
    // An item can still be placed when, besides the above, what it needs fits in the phases
    // left: each link of the chain of needs takes a phase of its own.
    let phases_needed = chain_lengths(&needs, &planner.phase_of);
    let placeable = |i: usize| possible[i] && phases_needed[i] <= phases - phase;

    let mut priority: Vec<Option<usize>> = vec![None; n];
    let mut pulls: Vec<Option<Pull>> = vec![None; n];
    for &j in planner.order {
        if planner.phase_of[j].is_some() || priority[j].is_some() || !planner.items[j].eligible {
            continue;
        }
        let rank = planner.rank[j];
        priority[j] = Some(rank);
        let mut stack = vec![j];
        while let Some(i) = stack.pop() {
            if !placeable(i) {
                continue;
            }
            for &(k, need) in &needs[i] {
                if priority[k].is_none() {
                    priority[k] = Some(rank);
                    pulls[k] = Some(Pull {
                        origin: j,
                        by: i,
                        need,
                    });
                    stack.push(k);
                }
            }
        }
    }
    (priority, pulls)
}

/// For each unplaced item, the number of phases its chain of needs takes: 1 plus the longest
/// chain of what it needs; `usize::MAX` on a cycle (two items waiting for each other's raise).
fn chain_lengths(needs: &[Vec<(usize, Need)>], phase_of: &[Option<usize>]) -> Vec<usize> {
    const UNKNOWN: usize = 0;
    const VISITING: usize = usize::MAX - 1;
    let n = needs.len();
    let mut length = vec![UNKNOWN; n];
    for start in 0..n {
        if phase_of[start].is_some() || length[start] != UNKNOWN {
            continue;
        }
        // Iterative depth-first search: (item, next need to look at).
        let mut stack = vec![(start, 0usize)];
        length[start] = VISITING;
        while let Some(&mut (i, ref mut next)) = stack.last_mut() {
            if let Some(&(k, _)) = needs[i].get(*next) {
                *next += 1;
                match length[k] {
                    UNKNOWN => {
                        length[k] = VISITING;
                        stack.push((k, 0));
                    }
                    VISITING => length[i] = usize::MAX,
                    _ => {}
                }
                continue;
            }
            stack.pop();
            let longest = needs[i].iter().map(|&(k, _)| length[k]).max().unwrap_or(0);
            length[i] = if length[i] == usize::MAX || longest >= VISITING {
                usize::MAX
            } else {
                longest + 1
            };
        }
    }
    length
}

#[cfg(test)]
mod tests;
