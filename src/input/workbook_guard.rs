//! A workbook archive checked before calamine opens it, so that no workbook can hang the
//! reader or make it allocate out of proportion: every part is decompressed once, counted
//! against the decompressed-size limit and the compression-ratio limit; an OpenDocument
//! `content.xml` must also be complete XML (calamine 0.38 loops forever on a `<table:table>`
//! that never closes) and its repeated rows may not expand past the worksheet cell limit.

use crate::error::{Diagnostic, Place};
use crate::limits::{self, WORKBOOK_BYTES, WORKBOOK_CELLS, WORKBOOK_RATIO};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Read};

/// Decompressed parts under this size are never refused for their ratio.
const RATIO_FREE: u64 = 1 << 20;

/// Checks the ZIP archive `bytes` (named `source`); `None` when it may be opened. An archive
/// that does not read as a ZIP passes: calamine says what is wrong with it.
pub fn check(source: &str, bytes: &[u8]) -> Option<Diagnostic> {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return None;
    };
    let place = Place::file(source);
    let limit = WORKBOOK_BYTES.get();
    let mut total = 0u64;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index(index) else {
            return None;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let compressed = entry.compressed_size();
        let ratio = WORKBOOK_RATIO.get();
        let allowed = (limit - total).min(compressed.saturating_mul(ratio).max(RATIO_FREE));
        let mut counted = Counted {
            inner: entry,
            count: 0,
            allowed,
        };
        let outcome = if name == "content.xml" {
            ods_content(&mut counted)
        } else {
            std::io::copy(&mut counted, &mut std::io::sink())
                .map(|_| None)
                .map_err(|_| ())
        };
        let size = counted.count;
        if size > allowed {
            return Some(if total + size > limit {
                WORKBOOK_BYTES.exceeded(
                    place,
                    &format!("the workbook's part {name} decompresses to more than it may"),
                )
            } else {
                WORKBOOK_RATIO.exceeded(
                    place,
                    &format!(
                        "the workbook's part {name} decompresses to more than {ratio} times its compressed size ({}), which no spreadsheet program writes",
                        limits::human(compressed)
                    ),
                )
            });
        }
        total += size;
        match outcome {
            Ok(Some(problem)) => return Some(problem.at(place)),
            Ok(None) => {}
            // A damaged part: calamine reports it when it reads it (content.xml excepted,
            // which it would loop on).
            Err(()) if name == "content.xml" => {
                return Some(OdsProblem::Malformed.at(place));
            }
            Err(()) => {}
        }
    }
    None
}

/// A reader that stops with an error once more than `allowed` bytes came through.
struct Counted<R> {
    inner: R,
    count: u64,
    allowed: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.count > self.allowed {
            return Err(std::io::Error::other("past the limit"));
        }
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// What is wrong with a `content.xml`.
enum OdsProblem {
    /// Not complete XML: cut short, or an end tag that does not match.
    Malformed,
    /// Repeated rows and columns that would expand past the cell limit.
    TooManyCells(u64),
    /// A row with something in it, repeated more often than allowed.
    Repeated(u64),
}

impl OdsProblem {
    fn at(self, place: Place) -> Diagnostic {
        match self {
            OdsProblem::Malformed => crate::error::Diagnostic::new(
                crate::error::Code::XlsxInvalid,
                place,
                "the spreadsheet's content.xml is damaged (cut short, or a tag that does not close)",
            )
            .with_hint("open the file in the program that made it and save it again"),
            OdsProblem::Repeated(times) => limits::exceeded(
                place,
                format!(
                    "a row with cells in it repeats {times} times (number-rows-repeated); the limit is {}",
                    limits::REPEATED_ROWS
                ),
            ),
            OdsProblem::TooManyCells(cells) => WORKBOOK_CELLS.exceeded(
                place,
                &format!("a sheet's repeated rows and columns expand to {cells} cells"),
            ),
        }
    }
}

/// Reads a `content.xml` to its end: complete XML, and no table whose filled rows span more
/// cells than allowed — calamine makes a rectangle from the first filled row to the last and
/// from the first column to the last filled one, repeats expanded (empty trailing rows and
/// cells, which LibreOffice writes with huge repeat counts, expand to nothing).
fn ods_content(reader: &mut impl Read) -> Result<Option<OdsProblem>, ()> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(reader));
    let mut buf = Vec::new();
    let mut depth = 0u64;
    let cells_limit = WORKBOOK_CELLS.get();
    let rows_limit = u64::from(limits::SHEET_ROWS);
    let mut table = Rect::default();
    // The row being read: its first row number, its repeat count, its width up to its last
    // filled cell, and the empty cells since that one.
    let (mut row_repeats, mut row_width, mut pending) = (1u64, 0u64, 0u64);
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|_| ())?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                if !empty {
                    depth += 1;
                }
                match e.name().as_ref() {
                    "table:table" => table = Rect::default(),
                    "table:table-row" => {
                        row_repeats = repeats(e, "table:number-rows-repeated");
                        (row_width, pending) = (0, 0);
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let r = repeats(e, "table:number-columns-repeated");
                        let filled = !empty
                            || e.attributes().flatten().any(|a| {
                                a.key.as_ref() == "office:value-type"
                                    || a.key.as_ref() == "table:formula"
                            });
                        if filled {
                            row_width = row_width.saturating_add(pending).saturating_add(r);
                            pending = 0;
                        } else {
                            pending = pending.saturating_add(r);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.checked_sub(1).ok_or(())?;
                if e.name().as_ref() == "table:table-row" {
                    let first = table.rows;
                    table.rows = (table.rows.saturating_add(row_repeats)).min(rows_limit);
                    if row_width > 0 && row_repeats > limits::REPEATED_ROWS {
                        return Ok(Some(OdsProblem::Repeated(row_repeats)));
                    }
                    if row_width > 0 {
                        table.first.get_or_insert(first);
                        table.last = table.rows;
                        table.width = table.width.max(row_width);
                        let cells =
                            (table.last - table.first.unwrap_or(0)).saturating_mul(table.width);
                        if cells > cells_limit {
                            return Ok(Some(OdsProblem::TooManyCells(cells)));
                        }
                    }
                }
            }
            Event::Eof => {
                return if depth == 0 { Ok(None) } else { Err(()) };
            }
            _ => {}
        }
        buf.clear();
    }
}

/// The rows of an OpenDocument table read so far, and the rectangle its filled rows span.
#[derive(Default)]
struct Rect {
    /// Rows so far, repeats counted.
    rows: u64,
    /// The row number before the first filled row.
    first: Option<u64>,
    /// The row number of the last filled row.
    last: u64,
    /// The widest filled row, to its last filled cell.
    width: u64,
}

/// The value of a repeat attribute (1 without one; a number that does not read counts as 1,
/// and calamine refuses it).
fn repeats(element: &BytesStart<'_>, attribute: &str) -> u64 {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == attribute)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}
