//! One row parser for every input format and both paths of `score`: the header mapped to
//! columns, and one set of cell rules, generic over what is built from a row.

use super::cell::{CellError, CellValue, parse_factor, parse_number};
use super::conditions;
use super::initiatives_csv::{Table, UTF8_HINT, delimiter_name};
use crate::domain::{FactorKind, FactorRange, Initiative, Raise, Requirement};
use crate::error::{Code, Diagnostic, Diagnostics, Place, Result, did_you_mean};
use crate::framework::{Maturity, Scoring, normalise_header};

/// Largest cell accepted; a bigger one is almost always a quote left open.
pub const MAX_CELL_BYTES: usize = 64 * 1024;

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

/// The largest `cost` or `effort_pm` accepted (docs/limits.md): far above any real budget, and
/// low enough that sums over millions of rows stay exact to the cent and finite.
pub const MAX_AMOUNT: f64 = 1e15;

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

/// Turns one row of cells into an initiative, the same way for every input format and for
/// both the general and the lean path of `score`.
pub struct RowParser<'a> {
    /// Whether a factor's scale has no maximum (then each row's score is checked finite).
    unbounded: bool,
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
        // The framework check proves a formula over bounded scales finite; with a scale that
        // has no maximum, a row's values can still overflow it.
        let unbounded = scoring
            .factors
            .iter()
            .any(|f| !f.scale.bounds().1.is_finite());
        Ok(RowParser {
            unbounded,
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

    /// The place of a row's id cell.
    pub fn id_place(&self, line: u64) -> Place {
        self.place(line, self.column_index(Column::Id))
    }

    /// The column of `depends_on` as places number it, when the header has one.
    pub fn depends_on_column(&self) -> Option<u64> {
        self.column_index(Column::DependsOn)
            .and_then(|c| self.place(0, Some(c)).column)
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
        initiative.line = line;
        // One UTF-8 check for the whole record; cells are then slices of it (fields end at
        // ASCII delimiters, so their bounds are character boundaries).
        let whole = std::str::from_utf8(record.as_slice()).ok();
        let cells = record.iter().enumerate().map(|(n, cell)| {
            let text = match whole {
                // `get` refuses a range that splits a character: two invalid cells can make a
                // valid whole.
                Some(all) => record.range(n).and_then(|r| all.get(r)),
                None => std::str::from_utf8(cell).ok(),
            };
            Cell {
                bytes: cell.trim_ascii().len(),
                text: text.map(str::trim_ascii),
            }
        });
        let mut sink = WholeRow(initiative);
        self.read_cells(record.len(), cells, line, false, &mut sink, problems);
    }

    /// Checks one row's cells by the same rules as [`RowParser::parse`], keeping only what
    /// ranking needs: returns the id and fills `values` (the factors, ranges at their midpoint)
    /// and `depends_on`. `None` at the first problem (the general path then reports them all).
    /// `nul_free`: the caller has found no NUL byte in the text the cells come from, so the
    /// cells need no search for one.
    pub fn check_cells<'c>(
        &self,
        cells: &[&'c str],
        nul_free: bool,
        values: &mut [f64],
        depends_on: &mut Vec<String>,
    ) -> Option<&'c str> {
        let mut sink = RankingRow {
            id: "",
            values,
            depends_on,
        };
        let cells = cells.iter().map(|c| {
            let text = c.trim_ascii();
            Cell {
                bytes: text.len(),
                text: Some(text),
            }
        });
        self.read_cells(
            cells.len(),
            cells,
            0,
            nul_free,
            &mut sink,
            &mut FirstProblem,
        )
        .then_some(sink.id)
    }

    /// The one set of cell rules, for any row, whatever is built from it: the row's width,
    /// each cell's size, encoding and value by its column, and the required id and name.
    /// Each problem goes to `problems`; false when the row has one (at once, when `problems`
    /// stops at the first).
    /// `nul_free`: the cells are known to hold no NUL byte (found by one search of the text
    /// they come from), so none is searched for cell by cell.
    #[allow(clippy::too_many_arguments)]
    fn read_cells<'c, S: RowSink<'c>, P: Problems>(
        &self,
        width: usize,
        cells: impl Iterator<Item = Cell<'c>>,
        line: u64,
        nul_free: bool,
        sink: &mut S,
        problems: &mut P,
    ) -> bool {
        let place = |column: Option<usize>| self.place(line, column);
        let expected = self.columns.len();
        let mut clean = true;
        if width != expected
            && !problems.push(|| {
                Diagnostic::new(
                    Code::RowWidth,
                    place(None),
                    format!("the row has {width} cells but the header has {expected}"),
                )
                .with_hint(match self.delimiter {
                    Some(d) => format!(
                        "check for a stray {} or an unclosed quote",
                        delimiter_name(d)
                    ),
                    None => "a row's cells must lie under the header's: clear or move the cells to the right of the table".to_string(),
                })
            })
        {
            return false;
        }
        clean &= width == expected;
        sink.start(self.scoring);
        let decimal_comma = self.decimal_comma;
        let (mut failed_id, mut failed_name) = (false, false);
        let (mut id_seen, mut name_seen) = (false, false);
        for (n, (cell, column)) in cells.zip(&self.columns).enumerate() {
            let header = || self.header_names[n].clone();
            let place = || place(Some(n));
            let mut problem = |make: &dyn Fn() -> Diagnostic| {
                clean = false;
                problems.push(make)
            };
            if cell.bytes > MAX_CELL_BYTES {
                failed_id |= *column == Column::Id;
                failed_name |= *column == Column::Name;
                if !problem(&|| {
                    Diagnostic::new(
                    Code::CellTooLarge,
                    place(),
                    format!("column \"{}\": the cell is {} bytes, more than the {} allowed", header(), cell.bytes, MAX_CELL_BYTES),
                ).with_hint("a quote that is opened and never closed swallows the rest of the file; check this row's quotes")
                }) {
                    return false;
                }
                continue;
            }
            let Some(text) = cell.text else {
                failed_id |= *column == Column::Id;
                failed_name |= *column == Column::Name;
                if !problem(&|| {
                    Diagnostic::new(
                        Code::InvalidUtf8,
                        place(),
                        format!("column \"{}\": the cell is not valid UTF-8", header()),
                    )
                    .with_hint(UTF8_HINT)
                }) {
                    return false;
                }
                continue;
            };
            // NUL ends a string in C programs and terminals: no text cell may hold one (a number
            // or a label with one fails to read as such).
            if !nul_free
                && !matches!(column, Column::Factor(_) | Column::EffortPm | Column::Cost)
                && text.bytes().any(|b| b == 0)
            {
                failed_id |= *column == Column::Id;
                failed_name |= *column == Column::Name;
                if !problem(&|| {
                    Diagnostic::new(
                        Code::InvalidValue,
                        place(),
                        format!("column \"{}\": the cell holds a NUL character (\\u{{0}})", header()),
                    )
                    .with_hint("remove it; a NUL byte usually means a binary or UTF-16 file was saved as CSV")
                }) {
                    return false;
                }
                continue;
            }
            let ok = match *column {
                Column::Id => {
                    id_seen |= !text.is_empty();
                    sink.id(text);
                    true
                }
                Column::Name => {
                    name_seen |= !text.is_empty();
                    sink.name(text);
                    true
                }
                Column::Factor(i) => {
                    let factor = &self.scoring.factors[i];
                    if text.is_empty() {
                        factor.default.is_some()
                            || problem(&|| {
                                Diagnostic::new(
                                    Code::MissingValue,
                                    place(),
                                    format!(
                                        "column \"{}\": the cell is empty (expected {})",
                                        factor.id,
                                        factor.expected()
                                    ),
                                )
                            })
                    } else {
                        match parse_factor(factor, text, decimal_comma) {
                            Ok(value) => {
                                sink.factor(i, value);
                                true
                            }
                            Err(e) => problem(&|| cell_diagnostic(place(), &header(), e.clone())),
                        }
                    }
                }
                Column::DependsOn => {
                    text.split([';', ','])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .for_each(|d| sink.dependency(d));
                    true
                }
                Column::Requires | Column::Raises if !text.is_empty() => {
                    let parsed = match (self.maturity, *column) {
                        (None, _) => Ok(Conditions::Unchecked),
                        (Some(m), Column::Requires) => {
                            conditions::parse_requires(text, m).map(Conditions::Requires)
                        }
                        (Some(m), _) => conditions::parse_raises(text, m).map(Conditions::Raises),
                    };
                    match parsed {
                        Ok(parsed) => {
                            sink.conditions(*column == Column::Requires, text, parsed);
                            true
                        }
                        Err(e) => problem(&|| cell_diagnostic(place(), &header(), e.clone())),
                    }
                }
                Column::Requires | Column::Raises => true,
                Column::EffortPm | Column::Cost if text.is_empty() => true,
                Column::EffortPm | Column::Cost => match parse_number(text, decimal_comma) {
                    // Sums of a million amounts stay finite: no "inf%" budget share.
                    Some(v) if v.is_finite() && v > MAX_AMOUNT => problem(&|| {
                        Diagnostic::new(
                            Code::InvalidValue,
                            place(),
                            format!(
                                "column \"{}\": {text} is more than {MAX_AMOUNT:e}, the largest amount accepted",
                                header()
                            ),
                        )
                    }),
                    Some(v) if v.is_finite() && v >= 0.0 => {
                        sink.amount(*column == Column::Cost, v);
                        true
                    }
                    _ => problem(&|| {
                        Diagnostic::new(
                            Code::InvalidValue,
                            place(),
                            format!(
                                "column \"{}\": \"{text}\" is not a number (expected a number of at least 0, without thousands separators)",
                                header()
                            ),
                        )
                    }),
                },
                Column::Owner | Column::Description | Column::Metric | Column::Extra(_) => {
                    sink.text(*column, text);
                    true
                }
            };
            if !ok {
                return false;
            }
        }
        if !id_seen
            && !failed_id
            && !problems.push(|| {
                Diagnostic::new(
                    Code::MissingValue,
                    place(self.column_index(Column::Id)),
                    "column \"id\": the cell is empty (every initiative needs a unique id)",
                )
            })
        {
            return false;
        }
        if !name_seen
            && !failed_name
            && !problems.push(|| {
                Diagnostic::new(
                    Code::MissingValue,
                    place(self.column_index(Column::Name)),
                    "column \"name\": the cell is empty",
                )
            })
        {
            return false;
        }
        if clean && self.unbounded {
            let score = self.scoring.formula.eval(sink.values());
            if !score.is_finite()
                && !problems.push(|| {
                    Diagnostic::new(
                        Code::InvalidValue,
                        place(None),
                        format!(
                            "the score of this row is not a number a score can hold ({score}): its factor values are too large for the formula"
                        ),
                    )
                })
            {
                return false;
            }
            clean &= score.is_finite();
        }
        clean && id_seen && name_seen
    }
}

