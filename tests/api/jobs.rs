//! The bounded pool of blocking jobs: a full pool answers 503 at once, and a request that times
//! out or whose client goes away leaves no work running; logins have a pool of their own.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{
    TestApp, WORKSPACE_PASSWORD, content_type, spawn_app_with, spawn_app_with_workspace_and,
};

/// The heaviest profile the limits accept, near enough: every list at 50 entries of about 200
/// characters of misspelt job compounds, which the resolver reads one by one.
fn heavy_profile() -> String {
    const WORDS: [&str; 8] = [
        "zonnepanelenmonteur",
        "installatietechnicus",
        "heftruckchauffeur",
        "onderhoudsmonteur",
        "werkvoorbereider",
        "koeltechnicus",
        "storingsmonteur",
        "magazijnmedewerker",
    ];
    let text = |seed: usize| {
        let mut out = String::new();
        for k in 0.. {
            let word = WORDS[(seed + k) % WORDS.len()];
            // Drop one letter, so that the typo and word-part tiers do their work.
            let cut = (seed * 7 + k * 3) % word.len();
            let typo = format!("{}{} ", &word[..cut], &word[cut + 1..]);
            if out.len() + typo.len() > 200 {
                break;
            }
            out.push_str(&typo);
        }
        out.trim_end().to_owned()
    };
    let list = |from: usize| (from..from + 50).map(text).collect::<Vec<_>>();
    json!({
        "current_occupation": text(0),
        "past_occupations": list(1),
        "skills": list(100),
        "interests": list(200),
    })
    .to_string()
}

/// Waits (at most 60 s, for slow debug builds on a busy machine) until no job holds a place.
async fn until_idle(app: &TestApp) {
    for _ in 0..600 {
        if app.state.metrics.blocking_jobs.get() == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "jobs still running: {}",
        app.state.metrics.blocking_jobs.get()
    );
}

#[tokio::test]
async fn a_full_pool_answers_503_with_retry_after_and_serves_again_when_free() {
    let app = spawn_app_with(|c| c.server.max_blocking_jobs = 2).await;
    // Take both places with jobs that wait until the test lets them go.
    let mut releases = Vec::new();
    for _ in 0..2 {
        let (release, wait) = std::sync::mpsc::channel::<()>();
        releases.push(release);
        let state = std::sync::Arc::clone(&app.state);
        tokio::spawn(async move { state.jobs.run(move || wait.recv().is_ok()).await });
    }
    for _ in 0..100 {
        if app.state.metrics.blocking_jobs.get() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(app.state.metrics.blocking_jobs.get(), 2);
    for path in ["/api/v1/search?q=monteur", "/api/v1/suggest?q=lasser"] {
        let r = app.get(path).await;
        assert_eq!(r.status().as_u16(), 503, "{path}");
        assert_eq!(content_type(&r), "application/problem+json");
        assert_eq!(
            r.headers().get("retry-after").and_then(|v| v.to_str().ok()),
            Some("1")
        );
        let body: Value = r.json().await.expect("json");
        assert_eq!(body["status"], 503);
        assert!(
            body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("te druk")),
            "Dutch by default: {body}"
        );
    }
    let r = app
        .client
        .get(format!("{}/api/v1/search?q=monteur&lang=en", app.address))
        .send()
        .await
        .expect("request");
    let body: Value = r.json().await.expect("json");
    assert!(
        body["detail"].as_str().is_some_and(|d| d.contains("busy")),
        "{body}"
    );
    let r = app.post_json("/api/v1/match", "{}").await;
    assert_eq!(r.status().as_u16(), 503);
    // Pages and catalogue reads need no place and keep answering.
    assert_eq!(app.get("/api/v1/paths").await.status().as_u16(), 200);
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);

    drop(releases);
    until_idle(&app).await;
    let r = app.get("/api/v1/search?q=monteur").await;
    assert_eq!(r.status().as_u16(), 200);
}

#[tokio::test]
async fn timed_out_requests_leave_no_work_running() {
    // Regression: 64 slow searches kept both cores busy for minutes after their 408s.
    const REQUESTS: usize = 4;
    let app = spawn_app_with(|c| {
        c.server.request_timeout = Duration::from_millis(300);
        c.server.max_blocking_jobs = REQUESTS;
    })
    .await;
    let profile = heavy_profile();
    assert!(profile.len() < 64 * 1024, "under the body limit");
    let sent: Vec<_> = (0..REQUESTS)
        .map(|_| {
            let request = app
                .client
                .post(format!("{}/api/v1/match", app.address))
                .header("content-type", "application/json")
                .body(profile.clone());
            tokio::spawn(async move { request.send().await.expect("request").status() })
        })
        .collect();
    for answer in sent {
        assert_eq!(answer.await.expect("join").as_u16(), 408);
    }
    until_idle(&app).await;
    // Every job saw its request give up and stopped early, instead of finishing for nobody.
    assert_eq!(
        app.state.metrics.blocking_jobs_stopped.get(),
        REQUESTS as u64
    );
    let metrics = app.get("/metrics").await.text().await.expect("text");
    assert!(
        metrics.contains(&format!("padvinder_blocking_jobs_stopped_total {REQUESTS}")),
        "{metrics}"
    );
    assert!(metrics.contains("padvinder_blocking_jobs 0"), "{metrics}");
    // A normal request afterwards is served.
    let r = app.get("/api/v1/search?q=monteur").await;
    assert_eq!(r.status().as_u16(), 200);
}

