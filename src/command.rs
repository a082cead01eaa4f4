//! What the core decides, as plain values: the web layer applies [`Command`]s in order, host tests
//! compare them.

use crate::catalog::{Caption, Source};
use crate::session::qoe::EpisodeQoe;
use serde::Serialize;

use crate::error::ErrorCode;

/// Identifies one segment of the catalog by indices: the unit a video slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MediaKey {
    /// Series index in the catalog.
    pub series: usize,
    /// Episode index in the series.
    pub episode: usize,
    /// Segment index in the episode.
    pub segment: usize,
}

/// What a slot should hold: one segment's media.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// Which segment this is.
    pub key: MediaKey,
    /// Alternatives in order of preference; the web layer picks the first the browser can play.
    pub sources: Vec<Source>,
    /// Poster image URL.
    pub poster: Option<String>,
    /// Caption tracks.
    pub captions: Vec<Caption>,
}

/// How a choice was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// Tap or click on an option.
    Tap,
    /// Number key.
    Key,
    /// The timer ran out and the default was taken.
    Timeout,
    /// The host page called `choose()`.
    Api,
}

impl Via {
    /// As the `choice` event's `via` gives it: `tap`, `key`, `timeout`, `api`.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Tap => "tap",
            Via::Key => "key",
            Via::Timeout => "timeout",
            Via::Api => "api",
        }
    }
}

/// One option as the viewer sees it: its index among the choice's options and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionView {
    /// Index among the choice's declared options (what `choose()` takes).
    pub index: usize,
    /// Label in the viewer's language.
    pub label: String,
}

/// A choice ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceView {
    /// Question in the viewer's language (may be empty).
    pub prompt: String,
    /// Visible options in display order.
    pub options: Vec<OptionView>,
    /// Time the viewer has; `None`: no timer.
    pub timeout_ms: Option<u64>,
    /// `now_ms` at which the default is taken; `None`: no timer.
    pub deadline_ms: Option<u64>,
    /// Index of the option taken on timeout.
    pub default_index: Option<usize>,
}

/// A lock screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockView {
    /// Locked episode's id.
    pub episode_id: String,
    /// Its title in the viewer's language.
    pub title: String,
    /// Its poster, if any.
    pub poster: Option<String>,
}

/// An ending card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndingView {
    /// Ending id.
    pub ending_id: String,
    /// Title in the viewer's language.
    pub title: String,
    /// Distinct endings of this series found so far, this one included.
    pub found: usize,
    /// Endings the series has.
    pub total: usize,
    /// Whether there is a choice point to rewind to.
    pub can_rewind: bool,
}

/// A feed entry as the episode drawer and the Media Session show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpisodeView {
    /// Index in the feed (what `Session::jump` takes).
    pub index: usize,
    /// Its number in its series, from 1 (`EP 2`).
    pub number: usize,
    /// Its series' id.
    pub series_id: String,
    /// Its series' title in the viewer's language.
    pub series_title: String,
    /// The episode's id.
    pub episode_id: String,
    /// Its title in the viewer's language.
    pub title: String,
    /// Locked and not unlocked by the host.
    pub locked: bool,
    /// The viewer has played some of it.
    pub watched: bool,
    /// It is the feed's current entry.
    pub current: bool,
    /// The episode's poster, else the series', else its first segment's.
    pub poster: Option<String>,
    /// Where it was filmed.
    pub location: Option<LocationView>,
}

/// Where an episode was filmed: a card with a name and, maybe, a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationView {
    /// Place name in the viewer's language.
    pub name: String,
    /// Link as the catalog gives it (the web layer opens only http and https).
    pub url: Option<String>,
}

/// One series of the feed: its endings found, and where its entries sit in the feed (the episode
/// drawer lays out its grid by them before it asks for the few [`EpisodeView`]s it shows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesProgress {
    /// Series id.
    pub series_id: String,
    /// Series title in the viewer's language.
    pub title: String,
    /// Distinct endings found.
    pub found: usize,
    /// Distinct endings the series has.
    pub total: usize,
    /// Feed index of its first entry.
    pub first: usize,
    /// Its entries in the feed, which follow each other from `first`.
    pub entries: usize,
}

