//! The type check: every name declared, every `seen()` resolving, every operator given the types it
//! takes.

use super::ast::{BinaryOp, Node, UnaryOp};
use super::{ExprError, ExprErrorKind, Scope, Type};

/// The type of `node`, or its first error in source order.
///
/// # Errors
/// Unknown variables and segments, type mismatches; `source` is quoted in the message.
pub(super) fn check(node: &Node, scope: &dyn Scope, source: &str) -> Result<Type, ExprError> {
    let error = |kind, at, detail: String| Err(ExprError::new(kind, source, at, detail));
    match node {
        Node::Lit(value) => Ok(value.type_of()),
        Node::Var { name, at } => match scope.var_type(name) {
            Some(ty) => Ok(ty),
            None => error(ExprErrorKind::UnknownVariable, *at, format!("unknown variable {name}")),
        },
        Node::Seen { reference, at } => {
            if scope.has_segment(reference) {
                Ok(Type::Bool)
            } else {
                error(ExprErrorKind::UnknownSegment, *at, format!("seen() names no segment {reference:?}"))
            }
        }
        Node::Unary { op, at, operand } => {
            let ty = check(operand, scope, source)?;
            let (needs, name) = match op {
                UnaryOp::Not => (Type::Bool, "a boolean"),
                UnaryOp::Neg => (Type::Int, "an integer"),
            };
            if ty == needs {
                Ok(ty)
            } else {
                error(ExprErrorKind::TypeMismatch, *at, format!("{op} needs {name}, found {ty}"))
            }
        }
        Node::Chain { first, rest } => {
            let mut left = check(first, scope, source)?;
            for link in rest {
                let right = check(&link.operand, scope, source)?;
                left = match binary(link.op, left, right) {
                    Ok(ty) => ty,
                    Err(needs) => {
                        let detail = format!("{} needs {needs}, found {left} and {right}", link.op);
                        return error(ExprErrorKind::TypeMismatch, link.at, detail);
                    }
                };
            }
            Ok(left)
        }
    }
}

/// The result type of `left op right`, or what `op` needs instead.
fn binary(op: BinaryOp, left: Type, right: Type) -> Result<Type, &'static str> {
    use BinaryOp::*;
    match (op, left, right) {
        (Add, Type::Int, Type::Int) | (Sub, Type::Int, Type::Int) => Ok(Type::Int),
        (Add, Type::Str, Type::Str) => Ok(Type::Str),
        (Lt | Le | Gt | Ge, Type::Int, Type::Int) => Ok(Type::Bool),
        (Eq | Ne, _, _) if left == right => Ok(Type::Bool),
        (And | Or, Type::Bool, Type::Bool) => Ok(Type::Bool),
        (Add, _, _) => Err("two integers or two strings"),
        (Sub | Lt | Le | Gt | Ge, _, _) => Err("two integers"),
        (Eq | Ne, _, _) => Err("both sides of the same type"),
        (And | Or, _, _) => Err("two booleans"),
    }
}
