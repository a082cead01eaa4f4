//! The story engine of one series: position, variables, choices and their timers, endings, history.
//!
//! The engine never reads a clock and never plays anything: each input (`enter`, `media_time`,
//! `segment_ended`, `tick`, `choose`, `rewind`) returns the [`Step`]s that happened, in order, and the
//! session turns them into commands. Every method takes the catalog it was built for; given another one
//! it stays consistent (it never panics, the position always names an existing segment) but plays
//! nonsense.

pub mod progress;
mod rules;
pub mod save;
mod seen;

use std::collections::BTreeMap;
use std::fmt;

pub(crate) use rules::{apply_set, default_option, resolve, start_segment, visible_options, Memory};
pub use seen::Seen;

use crate::catalog::{Catalog, Segment, Series, Target};
use crate::command::Via;
use crate::expr::Value;

/// How many choice points [`Story::rewind`] can go back through; older ones are forgotten, so a story
/// that loops for hours keeps a bounded history (and a bounded save).
pub const MAX_HISTORY: usize = 256;

/// Story state: what the expressions see.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    /// Every declared variable with its current value.
    pub vars: BTreeMap<String, Value>,
    /// Segments played, in the order first played.
    pub seen: Seen,
}

impl State {
    /// This state as a point of the story's path to come back to.
    fn mark(&self) -> Mark {
        Mark { vars: self.vars.clone(), seen: self.seen.len() }
    }

    /// Back to `mark`, taken earlier on the same path.
    fn restore(&mut self, mark: Mark) {
        self.vars = mark.vars;
        self.seen.truncate(mark.seen);
    }
}

/// The story state at a point of the path: the variables, and how many segments had been seen then
/// (see [`Seen`]). A copy of the variables only: a long story's choice points stay small.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mark {
    vars: BTreeMap<String, Value>,
    seen: usize,
}

impl Memory for State {
    fn var(&self, name: &str) -> Option<&Value> {
        self.vars.get(name)
    }

    fn seen(&self, episode: usize, segment: usize) -> bool {
        self.seen.contains(episode, segment)
    }

    fn set_var(&mut self, name: &str, value: Value) {
        self.vars.insert(name.to_owned(), value);
    }

    fn mark_seen(&mut self, episode: usize, segment: usize) {
        self.seen.insert(episode, segment);
    }
}

/// A choice that is open now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenChoice {
    /// Indices of the visible options, in display order.
    pub visible: Vec<usize>,
    /// Option taken on timeout (visible), if any.
    pub default: Option<usize>,
    /// `now_ms` at which the default is taken; `None`: no timer.
    pub deadline_ms: Option<u64>,
}

/// What the story did, in order; the session turns these into commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A segment started playing (its `set` effects are applied).
    SegmentStarted {
        /// Episode index in the series.
        episode: usize,
        /// Segment index in the episode.
        segment: usize,
    },
    /// The current segment's choice opened: see [`Story::open_choice`].
    ChoiceOpened,
    /// A choice was taken.
    ChoiceTaken {
        /// Option index.
        index: usize,
        /// How.
        via: Via,
    },
    /// An ending was reached. Emitted every time an ending segment starts, not only the first time,
    /// so the viewer sees the ending card again after a rewind; [`Story::endings_found`] lists each
    /// ending once.
    EndingReached {
        /// Ending id.
        id: String,
    },
    /// The episode ended with nowhere to go in it: the feed moves on.
    EpisodeFinished,
    /// The episode entered is locked; nothing plays.
    Locked {
        /// Episode index.
        episode: usize,
    },
}

/// Why a story operation was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryError {
    /// No choice is open, or the index is not a visible option.
    NoSuchOption(usize),
    /// There is no choice point to rewind to.
    NothingToRewind,
}

impl fmt::Display for StoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoryError::NoSuchOption(index) => {
                write!(f, "option {index} is not a visible option of an open choice")
            }
            StoryError::NothingToRewind => f.write_str("there is no choice point to rewind to"),
        }
    }
}

