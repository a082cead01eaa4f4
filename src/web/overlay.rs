//! What sits over the videos: the choice panel, the lock screen, the ending card, the controls, the
//! caption box, the location card, the captions and speed menus and a live region for announcements.
//!
//! Built once; showing and hiding toggle the `hidden` attribute. Every button carries a `data-action`
//! read by the player's single click listener, so nothing here owns a listener. Catalog text only ever
//! goes in through `set_text_content`; the player's own words come from [`i18n`].

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

use crate::command::{ChoiceView, EndingView, EpisodeView, LockView};

use super::dom::{warn_on_error, Builder};
use super::i18n::{self, Lang, Word};
use super::icons::Icon;

/// Which menu is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// Caption languages.
    Captions,
    /// Playback speeds.
    Speed,
}

/// One entry of a menu.
pub struct MenuItem {
    /// What it says (catalog text for caption labels).
    pub label: String,
    /// `data-action` of its button.
    pub action: &'static str,
    /// `data-value` of its button.
    pub value: String,
    /// The current setting.
    pub pressed: bool,
}

/// The overlay elements.
pub struct Overlay {
    lang: Lang,
    root: HtmlElement,
    choices: HtmlElement,
    prompt: HtmlElement,
    options: HtmlElement,
    countdown: HtmlElement,
    lock: HtmlElement,
    lock_backdrop: HtmlElement,
    lock_poster: HtmlElement,
    lock_title: HtmlElement,
    unlock: HtmlElement,
    ending: HtmlElement,
    ending_label: HtmlElement,
    ending_progress: HtmlElement,
    ending_rewind: HtmlElement,
    ending_next: HtmlElement,
    feed_end: HtmlElement,
    replay: HtmlElement,
    controls: HtmlElement,
    prev: HtmlElement,
    next: HtmlElement,
    sound: HtmlElement,
    sound_on: Element,
    sound_off: Element,
    captions_button: HtmlElement,
    speed_button: HtmlElement,
    episodes_button: HtmlElement,
    menu: HtmlElement,
    menu_kind: std::cell::Cell<Option<Menu>>,
    mute: HtmlElement,
    play: HtmlElement,
    play_label: HtmlElement,
    speed: HtmlElement,
    spinner: HtmlElement,
    live: HtmlElement,
    caption: HtmlElement,
    info_series: HtmlElement,
    info_ep: HtmlElement,
    info_title: HtmlElement,
    location: HtmlElement,
    location_name: HtmlElement,
    location_link: HtmlElement,
    notice: HtmlElement,
}

