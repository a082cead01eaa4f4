//! What the player tells the page: `CustomEvent`s on the host, with their `detail`.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

use serde::Serialize;

use crate::command::{Event, MediaEvent};
use crate::web::dom::warn_on_error;

use super::Shared;

/// `detail` of the `unlockrequest` event: the viewer pressed "Unlock" on a lock screen.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UnlockRequest<'a> {
    pub(super) episode_id: &'a str,
}

/// Dispatches `CustomEvent(name, {detail})` on `target`. It does not bubble, as a `<video>`'s events do
/// not (CONTRACT v2 §4): an `error` never reaches `window.onerror` or a page's error tracker.
pub(super) fn dispatch(target: &EventTarget, name: &str, detail: &impl Serialize) {
    let detail = to_js(detail);
    let init = CustomEventInit::new();
    init.set_detail(&detail);
    if let Some(event) = warn_on_error(CustomEvent::new_with_event_init_dict(name, &init), "CustomEvent") {
        warn_on_error(target.dispatch_event(&event), "dispatchEvent");
    }
}

/// `value` as the plain JS object `JSON.parse` would give for its serde JSON: `None` is `null`, maps
/// are objects (serde-wasm-bindgen's JSON-compatible serializer). `null` if it cannot be built, which
/// the crate's types (strings, booleans, integers under 2^53) never cause.
pub(super) fn to_js(value: &impl Serialize) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    warn_on_error(value.serialize(&serializer).map_err(JsValue::from), "serialize").unwrap_or(JsValue::NULL)
}

impl Shared {
    /// Dispatches a core event on the host with its fields as `detail`.
    pub(super) fn emit(&self, event: &Event) {
        dispatch(&self.host, event.name(), event);
        if let Some(on_event) = &self.hooks.on_event {
            on_event(event);
        }
    }

    /// Dispatches a media event of the current segment on the host: a plain `Event` that does not
    /// bubble, as a `<video>` fires it.
    pub(super) fn emit_media(&self, kind: MediaEvent) {
        if let Some(event) = warn_on_error(web_sys::Event::new(kind.name()), "Event") {
            warn_on_error(self.host.dispatch_event(&event), "dispatchEvent");
        }
        if let Some(on_media) = &self.hooks.on_media {
            on_media(kind);
        }
    }
}
