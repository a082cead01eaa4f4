//! Path exploration over `tests/fixtures/story.json` and small catalogs: endings reachable and not,
//! shortest and longest paths, options never offered, choices left with no visible option.

use microdrama::catalog::{self, Catalog};
use microdrama::diagnostic::Code;
use microdrama::paths::{self, EndingRef, Longest, OptionRef};

fn load(text: &str) -> Catalog {
    match catalog::load(text) {
        Ok((catalog, _warnings)) => catalog,
        Err(diagnostics) => panic!("catalog refused: {diagnostics:#?}"),
    }
}

fn fixture() -> Catalog {
    load(include_str!("fixtures/story.json"))
}

#[test]
fn fixture_endings_reachable_and_not() {
    let c = fixture();
    let report = paths::explore(&c, 0);
    assert!(report.complete);
    assert_eq!(report.series_id, "heist");
    let endings: Vec<(&str, &str, usize, Vec<&str>, Longest)> = report
        .endings
        .iter()
        .map(|e| {
            (
                e.id.as_str(),
                e.segment.as_str(),
                e.shortest,
                e.shortest_path.iter().map(String::as_str).collect(),
                e.longest,
            )
        })
        .collect();
    assert_eq!(
        endings,
        [
            ("walk-away", "ep1/s3", 1, vec!["Refuse"], Longest::Choices(1)),
            // The loop v1 → v2 → v1 can come before being caught, so that path has no longest.
            ("caught", "ep3/g2", 3, vec!["Accept", "Use the key", "Run"], Longest::Unbounded),
            // "Go back for the partner" needs v2 unseen: no loop can come before it.
            (
                "loyal",
                "ep3/g3",
                3,
                vec!["Accept", "Use the key", "Go back for the partner"],
                Longest::Choices(3)
            ),
        ]
    );
    // Only a trust no path reaches opens "Split the money".
    assert_eq!(report.unreachable_endings, [EndingRef { id: "rich".into(), segment: "ep3/g4".into() }]);
    assert_eq!(
        report.never_offered,
        [OptionRef {
            path: "series[0].episodes[2].segments[0].choice.options[2]".into(),
            segment: "ep3/g1".into(),
            index: 2,
            label: "Split the money".into(),
        }]
    );
    assert!(report.no_visible_option.is_empty());
    assert!(paths::no_visible_option(&c).is_empty());
}

#[test]
fn shortest_paths_count_choices_only() {
    // s1 → s2 → s3 by `next` costs nothing; the one choice in s3 counts.
    let c = load(
        r#"{ "format": 1, "title": "t", "series": [{ "id": "a", "title": "A", "variables": {}, "episodes": [
            { "id": "e", "title": "E", "segments": [
              { "id": "s1", "src": "a.webm", "next": "s2" },
              { "id": "s2", "src": "a.webm", "next": "s3" },
              { "id": "s3", "src": "a.webm", "choice": { "options": [
                  { "label": "Left", "goto": "l" }, { "label": "Right", "goto": "r" } ] } },
              { "id": "l", "src": "a.webm", "ending": { "id": "left", "title": "L" } },
              { "id": "r", "src": "a.webm", "next": "s3b" },
              { "id": "s3b", "src": "a.webm", "choice": { "options": [ { "label": "On", "goto": "z" } ] } },
              { "id": "z", "src": "a.webm", "ending": { "id": "far", "title": "Far" } } ] } ] }] }"#,
    );
    let report = paths::explore(&c, 0);
    let lengths: Vec<(&str, usize, Longest)> =
        report.endings.iter().map(|e| (e.id.as_str(), e.shortest, e.longest)).collect();
    assert_eq!(lengths, [("left", 1, Longest::Choices(1)), ("far", 2, Longest::Choices(2))]);
    assert_eq!(report.states, 7);
    assert!(report.unreachable_endings.is_empty() && report.never_offered.is_empty());
}

const NO_OPTION: &str = r#"{ "format": 1, "title": "t", "series": [{ "id": "a", "title": "A",
    "variables": { "brave": false },
    "episodes": [{ "id": "e", "title": "E", "segments": [
      { "id": "s1", "src": "a.webm", "choice": { "options": [
          { "label": "Timid", "goto": "s2" }, { "label": "Brave", "goto": "s2", "set": { "brave": "true" } } ] } },
      { "id": "s2", "src": "a.webm", "choice": { "options": [
          { "label": "Fight", "goto": "s3", "if": "brave" } ] }, "next": "s3" },
      { "id": "s3", "src": "a.webm", "ending": { "id": "done", "title": "Done" } } ] }] }] }"#;

