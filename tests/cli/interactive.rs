//! The questionnaire driven through a pseudo-terminal as a person would: the keys shown beside
//! every option, help, back, n/a, don't know, notes, who is answering, Ctrl-C, q and Esc, the
//! second look and the review, resume, an existing file (never replaced without asking), paths
//! checked first, narrow terminals, SIGTERM and SIGHUP, plain mode, and the same result as
//! batch mode.

use super::itsm_ai;
use rexpect::process::Signal;
use rexpect::process::WaitStatus;
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};
use std::fs;
use std::path::Path;
use std::process::Command;

const UP: &str = "\x1b[A";
const LEFT: &str = "\x1b[D";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";

/// The binary in a terminal `columns` wide (200 unless given), set on the pseudo-terminal
/// before the binary starts.
fn command(dir: &Path, columns: Option<u16>, args: &[&str]) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "stty cols {} rows 50 && exec \"$0\" \"$@\"",
            columns.unwrap_or(200)
        ))
        .arg(assert_cmd::cargo::cargo_bin("itsm-ai"))
        .args(args);
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .env_remove("ITSM_AI_FRAMEWORK");
    cmd
}

fn session(cmd: Command, strip_ansi: bool) -> PtySession {
    spawn_with_options(
        cmd,
        Options::new()
            .timeout_ms(Some(20_000))
            .strip_ansi_escape_codes(strip_ansi),
    )
    .unwrap()
}

fn spawn(dir: &Path, args: &[&str]) -> PtySession {
    session(command(dir, None, args), true)
}

/// Presses `keys` once the prompt on screen is reading keys: a screen is drawn a moment before
/// it starts reading.
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

/// Answers who is answering (organisation, name, role), Enter leaving one out; returns what
/// was shown.
fn identity(p: &mut PtySession, organisation: &str, name: &str, role: &str) -> String {
    let mut shown = String::new();
    for (prompt, typed) in [
        ("Organisation (Enter leaves it out)", organisation),
        ("Your name (Enter leaves it out)", name),
        ("Your role", role),
    ] {
        shown += &p.exp_string(prompt).unwrap();
        shown += prompt;
        press(p, &format!("{typed}{ENTER}"));
    }
    shown
}

