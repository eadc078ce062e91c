//! `itsm-ai init`, `completions` and `man`.

use super::itsm_ai;
use std::fs;
use std::path::Path;

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap();
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn init_sets_up_a_folder_whose_roadmap_is_current() {
    let root = tempfile::tempdir().unwrap();
    let out = itsm_ai()
        .current_dir(root.path())
        .args(["init", "plan"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let dir = root.path().join("plan");
    assert_eq!(
        files(&dir),
        [
            "answers.yaml",
            "ci/github-roadmap.yml",
            "ci/gitlab-ci.yml",
            "docs/roadmap.md",
            "framework.yaml",
            "initiatives.csv",
            "itsm-ai-framework.schema.json",
            "scripts/check-roadmap.sh",
        ]
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("note: set up plan: initiatives.csv, answers.yaml, framework.yaml, "),
        "{stderr}"
    );
    assert_eq!(
        fs::read(dir.join("initiatives.csv")).unwrap(),
        fs::read("examples/initiatives.csv").unwrap()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.join("scripts/check-roadmap.sh"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755);
    }
    // What the CI script checks holds from the start, and the framework copy is valid.
    itsm_ai()
        .current_dir(&dir)
        .args([
            "roadmap",
            "initiatives.csv",
            "--assessment",
            "answers.yaml",
            "--capacity",
            "12",
        ])
        .args(["-q", "-o", "docs/roadmap.md", "--check"])
        .assert()
        .success();
    let valid = itsm_ai()
        .current_dir(&dir)
        .args(["framework", "validate", "framework.yaml"])
        .output()
        .unwrap();
    assert!(valid.status.success());
    assert!(
        String::from_utf8(valid.stdout)
            .unwrap()
            .starts_with("framework.yaml: valid framework \"my-framework\" v2")
    );
    // A second run changes nothing and says why.
    fs::write(dir.join("initiatives.csv"), "mine").unwrap();
    let again = itsm_ai()
        .current_dir(root.path())
        .args(["init", "plan"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(again.stderr).unwrap(),
        "error: plan/initiatives.csv, plan/answers.yaml, plan/framework.yaml, plan/itsm-ai-framework.schema.json, \
         plan/scripts/check-roadmap.sh, plan/ci/github-roadmap.yml, plan/ci/gitlab-ci.yml, plan/docs/roadmap.md \
         already exist; init never overwrites: choose an empty folder, or move them away\n"
    );
    assert_eq!(
        fs::read_to_string(dir.join("initiatives.csv")).unwrap(),
        "mine"
    );
}

#[test]
fn init_refuses_a_folder_with_one_of_its_files() {
    let root = tempfile::tempdir().unwrap();
    fs::write(root.path().join("answers.yaml"), "mine").unwrap();
    let out = itsm_ai()
        .current_dir(root.path())
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: ./answers.yaml already exists; init never overwrites: choose an empty folder, or move it away\n"
    );
    assert_eq!(files(root.path()), ["answers.yaml"]);
}

#[test]
fn completions_and_manual_pages_come_from_the_command_line() {
    let run = |args: &[&str]| {
        let out = itsm_ai().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let zsh = run(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef itsm-ai\n"));
    for word in ["'score:", "'roadmap:", "'--simulate=", "'--sheet="] {
        assert!(zsh.contains(word), "{word}");
    }
    assert!(run(&["completions", "bash"]).contains("cmd=\"itsm__ai__subcmd__score\""));
    let page = run(&["man"]);
    assert!(page.contains(".TH itsm-ai 1  \"itsm-ai "));
    assert!(page.contains("itsm\\-ai\\-score(1)"));
    let dir = tempfile::tempdir().unwrap();
    run(&["man", "--dir", dir.path().to_str().unwrap()]);
    let pages = files(dir.path());
    assert_eq!(pages.len(), 16, "{pages:?}");
    for page in [
        "itsm-ai.1",
        "itsm-ai-score.1",
        "itsm-ai-framework-validate.1",
        "itsm-ai-init.1",
    ] {
        assert!(pages.contains(&page.to_string()), "{page}");
    }
    let score = fs::read_to_string(dir.path().join("itsm-ai-score.1")).unwrap();
    assert!(
        score.contains(".SH NAME\nitsm\\-ai\\-score \\- Rank AI initiatives"),
        "{score}"
    );
}
