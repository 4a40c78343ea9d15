//! The workspace's rules that depend on the clock, with injected times: sessions end after 8
//! hours idle and when the user is removed; a locked account opens again when the 15 minutes
//! have passed; the store never answers one organisation's records to another; a share link
//! stops at the moment it expires. Every test runs against both stores (sled and PostgreSQL,
//! `common/stores.rs`).

#[macro_use]
#[path = "common/stores.rs"]
mod stores;

use padvinder::messages::Lang;
use padvinder::store::{
    AuditAction, ChangeWhat, ClientId, ClientStatus, Edit, Email, Intake, Note, OrgId, Plan,
    PlanChange, PlanId, PlanSnapshot, PlanStatus, Role, RouteTexts, User,
};
use padvinder::workspace::{NewUser, Workspace, WorkspaceError};
use serde_json::json;
use stores::{Backend, TestStore};
use time::{Duration, OffsetDateTime, macros::datetime};

on_both_stores!(
    a_session_ends_after_8_hours_without_a_request,
    removing_a_user_ends_their_sessions,
    ten_failures_lock_the_account_for_15_minutes_whatever_the_password,
    failed_logins_are_in_the_account_s_organisation_s_log_with_their_failures,
    ten_failures_spread_over_two_instances_lock_the_account_on_both,
    the_store_answers_no_record_of_another_organisation,
    a_share_link_works_until_the_moment_it_expires,
    plans_and_share_links_belong_to_one_organisation_and_survive_backup_and_restore,
    a_change_of_courses_reads_only_the_saved_route_s_steps_and_names_a_route_it_cannot_read,
    an_expired_share_link_is_not_shown_as_live_and_the_sweep_removes_it,
    store_check_names_a_plan_its_index_does_not_find_and_an_index_entry_without_a_plan,
    a_plan_written_back_after_its_link_changed_keeps_the_link_the_store_holds,
    records_of_an_older_schema_version_are_upgraded_when_read_and_reported_by_check,
    share_links_changed_from_many_threads_at_once_leave_no_link_without_its_plan,
    a_plan_changed_at_once_on_two_instances_loses_no_change,
    two_admins_removing_each_other_at_once_leave_one,
    two_admins_making_each_other_counsellor_at_once_leave_one_admin,
    a_client_changed_at_once_on_two_instances_loses_no_change,
    an_intake_nobody_picks_up_is_erased_after_30_days_and_a_picked_up_one_stays,
    a_plan_answers_its_route_in_the_language_asked_and_an_old_one_in_the_one_it_has,
);

const PASSWORD: &str = "correct horse battery staple";
const T0: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

/// A temporary folder, a new store and a workspace on it.
struct Setup {
    dir: tempfile::TempDir,
    _store: TestStore,
}

fn workspace(backend: &Backend) -> (Setup, Workspace) {
    let dir = tempfile::tempdir().expect("temp");
    let store = backend.store(dir.path(), "store");
    let ws = Workspace::new(store.open(), 12);
    for (org, email, role) in [
        ("org-a", "ann@a.nl", Role::Admin),
        ("org-b", "bob@b.nl", Role::Counsellor),
    ] {
        let new = NewUser {
            org: OrgId::parse(org).expect("org"),
            email: Email::parse(email).expect("email"),
            name: "Test".into(),
            role,
        };
        ws.add_user(&new, PASSWORD, None, T0).expect("add");
    }
    (Setup { dir, _store: store }, ws)
}

fn login(
    ws: &Workspace,
    email: &str,
    password: &str,
    at: OffsetDateTime,
) -> Result<String, WorkspaceError> {
    ws.login(&json!({"email": email, "password": password}), at)
        .map(|l| l.token)
}

fn a_session_ends_after_8_hours_without_a_request(backend: &Backend) {
    let (_dir, ws) = workspace(backend);
    let token = login(&ws, "ann@a.nl", PASSWORD, T0).expect("login");
    // A request every 7 hours keeps it alive.
    let mut at = T0;
    for _ in 0..3 {
        at += Duration::hours(7);
        ws.authenticate(&token, at).expect("alive");
    }
    let late = at + Duration::hours(8) + Duration::seconds(1);
    assert!(matches!(
        ws.authenticate(&token, late),
        Err(WorkspaceError::NotLoggedIn)
    ));
    // And it stays gone.
    assert!(matches!(
        ws.authenticate(&token, at),
        Err(WorkspaceError::NotLoggedIn)
    ));
}

fn removing_a_user_ends_their_sessions(backend: &Backend) {
    let (_dir, ws) = workspace(backend);
    let token = login(&ws, "bob@b.nl", PASSWORD, T0).expect("login");
    let org = OrgId::parse("org-b").expect("org");
    let email = Email::parse("bob@b.nl").expect("email");
    // Another organisation cannot remove the user.
    let other = OrgId::parse("org-a").expect("org");
    assert!(ws.remove_user(&other, &email, None, T0).is_err());
    ws.authenticate(&token, T0).expect("still alive");
    ws.remove_user(&org, &email, None, T0).expect("remove");
    assert!(matches!(
        ws.authenticate(&token, T0),
        Err(WorkspaceError::NotLoggedIn)
    ));
}

fn ten_failures_lock_the_account_for_15_minutes_whatever_the_password(backend: &Backend) {
    let (_dir, ws) = workspace(backend);
    for i in 0..10 {
        let at = T0 + Duration::seconds(i);
        assert!(matches!(
            login(&ws, "ann@a.nl", "wrong password!", at),
            Err(WorkspaceError::WrongCredentials)
        ));
    }
    let at = T0 + Duration::minutes(1);
    match login(&ws, "ann@a.nl", PASSWORD, at) {
        Err(WorkspaceError::TooManyFailures { retry_after_secs }) => {
            assert_eq!(
                retry_after_secs,
                14 * 60,
                "until the first failure leaves the window"
            )
        }
        other => panic!("{other:?}"),
    }
    // The other account is not locked.
    login(&ws, "bob@b.nl", PASSWORD, at).expect("bob");
    // When the window has passed, the right password works again.
    let later = T0 + Duration::minutes(15) + Duration::seconds(10);
    login(&ws, "ann@a.nl", PASSWORD, later).expect("unlocked");
}

