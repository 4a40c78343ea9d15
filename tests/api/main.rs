//! The HTTP API end to end: every endpoint, every error status, reload without downtime, and
//! the OpenAPI snapshot. One test binary; each test starts its own server on port 0.

mod access;
#[path = "../common/mod.rs"]
mod common;
mod connections;
mod embed;
mod handoff;
mod headers;
mod helpers;
mod hostile;
mod insight;
mod jobs;
mod observability;
mod plan_changes;
mod schemas;
mod workspace;
mod workspace_plans;
mod workspace_users;

use helpers::{TestApp, content_type, spawn_app, spawn_app_with_own_data};
use serde_json::Value;

async fn json(r: reqwest::Response) -> Value {
    r.json().await.expect("json body")
}

/// Asserts a problem+json answer with this status, and returns it.
async fn problem(r: reqwest::Response, status: u16) -> Value {
    assert_eq!(r.status().as_u16(), status);
    let ct = content_type(&r);
    assert!(
        ct.starts_with("application/problem+json"),
        "content type {ct}"
    );
    let body = json(r).await;
    assert_eq!(body["status"], status);
    assert!(
        body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{body}"
    );
    body
}

/// The fields a problem's `errors` name, in order.
fn error_fields(body: &Value) -> Vec<&str> {
    body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect()
}

const PROFILE: &str = r#"{"current_occupation":"heftruckchauffeur","education_level":"mbo2","postcode":"3071","max_travel_km":25,"hours_per_week":32,"situation":"employed","interests":["zonnepanelen"]}"#;

#[tokio::test]
async fn search_finds_and_pages() {
    let app = spawn_app(None).await;
    let body = json(app.get("/api/v1/search?q=elektricen&limit=3").await).await;
    assert!(body["total"].as_u64() >= Some(3), "{body}");
    assert_eq!(body["hits"].as_array().map(Vec::len), Some(3));
    assert!(body["facets"]["kind"].is_object());
    let page2 = json(
        app.get("/api/v1/search?q=elektricen&limit=3&offset=3")
            .await,
    )
    .await;
    assert_ne!(body["hits"][0]["id"], page2["hits"][0]["id"]);
    // Odd text is just text.
    for q in [
        "NOT%20zorg",
        "*",
        "medewerker%3A%20x",
        "%F0%9F%98%80",
        "%22%22%22",
    ] {
        let r = app.get(&format!("/api/v1/search?q={q}")).await;
        assert_eq!(r.status(), 200, "{q}");
    }
}

#[tokio::test]
async fn search_bad_filters_are_400_with_the_field() {
    let app = spawn_app(None).await;
    for (query, field) in [
        ("level=12", "level"),
        ("kind=job", "kind"),
        ("route=x", "route"),
        ("region=Atlantis", "region"),
        ("limit=abc", "limit"),
        ("limit=500", "limit"),
        ("offset=18446744073709551600", "offset"),
    ] {
        let body = problem(app.get(&format!("/api/v1/search?q=x&{query}")).await, 400).await;
        assert_eq!(body["errors"][0]["field"], field, "{body}");
    }
    // A query over a limit is 422 naming the field and the limit, not seconds of CPU.
    let long = "zonnepanelen".repeat(600);
    let body = problem(
        app.get(&format!("/api/v1/search?q={long}&lang=en")).await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "q", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("500 characters")),
        "{body}"
    );
    let many = ["monteur"; 11].join("%20");
    let body = problem(app.get(&format!("/api/v1/search?q={many}")).await, 422).await;
    assert_eq!(body["errors"][0]["field"], "q", "{body}");
    // A number too large for its field is called that, not "not a whole number".
    let body = problem(app.get("/api/v1/search?q=x&level=300&lang=en").await, 400).await;
    assert_eq!(
        body["errors"][0]["message"], "\"300\" is too large",
        "{body}"
    );
    // A path axum cannot decode: the problem says why, not only "Bad Request".
    let body = problem(app.get("/api/v1/paths/%ff").await, 400).await;
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.len() > "Bad Request".len()),
        "{body}"
    );
}

/// GET with extra headers.
async fn get_with(
    app: &helpers::TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request")
}

