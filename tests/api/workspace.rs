//! The counsellor workspace over HTTP: cookies and CSRF, login answers and limits, clients with
//! consent, export and erasure, the audit log, and two organisations that cannot see anything
//! of each other on any route. Every answer is also checked against the OpenAPI document.

use reqwest::Method;
use serde_json::{Value, json};

use super::common::session_of;
use super::helpers::{
    TestApp, WORKSPACE_PASSWORD as PASSWORD, spawn_app, spawn_app_with_workspace,
};
use super::schemas::check;

/// A logged-in user of the test app.
pub struct Login {
    pub cookie: String,
    pub csrf: String,
}

pub async fn login(app: &TestApp, email: &str) -> Login {
    login_with(app, email, PASSWORD)
        .await
        .unwrap_or_else(|| panic!("login {email} refused"))
}

/// Logs in with a password of one's own; the login on 200, else `None`.
pub async fn login_with(app: &TestApp, email: &str, password: &str) -> Option<Login> {
    let r = app
        .post_json(
            "/api/v1/session",
            &json!({"email": email, "password": password}).to_string(),
        )
        .await;
    if r.status() != 200 {
        return None;
    }
    let headers = r.headers().clone();
    let (cookie, csrf) = session_of(&headers, &r.json().await.expect("json"));
    Some(Login { cookie, csrf })
}

/// Sends a request as `who` (cookie and CSRF header), with an optional JSON body.
pub async fn send(
    app: &TestApp,
    who: &Login,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.address))
        .header("cookie", &who.cookie)
        .header("x-csrf-token", &who.csrf);
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.expect("request")
}

pub fn new_client(name: &str) -> Value {
    json!({
        "display_name": name,
        "profile": {"current_occupation": "heftruckchauffeur", "postcode": "3071", "hours_per_week": 32},
        "consent": {"given_on": "2026-11-30", "scope": "profiel en plannen bewaren voor loopbaanadvies"},
        "review_on": "2027-01-15"
    })
}

/// Checks the answer against the document for this route and returns its status and body.
pub async fn checked(
    app: &TestApp,
    method: &str,
    route: &str,
    r: reqwest::Response,
) -> (u16, Value) {
    let doc: Value = app
        .get("/api/openapi.json")
        .await
        .json()
        .await
        .expect("doc");
    let url = r.url().path().to_owned();
    check(&doc, method, route, &url, r).await
}

