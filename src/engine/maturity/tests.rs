//! One test per scoring rule of PRODUCT.md §1.

use super::*;
use crate::framework::{Dimension, Level, Question};

/// Three dimensions (a, b, c) of `n` questions each, levels 1–5, recommendations for 2–5.
fn model(n: usize) -> Maturity {
    let dims = ["a", "b", "c"]
        .iter()
        .map(|id| Dimension {
            id: id.to_string(),
            name: id.to_uppercase(),
            description: None,
            weight: 1.0,
            questions: (1..=n)
                .map(|q| Question {
                    id: format!("{id}.q{q}"),
                    text: String::new(),
                    help: None,
                    weight: 1.0,
                    options: (1..=5).map(|l| (l, format!("level {l}"))).collect(),
                })
                .collect(),
            recommendations: (2..=5).map(|l| (l, format!("{id} to {l}"))).collect(),
        })
        .collect();
    Maturity {
        completeness_min: 0.8,
        levels: (1..=5)
            .map(|l| Level {
                level: l,
                name: format!("L{l}"),
                description: None,
            })
            .collect(),
        dimensions: dims,
    }
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    Answers {
        framework: "t".into(),
        answers: pairs.iter().map(|(q, a)| (q.to_string(), *a)).collect(),
        ..Answers::default()
    }
}

use Answer::{DontKnow, Level as L, NotApplicable};

#[test]
fn dimension_score_is_the_weighted_mean() {
    let mut m = model(2);
    m.dimensions[0].questions[1].weight = 3.0;
    let r = assess(
        &m,
        &answers(&[
            ("a.q1", L(1.0)),
            ("a.q2", L(5.0)),
            ("b.q1", L(2.0)),
            ("b.q2", L(2.0)),
            ("c.q1", L(3.0)),
            ("c.q2", L(3.0)),
        ]),
    );
    assert_eq!(r.dimensions[0].score, Some(4.0));
    assert_eq!(r.dimensions[0].level, Some(4));
}

#[test]
fn a_mean_of_exactly_three_is_level_three() {
    // 0.1 + 0.2 style error: this mean is computed as 2.9999999999999996.
    let computed = (2.9 + 3.1 + 3.0) / 3.0 - 1e-16 * 4.0;
    assert!(computed < 3.0);
    assert_eq!(level_of(computed), 3);
    assert_eq!(level_of(2.9999), 2);
    let mut m = model(3);
    m.dimensions.truncate(1);
    let r = assess(
        &m,
        &answers(&[("a.q1", L(2.9)), ("a.q2", L(3.1)), ("a.q3", L(3.0))]),
    );
    assert_eq!(r.dimensions[0].level, Some(3));
}

#[test]
fn not_applicable_renormalises_and_dont_know_is_unanswered() {
    let m = model(3);
    let r = assess(
        &m,
        &answers(&[
            ("a.q1", L(4.0)),
            ("a.q2", NotApplicable),
            ("a.q3", L(2.0)),
            ("b.q1", L(3.0)),
            ("b.q2", DontKnow),
            ("b.q3", L(3.0)),
            ("c.q1", L(3.0)),
            ("c.q2", L(3.0)),
            ("c.q3", L(3.0)),
        ]),
    );
    let a = &r.dimensions[0];
    assert_eq!(
        (a.score, a.answered, a.not_applicable, a.total),
        (Some(3.0), 2, 1, 3)
    );
    let b = &r.dimensions[1];
    assert_eq!((b.score, b.answered, b.dont_know), (Some(3.0), 2, 1));
    // 8 of 9 covered: the don't know counts against completeness, the n/a does not.
    assert_eq!(r.completeness, 8.0 / 9.0);
}

#[test]
fn an_all_not_applicable_dimension_is_left_out() {
    let m = model(1);
    let r = assess(
        &m,
        &answers(&[("a.q1", NotApplicable), ("b.q1", L(4.0)), ("c.q1", L(4.0))]),
    );
    assert_eq!((r.dimensions[0].score, r.dimensions[0].level), (None, None));
    assert_eq!(r.score, Some(4.0));
    assert_eq!(r.level, Some(4));
    assert_eq!(r.gated_by, None);
    assert!(r.focus.iter().all(|f| f.index != 0));
}

#[test]
fn overall_is_the_weighted_mean_of_dimensions() {
    let mut m = model(1);
    m.dimensions[2].weight = 2.0;
    let r = assess(
        &m,
        &answers(&[("a.q1", L(2.0)), ("b.q1", L(3.0)), ("c.q1", L(4.0))]),
    );
    assert_eq!(r.score, Some((2.0 + 3.0 + 8.0) / 4.0));
}

