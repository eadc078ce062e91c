//! What the lean path keeps of the rows: parsing stretches of the file in parallel.

use crate::engine::rank;
use crate::framework::Scoring;
use crate::input::csv_scan::for_each_record;
use crate::input::row::RowParser;
use rayon::prelude::*;
use std::io::{self, Read};

/// What is kept of the rows of one stretch of the file.
#[derive(Default)]
pub(super) struct Rows {
    /// Ids, back to back, with each row's start (and, once merged, one past the last).
    pub(super) ids: String,
    pub(super) id_start: Vec<u32>,
    /// Where each row's record starts in the file (kept only when columns need the record).
    pub(super) offsets: Vec<u32>,
    pub(super) scores: Vec<f64>,
    /// Tie-break values, `tie_breaks.len()` per row.
    pub(super) ties: Vec<f64>,
    /// `(row, ids it depends on)`.
    pub(super) dependencies: Vec<(u32, Vec<String>)>,
}

/// Where to cut `bytes[start..]` into `parts` stretches of whole records: after a line break
/// that is outside quotes (an even number of quote characters before it).
pub(super) fn cut_points(bytes: &[u8], start: usize, parts: usize) -> Vec<usize> {
    let mut cuts = vec![start];
    let len = bytes.len() - start;
    for k in 1..parts {
        let from = *cuts.last().expect("a first cut");
        let target = (start + len * k / parts).max(from);
        // The last cut is outside quotes, so the parity runs from there.
        let mut quoted = odd_quotes(&bytes[from..target]);
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

/// Whether `bytes` holds an odd number of `"`, eight bytes at a time: each word's quote bytes
/// are marked exactly (high bit of each byte equal to `"`) and the marks are xored together, so
/// the parity of all marks is the parity of the quotes.
fn odd_quotes(bytes: &[u8]) -> bool {
    const LOWS: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const QUOTES: u64 = 0x2222_2222_2222_2222;
    let mut words = bytes.chunks_exact(8);
    let mut marks = 0u64;
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().expect("eight bytes")) ^ QUOTES;
        marks ^= !(((x & LOWS) + LOWS) | x | LOWS);
    }
    let tail = words.remainder().iter().filter(|&&b| b == b'"').count() as u32;
    (marks.count_ones() + tail) % 2 == 1
}

/// Parses the records of `bytes[range]` into `part` (emptied first); false at the first
/// problem. `bytes` starts at offset `base` of the file.
#[allow(clippy::too_many_arguments)]
pub(super) fn parse_part(
    parser: &RowParser<'_>,
    scoring: &Scoring,
    delimiter: u8,
    bytes: &[u8],
    base: u64,
    range: std::ops::Range<usize>,
    keep_offsets: bool,
    part: &mut Rows,
) -> bool {
    let chunk = &bytes[range.clone()];
    part.clear();
    // No reservation: parts are reused from chunk to chunk, so they grow in the first only.
    let Ok(text) = std::str::from_utf8(chunk) else {
        return false;
    };
    let mut values = vec![0.0; scoring.factors.len()];
    let mut depends_on = Vec::new();
    // One search of the stretch instead of one per cell.
    let nul_free = !chunk.contains(&0);
    for_each_record(text, delimiter, |start, cells| {
        if cells.iter().all(|c| c.trim_ascii().is_empty()) {
            return true;
        }
        let Some(id) = parser.check_cells(cells, nul_free, &mut values, &mut depends_on) else {
            return false;
        };
        let row = part.scores.len() as u32;
        part.scores.push(rank::score(scoring, &values));
        part.ties
            .extend(scoring.tie_breaks.iter().map(|tb| values[tb.factor]));
        part.id_start.push(part.ids.len() as u32);
        part.ids.push_str(id);
        if keep_offsets {
            part.offsets
                .push((base + (range.start + start) as u64) as u32);
        }
        if !depends_on.is_empty() {
            part.dependencies
                .push((row, std::mem::take(&mut depends_on)));
        }
        true
    })
}

