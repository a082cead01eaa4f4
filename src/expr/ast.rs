//! The syntax tree shared by the parser, the checker and the evaluator.

use std::fmt;

use super::Value;

/// One node; `at` fields are byte offsets into the source, kept for error positions.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    /// A literal.
    Lit(Value),
    /// A variable read.
    Var { name: String, at: usize },
    /// `seen("reference")`; `at` is the position of the string literal.
    Seen { reference: String, at: usize },
    /// `!operand` or `-operand`; `at` is the position of the operator.
    Unary { op: UnaryOp, at: usize, operand: Box<Node> },
    /// `first op₁ x₁ op₂ x₂ …`, evaluated left to right, with every operator from one precedence
    /// level.
    ///
    /// A flat list rather than nested binary nodes so that a long run like `a + a + … + a` costs
    /// no recursion depth: the tree's height then grows only with parentheses and unary operators,
    /// which the parser bounds.
    Chain { first: Box<Node>, rest: Vec<Link> },
}

/// One `op operand` step of a [`Node::Chain`].
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Link {
    /// The operator joining the value so far to `operand`.
    pub op: BinaryOp,
    /// Position of the operator.
    pub at: usize,
    /// The right-hand operand.
    pub operand: Node,
}

/// A prefix operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnaryOp {
    /// `!`
    Not,
    /// `-`
    Neg,
}

/// An infix operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BinaryOp {
    /// `||`
    Or,
    /// `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
}

impl BinaryOp {
    /// The precedence levels from loosest to tightest; a chain holds operators of one level only.
    pub(super) const LEVELS: [&'static [BinaryOp]; 5] = [
        &[BinaryOp::Or],
        &[BinaryOp::And],
        &[BinaryOp::Eq, BinaryOp::Ne],
        &[BinaryOp::Lt, BinaryOp::Le, BinaryOp::Gt, BinaryOp::Ge],
        &[BinaryOp::Add, BinaryOp::Sub],
    ];
}

impl fmt::Display for UnaryOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnaryOp::Not => "!",
            UnaryOp::Neg => "-",
        })
    }
}

impl fmt::Display for BinaryOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BinaryOp::Or => "||",
            BinaryOp::And => "&&",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
        })
    }
}

impl Node {
    /// Appends the `seen()` arguments under this node, left to right. Recursion is bounded: the
    /// parser bounds the tree's height.
    pub(super) fn seen_references<'a>(&'a self, found: &mut Vec<&'a str>) {
        match self {
            Node::Lit(_) | Node::Var { .. } => {}
            Node::Seen { reference, .. } => found.push(reference),
            Node::Unary { operand, .. } => operand.seen_references(found),
            Node::Chain { first, rest } => {
                first.seen_references(found);
                for link in rest {
                    link.operand.seen_references(found);
                }
            }
        }
    }
}