/// An event for the host page (CONTRACT §4): `name()` is the DOM event type, the fields are `detail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged, rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum Event {
    /// The catalog loaded: the feed's series ids and its number of episodes.
    Ready {
        /// Series ids in the feed.
        series: Vec<String>,
        /// Episodes in the feed.
        episodes: usize,
    },
    /// The feed moved to another episode.
    EpisodeChange {
        /// Its series.
        series_id: String,
        /// The episode.
        episode_id: String,
        /// Its index in the feed.
        index: usize,
        /// Its number in its series, from 1.
        number: usize,
        /// Its title in the viewer's language.
        title: String,
    },
    /// A segment started.
    SegmentChange {
        /// Its series.
        series_id: String,
        /// Its episode.
        episode_id: String,
        /// The segment.
        segment_id: String,
    },
    /// A choice opened.
    ChoiceShow {
        /// Prompt in the viewer's language.
        prompt: String,
        /// Visible options.
        options: Vec<OptionView>,
        /// Time the viewer has; `None` (null): no timer.
        timeout_ms: Option<u64>,
    },
    /// A choice was made.
    Choice {
        /// The choice's series.
        series_id: String,
        /// The choice's episode.
        episode_id: String,
        /// Index among the choice's options.
        index: usize,
        /// The option's label in the viewer's language.
        label: String,
        /// How.
        via: Via,
    },
    /// An ending was reached.
    Ending {
        /// Its series.
        series_id: String,
        /// The episode whose segment it is.
        episode_id: String,
        /// Ending id.
        ending_id: String,
        /// Title in the viewer's language.
        title: String,
    },
    /// The current episode is locked; the host may unlock it.
    Locked {
        /// Its series.
        series_id: String,
        /// The episode.
        episode_id: String,
    },
    /// The browser refused to play with sound; the feed plays muted.
    AutoplayBlocked {},
    /// The feed's last entry is over; the end card shows.
    FeedEnd {},
    /// Something was set aside but nothing stopped: a save that no longer fully matches the catalog.
    Warning {
        /// Machine-readable code (`save-changed`, …).
        code: ErrorCode,
        /// Human-readable message.
        message: String,
    },
    /// Something failed; the player goes on where it can.
    Error {
        /// Machine-readable code (a diagnostic code, or `media-skipped`, `bad-save`, …).
        code: ErrorCode,
        /// Human-readable message.
        message: String,
    },
    /// The viewer left an episode: how watching it went (CONTRACT §4.3).
    Qoe(EpisodeQoe),
}

impl Event {
    /// The event's `detail` as JSON text: `{"seriesId":"a","episodeId":"ep1","index":0}`.
    pub fn detail_json(&self) -> String {
        // Cannot fail: strings, integers and lists of them.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The DOM event type: `episodechange`.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Ready { .. } => "ready",
            Event::EpisodeChange { .. } => "episodechange",
            Event::SegmentChange { .. } => "segmentchange",
            Event::ChoiceShow { .. } => "choiceshow",
            Event::Choice { .. } => "choice",
            Event::Ending { .. } => "ending",
            Event::Locked { .. } => "locked",
            Event::AutoplayBlocked {} => "autoplayblocked",
            Event::FeedEnd {} => "feedend",
            Event::Warning { .. } => "warning",
            Event::Error { .. } => "error",
            Event::Qoe(_) => "qoe",
        }
    }
}

/// A media event of the segment playing now, named as a `<video>`'s (CONTRACT §4.1): the host element
/// dispatches it as a plain, non-bubbling `Event`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaEvent {
    /// Playback was asked for (`paused` became false).
    Play,
    /// Playback paused (`paused` became true).
    Pause,
    /// Frames move.
    Playing,
    /// Playback stopped for data.
    Waiting,
    /// The media time moved.
    TimeUpdate,
    /// The duration changed (another segment is current, or its length became known).
    DurationChange,
    /// Volume or muting changed.
    VolumeChange,
    /// The playback rate changed.
    RateChange,
    /// The current segment played to its end.
    Ended,
}

impl MediaEvent {
    /// Every media event, in the order CONTRACT §4.1 lists them.
    pub const ALL: [MediaEvent; 9] = [
        MediaEvent::Play,
        MediaEvent::Pause,
        MediaEvent::Playing,
        MediaEvent::Waiting,
        MediaEvent::TimeUpdate,
        MediaEvent::DurationChange,
        MediaEvent::VolumeChange,
        MediaEvent::RateChange,
        MediaEvent::Ended,
    ];

