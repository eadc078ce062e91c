//! Frameworks: the YAML files that hold every judgement the tool applies — factors, formula,
//! tiers, tie-breaks, and the maturity model. Loaded in two phases: [`raw`] (serde, as written)
//! then [`validate`] (every problem collected, into the domain types below).

pub mod builtin;
pub mod discover;
pub mod lint;
pub mod raw;
pub mod schema;
pub mod validate;

use crate::domain::{FactorKind, Prefer};
use crate::formula::Formula;
use crate::text::num;
use indexmap::IndexMap;

/// A validated framework: one complete method.
#[derive(Debug, Clone)]
pub struct Framework {
    /// Framework id, e.g. `itsm-ai`.
    pub id: String,
    /// Version, echoed in JSON output.
    pub version: u32,
    /// Questions renamed or replaced since an earlier version, old id → current id, in file
    /// order. Every current id is a question of the maturity model; no old id is.
    pub renamed: IndexMap<String, String>,
    /// Human name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// The prioritisation model, if the framework has one.
    pub scoring: Option<Scoring>,
    /// The maturity model, if the framework has one.
    pub maturity: Option<Maturity>,
}

/// A prioritisation model: factors, formula, ranking rules.
#[derive(Debug, Clone)]
pub struct Scoring {
    /// Model name, e.g. `A-RICE`.
    pub name: String,
    /// Factors in display order; the formula's variables are these, by position.
    pub factors: Vec<Factor>,
    /// The compiled formula.
    pub formula: Formula,
    /// The formula as written.
    pub formula_text: String,
    /// Highest possible score; `index` is null without it.
    pub maximum: Option<f64>,
    /// Tie-break rules after the score, before the id.
    pub tie_breaks: Vec<TieBreak>,
    /// Tiers from the highest threshold down; the last has no minimum.
    pub tiers: Vec<Tier>,
    /// Conversion of a factor to person-months.
    pub person_months: Option<PersonMonths>,
}

/// One factor.
#[derive(Debug, Clone)]
pub struct Factor {
    /// Identifier (formula variable, CSV column, JSON key).
    pub id: String,
    /// Human name.
    pub name: String,
    /// Short column heading.
    pub short: String,
    /// Benefit, cost or modifier.
    pub kind: FactorKind,
    /// How to score it.
    pub help: Option<String>,
    /// Allowed values.
    pub scale: Scale,
    /// Named values, lower-cased.
    pub labels: Vec<(String, f64)>,
    /// Other accepted column names, normalised.
    pub aliases: Vec<String>,
    /// Value used when the column or cell is empty.
    pub default: Option<f64>,
    /// Cells may be percentages (`80%` is 0.8).
    pub percent: bool,
    /// Whether a label starts with a digit (then labels are tried before numbers, always).
    pub numeric_labels: bool,
}

/// A factor's allowed values.
#[derive(Debug, Clone, PartialEq)]
pub enum Scale {
    /// Any number in `[min, max]` (or `(min, max]`); `max` may be unbounded.
    Continuous {
        /// Lowest value.
        min: f64,
        /// Highest value, if any.
        max: Option<f64>,
        /// Whether `min` itself is excluded.
        min_exclusive: bool,
    },
    /// Only these values (ascending).
    List(Vec<f64>),
}

impl Scale {
    /// Whether `v` is allowed.
    pub fn contains(&self, v: f64) -> bool {
        match self {
            Scale::Continuous {
                min,
                max,
                min_exclusive,
            } => {
                let above = if *min_exclusive { v > *min } else { v >= *min };
                above && max.is_none_or(|m| v <= m)
            }
            Scale::List(values) => values.iter().any(|x| (x - v).abs() < 1e-9),
        }
    }

    /// Lowest and highest allowed value (the highest may be infinite).
    pub fn bounds(&self) -> (f64, f64) {
        match self {
            Scale::Continuous { min, max, .. } => (*min, max.unwrap_or(f64::INFINITY)),
            Scale::List(values) => (values[0], values[values.len() - 1]),
        }
    }

    /// Human description, e.g. `0–5`, `(0, 1]`, `one of 1, 2, 3, 5, 8, 13, 20`.
    pub fn describe(&self) -> String {
        match self {
            Scale::Continuous {
                min,
                max: Some(max),
                min_exclusive: false,
            } => format!("{}–{}", num(*min), num(*max)),
            Scale::Continuous {
                min,
                max: Some(max),
                min_exclusive: true,
            } => format!("a number in ({}, {}]", num(*min), num(*max)),
            Scale::Continuous {
                min,
                max: None,
                min_exclusive,
            } => format!(
                "a number {} {}",
                if *min_exclusive {
                    "above"
                } else {
                    "of at least"
                },
                num(*min)
            ),
            Scale::List(values) => format!(
                "one of {}",
                values
                    .iter()
                    .map(|v| num(*v))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

impl Factor {
    /// The value of a label, matched case-insensitively.
    pub fn label(&self, text: &str) -> Option<f64> {
        self.labels
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text))
            .map(|(_, v)| *v)
    }

    /// What a cell of this factor may hold, for error messages.
    pub fn expected(&self) -> String {
        let mut s = self.scale.describe();
        if self.percent {
            s.push_str(" (or the same as a percentage, 80% for 0.8)");
        }
        if !self.labels.is_empty() {
            s.push_str(" or one of: ");
            s.push_str(
                &self
                    .labels
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        s
    }
}

/// One tie-break rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TieBreak {
    /// Index into [`Scoring::factors`].
    pub factor: usize,
    /// Lower or higher value first.
    pub prefer: Prefer,
}

/// A tier of scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    /// Name, e.g. `Do now`.
    pub name: String,
    /// Lowest score in the tier; `None` for the last tier.
    pub min: Option<f64>,
    /// Whether the roadmap schedules its initiatives without `--include-all`.
    pub schedule: bool,
}

/// Piecewise-linear conversion of a factor value to person-months.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonMonths {
    /// Index into [`Scoring::factors`].
    pub factor: usize,
    /// `(factor value, person-months)`, ascending by value; empty: the value is person-months.
    pub points: Vec<(f64, f64)>,
}

impl PersonMonths {
    /// Person-months for a factor value: linear between points, clamped at the ends.
    pub fn at(&self, x: f64) -> f64 {
        let p = &self.points;
        if p.is_empty() {
            return x;
        }
        if x <= p[0].0 {
            return p[0].1;
        }
        for w in p.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            if x <= x1 {
                return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
            }
        }
        p[p.len() - 1].1
    }
}

