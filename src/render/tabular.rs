//! Results as rows of cells, for the formats that are tables: CSV writes each cell's text,
//! a workbook writes numbers as numbers.

use crate::model::AssessmentReport;
use crate::model::board::BoardReport;
use crate::model::roadmap::RoadmapReport;
use crate::text::short_number;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number, and the text CSV writes for it.
    Number(f64, String),
    /// A text, as it is (CSV guards it against formula injection).
    Text(String),
}

impl Value {
    /// A number with up to six decimals, or an empty text without one.
    pub fn optional(v: Option<f64>) -> Value {
        match v {
            Some(x) => Value::Number(x, short_number(x, 6)),
            None => Value::Text(String::new()),
        }
    }

    /// A whole number.
    pub fn count(n: usize) -> Value {
        Value::Number(n as f64, n.to_string())
    }

    /// A level, or an empty text without one.
    pub fn level(level: Option<u8>) -> Value {
        level.map_or(Value::Text(String::new()), |l| Value::count(usize::from(l)))
    }
}

/// The roadmap's columns.
pub const ROADMAP_COLUMNS: [&str; 21] = [
    "phase",
    "rank",
    "priority",
    "id",
    "name",
    "score",
    "tier",
    "effort_pm",
    "cost",
    "readiness",
    "gaps",
    "depends_on",
    "requires",
    "raises",
    "owner",
    "metric",
    "reason",
    "detail",
    "would_place",
    "pulled_forward_for",
    "pulled_forward",
];

/// The roadmap as rows under [`ROADMAP_COLUMNS`]: every initiative, in the plan's order, each
/// made as it is reached.
pub fn roadmap_rows<'r>(report: &'r RoadmapReport<'_>) -> impl Iterator<Item = Vec<Value>> + 'r {
    // The plan lists the scheduled first, then the unscheduled in the same order as
    // `unscheduled`.
    let scheduled = report.initiatives.len() - report.unscheduled.len();
    let text = |s: &str| Value::Text(s.to_string());
    let optional = move |s: &Option<String>| text(s.as_deref().unwrap_or(""));
    report.initiatives.iter().enumerate().map(move |(n, i)| {
        let unscheduled = n
            .checked_sub(scheduled)
            .and_then(|u| report.unscheduled.get(u));
        vec![
            optional(&i.phase),
            Value::count(i.rank),
            i.priority.map_or(Value::Text(String::new()), Value::count),
            text(&i.id),
            text(&i.name),
            Value::Number(i.score, format!("{:.6}", i.score)),
            text(&i.tier),
            Value::optional(i.effort_pm),
            Value::optional(i.cost),
            text(i.readiness.status.as_str()),
            text(&i.readiness.gaps.join("; ")),
            text(&i.depends_on.join(";")),
            optional(&i.requires),
            optional(&i.raises),
            optional(&i.owner),
            optional(&i.metric),
            text(i.reason.map_or("", |r| r.as_str())),
            text(unscheduled.as_ref().map_or("", |u| &u.detail)),
            text(
                unscheduled
                    .as_ref()
                    .and_then(|u| u.would_place.as_ref())
                    .map_or("", |w| &w.kind),
            ),
            optional(&i.pulled_forward_for),
            optional(&i.pulled_forward),
        ]
    })
}

