//! The lean path of `score` for CSV output: a million rows in a fraction of a second and in
//! memory below twice the file. Rows are parsed with the same [`RowParser`] as always, but only
//! what ranking needs is kept — score, tie-break values, id — next to the file's bytes; rows
//! are parsed again only to write columns beyond rank, id, score, index, tier and tie_break.
//!
//! It handles the clean case only. At the first problem of any kind it gives up and the general
//! path runs instead, which reports every problem with its place; so both paths accept the
//! same files and write the same bytes.

use crate::engine::arice::{self, TieDecision};
use crate::engine::ranking::{Fixed, Ranker};
use crate::engine::readiness::Levels;
use crate::framework::{Framework, Prefer, Scoring};
use crate::input::initiatives_csv::{
    CsvOptions, RowParser, Table, cycles, detect_delimiter, is_blank, reader_builder,
};
use crate::model::{ModelInfo, RowContext, TieBreakInfo, tie_reason};
use crate::render::score_csv::{Brief, ScoreCsv};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::io::{self, Write};

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
    rows: Part,
    /// Rows in output order (the first `top` only, when limited).
    order: Vec<u32>,
    /// Remarks for stderr.
    pub warnings: Vec<String>,
}

/// What is kept of the rows of one stretch of the file.
#[derive(Default)]
struct Part {
    /// Ids, back to back, with each row's start (and, once merged, one past the last).
    ids: Vec<u8>,
    id_start: Vec<u32>,
    /// Where each row's record starts in the file (kept only when columns need the record).
    offsets: Vec<u32>,
    scores: Vec<f64>,
    /// Tie-break values, `tie_breaks.len()` per row.
    ties: Vec<f64>,
    /// `(row, ids it depends on)`.
    dependencies: Vec<(u32, Vec<String>)>,
}

impl Ranked<'_> {
    fn id(&self, row: usize) -> &str {
        id_of(&self.rows, row)
    }
}

fn id_of(rows: &Part, row: usize) -> &str {
    std::str::from_utf8(id_bytes(rows, row)).expect("ids are checked UTF-8 when read")
}

/// An id's bytes: ids are ordered and compared as bytes.
fn id_bytes(rows: &Part, row: usize) -> &[u8] {
    &rows.ids[rows.id_start[row] as usize..rows.id_start[row + 1] as usize]
}

/// Where to cut `bytes[start..]` into `parts` stretches of whole records: after a line break
/// that is outside quotes (an even number of quote characters before it).
fn cut_points(bytes: &[u8], start: usize, parts: usize) -> Vec<usize> {
    let mut cuts = vec![start];
    let len = bytes.len() - start;
    for k in 1..parts {
        let target = (start + len * k / parts).max(*cuts.last().expect("a first cut"));
        let mut quoted = bytes[start..target].iter().filter(|&&b| b == b'"').count() % 2 == 1;
        let mut cut = bytes.len();
        for (i, &b) in bytes[target..].iter().enumerate() {
            match b {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => {
                    cut = target + i + 1;
                    break;
                }
                _ => {}
            }
        }
        cuts.push(cut);
    }
    cuts.push(bytes.len());
    cuts.dedup();
    cuts
}

/// Parses the records of `bytes[range]`; `None` at the first problem.
fn parse_part(
    parser: &RowParser<'_>,
    scoring: &Scoring,
    delimiter: u8,
    bytes: &[u8],
    range: std::ops::Range<usize>,
    keep_offsets: bool,
) -> Option<Part> {
    let chunk = &bytes[range.clone()];
    // Line breaks bound the number of records, so the vectors never grow past it.
    let estimate = chunk.iter().filter(|&&b| b == b'\n').count() + 1;
    let t = scoring.tie_breaks.len();
    let mut part = Part {
        ids: Vec::new(),
        id_start: Vec::with_capacity(estimate),
        offsets: Vec::with_capacity(if keep_offsets { estimate } else { 0 }),
        scores: Vec::with_capacity(estimate),
        ties: Vec::with_capacity(estimate * t),
        dependencies: Vec::new(),
    };
    let mut reader = reader_builder(delimiter).from_reader(chunk);
    let mut record = ::csv::ByteRecord::new();
    let mut scratch = parser.blank();
    let mut problems = Vec::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return None,
        }
        if is_blank(&record) {
            continue;
        }
        let position = record.position().expect("records have positions");
        parser.parse(&record, position.line(), &mut scratch, &mut problems);
        if !problems.is_empty() {
            return None;
        }
        let row = part.scores.len() as u32;
        part.scores.push(scoring.formula.eval(&scratch.values));
        part.ties.extend(
            scoring
                .tie_breaks
                .iter()
                .map(|tb| scratch.values[tb.factor]),
        );
        part.id_start.push(part.ids.len() as u32);
        part.ids.extend_from_slice(scratch.id.as_bytes());
        if keep_offsets {
            part.offsets
                .push((range.start + position.byte() as usize) as u32);
        }
        if !scratch.depends_on.is_empty() {
            part.dependencies
                .push((row, std::mem::take(&mut scratch.depends_on)));
        }
    }
    Some(part)
}

