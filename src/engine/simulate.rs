//! Rank uncertainty by Monte Carlo: every range is drawn uniformly (on a list scale, among the
//! allowed values inside it) in each sample, each sample is ranked with the full ranking rule,
//! and each initiative gets its 10th, 50th and 90th percentile rank and its chance of landing in
//! the top K. Sample `s` draws from its own stream derived from (seed, s), so the numbers do not
//! depend on the number of threads.

use super::rank;
use super::ranking::{Fixed, Ranker, descending_key, exact_order, tie_key};
use super::round::round_score;
use crate::domain::Initiative;
use crate::domain::Prefer;
use crate::formula::{BinOp, Expr, Func, Interval, Node, check_domain};
use crate::framework::{Scale, Scoring};
use rayon::prelude::*;

/// What to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Number of samples.
    pub samples: usize,
    /// Seed of the random streams.
    pub seed: u64,
    /// The top-K for `p_top`.
    pub top_k: usize,
}

/// One initiative's rank under uncertainty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankStats {
    /// 10th percentile rank (linear interpolation).
    pub rank_p10: f64,
    /// Median rank.
    pub rank_p50: f64,
    /// 90th percentile rank.
    pub rank_p90: f64,
    /// Share of samples with rank ≤ K.
    pub p_top: f64,
    /// `rank_p90 − rank_p10 ≥ max(3, rows / 10)`.
    pub fragile: bool,
}

/// SplitMix64: small, fast, and good enough for uniform draws; one stream per sample.
#[derive(Debug, Clone)]
pub struct Stream(u64);

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Stream {
    /// The stream of sample `index` under `seed`.
    pub fn for_sample(seed: u64, index: u64) -> Stream {
        Stream(mix(seed ^ mix(index.wrapping_add(0x9E37_79B9_7F4A_7C15))))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GAMMA);
        mix(self.0)
    }

    /// The 64 random bits that the `k`-th call of [`Stream::next_u64`] (from 0) returns on a
    /// new stream, without the calls before it.
    fn at(&self, k: u64) -> u64 {
        mix(self.0.wrapping_add(k.wrapping_add(1).wrapping_mul(GAMMA)))
    }

    /// A uniform draw from [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        unit(self.next_u64())
    }
}

/// SplitMix64's increment.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// 64 random bits as a uniform draw from [0, 1).
fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// How one range cell is drawn.
#[derive(Debug, Clone)]
enum Draw {
    /// Uniform on `[low, low + width)`.
    Uniform { low: f64, width: f64 },
    /// One of these values, each equally likely.
    Choice(Vec<f64>),
}

impl Draw {
    #[cfg(test)]
    fn sample(&self, stream: &mut Stream) -> f64 {
        self.value(stream.next_u64())
    }

    /// The value drawn with these random bits.
    fn value(&self, bits: u64) -> f64 {
        match self {
            Draw::Uniform { low, width } => low + width * unit(bits),
            Draw::Choice(values) => values[(unit(bits) * values.len() as f64) as usize],
        }
    }
}

/// [`UniformCell::tie`] of a cell on a factor that is not a tie-break.
const NOT_A_TIE_BREAK: usize = usize::MAX;

/// A range cell of a row whose score is drawn, on a continuous scale.
#[derive(Debug, Clone, Copy)]
struct UniformCell {
    position: u64,
    /// Its index in the tie-break values (for a tie-break factor), and its column and place in
    /// the batch evaluation.
    tie: usize,
    column: usize,
    place: usize,
    low: f64,
    width: f64,
}

/// One range cell drawn in every sample: its place in the sample's stream, where it goes, and
/// how it is drawn.
#[derive(Debug, Clone)]
struct Cell {
    /// Which call of the sample's stream draws it.
    position: u64,
    row: usize,
    factor: usize,
    draw: Draw,
}

/// Samples per task.
const BLOCK: usize = 64;

/// What one task reuses from sample to sample.
struct Buffers<T> {
    /// The block's ranks sample by sample, before they are stored row by row.
    block_ranks: Vec<T>,
    /// Each row's tie-break values, as [`Model::ties`].
    ties: Vec<f64>,
    scores: Vec<f64>,
    columns: Vec<Vec<f64>>,
    ranged_scores: Vec<f64>,
    stack: Vec<Vec<f64>>,
    order: Vec<u32>,
    /// The rows whose score is fixed but a tie-break is drawn, ranked; and `order` with them
    /// put in.
    ties_only: Vec<u32>,
    spliced: Vec<u32>,
    ranker: Ranker,
}

