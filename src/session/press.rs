//! The viewer's presses and wheel on the video, read in the core: the feed follows the finger, a
//! tap plays or pauses, a swipe or a scroll pages, a still press plays at double speed until it lifts.
//! The web layer reports where the pointer is and draws [`Command::Drag`] and [`Command::Settle`].

use crate::command::Command;
use crate::feed::gesture::{DeltaMode, Gesture, Page};

use super::{Overlay, Session};

impl Session {
    /// A press at `(x, y)` on a feed `height` px tall, away from the player's controls.
    pub(super) fn press(&mut self, x: f64, y: f64, height: f64, now_ms: u64) -> Vec<Command> {
        let (index, len) = (self.feed.index(), self.feed.len());
        self.gesture.start(x, y, now_ms, height, index > 0, index + 1 < len);
        self.drag_offset = Some(0.0);
        vec![Command::Drag { offset_px: 0.0 }]
    }

    /// The pressed pointer moved to `(x, y)`: the feed follows it (when the press is a vertical drag).
    pub(super) fn drag(&mut self, x: f64, y: f64, now_ms: u64) -> Vec<Command> {
        let Some(drawn) = self.drag_offset else { return Vec::new() };
        let offset_px = self.gesture.move_to(x, y, now_ms).offset_px;
        if offset_px == drawn {
            return Vec::new();
        }
        self.drag_offset = Some(offset_px);
        vec![Command::Drag { offset_px }]
    }

    /// The press ended (`at`: lifted there; `None`: the browser took the pointer away). The feed goes
    /// back to rest, then what the press amounts to happens.
    pub(super) fn release(&mut self, at: Option<(f64, f64)>, now_ms: u64) -> Vec<Command> {
        if self.drag_offset.take().is_none() {
            return Vec::new();
        }
        let gesture = match at {
            Some((x, y)) => self.gesture.end(x, y, now_ms),
            None => self.gesture.cancel(),
        };
        let mut out = vec![Command::Settle];
        match gesture {
            // Under a lock screen or an ending card there is nothing to pause or resume.
            Gesture::Tap if !matches!(self.overlay, Overlay::None | Overlay::Choices) => {}
            Gesture::Tap => self.toggle_play(),
            Gesture::Next => out.extend(self.moving(|s| s.next(now_ms))),
            Gesture::Prev => out.extend(self.moving(|s| s.prev(now_ms))),
            Gesture::HoldEnd => out.extend(self.set_fast(false)),
            Gesture::Cancel | Gesture::None => {}
        }
        out
    }

    /// The press has stayed still long enough by `now_ms`: double speed while it lasts.
    pub(super) fn poll_hold(&mut self, now_ms: u64) -> Vec<Command> {
        if self.gesture.poll(now_ms).is_some() {
            self.set_fast(true)
        } else {
            Vec::new()
        }
    }

    /// A wheel or trackpad scroll (`delta_y` in `mode`'s units) over a feed `height` px tall pages
    /// the feed; the open drawer scrolls its own grid instead.
    pub(super) fn wheel(&mut self, delta_y: f64, mode: DeltaMode, height: f64, now_ms: u64) -> Vec<Command> {
        if self.playback.drawer_open {
            return Vec::new();
        }
        match self.wheel.wheel(delta_y, mode, height, now_ms) {
            Some(Page::Next) => self.moving(|s| s.next(now_ms)),
            Some(Page::Prev) => self.moving(|s| s.prev(now_ms)),
            None => Vec::new(),
        }
    }
}
