//! The workspace store end to end through the `padvinder` binary: no acknowledged write is lost
//! to `kill -9`, backup and restore round-trip (also while a server runs), `store check`
//! reports damage without repairing it, `store copy` moves a sled store and verifies the copy,
//! and `users`/`store` honour --store, PADVINDER_STORE and the config file. The tests of the
//! store run against both stores (sled and PostgreSQL, `common/stores.rs`).

mod common;
#[macro_use]
#[path = "common/stores.rs"]
mod stores;

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::Fixture;
use serde_json::{Value, json};
use stores::Backend;

on_both_stores!(
    no_acknowledged_write_is_lost_to_kill_9,
    backup_while_serving_restores_into_a_new_store_and_refuses_a_full_one,
    check_reports_a_damaged_record_and_repairs_nothing,
    the_retention_sweep_erases_only_clients_idle_longer_than_the_retention,
    store_copy_moves_a_sled_store_and_verifies_it_by_counts_and_checksum,
    an_organisation_named_by_users_add_is_named_to_its_users,
    users_role_gives_a_user_another_role_also_while_the_server_runs,
);

const PASSWORD: &str = "correct horse battery staple";

/// `padvinder --data … --index … --store STORE ARGS`, with `stdin` as standard input.
fn padvinder(fixture: &Fixture, store: &str, args: &[&str], stdin: &str) -> common::Output {
    fixture.run_with_store(store, args, stdin)
}

