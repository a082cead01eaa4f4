//! The story map: one node per segment, edges for options, `next` links and the feed's move at an
//! episode's end, with what `check` and `paths` know marked on it (`microdrama graph`, the studio).
//!
//! [`build`] turns a catalog document into a [`StoryMap`], a plain value that serializes as the studio
//! reads it; [`StoryMap::to_dot`] and [`StoryMap::to_mermaid`] print it for docs and pull requests.
//!
//! A catalog with errors is still drawn when every error is local to one value: the document is
//! read again with each such value made harmless (a dangling `goto` or `next` becomes the episode's
//! end and is drawn to a "missing" node, an `if` that does not check becomes `false` and keeps its text
//! on the map, a bad `set` member, a dangling `start` or an out-of-range `default` is dropped, an unsafe
//! URL is emptied). Other errors (ids, shape, sizes) leave only the diagnostics. Texts shown on the map
//! (conditions, missing targets) are read from the document as written.
//!
//! ```
//! let text = r#"{ "format": 1, "series": [{ "id": "s", "episodes": [{ "id": "e", "segments": [
//!     { "id": "a", "src": "a.webm", "choice": { "options": [
//!         { "label": "Go", "goto": "b" }, { "label": "Stay", "goto": "nowhere" } ] } },
//!     { "id": "b", "src": "b.webm", "ending": { "id": "done", "title": "Done" } } ] }] }] }"#;
//! let map = microdrama::graph::build(text.as_bytes());
//! assert!(!map.playable, "a dangling target is an error");
//! assert_eq!(map.series[0].episodes[0].nodes.len(), 2, "but the map is drawn");
//! assert!(map.to_dot().contains("missing: nowhere"));
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value as Json;

use crate::catalog::{self, Catalog, Series, Target};
use crate::diagnostic::{Code, Diagnostic};
use crate::expr::Value;
use crate::paths::{self, SeriesPaths};
use crate::story::save::{self, PointSeen, SavedPoint, SeriesSave};
use crate::story::{start_segment, visible_options, Seen, State, Story};

/// The whole map of a catalog document.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoryMap {
    /// The catalog's title.
    pub title: String,
    /// `true` when the catalog loaded without errors: only then can a segment be played.
    pub playable: bool,
    /// Every diagnostic of `check`, in document order.
    pub diagnostics: Vec<MapDiagnostic>,
    /// The series, in catalog order; empty when an error could not be drawn around.
    pub series: Vec<SeriesMap>,
}

/// A diagnostic with the segment it concerns.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MapDiagnostic {
    /// `dangling-target`.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The sentence for the author.
    pub message: String,
    /// JSON path: `series[0].episodes[2].segments[1].choice.options[0].goto`.
    pub path: String,
    /// The series' id, when the path is inside one.
    pub series: Option<String>,
    /// The node it concerns, `"episode/segment"`: the segment the path is in, or the start of the
    /// episode it is in.
    pub segment: Option<String>,
}

/// One series' map.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeriesMap {
    /// Series id.
    pub id: String,
    /// Display title in the series' language.
    pub title: String,
    /// `false` when `paths` stopped at its state limit: "unreachable" and "never offered" may then only
    /// mean unexplored.
    pub complete: bool,
    /// The variables with their types and initial values, in declaration order.
    pub variables: Vec<Variable>,
    /// Episodes in feed order, each with its segments.
    pub episodes: Vec<EpisodeMap>,
    /// Every edge, in document order.
    pub edges: Vec<Edge>,
    /// Targets that do not exist, each drawn as a node of its own.
    pub missing: Vec<Missing>,
    /// Every ending with its reachability, in catalog order.
    pub endings: Vec<EndingMap>,
    /// The segments a `seen()` of the series tests, `"episode/segment"`, in document order: having
    /// played them can change what the story shows.
    pub seen_tested: Vec<String>,
}

/// A story variable as the editor shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Variable {
    /// Its name.
    pub name: String,
    /// `bool`, `int` or `string`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Its initial value.
    pub initial: Json,
}

/// An episode: a cluster of nodes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeMap {
    /// Episode id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// A locked episode: the host must unlock it.
    pub locked: bool,
    /// One node per segment, in document order.
    pub nodes: Vec<Node>,
}

