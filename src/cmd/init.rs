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
use std::path::{Path, PathBuf};

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
    // Everything is written into a hidden folder first, then moved into place: a run that is
    // killed leaves no half-made folder that a rerun would refuse.
    let stage = Stage::create(dir)?;
    for (name, text) in files.iter().filter(|(name, _)| *name != ROADMAP_FILE) {
        let path = stage.path.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        write_atomically(&path, |w| w.write_all(text.as_bytes()))?;
    }
    make_executable(&stage.path.join(CHECK_SCRIPT))?;
    write_roadmap(&stage.path)?;
    stage.finish(files.iter().map(|(name, _)| *name))?;
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

/// The hidden folder `init` writes into: beside DIR when DIR does not exist yet (then renamed to
/// it in one step), inside DIR when it does (then each file is moved into place). Removed on
/// every error; one left by a killed run is removed by the next `init` of the same DIR.
struct Stage {
    path: PathBuf,
    /// Whether the whole stage becomes DIR (else its files are moved into DIR).
    becomes_dir: bool,
    dir: PathBuf,
}

impl Stage {
    fn create(dir: &Path) -> Result<Stage> {
        let becomes_dir = !dir.exists();
        let (folder, name) = if becomes_dir {
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| Error::Usage(format!("{} is not a folder name", dir.display())))?;
            let parent = match dir.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
            (parent, format!(".{name}.itsm-ai-init-"))
        } else {
            (dir.to_path_buf(), ".itsm-ai-init-".to_string())
        };
        remove_stale_stages(&folder, &name);
        let path = folder.join(format!("{name}{}.tmp", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Stage {
            path,
            becomes_dir,
            dir: dir.to_path_buf(),
        })
    }

    /// Moves the staged files into DIR.
    fn finish<'a>(self, names: impl Iterator<Item = &'a str>) -> Result<()> {
        if self.becomes_dir {
            return std::fs::rename(&self.path, &self.dir).map_err(|e| Error::io(&self.dir, e));
        }
        for name in names {
            let to = self.dir.join(name);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::rename(self.path.join(name), &to).map_err(|e| Error::io(&to, e))?;
        }
        Ok(())
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        // After a successful rename the path no longer exists, and this does nothing.
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Removes stage folders named `{prefix}{pid}.tmp` in `folder` whose process no longer runs.
fn remove_stale_stages(folder: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
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
