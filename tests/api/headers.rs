//! Headers: nothing is sniffed, what holds a person's data is never stored, catalogue reads may
//! be kept a while, the web app's files come with ETags and repeat visits get 304.

use reqwest::StatusCode;

use crate::helpers::{TestApp, header, spawn_app};

async fn post(app: &TestApp, path: &str, body: &str) -> reqwest::Response {
    app.post_json(path, body).await
}

#[tokio::test]
async fn person_derived_answers_are_never_stored_and_catalogue_reads_may_be_kept() {
    let app = spawn_app(None).await;
    let profile = r#"{"current_occupation": "heftruckchauffeur", "postcode": "3071"}"#;
    let mut answers = vec![
        ("match", post(&app, "/api/v1/match", profile).await),
        ("suggest", app.get("/api/v1/suggest?q=lasser").await),
        (
            "search with words",
            app.get("/api/v1/search?q=lasser").await,
        ),
        ("session", app.get("/api/v1/session").await),
        ("bad match", post(&app, "/api/v1/match", "{").await),
        ("not found", app.get("/api/v1/courses/nothing-here").await),
        ("readyz", app.get("/readyz").await),
        ("metrics", app.get("/metrics").await),
    ];
    let case = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/slim-case.json"),
    )
    .expect("slim case");
    answers.push(("slim", post(&app, "/api/v1/slim", &case).await));
    for (what, r) in &answers {
        assert_eq!(
            header(r, "cache-control"),
            "no-store",
            "{what}: {}",
            r.status()
        );
        assert_eq!(header(r, "x-content-type-options"), "nosniff", "{what}");
    }
    assert_eq!(answers[0].1.status(), StatusCode::OK, "match");
    for path in [
        "/api/v1/paths",
        "/api/v1/postcodes",
        "/api/v1/search?kind=course",
        "/api/openapi.json",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&r, "cache-control"), "public, max-age=300", "{path}");
        assert_eq!(header(&r, "x-content-type-options"), "nosniff", "{path}");
    }
}

#[tokio::test]
async fn the_web_app_has_a_strict_csp_a_permissions_policy_and_etags() {
    let app = spawn_app(None).await;
    let page = app.get("/").await;
    assert_eq!(page.status(), StatusCode::OK);
    let csp = header(&page, "content-security-policy");
    assert!(
        csp.contains("default-src 'self'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe"), "{csp}");
    let permissions = header(&page, "permissions-policy");
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()"] {
        assert!(permissions.contains(feature), "{permissions}");
    }
    assert_eq!(header(&page, "x-content-type-options"), "nosniff");

    for path in ["/", "/app.js", "/style.css"] {
        let first = app.get(path).await;
        assert_eq!(first.status(), StatusCode::OK, "{path}");
        let etag = header(&first, "etag");
        assert!(
            etag.starts_with("W/\"") && etag.len() > 10,
            "{path}: {etag:?}"
        );
        assert_eq!(header(&first, "cache-control"), "no-cache", "{path}");
        // A repeat visit revalidates and gets 304 without the body.
        let again = app
            .client
            .get(format!("{}{path}", app.address))
            .header("if-none-match", &etag)
            .send()
            .await
            .expect("request");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(header(&again, "etag"), etag, "{path}");
        assert!(again.bytes().await.expect("body").is_empty(), "{path}");
        // Another tag, or a list holding this one, as browsers and proxies send.
        for (tag, status) in [
            ("W/\"0000\"", StatusCode::OK),
            (&*format!("\"x\", {etag}"), StatusCode::NOT_MODIFIED),
            ("*", StatusCode::NOT_MODIFIED),
        ] {
            let r = app
                .client
                .get(format!("{}{path}", app.address))
                .header("if-none-match", tag)
                .send()
                .await
                .expect("request");
            assert_eq!(r.status(), status, "{path} with {tag}");
        }
    }
    // Each file has its own tag.
    let a = header(&app.get("/app.js").await, "etag");
    let b = header(&app.get("/style.css").await, "etag");
    assert_ne!(a, b);
}

#[tokio::test]
async fn the_counsellor_workspace_is_its_own_page_under_werkplek_with_the_same_policy() {
    let app = spawn_app(None).await;
    let page = app.get("/werkplek/").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(header(&page, "content-type").starts_with("text/html"));
    let csp = header(&page, "content-security-policy");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe"),
        "{csp}"
    );
    assert!(!header(&page, "permissions-policy").is_empty());
    assert_eq!(header(&page, "cache-control"), "no-cache");
    let html = page.text().await.expect("body");
    // Its own script, on the app's files one folder up, and the API one folder up too.
    assert!(html.contains(r#"src="app.js""#), "{html}");
    assert!(html.contains(r#"href="../style.css""#), "{html}");
    assert!(html.contains(r#"data-api-base="../""#), "{html}");
    assert_ne!(html, app.get("/").await.text().await.expect("body"));

    // Without the slash, on to it (relative, so a path prefix in front keeps working).
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(format!("{}/werkplek", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(bare.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(header(&bare, "location"), "werkplek/");
    // Followed, it is the page.
    assert_eq!(app.get("/werkplek").await.status(), StatusCode::OK);

    for file in [
        "/werkplek/app.js",
        "/js/werkplek/api.js",
        "/js/werkplek/login.js",
    ] {
        let r = app.get(file).await;
        assert_eq!(r.status(), StatusCode::OK, "{file}");
        assert!(header(&r, "content-type").contains("javascript"), "{file}");
    }
}