impl Overlay {
    /// Builds the overlays inside `root`, all hidden, in the player's language.
    ///
    /// # Errors
    /// When the document refuses to create an element.
    pub fn new(builder: &Builder, root: &HtmlElement, lang: Lang) -> Result<Overlay, JsValue> {
        let w = |word| i18n::word(lang, word);
        // Under the choice panel and the controls: captions are drawn first.
        let caption = builder.element("div", "md-caption", Some(root))?;

        // Bottom left, as in the short-drama apps: where it was filmed, the series, the episode.
        let info = builder.element("div", "md-info", Some(root))?;
        let location = builder.element("div", "md-location", Some(&info))?;
        builder.icon(Icon::Pin, &location)?;
        let location_label = builder.element("span", "md-location-label", Some(&location))?;
        location_label.set_text_content(Some(w(Word::Location)));
        let location_name = builder.element("span", "md-location-name", Some(&location))?;
        let location_link = builder.element("a", "md-location-link", Some(&location))?;
        location_link.set_attribute("target", "_blank")?;
        location_link.set_attribute("rel", "noopener noreferrer")?;
        let info_series = builder.element("p", "md-info-series", Some(&info))?;
        let info_episode = builder.element("p", "md-info-episode", Some(&info))?;
        let info_ep = builder.element("span", "md-info-ep", Some(&info_episode))?;
        let info_title = builder.element("span", "md-info-title", Some(&info_episode))?;

        let choices = builder.element("section", "md-choices", Some(root))?;
        let prompt = builder.element("p", "md-prompt", Some(&choices))?;
        let options = builder.element("div", "md-options", Some(&choices))?;
        options.set_attribute("role", "group")?;
        let countdown = builder.element("div", "md-countdown", Some(&choices))?;
        countdown.set_attribute("aria-hidden", "true")?;

        let lock = builder.element("section", "md-lock", Some(root))?;
        // The locked episode's poster, blurred to the edges: not the last frame of where the viewer
        // came from.
        let lock_backdrop = builder.element("img", "md-lock-backdrop", Some(&lock))?;
        lock_backdrop.set_attribute("alt", "")?;
        lock_backdrop.set_attribute("aria-hidden", "true")?;
        let lock_poster = builder.element("img", "md-lock-poster", Some(&lock))?;
        lock_poster.set_attribute("alt", "")?;
        builder.icon(Icon::Lock, &lock)?;
        let lock_title = builder.element("h2", "md-lock-title", Some(&lock))?;
        let lock_text = builder.element("p", "md-lock-text", Some(&lock))?;
        lock_text.set_text_content(Some(w(Word::LockedText)));
        let unlock = builder.button("md-unlock", "unlock", w(Word::Unlock), "", &lock)?;

        let ending = builder.element("section", "md-ending", Some(root))?;
        ending.set_attribute("aria-live", "polite")?;
        let ending_label = builder.element("h2", "md-ending-label", Some(&ending))?;
        let ending_progress = builder.element("p", "md-endings", Some(&ending))?;
        let ending_rewind = builder.button("md-rewind", "rewind", w(Word::Rewind), "", &ending)?;
        let ending_next = builder.button("md-ending-next", "next", w(Word::NextEpisode), "", &ending)?;

        let feed_end = builder.element("section", "md-feedend", Some(root))?;
        let feed_end_title = builder.element("h2", "md-feedend-title", Some(&feed_end))?;
        feed_end_title.set_text_content(Some(w(Word::FeedEnd)));
        let replay = builder.button("md-replay", "replay", "", "", &feed_end)?;
        builder.icon(Icon::Replay, &replay)?;
        replay.append_with_str_1(w(Word::Replay))?;
        builder.button("md-feedend-episodes", "drawer", w(Word::Episodes), "", &feed_end)?;

        let play = builder.icon_button("md-play", "toggle", Icon::Play, w(Word::Play), root)?;
        let play_label = builder.element("span", "md-play-label", Some(&play))?;
        play_label.set_text_content(Some(w(Word::TapToPlay)));
        play_label.set_attribute("aria-hidden", "true")?;
        // Over the poster (or the frozen frame) while the video waits for data; `aria-busy` on the host
        // says it to assistive technology.
        let spinner = builder.element("div", "md-spinner", Some(root))?;
        spinner.set_attribute("aria-hidden", "true")?;
        let speed = builder.element("div", "md-speed", Some(root))?;
        speed.set_text_content(Some("2×"));
        speed.set_attribute("aria-hidden", "true")?;

        let controls = builder.element("div", "md-controls", Some(root))?;
        let prev = builder.icon_button("md-prev", "prev", Icon::Up, w(Word::PrevEpisode), &controls)?;
        let next = builder.icon_button("md-next", "next", Icon::Down, w(Word::NextEpisode), &controls)?;
        let episodes_button =
            builder.icon_button("md-episodes", "drawer", Icon::Episodes, w(Word::Episodes), &controls)?;
        episodes_button.set_attribute("aria-haspopup", "dialog")?;
        // The visible "CC" is part of the name (WCAG 2.5.3, label in name).
        let captions_name = format!("CC, {}", w(Word::Captions));
        let captions_button = builder.button("md-cc", "captions-menu", "CC", &captions_name, &controls)?;
        captions_button.set_attribute("aria-expanded", "false")?;
        captions_button.set_attribute("aria-pressed", "false")?;
        let speed_button =
            builder.button("md-rate", "speed-menu", "1×", &i18n::speed(lang, 1.0), &controls)?;
        speed_button.set_attribute("aria-expanded", "false")?;
        // Mute and unmute in every sound state; its icon shows the state, its name the action.
        let sound = builder.button("md-sound", "sound", "", w(Word::Mute), &controls)?;
        let sound_on = builder.icon(Icon::SoundOn, &sound)?;
        let sound_off = builder.icon(Icon::SoundOff, &sound)?;
        let menu = builder.element("div", "md-menu", Some(root))?;
        menu.set_attribute("role", "group")?;

        // Outside the controls: after a blocked autoplay it shows even when `controls` is off.
        let mute = builder.button("md-mute", "unmute", "", "", root)?;
        builder.icon(Icon::SoundOff, &mute)?;
        mute.append_with_str_1(w(Word::Unmute))?;

        let notice = builder.element("p", "md-notice", Some(root))?;
        notice.set_attribute("role", "alert")?;
        // Announcements (the choice countdown) for screen readers; visually hidden.
        let live = builder.element("div", "md-live", Some(root))?;
        live.set_attribute("role", "status")?;
        live.set_attribute("aria-live", "polite")?;
        live.set_attribute("aria-atomic", "true")?;

        let overlay = Overlay {
            lang,
            root: root.clone(),
            choices,
            prompt,
            options,
            countdown,
            lock,
            lock_backdrop,
            lock_poster,
            lock_title,
            unlock,
            ending,
            ending_label,
            ending_progress,
            ending_rewind,
            ending_next,
            feed_end,
            replay,
            controls,
            prev,
            next,
            sound,
            sound_on,
            sound_off,
            captions_button,
            speed_button,
            episodes_button,
            menu,
            menu_kind: std::cell::Cell::new(None),
            mute,
            play,
            play_label,
            speed,
            spinner,
            live,
            caption,
            info_series,
            info_ep,
            info_title,
            location,
            location_name,
            location_link,
            notice,
        };
        for element in [
            &overlay.choices,
            &overlay.lock,
            &overlay.ending,
            &overlay.feed_end,
            &overlay.play,
            &overlay.play_label,
            &overlay.speed,
            &overlay.spinner,
            &overlay.mute,
            &overlay.menu,
            &overlay.caption,
            &overlay.location,
            &overlay.notice,
        ] {
            element.set_hidden(true);
        }
        Ok(overlay)
    }

