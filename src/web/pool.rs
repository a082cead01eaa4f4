//! The fixed pool of `<video>` elements: created once, reused for the player's whole life.
//!
//! Swiping never creates, moves in the DOM, or re-sources a video: the core keeps the neighbours
//! loaded and paused on their first frame, and a swipe only changes which element sits at
//! `translateY(0)` and calls `play()` on it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement, HtmlVideoElement};

use crate::command::Media;
use crate::feed::sources::{self, Engine};
use wasm_bindgen::JsCast;

use super::dom::{warn_on_error, Builder, EventListener, Passive};

/// Where a slot is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// On screen.
    Current,
    /// Just above the screen: what a swipe down brings in.
    Prev,
    /// Just below the screen: what a swipe up brings in.
    Next,
    /// Not drawn.
    Hidden,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Current => "current",
            Role::Prev => "prev",
            Role::Next => "next",
            Role::Hidden => "hidden",
        }
    }

    /// The resting vertical position, in percent of the feed's height.
    fn percent(self) -> i32 {
        match self {
            Role::Prev => -100,
            Role::Next => 100,
            Role::Current | Role::Hidden => 0,
        }
    }
}

/// The `<video>` elements and what each holds.
pub struct VideoPool {
    videos: Vec<HtmlVideoElement>,
    roles: RefCell<Vec<Role>>,
    /// The URL each slot was given and how it plays it, for `Reload`.
    sources: RefCell<Vec<Option<(String, Engine)>>>,
    /// The hls.js instance of each slot that plays HLS through it; destroyed when the slot is reused.
    hls: RefCell<Vec<Option<HlsAttachment>>>,
    /// A seek waiting for each slot's metadata; dropped (and the listener removed) on reload.
    pending_seek: RefCell<Vec<Option<EventListener>>>,
}

impl VideoPool {
    /// Creates `size` videos inside `feed`.
    ///
    /// # Errors
    /// When the document refuses to create an element.
    pub fn new(builder: &Builder, feed: &Element, size: usize, muted: bool) -> Result<VideoPool, JsValue> {
        let mut videos = Vec::with_capacity(size);
        for slot in 0..size {
            let video: HtmlVideoElement = builder.element("video", "md-video", Some(feed))?.unchecked_into();
            // iOS Safari plays inline only with this attribute; without it play() goes full screen.
            video.set_attribute("playsinline", "")?;
            video.set_attribute("webkit-playsinline", "")?;
            video.set_attribute("preload", "auto")?;
            video.set_attribute("disablepictureinpicture", "")?;
            video.set_attribute("data-slot", &slot.to_string())?;
            video.set_muted(muted);
            video.set_default_muted(muted);
            videos.push(video);
        }
        let pool = VideoPool {
            roles: RefCell::new(vec![Role::Hidden; size]),
            sources: RefCell::new(vec![None; size]),
            hls: RefCell::new((0..size).map(|_| None).collect()),
            pending_seek: RefCell::new((0..size).map(|_| None).collect()),
            videos,
        };
        pool.place_all(&[]);
        Ok(pool)
    }

    /// The video of `slot`.
    pub fn video(&self, slot: usize) -> Option<&HtmlVideoElement> {
        self.videos.get(slot)
    }

    /// All videos, by slot.
    pub fn videos(&self) -> &[HtmlVideoElement] {
        &self.videos
    }

    /// The slot on screen, once the core has shown one.
    pub fn current(&self) -> Option<usize> {
        self.roles.borrow().iter().position(|&role| role == Role::Current)
    }

    /// The role of `slot`.
    pub fn role(&self, slot: usize) -> Role {
        self.roles.borrow().get(slot).copied().unwrap_or(Role::Hidden)
    }

