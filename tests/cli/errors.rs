//! Every error path: exit code 2, the exact message naming file, line and column, and nothing
//! written to stdout or to the `-o` file.

use super::itsm_ai;
use std::fs;

const HEADER: &str = "id,name,reach,impact,confidence,effort,ai_complexity";

/// Runs `score in.csv -o out.json` on `content`; returns stderr after checking exit 2, an empty
/// stdout and no output file.
fn score_error(content: &[u8], extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("in.csv"), content).unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "in.csv", "-o", "out.json"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert!(
        !dir.path().join("out.json").exists(),
        "nothing may be written"
    );
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        vec!["in.csv"],
        "no temporary file may be left behind"
    );
    String::from_utf8(out.stderr).unwrap()
}

fn row(cells: &str) -> Vec<u8> {
    format!("{HEADER}\n{cells}\n").into_bytes()
}

#[test]
fn value_errors_name_line_column_and_expectation() {
    let cases: &[(&str, &str)] = &[
        (
            "A,a,NaN,1,1,1,1",
            "error: in.csv:2:3: column \"reach\": \"NaN\" is not a finite number (expected 0–5 or one of: none, minimal, low, medium, high, massive) [invalid-value]\n",
        ),
        (
            "A,a,1,inf,1,1,1",
            "error: in.csv:2:4: column \"impact\": \"inf\" is not a finite number (expected 0–5 or one of: none, minimal, low, medium, high, massive) [invalid-value]\n",
        ),
        (
            "A,a,1,1,-2,1,1",
            "error: in.csv:2:5: column \"confidence\": \"-2\" is negative (expected 0–5 or one of: none, minimal, low, medium, high, massive) [invalid-value]\n",
        ),
        (
            "A,a,1,1,1,9,1",
            "error: in.csv:2:6: column \"effort\": 9 is outside the scale (expected 1–5 or one of: xs, s, m, l, xl) [invalid-value]\n",
        ),
        (
            "A,a,1,1,1,abc,1",
            "error: in.csv:2:6: column \"effort\": \"abc\" is not a number or a label (expected 1–5 or one of: xs, s, m, l, xl) [invalid-value]\n",
        ),
        (
            "A,a,1,1,1,1,huge",
            "error: in.csv:2:7: column \"ai_complexity\": \"huge\" is not a number or a label (expected 1–5 or one of: xs, s, m, l, xl) [invalid-value]\n",
        ),
        (
            "A,a,1,1,1,1,",
            "error: in.csv:2:7: column \"ai_complexity\": the cell is empty (expected 1–5 or one of: xs, s, m, l, xl) [missing-value]\n",
        ),
        (
            ",a,1,1,1,1,1",
            "error: in.csv:2:1: column \"id\": the cell is empty (every initiative needs a unique id) [missing-value]\n",
        ),
        (
            "A,a,1,1,1,1",
            "error: in.csv:2: the row has 6 cells but the header has 7 [row-width]\n  hint: check for a stray comma or an unclosed quote\n",
        ),
        (
            "A,a,1,1,1,5-3,1",
            "error: in.csv:2:6: column \"effort\": range \"5-3\" runs backwards (expected 1–5 or one of: xs, s, m, l, xl) [invalid-value]\n  hint: write the lower end first: 3-5\n",
        ),
        (
            "A,a,1,1,1,04-Feb,1",
            "error: in.csv:2:6: column \"effort\": \"04-Feb\" looks like a date, not a number or a range (expected 1–5 or one of: xs, s, m, l, xl) [invalid-value]\n  hint: Excel turns a typed range such as 2-4 into a date: format the column as Text (Format Cells › Text) before typing ranges, then type them again\n",
        ),
        (
            "A,a,1,1,\"0,5\",1,1",
            "error: in.csv:2:5: column \"confidence\": \"0,5\" is not a number or a label (expected 0–5 or one of: none, minimal, low, medium, high, massive) [invalid-value]\n  hint: use a decimal point (0.8), or a semicolon-separated file for decimal commas\n",
        ),
    ];
    for (cells, expected) in cases {
        assert_eq!(score_error(&row(cells), &[]), *expected, "{cells}");
    }
}

