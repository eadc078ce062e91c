//! The formula language: a small precedence-climbing parser, compiled once into a flat stack
//! program that evaluates over a slice of factor values.
//!
//! Grammar (lowest to highest precedence):
//!
//! ```text
//! expr    := term (('+' | '-') term)*
//! term    := unary (('*' | '/') unary)*
//! unary   := '-' unary | power          (so -x^2 is -(x^2))
//! power   := primary ('^' unary)?       (right-associative)
//! primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
//! ```
//!
//! Functions: `min(a, b, …)`, `max(a, b, …)`, `sqrt(x)`, `ln(x)`.

use std::fmt;

/// Deepest nesting a formula may have; keeps evaluation on a fixed-size stack.
const MAX_STACK: usize = 64;

/// A problem in a formula, with the 1-based character column in the expression.
#[derive(Debug, Clone, PartialEq)]
pub struct FormulaError {
    /// 1-based column (in characters) of the offending token.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for FormulaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Num(f64),
    Name,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    LParen,
    RParen,
    Comma,
    End,
}

#[derive(Debug, Clone)]
struct Token<'a> {
    tok: Tok,
    text: &'a str,
    column: usize,
}

fn tokenize(src: &str) -> Result<Vec<Token<'_>>, FormulaError> {
    let mut tokens = Vec::new();
    let mut chars = src.char_indices().peekable();
    let column_of = |byte: usize| src[..byte].chars().count() + 1;
    while let Some(&(start, c)) = chars.peek() {
        let column = column_of(start);
        let single = |tok| Token {
            tok,
            text: &src[start..start + c.len_utf8()],
            column,
        };
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                chars.next();
            }
            '+' | '-' | '*' | '/' | '^' | '(' | ')' | ',' => {
                chars.next();
                tokens.push(single(match c {
                    '+' => Tok::Plus,
                    '-' => Tok::Minus,
                    '*' => Tok::Star,
                    '/' => Tok::Slash,
                    '^' => Tok::Caret,
                    '(' => Tok::LParen,
                    ')' => Tok::RParen,
                    _ => Tok::Comma,
                }));
            }
            '0'..='9' | '.' => {
                let mut end = start;
                while let Some(&(i, d)) = chars.peek() {
                    let exponent_sign = (d == '+' || d == '-')
                        && src[..i].ends_with(['e', 'E'])
                        && src[start..i].starts_with(|ch: char| ch.is_ascii_digit() || ch == '.');
                    if d.is_ascii_digit() || d == '.' || d == 'e' || d == 'E' || exponent_sign {
                        end = i + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let text = &src[start..end];
                let value: f64 = text.parse().map_err(|_| FormulaError {
                    column,
                    message: format!("\"{text}\" is not a number"),
                })?;
                tokens.push(Token {
                    tok: Tok::Num(value),
                    text,
                    column,
                });
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut end = start;
                while let Some(&(i, d)) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' {
                        end = i + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token {
                    tok: Tok::Name,
                    text: &src[start..end],
                    column,
                });
            }
            other => {
                return Err(FormulaError {
                    column,
                    message: format!(
                        "unexpected character '{other}' (a formula uses numbers, factor ids, + - * / ^, parentheses, min, max, sqrt, ln)"
                    ),
                });
            }
        }
    }
    tokens.push(Token {
        tok: Tok::End,
        text: "",
        column: src.chars().count() + 1,
    });
    Ok(tokens)
}

/// A whitelisted function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// Smallest argument.
    Min,
    /// Largest argument.
    Max,
    /// Square root.
    Sqrt,
    /// Natural logarithm.
    Ln,
}

impl Func {
    fn from_name(name: &str) -> Option<Func> {
        match name {
            "min" => Some(Func::Min),
            "max" => Some(Func::Max),
            "sqrt" => Some(Func::Sqrt),
            "ln" => Some(Func::Ln),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Func::Min => "min",
            Func::Max => "max",
            Func::Sqrt => "sqrt",
            Func::Ln => "ln",
        }
    }
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `^`
    Pow,
}

