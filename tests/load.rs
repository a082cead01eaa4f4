//! Catalog loading: one fixture per diagnostic code, the contract's example, the size limits, and
//! property tests that no input panics the loader.

use std::fs;
use std::path::{Path, PathBuf};

use microdrama::catalog::{self, limits, Target, Text};
use microdrama::diagnostic::{Code, Diagnostic, Severity};
use proptest::prelude::*;
use serde_json::{json, Value as Json};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `(code, path)` of each diagnostic, to compare whole lists at once.
fn summary(diagnostics: &[Diagnostic]) -> Vec<(&'static str, String)> {
    diagnostics.iter().map(|d| (d.code.as_str(), d.path.clone())).collect()
}

fn errors(text: &str) -> Vec<(&'static str, String)> {
    match catalog::load(text) {
        Ok((_, warnings)) => panic!("expected errors, loaded with {warnings:?}"),
        Err(diagnostics) => summary(&diagnostics),
    }
}

/// Each invalid fixture names, in its `_expect` member, the one diagnostic it must give.
#[test]
fn each_fixture_gives_exactly_its_diagnostic() {
    let mut seen = Vec::new();
    for entry in fs::read_dir(fixtures().join("invalid")).expect("fixtures") {
        let path = entry.expect("entry").path();
        let text = fs::read_to_string(&path).expect("read");
        let meta: Json = serde_json::from_str(&text).expect("fixture is JSON");
        let code = meta["_expect"]["code"].as_str().expect("_expect.code");
        let at = meta["_expect"]["path"].as_str().expect("_expect.path");
        assert_eq!(path.file_stem().and_then(|s| s.to_str()), Some(code), "file named after its code");
        let diagnostics = match catalog::load(&text) {
            Ok((_, warnings)) => {
                assert!(warnings.iter().all(|w| w.severity == Severity::Warning));
                warnings
            }
            Err(diagnostics) => diagnostics,
        };
        assert_eq!(summary(&diagnostics), vec![(code, at.to_owned())], "{}", path.display());
        assert!(!diagnostics[0].message.is_empty());
        seen.push(code.to_owned());
    }
    seen.sort();
    let expected = [
        "bad-expression",
        "bad-format",
        "bad-id",
        "bad-json",
        "dangling-target",
        "default-out-of-range",
        "duplicate-id",
        "no-visible-option",
        "too-large",
        "type-mismatch",
        "unknown-variable",
        "unreachable-segment",
        "unsafe-url",
    ];
    assert_eq!(seen, expected);
}

#[test]
fn unreachable_segment_is_a_warning_and_the_catalog_loads() {
    let text = fs::read_to_string(fixtures().join("invalid/unreachable-segment.json")).expect("read");
    let (catalog, warnings) = catalog::load(&text).expect("warnings do not refuse");
    assert_eq!(warnings[0].severity, Severity::Warning);
    assert!(warnings[0].message.contains("\"s3\""), "{}", warnings[0].message);
    assert_eq!(catalog.series[0].episodes[0].segments.len(), 3);
}

#[test]
fn minimal_catalog_loads() {
    let text = fs::read_to_string(fixtures().join("valid-minimal.json")).expect("read");
    let (catalog, warnings) = catalog::load(&text).expect("valid");
    assert!(warnings.is_empty());
    let episode = &catalog.series[0].episodes[0];
    assert_eq!((episode.start, episode.locked, episode.segments[0].next), (0, false, None));
    assert_eq!(episode.segments[0].sources[0].src, "media/s1.webm");
}

