//! Golden fixture folders: `tests/fixtures/<case>/` holds the inputs, `cmd` (the arguments,
//! whitespace-separated), optionally `stdin`, and the expected `stdout`, `stderr` and `code`.
//! Adding a case is copying a folder; `UPDATE_FIXTURES=1 cargo test` rewrites the expectations.

use super::itsm_ai;
use std::fs;
use std::path::Path;

fn check(path: &Path, actual: &[u8], update: bool, failures: &mut Vec<String>) {
    if update {
        fs::write(path, actual).unwrap();
        return;
    }
    let expected = fs::read(path).unwrap_or_default();
    if expected != actual {
        failures.push(format!(
            "{}:\n--- expected\n{}\n--- actual\n{}",
            path.display(),
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(actual)
        ));
    }
}

#[test]
fn golden_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    let mut cases: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 8, "fixture folders are missing");
    let mut failures = Vec::new();
    for case in &cases {
        let args = fs::read_to_string(case.join("cmd")).unwrap();
        let mut cmd = itsm_ai();
        cmd.current_dir(case).args(args.split_whitespace());
        if let Ok(stdin) = fs::read(case.join("stdin")) {
            cmd.write_stdin(stdin);
        }
        let out = cmd.output().unwrap();
        check(&case.join("stdout"), &out.stdout, update, &mut failures);
        check(&case.join("stderr"), &out.stderr, update, &mut failures);
        let code = format!("{}\n", out.status.code().unwrap());
        check(&case.join("code"), code.as_bytes(), update, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} fixture mismatch(es):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
