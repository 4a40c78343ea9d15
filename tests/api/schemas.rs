//! The OpenAPI document tells the truth: every real answer (and every problem) validates against
//! the schema the document gives for that route and status, every example request validates
//! against the documented request body, and every documented route answers.

use std::path::Path;

use serde_json::{Value, json};

use super::common::toml_to_json;
use super::helpers::{TestApp, content_type, spawn_app, spawn_app_with};

/// The served document.
async fn document(app: &TestApp) -> Value {
    app.get("/api/openapi.json")
        .await
        .json()
        .await
        .expect("the OpenAPI document is JSON")
}

/// Forbids properties a schema does not name, everywhere in `schema`: an answer with an extra or
/// misspelt field then fails the check instead of passing it unnoticed.
fn strict(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.get("properties").is_some_and(Value::is_object)
                && !map.contains_key("additionalProperties")
            {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(strict);
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// A validator for `schema`, resolving `#/components/...` against the document, with no
/// properties allowed beyond those documented.
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = json!({"components": doc["components"], "allOf": [schema]});
    strict(&mut root);
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the schema does not compile: {e}\n{schema}"))
}

/// Asserts that `body` is valid against `schema`, listing every error.
fn assert_valid(doc: &Value, schema: &Value, body: &Value, what: &str) {
    let v = validator(doc, schema);
    let errors: Vec<String> = v
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: the answer does not match its documented schema:\n  {}",
        errors.join("\n  ")
    );
}

/// Sends a GET (no body) or a JSON POST and checks the answer with [`check`].
async fn checked(
    app: &TestApp,
    doc: &Value,
    method: &str,
    route: &str,
    url: &str,
    body: Option<&str>,
) -> (u16, Value) {
    let response = match body {
        None => app.get(url).await,
        Some(b) => app.post_json(url, b).await,
    };
    check(doc, method, route, url, response).await
}

/// Checks an answer against the document: its status must be documented for the route, with
/// its exact content type, and its body must match that status's schema (text is checked as a
/// JSON string). Returns the status and the body.
pub(super) async fn check(
    doc: &Value,
    method: &str,
    route: &str,
    url: &str,
    response: reqwest::Response,
) -> (u16, Value) {
    let status = response.status().as_u16();
    let served = content_type(&response);
    let documented = &doc["paths"][route][method]["responses"][status.to_string()];
    assert!(
        documented.is_object(),
        "{method} {url} answered {status}, which {route} does not document"
    );
    let content = documented["content"]
        .as_object()
        .expect("documented content");
    // JSON media types are documented without parameters; text ones with theirs.
    let media = content
        .keys()
        .find(|m| served == **m || served.split(';').next() == Some(m.as_str()))
        .unwrap_or_else(|| {
            panic!("{method} {url} answered {status} as {served}, which is not documented: {documented}")
        });
    let value: Value = if !media.contains("json") {
        Value::String(response.text().await.expect("text body"))
    } else {
        response.json().await.expect("a JSON body")
    };
    if let Some(schema) = content[media].get("schema") {
        assert_valid(doc, schema, &value, &format!("{method} {url} ({status})"));
    }
    (status, value)
}

/// The id of the first hit of a search.
async fn first_hit(app: &TestApp, url: &str) -> Value {
    let body: Value = app.get(url).await.json().await.expect("json");
    body["hits"][0]["id"].clone()
}

