//! Initiative CSV files: delimiter detection, BOM, CRLF, header normalisation and aliases,
//! labels, decimal commas, ranges, and every problem reported with its line and column.

use super::graph::check_dependencies;
use super::row::{RowParser, example_header};
use super::seen_ids::SeenIds;
use crate::domain::Portfolio;
use crate::error::{Code, Diagnostic, Diagnostics, Error, Place, Result};
use crate::framework::{Maturity, Scoring};
use crate::limits;
use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

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
    let fence = Rc::new(Cell::new(FENCE));
    let mut reader = reader_builder(delimiter).from_reader(Fenced {
        bytes,
        at: 0,
        fence: Rc::clone(&fence),
    });
    let mut lines = Lines::new(bytes);

    let mut record = ::csv::ByteRecord::new();
    let header_ok = reader
        .read_byte_record(&mut record)
        .map_err(|e| Error::single(csv_error(source, &e, 1, &mut lines)))?;
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
        let start = reader.position().clone();
        fence.set(start.byte().saturating_add(FENCE));
        let result = reader.read_byte_record(row);
        let line = lines.at(row.position().unwrap_or(&start));
        match result {
            Ok(false) => None,
            Ok(true)
                if reader.position().byte() as usize >= bytes.len()
                    && unclosed_quote(&bytes[start.byte() as usize..]) =>
            {
                failed = true;
                Some(Err(Diagnostic::new(
                    Code::CsvInvalid,
                    Place::line(source, line),
                    "a quoted cell that starts on this line is never closed: it runs to the end of the file",
                )
                .with_hint("close the quote, or double a quote that belongs to the text (\"\")")))
            }
            Ok(true) => Some(Ok(line)),
            Err(e) => {
                failed = true;
                let line = lines.at(&start);
                Some(Err(csv_error(source, &e, line, &mut lines)))
            }
        }
    };
    read_rows(&table, &record, &mut next_row, scoring, maturity, options)
}

/// How far past the start of a record the reader may read: the record limit, plus room for
/// the reader's read-ahead so that a record within the limit never meets the fence.
const FENCE: u64 = limits::LINE_BYTES as u64 + 64 * 1024;

/// The file as the CSV reader sees it: it stops (with an error the reader passes on) at the
/// fence, so one endless record — a quote never closed — cannot fill memory.
struct Fenced<'a> {
    bytes: &'a [u8],
    at: usize,
    fence: Rc<Cell<u64>>,
}

/// The error a [`Fenced`] reader stops with.
#[derive(Debug)]
struct PastTheFence;

impl std::fmt::Display for PastTheFence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a record is longer than the limit")
    }
}

impl std::error::Error for PastTheFence {}

impl Read for Fenced<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let fence = usize::try_from(self.fence.get()).unwrap_or(usize::MAX);
        let end = self.bytes.len().min(fence);
        if self.at >= end && self.at < self.bytes.len() {
            return Err(std::io::Error::other(PastTheFence));
        }
        let n = buf.len().min(end - self.at);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Line numbers for messages, counted here from byte offsets: `\n`, `\r\n` and a lone `\r`
/// (classic Mac) each end a line, which the CSV reader's own count does not agree with.
struct Lines<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            counted_to: 0,
            line: 1,
        }
    }

    /// The line of a position of the reader (a record's position is before the blank lines
    /// the reader skipped to reach it).
    fn at(&mut self, position: &::csv::Position) -> u64 {
        let mut to = (position.byte() as usize).min(self.bytes.len());
        while matches!(self.bytes.get(to), Some(b'\r' | b'\n')) {
            to += 1;
        }
        if to < self.counted_to {
            self.counted_to = 0;
            self.line = 1;
        }
        // A `\n` right after a `\r` that ended the previous stretch was counted with it.
        let from = self.counted_to;
        let joined = from > 0 && self.bytes[from - 1] == b'\r';
        let stretch = &self.bytes[from..to];
        // Counting `\n` alone is the common case, and vectorises.
        self.line += if stretch.contains(&b'\r') {
            super::source::line_of(stretch) - 1
        } else {
            stretch.iter().filter(|&&b| b == b'\n').count() as u64
        };
        if joined && self.bytes.get(from) == Some(&b'\n') {
            self.line -= 1;
        }
        self.counted_to = to;
        self.line
    }
}

/// Whether the last record of a file, `tail`, ends inside a quoted cell.
fn unclosed_quote(tail: &[u8]) -> bool {
    let mut quoted = false;
    let mut cell_start = true;
    let mut bytes = tail.iter().peekable();
    while let Some(&b) = bytes.next() {
        if quoted {
            if b == b'"' {
                if bytes.peek() == Some(&&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            }
            continue;
        }
        match b {
            b'"' if cell_start => quoted = true,
            b'\n' | b'\r' | b',' | b';' | b'\t' => {
                cell_start = true;
                continue;
            }
            b' ' if cell_start => continue,
            _ => {}
        }
        cell_start = false;
    }
    quoted
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
    /// cell's index in the row): in a CSV, the line and the cell's number counted from 1, as
    /// the header's cells are placed (a list's record has no columns).
    pub fn place(&self, line: u64, column: Option<usize>) -> Place {
        match (self.sheet, column, self.delimiter) {
            (Some(sheet), _, _) => Place::in_sheet(
                self.source,
                sheet.name,
                line,
                column.map(|c| sheet.first_column + c as u64),
            ),
            (None, Some(c), Some(_)) => Place::at(self.source, line, c as u64 + 1),
            (None, _, _) => Place::line(self.source, line),
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
        depends_on_column: parser.depends_on_column(),
        ..Portfolio::default()
    };
    let mut seen = SeenIds::default();
    let mut row_problems: Vec<Diagnostic> = Vec::new();
    let mut record = ::csv::ByteRecord::new();
    let max_rows = limits::ROWS.get();
    let mut rows = 0u64;
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
        rows += 1;
        if rows > max_rows {
            problems.push(limits::ROWS.exceeded(
                table.place(line, None),
                &format!("this {} holds initiative {rows}", table.row_word()),
            ));
            break;
        }
        row_problems.clear();
        let mut initiative = parser.blank();
        parser.parse(&record, line, &mut initiative, &mut row_problems);
        let mut first_use = false;
        if !initiative.id.is_empty() {
            if let Some(first) = seen.first_line(&initiative.id, &portfolio.initiatives) {
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
                first_use = true;
            }
        }
        if row_problems.is_empty() {
            portfolio.initiatives.push(initiative);
            if first_use {
                seen.insert_kept(portfolio.initiatives.len() - 1, &portfolio.initiatives);
            }
            continue;
        }
        if first_use {
            seen.insert_refused(&initiative.id, line, &portfolio.initiatives);
        }
        if options.skip_invalid {
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

fn csv_error(source: &str, e: &::csv::Error, line: u64, lines: &mut Lines<'_>) -> Diagnostic {
    if let ::csv::ErrorKind::Io(io) = e.kind()
        && io.get_ref().is_some_and(|inner| inner.is::<PastTheFence>())
    {
        return limits::exceeded(
            Place::line(source, line),
            format!(
                "the record that starts on this line is longer than the limit of {} without ending",
                limits::human(limits::LINE_BYTES as u64)
            ),
        )
        .with_hint("a quote that is never closed makes the rest of the file one cell; close it, or double a quote that belongs to the text (\"\")");
    }
    let place = match e.position() {
        Some(p) => Place::line(source, lines.at(p)),
        None => Place::line(source, line),
    };
    Diagnostic::new(
        Code::CsvInvalid,
        place,
        format!("the file is not valid CSV: {e}"),
    )
}