/// One segment.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// `"episode/segment"`.
    pub id: String,
    /// The segment's id.
    pub segment: String,
    /// The episode's entry segment.
    pub start: bool,
    /// No path reaches it (the `unreachable-segment` warning).
    pub unreachable: bool,
    /// The worst diagnostic inside the segment: `error` or `warning`.
    pub problem: Option<&'static str>,
    /// The choice's prompt, if it has a choice.
    pub prompt: Option<String>,
    /// The ending this segment completes.
    pub ending: Option<NodeEnding>,
}

/// The ending a node completes.
#[derive(Debug, Clone, Serialize)]
pub struct NodeEnding {
    /// Ending id.
    pub id: String,
    /// Display title.
    pub title: String,
}

/// What an edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EdgeKind {
    /// A choice's option.
    Option,
    /// A segment's `next`.
    Next,
    /// The episode ends and the feed moves on to the next episode's start.
    Feed,
}

/// An edge between two nodes (or to a [`Missing`] node).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    /// The node it leaves, `"episode/segment"`.
    pub from: String,
    /// The node it enters: `"episode/segment"`, or a [`Missing`] node's id.
    pub to: String,
    /// Option, next or feed.
    pub kind: EdgeKind,
    /// The option's index among its choice's options.
    pub index: Option<usize>,
    /// `1. Answer` for an option.
    pub label: Option<String>,
    /// The option's `if`, as written.
    pub condition: Option<String>,
    /// An option no explored state shows.
    pub never_offered: bool,
    /// It goes to another episode.
    pub jump: bool,
}

/// A target the catalog names but does not have.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    /// `missing-0`.
    pub id: String,
    /// The target as written: `s9`, `ep9`, `ep2/s9`.
    pub target: String,
}

/// An ending and how a viewer reaches it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndingMap {
    /// Ending id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// Its (first) segment, `"episode/segment"`.
    pub segment: String,
    /// Some explored state reaches it.
    pub reachable: bool,
    /// Fewest choices to it.
    pub shortest: Option<usize>,
    /// The option labels along a shortest path.
    pub shortest_path: Vec<String>,
    /// The segments along that path, `"episode/segment"`.
    pub shortest_segments: Vec<String>,
    /// The fewest locked episodes a path to it enters (ids); empty: reached without unlocking.
    pub locked_episodes: Vec<String>,
}

/// Reads a catalog document (bytes as from a file or the network) into its map; see the module docs
/// for what a catalog with errors gives.
pub fn build(bytes: &[u8]) -> StoryMap {
    build_playable(bytes).0
}

/// As [`build`], with the catalog itself when it loaded without errors (the studio plays from it).
pub fn build_playable(bytes: &[u8]) -> (StoryMap, Option<Catalog>) {
    let (catalog, diagnostics, repairs) = load_drawable(bytes);
    let mut map = StoryMap {
        title: String::new(),
        playable: repairs.is_none() && catalog.is_some(),
        diagnostics: diagnostics.iter().map(|d| map_diagnostic(d, catalog.as_ref())).collect(),
        series: Vec::new(),
    };
    let Some(catalog) = catalog else {
        return (map, None);
    };
    map.title = catalog.title.resolve("", None).to_owned();
    let document: Json = serde_json::from_slice(strip_bom(bytes)).unwrap_or(Json::Null);
    let repairs = repairs.unwrap_or_default();
    for (index, series) in catalog.series.iter().enumerate() {
        let report = paths::explore(&catalog, index);
        map.series.push(series_map(series, index, &report, &document, &diagnostics, &repairs));
    }
    let playable = map.playable.then_some(catalog);
    (map, playable)
}

