//! The checks across rows: every dependency names another initiative, and no cycle.

use crate::domain::{Initiative, Portfolio};
use crate::error::{Code, Diagnostic, Diagnostics, did_you_mean};
use rayon::prelude::*;
use std::collections::HashMap;

/// Unknown or self dependencies, and dependency cycles, are errors on the row that names them.
/// With `skip`, such rows are dropped, repeatedly, since dropping one can orphan another.
pub fn check_dependencies(portfolio: &mut Portfolio, problems: &mut Diagnostics, skip: bool) {
    loop {
        check_references(portfolio, problems, skip);
        let cycles = find_cycles(&portfolio.initiatives);
        if cycles.is_empty() {
            return;
        }
        let mut bad = Vec::new();
        for cycle in cycles {
            let d = cycle_diagnostic(portfolio, &cycle);
            if skip {
                // Each member is dropped on its own line, naming the cycle it is part of.
                bad.extend(cycle.iter().map(|&i| {
                    let mut member = d.clone();
                    member.place = portfolio.depends_on_place(portfolio.initiatives[i].line);
                    (i, member)
                }));
            } else {
                problems.push(d);
            }
        }
        if !skip {
            return;
        }
        drop_rows(portfolio, bad);
    }
}

/// Members of a cycle named in full; a longer cycle names its first and last few.
const CYCLE_SHOWN: usize = 12;

/// `dependency cycle A → B → C → A` (each arrow reads "depends on"), on the first member's line;
/// a cycle of more than [`CYCLE_SHOWN`] initiatives is abbreviated
/// (`A → B → … (199,990 more) … → Y → Z → A`), so the message stays one readable line.
fn cycle_diagnostic(portfolio: &Portfolio, cycle: &[usize]) -> Diagnostic {
    let first = &portfolio.initiatives[cycle[0]];
    let id = |i: &usize| portfolio.initiatives[*i].id.as_str();
    let mut path: Vec<String> = if cycle.len() <= CYCLE_SHOWN {
        cycle.iter().map(|i| id(i).to_string()).collect()
    } else {
        let half = CYCLE_SHOWN / 2;
        let hidden = cycle.len() - 2 * half;
        let mut path: Vec<String> = cycle[..half].iter().map(|i| id(i).to_string()).collect();
        path.push(format!("… ({hidden} more) …"));
        path.extend(
            cycle[cycle.len() - half..]
                .iter()
                .map(|i| id(i).to_string()),
        );
        path
    };
    path.push(first.id.clone());
    let size = if cycle.len() > CYCLE_SHOWN {
        format!(" of {} initiatives", cycle.len())
    } else {
        String::new()
    };
    Diagnostic::new(
        Code::DependencyCycle,
        portfolio.depends_on_place(first.line),
        format!(
            "column \"depends_on\": dependency cycle{size} {}",
            path.join(" → ")
        ),
    )
    .with_hint("an initiative cannot wait for itself; remove one of these dependencies")
}

/// Moves the rows at the given indices to `skipped` with their diagnostics.
fn drop_rows(portfolio: &mut Portfolio, bad: Vec<(usize, Diagnostic)>) {
    let mut drop = vec![false; portfolio.initiatives.len()];
    for (n, d) in bad {
        drop[n] = true;
        portfolio.skipped.push(d);
    }
    let mut n = 0;
    portfolio.initiatives.retain(|_| {
        n += 1;
        !drop[n - 1]
    });
}

