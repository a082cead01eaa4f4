//! The player's brain: the feed, one story per series and the video pool, driven by inputs and time,
//! answering with [`Command`]s that the web layer applies in order.

mod autosave;
mod holds;
mod input;
mod media;
mod playback;
mod preload;
mod press;
pub mod qoe;
mod settings;

use std::collections::HashSet;
use std::fmt;

use crate::catalog::{Catalog, Text};
use crate::command::{
    Announcement, ChoiceView, Command, EndingView, EpisodeView, Event, LocationView, LockView, MediaKey,
    OptionView, SeriesProgress, Via,
};
use crate::error::ErrorCode;
use crate::feed::gesture::{GestureTracker, WheelPager};
use crate::feed::preload::Pool;
use crate::feed::{Entry, Feed};
use crate::story::progress::Autosave;
use crate::story::save::{self, SaveErrorKind};
use crate::story::{Step, Story, StoryError};

pub use input::Input;
use media::{MediaClock, Retry, Stall};
use playback::Playback;
pub use settings::{Settings, SETTINGS_KEY};

/// Attempts to load a failing video before it is skipped.
pub const MEDIA_ATTEMPTS: u32 = 3;
/// Back-off before the first retry; it doubles with each further attempt.
pub const RETRY_BACKOFF_MS: u64 = 500;
/// Longest the neighbours' loads wait for the first frame of a video just started (they go as soon
/// as it reports `playing`): each `src` change costs the main thread a few ms and starts a decoder
/// that competes with the one that must start now.
pub const HOLD_LOADS_MS: u64 = 250;
/// The stall watchdog's patience: a current video that should play but sits waiting at the same
/// media time, with no bytes arriving, for this long is a media error (retried, then skipped). Bytes
/// arriving restart the wait: a slow network is waited for, a dead one is not.
pub const STALL_TIMEOUT_MS: u64 = 5000;
/// How long a notice line stays up.
pub const NOTICE_MS: u64 = 5000;
/// Rewind resumes this long before the choice point it goes back to.
pub const REWIND_LEAD_MS: u64 = 2000;
/// A timed choice says "3 seconds left" this long before its default is taken, if it has more.
pub const LAST_CALL_MS: u64 = 3000;

/// How a session starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Only this series (its id); `None`: every series in feed order.
    pub series: Option<String>,
    /// Start at this episode id; `None`: the first.
    pub episode: Option<String>,
    /// Number of video slots (2 to 5).
    pub pool_size: usize,
    /// The viewer's language tag, for catalog text.
    pub language: String,
}

/// How long a viewer gets to choose (WCAG 2.2.1, Timing Adjustable): the `timer` attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Timer {
    /// The catalog's `timeoutMs`.
    #[default]
    Normal,
    /// Twice the catalog's `timeoutMs`.
    Extended,
    /// No timer: a choice waits for the viewer, the default is never taken by itself.
    Off,
}

impl Timer {
    /// `normal`, `extended` or `off` (any case, surrounding space ignored); anything else is `None`.
    pub fn parse(text: &str) -> Option<Timer> {
        match text.trim().to_ascii_lowercase().as_str() {
            "normal" => Some(Timer::Normal),
            "extended" => Some(Timer::Extended),
            "off" => Some(Timer::Off),
            _ => None,
        }
    }
}

/// Why a session could not start or a save could not be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionError {
    /// `unknown-series`, `empty-feed`, `unknown-episode`, `bad-save`, `save-too-large`,
    /// `save-other-catalog`, `save-other-series`.
    pub code: ErrorCode,
    /// What went wrong, naming the id.
    pub message: String,
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for SessionError {}

/// Which overlay is up, so that closing it is said exactly once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overlay {
    None,
    Choices,
    Lock,
    Ending,
    /// The feed's last entry is over: the end card.
    FeedEnd,
}

/// A running player over one catalog.
#[derive(Debug)]
pub struct Session {
    catalog: Catalog,
    language: String,
    feed: Feed,
    stories: Vec<Story>,
    pool: Pool,
    /// The slot playing now; `None` before start and on a lock screen.
    current: Option<usize>,
    overlay: Overlay,
    retry: Option<Retry>,
    /// Media that failed: not preloaded again, only loaded when the viewer goes to it.
    failed: HashSet<MediaKey>,
    /// Where the segment being resumed was left: the next `start_segment` seeks its slot there.
    resume_at: Option<u64>,
    timer: Timer,
    playback: Playback,
    /// Since when the open choice's countdown is frozen (see [`Playback::freezes_countdown`]).
    frozen_since: Option<u64>,
    /// The open choice still has its "3 seconds left" to say.
    last_call: bool,
    /// Loads planned but not sent yet, waiting for the current video's first frame, and until when.
    held: Vec<(usize, MediaKey)>,
    held_until: Option<u64>,
    /// The stall watchdog, armed while the current video waits for data.
    stall: Option<Stall>,
    /// What the last [`Command::Busy`] said.
    busy: bool,
    /// The caption language the viewer wants; `None`: captions off.
    captions: Option<String>,
    /// The sound as the viewer or the host last set it (a muted fallback after a refused autoplay is
    /// the browser's doing, not a setting).
    chosen_muted: bool,
    /// When the notice line showing goes away.
    notice_until: Option<u64>,
    /// Where the current video was last seen, and whether its frames were moving then.
    clock: Option<MediaClock>,
    /// When the save is written; `None`: the player keeps no save.
    autosave: Option<Autosave>,
    /// The press on the video in progress, and the feed's offset last drawn for it (`None`: no press).
    gesture: GestureTracker,
    drag_offset: Option<f64>,
    wheel: WheelPager,
}

