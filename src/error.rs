//! [`ErrorCode`]: the one list of codes the player's `error` and `warning` events carry, from the core
//! to the element, and the `code` property of the errors it throws.

use serde::{Serialize, Serializer};

use crate::diagnostic::Code;

/// What went wrong (or was set aside), as a stable machine-readable code: serialized, and shown to
/// pages, as [`ErrorCode::as_str`] writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The catalog was refused: its first error's diagnostic code (`bad-json`, `dangling-target`, …).
    Catalog(Code),
    /// The `Player` options are malformed.
    BadOptions,
    /// The player's DOM could not be built.
    Dom,
    /// The options name a series the catalog lacks.
    UnknownSeries,
    /// The feed has no episode to play.
    EmptyFeed,
    /// No episode with that id (a start episode, `goToEpisode()`, `unlock()`).
    UnknownEpisode,
    /// No feed entry at that index.
    NoSuchEpisode,
    /// No such option is offered now.
    NoSuchOption,
    /// No choice point to rewind to.
    NothingToRewind,
    /// A video failed every attempt and was skipped.
    MediaSkipped,
    /// A save that is not one (corrupt, another version).
    BadSave,
    /// A save over the size limit.
    SaveTooLarge,
    /// A save made over another catalog (warning).
    SaveOtherCatalog,
    /// A save made in a series this player does not play (warning).
    SaveOtherSeries,
    /// A save restored in part: the catalog changed since (warning).
    SaveChanged,
    /// A stored save that could not be restored was set aside (warning).
    SaveSetAside,
    /// Storage is blocked or full: progress stays in memory (warning).
    StorageUnavailable,
}

impl ErrorCode {
    /// The code as pages see it: `media-skipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Catalog(code) => code.as_str(),
            ErrorCode::BadOptions => "bad-options",
            ErrorCode::Dom => "dom",
            ErrorCode::UnknownSeries => "unknown-series",
            ErrorCode::EmptyFeed => "empty-feed",
            ErrorCode::UnknownEpisode => "unknown-episode",
            ErrorCode::NoSuchEpisode => "no-such-episode",
            ErrorCode::NoSuchOption => "no-such-option",
            ErrorCode::NothingToRewind => "nothing-to-rewind",
            ErrorCode::MediaSkipped => "media-skipped",
            ErrorCode::BadSave => "bad-save",
            ErrorCode::SaveTooLarge => "save-too-large",
            ErrorCode::SaveOtherCatalog => "save-other-catalog",
            ErrorCode::SaveOtherSeries => "save-other-series",
            ErrorCode::SaveChanged => "save-changed",
            ErrorCode::SaveSetAside => "save-set-aside",
            ErrorCode::StorageUnavailable => "storage-unavailable",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
