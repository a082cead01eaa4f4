//! The viewer's input: presses and drags (tap, swipe, hold for 2x), the wheel, clicks on the player's
//! buttons, keys, and the media keys of the Media Session.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent, PointerEvent, WheelEvent};

use crate::command::Via;
use crate::feed::gesture::DeltaMode;
use crate::session::qoe::Cause;
use crate::session::Input;
use crate::web::dom::warn_on_error;
use crate::web::media_session::{Action, MediaSessionHandle};
use crate::web::overlay::Menu;
use crate::web::scrubber::KEY_STEP_S;

use super::events::{dispatch, UnlockRequest};
use super::menus::RATES;
use super::{live, Shared};

impl Shared {
    /// Hands the core an input that may move the feed at the viewer's hand: an episode it makes
    /// current counts its startup from this input (QoE), and only this input's.
    pub(super) fn viewer_input(self: &Rc<Self>, input: Input) {
        self.qoe_cause.set(Cause::Input);
        self.input(input);
        self.qoe_cause.set(Cause::Story);
    }

    /// Registers the Media Session handlers (play, pause, next and previous track).
    pub(super) fn start_media_session(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let handle = MediaSessionHandle::new(move |action| {
            let Some(shared) = live(&weak) else { return };
            match action {
                Action::Play => shared.input(Input::Play),
                Action::Pause => shared.input(Input::Pause),
                Action::Next => shared.viewer_input(Input::Next),
                Action::Prev => shared.viewer_input(Input::Prev),
            }
        });
        *self.media_session.borrow_mut() = handle;
    }

    /// A press on the player, away from its controls, starts a gesture (the core reads it).
    pub(super) fn on_pointer_down(self: &Rc<Self>, event: web_sys::Event) {
        let Some(event) = event.dyn_ref::<PointerEvent>() else { return };
        self.state.borrow_mut().pointer_input = true;
        if !event.is_primary() || (event.pointer_type() == "mouse" && event.button() != 0) {
            return;
        }
        let target = event.target().and_then(|target| target.dyn_into::<Element>().ok());
        if target.as_ref().is_some_and(|element| self.scrubber.contains(element)) {
            self.state.borrow_mut().scrub = Some(event.pointer_id());
            let _ = self.root.set_pointer_capture(event.pointer_id());
            self.scrubber.set_pressed(true);
            self.scrub_to(f64::from(event.client_x()));
            return;
        }
        let on_control = target
            .and_then(|element| element.closest("button, a, .md-drawer, .md-menu").ok().flatten())
            .is_some();
        if on_control {
            return;
        }
        self.state.borrow_mut().pointer = Some(event.pointer_id());
        // Keeps a mouse drag that leaves the player. Fails only for a pointer that is no longer active
        // (a synthetic event); the drag then still works inside the player.
        let _ = self.root.set_pointer_capture(event.pointer_id());
        let (x, y) = (f64::from(event.client_x()), f64::from(event.client_y()));
        self.input(Input::Press { x, y, height: f64::from(self.feed.client_height()) });
    }

    /// The pressed pointer moved.
    pub(super) fn on_pointer_move(self: &Rc<Self>, event: web_sys::Event) {
        let Some(event) = event.dyn_ref::<PointerEvent>() else { return };
        if self.state.borrow().scrub == Some(event.pointer_id()) {
            self.scrub_to(f64::from(event.client_x()));
            return;
        }
        if self.state.borrow().pointer != Some(event.pointer_id()) {
            return;
        }
        self.input(Input::Drag { x: f64::from(event.client_x()), y: f64::from(event.client_y()) });
    }

    /// The press lifted.
    pub(super) fn on_pointer_up(self: &Rc<Self>, event: web_sys::Event) {
        let Some(event) = self.end_press(event) else { return };
        self.viewer_input(Input::Release { x: f64::from(event.client_x()), y: f64::from(event.client_y()) });
    }

    /// The browser took the pointer away: the press ends without a swipe.
    pub(super) fn on_pointer_cancel(self: &Rc<Self>, event: web_sys::Event) {
        if self.end_press(event).is_some() {
            self.input(Input::PressCancelled);
        }
    }

    /// The sound button and the M key: sound off if on, on if off.
    fn toggle_mute(self: &Rc<Self>) {
        let muted = self.state.borrow().session.muted();
        self.input(Input::Muted(!muted));
    }

    /// Seeks the current video to where client `x` points along the progress bar.
    fn scrub_to(self: &Rc<Self>, x: f64) {
        let Some(video) = self.current_video() else { return };
        self.seek_within(self.scrubber.fraction_at(x) * video.duration());
    }

    /// Keys on the progress bar: the arrows step, Home and End go to the ends of the segment.
    fn on_scrubber_key(self: &Rc<Self>, key: &str) -> bool {
        let Some(video) = self.current_video() else { return false };
        let (now, duration) = (video.current_time(), video.duration());
        let to = match key {
            "ArrowLeft" => now - KEY_STEP_S,
            "ArrowRight" => now + KEY_STEP_S,
            "Home" => 0.0,
            "End" => duration,
            _ => return false,
        };
        self.seek_within(to);
        true
    }

    /// Moves the current video to `seconds`, kept within its segment, and the bar with it (nothing
    /// until the duration is known).
    fn seek_within(&self, seconds: f64) {
        let Some(video) = self.current_video() else { return };
        let duration = video.duration();
        if duration.is_finite() && seconds.is_finite() {
            #[allow(clippy::manual_clamp)]
            video.set_current_time(seconds.max(0.0).min(duration));
            self.update_progress();
        }
    }

