//! Every path through a series, state included (CONTRACT §3, `microdrama paths`; and the
//! `no-visible-option` warning of §2).
//!
//! The viewer is modelled as watching a series in feed order from episode 0 with the initial
//! variables; an episode that finishes continues at the next episode's start with the state carried;
//! locked episodes count as unlocked. A state is the segment just started plus the variable values and
//! the seen-flags of only those segments some `seen()` of the series asks about, so two visits that no
//! condition can tell apart are one state. Exploration is breadth-first in choices made and bounded.
//!
//! Locks are then counted in the story's terms, as a paywall sees them: over the same explored states,
//! which endings a viewer reaches without unlocking anything, and for each other ending the fewest
//! locked episodes a path to it enters. Entering a locked episode counts once per entry, so a path that
//! leaves a locked episode and comes back into it counts it twice: for such a story the figure is a
//! number of unlocks that suffices, not always the fewest.
//!
//! The rules (what a segment start does, which options show) are the story engine's own.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt;

use serde::{Serialize, Serializer};

use crate::catalog::{Catalog, Series, Target};
use crate::diagnostic::{Code, Diagnostic};
use crate::expr::{Expr, Scope, Type, Value};
use crate::story::{apply_set, resolve, start_segment, visible_options, Memory};

/// States explored per series by [`explore`] before it gives up and reports an incomplete result.
pub const MAX_STATES: usize = 200_000;

/// States explored per series for the `no-visible-option` warnings at load time: smaller than
/// [`MAX_STATES`] so loading a catalog stays fast (a few milliseconds per thousand states).
pub const LOAD_MAX_STATES: usize = 20_000;

/// What exploring every series found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PathsReport {
    /// One entry per series explored, in catalog order.
    pub series: Vec<SeriesPaths>,
}

/// What exploring one series found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeriesPaths {
    /// Series id.
    pub series_id: String,
    /// Distinct states reached.
    pub states: usize,
    /// `false` when [`MAX_STATES`] stopped the exploration: what is listed as unreachable or never
    /// offered may only be unexplored, and longest paths are unknown.
    pub complete: bool,
    /// Endings reached, in catalog order.
    pub endings: Vec<EndingPaths>,
    /// Endings declared but never reached.
    pub unreachable_endings: Vec<EndingRef>,
    /// Options of choices that no reached state shows.
    pub never_offered: Vec<OptionRef>,
    /// Choices that some reached state leaves with no visible option.
    pub no_visible_option: Vec<ChoiceRef>,
    /// Ids of the reachable endings some path reaches without entering a locked episode, in catalog
    /// order.
    pub endings_without_unlocking: Vec<String>,
}

/// A reachable ending and the paths to it, counted in choices made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndingPaths {
    /// Ending id.
    pub id: String,
    /// Its segment, `"episode/segment"`.
    pub segment: String,
    /// Fewest choices on a path to it.
    pub shortest: usize,
    /// The option labels chosen along one shortest path.
    pub shortest_path: Vec<String>,
    /// The segments played along that shortest path, `"episode/segment"`, first first (a segment
    /// played twice in a row by a loop is listed twice).
    pub shortest_segments: Vec<String>,
    /// Most choices on a path to it.
    pub longest: Longest,
    /// The locked episodes entered by a path that enters the fewest, ids in the order entered; empty:
    /// a viewer reaches it without unlocking anything.
    pub locked_episodes: Vec<String>,
}

/// The longest path to an ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Longest {
    /// This many choices at most.
    Choices(usize),
    /// A cycle can come before the ending: paths are as long as the viewer likes.
    Unbounded,
    /// Exploration was incomplete.
    Unknown,
}

impl fmt::Display for Longest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Longest::Choices(n) => f.write_str(&choices(*n)),
            Longest::Unbounded => f.write_str("unbounded"),
            Longest::Unknown => f.write_str("unknown"),
        }
    }
}

/// An ending no path reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndingRef {
    /// Ending id.
    pub id: String,
    /// Its segment, `"episode/segment"`.
    pub segment: String,
}

