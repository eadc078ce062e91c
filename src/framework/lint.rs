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
}
