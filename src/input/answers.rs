//! Answers files (YAML or JSON): what `assess` saves and `--answers` reads. Every problem is
//! reported with its line and column.
//!
//! An answer is a bare value (`3`, `n/a`, `dont_know`) or a mapping that adds why and where to
//! check: `{answer: 3, note: "…", evidence: "…"}`. A merged file keeps every respondent's own
//! answers under `merged_from`.

use crate::domain::{Answer, Answers, Note, Respondent, answers::check_date};
use crate::error::{Code, Diagnostic, Diagnostics, Error, Place, Result, did_you_mean};
use crate::framework::{Framework, Maturity, validate::yaml_diagnostic};
use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::{Location, Spanned};
use std::fmt;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswers {
    framework: Spanned<String>,
    /// The version of the framework the answers were written for; absent in files written
    /// before answers files named one, which are read as written for an earlier version.
    #[serde(default)]
    version: Option<Spanned<u32>>,
    #[serde(default)]
    organisation: Option<String>,
    #[serde(default)]
    respondent: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    date: Option<Spanned<String>>,
    #[serde(default)]
    respondents: Option<Vec<String>>,
    #[serde(default)]
    answers: IndexMap<Spanned<String>, Spanned<RawEntry>>,
    #[serde(default)]
    merged_from: Option<Vec<RawRespondent>>,
}

/// One respondent of a merged file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRespondent {
    #[serde(default)]
    respondent: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    answers: IndexMap<Spanned<String>, Spanned<RawEntry>>,
}

/// An answer's value as written: a number or a word.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(untagged)]
pub(super) enum RawAnswer {
    Number(serde_json::Number),
    Text(String),
}

/// One entry under `answers:`: a bare value, or `{answer, note, evidence}`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RawEntry {
    /// The value.
    pub answer: RawAnswer,
    /// Where the value is, in the long form (the entry's own place otherwise).
    pub at: Option<Location>,
    /// Why this answer.
    pub note: Option<String>,
    /// Where to check it.
    pub evidence: Option<String>,
}

impl RawEntry {
    fn bare(answer: RawAnswer) -> Self {
        RawEntry {
            answer,
            at: None,
            note: None,
            evidence: None,
        }
    }
}

const ENTRY_FIELDS: &[&str] = &["answer", "note", "evidence"];

