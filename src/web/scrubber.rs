//! The progress bar along the bottom (CONTRACT §5): a `role="slider"` over the current segment, drawn
//! as a thin line that fills as the video plays; a press or the arrow keys seek within the segment.
//!
//! It owns no listener: the player's pointer and key listeners hand it their events.

use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement};

use super::dom::{warn_on_error, Builder};
use super::i18n::{self, Lang, Word};

/// Seconds an arrow key moves.
pub const KEY_STEP_S: f64 = 5.0;

/// The bar.
pub struct Scrubber {
    bar: HtmlElement,
    fill: HtmlElement,
    lang: Lang,
}

impl Scrubber {
    /// Builds the bar inside `root`, empty.
    ///
    /// # Errors
    /// When the document refuses to create an element.
    pub fn new(builder: &Builder, root: &Element, lang: Lang) -> Result<Scrubber, JsValue> {
        let bar = builder.element("div", "md-scrubber", Some(root))?;
        bar.set_attribute("role", "slider")?;
        bar.set_attribute("tabindex", "0")?;
        bar.set_attribute("aria-label", i18n::word(lang, Word::Progress))?;
        bar.set_attribute("aria-valuemin", "0")?;
        bar.set_attribute("aria-keyshortcuts", "ArrowLeft ArrowRight Home End")?;
        let track = builder.element("div", "md-scrubber-track", Some(&bar))?;
        let fill = builder.element("div", "md-scrubber-fill", Some(&track))?;
        let scrubber = Scrubber { bar, fill, lang };
        scrubber.show(0.0, f64::NAN);
        Ok(scrubber)
    }

    /// Shows `position` of `duration` seconds (`NaN` duration: not known yet).
    pub fn show(&self, position: f64, duration: f64) {
        let known = duration.is_finite() && duration > 0.0;
        // max/min, not clamp: clamp's panic message would ship float formatting.
        #[allow(clippy::manual_clamp)]
        let (now, max) = if known { (position.max(0.0).min(duration), duration) } else { (0.0, 0.0) };
        // Whole seconds, as the time display shows them: 8.04 s is "0:08".
        let max_s = max.round() as u32;
        let now_s = (now as u32).min(max_s);
        let set = |name: &str, value: &str| warn_on_error(self.bar.set_attribute(name, value), "slider");
        set("aria-valuemax", &max_s.to_string());
        set("aria-valuenow", &now_s.to_string());
        set("aria-valuetext", &i18n::position(self.lang, now_s, max_s));
        let fraction = if known { now / max } else { 0.0 };
        // Thousandths, written as integers: no float formatting is shipped for a style.
        let permille = (fraction * 1000.0).round() as u32;
        let scale = format!("scaleX({}.{:03})", permille / 1000, permille % 1000);
        warn_on_error(self.fill.style().set_property("transform", &scale), "style");
    }

    /// Where a press at client `x` points, 0 to 1 along the bar.
    pub fn fraction_at(&self, x: f64) -> f64 {
        let rect = self.bar.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return 0.0;
        }
        #[allow(clippy::manual_clamp)]
        ((x - rect.left()) / rect.width()).max(0.0).min(1.0)
    }

    /// Whether `element` is the bar or inside it.
    pub fn contains(&self, element: &Element) -> bool {
        self.bar.contains(Some(element))
    }

    /// Marks the bar as followed by a press (it grows while the finger holds it).
    pub fn set_pressed(&self, pressed: bool) {
        warn_on_error(self.bar.toggle_attribute_with_force("data-pressed", pressed), "data-pressed");
    }
}
