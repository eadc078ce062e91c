//! Answers to the maturity questionnaire, validated.

use indexmap::IndexMap;

/// One answer to one question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    /// The level of the chosen option (non-integer only in merged files).
    Level(f64),
    /// Not applicable: excluded, the dimension is re-normalised over the rest.
    NotApplicable,
    /// Don't know: counts as unanswered.
    DontKnow,
}

/// A validated answers file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answers {
    /// Framework id the answers belong to.
    pub framework: String,
    /// Organisation assessed.
    pub organisation: Option<String>,
    /// Who answered (single-respondent files).
    pub respondent: Option<String>,
    /// Who answered (merged files).
    pub respondents: Vec<String>,
    /// Question id → answer, in file order.
    pub answers: IndexMap<String, Answer>,
}
