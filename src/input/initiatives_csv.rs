//! Initiative CSV files: delimiter detection, BOM, CRLF, header normalisation and aliases,
//! labels, decimal commas, ranges, and every problem reported with its line and column.

use super::graph::check_dependencies;
use super::row::{RowParser, example_header};
use crate::domain::Portfolio;
use crate::error::{Code, Diagnostic, Diagnostics, Error, Place, Result};
use crate::framework::{Maturity, Scoring};
use std::collections::HashMap;

/// How to read an initiatives CSV.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvOptions {
    /// Force this delimiter instead of detecting it.
    pub delimiter: Option<u8>,
    /// Drop invalid rows with a warning instead of failing.
    pub skip_invalid: bool,
}

/// How initiative CSVs are read: the header as a record, rows of any width (checked
/// per row). Cells are trimmed of ASCII whitespace where they are read (cheaper than having
/// the reader rebuild every record).
pub fn reader_builder(delimiter: u8) -> ::csv::ReaderBuilder {
    let mut builder = ::csv::ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true);
    builder
}

/// Whether a row has nothing but whitespace in every cell.
pub fn is_blank(record: &::csv::ByteRecord) -> bool {
    record.iter().all(|c| c.trim_ascii().is_empty())
}

/// Picks `,`, `;` or tab: whichever occurs most in the header line outside quotes (`,` on a tie).
pub fn detect_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

pub(super) fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "custom",
    }
}

pub(super) const UTF8_HINT: &str = "save the file as UTF-8: in Excel use File › Save As and choose \
                         \"CSV UTF-8 (Comma delimited) (*.csv)\"";

/// Reads an initiatives CSV from bytes; `source` names it in messages. `requires` and `raises`
/// are checked against `maturity`; without one they are carried as text only.
pub fn read(
    source: &str,
    bytes: &[u8],
    scoring: &Scoring,
    maturity: Option<&Maturity>,
    options: CsvOptions,
) -> Result<Portfolio> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::single(
            Diagnostic::new(Code::InputEmpty, Place::file(source), "the file is empty").with_hint(
                format!(
                    "an initiatives file starts with a header line such as: {}",
                    example_header(scoring)
                ),
            ),
        ));
    }
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(bytes));
    let decimal_comma = delimiter == b';';
    let mut reader = reader_builder(delimiter).from_reader(bytes);

    let mut record = ::csv::ByteRecord::new();
    let header_ok = reader
        .read_byte_record(&mut record)
        .map_err(|e| Error::single(csv_error(source, &e)))?;
    if !header_ok {
        return Err(Error::single(Diagnostic::new(
            Code::InputEmpty,
            Place::file(source),
            "the file is empty",
        )));
    }
    let table = Table::text(source, Some(delimiter), decimal_comma);
    let mut failed = false;
    let mut next_row = |row: &mut ::csv::ByteRecord| -> Option<Result<u64, Diagnostic>> {
        if failed {
            return None;
        }
        match reader.read_byte_record(row) {
            Ok(false) => None,
            Ok(true) => Some(Ok(row.position().map_or(0, |p| p.line()))),
            Err(e) => {
                failed = true;
                Some(Err(csv_error(source, &e)))
            }
        }
    };
    read_rows(&table, &record, &mut next_row, scoring, maturity, options)
}

/// Where rows come from, for messages: the source's name, its delimiter (CSV only) and
/// whether numbers may use a decimal comma.
#[derive(Clone, Copy)]
pub struct Table<'a> {
    /// The input as named to the user.
    pub source: &'a str,
    /// The CSV delimiter; `None` for other inputs.
    pub delimiter: Option<u8>,
    /// Whether `0,8` reads as 0.8.
    pub decimal_comma: bool,
    /// For a worksheet, where its cells are; rows are then numbered as the sheet numbers them.
    pub sheet: Option<SheetOrigin<'a>>,
}

/// Where a worksheet's table is: the sheet's name, the row of the header and the sheet column
/// of each row's first cell (both 1-based).
#[derive(Debug, Clone, Copy)]
pub struct SheetOrigin<'a> {
    /// The worksheet's name.
    pub name: &'a str,
    /// The header's row.
    pub header_row: u64,
    /// The column of the first cell.
    pub first_column: u64,
}

