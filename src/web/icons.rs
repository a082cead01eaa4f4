//! The player's icons as inline SVG: they draw the same in every browser, with no emoji font (a phone
//! without one showed empty boxes for ▲, ☰ and 🔒). Strokes and fills take `currentColor`.

use wasm_bindgen::JsValue;
use web_sys::Element;

use super::dom::Builder;

const SVG: &str = "http://www.w3.org/2000/svg";

/// One icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    /// ▲: the previous episode.
    Up,
    /// ▼: the next episode.
    Down,
    /// The episode list.
    Episodes,
    /// A speaker with waves: sound on (press to mute).
    SoundOn,
    /// A speaker struck out: sound off (press to unmute).
    SoundOff,
    /// A triangle: play.
    Play,
    /// A padlock.
    Lock,
    /// A cross: close.
    Close,
    /// A tick: watched.
    Check,
    /// A map pin.
    Pin,
    /// A circling arrow: play again.
    Replay,
}

impl Icon {
    /// The path, on a 24×24 grid.
    fn path(self) -> &'static str {
        match self {
            Icon::Up => "M6 15l6-6 6 6",
            Icon::Down => "M6 9l6 6 6-6",
            Icon::Episodes => "M4 6h16M4 12h16M4 18h10",
            Icon::SoundOn => "M4 9.5v5h3.5L12 18V6L7.5 9.5zM15.5 9a4 4 0 0 1 0 6M18 6.5a7.5 7.5 0 0 1 0 11",
            Icon::SoundOff => "M4 9.5v5h3.5L12 18V6L7.5 9.5zM15.5 9.5l5 5M20.5 9.5l-5 5",
            Icon::Play => "M8 5.5l11 6.5-11 6.5z",
            Icon::Lock => "M6 11h12v9H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3",
            Icon::Close => "M6 6l12 12M18 6L6 18",
            Icon::Check => "M5 12.5l4.5 4.5L19 7.5",
            Icon::Pin => "M12 21c-3.8-4.4-6-7.9-6-11a6 6 0 0 1 12 0c0 3.1-2.2 6.6-6 11zM12 12.2a2.2 2.2 0 1 0 0-4.4 2.2 2.2 0 0 0 0 4.4z",
            Icon::Replay => "M5 12a7 7 0 1 0 2.1-5M5 4.5V9h4.5",
        }
    }

    /// Drawn filled rather than stroked.
    fn filled(self) -> bool {
        matches!(self, Icon::Play)
    }
}

impl Builder {
    /// Appends `icon` to `parent`, hidden from assistive technology (its button carries the name),
    /// and returns it.
    ///
    /// # Errors
    /// When the document refuses to create the element.
    pub fn icon(&self, icon: Icon, parent: &Element) -> Result<Element, JsValue> {
        let svg = self.document().create_element_ns(Some(SVG), "svg")?;
        svg.set_attribute("class", "md-icon")?;
        svg.set_attribute("viewBox", "0 0 24 24")?;
        svg.set_attribute("aria-hidden", "true")?;
        svg.set_attribute("focusable", "false")?;
        let path = self.document().create_element_ns(Some(SVG), "path")?;
        path.set_attribute("d", icon.path())?;
        if icon.filled() {
            path.set_attribute("class", "md-icon-fill")?;
        }
        svg.append_child(&path)?;
        parent.append_child(&svg)?;
        Ok(svg)
    }

    /// A `<button type="button">` showing `icon`, named `name`, with an action for the click delegate.
    ///
    /// # Errors
    /// When the document refuses to create the element.
    pub fn icon_button(
        &self,
        class: &str,
        action: &str,
        icon: Icon,
        name: &str,
        parent: &Element,
    ) -> Result<web_sys::HtmlElement, JsValue> {
        let button = self.button(class, action, "", name, parent)?;
        self.icon(icon, &button)?;
        Ok(button)
    }
}
