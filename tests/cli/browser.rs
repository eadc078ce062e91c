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

/// Loads `page` (in `dir`) in a `width`-pixel frame of a measuring page whose script runs
/// `js` with `d`, the report's document, and returns the object `js` builds as `out`. The
/// report itself keeps its Content-Security-Policy: the script is in the frame's parent.
fn measure(dir: &Path, page: &str, width: u32, js: &str) -> serde_json::Value {
    let harness = dir.join(format!("measure-{width}.html"));
    fs::write(
        &harness,
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\">\
             <iframe id=\"f\" src=\"{page}\" style=\"width:{width}px;height:3000px;border:0\"></iframe>\
             <pre id=\"measured\">not measured</pre><script>\
             document.getElementById('f').addEventListener('load', () => {{\
             const d = document.getElementById('f').contentDocument; const out = {{}};\
             {js}\
             document.getElementById('measured').textContent = JSON.stringify(out); }});\
             </script></body></html>"
        ),
    )
    .unwrap();
    let dom = String::from_utf8(
        headless(
            dir,
            &[
                "--allow-file-access-from-files",
                "--window-size=1500,3000",
                "--virtual-time-budget=5000",
                "--dump-dom",
            ],
            &harness,
        )
        .stdout,
    )
    .unwrap();
    let start = dom.find("<pre id=\"measured\">").expect("no measurement") + 19;
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The number of pages of a PDF that Chromium prints from `page`.
fn pdf_pages(dir: &Path, page: &Path) -> usize {
    let pdf_path = dir.join("pages.pdf");
    headless(
        dir,
        &[
            &format!("--print-to-pdf={}", pdf_path.display()),
            "--no-pdf-header-footer",
        ],
        page,
    );
    let pdf = fs::read(&pdf_path).unwrap();
    pdf.windows(11).filter(|w| w == b"/Type /Page").count()
        - pdf.windows(12).filter(|w| w == b"/Type /Pages").count()
}