    /// The player's language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Opens the choice panel over the playing video; `remaining_ms` is what is left of the timer.
    pub fn show_choices(&self, builder: &Builder, view: &ChoiceView, remaining_ms: Option<u64>) {
        self.prompt.set_text_content(Some(&view.prompt));
        self.prompt.set_hidden(view.prompt.is_empty());
        if view.prompt.is_empty() {
            warn_on_error(self.options.remove_attribute("aria-label"), "aria-label");
        } else {
            warn_on_error(self.options.set_attribute("aria-label", &view.prompt), "aria-label");
        }
        self.options.set_text_content(None);
        for (position, option) in view.options.iter().enumerate() {
            let key = position + 1;
            let aria =
                if key <= 9 { i18n::option_key(self.lang, &option.label, key) } else { option.label.clone() };
            // Each option in a slot of its own: the seconds left sit beside the button's label, not
            // in it (its visible text is its name).
            let slot = builder.element("div", "md-option-slot", Some(&self.options));
            let Some(slot) = warn_on_error(slot, "option slot") else { continue };
            let button = builder.button("md-option", "choose", &option.label, &aria, &slot);
            let Some(button) = warn_on_error(button, "option button") else { continue };
            warn_on_error(button.set_attribute("data-index", &option.index.to_string()), "data-index");
            if key <= 9 {
                warn_on_error(button.set_attribute("aria-keyshortcuts", &key.to_string()), "keys");
            }
            if let (Some(ms), true) = (remaining_ms, view.default_index == Some(option.index)) {
                warn_on_error(button.set_attribute("data-default", ""), "data-default");
                warn_on_error(seconds_roll(builder, &slot, ms), "option timer");
            }
        }
        // A fresh bar restarts the CSS animation; the old one goes with its parent's text content.
        self.countdown.set_text_content(None);
        match remaining_ms {
            Some(ms) => {
                if let Ok(bar) = builder.element("div", "md-countdown-bar", Some(&self.countdown)) {
                    warn_on_error(
                        bar.style().set_property("animation-duration", &format!("{ms}ms")),
                        "style",
                    );
                }
                self.countdown.set_hidden(false);
            }
            None => self.countdown.set_hidden(true),
        }
        self.choices.set_hidden(false);
        // Captions go above the panel while it is open.
        // The panel stands 44 px up (the progress bar); the captions 8 px above it.
        let lift = self.choices.offset_height() + 52;
        warn_on_error(self.caption.style().set_property("bottom", &format!("{lift}px")), "style");
    }

