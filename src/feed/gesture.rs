//! Pointer and wheel input for the swipe feed, classified without a browser.
//!
//! The web layer forwards raw samples (pixels, and `now_ms` from the event) and applies the answers:
//! a [`Drag`] offset as a CSS `transform` while the finger is down, then one [`Gesture`] on release.
//! The thresholds below are the documented feel of the player.

use std::collections::VecDeque;

/// Movement (px, from the press point) after which a press is locked to an axis and is no longer a tap.
pub const AXIS_LOCK_PX: f64 = 10.0;
/// A release this soon (ms) after the press, without leaving [`AXIS_LOCK_PX`], is a tap.
pub const TAP_MAX_MS: u64 = 300;
/// A press held this long (ms) without leaving [`AXIS_LOCK_PX`] becomes a hold (2x speed).
pub const HOLD_MS: u64 = 500;
/// A vertical drag of at least this fraction of the viewport height commits the swipe on release.
pub const COMMIT_FRACTION: f64 = 0.2;
/// A release at least this fast (px/ms, toward the swipe's direction) commits a shorter swipe…
pub const FLICK_VELOCITY_PX_PER_MS: f64 = 0.5;
/// …provided the drag covered at least this distance (px).
pub const FLICK_MIN_PX: f64 = 30.0;
/// The release velocity is measured over the samples of this last span (ms).
pub const VELOCITY_WINDOW_MS: u64 = 100;
/// Stiffness of the rubber band past the ends of the feed: smaller resists more.
pub const RUBBER_BAND: f64 = 0.55;
/// Accumulated wheel delta (px) that turns one page.
pub const WHEEL_PAGE_PX: f64 = 50.0;
/// Pixels per line, for wheel events in line mode.
pub const WHEEL_LINE_PX: f64 = 16.0;
/// After a wheel page, wheel input is ignored for this long (ms): trackpad momentum keeps firing.
pub const WHEEL_COOLDOWN_MS: u64 = 600;
/// Wheel accumulation starts over after this much quiet (ms).
pub const WHEEL_QUIET_MS: u64 = 200;

/// Where to draw the feed while the finger is down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drag {
    /// Vertical offset (px) to apply with a CSS `transform`; negative moves the feed up.
    pub offset_px: f64,
}

/// What a released (or cancelled) press amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gesture {
    /// Nothing for the feed: a horizontal drag, a long still press, or no press at all.
    None,
    /// A short still press: toggle play/pause (or press what is under it).
    Tap,
    /// A committed swipe up: go to the next entry.
    Next,
    /// A committed swipe down: go to the previous entry.
    Prev,
    /// A vertical drag that did not commit (or ran past an end): animate the offset back to zero.
    Cancel,
    /// The release of a hold: back to normal speed.
    HoldEnd,
}

/// The press has just become a hold: play at 2x until [`Gesture::HoldEnd`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hold;

/// Follows one pointer from press to release.
///
/// Feed it the primary pointer only; a new [`GestureTracker::start`] abandons any press in progress.
#[derive(Debug, Clone, Default)]
pub struct GestureTracker {
    press: Option<Press>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Axis {
    /// Still within [`AXIS_LOCK_PX`] of the press point.
    Undecided,
    Vertical,
    Horizontal,
}

#[derive(Debug, Clone)]
struct Press {
    x0: f64,
    y0: f64,
    t0: u64,
    height: f64,
    has_prev: bool,
    has_next: bool,
    axis: Axis,
    held: bool,
    /// `(t_ms, y)` within [`VELOCITY_WINDOW_MS`] of the newest sample.
    samples: VecDeque<(u64, f64)>,
}

impl Press {
    fn observe(&mut self, x: f64, y: f64, t_ms: u64) {
        if self.held {
            return;
        }
        let (dx, dy) = (x - self.x0, y - self.y0);
        if self.axis == Axis::Undecided && dx.hypot(dy) >= AXIS_LOCK_PX {
            self.axis = if dx.abs() > dy.abs() { Axis::Horizontal } else { Axis::Vertical };
        }
        self.samples.push_back((t_ms, y));
        let window_start = t_ms.saturating_sub(VELOCITY_WINDOW_MS);
        while self.samples.front().is_some_and(|&(t, _)| t < window_start) {
            self.samples.pop_front();
        }
    }

    /// Vertical velocity (px/ms, negative upward) across the sample window; 0 when it spans no time.
    fn velocity(&self) -> f64 {
        match (self.samples.front(), self.samples.back()) {
            (Some(&(t_first, y_first)), Some(&(t_last, y_last))) if t_last > t_first => {
                (y_last - y_first) / (t_last - t_first) as f64
            }
            _ => 0.0,
        }
    }

    /// Whether a move of `dy` heads past the end of the feed.
    fn past_end(&self, dy: f64) -> bool {
        (dy > 0.0 && !self.has_prev) || (dy < 0.0 && !self.has_next)
    }

