//! The feed on the host: navigation, gesture classification, wheel paging and the preload plan.

// proptest is a host-only dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use microdrama::catalog::{Catalog, Episode, Segment, Series, Text};
use microdrama::command::MediaKey;
use microdrama::feed::gesture::{
    DeltaMode, Gesture, GestureTracker, Hold, Page, WheelPager, AXIS_LOCK_PX, HOLD_MS, WHEEL_COOLDOWN_MS,
};
use microdrama::feed::preload::Pool;
use microdrama::feed::{Entry, Feed, FeedErrorKind};
use proptest::prelude::*;

/// Viewport height used by the gesture tests (px).
const H: f64 = 800.0;

/// A catalog whose series `i` has `episodes[i]` one-segment episodes, ids `series{i}` / `ep{j}`.
fn catalog(episodes: &[usize]) -> Catalog {
    let segment = Segment {
        id: "s".into(),
        sources: vec![],
        poster: None,
        duration_ms: None,
        captions: vec![],
        set: vec![],
        choice: None,
        next: None,
        ending: None,
    };
    let series = episodes
        .iter()
        .enumerate()
        .map(|(s, &count)| Series {
            id: format!("series{s}"),
            title: Text::default(),
            poster: None,
            language: None,
            variables: vec![],
            episodes: (0..count)
                .map(|e| Episode {
                    id: format!("ep{e}"),
                    title: Text::default(),
                    locked: false,
                    start: 0,
                    segments: vec![segment.clone()],
                    poster: None,
                    location: None,
                })
                .collect(),
        })
        .collect();
    Catalog { title: Text::default(), series, hash: 0 }
}

// ---- Feed ----

#[test]
fn feed_lists_all_series_in_order() {
    let feed = Feed::new(&catalog(&[2, 1]), None).unwrap();
    let entries: Vec<Entry> = (0..feed.len()).filter_map(|i| feed.get(i)).collect();
    let entry = |series, episode| Entry { series, episode };
    assert_eq!(entries, [entry(0, 0), entry(0, 1), entry(1, 0)]);
    assert_eq!(feed.get(3), None);
    assert_eq!(feed.position_of(1, 0), Some(2));
    assert_eq!(feed.position_of(1, 1), None);
}

#[test]
fn feed_of_one_series() {
    let feed = Feed::new(&catalog(&[2, 3]), Some("series1")).unwrap();
    assert_eq!(feed.len(), 3);
    assert_eq!(feed.current(), Entry { series: 1, episode: 0 });
    assert_eq!(feed.position_of(1, 2), Some(2));
    assert_eq!(feed.position_of(0, 0), None);
}

#[test]
fn feed_errors_name_the_series() {
    let unknown = Feed::new(&catalog(&[1]), Some("nope")).unwrap_err();
    assert_eq!((unknown.kind, unknown.code().as_str()), (FeedErrorKind::UnknownSeries, "unknown-series"));
    assert!(unknown.to_string().contains("\"nope\""));
    let empty = Feed::new(&catalog(&[0, 1]), Some("series0")).unwrap_err();
    assert_eq!((empty.kind, empty.code().as_str()), (FeedErrorKind::Empty, "empty-feed"));
    assert!(empty.to_string().contains("series0"));
    assert_eq!(Feed::new(&catalog(&[]), None).unwrap_err().kind, FeedErrorKind::Empty);
}

#[test]
fn feed_stops_at_the_ends() {
    let mut feed = Feed::new(&catalog(&[3]), None).unwrap();
    assert!(!feed.has_prev());
    assert!(!feed.prev());
    assert_eq!(feed.index(), 0);
    assert!(feed.next() && feed.next());
    assert!(!feed.has_next());
    assert!(!feed.next());
    assert_eq!(feed.index(), 2);
    assert!(!feed.jump(3));
    assert_eq!(feed.index(), 2);
    assert!(feed.jump(0));
    assert_eq!(feed.current(), Entry { series: 0, episode: 0 });
}

// ---- Gestures ----

/// Drags from `(0, 400)` through `path` (`(y, t_ms)`, the last one is the release).
fn swipe(has_prev: bool, has_next: bool, path: &[(f64, u64)]) -> Gesture {
    let mut g = GestureTracker::new();
    g.start(0.0, 400.0, 0, H, has_prev, has_next);
    let (release, moves) = path.split_last().unwrap();
    for &(y, t) in moves {
        g.move_to(0.0, y, t);
    }
    g.end(0.0, release.0, release.1)
}