pub async fn create(app: &TestApp, who: &Login, name: &str) -> String {
    let r = send(
        app,
        who,
        Method::POST,
        "/api/v1/clients",
        Some(&new_client(name)),
    )
    .await;
    let (status, body) = checked(app, "post", "/api/v1/clients", r).await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().expect("id").to_owned()
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_job_seeker_routes_set_none() {
    let app = spawn_app_with_workspace().await;
    let body = json!({"email": "ann@a.nl", "password": PASSWORD}).to_string();
    let r = app.post_json("/api/v1/session", &body).await;
    let cookie = r.headers()["set-cookie"].to_str().expect("text").to_owned();
    assert!(cookie.starts_with("padvinder_session="), "{cookie}");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let (status, answer) = checked(&app, "post", "/api/v1/session", r).await;
    assert_eq!(status, 200);
    assert_eq!(answer["user"]["org"], "org-a");
    assert_eq!(answer["user"]["role"], "admin");
    // Behind a TLS proxy: the __Host- prefix and Secure.
    let r = app
        .client
        .post(format!("{}/api/v1/session", app.address))
        .header("content-type", "application/json")
        .header("x-forwarded-proto", "https")
        .body(body)
        .send()
        .await
        .expect("request");
    let cookie = r.headers()["set-cookie"].to_str().expect("text").to_owned();
    assert!(
        cookie.starts_with("__Host-padvinder_session=") && cookie.contains("; Secure"),
        "{cookie}"
    );
    // The job seeker's routes: no cookie, whatever they are asked.
    let seeker = spawn_app(None).await;
    for r in [
        seeker.get("/").await,
        seeker.get("/api/v1/search?q=elektricien").await,
        seeker.get("/api/v1/paths").await,
        seeker
            .post_json("/api/v1/match", r#"{"current_occupation":"kok"}"#)
            .await,
    ] {
        assert!(r.headers().get("set-cookie").is_none(), "{}", r.url());
    }
}

#[tokio::test]
async fn wrong_email_and_wrong_password_get_the_same_401_and_10_failures_429() {
    let app = spawn_app_with_workspace().await;
    let attempt =
        |email: &str, password: &str| json!({"email": email, "password": password}).to_string();
    let wrong_password = app
        .post_json("/api/v1/session", &attempt("bob@b.nl", "not the password"))
        .await;
    let (status, a) = checked(&app, "post", "/api/v1/session", wrong_password).await;
    assert_eq!(status, 401);
    let wrong_email = app
        .post_json("/api/v1/session", &attempt("nobody@b.nl", PASSWORD))
        .await;
    let (status, b) = checked(&app, "post", "/api/v1/session", wrong_email).await;
    assert_eq!(status, 401);
    assert_eq!(a["detail"], b["detail"]);
    assert!(wrong_password_headers_have_no_cookie(&app).await);
    // Missing fields are named, in English when asked.
    let r = app.post_json("/api/v1/session?lang=en", "{}").await;
    let (status, p) = checked(&app, "post", "/api/v1/session", r).await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"][0]["field"], "email");
    assert_eq!(p["errors"][0]["message"], "fill in this field");
    for _ in 1..10 {
        let r = app
            .post_json("/api/v1/session", &attempt("bob@b.nl", "not the password"))
            .await;
        assert_eq!(r.status(), 401);
    }
    // The 11th try, even with the right password: 429 with Retry-After.
    let r = app
        .post_json("/api/v1/session", &attempt("bob@b.nl", PASSWORD))
        .await;
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((1..=900).contains(&retry), "{retry}");
    let (status, _) = checked(&app, "post", "/api/v1/session", r).await;
    assert_eq!(status, 429);
}

/// A wrong password for an existing account is in its organisation's audit log, folded into one
/// line, about the account and by nobody logged in; the failure that locks the account is an
/// entry of its own, the refused tries after it are not. An unknown address leaves nothing and
/// gets the same answer. The typed password is in no entry.
#[tokio::test]
async fn failed_logins_to_an_account_are_audited_for_its_organisation() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let typed = "raad-eens-wachtwoord-42";
    let attempt = |email: &str| json!({"email": email, "password": typed}).to_string();
    let mut details = Vec::new();
    for email in ["nobody@a.nl", "ann@a.nl"] {
        let r = app.post_json("/api/v1/session", &attempt(email)).await;
        let (status, problem) = checked(&app, "post", "/api/v1/session", r).await;
        assert_eq!(status, 401, "{problem}");
        details.push(problem["detail"].clone());
    }
    assert_eq!(details[0], details[1], "the same text for both");
    for _ in 2..=10 {
        let r = app.post_json("/api/v1/session", &attempt("ann@a.nl")).await;
        assert_eq!(r.status(), 401);
    }
    // Locked: these are refused without being entries.
    for _ in 0..3 {
        let r = app.post_json("/api/v1/session", &attempt("ann@a.nl")).await;
        assert_eq!(r.status(), 429);
    }
    // Ann's session from before still reads the log.
    let r = send(&app, &ann, Method::GET, "/api/v1/audit?limit=500", None).await;
    let (status, audit) = checked(&app, "get", "/api/v1/audit", r).await;
    assert_eq!(status, 200, "{audit}");
    let lines = audit["entries"].as_array().expect("entries");
    let of =
        |action: &str| -> Vec<&Value> { lines.iter().filter(|l| l["action"] == action).collect() };
    let failed = of("login_failed");
    assert_eq!(failed.len(), 1, "folded into one line: {audit}");
    assert_eq!(
        failed[0]["count"], 10,
        "every failure counted once: {audit}"
    );
    assert_eq!(failed[0]["user"], "ann@a.nl");
    assert_eq!(failed[0]["actor"], Value::Null, "nobody was logged in");
    let locked = of("login_locked");
    assert_eq!(locked.len(), 1, "{audit}");
    assert_eq!(locked[0]["count"], 1, "{audit}");
    assert_eq!(locked[0]["user"], "ann@a.nl");
    let text = audit.to_string();
    assert!(!text.contains(typed), "no password: {text}");
    assert!(!text.contains("nobody@a.nl"), "an unknown address: {text}");
    // The other organisation's log has none of it.
    let store_b = app.post_json("/api/v1/session", &attempt("bob@b.nl")).await;
    assert_eq!(store_b.status(), 401);
    let r = send(&app, &ann, Method::GET, "/api/v1/audit?limit=500", None).await;
    let (_, audit) = checked(&app, "get", "/api/v1/audit", r).await;
    assert!(!audit.to_string().contains("bob@b.nl"), "{audit}");
}

async fn wrong_password_headers_have_no_cookie(app: &TestApp) -> bool {
    let r = app
        .post_json(
            "/api/v1/session",
            &json!({"email": "ann@a.nl", "password": "nope nope nope"}).to_string(),
        )
        .await;
    r.headers().get("set-cookie").is_none()
}

#[tokio::test]
async fn every_state_change_needs_the_csrf_header_and_a_session() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let id = create(&app, &ann, "A.J.").await;
    let no_csrf = Login {
        cookie: ann.cookie.clone(),
        csrf: "wrong".into(),
    };
    let patch = json!({"status": "gepauzeerd"});
    for (method, path, body) in [
        (
            Method::POST,
            "/api/v1/clients".to_owned(),
            Some(new_client("X")),
        ),
        (
            Method::PATCH,
            format!("/api/v1/clients/{id}"),
            Some(patch.clone()),
        ),
        (Method::DELETE, format!("/api/v1/clients/{id}"), None),
        (Method::DELETE, "/api/v1/session".to_owned(), None),
    ] {
        let r = send(&app, &no_csrf, method.clone(), &path, body.as_ref()).await;
        assert_eq!(r.status(), 403, "{method} {path}");
        assert!(
            r.headers()["content-type"]
                .to_str()
                .is_ok_and(|c| c.starts_with("application/problem+json"))
        );
    }
    // Nothing changed; without a cookie every workspace route is 401.
    let r = send(
        &app,
        &ann,
        Method::GET,
        &format!("/api/v1/clients/{id}"),
        None,
    )
    .await;
    assert_eq!(r.json::<Value>().await.expect("json")["status"], "actief");
    for path in ["/api/v1/clients", "/api/v1/session", "/api/v1/audit"] {
        let r = app.get(path).await;
        assert_eq!(r.status(), 401, "{path}");
    }
    // Logging out ends the session.
    let r = send(&app, &ann, Method::DELETE, "/api/v1/session", None).await;
    assert_eq!(r.status(), 204);
    let r = send(&app, &ann, Method::GET, "/api/v1/clients", None).await;
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn a_client_needs_consent_and_holds_no_bsn_or_birth_date() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let mut body = new_client("A.J.");
    body.as_object_mut().expect("object").remove("consent");
    let r = send(&app, &ann, Method::POST, "/api/v1/clients", Some(&body)).await;
    let (status, p) = checked(&app, "post", "/api/v1/clients", r).await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"][0]["field"], "consent");
    assert!(
        p["detail"]
            .as_str()
            .is_some_and(|d| d.contains("toestemming")),
        "{p}"
    );
    let r = send(
        &app,
        &ann,
        Method::POST,
        "/api/v1/clients?lang=en",
        Some(&body),
    )
    .await;
    let p: Value = r.json().await.expect("json");
    assert!(
        p["detail"]
            .as_str()
            .is_some_and(|d| d.contains("consent is required")),
        "{p}"
    );
    for (field, value) in [
        ("bsn", json!("123456782")),
        ("birth_date", json!("1980-01-01")),
        ("display_name", json!("Jan 123456782")),
        ("display_name", json!("J. 01-01-1980")),
        ("display_name", json!("")),
        ("review_on", json!("next week")),
    ] {
        let mut body = new_client("A.J.");
        body[field] = value;
        let r = send(&app, &ann, Method::POST, "/api/v1/clients", Some(&body)).await;
        assert_eq!(r.status(), 422, "{field}");
        let p: Value = r.json().await.expect("json");
        assert_eq!(p["errors"][0]["field"], field, "{p}");
    }
    let mut body = new_client("A.J.");
    body["consent"]["given_on"] = json!("2999-01-01");
    body["profile"]["postcode"] = json!("12");
    let r = send(&app, &ann, Method::POST, "/api/v1/clients", Some(&body)).await;
    let p: Value = r.json().await.expect("json");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["profile.postcode", "consent.given_on"], "{p}");
}