/// An option no reached state shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OptionRef {
    /// JSON path of the option: `series[0].episodes[1].segments[2].choice.options[1]`.
    pub path: String,
    /// Its segment, `"episode/segment"`.
    pub segment: String,
    /// Index among the choice's options.
    pub index: usize,
    /// Its label in the series' language.
    pub label: String,
}

/// A choice that some reached state leaves with no visible option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChoiceRef {
    /// JSON path of the choice: `series[0].episodes[1].segments[2].choice`.
    pub path: String,
    /// Its segment, `"episode/segment"`.
    pub segment: String,
    /// The variables of the first such state found: `trust = 0, alias = ""`.
    pub example: String,
}

/// Explores every series of `c` with [`MAX_STATES`] each.
pub fn report(c: &Catalog) -> PathsReport {
    PathsReport { series: (0..c.series.len()).map(|s| explore(c, s)).collect() }
}

/// Explores series `series` of `c` with [`MAX_STATES`]; an index the catalog lacks gives an empty,
/// complete report.
pub fn explore(c: &Catalog, series: usize) -> SeriesPaths {
    explore_bounded(c, series, MAX_STATES)
}

/// The `no-visible-option` warnings of `c`, explored with [`LOAD_MAX_STATES`] per series. A series in
/// which every choice has an option without a condition cannot have one and is not explored.
pub fn no_visible_option(c: &Catalog) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (index, series) in c.series.iter().enumerate() {
        let choices = series.episodes.iter().flat_map(|e| &e.segments).filter_map(|s| s.choice.as_ref());
        if choices.clone().all(|choice| choice.options.iter().any(|o| o.condition.is_none())) {
            continue;
        }
        // Only the graph's empty choices: the rest of the report (paths, locks) is not needed to load.
        let (names, graph) = explore_graph(series, LOAD_MAX_STATES);
        for choice in empty_choices(series, index, &names, &graph) {
            let message = format!(
                "the choice in `{}` can come with no option visible (for example with {}); the segment then \
                 plays on as if it had no choice",
                choice.segment, choice.example
            );
            warnings.push(Diagnostic::new(Code::NoVisibleOption, choice.path, message));
        }
    }
    warnings
}

/// The explorer's story state: variable values in declaration order and the seen-flags of the tracked
/// segments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    episode: usize,
    segment: usize,
    vars: Vec<Value>,
    seen: Vec<bool>,
}

/// A [`Key`]'s state with what it needs to be read by name.
struct Probe<'a> {
    names: &'a [String],
    tracked: &'a [(usize, usize)],
    vars: Vec<Value>,
    seen: Vec<bool>,
}

impl Memory for Probe<'_> {
    fn var(&self, name: &str) -> Option<&Value> {
        self.vars.get(self.names.iter().position(|n| n == name)?)
    }

    fn seen(&self, episode: usize, segment: usize) -> bool {
        let index = self.tracked.iter().position(|&t| t == (episode, segment));
        index.and_then(|i| self.seen.get(i).copied()).unwrap_or(false)
    }

    fn set_var(&mut self, name: &str, value: Value) {
        if let Some(slot) = self.names.iter().position(|n| n == name).and_then(|i| self.vars.get_mut(i)) {
            *slot = value;
        }
    }

    fn mark_seen(&mut self, episode: usize, segment: usize) {
        if let Some(i) = self.tracked.iter().position(|&t| t == (episode, segment)) {
            if let Some(flag) = self.seen.get_mut(i) {
                *flag = true;
            }
        }
    }
}

/// A type-check scope that records every segment a `seen()` names (resolved from the episode the
/// expression is written in); the checker asks about each one.
struct SeenRecorder<'a> {
    series: &'a Series,
    episode: usize,
    found: &'a RefCell<BTreeSet<(usize, usize)>>,
}