impl Rows {
    /// A row's id.
    pub(super) fn id(&self, row: usize) -> &str {
        &self.ids[self.id_start[row] as usize..self.id_start[row + 1] as usize]
    }

    /// A row's id as bytes: ids are ordered and compared as bytes.
    pub(super) fn id_bytes(&self, row: usize) -> &[u8] {
        self.id(row).as_bytes()
    }

    fn clear(&mut self) {
        self.ids.clear();
        self.id_start.clear();
        self.offsets.clear();
        self.scores.clear();
        self.ties.clear();
        self.dependencies.clear();
    }

    /// Appends the rows of `part` (whose ids are not yet closed by an end).
    fn append(&mut self, part: &mut Rows) -> Option<()> {
        let (row_base, id_base) = (self.scores.len() as u32, self.ids.len());
        if id_base + part.ids.len() >= u32::MAX as usize {
            return None;
        }
        let id_base = id_base as u32;
        self.id_start
            .extend(part.id_start.iter().map(|s| s + id_base));
        self.ids.push_str(&part.ids);
        self.offsets.extend_from_slice(&part.offsets);
        self.scores.extend_from_slice(&part.scores);
        self.ties.extend_from_slice(&part.ties);
        self.dependencies.extend(
            part.dependencies
                .drain(..)
                .map(|(row, deps)| (row + row_base, deps)),
        );
        Some(())
    }

    /// Reserves room for `scale` times the rows of `parts` (growing by doubling would copy
    /// and touch twice the memory).
    fn reserve_like(&mut self, parts: &[Rows], scale: f64) {
        let more = |len: fn(&Rows) -> usize| {
            (parts.iter().map(len).sum::<usize>() as f64 * scale) as usize
        };
        self.ids.reserve(more(|p| p.ids.len()));
        self.id_start.reserve(more(|p| p.id_start.len()) + 1);
        self.offsets.reserve(more(|p| p.offsets.len()));
        self.scores.reserve(more(|p| p.scores.len()));
        self.ties.reserve(more(|p| p.ties.len()));
    }

    /// Closes the ids with the end of the last one; `None` when there are no rows.
    fn finish(mut self) -> Option<Rows> {
        if self.scores.is_empty() {
            return None;
        }
        self.id_start.push(self.ids.len() as u32);
        Some(self)
    }
}

/// Parses `bytes[start..]` (whole records, the whole file) in parallel stretches; `None` at
/// the first problem. The reference [`parse_stream`] is tested against.
#[cfg(test)]
pub(super) fn parse_all(stretches: &Stretches<'_, '_>, bytes: &[u8], start: usize) -> Option<Rows> {
    let mut parts = Vec::new();
    let cuts = cut_points(bytes, start, stretch_count());
    let count = stretches.parse(bytes, 0, &cuts, &mut parts)?;
    // Reserved whole, and each part freed once appended: the rows are held about once, not
    // twice (reserved memory is not resident until written).
    let mut all = Rows::default();
    all.reserve_like(&parts[..count], 1.0);
    for part in &mut parts[..count] {
        all.append(part)?;
        *part = Rows::default();
    }
    all.finish()
}

/// What parsing a chunk in parallel stretches needs.
pub(super) struct Stretches<'p, 'a> {
    /// The row parser for the file's header.
    pub(super) parser: &'p RowParser<'a>,
    /// The scoring model.
    pub(super) scoring: &'p Scoring,
    /// The file's delimiter.
    pub(super) delimiter: u8,
    /// Whether to keep where each record starts.
    pub(super) keep_offsets: bool,
}

impl Stretches<'_, '_> {
    /// Parses `bytes[start..]`, which starts at offset `base` of the file, in parallel
    /// stretches into `parts` (reused between chunks); how many parts it filled, or `None` at
    /// the first problem.
    fn parse(
        &self,
        bytes: &[u8],
        base: u64,
        cuts: &[usize],
        parts: &mut Vec<Rows>,
    ) -> Option<usize> {
        let count = cuts.len().saturating_sub(1);
        parts.resize_with(parts.len().max(count), Rows::default);
        cuts.par_windows(2)
            .zip(parts[..count].par_iter_mut())
            .all(|(w, part)| {
                parse_part(
                    self.parser,
                    self.scoring,
                    self.delimiter,
                    bytes,
                    base,
                    w[0]..w[1],
                    self.keep_offsets,
                    part,
                )
            })
            .then_some(count)
    }
}

