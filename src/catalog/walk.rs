//! The walk over a read document: required members, ids, targets, expressions, URLs and limits, every
//! diagnostic in one pass.
//!
//! serde has already checked the document's shape (`document.rs`); the walk checks what the values
//! mean. Each series is indexed first (episode and segment ids to positions), so that a `goto` into a
//! later episode or a `seen("ep/s")` resolves while the walk is still in document order. The walk
//! always finishes and builds a catalog, with placeholders where something was refused; the catalog is
//! handed out only when no error was reported, so a placeholder can never reach the player.

use std::collections::{HashMap, VecDeque};

use super::document::{self as doc, Members, Object, Scalar, Str};
use super::limits;
use super::path::{Order, Path};
use super::url::{self, Use};
use super::{
    Assignment, Caption, Catalog, Choice, ChoiceOption, Ending, Episode, Location, Segment, Series, Source,
    Target, Text,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::expr::{self, Expr, ExprErrorKind, Type, Value};

/// Walks one read document, collecting diagnostics.
#[derive(Debug, Default)]
pub(super) struct Walker {
    /// Everything found, with where it sorts.
    diagnostics: Vec<(Order, Diagnostic)>,
    /// How many of `diagnostics` are errors: the catalog is refused when any is.
    errors: usize,
    /// Segments seen so far across all series, against [`limits::SEGMENTS`].
    segments: usize,
    /// The current series' expressions that passed, by source, with their type: a catalog repeats
    /// its expressions, and each distinct one is parsed and checked once. Only expressions without
    /// `seen(…)`, whose check does not depend on the episode they are in.
    checked: HashMap<String, (Expr, Type)>,
}

/// The bounds on an array's length.
struct Count {
    /// Whether an empty array is refused.
    nonempty: bool,
    /// The most elements allowed.
    max: usize,
    /// The name of the limit in [`limits`], for the message.
    limit: &'static str,
}

const SERIES: Count = Count { nonempty: true, max: limits::SERIES, limit: "SERIES" };
const EPISODES: Count =
    Count { nonempty: true, max: limits::EPISODES_PER_SERIES, limit: "EPISODES_PER_SERIES" };
const SEGMENTS: Count =
    Count { nonempty: true, max: limits::SEGMENTS_PER_EPISODE, limit: "SEGMENTS_PER_EPISODE" };
const OPTIONS: Count = Count { nonempty: true, max: limits::OPTIONS, limit: "OPTIONS" };
const CAPTIONS: Count =
    Count { nonempty: false, max: limits::CAPTIONS_PER_SEGMENT, limit: "CAPTIONS_PER_SEGMENT" };
const SOURCES: Count =
    Count { nonempty: true, max: limits::SOURCES_PER_SEGMENT, limit: "SOURCES_PER_SEGMENT" };

/// What an expression's type must be.
#[derive(Clone, Copy)]
enum Expect<'a> {
    /// An `if`: boolean.
    Condition,
    /// A `set` value: the variable's declared type (`None`: undeclared, already reported).
    Variable(&'a str, Option<Type>),
}

/// The `bad-format` diagnostic when `format` is not the number 1.
pub(super) fn format_problem(format: Option<&Scalar>) -> Option<Diagnostic> {
    let problem = match format {
        Some(Scalar::Int(1)) => return None,
        None => "missing `format`".to_owned(),
        Some(Scalar::Int(number)) => format!("format {number} is not supported"),
        Some(Scalar::Number(number)) => format!("format {number} is not supported"),
        Some(Scalar::Str(text)) => format!("format {} (a string) is not supported", shown(text)),
        Some(Scalar::Bool(_)) => "`format` must be the number 1, not a boolean".to_owned(),
        Some(Scalar::Other(kind)) => format!("`format` must be the number 1, not {}", kind.described()),
    };
    let path = Path::ROOT;
    let message = format!("{problem}; this player reads format 1");
    Some(Diagnostic::new(Code::BadFormat, path.key("format").to_string(), message))
}

impl Walker {
    /// Walks the whole document.
    ///
    /// # Errors
    /// Every diagnostic, in document order, when any is an error.
    pub(super) fn catalog(
        mut self,
        document: &doc::Catalog,
    ) -> Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>> {
        if let Some(problem) = format_problem(document.format.as_ref()) {
            // Another format's rules are unknown: any further finding would be noise.
            return Err(vec![problem]);
        }
        let path = Path::ROOT;
        let title = self.optional(document.title.as_ref(), &path, "title", Self::text).unwrap_or_default();
        let items = self
            .required(document.series.as_deref(), &path, "series", |w, v, p| w.array(v, p, &SERIES))
            .unwrap_or_default();
        let firsts = Ids::new(items.iter().map(|s| s.id.as_deref()));
        let at = path.key("series");
        let series =
            items.iter().enumerate().map(|(i, item)| self.series(item, &at.index(i), &firsts)).collect();
        self.finish(Catalog { title, series, hash: 0 })
    }

    fn finish(self, catalog: Catalog) -> Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut sorted = self.diagnostics;
        // Stable: diagnostics of one segment keep the order they were found in.
        sorted.sort_by_key(|(order, _)| *order);
        let diagnostics = sorted.into_iter().map(|(_, diagnostic)| diagnostic).collect();
        if self.errors == 0 {
            Ok((catalog, diagnostics))
        } else {
            Err(diagnostics)
        }
    }

    fn report(&mut self, code: Code, path: &Path, message: impl Into<String>) {
        let diagnostic = Diagnostic::new(code, path.to_string(), message);
        if diagnostic.is_error() {
            self.errors += 1;
        }
        self.diagnostics.push((path.order(), diagnostic));
    }

    fn series(&mut self, object: &doc::Series, path: &Path, firsts: &Ids<'_>) -> Series {
        let errors_before = self.errors;
        self.checked.clear();
        let id = self.required(object.id.as_ref(), path, "id", Self::id);
        if let Some(id) = id {
            self.unique(id, path, firsts.get(id));
        }
        let title = self.optional(object.title.as_ref(), path, "title", Self::text).unwrap_or_default();
        let poster = self.optional(object.poster.as_ref(), path, "poster", |w, v, p| w.url(v, p, Use::Media));
        let language = self.optional(object.language.as_ref(), path, "language", Self::owned);
        let variables =
            self.optional(object.variables.as_ref(), path, "variables", Self::variables).unwrap_or_default();
        let types: HashMap<&str, Type> =
            variables.iter().map(|(name, value)| (name.as_str(), value.type_of())).collect();
        let items = self
            .required(object.episodes.as_deref(), path, "episodes", |w, v, p| w.array(v, p, &EPISODES))
            .unwrap_or_default();
        let index = SeriesIndex::new(items);
        let at = path.key("episodes");
        let episodes = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let scope = ExprScope { types: &types, index: &index, episode: i };
                self.episode(item, &at.index(i), &scope)
            })
            .collect();
        let series =
            Series { id: id.unwrap_or_default().to_owned(), title, poster, language, variables, episodes };
        // With errors the model's indices may not match the document's, and the warnings would mislead.
        if self.errors == errors_before {
            self.unreachable(&series, path);
        }
        series
    }

    fn variables(&mut self, members: &Members<Scalar>, path: &Path) -> Option<Vec<(String, Value)>> {
        let members = &members.0;
        if members.len() > limits::VARIABLES_PER_SERIES {
            let message =
                over(members.len(), "variables", limits::VARIABLES_PER_SERIES, "VARIABLES_PER_SERIES");
            self.report(Code::TooLarge, path, message);
            return None;
        }
        let written_before = written_before(members);
        let mut variables = Vec::with_capacity(members.len());
        for (i, (name, initial)) in members.iter().enumerate() {
            let at = path.key(name);
            if written_before(i) {
                self.twice(name, &at);
                continue;
            }
            if !is_variable_name(name) {
                let message = format!(
                    "{} is not a valid variable name: a letter or `_`, then letters, digits or `_`, at most 64 \
                     in all, and not `true` or `false`",
                    shown(name)
                );
                self.report(Code::BadId, &at, message);
                continue;
            }
            let value = match initial {
                Scalar::Bool(flag) => Value::Bool(*flag),
                Scalar::Int(number) => Value::Int(*number),
                Scalar::Number(number) => {
                    let message = format!("the initial value {number} is not a 64-bit integer");
                    self.report(Code::TypeMismatch, &at, message);
                    continue;
                }
                Scalar::Str(text) => match self.owned(text, &at) {
                    Some(text) => Value::Str(text),
                    None => continue,
                },
                Scalar::Other(kind) => {
                    let message = format!(
                        "the initial value must be a boolean, an integer or a string, not {}",
                        kind.described()
                    );
                    self.report(Code::TypeMismatch, &at, message);
                    continue;
                }
            };
            variables.push((name.to_string(), value));
        }
        Some(variables)
    }

    fn episode(&mut self, object: &doc::Episode, path: &Path, scope: &ExprScope) -> Episode {
        let id = self.required(object.id.as_ref(), path, "id", Self::id);
        if let Some(id) = id {
            self.unique(id, path, scope.index.episodes.get(id));
        }
        let title = self.optional(object.title.as_ref(), path, "title", Self::text).unwrap_or_default();
        let locked = object.locked.unwrap_or(false);
        let poster = self.optional(object.poster.as_ref(), path, "poster", |w, v, p| w.url(v, p, Use::Media));
        let location = self.optional(object.location.as_deref(), path, "location", Self::location);
        let start =
            self.optional(object.start.as_ref(), path, "start", |w, v, p| w.start(v, p, scope)).unwrap_or(0);
        let items = self
            .required(object.segments.as_deref(), path, "segments", |w, v, p| w.array(v, p, &SEGMENTS))
            .unwrap_or_default();
        let before = self.segments;
        self.segments = self.segments.saturating_add(items.len());
        if before <= limits::SEGMENTS && self.segments > limits::SEGMENTS {
            let message = format!(
                "the catalog has more than {} segments in all, the limit (SEGMENTS)",
                limits::SEGMENTS
            );
            self.report(Code::TooLarge, &path.key("segments"), message);
        }
        let at = path.key("segments");
        let segments =
            items.iter().enumerate().map(|(i, item)| self.segment(item, &at.index(i), scope)).collect();
        Episode { id: id.unwrap_or_default().to_owned(), title, locked, start, segments, poster, location }
    }

    fn start(&mut self, value: &Str, path: &Path, scope: &ExprScope) -> Option<usize> {
        let id = self.string(value, path)?;
        let found = scope.index.segment(scope.episode, id);
        if found.is_none() {
            self.report(
                Code::DanglingTarget,
                path,
                format!("`start` names {}, no segment of this episode", shown(id)),
            );
        }
        found
    }

    fn location(&mut self, object: &doc::Location, path: &Path) -> Option<Location> {
        let name = self.required(object.name.as_ref(), path, "name", Self::text);
        let url = self.optional(object.url.as_ref(), path, "url", |w, v, p| w.url(v, p, Use::Link));
        Some(Location { name: name?, url })
    }

    fn segment(&mut self, object: &doc::Segment, path: &Path, scope: &ExprScope) -> Segment {
        let id = self.required(object.id.as_ref(), path, "id", Self::id);
        if let Some(id) = id {
            self.unique(id, path, scope.index.segment(scope.episode, id));
        }
        let sources = self.sources(object, path);
        let poster = self.optional(object.poster.as_ref(), path, "poster", |w, v, p| w.url(v, p, Use::Media));
        let duration_ms = object.duration_ms.map(|ms| ms.0);
        let captions = self
            .optional(object.captions.as_deref(), path, "captions", |w, v, p| {
                let items = w.array(v, p, &CAPTIONS)?;
                Some(items.iter().enumerate().filter_map(|(i, item)| w.caption(item, &p.index(i))).collect())
            })
            .unwrap_or_default();
        let set = self
            .optional(object.set.as_ref(), path, "set", |w, v, p| Some(w.assignments(v, p, scope)))
            .unwrap_or_default();
        let choice = self.optional(object.choice.as_deref(), path, "choice", |w, v, p| w.choice(v, p, scope));
        let next = self.optional(object.next.as_ref(), path, "next", |w, v, p| w.target(v, p, scope));
        let ending = self.optional(object.ending.as_deref(), path, "ending", Self::ending);
        Segment {
            id: id.unwrap_or_default().to_owned(),
            sources,
            poster,
            duration_ms,
            captions,
            set,
            choice,
            next,
            ending,
        }
    }

    fn sources(&mut self, object: &doc::Segment, path: &Path) -> Vec<Source> {
        match (&object.src, &object.sources) {
            (Some(_), Some(_)) => {
                self.report(Code::BadJson, path, "a segment has `src` or `sources`, not both");
                Vec::new()
            }
            (None, None) => {
                self.report(
                    Code::BadJson,
                    path,
                    "a segment needs `src` (one URL) or `sources` (alternatives)",
                );
                Vec::new()
            }
            (Some(src), None) => {
                let src = self.url(src, &path.key("src"), Use::Media);
                src.map(|src| vec![Source { src, mime: None }]).unwrap_or_default()
            }
            (None, Some(list)) => {
                let at = path.key("sources");
                let items = self.array(list, &at, &SOURCES).unwrap_or_default();
                items.iter().enumerate().filter_map(|(i, item)| self.source(item, &at.index(i))).collect()
            }
        }
    }

    fn source(&mut self, object: &doc::Source, path: &Path) -> Option<Source> {
        let src = self.required(object.src.as_ref(), path, "src", |w, v, p| w.url(v, p, Use::Media));
        let mime = self.optional(object.mime.as_ref(), path, "type", Self::owned);
        Some(Source { src: src?, mime })
    }

    fn caption(&mut self, object: &doc::Caption, path: &Path) -> Option<Caption> {
        let lang = self.required(object.lang.as_ref(), path, "lang", Self::owned);
        let label = self.required(object.label.as_ref(), path, "label", Self::owned);
        let src = self.required(object.src.as_ref(), path, "src", |w, v, p| w.url(v, p, Use::Media));
        Some(Caption { lang: lang?, label: label?, src: src? })
    }

    fn ending(&mut self, object: &doc::Ending, path: &Path) -> Option<Ending> {
        let id = self.required(object.id.as_ref(), path, "id", Self::id);
        let title = self.required(object.title.as_ref(), path, "title", Self::text);
        Some(Ending { id: id?.to_owned(), title: title? })
    }

    fn choice(&mut self, object: &doc::Choice, path: &Path, scope: &ExprScope) -> Option<Choice> {
        let prompt = self.optional(object.prompt.as_ref(), path, "prompt", Self::text);
        let items =
            self.required(object.options.as_deref(), path, "options", |w, v, p| w.array(v, p, &OPTIONS));
        let at = path.key("options");
        let options: Vec<ChoiceOption> = items
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.option(item, &at.index(i), scope))
            .collect();
        let default = match (object.default, items) {
            (Some(default), Some(items)) => {
                match usize::try_from(default.0).ok().filter(|d| *d < items.len()) {
                    Some(default) => Some(default),
                    None => {
                        let message = format!(
                            "`default` is {}, but the choice's {} options are numbered 0 to {}",
                            default.0,
                            items.len(),
                            items.len().saturating_sub(1)
                        );
                        self.report(Code::DefaultOutOfRange, &path.key("default"), message);
                        None
                    }
                }
            }
            _ => None,
        };
        Some(Choice {
            at_ms: object.at_ms.map(|ms| ms.0),
            timeout_ms: object.timeout_ms.map(|ms| ms.0),
            default,
            prompt,
            options,
        })
    }

    fn option(&mut self, object: &doc::ChoiceOption, path: &Path, scope: &ExprScope) -> Option<ChoiceOption> {
        let label = self.required(object.label.as_ref(), path, "label", Self::text);
        let goto = self.required(object.goto.as_ref(), path, "goto", |w, v, p| w.target(v, p, scope));
        let condition = self.optional(object.condition.as_ref(), path, "if", |w, v, p| {
            w.expression(v, p, scope, Expect::Condition)
        });
        let set = self
            .optional(object.set.as_ref(), path, "set", |w, v, p| Some(w.assignments(v, p, scope)))
            .unwrap_or_default();
        Some(ChoiceOption { label: label?, goto: goto?, condition, set })
    }

    fn target(&mut self, value: &doc::Target, path: &Path, scope: &ExprScope) -> Option<Target> {
        let object = match value {
            doc::Target::Id(segment) => {
                let found = scope.index.segment(scope.episode, segment);
                if found.is_none() {
                    self.report(
                        Code::DanglingTarget,
                        path,
                        format!("no segment {} in this episode", shown(segment)),
                    );
                }
                return found.map(|segment| Target::Segment { episode: scope.episode, segment });
            }
            doc::Target::Object(object) => object,
        };
        if let Some(end) = object.end {
            if end && object.episode.is_none() && object.segment.is_none() {
                return Some(Target::End);
            }
            self.report(Code::BadJson, path, "an end target is exactly { \"end\": true }");
            return None;
        }
        let episode_id = self.required(object.episode.as_ref(), path, "episode", Self::string)?;
        let segment_id = self.optional(object.segment.as_ref(), path, "segment", Self::string);
        let Some(episode) = scope.index.episodes.get(episode_id) else {
            let message = format!("no episode {} in this series", shown(episode_id));
            self.report(Code::DanglingTarget, &path.key("episode"), message);
            return None;
        };
        let indexed = scope.index.segments.get(episode)?;
        let Some(segment_id) = segment_id else {
            return Some(Target::Segment { episode, segment: indexed.start });
        };
        let found = indexed.ids.get(segment_id).map(|segment| Target::Segment { episode, segment });
        if found.is_none() {
            let message = format!("no segment {} in episode {}", shown(segment_id), shown(episode_id));
            self.report(Code::DanglingTarget, &path.key("segment"), message);
        }
        found
    }

    fn assignments(&mut self, members: &Members<Str>, path: &Path, scope: &ExprScope) -> Vec<Assignment> {
        let members = &members.0;
        let written_before = written_before(members);
        let mut assignments = Vec::with_capacity(members.len());
        for (i, (var, source)) in members.iter().enumerate() {
            let at = path.key(var);
            if written_before(i) {
                self.twice(var, &at);
                continue;
            }
            let declared = scope.types.get(&**var).copied();
            if declared.is_none() {
                let message =
                    format!("`set` names {}, which the series does not declare in `variables`", shown(var));
                self.report(Code::UnknownVariable, &at, message);
            }
            let expr = self.expression(source, &at, scope, Expect::Variable(var, declared));
            if let (Some(expr), Some(_)) = (expr, declared) {
                assignments.push(Assignment { var: var.to_string(), expr });
            }
        }
        assignments
    }

    fn expression(&mut self, source: &Str, path: &Path, scope: &ExprScope, expect: Expect) -> Option<Expr> {
        let source: &str = source;
        if source.len() > limits::EXPRESSION_BYTES {
            let message = over(source.len(), "bytes", limits::EXPRESSION_BYTES, "EXPRESSION_BYTES");
            self.report(Code::TooLarge, path, format!("the expression is {message}"));
            return None;
        }
        let checked = match self.checked.get(source) {
            Some(hit) => Ok(hit.clone()),
            None => {
                let checked =
                    expr::parse(source).and_then(|expr| expr.check(scope).map(|found| (expr, found)));
                if let Ok(passed) = &checked {
                    if !source.contains("seen") {
                        self.checked.insert(source.to_owned(), passed.clone());
                    }
                }
                checked
            }
        };
        let (expr, found) = match checked {
            Ok(checked) => checked,
            Err(error) => {
                let code = match error.kind {
                    ExprErrorKind::UnknownVariable => Code::UnknownVariable,
                    ExprErrorKind::UnknownSegment => Code::DanglingTarget,
                    ExprErrorKind::TypeMismatch => Code::TypeMismatch,
                    // Syntax, and any kind added later: the expression is not one this loader accepts.
                    _ => Code::BadExpression,
                };
                self.report(code, path, error.message);
                return None;
            }
        };
        let mismatch = match expect {
            Expect::Condition if found != Type::Bool => {
                Some(format!("a condition must be a boolean, but {} is {}", shown(source), a_type(found)))
            }
            Expect::Variable(var, Some(declared)) if found != declared => Some(format!(
                "{} is {}, but {} is {}",
                shown(var),
                a_type(declared),
                shown(source),
                a_type(found)
            )),
            Expect::Condition | Expect::Variable(..) => None,
        };
        match mismatch {
            Some(message) => {
                self.report(Code::TypeMismatch, path, message);
                None
            }
            None => Some(expr),
        }
    }

    /// Warns about every segment that no path from any episode's start reaches: the feed can enter a
    /// series at any episode, so every start is a root.
    fn unreachable(&mut self, series: &Series, path: &Path) {
        let mut reached: Vec<Vec<bool>> =
            series.episodes.iter().map(|e| vec![false; e.segments.len()]).collect();
        let mut queue: VecDeque<(usize, usize)> =
            series.episodes.iter().enumerate().map(|(e, episode)| (e, episode.start)).collect();
        while let Some((e, s)) = queue.pop_front() {
            match reached.get_mut(e).and_then(|flags| flags.get_mut(s)) {
                Some(flag) if !*flag => *flag = true,
                _ => continue,
            }
            let Some(segment) = series.episodes.get(e).and_then(|episode| episode.segments.get(s)) else {
                continue;
            };
            let options =
                segment.choice.iter().flat_map(|choice| choice.options.iter().map(|option| &option.goto));
            for target in segment.next.iter().chain(options) {
                if let Target::Segment { episode, segment } = *target {
                    queue.push_back((episode, segment));
                }
            }
        }
        let episodes = path.key("episodes");
        for (e, (flags, episode)) in reached.iter().zip(&series.episodes).enumerate() {
            let episode_path = episodes.index(e);
            let segments = episode_path.key("segments");
            for (s, (_, segment)) in
                flags.iter().zip(&episode.segments).enumerate().filter(|(_, (flag, _))| !**flag)
            {
                let message =
                    format!("segment {} is never reached from any episode's start", shown(&segment.id));
                self.report(Code::UnreachableSegment, &segments.index(s), message);
            }
        }
    }

    // Readers of single values: each reports what is wrong with the value at `path` and returns `None`.

    /// A member that must be present (`null` counts as absent).
    fn required<'v, V: ?Sized, T>(
        &mut self,
        value: Option<&'v V>,
        path: &Path,
        key: &str,
        read: impl FnOnce(&mut Self, &'v V, &Path) -> Option<T>,
    ) -> Option<T> {
        let at = path.key(key);
        match value {
            Some(value) => read(self, value, &at),
            None => {
                self.report(Code::BadJson, &at, format!("missing required field `{key}`"));
                None
            }
        }
    }

    /// A member that may be absent or `null`; `None` also when it was refused (and reported).
    fn optional<'v, V: ?Sized, T>(
        &mut self,
        value: Option<&'v V>,
        path: &Path,
        key: &str,
        read: impl FnOnce(&mut Self, &'v V, &Path) -> Option<T>,
    ) -> Option<T> {
        value.and_then(|value| read(self, value, &path.key(key)))
    }

    /// A name written a second time in an object of names (the first one counts).
    fn twice(&mut self, name: &str, path: &Path) {
        let message = format!("{} is written twice in this object; a name may appear once", shown(name));
        self.report(Code::BadJson, path, message);
    }

    fn array<'v, T>(
        &mut self,
        items: &'v [Object<T>],
        path: &Path,
        count: &Count,
    ) -> Option<&'v [Object<T>]> {
        if count.nonempty && items.is_empty() {
            self.report(
                Code::BadJson,
                path,
                format!("{} is empty; it needs at least one entry", path.name()),
            );
            return None;
        }
        if items.len() > count.max {
            self.report(Code::TooLarge, path, over(items.len(), "entries", count.max, count.limit));
            return None;
        }
        Some(items)
    }

    fn string<'d>(&mut self, value: &'d Str, path: &Path) -> Option<&'d str> {
        if value.len() > limits::TEXT_BYTES {
            self.report(Code::TooLarge, path, over(value.len(), "bytes", limits::TEXT_BYTES, "TEXT_BYTES"));
            return None;
        }
        Some(value)
    }

    fn owned(&mut self, value: &Str, path: &Path) -> Option<String> {
        self.string(value, path).map(str::to_owned)
    }

    fn id<'d>(&mut self, id: &'d Str, path: &Path) -> Option<&'d str> {
        let valid = (1..=64).contains(&id.len())
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !valid {
            let message = format!("{} is not a valid id: 1 to 64 letters, digits, `_` or `-`", shown(id));
            self.report(Code::BadId, path, message);
            return None;
        }
        Some(id)
    }

    /// Reports `id` at `path` (an element of an array) when an earlier element, at `first`, already
    /// has it.
    fn unique(&mut self, id: &str, path: &Path, first: Option<usize>) {
        match first {
            Some(first) if Some(first) != path.position() => {
                let message = format!("id {} is already used at {}", shown(id), path.sibling(first));
                self.report(Code::DuplicateId, &path.key("id"), message);
            }
            _ => {}
        }
    }

    fn text(&mut self, value: &doc::Text, path: &Path) -> Option<Text> {
        let entries = match value {
            doc::Text::Plain(text) => return self.owned(text, path).map(Text::Plain),
            doc::Text::Localized(entries) => &entries.0,
        };
        if entries.is_empty() {
            self.report(Code::BadJson, path, format!("{} has no language entry", path.name()));
            return None;
        }
        if entries.len() > limits::LANGUAGES_PER_TEXT {
            let message = over(entries.len(), "languages", limits::LANGUAGES_PER_TEXT, "LANGUAGES_PER_TEXT");
            self.report(Code::TooLarge, path, message);
            return None;
        }
        let written_before = written_before(entries);
        let mut localized = Vec::with_capacity(entries.len());
        let mut refused = false;
        for (i, (lang, text)) in entries.iter().enumerate() {
            let at = path.key(lang);
            if written_before(i) {
                self.twice(lang, &at);
                refused = true;
                continue;
            }
            if lang.is_empty() || lang.len() > 64 {
                self.report(Code::BadJson, &at, format!("{} is not a language tag", shown(lang)));
                refused = true;
            }
            match self.owned(text, &at) {
                Some(text) => localized.push((lang.to_string(), text)),
                None => refused = true,
            }
        }
        (!refused).then_some(Text::Localized(localized))
    }

    fn url(&mut self, text: &Str, path: &Path, usage: Use) -> Option<String> {
        if text.len() > limits::URL_BYTES {
            self.report(
                Code::TooLarge,
                path,
                format!("the URL is {}", over(text.len(), "bytes", limits::URL_BYTES, "URL_BYTES")),
            );
            return None;
        }
        if text.trim().is_empty() {
            self.report(Code::BadJson, path, format!("{} is an empty URL", path.name()));
            return None;
        }
        if let Some(message) = url::refusal(text, usage) {
            self.report(Code::UnsafeUrl, path, message);
            return None;
        }
        Some(text.to_string())
    }
}

