//! Warnings about a valid framework: things that work but are probably not meant
//! (`framework validate` shows them; `--strict` makes them fail).

use super::Framework;
use crate::formula::{Expr, Node};

/// Marks every variable the expression uses.
fn used_variables(node: &Node, used: &mut [bool]) {
    match &node.expr {
        Expr::Num(_) => {}
        Expr::Var(i) => {
            if let Some(slot) = used.get_mut(*i) {
                *slot = true;
            }
        }
        Expr::Neg(inner) => used_variables(inner, used),
        Expr::Bin(_, a, b) => {
            used_variables(a, used);
            used_variables(b, used);
        }
        Expr::Call(_, args) => args.iter().for_each(|a| used_variables(a, used)),
    }
}

/// The warnings, each naming the field it is about.
pub fn warnings(framework: &Framework) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = &framework.scoring {
        let mut used = vec![false; s.factors.len()];
        used_variables(s.formula.tree(), &mut used);
        for (f, used) in s.factors.iter().zip(used) {
            if !used {
                out.push(format!(
                    "scoring.factors \"{}\": not used in the formula, so it cannot change a score",
                    f.id
                ));
            }
            if f.help.is_none() {
                out.push(format!(
                    "scoring.factors \"{}\": no help, so people scoring initiatives get no guidance",
                    f.id
                ));
            }
        }
        if s.tie_breaks.is_empty() {
            out.push(
                "scoring.tie_breaks: none, so equal scores are ordered by id alone".to_string(),
            );
        }
        for (n, t) in s.tiers.iter().enumerate() {
            if s.tiers[..n].iter().any(|earlier| earlier.name == t.name) {
                out.push(format!("scoring.tiers: \"{}\" appears twice", t.name));
            }
        }
    }
    if let Some(m) = &framework.maturity {
        for d in &m.dimensions {
            for q in &d.questions {
                if q.help.is_none() {
                    out.push(format!(
                        "maturity.dimensions \"{}\" question \"{}\": no help, so respondents cannot see why it matters",
                        d.id, q.id
                    ));
                }
            }
            let n = d.questions.len();
            if n > 0 && !m.is_complete(n - 1, n) {
                let enough = (n + 1..=n + 100).find(|&k| m.is_complete(k - 1, k));
                let advice = enough.map_or_else(
                    || ".".to_string(),
                    |k| format!("; give it at least {k} questions."),
                );
                out.push(format!(
                    "maturity.dimensions \"{}\": {}, so a single skipped question leaves it below completeness_min {} and withholds the overall level{advice}",
                    d.id,
                    crate::text::plural(n, "question"),
                    m.completeness_min,
                ));
            }
            if d.optional && !d.questions.iter().any(|q| q.allow_na) {
                out.push(format!(
                    "maturity.dimensions \"{}\": optional has no effect, because none of its questions accepts n/a",
                    d.id
                ));
            }
            let top = m.levels.len() as u8;
            for level in 2..=top {
                if !d.recommendations.iter().any(|(l, _)| *l == level) {
                    out.push(format!(
                        "maturity.dimensions \"{}\": no recommendation for reaching level {level}",
                        d.id
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::{builtin, validate};

    #[test]
    fn built_in_frameworks_have_no_warnings() {
        for (id, file, text) in builtin::BUILTINS {
            let f = validate::load(file, text).unwrap();
            assert_eq!(warnings(&f), Vec::<String>::new(), "{id}");
        }
    }

    #[test]
    fn unused_factors_missing_help_and_tie_breaks_are_reported() {
        let yaml = "id: x\nversion: 1\nname: X\nscoring:\n  name: S\n  factors:\n    - {id: a, name: A, kind: benefit, scale: {min: 0, max: 5}, help: fine}\n    - {id: b, name: B, kind: benefit, scale: {min: 0, max: 5}}\n  formula: a * 2\n  tiers:\n    - {name: High, min: 5}\n    - {name: High}\n";
        let f = validate::load("x.yaml", yaml).unwrap();
        assert_eq!(
            warnings(&f),
            [
                "scoring.factors \"b\": not used in the formula, so it cannot change a score",
                "scoring.factors \"b\": no help, so people scoring initiatives get no guidance",
                "scoring.tie_breaks: none, so equal scores are ordered by id alone",
                "scoring.tiers: \"High\" appears twice",
            ]
        );
    }

    /// A one-dimension maturity model with `n` questions of two options each.
    fn maturity_yaml(n: usize, completeness_min: f64, optional: bool, allow_na: bool) -> String {
        let mut yaml = format!(
            "id: x\nversion: 1\nname: X\nmaturity:\n  completeness_min: {completeness_min}\n  levels:\n    - {{level: 1, name: One}}\n    - {{level: 2, name: Two}}\n  dimensions:\n    - id: d\n      name: D\n      optional: {optional}\n      recommendations: {{2: Do it.}}\n      questions:\n"
        );
        for q in 1..=n {
            yaml.push_str(&format!(
                "        - {{id: d.q{q}, text: Q, help: H, allow_na: {allow_na}, options: [{{level: 1, text: a}}, {{level: 2, text: b}}]}}\n"
            ));
        }
        yaml
    }

    #[test]
    fn a_dimension_too_small_for_one_skip_is_reported() {
        let lint = |n, min| {
            let f = validate::load("x.yaml", &maturity_yaml(n, min, false, true)).unwrap();
            warnings(&f)
        };
        // 4 of 5 reaches 0.8; 3 of 4 does not.
        assert_eq!(lint(5, 0.8), Vec::<String>::new());
        assert_eq!(
            lint(4, 0.8),
            [
                "maturity.dimensions \"d\": 4 questions, so a single skipped question leaves it below completeness_min 0.8 and withholds the overall level; give it at least 5 questions."
            ]
        );
        assert_eq!(
            lint(1, 0.5),
            [
                "maturity.dimensions \"d\": 1 question, so a single skipped question leaves it below completeness_min 0.5 and withholds the overall level; give it at least 2 questions."
            ]
        );
        assert_eq!(lint(2, 0.5), Vec::<String>::new());
        // With completeness_min 1 every question must be answered: no size is enough.
        assert_eq!(
            lint(6, 1.0),
            [
                "maturity.dimensions \"d\": 6 questions, so a single skipped question leaves it below completeness_min 1 and withholds the overall level."
            ]
        );
        assert_eq!(lint(1, 0.0), Vec::<String>::new());
    }

    #[test]
    fn optional_without_any_question_that_accepts_na_is_reported() {
        let f = validate::load("x.yaml", &maturity_yaml(5, 0.8, true, false)).unwrap();
        assert_eq!(
            warnings(&f),
            [
                "maturity.dimensions \"d\": optional has no effect, because none of its questions accepts n/a"
            ]
        );
        let f = validate::load("x.yaml", &maturity_yaml(5, 0.8, true, true)).unwrap();
        assert_eq!(warnings(&f), Vec::<String>::new());
    }
}
