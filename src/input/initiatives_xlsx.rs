//! Initiative workbooks (`.xlsx`, and what else calamine reads: `.xlsm`, `.xlsb`, `.xls`,
//! `.ods`): the first worksheet or the one named, its first row with two filled cells as the
//! header, every cell turned into the text a CSV would hold, then the same row parser as CSV.
//! Problems name the cell as Excel does: `book.xlsx:Sheet1!C14`.

use super::initiatives_csv::{CsvOptions, SheetOrigin, Table, read_rows};
use crate::domain::Portfolio;
use crate::error::{Code, Diagnostic, Error, Place, Result};
use crate::framework::{Maturity, Scoring, normalise_header};
use crate::limits::{self, WORKBOOK_CELLS};
use calamine::{Data, Reader, Sheets, open_workbook_auto_from_rs};
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
    if let Some(problem) = super::workbook_guard::check(source, bytes) {
        return Err(Error::single(problem));
    }
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
    let mut sheet_rows = sheet_rows_of(source, &mut workbook, &name)?;
    // Without --sheet, a first sheet with no table (a cover or notes sheet) gives way to the
    // first sheet that has one: a header row with an `id` and a `name` cell.
    let mut name = name;
    if sheet.is_none() && table_row(&sheet_rows).is_none() {
        for other in names.iter().skip(1) {
            let rows = sheet_rows_of(source, &mut workbook, other)?;
            if table_row(&rows).is_some() {
                (name, sheet_rows) = (other.clone(), rows);
                break;
            }
        }
    }
    let Some(first_column) = sheet_rows.first_column else {
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
    let rows: Vec<(u64, &[Data])> = sheet_rows
        .rows
        .iter()
        .map(|(row, cells)| (*row, cells.as_slice()))
        .collect();
    // A sheet can start with a title, notes and blank rows: the header is the first row with
    // an `id` and a `name` cell, or else (for the message about what it lacks) the first row
    // with two cells filled.
    let at = table_row(&sheet_rows)
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
            first_column: first_column + start as u64 + 1,
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

/// The index of the header row of a sheet's table: the first row with an `id` and a `name`
/// cell.
fn table_row(sheet: &SheetRows) -> Option<usize> {
    let has_column = |cells: &[Data], wanted: &str| {
        cells
            .iter()
            .any(|c| normalise_header(&cell_text(c)) == wanted)
    };
    sheet
        .rows
        .iter()
        .position(|(_, cells)| has_column(cells, "id") && has_column(cells, "name"))
}

/// The rows of a worksheet that hold something: each with its 1-based row number and its
/// cells from the sheet's first used column (0-based `first_column`) to its own last cell.
struct SheetRows {
    first_column: Option<u64>,
    rows: Vec<(u64, Vec<Data>)>,
}

/// Reads a worksheet's rows. Cells beyond the sheet's last row or column are refused, and so
/// is a sheet whose rows together span more cells than the limit: an `.xlsx` or `.xlsb` is
/// read cell by cell, so a lone cell far away (`XFD1048576`) costs one row, not the rectangle
/// up to it; other formats come as calamine's rectangle (an `.ods` was checked beforehand).
fn sheet_rows_of<RS: std::io::Read + std::io::Seek>(
    source: &str,
    workbook: &mut Sheets<RS>,
    name: &str,
) -> Result<SheetRows> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Error::single(Diagnostic::new(
            Code::XlsxInvalid,
            Place::file(source),
            format!("sheet \"{name}\" cannot be read: {e}"),
        ))
    };
    let mut cells: Vec<((u32, u32), Data)> = Vec::new();
    let limit = WORKBOOK_CELLS.get();
    let mut push = |position: (u32, u32), value: Data| -> Result<()> {
        let (row, column) = position;
        if row >= limits::SHEET_ROWS || column >= limits::SHEET_COLUMNS {
            return Err(Error::single(limits::exceeded(
                Place::in_sheet(
                    source,
                    name,
                    u64::from(row) + 1,
                    Some(u64::from(column) + 1),
                ),
                format!(
                    "the cell is beyond the last row ({}) or column (XFD) a sheet may have",
                    limits::SHEET_ROWS
                ),
            )));
        }
        if !matches!(value, Data::Empty) {
            if cells.len() as u64 >= limit {
                return Err(Error::single(WORKBOOK_CELLS.exceeded(
                    Place::in_sheet(
                        source,
                        name,
                        u64::from(row) + 1,
                        Some(u64::from(column) + 1),
                    ),
                    &format!("the sheet has more than {limit} cells"),
                )));
            }
            cells.push((position, value));
        }
        Ok(())
    };
    match workbook {
        Sheets::Xlsx(xlsx) => {
            let mut reader = xlsx
                .worksheet_cells_reader(name)
                .map_err(|e| unreadable(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                push(cell.get_position(), Data::from(cell.get_value().clone()))?;
            }
        }
        Sheets::Xlsb(xlsb) => {
            let mut reader = xlsb
                .worksheet_cells_reader(name)
                .map_err(|e| unreadable(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                push(cell.get_position(), Data::from(cell.get_value().clone()))?;
            }
        }
        other => {
            let range = other.worksheet_range(name).map_err(|e| unreadable(&e))?;
            for (row, column, value) in range.used_cells() {
                let (r, c) = range.start().unwrap_or_default();
                push((r + row as u32, c + column as u32), value.clone())?;
            }
        }
    }
    // Row by row, each from the first used column to its own last cell.
    cells.sort_by_key(|&(position, _)| position);
    let first_column = cells.iter().map(|((_, c), _)| *c).min();
    let mut rows: Vec<(u64, Vec<Data>)> = Vec::new();
    let mut spanned = 0u64;
    let from = first_column.unwrap_or(0);
    for ((row, column), value) in cells {
        let number = u64::from(row) + 1;
        if rows.last().is_none_or(|(r, _)| *r != number) {
            rows.push((number, Vec::new()));
        }
        let (_, cells) = rows.last_mut().expect("pushed above");
        let at = (column - from) as usize;
        spanned += (at + 1).saturating_sub(cells.len()) as u64;
        if spanned > limit {
            return Err(Error::single(WORKBOOK_CELLS.exceeded(
                Place::in_sheet(source, name, number, Some(u64::from(column) + 1)),
                &format!("the rows of the sheet span more than {limit} cells"),
            )));
        }
        cells.resize(at, Data::Empty);
        cells.push(value);
    }
    Ok(SheetRows {
        first_column: first_column.map(u64::from),
        rows,
    })
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
    // A row read cell by cell ends at its own last cell: the columns after it are empty.
    for column in columns.clone() {
        match cells.get(column) {
            Some(cell) => record.push_field(cell_text(cell).as_bytes()),
            None => record.push_field(b""),
        }
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
