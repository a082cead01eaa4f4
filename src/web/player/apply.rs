//! Running the core and applying what it answers: the command queue, the one timer for the core's
//! next deadline, the save written where the core says, and what the overlays show for a command.

use std::rc::Rc;

use crate::command::{Announcement, Command, Event, Notice};
use crate::session::{Input, Session};
use crate::web::captions;
use crate::web::dom::{now_ms, warn_on_error, Timeout};
use crate::web::i18n::{self, Word};
use crate::web::pool::Role;

use super::Shared;

impl Shared {
    /// Hands one input to the core and applies what it answers.
    pub(super) fn input(self: &Rc<Self>, input: Input) {
        self.drive(|session, now| session.input(input, now));
    }

    /// Runs one core call and applies what it answers.
    pub(super) fn drive(self: &Rc<Self>, call: impl FnOnce(&mut Session, u64) -> Vec<Command>) {
        if self.destroyed.get() {
            return;
        }
        let now = now_ms();
        let commands = {
            let session = &mut self.state.borrow_mut().session;
            // Whatever the page calls first (even before the start microtask), `ready` comes first.
            let mut commands = if self.started.replace(true) { Vec::new() } else { session.start(now) };
            commands.append(&mut self.startup.borrow_mut());
            commands.extend(call(session, now));
            commands
        };
        self.queue.borrow_mut().extend(commands);
        self.pump();
    }

    /// Applies queued commands in order, unless an outer call is already doing so; then re-arms the
    /// timers for what the core expects next.
    pub(super) fn pump(self: &Rc<Self>) {
        if self.applying.replace(true) {
            return;
        }
        while !self.destroyed.get() {
            let command = self.queue.borrow_mut().pop_front();
            let Some(command) = command else { break };
            self.apply(command);
        }
        self.applying.set(false);
        self.schedule();
    }

    /// The page goes away or out of sight: the save is written now, at the exact media position
    /// rather than the last `timeupdate`'s, which may be a quarter second or more behind.
    pub(super) fn save_before_leaving(self: &Rc<Self>) {
        // Not before the start: reporting a time would start the session from this listener.
        if !self.started.get() {
            return;
        }
        if let Some(slot) = self.pool.current() {
            self.report_time(slot);
        }
        self.input(Input::Leaving);
    }

    /// Keeps `text` in storage; a failed write is the `storage-unavailable` warning (once).
    pub(super) fn write_save(&self, text: &str) {
        let warning = self.progress.as_ref().and_then(|progress| progress.write(text));
        if let Some(warning) = warning {
            self.emit(&warning);
        }
    }