/// How many stretches a chunk is cut into: a few per thread, so that a thread busy with
/// other work does not hold up the rest.
fn stretch_count() -> usize {
    4 * rayon::current_num_threads().max(1)
}

/// Appends parsed parts to `all`, in order.
fn append_all(parts: &mut [Rows], all: &mut Rows) -> Option<()> {
    parts.iter_mut().try_for_each(|part| all.append(part))
}

/// How much of the file is read at a time when streaming.
pub(super) const CHUNK: usize = 4 << 20;

/// Reads the records after the header from `input` in chunks of whole records. While one
/// chunk is parsed in parallel stretches, the parts of the chunk before are appended to the
/// rows and the next chunk is read; only two chunks of the file are in memory at a time.
/// `buf[start..]` holds what was read after the header so far. `None` at the first problem
/// (a read error included: the general path reads the file again and reports it).
pub(super) fn parse_stream(
    stretches: &Stretches<'_, '_>,
    input: &mut (dyn Read + Send),
    mut buf: Vec<u8>,
    start: usize,
    size_hint: u64,
    chunk: usize,
) -> Option<Rows> {
    let mut all = Rows::default();
    let (mut parts, mut pending) = (Vec::new(), Vec::new());
    let mut pending_count = 0;
    let mut next: Vec<u8> = Vec::with_capacity(chunk);
    let mut start = start;
    // Where `buf` starts in the input.
    let mut base = 0u64;
    let mut eof = false;
    let mut want = chunk;
    let mut first = true;
    loop {
        if !eof && buf.len() - start < want {
            eof = fill(input, &mut buf, start + want).ok()?;
        }
        // The stretches, and where the chunk ends: one stretch more than needed is cut, and
        // unless the input is at its end the last is left for the next chunk (one count of
        // quotes finds both).
        let mut cuts = cut_points(&buf, start, stretch_count() + usize::from(!eof));
        if !eof {
            cuts.pop();
            // No record ends within what was read: read more before parsing.
            if cuts.len() < 2 {
                want *= 2;
                continue;
            }
        }
        let end = *cuts.last().expect("a first cut");
        next.clear();
        next.extend_from_slice(&buf[end..]);
        let (parsed, (appended, read)) = rayon::join(
            || stretches.parse(&buf[..end], base, &cuts, &mut parts),
            || {
                let appended = append_all(&mut pending[..pending_count], &mut all);
                let read = if eof {
                    Ok(true)
                } else {
                    fill(input, &mut next, chunk)
                };
                (appended, read)
            },
        );
        pending_count = parsed?;
        appended?;
        // Past the row limit: the general path says where, having read no further.
        if all.scores.len() as u64 > crate::limits::ROWS.get() {
            return None;
        }
        std::mem::swap(&mut parts, &mut pending);
        if first {
            // Room for the whole file at the first chunk's rows per byte, with a margin.
            first = false;
            let scale = size_hint as f64 / end.max(1) as f64 * 1.05;
            all.reserve_like(&pending[..pending_count], scale);
        }
        if eof {
            break;
        }
        eof = read.ok()?;
        std::mem::swap(&mut buf, &mut next);
        base += end as u64;
        start = 0;
        want = chunk;
    }
    append_all(&mut pending[..pending_count], &mut all)?;
    all.finish()
}

