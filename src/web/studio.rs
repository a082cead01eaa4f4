//! The studio's handle (`www/studio.html`, CONTRACT §6): the story map and "Play from here" for the
//! page, from the core's [`graph`]. Built only with the cargo feature `studio`, into its own module
//! (`www/studio-pkg/`), so the player's shipped wasm carries none of it.
//!
//! Data crosses as JSON text written by serde_json from the core's derived types.

use std::collections::BTreeMap;

use wasm_bindgen::prelude::*;

use crate::catalog::Catalog;
use crate::expr::Value;
use crate::graph;

/// One catalog document as the studio sees it.
#[wasm_bindgen]
pub struct Studio {
    /// The catalog, when it loaded without errors (only then can a segment be played).
    catalog: Option<Catalog>,
    map: String,
}

#[wasm_bindgen]
impl Studio {
    /// Reads a catalog document's bytes: its map, diagnostics, reachability and locks.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Studio {
        let (map, catalog) = graph::build_playable(bytes);
        Studio { catalog, map: serde_json::to_string(&map).unwrap_or_default() }
    }

    /// The map as JSON ([`graph::StoryMap`], camelCase fields).
    pub fn map(&self) -> String {
        self.map.clone()
    }

    /// The save that plays `segment` (`"episode/segment"`) of series `series` with `vars` (a JSON object,
    /// name → value) and `seen` (a JSON array of `"episode/segment"`) as the state on arrival, and the
    /// options its choice will show: JSON `{ "save", "visible": [[index, label], …] }`.
    ///
    /// # Errors
    /// A catalog with errors, JSON of another shape, or what [`graph::play_from`] refuses.
    #[wasm_bindgen(js_name = playFrom)]
    pub fn play_from(&self, series: &str, segment: &str, vars: &str, seen: &str) -> Result<String, JsError> {
        let Some(catalog) = &self.catalog else {
            return Err(JsError::new("the catalog has errors: fix them to play it"));
        };
        let vars: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(vars).map_err(|e| JsError::new(&format!("variables: {e}")))?;
        let vars = vars
            .into_iter()
            .map(|(name, value)| {
                let value = match value {
                    serde_json::Value::Bool(b) => Value::Bool(b),
                    serde_json::Value::String(s) => Value::Str(s),
                    serde_json::Value::Number(n) => match n.as_i64() {
                        Some(i) => Value::Int(i),
                        None => return Err(JsError::new(&format!("`{name}` must be an integer, not {n}"))),
                    },
                    other => return Err(JsError::new(&format!("`{name}` cannot be {other}"))),
                };
                Ok((name, value))
            })
            .collect::<Result<BTreeMap<_, _>, JsError>>()?;
        let seen: Vec<String> =
            serde_json::from_str(seen).map_err(|e| JsError::new(&format!("seen: {e}")))?;
        let played =
            graph::play_from(catalog, series, segment, &vars, &seen).map_err(|e| JsError::new(&e.0))?;
        serde_json::to_string(&played).map_err(|e| JsError::new(&e.to_string()))
    }
}
