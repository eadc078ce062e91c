//! Where `-o` writes: regular files replaced atomically, devices and FIFOs written in place,
//! links followed, folders and input files refused, permissions kept, stale temporaries removed.

use super::itsm_ai;
use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The names in `dir`, sorted (hidden ones included).
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// What `score --format csv` writes on stdout for the example.
fn example_csv() -> Vec<u8> {
    let out = itsm_ai()
        .args(["score", "-q", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    out.stdout
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_fifo_is_written_in_place_and_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.csv");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    let out = itsm_ai()
        .args(["score", "-q", "-o"])
        .arg(&fifo)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(reader.join().unwrap(), example_csv());
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(names(dir.path()), ["out.csv"]);
}

#[test]
fn check_against_a_fifo_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.csv");
    mkfifo(&fifo);
    let out = itsm_ai()
        .args(["score", "-q", "--check", "-o"])
        .arg(&fifo)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: --check compares with a regular file, and {} is a FIFO: name the file the result is kept in\n",
            fifo.display()
        )
    );
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn dev_null_is_written_in_place_in_the_default_format() {
    for args in [&["score", "-q"][..], &["roadmap", "-q", "--format", "json"]] {
        let out = itsm_ai()
            .args(args)
            .args(["-o", "/dev/null"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(out.stdout.is_empty());
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
    let out = itsm_ai()
        .args(["score", "-q", "--check", "-o", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/dev/null is a character device"));
}

#[test]
fn dev_stdout_writes_through_the_descriptor() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("captured.csv");
    let status = Command::new(assert_cmd::cargo::cargo_bin("itsm-ai"))
        .args(["score", "-q", "--format", "csv", "-o", "/dev/stdout"])
        .stdout(fs::File::create(&file).unwrap())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(fs::read(&file).unwrap(), example_csv());
    assert_eq!(names(dir.path()), ["captured.csv"]);
}

#[test]
fn a_link_is_followed_and_its_target_keeps_its_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.csv");
    fs::write(&target, "old\n").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("real.csv", &link).unwrap();
    let out = itsm_ai()
        .args(["score", "-q", "-o"])
        .arg(&link)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("real.csv"));
    assert_eq!(fs::read(&target).unwrap(), example_csv());
    let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640);
    assert_eq!(names(dir.path()), ["link.csv", "real.csv"]);
}

#[test]
fn a_dangling_link_creates_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("made.csv", &link).unwrap();
    let out = itsm_ai()
        .args(["score", "-q", "-o"])
        .arg(&link)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read(dir.path().join("made.csv")).unwrap(),
        example_csv()
    );
}

#[test]
fn new_files_get_0666_less_the_umask_and_replaced_files_keep_their_mode() {
    let dir = tempfile::tempdir().unwrap();
    let binary = assert_cmd::cargo::cargo_bin("itsm-ai");
    for (umask, expected) in [("022", 0o644), ("027", 0o640), ("077", 0o600)] {
        let file = dir.path().join(format!("u{umask}.csv"));
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" score -q -o \"$1\""))
            .arg(&binary)
            .arg(&file)
            .status()
            .unwrap();
        assert!(status.success());
        let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, expected, "umask {umask}");
    }
    let kept = dir.path().join("kept.csv");
    fs::write(&kept, "old\n").unwrap();
    fs::set_permissions(&kept, fs::Permissions::from_mode(0o604)).unwrap();
    let out = itsm_ai()
        .args(["score", "-q", "-o"])
        .arg(&kept)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        fs::metadata(&kept).unwrap().permissions().mode() & 0o7777,
        0o604
    );
}

#[test]
fn a_folder_as_output_is_refused_and_nothing_is_left() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("out.csv")).unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "-q", "-o", "out.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: out.csv: is a folder: name a file (inside it, or elsewhere)\n"
    );
    assert_eq!(names(dir.path()), ["out.csv"]);
    assert!(names(&dir.path().join("out.csv")).is_empty());
}

#[test]
fn a_missing_folder_is_an_error_that_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "-q", "-o", "no/such/out.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: no/such/out.csv: No such file or directory"),
        "{}",
        stderr(&out)
    );
    assert!(names(dir.path()).is_empty());
}

#[test]
fn writing_over_an_input_is_refused_by_any_name() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    fs::write(&input, example_csv_input()).unwrap();
    std::os::unix::fs::symlink("in.csv", dir.path().join("link.csv")).unwrap();
    fs::hard_link(&input, dir.path().join("hard.csv")).unwrap();
    fs::write(dir.path().join("t.md"), "{{ title }}\n").unwrap();
    let before = fs::read(&input).unwrap();
    for (args, message) in [
        (
            &["score", "in.csv", "-o", "./in.csv"][..],
            "-o ./in.csv is the input file in.csv",
        ),
        (
            &["roadmap", "link.csv", "-o", "in.csv"],
            "-o in.csv is the input file link.csv",
        ),
        (
            &["score", "in.csv", "-o", "hard.csv"],
            "-o hard.csv is the input file in.csv",
        ),
        (
            &["report", "in.csv", "--template", "t.md", "-o", "t.md"],
            "-o t.md is the input file t.md",
        ),
    ] {
        let out = itsm_ai()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&out),
            format!("error: {message}: writing the result would destroy it; name another file\n"),
            "{args:?}"
        );
    }
    assert_eq!(fs::read(&input).unwrap(), before);
    assert_eq!(
        fs::read_to_string(dir.path().join("t.md")).unwrap(),
        "{{ title }}\n"
    );
    assert_eq!(
        names(dir.path()),
        ["hard.csv", "in.csv", "link.csv", "t.md"]
    );
}

