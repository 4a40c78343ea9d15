//! The one place where errors become HTTP responses: RFC 9457 `application/problem+json`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// One bad field of a request: the same type a profile or a SLIM case reports.
pub use crate::base::{ErrorCode, FieldError};

/// A problem report (RFC 9457) with a list of field errors.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// A problem with this status, a plain detail and no field errors.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// A problem with field errors.
    pub fn fields(
        status: StatusCode,
        detail: impl Into<String>,
        errors: Vec<FieldError>,
    ) -> Problem {
        Problem {
            errors,
            ..Problem::new(status, detail)
        }
    }

    /// 413: the body is over [`super::BODY_LIMIT`].
    pub fn too_large() -> Problem {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than {} kB", super::BODY_LIMIT / 1024),
        )
    }

    /// 404 for a record id.
    pub fn not_found(kind: &str, id: &str) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, format!("no {kind} with id \"{id}\""))
    }

    /// A field of the query string that is wrong.
    pub fn bad_field(field: &str, message: impl Into<String>) -> Problem {
        let message = message.into();
        Problem::fields(
            StatusCode::BAD_REQUEST,
            format!("{field}: {message}"),
            vec![FieldError::new(field, ErrorCode::InvalidValue, message)],
        )
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}
