//! The story rules shared by the engine ([`super::Story`]) and the path explorer ([`crate::paths`]):
//! what starting a segment does, which options a choice shows, which one a timeout takes.
//!
//! Both sides keep the story state differently (the engine keeps every variable and every segment
//! seen; the explorer keeps a compact key with only the `seen()` flags that matter), so the rules are
//! written against [`Memory`].

use crate::catalog::{Assignment, Choice, Series};
use crate::expr::{Env, Type, Value};

/// A story state the rules can read and update.
pub(crate) trait Memory {
    /// The current value of variable `name`.
    fn var(&self, name: &str) -> Option<&Value>;
    /// Whether segment (`episode`, `segment`) has been played.
    fn seen(&self, episode: usize, segment: usize) -> bool;
    /// Gives variable `name` a new value.
    fn set_var(&mut self, name: &str, value: Value);
    /// Records that segment (`episode`, `segment`) has been played.
    fn mark_seen(&mut self, episode: usize, segment: usize);
}

/// Resolves a `seen()` reference: `"seg"` in `episode`, or `"ep/seg"` anywhere in the series.
pub(crate) fn resolve(series: &Series, episode: usize, reference: &str) -> Option<(usize, usize)> {
    let (episode, segment_id) = match reference.split_once('/') {
        Some((episode_id, segment_id)) => {
            (series.episodes.iter().position(|e| e.id == episode_id)?, segment_id)
        }
        None => (episode, reference),
    };
    let segment = series.episodes.get(episode)?.segments.iter().position(|s| s.id == segment_id)?;
    Some((episode, segment))
}

/// What an expression written in `episode` sees: relative `seen("seg")` references mean that episode.
struct Scoped<'a, M: ?Sized> {
    series: &'a Series,
    episode: usize,
    memory: &'a M,
}

impl<M: Memory + ?Sized> Env for Scoped<'_, M> {
    fn var(&self, name: &str) -> Option<&Value> {
        self.memory.var(name)
    }

    fn seen(&self, reference: &str) -> bool {
        resolve(self.series, self.episode, reference).is_some_and(|(e, s)| self.memory.seen(e, s))
    }
}

/// Applies `assignments` (written in `episode`) in order, each evaluated against the state as updated
/// by the ones before it.
pub(crate) fn apply_set<M: Memory + ?Sized>(
    series: &Series,
    episode: usize,
    assignments: &[Assignment],
    memory: &mut M,
) {
    for assignment in assignments {
        // Evaluated as the variable's own type, so a catalog that drifted from its checks can never give a
        // variable a value of another type; an undeclared variable is left alone.
        let Some(ty) = memory.var(&assignment.var).map(Value::type_of) else { continue };
        let value = assignment.expr.eval_as(&Scoped { series, episode, memory: &*memory }, ty);
        memory.set_var(&assignment.var, value);
    }
}

/// Starts segment (`episode`, `segment`): marks it seen, then applies its `set` (so a `set` that asks
/// `seen()` of its own segment sees it played).
pub(crate) fn start_segment<M: Memory + ?Sized>(
    series: &Series,
    episode: usize,
    segment: usize,
    memory: &mut M,
) {
    memory.mark_seen(episode, segment);
    if let Some(seg) = series.episodes.get(episode).and_then(|e| e.segments.get(segment)) {
        apply_set(series, episode, &seg.set, memory);
    }
}

/// Indices of the options of `choice` (in a segment of `episode`) whose condition holds now.
pub(crate) fn visible_options<M: Memory + ?Sized>(
    series: &Series,
    episode: usize,
    choice: &Choice,
    memory: &M,
) -> Vec<usize> {
    let env = Scoped { series, episode, memory };
    choice
        .options
        .iter()
        .enumerate()
        .filter(|(_, option)| {
            option.condition.as_ref().is_none_or(|c| c.eval_as(&env, Type::Bool) == Value::Bool(true))
        })
        .map(|(index, _)| index)
        .collect()
}

/// The option a timeout takes: the declared default if it is visible, else the first visible one.
pub(crate) fn default_option(choice: &Choice, visible: &[usize]) -> Option<usize> {
    choice.default.filter(|d| visible.contains(d)).or_else(|| visible.first().copied())
}
