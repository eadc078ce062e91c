//! Initiative CSV files: delimiter detection, BOM, CRLF, header normalisation and aliases,
//! labels, decimal commas, ranges, and every problem reported with its line and column.

use super::cell::{CellError, CellValue, parse_factor, parse_number};
use super::conditions;
use crate::domain::FactorKind;
use crate::domain::{FactorRange, Initiative, Portfolio};
use crate::error::{Code, Diagnostic, Diagnostics, Error, Place, Result, did_you_mean};
use crate::framework::{Maturity, Scoring, normalise_header};
use std::collections::HashMap;

/// Largest cell accepted; a bigger one is almost always a quote left open.
pub const MAX_CELL_BYTES: usize = 64 * 1024;

/// How to read an initiatives CSV.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvOptions {
    /// Force this delimiter instead of detecting it.
    pub delimiter: Option<u8>,
    /// Drop invalid rows with a warning instead of failing.
    pub skip_invalid: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Name,
    Factor(usize),
    DependsOn,
    Requires,
    Raises,
    EffortPm,
    Cost,
    Owner,
    Description,
    Metric,
    Extra(usize),
}

fn fixed_column(name: &str) -> Option<Column> {
    Some(match name {
        "id" => Column::Id,
        "name" => Column::Name,
        "depends_on" => Column::DependsOn,
        "requires" => Column::Requires,
        "raises" => Column::Raises,
        "effort_pm" => Column::EffortPm,
        "cost" => Column::Cost,
        "owner" => Column::Owner,
        "description" => Column::Description,
        "metric" => Column::Metric,
        _ => return None,
    })
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

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "custom",
    }
}

const UTF8_HINT: &str = "save the file as UTF-8: in Excel use File › Save As and choose \
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
    fn header_place(&self, column: Option<usize>) -> Place {
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
                    parser.place(line, parser.column_index(Column::Id)),
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

/// Turns one row of cells into an initiative, the same way for every input format and for
/// both the general and the lean path of `score`.
pub struct RowParser<'a> {
    table: Table<'a>,
    source: &'a str,
    delimiter: Option<u8>,
    decimal_comma: bool,
    scoring: &'a Scoring,
    maturity: Option<&'a Maturity>,
    columns: Vec<Column>,
    header_names: Vec<String>,
    /// Headers of the columns the tool does not know.
    pub extra_columns: Vec<String>,
}

/// Replaces an optional text in place, keeping its buffer when it can.
fn set_text(field: &mut Option<String>, text: &str) {
    match (field.as_mut(), text.is_empty()) {
        (_, true) => *field = None,
        (Some(s), false) => {
            s.clear();
            s.push_str(text);
        }
        (None, false) => *field = Some(text.to_string()),
    }
}

impl<'a> RowParser<'a> {
    /// Checks and maps the header; every header problem is reported.
    pub fn new(
        table: &Table<'a>,
        header: &::csv::ByteRecord,
        scoring: &'a Scoring,
        maturity: Option<&'a Maturity>,
    ) -> Result<Self> {
        let (columns, extra_columns) = map_header(table, header, scoring)?;
        let header_names = header
            .iter()
            .map(|c| String::from_utf8_lossy(c.trim_ascii()).into_owned())
            .collect();
        Ok(RowParser {
            table: *table,
            source: table.source,
            delimiter: table.delimiter,
            decimal_comma: table.decimal_comma,
            scoring,
            maturity,
            columns,
            header_names,
            extra_columns,
        })
    }

