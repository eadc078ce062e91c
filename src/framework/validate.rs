//! Phase two of loading a framework: raw serde types → validated [`Framework`], collecting every
//! problem with its place in the file.

use super::raw::{RawFramework, RawMaturity, RawScoring};
use super::{
    Dimension, Factor, Framework, Level, Maturity, PersonMonths, Question, Scale, Scoring,
    TieBreak, Tier, normalise_header,
};
use crate::domain::FactorKind;
use crate::error::{Code, Diagnostic, Diagnostics, Error, Place, Result, did_you_mean};
use crate::formula::{Formula, FormulaError, Interval, check_domain};
use indexmap::IndexMap;
use serde_saphyr::{Location, Spanned};

/// Column names with a fixed meaning; no factor or alias may take them.
pub const RESERVED_COLUMNS: &[&str] = &[
    "id",
    "name",
    "depends_on",
    "requires",
    "raises",
    "effort_pm",
    "cost",
    "owner",
    "description",
    "metric",
];

/// Parses and validates a framework from YAML text; `file` names it in messages.
pub fn load(file: &str, text: &str) -> Result<Framework> {
    let options = serde_saphyr::options! {};
    let raw: RawFramework = serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| Error::single(yaml_diagnostic(file, &e)))?;
    validate(file, text, raw)
}

/// Turns a serde-saphyr error into a diagnostic with `file:line:col` and "did you mean".
pub fn yaml_diagnostic(file: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let inner = err.without_snippet();
    let place = match inner.location() {
        Some(loc) if loc.line() > 0 => Place::at(file, loc.line(), loc.column()),
        _ => Place::file(file),
    };
    let raw_message = inner.to_string();
    let message = raw_message
        .split(" at line ")
        .next()
        .unwrap_or(&raw_message)
        .trim()
        .to_string();
    let mut message = plain_words(&message.replace('`', "\""));
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        message = format!("duplicate key \"{key}\": each key may appear only once in a mapping");
    }
    if let Some(rest) = message.strip_prefix("unknown field \"")
        && let Some((field, expected)) = rest.split_once("\", expected ")
    {
        let candidates: Vec<&str> = expected
            .trim_start_matches("one of ")
            .split(", ")
            .map(|s| s.trim_matches('"'))
            .collect();
        message = match did_you_mean(field, candidates.iter().copied()) {
            Some(s) => format!("unknown field \"{field}\", did you mean \"{s}\"?"),
            None => format!(
                "unknown field \"{field}\" (expected one of: {})",
                candidates.join(", ")
            ),
        };
    }
    Diagnostic::new(Code::YamlInvalid, place, message)
}

/// The YAML reader's wording, where it names Rust: types (`u8`), functions
/// (`from_str_multiple`) and `untagged enum`s, said as a person reads the file.
fn plain_words(message: &str) -> String {
    if message.starts_with("multiple YAML documents detected") {
        return "the file holds more than one YAML document (a second \"---\" line); keep one per file".into();
    }
    if message.contains("did not match any variant of untagged enum") {
        return "this value is neither a number nor a text as expected here".into();
    }
    let mut out = message.to_string();
    for (rust, plain) in [
        ("u8", "a whole number from 0 to 255"),
        ("u16", "a whole number from 0 to 65535"),
        ("u32", "a whole number from 0 to 4294967295"),
        ("u64", "a whole number of 0 or more"),
        ("usize", "a whole number of 0 or more"),
        ("i64", "a whole number"),
        ("f64", "a number"),
    ] {
        out = out
            .replace(&format!("invalid {rust}"), &format!("expected {plain}"))
            .replace(&format!("expected {rust}"), &format!("expected {plain}"));
    }
    out
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    problems: Diagnostics,
}

