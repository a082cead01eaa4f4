//! The session over a fixture catalog: every input's commands compared as a whole transcript.
#![cfg(not(target_arch = "wasm32"))]

use microdrama::catalog::{self, Catalog};
use microdrama::command::{Command, Event, Via};
use microdrama::feed::gesture::{DeltaMode, HOLD_MS};
use microdrama::session::{
    Config, Input, Session, Timer, HOLD_LOADS_MS, MEDIA_ATTEMPTS, NOTICE_MS, STALL_TIMEOUT_MS,
};
use microdrama::story::progress::{AUTOSAVE_INTERVAL_MS, SAVE_DELAY_MS};
use proptest::prelude::*;
use serde_json::json;

fn catalog() -> Catalog {
    let text = include_str!("fixtures/session.json");
    match catalog::load(text) {
        Ok((catalog, _warnings)) => catalog,
        Err(diagnostics) => panic!("fixture does not load: {diagnostics:?}"),
    }
}

fn session(series: Option<&str>, episode: Option<&str>) -> Session {
    let config = Config {
        series: series.map(str::to_owned),
        episode: episode.map(str::to_owned),
        pool_size: 5,
        language: "zh-CN".to_owned(),
    };
    match Session::new(catalog(), config) {
        Ok(session) => session,
        Err(e) => panic!("session does not start: {e}"),
    }
}

/// Starts `s` and reports the first video's first frame, which sends the neighbours' held loads.
fn start(s: &mut Session) -> Vec<Command> {
    let mut commands = s.start(0);
    commands.extend(s.input(Input::Playing { slot: 0, media_ms: 0 }, 0));
    commands
}

/// One line per command, media named by path (`a/ep1/s1`) and events as their JSON detail.
fn transcript(session: &Session, commands: &[Command]) -> Vec<String> {
    let catalog = session.catalog();
    commands
        .iter()
        .map(|command| match command {
            Command::Load { slot, media } => {
                let k = media.key;
                let series = &catalog.series[k.series];
                let episode = &series.episodes[k.episode];
                format!("load {slot} {}/{}/{}", series.id, episode.id, episode.segments[k.segment].id)
            }
            Command::Reload { slot } => format!("reload {slot}"),
            Command::Rewind { slot } => format!("rewind {slot}"),
            Command::Seek { slot, media_ms } => format!("seek {slot} {media_ms}"),
            Command::Show { slot, prev, next } => format!("show {slot} prev={prev:?} next={next:?}"),
            Command::Play { slot } => format!("play {slot}"),
            Command::Pause { slot } => format!("pause {slot}"),
            Command::ShowChoices(view) => {
                let options: Vec<_> =
                    view.options.iter().map(|o| json!({"index": o.index, "label": o.label})).collect();
                let shown = json!({"prompt": view.prompt, "options": options, "timeoutMs": view.timeout_ms,
                    "deadlineMs": view.deadline_ms, "defaultIndex": view.default_index});
                format!("choices {shown}")
            }
            Command::HideChoices => "hide choices".to_owned(),
            Command::ShowLock(view) => {
                format!(
                    "lock {}",
                    json!({"episodeId": view.episode_id, "title": view.title, "poster": view.poster})
                )
            }
            Command::HideLock => "hide lock".to_owned(),
            Command::ShowEnding(view) => {
                let shown = json!({"endingId": view.ending_id, "title": view.title, "found": view.found,
                    "total": view.total, "canRewind": view.can_rewind});
                format!("ending {shown}")
            }
            Command::HideEnding => "hide ending".to_owned(),
            Command::ShowFeedEnd => "feed end".to_owned(),
            Command::HideFeedEnd => "hide feed end".to_owned(),
            Command::WaitForViewer { refused } => format!("wait for viewer refused={refused}"),
            Command::Countdown { running } => format!("countdown running={running}"),
            Command::Announce(announcement) => format!("announce {announcement:?}"),
            Command::SetMuted(muted) => format!("muted {muted}"),
            Command::SetVolume(volume) => format!("volume {volume}"),
            Command::ShowNotice(notice) => format!("notice {notice:?}"),
            Command::HideNotice => "hide notice".to_owned(),
            Command::SetRate { rate, fast } => format!("rate {rate} fast={fast}"),
            Command::Save(_) => "save".to_owned(),
            Command::SaveSettings(text) => format!("save settings {text}"),
            Command::SetCaptions(language) => format!("captions {language:?}"),
            Command::Drag { offset_px } => format!("drag {offset_px}"),
            Command::Settle => "settle".to_owned(),
            Command::Busy(busy) => format!("busy {busy}"),
            Command::Emit(event) => {
                let detail: serde_json::Value = serde_json::from_str(&event.detail_json()).expect("JSON");
                format!("emit {}", json!({"event": event.name(), "detail": detail}))
            }
        })
        .collect()
}

fn check(session: &Session, commands: Vec<Command>, expected: &[&str]) {
    let got = transcript(session, &commands);
    assert_eq!(got, expected, "\ngot:\n{}\n", got.join("\n"));
}

#[test]
fn start_plays_the_first_segment_then_preloads_the_choice_targets_and_the_next_episode() {
    let mut s = session(None, None);
    let commands = s.start(0);
    check(
        &s,
        commands,
        &[
            r#"emit {"event":"ready","detail":{"series":["a","b"],"episodes":4}}"#,
            r#"emit {"event":"episodechange","detail":{"seriesId":"a","episodeId":"ep1","index":0,"number":1,"title":"One"}}"#,
            "load 0 a/ep1/s1",
            "show 0 prev=None next=None",
            "play 0",
            r#"emit {"event":"segmentchange","detail":{"seriesId":"a","episodeId":"ep1","segmentId":"s1"}}"#,
        ],
    );
    assert_eq!(s.next_deadline(), Some(HOLD_LOADS_MS), "the neighbours wait for the first frame");
    let commands = s.input(Input::Playing { slot: 0, media_ms: 0 }, 40);
    check(
        &s,
        commands,
        &["load 1 a/ep1/s3", "load 2 a/ep1/s2", "load 3 a/ep2/s1", "show 0 prev=None next=Some(3)"],
    );
    assert_eq!(s.next_deadline(), Some(1040), "the choice's mark, 1 s of video after the first frame");
}

#[test]
fn the_next_media_mark_is_a_deadline_while_the_video_moves_at_its_rate() {
    let mut s = session(None, None);
    start(&mut s);
    s.input(Input::MediaTime { slot: 0, media_ms: 400 }, 500);
    assert_eq!(s.next_deadline(), Some(1100), "600 ms of video left before the mark");
    s.input(Input::Rate(2.0), 500);
    assert_eq!(s.next_deadline(), Some(800), "twice as fast");
    s.input(Input::Waiting { slot: 0, media_ms: 400 }, 600);
    assert_eq!(s.next_deadline(), Some(600 + STALL_TIMEOUT_MS), "a waiting video does not reach it");
    s.input(Input::Playing { slot: 0, media_ms: 400 }, 700);
    s.input(Input::Pause, 700);
    assert_eq!(s.next_deadline(), None, "nor does a paused one");
    s.input(Input::Play, 800);
    s.input(Input::Playing { slot: 0, media_ms: 400 }, 900);
    assert_eq!(s.next_deadline(), Some(1200));
    let commands = s.input(Input::MediaTime { slot: 0, media_ms: 1000 }, 1200);
    assert!(commands.iter().any(|c| matches!(c, Command::ShowChoices(_))));
}

