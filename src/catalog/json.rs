//! The parsed document the walker reads: a JSON tree that borrows its strings from the text.
//!
//! `serde_json::Value` (with `preserve_order`) costs an allocation per string and per key, an index
//! map per object, and grows every container by doubling: about a million allocations for a
//! 10,000-episode catalog, most of the load time and more in wasm, whose allocator is slower. Here a
//! string without escapes is a slice of the text, and each array or object is one allocation of its
//! exact size (elements are gathered on a scratch stack shared by the whole parse, then moved).
//!
//! The parser is serde_json's, so what is valid JSON and every syntax error message are unchanged;
//! so is what a document means: numbers are `serde_json::Number`s, and a repeated key keeps its first
//! position with the last value, as `serde_json::Map` does.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

/// A JSON value; strings borrow from the document unless they held escapes.
#[derive(Debug)]
pub(super) enum Json<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Box<[Json<'a>]>),
    Object(Object<'a>),
}

/// An object's members in document order, each key once.
#[derive(Debug, Default)]
pub(super) struct Object<'a> {
    entries: Box<[Member<'a>]>,
    /// Key → position, only for objects too large to search member by member. Boxed so that the
    /// common object without one stays small (a map inline would make every value 80 bytes, not 32).
    #[allow(clippy::box_collection)]
    index: Option<Box<HashMap<Cow<'a, str>, usize>>>,
}

/// One member of an object.
#[derive(Debug)]
struct Member<'a> {
    /// [`fingerprint`] of `key`: a lookup compares this word and reads the key's bytes (out in the
    /// document, usually not in cache any more) only when it matches.
    print: u64,
    key: Cow<'a, str>,
    value: Json<'a>,
}

/// The length and first bytes of a key in one word: keys that differ here differ.
fn fingerprint(key: &str) -> u64 {
    let mut head = [0u8; 8];
    let n = key.len().min(7);
    head[..n].copy_from_slice(&key.as_bytes()[..n]);
    u64::from_le_bytes(head) | (key.len() as u64) << 56
}

/// Objects with more members than this get an index; below it a scan is faster than hashing.
const SCAN: usize = 16;

impl<'a> Json<'a> {
    /// Parses `text` with serde_json's parser.
    ///
    /// # Errors
    /// serde_json's error for text that is not one valid JSON value.
    pub(super) fn parse(text: &'a str) -> Result<Json<'a>, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let mut scratch = Scratch::default();
        let value = Seed { scratch: &mut scratch }.deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(value)
    }

    pub(super) fn as_object(&self) -> Option<&Object<'a>> {
        match self {
            Json::Object(object) => Some(object),
            _ => None,
        }
    }

    pub(super) fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    pub(super) fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    pub(super) fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(number) => number.as_u64(),
            _ => None,
        }
    }

    pub(super) fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The member `key` when this is an object that has it.
    pub(super) fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.as_object()?.get(key)
    }
}

impl<'a> Object<'a> {
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(super) fn get(&self, key: &str) -> Option<&Json<'a>> {
        match &self.index {
            Some(index) => index.get(key).and_then(|&i| self.entries.get(i)).map(|member| &member.value),
            None => {
                let found = self.position(fingerprint(key), key);
                found.and_then(|i| self.entries.get(i)).map(|member| &member.value)
            }
        }
    }

    /// The members in document order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &Json<'a>)> {
        self.entries.iter().map(|member| (&*member.key, &member.value))
    }

    /// Where `key` is among the members, by scanning.
    fn position(&self, print: u64, key: &str) -> Option<usize> {
        self.entries.iter().position(|member| member.print == print && member.key == key)
    }

    /// Builds an object from members in document order; a repeated key keeps its first place and
    /// takes the later value.
    fn from_entries(entries: impl ExactSizeIterator<Item = (Cow<'a, str>, Json<'a>)>) -> Object<'a> {
        let mut members: Vec<Member<'a>> = Vec::with_capacity(entries.len());
        let mut index: Option<Box<HashMap<Cow<'a, str>, usize>>> = None;
        for (key, value) in entries {
            let print = fingerprint(&key);
            let found = match &index {
                Some(index) => index.get(&key).copied(),
                None => members.iter().position(|member| member.print == print && member.key == key),
            };
            if let Some(slot) = found.and_then(|i| members.get_mut(i)) {
                slot.value = value;
                continue;
            }
            if let Some(index) = &mut index {
                index.insert(key.clone(), members.len());
            }
            members.push(Member { print, key, value });
            if index.is_none() && members.len() > SCAN {
                let positions = members.iter().enumerate().map(|(i, member)| (member.key.clone(), i));
                index = Some(Box::new(positions.collect()));
            }
        }
        Object { entries: members.into_boxed_slice(), index }
    }
}

