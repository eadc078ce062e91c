//! CSV: one row per initiative, in rank order, with a guard against formula injection.

use super::{Renderer, factor_cell};
use crate::model::ScoreReport;
use crate::model::roadmap::RoadmapReport;
use std::borrow::Cow;
use std::io::{self, Write};

/// CSV renderer.
pub struct Csv;

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
        let mut w = ::csv::WriterBuilder::new().from_writer(out);
        let factor_ids: Vec<&str> = report.model.factors.iter().map(|f| f.id.as_str()).collect();
        let extra: Vec<&str> = report
            .initiatives
            .first()
            .map(|i| i.columns.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut header: Vec<&str> = vec![
            "rank",
            "id",
            "name",
            "score",
            "index",
            "tier",
            "readiness",
            "gaps",
        ];
        header.extend(&factor_ids);
        header.extend([
            "effort_pm",
            "depends_on",
            "requires",
            "raises",
            "cost",
            "owner",
            "metric",
            "description",
            "tie_break",
        ]);
        if report.simulation.is_some() {
            header.extend(["rank_p10", "rank_p50", "rank_p90", "p_top", "fragile"]);
        }
        header.extend(&extra);
        w.write_record(&header)?;
        for row in &report.initiatives {
            let mut record: Vec<String> = vec![
                row.rank.to_string(),
                guard(&row.id).into_owned(),
                guard(&row.name).into_owned(),
                format!("{:.6}", row.score),
                row.index.map(|x| format!("{x:.2}")).unwrap_or_default(),
                guard(&row.tier).into_owned(),
                row.readiness.status.clone(),
                guard(&row.readiness.gaps.join("; ")).into_owned(),
            ];
            record.extend(factor_ids.iter().map(|f| factor_cell(row, f)));
            let text = |s: &Option<String>| guard(s.as_deref().unwrap_or("")).into_owned();
            record.extend([
                opt_number(row.effort_pm),
                guard(&row.depends_on.join(";")).into_owned(),
                text(&row.requires),
                text(&row.raises),
                opt_number(row.cost),
                text(&row.owner),
                text(&row.metric),
                text(&row.description),
                row.tie_break
                    .as_ref()
                    .map(|t| guard(&t.reason).into_owned())
                    .unwrap_or_default(),
            ]);
            if let Some(s) = row.simulation {
                record.extend([
                    super::short_number(s.rank_p10, 4),
                    super::short_number(s.rank_p50, 4),
                    super::short_number(s.rank_p90, 4),
                    super::short_number(s.p_top, 4),
                    s.fragile.to_string(),
                ]);
            }
            record.extend(
                extra
                    .iter()
                    .map(|c| guard(row.columns.get(*c).map_or("", String::as_str)).into_owned()),
            );
            w.write_record(&record)?;
        }
        w.flush()
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
