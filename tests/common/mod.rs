//! Test helpers: small catalogues in a temporary folder, and running the `padvinder` binary.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use padvinder::layout::DataLayout;

/// Minimal geo reference data: two municipalities and their PC4 areas.
const MUNICIPALITIES: &str = "gemeente_code,gemeente_name,province,arbeidsmarktregio,latitude,longitude,year_of_division,source_url,gemeente_name_common,province_code,arbeidsmarktregio_code,pc4_mean_latitude,pc4_mean_longitude,pc4_count,arbeidsmarktregio_source_url
GM0034,Almere,Flevoland,Flevoland,52.402471,5.205651,2026,https://example.org,Almere,PV24,AM11,52.36714,5.22969,43,https://example.org
GM0014,Groningen,Groningen,Groningen,53.218592,6.620635,2026,https://example.org,Groningen,PV20,AM01,53.22587,6.60603,50,https://example.org
";
const PC4: &str = "pc4,latitude,longitude,gemeente_code,gemeente_name,arbeidsmarktregio,place_names,n_source_rows,other_gemeente_codes,note,source_url
1311,52.37,5.21,GM0034,Almere,Flevoland,Almere,1,,,https://example.org
9711,53.21,6.56,GM0014,Groningen,Groningen,Groningen,1,,,https://example.org
";

/// A valid one-path catalogue: a provider, two courses, two functions and two transitions.
pub const PROVIDERS: &str = r#"[[provider]]
id = "talland-college"
name = "Talland College"
sources = ["https://www.talland.nl"]
checked = 2026-11-28
locations = [{ name = "Almere", municipality = "GM0034" }]
"#;

pub const COURSES: &str = r#"[[course]]
id = "mbo-25737"
title = "Monteur elektrotechnische installaties"
kind = "mbo_diploma"
crebo = "25737"
nlqf_level = 2
routes = ["BBL", "BOL"]
duration_weeks = 104
cost_eur = "unknown"
work_and_learn = true
providers = ["talland-college"]
keywords = ["elektricien"]
sources = ["https://example.org/oer-25737"]
checked = 2026-11-28

[[course]]
id = "mbo-25736"
title = "Eerste monteur elektrotechnische installaties in de gebouwde omgeving"
kind = "mbo_diploma"
crebo = "25736"
nlqf_level = 3
routes = ["BBL"]
duration_weeks = { min = 104, max = 156 }
cost_eur = 1200.50
work_and_learn = true
providers = []
sources = ["https://example.org/oer-25736"]
checked = 2026-11-28
"#;

pub const PATH: &str = r#"[path]
id = "elektro"
name = "Elektrotechnische installaties"
sector = "techniek"
status = "modelled"
sources = ["https://example.org/path"]
checked = 2026-11-28

[[function]]
id = "monteur-elektro"
title = "Monteur elektrotechnische installaties"
alt_titles = ["elektricien"]
isco = "7411"
nlqf_level = 2
physical_load = "high"
sources = ["https://example.org/f1"]
checked = 2026-11-28

[[function]]
id = "eerste-monteur-elektro"
title = "Eerste monteur elektrotechnische installaties"
nlqf_level = 3
sources = ["https://example.org/f2"]
checked = 2026-11-28

[[transition]]
kind = "instroom"
to = "monteur-elektro"
membership = "modelled"
steps = [{ all_of = ["mbo-25737"] }]
sources = ["https://example.org/t1"]
checked = 2026-11-28

[[transition]]
kind = "doorstroom"
from = "monteur-elektro"
to = "eerste-monteur-elektro"
membership = "modelled"
steps = [{ one_of = ["mbo-25736"] }]
sources = ["https://example.org/t2"]
checked = 2026-11-28
"#;

/// A catalogue folder in a temporary directory; removed when dropped.
pub struct Fixture {
    _dir: tempfile::TempDir,
    pub data: PathBuf,
}

impl Fixture {
    /// The valid catalogue above, with `changes` applied: (file under paths/, new content).
    pub fn with(changes: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("paths");
        let layout = DataLayout::new(&data);
        std::fs::create_dir_all(layout.geo_dir()).expect("geo dir");
        std::fs::create_dir_all(data.join("courses")).expect("courses dir");
        std::fs::create_dir_all(data.join("paths")).expect("paths dir");
        std::fs::write(layout.municipalities(), MUNICIPALITIES).expect("write");
        std::fs::write(layout.pc4(), PC4).expect("write");
        // The ESCO occupations are real reference data; the CLI needs them for resolve/search.
        std::fs::create_dir_all(layout.esco_dir()).expect("esco dir");
        std::fs::copy(
            DataLayout::new(shipped()).occupations(),
            layout.occupations(),
        )
        .expect("copy ESCO occupations");
        let mut files = vec![
            ("providers.toml", PROVIDERS),
            ("courses/elektro.toml", COURSES),
            ("paths/elektro.toml", PATH),
        ];
        for (name, content) in changes {
            files.retain(|(n, _)| n != name);
            files.push((name, content));
        }
        for (name, content) in files {
            if let Some(folder) = data.join(name).parent() {
                std::fs::create_dir_all(folder).expect("fixture folder");
            }
            std::fs::write(data.join(name), content).expect("write fixture file");
        }
        Fixture { _dir: dir, data }
    }

