//! Interval analysis of a formula over the declared scales: division by zero, ln/sqrt of
//! non-positive values.

use super::FormulaError;
use super::parse::{BinOp, Expr, Func, Node};

/// The values an expression can take: from `lo` to `hi`, each end included unless marked open
/// (a scale with `min_exclusive: true` gives `(0, 1]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lowest possible value (may be infinite).
    pub lo: f64,
    /// Highest possible value (may be infinite).
    pub hi: f64,
    /// Whether `lo` itself is excluded.
    pub lo_open: bool,
    /// Whether `hi` itself is excluded.
    pub hi_open: bool,
}

/// An end of an interval: its value and whether it is excluded.
type Bound = (f64, bool);

impl Interval {
    /// All values from `lo` to `hi`, both included.
    pub fn closed(lo: f64, hi: f64) -> Interval {
        Interval {
            lo,
            hi,
            lo_open: false,
            hi_open: false,
        }
    }

    fn low(&self) -> Bound {
        (self.lo, self.lo_open)
    }

    fn high(&self) -> Bound {
        (self.hi, self.hi_open)
    }

    /// Whether zero is one of the values.
    fn holds_zero(&self) -> bool {
        (self.lo < 0.0 || (self.lo == 0.0 && !self.lo_open))
            && (self.hi > 0.0 || (self.hi == 0.0 && !self.hi_open))
    }

    /// The smallest and largest of candidate ends; an end reached by a closed candidate is
    /// closed.
    fn of(candidates: &[Bound]) -> Interval {
        let clean = candidates
            .iter()
            .map(|&(v, open)| if v.is_nan() { (0.0, false) } else { (v, open) });
        let mut out = Interval {
            lo: f64::INFINITY,
            hi: f64::NEG_INFINITY,
            lo_open: true,
            hi_open: true,
        };
        for (v, open) in clean {
            (out.lo, out.lo_open) = lower((out.lo, out.lo_open), (v, open));
            (out.hi, out.hi_open) = upper((out.hi, out.hi_open), (v, open));
        }
        out
    }
}

/// The smaller of two ends; at a tie an included end wins.
fn lower(a: Bound, b: Bound) -> Bound {
    if b.0 < a.0 || (b.0 == a.0 && !b.1) {
        b
    } else {
        a
    }
}

/// The larger of two ends; at a tie an included end wins.
fn upper(a: Bound, b: Bound) -> Bound {
    if b.0 > a.0 || (b.0 == a.0 && !b.1) {
        b
    } else {
        a
    }
}

/// `a · b` as an end: open when either end is open, unless one is an included zero (then the
/// product, zero, is reached).
fn times(a: Bound, b: Bound) -> Bound {
    let zero_reached = (a.0 == 0.0 && !a.1) || (b.0 == 0.0 && !b.1);
    (a.0 * b.0, (a.1 || b.1) && !zero_reached)
}

