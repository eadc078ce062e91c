//! CSV and TSV: one row per initiative, in rank order, with a guard against formula injection.

use super::Renderer;
use super::score_csv::{Brief, ScoreCsv};
use super::tabular::{ROADMAP_COLUMNS, Value, roadmap_rows};
use crate::model::ScoreReport;
use crate::model::roadmap::RoadmapReport;
use std::borrow::Cow;
use std::io::{self, Write};

/// CSV renderer, or TSV with `tab`.
pub struct Csv {
    /// Tab-separated values instead of CSV.
    pub tab: bool,
    /// Write the header row.
    pub header: bool,
}

impl Csv {
    /// Writes the CSV that `write` produces as it is, or re-delimited: without its header row,
    /// or as TSV (tabs between fields, none quoted, a tab or line break inside a field turned
    /// into a space so every row stays one line for cut, sort and awk).
    fn shaped(
        &self,
        out: &mut dyn Write,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        if !self.tab && self.header {
            return write(out);
        }
        let mut csv = Vec::new();
        write(&mut csv)?;
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(!self.header)
            .from_reader(csv.as_slice());
        let mut writer = ::csv::WriterBuilder::new()
            .delimiter(if self.tab { b'\t' } else { b',' })
            .quote_style(if self.tab {
                ::csv::QuoteStyle::Never
            } else {
                ::csv::QuoteStyle::Necessary
            })
            .from_writer(out);
        for record in reader.byte_records() {
            let record = record.map_err(io::Error::other)?;
            if self.tab {
                writer.write_record(record.iter().map(one_line))?;
            } else {
                writer.write_record(&record)?;
            }
        }
        writer.flush()
    }
}

/// A TSV field: tabs and line breaks become spaces.
fn one_line(field: &[u8]) -> Cow<'_, [u8]> {
    if field.iter().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
        Cow::Owned(
            field
                .iter()
                .map(|&b| {
                    if matches!(b, b'\t' | b'\n' | b'\r') {
                        b' '
                    } else {
                        b
                    }
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(field)
    }
}

/// Writes a ranking with the given columns.
pub fn write_score(
    report: &ScoreReport,
    columns: &ScoreCsv,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new().from_writer(out);
    w.write_record(columns.header())?;
    for row in &report.initiatives {
        columns.write_row(&mut w, &Brief::of(&row), Some(&row))?;
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
        self.shaped(out, |w| {
            write_score(report, &ScoreCsv::of_report(report), w)
        })
    }

    fn roadmap(&self, report: &RoadmapReport, out: &mut dyn Write) -> io::Result<()> {
        self.shaped(out, |w| write_roadmap(report, w))
    }
}

impl Csv {
    /// Writes a ranking with the given columns (`--columns`), shaped as this renderer writes.
    pub fn score_columns(
        &self,
        report: &ScoreReport,
        columns: &ScoreCsv,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.shaped(out, |w| write_score(report, columns, w))
    }
}

fn write_roadmap(report: &RoadmapReport, out: &mut dyn Write) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(tab: bool, header: bool, csv: &str) -> String {
        let mut out = Vec::new();
        Csv { tab, header }
            .shaped(&mut out, |w| w.write_all(csv.as_bytes()))
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn tsv_keeps_every_row_on_one_line_unquoted() {
        let csv = "id,name,note\nA,\"Tabs\tand, commas\",\"two\nlines\"\nB,\"say \"\"hi\"\"\",\n";
        assert_eq!(
            shaped(true, true, csv),
            "id\tname\tnote\nA\tTabs and, commas\ttwo lines\nB\tsay \"hi\"\t\n"
        );
        assert_eq!(
            shaped(true, false, csv),
            "A\tTabs and, commas\ttwo lines\nB\tsay \"hi\"\t\n"
        );
    }

    #[test]
    fn csv_without_its_header_is_otherwise_unchanged() {
        let csv = "id,name\nA,\"x, y\"\n";
        assert_eq!(shaped(false, true, csv), csv);
        assert_eq!(shaped(false, false, csv), "A,\"x, y\"\n");
    }

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
