//! Engine results and the framework turned into the contract's values (`model`): the score,
//! assessment, comparison, roadmap and board report, with the report's business rules (budget
//! share, quadrants, the wording of gaps). Nothing here reads a file or prints.

pub mod assess;
pub mod board;
pub mod decision;
pub mod roadmap;
pub mod score;

use crate::domain::{Answers, Levels};
use crate::engine::{maturity, projection};
use crate::framework::{Framework, Maturity};
use crate::model::AssessmentReport;

/// The assessed organisation, as readiness gating and the roadmap need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// The levels.
    pub levels: Levels,
    /// Organisation named in the file.
    pub organisation: Option<String>,
    /// The whole assessment, for reports: scored from an answers file, or a complete result.
    pub report: Option<AssessmentReport>,
    /// The answers, when the assessment has them: the roadmap re-scores them with its raises.
    pub answers: Option<Answers>,
}

impl Baseline {
    /// Scores an answers file into the levels it gives, with the whole assessment.
    pub fn scored(framework: &Framework, model: &Maturity, answers: &Answers) -> Baseline {
        let result = maturity::assess(model, answers);
        Baseline {
            levels: projection::levels_of(model, answers),
            organisation: answers.organisation.clone(),
            report: Some(AssessmentReport::new(
                framework, model, answers, &result, None,
            )),
            answers: Some(answers.clone()),
        }
    }
}
