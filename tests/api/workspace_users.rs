//! The organisation page's users API: an admin lists, adds (with a first password, Argon2id)
//! and removes the users of their own organisation; a counsellor gets 403, another
//! organisation's user is 404, removing a user ends their sessions, the last admin stays, and
//! the audit log names who did it without ever holding a password. Every answer is checked
//! against the OpenAPI document.

use reqwest::Method;
use serde_json::{Value, json};

use super::helpers::{TestApp, spawn_app_with_workspace};
use super::workspace::{Login, checked, login, login_with, send};

const NEW_PASSWORD: &str = "een lang eerste wachtwoord";

async fn users(app: &TestApp, who: &Login) -> (u16, Value) {
    let r = send(app, who, Method::GET, "/api/v1/users", None).await;
    checked(app, "get", "/api/v1/users", r).await
}

async fn add(app: &TestApp, who: &Login, body: &Value, lang: &str) -> (u16, Value) {
    let r = send(
        app,
        who,
        Method::POST,
        &format!("/api/v1/users?lang={lang}"),
        Some(body),
    )
    .await;
    checked(app, "post", "/api/v1/users", r).await
}

async fn remove(app: &TestApp, who: &Login, email: &str) -> (u16, Value) {
    let r = send(
        app,
        who,
        Method::DELETE,
        &format!("/api/v1/users/{email}"),
        None,
    )
    .await;
    // 204 has no body to check.
    if r.status() == 204 {
        return (204, Value::Null);
    }
    checked(app, "delete", "/api/v1/users/{email}", r).await
}

/// The listed users' e-mail addresses, sorted (the list itself is by name).
fn emails(list: &Value) -> Vec<&str> {
    let mut emails: Vec<&str> = list["users"]
        .as_array()
        .expect("users")
        .iter()
        .map(|u| u["email"].as_str().expect("email"))
        .collect();
    emails.sort_unstable();
    emails
}

fn fields(problem: &Value) -> Vec<&str> {
    let mut names: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field"))
        .collect();
    names.sort_unstable();
    names
}

#[tokio::test]
async fn a_counsellor_may_not_list_add_or_remove_users() {
    let app = spawn_app_with_workspace().await;
    let bob = login(&app, "bob@b.nl").await;
    assert_eq!(users(&app, &bob).await.0, 403);
    let body = json!({"name": "C. Nieuw", "email": "c@b.nl", "password": NEW_PASSWORD});
    let (status, problem) = add(&app, &bob, &body, "nl").await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(
        problem["detail"],
        "Alleen een beheerder van je organisatie mag dit."
    );
    assert!(login_with(&app, "c@b.nl", NEW_PASSWORD).await.is_none());
    assert_eq!(remove(&app, &bob, "bob@b.nl").await.0, 403);
}

#[tokio::test]
async fn an_admin_adds_a_counsellor_who_logs_in_and_removing_them_ends_their_session() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let (status, list) = users(&app, &ann).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(emails(&list), ["ann@a.nl"], "only the own organisation");
    assert_eq!(list["users"][0]["you"], true);
    assert_eq!(list["users"][0]["role"], "admin");
    assert!(
        !list.to_string().contains("argon2"),
        "no password hash: {list}"
    );

    // Without the CSRF header: 403, nothing added.
    let body = json!({"name": "C. de Vries", "email": "Carl@A.nl", "password": NEW_PASSWORD});
    let r = app
        .client
        .post(format!("{}/api/v1/users", app.address))
        .header("cookie", &ann.cookie)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(checked(&app, "post", "/api/v1/users", r).await.0, 403);

    let (status, carl) = add(&app, &ann, &body, "nl").await;
    assert_eq!(status, 201, "{carl}");
    assert_eq!(carl["email"], "carl@a.nl");
    assert_eq!(carl["role"], "counsellor", "the default role");
    assert_eq!(carl["you"], false);
    let (_, list) = users(&app, &ann).await;
    assert_eq!(emails(&list), ["ann@a.nl", "carl@a.nl"]);

    // The same address again, or one of another organisation: 409, in any organisation.
    for email in ["carl@a.nl", "bob@b.nl"] {
        let again = json!({"name": "X", "email": email, "password": NEW_PASSWORD});
        let (status, problem) = add(&app, &ann, &again, "en").await;
        assert_eq!(status, 409, "{problem}");
        assert_eq!(
            problem["detail"],
            format!("A user with e-mail address {email} already exists.")
        );
        assert_eq!(problem["errors"][0]["field"], "email", "{problem}");
    }

    // Carl logs in with the password the admin typed, and works.
    let carl = login_with(&app, "carl@a.nl", NEW_PASSWORD)
        .await
        .expect("carl logs in");
    let r = send(&app, &carl, Method::GET, "/api/v1/clients", None).await;
    assert_eq!(r.status(), 200);

    // Removed: his session ends at once, and he cannot log in again.
    let (status, _) = remove(&app, &ann, "carl@a.nl").await;
    assert_eq!(status, 204);
    let r = send(&app, &carl, Method::GET, "/api/v1/clients", None).await;
    assert_eq!(r.status(), 401);
    assert!(login_with(&app, "carl@a.nl", NEW_PASSWORD).await.is_none());
    assert_eq!(remove(&app, &ann, "carl@a.nl").await.0, 404, "gone");

    // The audit log says who added and removed whom; no password, no hash.
    let r = send(&app, &ann, Method::GET, "/api/v1/audit", None).await;
    let (_, audit) = checked(&app, "get", "/api/v1/audit", r).await;
    let text = audit.to_string();
    for action in ["add_user", "remove_user"] {
        assert!(
            audit["entries"]
                .as_array()
                .expect("entries")
                .iter()
                .any(|e| e["action"] == action
                    && e["user"] == "carl@a.nl"
                    && e["actor"] == "ann@a.nl"),
            "{action}: {audit}"
        );
    }
    assert!(
        !text.contains(NEW_PASSWORD) && !text.contains("argon2"),
        "{audit}"
    );
}