impl Session {
    /// A session over `catalog`.
    ///
    /// # Errors
    /// `unknown-series` or `unknown-episode` when the config names ids the catalog lacks.
    pub fn new(catalog: Catalog, config: Config) -> Result<Session, SessionError> {
        let mut feed = Feed::new(&catalog, config.series.as_deref())
            .map_err(|e| SessionError { code: e.code(), message: e.to_string() })?;
        if let Some(episode) = &config.episode {
            let index = (0..feed.len())
                .find(|&i| feed.get(i).is_some_and(|entry| episode_of(&catalog, entry).id == *episode))
                .ok_or_else(|| SessionError {
                    code: ErrorCode::UnknownEpisode,
                    message: format!("no episode \"{episode}\" in the feed"),
                })?;
            feed.jump(index);
        }
        let stories = (0..catalog.series.len()).map(|s| Story::new(&catalog, s)).collect();
        Ok(Session {
            pool: Pool::new(config.pool_size.clamp(2, 5)),
            language: config.language,
            feed,
            stories,
            catalog,
            current: None,
            overlay: Overlay::None,
            retry: None,
            failed: HashSet::new(),
            resume_at: None,
            timer: Timer::Normal,
            playback: Playback::new(true, false),
            frozen_since: None,
            last_call: false,
            held: Vec::new(),
            held_until: None,
            stall: None,
            busy: false,
            captions: None,
            chosen_muted: false,
            notice_until: None,
            clock: None,
            autosave: None,
            gesture: GestureTracker::new(),
            drag_offset: None,
            wheel: WheelPager::new(),
        })
    }

    /// The catalog it plays.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The timer setting.
    pub fn timer(&self) -> Timer {
        self.timer
    }

    /// Every entry of the feed as the episode drawer shows it, in feed order.
    pub fn episodes(&self) -> Vec<EpisodeView> {
        (0..self.feed.len()).filter_map(|index| self.episode(index)).collect()
    }

    /// Feed entry `index` as a view: titles in the viewer's language, lock and watched marks, poster
    /// and filming location. `None` past the end of the feed.
    pub fn episode(&self, index: usize) -> Option<EpisodeView> {
        let entry = self.feed.get(index)?;
        let series = &self.catalog.series[entry.series];
        let episode = &series.episodes[entry.episode];
        let story = &self.stories[entry.series];
        let e = entry.episode;
        let watched = story.state().seen.any_in(e);
        Some(EpisodeView {
            index,
            number: e + 1,
            series_id: series.id.clone(),
            series_title: self.resolve(entry.series, &series.title),
            episode_id: episode.id.clone(),
            title: self.resolve(entry.series, &episode.title),
            locked: story.is_locked(&self.catalog, e),
            watched,
            current: index == self.feed.index(),
            poster: self.poster(entry.series, e),
            location: episode.location.as_ref().map(|location| LocationView {
                name: self.resolve(entry.series, &location.name),
                url: location.url.clone(),
            }),
        })
    }

    /// The picture that stands for an episode: its poster, else its series', else its first segment's.
    fn poster(&self, series: usize, episode: usize) -> Option<String> {
        let series = &self.catalog.series[series];
        let episode = &series.episodes[episode];
        episode
            .poster
            .clone()
            .or_else(|| series.poster.clone())
            .or_else(|| episode.segments.get(episode.start).and_then(|s| s.poster.clone()))
    }

    /// The series of the feed in feed order, each with its endings found ("3 of 5 endings found") and
    /// the run of feed entries it holds (the feed keeps a series' episodes together).
    pub fn endings(&self) -> Vec<SeriesProgress> {
        let mut out: Vec<SeriesProgress> = Vec::new();
        let mut last = None;
        for i in 0..self.feed.len() {
            let Some(entry) = self.feed.get(i) else { continue };
            if let Some(progress) = out.last_mut().filter(|_| last == Some(entry.series)) {
                progress.entries += 1;
                continue;
            }
            last = Some(entry.series);
            let series = &self.catalog.series[entry.series];
            out.push(SeriesProgress {
                series_id: series.id.clone(),
                title: self.resolve(entry.series, &series.title),
                found: self.stories[entry.series].endings_found().len(),
                total: self.ending_total(entry.series),
                first: i,
                entries: 1,
            });
        }
        out
    }

    /// Emits `ready` and enters the current feed entry.
    pub fn start(&mut self, now_ms: u64) -> Vec<Command> {
        let mut series: Vec<String> = Vec::new();
        for i in 0..self.feed.len() {
            if let Some(entry) = self.feed.get(i) {
                let id = &self.catalog.series[entry.series].id;
                if !series.contains(id) {
                    series.push(id.clone());
                }
            }
        }
        let mut out = vec![Command::Emit(Event::Ready { series, episodes: self.feed.len() })];
        self.enter_current(now_ms, &mut out);
        self.plan_save(now_ms, &mut out);
        out
    }

