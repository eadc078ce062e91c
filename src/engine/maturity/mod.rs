//! The maturity scoring rules, generic over any framework: weighted means, levels with an
//! epsilon, completeness per dimension and overall, the weakest-link gate, focus areas drawn
//! from the answers; merging respondents and their perception gaps.

use crate::domain::{Answer, Answers, Respondent};
use crate::framework::Maturity;
use indexmap::IndexMap;

/// Absorbs float error when flooring a mean to a level: a mean of exactly 3 computed as
/// 2.9999999999999996 is level 3.
pub const LEVEL_EPSILON: f64 = 1e-9;

/// The level a score reaches.
pub fn level_of(score: f64) -> u8 {
    (score + LEVEL_EPSILON).floor() as u8
}

/// One question, by position: `maturity.dimensions[dimension].questions[question]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionAt {
    /// Index into the framework's dimensions.
    pub dimension: usize,
    /// Index into the dimension's questions.
    pub question: usize,
}

/// One dimension's result.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionResult {
    /// Index into the framework's dimensions.
    pub index: usize,
    /// Weighted mean of the scored questions' levels (answered, and don't know as the
    /// question's lowest level); provisional when the dimension is incomplete; `None` when no
    /// question is scored.
    pub score: Option<f64>,
    /// `floor(score + ε)`, only for a complete dimension with a score.
    pub level: Option<u8>,
    /// Questions answered with a level.
    pub answered: usize,
    /// Questions marked not applicable.
    pub not_applicable: usize,
    /// Questions answered "don't know".
    pub dont_know: usize,
    /// Questions in the dimension.
    pub total: usize,
    /// True when (answered + don't know + n/a) ÷ total reaches the framework's
    /// `completeness_min`.
    pub complete: bool,
    /// The questions left out of the answers (skipped), by index, in framework order.
    pub skipped: Vec<usize>,
}

impl DimensionResult {
    /// Questions answered, don't know or n/a: what completeness counts.
    pub fn covered(&self) -> usize {
        self.answered + self.dont_know + self.not_applicable
    }
}

/// Why the overall level is withheld. Each reason names what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub enum Withheld {
    /// A dimension is below `completeness_min`: its weakest link cannot be judged.
    Incomplete {
        /// Index into the framework's dimensions.
        dimension: usize,
        /// Questions answered, don't know or n/a.
        covered: usize,
        /// Questions in the dimension.
        total: usize,
    },
    /// A dimension that is not `optional` has no scored question: every question is n/a (or,
    /// with a `completeness_min` of 0, none is answered).
    NoScore {
        /// Index into the framework's dimensions.
        dimension: usize,
        /// Questions answered n/a (all of them, usually).
        not_applicable: usize,
        /// Questions in the dimension.
        total: usize,
    },
    /// Below `completeness_min` over all questions.
    Overall {
        /// Questions answered, don't know or n/a.
        covered: usize,
        /// Questions in the framework.
        total: usize,
    },
    /// No dimension has a score (every dimension is optional and n/a).
    NothingScored,
}

/// A question of a focus dimension answered below the dimension's next level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FocusQuestion {
    /// Index into the dimension's questions.
    pub question: usize,
    /// The answer given (a level, or don't know).
    pub answer: Answer,
    /// The level it scores as.
    pub level: f64,
}

/// A focus area: a weak dimension, what to do next, and the answers that hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    /// Index into the framework's dimensions.
    pub index: usize,
    /// The level to reach next.
    pub next_level: u8,
    /// The framework's recommendation for reaching it, if it has one.
    pub recommendation: Option<String>,
    /// The questions answered below `next_level`, weakest first (ties in framework order).
    pub questions: Vec<FocusQuestion>,
}

/// What the overall level one above the current one needs.
#[derive(Debug, Clone, PartialEq)]
pub struct NextLevel {
    /// The level.
    pub level: u8,
    /// Whether the overall score is still below it.
    pub score_short: bool,
    /// The dimensions below `level − 1`, which the weakest-link gate says must rise first, in
    /// framework order.
    pub dimensions_below: Vec<usize>,
}

