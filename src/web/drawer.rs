//! The episode drawer: a modal grid of the feed's episodes, grouped by series, with lock, watched and
//! "playing now" marks and each series' endings progress.
//!
//! Built once, filled each time it opens. Tiles are buttons with `data-action="jump"` read by the
//! player's click delegate; a locked tile is `aria-disabled` and does nothing. Focus handling (trap,
//! Escape, return to the opener) is the player's, which owns the key listener.

use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement};

use crate::command::{EpisodeView, SeriesProgress};

use super::dom::{warn_on_error, Builder};
use super::i18n::{self, Lang, Word};

/// The drawer's elements.
pub struct Drawer {
    panel: HtmlElement,
    body: HtmlElement,
    close: HtmlElement,
    lang: Lang,
}

impl Drawer {
    /// Builds the (hidden) drawer inside `root`.
    ///
    /// # Errors
    /// When the document refuses to create an element.
    pub fn new(builder: &Builder, root: &Element, lang: Lang) -> Result<Drawer, JsValue> {
        let panel = builder.element("section", "md-drawer", Some(root))?;
        panel.set_attribute("role", "dialog")?;
        panel.set_attribute("aria-modal", "true")?;
        panel.set_attribute("aria-labelledby", "md-drawer-title")?;
        let head = builder.element("div", "md-drawer-head", Some(&panel))?;
        let title = builder.element("h2", "md-drawer-title", Some(&head))?;
        title.set_id("md-drawer-title");
        title.set_text_content(Some(i18n::word(lang, Word::Episodes)));
        let close =
            builder.button("md-drawer-close", "close-drawer", "✕", i18n::word(lang, Word::Close), &head)?;
        let body = builder.element("div", "md-drawer-body", Some(&panel))?;
        panel.set_hidden(true);
        Ok(Drawer { panel, body, close, lang })
    }

    /// Fills the drawer with `episodes` (feed order) and the endings progress of each series, and
    /// shows it.
    pub fn open(&self, builder: &Builder, episodes: &[EpisodeView], endings: &[SeriesProgress]) {
        self.body.set_text_content(None);
        let lang = self.lang;
        let mut series_id: Option<&str> = None;
        let mut grid: Option<HtmlElement> = None;
        let mut number = 0;
        for episode in episodes {
            if series_id != Some(episode.series_id.as_str()) {
                series_id = Some(episode.series_id.as_str());
                number = 0;
                grid = self.series_section(builder, episode, endings);
            }
            number += 1;
            let Some(grid) = &grid else { continue };
            if let Err(error) = tile(builder, grid, lang, number, episode) {
                warn_on_error::<()>(Err(error), "drawer tile");
            }
        }
        self.panel.set_hidden(false);
    }

    /// A series heading with its endings progress, and the grid its tiles go in.
    fn series_section(
        &self,
        builder: &Builder,
        episode: &EpisodeView,
        endings: &[SeriesProgress],
    ) -> Option<HtmlElement> {
        let section =
            warn_on_error(builder.element("section", "md-drawer-series", Some(&self.body)), "drawer")?;
        let heading =
            warn_on_error(builder.element("h3", "md-drawer-series-title", Some(&section)), "drawer")?;
        heading.set_text_content(Some(&episode.series_title));
        if let Some(progress) = endings.iter().find(|p| p.series_id == episode.series_id) {
            if progress.total > 0 {
                let line = warn_on_error(builder.element("p", "md-endings", Some(&section)), "drawer")?;
                line.set_text_content(Some(&i18n::endings_found(self.lang, progress.found, progress.total)));
            }
        }
        let grid = warn_on_error(builder.element("div", "md-grid", Some(&section)), "drawer")?;
        warn_on_error(grid.set_attribute("role", "list"), "drawer");
        Some(grid)
    }

    /// Hides the drawer and drops its tiles.
    pub fn close(&self) {
        self.panel.set_hidden(true);
        self.body.set_text_content(None);
    }

    /// Whether it is showing.
    pub fn is_open(&self) -> bool {
        !self.panel.hidden()
    }

    /// Focusable elements in tab order: the close button, then every tile.
    pub fn focusables(&self) -> Vec<HtmlElement> {
        let mut out = vec![self.close.clone()];
        if let Some(list) = warn_on_error(self.body.query_selector_all("button"), "drawer") {
            out.extend(
                (0..list.length())
                    .filter_map(|i| list.item(i))
                    .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(n).ok()),
            );
        }
        out
    }

    /// The element to focus when it opens: the current episode's tile, else the close button.
    pub fn initial_focus(&self) -> HtmlElement {
        warn_on_error(self.body.query_selector("[aria-current=true]"), "drawer")
            .flatten()
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(e).ok())
            .unwrap_or_else(|| self.close.clone())
    }
}

/// One episode tile: number, title, marks. Catalog text as text only.
fn tile(
    builder: &Builder,
    grid: &HtmlElement,
    lang: Lang,
    number: usize,
    episode: &EpisodeView,
) -> Result<(), JsValue> {
    let item = builder.element("div", "md-grid-item", Some(grid))?;
    item.set_attribute("role", "listitem")?;
    let mut marks = Vec::new();
    if episode.locked {
        marks.push(Word::Locked);
    }
    if episode.watched {
        marks.push(Word::Watched);
    }
    if episode.current {
        marks.push(Word::Playing);
    }
    // The name is the visible text ("3 The Visit") plus the marks for screen readers, so that what a
    // voice-control user reads out is the button's name (WCAG 2.5.3).
    let button = builder.button("md-tile", "jump", "", "", &item)?;
    button.set_attribute("data-index", &episode.index.to_string())?;
    if episode.locked {
        button.set_attribute("aria-disabled", "true")?;
        button.class_list().add_1("md-tile-locked")?;
    }
    if episode.watched {
        button.class_list().add_1("md-tile-watched")?;
    }
    if episode.current {
        button.set_attribute("aria-current", "true")?;
    }
    let num = builder.element("span", "md-tile-number", Some(&button))?;
    num.set_text_content(Some(&number.to_string()));
    button.append_with_str_1(" ")?;
    let title = builder.element("span", "md-tile-title", Some(&button))?;
    title.set_text_content(Some(&episode.title));
    if !marks.is_empty() {
        let spoken = builder.element("span", "md-sr", Some(&button))?;
        spoken.set_text_content(Some(&i18n::tile_marks(lang, &marks)));
    }
    let mark = if episode.locked {
        "🔒"
    } else if episode.watched {
        "✓"
    } else {
        ""
    };
    if !mark.is_empty() {
        let badge = builder.element("span", "md-tile-mark", Some(&button))?;
        badge.set_text_content(Some(mark));
        badge.set_attribute("aria-hidden", "true")?;
    }
    Ok(())
}