/// What a local error was replaced with, by JSON path: the target text for a dangling `goto`/`next`.
type Repairs = BTreeMap<String, String>;

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The catalog to draw, the diagnostics to show, and the repairs made (`None`: it loaded as it is).
fn load_drawable(bytes: &[u8]) -> (Option<Catalog>, Vec<Diagnostic>, Option<Repairs>) {
    let diagnostics = match catalog::load_bytes(bytes) {
        Ok((catalog, warnings)) => return (Some(catalog), warnings, None),
        Err(diagnostics) => diagnostics,
    };
    let Ok(mut document) = serde_json::from_slice::<Json>(strip_bom(bytes)) else {
        return (None, diagnostics, None);
    };
    let mut repairs = Repairs::new();
    for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
        if !repair(&mut document, diagnostic, &mut repairs) {
            return (None, diagnostics, None);
        }
    }
    let repaired = serde_json::to_string(&document).unwrap_or_default();
    match catalog::load(&repaired) {
        Ok((catalog, warnings)) => {
            // The warnings the errors kept the loader from finding (unreachable segments).
            let mut diagnostics = diagnostics;
            for warning in warnings {
                if !diagnostics.iter().any(|d| d.code == warning.code && d.path == warning.path) {
                    diagnostics.push(warning);
                }
            }
            (Some(catalog), diagnostics, Some(repairs))
        }
        Err(_) => (None, diagnostics, None),
    }
}

/// Makes the value `diagnostic` points at harmless, if it is a local error; `false` otherwise.
fn repair(document: &mut Json, diagnostic: &Diagnostic, repairs: &mut Repairs) -> bool {
    let mut steps = steps(&diagnostic.path);
    // A dangling `{ "episode", "segment" }` names its member: the target is the whole object.
    if diagnostic.code == Code::DanglingTarget
        && matches!(steps.last(), Some(Step::Key(k)) if k == "episode" || k == "segment")
        && matches!(steps.iter().rev().nth(1), Some(Step::Key(k)) if k == "goto" || k == "next")
    {
        steps.pop();
    }
    let Some((last, parent)) = steps.split_last() else {
        return false;
    };
    let Some(parent) = walk_mut(document, parent) else {
        return false;
    };
    let key = match last {
        Step::Key(key) => key.as_str(),
        Step::Index(_) => return diagnostic.code == Code::UnsafeUrl && set_at(parent, last, Json::from("")),
    };
    let Some(object) = parent.as_object_mut() else {
        return false;
    };
    match (diagnostic.code, key) {
        (Code::DanglingTarget, "goto" | "next") => {
            let target = object.get(key).map(target_text).unwrap_or_default();
            repairs.insert(join(&steps), target);
            object.insert(key.to_owned(), serde_json::json!({ "end": true }));
            true
        }
        (Code::DanglingTarget | Code::UnknownVariable | Code::TypeMismatch | Code::BadExpression, "if") => {
            object.insert("if".to_owned(), Json::from("false"));
            true
        }
        (Code::DanglingTarget, "start") | (Code::DefaultOutOfRange, "default") => {
            object.remove(key).is_some()
        }
        (Code::UnsafeUrl, _) => object.insert(key.to_owned(), Json::from("")).is_some(),
        (Code::DanglingTarget | Code::UnknownVariable | Code::TypeMismatch | Code::BadExpression, _) if matches!(steps.iter().rev().nth(1), Some(Step::Key(k)) if k == "set") => {
            object.remove(key).is_some()
        }
        _ => false,
    }
}

/// A target as the author wrote it: `s9`, `ep9`, `ep2/s9`.
fn target_text(target: &Json) -> String {
    match target {
        Json::String(segment) => segment.clone(),
        Json::Object(object) => {
            let part = |key: &str| object.get(key).and_then(Json::as_str);
            match (part("episode"), part("segment")) {
                (Some(e), Some(s)) => format!("{e}/{s}"),
                (Some(e), None) => e.to_owned(),
                (None, Some(s)) => s.to_owned(),
                (None, None) => target.to_string(),
            }
        }
        other => other.to_string(),
    }
}

/// One step of a diagnostic's JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// `series[0].choice.options[1]` → `series`, 0, `choice`, `options`, 1.
fn steps(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            steps.push(Step::Key(key.to_owned()));
        }
        for index in pieces {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                steps.push(Step::Index(i));
            }
        }
    }
    steps
}

fn join(steps: &[Step]) -> String {
    let mut path = String::new();
    for step in steps {
        match step {
            Step::Key(key) if path.is_empty() => path.push_str(key),
            Step::Key(key) => {
                path.push('.');
                path.push_str(key);
            }
            Step::Index(i) => {
                let _ = write!(path, "[{i}]");
            }
        }
    }
    path
}

fn walk_mut<'a>(mut value: &'a mut Json, steps: &[Step]) -> Option<&'a mut Json> {
    for step in steps {
        value = match step {
            Step::Key(key) => value.get_mut(key.as_str())?,
            Step::Index(i) => value.get_mut(*i)?,
        };
    }
    Some(value)
}

