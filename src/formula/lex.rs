//! Tokens of the formula language.

use super::FormulaError;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Tok {
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
pub(super) struct Token<'a> {
    pub(super) tok: Tok,
    pub(super) text: &'a str,
    pub(super) column: usize,
}

pub(super) fn tokenize(src: &str) -> Result<Vec<Token<'_>>, FormulaError> {
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