/// A rank as stored for every sample: `u16` while the list fits, halving the memory.
trait Rank: Copy + Default + Send + Sync {
    fn from_rank(rank: u32) -> Self;
    fn get(self) -> u32;
}

impl Rank for u16 {
    fn from_rank(rank: u32) -> Self {
        rank as u16
    }
    fn get(self) -> u32 {
        u32::from(self)
    }
}

impl Rank for u32 {
    fn from_rank(rank: u32) -> Self {
        rank
    }
    fn get(self) -> u32 {
        self
    }
}

/// What every sample starts from.
struct Model<'a> {
    scoring: &'a Scoring,
    n: usize,
    /// Rows in id byte order (the last tie-break), and each row's place in it.
    by_id: Vec<u32>,
    id_position: Vec<u32>,
    /// Each row's tie-break values (`breaks.len()` a row) and score at the ranges' midpoints:
    /// all a sample's ranking reads besides the ids.
    ties: Vec<f64>,
    scores: Vec<f64>,
    /// The range cells of the rows whose score is drawn, as they are drawn in every sample: the
    /// uniform ones, with where each value goes worked out (the first `uniform_on_tie_breaks`
    /// on a tie-break factor), then the others.
    uniform_cells: Vec<UniformCell>,
    uniform_on_tie_breaks: usize,
    other_cells: Vec<Cell>,
    /// Each factor's place among the tie-breaks, if it is one.
    tie_slot: Vec<Option<usize>>,
    /// The tie-breaks as the sample's ranking sees them: the j-th reads value j of a row's
    /// tie-break values.
    tie_breaks: Vec<(usize, Prefer)>,
    /// The range cells on a tie-break factor of the rows whose score is fixed. (Their other
    /// range cells change nothing: their places in the stream are skipped.)
    tie_cells: Vec<Cell>,
    /// Rows whose score is drawn, and each row's place among them (its column in the batch
    /// evaluation).
    ranged_rows: Vec<usize>,
    place: Vec<usize>,
    /// The ranged rows' values by factor.
    columns: Vec<Vec<f64>>,
    /// The tie-breaks: factor and preference.
    breaks: Vec<(usize, Prefer)>,
    /// Rows whose score and tie-break values are the same in every sample, in their (fixed)
    /// ranking order; and the other rows, in id order, ranked anew in each sample.
    static_order: Vec<u32>,
    /// The score keys of `static_order`, its tie-break keys (`breaks.len()` per row) and id
    /// positions, read in order while merging.
    static_keys: Vec<u64>,
    static_ties: Vec<u64>,
    static_positions: Vec<u32>,
    /// Rows whose score is drawn, in id order.
    dynamic_by_id: Vec<u32>,
    /// Rows whose score is fixed but a tie-break value is drawn, by score (best first) then
    /// id, and the groups of them that share a score.
    ties_only: Vec<u32>,
    ties_only_groups: Vec<std::ops::Range<usize>>,
}

/// How a row's ranges move it from sample to sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Movement {
    /// Neither its score nor its tie-break values change: it is ranked once.
    None,
    /// Its score is the same in every sample, but a tie-break value is drawn: it is ordered
    /// among the rows of its score in every sample, without being scored.
    TiesOnly,
    /// Its score is drawn.
    Score,
}

/// Whether an expression can never be negative when every factor value is (so a zero result
/// is always +0, never -0, whichever values are drawn).
fn never_negative(node: &Node) -> bool {
    match &node.expr {
        Expr::Num(v) => *v >= 0.0,
        Expr::Var(_) => true,
        Expr::Neg(_) => false,
        Expr::Bin(op, a, b) => !matches!(op, BinOp::Sub) && never_negative(a) && never_negative(b),
        Expr::Call(func, args) => !matches!(func, Func::Ln) && args.iter().all(never_negative),
    }
}