#[test]
fn slow_short_drag_snaps_back() {
    // 100 px (< 20% of 800) over a second: neither far nor fast.
    let path: Vec<(f64, u64)> = (1..=10).map(|i| (400.0 - 10.0 * i as f64, 100 * i)).collect();
    assert_eq!(swipe(true, true, &path), Gesture::Cancel);
}

#[test]
fn long_drag_commits_even_slowly() {
    let path: Vec<(f64, u64)> = (1..=20).map(|i| (400.0 - 10.0 * i as f64, 100 * i)).collect();
    assert_eq!(swipe(true, true, &path), Gesture::Next);
    let path: Vec<(f64, u64)> = (1..=20).map(|i| (400.0 + 10.0 * i as f64, 100 * i)).collect();
    assert_eq!(swipe(true, true, &path), Gesture::Prev);
}

#[test]
fn fast_flick_commits() {
    assert_eq!(swipe(true, true, &[(380.0, 10), (340.0, 20), (330.0, 30)]), Gesture::Next);
    assert_eq!(swipe(true, true, &[(420.0, 10), (460.0, 20)]), Gesture::Prev);
    // As fast, but under the flick distance.
    assert_eq!(swipe(true, true, &[(390.0, 5), (380.0, 10)]), Gesture::Cancel);
}

#[test]
fn horizontal_drag_is_ignored() {
    let mut g = GestureTracker::new();
    g.start(100.0, 400.0, 0, H, true, true);
    assert_eq!(g.move_to(115.0, 405.0, 20).offset_px, 0.0);
    // Even a later vertical run stays ignored: the axis is locked.
    assert_eq!(g.move_to(120.0, 100.0, 40).offset_px, 0.0);
    assert_eq!(g.end(120.0, 100.0, 50), Gesture::None);
}

#[test]
fn vertical_drag_follows_the_finger() {
    let mut g = GestureTracker::new();
    g.start(0.0, 400.0, 0, H, true, true);
    assert_eq!(g.move_to(0.0, 395.0, 10).offset_px, 0.0, "not locked yet");
    assert_eq!(g.move_to(0.0, 350.0, 20).offset_px, -50.0);
    assert_eq!(g.move_to(2.0, 520.0, 30).offset_px, 120.0);
}

#[test]
fn tap() {
    let mut g = GestureTracker::new();
    g.start(50.0, 400.0, 1000, H, true, true);
    g.move_to(53.0, 404.0, 1100);
    assert_eq!(g.end(53.0, 404.0, 1250), Gesture::Tap);
    // Too long for a tap, too short for a hold: nothing.
    g.start(50.0, 400.0, 0, H, true, true);
    assert_eq!(g.end(50.0, 400.0, 350), Gesture::None);
    // Moved too far for a tap.
    g.start(50.0, 400.0, 0, H, true, true);
    assert_eq!(g.end(50.0, 400.0 + AXIS_LOCK_PX, 100), Gesture::Cancel);
}

#[test]
fn hold_then_release() {
    let mut g = GestureTracker::new();
    g.start(0.0, 400.0, 1000, H, true, true);
    assert_eq!(g.hold_deadline(), Some(1000 + HOLD_MS));
    assert_eq!(g.poll(1000 + HOLD_MS - 1), None);
    g.move_to(3.0, 402.0, 1200);
    assert_eq!(g.poll(1000 + HOLD_MS), Some(Hold));
    assert_eq!(g.poll(1000 + HOLD_MS + 10), None, "fires once");
    assert_eq!(g.hold_deadline(), None);
    // Moving while held neither drags nor swipes.
    assert_eq!(g.move_to(0.0, 100.0, 1600).offset_px, 0.0);
    assert_eq!(g.end(0.0, 100.0, 1700), Gesture::HoldEnd);
    assert_eq!(g.hold_deadline(), None);
}

#[test]
fn movement_prevents_the_hold() {
    let mut g = GestureTracker::new();
    g.start(0.0, 400.0, 0, H, true, true);
    g.move_to(0.0, 380.0, 100);
    assert_eq!(g.hold_deadline(), None);
    assert_eq!(g.poll(HOLD_MS), None);
}