/// Each failed login to an existing account is stored with its audit entries (one write):
/// `login_failed` about the account in its organisation, `login_locked` once, with the 10th;
/// the tries refused while locked and an unknown address leave no entry.
fn failed_logins_are_in_the_account_s_organisation_s_log_with_their_failures(backend: &Backend) {
    let (_dir, ws) = workspace(backend);
    let token = login(&ws, "ann@a.nl", PASSWORD, T0).expect("ann");
    let ann = ws.authenticate(&token, T0).expect("session");
    for i in 1..=12 {
        let at = T0 + Duration::seconds(i);
        for email in ["ann@a.nl", "nobody@a.nl"] {
            assert!(login(&ws, email, "wrong password!", at).is_err());
        }
    }
    let log = ws.audit_log(&ann, None, 100).expect("log");
    let entries = |action: AuditAction| -> u32 {
        log.lines
            .iter()
            .filter(|l| l.entry.action == action)
            .inspect(|l| {
                assert_eq!(l.entry.user.as_ref().map(Email::as_str), Some("ann@a.nl"));
                assert_eq!(l.entry.actor, None);
            })
            .map(|l| l.count)
            .sum()
    };
    assert_eq!(entries(AuditAction::LoginFailed), 10, "{:?}", log.lines);
    assert_eq!(entries(AuditAction::LoginLocked), 1, "{:?}", log.lines);
    assert!(
        !format!("{:?}", log.lines).contains("nobody@a.nl"),
        "an unknown address is in no log"
    );
    // The failures themselves were stored too: the account is locked.
    assert!(matches!(
        login(&ws, "ann@a.nl", PASSWORD, T0 + Duration::minutes(1)),
        Err(WorkspaceError::TooManyFailures { .. })
    ));
}

/// A second "instance" on the setup's store: its own connections to the same PostgreSQL
/// database; on sled (one process only) a second workspace over the same open store.
fn second_instance(setup: &Setup, first: &Workspace) -> Workspace {
    let store = if setup._store.location.starts_with("postgres") {
        setup._store.open()
    } else {
        first.store_arc()
    };
    Workspace::new(store, 12)
}

fn ten_failures_spread_over_two_instances_lock_the_account_on_both(backend: &Backend) {
    let (setup, one) = workspace(backend);
    let two = second_instance(&setup, &one);
    for i in 0..10 {
        let ws = if i % 2 == 0 { &one } else { &two };
        let at = T0 + Duration::seconds(i);
        assert!(matches!(
            login(ws, "ann@a.nl", "wrong password!", at),
            Err(WorkspaceError::WrongCredentials)
        ));
    }
    let at = T0 + Duration::minutes(1);
    for ws in [&one, &two] {
        match login(ws, "ann@a.nl", PASSWORD, at) {
            Err(WorkspaceError::TooManyFailures { retry_after_secs }) => {
                assert_eq!(retry_after_secs, 14 * 60);
            }
            other => panic!("the 11th login on either instance: {other:?}"),
        }
    }
    // Failures at the same moment on both instances are all counted.
    let email = Email::parse("bob@b.nl").expect("email");
    std::thread::scope(|scope| {
        for ws in [&one, &two] {
            scope.spawn(move || {
                for _ in 0..5 {
                    let _ = login(ws, "bob@b.nl", "wrong password!", at);
                }
            });
        }
    });
    let counted = one
        .store()
        .login_failures(&email, at - Duration::minutes(15))
        .expect("failures");
    assert_eq!(counted.len(), 10);
    assert!(matches!(
        login(&two, "bob@b.nl", PASSWORD, at),
        Err(WorkspaceError::TooManyFailures { .. })
    ));
    // Bounded: a failure after the window forgets the accounts quiet for a whole window
    // (another address's failure sweeps them), so the record holds one window only.
    let later = T0 + Duration::minutes(30);
    assert!(login(&one, "nobody@c.nl", "wrong password!", later).is_err());
    let long_ago = T0 - Duration::days(1);
    for account in ["ann@a.nl", "bob@b.nl"] {
        let email = Email::parse(account).expect("email");
        let kept = two
            .store()
            .login_failures(&email, long_ago)
            .expect("failures");
        assert!(kept.is_empty(), "{account}: {kept:?}");
    }
    // And the accounts open again.
    login(&one, "ann@a.nl", PASSWORD, later).expect("ann");
    login(&two, "bob@b.nl", PASSWORD, later).expect("bob");
}

fn the_store_answers_no_record_of_another_organisation(backend: &Backend) {
    let (_dir, ws) = workspace(backend);
    let token = login(&ws, "ann@a.nl", PASSWORD, T0).expect("login");
    let session = ws.authenticate(&token, T0).expect("session");
    let body = json!({
        "display_name": "A.A.",
        "profile": {"postcode": "1311"},
        "consent": {"given_on": "2026-11-30", "scope": "bewaren"}
    });
    let client = ws.create_client(&session, &body, T0).expect("create");
    let store = ws.store();
    let a = OrgId::parse("org-a").expect("org");
    let b = OrgId::parse("org-b").expect("org");
    let id = ClientId::parse(client.id.as_str()).expect("id");
    assert!(store.client(&a, &id).expect("get").is_some());
    assert!(store.client(&b, &id).expect("get").is_none());
    assert!(store.clients(&b).expect("list").is_empty());
    assert_eq!(store.client_count(&b).expect("count"), 0);
    assert!(
        store
            .audit(&b, None, 100)
            .expect("audit")
            .iter()
            .all(|(_, e)| e.client.is_none())
    );
    assert!(store.audit_of_client(&b, &id).expect("audit").is_empty());
    assert_eq!(store.users(&b).expect("users").len(), 1);
    let entry = padvinder::store::AuditEntry {
        at: T0,
        actor: None,
        action: padvinder::store::AuditAction::EraseClient,
        client: Some(id.clone()),
        user: None,
        plan: None,
    };
    assert!(!store.erase_client(&b, &id, &entry).expect("erase"));
    assert!(
        store.client(&a, &id).expect("get").is_some(),
        "org b erased org a's client"
    );
}

