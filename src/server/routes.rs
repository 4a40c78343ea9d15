//! The handlers. Each reads its input, hands CPU work to a blocking thread, and answers JSON or a
//! problem. No business logic lives here.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

use super::access::KeyTenant;
use super::bodies::{
    CourseDetail, CoursePath, FunctionDetail, JsonBody, LangParams, MatchParams, Params,
    PathDetail, PathList, PathSummary, Place, Postcodes, ProviderPlaces, RecordId, Reloaded,
    SearchParams, SuggestParams, Suggestions,
};
use super::jobs::JobError;
use super::problem::{ErrorCode, FieldError, Problem, shown};
use super::state::{AppState, ReloadError};
use crate::config::ServedTenant;
use crate::fees::FeeTexts;
use crate::matching::{Detail, MAX_ROUTES, MatchOptions, MatchResult};
use crate::messages::{Lang, api};
use crate::profile::{Profile, ProfileInput};
use crate::search::{self, SearchRequest, SearchResult};
use crate::services::LoadError;
use crate::slim::{Case, Eligibility};
use crate::store::IsoWeek;

type Shared = Arc<AppState>;

/// A whole number from an optional query value; 400 naming `field` when it is not one.
fn number<T: std::str::FromStr>(
    value: Option<&str>,
    field: &str,
    default: T,
    lang: Lang,
) -> Result<T, Problem> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| {
            let why = if v.bytes().all(|b| b.is_ascii_digit()) {
                api::number_too_large(lang, v)
            } else {
                api::not_whole_number(lang, v)
            };
            Problem::bad_field(field, why)
        }),
    }
}

/// Runs CPU-heavy work in the bounded blocking pool ([`super::jobs`]), so search and matching
/// never stall the async worker threads: 503 when the pool is full, and the work stops when
/// the request times out or its client goes away.
pub(super) async fn blocking<T: Send + 'static>(
    state: &AppState,
    lang: Lang,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Problem> {
    state.jobs.run(work).await.map_err(|e| match e {
        JobError::Busy => Problem::busy(lang),
        JobError::Failed(_) => {
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR, api::not_completed(lang))
        }
    })
}

/// A search error as a problem in `lang`: the field it names, in the person's words. The
/// request's own values are named again; limits are the search module's.
fn search_problem(e: search::SearchError, q: &SearchParams, lang: Lang) -> Problem {
    use search::SearchError as E;
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    match e {
        E::BadRequest { field, message } => {
            let message = match field {
                "kind" => api::not_one_of(lang, &value(&q.kind), "function, course, path"),
                "route" => api::not_one_of(
                    lang,
                    &value(&q.route),
                    "BBL, BOL, derde_leerweg, deeltijd, online, kort",
                ),
                "level" => api::level_out_of_range(lang, value(&q.level).trim()),
                "limit" => number::<usize>(q.limit.as_deref(), "limit", 0, lang)
                    .map_or(message, |n| api::more_than(lang, n, search::MAX_LIMIT)),
                "offset" => number::<usize>(q.offset.as_deref(), "offset", 0, lang)
                    .map_or(message, |n| api::more_than(lang, n, search::MAX_OFFSET)),
                "region" => api::unknown_region(lang, &value(&q.region)),
                _ => message,
            };
            Problem::bad_field(field, message)
        }
        E::OverLimit { field, message } => over_limit(field, message, &value(&q.q), lang),
        E::Index(_) => Problem::new(StatusCode::INTERNAL_SERVER_ERROR, api::not_completed(lang)),
    }
}

/// 422 for a search text `text` over one of the search module's limits, named in `lang`.
fn over_limit(field: &'static str, message: String, text: &str, lang: Lang) -> Problem {
    let long = text.chars().nth(search::MAX_QUERY_CHARS).is_some();
    let message = match field {
        "q" if long => api::query_too_long(lang, search::MAX_QUERY_CHARS),
        "q" => api::query_too_many_words(lang, search::MAX_QUERY_WORDS),
        _ => message,
    };
    Problem::fields(
        StatusCode::UNPROCESSABLE_ENTITY,
        format!("{field}: {message}"),
        vec![FieldError::new(field, ErrorCode::TooLong, message)],
    )
}