    /// Remarks about the header: `requires`/`raises` without a maturity model to check them.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.maturity.is_none() {
            for (column, name) in [(Column::Requires, "requires"), (Column::Raises, "raises")] {
                if self.columns.contains(&column) {
                    out.push(format!(
                        "{}: column \"{name}\" is carried as text only: the framework has no maturity model to check it against",
                        self.source
                    ));
                }
            }
        }
        out
    }

    /// The place of a row, or of its cell in column `column`.
    fn place(&self, line: u64, column: Option<usize>) -> Place {
        self.table.place(line, column)
    }

    /// Where a column is in the row.
    fn column_index(&self, column: Column) -> Option<usize> {
        self.columns.iter().position(|c| *c == column)
    }

    /// An empty initiative of the right shape.
    pub fn blank(&self) -> Initiative {
        Initiative::new(
            0,
            String::new(),
            String::new(),
            vec![0.0; self.scoring.factors.len()],
            self.extra_columns.len(),
        )
    }

    /// Fills `initiative` (reusing its buffers) from `record`; problems go to `problems`.
    /// Uniqueness of ids and dependencies are checked across rows by the caller.
    pub fn parse(
        &self,
        record: &::csv::ByteRecord,
        line: u64,
        initiative: &mut Initiative,
        problems: &mut Vec<Diagnostic>,
    ) {
        let place = |column: Option<usize>| self.place(line, column);
        let width = self.columns.len();
        if record.len() != width {
            problems.push(
                Diagnostic::new(
                    Code::RowWidth,
                    place(None),
                    format!(
                        "the row has {} cells but the header has {width}",
                        record.len()
                    ),
                )
                .with_hint(match self.delimiter {
                    Some(d) => format!(
                        "check for a stray {} or an unclosed quote",
                        delimiter_name(d)
                    ),
                    None => "every record needs the same fields".to_string(),
                }),
            );
        }
        initiative.line = line;
        initiative.id.clear();
        initiative.name.clear();
        for (v, f) in initiative.values.iter_mut().zip(&self.scoring.factors) {
            *v = f.default.unwrap_or(f64::NAN);
        }
        initiative.ranges.clear();
        initiative.depends_on.clear();
        initiative.requires = None;
        initiative.raises = None;
        initiative.requirements.clear();
        initiative.lifts.clear();
        initiative.effort_pm = None;
        initiative.cost = None;
        initiative.owner = None;
        initiative.description = None;
        initiative.metric = None;
        for e in &mut initiative.extra {
            e.clear();
        }
        let decimal_comma = self.decimal_comma;
        let mut failed_id = false;
        let mut failed_name = false;
        // One UTF-8 check for the whole record; cells are then slices of it (fields end at
        // ASCII delimiters, so their bounds are character boundaries).
        let whole = std::str::from_utf8(record.as_slice()).ok();
        for (n, (cell, column)) in record.iter().zip(&self.columns).enumerate() {
            let header = || self.header_names[n].clone();
            let place = || place(Some(n));
            let cell = cell.trim_ascii();
            if cell.len() > MAX_CELL_BYTES {
                problems.push(Diagnostic::new(
                    Code::CellTooLarge,
                    place(),
                    format!("column \"{}\": the cell is {} bytes, more than the {} allowed", header(), cell.len(), MAX_CELL_BYTES),
                ).with_hint("a quote that is opened and never closed swallows the rest of the file; check this row's quotes"));
                failed_id |= *column == Column::Id;
                failed_name |= *column == Column::Name;
                continue;
            }
            let text = match whole {
                // `get` refuses a range that splits a character: two invalid cells can make a
                // valid whole.
                Some(all) => record
                    .range(n)
                    .and_then(|r| all.get(r))
                    .map(str::trim_ascii),
                None => std::str::from_utf8(cell).ok(),
            };
            let Some(text) = text else {
                problems.push(
                    Diagnostic::new(
                        Code::InvalidUtf8,
                        place(),
                        format!("column \"{}\": the cell is not valid UTF-8", header()),
                    )
                    .with_hint(UTF8_HINT),
                );
                failed_id |= *column == Column::Id;
                failed_name |= *column == Column::Name;
                continue;
            };
            match *column {
                Column::Id => initiative.id.push_str(text),
                Column::Name => initiative.name.push_str(text),
                Column::Factor(i) => {
                    let factor = &self.scoring.factors[i];
                    if text.is_empty() {
                        if factor.default.is_none() {
                            problems.push(Diagnostic::new(
                                Code::MissingValue,
                                place(),
                                format!(
                                    "column \"{}\": the cell is empty (expected {})",
                                    factor.id,
                                    factor.expected()
                                ),
                            ));
                        }
                        continue;
                    }
                    match parse_factor(factor, text, decimal_comma) {
                        Ok(value) => {
                            initiative.values[i] = value.point();
                            if let CellValue::Range(low, high) = value {
                                initiative.ranges.push(FactorRange {
                                    factor: i,
                                    low,
                                    high,
                                });
                            }
                        }
                        Err(e) => problems.push(cell_diagnostic(place(), &header(), e)),
                    }
                }
                Column::DependsOn => {
                    initiative.depends_on.extend(
                        text.split([';', ','])
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string),
                    );
                }
                Column::Requires | Column::Raises if !text.is_empty() => {
                    let parsed = match (self.maturity, *column) {
                        (None, _) => Ok(()),
                        (Some(m), Column::Requires) => {
                            conditions::parse_requires(text, m).map(|r| initiative.requirements = r)
                        }
                        (Some(m), _) => {
                            conditions::parse_raises(text, m).map(|r| initiative.lifts = r)
                        }
                    };
                    match parsed {
                        Ok(()) if *column == Column::Requires => {
                            set_text(&mut initiative.requires, text)
                        }
                        Ok(()) => set_text(&mut initiative.raises, text),
                        Err(e) => problems.push(cell_diagnostic(place(), &header(), e)),
                    }
                }
                Column::Requires | Column::Raises => {}
                Column::EffortPm | Column::Cost => {
                    if text.is_empty() {
                        continue;
                    }
                    match parse_number(text, decimal_comma) {
                        Some(v) if v.is_finite() && v >= 0.0 => {
                            if *column == Column::Cost {
                                initiative.cost = Some(v);
                            } else {
                                initiative.effort_pm = Some(v);
                            }
                        }
                        _ => problems.push(Diagnostic::new(
                            Code::InvalidValue,
                            place(),
                            format!("column \"{}\": \"{text}\" is not a number (expected a number of at least 0, without thousands separators)", header()),
                        )),
                    }
                }
                Column::Owner => set_text(&mut initiative.owner, text),
                Column::Description => set_text(&mut initiative.description, text),
                Column::Metric => set_text(&mut initiative.metric, text),
                Column::Extra(j) => initiative.extra[j].push_str(text),
            }
        }
        if initiative.id.is_empty() && !failed_id {
            problems.push(Diagnostic::new(
                Code::MissingValue,
                place(self.column_index(Column::Id)),
                "column \"id\": the cell is empty (every initiative needs a unique id)",
            ));
        }
        if initiative.name.is_empty() && !failed_name {
            problems.push(Diagnostic::new(
                Code::MissingValue,
                place(self.column_index(Column::Name)),
                "column \"name\": the cell is empty",
            ));
        }
    }
}

