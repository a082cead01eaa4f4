//! The preload plan: what the video pool should hold, which loads go now and which wait for the
//! current video's first frame, and which neighbours a `Show` places.

use crate::command::{Command, Media, MediaKey};

use super::{episode_of, Session};

impl Session {
    /// Sends the loads held for the current video's first frame, and places the neighbours among them.
    pub(super) fn release_held(&mut self, out: &mut Vec<Command>) {
        self.held_until = None;
        if self.held.is_empty() {
            return;
        }
        let loads = std::mem::take(&mut self.held);
        self.push_loads(loads, out);
        if let Some(slot) = self.current {
            out.push(self.show(slot));
        }
    }

    /// Forgets the loads still held: the viewer moved on, and the plan is made again from where they
    /// are now.
    pub(super) fn drop_held(&mut self) {
        self.held_until = None;
        for (slot, _) in std::mem::take(&mut self.held) {
            self.pool.clear(slot);
        }
    }

    /// What the pool should hold now, by priority: the current segment, where the story may go next,
    /// the next feed entry, the previous one. Locked episodes and media that failed are not preloaded.
    pub(super) fn wanted(&self, current: Option<MediaKey>) -> Vec<MediaKey> {
        let entry = self.feed.current();
        let upcoming = self.stories[entry.series]
            .upcoming(&self.catalog)
            .into_iter()
            .map(|(episode, segment)| MediaKey { series: entry.series, episode, segment });
        let index = self.feed.index();
        let neighbours = [index.checked_add(1), index.checked_sub(1)]
            .into_iter()
            .flatten()
            .filter_map(|i| self.entry_key(i));
        // A locked episode's media stays on the server until it is unlocked, even as a choice target.
        let preload = upcoming
            .filter(|key| !self.stories[key.series].is_locked(&self.catalog, key.episode))
            .chain(neighbours)
            .filter(|key| !self.failed.contains(key));
        current.into_iter().chain(preload).collect()
    }

    /// The first segment of feed entry `index`, unless it is out of range or locked.
    pub(super) fn entry_key(&self, index: usize) -> Option<MediaKey> {
        let entry = self.feed.get(index)?;
        if self.stories[entry.series].is_locked(&self.catalog, entry.episode) {
            return None;
        }
        let start = episode_of(&self.catalog, entry).start;
        Some(MediaKey { series: entry.series, episode: entry.episode, segment: start })
    }

    pub(super) fn load_wanted(&mut self, out: &mut Vec<Command>) {
        let current = self.current.and_then(|slot| self.pool.get(slot));
        let wanted = self.wanted(current);
        let loads = self.pool.plan(&wanted);
        self.push_loads(loads, out);
    }

    pub(super) fn push_loads(&self, loads: Vec<(usize, MediaKey)>, out: &mut Vec<Command>) {
        for (slot, key) in loads {
            let segment = &self.catalog.series[key.series].episodes[key.episode].segments[key.segment];
            out.push(Command::Load {
                slot,
                media: Media {
                    key,
                    sources: segment.sources.clone(),
                    poster: segment.poster.clone(),
                    captions: segment.captions.clone(),
                },
            });
        }
    }

    pub(super) fn show(&self, slot: usize) -> Command {
        let index = self.feed.index();
        // A slot whose load is held has nothing to show yet.
        let slot_at = |i: Option<usize>| {
            i.and_then(|i| self.entry_key(i))
                .and_then(|k| self.pool.slot_of(k))
                .filter(|&slot| self.held.iter().all(|&(held, _)| held != slot))
        };
        Command::Show { slot, prev: slot_at(index.checked_sub(1)), next: slot_at(index.checked_add(1)) }
    }
}
