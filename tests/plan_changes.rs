//! Change alerts, every kind the comparison names (the HTTP flow is in tests/api/plan_changes.rs):
//! a plan saved against the shipped catalogue, its snapshot then set to what an older catalogue
//! and older rules said, compared with the shipped data: exactly the changes that are there are
//! named, in plain words; the same catalogue on the same day is skipped, on a later day adds
//! nothing; the counsellor's notes, share link and last change stay as they were; another
//! organisation cannot read or mark them.

#[macro_use]
#[path = "common/stores.rs"]
mod stores;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use padvinder::layout::DataLayout;
use padvinder::messages::Lang;
use padvinder::services::Domain;
use padvinder::store::{Email, OrgId, PlanId, Role, Session, SledStore};
use padvinder::workspace::{NewUser, PlanRequest, Workspace, WorkspaceError};
use serde_json::json;
use time::{Duration, OffsetDateTime, macros::datetime};

on_both_stores!(two_instances_on_one_store_compare_the_plans_once_per_catalogue_and_day);

const PASSWORD: &str = "correct horse battery staple";
const T0: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

fn data() -> &'static Domain {
    static DATA: OnceLock<Domain> = OnceLock::new();
    DATA.get_or_init(|| {
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("paths");
        Domain::load(&DataLayout::new(shipped)).unwrap_or_else(|e| panic!("{e}"))
    })
}

fn session(ws: &Workspace, org: &str, email: &str) -> Session {
    let new = NewUser {
        org: OrgId::parse(org).expect("org"),
        email: Email::parse(email).expect("email"),
        name: "Test".into(),
        role: Role::Counsellor,
    };
    ws.add_user(&new, PASSWORD, None, T0).expect("add");
    let token = ws
        .login(&json!({"email": email, "password": PASSWORD}), T0)
        .expect("login")
        .token;
    ws.authenticate(&token, T0).expect("session")
}

/// A client moving from forklift driver to carpenter, and a plan to get there (with a note).
fn timmerman_plan(
    ws: &Workspace,
    who: &Session,
    matcher: &padvinder::matching::Matcher<'_>,
) -> padvinder::workspace::PlanView {
    let client = ws
        .create_client(
            who,
            &json!({
                "display_name": "T.M.",
                "profile": {"current_occupation": "heftruckchauffeur", "postcode": "3071"},
                "consent": {"given_on": "2026-11-30", "scope": "plannen bewaren"}
            }),
            T0,
        )
        .expect("client");
    let body = json!({
        "target": "timmerman",
        "courses": ["mbo-25829", "cert-vca-vol"],
        "notes": [{"text": "proefdag eerst", "private": true}]
    });
    let request = PlanRequest {
        body: &body,
        matcher,
        lang: Lang::Nl,
        now: T0,
    };
    ws.create_plan(who, client.id.as_str(), request)
        .expect("plan")
}

fn kinds(ws: &Workspace, who: &Session, plan: &str) -> Vec<String> {
    let mut kinds: Vec<String> = ws
        .plan_changes(who, plan, Lang::Nl, T0)
        .expect("changes")
        .changes
        .iter()
        .map(|c| {
            serde_json::to_value(&c.what).expect("json")["kind"]
                .as_str()
                .expect("kind")
                .to_owned()
        })
        .collect();
    kinds.sort();
    kinds
}

