//! Assessment results and comparisons as the contract shows them, and their words: why a level
//! is withheld, what holds it and what the next one needs.

use crate::domain::{Answer, Answers, Note, Respondent};
use crate::engine::maturity::{self, Assessment, Disagreement, NextLevel, QuestionAt, Withheld};
use crate::framework::{Framework, Maturity, Question};
use crate::model::{
    AnswerChangeOut, AnswerOut, AssessmentReport, ComparedDimension, ComparedOverall,
    ComparisonReport, DimensionOut, FocusOut, FocusQuestionOut, FrameworkRef, OptionOut,
    OverallOut, PerceptionGapOut, QuestionOut, RespondentAnswerOut, SCHEMA_VERSION,
};
use crate::text::{plural, short_number};

fn level_name(maturity: &Maturity, level: Option<u8>) -> Option<String> {
    level
        .and_then(|l| maturity.levels.get(usize::from(l).checked_sub(1)?))
        .map(|l| l.name.clone())
}

/// Respondents named in an answers file.
pub fn respondents(answers: &Answers) -> Vec<String> {
    if answers.respondents.is_empty() {
        answers.respondent.iter().cloned().collect()
    } else {
        answers.respondents.clone()
    }
}

/// An answer as JSON: a level (a whole number when it is one), `"n/a"` or `"dont_know"`.
pub fn answer_value(answer: Answer) -> serde_json::Value {
    match answer {
        Answer::Level(v) if v.fract() == 0.0 => serde_json::Value::from(v as i64),
        Answer::Level(v) => serde_json::Value::from(v),
        Answer::NotApplicable => "n/a".into(),
        Answer::DontKnow => "dont_know".into(),
    }
}

impl AssessmentReport {
    /// Builds the report.
    pub fn new(
        framework: &Framework,
        maturity: &Maturity,
        answers: &Answers,
        result: &Assessment,
        title: Option<String>,
    ) -> Self {
        let dim = |i: usize| &maturity.dimensions[i];
        let question = |at: &QuestionAt| &maturity.dimensions[at.dimension].questions[at.question];
        let listed =
            |at: &QuestionAt| question_out(question(at), answers.notes.get(&question(at).id));
        AssessmentReport {
            schema_version: SCHEMA_VERSION,
            framework: FrameworkRef {
                id: framework.id.clone(),
                version: framework.version,
            },
            title,
            organisation: answers.organisation.clone(),
            respondents: respondents(answers),
            role: answers.role.clone(),
            date: answers.date.clone(),
            overall: OverallOut {
                score: result.score,
                level: result.level,
                level_name: level_name(maturity, result.level),
                max_level: maturity.max_level(),
                completeness: result.completeness,
                withheld: result.is_withheld(),
                withheld_because: withheld_because(maturity, &result.withheld),
                gated_by: result.gated_by.map(|i| dim(i).id.clone()),
                explanation: explanation(maturity, result),
            },
            dimensions: result
                .dimensions
                .iter()
                .map(|d| DimensionOut {
                    id: dim(d.index).id.clone(),
                    name: dim(d.index).name.clone(),
                    score: d.score,
                    level: d.level,
                    level_name: level_name(maturity, d.level),
                    answered: d.answered,
                    not_applicable: d.not_applicable,
                    dont_know: d.dont_know,
                    total: d.total,
                    complete: d.complete,
                })
                .collect(),
            focus: result
                .focus
                .iter()
                .map(|f| FocusOut {
                    dimension: dim(f.index).id.clone(),
                    name: dim(f.index).name.clone(),
                    next_level: f.next_level,
                    recommendation: f.recommendation.clone(),
                    questions: f
                        .questions
                        .iter()
                        .map(|fq| {
                            let q = &dim(f.index).questions[fq.question];
                            let option = |o: &(u8, String)| OptionOut {
                                level: o.0,
                                text: o.1.clone(),
                            };
                            let note = answers.notes.get(&q.id).cloned().unwrap_or_default();
                            FocusQuestionOut {
                                question: q.id.clone(),
                                text: q.text.clone(),
                                answer: answer_value(fq.answer),
                                now: q.option_at(fq.level).map(option).unwrap_or(OptionOut {
                                    level: q.lowest(),
                                    text: String::new(),
                                }),
                                next: q.option_above(fq.level).map(option),
                                note: note.note,
                                evidence: note.evidence,
                            }
                        })
                        .collect(),
                })
                .collect(),
            dont_know: result
                .dont_know
                .iter()
                .map(|at| question(at).id.clone())
                .collect(),
            find_out: result.dont_know.iter().map(listed).collect(),
            skipped: result.skipped.iter().map(listed).collect(),
            not_applicable: result.not_applicable.iter().map(listed).collect(),
            perception_gaps: perception_gaps(maturity, answers),
            answers: answers_out(maturity, answers),
        }
    }
}

