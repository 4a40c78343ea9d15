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

async fn change_role(
    app: &TestApp,
    who: &Login,
    email: &str,
    body: &Value,
    lang: &str,
) -> (u16, Value) {
    let r = send(
        app,
        who,
        Method::PATCH,
        &format!("/api/v1/users/{email}?lang={lang}"),
        Some(body),
    )
    .await;
    checked(app, "patch", "/api/v1/users/{email}", r).await
}

/// The audit lines of one action, as (actor, user, count).
async fn audited(app: &TestApp, who: &Login, action: &str) -> Vec<(Value, Value, Value)> {
    let r = send(app, who, Method::GET, "/api/v1/audit?limit=500", None).await;
    let (status, audit) = checked(app, "get", "/api/v1/audit", r).await;
    assert_eq!(status, 200, "{audit}");
    audit["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["action"] == action)
        .map(|e| (e["actor"].clone(), e["user"].clone(), e["count"].clone()))
        .collect()
}

/// An admin makes a counsellor admin and back: the user's session has the new role at its next
/// request, each change is audited (who changed whom), the same role again changes nothing;
/// the last admin stays admin (409) until someone else is, then may become a counsellor.
#[tokio::test]
async fn an_admin_changes_a_users_role_and_the_last_admin_stays_admin() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let body = json!({"name": "C. de Vries", "email": "carl@a.nl", "password": NEW_PASSWORD});
    assert_eq!(add(&app, &ann, &body, "nl").await.0, 201);
    let carl = login_with(&app, "carl@a.nl", NEW_PASSWORD)
        .await
        .expect("carl logs in");
    assert_eq!(users(&app, &carl).await.0, 403, "a counsellor");

    // Without the CSRF header: 403, nothing changed.
    let r = app
        .client
        .patch(format!("{}/api/v1/users/carl@a.nl", app.address))
        .header("cookie", &ann.cookie)
        .json(&json!({"role": "admin"}))
        .send()
        .await
        .expect("request");
    assert_eq!(
        checked(&app, "patch", "/api/v1/users/{email}", r).await.0,
        403
    );
    assert_eq!(users(&app, &carl).await.0, 403);

    let (status, view) =
        change_role(&app, &ann, "Carl@A.nl", &json!({"role": "admin"}), "nl").await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["email"], "carl@a.nl");
    assert_eq!(view["role"], "admin");
    assert_eq!(view["you"], false);
    // Carl's own session is an admin's at its next request.
    let (status, list) = users(&app, &carl).await;
    assert_eq!(status, 200, "{list}");
    // The same role again: 200, nothing written.
    let (status, _) = change_role(&app, &ann, "carl@a.nl", &json!({"role": "admin"}), "nl").await;
    assert_eq!(status, 200);
    assert_eq!(
        audited(&app, &ann, "change_role").await,
        [(json!("ann@a.nl"), json!("carl@a.nl"), json!(1))]
    );

    // Two admins: Ann may become a counsellor; then Carl is the last and stays.
    let (status, me) =
        change_role(&app, &ann, "ann@a.nl", &json!({"role": "counsellor"}), "nl").await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(
        (me["role"].as_str(), me["you"].as_bool()),
        (Some("counsellor"), Some(true))
    );
    assert_eq!(
        users(&app, &ann).await.0,
        403,
        "Ann's session is a counsellor's now"
    );
    for lang in ["nl", "en"] {
        let (status, problem) = change_role(
            &app,
            &carl,
            "carl@a.nl",
            &json!({"role": "counsellor"}),
            lang,
        )
        .await;
        assert_eq!(status, 409, "{problem}");
        let expected = if lang == "nl" {
            "Dit is de laatste beheerder van je organisatie en blijft dus beheerder. Maak eerst iemand anders beheerder; daarna kan deze adviseur worden."
        } else {
            "This is your organisation's last admin, so they stay admin. Make someone else admin first; then this one can become a counsellor."
        };
        assert_eq!(problem["detail"], expected);
    }
    let (_, list) = users(&app, &carl).await;
    let roles: Vec<(&str, &str)> = list["users"]
        .as_array()
        .expect("users")
        .iter()
        .map(|u| {
            (
                u["email"].as_str().expect("email"),
                u["role"].as_str().expect("role"),
            )
        })
        .collect();
    assert!(roles.contains(&("carl@a.nl", "admin")), "{list}");
    assert!(roles.contains(&("ann@a.nl", "counsellor")), "{list}");
    // Carl gives the role back to Ann: two more lines, by Ann and by Carl.
    let (status, _) = change_role(&app, &carl, "ann@a.nl", &json!({"role": "admin"}), "nl").await;
    assert_eq!(status, 200);
    let mut lines = audited(&app, &carl, "change_role").await;
    lines.sort_by_key(|l| l.0.to_string());
    assert_eq!(
        lines,
        [
            (json!("ann@a.nl"), json!("ann@a.nl"), json!(1)),
            (json!("ann@a.nl"), json!("carl@a.nl"), json!(1)),
            (json!("carl@a.nl"), json!("ann@a.nl"), json!(1)),
        ]
    );
}

/// A role change by a counsellor is 403, of another organisation's or an unknown user 404, and
/// a bad body 422 naming the field, in the person's language; nothing changes.
#[tokio::test]
async fn a_role_change_is_refused_to_counsellors_other_organisations_and_bad_bodies() {
    let app = spawn_app_with_workspace().await;
    let ann = login(&app, "ann@a.nl").await;
    let bob = login(&app, "bob@b.nl").await;
    let (status, problem) =
        change_role(&app, &bob, "bob@b.nl", &json!({"role": "admin"}), "nl").await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(
        problem["detail"],
        "Alleen een beheerder van je organisatie mag dit."
    );
    for email in ["bob@b.nl", "BOB@b.nl", "nobody@a.nl", "not-an-address"] {
        let (status, problem) =
            change_role(&app, &ann, email, &json!({"role": "admin"}), "nl").await;
        assert_eq!(status, 404, "{email}: {problem}");
    }
    // Bob is still a counsellor.
    assert_eq!(users(&app, &bob).await.0, 403);
    let cases = [
        (
            json!({"role": "baas"}),
            "nl",
            vec!["role"],
            "kies counsellor of admin",
        ),
        (
            json!({"role": "boss"}),
            "en",
            vec!["role"],
            "choose counsellor or admin",
        ),
        (json!({}), "en", vec!["role"], "choose counsellor or admin"),
        (
            json!({"role": null}),
            "nl",
            vec!["role"],
            "kies counsellor of admin",
        ),
        (
            json!({"role": 1}),
            "nl",
            vec!["role"],
            "kies counsellor of admin",
        ),
        (
            json!({"role": "admin", "name": "X"}),
            "en",
            vec!["name"],
            "no such field; give only role",
        ),
        (json!(["admin"]), "en", vec!["(body)"], "send a JSON object"),
    ];
    for (body, lang, named, message) in cases {
        let (status, problem) = change_role(&app, &ann, "ann@a.nl", &body, lang).await;
        assert_eq!(status, 422, "{body}: {problem}");
        assert_eq!(fields(&problem), named, "{body}: {problem}");
        assert_eq!(
            problem["errors"][0]["message"], message,
            "{body}: {problem}"
        );
    }
    let (_, list) = users(&app, &ann).await;
    assert_eq!(list["users"][0]["role"], "admin", "nothing changed: {list}");
    assert!(audited(&app, &ann, "change_role").await.is_empty());
}
