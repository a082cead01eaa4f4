//! The episode drawer: a modal grid of the feed's episodes, grouped by series, with lock, watched and
//! "playing now" marks and each series' endings progress.
//!
//! Built once, laid out each time it opens: every series' heading and endings line, and a grid with as
//! many rows as its tiles need, so the scrollbar and the scroll position are the whole feed's. Only the
//! tiles near the view are in the DOM (a 10,000-episode feed would be 60,000 elements, a second to
//! build): at opening the view and a row around it, the current episode's row in the middle; then, as
//! it scrolls, half a view above and below, dropping tiles more than a view away except the focused
//! one (focus must not fall out of the player). Each tile sits in its own grid cell (`grid-area`), so
//! the ones around it need not exist, and its episode is asked of the session as it renders. While the
//! drawer is open it holds one `scroll` listener, dropped when it closes. A short feed (up to
//! `WHOLE` entries) is rendered whole.
//!
//! Tiles are buttons with `data-action="jump"` read by the player's click delegate; a locked tile is
//! `aria-disabled` and does nothing. Focus handling (trap, Escape, return to the opener) is the player's,
//! which owns the key listener; [`Drawer::step`] gives it the next button in the drawer's tab order and
//! renders it first.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

use crate::command::{EpisodeView, SeriesProgress};

use super::dom::{warn_on_error, Builder, EventListener, Passive};
use super::i18n::{self, Lang, Word};
use super::icons::Icon;

/// A feed of up to this many entries is rendered whole: about what a phone's view and its margins
/// hold anyway, and a screen reader's browse mode then has every tile.
const WHOLE: usize = 60;

/// The drawer's elements, and what it shows while open.
pub struct Drawer {
    panel: HtmlElement,
    body: HtmlElement,
    close: HtmlElement,
    lang: Lang,
    /// The open drawer's episodes and rendered tiles; `None` while closed. Shared with the listener.
    shown: Rc<RefCell<Option<Shown>>>,
    /// The body's `scroll` listener, held only while the drawer is open.
    scroll: RefCell<Option<EventListener>>,
}

/// Feed entry `index` as its tile shows it (the session's [`EpisodeView`], asked for as the tile
/// renders).
pub type Episodes = Box<dyn Fn(usize) -> Option<EpisodeView>>;

/// An open drawer: where the feed's entries go, and the layout its tiles are placed by.
struct Shown {
    builder: Builder,
    lang: Lang,
    episode: Episodes,
    /// Feed entries, every series' together.
    count: usize,
    series: Vec<Series>,
    /// Columns of every grid (the stylesheet's `auto-fill`, read from the first grid).
    cols: usize,
    /// From one row's top to the next's, in CSS pixels.
    pitch: f64,
    /// The body's width the layout was read at: a new width re-reads it.
    width: i32,
    /// The body's `scrollTop` at the last rendering.
    scrolled: i32,
}