/// Issue 9 §4: search, SLIM, reload and the body checks answer `detail` and field messages in
/// the request's language: `lang`, else `Accept-Language`, else Dutch.
#[tokio::test]
async fn search_slim_and_reload_speak_the_request_language() {
    let app = spawn_app(None).await;
    let message = |body: &Value| {
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    let detail = |body: &Value| body["detail"].as_str().unwrap_or("").to_owned();
    // Search filters, each in Dutch and English.
    for (query, nl, en) in [
        (
            "kind=job",
            "is niet een van: function, course, path",
            "is not one of function, course, path",
        ),
        ("route=x", "is niet een van: BBL", "is not one of BBL"),
        (
            "level=12",
            "niveau 12 bestaat niet",
            "level 12 is out of range",
        ),
        ("level=300", "\"300\" is te groot", "\"300\" is too large"),
        (
            "limit=abc",
            "\"abc\" is geen heel getal",
            "\"abc\" is not a whole number",
        ),
        ("limit=500", "500 is meer dan 100", "500 is more than 100"),
        (
            "region=Atlantis",
            "arbeidsmarktregio \"Atlantis\" kennen we niet",
            "unknown labour-market region",
        ),
    ] {
        for (lang, words) in [("nl", nl), ("en", en)] {
            let body = problem(
                app.get(&format!("/api/v1/search?q=x&{query}&lang={lang}"))
                    .await,
                400,
            )
            .await;
            assert!(message(&body).contains(words), "{lang} {query}: {body}");
            assert!(detail(&body).contains(words), "{lang} {query}: {body}");
        }
    }
    let long = "zonnepanelen".repeat(50);
    let body = problem(app.get(&format!("/api/v1/search?q={long}")).await, 422).await;
    assert!(message(&body).contains("langer dan 500 tekens"), "{body}");
    let many = ["monteur"; 11].join("%20");
    let body = problem(
        app.get(&format!("/api/v1/search?q={many}&lang=en")).await,
        422,
    )
    .await;
    assert!(message(&body).contains("at most 10 words"), "{body}");

    // Without `lang`: the Accept-Language header's choice, else Dutch.
    let en = problem(
        get_with(
            &app,
            "/api/v1/search?kind=job",
            &[("accept-language", "en-GB,en;q=0.9,nl;q=0.5")],
        )
        .await,
        400,
    )
    .await;
    assert!(message(&en).contains("is not one of"), "{en}");
    let nl = problem(
        get_with(
            &app,
            "/api/v1/search?kind=job",
            &[("accept-language", "nl-NL,en;q=0.5")],
        )
        .await,
        400,
    )
    .await;
    assert!(message(&nl).contains("is niet een van"), "{nl}");
    let plain = problem(app.get("/api/v1/search?kind=job").await, 400).await;
    assert!(message(&plain).contains("is niet een van"), "{plain}");
    // `lang` wins over the header; a wrong `lang` is refused in the header's language.
    let body = problem(
        get_with(
            &app,
            "/api/v1/search?kind=job&lang=nl",
            &[("accept-language", "en")],
        )
        .await,
        400,
    )
    .await;
    assert!(message(&body).contains("is niet een van"), "{body}");
    let body = problem(
        get_with(&app, "/api/v1/search?lang=de", &[("accept-language", "en")]).await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "lang", "{body}");
    assert!(message(&body).contains("is not one of nl, en"), "{body}");

    // A SLIM case with a bad field: the detail is in the request's language too.
    let case = r#"{"course": {"nlqf_level": 12}}"#;
    for (lang, words) in [
        ("nl", "de casus klopt niet"),
        ("en", "the case is not valid"),
    ] {
        let body = problem(
            app.post_json(&format!("/api/v1/slim?lang={lang}"), case)
                .await,
            422,
        )
        .await;
        assert!(detail(&body).starts_with(words), "{lang}: {body}");
    }
    // The body checks: not JSON, not sent as JSON.
    for (lang, not_json, send_json) in [
        (
            "nl",
            "de body is geen geldige JSON",
            "stuur de body als JSON",
        ),
        ("en", "the body is not valid JSON", "send the body as JSON"),
    ] {
        let body = problem(
            app.post_json(&format!("/api/v1/slim?lang={lang}"), "{")
                .await,
            400,
        )
        .await;
        assert!(detail(&body).starts_with(not_json), "{lang}: {body}");
        let r = app
            .client
            .post(format!("{}/api/v1/match?lang={lang}", app.address))
            .body("{}")
            .send()
            .await
            .expect("request");
        let body = problem(r, 415).await;
        assert!(detail(&body).starts_with(send_json), "{lang}: {body}");
    }
    // Reload: off without a token, in both languages.
    for (lang, words) in [
        ("nl", "herladen via HTTP staat uit"),
        ("en", "reload over HTTP is off"),
    ] {
        let body = problem(
            app.post_json(&format!("/api/v1/admin/reload?lang={lang}"), "{}")
                .await,
            404,
        )
        .await;
        assert!(detail(&body).starts_with(words), "{lang}: {body}");
    }
    let secured = spawn_app(Some("secret")).await;
    for (lang, words) in [
        ("nl", "een geldig beheertoken is nodig"),
        ("en", "a valid admin token is needed"),
    ] {
        let r = secured
            .client
            .post(format!(
                "{}/api/v1/admin/reload?lang={lang}",
                secured.address
            ))
            .send()
            .await
            .expect("request");
        let body = problem(r, 401).await;
        assert_eq!(detail(&body), words, "{lang}: {body}");
    }
}

#[tokio::test]
async fn suggest_offers_occupations_and_functions_at_most_10() {
    let app = spawn_app(None).await;
    let body = json(app.get("/api/v1/suggest?q=heftruc").await).await;
    let s = body["suggestions"].as_array().expect("list");
    assert!(
        s.iter()
            .any(|x| x["label"] == "heftruckchauffeur" && x["isco"] == "8344"),
        "{body}"
    );
    let many = json(app.get("/api/v1/suggest?q=monteur").await).await;
    assert!(many["suggestions"].as_array().map(Vec::len) <= Some(10));
    let empty = json(app.get("/api/v1/suggest?q=").await).await;
    assert_eq!(empty["suggestions"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn match_returns_the_contract() {
    let app = spawn_app(None).await;
    let r = app.post_json("/api/v1/match?limit=3", PROFILE).await;
    assert_eq!(r.status(), 200);
    let body = json(r).await;
    assert_eq!(body["resolved_occupation"]["isco"], "8344");
    // A Dutch answer names the job in Dutch only; an English one adds ESCO's English label.
    assert!(
        body["resolved_occupation"].get("label_in_lang").is_none(),
        "{body}"
    );
    let en = json(
        app.post_json("/api/v1/match?limit=1&lang=en", PROFILE)
            .await,
    )
    .await;
    assert_eq!(en["resolved_occupation"]["label"], "heftruckchauffeur");
    assert_eq!(
        en["resolved_occupation"]["label_in_lang"],
        "forklift operator"
    );
    let route = &body["routes"][0];
    for key in [
        "path",
        "target",
        "steps",
        "total_weeks",
        "total_cost_eur",
        "net_cost_eur",
        "score",
        "components",
        "label",
        "flags",
        "why",
        "slim",
    ] {
        assert!(route.get(key).is_some(), "route lacks {key}");
    }
    for key in ["status", "applicant", "rate_pct", "amount_eur", "criteria"] {
        assert!(route["slim"].get(key).is_some(), "slim lacks {key}");
    }
    // Receipts come only with detail=full; a summary leaves the key out.
    assert!(route["slim"].get("receipt").is_none(), "{route}");
    let step = &route["steps"][0];
    for key in [
        "course",
        "skipped",
        "skipped_reason",
        "provider",
        "weeks",
        "cost_eur",
        "slim",
    ] {
        assert!(step.get(key).is_some(), "step lacks {key}");
    }
    // Optional facts are left out when unknown, never null; when given they have their type.
    for step in route["steps"].as_array().expect("steps") {
        for key in [
            "hours_per_week",
            "dutch_level",
            "dutch_level_source",
            "cost_basis",
        ] {
            assert!(step.get(key).is_none_or(|v| !v.is_null()), "{key}: {step}");
        }
        assert!(
            step.get("hours_per_week").is_none_or(Value::is_u64),
            "{step}"
        );
    }
}

/// A limit=5 answer for each of the seven personas is at most 30 kB of uncompressed JSON (the
/// SLIM texts given once per answer, one language), in Dutch and in English; `lang` and
/// `detail` are checked and named when wrong.
#[tokio::test]
async fn persona_answers_are_at_most_30_kb() {
    let app = spawn_app(None).await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/personas");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("personas") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let persona: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let profile = persona["profile"].to_string();
        for lang in ["nl", "en"] {
            let r = app
                .post_json(&format!("/api/v1/match?limit=5&lang={lang}"), &profile)
                .await;
            assert_eq!(r.status(), 200, "{}", path.display());
            let bytes = r.bytes().await.expect("body");
            let body: Value = serde_json::from_slice(&bytes).expect("json");
            assert_eq!(
                body["routes"].as_array().map(Vec::len),
                Some(5),
                "{}",
                path.display()
            );
            assert_eq!(body["lang"], lang);
            assert!(
                bytes.len() <= 30_000,
                "{} ({lang}): {} bytes",
                path.display(),
                bytes.len()
            );
        }
        seen += 1;
    }
    assert_eq!(seen, 7, "the seven personas");
    let full = json(
        app.post_json("/api/v1/match?limit=1&detail=full", PROFILE)
            .await,
    )
    .await;
    assert!(
        full["routes"][0]["slim"]["receipt"]["rules_version"].is_string(),
        "{full}"
    );
    for (query, field) in [("lang=de", "lang"), ("detail=all", "detail")] {
        let r = app
            .post_json(&format!("/api/v1/match?{query}"), PROFILE)
            .await;
        let p = problem(r, 400).await;
        assert_eq!(p["errors"][0]["field"], field, "{p}");
    }
}

#[tokio::test]
async fn match_errors_415_400_422() {
    let app = spawn_app(None).await;
    let no_type = app
        .client
        .post(format!("{}/api/v1/match", app.address))
        .body(PROFILE)
        .send()
        .await
        .expect("request");
    problem(no_type, 415).await;
    problem(app.post_json("/api/v1/match", "{not json").await, 400).await;
    let body = problem(
        app.post_json(
            "/api/v1/match",
            r#"{"hours_per_week": 99, "postcode": "12", "kleur": "rood"}"#,
        )
        .await,
        422,
    )
    .await;
    let fields = error_fields(&body);
    for f in ["hours_per_week", "postcode", "kleur"] {
        assert!(fields.contains(&f), "{fields:?}");
    }
    problem(
        app.post_json("/api/v1/match", r#"{"postcode": "1001"}"#)
            .await,
        422,
    )
    .await;
    problem(app.post_json("/api/v1/match?limit=0", PROFILE).await, 400).await;
}

/// Field errors carry a stable code, and their messages and the detail follow `lang`: a Dutch
/// screen never shows "is longer than 200 characters" or "1000 is not a postcode we know".
#[tokio::test]
async fn match_field_errors_have_codes_and_speak_the_language() {
    let app = spawn_app(None).await;
    let bad = format!(
        r#"{{"current_occupation": "{}", "hours_per_week": 32.5, "diplomas": ["2573"], "kleur": 1, "under_18": "ja"}}"#,
        "x".repeat(201)
    );
    let codes = |body: &Value| -> Vec<(String, String)> {
        let mut c: Vec<(String, String)> = body["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap_or("").to_owned(),
                    e["code"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        c.sort();
        c
    };
    let nl = problem(app.post_json("/api/v1/match?lang=nl", &bad).await, 422).await;
    let en = problem(app.post_json("/api/v1/match?lang=en", &bad).await, 422).await;
    let expect: Vec<(String, String)> = [
        ("current_occupation", "too_long"),
        ("diplomas[0]", "invalid_crebo"),
        ("hours_per_week", "out_of_range"),
        ("kleur", "unknown_field"),
        ("under_18", "invalid_value"),
    ]
    .map(|(f, c)| (f.to_owned(), c.to_owned()))
    .to_vec();
    assert_eq!(codes(&nl), expect, "{nl}");
    assert_eq!(codes(&en), expect, "{en}");
    let dutch = nl.to_string();
    for english in [
        "longer than",
        "should be",
        "not a crebo",
        "unknown field",
        "invalid profile",
    ] {
        assert!(
            !dutch.contains(english),
            "English in the Dutch answer: {dutch}"
        );
    }
    assert!(dutch.contains("is langer dan 200 tekens"), "{dutch}");
    assert!(dutch.contains("moet true of false zijn"), "{dutch}");
    assert!(en.to_string().contains("should be true or false"), "{en}");
    assert!(
        en.to_string().contains("is longer than 200 characters"),
        "{en}"
    );

    // Without `lang` the answer is Dutch, like every other text of /match.
    let unknown = problem(
        app.post_json("/api/v1/match", r#"{"postcode": "1000"}"#)
            .await,
        422,
    )
    .await;
    assert_eq!(
        unknown["errors"][0]["code"], "unknown_postcode",
        "{unknown}"
    );
    let message = unknown["errors"][0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("1000") && message.contains("kennen"),
        "{unknown}"
    );
}

/// The known postcodes, for the app to check a postcode on the device.
#[tokio::test]
async fn postcodes_are_listed_for_the_app() {
    let app = spawn_app(None).await;
    let body = json(app.get("/api/v1/postcodes").await).await;
    let pc4: Vec<u64> = body["pc4"]
        .as_array()
        .expect("pc4")
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    assert!(pc4.contains(&3071), "the persona's postcode");
    assert!(!pc4.contains(&1000), "1000 is no postcode");
    assert!(pc4.windows(2).all(|w| w[0] < w[1]), "ascending, once each");
    assert!(pc4.iter().all(|n| (1000..=9999).contains(n)));
}

#[tokio::test]
async fn body_over_64_kb_is_413() {
    let app = spawn_app(None).await;
    let big = format!(r#"{{"skills": ["{}"]}}"#, "x".repeat(70 * 1024));
    problem(app.post_json("/api/v1/match", &big).await, 413).await;
    problem(app.post_json("/api/v1/slim", &big).await, 413).await;
}

/// Sends raw bytes on a new keep-alive connection and reads the answer's head (status line and
/// headers, lower-cased); then whether the server closed the connection after it.
async fn raw_exchange(app: &TestApp, request: &[u8]) -> (String, bool) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    // The server may answer before it has read everything, and close: a failed write is fine.
    let _ = stream.write_all(request).await;
    let mut seen = Vec::new();
    let mut buf = [0u8; 8192];
    let closed = loop {
        let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf))
            .await
            .expect("the server answers within 10 s");
        match read {
            Ok(0) | Err(_) => break true,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
        let text = String::from_utf8_lossy(&seen);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap_or(0))
                })
                .unwrap_or(0);
            if body.len() >= length {
                // The whole answer is in: does the connection stay open for another request?
                let next = tokio::time::timeout(
                    std::time::Duration::from_millis(500),
                    stream.read(&mut buf),
                )
                .await;
                break matches!(next, Ok(Ok(0) | Err(_)));
            }
        }
    };
    let text = String::from_utf8_lossy(&seen).to_ascii_lowercase();
    let head = text.split("\r\n\r\n").next().unwrap_or("").to_owned();
    (head, closed)
}

#[tokio::test]
async fn early_rejections_say_connection_close_and_close() {
    // Regression: after a 413 the server closed the connection without saying so, and the
    // client's next request on it failed.
    let app = spawn_app(None).await;
    let body = "x".repeat(70 * 1024);
    let oversized = format!(
        "POST /api/v1/match HTTP/1.1\r\nHost: padvinder\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let chunked = format!(
        "POST /api/v1/slim HTTP/1.1\r\nHost: padvinder\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        body.len()
    );
    for request in [oversized, chunked] {
        let (head, closed) = raw_exchange(&app, request.as_bytes()).await;
        assert!(head.starts_with("http/1.1 413"), "{head}");
        assert!(head.contains("\r\nconnection: close"), "{head}");
        assert!(head.contains("application/problem+json"), "{head}");
        assert!(closed, "the connection is closed after the answer");
    }
    let big_header = format!(
        "GET /healthz HTTP/1.1\r\nHost: padvinder\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1024 * 1024)
    );
    let (head, closed) = raw_exchange(&app, big_header.as_bytes()).await;
    assert!(head.starts_with("http/1.1 431"), "{head}");
    assert!(head.contains("\r\nconnection: close"), "{head}");
    // hyper's own 431 had an empty body; it now says what was wrong, like every other error.
    assert!(head.contains("application/problem+json"), "{head}");
    assert!(closed);
    // A request that is not rejected keeps its connection open for the next one.
    let (head, closed) =
        raw_exchange(&app, b"GET /healthz HTTP/1.1\r\nHost: padvinder\r\n\r\n").await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(!head.contains("connection: close"), "{head}");
    assert!(!closed, "keep-alive");
}

#[tokio::test]
async fn slim_evaluates_a_case_and_refuses_a_bad_one() {
    let app = spawn_app(None).await;
    let case = r#"{"course": {"nlqf_level": 2, "work_and_learn": true, "cost_eur": 1000, "participant_cost_eur": 0, "duration_weeks": 52, "subsidiable_from": null},
        "path_status": "recognised", "course_in_path": "confirmed", "situation": "employed",
        "application_date": "2025-04-01", "start_date": "2025-05-01"}"#;
    let body = json(app.post_json("/api/v1/slim", case).await).await;
    assert_eq!(body["status"], "possibly_eligible", "{body}");
    assert_eq!(body["rate_pct"], 90);
    assert_eq!(body["applicant"]["who"], "employer");
    let body = problem(
        app.post_json(
            "/api/v1/slim",
            r#"{"course": {"nlqf_level": 12}, "path_status": "maybe"}"#,
        )
        .await,
        422,
    )
    .await;
    // Each error names its field exactly, so a form can put the message next to it.
    let fields = error_fields(&body);
    for f in ["course_in_path", "path_status", "course.nlqf_level"] {
        assert!(fields.contains(&f), "{f} not in {fields:?}");
    }
}

#[tokio::test]
async fn absurd_amounts_are_422_naming_the_field_in_both_languages() {
    // Regression: cost_eur 1e17 answered amount_eur -0.01 (the cents wrapped around).
    let app = spawn_app(None).await;
    let case = |field: &str, eur: &str| {
        format!(
            r#"{{"course": {{"nlqf_level": 2, "{field}": {eur}}}, "path_status": "recognised",
                "course_in_path": "confirmed", "situation": "employed"}}"#
        )
    };
    for (field, eur) in [
        ("cost_eur", "1e17"),
        ("cost_eur", "1000000.01"),
        ("cost_eur", "-0.01"),
        ("participant_cost_eur", "9e15"),
    ] {
        for (lang, words) in [
            ("nl", "geen bedrag van € 0 tot en met € 1.000.000"),
            ("en", "not an amount from € 0 to € 1,000,000"),
        ] {
            let r = app
                .post_json(&format!("/api/v1/slim?lang={lang}"), &case(field, eur))
                .await;
            let body = problem(r, 422).await;
            let error = &body["errors"][0];
            assert_eq!(error["field"], format!("course.{field}"), "{body}");
            assert_eq!(error["code"], "out_of_range", "{body}");
            let message = error["message"].as_str().unwrap_or("");
            assert!(message.contains(words), "{lang}: {message}");
        }
    }
    // The largest accepted amount still gives an amount, to the cent.
    let body = json(
        app.post_json("/api/v1/slim", &case("cost_eur", "1000000"))
            .await,
    )
    .await;
    assert_eq!(body["amount_eur"], 900000.0, "{body}");
    // A budget over the maximum is refused the same way in a profile.
    let body = problem(
        app.post_json("/api/v1/match?lang=en", r#"{"budget_eur": 1e17}"#)
            .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "budget_eur", "{body}");
    assert_eq!(body["errors"][0]["code"], "out_of_range", "{body}");
}

