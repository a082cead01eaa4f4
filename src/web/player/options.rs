//! The `options` argument of `new Player(…)`: the JS spelling of [`PlayerOptions`], read through
//! serde-wasm-bindgen (STYLE §8) with the path of a wrong field from serde_path_to_error.
//!
//! The rules: `undefined` or `null` for the whole argument means every default, unknown fields are
//! ignored, `null` or `undefined` leaves an optional field unset, and `muted` and `resume`, when
//! present, must be booleans.

use serde::{Deserialize, Deserializer};
use wasm_bindgen::{JsCast, JsValue};

use crate::session::Timer;
use crate::web::builder::PlayerOptions;

/// The page's options as given: every field optional, in the order a wrong one is looked for.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Given {
    series: Option<String>,
    episode: Option<String>,
    language: Option<String>,
    muted: Flag,
    autoplay: Option<bool>,
    controls: Option<bool>,
    autopause: Option<bool>,
    base_url: Option<String>,
    timer: Option<String>,
    caption_language: Option<String>,
    resume: Flag,
    volume: Option<f64>,
    playback_rate: Option<f64>,
}

/// A boolean field that is false when absent; present, it must be `true` or `false` (not `null`,
/// not even `undefined`), where serde's `Option<bool>` would take both as unset.
#[derive(Default)]
struct Flag(bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Flag, D::Error> {
        bool::deserialize(deserializer).map(Flag)
    }
}

/// Reads the page's `options` argument of `new Player(…)` into [`PlayerOptions`]; every field is
/// optional: `{ series, episode, language, muted, autoplay, controls, autopause, baseUrl, timer,
/// captionLanguage, resume, volume, playbackRate }`.
///
/// # Errors
/// A message for the `bad-options` error when `value` is neither nullish nor an object, or when a
/// known field has the wrong type (the first such field, in the order above), naming it.
pub(super) fn read(value: &JsValue) -> Result<PlayerOptions, String> {
    let defaults = PlayerOptions::default();
    if value.is_undefined() || value.is_null() {
        return Ok(defaults);
    }
    if !value.is_object() {
        return Err(format!("options must be an object, not {}", type_name(value)));
    }
    let given: Given = serde_path_to_error::deserialize(serde_wasm_bindgen::Deserializer::from(
        value.clone(),
    ))
    .map_err(|error| {
        let path = error.path().to_string();
        // serde-wasm-bindgen's error is a JS `Error`: its message, without the "Error: " of its text.
        let error = JsValue::from(error.into_inner());
        let message = error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()));
        format!("option `{path}`: {}", message.unwrap_or_else(|| format!("{error:?}")))
    })?;
    Ok(PlayerOptions {
        series: given.series,
        episode: given.episode,
        language: given.language,
        muted: given.muted.0,
        autoplay: given.autoplay.unwrap_or(defaults.autoplay),
        controls: given.controls.unwrap_or(defaults.controls),
        autopause: given.autopause.unwrap_or(defaults.autopause),
        base_url: given.base_url,
        timer: given.timer.as_deref().and_then(Timer::parse).unwrap_or_default(),
        caption_language: given.caption_language,
        resume: given.resume.0,
        volume: given.volume.unwrap_or(defaults.volume),
        playback_rate: given.playback_rate.unwrap_or(defaults.playback_rate),
    })
}

/// `typeof value`, except that `null` is "null".
fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_string()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}
