//! Saves: the whole session's story progress as versioned JSON text.
//!
//! Everything is stored by id, not by index, so that a save outlives edits to the catalog. A save from
//! a catalog whose hash differs restores what still matches by id and lists everything it drops.
//!
//! ```json
//! { "version": 2, "catalogHash": "00c0ffee12345678", "current": ["anti-fraud", "ep2"],
//!   "series": { "anti-fraud": {
//!     "vars": { "trust": 1, "calledPolice": false },
//!     "seen": ["ep1/s1", "ep1/s2", "ep2/s1"],
//!     "endings": ["safe"], "unlocked": ["ep3"],
//!     "position": { "episode": "ep2", "segment": "s1", "vars": { "trust": 1, "calledPolice": false },
//!                   "seen": 2 },
//!     "positionMs": 4250,
//!     "history": [{ "episode": "ep1", "segment": "s1", "vars": { "trust": 0, "calledPolice": false },
//!                   "seen": 0 }] } } }
//! ```
//!
//! `position` and each `history` entry are a [`SavedPoint`]: a segment and the state just *before* it
//! started. For the position, that is what a choice taken there puts in its checkpoint; for a history
//! entry, what a rewind restores before starting the segment again. `seen` lists segments in the order
//! first seen, and a point's `seen` counts how many of them had been seen there (see [`super::Seen`]),
//! so a save grows with the story, not with the story times its choice points.
//!
//! Version 1 saves, whose points listed their segments seen in full, are read too.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::{Checkpoint, ChoicePhase, Mark, Playing, Story, MAX_HISTORY};
use crate::catalog::{Catalog, Series};
use crate::de::Object;
use crate::expr::Value;

/// The save format version this build writes; it reads this one and version 1.
pub const SAVE_VERSION: u32 = 2;

/// Longest save text accepted (1 MiB). [`encode`] forgets the oldest choice points to stay under it.
pub const MAX_SAVE_BYTES: usize = 1 << 20;

/// A whole save: which series and episode the feed shows, and each series' story.
///
/// The one type that reads and writes saves (through serde_json): unknown members are ignored (a
/// newer build's extras), a member written twice refuses the save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaveData {
    /// Format version: [`SAVE_VERSION`] (a version 1 save reads as this version).
    pub version: u32,
    /// [`Catalog::hash`] of the catalog saved against, written as 16 hex digits.
    #[serde(with = "hex")]
    pub catalog_hash: u64,
    /// The current feed entry: (series id, episode id).
    #[serde(default)]
    pub current: Option<(String, String)>,
    /// Series id → its story.
    #[serde(deserialize_with = "crate::de::unique_map")]
    pub series: BTreeMap<String, SeriesSave>,
}

/// One series' story, by ids.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeriesSave {
    /// Variable values now.
    #[serde(deserialize_with = "crate::de::unique_map")]
    pub vars: BTreeMap<String, Value>,
    /// Segments seen now, as `"episode/segment"` ids, in the order first seen.
    pub seen: Vec<String>,
    /// Ending ids found, in the order found.
    pub endings: Vec<String>,
    /// Episode ids the host unlocked.
    pub unlocked: Vec<String>,
    /// The segment playing, with the state before it started; `None`: nothing playing.
    #[serde(default)]
    pub position: Option<SavedPoint>,
    /// How far into the `position` segment the video was, in ms: a restored session seeks there.
    /// Absent (0) in saves written before it existed; they resume at the segment's start.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub position_ms: u64,
    /// Choice points to rewind to, oldest first.
    pub history: Vec<SavedPoint>,
}

/// A segment and the story state just before it started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPoint {
    /// Episode id.
    pub episode: String,
    /// Segment id within the episode.
    pub segment: String,
    /// Variable values before the segment started.
    #[serde(deserialize_with = "crate::de::unique_map")]
    pub vars: BTreeMap<String, Value>,
    /// The segments seen before it started.
    pub seen: PointSeen,
}

/// A point's segments seen: how many of its series' `seen` (version 2, the one written), or their ids
/// (version 1, read and turned into a count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PointSeen {
    /// The first `n` of the series' `seen`.
    Count(usize),
    /// The ids, as version 1 listed them.
    Listed(Vec<String>),
}

impl PointSeen {
    /// The count; a list (never left once [`SaveData::from_json`] has read a save) counts as none.
    pub fn count(&self) -> usize {
        match self {
            PointSeen::Count(count) => *count,
            PointSeen::Listed(_) => 0,
        }
    }
}

