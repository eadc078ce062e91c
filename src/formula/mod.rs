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

mod compile;
mod interval;
mod lex;
mod parse;

pub use compile::Formula;
pub use interval::{Interval, check_domain};
pub use parse::{BinOp, Expr, Func, Node, parse};

use std::fmt;

/// Deepest nesting a formula may have; keeps evaluation on a fixed-size stack.
pub(crate) const MAX_STACK: usize = crate::limits::FORMULA_DEPTH;

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

#[cfg(test)]
mod tests;