#[tokio::test]
async fn records_by_id_and_404() {
    let app = spawn_app(None).await;
    let paths = json(app.get("/api/v1/paths").await).await;
    let list = paths["paths"].as_array().expect("paths");
    assert!(list.len() >= 9);
    assert!(
        list.iter()
            .all(|p| p["status"].is_string() && p["sources"].is_array())
    );
    let one = json(
        app.get("/api/v1/paths/elektrotechnische-installaties")
            .await,
    )
    .await;
    assert!(one["functions"].as_array().is_some_and(|f| !f.is_empty()));
    let f = json(
        app.get("/api/v1/functions/monteur-elektrotechnische-installaties")
            .await,
    )
    .await;
    assert_eq!(f["function"]["isco"], "7411");
    let c = json(app.get("/api/v1/courses/mbo-25737").await).await;
    assert_eq!(c["course"]["crebo"], "25737");
    assert!(c["paths"].as_array().is_some_and(|p| !p.is_empty()));
    for path in [
        "/api/v1/paths/nope",
        "/api/v1/functions/nope",
        "/api/v1/courses/nope",
        "/api/v1/nothing",
        "/nothing.js",
    ] {
        problem(app.get(path).await, 404).await;
    }
}

#[tokio::test]
async fn wrong_method_is_405_problem() {
    let app = spawn_app(None).await;
    let r = app
        .client
        .delete(format!("{}/api/v1/paths", app.address))
        .send()
        .await
        .expect("request");
    problem(r, 405).await;
    problem(app.get("/api/v1/match").await, 405).await;
    // A web app file exists, so another method on it is 405 too.
    let r = app.post_json("/index.html", "{}").await;
    assert_eq!(
        r.headers().get("allow").map(|v| v.as_bytes()),
        Some(&b"GET,HEAD"[..])
    );
    problem(r, 405).await;
}

