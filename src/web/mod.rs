//! The browser layer (wasm32 only): a [`Player`] that drives a [`Session`](crate::session::Session)
//! from pointer, wheel, key and media events and applies its [`Command`](crate::command::Command)s to
//! the DOM — a fixed pool of `<video>` elements and a few overlays.
//!
//! Everything the browser can fail at is handled here; the core never sees a `JsValue`.

mod builder;
mod captions;
mod dom;
mod drawer;
pub mod i18n;
mod icons;
mod media_session;
mod overlay;
mod player;
mod pool;
mod scrubber;
mod storage;
#[cfg(feature = "studio")]
mod studio;
mod visibility;

pub use builder::{MountError, PlayerBuilder, PlayerOptions};
// For the browser tests' count of what `destroy()` leaves behind; not part of the contract.
#[doc(hidden)]
pub use dom::{held, Held};
pub use player::{Player, POOL_SIZE};
#[cfg(feature = "studio")]
pub use studio::Studio;