/// One series in the open drawer.
struct Series {
    section: HtmlElement,
    grid: HtmlElement,
    /// Its feed entries: `start..end`.
    start: usize,
    end: usize,
    /// The top of its section and of its grid in the body's scrolled content (the body is the tiles'
    /// offset parent).
    section_top: f64,
    grid_top: f64,
    /// Rendered tiles (list items) by position in the series, ascending.
    tiles: Vec<(usize, HtmlElement)>,
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
        let close = builder.icon_button(
            "md-drawer-close",
            "close-drawer",
            Icon::Close,
            i18n::word(lang, Word::Close),
            &head,
        )?;
        let body = builder.element("div", "md-drawer-body", Some(&panel))?;
        panel.set_hidden(true);
        Ok(Drawer {
            panel,
            body,
            close,
            lang,
            shown: Rc::new(RefCell::new(None)),
            scroll: RefCell::new(None),
        })
    }

    /// Lays out the feed's `series` (feed order, with their endings progress), shows the drawer with
    /// the `current` entry's row in the middle of the view, and renders the tiles in view, asking
    /// `episode` for each.
    pub fn open(&self, builder: &Builder, series: &[SeriesProgress], current: usize, episode: Episodes) {
        self.close();
        let series: Vec<Series> = series
            .iter()
            .filter(|progress| progress.entries > 0)
            .filter_map(|progress| {
                let (section, grid) = self.series_section(builder, progress)?;
                Some(Series {
                    section,
                    grid,
                    start: progress.first,
                    end: progress.first + progress.entries,
                    section_top: 0.0,
                    grid_top: 0.0,
                    tiles: Vec::new(),
                })
            })
            .collect();
        self.panel.set_hidden(false);
        let count = series.last().map_or(0, |s| s.end);
        let mut shown = Shown {
            builder: builder.clone(),
            lang: self.lang,
            episode,
            count,
            series,
            cols: 0,
            pitch: 0.0,
            width: -1,
            scrolled: -1,
        };
        shown.read_layout(&self.body);
        let top = shown.row_top(current).map_or(0.0, |(_, row_top)| {
            let view = f64::from(self.body.client_height());
            row_top - (view - shown.pitch) / 2.0
        });
        self.body.set_scroll_top(top.max(0.0) as i32);
        // The view and a row around it at first, for a quick first frame; the rest as it scrolls.
        let row = shown.pitch;
        shown.render(&self.body, Some(current), row);
        *self.shown.borrow_mut() = Some(shown);
        let shown = self.shown.clone();
        let body = self.body.clone();
        *self.scroll.borrow_mut() = Some(EventListener::new(&self.body, "scroll", Passive::Yes, move |_| {
            // A scroll the drawer's own rendering caused arrives later, as its own event: never nested.
            if let Ok(mut shown) = shown.try_borrow_mut() {
                if let Some(shown) = shown.as_mut() {
                    // The scroll the opening set comes as an event too: that view is rendered.
                    if body.scroll_top() != shown.scrolled || body.client_width() != shown.width {
                        let margin = f64::from(body.client_height()) / 2.0;
                        shown.render(&body, None, margin);
                    }
                }
            }
        }));
    }

    /// A series heading with its endings progress, and the grid its tiles go in.
    fn series_section(
        &self,
        builder: &Builder,
        progress: &SeriesProgress,
    ) -> Option<(HtmlElement, HtmlElement)> {
        let section =
            warn_on_error(builder.element("section", "md-drawer-series", Some(&self.body)), "drawer")?;
        let heading =
            warn_on_error(builder.element("h3", "md-drawer-series-title", Some(&section)), "drawer")?;
        heading.set_text_content(Some(&progress.title));
        if progress.total > 0 {
            let line = warn_on_error(builder.element("p", "md-endings", Some(&section)), "drawer")?;
            line.set_text_content(Some(&i18n::endings_found(self.lang, progress.found, progress.total)));
        }
        let grid = warn_on_error(builder.element("div", "md-grid", Some(&section)), "drawer")?;
        warn_on_error(grid.set_attribute("role", "list"), "drawer");
        Some((section, grid))
    }

    /// Hides the drawer, drops its tiles and its scroll listener.
    pub fn close(&self) {
        drop(self.scroll.take());
        drop(self.shown.take());
        self.panel.set_hidden(true);
        self.body.set_text_content(None);
    }

    /// Whether it is showing.
    pub fn is_open(&self) -> bool {
        !self.panel.hidden()
    }

    /// The button after (`forward`) or before `origin` in the drawer's tab order, which is the close
    /// button, then every episode's tile in feed order, round again; scrolled into view and rendered.
    /// From outside the drawer, forward is the close button and back the last tile.
    pub fn step(&self, origin: Option<&Element>, forward: bool) -> Option<HtmlElement> {
        let mut shown = self.shown.borrow_mut();
        let shown = shown.as_mut()?;
        let count = shown.count;
        let close: &Element = &self.close;
        // Where the focus is: `Some(None)` on the close button, `Some(Some(i))` on feed entry `i`'s tile.
        let at = origin.and_then(|origin| {
            if origin == close {
                return Some(None);
            }
            tile_index(origin).filter(|&i| i < count).map(Some)
        });
        let next = match (at, forward) {
            (None, true) => None,
            (None | Some(None), false) => count.checked_sub(1),
            (Some(None), true) => (count > 0).then_some(0),
            (Some(Some(i)), true) => (i + 1 < count).then_some(i + 1),
            (Some(Some(i)), false) => i.checked_sub(1),
        };
        match next {
            None => Some(self.close.clone()),
            Some(index) => {
                shown.reveal(&self.body, index);
                shown.tile(index)
            }
        }
    }

    /// The element to focus when it opens: the current episode's tile, else the close button.
    pub fn initial_focus(&self) -> HtmlElement {
        warn_on_error(self.body.query_selector("[aria-current=true]"), "drawer")
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            .unwrap_or_else(|| self.close.clone())
    }
}

