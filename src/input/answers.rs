//! Answers files (YAML or JSON): what `assess` saves and `--answers` reads. Every problem is
//! reported with its line and column.

use crate::domain::{Answer, Answers};
use crate::error::{Code, Diagnostic, Diagnostics, Error, Place, Result, did_you_mean};
use crate::framework::{Framework, Maturity, validate::yaml_diagnostic};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswers {
    framework: Spanned<String>,
    #[serde(default)]
    organisation: Option<String>,
    #[serde(default)]
    respondent: Option<String>,
    #[serde(default)]
    respondents: Option<Vec<String>>,
    #[serde(default)]
    answers: IndexMap<Spanned<String>, Spanned<RawAnswer>>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(untagged)]
pub(super) enum RawAnswer {
    Number(serde_json::Number),
    Text(String),
}

/// The words accepted for "not applicable" and "don't know" (case-insensitive).
pub const NOT_APPLICABLE: &[&str] = &["n/a", "na", "not applicable", "not_applicable"];
/// See [`NOT_APPLICABLE`].
pub const DONT_KNOW: &[&str] = &["dont_know", "don't know", "dont know", "unknown", "?"];

/// Parses and validates an answers file against the framework's maturity model.
pub fn read(file: &str, text: &str, framework: &Framework) -> Result<Answers> {
    let raw: RawAnswers =
        serde_saphyr::from_str(text).map_err(|e| Error::single(yaml_diagnostic(file, &e)))?;
    let Some(maturity) = framework.maturity.as_ref() else {
        return Err(Error::Usage(format!(
            "framework \"{}\" has no maturity model",
            framework.id
        )));
    };
    let place = |loc: &serde_saphyr::Location| Place::at(file, loc.line(), loc.column());
    let mut problems = Diagnostics::new();
    if raw.framework.value != framework.id {
        problems.push(
            Diagnostic::new(
                Code::AnswersFramework,
                place(&raw.framework.referenced),
                format!(
                    "these answers are for framework \"{}\", but the framework in use is \"{}\"",
                    raw.framework.value, framework.id
                ),
            )
            .with_hint(format!(
                "pass --framework {} to read them",
                raw.framework.value
            )),
        );
        return problems.into_result(Answers::default());
    }
    let merged = raw.respondents.is_some();
    let answers = validated(
        framework,
        maturity,
        raw.answers,
        merged,
        &place,
        &mut problems,
    );
    problems.into_result(Answers {
        framework: raw.framework.value,
        organisation: raw.organisation,
        respondent: raw.respondent,
        respondents: raw.respondents.unwrap_or_default(),
        answers,
    })
}

fn find_question<'a>(maturity: &'a Maturity, id: &str) -> Option<&'a crate::framework::Question> {
    maturity
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .find(|q| q.id == id)
}

/// Checks each answer against its question: the id exists, and the value is one of the
/// question's levels (any level between them in merged files), n/a or don't know.
pub(super) fn validated(
    framework: &Framework,
    maturity: &Maturity,
    raw: impl IntoIterator<Item = (Spanned<String>, Spanned<RawAnswer>)>,
    merged: bool,
    place: &dyn Fn(&serde_saphyr::Location) -> Place,
    problems: &mut Diagnostics,
) -> IndexMap<String, Answer> {
    let mut answers = IndexMap::new();
    let ids: Vec<&str> = maturity
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| q.id.as_str()))
        .collect();
    for (key, value) in raw {
        let Some(question) = find_question(maturity, &key.value) else {
            let hint = did_you_mean(&key.value, ids.iter().copied())
                .map(|s| format!(", did you mean \"{s}\"?"))
                .unwrap_or_default();
            problems.push(Diagnostic::new(
                Code::AnswersUnknownQuestion,
                place(&key.referenced),
                format!(
                    "framework \"{}\" has no question \"{}\"{hint}",
                    framework.id, key.value
                ),
            ));
            continue;
        };
        let levels: Vec<u8> = question.options.iter().map(|(l, _)| *l).collect();
        let offered = levels
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let answer = match &value.value {
            RawAnswer::Text(t)
                if NOT_APPLICABLE
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(t.trim())) =>
            {
                Some(Answer::NotApplicable)
            }
            RawAnswer::Text(t) if DONT_KNOW.iter().any(|w| w.eq_ignore_ascii_case(t.trim())) => {
                Some(Answer::DontKnow)
            }
            RawAnswer::Number(n) => {
                let v = n.as_f64().unwrap_or(f64::NAN);
                let (lo, hi) = (f64::from(levels[0]), f64::from(levels[levels.len() - 1]));
                let ok = if merged {
                    v.is_finite() && v >= lo && v <= hi
                } else {
                    levels.iter().any(|l| f64::from(*l) == v)
                };
                ok.then_some(Answer::Level(v))
            }
            RawAnswer::Text(_) => None,
        };
        match answer {
            Some(a) => {
                answers.insert(key.value, a);
            }
            None => {
                let shown = match &value.value {
                    RawAnswer::Number(n) => n.to_string(),
                    RawAnswer::Text(t) => format!("\"{t}\""),
                };
                let mut d = Diagnostic::new(
                    Code::AnswersInvalidLevel,
                    place(&value.referenced),
                    format!(
                        "question \"{}\": {shown} is not an answer it offers (expected one of {offered}, n/a or dont_know)",
                        key.value
                    ),
                );
                if !merged && matches!(value.value, RawAnswer::Number(_)) {
                    d = d.with_hint("levels between options are accepted only in merged files (with a respondents list)");
                }
                problems.push(d);
            }
        }
    }
    answers
}
