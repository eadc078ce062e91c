//! The lean path of `score` for CSV output: a million rows in a fraction of a second and in
//! memory below twice the file. Rows are parsed with the same [`RowParser`] as always, but only
//! what ranking needs is kept — score, tie-break values, id — next to the file's bytes; rows
//! are parsed again only to write columns beyond rank, id, score, index, tier and tie_break.
//!
//! It handles the clean case only. At the first problem of any kind it gives up and the general
//! path runs instead, which reports every problem with its place; so both paths accept the
//! same files and write the same bytes.

mod rows;
mod top;
mod write;

pub use top::top;

use crate::engine::ranking::{Fixed, Ranker};
use crate::engine::readiness::Levels;
use crate::framework::{Framework, Prefer, Scoring};
use crate::input::initiatives_csv::{
    CsvOptions, RowParser, Table, cycles, detect_delimiter, reader_builder,
};
use crate::model::ModelInfo;
use crate::render::score_csv::ScoreCsv;
use crate::ui::stopwatch::Stopwatch;
use rayon::prelude::*;
use rows::{Rows, cut_points, merge, parse_part};
use std::collections::HashMap;

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
    /// The file, kept only when columns need the records again.
    bytes: Vec<u8>,
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
) -> Option<(RowParser<'a>, ScoreCsv)> {
    let table = Table {
        source: request.source,
        delimiter: Some(delimiter),
        decimal_comma: delimiter == b';',
    };
    let parser = RowParser::new(
        &table,
        header,
        request.scoring,
        request.framework.maturity.as_ref(),
    )
    .ok()?;
    let mut columns = ScoreCsv::all(
        &ModelInfo::of(request.scoring),
        &parser.extra_columns,
        false,
    );
    if let Some(names) = request.columns {
        columns = columns.select(names).ok()?;
    }
    Some((parser, columns))
}

/// Reads, checks and ranks; `None` when the general path must run instead. Without columns
/// that need the records again, the file is read in parallel stretches and let go before the
/// ranking; otherwise it is read in one stretch and kept.
pub fn rank<'a>(request: &'a Request<'a>, mut bytes: Vec<u8>) -> Option<Ranked<'a>> {
    if request.options.skip_invalid || bytes.len() >= u32::MAX as usize {
        return None;
    }
    let scoring = request.scoring;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let delimiter = request
        .options
        .delimiter
        .unwrap_or_else(|| detect_delimiter(&bytes));
    let mut reader = reader_builder(delimiter).from_reader(&bytes[..]);
    let mut header = ::csv::ByteRecord::new();
    if !reader.read_byte_record(&mut header).ok()? {
        return None;
    }
    let body_start = reader.position().byte() as usize;
    drop(reader);
    let (parser, columns) = setup(request, &header, delimiter)?;
    let keep_offsets = columns.needs_details();
    let stretches = if keep_offsets {
        vec![body_start, bytes.len()]
    } else {
        cut_points(&bytes, body_start, rayon::current_num_threads().max(1))
    };
    let mut watch = Stopwatch::start();
    let parts: Vec<Option<Rows>> = stretches
        .par_windows(2)
        .map(|w| {
            parse_part(
                &parser,
                scoring,
                delimiter,
                &bytes,
                w[0]..w[1],
                keep_offsets,
            )
        })
        .collect();
    if !keep_offsets {
        bytes = Vec::new();
    }
    watch.lap("parse");
    let rows = merge(parts.into_iter().collect::<Option<Vec<Rows>>>()?)?;
    watch.lap("merge");
    let n = rows.scores.len();
    if n == 0 {
        return None;
    }

    // Ids unique, dependencies known and without cycles; rows in id order.
    let by_id = check(&rows)?;
    watch.lap("check");
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
    let mut order = by_id.clone();
    Ranker::new(n).rank(&fixed, &rows.scores, &rows.ties, &mut order);
    watch.lap("rank");
    if let Some(top) = request.top {
        order.truncate(top);
    }
    Some(Ranked {
        request,
        bytes,
        warnings: parser.warnings(),
        parser,
        delimiter,
        columns,
        rows,
        order,
    })
}

/// The checks across rows: ids unique (rows in id order, neighbours differ), every dependency
/// known and not the row itself, no cycles. Returns the rows in id order; `None` on a problem.
fn check(rows: &Rows) -> Option<Vec<u32>> {
    let n = rows.id_start.len() - 1;
    // Files listed in id order (common) need no sort: strictly increasing ids are also unique.
    let mut by_id: Vec<u32> = (0..n as u32).collect();
    if !(1..n)
        .into_par_iter()
        .all(|r| rows.id_bytes(r - 1) < rows.id_bytes(r))
    {
        by_id.par_sort_unstable_by(|&a, &b| {
            rows.id_bytes(a as usize).cmp(rows.id_bytes(b as usize))
        });
        if by_id
            .windows(2)
            .any(|w| rows.id_bytes(w[0] as usize) == rows.id_bytes(w[1] as usize))
        {
            return None;
        }
    }
    let targets: Vec<Option<(u32, Vec<u32>)>> = rows
        .dependencies
        .par_iter()
        .map(|(row, deps)| {
            let found = deps
                .iter()
                .map(|dep| {
                    let pos = by_id
                        .binary_search_by(|&r| rows.id_bytes(r as usize).cmp(dep.as_bytes()))
                        .ok()?;
                    (by_id[pos] != *row).then_some(by_id[pos])
                })
                .collect::<Option<Vec<u32>>>()?;
            Some((*row, found))
        })
        .collect();
    let targets: Vec<(u32, Vec<u32>)> = targets.into_iter().collect::<Option<_>>()?;
    // The graph of the rows that take part in a dependency, numbered densely.
    let mut dense: HashMap<u32, usize> = HashMap::new();
    for (row, deps) in &targets {
        for &r in std::iter::once(row).chain(deps) {
            let next = dense.len();
            dense.entry(r).or_insert(next);
        }
    }
    let mut edges = vec![Vec::new(); dense.len()];
    for (row, deps) in &targets {
        edges[dense[row]].extend(deps.iter().map(|d| dense[d]));
    }
    cycles(&edges).is_empty().then_some(by_id)
}
