//! The floor `itsm-ai score` is measured against (scripts/bench.py): a minimal single-threaded
//! program that reads the same initiatives CSV, does the same checks (duplicate ids, unknown
//! dependencies), scores with A-RICE (ranges at their midpoint, k from the risk label), sorts
//! by the same rule (score descending, lower effort, higher confidence, id) and writes the same
//! columns as the baseline: rank,id,score with six decimals. Nothing else: no labels, no
//! diagnostics beyond a one-line error, no framework.
//!
//! With `--full` it writes instead every column of `itsm-ai score IN.csv -o OUT.csv` (the
//! default CSV of the built-in framework, no assessment), byte for byte for the files of
//! gen_initiatives.py: the ranking, index and tier, readiness `unknown`, the factor cells (a
//! range as `low-high`), person-months from the effort map, the plan fields, and the sentence
//! explaining a tie with the row above. The straightforward way: the whole file read, the
//! records parsed by the csv crate into one struct per row (texts in one buffer), sorted with
//! a comparison, and every row formatted with the standard library's formatting.
//!
//! Usage: itsm-ai-floor IN.csv OUT.csv
//!        itsm-ai-floor --full IN.csv OUT.csv

use std::collections::HashSet;
use std::io::Write;

fn value(cell: &[u8]) -> f64 {
    let text = std::str::from_utf8(cell).expect("UTF-8");
    match text.split_once('-') {
        Some((a, b)) => (a.parse::<f64>().unwrap() + b.parse::<f64>().unwrap()) / 2.0,
        None => text.parse().expect("a number"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.len() {
        3 => brief(&args),
        4 if args[1] == "--full" => full::run(&args[2], &args[3]),
        _ => {
            eprintln!("usage: itsm-ai-floor [--full] IN.csv OUT.csv");
            std::process::exit(2);
        }
    }
}

/// rank,id,score (`args`: the program, IN.csv, OUT.csv).
fn brief(args: &[String]) {
    let bytes = std::fs::read(&args[1]).expect("readable input");
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[..]);
    let header = reader.byte_headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name.as_bytes()).unwrap();
    let (id, reach, impact, confidence, effort, complexity, risk, deps) = (
        col("id"),
        col("reach"),
        col("impact"),
        col("confidence"),
        col("effort"),
        col("ai_complexity"),
        col("risk"),
        col("depends_on"),
    );
    let mut ids: Vec<Box<str>> = Vec::new();
    let mut rows: Vec<(f64, f64, f64)> = Vec::new(); // score, effort, confidence
    let mut dependencies: Vec<Box<str>> = Vec::new();
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).unwrap() {
        let k = match &record[risk] {
            b"buy" => 1.0,
            b"configure" => 0.9,
            b"build" => 0.8,
            b"experimental" => 0.6,
            other => panic!("unknown risk {other:?}"),
        };
        let (r, i, c, e, a) = (
            value(&record[reach]),
            value(&record[impact]),
            value(&record[confidence]),
            value(&record[effort]),
            value(&record[complexity]),
        );
        rows.push((round12(r * i * c / (e * a) * k), e, c));
        ids.push(std::str::from_utf8(&record[id]).unwrap().into());
        if !record[deps].is_empty() {
            dependencies.push(std::str::from_utf8(&record[deps]).unwrap().into());
        }
    }
    let known: HashSet<&str> = ids.iter().map(|s| &**s).collect();
    assert_eq!(known.len(), ids.len(), "duplicate ids");
    for d in &dependencies {
        for dep in d.split([';', ',']) {
            assert!(known.contains(dep.trim()), "unknown dependency {dep}");
        }
    }
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (x, y) = (rows[a as usize], rows[b as usize]);
        y.0.total_cmp(&x.0)
            .then(x.1.total_cmp(&y.1))
            .then(y.2.total_cmp(&x.2))
            .then(ids[a as usize].cmp(&ids[b as usize]))
    });
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&args[2]).unwrap());
    writeln!(out, "rank,id,score").unwrap();
    for (rank, &row) in order.iter().enumerate() {
        writeln!(out, "{},{},{:.6}", rank + 1, ids[row as usize], rows[row as usize].0).unwrap();
    }
    out.flush().unwrap();
}

mod full;

/// The score at 12 significant digits, the contract's rule, the plain way: printed with
/// `{:.11e}` and parsed back (−0 becomes 0).
pub fn round12(v: f64) -> f64 {
    if !v.is_finite() {
        return v;
    }
    let r: f64 = format!("{v:.11e}").parse().unwrap();
    if r == 0.0 { 0.0 } else { r }
}
