//! JSON in and out, written for this crate: a parser into a tree that borrows from the text, and a
//! writer of compact or indented text.
//!
//! The player ships as wasm, where every dependency's code is paid for in bytes downloaded. A general
//! library (serde with serde_json) was about a fifth of the module; what the crate needs is smaller:
//! read catalogs and saves, write saves, event details and the CLI's reports.

mod parse;
mod value;
mod write;

pub(crate) use parse::ParseError;
pub(crate) use value::{Array, Document, Json, Object};
pub(crate) use write::{ToJson, Writer};