#[test]
fn every_kind_of_change_is_named_once_and_nothing_else() {
    let dir = tempfile::tempdir().expect("temp");
    let store = SledStore::open(&dir.path().join("store")).expect("open");
    let ws = Workspace::new(Arc::new(store), 12);
    let ann = session(&ws, "org-a", "ann@a.nl");
    let bob = session(&ws, "org-b", "bob@b.nl");
    let matcher = data().matcher();
    let saved = timmerman_plan(&ws, &ann, &matcher);
    let id = saved.id.as_str().to_owned();

    // Compared with the catalogue it was saved with: nothing changed.
    let first = ws.check_plans(&matcher, T0).expect("check");
    assert_eq!((first.compared, first.added), (1, 0), "{first:?}");
    assert_eq!(kinds(&ws, &ann, &id), Vec::<String>::new());

    // The snapshot as an older catalogue and older rules had it.
    ws.share_plan(&ann, &id, &json!({"expires_in_days": 30}), T0)
        .expect("share");
    let plan_id = PlanId::parse(&id).expect("id");
    let mut plan = ws
        .store()
        .plan(&ann.org, &plan_id)
        .expect("read")
        .expect("plan");
    let updated = plan.updated;
    let route = &mut plan.snapshot.route;
    route["path"]["status"] = json!("recognised");
    let steps = route["steps"].as_array_mut().expect("steps");
    let step = steps
        .iter_mut()
        .find(|s| s["course"]["id"] == "mbo-25829")
        .expect("the Timmerman step");
    step["course"]["title"] = json!("Timmerman (oud)");
    step["cost_eur"] = json!(1.5);
    step["provider"] = json!({"id": "gesloten-school", "name": "Gesloten school"});
    step["slim"]["receipt"]["inputs"]["application_date"] = json!("2025-07-02");
    let mut gone = step.clone();
    gone["course"] = json!({"id": "vervallen-opleiding", "title": "Vervallen opleiding"});
    steps.push(gone);
    plan.snapshot.rules_version = "older-rules".into();
    ws.store().put_plan(&plan).expect("put");

    // The same catalogue, rules and day: skipped.
    let again = ws.check_plans(&matcher, T0).expect("check");
    assert_eq!((again.compared, again.skipped), (0, 1), "{again:?}");

    let t1 = T0 + Duration::days(1);
    let found = ws.check_plans(&matcher, t1).expect("check");
    assert_eq!(found.compared, 1, "{found:?}");
    assert_eq!(
        kinds(&ws, &ann, &id),
        [
            "cost_changed",
            "course_removed",
            "course_renamed",
            "path_status_changed",
            "provider_gone",
            "rules_changed",
            "window_passed",
        ]
    );
    assert_eq!(found.added, 7);
    let list = ws.plan_changes(&ann, &id, Lang::Nl, t1).expect("changes");
    assert_eq!(list.unseen, 7);
    let words: Vec<&str> = list.changes.iter().map(|c| c.text.as_str()).collect();
    for expected in [
        "De opleiding \"Timmerman (oud)\" heet nu \"Timmerman\".",
        "De opleiding \"Vervallen opleiding\" staat niet meer in de catalogus.",
        "De aanbieder \"Gesloten school\" biedt \"Timmerman (oud)\" volgens de catalogus niet meer aan.",
        "Het ontwikkelpad \"Bouw en afbouw\" was erkend en is nu door padvinder opgesteld (niet erkend).",
        "De SLIM-regels in padvinder zijn bijgewerkt; bekijk de subsidie opnieuw.",
        "Het SLIM-aanvraagtijdvak waarin het plan op 2 juli 2025 zou aanvragen, is op 10 november 2025 gesloten.",
    ] {
        assert!(words.contains(&expected), "{expected}\n{words:#?}");
    }
    assert!(
        words.iter().any(|w| w
            .starts_with("De kosten van \"Timmerman (oud)\" zijn veranderd: waren € 1,50, nu ")),
        "{words:#?}"
    );
    let english = ws.plan_changes(&ann, &id, Lang::En, t1).expect("changes");
    assert!(
        english
            .changes
            .iter()
            .any(|c| c.text == "The SLIM application window in which the plan would apply on 2 July 2025 closed on 10 November 2025."),
        "{:#?}",
        english.changes
    );

    // What the counsellor wrote and shared is untouched.
    let view = ws.plan(&ann, &id, Lang::Nl, t1).expect("plan");
    assert_eq!(view.notes.len(), 1);
    assert!(view.share.is_some(), "the share link stays");
    assert_eq!(
        view.updated, updated,
        "a comparison is not a change by a counsellor"
    );
    assert_eq!(view.unseen_changes, 7);

    // A later day, the same catalogue: nothing new (each change once).
    let later = ws
        .check_plans(&matcher, t1 + Duration::days(1))
        .expect("check");
    assert_eq!((later.compared, later.added), (1, 0), "{later:?}");

    // Another organisation: as if the plan did not exist.
    for result in [
        ws.plan_changes(&bob, &id, Lang::Nl, t1),
        ws.see_changes(&bob, &id, Lang::Nl, t1),
    ] {
        assert!(
            matches!(result, Err(WorkspaceError::NotFound { .. })),
            "{result:?}"
        );
    }
    assert_eq!(
        ws.plan_changes(&ann, &id, Lang::Nl, t1)
            .expect("changes")
            .unseen,
        7,
        "org b marked nothing"
    );

    // Seen: the badge is gone, the list stays; the next comparison adds nothing back.
    let seen = ws.see_changes(&ann, &id, Lang::Nl, t1).expect("seen");
    assert_eq!(seen.unseen, 0);
    assert_eq!(seen.changes.len(), 7);
    ws.check_plans(&matcher, t1 + Duration::days(2))
        .expect("check");
    assert_eq!(
        ws.plan(&ann, &id, Lang::Nl, t1)
            .expect("plan")
            .unseen_changes,
        0
    );
}