impl Shown {
    /// Reads the grids' columns, the row pitch and where each grid starts, after giving every grid its
    /// row count (the stylesheet's `--md-rows`). Forces a layout: once per opening and per new width.
    fn read_layout(&mut self, body: &HtmlElement) {
        let Some((grid, first_count)) = self.series.first().map(|s| (s.grid.clone(), s.end - s.start)) else {
            return;
        };
        let style = web_sys::window().and_then(|w| w.get_computed_style(&grid).ok().flatten());
        let property =
            |name: &str| style.as_ref().and_then(|s| s.get_property_value(name).ok()).unwrap_or_default();
        // Columns first, then the rows they make; the rows may bring a scrollbar that takes a column
        // away (the stylesheet reserves its gutter, but a page's may not): again until it holds.
        for _ in 0..3 {
            self.width = body.client_width();
            // The used tracks, "70.4px 70.4px …" (a grid that is not rendered gives its specified value).
            let tracks = property("grid-template-columns");
            let cols = tracks.split_whitespace().filter(|t| t.ends_with("px")).count().max(1);
            if cols == self.cols {
                break;
            }
            self.cols = cols;
            for series in &mut self.series {
                let rows = (series.end - series.start).div_ceil(cols);
                warn_on_error(series.grid.style().set_property("--md-rows", &rows.to_string()), "drawer");
                // Tiles were placed for the old columns.
                for (_, tile) in series.tiles.drain(..) {
                    tile.remove();
                }
            }
        }
        let gap = whole_pixels(&property("row-gap"));
        let rows = first_count.div_ceil(self.cols);
        self.pitch = (f64::from(grid.offset_height()) + f64::from(gap)) / rows as f64;
        for series in &mut self.series {
            series.section_top = f64::from(series.section.offset_top());
            series.grid_top = f64::from(series.grid.offset_top());
        }
    }

    /// The feed entry whose row is at `y` in the body's content (or the last before it).
    fn index_at(&self, y: f64) -> Option<usize> {
        let s = self.series.partition_point(|s| s.grid_top <= y).checked_sub(1)?;
        let series = &self.series[s];
        let row = ((y - series.grid_top) / self.pitch.max(1.0)) as usize;
        Some((series.start + row * self.cols).min(series.end - 1))
    }

    /// The series holding feed entry `index`, its position there, and the top of its row.
    fn row_top(&self, index: usize) -> Option<(usize, f64)> {
        let s = self.series.partition_point(|s| s.end <= index);
        let series = self.series.get(s).filter(|s| s.start <= index)?;
        let row = (index - series.start) / self.cols.max(1);
        Some((s, series.grid_top + row as f64 * self.pitch))
    }

    /// Scrolls the least that brings feed entry `index`'s row into view (a first row with its series'
    /// heading), then renders.
    fn reveal(&mut self, body: &HtmlElement, index: usize) {
        if let Some((s, row_top)) = self.row_top(index) {
            let series = &self.series[s];
            let top = if row_top <= series.grid_top { series.section_top } else { row_top };
            let bottom = row_top + self.pitch;
            let (scroll, view) = (f64::from(body.scroll_top()), f64::from(body.client_height()));
            if top < scroll {
                body.set_scroll_top(top as i32);
            } else if bottom > scroll + view {
                body.set_scroll_top((bottom - view).ceil() as i32);
            }
        }
        self.render(body, Some(index), self.pitch);
    }

