//! The segments a story has seen, in the order it first saw them.

use std::collections::BTreeSet;

/// Segments seen, as (episode, segment) indices within the series, in the order first seen.
///
/// Along the story's path the set only grows, so an earlier point of the path is this log cut to the
/// length it had there ([`Seen::truncate`]): a choice point keeps a length, not a copy of the set, and
/// a save writes the log once, not once per choice point.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    order: Vec<(usize, usize)>,
    set: BTreeSet<(usize, usize)>,
}

impl Seen {
    /// Whether (`episode`, `segment`) was seen.
    pub fn contains(&self, episode: usize, segment: usize) -> bool {
        self.set.contains(&(episode, segment))
    }

    /// Whether any segment of `episode` was seen.
    pub fn any_in(&self, episode: usize) -> bool {
        self.set.range((episode, 0)..=(episode, usize::MAX)).next().is_some()
    }

    /// Marks (`episode`, `segment`) seen; `false` if it already was (the log keeps its first place).
    pub fn insert(&mut self, episode: usize, segment: usize) -> bool {
        let new = self.set.insert((episode, segment));
        if new {
            self.order.push((episode, segment));
        }
        new
    }

    /// How many segments were seen.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Nothing was seen.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Forgets every segment seen after the first `len`: back to an earlier point of the path.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.order.len() {
            return;
        }
        self.order.truncate(len);
        // Rebuilt rather than removed from: a rewind is rare, and B-tree removal is kilobytes of wasm.
        self.set = BTreeSet::new();
        for &key in &self.order {
            self.set.insert(key);
        }
    }

    /// The segments seen, in the order first seen.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.order.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_place_and_truncates_to_an_earlier_point() {
        let mut seen = Seen::default();
        assert!(seen.insert(2, 0));
        assert!(seen.insert(0, 1));
        assert!(!seen.insert(2, 0), "seen twice stays in its first place");
        let point = seen.len();
        assert!(seen.insert(1, 0));
        assert!(seen.any_in(1) && seen.any_in(2) && !seen.any_in(3));
        seen.truncate(point);
        assert_eq!(seen.iter().collect::<Vec<_>>(), [(2, 0), (0, 1)]);
        assert!(!seen.contains(1, 0) && !seen.any_in(1));
        assert!(seen.insert(1, 0), "forgotten, so new again");
    }
}
