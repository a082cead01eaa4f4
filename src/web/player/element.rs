//! [`Player`] as a media element (CONTRACT v2 §4.1–4.3): the properties of the segment playing now,
//! `play()`'s Promise, setters that refuse what a `<video>` refuses, the media events, live settings,
//! autopause and the QoE figures.
//!
//! The media events are the current video's own, passed on as they come (a neighbour's or a video
//! just swiped away from are not), plus a `durationchange` and a `timeupdate` when another segment
//! becomes current: what a `<video>` whose source changed would fire.

use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use web_sys::{DomException, HtmlMediaElement, HtmlVideoElement};

use crate::command::{Event, MediaEvent};
use crate::error::ErrorCode;
use crate::session::qoe::Cause;
use crate::session::{Input, Timer};
use crate::web::dom::{now_ms, warn_on_error};
use crate::web::pool::Role;
use crate::web::visibility::InView;

use super::{live, voice, Player, Shared};

/// The playback rates a `<video>` accepts besides 0 (Chromium's and Firefox's range).
const MIN_RATE: f64 = 0.0625;
const MAX_RATE: f64 = 16.0;

/// A `play()` Promise waiting for the current video to play.
pub(super) struct PendingPlay {
    resolve: Function,
    reject: Function,
}

#[wasm_bindgen]
impl Player {
    /// Plays the current segment (and lets an `autoplay: false` player start). The Promise resolves
    /// once it plays and rejects as a `<video>`'s does: `AbortError` when a pause comes first (or the
    /// player is destroyed), `NotAllowedError` when the browser refuses even muted playback.
    pub fn play(&self) -> Promise {
        let shared = &self.shared;
        if shared.destroyed.get() {
            return Promise::reject(&dom_error("AbortError", "The player was destroyed."));
        }
        // As a <video>'s: a video already playing, or one the browser took the play() of (it is no
        // longer paused) with data enough to play, resolves at once (a pause() right after does not
        // reject it); one still loading waits for `playing`; one the browser refused waits for the
        // player to play muted (`playing`) or to give up (`NotAllowedError`).
        let was_playing = shared.plays_now();
        let mut pending = None;
        let promise = Promise::new(&mut |resolve, reject| pending = Some(PendingPlay { resolve, reject }));
        shared.plays.borrow_mut().extend(pending);
        shared.input(Input::Play);
        let already = shared.plays_now()
            && (was_playing
                || shared
                    .current_video()
                    .is_some_and(|video| video.ready_state() >= HtmlMediaElement::HAVE_FUTURE_DATA));
        if already {
            shared.settle_plays(Ok(()));
        }
        promise
    }

    /// Whether the current segment is paused (true on a lock screen and before anything plays).
    #[wasm_bindgen(getter)]
    pub fn paused(&self) -> bool {
        self.shared.current_video().is_none_or(|video| video.paused())
    }

    /// Whether the current segment played to its end.
    #[wasm_bindgen(getter)]
    pub fn ended(&self) -> bool {
        self.shared.current_video().is_some_and(|video| video.ended())
    }

    /// Seconds into the current segment.
    #[wasm_bindgen(getter, js_name = currentTime)]
    pub fn current_time(&self) -> f64 {
        self.shared.current_video().map_or(0.0, |video| video.current_time())
    }

    /// Seconds the current segment lasts; `NaN` until known.
    #[wasm_bindgen(getter)]
    pub fn duration(&self) -> f64 {
        self.shared.current_video().map_or(f64::NAN, |video| video.duration())
    }

    /// The current segment's `readyState`, as a `<video>`'s (0 to 4).
    #[wasm_bindgen(getter, js_name = readyState)]
    pub fn ready_state(&self) -> u16 {
        self.shared.current_video().map_or(0, |video| video.ready_state())
    }

    /// Volume, 0 to 1.
    #[wasm_bindgen(getter)]
    pub fn volume(&self) -> f64 {
        self.shared.state.borrow().session.volume()
    }

    /// Playback rate of the current segment (2 while the viewer holds for double speed).
    #[wasm_bindgen(getter, js_name = playbackRate)]
    pub fn playback_rate(&self) -> f64 {
        self.shared
            .current_video()
            .map_or_else(|| self.shared.state.borrow().session.playback_rate(), |video| video.playback_rate())
    }

    /// Seeks to `seconds` into the current segment; the video clamps it to the segment, as a
    /// `<video>` does.
    ///
    /// # Errors
    /// `TypeError` when `seconds` is not finite.
    pub fn seek(&self, seconds: f64) -> Result<(), JsValue> {
        finite(seconds)?;
        if let Some(video) = self.shared.current_video() {
            video.set_current_time(seconds.max(0.0));
        }
        Ok(())
    }