impl std::error::Error for StoryError {}

/// Where the choice of the playing segment stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ChoicePhase {
    /// The segment has a choice that has not opened yet.
    Pending,
    /// The choice is open.
    Open(OpenChoice),
    /// No choice: the segment has none, or it had no visible option when it came to open.
    Closed,
}

/// The segment playing now.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Playing {
    episode: usize,
    segment: usize,
    /// The state just before this segment started: what a choice here puts in its checkpoint.
    entry: Mark,
    choice: ChoicePhase,
    /// The last media time reported for this segment: where a resume seeks to.
    media_ms: u64,
}

/// A choice point to rewind to: the segment holding the choice and the state just before it started.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Checkpoint {
    episode: usize,
    segment: usize,
    entry: Mark,
}

/// The story of one series.
#[derive(Debug, Clone)]
pub struct Story {
    series: usize,
    state: State,
    playing: Option<Playing>,
    history: Vec<Checkpoint>,
    endings: Vec<String>,
    /// Episodes the catalog locks, ascending, known here so that [`Story::unlock`] needs no catalog.
    lockable: Vec<usize>,
    /// Episodes the host has unlocked (only ones the catalog locks), ascending. Sorted vectors, not
    /// sets: a few entries, and one B-tree type less in the wasm.
    unlocked: Vec<usize>,
}

impl Story {
    /// A fresh story for series `series` of `catalog`: initial variables, nothing seen, nothing playing.
    /// A series index the catalog lacks gives a story with no variables in which nothing ever plays.
    pub fn new(catalog: &Catalog, series: usize) -> Story {
        // Filled by insertion: collecting into a B-tree ships a sort per element type.
        let mut vars = BTreeMap::new();
        let mut lockable = Vec::new();
        if let Some(s) = catalog.series.get(series) {
            for (name, value) in &s.variables {
                vars.insert(name.clone(), value.clone());
            }
            lockable.extend(s.episodes.iter().enumerate().filter(|(_, e)| e.locked).map(|(i, _)| i));
        }
        Story {
            series,
            state: State { vars, seen: Seen::default() },
            playing: None,
            history: Vec::new(),
            endings: Vec::new(),
            lockable,
            unlocked: Vec::new(),
        }
    }

    /// The index of the series this story belongs to.
    pub fn series(&self) -> usize {
        self.series
    }

    /// Starts `episode` at its start segment. A locked episode (not unlocked) gives `[Locked]` and
    /// leaves nothing playing; an episode the series lacks gives no steps and changes nothing.
    pub fn enter(&mut self, c: &Catalog, episode: usize, now_ms: u64) -> Vec<Step> {
        // Entering plays the segment from its start: nothing is timed yet.
        let _ = now_ms;
        let Some(start) = self.series_of(c).and_then(|s| s.episodes.get(episode)).map(|e| e.start) else {
            return Vec::new();
        };
        self.go(c, Some(Target::Segment { episode, segment: start }))
    }

    /// Shows `episode` again without replaying what already happened: when the story's position is in
    /// that episode (a story restored by [`Story::from_snapshot`], or one the viewer swiped back to),
    /// the segment plays again with its choice not open yet, from [`Story::media_ms`] (where it was
    /// left: the session seeks there), and its `set` is *not* applied a second time; otherwise this is
    /// [`Story::enter`].
    pub fn resume(&mut self, c: &Catalog, episode: usize, now_ms: u64) -> Vec<Step> {
        let locked = self.is_locked(c, episode);
        let series = self.series_of(c);
        match &mut self.playing {
            Some(playing) if playing.episode == episode && !locked => {
                let has_choice =
                    segment_of(series, playing.episode, playing.segment).is_some_and(|s| s.choice.is_some());
                playing.choice = if has_choice { ChoicePhase::Pending } else { ChoicePhase::Closed };
                vec![Step::SegmentStarted { episode, segment: playing.segment }]
            }
            _ => self.enter(c, episode, now_ms),
        }
    }

