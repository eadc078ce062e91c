//! The assessment as the contract shows it: why a level is withheld, what holds it and what the
//! next level needs, focus targets, don't-know and skipped lists, perception gaps and notes.

use super::*;
use crate::domain::Respondent;
use crate::engine::maturity::assess;
use crate::framework::validate;

/// Three dimensions of five questions each, four levels; options read `<question> <level>`.
fn framework() -> Framework {
    let mut yaml = String::from(
        "id: t\nversion: 1\nname: T\nmaturity:\n  levels:\n    - {level: 1, name: Manual}\n    - {level: 2, name: Tooled}\n    - {level: 3, name: Automated}\n    - {level: 4, name: Proactive}\n  dimensions:\n",
    );
    for d in ["gov", "data", "people"] {
        yaml.push_str(&format!(
            "    - id: {d}\n      name: {}\n      recommendations: {{2: Raise {d} to 2., 3: Raise {d} to 3., 4: Raise {d} to 4.}}\n      questions:\n",
            d.to_uppercase()
        ));
        for q in 1..=5 {
            yaml.push_str(&format!(
                "        - id: {d}.q{q}\n          text: {d} question {q}?\n          options: [{{level: 1, text: {d}{q} one}}, {{level: 2, text: {d}{q} two}}, {{level: 3, text: {d}{q} three}}, {{level: 4, text: {d}{q} four}}]\n"
            ));
        }
    }
    validate::load("t.yaml", &yaml).unwrap()
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    Answers {
        framework: "t".into(),
        answers: pairs.iter().map(|(q, a)| (q.to_string(), *a)).collect(),
        ..Answers::default()
    }
}

/// Every question answered with `level`, then the given answers over them.
fn all(level: f64, over: &[(&str, Option<Answer>)]) -> Answers {
    let f = framework();
    let mut a = answers(&[]);
    for q in f
        .maturity
        .unwrap()
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
    {
        a.answers.insert(q.id.clone(), Answer::Level(level));
    }
    for (q, answer) in over {
        match answer {
            Some(x) => a.answers.insert(q.to_string(), *x),
            None => a.answers.shift_remove(*q),
        };
    }
    a
}

fn report(a: &Answers) -> AssessmentReport {
    let f = framework();
    let m = f.maturity.as_ref().unwrap();
    AssessmentReport::new(&f, m, a, &assess(m, a), None)
}

#[test]
fn a_withheld_level_says_why() {
    let r = report(&all(
        2.0,
        &[("gov.q1", None), ("gov.q2", None), ("gov.q3", None)],
    ));
    assert_eq!((r.overall.level, r.overall.withheld), (None, true));
    assert_eq!(
        r.overall.withheld_because.as_deref(),
        Some("incomplete: gov has 2 of 5 questions answered")
    );
    assert_eq!(r.overall.explanation, None);
    assert!(!r.dimensions[0].complete);
    assert_eq!(r.dimensions[0].score, Some(2.0));
    assert_eq!(
        r.skipped
            .iter()
            .map(|q| q.question.as_str())
            .collect::<Vec<_>>(),
        ["gov.q1", "gov.q2", "gov.q3"]
    );
    assert_eq!(r.skipped[0].text, "gov question 1?");

    let na = Some(Answer::NotApplicable);
    let r = report(&all(
        2.0,
        &[
            ("data.q1", na),
            ("data.q2", na),
            ("data.q3", na),
            ("data.q4", na),
            ("data.q5", na),
            ("people.q1", None),
            ("people.q2", None),
            ("people.q3", None),
            ("people.q4", None),
        ],
    ));
    assert_eq!(
        r.overall.withheld_because.as_deref(),
        Some(
            "incomplete: people has 1 of 5 questions answered; data has every question answered n/a; 11 of 15 in all, 80% needed"
        )
    );
}

#[test]
fn a_dimension_with_n_a_and_skipped_questions_only_says_so() {
    let na = Some(Answer::NotApplicable);
    let r = report(&all(
        2.0,
        &[
            ("data.q1", na),
            ("data.q2", na),
            ("data.q3", na),
            ("data.q4", na),
            ("data.q5", None),
        ],
    ));
    assert_eq!(
        r.overall.withheld_because.as_deref(),
        Some("incomplete: data has no scored question (4 of 5 answered n/a, the rest skipped)")
    );
}

#[test]
fn the_level_says_what_holds_it_and_what_the_next_needs() {
    // gov 1, data 4, people 4: mean 3, gated at 2 by gov.
    fn gated(q: &str) -> (&str, Option<Answer>) {
        (q, Some(Answer::Level(1.0)))
    }
    let r = report(&all(
        4.0,
        &[
            gated("gov.q1"),
            gated("gov.q2"),
            gated("gov.q3"),
            gated("gov.q4"),
            gated("gov.q5"),
        ],
    ));
    assert_eq!(r.overall.level, Some(2));
    assert_eq!(r.overall.gated_by.as_deref(), Some("gov"));
    assert_eq!(
        r.overall.explanation.as_deref(),
        Some(
            "Held back by GOV (level 1): the overall level is at most one above the weakest dimension. Level 3 needs GOV (now 1) at level 2 or above; the overall score (3.00) is already enough."
        )
    );
    let r = report(&all(2.0, &[]));
    assert_eq!(
        r.overall.explanation.as_deref(),
        Some(
            "The overall score 2.00 gives level 2. Level 3 needs an overall score of 3 or more (now 2.00)."
        )
    );
    // Not gated, with a dimension that must rise first: gov 2, the rest 4 (mean 3.33).
    let two = Some(Answer::Level(2.0));
    let r = report(&all(
        4.0,
        &[
            ("gov.q1", two),
            ("gov.q2", two),
            ("gov.q3", two),
            ("gov.q4", two),
            ("gov.q5", two),
        ],
    ));
    assert_eq!(
        (r.overall.level, r.overall.gated_by.as_deref()),
        (Some(3), None)
    );
    assert_eq!(
        r.overall.explanation.as_deref(),
        Some(
            "The overall score 3.33 gives level 3. Level 4 needs GOV (now 2) at level 3 or above, and an overall score of 4 or more (now 3.33)."
        )
    );
    let r = report(&all(4.0, &[]));
    assert_eq!(
        r.overall.explanation.as_deref(),
        Some("The overall score 4.00 gives level 4. This is the highest level.")
    );
}

