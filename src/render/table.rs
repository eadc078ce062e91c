//! The terminal table: readable at 80 columns, coloured only when asked and on a terminal.

use super::{Renderer, Style, factor_cell, tie_line};
use crate::model::ScoreReport;
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ContentArrangement, LineStyle, TableStyle,
};

/// No borders; one rule under the header.
const STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' '));
use std::io::{self, Write};

/// Table renderer.
pub struct Table {
    /// Colour and width.
    pub style: Style,
}

fn tier_color(position: usize) -> Color {
    match position {
        0 => Color::Green,
        1 => Color::Cyan,
        2 => Color::Yellow,
        _ => Color::DarkGrey,
    }
}

impl Renderer for Table {
    fn score(&self, report: &ScoreReport, out: &mut dyn Write) -> io::Result<()> {
        let mut heading = format!("{} ranking", report.model.name);
        if let Some(title) = &report.title {
            heading = format!("{title} · {heading}");
        }
        writeln!(out, "{heading}")?;
        let mut table = comfy_table::Table::new();
        table
            .load_style(STYLE)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(width) = self.style.width {
            table.set_width(width);
        }
        if self.style.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        let bold = |s: &str| {
            let c = Cell::new(s);
            if self.style.color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        };
        let mut header = vec![bold("#"), bold("ID"), bold("Initiative")];
        header.extend(report.model.factors.iter().map(|f| bold(&f.short)));
        header.extend([bold("Score"), bold("Tier")]);
        table.set_header(header);
        let mut tier_names: Vec<&str> = Vec::new();
        for row in &report.initiatives {
            if !tier_names.contains(&row.tier.as_str()) {
                tier_names.push(&row.tier);
            }
            let mut cells = vec![
                Cell::new(row.rank).set_alignment(CellAlignment::Right),
                Cell::new(&row.id),
                Cell::new(&row.name),
            ];
            cells.extend(
                report.model.factors.iter().map(|f| {
                    Cell::new(factor_cell(row, &f.id)).set_alignment(CellAlignment::Right)
                }),
            );
            cells.push(Cell::new(format!("{:.2}", row.score)).set_alignment(CellAlignment::Right));
            let mut tier = Cell::new(&row.tier);
            if self.style.color {
                let position = tier_names.iter().position(|t| *t == row.tier).unwrap_or(0);
                tier = tier.fg(tier_color(position));
            }
            cells.push(tier);
            table.add_row(cells);
        }
        // The ID and score columns never wrap; the name takes what is left.
        for (i, column) in table.column_iter_mut().enumerate() {
            column.set_padding((0, 1));
            if i != 2 {
                column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
            }
        }
        for line in table.to_string().lines() {
            writeln!(out, "{}", line.trim_end())?;
        }
        let shown = report.initiatives.len();
        let mut footer = format!("{shown} of {} initiatives", report.total);
        if shown == report.total {
            footer = format!("{} initiatives", report.total);
        }
        writeln!(
            out,
            "{footer} · framework {} v{}",
            report.framework.id, report.framework.version
        )?;
        writeln!(out, "score = {}", report.model.formula)?;
        for line in report.initiatives.iter().filter_map(tie_line) {
            writeln!(out, "tie: {line}")?;
        }
        Ok(())
    }
}
