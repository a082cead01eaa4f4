//! Hostile catalogs (SECURITY.md): text is data and comes through unchanged, URLs are refused by
//! scheme at their exact path, and every limit in `catalog::limits` refuses the first value over it at
//! the path where it is.
//!
//! Each check compares the whole list of diagnostics, so removing the handling it covers (the scheme
//! allow-list, one limit) or adding any rewriting of text (escaping, stripping) makes it fail.
#![cfg(not(target_arch = "wasm32"))]

use microdrama::catalog::{self, limits, Catalog, Text};
use microdrama::command::{Command, Event, Via};
use microdrama::diagnostic::Diagnostic;
use microdrama::session::{Config, Input, Session};
use serde_json::{json, Value as Json};

const HOSTILE: &str = include_str!("fixtures/hostile.json");

fn load(text: &str) -> Catalog {
    match catalog::load(text) {
        Ok((catalog, warnings)) => {
            assert!(warnings.is_empty(), "unexpected warnings: {warnings:?}");
            catalog
        }
        Err(diagnostics) => panic!("refused: {diagnostics:?}"),
    }
}

/// `(code, path)` of every diagnostic when the document is refused.
fn refused(text: &str) -> Vec<(&'static str, String)> {
    match catalog::load(text) {
        Ok((_, warnings)) => panic!("loaded, with warnings {warnings:?}"),
        Err(diagnostics) => diagnostics.iter().map(|d| (d.code.as_str(), d.path.clone())).collect(),
    }
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    catalog::load(text).err().unwrap_or_default()
}

/// A text as the document wrote it: a string, or an object of language tag to string in order.
fn json_of(text: &Text) -> Json {
    match text {
        Text::Plain(text) => Json::String(text.clone()),
        Text::Localized(entries) => Json::Object(
            entries.iter().map(|(lang, text)| (lang.clone(), Json::String(text.clone()))).collect(),
        ),
    }
}

