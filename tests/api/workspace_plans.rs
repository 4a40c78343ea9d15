//! Saved plans, share links and route comparison over HTTP: the server recomputes the route
//! and refuses courses that are not on it, every change is audited, a share link shows no
//! private notes or consent and stops at revoke, and two organisations cannot reach each
//! other's plans or links on any route. Every answer is checked against the OpenAPI document.

use reqwest::Method;
use serde_json::{Value, json};

use super::helpers::{TestApp, spawn_app_with_workspace};
use super::workspace::{Login, checked, create, login, new_client, send};

/// The profile of [`new_client`], as `POST /api/v1/match` reads it.
fn profile() -> Value {
    new_client("x")["profile"].clone()
}

/// The best route for the test client's profile: its target and the courses still to take.
async fn best_route(app: &TestApp) -> (String, Vec<String>) {
    let r = app.post_json("/api/v1/match", &profile().to_string()).await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.expect("json");
    let route = &body["routes"][0];
    let courses = route["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["skipped"] == false)
        .filter_map(|s| s["course"]["id"].as_str())
        .map(str::to_owned)
        .collect();
    (
        route["target"]["id"].as_str().expect("target").to_owned(),
        courses,
    )
}

/// The targets of the first `n` routes for the test client's profile.
async fn targets(app: &TestApp, n: usize) -> Vec<String> {
    let r = app.post_json("/api/v1/match", &profile().to_string()).await;
    let body: Value = r.json().await.expect("json");
    body["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .take(n)
        .filter_map(|r| r["target"]["id"].as_str().map(str::to_owned))
        .collect()
}

async fn save(app: &TestApp, who: &Login, client: &str, body: &Value) -> (u16, Value) {
    let route = "/api/v1/clients/{id}/plans";
    let r = send(
        app,
        who,
        Method::POST,
        &format!("/api/v1/clients/{client}/plans"),
        Some(body),
    )
    .await;
    checked(app, "post", route, r).await
}

fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_plan_is_saved_with_the_route_recomputed_and_every_change_audited() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let client = create(&app, &ann, "P.L.").await;
    let (target, courses) = best_route(&app).await;
    assert!(!courses.is_empty(), "the best route has courses to take");
    let body = json!({
        "target": target,
        "courses": [courses[0]],
        "notes": [
            {"text": "eerst een proefdag regelen", "private": true},
            {"text": "start in september", "private": false}
        ],
        "status": "besproken",
        "review_on": "2027-02-01"
    });
    let (status, plan) = save(&app, &ann, &client, &body).await;
    assert_eq!(status, 201, "{plan}");
    let id = plan["id"].as_str().expect("id").to_owned();
    assert_eq!(plan["client"], client.as_str());
    assert_eq!(plan["status"], "besproken");
    assert_eq!(plan["courses"], json!([courses[0]]));
    let snapshot = &plan["snapshot"];
    assert_eq!(snapshot["route"]["target"]["id"], target.as_str());
    for key in ["catalogue_hash", "rules_version"] {
        assert!(
            snapshot[key].as_str().is_some_and(|h| h.len() >= 16),
            "{key}: {snapshot}"
        );
    }
    // The SLIM result comes with its receipt: rules version and the date it was evaluated on.
    let receipt = &snapshot["route"]["slim"]["receipt"];
    if snapshot["route"]["slim"]["status"] != "no_courses_needed" {
        assert_eq!(
            receipt["rules_version"], snapshot["rules_version"],
            "{receipt}"
        );
        assert_eq!(receipt["evaluated_on"], snapshot["computed_on"]);
    }
    assert!(plan["share"].is_null());
    // Without courses: the courses of every step still to take.
    let (status, all) = save(&app, &ann, &client, &json!({"target": target})).await;
    assert_eq!(status, 201, "{all}");
    assert_eq!(all["courses"], json!(courses));
    assert_eq!(all["status"], "idee");

    // The client page lists both, last changed first.
    let r = send(
        &app,
        &ann,
        Method::GET,
        &format!("/api/v1/clients/{client}/plans"),
        None,
    )
    .await;
    let (status, list) = checked(&app, "get", "/api/v1/clients/{id}/plans", r).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["plans"].as_array().map(Vec::len), Some(2));
    assert_eq!(list["plans"][1]["id"], id.as_str());
    assert_eq!(
        list["plans"][1]["target_title"],
        snapshot["route"]["target"]["title"]
    );

    // The export under the AVG holds the plans too.
    let r = send(
        &app,
        &ann,
        Method::GET,
        &format!("/api/v1/clients/{client}/export"),
        None,
    )
    .await;
    let (status, export) = checked(&app, "get", "/api/v1/clients/{id}/export", r).await;
    assert_eq!(status, 200);
    let exported: Vec<&str> = export["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert!(exported.contains(&id.as_str()), "{export}");
    assert_eq!(export["plans"].as_array().map(Vec::len), Some(2));

    let path = format!("/api/v1/plans/{id}");
    let r = send(
        &app,
        &ann,
        Method::PATCH,
        &path,
        Some(&json!({"status": "gestart", "review_on": null, "courses": []})),
    )
    .await;
    let (status, changed) = checked(&app, "patch", "/api/v1/plans/{id}", r).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["status"], "gestart");
    assert!(changed["review_on"].is_null());
    assert_eq!(
        changed["snapshot"], plan["snapshot"],
        "a change keeps the snapshot"
    );
    let r = send(&app, &ann, Method::GET, &path, None).await;
    let (status, read) = checked(&app, "get", "/api/v1/plans/{id}", r).await;
    assert_eq!(status, 200);
    assert_eq!(read["status"], "gestart");

    let r = send(&app, &ann, Method::DELETE, &path, None).await;
    assert_eq!(r.status(), 204);
    let r = send(&app, &ann, Method::GET, &path, None).await;
    let (status, _) = checked(&app, "get", "/api/v1/plans/{id}", r).await;
    assert_eq!(status, 404);

    let r = send(&app, &ann, Method::GET, "/api/v1/audit?limit=500", None).await;
    let audit: Value = r.json().await.expect("json");
    let about_plan: Vec<&str> = audit["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .rev()
        .filter(|e| e["plan"] == id.as_str())
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        about_plan,
        ["create_plan", "change_plan", "view_plan", "delete_plan"]
    );
    let text = audit.to_string();
    for secret in ["proefdag", "september", "heftruckchauffeur"] {
        assert!(!text.contains(secret), "the audit log holds {secret}");
    }
}

