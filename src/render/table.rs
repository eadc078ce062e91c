//! The terminal table: readable at 80 columns, coloured only when asked and on a terminal.

use super::{
    Renderer, Style, answer_text, blocked_line, budget_line, compared_name, dimension_level,
    dimension_score, factor_cell, focus_target, gap_answer, has_readiness, level_change, note_text,
    opt_score, overall_summary, phase_heading, provisional_note, rank_interval, respondents_line,
    roadmap_basis, roadmap_headline, signed, simulation_note, tie_line, top_chance, withheld_lines,
};
use crate::model::frameworks::FrameworkList;
use crate::model::roadmap::RoadmapReport;
use crate::model::{AssessmentReport, ComparisonReport, ReadinessStatus, ScoreReport};
use crate::text::{short_number, wrap};
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

impl Table {
    /// The width prose is wrapped to: the terminal's (at most 80 columns, less a margin), or
    /// 78 columns when the output is not a terminal.
    fn prose(&self) -> usize {
        self.style
            .width
            .map_or(78, |w| usize::from(w.clamp(24, 80) - 2))
    }

    /// Writes a heading or a one-line statement, wrapped only when a terminal's width is known
    /// (a pipe keeps it on one line, for grep).
    fn line(&self, out: &mut dyn Write, text: &str) -> io::Result<()> {
        match self.style.width {
            Some(width) => paragraph(out, text, "", usize::from(width)),
            None => writeln!(out, "{text}"),
        }
    }

