//! Which of a segment's `sources` a browser plays, and how: a pure choice over the browser's
//! `canPlayType` answers, so it is tested on the host with answer tables.
//!
//! The rule, in the catalog's order of preference: the first source whose type the browser says it
//! may play (`canPlayType` answers "maybe" or "probably"); an HLS playlist (`.m3u8`) is played natively
//! when `canPlayType` says so (Safari, some Android and Chromium builds), else through the page's
//! hls.js when it provides one that `Hls.isSupported()`, else skipped for the next alternative. A
//! source whose type is neither declared nor guessable from its extension is left to the browser.
//! When nothing qualifies, the first source is given anyway: its failure reaches the session as a
//! media error, which retries and then skips the segment with an `error` event.
//!
//! ```
//! use microdrama::catalog::Source;
//! use microdrama::feed::sources::{pick, Engine};
//!
//! let sources = [
//!     Source { src: "ep1.m3u8".into(), mime: None },
//!     Source { src: "ep1.webm".into(), mime: Some("video/webm".into()) },
//! ];
//! // A browser that plays WebM but not HLS, on a page without hls.js:
//! let chromium = |mime: &str| if mime == "video/webm" { "maybe" } else { "" };
//! let picked = pick(&sources, chromium, false).unwrap();
//! assert_eq!((picked.src, picked.engine), ("ep1.webm", Engine::Native));
//! // The same page with hls.js:
//! assert_eq!(pick(&sources, chromium, true).unwrap().engine, Engine::HlsJs);
//! ```

use crate::catalog::Source;

/// The type asked of `canPlayType` for an HLS playlist.
pub const HLS_TYPE: &str = "application/vnd.apple.mpegurl";

/// How a slot plays the source it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The `<video>` element's own `src`.
    Native,
    /// An HLS playlist through hls.js (`window.Hls`), attached to the `<video>`.
    HlsJs,
}

/// The source a slot plays and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picked<'a> {
    /// URL as the catalog gives it.
    pub src: &'a str,
    /// How to play it.
    pub engine: Engine,
}

/// The declared MIME type without parameters (`video/mp4; codecs=…` keeps its codecs for
/// `canPlayType`, but is matched as `video/mp4`), or one guessed from the URL's extension.
pub fn media_type(source: &Source) -> Option<&str> {
    source.mime.as_deref().map(str::trim).filter(|m| !m.is_empty()).or_else(|| guess_type(&source.src))
}

/// Whether `mime` names an HLS playlist: `application/vnd.apple.mpegurl`, `application/x-mpegURL`,
/// `audio/mpegurl` and their `x-` variants, any case.
pub fn is_hls(mime: &str) -> bool {
    let essence = mime.split(';').next().unwrap_or(mime).trim().to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "application/vnd.apple.mpegurl"
            | "application/x-mpegurl"
            | "application/mpegurl"
            | "audio/mpegurl"
            | "audio/x-mpegurl"
    )
}

/// The source to play, per the rule in the module docs. `can_play_type` is the browser's
/// `HTMLMediaElement.canPlayType` ("", "maybe" or "probably"); `hls_js` whether the page provides an
/// hls.js that is supported here. `None` only for an empty list.
pub fn pick<'a, S: AsRef<str>>(
    sources: &'a [Source],
    can_play_type: impl Fn(&str) -> S,
    hls_js: bool,
) -> Option<Picked<'a>> {
    let playable = |mime: &str| !can_play_type(mime).as_ref().is_empty();
    let found = sources.iter().find_map(|source| {
        let engine = match media_type(source) {
            None => Engine::Native,
            Some(mime) if is_hls(mime) => {
                // Asked with the canonical type: browsers that play HLS answer for it, whatever
                // spelling the catalog used.
                if playable(mime) || playable(HLS_TYPE) {
                    Engine::Native
                } else if hls_js {
                    Engine::HlsJs
                } else {
                    return None;
                }
            }
            Some(mime) if playable(mime) => Engine::Native,
            Some(_) => return None,
        };
        Some(Picked { src: source.src.as_str(), engine })
    });
    found
        .or_else(|| sources.first().map(|source| Picked { src: source.src.as_str(), engine: Engine::Native }))
}

