//! [`Player`]: the JS handle, and the loop that feeds browser input to the core and applies its
//! commands.
//!
//! Re-entrancy: a host page may call back into the player from an event listener (a `choice` handler
//! that calls `next()`). Commands therefore go through one queue: whoever finds the queue already
//! being applied only appends to it, and no `RefCell` borrow is held while an event is dispatched.
//!
//! `Shared`'s methods are split by what they answer to, one `impl Shared` block per module: `apply`
//! runs the core and applies its commands, `media` answers the video elements, `input` the viewer
//! (pointer, wheel, clicks, keys, media keys), `menus` keeps the menus, the drawer and the focus, and
//! `events` dispatches on the host; `options` reads the constructor's `options`.

mod apply;
mod element;
mod events;
mod input;
mod media;
mod menus;
mod options;
mod voice;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use web_sys::{EventTarget, HtmlElement};

use crate::catalog::{self, Catalog};
use crate::command::{Command, Event, MediaEvent, Via};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::ErrorCode;
use crate::session::qoe::{Cause, Qoe};
use crate::session::{Config, Input, Session, Settings, SETTINGS_KEY};

use super::builder::{MountError, PlayerOptions};
use super::dom::{warn_on_error, Builder, EventListener, Passive, Timeout};
use super::drawer::Drawer;
use super::i18n::Lang;
use super::media_session::MediaSessionHandle;
use super::overlay::Overlay;
use super::pool::VideoPool;
use super::scrubber::Scrubber;
use super::storage::Progress;
use super::visibility::InView;

use element::PendingPlay;
use events::dispatch;

/// Video elements per player: the current entry, its neighbours, and two for choice targets.
pub const POOL_SIZE: usize = 5;

/// An interactive micro-drama player mounted in the page.
///
/// ```js
/// const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer()); // or the JSON text
/// const player = new Player(hostElement, mountElement, bytes, { muted: true, baseUrl });
/// hostElement.addEventListener("choiceshow", (e) => console.log(e.detail.options));
/// player.next();
/// player.destroy();
/// ```
///
/// Events (CONTRACT §4) are dispatched on `host` as `CustomEvent`s that do not bubble, as a `<video>`'s
/// do not; the media events of §4.1 as plain `Event`s. The player also dispatches
/// `unlockrequest {episodeId}` when the viewer presses the lock screen's "Unlock" button.
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
    scrubber: Scrubber,
    base_url: String,
    state: RefCell<State>,
    queue: RefCell<VecDeque<Command>>,
    applying: Cell<bool>,
    /// `Session::start` has run: the first call into the core runs it first.
    started: Cell<bool>,
    destroyed: Cell<bool>,
    listeners: RefCell<Vec<EventListener>>,
    /// The pending `tick`, with the deadline it was set for (kept while the deadline holds).
    tick_timer: RefCell<Option<(u64, Timeout)>>,
    /// The episode drawer.
    drawer: Drawer,
    /// Lock-screen and headset controls, where the browser has them.
    media_session: RefCell<Option<MediaSessionHandle>>,
    /// The save slot in `localStorage`, when `resume` is on.
    progress: Option<Progress>,
    /// The viewer's settings in `localStorage`, when `resume` is on.
    settings: Option<Progress>,
    /// Commands for right after `Session::start`'s: warnings about the stored save and storage.
    startup: RefCell<Vec<Command>>,
    /// `play()` Promises waiting for the current video to play.
    plays: RefCell<Vec<PendingPlay>>,
    /// QoE figures (CONTRACT §4.3), and what made the next episode current.
    qoe: RefCell<Qoe>,
    qoe_cause: Cell<Cause>,
    /// Watches how much of the host is in view and whether the page is hidden.
    in_view: RefCell<Option<InView>>,
    /// The Rust app's closures ([`super::PlayerBuilder`]).
    hooks: Hooks,
}

/// A Rust app's closure for contract events.
pub(crate) type OnEvent = Box<dyn Fn(&Event)>;

/// What a Rust app hears of the player: contract events and media events.
#[derive(Default)]
pub(crate) struct Hooks {
    pub(crate) on_event: Option<OnEvent>,
    pub(crate) on_media: Option<Box<dyn Fn(MediaEvent)>>,
}

/// What the handlers change, borrowed briefly by each (never across a call out to the page).
struct State {
    session: Session,
    /// The pointer being tracked, if a press is in progress.
    pointer: Option<i32>,
    /// The pointer seeking along the progress bar, if one is.
    scrub: Option<i32>,
    /// The viewer's last input was a touch or a mouse press (not a key): an opening choice leaves the
    /// focus where it is, so no focus ring appears under a finger.
    pointer_input: bool,
}