impl RowParser<'_> {
    /// Checks one record's cells the way [`RowParser::parse`] does, keeping only what ranking
    /// needs: returns the id and fills `values` (the factors, ranges at their midpoint) and
    /// `depends_on`. `None` when [`RowParser::parse`] would report a problem (the caller then
    /// lets it report); the lean path's tests hold the two to the same files.
    pub fn check_cells<'c>(
        &self,
        cells: &[&'c str],
        values: &mut [f64],
        depends_on: &mut Vec<String>,
    ) -> Option<&'c str> {
        if cells.len() != self.columns.len() {
            return None;
        }
        for (v, f) in values.iter_mut().zip(&self.scoring.factors) {
            *v = f.default.unwrap_or(f64::NAN);
        }
        depends_on.clear();
        let mut id = "";
        for (cell, column) in cells.iter().zip(&self.columns) {
            let text = cell.trim_ascii();
            if text.len() > MAX_CELL_BYTES {
                return None;
            }
            match *column {
                Column::Id if !text.is_empty() => id = text,
                Column::Id | Column::Name if text.is_empty() => return None,
                Column::Factor(i) if text.is_empty() => {
                    self.scoring.factors[i].default?;
                }
                Column::Factor(i) => {
                    let factor = &self.scoring.factors[i];
                    values[i] = parse_factor(factor, text, self.decimal_comma).ok()?.point();
                }
                Column::DependsOn => depends_on.extend(
                    text.split([';', ','])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                ),
                Column::Requires if !text.is_empty() => {
                    if let Some(m) = self.maturity {
                        conditions::parse_requires(text, m).ok()?;
                    }
                }
                Column::Raises if !text.is_empty() => {
                    if let Some(m) = self.maturity {
                        conditions::parse_raises(text, m).ok()?;
                    }
                }
                Column::EffortPm | Column::Cost if !text.is_empty() => {
                    parse_number(text, self.decimal_comma)
                        .filter(|v| v.is_finite() && *v >= 0.0)?;
                }
                _ => {}
            }
        }
        Some(id)
    }
}