/// A plan put straight into the store (saving one over HTTP computes a route: tests/api).
fn stored_plan(ws: &Workspace, session: &padvinder::store::Session, name: &str) -> PlanId {
    let body = json!({
        "display_name": name,
        "profile": {"postcode": "1311"},
        "consent": {"given_on": "2026-11-30", "scope": "bewaren"}
    });
    let client = ws.create_client(session, &body, T0).expect("create");
    let plan = Plan {
        id: PlanId::from_random([7; 16]),
        org: session.org.clone(),
        client: ClientId::parse(client.id.as_str()).expect("id"),
        target: "f".into(),
        courses: vec![],
        notes: vec![
            Note {
                text: "private".into(),
                private: true,
            },
            Note {
                text: "open".into(),
                private: false,
            },
        ],
        status: PlanStatus::Idee,
        review_on: None,
        snapshot: PlanSnapshot {
            computed_on: T0.date(),
            lang: padvinder::messages::Lang::Nl,
            catalogue_hash: "c".into(),
            rules_version: "r".into(),
            route: json!({}),
            slim_texts: json!({}),
            other: None,
        },
        share: None,
        created_by: Some(session.email.clone()),
        created: T0,
        updated: T0,
        changes: vec![],
        checked: None,
    };
    ws.store().put_plan(&plan).expect("put plan");
    plan.id
}

fn token_of(url: &str) -> &str {
    url.rsplit('/').next().expect("token")
}

fn a_share_link_works_until_the_moment_it_expires(backend: &Backend) {
    let (_dir, ws) = workspace(backend);
    let token = login(&ws, "ann@a.nl", PASSWORD, T0).expect("login");
    let session = ws.authenticate(&token, T0).expect("session");
    let id = stored_plan(&ws, &session, "E.X.");
    let link = ws
        .share_plan(&session, id.as_str(), &json!({"expires_in_days": 1}), T0)
        .expect("share");
    assert_eq!(link.expires_at, T0 + Duration::days(1));
    let token = token_of(&link.url);
    let shared = ws
        .shared_plan(token, Lang::Nl, T0 + Duration::hours(23))
        .expect("still open");
    assert_eq!(shared.notes, ["open"]);
    for at in [T0 + Duration::days(1), T0 + Duration::days(30)] {
        assert!(matches!(
            ws.shared_plan(token, Lang::Nl, at),
            Err(WorkspaceError::NotFound { .. })
        ));
    }
    // 90 days at most, 1 at least.
    for days in [0, 91, -1] {
        let refused = ws.share_plan(
            &session,
            id.as_str(),
            &json!({ "expires_in_days": days }),
            T0,
        );
        assert!(
            matches!(&refused, Err(WorkspaceError::Fields(f)) if f[0].field == "expires_in_days"),
            "{days}: {refused:?}"
        );
    }
    let long = ws
        .share_plan(&session, id.as_str(), &json!({"expires_in_days": 90}), T0)
        .expect("share");
    assert_eq!(long.expires_on, (T0 + Duration::days(90)).date());
}

fn plans_and_share_links_belong_to_one_organisation_and_survive_backup_and_restore(
    backend: &Backend,
) {
    let (dir, ws) = workspace(backend);
    let token = login(&ws, "ann@a.nl", PASSWORD, T0).expect("login");
    let ann = ws.authenticate(&token, T0).expect("session");
    let token = login(&ws, "bob@b.nl", PASSWORD, T0).expect("login");
    let bob = ws.authenticate(&token, T0).expect("session");
    let id = stored_plan(&ws, &ann, "A.A.");
    let link = ws
        .share_plan(&ann, id.as_str(), &json!({"expires_in_days": 7}), T0)
        .expect("share");
    let store = ws.store();
    let (a, b) = (ann.org.clone(), bob.org.clone());
    assert!(store.plan(&a, &id).expect("plan").is_some());
    assert!(store.plan(&b, &id).expect("plan").is_none());
    for refused in [
        ws.plan(&bob, id.as_str(), Lang::Nl, T0).map(drop),
        ws.unshare_plan(&bob, id.as_str(), T0),
        ws.delete_plan(&bob, id.as_str(), T0),
    ] {
        assert!(
            matches!(refused, Err(WorkspaceError::NotFound { .. })),
            "{refused:?}"
        );
    }
    // The store keeps the hash of the link's token, never the token.
    let mut backup = Vec::new();
    let summary = store.backup(&mut backup).expect("backup");
    let text = String::from_utf8(backup.clone()).expect("utf-8");
    assert!(!text.contains(token_of(&link.url)));
    assert_eq!(summary.records.get("plans"), Some(&1));
    assert_eq!(summary.records.get("shares"), Some(&1));
    assert!(store.check().expect("check").is_ok());
    let restored = backend.store(dir.dir.path(), "restored");
    restored.restore(&mut backup.as_slice()).expect("restore");
    let again = Workspace::new(restored.open(), 12);
    let shared = again
        .shared_plan(token_of(&link.url), Lang::Nl, T0)
        .expect("the link works in the restored store");
    assert_eq!(shared.target, "f");
}

fn a_change_of_courses_reads_only_the_saved_route_s_steps_and_names_a_route_it_cannot_read(
    backend: &Backend,
) {
    let (_dir, ws) = workspace(backend);
    let token = login(&ws, "ann@a.nl", PASSWORD, T0).expect("login");
    let session = ws.authenticate(&token, T0).expect("session");
    let id = stored_plan(&ws, &session, "R.S.");
    // A saved route without steps: the courses cannot be checked, so they cannot change,
    // and the counsellor is told so by field (never a 500); the rest of the plan still can.
    let refused = ws.update_plan(&session, id.as_str(), &json!({"courses": []}), Lang::Nl, T0);
    let Err(WorkspaceError::Fields(problems)) = &refused else {
        panic!("expected a field problem: {refused:?}");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "courses");
    let changed = ws
        .update_plan(
            &session,
            id.as_str(),
            &json!({"status": "besproken"}),
            Lang::Nl,
            T0,
        )
        .expect("a status change needs no route");
    assert_eq!(changed.status, PlanStatus::Besproken);
    // A saved route with other fields than this padvinder writes (an older or newer one):
    // only the steps' courses matter.
    let mut plan = ws
        .store()
        .plan(&session.org, &id)
        .expect("read")
        .expect("plan");
    plan.snapshot.route = json!({
        "target": {"title": "Monteur", "old_field": 1},
        "steps": [
            {"course": {"id": "held"}, "skipped": true},
            {"course": {"id": "a"}, "alternatives": [{"id": "a2"}], "gone_field": "x"},
            {"course": {"id": "b"}}
        ]
    });
    ws.store().put_plan(&plan).expect("put");
    let changed = ws
        .update_plan(
            &session,
            id.as_str(),
            &json!({"courses": ["a2", "b"]}),
            Lang::Nl,
            T0,
        )
        .expect("courses on the saved route");
    assert_eq!(changed.courses, ["a2", "b"]);
    let refused = ws.update_plan(
        &session,
        id.as_str(),
        &json!({"courses": ["b", "held", "x"]}),
        Lang::Nl,
        T0,
    );
    let Err(WorkspaceError::Fields(problems)) = &refused else {
        panic!("expected field problems: {refused:?}");
    };
    let named: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(named, ["courses[1]", "courses[2]"]);
}

