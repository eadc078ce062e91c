use super::*;
use crate::domain::Gate;
use crate::engine::projection::Start;
use Reason::{Capacity, Dependency, LowScore, Readiness};

const DATA: usize = 0;
const OPS: usize = 1;
const NONE: [(usize, Reason); 0] = [];

/// An eligible item with the given effort and nothing else.
fn it(effort_pm: f64) -> Item {
    Item {
        effort_pm,
        eligible: true,
        ..Item::default()
    }
}

/// Builders to keep item tables on one line each.
trait With {
    fn after(self, deps: &[usize]) -> Self;
    fn req(self, gate: Gate, level: u8) -> Self;
    fn raises(self, dimension: usize, level: u8) -> Self;
    fn low_score(self) -> Self;
}

impl With for Item {
    fn after(mut self, deps: &[usize]) -> Self {
        self.depends_on.extend_from_slice(deps);
        self
    }
    fn req(mut self, gate: Gate, level: u8) -> Self {
        self.requirements.push(Requirement { gate, level });
        self
    }
    fn raises(mut self, dimension: usize, level: u8) -> Self {
        self.lifts.push(Raise {
            dimension,
            question: None,
            level,
        });
        self
    }
    fn low_score(mut self) -> Self {
        self.eligible = false;
        self
    }
}

/// A plan over two dimensions with readiness checks off.
fn plan(phases: usize, capacity: Option<f64>) -> Plan<'static> {
    Plan {
        phases,
        capacity,
        baseline: None,
        dimensions: 2,
    }
}

/// A plan with an assessed baseline: dimension levels and overall level.
fn assessed(
    phases: usize,
    cap: Option<f64>,
    dims: &[Option<u8>],
    overall: Option<u8>,
) -> Plan<'static> {
    Plan {
        baseline: Some(Start::Levels(Levels {
            dimensions: dims.to_vec(),
            overall,
            questions: Vec::new(),
        })),
        ..plan(phases, cap)
    }
}

/// Schedules `items` ranked in index order.
fn run(items: &[Item], plan: &Plan) -> Schedule {
    let order: Vec<usize> = (0..items.len()).collect();
    schedule(items, &order, plan)
}

/// The dimension levels after each phase.
fn dims_after(s: &Schedule) -> Vec<Vec<Option<u8>>> {
    s.levels_after
        .iter()
        .map(|l| l.dimensions.clone())
        .collect()
}

/// Asserts the full placement and the full unscheduled list.
fn placed(s: &Schedule, phase_of: &[Option<usize>], unscheduled: &[(usize, Reason)]) {
    assert_eq!(s.phase_of, phase_of, "phase_of");
    let reasons: Vec<(usize, Reason)> = s.unscheduled.iter().map(|u| (u.item, u.reason)).collect();
    assert_eq!(reasons, unscheduled, "unscheduled");
}

// Rule 1: rank order fills phase 0 then spills; oversize never fits; later items first-fit.
#[test]
fn capacity_spills_in_rank_order_and_first_fits_leftover_room() {
    let items = [it(2.0), it(2.0), it(4.0), it(1.0), it(2.0), it(2.0)];
    let s = run(&items, &plan(3, Some(3.0)));
    let phases = [Some(0), Some(1), None, Some(0), Some(2), None];
    placed(&s, &phases, &[(2, Capacity), (5, Capacity)]);
    assert_eq!(s.used, vec![3.0, 2.0, 2.0]);
}

// Rule 1: 0.1 + 0.2 fits a capacity of 0.3 (CAPACITY_EPSILON); the next 0.1 spills.
#[test]
fn capacity_comparison_has_epsilon_slack() {
    let s = run(&[it(0.1), it(0.2), it(0.1)], &plan(2, Some(0.3)));
    placed(&s, &[Some(0), Some(0), Some(1)], &NONE);
    assert_eq!(s.used, vec![0.1 + 0.2, 0.1]);
}