    /// The playing segment reached media time `media_ms`: opens its choice once `media_ms` reaches the
    /// choice's `at_ms`.
    pub fn media_time(&mut self, c: &Catalog, media_ms: u64, now_ms: u64) -> Vec<Step> {
        if let Some(playing) = &mut self.playing {
            playing.media_ms = media_ms;
        }
        let due = self.playing.as_ref().is_some_and(|p| {
            p.choice == ChoicePhase::Pending
                && segment_of(self.series_of(c), p.episode, p.segment)
                    .and_then(|s| s.choice.as_ref())
                    .and_then(|choice| choice.at_ms)
                    .is_some_and(|at| media_ms >= at)
        });
        if due && self.open(c, now_ms) {
            vec![Step::ChoiceOpened]
        } else {
            Vec::new()
        }
    }

    /// The playing segment reached its end: a choice not opened yet opens now (the video holds its
    /// last frame), an open choice keeps waiting, otherwise the story follows the segment's `next` or
    /// finishes the episode.
    pub fn segment_ended(&mut self, c: &Catalog, now_ms: u64) -> Vec<Step> {
        let Some(playing) = &self.playing else {
            return Vec::new();
        };
        match playing.choice {
            ChoicePhase::Open(_) => return Vec::new(),
            ChoicePhase::Pending => {
                if self.open(c, now_ms) {
                    return vec![Step::ChoiceOpened];
                }
            }
            ChoicePhase::Closed => {}
        }
        let next =
            self.playing.as_ref().and_then(|p| segment_of(self.series_of(c), p.episode, p.segment)?.next);
        self.go(c, next)
    }

    /// Time passed: takes the default option (as [`Via::Timeout`]) once the open choice's deadline is
    /// reached.
    pub fn tick(&mut self, c: &Catalog, now_ms: u64) -> Vec<Step> {
        let due = self
            .open_choice()
            .filter(|open| open.deadline_ms.is_some_and(|deadline| now_ms >= deadline))
            .and_then(|open| open.default);
        match due {
            // Only a catalog other than this story's can refuse its own default: then nothing happens.
            Some(index) => self.choose(c, index, Via::Timeout, now_ms).unwrap_or_default(),
            None => Vec::new(),
        }
    }

    /// Takes visible option `index` of the open choice: records a checkpoint to rewind to, applies the
    /// option's `set`, and goes to its target at once.
    ///
    /// # Errors
    /// [`StoryError::NoSuchOption`] when no choice is open or `index` is not one of its visible options;
    /// the story is unchanged.
    pub fn choose(
        &mut self,
        c: &Catalog,
        index: usize,
        via: Via,
        now_ms: u64,
    ) -> Result<Vec<Step>, StoryError> {
        // The target starts from its beginning: nothing is timed until its media reports a time.
        let _ = now_ms;
        let series = self.series_of(c);
        let Some(playing) = &self.playing else {
            return Err(StoryError::NoSuchOption(index));
        };
        let ChoicePhase::Open(open) = &playing.choice else {
            return Err(StoryError::NoSuchOption(index));
        };
        let option = segment_of(series, playing.episode, playing.segment)
            .and_then(|s| s.choice.as_ref())
            .and_then(|choice| choice.options.get(index))
            .filter(|_| open.visible.contains(&index));
        let (Some(series), Some(option)) = (series, option) else {
            return Err(StoryError::NoSuchOption(index));
        };
        let checkpoint =
            Checkpoint { episode: playing.episode, segment: playing.segment, entry: playing.entry.clone() };
        let episode = playing.episode;
        self.push_checkpoint(checkpoint);
        apply_set(series, episode, &option.set, &mut self.state);
        let mut steps = vec![Step::ChoiceTaken { index, via }];
        steps.extend(self.go(c, Some(option.goto)));
        Ok(steps)
    }

