//! [`Player`]: the JS handle, and the loop that feeds browser input to the core and applies its
//! commands.
//!
//! Re-entrancy: a host page may call back into the player from an event listener (a `choice` handler
//! that calls `next()`). Commands therefore go through one queue: whoever finds the queue already
//! being applied only appends to it, and no `RefCell` borrow is held while an event is dispatched.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CustomEvent, CustomEventInit, Element, EventTarget, HtmlElement, KeyboardEvent, PointerEvent, WheelEvent,
};

use crate::catalog;
use crate::command::{Command, Event, Via};
use crate::feed::gesture::{DeltaMode, Gesture, GestureTracker, Page, WheelPager};
use crate::session::{Config, Session, Timer};

use super::dom::{error_name, now_ms, warn_on_error, Builder, EventListener, Passive, Timeout};
use super::captions;
use super::drawer::Drawer;
use super::i18n::{self, Lang, Word};
use super::media_session::{Action, Artwork, MediaSessionHandle, Metadata};
use super::overlay::{Menu, MenuItem, Overlay};
use super::pool::{Role, VideoPool};
use super::storage::Progress;

/// Video elements per player: the current entry, its neighbours, and two for choice targets.
pub const POOL_SIZE: usize = 5;

/// The stall watchdog's patience: a current video that should be playing but sits `waiting` (or
/// `stalled`) at the same media time, with no bytes arriving, for this long is reported to the core
/// as a media error (which retries it, then skips it). Bytes still arriving (`progress`) restart the
/// wait: a slow network is waited for, a dead one is not.
pub const STALL_TIMEOUT_MS: u32 = 5000;

/// Longest a swipe or a choice holds back the new neighbours' loads while the video it started gets
/// going (they go as soon as it reports `playing`): long enough for a first frame, short against the
/// seconds a viewer watches before the next swipe.
pub const DEFER_LOADS_MS: u32 = 250;

/// What the page may pass as `options` to `new Player(…)`; every field is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Options {
    /// Only this series.
    series: Option<String>,
    /// Start at this episode id.
    episode: Option<String>,
    /// The viewer's language tag (default: `navigator.language`).
    language: Option<String>,
    /// Start muted.
    muted: bool,
    /// Start playing without waiting for the viewer (default: true).
    autoplay: Option<bool>,
    /// Show the previous/next buttons (default: true).
    controls: Option<bool>,
    /// URL that relative media URLs resolve against: the catalog's own URL.
    base_url: Option<String>,
    /// Choice timer: `normal`, `extended` (twice the time) or `off` (WCAG 2.2.1).
    timer: Option<String>,
    /// Default caption language (default: `navigator.language`).
    caption_language: Option<String>,
    /// Keep progress in `localStorage` and resume from it (default: false; `<micro-drama>` turns it
    /// on unless `resume="off"`).
    resume: bool,
}

/// `detail` of the `unlockrequest` event: the viewer pressed "Unlock" on a lock screen.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UnlockRequest<'a> {
    episode_id: &'a str,
}

/// `detail` of an `error` event raised by the player itself.
#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
}

/// An interactive micro-drama player mounted in the page.
///
/// ```js
/// const player = new Player(hostElement, mountElement, catalogText, { muted: true, baseUrl });
/// hostElement.addEventListener("choiceshow", (e) => console.log(e.detail.options));
/// player.next();
/// player.destroy();
/// ```
///
/// Events (CONTRACT §4) are dispatched on `host` as bubbling, composed `CustomEvent`s; the player also
/// dispatches `unlockrequest {episodeId}` when the viewer presses the lock screen's "Unlock" button.
#[wasm_bindgen]
pub struct Player {
    shared: Rc<Shared>,
}

/// Everything the listeners reach through a `Weak`: dropping the `Player` frees it.
struct Shared {
    host: HtmlElement,
    root: HtmlElement,
    feed: HtmlElement,
    builder: Builder,
    pool: VideoPool,
    overlay: Overlay,
    base_url: String,
    state: RefCell<State>,
    queue: RefCell<VecDeque<Command>>,
    /// Neighbour loads held back until the video just started plays (see [`Shared::pump`]).
    deferred: RefCell<VecDeque<Command>>,
    /// Applies `deferred` if the current video has not reported `playing` by then.
    deferred_timer: RefCell<Option<Timeout>>,
    applying: Cell<bool>,
    /// `Session::start` has run: the first call into the core runs it first.
    started: Cell<bool>,
    destroyed: Cell<bool>,
    listeners: RefCell<Vec<EventListener>>,
    /// The pending `tick`, with the deadline it was set for (kept while the deadline holds).
    tick_timer: RefCell<Option<(u64, Timeout)>>,
    /// Reports the media time when the current video reaches the core's next media mark.
    mark_timer: RefCell<Option<Timeout>>,
    /// Turns a still press into a hold.
    hold_timer: RefCell<Option<Timeout>>,
    /// The stall watchdog, armed while the current video waits for data.
    stall: RefCell<Option<Stall>>,
    /// The episode drawer.
    drawer: Drawer,
    /// Says "3 seconds." in the live region while a timed choice is open.
    announce_timer: RefCell<Option<Timeout>>,
    /// Hides the notice line.
    notice_timer: RefCell<Option<Timeout>>,
    /// Lock-screen and headset controls, where the browser has them.
    media_session: RefCell<Option<MediaSessionHandle>>,
    /// The save slot in `localStorage`, when `resume` is on.
    progress: Option<Progress>,
    /// Commands for right after `Session::start`'s: warnings about the stored save and storage.
    startup: RefCell<Vec<Command>>,
}

struct State {
    session: Session,
    gesture: GestureTracker,
    wheel: WheelPager,
    /// The pointer being tracked, if a press is in progress.
    pointer: Option<i32>,
    /// The last drag offset drawn, to skip redundant style writes.
    offset: f64,
    muted: bool,
    /// `autoplay` is off and nobody has asked to play yet: `Play` commands wait.
    waiting_for_viewer: bool,
    /// The viewer (or host) paused the current video.
    user_paused: bool,
    /// Option indices of the open choice, in display order (key `n` takes the `n`-th).
    choice: Vec<usize>,
    /// The episode whose lock screen is showing.
    locked: Option<String>,
    /// Caption language the viewer wants; `None`: captions off.
    captions: Option<String>,
    /// Playback rate the viewer chose.
    rate: f64,
    /// The viewer's last input was a touch or a mouse press (not a key): an opening choice leaves the
    /// focus where it is, so no focus ring appears under a finger.
    pointer_input: bool,
}

/// Rates the speed menu offers.
const RATES: [f64; 5] = [0.75, 1.0, 1.25, 1.5, 2.0];

