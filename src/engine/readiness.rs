//! Readiness gating: which of an initiative's prerequisites the organisation's levels miss.

use super::maturity::level_of;
use crate::domain::{Gap, Gate, Levels, Requirement};

/// The level a gate reads from the levels: a dimension's level, a question's answer (floored,
/// so a merged 2.5 is 2) or the overall level.
pub fn level_at(gate: Gate, levels: &Levels) -> Option<u8> {
    match gate {
        Gate::Dimension(d) => levels.dimensions.get(d).copied().flatten(),
        Gate::Question(d, q) => levels
            .questions
            .get(d)
            .and_then(|qs| qs.get(q))
            .copied()
            .flatten()
            .map(level_of),
        Gate::Overall => levels.overall,
    }
}

/// The prerequisites not met, in the order written.
pub fn gaps(requirements: &[Requirement], levels: &Levels) -> Vec<Gap> {
    requirements
        .iter()
        .filter_map(|r| {
            let have = level_at(r.gate, levels);
            (have.is_none_or(|h| h < r.level)).then_some(Gap {
                gate: r.gate,
                have,
                need: r.level,
            })
        })
        .collect()
}

/// True when every prerequisite holds.
pub fn holds(requirements: &[Requirement], levels: &Levels) -> bool {
    requirements
        .iter()
        .all(|r| level_at(r.gate, levels).is_some_and(|h| h >= r.level))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: Gate = Gate::Dimension(1);

    #[test]
    fn gaps_list_unmet_and_unassessed_prerequisites_in_order() {
        let reqs = [
            Requirement {
                gate: Gate::Overall,
                level: 3,
            },
            Requirement {
                gate: DATA,
                level: 2,
            },
            Requirement {
                gate: Gate::Dimension(0),
                level: 3,
            },
            Requirement {
                gate: Gate::Dimension(2),
                level: 1,
            },
        ];
        let at = |overall| Levels {
            dimensions: vec![Some(2), Some(2), None],
            overall,
            questions: vec![vec![Some(2.5), None], vec![], vec![]],
        };
        assert_eq!(
            gaps(&reqs, &at(Some(2))),
            vec![
                Gap {
                    gate: Gate::Overall,
                    have: Some(2),
                    need: 3
                },
                Gap {
                    gate: Gate::Dimension(0),
                    have: Some(2),
                    need: 3
                },
                Gap {
                    gate: Gate::Dimension(2),
                    have: None,
                    need: 1
                },
            ]
        );
        assert!(!holds(&reqs, &at(Some(3))));
        assert!(holds(&reqs[1..2], &at(None)));
        assert!(holds(&[], &Levels::default()));
        // A question reads its answer floored: a merged 2.5 meets >=2, not >=3; n/a meets nothing.
        let question = |q, level| Requirement {
            gate: Gate::Question(0, q),
            level,
        };
        assert!(holds(&[question(0, 2)], &at(None)));
        assert!(!holds(&[question(0, 3)], &at(None)));
        assert!(!holds(&[question(1, 1)], &at(None)));
        assert_eq!(
            gaps(&reqs[..1], &at(None)),
            vec![Gap {
                gate: Gate::Overall,
                have: None,
                need: 3
            }]
        );
    }
}