#[test]
fn rubber_band_is_bounded_and_monotonic() {
    let mut g = GestureTracker::new();
    // The first entry: pulling down has nowhere to go.
    g.start(0.0, 0.0, 0, H, false, true);
    let mut last = 0.0;
    for d in (10..=20_000).step_by(10) {
        let d = d as f64;
        let offset = g.move_to(0.0, d, 1).offset_px;
        assert!(offset > last, "monotonic at {d}: {offset} <= {last}");
        assert!(offset < d && offset < H, "bounded at {d}: {offset}");
        last = offset;
    }
    assert_eq!(g.end(0.0, 20_000.0, 2), Gesture::Cancel, "past the start");
    // The last entry: pushing up.
    g.start(0.0, 0.0, 0, H, true, false);
    let offset = g.move_to(0.0, -400.0, 10).offset_px;
    assert!((-400.0..0.0).contains(&offset) && offset > -H);
    assert_eq!(g.end(0.0, -400.0, 20), Gesture::Cancel, "past the end");
    // The other direction is free.
    g.start(0.0, 0.0, 0, H, true, false);
    assert_eq!(g.move_to(0.0, 400.0, 10).offset_px, 400.0);
}

// ---- Wheel ----

#[test]
fn wheel_pages_at_the_threshold() {
    let mut w = WheelPager::new();
    assert_eq!(w.wheel(30.0, DeltaMode::Pixel, H, 0), None);
    assert_eq!(w.wheel(19.0, DeltaMode::Pixel, H, 16), None);
    assert_eq!(w.wheel(1.0, DeltaMode::Pixel, H, 32), Some(Page::Next));
    let mut w = WheelPager::new();
    assert_eq!(w.wheel(-120.0, DeltaMode::Pixel, H, 0), Some(Page::Prev));
}

#[test]
fn wheel_quiet_resets_accumulation() {
    let mut w = WheelPager::new();
    assert_eq!(w.wheel(40.0, DeltaMode::Pixel, H, 0), None);
    assert_eq!(w.wheel(40.0, DeltaMode::Pixel, H, 250), None);
    assert_eq!(w.wheel(40.0, DeltaMode::Pixel, H, 300), Some(Page::Next));
}

#[test]
fn wheel_cooldown_ignores_input() {
    let mut w = WheelPager::new();
    assert_eq!(w.wheel(100.0, DeltaMode::Pixel, H, 1000), Some(Page::Next));
    assert_eq!(w.wheel(-100.0, DeltaMode::Pixel, H, 1300), None);
    assert_eq!(w.wheel(100.0, DeltaMode::Pixel, H, 1000 + WHEEL_COOLDOWN_MS - 1), None);
    assert_eq!(w.wheel(100.0, DeltaMode::Pixel, H, 1000 + WHEEL_COOLDOWN_MS), Some(Page::Next));
}

#[test]
fn trackpad_momentum_burst_pages_once() {
    // A two-finger flick as Chrome on macOS reports it: a ramp, then momentum decaying every 16 ms.
    let mut deltas = vec![2.0, 6.0, 14.0, 30.0, 48.0, 60.0];
    while let Some(&d) = deltas.last().filter(|&&d| d >= 0.5) {
        deltas.push(d * 0.9);
    }
    assert!(16 * deltas.len() as u64 > WHEEL_COOLDOWN_MS, "the tail outlasts the cool-down");
    let mut w = WheelPager::new();
    let pages: Vec<Page> = deltas
        .iter()
        .enumerate()
        .filter_map(|(i, &d)| w.wheel(d, DeltaMode::Pixel, H, 16 * i as u64))
        .collect();
    assert_eq!(pages, [Page::Next]);
    // The next deliberate scroll pages again.
    assert_eq!(w.wheel(100.0, DeltaMode::Pixel, H, 16 * deltas.len() as u64 + 300), Some(Page::Next));
}

// ---- Preload ----

/// The first segment of feed entry `i`.
fn first_segment(feed: &Feed, i: usize) -> Option<MediaKey> {
    feed.get(i).map(|e| MediaKey { series: e.series, episode: e.episode, segment: 0 })
}

/// What the session wants for the feed's position: current, next, previous.
fn wanted(feed: &Feed) -> Vec<MediaKey> {
    let i = feed.index();
    [Some(i), i.checked_add(1), i.checked_sub(1)]
        .into_iter()
        .flatten()
        .filter_map(|i| first_segment(feed, i))
        .collect()
}

