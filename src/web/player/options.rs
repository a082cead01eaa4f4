//! The `options` argument of `new Player(…)`.
//!
//! Read field by field over `Reflect` rather than through serde: ten optional fields do not need a
//! deserializer in the shipped wasm. The rules are the ones serde applied: `undefined` or `null` for
//! the whole argument means every default, unknown fields are ignored, `null` or `undefined` leaves an
//! optional field unset, and `muted` and `resume`, when present, must be booleans.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// What the page may pass as `options` to `new Player(…)`; every field is optional.
#[derive(Debug, Default)]
pub(super) struct Options {
    /// Only this series.
    pub(super) series: Option<String>,
    /// Start at this episode id.
    pub(super) episode: Option<String>,
    /// The viewer's language tag (default: `navigator.language`).
    pub(super) language: Option<String>,
    /// Start muted.
    pub(super) muted: bool,
    /// Start playing without waiting for the viewer (default: true).
    pub(super) autoplay: Option<bool>,
    /// Show the previous/next buttons (default: true).
    pub(super) controls: Option<bool>,
    /// URL that relative media URLs resolve against: the catalog's own URL.
    pub(super) base_url: Option<String>,
    /// Choice timer: `normal`, `extended` (twice the time) or `off` (WCAG 2.2.1).
    pub(super) timer: Option<String>,
    /// Default caption language (default: `navigator.language`).
    pub(super) caption_language: Option<String>,
    /// Keep progress in `localStorage` and resume from it (default: false; `<micro-drama>` turns it
    /// on unless `resume="off"`).
    pub(super) resume: bool,
}

impl Options {
    /// Reads the page's `options` argument.
    ///
    /// # Errors
    /// A message for the `bad-options` error when `value` is neither nullish nor an object, or when
    /// a known field has the wrong type (the first such field, in the order above).
    pub(super) fn read(value: &JsValue) -> Result<Options, String> {
        if value.is_undefined() || value.is_null() {
            return Ok(Options::default());
        }
        if !value.is_object() {
            return Err(format!("options must be an object, not {}", type_name(value)));
        }
        // Fields are read in declaration order, so the first wrong one is the one reported.
        Ok(Options {
            series: string(value, "series")?,
            episode: string(value, "episode")?,
            language: string(value, "language")?,
            muted: flag(value, "muted")?,
            autoplay: boolean(value, "autoplay")?,
            controls: boolean(value, "controls")?,
            base_url: string(value, "baseUrl")?,
            timer: string(value, "timer")?,
            caption_language: string(value, "captionLanguage")?,
            resume: flag(value, "resume")?,
        })
    }
}

/// `options[name]`; a getter that throws is reported like a wrong type.
fn get(options: &JsValue, name: &str) -> Result<JsValue, String> {
    Reflect::get(options, &JsValue::from_str(name)).map_err(|_| format!("option `{name}` could not be read"))
}

/// An optional string field.
fn string(options: &JsValue, name: &str) -> Result<Option<String>, String> {
    let value = get(options, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| wrong_type(name, "a string", &value))
}

/// An optional boolean field.
fn boolean(options: &JsValue, name: &str) -> Result<Option<bool>, String> {
    let value = get(options, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_bool().map(Some).ok_or_else(|| wrong_type(name, "a boolean", &value))
}

/// A boolean field that is false when absent; present, it must be `true` or `false` (not `null`,
/// not even `undefined`).
fn flag(options: &JsValue, name: &str) -> Result<bool, String> {
    let value = get(options, name)?;
    if value.is_undefined() && !Reflect::has(options, &JsValue::from_str(name)).unwrap_or(false) {
        return Ok(false);
    }
    value.as_bool().ok_or_else(|| wrong_type(name, "a boolean", &value))
}

/// The `bad-options` message for field `name`.
fn wrong_type(name: &str, expected: &str, value: &JsValue) -> String {
    format!("option `{name}` must be {expected}, not {}", type_name(value))
}

/// `typeof value`, except that `null` is "null".
fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_string()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}