/// Reads into `buf` until it holds `target` bytes; true at the end of the input.
fn fill(input: &mut (dyn Read + Send), buf: &mut Vec<u8>, target: usize) -> io::Result<bool> {
    while buf.len() < target {
        let before = buf.len();
        let wanted = (target - before) as u64;
        input.take(wanted).read_to_end(buf)?;
        if buf.len() == before {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::builtin;
    use crate::input::initiatives_csv::Table;

    /// A row as (id, score, tie values, dependencies, where its record starts).
    type Summary = (String, f64, Vec<f64>, Vec<String>, u32);

    /// Every row's [`Summary`].
    fn summary(rows: &Rows) -> Vec<Summary> {
        let deps: std::collections::HashMap<u32, &Vec<String>> =
            rows.dependencies.iter().map(|(r, d)| (*r, d)).collect();
        (0..rows.scores.len())
            .map(|r| {
                (
                    rows.id(r).to_string(),
                    rows.scores[r],
                    rows.ties[r * 2..r * 2 + 2].to_vec(),
                    deps.get(&(r as u32)).map_or(Vec::new(), |d| d.to_vec()),
                    rows.offsets[r],
                )
            })
            .collect()
    }

    #[test]
    fn streaming_in_small_chunks_reads_what_one_pass_reads() {
        let framework = builtin::default_for_tests();
        let scoring = framework.scoring.as_ref().unwrap();
        let header = "id,name,reach,impact,confidence,effort,ai_complexity,risk,depends_on\n";
        let mut text = header.to_string();
        for r in 0..300 {
            // Quoted names with line breaks and quotes straddle the chunk boundaries; blank
            // lines and CRLF too.
            let name = if r % 7 == 0 {
                format!("\"Name {r},\n\"\"long\"\" {}\"", "x".repeat(r % 50))
            } else {
                format!("Name {r}")
            };
            let dep = if r % 11 == 5 {
                format!("P{:03}", r - 5)
            } else {
                String::new()
            };
            let end = ["\n", "\r\n", "\n\n"][r % 3];
            text.push_str(&format!(
                "P{r:03},{name},{},{}-{},{},{},{},build,{dep}{end}",
                r % 6,
                r % 3,
                3 + r % 3,
                r % 5,
                1 + r % 5,
                1 + r % 4
            ));
        }
        let table = Table::text("t.csv", Some(b','), false);
        let head = ::csv::ByteRecord::from(header.trim_end().split(',').collect::<Vec<_>>());
        let parser = RowParser::new(&table, &head, scoring, None).unwrap();
        let bytes = text.as_bytes();
        let start = header.len();
        let stretches = Stretches {
            parser: &parser,
            scoring,
            delimiter: b',',
            keep_offsets: true,
        };
        let whole = parse_all(&stretches, bytes, start).unwrap();
        assert_eq!(whole.scores.len(), 300);
        // Offsets are where each record starts in the file, whatever the chunk it was in.
        for r in [0, 1, 150, 299] {
            let line = &text[whole.offsets[r] as usize..];
            assert!(
                line.starts_with(&format!("P{r:03},")),
                "row {r}: {line:.20}"
            );
        }
        for chunk in [64, 100, 1000, 1 << 20] {
            let first = bytes[..start + 10].to_vec();
            let mut rest = &bytes[start + 10..];
            let streamed = parse_stream(
                &stretches,
                &mut rest,
                first,
                start,
                bytes.len() as u64,
                chunk,
            )
            .unwrap();
            assert_eq!(summary(&streamed), summary(&whole), "chunk {chunk}");
        }
    }

    #[test]
    fn stretches_end_at_line_breaks_outside_quotes() {
        assert_eq!(cut_points(b"h\na\n\"b\nc\"\nd\n", 2, 3), vec![2, 10, 12]);
    }

    #[test]
    fn quote_parity_counts_every_quote_exactly() {
        // Bytes next to a quote that differ from it in one bit, and quotes at every offset
        // within a word and in the tail.
        let mut stream = 12345u64;
        for len in 0..80 {
            let text: Vec<u8> = (0..len)
                .map(|_| {
                    stream = stream
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    [b'"', b'#', b'!', 0xA2, b'\n', b'a', 0x22 ^ 0x80][(stream >> 33) as usize % 7]
                })
                .collect();
            let quotes = text.iter().filter(|&&b| b == b'"').count();
            assert_eq!(odd_quotes(&text), quotes % 2 == 1, "{text:?}");
        }
    }
}