    /// Answers one input. A move the viewer or the host makes (a swipe, a jump, a choice, a rewind,
    /// unlocking the episode on screen) asks to play, as a tap on play does.
    pub fn input(&mut self, input: Input, now_ms: u64) -> Vec<Command> {
        let held = self.playback.holds_video();
        let waiting = self.playback.waits_for_viewer();
        let mut out = match input {
            Input::Next => self.moving(|s| s.next(now_ms)),
            Input::Prev => self.moving(|s| s.prev(now_ms)),
            Input::Jump(index) => self.moving(|s| s.jump(index, now_ms)),
            Input::Choose { index, via } => self.moving(|s| s.choose(index, via, now_ms)),
            Input::Rewind => self.moving(|s| s.rewind(now_ms)),
            Input::Replay => self.moving(|s| s.replay(now_ms)),
            Input::Unlock(episode_id) => self.unlock(&episode_id, now_ms),
            Input::Play => {
                self.playback.play();
                Vec::new()
            }
            Input::Pause => {
                self.playback.paused = true;
                Vec::new()
            }
            Input::TogglePlay => {
                self.toggle_play();
                Vec::new()
            }
            Input::Press { x, y, height } => self.press(x, y, height, now_ms),
            Input::Drag { x, y } => self.drag(x, y, now_ms),
            Input::Release { x, y } => self.release(Some((x, y)), now_ms),
            Input::PressCancelled => self.release(None, now_ms),
            Input::Wheel { delta_y, mode, height } => self.wheel(delta_y, mode, height, now_ms),
            Input::Autoplay(on) => {
                self.playback.autoplay = on;
                if !on && self.current.is_none() {
                    self.playback.asked_to_play = false;
                }
                Vec::new()
            }
            Input::Autopause(on) => {
                self.playback.autopause = on;
                Vec::new()
            }
            Input::Timer(timer) => {
                self.timer = timer;
                Vec::new()
            }
            Input::Autosave(on) => {
                self.autosave = on.then(|| self.autosave.take().unwrap_or_default());
                Vec::new()
            }
            Input::Leaving => {
                let mut out = Vec::new();
                self.write_save(now_ms, &mut out);
                out
            }
            Input::Muted(muted) => {
                self.playback.muted = muted;
                self.chosen_muted = muted;
                // Unmuting is a viewer's gesture (or a host acting for one): a refused video may try.
                if !muted {
                    self.playback.refused = false;
                }
                let mut out = vec![Command::SetMuted(muted)];
                self.settings_changed(&mut out);
                out
            }
            Input::Volume(volume) => {
                self.playback.volume = volume;
                let mut out = vec![Command::SetVolume(volume)];
                self.settings_changed(&mut out);
                out
            }
            Input::Rate(rate) => {
                self.playback.rate = rate;
                let mut out =
                    vec![Command::SetRate { rate: self.playback.playback_rate(), fast: self.playback.fast }];
                self.settings_changed(&mut out);
                out
            }
            Input::Captions(language) => {
                self.captions = language.clone();
                let mut out = vec![Command::SetCaptions(language)];
                self.settings_changed(&mut out);
                out
            }
            Input::Fast(fast) => self.set_fast(fast),
            Input::MenuOpen(open) => {
                self.playback.menu_open = open;
                Vec::new()
            }
            Input::DrawerOpen(open) => {
                self.playback.drawer_open = open;
                Vec::new()
            }
            Input::Visibility { in_view, hidden } => {
                if let Some(in_view) = in_view {
                    self.playback.offscreen = !in_view;
                }
                self.playback.hidden = hidden;
                Vec::new()
            }
            Input::MediaTime { slot, media_ms } => {
                if self.stall.is_some_and(|stall| stall.slot == slot && stall.media_ms != media_ms) {
                    self.stall = None;
                }
                let moving = self.clock.is_some_and(|clock| clock.slot == slot && clock.moving);
                self.see(slot, media_ms, now_ms, moving);
                self.media_time(slot, media_ms, now_ms)
            }
            Input::Waiting { slot, media_ms } => {
                self.see(slot, media_ms, now_ms, false);
                self.arm_watchdog(slot, media_ms, now_ms);
                Vec::new()
            }
            Input::Stalled { slot } if self.playable() == Some(slot) => {
                self.stall = None;
                self.media_error(slot, now_ms)
            }
            Input::Stalled { .. } => Vec::new(),
            Input::Progress { slot } => {
                if let Some(stall) = self.stall.as_mut().filter(|stall| stall.slot == slot) {
                    stall.due_ms = now_ms.saturating_add(STALL_TIMEOUT_MS);
                }
                Vec::new()
            }
            Input::Playing { slot, media_ms } => {
                self.see(slot, media_ms, now_ms, true);
                self.playing(slot)
            }
            Input::Ended { slot } => {
                self.stall = None;
                self.media_ended(slot, now_ms)
            }
            Input::MediaError { slot } => {
                self.stall = None;
                self.media_error(slot, now_ms)
            }
            Input::PlayRefused { slot } => self.play_refused(slot),
            Input::Tick => self.tick(now_ms),
        };
        self.reconcile(held, waiting, &mut out);
        self.settle_countdown(now_ms, &mut out);
        if !self.plays() || self.stall.is_some_and(|stall| self.current != Some(stall.slot)) {
            // Nothing to wait for: the video is held, or another one is current.
            self.stall = None;
        }
        if self.busy != self.stall.is_some() {
            self.busy = self.stall.is_some();
            out.push(Command::Busy(self.busy));
        }
        self.plan_save(now_ms, &mut out);
        out
    }