#[test]
fn without_a_first_frame_the_neighbours_load_after_a_quarter_second() {
    let mut s = session(None, None);
    s.start(0);
    assert!(s.input(Input::Tick, HOLD_LOADS_MS - 1).is_empty());
    let commands = s.input(Input::Tick, HOLD_LOADS_MS);
    check(
        &s,
        commands,
        &["load 1 a/ep1/s3", "load 2 a/ep1/s2", "load 3 a/ep2/s1", "show 0 prev=None next=Some(3)"],
    );
}

#[test]
fn skimming_sends_the_neighbours_loads_after_the_first_frame_and_forgets_them_on_the_next_swipe() {
    let text = include_str!("fixtures/plain5.json");
    let catalog = catalog::load(text).map(|(catalog, _)| catalog).expect("the fixture loads");
    let config = Config { series: None, episode: None, pool_size: 5, language: "en".to_owned() };
    let mut s = Session::new(catalog, config).expect("the session starts");
    start(&mut s);
    let played = |lines: &[String]| {
        let at = lines.iter().position(|l| l.starts_with("play ")).expect("it plays");
        assert!(lines[..at].iter().all(|l| !l.starts_with("load ")), "nothing loads before Play: {lines:#?}");
        lines[at]["play ".len()..].parse::<usize>().expect("a slot")
    };
    // ep2 was preloaded: it plays at once, and ep3's load waits for its first frame.
    let commands = s.input(Input::Next, 300);
    let lines = transcript(&s, &commands);
    let slot = played(&lines);
    assert!(!lines.iter().any(|l| l.starts_with("load ")), "{lines:#?}");
    let commands = s.input(Input::Playing { slot, media_ms: 0 }, 320);
    let lines = transcript(&s, &commands);
    assert!(lines.iter().any(|l| l.starts_with("load ") && l.ends_with("plain/ep3/s1")), "{lines:#?}");
    // 300 ms later ep3 is ready and plays at once; ep4's load waits for ep3's first frame. The viewer
    // swipes on before it: the held load is forgotten and ep4 loads itself, just before it plays.
    let commands = s.input(Input::Next, 600);
    let lines = transcript(&s, &commands);
    played(&lines);
    assert!(!lines.iter().any(|l| l.starts_with("load ")), "ep3 was ready: {lines:#?}");
    let commands = s.input(Input::Next, 650);
    let lines = transcript(&s, &commands);
    let own = lines.iter().position(|l| l.starts_with("load ") && l.ends_with("plain/ep4/s1"));
    let play = lines.iter().position(|l| l.starts_with("play "));
    assert!(own.is_some() && own < play, "the swiped-to entry loads first, then plays: {lines:#?}");
    assert_eq!(s.feed_index(), 3);
    let commands = s.input(Input::Tick, 650 + HOLD_LOADS_MS);
    let lines = transcript(&s, &commands);
    assert!(lines.iter().any(|l| l.ends_with("plain/ep5/s1")), "no first frame: the hold ends: {lines:#?}");
}

#[test]
fn a_timed_choice_opens_at_its_mark_and_the_default_is_taken_from_a_loaded_slot() {
    let mut s = session(None, None);
    start(&mut s);
    assert_eq!(s.next_media_mark(), Some(1000));
    assert!(s.input(Input::MediaTime { slot: 0, media_ms: 999 }, 999).is_empty());
    let commands = s.input(Input::MediaTime { slot: 0, media_ms: 1000 }, 1000);
    check(
        &s,
        commands,
        &[
            r#"choices {"prompt":"哪条路?","options":[{"index":0,"label":"Left"},{"index":1,"label":"Right"}],"timeoutMs":3000,"deadlineMs":4000,"defaultIndex":1}"#,
            r#"emit {"event":"choiceshow","detail":{"prompt":"哪条路?","options":[{"index":0,"label":"Left"},{"index":1,"label":"Right"}],"timeoutMs":3000}}"#,
        ],
    );
    assert_eq!(s.next_deadline(), Some(4000));
    assert!(s.input(Input::Tick, 3999).is_empty());
    let commands = s.input(Input::Tick, 4000);
    check(
        &s,
        commands,
        &[
            "hide choices",
            r#"emit {"event":"choice","detail":{"seriesId":"a","episodeId":"ep1","index":1,"label":"Right","via":"timeout"}}"#,
            "show 1 prev=None next=Some(3)",
            "play 1",
            r#"emit {"event":"segmentchange","detail":{"seriesId":"a","episodeId":"ep1","segmentId":"s3"}}"#,
            "pause 0",
            "rewind 0",
            r#"emit {"event":"ending","detail":{"seriesId":"a","episodeId":"ep1","endingId":"right","title":"Went right"}}"#,
        ],
    );
    // The ending waits on its card; rewinding goes back to the choice point.
    let commands = s.input(Input::Ended { slot: 1 }, 9000);
    check(
        &s,
        commands,
        &[
            r#"ending {"endingId":"right","title":"Went right","found":1,"total":1,"canRewind":true}"#,
            "pause 1",
        ],
    );
    let commands = s.input(Input::Rewind, 9100);
    check(
        &s,
        commands,
        &[
            "hide ending",
            "show 0 prev=None next=Some(3)",
            "play 0",
            r#"emit {"event":"segmentchange","detail":{"seriesId":"a","episodeId":"ep1","segmentId":"s1"}}"#,
            "pause 1",
            "rewind 1",
        ],
    );
}

#[test]
fn choosing_by_key_plays_the_target_and_a_finished_episode_moves_the_feed_on() {
    let mut s = session(None, None);
    start(&mut s);
    s.input(Input::MediaTime { slot: 0, media_ms: 1000 }, 1000);
    let commands = s.input(Input::Choose { index: 0, via: Via::Key }, 1500);
    check(
        &s,
        commands,
        &[
            "hide choices",
            r#"emit {"event":"choice","detail":{"seriesId":"a","episodeId":"ep1","index":0,"label":"Left","via":"key"}}"#,
            "show 2 prev=None next=Some(3)",
            "play 2",
            r#"emit {"event":"segmentchange","detail":{"seriesId":"a","episodeId":"ep1","segmentId":"s2"}}"#,
            "pause 0",
            "rewind 0",
        ],
    );
    let commands = s.input(Input::Ended { slot: 2 }, 9000);
    check(
        &s,
        commands,
        &[
            r#"emit {"event":"episodechange","detail":{"seriesId":"a","episodeId":"ep2","index":1,"number":2,"title":"Two"}}"#,
            "show 3 prev=Some(0) next=None",
            "play 3",
            r#"emit {"event":"segmentchange","detail":{"seriesId":"a","episodeId":"ep2","segmentId":"s1"}}"#,
            "pause 2",
            "rewind 2",
        ],
    );
}

#[test]
fn an_option_that_is_not_offered_is_refused_with_an_error_event() {
    let mut s = session(None, None);
    start(&mut s);
    s.input(Input::MediaTime { slot: 0, media_ms: 1000 }, 1000);
    let commands = s.input(Input::Choose { index: 2, via: Via::Api }, 1100);
    check(
        &s,
        commands,
        &[
            r#"emit {"event":"error","detail":{"code":"no-such-option","message":"option 2 is not offered now"}}"#,
        ],
    );
}

