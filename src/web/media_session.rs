//! The Media Session: what the phone's lock screen, a headset or the browser's media hub shows and
//! controls. Title, series and artwork for the current episode; play, pause, next and previous track
//! mapped to the feed.
//!
//! `web-sys` has these bindings only behind `web_sys_unstable_apis`, so the few calls used are
//! declared here. Browsers without `navigator.mediaSession` get `None` and nothing else changes.

use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::warn_on_error;

#[wasm_bindgen]
extern "C" {
    /// `navigator.mediaSession`.
    type MediaSession;

    #[wasm_bindgen(method, catch, js_name = setActionHandler)]
    fn set_action_handler(
        this: &MediaSession,
        action: &str,
        handler: Option<&js_sys::Function>,
    ) -> Result<(), JsValue>;

    #[wasm_bindgen(method, setter)]
    fn set_metadata(this: &MediaSession, metadata: &JsValue);

    #[wasm_bindgen(method, setter, js_name = playbackState)]
    fn set_playback_state(this: &MediaSession, state: &str);

    /// `MediaMetadata`.
    type MediaMetadata;

    #[wasm_bindgen(constructor, catch, js_class = "MediaMetadata")]
    fn new(init: &JsValue) -> Result<MediaMetadata, JsValue>;
}

/// What the lock screen shows for an episode.
#[derive(Debug)]
pub struct Metadata {
    /// Episode title.
    pub title: String,
    /// Series title.
    pub artist: String,
    /// Series title again: players show one or the other.
    pub album: String,
    /// Poster images.
    pub artwork: Vec<Artwork>,
}

impl Metadata {
    /// The `MediaMetadataInit` dictionary: `{ title, artist, album, artwork: [{ src }] }`.
    fn init(&self) -> Object {
        let init = Object::new();
        set(&init, "title", &self.title.as_str().into());
        set(&init, "artist", &self.artist.as_str().into());
        set(&init, "album", &self.album.as_str().into());
        let artwork: Array = self
            .artwork
            .iter()
            .map(|image| {
                let entry = Object::new();
                set(&entry, "src", &image.src.as_str().into());
                entry
            })
            .collect();
        set(&init, "artwork", &artwork);
        init
    }
}

/// One artwork image.
#[derive(Debug)]
pub struct Artwork {
    /// Absolute URL.
    pub src: String,
}

/// A media key the viewer pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Play.
    Play,
    /// Pause.
    Pause,
    /// Next track: the next episode.
    Next,
    /// Previous track: the previous episode.
    Prev,
}

const ACTIONS: [(&str, Action); 4] = [
    ("play", Action::Play),
    ("pause", Action::Pause),
    ("nexttrack", Action::Next),
    ("previoustrack", Action::Prev),
];

/// The player's action handlers on `navigator.mediaSession`; dropping it removes them and clears the
/// metadata.
#[must_use = "the handlers are removed as soon as this value is dropped"]
pub struct MediaSessionHandle {
    session: MediaSession,
    _handlers: Vec<Closure<dyn FnMut()>>,
}

impl MediaSessionHandle {
    /// Registers `on_action` for play, pause, next and previous track; `None` when the browser has no
    /// Media Session.
    pub fn new(on_action: impl Fn(Action) + 'static) -> Option<MediaSessionHandle> {
        let navigator = web_sys::window()?.navigator();
        let session = js_sys::Reflect::get(&navigator, &JsValue::from_str("mediaSession")).ok()?;
        if session.is_undefined() || session.is_null() {
            return None;
        }
        let session: MediaSession = session.unchecked_into();
        let on_action = Rc::new(on_action);
        let mut handlers = Vec::new();
        for (name, action) in ACTIONS {
            let on_action = on_action.clone();
            let closure = Closure::<dyn FnMut()>::new(move || on_action(action));
            // Browsers refuse actions they do not know with a TypeError: that action is left out.
            if session.set_action_handler(name, Some(closure.as_ref().unchecked_ref())).is_ok() {
                handlers.push(closure);
            }
        }
        Some(MediaSessionHandle { session, _handlers: handlers })
    }

    /// Shows `metadata` for what plays now.
    pub fn set_metadata(&self, metadata: &Metadata) {
        if let Some(metadata) = warn_on_error(MediaMetadata::new(&metadata.init()), "MediaMetadata") {
            self.session.set_metadata(&metadata);
        }
    }

    /// Tells the system whether the player is playing.
    pub fn set_playing(&self, playing: bool) {
        self.session.set_playback_state(if playing { "playing" } else { "paused" });
    }
}

impl Drop for MediaSessionHandle {
    fn drop(&mut self) {
        for (name, _) in ACTIONS {
            let _ = self.session.set_action_handler(name, None);
        }
        self.session.set_metadata(&JsValue::NULL);
        self.session.set_playback_state("none");
    }
}

/// Sets `object[key]` on a plain object built here, where nothing can refuse it: a failure is only
/// logged.
fn set(object: &Object, key: &str, value: &JsValue) {
    warn_on_error(Reflect::set(object, &JsValue::from_str(key), value), "MediaMetadata");
}
