//! Several instances behind a proxy (issue 14): two `padvinder serve` on one PostgreSQL store,
//! Debian's nginx in front with `docs/examples/nginx-padvinder.conf` (the file docs/deploy.md
//! gives operators), round robin. Through the proxy a counsellor logs in, adds a client and a
//! plan, and both instances answer them directly; then one instance is killed with `kill -9`
//! during a burst of reads and writes: every acknowledged write is there afterwards, every read
//! succeeds (nginx passes it on to the other instance), and every failed write fails fast. A
//! rate limit holds across both instances (`server.instances = 2` halves each one's share).
//!
//! Needs PostgreSQL (`PADVINDER_TEST_POSTGRES`, as the store tests) and nginx (`/usr/sbin/nginx`,
//! or `PADVINDER_TEST_NGINX`). Without them the test says why and passes, unless
//! `PADVINDER_REQUIRE_POSTGRES=1` or `PADVINDER_REQUIRE_PROXY=1` (both set by `.ci/run`).

mod common;
#[allow(unused_macros)]
#[path = "common/stores.rs"]
mod stores;

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Fixture;
use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use serde_json::{Value, json};
use stores::Backend;

const PASSWORD: &str = "correct horse battery staple";

/// The longest a request through the proxy may take to fail while an instance dies: nginx
/// connects within 1 s (`proxy_connect_timeout`) and passes a request on for at most 3 s
/// (`proxy_next_upstream_timeout`); a killed instance on this machine refuses at once.
const FAIL_FAST: Duration = Duration::from_secs(3);

/// The longest wait for a condition of a test (a server taking a connection, a listener
/// closing): generous, as the machine may be loaded; a condition met returns at once.
const WAIT: Duration = Duration::from_secs(30);

/// The longest a burst of requests runs waiting for the writes it needs.
const BURST: Duration = Duration::from_secs(60);

/// nginx, or why the test cannot run.
fn nginx() -> Option<PathBuf> {
    let path = std::env::var_os("PADVINDER_TEST_NGINX")
        .map_or_else(|| PathBuf::from("/usr/sbin/nginx"), PathBuf::from);
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("PADVINDER_REQUIRE_PROXY").is_ok_and(|v| v == "1") {
        panic!(
            "PADVINDER_REQUIRE_PROXY=1 but there is no nginx at {}: the proxy was not tested",
            path.display()
        );
    }
    let _ = writeln!(
        std::io::stderr(),
        "proxy test skipped: no nginx at {} (apt-get install nginx, or set PADVINDER_TEST_NGINX)",
        path.display()
    );
    None
}

/// A `padvinder serve` on a free port, its log in `log`.
struct Instance {
    child: Child,
    address: String,
}

impl Instance {
    fn start(fixture: &Fixture, store: &str, env: &[(&str, &str)], log: &Path) -> Instance {
        let log = std::fs::File::create(log).expect("instance log");
        let (child, address) = fixture.serve(store, env, Stdio::from(log));
        Instance { child, address }
    }

    /// host:port, as nginx's `server` lines name it.
    fn host_port(&self) -> &str {
        self.address.trim_start_matches("http://")
    }