impl Serialize for PointSeen {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PointSeen::Count(count) => serializer.serialize_u64(*count as u64),
            PointSeen::Listed(ids) => ids.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for PointSeen {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SeenVisitor;
        impl<'de> Visitor<'de> for SeenVisitor {
            type Value = PointSeen;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a count of segments seen (or, in version 1, their ids)")
            }
            fn visit_u64<E: de::Error>(self, count: u64) -> Result<Self::Value, E> {
                usize::try_from(count).map(PointSeen::Count).map_err(|_| E::custom("the count is too large"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element()? {
                    ids.push(id);
                }
                Ok(PointSeen::Listed(ids))
            }
        }
        deserializer.deserialize_any(SeenVisitor)
    }
}

/// A variable's value: a boolean, an integer or a string.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Bool(flag) => serializer.serialize_bool(*flag),
            Value::Int(number) => serializer.serialize_i64(*number),
            Value::Str(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl Visitor<'_> for ValueVisitor {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean, an integer or a string")
            }
            fn visit_bool<E>(self, flag: bool) -> Result<Value, E> {
                Ok(Value::Bool(flag))
            }
            fn visit_i64<E>(self, number: i64) -> Result<Value, E> {
                Ok(Value::Int(number))
            }
            fn visit_u64<E: de::Error>(self, number: u64) -> Result<Value, E> {
                i64::try_from(number)
                    .map(Value::Int)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(number), &self))
            }
            fn visit_str<E>(self, text: &str) -> Result<Value, E> {
                Ok(Value::Str(text.to_owned()))
            }
            fn visit_string<E>(self, text: String) -> Result<Value, E> {
                Ok(Value::Str(text))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

fn is_zero(ms: &u64) -> bool {
    *ms == 0
}

/// `catalogHash`: 16 hex digits.
mod hex {
    use serde::{de, Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(hash: &u64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("{hash:016x}"))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        u64::from_str_radix(&text, 16)
            .map_err(|_| de::Error::custom(format!("catalogHash `{text}` is not a 64-bit hex number")))
    }
}

/// What a save restored against a catalog.
#[derive(Debug, Clone)]
pub struct Restored {
    /// The current feed entry: (series, episode) indices, if it still exists.
    pub current: Option<(usize, usize)>,
    /// The stories of the series the save holds and the catalog still has, in catalog order.
    pub stories: Vec<Story>,
    /// The save was made against a catalog with another hash (an edited catalog).
    pub catalog_changed: bool,
}

/// Why a save was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SaveErrorKind {
    /// Longer than [`MAX_SAVE_BYTES`].
    TooLarge,
    /// Not JSON at all.
    NotJson,
    /// A `version` other than [`SAVE_VERSION`] and 1.
    UnknownVersion,
    /// JSON, but not shaped like a save (a missing field, a value of the wrong type).
    Malformed,
}

/// A refused save: the kind and a message for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveError {
    /// What went wrong.
    pub kind: SaveErrorKind,
    /// Human-readable explanation.
    pub message: String,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SaveError {}

/// Writes a save of `stories` (one per series; a story whose series `catalog` lacks is left out) with
/// `current` the (series, episode) the feed shows.
///
/// When the text would exceed [`MAX_SAVE_BYTES`], the oldest choice points of the longest histories are
/// left out until it fits: rewinding reaches less far back, nothing else is lost. (Only a series with
/// tens of thousands of segments seen could still exceed it; [`decode`] then refuses the save.)
pub fn encode<'a>(
    catalog: &Catalog,
    current: Option<(usize, usize)>,
    stories: impl IntoIterator<Item = &'a Story>,
) -> String {
    // Inserted one by one: collecting into a map would ship a sort for this one use.
    let mut series = BTreeMap::new();
    for story in stories {
        if let Some(s) = catalog.series.get(story.series) {
            series.insert(s.id.clone(), story.snapshot(catalog));
        }
    }
    let current = current.and_then(|(s, e)| {
        let series = catalog.series.get(s)?;
        Some((series.id.clone(), series.episodes.get(e)?.id.clone()))
    });
    let mut data = SaveData { version: SAVE_VERSION, catalog_hash: catalog.hash, current, series };
    let mut text = to_json(&data);
    while text.len() > MAX_SAVE_BYTES {
        let mut excess = text.len() - MAX_SAVE_BYTES;
        let mut removed = false;
        while excess > 0 {
            let Some(longest) =
                data.series.values_mut().max_by_key(|s| s.history.len()).filter(|s| !s.history.is_empty())
            else {
                break;
            };
            let oldest = longest.history.remove(0);
            // The entry plus the comma that separated it.
            excess = excess.saturating_sub(to_json(&oldest).len() + 1);
            removed = true;
        }
        if !removed {
            break;
        }
        text = to_json(&data);
    }
    text
}