/// Joins the parts in file order (a single part is taken as it is, without a copy).
fn merge(mut parts: Vec<Part>) -> Option<Part> {
    if parts.len() == 1 {
        let mut all = parts.pop().expect("one part");
        if all.ids.len() >= u32::MAX as usize {
            return None;
        }
        all.id_start.push(all.ids.len() as u32);
        all.ids.shrink_to_fit();
        return Some(all);
    }
    let rows: usize = parts.iter().map(|p| p.scores.len()).sum();
    let id_bytes: usize = parts.iter().map(|p| p.ids.len()).sum();
    if id_bytes >= u32::MAX as usize {
        return None;
    }
    let mut all = Part {
        ids: Vec::with_capacity(id_bytes),
        id_start: Vec::with_capacity(rows + 1),
        offsets: Vec::with_capacity(parts.iter().map(|p| p.offsets.len()).sum()),
        scores: Vec::with_capacity(rows),
        ties: Vec::with_capacity(parts.iter().map(|p| p.ties.len()).sum()),
        dependencies: Vec::new(),
    };
    for part in parts {
        let (row_base, id_base) = (all.scores.len() as u32, all.ids.len() as u32);
        all.id_start
            .extend(part.id_start.iter().map(|s| s + id_base));
        all.ids.extend_from_slice(&part.ids);
        all.offsets.extend_from_slice(&part.offsets);
        all.scores.extend_from_slice(&part.scores);
        all.ties.extend_from_slice(&part.ties);
        all.dependencies.extend(
            part.dependencies
                .into_iter()
                .map(|(row, deps)| (row + row_base, deps)),
        );
    }
    all.id_start.push(all.ids.len() as u32);
    Some(all)
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
    let parts: Vec<Option<Part>> = stretches
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
    let rows = merge(parts.into_iter().collect::<Option<Vec<Part>>>()?)?;
    let n = rows.scores.len();
    if n == 0 {
        return None;
    }

    // Ids unique, dependencies known and without cycles; rows in id order.
    let by_id = check(&rows)?;
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
fn check(rows: &Part) -> Option<Vec<u32>> {
    let n = rows.id_start.len() - 1;
    // Files listed in id order (common) need no sort: strictly increasing ids are also unique.
    let mut by_id: Vec<u32> = (0..n as u32).collect();
    if !(1..n)
        .into_par_iter()
        .all(|r| id_bytes(rows, r - 1) < id_bytes(rows, r))
    {
        by_id.par_sort_unstable_by(|&a, &b| {
            id_bytes(rows, a as usize).cmp(id_bytes(rows, b as usize))
        });
        if by_id
            .windows(2)
            .any(|w| id_bytes(rows, w[0] as usize) == id_bytes(rows, w[1] as usize))
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
                        .binary_search_by(|&r| id_bytes(rows, r as usize).cmp(dep.as_bytes()))
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

impl Ranked<'_> {
    /// How a tie with the row above was decided, from the stored tie-break values.
    fn tie(&self, above: usize, row: usize) -> Option<String> {
        if self.rows.scores[above].total_cmp(&self.rows.scores[row]) != Ordering::Equal {
            return None;
        }
        let scoring = self.request.scoring;
        let t = scoring.tie_breaks.len();
        let decision = scoring
            .tie_breaks
            .iter()
            .enumerate()
            .find_map(|(j, tb)| {
                let (a, b) = (self.rows.ties[above * t + j], self.rows.ties[row * t + j]);
                (a.total_cmp(&b) != Ordering::Equal).then_some(TieDecision::Factor {
                    factor: tb.factor,
                    above: a,
                    below: b,
                })
            })
            .unwrap_or(TieDecision::Id);
        Some(tie_reason(scoring, &decision).1)
    }

    /// Writes the CSV.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut header = ::csv::WriterBuilder::new().from_writer(Vec::new());
        header.write_record(self.columns.header())?;
        out.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
        // Blocks of rows are formatted in parallel, a few at a time, and written in order.
        const BLOCK: usize = 16_384;
        let group = BLOCK * 2 * rayon::current_num_threads().max(1);
        for (g, rows) in self.order.chunks(group).enumerate() {
            let blocks: Vec<io::Result<Vec<u8>>> = rows
                .par_chunks(BLOCK)
                .enumerate()
                .map(|(b, block)| self.format(g * group + b * BLOCK, block))
                .collect();
            for block in blocks {
                out.write_all(&block?)?;
            }
        }
        Ok(())
    }

    /// The CSV lines of `rows`, the first of which is at position `first` of the order.
    fn format(&self, first: usize, rows: &[u32]) -> io::Result<Vec<u8>> {
        let request = self.request;
        let scoring = request.scoring;
        let mut w = ::csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_writer(Vec::with_capacity(rows.len() * 32));
        let context = RowContext {
            framework: request.framework,
            scoring,
            extra_columns: &self.parser.extra_columns,
            levels: request.levels,
        };
        let details = self.columns.needs_details();
        let ties_needed = details || self.columns.needs_tie_break();
        // One reader per block, moved to each record: building a reader costs more than
        // reading a record.
        let mut reader = reader_builder(self.delimiter)
            .buffer_capacity(256)
            .from_reader(io::Cursor::new(&self.bytes[..]));
        let mut scratch = self.parser.blank();
        let mut problems = Vec::new();
        let mut record = ::csv::ByteRecord::new();
        for (k, &row) in rows.iter().enumerate() {
            let pos = first + k;
            let row = row as usize;
            let score = self.rows.scores[row];
            let above = pos.checked_sub(1).map(|p| self.order[p] as usize);
            let tie = if ties_needed {
                above.and_then(|a| self.tie(a, row))
            } else {
                None
            };
            let brief = Brief {
                rank: pos + 1,
                id: self.id(row),
                score,
                index: arice::index(scoring, score),
                tier: &scoring.tier(score).name,
                tie_reason: tie.as_deref(),
            };
            if !details {
                self.columns.write_row(&mut w, &brief, None)?;
                continue;
            }
            let start = u64::from(self.rows.offsets[row]);
            reader
                .seek_raw(io::SeekFrom::Start(start), ::csv::Position::new())
                .map_err(io::Error::other)?;
            reader
                .read_byte_record(&mut record)
                .map_err(io::Error::other)?;
            self.parser.parse(&record, 0, &mut scratch, &mut problems);
            let tie_break = tie.as_ref().zip(above).map(|(reason, a)| TieBreakInfo {
                above: self.id(a).to_string(),
                decided_by: String::new(),
                reason: reason.clone(),
            });
            let full = context.scored(&scratch, pos + 1, score, tie_break);
            self.columns.write_row(&mut w, &brief, Some(&full))?;
        }
        w.into_inner().map_err(|e| e.into_error())
    }
}

/// One of the best rows seen so far, kept whole for writing.
struct Candidate {
    score: f64,
    ties: Vec<f64>,
    id: Box<str>,
    record: ::csv::ByteRecord,
}

/// `--top N` read as a stream: every id is kept for the checks, only the best rows whole.
pub struct Top<'a> {
    request: &'a Request<'a>,
    parser: RowParser<'a>,
    columns: ScoreCsv,
    best: Vec<Candidate>,
    /// Remarks for stderr.
    pub warnings: Vec<String>,
}

