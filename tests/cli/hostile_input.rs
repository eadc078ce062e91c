//! Hostile inputs (issue 20, the input half): endless and oversized files, workbooks that
//! bomb or never close, cells far away, encodings other than UTF-8 — each ends in exit 2 with
//! a message naming the limit or the problem and its place, never a hang, panic or abort.

use super::itsm_ai;
use std::fs;
use std::io::Write;
use std::path::Path;

const HEADER: &str = "id,name,reach,impact,confidence,effort,ai_complexity";

/// Runs itsm-ai in `dir` with `args` and extra environment; (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let mut cmd = itsm_ai();
    cmd.current_dir(dir)
        .args(args)
        .timeout(std::time::Duration::from_secs(60));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const LIMIT_HINT: &str = "  hint: if the file is what you meant, raise the limit with ITSM_AI_MAX_INPUT_BYTES=<number> (suffixes K, M, G)\n";

#[test]
fn dev_zero_as_any_input_ends_at_the_input_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("in.csv"),
        format!("{HEADER}\nA-1,x,5,3,4,2,1\n"),
    )
    .unwrap();
    let small = [("ITSM_AI_MAX_INPUT_BYTES", "64K")];
    let cases: &[&[&str]] = &[
        &["score", "/dev/zero"],
        &["score", "-"],
        &["roadmap", "in.csv", "--assessment", "/dev/zero"],
        &["score", "in.csv", "--framework", "/dev/zero"],
        &["framework", "validate", "/dev/zero"],
        &["assess", "--answers", "/dev/zero"],
        &["report", "in.csv", "--template", "/dev/zero"],
    ];
    for args in cases {
        // std's Command: assert_cmd would read /dev/zero into memory to pipe it.
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("itsm-ai"))
            .current_dir(dir.path())
            .args(*args)
            .env(small[0].0, small[0].1)
            .env_remove("ITSM_AI_FRAMEWORK")
            .stdin(fs::File::open("/dev/zero").unwrap())
            .output()
            .unwrap();
        let name = if args.contains(&"-") {
            "<stdin>"
        } else {
            "/dev/zero"
        };
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "error: {name}: the input is too large: the input size limit is 64 KiB [limit-exceeded]\n{LIMIT_HINT}"
            ),
            "{args:?}"
        );
    }
}

#[test]
fn a_check_target_that_never_ends_is_refused_and_a_huge_one_is_stale_not_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    // A device is not a file a result is kept in: refused at once, never read.
    let (code, stdout, stderr) = run(
        dir.path(),
        &["score", "--format", "csv", "-o", "/dev/zero", "--check"],
        &[],
    );
    assert_eq!((code, stdout.as_str()), (Some(2), ""));
    assert_eq!(
        stderr,
        "error: --check compares with a regular file, and /dev/zero is a character device: name the file the result is kept in\n"
    );
    // A regular file far larger than memory (sparse: it takes no disk) is compared by as much
    // of it as the fresh output needs, and is stale.
    let huge = dir.path().join("huge.csv");
    fs::File::create(&huge).unwrap().set_len(64 << 30).unwrap();
    let (code, _, stderr) = run(
        dir.path(),
        &["score", "--format", "csv", "-o", "huge.csv", "--check"],
        &[],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("huge.csv is stale"), "{stderr}");
}

#[test]
fn a_header_or_a_cell_that_never_ends_stops_at_the_record_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut header = HEADER.to_string();
    while header.len() < 2 << 20 {
        header.push_str(",extra_column_with_a_long_name");
    }
    fs::write(dir.path().join("header.csv"), format!("{header}\nA-1\n")).unwrap();
    let mut quote = format!("{HEADER}\nA-1,x,5,3,4,2,1\nB-2,\"");
    quote.push_str(&"never closed ".repeat(200_000));
    fs::write(dir.path().join("quote.csv"), quote).unwrap();
    let hint = "  hint: a quote that is never closed makes the rest of the file one cell; close it, or double a quote that belongs to the text (\"\")\n";
    for (file, line) in [("header.csv", 1), ("quote.csv", 3)] {
        for lean in ["on", "off"] {
            let (code, stdout, stderr) =
                run(dir.path(), &["score", file], &[("ITSM_AI_LEAN", lean)]);
            let expected = format!(
                "error: {file}:{line}: the record that starts on this line is longer than the limit of 1 MiB without ending [limit-exceeded]\n{hint}"
            );
            if lean == "on" {
                // The fast path leaves such a file to the general one, which reports it.
                assert_eq!(code, Some(2), "{file}");
                continue;
            }
            assert_eq!((code, stdout.as_str()), (Some(2), ""), "{file}");
            assert_eq!(stderr, expected);
        }
    }
}

