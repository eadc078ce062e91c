//! Every limit on what itsm-ai reads, in one place (docs/limits.md lists them). An input past
//! a limit is refused with exit 2 and a diagnostic naming the limit and the place; the size
//! limits can be raised with an environment variable, read once per run.

use crate::error::{Code, Diagnostic, Error, Place, Result};
use std::io::Read;
use std::sync::OnceLock;

/// Most bytes one cell may hold (a longer one is nearly always a quote never closed).
pub const CELL_BYTES: usize = 64 * 1024;

/// Most bytes one CSV record (the header or a row, all its cells) may span.
pub const LINE_BYTES: usize = 1 << 20;

/// Most characters a scoring formula may have.
pub const FORMULA_CHARS: usize = 1024;

/// Deepest nesting a formula may have (parentheses, unary minus, powers, function calls).
pub const FORMULA_DEPTH: usize = 64;

/// Problems reported per run; the rest are counted ("… and N more").
pub const DIAGNOSTICS: usize = 50;

/// Last row of a worksheet (as in Excel and LibreOffice).
pub const SHEET_ROWS: u32 = 1_048_576;

/// Last column of a worksheet (`XFD`).
pub const SHEET_COLUMNS: u32 = 16_384;

/// Most times an OpenDocument row with something in it may repeat (`number-rows-repeated`);
/// empty rows repeat freely, as LibreOffice writes them to the end of the sheet.
pub const REPEATED_ROWS: u64 = 1000;

/// A limit that the user can raise.
#[derive(Debug, Clone, Copy)]
pub struct Raisable {
    /// The environment variable that sets it.
    pub variable: &'static str,
    /// Its value when the variable is not set.
    pub default: u64,
    /// What it bounds, for messages: "input size".
    pub what: &'static str,
    /// Whether it counts bytes (printed as `2 GiB`) rather than things (printed as a number).
    pub bytes: bool,
}

/// Largest input file (initiatives, framework, answers, assessment, template), in bytes.
pub const INPUT_BYTES: Raisable = Raisable {
    variable: "ITSM_AI_MAX_INPUT_BYTES",
    default: 2 << 30,
    what: "input size",
    bytes: true,
};

/// Most bytes a workbook's parts may hold once decompressed, all parts together.
pub const WORKBOOK_BYTES: Raisable = Raisable {
    variable: "ITSM_AI_MAX_WORKBOOK_BYTES",
    default: 4 << 30,
    what: "workbook size decompressed",
    bytes: true,
};

/// How many times larger than its compressed size a part of a workbook may be once
/// decompressed (parts under 1 MiB are exempt). Spreadsheet programs write parts that
/// compress 5 to 30 times; a decompression bomb reaches 1000.
pub const WORKBOOK_RATIO: Raisable = Raisable {
    variable: "ITSM_AI_MAX_WORKBOOK_RATIO",
    default: 100,
    what: "workbook compression ratio",
    bytes: false,
};

/// Most cells a worksheet's table may span (rows times columns, row by row).
pub const WORKBOOK_CELLS: Raisable = Raisable {
    variable: "ITSM_AI_MAX_WORKBOOK_CELLS",
    default: 64 << 20,
    what: "worksheet cells",
    bytes: false,
};

/// Most bytes a `report --template` may produce, counting what it builds on the way.
pub const TEMPLATE_BYTES: Raisable = Raisable {
    variable: "ITSM_AI_MAX_TEMPLATE_BYTES",
    default: 256 << 20,
    what: "template output size",
    bytes: true,
};

/// Most initiatives (rows of a CSV, TSV or worksheet, records of a list) one input may hold:
/// five times the million-row case, so that a file made by mistake (a log, a join gone wrong)
/// is refused before it fills memory.
pub const ROWS: Raisable = Raisable {
    variable: "ITSM_AI_MAX_ROWS",
    default: 5_000_000,
    what: "row",
    bytes: false,
};

/// Every limit the user can raise.
pub const ALL: [Raisable; 6] = [
    INPUT_BYTES,
    ROWS,
    WORKBOOK_BYTES,
    WORKBOOK_RATIO,
    WORKBOOK_CELLS,
    TEMPLATE_BYTES,
];

