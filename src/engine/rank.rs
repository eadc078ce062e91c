//! Scoring and ranking: the formula over each initiative, its value rounded to 12 significant
//! digits ([`round_score`]), then the deterministic order — score descending, the framework's
//! tie-breaks, then id ascending (byte order).

use super::ranking::{self, Decider};
pub use super::round::round_score;
use crate::domain::{Initiative, Prefer};
use crate::framework::Scoring;
use std::cmp::Ordering;

/// Why an initiative sits below the one ranked just above it, when both have the same score.
#[derive(Debug, Clone, PartialEq)]
pub enum TieDecision {
    /// A tie-break factor decided: `(factor index, this row's value, the other row's value)`.
    Factor {
        /// Index of the deciding factor.
        factor: usize,
        /// Value of the row ranked above.
        above: f64,
        /// Value of this row.
        below: f64,
    },
    /// Every tie-break was equal; the ids decided.
    Id,
}

/// One ranked initiative.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// 1-based rank.
    pub rank: usize,
    /// Index into the portfolio's initiatives.
    pub index: usize,
    /// The score, rounded to 12 significant digits.
    pub score: f64,
    /// When this row ties on score with the row above: what decided.
    pub tie: Option<TieDecision>,
}

/// The score of one row's factor values: the framework's formula, rounded to 12 significant
/// digits (PRODUCT §2). Every path scores through this (or, for columns of rows at once, rounds
/// the formula's results with [`round_score`]), so sorting, ties, tiers and output all see the
/// same value.
#[inline]
pub fn score(scoring: &Scoring, values: &[f64]) -> f64 {
    round_score(scoring.formula.eval(values))
}

/// Scores every initiative with the framework's formula.
pub fn score_all(scoring: &Scoring, initiatives: &[Initiative]) -> Vec<f64> {
    initiatives
        .iter()
        .map(|i| score(scoring, &i.values))
        .collect()
}

/// Compares two initiatives by the ranking rule (less = ranks first), with what decided: the
/// one rule of [`ranking::compare`], then the ids in byte order.
pub fn compare(
    scoring: &Scoring,
    a: (f64, &Initiative),
    b: (f64, &Initiative),
) -> (Ordering, Decider) {
    let (x, y) = (a.1, b.1);
    let in_a = |j: usize| x.values[scoring.tie_breaks[j].factor];
    let in_b = |j: usize| y.values[scoring.tie_breaks[j].factor];
    match ranking::compare(prefer(scoring), (a.0, in_a), (b.0, in_b)) {
        (Ordering::Equal, _) => (a.1.id.as_bytes().cmp(b.1.id.as_bytes()), Decider::Id),
        decided => decided,
    }
}

/// Each tie-break's direction, in the framework's order.
pub fn prefer(scoring: &Scoring) -> impl Iterator<Item = Prefer> + '_ {
    scoring.tie_breaks.iter().map(|tb| tb.prefer)
}

/// Why the row `below` sits under the row `above` when their scores are equal (`None` when
/// they differ): the first tie-break that differs, or the ids. Each row is its score and its
/// value of the j-th tie-break. Every path explains ties with this.
pub fn tie_decision(
    scoring: &Scoring,
    above: (f64, impl Fn(usize) -> f64),
    below: (f64, impl Fn(usize) -> f64),
) -> Option<TieDecision> {
    let (a, b) = (&above.1, &below.1);
    match ranking::compare(prefer(scoring), (above.0, a), (below.0, b)).1 {
        Decider::Score => None,
        Decider::TieBreak(j) => Some(TieDecision::Factor {
            factor: scoring.tie_breaks[j].factor,
            above: a(j),
            below: b(j),
        }),
        Decider::Id => Some(TieDecision::Id),
    }
}

/// Scores and ranks the initiatives; explains every tie with the row above.
pub fn rank(scoring: &Scoring, initiatives: &[Initiative]) -> Vec<Ranked> {
    let scores = score_all(scoring, initiatives);
    let mut order: Vec<usize> = (0..initiatives.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        compare(
            scoring,
            (scores[a], &initiatives[a]),
            (scores[b], &initiatives[b]),
        )
        .0
    });
    let value = |i: usize| move |j: usize| initiatives[i].values[scoring.tie_breaks[j].factor];
    order
        .iter()
        .enumerate()
        .map(|(pos, &index)| Ranked {
            rank: pos + 1,
            index,
            score: scores[index],
            tie: pos.checked_sub(1).and_then(|p| {
                let above = order[p];
                tie_decision(
                    scoring,
                    (scores[above], value(above)),
                    (scores[index], value(index)),
                )
            }),
        })
        .collect()
}

/// `score ÷ maximum × 100` from the rounded score, itself at 12 significant digits (so 5.6 of
/// 125 gives 4.48, not 4.4799999999999995), or `None` when the framework declares no maximum.
pub fn index(scoring: &Scoring, score: f64) -> Option<f64> {
    scoring
        .maximum
        .map(|m| super::round::round_score(score / m * 100.0))
}

