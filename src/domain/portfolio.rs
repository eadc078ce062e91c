//! Validated initiatives: what the loaders produce and the engine consumes.

/// A factor cell written as a range `a-b`: scored at its midpoint, sampled by `--simulate`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FactorRange {
    /// Index of the factor in the framework.
    pub factor: usize,
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// The word that tests the overall level in `requires`.
pub const OVERALL: &str = "level";

/// The dimension a readiness gap such as `governance.registry 1 < 3` is about: its first word
/// is a dimension id, a question id (`dimension.question`) or [`OVERALL`].
pub fn gap_dimension(gap: &str) -> &str {
    let key = gap.split(' ').next().unwrap_or_default();
    key.split('.').next().unwrap_or(key)
}

/// What a readiness prerequisite tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gate {
    /// A dimension's level (index into the maturity model's dimensions).
    Dimension(usize),
    /// One question's answer (`governance.registry>=3`): dimension index, question index
    /// within it.
    Question(usize, usize),
    /// The assessed overall level (`level>=N`).
    Overall,
}

/// A readiness prerequisite: `data>=3`, `governance.registry>=3` or `level>=3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement {
    /// What is tested.
    pub gate: Gate,
    /// The lowest level that passes.
    pub level: u8,
}

/// What completing an initiative does to the answers: `governance.registry=3` means that
/// question's honest answer is then at least 3; `data=3` means the same for every question of
/// the dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raise {
    /// Index of the dimension in the maturity model.
    pub dimension: usize,
    /// Index of the question within the dimension; `None` raises every question of it.
    pub question: Option<usize>,
    /// The level it reaches (a raise never lowers).
    pub level: u8,
}

impl Raise {
    /// Whether the raise can move what `gate` reads.
    pub fn touches(&self, gate: Gate) -> bool {
        match gate {
            Gate::Dimension(d) => self.dimension == d,
            Gate::Question(d, q) => self.dimension == d && self.question.is_none_or(|x| x == q),
            Gate::Overall => false,
        }
    }
}

/// One candidate initiative. The parts most rows leave empty (dependencies, readiness
/// conditions, description, metric) are kept apart in one allocation that a row without them
/// does not make (a row's fixed part is 184 bytes, was 352; docs/limits.md, "Memory").
#[derive(Debug, Clone, PartialEq)]
pub struct Initiative {
    /// Line in the input where its record starts (for messages).
    pub line: u64,
    /// Unique id.
    pub id: String,
    /// Name.
    pub name: String,
    /// One value per framework factor (a range's midpoint), in framework order.
    pub values: Vec<f64>,
    /// Factors given as ranges.
    pub ranges: Vec<FactorRange>,
    /// Person-months, when given.
    pub effort_pm: Option<f64>,
    /// Total cost, when given.
    pub cost: Option<f64>,
    /// Owner.
    pub owner: Option<String>,
    /// Cells of unknown columns, aligned with [`Portfolio::extra_columns`].
    pub extra: Box<[String]>,
    /// The rarely given parts; `None` when all of them are empty.
    details: Option<Box<Details>>,
}

/// The parts of an initiative that most rows leave empty, each without spare capacity.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Details {
    /// Ids it depends on.
    pub depends_on: Vec<String>,
    /// Readiness prerequisites, as written.
    pub requires: Option<Box<str>>,
    /// Maturity it raises when done, as written.
    pub raises: Option<Box<str>>,
    /// The parsed `requires` (empty when the framework has no maturity model).
    pub requirements: Box<[Requirement]>,
    /// The parsed `raises` (empty when the framework has no maturity model).
    pub lifts: Box<[Raise]>,
    /// Description.
    pub description: Option<Box<str>>,
    /// Success metric defined upfront.
    pub metric: Option<Box<str>>,
}

impl Initiative {
    /// An initiative with only its required fields; the optional ones empty.
    pub fn new(
        line: u64,
        id: String,
        name: String,
        values: Vec<f64>,
        extra_columns: usize,
    ) -> Self {
        Initiative {
            line,
            id,
            name,
            values,
            ranges: Vec::new(),
            effort_pm: None,
            cost: None,
            owner: None,
            extra: vec![String::new(); extra_columns].into(),
            details: None,
        }
    }

