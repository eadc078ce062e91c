//! `itsm-ai framework`: list, show, validate and create frameworks; print the JSON Schema.

use super::{display_name, read_text};
use crate::cli::{FrameworkAction, FrameworkArgs, GlobalArgs};
use crate::error::{Error, Result};
use crate::framework::schema::{MODELINE, SCHEMA_FILE, json_schema};
use crate::framework::{Framework, builtin, discover, lint, validate};
use crate::model::frameworks::{FrameworkList, FrameworkRow};
use crate::output::{Output, write_atomically};
use crate::render::{self, Format};
use crate::ui::Reporter;
use std::path::{Path, PathBuf};

/// Runs `framework`.
pub fn run(global: &GlobalArgs, args: &FrameworkArgs) -> Result<()> {
    match &args.action {
        FrameworkAction::List { .. } => list(global),
        FrameworkAction::Show { framework, .. } => show(global, framework),
        FrameworkAction::Validate { file, strict, .. } => check(global, file, *strict),
        FrameworkAction::Schema { .. } => {
            let output = resolve(global, "framework schema", &[Format::Json])?;
            let schema = json_schema();
            output.emit(|w| w.write_all(schema.as_bytes()))
        }
        FrameworkAction::New { name, from, .. } => new(global, name, from),
    }
}

/// The formats `framework list` writes.
pub const LIST_FORMATS: &[Format] = &[Format::Table, Format::Json];
/// The formats `framework show` writes.
pub const SHOW_FORMATS: &[Format] = &[Format::Yaml, Format::Json];

fn resolve(global: &GlobalArgs, command: &str, formats: &[Format]) -> Result<Output> {
    Output::resolve(
        global.format,
        global.output.as_deref(),
        global.check,
        command,
        formats,
    )
}

/// Where a framework's text comes from.
struct Source {
    /// How it is named in messages.
    name: String,
    /// The YAML text.
    text: String,
}

/// Resolves an id or a path the way `--framework` does.
fn source(spec: &str) -> Result<Source> {
    if !discover::is_path(spec) {
        let cwd = std::env::current_dir().unwrap_or_default();
        if let Some(local) = discover::local_frameworks(&cwd)
            .into_iter()
            .find(|l| l.id == spec)
        {
            return Ok(Source {
                name: local.path.display().to_string(),
                text: read_text(&local.path)?,
            });
        }
        if let Some((_, file, text)) = builtin::BUILTINS.iter().find(|(id, _, _)| *id == spec) {
            return Ok(Source {
                name: (*file).to_string(),
                text: (*text).to_string(),
            });
        }
        if !Path::new(spec).is_file() {
            let ids = builtin::BUILTINS.iter().map(|(id, _, _)| *id);
            let hint = crate::error::did_you_mean(spec, ids)
                .map(|s| format!(" Did you mean \"{s}\"?"))
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "no framework \"{spec}\": not a built-in, not in {}, not a file. Run `itsm-ai framework list`.{hint}",
                discover::LOCAL_DIR
            )));
        }
    }
    let path = Path::new(spec);
    Ok(Source {
        name: display_name(path),
        text: read_text(path)?,
    })
}

fn row(framework: &Framework, source: String) -> FrameworkRow {
    FrameworkRow {
        id: framework.id.clone(),
        version: framework.version,
        name: framework.name.clone(),
        source,
        scoring: framework.scoring.as_ref().map(|s| s.name.clone()),
        factors: framework.scoring.as_ref().map_or(0, |s| s.factors.len()),
        dimensions: framework
            .maturity
            .as_ref()
            .map_or(0, |m| m.dimensions.len()),
    }
}

