//! Index and search speed: the shipped catalogue and a synthetic one of 100,000 courses.
//!
//! `cargo bench --bench search` prints latency percentiles (p50/p99 over many runs of each query,
//! which is what the targets in docs/PERFORMANCE.md are about) and then runs criterion for
//! means. Set `PADVINDER_BENCH_COURSES` to change the synthetic size.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use padvinder::index::{self, SearchIndex};
use padvinder::layout::DataLayout;
use padvinder::search::{self, SearchRequest};
use padvinder::services::Domain;

/// 1-3 word queries as people type them, with typos and half-typed last words.
const QUERIES: &[&str] = &[
    "elektricien",
    "elektricen",
    "monteur",
    "instalatiemonteur",
    "warmtepomp",
    "zonnepaneel monteur",
    "software developer",
    "ict support",
    "lasser",
    "technicus onderhoud",
    "werkvoorbereider installaties",
    "netwerkmonteur",
    "automonteur",
    "elektr",
    "monteur laagspanning bbl",
    "timmerman",
];

/// The data as every command loads it; the index is built from `Domain::index_inputs`.
type Setup = Domain;

fn load(data: &Path) -> Setup {
    Domain::load(&DataLayout::new(data)).unwrap_or_else(|e| panic!("{e}"))
}

fn request(q: &str) -> SearchRequest {
    SearchRequest {
        query: q.to_owned(),
        limit: 10,
        ..SearchRequest::default()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Runs every query `rounds` times and prints p50, p99 and max over all runs.
fn report_latency(label: &str, idx: &SearchIndex, s: &Setup, rounds: usize) {
    for q in QUERIES {
        search::search(idx, &s.catalogue, &s.geo, &request(q)).expect("warm-up");
    }
    let mut all = Vec::with_capacity(rounds * QUERIES.len());
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); QUERIES.len()];
    for _ in 0..rounds {
        for (i, q) in QUERIES.iter().enumerate() {
            let t = Instant::now();
            let r = search::search(idx, &s.catalogue, &s.geo, &request(q)).expect("search");
            all.push(t.elapsed());
            per_query[i].push(t.elapsed());
            std::hint::black_box(r);
        }
    }
    all.sort();
    let mut slowest: Vec<(Duration, &str)> = per_query
        .iter_mut()
        .zip(QUERIES)
        .map(|(times, q)| {
            times.sort();
            (percentile(times, 0.5), *q)
        })
        .collect();
    slowest.sort();
    let slow: Vec<String> = slowest
        .iter()
        .rev()
        .take(3)
        .map(|(d, q)| format!("{q:?} {:.3} ms", d.as_secs_f64() * 1e3))
        .collect();
    println!("{label}: slowest queries (p50): {}", slow.join(", "));
    println!(
        "{label}: {} searches, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        all.len(),
        percentile(&all, 0.50).as_secs_f64() * 1e3,
        percentile(&all, 0.99).as_secs_f64() * 1e3,
        all[all.len() - 1].as_secs_f64() * 1e3,
    );
}

/// The most work a search may be asked for (issue 13), each query at the limits
/// (`search::MAX_QUERY_WORDS`, `search::MAX_QUERY_CHARS`): the most words, each a misspelt
/// compound long enough for two typos; the most words at the most characters; one word as long
/// as a query may be.
fn longest_queries() -> Vec<(&'static str, String)> {
    let misspelt = ["instalatiewarmtepompmonteurs"; search::MAX_QUERY_WORDS].join(" ");
    let per_word = (search::MAX_QUERY_CHARS + 1) / search::MAX_QUERY_WORDS - 1;
    let long_word: String = "instalatiewarmtepompmonteurs".repeat(2)[..per_word].to_owned();
    let long_words = vec![long_word; search::MAX_QUERY_WORDS].join(" ");
    let one_word = "zonnepanelen"
        .repeat(search::MAX_QUERY_CHARS)
        .chars()
        .take(search::MAX_QUERY_CHARS)
        .collect::<String>();
    vec![
        ("longest accepted: 10 misspelt compounds", misspelt),
        ("longest accepted: 10 words of 49 letters", long_words),
        ("longest accepted: one 500-letter word", one_word),
    ]
}