#[tokio::test]
async fn another_organisations_user_does_not_exist_for_an_admin() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let bob = login(&app, "bob@b.nl").await;
    for email in ["bob@b.nl", "BOB@b.nl", "nobody@a.nl", "not-an-address"] {
        let (status, problem) = remove(&app, &ann, email).await;
        assert_eq!(status, 404, "{email}: {problem}");
    }
    // Bob is untouched: his session still works.
    let r = send(&app, &bob, Method::GET, "/api/v1/clients", None).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn every_bad_field_of_a_new_user_is_named_in_the_persons_language() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let body =
        json!({"name": " ", "email": "geen-adres", "role": "baas", "password": "kort", "bsn": "1"});
    let (status, nl) = add(&app, &ann, &body, "nl").await;
    assert_eq!(status, 422, "{nl}");
    assert_eq!(fields(&nl), ["bsn", "email", "name", "password", "role"]);
    let text = nl.to_string();
    assert!(
        text.contains("een wachtwoord heeft 12 tot 256 tekens"),
        "{nl}"
    );
    assert!(text.contains("kies counsellor of admin"), "{nl}");
    assert!(!text.contains("kort"), "the password is never echoed: {nl}");
    let (_, en) = add(&app, &ann, &body, "en").await;
    assert!(
        en.to_string()
            .contains("give an e-mail address like name@organisation.nl"),
        "{en}"
    );
    let (_, list) = users(&app, &ann).await;
    assert_eq!(emails(&list), ["ann@a.nl"], "nothing added");
}

#[tokio::test]
async fn the_last_admin_stays_until_there_is_another() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let r = send(
        &app,
        &ann,
        Method::DELETE,
        "/api/v1/users/ann@a.nl?lang=nl",
        None,
    )
    .await;
    let (status, problem) = checked(&app, "delete", "/api/v1/users/{email}", r).await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .starts_with("Dit is de laatste beheerder van je organisatie."),
        "{problem}"
    );
    let body = json!({"name": "D. Beheer", "email": "dana@a.nl", "role": "admin", "password": NEW_PASSWORD});
    let (status, dana) = add(&app, &ann, &body, "nl").await;
    assert_eq!(status, 201, "{dana}");
    assert_eq!(dana["role"], "admin");
    // With a second admin, Ann may leave; her own session ends with it.
    assert_eq!(remove(&app, &ann, "ann@a.nl").await.0, 204);
    assert_eq!(users(&app, &ann).await.0, 401);
    let dana = login_with(&app, "dana@a.nl", NEW_PASSWORD)
        .await
        .expect("dana logs in");
    let (_, list) = users(&app, &dana).await;
    assert_eq!(emails(&list), ["dana@a.nl"]);
    assert_eq!(remove(&app, &dana, "dana@a.nl").await.0, 409);
}