impl Raisable {
    /// The limit in force: the variable's value when it is a positive whole number, otherwise
    /// the default. Read once.
    pub fn get(&self) -> u64 {
        static VALUES: OnceLock<[u64; ALL.len()]> = OnceLock::new();
        let values = VALUES.get_or_init(|| {
            ALL.map(|l| {
                std::env::var(l.variable)
                    .ok()
                    .and_then(|v| parse_size(&v))
                    .unwrap_or(l.default)
            })
        });
        let index = ALL
            .iter()
            .position(|l| l.variable == self.variable)
            .expect("every raisable limit is in ALL");
        values[index]
    }

    /// The diagnostic for an input past this limit at `place`; `found` says by how much.
    pub fn exceeded(&self, place: Place, found: &str) -> Diagnostic {
        self.exceeded_at(place, found, self.get())
    }

    /// A value of this limit as people read it.
    pub fn show(&self, value: u64) -> String {
        if self.bytes {
            human(value)
        } else {
            value.to_string()
        }
    }

    fn exceeded_at(&self, place: Place, found: &str, limit: u64) -> Diagnostic {
        Diagnostic::new(
            Code::LimitExceeded,
            place,
            format!("{found}: the {} limit is {}", self.what, self.show(limit)),
        )
        .with_hint(format!(
            "if the file is what you meant, raise the limit with {}=<number> (suffixes K, M, G)",
            self.variable
        ))
    }
}

/// The diagnostic for an input past a fixed limit at `place`.
pub fn exceeded(place: Place, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Code::LimitExceeded, place, message)
}

/// Reads a size such as `3000000`, `512K`, `300M` or `4G` (binary multiples).
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let (digits, shift) = match text.char_indices().last()? {
        (i, 'k' | 'K') => (&text[..i], 10),
        (i, 'm' | 'M') => (&text[..i], 20),
        (i, 'g' | 'G') => (&text[..i], 30),
        _ => (text, 0),
    };
    let n: u64 = digits.trim().parse().ok()?;
    n.checked_mul(1 << shift).filter(|&n| n > 0)
}

/// A byte count as people read it: `2 GiB`, `64 KiB`, `1500 bytes`.
pub fn human(bytes: u64) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

/// Reads all of `reader` (named `name` in messages), refusing more than [`INPUT_BYTES`]: a
/// stream without end, such as `/dev/zero`, ends in a diagnostic instead of filling memory.
pub fn read_bounded(name: &str, reader: impl Read) -> Result<Vec<u8>> {
    read_at_most(name, reader, INPUT_BYTES.get())
}

fn read_at_most(name: &str, reader: impl Read, limit: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(name, e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::single(INPUT_BYTES.exceeded_at(
            Place::file(name),
            "the input is too large",
            limit,
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_binary_suffixes() {
        assert_eq!(parse_size("3000000"), Some(3_000_000));
        assert_eq!(parse_size("512K"), Some(512 << 10));
        assert_eq!(parse_size(" 300m "), Some(300 << 20));
        assert_eq!(parse_size("4G"), Some(4 << 30));
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("-1"), None);
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("99999999999999999999G"), None);
    }

    #[test]
    fn sizes_print_in_the_largest_whole_unit() {
        assert_eq!(human(2 << 30), "2 GiB");
        assert_eq!(human(64 << 10), "64 KiB");
        assert_eq!(human(1500), "1500 bytes");
    }

    #[test]
    fn an_endless_stream_is_cut_at_the_limit() {
        let err = read_at_most("<stdin>", std::io::repeat(0), 1 << 20).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with(
                "<stdin>: the input is too large: the input size limit is 1 MiB [limit-exceeded]"
            ),
            "{text}"
        );
        assert_eq!(read_at_most("f", &b"abc"[..], 3).unwrap(), b"abc");
        assert!(text.contains("ITSM_AI_MAX_INPUT_BYTES"), "{text}");
    }
}
