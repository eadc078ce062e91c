//! CSV: one row per initiative, in rank order, with a guard against formula injection.

use super::Renderer;
use super::score_csv::{Brief, ScoreCsv};
use super::tabular::{ROADMAP_COLUMNS, Value, roadmap_rows};
use crate::model::ScoreReport;
use crate::model::roadmap::RoadmapReport;
use std::borrow::Cow;
use std::io::{self, Write};

/// CSV renderer.
pub struct Csv;

/// Writes a ranking with the given columns.
pub fn write_score(
    report: &ScoreReport,
    columns: &ScoreCsv,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new().from_writer(out);
    w.write_record(columns.header())?;
    for row in &report.initiatives {
        columns.write_row(&mut w, &Brief::of(row), Some(row))?;
    }
    w.flush()
}

/// Prefixes `'` to a text cell that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or carriage return).
pub fn guard(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

impl Renderer for Csv {
    fn score(&self, report: &ScoreReport, out: &mut dyn Write) -> io::Result<()> {
        write_score(report, &ScoreCsv::of_report(report), out)
    }

    fn roadmap(&self, report: &RoadmapReport, out: &mut dyn Write) -> io::Result<()> {
        let mut w = ::csv::WriterBuilder::new().from_writer(out);
        w.write_record(ROADMAP_COLUMNS)?;
        for row in roadmap_rows(report) {
            for cell in &row {
                match cell {
                    Value::Number(_, text) => w.write_field(text)?,
                    Value::Text(text) => w.write_field(guard(text).as_bytes())?,
                }
            }
            w.write_record(None::<&[u8]>)?;
        }
        w.flush()
    }
}
