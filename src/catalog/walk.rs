//! The walk over a parsed document: shape, ids, targets, expressions, URLs and limits, every diagnostic
//! in one pass.
//!
//! Each series is indexed first (episode and segment ids to positions), so that a `goto` into a later
//! episode or a `seen("ep/s")` resolves while the walk is still in document order. The walk always
//! finishes and builds a catalog, with placeholders where something was refused; the catalog is handed
//! out only when no error was reported, so a placeholder can never reach the player.

use std::collections::{HashMap, VecDeque};

use super::limits;
use super::path::{Order, Path};
use super::url::{self, Use};
use super::{
    Assignment, Caption, Catalog, Choice, ChoiceOption, Ending, Episode, Location, Segment, Series, Source,
    Target, Text,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::expr::{self, Expr, ExprErrorKind, Type, Value};
use crate::json::{Array, Json, Object};

/// Walks one parsed document, collecting diagnostics.
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

impl Walker {
    /// Walks the whole document.
    ///
    /// # Errors
    /// Every diagnostic, in document order, when any is an error.
    pub(super) fn catalog(mut self, root: &Json) -> Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>> {
        let path = Path::ROOT;
        let Some(object) = self.object(root, &path) else { return self.finish(None) };
        if !self.format(&object, &path) {
            // Another format's rules are unknown: any further finding would be noise.
            return self.finish(None);
        }
        let title = self.optional(&object, &path, "title", Self::text).unwrap_or_default();
        let items =
            self.required(&object, &path, "series", |w, v, p| w.array(v, p, &SERIES)).unwrap_or_default();
        let firsts = Ids::new(items);
        let at = path.key("series");
        let series = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.series(&item, &at.index(i), &firsts))
            .collect();
        self.finish(Some(Catalog { title, series, hash: 0 }))
    }

    fn finish(self, catalog: Option<Catalog>) -> Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut sorted = self.diagnostics;
        // Stable: diagnostics of one segment keep the order they were found in.
        sorted.sort_by_key(|(order, _)| *order);
        let diagnostics = sorted.into_iter().map(|(_, diagnostic)| diagnostic).collect();
        match catalog {
            Some(catalog) if self.errors == 0 => Ok((catalog, diagnostics)),
            _ => Err(diagnostics),
        }
    }

    fn report(&mut self, code: Code, path: &Path, message: impl Into<String>) {
        let diagnostic = Diagnostic::new(code, path.to_string(), message);
        if diagnostic.is_error() {
            self.errors += 1;
        }
        self.diagnostics.push((path.order(), diagnostic));
    }

    fn format(&mut self, object: &Object, path: &Path) -> bool {
        let problem = match object.get("format") {
            Some(value) if value.as_u64() == Some(1) => return true,
            None => "missing `format`".to_owned(),
            Some(Json::Number(number)) => format!("format {number} is not supported"),
            Some(Json::String(text)) => format!("format {} (a string) is not supported", shown(text)),
            Some(other) => format!("`format` must be the number 1, not {}", describe(&other)),
        };
        self.report(Code::BadFormat, &path.key("format"), format!("{problem}; this player reads format 1"));
        false
    }

    fn series(&mut self, value: &Json<'_>, path: &Path, firsts: &Ids<'_>) -> Option<Series> {
        let errors_before = self.errors;
        self.checked.clear();
        let object = self.object(value, path)?;
        let id = self.required(&object, path, "id", Self::id);
        if let Some(id) = id {
            self.unique(id, path, firsts.get(id));
        }
        let title = self.optional(&object, path, "title", Self::text).unwrap_or_default();
        let poster = self.optional(&object, path, "poster", |w, v, p| w.url(v, p, Use::Media));
        let language = self.optional(&object, path, "language", Self::owned);
        let variables = self.optional(&object, path, "variables", Self::variables).unwrap_or_default();
        let types: HashMap<&str, Type> =
            variables.iter().map(|(name, value)| (name.as_str(), value.type_of())).collect();
        let items =
            self.required(&object, path, "episodes", |w, v, p| w.array(v, p, &EPISODES)).unwrap_or_default();
        let index = SeriesIndex::new(items);
        let at = path.key("episodes");
        let episodes = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let scope = ExprScope { types: &types, index: &index, episode: i };
                self.episode(&item, &at.index(i), &scope)
            })
            .collect();
        let series =
            Series { id: id.unwrap_or_default().to_owned(), title, poster, language, variables, episodes };
        // With errors the model's indices may not match the document's, and the warnings would mislead.
        if self.errors == errors_before {
            self.unreachable(&series, path);
        }
        Some(series)
    }

    fn variables(&mut self, value: &Json, path: &Path) -> Option<Vec<(String, Value)>> {
        let object = self.object(value, path)?;
        if object.len() > limits::VARIABLES_PER_SERIES {
            let message =
                over(object.len(), "variables", limits::VARIABLES_PER_SERIES, "VARIABLES_PER_SERIES");
            self.report(Code::TooLarge, path, message);
            return None;
        }
        let mut variables = Vec::with_capacity(object.len());
        for (name, initial) in object.iter() {
            let at = path.key(name);
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
                Json::Bool(flag) => Value::Bool(flag),
                Json::Number(number) => match initial.as_i64() {
                    Some(number) => Value::Int(number),
                    None => {
                        let message = format!("the initial value {number} is not a 64-bit integer");
                        self.report(Code::TypeMismatch, &at, message);
                        continue;
                    }
                },
                Json::String(_) => match self.owned(&initial, &at) {
                    Some(text) => Value::Str(text),
                    None => continue,
                },
                other => {
                    let message = format!(
                        "the initial value must be a boolean, an integer or a string, not {}",
                        describe(&other)
                    );
                    self.report(Code::TypeMismatch, &at, message);
                    continue;
                }
            };
            variables.push((name.to_owned(), value));
        }
        Some(variables)
    }

    fn episode(&mut self, value: &Json, path: &Path, scope: &ExprScope) -> Option<Episode> {
        let object = self.object(value, path)?;
        let id = self.required(&object, path, "id", Self::id);
        if let Some(id) = id {
            self.unique(id, path, scope.index.episodes.get(id));
        }
        let title = self.optional(&object, path, "title", Self::text).unwrap_or_default();
        let locked = self.optional(&object, path, "locked", Self::boolean).unwrap_or(false);
        let poster = self.optional(&object, path, "poster", |w, v, p| w.url(v, p, Use::Media));
        let location = self.optional(&object, path, "location", Self::location);
        let start = self.optional(&object, path, "start", |w, v, p| w.start(v, p, scope)).unwrap_or(0);
        let items =
            self.required(&object, path, "segments", |w, v, p| w.array(v, p, &SEGMENTS)).unwrap_or_default();
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
        let segments = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.segment(&item, &at.index(i), scope))
            .collect();
        Some(Episode {
            id: id.unwrap_or_default().to_owned(),
            title,
            locked,
            start,
            segments,
            poster,
            location,
        })
    }

    fn start(&mut self, value: &Json, path: &Path, scope: &ExprScope) -> Option<usize> {
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

    fn location(&mut self, value: &Json, path: &Path) -> Option<Location> {
        let object = self.object(value, path)?;
        let name = self.required(&object, path, "name", Self::text);
        let url = self.optional(&object, path, "url", |w, v, p| w.url(v, p, Use::Link));
        Some(Location { name: name?, url })
    }

    fn segment(&mut self, value: &Json, path: &Path, scope: &ExprScope) -> Option<Segment> {
        let object = self.object(value, path)?;
        let id = self.required(&object, path, "id", Self::id);
        if let Some(id) = id {
            self.unique(id, path, scope.index.segment(scope.episode, id));
        }
        let sources = self.sources(&object, path);
        let poster = self.optional(&object, path, "poster", |w, v, p| w.url(v, p, Use::Media));
        let duration_ms = self.optional(&object, path, "durationMs", Self::millis);
        let captions = self
            .optional(&object, path, "captions", |w, v, p| {
                let items = w.array(v, p, &CAPTIONS)?;
                Some(items.iter().enumerate().filter_map(|(i, item)| w.caption(&item, &p.index(i))).collect())
            })
            .unwrap_or_default();
        let set = self
            .optional(&object, path, "set", |w, v, p| Some(w.assignments(v, p, scope)))
            .unwrap_or_default();
        let choice = self.optional(&object, path, "choice", |w, v, p| w.choice(v, p, scope));
        let next = self.optional(&object, path, "next", |w, v, p| w.target(v, p, scope));
        let ending = self.optional(&object, path, "ending", Self::ending);
        Some(Segment {
            id: id.unwrap_or_default().to_owned(),
            sources,
            poster,
            duration_ms,
            captions,
            set,
            choice,
            next,
            ending,
        })
    }

    fn sources(&mut self, object: &Object, path: &Path) -> Vec<Source> {
        match (present(object, "src"), present(object, "sources")) {
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
                let src = self.url(&src, &path.key("src"), Use::Media);
                src.map(|src| vec![Source { src, mime: None }]).unwrap_or_default()
            }
            (None, Some(list)) => {
                let at = path.key("sources");
                let items = self.array(&list, &at, &SOURCES).unwrap_or_default();
                items.iter().enumerate().filter_map(|(i, item)| self.source(&item, &at.index(i))).collect()
            }
        }
    }

    fn source(&mut self, value: &Json, path: &Path) -> Option<Source> {
        let object = self.object(value, path)?;
        let src = self.required(&object, path, "src", |w, v, p| w.url(v, p, Use::Media));
        let mime = self.optional(&object, path, "type", Self::owned);
        Some(Source { src: src?, mime })
    }

    fn caption(&mut self, value: &Json, path: &Path) -> Option<Caption> {
        let object = self.object(value, path)?;
        let lang = self.required(&object, path, "lang", Self::owned);
        let label = self.required(&object, path, "label", Self::owned);
        let src = self.required(&object, path, "src", |w, v, p| w.url(v, p, Use::Media));
        Some(Caption { lang: lang?, label: label?, src: src? })
    }

    fn ending(&mut self, value: &Json, path: &Path) -> Option<Ending> {
        let object = self.object(value, path)?;
        let id = self.required(&object, path, "id", Self::id);
        let title = self.required(&object, path, "title", Self::text);
        Some(Ending { id: id?.to_owned(), title: title? })
    }

    fn choice(&mut self, value: &Json, path: &Path, scope: &ExprScope) -> Option<Choice> {
        let object = self.object(value, path)?;
        let at_ms = self.optional(&object, path, "atMs", Self::millis);
        let timeout_ms = self.optional(&object, path, "timeoutMs", Self::millis);
        let default = self.optional(&object, path, "default", Self::millis);
        let prompt = self.optional(&object, path, "prompt", Self::text);
        let items = self.required(&object, path, "options", |w, v, p| w.array(v, p, &OPTIONS));
        let at = path.key("options");
        let options: Vec<ChoiceOption> = items
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.option(&item, &at.index(i), scope))
            .collect();
        let default = match (default, items) {
            (Some(default), Some(items)) => {
                match usize::try_from(default).ok().filter(|d| *d < items.len()) {
                    Some(default) => Some(default),
                    None => {
                        let message = format!(
                            "`default` is {default}, but the choice's {} options are numbered 0 to {}",
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
        Some(Choice { at_ms, timeout_ms, default, prompt, options })
    }

    fn option(&mut self, value: &Json, path: &Path, scope: &ExprScope) -> Option<ChoiceOption> {
        let object = self.object(value, path)?;
        let label = self.required(&object, path, "label", Self::text);
        let goto = self.required(&object, path, "goto", |w, v, p| w.target(v, p, scope));
        let condition =
            self.optional(&object, path, "if", |w, v, p| w.expression(v, p, scope, Expect::Condition));
        let set = self
            .optional(&object, path, "set", |w, v, p| Some(w.assignments(v, p, scope)))
            .unwrap_or_default();
        Some(ChoiceOption { label: label?, goto: goto?, condition, set })
    }

    fn target(&mut self, value: &Json, path: &Path, scope: &ExprScope) -> Option<Target> {
        let object = match value {
            Json::String(segment) => {
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
            Json::Object(object) => object,
            other => {
                let message = format!(
                    "{} must be a segment id, {{ \"episode\": id, \"segment\": id }} or {{ \"end\": true }}, not {}",
                    path.name(),
                    describe(other)
                );
                self.report(Code::BadJson, path, message);
                return None;
            }
        };
        if let Some(end) = present(object, "end") {
            let alone = present(object, "episode").is_none() && present(object, "segment").is_none();
            if matches!(end, Json::Bool(true)) && alone {
                return Some(Target::End);
            }
            self.report(Code::BadJson, path, "an end target is exactly { \"end\": true }");
            return None;
        }
        let episode_id = self.required(object, path, "episode", Self::string)?;
        let segment_id = self.optional(object, path, "segment", Self::string);
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

    fn assignments(&mut self, value: &Json, path: &Path, scope: &ExprScope) -> Vec<Assignment> {
        let Some(object) = self.object(value, path) else { return Vec::new() };
        let mut assignments = Vec::with_capacity(object.len());
        for (var, source) in object.iter() {
            let at = path.key(var);
            let declared = scope.types.get(var).copied();
            if declared.is_none() {
                let message =
                    format!("`set` names {}, which the series does not declare in `variables`", shown(var));
                self.report(Code::UnknownVariable, &at, message);
            }
            let expr = self.expression(&source, &at, scope, Expect::Variable(var, declared));
            if let (Some(expr), Some(_)) = (expr, declared) {
                assignments.push(Assignment { var: var.to_owned(), expr });
            }
        }
        assignments
    }

    fn expression(&mut self, value: &Json, path: &Path, scope: &ExprScope, expect: Expect) -> Option<Expr> {
        let Json::String(source) = value else {
            let message =
                format!("{} must be an expression in a string, not {}", path.name(), describe(value));
            self.report(Code::BadJson, path, message);
            return None;
        };
        if source.len() > limits::EXPRESSION_BYTES {
            let message = over(source.len(), "bytes", limits::EXPRESSION_BYTES, "EXPRESSION_BYTES");
            self.report(Code::TooLarge, path, format!("the expression is {message}"));
            return None;
        }
        let checked = match self.checked.get(*source) {
            Some(hit) => Ok(hit.clone()),
            None => {
                let checked =
                    expr::parse(source).and_then(|expr| expr.check(scope).map(|found| (expr, found)));
                if let Ok(passed) = &checked {
                    if !source.contains("seen") {
                        self.checked.insert((*source).to_owned(), passed.clone());
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

    /// A member that must be present (`null` counts as present, and is then the wrong type).
    fn required<'d, T>(
        &mut self,
        object: &Object<'d>,
        path: &Path,
        key: &str,
        read: impl FnOnce(&mut Self, &Json<'d>, &Path) -> Option<T>,
    ) -> Option<T> {
        let at = path.key(key);
        match object.get(key) {
            Some(value) => read(self, &value, &at),
            None => {
                self.report(Code::BadJson, &at, format!("missing required field `{key}`"));
                None
            }
        }
    }

    /// A member that may be absent or `null`; `None` also when it was refused (and reported).
    fn optional<'d, T>(
        &mut self,
        object: &Object<'d>,
        path: &Path,
        key: &str,
        read: impl FnOnce(&mut Self, &Json<'d>, &Path) -> Option<T>,
    ) -> Option<T> {
        present(object, key).and_then(|value| read(self, &value, &path.key(key)))
    }

    fn wrong_type(&mut self, value: &Json, path: &Path, expected: &str) {
        let message = format!("{} must be {expected}, not {}", path.name(), describe(value));
        self.report(Code::BadJson, path, message);
    }

    fn object<'d>(&mut self, value: &Json<'d>, path: &Path) -> Option<Object<'d>> {
        let object = value.as_object();
        if object.is_none() {
            self.wrong_type(value, path, "an object");
        }
        object
    }

    fn array<'d>(&mut self, value: &Json<'d>, path: &Path, count: &Count) -> Option<Array<'d>> {
        let Some(items) = value.as_array() else {
            self.wrong_type(value, path, "an array");
            return None;
        };
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

    fn string<'d>(&mut self, value: &Json<'d>, path: &Path) -> Option<&'d str> {
        let Some(text) = value.as_str() else {
            self.wrong_type(value, path, "a string");
            return None;
        };
        if text.len() > limits::TEXT_BYTES {
            self.report(Code::TooLarge, path, over(text.len(), "bytes", limits::TEXT_BYTES, "TEXT_BYTES"));
            return None;
        }
        Some(text)
    }

    fn owned(&mut self, value: &Json, path: &Path) -> Option<String> {
        self.string(value, path).map(str::to_owned)
    }

    fn boolean(&mut self, value: &Json, path: &Path) -> Option<bool> {
        let flag = value.as_bool();
        if flag.is_none() {
            self.wrong_type(value, path, "true or false");
        }
        flag
    }

    fn millis(&mut self, value: &Json, path: &Path) -> Option<u64> {
        let number = value.as_u64();
        if number.is_none() {
            self.wrong_type(value, path, "a non-negative integer");
        }
        number
    }

    fn id<'d>(&mut self, value: &Json<'d>, path: &Path) -> Option<&'d str> {
        let Some(id) = value.as_str() else {
            self.wrong_type(value, path, "a string");
            return None;
        };
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

    fn text(&mut self, value: &Json, path: &Path) -> Option<Text> {
        let entries = match value {
            Json::String(_) => return self.owned(value, path).map(Text::Plain),
            Json::Object(entries) => entries,
            other => {
                self.wrong_type(other, path, "a string or an object of language tag to string");
                return None;
            }
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
        let mut localized = Vec::with_capacity(entries.len());
        let mut refused = false;
        for (lang, text) in entries.iter() {
            let at = path.key(lang);
            if lang.is_empty() || lang.len() > 64 {
                self.report(Code::BadJson, &at, format!("{} is not a language tag", shown(lang)));
                refused = true;
            }
            match self.owned(&text, &at) {
                Some(text) => localized.push((lang.to_owned(), text)),
                None => refused = true,
            }
        }
        (!refused).then_some(Text::Localized(localized))
    }

    fn url(&mut self, value: &Json, path: &Path, usage: Use) -> Option<String> {
        let Some(text) = value.as_str() else {
            self.wrong_type(value, path, "a URL string");
            return None;
        };
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
        Some(text.to_owned())
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
    fn new(episodes: Array<'v>) -> Self {
        let segments = episodes
            .iter()
            .map(|episode| {
                let segments = episode.get("segments").and_then(|s| s.as_array()).unwrap_or_default();
                let ids = Ids::new(segments);
                let start =
                    episode.get("start").and_then(|s| s.as_str()).and_then(|s| ids.get(s)).unwrap_or(0);
                EpisodeIndex { ids, start }
            })
            .collect();
        SeriesIndex { episodes: Ids::new(episodes), segments }
    }

    /// The position of segment `id` in episode `episode`.
    fn segment(&self, episode: usize, id: &str) -> Option<usize> {
        self.segments.get(episode).and_then(|indexed| indexed.ids.get(id))
    }
}

/// Each id's first position among a list's elements (elements without a string `id` are skipped).
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
    fn new(items: Array<'v>) -> Self {
        let ids = items.iter().enumerate().filter_map(|(i, item)| Some((item.get("id")?.as_str()?, i)));
        if items.len() > FEW_IDS {
            let mut firsts = HashMap::with_capacity(items.len());
            for (id, i) in ids {
                firsts.entry(id).or_insert(i);
            }
            return Ids::Many(firsts);
        }
        let mut firsts: Vec<(&str, usize)> = Vec::with_capacity(items.len());
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

/// A member that is there and not `null`.
fn present<'d>(object: &Object<'d>, key: &str) -> Option<Json<'d>> {
    object.get(key).filter(|value| !value.is_null())
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

fn describe(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
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
