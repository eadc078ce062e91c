//! Markdown: a heading, a summary line, the ranking table and the tie explanations.

use super::decision::decision_text;
use super::plain;
use super::{
    Renderer, answer_text, budget_line, compared_name, dimension_level, dimension_score,
    factor_cell, focus_target, gantt, gap_answer, has_readiness, level_change, note_text,
    opt_score, overall_summary, phase_heading, plan_total, provisional_note, rank_interval,
    respondents_line, roadmap_basis, roadmap_headline, signed, simulation_note, tie_line,
    top_chance, withheld_lines,
};
use crate::model::board::BoardReport;
use crate::model::roadmap::RoadmapReport;
use crate::model::{AssessmentReport, ComparisonReport, ScoreReport};
use crate::text::short_number;
use std::io::{self, Write};

/// Markdown renderer.
pub struct Markdown;

/// Escapes text for a Markdown table cell or paragraph.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '\\' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A question as a list item begins: `**governance.registry**: What register …?` with its id,
/// `**What register …?**` without.
fn lead(id: &str, text: &str, ids: bool) -> String {
    if ids {
        format!("**{}**: {}", escape(id), escape(text))
    } else {
        format!("**{}**", escape(text))
    }
}

/// A section listing questions with their notes.
fn questions(
    out: &mut dyn Write,
    title: &str,
    list: &[crate::model::QuestionOut],
    ids: bool,
) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "## {}", escape(title))?;
    writeln!(out)?;
    for q in list {
        let mut line = format!("- {}", lead(&q.question, &q.text, ids));
        if let Some(note) = note_text(q.note.as_deref(), q.evidence.as_deref()) {
            line.push_str(&format!(" ({})", escape(&note)));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

impl Renderer for Markdown {
    fn assessment(&self, report: &AssessmentReport, out: &mut dyn Write) -> io::Result<()> {
        assessment_document(report, true, out)
    }

    fn comparison(&self, report: &ComparisonReport, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "# Maturity change")?;
        writeln!(out)?;
        writeln!(
            out,
            "{} → {}",
            escape(&compared_name(
                &report.before,
                report.before_date.as_deref()
            )),
            escape(&compared_name(&report.after, report.after_date.as_deref()))
        )?;
        writeln!(out)?;
        writeln!(out, "| Dimension | Before | After | Change | Level |")?;
        writeln!(out, "|---|---:|---:|---:|---|")?;
        for d in &report.dimensions {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                escape(&d.name),
                opt_score(d.before_score),
                opt_score(d.after_score),
                signed(d.change),
                level_change(d.before_level, d.after_level)
            )?;
        }
        let o = &report.overall;
        writeln!(
            out,
            "| **Overall** | {} | {} | {} | {} |",
            opt_score(o.before_score),
            opt_score(o.after_score),
            signed(o.change),
            level_change(o.before_level, o.after_level)
        )?;
        for line in withheld_lines(o) {
            writeln!(out)?;
            writeln!(out, "{}", escape(&line))?;
        }
        if !report.changes.is_empty() {
            writeln!(out)?;
            writeln!(out, "## Answers that changed")?;
            writeln!(out)?;
            for c in &report.changes {
                let mut line = format!(
                    "- **{}**: {} → {}",
                    escape(&c.question),
                    escape(&answer_text(&c.before)),
                    escape(&answer_text(&c.after))
                );
                if let Some(note) = note_text(c.note.as_deref(), c.evidence.as_deref()) {
                    line.push_str(&format!(" ({})", escape(&note)));
                }
                writeln!(out, "{line}")?;
            }
        }
        Ok(())
    }

    fn score(&self, report: &ScoreReport, out: &mut dyn Write) -> io::Result<()> {
        score_document(report, None, out)
    }

    fn roadmap(&self, report: &RoadmapReport, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "# {}", escape(&roadmap_headline(report)))?;
        writeln!(out)?;
        writeln!(out, "{}", escape(&roadmap_basis(report)))?;
        writeln!(out)?;
        write!(out, "{}", gantt::gantt(report))?;
        let by_id = &report.initiatives;
        let report_currency = report.currency.as_deref();
        for phase in &report.phases {
            writeln!(out)?;
            writeln!(out, "## {}", escape(&phase_heading(phase, report_currency)))?;
            writeln!(out)?;
            if phase.initiatives.is_empty() {
                writeln!(out, "No initiative is placed in this phase.")?;
                continue;
            }
            writeln!(
                out,
                "| Rank | ID | Initiative | PM | Cost | Score | Tier | Owner |"
            )?;
            writeln!(out, "|---:|---|---|---:|---:|---:|---|---|")?;
            for id in &phase.initiatives {
                let i = crate::render::planned(by_id, &id);
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {:.2} | {} | {} |",
                    i.rank,
                    escape(&i.id),
                    escape(&i.name),
                    i.effort_pm.map(|v| short_number(v, 2)).unwrap_or_default(),
                    i.cost
                        .map(|c| plain::money(c, report_currency))
                        .unwrap_or_default(),
                    i.score,
                    escape(&i.tier),
                    escape(i.owner.as_deref().unwrap_or(""))
                )?;
            }
            let pulled: Vec<_> = phase
                .initiatives
                .iter()
                .filter_map(|id| {
                    let why = crate::render::planned(by_id, &id).pulled_forward?;
                    Some((id, why))
                })
                .collect();
            if !pulled.is_empty() {
                writeln!(out)?;
                for (id, why) in pulled {
                    writeln!(
                        out,
                        "- **{}** {}",
                        escape(&id),
                        escape(&plain::words(&why, &report.labels))
                    )?;
                }
            }
            if !phase.answers_raised.is_empty() {
                writeln!(out)?;
                writeln!(
                    out,
                    "Answers after {}: {}",
                    escape(&phase.name),
                    escape(&plain::words(
                        &phase.answers_raised.join(", "),
                        &report.labels
                    ))
                )?;
            }
            if !phase.raises.is_empty() {
                writeln!(out)?;
                writeln!(
                    out,
                    "Maturity after {}: {}",
                    escape(&phase.name),
                    escape(&plain::words(&phase.raises.join(", "), &report.labels))
                )?;
            } else if !phase.answers_raised.is_empty() {
                writeln!(out)?;
                writeln!(
                    out,
                    "Maturity after {}: no dimension reaches a new level yet",
                    escape(&phase.name)
                )?;
            }
            if !phase.metrics.is_empty() {
                writeln!(out)?;
                writeln!(out, "Metrics to track:")?;
                writeln!(out)?;
                for m in &phase.metrics {
                    writeln!(out, "- **{}**: {}", escape(&m.id), escape(&m.metric))?;
                }
            }
        }
        if !report.unscheduled.is_empty() {
            writeln!(out)?;
            writeln!(out, "## Unscheduled")?;
            writeln!(out)?;
            writeln!(out, "| ID | Initiative | Reason | Why |")?;
            writeln!(out, "|---|---|---|---|")?;
            for u in &report.unscheduled {
                let name = by_id.find(&u.id).map_or(String::new(), |i| i.name);
                writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    escape(&u.id),
                    escape(&name),
                    escape(plain::reason_short(u.reason)),
                    escape(&plain::why(&u, &report.labels))
                )?;
            }
        }
        writeln!(out)?;
        writeln!(out, "{}", escape(&plan_total(report)))?;
        if let Some(line) = budget_line(report) {
            writeln!(out)?;
            let paragraphs: Vec<String> = line.lines().map(escape).collect();
            writeln!(out, "{}", paragraphs.join("\n\n"))?;
        }
        Ok(())
    }

    fn board(&self, report: &BoardReport, out: &mut dyn Write) -> io::Result<()> {
        decision_page(report, out)?;
        if let Some(trend) = &report.trend {
            self.comparison(trend, out)?;
            writeln!(out)?;
        }
        if let Some(a) = &report.assessment {
            assessment_document(a, false, out)?;
            writeln!(out)?;
        }
        score_document(&report.ranking, Some(&report.roadmap.labels), out)?;
        writeln!(out)?;
        self.roadmap(&report.roadmap, out)?;
        writeln!(out)?;
        writeln!(out, "---")?;
        writeln!(out)?;
        for line in super::report_footer(report) {
            writeln!(out, "{}", escape(&line))?;
            writeln!(out)?;
        }
        Ok(())
    }
}

