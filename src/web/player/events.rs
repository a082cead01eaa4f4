//! What the player tells the page: `CustomEvent`s on the host, with their `detail`.

use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

use crate::command::Event;
use crate::web::dom::warn_on_error;

use super::Shared;

/// `detail` of the `unlockrequest` event: the viewer pressed "Unlock" on a lock screen.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UnlockRequest<'a> {
    pub(super) episode_id: &'a str,
}

/// `detail` of an `error` event raised by the player itself.
#[derive(Serialize)]
pub(super) struct ErrorDetail<'a> {
    pub(super) code: &'a str,
    pub(super) message: &'a str,
}

/// Dispatches `CustomEvent(name, {detail, bubbles, composed})` on `target`: composed so that it
/// leaves the custom element's shadow root.
pub(super) fn dispatch(target: &EventTarget, name: &str, detail: &impl Serialize) {
    let detail =
        detail.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL);
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
        let detail = match serde_json::to_value(event) {
            Ok(serde_json::Value::Object(mut fields)) => fields.remove("detail"),
            _ => None,
        };
        let detail = detail.unwrap_or_else(|| serde_json::Value::Object(serde_json::Map::new()));
        dispatch(&self.host, event.name(), &detail);
    }
}