    /// Freezes the choice countdown's bar and seconds where they stand (`false`) or runs them on.
    pub fn set_countdown_running(&self, running: bool) {
        warn_on_error(self.choices.toggle_attribute_with_force("data-frozen", !running), "data-frozen");
    }

    /// Closes the choice panel and drops its buttons.
    pub fn hide_choices(&self) {
        self.set_countdown_running(true);
        self.choices.set_hidden(true);
        self.options.set_text_content(None);
        self.countdown.set_text_content(None);
        warn_on_error(self.caption.style().remove_property("bottom"), "style");
    }

    /// The first option button of the open choice.
    pub fn first_option(&self) -> Option<HtmlElement> {
        warn_on_error(self.options.query_selector(".md-option"), "option")
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    }

    /// Says `text` in the live region (polite). The region is emptied first so the same words are
    /// announced again.
    pub fn announce(&self, text: &str) {
        self.live.set_text_content(None);
        self.live.set_text_content(Some(text));
    }

    /// Shows the lock screen.
    pub fn show_lock(&self, view: &LockView, poster: Option<String>) {
        self.lock_title.set_text_content(Some(&view.title));
        for image in [&self.lock_poster, &self.lock_backdrop] {
            match &poster {
                Some(url) => {
                    warn_on_error(image.set_attribute("src", url), "poster");
                    image.set_hidden(false);
                }
                None => {
                    warn_on_error(image.remove_attribute("src"), "poster");
                    image.set_hidden(true);
                }
            }
        }
        self.lock.set_hidden(false);
    }

    /// Hides the lock screen.
    pub fn hide_lock(&self) {
        self.lock.set_hidden(true);
    }

    /// The lock screen's primary button.
    pub fn unlock_button(&self) -> &HtmlElement {
        &self.unlock
    }

    /// Shows an ending card: "Ending: Caught", "2 of 4 endings found".
    pub fn show_ending(&self, view: &EndingView) {
        let label = i18n::ending(self.lang, &view.title);
        self.ending_label.set_text_content(Some(&label));
        self.ending_progress.set_text_content(Some(&i18n::endings_found(self.lang, view.found, view.total)));
        self.ending_rewind.set_hidden(!view.can_rewind);
        self.ending.set_hidden(false);
    }

    /// Hides the ending card.
    pub fn hide_ending(&self) {
        self.ending.set_hidden(true);
    }

    /// The ending card's primary button.
    pub fn ending_button(&self) -> &HtmlElement {
        &self.ending_next
    }

    /// Shows or hides the controls column (`controls` option).
    pub fn set_controls(&self, visible: bool) {
        self.controls.set_hidden(!visible);
    }

    /// The "Unmute" pill shows while the pool is muted; the sound button shows the state and names
    /// what a press does.
    pub fn set_muted(&self, muted: bool) {
        self.mute.set_hidden(!muted);
        let (show, hide) =
            if muted { (&self.sound_off, &self.sound_on) } else { (&self.sound_on, &self.sound_off) };
        warn_on_error(show.remove_attribute("hidden"), "hidden");
        warn_on_error(hide.set_attribute("hidden", ""), "hidden");
        let name = i18n::word(self.lang, if muted { Word::Unmute } else { Word::Mute });
        warn_on_error(self.sound.set_attribute("aria-label", name), "aria");
    }