    /// Releases what `slot` held and loads `media`, paused on its first frame.
    ///
    /// `resolve` turns catalog URLs into absolute ones.
    pub fn load(&self, slot: usize, media: &Media, builder: &Builder, resolve: &dyn Fn(&str) -> String) {
        let Some(video) = self.videos.get(slot) else { return };
        self.detach_hls(slot);
        self.drop_pending_seek(slot);
        release(video);
        let hls = hls_constructor();
        let picked = sources::pick(&media.sources, |mime| video.can_play_type(mime), hls.is_some())
            .map(|picked| (resolve(picked.src), picked.engine));
        match &media.poster {
            Some(poster) => warn_on_error(video.set_attribute("poster", &resolve(poster)), "poster"),
            None => warn_on_error(video.remove_attribute("poster"), "poster"),
        };
        for caption in &media.captions {
            let track = match builder.element("track", "", Some(video)) {
                Ok(track) => track,
                Err(error) => {
                    warn_on_error::<()>(Err(error), "track");
                    continue;
                }
            };
            warn_on_error(track.set_attribute("kind", "subtitles"), "track");
            warn_on_error(track.set_attribute("srclang", &caption.lang), "track");
            warn_on_error(track.set_attribute("label", &caption.label), "track");
            warn_on_error(track.set_attribute("src", &resolve(&caption.src)), "track");
        }
        if let Some((src, engine)) = &picked {
            self.start(slot, video, src, *engine, hls.as_ref());
        }
        if let Some(stored) = self.sources.borrow_mut().get_mut(slot) {
            *stored = picked;
        }
    }

    /// Gives `video` its source: setting `src` starts the resource selection, and preload="auto" then
    /// buffers and stops on the first frame because nothing calls play(); hls.js does the same for a
    /// playlist.
    fn start(
        &self,
        slot: usize,
        video: &HtmlVideoElement,
        src: &str,
        engine: Engine,
        hls: Option<&js_sys::Function>,
    ) {
        match (engine, hls) {
            (Engine::HlsJs, Some(constructor)) => {
                match warn_on_error(HlsAttachment::new(constructor, video, src), "hls.js") {
                    Some(attached) => {
                        if let Some(stored) = self.hls.borrow_mut().get_mut(slot) {
                            *stored = Some(attached);
                        }
                    }
                    // The browser then tries the playlist itself; if it cannot, its `error` reaches
                    // the core as a media error (retried, then skipped).
                    None => video.set_src(src),
                }
            }
            _ => video.set_src(src),
        }
    }

    /// Loads again what `slot` holds (after a media error), from where it was: a video that stalled
    /// halfway resumes there instead of starting over.
    pub fn reload(&self, slot: usize) {
        let Some(video) = self.videos.get(slot) else { return };
        let picked = self.sources.borrow().get(slot).cloned().flatten();
        if let Some((src, engine)) = picked {
            let position_ms = (video.current_time() * 1000.0).max(0.0) as u64;
            self.detach_hls(slot);
            warn_on_error(video.remove_attribute("src"), "removeAttribute");
            video.load();
            let hls = if engine == Engine::HlsJs { hls_constructor() } else { None };
            self.start(slot, video, &src, engine, hls.as_ref());
            if position_ms > 0 {
                self.seek(slot, position_ms);
            }
        }
    }

    /// Whether `slot`'s hls.js reported a fatal error: its `<video>` then has no `error` of its own.
    pub fn hls_failed(&self, slot: usize) -> bool {
        self.hls.borrow().get(slot).and_then(Option::as_ref).is_some_and(|hls| hls.failed.get())
    }

    /// Destroys the hls.js instance `slot` had, if any.
    fn detach_hls(&self, slot: usize) {
        let old = self.hls.borrow_mut().get_mut(slot).and_then(Option::take);
        drop(old);
    }

    /// Moves `slot` to `media_ms` into its media. Before the metadata has loaded, the seek is made
    /// again on `loadedmetadata`: a `currentTime` set on a video with nothing loaded yet (the "default
    /// playback start position") is not kept by every browser. (Chromium seeks only where the server
    /// answers Range requests; elsewhere the video plays from the start.)
    pub fn seek(&self, slot: usize, media_ms: u64) {
        let Some(video) = self.videos.get(slot) else { return };
        let position = media_ms as f64 / 1000.0;
        video.set_current_time(position);
        let waiting = (video.ready_state() < web_sys::HtmlMediaElement::HAVE_METADATA).then(|| {
            let target = video.clone();
            EventListener::new(video, "loadedmetadata", Passive::Yes, move |_| {
                if target.current_time() < position {
                    target.set_current_time(position);
                }
            })
        });
        if let Some(pending) = self.pending_seek.borrow_mut().get_mut(slot) {
            *pending = waiting;
        }
    }