#[wasm_bindgen]
impl Player {
    /// Loads `catalogText`, builds the player inside `mount` and starts it; events go to `host`.
    ///
    /// `options`: `{ series?, episode?, language?, muted?, autoplay?, controls?, baseUrl?, resume? }`.
    /// The first events (`ready`, `episodechange`, …) are dispatched after the constructor returns, so
    /// listeners can use the player.
    ///
    /// # Errors
    /// Dispatches `error {code, message}` on `host`, then throws an error whose message starts with the
    /// code (`bad-json: …`, `unknown-series: …`), when the catalog does not load, the options name
    /// something the catalog lacks, or the options are malformed.
    #[wasm_bindgen(constructor)]
    pub fn new(
        host: HtmlElement,
        mount: HtmlElement,
        catalog_text: &str,
        options: JsValue,
    ) -> Result<Player, JsError> {
        let fail = |code: &str, message: String| {
            dispatch(&host, "error", &ErrorDetail { code, message: &message });
            JsError::new(&format!("{code}: {message}"))
        };
        let options: Options = if options.is_undefined() || options.is_null() {
            Options::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|error| fail("bad-options", error.to_string()))?
        };
        let catalog = match catalog::load(catalog_text) {
            Ok((catalog, warnings)) => {
                for warning in warnings {
                    web_sys::console::warn_1(&JsValue::from_str(&format!("microdrama: {warning}")));
                }
                catalog
            }
            Err(diagnostics) => {
                let first = diagnostics.iter().find(|d| d.is_error()).or(diagnostics.first());
                return Err(match first {
                    Some(d) if d.path.is_empty() => fail(d.code.as_str(), d.message.clone()),
                    Some(d) => fail(d.code.as_str(), format!("{} (at {})", d.message, d.path)),
                    None => fail("bad-json", "the catalog was refused".to_string()),
                });
            }
        };
        let language = options
            .language
            .clone()
            .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
            .unwrap_or_else(|| "en".to_string());
        let lang = Lang::from_tag(&language);
        let timer = options.timer.as_deref().and_then(Timer::parse).unwrap_or_default();
        let caption_language = options
            .caption_language
            .clone()
            .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
            .unwrap_or_else(|| language.clone());
        let config = Config {
            series: options.series.clone(),
            episode: options.episode.clone(),
            pool_size: POOL_SIZE,
            language,
        };
        let session = Session::new(catalog, config).map_err(|error| fail(error.code, error.message))?;

        let built = build(&mount, options.muted, lang);
        let (builder, root, feed, pool, overlay) =
            built.map_err(|error| fail("dom", format!("{error:?}")))?;
        let base_url = options
            .base_url
            .clone()
            .or_else(|| mount.owner_document().and_then(|d| d.base_uri().ok().flatten()))
            .unwrap_or_default();
        let mut session = session;
        let (progress, startup) = if options.resume {
            let key = crate::story::progress::storage_key(&base_url, options.series.as_deref());
            let (progress, startup) = resume_from_storage(key, &mut session, options.episode.is_some());
            (Some(progress), startup)
        } else {
            (None, Vec::new())
        };
        let autoplay = options.autoplay.unwrap_or(true);
        session.set_timer(timer);
        let drawer = Drawer::new(&builder, &root, lang).map_err(|error| fail("dom", format!("{error:?}")))?;
        overlay.set_controls(options.controls.unwrap_or(true));
        overlay.set_muted(options.muted);
        let shared = Rc::new(Shared {
            host,
            root,
            feed,
            builder,
            pool,
            overlay,
            base_url,
            state: RefCell::new(State {
                session,
                gesture: GestureTracker::new(),
                wheel: WheelPager::new(),
                pointer: None,
                offset: 0.0,
                muted: options.muted,
                waiting_for_viewer: !autoplay,
                user_paused: false,
                choice: Vec::new(),
                locked: None,
                captions: Some(caption_language),
                rate: 1.0,
                pointer_input: false,
            }),
            queue: RefCell::new(VecDeque::new()),
            deferred: RefCell::new(VecDeque::new()),
            deferred_timer: RefCell::new(None),
            applying: Cell::new(false),
            started: Cell::new(false),
            destroyed: Cell::new(false),
            listeners: RefCell::new(Vec::new()),
            tick_timer: RefCell::new(None),
            mark_timer: RefCell::new(None),
            hold_timer: RefCell::new(None),
            stall: RefCell::new(None),
            drawer,
            announce_timer: RefCell::new(None),
            notice_timer: RefCell::new(None),
            media_session: RefCell::new(None),
            progress,
            startup: RefCell::new(startup),
        });
        shared.listen();
        shared.start_media_session();
        // Started on a microtask (unless the page calls in first): the page holds the `Player` by the
        // time `ready` reaches it.
        let weak = Rc::downgrade(&shared);
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(shared) = weak.upgrade() {
                shared.drive(|_, _| Vec::new());
            }
        });
        Ok(Player { shared })
    }

    /// Swipe up: the next episode in the feed.
    pub fn next(&self) {
        self.shared.viewer_acted();
        self.shared.drive(|session, now| session.next(now));
    }

    /// Swipe down: the previous episode in the feed.
    pub fn prev(&self) {
        self.shared.viewer_acted();
        self.shared.drive(|session, now| session.prev(now));
    }

    /// Takes option `index` (among the choice's declared options) of the open choice; `choice` has
    /// `via: "api"`. An `error` event when no such option is showing.
    pub fn choose(&self, index: u32) {
        self.shared.viewer_acted();
        self.shared.drive(|session, now| session.choose(index as usize, Via::Api, now));
    }

    /// Plays the current video (and lets `autoplay: false` players start).
    pub fn play(&self) {
        self.shared.resume();
    }

    /// Pauses the current video.
    pub fn pause(&self) {
        self.shared.pause();
    }

    /// The host unlocked `episodeId` (after a payment, an ad, a login); it plays if it is current.
    pub fn unlock(&self, episode_id: &str) {
        if let Some(progress) = &self.shared.progress {
            progress.changed();
        }
        self.shared.drive(|session, now| session.unlock(episode_id, now));
    }

    /// Back to the last choice point, with the story state as it was there.
    pub fn rewind(&self) {
        self.shared.drive(|session, now| session.rewind(now));
    }

    /// Progress (feed position, story states, endings found, unlocks) as a string to keep.
    #[wasm_bindgen(js_name = saveState)]
    pub fn save_state(&self) -> String {
        self.shared.state.borrow().session.save()
    }

    /// Restores a string from `saveState()`.
    ///
    /// # Errors
    /// `bad-save: …` (also dispatched as an `error` event) when the text is not a save; the player is
    /// unchanged.
    #[wasm_bindgen(js_name = loadState)]
    pub fn load_state(&self, text: &str) -> Result<(), JsError> {
        let mut outcome = Ok(());
        self.shared.drive(|session, now| match session.restore(text, now) {
            Ok(commands) => commands,
            Err(error) => {
                outcome = Err(error);
                Vec::new()
            }
        });
        match outcome {
            Ok(()) => Ok(()),
            Err(error) => {
                dispatch(
                    &self.shared.host,
                    "error",
                    &ErrorDetail { code: error.code, message: &error.message },
                );
                Err(JsError::new(&error.to_string()))
            }
        }
    }

    /// Mutes or unmutes every video of the player.
    #[wasm_bindgen(js_name = setMuted)]
    pub fn set_muted(&self, muted: bool) {
        self.shared.set_muted(muted);
    }

    /// Whether the player is muted.
    #[wasm_bindgen(getter)]
    pub fn muted(&self) -> bool {
        self.shared.state.borrow().muted
    }

    /// Index of the current feed entry.
    #[wasm_bindgen(getter, js_name = feedIndex)]
    pub fn feed_index(&self) -> u32 {
        self.shared.state.borrow().session.feed_index() as u32
    }

    /// Number of feed entries.
    #[wasm_bindgen(getter, js_name = feedLength)]
    pub fn feed_length(&self) -> u32 {
        self.shared.state.borrow().session.feed_len() as u32
    }

    /// Removes every listener and timer, stops and empties the videos and removes the player's DOM.
    /// Calling anything afterwards does nothing.
    pub fn destroy(&self) {
        self.shared.destroy();
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        self.shared.destroy();
    }
}