/// The server's own errors (no route, no file, wrong method) are in the person's language, like
/// every other problem, and a missing file's answer does not grow with its path.
#[tokio::test]
async fn the_servers_own_errors_follow_the_language_and_repeat_no_long_path() {
    let app = spawn_app(None).await;
    let send = |method: reqwest::Method, path: &str, accept: &str| {
        app.client
            .request(method, format!("{}{path}", app.address))
            .header("accept-language", accept)
            .send()
    };
    let long = format!("/{}.js", "a".repeat(5_000));
    for (method, path, status, nl, en) in [
        (
            reqwest::Method::GET,
            "/nothing.js",
            404,
            "hier is niets",
            "nothing here",
        ),
        (
            reqwest::Method::GET,
            "/api/v1/nothing",
            404,
            "hier is niets",
            "nothing here",
        ),
        (
            reqwest::Method::GET,
            &*long,
            404,
            "hier is niets",
            "nothing here",
        ),
        (
            reqwest::Method::POST,
            "/nothing.js",
            404,
            "hier is niets",
            "nothing here",
        ),
        (
            reqwest::Method::POST,
            "/index.html",
            405,
            "deze methode",
            "this method",
        ),
        (
            reqwest::Method::DELETE,
            "/api/v1/paths",
            405,
            "deze methode",
            "this method",
        ),
    ] {
        for (accept, says) in [("nl", nl), ("en-GB,en;q=0.9", en)] {
            let r = send(method.clone(), path, accept).await.expect("request");
            let body = problem(r, status).await;
            let detail = body["detail"].as_str().unwrap_or("");
            assert!(
                detail.starts_with(says),
                "{method} {path:.40} {accept}: {body}"
            );
            assert!(detail.len() < 200, "{method} {path:.40}: {detail:.300}");
        }
    }
}