/// Positions of a series' episodes and segments by id, built before the series is walked so that
/// targets and `seen()` resolve forward as well as backward.
struct SeriesIndex<'v> {
    /// Episode id → position of its first occurrence.
    episodes: Ids<'v>,
    /// By episode position: its segments.
    segments: Vec<EpisodeIndex<'v>>,
}

/// One episode's segments by id.
struct EpisodeIndex<'v> {
    /// Segment id → position of its first occurrence.
    ids: Ids<'v>,
    /// Position of the entry segment (the first when `start` is absent or does not resolve).
    start: usize,
}

impl<'v> SeriesIndex<'v> {
    fn new(episodes: &'v [Object<doc::Episode<'_>>]) -> Self {
        let segments = episodes
            .iter()
            .map(|episode| {
                let segments = episode.segments.as_deref().unwrap_or_default();
                let ids = Ids::new(segments.iter().map(|s| s.id.as_deref()));
                let start = episode.start.as_deref().and_then(|s| ids.get(s)).unwrap_or(0);
                EpisodeIndex { ids, start }
            })
            .collect();
        SeriesIndex { episodes: Ids::new(episodes.iter().map(|e| e.id.as_deref())), segments }
    }

    /// The position of segment `id` in episode `episode`.
    fn segment(&self, episode: usize, id: &str) -> Option<usize> {
        self.segments.get(episode).and_then(|indexed| indexed.ids.get(id))
    }
}