    /// Applies one command to the DOM.
    fn apply(self: &Rc<Self>, command: Command) {
        match command {
            Command::Load { slot, media } => {
                self.pool.load(slot, &media, &self.builder, &|url| self.resolve(url));
                self.update_captions();
            }
            Command::Reload { slot } => self.pool.reload(slot),
            Command::Rewind { slot } => self.pool.rewind(slot),
            Command::Seek { slot, media_ms } => self.pool.seek(slot, media_ms),
            Command::Show { slot, prev, next } => {
                let before = self.pool.current();
                let duration = self.current_video().map(|video| video.duration());
                self.pool.show(slot, prev, next);
                self.update_captions();
                if before != Some(slot) {
                    self.overlay.jump_to_rest();
                    self.current_changed(duration);
                }
            }
            Command::Play { slot } => {
                if self.pool.role(slot) == Role::Current {
                    if let Some(video) = self.pool.video(slot) {
                        video.set_playback_rate(self.state.borrow().session.playback_rate());
                    }
                    self.overlay.set_paused(false);
                    self.overlay.set_blocked(false);
                    if let Some(session) = self.media_session.borrow().as_ref() {
                        session.set_playing(true);
                    }
                }
                self.play_slot(slot);
            }
            Command::Pause { slot } => {
                if let Some(video) = self.pool.video(slot) {
                    warn_on_error(video.pause(), "pause");
                }
                if self.pool.role(slot) == Role::Current {
                    self.settle_plays(Err("AbortError"));
                    if let Some(session) = self.media_session.borrow().as_ref() {
                        session.set_playing(false);
                    }
                }
            }
            Command::WaitForViewer { refused } => {
                self.overlay.set_paused(true);
                self.overlay.set_blocked(refused);
                self.settle_plays(Err(if refused { "NotAllowedError" } else { "AbortError" }));
                if let Some(session) = self.media_session.borrow().as_ref() {
                    session.set_playing(false);
                }
            }
            Command::Countdown { running } => self.overlay.set_countdown_running(running),
            Command::Announce(Announcement::SecondsLeft(seconds)) => {
                self.overlay.announce(&i18n::seconds_left(self.overlay.lang(), seconds));
            }
            Command::SetMuted(muted) => {
                self.pool.set_muted(muted);
                self.overlay.set_muted(muted);
            }
            Command::SetVolume(volume) => self.pool.set_volume(volume),
            Command::SetCaptions(_) => self.update_captions(),
            Command::ShowNotice(Notice::MediaSkipped) => {
                self.overlay.set_notice(Some(i18n::word(self.overlay.lang(), Word::MediaSkipped)));
            }
            Command::HideNotice => self.overlay.set_notice(None),
            Command::SetRate { rate, fast } => {
                if let Some(video) = self.current_video() {
                    video.set_playback_rate(rate);
                }
                self.overlay.set_fast(fast);
                if !fast {
                    self.overlay.set_rate(rate);
                }
            }
            Command::Save(text) => self.write_save(&text),
            // A failed write is said by the progress slot, on the same storage.
            Command::SaveSettings(text) => {
                let _said_by_progress = self.settings.as_ref().and_then(|slot| slot.write(&text));
            }
            Command::Busy(busy) => {
                let host = if busy {
                    self.host.set_attribute("aria-busy", "true")
                } else {
                    self.host.remove_attribute("aria-busy")
                };
                warn_on_error(host, "aria-busy");
                self.overlay.set_busy(busy);
            }
            Command::Drag { offset_px } => {
                // No transition while the finger leads.
                warn_on_error(self.root.class_list().add_1("md-dragging"), "classList");
                self.pool.drag(offset_px);
                self.overlay.drag(Some(offset_px));
            }
            Command::Settle => {
                warn_on_error(self.root.class_list().remove_1("md-dragging"), "classList");
                self.pool.settle();
                self.overlay.drag(None);
            }
            Command::ShowChoices(view) => {
                let remaining = match view.deadline_ms {
                    Some(deadline) => Some(deadline.saturating_sub(now_ms())),
                    None => view.timeout_ms,
                };
                self.overlay.show_choices(&self.builder, &view, remaining);
                self.announce_choice(&view, remaining);
                // Keyboard and screen-reader viewers land on the first option; a finger on the video
                // (a drag in progress) keeps it, and focus is never taken from the page.
                let touching = {
                    let state = self.state.borrow();
                    state.pointer.is_some() || state.pointer_input
                };
                if !touching && !self.drawer.is_open() && self.overlay.menu().is_none() {
                    if let Some(first) = self.overlay.first_option() {
                        self.focus_if_inside(&first);
                    }
                }
            }
            Command::HideChoices => {
                self.keep_focus();
                self.overlay.hide_choices();
            }
            Command::ShowLock(view) => {
                self.overlay.show_lock(&view, view.poster.as_deref().map(|url| self.resolve(url)));
                self.overlay.set_paused(false);
                if !self.drawer.is_open() {
                    self.focus_if_inside(self.overlay.unlock_button());
                }
            }
            Command::HideLock => {
                self.keep_focus();
                self.overlay.hide_lock();
            }
            Command::ShowEnding(view) => {
                self.overlay.show_ending(&view);
                if !self.drawer.is_open() {
                    self.focus_if_inside(self.overlay.ending_button());
                }
            }
            Command::HideEnding => {
                self.keep_focus();
                self.overlay.hide_ending();
            }
            Command::ShowFeedEnd => {
                self.overlay.show_feed_end();
                if !self.drawer.is_open() {
                    self.focus_if_inside(self.overlay.replay_button());
                }
            }
            Command::HideFeedEnd => {
                self.keep_focus();
                self.overlay.hide_feed_end();
            }
            Command::Emit(event) => {
                self.observe_for_qoe(&event);
                if let Event::EpisodeChange { index, .. } = &event {
                    self.episode_changed(*index);
                }
                self.emit(&event);
            }
        }
    }