#[test]
fn an_unclosed_quote_is_named_as_such_not_as_a_row_width_problem() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("in.csv"),
        format!("{HEADER}\nA-1,x,5,3,4,2,1\nB-2,\"Chat, bot,5,3,4,2,1\nC-3,z,5,3,4,2,1\n"),
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["score", "in.csv"], &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: in.csv:3: a quoted cell that starts on this line is never closed: it runs to the end of the file [csv-invalid]\n  hint: close the quote, or double a quote that belongs to the text (\"\")\n"
    );
}

#[test]
fn lines_are_counted_for_lone_carriage_returns_and_after_blank_lines() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "9 is outside the scale (expected 1–5 or one of: xs, s, m, l, xl) [invalid-value]";
    fs::write(
        dir.path().join("mac.csv"),
        format!("{HEADER}\rA-1,x,5,3,4,2,1\rB-2,y,5,3,4,2,9\rC-3,z,5,3,4,2,9\r")
            .replace('\n', "\r"),
    )
    .unwrap();
    fs::write(
        dir.path().join("blank.csv"),
        format!("{HEADER}\n\n\nA-1,x,5,3,4,2,9\r\n\r\nB-2,y,5,3,4,2,9\n"),
    )
    .unwrap();
    for (file, lines) in [("mac.csv", [3, 4]), ("blank.csv", [4, 6])] {
        let (code, _, stderr) = run(dir.path(), &["score", file], &[]);
        assert_eq!(code, Some(2));
        assert_eq!(
            stderr,
            format!(
                "error: {file}:{}:7: column \"ai_complexity\": {bad}\nerror: {file}:{}:7: column \"ai_complexity\": {bad}\n2 problems found; nothing was written\n",
                lines[0], lines[1]
            )
        );
    }
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_files_read_like_utf8_and_other_encodings_are_refused_once() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{HEADER}\r\nA-1,Café,5,3,4,2,1\r\n");
    fs::write(dir.path().join("utf8.csv"), &text).unwrap();
    fs::write(dir.path().join("le.csv"), utf16(&text, false)).unwrap();
    fs::write(dir.path().join("be.csv"), utf16(&text, true)).unwrap();
    let (code, expected, _) = run(dir.path(), &["score", "utf8.csv", "--format", "json"], &[]);
    assert_eq!(code, Some(0));
    for file in ["le.csv", "be.csv"] {
        let (code, stdout, stderr) = run(dir.path(), &["score", file, "--format", "json"], &[]);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{file}");
        assert_eq!(stdout, expected.replace("utf8.csv", file));
    }
    let answers = "framework: itsm-ai\nanswers:\n  strategy.goals: 3\n";
    fs::write(dir.path().join("answers.yaml"), utf16(answers, false)).unwrap();
    let (code, _, stderr) = run(dir.path(), &["assess", "--answers", "answers.yaml"], &[]);
    assert_eq!(code, Some(0), "{stderr}");
    // Windows-1252: é is 0xE9; several bad cells, one message.
    fs::write(
        dir.path().join("latin.csv"),
        b"id,name,reach,impact,confidence,effort,ai_complexity\nA-1,Caf\xE9,5,3,4,2,1\nB-2,\xE9t\xE9,5,3,4,2,1\n",
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["score", "latin.csv"], &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: latin.csv:2:8: the file is not UTF-8 (byte 0xE9 here); no other encoding is guessed [invalid-utf8]\n  hint: save the file as UTF-8: in Excel use File › Save As and choose \"CSV UTF-8 (Comma delimited) (*.csv)\"; in an editor choose the encoding \"UTF-8\"; in PowerShell use `Out-File -Encoding utf8`\n"
    );
}

#[test]
fn a_46_kb_formula_is_refused_at_the_formula_length_limit() {
    let dir = tempfile::tempdir().unwrap();
    let formula = format!("{}ease", "ease+".repeat(9200));
    let framework = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/user-framework/ice.yaml"),
    )
    .unwrap()
    .replace(
        "formula: impact * confidence * ease * (1 - discount / 2)",
        &format!("formula: {formula}"),
    );
    assert!(framework.contains(&formula));
    fs::write(dir.path().join("long.yaml"), framework).unwrap();
    let (code, _, stderr) = run(dir.path(), &["framework", "validate", "long.yaml"], &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr
            .contains("the formula is longer than the limit of 1024 characters (46004 characters)"),
        "{stderr}"
    );
}

