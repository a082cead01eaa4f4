//! The video pool plan: which segment each `<video>` slot holds.
//!
//! A swipe or a choice must find its target already loaded and paused on its first frame (a `src`
//! change at that moment costs 40–60 ms before the picture moves), so the pool never moves or reloads a
//! key it holds; it only fills free slots and replaces keys nobody wants any more.

use crate::command::MediaKey;

/// Fewest slots a pool has: the current video and one neighbour.
pub const MIN_POOL_SIZE: usize = 2;
/// Most slots a pool has: more decoders cost memory on phones for little gain.
pub const MAX_POOL_SIZE: usize = 5;

/// A fixed number of video slots and what each holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool {
    slots: Vec<Slot>,
    /// Counts [`Pool::plan`] calls: the clock for "least recently wanted".
    generation: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    key: Option<MediaKey>,
    /// The generation in which `key` was last wanted (or loaded).
    wanted_at: u64,
}

impl Pool {
    /// A pool of `size` empty slots; `size` is clamped to [`MIN_POOL_SIZE`]..=[`MAX_POOL_SIZE`] and
    /// fixed for the pool's life.
    pub fn new(size: usize) -> Pool {
        let size = size.clamp(MIN_POOL_SIZE, MAX_POOL_SIZE);
        Pool { slots: vec![Slot { key: None, wanted_at: 0 }; size], generation: 0 }
    }

    /// Number of slots.
    pub fn size(&self) -> usize {
        self.slots.len()
    }

    /// What `slot` holds; `None` when it is empty or out of range.
    pub fn get(&self, slot: usize) -> Option<MediaKey> {
        self.slots.get(slot).and_then(|s| s.key)
    }

    /// The slot holding `key`, if any.
    pub fn slot_of(&self, key: MediaKey) -> Option<usize> {
        self.slots.iter().position(|s| s.key == Some(key))
    }

    /// Empties `slot` (its media failed and the session dropped it); out of range: nothing.
    pub fn clear(&mut self, slot: usize) {
        if let Some(s) = self.slots.get_mut(slot) {
            s.key = None;
        }
    }

    /// Makes the pool hold the first [`Pool::size`] distinct keys of `wanted` (priority order: current,
    /// upcoming choice targets, next feed entry, previous; repeats ignored) and returns the loads to
    /// issue, `(slot, key)` in priority order.
    ///
    /// A key already held stays in its slot and is never in the answer. A missing key goes to a free
    /// slot, else replaces the key least recently wanted among those not wanted first; keys further down
    /// `wanted` than the pool can hold count as wanted now, so they go after keys not wanted at all.
    pub fn plan(&mut self, wanted: &[MediaKey]) -> Vec<(usize, MediaKey)> {
        self.generation = self.generation.saturating_add(1);
        let size = self.size();
        let mut targets: Vec<MediaKey> = Vec::with_capacity(size);
        for &key in wanted {
            if let Some(slot) = self.slot_of(key) {
                self.slots[slot].wanted_at = self.generation;
            }
            if targets.len() < size && !targets.contains(&key) {
                targets.push(key);
            }
        }
        let mut loads = Vec::new();
        for &key in &targets {
            if self.slot_of(key).is_some() {
                continue;
            }
            // Free slots first, then the stalest; never a slot holding a target. There is always one:
            // at most `size` targets, and this one is not held.
            let victim = (0..size)
                .filter(|&i| self.slots[i].key.is_none_or(|held| !targets.contains(&held)))
                .min_by_key(|&i| (self.slots[i].key.is_some(), self.slots[i].wanted_at, i));
            let Some(slot) = victim else { break };
            self.slots[slot] = Slot { key: Some(key), wanted_at: self.generation };
            loads.push((slot, key));
        }
        loads
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(segment: usize) -> MediaKey {
        MediaKey { series: 0, episode: 0, segment }
    }

    #[test]
    fn size_is_clamped() {
        assert_eq!(Pool::new(0).size(), MIN_POOL_SIZE);
        assert_eq!(Pool::new(9).size(), MAX_POOL_SIZE);
        assert_eq!(Pool::new(3).size(), 3);
    }

    #[test]
    fn fills_free_slots_in_priority_order_ignoring_repeats() {
        let mut pool = Pool::new(3);
        let loads = pool.plan(&[key(0), key(0), key(1), key(2), key(3)]);
        assert_eq!(loads, [(0, key(0)), (1, key(1)), (2, key(2))]);
        assert_eq!(pool.plan(&[key(2), key(1), key(0)]), []);
    }

    #[test]
    fn evicts_least_recently_wanted_first() {
        let mut pool = Pool::new(3);
        pool.plan(&[key(0), key(1), key(2)]);
        pool.plan(&[key(1), key(0)]); // key 2 is no longer wanted: stalest
        assert_eq!(pool.plan(&[key(0), key(3)]), [(2, key(3))]);
        // Only key 1 is not wanted now.
        assert_eq!(pool.plan(&[key(3), key(4), key(0)]), [(1, key(4))]);
    }

    #[test]
    fn keys_beyond_the_pool_outlive_unwanted_ones() {
        let mut pool = Pool::new(2);
        pool.plan(&[key(0), key(1)]);
        pool.plan(&[key(0), key(2)]); // evicts 1
                                      // 2 is still wanted (third, beyond the pool) and 0 is not: 0 goes.
        assert_eq!(pool.plan(&[key(3), key(1), key(2)]), [(0, key(3)), (1, key(1))]);
        let mut pool = Pool::new(2);
        pool.plan(&[key(0), key(1)]);
        assert_eq!(pool.plan(&[key(2), key(3), key(0)]), [(1, key(2)), (0, key(3))]);
    }

    #[test]
    fn cleared_slot_is_reused() {
        let mut pool = Pool::new(2);
        pool.plan(&[key(0), key(1)]);
        pool.clear(0);
        pool.clear(7);
        assert_eq!(pool.get(0), None);
        assert_eq!(pool.slot_of(key(1)), Some(1));
        assert_eq!(pool.plan(&[key(1), key(0)]), [(0, key(0))]);
    }
}
