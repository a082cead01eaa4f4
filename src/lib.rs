//! microdrama: an in-browser player for interactive vertical micro-dramas.

pub mod catalog;
pub mod command;
pub mod diagnostic;
pub mod expr;
pub mod feed;
pub mod paths;
pub mod session;
pub mod story;

#[cfg(target_arch = "wasm32")]
pub mod web;
