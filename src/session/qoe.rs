//! Quality of experience (CONTRACT §4.3): what each episode was like to watch, reported as the viewer
//! leaves it (`qoe`), and the session's totals so far (`getStats()`).
//!
//! [`Qoe`] is fed facts with the time they happened at (an episode became current, the first frame
//! moved, the video waited for data and played again, a segment ended, an error) and keeps only
//! figures: nothing is sent anywhere, the host decides what to do with them.

use serde::Serialize;

/// How one episode went, from the moment it became current until the viewer left it; serialized as
/// the `qoe` event's detail (camelCase members).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeQoe {
    /// Its series' id.
    pub series_id: String,
    /// The episode's id.
    pub episode_id: String,
    /// From the input (a swipe, a jump) or the load that made it current to its first moving frame;
    /// `None` when no frame moved before the viewer left.
    pub startup_ms: Option<u64>,
    /// Time spent playing (not paused, not waiting for data).
    pub watched_ms: u64,
    /// Times the video stopped for data after its first frame.
    pub rebuffer_count: u32,
    /// Time spent so.
    pub rebuffer_ms: u64,
    /// The episode played to an end of its own (an ending, or its last segment ran out), rather than
    /// being left by the viewer.
    pub completed: bool,
    /// `error` events while it was current.
    pub errors: u32,
}

/// The session's figures so far: the episodes left plus the one current now; serialized as
/// `getStats()` returns it (camelCase members).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Episodes made current so far (the current one included).
    pub episodes: u32,
    /// Episodes that played to an end of their own.
    pub completed: u32,
    /// Time spent playing.
    pub watched_ms: u64,
    /// Stops for data after a first frame.
    pub rebuffer_count: u32,
    /// Time spent so.
    pub rebuffer_ms: u64,
    /// `error` events.
    pub errors: u32,
    /// Median of the input → first-frame times (swipes, jumps; not the first load); `None` before any.
    pub startup_p50_ms: Option<u64>,
    /// 95th percentile of the same.
    pub startup_p95_ms: Option<u64>,
}

/// What makes an episode current, for its startup time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The player loaded (the first episode, a restored save).
    Load,
    /// The viewer or the host moved the feed (swipe, key, drawer, `next()`).
    Input,
    /// The story moved on by itself (a segment's `next` into another episode).
    Story,
}

/// The episode being watched now.
#[derive(Debug, Clone)]
struct Current {
    report: EpisodeQoe,
    cause: Cause,
    since_ms: u64,
    /// Playing since then, if playing.
    playing_since: Option<u64>,
    /// Waiting for data since then, after a first frame.
    waiting_since: Option<u64>,
    /// Its last segment so far played to its end, and no other started since.
    ended: bool,
}

/// The tracker: one per player.
#[derive(Debug, Clone, Default)]
pub struct Qoe {
    current: Option<Current>,
    left: Vec<EpisodeQoe>,
    /// Input → first-frame times, kept in ascending order (for the percentiles).
    input_startups: Vec<u64>,
}

impl Qoe {
    /// A tracker with nothing seen.
    pub fn new() -> Qoe {
        Qoe::default()
    }

    /// Episode `episode_id` of `series_id` became current at `now_ms` because of `cause`. The report
    /// of the episode it replaces, if any, is returned: the `qoe` event's detail.
    pub fn enter(
        &mut self,
        series_id: &str,
        episode_id: &str,
        cause: Cause,
        now_ms: u64,
    ) -> Option<EpisodeQoe> {
        let left = self.leave(now_ms);
        self.current = Some(Current {
            report: EpisodeQoe {
                series_id: series_id.to_owned(),
                episode_id: episode_id.to_owned(),
                startup_ms: None,
                watched_ms: 0,
                rebuffer_count: 0,
                rebuffer_ms: 0,
                completed: false,
                errors: 0,
            },
            cause,
            since_ms: now_ms,
            playing_since: None,
            waiting_since: None,
            ended: false,
        });
        left
    }

