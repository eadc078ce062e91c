//! The `requires` and `raises` cells: readiness prerequisites (`data>=3;
//! governance.registry>=3; level>=3`) and the answers an initiative raises when done (`data=3`,
//! `governance.registry=3`), checked against the maturity model.

use super::cell::CellError;
use crate::domain::portfolio::OVERALL;
use crate::domain::{Gate, Raise, Requirement};
use crate::error::did_you_mean;
use crate::framework::Maturity;

/// Parses a `requires` cell: conditions `DIMENSION>=N`, `QUESTION>=N` or `level>=N`, separated
/// by `;` or `,`.
pub fn parse_requires(text: &str, maturity: &Maturity) -> Result<Vec<Requirement>, CellError> {
    items(text)
        .map(|item| {
            let (name, op, level) = split(item, maturity)?;
            if op != ">=" && op != "≥" {
                return Err(malformed(
                    item,
                    "a prerequisite is written DIMENSION>=LEVEL, QUESTION>=LEVEL or level>=LEVEL (the overall level)",
                    format!("for example: {name}>={level}"),
                ));
            }
            let gate = if name.eq_ignore_ascii_case(OVERALL) {
                Gate::Overall
            } else if name.contains('.') {
                let (d, q) = question(item, name, maturity)?;
                Gate::Question(d, q)
            } else {
                Gate::Dimension(dimension(item, name, maturity, true)?)
            };
            Ok(Requirement { gate, level })
        })
        .collect()
}

/// Parses a `raises` cell: `DIMENSION=N` or `QUESTION=N`, separated by `;` or `,`.
pub fn parse_raises(text: &str, maturity: &Maturity) -> Result<Vec<Raise>, CellError> {
    items(text)
        .map(|item| {
            let (name, op, level) = split(item, maturity)?;
            if op != "=" {
                return Err(malformed(
                    item,
                    "a raise is written QUESTION=LEVEL or DIMENSION=LEVEL: the answer the question (or every question of the dimension) honestly gets when the initiative is done",
                    format!("for example: {name}={level}"),
                ));
            }
            if name.eq_ignore_ascii_case(OVERALL) {
                return Err(CellError {
                    message: format!("\"{item}\": raises names a question or a dimension, not the overall level"),
                    hint: Some(
                        "the overall level is re-scored from the answers; raise the questions the initiative improves"
                            .into(),
                    ),
                });
            }
            if name.contains('.') {
                let (dimension, q) = question(item, name, maturity)?;
                return Ok(Raise {
                    dimension,
                    question: Some(q),
                    level,
                });
            }
            Ok(Raise {
                dimension: dimension(item, name, maturity, false)?,
                question: None,
                level,
            })
        })
        .collect()
}

fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn first_dimension(maturity: &Maturity) -> &str {
    maturity
        .dimensions
        .first()
        .map_or("data", |d| d.id.as_str())
}

/// Splits `name op level`; the level must be a whole number within the model's levels.
fn split<'a>(item: &'a str, maturity: &Maturity) -> Result<(&'a str, &'a str, u8), CellError> {
    let op_start = item.find(['>', '=', '<', '≥', '≤']);
    let Some(op_start) = op_start else {
        return Err(malformed(
            item,
            "expected a question or dimension, an operator and a level",
            format!(
                "for example: {d}>=3 in requires, {d}=3 in raises",
                d = first_dimension(maturity)
            ),
        ));
    };
    let rest = &item[op_start..];
    let op_len = rest
        .char_indices()
        .find(|(_, c)| !matches!(c, '>' | '=' | '<' | '≥' | '≤'))
        .map_or(rest.len(), |(i, _)| i);
    let (op, number) = rest.split_at(op_len);
    let name = item[..op_start].trim();
    if name.is_empty() {
        return Err(malformed(
            item,
            "the question or dimension is missing before the operator",
            format!("for example: {}>=3", first_dimension(maturity)),
        ));
    }
    let max = maturity.levels.len();
    let number = number.trim();
    let level = number
        .parse::<u8>()
        .ok()
        .filter(|l| (1..=max).contains(&usize::from(*l)));
    let Some(level) = level else {
        return Err(CellError {
            message: format!(
                "\"{item}\": \"{number}\" is not a level (expected a whole number from 1 to {max})"
            ),
            hint: None,
        });
    };
    Ok((name, op, level))
}

fn dimension(
    item: &str,
    name: &str,
    maturity: &Maturity,
    overall_allowed: bool,
) -> Result<usize, CellError> {
    // Dimension ids are lower-case ASCII (the framework checks that), so this is exact.
    if let Some(i) = maturity
        .dimensions
        .iter()
        .position(|d| d.id.eq_ignore_ascii_case(name))
    {
        return Ok(i);
    }
    let name = name.to_lowercase();
    let name = name.as_str();
    let ids = maturity.dimensions.iter().map(|d| d.id.as_str());
    let mut candidates: Vec<&str> = ids.clone().collect();
    if overall_allowed {
        candidates.push(OVERALL);
    }
    let suggestion = did_you_mean(name, candidates.iter().copied())
        .map(|s| format!(", did you mean \"{s}\"?"))
        .unwrap_or_default();
    let mut known = ids.collect::<Vec<_>>().join(", ");
    if overall_allowed {
        known.push_str(", or level for the overall level");
    }
    Err(CellError {
        message: format!("\"{item}\": no dimension \"{name}\"{suggestion}"),
        hint: Some(format!("dimensions: {known}")),
    })
}