fn write_report(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let page = dir.join(name);
    let made = itsm_ai()
        .current_dir(dir)
        .args(["report", "-q"])
        .args(args)
        .arg("-o")
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(
        made.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    page
}

/// `1,170,000`: the grouping every report uses, whatever the machine's locale.
fn grouped(v: f64) -> String {
    let digits = format!("{}", v.round() as u64);
    let mut out = String::new();
    for (n, c) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn on_a_phone_the_page_does_not_scroll_sideways_and_shows_no_code() {
    let dir = tempfile::tempdir().unwrap();
    write_report(dir.path(), "report.html", &[]);
    let out = measure(
        dir.path(),
        "report.html",
        390,
        "out.viewport = d.documentElement.clientWidth; \
         out.scrollWidth = d.documentElement.scrollWidth; \
         out.text = d.body.innerText;",
    );
    assert_eq!(out["viewport"], 390);
    assert_eq!(
        out["scrollWidth"], 390,
        "the page is wider than a 390 px phone"
    );
    let text = out["text"].as_str().unwrap();
    for code in [
        "low_score",
        "--include-all",
        "include_all",
        "not scheduled (",
        "readiness)",
        "governance.registry",
        "process 2 < 3",
    ] {
        assert!(!text.contains(code), "\"{code}\" in the visible text");
    }
    // A gap is said with the dimension's name: `Governance & trust at 1, needs 2`.
    assert!(
        !text
            .split_whitespace()
            .collect::<Vec<_>>()
            .windows(3)
            .any(|w| w[1] == "<" && w[0].parse::<f64>().is_ok()),
        "a gap written as `id 1 < 2` in the visible text"
    );
    assert!(text.contains("Governance & trust"));
}

#[test]
fn the_decision_page_gives_the_roadmap_json_figures() {
    let dir = tempfile::tempdir().unwrap();
    write_report(dir.path(), "report.html", &["--currency", "EUR"]);
    let json = itsm_ai()
        .args(["roadmap", "-q", "--format", "json"])
        .output()
        .unwrap();
    let roadmap: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let phases = roadmap["phases"].as_array().unwrap();
    let sum = |key: &str, ps: &[serde_json::Value]| -> f64 {
        ps.iter().map(|p| p[key].as_f64().unwrap_or(0.0)).sum()
    };
    let first = &phases[..1];
    let count = |ps: &[serde_json::Value]| -> usize {
        ps.iter()
            .map(|p| p["initiatives"].as_array().unwrap().len())
            .sum()
    };
    let out = measure(
        dir.path(),
        "report.html",
        1280,
        "out.decision = d.getElementById('decision').innerText;",
    );
    let decision = out["decision"].as_str().unwrap();
    let expected_now = format!(
        "Approve the first phase ({}): {} initiatives, {} person-months, cost EUR {}.",
        phases[0]["name"].as_str().unwrap(),
        count(first),
        sum("effort_pm", first),
        grouped(sum("cost", first))
    );
    let expected_all = format!(
        "The whole plan, {} phases: {} initiatives, {} person-months, cost EUR {}.",
        phases.len(),
        count(phases),
        sum("effort_pm", phases),
        grouped(sum("cost", phases))
    );
    assert!(
        decision.contains(&expected_now),
        "{expected_now}\n{decision}"
    );
    assert!(
        decision.contains(&expected_all),
        "{expected_all}\n{decision}"
    );
    // Capacity left out, as the roadmap's unscheduled list says.
    let short = roadmap["unscheduled"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["reason"] == "capacity")
        .count();
    assert!(
        decision.contains(&format!("Capacity: {short} initiatives")),
        "{decision}"
    );
}

#[test]
fn a_rice_report_keeps_its_largest_bubble_inside_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,name,reach,impact,confidence,effort\n");
    for (n, reach) in [12, 300, 900, 2_000, 7_500, 20_000, 150, 45_000]
        .iter()
        .enumerate()
    {
        csv.push_str(&format!(
            "R-{n},Initiative {n},{reach},{},80%,{}\n",
            ["high", "medium", "low", "massive"][n % 4],
            1 + n % 5
        ));
    }
    fs::write(dir.path().join("rice.csv"), csv).unwrap();
    write_report(
        dir.path(),
        "rice.html",
        &["rice.csv", "--framework", "rice"],
    );
    let out = measure(
        dir.path(),
        "rice.html",
        1280,
        "const svg = d.querySelector('svg.matrix'); const box = svg.getBoundingClientRect(); \
         out.bubbles = 0; out.outside = 0; out.largest = 0; \
         for (const c of svg.querySelectorAll('circle')) { const b = c.getBoundingClientRect(); \
           out.bubbles++; out.largest = Math.max(out.largest, c.r.baseVal.value); \
           if (b.left < box.left || b.right > box.right || b.top < box.top || b.bottom > box.bottom) out.outside++; }",
    );
    assert_eq!(out["bubbles"], 8);
    assert_eq!(out["outside"], 0, "a bubble leaves the chart");
    assert_eq!(out["largest"], 14.0, "the largest bubble is not capped");
}

#[test]
fn five_hundred_initiatives_print_with_an_appendix_and_a_contents_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv =
        String::from("id,name,reach,impact,confidence,effort,ai_complexity,effort_pm,cost,owner\n");
    for n in 0..500u32 {
        csv.push_str(&format!(
            "I-{n:03},Initiative number {n},{},{},{},{},{},{},{},Owner {}\n",
            1 + n % 5,
            1 + (n / 5) % 3,
            2 + (n / 15) % 4,
            1 + (n / 7) % 5,
            1 + (n / 11) % 3,
            0.5 + f64::from(n % 6),
            10_000 + 5_000 * (n % 9),
            n % 12
        ));
    }
    fs::write(dir.path().join("many.csv"), csv).unwrap();
    let page = write_report(
        dir.path(),
        "many.html",
        &["many.csv", "--capacity", "40", "--date", "2026-12-01"],
    );
    let html = fs::read_to_string(&page).unwrap();
    for piece in [
        "<nav class=\"contents\"",
        "<a href=\"#appendix\">",
        "<section id=\"appendix\">",
        "The top 50 of 500 are shown here",
    ] {
        assert!(html.contains(piece), "{piece} missing");
    }
    let pages = pdf_pages(dir.path(), &page);
    assert!(
        (8..=30).contains(&pages),
        "500 initiatives print on {pages} pages"
    );
}