#[test]
fn focus_questions_carry_their_target_option_and_notes() {
    let mut a = all(
        3.0,
        &[
            ("gov.q1", Some(Answer::Level(2.0))),
            ("gov.q2", Some(Answer::DontKnow)),
            ("gov.q3", Some(Answer::Level(1.0))),
        ],
    );
    a.notes.insert(
        "gov.q3".into(),
        Note {
            note: Some("nobody owns it".into()),
            evidence: None,
        },
    );
    let r = report(&a);
    let gov = &r.focus[0];
    assert_eq!((gov.dimension.as_str(), gov.next_level), ("gov", 3));
    type Row<'a> = (&'a str, serde_json::Value, u8, Option<u8>, Option<&'a str>);
    let got: Vec<Row> = gov
        .questions
        .iter()
        .map(|q| {
            (
                q.question.as_str(),
                q.answer.clone(),
                q.now.level,
                q.next.as_ref().map(|n| n.level),
                q.note.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("gov.q2", "dont_know".into(), 1, Some(2), None),
            ("gov.q3", 1.into(), 1, Some(2), Some("nobody owns it")),
            ("gov.q1", 2.into(), 2, Some(3), None),
        ]
    );
    assert_eq!(gov.questions[2].next.as_ref().unwrap().text, "gov1 three");
    assert_eq!(gov.questions[2].now.text, "gov1 two");
    // Don't know is listed to find out, with its note, and as ids.
    assert_eq!(r.dont_know, ["gov.q2"]);
    assert_eq!(r.find_out[0].question, "gov.q2");
    // Every answer's note is carried in the answers list.
    let noted = r.answers.iter().find(|x| x.question == "gov.q3").unwrap();
    assert_eq!(noted.note.as_deref(), Some("nobody owns it"));
}

#[test]
fn perception_gaps_show_each_respondent_s_answer_role_and_note() {
    let cio = Respondent {
        respondent: Some("Ana".into()),
        role: Some("CIO".into()),
        answers: answers(&[
            ("gov.q1", Answer::Level(3.0)),
            ("data.q1", Answer::Level(2.0)),
        ])
        .answers,
        notes: [(
            "gov.q1".to_string(),
            Note {
                note: Some("we have a policy".into()),
                evidence: Some("intranet page".into()),
            },
        )]
        .into_iter()
        .collect(),
    };
    let desk = Respondent {
        respondent: Some("Bo".into()),
        role: Some("Service desk lead".into()),
        answers: answers(&[
            ("gov.q1", Answer::Level(1.0)),
            ("data.q1", Answer::DontKnow),
        ])
        .answers,
        ..Respondent::default()
    };
    let f = framework();
    let m = f.maturity.as_ref().unwrap();
    let merged_from = vec![cio, desk];
    let mut a = answers(&[]);
    a.answers = maturity::merge(m, &merged_from);
    a.merged_from = merged_from;
    let r = report(&a);
    assert_eq!(r.perception_gaps.len(), 1);
    let gap = &r.perception_gaps[0];
    assert_eq!(
        (gap.question.as_str(), gap.merged.clone()),
        ("gov.q1", 2.into())
    );
    assert_eq!(
        gap.answers,
        [
            RespondentAnswerOut {
                respondent: Some("Ana".into()),
                role: Some("CIO".into()),
                answer: 3.into(),
                note: Some("we have a policy".into()),
                evidence: Some("intranet page".into()),
            },
            RespondentAnswerOut {
                respondent: Some("Bo".into()),
                role: Some("Service desk lead".into()),
                answer: 1.into(),
                note: None,
                evidence: None,
            },
        ]
    );
}

#[test]
fn a_comparison_lists_the_answers_that_changed_with_the_later_note() {
    let f = framework();
    let m = f.maturity.as_ref().unwrap();
    let mut before = all(2.0, &[("gov.q1", Some(Answer::DontKnow))]);
    before.date = Some("2026-06-01".into());
    let mut after = all(
        2.0,
        &[("gov.q1", Some(Answer::Level(3.0))), ("gov.q2", None)],
    );
    after.date = Some("2026-12-01".into());
    after.notes.insert(
        "gov.q1".into(),
        Note {
            note: Some("register live since October".into()),
            evidence: None,
        },
    );
    let c = ComparisonReport::new(
        &f,
        m,
        ("before.yaml", "after.yaml"),
        (&before, &assess(m, &before)),
        (&after, &assess(m, &after)),
    );
    assert_eq!(
        (c.before_date.as_deref(), c.after_date.as_deref()),
        (Some("2026-06-01"), Some("2026-12-01"))
    );
    let got: Vec<(&str, serde_json::Value, serde_json::Value, Option<&str>)> = c
        .changes
        .iter()
        .map(|x| {
            (
                x.question.as_str(),
                x.before.clone(),
                x.after.clone(),
                x.note.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "gov.q1",
                "dont_know".into(),
                3.into(),
                Some("register live since October")
            ),
            ("gov.q2", 2.into(), serde_json::Value::Null, None),
        ]
    );
}
