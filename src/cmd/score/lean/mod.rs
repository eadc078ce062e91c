//! The lean path of `score` for CSV output: a million rows in a fraction of a second and in
//! memory below twice the file. Rows are checked by the same [`RowParser`] as always, but only
//! what ranking needs is kept (score, tie-break values, id), and the file is streamed in
//! chunks. Columns beyond rank, id, score, index, tier and tie_break make it keep where each
//! record starts, to read and parse those records again when writing.
//!
//! It handles the clean case only. At the first problem of any kind it gives up and the general
//! path runs instead, which reports every problem with its place; so both paths accept the
//! same files and write the same bytes.

mod rows;
mod top;
mod write;

pub use top::top;

use crate::assemble::score::tie_reason;
use crate::domain::Levels;
use crate::domain::Prefer;
use crate::engine::rank;
use crate::engine::ranking::{Fixed, Ranker, rank_dense};
use crate::framework::{Framework, Scoring};
use crate::input::graph;
use crate::input::initiatives_csv::{CsvOptions, Table, detect_delimiter, reader_builder};
use crate::input::initiatives_xlsx::looks_like_workbook;
use crate::input::row::RowParser;
use crate::model::ModelInfo;
use crate::render::score_csv::ScoreCsv;
use crate::ui::stopwatch::Stopwatch;
use rows::{CHUNK, Rows, Stretches, parse_stream};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Why the lean path gave up on an input (the general path then runs and reports any
/// problem itself); printed with `ITSM_AI_TIMING`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fallback(pub &'static str);

/// What is read first: the header must end within it (the general path reports a longer one).
const HEAD: usize = crate::limits::LINE_BYTES;

/// What the lean path needs to know about the run.
pub struct Request<'a> {
    /// The input as named to the user.
    pub source: &'a str,
    /// The framework and its scoring model.
    pub framework: &'a Framework,
    /// The scoring model.
    pub scoring: &'a Scoring,
    /// CSV options (`--skip-invalid` sends the run to the general path).
    pub options: CsvOptions,
    /// Assessed levels for readiness.
    pub levels: Option<&'a Levels>,
    /// Rows to write (`--top`).
    pub top: Option<usize>,
    /// `--columns`.
    pub columns: Option<&'a [String]>,
}

/// A ranked file, ready to be written.
pub struct Ranked<'a> {
    request: &'a Request<'a>,
    /// The file, read again record by record when columns need the records.
    file: File,
    /// Its size when it was read.
    size: u64,
    parser: RowParser<'a>,
    delimiter: u8,
    columns: ScoreCsv,
    rows: Rows,
    /// Rows in output order (the first `top` only, when limited).
    order: Vec<u32>,
    /// Remarks for stderr.
    pub warnings: Vec<String>,
}

/// The row parser for the header, and the columns to write; `None` on a header problem or an
/// unknown column name (the general path reports either).
fn setup<'a>(
    request: &'a Request<'a>,
    header: &::csv::ByteRecord,
    delimiter: u8,
) -> Result<(RowParser<'a>, ScoreCsv), Fallback> {
    let table = Table::text(request.source, Some(delimiter), delimiter == b';');
    let parser = RowParser::new(
        &table,
        header,
        request.scoring,
        request.framework.maturity.as_ref(),
    )
    .map_err(|_| Fallback("the header has a problem"))?;
    let mut columns = ScoreCsv::all(
        &ModelInfo::of(request.scoring),
        &parser.extra_columns,
        false,
    );
    if let Some(names) = request.columns {
        columns = columns
            .select(names)
            .map_err(|_| Fallback("--columns names an unknown column"))?;
    }
    Ok((parser, columns))
}

