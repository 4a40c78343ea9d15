//! Recall on generated queries (issue 15), CI-sized: a few hundred seeded queries made from the
//! shipped catalogue's own words (`benches/peer/queries.rs`, the generator of the side-by-side
//! harness) must almost never find nothing, and a half-typed word from a description, task,
//! skill or ESCO label must bring its record into the top 10.

mod common;

#[path = "../benches/peer/queries.rs"]
#[allow(dead_code)]
mod queries;

use padvinder::layout::DataLayout;
use padvinder::search::{self, SearchRequest};
use padvinder::services::{self, SearchParts};

/// The seed of the CI run; the harness uses its own (`PEER_SEED`).
const SEED: u64 = 15;
const QUERIES: usize = 400;

#[test]
fn generated_queries_find_something_and_half_typed_words_find_their_record() {
    let layout = DataLayout::new(common::shipped());
    let parts = SearchParts::in_memory(&layout).unwrap_or_else(|e| panic!("{e}"));
    let occupations = services::occupations(&layout).unwrap_or_else(|e| panic!("{e}"));
    let records = queries::records(&parts.catalogue, &occupations);
    // The harness's run (`PEER_SEED=2026 PEER_QUERIES=2000`) can be repeated here in-process.
    let env = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let seed = env("PEER_SEED", SEED as usize) as u64;
    let n = env("PEER_QUERIES", QUERIES);
    let generated = queries::generate(&records, seed, n);
    assert_eq!(generated.len(), n, "the generator made every query");

    let mut results = Vec::with_capacity(generated.len());
    for q in generated {
        let request = SearchRequest {
            query: q.text.clone(),
            limit: 10,
            ..SearchRequest::default()
        };
        let found = search::search(&parts.index, &parts.catalogue, &parts.geo, &request)
            .unwrap_or_else(|e| panic!("{:?}: {e}", q.text));
        let hits: Vec<String> = found
            .hits
            .iter()
            .map(|h| format!("{}:{}", h.kind.as_str(), h.id))
            .collect();
        results.push((q, hits));
    }
    let (by_kind, all) = queries::tally(&results);
    let mut report = String::new();
    for (kind, t) in &by_kind {
        report.push_str(&t.line(kind.label()));
        report.push('\n');
    }
    report.push_str(&all.line("all"));
    println!("{report}");
    let misses: Vec<&str> = results
        .iter()
        .filter(|(q, hits)| {
            hits.is_empty()
                || (q.kind == queries::QueryKind::HalfTypedOther
                    && !hits.iter().any(|h| Some(h) == q.intended.as_ref()))
        })
        .map(|(q, _)| q.text.as_str())
        .collect();
    for (q, hits) in &results {
        if q.kind == queries::QueryKind::HalfTypedOther
            && !hits.iter().any(|h| Some(h) == q.intended.as_ref())
        {
            println!("miss {:?} wants {:?}, top: {hits:?}", q.text, q.intended);
        }
    }

    assert!(
        all.zero_hit_share() <= 0.01,
        "more than 1 % of generated queries found nothing:\n{report}\nmisses: {misses:?}"
    );
    let half = &by_kind[&queries::QueryKind::HalfTypedOther];
    assert!(
        half.with_intended >= 50,
        "too few half-typed words from other fields to judge:\n{report}"
    );
    assert!(
        half.top10_share() >= 0.95,
        "half-typed words from non-title fields found their record in the top 10 less than 95 % \
         of the time:\n{report}\nmisses: {misses:?}"
    );
}
