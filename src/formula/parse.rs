//! The precedence-climbing parser: tokens to an expression tree.

use super::lex::{Tok, Token, tokenize};
use super::{FormulaError, MAX_STACK};

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
    // A long formula makes a deep tree (`a+a+…` nests to the left) that the analyses walk
    // recursively; the length limit keeps that walk far from the end of the stack.
    let limit = crate::limits::FORMULA_CHARS;
    if let Some((at, _)) = src.char_indices().nth(limit) {
        return Err(FormulaError {
            column: src[..at].chars().count() + 1,
            message: format!(
                "the formula is longer than the limit of {limit} characters ({} characters)",
                src.chars().count()
            ),
        });
    }
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