/// Compact JSON of a save or a part of one.
fn to_json(value: &impl Serialize) -> String {
    // Cannot fail: every map key is a string.
    serde_json::to_string(value).unwrap_or_default()
}

/// Reads a save against `catalog`: returns what it restored and, in human-readable lines, everything
/// it dropped because the catalog no longer has it (empty for a save of this very catalog; at most
/// [`MAX_DROPPED_LINES`] lines and a count of the rest).
///
/// # Errors
/// [`SaveErrorKind::TooLarge`] over [`MAX_SAVE_BYTES`], [`SaveErrorKind::NotJson`],
/// [`SaveErrorKind::UnknownVersion`], [`SaveErrorKind::Malformed`]; nothing is restored then.
pub fn decode(text: &str, catalog: &Catalog) -> Result<(Restored, Vec<String>), SaveError> {
    let data = parse(text)?;
    let mut dropped = Dropped::default();
    for id in data.series.keys().filter(|id| !catalog.series.iter().any(|s| &s.id == *id)) {
        dropped.push(format!("series `{id}` no longer exists; its progress is dropped"));
    }
    let mut stories = Vec::new();
    for (index, series) in catalog.series.iter().enumerate() {
        if let Some(save) = data.series.get(&series.id) {
            let (story, lost) = Story::from_snapshot(catalog, index, save);
            dropped.extend(lost);
            stories.push(story);
        }
    }
    let current =
        data.current.as_ref().and_then(|(series_id, episode_id)| {
            let found =
                catalog.series.iter().enumerate().find(|(_, s)| &s.id == series_id).and_then(
                    |(s, series)| Some((s, series.episodes.iter().position(|e| &e.id == episode_id)?)),
                );
            if found.is_none() {
                dropped.push(format!("current episode `{series_id}/{episode_id}` no longer exists"));
            }
            found
        });
    let restored = Restored { current, stories, catalog_changed: data.catalog_hash != catalog.hash };
    Ok((restored, dropped.into_report()))
}

impl SaveData {
    /// Reads a save's text: the size, that it is JSON, the version, then the shape. A version 1 save
    /// reads as version 2 (each point's list of segments seen becomes a count).
    ///
    /// # Errors
    /// As [`decode`]: [`SaveErrorKind::TooLarge`], [`SaveErrorKind::NotJson`],
    /// [`SaveErrorKind::UnknownVersion`] or [`SaveErrorKind::Malformed`] (naming the member).
    pub fn from_json(text: &str) -> Result<SaveData, SaveError> {
        parse(text)
    }

    /// The save as compact JSON text, as [`encode`] writes it.
    pub fn to_json(&self) -> String {
        to_json(self)
    }
}

/// Checks size, JSON and version, then the shape.
fn parse(text: &str) -> Result<SaveData, SaveError> {
    let error = |kind, message: String| SaveError { kind, message };
    if text.len() > MAX_SAVE_BYTES {
        return Err(error(
            SaveErrorKind::TooLarge,
            format!("save is {} bytes, over the limit of {MAX_SAVE_BYTES}", text.len()),
        ));
    }
    // Skipping a value is a loop in serde_json, not recursion: any nesting costs no stack here.
    serde_json::from_str::<IgnoredAny>(text)
        .map_err(|e| error(SaveErrorKind::NotJson, format!("save is not JSON: {e}")))?;
    let malformed =
        |message: String| error(SaveErrorKind::Malformed, format!("save is malformed: {message}"));
    // The version decides the shape, so it is read on its own before the shape is checked.
    let Object(VersionOnly { version }) = serde_json::from_str(text).map_err(|e| malformed(e.to_string()))?;
    let v1 = match version {
        Some(Version::Known(1)) => true,
        Some(Version::Known(2)) => false,
        Some(Version::Known(other)) => {
            return Err(error(
                SaveErrorKind::UnknownVersion,
                format!("save version {other} is not supported (this player reads versions 1 and 2)"),
            ))
        }
        Some(Version::Other(other)) => {
            return Err(error(
                SaveErrorKind::UnknownVersion,
                format!("save version {other} is not supported (this player reads versions 1 and 2)"),
            ))
        }
        None => return Err(error(SaveErrorKind::Malformed, "save has no `version`".to_owned())),
    };
    // The member's path in the message: `series.heist.vars.trust: invalid type: …`.
    let mut reader = serde_json::Deserializer::from_str(text);
    let mut data: SaveData =
        serde_path_to_error::deserialize(&mut reader).map_err(|e| malformed(e.to_string()))?;
    for (id, series) in &mut data.series {
        series.count_seen(v1).map_err(|e| malformed(format!("series.{id}.{e}")))?;
    }
    data.version = SAVE_VERSION;
    Ok(data)
}

