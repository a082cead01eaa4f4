//! Story expressions (`if`, `set`): parse, type-check against the declared variables, evaluate.
//!
//! STUB: signatures fixed; the implementation lands with the expressions work.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A story value: the three types variables can hold.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// `true` / `false`.
    Bool(bool),
    /// A 64-bit signed integer; arithmetic saturates.
    Int(i64),
    /// A string.
    Str(String),
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

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    source: String,
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

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExprError {}

/// Parses `source`.
///
/// # Errors
/// [`ExprErrorKind::Syntax`] with the position of the first offending character.
pub fn parse(source: &str) -> Result<Expr, ExprError> {
    Ok(Expr { source: source.to_owned() })
}

impl Expr {
    /// The text it was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Type-checks against `scope` and returns the expression's type.
    ///
    /// # Errors
    /// Unknown variables, unknown `seen()` segments, type mismatches.
    pub fn check(&self, _scope: &dyn Scope) -> Result<Type, ExprError> {
        todo!()
    }

    /// Evaluates a checked expression. Total: a checked expression always yields a value of its type.
    pub fn eval(&self, _env: &dyn Env) -> Value {
        todo!()
    }
}