impl Ctx<'_> {
    fn at(&self, loc: &Location) -> Place {
        if loc.line() == 0 {
            Place::file(self.file)
        } else {
            Place::at(self.file, loc.line(), loc.column())
        }
    }

    fn error(&mut self, loc: &Location, message: impl Into<String>) {
        let place = self.at(loc);
        self.problems
            .push(Diagnostic::new(Code::FrameworkInvalid, place, message));
    }

    /// Place of a formula error: exact when the formula is a one-line (quoted or plain) scalar.
    fn formula_place(&self, loc: &Location, column: usize) -> Place {
        let line = self.text.lines().nth(loc.line().saturating_sub(1) as usize);
        let start = loc.column().saturating_sub(1) as usize;
        let first = line.and_then(|l| l.chars().nth(start));
        match first {
            Some('>') | Some('|') | None => self.at(loc),
            Some('"') | Some('\'') => {
                Place::at(self.file, loc.line(), loc.column() + column as u64)
            }
            Some(_) => Place::at(self.file, loc.line(), loc.column() + column as u64 - 1),
        }
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Validates a parsed framework, collecting every problem.
pub fn validate(file: &str, text: &str, raw: RawFramework) -> Result<Framework> {
    let mut ctx = Ctx {
        file,
        text,
        problems: Diagnostics::new(),
    };
    let id = raw.id.value.clone();
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        || id.is_empty()
    {
        ctx.error(
            &raw.id.referenced,
            format!("framework id \"{id}\" must be lower-case letters, digits, '-' or '_'"),
        );
    }
    if raw.scoring.is_none() && raw.maturity.is_none() {
        ctx.error(
            &raw.id.referenced,
            "a framework needs a \"scoring\" section, a \"maturity\" section, or both",
        );
    }
    let question_ids: Vec<String> = raw
        .maturity
        .iter()
        .flat_map(|m| &m.dimensions)
        .flat_map(|d| &d.value.questions)
        .map(|q| q.value.id.clone())
        .collect();
    let renamed = validate_renamed(&mut ctx, raw.renamed, raw.maturity.is_some(), &question_ids);
    let scoring = raw.scoring.map(|s| validate_scoring(&mut ctx, s));
    let maturity = raw.maturity.map(|m| validate_maturity(&mut ctx, m));
    let framework = Framework {
        id,
        version: raw.version,
        renamed,
        name: raw.name,
        description: raw.description,
        scoring: scoring.flatten(),
        maturity: maturity.flatten(),
    };
    ctx.problems.into_result(framework)
}

/// `renamed`: each old id is no longer a question, each new id is one, and no two old ids share
/// a new id (a file that answered both could not be read).
fn validate_renamed(
    ctx: &mut Ctx<'_>,
    raw: IndexMap<Spanned<String>, Spanned<String>>,
    has_maturity: bool,
    question_ids: &[String],
) -> IndexMap<String, String> {
    let mut renamed: IndexMap<String, String> = IndexMap::new();
    for (old, new) in raw {
        if !has_maturity {
            ctx.error(
                &old.referenced,
                "renamed: the framework has no \"maturity\" section, so it has no questions to rename",
            );
            break;
        }
        if question_ids.contains(&old.value) {
            ctx.error(
                &old.referenced,
                format!(
                    "renamed: \"{}\" is still a question of this framework; list only ids that are no longer used",
                    old.value
                ),
            );
        }
        if !question_ids.contains(&new.value) {
            let hint = did_you_mean(&new.value, question_ids.iter().map(String::as_str))
                .map(|s| format!(", did you mean \"{s}\"?"))
                .unwrap_or_default();
            ctx.error(
                &new.referenced,
                format!(
                    "renamed: \"{}\" is renamed to \"{}\", which is not a question of this framework{hint}",
                    old.value, new.value
                ),
            );
        } else if let Some((first, _)) = renamed.iter().find(|(_, n)| **n == new.value) {
            ctx.error(
                &new.referenced,
                format!(
                    "renamed: \"{}\" is already the new id of \"{first}\"; two old questions cannot share one new id, because a file that answered both could not be read",
                    new.value
                ),
            );
        }
        renamed.insert(old.value, new.value);
    }
    renamed
}

fn validate_scoring(ctx: &mut Ctx<'_>, raw: RawScoring) -> Option<Scoring> {
    let before = ctx.problems.len();
    let mut factors: Vec<Factor> = Vec::new();
    let mut columns: Vec<(String, String)> = Vec::new(); // (normalised column, factor id)
    if raw.factors.is_empty() {
        ctx.error(
            &raw.formula.referenced,
            "\"factors\" is empty; a scoring model needs at least one factor",
        );
    }
    for Spanned {
        value: f,
        referenced: loc,
        ..
    } in raw.factors
    {
        if !is_identifier(&f.id) {
            ctx.error(
                &loc,
                format!("factor id \"{}\" must start with a lower-case letter and use only a-z, 0-9 and '_'", f.id),
            );
        }
        let scale = match (&f.scale.values, f.scale.min, f.scale.max) {
            (Some(values), None, None) => {
                if values.is_empty()
                    || values.windows(2).any(|w| w[0] >= w[1])
                    || values.iter().any(|v| !v.is_finite())
                {
                    ctx.error(
                        &loc,
                        format!(
                            "factor \"{}\": scale values must be finite, unique and ascending",
                            f.id
                        ),
                    );
                    None
                } else {
                    Some(Scale::List(values.clone()))
                }
            }
            (Some(_), _, _) => {
                ctx.error(
                    &loc,
                    format!(
                        "factor \"{}\": a scale has either \"values\" or \"min\"/\"max\", not both",
                        f.id
                    ),
                );
                None
            }
            (None, Some(min), max) => {
                if !min.is_finite() || max.is_some_and(|m| !m.is_finite() || m < min) {
                    ctx.error(
                        &loc,
                        format!("factor \"{}\": scale needs finite min ≤ max", f.id),
                    );
                    None
                } else {
                    Some(Scale::Continuous {
                        min,
                        max,
                        min_exclusive: f.scale.min_exclusive,
                    })
                }
            }
            (None, None, _) => {
                ctx.error(
                    &loc,
                    format!(
                        "factor \"{}\": scale needs \"min\" (and usually \"max\") or \"values\"",
                        f.id
                    ),
                );
                None
            }
        };
        let mut labels = Vec::new();
        for (name, v) in &f.labels {
            let lower = name.trim().to_lowercase();
            if labels.iter().any(|(n, _): &(String, f64)| *n == lower) {
                ctx.error(
                    &loc,
                    format!("factor \"{}\": label \"{name}\" is defined twice", f.id),
                );
            }
            if let Some(s) = &scale
                && (!v.is_finite() || !s.contains(*v))
            {
                ctx.error(
                    &loc,
                    format!(
                        "factor \"{}\": label \"{name}\" = {v} is outside its scale ({})",
                        f.id,
                        s.describe()
                    ),
                );
            }
            labels.push((lower, *v));
        }
        match (f.kind, f.default) {
            (FactorKind::Modifier, None) => ctx.error(&loc, format!("factor \"{}\": a modifier needs a \"default\" value", f.id)),
            (FactorKind::Modifier, Some(d)) => {
                if let Some(s) = &scale
                    && !s.contains(d) {
                        ctx.error(&loc, format!("factor \"{}\": default {d} is outside its scale ({})", f.id, s.describe()));
                    }
            }
            (_, Some(_)) => ctx.error(&loc, format!("factor \"{}\": only a modifier may have a \"default\"; benefit and cost factors are required", f.id)),
            _ => {}
        }
        let aliases: Vec<String> = f.aliases.iter().map(|a| normalise_header(a)).collect();
        let mut own: Vec<String> = Vec::new();
        for column in std::iter::once(normalise_header(&f.id)).chain(aliases.iter().cloned()) {
            if own.contains(&column) {
                continue;
            }
            own.push(column.clone());
            if RESERVED_COLUMNS.contains(&column.as_str()) {
                ctx.error(
                    &loc,
                    format!("factor \"{}\": column name \"{column}\" is reserved", f.id),
                );
            } else if let Some((_, other)) = columns.iter().find(|(c, _)| *c == column) {
                ctx.error(&loc, format!("factor \"{}\": column name \"{column}\" is already used by factor \"{other}\"", f.id));
            } else {
                columns.push((column, f.id.clone()));
            }
        }
        let numeric_labels = labels
            .iter()
            .any(|(name, _): &(String, f64)| name.starts_with(|c: char| c.is_ascii_digit()));
        factors.push(Factor {
            short: f.short.clone().unwrap_or_else(|| f.id.clone()),
            id: f.id,
            name: f.name,
            kind: f.kind,
            help: f.help,
            scale: scale.unwrap_or(Scale::Continuous {
                min: 0.0,
                max: None,
                min_exclusive: false,
            }),
            labels,
            aliases,
            default: f.default,
            percent: f.percent,
            numeric_labels,
        });
    }

    let names: Vec<&str> = factors.iter().map(|f| f.id.as_str()).collect();
    let formula_loc = raw.formula.referenced;
    let formula_error = |ctx: &mut Ctx<'_>, e: FormulaError| {
        let place = ctx.formula_place(&formula_loc, e.column);
        ctx.problems.push(Diagnostic::new(
            Code::FormulaInvalid,
            place,
            format!("formula, column {}: {}", e.column, e.message),
        ));
    };
    let formula = match Formula::compile(&raw.formula.value, &names) {
        Ok(formula) => {
            let scales: Vec<Interval> = factors
                .iter()
                .map(|f| {
                    let (lo, hi) = f.scale.bounds();
                    // (min, max]: min itself is not a value, so k in (0, 1] never divides by zero.
                    let lo_open = matches!(
                        f.scale,
                        Scale::Continuous {
                            min_exclusive: true,
                            ..
                        }
                    );
                    Interval {
                        lo_open,
                        ..Interval::closed(lo, hi)
                    }
                })
                .collect();
            match check_domain(formula.tree(), &scales) {
                Ok(range) => {
                    if let Some(max) = &raw.maximum
                        && range.hi > max.value * (1.0 + 1e-12)
                    {
                        ctx.error(
                                &max.referenced,
                                format!(
                                    "maximum {} is below the highest score the formula can give on the declared scales ({})",
                                    max.value, range.hi
                                ),
                            );
                    }
                }
                Err(e) => formula_error(ctx, e),
            }
            Some(formula)
        }
        Err(e) => {
            formula_error(ctx, e);
            None
        }
    };
    if let Some(max) = &raw.maximum
        && (!max.value.is_finite() || max.value <= 0.0)
    {
        ctx.error(&max.referenced, "maximum must be a positive number");
    }

    let mut tie_breaks: Vec<TieBreak> = Vec::new();
    for Spanned {
        value: t,
        referenced: loc,
        ..
    } in raw.tie_breaks
    {
        match names.iter().position(|n| *n == t.factor) {
            Some(i) if tie_breaks.iter().any(|tb| tb.factor == i) => {
                ctx.error(
                    &loc,
                    format!("tie-break on \"{}\" is listed twice", t.factor),
                );
            }
            Some(i) => tie_breaks.push(TieBreak {
                factor: i,
                prefer: t.prefer,
            }),
            None => unknown_factor(ctx, &loc, "tie_breaks", &t.factor, &names),
        }
    }

    let mut tiers: Vec<Tier> = Vec::new();
    let tier_count = raw.tiers.len();
    if tier_count == 0 {
        ctx.error(
            &formula_loc,
            "\"tiers\" is empty; give at least one tier (the last one without \"min\")",
        );
    }
    for (
        i,
        Spanned {
            value: t,
            referenced: loc,
            ..
        },
    ) in raw.tiers.into_iter().enumerate()
    {
        let last = i + 1 == tier_count;
        match (t.min, last) {
            (Some(_), true) => ctx.error(
                &loc,
                format!(
                    "the last tier \"{}\" must have no \"min\": it catches every lower score",
                    t.name
                ),
            ),
            (None, false) => ctx.error(
                &loc,
                format!(
                    "tier \"{}\" needs a \"min\" (only the last tier has none)",
                    t.name
                ),
            ),
            (Some(m), false) if !m.is_finite() => ctx.error(
                &loc,
                format!(
                    "tier \"{}\": \"min\" must be a finite number, not {m}",
                    t.name
                ),
            ),
            (Some(m), false) => {
                if let Some(prev) = tiers.last().and_then(|p| p.min)
                    && m >= prev
                {
                    ctx.error(&loc, format!("tier \"{}\": minimums must decrease from one tier to the next ({m} ≥ {prev})", t.name));
                }
            }
            _ => {}
        }
        tiers.push(Tier {
            name: t.name,
            min: t.min,
            schedule: t.schedule.unwrap_or(true),
        });
    }

    let person_months = raw.person_months.and_then(|Spanned { value: pm, referenced: loc, .. }| {
        let Some(factor) = names.iter().position(|n| *n == pm.factor) else {
            unknown_factor(ctx, &loc, "person_months", &pm.factor, &names);
            return None;
        };
        let points: Vec<(f64, f64)> = pm.points.iter().map(|p| (p[0], p[1])).collect();
        if points.windows(2).any(|w| w[0].0 >= w[1].0)
            || points.iter().any(|p| !p.0.is_finite() || !p.1.is_finite() || p.1 < 0.0)
        {
            ctx.error(&loc, "person_months points must be [value, person-months] pairs with ascending values and non-negative person-months (leave points out when the factor is already in person-months)");
            return None;
        }
        Some(PersonMonths { factor, points })
    });

    if ctx.problems.len() > before {
        return None;
    }
    Some(Scoring {
        name: raw.name,
        factors,
        formula: formula?,
        formula_text: raw.formula.value,
        maximum: raw.maximum.map(|m| m.value),
        tie_breaks,
        tiers,
        person_months,
    })
}