/// How a row's ranges move it: whether they touch its score (the score's range over the row's
/// ranges is more than a single value) and its tie-break values.
fn movement(scoring: &Scoring, initiative: &Initiative, breaks: &[(usize, Prefer)]) -> Movement {
    if initiative.ranges.is_empty() {
        return Movement::None;
    }
    let intervals: Vec<Interval> = initiative
        .values
        .iter()
        .enumerate()
        .map(
            |(f, &v)| match initiative.ranges.iter().find(|r| r.factor == f) {
                Some(r) => Interval::closed(r.low, r.high),
                None => Interval::closed(v, v),
            },
        )
        .collect();
    let tree = scoring.formula.tree();
    let fixed_score = match check_domain(tree, &intervals) {
        Ok(range) => {
            range.lo == range.hi
                && !range.lo_open
                && !range.hi_open
                && (range.lo != 0.0 || never_negative(tree))
        }
        Err(_) => false,
    };
    if !fixed_score {
        Movement::Score
    } else if initiative
        .ranges
        .iter()
        .any(|r| breaks.iter().any(|&(f, _)| f == r.factor))
    {
        Movement::TiesOnly
    } else {
        Movement::None
    }
}

impl<'a> Model<'a> {
    fn new(scoring: &'a Scoring, initiatives: &[Initiative]) -> Self {
        let n = initiatives.len();
        let width = scoring.factors.len();
        let mut by_id: Vec<u32> = (0..n as u32).collect();
        by_id.sort_unstable_by(|&a, &b| {
            initiatives[a as usize]
                .id
                .as_bytes()
                .cmp(initiatives[b as usize].id.as_bytes())
        });
        let mut id_position = vec![0u32; n];
        for (pos, &row) in by_id.iter().enumerate() {
            id_position[row as usize] = pos as u32;
        }
        let values: Vec<f64> = initiatives
            .iter()
            .flat_map(|i| i.values.iter().copied())
            .collect();
        let scores: Vec<f64> = initiatives
            .iter()
            .map(|i| rank::score(scoring, &i.values))
            .collect();
        let breaks: Vec<(usize, Prefer)> = scoring
            .tie_breaks
            .iter()
            .map(|tb| (tb.factor, tb.prefer))
            .collect();
        let movements: Vec<Movement> = initiatives
            .iter()
            .map(|i| movement(scoring, i, &breaks))
            .collect();
        let (mut scored_cells, mut tie_cells) = (Vec::new(), Vec::new());
        let mut position = 0u64;
        for (row, (i, how)) in initiatives.iter().zip(&movements).enumerate() {
            for r in &i.ranges {
                let draw = match &scoring.factors[r.factor].scale {
                    Scale::List(values) => Draw::Choice(
                        values
                            .iter()
                            .copied()
                            .filter(|v| *v >= r.low && *v <= r.high)
                            .collect(),
                    ),
                    Scale::Continuous { .. } => Draw::Uniform {
                        low: r.low,
                        width: r.high - r.low,
                    },
                };
                let cell = Cell {
                    position,
                    row,
                    factor: r.factor,
                    draw,
                };
                position += 1;
                match how {
                    Movement::Score => scored_cells.push(cell),
                    Movement::TiesOnly if breaks.iter().any(|&(f, _)| f == r.factor) => {
                        tie_cells.push(cell)
                    }
                    _ => {}
                }
            }
        }
        let mut ranged_rows: Vec<usize> = scored_cells.iter().map(|cell| cell.row).collect();
        ranged_rows.dedup();
        let mut place = vec![usize::MAX; n];
        for (j, &row) in ranged_rows.iter().enumerate() {
            place[row] = j;
        }
        let t = breaks.len();
        // A framework names a factor at most once among its tie-breaks (validated on loading).
        let mut tie_slot = vec![None; width];
        for (j, &(factor, _)) in breaks.iter().enumerate() {
            assert!(
                tie_slot[factor].replace(j).is_none(),
                "one tie-break a factor"
            );
        }
        let tie_breaks: Vec<(usize, Prefer)> = breaks
            .iter()
            .enumerate()
            .map(|(j, &(_, prefer))| (j, prefer))
            .collect();
        let ties: Vec<f64> = (0..n)
            .flat_map(|row| breaks.iter().map(move |&(f, _)| (row, f)))
            .map(|(row, f)| values[row * width + f])
            .collect();
        let (mut uniform_cells, mut other_cells) = (Vec::new(), Vec::new());
        for cell in &scored_cells {
            match cell.draw {
                Draw::Uniform { low, width: span } => uniform_cells.push(UniformCell {
                    position: cell.position,
                    tie: tie_slot[cell.factor].map_or(NOT_A_TIE_BREAK, |j| cell.row * t + j),
                    column: cell.factor,
                    place: place[cell.row],
                    low,
                    width: span,
                }),
                Draw::Choice(_) => other_cells.push(cell.clone()),
            }
        }
        // Those on a tie-break factor first (stable: the draws are independent anyway).
        uniform_cells.sort_by_key(|cell| cell.tie == NOT_A_TIE_BREAK);
        let uniform_on_tie_breaks =
            uniform_cells.partition_point(|cell| cell.tie != NOT_A_TIE_BREAK);
        let columns = (0..width)
            .map(|f| {
                ranged_rows
                    .iter()
                    .map(|&row| values[row * width + f])
                    .collect()
            })
            .collect();
        let moving = |how: Movement| -> Vec<u32> {
            by_id
                .iter()
                .copied()
                .filter(|&row| movements[row as usize] == how)
                .collect()
        };
        let mut static_order = moving(Movement::None);
        let dynamic_by_id = moving(Movement::Score);
        let mut ties_only = moving(Movement::TiesOnly);
        // Stable: id order within a score.
        ties_only.sort_by_key(|&row| descending_key(scores[row as usize]));
        let mut ties_only_groups = Vec::new();
        let mut start = 0;
        while start < ties_only.len() {
            let key = descending_key(scores[ties_only[start] as usize]);
            let end = start
                + ties_only[start..]
                    .partition_point(|&row| descending_key(scores[row as usize]) == key);
            ties_only_groups.push(start..end);
            start = end;
        }
        {
            let fixed = Fixed {
                breaks: &tie_breaks,
                width: t,
                id_position: &id_position,
                by_id: &by_id,
            };
            static_order
                .sort_by(|&a, &b| exact_order(&fixed, &scores, &ties, a as usize, b as usize));
        }
        let static_keys = static_order
            .iter()
            .map(|&row| descending_key(scores[row as usize]))
            .collect();
        let static_ties = static_order
            .iter()
            .flat_map(|&row| {
                let row = &ties[row as usize * t..][..t];
                row.iter()
                    .zip(&breaks)
                    .map(|(&value, &(_, prefer))| tie_key(value, prefer))
            })
            .collect();
        let static_positions = static_order
            .iter()
            .map(|&row| id_position[row as usize])
            .collect();
        Model {
            scoring,
            n,
            by_id,
            id_position,
            ties,
            scores,
            uniform_cells,
            uniform_on_tie_breaks,
            other_cells,
            tie_slot,
            tie_breaks,
            tie_cells,
            ranged_rows,
            place,
            columns,
            breaks,
            static_order,
            static_keys,
            static_ties,
            static_positions,
            dynamic_by_id,
            ties_only,
            ties_only_groups,
        }
    }