/// Waits for `text`, adding what came before it and itself to `log`.
fn expect(p: &mut PtySession, text: &str, log: &mut String) {
    *log += &p.exp_string(text).unwrap();
    *log += text;
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

/// The text of question `n` (1-based) in the built-in framework.
fn question_text(n: usize) -> String {
    let yaml = framework_yaml();
    let mut seen = 0;
    let mut lines = yaml.lines();
    while let Some(line) = lines.next() {
        if line
            .trim()
            .strip_prefix("- id: ")
            .is_some_and(|id| id.contains('.'))
        {
            seen += 1;
            if seen == n {
                return lines
                    .find_map(|l| l.trim().strip_prefix("text: "))
                    .unwrap()
                    .trim_matches('"')
                    .to_string();
            }
        }
    }
    panic!("no question {n}")
}

/// An answers file with every question answered `answer`, except those listed.
fn answers_file(answer: &str, except: &[(usize, &str)]) -> String {
    let mut text = format!("framework: itsm-ai\nversion: {}\nanswers:\n", version());
    for (n, id) in ids().iter().enumerate() {
        let a = except
            .iter()
            .find(|(m, _)| *m == n + 1)
            .map_or(answer, |(_, a)| a);
        if !a.is_empty() {
            text.push_str(&format!("  {id}: {a}\n"));
        }
    }
    text
}

#[test]
fn hotkeys_help_back_na_dont_know_ctrl_c_resume_second_look_review_and_batch_mode_agree() {
    let dir = tempfile::tempdir().unwrap();
    let ids = ids();
    assert_eq!(ids.len(), 40);

    let mut p = spawn(dir.path(), &["assess", "--save", "answers.yaml"]);
    identity(&mut p, "", "", "");
    // The estimate: 3,420 words of questions and options read at 240 to 180 words a minute.
    p.exp_string("It takes about 14 to 19 minutes.").unwrap();
    // Every key shown is in the legend; the first question offers no n/a and cannot go back.
    p.exp_string("1/40 overall").unwrap();
    p.exp_string("Keys: 1-5 ? s i e").unwrap();
    // 1: the key 3.
    press(&mut p, "3");
    // 2: i opens the help; then 1.
    answer(&mut p, 2, "i");
    p.exp_string("Measures picked once").unwrap();
    press(&mut p, "1");
    // 3: Left goes back; question 2 shows the earlier answer and becomes 4.
    answer(&mut p, 3, LEFT);
    p.exp_string("2/40 overall").unwrap();
    p.exp_string("Your answer so far: 1").unwrap();
    press(&mut p, "4");
    // 3 offers n/a (the budget question): n. 4 offers none: n is refused, ? is don't know.
    p.exp_string("3/40 overall").unwrap();
    p.exp_string("Keys: 1-5 n ? s \u{e2}\u{86}\u{90} i e")
        .unwrap();
    press(&mut p, "n");
    answer(&mut p, 4, "n");
    p.exp_string("\"n\" is not a key here").unwrap();
    press(&mut p, "?");
    // 5: Backspace goes back too; Ctrl-C on 4.
    // (Between two key reads the terminal is briefly in line mode, where Backspace would erase
    // nothing and vanish: a longer wait makes sure the screen is reading keys.)
    p.exp_string("5/40 overall").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    press(&mut p, "\x7f");
    answer(&mut p, 4, "");
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

    // Resume: the 36 missing questions; skip question 20 with s, answer the rest with 2.
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
        answer(&mut p, n, if n == 20 { "s" } else { "2" });
    }
    // Once more: the don't know (4) and the skipped question (20), both left as they are.
    p.exp_string("Once more: 2 questions still open (1 don't know, 1 skipped).")
        .unwrap();
    p.exp_string("The overall level needs no more answers.")
        .unwrap();
    answer(&mut p, 4, "s");
    answer(&mut p, 20, "s");
    // The review: one line per dimension; d finishes.
    p.exp_string("Review your answers").unwrap();
    p.exp_string("Strategy & value: 3 4 n/a ? 2 2 (level")
        .unwrap();
    press(&mut p, "d");
    p.exp_string("Done: 39 of 40 questions answered (1 not applicable, 1 don't know); saved in answers.yaml.")
        .unwrap();
    p.exp_string("1 question skipped; answer later with: itsm-ai assess --resume answers.yaml")
        .unwrap();
    // Named by its text (wrapped under its dash), not by its id.
    let text = question_text(20);
    assert!(text.starts_with("How does data reach the ITSM tool from other systems"));
    p.exp_string("  - How does data reach the ITSM tool from other systems")
        .unwrap();
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
fn an_existing_save_file_is_never_replaced_without_asking_and_a_numbered_backup_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let other = answers_file("3", &[]);
    fs::write(dir.path().join("other.yaml"), &other).unwrap();
    let partial = answers_file("", &[(1, "2")]);
    fs::write(dir.path().join("partial.yaml"), &partial).unwrap();
    let read = |name: &str| fs::read_to_string(dir.path().join(name)).unwrap();

    // --resume one file --save another that exists: asked; quit leaves both alone.
    let mut p = spawn(
        dir.path(),
        &["assess", "--resume", "partial.yaml", "--save", "other.yaml"],
    );
    p.exp_string("other.yaml already holds 40 answers of 40.")
        .unwrap();
    p.exp_string(
        "1  Replace it: continue partial.yaml and save to other.yaml (its 40 answers kept in",
    )
    .unwrap();
    p.exp_string("other.backup-1.yaml)").unwrap();
    press(&mut p, "2");
    p.exp_string("Left other.yaml as it is.").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(read("other.yaml"), other);
    assert!(!dir.path().join("other.backup-1.yaml").exists());

    // Replace: the old file is kept as other.backup-1.yaml; the resumed answers go on.
    let mut p = spawn(
        dir.path(),
        &["assess", "--resume", "partial.yaml", "--save", "other.yaml"],
    );
    p.exp_string("other.yaml already holds 40 answers").unwrap();
    press(&mut p, "1");
    p.exp_string("The 40 answers in other.yaml are kept in other.backup-1.yaml.")
        .unwrap();
    p.exp_string("Resuming partial.yaml: 1 of 40 questions answered, 39 to go. Answers are saved to other.yaml.")
        .unwrap();
    answer(&mut p, 2, "5");
    answer(&mut p, 3, "q");
    p.exp_string(
        "interrupted: 2 of 40 answers are saved in other.yaml; continue with: itsm-ai assess --resume other.yaml",
    )
    .unwrap();
    assert_eq!(exit_code(&mut p), 130);
    assert_eq!(read("other.backup-1.yaml"), other);
    assert_eq!(read("partial.yaml"), partial);
    let ids = ids();
    assert!(read("other.yaml").ends_with(&format!("answers:\n  {}: 2\n  {}: 5\n", ids[0], ids[1])));

    // --save over an existing file: resume it (Enter on the first choice).
    let mut p = spawn(dir.path(), &["assess", "--save", "other.yaml"]);
    p.exp_string("other.yaml already holds 2 answers of 40.")
        .unwrap();
    p.exp_string("1  Resume: keep its 2 answers and ask the rest")
        .unwrap();
    press(&mut p, ENTER);
    p.exp_string("Resuming other.yaml: 2 of 40 questions answered, 38 to go.")
        .unwrap();
    answer(&mut p, 3, ESC);
    p.exp_string("interrupted: other.yaml is unchanged (2 of 40 answers); continue with: itsm-ai assess --resume other.yaml")
        .unwrap();
    assert_eq!(exit_code(&mut p), 130);

    // Start over: the next backup number; the older backup is untouched.
    let before = read("other.yaml");
    let mut p = spawn(dir.path(), &["assess", "--save", "other.yaml"]);
    p.exp_string("2  Start over: a new questionnaire saved to other.yaml (its 2 answers kept in")
        .unwrap();
    p.exp_string("other.backup-2.yaml)").unwrap();
    press(&mut p, "2");
    p.exp_string("The 2 answers in other.yaml are kept in other.backup-2.yaml.")
        .unwrap();
    identity(&mut p, "Example Corp", "", "CIO");
    answer(&mut p, 1, "1");
    answer(&mut p, 2, "q");
    assert_eq!(exit_code(&mut p), 130);
    assert_eq!(read("other.backup-1.yaml"), other);
    assert_eq!(read("other.backup-2.yaml"), before);
    assert_eq!(
        read("other.yaml"),
        format!(
            "framework: \"itsm-ai\"\nversion: {}\norganisation: \"Example Corp\"\nrole: \"CIO\"\nanswers:\n  {}: 1\n",
            version(),
            ids[0]
        )
    );
}

