//! `microdrama check|paths`: the host command line (CONTRACT §3).

fn main() {}