fn an_expired_share_link_is_not_shown_as_live_and_the_sweep_removes_it(backend: &Backend) {
    let (_dir, ws) = workspace(backend);
    let token = login(&ws, "ann@a.nl", PASSWORD, T0).expect("login");
    let session = ws.authenticate(&token, T0).expect("session");
    let old = stored_plan(&ws, &session, "O.L.");
    let client = ws
        .store()
        .plan(&session.org, &old)
        .expect("read")
        .expect("plan")
        .client;
    let mut fresh = ws
        .store()
        .plan(&session.org, &old)
        .expect("read")
        .expect("plan");
    fresh.id = PlanId::from_random([8; 16]);
    ws.store().put_plan(&fresh).expect("put");
    let expiring = ws
        .share_plan(&session, old.as_str(), &json!({"expires_in_days": 1}), T0)
        .expect("share");
    let later = T0 + Duration::days(2);
    let lasting = ws
        .share_plan(
            &session,
            fresh.id.as_str(),
            &json!({"expires_in_days": 7}),
            later,
        )
        .expect("share");
    // Once expired, the plan and the client's plan list say it is not shared.
    let view = ws
        .plan(&session, old.as_str(), Lang::Nl, later)
        .expect("view");
    assert!(view.share.is_none(), "{:?}", view.share);
    let list = ws
        .plans_of_client(&session, client.as_str(), later)
        .expect("list");
    let shared: Vec<bool> = list.iter().map(|p| p.shared_until.is_some()).collect();
    assert_eq!(shared.iter().filter(|s| **s).count(), 1, "{list:?}");
    // The sweep removes the expired link's record and the plan's mention of it; the live
    // link stays and still opens.
    let store = ws.store();
    let key = padvinder::store::ShareKey::of_token(token_of(&expiring.url));
    assert!(store.share(&key).expect("share").is_some());
    ws.sweep(later.date(), later).expect("sweep");
    assert!(store.share(&key).expect("share").is_none());
    let swept = store.plan(&session.org, &old).expect("read").expect("plan");
    assert!(swept.share.is_none());
    assert!(
        ws.shared_plan(token_of(&lasting.url), Lang::Nl, later)
            .is_ok()
    );
    assert!(store.check().expect("check").is_ok());
}

fn store_check_names_a_plan_its_index_does_not_find_and_an_index_entry_without_a_plan(
    backend: &Backend,
) {
    let (dir, ws) = workspace(backend);
    let token = login(&ws, "ann@a.nl", PASSWORD, T0).expect("login");
    let session = ws.authenticate(&token, T0).expect("session");
    let id = stored_plan(&ws, &session, "C.K.");
    ws.share_plan(&session, id.as_str(), &json!({"expires_in_days": 7}), T0)
        .expect("share");
    let mut backup = Vec::new();
    ws.store().backup(&mut backup).expect("backup");
    // The plan's index entry moved to another id: the plan cannot be found by its own id.
    let other = "0123456789abcdef0123456789abcdef";
    let text: String = String::from_utf8(backup)
        .expect("utf-8")
        .lines()
        .map(|line| {
            let mut record: serde_json::Value = serde_json::from_str(line).expect("json");
            if record["tree"] == "plan_ids" {
                record["key"] = json!(format!("org-a/{other}"));
            }
            format!("{record}\n")
        })
        .collect();
    // Restore checks what it restored and refuses it, naming both records.
    let restored = backend.store(dir.dir.path(), "damaged");
    let refused = restored.restore(&mut text.as_bytes());
    let Err(padvinder::store::RestoreError::Check(problems)) = &refused else {
        panic!("expected the check to refuse the restore: {refused:?}");
    };
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("plans/org-a/")
            && problems[0].ends_with("has no entry in plan_ids, so it cannot be found by its id"),
        "{problems:?}"
    );
    assert_eq!(
        problems[1],
        format!("plan_ids/org-a/{other}: names a plan that does not exist")
    );
}

fn a_plan_written_back_after_its_link_changed_keeps_the_link_the_store_holds(backend: &Backend) {
    let (_dir, ws) = workspace(backend);
    let token = login(&ws, "ann@a.nl", PASSWORD, T0).expect("login");
    let session = ws.authenticate(&token, T0).expect("session");
    let id = stored_plan(&ws, &session, "S.T.");
    let store = ws.store();
    // A change that read the plan before it was shared, and writes it back after.
    let stale = store.plan(&session.org, &id).expect("read").expect("plan");
    let link = ws
        .share_plan(&session, id.as_str(), &json!({"expires_in_days": 7}), T0)
        .expect("share");
    store.put_plan(&stale).expect("put");
    assert!(ws.shared_plan(token_of(&link.url), Lang::Nl, T0).is_ok());
    assert!(store.check().expect("check").is_ok());
    // And one that read it while shared, written back after the link was revoked.
    let stale = store.plan(&session.org, &id).expect("read").expect("plan");
    ws.unshare_plan(&session, id.as_str(), T0).expect("revoke");
    store.put_plan(&stale).expect("put");
    let stored = store.plan(&session.org, &id).expect("read").expect("plan");
    assert!(stored.share.is_none(), "a revoked link came back");
    assert!(store.check().expect("check").is_ok());
    // Deleting the plan removes the link it names at that moment.
    let again = ws
        .share_plan(&session, id.as_str(), &json!({"expires_in_days": 7}), T0)
        .expect("share");
    ws.delete_plan(&session, id.as_str(), T0).expect("delete");
    let key = padvinder::store::ShareKey::of_token(token_of(&again.url));
    assert!(store.share(&key).expect("share").is_none());
    assert!(store.check().expect("check").is_ok());
}