/// The example of CONTRACT §1, with the `ep2` its `next` points to (the contract abbreviates it).
const CONTRACT_EXAMPLE: &str = r#"{
  "format": 1,
  "title": "Demo dramas",
  "series": [{
    "id": "anti-fraud",
    "title": "Anti-Fraud",
    "poster": "media/anti-fraud.webp",
    "language": "en",
    "variables": { "trust": 0, "calledPolice": false, "alias": "" },
    "episodes": [{
      "id": "ep1",
      "title": "The Call",
      "locked": false,
      "start": "s1",
      "segments": [
        { "id": "s1", "src": "media/ep1-s1.webm", "poster": "media/ep1-s1.webp", "durationMs": 8000,
          "captions": [{ "lang": "en", "label": "English", "src": "media/ep1-s1.en.vtt" }],
          "choice": {
            "atMs": 6000, "timeoutMs": 5000, "default": 0, "prompt": "Answer the call?",
            "options": [
              { "label": "Answer", "goto": "s2", "set": { "trust": "trust + 1" } },
              { "label": "Call the police", "goto": "s3", "if": "trust >= 1", "set": { "calledPolice": "true" } }
            ] } },
        { "id": "s2", "src": "media/ep1-s2.webm", "next": { "episode": "ep2" } },
        { "id": "s3", "src": "media/ep1-s3.webm", "ending": { "id": "safe", "title": "Safe and sound" } }
      ]
    }, {
      "id": "ep2",
      "title": { "en": "The Visit", "zh-CN": "来访" },
      "locked": true,
      "location": { "name": "Shanghai", "url": "https://maps.example/shanghai" },
      "segments": [
        { "id": "s1", "sources": [{ "src": "media/ep2-s1.webm", "type": "video/webm" }, { "src": "media/ep2-s1.mp4" }],
          "next": { "end": true } }
      ]
    }]
  }]
}"#;

#[test]
fn contract_example_loads() {
    let (catalog, warnings) = catalog::load(CONTRACT_EXAMPLE).expect("the contract's example is valid");
    assert!(warnings.is_empty(), "{warnings:?}");
    let series = &catalog.series[0];
    assert_eq!(series.id, "anti-fraud");
    let names: Vec<&str> = series.variables.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["trust", "calledPolice", "alias"], "declaration order is kept");
    let s1 = &series.episodes[0].segments[0];
    let choice = s1.choice.as_ref().expect("choice");
    assert_eq!((choice.at_ms, choice.timeout_ms, choice.default), (Some(6000), Some(5000), Some(0)));
    assert_eq!(choice.options[0].goto, Target::Segment { episode: 0, segment: 1 });
    assert_eq!(choice.options[1].condition.as_ref().map(|c| c.source()), Some("trust >= 1"));
    assert_eq!(series.episodes[0].segments[1].next, Some(Target::Segment { episode: 1, segment: 0 }));
    let ep2 = &series.episodes[1];
    assert!(ep2.locked);
    assert_eq!(
        ep2.title,
        Text::Localized(vec![("en".into(), "The Visit".into()), ("zh-CN".into(), "来访".into())])
    );
    assert_eq!(ep2.segments[0].sources.len(), 2);
    assert_eq!(ep2.segments[0].next, Some(Target::End));
    assert_eq!(catalog.hash, catalog::load(CONTRACT_EXAMPLE).expect("again").0.hash);
    assert_ne!(
        catalog.hash,
        catalog::load(&CONTRACT_EXAMPLE.replace("Safe and", "Safe &")).expect("edit").0.hash
    );
}

/// A series of `episodes` three-segment episodes, each a choice between two paths, chained by `next`.
fn generated_series(episodes: usize) -> String {
    let episode = |i: usize| {
        json!({
            "id": format!("ep{i}"),
            "title": { "en": format!("Episode {i}"), "zh-CN": format!("第{i}集") },
            "segments": [
                { "id": "s1", "src": format!("media/ep{i}/s1.webm"), "poster": format!("media/ep{i}/s1.webp"),
                  "durationMs": 8000,
                  "captions": [{ "lang": "en", "label": "English", "src": format!("media/ep{i}/s1.en.vtt") }],
                  "choice": { "atMs": 6000, "timeoutMs": 5000, "default": 0, "prompt": "Answer the call?",
                    "options": [
                      { "label": "Answer", "goto": "s2", "set": { "trust": "trust + 1" } },
                      { "label": "Call the police", "goto": "s3", "if": "trust >= 1 || seen(\"s2\")" }
                    ] } },
                { "id": "s2", "src": format!("media/ep{i}/s2.webm"),
                  "next": if i + 1 < episodes { json!({ "episode": format!("ep{}", i + 1) }) } else { json!({ "end": true }) } },
                { "id": "s3", "src": format!("media/ep{i}/s3.webm"), "ending": { "id": "safe", "title": "Safe" } }
            ]
        })
    };
    let catalog = json!({
        "format": 1,
        "series": [{ "id": "long", "variables": { "trust": 0 }, "episodes": (0..episodes).map(episode).collect::<Vec<_>>() }]
    });
    catalog.to_string()
}