#[tokio::test]
async fn the_caseload_filters_and_sorts_and_a_client_changes() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let b = create(&app, &ann, "B.B.").await;
    let a = create(&app, &ann, "a.a.").await;
    let c = create(&app, &ann, "C.C.").await;
    let r = send(
        &app,
        &ann,
        Method::PATCH,
        &format!("/api/v1/clients/{c}"),
        Some(&json!({"status": "afgesloten", "review_on": null})),
    )
    .await;
    let (status, changed) = checked(&app, "patch", "/api/v1/clients/{id}", r).await;
    assert_eq!(status, 200);
    assert_eq!(changed["status"], "afgesloten");
    assert!(changed["review_on"].is_null());
    let r = send(
        &app,
        &ann,
        Method::PATCH,
        &format!("/api/v1/clients/{a}"),
        Some(&json!({"review_on": "2026-12-20"})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let ids = |body: &Value| -> Vec<String> {
        body["clients"]
            .as_array()
            .expect("clients")
            .iter()
            .map(|c| c["id"].as_str().expect("id").to_owned())
            .collect()
    };
    let list = |query: &'static str| {
        let app = &app;
        let ann = &ann;
        async move {
            let r = send(
                app,
                ann,
                Method::GET,
                &format!("/api/v1/clients{query}"),
                None,
            )
            .await;
            let (status, body) = checked(app, "get", "/api/v1/clients", r).await;
            assert_eq!(status, 200, "{query}: {body}");
            body
        }
    };
    assert_eq!(ids(&list("").await), [a.as_str(), b.as_str(), c.as_str()]);
    assert_eq!(
        ids(&list("?sort=review_on").await),
        [a.as_str(), b.as_str(), c.as_str()]
    );
    assert_eq!(ids(&list("?sort=last_activity").await)[0], a);
    assert_eq!(ids(&list("?status=afgesloten").await), [c.as_str()]);
    assert_eq!(ids(&list("?q=b.").await), [b.as_str()]);
    assert_eq!(ids(&list("?review_before=2026-12-31").await), [a.as_str()]);
    for (query, field) in [
        ("?sort=age", "sort"),
        ("?status=x", "status"),
        ("?review_before=x", "review_before"),
        ("?lang=de", "lang"),
    ] {
        let r = send(
            &app,
            &ann,
            Method::GET,
            &format!("/api/v1/clients{query}"),
            None,
        )
        .await;
        let (status, p) = checked(&app, "get", "/api/v1/clients", r).await;
        assert_eq!(status, 422, "{query}");
        assert_eq!(p["errors"][0]["field"], field);
    }
}

