//! The web app's files (`web/`), embedded in the binary so it is self-contained, and the
//! OpenAPI description of the API.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

use crate::messages::{Lang, api};

/// Everything under `web/` except tests and docs.
#[derive(Embed)]
#[folder = "web/"]
#[exclude = "tests/*"]
#[exclude = "node_modules/*"]
#[exclude = "*.md"]
#[exclude = "package*.json"]
struct Web;

/// What the web app's pages may use: none of the powerful features (the app needs none; copying
/// a link uses the clipboard, which stays allowed).
const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/// The content security policy of the web app's pages: their own files only, no plugins, no
/// `<base>`, no form posts (the app has no forms that submit); `frame_ancestors` says who may
/// frame them: `'self'` for the app, a tenant's origins for its embed ([`super::embed`]).
pub(super) fn content_security_policy(frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors {frame_ancestors}"
    )
}

/// The app's policy, written once.
static APP_POLICY: LazyLock<HeaderValue> = LazyLock::new(|| {
    HeaderValue::from_str(&content_security_policy("'self'"))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"))
});

/// The headers of every file of the web app, the embed's page and theme included: its type,
/// `no-cache` (small files that change with each release: always revalidate, cheaply by ETag,
/// rather than serve stale), no referrer, the CSP, and on an HTML page the permissions policy.
/// (`nosniff` is on every answer: [`super::headers`].)
pub(super) fn set_web_headers(
    headers: &mut HeaderMap,
    content_type: HeaderValue,
    csp: HeaderValue,
) {
    let html = content_type.as_bytes().starts_with(b"text/html");
    headers.insert(header::CONTENT_TYPE, content_type);
    if html {
        headers.insert(
            "permissions-policy",
            HeaderValue::from_static(PERMISSIONS_POLICY),
        );
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

/// A weak ETag from the file's SHA-256 (weak: the gzip layer may send other bytes for it).
fn etag(hash: &[u8; 32]) -> String {
    let hex: String = hash[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("W/\"{hex}\"")
}

/// Whether `If-None-Match` names this tag (weak comparison, lists and `*`).
fn not_modified(request: &HeaderMap, tag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || bare(t) == bare(tag))
}

fn serve(name: &str, request: &HeaderMap) -> Response {
    // A bare 404: the problem, in the person's language and without the path, is written where
    // every bare error is ([`super::problem_for_bare_errors`]).
    let Some(file) = Web::get(name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let tag = etag(&file.metadata.sha256_hash());
    let mut response = if not_modified(request, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        file.data.into_owned().into_response()
    };
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
        set_web_headers(headers, v, APP_POLICY.clone());
    }
    response
}

/// GET /: the web app.
pub async fn index(request: HeaderMap) -> Response {
    serve("index.html", &request)
}

/// GET /werkplek/: the counsellor workspace (`web/werkplek/`, docs/workspace.md). Its own page,
/// on the same files, look and policy as the job seeker app.
pub async fn workspace(request: HeaderMap) -> Response {
    serve("werkplek/index.html", &request)
}

/// GET /werkplek: on to `werkplek/` (relative, so it also works behind a path prefix), where the
/// page's relative links resolve.
pub async fn workspace_slash() -> Response {
    (
        StatusCode::PERMANENT_REDIRECT,
        [(header::LOCATION, HeaderValue::from_static("werkplek/"))],
    )
        .into_response()
}

/// GET /inzicht/: a job centre's insight page (`web/inzicht/`, docs/embed.md section 8), on
/// the app's look and policy; it asks `GET /api/v1/insight` with the key the person pastes.
pub async fn insight(request: HeaderMap) -> Response {
    serve("inzicht/index.html", &request)
}

/// GET /inzicht: on to `inzicht/`, where the page's relative links resolve.
pub async fn insight_slash() -> Response {
    (
        StatusCode::PERMANENT_REDIRECT,
        [(header::LOCATION, HeaderValue::from_static("inzicht/"))],
    )
        .into_response()
}

/// GET /{file}: one of the web app's files.
pub async fn file(Path(name): Path<String>, request: HeaderMap) -> Response {
    serve(&name, &request)
}

/// Any other method on a path of the catch-all route: 405 for one of the web app's files, 404
/// for anything else (`POST /api/v1/nothing` names no resource, so "method not allowed" would
/// mislead). Bare statuses, made problems like the router's own.
pub async fn other_method(path: Option<Path<String>>) -> Response {
    let name = path.map_or_else(|| "index.html".to_owned(), |Path(name)| name);
    if Web::get(&name).is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [(header::ALLOW, HeaderValue::from_static("GET,HEAD"))],
    )
        .into_response()
}

/// 404 for a page a person's browser asked for (a link typed wrong, or an old one): a short
/// page in their language with a link to the start, not the API's JSON. Absolute links: the
/// missing page may be deep (`/a/b/c`).
pub(super) fn page_not_found(lang: Lang) -> Response {
    let [title, heading, explanation, start] = api::page_not_found(lang);
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n  <meta charset=\"utf-8\">\n  \
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n  \
         <meta name=\"referrer\" content=\"no-referrer\">\n  <title>{title} – padvinder</title>\n  \
         <link rel=\"icon\" href=\"data:,\">\n  <link rel=\"stylesheet\" href=\"/style.css\">\n\
         </head>\n<body>\n  <main id=\"main\" class=\"wrap\">\n    <h1>{heading}</h1>\n    \
         <p>{explanation}</p>\n    <p><a href=\"/\">{start}</a></p>\n  </main>\n</body>\n</html>\n",
        lang = lang.as_str(),
    );
    let mut response = (StatusCode::NOT_FOUND, html).into_response();
    set_web_headers(
        response.headers_mut(),
        HeaderValue::from_static("text/html; charset=utf-8"),
        APP_POLICY.clone(),
    );
    response
}

/// GET /api/openapi.json: the document built once when the router was.
pub async fn openapi(doc: axum::body::Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], doc).into_response()
}
