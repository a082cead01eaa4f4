//! Evaluation: total, whatever the tree and the state.
//!
//! Every call names the type its caller expects and returns a value of that type, replacing
//! anything else by the type's zero value. For a checked expression over a state that holds every
//! declared variable the replacement never happens; it is what keeps evaluation total when the
//! state lacks a variable (it reads as zero) or holds one of the wrong type.

use super::ast::{BinaryOp, Node, UnaryOp};
use super::{char_floor, Env, Type, Value, MAX_STRING_BYTES};

/// The value of `node` in `env`, as a value of type `want`.
pub(super) fn eval(node: &Node, env: &dyn Env, want: Type) -> Value {
    let value = match node {
        Node::Lit(value) => value.clone(),
        Node::Var { name, .. } => env.var(name).cloned().unwrap_or_else(|| Value::zero(want)),
        Node::Seen { reference, .. } => Value::Bool(env.seen(reference)),
        Node::Unary { op: UnaryOp::Not, operand, .. } => Value::Bool(!bool(&eval(operand, env, Type::Bool))),
        Node::Unary { op: UnaryOp::Neg, operand, .. } => {
            Value::Int(int(&eval(operand, env, Type::Int)).saturating_neg())
        }
        Node::Chain { first, rest } => {
            // Every link of a chain comes from one precedence level, so the first decides what
            // the operands are.
            let Some(level) = rest.first().map(|link| link.op) else { return eval(first, env, want) };
            let operands = match level {
                BinaryOp::Or | BinaryOp::And => Type::Bool,
                BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => Type::Int,
                // Both sides of `==` share a type: take it from whichever side reveals it.
                BinaryOp::Eq | BinaryOp::Ne => result_type(first, env)
                    .or_else(|| result_type(&rest[0].operand, env))
                    .unwrap_or(Type::Int),
                // A checked `+` chain has its operands' type, which the caller expects.
                BinaryOp::Add | BinaryOp::Sub => want,
            };
            let mut left = eval(first, env, operands);
            for link in rest {
                let right = |want| eval(&link.operand, env, want);
                left = match link.op {
                    // Short-circuit: the right side is not evaluated once the left decides.
                    BinaryOp::And if !bool(&left) => left,
                    BinaryOp::Or if bool(&left) => left,
                    BinaryOp::And | BinaryOp::Or => right(Type::Bool),
                    // After the first link of `a == b == c` the left side is a bool.
                    BinaryOp::Eq => Value::Bool(right(left.type_of()) == left),
                    BinaryOp::Ne => Value::Bool(right(left.type_of()) != left),
                    BinaryOp::Add => match (left, right(operands)) {
                        (Value::Str(left), Value::Str(right)) => Value::Str(concat(left, &right)),
                        (left, right) => Value::Int(int(&left).saturating_add(int(&right))),
                    },
                    BinaryOp::Sub => Value::Int(int(&left).saturating_sub(int(&right(Type::Int)))),
                    BinaryOp::Lt => Value::Bool(int(&left) < int(&right(Type::Int))),
                    BinaryOp::Le => Value::Bool(int(&left) <= int(&right(Type::Int))),
                    BinaryOp::Gt => Value::Bool(int(&left) > int(&right(Type::Int))),
                    BinaryOp::Ge => Value::Bool(int(&left) >= int(&right(Type::Int))),
                };
            }
            left
        }
    };
    if value.type_of() == want {
        value
    } else {
        Value::zero(want)
    }
}

/// `left + right`, cut to [`MAX_STRING_BYTES`] at a character boundary.
fn concat(mut left: String, right: &str) -> String {
    left.push_str(&right[..char_floor(right, MAX_STRING_BYTES.saturating_sub(left.len()))]);
    left.truncate(char_floor(&left, MAX_STRING_BYTES));
    left
}

/// The type `node` evaluates to when it can be told without a declaration: literals, variables
/// present in `env`, and operators whose result type is fixed. `None` for a missing variable, or a
/// `+` chain of them.
pub(super) fn result_type(node: &Node, env: &dyn Env) -> Option<Type> {
    match node {
        Node::Lit(value) => Some(value.type_of()),
        Node::Var { name, .. } => env.var(name).map(Value::type_of),
        Node::Seen { .. } | Node::Unary { op: UnaryOp::Not, .. } => Some(Type::Bool),
        Node::Unary { op: UnaryOp::Neg, .. } => Some(Type::Int),
        Node::Chain { first, rest } => match rest.first().map(|link| link.op) {
            None => result_type(first, env),
            Some(BinaryOp::Add | BinaryOp::Sub) => {
                if rest.iter().any(|link| link.op == BinaryOp::Sub) {
                    Some(Type::Int)
                } else {
                    result_type(first, env)
                        .or_else(|| rest.iter().find_map(|link| result_type(&link.operand, env)))
                }
            }
            Some(_) => Some(Type::Bool),
        },
    }
}

/// The boolean inside `value`; `false` for any other type (which [`eval`] never passes).
fn bool(value: &Value) -> bool {
    matches!(value, Value::Bool(true))
}

/// The integer inside `value`; `0` for any other type (which [`eval`] never passes).
fn int(value: &Value) -> i64 {
    match value {
        Value::Int(n) => *n,
        _ => 0,
    }
}
