//! Typed errors with stable diagnostic codes, mapped to exit codes.

use std::fmt;
use std::path::PathBuf;

/// How many diagnostics are kept in memory and printed; the rest are only counted.
pub const DIAGNOSTIC_LIMIT: usize = 50;

/// Where a problem is: a file, and optionally a line and a column (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file as the user named it (or a label such as `<stdin>`).
    pub file: String,
    /// 1-based line number (in a spreadsheet, the row).
    pub line: Option<u64>,
    /// 1-based column number.
    pub column: Option<u64>,
    /// The worksheet, for a spreadsheet: the place reads as Excel writes a reference,
    /// `book.xlsx:Sheet1!C14`, or `book.xlsx:Sheet1!14:14` for a whole row.
    pub sheet: Option<String>,
}

impl Place {
    /// A place that names only a file.
    pub fn file(file: impl Into<String>) -> Self {
        Place {
            file: file.into(),
            line: None,
            column: None,
            sheet: None,
        }
    }

    /// A place that names a file and a line.
    pub fn line(file: impl Into<String>, line: u64) -> Self {
        Place {
            file: file.into(),
            line: Some(line),
            column: None,
            sheet: None,
        }
    }

    /// A place that names a file, a line and a column.
    pub fn at(file: impl Into<String>, line: u64, column: u64) -> Self {
        Place {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            sheet: None,
        }
    }

    /// A row of a worksheet, or one of its cells.
    pub fn in_sheet(file: impl Into<String>, sheet: &str, row: u64, column: Option<u64>) -> Self {
        Place {
            file: file.into(),
            line: Some(row),
            column,
            sheet: Some(sheet.to_string()),
        }
    }
}

/// A column's letters as Excel shows them: 1 → `A`, 26 → `Z`, 27 → `AA`.
pub fn column_letters(mut column: u64) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let digit = (column - 1) % 26;
        letters.push(b'A' + digit as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// A sheet name as a reference writes it: quoted (with `'` doubled) unless it is a plain word.
fn sheet_reference(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let (Some(sheet), Some(row)) = (&self.sheet, self.line) {
            let sheet = sheet_reference(sheet);
            return match self.column {
                Some(column) => write!(f, ":{sheet}!{}{row}", column_letters(column)),
                None => write!(f, ":{sheet}!{row}:{row}"),
            };
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// One problem in an input, with a stable code documented in `docs/diagnostics.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable identifier, e.g. `invalid-value`.
    pub code: &'static str,
    /// Where the problem is.
    pub place: Place,
    /// What is wrong and what was expected.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without a hint.
    pub fn new(code: &'static str, place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            place,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.place, self.message, self.code)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A bounded collection of diagnostics: keeps the first [`DIAGNOSTIC_LIMIT`], counts the rest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    dropped: usize,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if self.items.len() < DIAGNOSTIC_LIMIT {
            self.items.push(diagnostic);
        } else {
            self.dropped += 1;
        }
    }

    /// Moves every problem of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d);
        }
        self.dropped += other.dropped;
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.dropped == 0
    }

    /// Total number of problems, kept or counted.
    pub fn len(&self) -> usize {
        self.items.len() + self.dropped
    }

    /// The kept problems, in the order they were found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// `Ok(value)` when nothing was recorded, otherwise the collected problems as an error.
    pub fn into_result<T>(self, value: T) -> Result<T, Error> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(Error::Invalid(self))
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_str("\nerror: ")?;
            }
            write!(f, "{d}")?;
        }
        if self.dropped > 0 {
            write!(
                f,
                "\nerror: … and {} more problem{} not shown",
                self.dropped,
                if self.dropped == 1 { "" } else { "s" }
            )?;
        }
        let n = self.len();
        if n > 1 {
            write!(f, "\n{n} problems found; nothing was written")?;
        }
        Ok(())
    }
}

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in an input file (exit 2).
    #[error("{0}")]
    Invalid(Diagnostics),
    /// Bad usage: flags that contradict each other, a missing argument (exit 2).
    #[error("{0}")]
    Usage(String),
    /// A file could not be read or written (exit 2).
    #[error("{}: {}", .path.display(), .source)]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A check failed: `--check` found a stale file, `--fail-below` was missed (exit 1).
    #[error("{0}")]
    CheckFailed(String),
    /// The user pressed Ctrl-C (exit 130); the message says what was kept and how to go on.
    #[error("interrupted: {0}")]
    Interrupted(String),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::CheckFailed(_) => 1,
            Error::Interrupted(_) => 130,
            Error::Invalid(_) | Error::Usage(_) | Error::Io { .. } => 2,
        }
    }

    /// A single diagnostic as an error.
    pub fn single(diagnostic: Diagnostic) -> Self {
        let mut all = Diagnostics::new();
        all.push(diagnostic);
        Error::Invalid(all)
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The closest candidate to `input` by Jaro similarity above 0.7 (clap's threshold), if any.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro(&input, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.7)
        // The best match; on equal similarity the first candidate wins, so results are stable.
        .fold(None, |best: Option<(f64, &str)>, (score, c)| match best {
            Some((b, _)) if b >= score => best,
            _ => Some((score, c)),
        })
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_places_read_as_excel_references() {
        let letters: Vec<String> = [1, 3, 26, 27, 702, 703].map(column_letters).to_vec();
        assert_eq!(letters, ["A", "C", "Z", "AA", "ZZ", "AAA"]);
        assert_eq!(
            Place::in_sheet("b.xlsx", "Sheet1", 14, Some(3)).to_string(),
            "b.xlsx:Sheet1!C14"
        );
        assert_eq!(
            Place::in_sheet("b.xlsx", "Plan 2027", 7, None).to_string(),
            "b.xlsx:'Plan 2027'!7:7"
        );
        assert_eq!(
            Place::in_sheet("b.xlsx", "Bob's", 2, Some(1)).to_string(),
            "b.xlsx:'Bob''s'!A2"
        );
        assert_eq!(Place::at("f.yaml", 3, 5).to_string(), "f.yaml:3:5");
    }
}