/// A store restored from a backup written by an older padvinder (an organisation of schema
/// version 1, before names, and an audit entry of version 1, before plans): the entry reads
/// upgraded, `store check` names it as outdated and
/// finds no problem, and a backup keeps it as it was stored.
fn records_of_an_older_schema_version_are_upgraded_when_read_and_reported_by_check(
    backend: &Backend,
) {
    let dir = tempfile::tempdir().expect("temp");
    let old = concat!(
        r#"{"padvinder_store_backup":1}"#,
        "\n",
        r#"{"tree":"orgs","key":"org-a","value":{"v":1,"data":{"id":"org-a","created":"2026-11-30T10:00:00Z"}}}"#,
        "\n",
        r#"{"tree":"audit","key":"org-a/00000000000000000007","value":{"v":1,"data":{"at":"2026-11-30T10:00:00Z","actor":null,"action":"login","client":null,"user":null}}}"#,
        "\n",
        r#"{"end":2}"#,
        "\n"
    );
    let store = backend.store(dir.path(), "store");
    store.restore(&mut old.as_bytes()).expect("restore");
    let opened = store.open();
    let org = OrgId::parse("org-a").expect("org");
    let entries = opened.audit(&org, None, 10).expect("audit");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].0, 7);
    assert_eq!(entries[0].1.plan, None);
    let report = opened.check().expect("check");
    assert!(report.is_ok(), "{:?}", report.problems);
    // Both records are of an older version: the organisation (version 2 added its name) and
    // the audit entry (version 2 added the plan).
    assert_eq!(report.outdated.len(), 2, "{:?}", report.outdated);
    for old in [
        "orgs/org-a: organisation version 1",
        "audit/org-a/00000000000000000007: audit entry version 1",
    ] {
        assert!(
            report.outdated.iter().any(|o| o.starts_with(old)),
            "{old}: {:?}",
            report.outdated
        );
    }
    let mut backup = Vec::new();
    opened.backup(&mut backup).expect("backup");
    assert_eq!(String::from_utf8(backup).expect("utf-8"), old);
    // A new entry follows the restored ones.
    let entry = padvinder::store::AuditEntry {
        at: T0,
        actor: None,
        action: padvinder::store::AuditAction::Logout,
        client: None,
        user: None,
        plan: None,
    };
    opened.append_audit(&org, &entry).expect("append");
    let entries = opened.audit(&org, None, 10).expect("audit");
    assert!(entries[0].0 > 7, "{entries:?}");
    assert_eq!(entries[0].1.action, padvinder::store::AuditAction::Logout);
}

/// Eight threads at once share, revoke and write back a stale copy of the same plan (as eight
/// counsellors, or requests on several instances, may): afterwards the store check finds no
/// link that its plan does not name and no plan naming a link that is gone.
fn share_links_changed_from_many_threads_at_once_leave_no_link_without_its_plan(backend: &Backend) {
    let (_dir, ws) = workspace(backend);
    let token = login(&ws, "ann@a.nl", PASSWORD, T0).expect("login");
    let session = ws.authenticate(&token, T0).expect("session");
    let id = stored_plan(&ws, &session, "C.C.");
    let stale = ws
        .store()
        .plan(&session.org, &id)
        .expect("read")
        .expect("plan");
    std::thread::scope(|scope| {
        for thread in 0..8 {
            let (ws, session, id, stale) = (&ws, &session, &id, &stale);
            scope.spawn(move || {
                for round in 0..10 {
                    match (thread + round) % 3 {
                        0 => {
                            ws.share_plan(session, id.as_str(), &json!({"expires_in_days": 7}), T0)
                                .expect("share");
                        }
                        1 => {
                            // Revoking a link another thread revoked first is fine.
                            let _ = ws.unshare_plan(session, id.as_str(), T0);
                        }
                        _ => ws.store().put_plan(stale).expect("put"),
                    }
                }
            });
        }
    });
    let store = ws.store();
    let report = store.check().expect("check");
    assert!(report.is_ok(), "{:?}", report.problems);
    let plan = store.plan(&session.org, &id).expect("read").expect("plan");
    if let Some(link) = &plan.share {
        assert!(store.share(&link.key).expect("share").is_some());
    }
}

/// Three writers on one plan at once, on two instances: a counsellor changing notes and status
/// (instance one), another making share links (instance two), and the change check adding a
/// change each round (its edit, on instance two). Each read-modify-write is one store
/// transaction, so none writes over another's field: every change is there, the last notes and
/// status, and the link last made.
fn a_plan_changed_at_once_on_two_instances_loses_no_change(backend: &Backend) {
    const ROUNDS: usize = 15;
    let (setup, one) = workspace(backend);
    let two = second_instance(&setup, &one);
    let token = login(&one, "ann@a.nl", PASSWORD, T0).expect("login");
    let session = one.authenticate(&token, T0).expect("session");
    let id = stored_plan(&one, &session, "C.C.");
    let last_link = std::thread::scope(|scope| {
        let (session, id) = (&session, &id);
        let (one, two) = (&one, &two);
        scope.spawn(move || {
            for round in 0..ROUNDS {
                let status = if round % 2 == 0 { "gestart" } else { "idee" };
                let body = json!({
                    "notes": [{"text": format!("note {round}"), "private": true}],
                    "status": status,
                });
                one.update_plan(session, id.as_str(), &body, Lang::Nl, T0)
                    .expect("patch");
            }
        });
        scope.spawn(move || {
            for round in 0..ROUNDS {
                let changed = two
                    .store()
                    .update_plan(&session.org, id, None, &mut |plan| {
                        plan.changes.push(PlanChange {
                            what: ChangeWhat::CourseRemoved {
                                course: format!("course-{round}"),
                                title: "T".into(),
                            },
                            found_on: T0.date(),
                            catalogue_hash: "c2".into(),
                            seen: false,
                        });
                        Edit::Write
                    })
                    .expect("check");
                assert!(changed.is_some());
            }
        });
        let sharer = scope.spawn(move || {
            let mut url = String::new();
            for _ in 0..ROUNDS {
                url = two
                    .share_plan(session, id.as_str(), &json!({"expires_in_days": 7}), T0)
                    .expect("share")
                    .url;
            }
            url
        });
        sharer.join().expect("sharer")
    });
    let plan = one
        .store()
        .plan(&session.org, &id)
        .expect("read")
        .expect("plan");
    assert_eq!(plan.changes.len(), ROUNDS, "a change check's edit was lost");
    assert_eq!(plan.notes.len(), 1);
    assert_eq!(plan.notes[0].text, format!("note {}", ROUNDS - 1));
    // The last round (14) set "gestart".
    assert_eq!(plan.status, PlanStatus::Gestart);
    let link = plan.share.expect("the last link");
    one.shared_plan(token_of(&last_link), Lang::Nl, T0)
        .expect("the last link opens the plan");
    assert!(one.store().share(&link.key).expect("share").is_some());
    let report = one.store().check().expect("check");
    assert!(report.is_ok(), "{:?}", report.problems);
}