/// The result of an assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Weighted mean of the dimension scores (provisional ones included); `None` when no
    /// dimension has a score.
    pub score: Option<f64>,
    /// The gated level; `None` when withheld.
    pub level: Option<u8>,
    /// The dimension that holds the level down, when the gate lowered it.
    pub gated_by: Option<usize>,
    /// (answered + don't know + not applicable) ÷ questions.
    pub completeness: f64,
    /// Why the level is withheld; empty when it is not.
    pub withheld: Vec<Withheld>,
    /// Per dimension, in framework order.
    pub dimensions: Vec<DimensionResult>,
    /// Up to three complete dimensions that can still rise, lowest score first.
    pub focus: Vec<Focus>,
    /// What the next overall level needs; `None` when the level is withheld or the highest.
    pub next_level: Option<NextLevel>,
    /// The questions answered "don't know", in framework order: findings to find out.
    pub dont_know: Vec<QuestionAt>,
    /// The questions left out of the answers, in framework order.
    pub skipped: Vec<QuestionAt>,
    /// The questions answered n/a (left out of the scores), in framework order.
    pub not_applicable: Vec<QuestionAt>,
}

impl Assessment {
    /// True when the overall level is withheld.
    pub fn is_withheld(&self) -> bool {
        !self.withheld.is_empty()
    }
}

/// Scores answers with the framework's maturity model (PRODUCT.md §1).
pub fn assess(maturity: &Maturity, answers: &Answers) -> Assessment {
    let mut dimensions = Vec::with_capacity(maturity.dimensions.len());
    let mut withheld = Vec::new();
    let (mut dont_know, mut skipped, mut not_applicable) = (Vec::new(), Vec::new(), Vec::new());
    let (mut questions, mut covered) = (0usize, 0usize);
    for (index, dim) in maturity.dimensions.iter().enumerate() {
        let mut r = DimensionResult {
            index,
            score: None,
            level: None,
            answered: 0,
            not_applicable: 0,
            dont_know: 0,
            total: dim.questions.len(),
            complete: false,
            skipped: Vec::new(),
        };
        let (mut sum, mut weight) = (0.0, 0.0);
        for (n, q) in dim.questions.iter().enumerate() {
            let at = QuestionAt {
                dimension: index,
                question: n,
            };
            let Some(&answer) = answers.answers.get(&q.id) else {
                r.skipped.push(n);
                skipped.push(at);
                continue;
            };
            match answer {
                Answer::Level(_) => r.answered += 1,
                Answer::NotApplicable => {
                    r.not_applicable += 1;
                    not_applicable.push(at);
                }
                Answer::DontKnow => {
                    r.dont_know += 1;
                    dont_know.push(at);
                }
            }
            if let Some(level) = answer.scored(q.lowest()) {
                sum += q.weight * level;
                weight += q.weight;
            }
        }
        r.complete = maturity.is_complete(r.covered(), r.total);
        if weight > 0.0 {
            r.score = Some(sum / weight);
        }
        match (r.complete, r.score) {
            (true, Some(score)) => r.level = Some(level_of(score)),
            (false, _) => withheld.push(Withheld::Incomplete {
                dimension: index,
                covered: r.covered(),
                total: r.total,
            }),
            (true, None) if dim.optional => {}
            (true, None) => withheld.push(Withheld::NoScore {
                dimension: index,
                not_applicable: r.not_applicable,
                total: r.total,
            }),
        }
        questions += r.total;
        covered += r.covered();
        dimensions.push(r);
    }
    let completeness = if questions == 0 {
        0.0
    } else {
        covered as f64 / questions as f64
    };
    if !maturity.is_complete(covered, questions) {
        withheld.push(Withheld::Overall {
            covered,
            total: questions,
        });
    }

    let scored: Vec<&DimensionResult> = dimensions.iter().filter(|d| d.score.is_some()).collect();
    let (mut score, mut level, mut gated_by, mut next_level) = (None, None, None, None);
    if scored.is_empty() {
        if withheld.is_empty() {
            withheld.push(Withheld::NothingScored);
        }
    } else {
        let (sum, weight) = scored.iter().fold((0.0, 0.0), |(s, w), d| {
            let dw = maturity.dimensions[d.index].weight;
            (s + dw * d.score.unwrap_or(0.0), w + dw)
        });
        let overall = sum / weight;
        score = Some(overall);
        if withheld.is_empty() {
            // Every dimension with a score is complete and has a level here. The weakest:
            // lowest level, first in framework order on a tie.
            let levelled: Vec<(usize, u8)> = dimensions
                .iter()
                .filter_map(|d| Some((d.index, d.level?)))
                .collect();
            let &(weakest, weakest_level) = levelled
                .iter()
                .min_by_key(|(index, level)| (*level, *index))
                .expect("a scored dimension has a level when nothing is withheld");
            let top = maturity.max_level();
            let by_mean = level_of(overall).clamp(1, top);
            let gated = by_mean.min(weakest_level + 1);
            level = Some(gated);
            if gated < by_mean {
                gated_by = Some(weakest);
            }
            if gated < top {
                let next = gated + 1;
                next_level = Some(NextLevel {
                    level: next,
                    score_short: level_of(overall) < next,
                    dimensions_below: levelled
                        .iter()
                        .filter(|(_, l)| *l + 1 < next)
                        .map(|(i, _)| *i)
                        .collect(),
                });
            }
        }
    }
    let focus = focus_areas(maturity, answers, &dimensions);
    Assessment {
        score,
        level,
        gated_by,
        completeness,
        withheld,
        dimensions,
        focus,
        next_level,
        dont_know,
        skipped,
        not_applicable,
    }
}

