//! `padvinder serve`: the JSON API under `/api/v1` and the web app at `/`, one binary.
//!
//! [`app`] builds the router for `main` and for the tests alike. Errors become
//! `application/problem+json` in one place ([`problem`]); bare error statuses from the router
//! (404, 405, 413, 408) are rewritten into problems by [`problem_for_bare_errors`], except a
//! 404 for a page a browser opened, which is a short page with a link to the start.

mod access;
mod assets;
mod bodies;
mod conn;
#[cfg(unix)]
mod control;
mod embed;
mod handoff;
mod headers;
mod insight;
mod jobs;
mod metrics;
mod openapi;
mod plan_checks;
mod problem;
mod rate_limit;
mod routes;
mod state;
mod workspace;
mod workspace_auth;
mod workspace_openapi;
mod workspace_plans;
mod workspace_users;

use std::io::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aide::axum::ApiRouter;
use aide::axum::routing::{ApiMethodRouter, delete_with, get_with, post_with};
use aide::openapi::OpenApi;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use schemars::generate::SchemaSettings;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;

use crate::config::Config;
use crate::messages::api;
use crate::services::Services;
use crate::workspace::Workspace;

pub use problem::Problem;
pub use state::{AppState, ReloadError};

/// The largest request body accepted on any route.
pub const BODY_LIMIT: usize = 64 * 1024;
/// The admin reload route: it loads and indexes a whole catalogue, one at a time, and answers
/// when the new data serves; a time limit would answer 408 while the reload goes on and succeeds.
/// (Every other route answers 408 after `server.request_timeout_secs`.)
const RELOAD_PATH: &str = "/api/v1/admin/reload";

/// The API's routes, each with its OpenAPI description ([`openapi`]). The router and the
/// document are built from these same calls, so every route is documented and vice versa.
///
/// The job seeker API's routes are `admitted` ([`access::admit`]): each checks the API key
/// and counts the request against its rate limit once its path and method match. A method a
/// route does not have is the router's 405 (an unknown path its 404): nothing runs, so there
/// is no key to judge or request to count.
fn api_routes(state: &Arc<AppState>) -> ApiRouter<Arc<AppState>> {
    let admitted = |route: ApiMethodRouter<Arc<AppState>>| {
        route.route_layer(middleware::from_fn_with_state(
            Arc::clone(state),
            access::admit,
        ))
    };
    ApiRouter::new()
        .api_route(
            "/api/v1/search",
            admitted(get_with(routes::search, openapi::search)),
        )
        .api_route(
            "/api/v1/suggest",
            admitted(get_with(routes::suggest, openapi::suggest)),
        )
        .api_route(
            "/api/v1/match",
            admitted(post_with(routes::match_profile, openapi::match_profile)),
        )
        .api_route(
            "/api/v1/postcodes",
            admitted(get_with(routes::postcodes, openapi::postcodes)),
        )
        .api_route(
            "/api/v1/fees",
            admitted(get_with(routes::fees, openapi::fees)),
        )
        .api_route(
            "/api/v1/slim",
            admitted(post_with(routes::slim, openapi::slim)),
        )
        .api_route(
            "/api/v1/paths",
            admitted(get_with(routes::paths, openapi::paths)),
        )
        .api_route(
            "/api/v1/paths/{id}",
            admitted(get_with(routes::path, openapi::path)),
        )
        .api_route(
            "/api/v1/functions/{id}",
            admitted(get_with(routes::function, openapi::function)),
        )
        .api_route(
            "/api/v1/courses/{id}",
            admitted(get_with(routes::course, openapi::course)),
        )
        .api_route(
            "/api/v1/insight",
            admitted(get_with(insight::insight, openapi::insight)),
        )
        .api_route(
            "/api/v1/handoff",
            admitted(post_with(handoff::handoff, openapi::handoff))
                .layer(DefaultBodyLimit::max(handoff::HANDOFF_BODY_LIMIT)),
        )
        .api_route(RELOAD_PATH, post_with(routes::reload, openapi::reload))
        .api_route("/healthz", get_with(routes::healthz, openapi::healthz))
        .api_route("/readyz", get_with(routes::readyz, openapi::readyz))
        .api_route("/metrics", get_with(routes::metrics, openapi::metrics))
        .merge(workspace_routes())
        // Described with the plans, but with a profile it needs no account: the job seeker API.
        .api_route(
            "/api/v1/compare",
            admitted(post_with(
                workspace_plans::compare,
                workspace_openapi::compare,
            )),
        )
}

