//! The ranking rule, defined once: score descending, then each of the framework's tie-breaks
//! (the preferred value first), then id order; and what decided between two rows. Every path
//! orders rows by [`compare`] or by the keys it is built on ([`descending_key`], [`tie_key`]):
//! the plain sort, the fast sorts below (the lean path of `score`, the simulation's samples),
//! `--top`, and the tie explanations.

use crate::domain::Prefer;
use rayon::prelude::*;

/// A key whose unsigned order is the descending order of the score (`total_cmp` order).
pub fn descending_key(score: f64) -> u64 {
    let bits = score.to_bits();
    // Negative: flip every bit; positive: flip the sign bit (branch-free, as total_cmp does).
    let mask = (((bits as i64) >> 63) as u64) | 1 << 63;
    !(bits ^ mask)
}

/// A key whose unsigned order puts the preferred tie-break value first.
pub fn tie_key(value: f64, prefer: Prefer) -> u64 {
    let ascending = !descending_key(value);
    match prefer {
        Prefer::Lower => ascending,
        Prefer::Higher => !ascending,
    }
}

/// What decided between two rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decider {
    /// Their scores differ.
    Score,
    /// The scores are equal; this tie-break (its position in the framework's list) differs.
    TieBreak(usize),
    /// The scores and every tie-break are equal: the ids decide.
    Id,
}

/// The ranking rule up to the ids (less = ranks first), with what decided. `prefer` gives each
/// tie-break's direction in order; `a` and `b` are each row's score and its value of the j-th
/// tie-break.
pub fn compare(
    prefer: impl IntoIterator<Item = Prefer>,
    a: (f64, impl Fn(usize) -> f64),
    b: (f64, impl Fn(usize) -> f64),
) -> (std::cmp::Ordering, Decider) {
    let by_score = descending_key(a.0).cmp(&descending_key(b.0));
    if by_score.is_ne() {
        return (by_score, Decider::Score);
    }
    for (j, p) in prefer.into_iter().enumerate() {
        let order = tie_key(a.1(j), p).cmp(&tie_key(b.1(j), p));
        if order.is_ne() {
            return (order, Decider::TieBreak(j));
        }
    }
    (std::cmp::Ordering::Equal, Decider::Id)
}

/// What ranking needs besides the scores and values.
#[derive(Clone, Copy)]
pub struct Fixed<'a> {
    /// Each tie-break: its column in `values` and which value ranks first.
    pub breaks: &'a [(usize, Prefer)],
    /// Values per row in `values`.
    pub width: usize,
    /// Each row's place in id order.
    pub id_position: &'a [u32],
    /// Rows in id order.
    pub by_id: &'a [u32],
}

/// Reusable buffers for ranking one sample.
pub struct Ranker {
    /// Per level of [`Ranker::refine`]: `half key << 32 | row` for the rows it orders.
    items: Vec<Vec<u64>>,
    /// The radix sort's other half.
    scratch: Vec<u64>,
    /// The rows of a group before it is reordered.
    copy: Vec<u32>,
    /// The radix sort's digit counts.
    counts: Vec<[u32; DIGITS]>,
}

/// Up to this many rows, a group is put in order by comparing rows in full.
const SMALL_GROUP: usize = 32;
/// Up to this many rows, a level is sorted by comparison; from here on by radix, whose cost per
/// call (counting 2,048 digit values a pass) is then small beside the rows'.
const RADIX_GROUP: usize = 1024;

/// The full ranking order of two rows: [`compare`], then their places in id order.
pub fn exact_order(
    fixed: &Fixed<'_>,
    scores: &[f64],
    values: &[f64],
    a: usize,
    b: usize,
) -> std::cmp::Ordering {
    let w = fixed.width;
    let value = |row: usize| move |j: usize| values[row * w + fixed.breaks[j].0];
    let prefer = fixed.breaks.iter().map(|&(_, p)| p);
    compare(prefer, (scores[a], value(a)), (scores[b], value(b)))
        .0
        .then(fixed.id_position[a].cmp(&fixed.id_position[b]))
}

impl Ranker {
    /// Buffers for `n` rows.
    pub fn new(n: usize) -> Self {
        Ranker {
            items: Vec::new(),
            scratch: Vec::with_capacity(n),
            copy: Vec::new(),
            counts: Vec::new(),
        }
    }

