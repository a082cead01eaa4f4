//! What sits over the videos: the choice panel, the lock screen, the ending card and the controls.
//!
//! Built once; showing and hiding toggle the `hidden` attribute. Every button carries a `data-action`
//! read by the player's single click listener, so nothing here owns a listener. Catalog text only ever
//! goes in through `set_text_content`.

use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement};

use crate::command::{ChoiceView, EndingView, LockView};

use super::dom::{warn_on_error, Builder};

/// The overlay elements.
pub struct Overlay {
    choices: HtmlElement,
    prompt: HtmlElement,
    options: HtmlElement,
    countdown: HtmlElement,
    lock: HtmlElement,
    lock_poster: HtmlElement,
    lock_title: HtmlElement,
    ending: HtmlElement,
    ending_label: HtmlElement,
    ending_rewind: HtmlElement,
    controls: HtmlElement,
    mute: HtmlElement,
    play: HtmlElement,
    speed: HtmlElement,
}

impl Overlay {
    /// Builds the overlays inside `root`, all hidden.
    ///
    /// # Errors
    /// When the document refuses to create an element.
    pub fn new(builder: &Builder, root: &Element) -> Result<Overlay, JsValue> {
        let choices = builder.element("section", "md-choices", Some(root))?;
        choices.set_attribute("aria-live", "polite")?;
        let prompt = builder.element("p", "md-prompt", Some(&choices))?;
        let options = builder.element("div", "md-options", Some(&choices))?;
        options.set_attribute("role", "group")?;
        let countdown = builder.element("div", "md-countdown", Some(&choices))?;

        let lock = builder.element("section", "md-lock", Some(root))?;
        let lock_poster = builder.element("img", "md-lock-poster", Some(&lock))?;
        lock_poster.set_attribute("alt", "")?;
        let lock_title = builder.element("h2", "md-lock-title", Some(&lock))?;
        let lock_text = builder.element("p", "md-lock-text", Some(&lock))?;
        lock_text.set_text_content(Some("This episode is locked."));
        builder.button("md-unlock", "unlock", "Unlock", "", &lock)?;

        let ending = builder.element("section", "md-ending", Some(root))?;
        ending.set_attribute("aria-live", "polite")?;
        let ending_label = builder.element("h2", "md-ending-label", Some(&ending))?;
        let ending_rewind = builder.button("md-rewind", "rewind", "Back to the last choice", "", &ending)?;
        builder.button("md-ending-next", "next", "Next episode", "", &ending)?;

        let play = builder.button("md-play", "toggle", "▶", "Play", root)?;
        let speed = builder.element("div", "md-speed", Some(root))?;
        speed.set_text_content(Some("2×"));
        speed.set_attribute("aria-hidden", "true")?;

        let controls = builder.element("div", "md-controls", Some(root))?;
        builder.button("md-prev", "prev", "▲", "Previous episode", &controls)?;
        builder.button("md-next", "next", "▼", "Next episode", &controls)?;
        // Outside the controls: after a blocked autoplay it shows even when `controls` is off.
        let mute = builder.button("md-mute", "unmute", "Unmute", "Unmute", root)?;

        let overlay = Overlay {
            choices,
            prompt,
            options,
            countdown,
            lock,
            lock_poster,
            lock_title,
            ending,
            ending_label,
            ending_rewind,
            controls,
            mute,
            play,
            speed,
        };
        for element in
            [&overlay.choices, &overlay.lock, &overlay.ending, &overlay.play, &overlay.speed, &overlay.mute]
        {
            element.set_hidden(true);
        }
        Ok(overlay)
    }

    /// Opens the choice panel over the playing video; `remaining_ms` is what is left of the timer.
    pub fn show_choices(&self, builder: &Builder, view: &ChoiceView, remaining_ms: Option<u64>) {
        self.prompt.set_text_content(Some(&view.prompt));
        self.prompt.set_hidden(view.prompt.is_empty());
        self.options.set_text_content(None);
        for (position, option) in view.options.iter().enumerate() {
            let key = position + 1;
            let aria = if key <= 9 { format!("{} (key {key})", option.label) } else { option.label.clone() };
            match builder.button("md-option", "choose", &option.label, &aria, &self.options) {
                Ok(button) => {
                    warn_on_error(
                        button.set_attribute("data-index", &option.index.to_string()),
                        "data-index",
                    );
                    if key <= 9 {
                        warn_on_error(button.set_attribute("aria-keyshortcuts", &key.to_string()), "keys");
                    }
                }
                Err(error) => {
                    warn_on_error::<()>(Err(error), "option button");
                }
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
    }

    /// Closes the choice panel and drops its buttons.
    pub fn hide_choices(&self) {
        self.choices.set_hidden(true);
        self.options.set_text_content(None);
        self.countdown.set_text_content(None);
    }

    /// Shows the lock screen.
    pub fn show_lock(&self, view: &LockView, poster: Option<String>) {
        self.lock_title.set_text_content(Some(&view.title));
        match poster {
            Some(url) => {
                warn_on_error(self.lock_poster.set_attribute("src", &url), "poster");
                self.lock_poster.set_hidden(false);
            }
            None => {
                warn_on_error(self.lock_poster.remove_attribute("src"), "poster");
                self.lock_poster.set_hidden(true);
            }
        }
        self.lock.set_hidden(false);
    }

    /// Hides the lock screen.
    pub fn hide_lock(&self) {
        self.lock.set_hidden(true);
    }

    /// Shows an ending card: "Ending 2 of 4: Caught".
    pub fn show_ending(&self, view: &EndingView) {
        let label = format!("Ending {} of {}: {}", view.found, view.total, view.title);
        self.ending_label.set_text_content(Some(&label));
        self.ending_rewind.set_hidden(!view.can_rewind);
        self.ending.set_hidden(false);
    }

    /// Hides the ending card.
    pub fn hide_ending(&self) {
        self.ending.set_hidden(true);
    }

    /// Shows or hides the previous/next buttons (`controls` option).
    pub fn set_controls(&self, visible: bool) {
        self.controls.set_hidden(!visible);
    }

    /// The "Unmute" button shows while the pool is muted.
    pub fn set_muted(&self, muted: bool) {
        self.mute.set_hidden(!muted);
    }

    /// The big play button shows while the current video is paused.
    pub fn set_paused(&self, paused: bool) {
        self.play.set_hidden(!paused);
    }

    /// The "2×" badge shows during a press-and-hold.
    pub fn set_fast(&self, fast: bool) {
        self.speed.set_hidden(!fast);
    }

    /// Whether a lock screen or an ending card covers the video.
    pub fn covered(&self) -> bool {
        !self.lock.hidden() || !self.ending.hidden()
    }
}
