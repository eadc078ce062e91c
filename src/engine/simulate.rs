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

/// Samples per task. Each sample writes its rank of every row straight into the block's
/// row-by-row layout; with 32 samples the block (640 KB of ranks for 10,000 rows) stays in the
/// second-level cache while the samples fill it.
const BLOCK: usize = 32;

/// What one task reuses from sample to sample.
struct Buffers {
    /// Each row's tie-break values, as [`Model::ties`].
    ties: Vec<f64>,
    scores: Vec<f64>,
    columns: Vec<Vec<f64>>,
    ranged_scores: Vec<f64>,
    stack: Vec<Vec<f64>>,
    /// The drawn rows, ranked, and their score keys in that order; the rows of a
    /// [`Redrawn`] group with a tie-break drawn; and [`Model::fixed_order`] for this sample.
    order: Vec<u32>,
    ordered_keys: Vec<u64>,
    drawn: Vec<u32>,
    drawn_keys: Vec<u128>,
    fixed_order: Vec<u32>,
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
    /// Rows whose score is fixed, ranked at their values (the places of a [`Redrawn`] group
    /// are filled anew in every sample), and their score keys.
    fixed_order: Vec<u32>,
    fixed_keys: Vec<u64>,
    /// The groups of rows of one fixed score some of which have a tie-break drawn.
    redrawn: Vec<Redrawn>,
    /// Rows whose score is drawn, in id order.
    dynamic_by_id: Vec<u32>,
}

/// Rows that share a fixed score, some with a tie-break drawn (the others' places among them are
/// fixed): in every sample the drawn ones are ranked and merged with the others.
struct Redrawn {
    /// Its place in [`Model::fixed_order`].
    places: std::ops::Range<usize>,
    /// The rows with a tie-break drawn, in id order.
    drawn: Vec<u32>,
    /// The others, ranked, and their [`leading_tie_keys`].
    fixed: Vec<u32>,
    fixed_keys: Vec<u128>,
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
        let dynamic_by_id: Vec<u32> = by_id
            .iter()
            .copied()
            .filter(|&row| movements[row as usize] == Movement::Score)
            .collect();
        let mut fixed_order: Vec<u32> = by_id
            .iter()
            .copied()
            .filter(|&row| movements[row as usize] != Movement::Score)
            .collect();
        let fixed = Fixed {
            breaks: &tie_breaks,
            width: t,
            id_position: &id_position,
            by_id: &by_id,
        };
        fixed_order.sort_by(|&a, &b| exact_order(&fixed, &scores, &ties, a as usize, b as usize));
        let fixed_keys: Vec<u64> = fixed_order
            .iter()
            .map(|&row| descending_key(scores[row as usize]))
            .collect();
        let mut redrawn = Vec::new();
        let mut start = 0;
        while start < fixed_order.len() {
            let key = fixed_keys[start];
            let end = start + fixed_keys[start..].partition_point(|&k| k == key);
            let group = &fixed_order[start..end];
            let is_drawn = |&&row: &&u32| movements[row as usize] == Movement::TiesOnly;
            if group.iter().any(|row| is_drawn(&row)) {
                let mut drawn: Vec<u32> = group.iter().filter(is_drawn).copied().collect();
                drawn.sort_unstable_by_key(|&row| id_position[row as usize]);
                let others: Vec<u32> = group.iter().filter(|row| !is_drawn(row)).copied().collect();
                let others_keys = others
                    .iter()
                    .map(|&row| leading_tie_keys(&tie_breaks, &ties, row))
                    .collect();
                redrawn.push(Redrawn {
                    places: start..end,
                    drawn,
                    fixed: others,
                    fixed_keys: others_keys,
                });
            }
            start = end;
        }
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
            fixed_order,
            fixed_keys,
            redrawn,
            dynamic_by_id,
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
                    ties: self.ties.clone(),
                    scores: self.scores.clone(),
                    columns: self.columns.clone(),
                    ranged_scores: vec![0.0; self.ranged_rows.len()],
                    stack: Vec::new(),
                    order: Vec::with_capacity(n),
                    ordered_keys: Vec::with_capacity(n),
                    drawn: Vec::new(),
                    drawn_keys: Vec::new(),
                    fixed_order: self.fixed_order.clone(),
                    ranker: Ranker::new(n),
                },
                |buffers, (block, out)| {
                    let count = out.len() / n;
                    for k in 0..count {
                        let s = block * BLOCK + k;
                        self.draw(Stream::for_sample(settings.seed, s as u64), buffers);
                        self.rank_sample(buffers, |position, row| {
                            out[row as usize * count + k] = T::from_rank(position as u32 + 1);
                        });
                    }
                    progress(out.len() / n);
                },
            );
        ranks
    }

    /// Draws one sample from `stream` into the buffers' values and columns, and scores the
    /// rows with a range (the formula over the columns, each result rounded to 12 significant
    /// digits as [`rank::score`] does).
    fn draw(&self, stream: Stream, buffers: &mut Buffers) {
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

    /// Ranks the sample in the buffers, calling `place(position, row)` for every row: the
    /// rows whose score is drawn are ranked, the drawn rows of each [`Redrawn`] group ranked and
    /// merged with the rest of it, and the two rankings merged.
    fn rank_sample(&self, buffers: &mut Buffers, place: impl FnMut(usize, u32)) {
        let Buffers {
            ties,
            scores,
            order,
            ordered_keys,
            drawn,
            drawn_keys,
            fixed_order,
            ranker,
            ..
        } = buffers;
        let fixed = Fixed {
            breaks: &self.tie_breaks,
            width: self.breaks.len(),
            id_position: &self.id_position,
            by_id: &self.by_id,
        };
        let before =
            |a: u32, b: u32| exact_order(&fixed, scores, ties, a as usize, b as usize).is_lt();
        for group in &self.redrawn {
            drawn.clear();
            drawn.extend_from_slice(&group.drawn);
            ranker.rank_equal_scores(&fixed, scores, ties, drawn);
            drawn_keys.clear();
            drawn_keys.extend(
                drawn
                    .iter()
                    .map(|&row| leading_tie_keys(&self.tie_breaks, ties, row)),
            );
            let places = &mut fixed_order[group.places.clone()];
            merge_interleaved(
                (drawn_keys, drawn),
                (&group.fixed_keys, &group.fixed),
                before,
                |position, row| places[position] = row,
            );
        }
        order.clear();
        order.extend_from_slice(&self.dynamic_by_id);
        ranker.rank(&fixed, scores, ties, order);
        ordered_keys.clear();
        ordered_keys.extend(
            order
                .iter()
                .map(|&row| descending_key(scores[row as usize])),
        );
        merge(
            (ordered_keys, order),
            (&self.fixed_keys, fixed_order),
            before,
            place,
        );
    }
}

