//! The parsed document: every value in two arenas, read through small copyable views.
//!
//! A tree of owned values costs an allocation per string, per key and per container: about a million
//! for a 10,000-episode catalog, and as many frees, most of the load time and more in wasm, whose
//! allocator is slower. Here a string without escapes is a slice of the text, a number is its text
//! (read as an integer only when asked), and the elements of all arrays, and the members of all
//! objects, each sit in one vector: a container is a range of it.

use std::borrow::Cow;
use std::collections::HashMap;

/// A parsed JSON document.
#[derive(Debug, Default)]
pub(crate) struct Document<'a> {
    pub(super) root: Node<'a>,
    /// Elements of every array, each array's contiguous.
    pub(super) items: Vec<Node<'a>>,
    /// Members of every object, each object's contiguous, in document order, each key once.
    pub(super) members: Vec<Member<'a>>,
    /// Key → position among its members, for objects too large to search member by member.
    pub(super) indexes: Vec<HashMap<Cow<'a, str>, u32>>,
}

/// A value as stored: containers are ranges of the document's arenas.
#[derive(Debug, Default)]
pub(super) enum Node<'a> {
    #[default]
    Null,
    Bool(bool),
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Range),
    Object(Range, Option<u32>),
}

/// `len` entries from `start` in an arena.
#[derive(Debug, Clone, Copy)]
pub(super) struct Range {
    pub(super) start: u32,
    pub(super) len: u32,
}

/// One member of an object.
#[derive(Debug)]
pub(super) struct Member<'a> {
    /// [`fingerprint`] of `key`: a lookup compares this word and reads the key's bytes (out in the
    /// document, usually not in cache any more) only when it matches.
    pub(super) print: u64,
    pub(super) key: Cow<'a, str>,
    pub(super) value: Node<'a>,
}

/// A JSON value of a [`Document`].
#[derive(Clone, Copy)]
pub(crate) enum Json<'d> {
    Null,
    Bool(bool),
    /// The number as written (valid JSON number syntax).
    Number(&'d str),
    String(&'d str),
    Array(Array<'d>),
    Object(Object<'d>),
}

/// An array of a [`Document`].
#[derive(Clone, Copy)]
pub(crate) struct Array<'d> {
    doc: &'d Document<'d>,
    items: &'d [Node<'d>],
}

/// An object of a [`Document`]: its members in document order, each key once.
#[derive(Clone, Copy)]
pub(crate) struct Object<'d> {
    doc: &'d Document<'d>,
    members: &'d [Member<'d>],
    index: Option<&'d HashMap<Cow<'d, str>, u32>>,
}

/// The length and first bytes of a key in one word: keys that differ here differ.
pub(super) fn fingerprint(key: &str) -> u64 {
    let head =
        key.bytes().take(7).enumerate().fold(0u64, |word, (i, byte)| word | u64::from(byte) << (8 * i));
    head | (key.len() as u64) << 56
}

/// Objects with more members than this get an index; below it a scan is faster than hashing.
pub(super) const SCAN: usize = 16;

impl<'a> Document<'a> {
    /// The top-level value.
    pub(crate) fn root(&self) -> Json<'_> {
        self.view(&self.root)
    }

    fn view<'d>(&'d self, node: &'d Node<'a>) -> Json<'d> {
        // A document of a longer lifetime reads as one of the view's: all views share one lifetime.
        let doc: &'d Document<'d> = self;
        match node {
            Node::Null => Json::Null,
            Node::Bool(flag) => Json::Bool(*flag),
            Node::Number(text) => Json::Number(text),
            Node::String(text) => Json::String(text),
            Node::Array(range) => {
                Json::Array(Array { doc, items: doc.items.get(range.span()).unwrap_or_default() })
            }
            Node::Object(range, index) => Json::Object(Object {
                doc,
                members: doc.members.get(range.span()).unwrap_or_default(),
                index: index.and_then(|i| doc.indexes.get(i as usize)),
            }),
        }
    }
}

impl Range {
    fn span(self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }
}

impl<'d> Json<'d> {
    pub(crate) fn as_object(&self) -> Option<Object<'d>> {
        match self {
            Json::Object(object) => Some(*object),
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> Option<Array<'d>> {
        match self {
            Json::Array(items) => Some(*items),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&'d str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    /// The number when it is written as a non-negative integer that fits (`1.0` and `1e3` do not).
    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(text) => digits(text),
            _ => None,
        }
    }

