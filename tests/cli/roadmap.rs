//! `itsm-ai roadmap` end to end: `--check` as CI uses it, the example's own capacity, usage
//! errors, and the assessment read from either of its two forms.

use super::itsm_ai;
use std::fs;
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/roadmap-user")
        .join(name)
}

fn usage_error(args: &[&str]) -> String {
    let out = itsm_ai()
        .current_dir(fixture(""))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn check_keeps_a_committed_roadmap_current() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["initiatives.csv", "assessment.json"] {
        fs::copy(fixture(f), dir.path().join(f)).unwrap();
    }
    let run = |extra: &[&str]| {
        itsm_ai()
            .current_dir(dir.path())
            .args([
                "roadmap",
                "initiatives.csv",
                "--assessment",
                "assessment.json",
                "--capacity",
                "4",
                "-o",
                "docs/roadmap.md",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    fs::create_dir(dir.path().join("docs")).unwrap();
    let missing = run(&["--check"]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr),
        "error: docs/roadmap.md does not exist (run the same command without --check to create it)\n"
    );
    assert!(!dir.path().join("docs/roadmap.md").exists());

    assert_eq!(run(&[]).status.code(), Some(0));
    let written = fs::read_to_string(dir.path().join("docs/roadmap.md")).unwrap();
    assert!(written.starts_with("# Roadmap · Fixture Ltd\n"));
    assert!(written.contains("```mermaid\ngantt\n"));
    let fresh = run(&["--check"]);
    assert_eq!(fresh.status.code(), Some(0));
    assert!(fresh.stderr.is_empty());

    // A new initiative in the CSV makes the committed roadmap stale; --check writes nothing.
    let mut csv = fs::read_to_string(dir.path().join("initiatives.csv")).unwrap();
    csv.push_str("A-NEW,New idea,5,5,5,1,1,buy,,,,0.5,,,\n");
    fs::write(dir.path().join("initiatives.csv"), csv).unwrap();
    let stale = run(&["--check"]);
    assert_eq!(stale.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&stale.stderr),
        "error: docs/roadmap.md is stale: regenerating it would change it (run the same command without --check to update it)\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("docs/roadmap.md")).unwrap(),
        written
    );
}

#[test]
fn the_example_plans_with_its_own_capacity_and_a_user_file_does_not() {
    let example = itsm_ai()
        .args(["roadmap", "--format", "json", "-q"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&example.stdout).unwrap();
    assert_eq!(json["capacity_pm"], 12.0);
    assert_eq!(json["title"], "Example data");
    for phase in json["phases"].as_array().unwrap() {
        assert!(phase["effort_pm"].as_f64().unwrap() <= 12.0);
    }
    let user = itsm_ai()
        .args(["roadmap", "--format", "json", "-q"])
        .arg(fixture("initiatives.csv"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&user.stdout).unwrap();
    assert_eq!(json["capacity_pm"], serde_json::Value::Null);
    assert_eq!(json["readiness_checked"], false);
    // Unlimited capacity and no readiness check: only dependencies push work back.
    let names: Vec<Vec<&str>> = json["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["initiatives"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        names,
        [
            vec!["A-SUM", "F-GOV", "F-DATA", "A-BOT", "A-HUGE", "A-AUTO"],
            vec!["A-TRIAGE"],
            vec![]
        ]
    );
}

#[test]
fn an_answers_file_and_an_assessment_result_gate_alike() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers.yaml");
    let result = itsm_ai()
        .args(["assess", "--format", "json", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    let result_file = dir.path().join("result.json");
    fs::write(&result_file, &result.stdout).unwrap();
    let score = |assessment: &Path| {
        let out = itsm_ai()
            .args(["score", "--format", "csv", "-q"])
            .arg(fixture("initiatives.csv"))
            .arg("--assessment")
            .arg(assessment)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        out.stdout
    };
    let from_answers = score(&answers);
    assert_eq!(from_answers, score(&result_file));
    let text = String::from_utf8(from_answers).unwrap();
    assert!(
        text.contains("A-SUM,Incident summaries,24.000000,19.20,Do now,blocked,governance 1 < 2,")
    );
}

#[test]
fn usage_errors_say_what_to_do() {
    assert_eq!(
        usage_error(&["roadmap", "--start", "2027-Q1", "--phase-length", "month"]),
        "error: --start 2027-Q1 is a quarter, but --phase-length is month; they must agree (or leave out --phase-length)\n"
    );
    assert_eq!(
        usage_error(&["roadmap", "--start", "2027-Q5"]),
        "error: --start \"2027-Q5\" is not a period (expected a quarter like 2027-Q1, a month like 2027-03 or a half like 2027-H1)\n"
    );
    assert_eq!(
        usage_error(&["roadmap", "--assessment", "assessment.json"]),
        "error: --assessment needs an INITIATIVES file too; the example portfolio is not mixed with your own files\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let no_cost = dir.path().join("no-cost.csv");
    fs::write(
        &no_cost,
        "id,name,reach,impact,confidence,effort,ai_complexity\nA,a,1,1,1,1,1\n",
    )
    .unwrap();
    assert_eq!(
        usage_error(&["roadmap", no_cost.to_str().unwrap(), "--it-budget", "1000"]),
        format!(
            "error: --it-budget needs costs: {} has no cost column, or every cost cell is empty\n",
            no_cost.display()
        )
    );
    let other = dir.path().join("other.json");
    fs::write(
        &other,
        "{\"schema_version\": 1,\n \"framework\": {\"id\": \"acme\", \"version\": 1},\n \"overall\": {\"level\": 2}, \"dimensions\": []}\n",
    )
    .unwrap();
    assert_eq!(
        usage_error(&[
            "roadmap",
            "initiatives.csv",
            "--assessment",
            other.to_str().unwrap()
        ]),
        format!(
            "error: {}:2:15: this assessment is for framework \"acme\", but the framework in use is \"itsm-ai\" [answers-framework]\n  hint: pass --framework acme\n",
            other.display()
        )
    );
    assert!(
        usage_error(&["roadmap", "--capacity", "-1"])
            .contains("invalid value '-1' for '--capacity <PM>': must be 0 or more")
    );
}

/// Runs the CI script of `examples/ci/` in `dir` with the binary under test.
fn check_script(dir: &Path, roadmap: &str) -> std::process::Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::process::Command::new("bash")
        .arg(root.join("examples/ci/check-roadmap.sh"))
        .current_dir(dir)
        .env("ITSM_AI", assert_cmd::cargo::cargo_bin("itsm-ai"))
        .env("INITIATIVES", root.join("examples/initiatives.csv"))
        .env("ANSWERS", root.join("examples/answers.yaml"))
        .env("ROADMAP", roadmap)
        .env_remove("CAPACITY")
        .env_remove("ROADMAP_ARGS")
        .env_remove("MESSAGE_FORMAT")
        .env_remove("ITSM_AI_FRAMEWORK")
        .output()
        .unwrap()
}

#[test]
fn the_ci_script_passes_on_the_committed_example_roadmap_and_fails_on_a_stale_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let current = check_script(root, "docs/roadmap.md");
    assert_eq!(
        current.status.code(),
        Some(0),
        "docs/roadmap.md is stale; regenerate it with: itsm-ai roadmap examples/initiatives.csv --assessment examples/answers.yaml --capacity 12 -o docs/roadmap.md\n{}",
        String::from_utf8_lossy(&current.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&current.stderr),
        "docs/roadmap.md is current\n"
    );

    let dir = tempfile::tempdir().unwrap();
    let committed = fs::read_to_string(root.join("docs/roadmap.md")).unwrap();
    fs::write(
        dir.path().join("roadmap.md"),
        committed.replace("12 PM per phase", "10 PM per phase"),
    )
    .unwrap();
    let stale = check_script(dir.path(), "roadmap.md");
    assert_eq!(stale.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&stale.stderr),
        "error: roadmap.md is stale: regenerating it would change it (run the same command without --check to update it)\n"
    );
}

/// The example's paths, from the crate root.
fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn stdout_of(args: &[&str]) -> String {
    let out = itsm_ai().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn an_assessment_result_plans_exactly_like_its_answers_file() {
    let dir = tempfile::tempdir().unwrap();
    let result = dir.path().join("result.json");
    let json = stdout_of(&[
        "assess",
        "--answers",
        &example("answers.yaml"),
        "--format",
        "json",
    ]);
    fs::write(&result, json).unwrap();
    let plan = |assessment: &str| {
        stdout_of(&[
            "roadmap",
            &example("initiatives.csv"),
            "--assessment",
            assessment,
            "--capacity",
            "12",
            "--format",
            "json",
        ])
    };
    assert_eq!(
        plan(result.to_str().unwrap()),
        plan(&example("answers.yaml"))
    );
}

#[test]
fn question_conditions_need_answers_and_are_re_scored() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("q.csv");
    fs::write(
        &csv,
        "id,name,reach,impact,confidence,effort,ai_complexity,requires,raises\n\
         REG,Register,5,1,4,1,1,,governance.registry=3\n\
         USE,Use,5,5,5,1,1,governance.registry>=3,\n",
    )
    .unwrap();
    // Levels only: a question cannot be judged.
    let levels = dir.path().join("levels.json");
    fs::write(
        &levels,
        r#"{"schema_version": 1, "framework": {"id": "itsm-ai", "version": 1}, "overall": {"level": 2}, "dimensions": [{"id": "governance", "level": 1}]}"#,
    )
    .unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["roadmap", "q.csv", "--assessment", "levels.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: q.csv:2: column \"raises\": \"governance.registry\" names a question, but levels.json has levels and no answers [needs-answers]\n  \
         hint: pass the answers file, or the output of `itsm-ai assess --format json`, which carries the answers\n\
         error: q.csv:3: column \"requires\": \"governance.registry\" names a question, but levels.json has levels and no answers [needs-answers]\n  \
         hint: pass the answers file, or the output of `itsm-ai assess --format json`, which carries the answers\n\
         2 problems found; nothing was written\n"
    );
    // With the example's answers (registry 1): REG is pulled forward for USE (rank 1), and the
    // governance level the plan promises is the re-scored one: 1, 2, 1, 2, 1 with the register
    // at 3 is a mean of 1.8, still level 1.
    let json = stdout_of(&[
        "roadmap",
        csv.to_str().unwrap(),
        "--assessment",
        &example("answers.yaml"),
        "--format",
        "json",
    ]);
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    let phases = plan["phases"].as_array().unwrap();
    assert_eq!(phases[0]["initiatives"], serde_json::json!(["REG"]));
    assert_eq!(phases[1]["initiatives"], serde_json::json!(["USE"]));
    assert_eq!(phases[0]["maturity_after"]["governance"], 1);
    assert_eq!(phases[0]["overall_after"], 2);
    let reg = &plan["initiatives"][0];
    assert_eq!(reg["id"], "REG");
    assert_eq!(reg["priority"], 1);
    assert_eq!(reg["pulled_forward_for"], "USE");
    assert_eq!(
        reg["pulled_forward"],
        "pulled forward for USE Use (rank 1): raises governance.registry to 3"
    );
    assert_eq!(
        plan["initiatives"][1]["pulled_forward_for"],
        serde_json::Value::Null
    );
}

/// Applies a raise to an answers file's text, as a person re-answering after the work would:
/// each answered question it names (all of a dimension's, for a dimension raise) is answered at
/// least N; don't know counts as 1; n/a stays.
fn raise_answers(text: &str, target: &str, level: f64) -> String {
    text.lines()
        .map(|line| {
            let Some((key, rest)) = line.trim_start().split_once(": ") else {
                return line.to_string();
            };
            let hits = if target.contains('.') {
                key == target
            } else {
                key.starts_with(&format!("{target}."))
            };
            let value = rest.split('#').next().unwrap_or("").trim();
            let current = match value {
                "dont_know" => Some(1.0),
                "n/a" => None,
                v => v.parse::<f64>().ok(),
            };
            match current {
                Some(v) if hits && line.starts_with("  ") => {
                    format!("  {key}: {}", v.max(level))
                }
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_maturity_a_plan_promises_is_what_re_answering_after_the_work_gives() {
    let json = stdout_of(&[
        "roadmap",
        &example("initiatives.csv"),
        "--assessment",
        &example("answers.yaml"),
        "--capacity",
        "12",
        "--format",
        "json",
    ]);
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    let raises: std::collections::HashMap<String, String> = plan["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| {
            Some((
                i["id"].as_str()?.to_string(),
                i["raises"].as_str()?.to_string(),
            ))
        })
        .collect();
    let mut answers = fs::read_to_string(example("answers.yaml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut dimensions_checked = 0;
    for (p, phase) in plan["phases"].as_array().unwrap().iter().enumerate() {
        for id in phase["initiatives"].as_array().unwrap() {
            let Some(cell) = raises.get(id.as_str().unwrap()) else {
                continue;
            };
            for raise in cell.split(';').map(str::trim).filter(|r| !r.is_empty()) {
                let (target, level) = raise.split_once('=').unwrap();
                answers = raise_answers(&answers, target.trim(), level.trim().parse().unwrap());
            }
        }
        // Re-answer the questionnaire after this phase's work and score it.
        let file = dir.path().join(format!("after-{p}.yaml"));
        fs::write(&file, &answers).unwrap();
        let assessed: serde_json::Value = serde_json::from_str(&stdout_of(&[
            "assess",
            "--answers",
            file.to_str().unwrap(),
            "--format",
            "json",
        ]))
        .unwrap();
        for d in assessed["dimensions"].as_array().unwrap() {
            let id = d["id"].as_str().unwrap();
            assert_eq!(
                phase["maturity_after"][id], d["level"],
                "{id} after {}",
                phase["name"]
            );
            dimensions_checked += 1;
        }
        assert_eq!(phase["overall_after"], assessed["overall"]["level"]);
    }
    assert_eq!(dimensions_checked, 21);
    assert!(
        answers.contains("\n  governance.registry: 3"),
        "the raises were applied"
    );
    // And the example's promises move: knowledge after Now, data and governance after Next.
    assert_eq!(
        plan["phases"][0]["raises"],
        serde_json::json!(["knowledge 2 → 3"])
    );
    assert_eq!(
        plan["phases"][1]["raises"],
        serde_json::json!(["data 2 → 3", "governance 1 → 2"])
    );
}

#[test]
fn a_budget_share_past_a_thousand_percent_is_not_a_row_of_digits() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = itsm_ai()
        .args([
            "roadmap",
            "-q",
            "--it-budget",
            "0.01",
            "--format",
            "markdown",
        ])
        .arg(root.join("examples/initiatives.csv"))
        .arg("--assessment")
        .arg(root.join("examples/answers.yaml"))
        .env_remove("ITSM_AI_FRAMEWORK")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("AI cost 1,885,000 of IT budget 0.01 (&gt;1000%)"),
        "{text}"
    );
    assert!(!text.contains("18850000000"), "{text}");
}

#[test]
fn a_pulled_foundation_names_the_higher_ranked_initiatives_that_wait_for_it_too() {
    // Every AI initiative needs the register at 3 (the example's answers have 1); REG raises it
    // and ranks last. Pulled forward for USE1 (rank 1), it is also what ranks 2 to 8 wait for:
    // five are named, the rest counted. With one other waiting, the verb is singular.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("w.csv");
    let mut text = String::from(
        "id,name,reach,impact,confidence,effort,ai_complexity,requires,raises\n\
         REG,Register,1,1,1,1,1,,governance.registry=3\n",
    );
    for k in 1..=8 {
        text.push_str(&format!(
            "USE{k},Use {k},5,5,{},1,1,governance.registry>=3,\n",
            5.0 - f64::from(k) * 0.25
        ));
    }
    fs::write(&csv, &text).unwrap();
    let pulled = |csv: &Path| {
        let json = stdout_of(&[
            "roadmap",
            csv.to_str().unwrap(),
            "--assessment",
            &example("answers.yaml"),
            "--include-all",
            "--format",
            "json",
        ]);
        let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
        let reg = plan["initiatives"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "REG")
            .unwrap()
            .clone();
        reg["pulled_forward"].as_str().unwrap().to_string()
    };
    assert_eq!(
        pulled(&csv),
        "pulled forward for USE1 Use 1 (rank 1): raises governance.registry to 3, which USE2 \
         (rank 2), USE3 (rank 3), USE4 (rank 4), USE5 (rank 5), USE6 (rank 6) and 2 more wait \
         for too"
    );
    let two = dir.path().join("two.csv");
    fs::write(&two, text.lines().take(4).collect::<Vec<_>>().join("\n")).unwrap();
    assert_eq!(
        pulled(&two),
        "pulled forward for USE1 Use 1 (rank 1): raises governance.registry to 3, which USE2 \
         (rank 2) waits for too"
    );
    // An initiative that needs the register at 4 does not wait for a raise to 3: REG's list
    // leaves out USE2, and REG4's (a raise to 4) names both others.
    let levels = dir.path().join("levels.csv");
    fs::write(
        &levels,
        "id,name,reach,impact,confidence,effort,ai_complexity,requires,raises\n\
         REG,Register,1,1,1,1,1,,governance.registry=3\n\
         REG4,Register four,1,1,1,1,2,,governance.registry=4\n\
         USE1,Use 1,5,5,5,1,1,governance.registry>=3,\n\
         USE2,Use 2,5,5,4,1,1,governance.registry>=4,\n\
         USE3,Use 3,5,5,3,1,1,governance.registry>=3,\n",
    )
    .unwrap();
    assert_eq!(
        pulled(&levels),
        "pulled forward for USE1 Use 1 (rank 1): raises governance.registry to 3, which USE3 \
         (rank 3) waits for too"
    );
}