#[tokio::test]
async fn a_plan_with_a_course_off_the_route_or_a_bad_field_is_refused_by_name() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let client = create(&app, &ann, "B.F.").await;
    let (target, courses) = best_route(&app).await;
    // A course of the catalogue that is not on this route.
    let mut other = None;
    for word in ["ict", "bouw", "elektrotechniek", "installatietechniek"] {
        let r = app
            .get(&format!("/api/v1/search?q={word}&kind=course&limit=50"))
            .await;
        let found: Value = r.json().await.expect("json");
        other = found["hits"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| h["id"].as_str())
            .find(|id| !courses.iter().any(|c| c == id))
            .map(str::to_owned);
        if other.is_some() {
            break;
        }
    }
    let other = other.expect("a course off the route");
    let body = json!({"target": target, "courses": [courses[0], other]});
    let (status, p) = save(&app, &ann, &client, &body).await;
    assert_eq!(status, 422, "{p}");
    assert_eq!(fields(&p), ["courses[1]"]);
    let detail = p["detail"].as_str().expect("detail");
    assert!(
        detail.contains(&other) && detail.contains("hoort niet bij de route"),
        "{detail}"
    );
    let r = send(
        &app,
        &ann,
        Method::POST,
        &format!("/api/v1/clients/{client}/plans?lang=en"),
        Some(&body),
    )
    .await;
    let p: Value = r.json().await.expect("json");
    assert!(
        p["detail"]
            .as_str()
            .is_some_and(|d| d.contains("is not on the route")),
        "{p}"
    );
    for (body, field) in [
        (json!({}), "target"),
        (json!({"target": "geen-functie"}), "target"),
        (json!({"target": target, "status": "klaar"}), "status"),
        (
            json!({"target": target, "review_on": "morgen"}),
            "review_on",
        ),
        (json!({"target": target, "courses": "x"}), "courses"),
        (
            json!({"target": target, "courses": [courses[0], courses[0]]}),
            "courses[1]",
        ),
        (
            json!({"target": target, "notes": [{"text": ""}]}),
            "notes[0].text",
        ),
        (
            json!({"target": target, "notes": [{"text": "a", "private": "ja"}]}),
            "notes[0].private",
        ),
        (json!({"target": target, "bsn": "123456782"}), "bsn"),
    ] {
        let (status, p) = save(&app, &ann, &client, &body).await;
        assert_eq!(status, 422, "{body}: {p}");
        assert_eq!(fields(&p), [field], "{body}: {p}");
    }
    let r = send(
        &app,
        &ann,
        Method::POST,
        &format!("/api/v1/clients/{client}/plans"),
        None,
    )
    .await;
    assert_eq!(r.status(), 415);
    // Nothing was saved.
    let r = send(
        &app,
        &ann,
        Method::GET,
        &format!("/api/v1/clients/{client}/plans"),
        None,
    )
    .await;
    let list: Value = r.json().await.expect("json");
    assert_eq!(list["plans"], json!([]));
    // A change is checked against the saved route too.
    let (_, plan) = save(&app, &ann, &client, &json!({"target": target})).await;
    let path = format!("/api/v1/plans/{}", plan["id"].as_str().expect("id"));
    for (body, field) in [
        (json!({"courses": [other]}), "courses[0]"),
        (json!({"status": "x"}), "status"),
        (json!({"target": "anders"}), "target"),
    ] {
        let r = send(&app, &ann, Method::PATCH, &path, Some(&body)).await;
        let (status, p) = checked(&app, "patch", "/api/v1/plans/{id}", r).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(fields(&p), [field]);
    }
}

