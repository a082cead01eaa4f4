//! Resume: under which key the player keeps its save, when it writes it, and what it says about a
//! stored save it cannot use. Pure decisions; `src/web/storage.rs` does the reading and writing.
//!
//! ```
//! use microdrama::command::Event;
//! use microdrama::story::progress::{storage_key, Autosave, AUTOSAVE_INTERVAL_MS, SAVE_DELAY_MS};
//!
//! assert_eq!(
//!     storage_key("https://cdn.example/dramas/catalog.json#top", Some("anti-fraud")),
//!     "microdrama:save:v1:https://cdn.example/dramas/catalog.json|anti-fraud",
//! );
//! let mut autosave = Autosave::new();
//! autosave.observe(&Event::AutoplayBlocked {}, 100);
//! assert_eq!(autosave.due_at(false), None, "not progress");
//! let locked = Event::Locked { series_id: "anti-fraud".into(), episode_id: "ep5".into() };
//! autosave.observe(&locked, 400);
//! assert_eq!(autosave.due_at(false), Some(400 + SAVE_DELAY_MS));
//! autosave.written(1_400);
//! assert_eq!(autosave.due_at(false), None, "a paused video has not moved");
//! assert_eq!(autosave.due_at(true), Some(1_400 + AUTOSAVE_INTERVAL_MS));
//! ```

use crate::command::Event;
use crate::error::ErrorCode;
use crate::session::SessionError;

/// Playback time between two saves of the media position.
pub const AUTOSAVE_INTERVAL_MS: u64 = 5_000;
/// How long after a change of progress the save is written: encoding a long story and
/// `localStorage.setItem` are milliseconds that would otherwise sit in the input's task, before the
/// next video's first frame. The page going away writes at once.
pub const SAVE_DELAY_MS: u64 = 1_000;

/// The storage key of the saves of one catalog URL (its fragment dropped) and series filter (`None`:
/// every series). Two players on the same catalog and filter share their progress; another catalog
/// or filter never reads it.
pub fn storage_key(catalog_url: &str, series: Option<&str>) -> String {
    let url = catalog_url.split('#').next().unwrap_or(catalog_url);
    format!("microdrama:save:v1:{url}|{}", series.unwrap_or("*"))
}

/// Where a stored save that cannot be used is set aside: one slot per key, the latest kept, so a save
/// written by a newer player (or damaged) can still be recovered by hand.
pub fn rejected_key(key: &str) -> String {
    format!("{key}:rejected")
}

/// The `warning` for a stored save that was set aside (moved to `rejected_key`) instead of restored.
pub fn set_aside_warning(error: &SessionError, rejected_key: &str) -> Event {
    Event::Warning {
        code: ErrorCode::SaveSetAside,
        message: format!("saved progress could not be restored and was moved to `{rejected_key}`: {error}"),
    }
}

/// The `warning` for storage the player cannot use (blocked, full, partitioned away); said once.
pub fn storage_unavailable_warning(reason: &str) -> Event {
    Event::Warning {
        code: ErrorCode::StorageUnavailable,
        message: format!("progress is kept in memory only: {reason}"),
    }
}

/// When to write the save: [`SAVE_DELAY_MS`] after anything that changes progress (the feed moves, a
/// segment starts, a choice, an ending, a lock screen, an unlock, a restore), and every
/// [`AUTOSAVE_INTERVAL_MS`] of playback for the media position.
#[derive(Debug, Clone, Default)]
pub struct Autosave {
    /// When progress first changed since the last write.
    dirty_since: Option<u64>,
    last_ms: Option<u64>,
}

impl Autosave {
    /// Nothing to write yet.
    pub fn new() -> Autosave {
        Autosave::default()
    }

    /// Notes an event the player emitted at `now_ms`.
    pub fn observe(&mut self, event: &Event, now_ms: u64) {
        if matches!(
            event,
            Event::EpisodeChange { .. }
                | Event::SegmentChange { .. }
                | Event::Choice { .. }
                | Event::Ending { .. }
                | Event::Locked { .. }
        ) {
            self.changed(now_ms);
        }
    }

    /// Progress changed at `now_ms` without an event (an unlock, a restored save).
    pub fn changed(&mut self, now_ms: u64) {
        self.dirty_since.get_or_insert(now_ms);
    }

    /// When the save is next due: soon after a change, or [`AUTOSAVE_INTERVAL_MS`] after the last
    /// write while the video plays (`playing`); `None`: nothing to write.
    pub fn due_at(&self, playing: bool) -> Option<u64> {
        let changed = self.dirty_since.map(|since| since.saturating_add(SAVE_DELAY_MS));
        let moved = self.last_ms.filter(|_| playing).map(|last| last.saturating_add(AUTOSAVE_INTERVAL_MS));
        changed.into_iter().chain(moved).min()
    }

    /// The save was written (or the write was given up on) at `now_ms`.
    pub fn written(&mut self, now_ms: u64) {
        self.dirty_since = None;
        self.last_ms = Some(now_ms);
    }
}
