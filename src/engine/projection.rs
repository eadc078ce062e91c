//! The maturity a plan leads to: the assessment's answers with the raises of the work done
//! applied, re-scored by the same rules as the questionnaire (`engine::maturity`). A raise lifts
//! answered questions only (don't know counts as the question's lowest level; n/a and skipped
//! questions stay as they are), so it never lowers a level and never completes a dimension.

use super::maturity;
use crate::domain::{Answer, Answers, Levels, Raise};
use crate::framework::Maturity;

/// What a plan starts from.
#[derive(Debug, Clone)]
pub enum Start<'a> {
    /// An assessment with its answers: projections are re-scored.
    Answers(&'a Maturity, &'a Answers),
    /// Levels only (a hand-written result): a dimension raise gives max(level, N); the overall
    /// level stays as assessed; question raises do nothing (the loaders refuse them).
    Levels(Levels),
}

impl Start<'_> {
    /// The levels after `raises`.
    pub fn project<'r>(&self, raises: impl IntoIterator<Item = &'r Raise>) -> Levels {
        match self {
            Start::Answers(model, answers) => {
                let mut raised = (*answers).clone();
                for r in raises {
                    raise(model, &mut raised, r);
                }
                levels_of(model, &raised)
            }
            Start::Levels(levels) => {
                let mut levels = levels.clone();
                for r in raises {
                    if r.question.is_none() {
                        let slot = &mut levels.dimensions[r.dimension];
                        *slot = Some(slot.map_or(r.level, |l| l.max(r.level)));
                    }
                }
                levels
            }
        }
    }
}

/// Applies one raise to the answers it names.
fn raise(model: &Maturity, answers: &mut Answers, r: &Raise) {
    let dimension = &model.dimensions[r.dimension];
    for (q, question) in dimension.questions.iter().enumerate() {
        if r.question.is_some_and(|only| only != q) {
            continue;
        }
        let lowest = f64::from(question.options.first().map_or(1, |o| o.0));
        if let Some(answer) = answers.answers.get_mut(&question.id) {
            let current = match *answer {
                Answer::Level(v) => v,
                Answer::DontKnow => lowest,
                Answer::NotApplicable => continue,
            };
            *answer = Answer::Level(current.max(f64::from(r.level)));
        }
    }
}

/// The levels answers give: dimension and overall levels by the scoring rules, and each
/// question's answer (don't know as its lowest level).
pub fn levels_of(model: &Maturity, answers: &Answers) -> Levels {
    let result = maturity::assess(model, answers);
    Levels {
        dimensions: result.dimensions.iter().map(|d| d.level).collect(),
        overall: result.level,
        questions: model
            .dimensions
            .iter()
            .map(|d| {
                d.questions
                    .iter()
                    .map(|q| match answers.answers.get(&q.id) {
                        Some(Answer::Level(v)) => Some(*v),
                        Some(Answer::DontKnow) => {
                            Some(f64::from(q.options.first().map_or(1, |o| o.0)))
                        }
                        Some(Answer::NotApplicable) | None => None,
                    })
                    .collect()
            })
            .collect(),
    }
}
