//! The board report: assessment, ranking, value-vs-effort matrix and roadmap together.

use crate::domain::FactorKind;
use crate::formula::{BinOp, Expr, Formula, Node};
use crate::framework::Framework;
use crate::model::board::{BoardReport, Decision, DimensionPlan, Matrix, MatrixPoint, Quadrant};
use crate::model::roadmap::RoadmapReport;
use crate::model::{AssessmentReport, FrameworkRef, SCHEMA_VERSION, ScoreReport};

/// The quadrant, by (value ≥ median, effort ≤ median).
pub fn quadrant(high_value: bool, low_effort: bool) -> Quadrant {
    match (high_value, low_effort) {
        (true, true) => Quadrant::QuickWin,
        (true, false) => Quadrant::BigBet,
        (false, true) => Quadrant::FillIn,
        (false, false) => Quadrant::MoneyPit,
    }
}

/// The median (the mean of the middle two for an even count); 0 for none.
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Whether a formula only multiplies and divides factors and constants (A-RICE, RICE): its
/// value part is then the product of the benefit factors and modifiers.
fn only_products(node: &Node) -> bool {
    match &node.expr {
        Expr::Num(_) | Expr::Var(_) => true,
        Expr::Bin(BinOp::Mul | BinOp::Div, a, b) => only_products(a) && only_products(b),
        _ => false,
    }
}

impl Matrix {
    /// Places every initiative of the ranking: effort = the product of the cost factors; value
    /// = the product of the benefit factors and modifiers when the formula only multiplies and
    /// divides, otherwise the score with every cost factor at 1 (WSJF's sum of benefits, not
    /// their product). High value is at or above the median, low effort at or below it.
    pub fn new(ranking: &ScoreReport) -> Matrix {
        let factors = &ranking.model.factors;
        let of_kind = |kinds: &[FactorKind]| -> Vec<&str> {
            factors
                .iter()
                .filter(|f| kinds.contains(&f.kind))
                .map(|f| f.id.as_str())
                .collect()
        };
        let value_factors = of_kind(&[FactorKind::Benefit, FactorKind::Modifier]);
        let effort_factors = of_kind(&[FactorKind::Cost]);
        let size_factor = of_kind(&[FactorKind::Benefit]).first().copied();
        let ids: Vec<&str> = factors.iter().map(|f| f.id.as_str()).collect();
        // The benefit part of a formula that is not a product, by evaluating it.
        let benefit_part = Formula::compile(&ranking.model.formula, &ids)
            .ok()
            .filter(|f| !only_products(f.tree()));
        // Each row's (value, effort, size); the quadrants need the medians of all of them.
        let placed: Vec<(f64, f64, f64)> = ranking
            .initiatives
            .iter()
            .map(|row| {
                let value_of = |f: &str| row.factors.get(f).and_then(|n| n.as_f64()).unwrap_or(0.0);
                let product = |fs: &[&str]| fs.iter().map(|f| value_of(f)).product::<f64>();
                let value = match &benefit_part {
                    Some(formula) => {
                        let values: Vec<f64> = factors
                            .iter()
                            .map(|f| match f.kind {
                                FactorKind::Cost => 1.0,
                                _ => value_of(&f.id),
                            })
                            .collect();
                        Some(formula.eval(&values)).filter(|v| v.is_finite())
                    }
                    None => None,
                };
                (
                    value.unwrap_or_else(|| product(&value_factors)),
                    product(&effort_factors),
                    size_factor.map_or(1.0, value_of),
                )
            })
            .collect();
        let value_median = median(&placed.iter().map(|p| p.0).collect::<Vec<_>>());
        let effort_median = median(&placed.iter().map(|p| p.1).collect::<Vec<_>>());
        let points = ranking
            .initiatives
            .iter()
            .zip(placed)
            .map(|(row, (value, effort, size))| MatrixPoint {
                rank: row.rank,
                id: row.id.clone(),
                name: row.name.clone(),
                value,
                effort,
                size,
                quadrant: quadrant(value >= value_median, effort <= effort_median),
            })
            .collect();
        let value_label = match (&benefit_part, effort_factors.is_empty()) {
            (Some(_), false) => format!("score with {} at 1", effort_factors.join(", ")),
            (Some(_), true) => "score".to_string(),
            (None, _) => value_factors.join(" × "),
        };
        let effort_label = if effort_factors.is_empty() {
            "none (the framework has no cost factor)".to_string()
        } else {
            effort_factors.join(" × ")
        };
        Matrix {
            value_label,
            effort_label,
            value_median,
            effort_median,
            points,
        }
    }
}

/// What a report says about itself: its date, the files it was made from and the previous
/// assessment to compare with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportContext {
    /// The report's date (`--date`).
    pub date: Option<String>,
    /// The input files as named on the command line.
    pub inputs: Vec<String>,
    /// The change since the previous assessment (`--previous`).
    pub trend: Option<crate::model::ComparisonReport>,
}