    fn new_table(&self) -> comfy_table::Table {
        let mut table = comfy_table::Table::new();
        table.load_style(STYLE);
        match self.style.width {
            Some(width) => {
                table
                    .set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(width);
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        if self.style.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table
    }

    /// Sets the header row, unless `--no-header` asked for none.
    fn set_header<S: AsRef<str>>(&self, table: &mut comfy_table::Table, names: &[S]) {
        if self.style.header {
            table.set_header(self.header(names));
        }
    }

    fn header<S: AsRef<str>>(&self, names: &[S]) -> Vec<Cell> {
        names
            .iter()
            .map(|s| {
                let c = cell(s.as_ref());
                if self.style.color {
                    c.add_attribute(Attribute::Bold)
                } else {
                    c
                }
            })
            .collect()
    }
}

fn write_table(table: &mut comfy_table::Table, out: &mut dyn Write) -> io::Result<()> {
    for column in table.column_iter_mut() {
        column.set_padding((0, 1));
    }
    for line in table.to_string().lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Writes `text` wrapped to `width` columns, the first line after `lead`, the rest indented to
/// line up under it.
fn paragraph(out: &mut dyn Write, text: &str, lead: &str, width: usize) -> io::Result<()> {
    let indent = " ".repeat(lead.chars().count());
    let room = width.saturating_sub(indent.len()).max(20);
    for (n, line) in wrap(text, room).iter().enumerate() {
        writeln!(out, "{}{line}", if n == 0 { lead } else { &indent })?;
    }
    Ok(())
}

/// A titled list of questions with their notes.
fn questions(
    out: &mut dyn Write,
    title: &str,
    list: &[crate::model::QuestionOut],
    width: usize,
) -> io::Result<()> {
    writeln!(out, "{title}")?;
    for q in list {
        paragraph(out, &format!("{}: {}", q.question, q.text), "- ", width)?;
        if let Some(note) = note_text(q.note.as_deref(), q.evidence.as_deref()) {
            paragraph(out, &note, "  ", width)?;
        }
    }
    Ok(())
}

fn right(text: String) -> Cell {
    cell(text).set_alignment(CellAlignment::Right)
}

/// A cell whose control characters are shown (`\u{1b}`) before the table measures it, so a
/// hostile name cannot shift the columns after it.
fn cell(text: impl std::fmt::Display) -> Cell {
    let text = text.to_string();
    Cell::new(crate::text::visible(&text, false))
}

impl Renderer for Table {
    fn assessment(&self, report: &AssessmentReport, out: &mut dyn Write) -> io::Result<()> {
        let mut heading = "Maturity assessment".to_string();
        if let Some(title) = &report.title {
            heading = format!("{title} · {heading}");
        }
        if let Some(org) = &report.organisation {
            heading.push_str(&format!(" · {org}"));
        }
        if let Some(date) = &report.date {
            heading.push_str(&format!(" · {date}"));
        }
        self.line(out, &heading)?;
        if let Some(who) = respondents_line(report) {
            self.line(out, &format!("Respondents: {who}"))?;
        }
        writeln!(out)?;
        let o = &report.overall;
        let (level, detail) = overall_summary(o);
        self.line(out, &format!("Overall level: {level} {detail}"))?;
        if let Some(why) = &o.withheld_because {
            paragraph(
                out,
                &format!("The level is withheld ({why})."),
                "",
                self.prose(),
            )?;
        }
        if let Some(explanation) = &o.explanation {
            paragraph(out, explanation, "", self.prose())?;
        }
        // A withheld level's report first names the questions to answer.
        if o.withheld && !report.skipped.is_empty() {
            writeln!(out)?;
            questions(
                out,
                "Answer these first (skipped)",
                &report.skipped,
                self.prose(),
            )?;
        }
        writeln!(out)?;
        let mut table = self.new_table();
        self.set_header(
            &mut table,
            &["Dimension", "Score", "Level", "Answered", "N/A", "?"],
        );
        for d in &report.dimensions {
            table.add_row(vec![
                cell(&d.name),
                right(dimension_score(d)),
                cell(dimension_level(d)),
                right(format!("{}/{}", d.answered, d.total)),
                right(d.not_applicable.to_string()),
                right(d.dont_know.to_string()),
            ]);
        }
        write_table(&mut table, out)?;
        if let Some(note) = provisional_note(report) {
            writeln!(out, "{note}")?;
        }
        if !report.find_out.is_empty() {
            writeln!(out)?;
            questions(
                out,
                "Find out (answered don't know, scored as the lowest level)",
                &report.find_out,
                self.prose(),
            )?;
        }
        if !o.withheld && !report.skipped.is_empty() {
            writeln!(out)?;
            questions(out, "Skipped (not answered)", &report.skipped, self.prose())?;
        }
        if !report.not_applicable.is_empty() {
            writeln!(out)?;
            questions(
                out,
                "Not applicable (left out of the scores)",
                &report.not_applicable,
                self.prose(),
            )?;
        }
        if !report.perception_gaps.is_empty() {
            writeln!(out)?;
            writeln!(
                out,
                "Perception gaps (respondents two or more levels apart)"
            )?;
            for gap in &report.perception_gaps {
                paragraph(
                    out,
                    &format!(
                        "{}: {} (merged: {})",
                        gap.question,
                        gap.text,
                        answer_text(&gap.merged)
                    ),
                    "- ",
                    self.prose(),
                )?;
                for a in &gap.answers {
                    paragraph(out, &gap_answer(a), "    ", self.prose())?;
                    if let Some(note) = note_text(a.note.as_deref(), a.evidence.as_deref()) {
                        paragraph(out, &note, "      ", self.prose())?;
                    }
                }
            }
        }
        if !report.focus.is_empty() {
            writeln!(out)?;
            writeln!(out, "Focus areas")?;
            for (i, f) in report.focus.iter().enumerate() {
                writeln!(out, "{}. {} → level {}", i + 1, f.name, f.next_level)?;
                if let Some(r) = &f.recommendation {
                    paragraph(out, r, "   ", self.prose() + 1)?;
                }
                for q in &f.questions {
                    paragraph(
                        out,
                        &format!("{}: {}", q.question, q.text),
                        "   - ",
                        self.prose() + 1,
                    )?;
                    paragraph(out, &focus_target(q), "     ", self.prose() + 1)?;
                    if let Some(note) = note_text(q.note.as_deref(), q.evidence.as_deref()) {
                        paragraph(out, &note, "     ", self.prose() + 1)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn comparison(&self, report: &ComparisonReport, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "Maturity change: {} → {}",
            compared_name(&report.before, report.before_date.as_deref()),
            compared_name(&report.after, report.after_date.as_deref())
        )?;
        let mut table = self.new_table();
        self.set_header(
            &mut table,
            &["Dimension", "Before", "After", "Change", "Level"],
        );
        for d in &report.dimensions {
            table.add_row(vec![
                cell(&d.name),
                right(opt_score(d.before_score)),
                right(opt_score(d.after_score)),
                right(signed(d.change)),
                cell(level_change(d.before_level, d.after_level)),
            ]);
        }
        let o = &report.overall;
        table.add_row(vec![
            cell("Overall"),
            right(opt_score(o.before_score)),
            right(opt_score(o.after_score)),
            right(signed(o.change)),
            cell(level_change(o.before_level, o.after_level)),
        ]);
        write_table(&mut table, out)?;
        for line in withheld_lines(o) {
            paragraph(out, &line, "", self.prose())?;
        }
        if !report.changes.is_empty() {
            writeln!(out)?;
            writeln!(out, "Answers that changed")?;
            for c in &report.changes {
                paragraph(
                    out,
                    &format!(
                        "{}: {} → {}",
                        c.question,
                        answer_text(&c.before),
                        answer_text(&c.after)
                    ),
                    "- ",
                    self.prose(),
                )?;
                if let Some(note) = note_text(c.note.as_deref(), c.evidence.as_deref()) {
                    paragraph(out, &note, "  ", self.prose())?;
                }
            }
        }
        Ok(())
    }

    fn score(&self, report: &ScoreReport, out: &mut dyn Write) -> io::Result<()> {
        let mut heading = format!("{} ranking", report.model.name);
        if let Some(title) = &report.title {
            heading = format!("{title} · {heading}");
        }
        writeln!(out, "{heading}")?;
        let mut table = self.new_table();
        let mut header = vec!["#", "ID", "Initiative"];
        header.extend(report.model.factors.iter().map(|f| f.short.as_str()));
        header.extend(["Score", "Tier"]);
        let readiness = has_readiness(report);
        if readiness {
            header.push("Ready");
        }
        let top_k_heading = report
            .simulation
            .map(|s| format!("P(top {})", s.top_k))
            .unwrap_or_default();
        if report.simulation.is_some() {
            header.push("Rank 10–90%");
            header.push(&top_k_heading);
        }
        self.set_header(&mut table, &header);
        for row in &report.initiatives {
            let mut cells = vec![right(row.rank.to_string()), cell(&row.id), cell(&row.name)];
            cells.extend(
                report
                    .model
                    .factors
                    .iter()
                    .map(|f| right(factor_cell(&row, &f.id))),
            );
            cells.push(right(format!("{:.2}", row.score)));
            let mut tier = cell(&row.tier);
            if self.style.color {
                // Colour by the tier's place in the framework, not by the order tiers appear.
                let position = report
                    .model
                    .tiers
                    .iter()
                    .position(|t| *t == row.tier)
                    .unwrap_or(usize::MAX);
                tier = tier.fg(tier_color(position));
            }
            cells.push(tier);
            if readiness {
                cells.push(cell(if row.readiness.status == ReadinessStatus::Ready {
                    "yes"
                } else {
                    "no"
                }));
            }
            if report.simulation.is_some() {
                cells.push(right(rank_interval(&row)));
                cells.push(right(top_chance(&row)));
            }
            table.add_row(cells);
        }
        name_takes_the_rest(&mut table);
        write_table(&mut table, out)?;
        let shown = report.initiatives.len();
        let mut footer = format!("{shown} of {}", super::count(report.total, "initiative"));
        if shown == report.total {
            footer = super::count(report.total, "initiative");
        }
        writeln!(
            out,
            "{footer} · framework {} v{}",
            report.framework.id, report.framework.version
        )?;
        writeln!(out, "score = {}", report.model.formula)?;
        if let Some(info) = &report.simulation {
            for line in wrap(&simulation_note(info), self.prose()) {
                writeln!(out, "{line}")?;
            }
        }
        for line in report.initiatives.iter().filter_map(|r| tie_line(&r)) {
            writeln!(out, "tie: {line}")?;
        }
        for line in report.initiatives.iter().filter_map(|r| blocked_line(&r)) {
            writeln!(out, "not ready: {line}")?;
        }
        Ok(())
    }

    fn roadmap(&self, report: &RoadmapReport, out: &mut dyn Write) -> io::Result<()> {
        self.roadmap_view(report, out)
    }

    fn frameworks(&self, list: &FrameworkList, out: &mut dyn Write) -> io::Result<()> {
        let mut table = self.new_table();
        self.set_header(&mut table, &["ID", "Name", "Scoring", "Maturity", "Source"]);
        for f in &list.frameworks {
            let scoring = f.scoring.as_ref().map_or("–".to_string(), |s| {
                format!("{s} ({})", super::count(f.factors, "factor"))
            });
            let maturity = if f.dimensions == 0 {
                "–".to_string()
            } else {
                super::count(f.dimensions, "dimension")
            };
            table.add_row(vec![
                cell(&f.id),
                cell(&f.name),
                cell(scoring),
                cell(maturity),
                cell(&f.source),
            ]);
        }
        write_table(&mut table, out)
    }
}

impl Table {
    fn roadmap_view(&self, report: &RoadmapReport, out: &mut dyn Write) -> io::Result<()> {
        self.line(out, &roadmap_headline(report))?;
        self.line(out, &roadmap_basis(report))?;
        let by_id = &report.initiatives;
        let report_currency = report.currency.as_deref();
        for phase in &report.phases {
            writeln!(out)?;
            writeln!(out, "{}", phase_heading(phase, report_currency))?;
            if phase.initiatives.is_empty() {
                writeln!(out, "  (no initiative is placed in this phase)")?;
                continue;
            }
            let mut table = self.new_table();
            let mut header = vec!["#", "ID", "Initiative", "PM", "Score", "Tier"];
            // Who is accountable and what it costs, when the portfolio says.
            let owners = report.initiatives.iter().any(|i| i.owner.is_some());
            let costs = report.initiatives.iter().any(|i| i.cost.is_some());
            header.extend(owners.then_some("Owner"));
            header.extend(costs.then_some("Cost"));
            self.set_header(&mut table, &header);
            for id in &phase.initiatives {
                let i = crate::render::planned(by_id, &id);
                let mut row = vec![
                    right(i.rank.to_string()),
                    cell(&i.id),
                    cell(&i.name),
                    right(i.effort_pm.map(|v| short_number(v, 2)).unwrap_or_default()),
                    right(format!("{:.2}", i.score)),
                    cell(&i.tier),
                ];
                if owners {
                    row.push(cell(i.owner.as_deref().unwrap_or_default()));
                }
                if costs {
                    row.push(right(
                        i.cost
                            .map(|c| super::plain::money(c, report_currency))
                            .unwrap_or_default(),
                    ));
                }
                table.add_row(row);
            }
            name_takes_the_rest(&mut table);
            write_table(&mut table, out)?;
            for id in &phase.initiatives {
                if let Some(why) = &crate::render::planned(by_id, &id).pulled_forward {
                    let why = super::plain::words(why, &report.labels);
                    for (n, line) in wrap(&format!("{id} {why}"), self.prose() - 2)
                        .iter()
                        .enumerate()
                    {
                        writeln!(out, "{}{line}", if n == 0 { "" } else { "    " })?;
                    }
                }
            }
            if !phase.answers_raised.is_empty() {
                let line = format!(
                    "Answers after {}: {}",
                    phase.name,
                    phase.answers_raised.join(", ")
                );
                for (n, line) in wrap(&line, self.prose()).iter().enumerate() {
                    writeln!(out, "{}{line}", if n == 0 { "" } else { "    " })?;
                }
            }
            if !phase.raises.is_empty() {
                writeln!(
                    out,
                    "Maturity after {}: {}",
                    phase.name,
                    super::plain::words(&phase.raises.join(", "), &report.labels)
                )?;
            } else if !phase.answers_raised.is_empty() {
                writeln!(
                    out,
                    "Maturity after {}: no dimension reaches a new level yet",
                    phase.name
                )?;
            }
            if !phase.metrics.is_empty() {
                writeln!(out, "Metrics to track:")?;
                for m in &phase.metrics {
                    let lines = wrap(&format!("{}: {}", m.id, m.metric), self.prose() - 2);
                    for (n, line) in lines.iter().enumerate() {
                        writeln!(out, "{} {line}", if n == 0 { "  -" } else { "   " })?;
                    }
                }
            }
        }
        if !report.unscheduled.is_empty() {
            writeln!(out)?;
            writeln!(out, "Unscheduled ({})", report.unscheduled.len())?;
            let mut table = self.new_table();
            self.set_header(&mut table, &["ID", "Reason", "Why"]);
            for u in &report.unscheduled {
                table.add_row(vec![
                    cell(&u.id),
                    cell(super::plain::reason_short(u.reason)),
                    cell(super::plain::words(&u.detail, &report.labels)),
                ]);
            }
            write_table(&mut table, out)?;
            if report
                .unscheduled
                .iter()
                .any(|u| u.reason == crate::model::roadmap::UnscheduledReason::LowScore)
            {
                writeln!(out, "(--include-all schedules the low-score ones too)")?;
            }
        }
        writeln!(out)?;
        writeln!(out, "{}", super::plan_total(report))?;
        if let Some(line) = budget_line(report) {
            writeln!(out)?;
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}

/// Every column but the name (the third) keeps its content width; the name takes what is left.
/// A narrower name column than this is unreadable; the table grows past the width instead.
const MIN_NAME_WIDTH: u16 = 16;

fn name_takes_the_rest(table: &mut comfy_table::Table) {
    for (i, column) in table.column_iter_mut().enumerate() {
        if i != 2 {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        } else {
            column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                comfy_table::Width::Fixed(MIN_NAME_WIDTH),
            ));
        }
    }
}