#[tokio::test]
async fn a_browser_opening_a_missing_page_gets_a_page_with_a_way_back() {
    let app = spawn_app(None).await;
    // What a browser sends when a person opens a link.
    const PAGE: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let open = |path: &str, language: &str| {
        app.client
            .get(format!("{}{path}", app.address))
            .header("accept", PAGE)
            .header("accept-language", language)
            .send()
    };
    for (path, language, lang, heading) in [
        ("/hulp", "nl-NL,nl;q=0.9", "nl", "Deze pagina bestaat niet"),
        (
            "/route/3/oud.html",
            "en-GB,en;q=0.9",
            "en",
            "This page does not exist",
        ),
        ("/hulp?lang=en", "nl", "en", "This page does not exist"),
    ] {
        let r = open(path, language).await.expect("request");
        assert_eq!(r.status().as_u16(), 404, "{path}");
        assert_eq!(content_type(&r), "text/html; charset=utf-8", "{path}");
        let header = |name: &str| {
            r.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(header("cache-control"), "no-store", "{path}");
        assert!(header("content-security-policy").contains("default-src 'self'"));
        let html = r.text().await.expect("text");
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{html}");
        assert!(html.contains(&format!("<h1>{heading}</h1>")), "{html}");
        // Absolute, so that they work from a deep path too; and never the path asked for.
        assert!(html.contains("<a href=\"/\">"), "{html}");
        assert!(html.contains("href=\"/style.css\""), "{html}");
        assert!(
            !html.contains("hulp") && !html.contains("route/3"),
            "{html}"
        );
    }
    // A program (no HTML asked for) and the API keep the problem.
    for (path, accept) in [("/hulp", "*/*"), ("/api/v1/nothing", PAGE)] {
        let r = app
            .client
            .get(format!("{}{path}", app.address))
            .header("accept", accept)
            .send()
            .await
            .expect("request");
        problem(r, 404).await;
    }
}

/// Regression: the web files' catch-all route answered 405 for any other method, so a POST to
/// an API path that does not exist said "method not allowed" instead of "not found".
#[tokio::test]
async fn post_to_an_unknown_path_is_404_problem() {
    let app = spawn_app(None).await;
    for path in ["/api/v1/nothing", "/nothing.js", "/api/v2/match"] {
        problem(app.post_json(path, "{}").await, 404).await;
    }
}

#[tokio::test]
async fn health_ready_metrics_openapi() {
    let app = spawn_app(None).await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    // The catalogue's content hash and the rules version it serves: behind a proxy, an
    // operator compares them across instances.
    let ready = ready.text().await.expect("text");
    let served = app.state.current();
    for line in [
        format!("catalogue: {}\n", served.catalogue.content_hash()),
        format!("rules: {}\n", served.slim.version()),
    ] {
        assert!(ready.contains(&line), "{line}: {ready}");
    }
    assert!(!served.slim.version().is_empty());
    app.get("/api/v1/search?q=lasser").await;
    let metrics = app.get("/metrics").await.text().await.expect("text");
    assert!(
        metrics.contains(
            r#"padvinder_requests_total{method="GET",route="/api/v1/search",status="200"} 1"#
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains("padvinder_request_duration_seconds_bucket"),
        "{metrics}"
    );
    assert!(!metrics.contains("lasser"), "no user input in metrics");
    let spec = app
        .get("/api/openapi.json")
        .await
        .text()
        .await
        .expect("text");
    // Reviewed as code: a change shows as a diff of tests/api/snapshots/openapi.snap. After a
    // deliberate change: `cargo insta review` (or `INSTA_UPDATE=always cargo test --test api`).
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("openapi", spec);
    });
}