/// GET /api/v1/search
pub async fn search(
    State(state): State<Shared>,
    headers: HeaderMap,
    key: Option<Extension<KeyTenant>>,
    Params(q): Params<SearchParams>,
) -> Result<Json<SearchResult>, Problem> {
    let lang = lang(q.lang.as_deref(), &headers)?;
    let tenant = known_tenant(&state, q.tenant.as_deref(), lang)?;
    let counted = counted_tenant(tenant.as_ref(), key.as_ref());
    let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    let bad = |e: search::SearchError| search_problem(e, &q, lang);
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
        Some(l) => Some(number::<u8>(Some(&l), "level", 0, lang)?),
    };
    let request = SearchRequest {
        query: q.q.clone().unwrap_or_default(),
        kind,
        sector: given(&q.sector),
        level,
        route,
        region: given(&q.region),
        limit: number(q.limit.as_deref(), "limit", 10usize, lang)?,
        offset: number(q.offset.as_deref(), "offset", 0usize, lang)?,
    };
    let first_page = request.offset == 0;
    let loaded = state.current();
    let result = blocking(&state, lang, move || {
        let result = search::search(&loaded.index, &loaded.catalogue, &loaded.geo, &request);
        // The words for insight, from the index this search used.
        let words = match (&result, counted.is_some() && first_page) {
            (Ok(found), true) => searched_job_words(&found.matched_stems, &loaded.index.vocabulary),
            _ => Vec::new(),
        };
        (result, counted, words)
    })
    .await?;
    let (result, counted, words) = result;
    let result = result.map_err(bad)?;
    // A search is counted once, for its first page ("more results" is the same question).
    if let Some(id) = counted.filter(|_| first_page) {
        state.insight.searched(&id, this_week(), &words);
    }
    Ok(Json(result))
}

/// GET /api/v1/postcodes: every PC4 number padvinder knows, so an app can say at once that a
/// postcode is unknown without sending the person's postcode anywhere.
pub async fn postcodes(State(state): State<Shared>) -> Json<Postcodes> {
    Json(Postcodes {
        pc4: state.current().geo.pc4_numbers(),
    })
}

/// GET /api/v1/fees: how costs are computed from the legal mbo fees today (school year used,
/// sources, who may pay); the same for every answer, whose steps name only their basis.
pub async fn fees(
    State(state): State<Shared>,
    headers: HeaderMap,
    Params(q): Params<LangParams>,
) -> Result<Json<FeeTexts>, Problem> {
    let lang = lang(q.lang.as_deref(), &headers)?;
    Ok(Json(state.current().fees.texts(today(), lang)))
}

/// GET /api/v1/suggest: occupations (from the resolver) and functions (prefix search), at most 10.
pub async fn suggest(
    State(state): State<Shared>,
    headers: HeaderMap,
    Params(q): Params<SuggestParams>,
) -> Result<Json<Suggestions>, Problem> {
    let text = q.q.unwrap_or_default();
    let lang = api::preferred(None, header_text(&headers, header::ACCEPT_LANGUAGE));
    // The words typed are held to search's limits (the function suggestions are a search).
    if let Err(search::SearchError::OverLimit { field, message }) = search::searched_words(&text) {
        return Err(over_limit(field, message, &text, lang));
    }
    let loaded = state.current();
    let suggestions = blocking(&state, lang, move || loaded.suggest(&text)).await?;
    Ok(Json(Suggestions { suggestions }))
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The `lang` query value; when absent or empty the `Accept-Language` header's choice of nl and
/// en, else Dutch. 400 naming `lang` when it is not nl or en (said in the header's language).
pub(super) fn lang(value: Option<&str>, headers: &HeaderMap) -> Result<Lang, Problem> {
    let accepted = api::preferred(None, header_text(headers, header::ACCEPT_LANGUAGE));
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(accepted),
        Some(v) => Lang::parse(v)
            .map_err(|_| Problem::bad_field("lang", api::not_one_of(accepted, v, "nl, en"))),
    }
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// POST /api/v1/match
pub async fn match_profile(
    State(state): State<Shared>,
    headers: HeaderMap,
    key: Option<Extension<KeyTenant>>,
    Params(q): Params<MatchParams>,
    body: JsonBody<ProfileInput>,
) -> Result<Json<MatchResult>, Problem> {
    // The language first: the profile's error messages are in it.
    let lang = lang(q.lang.as_deref(), &headers)?;
    let limit: usize = number(q.limit.as_deref(), "limit", 10, lang)?;
    if !(1..=MAX_ROUTES).contains(&limit) {
        return Err(Problem::bad_field(
            "limit",
            lang.pick(
                format!("moet 1 tot en met {MAX_ROUTES} zijn"),
                format!("should be 1 to {MAX_ROUTES}"),
            ),
        ));
    }
    let profile = Profile::from_value_in(&body.value, lang).map_err(profile_problem)?;
    let tenant = known_tenant(&state, q.tenant.as_deref(), lang)?;
    let prefer_region = tenant.as_ref().map(|t| t.region_code.clone());
    let counted = counted_tenant(tenant.as_ref(), key.as_ref());
    let loaded = state.current();
    // Only a counted match needs the profile's municipality.
    let municipality = counted
        .as_ref()
        .and(profile.postcode)
        .and_then(|p| loaded.geo.pc4(p.pc4).map(|a| a.municipality_code.clone()));
    let options = MatchOptions {
        prefer_region,
        limit,
        today: today(),
        lang,
        detail: match q.detail.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Detail::default(),
            Some(v) => Detail::parse(v).map_err(|_| {
                Problem::bad_field("detail", api::not_one_of(lang, v, "summary, full"))
            })?,
        },
    };
    let result = blocking(&state, lang, move || {
        loaded.matcher().match_profile(&profile, &options)
    })
    .await?
    .map_err(profile_problem)?;
    if let Some(id) = counted {
        let targets: Vec<String> = result.routes.iter().map(|r| r.target.id.clone()).collect();
        state
            .insight
            .matched(&id, this_week(), &targets, municipality.as_deref());
    }
    Ok(Json(result))
}