/// The report's maturity dimensions as rows (none without an assessment): the level now,
/// after the roadmap, the next level and the framework's recommendation for it.
pub fn dimension_rows(report: &BoardReport) -> ([&'static str; 6], Vec<Vec<Value>>) {
    let rows = if report.assessment.is_some() {
        report
            .dimensions
            .iter()
            .map(|d| {
                vec![
                    Value::Text(d.id.clone()),
                    Value::Text(d.name.clone()),
                    Value::level(d.level),
                    Value::level(d.after),
                    Value::level(d.next_level),
                    Value::Text(d.recommendation.clone().unwrap_or_default()),
                ]
            })
            .collect()
    } else {
        Vec::new()
    };
    (
        [
            "dimension",
            "name",
            "level",
            "after_roadmap",
            "next_level",
            "recommendation",
        ],
        rows,
    )
}

/// The value-vs-effort matrix as rows, in rank order, with the axes' medians in the header.
pub fn matrix_rows(report: &BoardReport) -> ([String; 6], Vec<Vec<Value>>) {
    let m = &report.matrix;
    let header = [
        "rank".to_string(),
        "id".to_string(),
        "name".to_string(),
        format!(
            "value ({}; median {})",
            m.value_label,
            short_number(m.value_median, 6)
        ),
        format!(
            "effort ({}; median {})",
            m.effort_label,
            short_number(m.effort_median, 6)
        ),
        "quadrant".to_string(),
    ];
    let rows = m
        .points
        .iter()
        .map(|p| {
            vec![
                Value::count(p.rank),
                Value::Text(p.id.clone()),
                Value::Text(p.name.clone()),
                Value::Number(p.value, short_number(p.value, 6)),
                Value::Number(p.effort, short_number(p.effort, 6)),
                Value::Text(p.quadrant.name().to_string()),
            ]
        })
        .collect();
    (header, rows)
}

/// The assessment as rows: the overall result first, then each dimension.
pub fn assessment_rows(report: &AssessmentReport) -> ([&'static str; 9], Vec<Vec<Value>>) {
    let score = |s: Option<f64>| match s {
        Some(s) => Value::Number(s, format!("{s:.2}")),
        None => Value::Text(String::new()),
    };
    let text = |s: &str| Value::Text(s.to_string());
    let share = |x: f64| Value::Number(x, short_number(x, 4));
    let o = &report.overall;
    let mut rows = vec![vec![
        text("overall"),
        text("Overall"),
        score(o.score),
        Value::level(o.level),
        text(if o.withheld {
            "incomplete"
        } else {
            o.level_name.as_deref().unwrap_or("")
        }),
        share(o.completeness),
        text(""),
        text(""),
        text(""),
    ]];
    rows.extend(report.dimensions.iter().map(|d| {
        let covered = d.answered + d.not_applicable + d.dont_know;
        vec![
            text(&d.id),
            text(&d.name),
            score(d.score),
            Value::level(d.level),
            text(if d.complete {
                d.level_name.as_deref().unwrap_or("")
            } else {
                "incomplete"
            }),
            share(covered as f64 / d.total.max(1) as f64),
            Value::count(d.answered),
            Value::count(d.not_applicable),
            Value::count(d.dont_know),
        ]
    }));
    (
        [
            "dimension",
            "name",
            "score",
            "level",
            "level_name",
            "completeness",
            "answered",
            "not_applicable",
            "dont_know",
        ],
        rows,
    )
}

/// Every question answered or skipped, with its note and evidence, and what it asks of the
/// reader: `find out` for don't know, `answer` for a skipped question.
pub fn answer_rows(report: &AssessmentReport) -> ([&'static str; 5], Vec<Vec<Value>>) {
    let text = |s: &str| Value::Text(s.to_string());
    let opt = |s: &Option<String>| Value::Text(s.clone().unwrap_or_default());
    let mut rows: Vec<Vec<Value>> = report
        .answers
        .iter()
        .map(|a| {
            let answer = match &a.answer {
                serde_json::Value::Number(n) => {
                    let v = n.as_f64().unwrap_or_default();
                    Value::Number(v, short_number(v, 6))
                }
                other => text(&super::answer_text(other)),
            };
            let todo = if report.dont_know.contains(&a.question) {
                "find out"
            } else {
                ""
            };
            vec![
                text(&a.question),
                answer,
                opt(&a.note),
                opt(&a.evidence),
                text(todo),
            ]
        })
        .collect();
    rows.extend(report.skipped.iter().map(|q| {
        vec![
            text(&q.question),
            text(""),
            opt(&q.note),
            opt(&q.evidence),
            text("answer"),
        ]
    }));
    (["question", "answer", "note", "evidence", "to_do"], rows)
}

/// The focus areas as rows: where to act first and what to do.
pub fn focus_rows(report: &AssessmentReport) -> ([&'static str; 4], Vec<Vec<Value>>) {
    let rows = report
        .focus
        .iter()
        .map(|f| {
            vec![
                Value::Text(f.dimension.clone()),
                Value::Text(f.name.clone()),
                Value::level(Some(f.next_level)),
                Value::Text(f.recommendation.clone().unwrap_or_default()),
            ]
        })
        .collect();
    (["dimension", "name", "next_level", "recommendation"], rows)
}