#[test]
fn paths_are_checked_before_the_first_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["assess", "--save", "nodir/a.yaml"]);
    p.exp_string("error: --save nodir/a.yaml: the folder nodir does not exist; create it first or choose another path").unwrap();
    assert_eq!(exit_code(&mut p), 2);
    let mut p = spawn(dir.path(), &["assess", "-o", "nodir/report.html"]);
    p.exp_string("error: -o nodir/report.html: the folder nodir does not exist; create it first or choose another path").unwrap();
    assert_eq!(exit_code(&mut p), 2);
    assert!(fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn skipping_everything_saves_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["assess"]);
    identity(&mut p, "", "", "");
    for n in 1..=40 {
        answer(&mut p, n, "s");
    }
    p.exp_string("Once more: 40 questions still open (40 skipped).")
        .unwrap();
    p.exp_string("The overall level needs 33 more answers before it can be given.")
        .unwrap();
    for n in 1..=40 {
        answer(&mut p, n, "s");
    }
    p.exp_string("Review your answers").unwrap();
    press(&mut p, "d");
    p.exp_string("No question was answered, so nothing was saved and there is no report.")
        .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert!(!dir.path().join("itsm-ai-answers.yaml").exists());
}

#[test]
fn resuming_a_finished_file_offers_the_dont_know_answers_again_and_the_review_changes_one() {
    let dir = tempfile::tempdir().unwrap();
    let dont_know: Vec<(usize, &str)> = [3, 9, 14].iter().map(|&n| (n, "dont_know")).collect();
    fs::write(dir.path().join("a.yaml"), answers_file("2", &dont_know)).unwrap();
    let mut p = spawn(
        dir.path(),
        &["assess", "--resume", "a.yaml", "-o", "result.json"],
    );
    p.exp_string("Resuming a.yaml: 40 of 40 questions answered, 0 to go.")
        .unwrap();
    p.exp_string("Once more: 3 questions still open (3 don't know).")
        .unwrap();
    answer(&mut p, 3, "4");
    answer(&mut p, 9, "s");
    answer(&mut p, 14, "s");
    // The review: the first dimension, its first question changed to 5.
    p.exp_string("Strategy & value: 2 2 4 2 2 2 (level 2)")
        .unwrap();
    press(&mut p, "1");
    p.exp_string(&format!("1  2: {}", question_text(1)))
        .unwrap();
    press(&mut p, "1");
    answer(&mut p, 1, "5");
    p.exp_string(&format!("1  5: {}", question_text(1)))
        .unwrap();
    press(&mut p, "d");
    p.exp_string("Strategy & value: 5 2 4 2 2 2").unwrap();
    press(&mut p, "d");
    p.exp_string(
        "Done: 40 of 40 questions answered (0 not applicable, 2 don't know); saved in a.yaml.",
    )
    .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let saved = fs::read_to_string(dir.path().join("a.yaml")).unwrap();
    let ids = ids();
    assert!(saved.contains(&format!(
        "\n  {}: 5\n  {}: 2\n  {}: 4\n",
        ids[0], ids[1], ids[2]
    )));
    assert!(saved.contains(&format!("\n  {}: dont_know\n", ids[8])));
}