fn walk<'a>(mut value: &'a Json, steps: &[Step]) -> Option<&'a Json> {
    for step in steps {
        value = match step {
            Step::Key(key) => value.get(key.as_str())?,
            Step::Index(i) => value.get(*i)?,
        };
    }
    Some(value)
}

fn set_at(parent: &mut Json, step: &Step, value: Json) -> bool {
    match (step, parent) {
        (Step::Index(i), Json::Array(items)) if *i < items.len() => {
            items[*i] = value;
            true
        }
        _ => false,
    }
}

/// The (series, episode, segment) indices a path starts with.
fn place(path: &str) -> (Option<usize>, Option<usize>, Option<usize>) {
    let steps = steps(path);
    let index_after = |name: &str, at: usize| match (steps.get(at), steps.get(at + 1)) {
        (Some(Step::Key(k)), Some(Step::Index(i))) if k == name => Some(*i),
        _ => None,
    };
    let series = index_after("series", 0);
    let episode = series.and(index_after("episodes", 2));
    let segment = episode.and(index_after("segments", 4));
    (series, episode, segment)
}

fn map_diagnostic(d: &Diagnostic, catalog: Option<&Catalog>) -> MapDiagnostic {
    let (s, e, seg) = place(&d.path);
    let series = s.and_then(|s| catalog?.series.get(s));
    let episode = e.and_then(|e| series?.episodes.get(e));
    let segment = episode.and_then(|episode| episode.segments.get(seg.unwrap_or(episode.start)));
    MapDiagnostic {
        code: d.code.as_str(),
        severity: d.severity.as_str(),
        message: d.message.clone(),
        path: d.path.clone(),
        series: series.map(|s| s.id.clone()),
        segment: episode.zip(segment).map(|(e, s)| format!("{}/{}", e.id, s.id)),
    }
}

