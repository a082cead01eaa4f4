//! [`Playback`]: why the current video is not playing, and why the choice countdown is not running.
//!
//! A video plays only when nothing holds it: the viewer or the host paused it, autoplay is off and
//! nobody asked to play yet, or autopause took it away. The countdown of a timed choice is frozen
//! by the same holds and also while a menu or the drawer covers the choice or the page is hidden:
//! the viewer cannot answer what they cannot see (WCAG 2.2.1).

/// The rate while the viewer holds the video.
pub const FAST_RATE: f64 = 2.0;

/// The holds on playback and on the choice countdown, and the sound and speed.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Playback {
    /// `autoplay` is on.
    pub autoplay: bool,
    /// Someone asked to play since the session began (what an `autoplay: false` player waits for).
    pub asked_to_play: bool,
    /// The viewer or the host paused, and nobody played since.
    pub paused: bool,
    /// The browser refused even muted playback: nothing plays until a viewer's gesture.
    pub refused: bool,
    /// Autopause is on.
    pub autopause: bool,
    /// Less than half of the player is in view.
    pub offscreen: bool,
    /// The page is hidden.
    pub hidden: bool,
    /// A captions or speed menu is open.
    pub menu_open: bool,
    /// The episode drawer is open.
    pub drawer_open: bool,
    /// The sound is off.
    pub muted: bool,
    /// Volume, 0 to 1.
    pub volume: f64,
    /// The rate the viewer or the host chose.
    pub rate: f64,
    /// The viewer holds the video for double speed.
    pub fast: bool,
}

impl Playback {
    /// A player that plays by itself when `autoplay` is on, with sound unless `muted`.
    pub fn new(autoplay: bool, muted: bool) -> Playback {
        Playback {
            autoplay,
            asked_to_play: false,
            paused: false,
            refused: false,
            autopause: false,
            offscreen: false,
            hidden: false,
            menu_open: false,
            drawer_open: false,
            muted,
            volume: 1.0,
            rate: 1.0,
            fast: false,
        }
    }

    /// Waiting for the viewer: paused by someone, autoplay off and not asked yet, or refused by the
    /// browser. The player shows itself paused.
    pub fn waits_for_viewer(&self) -> bool {
        self.paused || self.refused || (!self.autoplay && !self.asked_to_play)
    }

    /// Autopause holds the video: it resumes by itself when the player comes back.
    pub fn away(&self) -> bool {
        self.autopause && (self.offscreen || self.hidden)
    }

    /// Something holds the current video.
    pub fn holds_video(&self) -> bool {
        self.waits_for_viewer() || self.away()
    }

    /// Something freezes a choice countdown.
    pub fn freezes_countdown(&self) -> bool {
        self.holds_video() || self.hidden || self.menu_open || self.drawer_open
    }

    /// The current video's playback rate: double while the viewer holds it.
    pub fn playback_rate(&self) -> f64 {
        if self.fast {
            FAST_RATE
        } else {
            self.rate
        }
    }

    /// The viewer or the host asked to play.
    pub fn play(&mut self) {
        self.asked_to_play = true;
        self.paused = false;
        self.refused = false;
    }
}
