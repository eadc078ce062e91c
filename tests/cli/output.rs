//! Output files, `--check`, determinism, stdin and closed pipes.

use super::itsm_ai;
use std::fs;
use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn output_file_format_comes_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (file, first_line) in [
        (
            "r.csv",
            "rank,id,name,score,index,tier,readiness,gaps,reach,impact,confidence,effort,ai_complexity,k,effort_pm,depends_on,requires,raises,cost,owner,metric,description,tie_break",
        ),
        ("r.json", "{"),
        ("r.md", "# A-RICE ranking"),
        ("r.txt", "Example data · A-RICE ranking"),
    ] {
        let out = itsm_ai()
            .current_dir(dir.path())
            .args(["score", "-q", "-o", file])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{file}");
        assert!(out.stdout.is_empty(), "{file}: stdout must stay empty");
        let text = fs::read_to_string(dir.path().join(file)).unwrap();
        assert_eq!(text.lines().next(), Some(first_line), "{file}");
    }
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "-q", "-o", "-", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        out.stdout,
        fs::read(dir.path().join("r.csv")).unwrap(),
        "-o - is stdout"
    );
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    for format in ["table", "csv", "json", "markdown"] {
        let run = || {
            itsm_ai()
                .args(["score", "--format", format])
                .output()
                .unwrap()
        };
        let (a, b) = (run(), run());
        assert_eq!(a.status.code(), Some(0));
        assert!(!a.stdout.is_empty());
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
}

#[test]
fn check_fresh_stale_and_missing() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        itsm_ai()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };

    let missing = run(&["score", "-q", "-o", "ranking.md", "--check"]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr),
        "error: ranking.md does not exist (run the same command without --check to create it)\n"
    );
    assert!(!dir.path().join("ranking.md").exists());

    assert_eq!(
        run(&["score", "-q", "-o", "ranking.md"]).status.code(),
        Some(0)
    );
    let fresh = run(&["score", "-q", "-o", "ranking.md", "--check"]);
    assert_eq!(fresh.status.code(), Some(0));
    assert!(fresh.stderr.is_empty());

    fs::write(dir.path().join("ranking.md"), "edited by hand\n").unwrap();
    let stale = run(&["score", "-q", "-o", "ranking.md", "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&stale.stderr),
        "error: ranking.md is stale: regenerating it would change it (run the same command without --check to update it)\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("ranking.md")).unwrap(),
        "edited by hand\n"
    );
}

#[test]
fn a_failed_run_leaves_the_previous_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("out.csv"), "previous\n").unwrap();
    fs::write(dir.path().join("bad.csv"), "id,name\n").unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "bad.csv", "-o", "out.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(dir.path().join("out.csv")).unwrap(),
        "previous\n"
    );
}

