//! The catalog: model, loading and validation (CONTRACT §1–2).
//!
//! [`load`] checks the document's size and nesting before parsing it, then walks it once and reports
//! every problem it finds (not just the first) as [`Diagnostic`]s with a JSON path. It never panics and
//! never half-loads: either the whole catalog passed, or the caller gets the diagnostics.

mod json;
pub mod limits;
mod model;
mod path;
mod url;
mod walk;

pub use model::*;

use crate::diagnostic::{Code, Diagnostic};

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
    let hash = depth_and_hash(text.as_bytes()).map_err(|offset| {
        let message = format!("arrays and objects nest deeper than {} levels (DEPTH), at byte {offset}", limits::DEPTH);
        vec![Diagnostic::new(Code::TooLarge, "", message)]
    })?;
    let root = json::Json::parse(text)
        .map_err(|error| vec![Diagnostic::new(Code::BadJson, "", format!("not valid JSON: {error}"))])?;
    let (mut catalog, mut warnings) = walk::Walker::default().catalog(&root)?;
    catalog.hash = hash;
    warnings.extend(crate::paths::no_visible_option(&catalog));
    Ok((catalog, warnings))
}

/// Loads a catalog from raw bytes, as read from a file: the size is checked before the UTF-8.
///
/// A reader may stop after [`limits::DOCUMENT_BYTES`]` + 1` bytes: that is enough to refuse the document.
///
/// # Errors
/// As [`load`]; text that is not UTF-8 is `bad-json`.
pub fn load_bytes(bytes: &[u8]) -> Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>> {
    check_size(bytes.len())?;
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
    let message = format!("the document is {len} bytes, over the limit of {} (DOCUMENT_BYTES)", limits::DOCUMENT_BYTES);
    Err(vec![Diagnostic::new(Code::TooLarge, "", message)])
}

/// FNV-1a, 64 bits, of the document; or the byte offset where arrays and objects first nest deeper
/// than [`limits::DEPTH`], brackets inside strings aside.
///
/// The depth is checked before parsing so that no parser, ours or serde's, recurses on hostile input.
/// The hash is stable across platforms and versions (unlike `std`'s hasher), which matters because
/// saves carry it to notice that the catalog changed under them.
///
/// One pass for both, without a branch on the string state: FNV's multiply chain sets the pace (a few
/// cycles per byte), and the depth bookkeeping runs beside it instead of after it.
fn depth_and_hash(bytes: &[u8]) -> Result<u64, usize> {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, &byte) in bytes.iter().enumerate() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        let outside = !in_string;
        // `[` and `{`, `]` and `}` differ only in bit 0x20.
        let open = outside & (byte | 0x20 == b'{');
        let close = outside & (byte | 0x20 == b'}');
        // A quote outside a string opens one; inside, an unescaped quote closes it.
        let toggles = byte == b'"' && !escaped;
        escaped = in_string & !escaped & (byte == b'\\');
        in_string ^= toggles;
        depth = depth + usize::from(open) - usize::from(close & (depth > 0));
        if depth > limits::DEPTH {
            return Err(offset);
        }
    }
    Ok(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn too_deep(bytes: &[u8]) -> Option<usize> {
        depth_and_hash(bytes).err()
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(depth_and_hash(b""), Ok(0xcbf2_9ce4_8422_2325));
        assert_eq!(depth_and_hash(b"a"), Ok(0xaf63_dc4c_8601_ec8c));
        assert_eq!(depth_and_hash(b"foobar"), Ok(0x8594_4171_f739_67e8));
    }

    /// The straightforward scan, byte by byte with branches, that [`depth_and_hash`] must agree with.
    fn reference(bytes: &[u8]) -> Result<u64, usize> {
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        for (offset, &byte) in bytes.iter().enumerate() {
            if in_string {
                match byte {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match byte {
                b'"' => in_string = true,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > limits::DEPTH {
                        return Err(offset);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        Ok(bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        }))
    }

    proptest::proptest! {
        #[test]
        fn the_one_pass_scan_agrees_with_the_reference(
            bytes in proptest::collection::vec(proptest::sample::select(b"[]{}\"\\a{[".to_vec()), 0..400),
        ) {
            proptest::prop_assert_eq!(depth_and_hash(&bytes), reference(&bytes));
        }
    }

    #[test]
    fn depth_ignores_brackets_in_strings() {
        let nested = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert_eq!(too_deep(nested.as_bytes()), None);
        assert_eq!(too_deep(format!("[{nested}]").as_bytes()), Some(64));
        let quoted = format!("[\"{}\\\"{}\"]", "[".repeat(100), "{".repeat(100));
        assert_eq!(too_deep(quoted.as_bytes()), None);
    }
}
