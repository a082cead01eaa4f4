//! The feed: ordered (series, episode) entries, navigation, gestures and the video preload plan.
//!
//! [`Feed`] is the vertical list the viewer swipes through; [`gesture`] turns pointer and wheel input
//! into feed moves; [`preload`] decides which segment each `<video>` slot holds.

pub mod gesture;
pub mod preload;
pub mod sources;

use std::fmt;

use crate::catalog::Catalog;
use crate::error::ErrorCode;

/// One feed entry: an episode, by indices into the [`Catalog`].
///
/// Ordered by series, then episode: the order in which [`Feed::new`] lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entry {
    /// Series index in the catalog.
    pub series: usize,
    /// Episode index in the series.
    pub episode: usize,
}

/// The ordered episodes the viewer swipes through, and the current position among them.
///
/// Never empty: [`Feed::new`] refuses a feed without entries, so [`Feed::current`] always has an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// In catalog order, hence sorted by `(series, episode)`.
    entries: Vec<Entry>,
    /// Always `< entries.len()`.
    index: usize,
}

/// Why a feed could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedError {
    /// What went wrong.
    pub kind: FeedErrorKind,
    /// The series id asked for, when one was.
    pub series: Option<String>,
}

/// The kinds of [`FeedError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FeedErrorKind {
    /// No series has the requested id.
    UnknownSeries,
    /// The selection has no episodes.
    Empty,
}

impl FeedError {
    /// Machine-readable code, as the session reports it: `unknown-series` or `empty-feed`.
    pub fn code(&self) -> ErrorCode {
        match self.kind {
            FeedErrorKind::UnknownSeries => ErrorCode::UnknownSeries,
            FeedErrorKind::Empty => ErrorCode::EmptyFeed,
        }
    }
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.kind, &self.series) {
            (FeedErrorKind::UnknownSeries, Some(id)) => write!(f, "no series has the id \"{id}\""),
            (FeedErrorKind::UnknownSeries, None) => write!(f, "unknown series"),
            (FeedErrorKind::Empty, Some(id)) => write!(f, "series \"{id}\" has no episodes"),
            (FeedErrorKind::Empty, None) => write!(f, "the catalog has no episodes"),
        }
    }
}

impl std::error::Error for FeedError {}

impl Feed {
    /// The feed over every series of `catalog` in order, or over the one series whose id is `series`,
    /// positioned on its first entry.
    ///
    /// # Errors
    /// [`FeedErrorKind::UnknownSeries`] naming the id when no series has it; [`FeedErrorKind::Empty`]
    /// when the selection has no episodes (validation forbids that, but a hand-built catalog may not).
    pub fn new(catalog: &Catalog, series: Option<&str>) -> Result<Feed, FeedError> {
        let selected: Vec<usize> = match series {
            None => (0..catalog.series.len()).collect(),
            Some(id) => match catalog.series.iter().position(|s| s.id == id) {
                Some(index) => vec![index],
                None => {
                    return Err(FeedError { kind: FeedErrorKind::UnknownSeries, series: Some(id.to_owned()) })
                }
            },
        };
        let entries: Vec<Entry> = selected
            .into_iter()
            .flat_map(|s| (0..catalog.series[s].episodes.len()).map(move |e| Entry { series: s, episode: e }))
            .collect();
        if entries.is_empty() {
            return Err(FeedError { kind: FeedErrorKind::Empty, series: series.map(str::to_owned) });
        }
        Ok(Feed { entries, index: 0 })
    }

    /// Position of the current entry.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Number of entries (at least one).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Always `false`: a feed has at least one entry. Present because `len` without it surprises.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The current entry.
    pub fn current(&self) -> Entry {
        self.entries[self.index]
    }

    /// The entry at position `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<Entry> {
        self.entries.get(i).copied()
    }

    /// Whether an entry follows the current one.
    pub fn has_next(&self) -> bool {
        self.index + 1 < self.entries.len()
    }

    /// Whether an entry precedes the current one.
    pub fn has_prev(&self) -> bool {
        self.index > 0
    }

    /// Moves to the next entry; `false` (and no move) at the last one.
    // The feed's own verb (CONTRACT §4 `next()`); a feed is a cursor, not an iterator.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> bool {
        self.jump(self.index + 1)
    }

    /// Moves to the previous entry; `false` (and no move) at the first one.
    pub fn prev(&mut self) -> bool {
        match self.index.checked_sub(1) {
            Some(i) => self.jump(i),
            None => false,
        }
    }

    /// Moves to position `i`; `false` (and no move) when there is no such entry.
    pub fn jump(&mut self, i: usize) -> bool {
        if i < self.entries.len() {
            self.index = i;
            true
        } else {
            false
        }
    }

    /// Position of the entry for episode `episode` of series `series`, if the feed has it.
    pub fn position_of(&self, series: usize, episode: usize) -> Option<usize> {
        // Entries are built in catalog order, so they are sorted and a binary search is exact.
        self.entries.binary_search(&Entry { series, episode }).ok()
    }
}