#[test]
fn swipe_finds_the_next_entry_already_loaded() {
    let mut feed = Feed::new(&catalog(&[6]), None).unwrap();
    let mut pool = Pool::new(3);
    assert_eq!(pool.plan(&wanted(&feed)).len(), 2, "current and next");
    for _ in 0..4 {
        let current_slot = pool.slot_of(first_segment(&feed, feed.index() + 1).unwrap());
        assert!(current_slot.is_some(), "next is preloaded before the swipe");
        assert!(feed.next());
        let loads = pool.plan(&wanted(&feed));
        let current = feed.current();
        assert!(loads.iter().all(|&(_, k)| (k.series, k.episode) != (current.series, current.episode)));
        assert_eq!(pool.slot_of(first_segment(&feed, feed.index()).unwrap()), current_slot, "not moved");
        // Only the new next entry needs loading; the previous one is the old current.
        assert_eq!(loads.len(), 1);
    }
}

#[test]
fn choice_targets_are_held_before_the_choice() {
    let key = |episode, segment| MediaKey { series: 0, episode, segment };
    let mut pool = Pool::new(4);
    pool.plan(&[key(1, 0), key(2, 0), key(0, 0)]);
    // The choice approaches: its targets outrank the neighbours.
    let loads = pool.plan(&[key(1, 0), key(1, 1), key(1, 2), key(2, 0), key(0, 0)]);
    assert_eq!(loads, [(3, key(1, 1)), (2, key(1, 2))]);
    // Taking option 2 plays a held slot: no load for it.
    let loads = pool.plan(&[key(1, 2), key(2, 0), key(1, 0)]);
    assert_eq!(loads, []);
}

// ---- Properties ----

fn media_key() -> impl Strategy<Value = MediaKey> {
    (0..2usize, 0..4usize, 0..3usize).prop_map(|(series, episode, segment)| MediaKey {
        series,
        episode,
        segment,
    })
}

#[derive(Debug, Clone)]
enum FeedOp {
    Next,
    Prev,
    Jump(usize),
}

proptest! {
    #[test]
    fn pool_plan_invariants(
        size in 2..=5usize,
        plans in prop::collection::vec(prop::collection::vec(media_key(), 0..8), 1..30),
        clears in prop::collection::vec(prop::option::of(0..6usize), 30),
    ) {
        let mut pool = Pool::new(size);
        for (wanted, clear) in plans.iter().zip(&clears) {
            if let Some(slot) = *clear {
                pool.clear(slot);
            }
            let held_before: Vec<MediaKey> = wanted.iter().copied().filter(|&k| pool.slot_of(k).is_some()).collect();
            let loads = pool.plan(wanted);
            prop_assert_eq!(pool.size(), size);
            let held: Vec<MediaKey> = (0..size).filter_map(|s| pool.get(s)).collect();
            for (i, key) in held.iter().enumerate() {
                prop_assert!(!held[i + 1..].contains(key), "{:?} in two slots", key);
            }
            let mut distinct: Vec<MediaKey> = Vec::new();
            for &key in wanted {
                if distinct.len() < size && !distinct.contains(&key) {
                    distinct.push(key);
                }
            }
            for key in &distinct {
                prop_assert!(held.contains(key), "{:?} not held", key);
            }
            for (slot, key) in &loads {
                prop_assert!(!held_before.contains(key), "{:?} was held and reloaded", key);
                prop_assert_eq!(pool.get(*slot), Some(*key));
            }
        }
    }

    #[test]
    fn feed_index_stays_in_range(
        episodes in prop::collection::vec(0..4usize, 1..4),
        ops in prop::collection::vec(
            prop_oneof![Just(FeedOp::Next), Just(FeedOp::Prev), (0..12usize).prop_map(FeedOp::Jump)],
            0..40,
        ),
    ) {
        let Ok(mut feed) = Feed::new(&catalog(&episodes), None) else {
            prop_assert_eq!(episodes.iter().sum::<usize>(), 0);
            return Ok(());
        };
        prop_assert_eq!(feed.len(), episodes.iter().sum::<usize>());
        for op in ops {
            let before = feed.index();
            let moved = match op {
                FeedOp::Next => feed.next(),
                FeedOp::Prev => feed.prev(),
                FeedOp::Jump(i) => feed.jump(i),
            };
            prop_assert!(feed.index() < feed.len());
            if !moved {
                prop_assert_eq!(feed.index(), before);
            }
            prop_assert_eq!(feed.get(feed.index()), Some(feed.current()));
            prop_assert_eq!(feed.position_of(feed.current().series, feed.current().episode), Some(feed.index()));
        }
    }
}
