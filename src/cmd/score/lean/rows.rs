//! What the lean path keeps of the rows: parsing stretches of the file in parallel.

use crate::framework::Scoring;
use crate::input::csv_scan::for_each_record;
use crate::input::initiatives_csv::RowParser;

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

impl Rows {
    /// A row's id.
    pub(super) fn id(&self, row: usize) -> &str {
        &self.ids[self.id_start[row] as usize..self.id_start[row + 1] as usize]
    }

    /// A row's id as bytes: ids are ordered and compared as bytes.
    pub(super) fn id_bytes(&self, row: usize) -> &[u8] {
        self.id(row).as_bytes()
    }
}

/// Where to cut `bytes[start..]` into `parts` stretches of whole records: after a line break
/// that is outside quotes (an even number of quote characters before it).
pub(super) fn cut_points(bytes: &[u8], start: usize, parts: usize) -> Vec<usize> {
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
pub(super) fn parse_part(
    parser: &RowParser<'_>,
    scoring: &Scoring,
    delimiter: u8,
    bytes: &[u8],
    range: std::ops::Range<usize>,
    keep_offsets: bool,
) -> Option<Rows> {
    let chunk = &bytes[range.clone()];
    // Line breaks bound the number of records, so the vectors never grow past it.
    let estimate = chunk.iter().filter(|&&b| b == b'\n').count() + 1;
    let t = scoring.tie_breaks.len();
    let mut part = Rows {
        ids: String::new(),
        id_start: Vec::with_capacity(estimate),
        offsets: Vec::with_capacity(if keep_offsets { estimate } else { 0 }),
        scores: Vec::with_capacity(estimate),
        ties: Vec::with_capacity(estimate * t),
        dependencies: Vec::new(),
    };
    let text = std::str::from_utf8(chunk).ok()?;
    let mut values = vec![0.0; scoring.factors.len()];
    let mut depends_on = Vec::new();
    let complete = for_each_record(text, delimiter, |start, cells| {
        if cells.iter().all(|c| c.trim_ascii().is_empty()) {
            return true;
        }
        let Some(id) = parser.check_cells(cells, &mut values, &mut depends_on) else {
            return false;
        };
        let row = part.scores.len() as u32;
        part.scores.push(scoring.formula.eval(&values));
        part.ties
            .extend(scoring.tie_breaks.iter().map(|tb| values[tb.factor]));
        part.id_start.push(part.ids.len() as u32);
        part.ids.push_str(id);
        if keep_offsets {
            part.offsets.push((range.start + start) as u32);
        }
        if !depends_on.is_empty() {
            part.dependencies
                .push((row, std::mem::take(&mut depends_on)));
        }
        true
    });
    if !complete {
        return None;
    }
    Some(part)
}

/// Joins the parts in file order (a single part is taken as it is, without a copy).
pub(super) fn merge(mut parts: Vec<Rows>) -> Option<Rows> {
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
    let mut all = Rows {
        ids: String::with_capacity(id_bytes),
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
        all.ids.push_str(&part.ids);
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
