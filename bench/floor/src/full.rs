//! `--full`: every column of `itsm-ai score IN.csv -o OUT.csv`, the straightforward way.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write;

/// The input columns of the five numeric factors, in the framework's order; the sixth, k,
/// comes from `risk`.
const FACTORS: [&str; 5] = ["reach", "impact", "confidence", "effort", "ai_complexity"];
const EFFORT: usize = 3;
const CONFIDENCE: usize = 2;
/// The framework's maximum score (index = score / maximum × 100).
const MAXIMUM: f64 = 125.0;
/// Person-months by effort, interpolated linearly.
const PERSON_MONTHS: [(f64, f64); 5] =
    [(1.0, 0.5), (2.0, 1.5), (3.0, 3.0), (4.0, 6.0), (5.0, 12.0)];
const HEADER: &str = "rank,id,name,score,index,tier,readiness,gaps,reach,impact,confidence,\
effort,ai_complexity,k,effort_pm,depends_on,requires,raises,cost,owner,metric,description,\
tie_break\n";

/// The texts of a row kept for output, in this order: id, name, depends_on (the ids joined by
/// `;`), requires, owner.
const ID: usize = 0;
const NAME: usize = 1;
const DEPENDS_ON: usize = 2;
const REQUIRES: usize = 3;
const OWNER: usize = 4;

struct Row {
    score: f64,
    /// Each factor's range, `low` = `high` for a single value.
    low: [f64; 5],
    high: [f64; 5],
    ranged: [bool; 5],
    k: f64,
    /// `texts[text[j].0..text[j].1]` is text `j`.
    text: [(u32, u32); 5],
}

/// What the rows are sorted by: score descending, lower effort, higher confidence, the id
/// (`id`: its place in the texts).
struct Key {
    score: f64,
    effort: f64,
    confidence: f64,
    id: (u32, u32),
    row: u32,
}

impl Row {
    /// Each factor's value: the number, or a range's midpoint.
    fn value(&self) -> [f64; 5] {
        std::array::from_fn(|j| {
            if self.ranged[j] {
                (self.low[j] + self.high[j]) / 2.0
            } else {
                self.low[j]
            }
        })
    }
}

fn cell(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes.trim_ascii()).expect("UTF-8")
}