/// One cell as the rules see it: its size in bytes, and its text (`None`: not UTF-8).
struct Cell<'c> {
    bytes: usize,
    text: Option<&'c str>,
}

/// The parsed conditions of a `requires` or `raises` cell.
enum Conditions {
    /// The framework has no maturity model: the text is carried unchecked.
    Unchecked,
    Requires(Vec<Requirement>),
    Raises(Vec<Raise>),
}

/// What a row's cells are read into.
trait RowSink<'c> {
    /// Before the first cell: every value at its empty state (a factor at its default).
    fn start(&mut self, scoring: &Scoring);
    fn id(&mut self, text: &'c str);
    fn name(&mut self, text: &'c str);
    fn factor(&mut self, factor: usize, value: CellValue);
    fn dependency(&mut self, id: &str);
    fn conditions(&mut self, requires: bool, text: &str, parsed: Conditions);
    fn amount(&mut self, cost: bool, value: f64);
    fn text(&mut self, column: Column, text: &str);
    /// The factor values read so far.
    fn values(&self) -> &[f64];
}

/// Where a row's problems go.
trait Problems {
    /// Records a problem; false when reading should stop at once.
    fn push(&mut self, make: impl FnOnce() -> Diagnostic) -> bool;
}

impl Problems for Vec<Diagnostic> {
    fn push(&mut self, make: impl FnOnce() -> Diagnostic) -> bool {
        Vec::push(self, make());
        true
    }
}

/// Stops at the first problem without building its message (the lean path gives up there).
struct FirstProblem;

impl Problems for FirstProblem {
    fn push(&mut self, _: impl FnOnce() -> Diagnostic) -> bool {
        false
    }
}

/// Builds the whole initiative (reusing its buffers).
struct WholeRow<'i>(&'i mut Initiative);

