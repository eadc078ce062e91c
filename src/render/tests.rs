//! Snapshot tests of every renderer on one hand-built report.

use super::{Format, Style, for_format};
use crate::domain::Levels;
use crate::domain::{FactorRange, Gate, Initiative, Portfolio, Requirement};
use crate::engine::rank;
use crate::framework::builtin;
use crate::model::ScoreReport;

fn initiative(id: &str, name: &str, values: [f64; 6]) -> Initiative {
    Initiative::new(2, id.into(), name.into(), values.to_vec(), 1)
}

/// A ranking with hostile names, shared by the renderer tests. Its rows borrow what they are
/// made from, which lives for the test run.
pub fn report() -> ScoreReport<'static> {
    let framework = Box::leak(Box::new(builtin::default_for_tests()));
    let scoring = framework.scoring.as_ref().unwrap();
    let mut triage = initiative(
        "T-1",
        "Ticket triage | routing",
        [5.0, 3.0, 4.0, 2.0, 2.0, 0.9],
    );
    let details = triage.details_mut();
    details.depends_on = vec!["D-1".into()];
    details.requires = Some("data>=3".into());
    let data_dim = Gate::Dimension(3);
    details.requirements = vec![Requirement {
        gate: data_dim,
        level: 3,
    }]
    .into();
    details.metric = Some("Misrouted tickets below 10%".into());
    triage.cost = Some(45000.0);
    triage.extra = vec!["=HYPERLINK(\"x\")".into()].into();
    let mut data = initiative(
        "D-1",
        "Ticket data clean-up",
        [5.0, 3.0, 3.0, 3.0, 1.0, 0.9],
    );
    data.details_mut().raises = Some("data=3".into());
    data.owner = Some("Process owner".into());
    let mut agent = initiative(
        "V-1",
        "<b>Virtual</b> agent *L1* <script>alert(1)</script> \"><img src=x onerror=alert(2)> & 'co'",
        [5.0, 4.0, 3.0, 4.0, 3.0, 0.9],
    );
    agent.ranges = vec![FactorRange {
        factor: 3,
        low: 3.0,
        high: 5.0,
    }];
    agent.effort_pm = Some(8.0);
    let portfolio = Portfolio {
        source: "hand-built".into(),
        sheet: None,
        extra_columns: vec!["Budget code".into()],
        initiatives: vec![triage, data, agent],
        skipped: vec![crate::error::Diagnostic::new(
            crate::error::Code::InvalidValue,
            crate::error::Place::line("hand-built", 9),
            "column \"reach\": \"x\" is not a number",
        )],
        warnings: Vec::new(),
        depends_on_column: None,
    };
    let portfolio = Box::leak(Box::new(portfolio));
    let ranked = Box::leak(rank::rank(scoring, &portfolio.initiatives).into_boxed_slice());
    let levels = Box::leak(Box::new(Levels {
        dimensions: vec![Some(2); 7],
        overall: Some(2),
        questions: Vec::new(),
    }));
    ScoreReport::new(
        framework,
        scoring,
        portfolio,
        ranked,
        None,
        Some("Example data".into()),
        Some(levels),
    )
}

pub fn render(format: Format) -> String {
    let mut out = Vec::new();
    let style = Style {
        color: false,
        width: Some(80),
        header: true,
    };
    let mut report = report();
    // The HTML page shows the matrix the command builds for it.
    if format == Format::Html {
        report.matrix = Some(crate::model::board::Matrix::new(&report));
    }
    for_format(format, style)
        .unwrap()
        .score(&report, &mut out)
        .unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn table() {
    insta::assert_snapshot!(render(Format::Table));
}

#[test]
fn table_in_colour() {
    let mut out = Vec::new();
    let style = Style {
        color: true,
        width: Some(80),
        header: true,
    };
    for_format(Format::Table, style)
        .unwrap()
        .score(&report(), &mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\u{1b}["), "colour codes expected");
    // Tiers keep their framework colour even when the top tier is absent: Next is cyan, not green.
    assert!(text.contains("\u{1b}[38;5;14mNext"), "{text}");
    assert!(text.contains("\u{1b}[38;5;11mLater"), "{text}");
    assert_eq!(render(Format::Table).lines().count(), text.lines().count());
}

#[test]
fn csv() {
    insta::assert_snapshot!(render(Format::Csv));
}

#[test]
fn json() {
    insta::assert_snapshot!(render(Format::Json));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(render(Format::Markdown));
}

#[test]
fn html() {
    insta::assert_snapshot!(render(Format::Html));
}

#[test]
fn every_format_has_a_renderer() {
    for format in Format::ALL {
        assert!(for_format(format, Style::default()).is_some(), "{format:?}");
    }
}