#[test]
fn a_swipe_shows_the_preloaded_next_episode_without_loading_it() {
    let mut s = session(None, None);
    start(&mut s);
    let commands = s.input(Input::Next, 500);
    check(
        &s,
        commands,
        &[
            r#"emit {"event":"episodechange","detail":{"seriesId":"a","episodeId":"ep2","index":1,"number":2,"title":"Two"}}"#,
            "show 3 prev=Some(0) next=None",
            "play 3",
            r#"emit {"event":"segmentchange","detail":{"seriesId":"a","episodeId":"ep2","segmentId":"s1"}}"#,
            "pause 0",
            "rewind 0",
        ],
    );
    // Back again: the first episode is still in its slot.
    let commands = s.input(Input::Prev, 900);
    check(
        &s,
        commands,
        &[
            r#"emit {"event":"episodechange","detail":{"seriesId":"a","episodeId":"ep1","index":0,"number":1,"title":"One"}}"#,
            "show 0 prev=None next=Some(3)",
            "play 0",
            r#"emit {"event":"segmentchange","detail":{"seriesId":"a","episodeId":"ep1","segmentId":"s1"}}"#,
            "pause 3",
            "rewind 3",
        ],
    );
}

#[test]
fn a_locked_episode_shows_its_lock_and_plays_only_once_unlocked() {
    let mut s = session(Some("a"), Some("ep2"));
    start(&mut s);
    let commands = s.input(Input::Next, 100);
    check(
        &s,
        commands,
        &[
            r#"emit {"event":"episodechange","detail":{"seriesId":"a","episodeId":"ep3","index":2,"number":3,"title":"Three"}}"#,
            "pause 0",
            "rewind 0",
            r#"lock {"episodeId":"ep3","title":"Three","poster":"a3.webp"}"#,
            r#"emit {"event":"locked","detail":{"seriesId":"a","episodeId":"ep3"}}"#,
        ],
    );
    assert!(
        s.input(Input::MediaTime { slot: 0, media_ms: 5000 }, 200).is_empty(),
        "nothing plays behind a lock"
    );
    let commands = s.input(Input::Unlock("ep3".to_owned()), 300);
    check(
        &s,
        commands,
        &[
            // The lock screen's `episodechange` said where the viewer is; the episode now plays.
            "hide lock",
            "load 2 a/ep3/s1",
            "show 2 prev=Some(0) next=None",
            "play 2",
            r#"emit {"event":"segmentchange","detail":{"seriesId":"a","episodeId":"ep3","segmentId":"s1"}}"#,
        ],
    );
}

#[test]
fn a_failing_video_is_retried_with_back_off_then_skipped() {
    let mut s = session(Some("b"), None);
    start(&mut s);
    assert!(s.input(Input::MediaError { slot: 0 }, 100).is_empty());
    assert_eq!(s.next_deadline(), Some(600));
    let commands = s.input(Input::Tick, 600);
    check(&s, commands, &["reload 0", "play 0"]);
    assert!(s.input(Input::MediaError { slot: 0 }, 700).is_empty());
    assert_eq!(s.next_deadline(), Some(1700), "the back-off doubles");
    let commands = s.input(Input::Tick, 1700);
    check(&s, commands, &["reload 0", "play 0"]);
    let commands = s.input(Input::MediaError { slot: 0 }, 1800);
    check(
        &s,
        commands,
        &[
            &format!(
                r#"emit {{"event":"error","detail":{{"code":"media-skipped","message":"segment \"s1\" failed to play {MEDIA_ATTEMPTS} times and was skipped"}}}}"#
            ),
            "notice MediaSkipped",
        ],
    );
    assert_eq!(s.next_deadline(), Some(1800 + NOTICE_MS), "the notice stays a few seconds");
    let commands = s.input(Input::Tick, 1800 + NOTICE_MS);
    check(&s, commands, &["hide notice"]);
    assert_eq!(s.next_deadline(), None);
}

#[test]
fn a_save_restores_position_and_story_in_a_new_session() {
    let mut s = session(None, None);
    start(&mut s);
    s.input(Input::MediaTime { slot: 0, media_ms: 1000 }, 1000);
    s.input(Input::Choose { index: 0, via: Via::Tap }, 1100);
    s.input(Input::Ended { slot: 2 }, 5000);
    let text = s.save();
    let mut fresh = session(None, None);
    start(&mut fresh);
    let commands = match fresh.restore(&text, 10) {
        Ok(commands) => commands,
        Err(e) => panic!("restore refused: {e}"),
    };
    assert_eq!(fresh.feed_index(), 1);
    assert!(transcript(&fresh, &commands).contains(
        &r#"emit {"event":"episodechange","detail":{"seriesId":"a","episodeId":"ep2","index":1,"number":2,"title":"Two"}}"#.to_owned()
    ));
    assert_eq!(fresh.save(), text);
    let before = fresh.save();
    match fresh.restore("{not a save", 20) {
        Err(e) => assert_eq!(e.code.as_str(), "bad-save"),
        Ok(_) => panic!("a corrupt save was accepted"),
    }
    assert_eq!(fresh.save(), before, "a refused save changes nothing");
}

#[derive(Debug, Clone)]
enum Op {
    Next,
    Prev,
    Jump(usize),
    Choose(usize),
    Time(u64),
    Ended,
    Error,
    Tick(u64),
    Unlock,
    Rewind,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Next),
        Just(Op::Prev),
        (0usize..6).prop_map(Op::Jump),
        (0usize..4).prop_map(Op::Choose),
        (0u64..10_000).prop_map(Op::Time),
        Just(Op::Ended),
        Just(Op::Error),
        (0u64..10_000).prop_map(Op::Tick),
        Just(Op::Unlock),
        Just(Op::Rewind),
    ]
}

proptest! {
    /// Whatever the viewer and the network do, the feed index stays in range, every slot a command
    /// names is in the pool, what is shown was loaded before, the neighbours it places are loaded by
    /// the end of the same answer, and nothing but the video about to play loads ahead of its `Play`.
    #[test]
    fn any_sequence_of_inputs_keeps_the_session_consistent(ops in prop::collection::vec(op(), 1..80)) {
        let mut s = session(None, None);
        let mut now = 0;
        let mut loaded = [false; 5];
        let mut current = None;
        let mut all = s.start(now);
        for op in ops {
            now += 50;
            let slot = current.unwrap_or(0);
            let commands = match op {
                Op::Next => s.input(Input::Next, now),
                Op::Prev => s.input(Input::Prev, now),
                Op::Jump(i) => s.input(Input::Jump(i), now),
                Op::Choose(i) => s.input(Input::Choose { index: i, via: Via::Api }, now),
                Op::Time(ms) => s.input(Input::MediaTime { slot, media_ms: ms }, now),
                Op::Ended => s.input(Input::Ended { slot }, now),
                Op::Error => s.input(Input::MediaError { slot }, now),
                Op::Tick(dt) => s.input(Input::Tick, now + dt),
                Op::Unlock => s.input(Input::Unlock("ep3".to_owned()), now),
                Op::Rewind => s.input(Input::Rewind, now),
            };
            all.extend(commands);
            let played = all.iter().find_map(|c| if let Command::Play { slot } = c { Some(*slot) } else { None });
            let mut placed = Vec::new();
            let mut before_play = true;
            for command in all.drain(..) {
                match command {
                    Command::Load { slot, .. } => {
                        prop_assert!(!before_play || played.is_none_or(|p| p == slot));
                        loaded[slot] = true;
                    }
                    Command::Show { slot, prev, next } => {
                        prop_assert!(loaded[slot]);
                        prop_assert!(prev != Some(slot) && next != Some(slot));
                        placed.extend(prev.into_iter().chain(next));
                        current = Some(slot);
                    }
                    Command::Play { slot } => {
                        before_play = false;
                        prop_assert!(slot < 5);
                    }
                    Command::Pause { slot } | Command::Rewind { slot } | Command::Reload { slot } => {
                        prop_assert!(slot < 5)
                    }
                    _ => {}
                }
            }
            prop_assert!(placed.iter().all(|&slot| loaded[slot]));
            prop_assert!(s.feed_index() < s.feed_len());
        }
    }
}

