//! The module graph points one way (ARCHITECTURE.md, "Layers"). Each top-level module of `src/`
//! may name only the modules listed for it in [`ALLOWED`]; this test reads every `src/**/*.rs`,
//! collects the `crate::…` paths it names (in `use` lines, in code, in attributes and doc links)
//! and fails on any module not allowed. The binary (`main.rs`, `cli.rs`) sits on top and may use
//! everything.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each module of the library with the modules it may use, bottom layer first ([`BELOW`]: every
/// module listed before it). A new module must be added here, which forces a decision about its
/// place.
const ALLOWED: &[(&str, &[&str])] = &[
    // Base: the shared vocabulary, where data files live, Dutch text analysis, ESCO skill links.
    ("base", &[]),
    ("layout", &[]),
    ("text", &[]),
    ("esco_skills", &[]),
    ("geo", &["base", "layout"]),
    // Places to ask (school branches) and regional desks: reference data, not the catalogue.
    ("contacts", &["base", "geo", "layout"]),
    ("synth", &["layout"]),
    ("config", &["base", "layout"]),
    // Domain data: the catalogue and the ESCO occupations.
    ("catalog", &["base", "geo", "layout", "text"]),
    ("resolve", &["base", "layout", "text"]),
    // Research rows → generated catalogue records (`padvinder import-offerings`).
    ("import", &["base", "catalog", "geo"]),
    // How far the catalogue reaches (`padvinder coverage`): providers per qualification and
    // region, and the regions' desks.
    ("coverage", &["base", "catalog", "contacts", "geo"]),
    // Every text a person reads, in Dutch and English; keys and values, no ranking.
    ("messages", &["catalog"]),
    // Search: facets below the index, the index below search and suggestions.
    ("facets", &["catalog", "geo"]),
    ("index", &["catalog", "facets", "geo", "resolve", "text"]),
    (
        "search",
        &["base", "catalog", "facets", "geo", "index", "text"],
    ),
    (
        "suggest",
        &[
            "base", "catalog", "geo", "index", "resolve", "search", "text",
        ],
    ),
    // A person and their eligibility.
    ("profile", &["base", "catalog", "messages"]),
    ("slim", &["base", "catalog", "messages"]),
    ("fees", &["catalog", "messages"]),
    // Routes for a person.
    (
        "matching",
        &[
            "base",
            "catalog",
            "contacts",
            "esco_skills",
            "fees",
            "geo",
            "messages",
            "profile",
            "resolve",
            "slim",
            "text",
        ],
    ),
    // The counsellor workspace: what it keeps (behind the store trait), then what it does.
    ("store", &["base", "catalog", "messages", "profile"]),
    (
        "workspace",
        &[
            "base", "catalog", "matching", "messages", "profile", "slim", "store",
        ],
    ),
    // Loading everything from one config, then HTTP on top: each may use every layer below it.
    ("services", BELOW),
    ("server", BELOW),
];

/// In [`ALLOWED`]: may use every module listed before it.
const BELOW: &[&str] = &["*"];

/// Files of the binary, above every library module.
const BINARY: &[&str] = &["main.rs", "cli.rs", "cli_tenants.rs", "cli_workspace.rs"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The top-level modules named by `crate::` paths in `code`, with the line of each.
/// `crate::{a, b::c}` names `a` and `b`.
fn crate_paths(code: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (start, _) in code.match_indices("crate::") {
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| is_ident(c) || c == '$') {
            continue;
        }
        let line = code[..start].matches('\n').count() + 1;
        let rest = &code[start + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            for item in split_top_level(group) {
                let name: String = item.trim().chars().take_while(|&c| is_ident(c)).collect();
                if !name.is_empty() {
                    found.push((name, line));
                }
            }
        } else {
            let name: String = rest.chars().take_while(|&c| is_ident(c)).collect();
            if !name.is_empty() {
                found.push((name, line));
            }
        }
    }
    found
}

/// The comma-separated items of a `{…}` group, up to its closing brace.
fn split_top_level(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut from) = (0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[from..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    items
}

/// The top-level module a file under `src/` belongs to, or `None` for the crate root and binary.
fn module_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).expect("file under src/");
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    if rel.components().count() > 1 {
        return Some(first);
    }
    match first.as_str() {
        "lib.rs" => None,
        f if BINARY.contains(&f) => None,
        f => Some(f.trim_end_matches(".rs").to_owned()),
    }
}

fn allowed() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let mut below = BTreeSet::new();
    let mut allowed = BTreeMap::new();
    for (module, deps) in ALLOWED {
        let may_use = if *deps == BELOW {
            below.clone()
        } else {
            deps.iter().copied().collect()
        };
        allowed.insert(*module, may_use);
        below.insert(*module);
    }
    allowed
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let allowed = allowed();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let Some(module) = module_of(file) else {
            continue;
        };
        let Some(may_use) = allowed.get(module.as_str()) else {
            wrong.push(format!(
                "{}: module `{module}` is not in tests/layers.rs ALLOWED; give it a layer",
                file.display()
            ));
            continue;
        };
        let code = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (used, line) in crate_paths(&code) {
            checked += 1;
            if used != module && !may_use.contains(used.as_str()) {
                wrong.push(format!(
                    "{}:{line}: `{module}` may not use `crate::{used}` (allowed: {may_use:?})",
                    file.display()
                ));
            }
        }
    }
    // The scan must have seen the imports that exist, or it proves nothing.
    assert!(
        checked > 50,
        "only {checked} crate:: paths found under src/"
    );
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_library_module_has_a_layer() {
    let lib = fs::read_to_string(src().join("lib.rs")).expect("src/lib.rs");
    let declared: BTreeSet<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';').trim())
        .collect();
    let listed: BTreeSet<&str> = ALLOWED.iter().map(|(m, _)| *m).collect();
    assert!(
        declared.contains("catalog"),
        "no modules read from src/lib.rs"
    );
    assert_eq!(
        declared, listed,
        "src/lib.rs modules vs tests/layers.rs ALLOWED"
    );
}

/// The table itself points one way: each module uses only modules listed before it.
#[test]
fn the_layer_table_has_no_cycle() {
    let mut seen = BTreeSet::new();
    for (module, deps) in ALLOWED {
        for dep in deps.iter().filter(|_| *deps != BELOW) {
            assert!(
                seen.contains(dep),
                "`{module}` may use `{dep}`, which is not listed below it in ALLOWED"
            );
        }
        seen.insert(*module);
    }
}

#[test]
fn crate_paths_reads_use_lines_groups_and_inline_paths() {
    let code = "use crate::catalog::{Known, Crebo};\nuse crate::{geo::Geo, text};\n\
                fn f() { crate::slim::evaluate(); }\n/// [`crate::index`]\nmacro { $crate::x }\n\
                pub(crate) fn g() {}\nuse other_crate::y;";
    let names: Vec<(String, usize)> = crate_paths(code);
    let expect: Vec<(String, usize)> = [
        ("catalog", 1),
        ("geo", 2),
        ("text", 2),
        ("slim", 3),
        ("index", 4),
    ]
    .into_iter()
    .map(|(n, l)| (n.to_owned(), l))
    .collect();
    assert_eq!(names, expect);
}