    /// Back to the last choice point: the state is restored as it was before that segment started and
    /// the segment starts again (its `set` re-applied), so the story stands exactly where the choice
    /// was offered. Endings found and unlocks are kept.
    ///
    /// # Errors
    /// [`StoryError::NothingToRewind`] when no choice has been taken (or the history is used up).
    pub fn rewind(&mut self, c: &Catalog, now_ms: u64) -> Result<Vec<Step>, StoryError> {
        // As in `choose`: the restarted segment is timed by its media, not by now.
        let _ = now_ms;
        let checkpoint = self.history.pop().ok_or(StoryError::NothingToRewind)?;
        self.state.restore(checkpoint.entry);
        Ok(self.go(c, Some(Target::Segment { episode: checkpoint.episode, segment: checkpoint.segment })))
    }

    /// The host unlocked `episode`. Returns `true` if it was locked (the catalog locks it and it was not
    /// unlocked yet); unlocking an episode that is not locked changes nothing.
    pub fn unlock(&mut self, episode: usize) -> bool {
        if self.lockable.binary_search(&episode).is_err() {
            return false;
        }
        match self.unlocked.binary_search(&episode) {
            Ok(_) => false,
            Err(at) => {
                self.unlocked.insert(at, episode);
                true
            }
        }
    }

    /// Whether `episode` is locked: the catalog locks it and the host has not unlocked it.
    pub fn is_locked(&self, c: &Catalog, episode: usize) -> bool {
        self.series_of(c).and_then(|s| s.episodes.get(episode)).is_some_and(|e| e.locked)
            && self.unlocked.binary_search(&episode).is_err()
    }

