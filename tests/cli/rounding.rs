//! Scores are compared at 12 significant digits (PRODUCT §2) on every path: the general path,
//! the lean (fast) path, `--top` and `--simulate` rank mathematically equal scores computed in a
//! different order as equal, and the tie-breaks decide.

use super::itsm_ai;
use std::path::Path;

/// R4 I5 C5 E3 A1 `configure` scores 30.000000000000004 as computed, R2 I3 C5 E1 A1 `buy` 30.
const ARICE: &str = "id,name,reach,impact,confidence,effort,ai_complexity,risk\n\
                     C,Configure it,4,5,5,3,1,configure\n\
                     B,Buy it,2,3,5,1,1,buy\n";

/// RICE: R2 I3 C80% E1.5 scores 3.2000000000000006 as computed, R2 I2 C80% E1 3.2.
const RICE: &str = "id,name,reach,impact,confidence,effort\n\
                    A,High impact,2,3,80%,1.5\n\
                    B,Cheaper,2,2,80%,1\n";

/// Runs `score` with `ITSM_AI_LEAN` set to `lean` (`on`: the lean path or an error; `off`: the
/// general path) and returns stdout; the run must succeed.
fn score(dir: &Path, lean: &str, args: &[&str]) -> String {
    let out = itsm_ai()
        .current_dir(dir)
        .arg("score")
        .args(args)
        .env("ITSM_AI_LEAN", lean)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?} ({lean}): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&score(dir, "off", args)).unwrap()
}

fn folder(name: &str, csv: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), csv).unwrap();
    dir
}

#[test]
fn equal_at_12_digits_ties_go_to_lower_effort_on_every_path() {
    let dir = folder("ties.csv", ARICE);
    let d = dir.path();
    let brief = [
        "ties.csv",
        "--format",
        "csv",
        "--columns",
        "rank,id,score,tie_break",
    ];
    let both = "rank,id,score,tie_break\n\
                1,B,30.000000,\n\
                2,C,30.000000,lower effort (1 < 3)\n";
    for lean in ["on", "off"] {
        assert_eq!(score(d, lean, &brief), both, "{lean}");
        // --top: the lean path's stream reader, or the general path cut short.
        let top1 = [&brief[..], &["--top", "1"]].concat();
        assert_eq!(
            score(d, lean, &top1),
            "rank,id,score,tie_break\n1,B,30.000000,\n",
            "{lean}"
        );
        let top2 = [&brief[..], &["--top", "2"]].concat();
        assert_eq!(score(d, lean, &top2), both, "{lean}");
        // Every column: the lean path parses the records again to write them.
        let all = score(d, lean, &["ties.csv", "--format", "csv"]);
        let lines: Vec<&str> = all.lines().collect();
        assert!(
            lines[1].starts_with("1,B,Buy it,30.000000,24.00,Do now,"),
            "{all}"
        );
        assert!(
            lines[2].starts_with("2,C,Configure it,30.000000,24.00,Do now,"),
            "{all}"
        );
        assert!(lines[2].ends_with(",lower effort (1 < 3)"), "{all}");
    }
    // The table's tie line.
    let table = score(d, "off", &["ties.csv"]);
    assert!(
        table.contains("tie: C below B: same score 30.00; lower effort (1 < 3)"),
        "{table}"
    );
    // JSON carries the rounded score; index and tier come from it.
    let report = json(d, &["ties.csv", "--format", "json"]);
    let rows = report["initiatives"].as_array().unwrap();
    assert_eq!(rows[0]["id"], "B");
    assert_eq!(rows[1]["id"], "C");
    for row in rows {
        assert_eq!(row["score"].as_f64(), Some(30.0), "{row}");
        assert_eq!(row["index"].as_f64(), Some(24.0), "{row}");
        assert_eq!(row["tier"], "Do now");
    }
    assert!(rows[0]["tie_break"].is_null());
    assert_eq!(rows[1]["tie_break"]["above"], "B");
    assert_eq!(rows[1]["tie_break"]["decided_by"], "effort");
    assert_eq!(rows[1]["tie_break"]["reason"], "lower effort (1 < 3)");
}

