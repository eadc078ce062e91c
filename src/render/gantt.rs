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

/// Words that start a directive when a gantt line begins with them (Mermaid reads them in any
/// case), and `%%`, which starts a comment.
const DIRECTIVES: &[&str] = &[
    "title",
    "dateformat",
    "axisformat",
    "tickinterval",
    "inclusiveenddates",
    "topaxis",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "weekend",
    "section",
    "click",
    "acctitle",
    "accdescr",
    "displaymode",
];

/// A task line's text, made unable to act as a directive: one that would begin with a
/// directive word or `%%` gets a `· ` in front.
fn task_line(id: &str, name: &str) -> String {
    let text = task_text(&format!("{id} {name}"));
    let first = text
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if text.starts_with("%%") || DIRECTIVES.contains(&first.as_str()) {
        format!("· {text}")
    } else {
        text
    }
}

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
            let name = report
                .initiatives
                .find(&id)
                .map(|i| i.name)
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {} :t{task}, {starts}, {ends}",
                task_line(&id, &name)
            );
        }
    }
    out.push_str("```\n");
    out
}

#[cfg(test)]
mod tests {
    use super::{task_line, task_text};

    #[test]
    fn a_task_never_reads_as_a_directive_or_a_comment() {
        assert_eq!(task_line("title", "Owned"), "· title Owned");
        assert_eq!(task_line("DATEFORMAT", "x"), "· DATEFORMAT x");
        assert_eq!(task_line("click", "x"), "· click x");
        assert_eq!(task_line("%%x", "y"), "· %%x y");
        assert_eq!(task_line("AI-1", "title"), "AI-1 title");
        assert_eq!(task_line("titles", "x"), "titles x");
    }

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