    /// The DOM event type: `timeupdate`.
    pub fn name(self) -> &'static str {
        match self {
            MediaEvent::Play => "play",
            MediaEvent::Pause => "pause",
            MediaEvent::Playing => "playing",
            MediaEvent::Waiting => "waiting",
            MediaEvent::TimeUpdate => "timeupdate",
            MediaEvent::DurationChange => "durationchange",
            MediaEvent::VolumeChange => "volumechange",
            MediaEvent::RateChange => "ratechange",
            MediaEvent::Ended => "ended",
        }
    }
}

/// One thing the web layer should do now.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Release whatever `slot` holds and load `media`, paused on its first frame.
    Load {
        /// Pool slot.
        slot: usize,
        /// What to load.
        media: Media,
    },
    /// Load again what `slot` holds (a retry after a media error).
    Reload {
        /// Pool slot.
        slot: usize,
    },
    /// Put `slot` back on its first frame, paused (it was played and is now a neighbour again).
    Rewind {
        /// Pool slot.
        slot: usize,
    },
    /// Move `slot` to `media_ms` into its segment (a resumed segment continues where it was left).
    Seek {
        /// Pool slot.
        slot: usize,
        /// Media time, in ms.
        media_ms: u64,
    },
    /// Make `slot` the visible current video, with the slots that hold the previous and next feed
    /// entries placed above and below it for the swipe. `slot` was loaded before; a neighbour's
    /// `Load` may follow in the same answer, after the `Play` (so that it does not delay it).
    Show {
        /// Pool slot of the current video.
        slot: usize,
        /// Slot holding the previous feed entry's first segment, if loaded.
        prev: Option<usize>,
        /// Slot holding the next feed entry's first segment, if loaded.
        next: Option<usize>,
    },
    /// Play `slot`.
    Play {
        /// Pool slot.
        slot: usize,
    },
    /// Pause `slot`.
    Pause {
        /// Pool slot.
        slot: usize,
    },
    /// Open the choice overlay.
    ShowChoices(ChoiceView),
    /// Close the choice overlay.
    HideChoices,
    /// Show the lock screen.
    ShowLock(LockView),
    /// Close the lock screen.
    HideLock,
    /// Show an ending card.
    ShowEnding(EndingView),
    /// Close the ending card.
    HideEnding,
    /// Show the end card of the feed: Replay and the episode list.
    ShowFeedEnd,
    /// Close the end card of the feed.
    HideFeedEnd,
    /// Tell the host page.
    Emit(Event),
    /// The current video waits for the viewer: show the play button; pending `play()` Promises
    /// reject (`refused`: the browser refused even muted playback, `NotAllowedError`; else
    /// `AbortError`, as after a `pause()`).
    WaitForViewer {
        /// The browser refused playback.
        refused: bool,
    },
    /// Freeze (`false`) or run again the open choice's countdown where it stands.
    Countdown {
        /// Whether it runs.
        running: bool,
    },
    /// Say this in the live region, for screen-reader viewers.
    Announce(Announcement),
    /// Show a line in the player (until [`Command::HideNotice`]).
    ShowNotice(Notice),
    /// Take the notice line away.
    HideNotice,
    /// Mute or unmute every video (and the mute button).
    SetMuted(bool),
    /// Set every video's volume, 0 to 1.
    SetVolume(f64),
    /// Show the caption track in this language on every video (`None`: captions off).
    SetCaptions(Option<String>),
    /// Set the current video's playback rate (a segment made current later gets it with its
    /// `Play`); `fast`: it is the viewer's double-speed hold, not their chosen rate.
    SetRate {
        /// The rate.
        rate: f64,
        /// Double speed while held.
        fast: bool,
    },
    /// The feed follows the finger: draw it `offset_px` from rest (negative: up), without animation.
    Drag {
        /// Vertical offset, in CSS px.
        offset_px: f64,
    },
    /// The press ended: the feed goes back to rest, animated from where the finger left it.
    Settle,
    /// Keep this save text (see [`crate::session::Session::save`]) where the player keeps its
    /// progress.
    Save(String),
    /// Keep the viewer's settings (see [`crate::session::Settings`]) under
    /// [`crate::session::SETTINGS_KEY`].
    SaveSettings(String),
    /// The current video should play but waits for data (`true`: a spinner over its poster and
    /// `aria-busy` on the host), or no longer does.
    Busy(bool),
}

/// A line the player shows the viewer for a few seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Notice {
    /// A video could not be played and was skipped.
    MediaSkipped,
}

/// What the player says aloud besides its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Announcement {
    /// A timed choice has this many seconds left.
    SecondsLeft(u64),
}
