//! Excel workbooks as initiative input: the same results as the CSV, the sheet chosen by
//! `--sheet`, and every problem named by its cell (`book.xlsx:Sheet1!C14`).

use super::itsm_ai;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use std::fs;
use std::path::Path;

/// One cell to write: a number, a text, or a date as Excel makes of a typed `2-4`.
enum Cell<'a> {
    Number(f64),
    Text(&'a str),
    Date(u16, u8, u8),
}

/// Writes `cells` (row by row) into `sheet` from its cell (`row`, `column`), both 0-based.
fn fill(sheet: &mut Worksheet, row: u32, column: u16, cells: &[Vec<Cell<'_>>]) {
    let date = Format::new().set_num_format("dd-mmm");
    for (r, line) in cells.iter().enumerate() {
        for (c, cell) in line.iter().enumerate() {
            let (r, c) = (row + r as u32, column + c as u16);
            match cell {
                Cell::Number(v) => sheet.write_number(r, c, *v).map(|_| ()),
                Cell::Text("") => Ok(()),
                Cell::Text(t) => sheet.write_string(r, c, *t).map(|_| ()),
                Cell::Date(y, m, d) => sheet
                    .write_datetime_with_format(
                        r,
                        c,
                        ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &date,
                    )
                    .map(|_| ()),
            }
            .unwrap();
        }
    }
}

/// A workbook with a fixed creation time, so that the bytes are the same on every run.
fn workbook() -> Workbook {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    book
}

/// The CSV's cells as a sheet would hold them when typed in: numbers as numbers.
fn cells_of_csv(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The example portfolio as a workbook: an "About" sheet first, the initiatives on the second
/// sheet under a title and a blank row, from column B.
fn example_workbook() -> Vec<u8> {
    let rows = cells_of_csv(&fs::read_to_string("examples/initiatives.csv").unwrap());
    let typed: Vec<Vec<Cell<'_>>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| match cell.parse::<f64>() {
                    Ok(v) => Cell::Number(v),
                    Err(_) => Cell::Text(cell),
                })
                .collect()
        })
        .collect();
    let mut book = workbook();
    let about = book.add_worksheet();
    about.set_name("About").unwrap();
    fill(
        about,
        0,
        0,
        &[vec![Cell::Text("Example portfolio of itsm-ai")]],
    );
    let sheet = book.add_worksheet();
    sheet.set_name("Initiatives").unwrap();
    fill(sheet, 0, 1, &[vec![Cell::Text("AI initiatives, FY2027")]]);
    fill(sheet, 2, 1, &typed);
    book.save_to_buffer().unwrap()
}

#[test]
fn the_example_workbook_is_current() {
    // `examples/initiatives.xlsx` is made from `examples/initiatives.csv`; with
    // ITSM_AI_BLESS=1 this test writes it again.
    let made = example_workbook();
    let path = Path::new("examples/initiatives.xlsx");
    if std::env::var_os("ITSM_AI_BLESS").is_some() {
        fs::write(path, &made).unwrap();
    }
    assert!(
        fs::read(path).unwrap() == made,
        "examples/initiatives.xlsx is stale: run ITSM_AI_BLESS=1 cargo test the_example_workbook_is_current"
    );
}

