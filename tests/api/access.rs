//! Issue 12 §5 over HTTP: a tenant's site calls the job seeker API from its origin (CORS), a
//! tenant's server calls it with its API key, and both keys and client addresses are rate
//! limited with 429 and `Retry-After`.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::{TestApp, content_type, spawn_app_with_tenants, spawn_app_with_tenants_and};

/// The key of tenant `rijnmond` (its hash is what the config holds).
const KEY: &str = "pvk_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const ORIGIN: &str = "https://www.werkcentrumrijnmond.nl";

/// `rijnmond` with a key at 60 requests a minute; `twente` without keys.
fn tenants() -> String {
    format!(
        r#"
[[tenant]]
id = "rijnmond"
name = "Werkcentrum Rijnmond"
origins = ["{ORIGIN}", "http://127.0.0.1:18116"]
region = "Rijnmond"
handoff = {{ label = "Maak een afspraak", url = "https://www.werkcentrumrijnmond.nl/afspraak" }}
api_keys = ["{}"]
rate_limit_per_minute = 60

[[tenant]]
id = "twente"
name = "Werkplein Twente"
origins = ["https://werkplein.example.nl"]
region = "AM05"
handoff = {{ label = "Bel ons", phone = "053 123 45 67" }}
"#,
        padvinder::config::key_hash(KEY)
    )
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app.client.request(method, format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request")
}

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    send(app, reqwest::Method::GET, path, headers).await
}

fn header(r: &reqwest::Response, name: &str) -> Option<String> {
    let values: Vec<&str> = r
        .headers()
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// The response is a problem+json with this status; its body.
async fn problem(r: reqwest::Response, status: u16) -> Value {
    assert_eq!(r.status().as_u16(), status);
    assert_eq!(content_type(&r), "application/problem+json");
    r.json().await.expect("json")
}

#[tokio::test]
async fn a_listed_origin_may_read_answers_and_errors() {
    let app = spawn_app_with_tenants(&tenants()).await;
    for (path, status) in [
        ("/api/v1/paths", 200),
        ("/api/v1/search?q=monteur&tenant=rijnmond", 200),
        ("/api/v1/paths/nope", 404),
    ] {
        let r = get(&app, path, &[("origin", ORIGIN)]).await;
        assert_eq!(r.status().as_u16(), status, "{path}");
        assert_eq!(
            header(&r, "access-control-allow-origin").as_deref(),
            Some(ORIGIN)
        );
        assert!(
            header(&r, "vary").is_some_and(|v| v.contains("Origin")),
            "{path}: {:?}",
            header(&r, "vary")
        );
        assert_eq!(
            header(&r, "access-control-expose-headers").as_deref(),
            Some("Retry-After")
        );
        // The API needs no cookie: never with credentials.
        assert_eq!(header(&r, "access-control-allow-credentials"), None);
    }
    // Each tenant's own origins, the test origin on http included.
    for origin in ["https://werkplein.example.nl", "http://127.0.0.1:18116"] {
        let r = get(&app, "/api/v1/paths", &[("origin", origin)]).await;
        assert_eq!(
            header(&r, "access-control-allow-origin").as_deref(),
            Some(origin)
        );
    }
}

#[tokio::test]
async fn another_origin_gets_no_cors_headers() {
    let app = spawn_app_with_tenants(&tenants()).await;
    for origin in [
        "https://evil.example",
        "https://werkcentrumrijnmond.nl",
        "http://www.werkcentrumrijnmond.nl",
        "null",
    ] {
        let r = get(&app, "/api/v1/paths", &[("origin", origin)]).await;
        // Served (a server may call without CORS), but a browser may not read it.
        assert_eq!(r.status().as_u16(), 200, "{origin}");
        assert_eq!(header(&r, "access-control-allow-origin"), None, "{origin}");
        assert_eq!(
            header(&r, "access-control-expose-headers"),
            None,
            "{origin}"
        );
        assert!(header(&r, "vary").is_some_and(|v| v.contains("Origin")));
    }
    // Not the job seeker API: the workspace and pages get no CORS headers from any origin.
    for path in ["/api/v1/session", "/", "/embed/rijnmond/"] {
        let r = get(&app, path, &[("origin", ORIGIN)]).await;
        assert_eq!(header(&r, "access-control-allow-origin"), None, "{path}");
    }
}

async fn preflight(app: &TestApp, origin: &str, path: &str) -> reqwest::Response {
    send(
        app,
        reqwest::Method::OPTIONS,
        path,
        &[
            ("origin", origin),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type"),
        ],
    )
    .await
}

#[tokio::test]
async fn a_preflight_is_answered_for_listed_origins_only() {
    let app = spawn_app_with_tenants(&tenants()).await;
    let r = preflight(&app, ORIGIN, "/api/v1/match?tenant=rijnmond").await;
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some(ORIGIN)
    );
    let methods = header(&r, "access-control-allow-methods").unwrap_or_default();
    assert!(
        methods.contains("POST") && methods.contains("GET"),
        "{methods}"
    );
    let allowed = header(&r, "access-control-allow-headers").unwrap_or_default();
    assert!(
        allowed.to_ascii_lowercase().contains("content-type"),
        "{allowed}"
    );
    assert!(
        !allowed.to_ascii_lowercase().contains("authorization"),
        "keys are not for web pages: {allowed}"
    );
    assert!(header(&r, "access-control-max-age").is_some());
    assert!(header(&r, "vary").is_some_and(|v| v.contains("Origin")));
    // Then the call itself, as the browser sends it.
    let r = app
        .client
        .post(format!("{}/api/v1/match?tenant=rijnmond", app.address))
        .header("origin", ORIGIN)
        .header("content-type", "application/json")
        .body(r#"{"current_occupation":"heftruckchauffeur","postcode":"3071"}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some(ORIGIN)
    );

    // Another origin's preflight: refused, without CORS headers, in the request's language.
    let r = preflight(&app, "https://evil.example", "/api/v1/match").await;
    assert_eq!(header(&r, "access-control-allow-origin"), None);
    let body = problem(r, 403).await;
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("origin")),
        "{body}"
    );
    // The workspace is never called from another site: no preflight answer there.
    let r = preflight(&app, ORIGIN, "/api/v1/session").await;
    assert_eq!(header(&r, "access-control-allow-origin"), None);
    assert_eq!(r.status().as_u16(), 405);
}

