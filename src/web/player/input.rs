//! The viewer's input: presses and drags (tap, swipe, hold for 2x), the wheel, clicks on the player's
//! buttons, keys, and the media keys of the Media Session.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent, PointerEvent, WheelEvent};

use crate::command::Via;
use crate::feed::gesture::{DeltaMode, Gesture, GestureTracker, Page};
use crate::session::Input;
use crate::web::dom::{now_ms, warn_on_error, Timeout};
use crate::web::media_session::{Action, MediaSessionHandle};
use crate::web::overlay::Menu;

use super::apply::delay;
use super::events::{dispatch, UnlockRequest};
use super::menus::RATES;
use super::{live, Shared};

impl Shared {
    /// The viewer or the host moves the feed.
    pub(super) fn viewer_acted(&self) {
        // The next episode made current is the viewer's doing: its startup counts as input → frame.
        self.qoe_cause.set(crate::session::qoe::Cause::Input);
    }

    /// Registers the Media Session handlers (play, pause, next and previous track).
    pub(super) fn start_media_session(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let handle = MediaSessionHandle::new(move |action| {
            let Some(shared) = live(&weak) else { return };
            match action {
                Action::Play => shared.input(Input::Play),
                Action::Pause => shared.input(Input::Pause),
                Action::Next => {
                    shared.viewer_acted();
                    shared.input(Input::Next);
                }
                Action::Prev => {
                    shared.viewer_acted();
                    shared.input(Input::Prev);
                }
            }
        });
        *self.media_session.borrow_mut() = handle;
    }

    /// A press on the player, away from its controls, starts a gesture (a hold, if it stays still).
    pub(super) fn on_pointer_down(self: &Rc<Self>, event: web_sys::Event) {
        let Some(event) = event.dyn_ref::<PointerEvent>() else { return };
        self.state.borrow_mut().pointer_input = true;
        if !event.is_primary() || (event.pointer_type() == "mouse" && event.button() != 0) {
            return;
        }
        let on_control = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .and_then(|element| element.closest("button, a, .md-drawer, .md-menu").ok().flatten())
            .is_some();
        if on_control {
            return;
        }
        let height = f64::from(self.feed.client_height());
        let now = now_ms();
        let hold_at = {
            let mut state = self.state.borrow_mut();
            let (index, len) = (state.session.feed_index(), state.session.feed_len());
            state.gesture.start(
                f64::from(event.client_x()),
                f64::from(event.client_y()),
                now,
                height,
                index > 0,
                index + 1 < len,
            );
            state.pointer = Some(event.pointer_id());
            state.offset = 0.0;
            state.gesture.hold_deadline()
        };
        // Keeps a mouse drag that leaves the player. Fails only for a pointer that is no longer active
        // (a synthetic event); the drag then still works inside the player.
        let _ = self.root.set_pointer_capture(event.pointer_id());
        warn_on_error(self.feed.class_list().add_1("md-dragging"), "classList");
        let timer = hold_at.map(|at| {
            let weak = Rc::downgrade(self);
            Timeout::new(delay(at, now), move || {
                if let Some(shared) = live(&weak) {
                    shared.on_hold_timer();
                }
            })
        });
        *self.hold_timer.borrow_mut() = timer;
    }

    /// The press stayed still long enough: the current video plays at 2x until it lifts.
    fn on_hold_timer(self: &Rc<Self>) {
        let held = self.state.borrow_mut().gesture.poll(now_ms()).is_some();
        if held {
            self.input(Input::Fast(true));
        }
    }

    /// The videos follow the finger.
    pub(super) fn on_pointer_move(self: &Rc<Self>, event: web_sys::Event) {
        let Some(event) = event.dyn_ref::<PointerEvent>() else { return };
        let offset = {
            let mut state = self.state.borrow_mut();
            if state.pointer != Some(event.pointer_id()) {
                return;
            }
            let drag =
                state.gesture.move_to(f64::from(event.client_x()), f64::from(event.client_y()), now_ms());
            if drag.offset_px == state.offset {
                return;
            }
            state.offset = drag.offset_px;
            drag.offset_px
        };
        self.pool.drag(offset);
    }

    /// The press lifted: what it amounts to.
    pub(super) fn on_pointer_up(self: &Rc<Self>, event: web_sys::Event) {
        self.end_press(event, |gesture, event| {
            gesture.end(f64::from(event.client_x()), f64::from(event.client_y()), now_ms())
        });
    }

