//! The handlers. Each reads its input, hands CPU work to a blocking thread, and answers JSON or a
//! problem. No business logic lives here.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::problem::{FieldError, Problem};
use super::state::{AppState, LoadError};
use crate::catalog::LearningRoute;
use crate::index::DocKind;
use crate::matching::{MAX_ROUTES, MatchOptions};
use crate::profile::Profile;
use crate::search::{self, SearchRequest};

type Shared = Arc<AppState>;
type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

fn params(p: Params) -> Result<HashMap<String, String>, Problem> {
    p.map(|Query(q)| q)
        .map_err(|e| Problem::new(StatusCode::BAD_REQUEST, format!("query string: {e}")))
}

fn number<T: std::str::FromStr>(
    q: &HashMap<String, String>,
    field: &str,
    default: T,
) -> Result<T, Problem> {
    match q.get(field).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| Problem::bad_field(field, format!("\"{v}\" is not a whole number"))),
    }
}

/// Runs CPU-heavy work on tokio's blocking pool, so search and matching never stall the async
/// worker threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Problem> {
    tokio::task::spawn_blocking(work).await.map_err(|_| {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the request could not be completed",
        )
    })
}

/// GET /api/v1/search
pub async fn search(State(state): State<Shared>, q: Params) -> Result<Response, Problem> {
    let q = params(q)?;
    let kind = match q.get("kind").map(String::as_str).filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(DocKind::parse(k).ok_or_else(|| {
            Problem::bad_field(
                "kind",
                format!("\"{k}\" is not one of function, course, path"),
            )
        })?),
    };
    let route = match q.get("route").map(String::as_str).filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => Some(LearningRoute::parse(r).map_err(|e| Problem::bad_field("route", e))?),
    };
    let level = match q.get("level").filter(|l| !l.is_empty()) {
        None => None,
        Some(_) => Some(number::<u8>(&q, "level", 0)?),
    };
    let request = SearchRequest {
        query: q.get("q").cloned().unwrap_or_default(),
        kind,
        sector: q.get("sector").cloned().filter(|s| !s.is_empty()),
        level,
        route,
        region: q.get("region").cloned().filter(|s| !s.is_empty()),
        limit: number(&q, "limit", 10usize)?,
        offset: number(&q, "offset", 0usize)?,
    };
    let loaded = state.current();
    let result =
        blocking(move || search::search(&loaded.index, &loaded.catalogue, &loaded.geo, &request))
            .await?;
    match result {
        Ok(r) => Ok(Json(r).into_response()),
        Err(search::SearchError::BadRequest { field, message }) => {
            Err(Problem::bad_field(field, message))
        }
        Err(e) => Err(Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            e.to_string(),
        )),
    }
}

/// GET /api/v1/suggest: occupations (from the resolver) and functions (prefix search), at most 10.
pub async fn suggest(State(state): State<Shared>, q: Params) -> Result<Response, Problem> {
    let q = params(q)?;
    let text = q.get("q").cloned().unwrap_or_default();
    let loaded = state.current();
    let suggestions = blocking(move || {
        let mut out: Vec<Value> = Vec::new();
        if text.trim().chars().count() < 2 {
            return out;
        }
        let request = SearchRequest {
            query: text.clone(),
            kind: Some(DocKind::Function),
            limit: 5,
            ..SearchRequest::default()
        };
        if let Ok(found) = search::search(&loaded.index, &loaded.catalogue, &loaded.geo, &request) {
            for hit in found.hits {
                let isco = loaded
                    .catalogue
                    .function(&hit.id)
                    .and_then(|f| f.isco.as_ref())
                    .map(|i| i.as_str().to_owned());
                out.push(
                    json!({"kind": "function", "id": hit.id, "label": hit.title, "isco": isco}),
                );
            }
        }
        // Occupations first: labels that start with what was typed (the person is still typing),
        // then what the resolver makes of the words, without repeats.
        let mut occupations: Vec<Value> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (uri, label, isco) in occupation_completions(&loaded.labels, &text, 5) {
            if seen.insert(uri.clone()) {
                occupations.push(json!({"kind": "occupation", "id": uri, "label": label, "isco": isco}));
            }
        }
        for c in loaded.occupations.resolve(&text, 5) {
            if seen.insert(c.esco_uri.clone()) {
                occupations.push(json!({"kind": "occupation", "id": c.esco_uri, "label": c.label, "isco": c.isco}));
            }
        }
        occupations.truncate(5);
        occupations.extend(out);
        occupations.truncate(10);
        occupations
    })
    .await?;
    Ok(Json(json!({ "suggestions": suggestions })).into_response())
}

