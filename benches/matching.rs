//! Match speed for full persona profiles: the shipped catalogue and a synthetic catalogue of
//! 100,000 courses. Prints p50/p99 over many runs (the targets in docs/PERFORMANCE.md), then
//! runs criterion for means. `PADVINDER_BENCH_COURSES` changes the synthetic size.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use padvinder::layout::DataLayout;
use padvinder::matching::{MatchOptions, Matcher};
use padvinder::profile::Profile;
use padvinder::services::Domain;
use time::macros::date;

/// The data as every command and the server load it.
type Setup = Domain;

fn load(data: &Path) -> Setup {
    Domain::load(&DataLayout::new(data)).unwrap_or_else(|e| panic!("{e}"))
}

fn personas() -> Vec<Profile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/personas");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("personas")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(f).expect("read")).expect("json");
            Profile::from_value(&v["profile"]).expect("profile")
        })
        .collect()
}

const OPTIONS: MatchOptions = MatchOptions {
    limit: 10,
    today: date!(2026 - 11 - 28),
    lang: padvinder::messages::Lang::Nl,
    detail: padvinder::matching::Detail::Summary,
    prefer_region: None,
};

/// The matcher the server runs ([`Domain::matcher`]), ESCO skill overlap included.
fn matcher(s: &Setup) -> Matcher<'_> {
    s.matcher()
}

fn report(label: &str, s: &Setup, rounds: usize) {
    let m = matcher(s);
    let profiles = personas();
    let mut all = Vec::new();
    for _ in 0..rounds {
        for p in &profiles {
            let t = Instant::now();
            let r = m.match_profile(p, &OPTIONS).expect("match");
            all.push(t.elapsed());
            std::hint::black_box(r);
        }
    }
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3;
    println!(
        "{label}: {} matches, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        all.len(),
        pct(0.5),
        pct(0.99),
        all[all.len() - 1].as_secs_f64() * 1e3
    );
}

fn shipped_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("paths")
}

fn synthetic() -> (tempfile::TempDir, Setup) {
    let n = std::env::var("PADVINDER_BENCH_COURSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp");
    let data = dir.path().join("paths");
    padvinder::synth::write(&shipped_dir(), n, &data).expect("synth");
    let setup = load(&data);
    (dir, setup)
}

fn bench(c: &mut Criterion) {
    let shipped = load(&shipped_dir());
    let profiles = personas();
    let m = matcher(&shipped);
    c.bench_function("match persona samira (shipped)", |b| {
        b.iter(|| m.match_profile(&profiles[profiles.len() - 1], &OPTIONS))
    });
    let (_dir, synth) = synthetic();
    let m = matcher(&synth);
    c.bench_function("match persona samira (synthetic)", |b| {
        b.iter(|| m.match_profile(&profiles[profiles.len() - 1], &OPTIONS))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(3));
    targets = bench
}

fn main() {
    let shipped = load(&shipped_dir());
    report("match shipped", &shipped, 100);
    let (_dir, synth) = synthetic();
    println!(
        "synthetic catalogue: {} functions, {} courses",
        synth.catalogue.functions().len(),
        synth.catalogue.courses().len()
    );
    report("match synthetic", &synth, 10);
    benches();
    Criterion::default().configure_from_args().final_summary();
}
