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
            optional: false,
            questions: (1..=n)
                .map(|q| Question {
                    id: format!("{id}.q{q}"),
                    text: String::new(),
                    help: None,
                    weight: 1.0,
                    allow_na: true,
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
fn not_applicable_renormalises_and_dont_know_scores_the_lowest_level() {
    let mut m = model(3);
    // b's second question starts at level 2: its don't know scores 2.
    m.dimensions[1].questions[1].options.remove(0);
    let r = assess(
        &m,
        &answers(&[
            ("a.q1", L(4.0)),
            ("a.q2", NotApplicable),
            ("a.q3", L(2.0)),
            ("b.q1", L(3.0)),
            ("b.q2", DontKnow),
            ("b.q3", L(4.0)),
            ("c.q1", DontKnow),
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
    let c = &r.dimensions[2];
    assert_eq!((c.score, c.level), (Some(7.0 / 3.0), Some(2)));
    // Don't know counts as answered for completeness, like n/a.
    assert_eq!(r.completeness, 1.0);
    assert!(r.dimensions.iter().all(|d| d.complete));
    assert!(!r.is_withheld());
    // ... and is listed, in framework order.
    assert_eq!(
        r.dont_know,
        [
            QuestionAt {
                dimension: 1,
                question: 1
            },
            QuestionAt {
                dimension: 2,
                question: 0
            }
        ]
    );
    assert!(r.skipped.is_empty());
    assert_eq!(
        r.not_applicable,
        [QuestionAt {
            dimension: 0,
            question: 1
        }]
    );
}

#[test]
fn dont_know_cannot_lift_a_level() {
    // Practitioner review §5.4: governance 1, 1, 1, 2, 2 is level 1; answering don't know
    // instead of the three 1s used to give 2.00 on two answers. Now it is still 1.40.
    let m = model(5);
    let mut pairs = vec![
        ("a.q1", L(1.0)),
        ("a.q2", L(1.0)),
        ("a.q3", L(1.0)),
        ("a.q4", L(2.0)),
        ("a.q5", L(2.0)),
    ];
    let honest = assess(&m, &answers(&pairs)).dimensions[0].clone();
    for p in &mut pairs[..3] {
        p.1 = DontKnow;
    }
    let unsure = assess(&m, &answers(&pairs)).dimensions[0].clone();
    assert_eq!((honest.score, honest.level), (Some(1.4), Some(1)));
    assert_eq!((unsure.score, unsure.level), (honest.score, honest.level));
    assert!(unsure.complete);
}

#[test]
fn an_all_not_applicable_dimension_withholds_the_level_unless_optional() {
    let mut m = model(1);
    let given = answers(&[("a.q1", NotApplicable), ("b.q1", L(4.0)), ("c.q1", L(4.0))]);
    let r = assess(&m, &given);
    assert_eq!((r.dimensions[0].score, r.dimensions[0].level), (None, None));
    assert!(r.dimensions[0].complete);
    assert_eq!(r.score, Some(4.0));
    assert_eq!(
        (r.level, r.gated_by, r.next_level.clone()),
        (None, None, None)
    );
    assert_eq!(
        r.withheld,
        [Withheld::NoScore {
            dimension: 0,
            not_applicable: 1,
            total: 1
        }]
    );
    m.dimensions[0].optional = true;
    let r = assess(&m, &given);
    assert!(!r.is_withheld());
    assert_eq!(r.level, Some(4));
    assert_eq!(r.gated_by, None);
    assert!(r.focus.iter().all(|f| f.index != 0));
}

#[test]
fn an_optional_dimension_still_needs_its_questions_answered() {
    let mut m = model(5);
    m.dimensions[0].optional = true;
    let mut a = full(&m, 3.0);
    for q in 1..=2 {
        a.answers.shift_remove(&format!("a.q{q}"));
    }
    let r = assess(&m, &a);
    assert_eq!(
        r.withheld,
        [Withheld::Incomplete {
            dimension: 0,
            covered: 3,
            total: 5
        }]
    );
}

#[test]
fn with_every_dimension_optional_and_n_a_there_is_nothing_to_score() {
    let mut m = model(1);
    for d in &mut m.dimensions {
        d.optional = true;
    }
    let r = assess(
        &m,
        &answers(&[
            ("a.q1", NotApplicable),
            ("b.q1", NotApplicable),
            ("c.q1", NotApplicable),
        ]),
    );
    assert_eq!((r.score, r.level), (None, None));
    assert_eq!(r.withheld, [Withheld::NothingScored]);
    assert_eq!(r.completeness, 1.0);
}

#[test]
fn with_no_completeness_minimum_an_unanswered_dimension_still_withholds() {
    let mut m = model(2);
    m.completeness_min = 0.0;
    let r = assess(&m, &answers(&[("a.q1", L(3.0)), ("b.q1", L(3.0))]));
    assert!(r.dimensions.iter().all(|d| d.complete));
    assert_eq!(
        r.withheld,
        [Withheld::NoScore {
            dimension: 2,
            not_applicable: 0,
            total: 2
        }]
    );
}

/// Every question of the model answered with `level`.
fn full(m: &Maturity, level: f64) -> Answers {
    Answers {
        answers: m
            .dimensions
            .iter()
            .flat_map(|d| &d.questions)
            .map(|q| (q.id.clone(), L(level)))
            .collect(),
        ..Answers::default()
    }
}

#[test]
fn a_dimension_below_the_minimum_is_incomplete_at_the_boundary() {
    let m = model(5);
    // 4 of 5 (0.8) in a is enough: a has a level, the overall level stands.
    let mut a = full(&m, 3.0);
    a.answers.shift_remove("a.q5");
    let r = assess(&m, &a);
    assert!(r.dimensions[0].complete);
    assert_eq!(r.dimensions[0].level, Some(3));
    assert_eq!(r.dimensions[0].skipped, [4]);
    assert_eq!(
        r.skipped,
        [QuestionAt {
            dimension: 0,
            question: 4
        }]
    );
    assert_eq!(r.level, Some(3));
    // 3 of 5 (0.6) is not, although 13 of 15 overall (0.87) is: a has a provisional score,
    // no level, and the overall level is withheld.
    a.answers.shift_remove("a.q4");
    a.answers.insert("a.q1".into(), L(1.0));
    let r = assess(&m, &a);
    let dim = &r.dimensions[0];
    assert!(!dim.complete);
    assert_eq!((dim.score, dim.level), (Some(7.0 / 3.0), None));
    assert_eq!(
        r.withheld,
        [Withheld::Incomplete {
            dimension: 0,
            covered: 3,
            total: 5
        }]
    );
    assert_eq!(
        (r.level, r.gated_by, r.next_level.clone()),
        (None, None, None)
    );
    // The provisional score counts in the overall score.
    assert_eq!(r.score, Some((7.0 / 3.0 + 3.0 + 3.0) / 3.0));
    // Only complete dimensions are focus areas.
    assert!(r.focus.iter().all(|f| f.index != 0));
    assert_eq!(r.focus.len(), 2);
}

#[test]
fn n_a_counts_towards_a_dimension_s_completeness() {
    let m = model(5);
    let mut a = full(&m, 3.0);
    a.answers.insert("a.q1".into(), NotApplicable);
    a.answers.insert("a.q2".into(), DontKnow);
    a.answers.shift_remove("a.q3");
    let r = assess(&m, &a);
    assert!(r.dimensions[0].complete);
    assert_eq!(r.dimensions[0].covered(), 4);
    // (1 + 3 + 3) / 3: don't know scores 1, n/a and the skipped question are left out.
    assert_eq!(r.dimensions[0].score, Some(7.0 / 3.0));
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
    // 11 of 15 covered = 0.733 < 0.8; c has 1 of 5.
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
    assert_eq!(
        r.withheld,
        [
            Withheld::Incomplete {
                dimension: 2,
                covered: 1,
                total: 5
            },
            Withheld::Overall {
                covered: 11,
                total: 15
            }
        ]
    );
    assert_eq!((r.level, r.gated_by, r.score), (None, None, Some(3.0)));
    assert_eq!(r.dimensions[2].score, Some(3.0));
    assert_eq!(r.dimensions[2].skipped, [1, 2, 3, 4]);
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
    // 12 of 15 = 0.8, and 4 of 5 in each dimension.
    let r = assess(&m, &a);
    assert!(!r.is_withheld());
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
fn focus_lists_the_answers_below_the_next_level_weakest_first() {
    let m = model(5);
    let r = assess(
        &m,
        &answers(&[
            ("a.q1", L(3.0)),
            ("a.q2", L(2.0)),
            ("a.q3", NotApplicable),
            ("a.q4", DontKnow),
            ("a.q5", L(4.0)),
            ("b.q1", L(4.0)),
            ("b.q2", L(4.0)),
            ("b.q3", L(4.0)),
            ("b.q4", L(4.0)),
            ("c.q1", L(5.0)),
            ("c.q2", L(5.0)),
            ("c.q3", L(5.0)),
            ("c.q4", L(5.0)),
            ("c.q5", L(5.0)),
        ]),
    );
    // a: (3 + 2 + 1 + 4) / 4 = 2.5 → level 2, next 3: the don't know (1), then 2; 3 and 4
    // already reach 3, n/a is left out.
    let a = &r.focus[0];
    assert_eq!((a.index, a.next_level), (0, 3));
    assert_eq!(
        a.questions,
        [
            FocusQuestion {
                question: 3,
                answer: DontKnow,
                level: 1.0
            },
            FocusQuestion {
                question: 1,
                answer: L(2.0),
                level: 2.0
            },
        ]
    );
    // b: 4 of 5 → level 4, next 5: every answer (4) is below; the skipped one is not listed.
    let b = &r.focus[1];
    assert_eq!((b.index, b.next_level), (1, 5));
    assert_eq!(
        b.questions.iter().map(|q| q.question).collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
    // c is at the top: no focus.
    assert_eq!(r.focus.len(), 2);
}

#[test]
fn the_next_level_names_what_it_needs() {
    let m = model(1);
    // Mean (5 + 1 + 2) / 3 = 2.67 → 2, weakest 1 → at most 2: not gated. Level 3 needs a
    // score of 3 and b at level 2 or above.
    let r = assess(
        &m,
        &answers(&[("a.q1", L(5.0)), ("b.q1", L(1.0)), ("c.q1", L(2.0))]),
    );
    assert_eq!((r.level, r.gated_by), (Some(2), None));
    assert_eq!(
        r.next_level,
        Some(NextLevel {
            level: 3,
            score_short: true,
            dimensions_below: vec![1]
        })
    );
    // Gated: mean 3.67, weakest b at 1 → level 2. Level 3 needs b at 2; the score is enough.
    let r = assess(
        &m,
        &answers(&[("a.q1", L(5.0)), ("b.q1", L(1.0)), ("c.q1", L(5.0))]),
    );
    assert_eq!((r.level, r.gated_by), (Some(2), Some(1)));
    assert_eq!(
        r.next_level,
        Some(NextLevel {
            level: 3,
            score_short: false,
            dimensions_below: vec![1]
        })
    );
    // At the top there is no next level.
    let r = assess(&m, &full(&m, 5.0));
    assert_eq!((r.level, r.next_level), (Some(5), None));
}

fn respondent(name: &str, pairs: &[(&str, Answer)]) -> Respondent {
    Respondent {
        respondent: Some(name.into()),
        answers: answers(pairs).answers,
        ..Respondent::default()
    }
}

#[test]
fn merge_takes_medians_and_gaps_name_the_respondents() {
    let m = model(2);
    let files = [
        respondent(
            "cio",
            &[
                ("a.q1", L(1.0)),
                ("a.q2", NotApplicable),
                ("b.q1", DontKnow),
                ("c.q1", L(4.0)),
            ],
        ),
        respondent(
            "desk",
            &[
                ("a.q1", L(4.0)),
                ("a.q2", DontKnow),
                ("b.q1", DontKnow),
                ("c.q1", L(4.0)),
            ],
        ),
        respondent("ops", &[("a.q1", DontKnow), ("c.q1", L(2.0))]),
    ];
    let merged = merge(&m, &files);
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
        perception_gaps(&m, &files),
        vec![
            Disagreement {
                question: "a.q1".into(),
                levels: vec![(0, 1.0), (1, 4.0)]
            },
            Disagreement {
                question: "c.q1".into(),
                levels: vec![(0, 4.0), (1, 4.0), (2, 2.0)]
            }
        ]
    );
}

#[test]
fn a_merged_file_contributes_its_respondents_to_a_new_merge() {
    let single = Answers {
        respondent: Some("cio".into()),
        role: Some("CIO".into()),
        answers: answers(&[("a.q1", L(1.0))]).answers,
        ..Answers::default()
    };
    let nameless = Answers {
        answers: answers(&[("a.q1", L(5.0))]).answers,
        ..Answers::default()
    };
    let merged = Answers {
        merged_from: vec![
            respondent("desk", &[("a.q1", L(3.0))]),
            respondent("ops", &[("a.q1", L(4.0))]),
        ],
        answers: answers(&[("a.q1", L(3.5))]).answers,
        ..Answers::default()
    };
    let all: Vec<Respondent> = [
        (&single, "a.yaml"),
        (&nameless, "b.yaml"),
        (&merged, "c.yaml"),
    ]
    .iter()
    .flat_map(|(a, name)| a.as_respondents(name))
    .collect();
    let names: Vec<(Option<&str>, Option<&str>)> = all
        .iter()
        .map(|r| (r.respondent.as_deref(), r.role.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            (Some("cio"), Some("CIO")),
            (Some("b.yaml"), None),
            (Some("desk"), None),
            (Some("ops"), None)
        ]
    );
    // The median of the four respondents, not of the three files.
    assert_eq!(merge(&model(1), &all)["a.q1"], L(3.5));
}