// Rule 1: unlimited capacity puts every unconstrained item in phase 0.
#[test]
fn unlimited_capacity_places_everything_in_phase_zero() {
    let s = run(&[it(100.0), it(200.0), it(0.5)], &plan(3, None));
    placed(&s, &[Some(0), Some(0), Some(0)], &NONE);
    assert_eq!(s.used, vec![300.5, 0.0, 0.0]);
}

// Rule 2: A→B→C ranked A,B,C needs one pass per link plus the final empty pass.
#[test]
fn dependency_chain_against_rank_order_takes_several_passes() {
    let items = [it(1.0).after(&[1]), it(1.0).after(&[2]), it(1.0)];
    let s = run(&items, &plan(3, None));
    placed(&s, &[Some(2), Some(1), Some(0)], &NONE);
    assert_eq!(s.used, vec![1.0, 1.0, 1.0]);
}

// Rule 2: a chain longer than the number of phases: the overflow gets Dependency.
#[test]
fn chain_longer_than_phases_overflows_with_dependency() {
    let items = [
        it(1.0),
        it(1.0).after(&[0]),
        it(1.0).after(&[1]),
        it(1.0).after(&[2]),
    ];
    let s = run(&items, &plan(2, None));
    placed(
        &s,
        &[Some(0), Some(1), None, None],
        &[(2, Dependency), (3, Dependency)],
    );
    assert_eq!(s.used, vec![1.0, 1.0]);
}

// Rule 2: a dependency left off (low score) or pushed into the last phase → Dependency.
#[test]
fn unplaced_or_last_phase_dependency_gives_dependency() {
    let items = [
        it(1.0),
        it(1.0).low_score(),
        it(1.0).after(&[1]),
        it(1.0),
        it(0.0).after(&[3]),
    ];
    let s = run(&items, &plan(2, Some(1.0)));
    let phases = [Some(0), None, None, Some(1), None];
    placed(
        &s,
        &phases,
        &[(1, LowScore), (2, Dependency), (4, Dependency)],
    );
    assert_eq!(s.used, vec![1.0, 1.0]);
}

// Rule 3: requirements met by the baseline (dimension or overall level) → phase 0.
#[test]
fn requirement_met_by_baseline_goes_to_phase_zero() {
    let items = [
        it(1.0).req(Gate::Dimension(DATA), 2),
        it(1.0).req(Gate::Overall, 2),
    ];
    let s = run(&items, &assessed(3, None, &[Some(2), Some(1)], Some(2)));
    placed(&s, &[Some(0), Some(0)], &NONE);
    assert_eq!(dims_after(&s), vec![vec![Some(2), Some(1)]; 3]);
}

// Rule 3: a foundation in an earlier phase lifts the gate; the gated item lands just after.
#[test]
fn foundation_in_earlier_phase_lifts_gate() {
    // The gated item is ranked first, so it is placed on the second pass.
    let items = [
        it(1.0).req(Gate::Dimension(DATA), 3),
        it(1.0).raises(DATA, 3),
    ];
    let s = run(&items, &assessed(3, None, &[Some(1), Some(1)], None));
    placed(&s, &[Some(1), Some(0)], &NONE);
    assert_eq!(s.used, vec![1.0, 1.0, 0.0]);
    assert_eq!(dims_after(&s), vec![vec![Some(3), Some(1)]; 3]);
}

// Rule 3: a raise in the same phase does not count; one in the last phase helps nobody.
#[test]
fn foundation_in_same_phase_does_not_lift_gate() {
    // Capacity pushes the foundation to phase 1; the zero-effort gated item has room there
    // but must wait for phase 2.
    let items = [
        it(1.0),
        it(1.0).raises(DATA, 3),
        it(0.0).req(Gate::Dimension(DATA), 3),
    ];
    let base = [Some(1), Some(1)];
    let s = run(&items, &assessed(3, Some(1.0), &base, None));
    placed(&s, &[Some(0), Some(1), Some(2)], &NONE);
    assert_eq!(s.used, vec![1.0, 1.0, 0.0]);
    // With two phases the foundation lands in the last one: the gated item is Readiness.
    let s = run(&items, &assessed(2, Some(1.0), &base, None));
    placed(&s, &[Some(0), Some(1), None], &[(2, Readiness)]);
    assert_eq!(
        dims_after(&s),
        vec![vec![Some(1), Some(1)], vec![Some(3), Some(1)]]
    );
}