/// Every string a text holds.
fn strings(value: &Json) -> Vec<&str> {
    match value {
        Json::String(text) => vec![text.as_str()],
        Json::Object(entries) => entries.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------------
// Text is data.

/// Every text field of the fixture, with its path, as (document value, loaded value).
fn text_fields(doc: &Json, catalog: &Catalog) -> Vec<(String, Json, Json)> {
    let mut fields = vec![("title".to_owned(), doc["title"].clone(), json_of(&catalog.title))];
    for (s, series) in catalog.series.iter().enumerate() {
        let d = &doc["series"][s];
        let at = format!("series[{s}]");
        fields.push((format!("{at}.title"), d["title"].clone(), json_of(&series.title)));
        fields.push((format!("{at}.language"), d["language"].clone(), json!(series.language)));
        for (name, value) in &series.variables {
            if let microdrama::expr::Value::Str(text) = value {
                fields.push((format!("{at}.variables.{name}"), d["variables"][name].clone(), json!(text)));
            }
        }
        for (e, episode) in series.episodes.iter().enumerate() {
            let d = &d["episodes"][e];
            let at = format!("{at}.episodes[{e}]");
            fields.push((format!("{at}.title"), d["title"].clone(), json_of(&episode.title)));
            if let Some(location) = &episode.location {
                fields.push((
                    format!("{at}.location.name"),
                    d["location"]["name"].clone(),
                    json_of(&location.name),
                ));
            }
            for (g, segment) in episode.segments.iter().enumerate() {
                let d = &d["segments"][g];
                let at = format!("{at}.segments[{g}]");
                for (c, caption) in segment.captions.iter().enumerate() {
                    let d = &d["captions"][c];
                    fields.push((
                        format!("{at}.captions[{c}].label"),
                        d["label"].clone(),
                        json!(caption.label),
                    ));
                    fields.push((format!("{at}.captions[{c}].lang"), d["lang"].clone(), json!(caption.lang)));
                }
                for (i, source) in segment.sources.iter().enumerate().filter(|(_, s)| s.mime.is_some()) {
                    fields.push((
                        format!("{at}.sources[{i}].type"),
                        d["sources"][i]["type"].clone(),
                        json!(source.mime),
                    ));
                }
                if let Some(choice) = &segment.choice {
                    let d = &d["choice"];
                    if let Some(prompt) = &choice.prompt {
                        fields.push((format!("{at}.choice.prompt"), d["prompt"].clone(), json_of(prompt)));
                    }
                    for (o, option) in choice.options.iter().enumerate() {
                        let label = d["options"][o]["label"].clone();
                        fields.push((
                            format!("{at}.choice.options[{o}].label"),
                            label,
                            json_of(&option.label),
                        ));
                    }
                }
                if let Some(ending) = &segment.ending {
                    fields.push((
                        format!("{at}.ending.title"),
                        d["ending"]["title"].clone(),
                        json_of(&ending.title),
                    ));
                }
            }
        }
    }
    fields
}

/// Every URL of the fixture, with its path, as (document value, loaded value).
fn url_fields(doc: &Json, catalog: &Catalog) -> Vec<(String, Json, Json)> {
    let mut fields = Vec::new();
    for (s, series) in catalog.series.iter().enumerate() {
        let d = &doc["series"][s];
        fields.push((format!("series[{s}].poster"), d["poster"].clone(), json!(series.poster)));
        for (e, episode) in series.episodes.iter().enumerate() {
            let d = &d["episodes"][e];
            let at = format!("series[{s}].episodes[{e}]");
            fields.push((format!("{at}.poster"), d["poster"].clone(), json!(episode.poster)));
            if let Some(location) = &episode.location {
                fields.push((
                    format!("{at}.location.url"),
                    d["location"]["url"].clone(),
                    json!(location.url),
                ));
            }
            for (g, segment) in episode.segments.iter().enumerate() {
                let d = &d["segments"][g];
                let at = format!("{at}.segments[{g}]");
                fields.push((format!("{at}.poster"), d["poster"].clone(), json!(segment.poster)));
                for (c, caption) in segment.captions.iter().enumerate() {
                    fields.push((
                        format!("{at}.captions[{c}].src"),
                        d["captions"][c]["src"].clone(),
                        json!(caption.src),
                    ));
                }
                if d.get("src").is_some() {
                    fields.push((format!("{at}.src"), d["src"].clone(), json!(segment.sources[0].src)));
                } else {
                    for (i, source) in segment.sources.iter().enumerate() {
                        fields.push((
                            format!("{at}.sources[{i}].src"),
                            d["sources"][i]["src"].clone(),
                            json!(source.src),
                        ));
                    }
                }
            }
        }
    }
    fields
}

#[test]
fn the_hostile_catalog_loads_and_every_text_comes_through_unchanged() {
    let catalog = load(HOSTILE);
    let doc: Json = serde_json::from_str(HOSTILE).expect("the fixture is JSON");
    let texts = text_fields(&doc, &catalog);
    // The walk above reaches every kind of text field the fixture has, and each one is hostile.
    assert_eq!(texts.len(), 16, "{:#?}", texts.iter().map(|(path, ..)| path).collect::<Vec<_>>());
    for (path, written, loaded) in &texts {
        assert_eq!(loaded, written, "{path} changed on load");
        for text in strings(written) {
            assert!(text.contains('<') || text.contains('"'), "{path} holds no markup: {text:?}");
        }
    }
    let all: String = texts.iter().flat_map(|(_, written, _)| strings(written)).collect();
    for needle in
        ["<script>", "onerror=", "\"><svg onload=", "\u{202e}", "\u{0}", "javascript:", "{{constructor"]
    {
        assert!(all.contains(needle), "no text holds {needle:?}");
    }
    // The longest texts sit at and just under the limit.
    let lengths: Vec<usize> =
        texts.iter().flat_map(|(_, w, _)| strings(w).into_iter().map(str::len)).collect();
    assert!(
        lengths.contains(&limits::TEXT_BYTES) && lengths.contains(&(limits::TEXT_BYTES - 1)),
        "{lengths:?}"
    );
    // URLs with markup in a relative path, a query or a fragment are still URLs of an allowed scheme.
    for (path, written, loaded) in url_fields(&doc, &catalog) {
        if !written.is_null() {
            assert_eq!(loaded, written, "{path} changed on load");
        }
    }
    // Expressions keep their source, markup included.
    let option = &catalog.series[0].episodes[0].segments[0].choice.as_ref().expect("choice").options[0];
    assert_eq!(
        option.condition.as_ref().map(|c| c.source()),
        doc["series"][0]["episodes"][0]["segments"][0]["choice"]["options"][0]["if"].as_str()
    );
}

/// The commands the web layer receives carry the text raw: it is their job to render it with
/// `textContent` (tested in the browser), so nothing here may escape, strip or cut it.
#[test]
fn the_session_hands_the_web_layer_the_raw_text() {
    let doc: Json = serde_json::from_str(HOSTILE).expect("the fixture is JSON");
    let episode = &doc["series"][0]["episodes"][0];
    let choice = &episode["segments"][0]["choice"];
    let config = Config { series: None, episode: None, pool_size: 3, language: "en".to_owned() };
    let mut session = Session::new(load(HOSTILE), config).expect("session");
    let mut commands = session.start(0);
    commands.extend(session.input(Input::MediaTime { slot: 0, media_ms: 1000 }, 1000));
    let shown = commands
        .iter()
        .find_map(|c| match c {
            Command::ShowChoices(view) => Some(view.clone()),
            _ => None,
        })
        .expect("the choice opens at atMs");
    assert_eq!(shown.prompt, choice["prompt"]["en"].as_str().expect("prompt"));
    // The first option's condition holds (`alias` is not the markup it compares with).
    let labels: Vec<&str> = shown.options.iter().map(|o| o.label.as_str()).collect();
    let expected = [
        choice["options"][0]["label"].as_str().expect("label"),
        choice["options"][1]["label"].as_str().expect("label"),
        choice["options"][2]["label"]["en"].as_str().expect("label"),
    ];
    assert_eq!(labels, expected);
    assert_eq!(labels[1].len(), limits::TEXT_BYTES, "the long label arrives whole");
    let event = commands.iter().find_map(|c| match c {
        Command::Emit(Event::ChoiceShow { prompt, .. }) => Some(prompt.clone()),
        _ => None,
    });
    assert_eq!(event.as_deref(), Some(shown.prompt.as_str()));

    // The ending is announced when its segment starts and its card shown when the segment ends.
    let mut commands = session.input(Input::Choose { index: 0, via: Via::Tap }, 2000);
    for slot in 0..3 {
        commands.extend(session.input(Input::Ended { slot }, 2500));
    }
    let title = episode["segments"][1]["ending"]["title"].as_str().expect("title");
    let announced = commands.iter().find_map(|c| match c {
        Command::Emit(Event::Ending { title, .. }) => Some(title.as_str()),
        _ => None,
    });
    assert_eq!(announced, Some(title));
    let card = commands.iter().find_map(|c| match c {
        Command::ShowEnding(view) => Some(view.title.as_str()),
        _ => None,
    });
    assert_eq!(card, Some(title));

    let commands = session.input(Input::Next, 3000);
    let lock = commands
        .iter()
        .find_map(|c| match c {
            Command::ShowLock(view) => Some(view.title.clone()),
            _ => None,
        })
        .expect("ep2 is locked");
    assert_eq!(lock, doc["series"][0]["episodes"][1]["title"].as_str().expect("title"));
}

// ---------------------------------------------------------------------------------------------------
// URLs: refused by scheme, at their exact path.

/// A small valid catalog with one URL of every kind, each at a known path.
fn with_urls() -> Json {
    json!({
        "format": 1,
        "series": [{
            "id": "s", "poster": "media/series.webp",
            "episodes": [{
                "id": "e", "poster": "media/e.webp",
                "location": { "name": "Paris", "url": "https://maps.example/paris" },
                "segments": [
                    { "id": "a", "src": "media/a.webm", "poster": "media/a.webp", "next": "b",
                      "captions": [{ "lang": "en", "label": "English", "src": "media/a.en.vtt" }] },
                    { "id": "b", "sources": [{ "src": "media/b.mp4", "type": "video/mp4" }, { "src": "media/b.webm" }] }
                ]
            }]
        }]
    })
}

/// (JSON pointer, diagnostic path, is a link) of every URL field.
const URL_FIELDS: &[(&str, &str, bool)] = &[
    ("/series/0/poster", "series[0].poster", false),
    ("/series/0/episodes/0/poster", "series[0].episodes[0].poster", false),
    ("/series/0/episodes/0/location/url", "series[0].episodes[0].location.url", true),
    ("/series/0/episodes/0/segments/0/src", "series[0].episodes[0].segments[0].src", false),
    ("/series/0/episodes/0/segments/0/poster", "series[0].episodes[0].segments[0].poster", false),
    (
        "/series/0/episodes/0/segments/0/captions/0/src",
        "series[0].episodes[0].segments[0].captions[0].src",
        false,
    ),
    (
        "/series/0/episodes/0/segments/1/sources/0/src",
        "series[0].episodes[0].segments[1].sources[0].src",
        false,
    ),
    (
        "/series/0/episodes/0/segments/1/sources/1/src",
        "series[0].episodes[0].segments[1].sources[1].src",
        false,
    ),
];

fn set(doc: &mut Json, pointer: &str, value: Json) {
    *doc.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer} in the base document")) = value;
}

#[test]
fn every_url_field_refuses_every_unsafe_scheme_at_its_path() {
    load(&with_urls().to_string());
    let unsafe_urls = [
        ("javascript:alert(1)", "javascript"),
        ("JAVASCRIPT:alert(1)", "javascript"),
        (" JaVaScRiPt:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("java\nscript:alert(1)", "javascript"),
        ("jav\r\nascript:alert(1)", "javascript"),
        ("\t\n\r javascript:alert(1)", "javascript"),
        ("\u{0}javascript:alert(1)", "javascript"),
        ("\u{1}\u{8}\u{1b}\u{1f} JaVa\tScRiPt:alert(1)", "javascript"),
        ("javascript\t:alert(1)", "javascript"),
        ("data:text/html,<script>alert(1)</script>", "data"),
        ("DaTa:image/svg+xml,<svg onload=alert(1)>", "data"),
        ("data:video/webm;base64,GkXfow==", "data"),
        ("vbscript:msgbox(1)", "vbscript"),
        (" VBScript:msgbox(1)", "vbscript"),
        ("file:///etc/passwd", "file"),
        ("FILE://c:/windows/win.ini", "file"),
        ("about:blank", "about"),
        ("chrome://settings", "chrome"),
        ("ftp://files.example/a.webm", "ftp"),
        ("x-custom+scheme.1:payload", "x-custom+scheme.1"),
    ];
    for &(pointer, path, _) in URL_FIELDS {
        for (url, scheme) in unsafe_urls {
            let mut doc = with_urls();
            set(&mut doc, pointer, json!(url));
            let found = diagnostics(&doc.to_string());
            let summary: Vec<_> = found.iter().map(|d| (d.code.as_str(), d.path.as_str())).collect();
            assert_eq!(summary, [("unsafe-url", path)], "{url:?} at {path}");
            assert!(found[0].message.contains(&format!("`{scheme}:`")), "{url:?}: {}", found[0].message);
        }
    }
}

#[test]
fn links_take_only_absolute_http_and_media_also_relative_and_blob() {
    let media_only =
        ["media/a.webm", "//cdn.example/a.webm", "?v=javascript:1", "a/b:c", "blob:https://site.example/1"];
    let both = ["https://cdn.example/a.webm", "HTTP://cdn.example/a.webm", " https://cdn.example/a.webm"];
    for &(pointer, path, link) in URL_FIELDS {
        for url in both {
            let mut doc = with_urls();
            set(&mut doc, pointer, json!(url));
            load(&doc.to_string());
        }
        for url in media_only {
            let mut doc = with_urls();
            set(&mut doc, pointer, json!(url));
            if link {
                assert_eq!(refused(&doc.to_string()), [("unsafe-url", path.to_owned())], "{url:?} as a link");
            } else {
                load(&doc.to_string());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Limits: each one at its value loads, one over is `too-large` at the right path.

/// A catalog with one of everything a limit counts, each count at 1.
fn base() -> Json {
    json!({
        "format": 1,
        "title": "t",
        "series": [{
            "id": "s", "title": { "en": "Series" },
            "variables": { "n": 0, "alias": "" },
            "episodes": [{
                "id": "e", "title": "Episode",
                "location": { "name": "Paris", "url": "https://maps.example/paris" },
                "segments": [
                    { "id": "a", "src": "media/a.webm", "set": { "n": "n + 1" },
                      "captions": [{ "lang": "en", "label": "English", "src": "media/a.vtt" }],
                      "choice": { "prompt": "Which?", "options": [
                          { "label": "B", "goto": "b", "if": "n >= 0" }
                      ] } },
                    { "id": "b", "sources": [{ "src": "media/b.webm" }], "ending": { "id": "end", "title": "The end" } }
                ]
            }]
        }]
    })
}

/// The limit's name must be in the message, so the diagnostic names the right limit.
fn expect_too_large(text: &str, path: &str, limit: &str) {
    let found = diagnostics(text);
    let summary: Vec<_> = found.iter().map(|d| (d.code.as_str(), d.path.as_str())).collect();
    assert_eq!(summary, [("too-large", path)], "{limit}");
    assert!(found[0].message.contains(limit), "{limit}: {}", found[0].message);
}

/// Sets `pointer` to `make(limit)`, which must load, then to `make(limit + 1)`, which must be refused
/// at `path`.
fn at_and_over(pointer: &str, path: &str, limit: &str, value: usize, make: impl Fn(usize) -> Json) {
    at_and_over_in(base(), pointer, path, limit, value, make);
}

fn at_and_over_in(
    mut doc: Json,
    pointer: &str,
    path: &str,
    limit: &str,
    value: usize,
    make: impl Fn(usize) -> Json,
) {
    set(&mut doc, pointer, make(value));
    if let Err(found) = catalog::load(&doc.to_string()) {
        panic!("{limit}: {value} must load: {found:?}");
    }
    set(&mut doc, pointer, make(value + 1));
    expect_too_large(&doc.to_string(), path, limit);
}

/// A string of exactly `bytes` bytes, multi-byte characters included.
fn text_of(bytes: usize) -> String {
    let mut text = "<é>".repeat(bytes / 4);
    text.push_str(&"x".repeat(bytes - text.len()));
    text
}

fn segment(id: usize) -> Json {
    json!({ "id": format!("s{id}"), "src": "media/x.webm" })
}

/// Every limit this test covers; `each_limit_in_the_module_is_covered` compares it with the module.
const COVERED: &[&str] = &[
    "DOCUMENT_BYTES",
    "SERIES",
    "EPISODES_PER_SERIES",
    "SEGMENTS_PER_EPISODE",
    "SEGMENTS",
    "OPTIONS",
    "VARIABLES_PER_SERIES",
    "TEXT_BYTES",
    "URL_BYTES",
    "EXPRESSION_BYTES",
    "CAPTIONS_PER_SEGMENT",
    "SOURCES_PER_SEGMENT",
    "LANGUAGES_PER_TEXT",
];

#[test]
fn each_limit_in_the_module_is_covered() {
    let module = include_str!("../src/catalog/limits.rs");
    let declared: Vec<&str> = module
        .lines()
        .filter_map(|line| line.strip_prefix("pub const "))
        .filter_map(|rest| rest.split(':').next())
        .collect();
    assert_eq!(declared, COVERED, "a limit was added or removed: cover it in tests/hostile.rs");
}

#[test]
fn document_bytes_are_checked_before_parsing_and_nesting_costs_no_stack() {
    let text = base().to_string();
    let padded = |len: usize| format!("{text}{}", " ".repeat(len - text.len()));
    load(&padded(limits::DOCUMENT_BYTES));
    expect_too_large(&padded(limits::DOCUMENT_BYTES + 1), "", "DOCUMENT_BYTES");
    let bytes = catalog::load_bytes(padded(limits::DOCUMENT_BYTES + 1).as_bytes()).expect_err("too large");
    assert!(bytes[0].message.contains("DOCUMENT_BYTES"));

    // Nesting has no limit of its own (limits.rs): deep in a member the loader ignores, it loads, and
    // a read member nested deeper than its shape is `bad-json` at its path.
    let deep = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    let mut extra = base();
    extra["extra"] = json!(null);
    load(&extra.to_string().replacen("null", &deep, 1));
    let mut label = base();
    set(&mut label, "/series/0/episodes/0/segments/0/choice/options/0/label", json!(null));
    let refused = diagnostics(&label.to_string().replacen("null", &deep, 1));
    let summary: Vec<_> = refused.iter().map(|d| (d.code.as_str(), d.path.as_str())).collect();
    assert_eq!(summary, [("bad-json", "series[0].episodes[0].segments[0].choice.options[0].label")]);
    assert!(refused[0].message.contains("line 1 column"), "{}", refused[0].message);
}

#[test]
fn counts_are_limited_where_they_are() {
    at_and_over("/series", "series", "SERIES", limits::SERIES, |n| {
        let one = base()["series"][0].clone();
        let series = |i: usize| {
            let mut series = one.clone();
            series["id"] = json!(format!("s{i}"));
            series
        };
        Json::Array((0..n).map(series).collect())
    });
    at_and_over(
        "/series/0/episodes",
        "series[0].episodes",
        "EPISODES_PER_SERIES",
        limits::EPISODES_PER_SERIES,
        |n| Json::Array((0..n).map(|i| json!({ "id": format!("e{i}"), "segments": [segment(0)] })).collect()),
    );
    let segments = "series[0].episodes[0].segments";
    at_and_over(
        "/series/0/episodes/0/segments",
        segments,
        "SEGMENTS_PER_EPISODE",
        limits::SEGMENTS_PER_EPISODE,
        |n| {
            // Chained by `next`, so none is unreachable.
            Json::Array(
                (0..n)
                    .map(|i| {
                        let mut s = segment(i);
                        if i + 1 < n {
                            s["next"] = json!(format!("s{}", i + 1));
                        }
                        s
                    })
                    .collect(),
            )
        },
    );
    let options = "series[0].episodes[0].segments[0].choice.options";
    at_and_over("/series/0/episodes/0/segments/0/choice/options", options, "OPTIONS", limits::OPTIONS, |n| {
        Json::Array((0..n).map(|i| json!({ "label": format!("{}", i + 1), "goto": "b" })).collect())
    });
    // Refused variables are undeclared for the expressions that use them: this base uses none.
    let mut doc = base();
    let first =
        doc.pointer_mut("/series/0/episodes/0/segments/0").and_then(Json::as_object_mut).expect("segment");
    first.remove("set");
    first["choice"]["options"][0].as_object_mut().expect("option").remove("if");
    at_and_over_in(
        doc,
        "/series/0/variables",
        "series[0].variables",
        "VARIABLES_PER_SERIES",
        limits::VARIABLES_PER_SERIES,
        |n| Json::Object((0..n).map(|i| (format!("v{i}"), json!(i))).collect()),
    );
    let captions = "series[0].episodes[0].segments[0].captions";
    at_and_over(
        "/series/0/episodes/0/segments/0/captions",
        captions,
        "CAPTIONS_PER_SEGMENT",
        limits::CAPTIONS_PER_SEGMENT,
        |n| {
            Json::Array(
                (0..n).map(|i| json!({ "lang": format!("l{i}"), "label": "L", "src": "a.vtt" })).collect(),
            )
        },
    );
    let sources = "series[0].episodes[0].segments[1].sources";
    at_and_over(
        "/series/0/episodes/0/segments/1/sources",
        sources,
        "SOURCES_PER_SEGMENT",
        limits::SOURCES_PER_SEGMENT,
        |n| Json::Array((0..n).map(|i| json!({ "src": format!("media/b{i}.webm") })).collect()),
    );
    at_and_over(
        "/series/0/title",
        "series[0].title",
        "LANGUAGES_PER_TEXT",
        limits::LANGUAGES_PER_TEXT,
        |n| Json::Object((0..n).map(|i| (format!("x-l{i}"), json!("<b>title</b>"))).collect()),
    );
}

#[test]
fn the_segment_total_is_limited_across_episodes() {
    // 1,001 episodes: 1,000 of 250 segments (250,000, the limit) and one more of `last`. Built as text:
    // a `json!` tree of a quarter million segments costs more than the load itself.
    let catalog = |last: usize| {
        let chain = |n: usize| {
            let segments: Vec<String> =
                (0..n).map(|i| format!(r#"{{"id":"s{i}","src":"a","next":"s{}"}}"#, (i + 1) % n)).collect();
            segments.join(",")
        };
        let full = chain(limits::SEGMENTS / 1000);
        let mut episodes: Vec<String> =
            (0..1000).map(|i| format!(r#"{{"id":"e{i}","segments":[{full}]}}"#)).collect();
        if last > 0 {
            episodes.push(format!(r#"{{"id":"last","segments":[{}]}}"#, chain(last)));
        }
        format!(r#"{{"format":1,"series":[{{"id":"s","episodes":[{}]}}]}}"#, episodes.join(","))
    };
    assert!(catalog::load(&catalog(0)).is_ok(), "exactly SEGMENTS segments load");
    expect_too_large(&catalog(1), "series[0].episodes[1000].segments", "SEGMENTS");
}

#[test]
fn string_sizes_are_limited_in_every_kind_of_field() {
    let texts = [
        ("/title", "title"),
        ("/series/0/title/en", "series[0].title.en"),
        ("/series/0/variables/alias", "series[0].variables.alias"),
        ("/series/0/episodes/0/title", "series[0].episodes[0].title"),
        ("/series/0/episodes/0/location/name", "series[0].episodes[0].location.name"),
        (
            "/series/0/episodes/0/segments/0/captions/0/label",
            "series[0].episodes[0].segments[0].captions[0].label",
        ),
        ("/series/0/episodes/0/segments/0/choice/prompt", "series[0].episodes[0].segments[0].choice.prompt"),
        (
            "/series/0/episodes/0/segments/0/choice/options/0/label",
            "series[0].episodes[0].segments[0].choice.options[0].label",
        ),
        ("/series/0/episodes/0/segments/1/ending/title", "series[0].episodes[0].segments[1].ending.title"),
    ];
    for (pointer, path) in texts {
        at_and_over(pointer, path, "TEXT_BYTES", limits::TEXT_BYTES, |n| json!(text_of(n)));
    }
    let urls = [
        ("/series/0/episodes/0/segments/0/src", "series[0].episodes[0].segments[0].src"),
        ("/series/0/episodes/0/location/url", "series[0].episodes[0].location.url"),
    ];
    for (pointer, path) in urls {
        at_and_over(pointer, path, "URL_BYTES", limits::URL_BYTES, |n| {
            json!(format!("https://media.example/{}", "a".repeat(n - "https://media.example/".len())))
        });
    }
    let expressions = [
        ("/series/0/episodes/0/segments/0/set/n", "series[0].episodes[0].segments[0].set.n"),
        (
            "/series/0/episodes/0/segments/0/choice/options/0/if",
            "series[0].episodes[0].segments[0].choice.options[0].if",
        ),
    ];
    for (pointer, path) in expressions {
        // A valid expression padded with spaces: only its length is wrong.
        at_and_over(pointer, path, "EXPRESSION_BYTES", limits::EXPRESSION_BYTES, |n| {
            let core = if pointer.ends_with("/if") { "n >= 0" } else { "n + 1" };
            json!(format!("{core}{}", " ".repeat(n - core.len())))
        });
    }
}

// ---------------------------------------------------------------------------------------------------
// Saves: a hostile save in `localStorage` restores in time and reports in bounds.

#[test]
fn a_save_naming_ninety_thousand_unknown_segments_restores_quickly_with_a_bounded_report() {
    use microdrama::story::save::{self, MAX_DROPPED_LINES, MAX_SAVE_BYTES};
    let catalog = load(include_str!("fixtures/session.json"));
    let seen: Vec<String> = (0..90_000).map(|i| format!("\"x/{i}\"")).collect();
    let text = format!(
        r#"{{"version":1,"catalogHash":"0","current":null,"series":{{"a":{{"vars":{{}},"seen":[{}],"endings":[],"unlocked":[],"position":null,"history":[]}}}}}}"#,
        seen.join(",")
    );
    assert!(text.len() <= MAX_SAVE_BYTES);
    let started = std::time::Instant::now();
    let (_, dropped) = save::decode(&text, &catalog).expect("a save, of ids the catalog lacks");
    // Searching the list for duplicates made this quadratic: over a minute in a debug build.
    assert!(started.elapsed().as_secs() < 10, "decode took {:?}", started.elapsed());
    assert_eq!(dropped.len(), MAX_DROPPED_LINES + 1, "{dropped:?}");
    assert_eq!(dropped[0], "series `a`: seen segment `x/0` no longer exists");
    assert_eq!(dropped[MAX_DROPPED_LINES], format!("and {} more", 90_000 - MAX_DROPPED_LINES));
}