/// A zip archive of `parts`, deflated.
fn zip(path: &Path, parts: &[(&str, &[u8])]) {
    let file = fs::File::create(path).unwrap();
    let mut writer = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap();
}

const XLSX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const XLSX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const XLSX_BOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const XLSX_BOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// The rows of a valid table: a header and one initiative, as inline strings and numbers.
fn xlsx_table() -> String {
    let text = |r: &str, t: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#);
    let mut rows = String::from(r#"<row r="1">"#);
    for (c, h) in "ABCDEFG".chars().zip(HEADER.split(',')) {
        rows.push_str(&text(&format!("{c}1"), h));
    }
    rows.push_str(r#"</row><row r="2">"#);
    rows.push_str(&text("A2", "A-1"));
    rows.push_str(&text("B2", "Triage"));
    for (c, v) in "CDEFG".chars().zip(["5", "3", "4", "2", "1"]) {
        rows.push_str(&format!(r#"<c r="{c}2"><v>{v}</v></c>"#));
    }
    rows.push_str("</row>");
    rows
}

fn xlsx(path: &Path, rows: &str, strings: &[u8]) {
    let sheet = format!(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    );
    zip(
        path,
        &[
            ("[Content_Types].xml", XLSX_TYPES.as_bytes()),
            ("_rels/.rels", XLSX_RELS.as_bytes()),
            ("xl/workbook.xml", XLSX_BOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", XLSX_BOOK_RELS.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
            ("xl/sharedStrings.xml", strings),
        ],
    );
}

const NO_STRINGS: &[u8] =
    br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#;

#[test]
fn xlsx_cells_far_away_cost_one_row_and_cells_beyond_the_sheet_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let table = xlsx_table();
    // A lone cell at the last cell of a sheet once made calamine allocate 549 GB.
    xlsx(
        &dir.path().join("far.xlsx"),
        &format!(r#"{table}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#),
        NO_STRINGS,
    );
    let (code, stdout, stderr) = run(dir.path(), &["score", "far.xlsx"], &[]);
    assert_eq!((code, stdout.as_str()), (Some(2), ""));
    assert!(
        stderr.starts_with(
            "error: far.xlsx:Sheet1!1048576:1048576: the row has 8 cells but the header has 7 [row-width]\n  hint: a row's cells must lie under the header's: clear or move the cells to the right of the table\n"
        ),
        "{stderr}"
    );
    for (cell, row, name) in [("A2000000", "2000000", "A2000000"), ("ZZZZ3", "3", "ZZZZ3")] {
        xlsx(
            &dir.path().join("beyond.xlsx"),
            &format!(r#"{table}<row r="{row}"><c r="{cell}"><v>1</v></c></row>"#),
            NO_STRINGS,
        );
        let (code, _, stderr) = run(dir.path(), &["score", "beyond.xlsx"], &[]);
        assert_eq!(code, Some(2));
        assert_eq!(
            stderr,
            format!(
                "error: beyond.xlsx:Sheet1!{name}: the cell is beyond the last row (1048576) or column (XFD) a sheet may have [limit-exceeded]\n"
            )
        );
    }
}

#[test]
fn a_workbook_that_decompresses_out_of_proportion_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut strings =
        String::from(r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#);
    strings.push_str(&"<si><t>a</t></si>".repeat(1_500_000));
    strings.push_str("</sst>");
    xlsx(
        &dir.path().join("bomb.xlsx"),
        &xlsx_table(),
        strings.as_bytes(),
    );
    let (code, _, stderr) = run(dir.path(), &["score", "bomb.xlsx"], &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("error: bomb.xlsx: the workbook's part xl/sharedStrings.xml decompresses to more than 100 times its compressed size"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("which no spreadsheet program writes: the workbook compression ratio limit is 100 [limit-exceeded]\n  hint: if the file is what you meant, raise the limit with ITSM_AI_MAX_WORKBOOK_RATIO=<number> (suffixes K, M, G)\n"),
        "{stderr}"
    );
    // Under the ratio, the total is bounded too.
    let (code, _, stderr) = run(
        dir.path(),
        &["score", "bomb.xlsx"],
        &[
            ("ITSM_AI_MAX_WORKBOOK_BYTES", "1M"),
            ("ITSM_AI_MAX_WORKBOOK_RATIO", "1000"),
        ],
    );
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: bomb.xlsx: the workbook's part xl/sharedStrings.xml decompresses to more than it may: the workbook size decompressed limit is 1 MiB [limit-exceeded]\n  hint: if the file is what you meant, raise the limit with ITSM_AI_MAX_WORKBOOK_BYTES=<number> (suffixes K, M, G)\n"
    );
}

const ODS_MANIFEST: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#;

/// An OpenDocument content.xml with the header and one initiative row repeated `repeats`
/// times, then the empty rows LibreOffice writes to the end of a sheet.
fn ods_content(repeats: u64) -> String {
    let text = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
        )
    };
    let number =
        |v: &str| format!(r#"<table:table-cell office:value-type="float" office:value="{v}"/>"#);
    let header: String = HEADER.split(',').map(text).collect();
    let row: String = [text("A-1"), text("Triage")]
        .into_iter()
        .chain(["5", "3", "4", "2", "1"].map(number))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Plan"><table:table-row>{header}</table:table-row><table:table-row table:number-rows-repeated="{repeats}">{row}</table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    )
}

fn ods(path: &Path, content: &[u8]) {
    zip(
        path,
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", ODS_MANIFEST),
            ("content.xml", content),
        ],
    );
}

#[test]
fn an_ods_cut_short_or_with_a_broken_end_tag_is_refused_instead_of_spinning() {
    let dir = tempfile::tempdir().unwrap();
    let good = ods_content(1);
    ods(&dir.path().join("good.ods"), good.as_bytes());
    let (code, stdout, _) = run(dir.path(), &["score", "good.ods", "--format", "csv"], &[]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("A-1,Triage"), "{stdout}");
    let cut = &good.as_bytes()[..good.len() - 120];
    let broken = good.replace("</table:table>", "</table:tablf>");
    for (file, content) in [("cut.ods", cut), ("broken.ods", broken.as_bytes())] {
        ods(&dir.path().join(file), content);
        for command in ["score", "report"] {
            let (code, _, stderr) = run(dir.path(), &[command, file], &[]);
            assert_eq!(code, Some(2));
            assert_eq!(
                stderr,
                format!(
                    "error: {file}: the spreadsheet's content.xml is damaged (cut short, or a tag that does not close) [xlsx-invalid]\n  hint: open the file in the program that made it and save it again\n"
                )
            );
        }
    }
}

#[test]
fn an_ods_row_repeated_a_billion_times_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    ods(
        &dir.path().join("rep.ods"),
        ods_content(1_000_000_000).as_bytes(),
    );
    let (code, _, stderr) = run(dir.path(), &["score", "rep.ods"], &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: rep.ods: a row with cells in it repeats 1000000000 times (number-rows-repeated); the limit is 1000 [limit-exceeded]\n"
    );
}

#[test]
fn the_example_workbook_reads_without_sheet_from_the_sheet_with_the_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, stdout, stderr) = run(
        root,
        &[
            "score",
            "examples/initiatives.xlsx",
            "--format",
            "csv",
            "-q",
        ],
        &[],
    );
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let (_, with_sheet, _) = run(
        root,
        &[
            "score",
            "examples/initiatives.xlsx",
            "--sheet",
            "Initiatives",
            "--format",
            "csv",
            "-q",
        ],
        &[],
    );
    assert_eq!(stdout, with_sheet);
    assert!(stdout.lines().count() > 20);
}

#[test]
fn a_template_that_doubles_a_string_stops_at_the_output_limit() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("in.csv"),
        format!("{HEADER}\nA-1,x,5,3,4,2,1\n"),
    )
    .unwrap();
    let nested = format!("{}\"xxxxxxxxxx\"{}", "d(".repeat(35), ")".repeat(35));
    fs::write(
        dir.path().join("double.j2"),
        format!("{{% macro d(s) %}}{{{{ s }}}}{{{{ s }}}}{{% endmacro %}}{{{{ {nested} }}}}\n"),
    )
    .unwrap();
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "report",
            "in.csv",
            "--template",
            "double.j2",
            "--format",
            "markdown",
            "-q",
        ],
        &[("ITSM_AI_MAX_TEMPLATE_BYTES", "16M")],
    );
    assert_eq!((code, stdout.as_str()), (Some(2), ""));
    assert_eq!(
        stderr,
        "error: double.j2: the template's output is too large: the template output size limit is 16 MiB [limit-exceeded]\n  hint: if the file is what you meant, raise the limit with ITSM_AI_MAX_TEMPLATE_BYTES=<number> (suffixes K, M, G)\n"
    );
}

