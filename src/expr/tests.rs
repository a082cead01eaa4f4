//! Unit tests: precedence, each operator, each error kind with its position.

use std::collections::BTreeMap;

use super::*;

/// Variables `trust = 2`, `police = false`, `alias = "Ann"`; segments `s1`, `s2`, `ep2/s1`, of
/// which `s1` was played.
struct World {
    vars: BTreeMap<String, Value>,
}

impl World {
    fn new() -> Self {
        let vars = [
            ("trust", Value::Int(2)),
            ("police", Value::Bool(false)),
            ("alias", Value::Str("Ann".to_owned())),
        ];
        World { vars: vars.into_iter().map(|(name, value)| (name.to_owned(), value)).collect() }
    }
}

impl Scope for World {
    fn var_type(&self, name: &str) -> Option<Type> {
        self.vars.get(name).map(Value::type_of)
    }
    fn has_segment(&self, reference: &str) -> bool {
        ["s1", "s2", "ep2/s1"].contains(&reference)
    }
}

impl Env for World {
    fn var(&self, name: &str) -> Option<&Value> {
        self.vars.get(name)
    }
    fn seen(&self, reference: &str) -> bool {
        reference == "s1"
    }
}

/// Parses, checks and evaluates `source`, asserting the value has the checked type.
fn run(source: &str) -> Value {
    let world = World::new();
    let expr = parse(source).unwrap_or_else(|e| panic!("{e}"));
    let ty = expr.check(&world).unwrap_or_else(|e| panic!("{e}"));
    let value = expr.eval(&world);
    assert_eq!(value.type_of(), ty, "{source}");
    value
}

fn int(n: i64) -> Value {
    Value::Int(n)
}

fn bool(b: bool) -> Value {
    Value::Bool(b)
}

fn string(s: &str) -> Value {
    Value::Str(s.to_owned())
}

/// The kind and position of the error `source` gets from parsing or checking.
fn error(source: &str) -> (ExprErrorKind, usize) {
    let err = match parse(source) {
        Err(err) => err,
        Ok(expr) => expr.check(&World::new()).expect_err(source),
    };
    assert!(
        err.message.starts_with(&format!("{source:?}: ")) || source.len() > QUOTE_BYTES,
        "{}",
        err.message
    );
    (err.kind, err.position)
}