    fn offset(&self, dy: f64) -> f64 {
        if self.held || self.axis != Axis::Vertical {
            return 0.0;
        }
        let h = self.height;
        if self.past_end(dy) {
            // Approaches h asymptotically and always moves less than the finger: the edge resists.
            dy.signum() * h * (1.0 - 1.0 / (dy.abs() * RUBBER_BAND / h + 1.0))
        } else {
            // A mouse can leave the element; further than a page would show nothing. (max/min, not
            // clamp, which panics on a NaN bound and ships float formatting for the message.)
            dy.max(-h).min(h)
        }
    }
}

impl GestureTracker {
    /// A tracker with no press.
    pub fn new() -> GestureTracker {
        GestureTracker::default()
    }

    /// A press at `(x, y)` at `t_ms`, over a viewport `viewport_height` px tall; `has_prev` and
    /// `has_next` say whether the feed can move that way (if not, the drag is rubber-banded).
    ///
    /// A height that is not a positive finite number (a hidden element) counts as 1 px, so offsets stay
    /// finite.
    pub fn start(&mut self, x: f64, y: f64, t_ms: u64, viewport_height: f64, has_prev: bool, has_next: bool) {
        let height =
            if viewport_height.is_finite() && viewport_height >= 1.0 { viewport_height } else { 1.0 };
        self.press = Some(Press {
            x0: x,
            y0: y,
            t0: t_ms,
            height,
            has_prev,
            has_next,
            axis: Axis::Undecided,
            held: false,
            samples: VecDeque::from([(t_ms, y)]),
        });
    }

    /// The pointer moved: the offset to draw. Zero until the press locks vertical, and for horizontal
    /// drags, holds, or when no press is in progress.
    pub fn move_to(&mut self, x: f64, y: f64, t_ms: u64) -> Drag {
        let offset_px = match &mut self.press {
            Some(press) => {
                press.observe(x, y, t_ms);
                press.offset(y - press.y0)
            }
            None => 0.0,
        };
        Drag { offset_px }
    }

    /// The pointer was released at `(x, y)`: what the press amounts to. Ends the press.
    pub fn end(&mut self, x: f64, y: f64, t_ms: u64) -> Gesture {
        let Some(mut press) = self.press.take() else {
            return Gesture::None;
        };
        press.observe(x, y, t_ms);
        if press.held {
            return Gesture::HoldEnd;
        }
        match press.axis {
            Axis::Horizontal => Gesture::None,
            Axis::Undecided if t_ms.saturating_sub(press.t0) < TAP_MAX_MS => Gesture::Tap,
            Axis::Undecided => Gesture::None,
            Axis::Vertical => {
                let dy = y - press.y0;
                let (gesture, toward) = if dy < 0.0 { (Gesture::Next, -1.0) } else { (Gesture::Prev, 1.0) };
                let far = dy.abs() >= COMMIT_FRACTION * press.height;
                // A flick counts only toward the drag's direction: a fast flick back means "never mind".
                let flick = dy.abs() >= FLICK_MIN_PX && press.velocity() * toward >= FLICK_VELOCITY_PX_PER_MS;
                if (far || flick) && !press.past_end(dy) {
                    gesture
                } else {
                    Gesture::Cancel
                }
            }
        }
    }

    /// The browser took the pointer away (`pointercancel`): ends the press. Returns
    /// [`Gesture::HoldEnd`] if it was a hold, [`Gesture::Cancel`] if a vertical drag must snap back,
    /// else [`Gesture::None`].
    pub fn cancel(&mut self) -> Gesture {
        match self.press.take() {
            Some(press) if press.held => Gesture::HoldEnd,
            Some(press) if press.axis == Axis::Vertical => Gesture::Cancel,
            _ => Gesture::None,
        }
    }

    /// When the current press becomes a hold if it stays still: the web layer sets one timer for it
    /// and then calls [`GestureTracker::poll`]. `None` once the press moved, was held, or ended.
    pub fn hold_deadline(&self) -> Option<u64> {
        match &self.press {
            Some(press) if !press.held && press.axis == Axis::Undecided => {
                Some(press.t0.saturating_add(HOLD_MS))
            }
            _ => None,
        }
    }

    /// `Some` exactly once, when `now_ms` has reached [`GestureTracker::hold_deadline`].
    pub fn poll(&mut self, now_ms: u64) -> Option<Hold> {
        let deadline = self.hold_deadline()?;
        let press = self.press.as_mut()?;
        if now_ms < deadline {
            return None;
        }
        press.held = true;
        Some(Hold)
    }
}

/// Units of a wheel event's `deltaY` (the DOM's `WheelEvent.deltaMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeltaMode {
    /// `DOM_DELTA_PIXEL` (0).
    Pixel,
    /// `DOM_DELTA_LINE` (1): [`WHEEL_LINE_PX`] each.
    Line,
    /// `DOM_DELTA_PAGE` (2): a viewport height each.
    Page,
}