fn question_out(q: &Question, note: Option<&Note>) -> QuestionOut {
    let note = note.cloned().unwrap_or_default();
    QuestionOut {
        question: q.id.clone(),
        text: q.text.clone(),
        note: note.note,
        evidence: note.evidence,
    }
}

/// Why the level is withheld, in words: `incomplete: governance has 2 of 5 questions answered`;
/// several incomplete dimensions read `strategy has 3 of 5 questions answered, process 1 of 5`.
pub fn withheld_because(maturity: &Maturity, reasons: &[Withheld]) -> Option<String> {
    if reasons.is_empty() {
        return None;
    }
    let id = |d: usize| maturity.dimensions[d].id.as_str();
    let mut parts: Vec<String> = Vec::new();
    let incomplete: Vec<String> = reasons
        .iter()
        .filter_map(|r| match r {
            Withheld::Incomplete {
                dimension,
                covered,
                total,
            } => Some((id(*dimension), covered, total)),
            _ => None,
        })
        .enumerate()
        .map(|(n, (dim, covered, total))| {
            if n == 0 {
                format!(
                    "{dim} has {covered} of {} answered",
                    plural(*total, "question")
                )
            } else {
                format!("{dim} {covered} of {total}")
            }
        })
        .collect();
    if !incomplete.is_empty() {
        parts.push(incomplete.join(", "));
    }
    for r in reasons {
        match r {
            Withheld::Incomplete { .. } => {}
            Withheld::NoScore {
                dimension,
                not_applicable,
                total,
            } => parts.push(match not_applicable {
                0 => format!("{} has no question answered", id(*dimension)),
                n if n == total => format!("{} has every question answered n/a", id(*dimension)),
                n => format!(
                    "{} has no scored question ({n} of {total} answered n/a, the rest skipped)",
                    id(*dimension)
                ),
            }),
            Withheld::Overall { covered, total } => parts.push(format!(
                "{covered} of {total} in all, {:.0}% needed",
                maturity.completeness_min * 100.0
            )),
            Withheld::NothingScored => parts.push("no question has a score".to_string()),
        }
    }
    Some(format!("incomplete: {}", parts.join("; ")))
}

/// What holds the overall level and what the next one needs, in words.
fn explanation(maturity: &Maturity, result: &Assessment) -> Option<String> {
    let level = result.level?;
    let score = result.score?;
    let dim = |d: usize| &result.dimensions[d];
    let name = |d: usize| maturity.dimensions[d].name.as_str();
    let mut words = match result.gated_by {
        Some(g) => format!(
            "Held back by {} (level {}): the overall level is at most one above the weakest dimension.",
            name(g),
            dim(g).level.map_or("–".into(), |l| l.to_string())
        ),
        None => format!("The overall score {score:.2} gives level {level}."),
    };
    match &result.next_level {
        None => words.push_str(" This is the highest level."),
        Some(next) => {
            words.push(' ');
            words.push_str(&next_level_needs(maturity, result, next, score));
        }
    }
    Some(words)
}

fn next_level_needs(
    maturity: &Maturity,
    result: &Assessment,
    next: &NextLevel,
    score: f64,
) -> String {
    let below: Vec<String> = next
        .dimensions_below
        .iter()
        .map(|&d| {
            format!(
                "{} (now {})",
                maturity.dimensions[d].name,
                result.dimensions[d]
                    .level
                    .map_or("–".into(), |l| l.to_string())
            )
        })
        .collect();
    let n = next.level;
    let dims = match below.as_slice() {
        [] => String::new(),
        [one] => format!("{one} at level {} or above", n - 1),
        [init @ .., last] => format!("{} and {last} at level {} or above", init.join(", "), n - 1),
    };
    match (next.score_short, dims.is_empty()) {
        (true, true) => {
            format!("Level {n} needs an overall score of {n} or more (now {score:.2}).")
        }
        (true, false) => {
            format!("Level {n} needs {dims}, and an overall score of {n} or more (now {score:.2}).")
        }
        (false, _) => {
            format!("Level {n} needs {dims}; the overall score ({score:.2}) is already enough.")
        }
    }
}