#[test]
fn a_workbook_scores_exactly_like_the_same_csv() {
    let from_csv = itsm_ai()
        .args(["score", "examples/initiatives.csv", "--format", "csv"])
        .output()
        .unwrap();
    assert!(from_csv.status.success());
    let from_xlsx = itsm_ai()
        .args([
            "score",
            "examples/initiatives.xlsx",
            "--sheet",
            "initiatives",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&from_xlsx.stderr), "");
    assert!(from_xlsx.status.success());
    assert_eq!(
        String::from_utf8(from_xlsx.stdout).unwrap(),
        String::from_utf8(from_csv.stdout.clone()).unwrap()
    );
    // Named .csv by mistake, it is still read as the workbook it is.
    let dir = tempfile::tempdir().unwrap();
    fs::copy("examples/initiatives.xlsx", dir.path().join("renamed.csv")).unwrap();
    let renamed = itsm_ai()
        .current_dir(dir.path())
        .args([
            "score",
            "renamed.csv",
            "--sheet",
            "Initiatives",
            "-o",
            "out.csv",
        ])
        .output()
        .unwrap();
    assert!(
        renamed.status.success(),
        "{}",
        String::from_utf8_lossy(&renamed.stderr)
    );
    assert_eq!(
        fs::read(dir.path().join("out.csv")).unwrap(),
        from_csv.stdout
    );
    // From stdin, recognised by its first bytes; the roadmap reads it too.
    let piped = itsm_ai()
        .args(["roadmap", "-", "--sheet", "Initiatives", "--format", "csv"])
        .pipe_stdin("examples/initiatives.xlsx")
        .unwrap()
        .output()
        .unwrap();
    let direct = itsm_ai()
        .args(["roadmap", "examples/initiatives.csv", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        piped.status.success(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    assert_eq!(piped.stdout, direct.stdout);
}

/// Runs `score book.xlsx` with `args` on `bytes`; returns stderr after checking exit 2 and an
/// empty stdout.
fn workbook_error(bytes: &[u8], args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("book.xlsx"), bytes).unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "book.xlsx"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

const HEADER: [&str; 8] = [
    "id",
    "name",
    "reach",
    "impact",
    "confidence",
    "effort",
    "AI Complexity",
    "depends_on",
];

fn header() -> Vec<Cell<'static>> {
    HEADER.iter().map(|h| Cell::Text(h)).collect()
}

/// A row under [`HEADER`]: id, name, the five factors as numbers, and `depends_on`.
fn initiative(
    id: &'static str,
    name: &'static str,
    factors: [f64; 5],
    depends_on: &'static str,
) -> Vec<Cell<'static>> {
    let mut row = vec![Cell::Text(id), Cell::Text(name)];
    row.extend(factors.map(Cell::Number));
    row.push(Cell::Text(depends_on));
    row
}

#[test]
fn problems_name_the_sheet_cell() {
    use Cell::{Date, Number as N, Text as T};
    let mut book = workbook();
    let sheet = book.add_worksheet();
    sheet.set_name("Q3 plan").unwrap();
    // Header on row 2, from column C.
    fill(
        sheet,
        1,
        2,
        &[
            header(),
            vec![
                T("A"),
                T("Triage"),
                N(3.0),
                N(2.0),
                Date(2026, 2, 4),
                N(2.0),
                N(1.0),
                T(""),
            ],
            vec![
                T("B"),
                T("Search"),
                N(3.0),
                T("lots"),
                N(3.0),
                N(2.0),
                N(1.0),
                T(""),
            ],
            initiative("A", "Again", [1.0, 1.0, 1.0, 1.0, 1.0], "Z"),
        ],
    );
    let bytes = book.save_to_buffer().unwrap();
    assert_eq!(
        workbook_error(&bytes, &[]),
        "error: book.xlsx:'Q3 plan'!G3: column \"confidence\": \"2026-02-04\" looks like a date, not a number or a range (expected 0–5 or one of: none, minimal, low, medium, high, massive) [invalid-value]\n  \
           hint: Excel turns a typed range such as 2-4 into a date: format the column as Text (Format Cells › Text) before typing ranges, then type them again\n\
         error: book.xlsx:'Q3 plan'!F4: column \"impact\": \"lots\" is not a number or a label (expected 0–5 or one of: none, minimal, low, medium, high, massive) [invalid-value]\n\
         error: book.xlsx:'Q3 plan'!C5: column \"id\": \"A\" is already used on row 3 (ids must be unique) [duplicate-id]\n\
         3 problems found; nothing was written\n"
    );
}

#[test]
fn a_missing_dependency_names_its_cell() {
    use Cell::Text as T;
    let mut book = workbook();
    let sheet = book.add_worksheet();
    fill(
        sheet,
        0,
        0,
        &[
            header(),
            initiative("A", "Triage", [3.0, 2.0, 2.0, 2.0, 1.0], "Z"),
        ],
    );
    let bytes = book.save_to_buffer().unwrap();
    assert_eq!(
        workbook_error(&bytes, &[]),
        "error: book.xlsx:Sheet1!H2: column \"depends_on\": no initiative has the id \"Z\" [unknown-dependency]\n"
    );
    let mut book = workbook();
    fill(book.add_worksheet(), 3, 0, &[vec![T("id"), T("title")]]);
    let bytes = book.save_to_buffer().unwrap();
    let message = workbook_error(&bytes, &[]);
    assert!(
        message.starts_with("error: book.xlsx:Sheet1!4:4: the header has no column \"name\""),
        "{message}"
    );
}

#[test]
fn sheets_are_chosen_by_name_and_flags_fit_the_input() {
    let bytes = example_workbook();
    assert_eq!(
        workbook_error(&bytes, &["--sheet", "Plan"]),
        "error: book.xlsx: the workbook has no sheet \"Plan\" [sheet-missing]\n  hint: its sheets: \"About\", \"Initiatives\"\n"
    );
    // The first sheet holds only a title: without --sheet, the sheet with the table is read.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("book.xlsx"), &bytes).unwrap();
    let csv = |args: &[&str]| {
        let out = itsm_ai()
            .current_dir(dir.path())
            .args(["score", "book.xlsx", "--format", "csv", "-q"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(csv(&[]), csv(&["--sheet", "Initiatives"]));
    assert_eq!(
        workbook_error(
            &bytes,
            &["--sheet", "Initiatives", "--delimiter", "semicolon"]
        ),
        "error: --delimiter applies to CSV files; book.xlsx is read as an Excel workbook\n"
    );
    assert_eq!(
        workbook_error(b"PK\x03\x04 not really a zip", &[]),
        "error: book.xlsx: the file is not a workbook that can be read (expected .xlsx, .xlsm, .xlsb, .xls or .ods) [xlsx-invalid]\n"
    );
    // On the terminal and to a CSV file (the fast path for CSV must not ignore the flag).
    let dir = tempfile::tempdir().unwrap();
    let csv = fs::canonicalize("examples/initiatives.csv").unwrap();
    for output in [None, Some("out.csv")] {
        let mut cmd = itsm_ai();
        cmd.current_dir(dir.path())
            .arg("score")
            .arg(&csv)
            .args(["--sheet", "Initiatives"]);
        if let Some(file) = output {
            cmd.args(["-o", file]);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!(
                "error: --sheet applies to Excel workbooks; {} is read as CSV\n",
                csv.display()
            )
        );
        assert!(!dir.path().join("out.csv").exists());
    }
}

#[test]
fn ranges_typed_as_text_are_ranges_and_can_be_simulated() {
    use Cell::{Number as N, Text as T};
    let mut book = workbook();
    fill(
        book.add_worksheet(),
        0,
        0,
        &[
            header(),
            vec![
                T("A"),
                T("Triage"),
                T("2-4"),
                N(2.0),
                N(2.0),
                N(2.0),
                N(1.0),
                T(""),
            ],
            initiative("B", "Search", [3.0, 2.0, 2.0, 2.0, 1.0], ""),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("book.xlsx"), book.save_to_buffer().unwrap()).unwrap();
    let score = |args: &[&str]| {
        let out = itsm_ai()
            .current_dir(dir.path())
            .args(["score", "book.xlsx", "--format", "csv"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // At its midpoint, A (reach 3) ties with B and goes first by id.
    assert_eq!(
        score(&["--columns", "rank,id,score"]),
        "rank,id,score\n1,A,6.000000\n2,B,6.000000\n"
    );
    let simulated = score(&[
        "--simulate",
        "1000",
        "--top-k",
        "1",
        "--columns",
        "id,p_top",
    ]);
    let p_top: f64 = simulated
        .lines()
        .nth(1)
        .unwrap()
        .strip_prefix("A,")
        .unwrap()
        .parse()
        .unwrap();
    assert!((0.4..0.6).contains(&p_top), "{simulated}");
}

/// Every cell of a workbook's sheet as (text, whether it is a number).
fn sheet_cells(path: &Path, sheet: &str) -> Vec<Vec<(String, bool)>> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    assert!(
        book.worksheet_formula(sheet)
            .unwrap()
            .used_cells()
            .next()
            .is_none(),
        "no cell may hold a formula"
    );
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Float(v) => (v.to_string(), true),
                    Data::Empty => (String::new(), false),
                    Data::String(s) => (s.clone(), false),
                    other => panic!("unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect()
}

#[test]
fn rankings_and_roadmaps_export_to_workbooks_cell_for_cell() {
    let dir = tempfile::tempdir().unwrap();
    let csv_text = fs::read_to_string("examples/initiatives.csv").unwrap();
    // A name a spreadsheet would run as a formula, if it were written as one.
    let csv_text = csv_text.replacen(
        "Ticket data clean-up and category taxonomy",
        "=HYPERLINK(\"http://x\")",
        1,
    );
    fs::write(dir.path().join("in.csv"), &csv_text).unwrap();
    for (command, sheet) in [("score", "Ranking"), ("roadmap", "Roadmap")] {
        let run = |output: &str| {
            let out = itsm_ai()
                .current_dir(dir.path())
                .args([command, "in.csv", "-o", output])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        run("out.xlsx");
        run("out.csv");
        let cells = sheet_cells(&dir.path().join("out.xlsx"), sheet);
        let expected = cells_of_csv(&fs::read_to_string(dir.path().join("out.csv")).unwrap());
        assert_eq!(cells.len(), expected.len());
        for (row, want) in cells.iter().zip(&expected) {
            for ((text, number), want) in row.iter().zip(want) {
                if *number {
                    // Equal at the CSV's six decimals.
                    let (got, want): (f64, f64) = (text.parse().unwrap(), want.parse().unwrap());
                    assert!((got - want).abs() <= 5e-7, "{got} against {want}");
                } else if let Some(unguarded) = want.strip_prefix("'=") {
                    // The CSV guards the formula-like text; the workbook holds it as text.
                    assert_eq!(text, &format!("={unguarded}"));
                } else {
                    assert_eq!(text, want);
                }
            }
        }
        // Numbers are typed: the rank and the score are numbers, the id is not.
        assert_eq!(
            (cells[1][0].1, cells[1][1].1),
            if command == "score" {
                (true, false)
            } else {
                (false, true)
            }
        );
        // The same bytes again, and --check agrees.
        let first = fs::read(dir.path().join("out.xlsx")).unwrap();
        run("out.xlsx");
        assert_eq!(fs::read(dir.path().join("out.xlsx")).unwrap(), first);
        itsm_ai()
            .current_dir(dir.path())
            .args([command, "in.csv", "-o", "out.xlsx", "--check"])
            .assert()
            .success();
    }
}

#[test]
fn the_board_report_exports_one_sheet_per_part() {
    let dir = tempfile::tempdir().unwrap();
    itsm_ai()
        .current_dir(dir.path())
        .args(["report", "-o", "board.xlsx", "-q"])
        .assert()
        .success();
    let path = dir.path().join("board.xlsx");
    let book: calamine::Sheets<_> = calamine::open_workbook_auto(&path).unwrap();
    use calamine::Reader;
    assert_eq!(
        book.sheet_names(),
        ["Maturity", "Ranking", "Value vs effort", "Roadmap"]
    );
    let maturity = sheet_cells(&path, "Maturity");
    assert_eq!(
        maturity[0].iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        [
            "dimension",
            "name",
            "level",
            "after_roadmap",
            "next_level",
            "recommendation"
        ]
    );
    let matrix = sheet_cells(&path, "Value vs effort");
    assert!(
        matrix[0][3]
            .0
            .starts_with("value (reach × impact × confidence × k; median "),
        "{:?}",
        matrix[0]
    );
    assert_eq!(matrix.len(), sheet_cells(&path, "Ranking").len());
    // To a pipe, the same bytes as to a file.
    let piped = itsm_ai()
        .args(["score", "-q", "--format", "xlsx"])
        .output()
        .unwrap();
    assert!(piped.status.success());
    itsm_ai()
        .current_dir(dir.path())
        .args(["score", "-q", "-o", "ranking.xlsx"])
        .assert()
        .success();
    assert_eq!(
        piped.stdout,
        fs::read(dir.path().join("ranking.xlsx")).unwrap()
    );
    // --columns picks the ranking's columns in a workbook too.
    itsm_ai()
        .current_dir(dir.path())
        .args([
            "score",
            "-q",
            "--columns",
            "rank,id,score",
            "-o",
            "brief.xlsx",
        ])
        .assert()
        .success();
    let brief = sheet_cells(&dir.path().join("brief.xlsx"), "Ranking");
    assert_eq!(
        brief[0],
        [
            ("rank".into(), false),
            ("id".into(), false),
            ("score".into(), false)
        ]
    );
    assert_eq!(
        brief[1],
        [
            ("1".into(), true),
            ("AI-12".into(), false),
            ("30".into(), true)
        ]
    );
}

#[test]
fn an_assessment_exports_its_dimensions_and_focus_areas() {
    let dir = tempfile::tempdir().unwrap();
    itsm_ai()
        .current_dir(dir.path())
        .args(["assess", "--answers"])
        .arg(fs::canonicalize("examples/answers.yaml").unwrap())
        .args(["-o", "assessment.xlsx"])
        .assert()
        .success();
    let json = itsm_ai()
        .args([
            "assess",
            "--answers",
            "examples/answers.yaml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let path = dir.path().join("assessment.xlsx");
    let rows = sheet_cells(&path, "Assessment");
    assert_eq!(rows[0][0].0, "dimension");
    assert_eq!(rows[1][0].0, "overall");
    let dimensions = report["dimensions"].as_array().unwrap();
    assert_eq!(rows.len(), 2 + dimensions.len());
    for (row, d) in rows[2..].iter().zip(dimensions) {
        assert_eq!(row[0].0, d["id"].as_str().unwrap());
        let score: f64 = row[2].0.parse().unwrap();
        assert_eq!(Some(score), d["score"].as_f64());
        assert_eq!(row[3], (d["level"].to_string(), true));
    }
    let focus = sheet_cells(&path, "Focus");
    assert_eq!(focus.len(), 1 + report["focus"].as_array().unwrap().len());
    assert_eq!(
        focus[1][0].0,
        report["focus"][0]["dimension"].as_str().unwrap()
    );
    // Every answer, with what to find out: a don't know is text, a level a number.
    let answers = sheet_cells(&path, "Answers");
    assert_eq!(
        answers[0].iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        ["question", "answer", "note", "evidence", "to_do"]
    );
    assert_eq!(
        answers.len(),
        1 + report["answers"].as_array().unwrap().len()
    );
    for id in report["dont_know"].as_array().unwrap() {
        let row = answers
            .iter()
            .find(|r| r[0].0 == id.as_str().unwrap())
            .unwrap();
        assert_eq!(row[1], ("don't know".to_string(), false));
        assert_eq!(row[4].0, "find out");
    }
    let first = &report["answers"][0]["answer"];
    if let Some(level) = first.as_f64() {
        assert_eq!(answers[1][1], (level.to_string(), true));
    }
}

#[test]
fn the_table_spans_its_header_and_a_cell_beside_it_is_reported() {
    use Cell::Text as T;
    let build = |note: bool| {
        let mut book = workbook();
        let sheet = book.add_worksheet();
        // A title in A1 and a remark in K1 widen the sheet's used range on both sides.
        fill(sheet, 0, 0, &[vec![T("Portfolio")]]);
        fill(sheet, 0, 10, &[vec![T("draft")]]);
        fill(
            sheet,
            2,
            1,
            &[
                header(),
                initiative("A", "Triage", [3.0, 2.0, 2.0, 2.0, 1.0], ""),
                initiative("B", "Search", [2.0, 2.0, 2.0, 2.0, 1.0], ""),
            ],
        );
        if note {
            fill(sheet, 4, 10, &[vec![T("check this")]]);
        }
        book.save_to_buffer().unwrap()
    };
    assert_eq!(
        workbook_error(&build(true), &[]),
        "error: book.xlsx:Sheet1!5:5: the row has 9 cells but the header has 8 [row-width]\n  \
         hint: a row's cells must lie under the header's: clear or move the cells to the right of the table\n"
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("book.xlsx"), build(false)).unwrap();
    let out = itsm_ai()
        .current_dir(dir.path())
        .args(["score", "book.xlsx", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",tie_break"), "no extra columns: {header}");
    assert_eq!(csv.lines().count(), 3);
}