    /// Every sample's ranks, stored by block of [`BLOCK`] samples, and within a block row by
    /// row: the ranks of `row` in block `b` (of `count` samples) are
    /// `ranks[b * BLOCK * n + row * count..][..count]`.
    fn sample<T: Rank>(&self, settings: Settings, progress: &(dyn Fn(usize) + Sync)) -> Vec<T> {
        let n = self.n;
        let mut ranks = vec![T::default(); settings.samples * n];
        ranks
            .par_chunks_mut(BLOCK * n)
            .enumerate()
            // The buffers are made once per task and kept from block to block (every sample
            // overwrites all the drawn cells), not once per block: fresh memory costs a page
            // fault per page.
            .for_each_init(
                || Buffers {
                    block_ranks: vec![T::default(); BLOCK * n],
                    ties: self.ties.clone(),
                    scores: self.scores.clone(),
                    columns: self.columns.clone(),
                    ranged_scores: vec![0.0; self.ranged_rows.len()],
                    stack: Vec::new(),
                    order: Vec::with_capacity(n),
                    ties_only: Vec::with_capacity(self.ties_only.len()),
                    spliced: Vec::with_capacity(n),
                    ranker: Ranker::new(n),
                },
                |buffers, (block, out)| {
                    let fixed = Fixed {
                        breaks: &self.tie_breaks,
                        width: self.breaks.len(),
                        id_position: &self.id_position,
                        by_id: &self.by_id,
                    };
                    let count = out.len() / n;
                    for k in 0..count {
                        let s = block * BLOCK + k;
                        self.draw(Stream::for_sample(settings.seed, s as u64), buffers);
                        let Buffers {
                            block_ranks,
                            ties,
                            scores,
                            order,
                            ties_only,
                            spliced,
                            ranker,
                            ..
                        } = buffers;
                        order.clear();
                        order.extend_from_slice(&self.dynamic_by_id);
                        ranker.rank(&fixed, scores, ties, order);
                        let ranked = if self.ties_only.is_empty() {
                            &order[..]
                        } else {
                            ties_only.clear();
                            ties_only.extend_from_slice(&self.ties_only);
                            for group in &self.ties_only_groups {
                                let group = &mut ties_only[group.clone()];
                                ranker.rank_equal_scores(&fixed, scores, ties, group);
                            }
                            let inserted = (&ties_only[..], &self.ties_only_groups[..]);
                            splice(&fixed, scores, ties, order, inserted, spliced);
                            &spliced[..]
                        };
                        let sample_ranks = &mut block_ranks[k * n..(k + 1) * n];
                        self.merge(scores, ties, ranked, |pos, row| {
                            sample_ranks[row as usize] = T::from_rank(pos as u32 + 1);
                        });
                    }
                    transpose(&buffers.block_ranks[..count * n], out, count, n);
                    progress(out.len() / n);
                },
            );
        ranks
    }

