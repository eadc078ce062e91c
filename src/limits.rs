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

/// Memory a run of `score`, `roadmap` or `report` needs per byte of a CSV initiatives input at
/// most, all stages together. Calibrated on the benchmark's rows (60 bytes of CSV each):
/// reading and checking peaks at 8.2 bytes per input byte for a million rows (487 MB for
/// 59.7 MB) and 8.9 for 200,000 (104 MB for 11.7 MB); writing is to add about 10% to that. So
/// 10 bytes per byte, plus [`MEMORY_BASE`], sits 15 to 30% above what a run uses: a process
/// allowed that much less is refused though the run might just have fitted.
pub const MEMORY_PER_INPUT_BYTE: u64 = 10;

/// Memory `roadmap` and `report` need per input byte: the plan adds its schedule and an index of
/// the ids to what `score` needs: a million rows (59.7 MB) peak at 875 MB resident; under
/// `ulimit -v` the run aborted at 780 MB and finished at 880 MB.
pub const PLAN_MEMORY_PER_INPUT_BYTE: u64 = 14;

/// Memory `report` needs per input byte: the board pack adds the value-against-effort chart,
/// whose points carry each initiative's id and name, to the plan: a million rows peak at
/// 1.55 GB resident; under `ulimit -v` the run aborted at 1.6 GB and finished at 1.8 GB.
pub const REPORT_MEMORY_PER_INPUT_BYTE: u64 = 30;

/// Memory any command needs per byte of a workbook (compressed, as on disk): reading unpacks
/// every cell. A million rows written by `score -o out.xlsx` (72 MB) peak at 2.16 GB resident
/// for `score` and `roadmap` and 2.33 GB for `report`.
pub const WORKBOOK_MEMORY_PER_INPUT_BYTE: u64 = 40;

/// Memory `score` needs per input byte on its fast path (a CSV ranked to CSV): it peaks at
/// 1.6 bytes per byte (93 MB for 59.7 MB).
pub const LEAN_MEMORY_PER_INPUT_BYTE: u64 = 2;

/// Memory a run needs whatever its input: the framework, buffers, the output's own.
pub const MEMORY_BASE: u64 = 32 << 20;

/// Address space each worker thread takes for its memory pool (glibc's arena of 64 MiB): it
/// costs no memory until used, but counts against a limit such as `ulimit -v`.
pub const MEMORY_PER_THREAD: u64 = 64 << 20;

/// The worker threads a run may start: `RAYON_NUM_THREADS`, else the processors available.
fn worker_threads() -> u64 {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&n| n > 0)
        .or_else(|| {
            std::thread::available_parallelism()
                .ok()
                .map(|n| n.get() as u64)
        })
        .unwrap_or(1)
}

/// Checks, before the work, that the memory a run will need for an input of `input_bytes`
/// (named `name`) at `per_byte`, plus [`MEMORY_BASE`] and [`MEMORY_PER_THREAD`] for each worker
/// thread, can be had: it asks for that much address space without
/// touching it (no page is used) and gives it back. Refused (a limit such as `ulimit -v`, or
/// more than the machine has), the run ends with exit 2 now rather than aborting half-way.
/// `ITSM_AI_MEMORY_CHECK=off` skips the check.
pub fn ensure_memory(name: &str, input_bytes: u64, per_byte: u64) -> Result<()> {
    if std::env::var_os("ITSM_AI_MEMORY_CHECK").is_some_and(|v| v == "off") {
        return Ok(());
    }
    let needed = input_bytes
        .saturating_mul(per_byte)
        .saturating_add(MEMORY_BASE)
        .saturating_add(worker_threads().saturating_mul(MEMORY_PER_THREAD));
    if reserve(needed) {
        return Ok(());
    }
    Err(Error::single(
        Diagnostic::new(
            Code::MemoryUnavailable,
            Place::file(name),
            format!(
                "working on this {} MiB file needs about {} MiB of memory, and this process cannot have that much (free memory is short, or a limit such as `ulimit -v` is lower)",
                input_bytes.div_ceil(1 << 20),
                needed.div_ceil(1 << 20)
            ),
        )
        .with_hint("free memory or raise the limit; `itsm-ai score FILE.csv -o ranked.csv` ranks a CSV in about twice its size; if the estimate is wrong for this file, ITSM_AI_MEMORY_CHECK=off runs without the check"),
    ))
}

/// Checks, before a simulation, that every sample's ranks can be kept: `samples × rows` ranks
/// of 2 bytes (4 beyond 65,535 rows), plus each worker's block of 64 samples and
/// [`MEMORY_PER_THREAD`]. Refused, the run ends with exit 2 before the first sample.
pub fn ensure_simulation_memory(samples: u64, rows: u64) -> Result<()> {
    if std::env::var_os("ITSM_AI_MEMORY_CHECK").is_some_and(|v| v == "off") {
        return Ok(());
    }
    let rank_bytes = if rows <= u64::from(u16::MAX) { 2 } else { 4 };
    let threads = worker_threads();
    let needed = samples
        .saturating_add(64 * threads)
        .saturating_mul(rows)
        .saturating_mul(rank_bytes)
        .saturating_add(threads.saturating_mul(MEMORY_PER_THREAD));
    if reserve(needed) {
        return Ok(());
    }
    Err(Error::single(
        Diagnostic::new(
            Code::MemoryUnavailable,
            Place::file("--simulate"),
            format!(
                "{samples} samples of {rows} initiatives keep every sample's ranks: about {} MiB, and this process cannot have that much (free memory is short, or a limit such as `ulimit -v` is lower)",
                needed.div_ceil(1 << 20)
            ),
        )
        .with_hint("ask for fewer samples, or simulate fewer initiatives (for example the top of the ranking, saved with --top N -o top.csv)"),
    ))
}

/// Whether `bytes` of memory can be reserved now (reserved, not used, and given back).
fn reserve(bytes: u64) -> bool {
    let Ok(bytes) = usize::try_from(bytes) else {
        return false;
    };
    let mut space = Vec::<u8>::new();
    let granted = space.try_reserve_exact(bytes).is_ok();
    // Without this, an optimised build may leave out an allocation nothing reads, and report
    // every amount as granted.
    std::hint::black_box(&space);
    granted
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
    fn memory_that_cannot_exist_is_refused_and_a_little_is_granted() {
        assert!(reserve(1 << 20));
        assert!(!reserve(u64::MAX / 2));
        let err = ensure_memory("big.csv", u64::MAX / 64, MEMORY_PER_INPUT_BYTE).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("big.csv: working on this 274877906944 MiB file needs about "),
            "{text}"
        );
        assert!(text.contains("[memory-unavailable]"), "{text}");
        assert!(ensure_memory("small.csv", 1000, MEMORY_PER_INPUT_BYTE).is_ok());
    }

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
