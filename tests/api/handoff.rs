//! Issue 12 §4 over HTTP: "Stuur mijn profiel en deze route naar een adviseur". A hand-off from
//! a tenant's embed lands, with the consent text and time, in the caseload of the organisation
//! that tenant names (status `intake`, the route as a plan draft, audited) and nowhere else;
//! bad input is named at its field in the person's language and stores nothing; a tenant
//! without an organisation takes none; the per-tenant limit answers 429 with `Retry-After`.

use reqwest::Method;
use serde_json::{Value, json};

use super::helpers::{TestApp, spawn_app_with_tenants_and_workspace};
use super::workspace::{Login, checked, login, send};
use super::{PROFILE, problem};

/// Three tenants: two naming the test workspace's organisations, one naming none.
const TENANTS: &str = r##"
[[tenant]]
id = "rijnmond"
name = "Werkcentrum Rijnmond"
origins = ["https://www.werkcentrumrijnmond.nl"]
region = "Rijnmond"
handoff = { label = "Maak een afspraak", url = "https://www.werkcentrumrijnmond.nl/afspraak" }
workspace_organisation = "org-a"

[[tenant]]
id = "twente"
name = "Werkplein Twente"
origins = ["https://werkplein.example.nl"]
region = "AM05"
handoff = { label = "Bel ons", phone = "053 123 45 67" }
workspace_organisation = "org-b"

[[tenant]]
id = "zonder"
name = "Loket zonder werkplek"
origins = ["https://loket.example.nl"]
region = "Rijnmond"
handoff = { label = "Bel ons", phone = "010 123 45 67" }
"##;

/// A target the test profile has a route to.
async fn a_target(app: &TestApp) -> String {
    let r = app.post_json("/api/v1/match?limit=1", PROFILE).await;
    let body: Value = r.json().await.expect("json");
    body["routes"][0]["target"]["id"]
        .as_str()
        .expect("a route")
        .to_owned()
}

fn body(target: &str, name: &str) -> Value {
    let profile: Value = serde_json::from_str(PROFILE).expect("profile");
    json!({
        "profile": profile,
        "target": target,
        "contact": {"name": name, "email": "Sam@Example.nl", "phone": ""},
        "consent": {"agreed": true, "version": padvinder::workspace::INTAKE_CONSENT_VERSION}
    })
}

async fn hand_off(app: &TestApp, query: &str, body: &Value) -> reqwest::Response {
    app.post_json(&format!("/api/v1/handoff?{query}"), &body.to_string())
        .await
}

async fn caseload(app: &TestApp, who: &Login) -> Vec<Value> {
    caseload_finding(app, who, "").await
}

/// The caseload's clients whose name or intake reference `q` finds (all for "").
async fn caseload_finding(app: &TestApp, who: &Login, q: &str) -> Vec<Value> {
    let path = format!("/api/v1/clients?q={q}");
    let r = send(app, who, Method::GET, &path, None).await;
    let (status, body) = checked(app, "get", "/api/v1/clients", r).await;
    assert_eq!(status, 200, "{body}");
    body["clients"].as_array().expect("clients").clone()
}

