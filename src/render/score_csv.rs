//! The CSV of `score`: its columns (all by default, or the ones `--columns` names), and the
//! formatting of every cell, shared by the general path and the lean path for large files so
//! both write the same bytes.

use super::csv::guard;
use super::factor_cell;
use crate::error::did_you_mean;
use crate::model::{ModelInfo, ScoreReport, ScoredInitiative};
use crate::text::{fixed_into, push_integer, short_number};
use std::borrow::Cow;
use std::io;

/// One column.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Col {
    Rank,
    Id,
    Name,
    Score,
    Index,
    Tier,
    Readiness,
    Gaps,
    Factor(String),
    EffortPm,
    DependsOn,
    Requires,
    Raises,
    Cost,
    Owner,
    Metric,
    Description,
    TieBreak,
    RankP10,
    RankP50,
    RankP90,
    PTop,
    Fragile,
    Extra(String),
}

/// What every row has without parsing its record again: enough for `rank`, `id`, `score`,
/// `index`, `tier` and `tie_break`.
#[derive(Debug, Clone, Copy)]
pub struct Brief<'a> {
    /// Rank.
    pub rank: usize,
    /// Id.
    pub id: &'a str,
    /// Score.
    pub score: f64,
    /// Index, when the framework has a maximum.
    pub index: Option<f64>,
    /// Tier name.
    pub tier: &'a str,
    /// How a tie with the row above was decided.
    pub tie_reason: Option<&'a str>,
}

