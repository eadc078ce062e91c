//! The expression tree compiled to a flat postfix program, evaluated per row or per column.

use super::parse::{BinOp, Expr, Func, Node, parse};
use super::{FormulaError, MAX_STACK};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Const(f64),
    Var(usize),
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Min(usize),
    Max(usize),
    Sqrt,
    Ln,
}

/// Stack slots of the fast path of [`Formula::eval`].
const SMALL_STACK: usize = 8;

/// A compiled formula: a flat postfix program, evaluated on a fixed-size stack.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    ops: Vec<Op>,
    tree: Node,
    depth: usize,
}

impl Formula {
    /// Parses and compiles `src` over the variables `vars`.
    pub fn compile(src: &str, vars: &[&str]) -> Result<Formula, FormulaError> {
        let tree = parse(src, vars)?;
        let mut ops = Vec::new();
        let depth = emit(&tree, &mut ops);
        if depth > MAX_STACK {
            return Err(FormulaError {
                column: 1,
                message: format!("the formula nests too deeply (more than {MAX_STACK} levels)"),
            });
        }
        Ok(Formula { ops, tree, depth })
    }

    /// The expression tree, for analysis.
    pub fn tree(&self) -> &Node {
        &self.tree
    }

    /// Evaluates the formula with `values[i]` bound to variable `i`.
    #[inline]
    pub fn eval(&self, values: &[f64]) -> f64 {
        // A small stack for the usual formula: zeroing 64 slots per call would cost more than
        // the arithmetic.
        if self.depth <= SMALL_STACK {
            self.run::<SMALL_STACK>(values)
        } else {
            self.run::<MAX_STACK>(values)
        }
    }

    #[inline]
    fn run<const N: usize>(&self, values: &[f64]) -> f64 {
        let mut stack = [0.0f64; N];
        let mut top = 0usize;
        for op in &self.ops {
            match *op {
                Op::Const(v) => {
                    stack[top] = v;
                    top += 1;
                }
                Op::Var(i) => {
                    stack[top] = values[i];
                    top += 1;
                }
                Op::Neg => stack[top - 1] = -stack[top - 1],
                Op::Sqrt => stack[top - 1] = stack[top - 1].sqrt(),
                Op::Ln => stack[top - 1] = stack[top - 1].ln(),
                Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow => {
                    top -= 1;
                    let (a, b) = (stack[top - 1], stack[top]);
                    stack[top - 1] = match *op {
                        Op::Add => a + b,
                        Op::Sub => a - b,
                        Op::Mul => a * b,
                        Op::Div => a / b,
                        _ => a.powf(b),
                    };
                }
                Op::Min(n) | Op::Max(n) => {
                    let args = &stack[top - n..top];
                    let is_min = matches!(op, Op::Min(_));
                    let mut acc = args[0];
                    for &v in &args[1..] {
                        acc = if is_min { acc.min(v) } else { acc.max(v) };
                    }
                    top -= n;
                    stack[top] = acc;
                    top += 1;
                }
            }
        }
        stack[0]
    }
}