fn series_map(
    series: &Series,
    index: usize,
    report: &SeriesPaths,
    document: &Json,
    diagnostics: &[Diagnostic],
    repairs: &Repairs,
) -> SeriesMap {
    let text = |t: &catalog::Text| t.resolve("", series.language.as_deref()).to_owned();
    let name = |e: usize, s: usize| {
        let episode = &series.episodes[e];
        format!("{}/{}", episode.id, episode.segments[s].id)
    };
    let mut map = SeriesMap {
        id: series.id.clone(),
        title: text(&series.title),
        complete: report.complete,
        variables: series
            .variables
            .iter()
            .map(|(name, value)| Variable {
                name: name.clone(),
                kind: match value {
                    Value::Bool(_) => "bool",
                    Value::Int(_) => "int",
                    Value::Str(_) => "string",
                },
                initial: value_json(value),
            })
            .collect(),
        episodes: Vec::new(),
        edges: Vec::new(),
        missing: Vec::new(),
        endings: Vec::new(),
        seen_tested: Vec::new(),
    };
    let problem = |e: usize, s: usize| {
        let here = diagnostics.iter().filter(|d| place(&d.path) == (Some(index), Some(e), Some(s)));
        let worst = here.clone().find(|d| d.is_error()).or_else(|| here.clone().next());
        worst.map(|d| d.severity.as_str())
    };
    let unreachable = |e: usize, s: usize| {
        diagnostics.iter().any(|d| {
            d.code == Code::UnreachableSegment
                && d.path == format!("series[{index}].episodes[{e}].segments[{s}]")
        })
    };
    for (e, episode) in series.episodes.iter().enumerate() {
        let nodes = episode
            .segments
            .iter()
            .enumerate()
            .map(|(s, segment)| Node {
                id: name(e, s),
                segment: segment.id.clone(),
                start: s == episode.start,
                unreachable: unreachable(e, s),
                problem: problem(e, s),
                prompt: segment.choice.as_ref().and_then(|c| c.prompt.as_ref()).map(text),
                ending: segment
                    .ending
                    .as_ref()
                    .map(|end| NodeEnding { id: end.id.clone(), title: text(&end.title) }),
            })
            .collect();
        map.episodes.push(EpisodeMap {
            id: episode.id.clone(),
            title: text(&episode.title),
            locked: episode.locked,
            nodes,
        });
    }
    // Where a target leads on the map: a node, the next episode's start, a missing node, or nowhere.
    let mut missing = Vec::new();
    let mut to = |e: usize, target: Option<Target>, path: String| -> Option<String> {
        if let Some(written) = repairs.get(&path) {
            let id = format!("missing-{}", missing.len());
            missing.push(Missing { id: id.clone(), target: written.clone() });
            return Some(id);
        }
        match target {
            Some(Target::Segment { episode, segment }) => Some(name(episode, segment)),
            Some(Target::End) | None => {
                let next = series.episodes.get(e + 1)?;
                Some(name(e + 1, next.start))
            }
        }
    };
    for (e, episode) in series.episodes.iter().enumerate() {
        for (s, segment) in episode.segments.iter().enumerate() {
            let from = name(e, s);
            let at = format!("series[{index}].episodes[{e}].segments[{s}]");
            let edge = |to: String, kind, index: Option<usize>, label, condition| Edge {
                jump: !to.starts_with("missing-") && !to.starts_with(&format!("{}/", episode.id)),
                from: from.clone(),
                to,
                kind,
                index,
                label,
                condition,
                never_offered: false,
            };
            for (o, option) in segment.choice.iter().flat_map(|c| c.options.iter().enumerate()) {
                let path = format!("{at}.choice.options[{o}].goto");
                let Some(target) = to(e, Some(option.goto), path.clone()) else { continue };
                let condition_path = format!("{at}.choice.options[{o}].if");
                let condition =
                    walk(document, &steps(&condition_path)).and_then(Json::as_str).map(str::to_owned);
                let mut edge = edge(
                    target,
                    EdgeKind::Option,
                    Some(o),
                    Some(format!("{}. {}", o + 1, text(&option.label))),
                    condition,
                );
                edge.never_offered = report.never_offered.iter().any(|n| n.segment == from && n.index == o);
                map.edges.push(edge);
            }
            let next_path = format!("{at}.next");
            match segment.next {
                Some(target) => {
                    let repaired = repairs.contains_key(&next_path);
                    let kind =
                        if target == Target::End && !repaired { EdgeKind::Feed } else { EdgeKind::Next };
                    if let Some(to) = to(e, Some(target), next_path) {
                        map.edges.push(edge(to, kind, None, None, None));
                    }
                }
                None if segment.choice.is_none() => {
                    if let Some(target) = to(e, None, next_path) {
                        map.edges.push(edge(target, EdgeKind::Feed, None, None, None));
                    }
                }
                None => {}
            }
        }
    }
    map.missing = missing;
    map.seen_tested = seen_tested(series);
    for episode in &series.episodes {
        for segment in &episode.segments {
            let Some(ending) = &segment.ending else { continue };
            if map.endings.iter().any(|m| m.id == ending.id) {
                continue;
            }
            let found = report.endings.iter().find(|r| r.id == ending.id);
            map.endings.push(EndingMap {
                id: ending.id.clone(),
                title: text(&ending.title),
                segment: format!("{}/{}", episode.id, segment.id),
                reachable: found.is_some(),
                shortest: found.map(|r| r.shortest),
                shortest_path: found.map(|r| r.shortest_path.clone()).unwrap_or_default(),
                shortest_segments: found.map(|r| r.shortest_segments.clone()).unwrap_or_default(),
                locked_episodes: found.map(|r| r.locked_episodes.clone()).unwrap_or_default(),
            });
        }
    }
    map
}

/// The segments some `seen()` of the series tests (in a condition or a `set`), `"episode/segment"`,
/// in document order, each once.
fn seen_tested(series: &Series) -> Vec<String> {
    let mut tested = Vec::new();
    for episode in &series.episodes {
        for segment in &episode.segments {
            let options = segment.choice.iter().flat_map(|c| &c.options);
            let exprs = segment
                .set
                .iter()
                .chain(options.clone().flat_map(|o| &o.set))
                .map(|a| &a.expr)
                .chain(options.filter_map(|o| o.condition.as_ref()));
            for reference in exprs.flat_map(|x| x.seen_references()) {
                let id = match reference.split_once('/') {
                    Some(_) => reference.to_owned(),
                    None => format!("{}/{reference}", episode.id),
                };
                if !tested.contains(&id) {
                    tested.push(id);
                }
            }
        }
    }
    tested
}