#[tokio::test]
async fn a_tenants_key_is_accepted_and_any_other_is_401_naming_the_header() {
    let app = spawn_app_with_tenants(&tenants()).await;
    let bearer = format!("Bearer {KEY}");
    let r = get(
        &app,
        "/api/v1/search?q=monteur",
        &[("authorization", &bearer)],
    )
    .await;
    assert_eq!(r.status().as_u16(), 200);
    let r = get(
        &app,
        "/api/v1/paths",
        &[("authorization", &format!("bearer {KEY}"))],
    )
    .await;
    assert_eq!(r.status().as_u16(), 200, "the scheme in any case");

    let wrong_key = format!("Bearer {}0", &KEY[..KEY.len() - 1]);
    for value in [
        wrong_key.as_str(),
        KEY,
        "Bearer ",
        "Basic cmlqbm1vbmQ6a2V5",
        // The hash is not the key.
        &format!("Bearer {}", padvinder::config::key_hash(KEY)),
    ] {
        let r = get(&app, "/api/v1/paths", &[("authorization", value)]).await;
        assert_eq!(
            header(&r, "www-authenticate").as_deref(),
            Some(r#"Bearer realm="padvinder", error="invalid_token""#)
        );
        let body = problem(r, 401).await;
        assert_eq!(body["errors"][0]["field"], "Authorization", "{body}");
        assert!(
            body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("header Authorization") && d.contains("sleutel")),
            "Dutch by default: {body}"
        );
    }
    for (path, headers) in [
        (
            "/api/v1/paths?lang=en",
            vec![("authorization", "Bearer nope")],
        ),
        (
            "/api/v1/paths",
            vec![
                ("authorization", "Bearer nope"),
                ("accept-language", "en-GB,en;q=0.9"),
            ],
        ),
    ] {
        let body = problem(get(&app, path, &headers).await, 401).await;
        assert!(
            body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("Authorization header holds no valid API key")),
            "{body}"
        );
    }
    // A method the route does not have is 405 whatever the key: nothing runs (Schemathesis'
    // undeclared-method check sent TRACE, and GET to a POST route, with a key). Every job seeker
    // route of the served document, with each method it does and does not declare.
    let doc: Value = get(&app, "/api/openapi.json", &[])
        .await
        .json()
        .await
        .expect("document");
    let routes = doc["paths"].as_object().expect("paths");
    let mut checked = 0;
    for (template, operations) in routes {
        if !template.starts_with("/api/v1/") || template.starts_with("/api/v1/admin/") {
            continue;
        }
        // Only the job seeker API reads keys: the workspace's routes declare a cookie.
        let declared: Vec<&str> = operations
            .as_object()
            .expect("operations")
            .keys()
            .map(String::as_str)
            .collect();
        let is_workspace = operations
            .as_object()
            .expect("operations")
            .values()
            .any(|op| {
                op["tags"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|t| t == "workspace"))
            });
        if is_workspace {
            continue;
        }
        let path = template.replace("{id}", "x");
        for method in [
            reqwest::Method::GET,
            reqwest::Method::POST,
            reqwest::Method::PUT,
            reqwest::Method::TRACE,
        ] {
            let r = send(
                &app,
                method.clone(),
                &path,
                &[("authorization", "Bearer nope")],
            )
            .await;
            let expected = if declared.contains(&method.as_str().to_lowercase().as_str()) {
                401
            } else {
                405
            };
            assert_eq!(r.status().as_u16(), expected, "{method} {path}");
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} checked");
}