/// Reads a CSV stream for `--top`; `None` when the general path must run instead.
pub fn top<'a, R: io::Read>(request: &'a Request<'a>, input: R) -> Option<Top<'a>> {
    let limit = request.top?;
    if request.options.skip_invalid {
        return None;
    }
    let scoring = request.scoring;
    let mut input = io::BufReader::with_capacity(1 << 16, input);
    let head = io::BufRead::fill_buf(&mut input).ok()?;
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let delimiter = request
        .options
        .delimiter
        .unwrap_or_else(|| detect_delimiter(&head[if bom { 3 } else { 0 }..]));
    if bom {
        io::BufRead::consume(&mut input, 3);
    }
    let mut reader = reader_builder(delimiter).from_reader(input);
    let mut record = ::csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record).ok()? {
        return None;
    }
    let (parser, columns) = setup(request, &record, delimiter)?;
    let prefer: Vec<Prefer> = scoring.tie_breaks.iter().map(|tb| tb.prefer).collect();
    let better = |a: &Candidate, b: &Candidate| -> Ordering {
        b.score
            .total_cmp(&a.score)
            .then_with(|| {
                prefer
                    .iter()
                    .zip(a.ties.iter().zip(&b.ties))
                    .map(|(p, (x, y))| match p {
                        Prefer::Lower => x.total_cmp(y),
                        Prefer::Higher => y.total_cmp(x),
                    })
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            })
            .then_with(|| a.id.as_bytes().cmp(b.id.as_bytes()))
    };
    let mut rows = Part::default();
    let mut best: Vec<Candidate> = Vec::new();
    let mut worst_kept: Option<Candidate> = None;
    let mut scratch = parser.blank();
    let mut problems = Vec::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return None,
        }
        if is_blank(&record) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line());
        parser.parse(&record, line, &mut scratch, &mut problems);
        if !problems.is_empty() {
            return None;
        }
        let row = rows.id_start.len() as u32;
        rows.id_start.push(rows.ids.len() as u32);
        rows.ids.extend_from_slice(scratch.id.as_bytes());
        if !scratch.depends_on.is_empty() {
            rows.dependencies
                .push((row, std::mem::take(&mut scratch.depends_on)));
        }
        let candidate = Candidate {
            score: scoring.formula.eval(&scratch.values),
            ties: scoring
                .tie_breaks
                .iter()
                .map(|tb| scratch.values[tb.factor])
                .collect(),
            id: scratch.id.as_str().into(),
            record: ::csv::ByteRecord::new(),
        };
        if worst_kept
            .as_ref()
            .is_some_and(|w| better(&candidate, w) != Ordering::Less)
        {
            continue;
        }
        best.push(Candidate {
            record: record.clone(),
            ..candidate
        });
        if best.len() >= 2 * limit.max(1) {
            best.sort_unstable_by(&better);
            best.truncate(limit);
            worst_kept = best.last().map(|w| Candidate {
                score: w.score,
                ties: w.ties.clone(),
                id: w.id.clone(),
                record: ::csv::ByteRecord::new(),
            });
        }
    }
    if rows.id_start.is_empty() || rows.ids.len() >= u32::MAX as usize {
        return None;
    }
    rows.id_start.push(rows.ids.len() as u32);
    check(&rows)?;
    best.sort_unstable_by(&better);
    best.truncate(limit);
    Some(Top {
        request,
        warnings: parser.warnings(),
        parser,
        columns,
        best,
    })
}