impl Scope for SeenRecorder<'_> {
    fn var_type(&self, name: &str) -> Option<Type> {
        let (_, value) = self.series.variables.iter().find(|(n, _)| n == name)?;
        Some(value.type_of())
    }

    fn has_segment(&self, reference: &str) -> bool {
        let found = resolve(self.series, self.episode, reference);
        if let Some(segment) = found {
            self.found.borrow_mut().insert(segment);
        }
        found.is_some()
    }
}

/// The segments some `seen()` of `series` asks about.
fn tracked_segments(series: &Series) -> Vec<(usize, usize)> {
    let found = RefCell::new(BTreeSet::new());
    for (episode, e) in series.episodes.iter().enumerate() {
        let scope = SeenRecorder { series, episode, found: &found };
        let mut exprs: Vec<&Expr> = Vec::new();
        for segment in &e.segments {
            exprs.extend(segment.set.iter().map(|a| &a.expr));
            for option in segment.choice.iter().flat_map(|c| &c.options) {
                exprs.extend(&option.condition);
                exprs.extend(option.set.iter().map(|a| &a.expr));
            }
        }
        for expr in exprs {
            // Only the recorded references matter here; the loader has reported any type error.
            let _ = expr.check(&scope);
        }
    }
    found.into_inner().into_iter().collect()
}

/// One step between states: the option taken ((episode, segment, option)), or `None` for a segment
/// that simply ended.
type Taken = Option<(usize, usize, usize)>;

/// The explored graph of one series.
struct Graph {
    keys: Vec<Key>,
    /// Fewest choices from the start, and the step that achieved it.
    best: Vec<(usize, Option<(u32, Taken)>)>,
    edges: Vec<Vec<(u32, usize)>>,
    complete: bool,
    offered: HashSet<(usize, usize, usize)>,
    /// Choices found with no visible option, with the first state found so.
    empty: Vec<((usize, usize), Vec<Value>)>,
}

fn explore_bounded(c: &Catalog, index: usize, max_states: usize) -> SeriesPaths {
    let Some(series) = c.series.get(index) else {
        return SeriesPaths {
            series_id: String::new(),
            states: 0,
            complete: true,
            endings: Vec::new(),
            unreachable_endings: Vec::new(),
            never_offered: Vec::new(),
            no_visible_option: Vec::new(),
            endings_without_unlocking: Vec::new(),
        };
    };
    let (names, graph) = explore_graph(series, max_states);
    summarize(series, index, &names, &graph)
}

/// The explored graph of `series`, with its variable names in declaration order.
fn explore_graph(series: &Series, max_states: usize) -> (Vec<String>, Graph) {
    let names: Vec<String> = series.variables.iter().map(|(n, _)| n.clone()).collect();
    let tracked = tracked_segments(series);
    let graph = walk(series, &names, &tracked, max_states);
    (names, graph)
}

/// `"episode/segment"`, with `?` for an index the series lacks.
fn segment_name(series: &Series, episode: usize, segment: usize) -> String {
    let e = series.episodes.get(episode);
    let s = e.and_then(|e| e.segments.get(segment));
    format!("{}/{}", e.map_or("?", |e| e.id.as_str()), s.map_or("?", |s| s.id.as_str()))
}

/// The choices the explored states left with no visible option, each with the first such state.
fn empty_choices(series: &Series, index: usize, names: &[String], graph: &Graph) -> Vec<ChoiceRef> {
    let mut found = Vec::new();
    for &((e, s), ref vars) in &graph.empty {
        let example = names.iter().zip(vars).map(|(n, v)| format!("{n} = {}", show(v))).collect::<Vec<_>>();
        found.push(ChoiceRef {
            path: choice_path(index, e, s),
            segment: segment_name(series, e, s),
            example: if example.is_empty() { "no variables".to_owned() } else { example.join(", ") },
        });
    }
    found
}

