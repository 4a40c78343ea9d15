//! The `padvinder` binary as a data maintainer or counsellor uses it: index, search, resolve,
//! synth; and bad flags give a clear message, never a panic.

mod common;

use common::Fixture;
use serde_json::Value;

#[test]
fn index_builds_once_and_rebuilds_when_the_catalogue_changes() {
    let fixture = Fixture::with(&[]);
    let first = fixture.run(&["index"]);
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    assert!(first.stdout.starts_with("built "), "{}", first.stdout);
    let second = fixture.run(&["index"]);
    assert!(second.stdout.starts_with("up to date"), "{}", second.stdout);

    let changed = common::COURSES.replace(
        "keywords = [\"elektricien\"]",
        "keywords = [\"stroomspecialist\"]",
    );
    std::fs::write(fixture.data.join("courses/elektro.toml"), changed).expect("write");
    let search = fixture.run(&["search", "stroomspecialist", "--json"]);
    assert_eq!(search.code, 0, "{}", search.stderr);
    let v: Value = serde_json::from_str(&search.stdout).expect("json");
    assert_eq!(v["hits"][0]["id"], "mbo-25737", "{v}");
    // Only one build folder is left behind.
    let builds = std::fs::read_dir(fixture.data.parent().expect("parent").join("index"))
        .expect("index dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("build-"))
        .count();
    assert_eq!(builds, 1);
}

#[test]
fn an_index_built_with_other_analysis_tables_is_rebuilt_on_open() {
    use padvinder::index;
    use padvinder::text::{Tables, tables::EMBEDDED};

    let fixture = Fixture::with(&[]);
    let built = fixture.run(&["index"]);
    assert!(built.stdout.starts_with("built "), "{}", built.stdout);
    let index_dir = fixture.data.parent().expect("parent").join("index");
    let current = index::current_dir(&index_dir).expect("a current build");
    let stamp = current.join(index::ANALYSIS_FILE);
    assert_eq!(
        std::fs::read_to_string(&stamp).expect("fingerprint written"),
        index::analysis_fingerprint()
    );

    // The same catalogue, indexed by a release whose compound parts lacked "monteur".
    let [stop, corrections, (name, parts)] = EMBEDDED;
    let other_parts = parts.replace("\"monteur\", ", "");
    assert_ne!(other_parts, parts, "the table must hold \"monteur\"");
    let other = Tables::parse(stop, corrections, (name, &other_parts)).expect("other tables");
    let other_fingerprint = index::fingerprint_with(&other);
    assert_ne!(other_fingerprint, index::analysis_fingerprint());
    std::fs::write(&stamp, &other_fingerprint).expect("write fingerprint");
    let content_hash = std::fs::read_to_string(current.join("catalogue.hash")).expect("hash");
    assert!(!index::is_current(&index_dir, content_hash.trim()));
    let reopened = fixture.run(&["index"]);
    assert!(reopened.stdout.starts_with("built "), "{}", reopened.stdout);
    assert!(fixture.run(&["index"]).stdout.starts_with("up to date"));

    // An index from before fingerprints existed is rebuilt too.
    let current = index::current_dir(&index_dir).expect("a current build");
    std::fs::remove_file(current.join(index::ANALYSIS_FILE)).expect("remove fingerprint");
    let reopened = fixture.run(&["index"]);
    assert!(reopened.stdout.starts_with("built "), "{}", reopened.stdout);
}

#[test]
fn search_json_has_the_documented_shape() {
    let out = Fixture::with(&[]).run(&["search", "elektricien", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).expect("json");
    assert!(v["total"].as_u64().is_some_and(|t| t >= 2), "{v}");
    let hit = &v["hits"][0];
    for key in ["kind", "id", "title", "score", "snippet"] {
        assert!(!hit[key].is_null(), "hit lacks {key}: {hit}");
    }
    for facet in ["kind", "sector", "level", "route", "region"] {
        assert!(v["facets"][facet].is_object(), "facets lack {facet}: {v}");
    }
}

#[test]
fn search_text_output_and_empty_result() {
    let fixture = Fixture::with(&[]);
    let out = fixture.run(&["search", "elektricien"]);
    assert!(out.stdout.contains("mbo-25737"), "{}", out.stdout);
    let none = fixture.run(&["search", "bloemschikken"]);
    assert_eq!(none.code, 0);
    assert!(none.stdout.contains("Niets gevonden"), "{}", none.stdout);
}

#[test]
fn bad_search_flags_name_the_flag() {
    let fixture = Fixture::with(&[]);
    for (args, needle) in [
        (vec!["search", "x", "--kind", "job"], "--kind"),
        (vec!["search", "x", "--level", "12"], "level"),
        (vec!["search", "x", "--route", "avond"], "--route"),
        (vec!["search", "x", "--region", "Atlantis"], "region"),
        (vec!["search", "x", "--limit", "1000"], "limit"),
    ] {
        let out = fixture.run(&args);
        assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains(needle), "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
}

#[test]
fn commands_refuse_an_invalid_catalogue_and_say_why() {
    let broken = common::COURSES.replace("crebo = \"25737\"", "crebo = \"257\"");
    let fixture = Fixture::with(&[("courses/elektro.toml", &broken)]);
    let out = fixture.run(&["search", "elektricien"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("padvinder validate"), "{}", out.stderr);
    assert!(
        out.stderr.contains("courses/elektro.toml:5"),
        "{}",
        out.stderr
    );
}

#[test]
fn resolve_json_gives_isco() {
    let out = Fixture::with(&[]).run(&["resolve", "heftruckchauffeur", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).expect("json");
    let first = &v["candidates"][0];
    assert_eq!(first["isco"], "8344", "{v}");
    for key in ["esco_uri", "label", "score", "matched_by"] {
        assert!(!first[key].is_null(), "candidate lacks {key}: {first}");
    }
}

#[test]
fn synth_writes_a_valid_catalogue() {
    let dir = tempfile::tempdir().expect("temp");
    let out_dir = dir.path().join("synth");
    let out = common::run_in(
        &common::shipped(),
        &[
            "synth",
            "--courses",
            "500",
            "--out",
            out_dir.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let validate = common::run_in(&out_dir, &["validate", "--json"]);
    let v: Value = serde_json::from_str(&validate.stdout).expect("json");
    assert_eq!(v["courses"], 500, "{v}");
    assert_eq!(v["errors"].as_array().map(Vec::len), Some(0), "{v}");
    // A second run into the same folder is refused instead of mixing catalogues.
    let again = common::run_in(
        &common::shipped(),
        &[
            "synth",
            "--courses",
            "10",
            "--out",
            out_dir.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
}

/// Issue 15: a synthetic catalogue is a whole data folder; `index`, `search`, `match` and
/// `serve` (which also reads the SLIM parameters) all accept it as they accept `paths/`.
#[test]
fn every_command_accepts_a_synthetic_catalogue() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().expect("temp");
    let data = dir.path().join("synth");
    let data_arg = data.to_str().expect("utf-8 path");
    let out = common::run_in(
        &common::shipped(),
        &["synth", "--courses", "60", "--out", data_arg],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);

    let index = common::run_in(&data, &["index"]);
    assert_eq!(index.code, 0, "index: {}", index.stderr);
    assert!(index.stdout.starts_with("built "), "{}", index.stdout);

    let search = common::run_in(&data, &["search", "monteur", "--json"]);
    assert_eq!(search.code, 0, "search: {}", search.stderr);
    let v: Value = serde_json::from_str(&search.stdout).expect("json");
    let first = v["hits"][0]["id"].as_str().unwrap_or_default();
    assert!(first.starts_with("synth-"), "{v}");

    let profile = dir.path().join("profile.json");
    std::fs::write(
        &profile,
        r#"{"current_occupation": "monteur", "postcode": "3071", "situation": "job_seeker"}"#,
    )
    .expect("write");
    let matched = common::run_in(
        &data,
        &[
            "match",
            "--profile",
            profile.to_str().expect("path"),
            "--json",
        ],
    );
    assert_eq!(matched.code, 0, "match: {}", matched.stderr);
    let v: Value = serde_json::from_str(&matched.stdout).expect("json");
    assert!(
        v["routes"].as_array().is_some_and(|r| !r.is_empty()),
        "no route on the synthetic catalogue: {v}"
    );

    let mut server = Command::new(env!("CARGO_BIN_EXE_padvinder"))
        .arg("--data")
        .arg(&data)
        .arg("--index")
        .arg(dir.path().join("index"))
        .arg("--store")
        .arg(dir.path().join("store"))
        .args(["serve", "--addr", "127.0.0.1:0", "--log-level", "warn"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let mut first_line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut first_line)
        .expect("first line");
    let Some(address) = first_line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .map(str::to_owned)
    else {
        let _ = server.kill();
        let out = server.wait_with_output().expect("wait");
        panic!(
            "serve did not start on the synthetic catalogue: {first_line:?} {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let client = reqwest::blocking::Client::new();
    let search = client
        .get(format!("{address}/api/v1/search?q=monteur"))
        .send()
        .and_then(|r| r.json::<Value>());
    let matched = client
        .post(format!("{address}/api/v1/match"))
        .json(&serde_json::json!({"current_occupation": "monteur", "postcode": "3071"}))
        .send()
        .map(|r| r.status().as_u16());
    server.kill().expect("kill");
    let _ = server.wait();
    let search = search.expect("search answer");
    assert!(search["total"].as_u64().unwrap_or(0) > 0, "{search}");
    assert_eq!(matched.ok(), Some(200));
}

#[test]
fn match_prints_routes_and_refuses_a_bad_profile_with_exit_2() {
    let dir = tempfile::tempdir().expect("temp");
    let good = dir.path().join("good.json");
    std::fs::write(
        &good,
        r#"{"current_occupation": "elektricien", "postcode": "5611", "situation": "job_seeker"}"#,
    )
    .expect("write");
    let out = common::run_in(
        &common::shipped(),
        &[
            "match",
            "--profile",
            good.to_str().expect("path"),
            "--json",
            "--limit",
            "2",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["resolved_occupation"]["isco"], "7411");
    assert_eq!(v["routes"].as_array().map(Vec::len), Some(2));

    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"hours_per_week": 0, "postcode": "abc", "colour": "red"}"#,
    )
    .expect("write");
    let out = common::run_in(
        &common::shipped(),
        &["match", "--profile", bad.to_str().expect("path")],
    );
    assert_eq!(out.code, 2);
    for field in ["hours_per_week", "postcode", "colour"] {
        assert!(
            out.stderr.contains(field),
            "{field} not named: {}",
            out.stderr
        );
    }
    assert!(!out.stderr.contains("panicked"));
}

/// Every string a person reads in a match answer (not the catalogue's own names): why, label,
/// flags, skipped reasons, SLIM texts, checks, notes and applicants.
fn person_texts(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    (
                        "why" | "label_text" | "message" | "skipped_reason" | "text" | "check"
                        | "note",
                        Value::String(s),
                    ) => out.push(s.clone()),
                    _ => person_texts(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| person_texts(i, out)),
        _ => {}
    }
}

/// Words that only one of the two languages uses; the catalogue's Dutch names in a text (course
/// titles, places) hold none of them.
const DUTCH_MARKERS: [&str; 9] = [
    "je",
    "jij",
    "jouw",
    "niet",
    "hebt",
    "kunt",
    "geen",
    "werkgever",
    "indicatief",
];
const ENGLISH_MARKERS: [&str; 8] = [
    "you",
    "your",
    "the",
    "not",
    "and",
    "with",
    "employer",
    "indicative",
];

fn marker_words(text: &str, markers: &[&str]) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| markers.contains(&w.as_str()))
        .collect()
}

/// `match --lang en` writes every person-facing text in English and `--lang nl` in Dutch, for
/// a persona file as it is (its `profile` member is read).
#[test]
fn match_texts_come_in_the_language_asked() {
    let personas = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/personas");
    for name in ["mohammed-elektricien-eindhoven", "aylin-kassa-utrecht"] {
        let file = personas.join(format!("{name}.json"));
        for (lang, foreign) in [("en", &DUTCH_MARKERS[..]), ("nl", &ENGLISH_MARKERS[..])] {
            let out = common::run_in(
                &common::shipped(),
                &[
                    "match",
                    "--profile",
                    file.to_str().expect("path"),
                    "--json",
                    "--lang",
                    lang,
                    "--today",
                    "2026-11-28",
                ],
            );
            assert_eq!(out.code, 0, "{}", out.stderr);
            let v: Value = serde_json::from_str(&out.stdout).expect("json");
            let mut texts = Vec::new();
            person_texts(&v, &mut texts);
            // Something to check: routes with explanations, flags or SLIM texts.
            assert!(
                texts.len() > 20,
                "{name} {lang}: only {} texts",
                texts.len()
            );
            for text in &texts {
                let found = marker_words(text, foreign);
                assert!(
                    found.is_empty(),
                    "{name} --lang {lang}: {found:?} in {text:?}"
                );
            }
        }
    }
    let out = common::run_in(
        &common::shipped(),
        &["match", "--profile", "x.json", "--lang", "de"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("not one of nl, en"), "{}", out.stderr);
}

#[test]
fn slim_evaluates_a_case_file_and_refuses_a_bad_one() {
    let example =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/slim-case.json");
    let out = common::run_in(
        &common::shipped(),
        &["slim", "--case", example.to_str().expect("path"), "--json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["status"], "possibly_eligible");
    assert_eq!(v["applicant"]["who"], "employer");
    assert!(
        v["receipt"]["rules_version"]
            .as_str()
            .is_some_and(|h| h.len() == 64)
    );

    let dir = tempfile::tempdir().expect("temp");
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"course": {"nlqf_level": "twee"}, "path_status": "misschien"}"#,
    )
    .expect("write");
    let out = common::run_in(
        &common::shipped(),
        &["slim", "--case", bad.to_str().expect("path")],
    );
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("path_status"), "{}", out.stderr);
}

#[test]
fn slim_refuses_an_absurd_cost_naming_the_field() {
    // Regression: a cost of 1e17 euros printed "€ 0,-1" (the cents wrapped around).
    let dir = tempfile::tempdir().expect("temp");
    let case = dir.path().join("case.json");
    std::fs::write(
        &case,
        r#"{"course": {"nlqf_level": 2, "cost_eur": 1e17}, "path_status": "recognised",
            "course_in_path": "confirmed", "situation": "employed"}"#,
    )
    .expect("write");
    let path = case.to_str().expect("path");
    for (lang, words) in [
        ("nl", "geen bedrag van € 0 tot en met € 1.000.000"),
        ("en", "not an amount from € 0 to € 1,000,000"),
    ] {
        let out = common::run_in(
            &common::shipped(),
            &["slim", "--case", path, "--lang", lang],
        );
        assert_eq!(out.code, 2, "{}", out.stdout);
        assert!(out.stderr.contains("course.cost_eur"), "{}", out.stderr);
        assert!(out.stderr.contains(words), "{}", out.stderr);
        assert!(
            !out.stdout.contains("€"),
            "no amount printed: {}",
            out.stdout
        );
    }
}

#[test]
fn input_files_must_be_small_regular_files() {
    // Regression: `padvinder match --profile /dev/zero` read until it held 5 GB.
    let dir = tempfile::tempdir().expect("temp");
    let big = dir.path().join("big.json");
    // Valid JSON just over 1 MB, so only the size can refuse it.
    let padding = " ".repeat(1024 * 1024);
    std::fs::write(&big, format!("{padding}{{}}")).expect("write");
    let fifo = dir.path().join("fifo.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let dir_path = dir.path().to_str().expect("path").to_owned();
    let cases: &[(&str, &str, &str)] = &[
        ("/dev/zero", "device", "--profile /dev/zero"),
        (&dir_path, "directory", &format!("--profile {dir_path}")),
        (fifo.to_str().expect("path"), "pipe", "fifo.json"),
        (big.to_str().expect("path"), "larger than 1 MB", "big.json"),
        ("/no/such/file.json", "cannot read", "/no/such/file.json"),
    ];
    for (command, flag) in [("match", "--profile"), ("slim", "--case")] {
        for (path, why, names) in cases {
            let out = common::run_in(&common::shipped(), &[command, flag, path]);
            assert_eq!(out.code, 2, "{command} {path}: {}", out.stderr);
            assert!(out.stderr.contains(why), "{command} {path}: {}", out.stderr);
            let names = names.replace("--profile", flag);
            assert!(
                out.stderr.contains(&names),
                "{command} {path}: {}",
                out.stderr
            );
            assert!(!out.stderr.contains("panicked"));
        }
    }
}

#[test]
fn serve_keeps_running_when_its_output_pipe_closes() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    // `padvinder serve | head -n 1`: the reader goes away, the server must keep serving.
    let dir = tempfile::tempdir().expect("temp");
    let mut server = Command::new(env!("CARGO_BIN_EXE_padvinder"))
        .arg("--data")
        .arg(common::shipped())
        .arg("--index")
        .arg(dir.path().join("index"))
        .args(["serve", "--addr", "127.0.0.1:0", "--log-level", "info"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let mut first = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("first line");
    // The reader is dropped here: the pipe is closed.
    let address = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_owned();
    let client = reqwest::blocking::Client::new();
    for _ in 0..3 {
        // Each request logs a line to the closed pipe.
        let status = client
            .get(format!("{address}/healthz"))
            .send()
            .map(|r| r.status().as_u16());
        assert!(
            matches!(status, Ok(200)),
            "the server died after its pipe closed: {status:?}, exit {:?}",
            server.try_wait()
        );
    }
    assert!(
        server.try_wait().expect("wait").is_none(),
        "the server exited"
    );
    server.kill().expect("kill");
    let _ = server.wait();
}

/// Runs the binary with these arguments and environment only (no `--data`), in `dir`.
fn run_with_env(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> common::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_padvinder"));
    command.current_dir(dir).args(args);
    for name in ["PADVINDER_CONFIG", "PADVINDER_DATA", "PADVINDER_INDEX"] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    common::Output::from(command.output().expect("run padvinder"))
}

#[test]
fn a_config_file_chooses_the_data_and_a_flag_overrides_it() {
    let fixture = Fixture::with(&[]);
    let dir = fixture.data.parent().expect("parent");
    std::fs::write(dir.join("padvinder.toml"), "data = \"paths\"\n").expect("write config");
    let elsewhere = tempfile::tempdir().expect("temp dir");

    // The file's folder is relative to the file, wherever padvinder runs.
    let config = dir.join("padvinder.toml");
    let config = config.to_str().expect("utf-8 path");
    let out = run_with_env(elsewhere.path(), &["--config", config, "validate"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("ok: 1 paths"), "{}", out.stdout);
    let out = run_with_env(
        elsewhere.path(),
        &["validate"],
        &[("PADVINDER_CONFIG", config)],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);

    // A flag wins over the file.
    let out = run_with_env(
        elsewhere.path(),
        &["--config", config, "--data", "nowhere", "validate"],
        &[],
    );
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("nowhere"), "{}", out.stderr);
}

#[test]
fn a_config_file_with_an_unknown_key_is_refused_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("padvinder.toml");
    std::fs::write(&config, "[server]\naddres = \"127.0.0.1:1\"\n").expect("write config");
    let config = config.to_str().expect("utf-8 path");
    let out = run_with_env(dir.path(), &["--config", config, "serve"], &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with(&format!("padvinder: {config}:2: unknown field `addres`")),
        "{}",
        out.stderr
    );
}

/// `padvinder serve` over a small synthetic catalogue in `dir` (`dir/synth`) with these extra
/// flags: the process, its address and its log lines (standard error, piped, so not a terminal)
/// as they come.
#[cfg(unix)]
fn serve_logging(
    dir: &std::path::Path,
    flags: &[&str],
) -> (
    std::process::Child,
    String,
    std::sync::mpsc::Receiver<String>,
) {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let data = dir.join("synth");
    let data_arg = data.to_str().expect("utf-8 path");
    let synth = common::run_in(
        &common::shipped(),
        &["synth", "--courses", "5", "--out", data_arg],
    );
    assert_eq!(synth.code, 0, "{}", synth.stderr);
    let mut server = Command::new(env!("CARGO_BIN_EXE_padvinder"))
        .arg("--data")
        .arg(&data)
        .arg("--index")
        .arg(dir.join("index"))
        .arg("--store")
        .arg(dir.join("store"))
        .args(["serve", "--addr", "127.0.0.1:0", "--log-level", "info"])
        .args(flags)
        .env_remove("RUST_LOG")
        .env_remove("PADVINDER_CONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let stderr = server.stderr.take().expect("stderr");
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut first = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("first line");
    let Some(address) = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .map(str::to_owned)
    else {
        let log: Vec<String> = received.iter().collect();
        panic!("no address in {first:?}; the log: {log:#?}");
    };
    (server, address, received)
}

/// Log lines until one contains `needle` (panics after 60 s): all of them, that one last.
#[cfg(unix)]
fn lines_until(received: &std::sync::mpsc::Receiver<String>, needle: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match received.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(line) => {
                let found = line.contains(needle);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(_) => panic!("no log line with {needle:?} in {seen:#?}"),
        }
    }
}

#[cfg(unix)]
#[test]
fn a_refused_sighup_reload_logs_file_and_line_as_json_without_client_addresses() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut server, address, received) = serve_logging(dir.path(), &["--log-format", "json"]);
    let status = reqwest::blocking::get(format!("{address}/healthz")).map(|r| r.status());
    assert!(matches!(status, Ok(s) if s == 200), "{status:?}");
    let mut lines = lines_until(&received, "\"route\":\"/healthz\"");

    let file = dir.path().join("synth/courses/synth-0000.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    assert_eq!(text.lines().nth(4), Some("nlqf_level = 3"), "{text}");
    std::fs::write(&file, text.replacen("nlqf_level = 3", "nlqf_level = 99", 1)).expect("write");
    // SAFETY: sends a signal to the child this test started.
    let pid = i32::try_from(server.id()).expect("pid");
    assert_eq!(unsafe { libc::kill(pid, libc::SIGHUP) }, 0);
    lines.extend(lines_until(&received, "reload refused"));
    let _ = server.kill();
    let _ = server.wait();

    let refused: Value = serde_json::from_str(lines.last().expect("line")).expect("JSON line");
    let reason = refused["fields"]["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains("courses/synth-0000.toml:5:"),
        "the refused reload names file and line: {refused}"
    );
    for line in &lines {
        let v: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(!line.contains('\u{1b}'), "escape codes in a log: {line}");
        assert!(
            v["fields"].get("client").is_none(),
            "client address: {line}"
        );
    }
}

#[cfg(unix)]
#[test]
fn text_logs_have_no_colour_off_a_terminal_and_name_clients_only_when_asked() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut server, address, received) = serve_logging(dir.path(), &["--log-client-addr"]);
    let status = reqwest::blocking::get(format!("{address}/healthz")).map(|r| r.status());
    assert!(matches!(status, Ok(s) if s == 200), "{status:?}");
    let lines = lines_until(&received, "route=/healthz");
    let _ = server.kill();
    let _ = server.wait();
    let request = lines.last().expect("line");
    assert!(request.contains("client=127.0.0.1"), "{request}");
    assert!(request.contains("method=GET"), "{request}");
    for line in &lines {
        assert!(!line.contains('\u{1b}'), "escape codes in a log: {line}");
    }
}