    /// Re-arms the one timer for the core's next deadline. When it fires, the core hears the current
    /// video's time first: the deadline may be a media mark (a choice's `atMs`).
    fn schedule(self: &Rc<Self>) {
        if self.destroyed.get() {
            return;
        }
        let deadline = self.state.borrow().session.next_deadline();
        let unchanged =
            matches!((&*self.tick_timer.borrow(), deadline), (Some((at, _)), Some(next)) if *at == next);
        if unchanged {
            return;
        }
        let timer = deadline.map(|at| {
            let weak = Rc::downgrade(self);
            let timeout = Timeout::new(delay(at, now_ms()), move || {
                if let Some(shared) = weak.upgrade() {
                    let _fired = shared.tick_timer.borrow_mut().take();
                    if let Some(slot) = shared.pool.current() {
                        shared.report_time(slot);
                    }
                    shared.input(Input::Tick);
                }
            });
            (at, timeout)
        });
        *self.tick_timer.borrow_mut() = timer;
    }

    /// Says the open choice in the live region: its options and the time it gives (the core says
    /// the last seconds).
    fn announce_choice(&self, view: &crate::command::ChoiceView, remaining_ms: Option<u64>) {
        let labels: Vec<&str> = view.options.iter().map(|option| option.label.as_str()).collect();
        let seconds = remaining_ms.map(|ms| ms.div_ceil(1000));
        self.overlay.announce(&i18n::choose(self.overlay.lang(), &labels, seconds));
    }

    /// A new episode is on screen: its location card and the Media Session's metadata.
    fn episode_changed(&self, index: usize) {
        let view = self.state.borrow().session.episode(index);
        let Some(view) = view else { return };
        let link = view
            .location
            .as_ref()
            .and_then(|location| location.url.as_deref())
            .map(|url| self.resolve(url))
            .filter(|url| {
                let lower = url.to_ascii_lowercase();
                lower.starts_with("https://") || lower.starts_with("http://")
            });
        self.overlay
            .show_location(view.location.as_ref().map(|location| (location.name.as_str(), link.as_deref())));
        self.overlay.show_info(&view);
        let last = self.state.borrow().session.feed_len().saturating_sub(1);
        self.overlay.set_edges(index == 0, index >= last);
        self.publish_metadata(index);
    }

    /// Puts every video's caption tracks in the mode the viewer's choice asks for and draws the
    /// current video's active cues.
    pub(super) fn update_captions(&self) {
        let wanted = self.state.borrow().session.caption_language().map(str::to_owned);
        let mut current = None;
        for (slot, video) in self.pool.videos().iter().enumerate() {
            let track = captions::select(video, wanted.as_deref());
            if self.pool.role(slot) == Role::Current {
                current = track;
            }
        }
        self.overlay.set_captions_on(current.is_some());
        self.overlay.set_caption(&current.map(|track| captions::active_text(&track)).unwrap_or_default());
    }

    /// Resolves a catalog URL against the catalog's own URL.
    pub(super) fn resolve(&self, url: &str) -> String {
        match web_sys::Url::new_with_base(url, &self.base_url) {
            Ok(resolved) => resolved.href(),
            // Not resolvable (no base in a test page): the browser gets it as written.
            Err(_) => url.to_string(),
        }
    }
}

/// Milliseconds from `now` until `at`, one more so the timer never fires before it.
fn delay(at: u64, now: u64) -> u32 {
    u32::try_from(at.saturating_sub(now).saturating_add(1)).unwrap_or(u32::MAX)
}
