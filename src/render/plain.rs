//! Plain words for documents people read (HTML, Markdown, the terminal table): money with its
//! currency, reasons and readiness gaps with dimension names instead of codes and ids. Machine
//! formats (JSON, CSV) keep the codes.

use super::thousands;
use crate::model::roadmap::UnscheduledReason;
use indexmap::IndexMap;

/// An amount with its currency code before it, grouped the same on every machine (never by
/// locale): `EUR 1,075,000`, or `1,075,000` without a currency.
pub fn money(amount: f64, currency: Option<&str>) -> String {
    match currency {
        Some(code) => format!("{code} {}", thousands(amount)),
        None => thousands(amount),
    }
}

/// Why an initiative is not on the roadmap, in words; `low_score` says what would schedule it
/// without naming a flag.
pub fn reason(reason: UnscheduledReason) -> &'static str {
    match reason {
        UnscheduledReason::LowScore => "low score: scheduled when all initiatives are included",
        UnscheduledReason::Dependency => "waits for another initiative",
        UnscheduledReason::Readiness => "not ready: the maturity it needs is not reached",
        UnscheduledReason::Capacity => "no room: the phases are full",
    }
}

/// The short form of [`reason`] for a table cell: `low score`, `waits`, `not ready`, `no room`.
pub fn reason_short(reason: UnscheduledReason) -> &'static str {
    match reason {
        UnscheduledReason::LowScore => "low score",
        UnscheduledReason::Dependency => "waits",
        UnscheduledReason::Readiness => "not ready",
        UnscheduledReason::Capacity => "no room",
    }
}

/// Why an initiative is off the roadmap, for a document: the roadmap's sentence in plain words,
/// and for a low score what would schedule it (without naming the flag).
pub fn why(u: &crate::model::roadmap::UnscheduledOut, labels: &IndexMap<String, String>) -> String {
    let text = words(&u.detail, labels);
    match u.reason {
        UnscheduledReason::LowScore => {
            format!("{text}; scheduled when all initiatives are included")
        }
        _ => text,
    }
}

/// The dimensions an initiative's readiness gaps are in, by name and once each, for a table
/// cell: `Governance & trust, Data & integrations`.
pub fn gap_dimensions(gaps: &[String], labels: &IndexMap<String, String>) -> String {
    let mut names: Vec<&str> = Vec::new();
    for gap in gaps {
        let dim = crate::domain::portfolio::gap_dimension(gap);
        let name = labels.get(dim).map_or(dim, String::as_str);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join(", ")
}

/// Replaces the maturity model's ids in a sentence with their names: a gap `data 2 < 3`
/// becomes `Data & integrations at 2, needs 3`, and a question id its dimension and wording.
/// Words that are not ids are left alone; a dimension id counts only in a gap.
pub fn words(text: &str, labels: &IndexMap<String, String>) -> String {
    if labels.is_empty() {
        return text.to_string();
    }
    let tokens: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        let id = token.trim_start_matches('(');
        let lead = &token[..token.len() - id.len()];
        let bare = id.trim_end_matches([',', ';', ':', ')']);
        let tail = &id[bare.len()..];
        if let Some(label) = labels.get(bare) {
            // `ID BEFORE → AFTER`
            if let [before, "→", _, ..] = tokens[i + 1..]
                && before.parse::<f64>().is_ok()
            {
                out.push(format!("{lead}{label}"));
                i += 1;
                continue;
            }
            // `ID HAVE < NEED`
            if let [have, "<", need, ..] = tokens[i + 1..]
                && have.parse::<f64>().is_ok()
            {
                let n = need.trim_end_matches([',', ';', ':', ')']);
                let after = &need[n.len()..];
                out.push(format!("{lead}{label} at {have}, needs {n}{after}"));
                i += 4;
                continue;
            }
            if bare.contains('.') || tail.is_empty() && tokens.get(i + 1) == Some(&"not") {
                out.push(format!("{lead}{label}{tail}"));
                i += 1;
                continue;
            }
        }
        out.push(token.to_string());
        i += 1;
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> IndexMap<String, String> {
        [
            ("data", "Data & integrations"),
            ("governance", "Governance & trust"),
            (
                "governance.registry",
                "Governance & trust: “Is there a register?”",
            ),
            ("level", "Overall maturity"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
    }

    #[test]
    fn money_has_its_code_and_the_same_grouping_everywhere() {
        assert_eq!(money(1_075_000.0, Some("EUR")), "EUR 1,075,000");
        assert_eq!(money(12_500.5, None), "12,500.5");
    }

    #[test]
    fn gaps_and_question_ids_become_names() {
        let l = labels();
        assert_eq!(
            words(
                "not ready in any phase: data 2 < 3, governance.registry 1 < 3",
                &l
            ),
            "not ready in any phase: Data & integrations at 2, needs 3, Governance & trust: “Is there a register?” at 1, needs 3"
        );
        assert_eq!(words("level 2 < 3", &l), "Overall maturity at 2, needs 3");
        assert_eq!(
            words("data 2 → 3, governance.registry 1 → 3", &l),
            "Data & integrations 2 → 3, Governance & trust: “Is there a register?” 1 → 3"
        );
        assert_eq!(
            words(
                "an assessment with governance.registry at 3 (the raises)",
                &l
            ),
            "an assessment with Governance & trust: “Is there a register?” at 3 (the raises)"
        );
        assert_eq!(
            words("data not assessed (needs 3)", &l),
            "Data & integrations not assessed (needs 3)"
        );
        // A dimension id as an ordinary word stays a word.
        assert_eq!(words("the data is late", &l), "the data is late");
        assert_eq!(words("data 2 < 3", &IndexMap::new()), "data 2 < 3");
    }

    #[test]
    fn a_table_cell_names_each_dimension_of_the_gaps_once() {
        let gaps = [
            "governance.registry 1 < 3".to_string(),
            "data 2 < 3".into(),
            "governance 1 < 2".into(),
        ];
        assert_eq!(
            gap_dimensions(&gaps, &labels()),
            "Governance & trust, Data & integrations"
        );
    }

    #[test]
    fn every_reason_has_words_without_a_flag_or_a_code() {
        for r in [
            UnscheduledReason::LowScore,
            UnscheduledReason::Dependency,
            UnscheduledReason::Readiness,
            UnscheduledReason::Capacity,
        ] {
            for text in [reason(r), reason_short(r)] {
                assert!(!text.contains("--") && !text.contains('_'), "{text}");
            }
        }
    }
}
