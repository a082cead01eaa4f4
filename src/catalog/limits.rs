//! Limits on the size of a catalog and the counts in it (CONTRACT §2).
//!
//! A catalog comes from the network and is walked on the page's main thread, so every size is bounded
//! before it can cost memory or time. The bounds admit a series of 10,000 three-segment episodes (about
//! 6.5 MB of JSON) with room to spare, and refuse a 20 MB document. Going over any of them is a
//! `too-large` diagnostic that names the limit and the JSON path.
//!
//! Nesting needs no limit of its own: the members the loader reads nest at most 11 levels deep by the
//! catalog's shape (a value of another shape there is `bad-json` as soon as it opens), and serde_json
//! skips the value of any other member with a loop, not recursion, so a document nested a million
//! levels deep costs time in proportion to its size and no stack. (serde_json's own recursion limit,
//! 128 levels, stays as a backstop no catalog reaches.)

/// Largest document, in bytes (16 MiB), checked before the JSON is parsed.
pub const DOCUMENT_BYTES: usize = 16 * 1024 * 1024;

/// Series in one catalog.
pub const SERIES: usize = 1_000;

/// Episodes in one series.
pub const EPISODES_PER_SERIES: usize = 20_000;

/// Segments in one episode.
pub const SEGMENTS_PER_EPISODE: usize = 256;

/// Segments in the whole catalog, all series together.
pub const SEGMENTS: usize = 250_000;

/// Options in one choice: the keys 1 to 9 choose them.
pub const OPTIONS: usize = 9;

/// Variables declared by one series.
pub const VARIABLES_PER_SERIES: usize = 1_000;

/// Bytes in one text (a title, prompt, label, or one language's entry of a text) or any other string.
pub const TEXT_BYTES: usize = 4_096;

/// Bytes in one URL.
pub const URL_BYTES: usize = 2_048;

/// Bytes in one expression (`if` or a `set` value).
pub const EXPRESSION_BYTES: usize = 1_000;

/// Caption tracks on one segment.
pub const CAPTIONS_PER_SEGMENT: usize = 32;

/// Alternative sources of one segment.
pub const SOURCES_PER_SEGMENT: usize = 8;

/// Language entries in one localized text.
pub const LANGUAGES_PER_TEXT: usize = 64;
