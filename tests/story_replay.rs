//! Story engine: scripted replays over `tests/fixtures/story.json` compared as whole transcripts, saves,
//! and a property test over arbitrary operations.
//!
//! Each `tests/fixtures/transcripts/*.txt` is a script and its expected output in one file: unindented
//! lines are actions, the indented lines under each are what the story did, and the `=` lines at the end
//! are the state the script leaves. The test replays the actions and regenerates the whole file; it
//! must come out identical. After a deliberate change, `BLESS=1 cargo test --test story_replay`
//! rewrites the files — then read the diff.
//!
//! Actions (`@T` sets `now_ms`; without it the previous one holds):
//! `enter EP`, `resume EP`, `time MS` (media time), `end` (segment ended), `tick`, `choose N [tap|key|timeout|api]`,
//! `rewind`, `unlock EP`, `state` (print the state block), `save` (encode, decode into a fresh story,
//! go on with that one; reports whether the round trip is exact).

use std::fmt::Write as _;
use std::path::Path;

use microdrama::catalog::{self, Catalog};
use microdrama::command::Via;
use microdrama::expr::Value;
use std::collections::BTreeMap;

use microdrama::story::save::{
    self, PointSeen, SaveData, SaveErrorKind, SavedPoint, SeriesSave, MAX_SAVE_BYTES,
};
use microdrama::story::{Step, Story, StoryError, MAX_HISTORY};
use proptest::prelude::*;

const FIXTURE: &str = include_str!("fixtures/story.json");

fn fixture() -> Catalog {
    match catalog::load(FIXTURE) {
        Ok((catalog, _warnings)) => catalog,
        Err(diagnostics) => panic!("fixture refused: {diagnostics:#?}"),
    }
}

/// `ep1/s1`.
fn segment_name(c: &Catalog, episode: usize, segment: usize) -> String {
    let e = &c.series[0].episodes[episode];
    format!("{}/{}", e.id, e.segments[segment].id)
}

fn episode_index(c: &Catalog, id: &str) -> usize {
    c.series[0].episodes.iter().position(|e| e.id == id).unwrap_or(usize::MAX)
}

fn label(c: &Catalog, story: &Story, index: usize) -> String {
    let (e, s) = story.position().expect("a choice is open, so a segment plays");
    let choice = c.series[0].episodes[e].segments[s].choice.as_ref().expect("segment has a choice");
    choice.options[index].label.resolve("en", None).to_owned()
}

fn render_step(c: &Catalog, story: &Story, step: &Step) -> String {
    match step {
        Step::SegmentStarted { episode, segment } => {
            format!("SegmentStarted {}", segment_name(c, *episode, *segment))
        }
        Step::ChoiceOpened => {
            let open = story.open_choice().expect("ChoiceOpened leaves the choice open");
            let options: Vec<String> =
                open.visible.iter().map(|&i| format!("{i} {:?}", label(c, story, i))).collect();
            let deadline = open.deadline_ms.map_or("none".to_owned(), |d| d.to_string());
            format!(
                "ChoiceOpened [{}] default {} deadline {deadline}",
                options.join(", "),
                open.default.map_or("none".to_owned(), |d| d.to_string())
            )
        }
        Step::ChoiceTaken { index, via } => format!("ChoiceTaken {index} via {via:?}"),
        Step::EndingReached { id } => format!("EndingReached {id}"),
        Step::EpisodeFinished => "EpisodeFinished".to_owned(),
        Step::Locked { episode } => format!("Locked {}", c.series[0].episodes[*episode].id),
    }
}

