//! Initiative workbooks (`.xlsx`, and what else calamine reads: `.xlsm`, `.xlsb`, `.xls`,
//! `.ods`): the first worksheet or the one named, its first row with two filled cells as the
//! header, every cell turned into the text a CSV would hold, then the same row parser as CSV.
//! Problems name the cell as Excel does: `book.xlsx:Sheet1!C14`.

use super::initiatives_csv::{CsvOptions, SheetOrigin, Table, read_rows};
use crate::domain::Portfolio;
use crate::error::{Code, Diagnostic, Error, Place, Result};
use crate::framework::{Maturity, Scoring, normalise_header};
use calamine::{Data, Reader, open_workbook_auto_from_rs};
use std::io::Cursor;

/// Whether bytes are a workbook: a ZIP (`.xlsx`, `.xlsb`, `.ods`) or an OLE compound file
/// (`.xls`). No CSV starts like either.
pub fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// Reads the initiatives of one worksheet of a workbook; `source` names the file in messages.
pub fn read(
    source: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    scoring: &Scoring,
    maturity: Option<&Maturity>,
    options: CsvOptions,
) -> Result<Portfolio> {
    let fail = |code: Code, message: String| {
        Error::single(Diagnostic::new(code, Place::file(source), message))
    };
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| {
        fail(
            Code::XlsxInvalid,
            "the file is not a workbook that can be read (expected .xlsx, .xlsm, .xlsb, .xls or .ods)"
                .into(),
        )
    })?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| {
                Error::single(
                    Diagnostic::new(
                        Code::SheetMissing,
                        Place::file(source),
                        format!("the workbook has no sheet \"{wanted}\""),
                    )
                    .with_hint(format!("its sheets: {}", quoted_list(&names))),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| fail(Code::InputEmpty, "the workbook has no worksheet".into()))?,
    };
    let range = workbook.worksheet_range(&name).map_err(|e| {
        fail(
            Code::XlsxInvalid,
            format!("sheet \"{name}\" cannot be read: {e}"),
        )
    })?;
    let Some((first_row, first_column)) = range.start() else {
        return Err(Error::single(
            Diagnostic::new(
                Code::InputEmpty,
                Place::file(source),
                format!("sheet \"{name}\" is empty"),
            )
            .with_hint(
                "the first row of the sheet holds the column names (id, name, and one per factor)",
            ),
        ));
    };
    let rows: Vec<(u64, &[Data])> = range
        .rows()
        .enumerate()
        .map(|(n, cells)| (u64::from(first_row) + n as u64 + 1, cells))
        .collect();
    // A sheet can start with a title, notes and blank rows: the header is the first row with
    // an `id` and a `name` cell, or else (for the message about what it lacks) the first row
    // with two cells filled.
    let has_column = |cells: &[Data], wanted: &str| {
        cells
            .iter()
            .any(|c| normalise_header(&cell_text(c)) == wanted)
    };
    let at = rows
        .iter()
        .position(|(_, cells)| has_column(cells, "id") && has_column(cells, "name"))
        .or_else(|| {
            rows.iter()
                .position(|(_, cells)| cells.iter().filter(|c| !is_empty(c)).count() >= 2)
        })
        .ok_or_else(|| {
            fail(
                Code::InputEmpty,
                format!("sheet \"{name}\" has no header row"),
            )
        })?;
    let (header_row, header) = rows[at];
    let mut rows = rows[at + 1..].iter().copied();
    // The table's columns: from the header's first filled cell to its last. A row with
    // something outside them gets it appended, so the row-width check reports that row.
    let filled = |c: &&Data| !is_empty(c);
    let start = header.iter().position(|c| filled(&c)).unwrap_or(0);
    let end = header.iter().rposition(|c| filled(&c)).map_or(0, |e| e + 1);
    let mut header_record = ::csv::ByteRecord::new();
    fill_record(&mut header_record, header, start..end);
    let table = Table {
        sheet: Some(SheetOrigin {
            name: &name,
            header_row,
            first_column: u64::from(first_column) + start as u64 + 1,
        }),
        ..Table::text(source, None, false)
    };
    let mut next_row = |record: &mut ::csv::ByteRecord| {
        let (row, cells) = rows.next()?;
        fill_record(record, cells, start..end);
        Some(Ok(row))
    };
    read_rows(
        &table,
        &header_record,
        &mut next_row,
        scoring,
        maturity,
        options,
    )
}

fn is_empty(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Fills `record` with the cells of the table's columns, then any filled cell outside them.
fn fill_record(record: &mut ::csv::ByteRecord, cells: &[Data], columns: std::ops::Range<usize>) {
    record.clear();
    for cell in cells.get(columns.clone()).unwrap_or_default() {
        record.push_field(cell_text(cell).as_bytes());
    }
    let outside = cells
        .iter()
        .enumerate()
        .filter(|(n, c)| !columns.contains(n) && !is_empty(c));
    for (_, cell) in outside {
        record.push_field(cell_text(cell).as_bytes());
    }
}

/// A cell as the text a CSV export would hold. Numbers print exactly (`3`, `0.8`); a date
/// prints as `2026-02-04`, which the factor parser recognises as a date Excel made of a range
/// such as `2-4`, and says so.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (year, month, day, hour, minute, second, _) = d.to_ymd_hms_milli();
            if (hour, minute, second) == (0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
            }
        }
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::Error(e) => e.to_string(),
    }
}

/// A number in the shortest text that reads back as the same number, without an exponent for
/// whole numbers.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_a_csv_export_would_hold_them() {
        assert_eq!(cell_text(&Data::Float(3.0)), "3");
        assert_eq!(cell_text(&Data::Float(0.8)), "0.8");
        assert_eq!(cell_text(&Data::Float(-2.5)), "-2.5");
        assert_eq!(cell_text(&Data::Int(12)), "12");
        assert_eq!(cell_text(&Data::String("2-4".into())), "2-4");
        assert_eq!(cell_text(&Data::Bool(true)), "TRUE");
        assert_eq!(cell_text(&Data::Empty), "");
        assert_eq!(
            cell_text(&Data::Error(calamine::CellErrorType::Div0)),
            "#DIV/0!"
        );
    }

    #[test]
    fn workbooks_are_told_from_text_by_their_first_bytes() {
        assert!(looks_like_workbook(b"PK\x03\x04rest"));
        assert!(looks_like_workbook(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"));
        assert!(!looks_like_workbook(b"id,name,reach\n"));
        assert!(!looks_like_workbook(b"PK,name\n"));
    }
}
