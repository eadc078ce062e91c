//! Typed errors with stable diagnostic codes, mapped to exit codes.

use std::fmt;
use std::path::PathBuf;

/// How many diagnostics are kept in memory and printed; the rest are only counted.
pub const DIAGNOSTIC_LIMIT: usize = crate::limits::DIAGNOSTICS;

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

/// Declares [`Code`] from one list, so [`Code::ALL`] and [`Code::as_str`] cannot miss a variant.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $text:literal,)+) => {
        /// The stable code of a diagnostic, printed in square brackets at the end of its line.
        ///
        /// Each code has an entry in `docs/diagnostics.md`, headed by its kebab-case text; a test
        /// checks that the two lists agree. Scripts may match on the text, so a code never
        /// changes meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)+
        }

        impl Code {
            /// Every code.
            pub const ALL: &[Code] = &[$(Code::$variant,)+];

            /// The code as it is printed and documented, e.g. `invalid-value`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)+
                }
            }
        }
    };
}

codes! {
    /// The initiatives file (or the chosen worksheet) is empty, or a sheet has no header row.
    InputEmpty => "input-empty",
    /// The initiatives file has a header but no rows, or `--skip-invalid` dropped every row.
    InputNoRows => "input-no-rows",
    /// The CSV reader itself failed on the file.
    CsvInvalid => "csv-invalid",
    /// The header (or the keys of a YAML/JSON list) lacks a required column.
    MissingColumn => "missing-column",
    /// Two header cells (or list keys) mean the same column.
    DuplicateColumn => "duplicate-column",
    /// A header cell, a data cell or a whole file is not valid UTF-8.
    InvalidUtf8 => "invalid-utf8",
    /// A row has more or fewer cells than the header.
    RowWidth => "row-width",
    /// A cell is larger than 64 KiB, usually a quote never closed.
    CellTooLarge => "cell-too-large",
    /// A required cell is empty, or `roadmap --capacity` lacks an initiative's person-months.
    MissingValue => "missing-value",
    /// A cell's value is not acceptable: off the scale, not a number, a bad condition.
    InvalidValue => "invalid-value",
    /// An initiative id is used by an earlier row.
    DuplicateId => "duplicate-id",
    /// A `depends_on` entry names no valid initiative, or the initiative itself.
    UnknownDependency => "unknown-dependency",
    /// The `depends_on` entries of some initiatives form a loop.
    DependencyCycle => "dependency-cycle",
    /// A workbook cannot be opened, or its sheet cannot be read.
    XlsxInvalid => "xlsx-invalid",
    /// `--sheet` names no sheet of the workbook.
    SheetMissing => "sheet-missing",
    /// A `report --template` file does not parse, names a missing field, or runs too long.
    TemplateInvalid => "template-invalid",
    /// A YAML or JSON file does not read, or its shape is not the one expected.
    YamlInvalid => "yaml-invalid",
    /// A framework file reads but breaks a rule of the framework format.
    FrameworkInvalid => "framework-invalid",
    /// A framework's scoring formula does not compile or can leave its domain.
    FormulaInvalid => "formula-invalid",
    /// An answers file or assessment result is for another framework.
    AnswersFramework => "answers-framework",
    /// A question-level `requires` or `raises` meets an assessment that has levels but no answers.
    NeedsAnswers => "needs-answers",
    /// An answers file names a question the framework does not have.
    AnswersUnknownQuestion => "answers-unknown-question",
    /// An answer is not a level the question offers.
    AnswersInvalidLevel => "answers-invalid-level",
    /// An answer is n/a where the framework refuses it (`allow_na: false`).
    AnswersNotApplicable => "answers-not-applicable",
    /// An answers file's `date` (or `--date`) is not an ISO 8601 calendar date.
    AnswersInvalidDate => "answers-invalid-date",
    /// An assessment result names an unknown dimension or a level outside the framework's.
    AssessmentInvalid => "assessment-invalid",
    /// An input is past one of the limits of docs/limits.md (size, cell range, formula length…).
    LimitExceeded => "limit-exceeded",
    /// The memory a run will need (estimated from its input's size) cannot be had.
    MemoryUnavailable => "memory-unavailable",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in an input, with a stable code documented in `docs/diagnostics.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable identifier, printed as e.g. `invalid-value`.
    pub code: Code,
    /// Where the problem is.
    pub place: Place,
    /// What is wrong and what was expected.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without a hint.
    pub fn new(code: Code, place: Place, message: impl Into<String>) -> Self {
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

    /// A code as the docs write it: lower-case words of letters and digits joined by `-`.
    fn is_kebab(text: &str) -> bool {
        !text.is_empty()
            && text.split('-').all(|w| {
                !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    }

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(is_kebab(code.as_str()), "{code:?} prints as {code}");
            assert_eq!(code.to_string(), code.as_str());
            assert!(seen.insert(code.as_str()), "{code} is used by two variants");
        }
    }

    /// Every code has an entry in `docs/diagnostics.md` (a heading that is only the code in
    /// backticks, such as ``### `invalid-value` ``), every such entry names a code, and every
    /// `[code]` that ends an example `error:` line is a code.
    #[test]
    fn every_code_has_a_docs_entry_and_every_entry_a_code() {
        let docs = include_str!("../docs/diagnostics.md");
        let known = |text: &str| Code::ALL.iter().any(|c| c.as_str() == text);
        let mut entries = Vec::new();
        for line in docs.lines() {
            let heading = line.trim_start_matches('#');
            if heading.len() == line.len() || !heading.starts_with(' ') {
                continue;
            }
            let Some(name) = heading
                .trim()
                .strip_prefix('`')
                .and_then(|h| h.strip_suffix('`'))
                .filter(|name| is_kebab(name))
            else {
                continue;
            };
            assert!(
                known(name),
                "docs/diagnostics.md has an entry for {name:?}, which is no code"
            );
            assert!(
                !entries.contains(&name),
                "docs/diagnostics.md has two entries for {name:?}"
            );
            entries.push(name);
        }
        for code in Code::ALL {
            assert!(
                entries.contains(&code.as_str()),
                "docs/diagnostics.md has no entry (a heading ### `{code}`) for {code:?}"
            );
        }
        for line in docs.lines().filter(|l| l.starts_with("error: ")) {
            if let Some(code) = line
                .strip_suffix(']')
                .and_then(|l| l.rsplit_once(" ["))
                .map(|(_, code)| code)
                .filter(|code| is_kebab(code))
            {
                assert!(
                    known(code),
                    "docs/diagnostics.md shows an unknown code: {line}"
                );
            }
        }
    }
}