    /// Forgets a seek that waits for metadata the slot will no longer load.
    fn drop_pending_seek(&self, slot: usize) {
        let old = self.pending_seek.borrow_mut().get_mut(slot).and_then(Option::take);
        drop(old);
    }

    /// Puts `slot` back on its first frame, paused.
    pub fn rewind(&self, slot: usize) {
        self.drop_pending_seek(slot);
        if let Some(video) = self.videos.get(slot) {
            warn_on_error(video.pause(), "pause");
            video.set_current_time(0.0);
            video.set_playback_rate(1.0);
        }
    }

    /// Shows `current` on screen with `prev` and `next` above and below it; hides the rest.
    pub fn show(&self, current: usize, prev: Option<usize>, next: Option<usize>) {
        let old = self.roles.borrow().clone();
        {
            let mut roles = self.roles.borrow_mut();
            for (slot, role) in roles.iter_mut().enumerate() {
                *role = if slot == current {
                    Role::Current
                } else if Some(slot) == prev {
                    Role::Prev
                } else if Some(slot) == next {
                    Role::Next
                } else {
                    Role::Hidden
                };
            }
        }
        self.place_all(&old);
    }

    /// Moves the visible slots by `offset_px` while a finger drags the feed: `transform` only, no
    /// layout.
    pub fn drag(&self, offset_px: f64) {
        let roles = self.roles.borrow();
        for (video, &role) in self.videos.iter().zip(roles.iter()) {
            if role != Role::Hidden {
                set_style(
                    video,
                    "transform",
                    &format!("translateY(calc({}% + {}px))", role.percent(), tenths(offset_px)),
                );
            }
        }
    }

    /// Puts the visible slots back at their resting places, animated (a cancelled drag snaps back).
    pub fn settle(&self) {
        let roles = self.roles.borrow().clone();
        let fake_old: Vec<Role> = roles
            .iter()
            .map(|&role| if role == Role::Hidden { Role::Hidden } else { Role::Current })
            .collect();
        self.place_all(&fake_old);
    }

    /// Applies the roles as styles. A slot animates only when it is or was on screen: a slot coming
    /// out of hiding jumps straight to its place instead of sweeping behind the current video.
    fn place_all(&self, old: &[Role]) {
        let roles = self.roles.borrow();
        for (slot, (video, &role)) in self.videos.iter().zip(roles.iter()).enumerate() {
            let was = old.get(slot).copied().unwrap_or(Role::Hidden);
            let animate = role != Role::Hidden && (role == Role::Current || was == Role::Current);
            warn_on_error(video.class_list().toggle_with_force("md-animate", animate), "classList");
            warn_on_error(video.set_attribute("data-role", role.name()), "data-role");
            set_style(video, "transform", &format!("translateY({}%)", role.percent()));
            set_style(video, "visibility", if role == Role::Hidden { "hidden" } else { "visible" });
            set_style(video, "z-index", if role == Role::Current { "2" } else { "1" });
            if role == Role::Current {
                warn_on_error(video.remove_attribute("aria-hidden"), "aria-hidden");
            } else {
                warn_on_error(video.set_attribute("aria-hidden", "true"), "aria-hidden");
            }
        }
    }

    /// Mutes or unmutes every slot: one gesture unlocks sound for the whole pool.
    pub fn set_muted(&self, muted: bool) {
        for video in &self.videos {
            video.set_muted(muted);
            video.set_default_muted(muted);
        }
    }

    /// Sets every slot's volume (0 to 1), so the next video sounds as the last did.
    pub fn set_volume(&self, volume: f64) {
        for video in &self.videos {
            video.set_volume(volume);
        }
    }

    /// Stops and empties every slot (on destroy), so the browser drops the buffers at once.
    pub fn release_all(&self) {
        for (slot, video) in self.videos.iter().enumerate() {
            self.detach_hls(slot);
            self.drop_pending_seek(slot);
            release(video);
        }
    }
}

