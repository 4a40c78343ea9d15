//! `spawn_app()`: the real router on a random port, serving the shipped catalogue. The services
//! (catalogue and index) are loaded once and shared read-only by every app; a test that edits
//! the data uses `spawn_app_with_own_data()`, which serves a copy with its own index folder.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use padvinder::config::Config;
use padvinder::server::{AppState, serve_on};
use padvinder::services::Services;
use padvinder::store::{Email, OrgId, Role, SledStore};
use padvinder::workspace::{NewUser, Workspace};

/// A running server and what the test needs to talk to it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The data folder served: the shipped one, except with `spawn_app_with_own_data`.
    pub data: PathBuf,
    /// The app's state: its metrics and its pool of blocking jobs.
    pub state: Arc<AppState>,
    /// The temporary folder of an app with its own data; removed with the app.
    _dir: Option<tempfile::TempDir>,
}

impl TestApp {
    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request")
    }

    /// POST JSON text (sent as is, so tests can send broken JSON).
    pub async fn post_json(&self, path: &str, body: &str) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .expect("request")
    }
}

/// The answer's Content-Type, or "" without one.
pub fn content_type(r: &reqwest::Response) -> String {
    header(r, "content-type")
}

/// One header of the answer as text, or "" without it.
pub fn header(r: &reqwest::Response, name: &str) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from)
        .expect("read dir")
        .filter_map(Result::ok)
    {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn shipped() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("paths")
}

/// Where the shared apps keep the shipped catalogue's index: under cargo's scratch folder for
/// tests, so it is built once and reused by later runs while the catalogue is unchanged.
fn shared_index() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("api-shared-index")
}

/// The shipped catalogue with its index, loaded once for all tests.
fn shared_services() -> Arc<Services> {
    static SERVICES: OnceLock<Arc<Services>> = OnceLock::new();
    Arc::clone(SERVICES.get_or_init(|| {
        let config = Config::with_folders(shipped(), shared_index());
        let services = Services::load(&config).unwrap_or_else(|e| panic!("load: {e}"));
        Arc::new(services)
    }))
}

/// Starts the app on 127.0.0.1, port 0, over the shared services of the shipped catalogue. A
/// reload reads the unchanged shipped data and finds the shared index current (nothing is
/// written).
pub async fn spawn_app(admin_token: Option<&str>) -> TestApp {
    let services = tokio::task::spawn_blocking(shared_services)
        .await
        .expect("join");
    let config = settings(shipped(), shared_index(), admin_token);
    start(services, config, None, None, Default::default()).await
}

/// Like [`spawn_app`], with server settings changed by `change` (connection limits, logs).
pub async fn spawn_app_with(change: impl FnOnce(&mut Config)) -> TestApp {
    let services = tokio::task::spawn_blocking(shared_services)
        .await
        .expect("join");
    let mut config = settings(shipped(), shared_index(), None);
    change(&mut config);
    start(services, config, None, None, Default::default()).await
}

/// The password of the workspace app's users.
pub const WORKSPACE_PASSWORD: &str = "correct horse battery staple";

/// Starts the app with a counsellor workspace over a new store holding two organisations:
/// `org-a` with admin `ann@a.nl`, `org-b` with counsellor `bob@b.nl` (password
/// [`WORKSPACE_PASSWORD`]).
pub async fn spawn_app_with_workspace() -> TestApp {
    spawn_app_with_workspace_and(|_| {}).await
}

/// Like [`spawn_app_with_workspace`], with server settings changed by `change`.
pub async fn spawn_app_with_workspace_and(change: impl FnOnce(&mut Config)) -> TestApp {
    workspace_app(None, change).await
}

/// The workspace app, with the `[[tenant]]`s of `tenants` (config text) if given.
async fn workspace_app(tenants: Option<&str>, change: impl FnOnce(&mut Config)) -> TestApp {
    let services = tokio::task::spawn_blocking(shared_services)
        .await
        .expect("join");
    let dir = tempfile::tempdir().expect("temp dir");
    let tenants = tenants.map_or_else(Default::default, |toml| {
        tenants_of(&services, dir.path(), toml)
    });
    let workspace = seeded_workspace(dir.path().join("store")).await;
    let mut config = settings(shipped(), shared_index(), None);
    change(&mut config);
    start(
        services,
        config,
        Some(dir),
        Some(Arc::new(workspace)),
        tenants,
    )
    .await
}

/// A workspace over a new store in `store_dir` with `org-a` (admin `ann@a.nl`) and `org-b`
/// (counsellor `bob@b.nl`).
async fn seeded_workspace(store_dir: PathBuf) -> Workspace {
    tokio::task::spawn_blocking(move || {
        let store = SledStore::open(&store_dir).expect("open store");
        let ws = Workspace::new(Arc::new(store), 12);
        let now = time::OffsetDateTime::now_utc();
        for (org, email, role) in [
            ("org-a", "ann@a.nl", Role::Admin),
            ("org-b", "bob@b.nl", Role::Counsellor),
        ] {
            let new = NewUser {
                org: OrgId::parse(org).expect("org"),
                email: Email::parse(email).expect("email"),
                name: format!("User {email}"),
                role,
            };
            ws.add_user(&new, WORKSPACE_PASSWORD, None, now)
                .expect("add user");
        }
        ws
    })
    .await
    .expect("join")
}