impl Top<'_> {
    /// Writes the CSV.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let request = self.request;
        let scoring = request.scoring;
        let mut w = ::csv::WriterBuilder::new().from_writer(out);
        w.write_record(self.columns.header())?;
        let context = RowContext {
            framework: request.framework,
            scoring,
            extra_columns: &self.parser.extra_columns,
            levels: request.levels,
        };
        let mut scratch = self.parser.blank();
        let mut problems = Vec::new();
        for (pos, row) in self.best.iter().enumerate() {
            let above = pos.checked_sub(1).map(|p| &self.best[p]);
            let tie = above
                .filter(|a| a.score.total_cmp(&row.score) == Ordering::Equal)
                .map(|a| {
                    let decision = scoring
                        .tie_breaks
                        .iter()
                        .zip(a.ties.iter().zip(&row.ties))
                        .find_map(|(tb, (x, y))| {
                            (x.total_cmp(y) != Ordering::Equal).then_some(TieDecision::Factor {
                                factor: tb.factor,
                                above: *x,
                                below: *y,
                            })
                        })
                        .unwrap_or(TieDecision::Id);
                    tie_reason(scoring, &decision).1
                });
            let brief = Brief {
                rank: pos + 1,
                id: &row.id,
                score: row.score,
                index: arice::index(scoring, row.score),
                tier: &scoring.tier(row.score).name,
                tie_reason: tie.as_deref(),
            };
            if !self.columns.needs_details() {
                self.columns.write_row(&mut w, &brief, None)?;
                continue;
            }
            self.parser
                .parse(&row.record, 0, &mut scratch, &mut problems);
            let tie_break = tie.as_ref().zip(above).map(|(reason, a)| TieBreakInfo {
                above: a.id.to_string(),
                decided_by: String::new(),
                reason: reason.clone(),
            });
            let full = context.scored(&scratch, pos + 1, row.score, tie_break);
            self.columns.write_row(&mut w, &brief, Some(&full))?;
        }
        w.flush()
    }
}
