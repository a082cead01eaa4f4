//! Tokens to a syntax tree: recursive descent, one function per precedence level.

use std::fmt;

use super::ast::{BinaryOp, Link, Node, UnaryOp};
use super::lexer::{Tok, Token};
use super::{ExprError, ExprErrorKind, Value, MAX_DEPTH};

/// Parses a whole token list into one expression.
///
/// # Errors
/// [`ExprErrorKind::Syntax`] at the first token that does not fit, or at the end of the source when
/// something is missing there.
pub(super) fn parse(source: &str, tokens: &[Token]) -> Result<Node, ExprError> {
    let mut parser = Parser { source, tokens, next: 0, depth: 0 };
    let root = parser.level(0)?;
    match parser.peek() {
        None => Ok(root),
        Some(token) => Err(parser.error(token.at, format_args!("expected an operator, found {}", token.tok))),
    }
}

/// Cursor over the tokens, with the current nesting depth.
struct Parser<'a> {
    source: &'a str,
    tokens: &'a [Token],
    next: usize,
    /// Open parentheses and unary operators around the current position.
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn error(&self, at: usize, detail: impl fmt::Display) -> ExprError {
        ExprError::new(ExprErrorKind::Syntax, self.source, at, detail)
    }

    /// Where a missing token would go: the next token, or the end of the source.
    fn here(&self) -> usize {
        self.peek().map_or(self.source.len(), |token| token.at)
    }

    /// What the next token is, for "expected …, found …".
    fn found(&self) -> String {
        self.peek().map_or_else(|| "the end of the expression".to_owned(), |token| token.tok.to_string())
    }

    /// Consumes the next token if it is `tok`.
    fn eat(&mut self, tok: &Tok) -> bool {
        let hit = self.peek().is_some_and(|token| token.tok == *tok);
        if hit {
            self.next += 1;
        }
        hit
    }

    /// Goes one level deeper for the parenthesis or unary operator at `at`.
    ///
    /// # Errors
    /// Past [`MAX_DEPTH`], before recursing further, so the stack stays small.
    fn enter(&mut self, at: usize) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(at, format_args!("nested too deeply (more than {MAX_DEPTH} levels)")));
        }
        Ok(())
    }

    /// The binary operators of precedence `level` (index into [`BinaryOp::LEVELS`]) and tighter.
    fn level(&mut self, level: usize) -> Result<Node, ExprError> {
        let Some(ops) = BinaryOp::LEVELS.get(level) else { return self.unary() };
        let first = self.level(level + 1)?;
        let mut rest = Vec::new();
        while let Some(&Token { tok: Tok::Op(op), at }) = self.peek() {
            if !ops.contains(&op) {
                break;
            }
            self.next += 1;
            rest.push(Link { op, at, operand: self.level(level + 1)? });
        }
        Ok(if rest.is_empty() { first } else { Node::Chain { first: Box::new(first), rest } })
    }

    /// `!x`, `-x`, or a primary.
    fn unary(&mut self) -> Result<Node, ExprError> {
        let (op, at) = match self.peek() {
            Some(&Token { tok: Tok::Bang, at }) => (UnaryOp::Not, at),
            Some(&Token { tok: Tok::Op(BinaryOp::Sub), at }) => (UnaryOp::Neg, at),
            _ => return self.primary(),
        };
        self.next += 1;
        self.enter(at)?;
        let operand = Box::new(self.unary()?);
        self.depth -= 1;
        Ok(Node::Unary { op, at, operand })
    }

    /// A literal, a variable, `seen("…")` or a parenthesized expression.
    fn primary(&mut self) -> Result<Node, ExprError> {
        let Some(Token { tok, at }) = self.peek().cloned() else {
            return Err(self.error(self.here(), "expected a value, found the end of the expression"));
        };
        self.next += 1;
        match tok {
            Tok::Int(n) => Ok(Node::Lit(Value::Int(n))),
            Tok::Str(s) => Ok(Node::Lit(Value::Str(s))),
            Tok::Bool(b) => Ok(Node::Lit(Value::Bool(b))),
            Tok::Name(name) if self.eat(&Tok::Open) => self.call(&name, at),
            Tok::Name(name) => Ok(Node::Var { name, at }),
            Tok::Open => {
                self.enter(at)?;
                let inner = self.level(0)?;
                if !self.eat(&Tok::Close) {
                    let detail = format!("expected `)` to close the `(` at {at}, found {}", self.found());
                    return Err(self.error(self.here(), detail));
                }
                self.depth -= 1;
                Ok(inner)
            }
            other => Err(self.error(at, format_args!("expected a value, found {other}"))),
        }
    }

    /// The argument list of `name(` at `at`, its open parenthesis consumed: only `seen("ref")`.
    fn call(&mut self, name: &str, at: usize) -> Result<Node, ExprError> {
        if name != "seen" {
            return Err(
                self.error(at, format_args!("unknown function {name}(); the only one is seen(\"segment\")"))
            );
        }
        let argument = match self.peek() {
            Some(Token { tok: Tok::Str(reference), at }) => Some((reference.clone(), *at)),
            _ => None,
        };
        match argument {
            Some((reference, at)) => {
                self.next += 1;
                if !self.eat(&Tok::Close) {
                    return Err(self.error(
                        self.here(),
                        format_args!("expected `)` after the seen() argument, found {}", self.found()),
                    ));
                }
                Ok(Node::Seen { reference, at })
            }
            None => Err(self.error(
                self.here(),
                format_args!("seen() takes one string literal, like seen(\"s1\"); found {}", self.found()),
            )),
        }
    }
}
