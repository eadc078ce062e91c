//! Renderers: one output format per file, behind one trait, writing to `&mut dyn Write`.
//! Renderers never compute; they format what the model holds.

pub mod csv;
pub mod decision;
pub mod gantt;
pub mod html;
pub mod json;
pub mod markdown;
pub mod plain;
pub mod score_csv;
pub mod table;
pub mod tabular;
pub mod template;
pub mod visible;
pub mod xlsx;
pub mod yaml;

use crate::model::board::BoardReport;
use crate::model::frameworks::FrameworkList;
use crate::model::roadmap::RoadmapReport;
use crate::model::{AssessmentReport, ComparisonReport, ScoreReport};
use crate::text::short_number;
use std::io::{self, Write};

/// An output format, chosen with `--format` or from the `-o` file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A terminal table.
    Table,
    /// CSV, one row per item.
    Csv,
    /// Tab-separated values, one row per item, never quoted (for cut, sort and awk).
    Tsv,
    /// JSON (the versioned contract in docs/json.md).
    Json,
    /// Markdown.
    Markdown,
    /// A self-contained HTML report.
    Html,
    /// An Excel workbook.
    Xlsx,
    /// YAML.
    Yaml,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 8] = [
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Markdown,
        Format::Html,
        Format::Xlsx,
        Format::Yaml,
    ];

    /// The format a file extension implies, if any.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Table,
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "json" => Format::Json,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" => Format::Html,
            "xlsx" => Format::Xlsx,
            "yaml" | "yml" => Format::Yaml,
            _ => return None,
        })
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Yaml => "yaml",
        }
    }
}

/// Options that affect how text formats look (never what they contain).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Colour the terminal table.
    pub color: bool,
    /// Width of the terminal table in columns; `None`: no wrapping, one line per row.
    pub width: Option<u16>,
    /// Write the header row of a table, CSV or TSV (`--no-header` leaves it out).
    pub header: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: Some(80),
            header: true,
        }
    }
}

/// Writes results in one format. A format that cannot show a kind of result says so with an
/// `Unsupported` error; commands check their supported formats before rendering.
pub trait Renderer {
    /// Writes a score report.
    fn score(&self, report: &ScoreReport, out: &mut dyn Write) -> io::Result<()> {
        let _ = (report, out);
        Err(unsupported())
    }

    /// Writes an assessment report.
    fn assessment(&self, report: &AssessmentReport, out: &mut dyn Write) -> io::Result<()> {
        let _ = (report, out);
        Err(unsupported())
    }

    /// Writes a before/after comparison.
    fn comparison(&self, report: &ComparisonReport, out: &mut dyn Write) -> io::Result<()> {
        let _ = (report, out);
        Err(unsupported())
    }

    /// Writes a roadmap.
    fn roadmap(&self, report: &RoadmapReport, out: &mut dyn Write) -> io::Result<()> {
        let _ = (report, out);
        Err(unsupported())
    }

    /// Writes the list of frameworks.
    fn frameworks(&self, list: &FrameworkList, out: &mut dyn Write) -> io::Result<()> {
        let _ = (list, out);
        Err(unsupported())
    }

    /// Writes the whole report: assessment, ranking, matrix, roadmap.
    fn board(&self, report: &BoardReport, out: &mut dyn Write) -> io::Result<()> {
        let _ = (report, out);
        Err(unsupported())
    }
}

/// A renderer whose output shows control characters instead of sending them (the terminal
/// table: a name holding `ESC[2J` must not clear the screen).
struct Visibly(table::Table);