#[tokio::test]
async fn a_client_that_goes_away_stops_its_work() {
    use tokio::io::AsyncWriteExt;
    let app = spawn_app_with(|_| {}).await;
    let profile = heavy_profile();
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    let request = format!(
        "POST /api/v1/match HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{profile}",
        profile.len()
    );
    stream.write_all(request.as_bytes()).await.expect("send");
    for _ in 0..200 {
        if app.state.metrics.blocking_jobs.get() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(app.state.metrics.blocking_jobs.get(), 1, "the match runs");
    // Let a thread take the job up (it runs about a second in a debug build), then go away.
    tokio::time::sleep(Duration::from_millis(100)).await;
    drop(stream);
    until_idle(&app).await;
    assert_eq!(app.state.metrics.blocking_jobs_stopped.get(), 1);
}

/// Sends a login with a wrong password for `email`; its status and `Retry-After`.
async fn wrong_login(app: &TestApp, email: String) -> (u16, Option<String>, Value) {
    let body = json!({"email": email, "password": "not the password"}).to_string();
    let r = app.post_json("/api/v1/session?lang=en", &body).await;
    let retry = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (r.status().as_u16(), retry, r.json().await.expect("json"))
}

#[tokio::test]
async fn logins_beyond_their_pool_are_refused_at_once_while_search_answers() {
    // Regression: every login checked its password (Argon2id, costly on purpose) on tokio's
    // unbounded blocking threads, so a flood of logins kept both cores busy and, at 19 MiB a
    // check, could hold gigabytes.
    const LOGINS: usize = 16;
    let app = spawn_app_with_workspace_and(|c| c.server.max_login_jobs = 1).await;
    let app = std::sync::Arc::new(app);
    let flood = |app: &std::sync::Arc<TestApp>| {
        (0..LOGINS)
            .map(|i| {
                let app = std::sync::Arc::clone(app);
                tokio::spawn(async move { wrong_login(&app, format!("user{i}@flood.nl")).await })
            })
            .collect::<Vec<_>>()
    };

    // The one place is taken: every login is answered 503 while it stays taken, so none waits
    // for it, and a search still answers.
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let state = std::sync::Arc::clone(&app.state);
    let held = tokio::spawn(async move { state.logins.run(move || wait.recv().is_ok()).await });
    for _ in 0..100 {
        if app.state.metrics.login_jobs.get() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(app.state.metrics.login_jobs.get(), 1);
    let search = app.get("/api/v1/search?q=monteur");
    for answer in flood(&app) {
        let answer = tokio::time::timeout(Duration::from_secs(20), answer)
            .await
            .expect("answered while the place is still taken")
            .expect("join");
        let (status, retry, body) = answer;
        assert_eq!(status, 503, "{body}");
        assert_eq!(retry.as_deref(), Some("1"));
        assert_eq!(body["detail"], "The server is busy; try again in a moment.");
    }
    assert_eq!(search.await.status().as_u16(), 200);
    assert_eq!(app.state.metrics.blocking_jobs.get(), 0, "no search place");
    release.send(()).expect("send");
    assert!(held.await.expect("join").expect("the held job"));

    // A real flood: the first login takes the place for its password check, logins arriving
    // meanwhile are refused instead of each starting a check of its own.
    let answers = flood(&app);
    let search = app.get("/api/v1/search?q=monteur").await;
    assert_eq!(search.status().as_u16(), 200);
    let mut refused = 0;
    for answer in answers {
        let (status, _, body) = answer.await.expect("join");
        assert!(status == 401 || status == 503, "{status} {body}");
        refused += usize::from(status == 503);
    }
    assert!(refused > 0, "a flood of {LOGINS} logins met a pool of one");
    for _ in 0..100 {
        if app.state.metrics.login_jobs.get() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Afterwards a counsellor logs in as before.
    let body = json!({"email": "bob@b.nl", "password": WORKSPACE_PASSWORD}).to_string();
    let r = app.post_json("/api/v1/session", &body).await;
    assert_eq!(r.status().as_u16(), 200);
}
