//! Who may call the job seeker API, and how often (issue 12 §5; docs/embed.md).
//!
//! The job seeker API is `/api/v1/…` without the workspace routes (session cookie) and the
//! admin routes (own token). On it:
//! - CORS: a browser on a tenant's listed origin may call it (preflight answered,
//!   `Access-Control-Allow-Origin` echoing the origin, `Vary: Origin`); any other origin gets
//!   no CORS headers, and its preflight a 403. Never with credentials: the API needs no cookie.
//! - `Authorization: Bearer KEY` identifies a tenant for server-to-server use (its hash among a
//!   tenant's `api_keys`, compared in constant time); any other value of the header is 401.
//! - Rate limits ([`super::rate_limit`]): a tenant's requests with its keys at its
//!   `rate_limit_per_minute`; requests without a key per client address at
//!   `server.anonymous_rate_limit_per_minute`. Over the limit: 429 with `Retry-After`. Counted
//!   in this process: with `server.instances = N` behind a round-robin proxy, each instance
//!   allows the limit divided by N ([`crate::config::ServerConfig::per_instance`]), so the
//!   total a client gets stays the limit (the 429 names the configured limit). A wrong
//!   key counts against its address, so guessing keys is limited too.
//!
//! [`cors`] wraps every answer under the API's paths, errors included; [`admit`] (key and
//! limit) is on each job seeker route and runs only when its path and method match, so a 404
//! or 405 judges no key and counts no request.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::{ServedTenant, Tenants};
use crate::messages::{Lang, api};

use super::metrics::Limit;
use super::problem::{self, ErrorCode, FieldError, Problem};
use super::rate_limit::Client;
use super::state::AppState;

/// Routes under `/api/v1/` that are not the job seeker API: the counsellor workspace (its
/// session cookie, same origin only; a shared plan, opened by its link's token) and the admin
/// routes (their own token). `/api/v1/compare` is the job seeker API: with a profile it needs
/// no account.
const NOT_JOB_SEEKER_API: [&str; 7] = [
    "/api/v1/session",
    "/api/v1/clients",
    "/api/v1/plans",
    "/api/v1/shared/",
    "/api/v1/audit",
    "/api/v1/users",
    "/api/v1/admin/",
];

/// Methods a tenant's page may use (the job seeker API reads with GET and POSTs JSON).
const ALLOW_METHODS: &str = "GET, HEAD, POST";
/// Request headers a tenant's page may send. Not `Authorization`: an API key in a web page is
/// everyone's key; browsers call without one.
const ALLOW_HEADERS: &str = "Content-Type, Accept-Language";
/// How long a browser may keep a preflight's answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

/// Whether CORS applies to this path (keys and limits are on the job seeker API's routes).
pub fn is_job_seeker_api(path: &str) -> bool {
    path.starts_with("/api/v1/") && !NOT_JOB_SEEKER_API.iter().any(|p| path.starts_with(p))
}

/// The outer middleware: answers preflights and adds CORS headers to every answer of the job
/// seeker API, errors included.
pub async fn cors(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if !is_job_seeker_api(request.uri().path()) {
        return next.run(request).await;
    }
    let origin = listed_origin(request.headers(), &state.tenants());
    let is_preflight = request.method() == Method::OPTIONS
        && request.headers().contains_key(header::ORIGIN)
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if is_preflight {
        let lang = problem::request_lang(request.uri(), request.headers());
        return preflight(origin, lang);
    }
    with_cors(next.run(request).await, origin)
}

/// The route middleware of the job seeker API (`api_routes` in [`super`] puts it on each of
/// its routes, so it runs only when the path and method match): checks the key, if any, and
/// counts the request against its limit.
pub async fn admit(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    match admitted(&state, &request) {
        Ok(key) => {
            if let Some(key) = key {
                request.extensions_mut().insert(key);
            }
            next.run(request).await
        }
        Err(refusal) => {
            refusal.into_response(problem::request_lang(request.uri(), request.headers()))
        }
    }
}

/// The request's `Origin` when a tenant lists it.
fn listed_origin(headers: &HeaderMap, tenants: &Tenants) -> Option<HeaderValue> {
    headers
        .get(header::ORIGIN)
        .filter(|v| v.to_str().is_ok_and(|o| tenants.lists_origin(o)))
        .cloned()
}

/// The answer to a CORS preflight: 204 with what a listed origin may do, else 403 without CORS
/// headers (the browser then refuses the call).
fn preflight(origin: Option<HeaderValue>, lang: Lang) -> Response {
    let mut response = match origin {
        Some(origin) => {
            let mut r = StatusCode::NO_CONTENT.into_response();
            let h = r.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOW_METHODS),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOW_HEADERS),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static(PREFLIGHT_MAX_AGE),
            );
            r
        }
        None => Problem::new(StatusCode::FORBIDDEN, api::origin_not_listed(lang)).into_response(),
    };
    response.headers_mut().append(
        header::VARY,
        HeaderValue::from_static(
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        ),
    );
    response
}

/// Every answer of the job seeker API varies by `Origin`; a listed origin may read it,
/// `Retry-After` included.
fn with_cors(mut response: Response, origin: Option<HeaderValue>) -> Response {
    let h = response.headers_mut();
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("Retry-After"),
        );
    }
    response
}

/// Why a request of the job seeker API is not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// `Authorization` holds no tenant's key.
    UnknownKey,
    /// Over a rate limit: a tenant's (with its key) or an address's.
    TooMany {
        with_key: bool,
        per_minute: u32,
        retry_after: u32,
    },
}

