//! The catalog document as serde reads and writes it (CONTRACT §1): derived types that borrow every
//! unescaped string from the text.
//!
//! The types hold the document's shape only. Members the contract requires are `Option`s here, so that
//! a missing one is reported by the walk at its path beside the document's other problems; what the
//! values mean (ids, targets, expressions, URLs, limits) is checked by the walk too (`walk.rs`).
//!
//! Three habits of serde are changed on purpose:
//! - an object is read only from a JSON object ([`Object`]): serde would also read a struct from an
//!   array of its members in order;
//! - objects of names (`variables`, `set`, a localized text) keep every member in document order
//!   ([`Members`]), so that the walk can report a name written twice (a fixed member written twice is
//!   serde's `duplicate field` error);
//! - a value whose type decides the diagnostic code (`format`, a variable's initial value) is read
//!   whatever it is, and the walk says what is wrong with it.
//!
//! Nesting: the members read here nest at most 11 levels (root, series, episode, segment, choice,
//! option, target and their containers); the value of any other member is skipped by serde_json with a
//! loop, not recursion, so no document can overflow the stack.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

pub(super) use crate::de::Object;

/// A string of the document: borrowed from the text unless it had escapes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Str<'a>(pub(super) Cow<'a, str>);

impl Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'a> From<&'a str> for Str<'a> {
    fn from(text: &'a str) -> Self {
        Str(Cow::Borrowed(text))
    }
}

// serde's own `Cow<str>` (and an `Option` of it, even with `#[serde(borrow)]`) always copies.
impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(text)))
            }
            fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(text.to_owned())))
            }
            fn visit_string<E>(self, text: String) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(text)))
            }
        }
        deserializer.deserialize_str(StrVisitor)
    }
}

impl Serialize for Str<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

/// An object of names to values, every member in document order, a name written twice included.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Members<'a, T>(pub(super) Vec<(Str<'a>, T)>);

impl<'a, T> Default for Members<'a, T> {
    fn default() -> Self {
        Members(Vec::new())
    }
}

fn read_members<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    mut map: A,
) -> Result<Members<'de, T>, A::Error> {
    let mut members = Vec::with_capacity(map.size_hint().unwrap_or(2).min(16));
    while let Some(name) = map.next_key::<Str<'de>>()? {
        members.push((name, map.next_value()?));
    }
    Ok(Members(members))
}

impl<'de: 'a, 'a, T: Deserialize<'de>> Deserialize<'de> for Members<'a, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for MembersVisitor<T> {
            type Value = Members<'de, T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                read_members(map)
            }
        }
        deserializer.deserialize_map(MembersVisitor(PhantomData))
    }
}

impl<T: Serialize> Serialize for Members<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// A time or an index: a non-negative integer (serde's own message would say "u64").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Millis(pub(super) u64);

impl<'de> Deserialize<'de> for Millis {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MillisVisitor;
        impl Visitor<'_> for MillisVisitor {
            type Value = Millis;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a non-negative integer")
            }
            fn visit_u64<E>(self, number: u64) -> Result<Self::Value, E> {
                Ok(Millis(number))
            }
            fn visit_i64<E: de::Error>(self, number: i64) -> Result<Self::Value, E> {
                u64::try_from(number)
                    .map(Millis)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(number), &self))
            }
        }
        deserializer.deserialize_u64(MillisVisitor)
    }
}

impl Serialize for Millis {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

/// What a value of another type than expected was, for the walk's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Null,
    Array,
    Object,
}

impl Kind {
    /// `null`, `a boolean`, …: how messages name it.
    pub(super) fn described(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// Any JSON value, kept as far as the walk needs it: `format` and a variable's initial value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Scalar<'a> {
    Bool(bool),
    Int(i64),
    /// A number that is not a 64-bit integer, as written (`1.5`, `1e400`, `18446744073709551615`).
    Number(String),
    Str(Str<'a>),
    /// Null, an array or an object; the contents are skipped without recursion.
    Other(Kind),
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_bool<E>(self, flag: bool) -> Result<Self::Value, E> {
                Ok(Scalar::Bool(flag))
            }
            fn visit_i64<E>(self, number: i64) -> Result<Self::Value, E> {
                Ok(Scalar::Int(number))
            }
            fn visit_u64<E>(self, number: u64) -> Result<Self::Value, E> {
                Ok(i64::try_from(number).map_or_else(|_| Scalar::Number(number.to_string()), Scalar::Int))
            }
            fn visit_f64<E>(self, number: f64) -> Result<Self::Value, E> {
                Ok(Scalar::Number(number.to_string()))
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Str(Cow::Borrowed(text))))
            }
            fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Str(Cow::Owned(text.to_owned()))))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Scalar::Other(Kind::Null))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Scalar::Other(Kind::Null))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other(Kind::Array))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other(Kind::Object))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

