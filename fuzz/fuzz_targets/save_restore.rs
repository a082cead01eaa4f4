//! Arbitrary text as a save, against the session fixture catalog: decoding must never panic; a save it
//! accepts must restore into a session (unless it shares nothing with the catalog) that then plays without panicking, and whose own save is
//! accepted again.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use microdrama::catalog::{self, Catalog};
use microdrama::command::Via;
use microdrama::session::{Config, Input, Session};
use microdrama::story::save;

fn fixture() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| match catalog::load(include_str!("../../tests/fixtures/session.json")) {
        Ok((catalog, _)) => catalog,
        Err(diagnostics) => panic!("the session fixture does not load: {diagnostics:?}"),
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let catalog = fixture();
    let Ok((restored, _)) = save::decode(text, catalog) else { return };
    let config = Config { series: None, episode: None, pool_size: 3, language: "en".to_owned() };
    let Ok(mut session) = Session::new(catalog.clone(), config) else { return };
    session.start(0);
    // The session refuses what decodes but shares nothing with this catalog, and nothing else.
    let foreign = restored.catalog_changed && restored.stories.is_empty();
    match session.restore(text, 10) {
        Ok(_) => assert!(!foreign, "a save of another catalog was restored"),
        Err(error) if foreign && error.code.as_str() == "save-other-catalog" => return,
        Err(error) => panic!("decode accepted a save that restore refuses: {error}"),
    }
    // The inputs a viewer could give next, chosen by the input's own bytes so the fuzzer can steer them.
    let mut now = 10;
    for &byte in data.iter().take(24) {
        now += 700;
        match byte % 9 {
            0 => drop(session.input(Input::MediaTime { slot: usize::from(byte / 9 % 4), media_ms: now % 5000 }, now)),
            1 => drop(session.input(Input::Choose { index: usize::from(byte / 9 % 4), via: Via::Tap }, now)),
            2 => drop(session.input(Input::Tick, now + 5000)),
            3 => drop(session.input(Input::Ended { slot: usize::from(byte / 9 % 4) }, now)),
            4 => drop(session.input(Input::Rewind, now)),
            5 => drop(session.input(Input::Next, now)),
            6 => drop(session.input(Input::Prev, now)),
            7 => drop(session.input(Input::Unlock("ep3".to_owned()), now)),
            _ => drop(session.input(Input::MediaError { slot: usize::from(byte / 9 % 4) }, now)),
        }
    }
    let again = session.save();
    assert!(again.len() <= save::MAX_SAVE_BYTES);
    if let Err(error) = session.restore(&again, now) {
        panic!("the session's own save is refused: {error}\n{again}");
    }
});