/// The dimension and question index of a question id such as `governance.registry`.
fn question(item: &str, name: &str, maturity: &Maturity) -> Result<(usize, usize), CellError> {
    for (d, dimension) in maturity.dimensions.iter().enumerate() {
        if let Some(q) = dimension
            .questions
            .iter()
            .position(|q| q.id.eq_ignore_ascii_case(name))
        {
            return Ok((d, q));
        }
    }
    let ids = maturity
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| q.id.as_str()));
    let lower = name.to_lowercase();
    let suggestion = did_you_mean(&lower, ids.clone())
        .map(|s| format!(", did you mean \"{s}\"?"))
        .unwrap_or_default();
    let prefix = lower.split('.').next().unwrap_or_default();
    let same_dimension: Vec<&str> = ids
        .filter(|id| id.split('.').next() == Some(prefix))
        .collect();
    let hint = if same_dimension.is_empty() {
        "question ids are DIMENSION.NAME; `itsm-ai framework show` lists them".to_string()
    } else {
        format!("questions of {prefix}: {}", same_dimension.join(", "))
    };
    Err(CellError {
        message: format!("\"{item}\": no question \"{lower}\"{suggestion}"),
        hint: Some(hint),
    })
}

fn malformed(item: &str, what: &str, example: String) -> CellError {
    CellError {
        message: format!("\"{item}\" is not understood: {what}"),
        hint: Some(example),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::builtin;

    fn maturity() -> Maturity {
        builtin::default_for_tests().maturity.unwrap()
    }

    fn index(id: &str) -> usize {
        maturity()
            .dimensions
            .iter()
            .position(|d| d.id == id)
            .unwrap()
    }

    #[test]
    fn requires_accepts_dimensions_the_overall_level_and_both_separators() {
        let m = maturity();
        let got = parse_requires(" Data >= 3; knowledge≥2 , level>=3 ", &m).unwrap();
        assert_eq!(
            got,
            vec![
                Requirement {
                    gate: Gate::Dimension(index("data")),
                    level: 3
                },
                Requirement {
                    gate: Gate::Dimension(index("knowledge")),
                    level: 2
                },
                Requirement {
                    gate: Gate::Overall,
                    level: 3
                },
            ]
        );
        assert_eq!(parse_requires("", &m).unwrap(), vec![]);
    }

    #[test]
    fn raises_accepts_dimension_equals_level() {
        let m = maturity();
        assert_eq!(
            parse_raises("data=3; governance = 4", &m).unwrap(),
            vec![
                Raise {
                    dimension: index("data"),
                    question: None,
                    level: 3
                },
                Raise {
                    dimension: index("governance"),
                    question: None,
                    level: 4
                },
            ]
        );
    }

    #[test]
    fn questions_can_be_required_and_raised() {
        let m = maturity();
        let governance = index("governance");
        let registry = m.dimensions[governance]
            .questions
            .iter()
            .position(|q| q.id == "governance.registry")
            .unwrap();
        assert_eq!(
            parse_requires("Governance.Registry>=3", &m).unwrap(),
            vec![Requirement {
                gate: Gate::Question(governance, registry),
                level: 3
            }]
        );
        assert_eq!(
            parse_raises("governance.registry=3", &m).unwrap(),
            vec![Raise {
                dimension: governance,
                question: Some(registry),
                level: 3
            }]
        );
        let err = parse_requires("governance.registy>=3", &m).unwrap_err();
        assert_eq!(
            err.message,
            "\"governance.registy>=3\": no question \"governance.registy\", did you mean \"governance.registry\"?"
        );
        assert_eq!(
            err.hint.unwrap(),
            "questions of governance: governance.registry, governance.handoff, governance.transparency, governance.data_security, governance.oversight"
        );
        assert_eq!(
            parse_requires("governance.registry=3", &m)
                .unwrap_err()
                .message,
            "\"governance.registry=3\" is not understood: a prerequisite is written DIMENSION>=LEVEL, QUESTION>=LEVEL or level>=LEVEL (the overall level)"
        );
    }

    #[test]
    fn mistakes_are_explained() {
        let m = maturity();
        let err = |r: Result<Vec<Requirement>, CellError>| r.unwrap_err().message;
        assert_eq!(
            err(parse_requires("dat>=3", &m)),
            "\"dat>=3\": no dimension \"dat\", did you mean \"data\"?"
        );
        assert_eq!(
            err(parse_requires("data=3", &m)),
            "\"data=3\" is not understood: a prerequisite is written DIMENSION>=LEVEL, QUESTION>=LEVEL or level>=LEVEL (the overall level)"
        );
        assert_eq!(
            err(parse_requires("data>=6", &m)),
            "\"data>=6\": \"6\" is not a level (expected a whole number from 1 to 5)"
        );
        assert_eq!(
            err(parse_requires("data>=2.5", &m)),
            "\"data>=2.5\": \"2.5\" is not a level (expected a whole number from 1 to 5)"
        );
        assert_eq!(
            err(parse_requires("data", &m)),
            "\"data\" is not understood: expected a question or dimension, an operator and a level"
        );
        assert_eq!(
            err(parse_requires(">=3", &m)),
            "\">=3\" is not understood: the question or dimension is missing before the operator"
        );
        let raise = parse_raises("level=3", &m).unwrap_err();
        assert_eq!(
            raise.message,
            "\"level=3\": raises names a question or a dimension, not the overall level"
        );
        assert_eq!(
            parse_raises("data>=3", &m).unwrap_err().message,
            "\"data>=3\" is not understood: a raise is written QUESTION=LEVEL or DIMENSION=LEVEL: the answer the question (or every question of the dimension) honestly gets when the initiative is done"
        );
    }
}
