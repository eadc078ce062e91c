//! `itsm-ai init [DIR]`: a working folder that runs as it is — the example initiatives and
//! answers, a copy of the framework to adapt, the roadmap they give, and the CI scripts that
//! keep that roadmap current. Nothing that exists is overwritten.

use super::assess::EXAMPLE_ANSWERS;
use super::framework::copy_of;
use super::roadmap::plan;
use super::{EXAMPLE_CSV, display_name};
use super::{load_inputs, scoring_of};
use crate::assemble::roadmap::PlanSettings;
use crate::cli::{GlobalArgs, InitArgs, InputArgs};
use crate::domain::period;
use crate::error::{Error, Result};
use crate::framework::builtin::{self, DEFAULT_ID};
use crate::framework::schema::{SCHEMA_FILE, json_schema};
use crate::output::write_atomically;
use crate::render::{self, Format, Style};
use crate::ui::Reporter;
use std::path::Path;

/// The framework copy's file and id.
const FRAMEWORK_FILE: &str = "framework.yaml";
const FRAMEWORK_ID: &str = "my-framework";
/// Where the roadmap goes, and the capacity it is planned with (the CI script's defaults).
const ROADMAP_FILE: &str = "docs/roadmap.md";
const CAPACITY: &str = "12";
const CHECK_SCRIPT: &str = "scripts/check-roadmap.sh";

/// Runs `init`.
pub fn run(global: &GlobalArgs, args: &InitArgs) -> Result<()> {
    let reporter = Reporter {
        quiet: global.quiet,
    };
    let dir = &args.dir;
    let framework = copy_of(DEFAULT_ID, FRAMEWORK_ID, FRAMEWORK_FILE)?;
    let files: [(&str, String); 8] = [
        ("initiatives.csv", EXAMPLE_CSV.to_string()),
        ("answers.yaml", EXAMPLE_ANSWERS.to_string()),
        (FRAMEWORK_FILE, framework),
        (SCHEMA_FILE, json_schema()),
        (
            CHECK_SCRIPT,
            include_str!("../../examples/ci/check-roadmap.sh").to_string(),
        ),
        (
            "ci/github-roadmap.yml",
            include_str!("../../examples/ci/github-roadmap.yml").to_string(),
        ),
        (
            "ci/gitlab-ci.yml",
            include_str!("../../examples/ci/gitlab-ci.yml").to_string(),
        ),
        (ROADMAP_FILE, String::new()),
    ];
    let existing: Vec<String> = files
        .iter()
        .filter(|(name, _)| dir.join(name).exists())
        .map(|(name, _)| display_name(&dir.join(name)))
        .collect();
    if !existing.is_empty() {
        return Err(Error::Usage(format!(
            "{} already exist{}; init never overwrites: choose an empty folder, or move {} away",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" },
            if existing.len() == 1 { "it" } else { "them" },
        )));
    }
    for (name, text) in files.iter().filter(|(name, _)| *name != ROADMAP_FILE) {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        write_atomically(&path, |w| w.write_all(text.as_bytes()))?;
    }
    make_executable(&dir.join(CHECK_SCRIPT))?;
    write_roadmap(dir)?;
    let shown = display_name(dir);
    reporter.note(&format!(
        "set up {shown}: {}",
        files
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", ")
    ));
    reporter.note(&format!(
        "next: cd {shown}; edit initiatives.csv (or answer the questionnaire: itsm-ai assess --save answers.yaml), then\n  itsm-ai roadmap initiatives.csv --assessment answers.yaml --capacity {CAPACITY} -o {ROADMAP_FILE}\n  bash {CHECK_SCRIPT}   # what CI runs: fails while {ROADMAP_FILE} is stale\n  itsm-ai score initiatives.csv --framework {FRAMEWORK_FILE}   # once you have adapted the framework"
    ));
    Ok(())
}

/// Writes the roadmap the CI script checks, exactly as the script's command would: the folder's
/// initiatives and answers, planned with the built-in framework at the script's capacity.
fn write_roadmap(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir.join("docs")).map_err(|e| Error::io(dir.join("docs"), e))?;
    let framework = builtin::load(DEFAULT_ID).expect("the built-in framework exists")?;
    let scoring = scoring_of(&framework, "roadmap")?;
    let args = InputArgs {
        input: Some(dir.join("initiatives.csv")),
        assessment: Some(dir.join("answers.yaml")),
        delimiter: None,
        sheet: None,
        skip_invalid: false,
    };
    let quiet = Reporter { quiet: true };
    let inputs = load_inputs(&framework, &args, "roadmap", &quiet)?;
    let settings = PlanSettings {
        phases: period::phase_names(3, None, None),
        capacity: Some(CAPACITY.parse().expect("the capacity is a number")),
        include_all: false,
        it_budget: None,
    };
    let (_, report) = plan(&framework, scoring, &inputs, &settings, &quiet)?;
    let renderer =
        render::for_format(Format::Markdown, Style::default()).expect("Markdown has a renderer");
    write_atomically(&dir.join(ROADMAP_FILE), |w| renderer.roadmap(&report, w))
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io(path, e))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<()> {
    Ok(())
}
