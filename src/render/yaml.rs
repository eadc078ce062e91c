//! YAML: the same structure as the JSON output.

use super::Renderer;
use crate::domain::{Answer, Note};
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

/// One answer as YAML: the bare value, or `{answer: 3, note: "…", evidence: "…"}` when it has a
/// note or evidence (one line each, so files diff well).
fn answer_yaml(answer: Answer, note: Option<&Note>) -> String {
    let value = match answer {
        Answer::Level(v) => crate::text::short_number(v, 6),
        Answer::NotApplicable => "n/a".into(),
        Answer::DontKnow => "dont_know".into(),
    };
    let Some(note) = note.filter(|n| !n.is_empty()) else {
        return value;
    };
    let mut parts = vec![format!("answer: {value}")];
    if let Some(n) = &note.note {
        parts.push(format!("note: {}", yaml_string(n)));
    }
    if let Some(e) = &note.evidence {
        parts.push(format!("evidence: {}", yaml_string(e)));
    }
    format!("{{{}}}", parts.join(", "))
}

/// The `answers:` mapping at `indent`, with a comment after an answer where one is given.
fn answers_block(
    out: &mut String,
    indent: &str,
    answers: &indexmap::IndexMap<String, Answer>,
    notes: &indexmap::IndexMap<String, Note>,
    comments: &indexmap::IndexMap<String, String>,
) {
    out.push_str(indent);
    if answers.is_empty() {
        out.push_str("answers: {}\n");
        return;
    }
    out.push_str("answers:\n");
    for (id, answer) in answers {
        out.push_str(&format!(
            "{indent}  {id}: {}",
            answer_yaml(*answer, notes.get(id))
        ));
        if let Some(comment) = comments.get(id) {
            out.push_str(&format!("  # {comment}"));
        }
        out.push('\n');
    }
}

/// An answers file as YAML text: stable key order, one answer per line, comments after the
/// answers they are about, and every respondent's own answers under `merged_from`.
pub fn answers_file(file: &AnswersFile) -> String {
    let a = &file.answers;
    let mut out = String::new();
    out.push_str(&format!("framework: {}\n", yaml_string(&a.framework)));
    out.push_str(&format!("version: {}\n", file.version));
    let optional = [
        ("organisation", &a.organisation),
        ("respondent", &a.respondent),
        ("role", &a.role),
        ("date", &a.date),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            out.push_str(&format!("{key}: {}\n", yaml_string(v)));
        }
    }
    if !a.respondents.is_empty() {
        out.push_str("respondents:\n");
        for r in &a.respondents {
            out.push_str(&format!("  - {}\n", yaml_string(r)));
        }
    }
    answers_block(&mut out, "", &a.answers, &a.notes, &file.comments);
    if !a.merged_from.is_empty() {
        out.push_str("merged_from:\n");
        let none = indexmap::IndexMap::new();
        for r in &a.merged_from {
            let mut first = true;
            for (key, value) in [("respondent", &r.respondent), ("role", &r.role)] {
                if let Some(v) = value {
                    let lead = if first { "  - " } else { "    " };
                    out.push_str(&format!("{lead}{key}: {}\n", yaml_string(v)));
                    first = false;
                }
            }
            if first {
                out.push_str("  -\n");
            }
            answers_block(&mut out, "    ", &r.answers, &r.notes, &none);
        }
    }
    out
}