// Rule 3: `level>=N` reads the assessed overall level only; raises never lift it.
#[test]
fn overall_gate_is_not_raised_by_raises() {
    let items = [
        it(1.0).raises(DATA, 5).raises(OPS, 5),
        it(1.0).req(Gate::Overall, 3),
        it(1.0).req(Gate::Overall, 1),
    ];
    let s = run(&items, &assessed(3, None, &[Some(2), Some(2)], Some(2)));
    placed(&s, &[Some(0), None, Some(0)], &[(1, Readiness)]);
    // No assessed overall level: every `level>=N` fails.
    let s = run(&items, &assessed(3, None, &[Some(2), Some(2)], None));
    placed(
        &s,
        &[Some(0), None, None],
        &[(1, Readiness), (2, Readiness)],
    );
}

// Rule 3: an unassessed dimension fails a requirement unless raised; unreachable → Readiness.
#[test]
fn unassessed_dimension_fails_unless_raised() {
    let items = [
        it(1.0).req(Gate::Dimension(OPS), 1),
        it(1.0).req(Gate::Dimension(OPS), 3),
        it(1.0).raises(OPS, 2),
        it(1.0).req(Gate::Dimension(DATA), 4),
    ];
    let s = run(&items, &assessed(3, None, &[Some(3), None], Some(3)));
    placed(
        &s,
        &[Some(1), None, Some(0), None],
        &[(1, Readiness), (3, Readiness)],
    );
    assert_eq!(dims_after(&s), vec![vec![Some(3), Some(2)]; 3]);
}

// Rule 3: without a baseline requirements are not checked; raises still show in levels_after.
#[test]
fn no_baseline_skips_readiness_checks() {
    let items = [
        it(1.0).req(Gate::Dimension(DATA), 5),
        it(1.0).req(Gate::Overall, 5).raises(DATA, 2),
    ];
    let s = run(&items, &plan(2, None));
    placed(&s, &[Some(0), Some(0)], &NONE);
    assert_eq!(dims_after(&s), vec![vec![Some(2), None]; 2]);
}

// Rule 4: LowScore before Dependency before Readiness before Capacity.
#[test]
fn reasons_take_the_first_that_applies() {
    let never = Gate::Dimension(DATA);
    let items = [
        it(1.0).req(never, 5),
        it(1.0).after(&[0]).low_score(),
        it(1.0).after(&[0]).req(never, 5),
        it(9.0).req(never, 5),
        it(9.0),
    ];
    let s = run(
        &items,
        &assessed(2, Some(1.0), &[Some(1), Some(1)], Some(1)),
    );
    let reasons = [
        (0, Readiness),
        (1, LowScore),
        (2, Dependency),
        (3, Readiness),
        (4, Capacity),
    ];
    placed(&s, &[None; 5], &reasons);
}

// Rule 5: capacity 0 fits nothing with positive effort, but zero-effort items still fit.
#[test]
fn zero_capacity_fits_only_zero_effort_items() {
    let s = run(&[it(1.0), it(0.0), it(2.0)], &plan(3, Some(0.0)));
    placed(&s, &[None, Some(0), None], &[(0, Capacity), (2, Capacity)]);
    assert_eq!(s.used, vec![0.0, 0.0, 0.0]);
    let s = run(&[it(1.0), it(2.0)], &plan(2, Some(0.0)));
    placed(&s, &[None, None], &[(0, Capacity), (1, Capacity)]);
    assert_eq!(s.used, vec![0.0, 0.0]);
}

