//! `microdrama check`: the built binary over the fixtures, its output and its exit codes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value as Json;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn microdrama(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_microdrama")).args(args).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Each invalid fixture with the `(code, path)` its `_expect` member names.
/// The two codes that are warnings: their fixtures load, and `check` exits 0.
fn is_warning(code: &str) -> bool {
    code == "unreachable-segment" || code == "no-visible-option"
}

fn invalid_fixtures() -> Vec<(String, String, String)> {
    let mut fixtures: Vec<_> = fs::read_dir(fixtures().join("invalid"))
        .expect("fixtures")
        .map(|entry| {
            let file = entry.expect("entry").path();
            let meta: Json = serde_json::from_str(&fs::read_to_string(&file).expect("read")).expect("JSON");
            let field = |name: &str| meta["_expect"][name].as_str().expect("_expect").to_owned();
            (file.to_string_lossy().into_owned(), field("code"), field("path"))
        })
        .collect();
    fixtures.sort();
    assert_eq!(fixtures.len(), 13);
    fixtures
}

#[test]
fn check_reports_each_fixture_with_code_path_and_exit_code() {
    for (file, code, path) in invalid_fixtures() {
        let output = microdrama(&["check", &file]);
        let text = stdout(&output);
        let (severity, exit) = if is_warning(&code) { ("warning", 0) } else { ("error", 1) };
        assert_eq!(output.status.code(), Some(exit), "{file}: {text}");
        assert!(text.contains(&format!("{severity}[{code}] {path}: ")), "{file}: {text}");
        let summary = text.lines().last().expect("a summary line");
        assert!(
            summary.starts_with(&format!("{file}: {}", if exit == 0 { "ok" } else { "refused" })),
            "{summary}"
        );
    }
}

#[test]
fn check_json_is_an_array_of_diagnostics() {
    for (file, code, path) in invalid_fixtures() {
        let output = microdrama(&["check", &file, "--json"]);
        let diagnostics: Json = serde_json::from_slice(&output.stdout).expect("--json prints JSON");
        let diagnostics = diagnostics.as_array().expect("an array");
        assert_eq!(diagnostics.len(), 1, "{file}");
        let diagnostic = &diagnostics[0];
        assert_eq!((diagnostic["code"].as_str(), diagnostic["path"].as_str()), (Some(&*code), Some(&*path)));
        let severity = if is_warning(&code) { "warning" } else { "error" };
        assert_eq!(diagnostic["severity"], severity);
        assert!(diagnostic["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let valid = fixtures().join("valid-minimal.json");
    let output = microdrama(&["check", "--json", &valid.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(serde_json::from_slice::<Json>(&output.stdout).expect("JSON"), Json::Array(Vec::new()));
}

#[test]
fn check_passes_a_valid_catalog() {
    let valid = fixtures().join("valid-minimal.json");
    let output = microdrama(&["check", &valid.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).contains("ok: 1 series, 1 episode, 1 segment; 0 warnings"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn usage_and_io_errors_exit_2_with_a_message_on_stderr() {
    let valid = fixtures().join("valid-minimal.json");
    let valid = valid.to_string_lossy();
    let missing = fixtures().join("no-such-catalog.json");
    let missing = missing.to_string_lossy();
    let directory = fixtures();
    let directory = directory.to_string_lossy();
    let cases: [&[&str]; 7] = [
        &[],
        &["chek", &valid],
        &["check"],
        &["check", &valid, &valid],
        &["check", &valid, "--jsn"],
        &["check", &missing],
        &["check", &directory],
    ];
    for args in cases {
        let output = microdrama(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).starts_with("microdrama: "), "{args:?}");
    }
}