/// Every dependency cycle, found by an iterative depth-first search in file order; each cycle
/// as row indices starting from its member that comes first in the file. Memory goes with
/// the dependencies, not the rows: only rows that depend or are depended on are in the graph.
pub fn find_cycles(initiatives: &[Initiative]) -> Vec<Vec<usize>> {
    let named = positions_of_named(initiatives);
    // Each dependency as (row, row it names); self-dependencies are reported on their own,
    // unknown ids are skipped.
    let pairs: Vec<(usize, usize)> = initiatives
        .iter()
        .enumerate()
        .flat_map(|(n, i)| {
            let named = &named;
            i.depends_on()
                .iter()
                .filter_map(move |d| named.get(d.as_str()).copied().flatten())
                .filter(move |&to| to != n)
                .map(move |to| (n, to))
        })
        .collect();
    // The members in file order, numbered densely: the search visits them as it visited
    // every row, since a row outside the graph has no edge.
    let mut members: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    members.sort_unstable();
    members.dedup();
    let dense = |r: usize| members.binary_search(&r).expect("a member");
    let mut edges = vec![Vec::new(); members.len()];
    for &(from, to) in &pairs {
        edges[dense(from)].push(dense(to));
    }
    cycles(&edges)
        .into_iter()
        .map(|cycle| cycle.into_iter().map(|k| members[k]).collect())
        .collect()
}

/// Every id some row depends on, with the position of the last row that has it (`None`: no
/// row has it).
fn positions_of_named(initiatives: &[Initiative]) -> HashMap<&str, Option<usize>> {
    let mut named: HashMap<&str, Option<usize>> = initiatives
        .iter()
        .flat_map(|i| i.depends_on().iter().map(|d| (d.as_str(), None)))
        .collect();
    if !named.is_empty() {
        for (n, i) in initiatives.iter().enumerate() {
            if let Some(position) = named.get_mut(i.id.as_str()) {
                *position = Some(n);
            }
        }
    }
    named
}

/// Every cycle of a directed graph (`edges[node]` lists where `node` points), found by an
/// iterative depth-first search from each node in order; each cycle as nodes starting from its
/// lowest.
pub fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; edges.len()];
    let mut cycles = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..edges.len() {
        if state[root] != State::New {
            continue;
        }
        state[root] = State::Open;
        stack.push((root, 0));
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&to) = edges[node].get(*next) {
                *next += 1;
                match state[to] {
                    State::New => {
                        state[to] = State::Open;
                        stack.push((to, 0));
                    }
                    State::Open => {
                        let from = stack.iter().position(|&(n, _)| n == to).unwrap_or(0);
                        let mut cycle: Vec<usize> = stack[from..].iter().map(|&(n, _)| n).collect();
                        let start = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
                        cycle.rotate_left(start);
                        cycles.push(cycle);
                    }
                    State::Done => {}
                }
            } else {
                state[node] = State::Done;
                stack.pop();
            }
        }
    }
    cycles
}

/// Unknown or self dependencies.
fn check_references(portfolio: &mut Portfolio, problems: &mut Diagnostics, skip: bool) {
    loop {
        let ids = positions_of_named(&portfolio.initiatives);
        let mut bad: Vec<(usize, Diagnostic)> = Vec::new();
        for (n, initiative) in portfolio.initiatives.iter().enumerate() {
            for dep in initiative.depends_on() {
                let message = if *dep == initiative.id {
                    format!("column \"depends_on\": \"{dep}\" is the initiative itself")
                } else if ids.get(dep.as_str()).is_some_and(Option::is_none) {
                    // Suggest from the ids in file order (deterministic), never the row itself.
                    let others = portfolio
                        .initiatives
                        .iter()
                        .map(|i| i.id.as_str())
                        .filter(|id| *id != initiative.id);
                    let hint = did_you_mean(dep, others)
                        .map(|s| format!(", did you mean \"{s}\"?"))
                        .unwrap_or_default();
                    format!("column \"depends_on\": no initiative has the id \"{dep}\"{hint}")
                } else {
                    continue;
                };
                bad.push((
                    n,
                    Diagnostic::new(
                        Code::UnknownDependency,
                        portfolio.depends_on_place(initiative.line),
                        message,
                    ),
                ));
            }
        }
        if bad.is_empty() {
            return;
        }
        if !skip {
            for (_, d) in bad {
                problems.push(d);
            }
            return;
        }
        drop_rows(portfolio, bad);
    }
}