#[tokio::test]
async fn web_app_is_served_with_security_headers() {
    let app = spawn_app(None).await;
    let r = app.get("/").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/html")
    );
    assert!(r.headers().contains_key("content-security-policy"));
    let html = r.text().await.expect("html");
    assert!(html.contains("lang=\"nl\""), "Dutch first");
}

#[tokio::test]
async fn reload_is_off_without_token_refuses_bad_catalogue_and_keeps_serving() {
    let off = spawn_app(None).await;
    problem(off.post_json("/api/v1/admin/reload", "{}").await, 404).await;

    let app = spawn_app_with_own_data(Some("secret")).await;
    let unauthorised = app
        .client
        .post(format!("{}/api/v1/admin/reload", app.address))
        .send()
        .await
        .expect("request");
    problem(unauthorised, 401).await;
    let reload = |app: &helpers::TestApp| {
        app.client
            .post(format!("{}/api/v1/admin/reload", app.address))
            .header("authorization", "Bearer secret")
            .send()
    };
    // A broken catalogue is refused with its problems; the old one keeps answering.
    let file = app.data.join("courses/elektrotechniek.toml");
    let original = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        original.replacen("crebo = \"25737\"", "crebo = \"257\"", 1),
    )
    .expect("write");
    let body = problem(reload(&app).await.expect("request"), 422).await;
    assert!(
        body["errors"][0]["field"]
            .as_str()
            .is_some_and(|f| f.contains("elektrotechniek.toml")),
        "{body}"
    );
    assert_eq!(app.get("/api/v1/courses/mbo-25737").await.status(), 200);
    // Readiness and metrics say that an older catalogue serves, and why (file and line).
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200, "the old catalogue still serves");
    let ready = ready.text().await.expect("text");
    assert!(
        ready.contains("last reload: failed at ")
            && ready.contains("paths/courses/elektrotechniek.toml:"),
        "{ready}"
    );
    let hash_before = reload_metrics(&app, 1, "Failed").await;

    // A good change is swapped in while searches keep succeeding.
    std::fs::write(
        &file,
        original.replacen("keywords = [", "keywords = [\"stroomspecialist\", ", 1),
    )
    .expect("write");
    let searches = {
        let client = app.client.clone();
        let url = format!("{}/api/v1/search?q=monteur", app.address);
        tokio::spawn(async move {
            let mut statuses = Vec::new();
            for _ in 0..40 {
                statuses.push(
                    client
                        .get(&url)
                        .send()
                        .await
                        .map(|r| r.status().as_u16())
                        .unwrap_or(0),
                );
            }
            statuses
        })
    };
    let r = reload(&app).await.expect("request");
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let statuses = searches.await.expect("join");
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let found = json(app.get("/api/v1/search?q=stroomspecialist").await).await;
    assert!(found["total"].as_u64() >= Some(1), "{found}");
    let ready = app.get("/readyz").await.text().await.expect("text");
    assert!(ready.contains("last reload: not refused"), "{ready}");
    let hash_after = reload_metrics(&app, 0, "Ok").await;
    assert_ne!(hash_before, hash_after, "the new catalogue's hash");
    assert!(
        ready.contains(&format!("catalogue: {hash_after}")),
        "{ready}"
    );
}

