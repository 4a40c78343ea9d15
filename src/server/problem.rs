//! The one place where errors become HTTP responses: RFC 9457 `application/problem+json`.

use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::messages::{Lang, api};

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
    /// Seconds to wait before asking again, sent as the `Retry-After` header (not in the body).
    #[serde(skip)]
    #[schemars(skip)]
    pub retry_after: Option<u32>,
    /// A `WWW-Authenticate` challenge, for a 401 (not in the body).
    #[serde(skip)]
    #[schemars(skip)]
    pub challenge: Option<&'static str>,
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
            retry_after: None,
            challenge: None,
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
    pub fn too_large(lang: Lang) -> Problem {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            api::body_too_large(lang, super::BODY_LIMIT / 1024),
        )
    }

    /// 503: every place of the blocking pool is taken; ask again in a second.
    pub fn busy(lang: Lang) -> Problem {
        Problem {
            retry_after: Some(1),
            ..Problem::new(StatusCode::SERVICE_UNAVAILABLE, api::busy(lang))
        }
    }

    /// 404 for a record id (cut: [`shown`]).
    pub fn not_found(kind: &str, id: &str) -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            format!("no {kind} with id \"{}\"", shown(id)),
        )
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

/// A client's text as an answer repeats it: cut after 100 characters (with "…"), longer than any
/// real id or file name, so that an answer does not grow with what a client sends.
pub fn shown(text: &str) -> String {
    const SHOWN: usize = 100;
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// The language to write a request's problems in, before its own parameters are read: its
/// `lang` query value when that is nl or en, else its `Accept-Language`, else Dutch.
pub fn request_lang(uri: &Uri, headers: &HeaderMap) -> Lang {
    let query = uri.query().unwrap_or("");
    let asked = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .rfind(|(k, _)| *k == "lang")
        .map(|(_, v)| v);
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    api::preferred(asked, accept)
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
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            // The body was not read to its end, so the connection cannot carry another request:
            // say so, and hyper closes it after this answer (as it does after its own 431).
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        if let Some(challenge) = self.challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
