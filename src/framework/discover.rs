//! Where frameworks come from: the built-ins, and `*.yaml` files in a project-local
//! `.itsm-ai/frameworks/` folder (in the working folder or any folder above it), found by id.

use std::path::{Path, PathBuf};

/// The project-local folder frameworks are looked up in.
pub const LOCAL_DIR: &str = ".itsm-ai/frameworks";

/// A framework file found in a project-local folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalFramework {
    /// The id written in the file.
    pub id: String,
    /// The file.
    pub path: PathBuf,
}

#[derive(serde::Deserialize)]
struct Probe {
    id: String,
}

/// The nearest `.itsm-ai/frameworks` folder from `start` upwards, if any.
pub fn local_dir(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(LOCAL_DIR))
        .find(|dir| dir.is_dir())
}

/// The frameworks in the nearest local folder, by file name; files whose id cannot be read
/// are left out (validating one by path shows why).
pub fn local_frameworks(start: &Path) -> Vec<LocalFramework> {
    let Some(dir) = local_dir(start) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let probe: Probe = serde_saphyr::from_str(&text).ok()?;
            Some(LocalFramework { id: probe.id, path })
        })
        .collect()
}

/// Whether `spec` names a file rather than an id: it has a path separator or a YAML/JSON
/// extension.
pub fn is_path(spec: &str) -> bool {
    spec.contains('/')
        || spec.contains('\\')
        || [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| spec.to_ascii_lowercase().ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_ids() {
        assert!(is_path("frameworks/acme.yaml"));
        assert!(is_path("acme.YML"));
        assert!(is_path("./acme"));
        assert!(!is_path("rice"));
        assert!(!is_path("itsm-ai"));
    }

    #[test]
    fn local_frameworks_are_found_by_id_from_a_sub_folder() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(LOCAL_DIR);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("b.yaml"), "id: acme\nversion: 1\n").unwrap();
        std::fs::write(dir.join("a.yml"), "id: rice\n").unwrap();
        std::fs::write(dir.join("broken.yaml"), "id: [\n").unwrap();
        std::fs::write(dir.join("notes.txt"), "id: other\n").unwrap();
        let sub = root.path().join("clients/x");
        std::fs::create_dir_all(&sub).unwrap();
        let found = local_frameworks(&sub);
        let ids: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["rice", "acme"]);
        assert_eq!(found[1].path, dir.join("b.yaml"));
        assert!(local_frameworks(&std::env::temp_dir().join("no-such-dir-itsm")).is_empty());
    }
}