/// The tenant of a request's `tenant` value, if given; 422 naming `tenant` when the config has
/// no such tenant.
fn known_tenant(
    state: &AppState,
    id: Option<&str>,
    lang: Lang,
) -> Result<Option<Arc<ServedTenant>>, Problem> {
    let Some(id) = id.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    state.tenants().get(id).cloned().map(Some).ok_or_else(|| {
        // Which tenants exist is decided by the config, not by the request's shape.
        let message = lang.pick(
            format!("geen organisatie met id \"{}\"", shown(id)),
            format!("no tenant \"{}\"", shown(id)),
        );
        Problem::fields(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("tenant: {message}"),
            vec![FieldError::new("tenant", ErrorCode::InvalidValue, message)],
        )
    })
}

/// The tenant a search or match counts for in insight: the API key's tenant, else the embed's
/// `tenant` value.
fn counted_tenant(
    tenant: Option<&Arc<ServedTenant>>,
    key: Option<&Extension<KeyTenant>>,
) -> Option<String> {
    key.map(|Extension(KeyTenant(t))| t)
        .or(tenant)
        .map(|t| t.tenant.id.clone())
}

pub(super) fn this_week() -> IsoWeek {
    IsoWeek::of(today())
}

/// The job words of a search for insight: the stems the search found its hits with (no second
/// analysis of the typed words), when the catalogue's titles hold that stem (so nothing else a
/// person types is counted); each once.
fn searched_job_words(matched: &[String], vocabulary: &crate::index::Vocabulary) -> Vec<String> {
    let mut stems: Vec<String> = matched
        .iter()
        .filter(|stem| vocabulary.contains(stem))
        .cloned()
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

fn profile_problem(e: crate::profile::ProfileError) -> Problem {
    let detail = e.to_string();
    Problem::fields(StatusCode::UNPROCESSABLE_ENTITY, detail, e.errors)
}

/// POST /api/v1/slim
pub async fn slim(
    State(state): State<Shared>,
    headers: HeaderMap,
    Params(q): Params<LangParams>,
    body: JsonBody<Case>,
) -> Result<Json<Eligibility>, Problem> {
    let lang = lang(q.lang.as_deref(), &headers)?;
    let case = crate::slim::parse_case_value(body.value, lang).map_err(|e| match e {
        crate::slim::SlimError::Case { problems } => Problem::fields(
            StatusCode::UNPROCESSABLE_ENTITY,
            api::case_invalid(lang, &crate::slim::case_problems(&problems)),
            problems,
        ),
        other => Problem::new(StatusCode::UNPROCESSABLE_ENTITY, other.to_string()),
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
/// catalogue (its content hash) and the SLIM rules version it serves, so an operator (or a check)
/// can see that every instance behind a proxy serves the same version, and, while the last
/// reload was refused, when and why: an older catalogue than the data folder's serves.
pub async fn readyz(State(state): State<Shared>) -> Response {
    let loaded = state.current();
    let docs = loaded.index.reader.searcher().num_docs();
    if docs > 0 {
        let mut text = format!(
            "ready: {docs} documents\ncatalogue: {}\nrules: {}\n",
            loaded.catalogue.content_hash(),
            loaded.slim.version()
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
    Params(q): Params<LangParams>,
) -> Result<Json<Reloaded>, Problem> {
    let lang = lang(q.lang.as_deref(), &headers)?;
    let Some(token) = state.admin_token().map(str::to_owned) else {
        return Err(Problem::new(StatusCode::NOT_FOUND, api::reload_off(lang)));
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
            api::token_needed(lang),
        ));
    }
    // Not in the pool: a reload is one at a time already, and is not to be refused or stopped.
    let result = tokio::task::spawn_blocking(move || state.try_reload())
        .await
        .map_err(|_| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, api::not_completed(lang)))?;
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
                api::reload_problems(lang),
                errors,
            ))
        }
        Err(ReloadError::Busy) => Err(Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            api::reload_busy(lang),
        )),
        Err(ReloadError::Load(LoadError::Config(why))) => Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            api::reload_config_failed(lang, &why),
        )),
        Err(ReloadError::Load(e)) => Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            api::reload_failed(lang, &e.to_string()),
        )),
    }
}
