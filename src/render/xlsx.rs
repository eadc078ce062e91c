//! Excel workbooks: one sheet per table, numbers as numbers, text as text (never a formula),
//! a bold, frozen header with filters. The document's creation time is fixed, so the same
//! inputs give the same bytes.

use super::Renderer;
use super::score_csv::{Brief, ScoreCsv};
use super::tabular::{
    ROADMAP_COLUMNS, Value, answer_rows, assessment_rows, dimension_rows, focus_rows, matrix_rows,
    roadmap_rows,
};
use crate::model::board::BoardReport;
use crate::model::roadmap::RoadmapReport;
use crate::model::{AssessmentReport, ScoreReport};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use std::io::{self, Write};

/// Workbook renderer.
pub struct Xlsx;

/// Rows a sheet holds below its header.
const MAX_ROWS: usize = 1_048_575;

/// A workbook whose creation time is a fixed date, not the clock's.
fn workbook() -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
    Ok(book)
}

/// Rows above which a sheet is written in constant-memory mode.
pub const CONSTANT_MEMORY_ROWS: usize = 10_000;

/// The widest column in pixels (autofit's cap, and the estimate's for large sheets).
const MAX_WIDTH: u32 = 400;

/// Adds a sheet holding `header` and `rows`; rows are taken one at a time, so a ranking is never
/// held twice (as rows and in the sheet). A sheet of more than [`CONSTANT_MEMORY_ROWS`] rows
/// is written in rust_xlsxwriter's constant-memory mode: each row goes to a temporary file as
/// the next begins, its strings are stored inline rather than in the shared-string table, and
/// column widths are estimated from the longest text in characters (autofit sees only the
/// last row in that mode).
fn add_sheet<H: AsRef<str>>(
    book: &mut Workbook,
    name: &str,
    header: &[H],
    rows: impl IntoIterator<Item = Vec<Value>>,
) -> Result<(), XlsxError> {
    let rows = rows.into_iter();
    let constant = rows.size_hint().0 > CONSTANT_MEMORY_ROWS;
    let sheet = if constant {
        book.add_worksheet_with_constant_memory()?
    } else {
        book.add_worksheet()
    };
    sheet.set_name(name)?;
    let mut widths: Vec<usize> = header.iter().map(|h| h.as_ref().chars().count()).collect();
    let bold = Format::new().set_bold();
    let formats: Vec<Option<Format>> = header
        .iter()
        .map(|h| match h.as_ref() {
            "score" | "index" => Some(Format::new().set_num_format("0.00")),
            "p_top" | "completeness" => Some(Format::new().set_num_format("0%")),
            _ => None,
        })
        .collect();
    for (c, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, title.as_ref(), &bold)?;
    }
    let mut count = 0u32;
    for (r, row) in rows.enumerate() {
        let r = r as u32 + 1;
        count = r;
        for (c, (cell, format)) in row.iter().zip(&formats).enumerate() {
            if constant {
                let (Value::Number(_, text) | Value::Text(text)) = cell;
                widths[c] = widths[c].max(text.chars().count());
            }
            let c = c as u16;
            match (cell, format) {
                (Value::Number(v, _), Some(format)) if v.is_finite() => {
                    sheet.write_number_with_format(r, c, *v, format)?
                }
                (Value::Number(v, _), None) if v.is_finite() => sheet.write_number(r, c, *v)?,
                (Value::Number(_, text), _) => sheet.write_string(r, c, text)?,
                (Value::Text(text), _) if text.is_empty() => sheet,
                (Value::Text(text), _) => sheet.write_string(r, c, text)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        sheet.autofilter(0, 0, count, header.len() as u16 - 1)?;
    }
    // Long texts (descriptions, metrics) would widen their column to a screen and more.
    if constant {
        for (c, chars) in widths.into_iter().enumerate() {
            let pixels = (7 * chars as u32 + 10).min(MAX_WIDTH);
            sheet.set_column_width_pixels(c as u16, pixels)?;
        }
    } else {
        sheet.set_autofit_max_width(MAX_WIDTH);
        sheet.autofit();
    }
    Ok(())
}

/// The ranking as rows, made one at a time: the numeric columns as numbers where the cell
/// reads as one.
fn score_rows<'a>(
    report: &'a ScoreReport,
    columns: &'a ScoreCsv,
) -> impl Iterator<Item = Vec<Value>> + 'a {
    report.initiatives.iter().map(|row| {
        columns
            .texts(&Brief::of(&row), Some(&row))
            .into_iter()
            .enumerate()
            .map(|(n, text)| match text.parse::<f64>() {
                Ok(v) if columns.is_number(n) => Value::Number(v, text),
                _ => Value::Text(text),
            })
            .collect()
    })
}

/// Writes a ranking with the given columns as a one-sheet workbook.
pub fn write_score(
    report: &ScoreReport,
    columns: &ScoreCsv,
    out: &mut dyn Write,
) -> io::Result<()> {
    finish(out, report.initiatives.len(), |book| {
        add_sheet(
            book,
            "Ranking",
            &columns.header(),
            score_rows(report, columns),
        )
    })
}

