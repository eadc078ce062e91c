//! Rank uncertainty by Monte Carlo: every range is drawn uniformly (on a list scale, among the
//! allowed values inside it) in each sample, each sample is ranked with the full ranking rule,
//! and each initiative gets its 10th, 50th and 90th percentile rank and its chance of landing in
//! the top K. Sample `s` draws from its own stream derived from (seed, s), so the numbers do not
//! depend on the number of threads.

use super::arice::compare_tie_breaks;
use crate::framework::{Scale, Scoring};
use crate::portfolio::Initiative;
use rayon::prelude::*;
use std::cmp::Ordering;

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
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A uniform draw from [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
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
    fn sample(&self, stream: &mut Stream) -> f64 {
        match self {
            Draw::Uniform { low, width } => low + width * stream.next_f64(),
            Draw::Choice(values) => values[(stream.next_f64() * values.len() as f64) as usize],
        }
    }
}

/// The order statistic interpolated as numpy's default (`linear`) percentile does, on values
/// that `select_nth_unstable` may reorder.
pub fn percentile(values: &mut [u32], p: f64) -> f64 {
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let (_, lo_value, rest) = values.select_nth_unstable(lo);
    let lo_value = f64::from(*lo_value);
    if lo + 1 >= n || h == lo as f64 {
        return lo_value;
    }
    let hi_value = f64::from(*rest.iter().min().expect("a value above the lower one"));
    lo_value + (h - lo as f64) * (hi_value - lo_value)
}

/// Ranks one sample: `order` ends as row indices best first, by score descending, the
/// tie-break factors, then id order.
fn rank_sample(
    scoring: &Scoring,
    scores: &[f64],
    values: &[f64],
    width: usize,
    id_order: &[u32],
    order: &mut [u32],
) {
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        scores[b].total_cmp(&scores[a]).then_with(|| {
            let (ord, _) = compare_tie_breaks(
                scoring,
                &values[a * width..(a + 1) * width],
                &values[b * width..(b + 1) * width],
            );
            if ord != Ordering::Equal {
                ord
            } else {
                id_order[a].cmp(&id_order[b])
            }
        })
    });
}

/// Samples per task: large enough to amortise the per-task buffers.
const BLOCK: usize = 64;

/// Runs the simulation; `progress` is called with the number of samples finished by a task.
pub fn simulate(
    scoring: &Scoring,
    initiatives: &[Initiative],
    settings: Settings,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<RankStats> {
    let n = initiatives.len();
    let width = scoring.factors.len();
    let samples = settings.samples;
    if n == 0 || samples == 0 {
        return Vec::new();
    }
    // Rank of each id in byte order: the last tie-break.
    let mut by_id: Vec<u32> = (0..n as u32).collect();
    by_id.sort_unstable_by(|&a, &b| {
        initiatives[a as usize]
            .id
            .as_bytes()
            .cmp(initiatives[b as usize].id.as_bytes())
    });
    let mut id_order = vec![0u32; n];
    for (pos, &row) in by_id.iter().enumerate() {
        id_order[row as usize] = pos as u32;
    }
    let base_values: Vec<f64> = initiatives
        .iter()
        .flat_map(|i| i.values.iter().copied())
        .collect();
    let base_scores: Vec<f64> = initiatives
        .iter()
        .map(|i| scoring.formula.eval(&i.values))
        .collect();
    // (row, factor, draw) for every range, in row then factor order.
    let draws: Vec<(usize, usize, Draw)> = initiatives
        .iter()
        .enumerate()
        .flat_map(|(row, i)| {
            i.ranges.iter().map(move |r| {
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
                (row, r.factor, draw)
            })
        })
        .collect();
    let mut ranged_rows: Vec<usize> = draws.iter().map(|(row, _, _)| *row).collect();
    ranged_rows.dedup();

    // ranks[s * n + row]: the rank of `row` in sample `s`.
    let mut ranks = vec![0u32; samples * n];
    let top_k = settings.top_k as u32;
    let hits: Vec<u32> = ranks
        .par_chunks_mut(BLOCK * n)
        .enumerate()
        .map(|(block, out)| {
            let mut values = base_values.clone();
            let mut scores = base_scores.clone();
            let mut order: Vec<u32> = (0..n as u32).collect();
            let mut hits = vec![0u32; n];
            for (k, sample_ranks) in out.chunks_mut(n).enumerate() {
                let s = block * BLOCK + k;
                let mut stream = Stream::for_sample(settings.seed, s as u64);
                for (row, factor, draw) in &draws {
                    values[row * width + factor] = draw.sample(&mut stream);
                }
                for &row in &ranged_rows {
                    scores[row] = scoring
                        .formula
                        .eval(&values[row * width..(row + 1) * width]);
                }
                rank_sample(scoring, &scores, &values, width, &id_order, &mut order);
                for (pos, &row) in order.iter().enumerate() {
                    let rank = pos as u32 + 1;
                    sample_ranks[row as usize] = rank;
                    if rank <= top_k {
                        hits[row as usize] += 1;
                    }
                }
            }
            progress(out.len() / n);
            hits
        })
        .reduce(
            || vec![0u32; n],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        );

    let spread = (n as f64 / 10.0).max(3.0);
    (0..n)
        .into_par_iter()
        .map(|row| {
            let mut column: Vec<u32> = (0..samples).map(|s| ranks[s * n + row]).collect();
            let rank_p10 = percentile(&mut column, 0.10);
            let rank_p50 = percentile(&mut column, 0.50);
            let rank_p90 = percentile(&mut column, 0.90);
            RankStats {
                rank_p10,
                rank_p50,
                rank_p90,
                p_top: f64::from(hits[row]) / samples as f64,
                fragile: rank_p90 - rank_p10 >= spread,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