#[test]
fn example_data_is_announced_on_stderr_only() {
    let out = itsm_ai()
        .args(["score", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "note: no INITIATIVES file given: using the embedded example portfolio and example assessment (Example data); pass your own CSV or Excel file instead\n"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["title"], "Example data");
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["total"], 33);
    // The example assessment gates the example portfolio: AI-04 needs a register of AI tools
    // (governance.registry 3); the example answers 1.
    let ai04 = json["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "AI-04")
        .unwrap();
    assert_eq!(ai04["readiness"]["status"], "blocked");
    assert_eq!(ai04["readiness"]["gaps"][0], "governance.registry 1 < 3");
    let quiet = itsm_ai().args(["score", "-q"]).output().unwrap();
    assert!(quiet.stderr.is_empty());
}

#[test]
fn closed_stdout_pipe_ends_quietly() {
    let mut csv = String::from("id,name,reach,impact,confidence,effort,ai_complexity\n");
    for i in 0..20_000 {
        csv.push_str(&format!(
            "I-{i:05},Initiative number {i},{},3,3,2,2\n",
            i % 6
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("big.csv"), csv).unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("itsm-ai"))
        .current_dir(dir.path())
        .args(["score", "big.csv", "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(stderr, "");
}

#[test]
fn help_and_version() {
    let out = itsm_ai().arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("itsm-ai {}\n", env!("CARGO_PKG_VERSION"))
    );
    let help = itsm_ai().args(["score", "--help"]).output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--delimiter",
        "--skip-invalid",
        "--format",
        "--output",
        "--framework",
        "--top",
        "--check",
        "--color",
        "--quiet",
    ] {
        assert!(text.contains(flag), "{flag} missing from score --help");
    }
    // The environment the tool reads is listed in the main help and the main manual page.
    let main_help = itsm_ai().arg("--help").output().unwrap();
    let main_help = String::from_utf8_lossy(&main_help.stdout);
    let man = itsm_ai().arg("man").output().unwrap();
    let man = String::from_utf8_lossy(&man.stdout);
    for variable in [
        "ITSM_AI_FRAMEWORK",
        "NO_COLOR",
        "ITSM_AI_TIMING",
        "ITSM_AI_LEAN",
    ] {
        let line = main_help
            .lines()
            .find(|l| l.trim_start().starts_with(variable))
            .unwrap_or_else(|| panic!("{variable} missing from --help"));
        assert!(
            line.len() > variable.len() + 10,
            "{variable} is not explained"
        );
        assert!(
            man.contains(variable),
            "{variable} missing from the manual page"
        );
    }
}

#[test]
fn merged_answers_are_a_valid_answers_file() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/assess-merge");
    let merge = itsm_ai()
        .current_dir(fixtures)
        .args([
            "assess",
            "merge",
            "cio.yaml",
            "ops.yaml",
            "desk.yaml",
            "-q",
            "-o",
        ])
        .arg(dir.path().join("merged.yaml"))
        .output()
        .unwrap();
    assert_eq!(merge.status.code(), Some(0));
    let assess = itsm_ai()
        .args(["assess", "--format", "json", "--answers"])
        .arg(dir.path().join("merged.yaml"))
        .output()
        .unwrap();
    assert_eq!(
        assess.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&assess.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&assess.stdout).unwrap();
    assert_eq!(
        json["respondents"],
        serde_json::json!(["CIO", "Head of IT Operations", "Service Desk Lead"])
    );
    assert_eq!(json["dimensions"][1]["id"], "process");
    // process: medians 2, 2, 3.5, 4 → 11.5 / 4 (these version-1 files do not answer the two
    // questions version 2 added, and their process.proactive is read as infrastructure.detection).
    assert_eq!(json["dimensions"][1]["score"], 2.875);
}

#[test]
fn notes_and_roles_survive_a_merge_and_show_in_the_perception_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/assess-rules-merge"
    );
    let merged = dir.path().join("merged.yaml");
    let merge = itsm_ai()
        .current_dir(fixtures)
        .args([
            "assess",
            "merge",
            "cio.yaml",
            "desk.yaml",
            "--framework",
            "framework.yaml",
            "--date",
            "2026-12-10",
            "-q",
            "-o",
        ])
        .arg(&merged)
        .output()
        .unwrap();
    assert_eq!(merge.status.code(), Some(0));
    // The committed input of the merged-report fixtures is this merge's output.
    assert_eq!(
        fs::read_to_string(&merged).unwrap(),
        fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/assess-rules-merged/merged.yaml"
        ))
        .unwrap()
    );
    let assess = itsm_ai()
        .current_dir(fixtures)
        .args([
            "assess",
            "--framework",
            "framework.yaml",
            "--format",
            "json",
            "--answers",
        ])
        .arg(&merged)
        .output()
        .unwrap();
    assert_eq!(assess.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&assess.stdout).unwrap();
    let gaps = json["perception_gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 2);
    assert_eq!(gaps[0]["question"], "service.routing");
    assert_eq!(
        gaps[0]["answers"],
        serde_json::json!([
            {"respondent": "Ana Lima", "role": "CIO", "answer": 4,
             "note": "AI routing is live", "evidence": null},
            {"respondent": "Bo Berg", "role": "Service desk lead", "answer": 2,
             "note": "the pilot covers one queue; the rest is by hand", "evidence": null}
        ])
    );
    // Merging the merged file with a third respondent takes the median over the three people.
    let third = dir.path().join("ops.yaml");
    fs::write(
        &third,
        "framework: rules\nrespondent: Cy\nanswers:\n  service.routing: {answer: 4, note: yes}\n",
    )
    .unwrap();
    let again = itsm_ai()
        .current_dir(fixtures)
        .args(["assess", "merge", "--framework", "framework.yaml", "-q"])
        .arg(&merged)
        .arg(&third)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    let text = String::from_utf8(again.stdout).unwrap();
    assert!(text.contains("  service.routing: 4  # respondents disagree: Ana Lima (CIO) 4, Bo Berg (Service desk lead) 2, Cy 4\n"), "{text}");
    assert!(
        text.contains("respondents:\n  - \"Ana Lima\"\n  - \"Bo Berg\"\n  - \"Cy\"\n"),
        "{text}"
    );
    assert!(
        text.contains("      service.routing: {answer: 4, note: \"yes\"}\n"),
        "{text}"
    );
}

