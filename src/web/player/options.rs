//! The `options` argument of `new Player(…)`: the JS spelling of [`PlayerOptions`].
//!
//! Read field by field over `Reflect` rather than through serde: ten optional fields do not need a
//! deserializer in the shipped wasm. The rules are the ones serde applied: `undefined` or `null` for
//! the whole argument means every default, unknown fields are ignored, `null` or `undefined` leaves an
//! optional field unset, and `muted` and `resume`, when present, must be booleans.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::session::Timer;
use crate::web::builder::PlayerOptions;

/// Reads the page's `options` argument of `new Player(…)` into [`PlayerOptions`]; every field is
/// optional: `{ series, episode, language, muted, autoplay, controls, autopause, baseUrl, timer,
/// captionLanguage, resume, volume, playbackRate }`.
///
/// # Errors
/// A message for the `bad-options` error when `value` is neither nullish nor an object, or when a
/// known field has the wrong type (the first such field, in the order above).
pub(super) fn read(value: &JsValue) -> Result<PlayerOptions, String> {
    let defaults = PlayerOptions::default();
    if value.is_undefined() || value.is_null() {
        return Ok(defaults);
    }
    if !value.is_object() {
        return Err(format!("options must be an object, not {}", type_name(value)));
    }
    // Fields are read in this order, so the first wrong one is the one reported.
    Ok(PlayerOptions {
        series: string(value, "series")?,
        episode: string(value, "episode")?,
        language: string(value, "language")?,
        muted: flag(value, "muted")?,
        autoplay: boolean(value, "autoplay")?.unwrap_or(defaults.autoplay),
        controls: boolean(value, "controls")?.unwrap_or(defaults.controls),
        autopause: boolean(value, "autopause")?.unwrap_or(defaults.autopause),
        base_url: string(value, "baseUrl")?,
        timer: string(value, "timer")?.as_deref().and_then(Timer::parse).unwrap_or_default(),
        caption_language: string(value, "captionLanguage")?,
        resume: flag(value, "resume")?,
        volume: number(value, "volume")?.unwrap_or(defaults.volume),
        playback_rate: number(value, "playbackRate")?.unwrap_or(defaults.playback_rate),
    })
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

/// An optional number field.
fn number(options: &JsValue, name: &str) -> Result<Option<f64>, String> {
    let value = get(options, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_f64().map(Some).ok_or_else(|| wrong_type(name, "a number", &value))
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