impl Serialize for Scalar<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Scalar::Bool(flag) => serializer.serialize_bool(*flag),
            Scalar::Int(number) => serializer.serialize_i64(*number),
            Scalar::Str(text) => text.serialize(serializer),
            Scalar::Number(_) | Scalar::Other(_) => {
                Err(serde::ser::Error::custom("only booleans, integers and strings are written"))
            }
        }
    }
}

/// A display text: one string, or an object of language tag to string.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Text<'a> {
    Plain(Str<'a>),
    Localized(Members<'a, Str<'a>>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an object of language tag to string")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Text::Plain(Str(Cow::Borrowed(text))))
            }
            fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Text::Plain(Str(Cow::Owned(text.to_owned()))))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                read_members(map).map(Text::Localized)
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Plain(text) => text.serialize(serializer),
            Text::Localized(entries) => entries.serialize(serializer),
        }
    }
}

/// Where an option or a segment's end leads: a segment id of the same episode, or an object.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Target<'a> {
    Id(Str<'a>),
    Object(TargetObject<'a>),
}

/// `{ "episode": id, "segment": id }` (the segment optional) or `{ "end": true }`.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
pub(super) struct TargetObject<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) episode: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) segment: Option<Str<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) end: Option<bool>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Target<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TargetVisitor;
        impl<'de> Visitor<'de> for TargetVisitor {
            type Value = Target<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"a segment id, { "episode": id, "segment": id } or { "end": true }"#)
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Target::Id(Str(Cow::Borrowed(text))))
            }
            fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Target::Id(Str(Cow::Owned(text.to_owned()))))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                TargetObject::deserialize(MapAccessDeserializer::new(map)).map(Target::Object)
            }
        }
        deserializer.deserialize_any(TargetVisitor)
    }
}

impl Serialize for Target<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Target::Id(id) => id.serialize(serializer),
            Target::Object(object) => object.serialize(serializer),
        }
    }
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
pub(super) struct Catalog<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) format: Option<Scalar<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) title: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) series: Option<Vec<Object<Series<'a>>>>,
}

/// Only `format`, read again when the whole document was refused: another format is `bad-format`
/// alone, whatever its shape.
#[derive(Debug, serde::Deserialize)]
pub(super) struct FormatOnly<'a> {
    #[serde(borrow, default)]
    pub(super) format: Option<Scalar<'a>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
pub(super) struct Series<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) id: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) title: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) poster: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) language: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) variables: Option<Members<'a, Scalar<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) episodes: Option<Vec<Object<Episode<'a>>>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
pub(super) struct Episode<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) id: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) title: Option<Text<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) locked: Option<bool>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) poster: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) location: Option<Object<Location<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) start: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) segments: Option<Vec<Object<Segment<'a>>>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
pub(super) struct Location<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) name: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<Str<'a>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Segment<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) id: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) src: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) sources: Option<Vec<Object<Source<'a>>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) poster: Option<Str<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) duration_ms: Option<Millis>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) captions: Option<Vec<Object<Caption<'a>>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) set: Option<Members<'a, Str<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) choice: Option<Object<Choice<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) next: Option<Target<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) ending: Option<Object<Ending<'a>>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
pub(super) struct Source<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) src: Option<Str<'a>>,
    #[serde(borrow, default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub(super) mime: Option<Str<'a>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
pub(super) struct Caption<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) lang: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) label: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) src: Option<Str<'a>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
pub(super) struct Ending<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) id: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) title: Option<Text<'a>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Choice<'a> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) at_ms: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) timeout_ms: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) default: Option<Millis>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) prompt: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) options: Option<Vec<Object<ChoiceOption<'a>>>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
pub(super) struct ChoiceOption<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) label: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) goto: Option<Target<'a>>,
    #[serde(borrow, default, rename = "if", skip_serializing_if = "Option::is_none")]
    pub(super) condition: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub(super) set: Option<Members<'a, Str<'a>>>,
}

// A loaded catalog written back as a document (`catalog::to_json`): everything borrowed from it.

use super::model;

fn text(text: &model::Text) -> Text<'_> {
    match text {
        model::Text::Plain(plain) => Text::Plain(plain.as_str().into()),
        model::Text::Localized(entries) => Text::Localized(Members(
            entries.iter().map(|(lang, text)| (lang.as_str().into(), text.as_str().into())).collect(),
        )),
    }
}

/// An optional string of the model, borrowed.
fn borrowed(value: &Option<String>) -> Option<Str<'_>> {
    value.as_deref().map(Str::from)
}

fn assignments(set: &[model::Assignment]) -> Option<Members<'_, Str<'_>>> {
    (!set.is_empty())
        .then(|| Members(set.iter().map(|a| (a.var.as_str().into(), a.expr.source().into())).collect()))
}

