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
/// (no top-level `id:` line in their first 64 KiB) are left out (validating one by path shows
/// why).
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
            let id = id_of(&path)?;
            Some(LocalFramework { id, path })
        })
        .collect()
}

/// How much of a local framework file is read to find its id: every command looks, so the
/// files are not read whole (a framework is validated in full only when it is used).
const PROBE_BYTES: u64 = 64 * 1024;

/// The `id:` of a framework file: its first top-level `id:` line within the first
/// [`PROBE_BYTES`].
fn id_of(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(PROBE_BYTES)
        .read_to_end(&mut head)
        .ok()?;
    let text = String::from_utf8_lossy(&head);
    let line = text
        .lines()
        .find(|l| l.starts_with("id:") || l.starts_with("\"id\":"))?;
    let probe: Probe = serde_saphyr::from_str(line).ok()?;
    Some(probe.id)
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

    #[test]
    fn only_the_head_of_a_local_framework_is_read_for_its_id() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.yaml");
        let mut text = String::from("# notes\nid: big # the id\nname: Big\n");
        text.push_str(&"# padding\n".repeat(200_000));
        std::fs::write(&big, &text).unwrap();
        assert_eq!(id_of(&big).as_deref(), Some("big"));
        let late = dir.path().join("late.yaml");
        std::fs::write(&late, format!("{}id: late\n", "# padding\n".repeat(10_000))).unwrap();
        assert_eq!(id_of(&late), None);
        let nested = dir.path().join("nested.yaml");
        std::fs::write(&nested, "scoring:\n  id: inner\nid: outer\n").unwrap();
        assert_eq!(id_of(&nested).as_deref(), Some("outer"));
    }
}
