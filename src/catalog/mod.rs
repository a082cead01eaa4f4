//! The catalog: model, loading and validation (CONTRACT §1–2).
//!
//! [`load`] checks the document's size before parsing it, reads it with serde into types that borrow
//! from the text (`document.rs`), then walks it once and reports every problem it finds (not just the
//! first) as [`Diagnostic`]s with a JSON path. It never panics and never half-loads: either the whole
//! catalog passed, or the caller gets the diagnostics. [`to_json`] writes a catalog back through the
//! same types.

mod document;
pub mod limits;
mod model;
mod path;
mod url;
mod walk;

pub use model::*;

use crate::diagnostic::{Code, Diagnostic};
use path::Step;

/// Loads and validates a catalog document.
///
/// Never panics, whatever the input. Returns the catalog with its warnings, or every diagnostic found
/// when any is an error. Sizes and counts are bounded by [`limits`].
///
/// ```
/// let text = r#"{ "format": 1, "series": [{ "id": "s", "episodes": [{ "id": "e",
///     "segments": [{ "id": "a", "src": "a.webm", "next": "b" }, { "id": "b", "src": "b.webm" }] }] }] }"#;
/// let (catalog, warnings) = microdrama::catalog::load(text).expect("valid");
/// assert!(warnings.is_empty());
/// assert_eq!(catalog.series[0].episodes[0].segments.len(), 2);
/// ```
///
/// # Errors
/// The diagnostics (errors and warnings, in document order) when the document has at least one error.
pub fn load(text: &str) -> Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>> {
    check_size(text.len())?;
    // Read once without tracking paths (that costs an allocation per member); a refused document is
    // read again to say where.
    let document::Object(document) =
        serde_json::from_str::<document::Object<document::Catalog>>(text).map_err(|_| vec![refusal(text)])?;
    let (mut catalog, mut warnings) = walk::Walker::default().catalog(&document)?;
    catalog.hash = document_hash(text.as_bytes());
    warnings.extend(crate::paths::no_visible_option(&catalog));
    Ok((catalog, warnings))
}

/// The one diagnostic for a document serde refused: another `format` whatever the shape, else the
/// first syntax or shape error with its JSON path, line and column.
fn refusal(text: &str) -> Diagnostic {
    if let Ok(document::Object(document::FormatOnly { format })) = serde_json::from_str(text) {
        if let Some(problem) = walk::format_problem(format.as_ref()) {
            return problem;
        }
    }
    let mut reader = serde_json::Deserializer::from_str(text);
    let error = match serde_path_to_error::deserialize::<_, document::Object<document::Catalog>>(&mut reader)
    {
        Ok(_) => return Diagnostic::new(Code::BadJson, "", "the document was refused, then read"),
        Err(error) => error,
    };
    let inner = error.inner();
    if inner.is_syntax() || inner.is_eof() {
        return Diagnostic::new(Code::BadJson, "", format!("not valid JSON: {inner}"));
    }
    let mut steps: Vec<Step> = error
        .path()
        .iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Step::Key(key)),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => None,
        })
        .collect();
    // serde reports a member written twice at the object holding it: the path names the member.
    let message = inner.to_string();
    let twice = message.strip_prefix("duplicate field `").and_then(|rest| rest.split('`').next());
    if let Some(name) = twice {
        steps.push(Step::Key(name));
    }
    Diagnostic::new(Code::BadJson, path::render(steps), message)
}

/// Writes `catalog` as a catalog document (compact JSON) that loads as the same catalog: the
/// author's ids, the targets by id, the expressions as written.
pub fn to_json(catalog: &Catalog) -> String {
    // Cannot fail: every key is a string, and a model holds no number but integers.
    serde_json::to_string(&document::Catalog::from_model(catalog)).unwrap_or_default()
}

/// Loads a catalog from raw bytes, as read from a file or the network: the size is checked before the
/// UTF-8, and a leading byte order mark is skipped (RFC 8259 §8.1 lets a parser ignore it).
///
/// A reader may stop after [`limits::DOCUMENT_BYTES`]` + 1` bytes: that is enough to refuse the document.
///
/// # Errors
/// As [`load`]; text that is not UTF-8 is `bad-json`.
pub fn load_bytes(bytes: &[u8]) -> Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>> {
    check_size(bytes.len())?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let message = format!("not UTF-8 text: invalid byte at offset {}", error.valid_up_to());
        vec![Diagnostic::new(Code::BadJson, "", message)]
    })?;
    load(text)
}

fn check_size(len: usize) -> Result<(), Vec<Diagnostic>> {
    if len <= limits::DOCUMENT_BYTES {
        return Ok(());
    }
    let message =
        format!("the document is {len} bytes, over the limit of {} (DOCUMENT_BYTES)", limits::DOCUMENT_BYTES);
    Err(vec![Diagnostic::new(Code::TooLarge, "", message)])
}

/// A 64-bit hash of the document, eight bytes per step.
///
/// Saves carry it to notice that the catalog changed under them, so it is the same on every platform
/// and build (unlike `std`'s hasher). Each step is a bijection of the state for a given word, so an
/// edit confined to one eight-byte word always changes the result. It detects edits; it does not
/// authenticate (SECURITY.md).
fn document_hash(bytes: &[u8]) -> u64 {
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;
    let step = |hash: u64, word: u64| (hash.rotate_left(23) ^ word).wrapping_mul(MULTIPLIER);
    let mut chunks = bytes.chunks_exact(8);
    let mut hash = (&mut chunks)
        .filter_map(|chunk| <[u8; 8]>::try_from(chunk).ok())
        .fold(MULTIPLIER ^ bytes.len() as u64, |hash, word| step(hash, u64::from_le_bytes(word)));
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    hash = step(hash, u64::from_le_bytes(tail));
    // Spread every bit of the state over the result.
    hash = (hash ^ (hash >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^ (hash >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Saves written by this build carry these values: a change here orphans them (`save-changed`).
    #[test]
    fn the_hash_is_stable() {
        assert_eq!(document_hash(b""), 0x38a3_bcd1_6c7a_a167);
        assert_eq!(document_hash(b"{\"format\": 1}"), 0x567f_06c6_dab2_0f65);
    }

    proptest::proptest! {
        #[test]
        fn any_one_byte_edit_changes_the_hash(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 1..100),
            at in proptest::num::usize::ANY,
            flip in 1u8..,
        ) {
            let mut edited = bytes.clone();
            let at = at % bytes.len();
            edited[at] ^= flip;
            proptest::prop_assert_ne!(document_hash(&bytes), document_hash(&edited));
        }

        #[test]
        fn appending_changes_the_hash(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            let mut longer = bytes.clone();
            longer.push(0);
            proptest::prop_assert_ne!(document_hash(&bytes), document_hash(&longer));
        }
    }
}
