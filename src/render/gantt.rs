//! The Mermaid `gantt` block of the Markdown roadmap, so GitHub and GitLab draw it as a chart.

use crate::domain::period::{Period, PhaseLength};
use crate::model::roadmap::RoadmapReport;
use std::fmt::Write as _;

/// Undated phases are drawn on nominal quarters from this one, with the axis labels hidden.
const NOMINAL_START: Period = Period {
    year: 2000,
    index: 0,
    length: PhaseLength::Quarter,
};

/// Text Mermaid would misread in a task name (`:` starts the task data, `#` and `;` end it).
fn task_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ':' | '#' | ';' => ' ',
            '\n' | '\r' => ' ',
            _ => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fenced `mermaid` block: one section per phase, one bar per initiative spanning its phase.
pub fn gantt(report: &RoadmapReport) -> String {
    let dated = report.phases.iter().all(|p| p.starts.is_some());
    let mut out = String::from("```mermaid\ngantt\n");
    let title = match &report.title {
        Some(t) => format!("Roadmap · {t}"),
        None => "Roadmap".to_string(),
    };
    let _ = writeln!(out, "    title {}", task_text(&title));
    out.push_str("    dateFormat YYYY-MM-DD\n");
    if dated {
        out.push_str("    axisFormat %Y-%m\n");
    } else {
        out.push_str("    axisFormat ·\n");
    }
    let names: std::collections::HashMap<&str, &str> = report
        .initiatives
        .iter()
        .map(|i| (i.id.as_str(), i.name.as_str()))
        .collect();
    let mut nominal = NOMINAL_START;
    let mut task = 0;
    for phase in &report.phases {
        let (starts, ends) = match (&phase.starts, &phase.ends) {
            (Some(s), Some(e)) => (s.clone(), e.clone()),
            _ => {
                let next = nominal.next();
                let span = (nominal.first_day(), next.first_day());
                nominal = next;
                span
            }
        };
        if phase.initiatives.is_empty() {
            continue;
        }
        let _ = writeln!(out, "    section {}", task_text(&phase.name));
        for id in &phase.initiatives {
            task += 1;
            let name = names.get(id.as_str()).copied().unwrap_or_default();
            let _ = writeln!(
                out,
                "    {} {} :t{task}, {starts}, {ends}",
                task_text(id),
                task_text(name)
            );
        }
    }
    out.push_str("```\n");
    out
}

#[cfg(test)]
mod tests {
    use super::task_text;

    #[test]
    fn task_names_lose_what_mermaid_would_misread() {
        assert_eq!(
            task_text("AI: triage # v2; EU\nwave 1"),
            "AI triage v2 EU wave 1"
        );
        assert_eq!(
            task_text("  <b>bold</b> & \"quoted\" "),
            "<b>bold</b> & \"quoted\""
        );
    }
}
