//! `--top N` on a stream: every id kept for the checks, only the best rows whole.

use super::rows::Rows;
use super::{Fallback, ROW_PROBLEM, Request, TOO_MANY_ROWS, check, setup};
use crate::assemble::score::RowContext;

use crate::engine::{rank, ranking};
use crate::input::initiatives_csv::{detect_delimiter, is_blank, reader_builder};
use crate::input::initiatives_xlsx::looks_like_workbook;
use crate::input::row::RowParser;
use crate::model::TieBreakInfo;
use crate::render::score_csv::{Brief, ScoreCsv};
use std::cmp::Ordering;
use std::io::{self, Write};

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

/// Reads a CSV stream for `--top`; why not, when the general path must run instead.
pub fn top<'a, R: io::Read>(request: &'a Request<'a>, input: R) -> Result<Top<'a>, Fallback> {
    let limit = request.top.ok_or(Fallback("no --top"))?;
    if request.options.skip_invalid {
        return Err(Fallback("--skip-invalid"));
    }
    let unreadable = |_| Fallback("the file cannot be read");
    let scoring = request.scoring;
    let mut input = io::BufReader::with_capacity(1 << 16, input);
    let head = io::BufRead::fill_buf(&mut input).map_err(unreadable)?;
    if looks_like_workbook(head) {
        return Err(Fallback("the file is a workbook"));
    }
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
    if !reader
        .read_byte_record(&mut record)
        .map_err(|_| Fallback("the header does not read"))?
    {
        return Err(Fallback("the file is empty"));
    }
    let (parser, columns) = setup(request, &record, delimiter)?;
    let better = |a: &Candidate, b: &Candidate| -> Ordering {
        let (x, y) = (&a.ties, &b.ties);
        ranking::compare(
            rank::prefer(scoring),
            (a.score, |j| x[j]),
            (b.score, |j| y[j]),
        )
        .0
        .then_with(|| a.id.as_bytes().cmp(b.id.as_bytes()))
    };
    let mut rows = Rows::default();
    let mut best: Vec<Candidate> = Vec::new();
    let mut worst_kept: Option<Candidate> = None;
    let mut scratch = parser.blank();
    let mut problems = Vec::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return Err(ROW_PROBLEM),
        }
        if is_blank(&record) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line());
        parser.parse(&record, line, &mut scratch, &mut problems);
        if !problems.is_empty() {
            return Err(ROW_PROBLEM);
        }
        let row = rows.id_start.len() as u32;
        // Past the row limit: the general path says where.
        if u64::from(row) >= crate::limits::ROWS.get() {
            return Err(TOO_MANY_ROWS);
        }
        rows.id_start.push(rows.ids.len() as u32);
        rows.ids.push_str(&scratch.id);
        if !scratch.depends_on().is_empty() {
            rows.dependencies
                .push((row, std::mem::take(&mut scratch.details_mut().depends_on)));
        }
        let candidate = Candidate {
            score: rank::score(scoring, &scratch.values),
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
        return Err(ROW_PROBLEM);
    }
    rows.id_start.push(rows.ids.len() as u32);
    check(&rows)?;
    best.sort_unstable_by(&better);
    best.truncate(limit);
    Ok(Top {
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
        let ids = crate::assemble::score::factor_ids(scoring);
        let context = RowContext {
            factor_ids: &ids,
            framework: request.framework,
            scoring,
            extra_columns: &self.parser.extra_columns,
            levels: request.levels,
        };
        let mut scratch = self.parser.blank();
        let mut problems = Vec::new();
        for (pos, row) in self.best.iter().enumerate() {
            let above = pos.checked_sub(1).map(|p| &self.best[p]);
            let tie = above.and_then(|a| {
                super::tie_between(scoring, (a.score, &a.ties), (row.score, &row.ties))
            });
            let brief = Brief {
                rank: pos + 1,
                id: &row.id,
                score: row.score,
                index: rank::index(scoring, row.score),
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