/// Only the version of a save.
#[derive(Deserialize)]
struct VersionOnly {
    #[serde(default)]
    version: Option<Version>,
}

/// A save's `version`, whatever was written there.
enum Version {
    Known(u64),
    /// Anything but a non-negative integer, as a message shows it.
    Other(String),
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VersionVisitor;
        impl<'de> Visitor<'de> for VersionVisitor {
            type Value = Version;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a version number")
            }
            fn visit_bool<E>(self, flag: bool) -> Result<Version, E> {
                Ok(Version::Other(flag.to_string()))
            }
            fn visit_u64<E>(self, number: u64) -> Result<Version, E> {
                Ok(Version::Known(number))
            }
            fn visit_i64<E>(self, number: i64) -> Result<Version, E> {
                Ok(Version::Other(number.to_string()))
            }
            fn visit_f64<E>(self, number: f64) -> Result<Version, E> {
                Ok(Version::Other(number.to_string()))
            }
            fn visit_str<E>(self, text: &str) -> Result<Version, E> {
                Ok(Version::Other(format!("{text:?}")))
            }
            fn visit_unit<E>(self) -> Result<Version, E> {
                Ok(Version::Other("null".to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Version, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Version::Other("an array".to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Version, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Version::Other("an object".to_owned()))
            }
        }
        deserializer.deserialize_any(VersionVisitor)
    }
}

impl SeriesSave {
    /// Makes every point's `seen` a count of at most the series' segments seen: version 2 saves have
    /// counts, version 1 lists, which become counts once the order is known.
    ///
    /// # Errors
    /// The member, relative to the series, that is of the other version or counts too many.
    fn count_seen(&mut self, v1: bool) -> Result<(), String> {
        let points = self.history.iter_mut().enumerate().map(|(i, p)| (format!("history[{i}]"), p));
        let points: Vec<(String, &mut SavedPoint)> =
            points.chain(self.position.as_mut().map(|p| ("position".to_owned(), p))).collect();
        if v1 {
            let mut listed = Vec::with_capacity(points.len());
            for (at, point) in &points {
                match &point.seen {
                    PointSeen::Listed(ids) => listed.push(ids.clone()),
                    PointSeen::Count(_) => return Err(format!("{at}.seen is a count in a version 1 save")),
                }
            }
            let counts;
            (self.seen, counts) = in_path_order(listed, std::mem::take(&mut self.seen));
            for ((_, point), count) in points.into_iter().zip(counts) {
                point.seen = PointSeen::Count(count);
            }
            return Ok(());
        }
        for (at, point) in points {
            match point.seen {
                PointSeen::Count(count) if count <= self.seen.len() => {}
                _ => {
                    return Err(format!(
                        "{at}.seen is not a count of at most {} (the segments seen)",
                        self.seen.len()
                    ))
                }
            }
        }
        Ok(())
    }
}

/// A version 1 series' segments seen in the order first seen, and each point's count of them, from
/// the points' own lists in path order (history, then position) and the list of now. Along a path each
/// point's set holds the one before it, so each is the first `count` of the order. (A hand-edited save
/// whose sets do not nest restores each point with at least what it listed.)
fn in_path_order(points: Vec<Vec<String>>, now: Vec<String>) -> (Vec<String>, Vec<usize>) {
    let mut order = Vec::new();
    let mut known = HashSet::new();
    let mut counts = Vec::with_capacity(points.len());
    for list in points.into_iter().chain([now]) {
        for id in list {
            if known.insert(id.clone()) {
                order.push(id);
            }
        }
        counts.push(order.len());
    }
    counts.pop();
    (order, counts)
}