// ---- timer setting, drawer and card views -----------------------------------------------------

fn open_choice(timer: Timer) -> (Session, Vec<Command>) {
    let mut s = session(None, None);
    s.input(Input::Timer(timer), 0);
    start(&mut s);
    let commands = s.input(Input::MediaTime { slot: 0, media_ms: 1000 }, 1000);
    (s, commands)
}

#[test]
fn timer_extended_doubles_the_time_and_moves_the_default() {
    let (mut s, commands) = open_choice(Timer::Extended);
    check(
        &s,
        commands,
        &[
            r#"choices {"prompt":"哪条路?","options":[{"index":0,"label":"Left"},{"index":1,"label":"Right"}],"timeoutMs":6000,"deadlineMs":7000,"defaultIndex":1}"#,
            r#"emit {"event":"choiceshow","detail":{"prompt":"哪条路?","options":[{"index":0,"label":"Left"},{"index":1,"label":"Right"}],"timeoutMs":6000}}"#,
        ],
    );
    assert_eq!(s.next_deadline(), Some(4000), "3 s before the end: the last call");
    let commands = s.input(Input::Tick, 4000);
    check(&s, commands, &["announce SecondsLeft(3)"]);
    assert_eq!(s.next_deadline(), Some(7000), "the catalog's 3 s are not the viewer's 6 s");
    assert!(s.input(Input::Tick, 6999).is_empty());
    let commands = s.input(Input::Tick, 7000);
    assert!(commands
        .iter()
        .any(|c| matches!(c, Command::Emit(Event::Choice { index: 1, via: Via::Timeout, .. }))));
}

#[test]
fn timer_off_never_takes_the_default() {
    let (mut s, commands) = open_choice(Timer::Off);
    check(
        &s,
        commands,
        &[
            r#"choices {"prompt":"哪条路?","options":[{"index":0,"label":"Left"},{"index":1,"label":"Right"}],"timeoutMs":null,"deadlineMs":null,"defaultIndex":null}"#,
            r#"emit {"event":"choiceshow","detail":{"prompt":"哪条路?","options":[{"index":0,"label":"Left"},{"index":1,"label":"Right"}],"timeoutMs":null}}"#,
        ],
    );
    assert_eq!(s.next_deadline(), None);
    assert!(s.input(Input::Tick, 4000).is_empty());
    assert!(s.input(Input::Tick, u64::MAX).is_empty(), "no time is ever up");
    // The viewer still chooses.
    let commands = s.input(Input::Choose { index: 0, via: Via::Key }, 100_000);
    assert!(commands
        .iter()
        .any(|c| matches!(c, Command::Emit(Event::Choice { index: 0, via: Via::Key, .. }))));
}

#[test]
fn timer_parses_the_attribute_values() {
    assert_eq!(Timer::parse("normal"), Some(Timer::Normal));
    assert_eq!(Timer::parse(" Extended "), Some(Timer::Extended));
    assert_eq!(Timer::parse("OFF"), Some(Timer::Off));
    assert_eq!(Timer::parse("forever"), None);
    assert_eq!(Timer::default(), Timer::Normal);
}

#[test]
fn episodes_list_the_feed_with_lock_watched_and_current_marks() {
    let mut s = session(None, None);
    start(&mut s);
    let marks = |s: &Session| -> Vec<(String, String, bool, bool, bool)> {
        s.episodes()
            .into_iter()
            .map(|e| (format!("{}/{}", e.series_id, e.episode_id), e.title, e.locked, e.watched, e.current))
            .collect()
    };
    assert_eq!(
        marks(&s),
        [
            ("a/ep1".to_owned(), "One".to_owned(), false, true, true),
            ("a/ep2".to_owned(), "Two".to_owned(), false, false, false),
            ("a/ep3".to_owned(), "Three".to_owned(), true, false, false),
            ("b/ep1".to_owned(), "B one".to_owned(), false, false, false),
        ]
    );
    // A jump from the drawer: ep2 becomes current and watched; the lock goes once unlocked.
    s.input(Input::Jump(1), 100);
    s.input(Input::Unlock("ep3".to_owned()), 200);
    let after = marks(&s);
    assert_eq!((after[1].3, after[1].4), (true, true));
    assert!(!after[2].2, "unlocked");
    assert!(!after[0].4);
    let two = s.episode(1).expect("entry 1");
    assert_eq!(two.series_title, "Series A");
    assert_eq!(two.poster, None, "neither the episode, its series nor its first segment has one");
    assert_eq!(s.episode(2).and_then(|e| e.poster).as_deref(), Some("a3.webp"));
    let location = two.location.expect("ep2 has a location");
    assert_eq!(
        (location.name.as_str(), location.url.as_deref()),
        ("港口", Some("https://example.com/harbour"))
    );
    assert!(s.episode(4).is_none());
}

#[test]
fn endings_progress_counts_per_series() {
    let mut s = session(None, None);
    start(&mut s);
    let progress =
        |s: &Session| s.endings().into_iter().map(|p| (p.series_id, p.found, p.total)).collect::<Vec<_>>();
    assert_eq!(progress(&s), [("a".to_owned(), 0, 1), ("b".to_owned(), 0, 0)]);
    s.input(Input::MediaTime { slot: 0, media_ms: 1000 }, 1000);
    s.input(Input::Choose { index: 1, via: Via::Tap }, 1100);
    assert_eq!(progress(&s), [("a".to_owned(), 1, 1), ("b".to_owned(), 0, 0)]);
    // Where each series' entries sit in the feed: the drawer's grids.
    let runs: Vec<_> = s.endings().into_iter().map(|p| (p.first, p.entries)).collect();
    assert_eq!(runs, [(0, 3), (3, 1)]);
    let one = session(Some("b"), None);
    let runs: Vec<_> = one.endings().into_iter().map(|p| (p.series_id, p.first, p.entries)).collect();
    assert_eq!(runs, [("b".to_owned(), 0, 1)]);
}

#[test]
fn a_skipped_video_is_not_preloaded_again_as_a_neighbour() {
    let mut s = session(Some("a"), None);
    start(&mut s);
    s.input(Input::MediaError { slot: 0 }, 100);
    s.input(Input::Tick, 600);
    s.input(Input::MediaError { slot: 0 }, 700);
    s.input(Input::Tick, 1700);
    let commands = s.input(Input::MediaError { slot: 0 }, 1800);
    let lines = transcript(&s, &commands);
    assert!(lines.iter().any(|l| l.contains("media-skipped")), "{lines:?}");
    assert!(!lines.iter().any(|l| l.starts_with("load") && l.ends_with("a/ep1/s1")), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("show") && l.contains("prev=None")), "{lines:?}");
    // Going back to it on purpose loads it again.
    let commands = s.input(Input::Prev, 2000);
    let lines = transcript(&s, &commands);
    assert!(lines.iter().any(|l| l.starts_with("load") && l.ends_with("a/ep1/s1")), "{lines:?}");
}

