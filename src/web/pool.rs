//! The fixed pool of `<video>` elements: created once, reused for the player's whole life.
//!
//! Swiping never creates, moves in the DOM, or re-sources a video: the core keeps the neighbours
//! loaded and paused on their first frame, and a swipe only changes which element sits at
//! `translateY(0)` and calls `play()` on it.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement, HtmlVideoElement};

use crate::catalog::Source;
use crate::command::Media;
use wasm_bindgen::JsCast;

use super::dom::{warn_on_error, Builder};

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
    /// The URL each slot was given, for `Reload`.
    sources: RefCell<Vec<Option<String>>>,
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
        release(video);
        let src = pick_source(video, &media.sources).map(resolve);
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
        if let Some(src) = &src {
            // Setting src starts the resource selection; preload="auto" then buffers and stops on the
            // first frame because nothing calls play().
            video.set_src(src);
        }
        if let Some(stored) = self.sources.borrow_mut().get_mut(slot) {
            *stored = src;
        }
    }

    /// Loads again what `slot` holds (after a media error).
    pub fn reload(&self, slot: usize) {
        let Some(video) = self.videos.get(slot) else { return };
        let src = self.sources.borrow().get(slot).cloned().flatten();
        if let Some(src) = src {
            warn_on_error(video.remove_attribute("src"), "removeAttribute");
            video.load();
            video.set_src(&src);
        }
    }

    /// Puts `slot` back on its first frame, paused.
    pub fn rewind(&self, slot: usize) {
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
                    &format!("translateY(calc({}% + {offset_px:.1}px))", role.percent()),
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

    /// Stops and empties every slot (on destroy), so the browser drops the buffers at once.
    pub fn release_all(&self) {
        for video in &self.videos {
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

/// The first source the browser may play: a declared type (or one guessed from the extension) that
/// `canPlayType` does not answer "" for. Falls back to the first source, whose failure then reaches
/// the core as a media error.
fn pick_source<'a>(video: &HtmlVideoElement, sources: &'a [Source]) -> Option<&'a str> {
    sources
        .iter()
        .find(|source| match source.mime.as_deref().or_else(|| guess_type(&source.src)) {
            Some(mime) => !video.can_play_type(mime).is_empty(),
            None => true,
        })
        .or_else(|| sources.first())
        .map(|source| source.src.as_str())
}

fn guess_type(src: &str) -> Option<&'static str> {
    let path = src.split(['?', '#']).next().unwrap_or(src).to_ascii_lowercase();
    if path.ends_with(".webm") {
        Some("video/webm")
    } else if path.ends_with(".mp4") || path.ends_with(".m4v") {
        Some("video/mp4")
    } else if path.ends_with(".m3u8") {
        Some("application/vnd.apple.mpegurl")
    } else {
        None
    }
}

fn set_style(element: &HtmlElement, property: &str, value: &str) {
    warn_on_error(element.style().set_property(property, value), "style");
}
