//! The ids met so far while reading rows, to report a repeated one with the line that first
//! used it. An id is not copied for a row that is kept: the table holds the row's position
//! and compares with the row's own id, so a million ids cost a few bytes each, not a second
//! copy of every id.

use crate::domain::Initiative;
use hashbrown::HashTable;
use std::hash::BuildHasher;

/// Ids met so far: of kept rows by their position, of refused rows by a copy.
#[derive(Default)]
pub struct SeenIds {
    /// Positions: a kept row's index, or [`REFUSED`] plus an index into `refused`.
    table: HashTable<usize>,
    /// Ids (and lines) of rows that were not kept.
    refused: Vec<(Box<str>, u64)>,
    hasher: std::collections::hash_map::RandomState,
}

/// Marks a position in [`SeenIds::refused`].
const REFUSED: usize = 1 << (usize::BITS - 1);

impl SeenIds {
    /// The line that first used `id`, if one did; `kept` are the rows kept so far.
    pub fn first_line(&self, id: &str, kept: &[Initiative]) -> Option<u64> {
        let hash = self.hasher.hash_one(id);
        self.table
            .find(hash, |&at| self.id_at(at, kept) == id)
            .map(|&at| self.line_at(at, kept))
    }

    /// Records the id of the row that is kept at `position`, unless met before.
    pub fn insert_kept(&mut self, position: usize, kept: &[Initiative]) {
        let id = kept[position].id.as_str();
        self.insert(id, position, kept);
    }

    /// Records the id of a row that is not kept, unless met before.
    pub fn insert_refused(&mut self, id: &str, line: u64, kept: &[Initiative]) {
        let at = REFUSED | self.refused.len();
        if self.insert(id, at, kept) {
            self.refused.push((id.into(), line));
        }
    }

    /// Adds `id` at `at` if it is new; whether it was.
    fn insert(&mut self, id: &str, at: usize, kept: &[Initiative]) -> bool {
        let hash = self.hasher.hash_one(id);
        let SeenIds {
            table,
            refused,
            hasher,
        } = self;
        let id_at = |at: usize| -> &str {
            if at & REFUSED == 0 {
                &kept[at].id
            } else {
                &refused[at & !REFUSED].0
            }
        };
        match table.entry(
            hash,
            |&old| id_at(old) == id,
            |&old| hasher.hash_one(id_at(old)),
        ) {
            hashbrown::hash_table::Entry::Occupied(_) => false,
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(at);
                true
            }
        }
    }

    fn id_at<'a>(&'a self, at: usize, kept: &'a [Initiative]) -> &'a str {
        if at & REFUSED == 0 {
            &kept[at].id
        } else {
            &self.refused[at & !REFUSED].0
        }
    }

    fn line_at(&self, at: usize, kept: &[Initiative]) -> u64 {
        if at & REFUSED == 0 {
            kept[at].line
        } else {
            self.refused[at & !REFUSED].1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, line: u64) -> Initiative {
        Initiative::new(line, id.into(), "n".into(), vec![], 0)
    }

    #[test]
    fn an_id_met_before_gives_the_line_that_first_used_it_kept_or_not() {
        let mut kept = Vec::new();
        let mut seen = SeenIds::default();
        kept.push(row("A", 2));
        seen.insert_kept(0, &kept);
        seen.insert_refused("B", 3, &kept);
        kept.push(row("C", 4));
        seen.insert_kept(1, &kept);
        // A second refused "B" does not replace the first.
        seen.insert_refused("B", 9, &kept);
        assert_eq!(seen.first_line("A", &kept), Some(2));
        assert_eq!(seen.first_line("B", &kept), Some(3));
        assert_eq!(seen.first_line("C", &kept), Some(4));
        assert_eq!(seen.first_line("D", &kept), None);
        for n in 0..10_000u64 {
            kept.push(row(&format!("X-{n}"), 10 + n));
            seen.insert_kept(kept.len() - 1, &kept);
        }
        assert_eq!(seen.first_line("X-9999", &kept), Some(10_009));
        assert_eq!(seen.first_line("A", &kept), Some(2));
        assert_eq!(seen.first_line("B", &kept), Some(3));
    }
}