    /// Draws one sample from `stream` into the buffers' values and columns, and scores the
    /// rows with a range (the formula over the columns, each result rounded to 12 significant
    /// digits as [`rank::score`] does).
    fn draw<T>(&self, stream: Stream, buffers: &mut Buffers<T>) {
        let Buffers {
            ties,
            scores,
            columns,
            ranged_scores,
            stack,
            ..
        } = buffers;
        let t = self.breaks.len();
        let (on_tie_breaks, others) = self.uniform_cells.split_at(self.uniform_on_tie_breaks);
        for cell in on_tie_breaks {
            let v = cell.low + cell.width * unit(stream.at(cell.position));
            ties[cell.tie] = v;
            columns[cell.column][cell.place] = v;
        }
        for cell in others {
            columns[cell.column][cell.place] =
                cell.low + cell.width * unit(stream.at(cell.position));
        }
        for cell in &self.other_cells {
            let v = cell.draw.value(stream.at(cell.position));
            if let Some(j) = self.tie_slot[cell.factor] {
                ties[cell.row * t + j] = v;
            }
            columns[cell.factor][self.place[cell.row]] = v;
        }
        for cell in &self.tie_cells {
            let j = self.tie_slot[cell.factor].expect("a tie-break factor");
            ties[cell.row * t + j] = cell.draw.value(stream.at(cell.position));
        }
        self.scoring
            .formula
            .eval_columns(columns, ranged_scores, stack);
        for (&row, &score) in self.ranged_rows.iter().zip(ranged_scores.iter()) {
            scores[row] = round_score(score);
        }
    }

    /// Merges the ranked rows of a sample (`order`) with the rows whose order never changes,
    /// calling `place(position, row)` for every row as its position is decided.
    fn merge(
        &self,
        scores: &[f64],
        ties: &[f64],
        order: &[u32],
        mut place: impl FnMut(usize, u32),
    ) {
        let ties_per_row = self.breaks.len();
        let statics = self.static_order.len();
        let mut a_ties = vec![0u64; ties_per_row];
        let mut j = 0;
        for (i, &a) in order.iter().enumerate() {
            let x = descending_key(scores[a as usize]);
            // The static rows with a better score go first.
            while j < statics && self.static_keys[j] < x {
                place(i + j, self.static_order[j]);
                j += 1;
            }
            // Then those with the same score that win on the tie-breaks or the id. Row `a`'s
            // tie-break keys are worked out once for all of them.
            if j < statics && self.static_keys[j] == x {
                let row_ties = &ties[a as usize * ties_per_row..][..ties_per_row];
                for ((key, &value), &(_, prefer)) in
                    a_ties.iter_mut().zip(row_ties).zip(&self.breaks)
                {
                    *key = tie_key(value, prefer);
                }
                let position = self.id_position[a as usize];
                while j < statics
                    && self.static_keys[j] == x
                    && self.static_ties[j * ties_per_row..(j + 1) * ties_per_row]
                        .cmp(&a_ties)
                        .then(self.static_positions[j].cmp(&position))
                        .is_lt()
                {
                    place(i + j, self.static_order[j]);
                    j += 1;
                }
            }
            place(i + j, a);
        }
        let i = order.len();
        for (k, &b) in self.static_order[j..].iter().enumerate() {
            place(i + j + k, b);
        }
    }
}