impl Visibly {
    fn run(
        &self,
        out: &mut dyn Write,
        render: impl FnOnce(&table::Table, &mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut safe = visible::Visible::new(out, self.0.style.color);
        render(&self.0, &mut safe)?;
        safe.finish()
    }
}

impl Renderer for Visibly {
    fn score(&self, report: &ScoreReport, out: &mut dyn Write) -> io::Result<()> {
        self.run(out, |r, w| r.score(report, w))
    }
    fn assessment(&self, report: &AssessmentReport, out: &mut dyn Write) -> io::Result<()> {
        self.run(out, |r, w| r.assessment(report, w))
    }
    fn comparison(&self, report: &ComparisonReport, out: &mut dyn Write) -> io::Result<()> {
        self.run(out, |r, w| r.comparison(report, w))
    }
    fn roadmap(&self, report: &RoadmapReport, out: &mut dyn Write) -> io::Result<()> {
        self.run(out, |r, w| r.roadmap(report, w))
    }
    fn frameworks(&self, list: &FrameworkList, out: &mut dyn Write) -> io::Result<()> {
        self.run(out, |r, w| r.frameworks(list, w))
    }
    fn board(&self, report: &BoardReport, out: &mut dyn Write) -> io::Result<()> {
        self.run(out, |r, w| r.board(report, w))
    }
}

fn unsupported() -> io::Error {
    io::Error::new(
        io::ErrorKind::Unsupported,
        "this format cannot show this result",
    )
}

/// The renderer for a format, if one exists.
pub fn for_format(format: Format, style: Style) -> Option<Box<dyn Renderer>> {
    match format {
        Format::Table => Some(Box::new(Visibly(table::Table { style }))),
        Format::Csv => Some(Box::new(csv::Csv {
            tab: false,
            header: style.header,
        })),
        Format::Tsv => Some(Box::new(csv::Csv {
            tab: true,
            header: style.header,
        })),
        Format::Json => Some(Box::new(json::Json)),
        Format::Markdown => Some(Box::new(markdown::Markdown)),
        Format::Yaml => Some(Box::new(yaml::Yaml)),
        Format::Html => Some(Box::new(html::Html)),
        Format::Xlsx => Some(Box::new(xlsx::Xlsx)),
    }
}

/// A score with two decimals, or `–` when there is none.
pub fn opt_score(score: Option<f64>) -> String {
    score
        .map(|s| format!("{s:.2}"))
        .unwrap_or_else(|| "–".into())
}

/// A level with its name (`2 Tool-based`), or `–`.
pub fn level_label(level: Option<u8>, name: Option<&str>) -> String {
    match (level, name) {
        (Some(l), Some(n)) => format!("{l} {n}"),
        (Some(l), None) => l.to_string(),
        _ => "–".into(),
    }
}

/// A compared file as named in a heading: `before.yaml (2026-06-01)`.
pub fn compared_name(name: &str, date: Option<&str>) -> String {
    match date {
        Some(d) => format!("{name} ({d})"),
        None => name.to_string(),
    }
}

/// `Before: the level is withheld (incomplete: …).` for each side of a comparison whose level
/// is withheld.
pub fn withheld_lines(o: &crate::model::ComparedOverall) -> Vec<String> {
    [
        ("Before", &o.before_withheld_because),
        ("After", &o.after_withheld_because),
    ]
    .into_iter()
    .filter_map(|(side, why)| {
        why.as_ref()
            .map(|why| format!("{side}: the level is withheld ({why})."))
    })
    .collect()
}

/// An answer as people read it: `3`, `2.5`, `n/a`, `don't know` (from its JSON value).
pub fn answer_text(answer: &serde_json::Value) -> String {
    match answer {
        serde_json::Value::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), |v| short_number(v, 2)),
        serde_json::Value::String(s) if s == "dont_know" => "don't know".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "–".into(),
        other => other.to_string(),
    }
}

/// Where a focus question stands and its target: `now: 1 · Nothing is written down → next:
/// 2 · There is a broad aim …`.
pub fn focus_target(q: &crate::model::FocusQuestionOut) -> String {
    let now = match &q.answer {
        serde_json::Value::String(_) => {
            format!("don't know, scored as {} · {}", q.now.level, q.now.text)
        }
        serde_json::Value::Number(n) if n.as_f64() != Some(f64::from(q.now.level)) => format!(
            "{} (the median; {} · {})",
            answer_text(&q.answer),
            q.now.level,
            q.now.text
        ),
        _ => format!("{} · {}", q.now.level, q.now.text),
    };
    match &q.next {
        Some(next) => format!("now: {now} → next: {} · {}", next.level, next.text),
        None => format!("now: {now} (the highest option)"),
    }
}