/// CPU time this thread has used: unlike wall time, not stretched by other work on the machine.
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec; the clock id is a constant libc knows.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// p50, p99 and max of each of [`longest_queries`] over `rounds` runs: the worst case of a
/// search that the limits accept.
fn report_longest(label: &str, idx: &SearchIndex, s: &Setup, rounds: usize) {
    for (name, q) in longest_queries() {
        assert!(q.chars().count() <= search::MAX_QUERY_CHARS);
        let mut times = Vec::with_capacity(rounds);
        let mut cpu = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let (t, c) = (Instant::now(), thread_cpu());
            let r = search::search(idx, &s.catalogue, &s.geo, &request(&q)).expect("accepted");
            times.push(t.elapsed());
            cpu.push(thread_cpu() - c);
            std::hint::black_box(r);
        }
        times.sort();
        cpu.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{label}: {name} ({} chars): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms; CPU p50 {:.3} ms, max {:.3} ms",
            q.chars().count(),
            ms(percentile(&times, 0.50)),
            ms(percentile(&times, 0.99)),
            ms(times[times.len() - 1]),
            ms(percentile(&cpu, 0.50)),
            ms(cpu[cpu.len() - 1]),
        );
    }
}

fn synthetic(courses: usize) -> (tempfile::TempDir, Setup) {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("paths");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("paths");
    padvinder::synth::write(&shipped, courses, &data).expect("synthetic catalogue");
    let setup = load(&data);
    (dir, setup)
}

fn courses_wanted() -> usize {
    std::env::var("PADVINDER_BENCH_COURSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

fn latency_report() {
    let shipped = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("paths"));
    let t = Instant::now();
    let idx = index::build_in_ram(&shipped.index_inputs()).expect("index");
    println!(
        "index shipped catalogue ({} courses): {:.1} ms",
        shipped.catalogue.courses().len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    report_latency("search shipped", &idx, &shipped, 200);
    report_longest("search shipped", &idx, &shipped, 200);

    let n = courses_wanted();
    let (dir, synth) = synthetic(n);
    let t = Instant::now();
    let idx = index::build(&dir.path().join("index"), &synth.index_inputs()).expect("index");
    println!(
        "index synthetic catalogue ({n} courses, on disk): {:.2} s",
        t.elapsed().as_secs_f64()
    );
    report_latency(&format!("search synthetic {n}"), &idx, &synth, 30);
    report_longest(&format!("search synthetic {n}"), &idx, &synth, 30);
}

fn bench(c: &mut Criterion) {
    let shipped = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("paths"));
    c.bench_function("index shipped catalogue (RAM)", |b| {
        b.iter(|| index::build_in_ram(&shipped.index_inputs()).expect("index"))
    });
    let idx = index::build_in_ram(&shipped.index_inputs()).expect("index");
    let mut group = c.benchmark_group("search shipped");
    for q in [
        "elektricien",
        "elektricen",
        "instalatiemonteur",
        "software developer",
    ] {
        group.bench_function(q, |b| {
            b.iter(|| search::search(&idx, &shipped.catalogue, &shipped.geo, &request(q)))
        });
    }
    for (label, q) in longest_queries() {
        group.bench_function(label, |b| {
            b.iter(|| search::search(&idx, &shipped.catalogue, &shipped.geo, &request(&q)))
        });
    }
    group.finish();

    let (dir, synth) = synthetic(courses_wanted());
    let idx = index::build(&dir.path().join("index"), &synth.index_inputs()).expect("index");
    let mut group = c.benchmark_group("search synthetic");
    for q in ["elektricien", "elektricen", "zonnepaneel monteur", "elektr"] {
        group.bench_function(q, |b| {
            b.iter(|| search::search(&idx, &synth.catalogue, &synth.geo, &request(q)))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(3));
    targets = bench
}

fn main() {
    latency_report();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