/// Unknown or self dependencies, and dependency cycles, are errors on the row that names them.
/// With `skip`, such rows are dropped, repeatedly, since dropping one can orphan another.
fn check_dependencies(portfolio: &mut Portfolio, problems: &mut Diagnostics, skip: bool) {
    loop {
        check_references(portfolio, problems, skip);
        let cycles = find_cycles(&portfolio.initiatives);
        if cycles.is_empty() {
            return;
        }
        let mut bad = Vec::new();
        for cycle in cycles {
            let d = cycle_diagnostic(portfolio, &cycle);
            if skip {
                // Each member is dropped on its own line, naming the cycle it is part of.
                bad.extend(cycle.iter().map(|&i| {
                    let mut member = d.clone();
                    member.place = portfolio.place(portfolio.initiatives[i].line);
                    (i, member)
                }));
            } else {
                problems.push(d);
            }
        }
        if !skip {
            return;
        }
        drop_rows(portfolio, bad);
    }
}

/// `dependency cycle A → B → C → A` (each arrow reads "depends on"), on the first member's line.
fn cycle_diagnostic(portfolio: &Portfolio, cycle: &[usize]) -> Diagnostic {
    let first = &portfolio.initiatives[cycle[0]];
    let mut path: Vec<&str> = cycle
        .iter()
        .map(|&i| portfolio.initiatives[i].id.as_str())
        .collect();
    path.push(first.id.as_str());
    Diagnostic::new(
        Code::DependencyCycle,
        portfolio.place(first.line),
        format!(
            "column \"depends_on\": dependency cycle {}",
            path.join(" → ")
        ),
    )
    .with_hint("an initiative cannot wait for itself; remove one of these dependencies")
}

/// Moves the rows at the given indices to `skipped` with their diagnostics.
fn drop_rows(portfolio: &mut Portfolio, bad: Vec<(usize, Diagnostic)>) {
    let mut drop = vec![false; portfolio.initiatives.len()];
    for (n, d) in bad {
        drop[n] = true;
        portfolio.skipped.push(d);
    }
    let mut n = 0;
    portfolio.initiatives.retain(|_| {
        n += 1;
        !drop[n - 1]
    });
}

