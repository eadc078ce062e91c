//! What a factor is to the score, and which way a tie-break prefers.

use schemars::JsonSchema;
use serde::Deserialize;

/// What a factor does to the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FactorKind {
    /// More is better.
    Benefit,
    /// More is worse.
    Cost,
    /// Optional multiplier with a default.
    Modifier,
}

/// Which value wins a tie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Prefer {
    /// The lower value ranks first.
    Lower,
    /// The higher value ranks first.
    Higher,
}