impl DeltaMode {
    /// From the DOM's numeric `deltaMode`; an unknown value is taken as pixels, the common case.
    pub fn from_dom(mode: u32) -> DeltaMode {
        match mode {
            1 => DeltaMode::Line,
            2 => DeltaMode::Page,
            _ => DeltaMode::Pixel,
        }
    }
}

/// A page turn from the wheel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// Scrolled down (positive `deltaY`): the next entry.
    Next,
    /// Scrolled up: the previous entry.
    Prev,
}

/// Turns a stream of wheel events into page turns, one per deliberate scroll.
#[derive(Debug, Clone, Default)]
pub struct WheelPager {
    /// Pixels scrolled since the last page or quiet spell, signed.
    accumulated: f64,
    /// Time of the previous wheel event, to detect quiet.
    last_ms: Option<u64>,
    /// Wheel input before this time is ignored.
    cooldown_until: u64,
}

impl WheelPager {
    /// A pager with nothing accumulated.
    pub fn new() -> WheelPager {
        WheelPager::default()
    }

    /// One wheel event at `now_ms`: a page when the scroll since the last quiet spell reaches
    /// [`WHEEL_PAGE_PX`], outside the [`WHEEL_COOLDOWN_MS`] after the previous page.
    pub fn wheel(
        &mut self,
        delta_y: f64,
        mode: DeltaMode,
        viewport_height: f64,
        now_ms: u64,
    ) -> Option<Page> {
        let px = match mode {
            DeltaMode::Pixel => delta_y,
            DeltaMode::Line => delta_y * WHEEL_LINE_PX,
            DeltaMode::Page => delta_y * viewport_height,
        };
        let quiet = self.last_ms.is_none_or(|last| now_ms.saturating_sub(last) >= WHEEL_QUIET_MS);
        self.last_ms = Some(now_ms);
        if now_ms < self.cooldown_until || !px.is_finite() {
            return None;
        }
        if quiet {
            self.accumulated = 0.0;
        }
        self.accumulated += px;
        if self.accumulated.abs() < WHEEL_PAGE_PX {
            return None;
        }
        let page = if self.accumulated > 0.0 { Page::Next } else { Page::Prev };
        self.accumulated = 0.0;
        self.cooldown_until = now_ms.saturating_add(WHEEL_COOLDOWN_MS);
        Some(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: f64 = 800.0;

    #[test]
    fn velocity_uses_only_the_last_window() {
        let mut g = GestureTracker::new();
        g.start(0.0, 500.0, 0, H, true, true);
        // A long slow drag, then 100 ms without moving: no flick despite the early speed.
        g.move_to(0.0, 400.0, 50);
        g.move_to(0.0, 400.0, 300);
        assert_eq!(g.end(0.0, 400.0, 400), Gesture::Cancel);
    }

    #[test]
    fn flick_back_does_not_commit() {
        let mut g = GestureTracker::new();
        g.start(0.0, 500.0, 0, H, true, true);
        g.move_to(0.0, 400.0, 200);
        g.move_to(0.0, 440.0, 250);
        assert_eq!(g.end(0.0, 460.0, 260), Gesture::Cancel);
    }

    #[test]
    fn cancel_reports_what_to_undo() {
        let mut g = GestureTracker::new();
        assert_eq!(g.cancel(), Gesture::None);
        g.start(0.0, 0.0, 0, H, true, true);
        g.move_to(0.0, 50.0, 10);
        assert_eq!(g.cancel(), Gesture::Cancel);
        g.start(0.0, 0.0, 0, H, true, true);
        assert_eq!(g.poll(HOLD_MS), Some(Hold));
        assert_eq!(g.cancel(), Gesture::HoldEnd);
        assert_eq!(g.end(0.0, 0.0, 1000), Gesture::None);
    }

    #[test]
    fn odd_inputs_stay_finite() {
        let mut g = GestureTracker::new();
        g.start(0.0, 0.0, 100, 0.0, false, false);
        assert!(g.move_to(0.0, 500.0, 50).offset_px.is_finite());
        assert_eq!(g.end(0.0, 500.0, 40), Gesture::Cancel);
        let mut w = WheelPager::new();
        assert_eq!(w.wheel(f64::NAN, DeltaMode::Pixel, H, 0), None);
        assert_eq!(w.wheel(60.0, DeltaMode::Pixel, H, 1), Some(Page::Next));
    }

    #[test]
    fn wheel_units() {
        assert_eq!(DeltaMode::from_dom(1), DeltaMode::Line);
        assert_eq!(WheelPager::new().wheel(3.0, DeltaMode::Line, H, 0), None);
        assert_eq!(WheelPager::new().wheel(4.0, DeltaMode::Line, H, 0), Some(Page::Next));
        assert_eq!(WheelPager::new().wheel(-1.0, DeltaMode::from_dom(2), H, 0), Some(Page::Prev));
    }
}