/// Occupations whose preferred or alternative label starts with the folded text: preferred
/// labels first, then shorter labels; (uri, preferred label, isco).
fn occupation_completions(
    labels: &[super::state::Label],
    text: &str,
    limit: usize,
) -> Vec<(String, String, String)> {
    let typed = crate::text::words(text).join(" ");
    if typed.chars().count() < 3 {
        return Vec::new();
    }
    labels
        .iter()
        .filter(|l| l.folded.starts_with(&typed))
        .take(limit * 3)
        .map(|l| (l.esco_uri.clone(), l.label.clone(), l.isco.clone()))
        .collect()
}

/// Reads a JSON body: 415 without a JSON content type, 400 when it is not JSON.
fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<Value, Problem> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !(essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")) {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the body as JSON with Content-Type: application/json",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        Problem::fields(
            StatusCode::BAD_REQUEST,
            format!("the body is not valid JSON: {e}"),
            vec![FieldError {
                field: "(body)".into(),
                message: e.to_string(),
            }],
        )
    })
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// POST /api/v1/match
pub async fn match_profile(
    State(state): State<Shared>,
    q: Params,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let q = params(q)?;
    let limit: usize = number(&q, "limit", 10)?;
    if !(1..=MAX_ROUTES).contains(&limit) {
        return Err(Problem::bad_field(
            "limit",
            format!("should be 1 to {MAX_ROUTES}"),
        ));
    }
    let value = json_body(&headers, &body)?;
    let profile = Profile::from_value(&value).map_err(profile_problem)?;
    let loaded = state.current();
    let options = MatchOptions {
        limit,
        today: today(),
    };
    let result = blocking(move || {
        loaded
            .matcher()
            .match_profile(&profile, &options)
            .map(serde_json::to_value)
    })
    .await?;
    match result {
        Ok(Ok(v)) => Ok(Json(v).into_response()),
        Ok(Err(e)) => Err(Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            e.to_string(),
        )),
        Err(e) => Err(profile_problem(e)),
    }
}

fn profile_problem(e: crate::profile::ProfileError) -> Problem {
    let detail = e.to_string();
    Problem::fields(StatusCode::UNPROCESSABLE_ENTITY, detail, e.errors)
}

/// POST /api/v1/slim
pub async fn slim(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let value = json_body(&headers, &body)?;
    let case = crate::slim::parse_case_value(value).map_err(|e| {
        let detail = e.to_string();
        let errors = match e {
            crate::slim::SlimError::Case { problems } => problems,
            _ => Vec::new(),
        };
        Problem::fields(StatusCode::UNPROCESSABLE_ENTITY, detail, errors)
    })?;
    let loaded = state.current();
    let result = crate::slim::evaluate(&loaded.slim, &case, today());
    Ok(Json(result).into_response())
}

/// GET /api/v1/paths
pub async fn paths(State(state): State<Shared>) -> Response {
    let loaded = state.current();
    let list: Vec<Value> = loaded
        .catalogue
        .paths
        .iter()
        .map(|p| {
            json!({
                "id": p.id, "name": p.name, "sector": p.sector, "status": p.status.as_str(),
                "status_detail": p.status, "description": p.description,
                "functions": p.function_ids.len(), "owners": p.owners,
                "sources": p.provenance.sources, "checked": p.provenance.checked.to_string(),
            })
        })
        .collect();
    Json(json!({ "paths": list })).into_response()
}

