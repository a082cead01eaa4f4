//! [`PlayerBuilder`]: the player for Rust web apps (Leptos, Yew, Dioxus, plain wasm-bindgen), with its
//! options as a Rust struct, the catalog as bytes or a parsed [`Catalog`], and events as Rust values
//! delivered to closures, beside the JS-facing [`Player`] constructor.

use std::fmt;

use web_sys::HtmlElement;

use crate::catalog::{self, Catalog};
use crate::command::{Event, MediaEvent};
use crate::error::ErrorCode;
use crate::session::Timer;

use super::player::{Hooks, Player};

/// How a player starts; [`PlayerOptions::default()`] is what `<micro-drama>` does with no attributes,
/// except that progress is not kept (`resume: false`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlayerOptions {
    /// Only this series (its id); `None`: every series in feed order.
    pub series: Option<String>,
    /// Start at this episode id.
    pub episode: Option<String>,
    /// The viewer's language tag (default: `navigator.language`).
    pub language: Option<String>,
    /// Start muted.
    pub muted: bool,
    /// Start playing without waiting for the viewer.
    pub autoplay: bool,
    /// Show the previous/next buttons.
    pub controls: bool,
    /// Pause while less than half of the player is visible or the page is hidden (CONTRACT §4.2).
    pub autopause: bool,
    /// URL that relative media URLs resolve against: the catalog's own URL (default: the page's).
    pub base_url: Option<String>,
    /// How long the viewer gets to choose.
    pub timer: Timer,
    /// Default caption language (default: `navigator.language`).
    pub caption_language: Option<String>,
    /// Keep progress in `localStorage` and resume from it.
    pub resume: bool,
    /// Volume, 0 to 1.
    pub volume: f64,
    /// Playback rate.
    pub playback_rate: f64,
}

impl Default for PlayerOptions {
    fn default() -> PlayerOptions {
        PlayerOptions {
            series: None,
            episode: None,
            language: None,
            muted: false,
            autoplay: true,
            controls: true,
            autopause: true,
            base_url: None,
            timer: Timer::Normal,
            caption_language: None,
            resume: false,
            volume: 1.0,
            playback_rate: 1.0,
        }
    }
}

/// Why a player could not be mounted: the same code and message as its `error` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountError {
    /// `bad-json`, `unknown-series`, `dom`, …
    pub code: ErrorCode,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for MountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for MountError {}

/// The catalog as the app has it.
enum Source {
    Json(Vec<u8>),
    Parsed(Box<Catalog>),
}

/// Builds a [`Player`] from Rust.
///
/// ```no_run
/// # // A wasm32-only item: this example is compiled by the browser test
/// # // `a_rust_app_mounts_a_player_with_the_builder`, not by host doctests.
/// use microdrama::command::Event;
/// use microdrama::web::{PlayerBuilder, PlayerOptions};
///
/// fn mount(element: &web_sys::HtmlElement, json: &[u8]) -> Result<microdrama::web::Player, microdrama::web::MountError> {
///     PlayerBuilder::from_json(json)
///         .options(PlayerOptions { muted: true, ..PlayerOptions::default() })
///         .on_event(|event| {
///             if let Event::Choice { index, .. } = event {
///                 web_sys::console::log_1(&format!("chose {index}").into());
///             }
///         })
///         .mount(element)
/// }
/// ```
pub struct PlayerBuilder {
    source: Source,
    options: PlayerOptions,
    hooks: Hooks,
}

impl PlayerBuilder {
    /// A player over the catalog's JSON text, as fetched (UTF-8 bytes).
    pub fn from_json(bytes: impl Into<Vec<u8>>) -> PlayerBuilder {
        PlayerBuilder::with(Source::Json(bytes.into()))
    }

    /// A player over a catalog the app has loaded already (`catalog::load`).
    pub fn new(catalog: Catalog) -> PlayerBuilder {
        PlayerBuilder::with(Source::Parsed(Box::new(catalog)))
    }

    fn with(source: Source) -> PlayerBuilder {
        PlayerBuilder { source, options: PlayerOptions::default(), hooks: Hooks::default() }
    }

    /// How the player starts.
    pub fn options(mut self, options: PlayerOptions) -> PlayerBuilder {
        self.options = options;
        self
    }

    /// Calls `on_event` with every contract event (CONTRACT §4, §4.3), after it was dispatched on the
    /// element.
    pub fn on_event(mut self, on_event: impl Fn(&Event) + 'static) -> PlayerBuilder {
        self.hooks.on_event = Some(Box::new(on_event));
        self
    }

    /// Calls `on_media` with every media event of the segment playing now (CONTRACT §4.1).
    pub fn on_media(mut self, on_media: impl Fn(MediaEvent) + 'static) -> PlayerBuilder {
        self.hooks.on_media = Some(Box::new(on_media));
        self
    }

    /// Builds the player inside `element` and starts it; its events are also dispatched on `element`
    /// as DOM events, as `<micro-drama>`'s are.
    ///
    /// # Errors
    /// The catalog does not load, the options name something it lacks, or the DOM could not be built;
    /// an `error` event with the same code is dispatched on `element` too.
    pub fn mount(self, element: &HtmlElement) -> Result<Player, MountError> {
        let catalog = match self.source {
            Source::Parsed(catalog) => *catalog,
            Source::Json(bytes) => match catalog::load_bytes(&bytes) {
                Ok((catalog, _warnings)) => catalog,
                Err(diagnostics) => {
                    let (code, message) = Player::refusal(&diagnostics);
                    return Err(Player::refuse(element, code, message));
                }
            },
        };
        Player::mount_with(element.clone(), element.clone(), catalog, self.options, self.hooks)
    }
}