/// Breadth-first search in choices made (0-1 BFS: a segment that ends costs nothing, a choice one).
fn walk(series: &Series, names: &[String], tracked: &[(usize, usize)], max_states: usize) -> Graph {
    let mut graph = Graph {
        keys: Vec::new(),
        best: Vec::new(),
        edges: Vec::new(),
        complete: true,
        offered: HashSet::new(),
        empty: Vec::new(),
    };
    let initial = Probe {
        names,
        tracked,
        vars: series.variables.iter().map(|(_, v)| v.clone()).collect(),
        seen: vec![false; tracked.len()],
    };
    let Some(first) = series.episodes.first() else {
        return graph;
    };
    let mut ids: HashMap<Key, u32> = HashMap::new();
    let mut queue = VecDeque::new();
    let start = enter(series, initial, 0, first.start);
    ids.insert(start.clone(), 0);
    graph.keys.push(start);
    graph.best.push((0, None));
    graph.edges.push(Vec::new());
    let mut expanded = vec![false];
    queue.push_back(0u32);
    while let Some(node) = queue.pop_front() {
        let n = node as usize;
        if expanded[n] {
            continue;
        }
        expanded[n] = true;
        let distance = graph.best[n].0;
        let here = graph.keys[n].clone();
        for (key, via) in successors(series, names, tracked, &here, &mut graph) {
            let cost = usize::from(via.is_some());
            let next = match ids.get(&key) {
                Some(&id) => id,
                None if graph.keys.len() >= max_states => {
                    graph.complete = false;
                    continue;
                }
                None => {
                    let id = graph.keys.len() as u32;
                    ids.insert(key.clone(), id);
                    graph.keys.push(key);
                    graph.best.push((usize::MAX, None));
                    graph.edges.push(Vec::new());
                    expanded.push(false);
                    id
                }
            };
            graph.edges[n].push((next, cost));
            let better = distance + cost;
            if better < graph.best[next as usize].0 {
                graph.best[next as usize] = (better, Some((node, via)));
                if cost == 0 {
                    queue.push_front(next);
                } else {
                    queue.push_back(next);
                }
            }
        }
    }
    graph
}

/// Starts segment (`episode`, `segment`) from `probe`'s state.
fn enter(series: &Series, mut probe: Probe<'_>, episode: usize, segment: usize) -> Key {
    start_segment(series, episode, segment, &mut probe);
    Key { episode, segment, vars: probe.vars, seen: probe.seen }
}

/// The states that follow `key`, each with the option taken to get there; records the options offered
/// and the choices left with none.
fn successors(
    series: &Series,
    names: &[String],
    tracked: &[(usize, usize)],
    key: &Key,
    graph: &mut Graph,
) -> Vec<(Key, Taken)> {
    let probe = || Probe { names, tracked, vars: key.vars.clone(), seen: key.seen.clone() };
    let Some(segment) = series.episodes.get(key.episode).and_then(|e| e.segments.get(key.segment)) else {
        return Vec::new();
    };
    let follow = |probe: Probe<'_>, target: Option<Target>| match target {
        Some(Target::Segment { episode, segment }) => {
            let exists = series.episodes.get(episode).is_some_and(|e| segment < e.segments.len());
            exists.then(|| enter(series, probe, episode, segment))
        }
        // The episode finishes: the feed moves on to the next episode's start, state carried.
        Some(Target::End) | None => {
            let episode = key.episode + 1;
            let start = series.episodes.get(episode)?.start;
            Some(enter(series, probe, episode, start))
        }
    };
    if let Some(choice) = &segment.choice {
        let visible = visible_options(series, key.episode, choice, &probe());
        if !visible.is_empty() {
            let mut next = Vec::new();
            for index in visible {
                graph.offered.insert((key.episode, key.segment, index));
                let Some(option) = choice.options.get(index) else {
                    continue;
                };
                let mut after = probe();
                apply_set(series, key.episode, &option.set, &mut after);
                next.extend(
                    follow(after, Some(option.goto)).map(|k| (k, Some((key.episode, key.segment, index)))),
                );
            }
            return next;
        }
        if !graph.empty.iter().any(|(at, _)| *at == (key.episode, key.segment)) {
            graph.empty.push(((key.episode, key.segment), key.vars.clone()));
        }
    }
    follow(probe(), segment.next).map(|k| (k, None)).into_iter().collect()
}