impl Formula {
    /// Evaluates the formula for many rows at once: `columns[i][j]` is variable `i` of row `j`,
    /// `out[j]` receives row `j`'s value. One pass per operation over all rows, so the
    /// interpretation is paid once per batch; `stack` is a reusable scratch space. Gives the same
    /// values as [`Formula::eval`] row by row.
    pub fn eval_columns(&self, columns: &[Vec<f64>], out: &mut [f64], stack: &mut Vec<Vec<f64>>) {
        /// A stack entry: computed in its slot, or still the variable's own column (a variable
        /// is read where it is, not copied onto the stack first).
        #[derive(Clone, Copy)]
        enum Entry {
            Slot,
            Column(usize),
        }
        let m = out.len();
        if stack.len() < self.depth {
            stack.resize_with(self.depth, Vec::new);
        }
        for slot in stack.iter_mut() {
            slot.resize(m, 0.0);
        }
        let mut entries = vec![Entry::Slot; self.depth];
        // Puts a variable's column into its slot, for operations that work in place.
        let materialise = |stack: &mut [Vec<f64>], entries: &mut [Entry], at: usize| {
            if let Entry::Column(i) = entries[at] {
                stack[at].copy_from_slice(&columns[i][..m]);
                entries[at] = Entry::Slot;
            }
        };
        let mut top = 0usize;
        for op in &self.ops {
            match *op {
                Op::Const(v) => {
                    stack[top].fill(v);
                    entries[top] = Entry::Slot;
                    top += 1;
                }
                Op::Var(i) => {
                    entries[top] = Entry::Column(i);
                    top += 1;
                }
                Op::Neg | Op::Sqrt | Op::Ln => {
                    materialise(stack, &mut entries, top - 1);
                    let x = stack[top - 1].iter_mut();
                    match *op {
                        Op::Neg => x.for_each(|x| *x = -*x),
                        Op::Sqrt => x.for_each(|x| *x = x.sqrt()),
                        _ => x.for_each(|x| *x = x.ln()),
                    }
                }
                Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow => {
                    top -= 1;
                    let (left, right) = stack.split_at_mut(top);
                    let b: &[f64] = match entries[top] {
                        Entry::Column(j) => &columns[j][..m],
                        Entry::Slot => &right[0],
                    };
                    let a = match entries[top - 1] {
                        Entry::Column(i) => Some(&columns[i][..m]),
                        Entry::Slot => None,
                    };
                    let dest = &mut left[top - 1];
                    match *op {
                        Op::Add => zip_with(dest, a, b, |x, y| x + y),
                        Op::Sub => zip_with(dest, a, b, |x, y| x - y),
                        Op::Mul => zip_with(dest, a, b, |x, y| x * y),
                        Op::Div => zip_with(dest, a, b, |x, y| x / y),
                        _ => zip_with(dest, a, b, f64::powf),
                    }
                    entries[top - 1] = Entry::Slot;
                }
                Op::Min(n) | Op::Max(n) => {
                    let is_min = matches!(op, Op::Min(_));
                    let base = top - n;
                    for at in base..top {
                        materialise(stack, &mut entries, at);
                    }
                    let (left, right) = stack.split_at_mut(base + 1);
                    let acc = &mut left[base];
                    for other in &right[..n - 1] {
                        for (x, y) in acc.iter_mut().zip(other) {
                            *x = if is_min { x.min(*y) } else { x.max(*y) };
                        }
                    }
                    top = base + 1;
                }
            }
        }
        match entries[0] {
            Entry::Column(i) => out.copy_from_slice(&columns[i][..m]),
            Entry::Slot => out.copy_from_slice(&stack[0][..m]),
        }
    }
}

/// `dest[r] = f(a[r], b[r])`, where `a` is `dest` itself when `None`.
fn zip_with(dest: &mut [f64], a: Option<&[f64]>, b: &[f64], f: impl Fn(f64, f64) -> f64) {
    match a {
        None => dest.iter_mut().zip(b).for_each(|(x, y)| *x = f(*x, *y)),
        Some(a) => dest
            .iter_mut()
            .zip(a.iter().zip(b))
            .for_each(|(x, (u, v))| *x = f(*u, *v)),
    }
}

/// Appends the postfix program for `node`; returns the stack depth it needs.
fn emit(node: &Node, ops: &mut Vec<Op>) -> usize {
    match &node.expr {
        Expr::Num(v) => {
            ops.push(Op::Const(*v));
            1
        }
        Expr::Var(i) => {
            ops.push(Op::Var(*i));
            1
        }
        Expr::Neg(inner) => {
            let d = emit(inner, ops);
            ops.push(Op::Neg);
            d
        }
        Expr::Bin(op, a, b) => {
            let da = emit(a, ops);
            let db = emit(b, ops);
            ops.push(match op {
                BinOp::Add => Op::Add,
                BinOp::Sub => Op::Sub,
                BinOp::Mul => Op::Mul,
                BinOp::Div => Op::Div,
                BinOp::Pow => Op::Pow,
            });
            da.max(db + 1)
        }
        Expr::Call(func, args) => {
            let mut depth = 0;
            for (i, arg) in args.iter().enumerate() {
                depth = depth.max(emit(arg, ops) + i);
            }
            ops.push(match func {
                Func::Min => Op::Min(args.len()),
                Func::Max => Op::Max(args.len()),
                Func::Sqrt => Op::Sqrt,
                Func::Ln => Op::Ln,
            });
            depth
        }
    }
}