fn value_json(value: &Value) -> Json {
    match value {
        Value::Bool(b) => Json::from(*b),
        Value::Int(i) => Json::from(*i),
        Value::Str(s) => Json::from(s.as_str()),
    }
}

impl EndingMap {
    /// `unreachable ending`, `reached without unlocking`, `needs ep5 unlocked`.
    pub fn mark(&self) -> String {
        if !self.reachable {
            "unreachable ending".to_owned()
        } else if self.locked_episodes.is_empty() {
            "reached without unlocking".to_owned()
        } else {
            format!("needs {} unlocked", self.locked_episodes.join(", "))
        }
    }
}

impl SeriesMap {
    /// The ending of `node`, with its reachability.
    fn ending_of(&self, node: &Node) -> Option<&EndingMap> {
        let id = &node.ending.as_ref()?.id;
        self.endings.iter().find(|e| &e.id == id)
    }

    /// A node's lines: its id, then what it is marked with.
    fn node_lines(&self, node: &Node) -> Vec<String> {
        let mut lines = vec![node.segment.clone()];
        if let (Some(end), Some(ending)) = (&node.ending, self.ending_of(node)) {
            lines.push(format!("ending {}: {}", end.id, end.title));
            lines.push(ending.mark());
        }
        if node.unreachable {
            lines.push("unreachable".to_owned());
        }
        // An unreachable segment's warning is that mark already.
        if let Some(problem) = node.problem.filter(|p| *p == "error" || !node.unreachable) {
            lines.push(problem.to_owned());
        }
        lines
    }
}

impl Edge {
    /// The edge's lines: option label, condition, and "never offered".
    fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.label.iter().cloned().collect();
        lines.extend(self.condition.iter().map(|c| format!("if {c}")));
        if self.never_offered {
            lines.push("never offered".to_owned());
        }
        if self.kind == EdgeKind::Feed {
            lines.push("episode ends".to_owned());
        }
        lines
    }
}