fn state_block(c: &Catalog, story: &Story) -> String {
    let state = story.state();
    let position = story.position().map_or("none".to_owned(), |(e, s)| segment_name(c, e, s));
    let vars: Vec<String> = state
        .vars
        .iter()
        .map(|(n, v)| match v {
            Value::Bool(b) => format!("{n}={b}"),
            Value::Int(i) => format!("{n}={i}"),
            Value::Str(s) => format!("{n}={s:?}"),
        })
        .collect();
    // In catalog order, as the transcripts list them (the story keeps them in the order seen).
    let mut seen: Vec<(usize, usize)> = state.seen.iter().collect();
    seen.sort_unstable();
    let seen: Vec<String> = seen.into_iter().map(|(e, s)| segment_name(c, e, s)).collect();
    let locked: Vec<String> = (0..c.series[0].episodes.len())
        .filter(|&e| story.is_locked(c, e))
        .map(|e| c.series[0].episodes[e].id.clone())
        .collect();
    let upcoming: Vec<String> = story.upcoming(c).iter().map(|&(e, s)| segment_name(c, e, s)).collect();
    let list = |items: Vec<String>| if items.is_empty() { "-".to_owned() } else { items.join(" ") };
    let mut out = String::new();
    let _ = writeln!(out, "= position {position}");
    let _ = writeln!(out, "= vars {}", list(vars));
    let _ = writeln!(out, "= seen {}", list(seen));
    let _ = writeln!(out, "= endings {}", list(story.endings_found().to_vec()));
    let _ = writeln!(out, "= locked {}", list(locked));
    let _ = writeln!(out, "= upcoming {}", list(upcoming));
    let deadline = story.deadline().map_or("none".to_owned(), |d| d.to_string());
    let _ = writeln!(out, "= deadline {deadline}, can rewind: {}", story.can_rewind());
    out
}

fn parse_via(word: Option<&str>) -> Via {
    match word {
        None | Some("tap") => Via::Tap,
        Some("key") => Via::Key,
        Some("timeout") => Via::Timeout,
        Some("api") => Via::Api,
        Some(other) => panic!("unknown via {other}"),
    }
}