/// Most lines [`decode`] lists of what it dropped; the rest are counted in one more line.
///
/// A hostile save can name a hundred thousand segments the catalog lacks: it gets a count, not a
/// warning of megabytes.
pub const MAX_DROPPED_LINES: usize = 32;

/// Lines describing what a restore dropped, each once (a variable gone from the catalog is reported
/// once, not once per history entry holding it). Duplicates are found by hashing: a search of the list
/// for each line took seconds on a save of 40,000 unknown ids, on the page's main thread.
#[derive(Default)]
struct Dropped {
    lines: Vec<String>,
    unique: HashSet<String>,
}

impl Dropped {
    fn push(&mut self, line: String) {
        if self.unique.insert(line.clone()) {
            self.lines.push(line);
        }
    }

    fn extend(&mut self, lines: Vec<String>) {
        lines.into_iter().for_each(|line| self.push(line));
    }

    /// The first [`MAX_DROPPED_LINES`] lines, and a count of the rest.
    fn into_report(mut self) -> Vec<String> {
        if self.lines.len() > MAX_DROPPED_LINES {
            let more = self.lines.len() - MAX_DROPPED_LINES;
            self.lines.truncate(MAX_DROPPED_LINES);
            self.lines.push(format!("and {more} more"));
        }
        self.lines
    }
}

impl Story {
    /// This story by ids, as it goes into a save.
    pub fn snapshot(&self, c: &Catalog) -> SeriesSave {
        let Some(series) = c.series.get(self.series) else {
            return SeriesSave::default();
        };
        let seen: Vec<String> = self
            .state
            .seen
            .iter()
            .filter_map(|(e, s)| {
                let episode = series.episodes.get(e)?;
                Some(format!("{}/{}", episode.id, episode.segments.get(s)?.id))
            })
            .collect();
        let point = |episode: usize, segment: usize, entry: &Mark| {
            let episode_id = series.episodes.get(episode)?;
            Some(SavedPoint {
                episode: episode_id.id.clone(),
                segment: episode_id.segments.get(segment)?.id.clone(),
                vars: entry.vars.clone(),
                // Never more than the list holds, even for a story built for another catalog.
                seen: PointSeen::Count(entry.seen.min(seen.len())),
            })
        };
        SeriesSave {
            vars: self.state.vars.clone(),
            endings: self.endings.clone(),
            unlocked: self
                .unlocked
                .iter()
                .filter_map(|&e| Some(series.episodes.get(e)?.id.clone()))
                .collect(),
            position: self.playing.as_ref().and_then(|p| point(p.episode, p.segment, &p.entry)),
            position_ms: self.playing.as_ref().map_or(0, |p| p.media_ms),
            history: self.history.iter().filter_map(|cp| point(cp.episode, cp.segment, &cp.entry)).collect(),
            seen,
        }
    }

