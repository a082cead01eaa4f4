//! Whether the player can be seen: at least half of it in the viewport, and the page not hidden
//! (CONTRACT §4.2, autopause).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

use super::dom::{warn_on_error, EventListener, Passive};

/// Watches `element`: `on_change(half_in_view, page_hidden)` is called whenever either changes (and
/// once at the start, when the browser first reports). Dropping it disconnects the observer and
/// removes the listener.
#[must_use = "the observer is disconnected as soon as this value is dropped"]
pub struct InView {
    observer: Option<IntersectionObserver>,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
    _visibility: Option<EventListener>,
}

impl InView {
    /// Starts watching `element`. A browser without `IntersectionObserver` reports only the page's
    /// visibility.
    pub fn new(element: &Element, on_change: impl Fn(Option<bool>, bool) + 'static) -> InView {
        let on_change = std::rc::Rc::new(on_change);
        let document = element.owner_document();
        let hidden = {
            let document = document.clone();
            move || document.as_ref().is_some_and(|d| d.hidden())
        };
        let callback = {
            let on_change = on_change.clone();
            let hidden = hidden.clone();
            Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                // The last entry is the newest state of the one element watched.
                let last = entries.iter().last().and_then(|e| e.dyn_into::<IntersectionObserverEntry>().ok());
                if let Some(entry) = last {
                    on_change(Some(entry.is_intersecting() && entry.intersection_ratio() >= 0.5), hidden());
                }
            })
        };
        let init = IntersectionObserverInit::new();
        init.set_threshold(&JsValue::from_f64(0.5));
        let observer = warn_on_error(
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init),
            "IntersectionObserver",
        );
        if let Some(observer) = &observer {
            observer.observe(element);
        }
        let visibility = document.as_ref().map(|document| {
            EventListener::new(document, "visibilitychange", Passive::Yes, move |_| on_change(None, hidden()))
        });
        InView { observer, _callback: callback, _visibility: visibility }
    }
}

impl Drop for InView {
    fn drop(&mut self) {
        if let Some(observer) = &self.observer {
            observer.disconnect();
        }
    }
}