/// The counsellor workspace's routes (docs/workspace.md).
fn workspace_routes() -> ApiRouter<Arc<AppState>> {
    use workspace as ws;
    use workspace_openapi as doc;
    use workspace_plans as plans;
    use workspace_users as users;
    ApiRouter::new()
        .api_route(
            "/api/v1/session",
            post_with(ws::login, doc::login)
                .get_with(ws::current_session, doc::current_session)
                .delete_with(ws::logout, doc::logout),
        )
        .api_route(
            "/api/v1/clients",
            post_with(ws::create_client, doc::create_client).get_with(ws::caseload, doc::caseload),
        )
        .api_route(
            "/api/v1/clients/{id}",
            get_with(ws::client, doc::client)
                .patch_with(ws::update_client, doc::update_client)
                .delete_with(ws::erase_client, doc::erase_client),
        )
        .api_route(
            "/api/v1/clients/{id}/export",
            get_with(ws::export_client, doc::export_client),
        )
        .api_route("/api/v1/audit", get_with(ws::audit, doc::audit))
        .api_route(
            "/api/v1/users",
            get_with(users::users, doc::users).post_with(users::add_user, doc::add_user),
        )
        .api_route(
            "/api/v1/users/{email}",
            delete_with(users::remove_user, doc::remove_user)
                .patch_with(users::change_role, doc::change_role),
        )
        .api_route(
            "/api/v1/clients/{id}/plans",
            post_with(plans::create_plan, doc::create_plan)
                .get_with(plans::client_plans, doc::client_plans),
        )
        .api_route(
            "/api/v1/plans/{id}",
            get_with(plans::plan, doc::plan)
                .patch_with(plans::update_plan, doc::update_plan)
                .delete_with(plans::delete_plan, doc::delete_plan),
        )
        .api_route(
            "/api/v1/plans/{id}/changes",
            get_with(plans::plan_changes, doc::plan_changes),
        )
        .api_route(
            "/api/v1/plans/{id}/changes/seen",
            post_with(plans::see_changes, doc::see_changes),
        )
        .api_route(
            "/api/v1/plans/{id}/share",
            post_with(plans::share_plan, doc::share_plan)
                .delete_with(plans::unshare_plan, doc::unshare_plan),
        )
        .api_route(
            "/api/v1/shared/{token}",
            get_with(plans::shared_plan, doc::shared_plan),
        )
}

/// The API's router and, from the same calls, its OpenAPI document. Answers are described as
/// serde writes them; what a route reads is described by its extractors ([`bodies`]).
fn documented_api(state: &Arc<AppState>) -> (Router<Arc<AppState>>, OpenApi) {
    aide::generate::in_context(|ctx| {
        ctx.schema = SchemaSettings::draft07()
            .with(|s| {
                s.inline_subschemas = false;
                s.definitions_path = "#/components/schemas/".into();
            })
            .for_serialize()
            .into_generator();
    });
    let mut doc = openapi::base();
    let router = api_routes(state).finish_api(&mut doc);
    (router, doc)
}

/// The router with every route and layer, around shared state.
pub fn app(state: Arc<AppState>) -> Router {
    let (api, doc) = documented_api(&state);
    // Written once; each request shares the same bytes.
    let doc = axum::body::Bytes::from(serde_json::to_vec_pretty(&doc).unwrap_or_default());
    api.route(
        "/api/openapi.json",
        get(move || assets::openapi(doc.clone())),
    )
    .route("/embed/{tenant}/", get(embed::page))
    .route("/embed/{tenant}/theme.css", get(embed::theme))
    .route("/", get(assets::index).fallback(assets::other_method))
    .route("/werkplek", get(assets::workspace_slash))
    .route("/werkplek/", get(assets::workspace))
    .route("/inzicht", get(assets::insight_slash))
    .route("/inzicht/", get(assets::insight))
    .route("/{*file}", get(assets::file).fallback(assets::other_method))
    // Inner to outer (the job seeker API's keys and rate limits are on its routes, innermost):
    // the limits and the timeout answer before a handler runs; their bare errors become
    // problems; then the job seeker API's CORS (so every answer a tenant's page gets, errors
    // included, carries its CORS headers); then
    // compression; nosniff and the caching policy on every answer (errors included);
    // outermost, metrics and the log line see every request once with its final status,
    // timeouts and rejections included.
    .layer(DefaultBodyLimit::max(BODY_LIMIT))
    .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
    .layer(middleware::from_fn_with_state(
        Arc::clone(&state),
        time_limit,
    ))
    .layer(middleware::from_fn(problem_for_bare_errors))
    .layer(middleware::from_fn_with_state(
        Arc::clone(&state),
        access::cors,
    ))
    .layer(CompressionLayer::new())
    .layer(middleware::from_fn(headers::policy))
    .layer(middleware::from_fn_with_state(Arc::clone(&state), observe))
    .with_state(state)
}

