//! The video elements: playing, pausing and muting them (and what a refused `play()` means), the media
//! events the core hears about, and the stall watchdog.

use std::rc::Rc;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::session::Input;
use crate::web::dom::{error_name, Timeout};
use crate::web::pool::Role;

use super::{live, Shared};

/// The stall watchdog's patience: a current video that should be playing but sits `waiting` (or
/// `stalled`) at the same media time, with no bytes arriving, for this long is reported to the core
/// as a media error (which retries it, then skips it). Bytes still arriving (`progress`) restart the
/// wait: a slow network is waited for, a dead one is not.
const STALL_TIMEOUT_MS: u32 = 5000;

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

    /// The current video plays: the neighbour loads held back for it go now.
    pub(super) fn on_playing(self: &Rc<Self>, slot: usize) {
        if self.pool.role(slot) == Role::Current && !self.deferred.borrow().is_empty() {
            self.pump();
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

    /// `stalled`: the browser gets no data for `slot`.
    pub(super) fn on_stalled(self: &Rc<Self>, slot: usize) {
        // `stalled` also fires for a neighbour that simply stopped buffering; only a current video
        // with nothing to show is in trouble.
        let stuck = self.pool.role(slot) == Role::Current
            && self
                .pool
                .video(slot)
                .is_some_and(|video| video.ready_state() < web_sys::HtmlMediaElement::HAVE_CURRENT_DATA);
        if stuck {
            self.disarm_watchdog(slot);
            self.input(Input::MediaError { slot });
        } else {
            self.arm_watchdog(slot);
        }
    }

    /// Arms the stall watchdog for `slot` if it is the current video and should be playing; an armed
    /// watchdog keeps its start (a repeated `waiting` does not postpone it).
    pub(super) fn arm_watchdog(self: &Rc<Self>, slot: usize) {
        let Some(video) = self.pool.video(slot) else { return };
        if self.pool.role(slot) != Role::Current || video.paused() || video.ended() {
            return;
        }
        if self.stall.borrow().as_ref().is_some_and(|stall| stall.slot == slot) {
            return;
        }
        let weak = Rc::downgrade(self);
        let timer = Timeout::new(STALL_TIMEOUT_MS, move || {
            if let Some(shared) = live(&weak) {
                shared.on_watchdog(slot);
            }
        });
        *self.stall.borrow_mut() = Some(Stall { slot, media_ms: media_ms(video), _timer: timer });
    }

    /// Bytes arrived for `slot`: an armed watchdog starts its wait again.
    pub(super) fn on_progress(self: &Rc<Self>, slot: usize) {
        if self.stall.borrow().as_ref().is_some_and(|stall| stall.slot == slot) {
            drop(self.stall.take());
            self.arm_watchdog(slot);
        }
    }

    /// The video moved: not stalled.
    pub(super) fn on_watchdog_time(self: &Rc<Self>, slot: usize) {
        let moved = match (self.stall.borrow().as_ref(), self.pool.video(slot)) {
            (Some(stall), Some(video)) => stall.slot == slot && stall.media_ms != media_ms(video),
            _ => false,
        };
        if moved {
            drop(self.stall.take());
        }
    }

    /// The video in `slot` plays, paused, ended or lost its source: the watchdog has nothing to wait for.
    pub(super) fn disarm_watchdog(self: &Rc<Self>, slot: usize) {
        if self.stall.borrow().as_ref().is_some_and(|stall| stall.slot == slot) {
            drop(self.stall.take());
        }
    }

    /// The watchdog ran out: if `slot` is still the current video, still should be playing and still
    /// has not moved, it is a media error.
    fn on_watchdog(self: &Rc<Self>, slot: usize) {
        let fired = self.stall.borrow_mut().take();
        let Some(stall) = fired.as_ref() else { return };
        let Some(video) = self.pool.video(slot) else { return };
        let stuck = stall.slot == slot
            && self.pool.role(slot) == Role::Current
            && !video.paused()
            && self.state.borrow().session.plays()
            && video.ready_state() < web_sys::HtmlMediaElement::HAVE_FUTURE_DATA
            && media_ms(video) == stall.media_ms;
        if stuck {
            self.input(Input::MediaError { slot });
        }
    }
}

/// The stall watchdog while it is armed: the slot, where its video stood, and the timer.
pub(super) struct Stall {
    slot: usize,
    media_ms: u64,
    _timer: Timeout,
}

/// Where `video` is, in whole milliseconds.
fn media_ms(video: &web_sys::HtmlVideoElement) -> u64 {
    (video.current_time() * 1000.0).max(0.0) as u64
}
