//! The story engine of one series: position, variables, choices and their timers, endings, history.
//!
//! STUB: the signatures are fixed; the implementation lands with the story engine work.

use std::collections::BTreeSet;
use std::collections::BTreeMap;

use crate::catalog::Catalog;
use crate::command::Via;
use crate::expr::Value;

/// Story state: what the expressions see.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    /// Every declared variable with its current value.
    pub vars: BTreeMap<String, Value>,
    /// Segments played, as (episode, segment) indices within the series.
    pub seen: BTreeSet<(usize, usize)>,
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
    /// An ending was reached.
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

/// The story of one series.
#[derive(Debug, Clone)]
pub struct Story {
    series: usize,
}

impl Story {
    /// A fresh story for series `series` of `catalog`: initial variables, nothing seen.
    pub fn new(_catalog: &Catalog, series: usize) -> Story {
        Story { series }
    }
}