    /// Sets every video's volume.
    ///
    /// # Errors
    /// `TypeError` when `volume` is not finite, `IndexSizeError` outside 0 to 1: a `<video>`'s answers.
    #[wasm_bindgen(js_name = setVolume)]
    pub fn set_volume(&self, volume: f64) -> Result<(), JsValue> {
        finite(volume)?;
        if !(0.0..=1.0).contains(&volume) {
            // No number in the message: float formatting would ship about 10 KB gzip.
            return Err(dom_error("IndexSizeError", "The volume provided is outside the range [0, 1]."));
        }
        self.shared.input(Input::Volume(volume));
        Ok(())
    }

    /// Sets the playback rate, kept across segments.
    ///
    /// # Errors
    /// `TypeError` when `rate` is not finite, `NotSupportedError` when it is neither 0 nor within
    /// 1/16 to 16: a `<video>`'s answers.
    #[wasm_bindgen(js_name = setPlaybackRate)]
    pub fn set_playback_rate(&self, rate: f64) -> Result<(), JsValue> {
        finite(rate)?;
        if rate != 0.0 && !(MIN_RATE..=MAX_RATE).contains(&rate) {
            let message = "The provided playback rate is not in the supported playback range.";
            return Err(dom_error("NotSupportedError", message));
        }
        self.shared.input(Input::Rate(rate));
        Ok(())
    }

    /// Moves the feed to episode `episodeId`; an `error {code: "unknown-episode"}` event when the
    /// feed has no such episode (the player plays on).
    #[wasm_bindgen(js_name = goToEpisode)]
    pub fn go_to_episode(&self, episode_id: &str) {
        let index = {
            let state = self.shared.state.borrow();
            state
                .session
                .episodes()
                .into_iter()
                .find(|view| view.episode_id == episode_id)
                .map(|view| view.index)
        };
        match index {
            Some(index) => {
                self.shared.viewer_input(Input::Jump(index));
            }
            None => self.shared.emit(&Event::Error {
                code: ErrorCode::UnknownEpisode,
                message: format!("no episode \"{episode_id}\" in the feed"),
            }),
        }
    }

    /// Turns autoplay on (a player waiting for the viewer starts) or off (the next segment waits).
    #[wasm_bindgen(js_name = setAutoplay)]
    pub fn set_autoplay(&self, on: bool) {
        self.shared.input(Input::Autoplay(on));
    }

    /// Shows or hides the player's buttons.
    #[wasm_bindgen(js_name = setControls)]
    pub fn set_controls(&self, on: bool) {
        self.shared.overlay.set_controls(on);
    }

    /// Turns autopause (CONTRACT §4.2) on or off.
    #[wasm_bindgen(js_name = setAutopause)]
    pub fn set_autopause(&self, on: bool) {
        self.shared.input(Input::Autopause(on));
    }

    /// The choice timer: `normal`, `extended` or `off`; anything else is `normal`.
    #[wasm_bindgen(js_name = setTimer)]
    pub fn set_timer(&self, timer: &str) {
        self.shared.input(Input::Timer(Timer::parse(timer).unwrap_or_default()));
    }

    /// The session's QoE figures so far (CONTRACT §4.3): `{ episodes, completed, watchedMs,
    /// rebufferCount, rebufferMs, errors, startupP50Ms, startupP95Ms }`.
    #[wasm_bindgen(js_name = getStats)]
    pub fn get_stats(&self) -> JsValue {
        let stats = self.shared.qoe.borrow().stats(now_ms());
        super::events::to_js(&stats)
    }
}

impl Shared {
    /// The current video, if a segment (not a lock screen) is current.
    pub(super) fn current_video(&self) -> Option<&HtmlVideoElement> {
        self.pool.current().and_then(|slot| self.pool.video(slot))
    }

    /// Resolves (`Ok`) or rejects with a `DOMException` of that name every pending `play()` Promise.
    pub(super) fn settle_plays(&self, outcome: Result<(), &str>) {
        let pending = self.plays.take();
        if pending.is_empty() {
            return;
        }
        let error = outcome.err().map(|name| {
            let message = match name {
                "NotAllowedError" => "play() failed because the browser refused playback, even muted.",
                "AbortError" if self.destroyed.get() => "The player was destroyed.",
                _ => "The play() request was interrupted by a call to pause().",
            };
            dom_error(name, message)
        });
        for play in pending {
            let result = match &error {
                None => play.resolve.call0(&JsValue::UNDEFINED),
                Some(error) => play.reject.call1(&JsValue::UNDEFINED, error),
            };
            warn_on_error(result, "play() Promise");
        }
    }

