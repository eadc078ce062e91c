//! What users of ripgrep, fd and just expect of a command line: each command takes only its own
//! flags, completions that complete in bash, zsh and fish, one colour policy, tables that stay
//! one row per line in a pipe, help whose examples run, manual pages, CI annotations.

use super::itsm_ai;
use std::fs;
use std::path::Path;
use std::process::Command as Process;

fn stderr_of(args: &[&str]) -> (Option<i32>, String, String) {
    let out = itsm_ai().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_flag_a_command_does_not_take_is_refused_by_clap() {
    for (args, flag, usage) in [
        (
            &["init", "--top", "3"][..],
            "--top",
            "Usage: itsm-ai init [OPTIONS] [DIR]",
        ),
        (
            &["--top", "3", "init"][..],
            "--top",
            "Usage: itsm-ai init [OPTIONS] [DIR]",
        ),
        (
            &["completions", "bash", "--format", "csv"][..],
            "--format",
            "Usage: itsm-ai completions",
        ),
        (
            &["roadmap", "--top", "3"][..],
            "--top",
            "Usage: itsm-ai roadmap",
        ),
        (
            &["report", "--top", "3"][..],
            "--top",
            "Usage: itsm-ai report",
        ),
        (
            &["framework", "new", "x", "--format", "json"][..],
            "--format",
            "Usage: itsm-ai framework new",
        ),
    ] {
        let (code, stdout, stderr) = stderr_of(args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert!(
            stderr.starts_with(&format!("error: unexpected argument '{flag}' found\n")),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains(usage), "{args:?}: {stderr}");
    }
    let (code, _, stderr) = stderr_of(&["man", "--check"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: --check needs -o FILE: the file to compare with\n"
    );
}

#[test]
fn format_offers_only_what_the_command_writes() {
    let (code, _, stderr) = stderr_of(&["report", "--format", "csv"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: invalid value 'csv' for '--format <FORMAT>'\n  [possible values: html, markdown, json, xlsx]\n\nFor more information, try '--help'.\n"
    );
    let (code, _, stderr) = stderr_of(&["framework", "show", "rice", "--format", "table"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("[possible values: yaml, json]"), "{stderr}");
}

#[test]
fn a_flag_before_the_command_still_works_where_the_command_takes_it() {
    let after = itsm_ai()
        .args(["score", "--format", "json", "-q", "--top", "2"])
        .output()
        .unwrap();
    let before = itsm_ai()
        .args(["--format", "json", "-q", "--top", "2", "score"])
        .output()
        .unwrap();
    assert_eq!(before.status.code(), Some(0));
    assert!(before.stderr.is_empty(), "-q reached score");
    assert_eq!(before.stdout, after.stdout);
    let json: serde_json::Value = serde_json::from_slice(&before.stdout).unwrap();
    assert_eq!(json["initiatives"].as_array().unwrap().len(), 2);
    // The innermost command takes them: `framework list`, `assess merge`.
    let list = itsm_ai()
        .args(["--format", "json", "framework", "list"])
        .output()
        .unwrap();
    assert_eq!(list.status.code(), Some(0));
    assert!(list.stdout.starts_with(b"{"));
    let answers = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/answers.yaml");
    let merge = itsm_ai()
        .args(["-q", "assess", "merge", answers, answers])
        .output()
        .unwrap();
    assert_eq!(
        merge.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&merge.stderr)
    );
    assert!(merge.stderr.is_empty());
}

/// A completion script written into a fresh folder.
fn completion_script(dir: &Path, shell: &str, file: &str) -> String {
    let out = itsm_ai().args(["completions", shell]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let path = dir.join(file);
    fs::write(&path, out.stdout).unwrap();
    path.to_str().unwrap().to_string()
}

fn shell(name: &str) -> Process {
    let found = Process::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .unwrap();
    assert!(
        found.status.success(),
        "{name} is not installed: scripts/test.sh installs it (apt-get install {name})"
    );
    Process::new(name)
}

/// What bash offers for the words so far (the last one being completed).
fn bash_completes(script: &str, words: &[&str]) -> String {
    let words_list = words
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let n = words.len() - 1;
    let code = format!(
        "source {script}; COMP_WORDS=({words_list}); COMP_CWORD={n}; \
         _itsm__ai itsm-ai '{}' '{}'; for w in \"${{COMPREPLY[@]}}\"; do echo \"$w\"; done",
        words[n],
        words[n - 1]
    );
    let out = shell("bash").args(["-c", &code]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn bash_completes_a_subcommands_flags_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let script = completion_script(dir.path(), "bash", "itsm-ai.bash");
    assert_eq!(
        bash_completes(&script, &["itsm-ai", "score", "--simu"]),
        "--simulate\n"
    );
    assert_eq!(
        bash_completes(&script, &["itsm-ai", "report", "--format", ""]),
        "html\nmarkdown\njson\nxlsx\n"
    );
    assert_eq!(
        bash_completes(&script, &["itsm-ai", "roadmap", "--framework", ""]),
        "itsm-ai\nrice\nice\nwsjf\n"
    );
    assert_eq!(
        bash_completes(&script, &["itsm-ai", "framework", "va"]),
        "validate\n"
    );
    // `init` takes no --top: nothing to offer.
    assert_eq!(bash_completes(&script, &["itsm-ai", "init", "--to"]), "");
}

#[test]
fn zsh_completes_a_subcommands_flag() {
    let dir = tempfile::tempdir().unwrap();
    completion_script(dir.path(), "zsh", "_itsm-ai");
    // A pseudo-terminal zsh: type the line, press Tab, then run it; `itsm-ai` is a function
    // there that prints the words it got, so the output shows what Tab completed. Keys are
    // handled in order and reads block until that line is printed (`timeout` ends a hang).
    let driver = format!(
        r#"zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PS1="> "; fpath=({} $fpath); autoload -U compinit; compinit -u -D; itsm-ai() {{ print -r -- "GOT:$*"; }}'
zpty -w -n z $'itsm-ai score --simul\t'
zpty -w z '7'
out=""
while zpty -r z line; do
  out+=$line
  [[ $out == *GOT:score*$'\n'* ]] && break
done
print -r -- "$out" | grep -a -o 'GOT:score.*'
zpty -d z
"#,
        dir.path().display()
    );
    shell("zsh");
    let out = Process::new("timeout")
        .args(["60", "zsh", "-f", "-c", &driver])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).replace('\r', ""),
        "GOT:score --simulate=7\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn fish_completes_a_subcommands_flag_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let script = completion_script(dir.path(), "fish", "itsm-ai.fish");
    let out = shell("fish")
        .args([
            "--no-config",
            "-c",
            &format!(
                "source {script}; complete -C'itsm-ai score --simul'; complete -C'itsm-ai report --format '"
            ),
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "--simulate\tDraw every range N times and report how sure each rank is (rank_p10/p50/p90, p_top)\n\
         html\tA self-contained HTML report\n\
         json\tJSON (the versioned contract)\n\
         markdown\tMarkdown\n\
         xlsx\tAn Excel workbook\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const ESC: &str = "\u{1b}[";

#[test]
fn one_colour_policy_for_tables_help_and_errors() {
    let table = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = itsm_ai();
        cmd.args(["score", "-q", "--top", "2"]).args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert!(!table(&[], &[]).contains(ESC), "a pipe is not coloured");
    assert!(table(&[("CLICOLOR_FORCE", "1")], &[]).contains(ESC));
    assert!(!table(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]).contains(ESC));
    assert!(!table(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]).contains(ESC));
    assert!(table(&[("NO_COLOR", "1")], &["--color", "always"]).contains(ESC));
    // Machine formats are never coloured.
    assert!(!table(&[("CLICOLOR_FORCE", "1")], &["--format", "csv"]).contains(ESC));

    let help = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = itsm_ai();
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap()
    };
    assert!(help(&["--color", "always", "score", "--help"], &[]).contains(ESC));
    assert!(
        !help(
            &["score", "--help", "--color", "never"],
            &[("CLICOLOR_FORCE", "1")]
        )
        .contains(ESC)
    );
    assert!(help(&["score", "--bogus"], &[("CLICOLOR_FORCE", "1")]).contains(ESC));
    assert!(
        !help(
            &["--color=never", "score", "--bogus"],
            &[("CLICOLOR_FORCE", "1")]
        )
        .contains(ESC)
    );
    // The tool's own errors: `error:` bold red, as clap writes its own; a hint green like
    // clap's `tip:`.
    let error = help(&["score", "--check", "--color", "always"], &[]);
    assert_eq!(
        error,
        "\u{1b}[1m\u{1b}[31merror:\u{1b}[0m --check needs -o FILE: the file to compare with\n"
    );
    let clap = help(&["score", "--bogus", "--color", "always"], &[]);
    assert!(
        clap.starts_with("\u{1b}[1m\u{1b}[31merror:\u{1b}[0m unexpected argument"),
        "{clap}"
    );
    let dir = tempfile::tempdir().unwrap();
    let framework = dir.path().join("f.yaml");
    fs::write(&framework, "id: x\nversion: 1\nwieght: 2\n").unwrap();
    let problem = help(
        &[
            "framework",
            "validate",
            framework.to_str().unwrap(),
            "--color",
            "always",
        ],
        &[],
    );
    assert!(
        problem.starts_with("\u{1b}[1m\u{1b}[31merror:\u{1b}[0m "),
        "{problem}"
    );
}

#[test]
fn a_piped_table_keeps_one_line_per_row_unless_columns_says_otherwise() {
    let out = itsm_ai().args(["score", "-q"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rows = text
        .lines()
        .filter(|l| {
            let mut words = l.split_whitespace();
            words.next().is_some_and(|w| w.parse::<u32>().is_ok())
                && words
                    .next()
                    .is_some_and(|w| w.starts_with("AI-") || w.starts_with("FND-"))
        })
        .count();
    assert_eq!(rows, 33, "{text}");
    assert!(text.contains("\n 1  AI-12   Password-reset self-service automation "));
    let narrow = itsm_ai()
        .args(["score", "-q"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let narrow = String::from_utf8(narrow.stdout).unwrap();
    // As narrow as the columns allow: the names wrap.
    assert!(
        narrow.contains("\n 1  AI-12   Password-reset   5  3  4"),
        "{narrow}"
    );
    assert!(narrow.contains("\n            self-service\n"), "{narrow}");
    assert!(!narrow.contains("Password-reset self-service automation"));
}

#[test]
fn tsv_and_no_header_feed_cut_and_sort() {
    let run = |args: &[&str]| {
        let out = itsm_ai().args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let tsv = run(&[
        "score",
        "-q",
        "--format",
        "tsv",
        "--top",
        "2",
        "--columns",
        "rank,id,name,score",
    ]);
    assert_eq!(
        tsv,
        "rank\tid\tname\tscore\n\
         1\tAI-12\tPassword-reset self-service automation\t30.000000\n\
         2\tAI-04\tIncident summarisation and agent hand-off notes\t24.000000\n"
    );
    let bare = run(&[
        "score",
        "-q",
        "--format",
        "tsv",
        "--no-header",
        "--top",
        "1",
        "--columns",
        "id,score",
    ]);
    assert_eq!(bare, "AI-12\t30.000000\n");
    let csv = run(&[
        "score",
        "-q",
        "--format",
        "csv",
        "--no-header",
        "--top",
        "1",
        "--columns",
        "id,name",
    ]);
    assert_eq!(csv, "AI-12,Password-reset self-service automation\n");
    let table = run(&["score", "-q", "--no-header", "--top", "1"]);
    assert!(!table.contains("Initiative"), "{table}");
    assert!(
        table.contains("\n1  AI-12  Password-reset self-service automation  5"),
        "{table}"
    );
    let roadmap = run(&["roadmap", "-q", "--format", "tsv", "--no-header"]);
    assert!(
        roadmap
            .lines()
            .all(|l| !l.contains('"') && l.split('\t').count() > 3),
        "{roadmap}"
    );
    // Every row is one line with the same number of fields as the header.
    let full = run(&["score", "-q", "--format", "tsv"]);
    let fields = full.lines().next().unwrap().split('\t').count();
    assert!(full.lines().all(|l| l.split('\t').count() == fields));
    assert_eq!(full.lines().count(), 34);
}

/// The `Examples:` lines of a command's `--help`.
fn examples(command: &[&str]) -> Vec<String> {
    let mut args = command.to_vec();
    args.push("--help");
    let out = itsm_ai().args(&args).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let (_, after) = help
        .split_once("\nExamples:\n")
        .unwrap_or_else(|| panic!("{command:?} --help has no examples:\n{help}"));
    after
        .lines()
        .take_while(|l| l.starts_with("  itsm-ai "))
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn every_commands_help_has_examples_that_run() {
    let home = tempfile::tempdir().unwrap();
    let work = home.path().join("work");
    fs::create_dir_all(&work).unwrap();
    for dir in [
        ".local/share/bash-completion/completions",
        ".zfunc",
        ".config/fish/completions",
    ] {
        fs::create_dir_all(home.path().join(dir)).unwrap();
    }
    let init = itsm_ai()
        .current_dir(&work)
        .args(["init", ".", "-q"])
        .output()
        .unwrap();
    assert_eq!(init.status.code(), Some(0));
    let binary = assert_cmd::cargo::cargo_bin("itsm-ai");
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commands: &[&[&str]] = &[
        &["score"],
        &["assess"],
        &["assess", "merge"],
        &["assess", "compare"],
        &["roadmap"],
        &["report"],
        &["framework"],
        &["framework", "list"],
        &["framework", "show"],
        &["framework", "validate"],
        &["framework", "schema"],
        &["framework", "new"],
        &["init"],
        &["completions"],
        &["man"],
    ];
    let mut ran = 0;
    for command in commands {
        let lines = examples(command);
        assert!(
            (2..=4).contains(&lines.len()),
            "{command:?}: {} examples",
            lines.len()
        );
        for line in lines {
            let out = Process::new("bash")
                .args(["-o", "pipefail", "-c", &line])
                .current_dir(&work)
                .env("HOME", home.path())
                .env("PATH", &path)
                .env_remove("ITSM_AI_FRAMEWORK")
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "{line}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert_eq!(ran, 39);
    assert!(home.path().join(".zfunc/_itsm-ai").is_file());
    assert!(
        home.path()
            .join(".local/share/man/man1/itsm-ai-score.1")
            .is_file()
    );
    assert!(work.join("my-portfolio/docs/roadmap.md").is_file());
}

#[test]
fn the_answers_example_in_assess_help_is_a_valid_answers_file() {
    let out = itsm_ai().args(["assess", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let start = help.find("\n  framework: itsm-ai\n").expect("the example");
    let block: String = help[start + 1..]
        .lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| format!("{}\n", &l[2..]))
        .collect();
    assert_eq!(
        block,
        "framework: itsm-ai\ndate: 2026-12-01\nanswers:\n  strategy.goals: 3\n  knowledge.ai_grounding: dont_know\n  governance.registry: {answer: 1, note: \"nobody keeps a list\", evidence: \"IT security\"}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("pasted.yaml"), &block).unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["assess", "--answers", "pasted.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["date"], "2026-12-01");
}

#[test]
fn help_names_no_file_of_the_repository() {
    for command in ["score", "assess", "roadmap", "report", "framework", "init"] {
        let out = itsm_ai().args([command, "--help"]).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        for path in ["docs/", "examples/"] {
            assert!(
                !help.replace("docs/roadmap.md", "").contains(path),
                "{command} --help names {path}:\n{help}"
            );
        }
    }
}

#[test]
fn manual_pages_have_options_examples_environment_and_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let out = itsm_ai()
        .args(["man", "--dir", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let main = fs::read_to_string(dir.path().join("itsm-ai.1")).unwrap();
    assert!(!main.contains("help(1)"), "a page that is never written");
    let score = fs::read_to_string(dir.path().join("itsm-ai-score.1")).unwrap();
    for part in [
        "\\fB\\-\\-color\\fR",
        "\\fB\\-\\-message\\-format\\fR",
        "\\fB\\-\\-top\\fR",
        ".SH \"EXAMPLES\"\n.nf\n  itsm\\-ai score initiatives.csv \\-\\-assessment answers.yaml \\-\\-top 5\n",
        ".SH \"ENVIRONMENT\"",
        "ITSM_AI_FRAMEWORK",
        "ITSM_AI_TIMING",
        "ITSM_AI_LEAN",
        "CLICOLOR_FORCE",
        ".SH \"EXIT STATUS\"\n.nf\n0    success\n1    a check failed",
        "130  interrupted",
    ] {
        assert!(score.contains(part), "{part} missing:\n{score}");
    }
    let pages: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(pages.iter().all(|p| !p.contains("help")), "{pages:?}");
}

#[test]
fn problems_become_github_annotations_or_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("initiatives.csv"),
        "id,name,reach,impact,confidence,effort,ai_complexity\nA,One,3,3,3,3,3\nB,Two,3,abc,3,3,3\n",
    )
    .unwrap();
    let run = |format: &str| {
        let out = itsm_ai()
            .current_dir(dir.path())
            .args(["--message-format", format, "score", "initiatives.csv"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        String::from_utf8(out.stderr).unwrap()
    };
    let human = run("human");
    assert!(
        human.starts_with("error: initiatives.csv:3:4: column \"impact\""),
        "{human}"
    );
    let github = run("github");
    assert!(
        github.starts_with(
            "::error file=initiatives.csv,line=3,col=4,title=invalid-value::column \"impact\": \"abc\""
        ),
        "{github}"
    );
    assert_eq!(github.lines().count(), 1, "{github}");
    let json = run("json");
    let value: serde_json::Value = serde_json::from_str(json.trim_end()).unwrap();
    assert_eq!(value["schema_version"], 1);
    assert_eq!(value["severity"], "error");
    assert_eq!(value["code"], "invalid-value");
    assert_eq!(value["file"], "initiatives.csv");
    assert_eq!(value["line"], 3);
    assert_eq!(value["column"], 4);
    assert_eq!(value["place"], "initiatives.csv:3:4");
    // A usage error has no place.
    let out = itsm_ai()
        .args(["score", "--check", "--message-format", "github"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "::error::--check needs -o FILE: the file to compare with\n"
    );
}

#[test]
fn the_ci_script_annotates_the_offending_line_on_github() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let csv = fs::read_to_string(root.join("examples/initiatives.csv")).unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let effort = header.iter().position(|c| *c == "effort").unwrap();
    let mut cells: Vec<String> = lines[3].split(',').map(str::to_string).collect();
    cells[effort] = "lots".into();
    lines[3] = cells.join(",");
    fs::write(dir.path().join("initiatives.csv"), lines.join("\n") + "\n").unwrap();
    let out = Process::new("bash")
        .arg(root.join("examples/ci/check-roadmap.sh"))
        .current_dir(dir.path())
        .env("ITSM_AI", assert_cmd::cargo::cargo_bin("itsm-ai"))
        .env("ANSWERS", root.join("examples/answers.yaml"))
        .env("MESSAGE_FORMAT", "github")
        .env_remove("CAPACITY")
        .env_remove("ROADMAP_ARGS")
        .env_remove("ITSM_AI_FRAMEWORK")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "::error file=initiatives.csv,line=4,col=6,title=invalid-value::column \"effort\": \"lots\""
        ),
        "{stderr}"
    );
    // The example workflow asks for annotations and caches itsm-ai by the commit it builds.
    let workflow = fs::read_to_string(root.join("examples/ci/github-roadmap.yml")).unwrap();
    assert!(workflow.contains("  MESSAGE_FORMAT: github\n"));
    assert!(workflow.contains("key: itsm-ai-${{ runner.os }}-${{ steps.itsm-ai.outputs.rev }}"));
}

#[test]
fn skipped_rows_are_warnings_at_their_place_for_ci() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("in.csv"),
        "id,name,reach,impact,confidence,effort,ai_complexity\nA,One,3,3,3,3,3\nB,Two,3,abc,3,3,3\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = itsm_ai()
            .current_dir(dir.path())
            .args(args)
            .args(["in.csv", "--skip-invalid", "-q", "-o", "out.json"])
            .env_remove("ITSM_AI_FRAMEWORK")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let message = "skipped the row: column \\\"impact\\\": \\\"abc\\\" is not a number or a label (expected 0–5 or one of: none, minimal, low, medium, high, massive)";
    for command in ["score", "roadmap"] {
        assert_eq!(
            run(&["--message-format", "github", command]),
            format!(
                "::warning file=in.csv,line=3,col=4,title=invalid-value::{}\n",
                message.replace('\\', "")
            ),
            "{command}"
        );
        assert_eq!(
            run(&["--message-format", "json", command]),
            format!(
                "{{\"schema_version\":1,\"severity\":\"warning\",\"code\":\"invalid-value\",\"place\":\"in.csv:3:4\",\"file\":\"in.csv\",\"line\":3,\"column\":4,\"sheet\":null,\"message\":\"{message}\",\"hint\":null}}\n"
            ),
            "{command}"
        );
        // For people, as before; the JSON result keeps its warnings as text.
        assert_eq!(
            run(&[command]),
            format!("warning: in.csv:3:4: {}\n", message.replace('\\', "")),
            "{command}"
        );
        let result = fs::read_to_string(dir.path().join("out.json")).unwrap();
        assert!(
            result.contains(&format!("\"in.csv:3:4: {message}\"")),
            "{command}: {result}"
        );
    }
}