    /// The (episode, segment) playing now; `None` before the first `enter`, on a lock screen, and
    /// after the episode finished.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.playing.as_ref().map(|p| (p.episode, p.segment))
    }

    /// The last media time reported (by [`Story::media_time`]) for the segment playing now, or the
    /// one a save restored: where [`Story::resume`] continues. 0 for a segment just started.
    pub fn media_ms(&self) -> Option<u64> {
        self.playing.as_ref().map(|p| p.media_ms)
    }

    /// The choice open now, if any.
    pub fn open_choice(&self) -> Option<&OpenChoice> {
        match &self.playing.as_ref()?.choice {
            ChoicePhase::Open(open) => Some(open),
            ChoicePhase::Pending | ChoicePhase::Closed => None,
        }
    }

    /// Segments that may play next, most likely first, for preloading: the visible targets of the
    /// playing segment's choice (open, or not open yet and evaluated now), the default first, then the
    /// segment's `next`. Each segment appears once.
    pub fn upcoming(&self, c: &Catalog) -> Vec<(usize, usize)> {
        let Some(playing) = &self.playing else {
            return Vec::new();
        };
        let series = self.series_of(c);
        let Some(segment) = segment_of(series, playing.episode, playing.segment) else {
            return Vec::new();
        };
        let mut targets = Vec::new();
        if let (Some(series), Some(choice)) = (series, &segment.choice) {
            let (visible, default) = match &playing.choice {
                ChoicePhase::Open(open) => (open.visible.clone(), open.default),
                ChoicePhase::Pending => {
                    let visible = visible_options(series, playing.episode, choice, &self.state);
                    let default = default_option(choice, &visible);
                    (visible, default)
                }
                ChoicePhase::Closed => (Vec::new(), None),
            };
            let mut options = Vec::new();
            options.extend(default);
            options.extend(visible.into_iter().filter(|&i| Some(i) != default));
            targets.extend(options.iter().filter_map(|&i| choice.options.get(i)).map(|o| o.goto));
        }
        targets.extend(segment.next);
        let mut upcoming = Vec::new();
        for target in targets {
            if let Target::Segment { episode, segment } = target {
                if !upcoming.contains(&(episode, segment)) {
                    upcoming.push((episode, segment));
                }
            }
        }
        upcoming
    }

    /// The endings of this series found so far, in the order first reached, each once.
    pub fn endings_found(&self) -> &[String] {
        &self.endings
    }

    /// Whether there is a choice point to rewind to.
    pub fn can_rewind(&self) -> bool {
        !self.history.is_empty()
    }

    /// The story state: variables and segments seen.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Moves the open choice's deadline `ms` later: its countdown stood still that long.
    pub fn postpone(&mut self, ms: u64) {
        if let Some(Playing { choice: ChoicePhase::Open(open), .. }) = &mut self.playing {
            open.deadline_ms = open.deadline_ms.map(|deadline| deadline.saturating_add(ms));
        }
    }

    /// The open choice's deadline (`now_ms` at which [`Story::tick`] takes the default), if any.
    pub fn deadline(&self) -> Option<u64> {
        self.open_choice()?.deadline_ms
    }

    fn series_of<'c>(&self, c: &'c Catalog) -> Option<&'c Series> {
        c.series.get(self.series)
    }

    /// Follows `target` (`None`: the segment had no `next`): starts the segment, stops at the lock of a
    /// locked episode, or finishes the episode. A target the catalog lacks finishes the episode too, so
    /// the position stays valid.
    fn go(&mut self, c: &Catalog, target: Option<Target>) -> Vec<Step> {
        let series = self.series_of(c);
        let to = match target {
            Some(Target::Segment { episode, segment }) => segment_of(series, episode, segment)
                .zip(series)
                .map(|(seg, series)| (episode, segment, seg, series)),
            Some(Target::End) | None => None,
        };
        let Some((episode, segment, seg, series)) = to else {
            self.playing = None;
            return vec![Step::EpisodeFinished];
        };
        // A `goto` or `next` into a locked episode stops at its lock screen like a swipe does.
        if self.is_locked(c, episode) {
            self.playing = None;
            return vec![Step::Locked { episode }];
        }
        let entry = self.state.mark();
        start_segment(series, episode, segment, &mut self.state);
        let choice = if seg.choice.is_some() { ChoicePhase::Pending } else { ChoicePhase::Closed };
        self.playing = Some(Playing { episode, segment, entry, choice, media_ms: 0 });
        let mut steps = vec![Step::SegmentStarted { episode, segment }];
        if let Some(ending) = &seg.ending {
            if !self.endings.contains(&ending.id) {
                self.endings.push(ending.id.clone());
            }
            steps.push(Step::EndingReached { id: ending.id.clone() });
        }
        steps
    }

    /// Opens the pending choice of the playing segment; `false` (and the choice closed for good) when
    /// no option is visible, so the segment behaves as if it had none. State cannot change while a
    /// segment plays, so the answer would not change later.
    fn open(&mut self, c: &Catalog, now_ms: u64) -> bool {
        let series = self.series_of(c);
        let Some(playing) = &mut self.playing else {
            return false;
        };
        let choice = segment_of(series, playing.episode, playing.segment).and_then(|s| s.choice.as_ref());
        let (Some(series), Some(choice)) = (series, choice) else {
            playing.choice = ChoicePhase::Closed;
            return false;
        };
        let visible = visible_options(series, playing.episode, choice, &self.state);
        if visible.is_empty() {
            playing.choice = ChoicePhase::Closed;
            return false;
        }
        let default = default_option(choice, &visible);
        let deadline_ms = choice.timeout_ms.map(|t| now_ms.saturating_add(t));
        playing.choice = ChoicePhase::Open(OpenChoice { visible, default, deadline_ms });
        true
    }

    fn push_checkpoint(&mut self, checkpoint: Checkpoint) {
        if self.history.len() >= MAX_HISTORY {
            self.history.remove(0);
        }
        self.history.push(checkpoint);
    }
}

/// Segment (`episode`, `segment`) of `series`, if it has one.
fn segment_of(series: Option<&Series>, episode: usize, segment: usize) -> Option<&Segment> {
    series?.episodes.get(episode)?.segments.get(segment)
}
