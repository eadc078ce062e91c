//! The frameworks embedded in the binary.

use super::Framework;
use crate::error::Result;

/// `(id, file name, YAML text)` of every built-in framework.
pub const BUILTINS: &[(&str, &str, &str)] = &[
    (
        "itsm-ai",
        "frameworks/itsm-ai.yaml",
        include_str!("../../frameworks/itsm-ai.yaml"),
    ),
    (
        "rice",
        "frameworks/rice.yaml",
        include_str!("../../frameworks/rice.yaml"),
    ),
    (
        "ice",
        "frameworks/ice.yaml",
        include_str!("../../frameworks/ice.yaml"),
    ),
    (
        "wsjf",
        "frameworks/wsjf.yaml",
        include_str!("../../frameworks/wsjf.yaml"),
    ),
];

/// The id of the default framework.
pub const DEFAULT_ID: &str = "itsm-ai";

/// Loads a built-in framework by id (through the same validation a user's file gets).
pub fn load(id: &str) -> Option<Result<Framework>> {
    BUILTINS
        .iter()
        .find(|(bid, _, _)| *bid == id)
        .map(|(_, file, text)| super::validate::load(file, text))
}

/// The default framework, for tests.
#[cfg(test)]
pub fn default_for_tests() -> Framework {
    load(DEFAULT_ID)
        .expect("the default framework is built in")
        .expect("the built-in framework is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A practitioner picks exactly one option per question: the built-in questionnaire offers
    /// one option for every level, and no two options of a question read the same.
    #[test]
    fn every_built_in_question_has_one_option_per_level_with_distinct_texts() {
        let mut problems = Vec::new();
        for (id, _, _) in BUILTINS {
            let framework = load(id).unwrap().unwrap();
            let Some(m) = &framework.maturity else {
                continue;
            };
            let levels: Vec<u8> = m.levels.iter().map(|l| l.level).collect();
            for q in m.dimensions.iter().flat_map(|d| &d.questions) {
                let offered: Vec<u8> = q.options.iter().map(|o| o.0).collect();
                if offered != levels {
                    problems.push(format!(
                        "{id} {}: options for levels {offered:?}, not {levels:?}",
                        q.id
                    ));
                }
                for (n, (_, text)) in q.options.iter().enumerate() {
                    let normalised = |t: &str| t.trim().to_lowercase();
                    if q.options[..n]
                        .iter()
                        .any(|(_, earlier)| normalised(earlier) == normalised(text))
                    {
                        problems.push(format!("{id} {}: option \"{text}\" appears twice", q.id));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn allow_na_and_optional_are_read_with_their_defaults() {
        let yaml = "id: x\nversion: 1\nname: X\nmaturity:\n  levels:\n    - {level: 1, name: One}\n    - {level: 2, name: Two}\n  dimensions:\n    - id: a\n      name: A\n      optional: true\n      questions:\n        - {id: a.q, text: Q, allow_na: false, options: [{level: 1, text: x}, {level: 2, text: y}]}\n    - id: b\n      name: B\n      questions:\n        - {id: b.q, text: Q, options: [{level: 1, text: x}, {level: 2, text: y}]}\n";
        let f = super::super::validate::load("x.yaml", yaml).unwrap();
        let m = f.maturity.unwrap();
        assert!(m.dimensions[0].optional);
        assert!(!m.dimensions[0].questions[0].allow_na);
        assert!(!m.dimensions[1].optional);
        assert!(m.dimensions[1].questions[0].allow_na);
        let typo = yaml.replace("allow_na: false", "allow_nа: false");
        assert!(super::super::validate::load("x.yaml", &typo).is_err());
    }

    /// The built-in questionnaire gives every dimension five or six questions, so one skipped
    /// question never withholds a dimension's level and two always do.
    #[test]
    fn every_built_in_dimension_has_five_or_six_questions() {
        let framework = load(DEFAULT_ID).unwrap().unwrap();
        for d in &framework.maturity.unwrap().dimensions {
            assert!(
                (5..=6).contains(&d.questions.len()),
                "{} has {} questions",
                d.id,
                d.questions.len()
            );
        }
    }
}
