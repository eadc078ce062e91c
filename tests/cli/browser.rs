//! The HTML report in a real browser: headless Chromium loads it without a refused resource or
//! a script error, finds every section, takes a screenshot and prints it to PDF.
//! Chromium must be installed (`scripts/test.sh` installs it); this test never skips.

use super::itsm_ai;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            if dir.join(name).is_file() {
                return dir.join(name);
            }
        }
    }
    panic!(
        "Chromium is needed for the browser test: run scripts/test.sh (it installs it), or apt-get install chromium, or set CHROMIUM"
    );
}

fn headless(dir: &Path, args: &[&str], page: &Path) -> Output {
    let out = Command::new(chromium())
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = String::from_utf8_lossy(&out.stderr);
    for bad in ["Refused to", "Uncaught", "net::ERR_"] {
        assert!(!log.contains(bad), "the page caused \"{bad}\":\n{log}");
    }
    out
}

#[test]
fn the_report_loads_prints_and_has_every_section_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let made = itsm_ai()
        .args(["report", "-q", "--it-budget", "12000000", "-o"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(0));

    let dom = String::from_utf8(headless(dir.path(), &["--dump-dom"], &page).stdout).unwrap();
    for section in ["summary", "maturity", "ranking", "matrix", "roadmap"] {
        assert!(
            dom.contains(&format!("<section id=\"{section}\">")),
            "section {section} missing from the rendered page"
        );
    }
    for piece in [
        "<svg class=\"chart radar\"",
        "<svg class=\"chart matrix\"",
        "<svg class=\"bar\"",
        "AI share of IT budget",
        "Quick wins (12)",
        "Not on the roadmap",
    ] {
        assert!(
            dom.contains(piece),
            "{piece} missing from the rendered page"
        );
    }

    let shot = dir.path().join("report.png");
    headless(
        dir.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400",
        ],
        &page,
    );
    let png = fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(
        png.len() > 50_000,
        "the screenshot looks empty ({} bytes)",
        png.len()
    );

    let pdf_path = dir.path().join("report.pdf");
    headless(
        dir.path(),
        &[
            &format!("--print-to-pdf={}", pdf_path.display()),
            "--no-pdf-header-footer",
        ],
        &page,
    );
    let pdf = fs::read(&pdf_path).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let pages = pdf.windows(11).filter(|w| w == b"/Type /Page").count()
        - pdf.windows(12).filter(|w| w == b"/Type /Pages").count();
    assert!(
        (5..=30).contains(&pages),
        "the PDF has {pages} pages; each section starts a page on A4"
    );
}

#[test]
fn hostile_names_stay_text_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("hostile.html");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report-hostile");
    fs::copy(fixture.join("stdout"), &page).unwrap();
    let dom = String::from_utf8(headless(dir.path(), &["--dump-dom"], &page).stdout).unwrap();
    assert!(!dom.contains("<script"), "a script element was created");
    assert!(!dom.contains("<img"), "an img element was created");
    assert!(
        !dom.contains("<i>Acme"),
        "markup from the organisation name was applied"
    );
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(dom.contains("\"&gt;&lt;img src=x onerror=alert(2)&gt;"));
}