#[test]
fn a_save_made_in_another_series_is_refused_and_changes_nothing() {
    let mut other = session(Some("b"), None);
    start(&mut other);
    let text = other.save();
    let mut s = session(Some("a"), None);
    start(&mut s);
    s.input(Input::MediaTime { slot: 0, media_ms: 1000 }, 1000);
    s.input(Input::Choose { index: 0, via: Via::Tap }, 1100);
    let before = s.save();
    match s.restore(&text, 2000) {
        Err(e) => assert_eq!(e.code.as_str(), "save-other-series"),
        Ok(commands) => panic!("another series' save was accepted: {:?}", transcript(&s, &commands)),
    }
    assert_eq!(s.save(), before, "a refused save changes nothing");
    assert_eq!(s.feed_index(), 0);
}

#[test]
fn unlocking_an_episode_the_catalog_lacks_is_an_error_event_and_changes_nothing() {
    let mut s = session(None, None);
    start(&mut s);
    let before = s.save();
    let commands = s.input(Input::Unlock("unknown".to_owned()), 10);
    check(
        &s,
        commands,
        &[
            r#"emit {"event":"error","detail":{"code":"unknown-episode","message":"no episode \"unknown\" to unlock"}}"#,
        ],
    );
    assert_eq!(s.save(), before);
}

// ---- what holds the video and the choice countdown ---------------------------------------------

/// A session whose first choice (3 s, default "Right") opened at 1 s.
fn choice_open() -> Session {
    let mut s = session(None, None);
    start(&mut s);
    let commands = s.input(Input::MediaTime { slot: 0, media_ms: 1000 }, 1000);
    assert!(commands.iter().any(|c| matches!(c, Command::ShowChoices(_))));
    assert_eq!(s.next_deadline(), Some(4000));
    s
}

#[test]
fn a_pause_freezes_the_choice_countdown_until_play() {
    let mut s = choice_open();
    let commands = s.input(Input::Pause, 2000);
    check(&s, commands, &["pause 0", "wait for viewer refused=false", "countdown running=false"]);
    assert_eq!(s.next_deadline(), None, "nothing is due while paused");
    assert!(s.input(Input::Tick, 60_000).is_empty(), "the default is not taken against the pause");
    let commands = s.input(Input::Play, 62_000);
    check(&s, commands, &["play 0", "countdown running=true"]);
    assert_eq!(s.next_deadline(), Some(64_000), "the 2 s that were left");
    assert!(s.input(Input::Tick, 63_999).is_empty());
    let commands = s.input(Input::Tick, 64_000);
    assert!(commands
        .iter()
        .any(|c| matches!(c, Command::Emit(Event::Choice { index: 1, via: Via::Timeout, .. }))));
}

#[test]
fn a_tap_toggles_and_a_swipe_plays_after_a_pause() {
    let mut s = choice_open();
    let commands = s.input(Input::TogglePlay, 1500);
    check(&s, commands, &["pause 0", "wait for viewer refused=false", "countdown running=false"]);
    let commands = s.input(Input::TogglePlay, 1600);
    check(&s, commands, &["play 0", "countdown running=true"]);
    s.input(Input::Pause, 1700);
    let commands = s.input(Input::Next, 1800);
    assert!(commands.contains(&Command::Play { slot: 3 }), "the next episode plays: {commands:?}");
    assert!(s.plays());
}

#[test]
fn the_drawer_and_a_menu_freeze_the_countdown_while_the_video_plays_on() {
    let mut s = choice_open();
    let commands = s.input(Input::DrawerOpen(true), 2000);
    check(&s, commands, &["countdown running=false"]);
    assert!(s.plays());
    let commands = s.input(Input::MenuOpen(true), 2500);
    assert!(commands.is_empty(), "already frozen: {commands:?}");
    assert!(s.input(Input::DrawerOpen(false), 3000).is_empty(), "the menu still covers it");
    let commands = s.input(Input::MenuOpen(false), 3500);
    check(&s, commands, &["countdown running=true"]);
    assert_eq!(s.next_deadline(), Some(5500), "1.5 s of 3 s had run");
}

#[test]
fn a_hidden_page_freezes_the_countdown_and_autopause_pauses_the_video() {
    let mut s = choice_open();
    let hidden = Input::Visibility { in_view: Some(true), hidden: true };
    let shown = Input::Visibility { in_view: Some(true), hidden: false };
    let commands = s.input(hidden.clone(), 2000);
    check(&s, commands, &["countdown running=false"]);
    let commands = s.input(shown.clone(), 3000);
    check(&s, commands, &["countdown running=true"]);
    assert!(s.input(Input::Autopause(true), 3100).is_empty());
    let commands = s.input(hidden, 3200);
    check(&s, commands, &["pause 0", "countdown running=false"]);
    let commands = s.input(Input::Visibility { in_view: Some(false), hidden: false }, 4000);
    assert!(commands.is_empty(), "out of view, still away: {commands:?}");
    let commands = s.input(shown, 5000);
    check(&s, commands, &["play 0", "countdown running=true"]);
    assert_eq!(s.next_deadline(), Some(4000 + 1000 + 1800), "frozen from 2 to 3 s and from 3.2 to 5 s");
}