/// Replays the actions of `script` and returns the transcript it should be.
fn replay(c: &Catalog, script: &str) -> String {
    let mut story = Story::new(c, 0);
    let mut now = 0u64;
    let mut out = String::new();
    for line in script.lines() {
        if line.starts_with("  ") || line.starts_with('=') {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words: Vec<&str> = line.split_whitespace().collect();
        if let Some(at) = words.last().and_then(|w| w.strip_prefix('@')) {
            now = at.parse().expect("@T is a number");
            words.pop();
        }
        let number = |i: usize| words.get(i).and_then(|w| w.parse::<u64>().ok()).expect("a number argument");
        let result: Result<Vec<Step>, String> = match words[0] {
            "enter" => Ok(story.enter(c, episode_index(c, words[1]), now)),
            "resume" => Ok(story.resume(c, episode_index(c, words[1]), now)),
            "time" => Ok(story.media_time(c, number(1), now)),
            "end" => Ok(story.segment_ended(c, now)),
            "tick" => Ok(story.tick(c, now)),
            "choose" => story
                .choose(c, number(1) as usize, parse_via(words.get(2).copied()), now)
                .map_err(|e| format!("error: {e}")),
            "rewind" => story.rewind(c, now).map_err(|e| format!("error: {e}")),
            "unlock" => Err(format!("unlocked: {}", story.unlock(episode_index(c, words[1])))),
            "state" => {
                out.push_str(&state_block(c, &story).replace("= ", "  "));
                continue;
            }
            "save" => {
                let text = save::encode(c, None, [&story]);
                let (restored, dropped) = save::decode(&text, c).expect("own save decodes");
                let again = restored.stories.into_iter().next().expect("the series is in the save");
                let exact = again.snapshot(c) == story.snapshot(c)
                    && again.state() == story.state()
                    && save::encode(c, None, [&again]) == text;
                story = again;
                Err(format!("saved; exact round trip: {exact}; dropped: {dropped:?}"))
            }
            other => panic!("unknown action {other}"),
        };
        match result {
            Ok(steps) if steps.is_empty() => out.push_str("  (nothing)\n"),
            Ok(steps) => steps.iter().for_each(|s| {
                let _ = writeln!(out, "  {}", render_step(c, &story, s));
            }),
            Err(message) => {
                let _ = writeln!(out, "  {message}");
            }
        }
    }
    out.push_str(&state_block(c, &story));
    out
}

#[test]
fn transcripts() {
    let c = fixture();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).expect("transcripts dir").map(|e| e.expect("entry").path()).collect();
    files.sort();
    assert!(files.len() >= 3, "transcripts missing from {}", dir.display());
    let mut failures = Vec::new();
    for file in files {
        let expected = std::fs::read_to_string(&file).expect("transcript");
        let actual = replay(&c, &expected);
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&file, &actual).expect("write transcript");
        } else if actual != expected {
            failures.push(format!("{}:\n--- expected\n{expected}--- actual\n{actual}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A story a few choices deep: Accept (timed out to Refuse is the other branch), the vault, a loop.
fn played(c: &Catalog) -> Story {
    let mut story = Story::new(c, 0);
    story.enter(c, 0, 0);
    story.media_time(c, 5000, 10);
    story.choose(c, 0, Via::Tap, 20).expect("Accept is visible");
    story.unlock(1);
    story.segment_ended(c, 30);
    story.segment_ended(c, 40);
    story.choose(c, 0, Via::Key, 50).expect("Look around is visible");
    story
}

#[test]
fn save_round_trips_exactly() {
    let c = fixture();
    let story = played(&c);
    let text = save::encode(&c, Some((0, 1)), [&story]);
    let (restored, dropped) = save::decode(&text, &c).expect("decodes");
    assert_eq!(dropped, Vec::<String>::new());
    assert!(!restored.catalog_changed);
    assert_eq!(restored.current, Some((0, 1)));
    let again = &restored.stories[0];
    assert_eq!(again.state(), story.state());
    assert_eq!(again.position(), story.position());
    assert_eq!(again.endings_found(), story.endings_found());
    assert_eq!(save::encode(&c, Some((0, 1)), [again]), text);
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(json["version"], 2);
    assert_eq!(json["catalogHash"], format!("{:016x}", c.hash));
    assert_eq!(json["current"], serde_json::json!(["heist", "ep2"]));
    assert_eq!(json["series"]["heist"]["unlocked"], serde_json::json!(["ep2"]));
    assert_eq!(json["series"]["heist"]["position"]["segment"], "v2");
}

#[test]
fn rewind_after_restore_is_exact() {
    let c = fixture();
    let mut story = played(&c);
    let text = save::encode(&c, None, [&story]);
    let (restored, _) = save::decode(&text, &c).expect("decodes");
    let mut again = restored.stories.into_iter().next().expect("one story");
    // The restored segment keeps its entry state: a choice there checkpoints exactly as before.
    for s in [&mut story, &mut again] {
        s.segment_ended(&c, 100);
        s.choose(&c, 0, Via::Tap, 110).expect("Back to the door");
        s.rewind(&c, 120).expect("a checkpoint");
    }
    assert_eq!(again.state(), story.state());
    assert_eq!(again.position(), story.position());
}

#[test]
fn save_into_changed_catalog_drops_and_reports() {
    let c = fixture();
    let story = played(&c);
    let text = save::encode(&c, Some((0, 1)), [&story]);
    // Edited catalog: `lookedTwice` renamed, `hasKey` now a number, v2 renamed.
    let edited = FIXTURE
        .replace("lookedTwice", "lookedAgain")
        .replace("\"hasKey\": false", "\"hasKey\": 0")
        .replace("\"if\": \"hasKey\"", "\"if\": \"hasKey > 0\"")
        .replace("\"hasKey\": \"true\"", "\"hasKey\": \"1\"")
        .replace("v2", "v2b");
    let (changed, _) = catalog::load(&edited).expect("edited fixture loads");
    assert_ne!(changed.hash, c.hash);
    let (restored, dropped) = save::decode(&text, &changed).expect("decodes");
    assert!(restored.catalog_changed);
    assert_eq!(
        dropped,
        [
            "series `heist`: variable `hasKey` changed type; it starts again from its initial value",
            "series `heist`: variable `lookedTwice` is no longer declared",
            "series `heist`: seen segment `ep2/v2` no longer exists",
            "series `heist`: position `ep2/v2` no longer exists; nothing is playing",
        ]
    );
    let again = &restored.stories[0];
    assert_eq!(again.position(), None);
    assert_eq!(again.state().vars["trust"], Value::Int(1));
    assert_eq!(again.state().vars["hasKey"], Value::Int(0));
    assert_eq!(again.state().vars["lookedOnce"], Value::Bool(true));
    assert_eq!(again.state().vars["lookedAgain"], Value::Bool(false));
    assert!(!again.is_locked(&changed, 1), "the unlock survives");
    assert!(again.can_rewind(), "choice points at s1 and v1 still exist");
}

#[test]
fn save_of_vanished_series_and_ending_is_reported() {
    let c = fixture();
    let mut story = Story::new(&c, 0);
    story.enter(&c, 0, 0);
    story.segment_ended(&c, 1);
    story.tick(&c, 4001).into_iter().for_each(drop);
    assert_eq!(story.endings_found(), ["walk-away"]);
    let text = save::encode(&c, Some((0, 0)), [&story]);
    let edited = FIXTURE
        .replace("\"id\": \"heist\"", "\"id\": \"caper\"")
        .replace("\"id\": \"walk-away\"", "\"id\": \"walked\"");
    let (changed, _) = catalog::load(&edited).expect("edited fixture loads");
    let (restored, dropped) = save::decode(&text, &changed).expect("decodes");
    assert!(restored.stories.is_empty());
    assert_eq!(restored.current, None);
    assert_eq!(
        dropped,
        [
            "series `heist` no longer exists; its progress is dropped",
            "current episode `heist/ep1` no longer exists"
        ]
    );
    // The same save, series kept: only the ending is dropped.
    let edited = FIXTURE.replace("\"id\": \"walk-away\"", "\"id\": \"walked\"");
    let (changed, _) = catalog::load(&edited).expect("edited fixture loads");
    let (restored, dropped) = save::decode(&text, &changed).expect("decodes");
    assert_eq!(dropped, ["series `heist`: ending `walk-away` no longer exists"]);
    assert_eq!(restored.stories[0].endings_found(), Vec::<String>::new());
}

#[test]
fn bad_saves_are_refused() {
    let c = fixture();
    let good = save::encode(&c, None, [&played(&c)]);
    let kind = |text: &str| save::decode(text, &c).map(|_| ()).map_err(|e| e.kind);
    assert_eq!(kind(&good), Ok(()));
    assert_eq!(kind(""), Err(SaveErrorKind::NotJson));
    assert_eq!(kind(&good[..good.len() / 2]), Err(SaveErrorKind::NotJson));
    assert_eq!(kind("[1, 2"), Err(SaveErrorKind::NotJson));
    assert_eq!(kind(&good.replacen("\"version\":2", "\"version\":3", 1)), Err(SaveErrorKind::UnknownVersion));
    assert_eq!(
        kind(&good.replacen("\"version\":2", "\"version\":\"2\"", 1)),
        Err(SaveErrorKind::UnknownVersion)
    );
    assert_eq!(kind("{}"), Err(SaveErrorKind::Malformed));
    assert_eq!(kind("[]"), Err(SaveErrorKind::Malformed));
    assert_eq!(kind(r#"{"version":1}"#), Err(SaveErrorKind::Malformed));
    assert_eq!(
        kind(&good.replacen("\"catalogHash\":\"", "\"catalogHash\":\"zz", 1)),
        Err(SaveErrorKind::Malformed)
    );
    assert_eq!(kind(&good.replacen("\"trust\":1", "\"trust\":1.5", 1)), Err(SaveErrorKind::Malformed));
    // A point's count of segments seen: an integer, and no more than the series has seen.
    let counted = |count: serde_json::Value| {
        let mut json: serde_json::Value = serde_json::from_str(&good).expect("JSON");
        json["series"]["heist"]["position"]["seen"] = count;
        json.to_string()
    };
    let seen = serde_json::from_str::<serde_json::Value>(&good).unwrap()["series"]["heist"]["seen"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(kind(&counted(seen.into())), Ok(()));
    for bad in [(seen + 1).into(), (-1).into(), 1.5.into(), serde_json::json!([])] {
        assert_eq!(kind(&counted(bad.clone())), Err(SaveErrorKind::Malformed), "count {bad}");
    }
    let oversized = format!("{}{}", " ".repeat(MAX_SAVE_BYTES), good);
    let error = save::decode(&oversized, &c).map(|_| ()).expect_err("oversized");
    assert_eq!(error.kind, SaveErrorKind::TooLarge);
    assert!(error.message.contains("1048576"), "{}", error.message);
    // It is JSON (nothing recurses on it: no stack is spent), but no save.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(kind(&deep), Err(SaveErrorKind::Malformed));
    assert_eq!(kind(&format!("[{deep}")), Err(SaveErrorKind::NotJson));
}

#[test]
fn hostile_save_values_never_corrupt_the_story() {
    let c = fixture();
    // Ids that do not exist, a variable of the wrong type, far too many choice points.
    let point = r#"{"episode":"ep1","segment":"s1","vars":{"trust":"x"},"seen":["nope","ep1/s9","ep1/s1"]}"#;
    let history = vec![point; MAX_HISTORY + 3].join(",");
    let text = format!(
        r#"{{"version":1,"catalogHash":"{:016x}","current":["heist","zz"],"series":{{"heist":{{"vars":{{"trust":true,"nobody":1}},"seen":[],"endings":["rich","rich","none"],"unlocked":["ep2","ep9"],"position":{{"episode":"ep3","segment":"g9","vars":{{}},"seen":[]}},"history":[{history}]}}}}}}"#,
        c.hash
    );
    let (restored, dropped) = save::decode(&text, &c).expect("well-formed");
    assert!(!restored.catalog_changed, "same hash, yet every mismatch is still reported");
    assert_eq!(restored.current, None);
    let story = &restored.stories[0];
    assert_eq!(story.state().vars["trust"], Value::Int(0));
    assert_eq!(story.endings_found(), ["rich"]);
    assert!(!story.is_locked(&c, 1));
    assert_eq!(story.position(), None);
    assert_eq!(
        dropped,
        [
            "series `heist`: variable `nobody` is no longer declared",
            "series `heist`: variable `trust` changed type; it starts again from its initial value",
            "series `heist`: seen segment `nope` no longer exists",
            "series `heist`: seen segment `ep1/s9` no longer exists",
            "series `heist`: ending `none` no longer exists",
            "series `heist`: unlocked episode `ep9` no longer exists",
            "series `heist`: position `ep3/g9` no longer exists; nothing is playing",
            "series `heist`: 3 oldest choice points beyond the limit of 256",
            "current episode `heist/zz` no longer exists",
        ]
    );
}

/// The save `text` (version 2) as version 1 wrote it: each point with its own list of segments seen.
fn as_version_1(text: &str) -> String {
    let mut json: serde_json::Value = serde_json::from_str(text).expect("JSON");
    json["version"] = 1.into();
    for series in json["series"].as_object_mut().expect("series").values_mut() {
        let seen = series["seen"].as_array().expect("seen").clone();
        let listed = |point: &mut serde_json::Value| {
            let count = point["seen"].as_u64().expect("a count") as usize;
            // Version 1 listed them in catalog order, not in the order seen.
            let mut listed = seen[..count].to_vec();
            listed.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            point["seen"] = listed.into();
        };
        series["history"].as_array_mut().expect("history").iter_mut().for_each(listed);
        if !series["position"].is_null() {
            listed(&mut series["position"]);
        }
    }
    json.to_string()
}

#[test]
fn a_version_1_save_restores_the_same_story() {
    let c = fixture();
    let mut story = played(&c);
    story.segment_ended(&c, 100);
    story.choose(&c, 0, Via::Tap, 110).expect("Back to the door");
    let text = save::encode(&c, Some((0, 1)), [&story]);
    let old = as_version_1(&text);
    assert!(old.contains("\"version\":1") && old.contains("\"seen\":[\""), "{old}");
    let (restored, dropped) = save::decode(&old, &c).expect("version 1 is read");
    assert_eq!(dropped, Vec::<String>::new());
    let mut again = restored.stories.into_iter().next().expect("one story");
    assert_eq!(save::encode(&c, Some((0, 1)), [&again]), text, "written back as the same version 2 save");
    // Rewinding through both choice points lands on the same states.
    while story.rewind(&c, 200).is_ok() {
        again.rewind(&c, 200).expect("as many choice points");
        assert_eq!(again.state(), story.state());
        assert_eq!(again.position(), story.position());
    }
    assert!(!again.can_rewind());
}

#[test]
fn history_is_bounded_and_saves_stay_small() {
    let c = fixture();
    let mut story = Story::new(&c, 0);
    story.unlock(1);
    story.enter(&c, 1, 0);
    // Loop v1 → v2 → v1 … far more often than the history keeps.
    for i in 0..(MAX_HISTORY as u64 * 2) {
        story.segment_ended(&c, i);
        story.choose(&c, 0, Via::Tap, i).expect("the loop's first option is always visible");
    }
    let text = save::encode(&c, None, [&story]);
    assert!(text.len() <= MAX_SAVE_BYTES);
    // Each choice point is its segment, its variables and a count, not a copy of the segments seen.
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let history = json["series"]["heist"]["history"].as_array().expect("history");
    assert_eq!(history.len(), MAX_HISTORY, "every choice point kept");
    assert!(history.iter().all(|p| p["seen"].is_u64()));
    let mut rewinds = 0;
    while story.rewind(&c, 0).is_ok() {
        rewinds += 1;
    }
    assert_eq!(rewinds, MAX_HISTORY);
    assert_eq!(story.rewind(&c, 0), Err(StoryError::NothingToRewind));
}

#[test]
fn choose_without_open_choice_is_refused() {
    let c = fixture();
    let mut story = Story::new(&c, 0);
    assert_eq!(story.choose(&c, 0, Via::Api, 0), Err(StoryError::NoSuchOption(0)));
    story.enter(&c, 0, 0);
    // The choice opens at 5000 ms of media time, not before.
    assert_eq!(story.media_time(&c, 4999, 0), Vec::new());
    assert_eq!(story.choose(&c, 0, Via::Api, 0), Err(StoryError::NoSuchOption(0)));
    assert_eq!(story.rewind(&c, 0), Err(StoryError::NothingToRewind));
    assert_eq!(story.upcoming(&c), [(0, 2), (0, 1)], "default (Refuse → s3) first, before it opens too");
}

#[derive(Debug, Clone)]
enum Op {
    Enter(usize),
    Resume(usize),
    Time(u64),
    End,
    Tick(u64),
    Choose(usize),
    Rewind,
    Unlock(usize),
    SaveRestore,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..5).prop_map(Op::Enter),
        (0usize..5).prop_map(Op::Resume),
        (0u64..10_000).prop_map(Op::Time),
        Just(Op::End),
        (0u64..6_000).prop_map(Op::Tick),
        (0usize..5).prop_map(Op::Choose),
        Just(Op::Rewind),
        (0usize..5).prop_map(Op::Unlock),
        Just(Op::SaveRestore),
    ]
}

/// Applies `op` at `now` (advanced by ticks); a `SaveRestore` goes through text and back.
fn apply(c: &Catalog, story: &mut Story, now: &mut u64, op: Op) {
    match op {
        Op::Enter(e) => drop(story.enter(c, e, *now)),
        Op::Resume(e) => drop(story.resume(c, e, *now)),
        Op::Time(ms) => drop(story.media_time(c, ms, *now)),
        Op::End => drop(story.segment_ended(c, *now)),
        Op::Tick(dt) => {
            *now += dt;
            drop(story.tick(c, *now));
        }
        Op::Choose(i) => drop(story.choose(c, i, Via::Tap, *now)),
        Op::Rewind => drop(story.rewind(c, *now)),
        Op::Unlock(e) => drop(story.unlock(e)),
        Op::SaveRestore => {
            let text = save::encode(c, None, [&*story]);
            let (restored, _) = save::decode(&text, c).expect("own save decodes");
            if let Some(again) = restored.stories.into_iter().next() {
                *story = again;
            }
        }
    }
}

proptest! {
    #[test]
    fn any_operations_keep_the_story_consistent(ops in proptest::collection::vec(op(), 0..60)) {
        let c = fixture();
        let mut story = Story::new(&c, 0);
        let mut now = 0u64;
        for op in ops {
            if let Op::SaveRestore = op {
                let text = save::encode(&c, None, [&story]);
                let (_, dropped) = save::decode(&text, &c).expect("own save decodes");
                prop_assert!(dropped.is_empty());
                let before = story.snapshot(&c);
                apply(&c, &mut story, &mut now, op);
                prop_assert_eq!(story.snapshot(&c), before);
            } else {
                apply(&c, &mut story, &mut now, op);
            }
            let episodes = &c.series[0].episodes;
            if let Some((e, s)) = story.position() {
                prop_assert!(e < episodes.len() && s < episodes[e].segments.len());
                prop_assert!(!story.is_locked(&c, e), "a locked episode never plays");
                prop_assert!(story.state().seen.contains(e, s));
            }
            if let Some(open) = story.open_choice() {
                let options = episodes[story.position().expect("open choice has a segment").0]
                    .segments[story.position().expect("segment").1].choice.as_ref().expect("choice").options.len();
                prop_assert!(!open.visible.is_empty() && open.visible.iter().all(|&i| i < options));
                prop_assert!(open.default.is_some_and(|d| open.visible.contains(&d)));
            }
            for (e, s) in story.upcoming(&c) {
                prop_assert!(e < episodes.len() && s < episodes[e].segments.len());
            }
            let distinct: std::collections::BTreeSet<&String> = story.endings_found().iter().collect();
            prop_assert_eq!(distinct.len(), story.endings_found().len());
        }
    }

    /// A story driven with a catalog other than its own (here: its series cut to one episode of one
    /// segment, with saves from the full one restored into it) plays nonsense, but never panics.
    #[test]
    fn another_catalog_never_panics(ops in proptest::collection::vec(op(), 0..60)) {
        let full = fixture();
        let mut small = full.clone();
        small.series[0].episodes.truncate(1);
        small.series[0].episodes[0].segments.truncate(1);
        let mut story = Story::new(&full, 0);
        let mut now = 0;
        for (i, op) in ops.into_iter().enumerate() {
            apply(if i % 2 == 0 { &small } else { &full }, &mut story, &mut now, op);
        }
    }

    #[test]
    fn arbitrary_text_never_panics_decode(text in ".{0,400}") {
        let c = fixture();
        let _ = save::decode(&text, &c);
    }
}

fn saved_point() -> impl Strategy<Value = (String, String, BTreeMap<String, Value>, usize)> {
    let value = prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        ".{0,8}".prop_map(Value::Str)
    ];
    ("[a-z0-9/]{1,6}", ".{0,6}", prop::collection::btree_map("[a-z]{1,4}", value, 0..3), 0usize..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// One set of types reads and writes saves: any save written is read back the same, and written
    /// again as the same text.
    #[test]
    fn save_to_text_to_save_is_the_identity(
        hash in any::<u64>(),
        current in proptest::option::of(("[a-z]{1,4}", "\\PC{0,4}")),
        series in prop::collection::btree_map(
            "\\PC{1,6}",
            (
                prop::collection::vec("[a-z0-9/\"\\\\]{1,8}", 0..6),
                prop::collection::vec(saved_point(), 0..4),
                proptest::option::of(saved_point()),
                any::<u64>(),
                prop::collection::vec("[a-z]{1,4}", 0..3),
            ),
            0..3,
        ),
    ) {
        let point = |(episode, segment, vars, seen): (String, String, BTreeMap<String, Value>, usize), all: usize| {
            SavedPoint { episode, segment, vars, seen: PointSeen::Count(seen.min(all)) }
        };
        let series = series
            .into_iter()
            .map(|(id, (seen, history, position, position_ms, endings))| {
                let all = seen.len();
                let save = SeriesSave {
                    vars: BTreeMap::from([("x".to_owned(), Value::Int(position_ms as i64))]),
                    endings: endings.clone(),
                    unlocked: endings,
                    position: position.map(|p| point(p, all)),
                    position_ms,
                    history: history.into_iter().map(|p| point(p, all)).collect(),
                    seen,
                };
                (id, save)
            })
            .collect();
        let data = SaveData { version: save::SAVE_VERSION, catalog_hash: hash, current, series };
        let text = data.to_json();
        let read = SaveData::from_json(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&read, &data);
        prop_assert_eq!(read.to_json(), text);
    }
}

/// The documented shape, member for member (save.rs's module docs).
#[test]
fn a_save_is_written_in_the_documented_shape() {
    let vars = BTreeMap::from([
        ("trust".to_owned(), Value::Int(1)),
        ("calledPolice".to_owned(), Value::Bool(false)),
    ]);
    let point = |episode: &str, seen| SavedPoint {
        episode: episode.to_owned(),
        segment: "s1".to_owned(),
        vars: vars.clone(),
        seen: PointSeen::Count(seen),
    };
    let series = SeriesSave {
        vars: vars.clone(),
        seen: vec!["ep1/s1".to_owned(), "ep1/s2".to_owned(), "ep2/s1".to_owned()],
        endings: vec!["safe".to_owned()],
        unlocked: vec!["ep3".to_owned()],
        position: Some(point("ep2", 2)),
        position_ms: 4250,
        history: vec![point("ep1", 0)],
    };
    let data = SaveData {
        version: 2,
        catalog_hash: 0x00c0_ffee_1234_5678,
        current: Some(("anti-fraud".to_owned(), "ep2".to_owned())),
        series: BTreeMap::from([("anti-fraud".to_owned(), series)]),
    };
    assert_eq!(
        data.to_json(),
        concat!(
            r#"{"version":2,"catalogHash":"00c0ffee12345678","current":["anti-fraud","ep2"],"series":{"anti-fraud":{"#,
            r#""vars":{"calledPolice":false,"trust":1},"seen":["ep1/s1","ep1/s2","ep2/s1"],"endings":["safe"],"#,
            r#""unlocked":["ep3"],"position":{"episode":"ep2","segment":"s1","vars":{"calledPolice":false,"trust":1},"seen":2},"#,
            r#""positionMs":4250,"history":[{"episode":"ep1","segment":"s1","vars":{"calledPolice":false,"trust":1},"seen":0}]}}}"#
        )
    );
    let twice = data.to_json().replacen(r#""endings""#, r#""endings":[],"endings""#, 1);
    let error = SaveData::from_json(&twice).expect_err("a member written twice");
    assert_eq!(error.kind, SaveErrorKind::Malformed);
    assert!(
        error.message.contains("series.anti-fraud") && error.message.contains("endings"),
        "{}",
        error.message
    );
    // A name written twice in an object of names (a series, a variable) is refused too, not the last
    // one kept.
    let twice = data.to_json().replacen(r#""trust":1"#, r#""trust":1,"trust":2"#, 1);
    let error = SaveData::from_json(&twice).expect_err("a variable written twice");
    assert_eq!(error.kind, SaveErrorKind::Malformed);
    assert!(error.message.contains("series.anti-fraud.vars: `trust` is written twice"), "{}", error.message);
    let text = data.to_json();
    let series = &text[text.find(r#""series":{"#).unwrap() + r#""series":{"#.len()..text.len() - 2];
    let twice = text.replacen(series, &format!("{series},{series}"), 1);
    let error = SaveData::from_json(&twice).expect_err("a series written twice");
    assert!(error.message.contains("`anti-fraud` is written twice"), "{}", error.message);
}
