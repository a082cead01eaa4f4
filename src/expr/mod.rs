//! Story expressions (`if`, `set`): parse, type-check against the declared variables, evaluate.
//!
//! The language (CONTRACT §1): integer literals (decimal `i64`), `true` / `false`, string literals in
//! double quotes with `\"` and `\\` escapes, variable names `[A-Za-z_][A-Za-z0-9_]*`, `seen("ref")`
//! with a string-literal argument, unary `!` and `-`, binary `+ - < <= > >= == != && ||`, and
//! parentheses. Precedence from loosest to tightest: `||`, `&&`, `==`/`!=`, comparisons, `+`/`-`,
//! unary; binary operators associate to the left.
//!
//! The three steps are separate because they happen at different times: [`parse`] and
//! [`Expr::check`] when the catalog loads (so every error reaches the author as a diagnostic), and
//! [`Expr::eval`] on every choice, where nothing may fail any more.
//!
//! ```
//! use microdrama::expr::{parse, Env, Scope, Type, Value};
//!
//! struct Story;
//! impl Scope for Story {
//!     fn var_type(&self, name: &str) -> Option<Type> {
//!         (name == "trust").then_some(Type::Int)
//!     }
//!     fn has_segment(&self, reference: &str) -> bool {
//!         reference == "s1"
//!     }
//! }
//! impl Env for Story {
//!     fn var(&self, name: &str) -> Option<&Value> {
//!         const TRUST: Value = Value::Int(2);
//!         (name == "trust").then_some(&TRUST)
//!     }
//!     fn seen(&self, reference: &str) -> bool {
//!         reference == "s1"
//!     }
//! }
//!
//! let expr = parse("trust >= 1 && seen(\"s1\")").unwrap();
//! assert_eq!(expr.check(&Story), Ok(Type::Bool));
//! assert_eq!(expr.eval(&Story), Value::Bool(true));
//!
//! let err = parse("trust + \"x\"").unwrap().check(&Story).unwrap_err();
//! assert_eq!(err.position, 6);
//! assert_eq!(
//!     err.message,
//!     r#""trust + \"x\"": + needs two integers or two strings, found int and string"#
//! );
//! ```

mod ast;
mod check;
mod eval;
mod lexer;
mod parser;

use std::fmt;
use std::sync::Arc;

/// Deepest nesting [`parse`] accepts, counting each open parenthesis and each unary operator.
///
/// The parser, the checker and the evaluator recurse once per level; the bound keeps a hostile
/// catalog (`((((…` or `!!!!…`) from overflowing the stack, far above anything an author writes.
pub const MAX_DEPTH: usize = 64;

/// Longest string, in bytes, that `+` produces; a longer result is cut at the last character
/// boundary within the limit.
///
/// Without a cap, `set: { "alias": "alias + alias" }` on a looping path would double the string on
/// every pass and exhaust the page's memory.
pub const MAX_STRING_BYTES: usize = 4096;

/// A story value: the three types variables can hold.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// `true` / `false`.
    Bool(bool),
    /// A 64-bit signed integer; arithmetic saturates.
    Int(i64),
    /// A string.
    Str(String),
}

impl Value {
    /// The type of this value.
    pub fn type_of(&self) -> Type {
        match self {
            Value::Bool(_) => Type::Bool,
            Value::Int(_) => Type::Int,
            Value::Str(_) => Type::Str,
        }
    }

    /// The zero value of `ty`: `false`, `0` or `""`. Evaluation falls back to it where the state
    /// lacks a variable the check declared.
    pub fn zero(ty: Type) -> Value {
        match ty {
            Type::Bool => Value::Bool(false),
            Type::Int => Value::Int(0),
            Type::Str => Value::Str(String::new()),
        }
    }
}

/// The type of a [`Value`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Type {
    /// Boolean.
    Bool,
    /// Integer.
    Int,
    /// String.
    Str,
}

impl fmt::Display for Type {
    /// The name used in messages: `bool`, `int`, `string`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Type::Bool => "bool",
            Type::Int => "int",
            Type::Str => "string",
        })
    }
}

/// What a type check may ask of its surroundings.
pub trait Scope {
    /// The declared type of variable `name`, if it is declared.
    fn var_type(&self, name: &str) -> Option<Type>;
    /// Whether `seen(reference)` names a segment: `"seg"` in the current episode or `"episode/seg"`.
    fn has_segment(&self, reference: &str) -> bool;
}

/// What evaluation reads: the current story state.
pub trait Env {
    /// The current value of a declared variable.
    fn var(&self, name: &str) -> Option<&Value>;
    /// Whether the segment `reference` (as in [`Scope::has_segment`]) has been played.
    fn seen(&self, reference: &str) -> bool;
}

