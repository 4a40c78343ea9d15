//! Headers every answer carries: `X-Content-Type-Options: nosniff`, and a caching policy.
//!
//! What holds a person's data must not be kept by a browser or a proxy (`no-store`): routes,
//! suggestions, a search for a person's words, the workspace, errors (they may repeat input) and
//! the operations routes. Catalogue reads are public and change only on a reload, so a
//! browser or proxy may keep them for [`CATALOGUE_MAX_AGE`]. The web app's files set their own
//! policy (`no-cache` with an ETag, [`super::assets`]).

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// How long a catalogue read may be kept: a reload shows everywhere within this time.
pub const CATALOGUE_MAX_AGE: &str = "public, max-age=300";

/// Routes that answer from the public catalogue only.
const CATALOGUE_ROUTES: [&str; 6] = [
    "/api/v1/paths",
    "/api/v1/paths/{id}",
    "/api/v1/functions/{id}",
    "/api/v1/courses/{id}",
    "/api/v1/postcodes",
    "/api/openapi.json",
];

/// Sets `nosniff` on every answer and `Cache-Control` where the handler set none.
pub async fn policy(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    // A search is a catalogue read until it carries a person's words.
    let has_words = request.uri().query().is_some_and(|query| {
        query
            .split('&')
            .any(|pair| pair.strip_prefix("q=").is_some_and(|v| !v.is_empty()))
    });
    let mut response = next.run(request).await;
    // A 304 stands for the 200 it revalidates.
    let success = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let catalogue = match route.as_deref() {
        Some("/api/v1/search") => !has_words,
        Some(route) => CATALOGUE_ROUTES.contains(&route),
        None => false,
    };
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !success || !headers.contains_key(header::CACHE_CONTROL) {
        let policy = if success && catalogue {
            CATALOGUE_MAX_AGE
        } else {
            "no-store"
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}