/// Every dependency cycle, found by an iterative depth-first search in file order; each cycle
/// as row indices starting from its member that comes first in the file.
pub fn find_cycles(initiatives: &[Initiative]) -> Vec<Vec<usize>> {
    let index: HashMap<&str, usize> = initiatives
        .iter()
        .enumerate()
        .map(|(n, i)| (i.id.as_str(), n))
        .collect();
    let edges: Vec<Vec<usize>> = initiatives
        .iter()
        .enumerate()
        .map(|(n, i)| {
            // Self-dependencies are reported on their own; unknown ids are skipped.
            i.depends_on
                .iter()
                .filter_map(|d| index.get(d.as_str()).copied())
                .filter(|&to| to != n)
                .collect()
        })
        .collect();
    cycles(&edges)
}

/// Every cycle of a directed graph (`edges[node]` lists where `node` points), found by an
/// iterative depth-first search from each node in order; each cycle as nodes starting from its
/// lowest.
pub fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; edges.len()];
    let mut cycles = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..edges.len() {
        if state[root] != State::New {
            continue;
        }
        state[root] = State::Open;
        stack.push((root, 0));
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&to) = edges[node].get(*next) {
                *next += 1;
                match state[to] {
                    State::New => {
                        state[to] = State::Open;
                        stack.push((to, 0));
                    }
                    State::Open => {
                        let from = stack.iter().position(|&(n, _)| n == to).unwrap_or(0);
                        let mut cycle: Vec<usize> = stack[from..].iter().map(|&(n, _)| n).collect();
                        let start = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
                        cycle.rotate_left(start);
                        cycles.push(cycle);
                    }
                    State::Done => {}
                }
            } else {
                state[node] = State::Done;
                stack.pop();
            }
        }
    }
    cycles
}

/// Unknown or self dependencies.
fn check_references(portfolio: &mut Portfolio, problems: &mut Diagnostics, skip: bool) {
    loop {
        let ids: HashMap<&str, ()> = portfolio
            .initiatives
            .iter()
            .map(|i| (i.id.as_str(), ()))
            .collect();
        let mut bad: Vec<(usize, Diagnostic)> = Vec::new();
        for (n, initiative) in portfolio.initiatives.iter().enumerate() {
            for dep in &initiative.depends_on {
                let message = if *dep == initiative.id {
                    format!("column \"depends_on\": \"{dep}\" is the initiative itself")
                } else if !ids.contains_key(dep.as_str()) {
                    // Suggest from the ids in file order (deterministic), never the row itself.
                    let others = portfolio
                        .initiatives
                        .iter()
                        .map(|i| i.id.as_str())
                        .filter(|id| *id != initiative.id);
                    let hint = did_you_mean(dep, others)
                        .map(|s| format!(", did you mean \"{s}\"?"))
                        .unwrap_or_default();
                    format!("column \"depends_on\": no initiative has the id \"{dep}\"{hint}")
                } else {
                    continue;
                };
                bad.push((
                    n,
                    Diagnostic::new(
                        Code::UnknownDependency,
                        portfolio.place(initiative.line),
                        message,
                    ),
                ));
            }
        }
        if bad.is_empty() {
            return;
        }
        if !skip {
            for (_, d) in bad {
                problems.push(d);
            }
            return;
        }
        drop_rows(portfolio, bad);
    }
}

fn cell_diagnostic(place: Place, header: &str, e: CellError) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::InvalidValue,
        place,
        format!("column \"{header}\": {}", e.message),
    );
    d.hint = e.hint;
    d
}

fn column_label(column: &Column, scoring: &Scoring, extra: &[String]) -> String {
    match *column {
        Column::Id => "id".into(),
        Column::Name => "name".into(),
        Column::Factor(i) => scoring.factors[i].id.clone(),
        Column::DependsOn => "depends_on".into(),
        Column::Requires => "requires".into(),
        Column::Raises => "raises".into(),
        Column::EffortPm => "effort_pm".into(),
        Column::Cost => "cost".into(),
        Column::Owner => "owner".into(),
        Column::Description => "description".into(),
        Column::Metric => "metric".into(),
        Column::Extra(j) => extra[j].clone(),
    }
}