#[test]
fn a_note_and_evidence_are_typed_with_e_and_saved_with_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["assess", "--save", "a.yaml"]);
    identity(&mut p, "", "Ana", "");
    answer(&mut p, 1, "e");
    p.exp_string("Note: why this answer").unwrap();
    press(&mut p, &format!("agreed at the board{ENTER}"));
    p.exp_string("Evidence: where to check it").unwrap();
    press(&mut p, &format!("minutes 2026-10{ENTER}"));
    p.exp_string("Note: agreed at the board").unwrap();
    press(&mut p, "3");
    answer(&mut p, 2, "q");
    assert_eq!(exit_code(&mut p), 130);
    assert_eq!(
        fs::read_to_string(dir.path().join("a.yaml")).unwrap(),
        format!(
            "framework: \"itsm-ai\"\nversion: {}\nrespondent: \"Ana\"\nanswers:\n  {}: {{answer: 3, note: \"agreed at the board\", evidence: \"minutes 2026-10\"}}\n",
            version(),
            ids()[0]
        )
    );
}

/// What the session showed, as text: the pseudo-terminal reader gives one char per byte.
fn utf8(shown: &str) -> String {
    String::from_utf8_lossy(&shown.chars().map(|c| c as u8).collect::<Vec<u8>>()).into_owned()
}

/// The frames drawn (each starts by clearing the screen), without escape sequences.
fn frames(raw: &str) -> Vec<String> {
    utf8(raw)
        .replace("\r\n", "\n")
        .split("\x1b[2J")
        .map(|frame| {
            let mut out = String::new();
            let mut chars = frame.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\x1b' {
                    if chars.peek() == Some(&'[') {
                        chars.next();
                        for d in chars.by_ref() {
                            if d.is_ascii_alphabetic() {
                                break;
                            }
                        }
                    } else {
                        chars.next();
                    }
                } else {
                    out.push(c);
                }
            }
            out
        })
        .collect()
}

#[test]
fn every_line_fits_a_narrow_terminal_by_display_width() {
    for cols in [40u16, 60] {
        let dir = tempfile::tempdir().unwrap();
        let mut p = session(command(dir.path(), Some(cols), &["assess"]), false);
        identity(&mut p, "", "", "");
        let mut log = String::new();
        expect(&mut p, "1/40 overall", &mut log);
        press(&mut p, "2");
        expect(&mut p, "2/40 overall", &mut log);
        press(&mut p, "i");
        expect(&mut p, "Why it matters", &mut log);
        press(&mut p, "q");
        expect(&mut p, "interrupted:", &mut log);
        let before = log;
        let mut checked = 0;
        for frame in frames(&before).iter() {
            for line in frame.split('\n') {
                let line = line.trim_end_matches('\r');
                assert!(
                    line.chars().count() <= usize::from(cols),
                    "{cols} columns: {line:?} is {} wide",
                    line.chars().count()
                );
                checked += 1;
            }
        }
        assert!(checked > 40, "{checked} lines checked");
        assert_eq!(exit_code(&mut p), 130);
    }
}

