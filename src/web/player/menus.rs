//! The captions and speed menus, the episode drawer, the keys while one of them is open, and where
//! the focus goes as overlays come and go.

use std::rc::Rc;

use web_sys::{Element, HtmlElement};

use crate::session::Input;
use crate::web::captions;
use crate::web::dom::warn_on_error;
use crate::web::i18n::{self, Word};
use crate::web::overlay::{Menu, MenuItem};

use super::{live, Shared};

/// Rates the speed menu offers.
pub(super) const RATES: [f64; 5] = [0.75, 1.0, 1.25, 1.5, 2.0];

impl Shared {
    /// Focuses `element` when the focus is already in the player (never taking it from the page).
    pub(super) fn focus_if_inside(&self, element: &HtmlElement) {
        if self.host.matches(":focus-within").unwrap_or(false) {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            warn_on_error(element.focus_with_options(&options), "focus");
        }
    }

    /// Focuses `element` (the viewer is working inside the player's menus and drawer).
    fn focus(&self, element: &HtmlElement) {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        warn_on_error(element.focus_with_options(&options), "focus");
    }

    /// Moves focus to the host before an overlay's focused button disappears: otherwise focus falls to
    /// the page body and the keys stop reaching the player.
    pub(super) fn keep_focus(&self) {
        if self.root.matches(":focus-within").unwrap_or(false) {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            warn_on_error(self.host.focus_with_options(&options), "focus");
        }
    }

    /// Opens the captions or speed menu (or closes it, when it is the one open); focus goes to its
    /// pressed item.
    pub(super) fn open_menu(self: &Rc<Self>, kind: Menu) {
        if self.overlay.menu() == Some(kind) {
            self.close_menu();
            return;
        }
        let lang = self.overlay.lang();
        let items: Vec<MenuItem> = match kind {
            Menu::Captions => {
                let wanted = self.state.borrow().session.caption_language().map(str::to_owned);
                let offered = self
                    .pool
                    .current()
                    .and_then(|slot| self.pool.video(slot))
                    .map(captions::tracks)
                    .unwrap_or_default();
                let chosen = wanted.as_deref().and_then(|w| captions::best_match(&offered, w));
                let mut items = vec![MenuItem {
                    label: i18n::word(lang, Word::Off).to_owned(),
                    action: "caption-lang",
                    value: String::new(),
                    pressed: chosen.is_none(),
                }];
                items.extend(offered.iter().enumerate().map(|(i, track)| MenuItem {
                    label: if track.label.is_empty() { track.lang.clone() } else { track.label.clone() },
                    action: "caption-lang",
                    value: track.lang.clone(),
                    pressed: chosen == Some(i),
                }));
                items
            }
            Menu::Speed => {
                let rate = self.state.borrow().session.chosen_rate();
                RATES
                    .iter()
                    .enumerate()
                    .map(|(i, &r)| MenuItem {
                        label: i18n::rate_label(r),
                        action: "rate",
                        value: i.to_string(),
                        pressed: (r - rate).abs() < 0.01,
                    })
                    .collect()
            }
        };
        if let Some(focus) = self.overlay.open_menu(&self.builder, kind, &items) {
            self.focus(&focus);
        }
        self.report_panels();
    }

    /// Closes the open menu and gives focus back to its button.
    pub(super) fn close_menu(self: &Rc<Self>) {
        if let Some(opener) = self.overlay.close_menu() {
            self.focus(&opener);
        }
        self.report_panels();
    }

    /// Opens the episode drawer in place of any menu, with the focus inside.
    pub(super) fn open_drawer(self: &Rc<Self>) {
        self.overlay.close_menu();
        let (series, current) = {
            let state = self.state.borrow();
            (state.session.endings(), state.session.feed_index())
        };
        // The drawer asks for the few episodes it renders, as it renders them (10,000 views cost more
        // than the drawer's budget).
        let weak = Rc::downgrade(self);
        let episode = move |index| {
            let shared = live(&weak)?;
            let state = shared.state.try_borrow().ok()?;
            state.session.episode(index)
        };
        self.drawer.open(&self.builder, &series, current, Box::new(episode));
        self.focus(&self.drawer.initial_focus());
        self.report_panels();
    }

    /// Closes the drawer and gives focus back to its opener (or the player when the controls are off).
    pub(super) fn close_drawer(self: &Rc<Self>) {
        if !self.drawer.is_open() {
            return;
        }
        self.drawer.close();
        let opener = self.overlay.episodes_button();
        if opener.offset_parent().is_some() {
            self.focus(opener);
        } else {
            self.focus(&self.host);
        }
        self.report_panels();
    }

    /// Tells the core whether a menu and the drawer are open: either freezes a choice countdown.
    fn report_panels(self: &Rc<Self>) {
        self.input(Input::MenuOpen(self.overlay.menu().is_some()));
        self.input(Input::DrawerOpen(self.drawer.is_open()));
    }

    /// Keys while the drawer or a menu is open: Escape closes, Tab stays inside the drawer, arrows move
    /// between its buttons. Returns whether the key was handled (and must not reach the feed).
    pub(super) fn on_popup_key(
        self: &Rc<Self>,
        key: &str,
        shift: bool,
        origin: Option<&Element>,
    ) -> Option<bool> {
        let in_drawer = self.drawer.is_open();
        // A menu's buttons are all in the DOM; the drawer renders the tile it steps to (most of its
        // tiles are not in the DOM), so it answers itself.
        let items = if in_drawer {
            Vec::new()
        } else if self.overlay.menu().is_some() {
            self.overlay.menu_items()
        } else {
            return None;
        };
        let at = origin.and_then(|origin| {
            items.iter().position(|item| {
                let item: &Element = item;
                item == origin
            })
        });
        let step = |forward: bool| -> Option<HtmlElement> {
            if in_drawer {
                return self.drawer.step(origin, forward);
            }
            let len = items.len();
            if len == 0 {
                return None;
            }
            let next = match (at, forward) {
                (Some(i), true) => (i + 1) % len,
                (Some(i), false) => (i + len - 1) % len,
                (None, true) => 0,
                (None, false) => len - 1,
            };
            items.get(next).cloned()
        };
        match key {
            "Escape" => {
                if in_drawer {
                    self.close_drawer();
                } else {
                    self.close_menu();
                }
                Some(true)
            }
            "Tab" if in_drawer => {
                if let Some(target) = step(!shift) {
                    self.focus(&target);
                }
                Some(true)
            }
            "ArrowDown" | "ArrowRight" | "ArrowUp" | "ArrowLeft" => {
                if let Some(target) = step(matches!(key, "ArrowDown" | "ArrowRight")) {
                    self.focus(&target);
                }
                Some(true)
            }
            // The feed's keys wait while the drawer is open; Space and Enter press its buttons.
            _ if in_drawer => Some(!matches!(key, " " | "Enter")),
            _ => None,
        }
    }
}
