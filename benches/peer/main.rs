//! The side-by-side harness of issue 15: the same seeded, generated queries against padvinder
//! and, when `MEILI_URL` names a running Meilisearch, against it too, interleaved.
//!
//! ```text
//! cargo bench --bench peer                          # padvinder alone, in-process
//! PEER_QUERIES=2000 PEER_SEED=2026 cargo bench --bench peer
//! PADVINDER_URL=http://127.0.0.1:8080 MEILI_URL=http://127.0.0.1:7700 [MEILI_KEY=…] \
//!     cargo bench --bench peer                      # both over HTTP with keep-alive
//! PADVINDER_URL=… BASELINE_URL=http://127.0.0.1:8081 cargo bench --bench peer
//!                                                   # this build against an older one
//! ```
//!
//! A server started for this harness needs `PADVINDER_ANONYMOUS_RATE_LIMIT_PER_MINUTE=0`: all the
//! queries come from one address, far above the default per-address limit.
//!
//! Prints, per engine and per kind of query: the share of queries with no hit and the share
//! whose intended record (the one the words came from, when at most 10 records hold them) is in
//! the top 10; then latency percentiles and, with both engines, their ratio. With `MEILI_URL`
//! the harness loads the same records (title, other title fields, other text, in that order of
//! importance) and the catalogue's synonyms into the index `padvinder_peer`, replacing it. The
//! Meilisearch build stays outside the repository; without `MEILI_URL` that half is skipped.

#[path = "queries.rs"]
mod queries;

use std::path::Path;
use std::time::{Duration, Instant};

use padvinder::index;
use padvinder::layout::DataLayout;
use padvinder::search::{self, SearchRequest};
use padvinder::services::Domain;
use serde_json::{Value, json};

use queries::{Query, Record};

/// The harness's default seed and size (the CI test uses its own, smaller run).
const SEED: u64 = 2026;
const QUERIES: usize = 2000;
const MEILI_INDEX: &str = "padvinder_peer";

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// An engine under test: answers the top-10 record keys (`kind:id`) of a query.
trait Engine {
    fn name(&self) -> &str;
    fn top10(&mut self, q: &str) -> Vec<String>;
}

struct InProcess<'a> {
    domain: &'a Domain,
    index: index::SearchIndex,
}

impl Engine for InProcess<'_> {
    fn name(&self) -> &str {
        "padvinder (in-process)"
    }

    fn top10(&mut self, q: &str) -> Vec<String> {
        let request = SearchRequest {
            query: q.to_owned(),
            limit: 10,
            ..SearchRequest::default()
        };
        search::search(
            &self.index,
            &self.domain.catalogue,
            &self.domain.geo,
            &request,
        )
        .map(|r| {
            r.hits
                .iter()
                .map(|h| format!("{}:{}", h.kind.as_str(), h.id))
                .collect()
        })
        .unwrap_or_else(|e| panic!("{q:?}: {e}"))
    }
}

struct PadvinderHttp {
    client: reqwest::blocking::Client,
    url: String,
    name: String,
}

impl Engine for PadvinderHttp {
    fn name(&self) -> &str {
        &self.name
    }

    fn top10(&mut self, q: &str) -> Vec<String> {
        let answer: Value = self
            .client
            .get(format!("{}/api/v1/search", self.url))
            .query(&[("q", q), ("limit", "10")])
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .unwrap_or_else(|e| panic!("padvinder {q:?}: {e}"));
        hits_of(&answer, |h| {
            Some(format!("{}:{}", h["kind"].as_str()?, h["id"].as_str()?))
        })
    }
}

struct Meili {
    client: reqwest::blocking::Client,
    url: String,
    key: Option<String>,
}

fn hits_of(answer: &Value, key: impl Fn(&Value) -> Option<String>) -> Vec<String> {
    answer["hits"]
        .as_array()
        .map(|hits| hits.iter().filter_map(&key).collect())
        .unwrap_or_default()
}

impl Meili {
    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::blocking::RequestBuilder {
        let r = self.client.request(method, format!("{}{path}", self.url));
        match &self.key {
            Some(key) => r.bearer_auth(key),
            None => r,
        }
    }

