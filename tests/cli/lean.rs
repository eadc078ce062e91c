//! The lean path of `score` (CSV output of a clean CSV file) writes exactly what the general
//! path writes; `ITSM_AI_LEAN=off` forces the general path.

use super::itsm_ai;
use std::fs;
use std::path::Path;

/// Runs `score` both ways and asserts the same exit code, stdout and stderr.
fn same_both_ways(dir: &Path, args: &[&str]) -> String {
    let run = |lean: bool| {
        let mut cmd = itsm_ai();
        cmd.current_dir(dir)
            .arg("score")
            .args(args)
            .env("ITSM_AI_LEAN", if lean { "on" } else { "off" });
        cmd.output().unwrap()
    };
    let (lean, general) = (run(true), run(false));
    assert_eq!(lean.status.code(), general.status.code(), "{args:?}");
    assert_eq!(
        String::from_utf8_lossy(&lean.stderr),
        String::from_utf8_lossy(&general.stderr),
        "{args:?}"
    );
    let (a, b) = (
        String::from_utf8(lean.stdout).unwrap(),
        String::from_utf8(general.stdout).unwrap(),
    );
    assert_eq!(a, b, "{args:?}");
    a
}

/// A deterministic portfolio: ranges, labels, quoted names, extra columns, ties, dependencies.
fn portfolio(rows: usize, delimiter: char, decimal_comma: bool) -> String {
    let d = delimiter;
    let mut csv = format!(
        "\u{feff}id{d}name{d}reach{d}impact{d}confidence{d}effort{d}ai_complexity{d}risk{d}depends_on{d}requires{d}owner{d}Cost centre\r\n"
    );
    let mut x: u64 = 7;
    let mut next = |m: u64| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) % m
    };
    for r in 0..rows {
        let reach = match next(4) {
            0 => "high".to_string(),
            1 => format!("{}-{}", next(3), 3 + next(3)),
            _ => next(6).to_string(),
        };
        let k = if decimal_comma { "0,7" } else { "0.7" };
        let risk = ["buy", "configure", "", k][next(4) as usize];
        let dep = if r > 3 && next(10) == 0 {
            // Not one of the rows whose id is quoted.
            let target = next(r as u64);
            format!("P-{:05}", target - u64::from(target % 41 == 7))
        } else {
            String::new()
        };
        let name = if next(5) == 0 {
            format!("\"Item {r}{d}\nphase \"\"2\"\"\"")
        } else {
            format!("Item {r}")
        };
        // Now and then an id the CSV writer must quote or guard, and odd spacing.
        let id = match r % 41 {
            7 => format!("\"=P-{r:05}{d} \"\"q\"\"\""),
            8 => format!("  P-{r:05} "),
            _ => format!("P-{r:05}"),
        };
        csv.push_str(&format!(
            "{id}{d}{name}{d}{reach}{d}{}{d}{}{d}{}{d}{}{d}{risk}{d}{dep}{d}{}{d}owner {}{d}CC-{}\r\n",
            next(6),
            next(6),
            1 + next(5),
            1 + next(5),
            if next(5) == 0 { "data>=3" } else { "" },
            next(9),
            next(4),
        ));
        // Line breaks of every kind the readers accept, and blank lines between records.
        match next(12) {
            0 => csv.push('\n'),
            1 => csv.push_str(" \r\n"),
            2 => csv.push_str("\r\n\r\n"),
            _ => {}
        }
    }
    csv
}

#[test]
fn both_paths_write_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(
        root.join("examples/initiatives.csv"),
        dir.path().join("example.csv"),
    )
    .unwrap();
    fs::copy(
        root.join("examples/answers.yaml"),
        dir.path().join("answers.yaml"),
    )
    .unwrap();
    fs::write(dir.path().join("comma.csv"), portfolio(3000, ',', false)).unwrap();
    fs::write(dir.path().join("semicolon.csv"), portfolio(500, ';', true)).unwrap();
    for args in [
        &["example.csv", "--format", "csv"][..],
        &[
            "example.csv",
            "--format",
            "csv",
            "--assessment",
            "answers.yaml",
        ],
        &["example.csv", "--format", "csv", "--top", "5"],
        &[
            "example.csv",
            "--columns",
            "rank,id,score,tie_break,name,owner",
            "--format",
            "csv",
        ],
        &["comma.csv", "--format", "csv"],
        &["comma.csv", "--columns", "rank,id,score", "--format", "csv"],
        &[
            "comma.csv",
            "--columns",
            "id,tie_break,Cost centre",
            "--format",
            "csv",
            "--top",
            "40",
        ],
        &["semicolon.csv", "--format", "csv"],
    ] {
        same_both_ways(dir.path(), args);
    }
    let out = same_both_ways(
        dir.path(),
        &["comma.csv", "--columns", "rank,id,score", "--format", "csv"],
    );
    assert_eq!(out.lines().count(), 3001);
    assert!(out.starts_with("rank,id,score\n1,"));
    // An id the writer quotes, with its formula guard.
    assert!(out.contains(",\"'=P-00007, \"\"q\"\"\","), "{out}");
}

#[test]
fn problems_send_the_run_to_the_general_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = portfolio(50, ',', false);
    csv.push_str("P-00003,Again,1,1,1,1,1,buy,,,x,CC-1\r\n");
    csv.push_str("P-99999,Bad,9,1,1,1,1,buy,,,x,CC-1\r\n");
    fs::write(dir.path().join("bad.csv"), csv).unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "bad.csv", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("[duplicate-id]"), "{stderr}");
    assert!(stderr.contains("9 is outside the scale"), "{stderr}");
    let forced = itsm_ai()
        .current_dir(dir.path())
        .env("ITSM_AI_LEAN", "on")
        .args(["score", "bad.csv", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&forced.stderr),
        "error: ITSM_AI_LEAN=on: the lean path could not take this input (a row has a problem, there are no rows, or a read failed)\n"
    );
    // ITSM_AI_TIMING says why the general path ran.
    let timed = itsm_ai()
        .current_dir(dir.path())
        .env("ITSM_AI_TIMING", "1")
        .args(["score", "bad.csv", "-o", "out.csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(timed.stderr).unwrap();
    assert!(
        stderr.contains("timing: general path: a row has a problem"),
        "{stderr}"
    );
}

#[test]
fn columns_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("in.csv"), portfolio(5, ',', false)).unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args([
            "score",
            "in.csv",
            "--format",
            "csv",
            "--columns",
            "rank,scor",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .starts_with("error: --columns: there is no column \"scor\", did you mean \"score\"? (columns: rank, id, name, score,"));
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "in.csv", "--columns", "rank"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: --columns applies to CSV, TSV and Excel output; this run writes table\n"
    );
}

#[test]
fn stdin_is_read_once_even_when_the_input_has_problems() {
    let out = itsm_ai()
        .args(["score", "-", "--format", "csv"])
        .write_stdin("id,name,reach,impact,confidence,effort,ai_complexity\nA,a,9,1,1,1,1\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: <stdin>:2:3: column \"reach\": 9 is outside the scale (expected 0–5 or one of: none, minimal, low, medium, high, massive) [invalid-value]\n"
    );
}