/// The questions on which a merged assessment's respondents are two or more levels apart,
/// with every respondent's answer, role and note.
fn perception_gaps(maturity: &Maturity, answers: &Answers) -> Vec<PerceptionGapOut> {
    let respondents = &answers.merged_from;
    maturity::perception_gaps(maturity, respondents)
        .into_iter()
        .map(|gap| {
            let text = maturity
                .question(&gap.question)
                .map(|q| q.text.clone())
                .unwrap_or_default();
            let merged = answers
                .answers
                .get(&gap.question)
                .map_or(serde_json::Value::Null, |a| answer_value(*a));
            let answers = respondents
                .iter()
                .filter_map(|r| {
                    let answer = *r.answers.get(&gap.question)?;
                    let note = r.notes.get(&gap.question).cloned().unwrap_or_default();
                    Some(RespondentAnswerOut {
                        respondent: r.respondent.clone(),
                        role: r.role.clone(),
                        answer: answer_value(answer),
                        note: note.note,
                        evidence: note.evidence,
                    })
                })
                .collect();
            PerceptionGapOut {
                question: gap.question,
                text,
                merged,
                answers,
            }
        })
        .collect()
}

/// The answers in framework order, as the result carries them.
fn answers_out(maturity: &Maturity, answers: &Answers) -> Vec<AnswerOut> {
    maturity
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .filter_map(|q| {
            let answer = answer_value(*answers.answers.get(&q.id)?);
            let note = answers.notes.get(&q.id).cloned().unwrap_or_default();
            Some(AnswerOut {
                question: q.id.clone(),
                answer,
                note: note.note,
                evidence: note.evidence,
            })
        })
        .collect()
}

fn change(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(b? - a?)
}

impl ComparisonReport {
    /// Compares two assessments: scores and levels, and the answers that changed.
    pub fn new(
        framework: &Framework,
        maturity: &Maturity,
        names: (&str, &str),
        (before_answers, before): (&Answers, &Assessment),
        (after_answers, after): (&Answers, &Assessment),
    ) -> Self {
        let changes = maturity
            .dimensions
            .iter()
            .flat_map(|d| &d.questions)
            .filter_map(|q| {
                let (b, a) = (
                    before_answers.answers.get(&q.id),
                    after_answers.answers.get(&q.id),
                );
                if b == a {
                    return None;
                }
                let value =
                    |x: Option<&Answer>| x.map_or(serde_json::Value::Null, |x| answer_value(*x));
                let note = after_answers.notes.get(&q.id).cloned().unwrap_or_default();
                Some(AnswerChangeOut {
                    question: q.id.clone(),
                    text: q.text.clone(),
                    before: value(b),
                    after: value(a),
                    note: note.note,
                    evidence: note.evidence,
                })
            })
            .collect();
        ComparisonReport {
            schema_version: SCHEMA_VERSION,
            framework: FrameworkRef {
                id: framework.id.clone(),
                version: framework.version,
            },
            before: names.0.to_string(),
            after: names.1.to_string(),
            before_date: before_answers.date.clone(),
            after_date: after_answers.date.clone(),
            overall: ComparedOverall {
                before_score: before.score,
                after_score: after.score,
                change: change(before.score, after.score),
                before_level: before.level,
                after_level: after.level,
                before_withheld_because: withheld_because(maturity, &before.withheld),
                after_withheld_because: withheld_because(maturity, &after.withheld),
            },
            dimensions: before
                .dimensions
                .iter()
                .zip(&after.dimensions)
                .map(|(b, a)| ComparedDimension {
                    id: maturity.dimensions[b.index].id.clone(),
                    name: maturity.dimensions[b.index].name.clone(),
                    before_score: b.score,
                    after_score: a.score,
                    change: change(b.score, a.score),
                    before_level: b.level,
                    after_level: a.level,
                })
                .collect(),
            changes,
        }
    }
}

/// A level with its name, e.g. `2 (Tool-based)`.
pub fn describe_level(maturity: &Maturity, level: u8) -> String {
    match level_name(maturity, Some(level)) {
        Some(name) => format!("{level} ({name})"),
        None => level.to_string(),
    }
}

/// A perception gap in one line, for the merged file's comment and the warning:
/// `respondents disagree: Ana Lima (CIO) 4, Bo Berg (Service desk lead) 2`.
pub fn disagreement(respondents: &[Respondent], gap: &Disagreement) -> String {
    let said: Vec<String> = gap
        .levels
        .iter()
        .map(|&(r, level)| {
            let who = &respondents[r];
            let name = who.respondent.as_deref().unwrap_or("?");
            let level = short_number(level, 2);
            match &who.role {
                Some(role) if role != name => format!("{name} ({role}) {level}"),
                _ => format!("{name} {level}"),
            }
        })
        .collect();
    format!("respondents disagree: {}", said.join(", "))
}

#[cfg(test)]
mod tests;