#[test]
fn ten_thousand_three_segment_episodes_load() {
    let text = generated_series(10_000);
    assert!((6_000_000..7_500_000).contains(&text.len()), "{} bytes", text.len());
    let (catalog, warnings) = catalog::load(&text).expect("within the limits");
    assert!(warnings.is_empty());
    assert_eq!(catalog.series[0].episodes.len(), 10_000);
}

#[test]
fn a_twenty_megabyte_document_is_too_large() {
    let mut text = generated_series(100);
    text.push_str(&" ".repeat(20_000_000 - text.len()));
    assert_eq!(errors(&text), [("too-large", String::new())]);
    let refused = catalog::load_bytes(text.as_bytes()).expect_err("too large");
    assert!(refused[0].message.contains("DOCUMENT_BYTES"), "{}", refused[0].message);
}

/// No nesting costs stack: a value of the wrong shape is refused as it opens, and the value of a member
/// the loader does not read is skipped by a loop (limits.rs says why no depth limit is needed).
#[test]
fn deep_nesting_is_refused_or_skipped_never_a_stack_overflow() {
    let deep = |open: &str, close: &str| format!("{}0{}", open.repeat(200_000), close.repeat(200_000));
    assert_eq!(errors(&deep("[", "]")), [("bad-json", String::new())], "the root is not an object");
    assert_eq!(errors(&deep("{\"a\":", "}")), [("bad-format", "format".to_owned())], "no format anywhere");
    let text = fs::read_to_string(fixtures().join("valid-minimal.json")).expect("read");
    let ignored = text.replacen('{', &format!("{{\"extra\": {},", deep("[", "]")), 1);
    catalog::load(&ignored).expect("a member the loader ignores may nest as deep as it likes");
    let read = text.replacen('{', &format!("{{\"title\": {},", deep("[", "]")), 1);
    assert_eq!(errors(&read), [("bad-json", "title".to_owned())], "a title is no array");
}

#[test]
fn syntax_errors_give_line_and_column() {
    let refused = catalog::load("{\n  \"format\": 1,\n  \"series\": [}\n").expect_err("bad JSON");
    assert_eq!(summary(&refused), [("bad-json", String::new())]);
    assert!(refused[0].message.contains("line 3 column"), "{}", refused[0].message);
    let refused = catalog::load_bytes(b"{\"format\": \xff}").expect_err("not UTF-8");
    assert_eq!(summary(&refused), [("bad-json", String::new())]);
}

#[test]
fn bytes_may_start_with_a_byte_order_mark() {
    let text = fs::read_to_string(fixtures().join("valid-minimal.json")).expect("read");
    let marked = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let (from_bytes, _) = catalog::load_bytes(&marked).expect("loads");
    let (from_text, _) = catalog::load(&text).expect("loads");
    assert_eq!(from_bytes.series, from_text.series);
    assert!(catalog::load(&format!("\u{feff}{text}")).is_err(), "text is taken as it is");
}

/// A one-series catalog whose single episode has `segments`, with `variables` declared.
fn with_segments(variables: Json, segments: Json) -> String {
    json!({ "format": 1, "series": [{ "id": "s", "variables": variables, "episodes": [{ "id": "e", "segments": segments }] }] })
        .to_string()
}

