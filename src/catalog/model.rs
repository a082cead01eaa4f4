//! The catalog as the player uses it, after loading and validation (CONTRACT §1).
//!
//! Every value here has passed validation: ids are unique and well-formed, targets resolve, expressions
//! are parsed and type-checked. Cross references are kept as indices so the engine never looks an id up
//! at play time.

use crate::expr::{Expr, Value};

// A loaded catalog can be shared across threads (a host tool's workers, the fuzzer's static).
const _: fn() = || {
    fn shareable<T: Send + Sync>() {}
    shareable::<Catalog>();
};

/// A whole catalog: the series in feed order.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// Display title of the catalog.
    pub title: Text,
    /// Series in feed order (at least one).
    pub series: Vec<Series>,
    /// A 64-bit hash of the document's bytes, the same on every platform and build, so saves can
    /// carry it to notice that the catalog changed under them.
    pub hash: u64,
}

/// A series: episodes that share one story state.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Unique id among the catalog's series.
    pub id: String,
    /// Display title.
    pub title: Text,
    /// Poster image URL.
    pub poster: Option<String>,
    /// Language tag of the series' own text, the fallback after the viewer's language.
    pub language: Option<String>,
    /// Story variables with their initial values, in declaration order.
    pub variables: Vec<(String, Value)>,
    /// Episodes in feed order.
    pub episodes: Vec<Episode>,
}

/// One episode: a graph of segments with an entry point.
#[derive(Debug, Clone, PartialEq)]
pub struct Episode {
    /// Unique id within its series.
    pub id: String,
    /// Display title.
    pub title: Text,
    /// `true`: the viewer sees a lock screen until the host unlocks it.
    pub locked: bool,
    /// Index of the entry segment in `segments`.
    pub start: usize,
    /// The segments (at least one).
    pub segments: Vec<Segment>,
    /// Poster image URL.
    pub poster: Option<String>,
    /// Where the episode was filmed.
    pub location: Option<Location>,
}

/// Where an episode was filmed, shown as a link card.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// Place name.
    pub name: Text,
    /// Link, opened in a new tab.
    pub url: Option<String>,
}

/// One playable clip with what happens during and after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Unique id within its episode.
    pub id: String,
    /// Alternative encodings, in the author's order of preference (`src` becomes one entry).
    pub sources: Vec<Source>,
    /// Poster image URL.
    pub poster: Option<String>,
    /// Declared duration, used by tools; the player trusts the media's own duration.
    pub duration_ms: Option<u64>,
    /// WebVTT caption tracks.
    pub captions: Vec<Caption>,
    /// Effects applied when the segment starts, in declaration order.
    pub set: Vec<Assignment>,
    /// A choice point, if any.
    pub choice: Option<Choice>,
    /// Where to go when the segment ends and no choice was taken; `None`: the episode ends.
    pub next: Option<Target>,
    /// Reaching this segment completes an ending.
    pub ending: Option<Ending>,
}

/// One encoding of a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// URL (http, https, relative or blob).
    pub src: String,
    /// MIME type, when the author gave one.
    pub mime: Option<String>,
}

/// A WebVTT caption track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caption {
    /// Language tag.
    pub lang: String,
    /// Menu label.
    pub label: String,
    /// URL of the `.vtt` file.
    pub src: String,
}

/// `variable = expression`, applied in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Declared variable name.
    pub var: String,
    /// Checked expression whose type matches the variable's.
    pub expr: Expr,
}

/// A choice point inside a segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// Media time at which the choice opens; `None`: at the segment's end.
    pub at_ms: Option<u64>,
    /// Time the viewer has; `None`: wait for the viewer.
    pub timeout_ms: Option<u64>,
    /// Index among `options` taken on timeout; `None`: the first visible option.
    pub default: Option<usize>,
    /// Question shown above the options.
    pub prompt: Option<Text>,
    /// The options, in display order (1 to 9, one key each).
    pub options: Vec<ChoiceOption>,
}

/// One option of a choice.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceOption {
    /// Button text.
    pub label: Text,
    /// Where the option leads.
    pub goto: Target,
    /// Shown only when this condition holds.
    pub condition: Option<Expr>,
    /// Effects applied when the option is taken.
    pub set: Vec<Assignment>,
}

/// Where a choice or a segment's end leads, resolved to indices within the series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A segment of the series.
    Segment {
        /// Episode index within the series.
        episode: usize,
        /// Segment index within that episode.
        segment: usize,
    },
    /// The end of the episode: the feed moves on.
    End,
}

/// An ending reached through a path.
#[derive(Debug, Clone, PartialEq)]
pub struct Ending {
    /// Id within the series; segments that share it complete the same ending by different paths.
    pub id: String,
    /// Display title.
    pub title: Text,
}

/// A display string, either plain or per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// The same text in every language.
    Plain(String),
    /// Language tag → text, in document order (the first entry is the last fallback).
    Localized(Vec<(String, String)>),
}

impl Text {
    /// The text in `viewer`'s language, else in `fallback` (the series' language), else the first entry.
    ///
    /// Languages match by [`crate::lang::best`], the rule captions and the player's words follow too.
    pub fn resolve<'a>(&'a self, viewer: &str, fallback: Option<&str>) -> &'a str {
        let entries = match self {
            Text::Plain(text) => return text,
            Text::Localized(entries) => entries,
        };
        let find = |tag: &str| crate::lang::best(entries.iter().map(|(lang, _)| lang.as_str()), tag);
        find(viewer)
            .or_else(|| fallback.and_then(find))
            .and_then(|i| entries.get(i))
            .or(entries.first())
            .map_or("", |(_, text)| text.as_str())
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::Plain(String::new())
    }
}