impl Table<'_> {
    /// A table read from text: no sheet.
    pub fn text(source: &str, delimiter: Option<u8>, decimal_comma: bool) -> Table<'_> {
        Table {
            source,
            delimiter,
            decimal_comma,
            sheet: None,
        }
    }

    /// The place of a row (its line, or its sheet row) or of one of its cells (`column` is the
    /// cell's index in the row).
    pub fn place(&self, line: u64, column: Option<usize>) -> Place {
        match self.sheet {
            Some(sheet) => Place::in_sheet(
                self.source,
                sheet.name,
                line,
                column.map(|c| sheet.first_column + c as u64),
            ),
            None => Place::line(self.source, line),
        }
    }

    /// The place of the header, or of one of its cells.
    pub(super) fn header_place(&self, column: Option<usize>) -> Place {
        match self.sheet {
            Some(sheet) => self.place(sheet.header_row, column),
            None => match column {
                Some(c) => Place::at(self.source, 1, c as u64 + 1),
                None => Place::line(self.source, 1),
            },
        }
    }

    /// What a row is called in messages.
    fn row_word(&self) -> &'static str {
        if self.sheet.is_some() { "row" } else { "line" }
    }
}

/// Fills a record with the next row's cells; returns its line, or a problem that ends reading.
pub type NextRow<'r> = dyn FnMut(&mut ::csv::ByteRecord) -> Option<Result<u64, Diagnostic>> + 'r;

/// Reads rows of cells under a header into a portfolio, whatever the file format: every
/// problem located, `--skip-invalid` honoured, dependencies checked.
pub fn read_rows(
    table: &Table<'_>,
    header: &::csv::ByteRecord,
    next_row: &mut NextRow<'_>,
    scoring: &Scoring,
    maturity: Option<&Maturity>,
    options: CsvOptions,
) -> Result<Portfolio> {
    let parser = RowParser::new(table, header, scoring, maturity)?;
    let source = table.source;
    let mut problems = Diagnostics::new();
    let mut portfolio = Portfolio {
        source: source.to_string(),
        sheet: table.sheet.map(|s| s.name.to_string()),
        extra_columns: parser.extra_columns.clone(),
        warnings: parser.warnings(),
        ..Portfolio::default()
    };
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut row_problems: Vec<Diagnostic> = Vec::new();
    let mut record = ::csv::ByteRecord::new();
    loop {
        let line = match next_row(&mut record) {
            None => break,
            Some(Ok(line)) => line,
            Some(Err(d)) => {
                problems.push(d);
                break;
            }
        };
        if is_blank(&record) {
            continue;
        }
        row_problems.clear();
        let mut initiative = parser.blank();
        parser.parse(&record, line, &mut initiative, &mut row_problems);
        if !initiative.id.is_empty() {
            if let Some(first) = seen.get(&initiative.id) {
                row_problems.push(Diagnostic::new(
                    Code::DuplicateId,
                    parser.id_place(line),
                    format!(
                        "column \"id\": \"{}\" is already used on {} {first} (ids must be unique)",
                        initiative.id,
                        table.row_word()
                    ),
                ));
            } else {
                seen.insert(initiative.id.clone(), line);
            }
        }
        if row_problems.is_empty() {
            portfolio.initiatives.push(initiative);
        } else if options.skip_invalid {
            portfolio.skipped.append(&mut row_problems);
        } else {
            for d in row_problems.drain(..) {
                problems.push(d);
            }
        }
    }
    check_dependencies(&mut portfolio, &mut problems, options.skip_invalid);
    if problems.is_empty() && portfolio.initiatives.is_empty() {
        for d in &portfolio.skipped {
            problems.push(d.clone());
        }
        let message = if portfolio.skipped.is_empty() {
            "the file has a header but no initiatives"
        } else {
            "every row was invalid and skipped; nothing is left to score"
        };
        problems.push(Diagnostic::new(
            Code::InputNoRows,
            Place::file(source),
            message,
        ));
    }
    problems.into_result(portfolio)
}

fn csv_error(source: &str, e: &::csv::Error) -> Diagnostic {
    let place = match e.position() {
        Some(p) => Place::line(source, p.line()),
        None => Place::file(source),
    };
    Diagnostic::new(
        Code::CsvInvalid,
        place,
        format!("the file is not valid CSV: {e}"),
    )
}
