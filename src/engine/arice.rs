//! Scoring and ranking: the formula over each initiative, then the deterministic order —
//! score descending, the framework's tie-breaks, then id ascending (byte order).

use crate::framework::{Prefer, Scoring};
use crate::portfolio::Initiative;
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
    /// The score as computed.
    pub score: f64,
    /// When this row ties on score with the row above: what decided.
    pub tie: Option<TieDecision>,
}

/// Scores every initiative with the framework's formula.
pub fn score_all(scoring: &Scoring, initiatives: &[Initiative]) -> Vec<f64> {
    initiatives
        .iter()
        .map(|i| scoring.formula.eval(&i.values))
        .collect()
}

/// Compares two rows by the ranking rule (less = ranks first).
pub fn compare(scoring: &Scoring, a: (f64, &Initiative), b: (f64, &Initiative)) -> Ordering {
    b.0.total_cmp(&a.0)
        .then_with(|| compare_tie_breaks(scoring, &a.1.values, &b.1.values).0)
        .then_with(|| a.1.id.as_bytes().cmp(b.1.id.as_bytes()))
}

/// Compares by the tie-break factors only; returns the ordering and the deciding factor.
pub fn compare_tie_breaks(scoring: &Scoring, a: &[f64], b: &[f64]) -> (Ordering, Option<usize>) {
    for tb in &scoring.tie_breaks {
        let (x, y) = (a[tb.factor], b[tb.factor]);
        let ord = match tb.prefer {
            Prefer::Lower => x.total_cmp(&y),
            Prefer::Higher => y.total_cmp(&x),
        };
        if ord != Ordering::Equal {
            return (ord, Some(tb.factor));
        }
    }
    (Ordering::Equal, None)
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
    });
    let mut ranked: Vec<Ranked> = Vec::with_capacity(order.len());
    for (pos, &index) in order.iter().enumerate() {
        let score = scores[index];
        let tie = pos.checked_sub(1).and_then(|p| {
            let above = order[p];
            (scores[above].total_cmp(&score) == Ordering::Equal).then(|| {
                let (a, b) = (&initiatives[above].values, &initiatives[index].values);
                match compare_tie_breaks(scoring, a, b).1 {
                    Some(factor) => TieDecision::Factor {
                        factor,
                        above: a[factor],
                        below: b[factor],
                    },
                    None => TieDecision::Id,
                }
            })
        });
        ranked.push(Ranked {
            rank: pos + 1,
            index,
            score,
            tie,
        });
    }
    ranked
}

/// `score ÷ maximum × 100`, or `None` when the framework declares no maximum.
pub fn index(scoring: &Scoring, score: f64) -> Option<f64> {
    scoring.maximum.map(|m| score / m * 100.0)
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
