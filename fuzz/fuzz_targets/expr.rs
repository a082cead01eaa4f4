//! Arbitrary text as an expression: parse, then check against a small fixed scope, then evaluate in a
//! small state. Nothing may panic; a checked expression evaluates to a value of its checked type.
#![no_main]

use libfuzzer_sys::fuzz_target;
use microdrama::expr::{self, Env, Scope, Type, Value};

/// The variables `n` and `trust` (int), `flag` (bool), `name` (string) and `big` (int), and the
/// segments `s1` and `ep2/s1`.
struct Story {
    n: Value,
    trust: Value,
    flag: Value,
    name: Value,
    big: Value,
}

impl Scope for Story {
    fn var_type(&self, name: &str) -> Option<Type> {
        self.var(name).map(Value::type_of)
    }

    fn has_segment(&self, reference: &str) -> bool {
        matches!(reference, "s1" | "ep2/s1")
    }
}

impl Env for Story {
    fn var(&self, name: &str) -> Option<&Value> {
        match name {
            "n" => Some(&self.n),
            "trust" => Some(&self.trust),
            "flag" => Some(&self.flag),
            "name" => Some(&self.name),
            "big" => Some(&self.big),
            _ => None,
        }
    }

    fn seen(&self, reference: &str) -> bool {
        reference == "s1"
    }
}

/// The same declarations with no values: evaluation falls back to zero values and must stay total.
struct Empty;

impl Env for Empty {
    fn var(&self, _: &str) -> Option<&Value> {
        None
    }

    fn seen(&self, _: &str) -> bool {
        false
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let Ok(parsed) = expr::parse(source) else { return };
    assert_eq!(parsed.source(), source);
    let story = Story {
        n: Value::Int(3),
        trust: Value::Int(-1),
        flag: Value::Bool(true),
        name: Value::Str("é".repeat(1500)),
        big: Value::Int(i64::MAX),
    };
    // Evaluation is total even for an expression that does not check, and whatever the state holds.
    for ty in [Type::Bool, Type::Int, Type::Str] {
        assert_eq!(parsed.eval_as(&story, ty).type_of(), ty);
        assert_eq!(parsed.eval_as(&Empty, ty).type_of(), ty);
    }
    let _ = parsed.eval(&Empty);
    match parsed.check(&story) {
        Ok(ty) => {
            let value = parsed.eval(&story);
            assert_eq!(value.type_of(), ty, "{source:?} checks as {ty} but evaluates to {value:?}");
            assert_eq!(parsed.eval_as(&story, ty), value);
            if let Value::Str(text) = &value {
                // `+` stops at MAX_STRING_BYTES; a lone literal or `name` may be longer on its own.
                assert!(text.len() <= expr::MAX_STRING_BYTES.max(source.len()).max(3000));
            }
        }
        Err(error) => {
            assert!(error.position <= source.len(), "{error:?} points past the end of {source:?}");
            assert!(!error.message.is_empty());
        }
    }
});
