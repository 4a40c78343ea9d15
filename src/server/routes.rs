//! The handlers. Each reads its input, hands CPU work to a blocking thread, and answers JSON or a
//! problem. No business logic lives here.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::bodies::{
    CourseDetail, CoursePath, FunctionDetail, JsonBody, MatchParams, Params, PathDetail, PathList,
    PathSummary, Place, Postcodes, ProviderPlaces, RecordId, Reloaded, SearchParams, SlimParams,
    SuggestParams, Suggestions,
};
use super::jobs::JobError;
use super::problem::{ErrorCode, FieldError, Problem};
use super::state::{AppState, ReloadError};
use crate::matching::{Detail, MAX_ROUTES, MatchOptions, MatchResult};
use crate::messages::Lang;
use crate::profile::{Profile, ProfileInput};
use crate::search::{self, SearchRequest, SearchResult};
use crate::services::LoadError;
use crate::slim::{Case, Eligibility};

type Shared = Arc<AppState>;

/// A whole number from an optional query value; 400 naming `field` when it is not one.
fn number<T: std::str::FromStr>(
    value: Option<&str>,
    field: &str,
    default: T,
) -> Result<T, Problem> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| {
            let why = if v.bytes().all(|b| b.is_ascii_digit()) {
                "is too large"
            } else {
                "is not a whole number"
            };
            Problem::bad_field(field, format!("\"{v}\" {why}"))
        }),
    }
}

/// Runs CPU-heavy work in the bounded blocking pool ([`super::jobs`]), so search and matching
/// never stall the async worker threads: 503 when the pool is full, and the work stops when
/// the request times out or its client goes away.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Problem> {
    state.jobs.run(work).await.map_err(|e| match e {
        JobError::Busy => Problem::busy(),
        JobError::Failed(_) => Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the request could not be completed",
        ),
    })
}

/// GET /api/v1/search
pub async fn search(
    State(state): State<Shared>,
    Params(q): Params<SearchParams>,
) -> Result<Json<SearchResult>, Problem> {
    let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    let bad = |e: search::SearchError| match e {
        search::SearchError::BadRequest { field, message } => Problem::bad_field(field, message),
        search::SearchError::OverLimit { field, message } => Problem::fields(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{field}: {message}"),
            vec![FieldError::new(field, ErrorCode::TooLong, message)],
        ),
        other => Problem::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
    };
    let kind = given(&q.kind)
        .map(|k| search::parse_kind(&k))
        .transpose()
        .map_err(bad)?;
    let route = given(&q.route)
        .map(|r| search::parse_route(&r))
        .transpose()
        .map_err(bad)?;
    let level = match given(&q.level) {
        None => None,
        Some(l) => Some(number::<u8>(Some(&l), "level", 0)?),
    };
    let request = SearchRequest {
        query: q.q.clone().unwrap_or_default(),
        kind,
        sector: given(&q.sector),
        level,
        route,
        region: given(&q.region),
        limit: number(q.limit.as_deref(), "limit", 10usize)?,
        offset: number(q.offset.as_deref(), "offset", 0usize)?,
    };
    let loaded = state.current();
    let result = blocking(&state, move || {
        search::search(&loaded.index, &loaded.catalogue, &loaded.geo, &request)
    })
    .await?;
    result.map(Json).map_err(bad)
}

/// GET /api/v1/postcodes: every PC4 number padvinder knows, so an app can say at once that a
/// postcode is unknown without sending the person's postcode anywhere.
pub async fn postcodes(State(state): State<Shared>) -> Json<Postcodes> {
    Json(Postcodes {
        pc4: state.current().geo.pc4_numbers(),
    })
}

/// GET /api/v1/suggest: occupations (from the resolver) and functions (prefix search), at most 10.
pub async fn suggest(
    State(state): State<Shared>,
    Params(q): Params<SuggestParams>,
) -> Result<Json<Suggestions>, Problem> {
    let text = q.q.unwrap_or_default();
    let loaded = state.current();
    let suggestions = blocking(&state, move || loaded.suggest(&text)).await?;
    Ok(Json(Suggestions { suggestions }))
}