/// Merges two ranked runs of rows, each given as its rows and their keys (whose order is the
/// ranking's where they differ), calling `place(position, row)` for every row in ranking order;
/// `before(a, b)` decides between rows with equal keys. Made for a short `b` among a long `a`:
/// most of `a`'s rows have none of `b`'s before them, so its branches are predictable.
fn merge(
    (a_keys, a_rows): (&[u64], &[u32]),
    (b_keys, b_rows): (&[u64], &[u32]),
    before: impl Fn(u32, u32) -> bool,
    mut place: impl FnMut(usize, u32),
) {
    let mut j = 0;
    for (i, (&a_key, &a)) in a_keys.iter().zip(a_rows).enumerate() {
        // The rows of `b` with a better key go first.
        while j < b_rows.len() && b_keys[j] < a_key {
            place(i + j, b_rows[j]);
            j += 1;
        }
        // Then those with the same key that win by the full rule.
        while j < b_rows.len() && b_keys[j] == a_key && before(b_rows[j], a) {
            place(i + j, b_rows[j]);
            j += 1;
        }
        place(i + j, a);
    }
    let i = a_rows.len();
    for (k, &b) in b_rows[j..].iter().enumerate() {
        place(i + j + k, b);
    }
}

/// [`merge`] for runs that interleave closely, where a branch on which goes next would be
/// mispredicted half the time: the choice is made without one, and keys may be wider.
fn merge_interleaved<K: Ord + Copy>(
    (a_keys, a_rows): (&[K], &[u32]),
    (b_keys, b_rows): (&[K], &[u32]),
    before: impl Fn(u32, u32) -> bool,
    mut place: impl FnMut(usize, u32),
) {
    let (a_len, b_len) = (a_rows.len(), b_rows.len());
    let (a_keys, b_keys) = (&a_keys[..a_len], &b_keys[..b_len]);
    let (mut i, mut j) = (0, 0);
    while i < a_len && j < b_len {
        let (a_key, b_key, a, b) = (a_keys[i], b_keys[j], a_rows[i], b_rows[j]);
        let a_first = match a_key.cmp(&b_key) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Equal => before(a, b),
        };
        place(i + j, if a_first { a } else { b });
        i += usize::from(a_first);
        j += usize::from(!a_first);
    }
    for (k, &a) in a_rows[i..].iter().enumerate() {
        place(i + j + k, a);
    }
    for (k, &b) in b_rows[j..].iter().enumerate() {
        place(i + j + k, b);
    }
}

/// A row's first two tie-break keys as one number, whose order is the ranking's between rows
/// of equal score wherever it differs.
fn leading_tie_keys(tie_breaks: &[(usize, Prefer)], ties: &[f64], row: u32) -> u128 {
    let t = tie_breaks.len();
    let values = &ties[row as usize * t..][..t];
    values
        .iter()
        .zip(tie_breaks)
        .take(2)
        .enumerate()
        .fold(0, |key, (k, (&value, &(_, prefer)))| {
            key | u128::from(tie_key(value, prefer)) << (64 * (1 - k))
        })
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
            || (vec![T::default(); ROWS * samples], vec![0u32; 4 * (n + 1)]),
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
                        let column = &columns[j * samples..(j + 1) * samples];
                        let low = column.iter().map(|r| r.get()).min().unwrap_or(0);
                        let high = column.iter().map(|r| r.get()).max().unwrap_or(0);
                        let width = (high - low) as usize + 1;
                        // Four histograms of the ranks from `low`, in turn: a row's ranks
                        // repeat, and one counter incremented back to back waits for its own
                        // last store each time.
                        let (first, rest) = counts.split_at_mut(width);
                        let (second, rest) = rest.split_at_mut(width);
                        let (third, rest) = rest.split_at_mut(width);
                        let fourth = &mut rest[..width];
                        let mut quads = column.chunks_exact(4);
                        for quad in &mut quads {
                            first[(quad[0].get() - low) as usize] += 1;
                            second[(quad[1].get() - low) as usize] += 1;
                            third[(quad[2].get() - low) as usize] += 1;
                            fourth[(quad[3].get() - low) as usize] += 1;
                        }
                        for rank in quads.remainder() {
                            first[(rank.get() - low) as usize] += 1;
                        }
                        for (((a, b), c), d) in first
                            .iter_mut()
                            .zip(second.iter_mut())
                            .zip(third.iter_mut())
                            .zip(fourth.iter_mut())
                        {
                            *a += std::mem::take(b) + std::mem::take(c) + std::mem::take(d);
                        }
                        let counts = first;
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