    /// SIGKILL: no shutdown, no flush, nothing the process can do.
    fn kill_9(&mut self) {
        common::kill_9(&mut self.child);
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// nginx in a folder of its own, one process (`master_process off`, so killing it leaves no
/// worker behind), serving `docs/examples/nginx-padvinder.conf` with the test's ports.
struct Proxy {
    child: Child,
    address: String,
    access_log: PathBuf,
    error_log: PathBuf,
}

impl Proxy {
    fn start(nginx: &Path, prefix: &Path, upstreams: [&str; 2]) -> Proxy {
        let listen = {
            let socket = TcpListener::bind("127.0.0.1:0").expect("a free port");
            socket.local_addr().expect("address").to_string()
        };
        let site = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/nginx-padvinder.conf"),
        )
        .expect("read docs/examples/nginx-padvinder.conf");
        for placeholder in ["127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8080"] {
            assert!(
                site.contains(placeholder),
                "nginx-padvinder.conf no longer names {placeholder}"
            );
        }
        let site = site
            .replace("127.0.0.1:8081", upstreams[0])
            .replace("127.0.0.1:8082", upstreams[1])
            .replace("127.0.0.1:8080", &listen);
        let p = prefix.display();
        let conf = format!(
            "daemon off;\nmaster_process off;\npid {p}/nginx.pid;\nerror_log {p}/error.log info;\n\
             events {{ worker_connections 512; }}\n\
             http {{\n\
             log_format upstreams '$request_method $uri $status [$upstream_addr] [$upstream_status] $request_time';\n\
             access_log {p}/access.log upstreams;\n\
             client_body_temp_path {p}/body;\nproxy_temp_path {p}/proxy;\n\
             fastcgi_temp_path {p}/fastcgi;\nuwsgi_temp_path {p}/uwsgi;\nscgi_temp_path {p}/scgi;\n\
             {site}\n}}\n"
        );
        let conf_path = prefix.join("nginx.conf");
        std::fs::write(&conf_path, conf).expect("write nginx.conf");
        let error_log = prefix.join("error.log");
        let child = Command::new(nginx)
            .arg("-p")
            .arg(prefix)
            .arg("-c")
            .arg(&conf_path)
            .arg("-e")
            .arg(&error_log)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let mut proxy = Proxy {
            child,
            address: format!("http://{listen}"),
            access_log: prefix.join("access.log"),
            error_log,
        };
        proxy.wait_until_up();
        proxy
    }

    fn wait_until_up(&mut self) {
        let client = http();
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "nginx stopped ({status}): {}",
                    std::fs::read_to_string(&self.error_log).unwrap_or_default()
                );
            }
            if client
                .get(format!("{}/healthz", self.address))
                .send()
                .is_ok_and(|r| r.status() == StatusCode::OK)
            {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "nginx did not answer /healthz: {}",
                std::fs::read_to_string(&self.error_log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn access_log(&self) -> String {
        std::fs::read_to_string(&self.access_log).expect("nginx access log")
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("HTTP client")
}

/// A logged-in counsellor: the session cookie and the CSRF token.
#[derive(Clone)]
struct Session {
    cookie: String,
    csrf: String,
}

impl Session {
    fn login(base: &str, email: &str) -> Session {
        let (cookie, csrf) = common::login(base, email, PASSWORD);
        Session { cookie, csrf }
    }

    fn get(&self, client: &Client, url: String) -> reqwest::Result<Response> {
        client.get(url).header("cookie", &self.cookie).send()
    }

    fn post(&self, client: &Client, url: String, body: &Value) -> reqwest::Result<Response> {
        client
            .post(url)
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .json(body)
            .send()
    }

    /// `POST /api/v1/clients`.
    fn create_client(&self, c: &Client, base: &str, name: &str) -> reqwest::Result<Response> {
        let body = json!({
            "display_name": name,
            "profile": {"current_occupation": "heftruckchauffeur", "postcode": "1311"},
            "consent": {"given_on": "2026-11-30", "scope": "profiel en plannen bewaren"}
        });
        self.post(c, format!("{base}/api/v1/clients"), &body)
    }

    /// `POST /api/v1/clients/{id}/plans` to the test catalogue's `monteur-elektro`.
    fn create_plan(&self, c: &Client, base: &str, client: &str) -> reqwest::Result<Response> {
        let body = json!({"target": "monteur-elektro"});
        self.post(c, format!("{base}/api/v1/clients/{client}/plans"), &body)
    }

    /// The ids in the caseload as `base` answers it.
    fn caseload(&self, base: &str) -> Vec<String> {
        let r = self
            .get(&http(), format!("{base}/api/v1/clients"))
            .expect("caseload");
        assert_eq!(r.status(), StatusCode::OK, "caseload on {base}");
        let body: Value = r.json().expect("json");
        body["clients"]
            .as_array()
            .expect("clients")
            .iter()
            .filter_map(|c| c["id"].as_str().map(str::to_owned))
            .collect()
    }
}

/// The `id` of a 201's body.
fn id_of(r: Response) -> String {
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json::<Value>().expect("json")["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

/// One request of the burst.
#[derive(Debug)]
struct Outcome {
    write: bool,
    /// The status, or the error when no answer came.
    status: Result<StatusCode, String>,
    took: Duration,
    /// Sent after the instance was killed.
    after_kill: bool,
}

impl Outcome {
    fn succeeded(&self) -> bool {
        self.status.as_ref().is_ok_and(|s| s.is_success())
    }
}

/// What the burst's writers were told was stored: clients, and plans with their client.
#[derive(Default)]
struct Acknowledged {
    clients: Vec<String>,
    plans: Vec<(String, String)>,
}

#[test]
fn two_instances_behind_nginx_share_one_postgres_store_and_survive_losing_one() {
    let Some(backend) = Backend::postgres("two_instances_behind_nginx") else {
        return;
    };
    let Some(nginx) = nginx() else {
        return;
    };
    let fixture = Fixture::served();
    let dir = fixture.data.parent().expect("parent").to_path_buf();
    let store = backend.store(&dir, "store");
    let store = store.location.as_str();
    // The index once, before two instances start on it.
    let out = common::run_in(&fixture.data, &["index"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = fixture.run_with_store(
        store,
        &[
            "users",
            "add",
            "--org",
            "gemeente-a",
            "--email",
            "ann@a.nl",
            "--name",
            "Ann",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(out.code, 0, "users add: {}", out.stderr);
    // The anonymous limit of the job seeker API, per client address, for the whole service:
    // each of the two instances allows half (`server.instances`, docs/deploy.md).
    let env = [
        ("PADVINDER_ANONYMOUS_RATE_LIMIT_PER_MINUTE", "20"),
        ("PADVINDER_INSTANCES", "2"),
    ];
    let a = Instance::start(&fixture, store, &env, &dir.join("a.log"));
    let mut b = Instance::start(&fixture, store, &env, &dir.join("b.log"));
    let prefix = dir.join("nginx");
    std::fs::create_dir_all(&prefix).expect("nginx folder");
    let proxy = Proxy::start(&nginx, &prefix, [a.host_port(), b.host_port()]);
    let via = proxy.address.as_str();

    // Through the proxy: log in, add a client and a plan; both instances answer them.
    let me = Session::login(via, "ann@a.nl");
    let c = http();
    let client = id_of(me.create_client(&c, via, "Eerste").expect("create client"));
    let plan = id_of(me.create_plan(&c, via, &client).expect("create plan"));
    for instance in [&a, &b] {
        let base = instance.address.as_str();
        let r = me
            .get(&c, format!("{base}/api/v1/clients/{client}"))
            .expect("client");
        assert_eq!(r.status(), StatusCode::OK, "the client on {base}");
        let body: Value = r.json().expect("json");
        assert_eq!(body["display_name"], "Eerste", "on {base}");
        let r = me
            .get(&c, format!("{base}/api/v1/plans/{plan}"))
            .expect("plan");
        assert_eq!(r.status(), StatusCode::OK, "the plan on {base}");
        let body: Value = r.json().expect("json");
        assert_eq!(body["id"].as_str(), Some(plan.as_str()), "on {base}");
    }

    // A rate limit holds across both instances: through the proxy, one address gets 20 job
    // seeker requests a minute in all (10 from each instance), not 20 from each.
    let started = Instant::now();
    let mut passed = 0;
    for n in 0..40 {
        let r = c.get(format!("{via}/api/v1/fees")).send().expect("fees");
        match r.status() {
            StatusCode::OK => passed += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(r.headers().contains_key("retry-after"), "request {n}");
                let body = r.text().expect("body");
                assert!(body.contains("20"), "the 429 names the limit of 20: {body}");
            }
            other => panic!("request {n}: {other}"),
        }
    }
    // Both buckets refill at 10 a minute: what came back while the requests ran may pass too.
    let refilled = (started.elapsed().as_secs_f64() / 3.0).ceil() as usize;
    assert!(
        (20..=20 + refilled).contains(&passed),
        "{passed} of 40 requests passed a limit of 20 a minute over two instances"
    );
    // Workspace routes are not under that limit: the counsellor goes on below.

    // A burst through the proxy: three writers (a client, then a plan for it) and three
    // readers (the caseload, the first client's plans), killing instance b halfway.
    let killed = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let outcomes = Arc::new(Mutex::new(Vec::<Outcome>::new()));
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let mut workers = Vec::new();
    for worker in 0..6 {
        let (killed, stop, outcomes, acknowledged) = (
            killed.clone(),
            stop.clone(),
            outcomes.clone(),
            acknowledged.clone(),
        );
        let (me, via, client) = (me.clone(), via.to_owned(), client.clone());
        workers.push(std::thread::spawn(move || {
            let c = http();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let after_kill = killed.load(Ordering::SeqCst);
                let started = Instant::now();
                let write = worker < 3;
                let answer = if write {
                    me.create_client(&c, &via, &format!("W{worker}-{n}"))
                } else if n % 2 == 0 {
                    me.get(&c, format!("{via}/api/v1/clients"))
                } else {
                    me.get(&c, format!("{via}/api/v1/clients/{client}/plans"))
                };
                let status = match answer {
                    Ok(r) => {
                        let status = r.status();
                        if write && status == StatusCode::CREATED {
                            let id = id_of(r);
                            acknowledged.lock().expect("lock").clients.push(id.clone());
                            // A plan for the new client, recorded as a write of its own.
                            let started = Instant::now();
                            let after_kill = killed.load(Ordering::SeqCst);
                            let answer = me.create_plan(&c, &via, &id);
                            let status = match answer {
                                Ok(r) if r.status() == StatusCode::CREATED => {
                                    let plan = id_of(r);
                                    acknowledged.lock().expect("lock").plans.push((id, plan));
                                    Ok(StatusCode::CREATED)
                                }
                                Ok(r) => Ok(r.status()),
                                Err(e) => Err(e.to_string()),
                            };
                            outcomes.lock().expect("lock").push(Outcome {
                                write: true,
                                status,
                                took: started.elapsed(),
                                after_kill,
                            });
                        }
                        Ok(status)
                    }
                    Err(e) => Err(e.to_string()),
                };
                outcomes.lock().expect("lock").push(Outcome {
                    write,
                    status,
                    took: started.elapsed(),
                    after_kill,
                });
            }
        }));
    }
    // The burst runs until writes were acknowledged before the kill and after it (conditions
    // with a deadline, not fixed sleeps: under load a fixed time may see none).
    let acknowledged_writes = |after_kill: bool| {
        outcomes
            .lock()
            .expect("lock")
            .iter()
            .filter(|o| o.write && o.after_kill == after_kill && o.succeeded())
            .count()
    };
    common::wait_until("5 writes acknowledged before the kill", BURST, || {
        acknowledged_writes(false) >= 5
    });
    b.kill_9();
    killed.store(true, Ordering::SeqCst);
    common::wait_until("5 writes acknowledged after the kill", BURST, || {
        acknowledged_writes(true) >= 5
    });
    stop.store(true, Ordering::SeqCst);
    for worker in workers {
        worker.join().expect("worker");
    }

    let outcomes = outcomes.lock().expect("lock");
    let writes: Vec<&Outcome> = outcomes.iter().filter(|o| o.write).collect();
    let reads: Vec<&Outcome> = outcomes.iter().filter(|o| !o.write).collect();
    eprintln!(
        "burst: {} writes ({} acknowledged, {} after the kill), {} reads ({} after the kill); \
         failed: {:?}",
        writes.len(),
        writes.iter().filter(|o| o.succeeded()).count(),
        writes.iter().filter(|o| o.after_kill).count(),
        reads.len(),
        reads.iter().filter(|o| o.after_kill).count(),
        outcomes
            .iter()
            .filter(|o| !o.succeeded())
            .collect::<Vec<_>>()
    );
    assert!(
        writes
            .iter()
            .filter(|o| !o.after_kill)
            .any(|o| o.succeeded())
            && writes
                .iter()
                .filter(|o| o.after_kill)
                .any(|o| o.succeeded()),
        "writes were acknowledged before and after the kill"
    );
    // Every read was answered: one that reached the killed instance was passed on.
    for read in &reads {
        assert_eq!(
            read.status.as_ref().ok(),
            Some(&StatusCode::OK),
            "a read through the proxy failed: {read:?}"
        );
    }
    // A write either was acknowledged or failed fast, with a 502/503 or a broken connection.
    for write in &writes {
        let failed_fast = match &write.status {
            Ok(s) if s.is_success() => continue,
            Ok(s) => *s == StatusCode::BAD_GATEWAY || *s == StatusCode::SERVICE_UNAVAILABLE,
            Err(_) => true,
        };
        assert!(
            failed_fast && write.took <= FAIL_FAST,
            "a write failed, and not fast with a 502/503: {write:?}"
        );
    }
    // Every acknowledged write is there, on the instance that lived.
    let acknowledged = acknowledged.lock().expect("lock");
    let caseload = me.caseload(&a.address);
    for id in &acknowledged.clients {
        assert!(caseload.contains(id), "acknowledged client {id} lost");
    }
    for (client, plan) in &acknowledged.plans {
        let r = me
            .get(&c, format!("{}/api/v1/plans/{plan}", a.address))
            .expect("plan");
        assert_eq!(r.status(), StatusCode::OK, "acknowledged plan {plan} lost");
        let body: Value = r.json().expect("json");
        assert_eq!(body["client"].as_str(), Some(client.as_str()), "{body}");
    }

    // Once the killed instance's 2 s out (`fail_timeout`) are over, nginx tries it again with
    // the next request it would get; a read is passed on to the live one and answered.
    std::thread::sleep(Duration::from_millis(2200));
    for _ in 0..4 {
        let r = me
            .get(&c, format!("{via}/api/v1/clients/{client}/plans"))
            .expect("read after the kill");
        assert_eq!(r.status(), StatusCode::OK);
    }
    let log = proxy.access_log();
    let dead = format!("{}, {}", b.host_port(), a.host_port());
    let retried = log
        .lines()
        .filter(|l| l.starts_with("GET ") && l.contains(" 200 ") && l.contains(&dead))
        .count();
    eprintln!("reads nginx passed on from the killed instance: {retried}");
    assert!(
        retried > 0,
        "no read was passed on from the killed instance to the live one:\n{log}"
    );
}

/// A rolling restart stops an instance with SIGTERM while it still answers a request: from that
/// moment it must refuse new connections, so that nginx passes them on (a write too, as it was
/// never received) instead of sending them into the listen queue of a server that will not
/// accept them, where a write would end in a 502. Needs neither nginx nor PostgreSQL.
#[test]
fn a_stopping_instance_refuses_new_connections_while_it_finishes_a_request() {
    let fixture = Fixture::served();
    let dir = fixture.data.parent().expect("parent").to_path_buf();
    let store = dir.join("store").display().to_string();
    let mut instance = Instance::start(&fixture, &store, &[], &dir.join("serve.log"));
    let address = instance.host_port().to_owned();
    // A request in flight: the headers of a match, and its body still coming. With
    // `Expect: 100-continue` the server says when its handler waits for the body: the request
    // is in flight from then on (not only a connection in the kernel's listen queue, nor one
    // whose head is still being read), which is the condition to stop it on.
    let mut slow = std::net::TcpStream::connect(&address).expect("connect");
    slow.write_all(
        b"POST /api/v1/match HTTP/1.1\r\nHost: padvinder\r\nContent-Type: application/json\r\n\
          Expect: 100-continue\r\nContent-Length: 64\r\n\r\n",
    )
    .expect("send the head of a request");
    slow.set_read_timeout(Some(WAIT)).expect("read timeout");
    let mut interim = Vec::new();
    let mut byte = [0u8; 1];
    while !interim.ends_with(b"\r\n\r\n") {
        std::io::Read::read_exact(&mut slow, &mut byte).expect("the server's 100 Continue");
        interim.push(byte[0]);
    }
    let interim = String::from_utf8_lossy(&interim);
    assert!(interim.starts_with("HTTP/1.1 100"), "{interim}");
    slow.write_all(b"{").expect("the start of the body");
    let status = Command::new("kill")
        .args(["-TERM", &instance.child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(status.success());
    // The server closes its listener on the signal: from then on a new connection is refused
    // (one made in the moment before is dropped unused).
    let refused = || {
        std::net::TcpStream::connect(&address)
            .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionRefused)
    };
    common::wait_until("new connections to be refused", WAIT, refused);
    let stopped = instance.child.try_wait().expect("try_wait");
    assert!(
        stopped.is_none(),
        "the instance stopped ({stopped:?}) before its request in flight ended: {}",
        std::fs::read_to_string(dir.join("serve.log")).unwrap_or_default()
    );
    assert!(refused(), "a stopping instance accepted a new connection");
    // The request in flight still gets its answer (a 400: its body is not valid JSON).
    slow.write_all(&[b' '; 63]).expect("the rest of the body");
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut slow, &mut answer).expect("the answer");
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let status = instance.child.wait().expect("the instance ends");
    assert!(status.success(), "{status}");
}

/// A rolling restart may stop an instance the moment it says it listens: it stops gracefully
/// then too (exit 0), because its SIGTERM handler is set up before it prints its address; a
/// handler set up later left a moment in which the signal ended it at once.
#[test]
fn an_instance_stopped_the_moment_it_listens_stops_gracefully() {
    let fixture = Fixture::served();
    let dir = fixture.data.parent().expect("parent").to_path_buf();
    for round in 0..5 {
        let store = dir.join(format!("store-{round}")).display().to_string();
        let log = dir.join(format!("serve-{round}.log"));
        let mut instance = Instance::start(&fixture, &store, &[], &log);
        let status = Command::new("kill")
            .args(["-TERM", &instance.child.id().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(status.success());
        let status = instance.child.wait().expect("the instance ends");
        assert!(
            status.success(),
            "round {round}: {status}: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }
}