    /// The number when it is written as an integer that fits in an `i64`.
    pub(crate) fn as_i64(&self) -> Option<i64> {
        let Json::Number(text) = self else { return None };
        match text.strip_prefix('-') {
            Some(magnitude) => 0i64.checked_sub_unsigned(digits(magnitude)?),
            None => i64::try_from(digits(text)?).ok(),
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The member `key` when this is an object that has it.
    pub(crate) fn get(&self, key: &str) -> Option<Json<'d>> {
        self.as_object()?.get(key)
    }
}

impl<'d> Array<'d> {
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The elements in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Json<'d>> + 'd {
        let doc = self.doc;
        self.items.iter().map(move |node| doc.view(node))
    }
}

impl Default for Array<'_> {
    /// An empty array.
    fn default() -> Self {
        static EMPTY: Document<'static> =
            Document { root: Node::Null, items: Vec::new(), members: Vec::new(), indexes: Vec::new() };
        Array { doc: &EMPTY, items: &[] }
    }
}

impl<'d> Object<'d> {
    pub(crate) fn len(&self) -> usize {
        self.members.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub(crate) fn get(&self, key: &str) -> Option<Json<'d>> {
        let position = match self.index {
            Some(index) => index.get(key).map(|&i| i as usize),
            None => {
                let print = fingerprint(key);
                self.members.iter().position(|member| member.print == print && member.key == key)
            }
        };
        let doc = self.doc;
        position.and_then(|i| self.members.get(i)).map(|member| doc.view(&member.value))
    }

    /// The members in document order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'d str, Json<'d>)> + 'd {
        let doc = self.doc;
        self.members.iter().map(move |member| (&*member.key, doc.view(&member.value)))
    }
}

/// `text` as an unsigned integer when it is only decimal digits and fits in a `u64`.
fn digits(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |n, byte| {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        n.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys<'d>(object: &Object<'d>) -> Vec<&'d str> {
        object.iter().map(|(key, _)| key).collect()
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let doc = Document::parse(r#"{"a": "plain", "b\n": "esc\u00e9"}"#, 8).unwrap();
        let members = &doc.members;
        assert!(matches!(&members[0].value, Node::String(Cow::Borrowed("plain"))));
        assert!(matches!(&members[1].value, Node::String(Cow::Owned(text)) if text == "escé"));
        assert_eq!(doc.root().get("b\n").and_then(|v| v.as_str()), Some("escé"));
    }

    #[test]
    fn repeated_keys_keep_the_first_place_and_the_last_value() {
        let doc = Document::parse(r#"{"a": 1, "b": 2, "a": 3}"#, 8).unwrap();
        let object = doc.root().as_object().unwrap();
        assert_eq!(keys(&object), ["a", "b"]);
        assert_eq!(object.get("a").and_then(|v| v.as_u64()), Some(3));

        let many: Vec<String> = (0..40).map(|i| format!("\"k{}\": {i}", i % 30)).collect();
        let text = format!("{{{}}}", many.join(","));
        let doc = Document::parse(&text, 8).unwrap();
        let object = doc.root().as_object().unwrap();
        assert_eq!(object.len(), 30);
        assert_eq!(keys(&object)[29], "k29");
        assert_eq!(object.get("k3").and_then(|v| v.as_u64()), Some(33));
        assert_eq!(object.get("k29").and_then(|v| v.as_u64()), Some(29));
        assert!(object.get("k30").is_none());
    }

    #[test]
    fn nested_containers_read_back_in_order() {
        let doc = Document::parse(r#"[{"a": [1, [2, 3]], "b": {}}, [], {"c": [{"d": 4}]}]"#, 8).unwrap();
        let items: Vec<Json> = doc.root().as_array().unwrap().iter().collect();
        assert_eq!(items.len(), 3);
        let a: Vec<Json> = items[0].get("a").unwrap().as_array().unwrap().iter().collect();
        assert_eq!(a[0].as_u64(), Some(1));
        let inner: Vec<Option<u64>> = a[1].as_array().unwrap().iter().map(|v| v.as_u64()).collect();
        assert_eq!(inner, [Some(2), Some(3)]);
        assert!(items[0].get("b").unwrap().as_object().unwrap().is_empty());
        assert!(items[1].as_array().unwrap().is_empty());
        let c = items[2].get("c").unwrap().as_array().unwrap().iter().next().unwrap();
        assert_eq!(c.get("d").and_then(|v| v.as_u64()), Some(4));
    }
}
