//! The story map (`microdrama graph`, the studio's data): DOT and Mermaid compared whole against
//! `tests/fixtures/graph/` (`BLESS=1 cargo test --test graph` rewrites them after a deliberate change),
//! the marks of a catalog with errors, the CLI, and the save "Play from here" builds.

use std::collections::BTreeMap;

use microdrama::catalog;
use microdrama::expr::Value;
use microdrama::graph::{self, EdgeKind};
use microdrama::story::save;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{path}")).expect("fixture")
}

/// `actual` equals the fixture at `path`, or rewrites it when `BLESS` is set.
fn compare(actual: &str, path: &str) {
    let file = format!("{FIXTURES}/{path}");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&file, actual).expect("write fixture");
        return;
    }
    let expected = std::fs::read_to_string(&file).expect("fixture (BLESS=1 writes it)");
    assert!(actual == expected, "{path} differs; got:\n{actual}");
}

#[test]
fn the_story_fixture_as_dot_and_mermaid() {
    let map = graph::build(&read("story.json"));
    assert!(map.playable);
    compare(&map.to_dot(), "graph/story.dot");
    compare(&map.to_mermaid(), "graph/story.mmd");
}

#[test]
fn a_catalog_with_problems_as_dot_and_mermaid() {
    let map = graph::build(&read("graph/problems.json"));
    compare(&map.to_dot(), "graph/problems.dot");
    compare(&map.to_mermaid(), "graph/problems.mmd");
}

