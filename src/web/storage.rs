//! The player's own progress in `localStorage`: read once when it starts, written as the viewer
//! watches (when the core says so, with `Command::Save`), under [`storage_key`] (one key per catalog URL and series
//! filter), in the versioned save format of [`crate::story::save`].
//!
//! Storage is a convenience, never a requirement: when it is blocked (`SecurityError`, no
//! `localStorage` in a sandboxed or partitioned frame) or full (`QuotaExceededError`), the player
//! keeps its progress in memory and says so once, with `warning {code: "storage-unavailable"}`.
//! A stored save it cannot restore (corrupt, another version, oversized, another catalog) is moved
//! to [`rejected_key`] before anything is written, so it is never silently overwritten; and a write
//! is one `setItem`, which stores the whole text or throws and leaves the previous save as it was.

use std::cell::Cell;

use wasm_bindgen::JsValue;
use web_sys::Storage;

use crate::command::Event;
use crate::session::SessionError;
use crate::story::progress::{rejected_key, set_aside_warning, storage_unavailable_warning};

use super::dom::error_name;

/// One player's save slot.
pub struct Progress {
    key: String,
    rejected: String,
    /// `None`: storage is unavailable; progress lives in memory only.
    storage: Option<Storage>,
    /// `storage-unavailable` was said already.
    warned: Cell<bool>,
}

impl Progress {
    /// The slot under `key`, and the `storage-unavailable` warning when there is no usable
    /// `localStorage` (reading the property throws in a sandboxed frame or with storage blocked).
    pub fn open(key: String) -> (Progress, Option<Event>) {
        let storage =
            web_sys::window().ok_or_else(|| JsValue::from_str("no window")).and_then(|w| w.local_storage());
        let mut progress =
            Progress { rejected: rejected_key(&key), key, storage: None, warned: Cell::new(false) };
        let warning = match storage {
            Ok(Some(storage)) => {
                progress.storage = Some(storage);
                None
            }
            Ok(None) => progress.unavailable("this page has no localStorage"),
            Err(error) => progress.unavailable(&describe(&error)),
        };
        (progress, warning)
    }

    /// The stored save, if any; a failed read is the `storage-unavailable` warning.
    pub fn read(&self) -> (Option<String>, Option<Event>) {
        let Some(storage) = &self.storage else { return (None, None) };
        match storage.get_item(&self.key) {
            Ok(text) => (text, None),
            Err(error) => (None, self.unavailable(&describe(&error))),
        }
    }

    /// Moves a stored save the session refused to the rejected slot (best effort: a copy that does
    /// not fit is dropped; it was unusable) and returns the `warning` that says so.
    pub fn set_aside(&self, text: &str, error: &SessionError) -> Event {
        if let Some(storage) = &self.storage {
            let _copied = storage.set_item(&self.rejected, text);
            let _removed = storage.remove_item(&self.key);
        }
        set_aside_warning(error, &self.rejected)
    }

    /// Writes `text`. A full storage is given one more try after the rejected slot is freed; a write
    /// that still fails keeps the previous save intact and gives the `storage-unavailable` warning
    /// (once per player).
    pub fn write(&self, text: &str) -> Option<Event> {
        let storage = self.storage.as_ref()?;
        let error = match storage.set_item(&self.key, text) {
            Ok(()) => return None,
            Err(error) if error_name(&error) == "QuotaExceededError" => {
                let _freed = storage.remove_item(&self.rejected);
                match storage.set_item(&self.key, text) {
                    Ok(()) => return None,
                    Err(error) => error,
                }
            }
            Err(error) => error,
        };
        self.unavailable(&describe(&error))
    }

    /// The warning, the first time only.
    fn unavailable(&self, reason: &str) -> Option<Event> {
        (!self.warned.replace(true)).then(|| storage_unavailable_warning(reason))
    }
}

/// `QuotaExceededError: …` from a thrown DOMException (or whatever was thrown).
fn describe(error: &JsValue) -> String {
    let message = js_sys::Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_default();
    match error_name(error) {
        name if name.is_empty() => message,
        name => format!("{name}: {message}"),
    }
}