// Rule 6: levels_after is cumulative, includes the phase's own raises and keeps None.
#[test]
fn levels_after_accumulate_raises_per_phase() {
    let items = [
        it(1.0).raises(0, 3),
        it(1.0).raises(0, 2).raises(1, 4),
        it(1.0).raises(0, 4),
    ];
    let p = assessed(3, Some(1.0), &[Some(1), Some(2), None], Some(2));
    let s = run(&items, &Plan { dimensions: 3, ..p });
    placed(&s, &[Some(0), Some(1), Some(2)], &NONE);
    let expected = vec![
        vec![Some(3), Some(2), None],
        vec![Some(3), Some(4), None],
        vec![Some(4), Some(4), None],
    ];
    assert_eq!(dims_after(&s), expected);
}

// Rule 3/6: a raise below the baseline never lowers it.
#[test]
fn raise_never_lowers_a_baseline_level() {
    let items = [
        it(1.0).raises(DATA, 2),
        it(1.0).after(&[0]).req(Gate::Dimension(DATA), 3),
    ];
    let s = run(&items, &assessed(2, None, &[Some(3), None], None));
    placed(&s, &[Some(0), Some(1)], &NONE);
    assert_eq!(dims_after(&s), vec![vec![Some(3), None]; 2]);
}

// Rule 7: the rank order decides placement when capacity is tight.
#[test]
fn rank_order_decides_placement() {
    let items = [it(2.0), it(1.0), it(1.0)];
    let p = plan(2, Some(2.0));
    let s = schedule(&items, &[0, 1, 2], &p);
    placed(&s, &[Some(0), Some(1), Some(1)], &NONE);
    let s = schedule(&items, &[1, 2, 0], &p);
    placed(&s, &[Some(1), Some(0), Some(0)], &NONE);
    assert_eq!(s.used, vec![2.0, 2.0]);
    // Unscheduled items are listed in rank order, not index order.
    let s = schedule(&items, &[2, 1, 0], &plan(1, Some(1.0)));
    placed(&s, &[None, None, Some(0)], &[(1, Capacity), (0, Capacity)]);
}

// Rule: a schedulable initiative's enabler is pulled forward for it, even from a low-score
// tier, and says for whom; the one that raises enough alone wins over a cheaper partial one.
#[test]
fn enablers_are_pulled_forward_for_the_initiative_that_needs_them() {
    let items = [
        it(1.0).req(Gate::Dimension(DATA), 3),
        it(3.0),
        it(0.5).raises(DATA, 2),
        it(2.0).raises(DATA, 3).low_score(),
    ];
    let s = run(
        &items,
        &assessed(3, Some(3.0), &[Some(1), Some(1)], Some(1)),
    );
    // The enabler (rank 3) goes first with rank 0's priority; rank 1 then finds no room in
    // phase 0 (it failed (c) on its turn), and rank 2's half person-month still fits.
    placed(&s, &[Some(1), Some(2), Some(0), Some(0)], &[]);
    assert_eq!(s.priority, [Some(0), Some(1), Some(2), Some(0)]);
    let pull = s.pulled[3].unwrap();
    assert_eq!((pull.origin, pull.by), (0, 0));
    assert_eq!(
        pull.need,
        Need::Enables(Requirement {
            gate: Gate::Dimension(DATA),
            level: 3
        })
    );
    assert_eq!(s.pulled[0], None);
}

// Rule: no single raise meets it, so the cheapest are added until met, then pruned.
#[test]
fn enablers_combine_only_when_no_single_one_is_enough() {
    let items = [
        it(1.0).req(Gate::Dimension(DATA), 3),
        it(1.0).raises(DATA, 2),
    ];
    let s = run(&items, &assessed(3, None, &[Some(1), Some(1)], Some(1)));
    // DATA 2 alone never reaches 3 (levels-only projection): no enabler, the answers would.
    assert_eq!(s.phase_of, [None, Some(0)]);
    assert_eq!(
        s.unscheduled[0].would_place,
        WouldPlace::Answers(Requirement {
            gate: Gate::Dimension(DATA),
            level: 3
        })
    );
}