/// Builds the player's DOM inside `mount`.
fn build(
    mount: &HtmlElement,
    muted: bool,
    lang: Lang,
) -> Result<(Builder, HtmlElement, HtmlElement, VideoPool, Overlay), JsValue> {
    let builder = Builder::for_node(mount).ok_or_else(|| JsValue::from_str("no document"))?;
    let root = builder.element("div", "md-root", Some(mount))?;
    let feed = builder.element("div", "md-feed", Some(&root))?;
    let pool = VideoPool::new(&builder, &feed, POOL_SIZE, muted)?;
    warn_on_error(root.set_attribute("lang", lang.tag()), "lang");
    let overlay = Overlay::new(&builder, &root, lang)?;
    Ok((builder, root, feed, pool, overlay))
}

/// Dispatches `CustomEvent(name, {detail, bubbles, composed})` on `target`: composed so that it
/// leaves the custom element's shadow root.
fn dispatch(target: &EventTarget, name: &str, detail: &impl Serialize) {
    let detail =
        detail.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL);
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Some(event) = warn_on_error(CustomEvent::new_with_event_init_dict(name, &init), "CustomEvent") {
        warn_on_error(target.dispatch_event(&event), "dispatchEvent");
    }
}

/// Reads the save stored under `key` into `session` before it starts (`keep_episode`: the page named
/// a start episode, which wins over the saved one). Returns the slot and the warnings to emit after
/// `ready`: storage unavailable, or the stored save set aside (it stays under the rejected key).
fn resume_from_storage(key: String, session: &mut Session, keep_episode: bool) -> (Progress, Vec<Command>) {
    let (progress, warning) = Progress::open(key);
    let mut startup: Vec<Command> = warning.into_iter().map(Command::Emit).collect();
    let (stored, warning) = progress.read();
    startup.extend(warning.map(Command::Emit));
    if let Some(text) = stored {
        match session.restore_before_start(&text, keep_episode) {
            Ok(commands) => startup.extend(commands),
            Err(error) => startup.push(Command::Emit(progress.set_aside(&text, &error))),
        }
    }
    (progress, startup)
}

/// Milliseconds from `now` until `at`, one more so the timer never fires before it.
fn delay(at: u64, now: u64) -> u32 {
    u32::try_from(at.saturating_sub(now).saturating_add(1)).unwrap_or(u32::MAX)
}

impl Shared {
    /// Runs one core call and applies what it answers.
    fn drive(self: &Rc<Self>, call: impl FnOnce(&mut Session, u64) -> Vec<Command>) {
        if self.destroyed.get() {
            return;
        }
        let now = now_ms();
        let commands = {
            let session = &mut self.state.borrow_mut().session;
            // Whatever the page calls first (even before the start microtask), `ready` comes first.
            let mut commands = if self.started.replace(true) { Vec::new() } else { session.start(now) };
            commands.append(&mut self.startup.borrow_mut());
            commands.extend(call(session, now));
            commands
        };
        self.queue.borrow_mut().extend(commands);
        self.pump();
    }

    /// Applies queued commands in order, unless an outer call is already doing so; then re-arms the
    /// timers for what the core expects next.
    ///
    /// A `Load` that comes after a `Play` (the core preloads the new neighbours once the segment is
    /// started) waits until that video reports `playing`, or [`DEFER_LOADS_MS`]: each `src` change
    /// holds the main thread for a few ms and starts a decoder that competes with the one that must
    /// start now. Whatever comes next is applied after the held loads, so the order stays the core's.
    fn pump(self: &Rc<Self>) {
        if self.applying.replace(true) {
            return;
        }
        {
            let held = self.deferred.take();
            let mut queue = self.queue.borrow_mut();
            for command in held.into_iter().rev() {
                queue.push_front(command);
            }
        }
        drop(self.deferred_timer.take());
        let mut played = false;
        while !self.destroyed.get() {
            let command = self.queue.borrow_mut().pop_front();
            let Some(command) = command else { break };
            match command {
                Command::Load { slot, .. } if played && self.pool.role(slot) != Role::Current => {
                    self.deferred.borrow_mut().push_back(command);
                }
                Command::Play { .. } => {
                    played = true;
                    self.apply(command);
                }
                command => self.apply(command),
            }
        }
        if !self.deferred.borrow().is_empty() && !self.destroyed.get() {
            let weak = Rc::downgrade(self);
            *self.deferred_timer.borrow_mut() = Some(Timeout::new(DEFER_LOADS_MS, move || {
                if let Some(shared) = live(&weak) {
                    let _fired = shared.deferred_timer.borrow_mut().take();
                    shared.pump();
                }
            }));
        }
        self.applying.set(false);
        self.schedule();
        self.autosave(false);
    }

    /// Writes the save to storage when [`Progress`] says it is due (`force`: the page is going away).
    fn autosave(self: &Rc<Self>, force: bool) {
        let Some(progress) = &self.progress else { return };
        if self.destroyed.get() || !self.started.get() {
            return;
        }
        let now = now_ms();
        let playing =
            self.pool.current().and_then(|slot| self.pool.video(slot)).is_some_and(|video| !video.paused());
        if !progress.due(now, playing, force) {
            return;
        }
        let Ok(state) = self.state.try_borrow() else { return };
        let text = state.session.save();
        drop(state);
        if let Some(warning) = progress.write(&text, now) {
            self.emit(&warning);
        }
    }