impl<'a> BoardReport<'a> {
    /// Puts the parts together; `after` levels come from the roadmap's last phase.
    pub fn new(
        framework: &Framework,
        assessment: Option<AssessmentReport>,
        ranking: ScoreReport<'a>,
        roadmap: RoadmapReport<'a>,
        context: ReportContext,
    ) -> BoardReport<'a> {
        let after = roadmap.phases.last().map(|p| &p.maturity_after);
        let dimensions = match (&framework.maturity, &assessment) {
            (Some(m), Some(a)) => m
                .dimensions
                .iter()
                .zip(&a.dimensions)
                .map(|(dim, out)| {
                    let after = after
                        .and_then(|a| a.get(&dim.id).copied().flatten())
                        .or(out.level);
                    dimension_plan(m, dim, out, after)
                })
                .collect(),
            _ => Vec::new(),
        };
        BoardReport {
            schema_version: SCHEMA_VERSION,
            framework: FrameworkRef {
                id: framework.id.clone(),
                version: framework.version,
            },
            title: ranking.title.clone(),
            organisation: assessment
                .as_ref()
                .and_then(|a| a.organisation.clone())
                .or_else(|| roadmap.organisation.clone()),
            matrix: Matrix::new(&ranking),
            decision: Decision::new(&roadmap, framework.maturity.as_ref()),
            date: context.date,
            inputs: context.inputs,
            trend: context.trend,
            assessment,
            dimensions,
            ranking,
            roadmap,
        }
    }
}

/// One dimension of the report: its level, after the roadmap, and the next step. A dimension
/// without a level has no next level; the step says what it needs instead.
fn dimension_plan(
    m: &crate::framework::Maturity,
    dim: &crate::framework::Dimension,
    out: &crate::model::DimensionOut,
    after: Option<u8>,
) -> DimensionPlan {
    let covered = out.answered + out.not_applicable + out.dont_know;
    // A dimension without a level has no next level: say what it needs instead.
    let (next_level, recommendation) = match out.level {
        None if !out.complete => (
            None,
            Some(format!(
                "No level yet: {covered} of {} questions answered; answer the skipped ones first.",
                out.total
            )),
        ),
        None => (
            None,
            Some("No level: every question is answered n/a.".to_string()),
        ),
        Some(l) => {
            let next = (usize::from(l) < m.levels.len()).then_some(l + 1);
            let text = next.and_then(|n| {
                dim.recommendations
                    .iter()
                    .find(|(level, _)| *level == n)
                    .map(|(_, text)| text.clone())
            });
            (next, text)
        }
    };
    DimensionPlan {
        id: dim.id.clone(),
        name: dim.name.clone(),
        level: out.level,
        after,
        next_level,
        recommendation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_quadrants() {
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(quadrant(true, true), Quadrant::QuickWin);
        assert_eq!(quadrant(true, false), Quadrant::BigBet);
        assert_eq!(quadrant(false, true), Quadrant::FillIn);
        assert_eq!(quadrant(false, false), Quadrant::MoneyPit);
    }

    #[test]
    fn a_dimension_without_a_level_says_what_it_needs_instead_of_a_next_level() {
        let framework = crate::framework::builtin::default_for_tests();
        let m = framework.maturity.as_ref().unwrap();
        let out =
            |level: Option<u8>, complete, answered, not_applicable| crate::model::DimensionOut {
                id: "governance".into(),
                name: "Governance & trust".into(),
                score: level.map(f64::from),
                level,
                level_name: None,
                answered,
                not_applicable,
                dont_know: 0,
                total: 5,
                complete,
            };
        let dim = &m.dimensions[5];
        let plan = dimension_plan(m, dim, &out(None, false, 2, 0), None);
        assert_eq!(plan.next_level, None);
        assert_eq!(
            plan.recommendation.as_deref(),
            Some("No level yet: 2 of 5 questions answered; answer the skipped ones first.")
        );
        let plan = dimension_plan(m, dim, &out(None, true, 0, 5), None);
        assert_eq!(
            (plan.next_level, plan.recommendation.as_deref()),
            (None, Some("No level: every question is answered n/a."))
        );
        let plan = dimension_plan(m, dim, &out(Some(1), true, 5, 0), Some(2));
        assert_eq!((plan.next_level, plan.after), (Some(2), Some(2)));
        assert_eq!(
            plan.recommendation,
            dim.recommendations.first().map(|r| r.1.clone())
        );
        let plan = dimension_plan(m, dim, &out(Some(5), true, 5, 0), Some(5));
        assert_eq!((plan.next_level, plan.recommendation), (None, None));
    }
}
