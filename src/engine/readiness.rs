//! Readiness gating: which of an initiative's prerequisites the organisation's levels miss.

use crate::domain::{Gap, Gate, Requirement};

/// The level a gate reads from dimension levels and the overall level.
pub fn level_at(gate: Gate, dimensions: &[Option<u8>], overall: Option<u8>) -> Option<u8> {
    match gate {
        Gate::Dimension(d) => dimensions.get(d).copied().flatten(),
        Gate::Overall => overall,
    }
}

/// The prerequisites not met, in the order written.
pub fn gaps(
    requirements: &[Requirement],
    dimensions: &[Option<u8>],
    overall: Option<u8>,
) -> Vec<Gap> {
    requirements
        .iter()
        .filter_map(|r| {
            let have = level_at(r.gate, dimensions, overall);
            (have.is_none_or(|h| h < r.level)).then_some(Gap {
                gate: r.gate,
                have,
                need: r.level,
            })
        })
        .collect()
}

/// True when every prerequisite holds.
pub fn holds(requirements: &[Requirement], dimensions: &[Option<u8>], overall: Option<u8>) -> bool {
    requirements
        .iter()
        .all(|r| level_at(r.gate, dimensions, overall).is_some_and(|h| h >= r.level))
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
        let dims = [Some(2), Some(2), None];
        assert_eq!(
            gaps(&reqs, &dims, Some(2)),
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
        assert!(!holds(&reqs, &dims, Some(3)));
        assert!(holds(&reqs[1..2], &dims, None));
        assert!(holds(&[], &[], None));
        assert_eq!(
            gaps(&reqs[..1], &dims, None),
            vec![Gap {
                gate: Gate::Overall,
                have: None,
                need: 3
            }]
        );
    }
}