    fn apply(self: &Rc<Self>, command: Command) {
        match command {
            Command::Load { slot, media } => {
                self.pool.load(slot, &media, &self.builder, &|url| self.resolve(url));
                self.update_captions();
            }
            Command::Reload { slot } => self.pool.reload(slot),
            Command::Rewind { slot } => self.pool.rewind(slot),
            Command::Seek { slot, media_ms } => self.pool.seek(slot, media_ms),
            Command::Show { slot, prev, next } => {
                // Whatever the old current slot was doing, only the new one may play at 2x.
                self.overlay.set_fast(false);
                self.pool.show(slot, prev, next);
                self.update_captions();
            }
            Command::Play { slot } => {
                let waiting = {
                    let mut state = self.state.borrow_mut();
                    if self.pool.role(slot) == Role::Current {
                        state.user_paused = false;
                    }
                    state.waiting_for_viewer
                };
                if self.pool.role(slot) == Role::Current {
                    if let Some(video) = self.pool.video(slot) {
                        video.set_playback_rate(self.state.borrow().rate);
                    }
                }
                if waiting {
                    self.overlay.set_paused(true);
                } else {
                    self.overlay.set_paused(false);
                    self.play_slot(slot);
                }
            }
            Command::Pause { slot } => {
                if let Some(video) = self.pool.video(slot) {
                    warn_on_error(video.pause(), "pause");
                }
            }
            Command::ShowChoices(view) => {
                let remaining = match view.deadline_ms {
                    Some(deadline) => Some(deadline.saturating_sub(now_ms())),
                    None => view.timeout_ms,
                };
                self.overlay.show_choices(&self.builder, &view, remaining);
                self.state.borrow_mut().choice = view.options.iter().map(|option| option.index).collect();
                self.announce_choice(&view, remaining);
                // Keyboard and screen-reader viewers land on the first option; a finger on the video
                // (a drag in progress) keeps it, and focus is never taken from the page.
                let touching = {
                    let state = self.state.borrow();
                    state.pointer.is_some() || state.pointer_input
                };
                if !touching && !self.drawer.is_open() && self.overlay.menu().is_none() {
                    if let Some(first) = self.overlay.first_option() {
                        self.focus_if_inside(&first);
                    }
                }
            }
            Command::HideChoices => {
                drop(self.announce_timer.take());
                self.keep_focus();
                self.overlay.hide_choices();
                self.state.borrow_mut().choice.clear();
            }
            Command::ShowLock(view) => {
                self.overlay.show_lock(&view, view.poster.as_deref().map(|url| self.resolve(url)));
                self.overlay.set_paused(false);
                self.state.borrow_mut().locked = Some(view.episode_id);
                if !self.drawer.is_open() {
                    self.focus_if_inside(self.overlay.unlock_button());
                }
            }
            Command::HideLock => {
                self.keep_focus();
                self.overlay.hide_lock();
                self.state.borrow_mut().locked = None;
            }
            Command::ShowEnding(view) => {
                self.overlay.show_ending(&view);
                if !self.drawer.is_open() {
                    self.focus_if_inside(self.overlay.ending_button());
                }
            }
            Command::HideEnding => {
                self.keep_focus();
                self.overlay.hide_ending();
            }
            Command::Emit(event) => {
                match &event {
                    Event::EpisodeChange { index, .. } => self.episode_changed(*index),
                    Event::Error { code, .. } if code == "media-skipped" => {
                        self.show_notice(i18n::word(self.overlay.lang(), Word::MediaSkipped));
                    }
                    _ => {}
                }
                self.emit(&event);
            }
        }
    }

    /// Focuses `element` when the focus is already in the player (never taking it from the page).
    fn focus_if_inside(&self, element: &HtmlElement) {
        if self.host.matches(":focus-within").unwrap_or(false) {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            warn_on_error(element.focus_with_options(&options), "focus");
        }
    }

    /// Focuses `element` (the viewer is working inside the player's menus and drawer).
    fn focus(&self, element: &HtmlElement) {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        warn_on_error(element.focus_with_options(&options), "focus");
    }

    /// Says the open choice in the live region: its options and time once, then again at 3 s.
    fn announce_choice(self: &Rc<Self>, view: &crate::command::ChoiceView, remaining_ms: Option<u64>) {
        let lang = self.overlay.lang();
        let labels: Vec<&str> = view.options.iter().map(|option| option.label.as_str()).collect();
        let seconds = remaining_ms.map(|ms| ms.div_ceil(1000));
        self.overlay.announce(&i18n::choose(lang, &labels, seconds));
        let timer = remaining_ms.filter(|&ms| ms > 3500).map(|ms| {
            let weak = Rc::downgrade(self);
            Timeout::new(u32::try_from(ms - 3000).unwrap_or(u32::MAX), move || {
                if let Some(shared) = live(&weak) {
                    let _fired = shared.announce_timer.borrow_mut().take();
                    shared.overlay.announce(&i18n::seconds_left(lang, 3));
                }
            })
        });
        *self.announce_timer.borrow_mut() = timer;
    }

    /// A new episode is on screen: its location card and the Media Session's metadata.
    fn episode_changed(&self, index: usize) {
        let view = self.state.borrow().session.episode(index);
        let Some(view) = view else { return };
        let link = view
            .location
            .as_ref()
            .and_then(|location| location.url.as_deref())
            .map(|url| self.resolve(url))
            .filter(|url| {
                let lower = url.to_ascii_lowercase();
                lower.starts_with("https://") || lower.starts_with("http://")
            });
        self.overlay.show_location(view.location.as_ref().map(|location| (location.name.as_str(), link.as_deref())));
        if let Some(session) = self.media_session.borrow().as_ref() {
            session.set_metadata(&Metadata {
                title: view.title.clone(),
                artist: view.series_title.clone(),
                album: view.series_title.clone(),
                artwork: view.poster.iter().map(|poster| Artwork { src: self.resolve(poster) }).collect(),
            });
        }
    }

    /// A line in the element for a few seconds.
    fn show_notice(self: &Rc<Self>, text: &str) {
        self.overlay.set_notice(Some(text));
        let weak = Rc::downgrade(self);
        *self.notice_timer.borrow_mut() = Some(Timeout::new(5000, move || {
            if let Some(shared) = live(&weak) {
                let _fired = shared.notice_timer.borrow_mut().take();
                shared.overlay.set_notice(None);
            }
        }));
    }

    /// Registers the Media Session handlers (play, pause, next and previous track).
    fn start_media_session(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let handle = MediaSessionHandle::new(move |action| {
            let Some(shared) = live(&weak) else { return };
            match action {
                Action::Play => shared.resume(),
                Action::Pause => shared.pause(),
                Action::Next => {
                    shared.viewer_acted();
                    shared.drive(|session, now| session.next(now));
                }
                Action::Prev => {
                    shared.viewer_acted();
                    shared.drive(|session, now| session.prev(now));
                }
            }
        });
        *self.media_session.borrow_mut() = handle;
    }

