//! Text from files made safe for where it goes: control characters shown as `\u{1b}` on the
//! terminal and in messages, NUL refused, CSV headers guarded, Markdown and Mermaid lines
//! neutralised.

use super::itsm_ai;
use std::fs;

const HEADER: &str = "id,name,reach,impact,confidence,effort,ai_complexity";
/// ESC[2J (clear screen), an OSC 8 link, an OSC 52 clipboard write, a backspace and U+202E.
const HOSTILE: &str =
    "Evil\u{1b}[2J\u{1b}]8;;http://x\u{7}link\u{1b}]8;;\u{7}\u{1b}]52;c;aGk=\u{7}\u{8}\u{202e}";
/// A shorter one, that a table column holds without wrapping, and as it is shown.
const SHORT: &str = "E\u{1b}[2J\u{1b}]52\u{7}\u{8}\u{202e}";
const SHORT_SHOWN: &str = "E\\u{1b}[2J\\u{1b}]52\\u{7}\\u{8}\\u{202e}";

fn has_controls(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}')
}

#[test]
fn the_terminal_table_shows_control_characters_in_names() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("in.csv"),
        format!("{HEADER}\nA-1,{SHORT},3,3,3,2,2\nA-2,{HOSTILE},3,3,3,2,2\n"),
    )
    .unwrap();
    for command in ["score", "roadmap"] {
        let out = itsm_ai()
            .current_dir(dir.path())
            .args([command, "in.csv", "--color", "never"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}");
        assert!(
            !has_controls(&out.stdout),
            "{command}: a control character reached stdout"
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(SHORT_SHOWN), "{command}: {text}");
        // Escaped before the table measures it: the columns after the name stay aligned.
        let score_column = |id: &str| {
            let line = text.lines().find(|l| l.contains(id)).unwrap();
            line.rfind(" 6.75").map(|i| line[..i].chars().count())
        };
        assert!(score_column("A-1").is_some(), "{command}: {text}");
        assert_eq!(
            score_column("A-1"),
            score_column("A-2"),
            "{command}: {text}"
        );
    }
    // JSON keeps the name as it is (escaped the JSON way).
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "in.csv", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["initiatives"][1]["name"], HOSTILE);
}

#[test]
fn colour_codes_pass_and_hostile_ones_do_not() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("in.csv"),
        format!("{HEADER}\nA-1,{HOSTILE},3,3,3,2,2\n"),
    )
    .unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "in.csv", "--color", "always"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\u{1b}[1m"), "the table's own colour is kept");
    assert!(!text.contains("\u{1b}[2J") && !text.contains("\u{1b}]"));
    assert!(!text.contains('\u{8}') && !text.contains('\u{202e}'));
}

#[test]
fn error_messages_show_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("in.csv"),
        format!("{HEADER},depends_on\nA-1,ok,3,3,3,2,2,X\u{1b}[2J\u{8}\u{202e}\n"),
    )
    .unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "in.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !has_controls(&out.stderr),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: in.csv:2:8: column \"depends_on\": no initiative has the id \"X\\u{1b}[2J\\u{8}\\u{202e}\" [unknown-dependency]\n"
    );
}

#[test]
fn assess_shows_control_characters_from_the_answers_file() {
    let dir = tempfile::tempdir().unwrap();
    let answers = include_str!("../../examples/answers.yaml").replace(
        "organisation: Example Corp (a fictitious 4,000-employee insurer)",
        "organisation: \"Evil\\e[2J\\b\\u202e\"",
    );
    fs::write(dir.path().join("a.yaml"), answers).unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["assess", "--answers", "a.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!has_controls(&out.stdout));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("Maturity assessment · Evil\\u{1b}[2J\\u{8}\\u{202e}")
    );
}

#[test]
fn nul_in_a_cell_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("in.csv"),
        format!("{HEADER}\nA-1,ok,3,3,3,2,2\nA-2,Ev\0il,3,3,3,2,2\n"),
    )
    .unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "in.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: in.csv:3:2: column \"name\": the cell holds a NUL character (\\u{0}) [invalid-value]\n  hint: remove it; a NUL byte usually means a binary or UTF-16 file was saved as CSV\n"
    );
}

#[test]
fn a_line_break_in_a_name_cannot_start_a_markdown_line_through_a_template() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("in.csv"),
        format!("{HEADER}\nA-1,\"AI\n~~~\n# owned\",3,3,3,2,2\n"),
    )
    .unwrap();
    fs::write(
        dir.path().join("t.j2"),
        "{% for i in ranking.initiatives %}- {{ i.name }}\n{% endfor %}end\n",
    )
    .unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args([
            "report",
            "in.csv",
            "-q",
            "--template",
            "t.j2",
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "- AI \\~\\~\\~ \\# owned\nend\n"
    );
}

#[test]
fn mermaid_task_ids_never_read_as_gantt_directives() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("in.csv"),
        format!("{HEADER}\ntitle,Owned,3,3,3,2,2\ndateFormat,x,3,3,3,2,2\n%%c,y,3,3,3,2,2\n"),
    )
    .unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["roadmap", "in.csv", "-q", "--format", "markdown"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let gantt: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "```mermaid")
        .take_while(|l| *l != "```")
        .collect();
    assert_eq!(
        gantt,
        [
            "```mermaid",
            "gantt",
            "    title Roadmap",
            "    dateFormat YYYY-MM-DD",
            "    axisFormat ·",
            "    section Now",
            "    · %%c y :t1, 2000-01-01, 2000-04-01",
            "    · dateFormat x :t2, 2000-01-01, 2000-04-01",
            "    · title Owned :t3, 2000-01-01, 2000-04-01",
        ]
    );
}

#[test]
fn huge_amounts_are_refused_and_large_ones_print_in_exponent_form() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("huge.csv"),
        format!("{HEADER},cost\nA-1,a,3,3,3,2,2,1e308\nA-2,b,3,3,3,2,2,1e308\n"),
    )
    .unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["roadmap", "huge.csv", "-q", "--it-budget", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: huge.csv:2:8: column \"cost\": 1e308 is more than 1e15, the largest amount accepted [invalid-value]\n\
         error: huge.csv:3:8: column \"cost\": 1e308 is more than 1e15, the largest amount accepted [invalid-value]\n\
         2 problems found; nothing was written\n"
    );
    fs::write(
        dir.path().join("large.csv"),
        format!("{HEADER},cost\nA-1,a,3,3,3,2,2,1e15\nA-2,b,3,3,3,2,2,5e14\n"),
    )
    .unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["roadmap", "large.csv", "-q", "--it-budget", "1e308"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Now · 3 PM · cost 1.5e15\n"), "{text}");
    assert!(
        text.contains("AI cost 1.5e15 of IT budget 1e308 (0.0%)\n"),
        "{text}"
    );
}