impl Refusal {
    fn into_response(self, lang: Lang) -> Response {
        match self {
            Refusal::UnknownKey => key_needed(api::api_key_unknown(lang)).into_response(),
            Refusal::TooMany {
                with_key,
                per_minute,
                retry_after,
            } => Problem {
                retry_after: Some(retry_after),
                ..Problem::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    api::rate_limited(lang, with_key, per_minute, retry_after),
                )
            }
            .into_response(),
        }
    }
}

/// The tenant whose API key a request of the job seeker API carries: put into the request's
/// extensions by [`admit`], for insight counting and `GET /api/v1/insight`.
#[derive(Debug, Clone)]
pub struct KeyTenant(pub Arc<ServedTenant>);

/// 401 naming the `Authorization` header, with a Bearer challenge.
pub fn key_needed(message: String) -> Problem {
    Problem {
        challenge: Some(r#"Bearer realm="padvinder", error="invalid_token""#),
        ..Problem::fields(
            StatusCode::UNAUTHORIZED,
            message.clone(),
            vec![FieldError::new(
                "Authorization",
                ErrorCode::InvalidValue,
                message,
            )],
        )
    }
}

/// Checks the key, if any, and counts the request against its limit; the key's tenant, if any.
fn admitted(state: &AppState, request: &Request) -> Result<Option<KeyTenant>, Refusal> {
    let now = Instant::now();
    let tenants = state.tenants();
    let Some(authorization) = request.headers().get(header::AUTHORIZATION) else {
        return anonymous(state, request, now).map(|()| None);
    };
    let tenant = authorization
        .to_str()
        .ok()
        .and_then(bearer_token)
        .and_then(|key| tenants.by_api_key(key));
    let Some(tenant) = tenant else {
        // A wrong key costs its address a request, like a request without one.
        anonymous(state, request, now)?;
        return Err(Refusal::UnknownKey);
    };
    let per_minute = tenant.tenant.rate_limit_per_minute;
    let client = Client::Tenant(tenant.tenant.id.clone());
    let here = state.config.server.per_instance(per_minute);
    let key_tenant = KeyTenant(Arc::clone(tenant));
    state
        .limiter
        .check(client, here, now)
        .map(|()| Some(key_tenant))
        .map_err(|limited| {
            state.metrics.rate_limited(Limit::ApiKey);
            Refusal::TooMany {
                with_key: true,
                per_minute,
                retry_after: limited.retry_after_secs,
            }
        })
}

/// Counts a request without a (valid) key against its client address.
fn anonymous(state: &AppState, request: &Request, now: Instant) -> Result<(), Refusal> {
    let per_minute = state.config.server.anonymous_rate_limit_per_minute;
    if per_minute == 0 {
        return Ok(());
    }
    let Some(address) = client_address(request) else {
        return Ok(());
    };
    let here = state.config.server.per_instance(per_minute);
    state
        .limiter
        .check(Client::address(address), here, now)
        .map_err(|limited| {
            state.metrics.rate_limited(Limit::Address);
            Refusal::TooMany {
                with_key: false,
                per_minute,
                retry_after: limited.retry_after_secs,
            }
        })
}

/// The longest key hashed: real keys are 68 characters (`pvk_` + 64 hex digits); a longer
/// value is no key, and hashing it would let a client spend our CPU.
const MAX_KEY_CHARS: usize = 256;

/// The key of `Bearer KEY` (the scheme in any case), when there is one.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, key) = value.trim().split_once(' ')?;
    let key = key.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !key.is_empty() && key.len() <= MAX_KEY_CHARS)
        .then_some(key)
}

/// The client's address: the connection's peer; behind a reverse proxy on the same machine (a
/// loopback peer) the last address of `X-Forwarded-For`, which that proxy added.
fn client_address(request: &Request) -> Option<IpAddr> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()?
        .0
        .ip();
    if !peer.is_loopback() {
        return Some(peer);
    }
    let forwarded = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .next_back()
        .and_then(|last| last.trim().parse::<IpAddr>().ok());
    Some(forwarded.unwrap_or(peer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_job_seeker_api_is_v1_without_workspace_and_admin() {
        for path in [
            "/api/v1/search",
            "/api/v1/match",
            "/api/v1/paths/x",
            "/api/v1/compare",
            "/api/v1/nothing",
        ] {
            assert!(is_job_seeker_api(path), "{path}");
        }
        for path in [
            "/api/v1/session",
            "/api/v1/clients/abc/export",
            "/api/v1/clients/abc/plans",
            "/api/v1/plans/abc/share",
            "/api/v1/shared/abc",
            "/api/v1/audit",
            "/api/v1/users",
            "/api/v1/users/a@b.nl",
            "/api/v1/admin/reload",
            "/api/openapi.json",
            "/embed/rijnmond/",
            "/metrics",
            "/",
        ] {
            assert!(!is_job_seeker_api(path), "{path}");
        }
    }

    #[test]
    fn only_a_bearer_with_a_key_gives_a_key() {
        assert_eq!(bearer_token("Bearer pvk_1"), Some("pvk_1"));
        assert_eq!(bearer_token("bearer  pvk_1 "), Some("pvk_1"));
        assert_eq!(bearer_token("Basic dXNlcjpwdw=="), None);
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("pvk_1"), None);
        assert_eq!(bearer_token(&format!("Bearer {}", "a".repeat(300))), None);
    }
}