/// The `lang` query value: Dutch when absent or empty; 400 naming `lang` when not nl or en.
fn lang(value: Option<&str>) -> Result<Lang, Problem> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(Lang::default()),
        Some(v) => Lang::parse(v).map_err(|e| Problem::bad_field("lang", e)),
    }
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// POST /api/v1/match
pub async fn match_profile(
    State(state): State<Shared>,
    Params(q): Params<MatchParams>,
    body: JsonBody<ProfileInput>,
) -> Result<Json<MatchResult>, Problem> {
    let limit: usize = number(q.limit.as_deref(), "limit", 10)?;
    if !(1..=MAX_ROUTES).contains(&limit) {
        return Err(Problem::bad_field(
            "limit",
            format!("should be 1 to {MAX_ROUTES}"),
        ));
    }
    // The language first: the profile's error messages are in it.
    let lang = lang(q.lang.as_deref())?;
    let profile = Profile::from_value_in(&body.value, lang).map_err(profile_problem)?;
    let loaded = state.current();
    let options = MatchOptions {
        limit,
        today: today(),
        lang,
        detail: match q.detail.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Detail::default(),
            Some(v) => Detail::parse(v).map_err(|e| Problem::bad_field("detail", e))?,
        },
    };
    let result = blocking(&state, move || {
        loaded.matcher().match_profile(&profile, &options)
    })
    .await?;
    result.map(Json).map_err(profile_problem)
}

fn profile_problem(e: crate::profile::ProfileError) -> Problem {
    let detail = e.to_string();
    Problem::fields(StatusCode::UNPROCESSABLE_ENTITY, detail, e.errors)
}

/// POST /api/v1/slim
pub async fn slim(
    State(state): State<Shared>,
    Params(q): Params<SlimParams>,
    body: JsonBody<Case>,
) -> Result<Json<Eligibility>, Problem> {
    let lang = lang(q.lang.as_deref())?;
    let case = crate::slim::parse_case_value(body.value, lang).map_err(|e| {
        let detail = e.to_string();
        let errors = match e {
            crate::slim::SlimError::Case { problems } => problems,
            _ => Vec::new(),
        };
        Problem::fields(StatusCode::UNPROCESSABLE_ENTITY, detail, errors)
    })?;
    let loaded = state.current();
    Ok(Json(crate::slim::evaluate(
        &loaded.slim,
        &case,
        today(),
        lang,
    )))
}

/// GET /api/v1/paths
pub async fn paths(State(state): State<Shared>) -> Json<PathList> {
    let loaded = state.current();
    let paths = loaded
        .catalogue
        .paths()
        .iter()
        .map(|p| PathSummary {
            id: p.id.clone(),
            name: p.name.clone(),
            sector: p.sector.clone(),
            status: p.status.word(),
            status_detail: p.status.clone(),
            description: p.description.clone(),
            functions: p.function_ids.len(),
            owners: p.owners.clone(),
            sources: p.provenance.sources.clone(),
            checked: p.provenance.checked,
        })
        .collect();
    Json(PathList { paths })
}

/// GET /api/v1/paths/{id}
pub async fn path(
    State(state): State<Shared>,
    Path(RecordId { id }): Path<RecordId>,
) -> Result<Json<PathDetail>, Problem> {
    let loaded = state.current();
    let cat = &loaded.catalogue;
    let p = cat
        .path(&id)
        .ok_or_else(|| Problem::not_found("development path", &id))?;
    let functions = p
        .function_ids
        .iter()
        .filter_map(|f| cat.function(f))
        .cloned()
        .collect();
    Ok(Json(PathDetail {
        path: p.clone(),
        status: p.status.word(),
        checked: p.provenance.checked,
        functions,
    }))
}

/// GET /api/v1/functions/{id}
pub async fn function(
    State(state): State<Shared>,
    Path(RecordId { id }): Path<RecordId>,
) -> Result<Json<FunctionDetail>, Problem> {
    let loaded = state.current();
    let f = loaded
        .catalogue
        .function(&id)
        .ok_or_else(|| Problem::not_found("function", &id))?;
    Ok(Json(FunctionDetail {
        function: f.clone(),
        checked: f.provenance.checked,
    }))
}