/// Metrics and one log line per request: method (a known verb or `OTHER`), route pattern,
/// status, time; the client's IP address only when `server.log_client_addr` is on. Never the
/// path, query string or body, which may hold a person's data.
async fn observe(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = metrics::Method::of(request.method().as_str());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(unmatched)".to_owned(), |p| p.as_str().to_owned());
    let client = request
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .filter(|_| state.config.server.log_client_addr)
        .map(|info| info.0.ip());
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    state.metrics.record(method, &route, status, elapsed);
    let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
    let method = method.word();
    match client {
        Some(client) => tracing::info!(%method, %route, status, micros, %client, "request"),
        None => tracing::info!(%method, %route, status, micros, "request"),
    }
    response
}

/// Answers 408 when a request takes longer than `server.request_timeout_secs`, except the admin
/// reload. Dropping the handler's future at the limit stops its blocking work ([`jobs`]).
async fn time_limit(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if request.uri().path() == RELOAD_PATH {
        return next.run(request).await;
    }
    let limit = state.config.server.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// Turns error responses without a body of ours (the router's 404/405, the body limit's 413,
/// the timeout's 408) into problem+json, so every error has the same shape; a 404 for a page a
/// browser opened ([`wants_page`]) becomes a page a person can read ([`assets::page_not_found`]).
async fn problem_for_bare_errors(request: Request, next: Next) -> Response {
    let lang = problem::request_lang(request.uri(), request.headers());
    let page = wants_page(&request);
    let response = next.run(request).await;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    if page && status == StatusCode::NOT_FOUND {
        return assets::page_not_found(lang);
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let problem = match status {
        StatusCode::PAYLOAD_TOO_LARGE => Problem::too_large(lang),
        StatusCode::NOT_FOUND => Problem::new(status, api::nothing_here(lang)),
        StatusCode::METHOD_NOT_ALLOWED => Problem::new(status, api::method_not_allowed(lang)),
        StatusCode::REQUEST_TIMEOUT => Problem::new(status, api::took_too_long(lang)),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Problem::new(status, api::send_json(lang)),
        // axum's own rejections (a path it cannot decode, say) explain themselves in a short
        // text body: keep those words rather than only the status name.
        other => match short_text(response).await {
            Some(text) => Problem::new(other, text),
            None => Problem::new(other, other.canonical_reason().unwrap_or("error")),
        },
    };
    let mut problem = problem.into_response();
    if let Some(allow) = allow {
        problem.headers_mut().insert(header::ALLOW, allow);
    }
    problem
}

/// Whether a browser opens this address as a page (it asks for HTML, outside the API), so a
/// person reads the answer.
fn wants_page(request: &Request) -> bool {
    let method = request.method();
    let path = request.uri().path();
    (method == axum::http::Method::GET || method == axum::http::Method::HEAD)
        && !path.starts_with("/api/")
        && request
            .headers()
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.contains("text/html"))
}

/// The body of a response as text, when it is short, UTF-8 and not blank.
async fn short_text(response: Response) -> Option<String> {
    let bytes = axum::body::to_bytes(response.into_body(), 2048)
        .await
        .ok()?;
    String::from_utf8(bytes.to_vec())
        .ok()
        .filter(|t| !t.trim().is_empty())
}

/// Loads the services, binds and serves until Ctrl-C or SIGTERM; SIGHUP reloads the data.
pub async fn serve(config: Config) -> Result<(), String> {
    let to_load = config.clone();
    let services = tokio::task::spawn_blocking(move || Services::load(&to_load))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let addr = config.server.addr;
    let tenants =
        crate::services::tenants_in(&services.geo, &config.tenants).map_err(|e| e.to_string())?;
    // Opening a PostgreSQL store connects and migrates, blocking: not on an async thread.
    let to_open = config.clone();
    let workspace = tokio::task::spawn_blocking(move || open_workspace(&to_open))
        .await
        .map_err(|e| e.to_string())??;
    let state = Arc::new(
        AppState::new(Arc::new(services), config)
            .with_workspace(Arc::clone(&workspace))
            .with_tenants(tenants),
    );
    // Before the server says it listens: a TERM from then on stops it gracefully.
    let shutdown = shutdown_signal();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    conn::raise_open_file_limit(state.config.server.max_connections);
    tracing::info!(address = %local, "padvinder is serving on http://{local}");
    // A closed stdout (`padvinder serve | head`) must not stop the server: ignore the error.
    let _ = writeln!(
        std::io::stdout(),
        "padvinder: serving on http://{local} (Ctrl-C stops)"
    );
    tokio::spawn(reload_on_sighup(Arc::clone(&state)));
    tokio::spawn(sweep_daily(Arc::clone(&workspace)));
    tokio::spawn(check_plans_daily(Arc::clone(&state)));
    tokio::spawn(insight::flush_periodically(Arc::clone(&state)));
    // A sled store is this process's alone: commands reach it through the control socket. A
    // PostgreSQL store is shared, and commands open it themselves.
    #[cfg(unix)]
    if let Some(dir) = state.config.workspace.store.dir() {
        control::listen(dir, Arc::clone(&workspace))?;
    }
    serve_on(listener, Arc::clone(&state), shutdown).await;
    // The requests have finished: their insight counts go to the store before the process ends.
    insight::flush(&state).await;
    Ok(())
}

/// Serves the app on `listener` until `shutdown` completes, then lets requests in flight
/// finish: the connection limits and timeouts of `state.config.server` apply ([`conn`]).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let router = app(Arc::clone(&state));
    conn::serve(listener, router, state, shutdown).await;
}