/// The decision page: what the board approves now, what it costs and buys, what could stop it.
fn decision_page(b: &BoardReport, out: &mut dyn Write) -> io::Result<()> {
    let text = decision_text(b);
    let mut title = "# Decision".to_string();
    if let Some(o) = &b.organisation {
        title.push_str(&format!(" · {}", escape(o)));
    }
    if let Some(d) = &b.date {
        title.push_str(&format!(" · {d}"));
    }
    writeln!(out, "{title}")?;
    writeln!(out)?;
    writeln!(out, "**{}**", escape(&text.ask))?;
    writeln!(out)?;
    let by_id = &b.roadmap.initiatives;
    let currency = b.roadmap.currency.as_deref();
    if !b.decision.approve_now.initiatives.is_empty() {
        writeln!(out, "| ID | Initiative | Owner | PM | Cost |")?;
        writeln!(out, "|---|---|---|---:|---:|")?;
        for id in &b.decision.approve_now.initiatives {
            let i = crate::render::planned(by_id, id);
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                escape(&i.id),
                escape(&i.name),
                escape(i.owner.as_deref().unwrap_or("")),
                i.effort_pm.map(|v| short_number(v, 2)).unwrap_or_default(),
                i.cost
                    .map(|c| plain::money(c, currency))
                    .unwrap_or_default()
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", escape(&text.plan))?;
    writeln!(out)?;
    if let Some(note) = &text.capacity_note {
        writeln!(out, "> {}", escape(note))?;
        writeln!(out)?;
    }
    writeln!(out, "## What it buys")?;
    writeln!(out)?;
    if let Some(m) = &text.maturity {
        writeln!(out, "{}", escape(m))?;
        writeln!(out)?;
    }
    if b.decision.metrics.is_empty() {
        writeln!(
            out,
            "No success metric is given for the planned initiatives."
        )?;
    } else {
        for m in &b.decision.metrics {
            writeln!(out, "- **{}**: {}", escape(&m.id), escape(&m.metric))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "## What could stop it")?;
    writeln!(out)?;
    if text.risks.is_empty() {
        writeln!(
            out,
            "No readiness gap or capacity shortfall holds the plan back."
        )?;
    }
    for r in &text.risks {
        writeln!(out, "- {}", escape(r))?;
    }
    if !text.what_ifs.is_empty() {
        writeln!(out)?;
        writeln!(out, "What would place the initiatives left out:")?;
        writeln!(out)?;
        for w in &text.what_ifs {
            writeln!(out, "- {}", escape(w))?;
        }
    }
    writeln!(out)?;
    Ok(())
}

/// The ranking as a Markdown document. With `labels` (a board report) readiness says "not
/// ready" and names the dimensions, as people read them; without, the contract's words.
fn score_document(
    report: &ScoreReport,
    labels: Option<&indexmap::IndexMap<String, String>>,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "# {} ranking", escape(&report.model.name))?;
    writeln!(out)?;
    if let Some(title) = &report.title {
        writeln!(out, "**{}**", escape(title))?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "{} of {} · framework `{}` v{} · score = `{}`",
        report.initiatives.len(),
        super::count(report.total, "initiative"),
        report.framework.id,
        report.framework.version,
        report.model.formula
    )?;
    writeln!(out)?;
    write!(out, "| Rank | ID | Initiative |")?;
    for f in &report.model.factors {
        write!(out, " {} |", escape(&f.short))?;
    }
    let readiness = has_readiness(report);
    let simulated = report.simulation.map(|s| s.top_k);
    writeln!(
        out,
        " Score | Index | Tier |{}{}",
        if readiness { " Readiness |" } else { "" },
        simulated
            .map(|k| format!(" Rank 10–90% | P(top {k}) |"))
            .unwrap_or_default()
    )?;
    write!(out, "|---:|---|---|")?;
    for _ in &report.model.factors {
        write!(out, "---:|")?;
    }
    writeln!(
        out,
        "---:|---:|---|{}{}",
        if readiness { "---|" } else { "" },
        if simulated.is_some() {
            "---:|---:|"
        } else {
            ""
        }
    )?;
    for row in &report.initiatives {
        write!(
            out,
            "| {} | {} | {} |",
            row.rank,
            escape(&row.id),
            escape(&row.name)
        )?;
        for f in &report.model.factors {
            write!(out, " {} |", factor_cell(&row, &f.id))?;
        }
        let index = row
            .index
            .map(|x| format!("{x:.1}"))
            .unwrap_or_else(|| "–".into());
        write!(out, " {:.2} | {index} | {} |", row.score, escape(&row.tier))?;
        if readiness {
            let cell = match labels {
                Some(_) if row.readiness.gaps.is_empty() => {
                    row.readiness.status.as_str().to_string()
                }
                Some(labels) => format!(
                    "not ready: {}",
                    plain::gap_dimensions(&row.readiness.gaps, labels)
                ),
                None if row.readiness.gaps.is_empty() => row.readiness.status.as_str().to_string(),
                None => format!(
                    "{}: {}",
                    row.readiness.status.as_str(),
                    row.readiness.gaps.join(", ")
                ),
            };
            write!(out, " {} |", escape(&cell))?;
        }
        if simulated.is_some() {
            write!(out, " {} | {} |", rank_interval(&row), top_chance(&row))?;
        }
        writeln!(out)?;
    }
    if let Some(info) = &report.simulation {
        writeln!(out)?;
        writeln!(out, "{}", escape(&simulation_note(info)))?;
    }
    let ties: Vec<String> = report
        .initiatives
        .iter()
        .filter_map(|r| tie_line(&r))
        .collect();
    if !ties.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Ties on score, decided by the framework's tie-break rules:"
        )?;
        writeln!(out)?;
        for t in ties {
            writeln!(out, "- {}", escape(&t))?;
        }
    }
    Ok(())
}