#[test]
fn sigterm_and_sighup_restore_the_cursor_and_keep_the_answers() {
    for signal in [Signal::SIGTERM, Signal::SIGHUP] {
        let dir = tempfile::tempdir().unwrap();
        let mut p = session(command(dir.path(), None, &["assess"]), false);
        identity(&mut p, "", "", "");
        answer(&mut p, 1, "4");
        p.exp_string("\x1b[?25l").unwrap();
        p.exp_string("2/40 overall").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(200));
        p.process_mut().signal(signal).unwrap();
        if signal == Signal::SIGTERM {
            // Off the questionnaire's screen, the cursor shown, the resume command said.
            p.exp_string("\x1b[?1049l\x1b[?25h").unwrap();
            p.exp_string("interrupted: 1 of 40 answers is saved")
                .unwrap();
        }
        p.exp_eof().unwrap();
        let status = p.process().wait().unwrap();
        assert!(
            matches!(status, WaitStatus::Exited(_, 130)),
            "{signal:?}: {status:?}"
        );
        assert!(
            fs::read_to_string(dir.path().join("itsm-ai-answers.yaml"))
                .unwrap()
                .ends_with(&format!("answers:\n  {}: 4\n", ids()[0]))
        );
    }
}

#[test]
fn ctrl_c_on_the_first_question_restores_the_cursor_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = session(command(dir.path(), None, &["assess"]), false);
    identity(&mut p, "", "", "");
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
fn plain_mode_prints_numbered_options_once_and_takes_typed_answers() {
    for (args, term, lang) in [
        (&["assess", "--plain"][..], "xterm", "C.UTF-8"),
        (&["assess"][..], "dumb", "C"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = command(dir.path(), None, args);
        cmd.env("TERM", term).env("LANG", lang);
        let mut p = session(cmd, false);
        let mut log = identity(&mut p, "Example Corp", "", "");
        // The pseudo-terminal reader gives one char per byte: the UTF-8 bytes of · and →.
        let dot = if lang == "C" { "-" } else { "\u{c2}\u{b7}" };
        let expected = format!("Strategy & value {dot} question 1 of 6 {dot} 1/40 overall");
        expect(&mut p, &expected, &mut log);
        expect(&mut p, "  1  None are written down", &mut log);
        expect(
            &mut p,
            "Type a key (1-5, ?, s, i, e, q to save and quit) and press Enter.",
            &mut log,
        );
        press(&mut p, &format!("x{ENTER}"));
        expect(
            &mut p,
            "\"x\" is not one of the keys; type 1, 2, 3, 4, 5, ?, s, i, e or q, then Enter.",
            &mut log,
        );
        press(&mut p, &format!("3{ENTER}"));
        let arrow = if lang == "C" {
            "->"
        } else {
            "\u{e2}\u{86}\u{92}"
        };
        let expected = format!("{arrow} A written list of named service problems");
        expect(&mut p, &expected, &mut log);
        expect(&mut p, "2/40 overall", &mut log);
        press(&mut p, &format!("q{ENTER}"));
        expect(&mut p, "interrupted: 1 of 40 answers is saved", &mut log);
        let screen = log;
        assert_eq!(exit_code(&mut p), 130);
        // Nothing was redrawn: no screen cleared, no cursor moved or hidden.
        for code in ["\x1b[2J", "\x1b[H", "\x1b[?25l", "\x1b[?1049h"] {
            assert!(!screen.contains(code), "{code:?} in plain mode");
        }
        if lang == "C" {
            assert!(screen.is_ascii(), "{screen}");
        }
    }
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
    // answered with its first option; then the file's don't know, left as it is.
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
    p.exp_string("Once more: 1 question still open (1 don't know).")
        .unwrap();
    press(&mut p, "s");
    p.exp_string("Review your answers").unwrap();
    press(&mut p, ENTER);
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
fn without_a_terminal_the_questionnaire_explains_batch_mode() {
    let out = itsm_ai().arg("assess").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: neither stdin nor stderr is a terminal, so the questionnaire cannot be asked; to score answers in batch, pass --answers FILE (for example: itsm-ai assess --answers examples/answers.yaml)\n"
    );
}

#[test]
fn with_stderr_redirected_the_message_names_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("\"$0\" assess 2>err.txt; echo \"exit $?\"")
        .arg(assert_cmd::cargo::cargo_bin("itsm-ai"))
        .current_dir(dir.path());
    let mut p = session(cmd, true);
    p.exp_string("exit 2").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(
        fs::read_to_string(dir.path().join("err.txt")).unwrap(),
        "error: stderr is not a terminal (the questions are shown there), so the questionnaire cannot be asked; to score answers in batch, pass --answers FILE (for example: itsm-ai assess --answers examples/answers.yaml)\n"
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

#[test]
fn up_wraps_to_the_last_entry_and_enter_picks_it() {
    // On the first question the last entry is the note; Enter there opens it, Esc cancels.
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["assess"]);
    identity(&mut p, "", "", "");
    answer(&mut p, 1, &format!("{UP}{ENTER}"));
    p.exp_string("Note: why this answer").unwrap();
    press(&mut p, ESC);
    answer(&mut p, 1, "q");
    p.exp_string("interrupted: no question was answered, so nothing was saved")
        .unwrap();
    assert_eq!(exit_code(&mut p), 130);
}

/// The terminal of the process working in `dir` (the binary under test), found through /proc.
fn terminal_of(dir: &Path) -> std::path::PathBuf {
    let dir = dir.canonicalize().unwrap();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let proc = entry.path();
        let is_binary = fs::read_link(proc.join("exe"))
            .is_ok_and(|exe| exe.file_name().is_some_and(|n| n == "itsm-ai"));
        if is_binary && fs::read_link(proc.join("cwd")).is_ok_and(|cwd| cwd == dir) {
            return fs::read_link(proc.join("fd/2")).unwrap();
        }
    }
    panic!("no itsm-ai process in {}", dir.display())
}