/// Each id's first position among a list's elements (elements without an `id` are skipped).
///
/// Most lists are an episode's few segments: those are searched in place, which costs less than
/// building and hashing into a map for each of thousands of episodes.
enum Ids<'v> {
    Few(Vec<(&'v str, usize)>),
    Many(HashMap<&'v str, usize>),
}

/// Lists longer than this get a hash map.
const FEW_IDS: usize = 16;

impl<'v> Ids<'v> {
    fn new(ids: impl ExactSizeIterator<Item = Option<&'v str>>) -> Self {
        let len = ids.len();
        let ids = ids.enumerate().filter_map(|(i, id)| Some((id?, i)));
        if len > FEW_IDS {
            let mut firsts = HashMap::with_capacity(len);
            for (id, i) in ids {
                firsts.entry(id).or_insert(i);
            }
            return Ids::Many(firsts);
        }
        let mut firsts: Vec<(&str, usize)> = Vec::with_capacity(len);
        for (id, i) in ids {
            if !firsts.iter().any(|&(seen, _)| seen == id) {
                firsts.push((id, i));
            }
        }
        Ids::Few(firsts)
    }

    /// The first position of `id`.
    fn get(&self, id: &str) -> Option<usize> {
        match self {
            Ids::Few(firsts) => firsts.iter().find(|&&(seen, _)| seen == id).map(|&(_, i)| i),
            Ids::Many(firsts) => firsts.get(id).copied(),
        }
    }
}

/// For the members of an object of names: whether member `i`'s name was written by an earlier one.
fn written_before<'m, T>(members: &'m [(Str<'_>, T)]) -> impl Fn(usize) -> bool + 'm {
    let many = (members.len() > FEW_IDS).then(|| Ids::new(members.iter().map(|(name, _)| Some(&**name))));
    move |i| {
        let Some((name, _)) = members.get(i) else { return false };
        match &many {
            Some(firsts) => firsts.get(name) != Some(i),
            None => members[..i].iter().any(|(earlier, _)| earlier == name),
        }
    }
}

/// What expressions in one episode may name.
struct ExprScope<'a, 'v> {
    /// The series' variables and their declared types.
    types: &'a HashMap<&'a str, Type>,
    /// The series' ids.
    index: &'a SeriesIndex<'v>,
    /// Position of the episode being walked, for `seen("segment")` and plain `goto` ids.
    episode: usize,
}

impl expr::Scope for ExprScope<'_, '_> {
    fn var_type(&self, name: &str) -> Option<Type> {
        self.types.get(name).copied()
    }

    fn has_segment(&self, reference: &str) -> bool {
        let (episode, segment) = match reference.split_once('/') {
            Some((episode, segment)) => (self.index.episodes.get(episode), segment),
            None => (Some(self.episode), reference),
        };
        episode.and_then(|e| self.index.segment(e, segment)).is_some()
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*`, at most 64 bytes, not a boolean literal.
fn is_variable_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    let first = bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    first
        && name.len() <= 64
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !matches!(name, "true" | "false")
}

fn a_type(ty: Type) -> &'static str {
    match ty {
        Type::Bool => "a boolean",
        Type::Int => "an integer",
        Type::Str => "a string",
    }
}

/// `12 entries, over the limit of 9 (OPTIONS)`.
fn over(found: usize, unit: &str, max: usize, limit: &str) -> String {
    format!("{found} {unit}, over the limit of {max} ({limit})")
}

/// A document string as a message quotes it: escaped (no control character reaches a terminal) and cut
/// to 64 characters.
fn shown(text: &str) -> String {
    let cut: String = text.chars().take(64).collect();
    if cut.len() < text.len() {
        format!("{cut:?}…")
    } else {
        format!("{cut:?}")
    }
}