/// A target as the author writes it from episode `from`: a bare segment id within the episode.
fn target<'c>(series: &'c model::Series, from: usize, target: model::Target) -> Target<'c> {
    let model::Target::Segment { episode, segment } = target else {
        return Target::Object(TargetObject { end: Some(true), ..TargetObject::default() });
    };
    let episode_of = series.episodes.get(episode);
    let segment_id = episode_of.and_then(|e| e.segments.get(segment)).map(|s| Str::from(s.id.as_str()));
    if episode == from {
        return Target::Id(segment_id.unwrap_or_default());
    }
    Target::Object(TargetObject {
        episode: episode_of.map(|e| e.id.as_str().into()),
        segment: segment_id,
        end: None,
    })
}

impl<'c> Catalog<'c> {
    /// The document of a loaded catalog.
    pub(super) fn from_model(catalog: &'c model::Catalog) -> Self {
        Catalog {
            format: Some(Scalar::Int(1)),
            title: Some(text(&catalog.title)),
            series: Some(catalog.series.iter().map(|s| Object(Series::from_model(s))).collect()),
        }
    }
}

impl<'c> Series<'c> {
    fn from_model(series: &'c model::Series) -> Self {
        let variables = series.variables.iter().map(|(name, value)| {
            let value = match value {
                crate::expr::Value::Bool(flag) => Scalar::Bool(*flag),
                crate::expr::Value::Int(number) => Scalar::Int(*number),
                crate::expr::Value::Str(text) => Scalar::Str(text.as_str().into()),
            };
            (name.as_str().into(), value)
        });
        Series {
            id: Some(series.id.as_str().into()),
            title: Some(text(&series.title)),
            poster: borrowed(&series.poster),
            language: borrowed(&series.language),
            variables: Some(Members(variables.collect())),
            episodes: Some(
                (0..series.episodes.len()).map(|e| Object(Episode::from_model(series, e))).collect(),
            ),
        }
    }
}

impl<'c> Episode<'c> {
    fn from_model(series: &'c model::Series, index: usize) -> Self {
        let episode = &series.episodes[index];
        Episode {
            id: Some(episode.id.as_str().into()),
            title: Some(text(&episode.title)),
            locked: episode.locked.then_some(true),
            poster: borrowed(&episode.poster),
            location: episode.location.as_ref().map(|location| {
                Object(Location { name: Some(text(&location.name)), url: borrowed(&location.url) })
            }),
            start: episode.segments.get(episode.start).map(|s| s.id.as_str().into()),
            segments: Some(
                episode
                    .segments
                    .iter()
                    .map(|segment| Object(Segment::from_model(series, index, segment)))
                    .collect(),
            ),
        }
    }
}

impl<'c> Segment<'c> {
    fn from_model(series: &'c model::Series, episode: usize, segment: &'c model::Segment) -> Self {
        let (src, sources) = match segment.sources.as_slice() {
            [one] if one.mime.is_none() => (Some(one.src.as_str().into()), None),
            all => {
                let sources = all
                    .iter()
                    .map(|s| Object(Source { src: Some(s.src.as_str().into()), mime: borrowed(&s.mime) }));
                (None, Some(sources.collect()))
            }
        };
        let choice = segment.choice.as_ref().map(|choice| {
            let options = choice.options.iter().map(|option| {
                Object(ChoiceOption {
                    label: Some(text(&option.label)),
                    goto: Some(target(series, episode, option.goto)),
                    condition: option.condition.as_ref().map(|c| c.source().into()),
                    set: assignments(&option.set),
                })
            });
            Object(Choice {
                at_ms: choice.at_ms.map(Millis),
                timeout_ms: choice.timeout_ms.map(Millis),
                default: choice.default.map(|d| Millis(d as u64)),
                prompt: choice.prompt.as_ref().map(text),
                options: Some(options.collect()),
            })
        });
        let captions = segment.captions.iter().map(|c| {
            Object(Caption {
                lang: Some(c.lang.as_str().into()),
                label: Some(c.label.as_str().into()),
                src: Some(c.src.as_str().into()),
            })
        });
        Segment {
            id: Some(segment.id.as_str().into()),
            src,
            sources,
            poster: borrowed(&segment.poster),
            duration_ms: segment.duration_ms.map(Millis),
            captions: (!segment.captions.is_empty()).then(|| captions.collect()),
            set: assignments(&segment.set),
            choice,
            next: segment.next.map(|next| target(series, episode, next)),
            ending: segment.ending.as_ref().map(|ending| {
                Object(Ending { id: Some(ending.id.as_str().into()), title: Some(text(&ending.title)) })
            }),
        }
    }
}