    /// Ranks one sample: `order` (which must start in id order) ends as row indices best
    /// first, by score descending, the tie-break factors, then id order.
    pub fn rank(&mut self, fixed: &Fixed<'_>, scores: &[f64], values: &[f64], order: &mut [u32]) {
        self.rank_from(0, fixed, scores, values, order);
    }

    /// Ranks rows that share one score, as [`Ranker::rank`] would: by the tie-break factors,
    /// then id order.
    pub fn rank_equal_scores(
        &mut self,
        fixed: &Fixed<'_>,
        scores: &[f64],
        values: &[f64],
        order: &mut [u32],
    ) {
        // Levels 0 and 1 are the score's halves.
        self.rank_from(2, fixed, scores, values, order);
    }

    fn rank_from(
        &mut self,
        level: usize,
        fixed: &Fixed<'_>,
        scores: &[f64],
        values: &[f64],
        order: &mut [u32],
    ) {
        let levels = Levels {
            fixed,
            scores,
            values,
        };
        if order.len() > 1 {
            self.refine(&levels, level, order);
        }
    }

    /// Orders `rows` (in id order, and equal on every level before `level`) by this level and
    /// the ones after it, then id order. Each key of the ranking rule (the score's, then each
    /// tie-break's) is two levels: its high 32 bits, then its low 32 bits. A stable radix sort
    /// orders the rows by the level's 32 bits; rows that share them are ordered by the next
    /// level, and small groups by the full comparison.
    fn refine(&mut self, levels: &Levels<'_>, level: usize, rows: &mut [u32]) {
        if let [a, b] = rows {
            // The commonest group: two rows.
            if levels.exact(*b as usize, *a as usize).is_lt() {
                std::mem::swap(a, b);
            }
            return;
        }
        if rows.len() <= SMALL_GROUP {
            rows.sort_unstable_by(|&a, &b| levels.exact(a as usize, b as usize));
            return;
        }
        if level == levels.count() {
            // Equal on every key: id order, as they came.
            return;
        }
        if self.items.len() <= level {
            self.items.resize_with(level + 1, Vec::new);
        }
        let mut items = std::mem::take(&mut self.items[level]);
        items.clear();
        let mut shift = 0;
        if rows.len() <= RADIX_GROUP {
            // The low half holds the row's place in `rows`, so that equal halves stay in id
            // order.
            items.extend(
                rows.iter()
                    .enumerate()
                    .map(|(place, &row)| levels.half_key(level, row as usize) << 32 | place as u64),
            );
            items.sort_unstable();
            self.copy.clear();
            self.copy.extend_from_slice(rows);
            for (slot, item) in rows.iter_mut().zip(&items) {
                *slot = self.copy[*item as u32 as usize];
            }
        } else {
            items.extend(
                rows.iter()
                    .map(|&row| levels.half_key(level, row as usize) << 32 | u64::from(row)),
            );
            // Sorting on the halves' offsets from the smallest, shortened to two digits when
            // they need more: rows they no longer tell apart are ordered again at this level.
            let (low, high) = items.iter().fold((u64::MAX, 0), |(low, high), item| {
                (low.min(item >> 32), high.max(item >> 32))
            });
            let bits = u64::BITS - (high - low).leading_zeros();
            shift = bits.saturating_sub(2 * DIGIT_BITS);
            if low != 0 || shift != 0 {
                for item in items.iter_mut() {
                    *item = ((*item >> 32) - low) >> shift << 32 | (*item & 0xFFFF_FFFF);
                }
            }
            self.scratch.resize(items.len(), 0);
            radix_sort_by(
                &mut items,
                &mut self.scratch,
                &mut self.counts,
                (32, 32 + bits - shift),
                |item| item,
            );
            for (slot, item) in rows.iter_mut().zip(&items) {
                *slot = *item as u32;
            }
        }
        let next = if shift == 0 { level + 1 } else { level };
        // Groups of equal halves: most rows have none, so look for a row equal to the next.
        let mut start = 0;
        while let Some(found) = items[start..]
            .windows(2)
            .position(|pair| (pair[0] ^ pair[1]) >> 32 == 0)
        {
            let first = start + found;
            let half = items[first] >> 32;
            let end = first + items[first..].partition_point(|item| item >> 32 == half);
            self.refine(levels, next, &mut rows[first..end]);
            start = end;
        }
        self.items[level] = items;
    }
}