/// Turns the explored graph into the report.
fn summarize(series: &Series, index: usize, names: &[String], graph: &Graph) -> SeriesPaths {
    let longest = graph.complete.then(|| longest_paths(graph));
    let segment_name = |episode: usize, segment: usize| segment_name(series, episode, segment);
    let label = |episode: usize, segment: usize, option: usize| {
        let segment = series.episodes.get(episode).and_then(|e| e.segments.get(segment));
        let option = segment.and_then(|s| s.choice.as_ref()).and_then(|c| c.options.get(option));
        option.map_or(String::new(), |o| o.label.resolve("", series.language.as_deref()).to_owned())
    };
    let unlocks = unlock_counts(series, graph);
    // Ending id → (fewest choices, node reaching it so, longest, node reaching it with fewest unlocks).
    let mut reached: HashMap<&str, (usize, usize, Longest, usize)> = HashMap::new();
    for (node, key) in graph.keys.iter().enumerate() {
        let segment = series.episodes.get(key.episode).and_then(|e| e.segments.get(key.segment));
        let Some(ending) = segment.and_then(|s| s.ending.as_ref()) else {
            continue;
        };
        let here = match &longest {
            Some(lengths) => lengths[node].map_or(Longest::Unbounded, Longest::Choices),
            None => Longest::Unknown,
        };
        let distance = graph.best[node].0;
        let entry = reached.entry(ending.id.as_str()).or_insert((distance, node, here, node));
        if distance < entry.0 {
            (entry.0, entry.1) = (distance, node);
        }
        if unlocks[node].0 < unlocks[entry.3].0 {
            entry.3 = node;
        }
        entry.2 = match (entry.2, here) {
            (Longest::Unknown, _) | (_, Longest::Unknown) => Longest::Unknown,
            (Longest::Unbounded, _) | (_, Longest::Unbounded) => Longest::Unbounded,
            (Longest::Choices(a), Longest::Choices(b)) => Longest::Choices(a.max(b)),
        };
    }
    let mut report = SeriesPaths {
        series_id: series.id.clone(),
        states: graph.keys.len(),
        complete: graph.complete,
        endings: Vec::new(),
        unreachable_endings: Vec::new(),
        never_offered: Vec::new(),
        no_visible_option: empty_choices(series, index, names, graph),
        endings_without_unlocking: Vec::new(),
    };
    for (e, episode) in series.episodes.iter().enumerate() {
        for (s, segment) in episode.segments.iter().enumerate() {
            if let Some(ending) = &segment.ending {
                match reached.get(ending.id.as_str()) {
                    Some(&(shortest, node, longest, freest)) => {
                        let locked_episodes: Vec<String> = locked_entered(series, graph, &unlocks, freest)
                            .into_iter()
                            .filter_map(|e| Some(series.episodes.get(e)?.id.clone()))
                            .collect();
                        if locked_episodes.is_empty()
                            && !report.endings_without_unlocking.contains(&ending.id)
                        {
                            report.endings_without_unlocking.push(ending.id.clone());
                        }
                        report.endings.push(EndingPaths {
                            id: ending.id.clone(),
                            segment: segment_name(e, s),
                            shortest,
                            shortest_path: choices_to(graph, node)
                                .into_iter()
                                .map(|(e, s, o)| label(e, s, o))
                                .collect(),
                            shortest_segments: nodes_to(graph, node)
                                .into_iter()
                                .map(|n| segment_name(graph.keys[n].episode, graph.keys[n].segment))
                                .collect(),
                            longest,
                            locked_episodes,
                        })
                    }
                    None => report
                        .unreachable_endings
                        .push(EndingRef { id: ending.id.clone(), segment: segment_name(e, s) }),
                }
            }
            for o in 0..segment.choice.as_ref().map_or(0, |c| c.options.len()) {
                if !graph.offered.contains(&(e, s, o)) {
                    report.never_offered.push(OptionRef {
                        path: format!("{}.options[{o}]", choice_path(index, e, s)),
                        segment: segment_name(e, s),
                        index: o,
                        label: label(e, s, o),
                    });
                }
            }
        }
    }
    report
}

