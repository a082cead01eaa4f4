//! Resume: under which key the player keeps its save, when it writes it, and what it says about a
//! stored save it cannot use. Pure decisions; `src/web/storage.rs` does the reading and writing.
//!
//! ```
//! use microdrama::command::Event;
//! use microdrama::story::progress::{storage_key, Autosave, AUTOSAVE_INTERVAL_MS};
//!
//! assert_eq!(
//!     storage_key("https://cdn.example/dramas/catalog.json#top", Some("anti-fraud")),
//!     "microdrama:save:v1:https://cdn.example/dramas/catalog.json|anti-fraud",
//! );
//! let mut autosave = Autosave::new();
//! autosave.observe(&Event::Choice { index: 0, via: microdrama::command::Via::Tap });
//! assert!(autosave.due(1_000, false));
//! autosave.written(1_000);
//! assert!(!autosave.due(2_000, true));
//! assert!(autosave.due(1_000 + AUTOSAVE_INTERVAL_MS, true));
//! assert!(!autosave.due(1_000 + AUTOSAVE_INTERVAL_MS, false), "a paused video has not moved");
//! ```

use crate::command::Event;
use crate::error::ErrorCode;
use crate::session::SessionError;

/// Playback time between two saves of the media position.
pub const AUTOSAVE_INTERVAL_MS: u64 = 5_000;

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

/// When to write the save: after anything that changes progress (the feed moves, a segment starts, a
/// choice, an ending, a lock screen, an unlock, a restore), and every [`AUTOSAVE_INTERVAL_MS`] of
/// playback for the media position.
#[derive(Debug, Clone, Default)]
pub struct Autosave {
    dirty: bool,
    last_ms: Option<u64>,
}

impl Autosave {
    /// Nothing to write yet.
    pub fn new() -> Autosave {
        Autosave::default()
    }

    /// Notes an event the player emitted.
    pub fn observe(&mut self, event: &Event) {
        if matches!(
            event,
            Event::EpisodeChange { .. }
                | Event::SegmentChange { .. }
                | Event::Choice { .. }
                | Event::Ending { .. }
                | Event::Locked { .. }
        ) {
            self.dirty = true;
        }
    }

    /// Progress changed without an event (an unlock, a restored save).
    pub fn changed(&mut self) {
        self.dirty = true;
    }

    /// Whether to write now: progress changed, or the video has played (`playing`) for
    /// [`AUTOSAVE_INTERVAL_MS`] since the last write.
    pub fn due(&self, now_ms: u64, playing: bool) -> bool {
        self.dirty
            || (playing
                && self.last_ms.is_none_or(|last| now_ms.saturating_sub(last) >= AUTOSAVE_INTERVAL_MS))
    }

    /// The save was written (or the write was given up on) at `now_ms`.
    pub fn written(&mut self, now_ms: u64) {
        self.dirty = false;
        self.last_ms = Some(now_ms);
    }
}
