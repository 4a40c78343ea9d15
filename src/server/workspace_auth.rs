//! Who is asking, for the workspace routes: the session cookie, the CSRF header on every
//! state-changing request, and the one place workspace errors become problems.
//!
//! The cookie is `padvinder_session` (HttpOnly, SameSite=Strict, Path=/); behind a proxy that
//! says `X-Forwarded-Proto: https` it is `__Host-padvinder_session` with `Secure`. The job
//! seeker routes never read or set it.

use std::sync::Arc;

use aide::OperationInput;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;

use super::problem::Problem;
use super::state::AppState;
use crate::messages::Lang;
use crate::store::{Session, StoreError};
use crate::workspace::{Workspace, WorkspaceError};

/// The cookie's name over plain HTTP.
pub const COOKIE: &str = "padvinder_session";
/// The cookie's name over HTTPS: the prefix makes browsers refuse it without `Secure`, from
/// another host or path.
pub const SECURE_COOKIE: &str = "__Host-padvinder_session";
/// The header that carries the session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The clock of the workspace routes.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// The `lang` of the query string: English for `en`, Dutch otherwise (a wrong value is named by
/// the handler's own parameters).
pub fn lang_of(parts: &Parts) -> Lang {
    super::problem::request_lang(&parts.uri, &parts.headers)
}

/// A workspace error with the language to write it in: what workspace handlers return.
pub struct Refusal(pub WorkspaceError, pub Lang);

/// A workspace error as a problem, in its language; 429 and a busy 503 carry `Retry-After`. Also
/// for a handler that answers `Problem` and reads a session on the side (`GET /api/v1/insight`).
impl From<Refusal> for Problem {
    fn from(Refusal(error, lang): Refusal) -> Problem {
        let status = match &error {
            WorkspaceError::Fields(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WorkspaceError::NotLoggedIn | WorkspaceError::WrongCredentials => {
                StatusCode::UNAUTHORIZED
            }
            WorkspaceError::TooManyFailures { .. } | WorkspaceError::IntakesLimited { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            WorkspaceError::Csrf | WorkspaceError::AdminOnly => StatusCode::FORBIDDEN,
            WorkspaceError::NotFound { .. } => StatusCode::NOT_FOUND,
            WorkspaceError::UserExists(_)
            | WorkspaceError::LastAdmin
            | WorkspaceError::LastAdminRole
            | WorkspaceError::Full
            | WorkspaceError::PlanLimit => StatusCode::CONFLICT,
            WorkspaceError::NoWorkspace
            | WorkspaceError::IntakesWaiting
            | WorkspaceError::Busy
            | WorkspaceError::Store(StoreError::Unavailable { .. }) => {
                if let WorkspaceError::Store(e) = &error {
                    // The cause for the operator: the database is away; names no contents.
                    tracing::warn!(error = %e, "workspace request: store unavailable");
                }
                StatusCode::SERVICE_UNAVAILABLE
            }
            WorkspaceError::Store(_) | WorkspaceError::Internal(_) => {
                // The cause for the operator; it names store keys (ids), never contents.
                tracing::error!(error = %error, "workspace request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let retry_after = match &error {
            WorkspaceError::TooManyFailures { retry_after_secs } => {
                Some(u32::try_from(*retry_after_secs).unwrap_or(u32::MAX))
            }
            WorkspaceError::IntakesLimited { retry_after_secs } => Some(*retry_after_secs),
            WorkspaceError::Busy | WorkspaceError::Store(StoreError::Unavailable { .. }) => Some(1),
            _ => None,
        };
        Problem {
            retry_after,
            ..Problem::fields(status, error.text(lang), error.field_errors(lang))
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        Problem::from(self).into_response()
    }
}

impl aide::OperationOutput for Refusal {
    type Inner = Problem;
}

/// The workspace of this server, or 503 when it has none.
pub fn workspace(state: &AppState, lang: Lang) -> Result<Arc<Workspace>, Refusal> {
    state
        .workspace
        .clone()
        .ok_or(Refusal(WorkspaceError::NoWorkspace, lang))
}

/// The session token from the request's cookies: the `__Host-` one first.
pub fn token(headers: &HeaderMap) -> Option<String> {
    let mut plain = None;
    for value in headers.get_all(header::COOKIE) {
        let Ok(text) = value.to_str() else { continue };
        for pair in text.split(';') {
            let Some((name, value)) = pair.trim().split_once('=') else {
                continue;
            };
            if name == SECURE_COOKIE {
                return Some(value.to_owned());
            }
            if name == COOKIE {
                plain = Some(value.to_owned());
            }
        }
    }
    plain
}

/// True when a proxy in front says the browser talks HTTPS.
pub fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// The `Set-Cookie` value that stores `token` (or, with `None`, removes the cookie).
pub fn set_cookie(token: Option<&str>, https: bool) -> HeaderValue {
    let name = if https { SECURE_COOKIE } else { COOKIE };
    let secure = if https { "; Secure" } else { "" };
    let text = match token {
        Some(token) => format!("{name}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A logged-in counsellor or admin: a live session from the cookie and, on every request that
/// changes something, the session's CSRF token in `X-CSRF-Token`.
pub struct Counsellor {
    pub session: Session,
    pub workspace: Arc<Workspace>,
    pub lang: Lang,
}

impl FromRequestParts<Arc<AppState>> for Counsellor {
    type Rejection = Refusal;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Counsellor, Refusal> {
        Counsellor::of_request(state, &parts.method, &parts.headers, lang_of(parts)).await
    }
}

impl Counsellor {
    /// The counsellor of a request (its method and headers), for handlers that need a session
    /// only for some bodies (`POST /api/v1/compare` with a client).
    pub async fn of_request(
        state: &AppState,
        method: &Method,
        headers: &HeaderMap,
        lang: Lang,
    ) -> Result<Counsellor, Refusal> {
        let workspace = workspace(state, lang)?;
        let refuse = |e: WorkspaceError| Refusal(e, lang);
        let token = token(headers).ok_or_else(|| refuse(WorkspaceError::NotLoggedIn))?;
        let ws = Arc::clone(&workspace);
        let session = tokio::task::spawn_blocking(move || ws.authenticate(&token, now()))
            .await
            .map_err(|e| refuse(WorkspaceError::Internal(e.to_string())))?
            .map_err(refuse)?;
        let safe = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let given = headers
                .get(CSRF_HEADER)
                .map(HeaderValue::as_bytes)
                .unwrap_or_default();
            let expected = session.csrf_token.as_bytes();
            if !bool::from(subtle::ConstantTimeEq::ct_eq(given, expected)) {
                return Err(refuse(WorkspaceError::Csrf));
            }
        }
        Ok(Counsellor {
            session,
            workspace,
            lang,
        })
    }
}

impl OperationInput for Counsellor {}