/// A parsed expression; every node keeps the column it starts at for error messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A numeric constant.
    Num(f64),
    /// A variable: index into the value slice.
    Var(usize),
    /// Unary minus.
    Neg(Box<Node>),
    /// A binary operation.
    Bin(BinOp, Box<Node>, Box<Node>),
    /// A function call.
    Call(Func, Vec<Node>),
}

/// An expression with the column where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The expression.
    pub expr: Expr,
    /// 1-based column of its first token.
    pub column: usize,
}

struct Parser<'a, 'v> {
    tokens: Vec<Token<'a>>,
    pos: usize,
    vars: &'v [&'v str],
    depth: usize,
}

impl<'a> Parser<'a, '_> {
    fn peek(&self) -> &Token<'a> {
        &self.tokens[self.pos]
    }

    fn next(&mut self) -> Token<'a> {
        let t = self.tokens[self.pos].clone();
        if t.tok != Tok::End {
            self.pos += 1;
        }
        t
    }

    fn error(&self, token: &Token<'_>, message: impl Into<String>) -> FormulaError {
        FormulaError {
            column: token.column,
            message: message.into(),
        }
    }

    fn expect(&mut self, tok: Tok, what: &str) -> Result<Token<'a>, FormulaError> {
        let t = self.next();
        if t.tok == tok {
            Ok(t)
        } else {
            Err(self.error(&t, format!("expected {what}, found {}", describe(&t))))
        }
    }

    fn expr(&mut self) -> Result<Node, FormulaError> {
        let mut left = self.term()?;
        loop {
            let op = match self.peek().tok {
                Tok::Plus => BinOp::Add,
                Tok::Minus => BinOp::Sub,
                _ => return Ok(left),
            };
            self.next();
            let right = self.term()?;
            left = bin(op, left, right);
        }
    }

    fn term(&mut self) -> Result<Node, FormulaError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek().tok {
                Tok::Star => BinOp::Mul,
                Tok::Slash => BinOp::Div,
                _ => return Ok(left),
            };
            self.next();
            let right = self.unary()?;
            left = bin(op, left, right);
        }
    }

    fn unary(&mut self) -> Result<Node, FormulaError> {
        self.depth += 1;
        if self.depth > MAX_STACK {
            let t = self.peek().clone();
            return Err(self.error(
                &t,
                format!("the formula nests too deeply (more than {MAX_STACK} levels)"),
            ));
        }
        let node = self.unary_inner();
        self.depth -= 1;
        node
    }

    fn unary_inner(&mut self) -> Result<Node, FormulaError> {
        if self.peek().tok == Tok::Minus {
            let minus = self.next();
            let operand = self.unary()?;
            return Ok(Node {
                expr: Expr::Neg(Box::new(operand)),
                column: minus.column,
            });
        }
        self.power()
    }

    fn power(&mut self) -> Result<Node, FormulaError> {
        let base = self.primary()?;
        if self.peek().tok == Tok::Caret {
            self.next();
            let exponent = self.unary()?;
            return Ok(bin(BinOp::Pow, base, exponent));
        }
        Ok(base)
    }

    fn primary(&mut self) -> Result<Node, FormulaError> {
        let t = self.next();
        let column = t.column;
        match t.tok {
            Tok::Num(v) => Ok(Node {
                expr: Expr::Num(v),
                column,
            }),
            Tok::LParen => {
                let inner = self.expr()?;
                self.expect(Tok::RParen, "')'")?;
                Ok(inner)
            }
            Tok::Name if self.peek().tok == Tok::LParen => {
                let Some(func) = Func::from_name(t.text) else {
                    let hint = crate::error::did_you_mean(t.text, ["min", "max", "sqrt", "ln"])
                        .map(|s| format!(", did you mean \"{s}\"?"))
                        .unwrap_or_else(|| " (functions: min, max, sqrt, ln)".into());
                    return Err(self.error(&t, format!("unknown function \"{}\"{hint}", t.text)));
                };
                self.next();
                let mut args = vec![self.expr()?];
                while self.peek().tok == Tok::Comma {
                    self.next();
                    args.push(self.expr()?);
                }
                self.expect(Tok::RParen, "',' or ')'")?;
                let ok = match func {
                    Func::Min | Func::Max => args.len() >= 2,
                    Func::Sqrt | Func::Ln => args.len() == 1,
                };
                if !ok {
                    let wanted = match func {
                        Func::Min | Func::Max => "at least 2 arguments",
                        _ => "exactly 1 argument",
                    };
                    return Err(self.error(
                        &t,
                        format!("{}() takes {wanted}, got {}", func.name(), args.len()),
                    ));
                }
                Ok(Node {
                    expr: Expr::Call(func, args),
                    column,
                })
            }
            Tok::Name => match self.vars.iter().position(|v| *v == t.text) {
                Some(i) => Ok(Node {
                    expr: Expr::Var(i),
                    column,
                }),
                None => {
                    let hint = crate::error::did_you_mean(t.text, self.vars.iter().copied())
                        .map(|s| format!(", did you mean \"{s}\"?"))
                        .unwrap_or_else(|| format!(" (factors: {})", self.vars.join(", ")));
                    Err(self.error(&t, format!("unknown factor \"{}\"{hint}", t.text)))
                }
            },
            _ => Err(self.error(
                &t,
                format!("expected a number, a factor or '(', found {}", describe(&t)),
            )),
        }
    }
}

