//! The questionnaire driven through a pseudo-terminal as a person would: arrow keys, help, back,
//! n/a, don't know, Ctrl-C half-way, resume, and the same result as batch mode.

use super::itsm_ai;
use rexpect::process::WaitStatus;
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};
use std::fs;
use std::path::Path;
use std::process::Command;

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ENTER: &str = "\r";

fn spawn(dir: &Path, args: &[&str]) -> PtySession {
    spawn_raw(dir, args, true)
}

fn spawn_raw(dir: &Path, args: &[&str], strip_ansi: bool) -> PtySession {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("itsm-ai"));
    cmd.current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("ITSM_AI_FRAMEWORK");
    spawn_with_options(
        cmd,
        Options::new()
            .timeout_ms(Some(10_000))
            .strip_ansi_escape_codes(strip_ansi),
    )
    .unwrap()
}

/// Presses `keys` once the prompt on screen is reading keys: a prompt is drawn a moment before
/// it starts reading, and keys sent in that moment are not reliably seen.
fn press(p: &mut PtySession, keys: &str) {
    std::thread::sleep(std::time::Duration::from_millis(100));
    p.send(keys).unwrap();
    p.flush().unwrap();
}

/// Waits for question `n` of 40, then presses `keys`.
fn answer(p: &mut PtySession, n: usize, keys: &str) {
    p.exp_string(&format!("{n}/40 overall")).unwrap();
    press(p, keys);
}

fn exit_code(p: &mut PtySession) -> i32 {
    p.exp_eof().unwrap();
    match p.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("not a normal exit: {other:?}"),
    }
}

fn framework_yaml() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("frameworks/itsm-ai.yaml"))
        .unwrap()
}

/// The built-in framework's version, which every saved answers file names.
fn version() -> String {
    framework_yaml()
        .lines()
        .find_map(|l| l.strip_prefix("version: "))
        .unwrap()
        .to_string()
}

fn ids() -> Vec<String> {
    let yaml = framework_yaml();
    yaml.lines()
        .filter_map(|l| l.trim().strip_prefix("- id: "))
        .filter(|id| id.contains('.'))
        .map(str::to_string)
        .collect()
}