/// The rows in id order (byte order) when every id is unique; `None` at a duplicate. `id(r)` is
/// row `r`'s id. Rows listed in id order (common) need no sort: strictly increasing ids are
/// also unique. The fast check of the lean path; [`check_dependencies`] and the readers report
/// the same problems one by one.
pub fn ids_in_order<'a>(count: usize, id: impl Fn(usize) -> &'a [u8] + Sync) -> Option<Vec<u32>> {
    let mut by_id: Vec<u32> = (0..count as u32).collect();
    if !(1..count).into_par_iter().all(|r| id(r - 1) < id(r)) {
        by_id.par_sort_unstable_by(|&a, &b| id(a as usize).cmp(id(b as usize)));
        if by_id
            .windows(2)
            .any(|w| id(w[0] as usize) == id(w[1] as usize))
        {
            return None;
        }
    }
    Some(by_id)
}

/// Whether every dependency names another row and the dependencies have no cycle; `by_id` is
/// the rows in id order, `dependencies` each row's named ids. The fast check of the lean path.
pub fn dependencies_hold<'a>(
    by_id: &[u32],
    id: impl Fn(usize) -> &'a [u8],
    dependencies: &'a [(u32, Vec<String>)],
) -> bool {
    let n = by_id.len();
    // Every dependency named, in id order, matched against the ids in id order in one walk.
    let mut wanted: Vec<(&[u8], u32)> = dependencies
        .iter()
        .flat_map(|(row, deps)| deps.iter().map(move |d| (d.as_bytes(), *row)))
        .collect();
    wanted.par_sort_unstable();
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(wanted.len());
    let mut k = 0;
    for (dep, row) in wanted {
        while k < n && id(by_id[k] as usize) < dep {
            k += 1;
        }
        if k == n || id(by_id[k] as usize) != dep || by_id[k] == row {
            return false;
        }
        pairs.push((row, by_id[k]));
    }
    // The graph of the rows that take part in a dependency, numbered densely (memory for
    // those rows only, not for every row).
    pairs.sort_unstable();
    let mut members: Vec<u32> = pairs
        .iter()
        .flat_map(|&(row, target)| [row, target])
        .collect();
    members.par_sort_unstable();
    members.dedup();
    let dense = |r: u32| members.binary_search(&r).expect("a member");
    let mut edges = vec![Vec::new(); members.len()];
    for &(row, target) in &pairs {
        edges[dense(row)].push(dense(target));
    }
    cycles(&edges).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, deps: &[&str]) -> Initiative {
        let mut i = Initiative::new(1, id.into(), id.into(), vec![], 0);
        if !deps.is_empty() {
            i.details_mut().depends_on = deps.iter().map(|d| d.to_string()).collect();
        }
        i
    }

    /// The search over every row, as it was before the graph held only the rows in it.
    fn cycles_over_every_row(initiatives: &[Initiative]) -> Vec<Vec<usize>> {
        let index: HashMap<&str, usize> = initiatives
            .iter()
            .enumerate()
            .map(|(n, i)| (i.id.as_str(), n))
            .collect();
        let edges: Vec<Vec<usize>> = initiatives
            .iter()
            .enumerate()
            .map(|(n, i)| {
                i.depends_on()
                    .iter()
                    .filter_map(|d| index.get(d.as_str()).copied())
                    .filter(|&to| to != n)
                    .collect()
            })
            .collect();
        cycles(&edges)
    }

    #[test]
    fn cycles_are_found_in_row_order_among_rows_outside_the_graph() {
        let rows = [
            row("Z", &[]),
            row("C", &["A"]),
            row("Y", &[]),
            row("A", &["B", "nobody", "A"]),
            row("B", &["C"]),
            row("X", &["Y"]),
            row("D", &["E"]),
            row("E", &["D"]),
            // A repeated id: dependencies on it reach its last row, as an index of every row did.
            row("Y", &["X"]),
        ];
        let found = find_cycles(&rows);
        assert_eq!(found, vec![vec![1, 3, 4], vec![5, 8], vec![6, 7]]);
        assert_eq!(found, cycles_over_every_row(&rows));
        assert!(find_cycles(&[row("A", &[]), row("B", &["A"])]).is_empty());
    }
}
