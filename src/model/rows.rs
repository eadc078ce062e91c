//! A list of output rows made one at a time as they are read: a million ranked initiatives
//! are written without being held, each row built from the portfolio when its turn comes.

use serde::Serialize;
use std::rc::Rc;

/// Output rows built on demand: `len` rows, row `n` made by a function the builder (in
/// `assemble`) supplies. Written to JSON as an array, exactly as a `Vec` of the same rows.
pub struct Rows<'a, T> {
    len: usize,
    row: Rc<dyn Fn(usize) -> T + 'a>,
    find: Option<Find<'a>>,
}

/// The row number of an id.
type Find<'a> = Rc<dyn Fn(&str) -> Option<usize> + 'a>;

impl<'a, T> Rows<'a, T> {
    /// `len` rows, row `n` being `row(n)`.
    pub fn new(len: usize, row: impl Fn(usize) -> T + 'a) -> Self {
        Rows {
            len,
            row: Rc::new(row),
            find: None,
        }
    }

    /// Rows held whole (for small, hand-built values).
    pub fn from_vec(rows: Vec<T>) -> Self
    where
        T: Clone + 'a,
    {
        Rows::new(rows.len(), move |n| rows[n].clone())
    }

    /// The same rows, found by id with `find` (the row number of an id).
    pub fn with_find(mut self, find: impl Fn(&str) -> Option<usize> + 'a) -> Self {
        self.find = Some(Rc::new(find));
        self
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Row `n`, made now.
    pub fn get(&self, n: usize) -> Option<T> {
        (n < self.len).then(|| (self.row)(n))
    }

    /// The first row.
    pub fn first(&self) -> Option<T> {
        self.get(0)
    }

    /// The row with id `id`, when the rows can be found by id.
    pub fn find(&self, id: &str) -> Option<T> {
        self.find
            .as_ref()
            .and_then(|find| find(id))
            .and_then(|n| self.get(n))
    }

    /// Every row in order, each made as it is reached.
    pub fn iter(&self) -> Iter<'_, 'a, T> {
        self.range(0, self.len)
    }

    /// Rows `from..to` in order (clamped to the rows there are).
    pub fn range(&self, from: usize, to: usize) -> Iter<'_, 'a, T> {
        let end = to.min(self.len);
        Iter {
            rows: self,
            next: from.min(end),
            end,
        }
    }

    /// The same rows, each changed by `change` (given its row number) as it is made.
    pub fn map(self, change: impl Fn(usize, T) -> T + 'a) -> Self
    where
        T: 'a,
    {
        let row = self.row;
        Rows {
            len: self.len,
            row: Rc::new(move |n| change(n, row(n))),
            find: self.find,
        }
    }
}

/// The rows of a [`Rows`] in order, each made as it is reached.
pub struct Iter<'r, 'a, T> {
    rows: &'r Rows<'a, T>,
    next: usize,
    end: usize,
}

impl<T> Iterator for Iter<'_, '_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        (self.next < self.end).then(|| {
            self.next += 1;
            (self.rows.row)(self.next - 1)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.end - self.next;
        (left, Some(left))
    }
}

impl<T> ExactSizeIterator for Iter<'_, '_, T> {}

impl<'r, 'a, T> IntoIterator for &'r Rows<'a, T> {
    type Item = T;
    type IntoIter = Iter<'r, 'a, T>;

    fn into_iter(self) -> Iter<'r, 'a, T> {
        self.iter()
    }
}

impl<T> Clone for Rows<'_, T> {
    fn clone(&self) -> Self {
        Rows {
            len: self.len,
            row: self.row.clone(),
            find: self.find.clone(),
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Rows<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: PartialEq> PartialEq for Rows<'_, T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: Serialize> Serialize for Rows<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len))?;
        for row in self.iter() {
            seq.serialize_element(&row)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::Rows;
    use std::cell::Cell;

    #[test]
    fn rows_write_the_json_of_the_same_vec() {
        let rows = Rows::new(3, |n| format!("row {n}"));
        let held: Vec<String> = (0..3).map(|n| format!("row {n}")).collect();
        assert_eq!(
            serde_json::to_string_pretty(&rows).unwrap(),
            serde_json::to_string_pretty(&held).unwrap()
        );
        assert_eq!(
            serde_json::to_string(&Rows::<u8>::new(0, |_| 0)).unwrap(),
            "[]"
        );
    }

    #[test]
    fn each_row_is_made_when_it_is_reached_and_not_kept() {
        let made = Cell::new(0);
        let rows = Rows::new(1000, |n| {
            made.set(made.get() + 1);
            n * 2
        });
        assert_eq!(made.get(), 0, "nothing is made up front");
        assert_eq!(rows.get(7), Some(14));
        assert_eq!(rows.get(1000), None);
        assert_eq!(made.get(), 1);
        assert_eq!(rows.range(998, 2000).collect::<Vec<_>>(), [1996, 1998]);
        assert_eq!(rows.iter().len(), 1000);
        assert_eq!(made.get(), 3);
    }

    #[test]
    fn changed_and_found_rows() {
        let rows = Rows::from_vec(vec!["a".to_string(), "b".to_string()])
            .with_find(|id| ["a", "b"].iter().position(|i| *i == id))
            .map(|n, row| format!("{row}{n}"));
        assert_eq!(rows.iter().collect::<Vec<_>>(), ["a0", "b1"]);
        assert_eq!(rows.find("b").as_deref(), Some("b1"));
        assert_eq!(rows.find("c"), None);
        assert_eq!(rows.first().as_deref(), Some("a0"));
        assert_eq!(rows.clone(), rows);
    }
}