#[test]
fn literals_and_variables() {
    assert_eq!(run("42"), int(42));
    assert_eq!(run("9223372036854775807"), int(i64::MAX));
    assert_eq!(run("true"), bool(true));
    assert_eq!(run("false"), bool(false));
    assert_eq!(run(r#""say \"hi\" \\ bye""#), string(r#"say "hi" \ bye"#));
    assert_eq!(run(r#""来电""#), string("来电"));
    assert_eq!(run("trust"), int(2));
    assert_eq!(run("alias"), string("Ann"));
    assert_eq!(run(" \t\n police \n"), bool(false));
}

#[test]
fn seen() {
    assert_eq!(run(r#"seen("s1")"#), bool(true));
    assert_eq!(run(r#"seen ( "s2" )"#), bool(false));
    assert_eq!(run(r#"seen("ep2/s1")"#), bool(false));
}

#[test]
fn seen_references_in_source_order() {
    let expr = parse(r#"!(seen("s2") || trust > 1) && seen("ep2/s1") == seen("s2")"#).unwrap();
    assert_eq!(expr.seen_references(), ["s2", "ep2/s1", "s2"]);
    assert!(parse("trust > 1").unwrap().seen_references().is_empty());
}

#[test]
fn unary_operators() {
    assert_eq!(run("!police"), bool(true));
    assert_eq!(run("!!police"), bool(false));
    assert_eq!(run("-trust"), int(-2));
    assert_eq!(run("- -trust"), int(2));
    assert_eq!(run("--trust"), int(2));
}

#[test]
fn arithmetic_saturates() {
    assert_eq!(run("trust + 3"), int(5));
    assert_eq!(run("trust - 3"), int(-1));
    assert_eq!(run("10 - 3 - 2"), int(5), "left associative");
    assert_eq!(run("9223372036854775807 + 1"), int(i64::MAX));
    assert_eq!(run("-9223372036854775807 - 5"), int(i64::MIN));
    assert_eq!(run("-(-9223372036854775807 - 1)"), int(i64::MAX));
}

#[test]
fn concatenation_is_capped() {
    assert_eq!(run(r#"alias + " & " + "Bo""#), string("Ann & Bo"));
    let long = format!("\"{}\"", "x".repeat(3000));
    let value = run(&format!("{long} + {long}"));
    assert_eq!(value, Value::Str("x".repeat(MAX_STRING_BYTES)));
    // 'é' is two bytes: the cut falls back to a character boundary.
    let accented = format!("\"{}\"", "é".repeat(1500));
    let Value::Str(s) = run(&format!("\"x\" + {accented} + {accented}")) else { unreachable!() };
    assert_eq!(s.len(), MAX_STRING_BYTES - 1);
    assert!(s.ends_with('é'));
}

#[test]
fn comparisons() {
    assert_eq!(run("trust < 3"), bool(true));
    assert_eq!(run("trust < 2"), bool(false));
    assert_eq!(run("trust <= 2"), bool(true));
    assert_eq!(run("trust > 2"), bool(false));
    assert_eq!(run("trust > 1"), bool(true));
    assert_eq!(run("trust >= 2"), bool(true));
    assert_eq!(run("trust >= 3"), bool(false));
}

#[test]
fn equality_on_each_type() {
    assert_eq!(run("trust == 2"), bool(true));
    assert_eq!(run("trust != 2"), bool(false));
    assert_eq!(run(r#"alias == "Ann""#), bool(true));
    assert_eq!(run(r#"alias != "ann""#), bool(true));
    assert_eq!(run("police == false"), bool(true));
    assert_eq!(run("1 == 1 == true"), bool(true), "left associative");
}

#[test]
fn logic_short_circuits() {
    assert_eq!(run("true && police"), bool(false));
    assert_eq!(run("true && !police"), bool(true));
    assert_eq!(run("police || true"), bool(true));
    assert_eq!(run("police || false"), bool(false));
    // The right sides read a variable the state lacks; short-circuiting never looks.
    struct Counting(std::cell::Cell<u32>);
    impl Env for Counting {
        fn var(&self, _: &str) -> Option<&Value> {
            None
        }
        fn seen(&self, _: &str) -> bool {
            self.0.set(self.0.get() + 1);
            true
        }
    }
    let env = Counting(std::cell::Cell::new(0));
    assert_eq!(parse(r#"false && seen("a") && seen("b")"#).unwrap().eval(&env), bool(false));
    assert_eq!(parse(r#"true || seen("a")"#).unwrap().eval(&env), bool(true));
    assert_eq!(env.0.get(), 0);
    assert_eq!(parse(r#"seen("a") && seen("b")"#).unwrap().eval(&env), bool(true));
    assert_eq!(env.0.get(), 2);
}

#[test]
fn precedence() {
    // + over comparisons over == over && over ||.
    assert_eq!(run("1 + 2 < 4"), bool(true));
    assert_eq!(run("1 < 2 == 3 < 4"), bool(true));
    assert_eq!(run("true || true && false"), bool(true), "&& binds tighter than ||");
    assert_eq!(run("(true || true) && false"), bool(false));
    assert_eq!(run("false == false && false"), bool(false), "== binds tighter than &&");
    assert_eq!(run("-trust + 5"), int(3), "unary binds tighter than +");
    assert_eq!(run("-(trust + 5)"), int(-7));
    assert_eq!(run("!police == true"), bool(true), "! binds tighter than ==");
    assert_eq!(run("trust - 1 - 1 == 0 || false"), bool(true));
    assert_eq!(run("2 - (1 - 1)"), int(2));
}

#[test]
fn missing_variables_read_as_zero() {
    struct Empty;
    impl Env for Empty {
        fn var(&self, _: &str) -> Option<&Value> {
            None
        }
        fn seen(&self, _: &str) -> bool {
            false
        }
    }
    assert_eq!(parse("trust + 1").unwrap().eval(&Empty), int(1));
    assert_eq!(parse(r#"alias + "!""#).unwrap().eval(&Empty), string("!"));
    assert_eq!(parse(r#"alias == """#).unwrap().eval(&Empty), bool(true));
    assert_eq!(parse("!police").unwrap().eval(&Empty), bool(true));
    assert_eq!(parse("alias").unwrap().eval_as(&Empty, Type::Str), string(""));
    assert_eq!(parse("trust").unwrap().eval_as(&World::new(), Type::Str), string(""), "wrong type");
}

#[test]
fn source_is_kept() {
    assert_eq!(parse(" trust+1 ").unwrap().source(), " trust+1 ");
}

#[test]
fn syntax_errors_point_at_the_offence() {
    use ExprErrorKind::Syntax;
    assert_eq!(error(""), (Syntax, 0));
    assert_eq!(error("1 +"), (Syntax, 3));
    assert_eq!(error("1 2"), (Syntax, 2));
    assert_eq!(error("(1"), (Syntax, 2));
    assert_eq!(error("1)"), (Syntax, 1));
    assert_eq!(error("a = 1"), (Syntax, 2));
    assert_eq!(error("a & b"), (Syntax, 2));
    assert_eq!(error("a | b"), (Syntax, 2));
    assert_eq!(error("1 € 2"), (Syntax, 2));
    assert_eq!(error("1.5"), (Syntax, 1));
    assert_eq!(error("x + 9223372036854775808"), (Syntax, 4));
    assert_eq!(error(r#""abc"#), (Syntax, 0));
    assert_eq!(error(r#"x + "a\n""#), (Syntax, 6));
    assert_eq!(error(r#""a\"#), (Syntax, 0));
    assert_eq!(error("seen(s1)"), (Syntax, 5));
    assert_eq!(error(r#"seen("s1""#), (Syntax, 9));
    assert_eq!(error(r#"seen("s1", "s2")"#), (Syntax, 9));
    assert_eq!(error("seen()"), (Syntax, 5));
    assert_eq!(error(r#"played("s1")"#), (Syntax, 0));
    assert_eq!(error("true(1)"), (Syntax, 4));
    assert_eq!(error("!"), (Syntax, 1));
    assert_eq!(error("1 + * 2"), (Syntax, 4));
}

#[test]
fn syntax_messages_say_what() {
    let message = |source: &str| parse(source).unwrap_err().message;
    assert_eq!(message("1 +"), r#""1 +": expected a value, found the end of the expression"#);
    assert_eq!(message("a = 1"), r#""a = 1": `=` is not an operator; did you mean `==`?"#);
    assert_eq!(message("(1 2"), r#""(1 2": expected `)` to close the `(` at 0, found integer 2"#);
    assert!(message("99999999999999999999").contains("out of range"));
}

#[test]
fn nesting_is_bounded() {
    let ok = format!("{}1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(run(&ok), int(1));
    assert_eq!(run(&format!("{}true", "!".repeat(MAX_DEPTH))), bool(true));
    let deep = format!("{}1{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1));
    let err = parse(&deep).unwrap_err();
    assert_eq!((err.kind, err.position), (ExprErrorKind::Syntax, MAX_DEPTH));
    assert!(err.message.contains("nested too deeply"), "{}", err.message);
    assert!(err.message.len() < 200, "the message quotes a bounded prefix");
    let err = parse(&"-".repeat(100_000)).unwrap_err();
    assert_eq!((err.kind, err.position), (ExprErrorKind::Syntax, MAX_DEPTH));
}

#[test]
fn long_chains_cost_no_depth() {
    let sum = vec!["1"; 100_000].join(" + ");
    assert_eq!(run(&sum), int(100_000));
    let all = vec!["true"; 100_000].join(" && ");
    assert_eq!(run(&all), bool(true));
}

#[test]
fn unknown_variable() {
    assert_eq!(error("trust + trst"), (ExprErrorKind::UnknownVariable, 8));
    assert_eq!(error("seen"), (ExprErrorKind::UnknownVariable, 0));
    let err = parse("1 < bogus").unwrap().check(&World::new()).unwrap_err();
    assert_eq!(err.message, r#""1 < bogus": unknown variable bogus"#);
}

#[test]
fn unknown_segment() {
    assert_eq!(error(r#"police || seen("s9")"#), (ExprErrorKind::UnknownSegment, 15));
    let err = parse(r#"seen("ep9/s1")"#).unwrap().check(&World::new()).unwrap_err();
    assert_eq!(err.message, r#""seen(\"ep9/s1\")": seen() names no segment "ep9/s1""#);
}

#[test]
fn type_mismatches_point_at_the_operator() {
    use ExprErrorKind::TypeMismatch;
    assert_eq!(error(r#"trust + "x""#), (TypeMismatch, 6));
    assert_eq!(error("trust - alias"), (TypeMismatch, 6));
    assert_eq!(error("1 + 2 - true"), (TypeMismatch, 6));
    assert_eq!(error("police < 1"), (TypeMismatch, 7));
    assert_eq!(error("1 <= alias"), (TypeMismatch, 2));
    assert_eq!(error("1 > true"), (TypeMismatch, 2));
    assert_eq!(error("1 >= true"), (TypeMismatch, 2));
    assert_eq!(error("1 < 2 < 3"), (TypeMismatch, 6));
    assert_eq!(error(r#"trust == "2""#), (TypeMismatch, 6));
    assert_eq!(error("trust != police"), (TypeMismatch, 6));
    assert_eq!(error("police && 1"), (TypeMismatch, 7));
    assert_eq!(error("1 || police"), (TypeMismatch, 2));
    assert_eq!(error("!trust"), (TypeMismatch, 0));
    assert_eq!(error("1 + -police"), (TypeMismatch, 4));
}

#[test]
fn type_mismatch_messages() {
    let message = |source: &str| parse(source).unwrap().check(&World::new()).unwrap_err().message;
    assert_eq!(
        message(r#"trust + "x""#),
        r#""trust + \"x\"": + needs two integers or two strings, found int and string"#
    );
    assert_eq!(message("police < 1"), r#""police < 1": < needs two integers, found bool and int"#);
    assert_eq!(
        message("1 == true"),
        r#""1 == true": == needs both sides of the same type, found int and bool"#
    );
    assert_eq!(message("police && 1"), r#""police && 1": && needs two booleans, found bool and int"#);
    assert_eq!(message("!trust"), r#""!trust": ! needs a boolean, found int"#);
    assert_eq!(message("-alias"), r#""-alias": - needs an integer, found string"#);
}

#[test]
fn first_error_in_source_order() {
    assert_eq!(error("nope + (1 + true)"), (ExprErrorKind::UnknownVariable, 0));
    assert_eq!(error("(1 + true) + nope"), (ExprErrorKind::TypeMismatch, 3));
}
