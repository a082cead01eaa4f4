//! Owned browser resources and small DOM helpers.
//!
//! Every listener and timer the player creates is one of the values below: dropping it removes the
//! listener or clears the timer, so dropping the player's list of them (in `destroy()`) leaves nothing
//! behind in the page.

use std::cell::Cell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AddEventListenerOptions, Document, Element, EventTarget, HtmlElement};

thread_local! {
    /// Live [`EventListener`] values in this wasm instance (every player's, and the pool's pending
    /// seeks). The browser cannot be asked which listeners a target has; this count can.
    static LISTENERS: Cell<usize> = const { Cell::new(0) };
    /// Live [`Timeout`] values, fired or not: one not dropped still holds its closure.
    static TIMEOUTS: Cell<usize> = const { Cell::new(0) };
}

/// What the web layer holds in the page right now, across every player: the listeners and timers
/// that dropping them would remove. A test reads it before a player exists and after `destroy()`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// [`EventListener`]s not yet dropped.
    pub listeners: usize,
    /// [`Timeout`]s not yet dropped.
    pub timeouts: usize,
}

/// The listeners and timers held now (see [`Held`]).
#[doc(hidden)]
pub fn held() -> Held {
    Held { listeners: LISTENERS.with(Cell::get), timeouts: TIMEOUTS.with(Cell::get) }
}

/// Whether a listener may call `preventDefault()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passive {
    /// The listener never cancels the event: the browser may scroll without waiting for it.
    Yes,
    /// The listener may cancel the event (wheel and keys the player consumes).
    No,
}

/// An event listener that is removed when dropped.
#[must_use = "the listener is removed as soon as this value is dropped"]
pub struct EventListener {
    target: EventTarget,
    kind: &'static str,
    callback: Closure<dyn FnMut(web_sys::Event)>,
    /// Added for the capture phase: removal must say so too.
    capture: bool,
}

impl EventListener {
    /// Adds `callback` for `kind` events on `target`.
    ///
    /// A failed `addEventListener` (it does not fail for the element targets used here) is logged and
    /// leaves a value whose drop is harmless.
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        passive: Passive,
        callback: impl FnMut(web_sys::Event) + 'static,
    ) -> EventListener {
        EventListener::add(target, kind, passive == Passive::Yes, false, callback)
    }

    /// Adds `callback` for `kind` events on `target` in the capture phase: it also sees events that
    /// do not bubble (`cuechange` on a `<track>`) dispatched at its descendants.
    pub fn capture(
        target: &EventTarget,
        kind: &'static str,
        callback: impl FnMut(web_sys::Event) + 'static,
    ) -> EventListener {
        EventListener::add(target, kind, true, true, callback)
    }

    fn add(
        target: &EventTarget,
        kind: &'static str,
        passive: bool,
        capture: bool,
        callback: impl FnMut(web_sys::Event) + 'static,
    ) -> EventListener {
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(callback);
        let options = AddEventListenerOptions::new();
        options.set_passive(passive);
        options.set_capture(capture);
        warn_on_error(
            target.add_event_listener_with_callback_and_add_event_listener_options(
                kind,
                callback.as_ref().unchecked_ref(),
                &options,
            ),
            "addEventListener",
        );
        LISTENERS.with(|n| n.set(n.get() + 1));
        EventListener { target: target.clone(), kind, callback, capture }
    }
}

impl Drop for EventListener {
    fn drop(&mut self) {
        LISTENERS.with(|n| n.set(n.get() - 1));
        warn_on_error(
            self.target.remove_event_listener_with_callback_and_bool(
                self.kind,
                self.callback.as_ref().unchecked_ref(),
                self.capture,
            ),
            "removeEventListener",
        );
    }
}

/// A `setTimeout` that is cleared when dropped.
#[must_use = "the timer is cleared as soon as this value is dropped"]
pub struct Timeout {
    id: Option<i32>,
    // Kept alive until the timer fires or is cleared: JS holds only a borrowed reference to it.
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    /// Runs `callback` once after `ms` milliseconds.
    pub fn new(ms: u32, callback: impl FnOnce() + 'static) -> Timeout {
        let callback = Closure::once(callback);
        let id = web_sys::window().and_then(|window| {
            warn_on_error(
                window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    callback.as_ref().unchecked_ref(),
                    i32::try_from(ms).unwrap_or(i32::MAX),
                ),
                "setTimeout",
            )
        });
        TIMEOUTS.with(|n| n.set(n.get() + 1));
        Timeout { id, _callback: callback }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        TIMEOUTS.with(|n| n.set(n.get() - 1));
        if let (Some(id), Some(window)) = (self.id, web_sys::window()) {
            window.clear_timeout_with_handle(id);
        }
    }
}

/// Logs a failed JS call that the player can do without (a pointer capture, a listener removal), and
/// returns its value when it succeeded.
pub fn warn_on_error<T>(result: Result<T, JsValue>, what: &str) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            web_sys::console::warn_2(&JsValue::from_str(&format!("microdrama: {what} failed:")), &error);
            None
        }
    }
}

/// `performance.now()` in whole milliseconds: the clock every core call is given.
pub fn now_ms() -> u64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now().max(0.0) as u64)
        .unwrap_or(0)
}

/// The name of a JS error value (`NotAllowedError`, `AbortError`, …), or "" when it has none.
pub fn error_name(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_default()
}

/// Builds elements in one document.
#[derive(Clone)]
pub struct Builder {
    document: Document,
}

impl Builder {
    /// A builder over the document that owns `node`.
    pub fn for_node(node: &web_sys::Node) -> Option<Builder> {
        node.owner_document()
            .or_else(|| web_sys::window().and_then(|w| w.document()))
            .map(|document| Builder { document })
    }

    /// The document it builds in.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// A new element of `tag` with `class`, appended to `parent` when given.
    ///
    /// # Errors
    /// When the document refuses to create the element.
    pub fn element(&self, tag: &str, class: &str, parent: Option<&Element>) -> Result<HtmlElement, JsValue> {
        let element: HtmlElement = self.document.create_element(tag)?.dyn_into().map_err(JsValue::from)?;
        if !class.is_empty() {
            element.set_class_name(class);
        }
        if let Some(parent) = parent {
            parent.append_child(&element)?;
        }
        Ok(element)
    }

    /// A `<button type="button">` with a text label, an action for the click delegate and an
    /// accessible name.
    ///
    /// # Errors
    /// When the document refuses to create the element.
    pub fn button(
        &self,
        class: &str,
        action: &str,
        label: &str,
        aria_label: &str,
        parent: &Element,
    ) -> Result<HtmlElement, JsValue> {
        let button = self.element("button", class, Some(parent))?;
        button.set_attribute("type", "button")?;
        button.set_attribute("data-action", action)?;
        if !aria_label.is_empty() {
            button.set_attribute("aria-label", aria_label)?;
        }
        button.set_text_content(Some(label));
        Ok(button)
    }
}