/// `1 choice`, `3 choices`.
fn choices(n: usize) -> String {
    format!("{n} choice{}", if n == 1 { "" } else { "s" })
}

/// `no unlock needed`, `needs 1 locked episode (ep5)`, `needs 2 locked episodes (ep2, ep3)`.
pub fn unlocks_needed(locked_episodes: &[String]) -> String {
    match locked_episodes.len() {
        0 => "no unlock needed".to_owned(),
        n => format!(
            "needs {n} locked episode{} ({})",
            if n == 1 { "" } else { "s" },
            locked_episodes.join(", ")
        ),
    }
}

/// `series[i].episodes[j].segments[k].choice`.
fn choice_path(series: usize, episode: usize, segment: usize) -> String {
    format!("series[{series}].episodes[{episode}].segments[{segment}].choice")
}

/// A value as an expression would write it.
fn show(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Str(s) => format!("{s:?}"),
    }
}

/// The options taken along the shortest path to `node`, first first.
fn choices_to(graph: &Graph, node: usize) -> Vec<(usize, usize, usize)> {
    let mut taken = Vec::new();
    let mut at = node;
    // Each parent step strictly shortens the path or keeps its cost with fewer zero steps, so parents
    // never cycle; the bound is a guard, not a limit.
    for _ in 0..graph.keys.len() {
        let Some((parent, via)) = graph.best[at].1 else {
            break;
        };
        taken.extend(via);
        at = parent as usize;
    }
    taken.reverse();
    taken
}

/// The nodes along the shortest path to `node`, the start first.
fn nodes_to(graph: &Graph, node: usize) -> Vec<usize> {
    let mut nodes = vec![node];
    let mut at = node;
    // As in `choices_to`: parents never cycle, the bound is a guard.
    for _ in 0..graph.keys.len() {
        let Some((parent, _)) = graph.best[at].1 else {
            break;
        };
        at = parent as usize;
        nodes.push(at);
    }
    nodes.reverse();
    nodes
}

/// For each node, the fewest locked episodes entered on a path from the start to it, and the node
/// before it on such a path (`usize::MAX` and `None` where unreached).
///
/// A 0-1 breadth-first search over the explored edges: a step into a locked episode from another
/// episode costs 1 (starting in a locked episode too), any other step nothing.
fn unlock_counts(series: &Series, graph: &Graph) -> Vec<(usize, Option<u32>)> {
    let locked = |node: usize| series.episodes.get(graph.keys[node].episode).is_some_and(|e| e.locked);
    let mut best: Vec<(usize, Option<u32>)> = vec![(usize::MAX, None); graph.keys.len()];
    if graph.keys.is_empty() {
        return best;
    }
    best[0].0 = usize::from(locked(0));
    let mut done = vec![false; graph.keys.len()];
    let mut queue = VecDeque::from([0usize]);
    while let Some(node) = queue.pop_front() {
        if std::mem::replace(&mut done[node], true) {
            continue;
        }
        for &(to, _) in &graph.edges[node] {
            let to = to as usize;
            let cost = usize::from(locked(to) && graph.keys[to].episode != graph.keys[node].episode);
            if best[node].0 + cost < best[to].0 {
                best[to] = (best[node].0 + cost, Some(node as u32));
                if cost == 0 {
                    queue.push_front(to);
                } else {
                    queue.push_back(to);
                }
            }
        }
    }
    best
}