    /// Pauses what plays, plays what is paused.
    fn toggle_play(&mut self) {
        if self.playback.waits_for_viewer() {
            self.playback.play();
        } else {
            self.playback.paused = true;
        }
    }

    /// Double speed while the viewer holds the video (`true`), or back to the chosen rate.
    fn set_fast(&mut self, fast: bool) -> Vec<Command> {
        self.playback.fast = fast && self.plays();
        vec![Command::SetRate { rate: self.playback.playback_rate(), fast: self.playback.fast }]
    }

    /// The episode whose lock screen is up, if one is.
    pub fn locked_episode(&self) -> Option<String> {
        (self.overlay == Overlay::Lock).then(|| episode_of(&self.catalog, self.feed.current()).id.clone())
    }

    /// The visible options of the open choice, in display order (key `n` takes the `n`-th).
    pub fn choice_options(&self) -> Vec<usize> {
        let story = &self.stories[self.feed.current().series];
        match (self.overlay, story.open_choice()) {
            (Overlay::Choices, Some(open)) => open.visible.clone(),
            _ => Vec::new(),
        }
    }

    /// Whether the sound is off.
    pub fn muted(&self) -> bool {
        self.playback.muted
    }

    /// The caption language the viewer wants; `None`: captions off.
    pub fn caption_language(&self) -> Option<&str> {
        self.captions.as_deref()
    }

    /// The volume of every video, 0 to 1.
    pub fn volume(&self) -> f64 {
        self.playback.volume
    }

    /// The current video's playback rate (double while the viewer holds it).
    pub fn playback_rate(&self) -> f64 {
        self.playback.playback_rate()
    }

    /// The rate the viewer or the host chose.
    pub fn chosen_rate(&self) -> f64 {
        self.playback.rate
    }

    /// Swipe up: the next feed entry. At the end of the feed, only an ending card moves on: to the
    /// end card.
    fn next(&mut self, now_ms: u64) -> Vec<Command> {
        let mut out = Vec::new();
        if self.feed.next() {
            self.enter_current(now_ms, &mut out);
        } else if self.overlay == Overlay::Ending {
            self.show_feed_end(&mut out);
        }
        out
    }

    /// The current episode again, from its first segment (the end card's Replay).
    fn replay(&mut self, now_ms: u64) -> Vec<Command> {
        let mut out = Vec::new();
        self.close_overlay(&mut out);
        let entry = self.feed.current();
        let steps = self.stories[entry.series].enter(&self.catalog, entry.episode, now_ms);
        self.apply_steps(entry.series, steps, now_ms, &mut out);
        out
    }

    /// Swipe down: the previous feed entry. Nothing at the start of the feed.
    fn prev(&mut self, now_ms: u64) -> Vec<Command> {
        let mut out = Vec::new();
        if self.feed.prev() {
            self.enter_current(now_ms, &mut out);
        }
        out
    }

    /// Jump to feed entry `index`; an `error` event when there is no such entry.
    fn jump(&mut self, index: usize, now_ms: u64) -> Vec<Command> {
        let mut out = Vec::new();
        if self.feed.jump(index) {
            self.enter_current(now_ms, &mut out);
        } else {
            out.push(error_event(ErrorCode::NoSuchEpisode, format!("the feed has no entry {index}")));
        }
        out
    }

    /// Takes option `index` of the open choice; an `error` event when there is no such visible option.
    fn choose(&mut self, index: usize, via: Via, now_ms: u64) -> Vec<Command> {
        let series = self.feed.current().series;
        let result = self.stories[series].choose(&self.catalog, index, via, now_ms);
        self.after_story(series, result, now_ms)
    }

    /// Runs what is due by `now_ms`: the choice timeout, a media retry.
    fn tick(&mut self, now_ms: u64) -> Vec<Command> {
        if self.notice_until.is_some_and(|due| due <= now_ms) {
            self.notice_until = None;
            let mut out = vec![Command::HideNotice];
            out.extend(self.tick(now_ms));
            return out;
        }
        if let Some(stall) = self.stall.filter(|stall| stall.due_ms <= now_ms) {
            self.stall = None;
            return self.media_error(stall.slot, now_ms);
        }
        let mut out = self.poll_hold(now_ms);
        if let Some(retry) = self.retry.as_mut() {
            if retry.due_ms.is_some_and(|due| due <= now_ms) {
                retry.due_ms = None;
                if let Some(slot) = self.pool.slot_of(retry.key) {
                    out.push(Command::Reload { slot });
                    out.push(Command::Play { slot });
                }
            }
        }
        let series = self.feed.current().series;
        let last_call = self.choice_deadline().map(|due| due.saturating_sub(LAST_CALL_MS));
        if self.last_call && last_call.is_some_and(|due| due <= now_ms) {
            self.last_call = false;
            out.push(Command::Announce(Announcement::SecondsLeft(LAST_CALL_MS / 1000)));
        }
        // The story times the catalog's timeout; the viewer's timer setting moves (or drops) the
        // moment it is told that time is up.
        let story_due = self.stories[series].deadline();
        let steps = match (self.choice_deadline(), story_due) {
            (Some(due), Some(story_due)) if now_ms >= due => {
                self.stories[series].tick(&self.catalog, now_ms.max(story_due))
            }
            _ => Vec::new(),
        };
        self.apply_steps(series, steps, now_ms, &mut out);
        // Last: a segment the story started just now made its own plan.
        if self.held_until.is_some_and(|due| due <= now_ms) {
            self.release_held(&mut out);
        }
        out
    }