#[tokio::test]
async fn export_holds_everything_and_erasure_leaves_only_the_audit_fact() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let id = create(&app, &ann, "E.X.").await;
    let path = format!("/api/v1/clients/{id}");
    let r = send(&app, &ann, Method::GET, &path, None).await;
    let (status, _) = checked(&app, "get", "/api/v1/clients/{id}", r).await;
    assert_eq!(status, 200);
    let r = send(&app, &ann, Method::GET, &format!("{path}/export"), None).await;
    let (status, export) = checked(&app, "get", "/api/v1/clients/{id}/export", r).await;
    assert_eq!(status, 200);
    assert_eq!(
        export["client"]["profile"]["current_occupation"],
        "heftruckchauffeur"
    );
    assert_eq!(export["client"]["consent"]["recorded_by"], "ann@a.nl");
    // The client can read how long their data is kept (the default config's 12 months).
    assert_eq!(export["retention_months"], 12);
    let actions: Vec<&str> = export["audit"]
        .as_array()
        .expect("audit")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, ["create_client", "view_client", "export_client"]);
    let r = send(&app, &ann, Method::DELETE, &path, None).await;
    assert_eq!(r.status(), 204);
    for p in [path.clone(), format!("{path}/export")] {
        let r = send(&app, &ann, Method::GET, &p, None).await;
        assert_eq!(r.status(), 404, "{p}");
    }
    let r = send(&app, &ann, Method::GET, "/api/v1/audit?limit=500", None).await;
    let (status, audit) = checked(&app, "get", "/api/v1/audit", r).await;
    assert_eq!(status, 200);
    let text = audit.to_string();
    assert!(
        text.contains("erase_client") && text.contains(&id),
        "{text}"
    );
    for secret in ["heftruckchauffeur", "E.X.", PASSWORD, "argon2"] {
        assert!(!text.contains(secret), "the audit log holds {secret}");
    }
    // Paging: newest first, `next_before` leads to older entries.
    let r = send(&app, &ann, Method::GET, "/api/v1/audit?limit=2", None).await;
    let first: Value = r.json().await.expect("json");
    assert_eq!(first["entries"][0]["action"], "erase_client");
    let before = first["next_before"].as_u64().expect("next page");
    let r = send(
        &app,
        &ann,
        Method::GET,
        &format!("/api/v1/audit?limit=2&before={before}"),
        None,
    )
    .await;
    let second: Value = r.json().await.expect("json");
    assert!(second["entries"][0]["seq"].as_u64() < Some(before));
    for query in ["limit=0", "limit=501", "before=x"] {
        let r = send(
            &app,
            &ann,
            Method::GET,
            &format!("/api/v1/audit?{query}"),
            None,
        )
        .await;
        assert_eq!(r.status(), 422, "{query}");
    }
}

