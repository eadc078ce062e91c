//! Maturity levels as the plan reads them, and an unmet prerequisite.

use super::portfolio::Gate;

/// Assessed maturity: what prerequisites are checked against.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Levels {
    /// Level per dimension, in framework order; `None` when the dimension was not assessed.
    pub dimensions: Vec<Option<u8>>,
    /// The overall level; `None` when withheld or not assessed.
    pub overall: Option<u8>,
    /// Per dimension, each question's answer as a level (don't know as the question's lowest);
    /// `None` for n/a or unanswered. Empty when the assessment has levels but no answers.
    pub questions: Vec<Vec<Option<f64>>>,
}

/// An unmet prerequisite: `data 2 < 3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// What was tested.
    pub gate: Gate,
    /// The level found (`None`: not assessed).
    pub have: Option<u8>,
    /// The level required.
    pub need: u8,
}