#[test]
fn writing_over_a_framework_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = include_str!("../../frameworks/ice.yaml");
    fs::write(dir.path().join("fw.yaml"), text).unwrap();
    fs::write(dir.path().join("fw.md"), text).unwrap();
    fs::write(
        dir.path().join("in.csv"),
        "id,name,impact,confidence,ease\nA,a,3,3,3\n",
    )
    .unwrap();
    for args in [
        &["framework", "show", "./fw.yaml", "-o", "fw.yaml"][..],
        &["score", "in.csv", "--framework", "./fw.md", "-o", "fw.md"],
    ] {
        let out = itsm_ai()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is the input file"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("fw.yaml")).unwrap(),
        text
    );
    assert_eq!(fs::read_to_string(dir.path().join("fw.md")).unwrap(), text);
}

#[test]
fn writing_over_an_answers_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.yaml"),
        include_str!("../../examples/answers.yaml"),
    )
    .unwrap();
    for args in [
        &["assess", "--answers", "a.yaml", "-o", "a.yaml"][..],
        &["assess", "merge", "a.yaml", "a.yaml", "-o", "a.yaml"],
        &["assess", "compare", "a.yaml", "a.yaml", "-o", "./a.yaml"],
    ] {
        let out = itsm_ai()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is the input file a.yaml"),
            "{args:?}"
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("a.yaml")).unwrap(),
        include_str!("../../examples/answers.yaml")
    );
}

/// The example initiatives, as a user's file.
fn example_csv_input() -> &'static str {
    include_str!("../../examples/initiatives.csv")
}

#[test]
fn stale_temporaries_of_dead_runs_are_removed_and_live_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    // 4294967 is above any process id Linux gives (at most 4194304); 1 always runs.
    let dead = ".out.csv.itsm-ai-4294967-0.tmp";
    let live = ".out.csv.itsm-ai-1-0.tmp";
    let other = ".other.csv.itsm-ai-4294967-0.tmp";
    for name in [dead, live, other] {
        fs::write(dir.path().join(name), "half").unwrap();
    }
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "-q", "-o", "out.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(names(dir.path()), [other, live, "out.csv"]);
}

#[test]
fn framework_new_follows_a_linked_schema() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("shared.json"), "{}").unwrap();
    std::os::unix::fs::symlink(
        "shared.json",
        dir.path().join("itsm-ai-framework.schema.json"),
    )
    .unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["framework", "new", "acme"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let link = dir.path().join("itsm-ai-framework.schema.json");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let schema = itsm_ai().args(["framework", "schema"]).output().unwrap();
    assert_eq!(
        fs::read(dir.path().join("shared.json")).unwrap(),
        schema.stdout
    );
    let mode = fs::metadata(dir.path().join("acme.yaml"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o7000, 0, "no set-id bits");
    assert_eq!(mode & 0o111, 0, "not executable");
}

#[test]
fn init_leaves_no_stage_and_removes_a_killed_runs_stage() {
    let root = tempfile::tempdir().unwrap();
    // What a run killed half-way leaves: its hidden stage, and no `plan` folder.
    let stage = root.path().join(".plan.itsm-ai-init-4294967.tmp");
    fs::create_dir_all(stage.join("docs")).unwrap();
    fs::write(stage.join("initiatives.csv"), "half").unwrap();
    let out = itsm_ai()
        .current_dir(root.path())
        .args(["init", "plan"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(names(root.path()), ["plan"]);
    assert_eq!(
        fs::read_to_string(root.path().join("plan/initiatives.csv")).unwrap(),
        example_csv_input()
    );
    // Into an existing folder: the files arrive, the stage inside it goes.
    let existing = root.path().join("here");
    fs::create_dir(&existing).unwrap();
    fs::write(existing.join("notes.txt"), "mine").unwrap();
    let out = itsm_ai()
        .current_dir(&existing)
        .args(["init", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        names(&existing),
        [
            "answers.yaml",
            "ci",
            "docs",
            "framework.yaml",
            "initiatives.csv",
            "itsm-ai-framework.schema.json",
            "notes.txt",
            "scripts"
        ]
    );
    let script = fs::metadata(existing.join("scripts/check-roadmap.sh")).unwrap();
    assert_eq!(script.permissions().mode() & 0o777, 0o755);
}

/// An existing schema is compared by as much of it as the comparison needs: a huge one (sparse,
/// 64 GiB, taking no disk) is replaced at once instead of being read whole.
#[test]
fn framework_new_replaces_a_huge_schema_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let schema_path = dir.path().join("itsm-ai-framework.schema.json");
    fs::File::create(&schema_path)
        .unwrap()
        .set_len(64 << 30)
        .unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["framework", "new", "acme"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let schema = itsm_ai().args(["framework", "schema"]).output().unwrap();
    assert_eq!(fs::read(&schema_path).unwrap(), schema.stdout);
}