#[test]
fn a_refused_play_goes_on_muted_then_waits_for_a_tap_when_even_muted_is_refused() {
    let mut s = session(None, None);
    start(&mut s);
    let commands = s.input(Input::PlayRefused { slot: 0 }, 10);
    check(&s, commands, &["muted true", r#"emit {"event":"autoplayblocked","detail":{}}"#, "play 0"]);
    assert!(s.muted());
    let commands = s.input(Input::PlayRefused { slot: 0 }, 20);
    check(&s, commands, &["wait for viewer refused=true", r#"emit {"event":"autoplayblocked","detail":{}}"#]);
    assert!(!s.plays());
    assert!(
        s.input(Input::PlayRefused { slot: 3 }, 25).is_empty(),
        "a neighbour's refusal is not the viewer's"
    );
    let commands = s.input(Input::Play, 30);
    check(&s, commands, &["play 0"]);
}

#[test]
fn autoplay_off_waits_for_the_viewer_then_plays() {
    let mut s = session(None, None);
    assert!(s.input(Input::Autoplay(false), 0).is_empty());
    let commands = s.start(0);
    let lines = transcript(&s, &commands);
    assert!(lines.contains(&"wait for viewer refused=false".to_owned()), "{lines:#?}");
    assert!(!commands.iter().any(|c| matches!(c, Command::Play { .. })));
    let commands = s.input(Input::Play, 100);
    check(&s, commands, &["play 0"]);
}

#[test]
fn a_pause_on_the_ending_card_or_a_lock_changes_nothing_on_screen() {
    let mut s = session(None, None);
    start(&mut s);
    s.input(Input::Next, 100);
    let commands = s.input(Input::Next, 200);
    assert!(commands.iter().any(|c| matches!(c, Command::ShowLock(_))));
    assert!(s.input(Input::Pause, 300).is_empty());
    assert!(s.input(Input::Play, 400).is_empty(), "nothing plays behind a lock");
}

// ---- story moves into a locked episode, and unlocking it ---------------------------------------

fn locks() -> Session {
    let text = include_str!("fixtures/locks.json");
    let catalog = match catalog::load(text) {
        Ok((catalog, _warnings)) => catalog,
        Err(diagnostics) => panic!("fixture does not load: {diagnostics:?}"),
    };
    let config = Config { series: None, episode: None, pool_size: 5, language: "en".to_owned() };
    match Session::new(catalog, config) {
        Ok(session) => session,
        Err(e) => panic!("session does not start: {e}"),
    }
}

const LOCK_EP3: &str = r#"lock {"episodeId":"ep3","title":"Three","poster":"a3.webp"}"#;
const LOCKED_EP3: &str = r#"emit {"event":"locked","detail":{"seriesId":"a","episodeId":"ep3"}}"#;
const ENTER_EP3: &str = r#"emit {"event":"episodechange","detail":{"seriesId":"a","episodeId":"ep3","index":2,"number":3,"title":"Three"}}"#;

/// Unlocking ep3 while its lock screen is up plays it at once.
fn unlock_plays_ep3(s: &mut Session, now: u64) {
    let commands = s.input(Input::Unlock("ep3".to_owned()), now);
    let lines = transcript(s, &commands);
    assert!(lines.first().is_some_and(|l| l == "hide lock"), "{lines:#?}");
    assert!(lines.iter().any(|l| l.starts_with("load ") && l.ends_with(" a/ep3/s1")), "{lines:#?}");
    assert!(commands.iter().any(|c| matches!(c, Command::Play { .. })), "{lines:#?}");
    assert!(s.plays());
    assert_eq!(s.locked_episode(), None);
}

#[test]
fn a_next_into_a_locked_episode_is_an_episodechange_and_unlock_plays_it() {
    let mut s = locks();
    start(&mut s);
    s.input(Input::MediaTime { slot: 0, media_ms: 50_000 }, 50_000);
    s.input(Input::Choose { index: 1, via: Via::Tap }, 51_000);
    let commands = s.input(Input::Ended { slot: 1 }, 60_000);
    check(&s, commands, &[ENTER_EP3, "pause 1", "rewind 1", LOCK_EP3, LOCKED_EP3]);
    assert_eq!(s.feed_index(), 2, "the feed follows the story");
    assert_eq!(s.locked_episode().as_deref(), Some("ep3"));
    unlock_plays_ep3(&mut s, 61_000);
}

#[test]
fn a_goto_into_a_locked_episode_is_an_episodechange_and_unlock_plays_it() {
    let mut s = locks();
    start(&mut s);
    s.input(Input::MediaTime { slot: 0, media_ms: 50_000 }, 50_000);
    let commands = s.input(Input::Choose { index: 0, via: Via::Tap }, 51_000);
    let lines = transcript(&s, &commands);
    assert!(lines.contains(&ENTER_EP3.to_owned()) && lines.contains(&LOCK_EP3.to_owned()), "{lines:#?}");
    unlock_plays_ep3(&mut s, 52_000);
}

#[test]
fn unlock_plays_the_locked_episode_after_a_swipe_the_drawer_or_a_restored_save() {
    let mut swiped = locks();
    start(&mut swiped);
    swiped.input(Input::Next, 100);
    let commands = swiped.input(Input::Next, 200);
    assert!(transcript(&swiped, &commands).contains(&LOCK_EP3.to_owned()));
    unlock_plays_ep3(&mut swiped, 300);

    let mut drawer = locks();
    start(&mut drawer);
    let commands = drawer.input(Input::Jump(2), 100);
    assert!(transcript(&drawer, &commands).contains(&LOCK_EP3.to_owned()));
    unlock_plays_ep3(&mut drawer, 200);

    let save = {
        let mut before = locks();
        start(&mut before);
        before.input(Input::Jump(2), 100);
        before.save()
    };
    let mut restored = locks();
    start(&mut restored);
    let commands = restored.restore(&save, 100).expect("the save restores");
    assert!(transcript(&restored, &commands).contains(&LOCK_EP3.to_owned()));
    unlock_plays_ep3(&mut restored, 200);
}

#[test]
fn rewind_resumes_two_seconds_before_the_choice_not_at_the_start_of_its_segment() {
    let mut s = locks();
    start(&mut s);
    s.input(Input::MediaTime { slot: 0, media_ms: 50_000 }, 50_000);
    s.input(Input::Choose { index: 1, via: Via::Tap }, 51_000);
    let commands = s.input(Input::Rewind, 52_000);
    check(
        &s,
        commands,
        &[
            "show 0 prev=None next=Some(2)",
            "seek 0 48000",
            "play 0",
            r#"emit {"event":"segmentchange","detail":{"seriesId":"a","episodeId":"ep1","segmentId":"s1"}}"#,
            "pause 1",
            "rewind 1",
        ],
    );
    assert_eq!(s.next_media_mark(), Some(50_000), "the choice opens again at its mark");
}

// ---- the stall watchdog -----------------------------------------------------------------------

#[test]
fn a_video_waiting_five_seconds_without_bytes_is_a_media_error_and_bytes_or_frames_restart_the_wait() {
    let mut s = session(Some("b"), None);
    start(&mut s);
    assert_eq!(s.input(Input::Waiting { slot: 0, media_ms: 1200 }, 1000), [Command::Busy(true)]);
    assert_eq!(s.next_deadline(), Some(1000 + STALL_TIMEOUT_MS));
    assert!(s.input(Input::Waiting { slot: 0, media_ms: 1200 }, 2000).is_empty());
    assert_eq!(s.next_deadline(), Some(1000 + STALL_TIMEOUT_MS), "a repeated waiting keeps the start");
    s.input(Input::Progress { slot: 0 }, 3000);
    assert_eq!(s.next_deadline(), Some(3000 + STALL_TIMEOUT_MS), "bytes arrived: the wait starts again");
    assert!(s.input(Input::Tick, 3000 + STALL_TIMEOUT_MS - 1).is_empty());
    s.input(Input::Tick, 3000 + STALL_TIMEOUT_MS);
    assert_eq!(s.next_deadline(), Some(3000 + STALL_TIMEOUT_MS + 500), "the retry is planned");

    // Frames that move, a pause, or another episode disarm it.
    let mut moved = session(Some("b"), None);
    start(&mut moved);
    moved.input(Input::Waiting { slot: 0, media_ms: 1200 }, 1000);
    assert_eq!(moved.input(Input::MediaTime { slot: 0, media_ms: 1300 }, 1500), [Command::Busy(false)]);
    assert_eq!(moved.next_deadline(), None);
    moved.input(Input::Waiting { slot: 0, media_ms: 1300 }, 1600);
    let paused = moved.input(Input::Pause, 1700);
    assert_eq!(paused.last(), Some(&Command::Busy(false)), "{paused:?}");
    assert_eq!(moved.next_deadline(), None, "a paused video waits for nothing");
    moved.input(Input::Play, 1800);
    moved.input(Input::Waiting { slot: 0, media_ms: 1300 }, 1900);
    assert!(moved.input(Input::Waiting { slot: 3, media_ms: 0 }, 1950).is_empty());
    assert_eq!(
        moved.next_deadline(),
        Some(1900 + STALL_TIMEOUT_MS),
        "a neighbour's waiting is its own business"
    );
}

#[test]
fn a_stalled_current_video_with_nothing_to_show_is_a_media_error_at_once() {
    let mut s = session(Some("b"), None);
    start(&mut s);
    assert!(s.input(Input::Stalled { slot: 1 }, 100).is_empty(), "a neighbour stalled: nothing");
    s.input(Input::Stalled { slot: 0 }, 200);
    assert_eq!(s.next_deadline(), Some(200 + 500), "retried after the back-off");
}

#[test]
fn a_hold_plays_at_double_speed_until_let_go_or_the_next_video_and_the_chosen_rate_stays() {
    let mut s = session(None, None);
    start(&mut s);
    let commands = s.input(Input::Rate(1.5), 100);
    check(&s, commands, &["rate 1.5 fast=false"]);
    let commands = s.input(Input::Fast(true), 200);
    check(&s, commands, &["rate 2 fast=true"]);
    let commands = s.input(Input::Fast(false), 300);
    check(&s, commands, &["rate 1.5 fast=false"]);
    s.input(Input::Fast(true), 400);
    let commands = s.input(Input::Next, 500);
    let lines = transcript(&s, &commands);
    let show = lines.iter().position(|l| l.starts_with("show 3")).expect("the next video is shown");
    assert_eq!(lines.get(show + 1).map(String::as_str), Some("rate 1.5 fast=false"), "{lines:#?}");
    assert_eq!(s.playback_rate(), 1.5);
    s.input(Input::Pause, 600);
    let commands = s.input(Input::Fast(true), 700);
    check(&s, commands, &["rate 1.5 fast=false"]);
    assert_eq!(s.playback_rate(), 1.5, "a paused video is not sped up");
}

/// The saves among `commands`.
fn saves(commands: &[Command]) -> Vec<&str> {
    commands
        .iter()
        .filter_map(|command| if let Command::Save(text) = command { Some(text.as_str()) } else { None })
        .collect()
}

#[test]
fn a_player_that_keeps_its_progress_saves_a_second_after_a_change_and_every_five_seconds_of_play() {
    let mut s = session(Some("b"), None);
    assert!(s.input(Input::Autosave(true), 0).is_empty());
    assert!(saves(&start(&mut s)).is_empty(), "not in the start's task");
    assert_eq!(s.next_deadline(), Some(SAVE_DELAY_MS), "the episode change is written a second later");
    let commands = s.input(Input::Tick, SAVE_DELAY_MS);
    assert_eq!(saves(&commands).len(), 1, "{commands:?}");
    assert_eq!(s.next_deadline(), Some(SAVE_DELAY_MS + AUTOSAVE_INTERVAL_MS), "the position, while it plays");
    s.input(Input::MediaTime { slot: 0, media_ms: 5_900 }, 5_900);
    let commands = s.input(Input::Tick, SAVE_DELAY_MS + AUTOSAVE_INTERVAL_MS);
    assert_eq!(saves(&commands).len(), 1, "{commands:?}");

    // Paused, the position does not move: nothing more to write until the page goes.
    s.input(Input::Pause, 6_500);
    assert_eq!(s.next_deadline(), None);
    let commands = s.input(Input::Leaving, 20_000);
    let [text] = saves(&commands)[..] else { panic!("one save when the page goes: {commands:?}") };
    let mut resumed = session(Some("b"), None);
    let restored = resumed.restore(text, 0).expect("the save restores");
    assert!(restored.contains(&Command::Seek { slot: 0, media_ms: 5_900 }), "at its position: {restored:?}");

    // A segment change is progress too.
    s.input(Input::Play, 21_000);
    let commands = s.input(Input::Ended { slot: 0 }, 21_100);
    assert!(saves(&commands).is_empty(), "not in the segment's task: {commands:?}");
    assert!(s.next_deadline().is_some_and(|due| due <= 21_100 + SAVE_DELAY_MS));
}

#[test]
fn a_player_that_keeps_no_progress_never_saves_and_an_unlock_is_progress() {
    let mut s = session(None, None);
    let mut commands = start(&mut s);
    commands.extend(s.input(Input::Tick, 60_000));
    commands.extend(s.input(Input::Leaving, 61_000));
    assert!(saves(&commands).is_empty(), "{commands:?}");

    let mut s = session(None, None);
    s.input(Input::Autosave(true), 0);
    start(&mut s);
    s.input(Input::Pause, 100);
    s.input(Input::Tick, SAVE_DELAY_MS);
    assert_eq!(s.next_deadline(), None);
    s.input(Input::Unlock("ep3".to_owned()), 2_000);
    assert_eq!(s.next_deadline(), Some(2_000 + SAVE_DELAY_MS), "the unlock is kept");
}

#[test]
fn a_press_is_read_in_the_core_tap_toggles_a_drag_follows_and_a_swipe_pages() {
    let mut s = session(None, None);
    start(&mut s);
    // A tap pauses.
    let commands = s.input(Input::Press { x: 100.0, y: 400.0, height: 800.0 }, 1_000);
    check(&s, commands, &["drag 0"]);
    let commands = s.input(Input::Release { x: 100.0, y: 400.0 }, 1_100);
    check(&s, commands, &["settle", "pause 0", "wait for viewer refused=false"]);
    // A drag up follows the finger; far enough, it pages to the next episode, which plays.
    let mut commands = s.input(Input::Press { x: 100.0, y: 600.0, height: 800.0 }, 2_000);
    commands.extend(s.input(Input::Drag { x: 100.0, y: 500.0 }, 2_050));
    commands.extend(s.input(Input::Drag { x: 100.0, y: 500.0 }, 2_060));
    let got = transcript(&s, &commands);
    assert_eq!(got[0], "drag 0");
    assert_eq!(got.len(), 2, "the same place is not drawn twice: {got:?}");
    assert!(got[1].starts_with("drag -"), "{got:?}");
    let commands = s.input(Input::Release { x: 100.0, y: 300.0 }, 2_100);
    let got = transcript(&s, &commands);
    assert_eq!(got[0], "settle");
    assert!(got.iter().any(|line| line.contains(r#""episodeId":"ep2""#)), "{got:?}");
    assert!(s.plays(), "a swipe plays, even after the pause");
    // The browser taking the pointer away snaps back without paging.
    s.input(Input::Press { x: 100.0, y: 600.0, height: 800.0 }, 3_000);
    s.input(Input::Drag { x: 100.0, y: 300.0 }, 3_050);
    let commands = s.input(Input::PressCancelled, 3_100);
    check(&s, commands, &["settle"]);
    assert!(s.input(Input::Release { x: 100.0, y: 300.0 }, 3_200).is_empty(), "no press left to end");
}

#[test]
fn a_still_press_plays_at_double_speed_at_its_deadline_until_it_lifts() {
    let mut s = session(Some("b"), None);
    start(&mut s);
    s.input(Input::Tick, 1_000);
    s.input(Input::Press { x: 100.0, y: 400.0, height: 800.0 }, 1_000);
    assert_eq!(s.next_deadline(), Some(1_000 + HOLD_MS), "the hold is the core's deadline");
    assert!(s.input(Input::Tick, 1_000 + HOLD_MS - 1).is_empty());
    let commands = s.input(Input::Tick, 1_000 + HOLD_MS);
    check(&s, commands, &["rate 2 fast=true"]);
    let commands = s.input(Input::Release { x: 100.0, y: 400.0 }, 3_000);
    check(&s, commands, &["settle", "rate 1 fast=false"]);
    assert!(s.plays(), "a hold is not a tap: nothing paused");
}

#[test]
fn a_tap_on_a_lock_screen_does_nothing_and_a_wheel_pages_unless_the_drawer_is_open() {
    let mut s = session(Some("a"), Some("ep3"));
    start(&mut s);
    s.input(Input::Press { x: 100.0, y: 400.0, height: 800.0 }, 1_000);
    let commands = s.input(Input::Release { x: 100.0, y: 400.0 }, 1_050);
    check(&s, commands, &["settle"]);

    s.input(Input::DrawerOpen(true), 2_000);
    assert!(s
        .input(Input::Wheel { delta_y: -120.0, mode: DeltaMode::Pixel, height: 800.0 }, 2_100)
        .is_empty());
    s.input(Input::DrawerOpen(false), 2_200);
    let commands = s.input(Input::Wheel { delta_y: -120.0, mode: DeltaMode::Pixel, height: 800.0 }, 2_300);
    let got = transcript(&s, &commands);
    assert!(got.iter().any(|line| line.contains(r#""episodeId":"ep2""#)), "back to ep2: {got:?}");
}

// ---- the end of the feed (CONTRACT §5) -----------------------------------------------------------

#[test]
fn the_last_entry_ending_shows_the_end_card_with_feedend_and_replay_plays_it_again() {
    let mut s = session(Some("b"), None);
    start(&mut s);
    s.input(Input::Ended { slot: 0 }, 5000);
    let commands = s.input(Input::Ended { slot: 1 }, 9000);
    check(&s, commands, &["pause 1", "feed end", r#"emit {"event":"feedend","detail":{}}"#]);
    assert!(!s.plays(), "nothing plays under the end card");
    assert!(s.input(Input::Play, 9100).is_empty(), "a tap on the card does not play the video under it");
    assert!(s.input(Input::Next, 9200).is_empty(), "nothing after the last entry");
    let commands = s.input(Input::Replay, 9300);
    check(
        &s,
        commands,
        &[
            "hide feed end",
            "show 0 prev=None next=None",
            "play 0",
            r#"emit {"event":"segmentchange","detail":{"seriesId":"b","episodeId":"ep1","segmentId":"s1"}}"#,
            "pause 1",
            "rewind 1",
        ],
    );
    assert!(s.plays());
}

#[test]
fn next_on_the_last_entrys_ending_card_goes_to_the_end_card() {
    let text = json!({"format": 1, "series": [{"id": "z", "episodes": [
        {"id": "ep1", "segments": [{"id": "s1", "src": "a.webm"}]},
        {"id": "ep2", "segments": [{"id": "s1", "src": "b.webm", "ending": {"id": "end", "title": "The End"}}]}
    ]}]})
    .to_string();
    let catalog = catalog::load(&text).map(|(catalog, _)| catalog).expect("the catalog loads");
    let config =
        Config { series: None, episode: Some("ep2".to_owned()), pool_size: 5, language: "en".to_owned() };
    let mut s = Session::new(catalog, config).expect("the session starts");
    start(&mut s);
    let commands = s.input(Input::Ended { slot: 0 }, 5000);
    let lines = transcript(&s, &commands);
    assert!(lines.iter().any(|l| l.starts_with("ending ")), "{lines:#?}");
    let commands = s.input(Input::Next, 6000);
    check(&s, commands, &["hide ending", "pause 0", "feed end", r#"emit {"event":"feedend","detail":{}}"#]);
}

#[test]
fn a_lock_screen_shows_its_episodes_poster_else_its_series_and_views_number_episodes() {
    let text = json!({"format": 1, "series": [{"id": "z", "poster": "series.webp", "episodes": [
        {"id": "ep1", "segments": [{"id": "s1", "src": "a.webm"}]},
        {"id": "ep2", "locked": true, "segments": [{"id": "s1", "src": "b.webm"}]}
    ]}]})
    .to_string();
    let catalog = catalog::load(&text).map(|(catalog, _)| catalog).expect("the catalog loads");
    let config = Config { series: None, episode: None, pool_size: 5, language: "en".to_owned() };
    let mut s = Session::new(catalog, config).expect("the session starts");
    start(&mut s);
    let commands = s.input(Input::Next, 100);
    let lines = transcript(&s, &commands);
    assert!(
        lines.contains(&r#"lock {"episodeId":"ep2","title":"","poster":"series.webp"}"#.to_owned()),
        "{lines:#?}"
    );
    let numbers: Vec<usize> = s.episodes().iter().map(|e| e.number).collect();
    assert_eq!(numbers, [1, 2]);
}

// ---- the viewer's settings across reloads (CONTRACT §5) -------------------------------------------

#[test]
fn a_player_that_keeps_progress_keeps_the_viewers_sound_speed_and_captions_and_not_a_fallback_mute() {
    let mut s = session(Some("b"), None);
    s.input(Input::Autosave(true), 0);
    start(&mut s);
    let said = |commands: Vec<Command>| -> Vec<String> {
        commands
            .into_iter()
            .filter_map(|c| match c {
                Command::SaveSettings(text) => Some(text),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        said(s.input(Input::Rate(1.5), 100)),
        [r#"{"muted":false,"volume":1.0,"rate":1.5,"captions":null}"#]
    );
    assert_eq!(
        said(s.input(Input::Captions(Some("en".to_owned())), 200)),
        [r#"{"muted":false,"volume":1.0,"rate":1.5,"captions":"en"}"#]
    );
    assert_eq!(
        said(s.input(Input::Volume(0.5), 300)),
        [r#"{"muted":false,"volume":0.5,"rate":1.5,"captions":"en"}"#]
    );
    assert_eq!(said(s.input(Input::Muted(true), 400)).len(), 1);
    s.input(Input::Muted(false), 500);
    // The browser refused sound: the feed goes on muted, which is not the viewer's choice.
    let refused = s.input(Input::PlayRefused { slot: 0 }, 600);
    assert!(refused.contains(&Command::SetMuted(true)), "{refused:?}");
    assert!(said(refused).is_empty(), "a fallback mute is not saved");
    assert!(s.muted());
    assert_eq!(
        said(s.input(Input::Rate(1.0), 700)),
        [r#"{"muted":false,"volume":0.5,"rate":1.0,"captions":"en"}"#],
        "nor kept with the next setting"
    );

    let mut forgetful = session(Some("b"), None);
    start(&mut forgetful);
    assert!(said(forgetful.input(Input::Rate(2.0), 100)).is_empty(), "resume off: nothing kept");
}

#[test]
fn stored_settings_read_back_and_bad_ones_are_refused_with_bad_save() {
    use microdrama::session::Settings;
    let settings = Settings { muted: true, volume: 0.25, rate: 1.25, captions: Some("zh-CN".to_owned()) };
    assert_eq!(Settings::from_json(&settings.to_json()).expect("it reads back"), settings);
    for bad in [
        "",
        "{}",
        "[1]",
        r#"{"muted":true,"volume":2,"rate":1,"captions":null}"#,
        r#"{"muted":true,"volume":1,"rate":0,"captions":null}"#,
        r#"{"muted":true,"volume":1,"rate":1,"captions":null,"extra":1}"#,
        &format!(r#"{{"muted":true,"volume":1,"rate":1,"captions":"{}"}}"#, "x".repeat(36)),
    ] {
        let error = Settings::from_json(bad).expect_err(bad);
        assert_eq!(error.code.as_str(), "bad-save", "{bad}: {error}");
    }
}
