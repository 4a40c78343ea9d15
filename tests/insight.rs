//! The insight counters of job centres in the store (issue 12 §6): counts added from several
//! threads, and on PostgreSQL from two instances (two stores on one database), add up exactly;
//! a tenant reads only its own weeks. Every test runs against both stores (`common/stores.rs`).

#[macro_use]
#[path = "common/stores.rs"]
mod stores;

use std::sync::Arc;

use padvinder::store::{InsightCount, InsightKind, IsoWeek, Store};
use stores::Backend;

on_both_stores!(
    counts_from_two_instances_add_up_and_a_tenant_reads_only_its_weeks,
    a_store_reopened_keeps_the_counts,
);

fn week(text: &str) -> IsoWeek {
    IsoWeek::parse(text).expect("week")
}

fn count(tenant: &str, week: IsoWeek, kind: InsightKind, value: &str, n: u64) -> InsightCount {
    InsightCount {
        tenant: tenant.to_owned(),
        week,
        kind,
        value: value.to_owned(),
        count: n,
    }
}

/// The count of one counter in a read, or 0.
fn read(counts: &[InsightCount], week: IsoWeek, kind: InsightKind, value: &str) -> u64 {
    counts
        .iter()
        .filter(|c| c.week == week && c.kind == kind && c.value == value)
        .map(|c| c.count)
        .sum()
}

fn counts_from_two_instances_add_up_and_a_tenant_reads_only_its_weeks(backend: &Backend) {
    let dir = tempfile::tempdir().expect("temp dir");
    let test_store = backend.store(dir.path(), "store");
    let first = test_store.open();
    // A second instance on the same database (sled has one process; its threads share it).
    let second: Arc<dyn Store> = if backend.is_postgres() {
        test_store.open()
    } else {
        Arc::clone(&first)
    };
    let (w1, w2, w3) = (week("2026-W52"), week("2026-W53"), week("2027-W01"));
    let batch = vec![
        count("rijnmond", w1, InsightKind::Searches, "", 3),
        count("rijnmond", w1, InsightKind::Word, "monteur", 2),
        count("rijnmond", w2, InsightKind::Route, "elektromonteur", 1),
        count("rijnmond", w3, InsightKind::Municipality, "GM0599", 1),
        count("utrecht", w1, InsightKind::Searches, "", 100),
    ];
    // 4 threads per instance, 25 flushes each, all at once.
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let store = Arc::clone(if i % 2 == 0 { &first } else { &second });
            let batch = batch.clone();
            std::thread::spawn(move || {
                for _ in 0..25 {
                    // A conflict between instances is a failure the caller retries (the
                    // server keeps the counts for its next flush): do so here.
                    let mut tries = 0;
                    while let Err(e) = store.add_insight(&batch) {
                        tries += 1;
                        assert!(tries < 20, "add_insight keeps failing: {e}");
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    let all = first.insight("rijnmond", w1, w3).expect("read");
    assert_eq!(read(&all, w1, InsightKind::Searches, ""), 3 * 200);
    assert_eq!(read(&all, w1, InsightKind::Word, "monteur"), 2 * 200);
    assert_eq!(read(&all, w2, InsightKind::Route, "elektromonteur"), 200);
    assert_eq!(read(&all, w3, InsightKind::Municipality, "GM0599"), 200);
    assert!(
        all.iter().all(|c| c.tenant == "rijnmond"),
        "another tenant's counts: {all:?}"
    );
    // The range is both weeks included, and nothing else.
    let middle = second.insight("rijnmond", w2, w2).expect("read");
    assert_eq!(middle.len(), 1, "{middle:?}");
    assert_eq!(middle[0].value, "elektromonteur");
    assert!(first.insight("rijnmon", w1, w3).expect("read").is_empty());
    let utrecht = first.insight("utrecht", w1, w1).expect("read");
    assert_eq!(read(&utrecht, w1, InsightKind::Searches, ""), 100 * 200);
}

fn a_store_reopened_keeps_the_counts(backend: &Backend) {
    let dir = tempfile::tempdir().expect("temp dir");
    let test_store = backend.store(dir.path(), "store");
    let w = week("2026-W10");
    {
        let store = test_store.open();
        store
            .add_insight(&[count("rijnmond", w, InsightKind::Matches, "", 7)])
            .expect("add");
    }
    let store = test_store.open();
    store
        .add_insight(&[count("rijnmond", w, InsightKind::Matches, "", 5)])
        .expect("add");
    let read_back = store.insight("rijnmond", w, w).expect("read");
    assert_eq!(read(&read_back, w, InsightKind::Matches, ""), 12);
    // Adding nothing is allowed and changes nothing.
    store.add_insight(&[]).expect("add nothing");
    assert_eq!(store.insight("rijnmond", w, w).expect("read"), read_back);
    // One batch naming a counter twice, among others (PostgreSQL writes a batch as one
    // statement): both counts are added.
    store
        .add_insight(&[
            count("rijnmond", w, InsightKind::Matches, "", 2),
            count("rijnmond", w, InsightKind::Word, "monteur", 11),
            count("rijnmond", w, InsightKind::Matches, "", 3),
        ])
        .expect("add a batch");
    let again = store.insight("rijnmond", w, w).expect("read");
    assert_eq!(read(&again, w, InsightKind::Matches, ""), 17);
    assert_eq!(read(&again, w, InsightKind::Word, "monteur"), 11);
}