#[tokio::test]
async fn every_answer_matches_its_documented_schema() {
    // This test walks the whole catalogue from one address, as a scraper would; the default
    // anonymous rate limit stops that after 240 requests, so it is off here (the limit has its
    // own tests in `access`).
    let app = spawn_app_with(|c| {
        c.server.admin_token = Some("token".to_owned());
        c.server.anonymous_rate_limit_per_minute = 0;
    })
    .await;
    let doc = document(&app).await;

    for url in [
        "/api/v1/search?q=elektricien",
        "/api/v1/search?q=elektricen&limit=3&offset=1",
        "/api/v1/search?q=monteur&kind=course&route=BBL&level=3",
        "/api/v1/search?q=software&sector=ict&region=AM01",
        "/api/v1/search?q=",
        "/api/v1/search?q=zzzzqqqq",
    ] {
        let (status, _) = checked(&app, &doc, "get", "/api/v1/search", url, None).await;
        assert_eq!(status, 200, "{url}");
    }
    // The check has teeth: a changed answer fails it.
    let (_, answer) = checked(
        &app,
        &doc,
        "get",
        "/api/v1/search",
        "/api/v1/search?q=lasser",
        None,
    )
    .await;
    let schema = &doc["paths"]["/api/v1/search"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    let v = validator(&doc, schema);
    assert!(v.is_valid(&answer));
    let mut wrong_kind = answer.clone();
    wrong_kind["hits"][0]["kind"] = json!("boat");
    assert!(!v.is_valid(&wrong_kind), "{wrong_kind}");
    let mut extra_field = answer.clone();
    extra_field["hits"][0]["extra"] = json!(1);
    assert!(!v.is_valid(&extra_field), "{extra_field}");
    let mut missing_field = answer;
    missing_field["facets"]
        .as_object_mut()
        .expect("facets")
        .remove("sector");
    assert!(!v.is_valid(&missing_field), "{missing_field}");
    // Repeated parameters count with their last value.
    let (status, repeated) = checked(
        &app,
        &doc,
        "get",
        "/api/v1/search",
        "/api/v1/search?q=zzzz&q=lasser&limit=1&limit=3",
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        repeated["hits"].as_array().map(Vec::len),
        Some(3),
        "{repeated}"
    );
    assert_eq!(
        repeated["hits"][0]["id"],
        first_hit(&app, "/api/v1/search?q=lasser").await
    );
    for url in [
        "/api/v1/search?kind=boat",
        "/api/v1/search?limit=many",
        "/api/v1/search?offset=99999",
    ] {
        let (status, _) = checked(&app, &doc, "get", "/api/v1/search", url, None).await;
        assert_eq!(status, 400, "{url}");
    }
    for url in [
        "/api/v1/suggest?q=heftruck",
        "/api/v1/suggest?q=monteur",
        "/api/v1/suggest?q=a",
    ] {
        checked(&app, &doc, "get", "/api/v1/suggest", url, None).await;
    }

    let (_, list) = checked(&app, &doc, "get", "/api/v1/paths", "/api/v1/paths", None).await;
    let route = "/api/v1/paths/{id}";
    let (mut functions, mut courses) = (0, 0);
    for p in list["paths"].as_array().expect("paths") {
        let id = p["id"].as_str().expect("id");
        let (status, detail) = checked(
            &app,
            &doc,
            "get",
            route,
            &format!("/api/v1/paths/{id}"),
            None,
        )
        .await;
        assert_eq!(status, 200);
        for f in detail["functions"].as_array().expect("functions") {
            let fid = f["id"].as_str().expect("id");
            let url = format!("/api/v1/functions/{fid}");
            checked(&app, &doc, "get", "/api/v1/functions/{id}", &url, None).await;
            functions += 1;
        }
        for t in detail["path"]["transitions"]
            .as_array()
            .expect("transitions")
        {
            for step in t["steps"].as_array().expect("steps") {
                let ids = step.as_object().and_then(|s| s.values().next());
                for c in ids.and_then(Value::as_array).into_iter().flatten() {
                    let url = format!("/api/v1/courses/{}", c.as_str().expect("course id"));
                    let (status, _) =
                        checked(&app, &doc, "get", "/api/v1/courses/{id}", &url, None).await;
                    assert_eq!(status, 200, "{url}");
                    courses += 1;
                }
            }
        }
    }
    // The loops above check nothing when the lists are empty.
    assert!(
        functions > 0 && courses > 0,
        "{functions} functions, {courses} courses"
    );
    for (route, url) in [
        (route, "/api/v1/paths/nope"),
        ("/api/v1/functions/{id}", "/api/v1/functions/nope"),
        ("/api/v1/courses/{id}", "/api/v1/courses/nope"),
    ] {
        let (status, _) = checked(&app, &doc, "get", route, url, None).await;
        assert_eq!(status, 404);
    }

    let personas = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/personas");
    let mut matched = 0;
    for entry in std::fs::read_dir(personas).expect("personas") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        matched += 1;
        let persona: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let body = persona["profile"].to_string();
        let url = "/api/v1/match?limit=50";
        let (status, result) = checked(&app, &doc, "post", "/api/v1/match", url, Some(&body)).await;
        assert_eq!(status, 200, "{}", path.display());
        assert!(
            !result["routes"].as_array().expect("routes").is_empty(),
            "{}",
            path.display()
        );
    }
    assert_eq!(matched, 7, "the seven personas");
    for (body, status) in [
        (r#"{"hours_per_week": 99, "colour": "red"}"#, 422),
        ("not json", 400),
    ] {
        let url = "/api/v1/match";
        let (got, _) = checked(&app, &doc, "post", url, url, Some(body)).await;
        assert_eq!(got, status, "{body}");
    }

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let layout = padvinder::layout::DataLayout::new(root.join("paths"));
    let parameters = padvinder::slim::Parameters::load(&layout.slim_parameters())
        .expect("the SLIM parameters load");
    let cases = root.join("tests/slim_cases");
    let mut evaluated = 0;
    for entry in std::fs::read_dir(cases).expect("slim cases") {
        let path = entry.expect("entry").path();
        evaluated += 1;
        let file: toml::Value = toml::from_str(&std::fs::read_to_string(&path).expect("read"))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let case = toml_to_json(&file["case"]).to_string();
        let url = "/api/v1/slim";
        let (status, answer) = checked(&app, &doc, "post", url, url, Some(&case)).await;
        assert_eq!(status, 200, "{}", path.display());
        // Over HTTP the case is evaluated as the library evaluates it today (tests/slim.rs
        // checks each file's expectations on the file's own date).
        let parsed = padvinder::slim::parse_case(&case, padvinder::messages::Lang::En)
            .expect("the case parses");
        let today = time::OffsetDateTime::now_utc().date();
        let expected = serde_json::to_value(padvinder::slim::evaluate(
            &parameters,
            &parsed,
            today,
            padvinder::messages::Lang::Nl,
        ))
        .expect("json");
        assert_eq!(answer, expected, "{}", path.display());
    }
    assert!(evaluated >= 30, "only {evaluated} SLIM case files");

    let url = "/api/v1/admin/reload";
    let (status, _) = checked(&app, &doc, "post", url, url, Some("{}")).await;
    assert_eq!(status, 401, "no token sent");
    let reloaded = app
        .client
        .post(format!("{}{url}", app.address))
        .bearer_auth("token")
        .send()
        .await
        .expect("reload");
    assert_eq!(reloaded.status(), 200);
    let schema =
        &doc["paths"][url]["post"]["responses"]["200"]["content"]["application/json"]["schema"];
    let body: Value = reloaded.json().await.expect("json");
    assert_valid(&doc, schema, &body, "reload");

    // Problems the layers and extractors give are documented too.
    let big = format!("{{\"skills\": [\"{}\"]}}", "x".repeat(70 * 1024));
    let url = "/api/v1/match";
    let (status, _) = checked(&app, &doc, "post", url, url, Some(&big)).await;
    assert_eq!(status, 413);
    for url in ["/api/v1/match", "/api/v1/slim"] {
        let r = app
            .client
            .post(format!("{}{url}", app.address))
            .header("content-type", "text/plain")
            .body("{}")
            .send()
            .await
            .expect("request");
        let (status, _) = check(&doc, "post", url, url, r).await;
        assert_eq!(status, 415, "{url}");
    }
    for url in ["/healthz", "/readyz", "/metrics"] {
        let (status, _) = checked(&app, &doc, "get", url, url, None).await;
        assert_eq!(status, 200, "{url}");
    }
}

#[tokio::test]
async fn the_documented_request_bodies_accept_the_examples_and_refuse_bad_ones() {
    let app = spawn_app(None).await;
    let doc = document(&app).await;
    let body_schema = |route: &str| {
        doc["paths"][route]["post"]["requestBody"]["content"]["application/json"]["schema"].clone()
    };
    let profile = body_schema("/api/v1/match");
    let case = body_schema("/api/v1/slim");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &Path| -> Value {
        serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("json")
    };

    let mut profiles = vec![read(&root.join("docs/examples/profile-samira.json"))];
    for entry in std::fs::read_dir(root.join("tests/personas")).expect("personas") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            profiles.push(read(&path)["profile"].clone());
        }
    }
    assert_eq!(profiles.len(), 8, "the example and the seven personas");
    for p in &profiles {
        assert_valid(&doc, &profile, p, "example profile");
        // And the server agrees: the documented shape is accepted.
        let r = app.post_json("/api/v1/match", &p.to_string()).await;
        assert_eq!(r.status(), 200, "{p}");
    }
    assert_valid(
        &doc,
        &case,
        &read(&root.join("docs/examples/slim-case.json")),
        "example case",
    );

    // Whole numbers written as floats are whole numbers to both.
    let floats = json!({"course": {"nlqf_level": 3.0, "duration_weeks": 52.0},
        "path_status": "recognised", "course_in_path": "confirmed"});
    assert_valid(&doc, &case, &floats, "a case with 3.0");
    let r = app.post_json("/api/v1/slim", &floats.to_string()).await;
    assert_eq!(r.status(), 200, "{floats}");

    // A schema that accepted anything would prove nothing: what the server refuses, it refuses.
    for bad in [
        json!({"colour": "red"}),
        json!({"hours_per_week": 99}),
        json!({"postcode": "12"}),
        json!({"education_level": "phd"}),
        json!({"diplomas": ["2573"]}),
        json!({"driving_licences": ["Z"]}),
        json!({"earliest_start": "next week"}),
    ] {
        assert!(
            !validator(&doc, &profile).is_valid(&bad),
            "the profile schema accepts {bad}"
        );
        let r = app.post_json("/api/v1/match", &bad.to_string()).await;
        assert_eq!(r.status(), 422, "the server accepts {bad}");
    }
    for bad in [
        json!({"path_status": "recognised", "course_in_path": "confirmed"}),
        json!({"course": {}, "path_status": "maybe", "course_in_path": "confirmed"}),
        json!({"course": {"colour": 1}, "path_status": "none", "course_in_path": "modelled"}),
    ] {
        assert!(
            !validator(&doc, &case).is_valid(&bad),
            "the case schema accepts {bad}"
        );
        let r = app.post_json("/api/v1/slim", &bad.to_string()).await;
        assert_eq!(r.status(), 422, "the server accepts {bad}");
    }
}

