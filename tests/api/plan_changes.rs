//! Change alerts on saved plans (issue 11 §5): a plan saved against one catalogue, the
//! catalogue changed in a temporary copy (a course's duration and cost changed, a course
//! removed) and reloaded: the plan lists the changes in plain Dutch and English, the plan, the
//! client's plan list and the caseload count them until a counsellor marks them seen, a second
//! reload of the same catalogue adds nothing, and another organisation gets 404.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use super::helpers::{TestApp, spawn_app_with_own_data_and_workspace};
use super::workspace::{Login, checked, create, login, send};

const TOKEN: &str = "reload-secret";

async fn reload(app: &TestApp) {
    let r = app
        .client
        .post(format!("{}/api/v1/admin/reload", app.address))
        .header("authorization", format!("Bearer {TOKEN}"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
}

/// Waits until `runs` comparisons of the saved plans have finished (they run off the request
/// path).
async fn compared(app: &TestApp, runs: u64) {
    let checks = std::sync::Arc::clone(&app.state.plan_checks);
    let done = tokio::task::spawn_blocking(move || checks.wait_for(runs, Duration::from_secs(120)))
        .await
        .expect("join");
    assert!(done >= runs, "{done} of {runs} comparisons finished");
}

async fn changes(app: &TestApp, who: &Login, plan: &str, lang: &str) -> (u16, Value) {
    let r = send(
        app,
        who,
        Method::GET,
        &format!("/api/v1/plans/{plan}/changes?lang={lang}"),
        None,
    )
    .await;
    checked(app, "get", "/api/v1/plans/{id}/changes", r).await
}

async fn get(app: &TestApp, who: &Login, path: &str, route: &str) -> Value {
    let r = send(app, who, Method::GET, path, None).await;
    let (status, body) = checked(app, "get", route, r).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The unseen changes of the plan, of the plan in its client's list, and the caseload's count
/// of the client's plans with unseen changes.
async fn badges(app: &TestApp, who: &Login, plan: &str, client: &str) -> (u64, u64, u64) {
    let view = get(
        app,
        who,
        &format!("/api/v1/plans/{plan}"),
        "/api/v1/plans/{id}",
    )
    .await;
    let list = get(
        app,
        who,
        &format!("/api/v1/clients/{client}/plans"),
        "/api/v1/clients/{id}/plans",
    )
    .await;
    let caseload = get(app, who, "/api/v1/clients", "/api/v1/clients").await;
    let n = |v: &Value| v.as_u64().expect("a count");
    (
        n(&view["unseen_changes"]),
        n(&list["plans"][0]["unseen_changes"]),
        n(&caseload["clients"][0]["changed_plans"]),
    )
}

fn texts(list: &Value) -> Vec<String> {
    list["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["text"].as_str().expect("text").to_owned())
        .collect()
}

/// Replaces `from` by `to` in the record of course `id` (the first time after its id line).
fn edit_course(file: &std::path::Path, id: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    let at = text
        .find(&format!("id = \"{id}\"\n"))
        .unwrap_or_else(|| panic!("{id} in {}", file.display()));
    let offset = text[at..].find(from).expect("field in the record") + at;
    let edited = format!("{}{to}{}", &text[..offset], &text[offset + from.len()..]);
    std::fs::write(file, edited).expect("write");
}

/// Removes course `cert-vca-vol`: its record, and its place in every path (VCA basis stays).
fn remove_vol_vca(data: &std::path::Path) {
    let file = data.join("courses/certificaten.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    let start = text
        .find("[[course]]\nid = \"cert-vca-vol\"")
        .expect("record");
    let end = text[start + 1..].find("[[course]]").expect("next record") + start + 1;
    std::fs::write(&file, format!("{}{}", &text[..start], &text[end..])).expect("write");
    for entry in std::fs::read_dir(data.join("paths")).expect("paths") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let edited = text
            .replace("\"cert-vca-basis\", \"cert-vca-vol\"", "\"cert-vca-basis\"")
            .replace("\"cert-vca-vol\"", "\"cert-vca-basis\"");
        std::fs::write(&path, edited).expect("write");
    }
}

#[tokio::test]
async fn a_changed_catalogue_is_named_on_the_plan_once_until_seen() {
    let app = spawn_app_with_own_data_and_workspace(TOKEN).await;
    let ann = login(&app, "ann@a.nl").await;
    let bob = login(&app, "bob@b.nl").await;
    let client = create(&app, &ann, "T.M.").await;
    let body = json!({"target": "timmerman", "courses": ["mbo-25829", "cert-vca-vol"]});
    let r = send(
        &app,
        &ann,
        Method::POST,
        &format!("/api/v1/clients/{client}/plans"),
        Some(&body),
    )
    .await;
    let (status, plan) = checked(&app, "post", "/api/v1/clients/{id}/plans", r).await;
    assert_eq!(status, 201, "{plan}");
    let id = plan["id"].as_str().expect("id").to_owned();
    assert_eq!(plan["unseen_changes"], 0);
    let step = plan["snapshot"]["route"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["course"]["id"] == "mbo-25829")
        .expect("the Timmerman step")
        .clone();
    assert_eq!(step["weeks"], 104, "{step}");

    // At start, against the catalogue it was saved with: nothing changed.
    app.state.check_plans();
    compared(&app, 1).await;
    let (status, list) = changes(&app, &ann, &id, "nl").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["changes"], json!([]), "{list}");
    assert_eq!(list["unseen"], 0);
    assert!(list["checked_on"].is_string(), "{list}");

    // The catalogue changes: Timmerman takes 78 weeks and has a published price; VOL-VCA goes.
    let courses = app.data.join("courses/bouw.toml");
    edit_course(
        &courses,
        "mbo-25829",
        "duration_weeks = 104",
        "duration_weeks = 78",
    );
    edit_course(
        &courses,
        "mbo-25829",
        "cost_eur = \"unknown\"",
        "cost_eur = 1234",
    );
    remove_vol_vca(&app.data);
    reload(&app).await;
    compared(&app, 2).await;

    let (status, nl) = changes(&app, &ann, &id, "nl").await;
    assert_eq!(status, 200, "{nl}");
    let words = texts(&nl);
    let has = |needle: &str| words.iter().any(|t| t.contains(needle));
    assert!(
        has("De duur van \"Timmerman\" is veranderd: was 104 weken, nu 78 weken."),
        "{words:#?}"
    );
    assert!(
        has("De kosten van \"Timmerman\" zijn veranderd: waren ") && has(", nu € 1.234."),
        "{words:#?}"
    );
    assert!(
        has(
            "De opleiding \"VOL-VCA (Veiligheid voor Operationeel Leidinggevenden)\" staat niet meer in de catalogus."
        ),
        "{words:#?}"
    );
    let kinds: Vec<&str> = nl["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["what"]["kind"].as_str())
        .collect();
    for kind in ["duration_changed", "cost_changed", "course_removed"] {
        assert!(kinds.contains(&kind), "{kind}: {kinds:?}");
    }
    let unseen = nl["unseen"].as_u64().expect("unseen");
    assert_eq!(unseen as usize, words.len(), "every change is new");
    let (_, en) = changes(&app, &ann, &id, "en").await;
    let english = texts(&en);
    assert!(
        english
            .iter()
            .any(|t| t == "The duration of \"Timmerman\" has changed: was 104 weeks, now 78 weeks."),
        "{english:#?}"
    );
    assert!(
        english
            .iter()
            .any(|t| t.contains("is no longer in the catalogue")),
        "{english:#?}"
    );

    // The plan, the client's plans and the caseload count them (the badge).
    assert_eq!(
        badges(&app, &ann, &id, &client).await,
        (unseen, unseen, 1),
        "plan, plan list, caseload"
    );

    // The export under the AVG holds them too.
    let export = get(
        &app,
        &ann,
        &format!("/api/v1/clients/{client}/export"),
        "/api/v1/clients/{id}/export",
    )
    .await;
    assert_eq!(export["plan_changes"][0]["plan"], id.as_str(), "{export}");
    assert_eq!(
        export["plan_changes"][0]["changes"]["changes"],
        nl["changes"]
    );
    // In the language asked for: Dutch by default and with `lang=nl`, English with `lang=en`
    // (the readable record page asks in its own language), an unknown language named.
    for (query, want) in [("lang=nl", &nl), ("lang=en", &en)] {
        let export = get(
            &app,
            &ann,
            &format!("/api/v1/clients/{client}/export?{query}"),
            "/api/v1/clients/{id}/export",
        )
        .await;
        assert_eq!(
            export["plan_changes"][0]["changes"]["changes"], want["changes"],
            "{query}"
        );
    }
    let r = send(
        &app,
        &ann,
        Method::GET,
        &format!("/api/v1/clients/{client}/export?lang=fr"),
        None,
    )
    .await;
    let (status, body) = checked(&app, "get", "/api/v1/clients/{id}/export", r).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "lang", "{body}");

    // The same catalogue again: nothing new.
    reload(&app).await;
    compared(&app, 3).await;
    let (_, again) = changes(&app, &ann, &id, "nl").await;
    assert_eq!(again["changes"], nl["changes"]);

    // Another organisation does not see the plan or its changes, and cannot mark them.
    let (status, _) = changes(&app, &bob, &id, "nl").await;
    assert_eq!(status, 404);
    let seen_route = "/api/v1/plans/{id}/changes/seen";
    let r = send(
        &app,
        &bob,
        Method::POST,
        &format!("/api/v1/plans/{id}/changes/seen"),
        None,
    )
    .await;
    assert_eq!(checked(&app, "post", seen_route, r).await.0, 404);
    // Marking seen is a change: without the CSRF header, 403.
    let r = app
        .client
        .post(format!("{}/api/v1/plans/{id}/changes/seen", app.address))
        .header("cookie", &ann.cookie)
        .send()
        .await
        .expect("request");
    assert_eq!(checked(&app, "post", seen_route, r).await.0, 403);

    // Marked seen: the badge is gone, the changes stay listed, and the audit log says who.
    let r = send(
        &app,
        &ann,
        Method::POST,
        &format!("/api/v1/plans/{id}/changes/seen?lang=en"),
        None,
    )
    .await;
    let (status, seen) = checked(&app, "post", seen_route, r).await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(seen["unseen"], 0);
    assert_eq!(seen["lang"], "en");
    assert_eq!(texts(&seen), english);
    assert!(
        seen["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .all(|c| c["seen"] == true)
    );
    assert_eq!(badges(&app, &ann, &id, &client).await, (0, 0, 0));
    let audit = get(&app, &ann, "/api/v1/audit", "/api/v1/audit").await;
    assert!(
        audit["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .any(|e| e["action"] == "see_changes" && e["plan"] == id.as_str()),
        "{audit}"
    );
}
