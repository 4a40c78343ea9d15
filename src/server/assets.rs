//! The web app's files (`web/`), embedded in the binary so it is self-contained, and the
//! OpenAPI description of the API.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
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

fn serve(name: &str) -> Response {
    let Some(file) = Web::get(name) else {
        return Problem::new(StatusCode::NOT_FOUND, format!("no file /{name}")).into_response();
    };
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let mut response = file.data.into_owned().into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    // Small files, changed with each release: always revalidate rather than serve stale.
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
pub async fn index() -> Response {
    serve("index.html")
}

/// GET /{file}: one of the web app's files.
pub async fn file(Path(name): Path<String>) -> Response {
    serve(&name)
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
