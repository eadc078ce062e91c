//! Initiative lists in YAML or JSON: a list of records (or `initiatives:` holding one), each
//! a map from column name to a value. They go through the same checks as CSV rows; every
//! problem names the line where its record starts.

use super::initiatives_csv::{CsvOptions, Table, read_rows};
use crate::domain::Portfolio;
use crate::error::{Code, Diagnostic, Error, Place, Result};
use crate::framework::validate::yaml_diagnostic;
use crate::framework::{Maturity, Scoring};
use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

/// Parser limits for initiative lists: larger than the defaults (made for frameworks and
/// answers files) so that lists of a million initiatives load, but still bounded, and aliases
/// (the "billion laughs" attack) kept few.
pub fn list_budget() -> serde_saphyr::Budget {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = 100_000_000;
    budget.max_nodes = 50_000_000;
    budget.max_total_scalar_bytes = 2 << 30;
    budget.max_depth = 16;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget
}

type Record = IndexMap<String, serde_json::Value>;

/// Which of the two shapes the document has; only the variant matters.
#[derive(Deserialize)]
#[serde(untagged)]
#[expect(dead_code, reason = "the contents are parsed again with locations")]
enum Shape {
    List(Vec<IgnoredAny>),
    Map(IndexMap<String, IgnoredAny>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wrapped {
    initiatives: Vec<Spanned<Record>>,
}

/// A cell's text from a YAML/JSON value: numbers as written, a list joined with `;` (for
/// `depends_on`), null as empty. Anything else keeps its JSON text, which the column's own
/// check then rejects with the rest of the row's problems.
fn cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.trim().to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Array(items) if items.iter().all(|v| v.is_string() || v.is_number()) => {
            items.iter().map(cell).collect::<Vec<_>>().join(";")
        }
        other => other.to_string(),
    }
}

/// Reads a YAML or JSON initiative list.
pub fn read(
    source: &str,
    text: &str,
    scoring: &Scoring,
    maturity: Option<&Maturity>,
    options: CsvOptions,
) -> Result<Portfolio> {
    // Only true/false are booleans: `yes`, `no`, `on`, `off` stay texts (an id may be `no`).
    let parse_options = serde_saphyr::options! {
        budget: Some(list_budget()),
        strict_booleans: true,
    };
    let fail = |e: serde_saphyr::Error| Error::single(yaml_diagnostic(source, &e));
    let shape: Shape = serde_saphyr::from_str_with_options(text, parse_options.clone()).map_err(|e| {
        let d = yaml_diagnostic(source, &e);
        if d.message.contains("untagged enum") || d.message.contains("end of input") {
            Error::single(Diagnostic::new(
                Code::YamlInvalid,
                Place::file(source),
                "expected a list of initiatives (each a map of column: value), or `initiatives:` holding one",
            ))
        } else {
            Error::single(d)
        }
    })?;
    let records: Vec<Spanned<Record>> = match shape {
        Shape::List(_) => serde_saphyr::from_str_with_options(text, parse_options).map_err(fail)?,
        Shape::Map(_) => {
            serde_saphyr::from_str_with_options::<Wrapped>(text, parse_options)
                .map_err(fail)?
                .initiatives
        }
    };
    // The header: every key, in the order first seen.
    let mut keys: IndexMap<&str, ()> = IndexMap::new();
    for r in &records {
        for k in r.value.keys() {
            keys.entry(k.as_str()).or_insert(());
        }
    }
    let header = ::csv::ByteRecord::from(keys.keys().copied().collect::<Vec<_>>());
    if records.is_empty() {
        return Err(Error::single(Diagnostic::new(
            Code::InputNoRows,
            Place::file(source),
            "the list holds no initiatives",
        )));
    }
    let table = Table::text(source, None, false);
    let mut rows = records.iter();
    let mut next_row =
        |row: &mut ::csv::ByteRecord| -> Option<std::result::Result<u64, Diagnostic>> {
            let record = rows.next()?;
            let line = record.referenced.line();
            row.clear();
            for key in keys.keys() {
                row.push_field(
                    record
                        .value
                        .get(*key)
                        .map(cell)
                        .unwrap_or_default()
                        .as_bytes(),
                );
            }
            Some(Ok(line))
        };
    read_rows(&table, &header, &mut next_row, scoring, maturity, options)
}
