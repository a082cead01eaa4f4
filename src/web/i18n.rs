//! The player's own words (buttons, lock screen, ending card, drawer, announcements, errors) in
//! English and Simplified Chinese: one table, chosen once per player from its language tag.
//!
//! Catalog text is not here: the core resolves it in the viewer's language (CONTRACT §1).

use wasm_bindgen::prelude::*;

/// A language the player speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English (also the fallback for every language not listed).
    En,
    /// Simplified Chinese (`zh`, `zh-CN`, `zh-Hans`, …; Traditional tags too, rather than English).
    Zh,
}

impl Lang {
    /// The player language for a BCP 47 tag, by the one language rule ([`crate::lang::best`]);
    /// English when neither matches.
    pub fn from_tag(tag: &str) -> Lang {
        match crate::lang::best([Lang::En.tag(), Lang::Zh.tag()], tag) {
            Some(1) => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The tag to put in `lang` attributes of the player's own text.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }
}

/// A fixed phrase.
// Each variant's documentation is its English phrase in `word`, one table for both languages.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Unlock,
    LockedText,
    Rewind,
    NextEpisode,
    PrevEpisode,
    Unmute,
    Play,
    Pause,
    Episodes,
    Captions,
    Off,
    Speed,
    Close,
    Locked,
    Watched,
    Playing,
    Location,
    LoadFailed,
    MediaSkipped,
    Mute,
    Progress,
    FeedEnd,
    Replay,
    Retry,
    TapToPlay,
}

/// The phrase `word` in `lang`.
pub fn word(lang: Lang, word: Word) -> &'static str {
    use Word::*;
    match (lang, word) {
        (Lang::En, Unlock) => "Unlock",
        (Lang::Zh, Unlock) => "解锁",
        (Lang::En, LockedText) => "This episode is locked.",
        (Lang::Zh, LockedText) => "本集已锁定。",
        (Lang::En, Rewind) => "Back to the last choice",
        (Lang::Zh, Rewind) => "回到上一个选择",
        (Lang::En, NextEpisode) => "Next episode",
        (Lang::Zh, NextEpisode) => "下一集",
        (Lang::En, PrevEpisode) => "Previous episode",
        (Lang::Zh, PrevEpisode) => "上一集",
        (Lang::En, Unmute) => "Unmute",
        (Lang::Zh, Unmute) => "取消静音",
        (Lang::En, Play) => "Play",
        (Lang::Zh, Play) => "播放",
        (Lang::En, Pause) => "Pause",
        (Lang::Zh, Pause) => "暂停",
        (Lang::En, Episodes) => "Episodes",
        (Lang::Zh, Episodes) => "选集",
        (Lang::En, Captions) => "Captions",
        (Lang::Zh, Captions) => "字幕",
        (Lang::En, Off) => "Off",
        (Lang::Zh, Off) => "关闭",
        (Lang::En, Speed) => "Speed",
        (Lang::Zh, Speed) => "倍速",
        (Lang::En, Close) => "Close",
        (Lang::Zh, Close) => "关闭",
        (Lang::En, Locked) => "locked",
        (Lang::Zh, Locked) => "已锁定",
        (Lang::En, Watched) => "watched",
        (Lang::Zh, Watched) => "已看",
        (Lang::En, Playing) => "playing now",
        (Lang::Zh, Playing) => "正在播放",
        (Lang::En, Location) => "Filmed at",
        (Lang::Zh, Location) => "拍摄地",
        (Lang::En, LoadFailed) => "This drama could not be loaded.",
        (Lang::Zh, LoadFailed) => "无法加载此剧。",
        (Lang::En, MediaSkipped) => "A video could not be played and was skipped.",
        (Lang::Zh, MediaSkipped) => "有一段视频无法播放，已跳过。",
        (Lang::En, Mute) => "Mute",
        (Lang::Zh, Mute) => "静音",
        (Lang::En, Progress) => "Progress",
        (Lang::Zh, Progress) => "播放进度",
        (Lang::En, FeedEnd) => "You have seen every episode",
        (Lang::Zh, FeedEnd) => "已看完全部剧集",
        (Lang::En, Replay) => "Replay",
        (Lang::Zh, Replay) => "重播",
        (Lang::En, Retry) => "Try again",
        (Lang::Zh, Retry) => "重试",
        (Lang::En, TapToPlay) => "Tap to play",
        (Lang::Zh, TapToPlay) => "点击播放",
    }
}