    /// Puts every video's caption tracks in the mode the viewer's choice asks for and draws the
    /// current video's active cues.
    fn update_captions(&self) {
        let wanted = self.state.borrow().captions.clone();
        let mut current = None;
        for (slot, video) in self.pool.videos().iter().enumerate() {
            let track = captions::select(video, wanted.as_deref());
            if self.pool.role(slot) == Role::Current {
                current = track;
            }
        }
        self.overlay.set_captions_on(current.is_some());
        self.overlay.set_caption(&current.map(|track| captions::active_text(&track)).unwrap_or_default());
    }

    fn open_menu(&self, kind: Menu) {
        if self.overlay.menu() == Some(kind) {
            if let Some(opener) = self.overlay.close_menu() {
                self.focus(&opener);
            }
            return;
        }
        let lang = self.overlay.lang();
        let items: Vec<MenuItem> = match kind {
            Menu::Captions => {
                let wanted = self.state.borrow().captions.clone();
                let offered = self
                    .pool
                    .current()
                    .and_then(|slot| self.pool.video(slot))
                    .map(captions::tracks)
                    .unwrap_or_default();
                let chosen = wanted.as_deref().and_then(|w| captions::best_match(&offered, w));
                let mut items = vec![MenuItem {
                    label: i18n::word(lang, Word::Off).to_owned(),
                    action: "caption-lang",
                    value: String::new(),
                    pressed: chosen.is_none(),
                }];
                items.extend(offered.iter().enumerate().map(|(i, track)| MenuItem {
                    label: if track.label.is_empty() { track.lang.clone() } else { track.label.clone() },
                    action: "caption-lang",
                    value: track.lang.clone(),
                    pressed: chosen == Some(i),
                }));
                items
            }
            Menu::Speed => {
                let rate = self.state.borrow().rate;
                RATES
                    .iter()
                    .map(|&r| MenuItem {
                        label: i18n::rate_label(r),
                        action: "rate",
                        value: r.to_string(),
                        pressed: (r - rate).abs() < 0.01,
                    })
                    .collect()
            }
        };
        if let Some(focus) = self.overlay.open_menu(&self.builder, kind, &items) {
            self.focus(&focus);
        }
    }

    fn close_menu(&self) {
        if let Some(opener) = self.overlay.close_menu() {
            self.focus(&opener);
        }
    }

    fn open_drawer(&self) {
        self.overlay.close_menu();
        let (episodes, endings) = {
            let state = self.state.borrow();
            (state.session.episodes(), state.session.endings())
        };
        self.drawer.open(&self.builder, &episodes, &endings);
        self.focus(&self.drawer.initial_focus());
    }

    /// Closes the drawer and gives focus back to its opener (or the player when the controls are off).
    fn close_drawer(&self) {
        if !self.drawer.is_open() {
            return;
        }
        self.drawer.close();
        let opener = self.overlay.episodes_button();
        if opener.offset_parent().is_some() {
            self.focus(opener);
        } else {
            self.focus(&self.host);
        }
    }

    /// Keys while the drawer or a menu is open: Escape closes, Tab stays inside the drawer, arrows move
    /// between its buttons. Returns whether the key was handled (and must not reach the feed).
    fn on_popup_key(self: &Rc<Self>, key: &str, shift: bool, origin: Option<&Element>) -> Option<bool> {
        let (items, in_drawer) = if self.drawer.is_open() {
            (self.drawer.focusables(), true)
        } else if self.overlay.menu().is_some() {
            (self.overlay.menu_items(), false)
        } else {
            return None;
        };
        let at = origin.and_then(|origin| items.iter().position(|item| {
            let item: &Element = item;
            item == origin
        }));
        let step = |forward: bool| -> Option<&HtmlElement> {
            let len = items.len();
            if len == 0 {
                return None;
            }
            let next = match (at, forward) {
                (Some(i), true) => (i + 1) % len,
                (Some(i), false) => (i + len - 1) % len,
                (None, true) => 0,
                (None, false) => len - 1,
            };
            items.get(next)
        };
        match key {
            "Escape" => {
                if in_drawer {
                    self.close_drawer();
                } else {
                    self.close_menu();
                }
                Some(true)
            }
            "Tab" if in_drawer => {
                if let Some(target) = step(!shift) {
                    self.focus(target);
                }
                Some(true)
            }
            "ArrowDown" | "ArrowRight" | "ArrowUp" | "ArrowLeft" => {
                if let Some(target) = step(matches!(key, "ArrowDown" | "ArrowRight")) {
                    self.focus(target);
                }
                Some(true)
            }
            // The feed's keys wait while the drawer is open; Space and Enter press its buttons.
            _ if in_drawer => Some(!matches!(key, " " | "Enter")),
            _ => None,
        }
    }

    /// Moves focus to the host before an overlay's focused button disappears: otherwise focus falls to
    /// the page body and the keys stop reaching the player.
    fn keep_focus(&self) {
        if self.root.matches(":focus-within").unwrap_or(false) {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            warn_on_error(self.host.focus_with_options(&options), "focus");
        }
    }

    /// Dispatches a core event on the host with its fields as `detail`.
    fn emit(&self, event: &Event) {
        if let Some(progress) = &self.progress {
            progress.observe(event);
        }
        let detail = match serde_json::to_value(event) {
            Ok(serde_json::Value::Object(mut fields)) => fields.remove("detail"),
            _ => None,
        };
        let detail = detail.unwrap_or_else(|| serde_json::Value::Object(serde_json::Map::new()));
        dispatch(&self.host, event.name(), &detail);
    }

    /// Resolves a catalog URL against the catalog's own URL.
    fn resolve(&self, url: &str) -> String {
        match web_sys::Url::new_with_base(url, &self.base_url) {
            Ok(resolved) => resolved.href(),
            // Not resolvable (no base in a test page): the browser gets it as written.
            Err(_) => url.to_string(),
        }
    }