#[test]
fn the_simulation_ranks_equal_at_12_digits_the_same_way() {
    let dir = folder("ties.csv", ARICE);
    let d = dir.path();
    // No ranges: every sample is the point ranking, with the tie decided by effort.
    let report = json(
        d,
        &[
            "ties.csv",
            "--format",
            "json",
            "--simulate",
            "200",
            "--top-k",
            "1",
        ],
    );
    let rows = report["initiatives"].as_array().unwrap();
    for (row, (id, rank, p_top)) in rows.iter().zip([("B", 1.0, 1.0), ("C", 2.0, 0.0)]) {
        assert_eq!(row["id"], id);
        assert_eq!(row["score"].as_f64(), Some(30.0));
        let s = &row["simulation"];
        for p in ["rank_p10", "rank_p50", "rank_p90"] {
            assert_eq!(s[p].as_f64(), Some(rank), "{id} {p}");
        }
        assert_eq!(s["p_top"].as_f64(), Some(p_top), "{id}");
    }
    assert_eq!(rows[1]["tie_break"]["reason"], "lower effort (1 < 3)");
    let csv = score(
        d,
        "off",
        &[
            "ties.csv",
            "--format",
            "csv",
            "--simulate",
            "50",
            "--columns",
            "rank,id,score,tie_break,rank_p50",
        ],
    );
    assert_eq!(
        csv,
        "rank,id,score,tie_break,rank_p50\n\
         1,B,30.000000,,1\n\
         2,C,30.000000,lower effort (1 < 3),2\n"
    );
}

#[test]
fn tiers_come_from_the_rounded_score_on_both_paths() {
    // 1·3·5 ÷ (1·3.5) × 0.7 is 2.9999999999999996 as computed: 3, tier Later (≥ 3), index 2.4.
    let dir = folder(
        "edge.csv",
        "id,name,reach,impact,confidence,effort,ai_complexity,risk
E,Edge,1,3,5,1,3.5,0.7
",
    );
    let args = [
        "edge.csv",
        "--format",
        "csv",
        "--columns",
        "rank,id,score,index,tier",
    ];
    for lean in ["on", "off"] {
        assert_eq!(
            score(dir.path(), lean, &args),
            "rank,id,score,index,tier
1,E,3.000000,2.40,Later
",
            "{lean}"
        );
    }
    let report = json(dir.path(), &["edge.csv", "--format", "json"]);
    let row = &report["initiatives"][0];
    assert_eq!(row["score"].as_f64(), Some(3.0));
    assert_eq!(row["index"].as_f64(), Some(2.4));
    assert_eq!(row["tier"], "Later");
}

#[test]
fn rice_scores_equal_at_12_digits_tie() {
    let dir = folder("rice.csv", RICE);
    let d = dir.path();
    let brief = [
        "rice.csv",
        "--framework",
        "rice",
        "--format",
        "csv",
        "--columns",
        "rank,id,score,tie_break",
    ];
    // As computed, A (3.2000000000000006) would rank first; at 12 digits B's lower effort does.
    let both = "rank,id,score,tie_break\n\
                1,B,3.200000,\n\
                2,A,3.200000,lower effort (1 < 1.5)\n";
    for lean in ["on", "off"] {
        assert_eq!(score(d, lean, &brief), both, "{lean}");
        let top1 = [&brief[..], &["--top", "1"]].concat();
        assert_eq!(
            score(d, lean, &top1),
            "rank,id,score,tie_break\n1,B,3.200000,\n"
        );
    }
    let report = json(d, &["rice.csv", "--framework", "rice", "--format", "json"]);
    let rows = report["initiatives"].as_array().unwrap();
    assert_eq!((&rows[0]["id"], &rows[1]["id"]), (&"B".into(), &"A".into()));
    assert_eq!(rows[1]["score"].as_f64(), Some(3.2));
    assert!(rows[1]["index"].is_null());
    let simulated = json(
        d,
        &[
            "rice.csv",
            "--framework",
            "rice",
            "--format",
            "json",
            "--simulate",
            "20",
        ],
    );
    assert_eq!(
        simulated["initiatives"][1]["simulation"]["rank_p50"].as_f64(),
        Some(2.0)
    );
}