#[test]
fn embedded_example_answers_describe_a_level_two_organisation() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.yaml"),
        itsm_ai::cmd::assess::EXAMPLE_ANSWERS,
    )
    .unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["assess", "--answers", "a.yaml", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["overall"]["level"], 2);
    assert_eq!(json["focus"][0]["dimension"], "governance");
    assert_eq!(json["dimensions"][5]["level"], 1);
    // Every question answered, none n/a, exactly one don't know; written for the current version.
    let dims = json["dimensions"].as_array().unwrap();
    let sum = |key: &str| dims.iter().map(|d| d[key].as_u64().unwrap()).sum::<u64>();
    assert_eq!(sum("not_applicable"), 0);
    assert_eq!(sum("dont_know"), 1);
    assert_eq!(sum("answered") + sum("dont_know"), sum("total"));
    assert!(
        itsm_ai::cmd::assess::EXAMPLE_ANSWERS
            .contains(&format!("\nversion: {}\n", json["framework"]["version"]))
    );
}

/// Prose in the terminal report (explanations, focus areas, questions to find out) is wrapped
/// to the width given, not to 80 columns, and a roadmap's plan shows who owns each initiative
/// and what it costs.
#[test]
fn prose_follows_the_width_and_the_plan_shows_owners_and_costs() {
    let out = itsm_ai()
        .args([
            "assess",
            "--answers",
            "examples/answers.yaml",
            "--color",
            "never",
        ])
        .env("COLUMNS", "50")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let focus = text.split("Focus areas\n").nth(1).unwrap();
    let prose: Vec<&str> = focus.lines().take_while(|l| !l.is_empty()).collect();
    assert!(prose.len() > 5, "{focus}");
    let explanation = text
        .lines()
        .skip_while(|l| !l.starts_with("The overall score"))
        .take_while(|l| !l.is_empty());
    for line in prose.iter().copied().chain(explanation) {
        assert!(
            line.chars().count() < 50,
            "{} columns: {line}",
            line.chars().count()
        );
    }

    let out = itsm_ai()
        .args(["roadmap", "-q", "--currency", "EUR"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text.lines().find(|l| l.starts_with("#   ID")).unwrap();
    assert!(
        header.ends_with("Tier    Owner                             Cost"),
        "{header}"
    );
    let first = text.lines().find(|l| l.contains("AI-12")).unwrap();
    assert!(
        first.ends_with("Identity and Access Manager        EUR 45,000"),
        "{first}"
    );
}

#[test]
fn columns_is_read_as_one_csv_line_so_a_name_may_hold_a_comma() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("in.csv"),
        "id,name,reach,impact,confidence,effort,ai_complexity,\"Cost, EUR\"\nA-1,a,5,3,4,2,1,100\nB-2,b,1,1,1,5,5,200\n",
    )
    .unwrap();
    let score = |args: &[&str]| {
        itsm_ai()
            .current_dir(dir.path())
            .args(["score", "in.csv"])
            .args(args)
            .output()
            .unwrap()
    };
    let written = |out: std::process::Output| {
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        fs::read_to_string(dir.path().join("out.csv")).unwrap()
    };
    let expected = "id,\"Cost, EUR\"\nA-1,100\nB-2,200\n";
    // The lean path (CSV), and the general path (CSV with --skip-invalid, and TSV).
    for extra in [&[][..], &["--skip-invalid"]] {
        let out = score(
            &[
                &["--columns", "id,\"Cost, EUR\"", "-o", "out.csv"][..],
                extra,
            ]
            .concat(),
        );
        assert_eq!(written(out), expected);
    }
    let out = score(&["--columns", "id,\"Cost, EUR\"", "--format", "tsv"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "id\tCost, EUR\nA-1\t100\nB-2\t200\n"
    );
    // A repeated flag adds to the list.
    let out = score(&[
        "--columns",
        "id",
        "--columns",
        "\"Cost, EUR\"",
        "-o",
        "out.csv",
    ]);
    assert_eq!(written(out), expected);
    // Unquoted, the comma still separates names.
    let out = score(&["--columns", "id,Cost, EUR", "-o", "out.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("error: --columns: there is no column \"Cost\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A list that is not one line is a usage error.
    let out = score(&["--columns", "id\nname", "-o", "out.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("the list is one line: column names separated by commas"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
