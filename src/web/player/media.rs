//! The video elements: playing them (and what a refused `play()` means) and the media events the
//! core hears about.

use std::rc::Rc;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::session::Input;
use crate::web::dom::error_name;
use crate::web::pool::Role;

use super::Shared;

impl Shared {
    /// Calls `play()` on `slot` and turns a refusal into state: muted playback plus `autoplayblocked`
    /// when sound is not allowed, a media error when the source cannot play.
    pub(super) fn play_slot(self: &Rc<Self>, slot: usize) {
        let Some(video) = self.pool.video(slot) else { return };
        match video.play() {
            Ok(promise) => {
                let weak = Rc::downgrade(self);
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(error) = JsFuture::from(promise).await {
                        if let Some(shared) = weak.upgrade() {
                            shared.play_failed(slot, &error);
                        }
                    }
                });
            }
            Err(error) => self.play_failed(slot, &error),
        }
    }

    /// Turns a refused `play()` of `slot` into state, by the error's name.
    fn play_failed(self: &Rc<Self>, slot: usize, error: &JsValue) {
        if self.destroyed.get() {
            return;
        }
        match error_name(error).as_str() {
            "NotAllowedError" => self.input(Input::PlayRefused { slot }),
            // A pause() or a new source interrupted the play(): whatever replaced it has its own outcome.
            "AbortError" => {}
            // A source that failed fires `error` before it rejects the pending play(): the `error`
            // listener has reported this failure already, and counting it twice would cut the retries.
            _ if self.pool.video(slot).is_some_and(|video| video.error().is_some()) => {}
            _ => self.input(Input::MediaError { slot }),
        }
    }

    /// Tells the core where the video in `slot` is.
    pub(super) fn report_time(self: &Rc<Self>, slot: usize) {
        let Some(video) = self.pool.video(slot) else { return };
        let media_ms = (video.current_time() * 1000.0).max(0.0) as u64;
        self.input(Input::MediaTime { slot, media_ms });
    }

    /// `timeupdate`: the core hears where the current video is.
    pub(super) fn on_time_update(self: &Rc<Self>, slot: usize) {
        if self.pool.role(slot) == Role::Current {
            self.report_time(slot);
        }
    }

    /// `ended`: the video in `slot` played to its end.
    pub(super) fn on_ended(self: &Rc<Self>, slot: usize) {
        // An `ended` queued before the slot was given a new source is stale.
        if self.pool.video(slot).is_some_and(|video| video.ended()) {
            self.input(Input::Ended { slot });
        }
    }

    /// `error` on the element, or hls.js gave up on its stream: a media error for the core.
    pub(super) fn on_error(self: &Rc<Self>, slot: usize) {
        if self.pool.video(slot).is_some_and(|video| video.error().is_some()) || self.pool.hls_failed(slot) {
            self.input(Input::MediaError { slot });
        }
    }

    /// `stalled`: the browser gets no data for `slot`; with no frame to show, it is in trouble now.
    pub(super) fn on_stalled(self: &Rc<Self>, slot: usize) {
        let Some(video) = self.pool.video(slot) else { return };
        if video.ready_state() < web_sys::HtmlMediaElement::HAVE_CURRENT_DATA {
            self.input(Input::Stalled { slot });
        } else {
            self.input(Input::Waiting { slot, media_ms: media_ms(video) });
        }
    }

    /// `waiting`: the video in `slot` stopped for data.
    pub(super) fn on_waiting(self: &Rc<Self>, slot: usize) {
        if let Some(video) = self.pool.video(slot) {
            self.input(Input::Waiting { slot, media_ms: media_ms(video) });
        }
    }

    /// `progress`: bytes arrived for the current video (a neighbour's are not the watchdog's).
    pub(super) fn on_progress(self: &Rc<Self>, slot: usize) {
        if self.pool.role(slot) == Role::Current {
            self.input(Input::Progress { slot });
        }
    }
}

/// Where `video` is, in whole milliseconds.
fn media_ms(video: &web_sys::HtmlVideoElement) -> u64 {
    (video.current_time() * 1000.0).max(0.0) as u64
}