fn add_user(fixture: &Fixture, store: &str, org: &str, email: &str) {
    let out = padvinder(
        fixture,
        store,
        &[
            "users", "add", "--org", org, "--email", email, "--name", "Test",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// A running `padvinder serve` on a free port.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(fixture: &Fixture, store: &str) -> Server {
        let (child, address) = fixture.serve(store, &[], Stdio::null());
        Server { child, address }
    }

    /// SIGKILL: no shutdown, no flush, nothing the process can do.
    fn kill_9(mut self) {
        common::kill_9(&mut self.child);
    }

    fn client(&self) -> reqwest::blocking::Client {
        reqwest::blocking::Client::new()
    }

    /// Adds a client named `name` (`POST /api/v1/clients`).
    fn create_client(&self, cookie: &str, csrf: &str, name: &str) -> reqwest::blocking::Response {
        self.client()
            .post(format!("{}/api/v1/clients", self.address))
            .header("cookie", cookie)
            .header("x-csrf-token", csrf)
            .json(&client_body(name))
            .send()
            .expect("create")
    }

    /// Saves a plan to the served test catalogue's `monteur-elektro` for the client
    /// (`POST /api/v1/clients/{id}/plans`).
    fn create_plan(&self, cookie: &str, csrf: &str, client: &str) -> reqwest::blocking::Response {
        self.client()
            .post(format!("{}/api/v1/clients/{client}/plans", self.address))
            .header("cookie", cookie)
            .header("x-csrf-token", csrf)
            .json(&json!({"target": "monteur-elektro"}))
            .send()
            .expect("save plan")
    }

    /// The ids of a client's plans (`GET /api/v1/clients/{id}/plans`).
    fn plan_ids(&self, cookie: &str, client: &str) -> Vec<String> {
        let r = self
            .client()
            .get(format!("{}/api/v1/clients/{client}/plans", self.address))
            .header("cookie", cookie)
            .send()
            .expect("plans");
        assert_eq!(r.status(), 200, "plans of {client}");
        let body: Value = r.json().expect("json");
        body["plans"]
            .as_array()
            .expect("a list of plans")
            .iter()
            .filter_map(|p| p["id"].as_str().map(str::to_owned))
            .collect()
    }

    /// The logged-in user's clients (`GET /api/v1/clients`).
    fn caseload(&self, cookie: &str) -> Value {
        self.client()
            .get(format!("{}/api/v1/clients", self.address))
            .header("cookie", cookie)
            .send()
            .expect("caseload")
            .json()
            .expect("json")
    }

    /// Logs in; answers the cookie and the CSRF token.
    fn login(&self, email: &str) -> (String, String) {
        common::login(&self.address, email, PASSWORD)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client_body(name: &str) -> Value {
    json!({
        "display_name": name,
        "profile": {"current_occupation": "heftruckchauffeur", "postcode": "1311"},
        "consent": {"given_on": "2026-11-30", "scope": "profiel en plannen bewaren"}
    })
}

/// 50 times: start the server, check that every acknowledged client and plan is there, add a
/// client and a plan for it, and `kill -9` the server the moment the plan's 201 arrives. Not one
/// acknowledged write may be lost.
fn no_acknowledged_write_is_lost_to_kill_9(backend: &Backend) {
    let fixture = Fixture::served();
    let store = backend.store(fixture.data.parent().expect("parent"), "store");
    let store = store.location.as_str();
    add_user(&fixture, store, "gemeente-a", "ann@a.nl");
    // (client id, plan id) of every acknowledged pair of writes.
    let mut acknowledged: Vec<(String, String)> = Vec::new();
    for trial in 0..=50 {
        let server = Server::start(&fixture, store);
        let (cookie, csrf) = server.login("ann@a.nl");
        let caseload = server.caseload(&cookie);
        let mut found: Vec<String> = caseload["clients"]
            .as_array()
            .expect("clients")
            .iter()
            .filter_map(|c| c["id"].as_str().map(str::to_owned))
            .collect();
        found.sort();
        let mut expected: Vec<String> = acknowledged.iter().map(|(c, _)| c.clone()).collect();
        expected.sort();
        assert_eq!(found, expected, "trial {trial}: acknowledged clients lost");
        for (client, plan) in &acknowledged {
            assert_eq!(
                server.plan_ids(&cookie, client),
                vec![plan.clone()],
                "trial {trial}: the acknowledged plan of {client} lost"
            );
        }
        if trial == 50 {
            break;
        }
        let r = server.create_client(&cookie, &csrf, &format!("K{trial}"));
        assert_eq!(r.status(), 201, "trial {trial}");
        let client = id_of(r);
        let r = server.create_plan(&cookie, &csrf, &client);
        assert_eq!(r.status(), 201, "trial {trial}: plan");
        let plan = id_of(r);
        server.kill_9();
        acknowledged.push((client, plan));
    }
    assert_eq!(acknowledged.len(), 50);
}

/// The `id` of a 201's body.
fn id_of(r: reqwest::blocking::Response) -> String {
    r.json::<Value>().expect("json")["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

fn backup_while_serving_restores_into_a_new_store_and_refuses_a_full_one(backend: &Backend) {
    let fixture = Fixture::served();
    let dir = fixture.data.parent().expect("parent");
    let store = backend.store(dir, "store");
    let store = store.location.as_str();
    add_user(&fixture, store, "gemeente-a", "ann@a.nl");
    let server = Server::start(&fixture, store);
    // While the server has the store open, the commands go through it.
    add_user(&fixture, store, "gemeente-b", "bob@b.nl");
    let (cookie, csrf) = server.login("bob@b.nl");
    let r = server.create_client(&cookie, &csrf, "B.B.");
    assert_eq!(r.status(), 201);
    let backup = dir.join("backup.jsonl");
    let out = padvinder(
        &fixture,
        store,
        &["store", "backup", "--out", backup.to_str().expect("utf-8")],
        "",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("1 clients"), "{}", out.stdout);
    let listed = padvinder(&fixture, store, &["users", "list"], "");
    assert!(
        listed.stdout.contains("ann@a.nl") && listed.stdout.contains("bob@b.nl"),
        "{}",
        listed.stdout
    );
    server.kill_9();

    let restored = backend.store(dir, "restored");
    let restored = restored.location.as_str();
    let backup_arg = backup.to_str().expect("utf-8");
    let out = padvinder(&fixture, restored, &["store", "restore", backup_arg], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let check = padvinder(&fixture, restored, &["store", "check"], "");
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.contains("clients: 1 records"),
        "{}",
        check.stdout
    );
    // The restored store serves the same client to the same user.
    let server = Server::start(&fixture, restored);
    let (cookie, _) = server.login("bob@b.nl");
    let caseload = server.caseload(&cookie);
    assert_eq!(caseload["clients"][0]["display_name"], "B.B.");
    drop(server);

    let again = padvinder(&fixture, restored, &["store", "restore", backup_arg], "");
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("already holds data"),
        "{}",
        again.stderr
    );
    // A cut-off backup restores nothing.
    let text = std::fs::read_to_string(&backup).expect("read");
    let cut = dir.join("cut.jsonl");
    std::fs::write(&cut, &text[..text.rfind("{\"end\"").expect("end line")]).expect("write");
    let fresh = backend.store(dir, "fresh");
    let out = padvinder(
        &fixture,
        &fresh.location,
        &["store", "restore", cut.to_str().expect("utf-8")],
        "",
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cut off"), "{}", out.stderr);
}

fn check_reports_a_damaged_record_and_repairs_nothing(backend: &Backend) {
    let fixture = Fixture::served();
    let dir = fixture.data.parent().expect("parent");
    let store = backend.store(dir, "store");
    let store = store.location.as_str();
    add_user(&fixture, store, "gemeente-a", "ann@a.nl");
    let backup = dir.join("b.jsonl");
    let out = padvinder(
        &fixture,
        store,
        &["store", "backup", "--out", backup.to_str().expect("utf-8")],
        "",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // A user of an organisation that does not exist, and a record from a newer padvinder.
    let text = std::fs::read_to_string(&backup).expect("read");
    // The records that start with an id (an organisation, a client, a plan) claim a version no
    // padvinder writes, whatever version this one writes them at.
    let damaged = text
        .replace("\"org\":\"gemeente-a\"", "\"org\":\"gemeente-x\"")
        .lines()
        .map(
            |line| match (line.find("{\"v\":"), line.find(",\"data\":{\"id\"")) {
                (Some(at), Some(end)) if at < end => {
                    format!("{}{{\"v\":999{}", &line[..at], &line[end..])
                }
                _ => line.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(&backup, damaged).expect("write");
    let out = padvinder(
        &fixture,
        &backend.store(dir, "other").location,
        &["store", "restore", backup.to_str().expect("utf-8")],
        "",
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("newer padvinder"), "{}", out.stderr);
    let before = padvinder(&fixture, store, &["store", "check"], "");
    assert_eq!(before.code, 0, "{}", before.stdout);
    assert!(before.stdout.contains("nothing was changed"));
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn users_and_store_commands_honour_flag_env_and_config_file() {
    let fixture = Fixture::served();
    let dir = fixture.data.parent().expect("parent");
    let run = |args: &[&str], env: &[(&str, &Path)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_padvinder"));
        command
            .current_dir(dir)
            .args(args)
            .env_remove("PADVINDER_STORE")
            .env_remove("PADVINDER_CONFIG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("run");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(format!("{PASSWORD}\n").as_bytes())
            .expect("stdin");
        common::Output::from(child.wait_with_output().expect("wait"))
    };
    let add = |who: &str| {
        vec![
            "users".to_owned(),
            "add".to_owned(),
            "--org".to_owned(),
            "org-a".to_owned(),
            "--email".to_owned(),
            format!("{who}@a.nl"),
            "--name".to_owned(),
            who.to_owned(),
        ]
    };
    // The config file's store, relative to the file.
    std::fs::write(dir.join("p.toml"), "store = \"from-file\"\n").expect("config");
    let config = dir.join("p.toml");
    let mut args = vec!["--config".to_owned(), config.display().to_string()];
    args.extend(add("file"));
    assert_eq!(run(&strs(&args), &[]).code, 0);
    assert!(dir.join("from-file").is_dir());
    // The environment over the file.
    let env_store = dir.join("from-env");
    assert_eq!(
        run(&strs(&args), &[("PADVINDER_STORE", &env_store)]).code,
        0
    );
    assert!(env_store.is_dir());
    // The flag over both.
    let mut with_flag = vec![
        "--store".to_owned(),
        dir.join("from-flag").display().to_string(),
    ];
    with_flag.extend(args.clone());
    assert_eq!(
        run(&strs(&with_flag), &[("PADVINDER_STORE", &env_store)]).code,
        0
    );
    assert!(dir.join("from-flag").is_dir());
    // The default: ./store of the working folder.
    assert_eq!(run(&strs(&add("default")), &[]).code, 0);
    let listed = run(&["users", "list", "--org", "org-a"], &[]);
    assert!(listed.stdout.contains("default@a.nl"), "{}", listed.stdout);
    assert!(!listed.stdout.contains("file@a.nl"), "{}", listed.stdout);
    // Bad input names the flag.
    let bad = run(
        &[
            "users", "add", "--org", "Org A", "--email", "x@a.nl", "--name", "X",
        ],
        &[],
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--org"), "{}", bad.stderr);
}

fn the_retention_sweep_erases_only_clients_idle_longer_than_the_retention(backend: &Backend) {
    let fixture = Fixture::served();
    let dir = fixture.data.parent().expect("parent");
    let store = backend.store(dir, "store");
    let store = store.location.as_str();
    add_user(&fixture, store, "gemeente-a", "ann@a.nl");
    let server = Server::start(&fixture, store);
    let (cookie, csrf) = server.login("ann@a.nl");
    let r = server.create_client(&cookie, &csrf, "R.T.");
    assert_eq!(r.status(), 201);
    drop(server);
    let today = time::OffsetDateTime::now_utc().date();
    let date = |d: time::Date| d.to_string();
    // Within 12 months: kept. A day past 12 months: erased, and the audit says so.
    let soon = date(today.replace_year(today.year() + 1).expect("date"));
    let out = padvinder(&fixture, store, &["store", "sweep", "--today", &soon], "");
    assert!(out.stdout.contains("erased 0 client"), "{}", out.stdout);
    let later = date(
        today
            .replace_year(today.year() + 1)
            .expect("date")
            .next_day()
            .expect("date"),
    );
    let out = padvinder(&fixture, store, &["store", "sweep", "--today", &later], "");
    assert!(out.stdout.contains("erased 1 client"), "{}", out.stdout);
    let check = padvinder(&fixture, store, &["store", "check"], "");
    assert!(
        check.stdout.contains("clients: 0 records"),
        "{}",
        check.stdout
    );
}

/// `padvinder ARGS` in `dir` with only the environment given (no --store).
fn padvinder_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> common::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_padvinder"));
    command
        .current_dir(dir)
        .args(args)
        .env_remove("PADVINDER_STORE")
        .env_remove("PADVINDER_CONFIG");
    for (k, v) in env {
        command.env(k, v);
    }
    common::Output::from(command.output().expect("run"))
}

/// A sled store with users of two organisations and a client, copied with `store copy` into an
/// empty store of the backend: the command verifies counts and checksum, refuses a target that
/// holds data, and the copy serves the same client; the target is found through the flag, the
/// environment and the config file alike.
fn store_copy_moves_a_sled_store_and_verifies_it_by_counts_and_checksum(backend: &Backend) {
    let fixture = Fixture::served();
    let dir = fixture.data.parent().expect("parent");
    let sled = dir.join("sled").display().to_string();
    add_user(&fixture, &sled, "gemeente-a", "ann@a.nl");
    add_user(&fixture, &sled, "gemeente-b", "bob@b.nl");
    let server = Server::start(&fixture, &sled);
    let (cookie, csrf) = server.login("ann@a.nl");
    let r = server.create_client(&cookie, &csrf, "C.O.");
    assert_eq!(r.status(), 201);
    // The source must not be open: a running server holds the sled folder.
    let target = backend.store(dir, "target");
    let target = target.location.as_str();
    let copy = ["store", "copy", "--from", sled.as_str(), "--to", target];
    let refused = padvinder_with_env(dir, &copy, &[]);
    assert_ne!(refused.code, 0, "{}", refused.stdout);
    assert!(refused.stderr.contains("--from"), "{}", refused.stderr);
    server.kill_9();

    let out = padvinder_with_env(dir, &copy, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("1 clients"), "{}", out.stdout);
    assert!(out.stdout.contains("2 users"), "{}", out.stdout);
    assert!(out.stdout.contains("verified"), "{}", out.stdout);
    let again = padvinder_with_env(dir, &copy, &[]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("already holds data"),
        "{}",
        again.stderr
    );

    // The environment and the config file name the target as well as the flag does.
    let listed = padvinder_with_env(dir, &["users", "list"], &[("PADVINDER_STORE", target)]);
    assert!(
        listed.stdout.contains("ann@a.nl") && listed.stdout.contains("bob@b.nl"),
        "{}{}",
        listed.stdout,
        listed.stderr
    );
    std::fs::write(dir.join("copy.toml"), format!("store = \"{target}\"\n")).expect("config");
    let config = dir.join("copy.toml").display().to_string();
    let check = padvinder_with_env(dir, &["--config", &config, "store", "check"], &[]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("clients: 1 records"),
        "{}",
        check.stdout
    );

    // The target's schema is there and current (a folder has none).
    let migrated = padvinder_with_env(dir, &["--store", target, "store", "migrate"], &[]);
    assert_eq!(migrated.code, 0, "{}", migrated.stderr);
    let expected = if backend.is_postgres() {
        format!(
            "up to date (schema version {})",
            padvinder::store::MIGRATIONS.len()
        )
    } else {
        "has no schema to migrate".to_owned()
    };
    assert!(migrated.stdout.contains(&expected), "{}", migrated.stdout);

    let server = Server::start(&fixture, target);
    let (cookie, _) = server.login("ann@a.nl");
    let caseload = server.caseload(&cookie);
    assert_eq!(caseload["clients"][0]["display_name"], "C.O.");
}

/// When PostgreSQL ends the server's connections (a restart, a failover), the next request gets
/// a new connection: the counsellor sees nothing of it, and a write made after it is kept. While
/// it turns connections away, requests are answered 503 at once.
#[test]
fn the_server_reconnects_when_postgres_closes_its_connections() {
    let Some(backend) =
        Backend::postgres("the_server_reconnects_when_postgres_closes_its_connections")
    else {
        return;
    };
    let fixture = Fixture::served();
    let store = backend.store(fixture.data.parent().expect("parent"), "store");
    add_user(&fixture, &store.location, "gemeente-a", "ann@a.nl");
    let server = Server::start(&fixture, &store.location);
    let (cookie, csrf) = server.login("ann@a.nl");
    assert_eq!(server.create_client(&cookie, &csrf, "V.O.").status(), 201);
    store.close_connections();
    let caseload = server.caseload(&cookie);
    assert_eq!(caseload["clients"][0]["display_name"], "V.O.", "{caseload}");
    assert_eq!(server.create_client(&cookie, &csrf, "N.A.").status(), 201);
    store.close_connections();
    let caseload = server.caseload(&cookie);
    assert_eq!(
        caseload["clients"].as_array().map(Vec::len),
        Some(2),
        "{caseload}"
    );
    // While the database turns connections away, requests fail fast with 503 and Retry-After
    // (a proxy or the page may try again), not 500; once it is back, they work again.
    store.allow_connections(false);
    let started = std::time::Instant::now();
    let r = server
        .client()
        .get(format!("{}/api/v1/clients", server.address))
        .header("cookie", &cookie)
        .send()
        .expect("request");
    assert_eq!(r.status(), 503);
    assert_eq!(
        r.headers().get("retry-after").and_then(|v| v.to_str().ok()),
        Some("1")
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(8));
    store.allow_connections(true);
    let caseload = server.caseload(&cookie);
    assert_eq!(
        caseload["clients"].as_array().map(Vec::len),
        Some(2),
        "{caseload}"
    );
}

/// A database that cannot be reached stops a command at once, naming the database but never
/// the password in its URL.
#[test]
fn an_unreachable_database_is_named_without_its_password_and_fails_fast() {
    let dir = tempfile::tempdir().expect("temp");
    let started = std::time::Instant::now();
    let out = padvinder_with_env(
        dir.path(),
        &["users", "list"],
        &[(
            "PADVINDER_STORE",
            "postgres://padvinder:s3cret@127.0.0.1:1/padvinder",
        )],
    );
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("postgres://padvinder@127.0.0.1:1/padvinder"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("s3cret"), "{}", out.stderr);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

/// What `POST /api/v1/session` answers as `user` for this login.
fn session_user(server: &Server, email: &str) -> Value {
    let r = server
        .client()
        .post(format!("{}/api/v1/session", server.address))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .expect("login");
    assert_eq!(r.status(), 200);
    r.json::<Value>().expect("json")["user"].clone()
}

/// `users add --org-name` gives the organisation the name its users see (the session answer
/// that the workspace pages show); without one the answer has none and the pages show the id. A
/// bad name is refused by flag before anything is written. Also while a server has the store
/// (the command goes over the control socket) and for an organisation that exists already.
fn an_organisation_named_by_users_add_is_named_to_its_users(backend: &Backend) {
    let fixture = Fixture::served();
    let dir = fixture.data.parent().expect("parent");
    let store = backend.store(dir, "store");
    let store = store.location.as_str();
    let add = |email: &str, org_name: &str| {
        padvinder(
            &fixture,
            store,
            &[
                "users",
                "add",
                "--org",
                "gemeente-n",
                "--email",
                email,
                "--name",
                "Test",
                "--org-name",
                org_name,
            ],
            &format!("{PASSWORD}\n"),
        )
    };
    let out = add("bad@n.nl", "   ");
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("org-name"), "{}", out.stderr);
    let list = padvinder(&fixture, store, &["users", "list"], "");
    assert!(!list.stdout.contains("bad@n.nl"), "{}", list.stdout);

    add_user(&fixture, store, "gemeente-n", "ann@n.nl");
    let server = Server::start(&fixture, store);
    let user = session_user(&server, "ann@n.nl");
    assert_eq!(user["org"], "gemeente-n");
    assert_eq!(user["org_name"], Value::Null, "{user}");

    // Named while the server runs, on adding a second user.
    let out = add("bob@n.nl", "Gemeente Noord");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Gemeente Noord"), "{}", out.stdout);
    for email in ["ann@n.nl", "bob@n.nl"] {
        let user = session_user(&server, email);
        assert_eq!(user["org_name"], "Gemeente Noord", "{user}");
        assert_eq!(user["org"], "gemeente-n");
    }
    let (cookie, _) = server.login("ann@n.nl");
    let me: Value = server
        .client()
        .get(format!("{}/api/v1/session", server.address))
        .header("cookie", &cookie)
        .send()
        .expect("session")
        .json()
        .expect("json");
    assert_eq!(me["user"]["org_name"], "Gemeente Noord", "{me}");
    drop(server);
    let check = padvinder(&fixture, store, &["store", "check"], "");
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// `padvinder users role` makes a counsellor admin, also while a server has the store (through
/// it): their next login is an admin's; the same role again changes nothing; the operator may
/// make the last admin a counsellor; an unknown user and a bad role are named.
fn users_role_gives_a_user_another_role_also_while_the_server_runs(backend: &Backend) {
    let fixture = Fixture::served();
    let dir = fixture.data.parent().expect("parent");
    let store = backend.store(dir, "store");
    let store = store.location.as_str();
    let role = |email: &str, role: &str| {
        padvinder(
            &fixture,
            store,
            &[
                "users",
                "role",
                "--org",
                "gemeente-r",
                "--email",
                email,
                "--role",
                role,
            ],
            "",
        )
    };
    add_user(&fixture, store, "gemeente-r", "ann@r.nl");
    let out = role("ann@r.nl", "admin");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("ann@r.nl of gemeente-r is admin now"),
        "{}",
        out.stdout
    );

    let server = Server::start(&fixture, store);
    assert_eq!(session_user(&server, "ann@r.nl")["role"], "admin");
    let out = role("ann@r.nl", "admin");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("was admin already"), "{}", out.stdout);
    // The operator may make the last admin a counsellor (and back).
    let out = role("ann@r.nl", "counsellor");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(session_user(&server, "ann@r.nl")["role"], "counsellor");
    let out = role("nobody@r.nl", "admin");
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("nobody@r.nl"), "{}", out.stderr);
    let out = role("ann@r.nl", "baas");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--role"), "{}", out.stderr);
    drop(server);
    let list = padvinder(&fixture, store, &["users", "list"], "");
    assert!(list.stdout.contains("counsellor"), "{}", list.stdout);
}
