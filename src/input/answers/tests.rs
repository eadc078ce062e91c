//! The answers loader: both forms of an answer, notes, `role`, `date`, `merged_from`, `allow_na`,
//! and a round trip through the writer.

use super::*;
use crate::domain::Respondent;
use crate::framework::validate;
use crate::model::AnswersFile;
use crate::render::yaml::answers_file;

/// Two dimensions; `gov.registry` refuses n/a.
fn framework() -> Framework {
    let yaml = "id: t\nversion: 1\nname: T\nmaturity:\n  levels:\n    - {level: 1, name: One}\n    - {level: 2, name: Two}\n    - {level: 3, name: Three}\n  dimensions:\n    - id: gov\n      name: Governance\n      questions:\n        - id: gov.registry\n          text: Is there a register of AI tools?\n          allow_na: false\n          options:\n            - {level: 1, text: No register.}\n            - {level: 2, text: A partial list.}\n            - {level: 3, text: A complete register.}\n        - id: gov.handoff\n          text: Are hand-offs defined?\n          options:\n            - {level: 1, text: No.}\n            - {level: 2, text: Some.}\n            - {level: 3, text: All.}\n    - id: data\n      name: Data\n      questions:\n        - id: data.quality\n          text: Is ticket data clean?\n          options:\n            - {level: 1, text: No.}\n            - {level: 2, text: Partly.}\n            - {level: 3, text: Yes.}\n";
    validate::load("t.yaml", yaml).unwrap()
}

fn read_ok(text: &str) -> Answers {
    match read("a.yaml", text, &framework()) {
        Ok(a) => a,
        Err(e) => panic!("{e:#}"),
    }
}

fn read_err(text: &str) -> String {
    format!("{:#}", read("a.yaml", text, &framework()).unwrap_err())
}

fn note(note: Option<&str>, evidence: Option<&str>) -> Note {
    Note {
        note: note.map(str::to_string),
        evidence: evidence.map(str::to_string),
    }
}

#[test]
fn an_answer_is_a_bare_value_or_a_mapping_with_note_and_evidence() {
    let a = read_ok(
        "framework: t\nrespondent: Ana\nrole: CIO\ndate: 2026-12-01\nanswers:\n  gov.registry: {answer: 1, note: \"nobody keeps a list\", evidence: \"asked IT security\"}\n  gov.handoff:\n    answer: n/a\n    note: no AI talks to users yet\n  data.quality: {answer: dont_know, evidence: \"ticket query Q-12\"}\n",
    );
    assert_eq!(
        a.answers
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        [
            ("gov.registry", Answer::Level(1.0)),
            ("gov.handoff", Answer::NotApplicable),
            ("data.quality", Answer::DontKnow)
        ]
    );
    assert_eq!(
        a.notes
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect::<Vec<_>>(),
        [
            (
                "gov.registry",
                note(Some("nobody keeps a list"), Some("asked IT security"))
            ),
            ("gov.handoff", note(Some("no AI talks to users yet"), None)),
            ("data.quality", note(None, Some("ticket query Q-12"))),
        ]
    );
    assert_eq!(
        (
            a.respondent.as_deref(),
            a.role.as_deref(),
            a.date.as_deref()
        ),
        (Some("Ana"), Some("CIO"), Some("2026-12-01"))
    );
    // An empty note is no note; a bare value has none.
    let a = read_ok(
        "framework: t\nanswers:\n  gov.registry: {answer: 2, note: \"  \"}\n  data.quality: 3\n",
    );
    assert!(a.notes.is_empty());
}

#[test]
fn n_a_where_the_framework_refuses_it_is_an_error_with_the_hint() {
    assert_eq!(
        read_err("framework: t\nanswers:\n  gov.registry: n/a\n  gov.handoff: n/a\n"),
        "a.yaml:3:17: question \"gov.registry\" cannot be answered n/a (expected one of 1, 2, 3 or dont_know) [answers-not-applicable]\n  hint: when the thing asked about does not exist, answer the lowest level, 1 (\"No register.\"): \"no register of AI tools\" is level 1, not \"not applicable\""
    );
    // The long form points at the answer itself.
    assert!(
        read_err("framework: t\nanswers:\n  gov.registry: {note: x, answer: n/a}\n")
            .starts_with("a.yaml:3:35: question \"gov.registry\" cannot be answered n/a")
    );
    // Other answers of that question name what it accepts.
    assert_eq!(
        read_err("framework: t\nanswers:\n  gov.registry: 7\n"),
        "a.yaml:3:17: question \"gov.registry\": 7 is not an answer it offers (expected one of 1, 2, 3 or dont_know) [answers-invalid-level]\n  hint: levels between options are accepted only in merged files (with a respondents list)"
    );
}

