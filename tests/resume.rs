//! Resume: the media position in a save, restoring before start, saves a session must refuse, and the
//! storage keys (the browser side is in tests/web.rs).
#![cfg(not(target_arch = "wasm32"))]

use microdrama::catalog::{self, Catalog};
use microdrama::command::{Command, Event, Via};
use microdrama::session::{Config, Input, Session};
use microdrama::story::progress::{rejected_key, storage_key, Autosave, AUTOSAVE_INTERVAL_MS, SAVE_DELAY_MS};

fn load(text: &str) -> Catalog {
    match catalog::load(text) {
        Ok((catalog, _warnings)) => catalog,
        Err(diagnostics) => panic!("fixture does not load: {diagnostics:?}"),
    }
}

fn session_over(catalog: Catalog, episode: Option<&str>) -> Session {
    let config =
        Config { series: None, episode: episode.map(str::to_owned), pool_size: 5, language: "en".to_owned() };
    match Session::new(catalog, config) {
        Ok(session) => session,
        Err(e) => panic!("session does not start: {e}"),
    }
}

fn session(episode: Option<&str>) -> Session {
    session_over(load(include_str!("fixtures/session.json")), episode)
}

/// The slot the first `Play` plays, and the `Seek`s before it, as (slot, ms).
fn seeks_before_play(commands: &[Command]) -> (Option<usize>, Vec<(usize, u64)>) {
    let mut seeks = Vec::new();
    for command in commands {
        match command {
            Command::Seek { slot, media_ms } => seeks.push((*slot, *media_ms)),
            Command::Play { slot } => return (Some(*slot), seeks),
            _ => {}
        }
    }
    (None, seeks)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("save is not JSON: {e}"))
}

/// A session in series `a`, episode 1, segment s1, 750 ms in (before the choice at 1000 ms).
fn watched_750ms() -> (Session, String) {
    let mut s = session(None);
    let started = s.start(0);
    let (slot, _) = seeks_before_play(&started);
    let slot = slot.unwrap_or_else(|| panic!("nothing plays: {started:?}"));
    assert!(s.input(Input::MediaTime { slot, media_ms: 750 }, 800).is_empty(), "no choice before its atMs");
    let text = s.save();
    (s, text)
}

#[test]
fn a_save_holds_the_media_position_within_the_segment() {
    let (_, text) = watched_750ms();
    let save = json(&text);
    assert_eq!(save["version"], 2);
    assert_eq!(save["current"], serde_json::json!(["a", "ep1"]));
    assert_eq!(save["series"]["a"]["position"]["segment"], "s1");
    assert_eq!(save["series"]["a"]["positionMs"], 750);
    // A series never played has no position, and writes no positionMs.
    assert!(save["series"]["b"].get("positionMs").is_none());
}

