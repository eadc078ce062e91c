//! A fast splitter of CSV text into records, for the lean path of large files. Records without
//! a quote character are split by hand (the common case, a few times faster than a general CSV
//! reader); a record with a quote is read by the csv crate, so quoting follows exactly the rules
//! of every other reader in the tool. Line breaks are `\n`, `\r\n` or `\r`, and empty lines are
//! skipped, as the csv crate does.

use super::initiatives_csv::reader_builder;
use std::io;

/// Splits `text`, which starts at a record boundary, into records and hands each to `each` with
/// its byte offset in `text` and its cells (untrimmed). Stops early, returning false, when
/// `each` returns false or a quoted record cannot be read.
#[inline(never)]
pub fn for_each_record<'t>(
    text: &'t str,
    delimiter: u8,
    mut each: impl FnMut(usize, &[&str]) -> bool,
) -> bool {
    let bytes = text.as_bytes();
    let mut cells: Vec<&'t str> = Vec::with_capacity(32);
    let mut quoted_record = ::csv::ByteRecord::new();
    // Building a reader costs more than reading a record: one, moved to each quoted record.
    let mut reader = None;
    let special = Special::new(delimiter);
    let mut pos = 0;
    while pos < bytes.len() {
        // Empty lines are not records.
        if matches!(bytes[pos], b'\n' | b'\r') {
            pos += 1;
            continue;
        }
        cells.clear();
        let start = pos;
        let mut cell_start = pos;
        let quoted = loop {
            let i = special.find(bytes, pos);
            match bytes.get(i) {
                Some(&b'"') => break true,
                Some(&b) if b == delimiter => {
                    cells.push(&text[cell_start..i]);
                    cell_start = i + 1;
                    pos = i + 1;
                }
                // A line break or the end of the text.
                _ => {
                    cells.push(&text[cell_start..i]);
                    pos = i + 1;
                    break false;
                }
            }
        };
        if quoted {
            let reader = reader.get_or_insert_with(|| {
                reader_builder(delimiter)
                    .buffer_capacity(1024)
                    .from_reader(io::Cursor::new(bytes))
            });
            let Some(consumed) = read_quoted(reader, start, &mut quoted_record) else {
                return false;
            };
            let Ok(record) = std::str::from_utf8(quoted_record.as_slice()) else {
                return false;
            };
            let quoted_cells: Vec<&str> = (0..quoted_record.len())
                .filter_map(|n| quoted_record.range(n).and_then(|r| record.get(r)))
                .collect();
            if quoted_cells.len() != quoted_record.len() || !each(start, &quoted_cells) {
                return false;
            }
            pos = start + consumed;
            continue;
        }
        if !each(start, &cells) {
            return false;
        }
    }
    true
}

/// Finds the bytes that end a cell or need the csv crate (the delimiter, `"`, `\n`, `\r`) eight
/// at a time: in a word, the lowest byte equal to a pattern is found exactly by the classic
/// zero-byte test on the word xor the pattern.
struct Special {
    patterns: [u64; 4],
}

impl Special {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;

    fn new(delimiter: u8) -> Self {
        Special {
            patterns: [delimiter, b'"', b'\n', b'\r'].map(|b| u64::from(b) * Self::ONES),
        }
    }

    fn is_special(&self, b: u8) -> bool {
        self.patterns.iter().any(|&p| p as u8 == b)
    }

    /// The index of the first special byte at or after `from`, or the length.
    #[inline(never)]
    fn find(&self, bytes: &[u8], mut from: usize) -> usize {
        while let Some(word) = bytes.get(from..from + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            let found = self.patterns.iter().fold(0, |found, &p| {
                let x = word ^ p;
                found | (x.wrapping_sub(Self::ONES) & !x & Self::HIGHS)
            });
            if found != 0 {
                return from + (found.trailing_zeros() / 8) as usize;
            }
            from += 8;
        }
        while from < bytes.len() && !self.is_special(bytes[from]) {
            from += 1;
        }
        from
    }
}

/// Reads the one record at `start` with the csv crate; the number of bytes it took.
fn read_quoted(
    reader: &mut ::csv::Reader<io::Cursor<&[u8]>>,
    start: usize,
    record: &mut ::csv::ByteRecord,
) -> Option<usize> {
    reader
        .seek_raw(io::SeekFrom::Start(start as u64), ::csv::Position::new())
        .ok()?;
    if !reader.read_byte_record(record).ok()? {
        return None;
    }
    usize::try_from(reader.position().byte()).ok()
}

#[cfg(test)]
mod tests {
    use super::for_each_record;
    use crate::input::initiatives_csv::reader_builder;

    /// Records as the csv crate reads them (empty lines skipped).
    fn by_csv_crate(text: &str, delimiter: u8) -> Option<Vec<Vec<String>>> {
        let mut reader = reader_builder(delimiter).from_reader(text.as_bytes());
        let mut out = Vec::new();
        for record in reader.byte_records() {
            let record = record.ok()?;
            out.push(
                record
                    .iter()
                    .map(|c| String::from_utf8(c.to_vec()).unwrap())
                    .collect(),
            );
        }
        Some(out)
    }

    fn by_scanner(text: &str, delimiter: u8) -> Option<Vec<Vec<String>>> {
        let mut out = Vec::new();
        for_each_record(text, delimiter, |_, cells| {
            out.push(cells.iter().map(|c| c.to_string()).collect());
            true
        })
        .then_some(out)
    }

    #[test]
    fn records_match_the_csv_crate_on_awkward_text() {
        let cases = [
            "a,b,c\nd,e,f\n",
            "a,b,c\r\nd,e,f\r\n",
            "a,b\rc,d\r",
            "a,b\n\n\r\n\nc,d",
            "a, b ,c\n   \n,,\n",
            "\"a,b\",c\nd,\"e\nf\",g\n",
            "\"a\"\"b\",c\r\n\"\",\"\"\n",
            "ab\"c,d\ne,f\n",
            "a,b\n\"open,never closed\n",
            "é,ü;ß\n\"ç\",ñ\n",
            "x",
            "",
            "\n\n",
            "a,\"b\"c,d\ne\n",
        ];
        for text in cases {
            for delimiter in [b',', b';'] {
                assert_eq!(
                    by_scanner(text, delimiter),
                    by_csv_crate(text, delimiter),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn random_text_matches_the_csv_crate() {
        const ALPHABET: [&str; 9] = ["a", "bc", ",", ";", "\"", "\r", "\n", " ", "é"];
        let mut x: u64 = 11;
        for _ in 0..5000 {
            let mut text = String::new();
            let len = {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                (x >> 59) as usize
            };
            for _ in 0..len * 2 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                text.push_str(ALPHABET[(x >> 33) as usize % ALPHABET.len()]);
            }
            assert_eq!(
                by_scanner(&text, b','),
                by_csv_crate(&text, b','),
                "{text:?}"
            );
        }
    }

    #[test]
    fn offsets_are_where_records_start() {
        let mut starts = Vec::new();
        for_each_record("a,b\r\n\"c\nd\",e\n\nf,g", b',', |start, _| {
            starts.push(start);
            true
        });
        assert_eq!(starts, [0, 5, 14]);
    }
}