fn run_inner(input: &str, output: &str) -> std::io::Result<()> {
    let bytes = std::fs::read(input)?;
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[..]);
    let header = reader.byte_headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name.as_bytes()).unwrap();
    let known = [
        "id",
        "name",
        "reach",
        "impact",
        "confidence",
        "effort",
        "ai_complexity",
        "risk",
        "depends_on",
        "requires",
        "owner",
    ];
    for h in &header {
        assert!(
            known.iter().any(|k| k.as_bytes() == h),
            "the floor does not know column {h:?}"
        );
    }
    let factor_cols = FACTORS.map(col);
    let text_cols = [
        col("id"),
        col("name"),
        col("depends_on"),
        col("requires"),
        col("owner"),
    ];
    let risk = col("risk");

    // Room for every row and text up front (a line per row; the texts are shorter than the
    // file), instead of growing by doubling and copying.
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    let mut rows: Vec<Row> = Vec::with_capacity(lines);
    let mut texts = String::with_capacity(bytes.len());
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).unwrap() {
        let mut row = Row {
            score: 0.0,
            low: [0.0; 5],
            high: [0.0; 5],
            ranged: [false; 5],
            k: 0.0,
            text: [(0, 0); 5],
        };
        for (j, &c) in factor_cols.iter().enumerate() {
            let text = cell(&record[c]);
            match text.split_once('-') {
                Some((a, b)) => {
                    let (a, b): (f64, f64) = (a.parse().unwrap(), b.parse().unwrap());
                    row.low[j] = a;
                    row.high[j] = b;
                    row.ranged[j] = true;
                }
                None => {
                    row.low[j] = text.parse().expect("a number");
                    row.high[j] = row.low[j];
                }
            }
        }
        row.k = match cell(&record[risk]).to_ascii_lowercase().as_str() {
            "buy" | "" => 1.0,
            "configure" => 0.9,
            "build" => 0.8,
            "experimental" => 0.6,
            other => other.parse().expect("a risk label or number"),
        };
        let [r, i, c, e, a] = row.value();
        row.score = crate::round12(r * i * c / (e * a) * row.k);
        for (j, &c) in text_cols.iter().enumerate() {
            let start = texts.len() as u32;
            let text = cell(&record[c]);
            if j == DEPENDS_ON {
                let ids = text
                    .split([';', ','])
                    .map(str::trim)
                    .filter(|s| !s.is_empty());
                for (n, id) in ids.enumerate() {
                    if n > 0 {
                        texts.push(';');
                    }
                    texts.push_str(id);
                }
            } else {
                texts.push_str(text);
            }
            row.text[j] = (start, texts.len() as u32);
        }
        rows.push(row);
    }
    drop(bytes);
    let text = |row: &Row, j: usize| &texts[row.text[j].0 as usize..row.text[j].1 as usize];

    let ids: HashSet<&str> = rows.iter().map(|r| text(r, ID)).collect();
    assert_eq!(ids.len(), rows.len(), "duplicate ids");
    for row in &rows {
        let deps = text(row, DEPENDS_ON);
        if !deps.is_empty() {
            for dep in deps.split(';') {
                assert!(ids.contains(dep), "unknown dependency {dep}");
            }
        }
    }

    // The sort keys side by side (not the rows, which are large).
    let mut order: Vec<Key> = rows
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let value = r.value();
            Key {
                score: r.score,
                effort: value[EFFORT],
                confidence: value[CONFIDENCE],
                id: r.text[ID],
                row: n as u32,
            }
        })
        .collect();
    let id = |span: (u32, u32)| &texts.as_bytes()[span.0 as usize..span.1 as usize];
    order.sort_unstable_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.effort.total_cmp(&y.effort))
            .then(y.confidence.total_cmp(&x.confidence))
            .then_with(|| id(x.id).cmp(id(y.id)))
    });

    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(output)?);
    out.write_all(HEADER.as_bytes())?;
    let mut line = String::with_capacity(256);
    let mut above: Option<&Row> = None;
    for (n, key) in order.iter().enumerate() {
        let row = &rows[key.row as usize];
        let value = row.value();
        line.clear();
        let tier = match row.score {
            s if s >= 20.0 => "Do now",
            s if s >= 8.0 => "Next",
            s if s >= 3.0 => "Later",
            _ => "Reconsider",
        };
        write!(line, "{},", n + 1).unwrap();
        push_text(&mut line, text(row, ID));
        line.push(',');
        push_text(&mut line, text(row, NAME));
        write!(
            line,
            ",{:.6},{:.2},{tier},unknown,",
            row.score,
            crate::round12(row.score / MAXIMUM * 100.0)
        )
        .unwrap();
        for (j, &v) in value.iter().enumerate() {
            line.push(',');
            if row.ranged[j] {
                push_short(&mut line, row.low[j], 2);
                line.push('-');
                push_short(&mut line, row.high[j], 2);
            } else {
                push_short(&mut line, v, 2);
            }
        }
        line.push(',');
        push_short(&mut line, row.k, 2);
        line.push(',');
        push_short(&mut line, person_months(value[EFFORT]), 6);
        for j in [DEPENDS_ON, REQUIRES] {
            line.push(',');
            push_text(&mut line, text(row, j));
        }
        line.push_str(",,,"); // raises, cost
        push_text(&mut line, text(row, OWNER));
        line.push_str(",,,"); // metric, description
        if let Some(a) = above.filter(|a| a.score.total_cmp(&row.score) == Ordering::Equal) {
            let above = a.value();
            let (ea, eb) = (above[EFFORT], value[EFFORT]);
            let (ca, cb) = (above[CONFIDENCE], value[CONFIDENCE]);
            if ea.total_cmp(&eb) != Ordering::Equal {
                write!(line, "lower effort ({ea} < {eb})").unwrap();
            } else if ca.total_cmp(&cb) != Ordering::Equal {
                write!(line, "higher confidence ({ca} > {cb})").unwrap();
            } else {
                line.push_str("same tie-break values; id order");
            }
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
        above = Some(row);
    }
    out.flush()
}

/// Reads, checks, scores, ranks and writes every column.
pub fn run(input: &str, output: &str) {
    run_inner(input, output).expect("I/O");
}

fn person_months(x: f64) -> f64 {
    let p = PERSON_MONTHS;
    if x <= p[0].0 {
        return p[0].1;
    }
    for w in p.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if x <= x1 {
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        }
    }
    p[p.len() - 1].1
}

/// `v` with at most `decimals` decimals, trailing zeros dropped (`0.9`, `3`, `2.25`).
fn push_short(line: &mut String, v: f64, decimals: usize) {
    // A whole number is its digits (the standard library's exact formatting of `3.00` takes a
    // slow path, and most cells are whole).
    if v.fract() == 0.0 && v.abs() < 1e15 {
        write!(line, "{}", v as i64).unwrap();
        return;
    }
    let start = line.len();
    write!(line, "{v:.decimals$}").unwrap();
    if line[start..].contains('.') {
        let kept = line.trim_end_matches('0').trim_end_matches('.').len();
        line.truncate(kept);
    }
}

/// A text cell as itsm-ai writes it: a text a spreadsheet would run as a formula gets a `'`
/// in front; in quotes, quotes doubled, when it holds a comma, a quote or a line break.
fn push_text(line: &mut String, text: &str) {
    let guard = matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    let quote = text.contains([',', '"', '\r', '\n']);
    if quote {
        line.push('"');
    }
    if guard {
        line.push('\'');
    }
    if quote {
        line.push_str(&text.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(text);
    }
}