/// Opens the workspace's store; refuses to serve when another process has it.
fn open_workspace(config: &Config) -> Result<Arc<Workspace>, String> {
    let store = crate::services::open_store(&config.workspace.store).map_err(|e| e.to_string())?;
    Ok(Arc::new(Workspace::new(
        store,
        config.workspace.retention_months,
    )))
}

/// The retention sweep, at start and then every 24 hours.
async fn sweep_daily(workspace: Arc<Workspace>) {
    let mut every_day = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
    loop {
        every_day.tick().await;
        let ws = Arc::clone(&workspace);
        let swept = tokio::task::spawn_blocking(move || {
            let now = time::OffsetDateTime::now_utc();
            ws.sweep(now.date(), now)
        })
        .await;
        match swept {
            Ok(Ok(erased)) => tracing::info!(erased = erased.len(), "retention sweep"),
            Ok(Err(e)) => tracing::warn!(error = %e, "retention sweep failed"),
            Err(e) => tracing::warn!(error = %e, "retention sweep failed"),
        }
    }
}

/// Compares the saved plans with the catalogue at start and then every 24 hours (application
/// windows pass and school years change without a reload); reloads ask for it too.
async fn check_plans_daily(state: Arc<AppState>) {
    let mut every_day = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
    loop {
        every_day.tick().await;
        state.check_plans();
    }
}

/// Sets up the handlers of SIGTERM and SIGINT (Ctrl-C) now, and answers a future that
/// completes when one arrives. Called before the server says it listens: a signal that came
/// after that line but before a lazily made handler would end the process at once (the
/// default action), with requests in flight and without flushing.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let handlers = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::terminate()).ok(),
            signal(SignalKind::interrupt()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let (terminate, interrupt) = handlers;
            tokio::select! {
                () = next_signal(terminate) => {},
                () = next_signal(interrupt) => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}

/// The next delivery of a signal whose handler is set up; never, when it could not be.
#[cfg(unix)]
async fn next_signal(handler: Option<tokio::signal::unix::Signal>) {
    match handler {
        Some(mut s) => {
            s.recv().await;
        }
        None => std::future::pending::<()>().await,
    }
}

#[cfg(unix)]
async fn reload_on_sighup(state: Arc<AppState>) {
    let Ok(mut hangups) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
    else {
        return;
    };
    while hangups.recv().await.is_some() {
        let s = Arc::clone(&state);
        match tokio::task::spawn_blocking(move || s.reload()).await {
            Ok(Ok(documents)) => tracing::info!(documents, "catalogue reloaded"),
            Ok(Err(ReloadError::Load(e))) => tracing::warn!(
                reason = %state::refusal_reason(&e),
                "reload refused; the old catalogue keeps serving"
            ),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "reload refused; the old catalogue keeps serving")
            }
            Err(e) => tracing::warn!(error = %e, "reload failed"),
        }
    }
}

#[cfg(not(unix))]
async fn reload_on_sighup(_: Arc<AppState>) {}
