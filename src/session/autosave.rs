//! When the player writes its save, for a player that keeps one: [`Command::Save`] soon after
//! progress changes, every few seconds of playback for the media position, and at once when the page
//! goes away. The web layer only writes the text where it keeps it.

use crate::command::Command;

use super::Session;

impl Session {
    /// Notes the progress `out` made and, when a save is due by `now_ms`, appends it.
    pub(super) fn plan_save(&mut self, now_ms: u64, out: &mut Vec<Command>) {
        let Some(autosave) = self.autosave.as_mut() else { return };
        for command in out.iter() {
            if let Command::Emit(event) = command {
                autosave.observe(event, now_ms);
            }
        }
        if self.save_deadline().is_some_and(|due| due <= now_ms) {
            self.write_save(now_ms, out);
        }
    }

    /// Appends the save now (the page goes away, or it is due).
    pub(super) fn write_save(&mut self, now_ms: u64, out: &mut Vec<Command>) {
        let text = self.save();
        if let Some(autosave) = self.autosave.as_mut() {
            autosave.written(now_ms);
            out.push(Command::Save(text));
        }
    }

    /// Progress changed without an event the save watches for (an unlock, a restored save).
    pub(super) fn progress_changed(&mut self, now_ms: u64) {
        if let Some(autosave) = self.autosave.as_mut() {
            autosave.changed(now_ms);
        }
    }

    /// When the next save is due, if one will be.
    pub(super) fn save_deadline(&self) -> Option<u64> {
        let playing =
            self.plays() && self.clock.is_some_and(|clock| clock.moving && self.current == Some(clock.slot));
        self.autosave.as_ref()?.due_at(playing)
    }
}