/// A type from the URL's path extension: `.webm`, `.mp4`/`.m4v`, `.mov`, `.ogv`, `.m3u8`.
fn guess_type(src: &str) -> Option<&'static str> {
    let path = src.split(['?', '#']).next().unwrap_or(src).to_ascii_lowercase();
    let extension = path.rsplit_once('.').map(|(_, e)| e)?;
    Some(match extension {
        "webm" => "video/webm",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "ogv" => "video/ogg",
        "m3u8" => HLS_TYPE,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(src: &str, mime: Option<&str>) -> Source {
        Source { src: src.to_owned(), mime: mime.map(str::to_owned) }
    }

    /// `canPlayType` answers as tables: (type, answer); anything else gets "".
    fn browser(table: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> &'static str {
        move |mime| table.iter().find(|(t, _)| *t == mime).map_or("", |(_, a)| *a)
    }

    const CHROMIUM_NO_H264: &[(&str, &str)] =
        &[("video/webm", "maybe"), ("video/webm; codecs=\"vp9, opus\"", "probably")];
    const CHROME: &[(&str, &str)] = &[("video/webm", "maybe"), ("video/mp4", "maybe")];
    const SAFARI: &[(&str, &str)] =
        &[("video/mp4", "maybe"), ("application/vnd.apple.mpegurl", "maybe"), ("video/webm", "maybe")];
    const OLD_SAFARI: &[(&str, &str)] = &[("video/mp4", "maybe"), ("application/vnd.apple.mpegurl", "maybe")];
    const NOTHING: &[(&str, &str)] = &[];

    fn hls_mp4_webm() -> Vec<Source> {
        vec![
            source("v/master.m3u8", Some("application/x-mpegURL")),
            source("v/ep.mp4", Some("video/mp4")),
            source("v/ep.webm", None),
        ]
    }

    #[test]
    fn the_first_playable_alternative_wins_in_catalog_order() {
        let sources = hls_mp4_webm();
        type Case = (&'static [(&'static str, &'static str)], bool, &'static str, Engine);
        let cases: &[Case] = &[
            (CHROMIUM_NO_H264, false, "v/ep.webm", Engine::Native),
            (CHROMIUM_NO_H264, true, "v/master.m3u8", Engine::HlsJs),
            (CHROME, false, "v/ep.mp4", Engine::Native),
            (CHROME, true, "v/master.m3u8", Engine::HlsJs),
            (SAFARI, false, "v/master.m3u8", Engine::Native),
            (SAFARI, true, "v/master.m3u8", Engine::Native),
            (OLD_SAFARI, false, "v/master.m3u8", Engine::Native),
        ];
        for &(table, hls_js, src, engine) in cases {
            assert_eq!(
                pick(&sources, browser(table), hls_js),
                Some(Picked { src, engine }),
                "{table:?} hls.js {hls_js}"
            );
        }
    }

    #[test]
    fn nothing_playable_gives_the_first_source_so_its_failure_is_reported() {
        let sources = [source("a.mp4", None), source("b.mov", None)];
        assert_eq!(
            pick(&sources, browser(CHROMIUM_NO_H264), false),
            Some(Picked { src: "a.mp4", engine: Engine::Native })
        );
        assert_eq!(pick(&hls_mp4_webm(), browser(NOTHING), false).map(|p| p.src), Some("v/master.m3u8"));
        assert_eq!(pick(&[], browser(CHROME), true), None);
    }

    #[test]
    fn an_unknown_type_is_left_to_the_browser() {
        let sources = [source("stream?id=7", None), source("b.webm", None)];
        assert_eq!(pick(&sources, browser(NOTHING), false).map(|p| p.src), Some("stream?id=7"));
    }

    #[test]
    fn declared_types_keep_their_codecs_for_can_play_type() {
        let sources = [
            source("a.webm", Some("video/webm; codecs=\"av01.0.05M.08\"")),
            source("b.webm", Some("video/webm; codecs=\"vp9, opus\"")),
        ];
        assert_eq!(pick(&sources, browser(CHROMIUM_NO_H264), false).map(|p| p.src), Some("b.webm"));
    }

    #[test]
    fn hls_is_recognised_by_type_or_extension_in_any_spelling() {
        for mime in [
            "application/vnd.apple.mpegurl",
            "application/x-mpegURL",
            "AUDIO/MPEGURL",
            "application/x-mpegurl; charset=utf-8",
        ] {
            assert!(is_hls(mime), "{mime}");
        }
        assert!(!is_hls("video/mp4"));
        assert_eq!(media_type(&source("https://cdn.example/p/Master.M3U8?token=1#t", None)), Some(HLS_TYPE));
        assert_eq!(media_type(&source("clip.webm", Some("  "))), Some("video/webm"));
        assert_eq!(media_type(&source("noextension", None)), None);
        // A native HLS answer for the canonical type counts for the x-mpegURL spelling too.
        let only_canonical: &[(&str, &str)] = &[("application/vnd.apple.mpegurl", "probably")];
        let playlist = [source("p.m3u8", Some("application/x-mpegURL"))];
        let picked = pick(&playlist, browser(only_canonical), false);
        assert_eq!(picked.map(|p| p.engine), Some(Engine::Native));
    }

    #[test]
    fn hls_without_native_support_or_hls_js_is_skipped_for_the_next_alternative() {
        let sources = [source("p.m3u8", None), source("p.webm", None)];
        assert_eq!(
            pick(&sources, browser(CHROMIUM_NO_H264), false),
            Some(Picked { src: "p.webm", engine: Engine::Native })
        );
    }
}
