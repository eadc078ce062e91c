//! Output of `itsm-ai framework list`.

use serde::Serialize;

/// The frameworks available.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FrameworkList {
    /// Built-ins first, then the project-local ones by file name.
    pub frameworks: Vec<FrameworkRow>,
}

/// One framework.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FrameworkRow {
    /// Id, for `--framework`.
    pub id: String,
    /// Version.
    pub version: u32,
    /// Name.
    pub name: String,
    /// `built-in` or the file it was read from.
    pub source: String,
    /// The scoring model's name, if it has one.
    pub scoring: Option<String>,
    /// Number of factors.
    pub factors: usize,
    /// Number of maturity dimensions.
    pub dimensions: usize,
}
