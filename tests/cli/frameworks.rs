//! `itsm-ai framework`: list, show, validate (with --strict), schema, new; and a consultant's
//! whole path from a copy to a scored file.

use super::itsm_ai;
use std::fs;
use std::path::Path;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = itsm_ai().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn new_validate_and_score_with_a_copy_of_rice() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["framework", "new", "acme", "--from", "rice"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        "note: wrote acme.yaml (framework \"acme\", copied from \"rice\") and itsm-ai-framework.schema.json; editors that read the modeline complete and check it\n"
    );
    let text = fs::read_to_string(dir.path().join("acme.yaml")).unwrap();
    assert!(text.starts_with(
        "# yaml-language-server: $schema=./itsm-ai-framework.schema.json\n# A copy of the \"rice\" framework"
    ));
    assert_eq!(text.matches("\nid: ").count(), 1);
    assert!(text.contains("\nid: acme\n"));
    assert_eq!(
        fs::read_to_string(dir.path().join("itsm-ai-framework.schema.json")).unwrap(),
        run(dir.path(), &["framework", "schema"]).1
    );
    // A second `new` never overwrites.
    let (code, _, stderr) = run(dir.path(), &["framework", "new", "acme"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: acme.yaml already exists; choose another name, or remove it first\n"
    );

    // Change the formula, validate, score with it.
    fs::write(
        dir.path().join("acme.yaml"),
        text.replace(
            "formula: reach * impact * confidence / effort",
            "formula: reach * impact * confidence / (effort * 2)",
        ),
    )
    .unwrap();
    let (code, stdout, _) = run(dir.path(), &["framework", "validate", "acme.yaml"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "acme.yaml: valid framework \"acme\" v1 (scoring RICE with 4 factors); 0 warnings\n"
    );
    fs::write(
        dir.path().join("client.csv"),
        "id,name,reach,impact,confidence,effort\nX-1,Chatbot,1000,high,80%,4\nX-2,Search,500,massive,high,1\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "score",
            "client.csv",
            "--framework",
            "acme.yaml",
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(4).collect())
        .collect();
    // 500 × 3 × 1 ÷ (1 × 2) = 750; X-1: 1000 × 2 × 0.8 ÷ (4 × 2) = 200.
    assert_eq!(
        rows,
        [
            vec!["1", "X-2", "Search", "750.000000"],
            vec!["2", "X-1", "Chatbot", "200.000000"]
        ]
    );
}

#[test]
fn validate_reports_every_problem_and_strict_fails_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("bad.yaml"),
        "id: bad\nversion: 1\nname: Bad\nscoring:\n  name: S\n  factors:\n    - {id: a, name: A, kind: benefit, scale: {min: 0, max: 5}, hlep: x}\n    - {id: b, name: B, kind: cost, scale: {min: 0, max: 5}}\n  formula: a / b\n  tiers:\n    - {name: All}\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["framework", "validate", "bad.yaml"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        "error: bad.yaml:7:64: unknown field \"hlep\", did you mean \"help\"? [yaml-invalid]\n"
    );

    fs::write(
        dir.path().join("warn.yaml"),
        "id: warn\nversion: 1\nname: Warn\nscoring:\n  name: S\n  factors:\n    - {id: a, name: A, kind: benefit, scale: {min: 0, max: 5}, help: h}\n    - {id: b, name: B, kind: cost, scale: {min: 1, max: 5}, help: h}\n    - {id: c, name: C, kind: benefit, scale: {min: 0, max: 5}, help: h}\n  formula: a / b\n  tiers:\n    - {name: All}\n",
    )
    .unwrap();
    let expected_warnings = "warning: warn.yaml: scoring.factors \"c\": not used in the formula, so it cannot change a score\n\
                             warning: warn.yaml: scoring.tie_breaks: none, so equal scores are ordered by id alone\n";
    let (code, stdout, stderr) = run(dir.path(), &["framework", "validate", "warn.yaml"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "warn.yaml: valid framework \"warn\" v1 (scoring S with 3 factors); 2 warnings\n"
    );
    assert_eq!(stderr, expected_warnings);
    let (code, _, stderr) = run(
        dir.path(),
        &["framework", "validate", "warn.yaml", "--strict"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        format!("{expected_warnings}error: warn.yaml has 2 warnings and --strict is set\n")
    );
}

#[test]
fn a_project_framework_is_found_by_id_and_overrides_a_built_in() {
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join(".itsm-ai/frameworks");
    fs::create_dir_all(&local).unwrap();
    let ice = run(dir.path(), &["framework", "show", "ice"]).1;
    fs::write(
        local.join("our-ice.yaml"),
        ice.replace(
            "formula: impact * confidence * ease",
            "formula: impact * ease",
        ),
    )
    .unwrap();
    let sub = dir.path().join("clients/acme");
    fs::create_dir_all(&sub).unwrap();
    fs::write(
        sub.join("in.csv"),
        "id,name,impact,confidence,ease\nA,a,5,2,4\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(
        &sub,
        &["score", "in.csv", "--framework", "ice", "--format", "csv"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "note: using {}, which overrides the built-in framework \"ice\"\n",
            local.join("our-ice.yaml").display()
        )
    );
    assert!(
        stdout
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("1,A,a,20.000000,")
    );
    let (_, list, _) = run(&sub, &["framework", "list", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&list).unwrap();
    let sources: Vec<String> = json["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["id"].as_str().unwrap(),
                f["source"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            "itsm-ai built-in".to_string(),
            "rice built-in".to_string(),
            format!(
                "ice built-in, overridden by {}",
                local.join("our-ice.yaml").display()
            ),
            "wsjf built-in".to_string(),
            format!("ice {}", local.join("our-ice.yaml").display()),
        ]
    );
}

#[test]
fn show_prints_the_file_or_its_json() {
    let dir = tempfile::tempdir().unwrap();
    let (code, yaml, _) = run(dir.path(), &["framework", "show", "wsjf"]);
    assert_eq!(code, 0);
    assert_eq!(
        yaml,
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("frameworks/wsjf.yaml"))
            .unwrap()
    );
    let (code, json, _) = run(
        dir.path(),
        &["framework", "show", "wsjf", "--format", "json"],
    );
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["id"], "wsjf");
    assert_eq!(value["scoring"]["maximum"], 60);
    let (code, _, stderr) = run(dir.path(), &["framework", "show", "ricee"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: no framework \"ricee\": not a built-in, not in .itsm-ai/frameworks, not a file. Run `itsm-ai framework list`. Did you mean \"rice\"?\n"
    );
}

#[test]
fn the_value_axis_follows_a_formula_that_adds_benefits() {
    // WSJF adds its benefits: the matrix's value is that sum (the score with job_size at 1),
    // not the product of the benefit factors.
    let out = itsm_ai()
        .args([
            "report",
            "tests/fixtures/framework-wsjf/backlog.csv",
            "--framework",
            "wsjf",
        ])
        .args(["--format", "json", "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let matrix = &report["matrix"];
    assert_eq!(matrix["value_label"], "score with job_size at 1");
    assert_eq!(matrix["effort_label"], "job_size");
    let point = matrix["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "W-05")
        .unwrap();
    assert_eq!(
        (point["value"].as_f64(), point["effort"].as_f64()),
        (Some(24.0), Some(3.0))
    );
}