    /// Calls `play()` on `slot` and turns a refusal into state: muted playback plus `autoplayblocked`
    /// when sound is not allowed, a media error when the source cannot play.
    fn play_slot(self: &Rc<Self>, slot: usize) {
        let Some(video) = self.pool.video(slot) else { return };
        match video.play() {
            Ok(promise) => {
                let weak = Rc::downgrade(self);
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(error) = JsFuture::from(promise).await {
                        if let Some(shared) = weak.upgrade() {
                            shared.play_failed(slot, &error);
                        }
                    }
                });
            }
            Err(error) => self.play_failed(slot, &error),
        }
    }

    fn play_failed(self: &Rc<Self>, slot: usize, error: &JsValue) {
        if self.destroyed.get() {
            return;
        }
        match error_name(error).as_str() {
            "NotAllowedError" => {
                let muted = self.state.borrow().muted;
                if muted {
                    // Even muted playback was refused (a data saver, a site policy): wait for a tap.
                    if self.pool.role(slot) == Role::Current {
                        self.overlay.set_paused(true);
                    }
                } else {
                    self.set_muted(true);
                    self.emit(&Event::AutoplayBlocked {});
                    if self.pool.role(slot) == Role::Current {
                        self.play_slot(slot);
                    }
                }
            }
            // A pause() or a new source interrupted the play(): whatever replaced it has its own outcome.
            "AbortError" => {}
            // A source that failed fires `error` before it rejects the pending play(): the `error`
            // listener has reported this failure already, and counting it twice would cut the retries.
            _ if self.pool.video(slot).is_some_and(|video| video.error().is_some()) => {}
            _ => self.drive(|session, now| session.media_error(slot, now)),
        }
    }

    /// Re-arms the `tick` timer for the core's next deadline and the media-time timer for its next
    /// media mark.
    fn schedule(self: &Rc<Self>) {
        if self.destroyed.get() {
            return;
        }
        let deadline = self.state.borrow().session.next_deadline();
        let unchanged =
            matches!((&*self.tick_timer.borrow(), deadline), (Some((at, _)), Some(next)) if *at == next);
        if !unchanged {
            let timer = deadline.map(|at| {
                let weak = Rc::downgrade(self);
                let timeout = Timeout::new(delay(at, now_ms()), move || {
                    if let Some(shared) = weak.upgrade() {
                        let _fired = shared.tick_timer.borrow_mut().take();
                        shared.drive(|session, now| session.tick(now));
                    }
                });
                (at, timeout)
            });
            *self.tick_timer.borrow_mut() = timer;
        }
        self.schedule_mark();
    }

    /// One timer for the moment the current video reaches the core's next media mark (a choice's
    /// `atMs`), so a choice opens on time without a per-frame loop; `timeupdate` (4 Hz) covers the rest.
    fn schedule_mark(self: &Rc<Self>) {
        if self.destroyed.get() {
            return;
        }
        let mark = self.state.borrow().session.next_media_mark();
        let timer = mark.zip(self.pool.current()).and_then(|(mark, slot)| {
            let video = self.pool.video(slot)?;
            if video.paused() || video.ended() {
                return None;
            }
            let position = (video.current_time() * 1000.0).max(0.0) as u64;
            let rate = video.playback_rate().clamp(0.0625, 16.0);
            // A mark already behind the video is the core's to settle on the next `timeupdate`.
            if mark <= position {
                return None;
            }
            let wait = ((mark - position) as f64 / rate).ceil() as u64;
            let weak = Rc::downgrade(self);
            Some(Timeout::new(delay(wait, 0), move || {
                if let Some(shared) = weak.upgrade() {
                    let _fired = shared.mark_timer.borrow_mut().take();
                    shared.report_time(slot);
                }
            }))
        });
        *self.mark_timer.borrow_mut() = timer;
    }

    /// Tells the core where the video in `slot` is.
    fn report_time(self: &Rc<Self>, slot: usize) {
        let Some(video) = self.pool.video(slot) else { return };
        let media_ms = (video.current_time() * 1000.0).max(0.0) as u64;
        self.drive(|session, now| session.media_time(slot, media_ms, now));
    }

    /// Explicit viewer or host action: an `autoplay: false` player may start playing.
    fn viewer_acted(&self) {
        self.state.borrow_mut().waiting_for_viewer = false;
    }

    fn resume(self: &Rc<Self>) {
        if self.destroyed.get() {
            return;
        }
        let locked = {
            let mut state = self.state.borrow_mut();
            state.waiting_for_viewer = false;
            state.user_paused = false;
            state.locked.is_some()
        };
        // A locked episode stays on its lock screen until the host unlocks it.
        if locked {
            return;
        }
        if let Some(slot) = self.pool.current() {
            self.overlay.set_paused(false);
            self.play_slot(slot);
        }
        if let Some(session) = self.media_session.borrow().as_ref() {
            session.set_playing(true);
        }
        self.schedule_mark();
    }

    fn pause(self: &Rc<Self>) {
        if self.destroyed.get() {
            return;
        }
        self.state.borrow_mut().user_paused = true;
        if let Some(video) = self.pool.current().and_then(|slot| self.pool.video(slot)) {
            warn_on_error(video.pause(), "pause");
        }
        self.overlay.set_paused(true);
        if let Some(session) = self.media_session.borrow().as_ref() {
            session.set_playing(false);
        }
        self.schedule_mark();
    }

    fn toggle(self: &Rc<Self>) {
        let paused =
            self.pool.current().and_then(|slot| self.pool.video(slot)).is_none_or(|video| video.paused());
        if paused {
            self.resume();
        } else {
            self.pause();
        }
    }

    fn set_muted(self: &Rc<Self>, muted: bool) {
        if self.destroyed.get() {
            return;
        }
        self.state.borrow_mut().muted = muted;
        self.pool.set_muted(muted);
        self.overlay.set_muted(muted);
    }

    fn destroy(&self) {
        if self.destroyed.replace(true) {
            return;
        }
        drop(self.listeners.take());
        drop(self.tick_timer.take());
        drop(self.mark_timer.take());
        drop(self.hold_timer.take());
        drop(self.stall.take());
        drop(self.announce_timer.take());
        drop(self.notice_timer.take());
        drop(self.media_session.take());
        drop(self.deferred_timer.take());
        self.deferred.borrow_mut().clear();
        self.queue.borrow_mut().clear();
        self.pool.release_all();
        self.root.remove();
    }

    // ---- input -------------------------------------------------------------------------------

    /// Registers every listener the player has, in this one place, so `destroy()` removes them all.
    fn listen(self: &Rc<Self>) {
        let mut listeners = Vec::new();
        let root: &EventTarget = &self.root;
        let host: &EventTarget = &self.host;
        // On the root, not the feed: a lock screen or an ending card covers the feed and must still
        // be swiped past. Presses on buttons are left to the buttons.
        for (kind, handler) in [
            ("pointerdown", Shared::on_pointer_down as fn(&Rc<Shared>, web_sys::Event)),
            ("pointermove", Shared::on_pointer_move),
            ("pointerup", Shared::on_pointer_up),
            ("pointercancel", Shared::on_pointer_cancel),
        ] {
            listeners.push(EventListener::new(root, kind, Passive::Yes, self.bind(handler)));
        }
        // A long press on a phone would open the video's context menu instead of playing at 2x.
        listeners.push(EventListener::new(root, "contextmenu", Passive::No, |event| event.prevent_default()));
        listeners.push(EventListener::new(root, "wheel", Passive::No, self.bind(Shared::on_wheel)));
        listeners.push(EventListener::new(root, "click", Passive::Yes, self.bind(Shared::on_click)));
        listeners.push(EventListener::new(host, "keydown", Passive::No, self.bind(Shared::on_key)));
        // `cuechange` does not bubble; it is caught on its way down to the `<track>`s.
        listeners.push(EventListener::capture(root, "cuechange", self.bind(|shared, _| shared.update_captions())));
        for (slot, video) in self.pool.videos().iter().enumerate() {
            let video: &EventTarget = video;
            let on = |kind: &'static str, handler: fn(&Rc<Shared>, usize)| {
                let weak = Rc::downgrade(self);
                EventListener::new(video, kind, Passive::Yes, move |_| {
                    if let Some(shared) = live(&weak) {
                        handler(&shared, slot);
                    }
                })
            };
            listeners.push(on("timeupdate", Shared::on_time_update));
            listeners.push(on("ended", Shared::on_ended));
            listeners.push(on("error", Shared::on_error));
            listeners.push(on("stalled", Shared::on_stalled));
            // The stall watchdog: armed by `waiting` (and `stalled`), restarted by bytes arriving,
            // disarmed when the video moves on or stops wanting to play.
            listeners.push(on("waiting", Shared::arm_watchdog));
            listeners.push(on("progress", Shared::on_progress));
            listeners.push(on("timeupdate", Shared::on_watchdog_time));
            for kind in ["playing", "pause", "ended", "emptied", "error"] {
                listeners.push(on(kind, Shared::disarm_watchdog));
            }
            for kind in ["playing", "pause", "seeked", "ratechange"] {
                listeners.push(on(kind, |shared, _| shared.schedule_mark()));
            }
            listeners.push(on("playing", Shared::on_playing));
        }
        if self.progress.is_some() {
            // The last position before the page goes (a reload, a closed tab, an app switch on a phone).
            let window = web_sys::window();
            let document = self.host.owner_document();
            if let Some(window) = &window {
                listeners.push(EventListener::new(window, "pagehide", Passive::Yes, self.bind(|shared, _| shared.autosave(true))));
            }
            if let Some(document) = &document {
                listeners.push(EventListener::new(document, "visibilitychange", Passive::Yes, self.bind(|shared, _| shared.autosave(true))));
            }
        }
        *self.listeners.borrow_mut() = listeners;
    }

    /// A listener body that reaches the player through a `Weak` and does nothing once it is gone.
    fn bind(
        self: &Rc<Self>,
        handler: fn(&Rc<Shared>, web_sys::Event),
    ) -> impl FnMut(web_sys::Event) + 'static {
        let weak = Rc::downgrade(self);
        move |event| {
            if let Some(shared) = live(&weak) {
                handler(&shared, event);
            }
        }
    }

    fn on_time_update(self: &Rc<Self>, slot: usize) {
        if self.pool.role(slot) == Role::Current {
            self.report_time(slot);
        }
    }

    /// The current video plays: the neighbour loads held back for it go now.
    fn on_playing(self: &Rc<Self>, slot: usize) {
        if self.pool.role(slot) == Role::Current && !self.deferred.borrow().is_empty() {
            self.pump();
        }
    }

    fn on_ended(self: &Rc<Self>, slot: usize) {
        // An `ended` queued before the slot was given a new source is stale.
        if self.pool.video(slot).is_some_and(|video| video.ended()) {
            self.drive(|session, now| session.media_ended(slot, now));
        }
    }

    fn on_error(self: &Rc<Self>, slot: usize) {
        if self.pool.video(slot).is_some_and(|video| video.error().is_some()) || self.pool.hls_failed(slot) {
            self.drive(|session, now| session.media_error(slot, now));
        }
    }

    fn on_stalled(self: &Rc<Self>, slot: usize) {
        // `stalled` also fires for a neighbour that simply stopped buffering; only a current video
        // with nothing to show is in trouble.
        let stuck = self.pool.role(slot) == Role::Current
            && self
                .pool
                .video(slot)
                .is_some_and(|video| video.ready_state() < web_sys::HtmlMediaElement::HAVE_CURRENT_DATA);
        if stuck {
            self.disarm_watchdog(slot);
            self.drive(|session, now| session.media_error(slot, now));
        } else {
            self.arm_watchdog(slot);
        }
    }

    /// Arms the stall watchdog for `slot` if it is the current video and should be playing; an armed
    /// watchdog keeps its start (a repeated `waiting` does not postpone it).
    fn arm_watchdog(self: &Rc<Self>, slot: usize) {
        let Some(video) = self.pool.video(slot) else { return };
        if self.pool.role(slot) != Role::Current || video.paused() || video.ended() {
            return;
        }
        if self.stall.borrow().as_ref().is_some_and(|stall| stall.slot == slot) {
            return;
        }
        let weak = Rc::downgrade(self);
        let timer = Timeout::new(STALL_TIMEOUT_MS, move || {
            if let Some(shared) = live(&weak) {
                shared.on_watchdog(slot);
            }
        });
        *self.stall.borrow_mut() = Some(Stall { slot, media_ms: media_ms(video), _timer: timer });
    }

    /// Bytes arrived for `slot`: an armed watchdog starts its wait again.
    fn on_progress(self: &Rc<Self>, slot: usize) {
        if self.stall.borrow().as_ref().is_some_and(|stall| stall.slot == slot) {
            drop(self.stall.take());
            self.arm_watchdog(slot);
        }
    }

    /// The video moved: not stalled.
    fn on_watchdog_time(self: &Rc<Self>, slot: usize) {
        let moved = match (self.stall.borrow().as_ref(), self.pool.video(slot)) {
            (Some(stall), Some(video)) => stall.slot == slot && stall.media_ms != media_ms(video),
            _ => false,
        };
        if moved {
            drop(self.stall.take());
        }
    }

    fn disarm_watchdog(self: &Rc<Self>, slot: usize) {
        if self.stall.borrow().as_ref().is_some_and(|stall| stall.slot == slot) {
            drop(self.stall.take());
        }
    }

    /// The watchdog ran out: if `slot` is still the current video, still should be playing and still
    /// has not moved, it is a media error.
    fn on_watchdog(self: &Rc<Self>, slot: usize) {
        let fired = self.stall.borrow_mut().take();
        let Some(stall) = fired.as_ref() else { return };
        let Some(video) = self.pool.video(slot) else { return };
        let stuck = stall.slot == slot
            && self.pool.role(slot) == Role::Current
            && !video.paused()
            && !self.state.borrow().user_paused
            && video.ready_state() < web_sys::HtmlMediaElement::HAVE_FUTURE_DATA
            && media_ms(video) == stall.media_ms;
        if stuck {
            self.drive(|session, now| session.media_error(slot, now));
        }
    }

    fn on_pointer_down(self: &Rc<Self>, event: web_sys::Event) {
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

    fn on_hold_timer(self: &Rc<Self>) {
        let held = self.state.borrow_mut().gesture.poll(now_ms()).is_some();
        if held {
            if let Some(video) = self.pool.current().and_then(|slot| self.pool.video(slot)) {
                video.set_playback_rate(2.0);
            }
            self.overlay.set_fast(true);
        }
    }

    fn on_pointer_move(self: &Rc<Self>, event: web_sys::Event) {
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

    fn on_pointer_up(self: &Rc<Self>, event: web_sys::Event) {
        let Some(event) = event.dyn_ref::<PointerEvent>() else { return };
        let gesture = {
            let mut state = self.state.borrow_mut();
            if state.pointer != Some(event.pointer_id()) {
                return;
            }
            state.pointer = None;
            state.gesture.end(f64::from(event.client_x()), f64::from(event.client_y()), now_ms())
        };
        self.on_gesture(gesture);
    }

    fn on_pointer_cancel(self: &Rc<Self>, event: web_sys::Event) {
        let Some(event) = event.dyn_ref::<PointerEvent>() else { return };
        let gesture = {
            let mut state = self.state.borrow_mut();
            if state.pointer != Some(event.pointer_id()) {
                return;
            }
            state.pointer = None;
            state.gesture.cancel()
        };
        self.on_gesture(gesture);
    }

    fn on_gesture(self: &Rc<Self>, gesture: Gesture) {
        drop(self.hold_timer.take());
        warn_on_error(self.feed.class_list().remove_1("md-dragging"), "classList");
        // Back to rest first (animated from where the finger left the videos); a committed swipe's
        // `Show` then re-places the slots in the same frame.
        self.pool.settle();
        match gesture {
            // Under a lock screen or an ending card there is nothing to pause or resume.
            Gesture::Tap if self.overlay.covered() => {}
            Gesture::Tap => self.toggle(),
            Gesture::Next => {
                self.viewer_acted();
                self.drive(|session, now| session.next(now));
            }
            Gesture::Prev => {
                self.viewer_acted();
                self.drive(|session, now| session.prev(now));
            }
            Gesture::HoldEnd => {
                let rate = self.state.borrow().rate;
                if let Some(video) = self.pool.current().and_then(|slot| self.pool.video(slot)) {
                    video.set_playback_rate(rate);
                }
                self.overlay.set_fast(false);
            }
            Gesture::Cancel | Gesture::None => {}
        }
    }

    fn on_wheel(self: &Rc<Self>, event: web_sys::Event) {
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
                self.drive(|session, now| session.next(now));
            }
            Some(Page::Prev) => {
                self.viewer_acted();
                self.drive(|session, now| session.prev(now));
            }
            None => {}
        }
    }

    fn on_click(self: &Rc<Self>, event: web_sys::Event) {
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
                    self.drive(|session, now| session.choose(index, Via::Tap, now));
                }
            }
            "prev" => {
                self.viewer_acted();
                self.drive(|session, now| session.prev(now));
            }
            "next" => {
                self.viewer_acted();
                self.drive(|session, now| session.next(now));
            }
            "rewind" => self.drive(|session, now| session.rewind(now)),
            "toggle" => self.toggle(),
            "unmute" => {
                // A click is a user activation: unmuting now is allowed, and a video refused even
                // muted playback can start.
                self.set_muted(false);
                let paused = self
                    .pool
                    .current()
                    .and_then(|slot| self.pool.video(slot))
                    .is_some_and(|video| video.paused());
                let user_paused = self.state.borrow().user_paused;
                if paused && !user_paused {
                    self.resume();
                }
            }
            "drawer" => self.open_drawer(),
            "close-drawer" => self.close_drawer(),
            "jump" => {
                let locked = button.get_attribute("aria-disabled").is_some_and(|v| v == "true");
                let index = button.get_attribute("data-index").and_then(|index| index.parse::<usize>().ok());
                if let (false, Some(index)) = (locked, index) {
                    self.close_drawer();
                    self.viewer_acted();
                    self.drive(|session, now| session.jump(index, now));
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
                let rate = button.get_attribute("data-value").and_then(|v| v.parse::<f64>().ok());
                if let Some(rate) = rate.filter(|r| RATES.iter().any(|x| (x - r).abs() < 0.01)) {
                    self.state.borrow_mut().rate = rate;
                    if let Some(video) = self.pool.current().and_then(|slot| self.pool.video(slot)) {
                        video.set_playback_rate(rate);
                    }
                    self.overlay.set_rate(rate);
                }
                self.close_menu();
            }
            "unlock" => {
                let episode = self.state.borrow().locked.clone();
                if let Some(episode_id) = episode {
                    dispatch(&self.host, "unlockrequest", &UnlockRequest { episode_id: &episode_id });
                }
            }
            _ => {}
        }
    }

    fn on_key(self: &Rc<Self>, event: web_sys::Event) {
        let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
        if event.ctrl_key() || event.meta_key() || event.alt_key() || event.default_prevented() {
            return;
        }
        // The real target, through the shadow root: Space and Enter on a focused button press it.
        let origin = event.composed_path().get(0).dyn_into::<Element>().ok();
        let on_button = origin.as_ref().is_some_and(|element| element.tag_name().eq_ignore_ascii_case("button"));
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
                self.drive(|session, now| session.prev(now));
            }
            "ArrowDown" | "PageDown" => {
                self.viewer_acted();
                self.drive(|session, now| session.next(now));
            }
            " " | "k" | "K" => {
                if on_button && key == " " {
                    return;
                }
                self.toggle();
            }
            "m" | "M" => {
                let muted = self.state.borrow().muted;
                self.set_muted(!muted);
            }
            "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" => {
                let position = key.parse::<usize>().unwrap_or(1).saturating_sub(1);
                let index = self.state.borrow().choice.get(position).copied();
                let Some(index) = index else { return };
                self.viewer_acted();
                self.drive(|session, now| session.choose(index, Via::Key, now));
            }
            _ => return,
        }
        event.prevent_default();
    }
}

/// The stall watchdog while it is armed: the slot, where its video stood, and the timer.
struct Stall {
    slot: usize,
    media_ms: u64,
    _timer: Timeout,
}

/// Where `video` is, in whole milliseconds.
fn media_ms(video: &web_sys::HtmlVideoElement) -> u64 {
    (video.current_time() * 1000.0).max(0.0) as u64
}

/// The player behind `weak`, unless it was dropped or destroyed.
fn live(weak: &Weak<Shared>) -> Option<Rc<Shared>> {
    weak.upgrade().filter(|shared| !shared.destroyed.get())
}