/// Two admins of `org-r`, `eva@r.nl` and `fen@r.nl`, each logged in, on two instances of one
/// store; the users as stored, to put back between rounds.
struct TwoAdmins {
    setup: Setup,
    one: Workspace,
    two: Workspace,
    org: OrgId,
    sessions: Vec<padvinder::store::Session>,
    users: Vec<User>,
}

const ADMINS: [&str; 2] = ["eva@r.nl", "fen@r.nl"];

fn two_admins(backend: &Backend) -> TwoAdmins {
    let (setup, one) = workspace(backend);
    let two = second_instance(&setup, &one);
    let org = OrgId::parse("org-r").expect("org");
    let mut sessions = Vec::new();
    let mut users = Vec::new();
    for email in ADMINS {
        let new = NewUser {
            org: org.clone(),
            email: Email::parse(email).expect("email"),
            name: "Beheer".into(),
            role: Role::Admin,
        };
        let (user, _) = one.add_user(&new, PASSWORD, None, T0).expect("add");
        users.push(user);
        let token = login(&one, email, PASSWORD, T0).expect("login");
        sessions.push(one.authenticate(&token, T0).expect("session"));
    }
    TwoAdmins {
        setup,
        one,
        two,
        org,
        sessions,
        users,
    }
}

/// How many admins `org` has.
fn admin_count(ws: &Workspace, org: &OrgId) -> usize {
    ws.store()
        .users(org)
        .expect("users")
        .into_iter()
        .filter(|u| u.role == Role::Admin)
        .count()
}

/// What one of two admins does to the other in a round: the workspace (instance), their own
/// session, the other's e-mail address and the round.
type AdminMove<'a> = &'a (
        dyn Fn(&Workspace, &padvinder::store::Session, &str, usize) -> Result<(), WorkspaceError>
            + Sync
    );

/// Two admins of `org-r`, on two instances, do `eva` and `fen` to each other at the same
/// moment, round after round (the two admins put back between rounds): each time one succeeds,
/// the other is refused as the last admin's (`refused` says which refusals those are), and the
/// organisation keeps exactly one admin.
fn race_two_admins(
    backend: &Backend,
    eva: AdminMove<'_>,
    fen: AdminMove<'_>,
    refused: fn(&WorkspaceError) -> bool,
) {
    const ROUNDS: usize = 12;
    let TwoAdmins {
        setup: _setup,
        one,
        two,
        org,
        sessions,
        users,
    } = two_admins(backend);
    let start = std::sync::Barrier::new(2);
    for round in 0..ROUNDS {
        for user in &users {
            one.store().put_user(user).expect("put back");
        }
        assert_eq!(admin_count(&one, &org), 2);
        let (a, b) = std::thread::scope(|scope| {
            let (start, sessions, one, two) = (&start, &sessions, &one, &two);
            let a = scope.spawn(move || {
                start.wait();
                eva(one, &sessions[0], ADMINS[1], round)
            });
            let b = scope.spawn(move || {
                start.wait();
                fen(two, &sessions[1], ADMINS[0], round)
            });
            (a.join().expect("eva"), b.join().expect("fen"))
        });
        assert_eq!(admin_count(&one, &org), 1, "round {round}: {a:?} {b:?}");
        let last = |r: &Result<(), WorkspaceError>| r.as_ref().is_err_and(refused);
        assert!(
            (a.is_ok() && last(&b)) || (last(&a) && b.is_ok()),
            "round {round}: {a:?} {b:?}"
        );
    }
}

/// Two admins of one organisation remove each other at the same moment, on two instances,
/// round after round: each time one removal succeeds and the other is refused as the last
/// admin's, and the organisation keeps exactly one admin.
fn two_admins_removing_each_other_at_once_leave_one(backend: &Backend) {
    let remove = |ws: &Workspace, me: &padvinder::store::Session, other: &str, _| {
        ws.remove_org_user(me, other, T0)
    };
    race_two_admins(backend, &remove, &remove, |e| {
        matches!(e, WorkspaceError::LastAdmin)
    });
}

/// Two admins of one organisation, on two instances, at the same moment, round after round:
/// each makes the other a counsellor (even rounds), or one does that while the other removes
/// them (odd rounds). Each time one succeeds and the other is refused as the last admin's, and
/// the organisation keeps exactly one admin.
fn two_admins_making_each_other_counsellor_at_once_leave_one_admin(backend: &Backend) {
    let counsellor = json!({"role": "counsellor"});
    let demote = |ws: &Workspace, me: &padvinder::store::Session, other: &str, _| {
        ws.change_org_user_role(me, other, &counsellor, T0)
            .map(drop)
    };
    let demote_or_remove = |ws: &Workspace, me: &padvinder::store::Session, other: &str, round| {
        if round % 2 == 0 {
            ws.change_org_user_role(me, other, &counsellor, T0)
                .map(drop)
        } else {
            ws.remove_org_user(me, other, T0)
        }
    };
    race_two_admins(backend, &demote, &demote_or_remove, |e| {
        matches!(e, WorkspaceError::LastAdmin | WorkspaceError::LastAdminRole)
    });
}

