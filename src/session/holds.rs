//! What holds the current video and the choice countdown, turned into commands: playing or pausing
//! when a hold comes or goes, saying when the player waits for the viewer, freezing the countdown.

use crate::command::{Command, Event};

use super::{Overlay, Session, Timer};

impl Session {
    /// Whether the current video should be playing now: it is on screen (no lock screen, no ending
    /// card) and nothing holds it.
    pub fn plays(&self) -> bool {
        self.playable().is_some() && !self.playback.holds_video()
    }

    /// A move into the story or the feed: it asks to play, unless it was refused (an `error` event
    /// and nothing else).
    pub(super) fn moving(&mut self, step: impl FnOnce(&mut Session) -> Vec<Command>) -> Vec<Command> {
        let before = self.playback.clone();
        self.playback.play();
        let out = step(self);
        if matches!(out.as_slice(), [] | [Command::Emit(Event::Error { .. })]) {
            self.playback = before;
        }
        out
    }

    /// The slot whose video plays when nothing holds it: the current one, unless a lock screen or an
    /// ending card is up.
    pub(super) fn playable(&self) -> Option<usize> {
        self.current.filter(|_| !matches!(self.overlay, Overlay::Lock | Overlay::Ending | Overlay::FeedEnd))
    }

    /// Plays or pauses the playable video when the holds changed since the input began (`held`,
    /// `waiting`), unless the input's own commands already did; says so when it now waits for the
    /// viewer.
    pub(super) fn reconcile(&mut self, held: bool, waiting: bool, out: &mut Vec<Command>) {
        let Some(slot) = self.playable() else { return };
        let last = out.iter().rev().find_map(|command| match command {
            Command::Play { slot: s } if *s == slot => Some(true),
            Command::Pause { slot: s } if *s == slot => Some(false),
            Command::WaitForViewer { .. } => Some(false),
            _ => None,
        });
        // A segment that started in this answer is paused unless its start played it.
        let started = out.iter().any(|command| matches!(command, Command::Emit(Event::SegmentChange { .. })));
        let plays = last.unwrap_or(!held && !started);
        let wanted = !self.playback.holds_video();
        if plays != wanted {
            out.push(if wanted { Command::Play { slot } } else { Command::Pause { slot } });
        }
        let said = out.iter().any(|command| matches!(command, Command::WaitForViewer { .. }));
        if self.playback.waits_for_viewer() && !waiting && !said {
            out.push(Command::WaitForViewer { refused: self.playback.refused });
        }
    }

    /// Freezes the open choice's countdown when something holds it, and runs it again (its deadline
    /// moved by the time it stood still) when nothing does.
    pub(super) fn settle_countdown(&mut self, now_ms: u64, out: &mut Vec<Command>) {
        let series = self.feed.current().series;
        let timed = self.stories[series].deadline().is_some() && self.timer != Timer::Off;
        let freeze = timed && self.playback.freezes_countdown();
        match (self.frozen_since, freeze) {
            (None, true) => {
                self.frozen_since = Some(now_ms);
                out.push(Command::Countdown { running: false });
            }
            (Some(since), false) => {
                self.frozen_since = None;
                if timed {
                    self.stories[series].postpone(now_ms.saturating_sub(since));
                    out.push(Command::Countdown { running: true });
                }
            }
            _ => {}
        }
    }
}