/// Sends GET `path` until the first 429 (at most `max` requests); the number served before it,
/// the 429 and how long the requests took.
async fn until_limited(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
    max: usize,
) -> (usize, reqwest::Response, Duration) {
    let started = Instant::now();
    for served in 0..max {
        let r = get(app, path, headers).await;
        if r.status().as_u16() == 429 {
            return (served, r, started.elapsed());
        }
        assert_eq!(r.status().as_u16(), 200, "request {served}");
    }
    panic!("no 429 after {max} requests");
}

/// A bucket holds a minute's worth and refills evenly: `per_minute` at once, plus what came in
/// while they were sent.
fn assert_served(served: usize, per_minute: usize, took: Duration) {
    let refilled = (took.as_secs_f64() * per_minute as f64 / 60.0).ceil() as usize;
    assert!(
        (per_minute..=per_minute + refilled).contains(&served),
        "{served} served in {took:?} at {per_minute} a minute"
    );
}

#[tokio::test]
async fn a_key_over_its_limit_is_429_with_retry_after_then_served_again() {
    let app = spawn_app_with_tenants(&tenants()).await;
    let bearer = format!("Bearer {KEY}");
    let with_key = [("authorization", bearer.as_str()), ("origin", ORIGIN)];
    let (served, r, took) = until_limited(&app, "/api/v1/paths", &with_key, 200).await;
    assert_served(served, 60, took);
    // 60 a minute: the next request fits in a second.
    assert_eq!(header(&r, "retry-after").as_deref(), Some("1"));
    // A tenant's page can read the 429 and its Retry-After.
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some(ORIGIN)
    );
    let body = problem(r, 429).await;
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("60 per minuut")),
        "{body}"
    );
    // Requests without the key have their own limit, per address.
    assert_eq!(get(&app, "/api/v1/paths", &[]).await.status().as_u16(), 200);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = get(&app, "/api/v1/paths", &with_key).await;
    assert_eq!(r.status().as_u16(), 200, "served again after Retry-After");

    // Counted with a fixed label; the key, its hash and the tenant never reach /metrics.
    let metrics = get(&app, "/metrics", &[]).await.text().await.expect("text");
    assert!(
        metrics.contains("padvinder_rate_limited_total{limit=\"ApiKey\"} 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            r#"padvinder_requests_total{method="GET",route="/api/v1/paths",status="429"} 1"#
        ),
        "{metrics}"
    );
    for secret in [KEY, &padvinder::config::key_hash(KEY)[7..], "rijnmond"] {
        assert!(!metrics.contains(secret), "{secret} in metrics");
    }
}