/// Three writers on one client at once, on two instances: a plan's changes count as activity
/// on its client (its last activity moves, instance one), a counsellor renames the client
/// (instance two) and another sets its review date (instance one). Each change is made on the
/// client as stored when it is written (one store transaction), so none writes another's field
/// back to what it read: every rename and review date stays, and the last activity is the
/// plan's last change.
fn a_client_changed_at_once_on_two_instances_loses_no_change(backend: &Backend) {
    const ROUNDS: usize = 30;
    let (setup, one) = workspace(backend);
    let two = second_instance(&setup, &one);
    let token = login(&one, "ann@a.nl", PASSWORD, T0).expect("login");
    let session = one.authenticate(&token, T0).expect("session");
    let id = stored_plan(&one, &session, "C.C.");
    let client = one
        .store()
        .plan(&session.org, &id)
        .expect("read")
        .expect("plan")
        .client;
    let done = std::sync::atomic::AtomicBool::new(false);
    let last = T0 + Duration::days(1);
    // Sets `field` to each of `values` on `ws`; answers the values not stored right after.
    let change = |ws: &Workspace, field: &str, values: Vec<String>| {
        let mut lost = Vec::new();
        for value in values {
            let body = json!({ field: value });
            ws.update_client(&session, client.as_str(), &body, T0)
                .expect("patch client");
            let stored = ws
                .store()
                .client(&session.org, &client)
                .expect("read")
                .expect("client");
            let now = json!({
                "display_name": stored.display_name,
                "review_on": stored.review_on.map(|d| d.to_string()),
            });
            if now[field] != value {
                lost.push(value);
            }
        }
        lost
    };
    let lost = std::thread::scope(|scope| {
        let (session, id, done) = (&session, &id, &done);
        let one = &one;
        scope.spawn(move || {
            let mut round = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let status = if round % 2 == 0 { "gestart" } else { "idee" };
                let at = T0 + Duration::seconds(round);
                one.update_plan(
                    session,
                    id.as_str(),
                    &json!({"status": status}),
                    Lang::Nl,
                    at,
                )
                .expect("patch plan");
                round += 1;
            }
            one.update_plan(
                session,
                id.as_str(),
                &json!({"status": "idee"}),
                Lang::Nl,
                last,
            )
            .expect("last patch");
        });
        let names = (0..ROUNDS).map(|r| format!("N{r}")).collect();
        let days = (1..=ROUNDS).map(|d| format!("2027-01-{d:02}")).collect();
        let renamer = scope.spawn(|| change(&two, "display_name", names));
        let reviewer = scope.spawn(|| change(one, "review_on", days));
        let mut lost = renamer.join().expect("renamer");
        lost.extend(reviewer.join().expect("reviewer"));
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        lost
    });
    assert!(lost.is_empty(), "changes written over: {lost:?}");
    let stored = one
        .store()
        .client(&session.org, &client)
        .expect("read")
        .expect("client");
    assert_eq!(stored.display_name, format!("N{}", ROUNDS - 1));
    assert_eq!(
        stored.review_on.map(|d| d.to_string()),
        Some(format!("2027-01-{ROUNDS:02}"))
    );
    assert_eq!(
        stored.last_activity, last,
        "the plan's last change is the client's activity"
    );
}

/// A plan change with a bad body is refused at once, naming the field, while another change
/// holds the plan (its row locked until it commits): the body is checked before the plan is
/// locked, so a bad request never waits for, or holds up, a good one. PostgreSQL only: sled runs
/// each transaction alone and its reads wait for one as well, so there is no lock of one plan
/// to observe.
#[test]
fn a_bad_plan_change_is_refused_without_waiting_for_the_plan_s_lock() {
    let Some(backend) =
        Backend::postgres("a_bad_plan_change_is_refused_without_waiting_for_the_plan_s_lock")
    else {
        return;
    };
    let (setup, one) = workspace(&backend);
    let two = second_instance(&setup, &one);
    let token = login(&one, "ann@a.nl", PASSWORD, T0).expect("login");
    let session = one.authenticate(&token, T0).expect("session");
    let id = stored_plan(&one, &session, "L.K.");
    let (locked_tx, locked) = std::sync::mpsc::channel();
    let (release_tx, release) = std::sync::mpsc::channel::<()>();
    let (answer_tx, answer) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        let (session, id) = (&session, &id);
        let (one, two) = (&one, &two);
        // Holds the plan's row until released (at most 20 s).
        scope.spawn(move || {
            two.store()
                .update_plan(&session.org, id, None, &mut |_| {
                    let _ = locked_tx.send(());
                    let _ = release.recv_timeout(std::time::Duration::from_secs(20));
                    Edit::Keep
                })
                .expect("hold");
        });
        locked.recv().expect("the plan is locked");
        scope.spawn(move || {
            let bad = json!({"status": "klaar", "notes": "not a list"});
            let _ = answer_tx.send(one.update_plan(session, id.as_str(), &bad, Lang::Nl, T0));
        });
        let got = answer.recv_timeout(std::time::Duration::from_secs(10));
        release_tx.send(()).expect("release");
        let got = got.expect("the bad change was answered while the plan was locked");
        let Err(WorkspaceError::Fields(errors)) = got else {
            panic!("a bad body is refused: {got:?}");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(
            fields.contains(&"status") && fields.contains(&"notes"),
            "{fields:?}"
        );
    });
}

