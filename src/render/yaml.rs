//! YAML: the same structure as the JSON output.

use super::Renderer;
use crate::domain::Answer;
use crate::model::{AnswersFile, AssessmentReport, ComparisonReport};
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

/// Quotes a string for YAML (JSON-style double quotes are valid YAML).
pub fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// An answers file as YAML text: stable key order, one answer per line, notes as comments.
pub fn answers_file(file: &AnswersFile) -> String {
    let mut out = String::new();
    out.push_str(&format!("framework: {}\n", yaml_string(&file.framework)));
    if let Some(o) = &file.organisation {
        out.push_str(&format!("organisation: {}\n", yaml_string(o)));
    }
    if let Some(r) = &file.respondent {
        out.push_str(&format!("respondent: {}\n", yaml_string(r)));
    }
    if !file.respondents.is_empty() {
        out.push_str("respondents:\n");
        for r in &file.respondents {
            out.push_str(&format!("  - {}\n", yaml_string(r)));
        }
    }
    out.push_str("answers:\n");
    if file.answers.is_empty() {
        out.truncate(out.len() - 1);
        out.push_str(" {}\n");
    }
    for (id, answer) in &file.answers {
        let value = match answer {
            Answer::Level(v) => crate::text::short_number(*v, 6),
            Answer::NotApplicable => "n/a".into(),
            Answer::DontKnow => "dont_know".into(),
        };
        out.push_str(&format!("  {id}: {value}"));
        if let Some(note) = file.notes.get(id) {
            out.push_str(&format!("  # {note}"));
        }
        out.push('\n');
    }
    out
}