/// The audit log reads as lines: a client that exists is named, an erased one is only its id;
/// repeated changes and views by one user are one line each that counts every one of them.
#[tokio::test]
async fn the_audit_log_names_clients_and_folds_repeats_without_losing_one() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let kept = create(&app, &ann, "K.P.").await;
    let gone = create(&app, &ann, "G.O.").await;
    let path = format!("/api/v1/clients/{kept}");
    for step in 0..4 {
        let body = json!({"profile": {"current_occupation": "heftruckchauffeur", "hours_per_week": 30 + step}});
        let r = send(&app, &ann, Method::PATCH, &path, Some(&body)).await;
        assert_eq!(r.status(), 200, "wizard step {step}");
    }
    for _ in 0..3 {
        let r = send(&app, &ann, Method::GET, &path, None).await;
        assert_eq!(r.status(), 200);
    }
    let r = send(
        &app,
        &ann,
        Method::DELETE,
        &format!("/api/v1/clients/{gone}"),
        None,
    )
    .await;
    assert_eq!(r.status(), 204);

    let r = send(&app, &ann, Method::GET, "/api/v1/audit?limit=500", None).await;
    let (status, audit) = checked(&app, "get", "/api/v1/audit", r).await;
    assert_eq!(status, 200);
    let lines = audit["entries"].as_array().expect("entries");
    let line = |action: &str, client: &str| {
        let found: Vec<&Value> = lines
            .iter()
            .filter(|l| l["action"] == action && l["client"] == client)
            .collect();
        assert_eq!(found.len(), 1, "one {action} line for {client}: {audit}");
        found[0].clone()
    };
    let changes = line("change_client", &kept);
    assert_eq!(changes["count"], 4, "{changes}");
    assert_eq!(changes["client_name"], "K.P.");
    assert!(
        changes["first_at"].as_str() <= changes["at"].as_str(),
        "{changes}"
    );
    let views = line("view_client", &kept);
    assert_eq!(views["count"], 3, "{views}");
    let erased = line("erase_client", &gone);
    assert_eq!(
        erased["client_name"],
        Value::Null,
        "an erased client has no name"
    );
    assert_eq!(line("create_client", &gone)["client_name"], Value::Null);
    assert!(!audit.to_string().contains("G.O."), "{audit}");
    // Every stored entry is in a line: the user added by the test app, the login, 2 creates,
    // 4 changes, 3 views, 1 erase.
    let total: u64 = lines.iter().filter_map(|l| l["count"].as_u64()).sum();
    assert_eq!(total, 12, "{audit}");
    // The export still lists every entry one by one.
    let r = send(&app, &ann, Method::GET, &format!("{path}/export"), None).await;
    let export: Value = r.json().await.expect("json");
    let changes = export["audit"]
        .as_array()
        .expect("audit")
        .iter()
        .filter(|e| e["action"] == "change_client")
        .count();
    assert_eq!(changes, 4);
    // And the same entries folded to read (the readable export), from the oldest line, each
    // pointing at its newest entry in `audit`.
    let entries = export["audit"].as_array().expect("audit");
    let lines = export["audit_lines"].as_array().expect("audit_lines");
    let changed: Vec<&Value> = lines
        .iter()
        .filter(|l| l["action"] == "change_client")
        .collect();
    assert_eq!(changed.len(), 1, "{export}");
    assert_eq!(changed[0]["count"], 4);
    assert_eq!(changed[0]["client_name"], "K.P.");
    let total: u64 = lines.iter().filter_map(|l| l["count"].as_u64()).sum();
    assert_eq!(total, entries.len() as u64, "every entry in a line");
    assert_eq!(
        lines[0]["action"], "create_client",
        "oldest first: {export}"
    );
    for line in lines {
        let newest = &entries[line["seq"].as_u64().expect("seq") as usize];
        assert_eq!(
            (&newest["action"], &newest["at"]),
            (&line["action"], &line["at"])
        );
    }
}