// Rule: a higher-ranked initiative that becomes ready later is not passed by lower ranks:
// its dependency is pulled forward, and it takes the next phase before them.
#[test]
fn a_better_rank_waiting_for_its_dependency_keeps_its_place() {
    let items = [it(2.0).after(&[3]), it(2.0), it(2.0), it(1.0)];
    let s = run(&items, &plan(3, Some(3.0)));
    placed(&s, &[Some(1), Some(0), Some(2), Some(0)], &[]);
    assert_eq!(s.priority[3], Some(0));
    assert_eq!(s.pulled[3].map(|p| p.need), Some(Need::Dependency));
}

// Rule: what cannot fit in the phases left passes no priority on (the low-score dependency of
// an initiative that would need a fourth phase stays low_score).
#[test]
fn a_chain_longer_than_the_phases_left_pulls_nothing() {
    let items = [
        it(1.0).after(&[1]),
        it(1.0).after(&[2]).low_score(),
        it(1.0).low_score(),
    ];
    let s = run(&items, &plan(2, None));
    placed(
        &s,
        &[None, None, None],
        &[(0, Dependency), (1, LowScore), (2, LowScore)],
    );
}

// Would-place: the person-months missing in the earliest phase where only capacity stopped it.
#[test]
fn capacity_would_place_names_the_phase_and_the_shortfall() {
    let items = [it(2.0), it(2.0), it(1.5)];
    let s = run(&items, &plan(1, Some(3.0)));
    assert_eq!(
        s.unscheduled[0].would_place,
        WouldPlace::Capacity {
            phase: Some(0),
            pm: 1.0
        }
    );
    assert_eq!(
        s.unscheduled[1].would_place,
        WouldPlace::Capacity {
            phase: Some(0),
            pm: 0.5
        }
    );
}

mod guarantee {
    use super::*;
    use proptest::prelude::*;

    fn item() -> impl Strategy<Value = Item> {
        (
            prop::sample::select(vec![0.0, 0.5, 1.0, 1.5, 2.0, 3.0]),
            prop::bool::weighted(0.8),
            prop::collection::vec((0..2usize, 1..=4u8), 0..=2),
            prop::collection::vec((0..2usize, 1..=4u8), 0..=2),
            prop::collection::vec(any::<prop::sample::Index>(), 0..=2),
        )
            .prop_map(|(effort_pm, eligible, reqs, lifts, deps)| Item {
                effort_pm,
                eligible,
                requirements: reqs
                    .into_iter()
                    .map(|(d, level)| Requirement {
                        gate: if d == 1 && level == 4 {
                            Gate::Overall
                        } else {
                            Gate::Dimension(d)
                        },
                        level,
                    })
                    .collect(),
                lifts: lifts
                    .into_iter()
                    .map(|(dimension, level)| Raise {
                        dimension,
                        question: None,
                        level,
                    })
                    .collect(),
                // Resolved to earlier items below, so there is no cycle.
                depends_on: deps.into_iter().map(|i| i.index(usize::MAX)).collect(),
            })
    }

    fn case() -> impl Strategy<Value = (Vec<Item>, Vec<usize>, Plan<'static>)> {
        (
            prop::collection::vec(item(), 1..12),
            1..=4usize,
            prop::option::weighted(0.8, prop::sample::select(vec![0.5, 1.0, 2.0, 3.0, 5.0])),
            prop::option::weighted(
                0.7,
                (
                    prop::collection::vec(prop::option::weighted(0.8, 1..=4u8), 2),
                    prop::option::of(1..=4u8),
                ),
            ),
            any::<u64>(),
        )
            .prop_map(|(mut items, phases, capacity, baseline, shuffle)| {
                for (i, item) in items.iter_mut().enumerate() {
                    let deps = &mut item.depends_on;
                    *deps = if i == 0 {
                        Vec::new()
                    } else {
                        deps.iter().map(|d| d % i).collect()
                    };
                    deps.sort_unstable();
                    deps.dedup();
                }
                let mut order: Vec<usize> = (0..items.len()).collect();
                let mut state = shuffle;
                for k in (1..order.len()).rev() {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    order.swap(k, (state >> 33) as usize % (k + 1));
                }
                let plan = Plan {
                    phases,
                    capacity,
                    baseline: baseline.map(|(dimensions, overall)| {
                        Start::Levels(Levels {
                            dimensions,
                            overall,
                            questions: Vec::new(),
                        })
                    }),
                    dimensions: 2,
                };
                (items, order, plan)
            })
    }