/// Puts `inserted` (ranked; `groups` its runs of equal scores) into `ranked` (ranked), writing
/// the whole ranking to `out`: each group goes where its score falls in `ranked`, merged by the full ranking rule with the rows of `ranked` that
/// have the same score. Fixed scores take few values, so this is a few binary searches and
/// copies.
fn splice(
    fixed: &Fixed<'_>,
    scores: &[f64],
    values: &[f64],
    ranked: &[u32],
    (inserted, groups): (&[u32], &[std::ops::Range<usize>]),
    out: &mut Vec<u32>,
) {
    let key = |row: u32| descending_key(scores[row as usize]);
    out.clear();
    let mut i = 0;
    for group in groups {
        let group_key = key(inserted[group.start]);
        let before = i + ranked[i..].partition_point(|&row| key(row) < group_key);
        let equal = before + ranked[before..].partition_point(|&row| key(row) == group_key);
        out.extend_from_slice(&ranked[i..before]);
        let (mut a, mut b) = (&ranked[before..equal], &inserted[group.clone()]);
        while let (Some(&x), Some(&y)) = (a.first(), b.first()) {
            if exact_order(fixed, scores, values, x as usize, y as usize).is_lt() {
                out.push(x);
                a = &a[1..];
            } else {
                out.push(y);
                b = &b[1..];
            }
        }
        out.extend_from_slice(a);
        out.extend_from_slice(b);
        i = equal;
    }
    out.extend_from_slice(&ranked[i..]);
}

/// Stores `count` samples' ranks (`from[k * n + row]`) row by row (`to[row * count + k]`), in
/// tiles of rows whose part of `to` stays in the first-level cache.
fn transpose<T: Copy>(from: &[T], to: &mut [T], count: usize, n: usize) {
    const ROWS: usize = 32;
    for first in (0..n).step_by(ROWS) {
        let rows = first..(first + ROWS).min(n);
        for k in 0..count {
            for (row, &rank) in rows
                .clone()
                .zip(&from[k * n + rows.start..k * n + rows.end])
            {
                to[row * count + k] = rank;
            }
        }
    }
}

/// Each row's percentiles and top-K share from every sample's ranks, stored as
/// [`Model::sample`] leaves them.
fn statistics<T: Rank>(ranks: &[T], n: usize, settings: Settings) -> Vec<RankStats> {
    let samples = settings.samples;
    let spread = (n as f64 / 10.0).max(3.0);
    // A group of rows at a time is gathered into one column per row (buffers per thread,
    // reused): from each block of samples, the group's ranks are one contiguous stretch.
    const ROWS: usize = 32;
    let blocks: Vec<Vec<RankStats>> = (0..n.div_ceil(ROWS))
        .into_par_iter()
        .map_init(
            || (vec![T::default(); ROWS * samples], vec![0u32; 2 * (n + 1)]),
            |(columns, counts), block| {
                let rows = block * ROWS..((block + 1) * ROWS).min(n);
                for (b, stored) in ranks.chunks(BLOCK * n).enumerate() {
                    let count = stored.len() / n;
                    let part = &stored[rows.start * count..rows.end * count];
                    for (j, line) in part.chunks(count).enumerate() {
                        columns[j * samples + b * BLOCK..][..count].copy_from_slice(line);
                    }
                }
                (0..rows.len())
                    .map(|j| {
                        // Two histograms, alternately: a row's ranks repeat, and one counter
                        // incremented back to back waits for its own last store each time.
                        let (even, odd) = counts.split_at_mut(n + 1);
                        let (mut low, mut high) = (u32::MAX, 0);
                        let column = &columns[j * samples..(j + 1) * samples];
                        for pair in column.chunks(2) {
                            let a = pair[0].get();
                            even[a as usize] += 1;
                            low = low.min(a);
                            high = high.max(a);
                            if let Some(b) = pair.get(1) {
                                let b = b.get();
                                odd[b as usize] += 1;
                                low = low.min(b);
                                high = high.max(b);
                            }
                        }
                        let range = low as usize..=high as usize;
                        for (e, o) in even[range.clone()].iter_mut().zip(&mut odd[range.clone()]) {
                            *e += std::mem::take(o);
                        }
                        let counts = &mut even[range];
                        let [rank_p10, rank_p50, rank_p90] =
                            percentiles_of_counts(counts, low, samples, [0.10, 0.50, 0.90]);
                        // Ranks 1 to K: the counts from `low` up to K.
                        let top = settings
                            .top_k
                            .saturating_add(1)
                            .saturating_sub(low as usize);
                        let hits: u32 = counts[..top.min(counts.len())].iter().sum();
                        counts.fill(0);
                        RankStats {
                            rank_p10,
                            rank_p50,
                            rank_p90,
                            p_top: f64::from(hits) / samples as f64,
                            fragile: rank_p90 - rank_p10 >= spread,
                        }
                    })
                    .collect()
            },
        )
        .collect();
    blocks.concat()
}