/// A DOT double-quoted string.
fn dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Mermaid quoted label: every character Mermaid or a browser could read as markup is an entity.
fn mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl StoryMap {
    /// The map as a Graphviz digraph: a cluster per series and per episode, left to right; endings
    /// double-bordered, locked episodes and unreachable segments dashed, errors red, never-offered
    /// options grey and dashed, missing targets red.
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph story {\n  rankdir=LR;\n  node [shape=box, fontname=\"sans-serif\"];\n  edge [fontname=\"sans-serif\", fontsize=10];\n");
        for (i, series) in self.series.iter().enumerate() {
            let id = |node: &str| dot(&format!("{}/{node}", series.id));
            let _ = writeln!(
                out,
                "  subgraph cluster_{i} {{\n    label={};",
                dot(&format!("{} ({})", series.title, series.id))
            );
            for (j, episode) in series.episodes.iter().enumerate() {
                let mut label = format!("{}: {}", episode.id, episode.title);
                let mut style = String::new();
                if episode.locked {
                    label.push_str(" (locked)");
                    style = ", style=dashed, color=orange".to_owned();
                }
                let _ = writeln!(out, "    subgraph cluster_{i}_{j} {{\n      label={}{style};", dot(&label));
                for node in &episode.nodes {
                    let mut attrs = vec![format!("label={}", dot_lines(&series.node_lines(node)))];
                    if node.ending.is_some() {
                        attrs.push("peripheries=2".to_owned());
                    }
                    if node.unreachable {
                        attrs.push("style=dashed, color=gray, fontcolor=gray".to_owned());
                    } else if node.problem == Some("error") {
                        attrs.push("color=red".to_owned());
                    }
                    if node.ending.is_some() && series.ending_of(node).is_some_and(|e| !e.reachable) {
                        attrs.push("fontcolor=red".to_owned());
                    }
                    let _ = writeln!(out, "      {} [{}];", id(&node.id), attrs.join(", "));
                }
                out.push_str("    }\n");
            }
            for missing in &series.missing {
                let _ = writeln!(
                    out,
                    "    {} [label={}, color=red, fontcolor=red, style=dashed];",
                    id(&missing.id),
                    dot(&format!("missing: {}", missing.target))
                );
            }
            out.push_str("  }\n");
            for edge in &series.edges {
                let mut attrs = Vec::new();
                let lines = edge.lines();
                if !lines.is_empty() {
                    attrs.push(format!("label={}", dot_lines(&lines)));
                }
                if edge.never_offered || edge.kind == EdgeKind::Feed {
                    attrs.push("style=dashed".to_owned());
                }
                if edge.never_offered {
                    attrs.push("color=gray, fontcolor=gray".to_owned());
                } else if edge.to.starts_with("missing-") {
                    attrs.push("color=red".to_owned());
                } else if edge.jump {
                    attrs.push("penwidth=2".to_owned());
                }
                let attrs = if attrs.is_empty() { String::new() } else { format!(" [{}]", attrs.join(", ")) };
                let _ = writeln!(out, "  {} -> {}{attrs};", id(&edge.from), id(&edge.to));
            }
        }
        out.push_str("}\n");
        out
    }

    /// The map as a Mermaid flowchart (left to right), with the same marks as [`StoryMap::to_dot`] as
    /// classes; every label is quoted and its markup characters written as entities.
    pub fn to_mermaid(&self) -> String {
        let mut out = String::from("flowchart LR\n");
        let mut classes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (i, series) in self.series.iter().enumerate() {
            let mut ids = BTreeMap::new();
            let _ =
                writeln!(out, "  subgraph s{i}[{}]", mermaid(&format!("{} ({})", series.title, series.id)));
            for (j, episode) in series.episodes.iter().enumerate() {
                let label = format!(
                    "{}: {}{}",
                    episode.id,
                    episode.title,
                    if episode.locked { " (locked)" } else { "" }
                );
                let _ = writeln!(out, "    subgraph s{i}e{j}[{}]", mermaid(&label));
                if episode.locked {
                    classes.entry("locked").or_default().push(format!("s{i}e{j}"));
                }
                for node in &episode.nodes {
                    let n = format!("s{i}n{}", ids.len());
                    ids.insert(node.id.as_str(), n.clone());
                    let label = mermaid(&series.node_lines(node).join(" · "));
                    let shape =
                        if node.ending.is_some() { format!("([{label}])") } else { format!("[{label}]") };
                    let _ = writeln!(out, "      {n}{shape}");
                    if node.unreachable {
                        classes.entry("unreachable").or_default().push(n.clone());
                    } else if node.problem == Some("error") {
                        classes.entry("error").or_default().push(n.clone());
                    }
                    if series.ending_of(node).is_some_and(|e| !e.reachable) {
                        classes.entry("unreachableEnding").or_default().push(n.clone());
                    }
                }
                out.push_str("    end\n");
            }
            for missing in &series.missing {
                let n = format!("s{i}n{}", ids.len());
                ids.insert(missing.id.as_str(), n.clone());
                let _ = writeln!(out, "    {n}[{}]", mermaid(&format!("missing: {}", missing.target)));
                classes.entry("missing").or_default().push(n);
            }
            out.push_str("  end\n");
            for edge in &series.edges {
                let (Some(from), Some(to)) = (ids.get(edge.from.as_str()), ids.get(edge.to.as_str())) else {
                    continue;
                };
                let arrow = if edge.never_offered || edge.kind == EdgeKind::Feed {
                    "-.->"
                } else if edge.jump {
                    "==>"
                } else {
                    "-->"
                };
                let lines = edge.lines();
                let label = if lines.is_empty() {
                    String::new()
                } else {
                    format!("|{}|", mermaid(&lines.join(" · ")))
                };
                let _ = writeln!(out, "  {from} {arrow}{label} {to}");
            }
        }
        let styles = [
            ("error", "stroke:#d00,stroke-width:2px"),
            ("locked", "stroke:#e90,stroke-dasharray:5 5"),
            ("missing", "stroke:#d00,color:#d00,stroke-dasharray:5 5"),
            ("unreachable", "stroke:#999,color:#999,stroke-dasharray:5 5"),
            ("unreachableEnding", "color:#d00"),
        ];
        for (name, style) in styles {
            if let Some(members) = classes.get(name) {
                let _ = writeln!(out, "  classDef {name} {style}\n  class {} {name}", members.join(","));
            }
        }
        out
    }
}

