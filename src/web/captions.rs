//! Captions: the segment's WebVTT `<track>`s (attached by the pool) drawn by the player itself.
//!
//! The chosen track is put in mode `hidden`: the browser loads and times its cues but draws nothing,
//! and the player writes the active cues' text into its own caption box (dark backdrop, readable
//! over any picture, lifted above an open choice panel). Every other track is `disabled`. The choice
//! is a language tag kept across segments; each segment's tracks are matched against it.

use web_sys::{HtmlVideoElement, TextTrack, TextTrackMode};

/// One caption track a video offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackInfo {
    /// `srclang`.
    pub lang: String,
    /// `label` (catalog text).
    pub label: String,
}

/// The tracks of `video`, in document order.
pub fn tracks(video: &HtmlVideoElement) -> Vec<TrackInfo> {
    text_tracks(video).iter().map(|t| TrackInfo { lang: t.language(), label: t.label() }).collect()
}

fn text_tracks(video: &HtmlVideoElement) -> Vec<TextTrack> {
    let Some(list) = video.text_tracks() else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The index of the track that best matches `wanted`, by the one language rule ([`crate::lang::best`]).
pub fn best_match(offered: &[TrackInfo], wanted: &str) -> Option<usize> {
    crate::lang::best(offered.iter().map(|t| t.lang.as_str()), wanted)
}

/// Puts the track matching `wanted` in mode `hidden` (timed, drawn by the player) and every other
/// track of `video` in mode `disabled`; returns the chosen track.
pub fn select(video: &HtmlVideoElement, wanted: Option<&str>) -> Option<TextTrack> {
    let all = text_tracks(video);
    let offered: Vec<TrackInfo> =
        all.iter().map(|t| TrackInfo { lang: t.language(), label: t.label() }).collect();
    let chosen = wanted.and_then(|wanted| best_match(&offered, wanted));
    for (i, track) in all.iter().enumerate() {
        let mode = if Some(i) == chosen { TextTrackMode::Hidden } else { TextTrackMode::Disabled };
        if track.mode() != mode {
            track.set_mode(mode);
        }
    }
    chosen.and_then(|i| all.get(i).cloned())
}

/// The text of the active cues of `track`, one cue per line, markup dropped (the browser's own
/// WebVTT parser turns the cue into nodes; only their text is kept).
pub fn active_text(track: &TextTrack) -> String {
    let Some(cues) = track.active_cues() else { return String::new() };
    let lines: Vec<String> = (0..cues.length())
        .filter_map(|i| cues.get(i))
        .filter_map(|cue| cue.get_cue_as_html().text_content())
        .filter(|text| !text.trim().is_empty())
        .collect();
    lines.join("\n")
}
