//! What the session hears of the videos: where the current one is (the clock for the next media
//! mark), when it plays, ends, fails or waits (the stall watchdog), and retrying a failed one.

use crate::command::{Command, Event, MediaKey, Notice};
use crate::error::ErrorCode;

use super::{error_event, Session, MEDIA_ATTEMPTS, NOTICE_MS, RETRY_BACKOFF_MS, STALL_TIMEOUT_MS};

/// A video's last reported position: `media_ms` at `at_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct MediaClock {
    pub(super) slot: usize,
    pub(super) media_ms: u64,
    pub(super) at_ms: u64,
    pub(super) moving: bool,
}

/// The stall watchdog while armed: the slot, where its video stood, and when it gives up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stall {
    pub(super) slot: usize,
    pub(super) media_ms: u64,
    pub(super) due_ms: u64,
}

/// A video that failed: how often, and when it is loaded again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Retry {
    pub(super) key: MediaKey,
    pub(super) attempts: u32,
    pub(super) due_ms: Option<u64>,
}

impl Session {
    /// Notes where the current video is (a neighbour's position is not the clock's).
    pub(super) fn see(&mut self, slot: usize, media_ms: u64, now_ms: u64, moving: bool) {
        if self.current == Some(slot) {
            self.clock = Some(MediaClock { slot, media_ms, at_ms: now_ms, moving });
        }
    }

    /// When the current video, moving at its rate from where it was last seen, reaches the next media
    /// mark: the web layer then reports its time, and the choice opens on time without a per-frame
    /// loop (`timeupdate` alone comes about four times a second).
    pub(super) fn mark_deadline(&self) -> Option<u64> {
        let clock = self.clock.filter(|clock| clock.moving && self.current == Some(clock.slot))?;
        let mark = self.next_media_mark().filter(|&mark| mark > clock.media_ms && self.plays())?;
        let rate = self.playback.playback_rate();
        if rate <= 0.0 {
            return None;
        }
        // max/min, not clamp: clamp's panic message would ship float formatting.
        #[allow(clippy::manual_clamp)]
        let wait = ((mark - clock.media_ms) as f64 / rate.max(0.0625).min(16.0)).ceil() as u64;
        Some(clock.at_ms.saturating_add(wait))
    }

    /// `slot` waits for data at `media_ms`: if it is the current video and should play, the watchdog
    /// starts (an armed one keeps its start: a repeated `waiting` does not postpone it).
    pub(super) fn arm_watchdog(&mut self, slot: usize, media_ms: u64, now_ms: u64) {
        if self.plays() && self.current == Some(slot) && self.stall.is_none_or(|stall| stall.slot != slot) {
            self.stall = Some(Stall { slot, media_ms, due_ms: now_ms.saturating_add(STALL_TIMEOUT_MS) });
        }
    }

    /// The video in `slot` shows moving frames: if something held it meanwhile (autopause while it
    /// was starting), it pauses again.
    pub(super) fn playing(&mut self, slot: usize) -> Vec<Command> {
        let mut out = Vec::new();
        if self.playable() != Some(slot) {
            return out;
        }
        self.stall = None;
        if self.playback.holds_video() {
            out.push(Command::Pause { slot });
        }
        self.release_held(&mut out);
        out
    }

    /// The browser refused `play()` on `slot` without a gesture: with sound, the feed goes on muted
    /// (`autoplayblocked`); already muted (iOS Low Power Mode, a data saver), it waits for the
    /// viewer's tap, and says so with `autoplayblocked` too.
    pub(super) fn play_refused(&mut self, slot: usize) -> Vec<Command> {
        if self.playable() != Some(slot) {
            return Vec::new();
        }
        if self.playback.muted {
            self.playback.refused = true;
            return vec![Command::WaitForViewer { refused: true }, Command::Emit(Event::AutoplayBlocked {})];
        }
        self.playback.muted = true;
        vec![Command::SetMuted(true), Command::Emit(Event::AutoplayBlocked {}), Command::Play { slot }]
    }

    /// The current media time of `slot` (ignored unless it is the current slot).
    pub(super) fn media_time(&mut self, slot: usize, media_ms: u64, now_ms: u64) -> Vec<Command> {
        if self.current != Some(slot) {
            return Vec::new();
        }
        let series = self.feed.current().series;
        let steps = self.stories[series].media_time(&self.catalog, media_ms, now_ms);
        let mut out = Vec::new();
        self.apply_steps(series, steps, now_ms, &mut out);
        out
    }

    /// `slot` played to its end (ignored unless it is the current slot).
    pub(super) fn media_ended(&mut self, slot: usize, now_ms: u64) -> Vec<Command> {
        if self.current != Some(slot) {
            return Vec::new();
        }
        let series = self.feed.current().series;
        let steps = self.stories[series].segment_ended(&self.catalog, now_ms);
        let mut out = Vec::new();
        self.apply_steps(series, steps, now_ms, &mut out);
        out
    }

    /// `slot` failed to load or play. The current video is loaded again after a back-off that doubles,
    /// [`MEDIA_ATTEMPTS`] times in all; then it is skipped with an `error` event and the feed moves on.
    /// A neighbour that fails is dropped from the pool and planned again when it is wanted.
    pub(super) fn media_error(&mut self, slot: usize, now_ms: u64) -> Vec<Command> {
        let mut out = Vec::new();
        let Some(key) = self.pool.get(slot) else { return out };
        // Preloading it again would only fail again and waste the viewer's bandwidth.
        self.failed.insert(key);
        if self.current != Some(slot) {
            self.pool.clear(slot);
            return out;
        }
        let attempts = match self.retry {
            Some(retry) if retry.key == key => retry.attempts + 1,
            _ => 1,
        };
        if attempts < MEDIA_ATTEMPTS {
            let due = now_ms.saturating_add(RETRY_BACKOFF_MS << (attempts - 1));
            self.retry = Some(Retry { key, attempts, due_ms: Some(due) });
            return out;
        }
        self.retry = None;
        self.pool.clear(slot);
        self.current = None;
        let segment = &self.catalog.series[key.series].episodes[key.episode].segments[key.segment];
        out.push(error_event(
            ErrorCode::MediaSkipped,
            format!("segment \"{}\" failed to play {attempts} times and was skipped", segment.id),
        ));
        out.push(Command::ShowNotice(Notice::MediaSkipped));
        self.notice_until = Some(now_ms.saturating_add(NOTICE_MS));
        if self.feed.next() {
            self.enter_current(now_ms, &mut out);
        }
        out
    }
}