#[test]
fn every_problem_is_reported_in_document_order() {
    let text = json!({
        "format": 1,
        "series": [
            { "id": "a", "episodes": [{ "id": "e", "segments": [
                { "id": "x", "src": "data:video/webm,AAAA", "next": "nowhere" },
                { "id": "bad id!", "src": "b.webm", "sources": [{ "src": "b.webm" }] }
            ] }] },
            { "id": "a", "poster": "javascript:alert(1)", "episodes": [] }
        ]
    })
    .to_string();
    let prefix = "series[0].episodes[0].segments";
    assert_eq!(
        errors(&text),
        [
            ("unsafe-url", format!("{prefix}[0].src")),
            ("dangling-target", format!("{prefix}[0].next")),
            ("bad-id", format!("{prefix}[1].id")),
            ("bad-json", format!("{prefix}[1]")),
            ("duplicate-id", "series[1].id".to_owned()),
            ("unsafe-url", "series[1].poster".to_owned()),
            ("bad-json", "series[1].episodes".to_owned()),
        ]
    );
}

#[test]
fn duplicate_messages_name_the_earlier_path() {
    let text = with_segments(json!({}), json!([{ "id": "a", "src": "a" }, { "id": "a", "src": "b" }]));
    let refused = catalog::load(&text).expect_err("duplicate");
    assert!(refused[0].message.contains("series[0].episodes[0].segments[0]"), "{}", refused[0].message);
}

#[test]
fn targets_resolve_across_episodes_and_to_starts() {
    let text = json!({ "format": 1, "series": [{ "id": "s", "variables": { "met": false }, "episodes": [
        { "id": "one", "segments": [
            { "id": "a", "src": "a", "choice": { "options": [
                { "label": "on", "goto": { "episode": "two" } },
                { "label": "skip", "goto": { "episode": "two", "segment": "c" }, "if": "seen(\"two/b\") && !met" },
                { "label": "stop", "goto": { "end": true } }
            ] } }
        ] },
        { "id": "two", "start": "b", "segments": [
            { "id": "c", "src": "c", "set": { "met": "seen(\"b\")" } },
            { "id": "b", "src": "b", "next": "c" }
        ] }
    ] }] })
    .to_string();
    let (catalog, warnings) = catalog::load(&text).expect("valid");
    assert!(warnings.is_empty(), "{warnings:?}");
    let options = &catalog.series[0].episodes[0].segments[0].choice.as_ref().expect("choice").options;
    let gotos: Vec<Target> = options.iter().map(|o| o.goto).collect();
    assert_eq!(
        gotos,
        [Target::Segment { episode: 1, segment: 1 }, Target::Segment { episode: 1, segment: 0 }, Target::End]
    );
    assert_eq!(catalog.series[0].episodes[1].start, 1);
}

#[test]
fn shapes_and_types_are_checked() {
    let cases = [
        (json!([{ "id": "a" }]), "series[0].episodes[0].segments[0]", "bad-json"),
        (
            json!([{ "id": "a", "src": "a", "sources": [{ "src": "a" }] }]),
            "series[0].episodes[0].segments[0]",
            "bad-json",
        ),
        (
            json!([{ "id": "a", "src": "a", "sources": null, "captions": {} }]),
            "series[0].episodes[0].segments[0].captions",
            "bad-json",
        ),
        (
            json!([{ "id": "a", "src": "a", "choice": { "options": [] } }]),
            "series[0].episodes[0].segments[0].choice.options",
            "bad-json",
        ),
        (
            json!([{ "id": "a", "src": "a", "next": { "end": false } }]),
            "series[0].episodes[0].segments[0].next",
            "bad-json",
        ),
        (
            json!([{ "id": "a", "src": "a", "next": { "episode": "zz" } }]),
            "series[0].episodes[0].segments[0].next.episode",
            "dangling-target",
        ),
        (
            json!([{ "id": "a", "src": "a", "set": { "n": "\"x\"" } }]),
            "series[0].episodes[0].segments[0].set.n",
            "type-mismatch",
        ),
        (
            json!([{ "id": "a", "src": "a", "set": { "n": "m" } }]),
            "series[0].episodes[0].segments[0].set.n",
            "unknown-variable",
        ),
        (
            json!([{ "id": "a", "src": "a", "set": { "n": "seen(\"zz\") " } }]),
            "series[0].episodes[0].segments[0].set.n",
            "dangling-target",
        ),
        (
            json!([{ "id": "a", "src": "a", "set": { "n": 1 } }]),
            "series[0].episodes[0].segments[0].set.n",
            "bad-json",
        ),
        (
            json!([{ "id": "a", "src": "a", "ending": { "id": "", "title": "t" } }]),
            "series[0].episodes[0].segments[0].ending.id",
            "bad-id",
        ),
        (
            json!([{ "id": "a", "src": "a", "choice": { "prompt": {}, "options": [{ "label": "l", "goto": "a" }] } }]),
            "series[0].episodes[0].segments[0].choice.prompt",
            "bad-json",
        ),
        (
            json!([{ "id": "a", "sources": vec![json!({ "src": "x" }); 9] }]),
            "series[0].episodes[0].segments[0].sources",
            "too-large",
        ),
        (
            json!([{ "id": "a", "src": "x".repeat(limits::URL_BYTES + 1) }]),
            "series[0].episodes[0].segments[0].src",
            "too-large",
        ),
        (
            json!([{ "id": "a", "src": "a", "choice": { "options": [{ "label": "l", "goto": "a", "if": "1 == 1 && ".repeat(120) + "true" }] } }]),
            "series[0].episodes[0].segments[0].choice.options[0].if",
            "too-large",
        ),
    ];
    for (segments, path, code) in cases {
        let text = with_segments(json!({ "n": 0 }), segments.clone());
        assert_eq!(errors(&text), [(code, path.to_owned())], "{segments}");
    }
}