/// `note: …; evidence: …`, when the respondent gave either.
pub fn note_text(note: Option<&str>, evidence: Option<&str>) -> Option<String> {
    match (note, evidence) {
        (None, None) => None,
        (Some(n), None) => Some(format!("note: {n}")),
        (None, Some(e)) => Some(format!("evidence: {e}")),
        (Some(n), Some(e)) => Some(format!("note: {n}; evidence: {e}")),
    }
}

/// A dimension's score for a table: `2.60`, `2.50*` when provisional (the dimension is
/// incomplete), or `–`.
pub fn dimension_score(d: &crate::model::DimensionOut) -> String {
    match d.score {
        Some(s) if !d.complete => format!("{s:.2}*"),
        other => opt_score(other),
    }
}

/// A dimension's level for a table: `2 Tool-based`, `incomplete`, or `n/a` when every question
/// is n/a.
pub fn dimension_level(d: &crate::model::DimensionOut) -> String {
    if !d.complete {
        return "incomplete".into();
    }
    if d.score.is_none() && d.not_applicable == d.total && d.total > 0 {
        return "n/a".into();
    }
    level_label(d.level, d.level_name.as_deref())
}

/// The footnote a provisional score needs, when a dimension has one.
pub fn provisional_note(report: &AssessmentReport) -> Option<&'static str> {
    report
        .dimensions
        .iter()
        .any(|d| !d.complete && d.score.is_some())
        .then_some("* provisional: too few of the dimension's questions are answered for a level")
}

/// `Head of IT Operations (CIO)`: the respondents, with the role of a single respondent.
pub fn respondents_line(report: &AssessmentReport) -> Option<String> {
    if report.respondents.is_empty() && report.role.is_none() {
        return None;
    }
    let mut line = report.respondents.join(", ");
    if let Some(role) = &report.role {
        if line.is_empty() {
            line = role.clone();
        } else if role != &line {
            line.push_str(&format!(" ({role})"));
        }
    }
    Some(line)
}

/// One respondent's answer in a perception gap: `CIO (Chief information officer): 1`.
pub fn gap_answer(a: &crate::model::RespondentAnswerOut) -> String {
    let who = a.respondent.as_deref().unwrap_or("?");
    let who = match &a.role {
        Some(role) if role != who => format!("{who} ({role})"),
        _ => who.to_string(),
    };
    format!("{who}: {}", answer_text(&a.answer))
}

/// The overall result: the level (`2 Tool-based`, or `incomplete` when withheld) and the detail
/// `(score 2.36 of 5, 97% complete)`, out of the framework's highest level.
pub fn overall_summary(o: &crate::model::OverallOut) -> (String, String) {
    let level = if o.withheld {
        "incomplete".to_string()
    } else {
        level_label(o.level, o.level_name.as_deref())
    };
    let detail = format!(
        "(score {} of {}, {:.0}% complete)",
        opt_score(o.score),
        o.max_level,
        o.completeness * 100.0
    );
    (level, detail)
}

/// A level change, `2 → 3` (`–` for a missing level).
pub fn level_change(before: Option<u8>, after: Option<u8>) -> String {
    let show = |l: Option<u8>| l.map_or("–".to_string(), |l| l.to_string());
    format!("{} → {}", show(before), show(after))
}

/// A signed change with two decimals (`+0.40`, `-0.20`, `0.00`), or `–`.
pub fn signed(change: Option<f64>) -> String {
    match change {
        Some(c) if c.abs() < 0.005 => "0.00".into(),
        Some(c) => format!("{c:+.2}"),
        None => "–".into(),
    }
}

