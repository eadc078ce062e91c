//! YAML: the same structure as the JSON output.

use super::Renderer;
use crate::model::{AssessmentReport, ComparisonReport};
use std::io::{self, Write};

/// YAML renderer.
pub struct Yaml;

fn write_yaml<T: serde::Serialize>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    let text = serde_saphyr::to_string(value).map_err(|e| io::Error::other(e.to_string()))?;
    out.write_all(text.as_bytes())
}

impl Renderer for Yaml {
    fn assessment(&self, report: &AssessmentReport, out: &mut dyn Write) -> io::Result<()> {
        write_yaml(report, out)
    }

    fn comparison(&self, report: &ComparisonReport, out: &mut dyn Write) -> io::Result<()> {
        write_yaml(report, out)
    }
}