fn describe(t: &Token<'_>) -> String {
    match t.tok {
        Tok::End => "the end of the formula".into(),
        _ => format!("'{}'", t.text),
    }
}

fn bin(op: BinOp, left: Node, right: Node) -> Node {
    let column = left.column;
    Node {
        expr: Expr::Bin(op, Box::new(left), Box::new(right)),
        column,
    }
}

/// Parses `src` into an expression tree over the variables `vars` (by position).
pub fn parse(src: &str, vars: &[&str]) -> Result<Node, FormulaError> {
    let tokens = tokenize(src)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        vars,
        depth: 0,
    };
    if parser.peek().tok == Tok::End {
        return Err(FormulaError {
            column: 1,
            message: "the formula is empty".into(),
        });
    }
    let node = parser.expr()?;
    let t = parser.peek().clone();
    if t.tok != Tok::End {
        return Err(parser.error(&t, format!("expected an operator, found {}", describe(&t))));
    }
    Ok(node)
}

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
            match op {
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
            }
        }
        Expr::Call(func, args) => {
            let xs = args
                .iter()
                .map(|a| check_domain(a, scales))
                .collect::<Result<Vec<_>, _>>()?;
            match func {
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
            }
        }
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    const VARS: &[&str] = &["x", "y", "z"];

    fn eval(src: &str, values: &[f64]) -> f64 {
        Formula::compile(src, VARS).unwrap().eval(values)
    }

    #[test]
    fn evaluating_columns_gives_the_values_of_row_by_row() {
        let formulas = [
            "x",
            "2.5",
            "x * y * z / (y * z) * 0.8",
            "x - y - z",
            "z - x * y",
            "(x + 1) / (y + z + 1)",
            "-x^2 + sqrt(y + 1) - ln(z + 2)",
            "x^y^z",
            "min(x, y, z * 2) + max(1, z, x - y)",
            "max(x, 3) * min(y, z)",
            "-(x + y) * -z",
        ];
        let rows = 57;
        let columns: Vec<Vec<f64>> = (0..3)
            .map(|v| {
                (0..rows)
                    .map(|r| ((r * 7 + v * 3) % 11) as f64 * 0.37 + 0.1)
                    .collect()
            })
            .collect();
        let mut stack = Vec::new();
        for src in formulas {
            let formula = Formula::compile(src, VARS).unwrap();
            let mut out = vec![0.0; rows];
            formula.eval_columns(&columns, &mut out, &mut stack);
            for (r, got) in out.iter().enumerate() {
                let row = [columns[0][r], columns[1][r], columns[2][r]];
                assert_eq!(got.to_bits(), formula.eval(&row).to_bits(), "{src} row {r}");
            }
        }
    }

    #[test]
    fn precedence_and_associativity() {
        let cases: &[(&str, [f64; 3], f64)] = &[
            ("x + y * z", [1.0, 2.0, 3.0], 7.0),
            ("(x + y) * z", [1.0, 2.0, 3.0], 9.0),
            ("x - y - z", [10.0, 2.0, 3.0], 5.0),
            ("x / y / z", [24.0, 2.0, 3.0], 4.0),
            ("x * y / z", [2.0, 3.0, 4.0], 1.5),
            ("-x^2", [3.0, 0.0, 0.0], -9.0),
            ("(-x)^2", [3.0, 0.0, 0.0], 9.0),
            ("x^y^z", [2.0, 3.0, 2.0], 512.0),
            ("2^-1", [0.0, 0.0, 0.0], 0.5),
            ("--x", [4.0, 0.0, 0.0], 4.0),
            ("x - -y", [4.0, 1.0, 0.0], 5.0),
            ("-x * y", [2.0, 3.0, 0.0], -6.0),
            ("1.5e1 + .5", [0.0, 0.0, 0.0], 15.5),
            ("x*y*z/(y*z)*0.8", [5.0, 4.0, 2.0], 4.0),
        ];
        for (src, values, want) in cases {
            assert_eq!(eval(src, values), *want, "{src}");
        }
    }

    #[test]
    fn functions() {
        let cases: &[(&str, [f64; 3], f64)] = &[
            ("min(x, y)", [3.0, 2.0, 0.0], 2.0),
            ("max(x, y, z)", [3.0, 2.0, 7.0], 7.0),
            ("min(x, max(y, z)) + 1", [5.0, 2.0, 3.0], 4.0),
            ("sqrt(x)", [16.0, 0.0, 0.0], 4.0),
            ("ln(x)", [1.0, 0.0, 0.0], 0.0),
            ("sqrt(x * y) ^ 2", [2.0, 8.0, 0.0], 16.0),
        ];
        for (src, values, want) in cases {
            assert_eq!(eval(src, values), *want, "{src}");
        }
    }

    #[test]
    fn evaluation_order_is_as_written() {
        // Left to right: (((a*b)*c)/(d*e))*k, the order the pandas baseline uses too.
        let f = Formula::compile("x * y * z / (x * y) * 0.9", VARS).unwrap();
        let (a, b, c) = (0.1, 0.7, 0.3);
        assert_eq!(f.eval(&[a, b, c]), a * b * c / (a * b) * 0.9);
    }

    #[test]
    fn errors_carry_the_column() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 1, "the formula is empty"),
            (
                "x +",
                4,
                "expected a number, a factor or '(', found the end of the formula",
            ),
            ("x + w", 5, "unknown factor \"w\" (factors: x, y, z)"),
            ("xx * y", 1, "unknown factor \"xx\", did you mean \"x\"?"),
            ("(x + y", 7, "expected ')', found the end of the formula"),
            ("x y", 3, "expected an operator, found 'y'"),
            (
                "log(x)",
                1,
                "unknown function \"log\" (functions: min, max, sqrt, ln)",
            ),
            (
                "x + sqr(x)",
                5,
                "unknown function \"sqr\", did you mean \"sqrt\"?",
            ),
            ("sqrt(x, y)", 1, "sqrt() takes exactly 1 argument, got 2"),
            ("min(x)", 1, "min() takes at least 2 arguments, got 1"),
            (
                "x % y",
                3,
                "unexpected character '%' (a formula uses numbers, factor ids, + - * / ^, parentheses, min, max, sqrt, ln)",
            ),
            ("1..2", 1, "\"1..2\" is not a number"),
        ];
        for (src, column, message) in cases {
            let err = Formula::compile(src, VARS).unwrap_err();
            assert_eq!(
                (err.column, err.message.as_str()),
                (*column, *message),
                "{src}"
            );
        }
    }

    fn domain(src: &str, scales: [(f64, f64); 3]) -> Result<Interval, FormulaError> {
        let f = Formula::compile(src, VARS).unwrap();
        let scales = scales.map(|(lo, hi)| Interval::closed(lo, hi));
        check_domain(f.tree(), &scales)
    }

    #[test]
    fn an_exclusive_minimum_stays_exclusive_through_the_arithmetic() {
        let f = |src: &str| Formula::compile(src, VARS).unwrap();
        let open = Interval {
            lo_open: true,
            ..Interval::closed(0.0, 1.0)
        };
        let scales = [open, Interval::closed(1.0, 5.0), Interval::closed(0.0, 5.0)];
        for ok in [
            "y / x",
            "y / (x * 0.5)",
            "y / (x / 2)",
            "y / (x * x)",
            "y / x ^ 2",
            "ln(x * 0.5)",
            "y / min(x, 1)",
            "y / (x + z)",
        ] {
            assert!(check_domain(f(ok).tree(), &scales).is_ok(), "{ok}");
        }
        for bad in [
            "y / (x * 0)",
            "y / (x - 0.5)",
            "ln(x - x)",
            "y / z",
            "y / (z * x)",
        ] {
            assert!(check_domain(f(bad).tree(), &scales).is_err(), "{bad}");
        }
        let r = check_domain(f("x * 0.5").tree(), &scales).unwrap();
        assert_eq!((r.lo, r.lo_open, r.hi, r.hi_open), (0.0, true, 0.5, false));
    }

    #[test]
    fn domain_check_catches_zero_inside_a_power_and_deep_nesting() {
        let s = [(0.0, 5.0), (1.0, 5.0), (-1.0, 1.0)];
        let err = domain("y / (x - 3) ^ 2", s).unwrap_err();
        assert_eq!(err.column, 6);
        assert!(
            err.message.starts_with("this divisor can be zero"),
            "{}",
            err.message
        );
        let deep = format!("{}x{}", "(".repeat(5000), ")".repeat(5000));
        let err = Formula::compile(&deep, VARS).unwrap_err();
        assert_eq!(
            err.message,
            "the formula nests too deeply (more than 64 levels)"
        );
    }

    #[test]
    fn domain_check_gives_the_range() {
        let r = domain("x * y / z", [(0.0, 5.0), (0.0, 5.0), (1.0, 5.0)]).unwrap();
        assert_eq!((r.lo, r.hi), (0.0, 25.0));
        let r = domain("x - y", [(0.0, 5.0), (1.0, 2.0), (1.0, 1.0)]).unwrap();
        assert_eq!((r.lo, r.hi), (-2.0, 4.0));
    }

    #[test]
    fn domain_check_rejects_undefined_operations() {
        let s = [(0.0, 5.0), (1.0, 5.0), (-1.0, 1.0)];
        let cases: &[(&str, usize, &str)] = &[
            (
                "y / x",
                5,
                "this divisor can be zero on the declared scales (it ranges from 0 to 5); give its factors a minimum above 0",
            ),
            (
                "y / (y - 1)",
                6,
                "this divisor can be zero on the declared scales (it ranges from 0 to 4); give its factors a minimum above 0",
            ),
            (
                "ln(x)",
                4,
                "ln of a value that can be zero or negative (as low as 0)",
            ),
            (
                "sqrt(z)",
                6,
                "sqrt of a value that can be negative (as low as -1)",
            ),
            (
                "z ^ 0.5",
                1,
                "this base can be negative under a fractional power on the declared scales",
            ),
            (
                "x ^ -1",
                1,
                "this base can be zero under a negative power (a division by zero) on the declared scales",
            ),
        ];
        for (src, column, message) in cases {
            let err = domain(src, s).unwrap_err();
            assert_eq!(
                (err.column, err.message.as_str()),
                (*column, *message),
                "{src}"
            );
        }
        assert!(
            domain(
                "y / x + ln(y) + sqrt(x) + z ^ 2",
                [(0.5, 5.0), (1.0, 5.0), (-1.0, 1.0)]
            )
            .is_ok()
        );
    }
}