/// The episode label over the video: "EP 2", "第2集".
pub fn episode_label(lang: Lang, number: usize) -> String {
    match lang {
        Lang::En => format!("EP {number}"),
        Lang::Zh => format!("第{number}集"),
    }
}

/// The progress bar's spoken value: "0:12 of 1:05".
pub fn position(lang: Lang, seconds: u32, total: u32) -> String {
    let clock = |s: u32| format!("{}:{:02}", s / 60, s % 60);
    match lang {
        Lang::En => format!("{} of {}", clock(seconds), clock(total)),
        Lang::Zh => format!("{} / {}", clock(seconds), clock(total)),
    }
}

/// "Ending: Caught" (the count is the line below it).
pub fn ending(lang: Lang, title: &str) -> String {
    match lang {
        Lang::En => format!("Ending: {title}"),
        Lang::Zh => format!("结局：{title}"),
    }
}

/// "3 of 5 endings found".
pub fn endings_found(lang: Lang, found: usize, total: usize) -> String {
    match lang {
        Lang::En if total == 1 => format!("{found} of 1 ending found"),
        Lang::En => format!("{found} of {total} endings found"),
        Lang::Zh => format!("已发现 {found}/{total} 个结局"),
    }
}

/// The accessible name of an option button: "Answer (key 1)".
pub fn option_key(lang: Lang, label: &str, key: usize) -> String {
    match lang {
        Lang::En => format!("{label} (key {key})"),
        Lang::Zh => format!("{label}（按键 {key}）"),
    }
}

/// What the live region says when a choice opens: "Choose: Answer, Let it ring. 6 seconds."
pub fn choose(lang: Lang, labels: &[&str], seconds: Option<u64>) -> String {
    let (list, time) = match lang {
        Lang::En => (labels.join(", "), seconds.map(|s| format!(" {}", seconds_left(lang, s)))),
        Lang::Zh => (labels.join("、"), seconds.map(|s| seconds_left(lang, s))),
    };
    let time = time.unwrap_or_default();
    match lang {
        Lang::En => format!("Choose: {list}.{time}"),
        Lang::Zh => format!("请选择：{list}。{time}"),
    }
}

/// "3 seconds."
pub fn seconds_left(lang: Lang, seconds: u64) -> String {
    match lang {
        Lang::En if seconds == 1 => "1 second.".to_owned(),
        Lang::En => format!("{seconds} seconds."),
        Lang::Zh => format!("剩余 {seconds} 秒。"),
    }
}

/// What an episode tile adds for screen readers after its number and title: ", locked, watched".
pub fn tile_marks(lang: Lang, marks: &[Word]) -> String {
    let (separator, out) = match lang {
        Lang::En => (", ", String::new()),
        Lang::Zh => ("，", String::new()),
    };
    marks.iter().fold(out, |mut out, &mark| {
        out.push_str(separator);
        out.push_str(word(lang, mark));
        out
    })
}

/// "Speed 1.25×".
pub fn speed(lang: Lang, rate: f64) -> String {
    format!("{} {}", word(lang, Word::Speed), rate_label(rate))
}

/// "1.25×", "1×": written from hundredths, so that no float formatting code is shipped for it.
pub fn rate_label(rate: f64) -> String {
    let hundredths = (rate * 100.0).round() as u32;
    let (whole, fraction) = (hundredths / 100, hundredths % 100);
    match fraction {
        0 => format!("{whole}×"),
        _ if fraction % 10 == 0 => format!("{whole}.{}×", fraction / 10),
        _ => format!("{whole}.{fraction:02}×"),
    }
}

/// One of the player's phrases for the page script (`playerText("zh-CN", "loadFailed")`), used by
/// `<micro-drama>` for failures it shows before a player exists. Unknown keys give "".
#[wasm_bindgen(js_name = playerText)]
pub fn player_text(lang: &str, key: &str) -> String {
    let found = match key {
        "loadFailed" => Word::LoadFailed,
        "mediaSkipped" => Word::MediaSkipped,
        "retry" => Word::Retry,
        _ => return String::new(),
    };
    word(Lang::from_tag(lang), found).to_owned()
}