/// The locked episodes entered along the path `unlocks` found to `node`, in the order entered.
fn locked_entered(
    series: &Series,
    graph: &Graph,
    unlocks: &[(usize, Option<u32>)],
    node: usize,
) -> Vec<usize> {
    let locked = |episode: usize| series.episodes.get(episode).is_some_and(|e| e.locked);
    let mut entered = Vec::new();
    let mut at = node;
    // Each parent step lowers the count or keeps it, and parents were set only on a strict improvement:
    // they never cycle; the bound is a guard.
    for _ in 0..graph.keys.len() {
        let episode = graph.keys[at].episode;
        let parent = unlocks[at].1.map(|p| p as usize);
        let from = parent.map(|p| graph.keys[p].episode);
        if locked(episode) && from != Some(episode) {
            entered.push(episode);
        }
        match parent {
            Some(p) => at = p,
            None => break,
        }
    }
    entered.reverse();
    entered
}

/// Most choices on a path from the start to each node; `None` for nodes a cycle can precede.
///
/// Kahn's topological order: the nodes it never releases are exactly those on a cycle or reachable
/// from one (every node is reachable from the start).
fn longest_paths(graph: &Graph) -> Vec<Option<usize>> {
    let mut incoming = vec![0usize; graph.keys.len()];
    for edges in &graph.edges {
        for &(to, _) in edges {
            incoming[to as usize] += 1;
        }
    }
    let mut longest: Vec<Option<usize>> = vec![None; graph.keys.len()];
    let mut ready: Vec<usize> = (0..graph.keys.len()).filter(|&n| incoming[n] == 0).collect();
    let mut distance = vec![0usize; graph.keys.len()];
    while let Some(node) = ready.pop() {
        longest[node] = Some(distance[node]);
        for &(to, cost) in &graph.edges[node] {
            let to = to as usize;
            distance[to] = distance[to].max(distance[node] + cost);
            incoming[to] -= 1;
            if incoming[to] == 0 {
                ready.push(to);
            }
        }
    }
    longest
}

impl PathsReport {
    /// The report as indented JSON: `{"series": [{"seriesId", "states", "complete", "endings": [{"id",
    /// "segment", "shortest", "shortestPath", "shortestSegments", "longest", "lockedEpisodes"}],
    /// "unreachableEndings", "neverOffered", "noVisibleOption", "endingsWithoutUnlocking"}]}`, `longest`
    /// being a number, `"unbounded"` or `"unknown"`.
    pub fn to_json(&self) -> String {
        // Cannot fail: the report has no map and no float.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// A number, `"unbounded"` or `"unknown"`.
impl Serialize for Longest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Longest::Choices(n) => serializer.serialize_u64(*n as u64),
            Longest::Unbounded => serializer.serialize_str("unbounded"),
            Longest::Unknown => serializer.serialize_str("unknown"),
        }
    }
}

impl fmt::Display for PathsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.series.iter().try_for_each(|series| write!(f, "{series}"))
    }
}

impl fmt::Display for SeriesPaths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = if self.complete { "complete" } else { "INCOMPLETE: state limit reached" };
        writeln!(f, "series {}: {} states ({how})", self.series_id, self.states)?;
        for ending in &self.endings {
            let path = ending.shortest_path.iter().map(|l| format!("{l:?}")).collect::<Vec<_>>().join(" → ");
            writeln!(
                f,
                "  ending {} at {}: shortest {} [{path}], longest {}; {}",
                ending.id,
                ending.segment,
                choices(ending.shortest),
                ending.longest,
                unlocks_needed(&ending.locked_episodes)
            )?;
        }
        if !self.endings.is_empty() {
            let free = if self.endings_without_unlocking.is_empty() {
                "none".to_owned()
            } else {
                self.endings_without_unlocking.join(", ")
            };
            writeln!(f, "  without unlocking: {free}")?;
        }
        for ending in &self.unreachable_endings {
            writeln!(f, "  unreachable ending {} at {}", ending.id, ending.segment)?;
        }
        for option in &self.never_offered {
            writeln!(
                f,
                "  never offered: {} option {} {:?} ({})",
                option.segment, option.index, option.label, option.path
            )?;
        }
        for choice in &self.no_visible_option {
            writeln!(f, "  no visible option: {} with {} ({})", choice.segment, choice.example, choice.path)?;
        }
        Ok(())
    }
}