/// A reload whose config file went wrong says that the config file is wrong, with its line, in
/// the request's language; the old catalogue keeps serving.
#[tokio::test]
async fn a_reload_with_a_broken_config_file_names_the_config_file() {
    let app = helpers::spawn_app_with_own_data_and_config(Some("secret"), Some("")).await;
    let config = app.data.parent().expect("parent").join("padvinder.toml");
    std::fs::write(
        &config,
        "[[tenant]]\nid = \"rijnmond\"\nregion = \"Atlantis\"\n",
    )
    .expect("write");
    for (lang, said) in [
        ("en", "the config file has a problem ("),
        ("nl", "het configuratiebestand heeft een fout ("),
    ] {
        let r = app
            .client
            .post(format!("{}/api/v1/admin/reload?lang={lang}", app.address))
            .header("authorization", "Bearer secret")
            .send()
            .await
            .expect("request");
        let body = problem(r, 422).await;
        let detail = body["detail"].as_str().unwrap_or_default();
        assert!(
            detail.starts_with(said) && detail.contains("padvinder.toml:"),
            "{body}"
        );
        assert!(!detail.contains("catalogue could not"), "{body}");
    }
    assert_eq!(app.get("/api/v1/courses/mbo-25737").await.status(), 200);
}

/// Checks `/metrics` after one reload with this result; the catalogue hash it names.
async fn reload_metrics(app: &helpers::TestApp, failed: u8, result: &str) -> String {
    let metrics = app.get("/metrics").await.text().await.expect("text");
    for line in [
        format!("padvinder_last_reload_failed {failed}\n"),
        format!("padvinder_reloads_total{{result=\"{result}\"}} 1\n"),
    ] {
        assert!(metrics.contains(&line), "no {line} in {metrics}");
    }
    catalogue_hash(&metrics)
}