/// The three complete dimensions with the lowest scores (ties in framework order) that can
/// still rise, each with the questions answered below its next level.
fn focus_areas(
    maturity: &Maturity,
    answers: &Answers,
    dimensions: &[DimensionResult],
) -> Vec<Focus> {
    let top = maturity.max_level();
    let mut candidates: Vec<&DimensionResult> = dimensions
        .iter()
        .filter(|d| d.level.is_some_and(|l| l < top))
        .collect();
    candidates.sort_by(|a, b| {
        a.score
            .unwrap_or(0.0)
            .total_cmp(&b.score.unwrap_or(0.0))
            .then(a.index.cmp(&b.index))
    });
    candidates
        .into_iter()
        .take(3)
        .map(|d| {
            let dim = &maturity.dimensions[d.index];
            let next_level = d.level.unwrap_or(0) + 1;
            let recommendation = dim
                .recommendations
                .iter()
                .find(|(l, _)| *l == next_level)
                .map(|(_, r)| r.clone());
            let mut questions: Vec<FocusQuestion> = dim
                .questions
                .iter()
                .enumerate()
                .filter_map(|(n, q)| {
                    let answer = *answers.answers.get(&q.id)?;
                    let level = answer.scored(q.lowest())?;
                    (level_of(level) < next_level).then_some(FocusQuestion {
                        question: n,
                        answer,
                        level,
                    })
                })
                .collect();
            questions.sort_by(|a, b| {
                a.level
                    .total_cmp(&b.level)
                    .then(a.question.cmp(&b.question))
            });
            Focus {
                index: d.index,
                next_level,
                recommendation,
                questions,
            }
        })
        .collect()
}

/// The median of the values (even count: the mean of the middle two).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// A question on which respondents are at least two levels apart: a perception gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// Question id.
    pub question: String,
    /// Each numeric answer as `(respondent index, level)`, in respondent order.
    pub levels: Vec<(usize, f64)>,
}

/// Merges several respondents' answers, per question: the median of the numeric answers; with
/// none, `n/a` if anyone said so, else don't know. Questions nobody answered stay absent. The
/// answers are in framework order.
pub fn merge(maturity: &Maturity, respondents: &[Respondent]) -> IndexMap<String, Answer> {
    let mut merged = IndexMap::new();
    for q in maturity.dimensions.iter().flat_map(|d| &d.questions) {
        let given: Vec<Answer> = respondents
            .iter()
            .filter_map(|r| r.answers.get(&q.id).copied())
            .collect();
        if given.is_empty() {
            continue;
        }
        let mut levels: Vec<f64> = given
            .iter()
            .filter_map(|a| match a {
                Answer::Level(v) => Some(*v),
                _ => None,
            })
            .collect();
        let answer = match median(&mut levels) {
            Some(m) => Answer::Level(m),
            None if given.contains(&Answer::NotApplicable) => Answer::NotApplicable,
            None => Answer::DontKnow,
        };
        merged.insert(q.id.clone(), answer);
    }
    merged
}

/// The questions on which respondents' numeric answers are two or more levels apart, in
/// framework order.
pub fn perception_gaps(maturity: &Maturity, respondents: &[Respondent]) -> Vec<Disagreement> {
    maturity
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .filter_map(|q| {
            let levels: Vec<(usize, f64)> = respondents
                .iter()
                .enumerate()
                .filter_map(|(i, r)| match r.answers.get(&q.id) {
                    Some(Answer::Level(v)) => Some((i, *v)),
                    _ => None,
                })
                .collect();
            let (lo, hi) = levels
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
                    (lo.min(*v), hi.max(*v))
                });
            (hi - lo >= 2.0 - LEVEL_EPSILON).then(|| Disagreement {
                question: q.id.clone(),
                levels,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
