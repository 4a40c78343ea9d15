//! A damaged index on disk heals: random bytes in any kind of index file, a truncated file or a
//! missing one ends in a rebuild from the catalogue, never a panic or a failing search.
//! Regression: random bytes in a `.term` file made the CLI panic inside tantivy-fst (exit 101),
//! and in an `.idx` file every search answered 500.

mod common;

use std::path::{Path, PathBuf};

use padvinder::config::Config;
use padvinder::index;
use padvinder::search::{self, SearchRequest};
use padvinder::services::SearchParts;

/// How a file is damaged.
#[derive(Clone, Copy, Debug)]
enum Damage {
    /// Bytes in the middle replaced by noise; the length stays the same.
    Noise,
    Truncate,
    Remove,
}

fn damage(file: &Path, how: Damage) {
    match how {
        Damage::Noise => {
            let mut bytes = std::fs::read(file).expect("read");
            // A fixed noise sequence, so a failure can be repeated.
            let mut x: u32 = 0x9e37_79b9;
            let start = bytes.len() / 3;
            let end = (start + 64).min(bytes.len());
            for b in &mut bytes[start..end] {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                *b ^= (x as u8) | 1;
            }
            std::fs::write(file, bytes).expect("write");
        }
        Damage::Truncate => {
            let len = std::fs::metadata(file).expect("metadata").len();
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(file)
                .expect("open");
            f.set_len(len / 2).expect("truncate");
        }
        Damage::Remove => std::fs::remove_file(file).expect("remove"),
    }
}

/// The files of the current build whose name ends with `ending` (`.term`, `meta.json`, …).
fn files_ending(index_dir: &Path, ending: &str) -> Vec<PathBuf> {
    let build = index::current_dir(index_dir).expect("a current build");
    let files: Vec<PathBuf> = std::fs::read_dir(build)
        .expect("read build")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.to_string_lossy().ends_with(ending) && std::fs::metadata(p).is_ok_and(|m| m.len() > 0)
        })
        .collect();
    files
}

/// Every document, found through the index.
fn total(parts: &SearchParts) -> usize {
    let req = SearchRequest {
        limit: 10,
        ..SearchRequest::default()
    };
    search::search(&parts.index, &parts.catalogue, &parts.geo, &req)
        .unwrap_or_else(|e| panic!("{e}"))
        .total
}

#[test]
fn every_kind_of_damage_ends_in_a_rebuild_and_a_working_search() {
    let fixture = common::Fixture::with(&[]);
    let index_dir = fixture.data.parent().expect("parent").join("index");
    let config = Config::with_folders(&fixture.data, &index_dir);
    let first = SearchParts::load(&config, false).unwrap_or_else(|e| panic!("{e}"));
    let documents = total(&first);
    assert!(documents > 0);
    drop(first);

    let kinds = [
        ".term",
        ".idx",
        ".pos",
        ".store",
        ".fast",
        ".fieldnorm",
        "meta.json",
        ".managed.json",
        index::MANIFEST_FILE,
    ];
    let mut damaged = 0;
    for ending in kinds {
        for how in [Damage::Noise, Damage::Truncate, Damage::Remove] {
            let files = files_ending(&index_dir, ending);
            assert!(!files.is_empty(), "the index has no {ending} file");
            for file in &files {
                damage(file, how);
            }
            damaged += 1;
            let parts = SearchParts::load(&config, false)
                .unwrap_or_else(|e| panic!("{ending} {how:?}: {e}"));
            assert!(parts.rebuilt, "{ending} {how:?}: damage not noticed");
            assert_eq!(total(&parts), documents, "{ending} {how:?}");
            // And the rebuilt index is whole again: it is reused as it is.
            drop(parts);
            let again = SearchParts::load(&config, false).unwrap_or_else(|e| panic!("{e}"));
            assert!(!again.rebuilt, "{ending} {how:?}: rebuilt index not reused");
        }
    }
    assert_eq!(damaged, kinds.len() * 3);
}

#[test]
fn the_cli_searches_after_a_damaged_term_file_instead_of_panicking() {
    let fixture = common::Fixture::with(&[]);
    let index_dir = fixture.data.parent().expect("parent").join("index");
    let out = fixture.run(&["index"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let terms = files_ending(&index_dir, ".term");
    assert!(!terms.is_empty());
    for file in &terms {
        damage(file, Damage::Noise);
    }
    let out = fixture.run(&["search", "monteur", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert!(v["total"].as_u64() > Some(0), "{v}");
}

#[test]
fn an_index_whose_lock_cannot_be_written_opens_from_memory() {
    // tantivy writes a lock file when it opens an index; in a read-only folder that fails. The
    // tests run as root, where permissions do not stop a write, so a folder in the lock file's
    // place stands in for it.
    let fixture = common::Fixture::with(&[]);
    let index_dir = fixture.data.parent().expect("parent").join("index");
    let config = Config::with_folders(&fixture.data, &index_dir);
    let documents = total(&SearchParts::load(&config, false).unwrap_or_else(|e| panic!("{e}")));
    let build = index::current_dir(&index_dir).expect("a current build");
    let lock = build.join(".tantivy-meta.lock");
    // tantivy leaves the (unlocked) file behind.
    let _ = std::fs::remove_file(&lock);
    std::fs::create_dir(&lock).expect("block the lock");
    let parts = SearchParts::load(&config, false).unwrap_or_else(|e| panic!("{e}"));
    assert!(!parts.rebuilt, "a valid index must be opened, not rebuilt");
    assert_eq!(total(&parts), documents);
}