/// The keys [`Ranker::refine`] orders by, as levels of 32 bits: the score's key, then each
/// tie-break's, each high half first.
struct Levels<'a> {
    fixed: &'a Fixed<'a>,
    scores: &'a [f64],
    values: &'a [f64],
}

impl Levels<'_> {
    fn count(&self) -> usize {
        2 * (1 + self.fixed.breaks.len())
    }

    #[inline(always)]
    fn half_key(&self, level: usize, row: usize) -> u64 {
        let key = match level / 2 {
            0 => descending_key(self.scores[row]),
            j => {
                let (factor, prefer) = self.fixed.breaks[j - 1];
                tie_key(self.values[row * self.fixed.width + factor], prefer)
            }
        };
        if level.is_multiple_of(2) {
            key >> 32
        } else {
            key & 0xFFFF_FFFF
        }
    }

    fn exact(&self, a: usize, b: usize) -> std::cmp::Ordering {
        exact_order(self.fixed, self.scores, self.values, a, b)
    }
}

/// Ranks all rows at once when the scores and tie-break values take few distinct values (the
/// usual case: scores are products of small integers): each is replaced by its place among the
/// distinct values, and those places are packed, mixed-radix, into one number per row whose
/// order is exactly the ranking rule up to the id. With few such numbers, one stable counting
/// sort of the rows in id order ranks them; otherwise the id position is packed in too and a
/// radix sort of 64-bit keys does it. Returns rows best first; `None` when there are too many
/// distinct values to pack, and [`Ranker::rank`] must do it.
pub fn rank_dense(fixed: &Fixed<'_>, scores: &[f64], values: &[f64]) -> Option<Vec<u32>> {
    /// Beyond this many distinct values in a column, packing is unlikely to fit anyway.
    const LIMIT: usize = 1 << 16;
    let n = scores.len();
    let w = fixed.width;
    let columns: Vec<Option<&(usize, Prefer)>> = std::iter::once(None)
        .chain(fixed.breaks.iter().map(Some))
        .collect();
    let places: Vec<(Vec<u16>, u64)> = columns
        .into_par_iter()
        .map(|column| match column {
            None => dense_places(n, |r| descending_key(scores[r]), LIMIT),
            Some(&(c, prefer)) => dense_places(n, |r| tie_key(values[r * w + c], prefer), LIMIT),
        })
        .collect::<Option<_>>()?;
    // Mixed radix: score place, then each tie-break's place.
    let mut combinations: u128 = 1;
    for (_, distinct) in &places {
        combinations = combinations.checked_mul(u128::from(*distinct))?;
    }
    let pack = |r: usize| {
        places.iter().fold(0u64, |acc, (place, distinct)| {
            acc * distinct + u64::from(place[r])
        })
    };
    let by_id = fixed.by_id;
    // Few combinations (the usual case): one stable counting sort of the rows taken in id
    // order, so equal combinations stay in id order.
    if combinations <= COUNTING_LIMIT {
        let packed: Vec<u32> = (0..n).into_par_iter().map(|r| pack(r) as u32).collect();
        drop(places);
        let mut starts = vec![0u32; combinations as usize + 1];
        for &r in by_id {
            starts[packed[r as usize] as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut order = vec![0u32; n];
        for &r in by_id {
            let slot = &mut starts[packed[r as usize] as usize];
            order[*slot as usize] = r;
            *slot += 1;
        }
        return Some(order);
    }
    // Otherwise one 64-bit key per row with the id position last, radix sorted.
    let span = combinations.checked_mul(n as u128)?;
    if span > u128::from(u64::MAX) {
        return None;
    }
    let mut keys: Vec<u64> = vec![0; n];
    keys.par_iter_mut().enumerate().for_each(|(r, key)| {
        *key = pack(r) * n as u64 + u64::from(fixed.id_position[r]);
    });
    drop(places);
    let mut scratch = vec![0u64; n];
    radix_sort_by(
        &mut keys,
        &mut scratch,
        &mut Vec::new(),
        (0, 64 - (span as u64 - 1).leading_zeros()),
        |k| k,
    );
    Some(
        keys.par_iter()
            .map(|&k| by_id[(k % n as u64) as usize])
            .collect(),
    )
}

/// Up to this many combinations of distinct values, [`rank_dense`] sorts by counting.
const COUNTING_LIMIT: u128 = 1 << 20;

/// Each key's place among the distinct keys in ascending order, and how many there are; `None`
/// beyond `limit` distinct keys (at most 2^16, so that a place fits in two bytes). Distinct keys
/// are found with a small open-addressing table.
fn dense_places(n: usize, key_of: impl Fn(usize) -> u64, limit: usize) -> Option<(Vec<u16>, u64)> {
    debug_assert!(limit <= 1 << 16);
    let size = (limit * 2).next_power_of_two();
    let shift = 64 - size.trailing_zeros();
    let mut table = vec![u32::MAX; size];
    let mut distinct: Vec<u64> = Vec::new();
    let mut slots: Vec<u16> = Vec::with_capacity(n);
    let mut last = None;
    for key in (0..n).map(key_of) {
        // Neighbouring rows often share a value: skip the table for a repeat.
        if let Some((k, slot)) = last
            && k == key
        {
            slots.push(slot);
            continue;
        }
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize;
        let slot = loop {
            match table[at] {
                u32::MAX => {
                    if distinct.len() == limit {
                        return None;
                    }
                    table[at] = distinct.len() as u32;
                    distinct.push(key);
                    break table[at];
                }
                s if distinct[s as usize] == key => break s,
                _ => at = (at + 1) & (size - 1),
            }
        };
        last = Some((key, slot as u16));
        slots.push(slot as u16);
    }
    let mut sorted: Vec<u32> = (0..distinct.len() as u32).collect();
    sorted.sort_unstable_by_key(|&s| distinct[s as usize]);
    let mut place_of_slot = vec![0u16; distinct.len()];
    for (place, &slot) in sorted.iter().enumerate() {
        place_of_slot[slot as usize] = place as u16;
    }
    for slot in &mut slots {
        *slot = place_of_slot[*slot as usize];
    }
    Some((slots, distinct.len() as u64))
}

/// Bits per radix digit: three passes cover a 32-bit key, and a count table (8 KiB) stays in
/// the first-level cache.
const DIGIT_BITS: u32 = 11;
const DIGITS: usize = 1 << DIGIT_BITS;

/// Stable least-significant-digit radix sort of `items` by bits `from..to` of `key`, skipping
/// digits that are the same in every key; `scratch` is a buffer of the same length, `counts`
/// any buffer.
fn radix_sort_by<T: Copy>(
    items: &mut Vec<T>,
    scratch: &mut Vec<T>,
    counts: &mut Vec<[u32; DIGITS]>,
    (from, to): (u32, u32),
    key: impl Fn(T) -> u64,
) {
    let passes = (to - from).div_ceil(DIGIT_BITS) as usize;
    counts.clear();
    counts.resize(passes, [0; DIGITS]);
    for &item in items.iter() {
        let k = key(item);
        for (pass, count) in counts.iter_mut().enumerate() {
            count[((k >> (from + pass as u32 * DIGIT_BITS)) as usize) & (DIGITS - 1)] += 1;
        }
    }
    let n = items.len() as u32;
    let Some(&first) = items.first() else {
        return;
    };
    for (pass, count) in counts.iter_mut().enumerate() {
        let shift = from + pass as u32 * DIGIT_BITS;
        // A digit every key shares moves nothing.
        if count[((key(first) >> shift) as usize) & (DIGITS - 1)] == n {
            continue;
        }
        let mut total = 0;
        for c in count.iter_mut() {
            let here = *c;
            *c = total;
            total += here;
        }
        for &item in items.iter() {
            let digit = ((key(item) >> shift) as usize) & (DIGITS - 1);
            scratch[count[digit] as usize] = item;
            count[digit] += 1;
        }
        std::mem::swap(items, scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::descending_key;

    #[test]
    fn keys_order_scores_descending_like_total_cmp() {
        let mut values = vec![
            f64::NEG_INFINITY,
            -3.5,
            -0.0,
            0.0,
            1e-300,
            0.5,
            2.0,
            125.0,
            f64::INFINITY,
        ];
        values.reverse();
        let keys: Vec<u64> = values.iter().map(|v| descending_key(*v)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    }
}