/// Two instances on one store (two connection pools on PostgreSQL; one open sled store shared on
/// sled), both asked to compare the saved plans with the same catalogue on the same day at the
/// same moment: one claims the run and compares, the other skips it; the plan gets one run's
/// changes. A later day is a new run; an instance that stopped halfway is taken over after an
/// hour (the plans it compared are skipped by their mark).
fn two_instances_on_one_store_compare_the_plans_once_per_catalogue_and_day(
    backend: &stores::Backend,
) {
    let dir = tempfile::tempdir().expect("temp");
    let store = backend.store(dir.path(), "store");
    let one = Workspace::new(store.open(), 12);
    let two = if backend.is_postgres() {
        Workspace::new(store.open(), 12)
    } else {
        Workspace::new(one.store_arc(), 12)
    };
    let ann = session(&one, "org-a", "ann@a.nl");
    let matcher = data().matcher();
    let saved = timmerman_plan(&one, &ann, &matcher);
    let id = PlanId::parse(saved.id.as_str()).expect("id");
    // Saved under older rules: the comparison names one change.
    let mut plan = one
        .store()
        .plan(&ann.org, &id)
        .expect("read")
        .expect("plan");
    plan.snapshot.rules_version = "older-rules".into();
    one.store().put_plan(&plan).expect("put");

    let (a, b) = std::thread::scope(|scope| {
        let matcher = &matcher;
        let a = scope.spawn(|| one.check_plans(matcher, T0).expect("check one"));
        let b = scope.spawn(|| two.check_plans(matcher, T0).expect("check two"));
        (a.join().expect("one"), b.join().expect("two"))
    });
    assert_eq!(
        [a.claimed_elsewhere, b.claimed_elsewhere]
            .iter()
            .filter(|c| **c)
            .count(),
        1,
        "exactly one instance runs: {a:?} {b:?}"
    );
    assert_eq!(a.compared + b.compared, 1, "{a:?} {b:?}");
    assert_eq!(a.added + b.added, 1, "{a:?} {b:?}");
    assert_eq!(kinds(&one, &ann, saved.id.as_str()), ["rules_changed"]);
    let (runner, other) = if a.claimed_elsewhere {
        (&two, &one)
    } else {
        (&one, &two)
    };
    // The same instance may run again (after a reload of the same catalogue): all skipped.
    let again = runner.check_plans(&matcher, T0).expect("again");
    assert_eq!((again.claimed_elsewhere, again.skipped), (false, 1));
    // Within the hour the other still skips; after it, it takes the run over.
    let soon = other
        .check_plans(&matcher, T0 + Duration::minutes(59))
        .expect("soon");
    assert!(soon.claimed_elsewhere, "{soon:?}");
    let late = other
        .check_plans(&matcher, T0 + Duration::minutes(61))
        .expect("late");
    assert_eq!(
        (late.claimed_elsewhere, late.compared, late.skipped),
        (false, 0, 1)
    );
    // The next day is a new run, for whichever instance asks first.
    let next = other
        .check_plans(&matcher, T0 + Duration::days(1))
        .expect("next day");
    assert_eq!(
        (next.claimed_elsewhere, next.compared, next.added),
        (false, 1, 0)
    );
    assert_eq!(kinds(&one, &ann, saved.id.as_str()), ["rules_changed"]);
}

/// A plan keeps its route in Dutch and in English, computed once each from the same catalogue,
/// rules and day: for the best routes of every persona, the second language gives the same
/// route apart from its texts, so every plan keeps both (none falls back to one language).
#[test]
fn the_best_routes_of_every_persona_are_kept_in_both_languages() {
    let dir = tempfile::tempdir().expect("temp");
    let store = SledStore::open(&dir.path().join("store")).expect("open");
    let ws = Workspace::new(Arc::new(store), 12);
    let ann = session(&ws, "org-a", "ann@a.nl");
    let matcher = data().matcher();
    let personas = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/personas");
    let mut files: Vec<_> = std::fs::read_dir(&personas)
        .expect("personas")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    let mut saved = 0;
    for file in files {
        let persona: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
        let client = ws
            .create_client(
                &ann,
                &json!({
                    "display_name": "P.P.",
                    "profile": persona["profile"],
                    "consent": {"given_on": "2026-11-30", "scope": "plannen bewaren"}
                }),
                T0,
            )
            .expect("client");
        let profile = ws
            .client_profile(&ann, client.id.as_str(), T0)
            .expect("profile");
        let options = padvinder::matching::MatchOptions {
            limit: 3,
            today: T0.date(),
            lang: Lang::Nl,
            detail: padvinder::matching::Detail::Summary,
            prefer_region: None,
        };
        let best = matcher.match_profile(&profile, &options).expect("match");
        for route in &best.routes {
            let body = json!({"target": route.target.id});
            for lang in [Lang::Nl, Lang::En] {
                let request = PlanRequest {
                    body: &body,
                    matcher: &matcher,
                    lang,
                    now: T0,
                };
                let view = ws
                    .create_plan(&ann, client.id.as_str(), request)
                    .expect("plan");
                let id = PlanId::parse(view.id.as_str()).expect("id");
                let plan = ws.store().plan(&ann.org, &id).expect("read").expect("plan");
                let other = plan.snapshot.other.unwrap_or_else(|| {
                    panic!("{file:?} to {}: one language only", route.target.id)
                });
                assert_eq!(
                    (plan.snapshot.lang, other.lang),
                    (lang, lang.pick(Lang::En, Lang::Nl))
                );
                assert_ne!(plan.snapshot.route["why"], other.route["why"], "{file:?}");
                saved += 1;
            }
        }
    }
    assert!(saved >= 20, "{saved} plans");
}