#[test]
fn a_session_restored_before_start_seeks_to_the_saved_position_before_playing() {
    let (_, text) = watched_750ms();
    let mut fresh = session(None);
    let warnings = fresh.restore_before_start(&text, false).unwrap_or_else(|e| panic!("refused: {e}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let started = fresh.start(10);
    assert!(matches!(started.first(), Some(Command::Emit(Event::Ready { .. }))), "ready first: {started:?}");
    let (played, seeks) = seeks_before_play(&started);
    let played = played.unwrap_or_else(|| panic!("nothing plays: {started:?}"));
    assert_eq!(seeks, vec![(played, 750)]);
    // The choice at 1000 ms opens when the video gets there, not before.
    assert!(fresh.input(Input::MediaTime { slot: played, media_ms: 900 }, 20).is_empty());
    assert!(fresh
        .input(Input::MediaTime { slot: played, media_ms: 1000 }, 30)
        .iter()
        .any(|c| matches!(c, Command::ShowChoices(_))));
    assert_eq!(json(&fresh.save())["series"]["a"]["positionMs"], 1000);
}

#[test]
fn load_state_on_a_running_session_seeks_too() {
    let (_, text) = watched_750ms();
    let mut other = session(Some("ep2"));
    other.start(0);
    let commands = other.restore(&text, 5).unwrap_or_else(|e| panic!("refused: {e}"));
    let (played, seeks) = seeks_before_play(&commands);
    assert_eq!(seeks, vec![(played.unwrap_or(usize::MAX), 750)]);
    assert_eq!(other.feed_index(), 0);
}

#[test]
fn a_save_from_before_positions_existed_resumes_at_the_segment_start() {
    let (_, text) = watched_750ms();
    let mut old = json(&text);
    if let Some(series) = old["series"]["a"].as_object_mut() {
        series.remove("positionMs");
    }
    let mut fresh = session(None);
    fresh.restore_before_start(&old.to_string(), false).unwrap_or_else(|e| panic!("refused: {e}"));
    let (played, seeks) = seeks_before_play(&fresh.start(0));
    assert!(played.is_some());
    assert_eq!(seeks, vec![], "no seek: the segment starts from 0");
}

#[test]
fn a_segment_entered_anew_starts_at_zero_and_saves_no_position() {
    let (mut s, _) = watched_750ms();
    s.input(Input::MediaTime { slot: 0, media_ms: 1000 }, 1000);
    let commands = s.input(Input::Choose { index: 0, via: Via::Tap }, 1100);
    assert_eq!(seeks_before_play(&commands).1, vec![], "a choice's target plays from its start");
    assert!(json(&s.save())["series"]["a"].get("positionMs").is_none());
}

#[test]
fn coming_back_to_a_series_continues_where_it_was_left() {
    // Series a's episodes come first in the feed, then series b's.
    let (mut s, _) = watched_750ms();
    let len = s.feed_len();
    let away = s.input(Input::Jump(len - 1), 900);
    assert!(seeks_before_play(&away).1.is_empty(), "series b starts fresh");
    let back = s.input(Input::Jump(0), 1000);
    let (played, seeks) = seeks_before_play(&back);
    assert_eq!(seeks, vec![(played.unwrap_or(usize::MAX), 750)]);
}

#[test]
fn the_page_named_start_episode_wins_over_the_saved_one_but_the_story_is_restored() {
    let (_, text) = watched_750ms();
    let mut fresh = session(Some("ep2"));
    fresh.restore_before_start(&text, true).unwrap_or_else(|e| panic!("refused: {e}"));
    fresh.start(0);
    assert_eq!(fresh.feed_index(), 1);
    assert_eq!(json(&fresh.save())["series"]["a"]["seen"], serde_json::json!(["ep1/s1", "ep2/s1"]));
}

#[test]
fn saves_a_session_must_refuse_leave_it_unchanged() {
    let (_, good) = watched_750ms();
    let mut other_catalog = session_over(load(include_str!("fixtures/valid-minimal.json")), None);
    other_catalog.start(0);
    let foreign = other_catalog.save();
    let mut newer = json(&good);
    newer["version"] = serde_json::json!(3);
    let oversized = format!("{{\"version\":1,\"pad\":\"{}\"}}", "x".repeat(1 << 20));
    let cases = [
        ("{\"version\":1,", "bad-save"),
        ("[]", "bad-save"),
        (newer.to_string().as_str(), "bad-save"),
        (oversized.as_str(), "save-too-large"),
        (foreign.as_str(), "save-other-catalog"),
    ]
    .map(|(text, code)| (text.to_owned(), code));
    for (text, code) in cases {
        let mut s = session(None);
        s.start(0);
        let before = s.save();
        match s.restore(&text, 10) {
            Err(e) => assert_eq!(e.code.as_str(), code, "{}", &text[..text.len().min(60)]),
            Ok(_) => panic!("accepted: {}", &text[..text.len().min(60)]),
        }
        assert_eq!(s.save(), before, "a refused save changes nothing");
        let mut unstarted = session(None);
        assert_eq!(unstarted.restore_before_start(&text, false).err().map(|e| e.code.as_str()), Some(code));
    }
}

#[test]
fn storage_keys_separate_catalogs_and_series_filters() {
    let all = storage_key("https://cdn.example/catalog.json", None);
    let one = storage_key("https://cdn.example/catalog.json", Some("anti-fraud"));
    let other = storage_key("https://cdn.example/other.json", None);
    assert_eq!(all, "microdrama:save:v1:https://cdn.example/catalog.json|*");
    assert!(all != one && all != other && one != other);
    assert_eq!(
        storage_key("https://cdn.example/catalog.json#x", None),
        all,
        "the fragment is not the catalog"
    );
    assert_eq!(rejected_key(&one), format!("{one}:rejected"));
}

#[test]
fn autosave_writes_a_moment_after_progress_events_and_every_interval_of_playback() {
    let mut autosave = Autosave::new();
    assert_eq!(autosave.due_at(true), None, "nothing happened yet");
    autosave.written(0);
    assert_eq!(autosave.due_at(true), Some(AUTOSAVE_INTERVAL_MS));
    assert_eq!(autosave.due_at(false), None, "paused: the position has not moved");
    autosave.observe(&Event::AutoplayBlocked {}, 1);
    assert_eq!(autosave.due_at(false), None, "not every event is progress");
    for event in [
        Event::EpisodeChange {
            series_id: "a".into(),
            episode_id: "ep1".into(),
            index: 0,
            number: 1,
            title: "One".into(),
        },
        Event::SegmentChange { series_id: "a".into(), episode_id: "ep1".into(), segment_id: "s2".into() },
        Event::Choice {
            series_id: "a".into(),
            episode_id: "ep1".into(),
            index: 0,
            label: "Left".into(),
            via: Via::Timeout,
        },
        Event::Ending {
            series_id: "a".into(),
            episode_id: "ep1".into(),
            ending_id: "e".into(),
            title: "E".into(),
        },
        Event::Locked { series_id: "a".into(), episode_id: "ep3".into() },
    ] {
        autosave.observe(&event, 10);
        autosave.observe(&event, 20);
        assert_eq!(autosave.due_at(false), Some(10 + SAVE_DELAY_MS), "{event:?}, from the first change");
        autosave.written(10 + SAVE_DELAY_MS);
    }
    autosave.changed(5_000);
    assert_eq!(autosave.due_at(true), Some(5_000 + SAVE_DELAY_MS), "an unlock, before the interval");
}
