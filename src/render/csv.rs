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

/// Prefixes `'` to a text cell that a spreadsheet would run as a formula (starting with `=`,
/// `+`, `-`, `@`, tab or carriage return); a plain number such as `-12.5` is left as it is.
pub fn guard(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'+' | b'-') if is_plain_number(text) => Cow::Borrowed(text),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// A signed decimal number and nothing else: `-12.5`, `+3`, `-1e5` (not `-inf`, `-1+2`).
fn is_plain_number(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = &text[1..];
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, part)) => (digits(whole) || whole.is_empty()) && digits(part),
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
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

#[cfg(test)]
mod tests {
    use super::guard;

    #[test]
    fn formulas_are_guarded_and_numbers_are_not() {
        for number in ["-12.5", "+3", "-1e5", "-0.5E-3", "-.5"] {
            assert_eq!(guard(number), number);
        }
        for formula in [
            "=1+1", "-1+2", "+A1", "-inf", "-", "@SUM(A1)", "\t1", "-1e", "-1.", "-2-4",
        ] {
            assert_eq!(guard(formula), format!("'{formula}"));
        }
        assert_eq!(guard("plain"), "plain");
    }
}
