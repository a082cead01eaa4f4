//! What the player tells the page: `CustomEvent`s on the host, with their `detail`.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

use serde::Serialize;

use crate::command::Event;
use crate::web::dom::warn_on_error;

use super::Shared;

/// `detail` of the `unlockrequest` event: the viewer pressed "Unlock" on a lock screen.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UnlockRequest<'a> {
    pub(super) episode_id: &'a str,
}

/// Dispatches `CustomEvent(name, {detail, bubbles, composed})` on `target`: composed so that it
/// leaves the custom element's shadow root.
///
/// The detail crosses into JS as JSON text and one `JSON.parse`: one call, where building the object
/// field by field would cross the boundary once per field.
pub(super) fn dispatch(target: &EventTarget, name: &str, detail: &impl Serialize) {
    let text = serde_json::to_string(detail).unwrap_or_default();
    let detail = warn_on_error(js_sys::JSON::parse(&text), "JSON.parse").unwrap_or(JsValue::NULL);
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Some(event) = warn_on_error(CustomEvent::new_with_event_init_dict(name, &init), "CustomEvent") {
        warn_on_error(target.dispatch_event(&event), "dispatchEvent");
    }
}

impl Shared {
    /// Dispatches a core event on the host with its fields as `detail`.
    pub(super) fn emit(&self, event: &Event) {
        if let Some(progress) = &self.progress {
            progress.observe(event);
        }
        dispatch(&self.host, event.name(), event);
    }
}