/// `1 initiative`, `3 initiatives`: a count with its noun (plural by adding `s`).
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A factor cell for text output: the value, or `low-high` for a range.
pub fn factor_cell(report_row: &crate::model::ScoredInitiative, factor_id: &str) -> String {
    if let Some([low, high]) = report_row.ranges.get(factor_id) {
        return format!("{}-{}", short_number(*low, 2), short_number(*high, 2));
    }
    report_row
        .factors
        .get(factor_id)
        .and_then(|n| n.as_f64())
        .map(|v| short_number(v, 2))
        .unwrap_or_default()
}

/// True when the report carries readiness (an assessment was given).
pub fn has_readiness(report: &crate::model::ScoreReport) -> bool {
    report
        .initiatives
        .iter()
        .any(|i| i.readiness.status != crate::model::ReadinessStatus::Unknown)
}

/// The simulated rank interval `2–5` (p10–p90), with `!` when the place is fragile.
pub fn rank_interval(row: &crate::model::ScoredInitiative) -> String {
    row.simulation.map_or_else(String::new, |s| {
        let (low, high) = (short_number(s.rank_p10, 1), short_number(s.rank_p90, 1));
        let interval = if low == high {
            low
        } else {
            format!("{low}–{high}")
        };
        format!("{interval}{}", if s.fragile { " !" } else { "" })
    })
}

/// The chance of landing in the top K, as a percentage (`84%`).
pub fn top_chance(row: &crate::model::ScoredInitiative) -> String {
    row.simulation.map_or_else(String::new, |s| {
        format!("{}%", short_number(s.p_top * 100.0, 1))
    })
}

/// The line explaining the simulation's columns.
pub fn simulation_note(info: &crate::model::SimulationInfo) -> String {
    format!(
        "Ranks from {} samples (seed {}): the 10th–90th percentile rank and the chance of a place in the top {}; ! marks a fragile place (the interval spans at least 3 places, or a tenth of the list).",
        info.samples, info.seed, info.top_k
    )
}

/// `AI-02: knowledge 2 < 3, governance 1 < 3` for a blocked initiative.
pub fn blocked_line(row: &crate::model::ScoredInitiative) -> Option<String> {
    (!row.readiness.gaps.is_empty())
        .then(|| format!("{}: {}", row.id, row.readiness.gaps.join(", ")))
}

/// `Example data · Roadmap · Example Corp`.
pub fn roadmap_headline(report: &RoadmapReport) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(report.title.as_deref());
    parts.push("Roadmap");
    parts.extend(report.organisation.as_deref());
    parts.join(" · ")
}

/// What the plan rests on: phases, capacity, and the assessment (or that there was none).
pub fn roadmap_basis(report: &RoadmapReport) -> String {
    let capacity = match report.capacity_pm {
        Some(c) => format!("capacity {} PM per phase", short_number(c, 2)),
        None => "unlimited capacity".into(),
    };
    let readiness = match &report.maturity_before {
        Some(m) if report.readiness_checked => format!(
            "gated on the assessment (overall level {})",
            m.overall_level.map_or("withheld".into(), |l| l.to_string())
        ),
        _ => "prerequisites not checked (no assessment)".into(),
    };
    let scope = if report.include_all {
        "; all tiers included"
    } else {
        ""
    };
    let phases = match report.phases.len() {
        1 => "1 phase".to_string(),
        n => format!("{n} phases"),
    };
    format!("{phases} · {capacity} · {readiness}{scope}")
}

/// `Now · 11.5 of 12 PM · cost EUR 410,000` (the period's dates for calendar phases).
pub fn phase_heading(phase: &crate::model::roadmap::PhaseOut, currency: Option<&str>) -> String {
    let mut heading = phase.name.clone();
    let used = short_number(phase.effort_pm, 2);
    match phase.capacity_pm {
        Some(c) => heading.push_str(&format!(" · {used} of {} PM", short_number(c, 2))),
        // Without capacity and without person-months there is nothing to count.
        None if phase.effort_pm == 0.0 => {}
        None => heading.push_str(&format!(" · {used} PM")),
    }
    if let Some(cost) = phase.cost {
        heading.push_str(&format!(" · cost {}", plain::money(cost, currency)));
    }
    heading
}