    /// The story of series `series` restored from `save` by ids, with human-readable lines for what the
    /// catalog no longer has: variables gone or of another type (they keep their initial value),
    /// segments seen that are gone, endings and episodes gone, a position or choice points whose
    /// segment is gone, choice points beyond [`MAX_HISTORY`].
    ///
    /// A restored position plays its segment from the start with its choice not yet open; the segment's
    /// `set` is not applied again (the saved variables already hold it): show it with
    /// [`Story::resume`], not [`Story::enter`], which would start the episode over.
    pub fn from_snapshot(c: &Catalog, series: usize, save: &SeriesSave) -> (Story, Vec<String>) {
        let mut story = Story::new(c, series);
        let Some(s) = c.series.get(series) else {
            return (story, vec![format!("series {series} does not exist; its progress is dropped")]);
        };
        let ids = Ids::new(s);
        let mut dropped = Dropped::default();
        let initial = story.state.vars.clone();
        story.state.vars = restore_vars(s, &initial, &save.vars, &mut dropped);
        // kept[n]: how many of the first n saved segments seen are restored, for the points' counts.
        let mut kept = Vec::with_capacity(save.seen.len() + 1);
        kept.push(0);
        for id in &save.seen {
            match ids.segment(id) {
                Some((e, seg)) => {
                    story.state.seen.insert(e, seg);
                }
                None => dropped.push(format!("series `{}`: seen segment `{id}` no longer exists", s.id)),
            }
            kept.push(story.state.seen.len());
        }
        let all = story.state.seen.len();
        let mark = |point: &SavedPoint, dropped: &mut Dropped| Mark {
            vars: restore_vars(s, &initial, &point.vars, dropped),
            seen: kept.get(point.seen.count()).copied().unwrap_or(all),
        };
        for id in &save.endings {
            let exists = s
                .episodes
                .iter()
                .flat_map(|e| &e.segments)
                .any(|seg| seg.ending.as_ref().is_some_and(|e| &e.id == id));
            if !exists {
                dropped.push(format!("series `{}`: ending `{id}` no longer exists", s.id));
            } else if !story.endings.contains(id) {
                story.endings.push(id.clone());
            }
        }
        for id in &save.unlocked {
            match ids.episode(id) {
                // An episode the catalog no longer locks needs no unlock: nothing is lost.
                Some(episode) => {
                    story.unlock(episode);
                }
                None => dropped.push(format!("series `{}`: unlocked episode `{id}` no longer exists", s.id)),
            }
        }
        if let Some(point) = &save.position {
            match ids.point(point) {
                Some((episode, segment, has_choice)) => {
                    let entry = mark(point, &mut dropped);
                    let choice = if has_choice { ChoicePhase::Pending } else { ChoicePhase::Closed };
                    story.playing =
                        Some(Playing { episode, segment, entry, choice, media_ms: save.position_ms });
                }
                None => dropped.push(format!(
                    "series `{}`: position `{}/{}` no longer exists; nothing is playing",
                    s.id, point.episode, point.segment
                )),
            }
        }
        let skip = save.history.len().saturating_sub(MAX_HISTORY);
        if skip > 0 {
            dropped.push(format!(
                "series `{}`: {skip} oldest choice points beyond the limit of {MAX_HISTORY}",
                s.id
            ));
        }
        for point in save.history.iter().skip(skip) {
            match ids.point(point) {
                Some((episode, segment, _)) => {
                    let entry = mark(point, &mut dropped);
                    story.history.push(Checkpoint { episode, segment, entry });
                }
                None => dropped.push(format!(
                    "series `{}`: choice point `{}/{}` no longer exists; rewind skips it",
                    s.id, point.episode, point.segment
                )),
            }
        }
        (story, dropped.lines)
    }
}

/// A series' episodes by id: a save names up to every segment of a 20,000-episode series, and a search
/// of the episode list for each would be quadratic.
struct Ids<'c> {
    series: &'c Series,
    episodes: HashMap<&'c str, usize>,
}

impl<'c> Ids<'c> {
    fn new(series: &'c Series) -> Ids<'c> {
        let mut episodes = HashMap::with_capacity(series.episodes.len());
        for (index, episode) in series.episodes.iter().enumerate() {
            episodes.insert(episode.id.as_str(), index);
        }
        Ids { series, episodes }
    }

    fn episode(&self, id: &str) -> Option<usize> {
        self.episodes.get(id).copied()
    }

    /// The (episode, segment) indices of an `"episode/segment"` id.
    fn segment(&self, id: &str) -> Option<(usize, usize)> {
        let (episode, segment) = id.split_once('/')?;
        let e = self.episode(episode)?;
        Some((e, self.series.episodes[e].segments.iter().position(|s| s.id == segment)?))
    }

    /// The (episode, segment) indices of a saved point, and whether that segment has a choice.
    fn point(&self, point: &SavedPoint) -> Option<(usize, usize, bool)> {
        let episode = self.episode(&point.episode)?;
        let segments = &self.series.episodes[episode].segments;
        let segment = segments.iter().position(|s| s.id == point.segment)?;
        Some((episode, segment, segments[segment].choice.is_some()))
    }
}

/// Saved variables that are still declared with the same type replace the initial values; the rest
/// are reported.
fn restore_vars(
    series: &Series,
    initial: &BTreeMap<String, Value>,
    vars: &BTreeMap<String, Value>,
    dropped: &mut Dropped,
) -> BTreeMap<String, Value> {
    let mut restored = initial.clone();
    for (name, value) in vars {
        match initial.get(name) {
            Some(declared) if std::mem::discriminant(declared) == std::mem::discriminant(value) => {
                restored.insert(name.clone(), value.clone());
            }
            Some(_) => dropped.push(format!(
                "series `{}`: variable `{name}` changed type; it starts again from its initial value",
                series.id
            )),
            None => dropped.push(format!("series `{}`: variable `{name}` is no longer declared", series.id)),
        }
    }
    restored
}
