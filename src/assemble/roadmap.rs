//! The schedule as the contract shows it: phases, the maturity reached, what stays unscheduled and why, the budget view.

use super::Baseline;
use super::score::{describe_gap, portfolio_warnings};
use crate::domain::Portfolio;
use crate::domain::period::PhaseName;
use crate::domain::{Gate, Levels, Requirement};
use crate::engine::projection::Start;
use crate::engine::rank::{self, Ranked};
use crate::engine::readiness;
use crate::engine::roadmap;
use crate::engine::roadmap::{Need, Pull, Reason, Schedule, Unscheduled, WouldPlace};
use crate::error::{Code, Diagnostic, Diagnostics, Error, Result};
use crate::framework::{Framework, Maturity, Scoring};
use crate::model::roadmap::{
    BudgetOut, MaturityOut, MetricOut, PhaseOut, PlannedInitiative, RoadmapReport, UnscheduledOut,
    UnscheduledReason, WouldPlaceOut,
};
use crate::model::{FrameworkRef, Readiness, Rows, SCHEMA_VERSION};
use crate::text::num;
use indexmap::IndexMap;
use std::collections::HashMap;
use std::rc::Rc;

/// Share of the IT budget below which the budget view warns.
pub const AI_SHARE_WARNING: f64 = 0.10;

/// What the roadmap report is built from.
pub struct RoadmapInput<'a, 'r> {
    /// The framework.
    pub framework: &'a Framework,
    /// Its scoring model.
    pub scoring: &'a Scoring,
    /// The initiatives.
    pub portfolio: &'a Portfolio,
    /// Row number by id ([`Portfolio::index_by_id`]).
    pub index: HashMap<&'a str, usize>,
    /// Their ranking.
    pub ranked: &'r [Ranked],
    /// Person-months per initiative (input order), when known.
    pub efforts: Vec<Option<f64>>,
    /// The scheduler's result.
    pub schedule: Schedule,
    /// Phase names.
    pub phases: &'a [PhaseName],
    /// Person-months per phase.
    pub capacity: Option<f64>,
    /// The assessment the plan starts from.
    pub baseline: Option<&'a Baseline>,
    /// `--include-all`.
    pub include_all: bool,
    /// `--it-budget`.
    pub it_budget: Option<f64>,
    /// `"Example data"` for the example.
    pub title: Option<String>,
}

/// What the report's per-initiative rows are made from, shared by its lists: each row is made
/// when it is written, so a million initiatives are never held as output rows.
struct Plan<'a> {
    scoring: &'a Scoring,
    maturity: Option<&'a Maturity>,
    portfolio: &'a Portfolio,
    index: HashMap<&'a str, usize>,
    baseline: Option<&'a Baseline>,
    phases: &'a [PhaseName],
    capacity: Option<f64>,
    efforts: Vec<Option<f64>>,
    schedule: Schedule,
    /// Rank and score by input position.
    ranks: Vec<(usize, f64)>,
    /// Input positions in plan order: by phase, then rank; the unscheduled last.
    order: Vec<usize>,
    /// Plan row by input position.
    row_of: Vec<usize>,
    /// How many rows of `order` are scheduled.
    scheduled: usize,
    /// The scheduled initiatives not ready at the start, in rank order, under each gate they
    /// wait on, with the level they need there: what a foundation pulled forward for one of
    /// them does for the others.
    waiting: HashMap<Gate, Vec<(usize, u8)>>,
}

