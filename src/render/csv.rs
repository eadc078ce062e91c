//! CSV: one row per initiative, in rank order, with a guard against formula injection.

use super::Renderer;
use super::score_csv::{Brief, ScoreCsv};
use crate::model::ScoreReport;
use crate::model::roadmap::RoadmapReport;
use std::borrow::Cow;
use std::io::{self, Write};

/// CSV renderer.
pub struct Csv;

/// Writes a ranking with the given columns.
pub fn write_score(
    report: &ScoreReport,
    columns: &ScoreCsv,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new().from_writer(out);
    w.write_record(columns.header())?;
    for row in &report.initiatives {
        let brief = Brief {
            rank: row.rank,
            id: &row.id,
            score: row.score,
            index: row.index,
            tier: &row.tier,
            tie_reason: row.tie_break.as_ref().map(|t| t.reason.as_str()),
        };
        columns.write_row(&mut w, &brief, Some(row))?;
    }
    w.flush()
}

/// Prefixes `'` to a text cell that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or carriage return).
pub fn guard(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

fn opt_number(v: Option<f64>) -> String {
    v.map(|x| super::short_number(x, 6)).unwrap_or_default()
}

impl Renderer for Csv {
    fn score(&self, report: &ScoreReport, out: &mut dyn Write) -> io::Result<()> {
        let extra: Vec<String> = report
            .initiatives
            .first()
            .map(|i| i.columns.keys().cloned().collect())
            .unwrap_or_default();
        let columns = ScoreCsv::all(&report.model, &extra, report.simulation.is_some());
        write_score(report, &columns, out)
    }

    fn roadmap(&self, report: &RoadmapReport, out: &mut dyn Write) -> io::Result<()> {
        let mut w = ::csv::WriterBuilder::new().from_writer(out);
        w.write_record([
            "phase",
            "rank",
            "id",
            "name",
            "score",
            "tier",
            "effort_pm",
            "cost",
            "readiness",
            "gaps",
            "depends_on",
            "requires",
            "raises",
            "owner",
            "metric",
            "reason",
            "detail",
        ])?;
        let details: std::collections::HashMap<&str, &str> = report
            .unscheduled
            .iter()
            .map(|u| (u.id.as_str(), u.detail.as_str()))
            .collect();
        for i in &report.initiatives {
            let text = |s: &Option<String>| guard(s.as_deref().unwrap_or("")).into_owned();
            w.write_record([
                text(&i.phase),
                i.rank.to_string(),
                guard(&i.id).into_owned(),
                guard(&i.name).into_owned(),
                format!("{:.6}", i.score),
                guard(&i.tier).into_owned(),
                opt_number(i.effort_pm),
                opt_number(i.cost),
                i.readiness.status.clone(),
                guard(&i.readiness.gaps.join("; ")).into_owned(),
                guard(&i.depends_on.join(";")).into_owned(),
                text(&i.requires),
                text(&i.raises),
                text(&i.owner),
                text(&i.metric),
                text(&i.reason),
                guard(details.get(i.id.as_str()).copied().unwrap_or("")).into_owned(),
            ])?;
        }
        w.flush()
    }
}