impl<'a> Brief<'a> {
    /// The brief of a row of a full report.
    pub fn of(row: &'a ScoredInitiative) -> Brief<'a> {
        Brief {
            rank: row.rank,
            id: &row.id,
            score: row.score,
            index: row.index,
            tier: &row.tier,
            tie_reason: row.tie_break.as_ref().map(|t| t.reason.as_str()),
        }
    }
}

/// The columns written, in order.
#[derive(Debug, Clone)]
pub struct ScoreCsv {
    cols: Vec<Col>,
    names: Vec<String>,
    /// Whether text that a spreadsheet would run as a formula gets the `'` guard.
    guarded: bool,
}

/// Appends a field as the csv writer writes it with its defaults: in quotes, with quotes
/// doubled, when it holds a comma, a quote or a line break; otherwise as it is.
fn push_field(out: &mut Vec<u8>, field: &[u8]) {
    if !field
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for &b in field {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

fn opt_number(v: Option<f64>) -> Cow<'static, str> {
    Cow::Owned(v.map(|x| short_number(x, 6)).unwrap_or_default())
}

impl ScoreCsv {
    /// Every column, in the default order: the ranking, the factors, the plan fields, the
    /// simulation (when there is one), then the input's own extra columns.
    pub fn all(model: &ModelInfo, extra: &[String], simulated: bool) -> ScoreCsv {
        let mut cols = vec![
            Col::Rank,
            Col::Id,
            Col::Name,
            Col::Score,
            Col::Index,
            Col::Tier,
            Col::Readiness,
            Col::Gaps,
        ];
        cols.extend(model.factors.iter().map(|f| Col::Factor(f.id.clone())));
        cols.extend([
            Col::EffortPm,
            Col::DependsOn,
            Col::Requires,
            Col::Raises,
            Col::Cost,
            Col::Owner,
            Col::Metric,
            Col::Description,
            Col::TieBreak,
        ]);
        if simulated {
            cols.extend([
                Col::RankP10,
                Col::RankP50,
                Col::RankP90,
                Col::PTop,
                Col::Fragile,
            ]);
        }
        cols.extend(extra.iter().map(|e| Col::Extra(e.clone())));
        let names = cols.iter().map(Self::name).collect();
        ScoreCsv {
            cols,
            names,
            guarded: true,
        }
    }

    /// Every column of a report: [`ScoreCsv::all`] with its simulation and extra columns.
    pub fn of_report(report: &ScoreReport) -> ScoreCsv {
        let extra: Vec<String> = report
            .initiatives
            .first()
            .map(|i| i.columns.keys().cloned().collect())
            .unwrap_or_default();
        ScoreCsv::all(&report.model, &extra, report.simulation.is_some())
    }

    /// The same columns with text as it is, for a spreadsheet: its cells are typed, a text is
    /// never run as a formula there, and the CSV guard's `'` would show.
    pub fn unguarded(self) -> ScoreCsv {
        ScoreCsv {
            guarded: false,
            ..self
        }
    }

    /// Whether column `n` holds numbers (an empty cell, or a factor's range or label, aside).
    pub fn is_number(&self, n: usize) -> bool {
        matches!(
            self.cols[n],
            Col::Rank
                | Col::Score
                | Col::Index
                | Col::Factor(_)
                | Col::EffortPm
                | Col::Cost
                | Col::RankP10
                | Col::RankP50
                | Col::RankP90
                | Col::PTop
        )
    }

    /// One row's cells as text; `full` must be given when [`ScoreCsv::needs_details`].
    pub fn texts(&self, brief: &Brief<'_>, full: Option<&ScoredInitiative>) -> Vec<String> {
        let mut buf = String::new();
        self.cols
            .iter()
            .map(|col| self.cell(col, brief, full, &mut buf).into_owned())
            .collect()
    }

    fn guard<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.guarded {
            guard(text)
        } else {
            Cow::Borrowed(text)
        }
    }

    fn text<'a>(&self, text: &'a Option<String>) -> Cow<'a, str> {
        self.guard(text.as_deref().unwrap_or(""))
    }

    fn name(col: &Col) -> String {
        match col {
            Col::Rank => "rank",
            Col::Id => "id",
            Col::Name => "name",
            Col::Score => "score",
            Col::Index => "index",
            Col::Tier => "tier",
            Col::Readiness => "readiness",
            Col::Gaps => "gaps",
            Col::Factor(id) | Col::Extra(id) => return id.clone(),
            Col::EffortPm => "effort_pm",
            Col::DependsOn => "depends_on",
            Col::Requires => "requires",
            Col::Raises => "raises",
            Col::Cost => "cost",
            Col::Owner => "owner",
            Col::Metric => "metric",
            Col::Description => "description",
            Col::TieBreak => "tie_break",
            Col::RankP10 => "rank_p10",
            Col::RankP50 => "rank_p50",
            Col::RankP90 => "rank_p90",
            Col::PTop => "p_top",
            Col::Fragile => "fragile",
        }
        .to_string()
    }

    /// Only the named columns, in the order named (`--columns rank,id,score`).
    pub fn select(self, names: &[String]) -> Result<ScoreCsv, String> {
        let mut cols = Vec::new();
        for name in names {
            let Some(pos) = self.names.iter().position(|n| n == name) else {
                let hint = did_you_mean(name, self.names.iter().map(String::as_str))
                    .map(|s| format!(", did you mean \"{s}\"?"))
                    .unwrap_or_default();
                return Err(format!(
                    "--columns: there is no column \"{name}\"{hint} (columns: {})",
                    self.names.join(", ")
                ));
            };
            cols.push(self.cols[pos].clone());
        }
        let names = cols.iter().map(Self::name).collect();
        Ok(ScoreCsv {
            cols,
            names,
            guarded: self.guarded,
        })
    }

    /// The header row; in CSV a carried column's name is guarded like a cell.
    pub fn header(&self) -> Vec<String> {
        self.names
            .iter()
            .map(|n| self.guard(n).into_owned())
            .collect()
    }

    /// Whether the `tie_break` column is written.
    pub fn needs_tie_break(&self) -> bool {
        self.cols.contains(&Col::TieBreak)
    }

    /// Whether a column needs more than the [`Brief`] (so the lean path parses records again).
    pub fn needs_details(&self) -> bool {
        self.cols.iter().any(|c| {
            !matches!(
                c,
                Col::Rank | Col::Id | Col::Score | Col::Index | Col::Tier | Col::TieBreak
            )
        })
    }

    fn cell<'a>(
        &self,
        col: &'a Col,
        brief: &Brief<'a>,
        full: Option<&'a ScoredInitiative>,
        buf: &'a mut String,
    ) -> Cow<'a, str> {
        let detail = || full.expect("a column beyond the brief needs the whole row");
        buf.clear();
        match col {
            Col::Rank => {
                push_integer(brief.rank as u64, 1, buf);
                Cow::Borrowed(buf.as_str())
            }
            Col::Id => self.guard(brief.id),
            Col::Score => {
                fixed_into(brief.score, 6, buf);
                Cow::Borrowed(buf.as_str())
            }
            Col::Index => {
                if let Some(x) = brief.index {
                    fixed_into(x, 2, buf);
                }
                Cow::Borrowed(buf.as_str())
            }
            Col::Tier => self.guard(brief.tier),
            Col::TieBreak => brief.tie_reason.map(|t| self.guard(t)).unwrap_or_default(),
            Col::Name => self.guard(&detail().name),
            Col::Readiness => Cow::Borrowed(detail().readiness.status.as_str()),
            Col::Gaps => Cow::Owned(self.guard(&detail().readiness.gaps.join("; ")).into_owned()),
            Col::Factor(id) => Cow::Owned(factor_cell(detail(), id)),
            Col::EffortPm => opt_number(detail().effort_pm),
            Col::DependsOn => Cow::Owned(self.guard(&detail().depends_on.join(";")).into_owned()),
            Col::Requires => self.text(&detail().requires),
            Col::Raises => self.text(&detail().raises),
            Col::Cost => opt_number(detail().cost),
            Col::Owner => self.text(&detail().owner),
            Col::Metric => self.text(&detail().metric),
            Col::Description => self.text(&detail().description),
            Col::RankP10 | Col::RankP50 | Col::RankP90 | Col::PTop | Col::Fragile => {
                let Some(s) = detail().simulation else {
                    return Cow::Borrowed("");
                };
                Cow::Owned(match col {
                    Col::RankP10 => short_number(s.rank_p10, 4),
                    Col::RankP50 => short_number(s.rank_p50, 4),
                    Col::RankP90 => short_number(s.rank_p90, 4),
                    Col::PTop => short_number(s.p_top, 4),
                    _ => s.fragile.to_string(),
                })
            }
            Col::Extra(name) => self.guard(detail().columns.get(name).map_or("", String::as_str)),
        }
    }

    /// Appends one row of [`Brief`] columns (no column [`ScoreCsv::needs_details`]) to `out`,
    /// byte for byte as [`ScoreCsv::write_row`] writes it through the csv writer, without its
    /// per-field machinery: the lean path writes a million rows this way.
    pub fn push_brief_row(&self, out: &mut Vec<u8>, brief: &Brief<'_>, buf: &mut String) {
        let start = out.len();
        for (n, col) in self.cols.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            push_field(out, self.cell(col, brief, None, buf).as_bytes());
        }
        // The csv writer quotes a row's only field when it is empty, so the line is not blank.
        if out.len() == start {
            out.extend_from_slice(b"\"\"");
        }
        out.push(b'\n');
    }

    /// Writes one row; `full` must be given when [`ScoreCsv::needs_details`].
    pub fn write_row<W: io::Write>(
        &self,
        w: &mut ::csv::Writer<W>,
        brief: &Brief<'_>,
        full: Option<&ScoredInitiative>,
    ) -> io::Result<()> {
        let mut buf = String::with_capacity(32);
        for col in &self.cols {
            w.write_field(self.cell(col, brief, full, &mut buf).as_bytes())?;
        }
        w.write_record(None::<&[u8]>)?;
        Ok(())
    }
}
