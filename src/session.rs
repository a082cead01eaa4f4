//! The player's brain: the feed, one story per series and the video pool, driven by inputs and time,
//! answering with [`Command`]s.
//!
//! STUB: the signatures are fixed; the implementation lands with the session work.

use std::fmt;

use crate::catalog::Catalog;
use crate::command::{Command, Via};

/// How a session starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Only this series (its id); `None`: every series in feed order.
    pub series: Option<String>,
    /// Start at this episode id; `None`: the first.
    pub episode: Option<String>,
    /// Number of video slots (2 to 5).
    pub pool_size: usize,
    /// The viewer's language tag, for catalog text.
    pub language: String,
}

/// Why a session could not start or a save could not be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionError {
    /// Machine-readable code: `unknown-series`, `unknown-episode`, `empty-feed`, `bad-save`, …
    pub code: &'static str,
    /// What went wrong, naming the id.
    pub message: String,
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for SessionError {}

/// A running player over one catalog.
#[derive(Debug)]
pub struct Session {
    catalog: Catalog,
}

impl Session {
    /// A session over `catalog`.
    ///
    /// # Errors
    /// `unknown-series` or `unknown-episode` when the config names ids the catalog lacks.
    pub fn new(catalog: Catalog, config: Config) -> Result<Session, SessionError> {
        let _ = config;
        Ok(Session { catalog })
    }

    /// The catalog it plays.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Emits `ready` and enters the first episode.
    pub fn start(&mut self, now_ms: u64) -> Vec<Command> {
        let _ = now_ms;
        todo!()
    }

    /// Swipe up: the next feed entry.
    pub fn next(&mut self, now_ms: u64) -> Vec<Command> {
        let _ = now_ms;
        todo!()
    }

    /// Swipe down: the previous feed entry.
    pub fn prev(&mut self, now_ms: u64) -> Vec<Command> {
        let _ = now_ms;
        todo!()
    }

    /// Jump to feed entry `index`.
    pub fn jump(&mut self, index: usize, now_ms: u64) -> Vec<Command> {
        let _ = (index, now_ms);
        todo!()
    }

    /// Takes option `index` of the open choice; an error event when there is no such visible option.
    pub fn choose(&mut self, index: usize, via: Via, now_ms: u64) -> Vec<Command> {
        let _ = (index, via, now_ms);
        todo!()
    }

    /// The current media time of `slot` (ignored unless it is the current slot).
    pub fn media_time(&mut self, slot: usize, media_ms: u64, now_ms: u64) -> Vec<Command> {
        let _ = (slot, media_ms, now_ms);
        todo!()
    }

    /// `slot` played to its end.
    pub fn media_ended(&mut self, slot: usize, now_ms: u64) -> Vec<Command> {
        let _ = (slot, now_ms);
        todo!()
    }

    /// `slot` failed to load or play: retried with back-off a bounded number of times, then skipped.
    pub fn media_error(&mut self, slot: usize, now_ms: u64) -> Vec<Command> {
        let _ = (slot, now_ms);
        todo!()
    }

    /// Runs what is due by `now_ms`: choice timeouts, retries.
    pub fn tick(&mut self, now_ms: u64) -> Vec<Command> {
        let _ = now_ms;
        todo!()
    }

    /// The latest `now_ms` at which [`Session::tick`] must next be called, if anything is pending.
    pub fn next_deadline(&self) -> Option<u64> {
        todo!()
    }

    /// The host unlocked `episode_id` (in any series that has it); plays it if it is current.
    pub fn unlock(&mut self, episode_id: &str, now_ms: u64) -> Vec<Command> {
        let _ = (episode_id, now_ms);
        todo!()
    }

    /// Back to the last choice point, state restored as it was there.
    pub fn rewind(&mut self, now_ms: u64) -> Vec<Command> {
        let _ = now_ms;
        todo!()
    }

    /// Progress as a versioned string: feed position, story states, endings, unlocks.
    pub fn save(&self) -> String {
        todo!()
    }

    /// Restores a string from [`Session::save`]; what no longer matches the catalog is dropped and
    /// reported in a warning event.
    ///
    /// # Errors
    /// `bad-save` when the text is not a save of a known version; the session is unchanged.
    pub fn restore(&mut self, text: &str, now_ms: u64) -> Result<Vec<Command>, SessionError> {
        let _ = (text, now_ms);
        todo!()
    }

    /// Number of feed entries.
    pub fn feed_len(&self) -> usize {
        todo!()
    }

    /// Index of the current feed entry.
    pub fn feed_index(&self) -> usize {
        todo!()
    }
}
