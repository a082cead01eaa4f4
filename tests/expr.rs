//! Property tests for the expression language: `parse` never panics, well-typed expressions round-trip
//! through text and evaluate as a reference evaluator says, nesting is bounded.
//!
//! Host only: proptest is a host dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use microdrama::expr::{parse, Env, ExprErrorKind, Scope, Type, Value, MAX_STRING_BYTES};
use proptest::prelude::*;
use proptest::sample::select;

/// Declared variables and their values, plus which `seen()` references exist and were played.
#[derive(Debug, Clone)]
struct World {
    vars: BTreeMap<&'static str, Value>,
    seen: BTreeMap<&'static str, bool>,
}

impl Scope for World {
    fn var_type(&self, name: &str) -> Option<Type> {
        self.vars.get(name).map(Value::type_of)
    }
    fn has_segment(&self, reference: &str) -> bool {
        self.seen.contains_key(reference)
    }
}

impl Env for World {
    fn var(&self, name: &str) -> Option<&Value> {
        self.vars.get(name)
    }
    fn seen(&self, reference: &str) -> bool {
        self.seen.get(reference).copied().unwrap_or(false)
    }
}

const INTS: [&str; 2] = ["i0", "i1"];
const BOOLS: [&str; 2] = ["b0", "b1"];
const STRS: [&str; 2] = ["s0", "s1"];
const SEGMENTS: [&str; 2] = ["s1", "ep2/s3"];

/// Text for string literals and values: quotes, backslashes and multi-byte characters included.
const TEXT: &str = "[a-zé来\"\\\\ ]{0,6}";

fn world() -> impl Strategy<Value = World> {
    let int = prop_oneof![Just(i64::MAX), Just(i64::MIN), Just(0), any::<i64>()];
    // One string long enough that concatenations run into the cap.
    let long = prop_oneof![TEXT.prop_map(String::from), Just("é".repeat(1500))];
    (int.clone(), int, any::<bool>(), any::<bool>(), TEXT, long, any::<bool>(), any::<bool>()).prop_map(
        |(i0, i1, b0, b1, s0, s1, seen0, seen1)| World {
            vars: BTreeMap::from([
                ("i0", Value::Int(i0)),
                ("i1", Value::Int(i1)),
                ("b0", Value::Bool(b0)),
                ("b1", Value::Bool(b1)),
                ("s0", Value::Str(s0)),
                ("s1", Value::Str(s1)),
            ]),
            seen: BTreeMap::from([(SEGMENTS[0], seen0), (SEGMENTS[1], seen1)]),
        },
    )
}

/// A binary operator of the test's own tree, with its precedence level (higher binds tighter).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
}

impl Op {
    fn text(self) -> &'static str {
        match self {
            Op::Or => "||",
            Op::And => "&&",
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Add => "+",
            Op::Sub => "-",
        }
    }

    fn level(self) -> u8 {
        match self {
            Op::Or => 0,
            Op::And => 1,
            Op::Eq | Op::Ne => 2,
            Op::Lt | Op::Le | Op::Gt | Op::Ge => 3,
            Op::Add | Op::Sub => 4,
        }
    }
}

/// Level of unary operators and atoms.
const UNARY: u8 = 5;

