//! microdrama: an in-browser player for interactive vertical micro-dramas.
//!
//! The core is pure: it loads and validates a catalog ([`catalog::load`]), runs one story per series
//! ([`story`]) and the swipe feed with its video pool ([`feed`]), and answers every input of a
//! [`session::Session`] (one [`session::Input`] type: the viewer's, the host's and the browser's) with
//! [`command::Command`]s. Time comes in as `now_ms`. The browser layer
//! (`web`, wasm32 only) applies those commands to `<video>` elements and the DOM.
//!
//! ```
//! use microdrama::catalog;
//! use microdrama::command::{Command, Event, Via};
//! use microdrama::session::{Config, Input, Session};
//!
//! let text = r#"{ "format": 1, "title": "Demo", "series": [{
//!   "id": "s", "title": "Series", "episodes": [{
//!     "id": "ep1", "title": "The Call", "segments": [
//!       { "id": "ring", "src": "ring.webm",
//!         "choice": { "atMs": 1000, "prompt": "Answer?", "options": [
//!           { "label": "Answer", "goto": "talk" }, { "label": "Ignore", "goto": { "end": true } } ] } },
//!       { "id": "talk", "src": "talk.webm" } ] }] }] }"#;
//! let (catalog, warnings) = catalog::load(text).expect("a valid catalog");
//! assert!(warnings.is_empty());
//!
//! let config = Config { series: None, episode: None, pool_size: 5, language: "en".into() };
//! let mut session = Session::new(catalog, config).expect("the feed starts");
//! let started = session.start(0);
//! assert!(started.contains(&Command::Play { slot: 0 }));
//!
//! // Its first frame moves: the choice targets start loading.
//! let preloads = session.input(Input::Playing { slot: 0, media_ms: 0 }, 40);
//! assert!(preloads.iter().any(|c| matches!(c, Command::Load { .. })));
//!
//! // The video reports its time; at 1 s the choice opens over it.
//! let opened = session.input(Input::MediaTime { slot: 0, media_ms: 1000 }, 1000);
//! assert!(opened.iter().any(|c| matches!(c, Command::ShowChoices(view) if view.prompt == "Answer?")));
//!
//! // The viewer taps "Answer": the preloaded target plays at once.
//! let chosen = session.input(Input::Choose { index: 0, via: Via::Tap }, 1500);
//! assert!(chosen.iter().any(|c| matches!(c, Command::Emit(Event::Choice { index: 0, via: Via::Tap, .. }))));
//! assert!(chosen.iter().any(|c| matches!(c, Command::Play { .. })));
//! assert!(!chosen.iter().any(|c| matches!(c, Command::Load { .. })), "the target was already loaded");
//!
//! // A pause freezes a timed choice: nothing is due until the viewer plays again.
//! session.input(Input::Pause, 2000);
//! assert_eq!(session.next_deadline(), None);
//! ```

#![warn(missing_docs)]

pub mod catalog;
pub mod command;
mod de;
pub mod diagnostic;
pub mod error;
pub mod expr;
pub mod feed;
pub mod graph;
pub mod lang;
pub mod paths;
pub mod session;
pub mod story;

#[cfg(target_arch = "wasm32")]
pub mod web;