    /// When the open choice times out under the timer setting; `None`: no choice open, no timer.
    fn choice_deadline(&self) -> Option<u64> {
        if self.frozen_since.is_some() {
            return None;
        }
        let story = &self.stories[self.feed.current().series];
        let deadline = story.deadline()?;
        match self.timer {
            Timer::Normal => Some(deadline),
            Timer::Off => None,
            Timer::Extended => {
                let (episode, segment) = story.position()?;
                let series = &self.catalog.series[self.feed.current().series];
                let timeout = series.episodes[episode].segments[segment].choice.as_ref()?.timeout_ms?;
                Some(deadline.saturating_add(timeout))
            }
        }
    }

    /// The latest `now_ms` at which [`Input::Tick`] must next be given, if anything is pending; the
    /// current video's time (an [`Input::MediaTime`]) goes first, since a media mark may be due.
    pub fn next_deadline(&self) -> Option<u64> {
        let choice = self.choice_deadline();
        let last_call = choice.filter(|_| self.last_call).map(|due| due.saturating_sub(LAST_CALL_MS));
        let retry = self.retry.and_then(|r| r.due_ms);
        let stall = self.stall.map(|stall| stall.due_ms);
        let (save, hold) = (self.save_deadline(), self.gesture.hold_deadline());
        [
            last_call,
            choice,
            retry,
            self.held_until,
            stall,
            self.notice_until,
            self.mark_deadline(),
            save,
            hold,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// The media time at which [`Session::media_time`] must next be reported for the current slot:
    /// the choice point ahead, if any. Only meaningful while it lies ahead of the video's time.
    pub fn next_media_mark(&self) -> Option<u64> {
        let story = &self.stories[self.feed.current().series];
        if story.open_choice().is_some() {
            return None;
        }
        let (episode, segment) = story.position()?;
        let entry = self.feed.current();
        let segment = &self.catalog.series[entry.series].episodes[episode].segments[segment];
        segment.choice.as_ref()?.at_ms
    }

    /// The host unlocked `episode_id` (in every series of the feed that has it). If it is the current
    /// entry, it starts playing; neighbours that were locked get preloaded. An id the catalog lacks is
    /// an `error {code: "unknown-episode"}` event, and nothing changes.
    fn unlock(&mut self, episode_id: &str, now_ms: u64) -> Vec<Command> {
        let mut out = Vec::new();
        let known = self.catalog.series.iter().any(|s| s.episodes.iter().any(|e| e.id == episode_id));
        if !known {
            out.push(error_event(
                ErrorCode::UnknownEpisode,
                format!("no episode \"{episode_id}\" to unlock"),
            ));
            return out;
        }
        self.progress_changed(now_ms);
        let mut unlocked_current = false;
        for (s, series) in self.catalog.series.iter().enumerate() {
            for (e, episode) in series.episodes.iter().enumerate() {
                if episode.id == episode_id && self.stories[s].unlock(e) {
                    let entry = self.feed.current();
                    unlocked_current |= entry.series == s && entry.episode == e;
                }
            }
        }
        if unlocked_current {
            // The lock screen said `episodechange` already: the same episode now plays.
            self.playback.play();
            self.play_current(now_ms, &mut out);
        } else if let Some(slot) = self.current {
            self.load_wanted(&mut out);
            out.push(self.show(slot));
        }
        out
    }

    /// Back to the last choice point, state restored as it was there; an `error` event when there is
    /// none.
    fn rewind(&mut self, now_ms: u64) -> Vec<Command> {
        let series = self.feed.current().series;
        let result = self.stories[series].rewind(&self.catalog, now_ms);
        // Back to the moment before the choice, not to the start of a long segment.
        if result.is_ok() {
            let at_ms = self.stories[series].position().and_then(|(episode, segment)| {
                self.catalog.series[series].episodes[episode].segments[segment].choice.as_ref()?.at_ms
            });
            self.resume_at = at_ms.map(|at| at.saturating_sub(REWIND_LEAD_MS)).filter(|&ms| ms > 0);
        }
        self.after_story(series, result, now_ms)
    }

    /// Progress as a versioned string: feed position, story states, endings, unlocks.
    pub fn save(&self) -> String {
        let entry = self.feed.current();
        save::encode(&self.catalog, Some((entry.series, entry.episode)), &self.stories)
    }

    /// Restores a string from [`Session::save`] and enters the saved episode, at the media position
    /// it was saved at. What the catalog no longer has is dropped and listed in a `warning` event
    /// (code `save-changed`).
    ///
    /// # Errors
    /// `bad-save` when the text is not a save (corrupt, another version), `save-too-large`, or
    /// `save-other-catalog` when the save shares no series with this catalog, `save-other-series`
    /// when it was made in a series this feed does not play; the session is unchanged then.
    pub fn restore(&mut self, text: &str, now_ms: u64) -> Result<Vec<Command>, SessionError> {
        let mut out = self.apply_save(text, true)?;
        self.enter_current(now_ms, &mut out);
        self.progress_changed(now_ms);
        self.plan_save(now_ms, &mut out);
        Ok(out)
    }

    /// Restores a save before [`Session::start`], which then enters the saved episode (or, with
    /// `keep_episode`, the episode the [`Config`] names, the saved story state still restored).
    /// Returns the `warning` commands to apply after `start`'s, so that `ready` comes first.
    ///
    /// # Errors
    /// As [`Session::restore`]; the session is unchanged then.
    pub fn restore_before_start(
        &mut self,
        text: &str,
        keep_episode: bool,
    ) -> Result<Vec<Command>, SessionError> {
        self.apply_save(text, !keep_episode)
    }

    /// Decodes a save into the stories and, with `jump`, the feed position; the `warning` for what was
    /// dropped.
    fn apply_save(&mut self, text: &str, jump: bool) -> Result<Vec<Command>, SessionError> {
        let (restored, dropped) = save::decode(text, &self.catalog).map_err(|e| SessionError {
            code: match e.kind {
                SaveErrorKind::TooLarge => ErrorCode::SaveTooLarge,
                _ => ErrorCode::BadSave,
            },
            message: e.message,
        })?;
        if restored.catalog_changed && restored.stories.is_empty() {
            return Err(SessionError {
                code: ErrorCode::SaveOtherCatalog,
                message: "the save is from another catalog: none of its series is in this one".to_owned(),
            });
        }
        if restored.current.is_some_and(|(s, e)| self.feed.position_of(s, e).is_none()) {
            return Err(SessionError {
                code: ErrorCode::SaveOtherSeries,
                message: "the save was made in a series this player does not play".to_owned(),
            });
        }
        for story in restored.stories {
            let series = story.series();
            self.stories[series] = story;
        }
        let mut out = Vec::new();
        if !dropped.is_empty() {
            out.push(Command::Emit(Event::Warning {
                code: ErrorCode::SaveChanged,
                message: format!("the catalog changed since this save; dropped: {}", dropped.join("; ")),
            }));
        }
        if let Some(index) = restored.current.and_then(|(s, e)| self.feed.position_of(s, e)).filter(|_| jump)
        {
            self.feed.jump(index);
        }
        Ok(out)
    }

    /// Number of feed entries.
    pub fn feed_len(&self) -> usize {
        self.feed.len()
    }

    /// Index of the current feed entry.
    pub fn feed_index(&self) -> usize {
        self.feed.index()
    }

    fn after_story(
        &mut self,
        series: usize,
        result: Result<Vec<Step>, StoryError>,
        now_ms: u64,
    ) -> Vec<Command> {
        let mut out = Vec::new();
        match result {
            Ok(steps) => self.apply_steps(series, steps, now_ms, &mut out),
            Err(StoryError::NoSuchOption(index)) => {
                out.push(error_event(ErrorCode::NoSuchOption, format!("option {index} is not offered now")))
            }
            Err(StoryError::NothingToRewind) => {
                out.push(error_event(ErrorCode::NothingToRewind, "no choice point to go back to".to_owned()))
            }
        }
        out
    }

    /// Leaves whatever plays now and enters the feed's current entry.
    fn enter_current(&mut self, now_ms: u64, out: &mut Vec<Command>) {
        self.close_overlay(out);
        self.retry = None;
        let entry = self.feed.current();
        out.push(Command::Emit(self.episode_change(entry.series, entry.episode, self.feed.index())));
        self.play_current(now_ms, out);
    }

    /// Plays the feed's current entry where its story stands (the feed did not move: an unlock).
    fn play_current(&mut self, now_ms: u64, out: &mut Vec<Command>) {
        self.close_overlay(out);
        let entry = self.feed.current();
        // Resuming, not entering: a series left mid-episode (for another series, or by a restored save)
        // continues where it was, without applying the segment's effects twice.
        let steps = self.stories[entry.series].resume(&self.catalog, entry.episode, now_ms);
        // A resumed segment (a fresh one is at 0) continues where it was left.
        self.resume_at = self.stories[entry.series].media_ms().filter(|&ms| ms > 0);
        self.apply_steps(entry.series, steps, now_ms, out);
    }

    fn apply_steps(&mut self, series: usize, steps: Vec<Step>, now_ms: u64, out: &mut Vec<Command>) {
        for step in steps {
            match step {
                Step::SegmentStarted { episode, segment } => {
                    self.start_segment(MediaKey { series, episode, segment }, now_ms, out)
                }
                Step::ChoiceOpened => self.open_choice(series, out),
                Step::ChoiceTaken { index, via } => {
                    self.close_overlay(out);
                    // The choice's segment is still the current slot's: the target starts after.
                    let key = self.current.and_then(|slot| self.pool.get(slot));
                    let label = key
                        .and_then(|k| {
                            self.catalog.series[k.series].episodes[k.episode].segments[k.segment]
                                .choice
                                .as_ref()
                        })
                        .and_then(|choice| choice.options.get(index))
                        .map(|option| self.resolve(series, &option.label))
                        .unwrap_or_default();
                    let (series_id, episode_id) = self.ids(series, self.feed.current().episode);
                    out.push(Command::Emit(Event::Choice { series_id, episode_id, index, label, via }));
                }
                Step::EndingReached { id } => {
                    let title = self.ending_title(series, &id);
                    // The ending's segment has just started: the feed has followed the story there.
                    let (series_id, episode_id) = self.ids(series, self.feed.current().episode);
                    out.push(Command::Emit(Event::Ending { series_id, episode_id, ending_id: id, title }));
                }
                Step::EpisodeFinished => self.finish_episode(series, now_ms, out),
                Step::Locked { episode } => self.show_lock(series, episode, out),
            }
        }
    }

    fn start_segment(&mut self, key: MediaKey, now_ms: u64, out: &mut Vec<Command>) {
        self.close_overlay(out);
        self.follow_story(key.series, key.episode, out);
        self.drop_held();
        self.clock = None;
        let previous = self.current;
        let wanted = self.wanted(Some(key));
        // Only the segment itself may load before it plays (when it was not preloaded). The
        // neighbours' loads come after `Play`: each `src` change costs the main thread a few ms, and
        // three of them ahead of `play()` made every swipe wait for them.
        let (own, neighbours): (Vec<_>, Vec<_>) =
            self.pool.plan(&wanted).into_iter().partition(|&(_, k)| k == key);
        self.push_loads(own, out);
        let Some(slot) = self.pool.slot_of(key) else { return };
        self.current = Some(slot);
        let plays = !self.playback.holds_video();
        // The neighbours wait for this video's first frame (a held video has no decoder to compete
        // with). Loading the entry ahead of a swipe at once was measured too: skimming's p95 was worse
        // (touch 44–60 ms against 28–31 ms, BENCHMARKS.md).
        let (neighbours, later) = if plays { (Vec::new(), neighbours) } else { (neighbours, Vec::new()) };
        if !later.is_empty() {
            self.held = later;
            self.held_until = Some(now_ms.saturating_add(HOLD_LOADS_MS));
        }
        out.push(self.show(slot));
        if std::mem::take(&mut self.playback.fast) {
            // Only the video held may play at double speed; the next one plays at the chosen rate.
            out.push(Command::SetRate { rate: self.playback.rate, fast: false });
        }
        if previous == Some(slot) {
            // Replaying the same segment (a loop or a rewind onto it).
            out.push(Command::Rewind { slot });
        }
        if let Some(media_ms) = self.resume_at.take() {
            out.push(Command::Seek { slot, media_ms });
        }
        if plays {
            out.push(Command::Play { slot });
        } else if self.playback.waits_for_viewer() {
            out.push(Command::WaitForViewer { refused: self.playback.refused });
        }
        let segment = &self.catalog.series[key.series].episodes[key.episode].segments[key.segment];
        let (series_id, episode_id) = self.ids(key.series, key.episode);
        out.push(Command::Emit(Event::SegmentChange {
            series_id,
            episode_id,
            segment_id: segment.id.clone(),
        }));
        if let Some(old) = previous.filter(|&old| old != slot) {
            out.push(Command::Pause { slot: old });
            out.push(Command::Rewind { slot: old });
        }
        self.push_loads(neighbours, out);
    }

    /// A `next` or a `goto` into another episode (locked or not): the feed follows the story.
    fn follow_story(&mut self, series: usize, episode: usize, out: &mut Vec<Command>) {
        let Some(index) = self.feed.position_of(series, episode) else { return };
        if index != self.feed.index() {
            self.feed.jump(index);
            out.push(Command::Emit(self.episode_change(series, episode, index)));
        }
    }

    fn open_choice(&mut self, series: usize, out: &mut Vec<Command>) {
        let story = &self.stories[series];
        let (Some(open), Some((episode, segment))) = (story.open_choice(), story.position()) else {
            return;
        };
        let s = &self.catalog.series[series];
        let Some(choice) = s.episodes[episode].segments[segment].choice.as_ref() else { return };
        let fallback = s.language.as_deref();
        let options: Vec<OptionView> = open
            .visible
            .iter()
            .filter_map(|&index| {
                let option = choice.options.get(index)?;
                Some(OptionView { index, label: option.label.resolve(&self.language, fallback).to_owned() })
            })
            .collect();
        let prompt = choice.prompt.as_ref().map_or("", |p| p.resolve(&self.language, fallback)).to_owned();
        let (timeout_ms, deadline_ms) = match (self.timer, open.deadline_ms, choice.timeout_ms) {
            (Timer::Normal, Some(deadline), Some(timeout)) => (Some(timeout), Some(deadline)),
            (Timer::Extended, Some(deadline), Some(timeout)) => {
                (Some(timeout.saturating_mul(2)), Some(deadline.saturating_add(timeout)))
            }
            _ => (None, None),
        };
        out.push(Command::ShowChoices(ChoiceView {
            prompt: prompt.clone(),
            options: options.clone(),
            timeout_ms,
            deadline_ms,
            default_index: open.default.filter(|_| deadline_ms.is_some()),
        }));
        out.push(Command::Emit(Event::ChoiceShow { prompt, options, timeout_ms }));
        self.overlay = Overlay::Choices;
        self.last_call = timeout_ms.is_some_and(|ms| ms > LAST_CALL_MS + 500);
        // The targets may have changed with the state: make sure they are loading before the tap.
        self.load_wanted(out);
    }

    fn finish_episode(&mut self, series: usize, now_ms: u64, out: &mut Vec<Command>) {
        let story = &self.stories[series];
        // The story has left the segment by now; the pool still knows which one played.
        let ending = self.current.and_then(|slot| self.pool.get(slot)).and_then(|key| {
            self.catalog.series[key.series].episodes[key.episode].segments[key.segment].ending.as_ref()
        });
        if let Some(ending) = ending {
            // An ending waits on its card: the viewer rewinds or moves on.
            let total = self.ending_total(series);
            let found = story.endings_found().len();
            out.push(Command::ShowEnding(EndingView {
                ending_id: ending.id.clone(),
                title: self.resolve(series, &ending.title),
                found,
                total,
                can_rewind: story.can_rewind(),
            }));
            self.overlay = Overlay::Ending;
            if let Some(slot) = self.current {
                out.push(Command::Pause { slot });
            }
        } else if self.feed.next() {
            self.enter_current(now_ms, out);
        } else {
            self.show_feed_end(out);
        }
    }

    /// The feed's last entry is over: the end card (Replay, the episode list) and `feedend`.
    fn show_feed_end(&mut self, out: &mut Vec<Command>) {
        self.close_overlay(out);
        if let Some(slot) = self.current {
            out.push(Command::Pause { slot });
        }
        out.push(Command::ShowFeedEnd);
        self.overlay = Overlay::FeedEnd;
        out.push(Command::Emit(Event::FeedEnd {}));
    }

    fn show_lock(&mut self, series: usize, episode: usize, out: &mut Vec<Command>) {
        self.follow_story(series, episode, out);
        self.drop_held();
        if let Some(old) = self.current.take() {
            out.push(Command::Pause { slot: old });
            out.push(Command::Rewind { slot: old });
        }
        let e = &self.catalog.series[series].episodes[episode];
        out.push(Command::ShowLock(LockView {
            episode_id: e.id.clone(),
            title: self.resolve(series, &e.title),
            poster: self.poster(series, episode),
        }));
        self.overlay = Overlay::Lock;
        let (series_id, episode_id) = self.ids(series, episode);
        out.push(Command::Emit(Event::Locked { series_id, episode_id }));
        self.load_wanted(out);
    }

    fn close_overlay(&mut self, out: &mut Vec<Command>) {
        match std::mem::replace(&mut self.overlay, Overlay::None) {
            Overlay::None => {}
            Overlay::Choices => {
                self.frozen_since = None;
                self.last_call = false;
                out.push(Command::HideChoices);
            }
            Overlay::Lock => out.push(Command::HideLock),
            Overlay::Ending => out.push(Command::HideEnding),
            Overlay::FeedEnd => out.push(Command::HideFeedEnd),
        }
    }

    /// `episodechange` into `episode` of `series`, feed entry `index`.
    fn episode_change(&self, series: usize, episode: usize, index: usize) -> Event {
        let (series_id, episode_id) = self.ids(series, episode);
        let title = self.resolve(series, &self.catalog.series[series].episodes[episode].title);
        Event::EpisodeChange { series_id, episode_id, index, number: episode + 1, title }
    }

    /// The ids of `episode` of `series`, as the events carry them.
    fn ids(&self, series: usize, episode: usize) -> (String, String) {
        let s = &self.catalog.series[series];
        (s.id.clone(), s.episodes[episode].id.clone())
    }

    fn resolve(&self, series: usize, text: &Text) -> String {
        text.resolve(&self.language, self.catalog.series[series].language.as_deref()).to_owned()
    }

    fn ending_title(&self, series: usize, id: &str) -> String {
        self.catalog.series[series]
            .episodes
            .iter()
            .flat_map(|e| &e.segments)
            .filter_map(|s| s.ending.as_ref())
            .find(|ending| ending.id == id)
            .map(|ending| self.resolve(series, &ending.title))
            .unwrap_or_default()
    }

    /// Distinct ending ids the series declares.
    fn ending_total(&self, series: usize) -> usize {
        // Episodes of a series tend to share their endings: a repeat of the one before is not hashed
        // again (the drawer asks at each opening; 10,000 episodes took 3 ms in the browser, now 1–2).
        let mut last = None;
        let ids: HashSet<&str> = self.catalog.series[series]
            .episodes
            .iter()
            .flat_map(|e| &e.segments)
            .filter_map(|s| s.ending.as_ref().map(|ending| ending.id.as_str()))
            .filter(|&id| last.replace(id) != Some(id))
            .collect();
        ids.len()
    }
}

fn episode_of(catalog: &Catalog, entry: Entry) -> &crate::catalog::Episode {
    &catalog.series[entry.series].episodes[entry.episode]
}

fn error_event(code: ErrorCode, message: String) -> Command {
    Command::Emit(Event::Error { code, message })
}