/// Runs the simulation; `progress` is called with the number of samples finished by a task,
/// and `stage_done` with the name of each stage as it ends (the caller may time them).
pub fn simulate(
    scoring: &Scoring,
    initiatives: &[Initiative],
    settings: Settings,
    progress: &(dyn Fn(usize) + Sync),
    stage_done: &mut dyn FnMut(&str),
) -> Vec<RankStats> {
    let n = initiatives.len();
    if n == 0 || settings.samples == 0 {
        return Vec::new();
    }
    let model = Model::new(scoring, initiatives);
    stage_done("simulation: model");
    if n <= usize::from(u16::MAX) {
        let ranks = model.sample::<u16>(settings, progress);
        stage_done("simulation: samples");
        let stats = statistics(&ranks, n, settings);
        stage_done("simulation: statistics");
        stats
    } else {
        let ranks = model.sample::<u32>(settings, progress);
        statistics(&ranks, n, settings)
    }
}

/// Several percentiles of small integers at once, by counting: numpy's `linear` method.
pub fn percentiles<const K: usize>(values: &[u32], ps: [f64; K]) -> [f64; K] {
    let n = values.len();
    if n == 0 {
        return [f64::NAN; K];
    }
    let min = *values.iter().min().expect("not empty");
    let max = *values.iter().max().expect("not empty");
    let mut counts = vec![0u32; (max - min) as usize + 1];
    for &v in values {
        counts[(v - min) as usize] += 1;
    }
    percentiles_of_counts(&counts, min, n, ps)
}

/// [`percentiles`] of `n` values given as counts: `counts[i]` values equal `min + i`.
fn percentiles_of_counts<const K: usize>(
    counts: &[u32],
    min: u32,
    n: usize,
    ps: [f64; K],
) -> [f64; K] {
    // Every order statistic needed (0-based positions), found in one walk over the counts.
    let wanted: Vec<usize> = ps
        .iter()
        .flat_map(|p| {
            let lo = ((n - 1) as f64 * p).floor() as usize;
            [lo, (lo + 1).min(n - 1)]
        })
        .collect();
    let mut positions = wanted.clone();
    positions.sort_unstable();
    positions.dedup();
    let mut found = Vec::with_capacity(positions.len());
    let mut seen = 0usize;
    let mut next = 0;
    for (offset, &c) in counts.iter().enumerate() {
        seen += c as usize;
        while next < positions.len() && positions[next] < seen {
            found.push(f64::from(min + offset as u32));
            next += 1;
        }
        if next == positions.len() {
            break;
        }
    }
    let kth = |k: usize| found[positions.binary_search(&k).expect("a wanted position")];
    ps.map(|p| {
        let h = (n - 1) as f64 * p;
        let lo = h.floor() as usize;
        let low = kth(lo);
        if lo + 1 >= n || h == lo as f64 {
            low
        } else {
            low + (h - lo as f64) * (kth(lo + 1) - low)
        }
    })
}

#[cfg(test)]
mod tests;