/// GET /api/v1/paths/{id}
pub async fn path(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let loaded = state.current();
    let cat = &loaded.catalogue;
    let p = cat
        .path(&id)
        .ok_or_else(|| Problem::not_found("development path", &id))?;
    let functions: Vec<&crate::catalog::Function> = p
        .function_ids
        .iter()
        .filter_map(|f| cat.function(f))
        .collect();
    Ok(Json(json!({
        "path": p,
        "status": p.status.as_str(),
        "checked": p.provenance.checked.to_string(),
        "functions": functions,
    }))
    .into_response())
}

/// GET /api/v1/functions/{id}
pub async fn function(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let loaded = state.current();
    let f = loaded
        .catalogue
        .function(&id)
        .ok_or_else(|| Problem::not_found("function", &id))?;
    Ok(Json(json!({ "function": f, "checked": f.provenance.checked.to_string() })).into_response())
}

/// GET /api/v1/courses/{id}
pub async fn course(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let loaded = state.current();
    let cat = &loaded.catalogue;
    let c = cat
        .course(&id)
        .ok_or_else(|| Problem::not_found("course", &id))?;
    let providers: Vec<Value> = c
        .provider_ids
        .iter()
        .filter_map(|p| cat.provider(p))
        .map(|p| {
            let places: Vec<Value> = p
                .locations
                .iter()
                .map(|l| {
                    let m = loaded.geo.municipality(&l.municipality);
                    json!({"name": l.name, "municipality": m.map(|m| m.name.clone()), "region": m.map(|m| m.region_name.clone())})
                })
                .collect();
            json!({"id": p.id, "name": p.name, "locations": places})
        })
        .collect();
    let in_paths: Vec<Value> = cat
        .paths_of_course(&c.id)
        .into_iter()
        .map(|(p, m)| json!({"id": p.id, "name": p.name, "status": p.status.as_str(), "membership": m}))
        .collect();
    Ok(Json(json!({
        "course": c, "checked": c.provenance.checked.to_string(),
        "providers": providers, "paths": in_paths,
    }))
    .into_response())
}

/// GET /healthz: the process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// GET /readyz: a catalogue is loaded and its index answers.
pub async fn readyz(State(state): State<Shared>) -> Response {
    let loaded = state.current();
    let docs = loaded.index.reader.searcher().num_docs();
    if docs > 0 {
        (StatusCode::OK, format!("ready: {docs} documents")).into_response()
    } else {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, "the index is empty").into_response()
    }
}

/// GET /metrics
pub async fn metrics(State(state): State<Shared>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}

/// POST /api/v1/admin/reload: only with the configured bearer token; off without one.
pub async fn reload(State(state): State<Shared>, headers: HeaderMap) -> Result<Response, Problem> {
    let Some(token) = state.admin_token.clone() else {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            "reload over HTTP is off (no admin token configured)",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !constant_time_eq(given.as_bytes(), token.as_bytes()) {
        return Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "a valid admin token is needed",
        ));
    }
    let result = blocking(move || state.try_reload()).await?;
    match result {
        Ok(documents) => {
            Ok(Json(json!({ "reloaded": true, "documents": documents })).into_response())
        }
        Err(LoadError::Invalid(problems)) => {
            let errors = problems
                .iter()
                .map(|p| FieldError {
                    field: format!("{}:{}", p.file, p.line),
                    message: p.message.clone(),
                })
                .collect();
            Err(Problem::fields(
                StatusCode::UNPROCESSABLE_ENTITY,
                "the new catalogue has problems; the old one keeps serving",
                errors,
            ))
        }
        Err(LoadError::Busy) => Err(Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "a reload is already running; try again when it has finished",
        )),
        Err(LoadError::Other(e)) => Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("the new catalogue could not be loaded ({e}); the old one keeps serving"),
        )),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