#[test]
fn weakest_link_gate_lowers_the_level_and_names_the_dimension() {
    let m = model(1);
    // Mean (5 + 5 + 1) / 3 = 3.67 → 3, but the weakest is level 1 → at most 2.
    let r = assess(
        &m,
        &answers(&[("a.q1", L(5.0)), ("b.q1", L(1.0)), ("c.q1", L(5.0))]),
    );
    assert_eq!(r.level, Some(2));
    assert_eq!(r.gated_by, Some(1));
}

#[test]
fn gate_names_the_first_weakest_in_framework_order() {
    let m = model(1);
    let r = assess(
        &m,
        &answers(&[("a.q1", L(5.0)), ("b.q1", L(1.0)), ("c.q1", L(1.0))]),
    );
    // Mean 2.33 → 2; weakest level 1 + 1 = 2: the gate does not lower it.
    assert_eq!((r.level, r.gated_by), (Some(2), None));
    let r = assess(
        &m,
        &answers(&[("a.q1", L(5.0)), ("b.q1", L(5.0)), ("c.q1", L(2.0))]),
    );
    assert_eq!((r.level, r.gated_by), (Some(3), Some(2)));
}

#[test]
fn incomplete_assessments_withhold_the_level() {
    let m = model(5);
    // 11 of 15 covered = 0.733 < 0.8.
    let mut pairs: Vec<(String, Answer)> = Vec::new();
    for q in 1..=5 {
        pairs.push((format!("a.q{q}"), L(3.0)));
        pairs.push((format!("b.q{q}"), L(3.0)));
    }
    pairs.push(("c.q1".into(), L(3.0)));
    let a = Answers {
        answers: pairs.into_iter().collect(),
        ..Answers::default()
    };
    let r = assess(&m, &a);
    assert!(r.withheld);
    assert_eq!((r.level, r.gated_by, r.score), (None, None, Some(3.0)));
    assert_eq!(r.dimensions[2].score, Some(3.0));
}

#[test]
fn exactly_the_completeness_minimum_is_enough() {
    let m = model(5);
    let mut a = Answers::default();
    for d in ["a", "b", "c"] {
        for q in 1..=4 {
            a.answers.insert(format!("{d}.q{q}"), L(3.0));
        }
    }
    // 12 of 15 = 0.8.
    let r = assess(&m, &a);
    assert!(!r.withheld);
    assert_eq!(r.level, Some(3));
}

#[test]
fn focus_is_three_lowest_scores_ties_in_framework_order() {
    let mut m = model(1);
    m.dimensions.push(Dimension {
        id: "d".into(),
        name: "D".into(),
        ..m.dimensions[0].clone()
    });
    m.dimensions[3].questions[0].id = "d.q1".into();
    m.dimensions[3].recommendations = vec![(4, "d to 4".into())];
    let r = assess(
        &m,
        &answers(&[
            ("a.q1", L(3.0)),
            ("b.q1", L(2.0)),
            ("c.q1", L(5.0)),
            ("d.q1", L(3.0)),
        ]),
    );
    let focus: Vec<(usize, u8, Option<&str>)> = r
        .focus
        .iter()
        .map(|f| (f.index, f.next_level, f.recommendation.as_deref()))
        .collect();
    assert_eq!(
        focus,
        vec![
            (1, 3, Some("b to 3")),
            (0, 4, Some("a to 4")),
            (3, 4, Some("d to 4"))
        ]
    );
}

#[test]
fn median_of_odd_and_even_counts() {
    assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
    assert_eq!(median(&mut []), None);
}

#[test]
fn merge_takes_medians_and_flags_disagreement() {
    let m = model(2);
    let files = [
        answers(&[
            ("a.q1", L(1.0)),
            ("a.q2", NotApplicable),
            ("b.q1", DontKnow),
            ("c.q1", L(4.0)),
        ]),
        answers(&[
            ("a.q1", L(4.0)),
            ("a.q2", DontKnow),
            ("b.q1", DontKnow),
            ("c.q1", L(4.0)),
        ]),
    ];
    let (merged, flags) = merge(&m, &files);
    let got: Vec<(&str, Answer)> = merged.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        got,
        vec![
            ("a.q1", L(2.5)),
            ("a.q2", NotApplicable),
            ("b.q1", DontKnow),
            ("c.q1", L(4.0))
        ]
    );
    assert_eq!(
        flags,
        vec![Disagreement {
            question: "a.q1".into(),
            levels: vec![1.0, 4.0]
        }]
    );
}
