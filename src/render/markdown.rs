//! Markdown: a heading, a summary line, the ranking table and the tie explanations.

use super::{
    Renderer, budget_line, factor_cell, gantt, has_readiness, level_change, level_label, opt_score,
    overall_summary, phase_heading, rank_interval, roadmap_basis, roadmap_headline, signed,
    simulation_note, tie_line, top_chance,
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
            '|' | '*' | '_' | '`' | '[' | ']' | '\\' | '#' => {
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

impl Renderer for Markdown {
    fn assessment(&self, report: &AssessmentReport, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "# Maturity assessment")?;
        writeln!(out)?;
        if let Some(title) = &report.title {
            writeln!(out, "**{}**", escape(title))?;
            writeln!(out)?;
        }
        if let Some(org) = &report.organisation {
            writeln!(out, "Organisation: {}  ", escape(org))?;
        }
        if !report.respondents.is_empty() {
            writeln!(
                out,
                "Respondents: {}  ",
                escape(&report.respondents.join(", "))
            )?;
        }
        let o = &report.overall;
        let (level, detail) = overall_summary(o);
        writeln!(out, "Overall level: **{}** {detail}", escape(&level))?;
        if let Some(gate) = &o.gated_by {
            let name = report
                .dimensions
                .iter()
                .find(|d| &d.id == gate)
                .map_or(gate.as_str(), |d| d.name.as_str());
            writeln!(out)?;
            writeln!(
                out,
                "Held back by **{}**: the overall level is at most one above the weakest dimension.",
                escape(name)
            )?;
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
                opt_score(d.score),
                escape(&level_label(d.level, d.level_name.as_deref())),
                d.answered,
                d.total,
                d.not_applicable,
                d.dont_know
            )?;
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
            }
        }
        Ok(())
    }

    fn comparison(&self, report: &ComparisonReport, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "# Maturity change")?;
        writeln!(out)?;
        writeln!(
            out,
            "{} → {}",
            escape(&report.before),
            escape(&report.after)
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
        )
    }

    fn score(&self, report: &ScoreReport, out: &mut dyn Write) -> io::Result<()> {
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
                write!(out, " {} |", factor_cell(row, &f.id))?;
            }
            let index = row
                .index
                .map(|x| format!("{x:.1}"))
                .unwrap_or_else(|| "–".into());
            write!(out, " {:.2} | {index} | {} |", row.score, escape(&row.tier))?;
            if readiness {
                let mut cell = row.readiness.status.as_str().to_string();
                if !row.readiness.gaps.is_empty() {
                    cell = format!("{cell}: {}", row.readiness.gaps.join(", "));
                }
                write!(out, " {} |", escape(&cell))?;
            }
            if simulated.is_some() {
                write!(out, " {} | {} |", rank_interval(row), top_chance(row))?;
            }
            writeln!(out)?;
        }
        if let Some(info) = &report.simulation {
            writeln!(out)?;
            writeln!(out, "{}", escape(&simulation_note(info)))?;
        }
        let ties: Vec<String> = report.initiatives.iter().filter_map(tie_line).collect();
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

    fn roadmap(&self, report: &RoadmapReport, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "# {}", escape(&roadmap_headline(report)))?;
        writeln!(out)?;
        writeln!(out, "{}", escape(&roadmap_basis(report)))?;
        writeln!(out)?;
        write!(out, "{}", gantt::gantt(report))?;
        let by_id = report.by_id();
        for phase in &report.phases {
            writeln!(out)?;
            writeln!(out, "## {}", escape(&phase_heading(phase)))?;
            writeln!(out)?;
            if phase.initiatives.is_empty() {
                writeln!(out, "No initiative is placed in this phase.")?;
                continue;
            }
            writeln!(
                out,
                "| Rank | ID | Initiative | PM | Score | Tier | Owner |"
            )?;
            writeln!(out, "|---:|---|---|---:|---:|---|---|")?;
            for id in &phase.initiatives {
                let i = by_id[id.as_str()];
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {:.2} | {} | {} |",
                    i.rank,
                    escape(&i.id),
                    escape(&i.name),
                    i.effort_pm.map(|v| short_number(v, 2)).unwrap_or_default(),
                    i.score,
                    escape(&i.tier),
                    escape(i.owner.as_deref().unwrap_or(""))
                )?;
            }
            let pulled: Vec<_> = phase
                .initiatives
                .iter()
                .filter_map(|id| Some((id, by_id[id.as_str()].pulled_forward.as_ref()?)))
                .collect();
            if !pulled.is_empty() {
                writeln!(out)?;
                for (id, why) in pulled {
                    writeln!(out, "- **{}** {}", escape(id), escape(why))?;
                }
            }
            if !phase.answers_raised.is_empty() {
                writeln!(out)?;
                writeln!(
                    out,
                    "Answers after {}: {}",
                    escape(&phase.name),
                    escape(&phase.answers_raised.join(", "))
                )?;
            }
            if !phase.raises.is_empty() {
                writeln!(out)?;
                writeln!(
                    out,
                    "Maturity after {}: {}",
                    escape(&phase.name),
                    escape(&phase.raises.join(", "))
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
                let name = by_id.get(u.id.as_str()).map_or("", |i| i.name.as_str());
                writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    escape(&u.id),
                    escape(name),
                    escape(u.reason.as_str()),
                    escape(&u.detail)
                )?;
            }
        }
        if let Some(line) = budget_line(report) {
            writeln!(out)?;
            let paragraphs: Vec<String> = line.lines().map(escape).collect();
            writeln!(out, "{}", paragraphs.join("\n\n"))?;
        }
        Ok(())
    }

    fn board(&self, report: &BoardReport, out: &mut dyn Write) -> io::Result<()> {
        if let Some(a) = &report.assessment {
            self.assessment(a, out)?;
            writeln!(out)?;
        }
        self.score(&report.ranking, out)?;
        writeln!(out)?;
        self.roadmap(&report.roadmap, out)
    }
}
