//! Issue 12 §6 over HTTP: what a job centre's embed and its API key count, and what
//! `GET /api/v1/insight` answers the tenant: only with its key, only its own counts, weeks
//! checked and named, values under the k-anonymity threshold left out, counts kept in the store.

use padvinder::store::{InsightCount, InsightKind, IsoWeek};
use serde_json::Value;

use crate::helpers::{TestApp, content_type, header, spawn_app_with_tenants_and_workspace};

const RIJNMOND_KEY: &str = "pvk_1111111111111111111111111111111111111111111111111111111111111111";
const TWENTE_KEY: &str = "pvk_2222222222222222222222222222222222222222222222222222222222222222";
/// The threshold of these tests (the default is 10).
const K: u32 = 3;

fn tenants() -> String {
    format!(
        r#"
[[tenant]]
id = "rijnmond"
name = "Werkcentrum Rijnmond"
origins = ["https://www.werkcentrumrijnmond.nl"]
region = "Rijnmond"
handoff = {{ label = "Maak een afspraak", url = "https://www.werkcentrumrijnmond.nl/afspraak" }}
api_keys = ["{}"]

[[tenant]]
id = "twente"
name = "Werkplein Twente"
origins = ["https://werkplein.example.nl"]
region = "AM05"
handoff = {{ label = "Bel ons", phone = "053 123 45 67" }}
api_keys = ["{}"]
"#,
        padvinder::config::key_hash(RIJNMOND_KEY),
        padvinder::config::key_hash(TWENTE_KEY)
    )
}

async fn app() -> TestApp {
    spawn_app_with_tenants_and_workspace(&tenants(), |c| c.insight.min_count = K).await
}

async fn get(app: &TestApp, path: &str, key: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    request.send().await.expect("request")
}

async fn ok(r: reqwest::Response) -> Value {
    assert_eq!(r.status().as_u16(), 200);
    r.json().await.expect("json")
}

async fn problem(r: reqwest::Response, status: u16) -> Value {
    assert_eq!(r.status().as_u16(), status);
    assert_eq!(content_type(&r), "application/problem+json");
    r.json().await.expect("json")
}

async fn search(app: &TestApp, query: &str, key: Option<&str>) {
    ok(get(app, query, key).await).await;
}

async fn match_profile(app: &TestApp, tenant: &str) -> Value {
    let r = app
        .post_json(
            &format!("/api/v1/match?tenant={tenant}"),
            r#"{"current_occupation": "heftruckchauffeur", "postcode": "3011 AB"}"#,
        )
        .await;
    ok(r).await
}

/// The sum of a field over the answer's weeks.
fn total(answer: &Value, field: &str) -> u64 {
    answer["weeks"]
        .as_array()
        .expect("weeks")
        .iter()
        .map(|w| w[field].as_u64().expect("count"))
        .sum()
}

/// A list of the answer as (value, count).
fn counted(answer: &Value, list: &str) -> Vec<(String, u64)> {
    answer[list]
        .as_array()
        .expect("list")
        .iter()
        .map(|c| {
            (
                c["value"].as_str().expect("value").to_owned(),
                c["count"].as_u64().expect("count"),
            )
        })
        .collect()
}

/// Writes the app's counts to its store and reads a tenant's counts of this week and the last
/// back from the store.
async fn stored(app: &TestApp, tenant: &str) -> Vec<InsightCount> {
    let state = std::sync::Arc::clone(&app.state);
    let tenant = tenant.to_owned();
    tokio::task::spawn_blocking(move || {
        let store = state.workspace.as_ref().expect("workspace").store();
        state.insight.flush(store).expect("flush");
        let to = IsoWeek::of(time::OffsetDateTime::now_utc().date());
        let from = IsoWeek::of(to.monday() - time::Duration::weeks(1));
        store.insight(&tenant, from, to).expect("read")
    })
    .await
    .expect("join")
}

/// The stored count of one kind and value, summed over weeks.
fn stored_count(counts: &[InsightCount], kind: InsightKind, value: &str) -> u64 {
    counts
        .iter()
        .filter(|c| c.kind == kind && c.value == value)
        .map(|c| c.count)
        .sum()
}