    /// The episode on screen, bottom left: its series and `EP n`, and its title.
    pub fn show_info(&self, view: &EpisodeView) {
        self.info_series.set_text_content(Some(&view.series_title));
        self.info_ep.set_text_content(Some(&i18n::episode_label(self.lang, view.number)));
        self.info_title.set_text_content(Some(&view.title));
    }

    /// ▲ and ▼ say when there is nothing before or after the current entry (they stay focusable).
    pub fn set_edges(&self, at_first: bool, at_last: bool) {
        for (button, edge) in [(&self.prev, at_first), (&self.next, at_last)] {
            let result = if edge {
                button.set_attribute("aria-disabled", "true")
            } else {
                button.remove_attribute("aria-disabled")
            };
            warn_on_error(result, "aria-disabled");
        }
    }

    /// Shows the end card of the feed.
    pub fn show_feed_end(&self) {
        self.feed_end.set_hidden(false);
    }

    /// Hides the end card of the feed.
    pub fn hide_feed_end(&self) {
        self.feed_end.set_hidden(true);
    }

    /// The end card's primary button.
    pub fn replay_button(&self) -> &HtmlElement {
        &self.replay
    }

    /// What belongs to the current video (its caption, info and choice panel) follows the finger
    /// `offset_px` from rest; `None`: back to rest, animated.
    pub fn drag(&self, offset_px: Option<f64>) {
        let style = self.root.style();
        let result = match offset_px {
            Some(px) => style.set_property("--md-drag", &format!("{}px", px.round() as i64)),
            None => style.remove_property("--md-drag").map(|_| ()),
        };
        warn_on_error(result, "style");
    }

    /// Another video is current: what follows the finger goes back to rest at once, with the new
    /// video's content.
    pub fn jump_to_rest(&self) {
        let root = &self.root;
        warn_on_error(root.class_list().add_1("md-jump"), "classList");
        self.drag(None);
        // Read layout so the jump is drawn before the transition comes back.
        let _ = root.offset_height();
        warn_on_error(root.class_list().remove_1("md-jump"), "classList");
    }

    /// The big play button shows while the current video is paused.
    pub fn set_paused(&self, paused: bool) {
        self.play.set_hidden(!paused);
    }

    /// The browser refused even muted playback: the play button grows into a "Tap to play" over the
    /// poster (a tap is the gesture it waits for).
    pub fn set_blocked(&self, blocked: bool) {
        warn_on_error(self.play.toggle_attribute_with_force("data-blocked", blocked), "data-blocked");
        self.play_label.set_hidden(!blocked);
    }

    /// The spinner shows while the current video waits for data.
    pub fn set_busy(&self, busy: bool) {
        self.spinner.set_hidden(!busy);
    }

    /// The "2×" badge shows during a press-and-hold.
    pub fn set_fast(&self, fast: bool) {
        self.speed.set_hidden(!fast);
    }

    /// The caption box shows `text` (empty: hidden).
    pub fn set_caption(&self, text: &str) {
        if self.caption.text_content().as_deref() != Some(text) {
            self.caption.set_text_content(Some(text));
        }
        self.caption.set_hidden(text.is_empty());
    }

    /// The CC button says whether captions are on.
    pub fn set_captions_on(&self, on: bool) {
        warn_on_error(
            self.captions_button.set_attribute("aria-pressed", if on { "true" } else { "false" }),
            "aria",
        );
    }

    /// The speed button shows the rate.
    pub fn set_rate(&self, rate: f64) {
        self.speed_button.set_text_content(Some(&i18n::rate_label(rate)));
        warn_on_error(self.speed_button.set_attribute("aria-label", &i18n::speed(self.lang, rate)), "aria");
    }

