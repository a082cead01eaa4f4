//! Arbitrary bytes as a catalog document: the loader must never panic, never half-load, and a catalog
//! it accepts must play without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use microdrama::catalog;
use microdrama::command::Via;
use microdrama::session::{Config, Input, Session};

fuzz_target!(|data: &[u8]| {
    match catalog::load_bytes(data) {
        Ok((catalog, warnings)) => {
            // Accepted: no error among the warnings, at least one series, each with an episode.
            assert!(
                warnings.iter().all(|w| !w.is_error()),
                "an accepted catalog carries an error: {warnings:?}"
            );
            assert!(!catalog.series.is_empty());
            assert!(catalog.series.iter().all(|s| !s.episodes.is_empty()));
            let config = Config { series: None, episode: None, pool_size: 3, language: "en".to_owned() };
            let Ok(mut session) = Session::new(catalog, config) else { return };
            // A short drive over whatever the catalog holds: every segment index, target and
            // expression it accepted must hold up at play time.
            let mut now = 0;
            session.start(now);
            for step in 0..24u64 {
                now += 1000;
                match step % 6 {
                    0 => drop(session.input(Input::MediaTime { slot: 0, media_ms: now }, now)),
                    1 => drop(session.input(Input::Choose { index: (step % 4) as usize, via: Via::Key }, now)),
                    2 => drop(session.input(Input::Tick, now + 60_000)),
                    3 => drop(session.input(Input::Ended { slot: 0 }, now)),
                    4 => drop(session.input(Input::Rewind, now)),
                    _ => drop(session.input(Input::Next, now)),
                }
            }
            let save = session.save();
            assert!(session.restore(&save, now).is_ok(), "a session's own save is refused");
        }
        Err(diagnostics) => {
            assert!(diagnostics.iter().any(|d| d.is_error()), "refused without an error: {diagnostics:?}");
        }
    }
});