#[tokio::test]
async fn the_embed_s_and_the_key_s_searches_and_matches_are_counted_in_the_store() {
    let app = app().await;
    search(&app, "/api/v1/search?q=Monteurs&tenant=rijnmond", None).await;
    search(
        &app,
        "/api/v1/search?q=monteur%20jansen",
        Some(RIJNMOND_KEY),
    )
    .await;
    search(
        &app,
        "/api/v1/search?q=monteur&offset=10&tenant=rijnmond",
        None,
    )
    .await;
    search(&app, "/api/v1/search?q=lasser", None).await;
    // A typo counts as the word the search read it as (the stem it matched), not as typed.
    search(&app, "/api/v1/search?q=elektricen&tenant=rijnmond", None).await;
    let elektricien = padvinder::text::stem("elektricien");
    let result = match_profile(&app, "rijnmond").await;
    let counts = stored(&app, "rijnmond").await;
    assert_eq!(stored_count(&counts, InsightKind::Searches, ""), 3);
    assert_eq!(stored_count(&counts, InsightKind::Word, "monteur"), 2);
    assert_eq!(
        stored_count(&counts, InsightKind::Word, &elektricien),
        1,
        "{counts:?}"
    );
    assert_eq!(stored_count(&counts, InsightKind::Matches, ""), 1);
    assert_eq!(
        stored_count(&counts, InsightKind::Municipality, "GM0599"),
        1
    );
    let first_target = result["routes"][0]["target"]["id"].as_str().expect("id");
    assert_eq!(stored_count(&counts, InsightKind::Route, first_target), 1);
    // Only chosen values: no typed word outside the catalogue's titles, no postcode.
    for c in &counts {
        assert!(
            matches!(
                c.kind,
                InsightKind::Searches | InsightKind::Matches | InsightKind::Route
            ) || c.value == "monteur"
                || c.value == elektricien
                || c.value == "GM0599",
            "{c:?}"
        );
    }
    assert!(stored(&app, "twente").await.is_empty());
    // Written once: a second flush adds nothing.
    assert_eq!(stored(&app, "rijnmond").await, counts);
}

#[tokio::test]
async fn insight_is_answered_only_with_the_tenant_s_key() {
    let app = app().await;
    let without = get(&app, "/api/v1/insight", None).await;
    assert_eq!(
        header(&without, "www-authenticate"),
        r#"Bearer realm="padvinder", error="invalid_token""#
    );
    let body = problem(without, 401).await;
    assert_eq!(body["errors"][0]["field"], "Authorization");
    // In the asker's language.
    let english = problem(get(&app, "/api/v1/insight?lang=en", None).await, 401).await;
    assert!(
        english["detail"]
            .as_str()
            .is_some_and(|d| d.contains("API key")),
        "{english}"
    );
    problem(get(&app, "/api/v1/insight", Some("pvk_wrong")).await, 401).await;
    let answer = ok(get(&app, "/api/v1/insight", Some(RIJNMOND_KEY)).await).await;
    assert_eq!(answer["tenant"], "rijnmond");
    assert_eq!(answer["min_count"], K);
    // The default range: this week and the seven before it.
    assert_eq!(answer["weeks"].as_array().map(Vec::len), Some(8));

    // Answers and problems as the OpenAPI document describes them.
    let doc: Value = app
        .get("/api/openapi.json")
        .await
        .json()
        .await
        .expect("document");
    for _ in 0..K {
        search(&app, "/api/v1/search?q=monteur&tenant=rijnmond", None).await;
        match_profile(&app, "rijnmond").await;
    }
    for (url, key, status) in [
        ("/api/v1/insight", Some(RIJNMOND_KEY), 200),
        (
            "/api/v1/insight?from=2026-W01&to=2026-W02",
            Some(RIJNMOND_KEY),
            200,
        ),
        ("/api/v1/insight?from=x", Some(RIJNMOND_KEY), 400),
        ("/api/v1/insight", None, 401),
        (
            "/api/v1/insight?from=2020-W01&to=2026-W01",
            Some(RIJNMOND_KEY),
            422,
        ),
    ] {
        let r = get(&app, url, key).await;
        let (answered, body) = crate::schemas::check(&doc, "get", "/api/v1/insight", url, r).await;
        assert_eq!(answered, status, "{url}: {body}");
    }
}

