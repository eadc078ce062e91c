//! Markdown: a heading, a summary line, the ranking table and the tie explanations.

use super::{Renderer, factor_cell, tie_line};
use crate::model::ScoreReport;
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
    fn score(&self, report: &ScoreReport, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "# {} ranking", escape(&report.model.name))?;
        writeln!(out)?;
        if let Some(title) = &report.title {
            writeln!(out, "**{}**", escape(title))?;
            writeln!(out)?;
        }
        writeln!(
            out,
            "{} of {} initiatives · framework `{}` v{} · score = `{}`",
            report.initiatives.len(),
            report.total,
            report.framework.id,
            report.framework.version,
            report.model.formula
        )?;
        writeln!(out)?;
        write!(out, "| Rank | ID | Initiative |")?;
        for f in &report.model.factors {
            write!(out, " {} |", escape(&f.short))?;
        }
        writeln!(out, " Score | Index | Tier |")?;
        write!(out, "|---:|---|---|")?;
        for _ in &report.model.factors {
            write!(out, "---:|")?;
        }
        writeln!(out, "---:|---:|---|")?;
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
            writeln!(out, " {:.2} | {index} | {} |", row.score, escape(&row.tier))?;
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
}