    /// Passes one of `slot`'s media events on to the host when `slot` is the current video, and
    /// keeps what depends on it: `play()` Promises, one voice per page, autopause, QoE.
    pub(super) fn on_media_event(self: &Rc<Self>, slot: usize, kind: MediaEvent) {
        if self.pool.role(slot) != Role::Current {
            return;
        }
        let now = now_ms();
        match kind {
            MediaEvent::Playing => self.qoe.borrow_mut().playing(now),
            MediaEvent::Waiting => self.qoe.borrow_mut().waiting(now),
            MediaEvent::Pause => self.qoe.borrow_mut().paused(now),
            MediaEvent::Ended => self.qoe.borrow_mut().segment_ended(),
            MediaEvent::TimeUpdate | MediaEvent::DurationChange => self.update_progress(),
            _ => {}
        }
        self.emit_media(kind);
        if kind == MediaEvent::Playing && !self.destroyed.get() {
            self.settle_plays(Ok(()));
            let media_ms =
                self.pool.video(slot).map_or(0, |video| (video.current_time() * 1000.0).max(0.0) as u64);
            self.input(Input::Playing { slot, media_ms });
            if self.state.borrow().session.plays() {
                voice::started_playing(self);
            }
        }
        // Unmuted (or given volume) while it plays: it plays with sound from now on, so the page's
        // other voice stops, as when it starts playing with sound (CONTRACT §4.2).
        if kind == MediaEvent::VolumeChange && !self.destroyed.get() && self.sounding() && self.plays_now() {
            voice::started_playing(self);
        }
    }

    /// Another segment became current (`Show`): its duration and time, as a `<video>` given a new
    /// source reports them.
    pub(super) fn current_changed(&self, before: Option<f64>) {
        let after = self.current_video().map(|video| video.duration());
        let same = match (before, after) {
            (Some(a), Some(b)) => a == b || (a.is_nan() && b.is_nan()),
            (None, None) => true,
            _ => false,
        };
        if !same {
            self.emit_media(MediaEvent::DurationChange);
        }
        self.emit_media(MediaEvent::TimeUpdate);
        self.update_progress();
    }

    /// The progress bar shows where the current video is.
    pub(super) fn update_progress(&self) {
        let (position, duration) =
            self.current_video().map_or((0.0, f64::NAN), |video| (video.current_time(), video.duration()));
        self.scrubber.show(position, duration);
    }

    /// Tells the core how much of the host is in view and whether the page is hidden, from now on:
    /// autopause and the choice countdown depend on both.
    pub(super) fn watch_visibility(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let watcher = InView::new(&self.host, move |in_view, hidden| {
            if let Some(shared) = live(&weak) {
                shared.input(Input::Visibility { in_view, hidden });
            }
        });
        *self.in_view.borrow_mut() = Some(watcher);
    }

    /// QoE bookkeeping for a contract event, before it is dispatched; a `qoe` event for the episode
    /// left when another becomes current.
    pub(super) fn observe_for_qoe(&self, event: &Event) {
        let now = now_ms();
        let left = match event {
            Event::EpisodeChange { series_id, episode_id, .. } => {
                let cause = self.qoe_cause.replace(Cause::Story);
                self.qoe.borrow_mut().enter(series_id, episode_id, cause, now)
            }
            Event::SegmentChange { .. } => {
                self.qoe.borrow_mut().segment_started();
                None
            }
            Event::Ending { .. } => {
                self.qoe.borrow_mut().completed();
                None
            }
            Event::Error { .. } => {
                self.qoe.borrow_mut().error();
                None
            }
            _ => None,
        };
        if let Some(report) = left {
            self.emit(&Event::Qoe(report));
        }
    }
}

/// A `TypeError` for a value that is not finite, as a `<video>`'s double attributes throw.
fn finite(value: f64) -> Result<(), JsValue> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(js_sys::TypeError::new("The provided double value is non-finite.").into())
    }
}

/// `new DOMException(message, name)`; a plain `Error` if even that fails.
fn dom_error(name: &str, message: &str) -> JsValue {
    DomException::new_with_message_and_name(message, name)
        .map(JsValue::from)
        .unwrap_or_else(|_| js_sys::Error::new(message).into())
}