#[test]
fn a_resized_terminal_gets_the_screen_drawn_again_at_its_new_width() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = session(command(dir.path(), Some(200), &["assess"]), false);
    identity(&mut p, "", "", "");
    let mut log = String::new();
    expect(&mut p, "Keys: 1-5 ? s i e", &mut log);
    assert!(utf8(&log).contains("Strategy & value · question 1 of 6 · 1/40 overall"));
    let status = Command::new("stty")
        .arg("-F")
        .arg(terminal_of(dir.path()))
        .args(["cols", "40", "rows", "30"])
        .status()
        .unwrap();
    assert!(status.success());
    // Drawn again without a key: the progress line now wraps at 40 columns.
    let mut after = String::new();
    expect(&mut p, "1/40 overall", &mut after);
    expect(&mut p, "Keys:", &mut after);
    let frame = frames(&after).pop().unwrap();
    assert!(
        frame.contains("Strategy & value · question 1 of 6 ·\n"),
        "{frame}"
    );
    for line in frame.split('\n') {
        assert!(
            line.trim_end_matches('\r').chars().count() <= 40,
            "{line:?}"
        );
    }
    press(&mut p, "q");
    p.exp_string("interrupted: no question was answered")
        .unwrap();
    assert_eq!(exit_code(&mut p), 130);
}

/// The report printed to a 60-column terminal fits it without breaking a word: prose wraps to
/// the terminal, and the dimension table's names break between words.
#[test]
fn the_report_fits_a_sixty_column_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers.yaml");
    let args = ["assess", "--answers", answers.to_str().unwrap()];
    let mut p = session(command(dir.path(), Some(60), &args), true);
    let text = utf8(&p.exp_eof().unwrap());
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    assert!(lines.len() > 40, "{text}");
    for line in &lines {
        assert!(
            line.chars().count() <= 60,
            "{line:?} is {} wide",
            line.chars().count()
        );
    }
    assert!(lines.iter().any(|l| l.starts_with("Knowledge &")), "{text}");
    assert!(
        lines.iter().any(|l| l.trim_end() == "self-service"),
        "{text}"
    );
    assert!(text.contains("Ask every team which AI tools"), "{text}");
}