#[tokio::test]
async fn a_hand_off_lands_in_the_tenant_s_organisation_only_with_its_consent_and_route() {
    let app = spawn_app_with_tenants_and_workspace(TENANTS, |_| {}).await;
    let target = a_target(&app).await;
    let r = hand_off(&app, "tenant=rijnmond&lang=nl", &body(&target, "Sam")).await;
    let (status, receipt) = checked(&app, "post", "/api/v1/handoff", r).await;
    assert_eq!(status, 201, "{receipt}");
    let reference = receipt["reference"].as_str().expect("reference").to_owned();
    assert!(
        reference.starts_with("PV-") && !reference.contains("Sam"),
        "{receipt}"
    );
    assert_eq!(receipt["organisation"], "Werkcentrum Rijnmond");
    assert_eq!(receipt["target"]["id"], target.as_str());
    assert_eq!(receipt["email"], "sam@example.nl");
    assert_eq!(receipt["phone"], Value::Null);
    assert_eq!(receipt["erased_after_days"], 30);
    let text = receipt["consent_text"].as_str().unwrap_or_default();
    assert!(
        text.contains("Werkcentrum Rijnmond") && text.contains("Intrekken"),
        "{text}"
    );

    // Org A (rijnmond's organisation) has it, as an intake; org B has nothing.
    let ann = login(&app, "ann@a.nl").await;
    let bob = login(&app, "bob@b.nl").await;
    let rows = caseload(&app, &ann).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["status"], "intake");
    assert_eq!(rows[0]["display_name"], "Sam");
    assert!(caseload(&app, &bob).await.is_empty());
    // The person quotes the reference (to ask about it or withdraw): the caseload's search finds
    // the intake by it however it is read out, and not by a part of it or in another
    // organisation.
    let spoken = reference
        .trim_start_matches("PV-")
        .replace('-', "%20")
        .to_lowercase();
    for (who, q, found) in [
        (&ann, reference.as_str(), 1),
        (&ann, spoken.as_str(), 1),
        (&ann, &reference[..7], 0),
        (&bob, reference.as_str(), 0),
    ] {
        let rows = caseload_finding(&app, who, q).await;
        assert_eq!(rows.len(), found, "{q}: {rows:?}");
    }
    let id = rows[0]["id"].as_str().expect("id");
    let path = format!("/api/v1/clients/{id}");
    let r = send(&app, &ann, Method::GET, &path, None).await;
    let (status, client) = checked(&app, "get", "/api/v1/clients/{id}", r).await;
    assert_eq!(status, 200, "{client}");
    assert_eq!(client["consent"]["recorded_by"], Value::Null);
    assert_eq!(client["consent"]["scope"], text);
    assert_eq!(
        client["intake"]["consent_version"],
        padvinder::workspace::INTAKE_CONSENT_VERSION
    );
    assert_eq!(client["intake"]["reference"], reference.as_str());
    assert_eq!(client["intake"]["tenant"], "rijnmond");
    assert_eq!(client["intake"]["email"], "sam@example.nl");
    assert!(client["intake"]["consent_at"].is_string(), "{client}");
    assert_eq!(client["profile"]["postcode"], "3071");
    // Another organisation's counsellor cannot open it.
    let r = send(&app, &bob, Method::GET, &path, None).await;
    assert_eq!(r.status(), 404);
    // The route is there as a plan draft made by nobody in particular.
    let r = send(&app, &ann, Method::GET, &format!("{path}/plans"), None).await;
    let (status, plans) = checked(&app, "get", "/api/v1/clients/{id}/plans", r).await;
    assert_eq!(status, 200, "{plans}");
    let plans = plans["plans"].as_array().expect("plans");
    assert_eq!(plans.len(), 1, "{plans:?}");
    assert_eq!(plans[0]["target"], target.as_str());
    assert_eq!(plans[0]["status"], "idee");
    // Audited, by padvinder itself.
    let r = send(&app, &ann, Method::GET, "/api/v1/audit", None).await;
    let audit: Value = r.json().await.expect("json");
    let received: Vec<&Value> = audit["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["action"] == "receive_intake")
        .collect();
    assert_eq!(received.len(), 1, "{audit}");
    assert_eq!(received[0]["actor"], Value::Null);
    assert_eq!(received[0]["client"], id);

    // Twente's hand-off goes to org B, never to org A.
    let r = hand_off(&app, "tenant=twente&lang=en", &body(&target, "Robin")).await;
    assert_eq!(r.status(), 201);
    let b_rows = caseload(&app, &bob).await;
    assert_eq!(b_rows.len(), 1, "{b_rows:?}");
    assert_eq!(b_rows[0]["display_name"], "Robin");
    let a_rows = caseload(&app, &ann).await;
    assert_eq!(a_rows.len(), 1, "{a_rows:?}");
    assert_eq!(a_rows[0]["display_name"], "Sam");
    // Saved unchanged it stays an intake; it is picked up by choosing another status, and
    // `intake` is not a status a counsellor can give.
    let patch = |status: &str| {
        let body = json!({ "status": status });
        let (app, ann, path) = (&app, &ann, path.clone());
        async move { send(app, ann, Method::PATCH, &path, Some(&body)).await }
    };
    assert_eq!(patch("intake").await.status(), 200);
    assert_eq!(patch("actief").await.status(), 200);
    let body = problem(patch("intake").await, 422).await;
    assert_eq!(body["errors"][0]["field"], "status", "{body}");
    assert_eq!(patch("gepauzeerd").await.status(), 200);
    // The audit log says when the request was picked up: the change that chose a status, once;
    // saving it unchanged before and changing it after are changes of the client (one line:
    // one user, one client, within 15 minutes).
    let r = send(&app, &ann, Method::GET, "/api/v1/audit", None).await;
    let audit: Value = r.json().await.expect("json");
    let changes: Vec<(&str, u64)> = audit["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["client"] == id)
        .filter_map(|e| Some((e["action"].as_str()?, e["count"].as_u64()?)))
        .filter(|(a, _)| ["change_client", "pick_up_intake"].contains(a))
        .collect();
    assert_eq!(
        changes,
        [("change_client", 2), ("pick_up_intake", 1)],
        "{audit}"
    );
}

#[tokio::test]
async fn bad_hand_offs_are_named_at_their_field_in_the_person_s_language_and_store_nothing() {
    let app = spawn_app_with_tenants_and_workspace(TENANTS, |_| {}).await;
    let target = a_target(&app).await;
    let good = body(&target, "Sam");
    let with = |pointer: &str, value: Value| {
        let mut b = good.clone();
        *b.pointer_mut(pointer).expect("field") = value;
        b
    };
    let mut unknown = good.clone();
    unknown["bsn"] = json!("123456782");
    let mut no_contact = good.clone();
    no_contact["contact"] = json!({"name": "Sam"});
    for (b, field, nl, en) in [
        (
            with("/consent/agreed", json!(false)),
            "consent.agreed",
            "geef toestemming",
            "agree to sending",
        ),
        (
            with("/consent/version", json!("2020-01-01")),
            "consent.version",
            "laad de pagina opnieuw",
            "reload the page",
        ),
        (
            no_contact,
            "contact.email",
            "e-mailadres of een telefoonnummer",
            "e-mail address or a phone number",
        ),
        (
            with("/contact/email", json!("sam@")),
            "contact.email",
            "geen e-mailadres",
            "not an e-mail address",
        ),
        (
            with("/contact/phone", json!("bel me maar")),
            "contact.phone",
            "geen telefoonnummer",
            "not a phone number",
        ),
        (
            with("/contact/name", json!("123456782")),
            "contact.name",
            "geen BSN",
            "no citizen service number",
        ),
        (
            with("/contact/name", json!("   ")),
            "contact.name",
            "vul je naam in",
            "fill in your name",
        ),
        (
            with("/contact/name", json!("x".repeat(61))),
            "contact.name",
            "hoogstens 60 tekens",
            "at most 60 characters",
        ),
        (
            with("/contact/name", json!("Sam\nBakker")),
            "contact.name",
            "zonder regeleinden",
            "without line breaks",
        ),
        (
            with("/target", json!("geen-functie")),
            "target",
            "deze functie kennen we niet",
            "this function is not known",
        ),
        (
            with("/profile/postcode", json!("99")),
            "profile.postcode",
            "",
            "",
        ),
        (unknown, "bsn", "dit veld bestaat niet", "no such field"),
    ] {
        for (lang, words) in [("nl", nl), ("en", en)] {
            let r = hand_off(&app, &format!("tenant=rijnmond&lang={lang}"), &b).await;
            let problem = problem(r, 422).await;
            let errors = problem["errors"].as_array().expect("errors");
            let hit = errors
                .iter()
                .find(|e| e["field"] == field)
                .unwrap_or_else(|| panic!("{field} ({lang}): {problem}"));
            let message = hit["message"].as_str().unwrap_or_default();
            assert!(message.contains(words), "{field} ({lang}): {problem}");
        }
    }
    // A tenant that names no organisation, or none at all: named at `tenant`.
    for query in ["tenant=zonder", "tenant=nobody", "lang=en"] {
        let body = problem(hand_off(&app, query, &good).await, 422).await;
        assert_eq!(body["errors"][0]["field"], "tenant", "{query}: {body}");
    }
    // Not JSON, or too large: 400 and 413.
    let r = app.post_json("/api/v1/handoff?tenant=rijnmond", "{").await;
    problem(r, 400).await;
    let big = with("/contact/name", json!("x".repeat(20_000)));
    problem(hand_off(&app, "tenant=rijnmond", &big).await, 413).await;
    // Nothing of it was kept.
    let ann = login(&app, "ann@a.nl").await;
    assert!(caseload(&app, &ann).await.is_empty());
}

#[tokio::test]
async fn a_tenant_s_hand_offs_are_limited_per_minute_with_retry_after() {
    let app = spawn_app_with_tenants_and_workspace(TENANTS, |_| {}).await;
    let target = a_target(&app).await;
    // A person's mistakes do not count against the embed's allowance.
    let refused = json!({"consent": {"agreed": false}});
    for _ in 0..12 {
        let r = hand_off(&app, "tenant=rijnmond", &refused).await;
        assert_eq!(r.status(), 422);
    }
    for i in 0..10 {
        let r = hand_off(&app, "tenant=rijnmond", &body(&target, &format!("P{i}"))).await;
        assert_eq!(r.status(), 201, "hand-off {i}");
    }
    let r = hand_off(&app, "tenant=rijnmond&lang=en", &body(&target, "Eleven")).await;
    assert!(r.headers().get("retry-after").is_some());
    let limited = problem(r, 429).await;
    assert!(
        limited["detail"]
            .as_str()
            .is_some_and(|d| d.contains("nothing was sent")),
        "{limited}"
    );
    let ann = login(&app, "ann@a.nl").await;
    assert_eq!(
        caseload(&app, &ann).await.len(),
        10,
        "the eleventh was not stored"
    );
    // Another tenant's embed has its own allowance.
    let r = hand_off(&app, "tenant=twente", &body(&target, "Robin")).await;
    assert_eq!(r.status(), 201);
}