/// `AI cost 1,075,000 of IT budget 20,000,000 (5.4%)` with the warning, when there is a budget.
pub fn budget_line(report: &RoadmapReport) -> Option<String> {
    report.budget.as_ref().map(|b| {
        let mut line = format!(
            "AI cost {} of IT budget {} ({})",
            plain::money(b.ai_cost, report.currency.as_deref()),
            plain::money(b.it_budget, report.currency.as_deref()),
            crate::text::percent(b.ai_share)
        );
        if !b.cost_unknown.is_empty() {
            line.push_str(&format!("; without a cost: {}", b.cost_unknown.join(", ")));
        }
        if let Some(w) = &b.warning {
            line.push_str(&format!("\nwarning: {w}"));
        }
        line
    })
}

/// `Plan total: 23 initiatives in 3 phases · 33.5 PM · cost EUR 1,075,000`, summed over the
/// phases.
pub fn plan_total(report: &RoadmapReport) -> String {
    let placed: usize = report.phases.iter().map(|p| p.initiatives.len()).sum();
    let effort: f64 = report.phases.iter().map(|p| p.effort_pm).sum();
    let cost = report
        .phases
        .iter()
        .filter_map(|p| p.cost)
        .reduce(|a, b| a + b);
    let mut line = format!(
        "Plan total: {} in {}",
        count(placed, "initiative"),
        count(report.phases.len(), "phase")
    );
    // No person-months at all (no effort_pm column, no capacity): nothing to add up.
    if effort > 0.0 || report.capacity_pm.is_some() {
        line.push_str(&format!(" · {} PM", short_number(effort, 2)));
    }
    if let Some(c) = cost {
        line.push_str(&format!(
            " · cost {}",
            plain::money(c, report.currency.as_deref())
        ));
    }
    line
}

/// The report's footer: who answered the assessment and when, the input files, the date and the
/// version that made it.
pub fn report_footer(b: &BoardReport) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(a) = &b.assessment {
        let who = respondents_line(a);
        let mut line = match (&who, &a.organisation) {
            (Some(w), Some(o)) => format!("Assessment answered by {w} for {o}"),
            (Some(w), None) => format!("Assessment answered by {w}"),
            (None, Some(o)) => format!("Assessment of {o}"),
            (None, None) => "Assessment".to_string(),
        };
        match &a.date {
            Some(d) => line.push_str(&format!(" on {d}.")),
            None => line.push_str(" (no date in the answers file)."),
        }
        lines.push(line);
    }
    lines.push(format!("Made from: {}.", b.inputs.join(", ")));
    let mut made = format!("Generated by itsm-ai {}", env!("CARGO_PKG_VERSION"));
    if let Some(d) = &b.date {
        made.push_str(&format!(" for {d}"));
    }
    made.push_str("; the same files give the same report.");
    lines.push(made);
    lines
}

/// An amount with thousands separators and at most two decimals: `1,075,000`, `12,500.5`.
pub fn thousands(v: f64) -> String {
    if v.abs() >= crate::text::EXPONENT_FROM {
        return short_number(v, 2);
    }
    let text = short_number(v.abs(), 2);
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), ""), |(i, f)| (i, f));
    let mut grouped = String::new();
    for (n, c) in int.chars().enumerate() {
        if n > 0 && (int.len() - n) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// The one-line explanation of a tie, e.g. `FND-01 below AI-01: same score 13.50; lower effort (2 < 3)`.
pub fn tie_line(row: &crate::model::ScoredInitiative) -> Option<String> {
    row.tie_break.as_ref().map(|t| {
        format!(
            "{} below {}: same score {:.2}; {}",
            row.id, t.above, row.score, t.reason
        )
    })
}

#[cfg(test)]
pub(crate) mod tests;

/// The planned initiative with id `id`, which a phase of the plan lists.
pub fn planned(
    rows: &crate::model::Rows<'_, crate::model::roadmap::PlannedInitiative>,
    id: &str,
) -> crate::model::roadmap::PlannedInitiative {
    rows.find(id)
        .expect("a phase lists only initiatives of the plan")
}