/// Elements and members of the containers being parsed, innermost last: one stack for the whole
/// document, so a container's own vector is allocated once, at its final size.
#[derive(Default)]
struct Scratch<'a> {
    items: Vec<Json<'a>>,
    members: Vec<(Cow<'a, str>, Json<'a>)>,
}

struct Seed<'s, 'a> {
    scratch: &'s mut Scratch<'a>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, 'de> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(flag))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(number.into()))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(number.into()))
    }

    /// As serde_json's `Value`: a float that is not finite becomes `null`.
    fn visit_f64<E>(self, number: f64) -> Result<Json<'de>, E> {
        Ok(Number::from_f64(number).map_or(Json::Null, Json::Number))
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(text)))
    }

    fn visit_str<E>(self, text: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E>(self, text: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(text)))
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mark = self.scratch.items.len();
        while let Some(item) = seq.next_element_seed(Seed { scratch: &mut *self.scratch })? {
            self.scratch.items.push(item);
        }
        Ok(Json::Array(self.scratch.items.drain(mark..).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mark = self.scratch.members.len();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(Seed { scratch: &mut *self.scratch })?;
            self.scratch.members.push((key, value));
        }
        Ok(Json::Object(Object::from_entries(self.scratch.members.drain(mark..))))
    }
}

/// An object key, borrowed when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E>(self, text: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(text))
    }
}

// On 64-bit hosts a member is one cache line: a lookup that misses the cache pays one miss per member
// it passes.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Json<'static>>() == 32 && std::mem::size_of::<Member<'static>>() == 64);

#[cfg(test)]
mod tests {
    use super::*;

    fn keys<'a>(object: &'a Object<'_>) -> Vec<&'a str> {
        object.iter().map(|(key, _)| key).collect()
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let root = Json::parse(r#"{"a": "plain", "b\n": "esc\u00e9"}"#).unwrap();
        let object = root.as_object().unwrap();
        assert!(matches!(object.get("a"), Some(Json::String(Cow::Borrowed("plain")))));
        assert!(matches!(object.get("b\n"), Some(Json::String(Cow::Owned(text))) if text == "escé"));
    }

    #[test]
    fn repeated_keys_keep_the_first_place_and_the_last_value() {
        let root = Json::parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        let object = root.as_object().unwrap();
        assert_eq!(keys(object), ["a", "b"]);
        assert_eq!(object.get("a").and_then(Json::as_u64), Some(3));

        let many: Vec<String> = (0..40).map(|i| format!("\"k{}\": {i}", i % 30)).collect();
        let text = format!("{{{}}}", many.join(","));
        let root = Json::parse(&text).unwrap();
        let object = root.as_object().unwrap();
        assert_eq!(object.len(), 30);
        assert_eq!(keys(object)[29], "k29");
        assert_eq!(object.get("k3").and_then(Json::as_u64), Some(33));
        assert_eq!(object.get("k29").and_then(Json::as_u64), Some(29));
        assert!(object.get("k30").is_none());
    }

    #[test]
    fn errors_are_serde_json_s() {
        for text in ["", "{", "[1,]", "{\"a\" 1}", "1 2", "\"\\ud800\"", "nul", "1e400"] {
            let ours = Json::parse(text).unwrap_err().to_string();
            let theirs = serde_json::from_str::<serde_json::Value>(text).unwrap_err().to_string();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn numbers_are_serde_json_s() {
        let root = Json::parse("[1, -2, 1.5, 18446744073709551615, 1e300]").unwrap();
        let shown: Vec<String> = root
            .as_array()
            .unwrap()
            .iter()
            .map(|value| match value {
                Json::Number(number) => number.to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        let value: serde_json::Value = serde_json::from_str("[1, -2, 1.5, 18446744073709551615, 1e300]").unwrap();
        let theirs: Vec<String> = value.as_array().unwrap().iter().map(ToString::to_string).collect();
        assert_eq!(shown, theirs);
    }
}