    /// The pointer event that ends the press in progress; another pointer's is `None`. A press on
    /// the progress bar ends there.
    fn end_press(&self, event: web_sys::Event) -> Option<PointerEvent> {
        let event = event.dyn_into::<PointerEvent>().ok()?;
        let mut state = self.state.borrow_mut();
        if state.scrub.take_if(|id| *id == event.pointer_id()).is_some() {
            self.scrubber.set_pressed(false);
            return None;
        }
        if state.pointer != Some(event.pointer_id()) {
            return None;
        }
        state.pointer = None;
        Some(event)
    }

    /// A wheel or trackpad scroll pages the feed.
    pub(super) fn on_wheel(self: &Rc<Self>, event: web_sys::Event) {
        let Some(event) = event.dyn_ref::<WheelEvent>() else { return };
        // The open drawer scrolls its own grid (and the core does not page); else the feed pages and
        // the page behind it must not scroll.
        if !self.drawer.is_open() {
            event.prevent_default();
        }
        self.viewer_input(Input::Wheel {
            delta_y: event.delta_y(),
            mode: DeltaMode::from_dom(event.delta_mode()),
            height: f64::from(self.feed.client_height()),
        });
    }

    /// A click on one of the player's buttons (`data-action`).
    pub(super) fn on_click(self: &Rc<Self>, event: web_sys::Event) {
        let Some(target) = event.target().and_then(|target| target.dyn_into::<Element>().ok()) else {
            return;
        };
        let Some(button) = warn_on_error(target.closest("[data-action]"), "closest").flatten() else {
            return;
        };
        let action = button.get_attribute("data-action").unwrap_or_default();
        match action.as_str() {
            "choose" => {
                let index = button.get_attribute("data-index").and_then(|index| index.parse::<usize>().ok());
                if let Some(index) = index {
                    self.viewer_input(Input::Choose { index, via: Via::Tap });
                }
            }
            "prev" => self.viewer_input(Input::Prev),
            "next" => self.viewer_input(Input::Next),
            "rewind" => self.input(Input::Rewind),
            "replay" => self.viewer_input(Input::Replay),
            "sound" => self.toggle_mute(),
            "toggle" => self.input(Input::TogglePlay),
            "unmute" => {
                // A click is a user activation: unmuting now is allowed, and a video refused even
                // muted playback can start (the core plays it).
                self.input(Input::Muted(false));
            }
            "drawer" => self.open_drawer(),
            "close-drawer" => self.close_drawer(),
            "jump" => {
                let locked = button.get_attribute("aria-disabled").is_some_and(|v| v == "true");
                let index = button.get_attribute("data-index").and_then(|index| index.parse::<usize>().ok());
                if let (false, Some(index)) = (locked, index) {
                    self.close_drawer();
                    self.viewer_input(Input::Jump(index));
                }
            }
            "captions-menu" => self.open_menu(Menu::Captions),
            "speed-menu" => self.open_menu(Menu::Speed),
            "caption-lang" => {
                let value = button.get_attribute("data-value").unwrap_or_default();
                self.input(Input::Captions((!value.is_empty()).then_some(value)));
                self.close_menu();
            }
            "rate" => {
                // The value is the rate's place in RATES: no decimal text to parse.
                let rate = button.get_attribute("data-value").and_then(|v| v.parse::<usize>().ok());
                if let Some(&rate) = rate.and_then(|i| RATES.get(i)) {
                    self.input(Input::Rate(rate));
                }
                self.close_menu();
            }
            "unlock" => {
                let episode = self.state.borrow().session.locked_episode();
                if let Some(episode_id) = episode {
                    dispatch(&self.host, "unlockrequest", &UnlockRequest { episode_id: &episode_id });
                }
            }
            _ => {}
        }
    }

    /// Keys on the host: arrows and Page keys page, Space or `k` plays and pauses, `m` mutes, `1`–`9`
    /// choose; an open drawer or menu sees them first.
    pub(super) fn on_key(self: &Rc<Self>, event: web_sys::Event) {
        let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
        if event.ctrl_key() || event.meta_key() || event.alt_key() || event.default_prevented() {
            return;
        }
        // The real target, through the shadow root: Space and Enter on a focused button press it.
        let origin = event.composed_path().get(0).dyn_into::<Element>().ok();
        let on_button =
            origin.as_ref().is_some_and(|element| element.tag_name().eq_ignore_ascii_case("button"));
        let key = event.key();
        self.state.borrow_mut().pointer_input = false;
        if let Some(handled) = self.on_popup_key(&key, event.shift_key(), origin.as_ref()) {
            if handled {
                event.prevent_default();
            }
            return;
        }
        if origin.as_ref().is_some_and(|element| self.scrubber.contains(element))
            && self.on_scrubber_key(&key)
        {
            event.prevent_default();
            return;
        }
        match key.as_str() {
            "ArrowUp" | "PageUp" => self.viewer_input(Input::Prev),
            "ArrowDown" | "PageDown" => self.viewer_input(Input::Next),
            " " | "k" | "K" => {
                if on_button && key == " " {
                    return;
                }
                self.input(Input::TogglePlay);
            }
            "m" | "M" => self.toggle_mute(),
            "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" => {
                let position = key.parse::<usize>().unwrap_or(1).saturating_sub(1);
                let index = self.state.borrow().session.choice_options().get(position).copied();
                let Some(index) = index else { return };
                self.viewer_input(Input::Choose { index, via: Via::Key });
            }
            _ => return,
        }
        event.prevent_default();
    }
}
