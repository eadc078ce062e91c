//! The maturity scoring rules, generic over any framework: weighted means, levels with an
//! epsilon, the weakest-link gate, completeness, focus areas; merging respondents.

use crate::domain::{Answer, Answers};
use crate::framework::Maturity;
use indexmap::IndexMap;

/// Absorbs float error when flooring a mean to a level: a mean of exactly 3 computed as
/// 2.9999999999999996 is level 3.
pub const LEVEL_EPSILON: f64 = 1e-9;

/// The level a score reaches.
pub fn level_of(score: f64) -> u8 {
    (score + LEVEL_EPSILON).floor() as u8
}

/// One dimension's result.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionResult {
    /// Index into the framework's dimensions.
    pub index: usize,
    /// Weighted mean of the answered questions' levels; `None` when nothing was answered.
    pub score: Option<f64>,
    /// `floor(score + ε)`.
    pub level: Option<u8>,
    /// Questions answered with a level.
    pub answered: usize,
    /// Questions marked not applicable.
    pub not_applicable: usize,
    /// Questions answered "don't know".
    pub dont_know: usize,
    /// Questions in the dimension.
    pub total: usize,
}

/// A focus area: a weak dimension and what to do next.
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    /// Index into the framework's dimensions.
    pub index: usize,
    /// The level to reach next.
    pub next_level: u8,
    /// The framework's recommendation for reaching it, if it has one.
    pub recommendation: Option<String>,
}

/// The result of an assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Weighted mean of the dimension scores; `None` when no dimension has a score.
    pub score: Option<f64>,
    /// The gated level; `None` when withheld (incomplete) or nothing was answered.
    pub level: Option<u8>,
    /// The dimension that holds the level down, when the gate lowered it.
    pub gated_by: Option<usize>,
    /// (answered + not applicable) ÷ questions.
    pub completeness: f64,
    /// True when completeness is below the framework's minimum.
    pub withheld: bool,
    /// Per dimension, in framework order.
    pub dimensions: Vec<DimensionResult>,
    /// Up to three focus dimensions, lowest score first.
    pub focus: Vec<Focus>,
}

/// Scores answers with the framework's maturity model.
pub fn assess(maturity: &Maturity, answers: &Answers) -> Assessment {
    let mut dimensions = Vec::with_capacity(maturity.dimensions.len());
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
        };
        let (mut sum, mut weight) = (0.0, 0.0);
        for q in &dim.questions {
            match answers.answers.get(&q.id) {
                Some(Answer::Level(v)) => {
                    r.answered += 1;
                    sum += q.weight * v;
                    weight += q.weight;
                }
                Some(Answer::NotApplicable) => r.not_applicable += 1,
                Some(Answer::DontKnow) => r.dont_know += 1,
                None => {}
            }
        }
        if r.answered > 0 {
            let score = sum / weight;
            r.score = Some(score);
            r.level = Some(level_of(score));
        }
        questions += r.total;
        covered += r.answered + r.not_applicable;
        dimensions.push(r);
    }
    let completeness = if questions == 0 {
        0.0
    } else {
        covered as f64 / questions as f64
    };
    let withheld = completeness < maturity.completeness_min;

    let scored: Vec<&DimensionResult> = dimensions.iter().filter(|d| d.score.is_some()).collect();
    let (mut score, mut level, mut gated_by) = (None, None, None);
    if !scored.is_empty() {
        let (sum, weight) = scored.iter().fold((0.0, 0.0), |(s, w), d| {
            let dw = maturity.dimensions[d.index].weight;
            (s + dw * d.score.unwrap_or(0.0), w + dw)
        });
        let overall = sum / weight;
        score = Some(overall);
        // The weakest dimension: lowest level, first in framework order on a tie.
        let weakest = scored
            .iter()
            .min_by_key(|d| (d.level.unwrap_or(0), d.index))
            .expect("scored is not empty");
        let top = maturity.levels.len() as u8;
        let by_mean = level_of(overall).clamp(1, top);
        let cap = weakest.level.unwrap_or(1) + 1;
        let gated = by_mean.min(cap);
        if !withheld {
            level = Some(gated);
            if gated < by_mean {
                gated_by = Some(weakest.index);
            }
        }
    }
    let focus = focus_areas(maturity, &dimensions);
    Assessment {
        score,
        level,
        gated_by,
        completeness,
        withheld,
        dimensions,
        focus,
    }
}

/// The three dimensions with the lowest scores (ties in framework order) that can still rise.
fn focus_areas(maturity: &Maturity, dimensions: &[DimensionResult]) -> Vec<Focus> {
    let top = maturity.levels.len() as u8;
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
            let next_level = d.level.unwrap_or(0) + 1;
            let recommendation = maturity.dimensions[d.index]
                .recommendations
                .iter()
                .find(|(l, _)| *l == next_level)
                .map(|(_, r)| r.clone());
            Focus {
                index: d.index,
                next_level,
                recommendation,
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

/// A question on which respondents are at least two levels apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// Question id.
    pub question: String,
    /// Each respondent's numeric answer, in file order.
    pub levels: Vec<f64>,
}

/// Merges several respondents' answers, per question: the median of the numeric answers; with
/// none, `n/a` if anyone said so, else don't know. Questions nobody answered stay absent.
pub fn merge(
    maturity: &Maturity,
    files: &[Answers],
) -> (IndexMap<String, Answer>, Vec<Disagreement>) {
    let mut merged = IndexMap::new();
    let mut disagreements = Vec::new();
    for q in maturity.dimensions.iter().flat_map(|d| &d.questions) {
        let given: Vec<Answer> = files
            .iter()
            .filter_map(|f| f.answers.get(&q.id).copied())
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
        let in_order = levels.clone();
        let answer = match median(&mut levels) {
            Some(m) => {
                if levels[levels.len() - 1] - levels[0] >= 2.0 {
                    disagreements.push(Disagreement {
                        question: q.id.clone(),
                        levels: in_order,
                    });
                }
                Answer::Level(m)
            }
            None if given.contains(&Answer::NotApplicable) => Answer::NotApplicable,
            None => Answer::DontKnow,
        };
        merged.insert(q.id.clone(), answer);
    }
    (merged, disagreements)
}

#[cfg(test)]
mod tests;