/// The assessment as a Markdown document; `ids` puts each question's id before its wording (the
/// assessment) or leaves it out (the board report, whose readers know questions by wording).
fn assessment_document(
    report: &AssessmentReport,
    ids: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "# Maturity assessment")?;
    writeln!(out)?;
    if let Some(title) = &report.title {
        writeln!(out, "**{}**", escape(title))?;
        writeln!(out)?;
    }
    if let Some(org) = &report.organisation {
        writeln!(out, "Organisation: {}  ", escape(org))?;
    }
    if let Some(who) = respondents_line(report) {
        writeln!(out, "Respondents: {}  ", escape(&who))?;
    }
    if let Some(date) = &report.date {
        writeln!(out, "Date: {}  ", escape(date))?;
    }
    let o = &report.overall;
    let (level, detail) = overall_summary(o);
    writeln!(out, "Overall level: **{}** {detail}", escape(&level))?;
    if let Some(why) = &o.withheld_because {
        writeln!(out)?;
        writeln!(out, "The level is withheld ({}).", escape(why))?;
    }
    if let Some(explanation) = &o.explanation {
        writeln!(out)?;
        writeln!(out, "{}", escape(explanation))?;
    }
    // A withheld level's report first names the questions to answer.
    if o.withheld && !report.skipped.is_empty() {
        questions(out, "Answer these first (skipped)", &report.skipped, ids)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "| Dimension | Score | Level | Answered | N/A | Don't know |"
    )?;
    writeln!(out, "|---|---:|---|---:|---:|---:|")?;
    for d in &report.dimensions {
        writeln!(
            out,
            "| {} | {} | {} | {}/{} | {} | {} |",
            escape(&d.name),
            escape(&dimension_score(d)),
            escape(&dimension_level(d)),
            d.answered,
            d.total,
            d.not_applicable,
            d.dont_know
        )?;
    }
    if let Some(note) = provisional_note(report) {
        writeln!(out)?;
        writeln!(out, "{}", escape(note))?;
    }
    if !report.find_out.is_empty() {
        questions(
            out,
            "Find out (answered don't know, scored as the lowest level)",
            &report.find_out,
            ids,
        )?;
    }
    if !o.withheld && !report.skipped.is_empty() {
        questions(out, "Skipped (not answered)", &report.skipped, ids)?;
    }
    if !report.not_applicable.is_empty() {
        questions(
            out,
            "Not applicable (left out of the scores)",
            &report.not_applicable,
            ids,
        )?;
    }
    if !report.perception_gaps.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Perception gaps")?;
        writeln!(out)?;
        writeln!(out, "Respondents two or more levels apart:")?;
        writeln!(out)?;
        for gap in &report.perception_gaps {
            writeln!(
                out,
                "- {} (merged: {})",
                lead(&gap.question, &gap.text, ids),
                escape(&answer_text(&gap.merged))
            )?;
            for a in &gap.answers {
                let mut line = escape(&gap_answer(a));
                if let Some(note) = note_text(a.note.as_deref(), a.evidence.as_deref()) {
                    line.push_str(&format!(" — {}", escape(&note)));
                }
                writeln!(out, "  - {line}")?;
            }
        }
    }
    if !report.focus.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Focus areas")?;
        writeln!(out)?;
        for (i, f) in report.focus.iter().enumerate() {
            write!(
                out,
                "{}. **{} → level {}**",
                i + 1,
                escape(&f.name),
                f.next_level
            )?;
            match &f.recommendation {
                Some(r) => writeln!(out, ": {}", escape(r))?,
                None => writeln!(out)?,
            }
            for q in &f.questions {
                let mut line = format!(
                    "{} {}",
                    lead(&q.question, &q.text, ids),
                    escape(&focus_target(q))
                );
                if let Some(note) = note_text(q.note.as_deref(), q.evidence.as_deref()) {
                    line.push_str(&format!(" ({})", escape(&note)));
                }
                writeln!(out, "   - {line}")?;
            }
        }
    }
    Ok(())
}