/// A well-typed expression tree, independent of the crate's own.
#[derive(Debug, Clone)]
enum Tree {
    Lit(Value),
    Var(&'static str),
    Seen(&'static str),
    Not(Box<Tree>),
    Neg(Box<Tree>),
    Bin(Op, Box<Tree>, Box<Tree>),
}

impl Tree {
    /// Renders with the fewest parentheses precedence and left associativity allow, so the parser's
    /// precedence is what makes the text mean the tree.
    fn render(&self, out: &mut String, min_level: u8) {
        match self {
            Tree::Lit(Value::Int(n)) => out.push_str(&n.to_string()),
            Tree::Lit(Value::Bool(b)) => out.push_str(&b.to_string()),
            Tree::Lit(Value::Str(s)) => quote(s, out),
            Tree::Var(name) => out.push_str(name),
            Tree::Seen(reference) => {
                out.push_str("seen(");
                quote(reference, out);
                out.push(')');
            }
            Tree::Not(operand) | Tree::Neg(operand) => {
                out.push(if matches!(self, Tree::Not(_)) { '!' } else { '-' });
                operand.render(out, UNARY);
            }
            Tree::Bin(op, left, right) => {
                let parens = op.level() < min_level;
                if parens {
                    out.push('(');
                }
                left.render(out, op.level());
                out.push(' ');
                out.push_str(op.text());
                out.push(' ');
                right.render(out, op.level() + 1);
                if parens {
                    out.push(')');
                }
            }
        }
    }

    /// The reference semantics.
    fn eval(&self, world: &World) -> Value {
        let int = |tree: &Tree| match tree.eval(world) {
            Value::Int(n) => n,
            other => panic!("generator made an ill-typed tree: {other:?}"),
        };
        let bool = |tree: &Tree| tree.eval(world) == Value::Bool(true);
        match self {
            Tree::Lit(value) => value.clone(),
            Tree::Var(name) => world.vars[name].clone(),
            Tree::Seen(reference) => Value::Bool(world.seen[reference]),
            Tree::Not(operand) => Value::Bool(!bool(operand)),
            Tree::Neg(operand) => Value::Int(int(operand).saturating_neg()),
            Tree::Bin(Op::Or, l, r) => Value::Bool(bool(l) || bool(r)),
            Tree::Bin(Op::And, l, r) => Value::Bool(bool(l) && bool(r)),
            Tree::Bin(Op::Eq, l, r) => Value::Bool(l.eval(world) == r.eval(world)),
            Tree::Bin(Op::Ne, l, r) => Value::Bool(l.eval(world) != r.eval(world)),
            Tree::Bin(Op::Lt, l, r) => Value::Bool(int(l) < int(r)),
            Tree::Bin(Op::Le, l, r) => Value::Bool(int(l) <= int(r)),
            Tree::Bin(Op::Gt, l, r) => Value::Bool(int(l) > int(r)),
            Tree::Bin(Op::Ge, l, r) => Value::Bool(int(l) >= int(r)),
            Tree::Bin(Op::Sub, l, r) => Value::Int(int(l).saturating_sub(int(r))),
            Tree::Bin(Op::Add, l, r) => match (l.eval(world), r.eval(world)) {
                (Value::Int(a), Value::Int(b)) => Value::Int(a.saturating_add(b)),
                (Value::Str(a), Value::Str(b)) => {
                    // The cap, counted in characters from the end back to a boundary.
                    let mut joined = a + &b;
                    while joined.len() > MAX_STRING_BYTES {
                        joined.pop();
                    }
                    Value::Str(joined)
                }
                other => panic!("generator made an ill-typed tree: {other:?}"),
            },
        }
    }
}

/// `s` as a string literal.
fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

fn var(names: [&'static str; 2]) -> impl Strategy<Value = Tree> {
    select(names.to_vec()).prop_map(Tree::Var)
}

fn bin(op: Op, l: Tree, r: Tree) -> Tree {
    Tree::Bin(op, Box::new(l), Box::new(r))
}

/// Well-typed trees of each type, up to `depth` operators deep: (int, bool, string).
///
/// Built bottom-up, each level cloning the one below, so the strategy stays linear in `depth`.
fn trees(depth: usize) -> (BoxedStrategy<Tree>, BoxedStrategy<Tree>, BoxedStrategy<Tree>) {
    let mut int = prop_oneof![(0..=i64::MAX).prop_map(|n| Tree::Lit(Value::Int(n))), var(INTS)].boxed();
    let mut bool = prop_oneof![
        any::<bool>().prop_map(|b| Tree::Lit(Value::Bool(b))),
        var(BOOLS),
        select(SEGMENTS.to_vec()).prop_map(Tree::Seen),
    ]
    .boxed();
    let mut string = prop_oneof![TEXT.prop_map(|s| Tree::Lit(Value::Str(s))), var(STRS)].boxed();
    for _ in 0..depth {
        let (i, b, s) = (int.clone(), bool.clone(), string.clone());
        let same_type_pair =
            prop_oneof![(i.clone(), i.clone()), (b.clone(), b.clone()), (s.clone(), s.clone())];
        let next_int = prop_oneof![
            2 => i.clone(),
            1 => i.clone().prop_map(|t| Tree::Neg(Box::new(t))),
            2 => (select(vec![Op::Add, Op::Sub]), i.clone(), i.clone()).prop_map(|(op, l, r)| bin(op, l, r)),
        ];
        let next_bool = prop_oneof![
            2 => b.clone(),
            1 => b.clone().prop_map(|t| Tree::Not(Box::new(t))),
            2 => (select(vec![Op::And, Op::Or]), b.clone(), b.clone()).prop_map(|(op, l, r)| bin(op, l, r)),
            2 => (select(vec![Op::Lt, Op::Le, Op::Gt, Op::Ge]), i.clone(), i)
                .prop_map(|(op, l, r)| bin(op, l, r)),
            2 => (select(vec![Op::Eq, Op::Ne]), same_type_pair).prop_map(|(op, (l, r))| bin(op, l, r)),
        ];
        let next_string = prop_oneof![
            2 => s.clone(),
            1 => (s.clone(), s).prop_map(|(l, r)| bin(Op::Add, l, r)),
        ];
        (int, bool, string) = (next_int.boxed(), next_bool.boxed(), next_string.boxed());
    }
    (int, bool, string)
}

fn typed_tree() -> impl Strategy<Value = (Type, Tree)> {
    let (int, bool, string) = trees(5);
    prop_oneof![
        int.prop_map(|t| (Type::Int, t)),
        bool.prop_map(|t| (Type::Bool, t)),
        string.prop_map(|t| (Type::Str, t)),
    ]
}

/// Text close to the language, so that random input reaches past the lexer.
const NEAR_MISS: &str = "[ ()!\\-+<>=&|\"\\\\a-z_0-9é]{0,40}";

proptest! {
    #[test]
    fn parse_never_panics(source in any::<String>()) {
        let _ = parse(&source);
    }

    #[test]
    fn near_misses_never_panic_anywhere(source in NEAR_MISS, world in world()) {
        if let Ok(expr) = parse(&source) {
            // Unchecked expressions and undeclared names included: evaluation stays total.
            let _ = expr.check(&world);
            let _ = expr.eval(&world);
            for ty in [Type::Bool, Type::Int, Type::Str] {
                prop_assert_eq!(expr.eval_as(&world, ty).type_of(), ty);
            }
        }
    }

    #[test]
    fn errors_stay_inside_the_source(source in NEAR_MISS, world in world()) {
        let error = match parse(&source) {
            Err(error) => error,
            Ok(expr) => match expr.check(&world) {
                Err(error) => error,
                Ok(_) => return Ok(()),
            },
        };
        prop_assert!(error.position <= source.len());
        prop_assert!(source.is_char_boundary(error.position));
    }

    #[test]
    fn well_typed_trees_round_trip((ty, tree) in typed_tree(), world in world()) {
        let mut text = String::new();
        tree.render(&mut text, 0);
        let expr = parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(expr.check(&world), Ok(ty), "{}", text);
        let value = expr.eval(&world);
        prop_assert_eq!(value.type_of(), ty);
        prop_assert_eq!(&value, &tree.eval(&world), "{}", text);
        prop_assert_eq!(expr.eval_as(&world, ty), value);
    }
}

#[test]
fn deep_parentheses_are_a_syntax_error() {
    for source in ["(".repeat(100_000), format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000))] {
        let error = parse(&source).unwrap_err();
        assert_eq!(error.kind, ExprErrorKind::Syntax);
        assert!(error.message.contains("nested too deeply"), "{}", error.message);
    }
}

#[test]
fn deep_unary_chains_are_a_syntax_error() {
    for source in ["!".repeat(100_000), format!("{}true", "!".repeat(100_000)), "-".repeat(100_000)] {
        let error = parse(&source).unwrap_err();
        assert_eq!(error.kind, ExprErrorKind::Syntax);
        assert!(error.message.contains("nested too deeply"), "{}", error.message);
    }
}

#[test]
fn deep_mixed_nesting_is_a_syntax_error() {
    let error = parse(&"(!-".repeat(50_000)).unwrap_err();
    assert_eq!(error.kind, ExprErrorKind::Syntax);
    assert!(error.message.contains("nested too deeply"), "{}", error.message);
}