fn example_header(scoring: &Scoring) -> String {
    let mut cols = vec!["id".to_string(), "name".to_string()];
    cols.extend(
        scoring
            .factors
            .iter()
            .filter(|f| f.kind != FactorKind::Modifier)
            .map(|f| f.id.clone()),
    );
    cols.join(",")
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

type HeaderMap = (Vec<Column>, Vec<String>);

fn map_header(
    table: &Table<'_>,
    record: &::csv::ByteRecord,
    scoring: &Scoring,
) -> Result<HeaderMap> {
    let delimiter = table.delimiter;
    let mut problems = Diagnostics::new();
    let mut columns = Vec::with_capacity(record.len());
    let mut extra = Vec::new();
    let mut unmatched: Vec<String> = Vec::new();
    for (n, cell) in record.iter().enumerate() {
        let cell = cell.trim_ascii();
        let Ok(text) = std::str::from_utf8(cell) else {
            problems.push(
                Diagnostic::new(
                    Code::InvalidUtf8,
                    table.header_place(Some(n)),
                    format!("header cell {} is not valid UTF-8", n + 1),
                )
                .with_hint(UTF8_HINT),
            );
            columns.push(Column::Extra(0));
            continue;
        };
        let norm = normalise_header(text);
        let column = fixed_column(&norm).or_else(|| {
            scoring
                .factors
                .iter()
                .position(|f| normalise_header(&f.id) == norm || f.aliases.contains(&norm))
                .map(Column::Factor)
        });
        let column = match column {
            Some(c) => {
                if let Some(prev) = columns.iter().position(|x| *x == c) {
                    problems.push(Diagnostic::new(
                        Code::DuplicateColumn,
                        table.header_place(Some(n)),
                        format!(
                            "columns {} and {} (\"{}\") both mean \"{}\"",
                            prev + 1,
                            n + 1,
                            text,
                            column_label(&c, scoring, &extra)
                        ),
                    ));
                }
                c
            }
            None => {
                unmatched.push(text.to_string());
                let name = if text.is_empty() {
                    format!("column_{}", n + 1)
                } else {
                    text.to_string()
                };
                extra.push(name);
                Column::Extra(extra.len() - 1)
            }
        };
        columns.push(column);
    }
    let mut missing: Vec<String> = Vec::new();
    if !columns.contains(&Column::Id) {
        missing.push("id".into());
    }
    if !columns.contains(&Column::Name) {
        missing.push("name".into());
    }
    for (i, f) in scoring.factors.iter().enumerate() {
        if f.kind != FactorKind::Modifier && !columns.contains(&Column::Factor(i)) {
            missing.push(f.id.clone());
        }
    }
    let last = missing.len().saturating_sub(1);
    for (n, m) in missing.iter().enumerate() {
        let mut message = format!("the header has no column \"{m}\"");
        if let Some(near) = did_you_mean(m, unmatched.iter().map(String::as_str)) {
            message.push_str(&format!(" (is \"{near}\" meant to be it?)"));
        }
        let mut d = Diagnostic::new(Code::MissingColumn, table.header_place(None), message);
        if n == last {
            d = d.with_hint(if let (1, Some(delimiter)) = (columns.len(), delimiter) {
                format!(
                    "the header was read as one column with the {} delimiter; pass --delimiter if the file uses another",
                    delimiter_name(delimiter)
                )
            } else {
                {
                    let optional: Vec<String> = scoring
                        .factors
                        .iter()
                        .filter(|f| f.kind == FactorKind::Modifier)
                        .map(|f| format!("{} ({})", f.id, f.name.to_lowercase()))
                        .collect();
                    if optional.is_empty() {
                        format!("required columns: {}", example_header(scoring))
                    } else {
                        format!(
                            "required columns: {} (optional: {})",
                            example_header(scoring),
                            optional.join(", ")
                        )
                    }
                }
            });
        }
        problems.push(d);
    }
    problems.into_result((columns, extra))
}