/// Checks that the formula is defined everywhere on the declared scales: no division by an
/// interval containing zero, no `ln`/`sqrt` of non-positive/negative values, no negative base
/// under a fractional power. Returns the range of possible results.
pub fn check_domain(node: &Node, scales: &[Interval]) -> Result<Interval, FormulaError> {
    let fail = |n: &Node, message: String| FormulaError {
        column: n.column,
        message,
    };
    Ok(match &node.expr {
        Expr::Num(v) => Interval::closed(*v, *v),
        Expr::Var(i) => scales[*i],
        Expr::Neg(inner) => {
            let x = check_domain(inner, scales)?;
            Interval {
                lo: -x.hi,
                hi: -x.lo,
                lo_open: x.hi_open,
                hi_open: x.lo_open,
            }
        }
        Expr::Bin(op, a, b) => {
            let x = check_domain(a, scales)?;
            let y = check_domain(b, scales)?;
            let r = match op {
                BinOp::Add => Interval {
                    lo: x.lo + y.lo,
                    hi: x.hi + y.hi,
                    lo_open: x.lo_open || y.lo_open,
                    hi_open: x.hi_open || y.hi_open,
                },
                BinOp::Sub => Interval {
                    lo: x.lo - y.hi,
                    hi: x.hi - y.lo,
                    lo_open: x.lo_open || y.hi_open,
                    hi_open: x.hi_open || y.lo_open,
                },
                BinOp::Mul => Interval::of(&[
                    times(x.low(), y.low()),
                    times(x.low(), y.high()),
                    times(x.high(), y.low()),
                    times(x.high(), y.high()),
                ]),
                BinOp::Div => {
                    if y.holds_zero() {
                        return Err(fail(
                            b,
                            format!(
                                "this divisor can be zero on the declared scales (it ranges from {} to {}); give its factors a minimum above 0",
                                fmt_bound(y.lo),
                                fmt_bound(y.hi)
                            ),
                        ));
                    }
                    // 1/y over an interval without zero; an open zero end gives an open infinity.
                    let (r1, r2) = ((1.0 / y.hi, y.hi_open), (1.0 / y.lo, y.lo_open));
                    Interval::of(&[
                        times(x.low(), r1),
                        times(x.low(), r2),
                        times(x.high(), r1),
                        times(x.high(), r2),
                    ])
                }
                BinOp::Pow => {
                    let integral_exponent = y.lo == y.hi && y.lo.fract() == 0.0;
                    if x.lo < 0.0 && !integral_exponent {
                        return Err(fail(
                            a,
                            "this base can be negative under a fractional power on the declared scales".into(),
                        ));
                    }
                    if x.holds_zero() && y.lo < 0.0 {
                        return Err(fail(
                            a,
                            "this base can be zero under a negative power (a division by zero) on the declared scales".into(),
                        ));
                    }
                    let power = |b: Bound, e: Bound| (b.0.powf(e.0), b.1 || e.1);
                    let mut r = Interval::of(&[
                        power(x.low(), y.low()),
                        power(x.low(), y.high()),
                        power(x.high(), y.low()),
                        power(x.high(), y.high()),
                    ]);
                    // A base that crosses zero reaches 0 inside the interval (e.g. (x - 3)^2).
                    if x.lo < 0.0 && x.hi > 0.0 {
                        if r.lo >= 0.0 {
                            (r.lo, r.lo_open) = (0.0, false);
                        }
                        if r.hi <= 0.0 {
                            (r.hi, r.hi_open) = (0.0, false);
                        }
                    }
                    r
                }
            };
            overflow_check(node, r, &[x, y])?
        }
        Expr::Call(func, args) => {
            let xs = args
                .iter()
                .map(|a| check_domain(a, scales))
                .collect::<Result<Vec<_>, _>>()?;
            let r = match func {
                Func::Min | Func::Max => {
                    let is_min = matches!(func, Func::Min);
                    let pick = |a: Bound, b: Bound| if is_min { lower(a, b) } else { upper(a, b) };
                    let (lo, lo_open) = xs
                        .iter()
                        .map(Interval::low)
                        .reduce(pick)
                        .unwrap_or((0.0, false));
                    let (hi, hi_open) = xs
                        .iter()
                        .map(Interval::high)
                        .reduce(pick)
                        .unwrap_or((0.0, false));
                    Interval {
                        lo,
                        hi,
                        lo_open,
                        hi_open,
                    }
                }
                Func::Sqrt => {
                    if xs[0].lo < 0.0 {
                        return Err(fail(
                            &args[0],
                            format!(
                                "sqrt of a value that can be negative (as low as {})",
                                fmt_bound(xs[0].lo)
                            ),
                        ));
                    }
                    Interval {
                        lo: xs[0].lo.sqrt(),
                        hi: xs[0].hi.sqrt(),
                        ..xs[0]
                    }
                }
                Func::Ln => {
                    if xs[0].lo < 0.0 || (xs[0].lo == 0.0 && !xs[0].lo_open) {
                        return Err(fail(
                            &args[0],
                            format!(
                                "ln of a value that can be zero or negative (as low as {})",
                                fmt_bound(xs[0].lo)
                            ),
                        ));
                    }
                    Interval {
                        lo: xs[0].lo.ln(),
                        hi: xs[0].hi.ln(),
                        ..xs[0]
                    }
                }
            };
            overflow_check(node, r, &xs)?
        }
    })
}

/// `r`, the values of `node`, unless they reach an infinity that its operands, all finite,
/// do not have: the largest number (about 1.8e308) is exceeded, and the score would print as
/// `inf` (or, further on, `NaN`). An open infinity (1/x near an excluded 0) is never reached.
fn overflow_check(
    node: &Node,
    r: Interval,
    operands: &[Interval],
) -> Result<Interval, FormulaError> {
    let finite = operands
        .iter()
        .all(|x| x.lo.is_finite() && x.hi.is_finite());
    let reached = (r.lo.is_infinite() && !r.lo_open) || (r.hi.is_infinite() && !r.hi_open);
    if finite && reached {
        return Err(FormulaError {
            column: node.column,
            message: format!(
                "this part overflows on the declared scales: it can exceed the largest number a score can hold (about 1.8e308; it ranges from {} to {})",
                fmt_bound(r.lo),
                fmt_bound(r.hi)
            ),
        });
    }
    Ok(r)
}

fn fmt_bound(v: f64) -> String {
    if v.is_infinite() {
        if v > 0.0 {
            "infinity".into()
        } else {
            "-infinity".into()
        }
    } else {
        format!("{v}")
    }
}