#[tokio::test]
async fn a_share_link_shows_the_plan_without_private_notes_until_revoked() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let client = create(&app, &ann, "S.H.").await;
    let (target, _) = best_route(&app).await;
    let body = json!({
        "target": target,
        "notes": [
            {"text": "privé: twijfelt over reistijd"},
            {"text": "open: intake bij de school in maart", "private": false}
        ]
    });
    let (_, plan) = save(&app, &ann, &client, &body).await;
    let id = plan["id"].as_str().expect("id").to_owned();
    let share_path = format!("/api/v1/plans/{id}/share");
    for days in [json!(0), json!(91), json!("30"), json!(null)] {
        let r = send(
            &app,
            &ann,
            Method::POST,
            &share_path,
            Some(&json!({"expires_in_days": days})),
        )
        .await;
        let (status, p) = checked(&app, "post", "/api/v1/plans/{id}/share", r).await;
        assert_eq!(status, 422, "{days}");
        assert_eq!(fields(&p), ["expires_in_days"]);
    }
    let r = send(
        &app,
        &ann,
        Method::POST,
        &share_path,
        Some(&json!({"expires_in_days": 30})),
    )
    .await;
    let (status, link) = checked(&app, "post", "/api/v1/plans/{id}/share", r).await;
    assert_eq!(status, 201, "{link}");
    // `url` is the read-only page, `api_url` the JSON it reads: the same token in both.
    let url = link["api_url"].as_str().expect("api_url").to_owned();
    let token = url.rsplit('/').next().expect("token");
    assert_eq!(token.len(), 64, "256 bits as hex");
    assert_eq!(url, format!("/api/v1/shared/{token}"));
    assert_eq!(link["url"], format!("/werkplek/#/gedeeld/{token}").as_str());
    let page = app.get("/werkplek/").await;
    assert_eq!(page.status(), 200, "the page the link opens");
    assert!(
        page.headers()["content-type"]
            .to_str()
            .expect("text")
            .starts_with("text/html")
    );
    let today = time::OffsetDateTime::now_utc().date();
    let expected = (today + time::Duration::days(30)).to_string();
    assert_eq!(link["expires_on"], expected.as_str());

    // Anyone with the link, without a cookie: the plan, no private note, no name or consent.
    let r = app.get(&url).await;
    assert!(r.headers().get("set-cookie").is_none());
    let (status, shared) = checked(&app, "get", "/api/v1/shared/{token}", r).await;
    assert_eq!(status, 200, "{shared}");
    assert_eq!(shared["target"], target.as_str());
    assert_eq!(
        shared["notes"],
        json!(["open: intake bij de school in maart"])
    );
    let text = shared.to_string();
    for secret in ["twijfelt", "S.H.", "consent", "ann@a.nl", client.as_str()] {
        assert!(!text.contains(secret), "the shared plan shows {secret}");
    }
    // The organisation sees that the plan is shared, never the token.
    let r = send(
        &app,
        &ann,
        Method::GET,
        &format!("/api/v1/plans/{id}"),
        None,
    )
    .await;
    let view = r.text().await.expect("text");
    assert!(view.contains(&expected) && !view.contains(token), "{view}");

    // A new link replaces the old one.
    let r = send(
        &app,
        &ann,
        Method::POST,
        &share_path,
        Some(&json!({"expires_in_days": 1})),
    )
    .await;
    let second: Value = r.json().await.expect("json");
    let second_url = second["api_url"].as_str().expect("api_url").to_owned();
    assert_ne!(second_url, url);
    assert_eq!(app.get(&url).await.status(), 404);
    assert_eq!(app.get(&second_url).await.status(), 200);
    // Revoked: 404, with the same answer as a token that never existed.
    let r = send(&app, &ann, Method::DELETE, &share_path, None).await;
    assert_eq!(r.status(), 204);
    let r = app.get(&second_url).await;
    let (status, gone) = checked(&app, "get", "/api/v1/shared/{token}", r).await;
    assert_eq!(status, 404);
    let never = app.get(&format!("/api/v1/shared/{}", "0".repeat(64))).await;
    let (_, never) = checked(&app, "get", "/api/v1/shared/{token}", never).await;
    assert_eq!(gone["detail"], never["detail"]);
    for bad in ["x", "../../etc/passwd", &"A".repeat(64)] {
        assert_eq!(
            app.get(&format!("/api/v1/shared/{bad}")).await.status(),
            404
        );
    }
    // Erasing the client takes the plan and its link with it.
    let r = send(
        &app,
        &ann,
        Method::POST,
        &share_path,
        Some(&json!({"expires_in_days": 5})),
    )
    .await;
    let third: Value = r.json().await.expect("json");
    let third_url = third["api_url"].as_str().expect("api_url").to_owned();
    assert_eq!(app.get(&third_url).await.status(), 200);
    let r = send(
        &app,
        &ann,
        Method::DELETE,
        &format!("/api/v1/clients/{client}"),
        None,
    )
    .await;
    assert_eq!(r.status(), 204);
    assert_eq!(app.get(&third_url).await.status(), 404);
    let r = send(
        &app,
        &ann,
        Method::GET,
        &format!("/api/v1/plans/{id}"),
        None,
    )
    .await;
    assert_eq!(r.status(), 404);
    let r = send(&app, &ann, Method::GET, "/api/v1/audit?limit=500", None).await;
    let audit = r.text().await.expect("text");
    assert!(audit.contains("share_plan") && audit.contains("revoke_share"));
}

