//! The viewer's own settings — sound, volume, speed, caption language — kept per site across reloads
//! while the player keeps its progress (CONTRACT §5). The session says when they change
//! ([`Command::SaveSettings`]); the web layer keeps the text under [`SETTINGS_KEY`] and hands it back
//! to [`Settings::from_json`] when the next player starts.

use serde::{Deserialize, Serialize};

use crate::command::Command;
use crate::error::ErrorCode;

use super::{Session, SessionError};

/// Where a site keeps its viewers' settings: one key for every player of the site.
pub const SETTINGS_KEY: &str = "microdrama:settings";

/// Longest caption language tag kept (BCP 47 tags in practice are under 20 characters).
const MAX_TAG: usize = 35;

/// What a viewer set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// The sound is off.
    pub muted: bool,
    /// Volume, 0 to 1.
    pub volume: f64,
    /// The chosen playback rate.
    pub rate: f64,
    /// The caption language; `None`: captions off.
    pub captions: Option<String>,
}

impl Settings {
    /// Reads stored settings.
    ///
    /// # Errors
    /// `bad-save` naming what is wrong: not this shape, a volume outside 0 to 1, a rate outside
    /// 1/16 to 16, a caption tag over 35 characters.
    pub fn from_json(text: &str) -> Result<Settings, SessionError> {
        let bad = |message: String| SessionError { code: ErrorCode::BadSave, message };
        let settings: Settings =
            serde_json::from_str(text).map_err(|error| bad(format!("stored settings: {error}")))?;
        if !(0.0..=1.0).contains(&settings.volume) {
            return Err(bad("stored settings: the volume is not between 0 and 1".to_owned()));
        }
        if !(0.0625..=16.0).contains(&settings.rate) {
            return Err(bad("stored settings: the rate is not between 1/16 and 16".to_owned()));
        }
        if settings.captions.as_ref().is_some_and(|tag| tag.len() > MAX_TAG) {
            return Err(bad("stored settings: the caption language is too long".to_owned()));
        }
        Ok(settings)
    }

    /// The text [`Settings::from_json`] reads.
    pub fn to_json(&self) -> String {
        // Cannot fail: a bool, two finite numbers and a string.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Session {
    /// The viewer's settings as they stand.
    pub fn settings(&self) -> Settings {
        Settings {
            muted: self.chosen_muted,
            volume: self.playback.volume,
            rate: self.playback.rate,
            captions: self.captions.clone(),
        }
    }

    /// A setting changed: a player that keeps its progress keeps the settings too.
    pub(super) fn settings_changed(&self, out: &mut Vec<Command>) {
        if self.autosave.is_some() {
            out.push(Command::SaveSettings(self.settings().to_json()));
        }
    }
}
