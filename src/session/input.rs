//! [`Input`]: everything that reaches a [`super::Session`]: the viewer's gestures and keys, the host's
//! API calls, and what the browser reports about the videos and the page.

use crate::command::Via;
use crate::feed::gesture::DeltaMode;

use super::Timer;

/// One thing that happened, for [`super::Session::input`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Input {
    /// Swipe up, ▼, a key, `next()`: the next feed entry.
    Next,
    /// Swipe down, ▲, a key, `prev()`: the previous feed entry.
    Prev,
    /// The drawer or `goToEpisode()`: feed entry `index`.
    Jump(usize),
    /// Option `index` (among the choice's declared options) of the open choice.
    Choose {
        /// Option index.
        index: usize,
        /// How it was taken.
        via: Via,
    },
    /// Play: a tap on a paused video, the play button, a media key, `play()`.
    Play,
    /// Pause: a tap on a playing video, a media key, `pause()`, another player that took the voice.
    Pause,
    /// A tap, Space or `k`: pause what plays, play what is paused.
    TogglePlay,
    /// A press (the primary pointer) at `(x, y)` on the video, away from the player's controls, over a
    /// feed `height` px tall.
    Press {
        /// Client x, in CSS px.
        x: f64,
        /// Client y, in CSS px.
        y: f64,
        /// The feed's height, in CSS px.
        height: f64,
    },
    /// The pressed pointer moved to `(x, y)`.
    Drag {
        /// Client x, in CSS px.
        x: f64,
        /// Client y, in CSS px.
        y: f64,
    },
    /// The press lifted at `(x, y)`.
    Release {
        /// Client x, in CSS px.
        x: f64,
        /// Client y, in CSS px.
        y: f64,
    },
    /// The browser took the pointer away (`pointercancel`).
    PressCancelled,
    /// A wheel or trackpad scroll over the player.
    Wheel {
        /// `deltaY`, in `mode`'s units.
        delta_y: f64,
        /// `deltaMode`.
        mode: DeltaMode,
        /// The feed's height, in CSS px (a page's worth of scrolling).
        height: f64,
    },
    /// `setAutoplay()`: whether a segment plays by itself; off, nothing plays until a [`Input::Play`].
    Autoplay(bool),
    /// `setAutopause()` (CONTRACT §4.2): pause while less than half in view or the page is hidden.
    Autopause(bool),
    /// `setTimer()`: how long the viewer gets to choose.
    Timer(Timer),
    /// The player keeps its progress (`true`): the session asks for [`crate::command::Command::Save`]
    /// as the viewer watches.
    Autosave(bool),
    /// The page goes away or out of sight (`pagehide`, a hidden tab): the save is due now, at the
    /// media position reported just before.
    Leaving,
    /// The host unlocked an episode (by id, in every series that has it).
    Unlock(String),
    /// Back to the last choice point.
    Rewind,
    /// The current episode again from its start (the end card's Replay).
    Replay,
    /// Mute or unmute, by the viewer or the host.
    Muted(bool),
    /// The volume of every video, 0 to 1 (checked by the caller, as a `<video>` checks it).
    Volume(f64),
    /// The playback rate the viewer or the host chose, kept across segments (checked by the caller).
    Rate(f64),
    /// The caption language the viewer chose (`None`: captions off), kept across segments.
    Captions(Option<String>),
    /// The viewer holds the video (`true`) to watch it at double speed, or lets go.
    Fast(bool),
    /// A captions or speed menu opened (`true`) or closed.
    MenuOpen(bool),
    /// The episode drawer opened (`true`) or closed.
    DrawerOpen(bool),
    /// How the page and the player stand: at least half in view (`None`: not known yet), the page
    /// hidden.
    Visibility {
        /// At least half of the player is in the viewport.
        in_view: Option<bool>,
        /// The document is hidden (another tab, the phone locked).
        hidden: bool,
    },
    /// Where the video in `slot` is (`timeupdate`, or a media mark reached).
    MediaTime {
        /// Pool slot.
        slot: usize,
        /// Media time, in ms.
        media_ms: u64,
    },
    /// The video in `slot` shows moving frames (`playing`), from `media_ms` on.
    Playing {
        /// Pool slot.
        slot: usize,
        /// Media time, in ms.
        media_ms: u64,
    },
    /// The video in `slot` stopped for data (`waiting`) at `media_ms`.
    Waiting {
        /// Pool slot.
        slot: usize,
        /// Media time, in ms.
        media_ms: u64,
    },
    /// The browser gets no data for `slot` (`stalled`) and has no frame to show (below
    /// `HAVE_CURRENT_DATA`); a `stalled` video with a frame is [`Input::Waiting`].
    Stalled {
        /// Pool slot.
        slot: usize,
    },
    /// Bytes arrived for `slot` (`progress`).
    Progress {
        /// Pool slot.
        slot: usize,
    },
    /// The video in `slot` played to its end.
    Ended {
        /// Pool slot.
        slot: usize,
    },
    /// The video in `slot` failed to load or play.
    MediaError {
        /// Pool slot.
        slot: usize,
    },
    /// The browser refused `play()` on `slot` for want of a user gesture (`NotAllowedError`).
    PlayRefused {
        /// Pool slot.
        slot: usize,
    },
    /// Time passed: whatever was due by now (see [`super::Session::next_deadline`]).
    Tick,
}