/// Issue 12 §4: a hand-off from an embed waits as a client with status `intake`. The retention
/// sweep erases it 30 days after it arrived when nobody picked it up (the audit says so);
/// one a counsellor picked up (another status) follows the ordinary retention, and a
/// counsellor cannot set `intake` themself.
fn an_intake_nobody_picks_up_is_erased_after_30_days_and_a_picked_up_one_stays(backend: &Backend) {
    let (_dir, ws) = workspace(backend);
    let token = login(&ws, "ann@a.nl", PASSWORD, T0).expect("login");
    let session = ws.authenticate(&token, T0).expect("session");
    let store = ws.store();
    let as_intake = |name: &str| {
        let body = json!({
            "display_name": name,
            "profile": {"postcode": "1311"},
            "consent": {"given_on": "2026-11-30", "scope": "bewaren"}
        });
        let view = ws.create_client(&session, &body, T0).expect("create");
        let id = ClientId::parse(view.id.as_str()).expect("id");
        let mut client = store
            .client(&session.org, &id)
            .expect("read")
            .expect("client");
        client.status = ClientStatus::Intake;
        client.consent.recorded_by = None;
        client.intake = Some(Intake {
            tenant: "rijnmond".into(),
            reference: "PV-ABCD-EFGH".into(),
            email: Some(Email::parse("p@example.nl").expect("email")),
            phone: None,
            lang: padvinder::messages::Lang::Nl,
            consent_version: "2026-12-03".into(),
            consent_at: T0,
        });
        store.put_client(&client).expect("put");
        id
    };
    let waiting = as_intake("W.A.");
    let picked = as_intake("P.U.");
    // A counsellor picks one up by choosing another status; `intake` is not theirs to set.
    ws.update_client(
        &session,
        picked.as_str(),
        &json!({"status": "actief"}),
        T0 + Duration::days(1),
    )
    .expect("pick up");
    let refused = ws.update_client(&session, picked.as_str(), &json!({"status": "intake"}), T0);
    assert!(
        matches!(&refused, Err(WorkspaceError::Fields(f)) if f[0].field == "status"),
        "{refused:?}"
    );
    let day29 = T0 + Duration::days(29);
    assert!(ws.sweep(day29.date(), day29).expect("sweep").is_empty());
    let day31 = T0 + Duration::days(31);
    let erased = ws.sweep(day31.date(), day31).expect("sweep");
    assert_eq!(erased, vec![(session.org.clone(), waiting.clone())]);
    assert!(
        store
            .client(&session.org, &waiting)
            .expect("read")
            .is_none()
    );
    let kept = store
        .client(&session.org, &picked)
        .expect("read")
        .expect("kept");
    assert_eq!(kept.status, ClientStatus::Actief);
    assert!(kept.intake.is_some(), "where it came from stays on record");
    let audit = store
        .audit_of_client(&session.org, &waiting)
        .expect("audit");
    assert_eq!(
        audit.last().map(|e| (e.action, e.actor.clone())),
        Some((padvinder::store::AuditAction::RetentionErase, None))
    );
    assert!(store.check().expect("check").is_ok());
}

/// A plan keeps its route in both languages and answers the one asked for, with `lang` saying
/// which; a plan saved by a padvinder that kept one language (plan record version 3, restored
/// from its backup) answers the one it has, `lang: nl`, to its counsellor, through its share
/// link and in the export, and `store check` names it as upgraded when read.
fn a_plan_answers_its_route_in_the_language_asked_and_an_old_one_in_the_one_it_has(
    backend: &Backend,
) {
    let (dir, ws) = workspace(backend);
    let token = login(&ws, "ann@a.nl", PASSWORD, T0).expect("login");
    let ann = ws.authenticate(&token, T0).expect("session");
    let id = stored_plan(&ws, &ann, "A.A.");
    let dutch = json!({"target": {"title": "Lasser"}, "why": "Je begint met de cursus."});
    let english = json!({"target": {"title": "Lasser"}, "why": "You start with the course."});
    ws.store()
        .update_plan(&ann.org, &id, None, &mut |plan| {
            plan.snapshot.route = dutch.clone();
            plan.snapshot.other = Some(RouteTexts {
                lang: Lang::En,
                route: english.clone(),
                slim_texts: json!({"summaries": []}),
            });
            Edit::Write
        })
        .expect("update");
    for (lang, route) in [(Lang::En, &english), (Lang::Nl, &dutch)] {
        let view = ws.plan(&ann, id.as_str(), lang, T0).expect("plan");
        assert_eq!(view.snapshot.lang, lang);
        assert_eq!(&view.snapshot.route, route);
    }
    let link = ws
        .share_plan(&ann, id.as_str(), &json!({"expires_in_days": 7}), T0)
        .expect("share");
    let shared = ws
        .shared_plan(token_of(&link.url), Lang::En, T0)
        .expect("shared");
    assert_eq!(
        (shared.snapshot.lang, &shared.snapshot.route),
        (Lang::En, &english)
    );

    // The same plan as an older padvinder wrote it: version 3, one language.
    let mut backup = Vec::new();
    ws.store().backup(&mut backup).expect("backup");
    let old: Vec<String> = String::from_utf8(backup)
        .expect("utf-8")
        .lines()
        .map(|line| {
            let mut row: serde_json::Value = serde_json::from_str(line).expect("json line");
            if row["tree"] == "plans" {
                assert_eq!(row["value"]["v"], 4, "{row}");
                row["value"]["v"] = json!(3);
                let snapshot = row["value"]["data"]["snapshot"]
                    .as_object_mut()
                    .expect("snapshot");
                assert!(snapshot.remove("other").is_some());
            }
            row.to_string()
        })
        .collect();
    let restored = backend.store(dir.dir.path(), "restored");
    restored
        .restore(&mut (old.join("\n") + "\n").as_bytes())
        .expect("restore");
    let again = Workspace::new(restored.open(), 12);
    let token = login(&again, "ann@a.nl", PASSWORD, T0).expect("login");
    let ann = again.authenticate(&token, T0).expect("session");
    let view = again.plan(&ann, id.as_str(), Lang::En, T0).expect("plan");
    assert_eq!(
        (view.snapshot.lang, &view.snapshot.route),
        (Lang::Nl, &dutch)
    );
    let shared = again
        .shared_plan(token_of(&link.url), Lang::En, T0)
        .expect("shared");
    assert_eq!(
        (shared.snapshot.lang, &shared.snapshot.route),
        (Lang::Nl, &dutch)
    );
    let export = again
        .export_client(&ann, view.client.as_str(), Lang::En, T0)
        .expect("export");
    assert_eq!(export.plans[0].snapshot.lang, Lang::Nl);
    let report = again.store().check().expect("check");
    assert!(report.is_ok(), "{:?}", report.problems);
    assert!(
        report
            .outdated
            .iter()
            .any(|o| o.starts_with("plans/") && o.contains("plan version 3")),
        "{:?}",
        report.outdated
    );
}
