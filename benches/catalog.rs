//! Host benches of the catalog (`make bench`): load + validate, and `paths` (a complete exploration:
//! the generated story state is bounded), over the generated catalogs of tests/bench/catalog.mjs, to
//! show how the cost grows with the episode count.
//!
//! `make bench` writes the catalogs to target/bench/ first; run alone, `cargo bench` skips the sizes
//! whose file is missing.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::time::Duration;

/// Episode counts. 20,000 is the most one series may hold (EPISODES_PER_SERIES); 100,000 three-segment
/// episodes are over SEGMENTS_TOTAL and DOCUMENT_BYTES and are refused before parsing.
const SIZES: [usize; 3] = [1_000, 10_000, 20_000];

fn catalog(n: usize) -> Option<String> {
    let path = format!("{}/target/bench/catalog-{n}.json", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("skipped: {path} is missing (make bench writes it)");
            None
        }
    }
}

fn benches(c: &mut Criterion) {
    let mut load = c.benchmark_group("load");
    load.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    for n in SIZES {
        let Some(text) = catalog(n) else { continue };
        load.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| microdrama::catalog::load(text).expect("the bench catalog loads"));
        });
    }
    load.finish();

    let mut paths = c.benchmark_group("paths");
    paths.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    for n in SIZES {
        let Some(text) = catalog(n) else { continue };
        let (catalog, _) = microdrama::catalog::load(&text).expect("the bench catalog loads");
        // A row cut off at MAX_STATES would time the bound, not the catalog: the generator keeps the
        // story state bounded so that exploration finishes at every size.
        let report = microdrama::paths::report(&catalog);
        assert!(report.series.iter().all(|s| s.complete), "paths stops at MAX_STATES on {n} episodes");
        paths.bench_with_input(BenchmarkId::from_parameter(n), &catalog, |b, catalog| {
            b.iter(|| microdrama::paths::report(catalog));
        });
    }
    paths.finish();
}

criterion_group!(catalog_benches, benches);
criterion_main!(catalog_benches);