impl Plan<'_> {
    fn words(&self) -> Words<'_> {
        Words {
            portfolio: self.portfolio,
            index: &self.index,
            maturity: self.maturity,
            phases: self.phases,
            schedule: &self.schedule,
            ranks: &self.ranks,
        }
    }

    /// The initiatives ranked above `item`, pulled forward for a requirement (`pull`), that
    /// wait for the same gate at no higher a level and come in a later phase: besides the one
    /// it was pulled for, those its raise also lets start (as far as that gate goes).
    fn also_waiting(&self, item: usize, pull: &Pull) -> Vec<usize> {
        let Need::Enables(requirement) = pull.need else {
            return Vec::new();
        };
        let (rank, phase) = (self.ranks[item].0, self.schedule.phase_of[item]);
        self.waiting
            .get(&requirement.gate)
            .map(|items| {
                items
                    .iter()
                    .take_while(|&&(j, _)| self.ranks[j].0 < rank)
                    .filter(|&&(j, need)| {
                        need <= requirement.level
                            && j != pull.origin
                            && j != pull.by
                            && self.schedule.phase_of[j] > phase
                    })
                    .map(|&(j, _)| j)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Plan row `n`.
    fn planned(&self, n: usize) -> PlannedInitiative {
        let i = self.order[n];
        let reason = n
            .checked_sub(self.scheduled)
            .map(|u| self.schedule.unscheduled[u].reason);
        let initiative = &self.portfolio.initiatives[i];
        let pull = self.schedule.pulled[i];
        let (rank, score) = self.ranks[i];
        PlannedInitiative {
            priority: self.schedule.priority[i].map(|p| p + 1),
            pulled_forward_for: pull.map(|p| self.portfolio.initiatives[p.origin].id.clone()),
            pulled_forward: pull.map(|p| self.words().pull(&p, &self.also_waiting(i, &p))),
            rank,
            id: initiative.id.clone(),
            name: initiative.name.clone(),
            score,
            tier: self.scoring.tier(score).name.clone(),
            phase: self.schedule.phase_of[i].map(|p| self.phases[p].name.clone()),
            effort_pm: self.efforts[i],
            cost: initiative.cost,
            readiness: match (self.maturity, self.baseline) {
                (Some(m), Some(b)) => Readiness::of(initiative, m, &b.levels),
                _ => Readiness::unknown(),
            },
            depends_on: initiative.depends_on().to_vec(),
            requires: initiative.requires().map(str::to_string),
            raises: initiative.raises().map(str::to_string),
            owner: initiative.owner.clone(),
            metric: initiative.metric().map(str::to_string),
            reason: reason.map(Into::into),
        }
    }

    /// Unscheduled initiative `n`, in rank order.
    fn unscheduled(&self, n: usize) -> UnscheduledOut {
        let u = &self.schedule.unscheduled[n];
        let words = self.words();
        let score = self.ranks[u.item].1;
        let would_place = words.would_place(&u.would_place);
        let mut detail = words.reason(
            u,
            &self.scoring.tier(score).name,
            score,
            self.efforts[u.item],
            self.capacity,
        );
        // The dependency's sentence already names what to place first.
        if let Some(w) = would_place.as_ref().filter(|w| w.kind != "dependency") {
            detail = format!("{detail}; would place it: {}", w.detail);
        }
        UnscheduledOut {
            id: self.portfolio.initiatives[u.item].id.clone(),
            reason: u.reason.into(),
            detail,
            would_place,
        }
    }

    /// The plan row of initiative `id`.
    fn find(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|&i| self.row_of[i])
    }
}

fn levels_map(maturity: Option<&Maturity>, levels: &[Option<u8>]) -> IndexMap<String, Option<u8>> {
    maturity
        .map(|m| {
            m.dimensions
                .iter()
                .zip(levels)
                .map(|(d, l)| (d.id.clone(), *l))
                .collect()
        })
        .unwrap_or_default()
}

/// Plain names for the maturity model's ids: dimension id → name, question id →
/// `Dimension: “question”`, and the overall level.
pub fn labels(maturity: Option<&Maturity>) -> IndexMap<String, String> {
    let mut labels = IndexMap::new();
    for d in maturity.iter().flat_map(|m| &m.dimensions) {
        labels.insert(d.id.clone(), d.name.clone());
        for q in &d.questions {
            labels.insert(q.id.clone(), format!("{}: “{}”", d.name, q.text));
        }
    }
    labels.insert(
        crate::domain::portfolio::OVERALL.to_string(),
        super::decision::OVERALL_NAME.to_string(),
    );
    labels
}

fn pm(v: f64) -> String {
    format!("{} PM", num(v))
}

impl<'a> RoadmapReport<'a> {
    /// Builds the report; its per-initiative lists borrow the portfolio and are made as they
    /// are written.
    pub fn new(input: RoadmapInput<'a, '_>) -> RoadmapReport<'a> {
        let RoadmapInput {
            framework,
            scoring,
            portfolio,
            index,
            ranked,
            efforts,
            schedule,
            phases,
            capacity,
            baseline,
            include_all,
            it_budget,
            title,
        } = input;
        let maturity = framework.maturity.as_ref();
        let count = portfolio.initiatives.len();
        let mut ranks = vec![(0, 0.0); count];
        for r in ranked {
            ranks[r.index] = (r.rank, r.score);
        }
        let mut scheduled: Vec<Vec<usize>> = vec![Vec::new(); phases.len()];
        for r in ranked {
            if let Some(p) = schedule.phase_of[r.index] {
                scheduled[p].push(r.index);
            }
        }
        let mut cost_unknown = Vec::new();
        let mut ai_cost = 0.0;
        let mut phase_costs: Vec<Option<f64>> = vec![None; phases.len()];
        let mut phase_metrics: Vec<Vec<usize>> = vec![Vec::new(); phases.len()];
        for (p, members) in scheduled.iter().enumerate() {
            for &i in members {
                let initiative = &portfolio.initiatives[i];
                if initiative.metric().is_some() {
                    phase_metrics[p].push(i);
                }
                match initiative.cost {
                    Some(c) => {
                        phase_costs[p] = Some(phase_costs[p].unwrap_or(0.0) + c);
                        ai_cost += c;
                    }
                    None => cost_unknown.push(initiative.id.clone()),
                }
            }
        }
        let lengths: Vec<usize> = scheduled.iter().map(Vec::len).collect();
        let mut order: Vec<usize> = scheduled.into_iter().flatten().collect();
        let placed = order.len();
        order.extend(schedule.unscheduled.iter().map(|u| u.item));
        let mut row_of = vec![0; count];
        for (row, &i) in order.iter().enumerate() {
            row_of[i] = row;
        }
        let unscheduled_count = schedule.unscheduled.len();
        let mut waiting: HashMap<Gate, Vec<(usize, u8)>> = HashMap::new();
        for r in ranked
            .iter()
            .filter(|r| schedule.phase_of[r.index].is_some())
        {
            let requirements = portfolio.initiatives[r.index].requirements();
            for gap in readiness::gaps(requirements, &schedule.levels_before[0]) {
                waiting
                    .entry(gap.gate)
                    .or_default()
                    .push((r.index, gap.need));
            }
        }
        let plan = Rc::new(Plan {
            scoring,
            maturity,
            portfolio,
            index,
            baseline,
            phases,
            capacity,
            efforts,
            schedule,
            ranks,
            order,
            row_of,
            scheduled: placed,
            waiting,
        });

        let mut first = 0;
        let phase_outs: Vec<PhaseOut> = phases
            .iter()
            .enumerate()
            .zip(lengths)
            .zip(phase_metrics)
            .zip(phase_costs)
            .map(|((((p, name), length), metrics), cost)| {
                let before = &plan.schedule.levels_before[p];
                let after = &plan.schedule.levels_after[p];
                let raises = maturity
                    .map(|m| {
                        m.dimensions
                            .iter()
                            .zip(before.dimensions.iter().zip(&after.dimensions))
                            .filter(|(_, (b, a))| b != a)
                            .map(|(d, (b, a))| {
                                let from = b.map_or("–".to_string(), |l| l.to_string());
                                let to = a.map_or("–".to_string(), |l| l.to_string());
                                format!("{} {from} → {to}", d.id)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let answers_raised = maturity
                    .map(|m| answers_raised(m, before, after))
                    .unwrap_or_default();
                let members = {
                    let plan = plan.clone();
                    let start = first;
                    Rows::new(length, move |k| {
                        plan.portfolio.initiatives[plan.order[start + k]].id.clone()
                    })
                };
                first += length;
                let metrics = {
                    let plan = plan.clone();
                    Rows::new(metrics.len(), move |k| {
                        let initiative = &plan.portfolio.initiatives[metrics[k]];
                        MetricOut {
                            id: initiative.id.clone(),
                            metric: initiative.metric().unwrap_or_default().to_string(),
                        }
                    })
                };
                PhaseOut {
                    name: name.name.clone(),
                    starts: name.starts.clone(),
                    ends: name.ends.clone(),
                    capacity_pm: capacity,
                    effort_pm: plan.schedule.used[p],
                    cost,
                    initiatives: members,
                    maturity_after: levels_map(maturity, &after.dimensions),
                    overall_after: after.overall,
                    raises,
                    answers_raised,
                    metrics,
                }
            })
            .collect();
        let unscheduled = {
            let plan = plan.clone();
            Rows::new(unscheduled_count, move |n| plan.unscheduled(n))
        };
        let initiatives = {
            let (rows, find) = (plan.clone(), plan.clone());
            Rows::new(rows.order.len(), move |n| rows.planned(n)).with_find(move |id| find.find(id))
        };

        let mut warnings = portfolio_warnings(portfolio);
        let budget = it_budget.map(|it_budget| {
            let ai_share = ai_cost / it_budget;
            let warning = (ai_share < AI_SHARE_WARNING).then(|| {
                format!(
                    "the scheduled AI initiatives cost {:.1}% of the IT budget; organisations that see a positive return on AI tend to invest at least {:.0}%",
                    ai_share * 100.0,
                    AI_SHARE_WARNING * 100.0
                )
            });
            warnings.extend(warning.clone());
            BudgetOut {
                it_budget,
                ai_cost,
                ai_share,
                cost_unknown,
                warning,
            }
        });
        RoadmapReport {
            schema_version: SCHEMA_VERSION,
            framework: FrameworkRef {
                id: framework.id.clone(),
                version: framework.version,
            },
            title,
            organisation: baseline.and_then(|b| b.organisation.clone()),
            readiness_checked: baseline.is_some() && maturity.is_some(),
            maturity_before: baseline.map(|b| MaturityOut {
                overall_level: b.levels.overall,
                levels: levels_map(maturity, &b.levels.dimensions),
            }),
            capacity_pm: capacity,
            include_all,
            phases: phase_outs,
            unscheduled,
            initiatives,
            budget,
            currency: None,
            labels: labels(maturity),
            warnings,
        }
    }
}

/// What a plan is made with besides the portfolio and the assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSettings {
    /// The phases in order.
    pub phases: Vec<PhaseName>,
    /// Person-months per phase; `None` is unlimited.
    pub capacity: Option<f64>,
    /// Schedule the tiers that are otherwise left off (`--include-all`).
    pub include_all: bool,
    /// The IT budget over the plan's horizon (`--it-budget`).
    pub it_budget: Option<f64>,
}

/// Ranks the portfolio and schedules it into phases; the ranking is returned too.
pub fn plan<'a>(
    framework: &'a Framework,
    scoring: &'a Scoring,
    portfolio: &'a Portfolio,
    baseline: Option<&'a Baseline>,
    title: Option<String>,
    settings: &'a PlanSettings,
) -> Result<(Vec<Ranked>, RoadmapReport<'a>)> {
    let capacity = settings.capacity;
    let phases = &settings.phases;
    if settings.it_budget.is_some() && portfolio.initiatives.iter().all(|i| i.cost.is_none()) {
        return Err(Error::Usage(format!(
            "--it-budget needs costs: {} has no cost column, or every cost cell is empty",
            portfolio.source
        )));
    }
    let efforts: Vec<Option<f64>> = portfolio
        .initiatives
        .iter()
        .map(|i| rank::person_months(scoring, i))
        .collect();
    if capacity.is_some() {
        let mut problems = Diagnostics::new();
        for (i, effort) in portfolio.initiatives.iter().zip(&efforts) {
            if effort.is_none() {
                problems.push(Diagnostic::new(
                    Code::MissingValue,
                    portfolio.place(i.line),
                    format!("column \"effort_pm\": \"{}\" has no person-months, and framework \"{}\" has no person_months map to derive them", i.id, framework.id),
                ).with_hint("--capacity needs the effort of every initiative: fill in effort_pm, or leave out --capacity"));
            }
        }
        problems.into_result(())?;
    }
    let ranked = rank::rank(scoring, &portfolio.initiatives);
    let index = portfolio.index_by_id();
    let items: Vec<roadmap::Item> = portfolio
        .initiatives
        .iter()
        .zip(&ranked_scores(&ranked, portfolio.initiatives.len()))
        .zip(&efforts)
        .map(|((i, score), effort)| roadmap::Item {
            depends_on: i.depends_on().iter().map(|d| index[d.as_str()]).collect(),
            requirements: i.requirements().to_vec(),
            lifts: i.lifts().to_vec(),
            effort_pm: effort.unwrap_or(0.0),
            eligible: settings.include_all || scoring.tier(*score).schedule,
        })
        .collect();
    let order: Vec<usize> = ranked.iter().map(|r| r.index).collect();
    let plan = roadmap::Plan {
        phases: phases.len(),
        capacity,
        baseline: baseline.map(|b| match (framework.maturity.as_ref(), &b.answers) {
            (Some(model), Some(answers)) => Start::Answers(model, answers),
            _ => Start::Levels(b.levels.clone()),
        }),
        dimensions: framework
            .maturity
            .as_ref()
            .map_or(0, |m| m.dimensions.len()),
    };
    let schedule = roadmap::schedule(&items, &order, &plan);
    drop((items, order, plan));
    let report = RoadmapReport::new(RoadmapInput {
        framework,
        scoring,
        portfolio,
        index,
        ranked: &ranked,
        efforts,
        schedule,
        phases,
        capacity,
        baseline,
        include_all: settings.include_all,
        it_budget: settings.it_budget,
        title,
    });
    Ok((ranked, report))
}

/// Each initiative's score, by input position.
fn ranked_scores(ranked: &[Ranked], count: usize) -> Vec<f64> {
    let mut scores = vec![0.0; count];
    for r in ranked {
        scores[r.index] = r.score;
    }
    scores
}

/// The answers a phase's raises lift, e.g. `governance.registry 1 → 3` (don't know shows as
/// its lowest level).
fn answers_raised(maturity: &Maturity, before: &Levels, after: &Levels) -> Vec<String> {
    let mut raised = Vec::new();
    for (d, dimension) in maturity.dimensions.iter().enumerate() {
        for (q, question) in dimension.questions.iter().enumerate() {
            let at = |l: &Levels| {
                l.questions
                    .get(d)
                    .and_then(|qs| qs.get(q))
                    .copied()
                    .flatten()
            };
            if let (Some(b), Some(a)) = (at(before), at(after))
                && a > b
            {
                raised.push(format!("{} {} → {}", question.id, num(b), num(a)));
            }
        }
    }
    raised
}

/// What the plan's sentences are made from.
struct Words<'a> {
    portfolio: &'a Portfolio,
    index: &'a HashMap<&'a str, usize>,
    maturity: Option<&'a Maturity>,
    phases: &'a [PhaseName],
    schedule: &'a Schedule,
    /// Rank and score by input position.
    ranks: &'a [(usize, f64)],
}

impl Words<'_> {
    /// `AI-04 Incident summarisation (rank 2)`.
    fn initiative(&self, i: usize) -> String {
        let initiative = &self.portfolio.initiatives[i];
        format!(
            "{} {} (rank {})",
            initiative.id, initiative.name, self.ranks[i].0
        )
    }

    /// `Governance & trust to 2` or `the overall level to 3`.
    fn requirement(&self, r: &Requirement) -> String {
        self.gate(r, "to")
    }

    /// `Governance & trust at 2` or `the overall level at 3`.
    fn standing(&self, r: &Requirement) -> String {
        self.gate(r, "at")
    }

    /// The requirement's gate and level joined by `word`.
    fn gate(&self, r: &Requirement, word: &str) -> String {
        match r.gate {
            Gate::Dimension(d) => {
                let name = self.maturity.map_or_else(
                    || format!("dimension {d}"),
                    |m| m.dimensions[d].name.clone(),
                );
                format!("{name} {word} {}", r.level)
            }
            Gate::Question(d, q) => {
                let id = self.maturity.map_or_else(
                    || format!("question {q} of dimension {d}"),
                    |m| m.dimensions[d].questions[q].id.clone(),
                );
                format!("{id} {word} {}", r.level)
            }
            Gate::Overall => format!("the overall level {word} {}", r.level),
        }
    }

    /// Ids of items, comma-separated.
    fn ids(&self, items: &[usize]) -> Vec<String> {
        items
            .iter()
            .map(|&i| self.portfolio.initiatives[i].id.clone())
            .collect()
    }

    /// `pulled forward for AI-04 Incident summarisation (rank 2): raises governance to 2`, and
    /// when `also` (initiatives waiting for the same gate) is not empty, `, which AI-14
    /// (rank 4) and AI-21 (rank 5) wait for too`.
    fn pull(&self, pull: &Pull, also: &[usize]) -> String {
        let why = match pull.need {
            Need::Dependency if pull.by == pull.origin => "it depends on this".to_string(),
            Need::Dependency => {
                format!("{} depends on this", self.portfolio.initiatives[pull.by].id)
            }
            Need::Enables(r) if pull.by == pull.origin => {
                format!("raises {}", self.requirement(&r))
            }
            Need::Enables(r) => format!(
                "raises {} for {}",
                self.requirement(&r),
                self.portfolio.initiatives[pull.by].id
            ),
        };
        let mut text = format!("pulled forward for {}: {why}", self.initiative(pull.origin));
        /// Named in full up to this many; the rest counted.
        const NAMED: usize = 5;
        let mut others: Vec<String> = also
            .iter()
            .take(NAMED)
            .map(|&i| {
                let id = &self.portfolio.initiatives[i].id;
                format!("{id} (rank {})", self.ranks[i].0)
            })
            .collect();
        if also.len() > NAMED {
            others.push(format!("{} more", also.len() - NAMED));
        }
        let verb = if also.len() == 1 { "waits" } else { "wait" };
        if let Some((last, first)) = others.split_last() {
            let list = if first.is_empty() {
                last.clone()
            } else {
                format!("{} and {last}", first.join(", "))
            };
            text.push_str(&format!(", which {list} {verb} for too"));
        }
        text
    }

    /// Why an initiative is unscheduled, in a sentence.
    fn reason(
        &self,
        u: &Unscheduled,
        tier: &str,
        score: f64,
        effort: Option<f64>,
        capacity: Option<f64>,
    ) -> String {
        let last = self.phases.len() - 1;
        let initiative = &self.portfolio.initiatives[u.item];
        match u.reason {
            Reason::LowScore => {
                format!("tier {tier} (score {score:.2}); nothing scheduled needs it")
            }
            Reason::Dependency => {
                let waits: Vec<String> = initiative
                    .depends_on()
                    .iter()
                    .filter_map(|d| {
                        let j = *self.index.get(d.as_str())?;
                        match self.schedule.phase_of[j] {
                            None => Some(format!("{d} (unscheduled)")),
                            Some(p) if p == last => {
                                Some(format!("{d} (in {}, the last phase)", self.phases[p].name))
                            }
                            Some(_) => None,
                        }
                    })
                    .collect();
                format!("waits for {}", waits.join(", "))
            }
            Reason::Readiness => {
                let gaps: Vec<String> = readiness::gaps(
                    initiative.requirements(),
                    &self.schedule.levels_before[last],
                )
                .iter()
                .filter_map(|g| self.maturity.map(|m| describe_gap(m, g)))
                .collect();
                format!("not ready in any phase: {}", gaps.join(", "))
            }
            Reason::Capacity => {
                let need = effort.unwrap_or(0.0);
                match capacity {
                    Some(c) if need > c => format!(
                        "needs {}, more than a phase's capacity of {}",
                        pm(need),
                        pm(c)
                    ),
                    _ => format!("needs {}; no room left when its turn came", pm(need)),
                }
            }
        }
    }

    /// What would place an unscheduled initiative, as the contract's object.
    fn would_place(&self, would: &WouldPlace) -> Option<WouldPlaceOut> {
        Some(match would {
            WouldPlace::IncludeAll => return None,
            WouldPlace::Capacity { phase, pm: missing } => WouldPlaceOut {
                kind: "capacity".into(),
                phase: phase.map(|p| self.phases[p].name.clone()),
                pm: Some(*missing),
                ids: Vec::new(),
                detail: match phase {
                    Some(p) => format!("{} more in {}", pm(*missing), self.phases[*p].name),
                    None => format!("a phase capacity {} larger", pm(*missing)),
                },
            },
            WouldPlace::Dependency(items) => WouldPlaceOut {
                kind: "dependency".into(),
                phase: None,
                pm: None,
                ids: self.ids(items),
                detail: format!("{} placed first", self.ids(items).join(" and ")),
            },
            WouldPlace::Enabler(items, r) => WouldPlaceOut {
                kind: "enabler".into(),
                phase: None,
                pm: None,
                ids: self.ids(items),
                detail: format!(
                    "{} placed first (raises {})",
                    self.ids(items).join(" and "),
                    self.requirement(r)
                ),
            },
            WouldPlace::Answers(r) => WouldPlaceOut {
                kind: "answers".into(),
                phase: None,
                pm: None,
                ids: Vec::new(),
                detail: format!(
                    "an assessment with {} (the raises in the portfolio do not reach it)",
                    self.standing(r)
                ),
            },
        })
    }
}

impl From<Reason> for UnscheduledReason {
    fn from(reason: Reason) -> Self {
        match reason {
            Reason::LowScore => UnscheduledReason::LowScore,
            Reason::Dependency => UnscheduledReason::Dependency,
            Reason::Readiness => UnscheduledReason::Readiness,
            Reason::Capacity => UnscheduledReason::Capacity,
        }
    }
}