impl Scoring {
    /// The tier a score falls in.
    pub fn tier(&self, score: f64) -> &Tier {
        self.tiers
            .iter()
            .find(|t| t.min.is_none_or(|m| score >= m))
            .unwrap_or(&self.tiers[self.tiers.len() - 1])
    }

    /// Index of the factor with this id.
    pub fn factor_index(&self, id: &str) -> Option<usize> {
        self.factors.iter().position(|f| f.id == id)
    }
}

/// A maturity model.
#[derive(Debug, Clone)]
pub struct Maturity {
    /// Share of questions that must be answered (or n/a) for the overall level.
    pub completeness_min: f64,
    /// The levels, lowest first, numbered from 1.
    pub levels: Vec<Level>,
    /// The dimensions in report order.
    pub dimensions: Vec<Dimension>,
}

impl Maturity {
    /// Whether `covered` of `total` questions (answered, don't know or n/a) reach
    /// `completeness_min` (with 1e-9 of slack, so 4 of 5 meets 0.8).
    pub fn is_complete(&self, covered: usize, total: usize) -> bool {
        total > 0 && covered as f64 / total as f64 + 1e-9 >= self.completeness_min
    }

    /// The dimension and question with this id, as indexes.
    pub fn question_index(&self, id: &str) -> Option<(usize, usize)> {
        self.dimensions.iter().enumerate().find_map(|(d, dim)| {
            dim.questions
                .iter()
                .position(|q| q.id == id)
                .map(|q| (d, q))
        })
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.question_index(id)
            .map(|(d, q)| &self.dimensions[d].questions[q])
    }

    /// The highest level, which is the number of levels (they are numbered 1, 2, 3, …).
    pub fn max_level(&self) -> u8 {
        self.levels.last().map_or(0, |l| l.level)
    }
}

/// One maturity level.
#[derive(Debug, Clone)]
pub struct Level {
    /// Level number.
    pub level: u8,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
}

/// One dimension.
#[derive(Debug, Clone)]
pub struct Dimension {
    /// Id, e.g. `data`.
    pub id: String,
    /// Name.
    pub name: String,
    /// What it probes.
    pub description: Option<String>,
    /// Weight in the overall score.
    pub weight: f64,
    /// Whether the dimension may have no score (every question n/a) without withholding the
    /// overall level.
    pub optional: bool,
    /// Questions.
    pub questions: Vec<Question>,
    /// `(target level, what to do)`, ascending.
    pub recommendations: Vec<(u8, String)>,
}

/// One question.
#[derive(Debug, Clone)]
pub struct Question {
    /// Stable id.
    pub id: String,
    /// The question.
    pub text: String,
    /// Why it matters.
    pub help: Option<String>,
    /// Weight in the dimension score.
    pub weight: f64,
    /// Whether `n/a` is an accepted answer.
    pub allow_na: bool,
    /// `(level, wording)`, ascending by level.
    pub options: Vec<(u8, String)>,
}

impl Question {
    /// The level of the lowest option: what don't know scores as.
    pub fn lowest(&self) -> u8 {
        self.options.first().map_or(1, |o| o.0)
    }

    /// The option an answer falls on: the highest option at or below `level` (a merged 2.5
    /// falls on the option of level 2), or the lowest option.
    pub fn option_at(&self, level: f64) -> Option<&(u8, String)> {
        self.options
            .iter()
            .rev()
            .find(|(l, _)| f64::from(*l) <= level + 1e-9)
            .or(self.options.first())
    }

    /// The first option above `level`, if any: the target state for an answer at `level`.
    pub fn option_above(&self, level: f64) -> Option<&(u8, String)> {
        self.options
            .iter()
            .find(|(l, _)| f64::from(*l) > level + 1e-9)
    }
}

/// Normalises a column header or alias: trimmed, lower-case, spaces and `-` → `_`.
pub fn normalise_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut last_sep = false;
    for c in h.trim().chars() {
        if c == ' ' || c == '-' || c == '_' || c == '\t' {
            if !last_sep && !out.is_empty() {
                out.push('_');
            }
            last_sep = true;
        } else {
            out.extend(c.to_lowercase());
            last_sep = false;
        }
    }
    out
}