#[test]
fn formulas_that_overflow_and_nan_tiers_fail_validation_and_huge_values_fail_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let framework = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/user-framework/ice.yaml"),
    )
    .unwrap()
    .replace(
        "formula: impact * confidence * ease * (1 - discount / 2)",
        "formula: impact ^ 1000 * confidence / ease",
    )
    .replace("{name: Go, min: 200}", "{name: Go, min: .nan}");
    fs::write(dir.path().join("ovf.yaml"), &framework).unwrap();
    let (code, _, stderr) = run(dir.path(), &["framework", "validate", "ovf.yaml"], &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("formula, column 1: this part overflows on the declared scales: it can exceed the largest number a score can hold (about 1.8e308; it ranges from 1 to infinity) [formula-invalid]"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("tier \"Go\": \"min\" must be a finite number, not NaN [framework-invalid]"),
        "{stderr}"
    );
    // RICE's reach has no maximum: a value near the largest number overflows the row's score.
    fs::write(
        dir.path().join("rice.csv"),
        "id,name,Reach,impact,confidence,effort\nR-1,a,1e308,high,80%,0.5\nR-2,b,300,high,80%,2\n",
    )
    .unwrap();
    for lean in ["on", "off"] {
        let (code, stdout, stderr) = run(
            dir.path(),
            &[
                "score",
                "rice.csv",
                "--framework",
                "rice",
                "--format",
                "csv",
            ],
            &[("ITSM_AI_LEAN", if lean == "on" { "auto" } else { "off" })],
        );
        assert_eq!((code, stdout.as_str()), (Some(2), ""));
        assert_eq!(
            stderr,
            "error: rice.csv:2: the score of this row is not a number a score can hold (inf): its factor values are too large for the formula [invalid-value]\n"
        );
    }
}

