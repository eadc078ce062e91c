//! The text after each command's options: what the options do not say, then examples. Every
//! example runs as written in a folder made by `itsm-ai init` (a test runs them all). The
//! environment and the exit codes are listed once here, for `--help` and the manual pages.

/// Every environment variable the tool reads, with what it does (at most 79 characters, so
/// `--help` keeps each on one line).
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "ITSM_AI_FRAMEWORK",
        "the framework when --framework is not given (a built-in id or a file)",
    ),
    (
        "ITSM_AI_TIMING",
        "set: stage timings, peak memory and why `score` left its fast path, on stderr",
    ),
    (
        "ITSM_AI_LEAN",
        "`off`: `score` skips its fast path; `on`: leaving it is an error",
    ),
    (
        "ITSM_AI_MEMORY_CHECK",
        "`off`: no check before a run that the memory it will need can be had",
    ),
    (
        "NO_COLOR",
        "set and not empty: no colour (--color always overrides)",
    ),
    ("CLICOLOR", "`0`: no colour"),
    (
        "CLICOLOR_FORCE",
        "set and not `0`: colour even when not on a terminal",
    ),
    ("TERM", "`dumb`: no colour"),
    (
        "COLUMNS",
        "the width tables wrap to on stdout (else the terminal's; a pipe is not wrapped)",
    ),
    (
        "ITSM_AI_MAX_INPUT_BYTES",
        "largest input file [default: 2G]",
    ),
    (
        "ITSM_AI_MAX_ROWS",
        "most initiatives one input may hold [default: 5000000]",
    ),
    (
        "ITSM_AI_MAX_WORKBOOK_BYTES",
        "largest workbook, all parts decompressed [default: 4G]",
    ),
    (
        "ITSM_AI_MAX_WORKBOOK_RATIO",
        "most a workbook part may grow by decompression [default: 100]",
    ),
    (
        "ITSM_AI_MAX_WORKBOOK_CELLS",
        "most cells a worksheet's rows may span [default: 64M]",
    ),
    (
        "ITSM_AI_MAX_TEMPLATE_BYTES",
        "largest `report --template` output [default: 256M]",
    ),
];

/// The exit codes.
pub const EXIT_STATUS: &[(u8, &str)] = &[
    (0, "success"),
    (
        1,
        "a check failed: --check found a stale or missing file, --fail-below or --strict failed",
    ),
    (
        2,
        "bad input, bad usage, or a file could not be read or written",
    ),
    (130, "interrupted (Ctrl-C); what was saved is kept"),
];

/// The main help's closing text: the shared options, the environment, the exit codes.
pub fn main_after_help() -> String {
    let mut text = String::from(
        "Shared options (--format, -o, --check, --framework, --quiet, --top, --no-header) belong to the\n\
         commands that use them, before or after the command's name; `itsm-ai COMMAND --help` lists them.\n\
         Start with `itsm-ai init DIR`: a working folder with example files for every command.\n\nEnvironment:\n",
    );
    let width = ENVIRONMENT
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(0);
    for (name, what) in ENVIRONMENT {
        text.push_str(&format!("  {name:width$}  {what}\n"));
    }
    text.push_str("\nExit codes:\n");
    for (code, what) in EXIT_STATUS {
        text.push_str(&format!("  {code:<3}  {what}\n"));
    }
    text.pop();
    text
}

/// After `score`'s options.
pub const SCORE_HELP: &str = "\
Without INITIATIVES, scores the embedded example portfolio with the example assessment (\"Example data\").
Columns: id, name, one per factor (reach, impact, confidence, effort, ai_complexity; risk optional),
and optionally depends_on, requires, raises, effort_pm, cost, owner, metric, description.

Examples:
  itsm-ai score initiatives.csv --assessment answers.yaml --top 5
  itsm-ai score initiatives.csv --format tsv --no-header | cut -f 2,3
  itsm-ai score initiatives.csv --simulate 2000 --seed 7 -o ranking.json
  itsm-ai score initiatives.csv --framework framework.yaml --columns rank,id,score -o ranking.csv";