    /// Ids it depends on.
    pub fn depends_on(&self) -> &[String] {
        self.details.as_ref().map_or(&[], |d| &d.depends_on)
    }

    /// Readiness prerequisites, as written.
    pub fn requires(&self) -> Option<&str> {
        self.details.as_ref()?.requires.as_deref()
    }

    /// Maturity it raises when done, as written.
    pub fn raises(&self) -> Option<&str> {
        self.details.as_ref()?.raises.as_deref()
    }

    /// The parsed `requires` (empty when the framework has no maturity model).
    pub fn requirements(&self) -> &[Requirement] {
        self.details.as_ref().map_or(&[], |d| &d.requirements)
    }

    /// The parsed `raises` (empty when the framework has no maturity model).
    pub fn lifts(&self) -> &[Raise] {
        self.details.as_ref().map_or(&[], |d| &d.lifts)
    }

    /// Description.
    pub fn description(&self) -> Option<&str> {
        self.details.as_ref()?.description.as_deref()
    }

    /// Success metric defined upfront.
    pub fn metric(&self) -> Option<&str> {
        self.details.as_ref()?.metric.as_deref()
    }

    /// The rarely given parts, to set them (made empty on first use).
    pub fn details_mut(&mut self) -> &mut Details {
        self.details.get_or_insert_default()
    }

    /// Empties the rarely given parts.
    pub fn clear_details(&mut self) {
        self.details = None;
    }
}

/// The initiatives of one input, in input order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Portfolio {
    /// Where it came from, as named to the user.
    pub source: String,
    /// The worksheet it was read from, for a spreadsheet.
    pub sheet: Option<String>,
    /// Headers of columns the tool does not know, carried through to output.
    pub extra_columns: Vec<String>,
    /// The initiatives.
    pub initiatives: Vec<Initiative>,
    /// Why rows were dropped by `--skip-invalid`.
    pub skipped: Vec<crate::error::Diagnostic>,
    /// Other non-fatal remarks about the input, e.g. a column that cannot be used.
    pub warnings: Vec<String>,
    /// The column of `depends_on` as places number it (a CSV cell's number in its row, a
    /// sheet's column), when the input has such a column.
    pub depends_on_column: Option<u64>,
}

impl Portfolio {
    /// The place of the row at `line` (a line of the file, or a row of the sheet).
    pub fn place(&self, line: u64) -> crate::error::Place {
        match &self.sheet {
            Some(sheet) => crate::error::Place::in_sheet(&self.source, sheet, line, None),
            None => crate::error::Place::line(&self.source, line),
        }
    }

    /// The place of the `depends_on` cell of the row at `line` (the row's place when the input
    /// has no such column).
    pub fn depends_on_place(&self, line: u64) -> crate::error::Place {
        let mut place = self.place(line);
        place.column = self.depends_on_column;
        place
    }

    /// Each initiative's position, by id.
    pub fn index_by_id(&self) -> std::collections::HashMap<&str, usize> {
        self.initiatives
            .iter()
            .enumerate()
            .map(|(n, i)| (i.id.as_str(), n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn an_initiative_keeps_its_rare_parts_out_of_line() {
        // A million rows: every byte here is a megabyte (docs/limits.md, "Memory").
        assert_eq!(std::mem::size_of::<Initiative>(), 184);
        assert_eq!(std::mem::size_of::<Details>(), 120);
        let mut i = Initiative::new(2, "A".into(), "a".into(), vec![1.0], 0);
        let plain = i.clone();
        assert_eq!(i.depends_on(), &[] as &[String]);
        assert_eq!(i.requires(), None);
        i.details_mut().requires = Some("data>=3".into());
        assert_eq!(i.requires(), Some("data>=3"));
        assert_ne!(i, plain);
        i.clear_details();
        assert_eq!(i, plain);
    }
}