impl<'de> Deserialize<'de> for RawEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = RawEntry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "an answer (a level, n/a or dont_know) or a mapping with answer, note and evidence",
        )
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<RawEntry, E> {
        Ok(RawEntry::bare(RawAnswer::Number(v.into())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<RawEntry, E> {
        Ok(RawEntry::bare(RawAnswer::Number(v.into())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<RawEntry, E> {
        Ok(RawEntry::bare(match serde_json::Number::from_f64(v) {
            Some(n) => RawAnswer::Number(n),
            None => RawAnswer::Text(v.to_string()),
        }))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<RawEntry, E> {
        Ok(RawEntry::bare(RawAnswer::Text(v.to_string())))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<RawEntry, A::Error> {
        let mut answer: Option<Spanned<RawAnswer>> = None;
        let (mut note, mut evidence) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "answer" => answer = Some(map.next_value()?),
                "note" => note = map.next_value::<Option<String>>()?,
                "evidence" => evidence = map.next_value::<Option<String>>()?,
                other => return Err(de::Error::unknown_field(other, ENTRY_FIELDS)),
            }
        }
        let answer = answer.ok_or_else(|| de::Error::missing_field("answer"))?;
        Ok(RawEntry {
            answer: answer.value,
            at: Some(answer.referenced),
            note,
            evidence,
        })
    }
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
    let place = |loc: &Location| Place::at(file, loc.line(), loc.column());
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
    if let Some(date) = &raw.date
        && let Err(why) = check_date(&date.value)
    {
        problems.push(Diagnostic::new(
            Code::AnswersInvalidDate,
            place(&date.referenced),
            format!("date: {why}"),
        ));
    }
    if let Some(version) = &raw.version
        && version.value > framework.version
    {
        problems.push(newer_version(
            framework,
            version.value,
            place(&version.referenced),
            "these answers were written",
        ));
        return problems.into_result(Answers::default());
    }
    // An older file (or one naming no version) is read through the framework's renames.
    let written_for = raw.version.map(|v| v.value);
    // Written for an earlier version: named, or (no version named) a framework that has had one.
    let older = written_for.map_or(framework.version > 1, |v| v < framework.version);
    let merged = raw.respondents.is_some() || raw.merged_from.is_some();
    let (answers, notes) = validated(
        framework,
        maturity,
        entries(through_renames(
            framework,
            written_for,
            raw.answers,
            &place,
            &mut problems,
        )),
        merged,
        older,
        &place,
        &mut problems,
    );
    let mut merged_from = Vec::new();
    for r in raw.merged_from.unwrap_or_default() {
        let (answers, notes) = validated(
            framework,
            maturity,
            entries(through_renames(
                framework,
                written_for,
                r.answers,
                &place,
                &mut problems,
            )),
            false,
            older,
            &place,
            &mut problems,
        );
        merged_from.push(Respondent {
            respondent: r.respondent,
            role: r.role,
            answers,
            notes,
        });
    }
    let respondents = raw.respondents.unwrap_or_else(|| {
        merged_from
            .iter()
            .filter_map(|r| r.respondent.clone())
            .collect()
    });
    problems.into_result(Answers {
        framework: raw.framework.value,
        organisation: raw.organisation,
        respondent: raw.respondent,
        role: raw.role,
        date: raw.date.map(|d| d.value),
        respondents,
        answers,
        notes,
        merged_from,
    })
}

/// The entries of an `answers:` mapping with the place of each value.
fn entries(
    raw: impl IntoIterator<Item = (Spanned<String>, Spanned<RawEntry>)>,
) -> impl Iterator<Item = (Spanned<String>, RawEntry, Location)> {
    raw.into_iter().map(|(key, entry)| {
        let at = entry.value.at.unwrap_or(entry.referenced);
        (key, entry.value, at)
    })
}

/// A note or evidence as kept: trimmed, and none when empty.
fn text_of(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// The error for answers written for a later version of the framework than the one in use: its
/// renames cannot be read backwards.
pub(super) fn newer_version(
    framework: &Framework,
    version: u32,
    place: Place,
    what: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::AnswersFramework,
        place,
        format!(
            "{what} for version {version} of framework \"{}\", but the framework in use is version {}",
            framework.id, framework.version
        ),
    )
    .with_hint("use that version of the framework, or a later one")
}

/// Reads answer keys through the framework's `renamed` map when the answers were written for an
/// earlier version of it, or name no version: an old id becomes the current one. Answers written
/// for the current version must use current ids, so an old id there is reported with its new
/// name. A question answered twice (under its old and its new id) is reported too.
pub(super) fn through_renames<V>(
    framework: &Framework,
    written_for: Option<u32>,
    raw: impl IntoIterator<Item = (Spanned<String>, V)>,
    place: &dyn Fn(&serde_saphyr::Location) -> Place,
    problems: &mut Diagnostics,
) -> Vec<(Spanned<String>, V)> {
    // Written for an earlier version: named, or (no version named) a framework that has had one.
    let older = written_for.map_or(framework.version > 1, |v| v < framework.version);
    let mut out = Vec::new();
    // Current id → the id as the file wrote it.
    let mut seen: IndexMap<String, String> = IndexMap::new();
    for (mut key, value) in raw {
        let written = key.value.clone();
        if let Some(new) = framework.renamed.get(&written) {
            if !older {
                problems.push(
                    Diagnostic::new(
                        Code::AnswersUnknownQuestion,
                        place(&key.referenced),
                        format!(
                            "framework \"{}\" has no question \"{written}\"; it was renamed \"{new}\"",
                            framework.id
                        ),
                    )
                    .with_hint(format!(
                        "write \"{new}\", or set \"version\" to the version of the framework the file was written for"
                    )),
                );
                continue;
            }
            key.value = new.clone();
        }
        if let Some(first) = seen.get(&key.value) {
            let shown = |id: &str| {
                if id == key.value {
                    format!("\"{id}\"")
                } else {
                    format!("\"{id}\" (its former id)")
                }
            };
            problems.push(Diagnostic::new(
                Code::YamlInvalid,
                place(&key.referenced),
                format!(
                    "question \"{}\" is answered twice: as {} and as {}",
                    key.value,
                    shown(first),
                    shown(&written)
                ),
            ));
            continue;
        }
        seen.insert(key.value.clone(), written);
        out.push((key, value));
    }
    out
}

/// Checks each answer against its question: the id exists, and the value is one of the
/// question's levels (any level between them in merged files), n/a (where the question accepts
/// it) or don't know. Returns the answers and the notes of those that have one.
pub(super) fn validated(
    framework: &Framework,
    maturity: &Maturity,
    raw: impl IntoIterator<Item = (Spanned<String>, RawEntry, Location)>,
    merged: bool,
    older: bool,
    place: &dyn Fn(&Location) -> Place,
    problems: &mut Diagnostics,
) -> (IndexMap<String, Answer>, IndexMap<String, Note>) {
    let mut answers = IndexMap::new();
    let mut notes = IndexMap::new();
    let ids: Vec<&str> = maturity
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| q.id.as_str()))
        .collect();
    for (key, entry, at) in raw {
        let Some(question) = maturity.question(&key.value) else {
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
        let answer = match &entry.answer {
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
        let expected = if question.allow_na {
            format!("{offered}, n/a or dont_know")
        } else {
            format!("{offered} or dont_know")
        };
        match answer {
            Some(Answer::NotApplicable) if !question.allow_na && older => {}
            Some(Answer::NotApplicable) if !question.allow_na => {
                let (lowest, wording) = &question.options[0];
                problems.push(
                    Diagnostic::new(
                        Code::AnswersNotApplicable,
                        place(&at),
                        format!(
                            "question \"{}\" cannot be answered n/a (expected one of {expected})",
                            key.value
                        ),
                    )
                    .with_hint(format!(
                        "when the thing asked about does not exist, answer the lowest level, {lowest} (\"{wording}\"): \"no register of AI tools\" is level 1, not \"not applicable\""
                    )),
                );
            }
            Some(a) => {
                let note = Note {
                    note: text_of(entry.note),
                    evidence: text_of(entry.evidence),
                };
                if !note.is_empty() {
                    notes.insert(key.value.clone(), note);
                }
                answers.insert(key.value, a);
            }
            None => {
                let shown = match &entry.answer {
                    RawAnswer::Number(n) => n.to_string(),
                    RawAnswer::Text(t) => format!("\"{t}\""),
                };
                let mut d = Diagnostic::new(
                    Code::AnswersInvalidLevel,
                    place(&at),
                    format!(
                        "question \"{}\": {shown} is not an answer it offers (expected one of {expected})",
                        key.value
                    ),
                );
                if !merged && matches!(entry.answer, RawAnswer::Number(_)) {
                    d = d.with_hint("levels between options are accepted only in merged files (with a respondents list)");
                }
                problems.push(d);
            }
        }
    }
    (answers, notes)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod renames {
    use super::*;
    use crate::framework::validate::load;

    /// Version 2 of a framework whose `ops.proactive` became `ops.detection`.
    fn framework() -> Framework {
        load(
            "t.yaml",
            "id: t\nversion: 2\nname: T\nrenamed: {ops.proactive: ops.detection}\nmaturity:\n  levels:\n    - {level: 1, name: One}\n    - {level: 2, name: Two}\n  dimensions:\n    - id: ops\n      name: Ops\n      questions:\n        - id: ops.intake\n          text: I?\n          options: [{level: 1, text: a}, {level: 2, text: b}]\n        - id: ops.detection\n          text: D?\n          options: [{level: 1, text: a}, {level: 2, text: b}]\n",
        )
        .unwrap()
    }

    fn problems(text: &str) -> Vec<String> {
        match read("a.yaml", text, &framework()) {
            Ok(a) => panic!("read: {a:?}"),
            Err(Error::Invalid(d)) => d.items().iter().map(|d| d.to_string()).collect(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_file_for_an_earlier_version_or_none_is_read_through_the_renames() {
        for version in ["", "version: 1\n"] {
            let text =
                format!("framework: t\n{version}answers:\n  ops.intake: 1\n  ops.proactive: 2\n");
            let answers = read("a.yaml", &text, &framework()).unwrap();
            assert_eq!(
                answers.answers.into_iter().collect::<Vec<_>>(),
                [
                    ("ops.intake".to_string(), Answer::Level(1.0)),
                    ("ops.detection".to_string(), Answer::Level(2.0))
                ],
                "{version:?}"
            );
        }
    }

    #[test]
    fn a_file_for_the_current_version_names_current_ids() {
        let text = "framework: t\nversion: 2\nanswers:\n  ops.detection: 2\n";
        assert_eq!(
            read("a.yaml", text, &framework()).unwrap().answers["ops.detection"],
            Answer::Level(2.0)
        );
        assert_eq!(
            problems("framework: t\nversion: 2\nanswers:\n  ops.proactive: 2\n"),
            [
                "a.yaml:4:3: framework \"t\" has no question \"ops.proactive\"; it was renamed \"ops.detection\" [answers-unknown-question]\n  hint: write \"ops.detection\", or set \"version\" to the version of the framework the file was written for"
            ]
        );
    }

    #[test]
    fn a_question_answered_under_its_old_and_new_id_is_reported() {
        assert_eq!(
            problems("framework: t\nanswers:\n  ops.detection: 1\n  ops.proactive: 2\n"),
            [
                "a.yaml:4:3: question \"ops.detection\" is answered twice: as \"ops.detection\" and as \"ops.proactive\" (its former id) [yaml-invalid]"
            ]
        );
    }

    #[test]
    fn a_file_for_a_later_version_is_refused() {
        assert_eq!(
            problems("framework: t\nversion: 3\nanswers:\n  ops.detection: 1\n"),
            [
                "a.yaml:2:10: these answers were written for version 3 of framework \"t\", but the framework in use is version 2 [answers-framework]\n  hint: use that version of the framework, or a later one"
            ]
        );
    }
}

#[cfg(test)]
mod version_1 {
    use super::*;
    use crate::framework::builtin::default_for_tests;

    /// The example answers as they were for version 1 of the built-in framework.
    const OLD_EXAMPLE: &str = include_str!("../../tests/fixtures/assess-version-1/answers.yaml");

    #[test]
    fn the_old_example_reads_with_the_current_framework_through_its_renames() {
        let framework = default_for_tests();
        assert!(framework.version > 1);
        assert!(!OLD_EXAMPLE.contains("\nversion:"));
        let answers = read("answers.yaml", OLD_EXAMPLE, &framework).unwrap();
        // Its n/a on infrastructure.environments, which version 2 no longer accepts, leaves that
        // question unanswered instead of failing the file.
        assert!(OLD_EXAMPLE.contains("infrastructure.environments: n/a"));
        assert_eq!(answers.answers.len(), 34);
        let maturity = framework.maturity.as_ref().unwrap();
        let current: Vec<&str> = maturity
            .dimensions
            .iter()
            .flat_map(|d| d.questions.iter().map(|q| q.id.as_str()))
            .collect();
        for id in answers.answers.keys() {
            assert!(
                current.contains(&id.as_str()),
                "{id} is not a current question"
            );
        }
        // Every renamed question carries the answer its old id had.
        for (old, new) in &framework.renamed {
            let line = OLD_EXAMPLE
                .lines()
                .find_map(|l| l.trim().strip_prefix(&format!("{old}: ")))
                .unwrap_or_else(|| panic!("the old example answers {old}"));
            assert_eq!(answers.answers[new], Answer::Level(line.parse().unwrap()));
        }
        // The questions added in version 2 are simply unanswered (`assess --resume` asks them).
        let unanswered: Vec<&str> = current
            .iter()
            .copied()
            .filter(|id| !answers.answers.contains_key(*id))
            .collect();
        assert_eq!(
            unanswered,
            [
                "strategy.benefits",
                "process.service_levels",
                "process.major_incidents",
                "knowledge.capture",
                "data.change_history",
                "infrastructure.environments"
            ]
        );
    }
}