/// The catalogue hash `/metrics` names (one series only).
fn catalogue_hash(metrics: &str) -> String {
    let hashes: Vec<&str> = metrics
        .lines()
        .filter_map(|l| l.strip_prefix("padvinder_catalogue{hash=\""))
        .filter_map(|l| l.split('"').next())
        .collect();
    assert_eq!(hashes.len(), 1, "{metrics}");
    hashes[0].to_owned()
}

#[tokio::test]
async fn a_second_reload_while_one_runs_is_429() {
    let app = spawn_app(Some("secret")).await;
    let send = || {
        app.client
            .post(format!("{}/api/v1/admin/reload", app.address))
            .header("authorization", "Bearer secret")
            .send()
    };
    // Loading a catalogue takes a while; three at once cannot all run.
    let (a, b, c) = tokio::join!(send(), send(), send());
    let statuses: Vec<u16> = [a, b, c]
        .into_iter()
        .map(|r| r.map(|r| r.status().as_u16()).unwrap_or(0))
        .collect();
    assert!(statuses.contains(&200), "{statuses:?}");
    assert!(statuses.contains(&429), "{statuses:?}");
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 429),
        "{statuses:?}"
    );
}

/// How route costs are computed from the legal mbo fees: the school year used and its sources,
/// in the language asked for; a step of a match names its basis in the answer's `fee_bases`.
/// A language that is not nl or en is 400 naming `lang`.
#[tokio::test]
async fn fees_say_which_school_year_and_sources_a_cost_rests_on() {
    let app = spawn_app(None).await;
    for (lang, words) in [
        ("nl", "wij rekenen met het bedrag van 2024-2025"),
        ("en", "we use the amount for 2024-2025"),
    ] {
        let body = json(app.get(&format!("/api/v1/fees?lang={lang}")).await).await;
        assert_eq!(body["lang"], lang);
        let text = body["text"].as_str().unwrap_or("");
        assert!(text.contains(words), "{lang}: {body}");
        assert!(text.contains("SLIM"), "{lang}: {body}");
        let sources = body["sources"].as_array().expect("sources");
        assert!(
            sources
                .iter()
                .filter_map(Value::as_str)
                .all(|s| s.starts_with("https://")),
            "{body}"
        );
        assert!(sources.len() >= 5, "{body}");
        assert!(
            body["school_year"].as_str().is_some_and(|y| y.len() == 9),
            "{body}"
        );
    }
    let body = problem(app.get("/api/v1/fees?lang=de").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "lang", "{body}");
    // A match: every step with a cost by rule names a basis the answer lists.
    let answer = json(app.post_json("/api/v1/match?limit=5", PROFILE).await).await;
    let bases = answer["fee_bases"].as_array().expect("fee_bases").len();
    let mut named = 0;
    for step in answer["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .flat_map(|r| r["steps"].as_array().expect("steps"))
    {
        if let Some(i) = step["cost_basis"].as_u64() {
            named += 1;
            assert!((i as usize) < bases, "{step}");
            assert!(
                step["cost_eur"].is_number() || step["cost_eur"] == "unknown",
                "{step}"
            );
        }
    }
    assert!(named > 0, "no step with a cost by rule: {answer}");
}