#[tokio::test]
async fn weeks_are_checked_and_a_bad_one_is_named() {
    let app = app().await;
    for (query, status, field) in [
        ("from=2026-05", 400, "from"),
        ("from=2026-W5", 400, "from"),
        ("to=2025-W53", 400, "to"),
        ("to=next%20week", 400, "to"),
        ("from=2026-W10&to=2026-W09", 400, "from"),
        ("from=2024-W52&to=2026-W01", 422, "from"),
        ("lang=fr", 400, "lang"),
    ] {
        let r = get(
            &app,
            &format!("/api/v1/insight?{query}"),
            Some(RIJNMOND_KEY),
        )
        .await;
        let body = problem(r, status).await;
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
    }
    // 53 weeks is the most, both ends included.
    let year = ok(get(
        &app,
        "/api/v1/insight?from=2025-W01&to=2026-W01",
        Some(RIJNMOND_KEY),
    )
    .await)
    .await;
    assert_eq!(year["weeks"].as_array().map(Vec::len), Some(53));
    assert_eq!(year["weeks"][0]["week"], "2025-W01");
    // The last weeks a calendar date can hold are answered, not looped over without end.
    let last = ok(get(&app, "/api/v1/insight?to=9999-W52", Some(RIJNMOND_KEY)).await).await;
    assert_eq!(last["weeks"].as_array().map(Vec::len), Some(8));
    assert_eq!(last["weeks"][7]["week"], "9999-W52");
    let e = problem(
        get(
            &app,
            "/api/v1/insight?from=2026-05&lang=en",
            Some(RIJNMOND_KEY),
        )
        .await,
        400,
    )
    .await;
    assert!(
        e["detail"].as_str().is_some_and(|d| d.contains("2026-W05")),
        "{e}"
    );
    // A week the year does not have says so, not that the form is wrong.
    let e = problem(
        get(&app, "/api/v1/insight?to=2025-W53", Some(RIJNMOND_KEY)).await,
        400,
    )
    .await;
    assert_eq!(
        e["errors"][0]["message"], "\"2025-W53\" bestaat niet: 2025 heeft 52 weken",
        "{e}"
    );
}

#[tokio::test]
async fn searches_and_matches_count_and_values_seen_fewer_than_k_times_are_not_shown() {
    let app = app().await;
    // The embed's searches (anonymous, with tenant=) and the tenant's server's (its key).
    for q in ["monteurs", "Monteur", "lasser"] {
        search(&app, &format!("/api/v1/search?q={q}&tenant=rijnmond"), None).await;
    }
    search(
        &app,
        "/api/v1/search?q=monteur%20elektro",
        Some(RIJNMOND_KEY),
    )
    .await;
    search(&app, "/api/v1/search?q=lasser&tenant=rijnmond", None).await;
    // "More results" is the same question: not another search.
    search(
        &app,
        "/api/v1/search?q=monteur&offset=10&tenant=rijnmond",
        None,
    )
    .await;
    // Typed text that is no job word of the catalogue is never counted, however often.
    for _ in 0..K + 1 {
        search(
            &app,
            "/api/v1/search?q=jansen%200612345678&tenant=rijnmond",
            None,
        )
        .await;
    }
    // A search without a tenant counts for no one.
    search(&app, "/api/v1/search?q=monteur", None).await;
    let mut shown_targets = Vec::new();
    for _ in 0..K {
        let result = match_profile(&app, "rijnmond").await;
        shown_targets = result["routes"]
            .as_array()
            .expect("routes")
            .iter()
            .map(|r| r["target"]["id"].as_str().expect("id").to_owned())
            .collect();
    }
    assert!(!shown_targets.is_empty(), "the match shows routes");

    let answer = ok(get(&app, "/api/v1/insight", Some(RIJNMOND_KEY)).await).await;
    assert_eq!(total(&answer, "searches"), 5 + u64::from(K) + 1);
    assert_eq!(total(&answer, "matches"), u64::from(K));
    // monteurs, Monteur and "monteur elektro" are one word, 3 times; lasser only twice.
    let words = counted(&answer, "words");
    assert_eq!(words, [("monteur".to_owned(), 3)], "{answer}");
    assert!(
        !answer.to_string().contains("0612345678") && !answer.to_string().contains("jansen"),
        "{answer}"
    );
    let routes = counted(&answer, "routes");
    for target in &shown_targets {
        assert!(
            routes.contains(&(target.clone(), u64::from(K))),
            "{target} in {routes:?}"
        );
    }
    // The function's title as label, the municipality's name for its code; no postcode.
    assert!(
        answer["routes"][0]["label"]
            .as_str()
            .is_some_and(|l| !l.is_empty())
    );
    assert_eq!(
        counted(&answer, "municipalities"),
        [("GM0599".to_owned(), 3)]
    );
    assert_eq!(answer["municipalities"][0]["label"], "Rotterdam");
    assert!(!answer.to_string().contains("3011"), "{answer}");

    // Written to the store, the counts answer the same, and new ones add to them.
    let state = std::sync::Arc::clone(&app.state);
    let written = tokio::task::spawn_blocking(move || {
        let store = state.workspace.as_ref().expect("workspace").store();
        state.insight.flush(store)
    })
    .await
    .expect("join")
    .expect("flush");
    assert!(written > 0);
    let again = ok(get(&app, "/api/v1/insight", Some(RIJNMOND_KEY)).await).await;
    assert_eq!(again, answer);
    search(&app, "/api/v1/search?q=lasser&tenant=rijnmond", None).await;
    let after = ok(get(&app, "/api/v1/insight", Some(RIJNMOND_KEY)).await).await;
    assert_eq!(
        counted(&after, "words"),
        [("lasser".to_owned(), 3), ("monteur".to_owned(), 3)]
    );
}

