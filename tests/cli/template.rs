//! `report --template`: the user's layout, the report's JSON as its data, and every value
//! escaped for the output format whatever the template is named.

use super::itsm_ai;
use std::fs;

const HEADER: &str = "id,name,reach,impact,confidence,effort,ai_complexity";

/// Runs `report in.csv --template t.j2` with `args` in a folder holding `csv` and `template`.
fn report(csv: &str, template: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("in.csv"), csv).unwrap();
    fs::write(dir.path().join("t.j2"), template).unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["report", "in.csv", "--template", "t.j2", "-q"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_markdown_template_escapes_markup_in_values() {
    let csv = format!("{HEADER}\nA-1,Triage | *bots*,5,3,4,2,1\nB-2,Search_v2,2,2,2,2,2\n");
    let template = "# Plan for {{ organisation or \"us\" }}\n\
                    {% for i in ranking.initiatives %}\n\
                    - {{ i.rank }}. {{ i.name }} ({{ \"%.2f\"|format(i.score) }}, {{ i.tier }})\n\
                    {% endfor %}\n\
                    Phases: {{ roadmap.phases|map(attribute=\"name\")|join(\", \") }}\n\
                    Raw: {{ \"**bold**\"|safe }}\n";
    let (code, stdout, stderr) = report(&csv, template, &["--format", "markdown"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    assert_eq!(
        stdout,
        "# Plan for us\n\
         - 1. Triage \\| \\*bots\\* (30.00, Do now)\n\
         - 2. Search\\_v2 (2.00, Reconsider)\n\
         Phases: Now, Next, Later\n\
         Raw: **bold**\n"
    );
}

#[test]
fn an_html_template_escapes_whatever_its_name() {
    let csv = format!("{HEADER}\nA-1,<script>alert(1)</script>,5,3,4,2,1\n");
    let template = "<p>{{ ranking.initiatives[0].name }}</p>{{ \"<b>ok</b>\"|safe }}\n";
    let (code, stdout, _) = report(&csv, template, &["--format", "html"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "<p>&lt;script&gt;alert(1)&lt;&#x2f;script&gt;</p><b>ok</b>\n"
    );
}

#[test]
fn template_mistakes_name_their_line_and_write_nothing() {
    let csv = format!("{HEADER}\nA-1,Triage,5,3,4,2,1\n");
    let hint = "  hint: the template sees the report as `itsm-ai report --format json` writes it \
                (docs/json.md); values print escaped, `|safe` prints one as it is\n";
    let (code, stdout, stderr) = report(&csv, "ok\n{{ ranking.nosuch }}\n", &["--format", "html"]);
    assert_eq!((code, stdout.as_str()), (Some(2), ""));
    assert_eq!(
        stderr,
        format!(
            "error: t.j2:2:4: undefined value: `ranking.nosuch` is undefined [template-invalid]\n{hint}"
        )
    );
    let (code, _, stderr) = report(&csv, "{% for x in %}\n", &["--format", "html"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        format!(
            "error: t.j2:1:13: syntax error: unexpected end of block (at `%}}`) [template-invalid]\n{hint}"
        )
    );
    let (code, _, stderr) = report(&csv, "x", &["--format", "json"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: --template writes HTML or Markdown; this run writes json\n"
    );
}

/// The example template of docs/report.md, as the reader copies it.
fn documented_template() -> String {
    let doc = include_str!("../../docs/report.md");
    let start = doc
        .find("```jinja\n")
        .expect("docs/report.md has a jinja example")
        + 9;
    let end = start + doc[start..].find("```\n").unwrap();
    doc[start..end].to_string()
}

#[test]
fn the_documented_template_runs_on_real_data() {
    let csv = format!("{HEADER}\nA-1,Triage,5,3,4,2,1\n");
    let (code, stdout, stderr) = report(&csv, &documented_template(), &["--format", "markdown"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    assert_eq!(
        stdout,
        "# AI roadmap\n\n| # | Initiative | Score | Phase |\n|---|---|---|---|\n| 1 | Triage | 30.00 | Now |\n\nNo assessment: readiness was not checked.\n"
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("t.j2"), documented_template()).unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["report", "-q", "--template", "t.j2", "--format", "markdown"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# Example data — Example Corp"));
    assert!(text.ends_with("\nMaturity today: 2 Tool-based\n"));
}