    /// The small test catalogue with what `serve` also reads (the SLIM parameters, the mbo fees): a server on it
    /// starts in a fraction of the time the shipped catalogue takes, so 50 restarts fit in a test.
    pub fn served() -> Fixture {
        let fixture = Fixture::with(&[]);
        let from = DataLayout::new(shipped());
        let to = DataLayout::new(&fixture.data);
        std::fs::create_dir_all(to.slim_dir()).expect("slim dir");
        std::fs::copy(from.slim_parameters(), to.slim_parameters()).expect("copy SLIM parameters");
        std::fs::create_dir_all(to.mbo_fees().parent().expect("fees dir")).expect("fees dir");
        std::fs::copy(from.mbo_fees(), to.mbo_fees()).expect("copy mbo fees");
        // No skill links (the header only): matching is not under test here, and the 19 MB file
        // would make every start slow.
        let skills = std::fs::read_to_string(from.occupation_skills()).expect("read skills");
        let header = skills.lines().next().expect("header");
        std::fs::write(to.occupation_skills(), format!("{header}\n")).expect("write skills");
        std::fs::write(
            to.skill_labels(),
            "esco_uri,preferred_label_nl,alt_labels_nl\n",
        )
        .expect("write skill labels");
        // The first 300 ESCO occupations: enough to load, quick to index at every start.
        let occupations = std::fs::read_to_string(from.occupations()).expect("read occupations");
        let head: Vec<&str> = occupations.lines().take(301).collect();
        std::fs::write(to.occupations(), head.join("\n") + "\n").expect("write occupations");
        fixture
    }

    /// Runs `padvinder --data … --index … --store STORE ARGS` with `stdin` as standard input.
    pub fn run_with_store(&self, store: &str, args: &[&str], stdin: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_padvinder"))
            .arg("--data")
            .arg(&self.data)
            .arg("--index")
            .arg(self.index())
            .arg("--store")
            .arg(store)
            .args(args)
            .env_remove("PADVINDER_STORE")
            .env_remove("PADVINDER_CONFIG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run padvinder");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        Output::from(child.wait_with_output().expect("wait"))
    }

    /// Starts `padvinder serve` on a free port of 127.0.0.1 with the store `store` and the
    /// extra environment `env`; answers the process and its address (`http://…`, printed as
    /// its first line once it listens).
    pub fn serve(&self, store: &str, env: &[(&str, &str)], stderr: Stdio) -> (Child, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_padvinder"))
            .arg("--data")
            .arg(&self.data)
            .arg("--index")
            .arg(self.index())
            .arg("--store")
            .arg(store)
            .args(["serve", "--addr", "127.0.0.1:0", "--log-level", "warn"])
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start serve");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("first line");
        let address = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .trim_end_matches('/')
            .to_owned();
        (child, address)
    }

    /// The index folder beside the catalogue.
    pub fn index(&self) -> PathBuf {
        self.data.parent().unwrap_or(&self.data).join("index")
    }

    /// Runs `padvinder --data <fixture> ARGS`.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(&self.data, args)
    }
}

/// What a run of the binary printed and returned.
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with a data folder (and an index folder beside it).
pub fn run_in(data: &Path, args: &[&str]) -> Output {
    let index = data.parent().unwrap_or(data).join("index");
    let out = Command::new(env!("CARGO_BIN_EXE_padvinder"))
        .arg("--data")
        .arg(data)
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .expect("run padvinder");
    Output::from(out)
}

impl From<std::process::Output> for Output {
    fn from(out: std::process::Output) -> Output {
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The repository's shipped catalogue.
pub fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("paths")
}

/// TOML → JSON, with dates as "YYYY-MM-DD" strings (as a caller would send them).
pub fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::{Value, json};
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Logs `email` in at `base` (`POST {base}/api/v1/session`); answers the session cookie
/// (`name=value`) and the CSRF token.
pub fn login(base: &str, email: &str, password: &str) -> (String, String) {
    let r = reqwest::blocking::Client::new()
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .expect("login");
    assert_eq!(r.status(), 200, "login of {email} at {base}");
    let headers = r.headers().clone();
    session_of(&headers, &r.json().expect("json"))
}

/// The session cookie (`name=value`) and the CSRF token of a login's answer (its headers and
/// JSON body), for the blocking and the async client alike.
pub fn session_of(
    headers: &reqwest::header::HeaderMap,
    body: &serde_json::Value,
) -> (String, String) {
    let cookie = headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("cookie")
        .to_owned();
    let csrf = body["csrf_token"].as_str().expect("csrf").to_owned();
    (cookie, csrf)
}

/// SIGKILL: no shutdown, no flush, nothing the process can do.
pub fn kill_9(child: &mut Child) {
    child.kill().expect("kill -9");
    let _ = child.wait();
}

/// Polls `ready` every 20 ms until it answers true; panics naming `what` when `within` passes
/// first. For waiting on a condition (a log line, an endpoint) instead of a fixed sleep.
pub fn wait_until(what: &str, within: std::time::Duration, mut ready: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + within;
    while !ready() {
        assert!(
            std::time::Instant::now() < deadline,
            "waited {within:?} for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
