//! The browser layer: applies the core's commands to the DOM (wasm32 only).