#[test]
fn risk_modifier_errors() {
    let content = format!("{HEADER},risk\nA,a,1,1,1,1,1,maybe\nB,b,1,1,1,1,1,1.5\n");
    assert_eq!(
        score_error(content.as_bytes(), &[]),
        "error: in.csv:2:8: column \"risk\": \"maybe\" is not a number or a label (expected a number in (0, 1] or one of: buy, configure, build, experimental) [invalid-value]\n\
         error: in.csv:3:8: column \"risk\": 1.5 is outside the scale (expected a number in (0, 1] or one of: buy, configure, build, experimental) [invalid-value]\n\
         2 problems found; nothing was written\n"
    );
}

#[test]
fn duplicate_id_names_both_lines() {
    let content = format!("{HEADER}\nA,a,1,1,1,1,1\nB,b,1,1,1,1,1\nA,c,1,1,1,1,1\n");
    assert_eq!(
        score_error(content.as_bytes(), &[]),
        "error: in.csv:4:1: column \"id\": \"A\" is already used on line 2 (ids must be unique) [duplicate-id]\n"
    );
}

#[test]
fn dependency_cycles_are_printed_from_their_first_row() {
    let content = format!(
        "{HEADER},depends_on\nA,a,1,1,1,1,1,\nB,b,1,1,1,1,1,C\nC,c,1,1,1,1,1,D;A\nD,d,1,1,1,1,1,B\nE,e,1,1,1,1,1,F\nF,f,1,1,1,1,1,E\n"
    );
    assert_eq!(
        score_error(content.as_bytes(), &[]),
        "error: in.csv:3:8: column \"depends_on\": dependency cycle B → C → D → B [dependency-cycle]\n  \
         hint: an initiative cannot wait for itself; remove one of these dependencies\n\
         error: in.csv:6:8: column \"depends_on\": dependency cycle E → F → E [dependency-cycle]\n  \
         hint: an initiative cannot wait for itself; remove one of these dependencies\n\
         2 problems found; nothing was written\n"
    );
    // --skip-invalid drops every member of a cycle, with a warning each, and scores the rest.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(&input, &content).unwrap();
    let out = itsm_ai()
        .args(["score", "--skip-invalid", "--format", "csv", "-q"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(ids, ["A"]);
    assert_eq!(
        String::from_utf8(out.stderr)
            .unwrap()
            .matches("dependency cycle")
            .count(),
        5
    );
}

#[test]
fn unknown_and_self_dependencies() {
    let content = format!(
        "{HEADER},depends_on\nINI-11,a,1,1,1,1,1,INI-12\nB1,b,1,1,1,1,1,B1\nINI-10,c,1,1,1,1,1,\n"
    );
    assert_eq!(
        score_error(content.as_bytes(), &[]),
        "error: in.csv:2:8: column \"depends_on\": no initiative has the id \"INI-12\", did you mean \"INI-10\"? [unknown-dependency]\n\
         error: in.csv:3:8: column \"depends_on\": \"B1\" is the initiative itself [unknown-dependency]\n\
         2 problems found; nothing was written\n"
    );
}

#[test]
fn missing_columns_are_listed_with_suggestions() {
    let content = b"id,title,reach,impct,confidence,effort\nA,a,1,1,1,1\n";
    assert_eq!(
        score_error(content, &[]),
        "error: in.csv:1: the header has no column \"name\" [missing-column]\n\
         error: in.csv:1: the header has no column \"impact\" (is \"impct\" meant to be it?) [missing-column]\n\
         error: in.csv:1: the header has no column \"ai_complexity\" [missing-column]\n  \
         hint: required columns: id,name,reach,impact,confidence,effort,ai_complexity (optional: k (risk modifier))\n\
         3 problems found; nothing was written\n"
    );
}

#[test]
fn wrong_forced_delimiter_is_explained() {
    let content = b"id;name;reach;impact;confidence;effort;ai_complexity\nA;a;1;1;1;1;1\n";
    let stderr = score_error(content, &["--delimiter", "comma"]);
    assert!(stderr.ends_with(
        "  hint: the header was read as one column with the comma delimiter; pass --delimiter if the file uses another\n7 problems found; nothing was written\n"
    ), "{stderr}");
}

#[test]
fn empty_file_and_header_without_rows() {
    assert_eq!(
        score_error(b"", &[]),
        "error: in.csv: the file is empty [input-empty]\n  hint: an initiatives file starts with a header line such as: id,name,reach,impact,confidence,effort,ai_complexity\n"
    );
    assert_eq!(
        score_error(b"\xEF\xBB\xBF \r\n", &[]).lines().next(),
        Some("error: in.csv: the file is empty [input-empty]")
    );
    assert_eq!(
        score_error(format!("{HEADER}\r\n").as_bytes(), &[]),
        "error: in.csv: the file has a header but no initiatives [input-no-rows]\n"
    );
}

#[test]
fn invalid_utf8_says_how_to_resave_from_excel() {
    let content = [HEADER.as_bytes(), b"\nA,Caf\xE9 bot,1,1,1,1,1\n"].concat();
    assert_eq!(
        score_error(&content, &[]),
        "error: in.csv:2:6: the file is not UTF-8 (byte 0xE9 here); no other encoding is guessed [invalid-utf8]\n  \
         hint: save the file as UTF-8: in Excel use File › Save As and choose \"CSV UTF-8 (Comma delimited) (*.csv)\"; in an editor choose the encoding \"UTF-8\"; in PowerShell use `Out-File -Encoding utf8`\n"
    );
}

#[test]
fn huge_cell_is_refused() {
    let content = format!("{HEADER}\nA,\"{}\",1,1,1,1,1\n", "x".repeat(70_000));
    assert_eq!(
        score_error(content.as_bytes(), &[]),
        "error: in.csv:2:2: column \"name\": the cell is 70000 bytes, more than the 65536 allowed [cell-too-large]\n  \
         hint: a quote that is opened and never closed swallows the rest of the file; check this row's quotes\n"
    );
}

#[test]
fn problems_are_capped_and_counted() {
    let mut content = format!("{HEADER}\n");
    for i in 0..60 {
        content.push_str(&format!("R{i},r,x,1,1,1,1\n"));
    }
    let stderr = score_error(content.as_bytes(), &[]);
    assert_eq!(stderr.matches("[invalid-value]").count(), 50);
    assert!(
        stderr.ends_with(
            "error: … and 10 more problems not shown\n60 problems found; nothing was written\n"
        ),
        "{stderr}"
    );
}

#[test]
fn skip_invalid_keeps_nothing_when_every_row_is_bad() {
    let stderr = score_error(&row("A,a,x,1,1,1,1"), &["--skip-invalid"]);
    assert_eq!(
        stderr,
        "error: in.csv:2:3: column \"reach\": \"x\" is not a number or a label (expected 0–5 or one of: none, minimal, low, medium, high, massive) [invalid-value]\n\
         error: in.csv: every row was invalid and skipped; nothing is left to score [input-no-rows]\n\
         2 problems found; nothing was written\n"
    );
}

#[test]
fn missing_input_file() {
    let out = itsm_ai()
        .args(["score", "does-not-exist.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: does-not-exist.csv: No such file or directory (os error 2)\n"
    );
}

#[test]
fn usage_errors() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["score", "-o", "x.pdf"],
            "error: cannot tell the format of \"x.pdf\" from its extension; add --format (table, csv, tsv, json, markdown, html, xlsx)\n",
        ),
        (
            &["score", "-o", "x.csv", "--format", "json"],
            "error: --format json contradicts the extension of \"x.csv\" (which means csv); change one of them\n",
        ),
        (
            &["score", "--format", "yaml"],
            "error: invalid value 'yaml' for '--format <FORMAT>'\n  [possible values: table, csv, tsv, json, markdown, html, xlsx]\n\nFor more information, try '--help'.\n",
        ),
        (
            &["score", "-o", "x.yaml"],
            "error: `score` cannot write yaml (it writes: table, csv, tsv, json, markdown, html, xlsx)\n",
        ),
        (
            &["score", "--check"],
            "error: --check needs -o FILE: the file to compare with\n",
        ),
        (
            &["score", "--framework", "itsm"],
            "error: --framework \"itsm\" is neither a known framework (itsm-ai, rice, ice, wsjf) nor an existing file. Did you mean \"itsm-ai\"?\n",
        ),
    ];
    for (args, expected) in cases {
        let out = itsm_ai().args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert_eq!(String::from_utf8_lossy(&out.stderr), *expected, "{args:?}");
    }
    let out = itsm_ai().args(["score", "--top", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value '0' for '--top <N>'"));
}

#[test]
fn framework_errors_give_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let builtin = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/frameworks/itsm-ai.yaml"
    ))
    .unwrap();
    let cases: &[(&str, &str, &str)] = &[
        (
            "      short: R\n",
            "      short: R\n      wieght: 2\n",
            "error: fw.yaml:28:7: unknown field \"wieght\" (expected one of: id, name, short, kind, help, scale, labels, aliases, default, percent) [yaml-invalid]\n",
        ),
        (
            "  formula: reach * impact",
            "  formula: reach * imapct",
            "error: fw.yaml:97:20: formula, column 9: unknown factor \"imapct\", did you mean \"impact\"? [formula-invalid]\n",
        ),
        (
            "  tie_breaks:\n    - {factor: effort,",
            "  tie_breaks:\n    - {factor: efort,",
            "error: fw.yaml:100:7: tie_breaks: unknown factor \"efort\", did you mean \"effort\"? [framework-invalid]\n",
        ),
        (
            "id: itsm-ai\n",
            "id: itsm-ai\nid: twice\n",
            "error: fw.yaml:9:1: duplicate key \"id\": each key may appear only once in a mapping [yaml-invalid]\n",
        ),
    ];
    for (from, to, expected) in cases {
        assert!(builtin.contains(from), "{from}");
        fs::write(dir.path().join("fw.yaml"), builtin.replacen(from, to, 1)).unwrap();
        let out = itsm_ai()
            .current_dir(dir.path())
            .args(["score", "--framework", "fw.yaml"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        assert_eq!(String::from_utf8_lossy(&out.stderr), *expected);
    }
}

#[test]
fn answers_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str)] = &[
        (
            "framework: itsm-ai\nanswers:\n  strategy.goals: 3\n  strategy.goals: 4\n",
            "error: a.yaml:4:3: duplicate key \"strategy.goals\": each key may appear only once in a mapping [yaml-invalid]\n",
        ),
        (
            "framework: itsm-ai\nanswer:\n  strategy.goals: 3\n",
            "error: a.yaml:2:1: unknown field \"answer\", did you mean \"answers\"? [yaml-invalid]\n",
        ),
        (
            "answers: {}\n",
            "error: a.yaml:1:1: missing field \"framework\" [yaml-invalid]\n",
        ),
    ];
    for (content, expected) in cases {
        fs::write(dir.path().join("a.yaml"), content).unwrap();
        let out = itsm_ai()
            .current_dir(dir.path())
            .args(["assess", "--answers", "a.yaml"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{content}");
        assert!(out.stdout.is_empty());
        assert_eq!(String::from_utf8_lossy(&out.stderr), *expected, "{content}");
    }
}

#[test]
fn assess_without_answers_or_terminal_explains_batch_mode() {
    let out = itsm_ai().arg("assess").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: neither stdin nor stderr is a terminal, so the questionnaire cannot be asked; to score answers in batch, pass --answers FILE (for example: itsm-ai assess --answers examples/answers.yaml)\n"
    );
}