/// Builds a workbook with `fill` and writes its bytes; a table longer than a sheet is an error.
fn finish(
    out: &mut dyn Write,
    longest: usize,
    fill: impl FnOnce(&mut Workbook) -> Result<(), XlsxError>,
) -> io::Result<()> {
    if longest > MAX_ROWS {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "an Excel sheet holds at most {MAX_ROWS} rows below its header, and this table has {longest}; write CSV instead"
            ),
        ));
    }
    let bytes = workbook()
        .and_then(|mut book| {
            fill(&mut book)?;
            book.save_to_buffer()
        })
        .map_err(|e| io::Error::other(format!("the workbook cannot be written: {e}")))?;
    out.write_all(&bytes)
}

impl Renderer for Xlsx {
    fn score(&self, report: &ScoreReport, out: &mut dyn Write) -> io::Result<()> {
        let extra: Vec<String> = report
            .initiatives
            .first()
            .map(|i| i.columns.keys().cloned().collect())
            .unwrap_or_default();
        let columns = ScoreCsv::all(&report.model, &extra, report.simulation.is_some()).unguarded();
        write_score(report, &columns, out)
    }

    fn assessment(&self, report: &AssessmentReport, out: &mut dyn Write) -> io::Result<()> {
        let (header, rows) = assessment_rows(report);
        let (focus_header, focus) = focus_rows(report);
        let (answer_header, answers) = answer_rows(report);
        finish(out, rows.len(), |book| {
            add_sheet(book, "Assessment", &header, rows)?;
            add_sheet(book, "Focus", &focus_header, focus)?;
            add_sheet(book, "Answers", &answer_header, answers)
        })
    }

    fn roadmap(&self, report: &RoadmapReport, out: &mut dyn Write) -> io::Result<()> {
        let rows = roadmap_rows(report);
        finish(out, report.initiatives.len(), |book| {
            add_sheet(book, "Roadmap", &ROADMAP_COLUMNS, rows)
        })
    }

    fn board(&self, report: &BoardReport, out: &mut dyn Write) -> io::Result<()> {
        let columns = ScoreCsv::of_report(&report.ranking).unguarded();
        let planned = roadmap_rows(&report.roadmap);
        let (dimension_header, dimensions) = dimension_rows(report);
        let (matrix_header, matrix) = matrix_rows(report);
        finish(out, report.ranking.initiatives.len(), |book| {
            if !dimensions.is_empty() {
                add_sheet(book, "Maturity", &dimension_header, dimensions)?;
            }
            let ranked = score_rows(&report.ranking, &columns);
            add_sheet(book, "Ranking", &columns.header(), ranked)?;
            add_sheet(book, "Value vs effort", &matrix_header, matrix)?;
            add_sheet(book, "Roadmap", &ROADMAP_COLUMNS, planned)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{CONSTANT_MEMORY_ROWS, Value, add_sheet, finish};
    use calamine::{Data, Reader};
    use std::io::{Cursor, Read};

    /// A sheet of `rows` rows: a number, a text, an empty cell.
    fn book(rows: usize) -> Vec<u8> {
        let mut bytes = Vec::new();
        let table = (0..rows).map(|n| {
            vec![
                Value::Number(n as f64, n.to_string()),
                Value::Text(format!("name {n}")),
                Value::Text(String::new()),
            ]
        });
        finish(&mut bytes, rows, |book| {
            add_sheet(book, "Ranking", &["rank", "name", "owner"], table)
        })
        .unwrap();
        bytes
    }

    fn part(bytes: &[u8], name: &str) -> Option<String> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut text).unwrap();
        Some(text)
    }

    #[test]
    fn a_large_sheet_is_written_in_constant_memory_mode_with_the_same_cells() {
        let rows = CONSTANT_MEMORY_ROWS + 1;
        let bytes = book(rows);
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml").unwrap();
        assert!(sheet.contains("t=\"inlineStr\""), "strings are inline");
        assert_eq!(part(&bytes, "xl/sharedStrings.xml"), None);
        let mut read = calamine::Xlsx::new(Cursor::new(bytes)).unwrap();
        let range = read.worksheet_range("Ranking").unwrap();
        assert_eq!(range.height(), rows + 1);
        assert_eq!(range.get((0, 1)), Some(&Data::String("name".into())));
        for n in [0, 1, 5_000, rows - 1] {
            assert_eq!(
                range.get((n + 1, 0)),
                Some(&Data::Float(n as f64)),
                "row {n}"
            );
            assert_eq!(
                range.get((n + 1, 1)),
                Some(&Data::String(format!("name {n}"))),
                "row {n}"
            );
            assert_eq!(range.get((n + 1, 2)), Some(&Data::Empty), "row {n}");
        }
        // Widths from the longest text in characters: "rank"/"10000" is 5 (45 pixels),
        // "name 10000" 10 (80 pixels).
        assert!(sheet.contains(r#"<cols><col min="1" max="1" width="6.42578125" customWidth="1"/><col min="2" max="2" width="11.42578125" customWidth="1"/>"#));
    }

    #[test]
    fn a_small_sheet_keeps_shared_strings_and_autofit() {
        let bytes = book(CONSTANT_MEMORY_ROWS);
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml").unwrap();
        assert!(!sheet.contains("inlineStr"));
        assert!(
            part(&bytes, "xl/sharedStrings.xml")
                .unwrap()
                .contains("name 9999")
        );
    }
}
