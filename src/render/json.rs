//! JSON: the versioned contract, pretty-printed, with a final newline.

use super::Renderer;
use crate::model::board::BoardReport;
use crate::model::frameworks::FrameworkList;
use crate::model::roadmap::RoadmapReport;
use crate::model::{AssessmentReport, ComparisonReport, ScoreReport};
use std::io::{self, Write};

/// JSON renderer.
pub struct Json;

/// Writes any serialisable value as pretty JSON with a final newline.
pub fn write_json<T: serde::Serialize>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}

impl Renderer for Json {
    fn score(&self, report: &ScoreReport, out: &mut dyn Write) -> io::Result<()> {
        write_json(report, out)
    }

    fn assessment(&self, report: &AssessmentReport, out: &mut dyn Write) -> io::Result<()> {
        write_json(report, out)
    }

    fn comparison(&self, report: &ComparisonReport, out: &mut dyn Write) -> io::Result<()> {
        write_json(report, out)
    }

    fn roadmap(&self, report: &RoadmapReport, out: &mut dyn Write) -> io::Result<()> {
        write_json(report, out)
    }

    fn board(&self, report: &BoardReport, out: &mut dyn Write) -> io::Result<()> {
        write_json(report, out)
    }

    fn frameworks(&self, list: &FrameworkList, out: &mut dyn Write) -> io::Result<()> {
        write_json(list, out)
    }
}