/// Reads, checks and ranks the file at `path`; why not, when the general path must run instead.
/// The file is streamed in chunks parsed in parallel; when columns need the records again,
/// where each starts is kept (not the file: its records are read again when written).
pub fn rank<'a>(request: &'a Request<'a>, path: &Path) -> Result<Ranked<'a>, Fallback> {
    if request.options.skip_invalid {
        return Err(Fallback("--skip-invalid"));
    }
    let unreadable = |_| Fallback("the file cannot be read");
    let scoring = request.scoring;
    let mut file = File::open(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    // A device or a pipe (`/dev/zero`) has no size to plan by; the general path reads it
    // within the input size limit.
    if !metadata.is_file() {
        return Err(Fallback("the input is not a regular file"));
    }
    let size = metadata.len();
    if size >= u64::from(u32::MAX) {
        return Err(Fallback("the file is 4 GiB or more"));
    }
    // The general path reads it and says which limit it is past.
    if size > crate::limits::INPUT_BYTES.get() {
        return Err(Fallback("the file is larger than the input size limit"));
    }
    let mut watch = Stopwatch::start();
    let mut bytes = Vec::with_capacity(HEAD.min(size as usize + 1));
    (&mut file)
        .take(HEAD as u64)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if looks_like_workbook(&bytes) {
        return Err(Fallback("the file is a workbook"));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Fallback("the file is UTF-16"));
    }
    let whole = (bytes.len() as u64) < HEAD as u64;
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let delimiter = request
        .options
        .delimiter
        .unwrap_or_else(|| detect_delimiter(&bytes[bom..]));
    let mut reader = reader_builder(delimiter).from_reader(&bytes[bom..]);
    let mut header = ::csv::ByteRecord::new();
    if !reader
        .read_byte_record(&mut header)
        .map_err(|_| Fallback("the header does not read"))?
    {
        return Err(Fallback("the file is empty"));
    }
    let body_start = bom + reader.position().byte() as usize;
    drop(reader);
    // A header that does not end within what was read.
    if body_start >= bytes.len() && !whole {
        return Err(Fallback("the header is longer than 1 MiB"));
    }
    let (parser, columns) = setup(request, &header, delimiter)?;
    let keep_offsets = columns.needs_details();
    let stretches = Stretches {
        parser: &parser,
        scoring,
        delimiter,
        keep_offsets,
    };
    let rows =
        parse_stream(&stretches, &mut file, bytes, body_start, size, CHUNK).ok_or(ROW_PROBLEM)?;
    watch.lap("read and parse");
    let n = rows.scores.len();
    if n as u64 > crate::limits::ROWS.get() {
        return Err(TOO_MANY_ROWS);
    }

    // Ids unique (rows in id order); then, at the same time, the ranking and the dependency
    // checks (known, not the row itself, no cycles), which only need the id order.
    let by_id = ids_in_order(&rows).ok_or(DUPLICATE_ID)?;
    let mut id_position = vec![0u32; n];
    for (pos, &row) in by_id.iter().enumerate() {
        id_position[row as usize] = pos as u32;
    }
    // Rank: score descending, the tie-breaks, the id.
    let t = scoring.tie_breaks.len();
    let breaks: Vec<(usize, Prefer)> = scoring
        .tie_breaks
        .iter()
        .enumerate()
        .map(|(j, tb)| (j, tb.prefer))
        .collect();
    let fixed = Fixed {
        breaks: &breaks,
        width: t,
        id_position: &id_position,
        by_id: &by_id,
    };
    let (dependencies_hold, mut order) = rayon::join(
        || dependencies_hold(&rows, &by_id),
        || match rank_dense(&fixed, &rows.scores, &rows.ties) {
            Some(order) => order,
            None => {
                let mut order = by_id.clone();
                Ranker::new(n).rank(&fixed, &rows.scores, &rows.ties, &mut order);
                order
            }
        },
    );
    if !dependencies_hold {
        return Err(DEPENDENCY_PROBLEM);
    }
    watch.lap("check and rank");
    if let Some(top) = request.top {
        order.truncate(top);
    }
    Ok(Ranked {
        request,
        file,
        size,
        warnings: parser.warnings(),
        parser,
        delimiter,
        columns,
        rows,
        order,
    })
}

/// A row has a problem, or the file has no rows, or a read failed.
const ROW_PROBLEM: Fallback = Fallback("a row has a problem, there are no rows, or a read failed");
/// More rows than the row limit (the general path names the row past it).
const TOO_MANY_ROWS: Fallback = Fallback("more rows than ITSM_AI_MAX_ROWS allows");
/// Two rows share an id.
const DUPLICATE_ID: Fallback = Fallback("two rows share an id");
/// A dependency is unknown, names its own row, or takes part in a cycle.
const DEPENDENCY_PROBLEM: Fallback =
    Fallback("a dependency is unknown, its own row, or in a cycle");

/// The checks across rows: ids unique, every dependency known and not the row itself, no
/// cycles. Returns the rows in id order.
fn check(rows: &Rows) -> Result<Vec<u32>, Fallback> {
    let by_id = ids_in_order(rows).ok_or(DUPLICATE_ID)?;
    if dependencies_hold(rows, &by_id) {
        Ok(by_id)
    } else {
        Err(DEPENDENCY_PROBLEM)
    }
}

/// The rows in id order, when every id is unique.
fn ids_in_order(rows: &Rows) -> Option<Vec<u32>> {
    let mut watch = Stopwatch::start();
    let by_id = graph::ids_in_order(rows.id_start.len() - 1, |r| rows.id_bytes(r));
    watch.lap("check: ids");
    by_id
}

/// Whether every dependency names another row and there is no cycle.
fn dependencies_hold(rows: &Rows, by_id: &[u32]) -> bool {
    graph::dependencies_hold(by_id, |r| rows.id_bytes(r), &rows.dependencies)
}

/// Why a row sits below the row above it when their scores are equal, from the tie-break
/// values the lean path stores (one per tie-break, in order); `None` when the scores differ.
fn tie_between(scoring: &Scoring, above: (f64, &[f64]), row: (f64, &[f64])) -> Option<String> {
    let (a, b) = (above.1, row.1);
    let decision = rank::tie_decision(scoring, (above.0, |j| a[j]), (row.0, |j| b[j]))?;
    Some(tie_reason(scoring, &decision).1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::builtin;

    /// The records are read again when written: a file changed in between is an error naming
    /// it, never rows of the new file under the old ranking.
    #[test]
    fn a_file_changed_before_writing_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        let header = "id,name,reach,impact,confidence,effort,ai_complexity\n";
        let rows = "A,First,3,3,high,2,1\nB,Second,5,4,high,1,1\n";
        std::fs::write(&path, format!("{header}{rows}")).unwrap();
        let framework = builtin::default_for_tests();
        let scoring = framework.scoring.clone().unwrap();
        let request = Request {
            source: "in.csv",
            framework: &framework,
            scoring: &scoring,
            options: CsvOptions::default(),
            levels: None,
            top: None,
            columns: None,
        };
        let ranked = rank(&request, &path).unwrap();
        let mut out = Vec::new();
        ranked.write(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().nth(1).unwrap().starts_with("1,B,"), "{text}");

        for changed in [
            format!("{header}X,First,3,3,high,2,1\nB,Second,5,4,high,1,1\n"),
            format!("{header}A,First\n"),
        ] {
            std::fs::write(&path, &changed).unwrap();
            let error = ranked.write(&mut Vec::new()).unwrap_err();
            assert_eq!(
                error.to_string(),
                "in.csv changed while it was being read; run again",
                "{changed}"
            );
        }
    }
}