#[tokio::test]
async fn compare_puts_up_to_three_routes_side_by_side_for_a_profile_or_a_client() {
    let app = spawn_app_with_workspace().await;
    let three = targets(&app, 3).await;
    assert_eq!(three.len(), 3);
    let body = json!({"targets": three, "profile": profile()});
    let r = app.post_json("/api/v1/compare", &body.to_string()).await;
    assert!(r.headers().get("set-cookie").is_none());
    let (status, answer) = checked(&app, "post", "/api/v1/compare", r).await;
    assert_eq!(status, 200, "{answer}");
    let routes = answer["routes"].as_array().expect("routes");
    let order: Vec<&str> = routes.iter().filter_map(|r| r["target"].as_str()).collect();
    assert_eq!(order, three);
    for route in routes {
        for key in [
            "total_weeks",
            "total_cost_eur",
            "net_cost_eur",
            "job_hours_per_week",
            "study_hours_per_week",
            "farthest_provider_km",
            "nlqf_level",
            "slim_status",
            "slim_summary",
            "flags",
            "demand",
        ] {
            assert!(route.get(key).is_some(), "{key} missing: {route}");
        }
        assert!(
            route["slim_summary"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
    }
    // For a client: the stored profile gives the same routes; it needs a session.
    let ann = login(&app, "ann@a.nl").await;
    let client = create(&app, &ann, "C.P.").await;
    let by_client = json!({"targets": three, "client": client});
    let r = app
        .post_json("/api/v1/compare", &by_client.to_string())
        .await;
    assert_eq!(r.status(), 401);
    let r = send(
        &app,
        &ann,
        Method::POST,
        "/api/v1/compare",
        Some(&by_client),
    )
    .await;
    let (status, for_client) = checked(&app, "post", "/api/v1/compare", r).await;
    assert_eq!(status, 200, "{for_client}");
    assert_eq!(for_client["routes"], answer["routes"]);
    for (body, field) in [
        (json!({"targets": [], "profile": profile()}), "targets"),
        (
            json!({"targets": [three[0], three[1], three[2], three[0]], "profile": profile()}),
            "targets",
        ),
        (
            json!({"targets": [three[0], "geen-functie"], "profile": profile()}),
            "targets[1]",
        ),
        (
            json!({"targets": [three[0], three[0]], "profile": profile()}),
            "targets[1]",
        ),
        (json!({"targets": [three[0]]}), "profile"),
        (
            json!({"targets": [three[0]], "profile": profile(), "client": client}),
            "profile",
        ),
        (
            json!({"targets": [three[0]], "profile": {"postcode": "12"}}),
            "profile.postcode",
        ),
    ] {
        let r = app
            .post_json("/api/v1/compare?lang=en", &body.to_string())
            .await;
        let (status, p) = checked(&app, "post", "/api/v1/compare", r).await;
        assert_eq!(status, 422, "{body}: {p}");
        assert_eq!(fields(&p), [field], "{body}: {p}");
    }
    // Without a profile or a client the answer asks for one; with both it says "not both".
    for (body, says) in [
        (json!({"targets": [three[0]]}), "give a profile or a client"),
        (
            json!({"targets": [three[0]], "profile": profile(), "client": client}),
            "give a profile or a client, not both",
        ),
    ] {
        let r = app
            .post_json("/api/v1/compare?lang=en", &body.to_string())
            .await;
        let (_, p) = checked(&app, "post", "/api/v1/compare", r).await;
        assert_eq!(p["errors"][0]["message"], says, "{body}: {p}");
    }
}

#[tokio::test]
async fn every_plan_change_needs_the_csrf_header() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let client = create(&app, &ann, "C.S.").await;
    let (target, _) = best_route(&app).await;
    let (_, plan) = save(&app, &ann, &client, &json!({"target": target})).await;
    let id = plan["id"].as_str().expect("id");
    let forged = Login {
        cookie: ann.cookie.clone(),
        csrf: "wrong".into(),
    };
    let share = json!({"expires_in_days": 3});
    for (method, path, body) in [
        (
            Method::POST,
            format!("/api/v1/clients/{client}/plans"),
            Some(json!({"target": target})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/plans/{id}"),
            Some(json!({"status": "gestopt"})),
        ),
        (Method::DELETE, format!("/api/v1/plans/{id}"), None),
        (
            Method::POST,
            format!("/api/v1/plans/{id}/share"),
            Some(share.clone()),
        ),
        (Method::DELETE, format!("/api/v1/plans/{id}/share"), None),
        (
            Method::POST,
            "/api/v1/compare".to_owned(),
            Some(json!({"targets": [target], "client": client})),
        ),
    ] {
        let r = send(&app, &forged, method.clone(), &path, body.as_ref()).await;
        assert_eq!(r.status(), 403, "{method} {path}");
    }
    let r = send(
        &app,
        &ann,
        Method::GET,
        &format!("/api/v1/plans/{id}"),
        None,
    )
    .await;
    let read: Value = r.json().await.expect("json");
    assert_eq!(read["status"], "idee");
    assert!(read["share"].is_null());
}

/// Organisation B's counsellor tries every plan route on organisation A's client, plan and
/// share: each answers as if they did not exist, and A's plan and link are unchanged.
#[tokio::test]
async fn two_organisations_cannot_reach_each_others_plans_or_links() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let bob = login(&app, "bob@b.nl").await;
    let client = create(&app, &ann, "A.A.").await;
    let bobs = create(&app, &bob, "B.B.").await;
    let (target, _) = best_route(&app).await;
    let (_, plan) = save(&app, &ann, &client, &json!({"target": target})).await;
    let id = plan["id"].as_str().expect("id").to_owned();
    let r = send(
        &app,
        &ann,
        Method::POST,
        &format!("/api/v1/plans/{id}/share"),
        Some(&json!({"expires_in_days": 7})),
    )
    .await;
    let link: Value = r.json().await.expect("json");
    let url = link["api_url"].as_str().expect("api_url").to_owned();
    let (_, own) = save(&app, &bob, &bobs, &json!({"target": target})).await;
    let own_id = own["id"].as_str().expect("id").to_owned();
    let attempts = [
        (
            Method::POST,
            format!("/api/v1/clients/{client}/plans"),
            Some(json!({"target": target})),
        ),
        (Method::GET, format!("/api/v1/clients/{client}/plans"), None),
        (Method::GET, format!("/api/v1/plans/{id}"), None),
        (
            Method::PATCH,
            format!("/api/v1/plans/{id}"),
            Some(json!({"status": "gestopt"})),
        ),
        (
            Method::POST,
            format!("/api/v1/plans/{id}/share"),
            Some(json!({"expires_in_days": 90})),
        ),
        (Method::DELETE, format!("/api/v1/plans/{id}/share"), None),
        (Method::GET, format!("/api/v1/plans/{id}/changes"), None),
        (
            Method::POST,
            format!("/api/v1/plans/{id}/changes/seen"),
            None,
        ),
        (Method::DELETE, format!("/api/v1/plans/{id}"), None),
        (
            Method::POST,
            "/api/v1/compare".to_owned(),
            Some(json!({"targets": [target], "client": client})),
        ),
    ];
    for (method, path, body) in attempts {
        let r = send(&app, &bob, method.clone(), &path, body.as_ref()).await;
        assert_eq!(r.status(), 404, "{method} {path}");
    }
    // A's plan unchanged, its link still works; B's own plan is B's only.
    let r = send(
        &app,
        &ann,
        Method::GET,
        &format!("/api/v1/plans/{id}"),
        None,
    )
    .await;
    let read: Value = r.json().await.expect("json");
    assert_eq!(read["status"], "idee");
    assert_eq!(read["share"]["expires_on"], link["expires_on"]);
    assert_eq!(app.get(&url).await.status(), 200);
    let r = send(
        &app,
        &ann,
        Method::GET,
        &format!("/api/v1/plans/{own_id}"),
        None,
    )
    .await;
    assert_eq!(r.status(), 404);
    let r = send(
        &app,
        &bob,
        Method::GET,
        &format!("/api/v1/clients/{bobs}/plans"),
        None,
    )
    .await;
    let list = r.text().await.expect("text");
    assert!(list.contains(&own_id) && !list.contains(&id), "{list}");
    let r = send(&app, &ann, Method::GET, "/api/v1/audit?limit=500", None).await;
    let log = r.text().await.expect("text");
    assert!(!log.contains(&own_id) && !log.contains("bob@b.nl"), "{log}");
}

/// Every string of `en` (a saved route's answer), to look for Dutch in.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The strings of `nl` that are not the same at the same place in `en`: padvinder's own texts.
fn differing(nl: &Value, en: &Value, out: &mut Vec<String>) {
    match (nl, en) {
        (Value::String(a), Value::String(b)) if a != b => out.push(a.clone()),
        (Value::Array(a), Value::Array(b)) => {
            a.iter().zip(b).for_each(|(a, b)| differing(a, b, out));
        }
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                if let Some(w) = b.get(k) {
                    differing(v, w, out);
                }
            }
        }
        _ => {}
    }
}