#[test]
fn a_mapping_names_its_mistakes() {
    let typo = read_err("framework: t\nanswers:\n  gov.registry: {answer: 1, nte: x}\n");
    assert!(
        typo.contains("unknown field \"nte\", did you mean \"note\"?")
            && typo.ends_with("[yaml-invalid]"),
        "{typo}"
    );
    let missing = read_err("framework: t\nanswers:\n  gov.registry: {note: x}\n");
    assert!(
        missing.contains("missing field") && missing.contains("answer"),
        "{missing}"
    );
}

#[test]
fn a_date_must_be_an_iso_calendar_day() {
    assert_eq!(
        read_err("framework: t\ndate: 01.12.2026\nanswers: {}\n"),
        "a.yaml:2:7: date: \"01.12.2026\" is not an ISO 8601 date; write it as YYYY-MM-DD, e.g. 2026-12-01 [answers-invalid-date]"
    );
    assert_eq!(
        read_err("framework: t\ndate: 2027-02-29\nanswers: {}\n"),
        "a.yaml:2:7: date: \"2027-02-29\": day 29 does not exist in that month [answers-invalid-date]"
    );
}

#[test]
fn a_merged_file_keeps_every_respondent_and_accepts_medians() {
    let a = read_ok(
        "framework: t\nanswers:\n  gov.registry: 2.5\nmerged_from:\n  - respondent: Ana\n    role: CIO\n    answers:\n      gov.registry: {answer: 3, note: we have a list}\n  - respondent: Bo\n    answers:\n      gov.registry: 1\n",
    );
    assert_eq!(a.answers["gov.registry"], Answer::Level(2.5));
    assert_eq!(a.respondents, ["Ana", "Bo"]);
    assert!(a.is_merged());
    assert_eq!(
        a.merged_from,
        [
            Respondent {
                respondent: Some("Ana".into()),
                role: Some("CIO".into()),
                answers: [("gov.registry".to_string(), Answer::Level(3.0))]
                    .into_iter()
                    .collect(),
                notes: [(
                    "gov.registry".to_string(),
                    note(Some("we have a list"), None)
                )]
                .into_iter()
                .collect(),
            },
            Respondent {
                respondent: Some("Bo".into()),
                answers: [("gov.registry".to_string(), Answer::Level(1.0))]
                    .into_iter()
                    .collect(),
                ..Respondent::default()
            },
        ]
    );
    // Each respondent's own answers are checked like a single file: whole levels, n/a refused
    // where the framework says so.
    let err = read_err(
        "framework: t\nanswers: {}\nmerged_from:\n  - respondent: Ana\n    answers:\n      gov.registry: 2.5\n      gov.handoff: n/a\n      data.quality: n/a\n  - respondent: Bo\n    answers:\n      gov.registry: n/a\n",
    );
    assert!(
        err.contains("a.yaml:6:21: question \"gov.registry\": 2.5 is not an answer it offers"),
        "{err}"
    );
    assert!(
        err.contains("a.yaml:11:21: question \"gov.registry\" cannot be answered n/a"),
        "{err}"
    );
    assert!(!err.contains("gov.handoff"), "{err}");
}

#[test]
fn notes_role_date_and_merged_from_survive_writing_and_reading() {
    let mut single = Answers {
        framework: "t".into(),
        organisation: Some("Example \"Corp\"".into()),
        respondent: Some("Ana".into()),
        role: Some("CIO".into()),
        date: Some("2026-12-01".into()),
        ..Answers::default()
    };
    single
        .answers
        .insert("gov.registry".into(), Answer::Level(1.0));
    single
        .answers
        .insert("gov.handoff".into(), Answer::NotApplicable);
    single
        .answers
        .insert("data.quality".into(), Answer::DontKnow);
    single.notes.insert(
        "gov.registry".into(),
        note(
            Some("nobody: \"we think\" # not a comment"),
            Some("IT security, 2026"),
        ),
    );
    single
        .notes
        .insert("gov.handoff".into(), note(Some("no chatbot yet"), None));
    single
        .notes
        .insert("data.quality".into(), note(None, Some("query Q-12")));
    let written = answers_file(&AnswersFile {
        answers: single.clone(),
        version: 1,
        comments: IndexMap::new(),
    });
    assert_eq!(read_ok(&written), single);

    let merged = Answers {
        framework: "t".into(),
        respondents: vec!["Ana".into(), "b.yaml".into()],
        answers: [("gov.registry".to_string(), Answer::Level(2.5))]
            .into_iter()
            .collect(),
        merged_from: vec![
            single.as_respondents("a.yaml").remove(0),
            Respondent {
                respondent: Some("b.yaml".into()),
                answers: [("gov.registry".to_string(), Answer::Level(3.0))]
                    .into_iter()
                    .collect(),
                ..Respondent::default()
            },
        ],
        ..Answers::default()
    };
    let written = answers_file(&AnswersFile {
        answers: merged.clone(),
        version: 1,
        comments: [(
            "gov.registry".to_string(),
            "respondents disagree".to_string(),
        )]
        .into_iter()
        .collect(),
    });
    assert!(
        written.contains("  gov.registry: 2.5  # respondents disagree\n"),
        "{written}"
    );
    assert_eq!(read_ok(&written), merged);
}