#[test]
fn a_dependency_cycle_of_thousands_prints_one_short_line() {
    let dir = tempfile::tempdir().unwrap();
    let n = 5000;
    let mut csv = format!("{HEADER},depends_on\n");
    for i in 0..n {
        csv.push_str(&format!("I-{i},x,5,3,4,2,1,I-{}\n", (i + 1) % n));
    }
    fs::write(dir.path().join("cycle.csv"), csv).unwrap();
    let (code, _, stderr) = run(dir.path(), &["score", "cycle.csv"], &[]);
    assert_eq!(code, Some(2));
    let first = stderr.lines().next().unwrap();
    assert_eq!(
        first,
        "error: cycle.csv:2:8: column \"depends_on\": dependency cycle of 5000 initiatives I-0 → I-1 → I-2 → I-3 → I-4 → I-5 → … (4988 more) … → I-4994 → I-4995 → I-4996 → I-4997 → I-4998 → I-4999 → I-0 [dependency-cycle]"
    );
    assert!(stderr.len() < 1000, "{} bytes", stderr.len());
}

#[test]
fn more_initiatives_than_the_row_limit_are_refused_on_every_path_and_input() {
    let dir = tempfile::tempdir().unwrap();
    // Four rows (a blank line between: not an initiative) against a limit of three.
    let rows = "A-1,a,5,3,4,2,1\nA-2,b,5,3,4,2,1\n\nA-3,c,5,3,4,2,1\nA-4,d,5,3,4,2,1\n";
    fs::write(dir.path().join("in.csv"), format!("{HEADER}\n{rows}")).unwrap();
    fs::write(
        dir.path().join("in.tsv"),
        format!("{HEADER}\n{rows}").replace(',', "\t"),
    )
    .unwrap();
    let list: String = (1..=4)
        .map(|n| format!("- {{id: A-{n}, name: x, reach: 5, impact: 3, confidence: 4, effort: 2, ai_complexity: 1}}\n"))
        .collect();
    fs::write(dir.path().join("in.yaml"), list).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in format!("{HEADER}\n{rows}").lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save(dir.path().join("in.xlsx")).unwrap();
    let limit = [("ITSM_AI_MAX_ROWS", "3")];
    let message = |place: &str, word: &str| {
        format!(
            "error: {place}: this {word} holds initiative 4: the row limit is 3 [limit-exceeded]\n  hint: if the file is what you meant, raise the limit with ITSM_AI_MAX_ROWS=<number> (suffixes K, M, G)\n"
        )
    };
    let cases: &[(&[&str], String)] = &[
        // The lean path (CSV out), its streaming --top, and the general path.
        (
            &["score", "in.csv", "-o", "out.csv"],
            message("in.csv:6", "line"),
        ),
        (
            &["score", "in.csv", "--top", "2", "-o", "out.csv"],
            message("in.csv:6", "line"),
        ),
        (
            &["score", "in.csv", "--format", "json"],
            message("in.csv:6", "line"),
        ),
        (&["roadmap", "in.csv"], message("in.csv:6", "line")),
        (
            &["score", "in.tsv", "-o", "out.csv"],
            message("in.tsv:6", "line"),
        ),
        (&["score", "in.yaml"], message("in.yaml:4", "line")),
        (&["score", "in.xlsx"], message("in.xlsx:Sheet1!6:6", "row")),
    ];
    for (args, expected) in cases {
        let (code, stdout, stderr) = run(dir.path(), args, &limit);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
        assert!(stderr.starts_with(expected.as_str()), "{args:?}: {stderr}");
        assert!(!dir.path().join("out.csv").exists(), "{args:?}");
    }
    // Standard input likewise; at the limit, the file is read.
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "-", "--format", "json"])
        .env("ITSM_AI_MAX_ROWS", "3")
        .write_stdin(format!("{HEADER}\n{rows}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with(&message("<stdin>:6", "line")),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, _, stderr) = run(
        dir.path(),
        &["score", "in.csv", "-o", "out.csv"],
        &[("ITSM_AI_MAX_ROWS", "4")],
    );
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_run_that_cannot_have_the_memory_it_needs_is_refused_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::with_capacity(12 << 20);
    csv.push_str("id,name,reach,impact,confidence,effort,ai_complexity,owner\n");
    for n in 0..200_000u32 {
        csv.push_str(&format!(
            "INI-{n:07},Initiative number {n},{},{},{},{},{},owner {}\n",
            n % 6,
            n % 4,
            n % 5,
            1 + n % 5,
            1 + n % 3,
            n % 20
        ));
    }
    fs::write(dir.path().join("in.csv"), csv).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("itsm-ai");
    // 150 MB of address space: the program starts and reads the file, but a ranking of
    // 200,000 rows needs more (it aborted, exit 134, before the check).
    for args in [
        "score in.csv --format json -o out.json",
        "roadmap in.csv -o out.md",
    ] {
        let out = std::process::Command::new("sh")
            .current_dir(dir.path())
            .arg("-c")
            .arg(format!("ulimit -v 150000; exec \"$0\" {args}"))
            .arg(&bin)
            .env_remove("ITSM_AI_MEMORY_CHECK")
            .env_remove("RAYON_NUM_THREADS")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args}: {stderr}");
        assert!(
            stderr.starts_with("error: in.csv: working on this 11 MiB file needs about "),
            "{args}: {stderr}"
        );
        assert!(
            stderr.contains(" MiB of memory, and this process cannot have that much (free memory is short, or a limit such as `ulimit -v` is lower) [memory-unavailable]\n  hint: free memory or raise the limit;"),
            "{args}: {stderr}"
        );
        assert!(stderr.contains("ITSM_AI_MEMORY_CHECK=off"), "{stderr}");
        assert!(
            std::fs::read_dir(dir.path()).unwrap().count() == 1,
            "{args}: nothing written"
        );
    }
}

#[test]
fn a_simulation_whose_ranks_cannot_be_kept_is_refused_before_the_first_sample() {
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("itsm-ai");
    // 33 initiatives × 10,000,000 samples × 2 bytes: 629 MiB of ranks, under a 300 MB limit.
    let out = std::process::Command::new("sh")
        .current_dir(dir.path())
        .arg("-c")
        .arg("ulimit -v 300000; exec \"$0\" score -q --simulate 10000000 --format json -o out.json")
        .arg(&bin)
        .env_remove("ITSM_AI_MEMORY_CHECK")
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "error: --simulate: 10000000 samples of 33 initiatives keep every sample's ranks: about 694 MiB, and this process cannot have that much (free memory is short, or a limit such as `ulimit -v` is lower) [memory-unavailable]\n  hint: ask for fewer samples, or simulate fewer initiatives (for example the top of the ranking, saved with --top N -o top.csv)\n"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}