#[test]
fn variables_take_three_types_and_identifier_names() {
    let segments = json!([{ "id": "a", "src": "a" }]);
    let cases = [
        (json!({ "x": 1.5 }), "series[0].variables.x", "type-mismatch"),
        (json!({ "x": [] }), "series[0].variables.x", "type-mismatch"),
        (json!({ "x": null }), "series[0].variables.x", "type-mismatch"),
        (json!({ "1x": 0 }), "series[0].variables.1x", "bad-id"),
        (json!({ "true": 0 }), "series[0].variables.true", "bad-id"),
        (json!({ "a.b": 0 }), "series[0].variables[\"a.b\"]", "bad-id"),
    ];
    for (variables, path, code) in cases {
        assert_eq!(
            errors(&with_segments(variables.clone(), segments.clone())),
            [(code, path.to_owned())],
            "{variables}"
        );
    }
}

#[test]
fn urls_are_refused_by_scheme_as_a_browser_reads_it() {
    for (src, allowed) in [
        ("media/a.webm", true),
        ("//cdn.example/x.webm", true),
        ("https://cdn.example/x.webm", true),
        ("blob:https://site.example/1", true),
        (" JaVa\tscript:alert(1)", false),
        ("\u{0}javascript:alert(1)", false),
        ("data:video/webm;base64,AAAA", false),
        ("file:///etc/passwd", false),
    ] {
        let text = with_segments(json!({}), json!([{ "id": "a", "src": src }]));
        match catalog::load(&text) {
            Ok(_) => assert!(allowed, "{src:?} must be refused"),
            Err(refused) => {
                assert!(!allowed, "{src:?} must load: {refused:?}");
                assert_eq!(refused[0].code, Code::UnsafeUrl);
            }
        }
    }
    let text = json!({ "format": 1, "series": [{ "id": "s", "episodes": [{ "id": "e", "location": { "name": "here", "url": "place.html" },
        "segments": [{ "id": "a", "src": "a" }] }] }] })
    .to_string();
    assert_eq!(errors(&text), [("unsafe-url", "series[0].episodes[0].location.url".to_owned())]);
}