    /// The browser took the pointer away: the press ends without a swipe.
    pub(super) fn on_pointer_cancel(self: &Rc<Self>, event: web_sys::Event) {
        self.end_press(event, |gesture, _| gesture.cancel());
    }

    /// Ends the press `event` belongs to (another pointer's events are ignored) with what `finish`
    /// makes of it.
    fn end_press(
        self: &Rc<Self>,
        event: web_sys::Event,
        finish: impl FnOnce(&mut GestureTracker, &PointerEvent) -> Gesture,
    ) {
        let Some(event) = event.dyn_ref::<PointerEvent>() else { return };
        let gesture = {
            let mut state = self.state.borrow_mut();
            if state.pointer != Some(event.pointer_id()) {
                return;
            }
            state.pointer = None;
            finish(&mut state.gesture, event)
        };
        self.on_gesture(gesture);
    }

    /// Acts on a finished press: a tap pauses or plays, a swipe pages, a hold goes back
    /// to the viewer's rate.
    fn on_gesture(self: &Rc<Self>, gesture: Gesture) {
        drop(self.hold_timer.take());
        warn_on_error(self.feed.class_list().remove_1("md-dragging"), "classList");
        // Back to rest first (animated from where the finger left the videos); a committed swipe's
        // `Show` then re-places the slots in the same frame.
        self.pool.settle();
        match gesture {
            // Under a lock screen or an ending card there is nothing to pause or resume.
            Gesture::Tap if self.overlay.covered() => {}
            Gesture::Tap => self.input(Input::TogglePlay),
            Gesture::Next => {
                self.viewer_acted();
                self.input(Input::Next);
            }
            Gesture::Prev => {
                self.viewer_acted();
                self.input(Input::Prev);
            }
            Gesture::HoldEnd => self.input(Input::Fast(false)),
            Gesture::Cancel | Gesture::None => {}
        }
    }

    /// A wheel or trackpad scroll pages the feed.
    pub(super) fn on_wheel(self: &Rc<Self>, event: web_sys::Event) {
        let Some(event) = event.dyn_ref::<WheelEvent>() else { return };
        // The drawer scrolls its own grid.
        if self.drawer.is_open() {
            return;
        }
        // The feed pages; the page behind it must not scroll.
        event.prevent_default();
        let height = f64::from(self.feed.client_height());
        let page = self.state.borrow_mut().wheel.wheel(
            event.delta_y(),
            DeltaMode::from_dom(event.delta_mode()),
            height,
            now_ms(),
        );
        match page {
            Some(Page::Next) => {
                self.viewer_acted();
                self.input(Input::Next);
            }
            Some(Page::Prev) => {
                self.viewer_acted();
                self.input(Input::Prev);
            }
            None => {}
        }
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
                    self.viewer_acted();
                    self.input(Input::Choose { index, via: Via::Tap });
                }
            }
            "prev" => {
                self.viewer_acted();
                self.input(Input::Prev);
            }
            "next" => {
                self.viewer_acted();
                self.input(Input::Next);
            }
            "rewind" => self.input(Input::Rewind),
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
                    self.viewer_acted();
                    self.input(Input::Jump(index));
                }
            }
            "captions-menu" => self.open_menu(Menu::Captions),
            "speed-menu" => self.open_menu(Menu::Speed),
            "caption-lang" => {
                let value = button.get_attribute("data-value").unwrap_or_default();
                self.state.borrow_mut().captions = if value.is_empty() { None } else { Some(value) };
                self.update_captions();
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
        match key.as_str() {
            "ArrowUp" | "PageUp" => {
                self.viewer_acted();
                self.input(Input::Prev);
            }
            "ArrowDown" | "PageDown" => {
                self.viewer_acted();
                self.input(Input::Next);
            }
            " " | "k" | "K" => {
                if on_button && key == " " {
                    return;
                }
                self.input(Input::TogglePlay);
            }
            "m" | "M" => {
                let muted = self.state.borrow().session.muted();
                self.input(Input::Muted(!muted));
            }
            "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" => {
                let position = key.parse::<usize>().unwrap_or(1).saturating_sub(1);
                let index = self.state.borrow().session.choice_options().get(position).copied();
                let Some(index) = index else { return };
                self.viewer_acted();
                self.input(Input::Choose { index, via: Via::Key });
            }
            _ => return,
        }
        event.prevent_default();
    }
}