/// After `assess`'s options.
pub const ASSESS_HELP: &str = "\
Without --answers, asks the questions on the terminal and saves every answer as it is given.
An answers file maps question ids to a level, n/a or dont_know, alone or with a note and evidence:

  framework: itsm-ai
  date: 2026-12-01
  answers:
    strategy.goals: 3
    knowledge.ai_grounding: dont_know
    governance.registry: {answer: 1, note: \"nobody keeps a list\", evidence: \"IT security\"}

Examples:
  itsm-ai assess --answers answers.yaml
  itsm-ai assess --answers answers.yaml --format markdown -o assessment.md
  itsm-ai assess --answers answers.yaml --fail-below 2 --quiet";

/// After `assess merge`'s options.
pub const MERGE_HELP: &str = "\
Examples:
  itsm-ai assess merge answers.yaml answers.yaml -o merged.yaml
  itsm-ai assess merge answers.yaml answers.yaml --date 2026-12-01 --quiet";

/// After `assess compare`'s options.
pub const COMPARE_HELP: &str = "\
Examples:
  itsm-ai assess compare answers.yaml answers.yaml
  itsm-ai assess compare answers.yaml answers.yaml --format json -o progress.json";

/// After `roadmap`'s options.
pub const ROADMAP_HELP: &str = "\
Without INITIATIVES, plans the embedded example portfolio with the example assessment and
a capacity of 12 person-months per phase (\"Example data\").
Each pass takes the unplaced initiatives in rank order and puts each in the earliest phase where
its dependencies are done in an earlier phase, its requires hold on the levels reached before
that phase, and the phase has room.

Examples:
  itsm-ai roadmap initiatives.csv --assessment answers.yaml --capacity 12
  itsm-ai roadmap initiatives.csv --assessment answers.yaml --capacity 12 -o docs/roadmap.md --check
  itsm-ai roadmap initiatives.csv --assessment answers.yaml --capacity 6 --phases 4 --start 2027-Q1
  itsm-ai roadmap initiatives.csv --assessment answers.yaml --capacity 12 --format tsv | cut -f 1-3";

/// After `report`'s options.
pub const REPORT_HELP: &str = "\
Without INITIATIVES, reports on the embedded example portfolio and example assessment.
The HTML has no scripts and loads nothing from the network; it prints on A4.

Examples:
  itsm-ai report initiatives.csv --assessment answers.yaml --capacity 12 -o report.html
  itsm-ai report initiatives.csv --assessment answers.yaml --capacity 12 -o report.md
  itsm-ai report initiatives.csv --assessment answers.yaml --fail-below 2 -o report.json";

/// After `framework`'s options.
pub const FRAMEWORK_HELP: &str = "\
Examples:
  itsm-ai framework list
  itsm-ai framework validate framework.yaml --strict
  itsm-ai framework new acme --from rice
  itsm-ai framework schema -o itsm-ai-framework.schema.json";

/// After `framework list`'s options.
pub const LIST_HELP: &str = "\
Examples:
  itsm-ai framework list
  itsm-ai framework list --format json -o frameworks.json";

/// After `framework show`'s options.
pub const SHOW_HELP: &str = "\
Examples:
  itsm-ai framework show rice
  itsm-ai framework show itsm-ai --format json -o itsm-ai.json";

/// After `framework validate`'s options.
pub const VALIDATE_HELP: &str = "\
Examples:
  itsm-ai framework validate framework.yaml
  itsm-ai framework validate framework.yaml --strict --quiet";

/// After `framework schema`'s options.
pub const SCHEMA_HELP: &str = "\
Examples:
  itsm-ai framework schema -o schema.json
  itsm-ai framework schema -o itsm-ai-framework.schema.json --check";

/// After `framework new`'s options.
pub const NEW_HELP: &str = "\
Examples:
  itsm-ai framework new acme-ice --from ice
  itsm-ai framework new acme-plan.yaml --quiet";

/// After `init`'s options.
pub const INIT_HELP: &str = "\
Examples:
  itsm-ai init my-portfolio
  itsm-ai init plan --quiet && bash plan/scripts/check-roadmap.sh";

/// After `completions`' options.
pub const COMPLETIONS_HELP: &str = "\
Examples:
  itsm-ai completions bash > ~/.local/share/bash-completion/completions/itsm-ai
  itsm-ai completions zsh > ~/.zfunc/_itsm-ai   # with fpath=(~/.zfunc $fpath) in ~/.zshrc
  itsm-ai completions fish > ~/.config/fish/completions/itsm-ai.fish";

/// After `man`'s options.
pub const MAN_HELP: &str = "\
Examples:
  itsm-ai man --dir ~/.local/share/man/man1
  itsm-ai man -o itsm-ai.1";

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn each_variable_fits_one_help_line() {
        for (name, what) in ENVIRONMENT {
            assert!(what.chars().count() <= 79, "{name}: {what}");
        }
    }

    /// Every `ITSM_AI_*` name in the source, and the variables the colour policy reads, are
    /// listed here and in docs/cli.md's table: the one place users look them up.
    #[test]
    fn every_variable_read_is_listed_here_and_in_the_docs() {
        fn names_in(dir: &Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    names_in(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for (n, _) in text.match_indices("\"ITSM_AI_") {
                        let name: String = text[n + 1..]
                            .chars()
                            .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                            .collect();
                        if name.len() > "ITSM_AI_".len() {
                            found.push(name);
                        }
                    }
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Vec::new();
        names_in(&root.join("src"), &mut found);
        assert!(found.contains(&"ITSM_AI_LEAN".to_string()));
        let listed: Vec<&str> = ENVIRONMENT.iter().map(|(name, _)| *name).collect();
        for name in &found {
            assert!(
                listed.contains(&name.as_str()),
                "{name} is read but not listed"
            );
        }
        let docs = std::fs::read_to_string(root.join("docs/cli.md")).unwrap();
        for name in listed {
            assert!(
                docs.contains(&format!("| `{name}` |")),
                "{name} missing from docs/cli.md"
            );
        }
    }
}