    /// The current video plays (`playing`): the first time, its startup time is taken; after a wait
    /// for data, the wait is counted.
    pub fn playing(&mut self, now_ms: u64) {
        let Some(current) = &mut self.current else { return };
        if current.report.startup_ms.is_none() {
            let startup = now_ms.saturating_sub(current.since_ms);
            current.report.startup_ms = Some(startup);
            if current.cause == Cause::Input {
                // In order as they come: no sort (its code is kilobytes of the shipped wasm).
                let at = self.input_startups.partition_point(|&t| t <= startup);
                self.input_startups.insert(at, startup);
            }
        }
        if let Some(since) = current.waiting_since.take() {
            current.report.rebuffer_ms += now_ms.saturating_sub(since);
        }
        current.playing_since.get_or_insert(now_ms);
    }

    /// The current video waits for data (`waiting`): a rebuffer once it has shown a frame.
    pub fn waiting(&mut self, now_ms: u64) {
        let Some(current) = &mut self.current else { return };
        current.stop_playing(now_ms);
        if current.report.startup_ms.is_some() && current.waiting_since.is_none() {
            current.report.rebuffer_count += 1;
            current.waiting_since = Some(now_ms);
        }
    }

    /// The current video stopped (paused, or its segment ended).
    pub fn paused(&mut self, now_ms: u64) {
        if let Some(current) = &mut self.current {
            current.stop_playing(now_ms);
            // A pause ends a wait for data too: the time after it is the viewer's, not the network's.
            if let Some(since) = current.waiting_since.take() {
                current.report.rebuffer_ms += now_ms.saturating_sub(since);
            }
        }
    }

    /// The current episode came to an end of its own: an ending, or its last segment ran out.
    pub fn completed(&mut self) {
        if let Some(current) = &mut self.current {
            current.report.completed = true;
        }
    }

    /// A segment of the current episode played to its end.
    pub fn segment_ended(&mut self) {
        if let Some(current) = &mut self.current {
            current.ended = true;
        }
    }

    /// Another segment of the current episode started: the one that ended was not its last.
    pub fn segment_started(&mut self) {
        if let Some(current) = &mut self.current {
            current.ended = false;
        }
    }

    /// An `error` while the episode is current.
    pub fn error(&mut self) {
        if let Some(current) = &mut self.current {
            current.report.errors += 1;
        }
    }

    /// The viewer leaves the current episode without another taking its place (the player goes).
    pub fn leave(&mut self, now_ms: u64) -> Option<EpisodeQoe> {
        let mut current = self.current.take()?;
        current.stop_playing(now_ms);
        // Left after its last segment ran out, with nothing started since: the story moved on.
        current.report.completed |= current.ended;
        if let Some(since) = current.waiting_since.take() {
            current.report.rebuffer_ms += now_ms.saturating_sub(since);
        }
        self.left.push(current.report.clone());
        Some(current.report)
    }

    /// The figures so far, the current episode's up to `now_ms` included.
    pub fn stats(&self, now_ms: u64) -> Stats {
        let current = self.current.as_ref().map(|current| {
            let mut report = current.report.clone();
            if let Some(since) = current.playing_since {
                report.watched_ms += now_ms.saturating_sub(since);
            }
            if let Some(since) = current.waiting_since {
                report.rebuffer_ms += now_ms.saturating_sub(since);
            }
            report
        });
        let all = self.left.iter().chain(current.as_ref());
        let mut stats = Stats {
            episodes: 0,
            completed: 0,
            watched_ms: 0,
            rebuffer_count: 0,
            rebuffer_ms: 0,
            errors: 0,
            startup_p50_ms: percentile(&self.input_startups, 50),
            startup_p95_ms: percentile(&self.input_startups, 95),
        };
        for report in all {
            stats.episodes += 1;
            stats.completed += u32::from(report.completed);
            stats.watched_ms += report.watched_ms;
            stats.rebuffer_count += report.rebuffer_count;
            stats.rebuffer_ms += report.rebuffer_ms;
            stats.errors += report.errors;
        }
        stats
    }
}

impl Current {
    fn stop_playing(&mut self, now_ms: u64) {
        if let Some(since) = self.playing_since.take() {
            self.report.watched_ms += now_ms.saturating_sub(since);
        }
    }
}

