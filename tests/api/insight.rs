//! Issue 12 §6 over HTTP: what a job centre's embed and its API key count, kept in the store.

use padvinder::store::{InsightCount, InsightKind, IsoWeek};
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app_with_tenants_and_workspace};

const RIJNMOND_KEY: &str = "pvk_1111111111111111111111111111111111111111111111111111111111111111";
const TWENTE_KEY: &str = "pvk_2222222222222222222222222222222222222222222222222222222222222222";
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
    spawn_app_with_tenants_and_workspace(&tenants(), |_| {}).await
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
    let result = match_profile(&app, "rijnmond").await;
    let counts = stored(&app, "rijnmond").await;
    assert_eq!(stored_count(&counts, InsightKind::Searches, ""), 2);
    assert_eq!(stored_count(&counts, InsightKind::Word, "monteur"), 2);
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
                || c.value == "GM0599",
            "{c:?}"
        );
    }
    assert!(stored(&app, "twente").await.is_empty());
    // Written once: a second flush adds nothing.
    assert_eq!(stored(&app, "rijnmond").await, counts);
}
