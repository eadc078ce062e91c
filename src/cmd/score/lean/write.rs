//! Writing the ranked rows as CSV, formatted in parallel blocks.

use super::Ranked;
use crate::assemble::score::RowContext;
use crate::engine::rank;
use crate::input::initiatives_csv::reader_builder;
use crate::model::TieBreakInfo;
use crate::render::score_csv::Brief;
use rayon::prelude::*;
use std::io::{self, Write};
use std::sync::mpsc;

impl Ranked<'_> {
    fn id(&self, row: usize) -> &str {
        self.rows.id(row)
    }
}

impl Ranked<'_> {
    /// How a tie with the row above was decided, from the stored tie-break values.
    fn tie(&self, above: usize, row: usize) -> Option<String> {
        let t = self.request.scoring.tie_breaks.len();
        let ties = |r: usize| (self.rows.scores[r], &self.rows.ties[r * t..(r + 1) * t]);
        super::tie_between(self.request.scoring, ties(above), ties(row))
    }

    /// Writes the CSV.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut header = ::csv::WriterBuilder::new().from_writer(Vec::new());
        header.write_record(self.columns.header())?;
        out.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
        // Blocks of rows are formatted in parallel, a group at a time, on the thread pool,
        // while this thread writes the group before: writing overlaps formatting, and at most
        // a few groups wait in memory.
        const BLOCK: usize = 16_384;
        let group = BLOCK * 2 * rayon::current_num_threads().max(1);
        rayon::in_place_scope(|scope| {
            let (formatted, groups) = mpsc::sync_channel::<io::Result<Vec<Vec<u8>>>>(2);
            scope.spawn(move |_| {
                for (g, rows) in self.order.chunks(group).enumerate() {
                    let blocks = rows
                        .par_chunks(BLOCK)
                        .enumerate()
                        .map(|(b, block)| self.format(g * group + b * BLOCK, block))
                        .collect();
                    // The writer has stopped (an error): nothing more to do.
                    if formatted.send(blocks).is_err() {
                        return;
                    }
                }
            });
            for blocks in groups {
                for block in blocks? {
                    out.write_all(&block)?;
                }
            }
            Ok(())
        })
    }

    /// The CSV lines of `rows`, the first of which is at position `first` of the order.
    fn format(&self, first: usize, rows: &[u32]) -> io::Result<Vec<u8>> {
        if self.columns.needs_details() {
            self.format_details(first, rows)
        } else {
            Ok(self.format_brief(first, rows))
        }
    }

    /// [`Ranked::format`] when every column comes from the [`Brief`]. The rows' scores and ids
    /// are first gathered in rank order in tight loops: rank order is random in memory, and
    /// loops that do nothing else keep many of those reads in flight at once.
    fn format_brief(&self, first: usize, rows: &[u32]) -> Vec<u8> {
        let scoring = self.request.scoring;
        let ties_needed = self.columns.needs_tie_break();
        let scores: Vec<f64> = rows.iter().map(|&r| self.rows.scores[r as usize]).collect();
        let spans: Vec<(u32, u32)> = rows
            .iter()
            .map(|&r| {
                let r = r as usize;
                (self.rows.id_start[r], self.rows.id_start[r + 1])
            })
            .collect();
        let mut ids = String::with_capacity(spans.iter().map(|(a, b)| (b - a) as usize).sum());
        for &(a, b) in &spans {
            ids.push_str(&self.rows.ids[a as usize..b as usize]);
        }
        let mut out = Vec::with_capacity(rows.len() * 40);
        let mut buf = String::with_capacity(32);
        let mut id_end = 0;
        for (k, (&score, &(a, b))) in scores.iter().zip(&spans).enumerate() {
            let pos = first + k;
            let id_start = id_end;
            id_end += (b - a) as usize;
            let tie = match pos.checked_sub(1) {
                Some(p) if ties_needed => self.tie(self.order[p] as usize, rows[k] as usize),
                _ => None,
            };
            let brief = Brief {
                rank: pos + 1,
                id: &ids[id_start..id_end],
                score,
                index: rank::index(scoring, score),
                tier: &scoring.tier(score).name,
                tie_reason: tie.as_deref(),
            };
            self.columns.push_brief_row(&mut out, &brief, &mut buf);
        }
        out
    }

    /// Reads row `row`'s record (up to where the next row's starts) into `buf`.
    fn read_record(&self, row: usize, buf: &mut Vec<u8>) -> io::Result<()> {
        let offsets = &self.rows.offsets;
        let start = u64::from(offsets[row]);
        let end = offsets.get(row + 1).map_or(self.size, |&o| u64::from(o));
        buf.resize((end - start) as usize, 0);
        read_exact_at(&self.file, buf, start).map_err(|e| match e.kind() {
            io::ErrorKind::UnexpectedEof => self.changed(),
            _ => e,
        })
    }

    /// The error when a record read again is not what was ranked.
    fn changed(&self) -> io::Error {
        io::Error::other(format!(
            "{} changed while it was being read; run again",
            self.request.source
        ))
    }

    /// [`Ranked::format`] when a column needs the record parsed again.
    fn format_details(&self, first: usize, rows: &[u32]) -> io::Result<Vec<u8>> {
        let request = self.request;
        let scoring = request.scoring;
        let mut w = ::csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_writer(Vec::with_capacity(rows.len() * 32));
        let ids = crate::assemble::score::factor_ids(scoring);
        let context = RowContext {
            factor_ids: &ids,
            framework: request.framework,
            scoring,
            extra_columns: &self.parser.extra_columns,
            levels: request.levels,
        };
        let ties_needed = true;
        // One reader per block, given each record in turn: building a reader costs more than
        // reading a record.
        let mut reader = reader_builder(self.delimiter)
            .buffer_capacity(256)
            .from_reader(io::Cursor::new(Vec::new()));
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
                index: rank::index(scoring, score),
                tier: &scoring.tier(score).name,
                tie_reason: tie.as_deref(),
            };
            self.read_record(row, reader.get_mut().get_mut())?;
            reader
                .seek_raw(io::SeekFrom::Start(0), ::csv::Position::new())
                .map_err(io::Error::other)?;
            reader
                .read_byte_record(&mut record)
                .map_err(io::Error::other)?;
            self.parser.parse(&record, 0, &mut scratch, &mut problems);
            if scratch.id != self.id(row) {
                return Err(self.changed());
            }
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

/// Fills `buf` from `file` at `offset`, leaving the file's cursor alone where the platform can.
#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Fills `buf` from `file` at `offset`.
#[cfg(windows)]
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}