    /// Sends a write and waits until Meilisearch has applied it.
    fn write(&self, method: reqwest::Method, path: &str, body: &Value) {
        let task: Value = self
            .request(method, path)
            .json(body)
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .unwrap_or_else(|e| panic!("meilisearch {path}: {e}"));
        let uid = task["taskUid"]
            .as_u64()
            .unwrap_or_else(|| panic!("meilisearch {path}: no taskUid in {task}"));
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            let state: Value = self
                .request(reqwest::Method::GET, &format!("/tasks/{uid}"))
                .send()
                .and_then(|r| r.json())
                .unwrap_or_else(|e| panic!("meilisearch task {uid}: {e}"));
            match state["status"].as_str() {
                Some("succeeded") => return,
                Some("failed") | Some("canceled") => {
                    panic!("meilisearch {path}: {}", state["error"])
                }
                _ if Instant::now() > deadline => panic!("meilisearch task {uid} timed out"),
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    /// Replaces the harness's index with these records and synonyms.
    fn load(&self, records: &[Record], synonyms: &[Vec<String>]) {
        // Absent the first time: a failed delete is fine.
        let _ = self
            .request(reqwest::Method::DELETE, &format!("/indexes/{MEILI_INDEX}"))
            .send()
            .map(|r| r.json::<Value>().ok());
        std::thread::sleep(Duration::from_millis(500));
        self.write(
            reqwest::Method::POST,
            "/indexes",
            &json!({"uid": MEILI_INDEX, "primaryKey": "uid"}),
        );
        let mut groups = serde_json::Map::new();
        for group in synonyms {
            for word in group {
                let others: Vec<&String> = group.iter().filter(|w| *w != word).collect();
                groups.insert(word.clone(), json!(others));
            }
        }
        self.write(
            reqwest::Method::PATCH,
            &format!("/indexes/{MEILI_INDEX}/settings"),
            &json!({
                "searchableAttributes": ["title", "titles", "others"],
                "displayedAttributes": ["key"],
                "synonyms": groups,
            }),
        );
        let docs: Vec<Value> = records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                json!({
                    "uid": i,
                    "key": r.key(),
                    "title": r.titles.first(),
                    "titles": r.titles.get(1..).unwrap_or_default(),
                    "others": r.others,
                })
            })
            .collect();
        self.write(
            reqwest::Method::POST,
            &format!("/indexes/{MEILI_INDEX}/documents"),
            &json!(docs),
        );
    }
}

impl Engine for Meili {
    fn name(&self) -> &str {
        "Meilisearch (HTTP)"
    }

    fn top10(&mut self, q: &str) -> Vec<String> {
        let answer: Value = self
            .request(
                reqwest::Method::POST,
                &format!("/indexes/{MEILI_INDEX}/search"),
            )
            .json(&json!({"q": q, "limit": 10}))
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .unwrap_or_else(|e| panic!("meilisearch {q:?}: {e}"));
        hits_of(&answer, |h| h["key"].as_str().map(str::to_owned))
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let data = std::env::var("PEER_DATA")
        .map(Into::into)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("paths"));
    let seed = env_or("PEER_SEED", SEED);
    let n = env_or("PEER_QUERIES", QUERIES);
    let domain = Domain::load(&DataLayout::new(&data)).unwrap_or_else(|e| panic!("{e}"));
    let records = queries::records(&domain.catalogue, &domain.occupations);
    let generated: Vec<Query> = queries::generate(&records, seed, n);
    println!(
        "{} records in {}; {} queries, seed {seed}",
        records.len(),
        data.display(),
        generated.len()
    );

    let client = reqwest::blocking::Client::new();
    let mut engines: Vec<Box<dyn Engine + '_>> = Vec::new();
    match std::env::var("PADVINDER_URL") {
        Ok(url) => engines.push(Box::new(PadvinderHttp {
            client: client.clone(),
            url: url.trim_end_matches('/').to_owned(),
            name: "padvinder (HTTP)".to_owned(),
        })),
        Err(_) => engines.push(Box::new(InProcess {
            domain: &domain,
            index: index::build_in_ram(&domain.index_inputs()).expect("index"),
        })),
    }
    // Another padvinder build (an older release) serving the same data: before/after figures.
    if let Ok(url) = std::env::var("BASELINE_URL") {
        engines.push(Box::new(PadvinderHttp {
            client: client.clone(),
            url: url.trim_end_matches('/').to_owned(),
            name: "baseline padvinder (HTTP)".to_owned(),
        }));
    }
    match std::env::var("MEILI_URL") {
        Ok(url) => {
            let meili = Meili {
                client: client.clone(),
                url: url.trim_end_matches('/').to_owned(),
                key: std::env::var("MEILI_KEY").ok(),
            };
            meili.load(&records, domain.catalogue.synonyms());
            engines.push(Box::new(meili));
        }
        Err(_) => println!("MEILI_URL is not set: Meilisearch is skipped"),
    }

    // Warm up, then interleave: each query goes to every engine in turn.
    for q in generated.iter().take(50) {
        for e in &mut engines {
            e.top10(&q.text);
        }
    }
    let mut results: Vec<Vec<(Query, Vec<String>)>> = vec![Vec::new(); engines.len()];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); engines.len()];
    for q in &generated {
        for (i, e) in engines.iter_mut().enumerate() {
            let t = Instant::now();
            let hits = e.top10(&q.text);
            times[i].push(t.elapsed());
            results[i].push((q.clone(), hits));
        }
    }
    for (i, e) in engines.iter().enumerate() {
        println!("\n{}", e.name());
        let (by_kind, all) = queries::tally(&results[i]);
        for (kind, t) in &by_kind {
            println!("  {}", t.line(kind.label()));
        }
        println!("  {}", all.line("all"));
        times[i].sort();
        println!(
            "  latency p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            ms(percentile(&times[i], 0.5)),
            ms(percentile(&times[i], 0.99)),
            ms(*times[i].last().unwrap_or(&Duration::ZERO)),
        );
    }
    for (i, other) in engines.iter().enumerate().skip(1) {
        let ratio = |p: f64| ms(percentile(&times[0], p)) / ms(percentile(&times[i], p)).max(1e-9);
        println!(
            "\n{} / {}: p50 {:.2}×, p99 {:.2}×",
            engines[0].name(),
            other.name(),
            ratio(0.5),
            ratio(0.99)
        );
    }
}
