//! `spawn_app()`: the real router on a random port, serving the shipped catalogue from a copy
//! with its own index folder.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use padvinder::server::{AppState, Loaded, app};

/// A running server and what the test needs to talk to it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub data: PathBuf,
    _dir: tempfile::TempDir,
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
    r.headers()
        .get("content-type")
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

/// Starts the app on 127.0.0.1, port 0, over a copy of the shipped catalogue.
pub async fn spawn_app(admin_token: Option<&str>) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("paths");
    copy_dir(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("paths"),
        &data,
    );
    let index_dir = dir.path().join("index");
    let (d, i) = (data.clone(), index_dir.clone());
    let loaded = tokio::task::spawn_blocking(move || Loaded::load(&d, &i))
        .await
        .expect("join")
        .unwrap_or_else(|e| panic!("load: {e}"));
    let state = Arc::new(AppState::new(
        loaded,
        data.clone(),
        index_dir,
        admin_token.map(str::to_owned),
    ));
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let router = app(state);
    tokio::spawn(async move {
        axum::serve(listener, router).await.expect("serve");
    });
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::new(),
        data,
        _dir: dir,
    }
}
