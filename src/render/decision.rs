//! The decision page's sentences, shared by the HTML and Markdown reports: what is asked now,
//! what the whole plan costs and buys, and what could stop it.

use super::plain::{money, words};
use crate::model::board::{Ask, BoardReport};
use crate::text::short_number;

/// The decision page in words.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionText {
    /// `Approve Now: 8 initiatives, 11.5 person-months, EUR 410,000.`
    pub ask: String,
    /// The whole plan's figures.
    pub plan: String,
    /// The maturity the plan reaches, when assessed.
    pub maturity: Option<String>,
    /// What could stop it: readiness by dimension, capacity, and the what-ifs.
    pub risks: Vec<String>,
    /// What would place the initiatives left out.
    pub what_ifs: Vec<String>,
    /// Set when no capacity was given.
    pub capacity_note: Option<String>,
}

/// How many ids a sentence names before it says how many more.
const IDS_IN_A_SENTENCE: usize = 8;

/// `AI-04, AI-14 and 3 more`: ids for a sentence, at most [`IDS_IN_A_SENTENCE`].
pub fn id_list(ids: &[String]) -> String {
    if ids.len() <= IDS_IN_A_SENTENCE {
        return ids.join(", ");
    }
    format!(
        "{} and {} more",
        ids[..IDS_IN_A_SENTENCE].join(", "),
        ids.len() - IDS_IN_A_SENTENCE
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `8 initiatives, 11.5 person-months, cost EUR 410,000 (no cost given for AI-03)`.
pub fn ask_figures(ask: &Ask, currency: Option<&str>) -> String {
    let mut text = plural(ask.initiatives.len(), "initiative", "initiatives");
    if !ask.initiatives.is_empty() && ask.effort_unknown.len() == ask.initiatives.len() {
        text.push_str(", person-months not given");
    } else {
        text.push_str(&format!(
            ", {} person-months",
            short_number(ask.effort_pm, 2)
        ));
    }
    match ask.cost {
        Some(c) => text.push_str(&format!(", cost {}", money(c, currency))),
        None if !ask.initiatives.is_empty() => text.push_str(", cost not given"),
        None => {}
    }
    if ask.cost.is_some() && !ask.cost_unknown.is_empty() {
        text.push_str(&format!(
            " (no cost given for {})",
            id_list(&ask.cost_unknown)
        ));
    }
    text
}

/// The decision page of a board report.
pub fn decision_text(b: &BoardReport) -> DecisionText {
    let d = &b.decision;
    let currency = b.roadmap.currency.as_deref();
    let labels = &b.roadmap.labels;
    let ask = if d.approve_now.initiatives.is_empty() {
        format!(
            "Nothing is ready to start in {}: no initiative is placed in the first phase.",
            d.approve_now.label
        )
    } else {
        format!(
            "Approve the first phase ({}): {}.",
            d.approve_now.label,
            ask_figures(&d.approve_now, currency)
        )
    };
    let plan = format!(
        "The whole plan, {}: {}.",
        plural(b.roadmap.phases.len(), "phase", "phases"),
        ask_figures(&d.whole_plan, currency)
    );
    let maturity = match (d.overall_now, d.overall_after) {
        (Some(now), Some(after)) if after > now => Some(format!(
            "Overall maturity rises from level {now} to level {after} by the end of the plan."
        )),
        (Some(now), Some(_)) => {
            // What does rise, phase by phase: a board should see the progress the plan buys
            // even when the overall level waits for more.
            let rises: Vec<String> = b
                .roadmap
                .phases
                .iter()
                .filter(|p| !p.raises.is_empty())
                .map(|p| format!("{} ({})", words(&p.raises.join(", "), labels), p.name))
                .collect();
            Some(if rises.is_empty() {
                format!(
                    "Overall maturity stays at level {now}: the plan raises no dimension to a new level."
                )
            } else {
                format!(
                    "Overall maturity stays at level {now}, but dimensions rise: {}. That is not yet enough for the next overall level.",
                    rises.join("; ")
                )
            })
        }
        _ => None,
    };
    let mut risks = Vec::new();
    for r in &d.readiness_risks {
        let mut parts = Vec::new();
        if !r.waiting.is_empty() {
            parts.push(format!(
                "{} in the plan {} for it to rise in an earlier phase ({})",
                plural(r.waiting.len(), "initiative", "initiatives"),
                if r.waiting.len() == 1 {
                    "waits"
                } else {
                    "wait"
                },
                id_list(&r.waiting)
            ));
        }
        if !r.left_out.is_empty() {
            parts.push(format!(
                "{} left out because no phase reaches the level {} need ({})",
                plural(r.left_out.len(), "initiative is", "initiatives are"),
                if r.left_out.len() == 1 { "it" } else { "they" },
                id_list(&r.left_out)
            ));
        }
        risks.push(format!(
            "{}: {}.",
            words(&r.dimension, labels),
            parts.join("; ")
        ));
    }
    if let Some(s) = &d.capacity_shortfall {
        let cost = s
            .cost
            .map(|c| format!(", cost {}", money(c, currency)))
            .unwrap_or_default();
        risks.push(format!(
            "Capacity: {} ({} person-months{cost}) do not fit in the phases: {}.",
            plural(s.initiatives.len(), "initiative", "initiatives"),
            short_number(s.effort_pm, 2),
            id_list(&s.initiatives)
        ));
    }
    let what_ifs = d
        .what_ifs
        .iter()
        .map(|w| format!("{}: {}.", w.id, words(&w.detail, labels)))
        .collect();
    let capacity_note = d.unlimited_capacity.then(|| {
        "No capacity was given, so the plan assumes unlimited people: everything ready is placed in the first phase. Give the person-months available per phase for a plan that can be staffed.".to_string()
    });
    DecisionText {
        ask,
        plan,
        maturity,
        risks,
        what_ifs,
        capacity_note,
    }
}

#[cfg(test)]
mod tests {
    use super::id_list;

    #[test]
    fn a_sentence_names_at_most_eight_ids() {
        let ids: Vec<String> = (1..=10).map(|n| format!("I-{n}")).collect();
        assert_eq!(id_list(&ids[..2]), "I-1, I-2");
        assert_eq!(
            id_list(&ids),
            "I-1, I-2, I-3, I-4, I-5, I-6, I-7, I-8 and 2 more"
        );
    }
}