/// The workspace app of [`spawn_app_with_workspace`] over a copy of the shipped catalogue that
/// the test may edit (`TestApp::data`) and reload with `admin_token`.
pub async fn spawn_app_with_own_data_and_workspace(admin_token: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("paths");
    copy_dir(&shipped(), &data);
    let config = settings(data, dir.path().join("index"), Some(admin_token));
    let to_load = config.clone();
    let services = tokio::task::spawn_blocking(move || Services::load(&to_load))
        .await
        .expect("join")
        .unwrap_or_else(|e| panic!("load: {e}"));
    let workspace = seeded_workspace(dir.path().join("store")).await;
    start(
        Arc::new(services),
        config,
        Some(dir),
        Some(Arc::new(workspace)),
        Default::default(),
    )
    .await
}

/// Starts the app over the shared services with the `[[tenant]]`s of this config text.
pub async fn spawn_app_with_tenants(toml: &str) -> TestApp {
    spawn_app_with_tenants_and(toml, |_| {}).await
}

/// Like [`spawn_app_with_tenants`], with server settings changed by `change`.
pub async fn spawn_app_with_tenants_and(toml: &str, change: impl FnOnce(&mut Config)) -> TestApp {
    let services = tokio::task::spawn_blocking(shared_services)
        .await
        .expect("join");
    let dir = tempfile::tempdir().expect("temp dir");
    let tenants = tenants_of(&services, dir.path(), toml);
    let mut config = settings(shipped(), shared_index(), None);
    change(&mut config);
    start(services, config, Some(dir), None, tenants).await
}

/// The app with the `[[tenant]]`s of this config text and the workspace of
/// [`spawn_app_with_workspace`] (its store also keeps the insight counters), with settings
/// changed by `change`.
pub async fn spawn_app_with_tenants_and_workspace(
    toml: &str,
    change: impl FnOnce(&mut Config),
) -> TestApp {
    workspace_app(Some(toml), change).await
}

/// The tenants of a config text (written to `dir`), checked against the services' geo data.
fn tenants_of(
    services: &Services,
    dir: &std::path::Path,
    toml: &str,
) -> padvinder::config::Tenants {
    let file = dir.join("padvinder.toml");
    std::fs::write(&file, toml).expect("write config");
    let flags = padvinder::config::Flags {
        config: Some(file),
        ..padvinder::config::Flags::default()
    };
    let written = Config::from_sources(&flags, |_| None).unwrap_or_else(|e| panic!("{e}"));
    padvinder::services::tenants_in(&services.geo, &written.tenants)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Starts the app over a copy of the shipped catalogue that the test may edit (`TestApp::data`).
pub async fn spawn_app_with_own_data(admin_token: Option<&str>) -> TestApp {
    spawn_app_with_own_data_and_config(admin_token, None).await
}

/// As [`spawn_app_with_own_data`], and with a config file of this text that a reload reads
/// again: `padvinder.toml` next to the data folder (`TestApp::data`'s parent).
pub async fn spawn_app_with_own_data_and_config(
    admin_token: Option<&str>,
    config_file: Option<&str>,
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("paths");
    copy_dir(&shipped(), &data);
    let mut config = settings(data, dir.path().join("index"), admin_token);
    if let Some(text) = config_file {
        let file = dir.path().join("padvinder.toml");
        std::fs::write(&file, text).expect("write config");
        config.file = Some(file);
    }
    let to_load = config.clone();
    let services = tokio::task::spawn_blocking(move || Services::load(&to_load))
        .await
        .expect("join")
        .unwrap_or_else(|e| panic!("load: {e}"));
    start(
        Arc::new(services),
        config,
        Some(dir),
        None,
        Default::default(),
    )
    .await
}

fn settings(data: PathBuf, index: PathBuf, admin_token: Option<&str>) -> Config {
    let mut config = Config::with_folders(data, index);
    config.server.admin_token = admin_token.map(str::to_owned);
    config
}

async fn start(
    services: Arc<Services>,
    config: Config,
    dir: Option<tempfile::TempDir>,
    workspace: Option<Arc<Workspace>>,
    tenants: padvinder::config::Tenants,
) -> TestApp {
    let data = config.data.clone();
    let mut state = AppState::new(services, config).with_tenants(tenants);
    if let Some(ws) = workspace {
        state = state.with_workspace(ws);
    }
    let state = Arc::new(state);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    // The real connection loop (limits and timeouts of `config.server`), never shut down.
    tokio::spawn(serve_on(
        listener,
        Arc::clone(&state),
        std::future::pending(),
    ));
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::new(),
        data,
        state,
        _dir: dir,
    }
}