/// Person-months for an initiative: its `effort_pm`, else the framework's map of its effort.
pub fn person_months(scoring: &Scoring, initiative: &Initiative) -> Option<f64> {
    initiative.effort_pm.or_else(|| {
        scoring
            .person_months
            .as_ref()
            .map(|pm| pm.at(initiative.values[pm.factor]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::builtin;

    fn scoring() -> Scoring {
        builtin::default_for_tests().scoring.unwrap()
    }

    /// values: reach, impact, confidence, effort, ai_complexity, k
    fn initiative(id: &str, values: [f64; 6]) -> Initiative {
        Initiative::new(2, id.into(), id.into(), values.to_vec(), 0)
    }

    fn order(rows: &[Initiative]) -> Vec<(&str, Option<TieDecision>)> {
        rank(&scoring(), rows)
            .into_iter()
            .map(|r| (rows[r.index].id.as_str(), r.tie))
            .collect()
    }

    #[test]
    fn score_is_the_formula_at_12_significant_digits() {
        let s = scoring();
        let rows = [
            initiative("A", [5.0, 4.0, 4.0, 2.0, 2.0, 1.0]),
            initiative("B", [3.0, 3.0, 3.0, 3.0, 3.0, 0.8]),
        ];
        // 27/9 × 0.8 is 2.4000000000000004 as computed, 2.4 at 12 significant digits.
        assert_eq!(3.0 * 3.0 * 3.0 / (3.0 * 3.0) * 0.8, 2.4000000000000004);
        assert_eq!(score_all(&s, &rows), vec![20.0, 2.4]);
        assert_eq!(index(&s, 20.0), Some(16.0));
    }

    #[test]
    fn level_1_higher_score_first() {
        let rows = [
            initiative("A", [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
            initiative("B", [2.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
        ];
        assert_eq!(order(&rows), vec![("B", None), ("A", None)]);
    }

    #[test]
    fn level_2_lower_effort_wins_a_tie() {
        // Both score 4: 4*2*2/(2*2) and 4*2*4/(4*2).
        let rows = [
            initiative("A", [4.0, 2.0, 4.0, 4.0, 2.0, 1.0]),
            initiative("B", [4.0, 2.0, 2.0, 2.0, 2.0, 1.0]),
        ];
        assert_eq!(
            order(&rows),
            vec![
                ("B", None),
                (
                    "A",
                    Some(TieDecision::Factor {
                        factor: 3,
                        above: 2.0,
                        below: 4.0
                    })
                )
            ]
        );
    }

    #[test]
    fn level_3_higher_confidence_wins_when_effort_ties() {
        // Both score 6 with effort 2: 4*3*2/(2*2) and 2*3*4/(2*2).
        let rows = [
            initiative("A", [4.0, 3.0, 2.0, 2.0, 2.0, 1.0]),
            initiative("B", [2.0, 3.0, 4.0, 2.0, 2.0, 1.0]),
        ];
        assert_eq!(
            order(&rows),
            vec![
                ("B", None),
                (
                    "A",
                    Some(TieDecision::Factor {
                        factor: 2,
                        above: 4.0,
                        below: 2.0
                    })
                )
            ]
        );
    }

    #[test]
    fn level_4_id_in_byte_order_decides_the_rest() {
        let rows = [
            initiative("b", [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
            initiative("B", [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
            initiative("a", [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
        ];
        assert_eq!(
            order(&rows),
            vec![
                ("B", None),
                ("a", Some(TieDecision::Id)),
                ("b", Some(TieDecision::Id))
            ]
        );
    }

    #[test]
    fn scores_compare_at_12_significant_digits() {
        // 0.1*3 and 0.3 differ in the last bit, as do 100/3*0.9 and 30: equal at 12
        // significant digits, so the tie-breaks decide (lower effort, then higher confidence,
        // then the id).
        let rows = [
            initiative("A", [3.0, 1.0, 1.0, 1.0, 1.0, 0.1]),
            initiative("B", [1.0, 1.0, 1.0, 1.0, 1.0, 0.3]),
            initiative("configure", [4.0, 5.0, 5.0, 3.0, 1.0, 0.9]),
            initiative("buy", [2.0, 3.0, 5.0, 1.0, 1.0, 1.0]),
        ];
        let s = scoring();
        assert_eq!(s.formula.eval(&rows[0].values), 0.30000000000000004);
        assert_eq!(s.formula.eval(&rows[2].values), 30.000000000000004);
        assert_eq!(score_all(&s, &rows), vec![0.3, 0.3, 30.0, 30.0]);
        assert_eq!(
            order(&rows),
            vec![
                ("buy", None),
                (
                    "configure",
                    Some(TieDecision::Factor {
                        factor: 3,
                        above: 1.0,
                        below: 3.0
                    })
                ),
                ("A", None),
                ("B", Some(TieDecision::Id)),
            ]
        );
        // Tiers and the index use the rounded score: 30 is 24 % of 125.
        assert_eq!(index(&s, score_all(&s, &rows)[2]), Some(24.0));
    }

    #[test]
    fn tiers_use_the_rounded_score() {
        // 1·3·5 ÷ (1·3.5) × 0.7 is 2.9999999999999996 as computed: 3 at 12 digits, "Later".
        let s = scoring();
        let row = initiative("A", [1.0, 3.0, 5.0, 1.0, 3.5, 0.7]);
        assert_eq!(s.formula.eval(&row.values), 2.9999999999999996);
        let score = score_all(&s, std::slice::from_ref(&row))[0];
        assert_eq!(score, 3.0);
        assert_eq!(s.tier(score).name, "Later");
        assert_eq!(index(&s, score), Some(2.4));
    }

    #[test]
    fn negative_zero_scores_as_zero() {
        let s = scoring();
        let rows = [
            initiative("A", [0.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
            initiative("B", [0.0, 1.0, 1.0, 1.0, 1.0, -1.0]),
        ];
        assert_eq!(
            s.formula.eval(&rows[1].values).to_bits(),
            (-0.0f64).to_bits()
        );
        assert!(score_all(&s, &rows).iter().all(|v| v.to_bits() == 0));
        assert_eq!(
            order(&rows),
            vec![("A", None), ("B", Some(TieDecision::Id))]
        );
    }

    #[test]
    fn tiers_at_their_boundaries() {
        let s = scoring();
        let cases = [
            (125.0, "Do now"),
            (20.0, "Do now"),
            (19.99, "Next"),
            (8.0, "Next"),
            (7.99, "Later"),
            (3.0, "Later"),
            (2.99, "Reconsider"),
            (0.0, "Reconsider"),
        ];
        for (score, tier) in cases {
            assert_eq!(s.tier(score).name, tier, "{score}");
        }
    }

    #[test]
    fn person_months_from_effort_or_given() {
        let s = scoring();
        let mut i = initiative("A", [1.0, 1.0, 1.0, 3.0, 1.0, 1.0]);
        assert_eq!(person_months(&s, &i), Some(3.0));
        i.values[3] = 3.5;
        assert_eq!(person_months(&s, &i), Some(4.5));
        i.values[3] = 1.0;
        assert_eq!(person_months(&s, &i), Some(0.5));
        i.values[3] = 5.0;
        assert_eq!(person_months(&s, &i), Some(12.0));
        i.effort_pm = Some(7.25);
        assert_eq!(person_months(&s, &i), Some(7.25));
    }

    mod properties {
        use super::*;
        use crate::domain::Prefer;
        use proptest::prelude::*;

        /// Rows with few distinct values, so that scores and tie-breaks tie often; ids unique
        /// (as a portfolio's are), from a small alphabet so that byte order matters.
        fn rows() -> impl Strategy<Value = Vec<Initiative>> {
            let value = prop_oneof![Just(1.0), Just(2.0), Just(3.0), Just(4.0), Just(5.0)];
            let k = prop_oneof![Just(0.5), Just(1.0), Just(0.9)];
            proptest::collection::vec(("[aAbB_]{0,3}", proptest::array::uniform5(value), k), 0..40)
                .prop_map(|rows| {
                    rows.into_iter()
                        .enumerate()
                        .map(|(n, (prefix, v, k))| {
                            initiative(&format!("{prefix}{n}"), [v[0], v[1], v[2], v[3], v[4], k])
                        })
                        .collect()
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            /// The ranking is the documented rule (score descending, each tie-break with its
            /// preferred value first, then the id in byte order) applied as one total order:
            /// the same order as sorting by that rule's key, every rank used once.
            #[test]
            fn the_ranking_is_the_documented_total_order(rows in rows()) {
                let s = scoring();
                let ranked = rank(&s, &rows);
                prop_assert_eq!(ranked.len(), rows.len());
                let ranks: Vec<usize> = ranked.iter().map(|r| r.rank).collect();
                prop_assert_eq!(ranks, (1..=rows.len()).collect::<Vec<_>>());
                let key = |i: &Initiative| {
                    let score = score(&s, &i.values);
                    let breaks: Vec<f64> = s
                        .tie_breaks
                        .iter()
                        .map(|t| match t.prefer {
                            Prefer::Lower => i.values[t.factor],
                            Prefer::Higher => -i.values[t.factor],
                        })
                        .collect();
                    (-score, breaks, i.id.as_bytes().to_vec())
                };
                let mut expected: Vec<usize> = (0..rows.len()).collect();
                expected.sort_by(|&a, &b| key(&rows[a]).partial_cmp(&key(&rows[b])).unwrap());
                let got: Vec<usize> = ranked.iter().map(|r| r.index).collect();
                prop_assert_eq!(&got, &expected);
                // Strict between neighbours: no two rows are equal under the rule and ids.
                for pair in got.windows(2) {
                    prop_assert!(key(&rows[pair[0]]) < key(&rows[pair[1]]));
                }
            }
        }
    }
}