#[test]
fn local_errors_are_drawn_with_their_marks() {
    let map = graph::build(&read("graph/problems.json"));
    assert!(!map.playable);
    let codes: Vec<(&str, &str, Option<&str>)> =
        map.diagnostics.iter().map(|d| (d.code, d.path.as_str(), d.segment.as_deref())).collect();
    assert_eq!(
        codes,
        [
            ("dangling-target", "series[0].episodes[0].segments[0].choice.options[1].goto", Some("ep1/s1")),
            ("unreachable-segment", "series[0].episodes[0].segments[3]", Some("ep1/s4")),
        ]
    );
    let series = &map.series[0];
    let nodes: Vec<&str> = series.episodes.iter().flat_map(|e| &e.nodes).map(|n| n.id.as_str()).collect();
    assert_eq!(nodes, ["ep1/s1", "ep1/s2", "ep1/s3", "ep1/s4", "ep2/s1"]);
    let s4 = &series.episodes[0].nodes[3];
    assert!(s4.unreachable);
    assert_eq!(series.episodes[0].nodes[0].problem, Some("error"));
    assert!(series.episodes[1].locked);
    assert_eq!(series.missing.len(), 1);
    assert_eq!(series.missing[0].target, "s9");
    let to_missing = series.edges.iter().find(|e| e.to == series.missing[0].id).expect("an edge to it");
    assert_eq!((to_missing.kind, to_missing.index), (EdgeKind::Option, Some(1)));
    let brave = series.edges.iter().find(|e| e.index == Some(2)).expect("option 3");
    assert!(brave.never_offered);
    assert_eq!(brave.condition.as_deref(), Some("courage > 5"));
    let endings: Vec<(&str, bool, Vec<&str>)> = series
        .endings
        .iter()
        .map(|e| (e.id.as_str(), e.reachable, e.locked_episodes.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(endings, [("free", true, vec![]), ("hero", false, vec![]), ("paid", true, vec!["ep2"])]);
    assert_eq!(series.endings[0].shortest_segments, ["ep1/s1", "ep1/s2"]);
    assert_eq!(series.variables[0].name, "courage");
    assert_eq!(series.variables[0].kind, "int");
}

#[test]
fn other_errors_leave_only_the_diagnostics() {
    for text in
        [&b"{ \"format\": 2 }"[..], b"not json", b"{ \"format\": 1, \"series\": [{ \"id\": \"bad id\" }] }"]
    {
        let map = graph::build(text);
        assert!(!map.playable && map.series.is_empty(), "{}", String::from_utf8_lossy(text));
        assert!(!map.diagnostics.is_empty());
    }
    let json = serde_json::to_value(graph::build(&read("graph/problems.json"))).expect("serializes");
    assert_eq!(json["series"][0]["episodes"][0]["nodes"][0]["id"], "ep1/s1");
    assert_eq!(json["series"][0]["edges"][2]["neverOffered"], true);
    assert_eq!(json["series"][0]["endings"][2]["lockedEpisodes"][0], "ep2");
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let output =
        std::process::Command::new(env!("CARGO_BIN_EXE_microdrama")).args(args).output().expect("runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8");
    (output.status.code().unwrap_or(-1), text(output.stdout), text(output.stderr))
}

#[test]
fn cli_graph_formats_series_and_exit_codes() {
    let story = format!("{FIXTURES}/story.json");
    let problems = format!("{FIXTURES}/graph/problems.json");
    let (code, out, _) = cli(&["graph", &story]);
    assert_eq!((code, out), (0, graph::build(&read("story.json")).to_dot()));
    let (code, out, _) = cli(&["graph", &story, "--format", "mermaid", "--series", "heist"]);
    assert_eq!(code, 0);
    assert_eq!(out, graph::build(&read("story.json")).to_mermaid());
    let (code, out, err) = cli(&["graph", &problems]);
    assert_eq!(code, 1);
    assert!(out.starts_with("digraph story {"), "{out}");
    assert!(
        err.contains("error[dangling-target] series[0].episodes[0].segments[0].choice.options[1].goto"),
        "{err}"
    );
    assert_eq!(cli(&["graph", &story, "--format", "svg"]).0, 2);
    assert_eq!(cli(&["graph", &story, "--series", "nope"]).0, 2);
    assert_eq!(cli(&["graph", &story, "--series"]).0, 2);
    assert_eq!(cli(&["graph"]).0, 2);
    assert_eq!(cli(&["graph", "/nonexistent.json"]).0, 2);
}

fn vars(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs.iter().map(|(n, v)| ((*n).to_owned(), v.clone())).collect()
}

#[test]
fn play_from_shows_exactly_the_options_the_state_allows() {
    let (c, _) = catalog::load_bytes(&read("graph/play.json")).expect("valid");
    let labels = |p: &graph::PlayFrom| p.visible.iter().map(|(_, l)| l.clone()).collect::<Vec<_>>();
    // s1's own `set` adds 1 as it starts: 2 becomes 3, enough to open the door.
    let edited = vars(&[("courage", Value::Int(2)), ("name", Value::Str("Ann".into()))]);
    let played = graph::play_from(&c, "door", "ep1/s1", &edited, &[]).expect("plays");
    assert_eq!(labels(&played), ["Wait", "Open", "Call out"]);
    let brave = vars(&[("brave", Value::Bool(true))]);
    let played = graph::play_from(&c, "door", "ep1/s1", &brave, &["ep1/s2".into()]).expect("plays");
    assert_eq!(labels(&played), ["Wait", "Remember"]);
    assert_eq!(
        labels(&graph::play_from(&c, "door", "ep1/s1", &BTreeMap::new(), &[]).expect("plays")),
        ["Wait"]
    );
    // In the locked episode: unlocked for the author, no `set` there.
    let played =
        graph::play_from(&c, "door", "ep2/s1", &vars(&[("courage", Value::Int(1))]), &[]).expect("plays");
    assert_eq!(labels(&played), ["Stay", "Leave"]);
    let after_s3 =
        graph::play_from(&c, "door", "ep2/s1", &BTreeMap::new(), &["ep1/s3".into()]).expect("plays");
    assert_eq!(labels(&after_s3), ["Stay", "Hide"]);
    // The save plays that segment with that state.
    let (restored, dropped) = save::decode(&played.save, &c).expect("a save of this catalog");
    assert!(dropped.is_empty() && !restored.catalog_changed, "{dropped:?}");
    assert_eq!(restored.current, Some((0, 1)));
    let story = &restored.stories[0];
    assert_eq!(story.position(), Some((1, 0)));
    assert_eq!(story.state().vars["courage"], Value::Int(1));
    assert!(!story.is_locked(&c, 1));
    assert!(story.state().seen.contains(1, 0));
}

#[test]
fn the_map_lists_the_segments_seen_tests() {
    let map = graph::build(&read("graph/play.json"));
    // `seen("s2")` in ep1 names ep1/s2; `seen("ep1/s3")` in ep2 names ep1/s3.
    assert_eq!(map.series[0].seen_tested, ["ep1/s2", "ep1/s3"]);
    let story = graph::build(&read("story.json"));
    let tested: Vec<_> = story.series.iter().flat_map(|s| s.seen_tested.iter().map(String::as_str)).collect();
    assert_eq!(tested, ["ep2/v2"]);
}

#[test]
fn play_from_refuses_what_the_series_lacks() {
    let (c, _) = catalog::load_bytes(&read("graph/play.json")).expect("valid");
    let none = BTreeMap::new();
    assert!(graph::play_from(&c, "nope", "ep1/s1", &none, &[]).is_err());
    assert!(graph::play_from(&c, "door", "ep1/s9", &none, &[]).is_err());
    assert!(graph::play_from(&c, "door", "ep1/s1", &vars(&[("luck", Value::Int(1))]), &[]).is_err());
    assert!(graph::play_from(&c, "door", "ep1/s1", &vars(&[("brave", Value::Int(1))]), &[]).is_err());
    assert!(graph::play_from(&c, "door", "ep1/s1", &none, &["ep3/x".into()]).is_err());
}