#[tokio::test]
async fn every_documented_route_answers() {
    let app = spawn_app(Some("t")).await;
    let doc = document(&app).await;
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 12, "{:?}", paths.keys());
    for (path, item) in paths {
        for method in item.as_object().expect("path item").keys() {
            let url = path.replace("{id}", "x");
            let r = match method.as_str() {
                "get" => app.get(&url).await,
                "post" => app.post_json(&url, "{}").await,
                "patch" => app
                    .client
                    .patch(format!("{}{url}", app.address))
                    .header("content-type", "application/json")
                    .body("{}")
                    .send()
                    .await
                    .expect("request"),
                "delete" => app
                    .client
                    .delete(format!("{}{url}", app.address))
                    .send()
                    .await
                    .expect("request"),
                other => panic!("{other} {path} is documented but not tested here"),
            };
            let status = r.status().as_u16();
            assert_ne!(status, 405, "{method} {path}");
            assert!(status != 404 || url.ends_with("/x"), "{method} {path}");
            assert!(
                item[method]["responses"][status.to_string()].is_object(),
                "{method} {path} answered {status}, which is not documented"
            );
        }
    }
}

#[tokio::test]
async fn the_document_is_valid_openapi_3_1() {
    let app = spawn_app(None).await;
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], "3.1.0");
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/oas/schema-3.1-2022-10-07.json");
    let oas: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read"))
        .expect("the OpenAPI schema is JSON");
    let v = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&oas)
        .expect("the OpenAPI schema compiles");
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid OpenAPI 3.1:\n  {}",
        errors.join("\n  ")
    );
    // The check has teeth: a response without its description is refused.
    let mut broken = doc.clone();
    broken["paths"]["/api/v1/search"]["get"]["responses"]["200"]
        .as_object_mut()
        .expect("response")
        .remove("description");
    assert!(!v.is_valid(&broken));
}