/// GET `path` as `who`, with an `Accept-Language` header when given.
async fn get_as(
    app: &TestApp,
    who: Option<&Login>,
    path: &str,
    accept: Option<&str>,
) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(who) = who {
        request = request.header("cookie", &who.cookie);
    }
    if let Some(accept) = accept {
        request = request.header("accept-language", accept);
    }
    request.send().await.expect("request")
}

#[tokio::test]
async fn a_plan_saved_in_dutch_reads_in_english_as_a_route_computed_in_english() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let client = create(&app, &ann, "E.N.").await;
    let (target, _) = best_route(&app).await;
    // Saved from a Dutch page; and the same route saved from an English one, computed in English.
    let (status, saved) = save(&app, &ann, &client, &json!({"target": target})).await;
    assert_eq!(status, 201, "{saved}");
    assert_eq!(saved["snapshot"]["lang"], "nl");
    let r = send(
        &app,
        &ann,
        Method::POST,
        &format!("/api/v1/clients/{client}/plans?lang=en"),
        Some(&json!({"target": target})),
    )
    .await;
    let (status, computed_en) = checked(&app, "post", "/api/v1/clients/{id}/plans", r).await;
    assert_eq!(status, 201, "{computed_en}");
    assert_eq!(computed_en["snapshot"]["lang"], "en");
    let id = saved["id"].as_str().expect("id").to_owned();

    // Read in English: the route computed in English, every text of it.
    let path = format!("/api/v1/plans/{id}?lang=en");
    let (status, read) = checked(
        &app,
        "get",
        "/api/v1/plans/{id}",
        get_as(&app, Some(&ann), &path, None).await,
    )
    .await;
    assert_eq!(status, 200, "{read}");
    let (en, nl) = (&read["snapshot"], &saved["snapshot"]);
    assert_eq!(en["lang"], "en");
    assert_eq!(en["route"], computed_en["snapshot"]["route"]);
    assert_eq!(en["slim_texts"], computed_en["snapshot"]["slim_texts"]);
    for key in ["computed_on", "catalogue_hash", "rules_version"] {
        assert_eq!(en[key], nl[key], "{key}");
    }
    // No Dutch sentence of padvinder's own is left in the English answer.
    let mut dutch = Vec::new();
    differing(&nl["route"], &en["route"], &mut dutch);
    differing(&nl["slim_texts"], &en["slim_texts"], &mut dutch);
    assert!(
        dutch
            .iter()
            .any(|t| t == nl["route"]["why"].as_str().unwrap_or_default()),
        "the route's why is among the Dutch texts: {dutch:?}"
    );
    let mut english = Vec::new();
    strings(&read, &mut english);
    for text in &dutch {
        assert!(
            !english.iter().any(|s| s.contains(text.as_str())),
            "Dutch in the English answer: {text}"
        );
    }
    // The same words as a route computed for the job seeker in English.
    let r = app
        .post_json("/api/v1/match?lang=en&limit=1", &profile().to_string())
        .await;
    let fresh: Value = r.json().await.expect("json");
    assert_eq!(fresh["routes"][0]["target"]["id"], target.as_str());
    assert_eq!(fresh["routes"][0]["why"], en["route"]["why"]);
    assert_eq!(fresh["routes"][0]["flags"], en["route"]["flags"]);

    // Read in Dutch, or without `lang` by Accept-Language; a wrong `lang` is named.
    let path = format!("/api/v1/plans/{id}");
    for (query, accept, lang) in [
        ("?lang=nl", Some("en"), "nl"),
        ("", Some("en-GB,en;q=0.9,nl;q=0.5"), "en"),
        ("", None, "nl"),
    ] {
        let r = get_as(&app, Some(&ann), &format!("{path}{query}"), accept).await;
        let (status, plan) = checked(&app, "get", "/api/v1/plans/{id}", r).await;
        assert_eq!(status, 200, "{plan}");
        assert_eq!(plan["snapshot"]["lang"], lang, "{query} {accept:?}");
        let want = if lang == "nl" { nl } else { en };
        assert_eq!(
            plan["snapshot"]["route"], want["route"],
            "{query} {accept:?}"
        );
    }
    let r = get_as(&app, Some(&ann), &format!("{path}?lang=fr"), None).await;
    let (status, problem) = checked(&app, "get", "/api/v1/plans/{id}", r).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(fields(&problem), ["lang"]);
    // A change answers in the language asked for too.
    let r = send(
        &app,
        &ann,
        Method::PATCH,
        &format!("{path}?lang=en"),
        Some(&json!({"status": "besproken"})),
    )
    .await;
    let (status, changed) = checked(&app, "patch", "/api/v1/plans/{id}", r).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["snapshot"]["route"], en["route"]);

    // The shared link in English, by `lang` or by Accept-Language.
    let r = send(
        &app,
        &ann,
        Method::POST,
        &format!("/api/v1/plans/{id}/share"),
        Some(&json!({"expires_in_days": 7})),
    )
    .await;
    let (status, link) = checked(&app, "post", "/api/v1/plans/{id}/share", r).await;
    assert_eq!(status, 201, "{link}");
    let shared_path = link["api_url"].as_str().expect("api_url").to_owned();
    for (query, accept, lang) in [
        ("?lang=en", None, "en"),
        ("", Some("en"), "en"),
        ("", None, "nl"),
    ] {
        let r = get_as(&app, None, &format!("{shared_path}{query}"), accept).await;
        let (status, shared) = checked(&app, "get", "/api/v1/shared/{token}", r).await;
        assert_eq!(status, 200, "{shared}");
        assert_eq!(shared["snapshot"]["lang"], lang, "{query} {accept:?}");
        let want = if lang == "nl" { nl } else { en };
        assert_eq!(shared["snapshot"]["route"], want["route"]);
        assert_eq!(shared["snapshot"]["slim_texts"], want["slim_texts"]);
    }

    // The export in English: both plans' routes in English.
    let r = get_as(
        &app,
        Some(&ann),
        &format!("/api/v1/clients/{client}/export?lang=en"),
        None,
    )
    .await;
    let (status, export) = checked(&app, "get", "/api/v1/clients/{id}/export", r).await;
    assert_eq!(status, 200, "{export}");
    let plans = export["plans"].as_array().expect("plans");
    assert_eq!(plans.len(), 2);
    for plan in plans {
        assert_eq!(plan["snapshot"]["lang"], "en");
        assert_eq!(plan["snapshot"]["route"]["why"], en["route"]["why"]);
    }
}