/// GET /api/v1/courses/{id}
pub async fn course(
    State(state): State<Shared>,
    Path(RecordId { id }): Path<RecordId>,
) -> Result<Json<CourseDetail>, Problem> {
    let loaded = state.current();
    let cat = &loaded.catalogue;
    let c = cat
        .course(&id)
        .ok_or_else(|| Problem::not_found("course", &id))?;
    let providers = c
        .provider_ids
        .iter()
        .filter_map(|p| cat.provider(p))
        .map(|p| ProviderPlaces {
            id: p.id.clone(),
            name: p.name.clone(),
            locations: p
                .locations
                .iter()
                .map(|l| {
                    let m = loaded.geo.municipality(&l.municipality);
                    Place {
                        name: l.name.clone(),
                        municipality: m.map(|m| m.name.clone()),
                        region: m.map(|m| m.region_name.clone()),
                    }
                })
                .collect(),
        })
        .collect();
    let paths = cat
        .paths_of_course(&c.id)
        .into_iter()
        .map(|(p, membership)| CoursePath {
            id: p.id.clone(),
            name: p.name.clone(),
            status: p.status.word(),
            membership,
        })
        .collect();
    Ok(Json(CourseDetail {
        course: c.clone(),
        checked: c.provenance.checked,
        providers,
        paths,
    }))
}

/// GET /healthz: the process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// GET /readyz: a catalogue is loaded and its index answers. Lines after the first name the
/// catalogue (its content hash) and, while the last reload was refused, when and why: an older
/// catalogue than the data folder's serves.
pub async fn readyz(State(state): State<Shared>) -> Response {
    let loaded = state.current();
    let docs = loaded.index.reader.searcher().num_docs();
    if docs > 0 {
        let mut text = format!(
            "ready: {docs} documents\ncatalogue: {}\n",
            loaded.catalogue.content_hash()
        );
        match state.last_failure() {
            None => text.push_str("last reload: not refused\n"),
            Some(failure) => {
                let at = failure
                    .at
                    .replace_nanosecond(0)
                    .ok()
                    .and_then(|at| {
                        at.format(&time::format_description::well_known::Rfc3339)
                            .ok()
                    })
                    .unwrap_or_default();
                text.push_str(&format!(
                    "last reload: failed at {at}; the older catalogue serves: {}\n",
                    failure.reason
                ));
            }
        }
        (StatusCode::OK, text).into_response()
    } else {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, "the index is empty").into_response()
    }
}

/// GET /metrics
pub async fn metrics(State(state): State<Shared>) -> Response {
    (
        [(header::CONTENT_TYPE, super::metrics::CONTENT_TYPE)],
        state.metrics.render(),
    )
        .into_response()
}

/// POST /api/v1/admin/reload: only with the configured bearer token; off without one.
pub async fn reload(
    State(state): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Reloaded>, Problem> {
    let Some(token) = state.admin_token().map(str::to_owned) else {
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
    // Constant time, so the answer's timing does not reveal how much of a guess was right.
    if !bool::from(subtle::ConstantTimeEq::ct_eq(
        given.as_bytes(),
        token.as_bytes(),
    )) {
        return Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "a valid admin token is needed",
        ));
    }
    // Not in the pool: a reload is one at a time already, and is not to be refused or stopped.
    let result = tokio::task::spawn_blocking(move || state.try_reload())
        .await
        .map_err(|_| {
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the reload could not be completed",
            )
        })?;
    match result {
        Ok(documents) => Ok(Json(Reloaded {
            reloaded: true,
            documents,
        })),
        Err(ReloadError::Load(LoadError::Invalid { problems, .. })) => {
            let errors = problems
                .iter()
                .map(|p| {
                    FieldError::new(
                        format!("{}:{}", p.file, p.line),
                        ErrorCode::InvalidValue,
                        p.message.clone(),
                    )
                })
                .collect();
            Err(Problem::fields(
                StatusCode::UNPROCESSABLE_ENTITY,
                "the new catalogue has problems; the old one keeps serving",
                errors,
            ))
        }
        Err(ReloadError::Busy) => Err(Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "a reload is already running; try again when it has finished",
        )),
        Err(ReloadError::Load(e)) => Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("the new catalogue could not be loaded ({e}); the old one keeps serving"),
        )),
    }
}