#[test]
fn over_the_segment_total_is_too_large() {
    // 1,000 episodes of 251 minimal segments: 251,000 in all, over at episode 996. Built as text: the
    // `json!` tree of a quarter million segments costs more than the load itself.
    let segments: Vec<String> =
        (0..251).map(|i| format!(r#"{{"id":"s{i}","src":"a","next":"s0"}}"#)).collect();
    let segments = segments.join(",");
    let episodes: Vec<String> =
        (0..1000).map(|i| format!(r#"{{"id":"e{i}","segments":[{segments}]}}"#)).collect();
    let text = format!(r#"{{"format":1,"series":[{{"id":"s","episodes":[{}]}}]}}"#, episodes.join(","));
    assert_eq!(errors(&text), [("too-large", "series[0].episodes[996].segments".to_owned())]);
}

/// Catalog keys, so that generated trees reach deep into the walk.
const KEYS: &[&str] = &[
    "format",
    "title",
    "series",
    "id",
    "poster",
    "language",
    "variables",
    "episodes",
    "locked",
    "start",
    "segments",
    "src",
    "sources",
    "type",
    "durationMs",
    "captions",
    "lang",
    "label",
    "set",
    "choice",
    "atMs",
    "timeoutMs",
    "default",
    "prompt",
    "options",
    "goto",
    "if",
    "next",
    "ending",
    "episode",
    "segment",
    "end",
    "location",
    "name",
    "url",
    "x",
    "s1",
    "en",
];

fn leaf() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        (-3i64..12).prop_map(Json::from),
        any::<i64>().prop_map(Json::from),
        any::<f64>().prop_map(Json::from),
        prop::sample::select(vec![
            "s1",
            "s2",
            "e1",
            "x",
            "media/a.webm",
            "javascript:x",
            "x + 1",
            "seen(\"s1\")",
            "seen(\"e1/s2\")",
            "x >= ",
            "\"a\" + 1",
            "true",
            "!",
            "((((",
            "",
        ])
        .prop_map(Json::from),
        ".{0,12}".prop_map(Json::from),
    ]
}

fn tree() -> impl Strategy<Value = Json> {
    leaf().prop_recursive(10, 120, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(
                |members| Json::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            ),
        ]
    })
}

/// A catalog skeleton (series → episodes → segments → choice → options) whose fields are each absent,
/// plausible or an arbitrary tree: most of the walk is reached on most cases.
fn skeleton() -> impl Strategy<Value = Json> {
    fn field(plausible: Json) -> impl Strategy<Value = Option<Json>> {
        prop_oneof![4 => Just(Some(plausible)), 1 => Just(None), 1 => tree().prop_map(Some)]
    }
    fn object(fields: Vec<(&'static str, Option<Json>)>) -> Json {
        Json::Object(fields.into_iter().filter_map(|(k, v)| v.map(|v| (k.to_owned(), v))).collect())
    }
    let option =
        (field(json!("go")), field(json!("s2")), field(json!("x > 1")), field(json!({ "x": "x + 1" })))
            .prop_map(|(label, goto, cond, set)| {
                object(vec![("label", label), ("goto", goto), ("if", cond), ("set", set)])
            });
    let segment = (
        prop::sample::select(vec!["s1", "s2", "s3"]),
        field(json!("media/a.webm")),
        field(json!(1)),
        prop::collection::vec(option, 0..11),
        field(json!({ "episode": "e1", "segment": "s1" })),
        field(json!({ "id": "end", "title": { "en": "End" } })),
    )
        .prop_map(|(id, src, default, options, next, ending)| {
            let choice = (!options.is_empty()).then(|| json!({ "default": default, "options": options }));
            object(vec![
                ("id", Some(json!(id))),
                ("src", src),
                ("choice", choice),
                ("next", next),
                ("ending", ending),
            ])
        });
    let episode =
        (prop::sample::select(vec!["e1", "e2"]), field(json!("s1")), prop::collection::vec(segment, 0..4))
            .prop_map(|(id, start, segments)| {
                object(vec![("id", Some(json!(id))), ("start", start), ("segments", Some(json!(segments)))])
            });
    let series = (field(json!({ "x": 0, "flag": false })), prop::collection::vec(episode, 0..3)).prop_map(
        |(variables, episodes)| {
            object(vec![
                ("id", Some(json!("s"))),
                ("variables", variables),
                ("episodes", Some(json!(episodes))),
            ])
        },
    );
    prop::collection::vec(series, 0..3).prop_map(|series| json!({ "format": 1, "series": series }))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = catalog::load_bytes(&bytes);
        let _ = catalog::load(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_trees_never_panic(root in tree()) {
        let _ = catalog::load(&root.to_string());
        let _ = catalog::load(&json!({ "format": 1, "series": [root] }).to_string());
    }

    #[test]
    fn skeletons_never_panic_and_never_half_load(root in skeleton()) {
        match catalog::load(&root.to_string()) {
            Ok((_, warnings)) => prop_assert!(warnings.iter().all(|w| !w.is_error())),
            Err(diagnostics) => prop_assert!(diagnostics.iter().any(Diagnostic::is_error)),
        }
    }
}

/// The loader checks each distinct expression of a series once and reuses the result: what it reuses
/// must not depend on anything but the series' variables.
#[test]
fn a_repeated_expression_is_checked_in_each_series_and_each_seen_in_its_episode() {
    let text = r#"{ "format": 1, "series": [
        { "id": "a", "variables": { "x": 0 }, "episodes": [{ "id": "e1", "segments": [
            { "id": "s1", "src": "a.webm", "set": { "x": "x + 1" }, "next": "s2" },
            { "id": "s2", "src": "a.webm", "choice": { "options": [
                { "label": "go", "goto": "s2", "if": "seen(\"s1\")" }, { "label": "stay", "goto": "s2" } ] } } ] },
          { "id": "e2", "segments": [
            { "id": "t1", "src": "a.webm", "set": { "x": "x + 1" }, "choice": { "options": [
                { "label": "go", "goto": "t1", "if": "seen(\"s1\")" }, { "label": "stay", "goto": "t1" } ] } } ] }] },
        { "id": "b", "variables": { "y": 0 }, "episodes": [{ "id": "e1", "segments": [
            { "id": "s1", "src": "a.webm", "set": { "y": "x + 1" } } ] }] } ] }"#;
    assert_eq!(
        errors(text),
        [
            ("dangling-target", "series[0].episodes[1].segments[0].choice.options[0].if".to_owned()),
            ("unknown-variable", "series[1].episodes[0].segments[0].set.y".to_owned()),
        ]
    );
}

/// serde reads the shape: a value of the wrong type is one `bad-json` at its path, with the line and
/// column, and nothing after it is read (the walk's checks need a whole document).
#[test]
fn a_shape_error_is_one_diagnostic_with_its_path_line_and_column() {
    let cases = [
        (
            json!([{ "id": "a", "src": "a", "durationMs": -1 }]),
            "series[0].episodes[0].segments[0].durationMs",
        ),
        (json!([{ "id": "a", "src": 7 }]), "series[0].episodes[0].segments[0].src"),
        (
            json!([{ "id": "a", "src": "a", "captions": [[]] }]),
            "series[0].episodes[0].segments[0].captions[0]",
        ),
        (json!([{ "id": "a", "src": "a", "next": 3 }]), "series[0].episodes[0].segments[0].next"),
        (
            json!([{ "id": "a", "src": "a", "next": { "end": "yes" } }]),
            "series[0].episodes[0].segments[0].next.end",
        ),
        (json!([{ "id": "a", "src": "a", "set": { "n": 1 } }]), "series[0].episodes[0].segments[0].set.n"),
        (json!([{ "id": "a", "src": "a", "choice": [] }]), "series[0].episodes[0].segments[0].choice"),
        (json!({ "id": "a" }), "series[0].episodes[0].segments"),
    ];
    for (segments, path) in cases {
        let text = with_segments(json!({ "n": 0 }), segments.clone()).replace(',', ",\n");
        let refused = catalog::load(&text).expect_err("wrong shape");
        assert_eq!(summary(&refused), [("bad-json", path.to_owned())], "{segments}");
        assert!(
            refused[0].message.contains(" line ") && refused[0].message.contains(" column "),
            "{}",
            refused[0].message
        );
    }
    let text = with_segments(json!({ "ab": [] }), json!([{ "id": "a", "src": "a" }]));
    assert_eq!(errors(&text), [("type-mismatch", "series[0].variables.ab".to_owned())], "a type code");
}

/// Another format's rules are unknown: whatever the rest of the document looks like, `bad-format` alone.
#[test]
fn another_format_is_bad_format_whatever_the_shape() {
    for text in
        [r#"{"format": 2, "series": 5}"#, r#"{"format": "1", "series": [{"id": []}]}"#, r#"{"series": {}}"#]
    {
        assert_eq!(errors(text), [("bad-format", "format".to_owned())], "{text}");
    }
    assert_eq!(errors(r#"{"format": 1, "series": 5}"#), [("bad-json", "series".to_owned())]);
}

/// A member written twice is an error naming it at its path, in a fixed member (serde's duplicate
/// field) as in each object of names (variables, `set`, a localized text).
#[test]
fn a_member_written_twice_is_an_error_at_its_path() {
    let options = "series[0].episodes[0].segments[0].choice.options[0]";
    let twice_goto = with_segments(
        json!({}),
        json!([{ "id": "a", "src": "a", "choice": { "options": [{ "label": "x", "goto": "GOTO" }] } }, { "id": "b", "src": "b" }]),
    )
    .replace(r#""goto":"GOTO""#, r#""goto":"a","goto":"b""#);
    let refused = catalog::load(&twice_goto).expect_err("two gotos");
    assert_eq!(summary(&refused), [("bad-json", format!("{options}.goto"))]);
    assert!(refused[0].message.contains("`goto`"), "{}", refused[0].message);

    let segments = r#"[{"id":"a","src":"a","set":{"n":"1","n":"2"},"choice":{"prompt":{"en":"x","en":"y"},
        "options":[{"label":"l","goto":"a","set":{"n":"n + 1","n":"0"}}]}}]"#;
    let text = format!(
        r#"{{"format":1,"series":[{{"id":"s","variables":{{"n":0,"m":1,"n":2}},"episodes":[{{"id":"e","segments":{segments}}}]}}]}}"#
    );
    let segment = "series[0].episodes[0].segments[0]";
    assert_eq!(
        errors(&text),
        [
            ("bad-json", "series[0].variables.n".to_owned()),
            ("bad-json", format!("{segment}.set.n")),
            ("bad-json", format!("{segment}.choice.prompt.en")),
            ("bad-json", format!("{options}.set.n")),
        ]
    );
    let refused = catalog::load(&text).expect_err("names twice");
    assert!(refused.iter().all(|d| d.message.contains("written twice")), "{refused:?}");
}

/// What `to_json` writes loads as the same catalog, and writing that again gives the same text.
fn assert_round_trip(text: &str) -> Result<(), TestCaseError> {
    let Ok((catalog, _)) = catalog::load(text) else { return Ok(()) };
    let written = catalog::to_json(&catalog);
    let (again, _) = catalog::load(&written).map_err(|d| TestCaseError::fail(format!("{d:?}\n{written}")))?;
    prop_assert_eq!(&again.title, &catalog.title);
    prop_assert_eq!(&again.series, &catalog.series);
    prop_assert_eq!(catalog::to_json(&again), written);
    Ok(())
}

#[test]
fn the_fixture_catalogs_are_written_back_as_the_same_catalogs() {
    for name in ["valid-minimal.json", "story.json", "session.json", "hostile.json"] {
        let text = fs::read_to_string(fixtures().join(name)).expect("read");
        catalog::load(&text).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        assert_round_trip(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert_round_trip(CONTRACT_EXAMPLE).expect("the contract's example");
    assert_round_trip(&generated_series(20)).expect("a generated series");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn catalog_json_and_model_round_trip(root in skeleton()) {
        assert_round_trip(&root.to_string())?;
    }
}

/// Issue 10's one language rule: `zh_CN` (as some systems write it) picks the Chinese catalog text, as
/// it already picked Chinese captions and player words.
#[test]
fn one_language_rule_reads_zh_underscore_cn_as_chinese_catalog_text() {
    let title = Text::Localized(vec![("en".into(), "The Visit".into()), ("zh-CN".into(), "来访".into())]);
    assert_eq!(title.resolve("zh_CN", Some("en")), "来访");
    assert_eq!(title.resolve("ZH", None), "来访");
    assert_eq!(title.resolve("fr", Some("zh_cn")), "来访", "the series' language follows the same rule");
    assert_eq!(title.resolve("fr", None), "The Visit");
}