/// A parsed expression: its source text (for [`Expr::source`] and messages) and its syntax tree.
///
/// Shared, not copied, by `clone`: a catalog repeats its expressions (`trust + 1` in every episode),
/// and the loader parses each distinct one once. An `Arc`, so that a catalog stays `Send` and `Sync`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr(Arc<Parsed>);

#[derive(Debug, PartialEq)]
struct Parsed {
    source: String,
    root: ast::Node,
}

/// Why an expression was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExprErrorKind {
    /// It does not parse.
    Syntax,
    /// It names an undeclared variable.
    UnknownVariable,
    /// `seen()` names a segment that does not exist.
    UnknownSegment,
    /// Operand or result types do not fit.
    TypeMismatch,
}

/// An expression error with the expression and the byte position it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// What went wrong.
    pub kind: ExprErrorKind,
    /// Byte offset into the expression text.
    pub position: usize,
    /// Human-readable explanation naming the expression.
    pub message: String,
}

/// Longest stretch of the source quoted in a message; catalog limits admit long expressions, and a
/// diagnostic that repeats 100 kB of parentheses helps nobody.
const QUOTE_BYTES: usize = 120;

impl ExprError {
    /// An error about `source` at byte `position`; the message quotes the expression first so that it
    /// reads on its own in a list of diagnostics.
    fn new(kind: ExprErrorKind, source: &str, position: usize, detail: impl fmt::Display) -> Self {
        let quoted = if source.len() > QUOTE_BYTES {
            format!("{:?}…", &source[..char_floor(source, QUOTE_BYTES)])
        } else {
            format!("{source:?}")
        };
        ExprError { kind, position, message: format!("{quoted}: {detail}") }
    }
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExprError {}

/// The largest char boundary of `s` at or below `index` (`str::floor_char_boundary` is newer than the
/// crate's minimum Rust).
fn char_floor(s: &str, index: usize) -> usize {
    let mut end = index.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Parses `source`.
///
/// # Errors
/// [`ExprErrorKind::Syntax`] with the position of the first offending character: an unknown
/// character, an integer literal beyond `i64`, an unterminated string or unknown escape, a missing
/// operand or parenthesis, a call other than `seen("…")`, or nesting deeper than [`MAX_DEPTH`].
pub fn parse(source: &str) -> Result<Expr, ExprError> {
    let tokens = lexer::lex(source)?;
    let root = parser::parse(source, &tokens)?;
    Ok(Expr(Arc::new(Parsed { source: source.to_owned(), root })))
}

impl Expr {
    /// The text it was parsed from.
    pub fn source(&self) -> &str {
        &self.0.source
    }

    /// Type-checks against `scope` and returns the expression's type.
    ///
    /// Operands are checked left to right and the first problem is reported; its position is that of
    /// the variable name, the `seen()` argument or the operator concerned.
    ///
    /// # Errors
    /// [`ExprErrorKind::UnknownVariable`], [`ExprErrorKind::UnknownSegment`],
    /// [`ExprErrorKind::TypeMismatch`].
    pub fn check(&self, scope: &dyn Scope) -> Result<Type, ExprError> {
        check::check(&self.0.root, scope, &self.0.source)
    }

    /// Evaluates a checked expression. Total: a checked expression always yields a value of its type.
    ///
    /// Integer arithmetic saturates, `+` on strings stops at [`MAX_STRING_BYTES`], `&&` and `||`
    /// skip their right side when the left decides. A variable missing from `env` (which the check
    /// rules out when `env` holds every declared variable) reads as its type's zero value, the type
    /// being inferred from its surroundings; an expression that is nothing but such a variable
    /// yields `false`. Callers that know the type they need call [`Expr::eval_as`].
    pub fn eval(&self, env: &dyn Env) -> Value {
        self.eval_as(env, eval::result_type(&self.0.root, env).unwrap_or(Type::Bool))
    }

    /// Evaluates expecting a value of type `ty`, as a condition (`Type::Bool`) or an assignment to a
    /// variable of type `ty` does: the result is always of type `ty`, so a state that has drifted from
    /// its declarations cannot spread a value of the wrong type. For an expression that checks to
    /// type `ty` it equals [`Expr::eval`]; for one that checks to another type it is `ty`'s zero
    /// value.
    pub fn eval_as(&self, env: &dyn Env, ty: Type) -> Value {
        eval::eval(&self.0.root, env, ty)
    }

    /// The `seen("…")` arguments, in source order, as written (`"seg"` or `"episode/seg"`): the
    /// segments whose having been played can change the value (the studio lets an author tick them).
    pub fn seen_references(&self) -> Vec<&str> {
        let mut found = Vec::new();
        self.0.root.seen_references(&mut found);
        found
    }
}

#[cfg(test)]
mod tests;