    /// The levels before phase `p`, worked out from the placements alone.
    fn projection(items: &[Item], s: &Schedule, plan: &Plan, p: usize) -> Levels {
        let mut levels = match &plan.baseline {
            Some(Start::Levels(l)) => l.clone(),
            _ => Levels {
                dimensions: vec![None; 2],
                ..Levels::default()
            },
        };
        for (i, item) in items.iter().enumerate() {
            if s.phase_of[i].is_some_and(|q| q < p) {
                for r in &item.lifts {
                    let slot = &mut levels.dimensions[r.dimension];
                    *slot = Some(slot.map_or(r.level, |l| l.max(r.level)));
                }
            }
        }
        levels
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn no_place_is_taken_from_a_better_priority((items, order, plan) in case()) {
            let s = schedule(&items, &order, &plan);
            let cap = plan.capacity.unwrap_or(f64::INFINITY);
            let mut rank = vec![0; items.len()];
            for (r, &i) in order.iter().enumerate() {
                rank[i] = r;
            }
            // Dependencies, readiness and capacity are never violated.
            for (i, item) in items.iter().enumerate() {
                let Some(p) = s.phase_of[i] else { continue };
                for &d in &item.depends_on {
                    prop_assert!(s.phase_of[d].is_some_and(|q| q < p), "{i} before its dependency {d}");
                }
                if plan.baseline.is_some() {
                    let levels = projection(&items, &s, &plan, p);
                    prop_assert!(readiness::holds(&item.requirements, &levels), "{i} not ready in {p}");
                }
            }
            for p in 0..plan.phases {
                let used: f64 = (0..items.len()).filter(|&i| s.phase_of[i] == Some(p)).map(|i| items[i].effort_pm).sum();
                prop_assert!(used <= cap + CAPACITY_EPSILON, "phase {p} over capacity");
            }
            // Whoever is placed in p: every better priority of p is placed by p or failed
            // (a), (b) or (c) when its turn came.
            for (p, turns) in s.turns.iter().enumerate() {
                let levels = projection(&items, &s, &plan, p);
                let mut used_before = 0.0;
                let mut failed: Vec<usize> = Vec::new();
                for t in turns {
                    let item = &items[t.item];
                    let a = item.depends_on.iter().all(|&d| s.phase_of[d].is_some_and(|q| q < p));
                    let b = plan.baseline.is_none() || readiness::holds(&item.requirements, &levels);
                    let c = used_before + item.effort_pm <= cap + CAPACITY_EPSILON;
                    prop_assert_eq!(t.placed, a && b && c, "turn of {} in {}", t.item, p);
                    prop_assert_eq!(t.placed, s.phase_of[t.item] == Some(p));
                    if t.placed {
                        used_before += item.effort_pm;
                        for &f in &failed {
                            let better = turns.iter().find(|x| x.item == f).unwrap();
                            prop_assert!((better.priority, rank[f]) < (t.priority, rank[t.item]));
                        }
                    } else {
                        failed.push(t.item);
                    }
                }
                // The turns are in order of priority, then rank, and cover every unplaced
                // initiative that has a priority.
                let keys: Vec<(usize, usize)> = turns.iter().map(|t| (t.priority, rank[t.item])).collect();
                prop_assert!(keys.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }
}