#[tokio::test]
async fn an_address_without_a_key_is_limited_and_served_again() {
    let app = spawn_app_with_tenants_and(&tenants(), |c| {
        c.server.anonymous_rate_limit_per_minute = 30;
    })
    .await;
    let (served, r, took) = until_limited(&app, "/api/v1/paths?lang=en", &[], 200).await;
    assert_served(served, 30, took);
    // 30 a minute: one every 2 s.
    assert_eq!(header(&r, "retry-after").as_deref(), Some("2"));
    let body = problem(r, 429).await;
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("too many requests from this address")),
        "{body}"
    );
    // A wrong key from that address is limited too, before it is checked: no free guesses.
    let r = get(&app, "/api/v1/paths", &[("authorization", "Bearer guess")]).await;
    assert_eq!(r.status().as_u16(), 429);
    // The tenant's key has its own limit.
    let bearer = format!("Bearer {KEY}");
    let r = get(&app, "/api/v1/paths", &[("authorization", &bearer)]).await;
    assert_eq!(r.status().as_u16(), 200);
    // Behind a reverse proxy on this machine, each client address it forwards has its own.
    let r = get(
        &app,
        "/api/v1/paths",
        &[("x-forwarded-for", "203.0.113.9, 198.51.100.7")],
    )
    .await;
    assert_eq!(r.status().as_u16(), 200);
    // Pages, operations and the workspace are not the job seeker API: not limited here.
    for path in ["/", "/healthz", "/api/v1/session", "/embed/rijnmond/"] {
        assert_ne!(get(&app, path, &[]).await.status().as_u16(), 429, "{path}");
    }

    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(get(&app, "/api/v1/paths", &[]).await.status().as_u16(), 200);
    let metrics = get(&app, "/metrics", &[]).await.text().await.expect("text");
    assert!(
        metrics.contains("padvinder_rate_limited_total{limit=\"Address\"} 2\n"),
        "{metrics}"
    );
    assert!(!metrics.contains("127.0.0.1") && !metrics.contains("203.0.113.9"));
}

#[tokio::test]
async fn the_anonymous_limit_can_be_turned_off() {
    let app = spawn_app_with_tenants_and(&tenants(), |c| {
        c.server.anonymous_rate_limit_per_minute = 0;
    })
    .await;
    for _ in 0..300 {
        assert_eq!(
            get(&app, "/api/v1/paths/nope", &[]).await.status().as_u16(),
            404
        );
    }
}

/// Behind a round-robin proxy with `server.instances = 2`, each instance allows half of every
/// limit, so a client gets the configured limit from both together; the answer names the
/// service's limit, not the instance's share.
#[tokio::test]
async fn with_two_instances_each_allows_half_of_every_limit() {
    let app = spawn_app_with_tenants_and(&tenants(), |c| {
        c.server.anonymous_rate_limit_per_minute = 30;
        c.server.instances = 2;
    })
    .await;
    let (served, r, took) = until_limited(&app, "/api/v1/paths?lang=en", &[], 200).await;
    assert_served(served, 15, took);
    // 15 a minute here: one every 4 s.
    assert_eq!(header(&r, "retry-after").as_deref(), Some("4"));
    let body = problem(r, 429).await;
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("the limit is 30 a minute")),
        "{body}"
    );
    // The tenant's 60 a minute: 30 here.
    let bearer = format!("Bearer {KEY}");
    let with_key = [("authorization", bearer.as_str())];
    let (served, _, took) = until_limited(&app, "/api/v1/paths", &with_key, 200).await;
    assert_served(served, 30, took);
}
