//! The web app's files (`web/`), embedded in the binary so it is self-contained, and the
//! OpenAPI description of the API.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

use super::problem::Problem;

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
    let Some(file) = Web::get(name) else {
        return Problem::new(StatusCode::NOT_FOUND, format!("no file /{name}")).into_response();
    };
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let tag = etag(&file.metadata.sha256_hash());
    let mut response = if not_modified(request, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        file.data.into_owned().into_response()
    };
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, v);
    }
    if mime.type_() == mime_guess::mime::TEXT && mime.subtype() == mime_guess::mime::HTML {
        headers.insert(
            "permissions-policy",
            HeaderValue::from_static(PERMISSIONS_POLICY),
        );
    }
    // Small files, changed with each release: always revalidate (cheap: a 304 by the ETag)
    // rather than serve stale.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'self'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// GET /: the web app.
pub async fn index(request: HeaderMap) -> Response {
    serve("index.html", &request)
}

/// GET /{file}: one of the web app's files.
pub async fn file(Path(name): Path<String>, request: HeaderMap) -> Response {
    serve(&name, &request)
}

/// Any other method on a path of the catch-all route: 405 for one of the web app's files, 404
/// for anything else (`POST /api/v1/nothing` names no resource, so "method not allowed" would
/// mislead).
pub async fn other_method(path: Option<Path<String>>) -> Response {
    let name = path.map_or_else(|| "index.html".to_owned(), |Path(name)| name);
    if Web::get(&name).is_none() {
        return Problem::new(
            StatusCode::NOT_FOUND,
            "nothing here; the API is under /api/v1",
        )
        .into_response();
    }
    let mut response = Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this method is not allowed here",
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET,HEAD"));
    response
}

/// GET /api/openapi.json: the document built once when the router was.
pub async fn openapi(doc: axum::body::Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], doc).into_response()
}