impl RowSink<'_> for WholeRow<'_> {
    fn start(&mut self, scoring: &Scoring) {
        let i = &mut *self.0;
        i.id.clear();
        i.name.clear();
        for (v, f) in i.values.iter_mut().zip(&scoring.factors) {
            *v = f.default.unwrap_or(f64::NAN);
        }
        i.ranges.clear();
        i.clear_details();
        i.effort_pm = None;
        i.cost = None;
        i.owner = None;
        for e in &mut i.extra {
            e.clear();
        }
    }
    fn id(&mut self, text: &str) {
        self.0.id.push_str(text);
    }
    fn name(&mut self, text: &str) {
        self.0.name.push_str(text);
    }
    fn values(&self) -> &[f64] {
        &self.0.values
    }
    fn factor(&mut self, factor: usize, value: CellValue) {
        self.0.values[factor] = value.point();
        if let CellValue::Range(low, high) = value {
            self.0.ranges.push(FactorRange { factor, low, high });
        }
    }
    fn dependency(&mut self, id: &str) {
        self.0.details_mut().depends_on.push(id.to_string());
    }
    fn conditions(&mut self, requires: bool, text: &str, parsed: Conditions) {
        // Only a cell with text comes here: the details are made for something.
        let details = self.0.details_mut();
        match parsed {
            Conditions::Requires(r) => details.requirements = r.into(),
            Conditions::Raises(r) => details.lifts = r.into(),
            Conditions::Unchecked => {}
        }
        if requires {
            details.requires = Some(text.into());
        } else {
            details.raises = Some(text.into());
        }
    }
    fn amount(&mut self, cost: bool, value: f64) {
        if cost {
            self.0.cost = Some(value);
        } else {
            self.0.effort_pm = Some(value);
        }
    }
    fn text(&mut self, column: Column, text: &str) {
        match column {
            Column::Owner => set_text(&mut self.0.owner, text),
            Column::Description if !text.is_empty() => {
                self.0.details_mut().description = Some(text.into())
            }
            Column::Metric if !text.is_empty() => self.0.details_mut().metric = Some(text.into()),
            Column::Extra(j) => self.0.extra[j].push_str(text),
            _ => {}
        }
    }
}

/// Keeps only what ranking needs: the id, the factor values, the dependencies.
struct RankingRow<'r, 'c> {
    id: &'c str,
    values: &'r mut [f64],
    depends_on: &'r mut Vec<String>,
}

impl<'c> RowSink<'c> for RankingRow<'_, 'c> {
    fn start(&mut self, scoring: &Scoring) {
        for (v, f) in self.values.iter_mut().zip(&scoring.factors) {
            *v = f.default.unwrap_or(f64::NAN);
        }
        self.depends_on.clear();
        self.id = "";
    }
    fn id(&mut self, text: &'c str) {
        self.id = text;
    }
    fn name(&mut self, _: &'c str) {}
    fn values(&self) -> &[f64] {
        self.values
    }
    fn factor(&mut self, factor: usize, value: CellValue) {
        self.values[factor] = value.point();
    }
    fn dependency(&mut self, id: &str) {
        self.depends_on.push(id.to_string());
    }
    fn conditions(&mut self, _: bool, _: &str, _: Conditions) {}
    fn amount(&mut self, _: bool, _: f64) {}
    fn text(&mut self, _: Column, _: &str) {}
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

pub(super) fn example_header(scoring: &Scoring) -> String {
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
