//! The `options` argument of `new Player(…)`.

use serde::Deserialize;
use wasm_bindgen::JsValue;

/// What the page may pass as `options` to `new Player(…)`; every field is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
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
    /// Reads the page's `options` argument: `undefined` or `null` is every default.
    ///
    /// # Errors
    /// A message for the `bad-options` error when `value` is not an object of the right shape.
    pub(super) fn read(value: &JsValue) -> Result<Options, String> {
        if value.is_undefined() || value.is_null() {
            return Ok(Options::default());
        }
        serde_wasm_bindgen::from_value(value.clone()).map_err(|error| error.to_string())
    }
}