/// The `p`th percentile of `sorted` (ascending) by the nearest-rank method; `None` for no samples.
fn percentile(sorted: &[u64], p: usize) -> Option<u64> {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_episode_left_by_a_swipe_reports_its_startup_watching_and_rebuffering() {
        let mut qoe = Qoe::new();
        assert_eq!(qoe.enter("s", "ep1", Cause::Load, 1000), None);
        qoe.playing(1300);
        qoe.waiting(5300);
        qoe.playing(5800);
        qoe.error();
        let report = qoe.enter("s", "ep2", Cause::Input, 9800).unwrap();
        assert_eq!(
            report,
            EpisodeQoe {
                series_id: "s".into(),
                episode_id: "ep1".into(),
                startup_ms: Some(300),
                watched_ms: 4000 + 4000,
                rebuffer_count: 1,
                rebuffer_ms: 500,
                completed: false,
                errors: 1,
            }
        );
    }

    #[test]
    fn a_wait_before_the_first_frame_is_startup_not_rebuffering() {
        let mut qoe = Qoe::new();
        qoe.enter("s", "ep1", Cause::Input, 0);
        qoe.waiting(10);
        qoe.playing(700);
        let report = qoe.leave(1700).unwrap();
        assert_eq!((report.startup_ms, report.rebuffer_count, report.rebuffer_ms), (Some(700), 0, 0));
        assert_eq!(report.watched_ms, 1000);
    }

    #[test]
    fn paused_time_is_not_watched_and_an_ending_completes_the_episode() {
        let mut qoe = Qoe::new();
        qoe.enter("s", "ep1", Cause::Load, 0);
        qoe.playing(100);
        qoe.paused(1100);
        qoe.playing(5100);
        qoe.completed();
        let report = qoe.enter("s", "ep2", Cause::Story, 6100).unwrap();
        assert_eq!(report.watched_ms, 2000);
        assert!(report.completed);
    }

    #[test]
    fn an_episode_whose_last_segment_ran_out_is_completed_and_one_left_mid_way_is_not() {
        let mut qoe = Qoe::new();
        qoe.enter("s", "ep1", Cause::Load, 0);
        qoe.segment_ended();
        qoe.segment_started();
        qoe.segment_ended();
        assert!(qoe.enter("s", "ep2", Cause::Story, 10).unwrap().completed);
        qoe.segment_ended();
        qoe.segment_started();
        assert!(!qoe.enter("s", "ep3", Cause::Input, 20).unwrap().completed);
    }

    #[test]
    fn stats_add_the_current_episode_so_far_and_take_percentiles_of_input_startups_only() {
        let mut qoe = Qoe::new();
        qoe.enter("s", "ep1", Cause::Load, 0);
        qoe.playing(900);
        for (i, startup) in [40, 10, 30, 20].into_iter().enumerate() {
            let at = 10_000 * (i as u64 + 1);
            qoe.enter("s", "ep", Cause::Input, at);
            qoe.playing(at + startup);
        }
        let stats = qoe.stats(40_020 + 500);
        assert_eq!(stats.episodes, 5);
        assert_eq!(stats.startup_p50_ms, Some(20));
        assert_eq!(stats.startup_p95_ms, Some(40));
        // ep1 from 900 to 10 000, then each input episode until the next, the last until now.
        assert_eq!(stats.watched_ms, 9100 + (10_000 - 40) + (10_000 - 10) + (10_000 - 30) + 500);
        assert_eq!(Qoe::new().stats(0).startup_p50_ms, None);
    }

    #[test]
    fn the_report_is_the_qoe_events_detail() {
        let report = EpisodeQoe {
            series_id: "s".into(),
            episode_id: "ep1".into(),
            startup_ms: None,
            watched_ms: 0,
            rebuffer_count: 0,
            rebuffer_ms: 0,
            completed: false,
            errors: 0,
        };
        assert_eq!(
            serde_json::to_string(&report).unwrap(),
            r#"{"seriesId":"s","episodeId":"ep1","startupMs":null,"watchedMs":0,"rebufferCount":0,"rebufferMs":0,"completed":false,"errors":0}"#
        );
    }
}