#[test]
fn answer_go_back_interrupt_resume_and_match_batch_mode() {
    let dir = tempfile::tempdir().unwrap();
    let ids = ids();
    assert_eq!(ids.len(), 40);

    let mut p = spawn(dir.path(), &["assess", "--save", "answers.yaml"]);
    p.exp_string("about 12 minutes").unwrap();
    // 1: level 3 (two down from the first option).
    answer(&mut p, 1, &format!("{DOWN}{DOWN}{ENTER}"));
    // 2: open the help (the last item, one up from the top), then choose level 1.
    answer(&mut p, 2, &format!("{UP}{ENTER}"));
    p.exp_string("Measures picked once").unwrap();
    answer(&mut p, 2, &format!("{DOWN}{ENTER}"));
    // 3: go back (two up from the top), change question 2 to level 4.
    answer(&mut p, 3, &format!("{UP}{UP}{ENTER}"));
    answer(&mut p, 2, &format!("{DOWN}{DOWN}{DOWN}{ENTER}"));
    // 3: not applicable (the budget question accepts it); 4: don't know (the ownership
    // question offers no n/a, so don't know is the sixth item); 5: Ctrl-C.
    answer(&mut p, 3, &format!("{}{ENTER}", DOWN.repeat(5)));
    answer(&mut p, 4, &format!("{}{ENTER}", DOWN.repeat(5)));
    p.exp_string("5/40 overall").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));
    p.send_control('c').unwrap();
    p.exp_string(
        "interrupted: 4 of 40 answers are saved in answers.yaml; continue with: itsm-ai assess --resume answers.yaml",
    )
    .unwrap();
    assert_eq!(exit_code(&mut p), 130);
    assert_eq!(
        fs::read_to_string(dir.path().join("answers.yaml")).unwrap(),
        format!(
            "framework: \"itsm-ai\"\nversion: {}\nanswers:\n  {}: 3\n  {}: 4\n  {}: n/a\n  {}: dont_know\n",
            version(),
            ids[0],
            ids[1],
            ids[2],
            ids[3]
        )
    );

    // An existing file is never overwritten silently: quit leaves it as it is.
    let before = fs::read(dir.path().join("answers.yaml")).unwrap();
    let mut p = spawn(dir.path(), &["assess", "--save", "answers.yaml"]);
    p.exp_string("answers.yaml already holds 4 of 40 answers")
        .unwrap();
    press(&mut p, &format!("{DOWN}{DOWN}{ENTER}"));
    p.exp_string("Left answers.yaml as it is.").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(fs::read(dir.path().join("answers.yaml")).unwrap(), before);

    // Resume: only the 36 missing questions are asked; skip one, answer the rest with level 2.
    let mut p = spawn(
        dir.path(),
        &[
            "assess",
            "--resume",
            "answers.yaml",
            "--format",
            "json",
            "-o",
            "result.json",
        ],
    );
    p.exp_string("Resuming answers.yaml: 4 of 40 questions answered, 36 to go.")
        .unwrap();
    for n in 5..=40 {
        // Skip is the seventh item where n/a is not offered (every question but two).
        let keys = if n == 20 {
            format!("{}{ENTER}", DOWN.repeat(6))
        } else {
            format!("{DOWN}{ENTER}")
        };
        answer(&mut p, n, &keys);
    }
    p.exp_string("Done: 39 of 40 questions answered (1 not applicable, 1 don't know)")
        .unwrap();
    p.exp_string(&format!("1 skipped ({})", ids[19])).unwrap();
    assert_eq!(exit_code(&mut p), 0);

    let saved = fs::read_to_string(dir.path().join("answers.yaml")).unwrap();
    assert_eq!(saved.lines().count(), 3 + 39);
    assert!(!saved.contains(&ids[19]));
    let batch = itsm_ai()
        .current_dir(dir.path())
        .args(["assess", "--answers", "answers.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(batch.status.code(), Some(0));
    assert_eq!(
        fs::read(dir.path().join("result.json")).unwrap(),
        batch.stdout
    );
}

#[test]
fn resuming_a_file_for_an_earlier_version_asks_the_new_questions_and_saves_current_ids() {
    let dir = tempfile::tempdir().unwrap();
    let old = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assess-version-1/answers.yaml"),
    )
    .unwrap();
    assert!(old.contains("process.proactive: 2") && !old.contains("\nversion:"));
    fs::write(dir.path().join("answers.yaml"), &old).unwrap();
    let ids = ids();
    let position = |id: &str| ids.iter().position(|i| i == id).unwrap() + 1;
    let mut p = spawn(
        dir.path(),
        &[
            "assess",
            "--resume",
            "answers.yaml",
            "-q",
            "-o",
            "result.md",
        ],
    );
    // Its n/a on infrastructure.environments, no longer accepted, leaves that question to ask.
    p.exp_string("Resuming answers.yaml: 34 of 40 questions answered, 6 to go.")
        .unwrap();
    // The questions version 2 added, and the one whose n/a it refuses, in framework order, each
    // answered with its first option.
    for id in [
        "strategy.benefits",
        "process.service_levels",
        "process.major_incidents",
        "knowledge.capture",
        "data.change_history",
        "infrastructure.environments",
    ] {
        answer(&mut p, position(id), ENTER);
    }
    p.exp_string("Done: 40 of 40 questions answered (0 not applicable, 1 don't know)")
        .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let saved = fs::read_to_string(dir.path().join("answers.yaml")).unwrap();
    assert!(saved.starts_with(&format!("framework: \"itsm-ai\"\nversion: {}\n", version())));
    assert!(saved.contains("\n  infrastructure.detection: 2\n"));
    assert!(saved.contains("\n  strategy.benefits: 1\n"));
    assert!(!saved.contains("process.proactive"));
}

#[test]
fn ctrl_c_on_the_first_question_restores_the_cursor_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn_raw(dir.path(), &["assess"], false);
    // dialoguer hides the cursor while a choice is open.
    p.exp_string("\x1b[?25l").unwrap();
    p.exp_string("1/40 overall").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));
    p.send_control('c').unwrap();
    p.exp_string("\x1b[?25h").unwrap();
    p.exp_string("interrupted: no question was answered, so nothing was saved")
        .unwrap();
    assert_eq!(exit_code(&mut p), 130);
    assert!(!dir.path().join("itsm-ai-answers.yaml").exists());
}

#[test]
fn without_a_terminal_the_questionnaire_explains_batch_mode() {
    let out = itsm_ai().arg("assess").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: stdin is not a terminal, so the questionnaire cannot be asked; to score answers in batch, pass --answers FILE (for example: itsm-ai assess --answers examples/answers.yaml)\n"
    );
}

#[test]
fn a_workbook_is_not_written_to_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["score", "-q", "--format", "xlsx"]);
    p.exp_string(
        "error: a workbook is binary: write it with -o FILE.xlsx, or redirect stdout to a file",
    )
    .unwrap();
    assert_eq!(exit_code(&mut p), 2);
}