#[tokio::test]
async fn an_unknown_tenant_is_refused_and_counts_nothing() {
    let app = app().await;
    let body = problem(
        get(&app, "/api/v1/search?q=monteur&tenant=nobody", None).await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "tenant");
    let answer = ok(get(&app, "/api/v1/insight", Some(RIJNMOND_KEY)).await).await;
    assert_eq!(total(&answer, "searches"), 0);
}

#[tokio::test]
async fn two_tenants_see_only_their_own_counts() {
    let app = app().await;
    for _ in 0..K {
        search(&app, "/api/v1/search?q=lasser&tenant=twente", None).await;
        search(&app, "/api/v1/search?q=monteur&tenant=rijnmond", None).await;
    }
    search(&app, "/api/v1/search?q=elektricien", Some(TWENTE_KEY)).await;
    // A key counts for its own tenant, whatever `tenant` the request names.
    search(
        &app,
        "/api/v1/search?q=elektricien&tenant=rijnmond",
        Some(TWENTE_KEY),
    )
    .await;
    match_profile(&app, "twente").await;

    let twente = ok(get(&app, "/api/v1/insight", Some(TWENTE_KEY)).await).await;
    assert_eq!(twente["tenant"], "twente");
    assert_eq!(total(&twente, "searches"), u64::from(K) + 2);
    assert_eq!(total(&twente, "matches"), 1);
    assert_eq!(counted(&twente, "words"), [("lasser".to_owned(), 3)]);
    let rijnmond = ok(get(&app, "/api/v1/insight", Some(RIJNMOND_KEY)).await).await;
    assert_eq!(total(&rijnmond, "searches"), u64::from(K));
    assert_eq!(total(&rijnmond, "matches"), 0);
    assert_eq!(counted(&rijnmond, "words"), [("monteur".to_owned(), 3)]);
}

#[tokio::test]
async fn a_counted_job_word_is_shown_as_a_word_of_the_job_titles_not_as_its_stem() {
    let app = app().await;
    for word in ["installaties", "technici"] {
        for _ in 0..K {
            search(
                &app,
                &format!("/api/v1/search?q={word}&tenant=rijnmond"),
                None,
            )
            .await;
        }
    }
    let answer = ok(get(&app, "/api/v1/insight", Some(RIJNMOND_KEY)).await).await;
    let words: Vec<(&str, &str)> = answer["words"]
        .as_array()
        .expect("words")
        .iter()
        .map(|w| {
            (
                w["value"].as_str().unwrap_or(""),
                w["label"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // Counted as stems; read as the titles' words: the stem itself where a title has it
    // ("technicus"), else a title's word with that stem ("installaties", not "installatie").
    assert_eq!(
        words,
        [("installatie", "installaties"), ("technicus", "technicus")],
        "{answer}"
    );
}

/// A workspace admin of the organisation a tenant names reads that tenant's insight with their
/// session, no key: `/inzicht/` after logging in to the workspace. A counsellor (not an admin),
/// a session that ended and a request with neither key nor session are refused.
#[tokio::test]
async fn a_workspace_admin_of_the_tenant_s_organisation_reads_its_insight_with_the_session() {
    let config = tenants().replacen(
        "api_keys = [",
        "workspace_organisation = \"org-a\"\napi_keys = [",
        1,
    );
    let app = spawn_app_with_tenants_and_workspace(&config, |c| c.insight.min_count = K).await;
    search(&app, "/api/v1/search?q=monteur&tenant=rijnmond", None).await;
    let with_cookie = |cookie: &str| {
        app.client
            .get(format!("{}/api/v1/insight?lang=en", app.address))
            .header("cookie", cookie.to_owned())
            .send()
    };
    let ann = crate::workspace::login(&app, "ann@a.nl").await;
    let body = ok(with_cookie(&ann.cookie).await.expect("request")).await;
    assert_eq!(body["tenant"], "rijnmond", "{body}");
    assert_eq!(
        body["weeks"].as_array().map(|w| w
            .iter()
            .map(|w| &w["searches"])
            .filter(|n| **n == 1)
            .count()),
        Some(1),
        "{body}"
    );
    let bob = crate::workspace::login(&app, "bob@b.nl").await;
    let refused = problem(with_cookie(&bob.cookie).await.expect("request"), 403).await;
    assert!(
        refused["detail"]
            .as_str()
            .is_some_and(|d| d.contains("only an admin")),
        "{refused}"
    );
    let ended = problem(
        with_cookie("padvinder_session=0000")
            .await
            .expect("request"),
        401,
    )
    .await;
    assert!(
        ended["detail"]
            .as_str()
            .is_some_and(|d| d.contains("Log in")),
        "{ended}"
    );
    problem(get(&app, "/api/v1/insight", None).await, 401).await;
}