/// Frees a slot's resource: without `removeAttribute('src')` + `load()` the old decoder and buffers
/// live until garbage collection.
fn release(video: &HtmlVideoElement) {
    warn_on_error(video.pause(), "pause");
    video.set_playback_rate(1.0);
    while let Some(child) = video.first_child() {
        warn_on_error(video.remove_child(&child), "removeChild");
    }
    warn_on_error(video.remove_attribute("src"), "removeAttribute");
    video.load();
}

/// The page's hls.js (`window.Hls`), when it provides one and `Hls.isSupported()` (Media Source
/// Extensions are there).
fn hls_constructor() -> Option<js_sys::Function> {
    let window = web_sys::window()?;
    let constructor: js_sys::Function =
        js_sys::Reflect::get(&window, &JsValue::from_str("Hls")).ok()?.dyn_into().ok()?;
    let is_supported: js_sys::Function =
        js_sys::Reflect::get(&constructor, &JsValue::from_str("isSupported")).ok()?.dyn_into().ok()?;
    let supported = warn_on_error(is_supported.call0(&constructor), "Hls.isSupported")?;
    supported.as_bool().unwrap_or(false).then_some(constructor)
}

/// One hls.js instance playing a playlist into one `<video>`: destroyed (detaching it from the video
/// and stopping its downloads) when dropped.
#[must_use = "hls.js is destroyed as soon as this value is dropped"]
struct HlsAttachment {
    hls: JsValue,
    /// Set by a fatal hls.js error, which the `<video>` does not report as its own `error`.
    failed: Rc<Cell<bool>>,
    // Listens for `Hls.Events.ERROR` ("hlsError") until `destroy()` removes every listener.
    _on_error: Closure<dyn FnMut(JsValue, JsValue)>,
}

impl HlsAttachment {
    /// `new Hls()`, listening for fatal errors, loading `src` into `video`.
    fn new(
        constructor: &js_sys::Function,
        video: &HtmlVideoElement,
        src: &str,
    ) -> Result<HlsAttachment, JsValue> {
        let hls = js_sys::Reflect::construct(constructor, &js_sys::Array::new())?;
        let failed = Rc::new(Cell::new(false));
        let on_error = {
            let failed = Rc::clone(&failed);
            let video = video.clone();
            Closure::<dyn FnMut(JsValue, JsValue)>::new(move |_name: JsValue, data: JsValue| {
                let fatal =
                    js_sys::Reflect::get(&data, &JsValue::from_str("fatal")).ok().and_then(|f| f.as_bool());
                if fatal == Some(true) && !failed.replace(true) {
                    // The player's `error` listener on the video takes it from here, as for a native
                    // failure (it asks `hls_failed`, since `video.error` stays null).
                    if let Some(event) = warn_on_error(web_sys::Event::new("error"), "Event") {
                        warn_on_error(video.dispatch_event(&event), "dispatchEvent");
                    }
                }
            })
        };
        let attachment = HlsAttachment { hls, failed, _on_error: on_error };
        attachment.call("on", &[JsValue::from_str("hlsError"), attachment._on_error.as_ref().clone()])?;
        attachment.call("loadSource", &[JsValue::from_str(src)])?;
        attachment.call("attachMedia", &[video.into()])?;
        Ok(attachment)
    }

    fn call(&self, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
        let function: js_sys::Function = js_sys::Reflect::get(&self.hls, &JsValue::from_str(method))?
            .dyn_into()
            .map_err(|_| JsValue::from_str(&format!("hls.{method} is not a function")))?;
        function.apply(&self.hls, &args.iter().collect::<js_sys::Array>())
    }
}

impl Drop for HlsAttachment {
    fn drop(&mut self) {
        warn_on_error(self.call("destroy", &[]), "hls.destroy");
    }
}

fn set_style(element: &HtmlElement, property: &str, value: &str) {
    warn_on_error(element.style().set_property(property, value), "style");
}

/// `value` to a tenth, as CSS reads it (`-12.3`), written with integer formatting: float formatting
/// would ship about 15 KB of code for this one use.
fn tenths(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10)
}