#[test]
fn a_choice_left_without_options_is_warned_at_load() {
    let (c, warnings) = catalog::load(NO_OPTION).expect("warnings only");
    let report = paths::explore(&c, 0);
    assert_eq!(report.no_visible_option.len(), 1);
    assert_eq!(report.no_visible_option[0].path, "series[0].episodes[0].segments[1].choice");
    assert_eq!(report.no_visible_option[0].example, "brave = false");
    let found: Vec<_> = warnings.iter().filter(|d| d.code == Code::NoVisibleOption).collect();
    assert_eq!(found.len(), 1, "{warnings:#?}");
    assert_eq!(found[0].path, "series[0].episodes[0].segments[1].choice");
    assert!(!found[0].is_error());
    assert!(found[0].message.contains("e/s2"), "{}", found[0].message);
    // The timid path plays on through `next`: the ending stays reachable both ways.
    assert_eq!(report.endings[0].shortest, 1);
}

#[test]
fn episodes_chain_in_feed_order_and_locks_do_not_stop_exploration() {
    let c = load(
        r#"{ "format": 1, "title": "t", "series": [{ "id": "a", "title": "A", "variables": { "n": 0 }, "episodes": [
            { "id": "e1", "title": "1", "segments": [ { "id": "s", "src": "a.webm", "set": { "n": "n + 1" } } ] },
            { "id": "e2", "title": "2", "locked": true, "segments": [
              { "id": "s", "src": "a.webm", "choice": { "options": [
                  { "label": "Win", "goto": "w", "if": "n == 1" },
                  { "label": "Lose", "goto": "l", "if": "n != 1" } ] } },
              { "id": "w", "src": "a.webm", "ending": { "id": "win", "title": "W" } },
              { "id": "l", "src": "a.webm", "ending": { "id": "lose", "title": "L" } } ] } ] }] }"#,
    );
    let report = paths::explore(&c, 0);
    assert_eq!(report.endings.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["win"]);
    assert_eq!(report.unreachable_endings[0].id, "lose");
    assert_eq!(report.never_offered[0].label, "Lose");
    let text = report.to_string();
    assert!(text.contains("ending win at e2/w: shortest 1 choice [\"Win\"], longest 1 choice"), "{text}");
    assert!(text.contains("unreachable ending lose at e2/l"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&paths::report(&c).to_json()).expect("JSON");
    assert_eq!(json["series"][0]["endings"][0]["longest"], 1);
    assert_eq!(json["series"][0]["unreachableEndings"][0]["id"], "lose");
}

#[test]
fn unbounded_is_serialized_as_a_word() {
    let report = paths::report(&fixture());
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).expect("JSON");
    assert_eq!(json["series"][0]["endings"][1]["longest"], "unbounded");
    assert_eq!(json["series"][0]["complete"], true);
    assert!(report.to_string().contains("series heist:"));
}

#[test]
fn a_counter_on_a_loop_stops_at_the_state_limit_and_says_so() {
    // Every lap is a new state (n grows), so the states never run out.
    let c = load(
        r#"{ "format": 1, "title": "t", "series": [{ "id": "a", "title": "A", "variables": { "n": 0 }, "episodes": [
            { "id": "e", "title": "E", "segments": [
              { "id": "s", "src": "a.webm", "set": { "n": "n + 1" }, "choice": { "options": [
                  { "label": "Again", "goto": "s" }, { "label": "Stop", "goto": "z" } ] } },
              { "id": "z", "src": "a.webm", "ending": { "id": "z", "title": "Z" } } ] } ] }] }"#,
    );
    let report = paths::explore(&c, 0);
    assert!(!report.complete);
    assert_eq!(report.states, paths::MAX_STATES);
    assert_eq!(report.endings[0].shortest, 1);
    assert_eq!(report.endings[0].longest, Longest::Unknown);
    assert!(report.to_string().contains("INCOMPLETE"));
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let output =
        std::process::Command::new(env!("CARGO_BIN_EXE_microdrama")).args(args).output().expect("runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8");
    (output.status.code().unwrap_or(-1), text(output.stdout), text(output.stderr))
}

