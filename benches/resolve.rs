//! Speed of the occupation resolver on the real ESCO file: loading, and one query per tier.
//!
//! Run: `cargo bench --bench resolve`. The brief for this module is at most 1 ms per query.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use padvinder::layout::DataLayout;
use padvinder::resolve::Occupations;

/// Queries with the tier they are meant to exercise.
const QUERIES: &[(&str, &str)] = &[
    ("exact", "heftruckchauffeur"),
    ("exact", "Monteur Elektrische Installaties"),
    ("alt", "elektricien"),
    ("alt", "vorklifttruckbestuurder"),
    ("exact", "administratief medewerker"),
    ("typo", "heftrukchauffeur"),
    ("typo", "kasamedewerker"),
    ("typo", "sofwareontwikkelaar"),
    ("word_order", "installaties elektrische monteur"),
    ("word_part", "installatiemonteur"),
    ("word_part", "cv-monteur"),
    ("word_part", "vorkliftchauffeur"),
    ("word_part", "monteur"),
    ("word_part", "medewerker"),
    (
        "sentence",
        "ik repareer fietsen en scooters in een werkplaats",
    ),
    ("sentence", "zorg voor ouderen in een verpleeghuis"),
    ("full_text", "bouwvakker"),
];

fn occupations_csv() -> PathBuf {
    DataLayout::new(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("paths")).occupations()
}

fn bench_resolve(c: &mut Criterion) {
    let occupations = match Occupations::load(&occupations_csv()) {
        Ok(o) => o,
        Err(e) => panic!("cannot load ESCO occupations: {e}"),
    };
    let mut group = c.benchmark_group("resolve");
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for (tier, query) in QUERIES {
        group.bench_with_input(BenchmarkId::new(*tier, query), query, |b, q| {
            b.iter(|| occupations.resolve(black_box(q), 10))
        });
    }
    group.bench_function("all_17_queries", |b| {
        b.iter(|| {
            for (_, q) in QUERIES {
                black_box(occupations.resolve(black_box(q), 10));
            }
        })
    });
    group.finish();
}

/// Long and odd input must stay fast too (it used to be a wall-clock assertion in
/// `tests/resolve.rs`, where a busy machine made it flaky).
fn bench_bad_input(c: &mut Criterion) {
    let occupations = match Occupations::load(&occupations_csv()) {
        Ok(o) => o,
        Err(e) => panic!("cannot load ESCO occupations: {e}"),
    };
    let long = "heftruckchauffeur ".repeat(600);
    let noise = "é\"ß😀 *:\\".repeat(1300);
    let mut group = c.benchmark_group("bad_input");
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for (name, input) in [("long_10kB", &long), ("noise_10kB", &noise)] {
        group.bench_with_input(BenchmarkId::new("resolve", name), input, |b, q| {
            b.iter(|| occupations.resolve(black_box(q), 10))
        });
    }
    group.finish();
}

fn bench_load(c: &mut Criterion) {
    let path = occupations_csv();
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("occupations_nl.csv", |b| {
        b.iter(|| {
            Occupations::load(black_box(&path))
                .map(|o| o.len())
                .unwrap_or(0)
        })
    });
    group.finish();
}

criterion_group!(benches, bench_resolve, bench_bad_input, bench_load);
criterion_main!(benches);
