//! The layer table of ARCHITECTURE.md, checked on the source: every `crate::` path, and every
//! `super::` path that leaves its layer, must point at a layer the file's own layer may use.
//! Test modules (files named `tests.rs`, and `#[cfg(test)] mod …` to the end of a file) are
//! exempt.

use std::path::{Path, PathBuf};

/// The layers, and the layers each may use (its own is always allowed).
const TABLE: &[(&str, &[&str])] = &[
    ("kernel", &[]),
    ("domain", &["kernel"]),
    ("formula", &["kernel"]),
    ("framework", &["domain", "formula", "kernel"]),
    (
        "input",
        &["framework", "domain", "formula", "kernel", "model"],
    ),
    ("engine", &["framework", "domain", "formula", "kernel"]),
    ("model", &["domain"]),
    (
        "assemble",
        &[
            "engine",
            "framework",
            "domain",
            "formula",
            "model",
            "kernel",
        ],
    ),
    ("render", &["model", "domain", "framework", "kernel"]),
    ("ui", &["domain", "kernel"]),
    (
        "face",
        &[
            "kernel",
            "domain",
            "formula",
            "framework",
            "input",
            "engine",
            "model",
            "assemble",
            "render",
            "ui",
        ],
    ),
];

/// The layer of a top-level module of the crate (or of an item re-exported at its root).
fn layer_of_module(name: &str) -> Option<&'static str> {
    Some(match name {
        "error" | "text" | "limits" | "Error" | "Result" => "kernel",
        "domain" => "domain",
        "formula" => "formula",
        "framework" => "framework",
        "input" => "input",
        "engine" => "engine",
        "model" => "model",
        "assemble" => "assemble",
        "render" => "render",
        "ui" => "ui",
        "cli" | "cmd" | "output" | "run" => "face",
        _ => return None,
    })
}

/// The module path of a source file: `src/engine/roadmap.rs` → `["engine", "roadmap"]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_string());
    }
    parts
}

/// The code of a file without comments and without its trailing test module.
fn code_of(text: &str) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod "))
        {
            break;
        }
        let without_comment = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        code.push_str(without_comment);
        code.push('\n');
    }
    code
}

/// The first identifier after `at` in `code`.
fn ident_at(code: &str, at: usize) -> &str {
    let rest = &code[at..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The top-level modules a file's code names through `crate::` and `super::` paths (with the
/// byte offset, for messages). `crate::{a, b::c}` names `a` and `b`.
fn named_modules(code: &str, module: &[String]) -> Vec<(String, usize)> {
    let mut named = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if at > 0 && code[..at].ends_with('$') {
            continue;
        }
        let after = at + "crate::".len();
        if code[after..].starts_with('{') {
            let close = code[after..].find('}').map_or(code.len(), |c| after + c);
            let mut depth = 0;
            let mut start = after + 1;
            for (i, c) in code[after + 1..close].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        named.push((code[start..after + 1 + i].trim().to_string(), at));
                        start = after + 2 + i;
                    }
                    _ => {}
                }
            }
            named.push((code[start..close].trim().to_string(), at));
        } else {
            named.push((ident_at(code, after).to_string(), at));
        }
    }
    for (at, _) in code.match_indices("super::") {
        // Count a chain `super::super::` once, from its start.
        if code[..at].ends_with("super::") {
            continue;
        }
        let mut ups = 0;
        let mut after = at;
        while code[after..].starts_with("super::") {
            ups += 1;
            after += "super::".len();
        }
        if ups > module.len() {
            continue;
        }
        let base = &module[..module.len() - ups];
        let top = match base.first() {
            Some(top) => top.clone(),
            None => ident_at(code, after).to_string(),
        };
        named.push((top, at));
    }
    named
        .into_iter()
        .map(|(path, at)| {
            let top = path
                .split("::")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            (top, at)
        })
        .filter(|(top, _)| !top.is_empty() && top != "self")
        .collect()
}

/// Every rule broken by the files under `src`: `file:line: layer uses layer (crate::x)`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    collect_rs(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap();
        if relative.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let module = module_path(relative);
        let layer = match module.first() {
            None => Some("face"),
            Some(top) => layer_of_module(top).or(match top.as_str() {
                "main" | "lib" => Some("face"),
                _ => None,
            }),
        };
        let Some(layer) = layer else {
            found.push(format!("{}: on no layer", relative.display()));
            continue;
        };
        let allowed = TABLE.iter().find(|(l, _)| *l == layer).unwrap().1;
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        for (top, at) in named_modules(&code, &module) {
            let line = code[..at].matches('\n').count() + 1;
            match layer_of_module(&top) {
                None => found.push(format!(
                    "{}:{line}: crate::{top} is on no layer",
                    relative.display()
                )),
                Some(target) if target != layer && !allowed.contains(&target) => {
                    found.push(format!(
                        "{}:{line}: {layer} may not use {target} ({top})",
                        relative.display()
                    ))
                }
                Some(_) => {}
            }
        }
    }
    found
}

fn collect_rs(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "tests") {
                continue;
            }
            collect_rs(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn layers_are_respected() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "layer rules broken:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_layer_check_sees_grouped_inline_and_super_paths() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("engine/deep")).unwrap();
    std::fs::create_dir_all(src.join("ui")).unwrap();
    std::fs::write(
        src.join("engine/mod.rs"),
        "use crate::{domain::Initiative, render::Format};\n// crate::ui in a comment\nfn f() { crate::input::read(); }\n#[cfg(test)]\nmod tests { use crate::cmd::run; }\n",
    )
    .unwrap();
    std::fs::write(
        src.join("engine/deep/x.rs"),
        "use super::super::super::cli::Args;\nuse super::rank;\n",
    )
    .unwrap();
    std::fs::write(src.join("ui/mod.rs"), "use crate::text::wrap;\n").unwrap();
    std::fs::write(src.join("stray.rs"), "\n").unwrap();
    assert_eq!(
        violations(src),
        [
            "engine/deep/x.rs:1: engine may not use face (cli)",
            "engine/mod.rs:1: engine may not use render (render)",
            "engine/mod.rs:3: engine may not use input (input)",
            "stray.rs: on no layer",
        ]
    );
}
