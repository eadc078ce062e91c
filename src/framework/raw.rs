//! Raw serde types of a framework file, exactly as written. Unknown keys are rejected here;
//! meaning is checked in [`super::validate`].

use crate::domain::{FactorKind, Prefer};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// A framework file as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFramework {
    /// Framework id, e.g. `itsm-ai`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Version number, echoed in JSON output. Bump it when questions are renamed or replaced.
    pub version: u32,
    /// Questions renamed or replaced since an earlier version: old id → current id. An answers
    /// file written for an earlier version (or naming none) is read through this map.
    #[serde(default)]
    #[schemars(with = "IndexMap<String, String>")]
    pub renamed: IndexMap<Spanned<String>, Spanned<String>>,
    /// Human name.
    pub name: String,
    /// What the framework is for.
    #[serde(default)]
    pub description: Option<String>,
    /// Prioritisation model.
    #[serde(default)]
    pub scoring: Option<RawScoring>,
    /// Maturity model.
    #[serde(default)]
    pub maturity: Option<RawMaturity>,
}

/// The prioritisation model.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScoring {
    /// Name of the model, e.g. `A-RICE`.
    pub name: String,
    /// The factors, in display order.
    #[schemars(with = "Vec<RawFactor>")]
    pub factors: Vec<Spanned<RawFactor>>,
    /// The score as an expression over the factor ids.
    #[schemars(with = "String")]
    pub formula: Spanned<String>,
    /// The highest possible score; `index` is null without it.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub maximum: Option<Spanned<f64>>,
    /// Ordered tie-break rules applied when scores are equal (then id ascending).
    #[serde(default)]
    #[schemars(with = "Vec<RawTieBreak>")]
    pub tie_breaks: Vec<Spanned<RawTieBreak>>,
    /// Tiers from the highest threshold down; the last has no minimum.
    #[schemars(with = "Vec<RawTier>")]
    pub tiers: Vec<Spanned<RawTier>>,
    /// How a factor converts to person-months for capacity planning.
    #[serde(default)]
    #[schemars(with = "Option<RawPersonMonths>")]
    pub person_months: Option<Spanned<RawPersonMonths>>,
}

/// One factor of the formula.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFactor {
    /// Identifier used in the formula and as the CSV column.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Short column heading for narrow tables (default: the id).
    #[serde(default)]
    pub short: Option<String>,
    /// Benefit, cost or modifier.
    pub kind: FactorKind,
    /// How to score it.
    #[serde(default)]
    pub help: Option<String>,
    /// Allowed values.
    pub scale: RawScale,
    /// Named values, e.g. `high: 4`.
    #[serde(default)]
    pub labels: IndexMap<String, f64>,
    /// Other accepted column names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Value used when the column or cell is empty (modifiers only).
    #[serde(default)]
    pub default: Option<f64>,
    /// Accept cells written as percentages: `80%` reads as 0.8.
    #[serde(default)]
    pub percent: bool,
}

/// A factor's scale: continuous (`min`/`max`) or a list of allowed `values`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    /// Lowest allowed value.
    #[serde(default)]
    pub min: Option<f64>,
    /// Highest allowed value (none: unbounded).
    #[serde(default)]
    pub max: Option<f64>,
    /// When true, `min` itself is not allowed.
    #[serde(default)]
    pub min_exclusive: bool,
    /// The allowed values of a list scale.
    #[serde(default)]
    pub values: Option<Vec<f64>>,
}

/// One tie-break rule.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTieBreak {
    /// Factor id.
    pub factor: String,
    /// Lower or higher first.
    pub prefer: Prefer,
}

/// One tier.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTier {
    /// Tier name, e.g. `Do now`.
    pub name: String,
    /// Lowest score in the tier (the last tier has none).
    #[serde(default)]
    pub min: Option<f64>,
    /// False to leave the tier's initiatives off the roadmap (`low_score`) unless
    /// `--include-all`; true when absent.
    #[serde(default)]
    pub schedule: Option<bool>,
}

/// Conversion of a factor to person-months: a piecewise-linear map through `points`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPersonMonths {
    /// The factor converted, usually `effort`.
    pub factor: String,
    /// `[factor value, person-months]` pairs, by increasing factor value; none means the
    /// factor is already in person-months.
    #[serde(default)]
    pub points: Vec<[f64; 2]>,
}

/// The maturity model.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMaturity {
    /// Share of questions that must be answered (or n/a) for an overall level.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub completeness_min: Option<Spanned<f64>>,
    /// The levels, lowest first.
    #[schemars(with = "Vec<RawLevel>")]
    pub levels: Vec<Spanned<RawLevel>>,
    /// The dimensions, in report order.
    #[schemars(with = "Vec<RawDimension>")]
    pub dimensions: Vec<Spanned<RawDimension>>,
}

/// One maturity level.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    /// Level number.
    pub level: u8,
    /// Level name.
    pub name: String,
    /// What an organisation at this level looks like.
    #[serde(default)]
    pub description: Option<String>,
}

/// One dimension of the maturity model.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDimension {
    /// Dimension id, e.g. `data`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// What it probes.
    #[serde(default)]
    pub description: Option<String>,
    /// Weight in the overall score (default 1).
    #[serde(default)]
    pub weight: Option<f64>,
    /// When true, a dimension whose every question is answered n/a has no score and does not
    /// withhold the overall level (default false: it withholds it).
    #[serde(default)]
    pub optional: bool,
    /// The questions.
    #[schemars(with = "Vec<RawQuestion>")]
    pub questions: Vec<Spanned<RawQuestion>>,
    /// What to do to reach each next level, keyed by that level.
    #[serde(default)]
    pub recommendations: BTreeMap<u8, String>,
}

/// One question.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    /// Stable id, `dimension.word`.
    pub id: String,
    /// The question.
    pub text: String,
    /// Why it matters.
    #[serde(default)]
    pub help: Option<String>,
    /// Weight in the dimension score (default 1).
    #[serde(default)]
    pub weight: Option<f64>,
    /// Whether `n/a` is an accepted answer (default true). Set false where the thing asked
    /// about either exists or is the lowest level: "no register of AI tools" is level 1, not
    /// "not applicable".
    #[serde(default)]
    pub allow_na: Option<bool>,
    /// The answer options, each anchored to a level.
    pub options: Vec<RawOption>,
}

/// One answer option.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    /// The level this answer indicates.
    pub level: u8,
    /// Observable wording.
    pub text: String,
}