/// Lines as one DOT label (`\n` between them).
fn dot_lines(lines: &[String]) -> String {
    let quoted: Vec<String> = lines.iter().map(|l| dot(l)).collect();
    // Each line quoted alone, then joined inside one pair of quotes with DOT's `\n`.
    let inner: Vec<&str> = quoted.iter().map(|q| &q[1..q.len() - 1]).collect();
    format!("\"{}\"", inner.join("\\n"))
}

/// What [`play_from`] gives the studio: a save to load, and what the choice will show.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlayFrom {
    /// A save of the story at that segment (`loadState()` text).
    pub save: String,
    /// The options of the segment's choice that the state shows, `[index, label]`, in order.
    pub visible: Vec<(usize, String)>,
}

/// Why [`play_from`] could not build the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayFromError(pub String);

/// A save that plays segment `segment` (`"episode/segment"`) of series `series` with the variables
/// `vars` (name → value; undeclared names are refused, missing ones keep their initial value) and the
/// segments `seen` (`"episode/segment"`) as the state on arrival: the segment then starts as in play
/// (it is marked seen and its `set` applied), and every locked episode is unlocked, so that the author
/// plays what follows too.
///
/// # Errors
/// An unknown series or segment, an undeclared variable or a value of another type than declared.
pub fn play_from(
    catalog: &Catalog,
    series: &str,
    segment: &str,
    vars: &BTreeMap<String, Value>,
    seen: &[String],
) -> Result<PlayFrom, PlayFromError> {
    let fail = |message: String| Err(PlayFromError(message));
    let Some(index) = catalog.series.iter().position(|s| s.id == series) else {
        return fail(format!("no series `{series}`"));
    };
    let s = &catalog.series[index];
    let found = segment.split_once('/').and_then(|(e, g)| {
        let episode = s.episodes.iter().position(|ep| ep.id == e)?;
        Some((episode, s.episodes[episode].segments.iter().position(|seg| seg.id == g)?))
    });
    let Some((episode, at)) = found else {
        return fail(format!("no segment `{segment}` in series `{series}`"));
    };
    let mut before: BTreeMap<String, Value> = s.variables.iter().cloned().collect();
    for (name, value) in vars {
        match before.get_mut(name) {
            Some(slot) if slot.type_of() == value.type_of() => *slot = value.clone(),
            Some(slot) => return fail(format!("`{name}` is {}, not {}", slot.type_of(), value.type_of())),
            None => return fail(format!("series `{series}` has no variable `{name}`")),
        }
    }
    let mut seen: Vec<String> = seen.iter().filter(|id| id.as_str() != segment).cloned().collect();
    let seen_before = seen.len();
    seen.push(segment.to_owned());
    // The state as the segment starts: marked seen, its own `set` applied (a restored position does
    // not apply it again).
    let mut now = State { vars: before.clone(), seen: Seen::default() };
    for id in &seen {
        let Some((e, g)) = id.split_once('/').and_then(|(e, g)| {
            let episode = s.episodes.iter().position(|ep| ep.id == e)?;
            Some((episode, s.episodes[episode].segments.iter().position(|seg| seg.id == g)?))
        }) else {
            return fail(format!("no segment `{id}` in series `{series}`"));
        };
        now.seen.insert(e, g);
    }
    start_segment(s, episode, at, &mut now);
    let snapshot = SeriesSave {
        vars: now.vars,
        seen,
        endings: Vec::new(),
        unlocked: s.episodes.iter().filter(|e| e.locked).map(|e| e.id.clone()).collect(),
        position: Some(SavedPoint {
            episode: s.episodes[episode].id.clone(),
            segment: s.episodes[episode].segments[at].id.clone(),
            vars: before,
            seen: PointSeen::Count(seen_before),
        }),
        position_ms: 0,
        history: Vec::new(),
    };
    let (story, dropped) = Story::from_snapshot(catalog, index, &snapshot);
    if let Some(line) = dropped.first() {
        return fail(line.clone());
    }
    let visible = match &s.episodes[episode].segments[at].choice {
        Some(choice) => visible_options(s, episode, choice, story.state())
            .into_iter()
            .filter_map(|o| {
                Some((o, choice.options.get(o)?.label.resolve("", s.language.as_deref()).to_owned()))
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(PlayFrom { save: save::encode(catalog, Some((index, episode)), [&story]), visible })
}