fn unknown_factor(ctx: &mut Ctx<'_>, loc: &Location, section: &str, id: &str, names: &[&str]) {
    let hint = did_you_mean(id, names.iter().copied())
        .map(|s| format!(", did you mean \"{s}\"?"))
        .unwrap_or_else(|| format!(" (factors: {})", names.join(", ")));
    ctx.error(loc, format!("{section}: unknown factor \"{id}\"{hint}"));
}

fn validate_maturity(ctx: &mut Ctx<'_>, raw: RawMaturity) -> Option<Maturity> {
    let before = ctx.problems.len();
    let completeness_place = raw
        .completeness_min
        .as_ref()
        .map_or_else(|| Place::file(ctx.file), |c| ctx.at(&c.referenced));
    let completeness_min = raw.completeness_min.map_or(0.8, |c| c.value);
    let mut levels = Vec::new();
    for (
        i,
        Spanned {
            value: l,
            referenced: loc,
            ..
        },
    ) in raw.levels.into_iter().enumerate()
    {
        if usize::from(l.level) != i + 1 {
            ctx.error(
                &loc,
                format!(
                    "levels must be numbered 1, 2, 3, … in order; found {} in position {}",
                    l.level,
                    i + 1
                ),
            );
        }
        levels.push(Level {
            level: l.level,
            name: l.name,
            description: l.description,
        });
    }
    if levels.len() < 2 {
        ctx.problems.push(Diagnostic::new(
            Code::FrameworkInvalid,
            Place::file(ctx.file),
            "maturity: give at least two levels",
        ));
    }
    if !(0.0..=1.0).contains(&completeness_min) {
        ctx.problems.push(Diagnostic::new(
            Code::FrameworkInvalid,
            completeness_place,
            format!("maturity.completeness_min must be between 0 and 1, not {completeness_min}"),
        ));
    }
    let top = levels.len() as u8;
    let mut dimensions: Vec<Dimension> = Vec::new();
    let mut question_ids: Vec<String> = Vec::new();
    for Spanned {
        value: d,
        referenced: loc,
        ..
    } in raw.dimensions
    {
        if !is_identifier(&d.id) {
            ctx.error(&loc, format!("dimension id \"{}\" must start with a lower-case letter and use only a-z, 0-9 and '_'", d.id));
        }
        if dimensions.iter().any(|x| x.id == d.id) {
            ctx.error(&loc, format!("dimension \"{}\" is defined twice", d.id));
        }
        let weight = d.weight.unwrap_or(1.0);
        if !(weight.is_finite() && weight > 0.0) {
            ctx.error(
                &loc,
                format!("dimension \"{}\": weight must be a positive number", d.id),
            );
        }
        if d.questions.is_empty() {
            ctx.error(&loc, format!("dimension \"{}\" has no questions", d.id));
        }
        let mut questions = Vec::new();
        for Spanned {
            value: q,
            referenced: qloc,
            ..
        } in d.questions
        {
            let prefix = format!("{}.", d.id);
            if !q.id.starts_with(&prefix) || !is_identifier(&q.id[prefix.len().min(q.id.len())..]) {
                ctx.error(
                    &qloc,
                    format!("question id \"{}\" must look like \"{}word\"", q.id, prefix),
                );
            }
            if question_ids.contains(&q.id) {
                ctx.error(&qloc, format!("question id \"{}\" is used twice", q.id));
            }
            question_ids.push(q.id.clone());
            let weight = q.weight.unwrap_or(1.0);
            if !(weight.is_finite() && weight > 0.0) {
                ctx.error(
                    &qloc,
                    format!("question \"{}\": weight must be a positive number", q.id),
                );
            }
            if q.options.len() < 2 {
                ctx.error(
                    &qloc,
                    format!("question \"{}\" needs at least two options", q.id),
                );
            }
            if q.options.iter().any(|o| o.level < 1 || o.level > top) {
                ctx.error(
                    &qloc,
                    format!(
                        "question \"{}\": option levels must be between 1 and {top}",
                        q.id
                    ),
                );
            }
            if q.options.windows(2).any(|w| w[0].level >= w[1].level) {
                ctx.error(&qloc, format!("question \"{}\": options must be ordered by increasing level, one per level", q.id));
            }
            questions.push(Question {
                id: q.id,
                text: q.text,
                help: q.help,
                weight,
                allow_na: q.allow_na.unwrap_or(true),
                options: q.options.into_iter().map(|o| (o.level, o.text)).collect(),
            });
        }
        for level in d.recommendations.keys() {
            if *level < 2 || *level > top {
                ctx.error(&loc, format!("dimension \"{}\": recommendation for level {level}; levels run 2–{top} (the level to reach)", d.id));
            }
        }
        dimensions.push(Dimension {
            id: d.id,
            name: d.name,
            description: d.description,
            weight,
            optional: d.optional,
            questions,
            recommendations: d.recommendations.into_iter().collect(),
        });
    }
    if dimensions.is_empty() {
        ctx.problems.push(Diagnostic::new(
            Code::FrameworkInvalid,
            Place::file(ctx.file),
            "maturity: give at least one dimension",
        ));
    }
    if ctx.problems.len() > before {
        return None;
    }
    Some(Maturity {
        completeness_min,
        levels,
        dimensions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-dimension framework at version 2 with `renamed` as given (YAML flow mapping).
    fn framework(renamed: &str) -> String {
        format!(
            "id: t\nversion: 2\nname: T\nrenamed: {renamed}\nmaturity:\n  levels:\n    - {{level: 1, name: One}}\n    - {{level: 2, name: Two}}\n  dimensions:\n    - id: data\n      name: Data\n      questions:\n        - id: data.quality\n          text: Q?\n          options: [{{level: 1, text: a}}, {{level: 2, text: b}}]\n    - id: ops\n      name: Ops\n      questions:\n        - id: ops.detection\n          text: D?\n          options: [{{level: 1, text: a}}, {{level: 2, text: b}}]\n"
        )
    }

    fn messages(text: &str) -> Vec<String> {
        match load("t.yaml", text) {
            Ok(_) => Vec::new(),
            Err(Error::Invalid(d)) => d.items().iter().map(|d| d.to_string()).collect(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn renamed_maps_old_ids_to_current_questions_in_file_order() {
        let f = load(
            "t.yaml",
            &framework("{data.categories: data.quality, ops.proactive: ops.detection}"),
        )
        .unwrap();
        assert_eq!(
            f.renamed.iter().collect::<Vec<_>>(),
            [
                (&"data.categories".to_string(), &"data.quality".to_string()),
                (&"ops.proactive".to_string(), &"ops.detection".to_string())
            ]
        );
        assert!(load("t.yaml", &framework("{}")).unwrap().renamed.is_empty());
    }

    #[test]
    fn renamed_old_ids_must_be_gone_and_new_ids_must_exist_once() {
        assert_eq!(
            messages(&framework("{data.quality: ops.detection}")),
            [
                "t.yaml:4:11: renamed: \"data.quality\" is still a question of this framework; list only ids that are no longer used [framework-invalid]"
            ]
        );
        assert_eq!(
            messages(&framework("{data.old: data.qualty}")),
            [
                "t.yaml:4:21: renamed: \"data.old\" is renamed to \"data.qualty\", which is not a question of this framework, did you mean \"data.quality\"? [framework-invalid]"
            ]
        );
        assert_eq!(
            messages(&framework("{data.a: data.quality, data.b: data.quality}")),
            [
                "t.yaml:4:41: renamed: \"data.quality\" is already the new id of \"data.a\"; two old questions cannot share one new id, because a file that answered both could not be read [framework-invalid]"
            ]
        );
    }

    #[test]
    fn renamed_needs_a_maturity_model() {
        let text = "id: t\nversion: 2\nname: T\nrenamed: {a.b: a.c}\nscoring:\n  name: S\n  factors: [{id: x, name: X, kind: benefit, help: h, scale: {min: 0, max: 1}}]\n  formula: x\n  tiers: [{name: all}]\n";
        assert_eq!(
            messages(text),
            [
                "t.yaml:4:11: renamed: the framework has no \"maturity\" section, so it has no questions to rename [framework-invalid]"
            ]
        );
    }
}