fn list(global: &GlobalArgs) -> Result<()> {
    let output = resolve(global, "framework list", LIST_FORMATS)?;
    let reporter = Reporter {
        quiet: global.quiet,
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let locals = discover::local_frameworks(&cwd);
    let mut rows = Vec::new();
    for (id, file, text) in builtin::BUILTINS {
        let framework = validate::load(file, text)?;
        let mut source = "built-in".to_string();
        if let Some(local) = locals.iter().find(|l| l.id == *id) {
            source = format!("built-in, overridden by {}", local.path.display());
        }
        rows.push(row(&framework, source));
    }
    for local in &locals {
        let name = local.path.display().to_string();
        match validate::load(&name, &read_text(&local.path)?) {
            Ok(framework) => rows.push(row(&framework, name)),
            Err(_) => reporter.warn(&format!(
                "{name} is not a valid framework; `itsm-ai framework validate {name}` says why"
            )),
        }
    }
    let list = FrameworkList { frameworks: rows };
    let renderer = render::for_format(output.format, super::style_for(global, &output))
        .expect("list formats have renderers");
    output.emit(|w| renderer.frameworks(&list, w))
}

fn show(global: &GlobalArgs, spec: &str) -> Result<()> {
    let output = resolve(global, "framework show", SHOW_FORMATS)?;
    if discover::is_path(spec) {
        output.refuse_inputs(&[Path::new(spec)])?;
    }
    let source = source(spec)?;
    validate::load(&source.name, &source.text)?;
    match output.format {
        Format::Json => {
            let value: serde_json::Value = serde_saphyr::from_str(&source.text)
                .map_err(|e| Error::single(validate::yaml_diagnostic(&source.name, &e)))?;
            output.emit(|w| render::json::write_json(&value, w))
        }
        _ => output.emit(|w| w.write_all(source.text.as_bytes())),
    }
}

fn check(global: &GlobalArgs, file: &Path, strict: bool) -> Result<()> {
    let name = display_name(file);
    let framework = validate::load(&name, &read_text(file)?)?;
    let reporter = Reporter {
        quiet: global.quiet,
    };
    let warnings = lint::warnings(&framework);
    for w in &warnings {
        reporter.warn(&format!("{name}: {w}"));
    }
    let mut parts = Vec::new();
    if let Some(s) = &framework.scoring {
        parts.push(format!(
            "scoring {} with {}",
            s.name,
            crate::render::count(s.factors.len(), "factor")
        ));
    }
    if let Some(m) = &framework.maturity {
        let questions: usize = m.dimensions.iter().map(|d| d.questions.len()).sum();
        parts.push(format!(
            "maturity with {} and {}",
            crate::render::count(m.dimensions.len(), "dimension"),
            crate::render::count(questions, "question")
        ));
    }
    let summary = format!(
        "{name}: valid framework \"{}\" v{} ({}); {} warning{}\n",
        framework.id,
        framework.version,
        parts.join(", "),
        warnings.len(),
        if warnings.len() == 1 { "" } else { "s" }
    );
    let output = resolve(global, "framework validate", &[Format::Table])?;
    output.refuse_inputs(&[file])?;
    output.emit(|w| w.write_all(summary.as_bytes()))?;
    if strict && !warnings.is_empty() {
        return Err(Error::CheckFailed(format!(
            "{name} has {} warning{} and --strict is set",
            warnings.len(),
            if warnings.len() == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// A valid framework id, as the framework format requires: lower-case letters, digits, `-`
/// and `_`, starting with a letter or digit.
fn valid_id(id: &str) -> bool {
    id.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_'))
}

/// The copy: the modeline, a note, then the source with its `id:` line replaced.
fn copy_text(source: &Source, from: &str, id: &str, file: &str) -> String {
    let mut out = format!(
        "{MODELINE}\n# A copy of the \"{from}\" framework. Change anything, then check it:\n#   itsm-ai framework validate {file}\n#   itsm-ai score initiatives.csv --framework {file}\n"
    );
    let mut replaced = false;
    for line in source.text.lines() {
        if line.starts_with("# yaml-language-server:") {
            continue;
        }
        if !replaced && line.starts_with("id:") {
            out.push_str(&format!("id: {id}\n"));
            replaced = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The text of a copy of framework `from` (an id or a path) with id `id`, to be saved as
/// `file`; both the source and the copy are checked.
pub fn copy_of(from: &str, id: &str, file: &str) -> Result<String> {
    let source = source(from)?;
    let text = copy_text(&source, from, id, file);
    // The copy must load as it is; a broken source is reported against the source.
    validate::load(&source.name, &source.text)?;
    validate::load(file, &text)?;
    Ok(text)
}

fn new(global: &GlobalArgs, name: &str, from: &str) -> Result<()> {
    let reporter = Reporter {
        quiet: global.quiet,
    };
    let path = if discover::is_path(name) {
        PathBuf::from(name)
    } else {
        PathBuf::from(format!("{name}.yaml"))
    };
    if !matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    ) {
        return Err(Error::Usage(format!(
            "{} would hold YAML; name it .yaml (or .yml)",
            path.display()
        )));
    }
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    if !valid_id(&id) {
        return Err(Error::Usage(format!(
            "\"{id}\" is not a usable framework id: use lower-case letters, digits, - and _, starting with a letter or digit"
        )));
    }
    if path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; choose another name, or remove it first",
            path.display()
        )));
    }
    let file = path.display().to_string();
    let text = copy_of(from, &id, &file)?;
    write_atomically(&path, |w| w.write_all(text.as_bytes()))?;
    let schema_path = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from(SCHEMA_FILE), |p| p.join(SCHEMA_FILE));
    let schema = json_schema();
    // Only as much of an existing schema as the comparison needs is read (a link to a device
    // that never ends, or a huge file, is simply different).
    let existing = std::fs::File::open(&schema_path).and_then(|file| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(file, schema.len() as u64 + 1),
            &mut bytes,
        )
        .map(|_| bytes)
    });
    if existing.ok().as_deref() != Some(schema.as_bytes()) {
        write_atomically(&schema_path, |w| w.write_all(schema.as_bytes()))?;
    }
    reporter.note(&format!(
        "wrote {file} (framework \"{id}\", copied from \"{from}\") and {}; editors that read the modeline complete and check it",
        schema_path.display()
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_for_new_frameworks() {
        assert!(valid_id("acme"));
        assert!(valid_id("acme-2027_v1"));
        assert!(!valid_id("Acme"));
        assert!(!valid_id("acme.v2"));
        assert!(!valid_id("-acme"));
        assert!(!valid_id("acme corp"));
        assert!(!valid_id(""));
    }

    #[test]
    fn the_copy_gets_the_modeline_and_the_new_id_once() {
        let source = Source {
            name: "x.yaml".into(),
            text: "# yaml-language-server: $schema=old.json\n# A header\nid: rice\nversion: 1\nscoring:\n  factors:\n    - id: reach\n".into(),
        };
        assert_eq!(
            copy_text(&source, "rice", "acme", "acme.yaml"),
            format!(
                "{MODELINE}\n# A copy of the \"rice\" framework. Change anything, then check it:\n#   itsm-ai framework validate acme.yaml\n#   itsm-ai score initiatives.csv --framework acme.yaml\n# A header\nid: acme\nversion: 1\nscoring:\n  factors:\n    - id: reach\n"
            )
        );
    }
}