    /// Renders the tiles within `margin` pixels of the body's visible part, and `keep` and the focused
    /// tile wherever they are; keeps the rendered ones within a view of it and drops the others.
    fn render(&mut self, body: &HtmlElement, keep: Option<usize>, margin: f64) {
        if body.client_width() != self.width {
            // A new width (a phone turned): the entry at the top stays at the top.
            let anchor = self.index_at(f64::from(body.scroll_top()));
            self.read_layout(body);
            if let Some((_, top)) = anchor.and_then(|index| self.row_top(index)) {
                body.set_scroll_top(top as i32);
            }
        }
        let focused = warn_on_error(body.query_selector(".md-tile:focus"), "drawer")
            .flatten()
            .and_then(|tile| tile_index(&tile));
        self.scrolled = body.scroll_top();
        let view = f64::from(body.client_height());
        let (scroll, view, margin) = if self.count <= WHOLE {
            (0.0, f64::INFINITY, 0.0)
        } else {
            (f64::from(self.scrolled), view, margin)
        };
        let (cols, pitch) = (self.cols, self.pitch.max(1.0));
        for series in &mut self.series {
            let count = series.end - series.start;
            let rows = count.div_ceil(cols);
            let (top, bottom) = (series.grid_top, series.grid_top + rows as f64 * pitch);
            // The positions in the series of the tiles whose rows meet `from..to` (content pixels).
            let within = |from: f64, to: f64| {
                if to <= top || from >= bottom {
                    return 0..0;
                }
                let row = |y: f64| (((y - top) / pitch).max(0.0) as usize).min(rows - 1);
                row(from) * cols..((row(to) + 1) * cols).min(count)
            };
            let wanted = within(scroll - margin, scroll + view + margin);
            let kept = within(scroll - view, scroll + 2.0 * view);
            let pinned =
                |index: Option<usize>| index.and_then(|i| i.checked_sub(series.start)).filter(|&p| p < count);
            let pins = [pinned(keep), pinned(focused)];
            series.tiles.retain(|(p, tile)| {
                let stays = kept.contains(p) || pins.contains(&Some(*p));
                if !stays {
                    tile.remove();
                }
                stays
            });
            // In order, without a sort (its code costs bytes): the range, and the pins put in place.
            let mut positions: Vec<usize> = wanted.clone().collect();
            for pin in pins.into_iter().flatten() {
                let at = positions.partition_point(|&p| p < pin);
                if positions.get(at) != Some(&pin) {
                    positions.insert(at, pin);
                }
            }
            // Merged into the rendered tiles in order, each new one inserted before the next rendered.
            let mut old = std::mem::take(&mut series.tiles).into_iter().peekable();
            let mut tiles = Vec::with_capacity(positions.len() + old.len());
            for p in positions {
                while let Some(entry) = old.next_if(|(q, _)| *q < p) {
                    tiles.push(entry);
                }
                if let Some(entry) = old.next_if(|(q, _)| *q == p) {
                    tiles.push(entry);
                    continue;
                }
                let Some(episode) = (self.episode)(series.start + p) else { continue };
                let before = old.peek().map(|(_, tile)| -> &web_sys::Node { tile });
                match tile(&self.builder, self.lang, p, count, cols, &episode) {
                    Ok(item) => {
                        warn_on_error(series.grid.insert_before(&item, before), "drawer tile");
                        tiles.push((p, item));
                    }
                    Err(error) => {
                        warn_on_error::<()>(Err(error), "drawer tile");
                    }
                }
            }
            tiles.extend(old);
            series.tiles = tiles;
        }
    }

    /// The rendered tile button of feed entry `index`.
    fn tile(&self, index: usize) -> Option<HtmlElement> {
        let (s, _) = self.row_top(index)?;
        let series = &self.series[s];
        let (_, item) = series.tiles.iter().find(|(p, _)| *p == index - series.start)?;
        item.first_element_child()?.dyn_into::<HtmlElement>().ok()
    }
}

/// The feed index a tile button carries (`data-index`), if `element` is one.
fn tile_index(element: &Element) -> Option<usize> {
    if !element.class_list().contains("md-tile") {
        return None;
    }
    element.get_attribute("data-index")?.parse().ok()
}

/// The whole pixels of a computed length ("8px", "7.5px" → 7; anything else → 0). No float parsing in
/// the web layer: it costs bytes (BENCHMARKS.md, "Size levers").
fn whole_pixels(length: &str) -> i32 {
    if !length.ends_with("px") {
        return 0;
    }
    let digits = length.bytes().take_while(u8::is_ascii_digit).count();
    length[..digits].parse().unwrap_or(0)
}

/// One episode tile: a list item in its own grid cell (the `position`th of `count` in a series laid out
/// in `cols` columns), holding a button with number, title and marks. Catalog text as text only.
fn tile(
    builder: &Builder,
    lang: Lang,
    position: usize,
    count: usize,
    cols: usize,
    episode: &EpisodeView,
) -> Result<HtmlElement, JsValue> {
    let item = builder.element("div", "md-grid-item", None)?;
    item.set_attribute("role", "listitem")?;
    // The list holds a window of its items: a screen reader still says "12 of 10,000".
    item.set_attribute("aria-posinset", &(position + 1).to_string())?;
    item.set_attribute("aria-setsize", &count.to_string())?;
    item.style().set_property("grid-area", &format!("{} / {}", position / cols + 1, position % cols + 1))?;
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
    num.set_text_content(Some(&episode.number.to_string()));
    button.append_with_str_1(" ")?;
    let title = builder.element("span", "md-tile-title", Some(&button))?;
    title.set_text_content(Some(&episode.title));
    if !marks.is_empty() {
        let spoken = builder.element("span", "md-sr", Some(&button))?;
        spoken.set_text_content(Some(&i18n::tile_marks(lang, &marks)));
    }
    let mark = if episode.locked {
        Some(Icon::Lock)
    } else if episode.watched {
        Some(Icon::Check)
    } else {
        None
    };
    if let Some(mark) = mark {
        let badge = builder.element("span", "md-tile-mark", Some(&button))?;
        badge.set_attribute("aria-hidden", "true")?;
        builder.icon(mark, &badge)?;
    }
    Ok(item)
}