#[test]
fn cli_paths_text_json_and_exit_codes() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/story.json");
    let (code, out, _) = cli(&["paths", fixture]);
    assert_eq!(code, 0);
    assert!(out.contains("series heist: 38 states (complete)"), "{out}");
    assert!(out.contains("unreachable ending rich at ep3/g4"), "{out}");
    let (code, out, _) = cli(&["paths", "--json", fixture, "--series", "heist"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["series"][0]["endings"][2]["shortestPath"][2], "Go back for the partner");
    assert_eq!(cli(&["paths", fixture, "--series", "nope"]).0, 2);
    assert_eq!(cli(&["paths", fixture, "--series"]).0, 2);
    assert_eq!(cli(&["paths"]).0, 2);
    assert_eq!(cli(&["paths", "/nonexistent/catalog.json"]).0, 2);
    let bad = std::env::temp_dir().join(format!("microdrama-paths-{}.json", std::process::id()));
    std::fs::write(&bad, r#"{ "format": 2 }"#).expect("temp file");
    let (code, out, _) = cli(&["paths", bad.to_str().expect("UTF-8 path")]);
    let _ = std::fs::remove_file(&bad);
    assert_eq!(code, 1);
    assert!(out.contains("bad-format"), "{out}");
}

/// e1 leads to a free ending, to locked e2 and from there to locked e3; one more ending is reached by
/// few choices through e2 but also, by more choices, without it.
const LOCKS: &str = r#"{ "format": 1, "title": "t", "series": [{ "id": "a", "title": "A", "episodes": [
    { "id": "e1", "title": "1", "segments": [
      { "id": "s", "src": "a.webm", "choice": { "options": [
          { "label": "Stay", "goto": "free" },
          { "label": "Pay", "goto": { "episode": "e2" } },
          { "label": "Detour", "goto": "d1" } ] } },
      { "id": "free", "src": "a.webm", "ending": { "id": "free", "title": "F" } },
      { "id": "d1", "src": "a.webm", "choice": { "options": [ { "label": "On", "goto": "d2" } ] } },
      { "id": "d2", "src": "a.webm", "choice": { "options": [ { "label": "On", "goto": "both" } ] } },
      { "id": "both", "src": "a.webm", "ending": { "id": "both", "title": "B" } } ] },
    { "id": "e2", "title": "2", "locked": true, "segments": [
      { "id": "s", "src": "a.webm", "choice": { "options": [
          { "label": "Win", "goto": "w" },
          { "label": "Shortcut", "goto": { "episode": "e1", "segment": "both" } },
          { "label": "Deeper", "goto": { "episode": "e3" } } ] } },
      { "id": "w", "src": "a.webm", "ending": { "id": "one", "title": "W" } } ] },
    { "id": "e3", "title": "3", "locked": true, "segments": [
      { "id": "s", "src": "a.webm", "ending": { "id": "two", "title": "T" } } ] } ] }] }"#;

#[test]
fn locks_count_the_fewest_locked_episodes_per_ending() {
    let report = paths::explore(&load(LOCKS), 0);
    let locks: Vec<(&str, usize, Vec<&str>)> = report
        .endings
        .iter()
        .map(|e| (e.id.as_str(), e.shortest, e.locked_episodes.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        locks,
        [
            ("free", 1, vec![]),
            // Two choices through e2, three without: the fewest unlocks take the longer way.
            ("both", 2, vec![]),
            ("one", 2, vec!["e2"]),
            ("two", 2, vec!["e2", "e3"]),
        ]
    );
    assert_eq!(report.endings_without_unlocking, ["free", "both"]);
    assert_eq!(report.endings[1].shortest_segments, ["e1/s", "e2/s", "e1/both"]);
    let text = report.to_string();
    assert!(
        text.contains(
            "ending free at e1/free: shortest 1 choice [\"Stay\"], longest 1 choice; no unlock needed"
        ),
        "{text}"
    );
    assert!(text.contains("ending two at e3/s: shortest 2 choices [\"Pay\" → \"Deeper\"], longest unbounded; needs 2 locked episodes (e2, e3)"), "{text}");
    assert!(text.contains("  without unlocking: free, both\n"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&paths::report(&load(LOCKS)).to_json()).expect("JSON");
    let series = &json["series"][0];
    assert_eq!(series["endingsWithoutUnlocking"], serde_json::json!(["free", "both"]));
    assert_eq!(series["endings"][2]["lockedEpisodes"], serde_json::json!(["e2"]));
    assert_eq!(series["endings"][0]["shortestSegments"], serde_json::json!(["e1/s", "e1/free"]));
}

#[test]
fn a_locked_first_episode_locks_every_ending() {
    let c = load(
        r#"{ "format": 1, "title": "t", "series": [{ "id": "a", "title": "A", "episodes": [
            { "id": "e1", "title": "1", "locked": true, "segments": [
              { "id": "s", "src": "a.webm", "next": "z" },
              { "id": "z", "src": "a.webm", "ending": { "id": "z", "title": "Z" } } ] } ] }] }"#,
    );
    let report = paths::explore(&c, 0);
    assert_eq!(report.endings[0].locked_episodes, ["e1"]);
    assert!(report.endings_without_unlocking.is_empty());
    assert!(report.to_string().contains("  without unlocking: none\n"));
}