#[wasm_bindgen]
impl Player {
    /// Loads `catalog` (its JSON text, or the text's UTF-8 bytes as fetched), builds the player inside
    /// `mount` and starts it; events go to `host`.
    ///
    /// Bytes are the faster way in: one copy into wasm memory, where a string is first re-encoded to
    /// UTF-8 by JS (a tenth of the load time of a 7 MB catalog).
    ///
    /// `options`: `{ series?, episode?, language?, muted?, autoplay?, controls?, baseUrl?, resume? }`.
    /// The first events (`ready`, `episodechange`, …) are dispatched after the constructor returns, so
    /// listeners can use the player.
    ///
    /// # Errors
    /// Dispatches `error {code, message}` on `host`, then throws an `Error` whose `code` property is
    /// the code and whose message starts with it (`bad-json: …`, `unknown-series: …`), when the
    /// catalog does not load, the options name something the catalog lacks, or the options are
    /// malformed.
    #[wasm_bindgen(constructor)]
    pub fn new(
        host: HtmlElement,
        mount: HtmlElement,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] catalog: JsValue,
        options: JsValue,
    ) -> Result<Player, JsValue> {
        let thrown = |error: MountError| thrown(error.code, &error.message);
        let options = options::read(&options)
            .map_err(|message| thrown(Player::refuse(&host, ErrorCode::BadOptions, message)))?;
        let loaded = match catalog.dyn_ref::<js_sys::Uint8Array>() {
            Some(bytes) => catalog::load_bytes(&bytes.to_vec()),
            None => catalog::load(&catalog.as_string().unwrap_or_default()),
        };
        let catalog = match loaded {
            Ok((catalog, warnings)) => {
                for warning in warnings {
                    web_sys::console::warn_1(&JsValue::from_str(&format!("microdrama: {warning}")));
                }
                catalog
            }
            Err(diagnostics) => {
                let (code, message) = Player::refusal(&diagnostics);
                return Err(thrown(Player::refuse(&host, code, message)));
            }
        };
        Player::mount_with(host, mount, catalog, options, Hooks::default()).map_err(thrown)
    }

    /// Swipe up: the next episode in the feed.
    pub fn next(&self) {
        self.shared.viewer_input(Input::Next);
    }

    /// Swipe down: the previous episode in the feed.
    pub fn prev(&self) {
        self.shared.viewer_input(Input::Prev);
    }

    /// Takes option `index` (among the choice's declared options) of the open choice; `choice` has
    /// `via: "api"`. An `error` event when no such option is showing.
    pub fn choose(&self, index: u32) {
        self.shared.viewer_input(Input::Choose { index: index as usize, via: Via::Api });
    }

    /// Pauses the current video.
    pub fn pause(&self) {
        self.shared.input(Input::Pause);
    }

    /// The host unlocked `episodeId` (after a payment, an ad, a login); it plays if it is current.
    pub fn unlock(&self, episode_id: &str) {
        self.shared.input(Input::Unlock(episode_id.to_owned()));
    }

    /// Back to the last choice point, with the story state as it was there.
    pub fn rewind(&self) {
        self.shared.input(Input::Rewind);
    }

    /// Progress (feed position, story states, endings found, unlocks) as a string to keep.
    #[wasm_bindgen(js_name = saveState)]
    pub fn save_state(&self) -> String {
        self.shared.state.borrow().session.save()
    }

    /// Restores a string from `saveState()`.
    ///
    /// A save made over another catalog or in a series this player does not play is refused with a
    /// `warning` event (`save-other-catalog`, `save-other-series`), and nothing changes.
    ///
    /// # Errors
    /// An `Error` with `code: "bad-save"` (also dispatched as an `error` event) when the text is not a
    /// save; the player is unchanged.
    #[wasm_bindgen(js_name = loadState)]
    pub fn load_state(&self, text: &str) -> Result<(), JsValue> {
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
            // A save of another catalog or series is refused as a warning: this one's progress stays.
            Err(error) if matches!(error.code, ErrorCode::SaveOtherCatalog | ErrorCode::SaveOtherSeries) => {
                let event = Event::Warning { code: error.code, message: error.message };
                self.shared.emit(&event);
                Ok(())
            }
            Err(error) => {
                let exception = thrown(error.code, &error.message);
                let event = Event::Error { code: error.code, message: error.message };
                dispatch(&self.shared.host, event.name(), &event);
                Err(exception)
            }
        }
    }

    /// Mutes or unmutes every video of the player.
    #[wasm_bindgen(js_name = setMuted)]
    pub fn set_muted(&self, muted: bool) {
        self.shared.input(Input::Muted(muted));
    }

    /// Whether the player is muted.
    #[wasm_bindgen(getter)]
    pub fn muted(&self) -> bool {
        self.shared.state.borrow().session.muted()
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

impl Player {
    /// Dispatches `error {code, message}` on `host`: the catalog or the options were refused.
    pub(crate) fn refuse(host: &HtmlElement, code: ErrorCode, message: String) -> MountError {
        let error = MountError { code, message };
        let event = Event::Error { code, message: error.message.clone() };
        dispatch(host, event.name(), &event);
        error
    }

    /// The code and message of a refused catalog: its first error (with its JSON path).
    pub(crate) fn refusal(diagnostics: &[Diagnostic]) -> (ErrorCode, String) {
        match diagnostics.iter().find(|d| d.is_error()).or(diagnostics.first()) {
            Some(d) if d.path.is_empty() => (ErrorCode::Catalog(d.code), d.message.clone()),
            Some(d) => (ErrorCode::Catalog(d.code), format!("{} (at {})", d.message, d.path)),
            None => (ErrorCode::Catalog(Code::BadJson), "the catalog was refused".to_owned()),
        }
    }

    /// Builds the player over `catalog` inside `mount`, its events going to `host` (and to `hooks`),
    /// and starts it on a microtask.
    pub(crate) fn mount_with(
        host: HtmlElement,
        mount: HtmlElement,
        catalog: Catalog,
        options: PlayerOptions,
        hooks: Hooks,
    ) -> Result<Player, MountError> {
        let fail = |code: ErrorCode, message: String| Player::refuse(&host, code, message);
        let language = options
            .language
            .clone()
            .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
            .unwrap_or_else(|| "en".to_string());
        let lang = Lang::from_tag(&language);
        let caption_language = options
            .caption_language
            .clone()
            .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
            .unwrap_or_else(|| language.clone());
        let mut options = options;
        let mut captions = Some(caption_language);
        // The viewer's own settings win over the page's defaults, and are in place before the videos
        // are built (a muted start must be muted from the first play()).
        let (settings_slot, settings_warning) = if options.resume {
            // Storage trouble is said once, by the progress slot on the same storage.
            let (slot, _said_by_progress) = Progress::open(SETTINGS_KEY.to_owned());
            let (stored, _said_by_progress) = slot.read();
            let warning = match stored.as_deref().map(Settings::from_json) {
                Some(Ok(stored)) => {
                    options.muted = stored.muted;
                    options.volume = stored.volume;
                    options.playback_rate = stored.rate;
                    captions = stored.captions;
                    None
                }
                Some(Err(error)) => Some(slot.set_aside(stored.as_deref().unwrap_or_default(), &error)),
                None => None,
            };
            (Some(slot), warning)
        } else {
            (None, None)
        };
        let config = Config {
            series: options.series.clone(),
            episode: options.episode.clone(),
            pool_size: POOL_SIZE,
            language,
        };
        let session = Session::new(catalog, config).map_err(|error| fail(error.code, error.message))?;

        let built = build(&mount, options.muted, lang);
        let (builder, root, feed, pool, overlay, scrubber) =
            built.map_err(|error| fail(ErrorCode::Dom, format!("{error:?}")))?;
        let base_url = options
            .base_url
            .clone()
            .or_else(|| mount.owner_document().and_then(|d| d.base_uri().ok().flatten()))
            .unwrap_or_default();
        let mut session = session;
        let (progress, mut startup) = if options.resume {
            let key = crate::story::progress::storage_key(&base_url, options.series.as_deref());
            let (progress, startup) = resume_from_storage(key, &mut session, options.episode.is_some());
            (Some(progress), startup)
        } else {
            (None, Vec::new())
        };
        startup.extend(settings_warning.map(Command::Emit));
        // Settings before the start: the DOM was built with them, so their commands have nothing to do.
        let settings = [
            Input::Timer(options.timer),
            Input::Autoplay(options.autoplay),
            Input::Muted(options.muted),
            Input::Autopause(options.autopause),
            Input::Volume(options.volume),
            Input::Rate(options.playback_rate),
            Input::Captions(captions),
            Input::Autosave(progress.is_some()),
        ];
        for setting in settings {
            session.input(setting, 0);
        }
        let drawer =
            Drawer::new(&builder, &root, lang).map_err(|error| fail(ErrorCode::Dom, format!("{error:?}")))?;
        overlay.set_controls(options.controls);
        overlay.set_muted(options.muted);
        overlay.set_rate(options.playback_rate);
        let shared = Rc::new(Shared {
            host,
            root,
            feed,
            builder,
            pool,
            overlay,
            scrubber,
            base_url,
            state: RefCell::new(State { session, pointer: None, scrub: None, pointer_input: false }),
            queue: RefCell::new(VecDeque::new()),
            applying: Cell::new(false),
            started: Cell::new(false),
            destroyed: Cell::new(false),
            listeners: RefCell::new(Vec::new()),
            tick_timer: RefCell::new(None),
            drawer,
            media_session: RefCell::new(None),
            progress,
            settings: settings_slot,
            startup: RefCell::new(startup),
            plays: RefCell::new(Vec::new()),
            qoe: RefCell::new(Qoe::new()),
            qoe_cause: Cell::new(Cause::Load),
            in_view: RefCell::new(None),
            hooks,
        });
        shared.pool.set_volume(options.volume);
        shared.listen();
        shared.watch_visibility();
        voice::join(&shared);
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
}

/// Builds the player's DOM inside `mount`.
fn build(
    mount: &HtmlElement,
    muted: bool,
    lang: Lang,
) -> Result<(Builder, HtmlElement, HtmlElement, VideoPool, Overlay, Scrubber), JsValue> {
    let builder = Builder::for_node(mount).ok_or_else(|| JsValue::from_str("no document"))?;
    let root = builder.element("div", "md-root", Some(mount))?;
    let feed = builder.element("div", "md-feed", Some(&root))?;
    let pool = VideoPool::new(&builder, &feed, POOL_SIZE, muted)?;
    warn_on_error(root.set_attribute("lang", lang.tag()), "lang");
    let overlay = Overlay::new(&builder, &root, lang)?;
    let scrubber = Scrubber::new(&builder, &root, lang)?;
    Ok((builder, root, feed, pool, overlay, scrubber))
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

impl Shared {
    /// Takes everything down; the first call does it, later ones (a `Drop` after `destroy()`) return.
    fn destroy(&self) {
        if self.destroyed.get() {
            return;
        }
        // The last save is written now: the timer that would have written it goes with the player.
        let last_save =
            self.state.try_borrow().ok().filter(|_| self.started.get() && self.progress.is_some());
        if let Some(text) = last_save.map(|state| state.session.save()) {
            self.write_save(&text);
        }
        self.destroyed.set(true);
        self.settle_plays(Err("AbortError"));
        voice::leave(self);
        drop(self.in_view.take());
        drop(self.listeners.take());
        drop(self.tick_timer.take());
        drop(self.media_session.take());
        // An open drawer holds its scroll listener: it goes with the player's.
        self.drawer.close();
        self.queue.borrow_mut().clear();
        self.pool.release_all();
        self.root.remove();
    }

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
        listeners.push(EventListener::capture(
            root,
            "cuechange",
            self.bind(|shared, _| shared.update_captions()),
        ));
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
            // The core's stall watchdog hears of waiting and of bytes arriving.
            listeners.push(on("waiting", Shared::on_waiting));
            listeners.push(on("progress", Shared::on_progress));
            // A seek moves the core's clock for the next media mark.
            listeners.push(on("seeked", Shared::on_time_update));
            for kind in MediaEvent::ALL {
                let weak = Rc::downgrade(self);
                listeners.push(EventListener::new(video, kind.name(), Passive::Yes, move |_| {
                    if let Some(shared) = live(&weak) {
                        shared.on_media_event(slot, kind);
                    }
                }));
            }
        }
        if self.progress.is_some() {
            // The last position before the page goes (a reload, a closed tab, an app switch on a phone).
            let window = web_sys::window();
            let document = self.host.owner_document();
            if let Some(window) = &window {
                listeners.push(EventListener::new(
                    window,
                    "pagehide",
                    Passive::Yes,
                    self.bind(|shared, _| shared.save_before_leaving()),
                ));
            }
            if let Some(document) = &document {
                listeners.push(EventListener::new(
                    document,
                    "visibilitychange",
                    Passive::Yes,
                    self.bind(|shared, _| shared.save_before_leaving()),
                ));
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
}

/// What the player throws: an `Error` whose message starts with the code, and whose `code` property
/// is the code, so that a page never parses a message.
fn thrown(code: ErrorCode, message: &str) -> JsValue {
    let error = js_sys::Error::new(&format!("{code}: {message}"));
    let set = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code.as_str()));
    warn_on_error(set, "code");
    error.into()
}

/// The player behind `weak`, unless it was dropped or destroyed.
fn live(weak: &Weak<Shared>) -> Option<Rc<Shared>> {
    weak.upgrade().filter(|shared| !shared.destroyed.get())
}