    /// Opens `kind` with `items` next to its button and returns the button to focus (the pressed one).
    pub fn open_menu(&self, builder: &Builder, kind: Menu, items: &[MenuItem]) -> Option<HtmlElement> {
        self.close_menu();
        let title = match kind {
            Menu::Captions => Word::Captions,
            Menu::Speed => Word::Speed,
        };
        warn_on_error(self.menu.set_attribute("aria-label", i18n::word(self.lang, title)), "aria");
        let mut focus = None;
        for item in items {
            let Some(button) = warn_on_error(
                builder.button("md-menu-item", item.action, &item.label, "", &self.menu),
                "menu",
            ) else {
                continue;
            };
            warn_on_error(button.set_attribute("data-value", &item.value), "menu");
            warn_on_error(
                button.set_attribute("aria-pressed", if item.pressed { "true" } else { "false" }),
                "menu",
            );
            if item.pressed || focus.is_none() {
                focus = Some(button);
            }
        }
        warn_on_error(self.opener(kind).set_attribute("aria-expanded", "true"), "aria");
        self.menu_kind.set(Some(kind));
        self.menu.set_hidden(false);
        focus
    }

    /// Closes the open menu, if any, and returns its opener.
    pub fn close_menu(&self) -> Option<HtmlElement> {
        let kind = self.menu_kind.take()?;
        self.menu.set_hidden(true);
        self.menu.set_text_content(None);
        let opener = self.opener(kind);
        warn_on_error(opener.set_attribute("aria-expanded", "false"), "aria");
        Some(opener.clone())
    }

    /// The open menu.
    pub fn menu(&self) -> Option<Menu> {
        self.menu_kind.get()
    }

    /// The menu's buttons, in order.
    pub fn menu_items(&self) -> Vec<HtmlElement> {
        let Some(list) = warn_on_error(self.menu.query_selector_all("button"), "menu") else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
            .collect()
    }

    fn opener(&self, kind: Menu) -> &HtmlElement {
        match kind {
            Menu::Captions => &self.captions_button,
            Menu::Speed => &self.speed_button,
        }
    }

    /// The drawer's opener.
    pub fn episodes_button(&self) -> &HtmlElement {
        &self.episodes_button
    }

    /// Shows the episode's location card: the name as text, a link only for http and https URLs.
    pub fn show_location(&self, location: Option<(&str, Option<&str>)>) {
        let Some((name, url)) = location else {
            self.location.set_hidden(true);
            return;
        };
        match url {
            Some(url) => {
                self.location_name.set_text_content(None);
                self.location_name.set_hidden(true);
                self.location_link.set_text_content(Some(name));
                warn_on_error(self.location_link.set_attribute("href", url), "href");
                self.location_link.set_hidden(false);
            }
            None => {
                self.location_name.set_text_content(Some(name));
                self.location_name.set_hidden(false);
                warn_on_error(self.location_link.remove_attribute("href"), "href");
                self.location_link.set_hidden(true);
            }
        }
        self.location.set_hidden(false);
    }

    /// A short message in the element (a skipped video); `None` hides it.
    pub fn set_notice(&self, text: Option<&str>) {
        self.notice.set_text_content(text);
        self.notice.set_hidden(text.is_none());
    }
}

/// The seconds left on the default option: a column of numbers from the whole seconds in `ms` down to
/// 0, stepped up one line a second by a CSS animation (frozen with the countdown bar, and run by the
/// compositor: no timer of its own).
fn seconds_roll(builder: &Builder, slot: &HtmlElement, ms: u64) -> Result<(), JsValue> {
    let seconds = ms.div_ceil(1000);
    let timer = builder.element("span", "md-option-timer", Some(slot))?;
    timer.set_attribute("aria-hidden", "true")?;
    let roll = builder.element("span", "md-option-timer-roll", Some(&timer))?;
    let numbers: Vec<String> = (0..=seconds).rev().map(|s| format!("{s}s")).collect();
    roll.set_text_content(Some(&numbers.join("\n")));
    let style = roll.style();
    style.set_property("animation-duration", &format!("{ms}ms"))?;
    style.set_property("animation-timing-function", &format!("steps({seconds}, end)"))?;
    style.set_property("--md-lines", &seconds.to_string())?;
    Ok(())
}
