//! Source text to tokens, each with its byte offset.

use std::fmt;
use std::iter::Peekable;
use std::str::CharIndices;

use super::ast::BinaryOp;
use super::{ExprError, ExprErrorKind};

/// A token's kind and payload.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    /// A decimal integer literal that fits `i64`.
    Int(i64),
    /// A string literal, escapes resolved.
    Str(String),
    /// A name: a variable, or `seen` before `(`.
    Name(String),
    /// `true` or `false`.
    Bool(bool),
    /// `(`
    Open,
    /// `)`
    Close,
    /// `!`
    Bang,
    /// Any infix operator; `-` is also the prefix minus, which the parser tells apart by position.
    Op(BinaryOp),
}

/// A token and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    /// What it is.
    pub tok: Tok,
    /// Where it starts.
    pub at: usize,
}

impl fmt::Display for Tok {
    /// How a message names the token: `` `)` ``, `name trust`, `integer 3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Int(n) => write!(f, "integer {n}"),
            Tok::Str(_) => f.write_str("a string"),
            Tok::Name(name) => write!(f, "name {name}"),
            Tok::Bool(b) => write!(f, "`{b}`"),
            Tok::Open => f.write_str("`(`"),
            Tok::Close => f.write_str("`)`"),
            Tok::Bang => f.write_str("`!`"),
            Tok::Op(op) => write!(f, "`{op}`"),
        }
    }
}

/// Splits `source` into tokens.
///
/// # Errors
/// [`ExprErrorKind::Syntax`] at an unknown character, a lone `=`, `&` or `|`, an integer literal
/// beyond `i64`, an unknown escape, or the opening quote of an unterminated string.
pub(super) fn lex(source: &str) -> Result<Vec<Token>, ExprError> {
    let syntax = |at: usize, detail: String| ExprError::new(ExprErrorKind::Syntax, source, at, detail);
    let mut chars = source.char_indices().peekable();
    let mut tokens = Vec::new();
    while let Some((at, c)) = chars.next() {
        let tok = match c {
            c if c.is_whitespace() => continue,
            '(' => Tok::Open,
            ')' => Tok::Close,
            '+' => Tok::Op(BinaryOp::Add),
            '-' => Tok::Op(BinaryOp::Sub),
            '!' if eat(&mut chars, '=') => Tok::Op(BinaryOp::Ne),
            '!' => Tok::Bang,
            '<' if eat(&mut chars, '=') => Tok::Op(BinaryOp::Le),
            '<' => Tok::Op(BinaryOp::Lt),
            '>' if eat(&mut chars, '=') => Tok::Op(BinaryOp::Ge),
            '>' => Tok::Op(BinaryOp::Gt),
            '=' if eat(&mut chars, '=') => Tok::Op(BinaryOp::Eq),
            '&' if eat(&mut chars, '&') => Tok::Op(BinaryOp::And),
            '|' if eat(&mut chars, '|') => Tok::Op(BinaryOp::Or),
            // Authors coming from other languages write these; name the operator they meant.
            '=' | '&' | '|' => {
                return Err(syntax(at, format!("`{c}` is not an operator; did you mean `{c}{c}`?")))
            }
            '"' => Tok::Str(string(at, &mut chars).map_err(|(at, detail)| syntax(at, detail))?),
            '0'..='9' => Tok::Int(
                integer(c, &mut chars)
                    .ok_or_else(|| syntax(at, "integer literal out of range (beyond 64 bits)".to_owned()))?,
            ),
            'A'..='Z' | 'a'..='z' | '_' => {
                let mut end = at + c.len_utf8();
                while let Some((i, c)) = chars.next_if(|&(_, c)| c.is_ascii_alphanumeric() || c == '_') {
                    end = i + c.len_utf8();
                }
                match &source[at..end] {
                    "true" => Tok::Bool(true),
                    "false" => Tok::Bool(false),
                    name => Tok::Name(name.to_owned()),
                }
            }
            other => return Err(syntax(at, format!("unexpected character {other:?}"))),
        };
        tokens.push(Token { tok, at });
    }
    Ok(tokens)
}

/// Consumes `next` if it comes next.
fn eat(chars: &mut Peekable<CharIndices<'_>>, next: char) -> bool {
    chars.next_if(|&(_, c)| c == next).is_some()
}

/// The rest of a decimal literal that started with `first`; `None` past `i64::MAX`.
///
/// All the digits are consumed even on overflow, so the error points at the literal's start.
fn integer(first: char, chars: &mut Peekable<CharIndices<'_>>) -> Option<i64> {
    let digit = |c: char| i64::from(c as u8 - b'0');
    let mut value = Some(digit(first));
    while let Some((_, c)) = chars.next_if(|&(_, c)| c.is_ascii_digit()) {
        value = value.and_then(|v| v.checked_mul(10)).and_then(|v| v.checked_add(digit(c)));
    }
    value
}

/// The rest of a string literal after its opening quote at `open`.
///
/// Errors carry the position and the detail; the caller adds the quoted source.
fn string(open: usize, chars: &mut Peekable<CharIndices<'_>>) -> Result<String, (usize, String)> {
    let mut text = String::new();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Ok(text),
            '\\' => match chars.next() {
                Some((_, escaped @ ('"' | '\\'))) => text.push(escaped),
                Some((_, other)) => {
                    return Err((at, format!("unknown escape \\{other}; only \\\" and \\\\ exist")))
                }
                None => break,
            },
            c => text.push(c),
        }
    }
    Err((open, "unterminated string".to_owned()))
}