/// Organisation B's counsellor tries every route on organisation A's client and log: every one
/// answers as if A's records did not exist, and A's data is unchanged.
#[tokio::test]
async fn two_organisations_see_nothing_of_each_other_on_every_route() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let bob = login(&app, "bob@b.nl").await;
    let id = create(&app, &ann, "A.A.").await;
    let own = create(&app, &bob, "B.B.").await;
    let path = format!("/api/v1/clients/{id}");
    let attempts = [
        (Method::GET, path.clone(), None, 404),
        (
            Method::PATCH,
            path.clone(),
            Some(json!({"display_name": "stolen"})),
            404,
        ),
        (Method::GET, format!("{path}/export"), None, 404),
        (Method::DELETE, path.clone(), None, 404),
        // Bob is a counsellor: the audit log is for admins.
        (Method::GET, "/api/v1/audit".to_owned(), None, 403),
    ];
    for (method, p, body, expected) in attempts {
        let r = send(&app, &bob, method.clone(), &p, body.as_ref()).await;
        assert_eq!(r.status(), expected, "{method} {p}");
    }
    let r = send(&app, &bob, Method::GET, "/api/v1/clients", None).await;
    let caseload: Value = r.json().await.expect("json");
    let ids: Vec<&str> = caseload["clients"]
        .as_array()
        .expect("clients")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids, [own.as_str()]);
    // A's admin: the client unchanged, the caseload without B's, the log without B's work.
    let r = send(&app, &ann, Method::GET, &path, None).await;
    assert_eq!(
        r.json::<Value>().await.expect("json")["display_name"],
        "A.A."
    );
    for p in [
        format!("/api/v1/clients/{own}"),
        format!("/api/v1/clients/{own}/export"),
    ] {
        let r = send(&app, &ann, Method::GET, &p, None).await;
        assert_eq!(r.status(), 404, "{p}");
    }
    let r = send(&app, &ann, Method::GET, "/api/v1/clients", None).await;
    assert!(!r.text().await.expect("text").contains(&own));
    let r = send(&app, &ann, Method::GET, "/api/v1/audit?limit=500", None).await;
    let log = r.text().await.expect("text");
    assert!(!log.contains("bob@b.nl") && !log.contains(&own), "{log}");
    // Who am I: each their own organisation.
    let r = send(&app, &bob, Method::GET, "/api/v1/session", None).await;
    let (status, me) = checked(&app, "get", "/api/v1/session", r).await;
    assert_eq!(status, 200);
    assert_eq!(me["user"]["org"], "org-b");
}
